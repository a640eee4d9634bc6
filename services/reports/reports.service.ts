/**
 * Annual reports (issue 17): the 政府信息公开工作年度报告 and the 行政执法年度数据 of a body and year,
 * counted from the other services' records, written and corrected by an officer, checked and
 * published as JSON, CSV and a signed PDF, and announced to the feed. The use cases are in app/;
 * this file is the wiring.
 */
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import { STAFF, userOf, WRITERS } from "../../lib/auth.js";
import type { ActionContext, Caller } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { cacheKey, ReadCache } from "../../lib/read-cache.js";
import type { Runtime } from "../../lib/runtime.js";
import { refusing, todayOf, type ReportsDeps } from "./app/deps.js";
import { statsPeriod } from "../../shared/reports.js";
import { eventsSince, publicCsv, publicGet, publicList, publicPdf } from "./app/public.js";
import { count, edit, get, list, publish } from "./app/reports.js";
import { stats, statsCsv } from "./app/stats.js";
import { reports, type PublicStats, type ReportKind, type StatsParams } from "./contract.js";
import { DATABASE } from "./database.js";

interface Methods extends DatabaseMethods {
  deps(caller: Caller): ReportsDeps;
  cachedStats(caller: Caller, p: StatsParams): Promise<PublicStats>;
}

interface Vars extends DatabaseVars {
  statsCache: ReadCache;
}

/**
 * The statistics fan out over the bus (duties, results, feedback, requests: five calls, each a few
 * GROUP BYs), so an answer is kept a minute, per scope and period. What that hides: a decision,
 * publication, reply or answer of the last minute may be missing from the figures until the entry
 * ages out. Nothing else is cached: no outbox event empties this cache.
 */
const STATS_CACHE_MS = 60_000;
const STATS_CACHE_ENTRIES = 500;

type CsvContext = ActionContext<typeof reports.govInfoCsv>;

/** A published report's tables as CSV in the form's words (UTF-8 with BOM). */
function csvAction(kind: ReportKind, rest: string) {
  return {
    rest,
    summary: `A published ${kind} report's tables as CSV in the form's words (UTF-8 with BOM)`,
    params: reports.govInfoCsv.params,
    async handler(this: { deps(caller: Caller): ReportsDeps }, ctx: CsvContext) {
      const { text, filename } = await publicCsv(this.deps(ctx), { ...ctx.params, kind });
      ctx.meta.$responseType = "text/csv; charset=utf-8";
      ctx.meta.$responseHeaders = { "Content-Disposition": `attachment; filename="${filename}"` };
      return text;
    },
  };
}

export function reportsService(rt: Runtime): ServiceSchema {
  const { config } = rt;

  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "reports",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      list: {
        rest: "GET /reports",
        summary: "The body's annual reports (admins: every body's), and whether last year's are due or overdue",
        roles: STAFF,
        params: reports.list.params,
        handler(ctx: ActionContext<typeof reports.list>) {
          return list(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      count: {
        rest: "POST /reports/:kind/:year",
        summary: "Count the body's report of a year from live data (a draft; counted afresh until published)",
        roles: WRITERS,
        params: reports.count.params,
        handler(ctx: ActionContext<typeof reports.count>) {
          return count(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      get: {
        rest: "GET /reports/:kind/:year",
        summary: "The body's report of a year as last counted, with what would stop its publication",
        roles: STAFF,
        params: reports.get.params,
        handler(ctx: ActionContext<typeof reports.get>) {
          return get(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      edit: {
        rest: "PUT /reports/:kind/:year",
        summary: "Write the sections (总体情况, 主要问题及改进情况, 其他需要报告的事项) and correct cells of a draft",
        roles: WRITERS,
        params: reports.edit.params,
        handler(ctx: ActionContext<typeof reports.edit>) {
          return edit(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      publish: {
        rest: "POST /reports/:kind/:year/publish",
        summary: "Publish the report: checked (409 REPORT_ARITHMETIC naming the cell), signed, frozen, in the feed",
        roles: WRITERS,
        params: reports.publish.params,
        handler(ctx: ActionContext<typeof reports.publish>) {
          return publish(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      publicList: {
        rest: "GET /public/reports",
        summary: "Published annual reports, newest first; for a body, also last year's overdue ones",
        params: reports.publicList.params,
        handler(ctx: ActionContext<typeof reports.publicList>) {
          return publicList(this.deps(ctx), ctx.params);
        },
      },

      // The `.csv` twins: one alias per kind, so they sort before `/public/reports/:kind/:year` (fewer params).
      govInfoCsv: csvAction("gov-info", "GET /public/reports/gov-info/:year.csv"),
      enforcementCsv: csvAction("enforcement", "GET /public/reports/enforcement/:year.csv"),

      publicPdf: {
        rest: "GET /public/reports/:kind/:year/pdf",
        summary: "A published report's signed PDF (verification code, QR)",
        params: reports.publicPdf.params,
        async handler(ctx: ActionContext<typeof reports.publicPdf>) {
          const { stream, headers } = await publicPdf(this.deps(ctx), ctx.params);
          ctx.meta.$responseType = "application/pdf";
          ctx.meta.$responseHeaders = headers;
          return stream;
        },
      },

      publicGet: {
        rest: "GET /public/reports/:kind/:year",
        summary: "A published report (JSON): its sections, tables and numbers, with links to its CSV and PDF",
        params: reports.publicGet.params,
        handler(ctx: ActionContext<typeof reports.publicGet>) {
          return publicGet(this.deps(ctx), ctx.params);
        },
      },

      stats: {
        rest: "GET /public/stats",
        summary:
          "Public statistics of a body, a region or every body over months (default: the last twelve): decisions by kind, penalties, fines, publication on time, answer times, top powers",
        params: reports.stats.params,
        handler(ctx: ActionContext<typeof reports.stats>) {
          return this.cachedStats(ctx, ctx.params);
        },
      },

      statsCsv: {
        rest: "GET /public/stats.csv",
        summary: "One chart of the public statistics as CSV in Chinese words (UTF-8 with BOM)",
        params: reports.statsCsv.params,
        async handler(ctx: ActionContext<typeof reports.statsCsv>) {
          const { chart, ...p } = ctx.params;
          const { text, filename } = statsCsv(await this.cachedStats(ctx, p), chart);
          ctx.meta.$responseType = "text/csv; charset=utf-8";
          ctx.meta.$responseHeaders = { "Content-Disposition": `attachment; filename="${filename}"` };
          return text;
        },
      },

      /** For the feed: publications after a sequence number, each with the report's public view. */
      eventsSince: {
        visibility: "public",
        params: reports.eventsSince.params,
        handler(ctx: ActionContext<typeof reports.eventsSince>) {
          return eventsSince(this.deps(ctx), ctx.params);
        },
      },
    },

    methods: {
      deps(caller: Caller): ReportsDeps {
        return { em: () => this.em(), now: () => new Date(), caller, publicBaseUrl: config.publicBaseUrl };
      },

      /** The statistics, from the cache when asked within the minute (the period checked and resolved first). */
      cachedStats(caller: Caller, p: StatsParams): Promise<PublicStats> {
        const deps = this.deps(caller);
        const { from, to } = refusing(() => statsPeriod(p, todayOf(deps)));
        const asked = { bodyId: p.bodyId || undefined, region: p.region || undefined, from, to };
        return this.statsCache.get(cacheKey("reports.stats", asked), () => stats(deps, asked));
      },
    },

    created() {
      this.statsCache = new ReadCache(STATS_CACHE_ENTRIES, STATS_CACHE_MS);
    },
  };
  return schema as ServiceSchema;
}
