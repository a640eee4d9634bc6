import { describe, expect, it } from "vitest";
import {
  buildMix,
  MIX_CLASSES,
  MIX_SHARES,
  SEARCH_DEPTHS,
  SEARCH_FILTERS,
  zipfSampler,
} from "../../bench/public-mix.js";
import { MIX_WORDS } from "../../bench/search-mix.js";
import { seededRandom } from "../../shared/seeded-random.js";

describe("the benchmark's Zipf sampler", () => {
  it("gives the same ranks for the same seed, others for another", () => {
    const draw = (seed: number) => {
      const next = zipfSampler(10_000, 1, seededRandom(seed));
      return Array.from({ length: 200 }, next);
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it("draws rank k with probability ∝ 1/(k+1)^s, every rank within 0 … n − 1", () => {
    const n = 1000;
    const draws = 200_000;
    const next = zipfSampler(n, 1, seededRandom(42));
    const counts = new Array<number>(n).fill(0);
    let outside = 0;
    for (let i = 0; i < draws; i++) {
      const k = next();
      if (!(k >= 0 && k < n)) outside++;
      else counts[k] = (counts[k] as number) + 1;
    }
    expect(outside).toBe(0);
    let h = 0;
    for (let k = 1; k <= n; k++) h += 1 / k;
    for (const k of [0, 1, 4, 9]) {
      const expected = 1 / (k + 1) / h;
      expect((counts[k] as number) / draws).toBeCloseTo(expected, 2);
    }
    // The tail half holds about (H(n) − H(n/2)) / H(n) of the draws (≈ 9 % for n = 1000).
    let tail = 0;
    for (let k = n / 2 + 1; k <= n; k++) tail += 1 / k;
    const inTail = counts.slice(n / 2).reduce((s, c) => s + c, 0) / draws;
    expect(Math.abs(inTail - tail / h)).toBeLessThan(0.01);
  });

  it("refuses an empty range", () => {
    expect(() => zipfSampler(0, 1, seededRandom(1))).toThrow(RangeError);
  });
});

describe("the benchmark's public-read mix", () => {
  const opts = { seed: 19, notices: 20_000, bodies: 200, length: 40_000 };

  it("is the same sequence for the same seed, another for another seed", () => {
    expect(buildMix(opts)).toEqual(buildMix(opts));
    expect(buildMix({ ...opts, seed: 20 }).slice(0, 50)).not.toEqual(buildMix(opts).slice(0, 50));
  });

  it("holds each class at its share, ranks in range", () => {
    const mix = buildMix(opts);
    expect(mix).toHaveLength(opts.length);
    for (const cls of MIX_CLASSES) {
      const share = mix.filter((r) => r.cls === cls).length / mix.length;
      expect(Math.abs(share - MIX_SHARES[cls])).toBeLessThan(0.01);
    }
    const outside = mix.filter((r) =>
      "rank" in r ? r.rank < 0 || r.rank >= (r.cls.endsWith("notice") ? opts.notices : opts.bodies) : false,
    );
    expect(outside).toEqual([]);
  });

  it("spreads searches over every word class, filter and depth at their shares", () => {
    const searches = buildMix(opts).flatMap((r) => ("search" in r ? [r.search] : []));
    const classes = Object.keys(MIX_WORDS);
    for (const wordClass of classes) {
      const share = searches.filter((s) => s.wordClass === wordClass).length / searches.length;
      expect(Math.abs(share - 1 / classes.length)).toBeLessThan(0.02);
      const words = new Set(searches.filter((s) => s.wordClass === wordClass).map((s) => s.q));
      expect([...words].sort()).toEqual([...(MIX_WORDS[wordClass] as string[])].sort());
    }
    for (const filter of SEARCH_FILTERS) {
      const share = searches.filter((s) => s.filter === filter).length / searches.length;
      expect(Math.abs(share - 1 / SEARCH_FILTERS.length)).toBeLessThan(0.02);
    }
    for (const [depth, expected] of SEARCH_DEPTHS) {
      const share = searches.filter((s) => s.depth === depth).length / searches.length;
      expect(Math.abs(share - expected)).toBeLessThan(0.02);
    }
    const relevance = searches.filter((s) => s.sort === "relevance").length / searches.length;
    expect(Math.abs(relevance - 0.2)).toBeLessThan(0.02);
  });
});
