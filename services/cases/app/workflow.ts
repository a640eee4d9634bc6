/**
 * Moving a case through its states (shared/case-workflow.ts holds the rules): notes, transitions,
 * legal review (法制审核) by someone other than the case's officers, and the decision the results
 * service records. A refused step writes nothing.
 */
import type { SessionUser } from "../../../lib/auth.js";
import { ConflictError, fieldProblem, ForbiddenError } from "../../../lib/errors.js";
import { checkDecision, checkMove } from "../../../shared/case-workflow.js";
import { newId } from "../../../shared/ids.js";
import type {
  AddNoteParams,
  CaseView,
  RecordDecisionParams,
  RecordedDecision,
  ReviewParams,
  TransitionParams,
} from "../contract.js";
import { Review } from "../entities.js";
import { actorOf, appendStep, caseView, loadCase, reviewState, type CasesDeps } from "./records.js";

/** A note (and the documents it concerns) on the trail, without changing the case's state. */
export async function addNote(deps: CasesDeps, user: SessionUser, p: AddNoteParams): Promise<CaseView> {
  const c = await loadCase(deps.em(), user, p.id);
  const step = { kind: "note" as const, from: c.status, to: c.status, note: p.note, documents: p.documents };
  await appendStep(deps.em(), c, step, actorOf(user), deps.now());
  return caseView(deps.em(), c);
}

export async function transition(deps: CasesDeps, user: SessionUser, p: TransitionParams): Promise<CaseView> {
  const c = await loadCase(deps.em(), user, p.id);
  if (user.role === "reviewer") throw new ForbiddenError("Reviewers do not move cases", "ROLE_REQUIRED");
  const check = checkMove(c.status, p.to, await reviewState(deps.em(), c.id, c.major));
  if (!check.ok) throw new ConflictError(check.reason, check.type, { from: c.status, to: p.to });
  if (p.to === "terminated" && !p.note) {
    throw fieldProblem("note", "REASON_REQUIRED", "terminating a case (撤销/终止) needs the reason in the note");
  }
  const from = c.status;
  c.status = p.to;
  c.updatedAt = deps.now();
  const step = { kind: "transition" as const, from, to: p.to, note: p.note, documents: p.documents };
  await appendStep(deps.em(), c, step, actorOf(user), deps.now());
  return caseView(deps.em(), c);
}

export async function review(deps: CasesDeps, user: SessionUser, p: ReviewParams): Promise<CaseView> {
  const c = await loadCase(deps.em(), user, p.id);
  if (user.id === c.createdBy || (user.officerId !== null && c.officerIds.includes(user.officerId))) {
    throw new ForbiddenError("法制审核 must be done by someone other than the case's officers", "OWN_CASE");
  }
  if (c.status !== "review") {
    throw new ConflictError(`the case is ${c.status}; move it to review first`, "NOT_IN_REVIEW", {
      status: c.status,
    });
  }
  const now = deps.now();
  await deps.em().transactional(async (tx) => {
    tx.persist(
      Object.assign(new Review(), {
        id: newId(),
        caseId: c.id,
        reviewerId: user.id,
        reviewerName: user.username,
        approve: p.approve,
        opinion: p.opinion,
        at: now,
      }),
    );
  });
  c.updatedAt = now;
  const note = `${p.approve ? "审核通过" : "审核不通过"}: ${p.opinion}`;
  await appendStep(deps.em(), c, { kind: "review", from: "review", to: "review", note }, actorOf(user), deps.now());
  return caseView(deps.em(), c);
}

/** For the results service: records the decision (→ decided) if the case may be decided now. */
export async function recordDecision(
  deps: CasesDeps,
  user: SessionUser,
  p: RecordDecisionParams,
): Promise<RecordedDecision> {
  const c = await loadCase(deps.em(), user, p.id);
  const check = checkDecision(c.status, await reviewState(deps.em(), c.id, c.major || p.fineRequiresReview));
  if (!check.ok) throw new ConflictError(check.reason, check.type, { from: c.status, to: "decided" });
  const from = c.status;
  c.status = "decided";
  c.resultId = p.resultId;
  c.updatedAt = deps.now();
  const step = {
    kind: "decision" as const,
    from,
    to: "decided" as const,
    note: `作出决定 ${p.decisionNo}`,
    documents: [{ name: "决定书", number: p.decisionNo }],
  };
  await appendStep(deps.em(), c, step, actorOf(user), deps.now());
  return { id: c.id, status: c.status };
}
