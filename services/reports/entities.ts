/**
 * The annual reports (issue 17): one row per body, kind and year — a draft whose numbers are
 * counted afresh from the other services' records, then, once published, frozen with its signed
 * PDF (a notices letter). The outbox tells the feed about each publication.
 */
import { EntitySchema } from "@mikro-orm/postgresql";
import type { CellOverride, DisclosureNarrative } from "../../shared/reports.js";

/** 政府信息公开工作年度报告, 行政执法年度数据. */
export const REPORT_KINDS = ["gov-info", "enforcement"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATUSES = ["draft", "published"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export class AnnualReport {
  id!: string;
  bodyId!: string;
  bodyName!: string;
  kind!: ReportKind;
  year!: number;
  status!: ReportStatus;
  /** Sections 一, 五 and 六 (政府信息公开 only; empty for 行政执法年度数据). */
  narrative!: DisclosureNarrative;
  /** The officer's corrections of single cells (shared/reports/arithmetic.ts). */
  overrides!: CellOverride[];
  /** The numbers as last counted (counted.ts `Counted`); frozen on publication. */
  counted!: unknown;
  countedAt!: Date;
  publishedAt!: Date | null;
  publishedOn!: string | null;
  /** The signed PDF: a letter of the notices service. */
  letterId!: string | null;
  verifyCode!: string | null;
  sha256!: string | null;
  createdBy!: string;
  createdAt!: Date;
  updatedAt!: Date;
}

/** Outbox of publications for the feed. */
export class ReportsEvent {
  seq!: string;
  reportId!: string;
  at!: Date;
}

export const entities = [
  new EntitySchema<AnnualReport>({
    class: AnnualReport,
    tableName: "reports",
    properties: {
      id: { type: "string", primary: true },
      bodyId: { type: "string" },
      bodyName: { type: "string" },
      kind: { type: "string" },
      year: { type: "integer" },
      status: { type: "string" },
      narrative: { type: "json" },
      overrides: { type: "json" },
      counted: { type: "json" },
      countedAt: { type: "Date" },
      publishedAt: { type: "Date", nullable: true },
      publishedOn: { type: "string", columnType: "date", nullable: true },
      letterId: { type: "string", nullable: true },
      verifyCode: { type: "string", nullable: true },
      sha256: { type: "string", nullable: true },
      createdBy: { type: "string" },
      createdAt: { type: "Date" },
      updatedAt: { type: "Date" },
    },
  }),
  new EntitySchema<ReportsEvent>({
    class: ReportsEvent,
    tableName: "events",
    properties: {
      seq: { type: "bigint", primary: true, autoincrement: true },
      reportId: { type: "string" },
      at: { type: "Date" },
    },
  }),
];
