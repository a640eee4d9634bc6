import { describe, expect, it } from "vitest";
import {
  NO_DUTY,
  PENALTY_SEVERITY,
  countEnforcement,
  countLicensing,
  countPenalties,
  enforcementTableViews,
  mostSevereCategory,
  tableCsvRows,
  type DecisionRecord,
  type EnforcementInput,
} from "../../shared/reports.js";
import { PENALTY_CATEGORIES, type PenaltyCategory } from "../../shared/rules.js";

const STATUTORY_ORDER = [
  "警告",
  "通报批评",
  "罚款",
  "没收违法所得",
  "没收非法财物",
  "暂扣许可证件",
  "降低资质等级",
  "吊销许可证件",
  "限制开展生产经营活动",
  "责令停产停业",
  "责令关闭",
  "限制从业",
  "行政拘留",
];

const penalty = (
  decidedOn: string | Date,
  categories: PenaltyCategory[],
  fineAmount?: number,
  confiscatedAmount?: number,
): DecisionRecord => ({
  kind: "行政处罚",
  decidedOn,
  penalty: { categories, fineAmount, confiscatedAmount },
});

describe("the most severe category", () => {
  it("follows 行政处罚法 Art. 9's order, with 其他 below every listed category", () => {
    expect(PENALTY_SEVERITY).toEqual(["其他", ...STATUTORY_ORDER]);
    expect([...PENALTY_SEVERITY].sort()).toEqual([...PENALTY_CATEGORIES].sort());
  });

  it("picks the later of every pair in the order, whatever order the decision lists them in", () => {
    for (let i = 0; i + 1 < PENALTY_SEVERITY.length; i++) {
      const [light, heavy] = [PENALTY_SEVERITY[i], PENALTY_SEVERITY[i + 1]] as [PenaltyCategory, PenaltyCategory];
      expect(mostSevereCategory([heavy, light])).toBe(heavy);
      expect(mostSevereCategory([light, heavy])).toBe(heavy);
    }
    expect(mostSevereCategory(["罚款", "没收违法所得", "警告"])).toBe("没收违法所得");
    expect(mostSevereCategory(["其他"])).toBe("其他");
    expect(mostSevereCategory([])).toBe("其他");
  });
});

describe("the 处罚 table", () => {
  it("counts a decision once, under its most severe category, with its amounts there", () => {
    const counts = countPenalties(
      [
        penalty("2025-03-01", ["罚款", "吊销许可证件"], 5000),
        penalty("2025-04-01", ["罚款"], 200.5, 1000),
        penalty("2025-05-01", ["警告"]),
        penalty("2024-12-31", ["罚款"], 99),
      ],
      2025,
    );
    expect(counts.byCategory["吊销许可证件"]).toEqual({ count: 1, fineYuan: 5000, confiscatedYuan: 0 });
    expect(counts.byCategory["罚款"]).toEqual({ count: 1, fineYuan: 200.5, confiscatedYuan: 1000 });
    expect(counts.byCategory["警告"]).toEqual({ count: 1, fineYuan: 0, confiscatedYuan: 0 });
    expect(counts.total).toEqual({ count: 3, fineYuan: 5200.5, confiscatedYuan: 1000 });
  });

  it("counts by the 决定日期 on China days, and adds amounts exactly", () => {
    const decisions = [
      penalty(new Date("2025-12-31T16:00:00Z"), ["罚款"], 0.1),
      penalty("2026-06-01", ["罚款"], 0.2),
      penalty("2026-12-31", ["罚款"], 0.01),
      penalty("2027-01-01", ["罚款"], 100),
    ];
    expect(countPenalties(decisions, 2025).total.count).toBe(0);
    expect(countPenalties(decisions, 2026).total).toEqual({ count: 3, fineYuan: 0.31, confiscatedYuan: 0 });
  });

  it("prints the categories in the statutory order, then 其他 and 合计, amounts to the 分", () => {
    const input: EnforcementInput = {
      powerCategories: ["行政处罚"],
      decisions: [penalty("2025-03-01", ["没收非法财物", "罚款"], 1234.5, 300)],
      licenceApplications: [],
    };
    const [, table] = enforcementTableViews(countEnforcement(input, 2025));
    const rows = tableCsvRows(table!);
    expect(rows.slice(0, 2)).toEqual([["二、行政处罚"], ["处罚类别", "件数", "罚款金额（元）", "没收金额（元）"]]);
    expect(rows.slice(2).map((r) => r[0])).toEqual([...STATUTORY_ORDER, "其他", "合计"]);
    expect(rows.find((r) => r[0] === "没收非法财物")).toEqual(["没收非法财物", "1", "1234.50", "300.00"]);
    expect(rows.at(-1)).toEqual(["合计", "1", "1234.50", "300.00"]);
  });
});

describe("the 许可 table", () => {
  it("counts applications and acceptances by their days, grants, refusals and revocations by their decisions' days", () => {
    const input: EnforcementInput = {
      powerCategories: ["行政许可"],
      licenceApplications: [
        { appliedOn: "2024-12-30", acceptedOn: "2025-01-02" },
        { appliedOn: "2025-06-01", acceptedOn: "2025-06-01" },
        { appliedOn: "2025-12-31", acceptedOn: null },
      ],
      decisions: [
        { kind: "行政许可", decidedOn: "2025-02-01" },
        { kind: "行政许可", decidedOn: "2025-07-01", licenceOutcome: "准予许可" },
        { kind: "行政许可", decidedOn: "2025-08-01", licenceOutcome: "不予许可" },
        { kind: "行政许可", decidedOn: "2025-09-01", licenceOutcome: "撤销许可" },
        { kind: "行政许可", decidedOn: "2024-12-31", licenceOutcome: "撤销许可" },
        { kind: "行政许可", decidedOn: new Date("2025-12-31T16:00:00Z"), licenceOutcome: "撤销许可" },
        { kind: "行政处罚", decidedOn: "2025-09-01" },
      ],
    };
    expect(countLicensing(input, 2025)).toEqual({ applied: 2, accepted: 2, granted: 2, refused: 1, revoked: 1 });
    expect(countLicensing(input, 2026)).toEqual({ applied: 0, accepted: 0, granted: 0, refused: 0, revoked: 1 });
    const [table] = enforcementTableViews(countEnforcement(input, 2025));
    expect(tableCsvRows(table!)).toEqual([
      ["一、行政许可"],
      ["类别", "申请", "受理", "许可", "不予许可", "撤销"],
      ["行政许可", "2", "2", "2", "1", "1"],
    ]);
  });
});

describe("无相关行政执法职责", () => {
  const input: EnforcementInput = {
    powerCategories: ["行政处罚", "行政检查"],
    decisions: [
      { kind: "行政检查", decidedOn: "2025-05-01" },
      { kind: "行政强制", decidedOn: "2025-05-02" },
      { kind: "行政征收", decidedOn: "2024-05-02" },
    ],
    licenceApplications: [],
  };

  it("is written for a category the body has no power of and counted nothing in, 0 where it has", () => {
    const data = countEnforcement(input, 2025);
    expect(data.licensing).toEqual({ duty: false });
    expect(data.levy).toEqual({ duty: false });
    expect(data.requisition).toEqual({ duty: false });
    expect(data.penalty).toMatchObject({ duty: true, total: { count: 0, fineYuan: 0, confiscatedYuan: 0 } });
    expect(data.inspection).toEqual({ duty: true, decisions: 1 });
    // A power since withdrawn: its decisions still count.
    expect(data.coercion).toEqual({ duty: true, decisions: 1 });
  });

  it("fills every cell of such a table with the words, never 0", () => {
    const views = enforcementTableViews(countEnforcement(input, 2025));
    expect(views.map((t) => t.title)).toEqual([
      "一、行政许可",
      "二、行政处罚",
      "三、行政强制",
      "四、行政征收",
      "五、行政征用",
      "六、行政检查",
    ]);
    expect(tableCsvRows(views[0]!)).toEqual([
      ["一、行政许可"],
      ["类别", "申请", "受理", "许可", "不予许可", "撤销"],
      ["行政许可", NO_DUTY, NO_DUTY, NO_DUTY, NO_DUTY, NO_DUTY],
    ]);
    expect(tableCsvRows(views[3]!)).toEqual([["四、行政征收"], ["类别", "件数"], ["行政征收", "无相关行政执法职责"]]);
    expect(tableCsvRows(views[5]!)).toEqual([["六、行政检查"], ["类别", "件数"], ["行政检查", "1"]]);
    expect(tableCsvRows(views[1]!).at(-1)).toEqual(["合计", "0", "0.00", "0.00"]);
    const noPenalty = enforcementTableViews(countEnforcement({ ...input, powerCategories: [] }, 2025))[1]!;
    expect(tableCsvRows(noPenalty)).toEqual([
      ["二、行政处罚"],
      ["处罚类别", "件数", "罚款金额（元）", "没收金额（元）"],
      ["行政处罚", NO_DUTY, NO_DUTY, NO_DUTY],
    ]);
  });
});
