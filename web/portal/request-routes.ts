/**
 * The portal's routes of 依申请公开: the request form and its POST (Post/Redirect/Get to the
 * confirmation on the tracking page), the lookup by tracking code, the tracking page and the 补正
 * the applicant sends from it. They call the requests service's public actions, as the API does.
 */
import type { ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { call, formInput } from "../../lib/contract.js";
import { errorMessageOf } from "../../shared/messages.js";
import { isId } from "../../shared/ids.js";
import { formBody, redirect, statusOf, type Handler, type Req } from "../../services/gateway/web.js";
import { requests, type SubmitParams } from "../../services/requests/contract.js";
import { REQUEST_INPUTS, requestContentOf, type FormValues } from "../html/request-input.js";
import { errorPage } from "./errors.js";
import { bodyChoices, page, pathParam, send } from "./handlers.js";
import {
  REQUEST_FORM_PATH,
  requestFieldError,
  requestFormPage,
  requestLookupPage,
  type RequestFieldError,
} from "./request-form.js";
import { requestPath, requestTrackingPage, type CorrectionFormState } from "./request-tracking.js";

/** The service's 422 problems, or none. */
function problemsOf(err: unknown): { field?: string; type?: string }[] {
  const data = (err as { data?: unknown }).data;
  return Array.isArray(data) ? (data as { field?: string; type?: string }[]) : [];
}

/** 429: the client sent too many requests; the page says when to try again. */
function tooMany(req: Req, res: ServerResponse, err: unknown): void {
  const retryAfter = (err as { data?: { retryAfter?: number } }).data?.retryAfter ?? 60;
  res.setHeader("Retry-After", String(retryAfter));
  const message = `提交过于频繁，请 ${Math.ceil(retryAfter / 60)} 分钟后再试。`;
  send(req, res, 429, errorPage({ status: 429, message }));
}

async function trackingPage(
  req: Req,
  res: ServerResponse,
  baseUrl: string,
  code: string,
  status = 200,
  correction: CorrectionFormState = {},
): Promise<void> {
  const tracking = await call(req.$ctx, requests.track, { trackingCode: code });
  const submitted = req.$params.submitted === "1" ? "new" : req.$params.submitted === "dup" ? "duplicate" : undefined;
  send(
    req,
    res,
    status,
    requestTrackingPage({ baseUrl, tracking, submitted, corrected: req.$params.corrected === "1", correction }),
  );
}

/** The 补正's refusal in the reader's words: the text's own problem, or the request's (its deadline passed…). */
function correctionError(err: unknown): string {
  if (statusOf(err) === 422) {
    const problem = problemsOf(err)[0];
    return problem?.type === "stringMax" ? "补正内容不超过 5000 字。" : "请填写补正内容。";
  }
  const e = err as { type?: string; data?: unknown };
  return errorMessageOf(e.type, e.data) ?? "该申请当前不能提交补正，请查看办理状态。";
}

export function requestRoutes(baseUrl: string): Record<string, Handler> {
  return {
    "GET /requests": page(async (req, res) => {
      const code = req.$params.trackingCode?.trim();
      if (!code) return send(req, res, 200, requestLookupPage({ baseUrl }));
      try {
        const found = await call(req.$ctx, requests.track, { trackingCode: code });
        redirect(res, requestPath(found.trackingCode));
      } catch (err) {
        const status = statusOf(err);
        if (status !== 404 && status !== 422) throw err;
        send(req, res, 404, requestLookupPage({ baseUrl, trackingCode: code, notFound: true }));
      }
    }),

    "GET /requests/new": page(async (req, res) => {
      const bodyId = req.$params.bodyId?.trim();
      const bodies = await bodyChoices(req.$ctx);
      const values: FormValues = bodyId && isId(bodyId) ? { bodyId } : {};
      send(req, res, 200, requestFormPage({ baseUrl, bodies, values }));
    }),

    [`POST ${REQUEST_FORM_PATH}`]: page(async (req, res) => {
      const form = await formBody(req);
      const values: FormValues = Object.fromEntries(REQUEST_INPUTS.map((k) => [k, form[k]]));
      try {
        const created = await call(req.$ctx, requests.submit, formInput<SubmitParams>(requestContentOf(values)));
        // Post/Redirect/Get: reloading the confirmation never submits twice.
        redirect(res, `${requestPath(created.trackingCode)}?submitted=${created.duplicate ? "dup" : "1"}`);
      } catch (err) {
        const status = statusOf(err);
        if (status === 429) return tooMany(req, res, err);
        if (status !== 422) throw err;
        const errors: RequestFieldError[] = [];
        for (const e of problemsOf(err).map(requestFieldError)) {
          if (!errors.some((x) => x.field === e.field)) errors.push(e);
        }
        if (!errors.length) errors.push({ field: "form", message: "请检查填写的内容。" });
        send(req, res, 422, requestFormPage({ baseUrl, bodies: await bodyChoices(req.$ctx), values, errors }));
      }
    }),

    "GET /requests/:trackingCode": page(async (req, res) => {
      await trackingPage(req, res, baseUrl, pathParam(req, "trackingCode"));
    }),

    // The signed answer letter, for the holder of the tracking code: never cached on the way.
    "GET /requests/:trackingCode/letter": page(async (req, res) => {
      const code = pathParam(req, "trackingCode");
      const tracking = await call(req.$ctx, requests.track, { trackingCode: code });
      if (!tracking.letter) return send(req, res, 404, errorPage({ status: 404, message: "该申请尚无答复告知书。" }));
      const stream = await call(req.$ctx, requests.letterPdf, { trackingCode: tracking.trackingCode });
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader("Content-Disposition", `attachment; filename="answer-${tracking.trackingCode}.pdf"`);
      res.setHeader("Cache-Control", "private, no-store");
      res.setHeader("X-Content-Type-Options", "nosniff");
      await pipeline(stream as NodeJS.ReadableStream, res);
    }),

    // A file of the answer, once answered, for the holder of the tracking code: never cached on the way.
    "GET /requests/:trackingCode/attachments/:n": page(async (req, res) => {
      const code = pathParam(req, "trackingCode");
      const n = Number(pathParam(req, "n"));
      const tracking = await call(req.$ctx, requests.track, { trackingCode: code });
      const file = tracking.attachments.find((a) => a.n === n);
      if (!file) return send(req, res, 404, errorPage({ status: 404, message: "该申请没有这个答复附件。" }));
      const stream = await call(req.$ctx, requests.publicAttachment, { trackingCode: tracking.trackingCode, n });
      res.setHeader("Content-Type", file.type);
      res.setHeader(
        "Content-Disposition",
        `attachment; filename="${file.name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      );
      res.setHeader("Content-Length", String(file.size));
      res.setHeader("Cache-Control", "private, no-store");
      res.setHeader("X-Content-Type-Options", "nosniff");
      await pipeline(stream as NodeJS.ReadableStream, res);
    }),

    "POST /requests/:trackingCode/correction": page(async (req, res) => {
      const code = pathParam(req, "trackingCode");
      const form = await formBody(req);
      const text = form.text ?? "";
      try {
        const tracked = await call(req.$ctx, requests.sendCorrection, { trackingCode: code, text });
        redirect(res, `${requestPath(tracked.trackingCode)}?corrected=1`);
      } catch (err) {
        const status = statusOf(err);
        if (status !== 422 && status !== 409) throw err;
        await trackingPage(req, res, baseUrl, code, status, { text, error: correctionError(err) });
      }
    }),
  };
}
