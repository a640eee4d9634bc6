/**
 * 预公开: a draft published for public comment, and its window.
 *
 * Minimum windows by kind (a shorter one needs a public reason, else 422 WINDOW_TOO_SHORT):
 * - 重大行政决策: 30 days (重大行政决策程序暂行条例 2019, Art. 14);
 * - 规章: 30 days (规章制定程序条例 2017, Art. 16);
 * - 规范性文件: 7 working days on the official calendar, 调休 included (国办发〔2018〕37号);
 * - 涉及市场主体的规范性文件: 30 days (优化营商环境条例, Art. 62).
 * The day the window opens is not counted (期间开始之日不计算在内: it may open at any hour), so the
 * earliest last day is opening + 30 days, or the 7th working day after opening. The last day is
 * included up to 24:00 China time; the window opens at 00:00 of its first day.
 */
import type { IsoDate, WorkingCalendar } from "../calendar.js";
import { chinaToday, chineseDate, isCalendarDate } from "../dates.js";
import { addDays, chinaStartOf, daysBetween } from "./days.js";
import { DocumentRefusalError } from "./refusals.js";

export const CONSULTATION_KINDS = ["major_decision", "rule", "normative", "market_normative"] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];

export const CONSULTATION_KIND_LABELS: Record<ConsultationKind, string> = {
  major_decision: "重大行政决策",
  rule: "规章",
  normative: "规范性文件",
  market_normative: "涉及市场主体的规范性文件",
};

export type DayUnit = "calendar" | "working";

export interface MinimumWindow {
  days: number;
  unit: DayUnit;
  /** Where the minimum comes from. */
  basis: string;
}

export const MINIMUM_WINDOWS: Record<ConsultationKind, MinimumWindow> = {
  major_decision: { days: 30, unit: "calendar", basis: "《重大行政决策程序暂行条例》第十四条" },
  rule: { days: 30, unit: "calendar", basis: "《规章制定程序条例》第十六条" },
  normative: { days: 7, unit: "working", basis: "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》" },
  market_normative: { days: 30, unit: "calendar", basis: "《优化营商环境条例》第六十二条" },
};

const UNIT_WORDS: Record<DayUnit, string> = { calendar: "日", working: "个工作日" };

/** A consultation's window: from its first day to its last, both included. */
export interface ConsultationWindow {
  kind: ConsultationKind;
  opensOn: IsoDate;
  closesOn: IsoDate;
  /** Why the window is shorter than the minimum (published with it). */
  shortReason?: string | null;
}

export interface CheckedWindow {
  kind: ConsultationKind;
  opensOn: IsoDate;
  closesOn: IsoDate;
  /** The earliest last day the minimum allows. */
  minimumClosesOn: IsoDate;
  /** Shorter than the minimum, with its reason. */
  shortened: boolean;
  shortReason: string | null;
  /** The window's length in its kind's unit (the opening day not counted). */
  length: number;
  unit: DayUnit;
  /** A day examined lies in a year the calendar has no schedule for (Monday–Friday assumed). */
  provisional: boolean;
}

export function isConsultationKind(kind: unknown): kind is ConsultationKind {
  return (CONSULTATION_KINDS as readonly unknown[]).includes(kind);
}

/** The earliest last day of a window of this kind opening on `opensOn`. */
export function minimumClosesOn(
  kind: ConsultationKind,
  opensOn: IsoDate,
  calendar: WorkingCalendar,
): { date: IsoDate; provisional: boolean } {
  const minimum = MINIMUM_WINDOWS[kind];
  return minimum.unit === "working"
    ? calendar.workingDaysAfter(opensOn, minimum.days)
    : { date: addDays(opensOn, minimum.days), provisional: false };
}

/** Days of the kind's unit after `from` up to and including `to`. */
function length(unit: DayUnit, from: IsoDate, to: IsoDate, calendar: WorkingCalendar) {
  return unit === "working"
    ? calendar.workingDaysBetween(from, to)
    : { days: daysBetween(from, to), provisional: false };
}

/**
 * The window checked, or the first 422: enumValue (kind), NOT_A_DATE, OPENS_BEFORE_TODAY,
 * RANGE_REVERSED (closesOn before opensOn), WINDOW_TOO_SHORT (field closesOn; values: date — the
 * earliest last day, min and unit — the minimum) when shorter than the minimum without a reason.
 */
export function checkWindow(
  window: ConsultationWindow,
  { calendar, today }: { calendar: WorkingCalendar; today: IsoDate },
): CheckedWindow {
  if (!isConsultationKind(window.kind)) throw new DocumentRefusalError("enumValue", "unknown kind", "kind");
  for (const field of ["opensOn", "closesOn"] as const) {
    if (!isCalendarDate(window[field])) {
      throw new DocumentRefusalError("NOT_A_DATE", `${field} is not a date YYYY-MM-DD`, field);
    }
  }
  const { kind, opensOn, closesOn } = window;
  if (opensOn < today) {
    throw new DocumentRefusalError("OPENS_BEFORE_TODAY", "a window opens today or later", "opensOn", { date: today });
  }
  if (closesOn < opensOn)
    throw new DocumentRefusalError("RANGE_REVERSED", "the window ends before it opens", "closesOn");
  const minimum = MINIMUM_WINDOWS[kind];
  const earliest = minimumClosesOn(kind, opensOn, calendar);
  const shortReason = typeof window.shortReason === "string" ? window.shortReason.trim() : "";
  const shortened = closesOn < earliest.date;
  if (shortened && shortReason === "") {
    throw new DocumentRefusalError(
      "WINDOW_TOO_SHORT",
      `a ${kind} window lasts at least ${minimum.days} ${minimum.unit} days`,
      "closesOn",
      { date: earliest.date, min: minimum.days, unit: UNIT_WORDS[minimum.unit] },
    );
  }
  const span = length(minimum.unit, opensOn, closesOn, calendar);
  return {
    kind,
    opensOn,
    closesOn,
    minimumClosesOn: earliest.date,
    shortened,
    shortReason: shortened ? shortReason : null,
    length: span.days,
    unit: minimum.unit,
    provisional: earliest.provisional || span.provisional,
  };
}

export type WindowPhase = "not_yet_open" | "open" | "closed";

/** The instants the window opens (00:00 of its first day) and closes (24:00 of its last), China time. */
export function windowInstants(window: Pick<ConsultationWindow, "opensOn" | "closesOn">): {
  opensAt: Date;
  closesAt: Date;
} {
  return { opensAt: chinaStartOf(window.opensOn), closesAt: chinaStartOf(addDays(window.closesOn, 1)) };
}

/** Where the window stands at the instant `at`. */
export function windowPhase(window: Pick<ConsultationWindow, "opensOn" | "closesOn">, at: Date): WindowPhase {
  const day = chinaToday(at);
  if (day < window.opensOn) return "not_yet_open";
  return day <= window.closesOn ? "open" : "closed";
}

export interface DaysLeft {
  /** Days (of the kind's unit) after today up to the last day: 0 on the last day. */
  left: number;
  unit: DayUnit;
  lastDay: boolean;
  provisional: boolean;
  /** As the portal prints it: 还剩 5 个工作日 / 今日截止. */
  text: string;
}

/** Days left while the window is open at `at`; null before it opens and after it closes. */
export function daysLeft(
  window: Pick<ConsultationWindow, "kind" | "opensOn" | "closesOn">,
  at: Date,
  calendar: WorkingCalendar,
): DaysLeft | null {
  if (windowPhase(window, at) !== "open") return null;
  const unit = MINIMUM_WINDOWS[window.kind].unit;
  const today = chinaToday(at);
  const span = length(unit, today, window.closesOn, calendar);
  const lastDay = today === window.closesOn;
  const text = lastDay
    ? `今日截止（${chineseDate(window.closesOn)}24时）`
    : `还剩 ${span.days} ${UNIT_WORDS[unit]}，${chineseDate(window.closesOn)}24时截止`;
  return { left: span.days, unit, lastDay, provisional: span.provisional, text };
}

/** A comment may be made only while the window is open: 409 CONSULTATION_NOT_YET_OPEN or CONSULTATION_CLOSED. */
export function checkCommentAllowed(window: Pick<ConsultationWindow, "opensOn" | "closesOn">, at: Date): void {
  const phase = windowPhase(window, at);
  if (phase === "not_yet_open") {
    throw new DocumentRefusalError("CONSULTATION_NOT_YET_OPEN", "the window has not opened", undefined, {
      date: window.opensOn,
    });
  }
  if (phase === "closed") {
    throw new DocumentRefusalError("CONSULTATION_CLOSED", "the window has closed", undefined, {
      date: window.closesOn,
    });
  }
}
