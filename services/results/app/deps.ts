/**
 * What the results use cases depend on: a fresh EntityManager per unit of work, today's date in
 * China, the working-day calendar and rule table in force, and a port to call other services.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Caller } from "../../../lib/contract.js";
import { NotFoundError } from "../../../lib/errors.js";
import type { SessionUser } from "../../../lib/auth.js";
import { WorkingCalendar } from "../../../shared/calendar.js";
import type { PowerCategory } from "../../../shared/domain.js";
import { DEFAULT_RULES, publicationDeadlineDays, type RuleTable } from "../../../shared/rules.js";
import { CalendarYear, Result, RuleTableRow } from "../entities.js";

/** The calendar and the rule table in force (administrators may replace both). */
export interface Tables {
  calendar: WorkingCalendar;
  rules: RuleTable;
}

export interface ResultsDeps extends Tables {
  /** A fresh EntityManager: each call is its own unit of work. */
  em(): EntityManager;
  /** Today's date (YYYY-MM-DD) in China. */
  today(): string;
  /** Other services (cases, duties, notices), called by action name. */
  caller: Caller;
}

/** The calendar (official years plus those administrators loaded) and the rule table, as stored. */
export async function loadTables(em: EntityManager): Promise<Tables> {
  const [years, row] = await Promise.all([em.find(CalendarYear, {}), em.findOne(RuleTableRow, { id: 1 })]);
  let calendar = WorkingCalendar.official();
  for (const y of years) calendar = calendar.withYear({ year: y.year, holidays: y.holidays, workdays: y.workdays });
  return { calendar, rules: row?.rules ?? DEFAULT_RULES };
}

/** The statutory publication deadline of a decision, in working days on the calendar. */
export function dueBy(tables: Tables, decidedOn: string, kind: PowerCategory) {
  const { date, provisional } = tables.calendar.workingDaysAfter(
    decidedOn,
    publicationDeadlineDays(tables.rules, kind),
  );
  return { dueBy: date, dueByProvisional: provisional };
}

/** A result the user may see: another body's is not found, as if it did not exist. */
export async function loadResult(deps: Pick<ResultsDeps, "em">, user: SessionUser, id: string): Promise<Result> {
  const r = await deps.em().findOne(Result, { id });
  if (!r || (user.role !== "admin" && user.bodyId !== r.bodyId)) throw new NotFoundError("Result", id);
  return r;
}

/** Recomputes the deadlines of open (draft) results on new tables; answers how many. */
export async function recomputeDeadlines(em: EntityManager, tables: Tables): Promise<number> {
  const open = await em.find(Result, { status: "draft" });
  for (const r of open) Object.assign(r, dueBy(tables, r.decidedOn, r.kind));
  await em.flush();
  return open.length;
}
