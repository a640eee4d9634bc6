/**
 * The feedback service's contract: its actions, the params each validates, and what each answers
 * (the sender's tracked view, the staff view with its handling trail, a body's public statistics).
 */
import {
  action,
  EVENTS_SINCE_PARAMS,
  STATS_QUERY_PARAMS,
  type EventsSinceParams,
  type StatsQuery,
} from "../../lib/contract.js";
import type { ResponseAggregates } from "../../shared/reports.js";
import { ANY, arr, BOOL, INT, json, literal, media, nullable, obj, oneOf, opt, page, STR } from "../../lib/replies.js";
import type { Page } from "../../shared/paging.js";
import { CORRECTION_FIELDS, type CorrectionField } from "../../shared/correction-fields.js";
import { EVIDENCE_MAX_BYTES, EVIDENCE_TYPES, type EvidenceType } from "../../shared/evidence.js";
import { ID, optionalText, pagingParams, text, type ParamsSchema, type RuleObject } from "../../shared/validation.js";
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_STATUSES,
  TARGET_TYPES,
  type FeedbackCategory,
  type FeedbackStatus,
  type TargetType,
} from "./entities.js";

export type { CorrectionField, EvidenceType, FeedbackCategory, FeedbackStatus, TargetType };

/**
 * A correction request's proposal about one field of a notice (category correction, target a
 * notice): the field, the value the citizen proposes, and their evidence (a short text, a link).
 */
export interface CorrectionProposal {
  field: CorrectionField;
  proposed: string;
  evidence?: string;
  evidenceUrl?: string;
}

const correctionRule: RuleObject = {
  type: "object",
  optional: true,
  props: {
    field: { type: "enum", values: [...CORRECTION_FIELDS] },
    proposed: text(5000),
    evidence: optionalText(1000),
    // A link to the evidence (a page of the issuing body, a registry entry…): http(s) only.
    evidenceUrl: { type: "string", trim: true, max: 1000, pattern: "^https?://[^\\s]+$", optional: true },
  },
};

/** Feedback with fewer visible characters says nothing. */
export const MIN_VISIBLE = 5;

/**
 * The submit schema for a content limit: the limit is the deployment's (FEEDBACK_MAX_LENGTH), so
 * the service validates with `submitParams(config.feedback.maxLength)`; the contract's own copy
 * carries the largest limit a deployment may set.
 */
export function submitParams(maxLength: number): ParamsSchema {
  return {
    category: { type: "enum", values: [...FEEDBACK_CATEGORIES] },
    targetType: { type: "enum", values: [...TARGET_TYPES], optional: true },
    targetId: { ...ID, optional: true },
    content: text(maxLength, { min: MIN_VISIBLE }),
    contact: optionalText(200),
    correction: correctionRule,
    // Honeypot: people never see this field; bots fill it in.
    website: { type: "string", max: 500, optional: true },
  };
}

export interface SubmitParams {
  category: FeedbackCategory;
  targetType?: TargetType;
  targetId?: string;
  content: string;
  contact?: string;
  /** Only with category correction and a notice as the target (422 otherwise). */
  correction?: CorrectionProposal;
  website?: string;
}

/** One evidence file of a portal submission: its name, and its length in the call's stream. */
export interface EvidencePart {
  name: string;
  size: number;
}

/**
 * The portal's submission with evidence files: the feedback, and the files' names and sizes; the
 * call's stream carries their bytes one after another, in that order (files never cross the bus
 * as params).
 */
export interface SubmitWithEvidenceParams extends SubmitParams {
  evidenceFiles: EvidencePart[];
}

/** The parts of the stream, as submitWithEvidence validates them; the use case counts and checks the files. */
const evidencePartsRule: RuleObject = {
  type: "array",
  min: 1,
  max: 10,
  items: {
    type: "object",
    props: {
      name: { type: "string", max: 500 },
      size: { type: "number", integer: true, min: 0, max: EVIDENCE_MAX_BYTES },
    },
  },
};

/** The submit schema with the evidence files' parts (an internal action, not on the public API). */
export function submitWithEvidenceParams(maxLength: number): ParamsSchema {
  return { ...submitParams(maxLength), evidenceFiles: evidencePartsRule };
}

export interface SubmitReply {
  trackingCode: string;
  dueBy: string;
  /** The same feedback was already received (or this is a retry of it): its code again. */
  duplicate?: true;
}

export interface TrackParams {
  trackingCode: string;
}

/** What the holder of a tracking code sees: personal data in the texts masked, spam looking received. */
export interface TrackedFeedback {
  trackingCode: string;
  status: Exclude<FeedbackStatus, "spam">;
  category: FeedbackCategory;
  targetType: TargetType | null;
  targetId: string | null;
  targetTitle: string | null;
  content: string;
  createdAt: string;
  dueBy: string;
  reply?: string;
  repliedAt?: string;
  replyPublic?: boolean;
}

export interface StatsParams {
  bodyId: string;
}

/** A body's feedback record; the numbers only once there are `minimum` items. */
export type FeedbackStats =
  | { bodyId: string; enough: false; minimum: number }
  | {
      bodyId: string;
      enough: true;
      minimum: number;
      received: number;
      replied: number;
      overdue: number;
      medianWorkingDays: number | null;
    };

export interface ListFeedbackParams {
  status?: FeedbackStatus;
  overdue?: boolean;
  category?: FeedbackCategory;
  limit?: number;
  cursor?: string;
}

export interface FeedbackIdParams {
  id: string;
}

export interface HandleParams {
  id: string;
  note?: string;
}

export interface ReplyParams {
  id: string;
  reply: string;
  public: boolean;
}

export interface ResolveNoticeParams {
  id: string;
  action: "correct" | "withdraw";
  reason: string;
  changes?: Record<string, unknown>;
  reply: string;
  public: boolean;
}

/** A feedback item as the answering body's staff see it, contact included. */
export interface FeedbackView {
  id: string;
  trackingCode: string;
  category: FeedbackCategory;
  targetType: TargetType | null;
  targetId: string | null;
  targetTitle: string | null;
  bodyId: string | null;
  resultId: string | null;
  content: string;
  contact: string | null;
  /**
   * The correction request's proposal, with the notice page's label of its field and the notice's
   * value of that field when the proposal came (absent when the notice had none); staff only.
   */
  correction: (CorrectionProposal & { label: string; currentWhenProposed?: string }) | null;
  /** The evidence files sent with it (download: evidenceFile by `n`); staff only. */
  evidenceFiles: EvidenceFileView[];
  status: FeedbackStatus;
  dueBy: string;
  dueByProvisional: boolean;
  overdue: boolean;
  reply: string | null;
  replyPublic: boolean;
  repliedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An evidence file as staff see it listed: its place (from 1), name, type by content, size and SHA-256. */
export interface EvidenceFileView {
  n: number;
  name: string;
  type: EvidenceType;
  size: number;
  sha256: string;
}

export interface EvidenceFileParams {
  id: string;
  n: number;
}

/** One step of an item's handling trail. */
export interface FeedbackStepView {
  seq: number;
  action: string;
  /** Who acted: a staff member's username, or 公众 (the public). */
  actor: string;
  /** The staff member's user id (null for the public), for showing their name. */
  actorId: string | null;
  at: string;
  note: string | null;
}

export interface FeedbackDetail extends FeedbackView {
  trail: FeedbackStepView[];
}

export interface ResolvedNotice {
  feedback: FeedbackDetail;
  /** The results service's answer to the correction or withdrawal, passed on as it came. */
  result: unknown;
}

/** A public reply as the feed shows it beside its target. */
export interface PublicFeedback {
  id: string;
  category: FeedbackCategory;
  targetType: TargetType | null;
  targetId: string | null;
  bodyId: string | null;
  content: string;
  reply: string;
  createdAt: string;
  repliedAt: string | null;
}

/** An outbox event: the item's public view, or null when it is (no longer) public. */
export interface FeedbackChange {
  seq: string;
  id: string;
  view: PublicFeedback | null;
}

const handleParams = { id: ID, note: optionalText(1000) };

// ---- what the HTTP routes answer, as documented rules (lib/replies.ts)

const CATEGORY = oneOf(FEEDBACK_CATEGORIES);
const TARGET_TYPE = nullable(oneOf(TARGET_TYPES));

const TRACKED = obj({
  trackingCode: STR,
  status: oneOf(FEEDBACK_STATUSES.filter((s) => s !== "spam")),
  category: CATEGORY,
  targetType: TARGET_TYPE,
  targetId: nullable(STR),
  targetTitle: nullable(STR),
  content: STR,
  createdAt: STR,
  dueBy: STR,
  reply: opt(STR),
  repliedAt: opt(STR),
  replyPublic: opt(BOOL),
});

const STATS = [
  obj({ bodyId: STR, enough: literal(false), minimum: INT }),
  obj({
    bodyId: STR,
    enough: literal(true),
    minimum: INT,
    received: INT,
    replied: INT,
    overdue: INT,
    medianWorkingDays: nullable({ type: "number" }),
  }),
];

const FEEDBACK_VIEW_FIELDS = {
  id: STR,
  trackingCode: STR,
  category: CATEGORY,
  targetType: TARGET_TYPE,
  targetId: nullable(STR),
  targetTitle: nullable(STR),
  bodyId: nullable(STR),
  resultId: nullable(STR),
  content: STR,
  contact: nullable(STR),
  correction: nullable(
    obj({
      field: oneOf(CORRECTION_FIELDS),
      proposed: STR,
      evidence: opt(STR),
      evidenceUrl: opt(STR),
      label: STR,
      currentWhenProposed: opt(STR),
    }),
  ),
  evidenceFiles: arr(obj({ n: INT, name: STR, type: oneOf(Object.keys(EVIDENCE_TYPES)), size: INT, sha256: STR })),
  status: oneOf(FEEDBACK_STATUSES),
  dueBy: STR,
  dueByProvisional: BOOL,
  overdue: BOOL,
  reply: nullable(STR),
  replyPublic: BOOL,
  repliedAt: nullable(STR),
  createdAt: STR,
  updatedAt: STR,
};

const DETAIL = obj({
  ...FEEDBACK_VIEW_FIELDS,
  trail: arr(obj({ seq: INT, action: STR, actor: STR, actorId: nullable(STR), at: STR, note: nullable(STR) })),
});
const DETAIL_REPLY = json(DETAIL);

/** A public reply as the feed answers it. */
export const PUBLIC_FEEDBACK = obj({
  id: STR,
  category: CATEGORY,
  targetType: TARGET_TYPE,
  targetId: nullable(STR),
  bodyId: nullable(STR),
  content: STR,
  reply: STR,
  createdAt: STR,
  repliedAt: nullable(STR),
});

const SUBMIT_REPLY = json(obj({ trackingCode: STR, dueBy: STR, duplicate: opt(literal(true)) }));

export const feedback = {
  submit: action<SubmitParams, SubmitReply>("feedback.submit", submitParams(20_000), SUBMIT_REPLY),
  /** The portal's form with evidence files: their bytes in the call's stream, one after another. */
  submitWithEvidence: action<SubmitWithEvidenceParams, SubmitReply>(
    "feedback.submitWithEvidence",
    submitWithEvidenceParams(20_000),
    SUBMIT_REPLY,
  ),
  /** One evidence file's bytes (a stream), for the answering body's staff. */
  evidenceFile: action<EvidenceFileParams, NodeJS.ReadableStream>(
    "feedback.evidenceFile",
    { id: ID, n: { type: "number", integer: true, min: 1, max: 10, convert: true } },
    media("application/octet-stream", "The evidence file as sent (PDF, JPEG or PNG, its type in Content-Type)"),
  ),
  track: action<TrackParams, TrackedFeedback>(
    "feedback.track",
    { trackingCode: { type: "string", min: 1, max: 40 } },
    json(TRACKED),
  ),
  stats: action<StatsParams, FeedbackStats>("feedback.stats", { bodyId: ID }, json(STATS)),
  /** For the public statistics (reports): feedback received and replied to in a period, counted in SQL. */
  statsResponses: action<StatsQuery, ResponseAggregates>("feedback.statsResponses", STATS_QUERY_PARAMS),
  list: action<ListFeedbackParams, Page<FeedbackView>>(
    "feedback.list",
    {
      status: { type: "enum", values: [...FEEDBACK_STATUSES], optional: true },
      overdue: { type: "boolean", convert: true, optional: true },
      category: { type: "enum", values: [...FEEDBACK_CATEGORIES], optional: true },
      ...pagingParams,
    },
    json(page(obj(FEEDBACK_VIEW_FIELDS))),
  ),
  get: action<FeedbackIdParams, FeedbackDetail>("feedback.get", { id: ID }, DETAIL_REPLY),
  accept: action<HandleParams, FeedbackDetail>("feedback.accept", handleParams, DETAIL_REPLY),
  replyTo: action<ReplyParams, FeedbackDetail>(
    "feedback.replyTo",
    {
      id: ID,
      reply: text(5000),
      public: { type: "boolean" },
    },
    DETAIL_REPLY,
  ),
  close: action<HandleParams, FeedbackDetail>("feedback.close", handleParams, DETAIL_REPLY),
  markSpam: action<HandleParams, FeedbackDetail>("feedback.markSpam", handleParams, DETAIL_REPLY),
  resolveNotice: action<ResolveNoticeParams, ResolvedNotice>(
    "feedback.resolveNotice",
    {
      id: ID,
      action: { type: "enum", values: ["correct", "withdraw"] },
      reason: text(1000),
      changes: { type: "object", optional: true },
      reply: text(5000),
      public: { type: "boolean" },
    },
    json(obj({ feedback: DETAIL, result: ANY })),
  ),
  eventsSince: action<EventsSinceParams, FeedbackChange[]>("feedback.eventsSince", { ...EVENTS_SINCE_PARAMS }),
};
