/**
 * Intake from a body's case-handling system (办案系统). A push creates or updates the draft of its
 * (body, 文书号) — one row, whatever pushes race — and answers what the decision still lacks and
 * where an officer finishes it. A draft an officer moved out of draft is never overwritten. Moving
 * out of draft runs the decision's own path (results.decide, through the broker: its params schema
 * and every check the live API applies); only a recorded decision closes the draft.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { ConflictError, fieldProblem, InvalidInputError, NotFoundError } from "../../../lib/errors.js";
import { newestFirst } from "../../../lib/paging.js";
import { lockClient, RateLimitedError, takeHit } from "../../../lib/rate-limit.js";
import { newId } from "../../../shared/ids.js";
import { decisionOf, INTAKE_RATE, mergeIntake, missingFields, type IntakeContent } from "../../../shared/intake.js";
import type { DecideParams } from "../contract.js";
import { results } from "../contract.js";
import { INTAKE_HITS, IntakeDraft } from "../intake-entities.js";
import type { EditDraftParams, IntakeDraftView, PushParams, PushReply } from "../intake-contract.js";
import { caseForDecision } from "./decide.js";
import type { ResultsDeps } from "./deps.js";

/** Where an officer finishes a draft. */
export function consoleUrlOf(publicBaseUrl: string, id: string): string {
  return `${publicBaseUrl.replace(/\/$/, "")}/console/intake/${id}`;
}

function draftView(d: IntakeDraft, publicBaseUrl: string): IntakeDraftView {
  return {
    id: d.id,
    bodyId: d.bodyId,
    decisionNo: d.decisionNo,
    status: d.status,
    content: d.content,
    missing: d.status === "draft" ? missingFields(d.content) : [],
    resultId: d.resultId,
    source: "case-system",
    pushes: d.pushes,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    submittedAt: d.submittedAt ? d.submittedAt.toISOString() : null,
    consoleUrl: consoleUrlOf(publicBaseUrl, d.id),
  };
}

function draftClosed(d: Pick<IntakeDraft, "id" | "resultId">): ConflictError {
  return new ConflictError(
    "An officer has already moved this draft out of draft: it is a decision now and is not overwritten",
    "INTAKE_DRAFT_CLOSED",
    { id: d.id, resultId: d.resultId },
  );
}

/**
 * A push: the draft of (the key's body, 文书号) created (201) or updated (200). The rate limit's
 * hit, the upsert and nothing else are written, in one transaction.
 */
export async function pushDraft(
  deps: ResultsDeps,
  key: SessionUser,
  p: PushParams,
  publicBaseUrl: string,
): Promise<{ reply: PushReply; created: boolean }> {
  const { docNo, ...fields } = p;
  const content = mergeIntake({}, fields);
  const bodyId = key.bodyId as string;
  const now = new Date();
  const row = await deps.em().transactional(async (tx) => {
    await lockClient(tx, "intake", key.id);
    const wait = await takeHit(tx, INTAKE_HITS.entity, key.id, INTAKE_RATE, now);
    if (wait !== null) throw new RateLimitedError(wait);
    await tx.flush();
    // One statement: two pushes of one 文书号 at once make one draft (the unique constraint), the
    // later one updating it; a draft no longer in draft is left as it is (no row comes back).
    const rows = (await tx.getConnection().execute(
      `insert into "results"."intake_drafts" as d
         ("id", "body_id", "decision_no", "content", "status", "result_id", "key_id", "pushes", "created_at", "updated_at")
       values (?, ?, ?, ?::jsonb, 'draft', null, ?, 1, ?, ?)
       on conflict ("body_id", "decision_no") do update
         set "content" = d."content" || excluded."content", "key_id" = excluded."key_id",
             "pushes" = d."pushes" + 1, "updated_at" = excluded."updated_at"
         where d."status" = 'draft'
       returning d."id", d."content", (xmax = 0) as "created"`,
      [newId(), bodyId, docNo, JSON.stringify(content), key.id, now, now],
      "all",
      tx.getTransactionContext(),
    )) as { id: string; content: IntakeContent | string; created: boolean }[];
    return rows[0] ?? null;
  });
  if (!row) {
    const closed = await deps.em().findOne(IntakeDraft, { bodyId, decisionNo: docNo });
    throw draftClosed(closed ?? { id: "", resultId: null });
  }
  const stored = typeof row.content === "string" ? (JSON.parse(row.content) as IntakeContent) : row.content;
  return {
    reply: {
      id: row.id,
      status: "draft",
      missing: missingFields(stored),
      consoleUrl: consoleUrlOf(publicBaseUrl, row.id),
    },
    created: row.created,
  };
}

/** A draft of the user's body (an admin's: any); another body's is not found. */
async function loadDraft(em: EntityManager, user: SessionUser, id: string): Promise<IntakeDraft> {
  const d = await em.findOne(IntakeDraft, { id });
  if (!d || (user.role !== "admin" && user.bodyId !== d.bodyId)) throw new NotFoundError("Intake draft", id);
  return d;
}

export async function listDrafts(
  deps: ResultsDeps,
  user: SessionUser,
  p: { status?: "draft" | "submitted"; bodyId?: string; limit?: number; cursor?: string },
  publicBaseUrl: string,
): Promise<{ items: IntakeDraftView[]; nextCursor: string | null }> {
  const where: Record<string, unknown> = {};
  if (user.role !== "admin") where.bodyId = user.bodyId;
  else if (p.bodyId) where.bodyId = p.bodyId;
  if (p.status) where.status = p.status;
  const page = await newestFirst(deps.em(), IntakeDraft, where, p);
  return { items: page.items.map((d) => draftView(d, publicBaseUrl)), nextCursor: page.nextCursor };
}

export async function getDraft(
  deps: ResultsDeps,
  user: SessionUser,
  id: string,
  publicBaseUrl: string,
): Promise<IntakeDraftView> {
  return draftView(await loadDraft(deps.em(), user, id), publicBaseUrl);
}

/** An officer completes a draft: each field given replaces the stored one, a null removes it. */
export async function editDraft(
  deps: ResultsDeps,
  user: SessionUser,
  p: EditDraftParams,
  publicBaseUrl: string,
): Promise<IntakeDraftView> {
  const em = deps.em();
  const d = await loadDraft(em, user, p.id);
  assertActsForBody(user, d.bodyId);
  if (d.status !== "draft") throw draftClosed(d);
  const { id: _id, ...change } = p;
  d.content = mergeIntake(d.content, change);
  d.updatedAt = new Date();
  await em.flush();
  return draftView(d, publicBaseUrl);
}

/** The decision names the case `id` (its path); the draft calls it caseId. */
function caseIdNamed(err: unknown): unknown {
  const data = (err as { data?: unknown }).data;
  if (Array.isArray(data)) {
    for (const p of data as { field?: string }[]) if (p && p.field === "id") p.field = "caseId";
  }
  return err;
}

/**
 * Moves a draft out of draft: 422 naming every field the decision still lacks; then the decision
 * itself (results.decide, as POST /api/cases/:id/decision takes it: its schema, the case's state,
 * the body, the 文书号, the dates, the legal review). Only when it is recorded does the draft close.
 */
export async function submitDraft(
  deps: ResultsDeps,
  user: SessionUser,
  id: string,
  publicBaseUrl: string,
): Promise<IntakeDraftView> {
  const em = deps.em();
  const d = await loadDraft(em, user, id);
  assertActsForBody(user, d.bodyId);
  if (d.status !== "draft") throw draftClosed(d);
  const missing = missingFields(d.content);
  if (missing.length) {
    throw new InvalidInputError(
      missing.map((field) => ({ field, type: "INTAKE_FIELD_MISSING", message: `the decision needs ${field}` })),
      "INTAKE_INCOMPLETE",
    );
  }
  // The decision is made in a case of the draft's own body (an administrator could name any).
  const c = await caseForDecision(deps, d.content.caseId as string).catch((err: unknown) => {
    throw (err as { code?: number }).code === 404
      ? fieldProblem("caseId", "INTAKE_CASE_NOT_OF_BODY", "no case of the draft's body has this id")
      : err;
  });
  if (c.bodyId !== d.bodyId) {
    throw fieldProblem("caseId", "INTAKE_CASE_NOT_OF_BODY", "the case is not one of the draft's body");
  }
  const decision = await call(deps.caller, results.decide, decisionOf(d.content, d.decisionNo) as DecideParams).catch(
    (err: unknown) => {
      throw caseIdNamed(err);
    },
  );
  const closed = await em.nativeUpdate(
    IntakeDraft,
    { id: d.id, status: "draft" },
    {
      status: "submitted",
      resultId: decision.id,
      submittedBy: user.id,
      submittedAt: new Date(),
      updatedAt: new Date(),
    },
  );
  if (closed === 0) throw draftClosed(d);
  return getDraft(deps, user, id, publicBaseUrl);
}
