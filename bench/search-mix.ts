/**
 * The search benchmark's query mix over the synthetic notices: word classes × filters × pages,
 * measured with the feed's own search (`measure`), reported as percentiles, and explained.
 */
import {
  forgetStats,
  ginSql,
  noticeFacets,
  parseQ,
  searchNotices,
  walkSql,
  type NoticeQuery,
  type Queryable,
} from "../services/feed/search.js";
/** The benchmark mix: word classes of 2 and 4 characters, as generated above. */
export const MIX_WORDS: Record<string, string[]> = {
  "frequent-2": ["罚款", "许可", "检查"],
  "frequent-4": ["行政处罚", "申请材料", "食品安全"],
  // ~0.15 % (王某, 熊某: party names) to ~5 % (噪声, 网吧): the zone between the two paths.
  "mid-2": ["王某", "熊某", "噪声", "网吧"],
  "mid-4": ["2023年5月", "第七十六条", "没收违法所得二万", "消防通道"],
  "rare-2": ["殡葬", "文物", "骨灰"],
  "rare-4": ["野生动物", "烟花爆竹", "古树名木"],
  "absent-2": ["量子", "熊猫"],
  // 许可罚款 and 罚款检查 are made of frequent bigrams.
  "absent-4": ["航天飞船", "许可罚款", "罚款检查"],
  "multi-word": ["罚款 噪声", "殡葬 罚款", "许可 消防 通道", "王某 罚款"],
};

export function mixFilters(bodyBig: string, bodySmall: string): Record<string, Partial<NoticeQuery>> {
  const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
  return {
    none: {},
    "body-big": { bodyId: bodyBig },
    "body-small": { bodyId: bodySmall },
    "kind-处罚": { kind: "行政处罚" },
    "kind-许可": { kind: "行政许可" },
    "kind-征用": { kind: "行政征用" },
    "date-30d": { from: day(30), to: day(0) },
    "date-old-90d": { from: day(800), to: day(710) },
    "status-withdrawn+corrected": { statuses: ["withdrawn", "corrected"] },
    "status-all": { statuses: ["published", "withdrawn", "corrected", "expired"] },
  };
}

export interface Sample {
  cls: string;
  filter: string;
  op: string;
  ms: number;
  plan: string;
  q?: string;
}

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

/** Runs the mix twice (the first pass warms the caches) and prints p50/p95/max per category. */
export async function measure(db: Queryable, deepPages = 10): Promise<Sample[]> {
  const { rows: bodies } = await db.query<{ body_id: string; n: string }>(
    `select body_id, count(*) as n from feed.notices group by 1 order by 2 desc`,
  );
  const filters = mixFilters(
    (bodies[0] as { body_id: string }).body_id,
    (bodies[bodies.length - 1] as { body_id: string }).body_id,
  );
  forgetStats(db);
  const samples: Sample[] = [];
  for (const pass of [0, 1]) {
    for (const [cls, words] of Object.entries(MIX_WORDS))
      for (const q of words)
        for (const [filter, f] of Object.entries(filters)) {
          const base: NoticeQuery = { q, statuses: ["published"], sort: "date", limit: 20, ...f };
          for (const sort of ["date", "relevance"] as const) {
            let t = performance.now();
            let page = await searchNotices(db, { ...base, sort });
            if (pass) samples.push({ cls, filter, op: `${sort}:first`, ms: performance.now() - t, plan: page.plan, q });
            for (let i = 1; i < deepPages && page.nextCursor; i++) {
              t = performance.now();
              page = await searchNotices(db, { ...base, sort, cursor: page.nextCursor });
              if (pass && i === deepPages - 1)
                samples.push({
                  cls,
                  filter,
                  op: `${sort}:page${deepPages}`,
                  ms: performance.now() - t,
                  plan: page.plan,
                  q,
                });
            }
          }
          const t = performance.now();
          const facets = await noticeFacets(db, base);
          if (pass) samples.push({ cls, filter, op: "facets", ms: performance.now() - t, plan: facets.plan, q });
        }
  }
  return samples;
}

export function report(samples: Sample[]): string {
  const lines = ["| group | n | p50 ms | p95 ms | max ms | slowest |", "|---|---|---|---|---|---|"];
  const group = (name: string, xs: Sample[]) => {
    if (xs.length === 0) return;
    const ms = xs.map((x) => x.ms);
    const worst = xs.reduce((a, b) => (b.ms > a.ms ? b : a));
    lines.push(
      `| ${name} | ${xs.length} | ${pct(ms, 50).toFixed(2)} | ${pct(ms, 95).toFixed(2)} | ${Math.max(...ms).toFixed(2)} | ${worst.q} / ${worst.filter} / ${worst.op} (${worst.plan}) |`,
    );
  };
  group(
    "**all searches**",
    samples.filter((s) => s.op !== "facets"),
  );
  group(
    "**all facets**",
    samples.filter((s) => s.op === "facets"),
  );
  for (const cls of Object.keys(MIX_WORDS))
    group(
      `${cls} search`,
      samples.filter((s) => s.cls === cls && s.op !== "facets"),
    );
  for (const cls of Object.keys(MIX_WORDS))
    group(
      `${cls} facets`,
      samples.filter((s) => s.cls === cls && s.op === "facets"),
    );
  for (const op of [...new Set(samples.map((s) => s.op))])
    group(
      `op ${op}`,
      samples.filter((s) => s.op === op),
    );
  for (const f of [...new Set(samples.map((s) => s.filter))])
    group(
      `filter ${f}`,
      samples.filter((s) => s.filter === f),
    );
  return lines.join("\n");
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements the two paths run for one word. */
export async function explain(db: Queryable, q: string, f: Partial<NoticeQuery> = {}): Promise<string> {
  const query: NoticeQuery = { q, statuses: ["published"], sort: "date", limit: 20, ...f };
  const parsed = parseQ(q);
  const out: string[] = [];
  for (const st of [walkSql(query, parsed.words, {}, 21), ginSql(query, parsed, {}, 21)]) {
    const { rows } = await db.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${st.text}`, st.params);
    out.push(rows.map((r) => r["QUERY PLAN"]).join("\n"));
  }
  return out.join("\n\n");
}
