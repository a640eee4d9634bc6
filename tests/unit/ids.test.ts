import { beforeEach, describe, expect, it, vi } from "vitest";

type IdsModule = typeof import("../../shared/ids.js");
let ids: IdsModule;

/** newId keeps its monotonic state in the module; each test starts from a fresh copy. */
beforeEach(async () => {
  vi.resetModules();
  ids = await import("../../shared/ids.js");
});

function timeOf(id: string): number {
  const hex = id.replace(/-/g, "");
  return parseInt(hex.slice(0, 12), 16);
}

function seqOf(id: string): number {
  return parseInt(id.replace(/-/g, "").slice(13, 16), 16);
}

function expectStrictlyIncreasing(list: string[]): void {
  for (let i = 1; i < list.length; i++) {
    if (!(list[i - 1]! < list[i]!)) expect.fail(`ids[${i - 1}] = ${list[i - 1]} is not < ids[${i}] = ${list[i]}`);
  }
}

const T = Date.UTC(2024, 0, 1);

describe("newId", () => {
  it("has the UUIDv7 shape of ID_PATTERN", () => {
    const re = new RegExp(ids.ID_PATTERN);
    for (let i = 0; i < 200; i++) {
      const id = ids.newId();
      expect(id).toMatch(re);
      expect(ids.isId(id)).toBe(true);
    }
  });

  it("puts the millisecond time in the first 48 bits", () => {
    const id = ids.newId(T);
    expect(timeOf(id)).toBe(T);
    expect(id.slice(0, 13)).toBe(`${T.toString(16).padStart(12, "0").slice(0, 8)}-${T.toString(16).slice(-4)}`);
    expect(timeOf(ids.newId(T + 5))).toBe(T + 5);
  });

  it("stays within a real clock's range", () => {
    const before = Date.now();
    const id = ids.newId();
    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it("is unique and strictly increasing over 10 000 ids in a tight loop", () => {
    const list = Array.from({ length: 10_000 }, () => ids.newId());
    expect(new Set(list).size).toBe(list.length);
    expectStrictlyIncreasing(list);
  });

  it("is unique and strictly increasing over 10 000 ids minted in the same millisecond", () => {
    const list = Array.from({ length: 10_000 }, () => ids.newId(T));
    expect(new Set(list).size).toBe(list.length);
    expectStrictlyIncreasing(list);
  });

  it("counts a sequence within a millisecond and moves to the next millisecond after 4096", () => {
    const list = Array.from({ length: 4097 }, () => ids.newId(T));
    expect(list.slice(0, 4096).map(timeOf)).toEqual(Array(4096).fill(T));
    expect(list.slice(0, 4096).map(seqOf)).toEqual(Array.from({ length: 4096 }, (_, i) => i));
    expect(timeOf(list[4096]!)).toBe(T + 1);
    expect(seqOf(list[4096]!)).toBe(0);
  });

  it("stays increasing when the clock goes backwards", () => {
    const list: string[] = [ids.newId(T)];
    for (let i = 1; i <= 10_000; i++) list.push(ids.newId(T - i));
    expect(new Set(list).size).toBe(list.length);
    expectStrictlyIncreasing(list);
    for (const id of list) expect(timeOf(id)).toBeGreaterThanOrEqual(T);
  });

  it("stays increasing across a mix of forward, equal and backward clock readings", () => {
    const readings = [T, T, T + 3, T - 50, T + 3, T + 2, T + 4, T - 1000, T + 10, T + 10];
    const list = readings.map((now) => ids.newId(now));
    expectStrictlyIncreasing(list);
    expect(timeOf(list.at(-1)!)).toBe(T + 10);
  });

  it("resumes the real time once the clock catches up", () => {
    ids.newId(T + 100);
    ids.newId(T);
    expect(timeOf(ids.newId(T + 101))).toBe(T + 101);
    expect(seqOf(ids.newId(T + 102))).toBe(0);
  });
});

describe("isId", () => {
  it("accepts a v7 id in lowercase", () => {
    expect(ids.isId("0190a4c2-1234-7abc-8def-0123456789ab")).toBe(true);
    expect(ids.isId("0190a4c2-1234-7abc-bdef-0123456789ab")).toBe(true);
  });

  it.each([
    "550e8400-e29b-41d4-a716-446655440000", // v4
    "6ba7b810-9dad-11d1-80b4-00c04fd430c8", // v1
    "0190A4C2-1234-7ABC-8DEF-0123456789AB", // uppercase
    "0190a4c2-1234-7abc-cdef-0123456789ab", // wrong variant
    "0190a4c2-1234-7abc-8def-0123456789a", // short
    "0190a4c2-1234-7abc-8def-0123456789abc", // long
    "0190a4c212347abc8def0123456789ab", // no dashes
    "{0190a4c2-1234-7abc-8def-0123456789ab}",
    " 0190a4c2-1234-7abc-8def-0123456789ab",
    "0190a4c2-1234-7abc-8def-0123456789ab\n",
    "0190a4c2-1234-7abc-8def-0123456789ag",
    "",
    "1",
  ])("rejects %j", (value) => {
    expect(ids.isId(value)).toBe(false);
  });

  it.each([null, undefined, 42, {}, ["0190a4c2-1234-7abc-8def-0123456789ab"]])("rejects the non-string %j", (value) => {
    expect(ids.isId(value)).toBe(false);
  });
});
