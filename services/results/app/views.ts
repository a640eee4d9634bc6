/** A stored result as its content, and the views the results service answers with. */
import type { DecisionPreview } from "../../../shared/decision-content.js";
import type { DecisionContent } from "../../../shared/public-record.js";
import type { PreviewView, ResultView, RevisionView } from "../contract.js";
import type { Result, ResultRevision } from "../entities.js";
import type { ResultsDeps } from "./deps.js";

/** The decision content of a stored result, as its notice is built from. */
export function contentOf(r: Result): DecisionContent {
  return {
    title: r.title,
    kind: r.kind,
    decisionNo: r.decisionNo,
    decidedOn: r.decidedOn,
    bodyName: r.bodyName,
    bodyCreditCode: r.bodyCreditCode,
    powerCode: r.powerCode,
    powerName: r.powerName,
    party: r.party,
    facts: r.facts,
    conclusion: r.conclusion,
    basis: r.basis,
    penalty: r.penalty ?? undefined,
    licence: r.licence ?? undefined,
    maskNames: r.maskNames,
  };
}

export function resultView(deps: Pick<ResultsDeps, "today" | "calendar">, r: Result): ResultView {
  const today = deps.today();
  const status = r.status === "published" && r.expiresOn !== null && r.expiresOn < today ? "expired" : r.status;
  const left = r.status === "draft" ? deps.calendar.workingDaysBetween(today, r.dueBy).days : null;
  return {
    id: r.id,
    caseId: r.caseId,
    bodyId: r.bodyId,
    bodyName: r.bodyName,
    title: r.title,
    decisionNo: r.decisionNo,
    decidedOn: r.decidedOn,
    kind: r.kind,
    conclusion: r.conclusion,
    basis: r.basis,
    facts: r.facts,
    party: r.party,
    maskNames: r.maskNames,
    penalty: r.penalty,
    licence: r.licence,
    status,
    version: r.version,
    dueBy: r.dueBy,
    dueByProvisional: r.dueByProvisional,
    workingDaysLeft: left,
    overdue: r.status === "draft" && r.dueBy < today && r.source !== "import",
    noticeId: r.noticeId,
    verifyCode: r.verifyCode,
    sha256: r.sha256,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    expiresOn: r.expiresOn,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawReason: r.withdrawReason,
    redactions: r.redactions,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function revisionView(v: ResultRevision): RevisionView {
  return {
    version: v.version,
    content: v.content,
    reason: v.reason,
    noticeId: v.noticeId,
    revisedBy: v.revisedBy,
    revisedAt: v.revisedAt.toISOString(),
  };
}

/**
 * What the public would see of a decision, every redaction, every reason the decision or its
 * publication would be refused, and warnings (a late publication). `blocked` is the first
 * never-publish rule, kept for clients that read only that.
 */
export function previewView(p: DecisionPreview): PreviewView {
  const blocked = p.refusals.find((x) => x.stage === "publication" && x.type !== "NOT_PUBLISHABLE");
  return {
    record: p.notice.record,
    fields: p.notice.fields,
    sections: p.notice.text,
    redactions: p.notice.redactions,
    refusals: p.refusals,
    warnings: p.warnings,
    blocked: blocked ? { type: blocked.type, reason: blocked.reason } : null,
  };
}
