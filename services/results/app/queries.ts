/** Reading results: one with its revisions, a body's list by status, and previews of its notice. */
import type { SessionUser } from "../../../lib/auth.js";
import { previewDecision as previewContent } from "../../../shared/decision-content.js";
import { renderNotice } from "../../../shared/pdf/notice.js";
import { buildPublicNotice } from "../../../shared/public-record.js";
import type { ListResultsParams, PreviewView, ResultDetailView, ResultPage } from "../contract.js";
import { Result, ResultRevision } from "../entities.js";
import { loadResult, type ResultsDeps } from "./deps.js";
import { publishRefusals } from "./publication.js";
import { contentOf, previewView, resultView, revisionView } from "./views.js";
import { newestFirst } from "../../../lib/paging.js";

/** A result with its deadline, publication state and revisions (the body's staff). */
export async function getResult(deps: ResultsDeps, user: SessionUser, id: string): Promise<ResultDetailView> {
  const r = await loadResult(deps, user, id);
  const revisions = await deps.em().find(ResultRevision, { resultId: r.id }, { orderBy: { version: "asc" } });
  return { ...resultView(deps, r), revisions: revisions.map(revisionView) };
}

/**
 * Results of the user's body (an admin's: any body, or the one asked for), by status; overdue
 * drafts past their deadline; expiresBefore: notices whose publicity period ends by then.
 */
export async function listResults(deps: ResultsDeps, user: SessionUser, p: ListResultsParams): Promise<ResultPage> {
  const where: Record<string, unknown> = {};
  if (user.role !== "admin") where.bodyId = user.bodyId;
  else if (p.bodyId) where.bodyId = p.bodyId;
  const today = deps.today();
  if (p.status === "expired") Object.assign(where, { status: "published", expiresOn: { $lt: today } });
  else if (p.status === "published") Object.assign(where, { status: "published", expiresOn: { $gte: today } });
  else if (p.status) where.status = p.status;
  // An imported record waiting for its background notice is not overdue.
  if (p.overdue === true) Object.assign(where, { status: "draft", dueBy: { $lt: today }, source: "live" });
  // Notices still public whose publicity period ends on or before the date.
  if (p.expiresBefore) Object.assign(where, { status: "published", expiresOn: { $gte: today, $lte: p.expiresBefore } });
  const page = await newestFirst(deps.em(), Result, where, p);
  return { items: page.items.map((r) => resultView(deps, r)), nextCursor: page.nextCursor };
}

/** Exactly what the public will see of a result, with every redaction and the rule that made it. */
export async function previewResult(deps: ResultsDeps, user: SessionUser, id: string): Promise<PreviewView> {
  const r = await loadResult(deps, user, id);
  const p = previewContent(deps.rules, contentOf(r), {
    secret: r.secret,
    ...(r.status === "draft" ? { dueBy: r.dueBy, today: deps.today() } : {}),
  });
  return previewView({ ...p, refusals: publishRefusals(deps, r) });
}

/** The notice PDF of a result as it would be published, marked as a preview and not signed. */
export async function previewPdf(
  deps: ResultsDeps,
  user: SessionUser,
  id: string,
  publicBaseUrl: string,
): Promise<{ result: Result; pdf: Buffer }> {
  const r = await loadResult(deps, user, id);
  const notice = buildPublicNotice(contentOf(r));
  const pdf = await renderNotice({
    category: r.kind,
    title: `【预览·未发布】${r.kind}决定公示`,
    issuingBody: r.bodyName,
    documentNumber: r.decisionNo,
    fields: notice.fields,
    sections: notice.text,
    publishedOn: deps.today(),
    verificationCode: "PREVIEW",
    publicBaseUrl,
    createdAt: new Date(),
  });
  return { result: r, pdf };
}
