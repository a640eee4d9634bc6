import { describe, expect, it } from "vitest";
import {
  countActiveTable,
  countDocuments,
  countRemedies,
  feesInYear,
  type DecisionRecord,
  type DocumentRecord,
  type RemedyRecord,
} from "../../shared/reports.js";

const doc = (
  kind: DocumentRecord["kind"],
  publishedOn: string,
  validUntil: string,
  events: DocumentRecord["events"] = [],
): DocumentRecord => ({ kind, dates: { publishedOn, effectiveFrom: publishedOn, validUntil }, events });

describe("table 二: 规章 and 行政规范性文件", () => {
  it("counts a document made in the year as made and in force on 31 December", () => {
    const docs = [doc("normative", "2025-03-01", "2030-02-28")];
    expect(countDocuments(docs, "normative", 2025)).toEqual({ issued: 1, repealed: 0, inForce: 1 });
    expect(countDocuments(docs, "normative", 2026)).toEqual({ issued: 0, repealed: 0, inForce: 1 });
    expect(countDocuments(docs, "normative", 2024)).toEqual({ issued: 0, repealed: 0, inForce: 0 });
    expect(countDocuments(docs, "rule", 2025)).toEqual({ issued: 0, repealed: 0, inForce: 0 });
  });

  it("counts 废止 in the year of its date, after which the document is no longer in force", () => {
    const docs = [
      doc("rule", "2024-05-01", "2029-04-30", [{ kind: "repealed", on: "2026-01-01", reason: "上位法修改" }]),
    ];
    expect(countDocuments(docs, "rule", 2025)).toEqual({ issued: 0, repealed: 0, inForce: 1 });
    expect(countDocuments(docs, "rule", 2026)).toEqual({ issued: 0, repealed: 1, inForce: 0 });
  });

  it("does not count 失效 at the end of the 有效期 as 废止, and an amended document stays in force", () => {
    const docs = [
      doc("normative", "2023-07-01", "2025-06-30"),
      doc("normative", "2023-07-01", "2028-06-30", [{ kind: "amended", on: "2025-04-01", amendedBy: "d2" }]),
    ];
    expect(countDocuments(docs, "normative", 2025)).toEqual({ issued: 0, repealed: 0, inForce: 1 });
  });

  it("counts a document published on 31 December as made and in force that year", () => {
    const docs = [doc("normative", "2025-12-31", "2030-12-30")];
    expect(countDocuments(docs, "normative", 2025)).toEqual({ issued: 1, repealed: 0, inForce: 1 });
  });
});

describe("table 二: decisions and fees", () => {
  const decision = (
    kind: DecisionRecord["kind"],
    decidedOn: string | Date,
    licenceOutcome?: DecisionRecord["licenceOutcome"],
  ): DecisionRecord => ({ kind, decidedOn, ...(licenceOutcome ? { licenceOutcome } : {}) });

  it("counts decisions by their 决定日期, 不予许可 among the 行政许可, on China days", () => {
    const decisions = [
      decision("行政许可", "2024-12-31"),
      decision("行政许可", "2025-01-01"),
      decision("行政许可", "2025-12-31", "不予许可"),
      decision("行政处罚", new Date("2025-12-31T15:59:59Z")),
      decision("行政处罚", new Date("2025-12-31T16:00:00Z")),
      decision("行政强制", "2025-07-01"),
      decision("行政检查", "2025-07-01"),
    ];
    const t = countActiveTable({ documents: [], decisions, fees: [] }, 2025);
    expect([t.licensing, t.penalty, t.coercion]).toEqual([{ decisions: 2 }, { decisions: 1 }, { decisions: 1 }]);
    expect(countActiveTable({ documents: [], decisions, fees: [] }, 2026).penalty).toEqual({ decisions: 1 });
  });

  it("adds the year's fees in 分 and shows 万元 exactly", () => {
    const fees = [
      { on: "2025-02-01", amountYuan: 1234.56 },
      { on: "2025-12-31", amountYuan: 0.01 },
      { on: "2025-03-01", amountYuan: 0.1 },
      { on: "2025-03-01", amountYuan: 0.2 },
      { on: "2026-01-01", amountYuan: 99 },
    ];
    expect(feesInYear(fees, 2025)).toEqual({ fen: 123487, wan: 0.123487 });
    expect(countActiveTable({ documents: [], decisions: [], fees }, 2025).fees).toEqual({ amountWan: 0.123487 });
    expect(() => feesInYear([{ on: "2025-01-01", amountYuan: -1 }], 2025)).toThrow(RangeError);
  });
});

describe("table 四: 行政复议 and 行政诉讼", () => {
  const remedy = (
    track: RemedyRecord["track"],
    filedOn: string,
    concluded?: [NonNullable<RemedyRecord["concluded"]>["outcome"], string],
  ): RemedyRecord => ({ track, filedOn, concluded: concluded ? { outcome: concluded[0], on: concluded[1] } : null });

  const records = [
    remedy("review", "2025-03-01", ["upheld", "2025-06-01"]),
    remedy("direct_suit", "2025-11-01", ["corrected", "2026-02-01"]),
    remedy("suit_after_review", "2024-05-01", ["other", "2024-12-31"]),
    remedy("review", "2023-09-01"),
  ];

  it("counts the cases open in the year: under their result if concluded in it, else 尚未审结", () => {
    expect(countRemedies(records, 2025)).toEqual({
      review: { upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 },
      direct_suit: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 },
      suit_after_review: { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 },
    });
  });

  it("counts a case pending at the end of the year again the next year, under its result", () => {
    expect(countRemedies(records, 2026).direct_suit).toEqual({
      upheld: 0,
      corrected: 1,
      other: 0,
      pending: 0,
      total: 1,
    });
    expect(countRemedies(records, 2027).direct_suit.total).toBe(0);
    expect(countRemedies(records, 2024).suit_after_review).toEqual({
      upheld: 0,
      corrected: 0,
      other: 1,
      pending: 0,
      total: 1,
    });
  });

  it("refuses a case concluded before it was filed", () => {
    expect(() => countRemedies([remedy("review", "2025-03-02", ["upheld", "2025-03-01"])], 2025)).toThrow(RangeError);
  });
});
