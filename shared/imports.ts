/**
 * Bulk import of historic 双公示 data (issue 21): which national column set a file's header is
 * (CF_ 行政处罚 or XK_ 行政许可, as codes or as their Chinese headers), and each row mapped to the
 * decision content the platform records, validated as the live API validates a decision
 * (required fields, dates, amounts, categories, credit codes with their check character). Pure:
 * the imports service reads the file (shared/tabular.ts) and the results service records the rows.
 */
import { creditCodeFieldProblem } from "./credit-code.js";
import { csvCell } from "./csv-cell.js";
import { isCalendarDate } from "./dates.js";
import type { Party, PartyType } from "./domain.js";
import { LICENCE_COLUMNS, PENALTY_COLUMNS } from "./exchange-columns.js";
import { errorMessageOf, problemMessageOf } from "./messages.js";
import { LICENCE_CATEGORIES, type Licence, type Penalty } from "./public-record.js";
import { PENALTY_CATEGORIES, type PenaltyCategory } from "./rules.js";

export type ImportKind = "penalty" | "licence";

/** What became of a row: written (imported, updated), found the same (unchanged), or not (refused); dry runs say would-. */
export const ROW_OUTCOMES = ["imported", "updated", "unchanged", "would-import", "would-update", "refused"] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export interface RowProblem {
  field: string;
  type: string;
  message: string;
  values?: Record<string, string | number>;
}

/** A row as the platform records it: the decision's content, less what the importing body supplies. */
export interface ImportedDecision {
  kind: "行政处罚" | "行政许可";
  decisionNo: string;
  decidedOn: string;
  party: Party;
  facts: string;
  conclusion: string;
  basis: string;
  /** 执法事项: the file names no power; the violation type (CF) or the project (XK) stands for it. */
  powerName: string;
  penalty?: Penalty;
  licence?: Licence;
  /** 公示截止期 the file gives (CF_GSJZQ), if any. */
  publicUntil?: string;
  /** 处罚机关/许可机关统一社会信用代码 the file gives, checked against the importing body. */
  bodyCreditCode?: string;
}

export interface ColumnSet {
  kind: ImportKind;
  /** Column code → index in the row's cells. */
  index: Map<string, number>;
}

const SETS: Record<ImportKind, readonly (readonly [string, string])[]> = {
  penalty: PENALTY_COLUMNS,
  licence: LICENCE_COLUMNS,
};

/** The columns a row cannot do without. */
const REQUIRED: Record<ImportKind, string[]> = {
  penalty: ["CF_WSH", "CF_XDR_MC", "CF_XDR_LB", "CF_SY", "CF_YJ", "CF_CFLB", "CF_NR", "CF_JDRQ"],
  licence: ["XK_WSH", "XK_XMMC", "XK_NR", "XK_XDR_MC", "XK_XDR_LB", "XK_JDRQ"],
};

function normalHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, "")
    .replace(/\s+/g, "")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）")
    .toUpperCase();
}

/**
 * The column set of a header: every cell a CF_ (or XK_) code or its Chinese header; the set whose
 * required columns are all there. Undefined when the header is neither (the file is refused whole).
 */
export function columnSet(header: string[]): ColumnSet | undefined {
  for (const kind of ["penalty", "licence"] as const) {
    const byName = new Map<string, string>();
    for (const [code, label] of SETS[kind]) {
      byName.set(normalHeader(code), code);
      byName.set(normalHeader(label), code);
    }
    const index = new Map<string, number>();
    header.forEach((h, i) => {
      const code = byName.get(normalHeader(h));
      if (code && !index.has(code)) index.set(code, i);
    });
    if (REQUIRED[kind].every((c) => index.has(c))) return { kind, index };
  }
  return undefined;
}

/** The codes of the required columns of a kind, for the refusal of a header. */
export function requiredColumns(kind: ImportKind): string[] {
  return REQUIRED[kind];
}

const PARTY_TYPES: Record<string, PartyType> = {
  法人及非法人组织: "legal",
  法人: "legal",
  非法人组织: "legal",
  自然人: "natural",
  个体工商户: "individual",
};

/** A date as historic files write it: 2024-03-01, 2024/3/1, 2024.3.1, 20240301, 2024年3月1日; else undefined. */
export function importDate(value: string): string | undefined {
  const v = value.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return isCalendarDate(iso) ? iso : undefined;
}

/** An amount in 万元 as the exchange writes it → 元 (two decimals); undefined when not a number ≥ 0. */
export function wanToYuan(value: string): number | undefined {
  const v = value.trim().replace(/,/g, "");
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  return Math.round(Number(v) * 10_000 * 100) / 100;
}

type Cells = (code: string) => string;

class RowChecker {
  readonly problems: RowProblem[] = [];
  constructor(private readonly cell: Cells) {}

  text(code: string, required: boolean): string {
    const v = this.cell(code).trim();
    if (required && !v)
      this.problems.push({ field: code, type: "IMPORT_FIELD_REQUIRED", message: `${code} is required` });
    return v;
  }

  date(code: string, required: boolean, today: string): string | undefined {
    const raw = this.text(code, required);
    if (!raw) return undefined;
    const date = importDate(raw);
    if (!date) this.problems.push({ field: code, type: "NOT_A_DATE", message: `${code} is not a calendar date` });
    else if (code.endsWith("JDRQ") && date > today)
      this.problems.push({ field: code, type: "DATE_IN_FUTURE", message: "a decision date cannot be in the future" });
    return date;
  }

  amount(code: string): number | undefined {
    const raw = this.text(code, false);
    if (!raw) return undefined;
    const yuan = wanToYuan(raw);
    if (yuan === undefined)
      this.problems.push({ field: code, type: "IMPORT_NOT_AN_AMOUNT", message: `${code} is not an amount in 万元` });
    return yuan;
  }

  creditCode(code: string, required: boolean): string | undefined {
    const v = this.text(code, required).toUpperCase();
    if (!v) return undefined;
    const problem = creditCodeFieldProblem(code, v);
    if (problem) this.problems.push(problem);
    return v;
  }

  party(prefix: "CF" | "XK"): Party {
    const name = this.text(`${prefix}_XDR_MC`, true);
    const label = this.text(`${prefix}_XDR_LB`, true);
    const type = PARTY_TYPES[label.replace(/\s+/g, "")];
    if (label && !type) {
      this.problems.push({
        field: `${prefix}_XDR_LB`,
        type: "IMPORT_UNKNOWN_PARTY_TYPE",
        message: `unknown 行政相对人类别 ${label}`,
      });
    }
    const creditCode = this.creditCode(`${prefix}_XDR_SHXYM`, type === "legal");
    const rep = this.text(`${prefix === "CF" ? "CF_FRDB" : "XK_FRDB"}`, false);
    const idNumber = this.text(`${prefix}_XDR_ZJHM`, false);
    return {
      type: type ?? "legal",
      name,
      ...(creditCode ? { creditCode } : {}),
      ...(rep ? { legalRepresentative: rep } : {}),
      // A natural person's ID number is kept (as the live record keeps it) and never published (redaction).
      ...(idNumber ? { idNumber } : {}),
    };
  }
}

export type MappedRow = { decision: ImportedDecision; problems: [] } | { decision?: undefined; problems: RowProblem[] };

function penaltyRow(c: RowChecker, today: string): ImportedDecision {
  const decisionNo = c.text("CF_WSH", true);
  const party = c.party("CF");
  const categoriesText = c.text("CF_CFLB", true);
  const categories = categoriesText
    .split(/[、,，;；/\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const cat of categories) {
    if (!(PENALTY_CATEGORIES as readonly string[]).includes(cat)) {
      c.problems.push({ field: "CF_CFLB", type: "IMPORT_UNKNOWN_CATEGORY", message: `unknown 处罚类别 ${cat}` });
    }
  }
  const fineAmount = c.amount("CF_NR_FK");
  if (categories.includes("罚款") && fineAmount === undefined && !c.problems.some((p) => p.field === "CF_NR_FK")) {
    c.problems.push({ field: "CF_NR_FK", type: "FINE_AMOUNT_REQUIRED", message: "a 罚款 needs its amount" });
  }
  const confiscatedAmount = c.amount("CF_NR_WFFF");
  const content = c.text("CF_NR", true);
  const violationType = c.text("CF_WFXW", false);
  const licenceAction = c.text("CF_NR_ZKDX", false);
  const validUntil = c.date("CF_YXQ", false, today);
  const penalty: Penalty = {
    categories: [...new Set(categories)] as PenaltyCategory[],
    content,
    ...(fineAmount !== undefined ? { fineAmount } : {}),
    ...(confiscatedAmount !== undefined ? { confiscatedAmount } : {}),
    ...(licenceAction ? { licenceAction } : {}),
    ...(violationType ? { violationType } : {}),
    ...(validUntil ? { validUntil } : {}),
  };
  const publicUntil = c.date("CF_GSJZQ", false, today);
  const bodyCreditCode = c.creditCode("CF_CFJGDM", false);
  return {
    kind: "行政处罚",
    decisionNo,
    decidedOn: c.date("CF_JDRQ", true, today) ?? "",
    party,
    facts: c.text("CF_SY", true),
    conclusion: content,
    basis: c.text("CF_YJ", true),
    powerName: violationType || "行政处罚",
    penalty,
    ...(publicUntil ? { publicUntil } : {}),
    ...(bodyCreditCode ? { bodyCreditCode } : {}),
  };
}

function licenceRow(c: RowChecker, today: string): ImportedDecision {
  const decisionNo = c.text("XK_WSH", true);
  const project = c.text("XK_XMMC", true);
  const category = c.text("XK_SPLB", false) || "普通";
  if (!(LICENCE_CATEGORIES as readonly string[]).includes(category)) {
    c.problems.push({ field: "XK_SPLB", type: "IMPORT_UNKNOWN_CATEGORY", message: `unknown 审批类别 ${category}` });
  }
  const content = c.text("XK_NR", true);
  const party = c.party("XK");
  const certificateName = c.text("XK_XKZS", false);
  const licenceNo = c.text("XK_XKBH", false);
  const validFrom = c.date("XK_YXQZ", false, today);
  const validTo = c.date("XK_YXQJZ", false, today);
  if (validFrom && validTo && validTo < validFrom) {
    c.problems.push({ field: "XK_YXQJZ", type: "RANGE_REVERSED", message: "validity ends before it starts" });
  }
  const bodyCreditCode = c.creditCode("XK_XKJGDM", false);
  const licence: Licence = {
    outcome: "准予许可",
    documentName: project,
    category,
    content,
    ...(certificateName ? { certificateName } : {}),
    ...(licenceNo ? { licenceNo } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validTo ? { validTo } : {}),
  };
  return {
    kind: "行政许可",
    decisionNo,
    decidedOn: c.date("XK_JDRQ", true, today) ?? "",
    party,
    facts: content,
    conclusion: content,
    basis: "",
    powerName: project,
    licence,
    ...(bodyCreditCode ? { bodyCreditCode } : {}),
  };
}

/** One row of a file of this column set as the decision it records, or every problem it has. */
export function mapRow(set: ColumnSet, cells: string[], today: string): MappedRow {
  const cell: Cells = (code) => {
    const i = set.index.get(code);
    return i === undefined ? "" : (cells[i] ?? "");
  };
  const c = new RowChecker(cell);
  const decision = set.kind === "penalty" ? penaltyRow(c, today) : licenceRow(c, today);
  if (c.problems.length) return { problems: c.problems };
  return { decision, problems: [] };
}

/** The 文书号 of a row, as far as it can be read (for the report of a refused row). */
export function rowDecisionNo(set: ColumnSet, cells: string[]): string {
  const i = set.index.get(set.kind === "penalty" ? "CF_WSH" : "XK_WSH");
  return i === undefined ? "" : (cells[i] ?? "").trim();
}

const LABELS = new Map<string, string>([...PENALTY_COLUMNS, ...LICENCE_COLUMNS]);

/** Why a row was refused, in Chinese, as the error report shows it: the column named, then the reason. */
export function rowReason(problem: RowProblem): string {
  const message =
    problemMessageOf({ ...problem.values, type: problem.type, field: problem.field }) ??
    errorMessageOf(problem.type, problem.values) ??
    problem.message;
  const label = LABELS.get(problem.field);
  return label ? `${label}（${problem.field}）：${message}` : message;
}

/** The report of refused rows: UTF-8 with BOM, 行号, 文书号, 数据项, 原因. */
export function errorReportCsv(rows: { line: number; decisionNo: string; field: string; reason: string }[]): string {
  const lines = [["行号", "文书号", "数据项", "原因"], ...rows.map((r) => [r.line, r.decisionNo, r.field, r.reason])];
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
