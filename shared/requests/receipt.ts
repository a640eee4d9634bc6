/**
 * The day a request is received (收到申请之日, 条例 Art. 31), from which every clock counts. It
 * depends on the channel, not on when the request was written or sent:
 * - in person (当面提交): the day it is handed in;
 * - post (以邮寄方式, registered post, EMS): the day the body signs for it;
 * - ordinary letter (平常信函, no signature): the day the body confirms receipt with the applicant;
 * - online or fax (互联网渠道, 传真): the day the body confirms receipt (both sides confirmed), not
 *   the moment of submission — an online request waits as `submitted` until then.
 */
import { isCalendarDate } from "../dates.js";
import { RequestRefusalError } from "./refusals.js";

export const RECEIPT_CHANNELS = ["in_person", "post", "letter", "online", "fax"] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

export const RECEIPT_CHANNEL_LABELS: Record<ReceiptChannel, string> = {
  in_person: "当面提交",
  post: "邮寄（签收）",
  letter: "平常信函",
  online: "网上提交",
  fax: "传真",
};

/** What fixes the date of receipt on each channel. */
export type ReceiptEvidence =
  | { channel: "in_person"; handedInOn: string }
  | { channel: "post"; signedForOn: string }
  | { channel: "letter"; confirmedWithApplicantOn: string }
  | { channel: "online" | "fax"; submittedOn: string; confirmedOn: string };

/** The field of the evidence that is the date of receipt. */
export const RECEIPT_DATE_FIELD = {
  in_person: "handedInOn",
  post: "signedForOn",
  letter: "confirmedWithApplicantOn",
  online: "confirmedOn",
  fax: "confirmedOn",
} as const satisfies Record<ReceiptChannel, string>;

function checkedDate(value: unknown, field: string, today: string): string {
  if (!isCalendarDate(value)) {
    throw new RequestRefusalError("NOT_A_DATE", `${field} is not a date YYYY-MM-DD`, field);
  }
  if (value > today) throw new RequestRefusalError("DATE_IN_FUTURE", `${field} is after today`, field);
  return value;
}

/**
 * The date of receipt (Art. 31). Refuses (422) a missing or impossible date, a date after `today`
 * (China's date), and an online or fax confirmation before the submission.
 */
export function receiptDate(evidence: ReceiptEvidence, today: string): string {
  if (evidence.channel === "online" || evidence.channel === "fax") {
    const submitted = checkedDate(evidence.submittedOn, "submittedOn", today);
    const confirmed = checkedDate(evidence.confirmedOn, "confirmedOn", today);
    if (confirmed < submitted) {
      throw new RequestRefusalError(
        "CONFIRMED_BEFORE_SUBMISSION",
        "receipt is confirmed before the request was submitted",
        "confirmedOn",
        { date: submitted },
      );
    }
    return confirmed;
  }
  const field = RECEIPT_DATE_FIELD[evidence.channel];
  return checkedDate((evidence as Record<string, unknown>)[field], field, today);
}
