/**
 * tlog: what the transparency log adds to a publication. Through the platform in two processes
 * (gateway | the rest, over NATS), the log is filled with N notice entries by the service's own
 * append (`catchUp` of services/tlog/app/pull.ts over a scripted notices outbox, batches of 500,
 * straight into the platform's database); then, per round:
 *  - appendPerLeafMs: the bulk append's cost per entry (entry, leaf hash, subtree hashes, cursor);
 *  - onePublicationMs: one publication as the log meets it — a pull of one event, its append and a
 *    newly signed checkpoint (root from the stored hashes + Ed25519) — and signMs, the signing alone;
 *  - recordOfMs: the log section a verification answer adds (latest entry, inclusion proof);
 *  - tile serving: GET of a full tile, a full entry bundle and the checkpoint at concurrency 16;
 *  - bytesPerLeaf: the log's tables and indexes in PostgreSQL over the entries.
 * The append runs after the publication answered (it is pulled from the outbox), so a publication's
 * own latency carries none of it: the `publish` suite is the same with the log as without.
 */
import { createPrivateKey } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Caller, EventsSinceParams } from "../../lib/contract.js";
import { signCheckpoint } from "../../services/tlog/app/checkpoints.js";
import type { TlogDeps } from "../../services/tlog/app/deps.js";
import { catchUp } from "../../services/tlog/app/pull.js";
import { recordOf } from "../../services/tlog/app/read.js";
import { newId } from "../../shared/ids.js";
import { checkpointText, signNote } from "../../shared/tlog.js";
import { startPlatform } from "../../tests/support/platform.js";
import { load, peakRssMb, percentile, round, spread, type LoadResult, type SuiteOptions } from "./common.js";

const CONCURRENCY = 16;
const SINGLES = 50;

/** A notices outbox the bench writes: each published notice one event. */
class ScriptedOutbox implements Caller {
  private readonly events: { seq: string; type: string; at: string; notice: Record<string, unknown> }[] = [];

  publish(count: number): string[] {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = newId();
      ids.push(id);
      this.events.push({
        seq: String(this.events.length + 1),
        type: "published",
        at: new Date().toISOString(),
        notice: { id, version: 1, sha256: "5e".repeat(32), bodyId: "00000000-0000-4000-8000-000000000001" },
      });
    }
    return ids;
  }

  async call(name: string, params: unknown): Promise<unknown> {
    if (name !== "notices.eventsSince") return [];
    const p = params as EventsSinceParams;
    const from = Number(p.after);
    return this.events.slice(from, from + p.limit);
  }
}

interface TlogRound {
  leaves: number;
  appendPerLeafMs: number;
  onePublicationMs: { p50: number; p99: number };
  signMs: number;
  recordOfMs: { p50: number; p99: number };
  fullTile: LoadResult;
  entryBundle: LoadResult;
  checkpoint: LoadResult;
  bytesPerLeaf: number;
  entryBytes: number;
}

export async function tlogSuite(opts: SuiteOptions): Promise<unknown> {
  const perRound = opts.quick ? 5_000 : 50_000;
  const durationMs = opts.quick ? 5_000 : 15_000;
  opts.log("tlog: starting the platform (gateway | the rest, over NATS)");
  const platform = await startPlatform();
  const pool = new pg.Pool({ connectionString: platform.db.url, max: 5 });
  const outbox = new ScriptedOutbox();
  // The platform's own origin and key (generated under its DATA_DIR): the checkpoints it serves stay its own.
  const ORIGIN = `${platform.baseUrl.replace("http://", "")}/tlog`;
  const privateKey = createPrivateKey(
    fs.readFileSync(path.join(platform.env.DATA_DIR as string, "tlog", "tlog-key.pem")),
  );
  const deps: TlogDeps = { db: pool, caller: outbox, log: { warn() {} }, origin: ORIGIN, signingKey: privateKey };
  const notices = (source: string) => source === "notices";
  const rounds: TlogRound[] = [];
  try {
    for (let r = 0; r < opts.rounds; r++) {
      const ids = outbox.publish(perRound);
      let t = performance.now();
      const appended = await catchUp(deps, notices);
      const appendPerLeafMs = (performance.now() - t) / appended;

      const single: number[] = [];
      for (let i = 0; i < SINGLES; i++) {
        outbox.publish(1);
        t = performance.now();
        await catchUp(deps, notices);
        single.push(performance.now() - t);
      }
      const text = checkpointText({ origin: ORIGIN, size: 1, root: Buffer.alloc(32) });
      t = performance.now();
      for (let i = 0; i < 1000; i++) signNote(text, ORIGIN, privateKey);
      const signMs = (performance.now() - t) / 1000;
      await signCheckpoint(deps);

      const lookups: number[] = [];
      for (let i = 0; i < SINGLES; i++) {
        const id = ids[Math.floor(Math.random() * ids.length)] as string;
        t = performance.now();
        await recordOf(deps, id);
        lookups.push(performance.now() - t);
      }

      const base = `${platform.baseUrl}/api/public/tlog`;
      const fullTile = await load(`${base}/tile/0/000`, CONCURRENCY, durationMs);
      const entryBundle = await load(`${base}/tile/entries/000`, CONCURRENCY, durationMs);
      const checkpoint = await load(`${base}/checkpoint`, CONCURRENCY, durationMs);

      const { rows } = await pool.query<{ bytes: string; leaves: string; entry: string }>(
        `select pg_total_relation_size('tlog.entries') + pg_total_relation_size('tlog.hashes')
                + pg_total_relation_size('tlog.checkpoints') as bytes,
                (select count(*) from tlog.entries) as leaves,
                (select avg(length(entry)) from tlog.entries) as entry`,
      );
      const leaves = Number(rows[0]?.leaves);
      const round1: TlogRound = {
        leaves,
        appendPerLeafMs: round(appendPerLeafMs, 3),
        onePublicationMs: { p50: round(percentile(single, 50)), p99: round(percentile(single, 99)) },
        signMs: round(signMs, 3),
        recordOfMs: { p50: round(percentile(lookups, 50)), p99: round(percentile(lookups, 99)) },
        fullTile,
        entryBundle,
        checkpoint,
        bytesPerLeaf: Math.round(Number(rows[0]?.bytes) / leaves),
        entryBytes: Math.round(Number(rows[0]?.entry)),
      };
      opts.log(`tlog round ${r + 1}: ${JSON.stringify(round1)}`);
      rounds.push(round1);
    }
    const pick = (f: (x: TlogRound) => number, digits = 2) => spread(rounds.map(f), digits);
    return {
      /** Each platform process's peak RSS (MB) over the suite (VmHWM at its end). */
      peakRssMb: peakRssMb(platform.procs),
      leavesPerRound: perRound,
      durationSeconds: durationMs / 1000,
      concurrency: CONCURRENCY,
      rounds,
      appendPerLeafMs: pick((x) => x.appendPerLeafMs, 3),
      onePublicationP50Ms: pick((x) => x.onePublicationMs.p50),
      signMs: pick((x) => x.signMs, 3),
      recordOfP50Ms: pick((x) => x.recordOfMs.p50),
      fullTileRps: pick((x) => x.fullTile.rps, 1),
      entryBundleRps: pick((x) => x.entryBundle.rps, 1),
      checkpointRps: pick((x) => x.checkpoint.rps, 1),
      bytesPerLeaf: pick((x) => x.bytesPerLeaf, 0),
      errors: rounds.reduce((s, x) => s + x.fullTile.errors + x.entryBundle.errors + x.checkpoint.errors, 0),
    };
  } finally {
    await pool.end();
    await platform.stop();
  }
}
