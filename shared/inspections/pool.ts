/**
 * An uploaded list of entities under supervision (检查对象名录库), checked row by row: its columns
 * found by their usual Chinese (or English) headers, each row's 统一社会信用代码 checked (GB 32100),
 * a name required, a credit code given twice refused on its second line. A pool version is made
 * only from a list without a refused row: a typo must not drop an entity from random inspection.
 */
import { creditCodeProblem, type CreditCodeProblem } from "../credit-code.js";
import { normalizeCreditCode } from "../identifiers.js";
import type { PoolEntity } from "./draw.js";

export interface PoolRow extends PoolEntity {
  line: number;
  address: string;
}

export interface RowProblem {
  line: number;
  creditCode: string;
  type: string;
  /** Values the message shows (the other line of a duplicate). */
  values?: Record<string, number | string>;
}

export type PoolColumn = "name" | "creditCode" | "address" | "category";

/** The headers each column is known by (after trimming, case-insensitive for the English ones). */
export const POOL_HEADERS: Record<PoolColumn, readonly string[]> = {
  name: ["名称", "企业名称", "单位名称", "主体名称", "市场主体名称", "检查对象名称", "name"],
  creditCode: ["统一社会信用代码", "社会信用代码", "信用代码", "creditcode", "credit_code"],
  address: ["地址", "住所", "经营场所", "住所（经营场所）", "注册地址", "address"],
  category: ["类别", "分类", "行业类别", "主体类别", "监管类别", "category"],
};

export const NAME_MAX = 200;
export const ADDRESS_MAX = 300;
export const CATEGORY_MAX = 50;

const CREDIT_CODE_TYPES: Record<CreditCodeProblem, string> = {
  length: "CREDIT_CODE_LENGTH",
  character: "CREDIT_CODE_CHARACTER",
  check: "CREDIT_CODE_CHECK",
};

export class PoolFileError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly values: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The index of each column in the header; name and 统一社会信用代码 are required (POOL_COLUMNS_MISSING). */
export function poolColumns(header: string[]): Record<PoolColumn, number> {
  const found = {} as Record<PoolColumn, number>;
  const names = header.map((h) => h.trim().toLowerCase());
  for (const [column, known] of Object.entries(POOL_HEADERS) as [PoolColumn, readonly string[]][]) {
    found[column] = names.findIndex((h) => known.includes(h));
  }
  const missing = (["name", "creditCode"] as const).filter((c) => found[c] < 0);
  if (missing.length) {
    throw new PoolFileError("POOL_COLUMNS_MISSING", "the list needs a 名称 and a 统一社会信用代码 column", {
      columns: missing.map((c) => POOL_HEADERS[c][0]).join("、"),
    });
  }
  return found;
}

/** Whether a row is a pool list's header: it names a 名称 and a 统一社会信用代码 column. */
export function isPoolHeader(cells: string[]): boolean {
  const names = cells.map((h) => h.trim().toLowerCase());
  return (["name", "creditCode"] as const).every((c) => names.some((h) => POOL_HEADERS[c].includes(h)));
}

/** One line of text: inner whitespace (tabs, newlines) made single spaces. */
const oneLine = (s: string | undefined): string => (s ?? "").normalize("NFC").replace(/\s+/g, " ").trim();

/** The rows checked: what a version would hold, and why each refused row is refused. */
export function checkPoolRows(
  columns: Record<PoolColumn, number>,
  rows: { line: number; cells: string[] }[],
): { entities: PoolRow[]; problems: RowProblem[] } {
  const entities: PoolRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const cell = (cells: string[], c: PoolColumn) => (columns[c] < 0 ? "" : oneLine(cells[columns[c]]));
  for (const { line, cells } of rows) {
    const creditCode = normalizeCreditCode(cell(cells, "creditCode"));
    const name = cell(cells, "name");
    const address = cell(cells, "address");
    const category = cell(cells, "category");
    const refuse = (type: string, values?: Record<string, number | string>) =>
      problems.push({ line, creditCode, type, ...(values ? { values } : {}) });
    if (!creditCode) refuse("POOL_CREDIT_CODE_MISSING");
    else if (creditCodeProblem(creditCode))
      refuse(CREDIT_CODE_TYPES[creditCodeProblem(creditCode) as CreditCodeProblem]);
    else if (!name) refuse("POOL_NAME_MISSING");
    else if (name.length > NAME_MAX) refuse("POOL_FIELD_TOO_LONG", { column: "名称", max: NAME_MAX });
    else if (address.length > ADDRESS_MAX) refuse("POOL_FIELD_TOO_LONG", { column: "地址", max: ADDRESS_MAX });
    else if (category.length > CATEGORY_MAX) refuse("POOL_FIELD_TOO_LONG", { column: "类别", max: CATEGORY_MAX });
    else if (seen.has(creditCode)) refuse("POOL_DUPLICATE", { otherLine: seen.get(creditCode) as number });
    else {
      seen.set(creditCode, line);
      entities.push({ line, creditCode, name, address, category });
    }
  }
  return { entities, problems };
}
