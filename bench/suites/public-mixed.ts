/**
 * The realistic public-read mix (issue 19) made concrete: bodies for the synthetic notices, the mix
 * (bench/public-mix.ts) resolved to URLs — notice and body ranks to ids, searches to their pages
 * with real cursors taken from earlier answers — and a run of one sequence against a target.
 */
import type pg from "pg";
import { seededRandom } from "../../shared/seeded-random.js";
import { BODIES, CITIES } from "../notice-vocabulary.js";
import { buildMix, type MixRequest, type SearchSpec } from "../public-mix.js";
import type { SequenceTarget } from "./common.js";

/** The synthetic notices' 200 bodies as the feed's read model holds bodies (from the duties outbox). */
export async function loadBodies(db: pg.ClientBase): Promise<number> {
  const at = new Date("2024-01-01T00:00:00Z").toISOString();
  const rows = BODIES.map((b, i) => {
    const creditCode = `12${String(110000 + i)}MB${String(i).padStart(7, "0")}X`;
    const region = `${CITIES[b.city] as string}市`;
    const view = {
      id: b.id,
      name: b.name,
      creditCode,
      region,
      phone: null,
      address: null,
      createdAt: at,
      updatedAt: at,
    };
    return [b.id, b.name, creditCode, region, JSON.stringify(view), i + 1];
  });
  await db.query(
    `insert into feed.bodies (id, name, credit_code, region, view, seq)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::bigint[])`,
    [0, 1, 2, 3, 4, 5].map((c) => rows.map((r) => r[c])),
  );
  return rows.length;
}

/** A seeded permutation of 0 … n − 1 (Fisher–Yates): popularity ranks spread over the whole table. */
function permutation(n: number, seed: number): Uint32Array {
  const rnd = seededRandom(seed);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

export interface ResolvedMix {
  segments: SequenceTarget[][];
  distinctUrls: number;
  /** Searches asked deeper than their results go: sent to their last page instead. */
  clampedDepths: number;
  searchPagesFetched: number;
}

/**
 * Builds the mix for `seed` and turns it into URLs against the data in `db`, in `segments.length`
 * consecutive segments of the given lengths (a warm-up, then one per measured run). Cursors come from
 * the answers of `answerer` (the baseline: it answers as the feed does, and asking it leaves the
 * platform's caches cold).
 */
export async function resolveMix(
  db: pg.ClientBase,
  answerer: string,
  seed: number,
  lengths: number[],
): Promise<ResolvedMix> {
  const { rows: notices } = await db.query<{ id: string }>(`select id from feed.notices order by seq`);
  const { rows: bodies } = await db.query<{ id: string }>(
    `select b.id from feed.bodies b left join feed.notices n on n.body_id = b.id group by b.id order by count(n.id) desc, b.id`,
  );
  const noticeOrder = permutation(notices.length, seed);
  const noticeId = (rank: number) => (notices[noticeOrder[rank] as number] as { id: string }).id;
  const bodyId = (rank: number) => (bodies[rank] as { id: string }).id;
  const bodyBig = bodyId(0);
  const bodySmall = bodyId(bodies.length - 1);

  const total = lengths.reduce((s, n) => s + n, 0);
  const mix = buildMix({ seed, notices: notices.length, bodies: bodies.length, length: total });

  const filterQuery = (s: SearchSpec): string => {
    const p = new URLSearchParams({ q: s.q });
    if (s.filter === "kind-处罚") p.set("kind", "行政处罚");
    if (s.filter === "kind-许可") p.set("kind", "行政许可");
    if (s.filter === "body-big") p.set("bodyId", bodyBig);
    if (s.filter === "body-small") p.set("bodyId", bodySmall);
    if (s.sort === "relevance") p.set("sort", "relevance");
    return p.toString();
  };
  // The cursors of each search (query → cursors of pages 2, 3, …), followed as deep as the mix asks.
  const chains = new Map<string, { cursors: string[]; end: boolean }>();
  let fetched = 0;
  let clamped = 0;
  const cursorFor = async (s: SearchSpec): Promise<string | undefined> => {
    const key = filterQuery(s);
    let chain = chains.get(key);
    if (!chain) chains.set(key, (chain = { cursors: [], end: false }));
    while (chain.cursors.length < s.depth - 1 && !chain.end) {
      const cursor = chain.cursors[chain.cursors.length - 1];
      const url = `${answerer}/api/public/notices?${key}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res = await fetch(url);
      fetched++;
      if (res.status !== 200) throw new Error(`resolving the mix: ${res.status} for ${url}: ${await res.text()}`);
      const page = (await res.json()) as { nextCursor?: string | null };
      if (page.nextCursor) chain.cursors.push(page.nextCursor);
      else chain.end = true;
    }
    const depth = Math.min(s.depth - 1, chain.cursors.length);
    if (depth < s.depth - 1) clamped++;
    return depth > 0 ? chain.cursors[depth - 1] : undefined;
  };
  const urlOf = async (r: MixRequest): Promise<string> => {
    switch (r.cls) {
      case "api-notice":
        return `/api/public/notices/${noticeId(r.rank)}`;
      case "page-notice":
        return `/notices/${noticeId(r.rank)}`;
      case "api-body":
        return `/api/public/bodies/${bodyId(r.rank)}`;
      case "page-body":
        return `/bodies/${bodyId(r.rank)}`;
      case "api-search":
      case "page-search": {
        const cursor = await cursorFor(r.search);
        const tail = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        return r.cls === "api-search"
          ? `/api/public/notices?${filterQuery(r.search)}&limit=20${tail}`
          : `/search?${filterQuery(r.search)}${tail}`;
      }
    }
  };
  const all: SequenceTarget[] = [];
  for (const r of mix) all.push({ path: await urlOf(r), cls: r.cls });
  const segments: SequenceTarget[][] = [];
  let at = 0;
  for (const n of lengths) {
    segments.push(all.slice(at, at + n));
    at += n;
  }
  return {
    segments,
    distinctUrls: new Set(all.map((t) => t.path)).size,
    clampedDepths: clamped,
    searchPagesFetched: fetched,
  };
}

/** The feed actions the gateway process has called so far (moleculer_request_total on METRICS_PORT), by action. */
export async function gatewayCalls(metricsPort: string): Promise<Map<string, number> | null> {
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  if (res.status !== 200) return null;
  const calls = new Map<string, number>();
  for (const line of (await res.text()).split("\n")) {
    if (!line.startsWith("moleculer_request_total{")) continue;
    const action = /action="([^"]+)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (action && Number.isFinite(value)) calls.set(action, (calls.get(action) ?? 0) + value);
  }
  return calls.size ? calls : null;
}

/**
 * The feed action behind each class the gateway's edge cache may answer (services/gateway/edge.ts):
 * a request of the class not answered at the edge is one call of it. A body page is never kept.
 */
export const EDGE_CLASSES: Record<string, string> = {
  "api-notice": "feed.getNotice",
  "api-search": "feed.listNotices",
  "api-body": "feed.getBody",
  "page-notice": "feed.noticePage",
  "page-search": "feed.searchPage",
};

/**
 * The answers the gateway's edge cache gave in a run (it marks them nowhere: it sends the kept body
 * with the headers of any answer), from the feed calls the gateway made meanwhile.
 */
export function edgeHits(
  before: Map<string, number>,
  after: Map<string, number>,
  answered: Record<string, { requests: number }>,
): number {
  const delta = (action: string) => (after.get(action) ?? 0) - (before.get(action) ?? 0);
  return Object.entries(EDGE_CLASSES).reduce(
    (s, [cls, action]) => s + (answered[cls]?.requests ?? 0) - delta(action),
    0,
  );
}
