/**
 * search: the feed search query mix of bench/load-notices.ts (`measure`) over N synthetic notices in a
 * scratch database created for the run and dropped afterwards. Each round runs the mix (which does a
 * warm-up pass and a measured pass); p50/p95/max are over all searches of the measured pass.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { SEARCH_SQL } from "../../services/feed/migrations/Migration20261126000700_feed.js";
import { BASE_DDL, loadNotices } from "../load-notices.js";
import { measure } from "../search-mix.js";
import { PG_ADMIN_URL } from "../../tests/support/platform.js";
import { percentile, round, spread, type Spread, type SuiteOptions } from "./common.js";

export interface SearchResult {
  rows: number;
  deepPages: number;
  loadSeconds: number;
  indexSeconds: number;
  searchesPerRound: number;
  rounds: { p50Ms: number; p95Ms: number; maxMs: number; facetsP95Ms: number }[];
  p50Ms: Spread;
  p95Ms: Spread;
  maxMs: Spread;
  facetsP95Ms: Spread;
}

export async function search(opts: SuiteOptions): Promise<SearchResult> {
  const rows = opts.quick ? 100_000 : 1_000_000;
  const deepPages = opts.quick ? 3 : 10;
  const name = `zfgs_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    for (const sql of BASE_DDL) await client.query(sql);
    // As bench/load-notices.ts does: functions and column settings first, indexes after the bulk load.
    const isIndex = (sql: string) => /^\s*(create index|alter index)/i.test(sql);
    for (const sql of SEARCH_SQL.filter((s) => !isIndex(s))) await client.query(sql);
    const loadMs = await loadNotices(client, rows);
    opts.log(`search: loaded ${rows} rows in ${(loadMs / 1000).toFixed(1)} s`);
    const t = Date.now();
    await client.query("set maintenance_work_mem = '512MB'");
    for (const sql of SEARCH_SQL.filter(isIndex)) await client.query(sql);
    await client.query("vacuum analyze feed.notices");
    const indexMs = Date.now() - t;
    opts.log(`search: indexes and vacuum analyze in ${(indexMs / 1000).toFixed(1)} s`);

    const rounds: SearchResult["rounds"] = [];
    let searchesPerRound = 0;
    for (let r = 0; r < opts.rounds; r++) {
      const samples = await measure(client, deepPages);
      const searches = samples.filter((s) => s.op !== "facets").map((s) => s.ms);
      const facets = samples.filter((s) => s.op === "facets").map((s) => s.ms);
      searchesPerRound = searches.length;
      const one = {
        p50Ms: round(percentile(searches, 50)),
        p95Ms: round(percentile(searches, 95)),
        maxMs: round(Math.max(...searches)),
        facetsP95Ms: round(percentile(facets, 95)),
      };
      opts.log(`search round ${r + 1}: ${searches.length} searches ${JSON.stringify(one)}`);
      rounds.push(one);
    }
    return {
      rows,
      deepPages,
      loadSeconds: round(loadMs / 1000, 1),
      indexSeconds: round(indexMs / 1000, 1),
      searchesPerRound,
      rounds,
      p50Ms: spread(rounds.map((x) => x.p50Ms)),
      p95Ms: spread(rounds.map((x) => x.p95Ms)),
      maxMs: spread(rounds.map((x) => x.maxMs)),
      facetsP95Ms: spread(rounds.map((x) => x.facetsP95Ms)),
    };
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
