/**
 * publicRead: GET /api/public/notices?q=… through the platform split in two processes (gateway | the
 * rest, over NATS), against a baseline: a bare node:http server calling the same searchNotices with
 * its own pg.Pool (no broker, no gateway, no cache). Notices are inserted straight into the feed read
 * model (bench/load-notices.ts), not published through the flow.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { forgetStats, searchNotices } from "../../services/feed/search.js";
import { loadNotices } from "../load-notices.js";
import { MIX_WORDS } from "../search-mix.js";
import { startPlatform } from "../../tests/support/platform.js";
import { load, round, spread, type Spread, type LoadResult, type SuiteOptions } from "./common.js";

const Q = (MIX_WORDS["frequent-2"] as string[])[0] as string;
const LIMIT = 20;
const CONCURRENCY = [1, 16, 64];

async function startBaseline(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    searchNotices(pool, {
      q: u.searchParams.get("q") ?? undefined,
      statuses: ["published"],
      sort: "date",
      limit: Number(u.searchParams.get("limit") ?? LIMIT),
    }).then(
      (page) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ items: page.items, nextCursor: page.nextCursor }));
      },
      (err: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

export interface PublicReadResult {
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

export async function publicRead(opts: SuiteOptions): Promise<PublicReadResult> {
  const notices = opts.quick ? 10_000 : 100_000;
  const durationMs = opts.quick ? 5_000 : 15_000;
  opts.log(`publicRead: starting the platform (gateway | the rest, over NATS)`);
  const platform = await startPlatform();
  const baseline = await startBaseline(platform.db.url);
  try {
    const client = new pg.Client({ connectionString: platform.db.url });
    await client.connect();
    const ms = await loadNotices(client, notices);
    await client.query("analyze feed.notices");
    forgetStats(client);
    await client.end();
    opts.log(`publicRead: loaded ${notices} notices into feed.notices in ${(ms / 1000).toFixed(1)} s`);

    const path = `/api/public/notices?q=${encodeURIComponent(Q)}&limit=${LIMIT}`;
    const check = await fetch(platform.baseUrl + path);
    const body = (await check.json()) as { items?: unknown[] };
    if (check.status !== 200 || !body.items?.length)
      throw new Error(`platform answered ${check.status} with ${JSON.stringify(body).slice(0, 300)}`);
    // Warm both (JIT, pools, statistics cache).
    await load(platform.baseUrl + path, 16, 1_000);
    await load(baseline.url + path, 16, 1_000);

    const rounds: Record<string, LoadResult>[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const round: Record<string, LoadResult> = {};
      for (const c of CONCURRENCY) {
        round[`c${c}`] = await load(platform.baseUrl + path, c, durationMs);
        opts.log(`publicRead round ${r + 1} c=${c}: ${JSON.stringify(round[`c${c}`])}`);
      }
      round.baselineC64 = await load(baseline.url + path, 64, durationMs);
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
    return {
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
  } finally {
    await baseline.close();
    await platform.stop();
  }
}
