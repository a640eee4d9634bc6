/**
 * The columns of each bulk table's CSV file (issue 20), in file order: the one definition the files
 * are written with (app/bulk.ts) and the portal's data dictionary (/data) is drawn from. Each table's
 * columns are the fields of its public view as the API answers it; nested values are written as JSON.
 */
import type { BulkTable } from "../../shared/bulk.js";
import { BODY_FIELDS, INSPECTION_ITEM_VIEW, OFFICER_FIELDS, POWER_FIELDS } from "../duties/contract.js";
import { PUBLIC_DOCUMENT_FIELDS } from "../documents/contract.js";
import { PUBLIC_REPORT } from "../reports/contract.js";
import { PENALTY_COLUMNS } from "./csv.js";

/** A notice's summary columns (the API's list item); the JSONL line is its whole public detail. */
export const NOTICE_COLUMNS = [
  "id",
  "kind",
  "status",
  "title",
  "decisionNo",
  "decidedOn",
  "bodyId",
  "bodyName",
  "partyName",
  "publishedAt",
  "expiresOn",
  "statusChangedAt",
  "reason",
  "predecessorId",
  "successorId",
  "verifyCode",
  "sha256",
  "pdfUrl",
  "verifyUrl",
] as const;

/** Every table's CSV columns; notices-xzcf's are the 双公示 CF_ codes (its header names them in Chinese). */
export const BULK_COLUMNS: Record<BulkTable, readonly string[]> = {
  notices: NOTICE_COLUMNS,
  "notices-xzcf": PENALTY_COLUMNS.map(([code]) => code),
  bodies: Object.keys(BODY_FIELDS),
  officers: Object.keys(OFFICER_FIELDS),
  powers: Object.keys(POWER_FIELDS),
  inspections: Object.keys(INSPECTION_ITEM_VIEW.props ?? {}),
  documents: [...Object.keys(PUBLIC_DOCUMENT_FIELDS), "status", "validity"],
  reports: Object.keys(PUBLIC_REPORT.props ?? {}),
};
