/**
 * The results service's actions for bulk imports (services/imports), internal (no HTTP route): a
 * batch of rows recorded as results — imported, updated by a correction, unchanged or refused —
 * and an imported result's notice issued in the background.
 */
import { action } from "../../lib/contract.js";
import type { ImportedDecision, RowOutcome, RowProblem } from "../../shared/imports.js";
import type { ParamsSchema } from "../../shared/validation.js";

export interface ImportRecordsParams {
  importId: string;
  bodyId: string;
  bodyName: string;
  bodyCreditCode: string;
  /** Who started the import (the results' createdBy, the revisions' revisedBy). */
  userId: string;
  dryRun: boolean;
  rows: { line: number; decision: ImportedDecision }[];
}

export interface ImportedRow {
  line: number;
  outcome: RowOutcome;
  resultId?: string;
  /** Its notice is still to be issued (or issued again, after a correction). */
  noticeDue?: boolean;
  problem?: RowProblem;
}

export interface PublishImportedParams {
  resultId: string;
  /** 公示截止期 the file gave; else the rule table's period counted from the decision date. */
  publicUntil?: string;
}

export const resultImports = {
  importRecords: action<ImportRecordsParams, { rows: ImportedRow[] }>("results.importRecords", {
    importId: { type: "string", max: 100 },
    bodyId: { type: "string", max: 100 },
    bodyName: { type: "string", max: 200 },
    bodyCreditCode: { type: "string", max: 18 },
    userId: { type: "string", max: 100 },
    dryRun: { type: "boolean" },
    rows: { type: "array", max: 1000, items: { type: "object" } },
  } as ParamsSchema),
  publishImported: action<PublishImportedParams, { noticeId: string | null }>("results.publishImported", {
    resultId: { type: "string", max: 100 },
    publicUntil: { type: "string", max: 10, optional: true },
  }),
};
