import { describe, expect, it } from "vitest";
import {
  REQUEST_COLUMN_KEYS,
  REQUEST_ROWS,
  REQUEST_ROW_KEYS,
  ReportRefusalError,
  carryOverMismatches,
  countRequests,
  requestGroupTotals,
  requestRecordOf,
  type RequestRecord,
  type RequestTable,
} from "../../shared/reports.js";
import { ANSWER_TYPES, type AnswerTypeCode, type ApplicantKind, type RequestEvent } from "../../shared/requests.js";

const request = (
  applicantKind: ApplicantKind,
  receivedOn: string | Date,
  closed?: [AnswerTypeCode, string | Date],
): RequestRecord => ({
  applicantKind,
  receivedOn,
  closed: closed ? { answerType: closed[0], on: closed[1] } : null,
});

/** The non-zero cells of a table, as "row/column": n. */
function nonZero(table: RequestTable): Record<string, number> {
  const cells: Record<string, number> = {};
  for (const row of REQUEST_ROW_KEYS) {
    for (const column of REQUEST_COLUMN_KEYS) {
      const n = table[row]?.[column] ?? 0;
      if (n !== 0) cells[`${row}/${column}`] = n;
    }
  }
  return cells;
}

describe("table 三's rows and columns", () => {
  it("has the form's 25 rows: 一, 二, one per answer type, （七）总计, 四", () => {
    expect(REQUEST_ROW_KEYS).toEqual(["一", "二", ...ANSWER_TYPES.map((t) => t.row), "三(七)", "四"]);
    expect(REQUEST_ROWS).toHaveLength(25);
  });

  it("has the applicant kinds as columns, then 总计", () => {
    expect(REQUEST_COLUMN_KEYS).toEqual([
      "natural_person",
      "business",
      "research",
      "public_interest",
      "legal_services",
      "other_organisation",
      "total",
    ]);
  });
});

describe("counting requests for a year", () => {
  it("counts a request received 2025-12-30 and answered 2026-01-05 as 一 and 四 in 2025, 二 and 三 in 2026", () => {
    const records = [request("natural_person", "2025-12-30", ["disclosed", "2026-01-05"])];
    expect(nonZero(countRequests(records, 2025))).toEqual({
      "一/natural_person": 1,
      "一/total": 1,
      "四/natural_person": 1,
      "四/total": 1,
    });
    expect(nonZero(countRequests(records, 2026))).toEqual({
      "二/natural_person": 1,
      "二/total": 1,
      "三(一)/natural_person": 1,
      "三(一)/total": 1,
      "三(七)/natural_person": 1,
      "三(七)/total": 1,
    });
    expect(nonZero(countRequests(records, 2024))).toEqual({});
    expect(nonZero(countRequests(records, 2027))).toEqual({});
  });

  it("takes 1 January and 31 December as days of the year", () => {
    const records = [request("business", "2025-01-01", ["partly_disclosed", "2025-12-31"])];
    expect(nonZero(countRequests(records, 2025))).toEqual({
      "一/business": 1,
      "一/total": 1,
      "三(二)/business": 1,
      "三(二)/total": 1,
      "三(七)/business": 1,
      "三(七)/total": 1,
    });
    expect(nonZero(countRequests(records, 2024))).toEqual({});
    expect(nonZero(countRequests(records, 2026))).toEqual({});
  });

  it("counts a request answered on the day of receipt as new and handled, not carried", () => {
    const t = countRequests([request("research", "2025-06-02", ["unable_not_held", "2025-06-02"])], 2025);
    expect(t["一"].research).toBe(1);
    expect(t["三(四)1"].research).toBe(1);
    expect(t["二"].research + t["四"].research).toBe(0);
  });

  it("reads instants as China days: 00:30 on 1 January in Beijing is the new year", () => {
    const records = [
      request("legal_services", new Date("2025-12-31T16:30:00Z"), ["disclosed", new Date("2026-12-31T15:59:00Z")]),
    ];
    expect(countRequests(records, 2025)["一"].legal_services).toBe(0);
    const t = countRequests(records, 2026);
    expect(t["一"].legal_services).toBe(1);
    expect(t["三(一)"].legal_services).toBe(1);
    expect(t["四"].legal_services).toBe(0);
  });

  it("carries an open request over from year to year until it ends", () => {
    const records = [request("public_interest", "2024-06-01", ["refused_state_secret", "2026-03-01"])];
    expect(countRequests(records, 2024)["一"].public_interest).toBe(1);
    expect(countRequests(records, 2024)["四"].public_interest).toBe(1);
    for (const year of [2025, 2026]) expect(countRequests(records, year)["二"].public_interest).toBe(1);
    expect(countRequests(records, 2025)["四"].public_interest).toBe(1);
    expect(countRequests(records, 2026)["四"].public_interest).toBe(0);
    expect(countRequests(records, 2026)["三(三)1"].public_interest).toBe(1);
    expect(countRequests([request("public_interest", "2024-06-01")], 2030)["二"].public_interest).toBe(1);
  });

  it("counts each answer type in its own row and every one in （七）总计", () => {
    const records = ANSWER_TYPES.map((t, i) =>
      request(i % 2 ? "natural_person" : "other_organisation", "2025-03-01", [t.code, "2025-04-01"]),
    );
    const table = countRequests(records, 2025);
    for (const t of ANSWER_TYPES) expect(table[t.row].total, t.row).toBe(1);
    expect(table["三(七)"]).toEqual({
      natural_person: 10,
      business: 0,
      research: 0,
      public_interest: 0,
      legal_services: 0,
      other_organisation: 11,
      total: 21,
    });
    expect(requestGroupTotals(table).refused.total).toBe(8);
    expect(requestGroupTotals(table).other.total).toBe(3);
  });

  it("refuses records that end before their receipt, and a year outside 2000–2100", () => {
    expect(() => countRequests([request("business", "2025-03-02", ["disclosed", "2025-03-01"])], 2025)).toThrow(
      RangeError,
    );
    expect(() => countRequests([request("business", "2025-02-30")], 2025)).toThrow(RangeError);
    try {
      countRequests([], 1999);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ReportRefusalError);
      expect(err).toMatchObject({ type: "YEAR_OUT_OF_RANGE", status: 422, field: "year" });
    }
  });
});

describe("a request's record from its history", () => {
  it("takes the first receipt as 收到日 and the answer as its end", () => {
    const events: RequestEvent[] = [
      { kind: "submitted", on: "2025-12-28" },
      { kind: "received", on: "2025-12-30" },
      { kind: "correction_requested", on: "2026-01-02", dueOn: "2026-01-20" },
      { kind: "correction_received", on: "2026-01-04" },
      { kind: "answered", on: "2026-01-05", answerType: "disclosed" },
      { kind: "archived", on: "2026-01-06" },
    ];
    expect(requestRecordOf("natural_person", events)).toEqual({
      applicantKind: "natural_person",
      receivedOn: "2025-12-30",
      closed: { answerType: "disclosed", on: "2026-01-05" },
    });
  });

  it("counts a lapse in its row of （六）其他处理", () => {
    const lapsed = (reason: "correction_overdue" | "fee_unpaid") =>
      requestRecordOf("business", [
        { kind: "received", on: "2025-05-01" },
        { kind: "lapsed", on: "2025-06-01", reason },
      ]) as RequestRecord;
    const table = countRequests([lapsed("correction_overdue"), lapsed("fee_unpaid")], 2025);
    expect(table["三(六)1"].business).toBe(1);
    expect(table["三(六)2"].business).toBe(1);
  });

  it("has no record before receipt, and an open one without an end", () => {
    expect(requestRecordOf("research", [{ kind: "submitted", on: "2025-05-01" }])).toBeNull();
    expect(requestRecordOf("research", [{ kind: "received", on: "2025-05-01" }])).toEqual({
      applicantKind: "research",
      receivedOn: "2025-05-01",
      closed: null,
    });
  });
});

describe("carried over from last year's report", () => {
  it("finds 四 of one year in 二 of the next, and names a column where it is not", () => {
    const records = [
      request("natural_person", "2025-12-30", ["disclosed", "2026-01-05"]),
      request("business", "2025-11-01"),
      request("business", "2025-02-01", ["disclosed", "2025-02-03"]),
    ];
    const y25 = countRequests(records, 2025);
    const y26 = countRequests(records, 2026);
    expect(carryOverMismatches(y25, y26)).toEqual([]);
    y26["二"].business = 0;
    y26["二"].total = 1;
    expect(carryOverMismatches(y25, y26)).toEqual([
      { column: "business", columnLabel: "法人或其他组织：商业企业", previousCarriedOut: 1, carriedIn: 0 },
      { column: "total", columnLabel: "总计", previousCarriedOut: 2, carriedIn: 1 },
    ]);
  });
});
