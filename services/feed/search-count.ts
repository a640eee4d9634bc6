/**
 * The total of a notice search: exact up to LIMITS.countCap matches, then "at least countCap". It
 * picks the cheaper of the two access paths (bench/SEARCH-NOTES.md, "Totals"): the index when its
 * candidates are few, else a bounded walk, which a frequent word fills quickly; a walk that runs out
 * of budget hands the older rows to the index when the index is bounded (few candidates, or a kind
 * or body the GIN intersects itself), and otherwise answers a lower bound.
 */
import {
  bigramStats,
  estimateCandidates,
  ginCountSql,
  recentCountSql,
  walkCountSql,
  type Bounds,
  type Queryable,
  type Statement,
} from "./search-plan.js";
import { LIMITS, parseQ, type DateKey, type NoticeQuery, type ParsedQ } from "./search-text.js";

export interface NoticeTotal {
  /** Exact when `capped` is false; otherwise the matches are at least this many. */
  total: number;
  capped: boolean;
  plan: string;
}

async function one<T>(db: Queryable, st: Statement): Promise<T> {
  const { rows } = await db.query<T>(st.text, st.params);
  return rows[0] as T;
}

/** The walk's hits in `rows` rows after `b`, and where it stopped if the rows did not run out first. */
async function walkCount(db: Queryable, q: NoticeQuery, parsed: ParsedQ, b: Bounds, want: number, rows: number) {
  const r = await one<{ hits: number; last_us: string | null; last_id: string | null }>(
    db,
    walkCountSql(q, parsed.words, b, want, rows),
  );
  const last: DateKey | undefined = r.last_us && r.last_id ? { us: r.last_us, id: r.last_id } : undefined;
  return { hits: r.hits, last };
}

function result(total: number, plan: string, lowerBound = false): NoticeTotal {
  const cap = LIMITS.countCap;
  return { total: Math.min(total, cap), capped: lowerBound || total > cap, plan };
}

export async function countNotices(db: Queryable, q: NoticeQuery): Promise<NoticeTotal> {
  const want = LIMITS.countCap + 1;
  const parsed = q.q !== undefined && q.q.trim() !== "" ? parseQ(q.q) : undefined;
  if (!parsed) return result((await one<{ n: number }>(db, recentCountSql(q, want))).n, "recent");
  const candidates = estimateCandidates(parsed.bigrams, await bigramStats(db));
  const gin = async (b: Bounds, need: number) => (await one<{ n: number }>(db, ginCountSql(q, parsed, b, need))).n;
  if (candidates <= LIMITS.ginCandidates) return result(await gin({}, want), "gin");

  // A short probe: its hit rate says whether the walk budget reaches the cap.
  const probe = LIMITS.walkProbe;
  const first = await walkCount(db, q, parsed, {}, want, probe);
  let { hits, last } = first;
  if (!last || hits >= want) return result(hits, "walk");
  if (hits * (LIMITS.countWalkRows / probe) >= want) {
    const second = await walkCount(db, q, parsed, { before: last }, want - hits, LIMITS.countWalkRows - probe);
    hits += second.hits;
    last = second.last;
    if (!last || hits >= want) return result(hits, "walk");
  }
  // The walk cannot reach the cap: the older rows go to the index when it is bounded.
  if (candidates <= LIMITS.countGinCandidates || q.kind !== undefined || q.bodyId !== undefined)
    return result(hits + (await gin({ before: last }, want - hits)), "walk+gin");
  return result(hits, "walk", true);
}
