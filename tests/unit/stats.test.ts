/**
 * The public statistics' pure rules (shared/reports/stats.ts): months on China's calendar at the
 * year's and the month's edges, the period asked and its refusals, medians of working days from
 * histograms, the share published on time, penalties under the annual report's most severe
 * category, and each chart's table and CSV in Chinese words.
 */
import { describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../shared/calendar.js";
import {
  addMonths,
  chinaMonth,
  countPenalties,
  medianOf,
  monthLabel,
  monthOf,
  onTimeShare,
  publicStats,
  ReportRefusalError,
  statsPeriod,
  statsTables,
  tableCsv,
  type DecisionAggregates,
  type ResponseAggregates,
  type StatsInput,
} from "../../shared/reports.js";
import { barChart, NARROW } from "../../web/portal/charts.js";
import { statsCharts, statsPage } from "../../web/portal/stats.js";

describe("months on China's calendar", () => {
  it("puts an instant in the China month it falls in, across the year's and a month's edge", () => {
    // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Beijing: the new year.
    expect(monthOf(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01");
    expect(monthOf(new Date("2026-12-31T15:59:59Z"))).toBe("2026-12");
    expect(monthOf(new Date("2026-02-28T16:00:00Z"))).toBe("2026-03");
    expect(monthOf("2026-02-28")).toBe("2026-02");
    expect(chinaMonth(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01");
  });

  it("counts months over the year's end and names them", () => {
    expect(addMonths("2026-11", 2)).toBe("2027-01");
    expect(addMonths("2027-01", -1)).toBe("2026-12");
    expect(addMonths("2026-12", -11)).toBe("2026-01");
    expect(monthLabel("2027-01")).toBe("2027年1月");
  });
});

describe("the period asked", () => {
  it("is by default the twelve months up to the current China month", () => {
    const sut = statsPeriod({}, "2027-01-01");
    expect(sut).toMatchObject({ from: "2026-02", to: "2027-01", first: "2026-02-01", until: "2027-02-01" });
    expect(sut.months).toHaveLength(12);
    expect(sut.months.slice(-2)).toEqual(["2026-12", "2027-01"]);
  });

  it("takes from and to, both included; to alone counts back twelve months, from alone runs to now", () => {
    expect(statsPeriod({ from: "2025-11", to: "2026-02" }, "2026-12-06").months).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
    ]);
    expect(statsPeriod({ to: "2025-06" }, "2026-12-06")).toMatchObject({ from: "2024-07", to: "2025-06" });
    expect(statsPeriod({ from: "2026-10" }, "2026-12-06")).toMatchObject({ from: "2026-10", to: "2026-12" });
    expect(statsPeriod({ from: "2026-12", to: "2026-12" }, "2026-12-06").until).toBe("2027-01-01");
  });

  it("refuses a malformed month, from after to, and more than 60 months (422, naming the field)", () => {
    const refusal = (p: { from?: string; to?: string }) => {
      try {
        statsPeriod(p, "2026-12-06");
      } catch (err) {
        if (err instanceof ReportRefusalError) return { type: err.type, field: err.field, status: err.status };
        throw err;
      }
      return null;
    };
    for (const bad of ["2026-13", "2026-1", "26-01", "2026-00", "1999-12", "2101-01", "2026-01-01", "abc"]) {
      expect(refusal({ from: bad, to: "2026-12" }), bad).toEqual({
        type: "STATS_MONTH_INVALID",
        field: "from",
        status: 422,
      });
    }
    expect(refusal({ to: "2026/12" })).toMatchObject({ type: "STATS_MONTH_INVALID", field: "to" });
    expect(refusal({ from: "2026-05", to: "2026-04" })).toMatchObject({ type: "STATS_PERIOD_REVERSED" });
    expect(refusal({ from: "2021-12", to: "2026-12" })).toMatchObject({ type: "STATS_PERIOD_TOO_LONG" });
    expect(refusal({ from: "2022-01", to: "2026-12" })).toBeNull();
  });
});

describe("median working days", () => {
  it("takes the middle value of an odd count and the mean of the two middle values of an even count", () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([{ value: 4, count: 0 }])).toBeNull();
    expect(medianOf([{ value: 7, count: 1 }])).toBe(7);
    expect(
      medianOf([
        { value: 9, count: 1 },
        { value: 1, count: 1 },
        { value: 5, count: 1 },
      ]),
    ).toBe(5);
    expect(
      medianOf([
        { value: 2, count: 1 },
        { value: 3, count: 1 },
      ]),
    ).toBe(2.5);
    // 1, 1, 1, 10: the middle two are 1 and 1.
    expect(
      medianOf([
        { value: 10, count: 1 },
        { value: 1, count: 3 },
      ]),
    ).toBe(1);
    // 2, 2, 6, 6: (2 + 6) / 2.
    expect(
      medianOf([
        { value: 6, count: 2 },
        { value: 2, count: 2 },
      ]),
    ).toBe(4);
  });

  it("counts working days on the official calendar: National Day's week is not counted", () => {
    const calendar = WorkingCalendar.official();
    // Received on 2025-09-30, answered 2025-10-09: 1–8 October are 国庆 and 中秋 holidays, so one working day;
    // from Friday 26 September, Sunday the 28th is a make-up working day (调休): 28, 29, 30, 9, 10.
    const days = [
      calendar.workingDaysBetween("2025-09-30", "2025-10-09").days,
      calendar.workingDaysBetween("2025-09-01", "2025-09-05").days,
      calendar.workingDaysBetween("2025-09-26", "2025-10-10").days,
    ];
    expect(days).toEqual([1, 4, 5]);
    expect(medianOf(days.map((value) => ({ value, count: 1 })))).toBe(4);
  });
});

describe("the share published on time", () => {
  it("is on time among those whose deadline is over, none when none is", () => {
    expect(onTimeShare({ onTime: 0, late: 0, overdue: 0 })).toBeNull();
    expect(onTimeShare({ onTime: 3, late: 1, overdue: 0 })).toBe(0.75);
    expect(onTimeShare({ onTime: 2, late: 0, overdue: 1 })).toBe(0.6667);
    expect(onTimeShare({ onTime: 5, late: 0, overdue: 0 })).toBe(1);
  });
});

const NONE: ResponseAggregates = { minimum: 1, received: [], answered: [] };

function input(decisions: Partial<DecisionAggregates>, extra: Partial<StatsInput> = {}): StatsInput {
  return {
    scope: { kind: "body", bodyId: "b1", bodyName: "某市市场监督管理局", region: "浙江省", bodies: 1 },
    period: statsPeriod({ from: "2025-12", to: "2026-02" }, "2026-12-06"),
    decisions: { byMonthKind: [], penalties: [], timeliness: [], topPowers: [], ...decisions },
    feedback: NONE,
    requests: NONE,
    powers: new Map(),
    ...extra,
  };
}

describe("the public view", () => {
  it("counts each penalty once under its most severe category, as the annual report does", () => {
    const sets = [
      { categories: ["警告", "罚款"], count: 2 },
      { categories: ["罚款", "没收违法所得"], count: 1 },
      { categories: ["罚款"], count: 3 },
      { categories: [], count: 1 },
    ] as const;
    const sut = publicStats(
      input({
        penalties: sets.map((s) => ({
          month: "2026-01",
          categories: [...s.categories],
          count: s.count,
          fined: s.count,
          fineFen: 0,
        })),
      }),
    );
    const report = countPenalties(
      sets.flatMap((s) =>
        Array.from({ length: s.count }, () => ({
          kind: "行政处罚" as const,
          decidedOn: "2026-01-10",
          penalty: { categories: [...s.categories] },
        })),
      ),
      2026,
    );
    for (const c of sut.penalties.categories) expect(c.count, c.category).toBe(report.byCategory[c.category].count);
    expect(sut.penalties.total).toBe(7);
    expect(sut.penalties.categories.find((c) => c.category === "罚款")?.count).toBe(5);
    expect(sut.penalties.categories.find((c) => c.category === "没收违法所得")?.count).toBe(1);
    expect(sut.penalties.categories.find((c) => c.category === "其他")?.count).toBe(1);
  });

  it("fills every month of the period, leaves out what lies outside it, sums fines in 分", () => {
    const sut = publicStats(
      input({
        byMonthKind: [
          { month: "2025-11", kind: "行政处罚", count: 9 },
          { month: "2025-12", kind: "行政处罚", count: 2 },
          { month: "2026-02", kind: "行政许可", count: 1 },
          { month: "2026-02", kind: "行政处罚", count: 1 },
        ],
        penalties: [
          { month: "2025-12", categories: ["罚款"], count: 2, fined: 2, fineFen: 120050 },
          { month: "2026-02", categories: ["罚款"], count: 1, fined: 1, fineFen: 10 },
        ],
        timeliness: [
          { month: "2025-12", onTime: 1, late: 1, overdue: 0, pending: 0 },
          { month: "2026-02", onTime: 1, late: 0, overdue: 0, pending: 1 },
        ],
      }),
    );
    expect(sut.decisions.kinds).toEqual(["行政许可", "行政处罚"]);
    expect(sut.decisions.byMonth).toEqual([
      { month: "2025-12", counts: { 行政许可: 0, 行政处罚: 2 }, total: 2 },
      { month: "2026-01", counts: { 行政许可: 0, 行政处罚: 0 }, total: 0 },
      { month: "2026-02", counts: { 行政许可: 1, 行政处罚: 1 }, total: 2 },
    ]);
    expect(sut.decisions.total).toBe(4);
    expect(sut.fines.totalYuan).toBe(1200.6);
    expect(sut.fines.byMonth.map((m) => m.fineYuan)).toEqual([1200.5, 0, 0.1]);
    expect(sut.timeliness).toMatchObject({ onTime: 2, late: 1, overdue: 0, pending: 1, share: 0.6667 });
    expect(sut.timeliness.byMonth[1]).toEqual({
      month: "2026-01",
      onTime: 0,
      late: 0,
      overdue: 0,
      pending: 0,
      share: null,
    });
  });

  it("shows answer times only from the minimum received on, the median over the whole period", () => {
    const requests: ResponseAggregates = {
      minimum: 3,
      received: [
        { month: "2025-12", count: 2 },
        { month: "2026-01", count: 1 },
      ],
      answered: [
        { month: "2025-12", workingDays: 3, count: 1 },
        { month: "2026-01", workingDays: 10, count: 1 },
        { month: "2026-01", workingDays: 20, count: 1 },
      ],
    };
    const sut = publicStats(input({}, { requests, feedback: { ...requests, minimum: 4 } }));
    expect(sut.requests).toMatchObject({ enough: true, received: 3, answered: 3, medianWorkingDays: 10 });
    expect(sut.requests.byMonth.map((m) => m.medianWorkingDays)).toEqual([3, 15, null]);
    expect(sut.feedback).toEqual({
      enough: false,
      minimum: 4,
      received: null,
      answered: null,
      medianWorkingDays: null,
      byMonth: [],
    });
  });

  it("ranks the top powers by count and names them as duties does now", () => {
    const sut = publicStats(
      input(
        {
          topPowers: [
            { bodyId: "b1", code: "CF-2", name: "旧名称", count: 2 },
            { bodyId: "b1", code: "CF-1", name: "对无证经营的处罚", count: 5 },
          ],
        },
        { powers: new Map([["b1 CF-2", { name: "对未按规定公示的处罚", bodyName: "某市市场监督管理局" }]]) },
      ),
    );
    expect(sut.topPowers).toEqual([
      { rank: 1, bodyId: "b1", bodyName: "", code: "CF-1", name: "对无证经营的处罚", count: 5 },
      { rank: 2, bodyId: "b1", bodyName: "某市市场监督管理局", code: "CF-2", name: "对未按规定公示的处罚", count: 2 },
    ]);
  });
});

describe("each chart's table and CSV", () => {
  const view = publicStats(
    input(
      {
        byMonthKind: [{ month: "2026-01", kind: "行政处罚", count: 2 }],
        penalties: [{ month: "2026-01", categories: ["罚款"], count: 2, fined: 2, fineFen: 300000 }],
        timeliness: [{ month: "2026-01", onTime: 1, late: 1, overdue: 0, pending: 0 }],
        topPowers: [{ bodyId: "b1", code: "CF-1", name: "对无证经营的处罚", count: 2 }],
      },
      {
        feedback: { minimum: 5, received: [], answered: [] },
        requests: {
          minimum: 1,
          received: [{ month: "2026-01", count: 1 }],
          answered: [{ month: "2026-01", workingDays: 4, count: 1 }],
        },
      },
    ),
  );
  const sut = statsTables(view);

  it("writes the Chinese column labels and the 合计 row", () => {
    expect(tableCsv(sut.decisions)).toBe(
      [
        "各月执法决定数量（按类别）",
        "月份,行政处罚,合计",
        "2025-12,0,0",
        "2026-01,2,2",
        "2026-02,0,0",
        "合计,2,2",
        "",
      ].join("\r\n"),
    );
    expect(tableCsv(sut.fines)).toContain("月份,行政处罚决定件数,其中处以罚款件数,罚款金额（元）\r\n");
    expect(tableCsv(sut.fines)).toContain("合计,2,2,3000.00\r\n");
    expect(tableCsv(sut.timeliness)).toContain("月份,按期公示,逾期公示,逾期未公示,未到期限未公示,按期公示率\r\n");
    expect(tableCsv(sut.timeliness)).toContain("2026-01,1,1,0,0,50.0%\r\n2026-02,0,0,0,0,—\r\n");
    expect(tableCsv(sut.penalties)).toContain("处罚类别,件数\r\n警告,0\r\n");
    expect(tableCsv(sut.penalties)).toContain("罚款,2\r\n");
    expect(tableCsv(sut.powers)).toContain(
      "排名,事项编码,职权名称,执法主体,决定件数\r\n1,CF-1,对无证经营的处罚,,2\r\n",
    );
  });

  it("writes 群众意见 and 政府信息公开申请 under their headings; no figure where there are too few", () => {
    const csv = tableCsv(sut.responsiveness);
    expect(csv).toContain(
      "月份,群众意见,,,政府信息公开申请,,\r\n,收到件数,答复件数,答复用时中位数（工作日）,收到件数,答复件数,答复用时中位数（工作日）\r\n",
    );
    expect(csv).toContain("2026-01,—,—,—,1,1,4\r\n2026-02,—,—,—,0,0,—\r\n合计,—,—,—,1,1,4\r\n");
  });
});

describe("the charts and the page", () => {
  const hostile = `<script>alert(1)</script>&"'`;
  const view = publicStats(
    input(
      {
        byMonthKind: [{ month: "2026-01", kind: "行政处罚", count: 3 }],
        penalties: [{ month: "2026-01", categories: ["罚款"], count: 3, fined: 3, fineFen: 90000 }],
        timeliness: [{ month: "2026-01", onTime: 2, late: 1, overdue: 0, pending: 0 }],
        topPowers: [{ bodyId: "b1", code: "CF-1", name: hostile, count: 3 }],
      },
      { powers: new Map([["b1 CF-1", { name: hostile, bodyName: `某局${hostile}` }]]) },
    ),
  );

  it("draws an SVG that scales, is named for screen readers and carries a hostile name as text only", async () => {
    const sut = String(await barChart({ categories: [hostile], values: [3] }, NARROW, `最多的职权：${hostile}`));
    expect(sut).toMatch(
      /^<svg role="img" aria-label="最多的职权：&lt;script&gt;alert\(1\)&lt;\/script&gt;&amp;&quot;'"/,
    );
    expect(sut).toContain('viewBox="0 0 360 320"');
    expect(sut).not.toMatch(/<svg[^>]* width=/);
    expect(sut).toContain("&lt;script&gt;");
    expect(sut).not.toMatch(/<script|<style| style=|\son\w+=/i);
  });

  it("renders the page: a figure per chart with its caption, SVG, table and CSV link, no script", async () => {
    const page = statsPage({ stats: view, charts: await statsCharts(view), query: {} });
    expect(page.match(/<figure class="chart">/g)).toHaveLength(6);
    expect(page.match(/<figcaption>/g)).toHaveLength(6);
    // Every chart with data is drawn twice (wide and narrow); responsiveness has no answers to draw.
    expect(page.match(/<svg role="img"/g)).toHaveLength(10);
    expect(page.match(/<table class="report-table">/g)).toHaveLength(6);
    expect(page).toContain(
      "/api/public/stats.csv?bodyId&#61;b1&amp;from&#61;2025-12&amp;to&#61;2026-02&amp;chart&#61;powers",
    );
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain("按期公示率66.7%");
  });
});
