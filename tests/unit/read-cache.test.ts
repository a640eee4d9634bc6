import { describe, expect, it } from "vitest";
import { cacheKey, jsonBytes, ReadCache, stringBytes } from "../../lib/read-cache.js";

describe("feed read cache", () => {
  it("answers a repeated read from memory until invalidated", async () => {
    const cache = new ReadCache(10, 60_000);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.get("a", compute)).toBe(1);
    expect(await cache.get("a", compute)).toBe(1);
    cache.invalidate();
    expect(await cache.get("a", compute)).toBe(2);
  });

  it("does not keep an answer computed while the read model changed", async () => {
    const cache = new ReadCache(10, 60_000);
    let release!: () => void;
    const slow = cache.get("a", () => new Promise<string>((r) => (release = () => r("before"))));
    cache.invalidate();
    release();
    expect(await slow).toBe("before");
    expect(await cache.get("a", async () => "after")).toBe("after");
  });

  it("computes a burst of identical misses once", async () => {
    const cache = new ReadCache(10, 60_000);
    let calls = 0;
    const compute = () => new Promise<number>((r) => setTimeout(() => r(++calls), 5));
    const answers = await Promise.all([cache.get("a", compute), cache.get("a", compute), cache.get("a", compute)]);
    expect(answers).toEqual([1, 1, 1]);
  });

  it("does not keep failures", async () => {
    const cache = new ReadCache(10, 60_000);
    await expect(cache.get("a", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("a", async () => "ok")).toBe("ok");
  });

  it("drops the least recently used entry and entries older than the age limit", async () => {
    let now = 0;
    const cache = new ReadCache(2, 1000, () => now);
    await cache.get("a", async () => "a1");
    await cache.get("b", async () => "b1");
    await cache.get("a", async () => "unused"); // a is now the most recent
    await cache.get("c", async () => "c1"); // evicts b
    expect(await cache.get("b", async () => "b2")).toBe("b2");
    now = 5000;
    expect(await cache.get("b", async () => "b3")).toBe("b3");
  });

  it("is off with zero entries", async () => {
    const cache = new ReadCache(0, 1000);
    let calls = 0;
    await cache.get("a", async () => ++calls);
    await cache.get("a", async () => ++calls);
    expect(calls).toBe(2);
    expect(cache.size).toBe(0);
  });

  it("keys parameters independently of their order and leaves out undefined ones", () => {
    expect(cacheKey("feed.listNotices", { q: "罚款", limit: 20, kind: undefined })).toBe(
      cacheKey("feed.listNotices", { limit: 20, q: "罚款" }),
    );
    expect(cacheKey("x", { q: "a" })).not.toBe(cacheKey("y", { q: "a" }));
  });
});

describe("read cache peek and put (the gateway's edge cache)", () => {
  it("keeps a value put at the current generation and refuses one from before an invalidation", () => {
    const cache = new ReadCache(10, 60_000);
    const before = cache.generation;
    cache.put("k", "v1", before);
    expect(cache.peek("k")).toBe("v1");
    cache.invalidate();
    expect(cache.peek("k")).toBeUndefined();
    cache.put("k", "stale", before);
    expect(cache.peek("k")).toBeUndefined();
    cache.put("k", "v2", cache.generation);
    expect(cache.peek("k")).toBe("v2");
  });
});

describe("read cache bounded in bytes", () => {
  const sized = (max: number) => new ReadCache(100, 60_000, Date.now, { max, sizeOf: (v) => stringBytes(v as string) });

  it("drops the least recently used entries once the estimated size passes the bound", () => {
    const cache = sized(16); // eight characters: two entries of three
    const g = cache.generation;
    cache.put("a", "一二三", g);
    cache.put("b", "四五六", g);
    expect(cache.byteSize).toBe(12);
    expect(cache.peek("a")).toBe("一二三"); // a is now the most recently used
    cache.put("c", "七八九", g);
    expect(cache.peek("b")).toBeUndefined();
    expect([cache.peek("a"), cache.peek("c")]).toEqual(["一二三", "七八九"]);
    expect(cache.byteSize).toBe(12);
  });

  it("never keeps an answer larger than the bound, and counts a replaced entry once", () => {
    const cache = sized(20);
    const g = cache.generation;
    cache.put("big", "x".repeat(11), g);
    expect(cache.peek("big")).toBeUndefined();
    expect(cache.byteSize).toBe(0);
    cache.put("k", "abc", g);
    cache.put("k", "abcd", g);
    expect(cache.byteSize).toBe(8);
    cache.invalidate();
    expect([cache.size, cache.byteSize]).toEqual([0, 0]);
  });

  it("estimates an answer object by its JSON at two bytes a character", () => {
    expect(jsonBytes({ a: "罚款" })).toBe(JSON.stringify({ a: "罚款" }).length * 2);
    expect(stringBytes("")).toBe(0);
  });
});
