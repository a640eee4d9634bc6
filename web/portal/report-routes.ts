/**
 * The portal's routes of annual reports — the register (by body) and each report's page, from the
 * feed — and of the public statistics (every body, a region or a body; one body's own page).
 */
import type { Context } from "moleculer";
import { call, formInput } from "../../lib/contract.js";
import type { Handler, Req } from "../../services/gateway/web.js";
import { feed } from "../../services/feed/contract.js";
import { reports } from "../../services/reports/contract.js";
import { bodyChoices, idParam, page, send } from "./handlers.js";
import { reportPage, reportsPage, REPORTS_PATH } from "./reports.js";
import { STATS_PATH, statsCharts, statsPage, type StatsQuery } from "./stats.js";

/** The statistics' fields as the reader sent them, trimmed, the empty ones left out. */
function statsQuery(req: Req, fields: readonly (keyof StatsQuery)[]): StatsQuery {
  const query: StatsQuery = {};
  for (const field of fields) {
    const value = req.$params[field]?.trim();
    if (value) query[field] = value;
  }
  return query;
}

/** Every region to choose from (the bodies directory's); a feed that cannot answer leaves the select empty. */
async function regionChoices(ctx: Context): Promise<string[]> {
  try {
    return (await call(ctx, feed.listBodies, { limit: 1, counts: false })).regions.map((r) => r.value);
  } catch {
    return [];
  }
}

export function reportRoutes(baseUrl: string): Record<string, Handler> {
  return {
    [`GET ${REPORTS_PATH}`]: page(async (req, res) => {
      const bodyId = req.$params.bodyId?.trim() || undefined;
      const [result, bodies] = await Promise.all([
        call(req.$ctx, feed.listReports, formInput({ ...(bodyId ? { bodyId } : {}) })),
        bodyChoices(req.$ctx),
      ]);
      send(req, res, 200, reportsPage({ baseUrl, items: result.items, bodies, ...(bodyId ? { bodyId } : {}) }));
    }),

    [`GET ${REPORTS_PATH}/:id`]: page(async (req, res) => {
      const report = await call(req.$ctx, feed.getReport, { id: idParam(req) });
      send(req, res, 200, reportPage({ baseUrl, report }));
    }),

    [`GET ${STATS_PATH}`]: page(async (req, res) => {
      const query = statsQuery(req, ["bodyId", "region", "from", "to"]);
      const [stats, bodies, regions] = await Promise.all([
        call(req.$ctx, reports.stats, formInput(query)),
        bodyChoices(req.$ctx),
        regionChoices(req.$ctx),
      ]);
      const charts = await statsCharts(stats);
      send(req, res, 200, statsPage({ baseUrl, stats, charts, query, bodies, regions }));
    }),

    "GET /bodies/:id/stats": page(async (req, res) => {
      const bodyId = idParam(req);
      const query = statsQuery(req, ["from", "to"]);
      const stats = await call(req.$ctx, reports.stats, formInput({ ...query, bodyId }));
      const charts = await statsCharts(stats);
      const body = { id: bodyId, name: stats.scope.bodyName ?? "" };
      send(req, res, 200, statsPage({ baseUrl, stats, charts, query, body }));
    }),
  };
}
