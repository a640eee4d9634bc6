/**
 * The report tables as HTML (web/html/report-table.ts) and the portal's overdue notes
 * (web/portal/reports.ts): the form's merged cells as spans, numbers as printed, and last year's
 * reports overdue only after 31 January.
 */
import { describe, expect, it } from "vitest";
import {
  countEnforcement,
  emptyRemedyTable,
  emptyRequestTable,
  enforcementTableViews,
  remedyTableView,
  requestTableView,
} from "../../shared/reports.js";
import { reportTableHtml } from "../../web/html/report-table.js";
import { overdueReports } from "../../web/portal/reports.js";

const squash = (s: string) => s.replace(/\s+/g, " ");

describe("reportTableHtml", () => {
  it("spans 法人或其他组织 over its five columns and 三、本年度办理结果 over its rows", () => {
    const sut = squash(reportTableHtml(requestTableView(emptyRequestTable())).toString());
    expect(sut).toMatch(/<th scope="col" colspan="5"\s*>\s*法人或其他组织/);
    expect(sut).toMatch(/<th scope="row" rowspan="\d{2}"\s*>\s*三、本年度办理结果/);
    expect(sut).toMatch(/<th scope="row" colspan="3"\s*>\s*一、本年新收政府信息公开申请数量/);
    expect(sut).toContain('role="region"');
  });

  it("heads table 四 with its three levels and writes 无相关行政执法职责 in words", () => {
    const remedies = squash(reportTableHtml(remedyTableView(emptyRemedyTable())).toString());
    expect(remedies).toMatch(/<th scope="col" colspan="10"\s*>\s*行政诉讼/);
    const data = countEnforcement({ powerCategories: [], decisions: [], licenceApplications: [] }, 2025);
    const licensing = reportTableHtml(enforcementTableViews(data)[0]!).toString();
    expect(licensing.match(/无相关行政执法职责/g)).toHaveLength(5);
  });
});

describe("overdueReports", () => {
  it("says nothing before 1 February, then names each unpublished report of last year", () => {
    expect(overdueReports([], new Date("2026-01-31T15:00:00Z"))).toEqual([]);
    expect(overdueReports([], new Date("2026-02-01T01:00:00Z"))).toEqual([
      { kind: "gov-info", year: 2025, daysLate: 1 },
      { kind: "enforcement", year: 2025, daysLate: 1 },
    ]);
    expect(overdueReports([{ kind: "gov-info", year: 2025 }], new Date("2026-03-01T01:00:00Z"))).toEqual([
      { kind: "enforcement", year: 2025, daysLate: 29 },
    ]);
  });
});
