/**
 * The site's own pages and files: the site map, accessibility statement and transparency log page, robots.txt and the
 * sitemaps for search engines, the favicon and the stylesheet.
 */
import { call } from "../../lib/contract.js";
import { feed } from "../../services/feed/contract.js";
import { tlog } from "../../services/tlog/contract.js";
import type { Handler, Req } from "../../services/gateway/web.js";
import { FAVICON_PATH, siteSettings } from "../html/site.js";
import { robotsTxt, sitemapIndexXml, sitemapXml } from "./discovery.js";
import { page, pathParam, send } from "./handlers.js";
import { accessibilityPage, FAVICON_SVG, sitemapPage } from "./site-pages.js";
import { FEEDBACK_CSS, PORTAL_CSS } from "./style.js";
import { transparencyPage } from "./transparency.js";
import { dataPage } from "./data.js";

/** The favicon never changes between releases: browsers may keep it a year. */
const LONG_CACHE = "public, max-age=31536000, immutable";
const XML = "application/xml; charset=utf-8";

/** `/sitemaps/notices-2024-04.xml` → `notices-2024-04`; anything else is not a file the index lists. */
function sitemapFileOf(req: Req): string {
  const match = /^([a-z0-9-]{1,40})\.xml$/.exec(pathParam(req, "file"));
  if (!match?.[1]) throw Object.assign(new Error("not found"), { code: 404 });
  return match[1];
}

export function siteRoutes(baseUrl: string): Record<string, Handler> {
  return {
    "GET /sitemap": page(async (req, res) => {
      send(req, res, 200, sitemapPage({ baseUrl }));
    }),

    "GET /accessibility": page(async (req, res) => {
      send(req, res, 200, accessibilityPage({ baseUrl }));
    }),

    "GET /transparency": page(async (req, res) => {
      // The page explains the log even while the log does not answer (it says so instead of the head).
      const [checkpoint, verifierKey] = await Promise.all([
        call(req.$ctx, tlog.checkpoint, {}).catch(() => undefined),
        call(req.$ctx, tlog.key, {}).then(
          (k) => k.trim(),
          () => undefined,
        ),
      ]);
      send(req, res, 200, transparencyPage({ baseUrl, checkpoint, verifierKey }));
    }),

    "GET /data": page(async (req, res) => {
      // The page explains the files even while the feed does not answer (it says so instead of the list).
      const index = await call(req.$ctx, feed.bulkIndex, {}).catch(() => undefined);
      send(req, res, 200, dataPage({ baseUrl, index }));
    }),

    "GET /robots.txt": page(async (req, res) => {
      send(req, res, 200, robotsTxt(baseUrl, siteSettings().blockRobots), "text/plain; charset=utf-8");
    }),

    "GET /sitemap.xml": page(async (req, res) => {
      const { files } = await call(req.$ctx, feed.sitemapFiles, {});
      send(req, res, 200, sitemapIndexXml(baseUrl, files), XML);
    }),

    "GET /sitemaps/:file": page(async (req, res) => {
      const file = sitemapFileOf(req);
      const { items } = await call(req.$ctx, feed.sitemapEntries, { file });
      send(req, res, 200, sitemapXml(baseUrl, file, items), XML);
    }),

    [`GET ${FAVICON_PATH}`]: page(async (req, res) => {
      res.setHeader("Cache-Control", LONG_CACHE);
      res.setHeader("Content-Type", "image/svg+xml");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.end(req.method === "HEAD" ? undefined : FAVICON_SVG);
    }),

    // Browsers ask for /favicon.ico whatever the page says: send them to the SVG.
    "GET /favicon.ico": page(async (_req, res) => {
      res.statusCode = 301;
      res.setHeader("Location", FAVICON_PATH);
      res.setHeader("Cache-Control", LONG_CACHE);
      res.end();
    }),

    "GET /assets/portal.css": page(async (req, res) => {
      send(req, res, 200, PORTAL_CSS + FEEDBACK_CSS, "text/css; charset=utf-8");
    }),
  };
}
