/**
 * Receiving feedback from the public: checked, rate limited per client, deduplicated (the same
 * words on the same target, or a retry with the same Idempotency-Key, answer the first item's
 * code), addressed to the body that owns its target, with a reply deadline in working days. A
 * correction request keeps the notice's value of the field it proposes to correct, and its
 * evidence files (stored before the item is written, removed again if it is not).
 */
import { createHash } from "node:crypto";
import { isUniqueViolation } from "../../../lib/database.js";
import { dependencyCall, fieldProblem } from "../../../lib/errors.js";
import { comparableText } from "../../../shared/comparable-text.js";
import { chinaToday } from "../../../shared/dates.js";
import { newId } from "../../../shared/ids.js";
import { newTrackingCode } from "../../../shared/verify-code.js";
import { isoDateOf, recordValueOf } from "../../../shared/correction-fields.js";
import { isCalendarDate } from "../../../shared/dates.js";
import { MIN_VISIBLE, type CorrectionProposal, type SubmitParams, type SubmitReply } from "../contract.js";
import { Feedback, RateHit, type FeedbackStatus, type TargetType } from "../entities.js";
import { lockClient, RateLimitedError, takeHit } from "../../../lib/rate-limit.js";
import { appendStep, type FeedbackDeps } from "./records.js";
import {
  checkedEvidence,
  removeEvidence,
  storeEvidence,
  type CheckedEvidence,
  type EvidenceUpload,
} from "./evidence.js";
import type { EvidenceFile } from "../entities.js";
import { call } from "../../../lib/contract.js";
import { results } from "../../results/contract.js";
import { feed } from "../../feed/contract.js";

export { clientKeyOf } from "../../../lib/rate-limit.js";

/** Who sent it, as the gateway tells: the client's key, and the request's Idempotency-Key if any. */
export interface Sender {
  clientKey: string;
  idempotencyKey: string | null;
}

interface Target {
  bodyId: string;
  title: string;
  resultId: string | null;
  /** A notice's public record, as the feed shows it now. */
  record?: Record<string, unknown>;
}

/**
 * The same words on the same target count as the same feedback, whatever the spacing, the case, the
 * width or the invisible characters in between (a zero-width space does not make a new item).
 */
function contentHash(p: SubmitParams, evidence: readonly CheckedEvidence[]): string {
  // A proposal is part of what was said: the same words proposing another value are another item;
  // so is the evidence: the same words with other files.
  const proposal = p.correction ? `:${p.correction.field}:${comparableText(p.correction.proposed)}` : "";
  const files = evidence.map((e) => `:${e.sha256}`).join("");
  return createHash("sha256")
    .update(`${p.targetType ?? ""}:${p.targetId ?? ""}:${comparableText(p.content)}${proposal}${files}`)
    .digest("hex");
}

/**
 * The proposal as kept: only on a correction request about a notice, and a proposed date is a
 * real calendar date (written as people write it, kept as YYYY-MM-DD).
 */
function checkedCorrection(p: SubmitParams): CorrectionProposal | null {
  const c = p.correction;
  if (!c) return null;
  if (p.category !== "correction" || p.targetType !== "notice") {
    throw fieldProblem(
      "correction",
      "CORRECTION_NOT_FOR_NOTICE",
      "a field correction goes with a correction request on a notice",
    );
  }
  if (c.field !== "decidedOn") return c;
  const iso = isoDateOf(c.proposed);
  if (!iso || !isCalendarDate(iso)) {
    throw fieldProblem("correction.proposed", "PROPOSED_NOT_A_DATE", "the proposed 决定日期 is not a calendar date");
  }
  return { ...c, proposed: iso };
}

/** The body that owns a target, its title for the record, and for a notice its result. */
async function resolveTarget(deps: FeedbackDeps, type: TargetType, id: string): Promise<Target> {
  const read = async (): Promise<Target> => {
    if (type === "notice") {
      const n = await call(deps.caller, feed.getNotice, { id });
      return { bodyId: n.bodyId, title: n.title, resultId: n.resultId, record: n.record };
    }
    if (type === "body") {
      const body = await call(deps.caller, feed.getBody, { id });
      return { bodyId: body.id, title: body.name, resultId: null };
    }
    const view =
      type === "power"
        ? await call(deps.caller, feed.getPower, { id })
        : await call(deps.caller, feed.getOfficer, { id });
    return { bodyId: view.bodyId, title: view.name, resultId: null };
  };
  try {
    return await dependencyCall("feed", read);
  } catch (err) {
    if ((err as { code?: number }).code === 404) {
      throw fieldProblem("targetId", "UNKNOWN_TARGET", `no public ${type} has this id`);
    }
    throw err;
  }
}

/** Files the feedback (201) with its evidence files, if any; a refusal (422, 429) writes nothing. */
export async function submit(
  deps: FeedbackDeps,
  sender: Sender,
  p: SubmitParams,
  uploads: readonly EvidenceUpload[] = [],
): Promise<SubmitReply> {
  const { clientKey, idempotencyKey } = sender;
  const { config } = deps;
  if (!!p.targetType !== !!p.targetId) {
    throw fieldProblem(
      p.targetType ? "targetId" : "targetType",
      "TARGET_INCOMPLETE",
      "targetType and targetId go together",
    );
  }
  // Five zero-width spaces are five characters, but nothing to read.
  if (Array.from(comparableText(p.content)).length < MIN_VISIBLE) {
    throw fieldProblem("content", "CONTENT_TOO_SHORT", `content needs at least ${MIN_VISIBLE} visible characters`, {
      min: MIN_VISIBLE,
    });
  }
  const correction = checkedCorrection(p);
  const evidence = checkedEvidence(p, uploads);
  const hash = contentHash(p, evidence);
  const result = await deps.em().transactional(async (tx) => {
    await lockClient(tx, "feedback", clientKey);
    // A retry with the same Idempotency-Key is the same submission: no new hit, no new item.
    const retried = idempotencyKey ? await tx.findOne(Feedback, { clientKey, idempotencyKey }) : null;
    if (retried) return { duplicate: retried };
    const now = deps.now();
    const retryAfter = await takeHit(tx, RateHit, clientKey, config.rate, now);
    if (retryAfter !== null) return { retryAfter };
    const duplicate = await tx.findOne(Feedback, {
      contentHash: hash,
      createdAt: { $gt: new Date(now.getTime() - config.dedupeHours * 3600_000) },
    });
    return { duplicate };
  });
  if (result.retryAfter !== undefined) throw new RateLimitedError(result.retryAfter);
  if (result.duplicate) {
    return { trackingCode: result.duplicate.trackingCode, dueBy: result.duplicate.dueBy, duplicate: true };
  }
  const target = p.targetType ? await resolveTarget(deps, p.targetType, p.targetId as string) : null;
  const today = chinaToday(deps.now());
  const deadline = await dependencyCall("results", () => call(deps.caller, results.workingDeadline, { from: today }));
  const now = deps.now();
  const feedback = Object.assign(new Feedback(), {
    id: newId(),
    trackingCode: newTrackingCode(),
    category: p.category,
    targetType: p.targetType ?? null,
    targetId: p.targetId ?? null,
    targetTitle: target?.title ?? null,
    bodyId: target?.bodyId ?? config.defaultBodyId ?? null,
    resultId: p.category === "correction" ? (target?.resultId ?? null) : null,
    content: p.content,
    correctionField: correction?.field ?? null,
    correctionProposed: correction?.proposed ?? null,
    correctionEvidence: correction?.evidence ?? null,
    correctionEvidenceUrl: correction?.evidenceUrl ?? null,
    correctionCurrent: correction ? recordValueOf(target?.record, correction.field) : null,
    evidenceFiles: [] as EvidenceFile[],
    contact: p.contact ?? null,
    contentHash: hash,
    clientKey,
    idempotencyKey,
    // A filled honeypot is filed as spam without telling the sender.
    status: (p.website ? "spam" : "received") as FeedbackStatus,
    dueBy: deadline.dueBy,
    dueByProvisional: deadline.provisional,
    reply: null,
    replyPublic: false,
    repliedAt: null,
    replyWorkingDays: null,
    createdAt: now,
    updatedAt: now,
  });
  // The files first: an item is never written naming files that are not there. A bot's (the
  // honeypot filled) are not kept.
  feedback.evidenceFiles = p.website ? [] : await storeEvidence(deps.storage, feedback.id, evidence);
  try {
    return await persist(deps, feedback, p.website ? "spam" : "received", sender);
  } catch (err) {
    await removeEvidence(deps.storage, feedback.evidenceFiles);
    throw err;
  }
}

/** Writes the new item and its first step; a retried submission that won a race answers its code. */
async function persist(
  deps: FeedbackDeps,
  feedback: Feedback,
  step: "spam" | "received",
  { clientKey, idempotencyKey }: Sender,
): Promise<SubmitReply> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.em().transactional(async (tx) => {
        tx.persist(feedback);
        await tx.flush();
        await appendStep(tx, feedback, step, null, deps.now());
      });
      return { trackingCode: feedback.trackingCode, dueBy: feedback.dueBy };
    } catch (err) {
      if (idempotencyKey && isUniqueViolation(err, "feedback_idempotency_unique")) {
        // The same retried submission won a race: answer with its code (its files are its own).
        const first = await deps.em().findOneOrFail(Feedback, { clientKey, idempotencyKey });
        await removeEvidence(deps.storage, feedback.evidenceFiles);
        return { trackingCode: first.trackingCode, dueBy: first.dueBy, duplicate: true };
      }
      // 60 random bits make a repeat unlikely; if it happens, draw again.
      if (attempt >= 3 || !isUniqueViolation(err, "feedback_tracking_code_unique")) throw err;
      feedback.trackingCode = newTrackingCode();
    }
  }
}
