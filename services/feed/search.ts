/**
 * Chinese keyword search over feed.notices without a Chinese tokenizer. A word matches as a
 * substring of search_text (written normalised by searchTextOf, so LIKE needs no lower()). Two
 * access paths, chosen per query (bench/SEARCH-NOTES.md has the plans and the measurements):
 *
 * - walk: read the notices newest first along a btree (date, body, kind or non-published) and test
 *   LIKE on each; it stops after `limit` hits, so a frequent word costs a few dozen rows. It is
 *   bounded: a 500-row probe, then at most walkRows rows if the probe's hit rate promises a full page.
 * - gin: the GIN index on feed.bigrams(search_text), kind, body_id yields the rows holding every
 *   character bigram of every word (and the kind / body asked for); they are sorted by date on
 *   narrow columns and rechecked with LIKE newest first. Its cost is the number of candidates.
 *
 * The choice uses the element statistics ANALYZE keeps for the bigram index (pg_stats, cached per
 * client for ten minutes): a query whose rarest bigram is estimated in at most ginCandidates rows
 * goes to the index; any other walks, and a walk that cannot fill the page hands the rows older
 * than the last one it read to the index. Either way every match is found exactly once.
 */
import { likePattern } from "../../shared/paging.js";

/** What the search needs of a client: pg.Pool and pg.Client both fit; every call is one statement. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface NoticeQuery {
  q?: string;
  bodyId?: string;
  kind?: string;
  statuses: string[];
  /** Inclusive published_on bounds, YYYY-MM-DD (the China calendar day of published_at). */
  from?: string;
  to?: string;
  sort: "date" | "relevance";
  limit: number;
  cursor?: string;
}

export interface NoticeRow {
  id: string;
  result_id: string;
  version: number;
  body_id: string;
  body_name: string;
  kind: string;
  status: string;
  title: string;
  decision_no: string;
  decided_on: string | Date;
  published_at: string | Date;
  published_on: string | Date;
  expires_on: string | Date;
  status_changed_at: string | Date | null;
  reason: string | null;
  predecessor_id: string | null;
  successor_id: string | null;
  party_name: string;
  verify_code: string;
  sha256: string;
  record: Record<string, unknown>;
  seq: string;
}

export interface FacetCount {
  value: string;
  count: number;
}
export interface NoticeFacets {
  kind: FacetCount[];
  status: FacetCount[];
  body: (FacetCount & { name: string })[];
  /** True when the counts cover only the newest LIMITS.facetRows matches. */
  capped: boolean;
  plan: string;
}

export const LIMITS = {
  maxQ: 50,
  maxTerms: 8,
  maxLimit: 1000,
  /** Rows a walk reads at most before handing the rest to the bigram index. */
  walkRows: 3000,
  /** Rows a walk reads before judging, from its hit rate, whether walkRows can fill the page. */
  walkProbe: 500,
  /** Estimated index candidates up to which the index is used without walking first. */
  ginCandidates: 5000,
  /**
   * Relevance ranks the newest this-many matches; older matches follow by date. 50 (2½ pages):
   * at 1 M rows a window of 100 made a mid-frequency word walk twice as far (p95 11.8 → 10.2 ms).
   */
  relevanceWindow: 50,
  /** Facets count at most this many of the newest matches. */
  facetRows: 1000,
  /** Rows a facet walk reads at most (1000: facets p95 at 1 M rows 9.9 → 6.1 ms against 1500). */
  facetWalkRows: 1000,
};

// ---- text

/** The one normalisation of indexed text and of query words: NFKC (full-width Ａ１ → a1), lower case, one space. */
export function normalizeText(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}

export interface SearchTextParts {
  title: string;
  partyName: string;
  decisionNo: string;
  facts: string;
  conclusion: string;
  /** The notice's other public text: kind, body, basis, 处罚 and 许可 fields (see noticeSearchParts). */
  more?: readonly string[];
}

/**
 * feed.notices.search_text. The fields are joined by one space: query words never contain one, so
 * no word can match across two fields, and the bigrams that span a field boundary are never asked for.
 */
export function searchTextOf(p: SearchTextParts): string {
  return [p.title, p.partyName, p.decisionNo, p.facts, p.conclusion, ...(p.more ?? [])]
    .map(normalizeText)
    .filter((s, i) => i < 5 || s !== "")
    .join(" ");
}

/** What noticeSearchParts reads of a notice: its columns and its public record, as the feed holds them. */
export interface SearchableNotice {
  title: string;
  /** Absent from a tombstone. */
  partyName: string | null;
  decisionNo: string;
  kind: string;
  bodyName: string;
  /** Why it was withdrawn or corrected. */
  reason?: string | null;
  record: Record<string, unknown>;
}

/** The public record's text fields beyond the head; a record without one (a tombstone) just has less. */
const RECORD_TEXT = [
  "powerName",
  "basis",
  "party.legalRepresentative",
  "penalty.categories",
  "penalty.content",
  "penalty.violationType",
  "penalty.licenceAction",
  "licence.documentName",
  "licence.category",
  "licence.certificateName",
  "licence.licenceNo",
  "licence.content",
] as const;

function textAt(record: Record<string, unknown>, path: string): string[] {
  let v: unknown = record;
  for (const key of path.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  const values = Array.isArray(v) ? v : [v];
  return values.filter((x): x is string => typeof x === "string" && x !== "");
}

/**
 * Every public text of a notice, for searchTextOf: the head (title, party, 文书号) and the running
 * text, then kind (行政处罚), body name, 执法事项, basis (依据), the 处罚 block (类别, 内容, 违法行为类型),
 * the 许可 block and the reason of a withdrawal or correction, so 罚款, a law's name or a body's name
 * find the notice.
 */
export function noticeSearchParts(n: SearchableNotice): SearchTextParts {
  const text = (key: string) => textAt(n.record, key).join(" ");
  return {
    title: n.title,
    partyName: n.partyName ?? "",
    decisionNo: n.decisionNo,
    facts: text("facts"),
    conclusion: text("conclusion"),
    more: [n.kind, n.bodyName, ...RECORD_TEXT.flatMap((path) => textAt(n.record, path)), n.reason ?? ""],
  };
}

/** Distinct character bigrams (by code point, as the database's regex '..' counts them). */
export function bigramsOf(word: string): string[] {
  const cs = Array.from(word);
  const out = new Set<string>();
  for (let i = 0; i + 1 < cs.length; i++) out.add(`${cs[i]}${cs[i + 1]}`);
  return [...out];
}

export interface ParsedQ {
  /** Every word, normalised; all must occur. */
  words: string[];
  /** Bigrams of the words of two or more characters: what the index can look up. */
  bigrams: string[];
}

/**
 * Splits q into words (whitespace-separated, all must match). A one-character word cannot be looked
 * up by bigram, so it only narrows a query that has a longer word; a q of nothing but
 * one-character words is refused (RangeError → 422) rather than scanning the table.
 */
export function parseQ(q: string): ParsedQ {
  const norm = normalizeText(q);
  if (Array.from(norm).length > LIMITS.maxQ) throw new RangeError(`q is longer than ${LIMITS.maxQ} characters`);
  const unique = [...new Set(norm.split(" ").filter((w) => w !== ""))];
  // A word inside another word adds nothing: 罚款 is implied by 罚款人民币.
  const words = unique.filter((w) => !unique.some((o) => o !== w && o.includes(w)));
  if (words.length === 0) throw new RangeError("q is empty");
  if (words.length > LIMITS.maxTerms) throw new RangeError(`q has more than ${LIMITS.maxTerms} words`);
  const long = words.filter((w) => Array.from(w).length >= 2);
  if (long.length === 0) throw new RangeError("q needs a word of at least 2 characters");
  return { words, bigrams: [...new Set(long.flatMap(bigramsOf))] };
}

export { likePattern };

// ---- cursors

/** A position in date order: published_at in microseconds since the epoch (exact), then id. */
export interface DateKey {
  us: string;
  id: string;
}
export type Cursor =
  | { sort: "date"; key: DateKey }
  /** In the relevance window (matches at or after `floor`), after `score`/`key`; or past it, by date. */
  | { sort: "relevance"; floor: DateKey; score: number; key: DateKey }
  | { sort: "relevance"; floor: null; score: 0; key: DateKey };

const US_RE = /^-?\d{1,17}$/;
const ID_RE = /^[0-9a-zA-Z-]{1,64}$/;

export function encodeCursor(c: Cursor): string {
  const parts =
    c.sort === "date"
      ? ["d", c.key.us, c.key.id]
      : ["r", c.floor ? c.floor.us : "", c.floor ? c.floor.id : "", String(c.score), c.key.us, c.key.id];
  return Buffer.from(parts.join("|"), "utf8").toString("base64url");
}

/** Throws RangeError for anything this module did not issue (the caller answers 422). */
export function decodeCursor(cursor: string, sort: NoticeQuery["sort"]): Cursor {
  const bad = (why: string) => new RangeError(`invalid cursor: ${why}`);
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(cursor)) throw bad("not base64url");
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const key = (us: string | undefined, id: string | undefined): DateKey => {
    if (!us || !id || !US_RE.test(us) || !ID_RE.test(id)) throw bad("malformed position");
    return { us, id };
  };
  if (parts[0] === "d" && parts.length === 3) {
    if (sort !== "date") throw bad("issued for another sort order");
    return { sort: "date", key: key(parts[1], parts[2]) };
  }
  if (parts[0] === "r" && parts.length === 6) {
    if (sort !== "relevance") throw bad("issued for another sort order");
    const score = Number(parts[3]);
    if (!Number.isInteger(score) || score < 0 || score > LIMITS.maxTerms) throw bad("malformed score");
    if (parts[1] === "" && parts[2] === "") {
      if (score !== 0) throw bad("malformed score");
      return { sort: "relevance", floor: null, score: 0, key: key(parts[4], parts[5]) };
    }
    return { sort: "relevance", floor: key(parts[1], parts[2]), score, key: key(parts[4], parts[5]) };
  }
  throw bad("unknown format");
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

const COLUMNS = `id, result_id, version, body_id, body_name, kind, status, title, decision_no, decided_on,
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

interface Bounds {
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

/** The whole element statistics of the bigram index (a few thousand bigrams): read once, then cached. */
export const STATS_SQL = `select (select reltuples from pg_class where oid = 'feed.notices'::regclass)::float8 as rows,
    s.most_common_elem_freqs[array_length(s.most_common_elems, 1) + 1]::float8 as floor,
    (select json_object_agg(e.b, e.f) from unnest(s.most_common_elems::text::text[],
      s.most_common_elem_freqs[1:array_length(s.most_common_elems, 1)]) e(b, f)) as freq
  from pg_stats s where s.schemaname = 'feed' and s.tablename = 'notices_search_idx' and s.attname = 'bigrams'`;

// ---- execution

type Keyed<T> = T & { _us: string };
const keyOf = (r: { _us: string; id: string }): DateKey => ({ us: r._us, id: r.id });

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

interface Collected<T> {
  rows: Keyed<T>[];
  plan: string;
  /** Set when a walk in window mode ran out of budget first: every match at or after it is in rows. */
  stoppedAt?: DateKey;
}

interface CollectOptions {
  columns?: string;
  /** Stop where the walk budget ends (stoppedAt) instead of handing the older rows to the index. */
  window?: boolean;
  /** In window mode, the hits the whole budget must promise (from the probe) to be walked at all. */
  enough?: number;
  budget?: number;
}

/**
 * The newest `want` matches strictly before `b.before` (and at or after `b.floor`), in date order,
 * whichever path serves them; `columns` lets relevance and facets read less than a whole row.
 */
async function collect<T extends { id: string }>(
  db: Queryable,
  q: NoticeQuery,
  parsed: ParsedQ | undefined,
  b: Bounds,
  want: number,
  path: AccessPath | undefined,
  o: CollectOptions = {},
): Promise<Collected<T>> {
  const columns = o.columns ?? COLUMNS;
  if (!parsed) {
    const st = recentSql(q, b, want, columns);
    return { rows: (await db.query<Keyed<T>>(st.text, st.params)).rows, plan: `recent:${walkwayOf(q)}` };
  }
  if (path === "gin") {
    const st = ginSql(q, parsed, b, want, columns);
    return { rows: (await db.query<Keyed<T>>(st.text, st.params)).rows, plan: "gin" };
  }
  const budget = o.budget ?? LIMITS.walkRows;
  const plan = `walk:${walkwayOf(q)}`;
  type Walked = Keyed<T> & { _hit: boolean; _n: string };
  const walk = async (from: Bounds, rows: number, need: number) => {
    const st = walkSql(q, parsed.words, from, need, rows, columns);
    const walked = (await db.query<Walked>(st.text, st.params)).rows;
    // The row numbered `rows` (a hit or not) is the last the walk read; without it the rows ran out.
    const last = walked.find((r) => Number(r._n) === rows);
    return { hits: walked.filter((r) => r._hit), last: last ? keyOf(last) : undefined };
  };
  // A short probe first: when its hit rate says the whole budget would not fill the page (a word
  // rare under these filters, or frequent only in another period), the index takes over at once.
  const probe = Math.min(LIMITS.walkProbe, budget);
  const first = await walk(b, probe, want);
  let hits = first.hits;
  let last = first.last;
  if (hits.length >= want || !last) return { rows: hits.slice(0, want), plan };
  const projected = hits.length * (budget / probe);
  if (projected >= (o.window ? (o.enough ?? want) : want)) {
    const second =
      budget > probe ? await walk({ ...b, before: last }, budget - probe, want - hits.length) : { hits: [], last };
    hits = [...hits, ...second.hits];
    last = second.last;
    if (hits.length >= want || !last) return { rows: hits.slice(0, want), plan };
    if (o.window) return { rows: hits, plan, stoppedAt: last };
  } else if (o.window) return { rows: hits, plan, stoppedAt: last };
  // The walk would not fill the page: the rows older than the last one read go to the index.
  const rest = ginSql(q, parsed, { ...b, before: last }, want - hits.length, columns);
  const more = (await db.query<Keyed<T>>(rest.text, rest.params)).rows;
  return { rows: [...hits, ...more], plan: `${plan}+gin` };
}

function strip<T>(r: Keyed<T>): T {
  const {
    _us: _a,
    _hit: _b,
    _n: _c,
    _at: _d,
    ...row
  } = r as Keyed<T> & { _hit?: unknown; _n?: unknown; _at?: unknown };
  return row as T;
}

function validate(q: NoticeQuery): void {
  if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > LIMITS.maxLimit)
    throw new RangeError(`limit must be 1–${LIMITS.maxLimit}`);
  if (q.statuses.length === 0) throw new RangeError("statuses is empty");
}

async function prepare(
  db: Queryable,
  query: NoticeQuery,
): Promise<{ parsed: ParsedQ | undefined; path: AccessPath | undefined }> {
  validate(query);
  const parsed = query.q !== undefined && query.q.trim() !== "" ? parseQ(query.q) : undefined;
  if (!parsed) return { parsed, path: undefined };
  return { parsed, path: choosePath(parsed.bigrams, await bigramStats(db)) };
}

/** Number of words found in title, party name or 文书号 (the head of search_text). */
export function headScore(row: Pick<NoticeRow, "title" | "party_name" | "decision_no">, words: string[]): number {
  const head = [row.title, row.party_name, row.decision_no].map(normalizeText).join(" ");
  return words.filter((w) => head.includes(w)).length;
}

function compareKeys(a: DateKey, b: DateKey): number {
  const d = BigInt(a.us) - BigInt(b.us);
  if (d !== 0n) return d > 0n ? 1 : -1;
  return a.id === b.id ? 0 : a.id > b.id ? 1 : -1;
}

export async function searchNotices(
  db: Queryable,
  query: NoticeQuery,
): Promise<{ items: NoticeRow[]; nextCursor: string | null; plan: string }> {
  const cursor = query.cursor !== undefined ? decodeCursor(query.cursor, query.sort) : undefined;
  const { parsed, path } = await prepare(db, query);
  const limit = query.limit;

  if (query.sort === "date" || !parsed || (cursor?.sort === "relevance" && cursor.floor === null)) {
    // Date order (and relevance past its window, which is date order with its own cursor tag).
    const got = await collect<NoticeRow>(db, query, parsed, { before: cursor?.key }, limit + 1, path);
    const items = got.rows.slice(0, limit);
    const last = items[items.length - 1];
    const more = got.rows.length > limit && last !== undefined;
    const next: Cursor | null = !more
      ? null
      : query.sort === "date"
        ? { sort: "date", key: keyOf(last) }
        : { sort: "relevance", floor: null, score: 0, key: keyOf(last) };
    return { items: items.map(strip), nextCursor: next ? encodeCursor(next) : null, plan: got.plan };
  }

  // Relevance ranks a window of the newest matches: the newest relevanceWindow of them, or those
  // among the rows one walk budget reads. The first page fixes the window by its oldest position
  // (floor) and later pages recompute it down to that floor, so new notices join it at their rank
  // and no older match moves in or out. Past the window, matches follow by date.
  type Head = Pick<NoticeRow, "id" | "title" | "party_name" | "decision_no">;
  const headCols = "id, title, party_name, decision_no";
  const W = LIMITS.relevanceWindow;
  const floor = cursor?.sort === "relevance" ? cursor.floor : null;
  let window: Keyed<Head>[];
  let windowFloor: DateKey | null;
  let exhausted: boolean;
  let windowSparse = false;
  let plan: string;
  if (floor) {
    // New notices may have arrived above the window since the first page: allow the walk for them.
    // The walk stops at the floor; it has room for walkRows newer notices than the first page saw.
    const got = await collect<Head>(db, query, parsed, { floor }, 4 * W, path, {
      columns: headCols,
      budget: 2 * LIMITS.walkRows,
      window: true,
    });
    [window, windowFloor, exhausted, plan] = [got.rows, floor, false, got.plan];
    if (got.stoppedAt) {
      // More new notices than that: the index supplies the rest of the window, down to the floor.
      const rest = await collect<Head>(db, query, parsed, { floor, before: got.stoppedAt }, 4 * W, "gin", {
        columns: headCols,
      });
      [window, plan] = [[...window, ...rest.rows], `${plan}+gin`];
    }
  } else {
    const got = await collect<Head>(db, query, parsed, {}, W + 1, path, {
      columns: headCols,
      window: true,
      enough: limit + 1,
    });
    plan = got.plan;
    if (got.stoppedAt) [window, windowFloor, exhausted, windowSparse] = [got.rows, got.stoppedAt, false, true];
    else {
      window = got.rows.slice(0, W);
      exhausted = got.rows.length <= W;
      const oldest = window[window.length - 1];
      windowFloor = oldest ? keyOf(oldest) : null;
    }
  }
  const ranked = window
    .map((r) => ({ r, key: keyOf(r), score: headScore(r, parsed.words) }))
    .sort((a, b) => b.score - a.score || compareKeys(b.key, a.key));
  const after =
    cursor?.sort === "relevance" && cursor.floor
      ? ranked.filter((x) => x.score < cursor.score || (x.score === cursor.score && compareKeys(x.key, cursor.key) < 0))
      : ranked;
  const pageHeads = after.slice(0, limit);
  const byId = new Map<string, NoticeRow>();
  if (pageHeads.length > 0) {
    const { rows } = await db.query<NoticeRow>(`select ${COLUMNS} from feed.notices where id = any($1)`, [
      pageHeads.map((x) => x.r.id),
    ]);
    for (const r of rows) byId.set(r.id, r);
  }
  const items: NoticeRow[] = pageHeads.flatMap((x) => byId.get(x.r.id) ?? []);
  plan = `relevance(${plan})`;
  let nextCursor: string | null = null;
  const lastHead = pageHeads[pageHeads.length - 1];
  if (after.length > limit && lastHead && windowFloor) {
    nextCursor = encodeCursor({ sort: "relevance", floor: windowFloor, score: lastHead.score, key: lastHead.key });
  } else if (!exhausted && windowFloor) {
    // The window is used up: fill the page with the matches older than it, by date. A window that
    // one walk budget could not fill says the matches are sparse: the index serves them directly.
    const fillPath = windowSparse ? "gin" : path;
    const got = await collect<NoticeRow>(
      db,
      query,
      parsed,
      { before: windowFloor },
      limit - items.length + 1,
      fillPath,
    );
    const fill = got.rows.slice(0, limit - items.length);
    items.push(...fill.map(strip));
    plan += `+${got.plan}`;
    const lastFill = fill[fill.length - 1];
    const tail: DateKey = lastFill ? keyOf(lastFill) : windowFloor;
    if (got.rows.length > fill.length)
      nextCursor = encodeCursor({ sort: "relevance", floor: null, score: 0, key: tail });
  }
  return { items, nextCursor, plan };
}

export async function noticeFacets(db: Queryable, query: NoticeQuery): Promise<NoticeFacets> {
  const { parsed, path } = await prepare(db, { ...query, cursor: undefined });
  const F = LIMITS.facetRows;
  const got = await collect<{ id: string; kind: string; status: string; body_id: string; body_name: string }>(
    db,
    query,
    parsed,
    {},
    F + 1,
    path,
    { columns: "id, kind, status, body_id, body_name", window: true, budget: LIMITS.facetWalkRows, enough: 20 },
  );
  const rows = got.rows.slice(0, F);
  const count = (key: (r: (typeof rows)[number]) => string) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    return [...m.entries()]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  };
  const names = new Map(rows.map((r) => [r.body_id, r.body_name]));
  return {
    kind: count((r) => r.kind),
    status: count((r) => r.status),
    body: count((r) => r.body_id)
      .slice(0, 20)
      .map((c) => ({ ...c, name: names.get(c.value) ?? "" })),
    capped: got.rows.length > F || got.stoppedAt !== undefined,
    plan: got.plan,
  };
}
