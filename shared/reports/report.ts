/**
 * The 政府信息公开工作年度报告 as a whole (条例 Art. 50; 国办公开办函〔2021〕30号): six sections in
 * the national order — 一 总体情况 (the officer's text), 二 主动公开 (table), 三 依申请 (table),
 * 四 复议诉讼 (table), 五 存在的主要问题及改进情况 (the officer's text), 六 其他需要报告的事项 (the
 * officer's text and the 信息处理费 charged, 政府信息公开信息处理费管理办法: notices sent and their
 * total, and the total collected). The HTML page, the PDF and the CSV all start from these sections.
 */
import { countActiveTable, activeTableView, type ActiveInput } from "./active.js";
import { checkDisclosureTables, type DisclosureTables } from "./arithmetic.js";
import { checkYearOver } from "./deadlines.js";
import type { InformationFeeRecord, RemedyRecord, RequestRecord } from "./records.js";
import { ReportRefusalError } from "./refusals.js";
import { countRemedies, remedyTableView } from "./remedies.js";
import { countRequests, requestTableView } from "./requests.js";
import type { ReportTable } from "./tables.js";
import { chinaDay, fenOf, inYear, optionalDay, yearSpan, yuanOfFen, type Day } from "./years.js";

export interface DisclosureInput extends ActiveInput {
  requests: readonly RequestRecord[];
  remedies: readonly RemedyRecord[];
}

/** Tables 二, 三 and 四 counted for the year. */
export function countDisclosureTables(input: DisclosureInput, year: number): DisclosureTables {
  return {
    active: countActiveTable(input, year),
    requests: countRequests(input.requests, year),
    remedies: countRemedies(input.remedies, year),
  };
}

/** 信息处理费 of the year: notices sent (by the day sent) and the amount collected (by the day paid). */
export interface InformationFees {
  notices: number;
  noticedYuan: number;
  collectedYuan: number;
}

export function countInformationFees(records: readonly InformationFeeRecord[], year: number): InformationFees {
  const span = yearSpan(year);
  let notices = 0;
  let noticed = 0;
  let collected = 0;
  for (const r of records) {
    const fen = fenOf(r.amountYuan);
    if (inYear(chinaDay(r.notifiedOn), span)) {
      notices++;
      noticed += fen;
    }
    const paid = optionalDay(r.paidOn);
    if (paid !== null && inYear(paid, span)) collected += fen;
  }
  return { notices, noticedYuan: yuanOfFen(noticed), collectedYuan: yuanOfFen(collected) };
}

/** The sentence of section 六 on 信息处理费. */
export function informationFeeText(fees: InformationFees): string {
  if (fees.notices === 0 && fees.collectedYuan === 0) return "本年度未发出信息处理费收费通知，未收取信息处理费。";
  return (
    `本年度发出信息处理费收费通知${fees.notices}件，总金额${fees.noticedYuan.toFixed(2)}元；` +
    `实际收取信息处理费总金额${fees.collectedYuan.toFixed(2)}元。`
  );
}

/** The officer's text of sections 一, 五 and 六. */
export interface DisclosureNarrative {
  /** 一、总体情况. */
  overview: string;
  /** 五、存在的主要问题及改进情况. */
  problems: string;
  /** 六、其他需要报告的事项 (the 信息处理费 sentence is added after it). */
  other: string;
}

export interface DisclosureReport {
  bodyName: string;
  year: number;
  tables: DisclosureTables;
  narrative: DisclosureNarrative;
  informationFees: InformationFees;
}

export interface ReportSection {
  /** 一 … 六. */
  number: string;
  /** The heading as printed: 一、总体情况. */
  title: string;
  paragraphs: string[];
  table?: ReportTable;
}

/** 某机关2025年政府信息公开工作年度报告. */
export function disclosureReportTitle(bodyName: string, year: number): string {
  return `${bodyName}${year}年政府信息公开工作年度报告`;
}

/** Text as paragraphs: one per non-blank line, trimmed. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The six sections in the national order. */
export function disclosureReportSections(report: DisclosureReport): ReportSection[] {
  const active = activeTableView(report.tables.active);
  const requests = requestTableView(report.tables.requests);
  const remedies = remedyTableView(report.tables.remedies);
  return [
    { number: "一", title: "一、总体情况", paragraphs: paragraphsOf(report.narrative.overview) },
    { number: "二", title: active.title, paragraphs: [], table: active },
    { number: "三", title: requests.title, paragraphs: [], table: requests },
    { number: "四", title: remedies.title, paragraphs: [], table: remedies },
    { number: "五", title: "五、存在的主要问题及改进情况", paragraphs: paragraphsOf(report.narrative.problems) },
    {
      number: "六",
      title: "六、其他需要报告的事项",
      paragraphs: [...paragraphsOf(report.narrative.other), informationFeeText(report.informationFees)],
    },
  ];
}

/** The report's tables, for its CSV. */
export function disclosureReportTables(report: DisclosureReport): ReportTable[] {
  return disclosureReportSections(report).flatMap((s) => (s.table ? [s.table] : []));
}

const REQUIRED_SECTIONS = [
  ["overview", "一、总体情况"],
  ["problems", "五、存在的主要问题及改进情况"],
] as const;

/**
 * Whether the report may be published on `today`: its year is over (409 REPORT_YEAR_NOT_OVER),
 * sections 一 and 五 are written (422 REPORT_SECTION_REQUIRED, field `narrative.<key>`), and the
 * tables add up (checkDisclosureTables: 422 REPORT_CELL_INVALID, 409 REPORT_ARITHMETIC).
 */
export function checkDisclosureReport(report: DisclosureReport, today: Day): void {
  checkYearOver(report.year, today);
  for (const [key, section] of REQUIRED_SECTIONS) {
    if (paragraphsOf(report.narrative[key] ?? "").length === 0) {
      throw new ReportRefusalError("REPORT_SECTION_REQUIRED", "the section is empty", `narrative.${key}`, { section });
    }
  }
  checkDisclosureTables(report.tables);
}
