/**
 * Table 二 of the 政府信息公开工作年度报告, 主动公开政府信息情况 (国办公开办函〔2021〕30号), counted
 * from the records:
 *
 * - 规章 / 行政规范性文件 (第二十条第（一）项): 本年制发件数 — published (发布日期) in the year;
 *   本年废止件数 — a 废止 event dated in the year (a document lapsing at the end of its 有效期, 失效,
 *   is not 废止 and is not counted there); 现行有效件数 — in force on 31 December (有效 or 已修改,
 *   documents/status.ts `isInForce`: published, not 失效 or 废止, whether 施行 yet or not).
 * - 行政许可, 行政处罚, 行政强制 (第（五）、（六）项): 本年处理决定数量 — decisions of that kind whose
 *   决定日期 is in the year (a 不予许可 decision included: it is a 处理决定).
 * - 行政事业性收费 (第（八）项): 本年收费金额 — the fees collected in the year, in 万元.
 */
import type { PowerCategory } from "../domain.js";
import { isInForce } from "../documents/status.js";
import type { DecisionRecord, DocumentKind, DocumentRecord, FeeRecord } from "./records.js";
import type { ReportTable } from "./tables.js";
import { chinaDay, fenOf, inYear, wanOfFen, yearSpan } from "./years.js";

export interface DocumentCounts {
  /** 本年制发件数. */
  issued: number;
  /** 本年废止件数. */
  repealed: number;
  /** 现行有效件数. */
  inForce: number;
}

export interface ActiveTable {
  rule: DocumentCounts;
  normative: DocumentCounts;
  licensing: { decisions: number };
  penalty: { decisions: number };
  coercion: { decisions: number };
  /** 本年收费金额（单位：万元）. */
  fees: { amountWan: number };
}

export type ActiveRowKey = keyof ActiveTable;

export const ACTIVE_TABLE_TITLE = "二、主动公开政府信息情况";

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = { rule: "规章", normative: "行政规范性文件" };

/** The decision rows and the kind of decision each counts. */
export const ACTIVE_DECISION_ROWS = { licensing: "行政许可", penalty: "行政处罚", coercion: "行政强制" } as const;

/** Every cell of the table: its row and column, their words, and whether it is an amount. */
export const ACTIVE_CELLS: readonly {
  row: ActiveRowKey;
  rowLabel: string;
  column: string;
  columnLabel: string;
  amount: boolean;
}[] = [
  ...(["rule", "normative"] as const).flatMap((row) =>
    (
      [
        ["issued", "本年制发件数"],
        ["repealed", "本年废止件数"],
        ["inForce", "现行有效件数"],
      ] as const
    ).map(([column, columnLabel]) => ({
      row,
      rowLabel: DOCUMENT_KIND_LABELS[row],
      column,
      columnLabel,
      amount: false,
    })),
  ),
  ...(["licensing", "penalty", "coercion"] as const).map((row) => ({
    row,
    rowLabel: ACTIVE_DECISION_ROWS[row],
    column: "decisions",
    columnLabel: "本年处理决定数量",
    amount: false,
  })),
  {
    row: "fees",
    rowLabel: "行政事业性收费",
    column: "amountWan",
    columnLabel: "本年收费金额（单位：万元）",
    amount: true,
  },
];

/** Counts 规章 or 行政规范性文件 of `kind` for the year. */
export function countDocuments(documents: readonly DocumentRecord[], kind: DocumentKind, year: number): DocumentCounts {
  const span = yearSpan(year);
  const counts: DocumentCounts = { issued: 0, repealed: 0, inForce: 0 };
  for (const d of documents) {
    if (d.kind !== kind) continue;
    if (inYear(chinaDay(d.dates.publishedOn), span)) counts.issued++;
    if (d.events.some((e) => e.kind === "repealed" && inYear(chinaDay(e.on), span))) counts.repealed++;
    if (isInForce(d.dates, d.events, span.last)) counts.inForce++;
  }
  return counts;
}

/** Decisions of `kind` decided in the year. */
export function countDecisions(decisions: readonly DecisionRecord[], kind: PowerCategory, year: number): number {
  const span = yearSpan(year);
  return decisions.filter((d) => d.kind === kind && inYear(chinaDay(d.decidedOn), span)).length;
}

/** The fees collected in the year, in 万元 (summed in 分, exact). */
export function feesInYear(fees: readonly FeeRecord[], year: number): { fen: number; wan: number } {
  const span = yearSpan(year);
  const fen = fees.filter((f) => inYear(chinaDay(f.on), span)).reduce((sum, f) => sum + fenOf(f.amountYuan), 0);
  return { fen, wan: wanOfFen(fen) };
}

export interface ActiveInput {
  documents: readonly DocumentRecord[];
  decisions: readonly DecisionRecord[];
  fees: readonly FeeRecord[];
}

/** Table 二 for the year. */
export function countActiveTable(input: ActiveInput, year: number): ActiveTable {
  return {
    rule: countDocuments(input.documents, "rule", year),
    normative: countDocuments(input.documents, "normative", year),
    licensing: { decisions: countDecisions(input.decisions, "行政许可", year) },
    penalty: { decisions: countDecisions(input.decisions, "行政处罚", year) },
    coercion: { decisions: countDecisions(input.decisions, "行政强制", year) },
    fees: { amountWan: feesInYear(input.fees, year).wan },
  };
}

const HEAD = "信息内容";

/** Table 二 as printed: four blocks under the paragraphs of 条例 Art. 20 they report. */
export function activeTableView(t: ActiveTable): ReportTable {
  const documents = (row: "rule" | "normative") => ({
    key: row,
    labels: [DOCUMENT_KIND_LABELS[row]],
    cells: [t[row].issued, t[row].repealed, t[row].inForce],
  });
  const decisions = (row: keyof typeof ACTIVE_DECISION_ROWS) => ({
    key: row,
    labels: [ACTIVE_DECISION_ROWS[row]],
    cells: [t[row].decisions],
  });
  const decisionColumn = [{ key: "decisions", labels: ["本年处理决定数量"], unit: "count" as const }];
  return {
    id: "active",
    title: ACTIVE_TABLE_TITLE,
    blocks: [
      {
        caption: "第二十条第（一）项",
        stub: [HEAD],
        columns: [
          { key: "issued", labels: ["本年制发件数"], unit: "count" },
          { key: "repealed", labels: ["本年废止件数"], unit: "count" },
          { key: "inForce", labels: ["现行有效件数"], unit: "count" },
        ],
        rows: [documents("rule"), documents("normative")],
      },
      { caption: "第二十条第（五）项", stub: [HEAD], columns: decisionColumn, rows: [decisions("licensing")] },
      {
        caption: "第二十条第（六）项",
        stub: [HEAD],
        columns: decisionColumn,
        rows: [decisions("penalty"), decisions("coercion")],
      },
      {
        caption: "第二十条第（八）项",
        stub: [HEAD],
        columns: [{ key: "amountWan", labels: ["本年收费金额（单位：万元）"], unit: "wan" }],
        rows: [{ key: "fees", labels: ["行政事业性收费"], cells: [t.fees.amountWan] }],
      },
    ],
  };
}
