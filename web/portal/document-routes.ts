/**
 * The portal's routes of 规范性文件 and 预公开: the register of documents and each document's page,
 * the consultations and each one's page, and the comment form's POST (Post/Redirect/Get to the
 * confirmation on the consultation's page; a refusal shows the page again with the errors beside
 * the fields). Reads come from the feed, the comment goes to the documents service, as the API's.
 */
import type { ServerResponse } from "node:http";
import { call, formInput } from "../../lib/contract.js";
import { errorMessageOf, problemMessageOf } from "../../shared/messages.js";
import { formBody, redirect, statusOf, type Handler, type Req } from "../../services/gateway/web.js";
import { documents } from "../../services/documents/contract.js";
import { feed, type PublicConsultationDetail } from "../../services/feed/contract.js";
import { pathOf } from "../html/html.js";
import { consultationPage, consultationsPage, CONSULTATIONS_PATH, type CommentFormState } from "./consultations.js";
import { documentPage, documentsPage, DOCUMENTS_PATH } from "./documents.js";
import { opennessCategoryPage, opennessPage } from "./openness.js";
import { openness } from "../../services/feed/openness-contract.js";
import { OPENNESS_ITEM_KINDS, type OpennessItemKind } from "../../shared/documents.js";
import { errorPage } from "./errors.js";
import { bodyChoices, idParam, page, pathParam, send } from "./handlers.js";
import { pageStateOf } from "./pager.js";
import { chinaYear } from "./request-tracking.js";

/** Items per page of the portal's lists. */
const PAGE_SIZE = 20;
/** Years the register's filter offers, back from this one. */
const YEARS_OFFERED = 20;

function pick(p: Record<string, string | undefined>, keys: readonly string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of keys) {
    const value = p[key]?.trim();
    if (value) query[key] = value;
  }
  return query;
}

/** Titles of the documents a page links to; one the feed cannot answer is linked without its title. */
async function titlesOf(req: Req, ids: readonly string[]): Promise<Map<string, string>> {
  const found = await Promise.all(
    [...new Set(ids)].map((id) =>
      call(req.$ctx, feed.getDocument, { id }).then(
        (d) => [id, d.title] as const,
        () => undefined,
      ),
    ),
  );
  return new Map(found.filter((x) => x !== undefined));
}

/** The reader's words for a refused comment, field by field (the table's words for the rest). */
function commentErrors(err: unknown): CommentFormState["errors"] {
  const e = err as { type?: string; data?: unknown };
  const problems = Array.isArray(e.data) ? (e.data as { field?: string; type?: string }[]) : [];
  if (!problems.length) return [{ field: "form", message: errorMessageOf(e.type, e.data) ?? "意见未能提交。" }];
  const errors: { field: string; message: string }[] = [];
  for (const p of problems) {
    const field = p.field === "contact" ? "contact" : p.field === "content" ? "content" : "form";
    if (errors.some((x) => x.field === field)) continue;
    const message =
      field === "content"
        ? p.type === "stringMax"
          ? "意见不超过 5000 字。"
          : p.type === "UNSAFE_TEXT"
            ? (problemMessageOf(p) ?? "意见含有无法处理的字符。")
            : "请填写您的意见。"
        : field === "contact"
          ? p.type === "stringMax"
            ? "联系方式不超过 200 字。"
            : (problemMessageOf(p) ?? "请检查联系方式。")
          : (problemMessageOf(p) ?? "请检查填写的内容。");
    errors.push({ field, message });
  }
  return errors;
}

async function consultationView(
  req: Req,
  res: ServerResponse,
  baseUrl: string,
  c: PublicConsultationDetail,
  status = 200,
  form?: CommentFormState,
): Promise<void> {
  const finalTitle = c.finalDocumentId ? (await titlesOf(req, [c.finalDocumentId])).get(c.finalDocumentId) : undefined;
  const submitted = req.$params.submitted === "1" ? "new" : req.$params.submitted === "dup" ? "duplicate" : undefined;
  send(req, res, status, consultationPage({ baseUrl, consultation: c, form, submitted, finalTitle }));
}

export function documentRoutes(baseUrl: string): Record<string, Handler> {
  return {
    [`GET ${DOCUMENTS_PATH}`]: page(async (req, res) => {
      const query = pick(req.$params, ["q", "bodyId", "status", "year", "cursor"]);
      const [result, bodies] = await Promise.all([
        call(req.$ctx, feed.listDocuments, formInput({ ...query, limit: PAGE_SIZE })),
        bodyChoices(req.$ctx),
      ]);
      const thisYear = chinaYear();
      const years = Array.from({ length: YEARS_OFFERED }, (_, i) => thisYear - i);
      const state = pageStateOf(req.$params);
      send(req, res, 200, documentsPage({ baseUrl, query, state, ...result, bodies, years, pageSize: PAGE_SIZE }));
    }),

    [`GET ${DOCUMENTS_PATH}/:id`]: page(async (req, res) => {
      const document = await call(req.$ctx, feed.getDocument, { id: idParam(req) });
      const linked = [...document.validity.amendedBy, ...document.history.flatMap((h) => h.amendedBy ?? [])];
      send(req, res, 200, documentPage({ baseUrl, document, titles: await titlesOf(req, linked) }));
    }),

    // A body's 政府信息公开 platform: its four sections, and one category of 条例 Art. 20 paged.
    "GET /bodies/:id/openness": page(async (req, res) => {
      const result = await call(req.$ctx, openness.body, { id: idParam(req) });
      send(req, res, 200, opennessPage({ baseUrl, openness: result }));
    }),

    "GET /bodies/:id/openness/:categoryId": page(async (req, res) => {
      const categoryId = pathParam(req, "categoryId");
      // Only a category's stable id names a page.
      if (!/^[a-z][a-z_]{0,39}$/.test(categoryId)) throw Object.assign(new Error("not found"), { code: 404 });
      const given = req.$params.kind?.trim();
      const kind = OPENNESS_ITEM_KINDS.find((k): k is OpennessItemKind => k === given);
      const cursor = req.$params.cursor?.trim() || undefined;
      const result = await call(
        req.$ctx,
        openness.category,
        formInput({ id: idParam(req), categoryId, kind, cursor, limit: PAGE_SIZE }),
      );
      const state = pageStateOf(req.$params);
      send(req, res, 200, opennessCategoryPage({ baseUrl, page: result, kind, state, pageSize: PAGE_SIZE }));
    }),

    [`GET ${CONSULTATIONS_PATH}`]: page(async (req, res) => {
      const cursor = req.$params.cursor?.trim() || undefined;
      const result = await call(req.$ctx, feed.listConsultations, formInput({ limit: PAGE_SIZE, cursor }));
      const state = pageStateOf(req.$params);
      send(req, res, 200, consultationsPage({ baseUrl, state, ...result, pageSize: PAGE_SIZE }));
    }),

    [`GET ${CONSULTATIONS_PATH}/:id`]: page(async (req, res) => {
      const c = await call(req.$ctx, feed.getConsultation, { id: idParam(req) });
      await consultationView(req, res, baseUrl, c);
    }),

    [`POST ${CONSULTATIONS_PATH}/:id/comments`]: page(async (req, res) => {
      const id = idParam(req);
      const form = await formBody(req);
      const values = { content: form.content ?? "", contact: form.contact ?? "" };
      try {
        const reply = await call(
          req.$ctx,
          documents.comment,
          formInput({
            id,
            content: values.content,
            contact: values.contact.trim() || undefined,
            website: form.website,
          }),
        );
        // Post/Redirect/Get: reloading the confirmation never comments twice.
        redirect(res, `${pathOf("consultations", id)}?submitted=${reply.duplicate ? "dup" : "1"}#comment`);
      } catch (err) {
        const status = statusOf(err);
        if (status === 429) {
          const retryAfter = (err as { data?: { retryAfter?: number } }).data?.retryAfter ?? 60;
          res.setHeader("Retry-After", String(retryAfter));
          const message = `提交过于频繁，请 ${Math.ceil(retryAfter / 60)} 分钟后再试。`;
          return send(req, res, 429, errorPage({ status: 429, message }));
        }
        if (status !== 422 && status !== 409) throw err;
        const c = await call(req.$ctx, feed.getConsultation, { id });
        await consultationView(req, res, baseUrl, c, status, { values, errors: commentErrors(err) });
      }
    }),
  };
}
