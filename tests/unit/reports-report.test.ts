import { describe, expect, it } from "vitest";
import { errorMessageOf, problemMessageOf } from "../../shared/messages.js";
import {
  REPORT_REFUSAL_STATUS,
  ReportRefusalError,
  checkDisclosureReport,
  checkYearOver,
  countDisclosureTables,
  countInformationFees,
  disclosureReportSections,
  disclosureReportTables,
  disclosureReportTitle,
  informationFeeText,
  pastReportYear,
  reportDeadline,
  reportDueOn,
  reportWarningFrom,
  type DisclosureReport,
} from "../../shared/reports.js";

function refusalOf(run: () => unknown): ReportRefusalError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ReportRefusalError);
    return err as ReportRefusalError;
  }
  throw new Error("expected a refusal");
}

const report = (over: Partial<DisclosureReport> = {}): DisclosureReport => ({
  bodyName: "某市市场监督管理局",
  year: 2025,
  tables: countDisclosureTables({ documents: [], decisions: [], fees: [], requests: [], remedies: [] }, 2025),
  narrative: {
    overview: "2025年，本局认真贯彻《条例》。\n\n  主动公开政府信息 120 条。  ",
    problems: "公开内容的解读有待加强。",
    other: "",
  },
  informationFees: { notices: 0, noticedYuan: 0, collectedYuan: 0 },
  ...over,
});

describe("the report's sections", () => {
  it("come in the national order, the officer's text as paragraphs, the tables in between", () => {
    const sections = disclosureReportSections(report());
    expect(sections.map((s) => s.title)).toEqual([
      "一、总体情况",
      "二、主动公开政府信息情况",
      "三、收到和处理政府信息公开申请情况",
      "四、政府信息公开行政复议、行政诉讼情况",
      "五、存在的主要问题及改进情况",
      "六、其他需要报告的事项",
    ]);
    expect(sections.map((s) => s.table?.id)).toEqual([
      undefined,
      "active",
      "requests",
      "remedies",
      undefined,
      undefined,
    ]);
    expect(sections[0]!.paragraphs).toEqual(["2025年，本局认真贯彻《条例》。", "主动公开政府信息 120 条。"]);
    expect(sections[5]!.paragraphs).toEqual(["本年度未发出信息处理费收费通知，未收取信息处理费。"]);
    expect(disclosureReportTables(report()).map((t) => t.id)).toEqual(["active", "requests", "remedies"]);
    expect(disclosureReportTitle("某市市场监督管理局", 2025)).toBe("某市市场监督管理局2025年政府信息公开工作年度报告");
  });

  it("reports 信息处理费 in section 六 after the officer's text", () => {
    const fees = countInformationFees(
      [
        { notifiedOn: "2025-03-01", amountYuan: 100, paidOn: "2025-03-10" },
        { notifiedOn: "2025-12-20", amountYuan: 50.5, paidOn: "2026-01-05" },
        { notifiedOn: "2024-12-20", amountYuan: 30, paidOn: "2025-01-03" },
        { notifiedOn: "2025-06-01", amountYuan: 20 },
      ],
      2025,
    );
    expect(fees).toEqual({ notices: 3, noticedYuan: 170.5, collectedYuan: 130 });
    const sections = disclosureReportSections(
      report({ informationFees: fees, narrative: { ...report().narrative, other: "无。" } }),
    );
    expect(sections[5]!.paragraphs).toEqual([
      "无。",
      "本年度发出信息处理费收费通知3件，总金额170.50元；实际收取信息处理费总金额130.00元。",
    ]);
    expect(informationFeeText({ notices: 0, noticedYuan: 0, collectedYuan: 30 })).toBe(
      "本年度发出信息处理费收费通知0件，总金额0.00元；实际收取信息处理费总金额30.00元。",
    );
  });
});

describe("publishing the report", () => {
  it("waits for the year to end (China day)", () => {
    const e = refusalOf(() => checkDisclosureReport(report(), "2025-12-31"));
    expect(e).toMatchObject({ type: "REPORT_YEAR_NOT_OVER", status: 409, values: { year: 2025, date: "2026-01-01" } });
    expect(errorMessageOf(e.type, e.values)).toBe("2025 年尚未结束，年度报告自 2026-01-01 起才能发布。");
    expect(() => checkYearOver(2025, new Date("2025-12-31T15:59:00Z"))).toThrow(ReportRefusalError);
    expect(() => checkYearOver(2025, new Date("2025-12-31T16:00:00Z"))).not.toThrow();
    expect(() => checkDisclosureReport(report(), "2026-01-01")).not.toThrow();
  });

  it("needs 总体情况 and 存在的主要问题及改进情况 written", () => {
    for (const [key, section] of [
      ["overview", "一、总体情况"],
      ["problems", "五、存在的主要问题及改进情况"],
    ] as const) {
      const narrative = { ...report().narrative, [key]: " \n " };
      const e = refusalOf(() => checkDisclosureReport(report({ narrative }), "2026-01-10"));
      expect(e).toMatchObject({ type: "REPORT_SECTION_REQUIRED", status: 422, field: `narrative.${key}` });
      expect(problemMessageOf({ type: e.type, ...e.values })).toBe(`请填写年度报告的“${section}”部分。`);
    }
  });

  it("checks the tables' arithmetic", () => {
    const r = report();
    r.tables.remedies.review.upheld = 1;
    expect(refusalOf(() => checkDisclosureReport(r, "2026-01-10")).type).toBe("REPORT_ARITHMETIC");
  });
});

describe("deadlines", () => {
  it("are 31 January of the next year, warned from 15 January", () => {
    expect(reportDueOn(2025)).toBe("2026-01-31");
    expect(reportWarningFrom(2025)).toBe("2026-01-15");
    expect(pastReportYear("2026-01-10")).toBe(2025);
    expect(pastReportYear(new Date("2025-12-31T16:30:00Z"))).toBe(2025);
  });

  it("move from year_not_over to open, due_soon and overdue while unpublished", () => {
    const at = (today: string | Date) => {
      const d = reportDeadline(2025, today);
      return [d.status, d.warn, d.overdue, d.daysLeft, d.daysLate];
    };
    expect(at("2025-12-31")).toEqual(["year_not_over", false, false, 31, null]);
    expect(at("2026-01-01")).toEqual(["open", false, false, 30, null]);
    expect(at("2026-01-14")).toEqual(["open", false, false, 17, null]);
    expect(at("2026-01-15")).toEqual(["due_soon", true, false, 16, null]);
    expect(at("2026-01-31")).toEqual(["due_soon", true, false, 0, null]);
    expect(at("2026-02-01")).toEqual(["overdue", true, true, null, 1]);
    expect(at(new Date("2026-01-31T16:30:00Z"))).toEqual(["overdue", true, true, null, 1]);
    expect(at("2027-01-31")).toEqual(["overdue", true, true, null, 365]);
  });

  it("end with publication: on time by 31 January, late after", () => {
    expect(reportDeadline(2025, "2026-03-01", "2026-01-31")).toMatchObject({
      status: "published",
      warn: false,
      overdue: false,
      daysLate: null,
    });
    expect(reportDeadline(2025, "2026-03-01", "2026-02-03")).toMatchObject({
      status: "published_late",
      warn: false,
      overdue: false,
      daysLate: 3,
    });
    expect(reportDeadline(2024, "2026-01-20")).toMatchObject({ status: "overdue", dueOn: "2025-01-31" });
  });
});

describe("refusal types", () => {
  it("each have a Chinese message", () => {
    for (const type of Object.keys(REPORT_REFUSAL_STATUS)) {
      expect(errorMessageOf(type) ?? problemMessageOf({ type }), type).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
