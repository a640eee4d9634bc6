/**
 * The public statistics (/api/public/stats, /stats): the scope's bodies from duties, the aggregates
 * each owner of the records counts in SQL (results: decisions; feedback and requests: answers), the
 * current names of the powers used most, shaped by the shared rules (shared/reports/stats.ts) into
 * one view; each chart's table as CSV in Chinese words. Nothing personal is asked for or answered.
 */
import { call, type StatsQuery } from "../../../lib/contract.js";
import { dependencyCall, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import {
  csvText,
  publicStats,
  statsPeriod,
  statsTables,
  tableCsvRows,
  type StatsScope,
} from "../../../shared/reports.js";
import { duties } from "../../duties/contract.js";
import { feedback } from "../../feedback/contract.js";
import { requests } from "../../requests/contract.js";
import { results } from "../../results/contract.js";
import type { PublicStats, StatsCsvParams, StatsParams } from "../contract.js";
import { refusing, todayOf, type ReportsDeps } from "./deps.js";

/** Who the statistics are about, and the bodies whose records count (undefined: every body). */
async function scopeOf(deps: ReportsDeps, p: StatsParams): Promise<{ scope: StatsScope; bodyIds?: string[] }> {
  const asked = { ...(p.bodyId ? { bodyId: p.bodyId } : {}), ...(p.region ? { region: p.region } : {}) };
  const found = await dependencyCall("duties", () => call(deps.caller, duties.statsScope, asked));
  if (p.bodyId) {
    const body = found.bodies[0];
    if (!body) {
      // A body that exists elsewhere than the region asked is a contradiction; one that does not exist is not found.
      if (!p.region) throw new NotFoundError("Body", p.bodyId);
      const exists = await dependencyCall("duties", () => call(deps.caller, duties.statsScope, { bodyId: p.bodyId }));
      if (!exists.bodies.length) throw new NotFoundError("Body", p.bodyId);
      throw fieldProblem("region", "STATS_BODY_NOT_IN_REGION", "the body is not in the region");
    }
    return {
      scope: { kind: "body", bodyId: body.id, bodyName: body.name, region: body.region, bodies: 1 },
      bodyIds: [body.id],
    };
  }
  if (p.region) {
    return {
      scope: { kind: "region", bodyId: null, bodyName: null, region: p.region, bodies: found.total },
      bodyIds: found.bodies.map((b) => b.id),
    };
  }
  return { scope: { kind: "all", bodyId: null, bodyName: null, region: null, bodies: found.total } };
}

export async function stats(deps: ReportsDeps, p: StatsParams): Promise<PublicStats> {
  const period = refusing(() => statsPeriod(p, todayOf(deps)));
  const { scope, bodyIds } = await scopeOf(deps, p);
  const q: StatsQuery = { ...(bodyIds ? { bodyIds } : {}), from: period.first, until: period.until };
  const [decisions, feedbackCounts, requestCounts] = await Promise.all([
    dependencyCall("results", () => call(deps.caller, results.statsDecisions, q)),
    dependencyCall("feedback", () => call(deps.caller, feedback.statsResponses, q)),
    dependencyCall("requests", () => call(deps.caller, requests.statsResponses, q)),
  ]);
  const names = await dependencyCall("duties", () =>
    call(deps.caller, duties.powerNames, {
      powers: decisions.topPowers.map(({ bodyId, code }) => ({ bodyId, code })),
    }),
  );
  const powers = new Map(names.map((n) => [`${n.bodyId} ${n.code}`, { name: n.name, bodyName: n.bodyName }]));
  return publicStats({ scope, period, decisions, feedback: feedbackCounts, requests: requestCounts, powers });
}

/** One chart's table as CSV: the scope and period on top, then the table; UTF-8 with BOM, CRLF. */
export function statsCsv(view: PublicStats, chart: StatsCsvParams["chart"]): { text: string; filename: string } {
  const s = view.scope;
  const who =
    s.kind === "body" ? s.bodyName : s.kind === "region" ? `${s.region}（${s.bodies}个执法主体）` : "全部执法主体";
  const head = [["统计范围", who ?? ""], ["统计期间", `${view.period.from}至${view.period.to}`], []];
  return {
    text: `\uFEFF${csvText([...head, ...tableCsvRows(statsTables(view)[chart])])}`,
    filename: `stats-${chart}-${view.period.from}-${view.period.to}.csv`,
  };
}
