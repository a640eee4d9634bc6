/**
 * 依申请公开: requests for government information (政府信息公开条例 2019, Arts. 29–45; 信息处理费
 * 国办函〔2020〕109号; the annual report's table 三, 国办公开办函〔2021〕30号). Pure rules, no broker and
 * no database, for the `requests` service:
 *
 * - answers.ts — the answer types, one per row of table 三, and the per-document marks;
 * - applicants.ts — applicant kinds (the report's columns), identity documents and their checks,
 *   masks for logs and console lists;
 * - receipt.ts — the date of receipt by channel (Art. 31);
 * - events.ts, states.ts, steps.ts, clock.ts — a request's history, its states and allowed steps,
 *   the gate that appends a step, and the clock computed from the history (due date, paused and
 *   extended days, 补正 window, lapse, warnings);
 * - fees.ts — the progressive fee per item or per page;
 * - delivery.ts — the form and the way the applicant wants the information;
 * - remedies.ts — later 行政复议 and 行政诉讼 and their outcomes (the report's table 四);
 * - letter.ts — the 答复告知书: fields, sections, legal basis by answer type, remedies;
 * - refusals.ts — `RequestRefusalError`, whose `type` has its message in shared/messages.ts and
 *   whose `status` (409 or 422) says which error of lib/errors.ts the service raises.
 */

export {
  ANSWERABLE_TYPE_CODES,
  ANSWER_GROUPS,
  ANSWER_ITEM_MARKS,
  ANSWER_TYPES,
  ANSWER_TYPE_CODES,
  ITEM_PARTIAL_GROUNDS,
  ITEM_WITHHOLDING_GROUNDS,
  LAPSE_ANSWER_TYPE,
  LAPSE_REASONS,
  answerItemProblems,
  answerType,
  answerTypeOfItems,
  isAnswerTypeCode,
  itemsContradictAnswer,
  type AnswerGroup,
  type AnswerItem,
  type AnswerItemMark,
  type AnswerItemMarkKind,
  type AnswerType,
  type AnswerTypeCode,
  type ItemProblem,
  type LapseReason,
} from "./requests/answers.js";
export {
  APPLICANT_KINDS,
  APPLICANT_KIND_LABELS,
  ID_TYPES,
  ID_TYPE_LABELS,
  applicantColumnGroup,
  applicantLabel,
  applicantProblems,
  idNumberProblem,
  maskEmail,
  maskIdNumber,
  maskPersonName,
  maskPhone,
  maskedApplicant,
  normalizeApplicantIdNumber,
  type Applicant,
  type ApplicantContact,
  type ApplicantKind,
  type ApplicantProblem,
  type IdType,
  type NaturalApplicant,
  type OrganisationApplicant,
  type OrganisationKind,
} from "./requests/applicants.js";
export {
  RECEIPT_CHANNELS,
  RECEIPT_CHANNEL_LABELS,
  RECEIPT_DATE_FIELD,
  receiptDate,
  type ReceiptChannel,
  type ReceiptEvidence,
} from "./requests/receipt.js";
export {
  ANSWER_WORKING_DAYS,
  CORRECTION_NOTICE_DAYS,
  DUE_SOON_DAYS,
  FEE_PAYMENT_DAYS,
  MAX_EXTENSION_DAYS,
  PAUSE_TYPES,
  PAUSE_TYPE_LABELS,
  THIRD_PARTY_REPLY_DAYS,
  type PauseType,
  type RequestEvent,
} from "./requests/events.js";
export {
  FINAL_STATES as REQUEST_FINAL_STATES,
  OPEN_STATES as REQUEST_OPEN_STATES,
  REQUEST_EVENT_KINDS,
  REQUEST_STATES,
  REQUEST_STATE_LABELS,
  RUNNING_STATES as REQUEST_RUNNING_STATES,
  allowedSteps,
  transition,
  type RequestEventKind,
  type RequestState,
  type TransitionContext,
} from "./requests/states.js";
export {
  correctionDeadline,
  feePaymentDueOn,
  requestClock,
  thirdPartyReplyDueOn,
  type ClockOptions,
  type ClockWarning,
  type RequestClock,
} from "./requests/clock.js";
export { appendRequestEvent, checkStepValues, type StepOptions } from "./requests/steps.js";
export {
  FEE_STANDARD_LABELS,
  MAX_MONTHLY_ITEMS,
  MAX_PAGES,
  itemFee,
  itemUnitYuan,
  pageFee,
  pageUnitYuan,
  requestFee,
  type FeeBand,
  type FeeQuote,
  type FeeRequest,
  type FeeStandard,
} from "./requests/fees.js";
export {
  DELIVERY_METHODS,
  DELIVERY_METHOD_LABELS,
  PROVISION_FORMS,
  PROVISION_FORM_LABELS,
  type DeliveryMethod,
  type ProvisionForm,
} from "./requests/delivery.js";
export {
  REMEDY_KINDS,
  REMEDY_KIND_LABELS,
  REMEDY_OUTCOMES,
  REMEDY_OUTCOME_LABELS,
  remedyProblems,
  type RemedyKind,
  type RemedyOutcome,
  type RemedyProblem,
  type RemedyRecord,
} from "./requests/remedies.js";
export { REFUSAL_STATUS, RequestRefusalError, type RefusalType, type RefusalValues } from "./requests/refusals.js";
export {
  ANSWER_LETTER_TITLE,
  answerBasis,
  answerLetter,
  itemLine,
  type AnswerLetter,
  type AnswerLetterInput,
} from "./requests/letter.js";
