/** Public feedback (群众意见反馈): items with a tracking code, their handling trail, rate-limit hits, outbox. */
import { EntitySchema } from "@mikro-orm/postgresql";
import { rateHitTable } from "../../lib/rate-limit.js";
import type { CorrectionField } from "../../shared/correction-fields.js";
import type { EvidenceType } from "../../shared/evidence.js";

export const FEEDBACK_CATEGORIES = ["suggestion", "complaint", "correction", "inquiry"] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];
export const TARGET_TYPES = ["notice", "power", "officer", "body"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];
export const FEEDBACK_STATUSES = ["received", "accepted", "replied", "closed", "spam"] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** An evidence file (证明材料) of a correction request, kept in object storage: staff only. */
export interface EvidenceFile {
  /** The object's key in the bucket (feedback/<feedbackId>/<n>.<ext>). */
  key: string;
  /** The sender's file name, cleaned (shared/evidence.ts evidenceFileName). */
  name: string;
  /** By the file's first bytes, not its name. */
  type: EvidenceType;
  size: number;
  sha256: string;
}

export class Feedback {
  id!: string;
  trackingCode!: string;
  category!: FeedbackCategory;
  targetType!: TargetType | null;
  targetId!: string | null;
  targetTitle!: string | null;
  /** The body that must answer: the target's owner, or the configured body for general feedback. */
  bodyId!: string | null;
  /** For a correction request on a notice: the result the officer corrects or withdraws. */
  resultId!: string | null;
  content!: string;
  /** A correction request's proposal (field, value, evidence): staff only, never in a public view. */
  correctionField!: CorrectionField | null;
  correctionProposed!: string | null;
  correctionEvidence!: string | null;
  correctionEvidenceUrl!: string | null;
  /**
   * The notice's value of the proposal's field when the proposal came (its public record then):
   * what the officer compares with once the notice is no longer public.
   */
  correctionCurrent!: string | null;
  /** Evidence files, in the order sent: staff only. */
  evidenceFiles!: EvidenceFile[];
  /** Never public: only the answering body's staff see it. */
  contact!: string | null;
  contentHash!: string;
  clientKey!: string;
  idempotencyKey!: string | null;
  status!: FeedbackStatus;
  dueBy!: string;
  dueByProvisional!: boolean;
  reply!: string | null;
  replyPublic!: boolean;
  repliedAt!: Date | null;
  replyWorkingDays!: number | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export class FeedbackStep {
  feedbackId!: string;
  seq!: number;
  action!: string;
  actorId!: string | null;
  actorName!: string;
  at!: Date;
  note!: string | null;
}

/** Rate-limit hits of public submissions (lib/rate-limit.ts). */
export const { entity: RateHit, schema: RateHitSchema } = rateHitTable();

/** Outbox of public replies for the feed. */
export class FeedbackEvent {
  seq!: string;
  feedbackId!: string;
  at!: Date;
}

export const FeedbackSchema = new EntitySchema<Feedback>({
  class: Feedback,
  tableName: "feedback",
  properties: {
    id: { type: "string", primary: true },
    trackingCode: { type: "string", unique: true },
    category: { type: "string" },
    targetType: { type: "string", nullable: true },
    targetId: { type: "string", nullable: true },
    targetTitle: { type: "string", nullable: true },
    bodyId: { type: "string", nullable: true },
    resultId: { type: "string", nullable: true },
    content: { type: "text" },
    correctionField: { type: "string", nullable: true },
    correctionProposed: { type: "text", nullable: true },
    correctionEvidence: { type: "text", nullable: true },
    correctionEvidenceUrl: { type: "text", nullable: true },
    correctionCurrent: { type: "text", nullable: true },
    evidenceFiles: { type: "json" },
    contact: { type: "string", nullable: true },
    contentHash: { type: "string" },
    clientKey: { type: "string" },
    idempotencyKey: { type: "string", nullable: true },
    status: { type: "string" },
    dueBy: { type: "string", columnType: "date" },
    dueByProvisional: { type: "boolean" },
    reply: { type: "text", nullable: true },
    replyPublic: { type: "boolean" },
    repliedAt: { type: "Date", nullable: true },
    replyWorkingDays: { type: "integer", nullable: true },
    createdAt: { type: "Date" },
    updatedAt: { type: "Date" },
  },
});

export const FeedbackStepSchema = new EntitySchema<FeedbackStep>({
  class: FeedbackStep,
  tableName: "steps",
  properties: {
    feedbackId: { type: "string", primary: true },
    seq: { type: "integer", primary: true },
    action: { type: "string" },
    actorId: { type: "string", nullable: true },
    actorName: { type: "string" },
    at: { type: "Date" },
    note: { type: "text", nullable: true },
  },
});

export const FeedbackEventSchema = new EntitySchema<FeedbackEvent>({
  class: FeedbackEvent,
  tableName: "events",
  properties: {
    seq: { type: "bigint", primary: true, autoincrement: true },
    feedbackId: { type: "string" },
    at: { type: "Date" },
  },
});

export const entities = [FeedbackSchema, FeedbackStepSchema, RateHitSchema, FeedbackEventSchema];
