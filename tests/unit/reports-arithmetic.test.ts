import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorMessageOf, problemMessageOf } from "../../shared/messages.js";
import {
  REMEDY_OUTCOMES,
  REMEDY_TRACKS,
  REQUEST_COLUMN_KEYS,
  REQUEST_TABLE_TITLE,
  REMEDY_TABLE_TITLE,
  ReportRefusalError,
  applyOverrides,
  checkDisclosureTables,
  countDisclosureTables,
  disclosureProblems,
  type DisclosureInput,
  type DisclosureTables,
  type RemedyRecord,
  type RequestRecord,
} from "../../shared/reports.js";
import { ANSWER_TYPE_CODES, APPLICANT_KINDS } from "../../shared/requests.js";

const input: DisclosureInput = {
  documents: [],
  decisions: [],
  fees: [{ on: "2025-05-01", amountYuan: 5000 }],
  requests: [
    {
      applicantKind: "natural_person",
      receivedOn: "2024-12-20",
      closed: { answerType: "disclosed", on: "2025-01-06" },
    },
    {
      applicantKind: "natural_person",
      receivedOn: "2025-03-01",
      closed: { answerType: "refused_state_secret", on: "2025-03-20" },
    },
    { applicantKind: "business", receivedOn: "2025-12-30" },
    {
      applicantKind: "research",
      receivedOn: "2025-06-01",
      closed: { answerType: "other_fee_unpaid", on: "2025-08-01" },
    },
  ],
  remedies: [{ track: "review", filedOn: "2025-04-01", concluded: { outcome: "upheld", on: "2025-07-01" } }],
};

const counted = (): DisclosureTables => countDisclosureTables(input, 2025);

function refusalOf(run: () => unknown): ReportRefusalError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ReportRefusalError);
    return err as ReportRefusalError;
  }
  throw new Error("expected a refusal");
}

const brief = (tables: DisclosureTables) =>
  disclosureProblems(tables).map((p) => [p.table, p.row, p.column, p.rule, p.expected, p.actual]);

describe("the arithmetic of a counted report", () => {
  it("adds up", () => {
    const tables = counted();
    expect(tables.requests["一"].total).toBe(3);
    expect(tables.requests["二"].total).toBe(1);
    expect(tables.requests["三(七)"].total).toBe(3);
    expect(tables.requests["四"].total).toBe(1);
    expect(disclosureProblems(tables)).toEqual([]);
    expect(() => checkDisclosureTables(tables)).not.toThrow();
  });
});

describe("a corrected table that does not add up", () => {
  it("names a row whose 总计 is not the sum of its columns (and the balance it breaks)", () => {
    const tables = counted();
    tables.requests["一"].total = 4;
    expect(brief(tables)).toEqual([
      ["requests", "一", "total", "row_total", 3, 4],
      ["requests", "四", "total", "balance", 2, 1],
    ]);
    expect(disclosureProblems(tables)[0]).toMatchObject({
      tableTitle: "三、收到和处理政府信息公开申请情况",
      rowLabel: "一、本年新收政府信息公开申请数量",
      columnLabel: "总计",
      explanation: "总计等于自然人与法人或其他组织各列之和",
    });
  });

  it("names a column whose （七）总计 is not the sum of （一）–（六）", () => {
    const tables = counted();
    tables.requests["三(三)8"].business = 1;
    tables.requests["三(三)8"].total = 1;
    expect(brief(tables)).toEqual([
      ["requests", "三(七)", "business", "column_total", 1, 0],
      ["requests", "三(七)", "total", "column_total", 4, 3],
    ]);
    expect(disclosureProblems(tables)[0]).toMatchObject({
      rowLabel: "（七）总计",
      columnLabel: "法人或其他组织：商业企业",
      explanation: "（七）总计等于（一）至（六）各项之和",
    });
  });

  it("names a column where 一 + 二 is not 三（七） + 四", () => {
    const tables = counted();
    tables.requests["四"].natural_person = 1;
    tables.requests["四"].total = 2;
    expect(brief(tables)).toEqual([
      ["requests", "四", "natural_person", "balance", 0, 1],
      ["requests", "四", "total", "balance", 1, 2],
    ]);
    expect(disclosureProblems(tables)[0]).toMatchObject({
      rowLabel: "四、结转下年度继续办理",
      columnLabel: "自然人",
      explanation: "第一项加第二项之和，等于第三项加第四项之和",
    });
  });

  it("names a track of table 四 whose 总计 is not the sum of its results", () => {
    const tables = counted();
    tables.remedies.direct_suit.pending = 2;
    expect(brief(tables)).toEqual([["remedies", "direct_suit", "total", "row_total", 2, 0]]);
    expect(disclosureProblems(tables)[0]).toMatchObject({
      tableTitle: REMEDY_TABLE_TITLE,
      rowLabel: "行政诉讼：未经复议直接起诉",
      columnLabel: "总计",
    });
  });

  it("refuses with 409 REPORT_ARITHMETIC naming the first cell, every problem in its data", () => {
    const tables = counted();
    tables.requests["三(一)"].natural_person = 2;
    const e = refusalOf(() => checkDisclosureTables(tables));
    expect(e).toMatchObject({ type: "REPORT_ARITHMETIC", status: 409, field: undefined });
    expect(e.values).toMatchObject({
      table: REQUEST_TABLE_TITLE,
      row: "（一）予以公开",
      column: "总计",
      expected: 2,
      actual: 1,
      count: 2,
    });
    expect(e.values.problems).toHaveLength(2);
    expect(errorMessageOf(e.type, e.values)).toBe(
      "三、收到和处理政府信息公开申请情况：“（一）予以公开”行“总计”列应为 2，实为 1（共 2 处不符，请核对后再发布）。",
    );
  });
});

describe("values that are no count", () => {
  it("refuses a negative, a fraction or a missing cell with 422 REPORT_CELL_INVALID naming it", () => {
    const tables = counted();
    tables.requests["二"].research = -1;
    tables.requests["三(五)2"].legal_services = 1.5;
    delete (tables.remedies.review as Partial<Record<string, number>>).other;
    const problems = disclosureProblems(tables);
    expect(problems.map((p) => [p.table, p.row, p.column, p.rule, p.actual])).toEqual([
      ["requests", "二", "research", "count", -1],
      ["requests", "三(五)2", "legal_services", "count", 1.5],
      ["remedies", "review", "other", "count", null],
    ]);
    const e = refusalOf(() => checkDisclosureTables(tables));
    expect(e).toMatchObject({ type: "REPORT_CELL_INVALID", status: 422, field: "requests.二.research" });
    expect(problemMessageOf({ type: e.type, ...e.values })).toBe(
      "三、收到和处理政府信息公开申请情况：“二、上年结转政府信息公开申请数量”行“法人或其他组织：科研机构”列须为不小于 0 的整数，实为 -1。",
    );
  });

  it("takes a fraction of 万元 as an amount, not a count", () => {
    const tables = counted();
    tables.active.fees.amountWan = 0.35;
    expect(disclosureProblems(tables)).toEqual([]);
    tables.active.fees.amountWan = -0.1;
    tables.active.rule.issued = 0.5;
    expect(disclosureProblems(tables).map((p) => [p.row, p.column, p.rule, p.rowLabel, p.columnLabel])).toEqual([
      ["rule", "issued", "count", "规章", "本年制发件数"],
      ["fees", "amountWan", "amount", "行政事业性收费", "本年收费金额（单位：万元）"],
    ]);
  });
});

describe("an officer's corrections", () => {
  it("applies them beside the counted values, leaving the counted tables alone", () => {
    const tables = counted();
    const { tables: corrected, applied } = applyOverrides(tables, [
      { table: "requests", row: "三(三)1", column: "natural_person", value: 0 },
      { table: "requests", row: "三(三)1", column: "total", value: 0 },
      { table: "requests", row: "三(一)", column: "natural_person", value: 2 },
      { table: "requests", row: "三(一)", column: "total", value: 2 },
      { table: "active", row: "fees", column: "amountWan", value: 0.6 },
    ]);
    expect(disclosureProblems(corrected)).toEqual([]);
    expect(applied.map((a) => [a.row, a.column, a.computed, a.value, a.rowLabel])).toEqual([
      ["三(三)1", "natural_person", 1, 0, "（三）不予公开 1.属于国家秘密"],
      ["三(三)1", "total", 1, 0, "（三）不予公开 1.属于国家秘密"],
      ["三(一)", "natural_person", 1, 2, "（一）予以公开"],
      ["三(一)", "total", 1, 2, "（一）予以公开"],
      ["fees", "amountWan", 0.5, 0.6, "行政事业性收费"],
    ]);
    expect(tables.requests["三(一)"].natural_person).toBe(1);
  });

  it("leaves the sums to the officer: a correction of one cell alone is refused at the check", () => {
    const { tables } = applyOverrides(counted(), [{ table: "requests", row: "一", column: "business", value: 3 }]);
    expect(refusalOf(() => checkDisclosureTables(tables)).type).toBe("REPORT_ARITHMETIC");
  });

  it("refuses a cell the tables lack, one corrected twice, and a value that is no count", () => {
    const cases: [Parameters<typeof applyOverrides>[1], string, string][] = [
      [[{ table: "requests", row: "三(三)9", column: "business", value: 1 }], "REPORT_CELL_UNKNOWN", "overrides[0]"],
      [[{ table: "active", row: "fees", column: "issued", value: 1 }], "REPORT_CELL_UNKNOWN", "overrides[0]"],
      [
        [{ table: "nothing" as "active", row: "fees", column: "amountWan", value: 1 }],
        "REPORT_CELL_UNKNOWN",
        "overrides[0]",
      ],
      [
        [
          { table: "remedies", row: "review", column: "upheld", value: 1 },
          { table: "remedies", row: "review", column: "upheld", value: 2 },
        ],
        "REPORT_CELL_REPEATED",
        "overrides[1]",
      ],
      [
        [{ table: "remedies", row: "review", column: "upheld", value: 1.5 }],
        "REPORT_CELL_INVALID",
        "overrides[0].value",
      ],
      [[{ table: "active", row: "fees", column: "amountWan", value: -1 }], "REPORT_CELL_INVALID", "overrides[0].value"],
    ];
    for (const [overrides, type, field] of cases) {
      const e = refusalOf(() => applyOverrides(counted(), overrides));
      expect([e.type, e.status, e.field]).toEqual([type, 422, field]);
      expect(problemMessageOf({ type: e.type, ...e.values })).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe("counts from any records", () => {
  const day = fc
    .integer({ min: 0, max: 4 * 365 })
    .map((n) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const span = fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined });
  const after = (d: string, n: number) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);

  const requestRecord: fc.Arbitrary<RequestRecord> = fc
    .record({
      kind: fc.constantFrom(...APPLICANT_KINDS),
      received: day,
      lasts: span,
      answer: fc.constantFrom(...ANSWER_TYPE_CODES),
    })
    .map(({ kind, received, lasts, answer }) => ({
      applicantKind: kind,
      receivedOn: received,
      closed: lasts === undefined ? null : { answerType: answer, on: after(received, lasts) },
    }));
  const remedyRecord: fc.Arbitrary<RemedyRecord> = fc
    .record({
      track: fc.constantFrom(...REMEDY_TRACKS),
      filed: day,
      lasts: span,
      outcome: fc.constantFrom(...REMEDY_OUTCOMES),
    })
    .map(({ track, filed, lasts, outcome }) => ({
      track,
      filedOn: filed,
      concluded: lasts === undefined ? null : { outcome, on: after(filed, lasts) },
    }));

  it("always add up, and 四 of one year is 二 of the next", () => {
    fc.assert(
      fc.property(
        fc.array(requestRecord, { maxLength: 60 }),
        fc.array(remedyRecord, { maxLength: 20 }),
        fc.integer({ min: 2022, max: 2027 }),
        (requests, remedies, year) => {
          const records = { documents: [], decisions: [], fees: [], requests, remedies };
          const tables = countDisclosureTables(records, year);
          expect(disclosureProblems(tables)).toEqual([]);
          const next = countDisclosureTables(records, year + 1);
          for (const c of REQUEST_COLUMN_KEYS) expect(next.requests["二"][c]).toBe(tables.requests["四"][c]);
        },
      ),
    );
  });
});
