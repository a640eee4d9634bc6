/**
 * After the comments: the hearing (听证) a consultation may hold, the adoption report (采纳情况) its
 * officer publishes once the window has closed, and the gate that keeps the consultation's final
 * document or decision unpublished until that report exists.
 *
 * - A hearing is announced at least 7 days ahead: announced on D, held on D + 7 or later.
 * - The report counts the comments received, those adopted and, grouped by reason, those not
 *   adopted; adopted + the groups = received, and received is at least the comments on record
 *   (those that came through the portal; letters and meetings may add more).
 */
import type { IsoDate } from "../calendar.js";
import { isCalendarDate } from "../dates.js";
import { windowPhase, type ConsultationWindow } from "./consultations.js";
import { addDays } from "./days.js";
import { DocumentRefusalError } from "./refusals.js";

/** 听证 notice: days between the announcement and the hearing, at least. */
export const HEARING_NOTICE_DAYS = 7;

export interface HearingInput {
  /** The day it is announced (today, for a new announcement). */
  announcedOn: IsoDate;
  heldOn: IsoDate;
  place: string;
  /** 听证参加人, as published. */
  participants: readonly string[];
}

export type Hearing = HearingInput & { participants: string[] };

const trimmed = (s: unknown): string => (typeof s === "string" ? s.trim() : "");

/** The earliest day a hearing announced on `announcedOn` may be held. */
export function earliestHearingOn(announcedOn: IsoDate): IsoDate {
  return addDays(announcedOn, HEARING_NOTICE_DAYS);
}

/**
 * The hearing, trimmed, or the first 422: NOT_A_DATE, `required` (place, participants[i]),
 * HEARING_TOO_SOON (field heldOn; values: date — the earliest day, min — 7).
 */
export function checkHearing(input: HearingInput): Hearing {
  for (const field of ["announcedOn", "heldOn"] as const) {
    if (!isCalendarDate(input[field])) {
      throw new DocumentRefusalError("NOT_A_DATE", `${field} is not a date YYYY-MM-DD`, field);
    }
  }
  const earliest = earliestHearingOn(input.announcedOn);
  if (input.heldOn < earliest) {
    throw new DocumentRefusalError("HEARING_TOO_SOON", "a hearing is announced 7 days ahead", "heldOn", {
      date: earliest,
      min: HEARING_NOTICE_DAYS,
    });
  }
  const place = trimmed(input.place);
  if (place === "") throw new DocumentRefusalError("required", "a hearing has its place", "place");
  const participants = input.participants.map((p, i) => {
    const name = trimmed(p);
    if (name === "") throw new DocumentRefusalError("required", "a participant has a name", `participants[${i}]`);
    return name;
  });
  return { announcedOn: input.announcedOn, heldOn: input.heldOn, place, participants };
}

/** One group of comments not adopted, by reason. */
export interface NotAdoptedGroup {
  reason: string;
  count: number;
}

export interface AdoptionReportInput {
  received: number;
  adopted: number;
  notAdopted: readonly NotAdoptedGroup[];
  /** How the comments were handled, in words. */
  summary?: string | null;
}

export interface AdoptionReport {
  received: number;
  adopted: number;
  notAdopted: NotAdoptedGroup[];
  /** The sum of the groups. */
  notAdoptedTotal: number;
  summary: string;
}

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0;

/**
 * The adoption report, checked, or the first refusal. 409: CONSULTATION_STILL_OPEN (the window has
 * not closed at `at`). 422: ADOPTION_COUNT_INVALID (received, adopted, notAdopted[i].count: whole
 * numbers, a group at least 1), REASON_REQUIRED (notAdopted[i].reason), REASON_REPEATED,
 * RECEIVED_BELOW_RECORDED (values.min), ADOPTION_ARITHMETIC (values received, adopted, notAdopted)
 * when adopted + the groups ≠ received.
 */
export function checkAdoptionReport(
  input: AdoptionReportInput,
  {
    window,
    at,
    commentsOnRecord = 0,
  }: { window: Pick<ConsultationWindow, "opensOn" | "closesOn">; at: Date; commentsOnRecord?: number },
): AdoptionReport {
  for (const field of ["received", "adopted"] as const) {
    if (!isCount(input[field])) {
      throw new DocumentRefusalError("ADOPTION_COUNT_INVALID", `${field} is a whole number`, field);
    }
  }
  const seen = new Set<string>();
  const notAdopted = input.notAdopted.map((group, i) => {
    const reason = trimmed(group.reason);
    if (reason === "")
      throw new DocumentRefusalError("REASON_REQUIRED", "a group has its reason", `notAdopted[${i}].reason`);
    if (seen.has(reason)) {
      throw new DocumentRefusalError("REASON_REPEATED", "a reason is one group", `notAdopted[${i}].reason`);
    }
    seen.add(reason);
    if (!isCount(group.count) || group.count < 1) {
      throw new DocumentRefusalError("ADOPTION_COUNT_INVALID", "a group counts 1 or more", `notAdopted[${i}].count`);
    }
    return { reason, count: group.count };
  });
  const notAdoptedTotal = notAdopted.reduce((sum, g) => sum + g.count, 0);
  if (input.received < commentsOnRecord) {
    throw new DocumentRefusalError("RECEIVED_BELOW_RECORDED", "fewer than the comments on record", "received", {
      min: commentsOnRecord,
    });
  }
  if (input.adopted + notAdoptedTotal !== input.received) {
    throw new DocumentRefusalError(
      "ADOPTION_ARITHMETIC",
      `${input.adopted} adopted + ${notAdoptedTotal} not adopted ≠ ${input.received} received`,
      "received",
      { received: input.received, adopted: input.adopted, notAdopted: notAdoptedTotal },
    );
  }
  if (windowPhase(window, at) !== "closed") {
    throw new DocumentRefusalError("CONSULTATION_STILL_OPEN", "the report follows the window", undefined, {
      date: window.closesOn,
    });
  }
  return {
    received: input.received,
    adopted: input.adopted,
    notAdopted,
    notAdoptedTotal,
    summary: trimmed(input.summary),
  };
}

/** What the gate needs to know of the consultation a document or decision comes out of. */
export interface ConsultationGate {
  /** When its adoption report was published; null while none exists. */
  adoptionReportedOn: IsoDate | null;
}

/** The final document of a consultation waits for its adoption report: 409 ADOPTION_REPORT_REQUIRED. */
export function checkFinalPublication(consultation: ConsultationGate | null): void {
  if (consultation && consultation.adoptionReportedOn === null) {
    throw new DocumentRefusalError("ADOPTION_REPORT_REQUIRED", "publish the adoption report first");
  }
}
