/**
 * The arithmetic of the annual report's tables, checked before publication (a table counted by
 * the platform always passes; one an officer corrected may not):
 * - every cell a count (an integer ≥ 0) or, for 收费金额, an amount ≥ 0;
 * - table 三: 总计 = 自然人 + the five kinds of 法人或其他组织 in every row; （七）总计 = the sum of
 *   the rows of （一）–（六） in every column; 一 + 二 = 三（七） + 四 in every column;
 * - table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 for each track.
 * A problem names its cell (table, row, column, in the form's words) and says what was expected.
 * Corrections are overrides of single cells (`applyOverrides`), kept beside the computed value.
 */
import { ACTIVE_CELLS, ACTIVE_TABLE_TITLE, type ActiveTable } from "./active.js";
import { REMEDY_TRACKS } from "./records.js";
import { ReportRefusalError, type CellRef } from "./refusals.js";
import {
  REMEDY_COLUMN_KEYS,
  REMEDY_COLUMN_LABELS,
  REMEDY_TABLE_TITLE,
  remedyTrackName,
  type RemedyTable,
} from "./remedies.js";
import { REQUEST_COLUMNS, REQUEST_ROWS, REQUEST_TABLE_TITLE, RESULT_ROW_KEYS, type RequestTable } from "./requests.js";

export const DISCLOSURE_TABLE_IDS = ["active", "requests", "remedies"] as const;
export type DisclosureTableId = (typeof DISCLOSURE_TABLE_IDS)[number];

/** Tables 二, 三 and 四 of a 政府信息公开工作年度报告. */
export interface DisclosureTables {
  active: ActiveTable;
  requests: RequestTable;
  remedies: RemedyTable;
}

export type ArithmeticRule = "count" | "amount" | "row_total" | "column_total" | "balance";

export interface CellProblem extends CellRef {
  rule: ArithmeticRule;
  /** The rule in the form's words. */
  explanation: string;
  /** The value the rule asks for; for a value that is no count, what it must be. */
  expected: number | string;
  /** The value found; null when the cell is missing. */
  actual: number | string | null;
}

interface CellSpec extends CellRef {
  amount: boolean;
}

type CellKey = readonly [row: string, column: string];

interface LinearRule {
  rule: Exclude<ArithmeticRule, "count" | "amount">;
  explanation: string;
  /** target = Σ plus − Σ minus. */
  target: CellKey;
  plus: readonly CellKey[];
  minus: readonly CellKey[];
}

interface TableSpec {
  id: DisclosureTableId;
  title: string;
  cells: readonly CellSpec[];
  rules: readonly LinearRule[];
}

const ACTIVE_SPEC: TableSpec = {
  id: "active",
  title: ACTIVE_TABLE_TITLE,
  cells: ACTIVE_CELLS.map((c) => ({ table: "active", tableTitle: ACTIVE_TABLE_TITLE, ...c })),
  rules: [],
};

const KINDS = REQUEST_COLUMNS.filter((c) => c.key !== "total").map((c) => c.key);

const REQUESTS_SPEC: TableSpec = {
  id: "requests",
  title: REQUEST_TABLE_TITLE,
  cells: REQUEST_ROWS.flatMap((r) =>
    REQUEST_COLUMNS.map((c) => ({
      table: "requests",
      tableTitle: REQUEST_TABLE_TITLE,
      row: r.key,
      rowLabel: r.name,
      column: c.key,
      columnLabel: c.name,
      amount: false,
    })),
  ),
  rules: [
    ...REQUEST_ROWS.map((r): LinearRule => ({
      rule: "row_total",
      explanation: "总计等于自然人与法人或其他组织各列之和",
      target: [r.key, "total"],
      plus: KINDS.map((k) => [r.key, k] as const),
      minus: [],
    })),
    ...REQUEST_COLUMNS.flatMap((c): LinearRule[] => [
      {
        rule: "column_total",
        explanation: "（七）总计等于（一）至（六）各项之和",
        target: ["三(七)", c.key],
        plus: RESULT_ROW_KEYS.map((r) => [r, c.key] as const),
        minus: [],
      },
      {
        rule: "balance",
        explanation: "第一项加第二项之和，等于第三项加第四项之和",
        target: ["四", c.key],
        plus: [
          ["一", c.key],
          ["二", c.key],
        ],
        minus: [["三(七)", c.key]],
      },
    ]),
  ],
};

const PARTS = REMEDY_COLUMN_KEYS.filter((c) => c !== "total");

const REMEDIES_SPEC: TableSpec = {
  id: "remedies",
  title: REMEDY_TABLE_TITLE,
  cells: REMEDY_TRACKS.flatMap((t) =>
    REMEDY_COLUMN_KEYS.map((c) => ({
      table: "remedies",
      tableTitle: REMEDY_TABLE_TITLE,
      row: t,
      rowLabel: remedyTrackName(t),
      column: c,
      columnLabel: REMEDY_COLUMN_LABELS[c],
      amount: false,
    })),
  ),
  rules: REMEDY_TRACKS.map((t) => ({
    rule: "row_total",
    explanation: "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
    target: [t, "total"],
    plus: PARTS.map((c) => [t, c] as const),
    minus: [],
  })),
};

const SPECS: Record<DisclosureTableId, TableSpec> = {
  active: ACTIVE_SPEC,
  requests: REQUESTS_SPEC,
  remedies: REMEDIES_SPEC,
};

type Grid = Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;

const valueAt = (grid: unknown, [row, column]: CellKey): unknown =>
  typeof grid === "object" && grid !== null ? (grid as Grid)[row]?.[column] : undefined;

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isAmount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

function cellOf(spec: TableSpec, [row, column]: CellKey): CellSpec {
  return spec.cells.find((c) => c.row === row && c.column === column) as CellSpec;
}

const shown = (v: unknown): number | string | null =>
  v === undefined || v === null ? null : typeof v === "number" ? v : String(v);

/** Cells that are not a count (or an amount). */
function valueProblems(spec: TableSpec, grid: unknown): CellProblem[] {
  return spec.cells.flatMap((c) => {
    const v = valueAt(grid, [c.row, c.column]);
    if (c.amount ? isAmount(v) : isCount(v)) return [];
    const { amount: _, ...ref } = c;
    return [
      {
        ...ref,
        rule: c.amount ? "amount" : "count",
        explanation: c.amount ? "金额须为不小于 0 的数" : "件数须为不小于 0 的整数",
        expected: c.amount ? "不小于 0 的数" : "不小于 0 的整数",
        actual: shown(v),
      },
    ];
  });
}

function ruleProblems(spec: TableSpec, grid: unknown): CellProblem[] {
  const at = (key: CellKey) => valueAt(grid, key) as number;
  return spec.rules.flatMap((r) => {
    const expected = r.plus.reduce((s, k) => s + at(k), 0) - r.minus.reduce((s, k) => s + at(k), 0);
    const actual = at(r.target);
    if (actual === expected) return [];
    const { amount: _, ...ref } = cellOf(spec, r.target);
    return [{ ...ref, rule: r.rule, explanation: r.explanation, expected, actual }];
  });
}

/**
 * Every problem of the tables: the values that are no count or amount if there are any (the sums
 * mean nothing until each cell is a number), else every broken sum, table by table.
 */
export function disclosureProblems(tables: DisclosureTables): CellProblem[] {
  const values = DISCLOSURE_TABLE_IDS.flatMap((id) => valueProblems(SPECS[id], tables?.[id]));
  if (values.length > 0) return values;
  return DISCLOSURE_TABLE_IDS.flatMap((id) => ruleProblems(SPECS[id], tables[id]));
}

/**
 * Refuses tables that do not add up, naming the first cell and listing every problem in
 * `values.problems`: 422 REPORT_CELL_INVALID (field `<table>.<row>.<column>`) for a value that is
 * no count, else 409 REPORT_ARITHMETIC.
 */
export function checkDisclosureTables(tables: DisclosureTables): void {
  const problems = disclosureProblems(tables);
  const first = problems[0];
  if (!first) return;
  const values = {
    table: first.tableTitle,
    row: first.rowLabel,
    column: first.columnLabel,
    expected: first.expected,
    actual: first.actual ?? "空",
    count: problems.length,
    problems,
  };
  if (first.rule === "count" || first.rule === "amount") {
    const field = `${first.table}.${first.row}.${first.column}`;
    throw new ReportRefusalError("REPORT_CELL_INVALID", "a cell is not a count", field, values);
  }
  throw new ReportRefusalError("REPORT_ARITHMETIC", "the tables do not add up", undefined, values);
}

/** An officer's correction of one cell. */
export interface CellOverride {
  table: DisclosureTableId;
  row: string;
  column: string;
  value: number;
}

/** A correction applied, with the value the platform counted. */
export interface AppliedOverride extends CellOverride, Omit<CellRef, "table"> {
  computed: number;
}

/** fastest-validator schema of a list of corrections. */
export const CELL_OVERRIDES_SCHEMA = {
  type: "array",
  max: 500,
  items: {
    type: "object",
    props: {
      table: { type: "enum", values: [...DISCLOSURE_TABLE_IDS] },
      row: { type: "string", min: 1, max: 20 },
      column: { type: "string", min: 1, max: 40 },
      value: { type: "number", min: 0, max: 1e12 },
    },
  },
} as const;

/**
 * The tables with the officer's corrections, and each correction beside the counted value; the
 * result still has to pass `checkDisclosureTables`. Refuses (422, field `overrides[i]…`) a cell
 * the tables lack (REPORT_CELL_UNKNOWN), one corrected twice (REPORT_CELL_REPEATED) and a value
 * that is no count or amount (REPORT_CELL_INVALID).
 */
export function applyOverrides(
  tables: DisclosureTables,
  overrides: readonly CellOverride[],
): { tables: DisclosureTables; applied: AppliedOverride[] } {
  const result = structuredClone(tables);
  const applied: AppliedOverride[] = [];
  overrides.forEach((o, i) => {
    const spec = (SPECS as Record<string, TableSpec | undefined>)[o.table];
    const cell = spec?.cells.find((c) => c.row === o.row && c.column === o.column);
    if (!spec || !cell) {
      throw new ReportRefusalError("REPORT_CELL_UNKNOWN", "the tables have no such cell", `overrides[${i}]`);
    }
    const { amount, ...ref } = cell;
    if (applied.some((a) => a.table === o.table && a.row === o.row && a.column === o.column)) {
      throw new ReportRefusalError("REPORT_CELL_REPEATED", "the cell is corrected twice", `overrides[${i}]`, {
        table: ref.tableTitle,
        row: ref.rowLabel,
        column: ref.columnLabel,
      });
    }
    if (!(amount ? isAmount(o.value) : isCount(o.value))) {
      throw new ReportRefusalError("REPORT_CELL_INVALID", "not a count", `overrides[${i}].value`, {
        table: ref.tableTitle,
        row: ref.rowLabel,
        column: ref.columnLabel,
        expected: amount ? "不小于 0 的数" : "不小于 0 的整数",
        actual: shown(o.value) ?? "空",
      });
    }
    const row = (result[o.table] as unknown as Record<string, Record<string, number>>)[o.row] as Record<string, number>;
    applied.push({ ...ref, table: o.table, value: o.value, computed: row[o.column] as number });
    row[o.column] = o.value;
  });
  return { tables: result, applied };
}
