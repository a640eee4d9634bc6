/**
 * Annual reports (issue 17): the 政府信息公开工作年度报告 (条例 Arts. 49–50, 国办公开办函〔2021〕30号)
 * and the 行政执法年度数据, both due by 31 January. Pure rules, no broker and no database, for the
 * `reports` service, which gathers the records from the other services, counts, lets an officer
 * correct and write, checks, and publishes:
 *
 * - years.ts — the year on China calendar days, instants turned into their China day, money in 分;
 * - records.ts — the plain records counted (documents, decisions, fees, requests, remedies…);
 * - tables.ts — a table as printed (labelled blocks), header and row-label spans for HTML;
 * - active.ts, requests.ts, remedies.ts — tables 二, 三 and 四: their words, counting rules and views
 *   (table 三's rows and columns are requests/answers.ts ANSWER_TYPES and applicants.ts APPLICANT_KINDS);
 * - arithmetic.ts — the checks before publication, naming each broken cell, and officers' corrections;
 * - enforcement.ts — the six tables of 行政执法年度数据, most severe 处罚类别, 无相关行政执法职责;
 * - csv.ts — any table as CSV in the form's words;
 * - report.ts — the report's six sections, 信息处理费, and the publication gate;
 * - stats.ts — the public statistics: the period in months, aggregates shaped into the public view
 *   (medians of working days, shares published on time, penalties by most severe category), each
 *   chart's table;
 * - deadlines.ts — due 31 January, warned from 15 January, overdue after;
 * - refusals.ts — `ReportRefusalError` (a shared/refusal.ts `Refusal`), whose `type` has its message
 *   in shared/messages.ts and whose `status` (409 or 422) says which error the service raises.
 */

export {
  MAX_REPORT_YEAR,
  MIN_REPORT_YEAR,
  chinaDay,
  fenOf,
  inYear,
  optionalDay,
  wanOfFen,
  yearSpan,
  yuanOfFen,
  type Day,
  type YearSpan,
} from "./reports/years.js";
export {
  DOCUMENT_KINDS,
  REMEDY_OUTCOMES,
  REMEDY_TRACKS,
  type DecisionRecord,
  type DocumentKind,
  type DocumentRecord,
  type FeeRecord,
  type InformationFeeRecord,
  type LicenceApplicationRecord,
  type RemedyOutcome,
  type RemedyRecord,
  type RemedyTrack,
  type RequestRecord,
} from "./reports/records.js";
export {
  NO_DUTY,
  NO_FIGURE,
  headerCells,
  headerDepth,
  headerRows,
  rowHeaderCells,
  rowLabelCells,
  type CellValue,
  type ColumnUnit,
  type ReportTable,
  type SpanCell,
  type TableBlock,
  type TableColumn,
  type TableRow,
} from "./reports/tables.js";
export {
  ACTIVE_CELLS,
  ACTIVE_DECISION_ROWS,
  ACTIVE_TABLE_TITLE,
  DOCUMENT_KIND_LABELS,
  activeTableView,
  countActiveTable,
  countDecisions,
  countDocuments,
  feesInYear,
  type ActiveInput,
  type ActiveRowKey,
  type ActiveTable,
  type DocumentCounts,
} from "./reports/active.js";
export {
  REQUEST_COLUMNS,
  REQUEST_COLUMN_KEYS,
  REQUEST_ROWS,
  REQUEST_ROW_KEYS,
  REQUEST_TABLE_STUB,
  REQUEST_TABLE_TITLE,
  RESULT_ROW_KEYS,
  carryOverMismatches,
  countRequests,
  emptyRequestTable,
  requestGroupTotals,
  requestRecordOf,
  requestTableView,
  type CarryOverMismatch,
  type RequestColumn,
  type RequestColumnSpec,
  type RequestCounts,
  type RequestRowSpec,
  type RequestTable,
} from "./reports/requests.js";
export {
  REMEDY_COLUMN_KEYS,
  REMEDY_COLUMN_LABELS,
  REMEDY_TABLE_TITLE,
  REMEDY_TRACK_LABELS,
  countRemedies,
  emptyRemedyTable,
  remedyTableView,
  remedyTrackName,
  type RemedyColumn,
  type RemedyCounts,
  type RemedyTable,
} from "./reports/remedies.js";
export {
  CELL_OVERRIDES_SCHEMA,
  DISCLOSURE_TABLE_IDS,
  applyOverrides,
  checkDisclosureTables,
  disclosureProblems,
  type AppliedOverride,
  type ArithmeticRule,
  type CellOverride,
  type CellProblem,
  type DisclosureTableId,
  type DisclosureTables,
} from "./reports/arithmetic.js";
export {
  ENFORCEMENT_TABLES,
  ENFORCEMENT_TABLE_IDS,
  ENFORCEMENT_TITLE,
  LICENSING_COLUMN_LABELS,
  PENALTY_SEVERITY,
  countEnforcement,
  countLicensing,
  countPenalties,
  enforcementTableViews,
  mostSevereCategory,
  type Duty,
  type EnforcementData,
  type EnforcementInput,
  type EnforcementTableId,
  type LicensingCounts,
  type NoDuty,
  type PenaltyCounts,
  type PenaltyRow,
} from "./reports/enforcement.js";
export { csvCell, csvText, formatCell, tableCsv, tableCsvRows, tablesCsv } from "./reports/csv.js";
export {
  checkDisclosureReport,
  countDisclosureTables,
  countInformationFees,
  disclosureReportSections,
  disclosureReportTables,
  disclosureReportTitle,
  informationFeeText,
  paragraphsOf,
  type DisclosureInput,
  type DisclosureNarrative,
  type DisclosureReport,
  type InformationFees,
  type ReportSection,
} from "./reports/report.js";
export {
  DEFAULT_STATS_MONTHS,
  MAX_STATS_MONTHS,
  STATS_CHARTS,
  STATS_CHART_TITLES,
  STATS_TOP_POWERS,
  addMonths,
  chinaMonth,
  medianOf,
  monthLabel,
  monthOf,
  onTimeShare,
  publicStats,
  statsPeriod,
  statsTables,
  type DecisionAggregates,
  type Month,
  type PublicStats,
  type ResponseAggregates,
  type Responsiveness,
  type StatsChart,
  type StatsInput,
  type StatsPeriod,
  type StatsScope,
  type StatsScopeKind,
} from "./reports/stats.js";
export {
  REPORT_DUE_DAY,
  REPORT_WARNING_DAY,
  checkYearOver,
  pastReportYear,
  reportDeadline,
  reportDueOn,
  reportWarningFrom,
  type ReportDeadline,
  type ReportDeadlineStatus,
} from "./reports/deadlines.js";
export {
  REPORT_REFUSAL_STATUS,
  ReportRefusalError,
  type CellRef,
  type ReportRefusalType,
  type ReportRefusalValues,
} from "./reports/refusals.js";
