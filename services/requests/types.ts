/**
 * What the requests service's actions take and answer, as types (contract.ts holds the schemas,
 * the reply rules and the action table, and re-exports these).
 */
import type { CleanType } from "../../shared/file-clean.js";
import type { Page } from "../../shared/paging.js";
import {
  REQUEST_STATES,
  type AnswerItem,
  type AnswerTypeCode,
  type ApplicantKind,
  type ClockWarning,
  type DeliveryMethod,
  type FeeStandard,
  type IdType,
  type LapseReason,
  type PauseType,
  type ProvisionForm,
  type ReceiptChannel,
  type RemedyKind,
  type RemedyOutcome,
  type RequestEventKind,
  type RequestState,
} from "../../shared/requests.js";

export type { Page };

// ---- params

/**
 * The applicant as a form sends it: a person's document, or an organisation's credit code. The
 * handbook's shorter form is taken too: `type` (natural | legal | other) for `kind`, and the
 * contact fields inside the applicant.
 */
export interface ApplicantInput {
  kind?: ApplicantKind;
  type?: (typeof APPLICANT_TYPES)[number];
  name: string;
  idType?: IdType;
  idNumber?: string;
  creditCode?: string;
  contactPerson?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** The outcomes by their names in the annual report's table 四. */
export const REMEDY_OUTCOME_NAMES = { 维持: "upheld", 纠正: "corrected", 其他: "other", 尚未审结: "pending" } as const;

/** The handbook's applicant types: 自然人, 法人, 其他组织. */
export const APPLICANT_TYPES = ["natural", "legal", "other"] as const;

export interface ContactInput {
  phone?: string;
  email?: string;
  address?: string;
}

/** What every request says, however it arrives (Art. 29). */
interface RequestContent {
  bodyId: string;
  applicant: ApplicantInput;
  contact?: ContactInput;
  /** 所需政府信息的名称、文号或者便于查询的其他特征性描述. */
  description: string;
  /** Electronic (email) when not said. */
  form?: ProvisionForm;
  /** Through the platform (online) when not said. */
  delivery?: DeliveryMethod;
}

export type SubmitParams = RequestContent;

export interface SubmitReply {
  trackingCode: string;
  /** The same request was already received (or this is a retry of it): its code again. */
  duplicate?: true;
}

/** Channels an officer registers (online requests come through the public route). */
export const REGISTER_CHANNELS = ["in_person", "post", "letter", "fax"] as const;
export type RegisterChannel = (typeof REGISTER_CHANNELS)[number];

export interface RegisterParams extends RequestContent {
  channel: RegisterChannel;
  /** 收到日 (Art. 31): handed in, signed for, confirmed with the applicant, or the fax confirmed. */
  receivedOn: string;
  /** A fax's day of sending (default: receivedOn). */
  submittedOn?: string;
  note?: string;
}

export interface IdParams {
  id: string;
}

/** A step dated `on` (default: today in China); its note goes on the trail (staff only). */
export interface StepParams {
  id: string;
  on?: string;
  note?: string;
}

export interface CorrectionParams extends StepParams {
  /** What to add or make clear (or `items`, the handbook's list of the same). */
  what?: string;
  items?: string[];
  /** The day the corrected request must arrive by. */
  dueOn: string;
}

export interface CorrectionReceivedParams extends StepParams {
  /** The corrected request's text, if it came on paper and is typed in. */
  text?: string;
}

export interface PublicCorrectionParams {
  trackingCode: string;
  text: string;
}

export interface ExtendParams extends StepParams {
  days: number;
  approvedBy: string;
  reason: string;
}

export interface PauseParams extends StepParams {
  /** `other_agency` is the handbook's name of `agency`. */
  type: Exclude<PauseType, "fee"> | "other_agency";
  /** The day the third party's or agency's view is due (a third party: 15 working days by default). */
  dueOn?: string;
}

export interface AnswerParams extends StepParams {
  type: AnswerTypeCode;
  text: string;
  items?: AnswerItem[];
  /** The fee charged (元), or what it is charged for (the 109号 rule computes it). */
  fee?: number | { items?: number; pages?: number };
  /** The 复议机关 and the court the letter names for the remedies. */
  reviewOrgan?: string;
  court?: string;
}

export interface FeeNoticeParams extends StepParams {
  standard: FeeStandard;
  /** Items (件) of this request, or pages. */
  quantity: number;
  /** The payment deadline (default: 20 working days after the notice). */
  dueOn?: string;
}

export interface RemedyParams {
  id: string;
  kind: RemedyKind;
  /** Today when not said. */
  filedOn?: string;
  /** Or its Chinese name in the annual report (维持, 纠正, 其他, 尚未审结). */
  outcome: RemedyOutcome | keyof typeof REMEDY_OUTCOME_NAMES;
  decidedOn?: string;
  note?: string;
}

export interface RemedyOutcomeParams {
  id: string;
  remedyId: string;
  outcome: RemedyOutcome;
  decidedOn?: string;
  note?: string;
}

export const LIST_STATES = ["open", "final", "all", ...REQUEST_STATES] as const;

export interface ListParams {
  /** open (default), final, all, or one state. */
  status?: (typeof LIST_STATES)[number];
  /** Admins: one body's requests. */
  bodyId?: string;
  overdue?: boolean;
  limit?: number;
  cursor?: string;
}

export interface TrackParams {
  trackingCode: string;
}

export interface FeeQuoteParams {
  items?: number;
  pages?: number;
  /** Items the applicant already filed this calendar month (per-item fees). */
  previousItems?: number;
}

export interface StatsParams {
  bodyId: string;
  year: number;
}

// ---- views

/** The clock of a request as of today (shared/requests `requestClock`). */
export interface ClockView {
  status: RequestState;
  submittedOn: string | null;
  receivedOn: string | null;
  countsFrom: string | null;
  dueBy: string | null;
  pausedDays: number;
  extendedDays: number;
  workingDaysUsed: number;
  workingDaysLeft: number | null;
  overdue: boolean;
  overdueBy: number;
  /** A day counted lies in a year the calendar has no schedule for (Monday–Friday assumed). */
  dueByProvisional: boolean;
  pause: { type: PauseType; since: string; dueOn: string | null } | null;
  lapse: { reason: LapseReason; since: string } | null;
  warnings: ClockWarning[];
}

export interface FeeView {
  standard: FeeStandard;
  quantity: number;
  previousItems: number;
  yuan: number;
  noticedOn: string;
  dueOn: string;
  paidOn: string | null;
}

export interface OutcomeView {
  type: AnswerTypeCode;
  label: string;
  /** The row of the annual report's table 三. */
  row: string;
  on: string;
  via: "answer" | "lapse";
  late: boolean;
}

/** The queue's line: the applicant masked, the clock as of today. */
export interface RequestSummary extends ClockView {
  id: string;
  trackingCode: string;
  bodyId: string;
  channel: ReceiptChannel;
  applicantKind: ApplicantKind;
  /** 自然人 李* 居民身份证 110***********1234. */
  applicant: string;
  description: string;
  outcome: OutcomeView | null;
  createdAt: string;
}

export interface TrailStepView {
  seq: number;
  kind: string;
  on: string | null;
  actor: string;
  actorId: string | null;
  at: string;
  note: string | null;
  /** The clock step as recorded (dates, days, approver…). */
  event: Record<string, unknown> | null;
}

export interface RemedyView {
  id: string;
  kind: RemedyKind;
  filedOn: string;
  outcome: RemedyOutcome;
  decidedOn: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One request as its body's officers see it: identity, contact, the full trail. */
export interface RequestDetail extends ClockView {
  id: string;
  trackingCode: string;
  bodyId: string;
  bodyName: string;
  channel: ReceiptChannel;
  /** Masked: the whole identity is opened with a reason (openIdentity), and that is audited. */
  applicant: ApplicantView;
  identityOpened: false;
  description: string;
  form: ProvisionForm;
  delivery: DeliveryMethod;
  correction: {
    allowedUntil: string;
    allowed: boolean;
    requestedOn: string | null;
    dueOn: string | null;
    receivedOn: string | null;
    what: string | null;
    text: string | null;
  } | null;
  fee: FeeView | null;
  answer: AnswerView | null;
  letter: LetterView | null;
  /** The answer's files, cleaned of hidden metadata, with what the cleaning took out. */
  attachments: AttachmentView[];
  /** The group of requests linked as asking the same information (Art. 44), and its size. */
  sameAs: string | null;
  outcome: OutcomeView | null;
  archivedOn: string | null;
  /** The steps the request allows now (for the console's buttons). */
  allowedSteps: RequestEventKind[];
  trail: TrailStepView[];
  remedies: RemedyView[];
  createdAt: string;
  updatedAt: string;
}

export type ApplicantView = ApplicantInput & { contact: ContactInput };

export interface AnswerView {
  text: string;
  items: AnswerItem[];
  feeYuan: number | null;
  reviewOrgan: string | null;
  court: string | null;
}

export interface LetterView {
  verifyCode: string;
  sha256: string;
  issuedAt: string;
}

/** The applicant's whole identity, opened with a reason. */
export interface OpenedIdentity {
  applicant: ApplicantView;
  openedAt: string;
}

export interface OpenIdentityParams {
  id: string;
  reason: string;
}

export interface SameAsParams {
  id: string;
  /** A request of the same body asking the same information: its id, or its tracking code. */
  otherId?: string;
  otherTrackingCode?: string;
}

/** A task to publish actively what several applicants asked (Art. 44). */
export interface DisclosureTaskView {
  groupId: string;
  bodyId: string;
  raisedAt: string;
  doneAt: string | null;
  doneBy: string | null;
  note: string | null;
  requests: {
    id: string;
    trackingCode: string;
    description: string;
    receivedOn: string | null;
    outcomeType: string | null;
  }[];
}

export interface TaskDoneParams {
  groupId: string;
  note: string;
}

/** What the holder of a tracking code sees: no identity, no officer names, texts masked. */
export interface TrackedRequest {
  trackingCode: string;
  bodyId: string;
  bodyName: string;
  status: RequestState;
  submittedOn: string | null;
  receivedOn: string | null;
  dueBy: string | null;
  pausedDays: number;
  extendedDays: number;
  workingDaysLeft: number | null;
  overdue: boolean;
  overdueBy: number;
  /** A day counted lies in a year the calendar has no schedule for (Monday–Friday assumed). */
  dueByProvisional: boolean;
  description: string;
  correction: { requestedOn: string; dueOn: string; what: string; receivedOn: string | null } | null;
  fee: { standard: FeeStandard; quantity: number; yuan: number; dueOn: string; paidOn: string | null } | null;
  outcome: OutcomeView | null;
  answer: AnswerView | null;
  /** The signed 答复告知书, downloadable with the tracking code. */
  letter: LetterView | null;
  /** The answer's files: listed once the request is answered, never before. */
  attachments: PublicAttachmentView[];
  /** The public steps: what happened and when, nobody's name. */
  steps: { kind: RequestEventKind; on: string }[];
}

/** A body's year; the numbers only once `minimum` requests were received. */
export type RequestStats =
  | { bodyId: string; year: number; enough: false; minimum: number }
  | {
      bodyId: string;
      year: number;
      enough: true;
      minimum: number;
      /** Received in the year (收到日). */
      received: number;
      /** Ended in the year, by answer or lapse: every type of table 三, zeros included. */
      answered: number;
      byType: { type: AnswerTypeCode; count: number }[];
      /** Received in the year and answered late, or open and past due today. */
      overdue: number;
      /** Answers in the year: the median of working days the clock ran (paused days excluded). */
      medianWorkingDays: number | null;
    };

/** An outbox event: the request's identity-free view for the feed. */
export interface RequestChange {
  seq: string;
  id: string;
  view: {
    id: string;
    bodyId: string;
    applicantKind: ApplicantKind;
    channel: ReceiptChannel;
    status: RequestState;
    receivedOn: string | null;
    dueBy: string | null;
    outcome: { type: AnswerTypeCode; on: string; late: boolean } | null;
    /** Working days the clock ran up to the outcome, paused days excluded. */
    workingDaysUsed: number | null;
  };
}

/** An answer's file as the applicant sees it (downloaded by its number, from 1). */
export interface PublicAttachmentView {
  n: number;
  name: string;
  type: CleanType;
  size: number;
  sha256: string;
}

/** An answer's file as the body's officers see it: also what the cleaning took out, who and when. */
export interface AttachmentView extends PublicAttachmentView {
  removed: string[];
  uploadedAt: string;
}

/** An attachment's upload: the file is the request body; its name comes in the query (`?name=`). */
export interface UploadAttachmentParams {
  id: string;
  name?: string;
}

export interface AttachmentParams {
  id: string;
  n: number;
}

export interface PublicAttachmentParams {
  trackingCode: string;
  n: number;
}
