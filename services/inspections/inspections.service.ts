/**
 * 双随机、一公开 (issue 21): pools of entities under supervision, officers' declared conflicts, and
 * draw plans that anyone can recompute (shared/inspections/draw.ts; `npm run draw:verify`). The use
 * cases are in app/; this file is the wiring, and the pass that runs uploads and draws due plans.
 */
import type { Readable } from "node:stream";
import type { ActionSchema, ServiceSchema, ServiceSettingSchema } from "moleculer";
import pg from "pg";
import { STAFF, userOf, WRITERS } from "../../lib/auth.js";
import type { ActionContext, Caller } from "../../lib/contract.js";
import { DatabaseMixin } from "../../lib/database.js";
import type { Runtime } from "../../lib/runtime.js";
import { declareConflict, listConflicts, withdrawConflict } from "./app/conflicts.js";
import type { InspectionsDeps } from "./app/deps.js";
import { createPlan, drawDue, drawPlan, getPlan, listPlans } from "./app/plans.js";
import { recordResult } from "./app/results.js";
import { createPool, getJob, getPool, jobErrors, listPools, runJobs, upload } from "./app/pools.js";
import { eventsSince, publicPlan, publicPlans, publicPool } from "./app/views.js";
import { inspections } from "./contract.js";
import { DATABASE } from "./database.js";

/** An uploaded list is at most this large (200 000 rows of a CSV are some 30 MB). */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** How often the service looks for queued uploads and plans whose drawing time has come. */
const PASS_SECONDS = 15;

interface Vars {
  pool: pg.Pool;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  again: boolean;
}

interface Methods {
  deps(caller: Caller): InspectionsDeps;
  kick(): void;
}

type Ctx<A> = ActionContext<A>;

export function inspectionsService(rt: Runtime): ServiceSchema {
  const { config } = rt;
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "inspections",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      createPool: {
        rest: "POST /pools",
        summary: "Create a named pool of entities under supervision (检查对象名录库) for the body",
        roles: WRITERS,
        params: inspections.createPool.params,
        async handler(ctx: Ctx<typeof inspections.createPool>) {
          const view = await createPool(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      listPools: {
        rest: "GET /pools",
        summary: "The body's pools with their versions (size, SHA-256 of the canonical content)",
        roles: STAFF,
        params: inspections.listPools.params,
        handler(ctx: Ctx<typeof inspections.listPools>) {
          return listPools(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      getJob: {
        rest: "GET /pools/uploads/:id",
        summary: "An upload of a pool's list: status, rows total, done and refused, the error report's address",
        roles: STAFF,
        params: inspections.getJob.params,
        handler(ctx: Ctx<typeof inspections.getJob>) {
          ctx.meta.$responseHeaders = { "Cache-Control": "no-store" };
          return getJob(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      jobErrors: {
        rest: "GET /pools/uploads/:id/errors.csv",
        summary: "The refused rows of an upload, each with its line and the reason in Chinese (CSV)",
        roles: STAFF,
        params: inspections.jobErrors.params,
        async handler(ctx: Ctx<typeof inspections.jobErrors>) {
          const text = await jobErrors(this.deps(ctx), userOf(ctx), ctx.params.id);
          ctx.meta.$responseType = "text/csv; charset=utf-8";
          ctx.meta.$responseHeaders = {
            "Content-Disposition": `attachment; filename="upload-${ctx.params.id}-errors.csv"`,
            "Cache-Control": "no-store",
          };
          return text;
        },
      },

      getPool: {
        rest: "GET /pools/:id",
        summary: "A pool and its versions",
        roles: STAFF,
        params: inspections.getPool.params,
        handler(ctx: Ctx<typeof inspections.getPool>) {
          return getPool(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      upload: {
        // A stream alias: the list is the request body (CSV or XLSX raw, or a multipart form's file).
        rest: { method: "POST", path: "/pools/:id/uploads", type: "stream" } as unknown as ActionSchema["rest"],
        summary:
          "Upload the pool's list (CSV or XLSX, UTF-8 or GBK; 名称, 统一社会信用代码, 地址, 类别): checked, then imported as a job → 202 {id}",
        roles: WRITERS,
        params: inspections.upload.params,
        async handler(ctx: Ctx<typeof inspections.upload>) {
          const reply = await upload(
            this.deps(ctx),
            userOf(ctx),
            ctx.params.id,
            ctx.stream as Readable | undefined,
            ctx.meta.uploadType,
          );
          ctx.meta.$statusCode = 202;
          ctx.meta.$location = `/api/pools/uploads/${reply.id}`;
          return reply;
        },
      },

      declareConflict: {
        rest: "POST /inspection-conflicts",
        summary:
          "Declare an officer's conflict (回避) with an entity: plans published afterwards never assign them to it",
        roles: WRITERS,
        params: inspections.declareConflict.params,
        async handler(ctx: Ctx<typeof inspections.declareConflict>) {
          const view = await declareConflict(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      listConflicts: {
        rest: "GET /inspection-conflicts",
        summary: "The body's declared conflicts (with their reasons, which are not public)",
        roles: STAFF,
        params: inspections.listConflicts.params,
        handler(ctx: Ctx<typeof inspections.listConflicts>) {
          return listConflicts(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      withdrawConflict: {
        rest: "DELETE /inspection-conflicts/:id",
        summary: "Withdraw a declared conflict (plans already published keep it)",
        roles: WRITERS,
        params: inspections.withdrawConflict.params,
        handler(ctx: Ctx<typeof inspections.withdrawConflict>) {
          return withdrawConflict(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      createPlan: {
        rest: "POST /inspection-plans",
        summary:
          "Publish a draw plan: item, pool version, size or ratio, officers per entity (≥ 2) of a 执法类别, the drawing time; answers its commitment (SHA-256 of the secret seed)",
        roles: WRITERS,
        params: inspections.createPlan.params,
        async handler(ctx: Ctx<typeof inspections.createPlan>) {
          const view = await createPlan(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      listPlans: {
        rest: "GET /inspection-plans",
        summary: "The body's draw plans, newest first",
        roles: STAFF,
        params: inspections.listPlans.params,
        handler(ctx: Ctx<typeof inspections.listPlans>) {
          return listPlans(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      getPlan: {
        rest: "GET /inspection-plans/:id",
        summary: "A draw plan of the body (the seed stays secret from officers too until the draw)",
        roles: STAFF,
        params: inspections.getPlan.params,
        handler(ctx: Ctx<typeof inspections.getPlan>) {
          return getPlan(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      drawPlan: {
        rest: "POST /inspection-plans/:id/draw",
        summary: "Draw the plan now (at or after its time; once): the seed is revealed with the selection",
        roles: WRITERS,
        params: inspections.drawPlan.params,
        handler(ctx: Ctx<typeof inspections.drawPlan>) {
          return drawPlan(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      recordResult: {
        rest: "PUT /inspection-plans/:id/results/:creditCode",
        summary:
          "Record (or correct) the result of inspecting a drawn entity: outcome, inspection day, summary, the case's notice for 已立案查处; public at once",
        roles: WRITERS,
        params: inspections.recordResult.params,
        handler(ctx: Ctx<typeof inspections.recordResult>) {
          return recordResult(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      publicPlans: {
        rest: "GET /public/inspection-plans",
        summary: "Published random-inspection draw plans, newest first (every body's, or one body's)",
        params: inspections.publicPlans.params,
        handler(ctx: Ctx<typeof inspections.publicPlans>) {
          return publicPlans(this.deps(ctx), ctx.params);
        },
      },

      publicPool: {
        rest: "GET /public/inspection-plans/:id/pool",
        summary: "The pool version a plan draws from, as its SHA-256 reads it (credit code, name, category)",
        params: inspections.publicPool.params,
        handler(ctx: Ctx<typeof inspections.publicPool>) {
          return publicPool(this.deps(ctx), ctx.params.id);
        },
      },

      publicPlan: {
        rest: "GET /public/inspection-plans/:id",
        summary:
          "A draw plan: commitment, pool SHA-256, algorithm, officers and conflicts; after the draw the seed and the selected entities with their officers",
        params: inspections.publicPlan.params,
        handler(ctx: Ctx<typeof inspections.publicPlan>) {
          return publicPlan(this.deps(ctx), ctx.params.id);
        },
      },

      drawDue: {
        visibility: "public",
        params: inspections.drawDue.params,
        async handler(ctx: Ctx<typeof inspections.drawDue>) {
          const deps = this.deps(ctx);
          const at = ctx.params.now;
          return { drawn: await drawDue(at ? { ...deps, now: () => at } : deps) };
        },
      },

      /** For the transparency log and the feed: plan changes after a sequence number. */
      eventsSince: {
        visibility: "public",
        params: inspections.eventsSince.params,
        handler(ctx: Ctx<typeof inspections.eventsSince>) {
          return eventsSince(this.deps(ctx), ctx.params);
        },
      },
    },

    methods: {
      deps(caller: Caller): InspectionsDeps {
        return {
          db: this.pool,
          caller,
          now: () => new Date(),
          publicBaseUrl: config.publicBaseUrl,
          log: this.logger,
          maxUploadBytes: MAX_UPLOAD_BYTES,
          kick: () => this.kick(),
        };
      },

      /** Runs uploads and due draws now, one pass at a time (asked again while running: once more after). */
      kick(): void {
        if (this.running) {
          this.again = true;
          return;
        }
        const deps = this.deps(this.broker);
        this.running = (async () => {
          do {
            this.again = false;
            await runJobs(deps).catch((err: unknown) => this.logger.warn("inspections: uploads:", err));
            await drawDue(deps).catch((err: unknown) => this.logger.warn("inspections: draws:", err));
          } while (this.again);
        })().finally(() => {
          this.running = undefined;
        });
      },
    },

    created() {
      this.again = false;
      this.pool = new pg.Pool({ connectionString: rt.databaseUrl, max: Math.min(5, config.databasePoolMax) });
      this.pool.on("error", (err) => this.logger.warn("inspections pool:", err.message));
    },

    async started() {
      this.timer = setInterval(() => this.kick(), PASS_SECONDS * 1000);
      this.timer.unref();
      this.kick();
    },

    async stopped() {
      clearInterval(this.timer);
      await this.running;
      await this.pool.end();
    },
  };
  return schema as ServiceSchema;
}
