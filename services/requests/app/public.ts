/**
 * What the public sees of requests: one's own request by its tracking code (no identity, no
 * officer names, texts masked), a fee quote by the 109号 rule, a body's statistics for a year
 * (only from a minimum number of requests on), and, for the feed, the outbox of identity-free
 * views.
 */
import type { EventsSinceParams, StatsQuery } from "../../../lib/contract.js";
import { statsWhere } from "../../../lib/database.js";
import type { ResponseAggregates } from "../../../shared/reports.js";
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { attachmentsOf } from "./attachments.js";
import { outboxAfter } from "../../../lib/outbox.js";
import {
  ANSWER_TYPE_CODES,
  LAPSE_ANSWER_TYPE,
  REQUEST_OPEN_STATES,
  requestFee,
  type AnswerTypeCode,
  type FeeQuote,
} from "../../../shared/requests.js";
import { normalizeTrackingCode } from "../../../shared/verify-code.js";
import type {
  FeeQuoteParams,
  RequestChange,
  RequestStats,
  StatsParams,
  TrackedRequest,
  TrackParams,
} from "../contract.js";
import { InfoRequest, RequestOutbox, RequestStep } from "../entities.js";
import { lapseIfDue } from "./lapse.js";
import { ruled, todayOf, trailOf, type RequestsDeps } from "./records.js";
import { clockOf, trackedView } from "./views.js";

export async function track(deps: RequestsDeps, p: TrackParams): Promise<TrackedRequest> {
  const code = normalizeTrackingCode(p.trackingCode);
  const em = deps.em();
  let r = code ? await em.findOne(InfoRequest, { trackingCode: code }) : null;
  if (!r) throw new NotFoundError("Tracking code");
  if (await lapseIfDue(deps, r)) r = await deps.em().findOneOrFail(InfoRequest, { id: r.id });
  const [steps, attachments] = await Promise.all([trailOf(deps.em(), r.id), attachmentsOf(deps, r.id)]);
  return trackedView(r, steps, clockOf(steps, await deps.calendar(), todayOf(deps)), attachments);
}

/** The fee a request would cost, by items (with the applicant's earlier items this month) or by pages. */
export function feeQuote(p: FeeQuoteParams): FeeQuote {
  if ((p.items === undefined) === (p.pages === undefined)) {
    throw fieldProblem(p.items === undefined ? "items" : "pages", "ONE_FEE_STANDARD", "give items or pages, not both");
  }
  return ruled(
    () =>
      p.items !== undefined
        ? requestFee({ standard: "items", items: p.items, previousItemsThisMonth: p.previousItems ?? 0 })
        : requestFee({ standard: "pages", pages: p.pages as number }),
    { previousItemsThisMonth: "previousItems" },
  );
}

const LAPSE_TYPES: readonly string[] = Object.values(LAPSE_ANSWER_TYPE);

/**
 * A body's year: requests received (by 收到日), ended by type (answered or lapsed that year, every
 * row of table 三), overdue (received that year and answered late, or open and past due today),
 * and the median working days an answer took, paused days excluded.
 */
export async function stats(deps: RequestsDeps, p: StatsParams): Promise<RequestStats> {
  const minimum = deps.config.statsMinimum;
  const from = `${p.year}-01-01`;
  const until = `${p.year + 1}-01-01`;
  const em = deps.em();
  const sql = em.getConnection();
  const [counts] = await sql.execute<{ received: string; late: string }[]>(
    `select count(*) as received, count(*) filter (where late) as late
       from requests.requests where body_id = ? and received_on >= ? and received_on < ?`,
    [p.bodyId, from, until],
  );
  const received = Number(counts?.received ?? 0);
  if (received < minimum) return { bodyId: p.bodyId, year: p.year, enough: false, minimum };
  const ended = await sql.execute<{ type: string; count: string }[]>(
    `select outcome_type as type, count(*) as count from requests.requests
      where body_id = ? and outcome_on >= ? and outcome_on < ? group by outcome_type`,
    [p.bodyId, from, until],
  );
  const [median] = await sql.execute<{ median: string | null }[]>(
    `select percentile_cont(0.5) within group (order by working_days_used) as median from requests.requests
      where body_id = ? and outcome_on >= ? and outcome_on < ? and outcome_type not in (?, ?)`,
    [p.bodyId, from, until, ...LAPSE_TYPES],
  );
  // Open requests are few: their clocks, as of today, say which are past due.
  const open = await em.find(InfoRequest, {
    bodyId: p.bodyId,
    receivedOn: { $gte: from, $lt: until },
    state: { $in: [...REQUEST_OPEN_STATES] },
  });
  const steps = open.length
    ? await em.find(RequestStep, { requestId: { $in: open.map((r) => r.id) } }, { orderBy: { seq: "asc" } })
    : [];
  const calendar = open.length ? await deps.calendar() : null;
  const today = todayOf(deps);
  const openOverdue = calendar
    ? open
        .map((r) =>
          clockOf(
            steps.filter((s) => s.requestId === r.id),
            calendar,
            today,
          ),
        )
        .filter((c) => c.overdue).length
    : 0;
  const byCode = new Map(ended.map((row) => [row.type, Number(row.count)]));
  return {
    bodyId: p.bodyId,
    year: p.year,
    enough: true,
    minimum,
    received,
    answered: [...byCode.values()].reduce((a, b) => a + b, 0),
    byType: ANSWER_TYPE_CODES.map((type: AnswerTypeCode) => ({ type, count: byCode.get(type) ?? 0 })),
    overdue: Number(counts?.late ?? 0) + openOverdue,
    medianWorkingDays: median?.median == null ? null : Number(median.median),
  };
}

/**
 * For the public statistics: requests received (by 收到日's month) and answered (by the answer's
 * month, with the working days the clock ran, paused days excluded) in the period; a request closed
 * because the applicant let it lapse was not answered. Counts only, computed in SQL.
 */
export async function statsResponses(deps: RequestsDeps, q: StatsQuery): Promise<ResponseAggregates> {
  const sql = deps.em().getConnection();
  const received = statsWhere(q, "received_on");
  const answered = statsWhere(q, "outcome_on");
  const [receivedRows, answeredRows] = await Promise.all([
    sql.execute<{ month: string; count: string }[]>(
      `select to_char(received_on, 'YYYY-MM') as month, count(*) as count from requests.requests
        where ${received.sql} group by 1 order by 1`,
      received.params,
    ),
    sql.execute<{ month: string; days: number; count: string }[]>(
      `select to_char(outcome_on, 'YYYY-MM') as month, working_days_used as days, count(*) as count
         from requests.requests
        where outcome_type not in (?, ?) and working_days_used is not null and ${answered.sql}
        group by 1, 2 order by 1, 2`,
      [...LAPSE_TYPES, ...answered.params],
    ),
  ]);
  return {
    minimum: deps.config.statsMinimum,
    received: receivedRows.map((r) => ({ month: r.month, count: Number(r.count) })),
    answered: answeredRows.map((r) => ({ month: r.month, workingDays: Number(r.days), count: Number(r.count) })),
  };
}

/** For the feed: requests changed after a sequence number, each as its identity-free view. */
export async function eventsSince(deps: RequestsDeps, p: EventsSinceParams): Promise<RequestChange[]> {
  const em = deps.em();
  const events = await outboxAfter(em, RequestOutbox, p);
  const rows = await em.find(InfoRequest, { id: { $in: [...new Set(events.map((e) => e.requestId))] } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return events.map((e) => {
    const r = byId.get(e.requestId) as InfoRequest;
    return {
      seq: String(e.seq),
      id: r.id,
      view: {
        id: r.id,
        bodyId: r.bodyId,
        applicantKind: r.applicantKind,
        channel: r.channel,
        status: r.state,
        receivedOn: r.receivedOn,
        dueBy: r.dueBy,
        outcome: r.outcomeType && r.outcomeOn ? { type: r.outcomeType, on: r.outcomeOn, late: r.late } : null,
        workingDaysUsed: r.workingDaysUsed,
      },
    };
  });
}
