import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "../../shared/credit-code.js";
import {
  canonicalPool,
  checkDrawable,
  commitmentOf,
  draw,
  DrawError,
  poolSha256,
  seedMatches,
  sizeOf,
  type DrawInput,
  type PoolEntity,
  type RosterOfficer,
} from "../../shared/inspections/draw.js";
import { checkPoolRows, isPoolHeader, poolColumns } from "../../shared/inspections/pool.js";
import { withHeader } from "../../shared/tabular.js";
import { checkInspectedOn, checkNoticeLink, overdueEntities } from "../../shared/inspections/results.js";

const code = (n: number): string => {
  const first17 = `9133010${String(n).padStart(10, "0")}`;
  return first17 + creditCodeCheckChar(first17);
};
const entities = (n: number): PoolEntity[] =>
  Array.from({ length: n }, (_, i) => ({ creditCode: code(i + 1), name: `企业${i + 1}有限公司`, category: "食品" }));
const officers = (n: number): RosterOfficer[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `officer-${String(i).padStart(2, "0")}`,
    name: `执法${i}`,
    certificateNo: `ZJ${i}`,
  }));
const SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

const input = (over: Partial<DrawInput> = {}): DrawInput => ({
  seedHex: SEED,
  entities: entities(50),
  size: 10,
  officersPerEntity: 2,
  officers: officers(6),
  conflicts: [],
  ...over,
});

describe("the draw (zfgs-draw-v1)", () => {
  it("gives the same selection for the same inputs, whatever order the pool and roster come in", () => {
    const a = draw(input());
    const b = draw(input({ entities: [...entities(50)].reverse() }));
    expect(b).toEqual(a);
    expect(a).toHaveLength(10);
    expect(new Set(a.map((e) => e.creditCode)).size).toBe(10);
  });

  it("ranks entities by HMAC-SHA256(seed, 'entity\\n' + credit code) and takes the first n, as documented", () => {
    const key = Buffer.from(SEED, "hex");
    const ranked = entities(50)
      .map((e) => ({
        code: e.creditCode,
        k: createHmac("sha256", key).update(`entity\n${e.creditCode}`).digest("hex"),
      }))
      .sort((x, y) => (x.k < y.k ? -1 : 1));
    const drawn = draw(input());
    expect(drawn.map((d) => d.creditCode)).toEqual(ranked.slice(0, 10).map((r) => r.code));
    expect(drawn.map((d) => d.key)).toEqual(ranked.slice(0, 10).map((r) => r.k));
  });

  it("draws another selection for another seed", () => {
    const other = draw(input({ seedHex: SEED.replace(/^00/, "01") }));
    expect(other.map((e) => e.creditCode)).not.toEqual(draw(input()).map((e) => e.creditCode));
  });

  it("assigns k distinct officers per entity, never one with a declared conflict, and spreads the work evenly", () => {
    const first = draw(input())[0]!;
    const conflicts = first.officerIds.map((officerId) => ({ officerId, creditCode: first.creditCode }));
    const drawn = draw(input({ conflicts, size: 12 }));
    for (const e of drawn) {
      expect(new Set(e.officerIds).size).toBe(2);
      for (const c of conflicts) if (c.creditCode === e.creditCode) expect(e.officerIds).not.toContain(c.officerId);
    }
    const load = new Map<string, number>();
    for (const e of drawn) for (const id of e.officerIds) load.set(id, (load.get(id) ?? 0) + 1);
    // 12 entities × 2 officers over 6 officers: 4 each.
    expect([...load.values()]).toEqual([4, 4, 4, 4, 4, 4]);
  });

  it("holds for any pool, size and seed: a draw is a subset of the pool of the asked size, reproducible", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (poolSize, n, seed) => {
          const size = Math.min(n, poolSize);
          const seedHex = Buffer.from(seed).toString("hex");
          const args = input({ entities: entities(poolSize), size, seedHex });
          const drawn = draw(args);
          expect(drawn).toHaveLength(size);
          const codes = new Set(args.entities.map((e) => e.creditCode));
          for (const d of drawn) expect(codes.has(d.creditCode)).toBe(true);
          expect(draw(args)).toEqual(drawn);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("refuses what could not be drawn whatever the seed: fewer than two officers, a size beyond the pool, an entity every officer avoids", () => {
    expect(() => checkDrawable(input({ officersPerEntity: 1 }))).toThrow(DrawError);
    expect(() => checkDrawable(input({ size: 51 }))).toThrow(
      expect.objectContaining({ type: "DRAW_SIZE_OUT_OF_RANGE" }),
    );
    const avoided = entities(50)[7]!.creditCode;
    const conflicts = officers(6)
      .slice(0, 5)
      .map((o) => ({ officerId: o.id, creditCode: avoided }));
    expect(() => checkDrawable(input({ conflicts }))).toThrow(
      expect.objectContaining({
        type: "DRAW_NOT_ENOUGH_OFFICERS",
        values: { creditCode: avoided, available: 1, needed: 2 },
      }),
    );
    // Conflicts of officers outside the roster do not count.
    expect(() => checkDrawable(input({ conflicts: [{ officerId: "elsewhere", creditCode: avoided }] }))).not.toThrow();
  });

  it("commits to the seed with SHA-256 of its bytes and checks a revealed seed against it", () => {
    const commitment = commitmentOf(SEED);
    expect(commitment).toBe(createHash("sha256").update(Buffer.from(SEED, "hex")).digest("hex"));
    expect(seedMatches(SEED, commitment)).toBe(true);
    expect(seedMatches(SEED.replace(/f$/, "e"), commitment)).toBe(false);
    expect(seedMatches(SEED, "not a commitment")).toBe(false);
    expect(() => commitmentOf("XYZ")).toThrow(expect.objectContaining({ type: "DRAW_SEED_INVALID" }));
  });

  it("hashes a pool's canonical content: sorted lines, NFC, independent of row order and addresses", () => {
    const pool = entities(3);
    expect(canonicalPool(pool)).toBe(pool.map((e) => `${e.creditCode}\t${e.name}\t${e.category}\n`).join(""));
    expect(poolSha256([...pool].reverse())).toBe(poolSha256(pool));
    const decomposed = [{ ...pool[0]!, name: "Cafe\u0301" }];
    expect(poolSha256(decomposed)).toBe(poolSha256([{ ...pool[0]!, name: "Café" }]));
    expect(poolSha256([{ ...pool[0]!, category: "药品" }])).not.toBe(poolSha256([pool[0]!]));
  });

  it("turns a ratio into a size: rounded up, at least one, at most the pool; a size stays as asked", () => {
    expect(sizeOf(100, { ratio: 0.05 })).toBe(5);
    expect(sizeOf(101, { ratio: 0.05 })).toBe(6);
    expect(sizeOf(10, { ratio: 0.001 })).toBe(1);
    expect(sizeOf(10, { ratio: 1 })).toBe(10);
    expect(sizeOf(10, { size: 50 })).toBe(50);
    expect(sizeOf(0, { ratio: 0.5 })).toBe(0);
  });
});

describe("an uploaded pool list", () => {
  it("finds its columns by their usual headers and requires 名称 and 统一社会信用代码", () => {
    expect(poolColumns(["序号", "企业名称", "统一社会信用代码", "住所", "行业类别"])).toEqual({
      name: 1,
      creditCode: 2,
      address: 3,
      category: 4,
    });
    expect(() => poolColumns(["名称", "地址"])).toThrow(
      expect.objectContaining({ type: "POOL_COLUMNS_MISSING", values: { columns: "统一社会信用代码" } }),
    );
  });

  it("finds its header below a title row or two, as government sheets have", () => {
    const table = {
      format: "xlsx" as const,
      encoding: null,
      header: ["2027年食品经营者名录", "", ""],
      rows: [
        { line: 2, cells: ["填报单位：某市市场监管局", "", ""] },
        { line: 3, cells: ["企业名称", "统一社会信用代码", "住所"] },
        { line: 4, cells: ["甲公司", code(1), "某路1号"] },
      ],
    };
    const found = withHeader(table, isPoolHeader);
    expect(found.header).toEqual(["企业名称", "统一社会信用代码", "住所"]);
    expect(found.rows).toEqual([{ line: 4, cells: ["甲公司", code(1), "某路1号"] }]);
    expect(withHeader({ ...table, rows: table.rows.slice(0, 1) }, isPoolHeader).header).toEqual(table.header);
  });

  it("refuses each bad row with its line: check digit, missing fields, a code given twice; normalises full-width codes", () => {
    const good = code(1);
    const columns = poolColumns(["名称", "统一社会信用代码"]);
    const { entities: kept, problems } = checkPoolRows(columns, [
      { line: 2, cells: ["甲公司", good] },
      { line: 3, cells: ["乙公司", good.slice(0, 17) + (good[17] === "0" ? "1" : "0")] },
      { line: 4, cells: ["", code(2)] },
      { line: 5, cells: ["丙公司", ""] },
      { line: 6, cells: ["丁公司", good.toLowerCase()] },
      { line: 7, cells: ["戊\t公司\n", String.fromCharCode(...[...code(3)].map((c) => c.charCodeAt(0) + 0xfee0))] },
    ]);
    expect(problems.map((p) => [p.line, p.type])).toEqual([
      [3, "CREDIT_CODE_CHECK"],
      [4, "POOL_NAME_MISSING"],
      [5, "POOL_CREDIT_CODE_MISSING"],
      [6, "POOL_DUPLICATE"],
    ]);
    expect(problems[3]!.values).toEqual({ otherLine: 2 });
    expect(kept.map((e) => [e.line, e.creditCode, e.name])).toEqual([
      [2, good, "甲公司"],
      [7, code(3), "戊 公司"],
    ]);
  });
});

describe("inspection results", () => {
  it("are due after the plan's last day; overdue are the drawn entities without one", () => {
    const selected = [{ creditCode: "A" }, { creditCode: "B" }, { creditCode: "C" }];
    expect(overdueEntities(selected, new Set(["B"]), "2027-04-30", "2027-04-30")).toEqual([]);
    expect(overdueEntities(selected, new Set(["B"]), "2027-04-30", "2027-05-06")).toEqual(["A", "C"]);
    expect(overdueEntities(selected, new Set(), null, "2099-01-01")).toEqual([]);
  });

  it("are for an inspection between the draw and today, linking a case's notice only for 已立案查处", () => {
    expect(() => checkInspectedOn("2027-03-02", "2027-03-01", "2027-03-05")).not.toThrow();
    expect(() => checkInspectedOn("2027-02-28", "2027-03-01", "2027-03-05")).toThrow(
      expect.objectContaining({ type: "RESULT_DATE_OUT_OF_RANGE", values: { from: "2027-03-01", to: "2027-03-05" } }),
    );
    expect(() => checkInspectedOn("2027-03-06", "2027-03-01", "2027-03-05")).toThrow();
    expect(() => checkNoticeLink("已立案查处", "n1")).not.toThrow();
    expect(() => checkNoticeLink("未发现问题", "n1")).toThrow(
      expect.objectContaining({ type: "RESULT_NOTICE_NOT_A_CASE" }),
    );
    expect(() => checkNoticeLink("未发现问题", undefined)).not.toThrow();
  });
});
