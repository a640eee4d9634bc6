/**
 * Why a step of a document or consultation is refused: a `Refusal` (shared/refusal.ts) whose
 * `type` has its message in shared/messages.ts and whose `status` says which error of
 * lib/errors.ts the service raises — `ConflictError` (409) or `fieldProblem` (422, with `field`
 * and `values`).
 */
import { Refusal } from "../refusal.js";

/** Every type a document or consultation rule refuses with, and the HTTP status it answers. */
export const DOCUMENT_REFUSAL_STATUS = {
  // The step does not fit the state (409)
  ILLEGAL_TRANSITION: 409,
  DOCUMENT_PUBLISHED: 409,
  DOCUMENT_NOT_PUBLISHED: 409,
  DOCUMENT_NOT_IN_FORCE: 409,
  INTERPRETATION_REQUIRED: 409,
  ADOPTION_REPORT_REQUIRED: 409,
  CONSULTATION_NOT_YET_OPEN: 409,
  CONSULTATION_CLOSED: 409,
  CONSULTATION_STILL_OPEN: 409,
  // The step's own values are wrong (422, with the field)
  DOC_NUMBER_FORMAT: 422,
  DOC_NUMBER_YEAR: 422,
  REGISTRATION_NUMBER_FORMAT: 422,
  NOT_A_DATE: 422,
  DATE_IN_FUTURE: 422,
  PUBLISHED_BEFORE_SIGNED: 422,
  EFFECTIVE_BEFORE_PUBLISHED: 422,
  VALIDITY_BEFORE_EFFECTIVE: 422,
  DATE_BEFORE_PUBLICATION: 422,
  EVENT_BEFORE_PREVIOUS: 422,
  REASON_REQUIRED: 422,
  REASON_REPEATED: 422,
  AMENDING_DOCUMENT_REQUIRED: 422,
  SELF_AMENDMENT: 422,
  INTERPRETATION_EMPTY: 422,
  GUIDE_EMPTY: 422,
  GRAPHIC_TYPE: 422,
  ALT_TEXT_REQUIRED: 422,
  OPENS_BEFORE_TODAY: 422,
  RANGE_REVERSED: 422,
  WINDOW_TOO_SHORT: 422,
  HEARING_TOO_SOON: 422,
  ADOPTION_COUNT_INVALID: 422,
  ADOPTION_ARITHMETIC: 422,
  RECEIVED_BELOW_RECORDED: 422,
  enumValue: 422,
  required: 422,
} as const;

export type DocumentRefusalType = keyof typeof DOCUMENT_REFUSAL_STATUS;

/** Values the Chinese message shows (never personal data). */
export interface DocumentRefusalValues {
  date?: string;
  min?: number;
  max?: number;
  /** A word the message needs: the unit of a window (日, 个工作日), a status (失效, 废止). */
  unit?: string;
  status?: string;
  /** An adoption report's numbers. */
  received?: number;
  adopted?: number;
  notAdopted?: number;
}

export class DocumentRefusalError extends Refusal<DocumentRefusalType, DocumentRefusalValues> {
  constructor(type: DocumentRefusalType, message: string, field?: string, values: DocumentRefusalValues = {}) {
    super(type, DOCUMENT_REFUSAL_STATUS[type], message, field, values);
    this.name = "DocumentRefusalError";
  }
}
