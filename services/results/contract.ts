/**
 * The results service's contract: each action's name and the params schema it validates with,
 * and as types what it takes and answers. Callers import the reply types from here.
 */
import { action, STATS_QUERY_PARAMS, type StatsQuery } from "../../lib/contract.js";
import { arr, BOOL, INT, json, MAP, media, NUM, nullable, obj, oneOf, opt, page, STR } from "../../lib/replies.js";
import type { YearCalendar, WorkingDayCount } from "../../shared/calendar.js";
import type { DecisionInput, Refusal, Warning } from "../../shared/decision-content.js";
import { POWER_CATEGORIES, type Party, type PowerCategory } from "../../shared/domain.js";
import {
  LICENCE_CATEGORIES,
  LICENCE_OUTCOMES,
  type Licence,
  type Penalty,
  type PublicField,
  type PublicRecord,
} from "../../shared/public-record.js";
import type { Redaction } from "../../shared/redaction.js";
import type { DecisionAggregates, DecisionRecord } from "../../shared/reports.js";
import { PENALTY_CATEGORIES, RULE_TABLE_SCHEMA, type RuleTable } from "../../shared/rules.js";
import { DATE, ID, optionalText, pagingParams, text, type ParamsSchema } from "../../shared/validation.js";
import type { ResultStatus } from "./entities.js";

export type { Redaction, ResultStatus, RuleTable };

/** A body and a year (the annual reports' records). */
export interface ReportYearParams {
  bodyId: string;
  year: number;
}

const penaltyRule = {
  type: "object",
  props: {
    categories: {
      type: "array",
      min: 1,
      max: 14,
      unique: true,
      items: { type: "enum", values: [...PENALTY_CATEGORIES] },
    },
    content: text(5000),
    fineAmount: { type: "number", min: 0, max: 1e12, optional: true },
    confiscatedAmount: { type: "number", min: 0, max: 1e12, optional: true },
    licenceAction: optionalText(500),
    violationType: optionalText(200),
    validUntil: { ...DATE, optional: true },
  },
};

const licenceRule = {
  type: "object",
  props: {
    // 许可决定 defaults to 准予许可, 许可决定文书名称 to the decision's own document, 许可类别 to 普通.
    outcome: { type: "enum", values: [...LICENCE_OUTCOMES], optional: true },
    documentName: optionalText(200),
    category: { type: "enum", values: [...LICENCE_CATEGORIES], optional: true },
    certificateName: optionalText(200),
    licenceNo: optionalText(100),
    // 许可内容 defaults to the decision's conclusion.
    content: optionalText(5000),
    validFrom: { ...DATE, optional: true },
    validTo: { ...DATE, optional: true },
  },
};

/** Fields a decision carries; a correction may change any of them. */
const decisionFields: ParamsSchema = {
  decisionNo: text(100),
  decidedOn: DATE,
  conclusion: text(5000),
  basis: text(5000),
  facts: optionalText(20_000),
  penalty: { ...penaltyRule, optional: true },
  licence: { ...licenceRule, optional: true },
  maskNames: { type: "array", optional: true, max: 50, items: text(50) },
};

const decisionParams: ParamsSchema = {
  id: ID,
  kind: { type: "enum", values: [...POWER_CATEGORIES] },
  ...decisionFields,
};

/** A decision of the case `id`, as the officer enters it. */
export interface DecideParams extends DecisionInput {
  id: string;
}

/** A correction (更正) of result `id`: any decision field, or the party's name, with a reason. */
export type CorrectParams = Partial<Omit<DecideParams, "id" | "kind">> & {
  id: string;
  reason: string;
  partyName?: string;
};

export interface ListResultsParams {
  status?: ResultStatus;
  overdue?: boolean;
  expiresBefore?: string;
  bodyId?: string;
  limit?: number;
  cursor?: string;
}

export interface ResultView {
  id: string;
  /** Null for a result imported from a historic file. */
  caseId: string | null;
  bodyId: string;
  bodyName: string;
  title: string;
  decisionNo: string;
  decidedOn: string;
  kind: PowerCategory;
  conclusion: string;
  basis: string;
  facts: string;
  party: Party;
  maskNames: string[];
  penalty: Penalty | null;
  licence: Licence | null;
  /** `expired`: published, its publicity period over. */
  status: ResultStatus;
  version: number;
  dueBy: string;
  dueByProvisional: boolean;
  /** Working days to the publication deadline (drafts only). */
  workingDaysLeft: number | null;
  overdue: boolean;
  noticeId: string | null;
  verifyCode: string | null;
  sha256: string | null;
  publishedAt: string | null;
  expiresOn: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  redactions: Redaction[];
  createdAt: string;
  updatedAt: string;
}

/** An earlier content of a result, before a correction. */
export interface RevisionView {
  version: number;
  content: Record<string, unknown>;
  reason: string | null;
  noticeId: string | null;
  revisedBy: string;
  revisedAt: string;
}

export interface ResultDetailView extends ResultView {
  revisions: RevisionView[];
}

export interface ResultPage {
  items: ResultView[];
  nextCursor: string | null;
}

/**
 * What the public would see of a decision, every redaction, every reason the decision or its
 * publication would be refused, and warnings. `blocked`: the first never-publish rule.
 */
export interface PreviewView {
  record: PublicRecord;
  fields: PublicField[];
  sections: { heading: string; body: string }[];
  redactions: Redaction[];
  refusals: Refusal[];
  warnings: Warning[];
  blocked: { type: string; reason: string } | null;
}

/** The notice of a published result (publishing again answers the same one). */
export interface PublishedNotice {
  noticeId: string;
  verifyCode: string | null;
  sha256: string | null;
  publishedAt?: string;
  expiresOn: string | null;
}

export interface LoadedYearView extends YearCalendar {
  loadedAt: string;
}

export interface CalendarView {
  coveredYears: number[];
  loaded: LoadedYearView[];
}

export interface LoadCalendarReply {
  year: number;
  /** Open (draft) deadlines recomputed on the new calendar. */
  recomputed: number;
}

/** Every year the calendar covers, as stored now: `new WorkingCalendar(years)` rebuilds it. */
export interface CalendarSnapshot {
  years: YearCalendar[];
}

export interface WorkingDeadlineParams {
  from: string;
  days?: number;
}

export interface WorkingDeadlineReply {
  dueBy: string;
  provisional: boolean;
}

// ---- what the HTTP routes answer, as documented rules (lib/replies.ts)

const RESULT_STATUSES = ["draft", "published", "withdrawn", "expired"] as const;

const RESULT_FIELDS = {
  id: STR,
  caseId: nullable(STR),
  bodyId: STR,
  bodyName: STR,
  title: STR,
  decisionNo: STR,
  decidedOn: STR,
  kind: oneOf(POWER_CATEGORIES),
  conclusion: STR,
  basis: STR,
  facts: STR,
  party: MAP,
  maskNames: arr(STR),
  penalty: nullable(
    obj({
      categories: arr(oneOf(PENALTY_CATEGORIES)),
      content: STR,
      fineAmount: opt(NUM),
      confiscatedAmount: opt(NUM),
      licenceAction: opt(STR),
      violationType: opt(STR),
      validUntil: opt(STR),
    }),
  ),
  licence: nullable(
    obj({
      outcome: opt(oneOf(LICENCE_OUTCOMES)),
      documentName: STR,
      category: STR,
      certificateName: opt(STR),
      licenceNo: opt(STR),
      content: STR,
      validFrom: opt(STR),
      validTo: opt(STR),
    }),
  ),
  status: oneOf(RESULT_STATUSES),
  version: INT,
  dueBy: STR,
  dueByProvisional: BOOL,
  workingDaysLeft: nullable(INT),
  overdue: BOOL,
  noticeId: nullable(STR),
  verifyCode: nullable(STR),
  sha256: nullable(STR),
  publishedAt: nullable(STR),
  expiresOn: nullable(STR),
  withdrawnAt: nullable(STR),
  withdrawReason: nullable(STR),
  redactions: arr(obj({ rule: STR, field: STR, start: INT, end: INT, replacement: STR })),
  createdAt: STR,
  updatedAt: STR,
};
const RESULT_REPLY = json(obj(RESULT_FIELDS));

const REASONED = { type: STR, reason: STR };
const PREVIEW_REPLY = json(
  obj({
    record: MAP,
    fields: arr(obj({ label: STR, value: STR })),
    sections: arr(obj({ heading: STR, body: STR })),
    redactions: RESULT_FIELDS.redactions,
    refusals: arr(obj({ stage: oneOf(["decision", "publication"]), ...REASONED })),
    warnings: arr(obj(REASONED)),
    blocked: nullable(obj(REASONED)),
  }),
);

const YEAR_CALENDAR = { year: INT, holidays: arr(STR), workdays: arr(STR) };
const RULE_TABLE_REPLY = json(obj(RULE_TABLE_SCHEMA));

export const results = {
  decide: action<DecideParams, ResultView>("results.decide", decisionParams, RESULT_REPLY),
  previewDecision: action<DecideParams, PreviewView>("results.previewDecision", decisionParams, PREVIEW_REPLY),
  getResult: action<{ id: string }, ResultDetailView>(
    "results.getResult",
    { id: ID },
    json(
      obj({
        ...RESULT_FIELDS,
        revisions: arr(
          obj({
            version: INT,
            content: MAP,
            reason: nullable(STR),
            noticeId: nullable(STR),
            revisedBy: STR,
            revisedAt: STR,
          }),
        ),
      }),
    ),
  ),
  listResults: action<ListResultsParams, ResultPage>(
    "results.listResults",
    {
      status: { type: "enum", values: [...RESULT_STATUSES], optional: true },
      overdue: { type: "boolean", convert: true, optional: true },
      expiresBefore: { ...DATE, optional: true },
      bodyId: { ...ID, optional: true },
      ...pagingParams,
    },
    json(page(obj(RESULT_FIELDS))),
  ),
  previewResult: action<{ id: string }, PreviewView>("results.previewResult", { id: ID }, PREVIEW_REPLY),
  previewPdf: action<{ id: string }, Buffer>(
    "results.previewPdf",
    { id: ID },
    media("application/pdf", "The notice as it would be published, unsigned, marked as a preview"),
  ),
  publish: action<{ id: string }, PublishedNotice>(
    "results.publish",
    { id: ID },
    json(
      obj({
        noticeId: STR,
        verifyCode: nullable(STR),
        sha256: nullable(STR),
        publishedAt: opt(STR),
        expiresOn: nullable(STR),
      }),
    ),
  ),
  withdraw: action<{ id: string; reason: string }, ResultView>(
    "results.withdraw",
    { id: ID, reason: text(1000) },
    RESULT_REPLY,
  ),
  correct: action<CorrectParams, ResultView>(
    "results.correct",
    {
      id: ID,
      reason: text(1000),
      ...Object.fromEntries(
        Object.entries(decisionFields).map(([k, rule]) => [k, { ...(rule as object), optional: true }]),
      ),
      partyName: optionalText(200),
    },
    RESULT_REPLY,
  ),
  getCalendar: action<Record<string, never>, CalendarView>(
    "results.getCalendar",
    {},
    json(obj({ coveredYears: arr(INT), loaded: arr(obj({ ...YEAR_CALENDAR, loadedAt: STR })) })),
  ),
  loadCalendarYear: action<YearCalendar, LoadCalendarReply>(
    "results.loadCalendarYear",
    {
      year: { type: "number", integer: true, min: 2000, max: 2100, convert: true },
      holidays: { type: "array", max: 366, items: { type: "string", max: 10 } },
      workdays: { type: "array", max: 366, items: { type: "string", max: 10 } },
    },
    json(obj({ year: INT, recomputed: INT })),
  ),
  /** For other services (feedback): a deadline in working days, by default the feedback reply time. */
  workingDeadline: action<WorkingDeadlineParams, WorkingDeadlineReply>("results.workingDeadline", {
    from: DATE,
    days: { type: "number", integer: true, min: 0, max: 3650, optional: true },
  }),
  /**
   * For other services that count many deadlines (requests): the whole calendar in force — every
   * year's schedule, bundled and loaded — to hold and refresh on `results.tablesChanged`.
   */
  calendarSnapshot: action<Record<string, never>, CalendarSnapshot>("results.calendarSnapshot", {}),
  workingDaysBetween: action<{ from: string; to: string }, WorkingDayCount>("results.workingDaysBetween", {
    from: DATE,
    to: DATE,
  }),
  /** For the reports service: a body's decisions of a year, as the annual reports count them (no personal data). */
  reportDecisions: action<ReportYearParams, DecisionRecord[]>("results.reportDecisions", {
    bodyId: { type: "string", max: 100 },
    year: { type: "number", integer: true, min: 2000, max: 2100 },
  }),
  /** For the public statistics (reports): decisions of bodies in a period, as aggregates counted in SQL. */
  statsDecisions: action<StatsQuery, DecisionAggregates>("results.statsDecisions", STATS_QUERY_PARAMS),
  getRules: action<Record<string, never>, RuleTable>("results.getRules", {}, RULE_TABLE_REPLY),
  putRules: action<RuleTable, RuleTable>("results.putRules", RULE_TABLE_SCHEMA as ParamsSchema, RULE_TABLE_REPLY),
};
