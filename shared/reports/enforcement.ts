/**
 * 行政执法年度数据 (provincial practice, due with the annual report by 31 January): six tables —
 * 行政许可, 行政处罚, 行政强制, 行政征收, 行政征用, 行政检查 — for a body and year, on China calendar
 * days. What the platform's records can count:
 *
 * - 许可: 申请 — applications received in the year; 受理 — accepted in the year; 许可, 不予许可 and
 *   撤销 — licensing decisions of the year granting, refusing, or revoking a licence (撤销 is a
 *   decision of its own, 行政许可法 Art. 69, counted in the year it is made whenever the licence was). The platform registers a licensing case on acceptance, so the
 *   service passes the case's registration as both 申请 and 受理 unless the application itself
 *   was recorded (an application refused at the door, 不予受理, is counted only then).
 * - 处罚: each decision of the year once, under its most severe category in the statutory order
 *   (行政处罚法 Art. 9; `PENALTY_SEVERITY`; 其他 only when no listed category applies), with its
 *   罚款 and 没收 amounts as fixed in the decision (元, not what was collected); 合计 adds the rows.
 * - 强制, 征收, 征用, 检查: decisions of that kind in the year.
 * A body without any power of a category that counted nothing in the year writes
 * 无相关行政执法职责 for that table, not 0; a body that has such a power, or counted something
 * under it (a power since withdrawn), shows its numbers, zeros included.
 */
import type { PowerCategory } from "../domain.js";
import { PENALTY_CATEGORIES, type PenaltyCategory } from "../rules.js";
import { countDecisions } from "./active.js";
import type { DecisionRecord, LicenceApplicationRecord } from "./records.js";
import { NO_DUTY, type ReportTable, type TableBlock, type TableColumn } from "./tables.js";
import { chinaDay, fenOf, inYear, optionalDay, yearSpan, yuanOfFen } from "./years.js";

export const ENFORCEMENT_TITLE = "行政执法年度数据";

/** 处罚类别 from the lightest to the most severe: 其他 first, then 行政处罚法 Art. 9's order. */
export const PENALTY_SEVERITY: readonly PenaltyCategory[] = ["其他", ...PENALTY_CATEGORIES.filter((c) => c !== "其他")];

/** The category a penalty decision counts under: the most severe of its categories (其他 when none). */
export function mostSevereCategory(categories: readonly PenaltyCategory[]): PenaltyCategory {
  let most: PenaltyCategory = "其他";
  for (const c of categories) if (PENALTY_SEVERITY.indexOf(c) > PENALTY_SEVERITY.indexOf(most)) most = c;
  return most;
}

export const ENFORCEMENT_TABLE_IDS = ["licensing", "penalty", "coercion", "levy", "requisition", "inspection"] as const;
export type EnforcementTableId = (typeof ENFORCEMENT_TABLE_IDS)[number];

/** The power category each table reports, its heading's number and its words. */
export const ENFORCEMENT_TABLES: Record<EnforcementTableId, { category: PowerCategory; title: string }> = {
  licensing: { category: "行政许可", title: "一、行政许可" },
  penalty: { category: "行政处罚", title: "二、行政处罚" },
  coercion: { category: "行政强制", title: "三、行政强制" },
  levy: { category: "行政征收", title: "四、行政征收" },
  requisition: { category: "行政征用", title: "五、行政征用" },
  inspection: { category: "行政检查", title: "六、行政检查" },
};

export interface LicensingCounts {
  applied: number;
  accepted: number;
  granted: number;
  refused: number;
  revoked: number;
}

export const LICENSING_COLUMN_LABELS: Record<keyof LicensingCounts, string> = {
  applied: "申请",
  accepted: "受理",
  granted: "许可",
  refused: "不予许可",
  revoked: "撤销",
};

export interface PenaltyRow {
  count: number;
  /** 罚款金额 and 没收金额 (没收违法所得、没收非法财物), 元. */
  fineYuan: number;
  confiscatedYuan: number;
}

export interface PenaltyCounts {
  /** By category, in the statutory order (PENALTY_CATEGORIES, 其他 last). */
  byCategory: Record<PenaltyCategory, PenaltyRow>;
  total: PenaltyRow;
}

/** A table of a category the body has no power of: 无相关行政执法职责. */
export interface NoDuty {
  duty: false;
}

export type Duty<T> = ({ duty: true } & T) | NoDuty;

export interface EnforcementData {
  year: number;
  licensing: Duty<LicensingCounts>;
  penalty: Duty<PenaltyCounts>;
  coercion: Duty<{ decisions: number }>;
  levy: Duty<{ decisions: number }>;
  requisition: Duty<{ decisions: number }>;
  inspection: Duty<{ decisions: number }>;
}

export interface EnforcementInput {
  /** The categories of the body's powers in the year (权责清单, every version in force in the year). */
  powerCategories: readonly PowerCategory[];
  decisions: readonly DecisionRecord[];
  licenceApplications: readonly LicenceApplicationRecord[];
}

/** Penalty decisions of the year, each once under its most severe category. */
export function countPenalties(decisions: readonly DecisionRecord[], year: number): PenaltyCounts {
  const span = yearSpan(year);
  const fen = Object.fromEntries(PENALTY_CATEGORIES.map((c) => [c, { count: 0, fine: 0, confiscated: 0 }])) as Record<
    PenaltyCategory,
    { count: number; fine: number; confiscated: number }
  >;
  for (const d of decisions) {
    if (d.kind !== "行政处罚" || !inYear(chinaDay(d.decidedOn), span)) continue;
    const row = fen[mostSevereCategory(d.penalty?.categories ?? [])];
    row.count++;
    row.fine += fenOf(d.penalty?.fineAmount ?? 0);
    row.confiscated += fenOf(d.penalty?.confiscatedAmount ?? 0);
  }
  const rowOf = (r: { count: number; fine: number; confiscated: number }): PenaltyRow => ({
    count: r.count,
    fineYuan: yuanOfFen(r.fine),
    confiscatedYuan: yuanOfFen(r.confiscated),
  });
  const rows = Object.values(fen);
  const sum = (key: "count" | "fine" | "confiscated") => rows.reduce((s, r) => s + r[key], 0);
  return {
    byCategory: Object.fromEntries(PENALTY_CATEGORIES.map((c) => [c, rowOf(fen[c])])) as Record<
      PenaltyCategory,
      PenaltyRow
    >,
    total: rowOf({ count: sum("count"), fine: sum("fine"), confiscated: sum("confiscated") }),
  };
}

/** The 许可 table's counts for the year. */
export function countLicensing(input: EnforcementInput, year: number): LicensingCounts {
  const span = yearSpan(year);
  const within = (day: Parameters<typeof optionalDay>[0]) => {
    const d = optionalDay(day);
    return d !== null && inYear(d, span);
  };
  const licences = input.decisions.filter((d) => d.kind === "行政许可");
  const decided = licences.filter((d) => within(d.decidedOn));
  return {
    applied: input.licenceApplications.filter((a) => within(a.appliedOn)).length,
    accepted: input.licenceApplications.filter((a) => within(a.acceptedOn)).length,
    granted: decided.filter((d) => (d.licenceOutcome ?? "准予许可") === "准予许可").length,
    refused: decided.filter((d) => d.licenceOutcome === "不予许可").length,
    revoked: decided.filter((d) => d.licenceOutcome === "撤销许可").length,
  };
}

function withDuty<T extends object>(input: EnforcementInput, id: EnforcementTableId, counts: T, counted: number) {
  const held = input.powerCategories.includes(ENFORCEMENT_TABLES[id].category);
  return held || counted > 0 ? ({ duty: true, ...counts } as Duty<T>) : ({ duty: false } as NoDuty);
}

/** The six tables for the year. */
export function countEnforcement(input: EnforcementInput, year: number): EnforcementData {
  const licensing = countLicensing(input, year);
  const penalty = countPenalties(input.decisions, year);
  const simple = (id: "coercion" | "levy" | "requisition" | "inspection") => {
    const decisions = countDecisions(input.decisions, ENFORCEMENT_TABLES[id].category, year);
    return withDuty(input, id, { decisions }, decisions);
  };
  const licensingCounted = Object.values(licensing).reduce((s, n) => s + n, 0);
  return {
    year,
    licensing: withDuty(input, "licensing", licensing, licensingCounted),
    penalty: withDuty(input, "penalty", penalty, penalty.total.count),
    coercion: simple("coercion"),
    levy: simple("levy"),
    requisition: simple("requisition"),
    inspection: simple("inspection"),
  };
}

const COUNT_COLUMN: TableColumn = { key: "decisions", labels: ["件数"], unit: "count" };
const CATEGORY_HEAD = "类别";

/** A table the body has no power for: one row, every cell 无相关行政执法职责. */
function noDutyBlock(label: string, stub: string, columns: readonly TableColumn[]): TableBlock {
  return { stub: [stub], columns, rows: [{ key: "none", labels: [label], cells: columns.map(() => NO_DUTY) }] };
}

/** The six tables as printed. */
export function enforcementTableViews(data: EnforcementData): ReportTable[] {
  const table = (id: EnforcementTableId, block: TableBlock): ReportTable => ({
    id,
    title: ENFORCEMENT_TABLES[id].title,
    blocks: [block],
  });
  const licensingColumns: TableColumn[] = (Object.keys(LICENSING_COLUMN_LABELS) as (keyof LicensingCounts)[]).map(
    (key) => ({ key, labels: [LICENSING_COLUMN_LABELS[key]], unit: "count" }),
  );
  const l = data.licensing;
  const licensing = l.duty
    ? {
        stub: [CATEGORY_HEAD],
        columns: licensingColumns,
        rows: [
          {
            key: "licensing",
            labels: ["行政许可"],
            cells: (Object.keys(LICENSING_COLUMN_LABELS) as (keyof LicensingCounts)[]).map((k) => l[k]),
          },
        ],
      }
    : noDutyBlock("行政许可", CATEGORY_HEAD, licensingColumns);
  const penaltyColumns: TableColumn[] = [
    { key: "count", labels: ["件数"], unit: "count" },
    { key: "fineYuan", labels: ["罚款金额（元）"], unit: "yuan" },
    { key: "confiscatedYuan", labels: ["没收金额（元）"], unit: "yuan" },
  ];
  const p = data.penalty;
  const penaltyRow = (key: string, label: string, r: PenaltyRow) => ({
    key,
    labels: [label],
    cells: [r.count, r.fineYuan, r.confiscatedYuan],
  });
  const penalty = p.duty
    ? {
        stub: ["处罚类别"],
        columns: penaltyColumns,
        rows: [
          ...PENALTY_CATEGORIES.map((c) => penaltyRow(c, c, p.byCategory[c])),
          penaltyRow("total", "合计", p.total),
        ],
      }
    : noDutyBlock("行政处罚", "处罚类别", penaltyColumns);
  const simple = (id: "coercion" | "levy" | "requisition" | "inspection") => {
    const d = data[id];
    const label = ENFORCEMENT_TABLES[id].category;
    return table(
      id,
      d.duty
        ? { stub: [CATEGORY_HEAD], columns: [COUNT_COLUMN], rows: [{ key: id, labels: [label], cells: [d.decisions] }] }
        : noDutyBlock(label, CATEGORY_HEAD, [COUNT_COLUMN]),
    );
  };
  return [
    table("licensing", licensing),
    table("penalty", penalty),
    simple("coercion"),
    simple("levy"),
    simple("requisition"),
    simple("inspection"),
  ];
}
