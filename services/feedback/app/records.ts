/**
 * The feedback record itself: what the use cases need, loading an item as staff may see it,
 * appending a step to its handling trail, and the staff view. Shared by every use case.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import type { Config } from "../../../lib/config.js";
import type { Caller } from "../../../lib/contract.js";
import { NotFoundError } from "../../../lib/errors.js";
import type { Storage } from "../../../lib/storage.js";
import { CORRECTION_FIELD_LABELS } from "../../../shared/correction-fields.js";
import { chinaToday } from "../../../shared/dates.js";
import type { FeedbackDetail, FeedbackView } from "../contract.js";
import { Feedback, FeedbackStep } from "../entities.js";

export interface FeedbackDeps {
  /** Each call is a fresh EntityManager (one unit of work). */
  em: () => EntityManager;
  now: () => Date;
  /** Calls other services' actions (feed for targets, results for working days and notices). */
  caller: Caller;
  config: Config["feedback"];
  /** Object storage for evidence files (under feedback/). */
  storage: Storage;
}

/** Staff see only their own body's feedback; anything else is 404. Admins see all. */
export async function loadOwn(em: EntityManager, user: SessionUser, id: string): Promise<Feedback> {
  const f = await em.findOne(Feedback, { id });
  if (!f || (user.role !== "admin" && f.bodyId !== user.bodyId)) throw new NotFoundError("Feedback", id);
  return f;
}

/** Appends one step to the item's trail inside `tx`; a null actor is the public (公众). */
export async function appendStep(
  tx: EntityManager,
  f: Feedback,
  action: string,
  actor: SessionUser | null,
  at: Date,
  note?: string | null,
): Promise<void> {
  const last = await tx.findOne(FeedbackStep, { feedbackId: f.id }, { orderBy: { seq: "desc" } });
  tx.persist(
    Object.assign(new FeedbackStep(), {
      feedbackId: f.id,
      seq: (last?.seq ?? 0) + 1,
      action,
      actorId: actor?.id ?? null,
      actorName: actor?.username ?? "公众",
      at,
      note: note ?? null,
    }),
  );
  await tx.flush();
}

export function staffView(f: Feedback, today: string): FeedbackView {
  return {
    id: f.id,
    trackingCode: f.trackingCode,
    category: f.category,
    targetType: f.targetType,
    targetId: f.targetId,
    targetTitle: f.targetTitle,
    bodyId: f.bodyId,
    resultId: f.resultId,
    content: f.content,
    contact: f.contact,
    correction: f.correctionField
      ? {
          field: f.correctionField,
          label: CORRECTION_FIELD_LABELS[f.correctionField] ?? f.correctionField,
          proposed: f.correctionProposed ?? "",
          ...(f.correctionEvidence ? { evidence: f.correctionEvidence } : {}),
          ...(f.correctionEvidenceUrl ? { evidenceUrl: f.correctionEvidenceUrl } : {}),
          ...(f.correctionCurrent !== null ? { currentWhenProposed: f.correctionCurrent } : {}),
        }
      : null,
    evidenceFiles: (f.evidenceFiles ?? []).map((e, i) => ({
      n: i + 1,
      name: e.name,
      type: e.type,
      size: e.size,
      sha256: e.sha256,
    })),
    status: f.status,
    dueBy: f.dueBy,
    dueByProvisional: f.dueByProvisional,
    overdue: (f.status === "received" || f.status === "accepted") && f.dueBy < today,
    reply: f.reply,
    replyPublic: f.replyPublic,
    repliedAt: f.repliedAt?.toISOString() ?? null,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

/** The staff view with the item's handling trail. */
export async function detailView(em: EntityManager, f: Feedback, now: Date): Promise<FeedbackDetail> {
  const trail = await em.find(FeedbackStep, { feedbackId: f.id }, { orderBy: { seq: "asc" } });
  return {
    ...staffView(f, chinaToday(now)),
    trail: trail.map((s) => ({
      seq: s.seq,
      action: s.action,
      actor: s.actorName,
      actorId: s.actorId,
      at: s.at.toISOString(),
      note: s.note,
    })),
  };
}
