/**
 * Recording a step: the one gate every change of a request passes. A step is checked against its
 * own values (422, naming the field), then against the request's state and history as of the
 * step's day (409), and only then appended. Nothing is written on a refusal: the caller persists
 * the returned history, or nothing.
 */
import type { IsoDate, WorkingCalendar } from "../calendar.js";
import { isCalendarDate } from "../dates.js";
import { LAPSE_REASONS, answerType, isAnswerTypeCode } from "./answers.js";
import { requestClock, type RequestClock } from "./clock.js";
import { MAX_EXTENSION_DAYS, PAUSE_TYPES, type RequestEvent } from "./events.js";
import { RequestRefusalError } from "./refusals.js";
import { REQUEST_EVENT_KINDS, transition } from "./states.js";

export interface StepOptions {
  calendar: WorkingCalendar;
  /** Today in China: no step is dated later. */
  today: IsoDate;
}

const blank = (s: unknown): boolean => typeof s !== "string" || s.trim() === "";

function checkDate(value: unknown, field: string): void {
  if (!isCalendarDate(value)) throw new RequestRefusalError("NOT_A_DATE", `${field} is not a date YYYY-MM-DD`, field);
}

/** A deadline set by the step must fall after the step's own day. */
function checkDueAfter(dueOn: unknown, on: IsoDate): void {
  checkDate(dueOn, "dueOn");
  if ((dueOn as IsoDate) <= on) {
    throw new RequestRefusalError("DUE_NOT_AFTER_NOTICE", "the deadline must fall after the notice", "dueOn", {
      date: on,
    });
  }
}

/** The step's own values (422). */
export function checkStepValues(event: RequestEvent): void {
  if (!(REQUEST_EVENT_KINDS as readonly string[]).includes(event.kind)) {
    throw new RequestRefusalError("enumValue", "unknown step", "kind");
  }
  checkDate(event.on, "on");
  switch (event.kind) {
    case "correction_requested":
      checkDueAfter(event.dueOn, event.on);
      break;
    case "extended":
      if (typeof event.days !== "number" || !Number.isInteger(event.days) || event.days < 1) {
        throw new RequestRefusalError("EXTENSION_DAYS_INVALID", "days must be a whole number from 1", "days", {
          min: 1,
        });
      }
      if (event.days > MAX_EXTENSION_DAYS) {
        throw new RequestRefusalError(
          "EXTENSION_TOO_LONG",
          `an extension is at most ${MAX_EXTENSION_DAYS} working days`,
          "days",
        );
      }
      if (blank(event.approvedBy)) {
        throw new RequestRefusalError("APPROVER_REQUIRED", "the office's head approves an extension", "approvedBy");
      }
      if (blank(event.reason)) throw new RequestRefusalError("REASON_REQUIRED", "give the reason", "reason");
      break;
    case "paused":
      if (!(PAUSE_TYPES as readonly string[]).includes(event.type)) {
        throw new RequestRefusalError("enumValue", "unknown pause type", "type");
      }
      if (event.type === "fee" && event.dueOn === undefined) {
        throw new RequestRefusalError("required", "a fee notice sets the payment deadline", "dueOn");
      }
      if (event.dueOn !== undefined) checkDueAfter(event.dueOn, event.on);
      break;
    case "answered":
      if (!isAnswerTypeCode(event.answerType)) {
        throw new RequestRefusalError("enumValue", "unknown answer type", "answerType");
      }
      if (answerType(event.answerType).via === "lapse") {
        throw new RequestRefusalError("USE_LAPSE", "a lapsed request is closed, not answered", "answerType");
      }
      break;
    case "lapsed":
      if (!(LAPSE_REASONS as readonly string[]).includes(event.reason)) {
        throw new RequestRefusalError("enumValue", "unknown lapse reason", "reason");
      }
      break;
    default:
      break;
  }
}

/** Checks the step against the request as it stands on the step's day (409). */
function checkAgainstHistory(before: RequestClock, event: RequestEvent): void {
  transition(before.state, event.kind, {
    extended: before.extendedDays > 0,
    correctionRequested: before.correction?.requestedOn != null,
  });
  if (event.kind === "correction_requested" && before.correction && event.on > before.correction.allowedUntil) {
    throw new RequestRefusalError(
      "CORRECTION_TOO_LATE",
      `a 补正 may be asked for up to ${before.correction.allowedUntil}`,
      undefined,
      { date: before.correction.allowedUntil },
    );
  }
  if (event.kind === "extended" && before.dueBy !== null && event.on > before.dueBy) {
    throw new RequestRefusalError("EXTENSION_TOO_LATE", `the answer was due on ${before.dueBy}`, undefined, {
      date: before.dueBy,
    });
  }
  // The applicant's deadline passed: the request is closed (lapsed), not revived by a late arrival.
  if (event.kind === "correction_received" && before.correction?.dueOn && event.on > before.correction.dueOn) {
    throw new RequestRefusalError("CORRECTION_OVERDUE", `the 补正 was due by ${before.correction.dueOn}`, undefined, {
      date: before.correction.dueOn,
    });
  }
  if (event.kind === "resumed" && before.pause?.type === "fee" && before.pause.dueOn && event.on > before.pause.dueOn) {
    throw new RequestRefusalError("FEE_PAYMENT_OVERDUE", `the fee was due by ${before.pause.dueOn}`, undefined, {
      date: before.pause.dueOn,
    });
  }
  if (event.kind === "lapsed" && before.lapse?.reason !== event.reason) {
    throw new RequestRefusalError("NOT_LAPSED", `the applicant's deadline for ${event.reason} has not passed`);
  }
}

/**
 * The history with the step appended, or a RequestRefusalError: 422 for the step's values
 * (`checkStepValues`), a date after `today` or before the previous step; 409 for a step the
 * request's state or history forbids (state moves, a second extension or 补正, a 补正 after its
 * 7 working days, an extension after the due date, a corrected request or a fee payment after the
 * applicant's deadline, a lapse before it).
 */
export function appendRequestEvent(
  history: readonly RequestEvent[],
  event: RequestEvent,
  { calendar, today }: StepOptions,
): RequestEvent[] {
  checkStepValues(event);
  if (event.on > today) throw new RequestRefusalError("DATE_IN_FUTURE", "the step is dated after today", "on");
  const previous = history.at(-1);
  if (previous && event.on < previous.on) {
    throw new RequestRefusalError("EVENT_BEFORE_PREVIOUS", `the previous step is dated ${previous.on}`, "on", {
      date: previous.on,
    });
  }
  checkAgainstHistory(requestClock(history, { calendar, asOf: event.on }), event);
  return [...history, event];
}
