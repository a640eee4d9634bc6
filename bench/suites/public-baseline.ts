/**
 * The public-read baseline: a bare node:http server with its own pg.Pool doing the reads the
 * platform does for each public URL of the benchmarks — the feed's own use cases (services/feed/app,
 * a page's reads by app/pages.ts) on the same database, and the portal's pages drawn by the same
 * code (web/portal/feed-pages.ts) and sent the same way (ETag) — with no broker, no NATS hop, no gateway middleware, no validation and no
 * cache. What it leaves out of a body page: the feedback and request statistics (two reads of other
 * services' tables through their ORM), which the portal treats as optional courtesy sections.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { getNotice, listNotices } from "../../services/feed/app/notices.js";
import { bodyPageData, noticePageData, searchPageData } from "../../services/feed/app/pages.js";
import { getBody } from "../../services/feed/app/registers.js";
import type { NoticeListParams } from "../../services/feed/contract.js";
import { PORTAL_CSP, send, statusOf, type Req } from "../../services/gateway/web.js";
import { drawBodyPage, drawNoticePage, drawSearchPage } from "../../web/portal/feed-pages.js";
import { pageStateOf } from "../../web/portal/pager.js";

function noticeParams(u: URLSearchParams): NoticeListParams {
  const p: Record<string, unknown> = {};
  for (const key of ["q", "bodyId", "kind", "status", "from", "to", "sort", "cursor"]) {
    const v = u.get(key)?.trim();
    if (v) p[key] = v;
  }
  if (u.has("limit")) p.limit = Number(u.get("limit"));
  if (u.get("facets") === "true") p.facets = true;
  if (u.get("count") === "true") p.count = true;
  return p as NoticeListParams;
}

export interface Baseline {
  url: string;
  close(): Promise<void>;
}

export async function startBaseline(databaseUrl: string, publicBaseUrl: string): Promise<Baseline> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const reads = { db: pool, publicBaseUrl };
  const baseUrl = publicBaseUrl;
  const json = (res: http.ServerResponse, data: unknown) => {
    const body = JSON.stringify(data);
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  };
  const html = (req: http.IncomingMessage, res: http.ServerResponse, body: string) =>
    send(req as Req, res, 200, body, { csp: PORTAL_CSP });

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = u.pathname;
    let m: RegExpExecArray | null;
    if (path === "/api/public/notices") return json(res, await listNotices(reads, noticeParams(u.searchParams)));
    if ((m = /^\/api\/public\/notices\/([0-9a-f-]{36})$/.exec(path)))
      return json(res, await getNotice(reads, m[1] as string));
    if ((m = /^\/api\/public\/bodies\/([0-9a-f-]{36})$/.exec(path)))
      return json(res, await getBody(reads, m[1] as string));
    if ((m = /^\/notices\/([0-9a-f-]{36})$/.exec(path)))
      return html(req, res, await drawNoticePage(baseUrl, await noticePageData(reads, m[1] as string)));
    if (path === "/search") {
      const query: Record<string, string> = {};
      for (const key of ["q", "bodyId", "kind", "status", "from", "to", "sort", "cursor"]) {
        const v = u.searchParams.get(key)?.trim();
        if (v) query[key] = v;
      }
      const data = await searchPageData(reads, query as NoticeListParams);
      return html(req, res, drawSearchPage(baseUrl, query, pageStateOf(Object.fromEntries(u.searchParams)), data));
    }
    if ((m = /^\/bodies\/([0-9a-f-]{36})$/.exec(path)))
      return html(req, res, drawBodyPage(baseUrl, await bodyPageData(reads, m[1] as string), undefined, undefined));
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not a benchmarked URL");
  }

  const server = http.createServer((req, res) => {
    answer(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(statusOf(err) || 500, { "content-type": "text/plain" });
      res.end(String(err));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
