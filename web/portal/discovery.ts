/**
 * How search engines and national crawlers find the public records: robots.txt names the sitemap
 * index (/sitemap.xml), which lists one sitemap per month of publication and one each for bodies
 * and powers (/sitemaps/<name>.xml), every URL with its lastmod. Built by the XML serializer. A
 * staging site (SITE_BLOCK_ROBOTS) disallows everything instead.
 */
import type { SitemapEntry, SitemapFile } from "../../services/feed/contract.js";
import { el, toXml } from "../../shared/xml.js";

const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const SITEMAP_INDEX_PATH = "/sitemap.xml";

/** The portal page of each kind of record a sitemap file lists, by the record's id. */
const PAGE_OF: Record<string, (id: string) => string> = {
  notices: (id) => `/notices/${id}`,
  bodies: (id) => `/bodies/${id}`,
  powers: (id) => `/powers/${id}`,
  documents: (id) => `/documents/${id}`,
  consultations: (id) => `/consultations/${id}`,
  /** A body's 政府信息公开 platform. */
  openness: (id) => `/bodies/${id}/openness`,
  reports: (id) => `/reports/${id}`,
};

export function sitemapFilePath(name: string): string {
  return `/sitemaps/${name}.xml`;
}

export function robotsTxt(baseUrl: string, blockRobots: boolean): string {
  if (blockRobots) return "User-agent: *\nDisallow: /\n";
  return [
    "User-agent: *",
    // The officers' console and the API are for people signed in and for programs, not for an index.
    "Disallow: /console",
    "Disallow: /api/",
    "Allow: /api/public/feed.atom",
    "",
    `Sitemap: ${baseUrl}${SITEMAP_INDEX_PATH}`,
    "",
  ].join("\n");
}

export function sitemapIndexXml(baseUrl: string, files: readonly SitemapFile[]): string {
  return toXml(
    el(
      "sitemapindex",
      { xmlns: SITEMAP_NS },
      ...files.map((f) =>
        el("sitemap", {}, el("loc", {}, baseUrl + sitemapFilePath(f.name)), f.lastmod && el("lastmod", {}, f.lastmod)),
      ),
    ),
  );
}

/** One sitemap file: `file` names the kind (notices-2024-04, bodies, powers-2…), so the pages' addresses. */
export function sitemapXml(baseUrl: string, file: string, entries: readonly SitemapEntry[]): string {
  const page = PAGE_OF[file.split("-")[0] ?? ""];
  if (!page) throw new RangeError(`not a sitemap file: ${file}`);
  return toXml(
    el(
      "urlset",
      { xmlns: SITEMAP_NS },
      ...entries.map((e) =>
        el(
          "url",
          {},
          el("loc", {}, `${baseUrl}${page(encodeURIComponent(e.id))}`),
          e.lastmod && el("lastmod", {}, e.lastmod),
        ),
      ),
    ),
  );
}
