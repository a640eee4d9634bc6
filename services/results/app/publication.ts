/**
 * Publication of a result as a signed public notice (the notices service renders, signs and
 * stores it), its withdrawal (撤下) and its correction (更正), which supersedes the notice.
 */
import { raw } from "@mikro-orm/postgresql";
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { ConflictError, dependencyCall, fieldProblem } from "../../../lib/errors.js";
import {
  correctedLicence,
  correctionNeedsReview,
  correctionRefusals,
  publicationRefusals,
  type Refusal,
} from "../../../shared/decision-content.js";
import { buildPublicNotice, type DecisionContent } from "../../../shared/public-record.js";
import { remedyNotice } from "../../../shared/remedy-notice.js";
import { publicityEnds } from "../../../shared/rules.js";
import { partyNames, partySecrets, redactReason } from "../../../shared/tombstone.js";
import type { IssuedNotice } from "../../notices/contract.js";
import type { CorrectParams, PublishedNotice, ResultView } from "../contract.js";
import { Result, ResultRevision, type ResultStatus } from "../entities.js";
import { caseForDecision, checkDecisionContent, duplicateDecisionNo } from "./decide.js";
import { dueBy, loadResult, type ResultsDeps } from "./deps.js";
import { contentOf, resultView } from "./views.js";
import { call } from "../../../lib/contract.js";
import { notices } from "../../notices/contract.js";
import { duties } from "../../duties/contract.js";

/**
 * A take-down reason as it goes public: the party's names (in every version given), the names
 * marked for masking and the values of the party's never-public fields masked. The notices
 * service masks the names again as it stores it; this side alone knows the party's private fields.
 */
function publicReason(reason: string, ...versions: Pick<DecisionContent, "party" | "maskNames">[]): string {
  const names = versions.flatMap((v) => [...partyNames(v.party.name, { party: v.party }), ...v.maskNames]);
  const secrets = versions.flatMap((v) => partySecrets(v.party as unknown as Record<string, unknown>));
  return redactReason(reason, names, secrets).text;
}

/** Why publishing this result now would be refused: its state, then the never-publish rules. */
export function publishRefusals(deps: Pick<ResultsDeps, "rules">, r: Result): Refusal[] {
  if (r.status === "published") return [];
  const state: Refusal[] =
    r.status === "draft"
      ? []
      : [{ stage: "publication", type: "NOT_PUBLISHABLE", reason: `the result is ${r.status}` }];
  return [...state, ...publicationRefusals(deps.rules, contentOf(r), r.secret)];
}

/**
 * Renders, signs and stores the notice (notices service), then records it on the result; answers both.
 * `imported`: a historic record's notice, rendered in the background, its publicity period given.
 */
export async function issueNotice(
  deps: ResultsDeps,
  r: Result,
  predecessorId: string | null,
  reason?: string,
  imported?: { expiresOn: string },
): Promise<{ issued: IssuedNotice; result: Result }> {
  const notice = buildPublicNotice(contentOf(r));
  const publishedOn = deps.today();
  // The body's seal as it is now (an administrator may upload or remove it at any time).
  const seal = await dependencyCall("duties", () => call(deps.caller, duties.getSeal, { id: r.bodyId }));
  const issued = await dependencyCall("notices", () =>
    call(deps.caller, notices.issue, {
      resultId: r.id,
      version: r.version,
      bodyId: r.bodyId,
      bodyName: r.bodyName,
      kind: r.kind,
      bodyCreditCode: r.bodyCreditCode,
      title: notice.record.title,
      decisionNo: r.decisionNo,
      decidedOn: r.decidedOn,
      partyName: notice.record.party.name,
      record: notice.record,
      fields: notice.fields,
      text: notice.text,
      expiresOn: imported?.expiresOn ?? publicityEnds(deps.rules, publishedOn, r.kind, r.penalty ?? undefined),
      predecessorId,
      reason: reason ?? null,
      maskNames: r.maskNames,
      remedyNotice: remedyNotice(r.remedies),
      ...(seal ? { seal: seal.png } : {}),
      ...(imported ? { background: true } : {}),
    }),
  );
  // One statement, no read before it, answering the row as it now is; the first publication's
  // instant stays through corrections.
  const em = deps.em();
  const row: unknown = await em
    .createQueryBuilder(Result)
    .update({
      status: "published" as ResultStatus,
      noticeId: issued.noticeId,
      verifyCode: issued.verifyCode,
      sha256: issued.sha256,
      publishedAt: raw("coalesce(published_at, ?)", [new Date(issued.publishedAt)]),
      expiresOn: issued.expiresOn,
      redactions: notice.redactions,
      updatedAt: new Date(),
    })
    .where({ id: r.id })
    .returning("*")
    .execute("get", false);
  return { issued, result: em.map(Result, row as Record<string, unknown>) };
}

/** Publishes a decision as a signed public notice; publishing again answers the same notice. */
export async function publish(deps: ResultsDeps, user: SessionUser, id: string): Promise<PublishedNotice> {
  const r = await loadResult(deps, user, id);
  assertActsForBody(user, r.bodyId);
  if (r.status === "published" && r.noticeId) {
    return {
      noticeId: r.noticeId,
      verifyCode: r.verifyCode,
      sha256: r.sha256,
      publishedAt: r.publishedAt?.toISOString(),
      expiresOn: r.expiresOn,
    };
  }
  const refused = publishRefusals(deps, r)[0];
  if (refused) {
    throw new ConflictError(
      refused.reason,
      refused.type,
      refused.type === "NOT_PUBLISHABLE" ? { status: r.status } : undefined,
    );
  }
  return (await issueNotice(deps, r, null)).issued;
}

/** Withdraws (撤下) a published notice with a public reason; the record stays as a tombstone. */
export async function withdraw(
  deps: ResultsDeps,
  user: SessionUser,
  p: { id: string; reason: string },
): Promise<ResultView> {
  const r = await loadResult(deps, user, p.id);
  assertActsForBody(user, r.bodyId);
  if (r.status !== "published" || !r.noticeId) {
    throw new ConflictError(`only a published result can be withdrawn; this one is ${r.status}`, "NOT_PUBLISHED");
  }
  const noticeId = r.noticeId;
  await dependencyCall("notices", () =>
    call(deps.caller, notices.withdraw, {
      noticeId,
      reason: publicReason(p.reason, contentOf(r)),
      maskNames: r.maskNames,
    }),
  );
  // One statement, which answers the row as it now is (as a read after the update did).
  const em = deps.em();
  const row: unknown = await em
    .createQueryBuilder(Result)
    .update({
      status: "withdrawn" as ResultStatus,
      withdrawnAt: new Date(),
      withdrawReason: p.reason,
      updatedAt: new Date(),
    })
    .where({ id: r.id })
    .returning("*")
    .execute("get", false);
  return resultView(deps, em.map(Result, row as Record<string, unknown>));
}

/** Corrects (更正) a decision: a published one gets a new notice version superseding the old, kept on record. */
export async function correct(deps: ResultsDeps, user: SessionUser, p: CorrectParams): Promise<ResultView> {
  // One EntityManager for the whole correction: the row is read once and updated as loaded.
  const em = deps.em();
  const r = await loadResult({ em: () => em }, user, p.id);
  const { version, noticeId } = r;
  assertActsForBody(user, r.bodyId);
  if (r.status === "withdrawn") throw new ConflictError("a withdrawn result cannot be corrected", "WITHDRAWN");
  // Its publicity period is over: a corrected notice would make the facts public again.
  if (r.status === "published" && r.expiresOn !== null && r.expiresOn < deps.today()) {
    throw new ConflictError(
      `the notice's publicity period ended on ${r.expiresOn}: it cannot be corrected`,
      "NOTICE_EXPIRED",
    );
  }
  const { id: _id, reason, partyName, ...changes } = p;
  if (Object.keys(changes).length === 0 && !partyName) {
    throw fieldProblem("reason", "NO_CHANGE", "a correction must change at least one field");
  }
  const merged = {
    decisionNo: changes.decisionNo ?? r.decisionNo,
    decidedOn: changes.decidedOn ?? r.decidedOn,
    penalty: changes.penalty ?? r.penalty ?? undefined,
    licence: changes.licence ?? r.licence ?? undefined,
  };
  checkDecisionContent(merged, r.kind, deps.today());
  if (changes.decisionNo && changes.decisionNo !== r.decisionNo) {
    if (await deps.em().count(Result, { bodyId: r.bodyId, decisionNo: changes.decisionNo }))
      throw duplicateDecisionNo();
  }
  const before = contentOf(r);
  // A corrected licence gets the same defaults as a decided one; one whose content was the
  // old conclusion's default follows the new conclusion.
  const licence = correctedLicence(r.licence ?? undefined, changes.licence, r.kind, {
    before: r.conclusion,
    after: changes.conclusion ?? r.conclusion,
  });
  if (licence !== (r.licence ?? undefined)) changes.licence = licence;
  const revised = {
    ...changes,
    party: partyName ? { ...r.party, name: partyName } : r.party,
    maskNames: changes.maskNames ?? r.maskNames,
  };
  // A correction is published at once: it is refused for what a publish would refuse, and
  // for a decision it makes 重大 without an approving legal review. Nothing is written.
  // The cast: a licence the correction changes was given its defaults above (correctedLicence).
  const after = { ...before, ...revised, penalty: revised.penalty ?? before.penalty } as DecisionContent;
  // An imported result has no case here, so no legal review: a correction making it 重大 is refused.
  const caseId = r.caseId;
  const reviewed = correctionNeedsReview(deps.rules, before, after)
    ? caseId !== null && (await caseForDecision(deps, caseId).then((c) => c.latestReview?.approve === true))
    : undefined;
  const refused = correctionRefusals(deps.rules, before, after, {
    secret: r.secret,
    published: r.status === "published",
    reviewed,
  })[0];
  if (refused) throw new ConflictError(refused.reason, refused.type);
  const updated = Object.assign(r, { ...revised, version: version + 1, updatedAt: new Date() });
  if (updated.status === "draft") Object.assign(updated, dueBy(deps, updated.decidedOn, updated.kind));
  em.persist(
    Object.assign(new ResultRevision(), {
      resultId: r.id,
      version,
      content: before as unknown as Record<string, unknown>,
      reason,
      noticeId,
      revisedBy: user.id,
      revisedAt: new Date(),
    }),
  );
  try {
    await em.flush();
  } catch (err) {
    if (isUniqueViolation(err, "results_body_decision_no_unique")) throw duplicateDecisionNo();
    throw err;
  }
  if (updated.status === "published") {
    const { issued, result } = await issueNotice(deps, updated, noticeId, publicReason(reason, before, after));
    return { ...resultView(deps, result), ...issued };
  }
  return resultView(deps, updated);
}
