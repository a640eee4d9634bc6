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
import {
  bigramStats,
  choosePath,
  COLUMNS,
  ginSql,
  recentSql,
  walkSql,
  walkwayOf,
  type AccessPath,
  type Bounds,
  type Queryable,
} from "./search-plan.js";
import {
  decodeCursor,
  encodeCursor,
  LIMITS,
  normalizeText,
  parseQ,
  type Cursor,
  type DateKey,
  type NoticeQuery,
  type NoticeRow,
  type ParsedQ,
} from "./search-text.js";

export * from "./search-plan.js";
export * from "./search-text.js";

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

// ---- execution

type Keyed<T> = T & { _us: string };
const keyOf = (r: { _us: string; id: string }): DateKey => ({ us: r._us, id: r.id });

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
