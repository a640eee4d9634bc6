/**
 * The public-read baseline: a bare node:http server with its own pg.Pool doing the reads the
 * platform does for each public URL of the benchmarks — the feed's own use cases (services/feed/app)
 * on the same database, and the portal's pages rendered by the same templates (web/portal) and sent
 * the same way (ETag) — with no broker, no NATS hop, no gateway middleware, no validation and no
 * cache. What it leaves out of a body page: the feedback and request statistics (two reads of other
 * services' tables through their ORM), which the portal treats as optional courtesy sections.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { getNotice, listNotices } from "../../services/feed/app/notices.js";
import {
  getBody,
  listBodies,
  listInspectionItems,
  listOfficers,
  listPowers,
  listReplies,
} from "../../services/feed/app/registers.js";
import { listDocuments } from "../../services/feed/app/documents.js";
import { listReports } from "../../services/feed/app/reports.js";
import type { NoticeListParams } from "../../services/feed/contract.js";
import { PORTAL_CSP, send, statusOf, type Req } from "../../services/gateway/web.js";
import { allPages, MAX_LIMIT } from "../../shared/paging.js";
import { isTakenDown } from "../../shared/tombstone.js";
import { bodyPage } from "../../web/portal/body.js";
import { feedbackSection } from "../../web/portal/feedback.js";
import { noticePage } from "../../web/portal/notice.js";
import { pageStateOf } from "../../web/portal/pager.js";
import { qrSvg } from "../../web/portal/qr.js";
import { requestStatsSection } from "../../web/portal/request-tracking.js";
import { bodyReportsSection } from "../../web/portal/reports.js";
import { searchPage } from "../../web/portal/search.js";

/** The portal's page size (web/portal/routes.ts). */
const PAGE_SIZE = 20;

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
  const replies = (targetType: "notice" | "body", targetId: string) =>
    listReplies(reads, { targetType, targetId, limit: 50 }).then(
      (r) => r.items,
      () => [],
    );

  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = u.pathname;
    let m: RegExpExecArray | null;
    if (path === "/api/public/notices") return json(res, await listNotices(reads, noticeParams(u.searchParams)));
    if ((m = /^\/api\/public\/notices\/([0-9a-f-]{36})$/.exec(path)))
      return json(res, await getNotice(reads, m[1] as string));
    if ((m = /^\/api\/public\/bodies\/([0-9a-f-]{36})$/.exec(path)))
      return json(res, await getBody(reads, m[1] as string));
    if ((m = /^\/notices\/([0-9a-f-]{36})$/.exec(path))) {
      const id = m[1] as string;
      const notice = await getNotice(reads, id);
      return html(
        req,
        res,
        noticePage({
          baseUrl,
          notice,
          fields: notice.fields,
          sections: notice.sections,
          qrSvg: await qrSvg(notice.verifyUrl),
          feedback: isTakenDown(String(notice.status))
            ? undefined
            : feedbackSection({ target: { type: "notice", id }, replies: await replies("notice", id) }),
        }),
      );
    }
    if (path === "/search") {
      const params: Record<string, string> = {};
      for (const key of ["q", "bodyId", "kind", "status", "from", "to", "sort", "cursor"]) {
        const v = u.searchParams.get(key)?.trim();
        if (v) params[key] = v;
      }
      const words = params.q && !params.cursor ? params.q : undefined;
      const [result, bodies, documents] = await Promise.all([
        listNotices(reads, { ...params, facets: true, count: true, limit: PAGE_SIZE } as NoticeListParams),
        allPages((cursor) =>
          listBodies(reads, { limit: MAX_LIMIT, counts: false, ...(cursor ? { cursor } : {}) }),
        ).then((items) => items.map((b) => ({ id: b.id, name: b.name }))),
        words ? listDocuments(reads, { q: words, bodyId: params.bodyId, limit: 5 }) : undefined,
      ]);
      return html(
        req,
        res,
        searchPage({
          baseUrl,
          query: params,
          items: result.items,
          nextCursor: result.nextCursor,
          facets: result.facets,
          total: result.total,
          totalCapped: result.totalCapped,
          state: pageStateOf(Object.fromEntries(u.searchParams)),
          pageSize: PAGE_SIZE,
          bodies,
          ...(documents ? { documents } : {}),
        }),
      );
    }
    if ((m = /^\/bodies\/([0-9a-f-]{36})$/.exec(path))) {
      const bodyId = m[1] as string;
      const body = await getBody(reads, bodyId);
      const [officers, powers, inspections, notices, bodyReplies, reports] = await Promise.all([
        listOfficers(reads, { bodyId, limit: PAGE_SIZE }),
        listPowers(reads, { bodyId, limit: PAGE_SIZE }),
        listInspectionItems(reads, { bodyId, limit: PAGE_SIZE }),
        listNotices(reads, { bodyId, limit: 10 }),
        replies("body", bodyId),
        listReports(reads, { bodyId }).then(
          (r) => r.items,
          () => undefined,
        ),
      ]);
      return html(
        req,
        res,
        bodyPage({
          baseUrl,
          body,
          officers: { items: officers.items, total: officers.total },
          powers: { items: powers.items, total: powers.total },
          inspections: { items: inspections.items, total: inspections.total },
          notices: notices.items,
          feedback: feedbackSection({ target: { type: "body", id: bodyId }, replies: bodyReplies }),
          requests: requestStatsSection(undefined, bodyId),
          reports: bodyReportsSection(bodyId, reports),
        }),
      );
    }
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
