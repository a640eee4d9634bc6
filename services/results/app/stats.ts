/**
 * For the public statistics (reports.stats): decisions counted in SQL — by 决定日期's month and
 * kind, penalties by month and set of categories with their fines in 分, publication against each
 * result's deadline (dueBy, 7 or 20 working days), the powers used most. Aggregates only: no
 * party, no text, no single decision crosses.
 */
import type { StatsQuery } from "../../../lib/contract.js";
import { statsWhere } from "../../../lib/database.js";
import type { DecisionAggregates } from "../../../shared/reports.js";
import { STATS_TOP_POWERS } from "../../../shared/reports.js";
import type { PenaltyCategory } from "../../../shared/rules.js";
import type { PowerCategory } from "../../../shared/domain.js";
import type { ResultsDeps } from "./deps.js";

export async function statsDecisions(
  deps: Pick<ResultsDeps, "em" | "today">,
  q: StatsQuery,
): Promise<DecisionAggregates> {
  const sql = deps.em().getConnection();
  const where = statsWhere(q, "decided_on");
  const month = `to_char(decided_on, 'YYYY-MM')`;
  // The China day a result was published on, whatever the server's time zone. Imported historic
  // records count as decisions, but not for timeliness (published when imported) nor the top
  // powers (they name none).
  const publishedOn = `(published_at at time zone 'Asia/Shanghai')::date`;
  const [byMonthKind, penalties, timeliness, topPowers] = await Promise.all([
    sql.execute<{ month: string; kind: PowerCategory; count: string }[]>(
      `select ${month} as month, kind, count(*) as count from results.results
        where ${where.sql} group by 1, 2 order by 1, 2`,
      where.params,
    ),
    sql.execute<
      { month: string; categories: PenaltyCategory[] | null; count: string; fined: string; fine_fen: string }[]
    >(
      `select ${month} as month, penalty->'categories' as categories, count(*) as count,
              count(*) filter (where coalesce((penalty->>'fineAmount')::numeric, 0) > 0) as fined,
              coalesce(sum(round(coalesce((penalty->>'fineAmount')::numeric, 0) * 100)), 0) as fine_fen
         from results.results
        where kind = '行政处罚' and ${where.sql} group by 1, 2`,
      where.params,
    ),
    sql.execute<{ month: string; on_time: string; late: string; overdue: string; pending: string }[]>(
      `select ${month} as month,
              count(*) filter (where published_at is not null and ${publishedOn} <= due_by) as on_time,
              count(*) filter (where published_at is not null and ${publishedOn} > due_by) as late,
              count(*) filter (where published_at is null and due_by < ?::date) as overdue,
              count(*) filter (where published_at is null and due_by >= ?::date) as pending
         from results.results where ${where.sql} and source = 'live' group by 1 order by 1`,
      [deps.today(), deps.today(), ...where.params],
    ),
    sql.execute<{ body_id: string; code: string; name: string; count: string }[]>(
      `select body_id, power_code as code, count(*) as count,
              (array_agg(power_name order by decided_on desc, created_at desc))[1] as name
         from results.results where ${where.sql} and source = 'live'
        group by body_id, power_code order by count(*) desc, power_code, body_id limit ?`,
      [...where.params, STATS_TOP_POWERS],
    ),
  ]);
  return {
    byMonthKind: byMonthKind.map((r) => ({ month: r.month, kind: r.kind, count: Number(r.count) })),
    penalties: penalties.map((r) => ({
      month: r.month,
      categories: Array.isArray(r.categories) ? r.categories : [],
      count: Number(r.count),
      fined: Number(r.fined),
      fineFen: Number(r.fine_fen),
    })),
    timeliness: timeliness.map((r) => ({
      month: r.month,
      onTime: Number(r.on_time),
      late: Number(r.late),
      overdue: Number(r.overdue),
      pending: Number(r.pending),
    })),
    topPowers: topPowers.map((r) => ({ bodyId: r.body_id, code: r.code, name: r.name, count: Number(r.count) })),
  };
}
