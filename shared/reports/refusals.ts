/**
 * Why a report is refused: a `Refusal` (shared/refusal.ts) whose `type` has its message in
 * shared/messages.ts and whose `status` says which error of lib/errors.ts the service raises —
 * `ConflictError` (409, the report does not add up or its year is not over) or `fieldProblem`
 * (422, a value is wrong, naming its field).
 */
import { Refusal } from "../refusal.js";

/** Every type a report rule refuses with, and the HTTP status it answers. */
export const REPORT_REFUSAL_STATUS = {
  // The report as a whole (409)
  REPORT_ARITHMETIC: 409,
  REPORT_YEAR_NOT_OVER: 409,
  // A value the officer gave (422, with the field)
  REPORT_CELL_INVALID: 422,
  REPORT_CELL_UNKNOWN: 422,
  REPORT_CELL_REPEATED: 422,
  REPORT_SECTION_REQUIRED: 422,
  YEAR_OUT_OF_RANGE: 422,
  // The public statistics' period (from, to: YYYY-MM)
  STATS_MONTH_INVALID: 422,
  STATS_PERIOD_REVERSED: 422,
  STATS_PERIOD_TOO_LONG: 422,
} as const;

export type ReportRefusalType = keyof typeof REPORT_REFUSAL_STATUS;

/** One cell of a table, as a problem names it. */
export interface CellRef {
  /** The table's id ("requests") and its heading ("三、收到和处理政府信息公开申请情况"). */
  table: string;
  tableTitle: string;
  /** The row's key ("三(七)") and its words ("（七）总计"). */
  row: string;
  rowLabel: string;
  /** The column's key ("business") and its words ("法人或其他组织：商业企业"). */
  column: string;
  columnLabel: string;
}

/** Values the Chinese message shows (never personal data), and the whole list of problems. */
export interface ReportRefusalValues {
  table?: string;
  row?: string;
  column?: string;
  expected?: number | string;
  actual?: number | string;
  /** How many cells are wrong. */
  count?: number;
  year?: number;
  date?: string;
  section?: string;
  /** The longest period of the statistics, in months. */
  max?: number;
  /** Every problem found, the first of which the message names. */
  problems?: readonly unknown[];
}

export class ReportRefusalError extends Refusal<ReportRefusalType, ReportRefusalValues> {
  constructor(type: ReportRefusalType, message: string, field?: string, values: ReportRefusalValues = {}) {
    super(type, REPORT_REFUSAL_STATUS[type], message, field, values);
    this.name = "ReportRefusalError";
  }
}
