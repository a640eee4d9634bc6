/**
 * Recording a case's decision, and previewing it. Both take one path: the case and its body are
 * fetched, the content built with its defaults (shared/decision-content.ts) and every refusal
 * listed; the preview shows that, and the decision records exactly that content as a draft result.
 */
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { ConflictError, dependencyCall, fieldProblem, InvalidInputError } from "../../../lib/errors.js";
import { isCalendarDate } from "../../../shared/dates.js";
import {
  fineNeedsReview,
  decisionContent,
  previewDecision as previewContent,
  type DecisionChecks,
  type DecisionPreview,
  type Refusal,
} from "../../../shared/decision-content.js";
import type { PowerCategory } from "../../../shared/domain.js";
import { newId } from "../../../shared/ids.js";
import type { DecideParams, PreviewView, ResultView } from "../contract.js";
import { Result, type ResultStatus } from "../entities.js";
import { dueBy, type ResultsDeps } from "./deps.js";
import { previewView, resultView } from "./views.js";
import { call } from "../../../lib/contract.js";
import { cases, type CaseForDecision } from "../../cases/contract.js";
import { duties } from "../../duties/contract.js";

/** The case a decision is made in, as cases.forDecision answers. */

/** Checks that apply to a decision's content whether it is made or corrected. */
export function checkDecisionContent(
  p: Partial<Pick<DecideParams, "decidedOn" | "penalty" | "licence">>,
  kind: PowerCategory,
  today: string,
): void {
  const problems = [];
  for (const [field, value] of [
    ["decidedOn", p.decidedOn],
    ["penalty.validUntil", p.penalty?.validUntil],
    ["licence.validFrom", p.licence?.validFrom],
    ["licence.validTo", p.licence?.validTo],
  ] as const) {
    if (value !== undefined && !isCalendarDate(value))
      problems.push({ field, type: "NOT_A_DATE", message: `${value} is not a calendar date` });
  }
  if (p.decidedOn && p.decidedOn > today)
    problems.push({ field: "decidedOn", type: "DATE_IN_FUTURE", message: "a decision date cannot be in the future" });
  if (kind === "行政处罚" && !p.penalty)
    problems.push({ field: "penalty", type: "PENALTY_REQUIRED", message: "a 行政处罚 decision needs its penalty" });
  if (kind !== "行政处罚" && p.penalty)
    problems.push({ field: "penalty", type: "PENALTY_NOT_ALLOWED", message: `a ${kind} decision has no penalty` });
  if (kind === "行政许可" && !p.licence)
    problems.push({ field: "licence", type: "LICENCE_REQUIRED", message: "a 行政许可 decision needs its licence" });
  if (p.penalty?.categories.includes("罚款") && p.penalty.fineAmount === undefined) {
    problems.push({
      field: "penalty.fineAmount",
      type: "FINE_AMOUNT_REQUIRED",
      message: "a 罚款 needs its amount (元)",
    });
  }
  if (p.licence?.validFrom && p.licence.validTo && p.licence.validTo < p.licence.validFrom) {
    problems.push({ field: "licence.validTo", type: "RANGE_REVERSED", message: "validity ends before it starts" });
  }
  if (problems.length) throw new InvalidInputError(problems);
}

export function duplicateDecisionNo(): ConflictError {
  return new ConflictError("This 文书号 is already used by a decision of this body", "DUPLICATE_DECISION_NO", [
    { field: "decisionNo", type: "DUPLICATE_DECISION_NO", message: "already used by this body" },
  ]);
}

/** The 409 a decision is refused with. */
function decisionRefused(r: Refusal, from: string): ConflictError {
  if (r.type === "DUPLICATE_DECISION_NO") return duplicateDecisionNo();
  if (r.type === "ALREADY_DECIDED") return new ConflictError(r.reason, r.type);
  return new ConflictError(r.reason, r.type, { from, to: "decided" });
}

/** The case of a decision, from the cases service. */
export function caseForDecision(deps: Pick<ResultsDeps, "caller">, caseId: string): Promise<CaseForDecision> {
  return dependencyCall("cases", () => call(deps.caller, cases.forDecision, { id: caseId }));
}

async function decisionChecks(deps: ResultsDeps, c: CaseForDecision, decisionNo: string): Promise<DecisionChecks> {
  const em = deps.em();
  const [taken, decided] = await Promise.all([
    em.count(Result, { bodyId: c.bodyId, decisionNo }),
    em.count(Result, { caseId: c.id }),
  ]);
  return { decisionNoTaken: taken > 0, alreadyDecided: decided > 0 };
}

interface PreparedDecision {
  case: CaseForDecision;
  preview: DecisionPreview;
  deadline: { dueBy: string; dueByProvisional: boolean };
  /** The power's remedies as rows, for the notice's 救济途径 (shared/remedy-notice.ts); null when none. */
  remedies: unknown[] | null;
}

/** The one path of a decision and its preview: its content with defaults, its notice, its refusals. */
async function prepareDecision(deps: ResultsDeps, user: SessionUser, p: DecideParams): Promise<PreparedDecision> {
  const c = await caseForDecision(deps, p.id);
  assertActsForBody(user, c.bodyId);
  if (p.kind !== c.category) {
    throw fieldProblem("kind", "KIND_MISMATCH", `the decision's kind is its power's category: ${c.category}`, {
      category: c.category,
    });
  }
  const today = deps.today();
  checkDecisionContent(p, p.kind, today);
  const checks = await decisionChecks(deps, c, p.decisionNo);
  const [body, power] = await dependencyCall("duties", () =>
    Promise.all([
      call(deps.caller, duties.getBody, { id: c.bodyId }),
      call(deps.caller, duties.getPower, { id: c.powerId }),
    ]),
  );
  const deadline = dueBy(deps, p.decidedOn, p.kind);
  const preview = previewContent(deps.rules, decisionContent(p, c, body), {
    secret: c.secret,
    case: c,
    checks,
    dueBy: deadline.dueBy,
    today,
  });
  return { case: c, preview, deadline, remedies: Array.isArray(power.remedies) ? power.remedies : null };
}

/** What the public would see of a decision not yet recorded: the same checks as the decision, nothing written. */
export async function previewDecision(deps: ResultsDeps, user: SessionUser, p: DecideParams): Promise<PreviewView> {
  return previewView((await prepareDecision(deps, user, p)).preview);
}

/** Records the decision of a case as a draft result, with the content its preview shows. */
export async function decide(deps: ResultsDeps, user: SessionUser, p: DecideParams): Promise<ResultView> {
  const { case: c, preview, deadline, remedies } = await prepareDecision(deps, user, p);
  const refused = preview.refusals.find((r) => r.stage === "decision");
  if (refused) throw decisionRefused(refused, c.status);
  const { content } = preview;
  const now = new Date();
  const result = Object.assign(new Result(), {
    id: newId(),
    caseId: c.id,
    bodyId: c.bodyId,
    bodyName: content.bodyName,
    bodyCreditCode: content.bodyCreditCode,
    powerCode: content.powerCode,
    powerName: content.powerName,
    title: content.title,
    decisionNo: content.decisionNo,
    decidedOn: content.decidedOn,
    kind: content.kind,
    conclusion: content.conclusion,
    basis: content.basis,
    facts: content.facts,
    party: content.party,
    maskNames: content.maskNames,
    penalty: content.penalty ?? null,
    licence: content.licence ?? null,
    remedies,
    secret: c.secret,
    status: "draft" as ResultStatus,
    version: 1,
    ...deadline,
    noticeId: null,
    verifyCode: null,
    sha256: null,
    publishedAt: null,
    expiresOn: null,
    withdrawnAt: null,
    withdrawReason: null,
    redactions: [],
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
    source: "live" as const,
    importId: null,
  });
  try {
    // The case moves to decided inside this transaction: if the case refuses (no approving
    // review, wrong state), the result is never written.
    await deps.em().transactional(async (tx) => {
      tx.persist(result);
      await tx.flush();
      await call(deps.caller, cases.recordDecision, {
        id: c.id,
        resultId: result.id,
        decisionNo: result.decisionNo,
        fineRequiresReview: fineNeedsReview(deps.rules, content),
      });
    });
  } catch (err) {
    if (isUniqueViolation(err, "results_body_decision_no_unique")) throw duplicateDecisionNo();
    if (isUniqueViolation(err)) throw new ConflictError("This case already has a decision", "ALREADY_DECIDED");
    throw err;
  }
  return resultView(deps, result);
}
