/**
 * The reports service's contract: an officer counts a body's 政府信息公开工作年度报告 or 行政执法年度数据
 * for a year (a draft, counted afresh on demand), writes its sections and corrects cells, and
 * publishes it (arithmetic first: 409 REPORT_ARITHMETIC naming the cell); the public reads it as
 * JSON, CSV (the form's words) and a signed PDF; the feed pulls publications from the outbox.
 */
import { action, EVENTS_SINCE_PARAMS, type EventsSinceParams } from "../../lib/contract.js";
import { ANY, arr, BOOL, INT, json, media, MAP, nullable, NUM, obj, oneOf, opt, STR } from "../../lib/replies.js";
import { POWER_CATEGORIES } from "../../shared/domain.js";
import { PENALTY_CATEGORIES } from "../../shared/rules.js";
import {
  CELL_OVERRIDES_SCHEMA,
  type AppliedOverride,
  type CellOverride,
  type CellProblem,
  type DisclosureNarrative,
  type ReportDeadline,
  type ReportSection,
} from "../../shared/reports.js";
import { STATS_CHARTS, type PublicStats, type StatsChart } from "../../shared/reports.js";
import type { ParamsSchema, RuleObject } from "../../shared/validation.js";
import { REPORT_KINDS, REPORT_STATUSES, type ReportKind, type ReportStatus } from "./entities.js";

export { REPORT_KINDS, type PublicStats, type ReportKind, type ReportStatus, type StatsChart };

export interface ReportKey {
  kind: ReportKind;
  year: number;
  /** Admins name the body; an officer's is their own. */
  bodyId?: string;
}

export interface EditReportParams extends ReportKey {
  narrative?: Partial<DisclosureNarrative>;
  overrides?: CellOverride[];
}

export interface PublicReportKey {
  kind: ReportKind;
  year: number;
  bodyId: string;
}

export interface ListReportsParams {
  bodyId?: string;
  year?: number;
  kind?: ReportKind;
}

/** What anyone may read of a published report. */
export interface PublicReport {
  id: string;
  bodyId: string;
  bodyName: string;
  kind: ReportKind;
  year: number;
  title: string;
  publishedAt: string;
  publishedOn: string;
  /** When the public record last changed (its publication: a published report is frozen). */
  updatedAt: string;
  sections: ReportSection[];
  /** The numbers behind the tables (counts by row and column; the six tables' counts). */
  data: unknown;
  verifyCode: string | null;
  sha256: string | null;
  htmlUrl: string;
  csvUrl: string;
  pdfUrl: string | null;
}

/** The officer's view: the draft (or the published report) with what would stop publication. */
export interface ReportView extends Omit<PublicReport, "publishedAt" | "publishedOn" | "updatedAt"> {
  status: ReportStatus;
  publishedAt: string | null;
  publishedOn: string | null;
  narrative: DisclosureNarrative;
  overrides: AppliedOverride[];
  problems: CellProblem[];
  countedAt: string;
  deadline: ReportDeadline;
}

export interface ReportItem {
  id: string;
  bodyId: string;
  bodyName: string;
  kind: ReportKind;
  year: number;
  title: string;
  status: ReportStatus;
  publishedOn: string | null;
  deadline: ReportDeadline;
}

/** A body's reports, and the state of the past year's two reports (the console's warning). */
export interface ReportList {
  items: ReportItem[];
  due: { bodyId: string; kind: ReportKind; year: number; deadline: ReportDeadline }[];
}

export interface PublicReportList {
  items: (Omit<ReportItem, "status" | "publishedOn"> & { publishedOn: string | null; published: boolean })[];
}

/** The public statistics asked for: a body, a region or every body; months YYYY-MM (default: the last twelve). */
export interface StatsParams {
  bodyId?: string;
  region?: string;
  from?: string;
  to?: string;
}

export interface StatsCsvParams extends StatsParams {
  chart: StatsChart;
}

/** A change of the outbox, for the feed: the published report's public view. */
export interface ReportsChange {
  seq: string;
  id: string;
  view: PublicReport | null;
}

const KIND = { type: "enum", values: [...REPORT_KINDS] };
const SECTION_TEXT = { type: "string", trim: true, max: 20_000, optional: true };
const YEAR = { type: "number", integer: true, min: 2000, max: 2100, convert: true };
const BODY = { type: "string", max: 100, optional: true };
const KEY: ParamsSchema = { kind: KIND, year: YEAR, bodyId: BODY };
/** The sections and corrections an officer writes (edit), or gives with the publication. */
const EDIT: ParamsSchema = {
  ...KEY,
  narrative: {
    type: "object",
    optional: true,
    // Empty clears a section (一 and 五 must be written before publication: 422 REPORT_SECTION_REQUIRED).
    props: { overview: SECTION_TEXT, problems: SECTION_TEXT, other: SECTION_TEXT },
  },
  overrides: { ...CELL_OVERRIDES_SCHEMA, optional: true } as unknown as ParamsSchema[string],
};
const PUBLIC_KEY: ParamsSchema = { kind: KIND, year: YEAR, bodyId: { type: "string", min: 1, max: 100 } };
const CSV_KEY: ParamsSchema = { year: YEAR, bodyId: { type: "string", min: 1, max: 100 } };

const DEADLINE = obj({
  year: INT,
  dueOn: STR,
  warnFrom: STR,
  status: oneOf(["year_not_over", "open", "due_soon", "overdue", "published", "published_late"]),
  warn: BOOL,
  overdue: BOOL,
  daysLeft: nullable(INT),
  daysLate: nullable(INT),
});

const SECTION = obj({ number: STR, title: STR, paragraphs: arr(STR), table: opt(MAP) });

const PUBLIC_FIELDS = {
  id: STR,
  bodyId: STR,
  bodyName: STR,
  kind: oneOf(REPORT_KINDS),
  year: INT,
  title: STR,
  sections: arr(SECTION),
  data: ANY,
  verifyCode: nullable(STR),
  sha256: nullable(STR),
  htmlUrl: STR,
  csvUrl: STR,
  pdfUrl: nullable(STR),
};

export const PUBLIC_REPORT = obj({ ...PUBLIC_FIELDS, publishedAt: STR, publishedOn: STR, updatedAt: STR });

const REPORT_VIEW = obj({
  ...PUBLIC_FIELDS,
  status: oneOf(REPORT_STATUSES),
  publishedAt: nullable(STR),
  publishedOn: nullable(STR),
  narrative: obj({ overview: STR, problems: STR, other: STR }),
  overrides: arr(MAP),
  problems: arr(MAP),
  countedAt: STR,
  deadline: DEADLINE,
});

const ITEM_FIELDS = { id: STR, bodyId: STR, bodyName: STR, kind: oneOf(REPORT_KINDS), year: INT, title: STR };

const REPORT_LIST = obj({
  items: arr(obj({ ...ITEM_FIELDS, status: oneOf(REPORT_STATUSES), publishedOn: nullable(STR), deadline: DEADLINE })),
  due: arr(obj({ bodyId: STR, kind: oneOf(REPORT_KINDS), year: INT, deadline: DEADLINE })),
});

const PUBLIC_LIST = obj({
  items: arr(obj({ ...ITEM_FIELDS, publishedOn: nullable(STR), published: BOOL, deadline: DEADLINE })),
});

// Months are checked by the shared rule (422 STATS_MONTH_INVALID), so the message says what a month looks like.
const STATS_PARAMS: ParamsSchema = {
  bodyId: { type: "string", max: 100, optional: true },
  region: { type: "string", trim: true, max: 100, optional: true },
  from: { type: "string", max: 20, optional: true },
  to: { type: "string", max: 20, optional: true },
};

const MONTH_COUNT = (extra: Record<string, RuleObject> = {}) => obj({ month: STR, ...extra });
const RESPONSIVENESS = obj({
  enough: BOOL,
  minimum: INT,
  received: nullable(INT),
  answered: nullable(INT),
  medianWorkingDays: nullable(NUM),
  byMonth: arr(MONTH_COUNT({ received: INT, answered: INT, medianWorkingDays: nullable(NUM) })),
});
const TIMELINESS_FIELDS = { onTime: INT, late: INT, overdue: INT, pending: INT, share: nullable(NUM) };

export const PUBLIC_STATS = obj({
  scope: obj({
    kind: oneOf(["all", "region", "body"]),
    bodyId: nullable(STR),
    bodyName: nullable(STR),
    region: nullable(STR),
    bodies: INT,
  }),
  period: obj({ from: STR, to: STR, months: arr(STR) }),
  decisions: obj({
    kinds: arr(oneOf(POWER_CATEGORIES)),
    byMonth: arr(MONTH_COUNT({ counts: MAP, total: INT })),
    byKind: arr(obj({ kind: oneOf(POWER_CATEGORIES), count: INT })),
    total: INT,
  }),
  penalties: obj({ categories: arr(obj({ category: oneOf(PENALTY_CATEGORIES), count: INT })), total: INT }),
  fines: obj({
    byMonth: arr(MONTH_COUNT({ decisions: INT, fined: INT, fineYuan: NUM })),
    decisions: INT,
    fined: INT,
    totalYuan: NUM,
  }),
  timeliness: obj({ byMonth: arr(MONTH_COUNT(TIMELINESS_FIELDS)), ...TIMELINESS_FIELDS }),
  feedback: RESPONSIVENESS,
  requests: RESPONSIVENESS,
  topPowers: arr(obj({ rank: INT, bodyId: STR, bodyName: STR, code: STR, name: STR, count: INT })),
});

export const reports = {
  list: action<ListReportsParams, ReportList>(
    "reports.list",
    { bodyId: BODY, year: { ...YEAR, optional: true }, kind: { ...KIND, optional: true } },
    json(REPORT_LIST),
  ),
  count: action<ReportKey, ReportView>("reports.count", KEY, json(REPORT_VIEW)),
  get: action<ReportKey, ReportView>("reports.get", KEY, json(REPORT_VIEW)),
  edit: action<EditReportParams, ReportView>("reports.edit", EDIT, json(REPORT_VIEW)),
  publish: action<EditReportParams, ReportView>("reports.publish", EDIT, json(REPORT_VIEW)),
  publicList: action<ListReportsParams, PublicReportList>(
    "reports.publicList",
    { bodyId: BODY, year: { ...YEAR, optional: true } },
    json(PUBLIC_LIST),
  ),
  publicGet: action<PublicReportKey, PublicReport>("reports.publicGet", PUBLIC_KEY, json(PUBLIC_REPORT)),
  govInfoCsv: action<Omit<PublicReportKey, "kind">, string>(
    "reports.govInfoCsv",
    CSV_KEY,
    media("text/csv", "The report's tables in the form's words (UTF-8 with BOM)"),
  ),
  enforcementCsv: action<Omit<PublicReportKey, "kind">, string>(
    "reports.enforcementCsv",
    CSV_KEY,
    media("text/csv", "The six tables in the form's words (UTF-8 with BOM)"),
  ),
  publicPdf: action<PublicReportKey, NodeJS.ReadableStream>(
    "reports.publicPdf",
    PUBLIC_KEY,
    media("application/pdf", "The signed PDF of the published report (verification code, QR)"),
  ),
  stats: action<StatsParams, PublicStats>("reports.stats", STATS_PARAMS, json(PUBLIC_STATS)),
  statsCsv: action<StatsCsvParams, string>(
    "reports.statsCsv",
    { ...STATS_PARAMS, chart: { type: "enum", values: [...STATS_CHARTS] } },
    media("text/csv", "One chart's numbers in Chinese words (UTF-8 with BOM)"),
  ),
  /** For the feed: publications after a sequence number, each with the report's public view. */
  eventsSince: action<EventsSinceParams, ReportsChange[]>("reports.eventsSince", { ...EVENTS_SINCE_PARAMS }),
};
