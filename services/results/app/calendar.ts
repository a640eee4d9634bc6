/**
 * The official working-day calendar (法定节假日 and 调休 make-up workdays): the years it covers,
 * years administrators load, and the working-day answers other services ask for.
 */
import type { SessionUser } from "../../../lib/auth.js";
import { InvalidInputError } from "../../../lib/errors.js";
import { validateYearCalendar, type WorkingDayCount, type YearCalendar } from "../../../shared/calendar.js";
import type {
  CalendarSnapshot,
  CalendarView,
  LoadCalendarReply,
  WorkingDeadlineParams,
  WorkingDeadlineReply,
} from "../contract.js";
import { CalendarYear } from "../entities.js";
import { loadTables, recomputeDeadlines, type ResultsDeps, type Tables } from "./deps.js";

/** Years the calendar covers, and the years administrators loaded. */
export async function getCalendar(deps: Pick<ResultsDeps, "em" | "calendar">): Promise<CalendarView> {
  const loaded = await deps.em().find(CalendarYear, {}, { orderBy: { year: "asc" } });
  return {
    coveredYears: deps.calendar.coveredYears(),
    loaded: loaded.map((y) => ({
      year: y.year,
      holidays: y.holidays,
      workdays: y.workdays,
      loadedAt: y.loadedAt.toISOString(),
    })),
  };
}

/**
 * Loads (or replaces) a year's holidays and make-up workdays and recomputes open deadlines;
 * answers the tables now in force, for the service to hold and announce.
 */
export async function loadCalendarYear(
  deps: Pick<ResultsDeps, "em">,
  user: SessionUser,
  p: YearCalendar,
): Promise<{ reply: LoadCalendarReply; tables: Tables }> {
  const checked = validateYearCalendar(p);
  if (!checked.ok) throw new InvalidInputError(checked.problems);
  const em = deps.em();
  await em.upsert(CalendarYear, { ...checked.value, loadedBy: user.id, loadedAt: new Date() });
  const tables = await loadTables(deps.em());
  const recomputed = await recomputeDeadlines(em, tables);
  return { reply: { year: checked.value.year, recomputed }, tables };
}

/** A deadline in working days, by default the rule table's reply time for public feedback. */
export function workingDeadline(deps: Tables, p: WorkingDeadlineParams): WorkingDeadlineReply {
  const { date, provisional } = deps.calendar.workingDaysAfter(p.from, p.days ?? deps.rules.feedbackReplyDays);
  return { dueBy: date, provisional };
}

export function workingDaysBetween(deps: Pick<Tables, "calendar">, p: { from: string; to: string }): WorkingDayCount {
  return deps.calendar.workingDaysBetween(p.from, p.to);
}

/**
 * The whole calendar in force, read from the database (not this instance's copy, which another
 * instance's change reaches only by its event): for services that hold a copy and refresh it on
 * `results.tablesChanged`.
 */
export async function calendarSnapshot(deps: Pick<ResultsDeps, "em">): Promise<CalendarSnapshot> {
  const { calendar } = await loadTables(deps.em());
  return { years: calendar.coveredYears().map((year) => calendar.yearCalendar(year) as YearCalendar) };
}
