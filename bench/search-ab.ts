/**
 * Lab A/B of search plans on a loaded lab database, robust to a busy machine: every (query, filter,
 * op) of the mix is run under each variant in turn, `reps` times (A B A B …), and the median per
 * variant is kept; the report gives p50/p95/max over those medians, per variant.
 * `npx tsx bench/search-ab.ts --db … --variants '[{"name":"shipped"},{"name":"window30","relevanceWindow":30}]' [--reps 3] [--groups]`
 */
import pg from "pg";
import { forgetStats, LIMITS, noticeFacets, searchNotices, type NoticeQuery } from "../services/feed/search.js";
import { MIX_WORDS, mixFilters, pct, report, type Sample } from "./search-mix.js";

/** A variant is a name and LIMITS to override (e.g. {"name":"walk2000","walkRows":2000}). */
type Variant = { name: string } & Partial<typeof LIMITS>;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const db = new pg.Client({ connectionString: arg("db") });
  await db.connect();
  const variants = JSON.parse(arg("variants") ?? "[]") as Variant[];
  const reps = Number(arg("reps") ?? "3");
  const shipped = { ...LIMITS };
  const set = (v: Variant) => {
    const { name: _name, ...limits } = v;
    Object.assign(LIMITS, shipped, limits);
  };
  const { rows: bodies } = await db.query<{ body_id: string }>(
    `select body_id, count(*) as n from feed.notices group by 1 order by 2 desc`,
  );
  const filters = mixFilters(bodies[0]!.body_id, bodies[bodies.length - 1]!.body_id);
  forgetStats(db);
  const samples = new Map<string, Sample[]>(variants.map((v) => [v.name, []]));
  const ops = ["date:first", "relevance:first", "date:page10", "relevance:page10", "facets"];
  for (const [cls, words] of Object.entries(MIX_WORDS))
    for (const q of words)
      for (const [filter, f] of Object.entries(filters))
        for (const op of ops) {
          const base: NoticeQuery = { q, statuses: ["published"], sort: "date", limit: 20, ...f };
          const runs = new Map<string, { ms: number; plan: string }[]>(variants.map((v) => [v.name, []]));
          // one warm-up per variant, then reps rounds
          for (let r = -1; r < reps; r++)
            for (const v of variants) {
              set(v);
              let got: { ms: number; plan: string } | undefined;
              if (op === "facets") {
                const t = performance.now();
                const x = await noticeFacets(db, base);
                got = { ms: performance.now() - t, plan: x.plan };
              } else {
                const [sort, page] = op.split(":") as ["date" | "relevance", string];
                let t = performance.now();
                let x = await searchNotices(db, { ...base, sort });
                got = { ms: performance.now() - t, plan: x.plan };
                if (page === "page10") {
                  got = undefined;
                  for (let i = 1; i < 10 && x.nextCursor; i++) {
                    t = performance.now();
                    x = await searchNotices(db, { ...base, sort, cursor: x.nextCursor });
                    if (i === 9) got = { ms: performance.now() - t, plan: x.plan };
                  }
                }
              }
              if (got && r >= 0) runs.get(v.name)!.push(got);
            }
          for (const v of variants) {
            const xs = runs.get(v.name)!;
            if (xs.length === 0) continue;
            const sorted = [...xs].sort((a, b) => a.ms - b.ms);
            const med = sorted[Math.floor(sorted.length / 2)]!;
            samples.get(v.name)!.push({ cls, filter, op, ms: med.ms, plan: med.plan, q });
          }
        }
  for (const v of variants) {
    const xs = samples.get(v.name)!;
    const s = xs.filter((x) => x.op !== "facets").map((x) => x.ms);
    const fa = xs.filter((x) => x.op === "facets").map((x) => x.ms);
    console.log(
      `${v.name}: searches p50 ${pct(s, 50).toFixed(2)} p95 ${pct(s, 95).toFixed(2)} max ${Math.max(...s).toFixed(2)} | facets p95 ${pct(fa, 95).toFixed(2)} max ${Math.max(...fa).toFixed(2)}`,
    );
  }
  if (process.argv.includes("--groups"))
    for (const v of variants) console.log(`\n### ${v.name}\n${report(samples.get(v.name)!)}`);
  for (const v of variants) {
    const slow = [...samples.get(v.name)!].sort((a, b) => b.ms - a.ms).slice(0, 8);
    console.log(`\n${v.name} slowest:`);
    for (const x of slow) console.log(`  ${x.ms.toFixed(1)} ms ${x.q} / ${x.filter} / ${x.op} (${x.plan})`);
  }
  await db.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
