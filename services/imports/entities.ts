/**
 * Bulk imports of historic 双公示 data (issue 21): one job per uploaded file, and one row per data
 * line with what became of it. The rows are stored as read (cells) when the file is accepted, so
 * a job survives a restart: whatever runner takes it next goes on from the first unfinished row.
 */
import { EntitySchema } from "@mikro-orm/postgresql";
import type { ImportKind, RowOutcome } from "../../shared/imports.js";

export const JOB_STATUSES = ["queued", "running", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export class ImportJob {
  id!: string;
  bodyId!: string;
  bodyName!: string;
  bodyCreditCode!: string;
  kind!: ImportKind;
  dryRun!: boolean;
  status!: JobStatus;
  format!: string;
  encoding!: string;
  filename!: string | null;
  /** The file's header row, as read: the rows' cells are mapped by it. */
  header!: string[];
  /** The file until its rows are stored by the runner (then null); never read with the job. */
  file!: Buffer | null;
  /** SHA-256 of the file as uploaded. */
  sha256!: string;
  total!: number;
  /** Rows finished (imported, updated, unchanged, would-…, or refused). */
  done!: number;
  /** Rows refused. */
  failed!: number;
  /** Notices to issue for the job's rows, and issued so far (rendered and signed in the background). */
  noticesDue!: number;
  noticesDone!: number;
  /** Until when the runner holding the job may be presumed alive; a running job past it is taken over. */
  leaseUntil!: Date | null;
  createdBy!: string;
  createdAt!: Date;
  updatedAt!: Date;
  startedAt!: Date | null;
  finishedAt!: Date | null;
}

export class ImportRow {
  jobId!: string;
  line!: number;
  decisionNo!: string;
  cells!: string[];
  outcome!: RowOutcome | null;
  problemField!: string | null;
  problemType!: string | null;
  /** The reason in Chinese, as the error report shows it. */
  problemMessage!: string | null;
  resultId!: string | null;
  /** `due`: its notice is to be issued; `done`: issued. */
  noticeState!: "due" | "done" | null;
  noticeLease!: Date | null;
  /** 公示截止期 the file gave (CF_GSJZQ). */
  publicUntil!: string | null;
}

export const ImportJobSchema = new EntitySchema<ImportJob>({
  class: ImportJob,
  tableName: "jobs",
  properties: {
    id: { type: "string", primary: true },
    bodyId: { type: "string" },
    bodyName: { type: "string" },
    bodyCreditCode: { type: "string" },
    kind: { type: "string" },
    dryRun: { type: "boolean" },
    status: { type: "string" },
    format: { type: "string" },
    encoding: { type: "string" },
    filename: { type: "string", nullable: true },
    header: { type: "json" },
    file: { type: "blob", nullable: true, lazy: true },
    sha256: { type: "string" },
    total: { type: "integer" },
    done: { type: "integer" },
    failed: { type: "integer" },
    noticesDue: { type: "integer" },
    noticesDone: { type: "integer" },
    leaseUntil: { type: "Date", nullable: true },
    createdBy: { type: "string" },
    createdAt: { type: "Date" },
    updatedAt: { type: "Date" },
    startedAt: { type: "Date", nullable: true },
    finishedAt: { type: "Date", nullable: true },
  },
});

export const ImportRowSchema = new EntitySchema<ImportRow>({
  class: ImportRow,
  tableName: "rows",
  properties: {
    jobId: { type: "string", primary: true },
    line: { type: "integer", primary: true },
    decisionNo: { type: "string" },
    cells: { type: "json" },
    outcome: { type: "string", nullable: true },
    problemField: { type: "string", nullable: true },
    problemType: { type: "string", nullable: true },
    problemMessage: { type: "text", nullable: true },
    resultId: { type: "string", nullable: true },
    noticeState: { type: "string", nullable: true },
    noticeLease: { type: "Date", nullable: true },
    publicUntil: { type: "string", columnType: "date", nullable: true },
  },
});

export const entities = [ImportJobSchema, ImportRowSchema];
