/**
 * What the reports count: plain records the `reports` service gathers from the other services (no
 * entity, no broker). Dates are China calendar days or instants (years.ts); amounts are in 元 as
 * the decision or the receipt fixed them.
 */
import type { PowerCategory } from "../domain.js";
import type { LicenceOutcome } from "../public-record.js";
import type { DocumentStatusEvent } from "../documents/status.js";
import type { DocumentDates } from "../documents/validity.js";
import type { AnswerTypeCode } from "../requests/answers.js";
import type { ApplicantKind } from "../requests/applicants.js";
import type { PenaltyCategory } from "../rules.js";
import type { Day } from "./years.js";

/** 规章 or 行政规范性文件 (table 二, 第二十条第（一）项). */
export const DOCUMENT_KINDS = ["rule", "normative"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A published document: its dates and status events as the documents service keeps them. */
export interface DocumentRecord {
  kind: DocumentKind;
  dates: DocumentDates;
  events: readonly DocumentStatusEvent[];
}

/** A decision (执法决定) of the results service. */
export interface DecisionRecord {
  kind: PowerCategory;
  /** 决定日期. */
  decidedOn: Day;
  /** 行政处罚: the categories and amounts as fixed in the decision. */
  penalty?: { categories: readonly PenaltyCategory[]; fineAmount?: number; confiscatedAmount?: number } | null;
  /** 行政许可: what it decides (准予许可 unless it says otherwise; 撤销许可 revokes an earlier licence). */
  licenceOutcome?: LicenceOutcome;
}

/** An application for a licence (行政许可申请): received, and accepted (受理) if it was. */
export interface LicenceApplicationRecord {
  appliedOn: Day;
  acceptedOn?: Day | null;
}

/** 行政事业性收费 collected: the day and the amount in 元. */
export interface FeeRecord {
  on: Day;
  amountYuan: number;
}

/** 信息处理费 of a request: the notice (its day and amount) and, if paid, the day paid. */
export interface InformationFeeRecord {
  notifiedOn: Day;
  amountYuan: number;
  paidOn?: Day | null;
}

/**
 * A request for government information: who asked (the report's column), the 收到日 (receipt.ts)
 * and how it ended — the answer type of its answer, or the lapse type when it was closed
 * (LAPSE_ANSWER_TYPE); `closed` is absent while it is open. A request never received (submitted
 * online, receipt not yet confirmed) has no 收到日 and is not a record.
 */
export interface RequestRecord {
  applicantKind: ApplicantKind;
  receivedOn: Day;
  closed?: { answerType: AnswerTypeCode; on: Day } | null;
}

/** 行政复议, 行政诉讼 未经复议直接起诉, 行政诉讼 复议后起诉 (table 四). */
export const REMEDY_TRACKS = ["review", "direct_suit", "suit_after_review"] as const;
export type RemedyTrack = (typeof REMEDY_TRACKS)[number];

/**
 * How a remedy ended: 结果维持 (维持, 驳回复议申请或诉讼请求), 结果纠正 (撤销, 变更, 确认违法,
 * 责令履行), 其他结果 (撤回, 终止, 不予受理…).
 */
export const REMEDY_OUTCOMES = ["upheld", "corrected", "other"] as const;
export type RemedyOutcome = (typeof REMEDY_OUTCOMES)[number];

/** A 行政复议 or 行政诉讼 about the body's 政府信息公开: filed, and concluded if it was. */
export interface RemedyRecord {
  track: RemedyTrack;
  filedOn: Day;
  concluded?: { outcome: RemedyOutcome; on: Day } | null;
}
