/** The official working-day calendar with the years the administrators loaded (the results service keeps them). */
import { call, type Caller } from "./contract.js";
import { dependencyCall } from "./errors.js";
import { WorkingCalendar } from "../shared/calendar.js";
import { results } from "../services/results/contract.js";

export async function workingCalendar(deps: { caller: Caller }): Promise<WorkingCalendar> {
  const view = await dependencyCall("results", () => call(deps.caller, results.getCalendar, {}));
  let calendar = WorkingCalendar.official();
  for (const year of view.loaded) {
    calendar = calendar.withYear({ year: year.year, holidays: year.holidays, workdays: year.workdays });
  }
  return calendar;
}
