/**
 * robots.txt and the sitemaps search engines read (web/portal/discovery.ts), judged by expat
 * (tests/support/xml-tools.ts): well-formed whatever an id holds, every URL absolute under the
 * site's base with its lastmod, in the sitemap protocol's namespace.
 */
import { describe, expect, it } from "vitest";
import { robotsTxt, sitemapIndexXml, sitemapXml } from "../../web/portal/discovery.js";
import { SITEMAP_FILE } from "../../services/feed/app/sitemap.js";
import { xmlSafe } from "../../shared/xml.js";
import { child, childrenNamed, parseXml } from "../support/xml-tools.js";

const BASE = "https://gs.example.cn";
const NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}";

describe("robotsTxt", () => {
  it("names the sitemap index and keeps robots out of the console and the API", () => {
    const lines = robotsTxt(BASE, false).split("\n");
    expect(lines).toContain(`Sitemap: ${BASE}/sitemap.xml`);
    expect(lines).toContain("Disallow: /console");
    expect(lines).toContain("Disallow: /api/");
    expect(lines).not.toContain("Disallow: /");
  });

  it("disallows everything on a staging site, and names no sitemap", () => {
    expect(robotsTxt(BASE, true)).toBe("User-agent: *\nDisallow: /\n");
  });
});

describe("sitemapIndexXml", () => {
  it("lists each file with its address and lastmod", () => {
    const sut = parseXml(
      sitemapIndexXml(BASE, [
        { name: "notices-2026-10", lastmod: "2026-10-31T08:00:00.000Z" },
        { name: "notices-2026-11", lastmod: "2026-11-05T00:00:00.000Z" },
        { name: "bodies", lastmod: null },
      ]),
    );
    expect(sut.name).toBe(`${NS}sitemapindex`);
    const files = childrenNamed(sut, "sitemap", NS);
    expect(files.map((f) => child(f, "loc", NS)?.text)).toEqual([
      `${BASE}/sitemaps/notices-2026-10.xml`,
      `${BASE}/sitemaps/notices-2026-11.xml`,
      `${BASE}/sitemaps/bodies.xml`,
    ]);
    expect(files.map((f) => child(f, "lastmod", NS)?.text)).toEqual([
      "2026-10-31T08:00:00.000Z",
      "2026-11-05T00:00:00.000Z",
      undefined,
    ]);
  });

  it("is a well-formed empty index when nothing is public yet", () => {
    expect(childrenNamed(parseXml(sitemapIndexXml(BASE, [])), "sitemap", NS)).toEqual([]);
  });
});

describe("sitemapXml", () => {
  it("gives each record its page's absolute address and lastmod", () => {
    const sut = parseXml(
      sitemapXml(BASE, "notices-2026-11", [
        { id: "01a218bd-ee1b-7000-968e-f431a7adefef", lastmod: "2026-11-05T00:00:00.000Z" },
      ]),
    );
    expect(sut.name).toBe(`${NS}urlset`);
    const [url] = childrenNamed(sut, "url", NS);
    expect(child(url!, "loc", NS)?.text).toBe(`${BASE}/notices/01a218bd-ee1b-7000-968e-f431a7adefef`);
    expect(child(url!, "lastmod", NS)?.text).toBe("2026-11-05T00:00:00.000Z");
    const powers = parseXml(sitemapXml(BASE, "powers-2", [{ id: "p1", lastmod: null }]));
    expect(child(childrenNamed(powers, "url", NS)[0]!, "loc", NS)?.text).toBe(`${BASE}/powers/p1`);
    const openness = parseXml(sitemapXml(BASE, "openness", [{ id: "b1", lastmod: null }]));
    expect(child(childrenNamed(openness, "url", NS)[0]!, "loc", NS)?.text).toBe(`${BASE}/bodies/b1/openness`);
  });

  it("stays well-formed and escaped whatever an id or a date holds", () => {
    const hostile = `a&b<c>"d']]></loc><loc>https://evil.example/\u0000\uffff`;
    const doc = sitemapXml(`${BASE}/x&y`, "bodies", [{ id: hostile, lastmod: hostile }]);
    const sut = parseXml(doc);
    const urls = childrenNamed(sut, "url", NS);
    expect(urls).toHaveLength(1);
    expect(childrenNamed(urls[0]!, "loc", NS)).toHaveLength(1);
    expect(child(urls[0]!, "loc", NS)?.text).toBe(`${BASE}/x&y/bodies/${encodeURIComponent(hostile)}`);
    expect(child(urls[0]!, "lastmod", NS)?.text).toBe(xmlSafe(hostile));
  });

  it("refuses a file name it cannot address", () => {
    expect(() => sitemapXml(BASE, "officers", [])).toThrow(RangeError);
  });
});

describe("SITEMAP_FILE", () => {
  it("names a month's notices, the registers and their continuations, and nothing else", () => {
    for (const ok of ["notices-2026-11", "notices-2026-11-2", "bodies", "powers", "powers-12", "openness"])
      expect(SITEMAP_FILE.test(ok), ok).toBe(true);
    for (const bad of ["notices-2026-13", "notices-2026-1", "notices", "officers", "bodies-1", "bodies-0", "x-bodies"])
      expect(SITEMAP_FILE.test(bad), bad).toBe(false);
  });
});
