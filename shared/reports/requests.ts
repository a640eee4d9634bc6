/**
 * Table 三 of the annual report, 收到和处理政府信息公开申请情况 (国办公开办函〔2021〕30号): columns by
 * applicant (requests/applicants.ts APPLICANT_KINDS, then 总计), rows as the national form prints
 * them (requests/answers.ts ANSWER_TYPES, one row per answer type). The form has no subtotal rows
 * for （三）–（六）: each group's label spans its numbered rows, and （七）总计 adds every row of 三.
 *
 * Counting for year Y, on China calendar days (a request's 收到日 and the day it ended, answered
 * or closed on lapse):
 * - 一 本年新收: received in Y;
 * - 二 上年结转: received before 1 January Y and not ended before it;
 * - 三 办理结果: ended in Y, in the row of its answer type (received in Y or earlier);
 * - 四 结转下年度: received by 31 December Y and not ended by then.
 * So a request received 2025-12-30 and answered 2026-01-05 is 一 and 四 in 2025, 二 and 三 in 2026;
 * 一 + 二 = 三（七） + 四 in every column, and 四 of Y is 二 of Y + 1.
 */
import { ANSWER_GROUPS, ANSWER_TYPES, LAPSE_ANSWER_TYPE, answerType, type AnswerGroup } from "../requests/answers.js";
import {
  APPLICANT_KINDS,
  APPLICANT_KIND_LABELS,
  applicantColumnGroup,
  type ApplicantKind,
} from "../requests/applicants.js";
import type { RequestEvent } from "../requests/events.js";
import type { RequestRecord } from "./records.js";
import type { ReportTable, TableRow } from "./tables.js";
import { chinaDay, inYear, yearSpan } from "./years.js";

export const REQUEST_TABLE_TITLE = "三、收到和处理政府信息公开申请情况";
/** The form's top-left cell. */
export const REQUEST_TABLE_STUB = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

export type RequestColumn = ApplicantKind | "total";
export const REQUEST_COLUMN_KEYS: readonly RequestColumn[] = [...APPLICANT_KINDS, "total"];

export interface RequestColumnSpec {
  key: RequestColumn;
  /** The header path as printed. */
  labels: readonly string[];
  /** How a problem names the column. */
  name: string;
}

export const REQUEST_COLUMNS: readonly RequestColumnSpec[] = REQUEST_COLUMN_KEYS.map((key) => {
  if (key === "total") return { key, labels: ["申请人情况", "总计"], name: "总计" };
  const label = APPLICANT_KIND_LABELS[key];
  const group = applicantColumnGroup(key);
  return key === "natural_person"
    ? { key, labels: ["申请人情况", label], name: label }
    : { key, labels: ["申请人情况", group, label], name: `${group}：${label}` };
});

export interface RequestRowSpec {
  /** 一, 二, the answer type's row (三(一), 三(三)1 …), 三(七), 四. */
  key: string;
  labels: readonly string[];
  /** How a problem names the row. */
  name: string;
}

const RESULTS = "三、本年度办理结果";
const fullWidth = (s: string) => s.replace("(", "（").replace(")", "）");

function answerRow(t: (typeof ANSWER_TYPES)[number]): RequestRowSpec {
  const group = ANSWER_GROUPS[t.group];
  const numeral = fullWidth(group.row.slice(1));
  const item = t.row.slice(group.row.length);
  if (item === "") return { key: t.row, labels: [RESULTS, `${numeral}${t.label}`], name: `${numeral}${t.label}` };
  const groupLabel = `${numeral}${group.label}`;
  const itemLabel = `${item}.${t.label}`;
  return { key: t.row, labels: [RESULTS, groupLabel, itemLabel], name: `${groupLabel} ${itemLabel}` };
}

const single = (key: string, label: string): RequestRowSpec => ({ key, labels: [label], name: label });

export const REQUEST_ROWS: readonly RequestRowSpec[] = [
  single("一", "一、本年新收政府信息公开申请数量"),
  single("二", "二、上年结转政府信息公开申请数量"),
  ...ANSWER_TYPES.map(answerRow),
  { key: "三(七)", labels: [RESULTS, "（七）总计"], name: "（七）总计" },
  single("四", "四、结转下年度继续办理"),
];

export const REQUEST_ROW_KEYS: readonly string[] = REQUEST_ROWS.map((r) => r.key);
/** The rows （七）总计 adds: one per answer type. */
export const RESULT_ROW_KEYS: readonly string[] = ANSWER_TYPES.map((t) => t.row);

export type RequestCounts = Record<RequestColumn, number>;
/** Table 三: counts by row key (REQUEST_ROW_KEYS) and column. */
export type RequestTable = Record<string, RequestCounts>;

const zeroCounts = (): RequestCounts => Object.fromEntries(REQUEST_COLUMN_KEYS.map((c) => [c, 0])) as RequestCounts;

/** A table of zeros. */
export function emptyRequestTable(): RequestTable {
  return Object.fromEntries(REQUEST_ROW_KEYS.map((r) => [r, zeroCounts()]));
}

/**
 * Table 三 for the year. A request that ends before its 收到日 is a bug of the records (the history
 * is in date order), hence a RangeError.
 */
export function countRequests(records: readonly RequestRecord[], year: number): RequestTable {
  const span = yearSpan(year);
  const table = emptyRequestTable();
  const add = (row: string, kind: ApplicantKind) => {
    const counts = table[row] as RequestCounts;
    counts[kind]++;
    counts.total++;
  };
  for (const r of records) {
    const received = chinaDay(r.receivedOn);
    const ended = r.closed ? chinaDay(r.closed.on) : null;
    if (ended !== null && ended < received) throw new RangeError(`a request ends (${ended}) before its receipt`);
    if (received > span.last) continue;
    const kind = r.applicantKind;
    if (received >= span.first) add("一", kind);
    else if (ended === null || ended >= span.first) add("二", kind);
    if (ended !== null && inYear(ended, span)) {
      add(answerType((r.closed as NonNullable<RequestRecord["closed"]>).answerType).row, kind);
      add("三(七)", kind);
    }
    if (ended === null || ended > span.last) add("四", kind);
  }
  return table;
}

/**
 * A request's record from its history (requests/events.ts): the first `received` is its 收到日, an
 * `answered` or `lapsed` event its end. Null for a request never received.
 */
export function requestRecordOf(applicantKind: ApplicantKind, events: readonly RequestEvent[]): RequestRecord | null {
  const received = events.find((e) => e.kind === "received");
  if (!received) return null;
  for (const e of events) {
    if (e.kind === "answered")
      return { applicantKind, receivedOn: received.on, closed: { answerType: e.answerType, on: e.on } };
    if (e.kind === "lapsed") {
      return { applicantKind, receivedOn: received.on, closed: { answerType: LAPSE_ANSWER_TYPE[e.reason], on: e.on } };
    }
  }
  return { applicantKind, receivedOn: received.on, closed: null };
}

/** The outcome groups' sums ((三) 不予公开 …), for charts: the form itself prints no subtotal. */
export function requestGroupTotals(table: RequestTable): Record<AnswerGroup, RequestCounts> {
  const totals = Object.fromEntries(Object.keys(ANSWER_GROUPS).map((g) => [g, zeroCounts()])) as Record<
    AnswerGroup,
    RequestCounts
  >;
  for (const t of ANSWER_TYPES) {
    for (const c of REQUEST_COLUMN_KEYS) totals[t.group][c] += table[t.row]?.[c] ?? 0;
  }
  return totals;
}

/** A column whose 二 this year is not last year's 四 (a warning: last year may predate the platform). */
export interface CarryOverMismatch {
  column: RequestColumn;
  columnLabel: string;
  previousCarriedOut: number;
  carriedIn: number;
}

export function carryOverMismatches(previous: RequestTable, current: RequestTable): CarryOverMismatch[] {
  return REQUEST_COLUMNS.flatMap((c) => {
    const previousCarriedOut = previous["四"]?.[c.key] ?? 0;
    const carriedIn = current["二"]?.[c.key] ?? 0;
    return previousCarriedOut === carriedIn
      ? []
      : [{ column: c.key, columnLabel: c.name, previousCarriedOut, carriedIn }];
  });
}

/** Table 三 as printed. */
export function requestTableView(t: RequestTable): ReportTable {
  const rows: TableRow[] = REQUEST_ROWS.map((r) => ({
    key: r.key,
    labels: r.labels,
    cells: REQUEST_COLUMN_KEYS.map((c) => t[r.key]?.[c] ?? 0),
  }));
  return {
    id: "requests",
    title: REQUEST_TABLE_TITLE,
    blocks: [
      {
        stub: [REQUEST_TABLE_STUB, "", ""],
        columns: REQUEST_COLUMNS.map((c) => ({ key: c.key, labels: c.labels, unit: "count" })),
        rows,
      },
    ],
  };
}
