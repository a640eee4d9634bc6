/** The portal's routes of annual reports: the register (by body) and each report's page, from the feed. */
import { call, formInput } from "../../lib/contract.js";
import type { Handler } from "../../services/gateway/web.js";
import { feed } from "../../services/feed/contract.js";
import { bodyChoices, idParam, page, send } from "./handlers.js";
import { reportPage, reportsPage, REPORTS_PATH } from "./reports.js";

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
  };
}
