/**
 * Bulk imports of historic 双公示 data (issue 21): the upload (checked whole, stored as a job), the
 * job's progress, rows and error report, and the background runner that records the rows through
 * the results service and has their notices issued behind live ones. The use cases are in app/;
 * this file is the wiring.
 */
import type { Readable } from "node:stream";
import type { ActionSchema, Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { userOf, WRITERS, type Meta } from "../../lib/auth.js";
import type { ActionContext, Caller } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import type { Runtime } from "../../lib/runtime.js";
import type { ImportsDeps } from "./app/deps.js";
import { errorReport, getJob, listJobs, listRows } from "./app/jobs.js";
import { claimJob, issueDueNotices, runJob } from "./app/runner.js";
import { startImport } from "./app/start.js";
import { imports, type StartImportParams } from "./contract.js";
import { DATABASE } from "./database.js";

/** How often each replica looks for work it was not nudged about (a job queued elsewhere, a lease run out). */
const POLL_MS = 1000;

interface Vars extends DatabaseVars {
  timer?: NodeJS.Timeout;
  /** The job pass and the notice pass under way: the timer starts neither beside itself. */
  jobs?: Promise<void>;
  notices?: Promise<void>;
  stopping?: boolean;
}

interface Methods extends DatabaseMethods {
  deps(caller: Caller): ImportsDeps;
  kick(): void;
}

type UploadMeta = Meta;

export function importsService(rt: Runtime): ServiceSchema {
  const { config } = rt;
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "imports",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      start: {
        // A stream alias: the file is the request body (raw, or multipart/form-data); the query says the rest.
        rest: { method: "POST", path: "/imports", type: "stream" } as unknown as ActionSchema["rest"],
        summary:
          "Import a historic 双公示 file (CSV in UTF-8 or GBK, or XLSX; CF_ 行政处罚 or XK_ 行政许可 columns, codes or Chinese headers) as a background job: 202 {id}; ?dryRun=true reports per row what would happen, writing nothing public",
        roles: WRITERS,
        params: imports.start.params,
        async handler(ctx: Context<StartImportParams, UploadMeta>) {
          const started = await startImport(this.deps(ctx), userOf(ctx), ctx.params, {
            stream: ctx.stream as Readable | undefined,
            contentType: ctx.meta.uploadType,
          });
          this.kick();
          ctx.meta.$statusCode = 202;
          return started;
        },
      },

      list: {
        rest: "GET /imports",
        summary: "The body's latest imports, newest first (an administrator: every body's, or ?bodyId=)",
        roles: WRITERS,
        params: imports.list.params,
        handler(ctx: ActionContext<typeof imports.list>) {
          return listJobs(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      errors: {
        rest: "GET /imports/:id/errors.csv",
        summary: "The refused rows of an import as CSV: 行号, 文书号, 数据项, 原因 (UTF-8 with BOM)",
        roles: WRITERS,
        params: imports.errors.params,
        async handler(ctx: ActionContext<typeof imports.errors>) {
          const { text, filename } = await errorReport(this.deps(ctx), userOf(ctx), ctx.params.id);
          ctx.meta.$responseType = "text/csv; charset=utf-8";
          ctx.meta.$responseHeaders = { "Content-Disposition": `attachment; filename="${filename}"` };
          return text;
        },
      },

      rows: {
        rest: "GET /imports/:id/rows",
        summary:
          "An import's rows with their outcome (imported, updated, unchanged, would-…, refused with the reason), by line",
        roles: WRITERS,
        params: imports.rows.params,
        handler(ctx: ActionContext<typeof imports.rows>) {
          return listRows(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      get: {
        rest: "GET /imports/:id",
        summary:
          "An import's progress: {status, total, done, failed}, outcomes, notices issued, errorsUrl once rows were refused",
        roles: WRITERS,
        params: imports.get.params,
        handler(ctx: ActionContext<typeof imports.get>) {
          return getJob(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },
    },

    methods: {
      deps(caller: Caller): ImportsDeps {
        return { em: () => this.em(), caller, now: () => new Date(), settings: config.imports };
      },

      /** Starts the job pass and the notice pass unless they are running. */
      kick() {
        if (this.stopping) return;
        const deps = this.deps(this.broker);
        this.jobs ??= (async () => {
          for (let id = await claimJob(deps); id && !this.stopping; id = await claimJob(deps)) {
            await runJob(deps, id);
          }
        })()
          .catch((err: unknown) => this.logger.warn("imports: a job pass failed (retried):", err))
          .finally(() => {
            this.jobs = undefined;
          });
        this.notices ??= (async () => {
          while (!this.stopping && (await issueDueNotices(deps, this.logger)) > 0);
        })()
          .catch((err: unknown) => this.logger.warn("imports: a notice pass failed (retried):", err))
          .finally(() => {
            this.notices = undefined;
          });
      },
    },

    async started() {
      this.timer = setInterval(() => this.kick(), POLL_MS);
      this.timer.unref();
    },

    async stopped() {
      this.stopping = true;
      clearInterval(this.timer);
      await Promise.all([this.jobs, this.notices]);
    },
  };
  return schema as ServiceSchema;
}
