import { describe, expect, it } from "vitest";
import { POWER_CATEGORIES } from "../../shared/domain.js";
import {
  PLATFORM_RECORD_KINDS,
  PLATFORM_SECTIONS,
  RETENTION_LABELS,
  STATUTORY_CATEGORIES,
  placeOf,
  statutoryCategory,
  type PlatformRecord,
  type PlatformRecordKind,
} from "../../shared/documents.js";

const MARKERS = "一二三四五六七八九十".split("");
const marker = (n: number) => `（${n <= 10 ? MARKERS[n - 1] : `十${MARKERS[n - 11]}`}）`;

describe("the platform's four sections", () => {
  it("are the four of 国办公开办函〔2019〕61号, in order, with their legal basis", () => {
    expect(PLATFORM_SECTIONS.map((s) => s.title)).toEqual([
      "政府信息公开指南",
      "政府信息公开制度",
      "法定主动公开内容",
      "政府信息公开年报",
    ]);
    for (const section of PLATFORM_SECTIONS) expect(section.basis).toMatch(/^《中华人民共和国政府信息公开条例》第/);
  });
});

describe("the statutory categories of 条例 Art. 20", () => {
  it("are its fifteen items, numbered (一)–(十五), with unique stable ids", () => {
    expect(STATUTORY_CATEGORIES).toHaveLength(15);
    expect(STATUTORY_CATEGORIES.map((c) => c.item)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(STATUTORY_CATEGORIES.map((c) => c.marker)).toEqual(STATUTORY_CATEGORIES.map((c) => marker(c.item)));
    const ids = STATUTORY_CATEGORIES.map((c) => c.id);
    expect(new Set(ids).size).toBe(15);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z_]*$/);
  });

  it("word each item as the article does, with its basis and a documented retention", () => {
    expect(statutoryCategory("regulations").title).toBe("行政法规、规章和规范性文件");
    expect(statutoryCategory("penalties_coercion").title).toBe(
      "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    );
    expect(statutoryCategory("other").title).toBe("法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息");
    for (const c of STATUTORY_CATEGORIES) {
      expect(c.basis).toBe(`《中华人民共和国政府信息公开条例》第二十条${c.marker}`);
      expect(Object.keys(RETENTION_LABELS)).toContain(c.retention);
    }
  });
});

/** One record of each kind, and of each variant its place depends on. */
const RECORDS: PlatformRecord[] = [
  { kind: "guide" },
  ...POWER_CATEGORIES.map((category) => ({ kind: "notice" as const, category })),
  ...POWER_CATEGORIES.map((category) => ({ kind: "power" as const, category })),
  { kind: "officer" },
  { kind: "body" },
  { kind: "document", normative: true },
  { kind: "document", normative: false },
  { kind: "document", normative: true, disclosureRule: true },
  { kind: "document", normative: false, category: "emergencies" },
  { kind: "interpretation", document: { normative: true } },
  { kind: "consultation" },
  { kind: "annual_report" },
  { kind: "request_statistics" },
];

describe("where each public record goes", () => {
  it("is total: every kind has a place in one of the sections, with a known category and retention", () => {
    expect(new Set(RECORDS.map((r) => r.kind))).toEqual(new Set<PlatformRecordKind>(PLATFORM_RECORD_KINDS));
    const sections = new Set(PLATFORM_SECTIONS.map((s) => s.id));
    const categories = new Set(STATUTORY_CATEGORIES.map((c) => c.id as string));
    for (const record of RECORDS) {
      const place = placeOf(record);
      expect(sections.has(place.section), record.kind).toBe(true);
      expect(Object.keys(RETENTION_LABELS)).toContain(place.retention);
      if (place.section === "statutory") expect(categories.has(place.category as string), record.kind).toBe(true);
      else expect(place.category, record.kind).toBeNull();
    }
    expect(new Set(RECORDS.map((r) => placeOf(r).section))).toEqual(sections);
  });

  it("files notices and powers by their power category: 许可 (五), 处罚 and 强制 (六)", () => {
    expect(placeOf({ kind: "notice", category: "行政许可" })).toEqual({
      section: "statutory",
      category: "licensing_services",
      retention: "notice_period",
    });
    expect(placeOf({ kind: "notice", category: "行政处罚" }).category).toBe("penalties_coercion");
    expect(placeOf({ kind: "notice", category: "行政强制" }).category).toBe("penalties_coercion");
    expect(placeOf({ kind: "power", category: "行政处罚" })).toEqual({
      section: "statutory",
      category: "penalties_coercion",
      retention: "while_current",
    });
    expect(placeOf({ kind: "power", category: "行政给付" }).category).toBe("licensing_services");
  });

  it("files documents as 规范性文件 (一), as the body's 公开制度, or under the category chosen", () => {
    expect(placeOf({ kind: "document", normative: true })).toEqual({
      section: "statutory",
      category: "regulations",
      retention: "permanent",
    });
    expect(placeOf({ kind: "document", normative: true, disclosureRule: true }).section).toBe("rules");
    expect(placeOf({ kind: "document", normative: false, category: "plans" }).category).toBe("plans");
    expect(placeOf({ kind: "document", normative: false }).category).toBe("other");
    expect(placeOf({ kind: "interpretation", document: { normative: false, category: "plans" } }).category).toBe(
      "plans",
    );
  });

  it("files the body under (二), the annual report and request statistics under 年报", () => {
    expect(placeOf({ kind: "body" }).category).toBe("organisation");
    expect(placeOf({ kind: "annual_report" }).section).toBe("annual_reports");
    expect(placeOf({ kind: "request_statistics" }).section).toBe("annual_reports");
    expect(placeOf({ kind: "guide" }).section).toBe("guide");
  });
});
