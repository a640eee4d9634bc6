/**
 * The cost of the search total (services/feed/search-count.ts) on a loaded bench database:
 * `npx tsx bench/count-notices.ts --db postgresql://postgres@127.0.0.1:5432/zfgs_search_lab`.
 * Each query × filter is counted five times; the report gives the median and the worst time, the
 * total and the path taken, and the time of the first page of the same search beside it.
 */
import pg from "pg";
import { countNotices } from "../services/feed/search-count.js";
import { searchNotices, type NoticeQuery } from "../services/feed/search.js";

const WORDS = ["", "罚款", "食品安全", "噪声", "2023年5月", "王某", "烟花爆竹", "殡葬", "熊猫", "罚款 噪声"];
const FILTERS: [string, Partial<NoticeQuery>][] = [
  ["none", {}],
  ["kind-许可", { kind: "行政许可" }],
  ["kind-征用", { kind: "行政征用" }],
  ["last-90d", { from: "2026-09-01" }],
  ["withdrawn", { statuses: ["withdrawn", "corrected"] }],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--db");
  const pool = new pg.Pool({ connectionString: process.argv[at + 1], max: 2 });
  const base: NoticeQuery = { statuses: ["published"], sort: "date", limit: 20 };
  const all: number[] = [];
  console.log("query | filter | count p50 ms | max ms | total | path | page p50 ms");
  for (const q of WORDS) {
    for (const [name, filter] of FILTERS) {
      const query = { ...base, ...filter, ...(q ? { q } : {}) };
      const times: number[] = [];
      const pages: number[] = [];
      let last = { total: 0, capped: false, plan: "" };
      for (let i = 0; i < 5; i++) {
        let t = performance.now();
        last = await countNotices(pool, query);
        times.push(performance.now() - t);
        t = performance.now();
        await searchNotices(pool, query);
        pages.push(performance.now() - t);
      }
      all.push(...times.slice(1));
      const total = `${last.total}${last.capped ? "+" : ""}`;
      const row = [q || "—", name, median(times).toFixed(1), Math.max(...times.slice(1)).toFixed(1), total, last.plan];
      console.log([...row, median(pages).toFixed(1)].join(" | "));
    }
  }
  const sorted = all.sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] as number;
  console.log(
    `all counts: p50 ${median(sorted).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
  await pool.end();
}

await main();
