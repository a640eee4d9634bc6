/**
 * Calendar arithmetic on 'YYYY-MM-DD' dates as whole UTC days (as shared/calendar.ts counts), so
 * the server's time zone never moves a date. For the documents' and consultations' periods.
 */
import type { IsoDate } from "../calendar.js";

const DAY_MS = 86_400_000;
/** China Standard Time: UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`: 1 for the next day, negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** The same date `years` later; 29 February becomes 1 March in a common year. */
export function sameDateYearsLater(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/**
 * The last day of a period of whole years that begins on `start` (itself a day of the period):
 * the day before the same date `years` later — 施行 2026-03-01 for 5 years ends 2031-02-28.
 */
export function lastDayOfYears(start: IsoDate, years: number): IsoDate {
  return addDays(sameDateYearsLater(start, years), -1);
}

/** The instant a China calendar day begins (00:00 UTC+8). */
export function chinaStartOf(date: IsoDate): Date {
  return new Date(Date.parse(date) - CHINA_OFFSET_MS);
}

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));
