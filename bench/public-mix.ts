/**
 * The realistic public-read mix (issue 19): a fixed-seed sequence of reads as visitors spread them —
 * notice pages by id (Zipf s≈1 over every notice), API searches (every word class of the search mix
 * × kind and body filters × first and deeper pages), body pages, and the portal's HTML pages for
 * notices, searches and bodies. Pure: requests name a notice or body by its popularity rank and a
 * search by its words, filter and page depth; bench/suites/public-mixed.ts resolves them to URLs
 * (ids, and real cursors taken from earlier answers).
 */
import { seededRandom, type Random } from "../shared/seeded-random.js";
import { MIX_WORDS } from "./search-mix.js";

/** The classes of request in the mix. */
export const MIX_CLASSES = ["api-notice", "page-notice", "api-search", "page-search", "api-body", "page-body"] as const;
export type MixClass = (typeof MIX_CLASSES)[number];

/** Each class's share of the requests: notices 60 %, searches 28 %, bodies 12 %; API and HTML. */
export const MIX_SHARES: Record<MixClass, number> = {
  "api-notice": 0.4,
  "page-notice": 0.2,
  "api-search": 0.2,
  "page-search": 0.08,
  "api-body": 0.06,
  "page-body": 0.06,
};

/** The search filters of the mix: none, a kind, the body with the most notices or the fewest. */
export const SEARCH_FILTERS = ["none", "kind-处罚", "kind-许可", "body-big", "body-small"] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

/** How deep a search is followed (1 = first page), with the share of searches for each depth. */
export const SEARCH_DEPTHS: [number, number][] = [
  [1, 0.6],
  [2, 0.2],
  [3, 0.1],
  [5, 0.1],
];
/** Share of searches sorted by relevance (the rest by date, the default). */
export const RELEVANCE_SHARE = 0.2;

export interface SearchSpec {
  wordClass: string;
  q: string;
  filter: SearchFilter;
  sort: "date" | "relevance";
  /** 1 for the first page; n for the page reached through n − 1 cursors. */
  depth: number;
}

export type MixRequest =
  | { cls: "api-notice" | "page-notice"; rank: number }
  | { cls: "api-search" | "page-search"; search: SearchSpec }
  | { cls: "api-body" | "page-body"; rank: number };

/**
 * Ranks 0 … n − 1 drawn with P(rank k) ∝ 1 / (k + 1)^s (Zipf): rank 0 is the most popular. The
 * cumulative distribution is built once; each draw is a binary search over it.
 */
export function zipfSampler(n: number, s: number, rnd: Random): () => number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`zipfSampler needs n ≥ 1, not ${n}`);
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let k = 0; k < n; k++) cdf[k] = acc += 1 / Math.pow(k + 1, s);
  for (let k = 0; k < n; k++) (cdf[k] as number) /= acc;
  return () => {
    const u = rnd();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Picks from weighted choices with one draw. */
function weighted<T>(choices: readonly (readonly [T, number])[], u: number): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  for (const [value, w] of choices) {
    acc += w / total;
    if (u < acc) return value;
  }
  return (choices[choices.length - 1] as readonly [T, number])[0];
}

export interface MixOptions {
  seed: number;
  /** How many notices the ranks run over. */
  notices: number;
  /** How many bodies the body ranks run over. */
  bodies: number;
  length: number;
  /** Zipf exponent of notice and body popularity. */
  s?: number;
}

/** The request sequence for a seed: the same options give the same sequence. */
export function buildMix({ seed, notices, bodies, length, s = 1 }: MixOptions): MixRequest[] {
  const rnd = seededRandom(seed);
  const noticeRank = zipfSampler(notices, s, rnd);
  const bodyRank = zipfSampler(bodies, s, rnd);
  const classes = MIX_CLASSES.map((c) => [c, MIX_SHARES[c]] as const);
  const wordClasses = Object.keys(MIX_WORDS);
  const out: MixRequest[] = [];
  for (let i = 0; i < length; i++) {
    const cls = weighted(classes, rnd());
    if (cls === "api-notice" || cls === "page-notice") out.push({ cls, rank: noticeRank() });
    else if (cls === "api-body" || cls === "page-body") out.push({ cls, rank: bodyRank() });
    else {
      const wordClass = wordClasses[Math.floor(rnd() * wordClasses.length)] as string;
      const words = MIX_WORDS[wordClass] as string[];
      out.push({
        cls,
        search: {
          wordClass,
          q: words[Math.floor(rnd() * words.length)] as string,
          filter: SEARCH_FILTERS[Math.floor(rnd() * SEARCH_FILTERS.length)] as SearchFilter,
          sort: rnd() < RELEVANCE_SHARE ? "relevance" : "date",
          depth: weighted(SEARCH_DEPTHS, rnd()),
        },
      });
    }
  }
  return out;
}
