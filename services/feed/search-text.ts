/**
 * The words of notice search: what a query and a cursor are, the one normalisation of indexed text
 * and of query words (search_text is written with it), splitting q into words and bigrams, and the
 * cursors of date and relevance order. No SQL here; search.ts explains the access paths.
 */
import { likePattern } from "../../shared/paging.js";
import type { NoticeStatus } from "../notices/contract.js";
import type { PowerCategory } from "../../shared/domain.js";

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
  kind: PowerCategory;
  status: NoticeStatus;
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
  /** Totals are exact up to this many matches, then "at least this many". */
  countCap: 10_000,
  /** Rows a count's walk reads at most (a frequent word reaches countCap within them). */
  countWalkRows: 25_000,
  /** Estimated index candidates up to which a count may read the index without a kind or body filter. */
  countGinCandidates: 100_000,
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
