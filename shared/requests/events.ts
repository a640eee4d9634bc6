/**
 * The steps of a request as its history records them, and the statutory periods they obey
 * (政府信息公开条例 2019; 国办函〔2020〕109号). A request's history is append-only and in date order;
 * everything else — state, due date, paused and extended days — is computed from it (clock.ts).
 */
import type { AnswerTypeCode, LapseReason } from "./answers.js";

/** 答复期限: 20 working days from receipt (Art. 33). */
export const ANSWER_WORKING_DAYS = 20;
/** 延长答复期限: once, at most 20 working days, approved by the office's head (Art. 33). */
export const MAX_EXTENSION_DAYS = 20;
/** 补正: one notice within 7 working days of receipt (Art. 30). */
export const CORRECTION_NOTICE_DAYS = 7;
/** 征求第三方意见: the third party has 15 working days to answer (Art. 32). */
export const THIRD_PARTY_REPLY_DAYS = 15;
/** 信息处理费: payable within 20 working days of the fee notice's receipt (109号). */
export const FEE_PAYMENT_DAYS = 20;
/** The console warns this many working days before an answer is due. */
export const DUE_SOON_DAYS = 5;

/** Why the clock stops (Art. 33 ¶2: consultation is not counted; 109号: nor the wait for payment). */
export const PAUSE_TYPES = ["third_party", "agency", "fee"] as const;
export type PauseType = (typeof PAUSE_TYPES)[number];

export const PAUSE_TYPE_LABELS: Record<PauseType, string> = {
  third_party: "征求第三方意见",
  agency: "征求其他机关意见",
  fee: "待缴纳信息处理费",
};

/** A date 'YYYY-MM-DD' in China. */
type Day = string;

export type RequestEvent =
  /** Submitted online or by fax; not yet received until the body confirms (Art. 31). */
  | { kind: "submitted"; on: Day }
  /** Received (收到日, receipt.ts): the day the clock counts from. */
  | { kind: "received"; on: Day }
  /** 补正告知: what to add, to arrive by `dueOn` (inclusive). */
  | { kind: "correction_requested"; on: Day; dueOn: Day }
  /** The corrected request arrived: the 20 working days start again from this day. */
  | { kind: "correction_received"; on: Day }
  /** 延期: `days` working days more, approved by `approvedBy`, for `reason`. */
  | { kind: "extended"; on: Day; days: number; approvedBy: string; reason: string }
  /**
   * The clock stops from `on` (that day included) until resumed. `dueOn`: the fee's payment
   * deadline (required for a fee), or the day a third party's or agency's view is due.
   */
  | { kind: "paused"; on: Day; type: PauseType; dueOn?: Day }
  /** The clock runs again from `on` (that day counted). */
  | { kind: "resumed"; on: Day }
  /** 答复: the request ends with this answer type (not a lapse type). */
  | { kind: "answered"; on: Day; answerType: AnswerTypeCode }
  /** 逾期不补正 or 逾期未缴费: the applicant's deadline passed; the request is closed. */
  | { kind: "lapsed"; on: Day; reason: LapseReason }
  | { kind: "archived"; on: Day };
