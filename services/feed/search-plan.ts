/**
 * The two access paths of notice search and their statements (search.ts says when each is used):
 * the plan choice from the bigram index's element statistics, and the SQL of a list without words,
 * of the bounded btree walk and of the GIN lookup. Every statement is one query with numbered
 * parameters.
 */
import { likePattern, LIMITS, type DateKey, type NoticeQuery, type ParsedQ } from "./search-text.js";

/** What the search needs of a client: pg.Pool and pg.Client both fit; every call is one statement. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

// ---- plan choice

/** Bigram frequencies from the index's element statistics; a bigram not listed is rarer than `floor`. */
export interface BigramStats {
  rows: number;
  freq: Map<string, number>;
  floor: number;
}

export type AccessPath = "gin" | "walk";

/** Candidates the index would return: the rows holding the rarest bigram of any word (an upper bound). */
export function estimateCandidates(bigrams: string[], stats: BigramStats): number {
  let f = 1;
  for (const b of bigrams) f = Math.min(f, stats.freq.get(b) ?? stats.floor);
  return Math.ceil(stats.rows * f);
}

export function choosePath(bigrams: string[], stats: BigramStats): AccessPath {
  return estimateCandidates(bigrams, stats) <= LIMITS.ginCandidates ? "gin" : "walk";
}

// ---- SQL building

export const COLUMNS = `id, result_id, version, body_id, body_name, kind, status, title, decision_no, decided_on,
  published_at, published_on, expires_on, status_changed_at, reason, predecessor_id, successor_id, party_name,
  verify_code, sha256, record, seq`;
const US = `(extract(epoch from published_at) * 1000000)::int8::text`;
const AT = (p: string) => `(timestamptz 'epoch' + ${p}::int8 * interval '1 microsecond')`;
const CHINA = "+08:00";

/** Parameters and conditions of one statement, numbered as they are added. */
class Sql {
  readonly params: unknown[] = [];
  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

export type Walkway = "date" | "body" | "kind" | "unpublished";

/** The btree a walk reads: the most selective equality filter, else dates (published-only or not). */
export function walkwayOf(q: NoticeQuery): Walkway {
  if (q.bodyId !== undefined) return "body";
  if (q.kind !== undefined) return "kind";
  if (!q.statuses.includes("published")) return "unpublished";
  return "date";
}

export interface Bounds {
  /** Strictly older than this position. */
  before?: DateKey;
  /** At this position or newer. */
  floor?: DateKey;
}

/** Status and published_on conditions: what neither a btree walk nor the GIN index bounds. */
function statusAndDays(sql: Sql, q: NoticeQuery): string[] {
  const w = [
    q.statuses.length === 1 ? `status = ${sql.p(q.statuses[0])}` : `status = any(${sql.p(q.statuses)}::text[])`,
  ];
  if (!q.statuses.includes("published")) w.push(`status <> 'published'`);
  if (q.from !== undefined) w.push(`published_on >= ${sql.p(q.from)}::date`);
  if (q.to !== undefined) w.push(`published_on <= ${sql.p(q.to)}::date`);
  return w;
}

/**
 * Bounds on (published_at, id): the cursor, the relevance floor, and the date range as instants
 * (published_on is the China day of published_at, so the days are exactly these instants; the
 * published_on test above keeps the filter exact regardless). With `lead`, every bound is a row
 * comparison that starts with the walk's leading column, which a btree on (lead desc, published_at
 * desc, id desc) takes as start and stop keys; the leading filter itself is then a closed range,
 * because an equality would let the planner drop the column from the ORDER BY and prefer the date
 * index, reading 4–200× more rows for the same hits.
 */
function bounds(
  sql: Sql,
  q: NoticeQuery,
  b: Bounds,
  at = "published_at",
  id = "id",
  lead?: [string, string],
): string[] {
  const w: string[] = [];
  const [col, p] = lead ?? ["", ""];
  const row = (cols: string, op: string, vals: string) =>
    lead ? `(${col}, ${cols}) ${op} (${p}, ${vals})` : `(${cols}) ${op} (${vals})`;
  if (lead) w.push(`${col} >= ${p} and ${col} <= ${p}`);
  if (q.from !== undefined) w.push(row(at, ">=", `(${sql.p(q.from)} || 'T00:00:00${CHINA}')::timestamptz`));
  if (q.to !== undefined)
    w.push(row(at, "<", `((${sql.p(q.to)}::date + 1)::text || 'T00:00:00${CHINA}')::timestamptz`));
  if (b.before) w.push(row(`${at}, ${id}`, "<", `${AT(sql.p(b.before.us))}, ${sql.p(b.before.id)}`));
  if (b.floor) w.push(row(`${at}, ${id}`, ">=", `${AT(sql.p(b.floor.us))}, ${sql.p(b.floor.id)}`));
  return w;
}

/** All conditions of a btree walk (or of a list without words). */
function walkFilters(sql: Sql, q: NoticeQuery, b: Bounds): string[] {
  const way = walkwayOf(q);
  const w: string[] = [];
  let lead: [string, string] | undefined;
  if (q.bodyId !== undefined) {
    const p = sql.p(q.bodyId);
    if (way === "body") lead = ["body_id", p];
    else w.push(`body_id = ${p}`);
  }
  if (q.kind !== undefined) {
    const p = sql.p(q.kind);
    if (way === "kind") lead = ["kind", p];
    else w.push(`kind = ${p}`);
  }
  return [...w, ...statusAndDays(sql, q), ...bounds(sql, q, b, "published_at", "id", lead)];
}

function likes(sql: Sql, words: string[]): string[] {
  return words.map((w) => `search_text like ${sql.p(likePattern(w))}`);
}

/** Date order, led by the walk's btree column when it has one (see bounds). */
function walkOrder(q: NoticeQuery): string {
  const way = walkwayOf(q);
  const lead = way === "body" ? "body_id desc, " : way === "kind" ? "kind desc, " : "";
  return `order by ${lead}published_at desc, id desc`;
}

export interface Statement {
  text: string;
  params: unknown[];
}

/** Newest-first rows under the filters, no words: the btree walk alone. */
export function recentSql(q: NoticeQuery, b: Bounds, want: number, columns = COLUMNS): Statement {
  const sql = new Sql();
  const w = walkFilters(sql, q, b);
  return {
    text: `select ${columns}, ${US} as _us from feed.notices where ${w.join(" and ")} ${walkOrder(q)} limit ${sql.p(want)}`,
    params: sql.params,
  };
}

/**
 * The bounded walk: the newest walkRows rows under the filters, tested with LIKE as they stream,
 * stopping at `want` hits. The last row read is returned too (as _hit = false) when the budget ran
 * out, so the caller knows where the index must take over.
 */
export function walkSql(
  q: NoticeQuery,
  words: string[],
  b: Bounds,
  want: number,
  rows = LIMITS.walkRows,
  columns = COLUMNS,
): Statement {
  const sql = new Sql();
  const w = walkFilters(sql, q, b);
  const budget = sql.p(rows);
  const hit = likes(sql, words).join(" and ");
  return {
    text: `select * from (
        select *, row_number() over () as _n from (
          select ${columns}, ${US} as _us, ${hit} as _hit from feed.notices
          where ${w.join(" and ")} ${walkOrder(q)} limit ${budget}
        ) r
      ) s where _hit or _n = ${budget} limit ${sql.p(want + 1)}`,
    params: sql.params,
  };
}

/**
 * The newest `want` rows holding all bigrams and matching every word. feed.bigram_matches gives
 * the candidates' (ctid, published_at, id) from the GIN bitmap alone, planned with its own
 * settings: left to itself, the planner walks a btree for frequent-looking bigrams (seconds when
 * they are rare under the filters) and compiles big estimates with JIT (~0.7 s). The candidates
 * are sorted by date on those narrow columns, then fetched by ctid (in this statement's snapshot)
 * and tested one by one, newest first, until `want` pass (the outer ORDER BY only restates the
 * subquery's: it keeps the result right should a tiny table get a hash join): a word frequent in some other period
 * (2023年5月) has many candidates, but only the newest ones are read in full.
 */
export function ginSql(q: NoticeQuery, parsed: ParsedQ, b: Bounds, want: number, columns = COLUMNS): Statement {
  const sql = new Sql();
  const matches = `feed.bigram_matches(${sql.p(parsed.bigrams)}::text[], ${sql.p(q.kind ?? null)}::text, ${sql.p(q.bodyId ?? null)}::text)`;
  const range = bounds(sql, q, b, "m.at", "m.id");
  // A 2-character word is one bigram, so holding it is containing it: only other words need LIKE.
  const recheck = parsed.words.filter((word) => Array.from(word).length !== 2);
  const test = [`n.ctid = c.t`, ...statusAndDays(sql, q), ...likes(sql, recheck)];
  return {
    text: `select n.*, c._at, (extract(epoch from c._at) * 1000000)::int8::text as _us
      from (select m.t, m.at as _at, m.id as _id from ${matches} m ${range.length ? `where ${range.join(" and ")}` : ""}
            order by m.at desc, m.id desc) c
      cross join lateral (select ${columns} from feed.notices n where ${test.join(" and ")}) n
      order by c._at desc, c._id desc limit ${sql.p(want)}`,
    params: sql.params,
  };
}

/** How many of the newest-first rows under the filters (no words) exist, counting at most `want`. */
export function recentCountSql(q: NoticeQuery, want: number): Statement {
  const sql = new Sql();
  const w = walkFilters(sql, q, {});
  return {
    text: `select count(*)::int as n from (select 1 from feed.notices where ${w.join(" and ")} ${walkOrder(q)}
      limit ${sql.p(want)}) c`,
    params: sql.params,
  };
}

/**
 * The bounded walk as a count: the hits among the first `rows` rows under the filters (at most
 * `want`), and the key of the row numbered `rows` when the budget ran out before the rows did.
 */
export function walkCountSql(q: NoticeQuery, words: string[], b: Bounds, want: number, rows: number): Statement {
  const st = walkSql(q, words, b, want, rows, "id");
  const n = Math.trunc(rows);
  return {
    text: `select count(*) filter (where _hit)::int as hits, max(_us) filter (where _n = ${n}) as last_us,
      max(id) filter (where _n = ${n}) as last_id from (${st.text}) w`,
    params: st.params,
  };
}

/**
 * The index's matches as a count, at most `want`: the candidates are not sorted (a count needs no
 * order), each is fetched by ctid and tested until `want` pass. Its cost is the candidates the GIN
 * returns, so the caller only runs it when they are known to be few enough.
 */
export function ginCountSql(q: NoticeQuery, parsed: ParsedQ, b: Bounds, want: number): Statement {
  const sql = new Sql();
  const matches = `feed.bigram_matches(${sql.p(parsed.bigrams)}::text[], ${sql.p(q.kind ?? null)}::text, ${sql.p(q.bodyId ?? null)}::text)`;
  const range = bounds(sql, q, b, "m.at", "m.id");
  const recheck = parsed.words.filter((word) => Array.from(word).length !== 2);
  const test = [`n.ctid = m.t`, ...statusAndDays(sql, q), ...likes(sql, recheck)];
  return {
    text: `select count(*)::int as n from (select 1 from ${matches} m
      cross join lateral (select 1 from feed.notices n where ${test.join(" and ")}) n
      ${range.length ? `where ${range.join(" and ")}` : ""} limit ${sql.p(want)}) c`,
    params: sql.params,
  };
}

/** The whole element statistics of the bigram index (a few thousand bigrams): read once, then cached. */
export const STATS_SQL = `select (select reltuples from pg_class where oid = 'feed.notices'::regclass)::float8 as rows,
    s.most_common_elem_freqs[array_length(s.most_common_elems, 1) + 1]::float8 as floor,
    (select json_object_agg(e.b, e.f) from unnest(s.most_common_elems::text::text[],
      s.most_common_elem_freqs[1:array_length(s.most_common_elems, 1)]) e(b, f)) as freq
  from pg_stats s where s.schemaname = 'feed' and s.tablename = 'notices_search_idx' and s.attname = 'bigrams'`;

// ---- statistics

/** Statistics change only when ANALYZE runs; reading them costs ~5 ms, so each client keeps them a while. */
const STATS_TTL_MS = 10 * 60_000;
const statsCache = new WeakMap<Queryable, { at: number; stats: Promise<BigramStats> }>();

export function bigramStats(db: Queryable, now = Date.now()): Promise<BigramStats> {
  const hit = statsCache.get(db);
  if (hit && now - hit.at < STATS_TTL_MS) return hit.stats;
  const stats = db
    .query<{ rows: number | null; floor: number | null; freq: Record<string, number> | null }>(STATS_SQL, [])
    .then(({ rows }): BigramStats => {
      const r = rows[0];
      // No statistics yet (a new or small table): every bigram counts as rare, and the index is cheap.
      if (!r) return { rows: 0, freq: new Map(), floor: 0 };
      return { rows: Math.max(0, r.rows ?? 0), freq: new Map(Object.entries(r.freq ?? {})), floor: r.floor ?? 0 };
    });
  statsCache.set(db, { at: now, stats });
  stats.catch(() => statsCache.delete(db));
  return stats;
}

/** Drops a client's cached statistics (after ANALYZE in tests and benchmarks). */
export function forgetStats(db: Queryable): void {
  statsCache.delete(db);
}
