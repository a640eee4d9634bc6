/**
 * The public transparency log (issue 18): every change the public sees of a notice or a document
 * becomes an entry of an RFC 6962 Merkle log, pulled from the owning services' outboxes; signed
 * checkpoints, tiles and proofs let anyone check that nothing was silently changed. The use cases
 * live in app/; this is the wiring and the timer.
 */
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import pg from "pg";
import type { Meta } from "../../lib/auth.js";
import type { ActionContext } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { errorSummary } from "../../lib/errors.js";
import type { Runtime } from "../../lib/runtime.js";
import { signCheckpoint, logVerifierKey } from "./app/checkpoints.js";
import type { TlogDeps } from "./app/deps.js";
import { loadLogKey } from "./app/key.js";
import { catchUp } from "./app/pull.js";
import { proveConsistency, proveInclusion, recordOf, tile } from "./app/read.js";
import { cosignatureLines, cosignedNote, WitnessPusher } from "./app/witnesses.js";
import { tlog } from "./contract.js";
import { DATABASE } from "./database.js";

interface Vars extends DatabaseVars {
  pool: pg.Pool;
  deps: TlogDeps;
  witnesses: WitnessPusher;
  pollTimer?: NodeJS.Timeout;
  /** The pull under way: the timer does not start another beside it. */
  pulling?: Promise<number>;
}
interface Methods extends DatabaseMethods {
  catchUp(): Promise<number>;
}

/** How often the log pulls the outboxes by itself, and so at most how old an unlogged change gets. */
const POLL_MS = 2000;

export function tlogService(rt: Runtime): ServiceSchema {
  const { config } = rt;
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "tlog",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      catchUp: {
        visibility: "public",
        params: tlog.catchUp.params,
        async handler() {
          return { appended: await this.catchUp() };
        },
      },

      checkpoint: {
        rest: "GET /public/tlog/checkpoint",
        summary:
          "The log's latest checkpoint (C2SP tlog-checkpoint), a note signed with the log's Ed25519 key and cosigned by the witnesses so far",
        params: tlog.checkpoint.params,
        async handler(ctx: Context<unknown, Meta>) {
          const latest = await signCheckpoint(this.deps);
          // Witness cosignatures are more signature lines of the same note: verifiers skip keys they do not know.
          const note = cosignedNote(latest, await cosignatureLines(this.deps.db, latest.size));
          ctx.meta.$responseType = "text/plain; charset=utf-8";
          ctx.meta.$responseHeaders = { "Cache-Control": "max-age=5" };
          return note;
        },
      },

      key: {
        rest: "GET /public/tlog/key",
        summary: "The log's verifier key (signed-note name+hash+key) that checkpoints are checked with",
        params: tlog.key.params,
        handler(ctx: Context<unknown, Meta>) {
          ctx.meta.$responseType = "text/plain; charset=utf-8";
          return `${logVerifierKey(this.deps)}\n`;
        },
      },

      tile: {
        rest: "GET /public/tlog/tile/*path",
        summary: "A tile (tile/<L>/<N>[.p/<W>]) or entry bundle (tile/entries/<N>[.p/<W>]) per C2SP tlog-tiles",
        params: tlog.tile.params,
        async handler(ctx: ActionContext<typeof tlog.tile>) {
          const { stream, headers } = await tile(this.deps, ctx.params.path);
          ctx.meta.$responseType = "application/octet-stream";
          ctx.meta.$responseHeaders = headers;
          return stream;
        },
      },

      inclusionProof: {
        rest: "GET /public/tlog/proof/inclusion",
        summary: "RFC 6962 audit path of entry `index` in the tree of `size` entries, base64 hashes",
        params: tlog.inclusionProof.params,
        handler(ctx: ActionContext<typeof tlog.inclusionProof>) {
          return proveInclusion(this.deps, ctx.params.index, ctx.params.size);
        },
      },

      consistencyProof: {
        rest: "GET /public/tlog/proof/consistency",
        summary: "RFC 6962 consistency proof between the trees of `old` and `new` entries, base64 hashes",
        params: tlog.consistencyProof.params,
        handler(ctx: ActionContext<typeof tlog.consistencyProof>) {
          return proveConsistency(this.deps, ctx.params.old, ctx.params.new);
        },
      },

      witnesses: {
        visibility: "public",
        params: tlog.witnesses.params,
        handler() {
          return this.witnesses.status();
        },
      },

      recordOf: {
        visibility: "public",
        params: tlog.recordOf.params,
        async handler(ctx: ActionContext<typeof tlog.recordOf>) {
          const record = await recordOf(this.deps, ctx.params.id);
          if (record) return record;
          // Just published: log it now rather than answer "not yet" until the timer comes.
          await this.catchUp().catch((err: unknown) => this.logger.warn("tlog: not caught up:", errorSummary(err)));
          return recordOf(this.deps, ctx.params.id);
        },
      },
    },

    events: {
      /** SIGTERM: take no new work from the timer; what runs now finishes. */
      "$shutdown.begin"() {
        clearInterval(this.pollTimer);
      },
    },

    methods: {
      catchUp() {
        return catchUp(
          this.deps,
          (source) => !!this.broker.registry.getActionEndpoints(`${source}.eventsSince`)?.hasAvailable(),
        );
      },
    },

    created() {
      this.pool = new pg.Pool({ connectionString: rt.databaseUrl, max: Math.min(5, rt.config.databasePoolMax) });
      this.pool.on("error", (err) => this.logger.warn("tlog pool:", err.message));
      this.deps = {
        db: this.pool,
        caller: this.broker,
        log: this.logger,
        origin: config.tlog.origin,
        signingKey: loadLogKey(config, this.logger),
      };
      this.witnesses = new WitnessPusher(this.deps, config.tlog.witnesses);
    },

    async started() {
      const tick = () => {
        if (this.pulling) return;
        this.pulling = this.catchUp().finally(() => (this.pulling = undefined));
        this.pulling.catch((err: unknown) => this.logger.debug("tlog: not caught up:", errorSummary(err)));
        // Witnesses get the latest checkpoint on their own time: a slow one never delays the next pull.
        void this.pulling.catch(() => 0).then(() => this.witnesses.pushDue());
      };
      tick();
      this.pollTimer = setInterval(tick, POLL_MS);
      this.pollTimer.unref();
    },

    async stopped() {
      clearInterval(this.pollTimer);
      await this.witnesses.stop();
      await this.pool.end();
    },
  };
  return schema as ServiceSchema;
}
