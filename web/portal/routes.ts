/**
 * The public portal's routes: server-rendered pages over the feed (and the notices service for
 * verification). No JavaScript needed; every page carries an ETag so browsers and proxies revalidate
 * instead of downloading again.
 */
import { inspections } from "../../services/inspections/contract.js";
import { inspectedPage, planPage } from "./inspection-plans.js";
import { inspectionFeed } from "../../services/feed/inspections-contract.js";
import type { Readable } from "node:stream";
import Busboy from "busboy";
import type { Context } from "moleculer";
import { feedbackFormPage, feedbackSection, feedbackTrackingPage } from "./feedback.js";
import { feedbackPost, targetOf } from "./feedback-submit.js";
import { bodiesPage } from "./bodies.js";
import { inspectionsPage } from "./inspections.js";
import { officersPage } from "./officers.js";
import { pageStateOf } from "./pager.js";
import { powersPage } from "./powers.js";
import { homePage } from "./home.js";
import { powerPage } from "./power.js";
import { verifyPage } from "./verify.js";
import { siteRoutes } from "./site-routes.js";
import { subscriptionRoutes } from "./subscriptions.js";
import { websubRoutes } from "./websub.js";
import { drawBodyPage, drawNoticePage, drawSearchPage } from "./feed-pages.js";
import { PORTAL_PAGE_SIZE as PAGE_SIZE } from "../../shared/paging.js";
import { bodyChoices, idParam, page, pathParam, send } from "./handlers.js";
import { requestRoutes } from "./request-routes.js";
import { documentRoutes } from "./document-routes.js";
import { reportRoutes } from "./report-routes.js";
import { chinaYear } from "./request-tracking.js";
import { configureSite } from "../html/site.js";
import type { SiteSettings } from "../../lib/config.js";
import { unsafeTextIn } from "../../shared/validation.js";
import { statusOf, type Handler, type Req } from "../../services/gateway/web.js";
import { call, formInput } from "../../lib/contract.js";
import { feed } from "../../services/feed/contract.js";
import { feedback, type PublicFeedback, type TargetType } from "../../services/feedback/contract.js";
import { requests } from "../../services/requests/contract.js";
import {
  notices,
  type LetterVerification,
  type UnknownPdf,
  type Verification,
} from "../../services/notices/contract.js";

/** Largest PDF the verify form accepts: notices are a few dozen KB. */
const MAX_UPLOAD = 20 * 1024 * 1024;

/** Public replies about one target, for its page; a feed that is down only hides them. */
async function repliesFor(ctx: Context, targetType: TargetType, targetId: string): Promise<PublicFeedback[]> {
  try {
    const res = await call(ctx, feed.listReplies, { targetType, targetId, limit: 50 });
    return res.items;
  } catch {
    return [];
  }
}

/** The named query fields, trimmed, without the empty ones: what a list page passes to the feed. */
function pick(p: Record<string, string | undefined>, keys: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of keys) {
    const value = p[key]?.trim();
    if (value) query[key] = value;
  }
  return query;
}

function pathOfTracking(code: string): string {
  return `/feedback/${encodeURIComponent(code)}`;
}

function listQuery(p: Record<string, string | undefined>) {
  return pick(p, ["q", "bodyId", "kind", "status", "from", "to", "sort", "cursor"]);
}

async function verification(ctx: Context, code: string) {
  try {
    return { result: await call(ctx, notices.verifyCode, { code }) };
  } catch (err) {
    if (statusOf(err) === 404 || statusOf(err) === 422) return { error: "notfound" as const };
    throw err;
  }
}

/** Reads the "file" part of a multipart form as a stream and hands it to the notices service. */
function verifyUpload(req: Req): Promise<Verification | LetterVerification | UnknownPdf> {
  return new Promise((resolve, reject) => {
    let handled = false;
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_UPLOAD, fields: 5 } });
    } catch {
      // Not multipart/form-data (or no boundary): the form was not sent as a file upload.
      reject(Object.assign(new Error("请通过页面上的表单上传 PDF 文件。"), { code: 415 }));
      return;
    }
    busboy.on("file", (name: string, file: Readable) => {
      if (name !== "file" || handled) {
        file.resume();
        return;
      }
      handled = true;
      call(req.$ctx, notices.verifyPdf, {}, { stream: file }).then(resolve, reject);
    });
    busboy.on("field", (name: string, value: string) => {
      if (handled || !unsafeTextIn({ [name]: value }).length) return;
      handled = true;
      reject(Object.assign(new Error("提交的内容含有无法处理的字符（空字符或不成对的代理项）。"), { code: 422 }));
    });
    // A malformed multipart body (a broken part header, a missing boundary) is the sender's fault.
    busboy.on("error", () =>
      reject(Object.assign(new Error("上传的表单格式有误，请通过页面上的表单上传。"), { code: 400 })),
    );
    busboy.on("close", () => {
      if (!handled) reject(Object.assign(new Error("请选择要核验的 PDF 文件。"), { code: 422 }));
    });
    req.pipe(busboy);
  });
}

/** The portal's pages; `site` (configuration) names the site in every page and may hide it from robots. */
export function portalAliases(baseUrl: string, site?: SiteSettings): Record<string, Handler> {
  if (site) configureSite(site);
  return {
    "GET /": page(async (req, res) => {
      const ctx = req.$ctx;
      // The registers' sizes are a courtesy: a feed that cannot count them leaves them out.
      const [latest, bodies, powers, officers] = await Promise.all([
        call(ctx, feed.listNotices, { limit: 20 }),
        call(ctx, feed.listBodies, { limit: 1, counts: false }).catch(() => undefined),
        call(ctx, feed.listPowers, { limit: 1 }).catch(() => undefined),
        call(ctx, feed.listOfficers, { limit: 1, status: "active" }).catch(() => undefined),
      ]);
      const stats = { bodies: bodies?.total, powers: powers?.total, officers: officers?.total };
      send(req, res, 200, homePage({ baseUrl, latest: latest.items, stats }));
    }),

    "GET /search": page(async (req, res) => {
      const query = listQuery(req.$params);
      // Words also find 规范性文件 (a courtesy beside the notices, gathered in the same call).
      const data = await call(req.$ctx, feed.searchPage, formInput(query));
      send(req, res, 200, drawSearchPage(baseUrl, query, pageStateOf(req.$params), data));
    }),

    "GET /bodies": page(async (req, res) => {
      const query = pick(req.$params, ["q", "region", "cursor"]);
      const result = await call(req.$ctx, feed.listBodies, formInput({ ...query, limit: PAGE_SIZE }));
      const state = pageStateOf(req.$params);
      send(req, res, 200, bodiesPage({ baseUrl, query, state, ...result, pageSize: PAGE_SIZE }));
    }),

    "GET /powers": page(async (req, res) => {
      const query = pick(req.$params, ["q", "category", "bodyId", "cursor"]);
      const [result, bodies] = await Promise.all([
        call(req.$ctx, feed.listPowers, formInput({ ...query, limit: PAGE_SIZE })),
        bodyChoices(req.$ctx),
      ]);
      const state = pageStateOf(req.$params);
      send(req, res, 200, powersPage({ baseUrl, query, state, ...result, bodies, pageSize: PAGE_SIZE }));
    }),

    "GET /officers": page(async (req, res) => {
      const query = pick(req.$params, ["q", "status", "bodyId", "cursor"]);
      const [result, bodies] = await Promise.all([
        call(req.$ctx, feed.listOfficers, formInput({ ...query, limit: PAGE_SIZE })),
        bodyChoices(req.$ctx),
      ]);
      const state = pageStateOf(req.$params);
      send(req, res, 200, officersPage({ baseUrl, query, state, ...result, bodies, pageSize: PAGE_SIZE }));
    }),

    "GET /notices/:id": page(async (req, res) => {
      const data = await call(req.$ctx, feed.noticePage, { id: idParam(req) });
      send(req, res, 200, await drawNoticePage(baseUrl, data));
    }),

    "GET /bodies/:id": page(async (req, res) => {
      const ctx = req.$ctx;
      const bodyId = idParam(req);
      // The statistics are a courtesy: a feedback or requests service that is away only hides them.
      const [data, stats, requestStats, plans] = await Promise.all([
        call(ctx, feed.bodyPage, { id: bodyId }),
        call(ctx, feedback.stats, { bodyId }).catch(() => undefined),
        call(ctx, requests.stats, { bodyId, year: chinaYear() }).catch(() => undefined),
        call(ctx, inspections.publicPlans, { bodyId, limit: 10 }).catch(() => undefined),
      ]);
      send(req, res, 200, drawBodyPage(baseUrl, data, stats, requestStats, plans?.items));
    }),

    "GET /inspection-results": page(async (req, res) => {
      const query = pick(req.$params, ["q", "creditCode", "outcome", "cursor"]);
      const result = await call(req.$ctx, inspectionFeed.inspected, formInput({ ...query, limit: PAGE_SIZE }));
      const state = pageStateOf(req.$params);
      send(req, res, 200, inspectedPage({ baseUrl, query, state, ...result, pageSize: PAGE_SIZE }));
    }),

    "GET /inspection-plans/:id": page(async (req, res) => {
      const plan = await call(req.$ctx, inspections.publicPlan, { id: idParam(req) });
      send(req, res, 200, planPage(baseUrl, plan));
    }),

    "GET /bodies/:id/inspections": page(async (req, res) => {
      const ctx = req.$ctx;
      const bodyId = idParam(req);
      const cursor = req.$params.cursor?.trim() || undefined;
      const [body, result] = await Promise.all([
        call(ctx, feed.getBody, { id: bodyId }),
        call(ctx, feed.listInspectionItems, formInput({ bodyId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) })),
      ]);
      const state = pageStateOf(req.$params);
      send(req, res, 200, inspectionsPage({ baseUrl, body, state, ...result, pageSize: PAGE_SIZE }));
    }),

    "GET /powers/:id": page(async (req, res) => {
      const power = await call(req.$ctx, feed.getPower, { id: idParam(req) });
      const replies = await repliesFor(req.$ctx, "power", pathParam(req, "id"));
      send(
        req,
        res,
        200,
        powerPage({
          baseUrl,
          power,
          history: power.history,
          feedback: feedbackSection({ target: { type: "power", id: pathParam(req, "id") }, replies }),
        }),
      );
    }),

    "GET /verify": page(async (req, res) => {
      const code = req.$params.code?.trim();
      if (!code) {
        send(req, res, 200, verifyPage({}));
        return;
      }
      send(req, res, 200, verifyPage({ code, ...(await verification(req.$ctx, code)) }));
    }),

    "GET /verify/:code": page(async (req, res) => {
      const code = pathParam(req, "code");
      send(req, res, 200, verifyPage({ code, ...(await verification(req.$ctx, code)) }));
    }),

    "POST /verify": page(async (req, res) => {
      try {
        const result = await verifyUpload(req);
        send(req, res, 200, verifyPage({ result }));
      } catch (err) {
        const status = statusOf(err);
        if (status >= 500) throw err;
        const message = status === 413 ? "文件过大：本平台签发的公示文件不超过 20 MB。" : (err as Error).message;
        send(req, res, status, verifyPage({ error: message }));
      }
    }),

    "GET /feedback": page(async (req, res) => {
      const target = await targetOf(req.$ctx, req.$params.targetType, req.$params.targetId);
      send(req, res, 200, feedbackFormPage({ baseUrl, target }));
    }),

    "POST /feedback": feedbackPost(baseUrl, pathOfTracking),

    "GET /feedback/:trackingCode": page(async (req, res) => {
      const tracking = await call(req.$ctx, feedback.track, { trackingCode: pathParam(req, "trackingCode") });
      send(req, res, 200, feedbackTrackingPage({ baseUrl, tracking, justSubmitted: req.$params.submitted === "1" }));
    }),

    ...requestRoutes(baseUrl),

    ...documentRoutes(baseUrl),
    ...reportRoutes(baseUrl),

    ...siteRoutes(baseUrl),
    ...subscriptionRoutes(baseUrl),
    ...websubRoutes(),
  };
}
