/**
 * Lapse (逾期不补正, 逾期未缴费): a request whose applicant let the 补正 or payment deadline pass is
 * closed, dated the day after the deadline — by the timer (every EXPIRY_CHECK_SECONDS, like the
 * notices' expiry) and whenever the request is read, so no answer ever shows a request awaiting
 * an applicant whose time is up. Row locks and the clock's own check make replicas and readers
 * close each request once.
 */
import { REQUEST_STATES, type RequestState } from "../../../shared/requests.js";
import { InfoRequest } from "../entities.js";
import { PLATFORM, recordStep, todayOf, type RequestsDeps } from "./records.js";

/** The states in which a request waits on its applicant. */
const AWAITING: RequestState[] = REQUEST_STATES.filter((s) => s === "correction_requested" || s === "paused");

/** Whether the stored columns say the applicant's deadline passed (the clock decides, under the lock). */
export function mayHaveLapsed(r: InfoRequest, today: string): boolean {
  return r.applicantDueOn !== null && r.applicantDueOn < today && AWAITING.includes(r.state);
}

/** Closes the request if its applicant's deadline passed; answers whether it did. */
export function lapseIfDue(deps: RequestsDeps, r: InfoRequest): Promise<boolean> {
  if (!mayHaveLapsed(r, todayOf(deps))) return Promise.resolve(false);
  return recordStep(deps, r.id, PLATFORM, ({ clock, history }) => {
    if (!clock.lapse) return null;
    const last = history.at(-1)?.on ?? clock.lapse.since;
    const on = clock.lapse.since > last ? clock.lapse.since : last;
    return { event: { kind: "lapsed", on, reason: clock.lapse.reason } };
  });
}

/** Closes every lapsed request (of one body, or all), a batch at a time; answers how many. */
export async function lapseDue(deps: RequestsDeps, bodyId?: string): Promise<number> {
  const today = todayOf(deps);
  let closed = 0;
  for (;;) {
    const due = await deps
      .em()
      .find(
        InfoRequest,
        { state: { $in: AWAITING }, applicantDueOn: { $lt: today }, ...(bodyId ? { bodyId } : {}) },
        { orderBy: { applicantDueOn: "asc", id: "asc" }, limit: 100 },
      );
    let progressed = 0;
    for (const r of due) if (await lapseIfDue(deps, r)) progressed += 1;
    closed += progressed;
    if (due.length < 100 || progressed === 0) return closed;
  }
}
