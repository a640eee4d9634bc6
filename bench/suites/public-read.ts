/**
 * publicRead: GET /api/public/notices?q=… through the platform split in two processes (gateway | the
 * rest, over NATS), against a baseline: a bare node:http server calling the same searchNotices with
 * its own pg.Pool (no broker, no gateway, no cache). Notices are inserted straight into the feed read
 * model (bench/load-notices.ts), not published through the flow.
 */
import path from "node:path";
import pg from "pg";
import { forgetStats } from "../../services/feed/search.js";
import { loadNotices } from "../load-notices.js";
import { MIX_CLASSES } from "../public-mix.js";
import { MIX_WORDS } from "../search-mix.js";
import { startPlatform, type Platform } from "../../tests/support/platform.js";
import {
  load,
  loadSequence,
  peakRssMb,
  round,
  spread,
  type LoadResult,
  type SequenceResult,
  type SequenceTarget,
  type Spread,
  type SuiteOptions,
} from "./common.js";
import { startBaseline, type Baseline } from "./public-baseline.js";
import { EDGE_CLASSES, edgeHits, gatewayCalls, loadBodies, resolveMix, type ResolvedMix } from "./public-mixed.js";

const Q = (MIX_WORDS["frequent-2"] as string[])[0] as string;
const LIMIT = 20;
const CONCURRENCY = [1, 16, 64];
/** The mix's seed: the same seed, sizes and data give the same request sequence. */
const MIX_SEED = 19;
const MIX_CONCURRENCY = [16, 64] as const;
/**
 * The platform as deployed: answers are not checked against their reply schemas (CHECK_REPLIES
 * defaults to false; tests/support/platform.ts turns it on for the tests).
 */
const AS_DEPLOYED = { CHECK_REPLIES: "false" };
/** The caches off: the gateway's edge cache and the feed's read cache (lib/config.ts). */
const CACHES_OFF = { EDGE_CACHE_ENTRIES: "0", FEED_CACHE_ENTRIES: "0" };
/**
 * BENCH_CPU_PROF=<dir>: the caches-off platform's processes write a V8 CPU profile there when they
 * stop (bench/cpu-profile.mjs), covering their start, the load and the mix.
 */
function profiling(): Record<string, string> {
  const dir = process.env.BENCH_CPU_PROF;
  return dir
    ? { NODE_OPTIONS: `--import ${path.join(import.meta.dirname, "../cpu-profile.mjs")}`, BENCH_CPU_PROF_DIR: dir }
    : {};
}

/** One measured run of the mix against the platform and, right after, the baseline. */
export interface MixedRun {
  /** Answers the gateway's edge cache gave (from the gateway's call counts), null if unknown. */
  edgeHits: number | null;
  platform: SequenceResult;
  baseline: SequenceResult;
  ratio: number;
}

export interface MixedPhase {
  /** c16 and c64. */
  byConcurrency: Record<string, MixedRun>;
  /** Each platform process's peak RSS (MB) over the phase (VmHWM at its end). */
  peakRssMb: Record<string, number>;
}

/** The hot-URL figures (one search, again and again). */
export interface HotUrlResult {
  q: string;
  notices: number;
  durationSeconds: number;
  rounds: Record<string, LoadResult>[];
  byConcurrency: Record<string, { rps: Spread; p99Ms: Spread }>;
  rps: Spread;
  p99Ms: Spread;
  baselineRps: Spread;
  baselineP99Ms: Spread;
  ratio: Spread;
  errors: number;
}

export interface PublicReadResult extends HotUrlResult {
  /** Realistic mix (issue 19), caches on, c=64: the platform's throughput and tail. */
  mixedRps: number;
  mixedP99Ms: number;
  mixedBaselineRps: number;
  mixedRatio: number;
  /** Share of the edge-cacheable answers (/api/public/notices…) the gateway's edge cache gave, c=64. */
  cacheHitRate: number | null;
  /** The same mix with EDGE_CACHE_ENTRIES=0 FEED_CACHE_ENTRIES=0, c=64, against its own baseline run. */
  uncachedRps: number;
  uncachedP99Ms: number;
  uncachedRatio: number;
  /** Answers other than 200 over every mixed run (a bench bug if not 0). */
  mixedErrors: number;
  mix: {
    seed: number;
    classes: readonly string[];
    warmupRequests: number;
    requestsPerRun: number;
    distinctUrls: number;
    clampedDepths: number;
    cached: MixedPhase;
    uncached: MixedPhase;
  };
  /** Peak RSS (MB) of each platform process: hot URL + mix with caches, then the mix without. */
  peakRssMb: { cached: Record<string, number>; uncached: Record<string, number> };
}

/** Starts the platform (gateway | the rest, over NATS) with `notices` synthetic notices and their bodies. */
async function platformWithNotices(
  opts: SuiteOptions,
  notices: number,
  nowMs: number,
  env: Record<string, string> = {},
): Promise<{ platform: Platform; baseline: Baseline; client: pg.Client }> {
  const platform = await startPlatform(undefined, { ...AS_DEPLOYED, ...env });
  const client = new pg.Client({ connectionString: platform.db.url });
  await client.connect();
  // The feed's indexes are built after the bulk load (several times faster than row by row), as
  // bench/load-notices.ts does; the table and its indexes end the same as the migrations make them.
  const t = Date.now();
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
      where schemaname = 'feed' and tablename = 'notices' and indexname not like '%pkey'`,
  );
  for (const ix of indexes) await client.query(`drop index feed."${ix.name}"`);
  const ms = await loadNotices(client, notices, undefined, { nowMs });
  await client.query("set maintenance_work_mem = '256MB'");
  for (const ix of indexes) await client.query(ix.def);
  await loadBodies(client);
  await client.query("analyze feed.notices");
  forgetStats(client);
  opts.log(
    `publicRead: loaded ${notices} notices into feed.notices in ${(ms / 1000).toFixed(1)} s, ` +
      `${indexes.length} indexes rebuilt, ${((Date.now() - t) / 1000).toFixed(1)} s in all`,
  );
  const baseline = await startBaseline(platform.db.url, platform.env.PUBLIC_BASE_URL as string);
  return { platform, baseline, client };
}

/** The mix's measured segments against the platform, each followed by the same segment against the baseline. */
async function mixedPhase(
  opts: SuiteOptions,
  label: string,
  platform: Platform,
  baseline: Baseline,
  mix: ResolvedMix,
): Promise<MixedPhase> {
  const metricsPort = platform.env.METRICS_PORT as string;
  const [warm, ...runs] = mix.segments as [SequenceTarget[], ...SequenceTarget[][]];
  await loadSequence(platform.baseUrl, warm, 16);
  await loadSequence(baseline.url, warm, 16);
  const byConcurrency: Record<string, MixedRun> = {};
  for (const [i, c] of MIX_CONCURRENCY.entries()) {
    const sequence = runs[i] as SequenceTarget[];
    const before = await gatewayCalls(metricsPort);
    const p = await loadSequence(platform.baseUrl, sequence, c);
    const after = await gatewayCalls(metricsPort);
    const hits = before && after ? edgeHits(before, after, p.byClass) : null;
    const b = await loadSequence(baseline.url, sequence, c);
    byConcurrency[`c${c}`] = { edgeHits: hits, platform: p, baseline: b, ratio: round(p.rps / b.rps, 3) };
    const brief = (x: SequenceResult) => `${x.rps} rps, p50 ${x.p50Ms} ms, p99 ${x.p99Ms} ms, ${x.errors} errors`;
    opts.log(`publicRead mixed ${label} c=${c}: platform ${brief(p)}, ${hits ?? "?"} edge hits; baseline ${brief(b)}`);
    for (const x of [p, b])
      if (x.errors) opts.log(`  failures: ${JSON.stringify(x.failures)} ${x.failureSamples.join(" | ")}`);
  }
  return { byConcurrency, peakRssMb: peakRssMb(platform.procs) };
}

/** The edge hits' share of the answers the edge cache may hold (EDGE_CLASSES: API reads, notice and search pages). */
function edgeHitRate(run: MixedRun): number | null {
  const cacheable = Object.keys(EDGE_CLASSES).reduce((s, cls) => s + (run.platform.byClass[cls]?.requests ?? 0), 0);
  return run.edgeHits === null || !cacheable ? null : round(run.edgeHits / cacheable, 3);
}

export async function publicRead(opts: SuiteOptions): Promise<PublicReadResult> {
  const notices = opts.quick ? 20_000 : 100_000;
  const durationMs = opts.quick ? 5_000 : 15_000;
  // warm-up, then one segment for c16 and one for c64 (fresh requests each: same distribution).
  const lengths = opts.quick ? [1_000, 3_000, 3_000] : [3_000, 15_000, 15_000];
  const nowMs = Date.now();
  opts.log(`publicRead: starting the platform (gateway | the rest, over NATS)`);
  let { platform, baseline, client } = await platformWithNotices(opts, notices, nowMs);
  let hot: HotUrlResult;
  let mix: ResolvedMix;
  let cached: MixedPhase;
  try {
    const hotPath = `/api/public/notices?q=${encodeURIComponent(Q)}&limit=${LIMIT}`;
    const check = await fetch(platform.baseUrl + hotPath);
    const body = (await check.json()) as { items?: unknown[] };
    if (check.status !== 200 || !body.items?.length)
      throw new Error(`platform answered ${check.status} with ${JSON.stringify(body).slice(0, 300)}`);
    // Warm both (JIT, pools, statistics cache).
    await load(platform.baseUrl + hotPath, 16, 1_000);
    await load(baseline.url + hotPath, 16, 1_000);

    const rounds: Record<string, LoadResult>[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const round: Record<string, LoadResult> = {};
      for (const c of CONCURRENCY) {
        round[`c${c}`] = await load(platform.baseUrl + hotPath, c, durationMs);
        opts.log(`publicRead round ${r + 1} c=${c}: ${JSON.stringify(round[`c${c}`])}`);
      }
      round.baselineC64 = await load(baseline.url + hotPath, 64, durationMs);
      opts.log(`publicRead round ${r + 1} baseline c=64: ${JSON.stringify(round.baselineC64)}`);
      rounds.push(round);
    }
    const pick = (key: string, f: (x: LoadResult) => number) => rounds.map((x) => f(x[key] as LoadResult));
    const byConcurrency = Object.fromEntries(
      CONCURRENCY.map((c) => [
        `c${c}`,
        {
          rps: spread(pick(`c${c}`, (x) => x.rps)),
          p99Ms: spread(pick(`c${c}`, (x) => x.p99Ms)),
        },
      ]),
    );
    const ratios = rounds.map((x) => round((x.c64 as LoadResult).rps / (x.baselineC64 as LoadResult).rps, 3));
    hot = {
      q: Q,
      notices,
      durationSeconds: durationMs / 1000,
      rounds,
      byConcurrency,
      rps: spread(pick("c64", (x) => x.rps)),
      p99Ms: spread(pick("c64", (x) => x.p99Ms)),
      baselineRps: spread(pick("baselineC64", (x) => x.rps)),
      baselineP99Ms: spread(pick("baselineC64", (x) => x.p99Ms)),
      ratio: spread(ratios, 3),
      errors: rounds.reduce((s, x) => s + Object.values(x).reduce((t, y) => t + y.errors, 0), 0),
    };

    // The realistic mix, caches on (the hot URL is one of its searches, and stays cached).
    const t = Date.now();
    mix = await resolveMix(client, baseline.url, MIX_SEED, lengths);
    opts.log(
      `publicRead mixed: ${lengths.join(" + ")} requests, ${mix.distinctUrls} distinct URLs, ` +
        `${mix.searchPagesFetched} search pages fetched for cursors, ${mix.clampedDepths} depths clamped (${((Date.now() - t) / 1000).toFixed(1)} s)`,
    );
    cached = await mixedPhase(opts, "caches on", platform, baseline, mix);
  } finally {
    await client.end();
    await baseline.close();
    await platform.stop();
  }

  opts.log(`publicRead: starting the platform again with the caches off (${JSON.stringify(CACHES_OFF)})`);
  ({ platform, baseline, client } = await platformWithNotices(opts, notices, nowMs, {
    ...CACHES_OFF,
    ...profiling(),
  }));
  let uncached: MixedPhase;
  try {
    uncached = await mixedPhase(opts, "caches off", platform, baseline, mix);
  } finally {
    await client.end();
    await baseline.close();
    await platform.stop();
  }

  const c64 = cached.byConcurrency.c64 as MixedRun;
  const u64 = uncached.byConcurrency.c64 as MixedRun;
  const mixedErrors = [cached, uncached].reduce(
    (s, phase) =>
      s + Object.values(phase.byConcurrency).reduce((t, run) => t + run.platform.errors + run.baseline.errors, 0),
    0,
  );
  return {
    ...hot,
    mixedRps: c64.platform.rps,
    mixedP99Ms: c64.platform.p99Ms,
    mixedBaselineRps: c64.baseline.rps,
    mixedRatio: c64.ratio,
    cacheHitRate: edgeHitRate(c64),
    uncachedRps: u64.platform.rps,
    uncachedP99Ms: u64.platform.p99Ms,
    uncachedRatio: u64.ratio,
    mixedErrors,
    mix: {
      seed: MIX_SEED,
      classes: MIX_CLASSES,
      warmupRequests: lengths[0] as number,
      requestsPerRun: lengths[1] as number,
      distinctUrls: mix.distinctUrls,
      clampedDepths: mix.clampedDepths,
      cached,
      uncached,
    },
    peakRssMb: { cached: cached.peakRssMb, uncached: uncached.peakRssMb },
  };
}
