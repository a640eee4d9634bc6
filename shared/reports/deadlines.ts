/**
 * When a year's reports are due (条例 Art. 49: 每年 1 月 31 日前; the provinces ask the 行政执法年度数据
 * by the same day), on China calendar days: due on 31 January of the next year; the console warns
 * from 15 January while the report is unpublished; unpublished after 31 January it is overdue (the
 * portal says so); published after 31 January it is late. A report is published only once its
 * year is over.
 */
import type { IsoDate } from "../calendar.js";
import { daysBetween } from "../documents/days.js";
import { ReportRefusalError } from "./refusals.js";
import { chinaDay, optionalDay, yearSpan, type Day } from "./years.js";

export const REPORT_DUE_DAY = "01-31";
export const REPORT_WARNING_DAY = "01-15";

/** 31 January of the next year: the last day to publish on time. */
export function reportDueOn(year: number): IsoDate {
  return `${yearSpan(year).year + 1}-${REPORT_DUE_DAY}`;
}

/** 15 January of the next year: from this day the console warns while the report is unpublished. */
export function reportWarningFrom(year: number): IsoDate {
  return `${yearSpan(year).year + 1}-${REPORT_WARNING_DAY}`;
}

/** The year whose reports fall due this January: last year. */
export function pastReportYear(today: Day): number {
  return Number(chinaDay(today).slice(0, 4)) - 1;
}

export type ReportDeadlineStatus =
  /** The year is not over: nothing to publish yet. */
  | "year_not_over"
  /** Unpublished, before 15 January. */
  | "open"
  /** Unpublished, 15–31 January: the console warns. */
  | "due_soon"
  /** Unpublished after 31 January. */
  | "overdue"
  /** Published by 31 January. */
  | "published"
  /** Published after 31 January. */
  | "published_late";

export interface ReportDeadline {
  year: number;
  dueOn: IsoDate;
  warnFrom: IsoDate;
  status: ReportDeadlineStatus;
  /** The console shows a warning (due_soon, overdue). */
  warn: boolean;
  /** Unpublished after the due day. */
  overdue: boolean;
  /** Calendar days left to the due day (0 on the day), while unpublished and not overdue. */
  daysLeft: number | null;
  /** Calendar days past the due day, while overdue; or by how much a late publication was late. */
  daysLate: number | null;
}

/** The state of a year's report on `today` (China day), published on `publishedOn` if it was. */
export function reportDeadline(year: number, today: Day, publishedOn?: Day | null): ReportDeadline {
  const span = yearSpan(year);
  const dueOn = reportDueOn(year);
  const warnFrom = reportWarningFrom(year);
  const day = chinaDay(today);
  const published = optionalDay(publishedOn);
  const base = { year, dueOn, warnFrom };
  if (published !== null) {
    const late = published > dueOn;
    return {
      ...base,
      status: late ? "published_late" : "published",
      warn: false,
      overdue: false,
      daysLeft: null,
      daysLate: late ? daysBetween(dueOn, published) : null,
    };
  }
  if (day <= span.last) {
    return {
      ...base,
      status: "year_not_over",
      warn: false,
      overdue: false,
      daysLeft: daysBetween(day, dueOn),
      daysLate: null,
    };
  }
  if (day > dueOn) {
    return { ...base, status: "overdue", warn: true, overdue: true, daysLeft: null, daysLate: daysBetween(dueOn, day) };
  }
  const status = day >= warnFrom ? "due_soon" : "open";
  return {
    ...base,
    status,
    warn: status === "due_soon",
    overdue: false,
    daysLeft: daysBetween(day, dueOn),
    daysLate: null,
  };
}

/** Refuses (409 REPORT_YEAR_NOT_OVER) to publish a year's report before 1 January of the next. */
export function checkYearOver(year: number, today: Day): void {
  if (chinaDay(today) <= yearSpan(year).last) {
    throw new ReportRefusalError("REPORT_YEAR_NOT_OVER", "the year is not over", undefined, {
      year,
      date: `${year + 1}-01-01`,
    });
  }
}
