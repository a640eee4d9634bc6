/**
 * The requests service's contract (依申请公开): its actions, the params each validates, and what
 * each answers — the staff view with the applicant's identity and the full trail, the applicant's
 * tracking view without identity or officer names, a fee quote, a body's statistics. Every answer
 * about a request carries its clock (status, dueBy, dueByProvisional, pausedDays, extendedDays…) as
 * shared/requests computes it. The param and view types are in types.ts, re-exported here.
 */
import {
  action,
  EVENTS_SINCE_PARAMS,
  STATS_QUERY_PARAMS,
  type EventsSinceParams,
  type StatsQuery,
} from "../../lib/contract.js";
import type { AuditQuery, AuditView } from "../../lib/audit.js";
import { arr, json, literal, media, nullable, obj, opt, page, STR } from "../../lib/replies.js";
import type {
  InformationFeeRecord,
  RemedyRecord as ReportRemedy,
  RequestRecord,
  ResponseAggregates,
} from "../../shared/reports.js";
import type { FeeQuote } from "../../shared/requests.js";
import { attachmentActions } from "./contract-attachments.js";
import { SUMMARY, APPLICANT_WHOLE, TASK, DETAIL_REPLY, TRACKED, FEE_QUOTE, STATS } from "./contract-replies.js";
import {
  ANSWERABLE_TYPE_CODES,
  ANSWER_ITEM_MARKS,
  ANSWER_TYPE_CODES,
  APPLICANT_KINDS,
  DELIVERY_METHODS,
  ID_TYPES,
  PAUSE_TYPES,
  PROVISION_FORMS,
  REMEDY_KINDS,
  REMEDY_OUTCOMES,
} from "../../shared/requests.js";
import {
  APPLICANT_TYPES,
  LIST_STATES,
  REGISTER_CHANNELS,
  REMEDY_OUTCOME_NAMES,
  type AnswerParams,
  type CorrectionParams,
  type CorrectionReceivedParams,
  type DisclosureTaskView,
  type OpenedIdentity,
  type OpenIdentityParams,
  type SameAsParams,
  type TaskDoneParams,
  type ExtendParams,
  type FeeNoticeParams,
  type FeeQuoteParams,
  type IdParams,
  type ListParams,
  type Page,
  type PauseParams,
  type PublicCorrectionParams,
  type RegisterParams,
  type RemedyOutcomeParams,
  type RemedyParams,
  type RequestChange,
  type RequestDetail,
  type RequestStats,
  type RequestSummary,
  type StatsParams,
  type StepParams,
  type SubmitParams,
  type SubmitReply,
  type TrackedRequest,
  type TrackParams,
} from "./types.js";
import {
  DATE,
  ID,
  OPTIONAL_DATE,
  optionalText,
  pagingParams,
  text,
  type ParamsSchema,
  type RuleObject,
} from "../../shared/validation.js";

export * from "./types.js";

// ---- schemas

const contactProps = {
  phone: optionalText(40),
  email: optionalText(200),
  address: optionalText(300),
};

// `kind` (a column of the annual report) or the handbook's `type`; one of them is required (422).
const applicantRule: RuleObject = {
  type: "object",
  props: {
    kind: { type: "enum", values: [...APPLICANT_KINDS], optional: true },
    type: { type: "enum", values: [...APPLICANT_TYPES], optional: true },
    name: text(200),
    idType: { type: "enum", values: [...ID_TYPES], optional: true },
    idNumber: optionalText(40),
    creditCode: optionalText(40),
    contactPerson: optionalText(100),
    ...contactProps,
  },
};

const content: ParamsSchema = {
  bodyId: ID,
  applicant: applicantRule,
  contact: { type: "object", optional: true, props: contactProps },
  description: text(5000),
  form: { type: "enum", values: [...PROVISION_FORMS], optional: true },
  delivery: { type: "enum", values: [...DELIVERY_METHODS], optional: true },
};

const step: ParamsSchema = { id: ID, on: OPTIONAL_DATE, note: optionalText(1000) };

const itemRule: RuleObject = {
  type: "object",
  props: {
    title: text(500),
    result: {
      type: "object",
      props: {
        mark: { type: "enum", values: Object.keys(ANSWER_ITEM_MARKS) },
        where: optionalText(500),
        withheld: optionalText(1000),
        ground: { type: "enum", values: [...ANSWER_TYPE_CODES], optional: true },
      },
    },
  },
};

const COUNT = { type: "number", integer: true, min: 0, convert: true };

/** What the annual report counts of a body's requests (reportRecords). */
export interface ReportRecords {
  requests: RequestRecord[];
  remedies: ReportRemedy[];
  informationFees: InformationFeeRecord[];
}

export const requests = {
  submit: action<SubmitParams, SubmitReply>(
    "requests.submit",
    content,
    json(obj({ trackingCode: STR, duplicate: opt(literal(true)) })),
  ),
  register: action<RegisterParams, RequestDetail>(
    "requests.register",
    {
      ...content,
      channel: { type: "enum", values: [...REGISTER_CHANNELS] },
      receivedOn: DATE,
      submittedOn: OPTIONAL_DATE,
      note: optionalText(1000),
    },
    DETAIL_REPLY,
  ),
  list: action<ListParams, Page<RequestSummary>>(
    "requests.list",
    {
      status: { type: "enum", values: [...LIST_STATES], optional: true },
      bodyId: { ...ID, optional: true },
      overdue: { type: "boolean", convert: true, optional: true },
      ...pagingParams,
    },
    json(page(SUMMARY)),
  ),
  get: action<IdParams, RequestDetail>("requests.get", { id: ID }, DETAIL_REPLY),
  confirm: action<StepParams, RequestDetail>("requests.confirm", step, DETAIL_REPLY),
  requestCorrection: action<CorrectionParams, RequestDetail>(
    "requests.requestCorrection",
    {
      ...step,
      what: optionalText(2000),
      items: { type: "array", optional: true, max: 50, items: text(500) },
      dueOn: DATE,
    },
    DETAIL_REPLY,
  ),
  correctionReceived: action<CorrectionReceivedParams, RequestDetail>(
    "requests.correctionReceived",
    { ...step, text: optionalText(5000) },
    DETAIL_REPLY,
  ),
  extend: action<ExtendParams, RequestDetail>(
    "requests.extend",
    {
      ...step,
      // The range is the rule's (422 EXTENSION_TOO_LONG, shared/requests); here only a whole number.
      days: { type: "number", integer: true, convert: true },
      approvedBy: text(100),
      reason: text(1000),
    },
    DETAIL_REPLY,
  ),
  pause: action<PauseParams, RequestDetail>(
    "requests.pause",
    {
      ...step,
      type: { type: "enum", values: [...PAUSE_TYPES.filter((t) => t !== "fee"), "other_agency"] },
      dueOn: OPTIONAL_DATE,
    },
    DETAIL_REPLY,
  ),
  resume: action<StepParams, RequestDetail>("requests.resume", step, DETAIL_REPLY),
  answer: action<AnswerParams, RequestDetail>(
    "requests.answer",
    {
      ...step,
      type: { type: "enum", values: [...ANSWERABLE_TYPE_CODES] },
      text: text(20_000),
      items: { type: "array", items: itemRule, max: 200, optional: true },
      fee: [
        { type: "number", integer: true, min: 0, max: 100_000_000, optional: true, convert: true },
        {
          type: "object",
          optional: true,
          props: { items: { ...COUNT, optional: true }, pages: { ...COUNT, optional: true } },
        },
      ],
      reviewOrgan: optionalText(200),
      court: optionalText(200),
    },
    DETAIL_REPLY,
  ),
  feeNotice: action<FeeNoticeParams, RequestDetail>(
    "requests.feeNotice",
    {
      ...step,
      standard: { type: "enum", values: ["items", "pages"] },
      quantity: { ...COUNT, min: 1, max: 1_000_000 },
      dueOn: OPTIONAL_DATE,
    },
    DETAIL_REPLY,
  ),
  feePaid: action<StepParams, RequestDetail>("requests.feePaid", step, DETAIL_REPLY),
  archive: action<StepParams, RequestDetail>("requests.archive", step, DETAIL_REPLY),
  addRemedy: action<RemedyParams, RequestDetail>(
    "requests.addRemedy",
    {
      id: ID,
      kind: { type: "enum", values: [...REMEDY_KINDS] },
      filedOn: OPTIONAL_DATE,
      outcome: { type: "enum", values: [...REMEDY_OUTCOMES, ...Object.keys(REMEDY_OUTCOME_NAMES)] },
      decidedOn: OPTIONAL_DATE,
      note: optionalText(1000),
    },
    DETAIL_REPLY,
  ),
  remedyOutcome: action<RemedyOutcomeParams, RequestDetail>(
    "requests.remedyOutcome",
    {
      id: ID,
      remedyId: ID,
      outcome: { type: "enum", values: [...REMEDY_OUTCOMES] },
      decidedOn: OPTIONAL_DATE,
      note: optionalText(1000),
    },
    DETAIL_REPLY,
  ),
  track: action<TrackParams, TrackedRequest>(
    "requests.track",
    { trackingCode: { type: "string", min: 1, max: 40 } },
    json(TRACKED),
  ),
  sendCorrection: action<PublicCorrectionParams, TrackedRequest>(
    "requests.sendCorrection",
    { trackingCode: { type: "string", min: 1, max: 40 }, text: text(5000) },
    json(TRACKED),
  ),
  feeQuote: action<FeeQuoteParams, FeeQuote>(
    "requests.feeQuote",
    {
      items: { ...COUNT, max: 10_000, optional: true },
      pages: { ...COUNT, max: 1_000_000, optional: true },
      previousItems: { ...COUNT, max: 10_000, optional: true },
    },
    json(FEE_QUOTE),
  ),
  stats: action<StatsParams, RequestStats>(
    "requests.stats",
    { bodyId: ID, year: { type: "number", integer: true, min: 2000, max: 2100, convert: true } },
    json(STATS),
  ),
  /** For the public statistics (reports): requests received and answered in a period, counted in SQL. */
  statsResponses: action<StatsQuery, ResponseAggregates>("requests.statsResponses", STATS_QUERY_PARAMS),
  /** For the reports service: a body's records of a year for tables 三 and 四 (no identity). */
  reportRecords: action<{ bodyId: string; year: number }, ReportRecords>("requests.reportRecords", {
    bodyId: { type: "string", max: 100 },
    year: { type: "number", integer: true, min: 2000, max: 2100 },
  }),
  /** The applicant's whole identity, opened with a reason the audit log keeps. */
  openIdentity: action<OpenIdentityParams, OpenedIdentity>(
    "requests.openIdentity",
    { id: ID, reason: text(500) },
    json(obj({ applicant: APPLICANT_WHOLE, openedAt: STR })),
  ),
  /** The audit log (administrators): steps and identity views, newest first. */
  auditLog: action<AuditQuery, { items: AuditView[]; nextCursor: string | null }>(
    "requests.auditLog",
    {
      recordId: { ...ID, optional: true },
      actorId: { ...ID, optional: true },
      action: optionalText(100),
      ...pagingParams,
    },
    json(
      page(
        obj({
          id: STR,
          at: STR,
          actorId: nullable(STR),
          actorName: STR,
          actorRole: nullable(STR),
          action: STR,
          recordType: STR,
          recordId: STR,
          reason: nullable(STR),
        }),
      ),
    ),
  ),
  /** Issues the answer letter again when it could not be issued with the answer. */
  issueLetter: action<IdParams, RequestDetail>("requests.issueLetter", { id: ID }, DETAIL_REPLY),
  /** The signed 答复告知书, for the holder of the tracking code. */
  letterPdf: action<TrackParams, NodeJS.ReadableStream>(
    "requests.letterPdf",
    { trackingCode: { type: "string", min: 1, max: 40 } },
    media("application/pdf", "The signed 答复告知书 (PAdES); 404 until the request is answered"),
  ),
  /** Links two requests of the body as asking the same information (Art. 44). */
  linkSameAs: action<SameAsParams, RequestDetail>(
    "requests.linkSameAs",
    {
      id: ID,
      otherId: { ...ID, optional: true },
      otherTrackingCode: { type: "string", min: 1, max: 40, optional: true },
    },
    DETAIL_REPLY,
  ),
  disclosureTasks: action<{ status?: "open" | "done" | "all" }, { items: DisclosureTaskView[] }>(
    "requests.disclosureTasks",
    { status: { type: "enum", values: ["open", "done", "all"], optional: true } },
    json(obj({ items: arr(TASK) })),
  ),
  taskDone: action<TaskDoneParams, DisclosureTaskView>(
    "requests.taskDone",
    { groupId: ID, note: text(1000) },
    json(TASK),
  ),
  eventsSince: action<EventsSinceParams, RequestChange[]>("requests.eventsSince", { ...EVENTS_SINCE_PARAMS }),
  /** Closes requests whose applicant let the 补正 or payment deadline pass; also runs on a timer. */
  lapseDue: action<Record<string, never>, { closed: number }>("requests.lapseDue", {}),
  ...attachmentActions,
};
