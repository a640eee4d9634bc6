/**
 * 有效性: whether a published document is 有效, 失效, 废止 or 已修改 on a given day, computed from its
 * dates and the status events an officer records; and the dated public history of those changes.
 *
 * - 失效 comes by itself, the day after the last valid day (validity.ts): no event records it.
 * - 废止 (repealed, with its date and reason) and 已修改 (amended, linked to the amending document)
 *   are recorded as events; so is a review (清理) that finds the document still fit (经清理继续有效),
 *   which changes no status but resets the review clock of cleanup.ts.
 * - Precedence on a day: 废止 from its date; else 失效 after the last valid day; else 已修改 from the
 *   latest amendment; else 有效 (before the 施行日期 too — published but not yet in force, flagged).
 *
 * The events are append-only, in date order, and pass one gate (`appendStatusEvent`): its own values
 * first (422), then the document's state on the event's day (409). Nothing is written on a refusal.
 */
import type { IsoDate } from "../calendar.js";
import { chineseDate, isCalendarDate } from "../dates.js";
import { DocumentRefusalError } from "./refusals.js";
import { lapsesOn, type DocumentDates } from "./validity.js";

export const DOCUMENT_STATUSES = ["valid", "expired", "repealed", "amended"] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  valid: "有效",
  expired: "失效",
  repealed: "废止",
  amended: "已修改",
};

/** Statuses in which the document still binds: it can be amended, repealed or reviewed. */
export const IN_FORCE_STATUSES: readonly DocumentStatus[] = ["valid", "amended"];

export type DocumentStatusEvent =
  /** 废止, from `on`, for `reason` (public). */
  | { kind: "repealed"; on: IsoDate; reason: string }
  /** 已修改 by the document `amendedBy` (its id), from `on`. */
  | { kind: "amended"; on: IsoDate; amendedBy: string }
  /** 清理: reviewed on `on` and found still fit. */
  | { kind: "reviewed"; on: IsoDate };

export const STATUS_EVENT_KINDS = ["repealed", "amended", "reviewed"] as const;

export interface StatusOnDay {
  status: DocumentStatus;
  label: string;
  /** The day this status began. */
  since: IsoDate;
  /** Published, not yet 施行 (status 有效). */
  notYetEffective: boolean;
  validUntil: IsoDate;
  /** The amending documents, oldest first. */
  amendedBy: string[];
  repeal: { on: IsoDate; reason: string } | null;
}

/** One public change, in date order: 发布, 施行, 修改, 失效, 废止. */
export interface StatusChange {
  kind: "published" | "took_effect" | "amended" | "expired" | "repealed";
  on: IsoDate;
  /** The status from this day. */
  status: DocumentStatus;
  /** The amending document, for `amended`. */
  amendedBy?: string;
  /** The reason, for `repealed`. */
  reason?: string;
  /** As the portal prints it: 2031年3月1日起失效. */
  text: string;
}

const upTo = (events: readonly DocumentStatusEvent[], day: IsoDate) => events.filter((e) => e.on <= day);

/** The status on `asOf`; null before the 发布日期 (the document was not yet public). */
export function documentStatus(
  dates: DocumentDates,
  events: readonly DocumentStatusEvent[],
  asOf: IsoDate,
): StatusOnDay | null {
  if (asOf < dates.publishedOn) return null;
  const known = upTo(events, asOf);
  const repeal = known.find((e) => e.kind === "repealed") ?? null;
  const amendments = known.filter((e) => e.kind === "amended");
  const view = (status: DocumentStatus, since: IsoDate): StatusOnDay => ({
    status,
    label: DOCUMENT_STATUS_LABELS[status],
    since,
    notYetEffective: status === "valid" && asOf < dates.effectiveFrom,
    validUntil: dates.validUntil,
    amendedBy: amendments.map((a) => a.amendedBy),
    repeal: repeal && { on: repeal.on, reason: repeal.reason },
  });
  if (repeal) return view("repealed", repeal.on);
  if (asOf > dates.validUntil) return view("expired", lapsesOn(dates));
  const lastAmendment = amendments.at(-1);
  if (lastAmendment) return view("amended", lastAmendment.on);
  return view("valid", dates.publishedOn);
}

/** True when the document binds on `asOf` (有效 or 已修改, 施行 or not yet). */
export function isInForce(dates: DocumentDates, events: readonly DocumentStatusEvent[], asOf: IsoDate): boolean {
  const status = documentStatus(dates, events, asOf)?.status;
  return status !== undefined && IN_FORCE_STATUSES.includes(status);
}

/** The dated public history up to `asOf`, the automatic 失效 included. */
export function documentStatusHistory(
  dates: DocumentDates,
  events: readonly DocumentStatusEvent[],
  asOf: IsoDate,
): StatusChange[] {
  if (asOf < dates.publishedOn) return [];
  const changes: StatusChange[] = [
    { kind: "published", on: dates.publishedOn, status: "valid", text: `${chineseDate(dates.publishedOn)}发布` },
  ];
  if (dates.effectiveFrom > dates.publishedOn && dates.effectiveFrom <= asOf) {
    changes.push({
      kind: "took_effect",
      on: dates.effectiveFrom,
      status: "valid",
      text: `${chineseDate(dates.effectiveFrom)}起施行`,
    });
  }
  for (const e of upTo(events, asOf)) {
    if (e.kind === "amended") {
      changes.push({
        kind: "amended",
        on: e.on,
        status: "amended",
        amendedBy: e.amendedBy,
        text: `${chineseDate(e.on)}修改`,
      });
    } else if (e.kind === "repealed") {
      changes.push({
        kind: "repealed",
        on: e.on,
        status: "repealed",
        reason: e.reason,
        text: `${chineseDate(e.on)}起废止：${e.reason}`,
      });
    }
  }
  const lapse = lapsesOn(dates);
  const repealedOn = changes.find((c) => c.kind === "repealed")?.on;
  if (lapse <= asOf && (repealedOn === undefined || repealedOn > dates.validUntil)) {
    changes.push({ kind: "expired", on: lapse, status: "expired", text: `${chineseDate(lapse)}起失效` });
  }
  return changes.sort((a, b) => a.on.localeCompare(b.on));
}

/** The banner over a text that no longer binds as published; null while simply 有效. */
export function statusBanner(status: StatusOnDay | null): string | null {
  if (!status) return null;
  switch (status.status) {
    case "valid":
      return status.notYetEffective ? `本文件尚未施行，有效期至${chineseDate(status.validUntil)}。` : null;
    case "amended":
      return `本文件已于${chineseDate(status.since)}修改，请同时查阅修改文件。`;
    case "expired":
      return `本文件已于${chineseDate(status.since)}失效，仅供查阅。`;
    case "repealed":
      return `本文件已于${chineseDate(status.since)}废止，仅供查阅。`;
  }
}

/** The latest review (清理) on or before `asOf`. */
export function lastReviewedOn(events: readonly DocumentStatusEvent[], asOf: IsoDate): IsoDate | null {
  return (
    upTo(events, asOf)
      .filter((e) => e.kind === "reviewed")
      .at(-1)?.on ?? null
  );
}

const blank = (s: unknown): boolean => typeof s !== "string" || s.trim() === "";

export interface StatusEventOptions {
  /** Today in China: no event is dated later. */
  today: IsoDate;
  /** The document's own id: it cannot amend itself. */
  documentId: string;
}

/**
 * The events with `event` appended, or the first refusal. 422: enumValue (kind), NOT_A_DATE,
 * DATE_IN_FUTURE, DATE_BEFORE_PUBLICATION, EVENT_BEFORE_PREVIOUS (values.date), REASON_REQUIRED,
 * AMENDING_DOCUMENT_REQUIRED, SELF_AMENDMENT. 409: DOCUMENT_NOT_IN_FORCE when the document is
 * already 失效 or 废止 on the event's day (values.date: since when).
 */
export function appendStatusEvent(
  dates: DocumentDates,
  events: readonly DocumentStatusEvent[],
  event: DocumentStatusEvent,
  { today, documentId }: StatusEventOptions,
): DocumentStatusEvent[] {
  if (!(STATUS_EVENT_KINDS as readonly string[]).includes(event.kind)) {
    throw new DocumentRefusalError("enumValue", "unknown status event", "kind");
  }
  if (!isCalendarDate(event.on)) throw new DocumentRefusalError("NOT_A_DATE", "on is not a date YYYY-MM-DD", "on");
  if (event.on > today) throw new DocumentRefusalError("DATE_IN_FUTURE", "the event is after today", "on");
  if (event.on < dates.publishedOn) {
    throw new DocumentRefusalError("DATE_BEFORE_PUBLICATION", "the event precedes publication", "on", {
      date: dates.publishedOn,
    });
  }
  const previous = events.at(-1);
  if (previous && event.on < previous.on) {
    throw new DocumentRefusalError("EVENT_BEFORE_PREVIOUS", "the event precedes the last one", "on", {
      date: previous.on,
    });
  }
  if (event.kind === "repealed" && blank(event.reason)) {
    throw new DocumentRefusalError("REASON_REQUIRED", "a repeal gives its reason", "reason");
  }
  if (event.kind === "amended") {
    if (blank(event.amendedBy)) {
      throw new DocumentRefusalError("AMENDING_DOCUMENT_REQUIRED", "name the amending document", "amendedBy");
    }
    if (event.amendedBy === documentId) {
      throw new DocumentRefusalError("SELF_AMENDMENT", "a document does not amend itself", "amendedBy");
    }
  }
  const status = documentStatus(dates, events, event.on);
  if (status && !IN_FORCE_STATUSES.includes(status.status)) {
    throw new DocumentRefusalError("DOCUMENT_NOT_IN_FORCE", `the document is ${status.status}`, undefined, {
      date: status.since,
      status: status.label,
    });
  }
  const stored: DocumentStatusEvent =
    event.kind === "repealed"
      ? { kind: "repealed", on: event.on, reason: event.reason.trim() }
      : event.kind === "amended"
        ? { kind: "amended", on: event.on, amendedBy: event.amendedBy }
        : { kind: "reviewed", on: event.on };
  return [...events, stored];
}
