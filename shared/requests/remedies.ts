/**
 * Later remedies against a request's handling (条例 Art. 51): 行政复议 and 行政诉讼, recorded with
 * their outcome for the annual report's table 四 — 行政复议, and 行政诉讼 未经复议 / 复议后起诉,
 * each counted as 结果维持, 结果纠正, 其他结果, 尚未审结.
 */
import { isCalendarDate } from "../dates.js";

export const REMEDY_KINDS = ["reconsideration", "lawsuit", "lawsuit_after_reconsideration"] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];

export const REMEDY_KIND_LABELS: Record<RemedyKind, string> = {
  reconsideration: "行政复议",
  lawsuit: "行政诉讼（未经复议）",
  lawsuit_after_reconsideration: "行政诉讼（复议后起诉）",
};

export const REMEDY_OUTCOMES = ["upheld", "corrected", "other", "pending"] as const;
export type RemedyOutcome = (typeof REMEDY_OUTCOMES)[number];

export const REMEDY_OUTCOME_LABELS: Record<RemedyOutcome, string> = {
  upheld: "结果维持",
  corrected: "结果纠正",
  other: "其他结果",
  pending: "尚未审结",
};

export interface RemedyRecord {
  kind: RemedyKind;
  /** The day the applicant applied for reconsideration or sued. */
  filedOn: string;
  outcome: RemedyOutcome;
  /** The day it was decided or judged; null while pending. */
  decidedOn: string | null;
}

export interface RemedyProblem {
  field: string;
  /** The key of its message in shared/messages.ts. */
  type: string;
  message: string;
  date?: string;
}

/**
 * What is wrong with a remedy as recorded on `today` (China's date): real dates, none after today,
 * a decision date for a decided remedy and none for a pending one, and not before the filing.
 */
export function remedyProblems(r: RemedyRecord, today: string): RemedyProblem[] {
  const problems: RemedyProblem[] = [];
  const date = (value: unknown, field: string): boolean => {
    if (!isCalendarDate(value)) {
      problems.push({ field, type: "NOT_A_DATE", message: `${field} is not a date YYYY-MM-DD` });
      return false;
    }
    if (value > today) {
      problems.push({ field, type: "DATE_IN_FUTURE", message: `${field} is after today` });
      return false;
    }
    return true;
  };
  const filed = date(r.filedOn, "filedOn");
  if (r.outcome === "pending") {
    if (r.decidedOn !== null) {
      problems.push({ field: "decidedOn", type: "DECIDED_WHILE_PENDING", message: "a pending remedy has no decision" });
    }
    return problems;
  }
  if (r.decidedOn === null) {
    problems.push({ field: "decidedOn", type: "DECIDED_ON_REQUIRED", message: "a decided remedy has a decision date" });
  } else if (date(r.decidedOn, "decidedOn") && filed && r.decidedOn < r.filedOn) {
    problems.push({
      field: "decidedOn",
      type: "DECIDED_BEFORE_FILED",
      message: "decided before it was filed",
      date: r.filedOn,
    });
  }
  return problems;
}
