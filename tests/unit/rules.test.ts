import FastestValidator, {
  type SyncCheckFunction,
  type ValidationError,
  type ValidationSchema,
} from "fastest-validator";
import { describe, expect, it } from "vitest";
import { POWER_CATEGORIES, type PowerCategory } from "../../shared/domain.js";
import {
  DEFAULT_RULES,
  PENALTY_CATEGORIES,
  RULE_TABLE_SCHEMA,
  addMonths,
  fineRequiresReview,
  publicationBlock,
  publicationDeadlineDays,
  publicityEnds,
  publicityMonths,
  type RuleTable,
} from "../../shared/rules.js";

// The package ships CommonJS with ES-style typings: at run time the default import is the class itself,
// while under NodeNext resolution TypeScript types it as the module object.
const Validator = FastestValidator as unknown as typeof FastestValidator.default;

/** A table whose every number differs, so a test cannot pass by reading the wrong one. */
const RULES: RuleTable = {
  publicationDeadlineDays: { 行政许可: 5, 行政处罚: 9, default: 21 },
  withdrawalDeadlineDays: 3,
  publishWarningOnly: false,
  publicity: { minorPenaltyMonths: 3, minorFineBelowYuan: 10_000, penaltyMonths: 36, otherMonths: 24 },
  majorFineYuan: { natural: 10_000, individual: 50_000, legal: 100_000 },
  feedbackReplyDays: 15,
};

const NON_PENALTY_KINDS = POWER_CATEGORIES.filter((k) => k !== "行政处罚");

describe("addMonths", () => {
  const sut = addMonths;

  it.each([
    ["2024-01-15", 1, "2024-02-15"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2025-01-31", 1, "2025-02-28"],
    ["2024-03-31", 1, "2024-04-30"],
    ["2024-05-31", 1, "2024-06-30"],
    ["2024-08-31", 1, "2024-09-30"],
    ["2024-01-30", 1, "2024-02-29"],
    ["2024-01-29", 1, "2024-02-29"],
    ["2025-01-29", 1, "2025-02-28"],
    ["2024-12-31", 1, "2025-01-31"],
    ["2024-11-30", 1, "2024-12-30"],
    ["2024-12-15", 12, "2025-12-15"],
    ["2026-11-30", 3, "2027-02-28"],
    ["2027-11-30", 3, "2028-02-29"],
    ["2026-01-01", 3, "2026-04-01"],
    ["2026-11-26", 36, "2029-11-26"],
    ["2024-02-29", 36, "2027-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2023-10-31", 36, "2026-10-31"],
    ["2099-12-31", 2, "2100-02-28"],
    ["2026-05-20", 0, "2026-05-20"],
    ["2026-05-20", 120, "2036-05-20"],
  ])("%s + %i months = %s", (date, months, expected) => {
    expect(sut(date, months)).toBe(expected);
  });

  it("always returns a zero-padded YYYY-MM-DD date", () => {
    for (let m = 0; m < 30; m++) expect(sut("2026-01-05", m)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("publicityMonths", () => {
  const sut = publicityMonths;

  it("gives the minor period to a warning-only penalty", () => {
    expect(sut(RULES, "行政处罚", { categories: ["警告"] })).toBe(3);
  });

  it("gives the minor period to 通报批评 (alone or with a warning)", () => {
    expect(sut(RULES, "行政处罚", { categories: ["通报批评"] })).toBe(3);
    expect(sut(RULES, "行政处罚", { categories: ["警告", "通报批评"] })).toBe(3);
  });

  it("gives the minor period to a fine below minorFineBelowYuan", () => {
    expect(sut(RULES, "行政处罚", { categories: ["罚款"], fineAmount: 9_999.99 })).toBe(3);
    expect(sut(RULES, "行政处罚", { categories: ["罚款"], fineAmount: 200 })).toBe(3);
    expect(sut(RULES, "行政处罚", { categories: ["警告", "罚款"], fineAmount: 5_000 })).toBe(3);
  });

  it("gives the full penalty period to a fine at or above minorFineBelowYuan", () => {
    expect(sut(RULES, "行政处罚", { categories: ["罚款"], fineAmount: 10_000 })).toBe(36);
    expect(sut(RULES, "行政处罚", { categories: ["罚款"], fineAmount: 10_000.01 })).toBe(36);
    expect(sut(RULES, "行政处罚", { categories: ["警告", "罚款"], fineAmount: 500_000 })).toBe(36);
  });

  it("follows the table's threshold and periods rather than fixed numbers", () => {
    const rules: RuleTable = {
      ...RULES,
      publicity: { minorPenaltyMonths: 6, minorFineBelowYuan: 3_000, penaltyMonths: 60, otherMonths: 12 },
    };
    expect(sut(rules, "行政处罚", { categories: ["罚款"], fineAmount: 2_999 })).toBe(6);
    expect(sut(rules, "行政处罚", { categories: ["罚款"], fineAmount: 3_000 })).toBe(60);
    expect(sut(rules, "行政处罚", { categories: ["通报批评"] })).toBe(6);
    expect(sut(rules, "行政许可")).toBe(12);
  });

  it("gives the full penalty period when a heavier category comes with a small fine", () => {
    expect(sut(RULES, "行政处罚", { categories: ["罚款", "吊销许可证件"], fineAmount: 1_000 })).toBe(36);
    expect(sut(RULES, "行政处罚", { categories: ["警告", "没收违法所得"] })).toBe(36);
  });

  it.each(PENALTY_CATEGORIES.filter((c) => !["警告", "通报批评", "罚款"].includes(c)))(
    "gives the full penalty period to %s",
    (category) => {
      expect(sut(RULES, "行政处罚", { categories: [category] })).toBe(36);
    },
  );

  it.each(NON_PENALTY_KINDS)("gives otherMonths to a %s decision", (kind: PowerCategory) => {
    expect(sut(RULES, kind)).toBe(24);
    // Penalty facts on a non-penalty decision do not make it a penalty.
    expect(sut(RULES, kind, { categories: ["警告"] })).toBe(24);
    expect(sut(RULES, kind, { categories: ["吊销许可证件"] })).toBe(24);
  });
});

describe("publicityEnds", () => {
  const sut = publicityEnds;

  it("adds the publicity period to the publication date, clamping month ends", () => {
    expect(sut(RULES, "2026-11-30", "行政处罚", { categories: ["罚款"], fineAmount: 100 })).toBe("2027-02-28");
    expect(sut(RULES, "2026-11-30", "行政处罚", { categories: ["吊销许可证件"] })).toBe("2029-11-30");
    expect(sut(RULES, "2024-02-29", "行政许可")).toBe("2026-02-28");
  });
});

describe("publicationDeadlineDays", () => {
  const sut = publicationDeadlineDays;

  it("uses the listed number for listed kinds", () => {
    expect(sut(RULES, "行政许可")).toBe(5);
    expect(sut(RULES, "行政处罚")).toBe(9);
  });

  it.each(NON_PENALTY_KINDS.filter((k) => k !== "行政许可"))("uses the default for %s", (kind) => {
    expect(sut(RULES, kind)).toBe(21);
  });

  it("uses the default rules' 7 days for 许可/处罚 and 20 for the rest", () => {
    expect(sut(DEFAULT_RULES, "行政许可")).toBe(7);
    expect(sut(DEFAULT_RULES, "行政处罚")).toBe(7);
    expect(sut(DEFAULT_RULES, "行政检查")).toBe(20);
    expect(sut(DEFAULT_RULES, "其他行政权力")).toBe(20);
  });
});

describe("fineRequiresReview", () => {
  const sut = fineRequiresReview;

  it.each([
    ["natural", 10_000],
    ["individual", 50_000],
    ["legal", 100_000],
  ] as const)("for a %s party the threshold is %i yuan", (party, threshold) => {
    expect(sut(RULES, party, threshold)).toBe(true);
    expect(sut(RULES, party, threshold + 0.01)).toBe(true);
    expect(sut(RULES, party, threshold * 10)).toBe(true);
    expect(sut(RULES, party, threshold - 0.01)).toBe(false);
    expect(sut(RULES, party, 0)).toBe(false);
    expect(sut(RULES, party, undefined)).toBe(false);
    expect(sut(RULES, party)).toBe(false);
  });

  it("reads the thresholds from the table", () => {
    const rules: RuleTable = { ...RULES, majorFineYuan: { natural: 1, individual: 2, legal: 3 } };
    expect(sut(rules, "natural", 1)).toBe(true);
    expect(sut(rules, "individual", 1)).toBe(false);
    expect(sut(rules, "individual", 2)).toBe(true);
    expect(sut(rules, "legal", 2)).toBe(false);
    expect(sut(rules, "legal", 3)).toBe(true);
  });
});

describe("publicationBlock", () => {
  const sut = publicationBlock;
  const fine = { categories: ["罚款" as const], fineAmount: 5_000 };

  it("blocks decisions on minors with MINOR", () => {
    expect(sut(RULES, { minor: true, secret: false, kind: "行政处罚", penalty: fine })?.type).toBe("MINOR");
    expect(sut(RULES, { minor: true, secret: false, kind: "行政许可" })?.type).toBe("MINOR");
    expect(sut(RULES, { minor: true, secret: true, kind: "行政处罚", penalty: fine })?.type).toBe("MINOR");
  });

  it("blocks secret cases with SECRET", () => {
    expect(sut(RULES, { minor: false, secret: true, kind: "行政处罚", penalty: fine })?.type).toBe("SECRET");
    expect(sut(RULES, { minor: false, secret: true, kind: "行政检查" })?.type).toBe("SECRET");
  });

  it("gives a non-empty reason with every block", () => {
    for (const facts of [
      { minor: true, secret: false, kind: "行政处罚" as const },
      { minor: false, secret: true, kind: "行政处罚" as const },
      { minor: false, secret: false, kind: "行政处罚" as const, penalty: { categories: ["警告" as const] } },
    ]) {
      const block = sut(RULES, facts);
      expect(block?.reason).toEqual(expect.any(String));
      expect(block?.reason.length).toBeGreaterThan(0);
    }
  });

  it("blocks a warning-only penalty with WARNING_ONLY", () => {
    expect(sut(RULES, { minor: false, secret: false, kind: "行政处罚", penalty: { categories: ["警告"] } })?.type).toBe(
      "WARNING_ONLY",
    );
    expect(
      sut(RULES, { minor: false, secret: false, kind: "行政处罚", penalty: { categories: ["警告", "警告"] } })?.type,
    ).toBe("WARNING_ONLY");
  });

  it("publishes a warning-only penalty when publishWarningOnly is set", () => {
    const rules: RuleTable = { ...RULES, publishWarningOnly: true };
    expect(sut(rules, { minor: false, secret: false, kind: "行政处罚", penalty: { categories: ["警告"] } })).toBe(
      undefined,
    );
    // The switch does not lift the other blocks.
    expect(sut(rules, { minor: true, secret: false, kind: "行政处罚", penalty: { categories: ["警告"] } })?.type).toBe(
      "MINOR",
    );
  });

  it("publishes a warning together with another category", () => {
    expect(
      sut(RULES, {
        minor: false,
        secret: false,
        kind: "行政处罚",
        penalty: { categories: ["警告", "罚款"], fineAmount: 200 },
      }),
    ).toBe(undefined);
    expect(
      sut(RULES, { minor: false, secret: false, kind: "行政处罚", penalty: { categories: ["警告", "通报批评"] } }),
    ).toBe(undefined);
  });

  it("publishes other penalties", () => {
    expect(sut(RULES, { minor: false, secret: false, kind: "行政处罚", penalty: fine })).toBe(undefined);
    expect(
      sut(RULES, { minor: false, secret: false, kind: "行政处罚", penalty: { categories: ["吊销许可证件"] } }),
    ).toBe(undefined);
  });

  it.each(NON_PENALTY_KINDS)("publishes a %s decision", (kind) => {
    expect(sut(RULES, { minor: false, secret: false, kind })).toBe(undefined);
    expect(sut(RULES, { minor: false, secret: false, kind, penalty: { categories: ["警告"] } })).toBe(undefined);
  });
});

describe("RULE_TABLE_SCHEMA", () => {
  const check = new Validator().compile(RULE_TABLE_SCHEMA as unknown as ValidationSchema) as SyncCheckFunction;
  const sut = (value: unknown): true | ValidationError[] => check(value) as true | ValidationError[];
  const fields = (result: true | ValidationError[]): string[] => (result === true ? [] : result.map((e) => e.field));
  const copy = (): RuleTable => structuredClone(DEFAULT_RULES);

  it("accepts the default rules", () => {
    expect(sut(copy())).toBe(true);
  });

  it("accepts a table without the optional per-kind deadlines", () => {
    const table = copy();
    table.publicationDeadlineDays = { default: 20 };
    expect(sut(table)).toBe(true);
  });

  it("accepts a per-kind deadline for every power category", () => {
    const table = copy();
    for (const kind of POWER_CATEGORIES) table.publicationDeadlineDays[kind] = 10;
    expect(sut(table)).toBe(true);
  });

  it.each([
    ["withdrawalDeadlineDays", (t: RuleTable) => (t.withdrawalDeadlineDays = 0)],
    ["feedbackReplyDays", (t: RuleTable) => (t.feedbackReplyDays = 0)],
    ["publicationDeadlineDays.default", (t: RuleTable) => (t.publicationDeadlineDays.default = 0)],
    // fastest-validator names a non-identifier key in brackets.
    ["publicationDeadlineDays['行政处罚']", (t: RuleTable) => (t.publicationDeadlineDays.行政处罚 = 0)],
    ["publicity.minorPenaltyMonths", (t: RuleTable) => (t.publicity.minorPenaltyMonths = 0)],
    ["withdrawalDeadlineDays", (t: RuleTable) => (t.withdrawalDeadlineDays = 366)],
    ["feedbackReplyDays", (t: RuleTable) => (t.feedbackReplyDays = 1.5)],
    ["publicity.penaltyMonths", (t: RuleTable) => (t.publicity.penaltyMonths = 121)],
    ["majorFineYuan.legal", (t: RuleTable) => (t.majorFineYuan.legal = -1)],
  ])("rejects a bad %s", (field, spoil) => {
    const table = copy();
    spoil(table);
    expect(fields(sut(table))).toContain(field);
  });

  it.each([
    ["withdrawalDeadlineDays"],
    ["publishWarningOnly"],
    ["feedbackReplyDays"],
    ["publicity"],
    ["majorFineYuan"],
    ["publicationDeadlineDays"],
  ])("rejects a table without %s", (field) => {
    const table = copy() as unknown as Record<string, unknown>;
    delete table[field];
    expect(fields(sut(table))).toContain(field);
  });

  it.each([
    ["publicationDeadlineDays", "default"],
    ["publicity", "otherMonths"],
    ["publicity", "minorFineBelowYuan"],
    ["majorFineYuan", "individual"],
  ])("rejects a table without %s.%s", (group, field) => {
    const table = copy() as unknown as Record<string, Record<string, unknown>>;
    delete table[group]![field];
    expect(fields(sut(table))).toContain(`${group}.${field}`);
  });

  it("rejects a string where a number belongs and a number where a boolean belongs", () => {
    const table = copy() as unknown as Record<string, unknown>;
    table.withdrawalDeadlineDays = "3";
    table.publishWarningOnly = 1;
    expect(fields(sut(table)).sort()).toEqual(["publishWarningOnly", "withdrawalDeadlineDays"]);
  });
});
