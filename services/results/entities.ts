/** 事后公开 records: decisions (results) with their revisions, and the rule and calendar tables. */
import { EntitySchema } from "@mikro-orm/postgresql";
import type { Party, PowerCategory } from "../../shared/domain.js";
import type { RuleTable } from "../../shared/rules.js";
import type { Redaction } from "../../shared/redaction.js";
import type { Licence, Penalty } from "../../shared/public-record.js";

export type { Licence, Penalty };

export type ResultStatus = "draft" | "published" | "withdrawn" | "expired";

/** A decision of a case and its publication (one row; earlier contents live in revisions). */
export class Result {
  id!: string;
  /** Null for a result imported from a historic file (no case on this platform). */
  caseId!: string | null;
  bodyId!: string;
  bodyName!: string;
  bodyCreditCode!: string;
  powerCode!: string;
  powerName!: string;
  title!: string;
  decisionNo!: string;
  decidedOn!: string;
  kind!: PowerCategory;
  conclusion!: string;
  basis!: string;
  facts!: string;
  party!: Party;
  /** Names of other natural persons to mask (from the case, plus any the officer marks). */
  maskNames!: string[];
  penalty!: Penalty | null;
  licence!: Licence | null;
  /** The power's remedies as rows ({ kind, organ, … }) at decision time; null when none or prose. */
  remedies!: unknown[] | null;
  secret!: boolean;
  status!: ResultStatus;
  version!: number;
  dueBy!: string;
  dueByProvisional!: boolean;
  noticeId!: string | null;
  verifyCode!: string | null;
  sha256!: string | null;
  publishedAt!: Date | null;
  expiresOn!: string | null;
  withdrawnAt!: Date | null;
  withdrawReason!: string | null;
  redactions!: Redaction[];
  createdBy!: string;
  createdAt!: Date;
  updatedAt!: Date;
  /** `live`: decided here; `import`: imported from a historic 双公示 file (services/imports). */
  source!: "live" | "import";
  importId!: string | null;
}

/** The content of a result before a correction (更正): the old version stays in the record. */
export class ResultRevision {
  resultId!: string;
  version!: number;
  content!: Record<string, unknown>;
  reason!: string | null;
  noticeId!: string | null;
  revisedBy!: string;
  revisedAt!: Date;
}

export class CalendarYear {
  year!: number;
  holidays!: string[];
  workdays!: string[];
  loadedBy!: string;
  loadedAt!: Date;
}

export class RuleTableRow {
  id!: number;
  rules!: RuleTable;
  updatedBy!: string;
  updatedAt!: Date;
}

export const ResultSchema = new EntitySchema<Result>({
  class: Result,
  tableName: "results",
  properties: {
    id: { type: "string", primary: true },
    caseId: { type: "string", nullable: true },
    bodyId: { type: "string" },
    bodyName: { type: "string" },
    bodyCreditCode: { type: "string" },
    powerCode: { type: "string" },
    powerName: { type: "string" },
    title: { type: "string" },
    decisionNo: { type: "string" },
    decidedOn: { type: "string", columnType: "date" },
    kind: { type: "string" },
    conclusion: { type: "text" },
    basis: { type: "text" },
    facts: { type: "text" },
    party: { type: "json" },
    maskNames: { type: "json" },
    penalty: { type: "json", nullable: true },
    licence: { type: "json", nullable: true },
    remedies: { type: "json", nullable: true },
    secret: { type: "boolean" },
    status: { type: "string" },
    version: { type: "integer" },
    dueBy: { type: "string", columnType: "date" },
    dueByProvisional: { type: "boolean" },
    noticeId: { type: "string", nullable: true },
    verifyCode: { type: "string", nullable: true },
    sha256: { type: "string", nullable: true },
    publishedAt: { type: "Date", nullable: true },
    expiresOn: { type: "string", columnType: "date", nullable: true },
    withdrawnAt: { type: "Date", nullable: true },
    withdrawReason: { type: "text", nullable: true },
    redactions: { type: "json" },
    createdBy: { type: "string" },
    createdAt: { type: "Date" },
    updatedAt: { type: "Date" },
    source: { type: "string", default: "live" },
    importId: { type: "string", nullable: true },
  },
});

export const ResultRevisionSchema = new EntitySchema<ResultRevision>({
  class: ResultRevision,
  tableName: "result_revisions",
  properties: {
    resultId: { type: "string", primary: true },
    version: { type: "integer", primary: true },
    content: { type: "json" },
    reason: { type: "text", nullable: true },
    noticeId: { type: "string", nullable: true },
    revisedBy: { type: "string" },
    revisedAt: { type: "Date" },
  },
});

export const CalendarYearSchema = new EntitySchema<CalendarYear>({
  class: CalendarYear,
  tableName: "calendar_years",
  properties: {
    year: { type: "integer", primary: true },
    holidays: { type: "json" },
    workdays: { type: "json" },
    loadedBy: { type: "string" },
    loadedAt: { type: "Date" },
  },
});

export const RuleTableSchema = new EntitySchema<RuleTableRow>({
  class: RuleTableRow,
  tableName: "rule_tables",
  properties: {
    id: { type: "integer", primary: true },
    rules: { type: "json" },
    updatedBy: { type: "string" },
    updatedAt: { type: "Date" },
  },
});

export const entities = [ResultSchema, ResultRevisionSchema, CalendarYearSchema, RuleTableSchema];
