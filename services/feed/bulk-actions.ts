/**
 * The feed's bulk data actions (issue 20, app/bulk.ts): the public index and files, the
 * administrator's "build now", and the nightly run at 02:30 China time.
 */
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { Meta } from "../../lib/auth.js";
import { serveFile, type ActionContext } from "../../lib/contract.js";
import type { Runtime } from "../../lib/runtime.js";
import { bulkFile, bulkIndex, runBulk, type BulkDeps } from "./app/bulk.js";
import { feed } from "./contract.js";

/** The nightly run: 02:30 in China (UTC+8, no daylight saving), when the portal is quietest. */
const NIGHTLY_UTC_MINUTES = (2 * 60 + 30 - 8 * 60 + 24 * 60) % (24 * 60);

/** Milliseconds from `now` to the next nightly run. */
export function untilNightly(now: Date): number {
  const minutes = now.getUTCHours() * 60 + now.getUTCMinutes();
  let wait = NIGHTLY_UTC_MINUTES - minutes;
  if (wait <= 0) wait += 24 * 60;
  return wait * 60_000 - now.getUTCSeconds() * 1000 - now.getUTCMilliseconds();
}

interface BulkVars {
  pool: BulkDeps["db"];
  bulkDeps: BulkDeps;
  bulkTimer?: NodeJS.Timeout;
  /** The run in progress in this replica, if any. */
  bulkRunning?: Promise<unknown>;
}

interface BulkMethods {
  startBulk(): boolean;
  armNightly(): void;
}

/** Mixed into the feed service: it uses the service's pool (`this.pool`, made in its `created`). */
export function bulkMixin(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema, BulkMethods, BulkVars> = {
    name: "feed",
    actions: {
      bulkIndex: {
        rest: "GET /public/bulk/index.json",
        summary: "The bulk data files (every public table as CSV and JSON Lines, gzip) with rows, bytes and SHA-256",
        params: feed.bulkIndex.params,
        async handler() {
          const { generatedAt, files } = await bulkIndex(this.bulkDeps);
          return { generatedAt, files };
        },
      },

      bulkFile: {
        rest: "GET /public/bulk/files/:file",
        summary: "One bulk data file listed by the index",
        params: feed.bulkFile.params,
        async handler(ctx: ActionContext<typeof feed.bulkFile>) {
          return serveFile(ctx, await bulkFile(this.bulkDeps, ctx.params.file));
        },
      },

      bulkRun: {
        rest: "POST /bulk/run",
        summary: "Build the bulk data files now, in the background (admin): 202",
        roles: ["admin"],
        params: feed.bulkRun.params,
        handler(ctx: Context<unknown, Meta>) {
          ctx.meta.$statusCode = 202;
          return { started: this.startBulk() };
        },
      },
    },

    methods: {
      /** Starts a run unless this replica has one going (another replica's run holds the lock: skipped). */
      startBulk() {
        if (this.bulkRunning) return false;
        this.bulkRunning = runBulk(this.bulkDeps)
          .catch((err: Error) => this.logger.warn("bulk: the run failed:", err.message))
          .finally(() => {
            this.bulkRunning = undefined;
          });
        return true;
      },

      armNightly() {
        this.bulkTimer = setTimeout(() => {
          this.startBulk();
          this.armNightly();
        }, untilNightly(new Date()));
        this.bulkTimer.unref();
      },
    },

    started() {
      this.bulkDeps = { db: this.pool, storage: rt.storage, publicBaseUrl: rt.config.publicBaseUrl, log: this.logger };
      this.armNightly();
    },

    async stopped() {
      clearTimeout(this.bulkTimer);
      await this.bulkRunning;
    },
  };
  return schema as ServiceSchema;
}
