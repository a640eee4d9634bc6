/**
 * Why a step of a request is refused. shared/ knows no broker, so a refusal is a plain error with
 * the stable `type` of shared/messages.ts and the status it answers; the service turns it into
 * lib/errors.ts's `ConflictError` (409) or `fieldProblem` (422) — see `REFUSAL_STATUS`.
 */
import { Refusal } from "../refusal.js";

/** Every type a request rule refuses with, and the HTTP status it answers. */
export const REFUSAL_STATUS = {
  // The step does not fit the request's state or history (409)
  ILLEGAL_TRANSITION: 409,
  REQUEST_FINAL: 409,
  ALREADY_EXTENDED: 409,
  EXTENSION_TOO_LATE: 409,
  CORRECTION_TOO_LATE: 409,
  CORRECTION_ALREADY_REQUESTED: 409,
  NOT_LAPSED: 409,
  CORRECTION_OVERDUE: 409,
  FEE_PAYMENT_OVERDUE: 409,
  // The step's own values are wrong (422, with the field)
  NOT_A_DATE: 422,
  DATE_IN_FUTURE: 422,
  EVENT_BEFORE_PREVIOUS: 422,
  DUE_NOT_AFTER_NOTICE: 422,
  EXTENSION_TOO_LONG: 422,
  EXTENSION_DAYS_INVALID: 422,
  APPROVER_REQUIRED: 422,
  REASON_REQUIRED: 422,
  CONFIRMED_BEFORE_SUBMISSION: 422,
  USE_LAPSE: 422,
  FEE_QUANTITY_INVALID: 422,
  enumValue: 422,
  required: 422,
} as const;

export type RefusalType = keyof typeof REFUSAL_STATUS;

/** Values the Chinese message shows (never personal data). */
export interface RefusalValues {
  date?: string;
  min?: number;
}

export class RequestRefusalError extends Refusal<RefusalType, RefusalValues> {
  constructor(type: RefusalType, message: string, field?: string, values: RefusalValues = {}) {
    super(type, REFUSAL_STATUS[type], message, field, values);
    this.name = "RequestRefusalError";
  }
}
