/**
 * The report's year and its money. Every date is a calendar day in China (UTC+8): a year runs from
 * 1 January to 31 December inclusive, and an instant is first turned into its China day, so a
 * decision signed at 00:30 on 1 January Beijing time belongs to the new year whatever the server's
 * time zone. Money is added in whole 分 (fen), so sums of 元 with 角 and 分 are exact.
 */
import type { IsoDate } from "../calendar.js";
import { chinaToday, isCalendarDate } from "../dates.js";
import { ReportRefusalError } from "./refusals.js";

/** A day as the records give it: 'YYYY-MM-DD' in China, or an instant. */
export type Day = IsoDate | Date;

export const MIN_REPORT_YEAR = 2000;
export const MAX_REPORT_YEAR = 2100;

export interface YearSpan {
  year: number;
  /** 1 January. */
  first: IsoDate;
  /** 31 December. */
  last: IsoDate;
}

/** The year's first and last day; refuses (422 YEAR_OUT_OF_RANGE, field `year`) a year outside 2000–2100. */
export function yearSpan(year: number): YearSpan {
  if (!Number.isInteger(year) || year < MIN_REPORT_YEAR || year > MAX_REPORT_YEAR) {
    throw new ReportRefusalError("YEAR_OUT_OF_RANGE", "the year is not an integer from 2000 to 2100", "year");
  }
  return { year, first: `${year}-01-01`, last: `${year}-12-31` };
}

/**
 * The China calendar day of a record's date. A string must already be a calendar date; anything
 * else is a bug of the caller (the services validate at the edge), hence a RangeError.
 */
export function chinaDay(value: Day): IsoDate {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError("invalid Date");
    return chinaToday(value);
  }
  if (!isCalendarDate(value)) throw new RangeError(`expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** The day, or null when none is given. */
export function optionalDay(value: Day | null | undefined): IsoDate | null {
  return value === null || value === undefined ? null : chinaDay(value);
}

export const inYear = (day: IsoDate, span: YearSpan): boolean => day >= span.first && day <= span.last;

/** An amount in 元 as whole 分; a negative, infinite or non-number amount is a bug (RangeError). */
export function fenOf(yuan: number): number {
  if (typeof yuan !== "number" || !Number.isFinite(yuan) || yuan < 0) {
    throw new RangeError(`expected an amount in 元 ≥ 0, got ${String(yuan)}`);
  }
  return Math.round(yuan * 100);
}

/** 分 → 元, to the 分. */
export const yuanOfFen = (fen: number): number => Number((fen / 100).toFixed(2));

/** 分 → 万元, exact (six decimals). */
export const wanOfFen = (fen: number): number => Number((fen / 1_000_000).toFixed(6));
