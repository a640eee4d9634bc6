/**
 * The imports service's contract (issue 21): an officer (their body) or an administrator (any
 * body) uploads a historic 双公示 file — CSV (UTF-8 or GBK) or XLSX, CF_ 行政处罚 or XK_ 行政许可 columns —
 * as the raw body or as multipart; it is checked as a whole (422, nothing kept), then imported by a
 * background job (202 `{id}`) whose progress and per-row outcomes are read back, with a report of
 * the refused rows (CSV) once there are any. `dryRun` says per row what would happen, writing nothing public.
 */
import { action } from "../../lib/contract.js";
import { arr, BOOL, INT, json, MAP, media, nullable, obj, oneOf, opt, page, STR } from "../../lib/replies.js";
import { ROW_OUTCOMES, type ImportKind, type RowOutcome } from "../../shared/imports.js";
import { ID } from "../../shared/validation.js";
import { JOB_STATUSES, type JobStatus } from "./entities.js";

export interface StartImportParams {
  bodyId?: string;
  dryRun?: boolean;
  /** The file's name, for the list (a multipart upload's own name otherwise). */
  name?: string;
}

export interface ImportJobView {
  id: string;
  bodyId: string;
  bodyName: string;
  kind: ImportKind;
  dryRun: boolean;
  status: JobStatus;
  format: string;
  encoding: string;
  filename: string | null;
  sha256: string;
  total: number;
  done: number;
  failed: number;
  /** Rows by outcome so far. */
  outcomes: Partial<Record<RowOutcome, number>>;
  /** Notices of the imported rows: to issue, and issued (rendered and signed in the background). */
  notices: { due: number; done: number };
  /** The report of the refused rows (CSV: 行号, 文书号, 数据项, 原因), once there are any. */
  errorsUrl?: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportRowView {
  line: number;
  decisionNo: string;
  outcome: RowOutcome | null;
  field: string | null;
  type: string | null;
  reason: string | null;
  resultId: string | null;
}

export interface RowsParams {
  id: string;
  outcome?: RowOutcome;
  /** Rows after this line (the previous page's nextCursor). */
  cursor?: string;
  limit?: number;
}

const JOB_REPLY = obj({
  id: STR,
  bodyId: STR,
  bodyName: STR,
  kind: oneOf(["penalty", "licence"]),
  dryRun: BOOL,
  status: oneOf(JOB_STATUSES),
  format: STR,
  encoding: STR,
  filename: nullable(STR),
  sha256: STR,
  total: INT,
  done: INT,
  failed: INT,
  outcomes: MAP,
  notices: obj({ due: INT, done: INT }),
  errorsUrl: opt(STR),
  createdAt: STR,
  startedAt: nullable(STR),
  finishedAt: nullable(STR),
});

const ROW_REPLY = obj({
  line: INT,
  decisionNo: STR,
  outcome: nullable(oneOf(ROW_OUTCOMES)),
  field: nullable(STR),
  type: nullable(STR),
  reason: nullable(STR),
  resultId: nullable(STR),
});

export const imports = {
  start: action<StartImportParams, { id: string }>(
    "imports.start",
    {
      bodyId: { ...ID, optional: true },
      dryRun: { type: "boolean", convert: true, optional: true },
      name: { type: "string", max: 200, optional: true },
    },
    json(obj({ id: STR })),
  ),
  get: action<{ id: string }, ImportJobView>("imports.get", { id: ID }, json(JOB_REPLY)),
  list: action<{ bodyId?: string }, { items: ImportJobView[] }>(
    "imports.list",
    { bodyId: { ...ID, optional: true } },
    json(obj({ items: arr(JOB_REPLY) })),
  ),
  rows: action<RowsParams, { items: ImportRowView[]; nextCursor: string | null }>(
    "imports.rows",
    {
      id: ID,
      outcome: { type: "enum", values: [...ROW_OUTCOMES], optional: true },
      cursor: { type: "string", numeric: true, max: 10, optional: true },
      limit: { type: "number", integer: true, positive: true, max: 1000, convert: true, optional: true },
    },
    json(page(ROW_REPLY)),
  ),
  errors: action<{ id: string }, string>(
    "imports.errors",
    { id: ID },
    media("text/csv", "The refused rows: 行号, 文书号, 数据项, 原因 (UTF-8 with BOM)"),
  ),
};
