/**
 * The feed's 双随机、一公开 actions (app/inspections.ts): drawn entities and their results as JSON
 * and CSV, and the Atom feed of the plans. Mixed into the feed service: it uses the service's pool.
 */
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { Meta } from "../../lib/auth.js";
import type { ActionContext } from "../../lib/contract.js";
import type { Runtime } from "../../lib/runtime.js";
import { inspected, inspectedCsv, planAtom, type InspectionReadDeps } from "./app/inspections.js";
import { inspectionFeed } from "./inspections-contract.js";

interface Vars {
  pool: InspectionReadDeps["db"];
}

export function inspectionsMixin(rt: Runtime): ServiceSchema {
  const deps = (db: InspectionReadDeps["db"]): InspectionReadDeps => ({ db, publicBaseUrl: rt.config.publicBaseUrl });
  const schema: ServiceSchema<ServiceSettingSchema, Record<string, never>, Vars> = {
    name: "feed",
    actions: {
      inspected: {
        rest: "GET /public/inspection-results",
        summary:
          "Entities drawn for random inspection with their results, the latest draws first; by name words, 统一社会信用代码, body or result",
        params: inspectionFeed.inspected.params,
        handler(ctx: ActionContext<typeof inspectionFeed.inspected>) {
          return inspected(deps(this.pool), ctx.params);
        },
      },

      inspectedCsv: {
        rest: "GET /public/inspection-results.csv",
        summary: "The same as CSV in Chinese headers (UTF-8 with BOM), at most 10 000 rows",
        params: inspectionFeed.inspectedCsv.params,
        async handler(ctx: Context<ActionContext<typeof inspectionFeed.inspectedCsv>["params"], Meta>) {
          const text = await inspectedCsv(deps(this.pool), ctx.params);
          ctx.meta.$responseType = "text/csv; charset=utf-8";
          ctx.meta.$responseHeaders = { "Content-Disposition": `attachment; filename="inspection-results.csv"` };
          return text;
        },
      },

      planAtom: {
        rest: "GET /public/inspection-plans.atom",
        summary: "Atom 1.0 feed of random-inspection plans: each as it stands (published, drawn, results)",
        params: inspectionFeed.planAtom.params,
        async handler(ctx: Context<ActionContext<typeof inspectionFeed.planAtom>["params"], Meta>) {
          const xml = await planAtom(deps(this.pool), ctx.params);
          ctx.meta.$responseType = "application/atom+xml; charset=utf-8";
          return xml;
        },
      },
    },
  };
  return schema as ServiceSchema;
}
