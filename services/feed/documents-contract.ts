/**
 * The feed's public reads of 规范性文件 and consultations: their parameters, answers and the rules
 * they share (services/feed/contract.ts declares the actions).
 */
import { BOOL, INT, nullable, obj, oneOf, STR } from "../../lib/replies.js";
import { DOCUMENT_STATUS_LABELS, DOCUMENT_STATUSES } from "../../shared/documents.js";
import { ID, optionalText } from "../../shared/validation.js";
import type { HistoryEntryView, PublicConsultation, PublicDocument, StatusView } from "../documents/contract.js";
import type { ListParams } from "./contract.js";

const OPTIONAL_ID = { ...ID, optional: true };

/** A published document as the feed answers it: its stored view with its status on the day of the read. */
export type { PublicConsultation, PublicDocument };

export interface DocumentListParams extends ListParams {
  bodyId?: string;
  /** A code (valid…) or the word (有效…). */
  status?: string;
  year?: number;
}

export type DocumentAtomParams = Omit<DocumentListParams, "cursor">;

export interface PublicDocumentItem {
  id: string;
  bodyId: string;
  bodyName: string | null;
  title: string;
  docNumber: string;
  registrationNo: string;
  publishedOn: string;
  effectiveFrom: string;
  validUntil: string;
  /** The word the public reads: 有效, 失效, 废止 or 已修改 (the handbook's `status`). */
  status: string;
  /** The status with its code, since when, and what amended or repealed it. */
  validity: StatusView;
  banner: string | null;
}

export interface PublicDocumentDetail extends PublicDocument {
  bodyName: string | null;
  status: string;
  validity: StatusView;
  /** The 解读 published with the document (else its first), null without one. */
  interpretation: PublicDocument["interpretations"][number] | null;
  history: HistoryEntryView[];
  banner: string | null;
}

export interface ConsultationListParams {
  bodyId?: string;
  limit?: number;
  cursor?: string;
}

export interface DaysLeftView {
  left: number;
  unit: "calendar" | "working";
  lastDay: boolean;
  provisional: boolean;
  text: string;
}

export interface PublicConsultationItem {
  id: string;
  bodyId: string;
  bodyName: string | null;
  title: string;
  kind: string;
  kindLabel: string;
  opensOn: string;
  closesOn: string;
  adoptionReported: boolean;
  phase: "not_yet_open" | "open" | "closed";
  daysLeft: DaysLeftView | null;
}

export interface PublicConsultationDetail extends PublicConsultation {
  bodyName: string | null;
  phase: "not_yet_open" | "open" | "closed";
  daysLeft: DaysLeftView | null;
}

export const DOCUMENT_FILTERS = {
  q: optionalText(50),
  bodyId: OPTIONAL_ID,
  status: { type: "enum", values: [...DOCUMENT_STATUSES, ...Object.values(DOCUMENT_STATUS_LABELS)], optional: true },
  year: { type: "number", integer: true, min: 1949, max: 9999, convert: true, optional: true },
};
export const PHASE = oneOf(["not_yet_open", "open", "closed"]);
export const DAYS_LEFT = nullable(
  obj({ left: INT, unit: oneOf(["calendar", "working"]), lastDay: BOOL, provisional: BOOL, text: STR }),
);
