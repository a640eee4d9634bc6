/**
 * 依申请公开 records: a request for government information with its applicant (personal data: the
 * body's officers only), its append-only trail — whose clock steps are the history shared/requests
 * computes every date from — later remedies, rate-limit hits and the outbox for the feed.
 */
import { EntitySchema } from "@mikro-orm/postgresql";
import { rateHitTable } from "../../lib/rate-limit.js";
import { auditTable } from "../../lib/audit.js";
import type { CleanType } from "../../shared/file-clean.js";
import type {
  AnswerItem,
  AnswerTypeCode,
  Applicant,
  ApplicantKind,
  DeliveryMethod,
  FeeBand,
  FeeStandard,
  ProvisionForm,
  ReceiptChannel,
  RemedyKind,
  RemedyOutcome,
  RequestEvent,
  RequestState,
} from "../../shared/requests.js";

/** The fee notice of a request (信息处理费) and its payment. */
export interface FeeRecord {
  standard: FeeStandard;
  /** Items (件) of this request, or pages. */
  quantity: number;
  /** Items the applicant filed earlier that month (per-item fees only). */
  previousItems: number;
  yuan: number;
  bands: FeeBand[];
  noticedOn: string;
  dueOn: string;
  paidOn: string | null;
}

export class InfoRequest {
  id!: string;
  /** What the applicant holds to follow the request and send the 补正 (shared/verify-code.ts). */
  trackingCode!: string;
  bodyId!: string;
  bodyName!: string;
  channel!: ReceiptChannel;
  /** Identity and contact: never public, never in the outbox or a log (masked there). */
  applicant!: Applicant;
  /** The report's column (自然人, 商业企业…): not identity. */
  applicantKind!: ApplicantKind;
  /** A hash of the applicant's kind and document number: their requests of a month, for the per-item fee. */
  applicantKey!: string;
  description!: string;
  form!: ProvisionForm;
  delivery!: DeliveryMethod;
  /** What the 补正 notice asks for, and what the applicant sent. */
  correctionWhat!: string | null;
  correctionText!: string | null;
  fee!: FeeRecord | null;
  answerText!: string | null;
  answerItems!: AnswerItem[];
  /** The information processing fee the answer charges (元), when it says one. */
  answerFeeYuan!: number | null;
  /** The 复议机关 and the court the answer names for its remedies. */
  reviewOrgan!: string | null;
  court!: string | null;
  /** The signed 答复告知书 (notices.issueLetter), once issued. */
  letterId!: string | null;
  letterVerifyCode!: string | null;
  letterSha256!: string | null;
  letterIssuedAt!: Date | null;
  /** Requests an officer linked as asking the same information (Art. 44): one group id. */
  sameAs!: string | null;
  // ---- from the clock as of the last step (the answers compute it afresh): lists, timer, statistics
  state!: RequestState;
  receivedOn!: string | null;
  dueBy!: string | null;
  /** The applicant's open deadline (补正 or payment): the lapse timer looks here. */
  applicantDueOn!: string | null;
  outcomeType!: AnswerTypeCode | null;
  outcomeOn!: string | null;
  /** Working days the clock ran, paused days excluded, up to the outcome. */
  workingDaysUsed!: number | null;
  late!: boolean;
  // ---- submission bookkeeping (online submissions)
  contentHash!: string | null;
  clientKey!: string | null;
  idempotencyKey!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** One step of the trail: a clock step (`event`, the history) or a record without one (a remedy). */
export class RequestStep {
  requestId!: string;
  seq!: number;
  kind!: string;
  event!: RequestEvent | null;
  /** The staff member's user id; null for the applicant and the platform. */
  actorId!: string | null;
  actorName!: string;
  actorRole!: string | null;
  at!: Date;
  note!: string | null;
}

export class Remedy {
  id!: string;
  requestId!: string;
  kind!: RemedyKind;
  filedOn!: string;
  outcome!: RemedyOutcome;
  decidedOn!: string | null;
  note!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** Rate-limit hits of public submissions (lib/rate-limit.ts). */
export const { entity: RateHit, schema: RateHitSchema } = rateHitTable();

/** Outbox for the feed: a request changed (its public, identity-free view is read at delivery). */
export class RequestOutbox {
  seq!: string;
  requestId!: string;
  at!: Date;
}

export const InfoRequestSchema = new EntitySchema<InfoRequest>({
  class: InfoRequest,
  tableName: "requests",
  properties: {
    id: { type: "string", primary: true },
    trackingCode: { type: "string", unique: true },
    bodyId: { type: "string" },
    bodyName: { type: "string" },
    channel: { type: "string" },
    applicant: { type: "json" },
    applicantKind: { type: "string" },
    applicantKey: { type: "string" },
    description: { type: "text" },
    form: { type: "string" },
    delivery: { type: "string" },
    correctionWhat: { type: "text", nullable: true },
    correctionText: { type: "text", nullable: true },
    fee: { type: "json", nullable: true },
    answerText: { type: "text", nullable: true },
    answerItems: { type: "json" },
    answerFeeYuan: { type: "integer", nullable: true },
    reviewOrgan: { type: "string", nullable: true },
    court: { type: "string", nullable: true },
    letterId: { type: "string", nullable: true },
    letterVerifyCode: { type: "string", nullable: true },
    letterSha256: { type: "string", nullable: true },
    letterIssuedAt: { type: "Date", nullable: true },
    sameAs: { type: "string", nullable: true },
    state: { type: "string" },
    receivedOn: { type: "string", columnType: "date", nullable: true },
    dueBy: { type: "string", columnType: "date", nullable: true },
    applicantDueOn: { type: "string", columnType: "date", nullable: true },
    outcomeType: { type: "string", nullable: true },
    outcomeOn: { type: "string", columnType: "date", nullable: true },
    workingDaysUsed: { type: "integer", nullable: true },
    late: { type: "boolean" },
    contentHash: { type: "string", nullable: true },
    clientKey: { type: "string", nullable: true },
    idempotencyKey: { type: "string", nullable: true },
    createdAt: { type: "Date" },
    updatedAt: { type: "Date" },
  },
});

export const RequestStepSchema = new EntitySchema<RequestStep>({
  class: RequestStep,
  tableName: "steps",
  properties: {
    requestId: { type: "string", primary: true },
    seq: { type: "integer", primary: true },
    kind: { type: "string" },
    event: { type: "json", nullable: true },
    actorId: { type: "string", nullable: true },
    actorName: { type: "string" },
    actorRole: { type: "string", nullable: true },
    at: { type: "Date" },
    note: { type: "text", nullable: true },
  },
});

export const RemedySchema = new EntitySchema<Remedy>({
  class: Remedy,
  tableName: "remedies",
  properties: {
    id: { type: "string", primary: true },
    requestId: { type: "string" },
    kind: { type: "string" },
    filedOn: { type: "string", columnType: "date" },
    outcome: { type: "string" },
    decidedOn: { type: "string", columnType: "date", nullable: true },
    note: { type: "text", nullable: true },
    createdAt: { type: "Date" },
    updatedAt: { type: "Date" },
  },
});

export const RequestOutboxSchema = new EntitySchema<RequestOutbox>({
  class: RequestOutbox,
  tableName: "events",
  properties: {
    seq: { type: "bigint", primary: true, autoincrement: true },
    requestId: { type: "string" },
    at: { type: "Date" },
  },
});

/**
 * A task to publish actively what several applicants asked (Art. 44): raised when a group of
 * linked requests reaches three applicants within twelve months, closed by an officer.
 */
export class DisclosureTask {
  groupId!: string;
  bodyId!: string;
  raisedAt!: Date;
  doneAt!: Date | null;
  doneBy!: string | null;
  note!: string | null;
}

export const DisclosureTaskSchema = new EntitySchema<DisclosureTask>({
  class: DisclosureTask,
  tableName: "disclosure_tasks",
  properties: {
    groupId: { type: "string", primary: true },
    bodyId: { type: "string" },
    raisedAt: { type: "Date" },
    doneAt: { type: "Date", nullable: true },
    doneBy: { type: "string", nullable: true },
    note: { type: "text", nullable: true },
  },
});

/**
 * A file attached to the answer, as stored under `requests/<requestId>/<n>` once cleaned of its
 * hidden metadata (shared/file-clean.ts); `removed` says what the cleaning took out.
 */
export class RequestAttachment {
  requestId!: string;
  n!: number;
  name!: string;
  type!: CleanType;
  size!: number;
  sha256!: string;
  removed!: string[];
  objectKey!: string;
  uploadedBy!: string | null;
  uploadedAt!: Date;
}

export const RequestAttachmentSchema = new EntitySchema<RequestAttachment>({
  class: RequestAttachment,
  tableName: "attachments",
  properties: {
    requestId: { type: "string", primary: true },
    n: { type: "integer", primary: true },
    name: { type: "text" },
    type: { type: "string" },
    size: { type: "integer" },
    sha256: { type: "string" },
    removed: { type: "json" },
    objectKey: { type: "string" },
    uploadedBy: { type: "string", nullable: true },
    uploadedAt: { type: "Date" },
  },
});

/** Who opened an applicant's identity and why, and every step: the audit log (lib/audit.ts). */
export const AUDIT = auditTable();

export const entities = [
  InfoRequestSchema,
  RequestStepSchema,
  RemedySchema,
  RateHitSchema,
  RequestOutboxSchema,
  DisclosureTaskSchema,
  RequestAttachmentSchema,
  AUDIT.schema,
];
