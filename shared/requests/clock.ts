/**
 * The legal clock of a request, computed from its history as of a given day, on the official
 * working-day calendar (shared/calendar.ts: 法定节假日 and 调休 included). How days are counted:
 *
 * - **Start.** The answer is due on the 20th working day after the day the clock counts from
 *   (`countsFrom`): the day of receipt, itself never counted (期间开始之日不计算在内) — received
 *   on D, day 1 is the first working day after D. After a 补正 the clock starts again, wholly, from
 *   the day the corrected request arrives (Art. 30); until it arrives nothing runs and there is no
 *   due date.
 * - **补正 window.** A 补正 may be asked for, once, up to and including the 7th working day after
 *   receipt (`correction.allowedUntil`).
 * - **Extension.** `extendedDays` (once, ≤ 20) are added to the 20.
 * - **Pauses.** A pause on day d stops the clock from d (d not counted) until the day it is
 *   resumed, which counts again. Each working day paused before the answer was due moves the due
 *   date one working day later: `dueBy` is the (20 + extendedDays)-th working day after
 *   `countsFrom` that is not paused, and `pausedDays` counts the paused working days that moved it
 *   (so dueBy = workingDaysAfter(countsFrom, 20 + extendedDays + pausedDays)). A pause begun after
 *   the due date moves nothing: it does not excuse a late answer. While a pause is open, the days
 *   up to `asOf` are paused and `dueBy` is where the clock would end if it resumed the next day.
 * - **Left and late.** `workingDaysLeft` = working days after `asOf` up to `dueBy` (0: due today;
 *   negative: overdue by that many). Overdue is by date (`asOf` after `dueBy`); an answer after
 *   `dueBy` is late by the working days between. A warning comes 5 working days before the due date.
 * - **Lapse.** Awaiting a 补正 after its due date (逾期不补正), or a fee after its payment date
 *   (逾期未缴费), the request may be closed: `lapse` says since when.
 * - **Provisional.** True when any day examined lies in a year the calendar has no schedule for
 *   (Monday–Friday assumed), as for decisions.
 *
 * Only events dated on or before `asOf` are read, so the clock can be asked about any past day.
 */
import type { Deadline, IsoDate, WorkingCalendar } from "../calendar.js";
import { LAPSE_ANSWER_TYPE, type AnswerTypeCode, type LapseReason } from "./answers.js";
import {
  ANSWER_WORKING_DAYS,
  CORRECTION_NOTICE_DAYS,
  DUE_SOON_DAYS,
  FEE_PAYMENT_DAYS,
  THIRD_PARTY_REPLY_DAYS,
  type PauseType,
  type RequestEvent,
} from "./events.js";
import { RUNNING_STATES, transition, type RequestState } from "./states.js";

export interface ClockOptions {
  calendar: WorkingCalendar;
  /** The day the clock is read on (today in China, or a past day). */
  asOf: IsoDate;
}

/** For the console: due within `DUE_SOON_DAYS` working days (the clock running), or past due. */
export type ClockWarning =
  | { type: "due_soon"; dueBy: IsoDate; workingDaysLeft: number }
  | { type: "overdue"; dueBy: IsoDate; overdueBy: number };

export interface RequestClock {
  /** null: nothing recorded yet (as of `asOf`). */
  state: RequestState | null;
  submittedOn: IsoDate | null;
  receivedOn: IsoDate | null;
  /** The day the 20 working days count from: receipt, or the corrected request's arrival. */
  countsFrom: IsoDate | null;
  /** null before receipt and while a 补正 is awaited. */
  dueBy: IsoDate | null;
  pausedDays: number;
  extendedDays: number;
  /** Working days the clock has run (paused days excluded), up to the outcome or `asOf`. */
  workingDaysUsed: number;
  /** While open with a running or paused clock: working days after `asOf` up to `dueBy`; negative when overdue. */
  workingDaysLeft: number | null;
  /**
   * Past `dueBy` — as of `asOf` while open, at the outcome once ended (a late answer). By date: the
   * Saturday after a Friday due date is overdue, though by 0 working days (`overdueBy`).
   */
  overdue: boolean;
  /** Working days past `dueBy`: as of `asOf` while open, at the outcome once ended. */
  overdueBy: number;
  correction: {
    /** The last day a 补正 may be asked for. */
    allowedUntil: IsoDate;
    /** A 补正 may be asked for as of `asOf`. */
    allowed: boolean;
    requestedOn: IsoDate | null;
    dueOn: IsoDate | null;
    receivedOn: IsoDate | null;
  } | null;
  /** The open pause. */
  pause: { type: PauseType; since: IsoDate; dueOn: IsoDate | null } | null;
  /** How the request ended: answered, or closed when it lapsed. */
  outcome: { type: AnswerTypeCode; on: IsoDate; via: "answer" | "lapse"; late: boolean } | null;
  archivedOn: IsoDate | null;
  /** The applicant's deadline has passed: the request may be closed (event `lapsed`). */
  lapse: { reason: LapseReason; since: IsoDate } | null;
  warnings: ClockWarning[];
  provisional: boolean;
}

const DAY_MS = 86_400_000;
/** A clock that needs more calendar days than this is a bug (a pause open for decades). */
const MAX_CALENDAR_DAYS = 20 * 366;

function nextDay(date: IsoDate): IsoDate {
  return new Date(Date.parse(date) + DAY_MS).toISOString().slice(0, 10);
}

const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));

/** A pause as a half-open range of days: [from, until). */
interface Interval {
  from: IsoDate;
  until: IsoDate;
}

const inPause = (day: IsoDate, pauses: readonly Interval[]): boolean =>
  pauses.some((p) => day >= p.from && day < p.until);

/** The n-th unpaused working day after `start`, and the paused working days passed on the way. */
function dueAfter(calendar: WorkingCalendar, start: IsoDate, n: number, pauses: readonly Interval[]) {
  let day = start;
  let counted = 0;
  let pausedDays = 0;
  let provisional = false;
  for (let steps = 0; counted < n; steps++) {
    if (steps > MAX_CALENDAR_DAYS) throw new RangeError(`no due date within ${MAX_CALENDAR_DAYS} days of ${start}`);
    day = nextDay(day);
    if (!calendar.covers(yearOf(day))) provisional = true;
    if (!calendar.isWorkingDay(day)) continue;
    if (inPause(day, pauses)) pausedDays += 1;
    else counted += 1;
  }
  return { dueBy: day, pausedDays, provisional };
}

/** Unpaused working days after `start` up to and including `end`. */
function unpausedDays(calendar: WorkingCalendar, start: IsoDate, end: IsoDate, pauses: readonly Interval[]) {
  let days = 0;
  let provisional = false;
  for (let day = nextDay(start), steps = 0; day <= end; day = nextDay(day), steps++) {
    if (steps > MAX_CALENDAR_DAYS) throw new RangeError(`more than ${MAX_CALENDAR_DAYS} days from ${start}`);
    if (!calendar.covers(yearOf(day))) provisional = true;
    if (calendar.isWorkingDay(day) && !inPause(day, pauses)) days += 1;
  }
  return { days, provisional };
}

/** What the history says, step by step. */
interface Timeline {
  state: RequestState | null;
  submittedOn?: IsoDate;
  receivedOn?: IsoDate;
  countsFrom?: IsoDate;
  correction?: { requestedOn: IsoDate; dueOn: IsoDate; receivedOn?: IsoDate };
  extendedDays: number;
  pauses: { type: PauseType; from: IsoDate; until?: IsoDate; dueOn?: IsoDate }[];
  outcome?: { type: AnswerTypeCode; on: IsoDate; via: "answer" | "lapse" };
  archivedOn?: IsoDate;
}

function replay(events: readonly RequestEvent[]): Timeline {
  const t: Timeline = { state: null, extendedDays: 0, pauses: [] };
  const closePause = (on: IsoDate) => {
    const open = t.pauses.at(-1);
    if (open && open.until === undefined) open.until = on;
  };
  for (const e of events) {
    t.state = transition(t.state, e.kind, { extended: t.extendedDays > 0, correctionRequested: !!t.correction });
    switch (e.kind) {
      case "submitted":
        t.submittedOn = e.on;
        break;
      case "received":
        t.receivedOn = t.countsFrom = e.on;
        break;
      case "correction_requested":
        t.correction = { requestedOn: e.on, dueOn: e.dueOn };
        break;
      case "correction_received":
        if (t.correction) t.correction.receivedOn = e.on;
        t.countsFrom = e.on;
        break;
      case "extended":
        t.extendedDays = e.days;
        break;
      case "paused":
        t.pauses.push({ type: e.type, from: e.on, ...(e.dueOn ? { dueOn: e.dueOn } : {}) });
        break;
      case "resumed":
        closePause(e.on);
        break;
      case "answered":
        closePause(e.on);
        t.outcome = { type: e.answerType, on: e.on, via: "answer" };
        break;
      case "lapsed":
        closePause(e.on);
        t.outcome = { type: LAPSE_ANSWER_TYPE[e.reason], on: e.on, via: "lapse" };
        break;
      case "archived":
        t.archivedOn = e.on;
        break;
    }
  }
  return t;
}

/** The clock of a request as of `asOf` (see the module's comment for how days are counted). */
export function requestClock(history: readonly RequestEvent[], { calendar, asOf }: ClockOptions): RequestClock {
  const t = replay(history.filter((e) => e.on <= asOf));
  const state = t.state;
  let provisional = false;

  const openPause = t.pauses.at(-1)?.until === undefined ? t.pauses.at(-1) : undefined;
  const end = t.outcome?.on ?? asOf;
  const intervals: Interval[] = t.pauses.map((p) => ({ from: p.from, until: p.until ?? nextDay(end) }));

  const awaitingCorrection = t.correction !== undefined && t.correction.receivedOn === undefined;
  let dueBy: IsoDate | null = null;
  let pausedDays = 0;
  let workingDaysUsed = 0;
  if (t.countsFrom !== undefined && !awaitingCorrection) {
    const due = dueAfter(calendar, t.countsFrom, ANSWER_WORKING_DAYS + t.extendedDays, intervals);
    const used = unpausedDays(calendar, t.countsFrom, end, intervals);
    [dueBy, pausedDays, workingDaysUsed] = [due.dueBy, due.pausedDays, used.days];
    provisional ||= due.provisional || used.provisional;
  }

  let workingDaysLeft: number | null = null;
  let overdueBy = 0;
  let overdue = false;
  const warnings: ClockWarning[] = [];
  const running = state !== null && RUNNING_STATES.includes(state);
  if (dueBy !== null && (running || state === "paused")) {
    const left = calendar.workingDaysBetween(asOf, dueBy);
    provisional ||= left.provisional;
    workingDaysLeft = left.days;
    overdueBy = Math.max(0, -left.days);
    overdue = asOf > dueBy;
    if (overdue) warnings.push({ type: "overdue", dueBy, overdueBy });
    else if (running && left.days <= DUE_SOON_DAYS) {
      warnings.push({ type: "due_soon", dueBy, workingDaysLeft: left.days });
    }
  }

  let outcome: RequestClock["outcome"] = null;
  if (t.outcome) {
    const late = dueBy !== null && t.outcome.on > dueBy;
    if (late && dueBy !== null) {
      const by = calendar.workingDaysBetween(dueBy, t.outcome.on);
      provisional ||= by.provisional;
      overdueBy = by.days;
    }
    outcome = { ...t.outcome, late };
    overdue = late;
  }

  let correction: RequestClock["correction"] = null;
  if (t.receivedOn !== undefined) {
    const window = correctionDeadline(calendar, t.receivedOn);
    provisional ||= window.provisional;
    correction = {
      allowedUntil: window.date,
      allowed: running && t.correction === undefined && asOf <= window.date,
      requestedOn: t.correction?.requestedOn ?? null,
      dueOn: t.correction?.dueOn ?? null,
      receivedOn: t.correction?.receivedOn ?? null,
    };
  }

  let lapse: RequestClock["lapse"] = null;
  if (state === "correction_requested" && t.correction && asOf > t.correction.dueOn) {
    lapse = { reason: "correction_overdue", since: nextDay(t.correction.dueOn) };
  } else if (state === "paused" && openPause?.type === "fee" && openPause.dueOn && asOf > openPause.dueOn) {
    lapse = { reason: "fee_unpaid", since: nextDay(openPause.dueOn) };
  }

  return {
    state,
    submittedOn: t.submittedOn ?? null,
    receivedOn: t.receivedOn ?? null,
    countsFrom: awaitingCorrection ? null : (t.countsFrom ?? null),
    dueBy,
    pausedDays,
    extendedDays: t.extendedDays,
    workingDaysUsed,
    workingDaysLeft,
    overdue,
    overdueBy,
    correction,
    pause: openPause ? { type: openPause.type, since: openPause.from, dueOn: openPause.dueOn ?? null } : null,
    outcome,
    archivedOn: t.archivedOn ?? null,
    lapse,
    warnings,
    provisional,
  };
}

/** The last day a 补正 may be asked for: the 7th working day after receipt (Art. 30). */
export function correctionDeadline(calendar: WorkingCalendar, receivedOn: IsoDate): Deadline {
  return calendar.workingDaysAfter(receivedOn, CORRECTION_NOTICE_DAYS);
}

/** The day a consulted third party's view is due: 15 working days after it is asked (Art. 32). */
export function thirdPartyReplyDueOn(calendar: WorkingCalendar, askedOn: IsoDate): Deadline {
  return calendar.workingDaysAfter(askedOn, THIRD_PARTY_REPLY_DAYS);
}

/** The last day to pay a fee: 20 working days after the applicant receives the fee notice (109号). */
export function feePaymentDueOn(calendar: WorkingCalendar, noticeReceivedOn: IsoDate): Deadline {
  return calendar.workingDaysAfter(noticeReceivedOn, FEE_PAYMENT_DAYS);
}
