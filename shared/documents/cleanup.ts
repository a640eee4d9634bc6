/**
 * 清理: 谁制定谁清理 — the documents a body should look at again, for the console's cleanup view.
 * Only documents in force (有效 or 已修改) are candidates; each gets the reasons it is listed:
 * - `expiring`: its last valid day falls within 180 days (today counted: 0 days left on the day);
 * - `review_overdue`: not reviewed for 2 years — two years on from the latest review (清理, a
 *   `reviewed` event or a review date the service kept) or, never reviewed, from publication;
 * - `basis_repealed`: the law or document it rests on was repealed (a flag the officer keeps).
 */
import type { IsoDate } from "../calendar.js";
import { addDays, daysBetween, sameDateYearsLater } from "./days.js";
import { isInForce, lastReviewedOn, type DocumentStatusEvent } from "./status.js";
import type { DocumentDates } from "./validity.js";

export const CLEANUP_RULES = {
  /** Listed when the last valid day is at most this many days away. */
  expiringWithinDays: 180,
  /** Listed when not reviewed for this many years. */
  reviewEveryYears: 2,
} as const;

export type CleanupReason =
  | { kind: "expiring"; validUntil: IsoDate; daysLeft: number }
  | { kind: "review_overdue"; lastReviewedOn: IsoDate | null; reviewDueOn: IsoDate }
  | { kind: "basis_repealed" };

export interface CleanupCandidate {
  dates: DocumentDates;
  events: readonly DocumentStatusEvent[];
  /** The legal basis (上位法 or document) was repealed. */
  basisRepealed: boolean;
  /** A review kept outside the events (imported registers); the later of the two counts. */
  lastReviewedOn?: IsoDate | null;
}

/** The day a document's next review is due: two years after its latest review, or its publication. */
export function reviewDueOn(candidate: CleanupCandidate, asOf: IsoDate): IsoDate {
  const reviewed = latestReview(candidate, asOf);
  return sameDateYearsLater(reviewed ?? candidate.dates.publishedOn, CLEANUP_RULES.reviewEveryYears);
}

function latestReview(candidate: CleanupCandidate, asOf: IsoDate): IsoDate | null {
  const fromEvents = lastReviewedOn(candidate.events, asOf);
  const kept = candidate.lastReviewedOn && candidate.lastReviewedOn <= asOf ? candidate.lastReviewedOn : null;
  if (fromEvents === null) return kept;
  return kept === null || fromEvents > kept ? fromEvents : kept;
}

/** Why the document is in the cleanup view on `asOf`; empty when it is not (or not in force). */
export function cleanupReasons(candidate: CleanupCandidate, asOf: IsoDate): CleanupReason[] {
  const { dates } = candidate;
  if (!isInForce(dates, candidate.events, asOf)) return [];
  const reasons: CleanupReason[] = [];
  if (dates.validUntil <= addDays(asOf, CLEANUP_RULES.expiringWithinDays)) {
    reasons.push({ kind: "expiring", validUntil: dates.validUntil, daysLeft: daysBetween(asOf, dates.validUntil) });
  }
  const dueOn = reviewDueOn(candidate, asOf);
  if (asOf >= dueOn) {
    reasons.push({ kind: "review_overdue", lastReviewedOn: latestReview(candidate, asOf), reviewDueOn: dueOn });
  }
  if (candidate.basisRepealed) reasons.push({ kind: "basis_repealed" });
  return reasons;
}

/** The cleanup view: the listed documents with their reasons, soonest to expire first. */
export function cleanupView<T extends CleanupCandidate>(
  candidates: readonly T[],
  asOf: IsoDate,
): { document: T; reasons: CleanupReason[] }[] {
  return candidates
    .map((document) => ({ document, reasons: cleanupReasons(document, asOf) }))
    .filter((row) => row.reasons.length > 0)
    .sort((a, b) => a.document.dates.validUntil.localeCompare(b.document.dates.validUntil));
}
