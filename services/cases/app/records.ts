/**
 * The case record itself: loading a case as the caller may see it, the review round it is in,
 * appending a step to its trail, and the view staff read. Shared by every use case of the service.
 */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import type { Caller } from "../../../lib/contract.js";
import { ConflictError, NotFoundError } from "../../../lib/errors.js";
import type { CaseState, ReviewState } from "../../../shared/case-workflow.js";
import type { CaseDocument, CaseView } from "../contract.js";
import { Case, CaseStep, Review, type StepKind } from "../entities.js";

/** What the use cases need: each call of `em` is a fresh EntityManager (one unit of work). */
export interface CasesDeps {
  em: () => EntityManager;
  now: () => Date;
  /** Calls other services' actions (duties, for a new case's context). */
  caller: Caller;
}

export interface Actor {
  id: string;
  name: string;
  role: string;
}

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, name: user.username, role: user.role };
}

export interface Step {
  kind: StepKind;
  from: CaseState | null;
  to: CaseState;
  note?: string;
  documents?: CaseDocument[];
}

/** A case of another body is 404, not 403: its existence is not the caller's business. */
export async function loadCase(em: EntityManager, user: SessionUser, id: string): Promise<Case> {
  const c = await em.findOne(Case, { id });
  if (!c || (user.role !== "admin" && user.bodyId !== c.bodyId)) throw new NotFoundError("Case", id);
  return c;
}

export async function reviewState(em: EntityManager, caseId: string, required: boolean): Promise<ReviewState> {
  // Only reviews since the case last entered review count.
  const entered = await em.findOne(
    CaseStep,
    { caseId, kind: "transition", toStatus: "review" },
    { orderBy: { seq: "desc" } },
  );
  const latest = entered
    ? await em.findOne(Review, { caseId, at: { $gte: entered.at } }, { orderBy: { at: "desc" } })
    : null;
  return { required, latest: latest ? { approve: latest.approve } : undefined };
}

/**
 * Saves the case's new state (as set on `c`) and appends one step to its trail, atomically. The
 * row lock and the state re-check make two racing moves from one state end in one move and one
 * 409. `em` must not hold `c`: the locked re-read has to see the stored state, not the new one.
 */
export async function appendStep(em: EntityManager, c: Case, step: Step, actor: Actor, at: Date): Promise<void> {
  await em.transactional(async (tx) => {
    const fresh = await tx.findOneOrFail(Case, { id: c.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (step.from !== null && fresh.status !== step.from) {
      throw new ConflictError(`the case moved to ${fresh.status} meanwhile`, "CONCURRENT_CHANGE");
    }
    const last = await tx.findOne(CaseStep, { caseId: c.id }, { orderBy: { seq: "desc" } });
    fresh.status = c.status;
    fresh.resultId = c.resultId;
    fresh.updatedAt = c.updatedAt;
    tx.persist(
      Object.assign(new CaseStep(), {
        caseId: c.id,
        seq: (last?.seq ?? 0) + 1,
        kind: step.kind,
        fromStatus: step.from,
        toStatus: step.to,
        actorId: actor.id,
        actorName: actor.name,
        actorRole: actor.role,
        at,
        note: step.note ?? null,
        documents: step.documents ?? [],
      }),
    );
  });
}

export async function caseView(em: EntityManager, c: Case): Promise<CaseView> {
  const [trail, reviews] = await Promise.all([
    em.find(CaseStep, { caseId: c.id }, { orderBy: { seq: "asc" } }),
    em.find(Review, { caseId: c.id }, { orderBy: { at: "asc" } }),
  ]);
  return {
    id: c.id,
    bodyId: c.bodyId,
    powerId: c.powerId,
    powerCode: c.powerCode,
    powerName: c.powerName,
    category: c.category,
    title: c.title,
    officerIds: c.officerIds,
    facts: c.facts,
    party: c.party,
    otherNames: c.otherNames,
    major: c.major,
    secret: c.secret,
    status: c.status,
    resultId: c.resultId,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    trail: trail.map((s) => ({
      seq: s.seq,
      kind: s.kind,
      from: s.fromStatus,
      to: s.toStatus,
      actor: { id: s.actorId, name: s.actorName, role: s.actorRole },
      at: s.at.toISOString(),
      note: s.note,
      documents: s.documents,
    })),
    reviews: reviews.map((r) => ({
      id: r.id,
      reviewer: { id: r.reviewerId, name: r.reviewerName },
      approve: r.approve,
      opinion: r.opinion,
      at: r.at.toISOString(),
    })),
  };
}
