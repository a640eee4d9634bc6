/**
 * 工作日 (working days) on the official PRC calendar, for statutory deadlines: Monday–Friday,
 * minus 法定节假日 (public holidays and the days off around them), plus 调休 make-up working
 * days that fall on a weekend. The State Council publishes each year's schedule only in the
 * November before, so a calendar covers a known set of years; a day in any other year falls back
 * to Monday–Friday and the answer says it is provisional. Dates are 'YYYY-MM-DD' strings counted
 * as whole UTC days, so the server's time zone can never move a deadline.
 */
import chineseDays from "chinese-days";

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

/** One year's schedule as the State Council announces it. */
export interface YearCalendar {
  year: number;
  /** Days off; those listed on a weekend are allowed and change nothing. */
  holidays: IsoDate[];
  /** 调休 make-up working days; always a Saturday or Sunday. */
  workdays: IsoDate[];
}

export interface CalendarProblem {
  field: string;
  /** The key of its message in shared/messages.ts. */
  type: string;
  message: string;
  /** Values the message shows. */
  date?: IsoDate;
  year?: number;
}

export type YearCalendarCheck = { ok: true; value: YearCalendar } | { ok: false; problems: CalendarProblem[] };

export interface Deadline {
  date: IsoDate;
  /** True when a day examined lies in a year without a loaded schedule (Monday–Friday assumed). */
  provisional: boolean;
}

export interface WorkingDayCount {
  days: number;
  provisional: boolean;
}

/** Ten years of working days: far beyond any statutory period, and it bounds the loop. */
export const MAX_WORKING_DAYS = 3650;
export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;
const MAX_DATES_PER_LIST = 366;
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Days since 1970-01-01, or undefined when the value is not a real 'YYYY-MM-DD' date. */
function epochDay(date: unknown): number | undefined {
  if (typeof date !== "string" || !ISO_DATE.test(date)) return undefined;
  // A date-only ISO string parses as UTC midnight; the round trip rejects 2025-02-30 and kin.
  const ms = Date.parse(date);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / DAY_MS;
}

function requireDay(date: IsoDate, name: string): number {
  const day = epochDay(date);
  if (day === undefined) throw new RangeError(`${name} must be a real date 'YYYY-MM-DD', got ${JSON.stringify(date)}`);
  return day;
}

function isoDate(day: number): IsoDate {
  if (yearOf(day) > 9999) throw new RangeError("the date falls after 9999-12-31");
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return mod(day + 4, 7);
}

function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/** Monday–Friday days before `day`, counted from 1970-01-05 (a Monday); negative before it. */
function weekdaysBefore(day: number): number {
  const sinceMonday = day - 4;
  return 5 * Math.floor(sinceMonday / 7) + Math.min(mod(sinceMonday, 7), 5);
}

interface CheckedDate {
  index: number;
  day: number;
}

function checkDates(
  value: unknown,
  field: "holidays" | "workdays",
  year: number | undefined,
  problems: CalendarProblem[],
): CheckedDate[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({ field, type: "DATE_LIST", message: `${field} must be a list of 'YYYY-MM-DD' dates` });
    return undefined;
  }
  if (value.length > MAX_DATES_PER_LIST) {
    problems.push({ field, type: "TOO_MANY_DATES", message: `${field} may list at most ${MAX_DATES_PER_LIST} dates` });
    return undefined;
  }
  const seen = new Map<number, number>();
  const checked: CheckedDate[] = [];
  value.forEach((text: unknown, index) => {
    const at = `${field}[${index}]`;
    const day = epochDay(text);
    if (day === undefined) {
      problems.push({
        field: at,
        type: "NOT_A_DATE",
        message: `${JSON.stringify(text)} is not a real date 'YYYY-MM-DD'`,
      });
    } else if (year !== undefined && yearOf(day) !== year) {
      problems.push({
        field: at,
        type: "DATE_NOT_IN_YEAR",
        date: String(text),
        year,
        message: `${String(text)} is not in ${year}`,
      });
    } else if (seen.has(day)) {
      problems.push({
        field: at,
        type: "DATE_REPEATED",
        date: String(text),
        message: `${String(text)} repeats ${field}[${seen.get(day)}]`,
      });
    } else {
      seen.set(day, index);
      checked.push({ index, day });
    }
  });
  return checked;
}

/** Checks an admin-supplied schedule; problems name the field, e.g. `holidays[3]`. */
export function validateYearCalendar(input: unknown): YearCalendarCheck {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ field: "", type: "object", message: "expected an object with year, holidays and workdays" }],
    };
  }
  const raw = input as Record<string, unknown>;
  const problems: CalendarProblem[] = [];
  const year =
    typeof raw.year === "number" &&
    Number.isInteger(raw.year) &&
    raw.year >= MIN_CALENDAR_YEAR &&
    raw.year <= MAX_CALENDAR_YEAR
      ? raw.year
      : undefined;
  if (year === undefined) {
    problems.push({
      field: "year",
      type: "YEAR_OUT_OF_RANGE",
      message: `year must be a whole number from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}`,
    });
  }
  const holidays = checkDates(raw.holidays, "holidays", year, problems);
  const workdays = checkDates(raw.workdays, "workdays", year, problems);
  const holidaySet = new Set(holidays?.map((h) => h.day));
  for (const { index, day } of workdays ?? []) {
    const field = `workdays[${index}]`;
    if (holidaySet.has(day)) {
      problems.push({
        field,
        type: "DATE_ALSO_HOLIDAY",
        date: isoDate(day),
        message: `${isoDate(day)} is also listed as a holiday`,
      });
    } else if (!isWeekend(day)) {
      problems.push({
        field,
        type: "MAKE_UP_NOT_WEEKEND",
        date: isoDate(day),
        message: `a make-up workday must be a Saturday or Sunday; ${isoDate(day)} is a ${WEEKDAY_NAMES[weekdayOf(day)]}`,
      });
    }
  }
  if (problems.length > 0 || year === undefined || !holidays || !workdays) return { ok: false, problems };
  const sorted = (dates: CheckedDate[]): IsoDate[] =>
    dates
      .map((d) => d.day)
      .sort((a, b) => a - b)
      .map(isoDate);
  return { ok: true, value: { year, holidays: sorted(holidays), workdays: sorted(workdays) } };
}

interface YearDays {
  source: YearCalendar;
  holidays: ReadonlySet<number>;
  workdays: ReadonlySet<number>;
}

/**
 * The years chinese-days has a State Council schedule for, read through its public API: a year is
 * covered when its first days hold a listed holiday (元旦 is listed in every schedule; without a
 * schedule only weekends are days off, and `includeWeekends = false` leaves plain weekends out).
 * Its holidays are the listed days off of the year (weekends inside a holiday included); its
 * make-up days are the working days that fall on a weekend (`includeWeekends = true` keeps them).
 */
function officialYears(): YearCalendar[] {
  const years: YearCalendar[] = [];
  for (let year = MIN_CALENDAR_YEAR; year <= MAX_CALENDAR_YEAR; year++) {
    if (chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-01-03`, false).length === 0) continue;
    const [first, last] = [`${year}-01-01`, `${year}-12-31`];
    years.push({
      year,
      holidays: chineseDays.getHolidaysInRange(first, last, false),
      workdays: chineseDays.getWorkdaysInRange(first, last, true).filter((d) => isWeekend(requireDay(d, "workday"))),
    });
  }
  return years;
}

let official: WorkingCalendar | undefined;

/** An immutable set of year schedules; every change returns a new calendar. */
export class WorkingCalendar {
  readonly #years: ReadonlyMap<number, YearDays>;

  /** Throws RangeError when a year's schedule is invalid or a year is given twice. */
  constructor(years: readonly YearCalendar[]) {
    const map = new Map<number, YearDays>();
    years.forEach((input, i) => {
      const checked = validateYearCalendar(input);
      if (!checked.ok) {
        const detail = checked.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
        throw new RangeError(`years[${i}]: ${detail.join("; ")}`);
      }
      const value = checked.value;
      if (map.has(value.year)) throw new RangeError(`years[${i}]: ${value.year} is given twice`);
      map.set(value.year, {
        source: value,
        holidays: new Set(value.holidays.map((d) => requireDay(d, "holiday"))),
        workdays: new Set(value.workdays.map((d) => requireDay(d, "workday"))),
      });
    });
    this.#years = map;
    Object.freeze(this);
  }

  /** The State Council schedules bundled with chinese-days, for every year it covers. */
  static official(): WorkingCalendar {
    official ??= new WorkingCalendar(officialYears());
    return official;
  }

  coveredYears(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  covers(year: number): boolean {
    return this.#years.has(year);
  }

  /** A copy of the loaded schedule for the year, or undefined when it is not covered. */
  yearCalendar(year: number): YearCalendar | undefined {
    const source = this.#years.get(year)?.source;
    return source && { year: source.year, holidays: [...source.holidays], workdays: [...source.workdays] };
  }

  /** A new calendar with this year's schedule added or replaced (e.g. next year, once announced). */
  withYear(data: YearCalendar): WorkingCalendar {
    const others = [...this.#years.values()].map((y) => y.source).filter((y) => y.year !== data.year);
    return new WorkingCalendar([...others, data]);
  }

  /** Monday–Friday outside holidays, or a make-up workday; Monday–Friday in uncovered years. */
  isWorkingDay(date: IsoDate): boolean {
    return this.#isWorking(requireDay(date, "date"));
  }

  /**
   * The n-th working day after `start`; `start` itself is never counted, so a decision served on
   * day D with a 7-working-day period ends on the 7th working day after D. n = 0 gives `start`.
   */
  workingDaysAfter(start: IsoDate, n: number): Deadline {
    let day = requireDay(start, "start");
    if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
      throw new RangeError(`n must be a whole number from 0 to ${MAX_WORKING_DAYS}, got ${n}`);
    }
    let provisional = false;
    for (let counted = 0; counted < n;) {
      day += 1;
      if (!this.#years.has(yearOf(day))) provisional = true;
      if (this.#isWorking(day)) counted += 1;
    }
    return { date: isoDate(day), provisional };
  }

  /**
   * Working days after `from` up to and including `to`; when `to` is before `from`, minus the
   * working days after `to` up to and including `from`. So workingDaysBetween(d,
   * workingDaysAfter(d, n).date) is n, workingDaysBetween(today, deadline) is the working days
   * left, and workingDaysBetween(deadline, today) > 0 means overdue by that many.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): WorkingDayCount {
    const a = requireDay(from, "from");
    const b = requireDay(to, "to");
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    // Days in (lo, hi]: count Monday–Friday arithmetically, then correct for each listed day.
    let days = weekdaysBefore(hi + 1) - weekdaysBefore(lo + 1);
    let provisional = false;
    for (let year = yearOf(lo + 1); lo < hi && year <= yearOf(hi); year++) {
      const listed = this.#years.get(year);
      if (!listed) {
        provisional = true;
        continue;
      }
      for (const h of listed.holidays) if (h > lo && h <= hi && !isWeekend(h)) days -= 1;
      for (const w of listed.workdays) if (w > lo && w <= hi) days += 1;
    }
    return { days: a <= b || days === 0 ? days : -days, provisional };
  }

  #isWorking(day: number): boolean {
    const listed = this.#years.get(yearOf(day));
    if (listed?.workdays.has(day)) return true;
    return !isWeekend(day) && !listed?.holidays.has(day);
  }
}
