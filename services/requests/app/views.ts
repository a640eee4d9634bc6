/**
 * What the routes answer about a request: the clock (computed afresh, as of today), the staff
 * views (the queue's line with the applicant masked; the whole request with identity, contact,
 * trail and remedies), and the applicant's tracking view — no identity, no officer names, no
 * notes, every text masked for personal data.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { WorkingCalendar } from "../../../shared/calendar.js";
import { publicText } from "../../../shared/redaction.js";
import {
  allowedSteps,
  answerType,
  applicantLabel,
  maskedApplicant,
  requestClock,
  type AnswerItem,
  type Applicant,
  type RequestClock,
  type RequestEvent,
} from "../../../shared/requests.js";
import type {
  AnswerView,
  ApplicantView,
  ClockView,
  LetterView,
  OutcomeView,
  RequestDetail,
  RequestSummary,
  TrackedRequest,
  TrailStepView,
} from "../contract.js";
import { Remedy, RequestAttachment, type InfoRequest, type RequestStep } from "../entities.js";
import { attachmentView, publicAttachmentView } from "./attachments.js";
import { eventsOf, trailOf } from "./records.js";

export function clockOf(steps: readonly RequestStep[], calendar: WorkingCalendar, today: string): RequestClock {
  return requestClock(eventsOf(steps), { calendar, asOf: today });
}

export function clockView(r: InfoRequest, c: RequestClock): ClockView {
  return {
    status: c.state ?? r.state,
    submittedOn: c.submittedOn,
    receivedOn: c.receivedOn,
    countsFrom: c.countsFrom,
    dueBy: c.dueBy,
    pausedDays: c.pausedDays,
    extendedDays: c.extendedDays,
    workingDaysUsed: c.workingDaysUsed,
    workingDaysLeft: c.workingDaysLeft,
    overdue: c.overdue,
    overdueBy: c.overdueBy,
    dueByProvisional: c.provisional,
    pause: c.pause,
    lapse: c.lapse,
    warnings: c.warnings,
  };
}

function outcomeView(c: RequestClock): OutcomeView | null {
  if (!c.outcome) return null;
  const t = answerType(c.outcome.type);
  return { ...c.outcome, label: t.shortLabel, row: t.row };
}

export function summaryView(r: InfoRequest, c: RequestClock): RequestSummary {
  return {
    ...clockView(r, c),
    id: r.id,
    trackingCode: r.trackingCode,
    bodyId: r.bodyId,
    channel: r.channel,
    applicantKind: r.applicantKind,
    applicant: applicantLabel(r.applicant),
    description: Array.from(r.description).slice(0, 200).join(""),
    outcome: outcomeView(c),
    createdAt: r.createdAt.toISOString(),
  };
}

function trailView(s: RequestStep): TrailStepView {
  return {
    seq: s.seq,
    kind: s.kind,
    on: s.event?.on ?? null,
    actor: s.actorName,
    actorId: s.actorId,
    at: s.at.toISOString(),
    note: s.note,
    event: s.event ? { ...s.event } : null,
  };
}

/** The whole request for its body's officers: identity and contact, every step, every remedy. */
export async function detailView(
  em: EntityManager,
  r: InfoRequest,
  calendar: WorkingCalendar,
  today: string,
): Promise<RequestDetail> {
  const [steps, remedies, attachments] = await Promise.all([
    trailOf(em, r.id),
    em.find(Remedy, { requestId: r.id }, { orderBy: { createdAt: "asc" } }),
    em.find(RequestAttachment, { requestId: r.id }, { orderBy: { n: "asc" } }),
  ]);
  const c = clockOf(steps, calendar, today);
  return {
    ...clockView(r, c),
    id: r.id,
    trackingCode: r.trackingCode,
    bodyId: r.bodyId,
    bodyName: r.bodyName,
    channel: r.channel,
    applicant: applicantView(maskedApplicant(r.applicant)),
    identityOpened: false,
    description: r.description,
    form: r.form,
    delivery: r.delivery,
    correction: c.correction && {
      allowedUntil: c.correction.allowedUntil,
      allowed: c.correction.allowed,
      requestedOn: c.correction.requestedOn,
      dueOn: c.correction.dueOn,
      receivedOn: c.correction.receivedOn,
      what: r.correctionWhat,
      text: r.correctionText,
    },
    fee: r.fee && {
      standard: r.fee.standard,
      quantity: r.fee.quantity,
      previousItems: r.fee.previousItems,
      yuan: r.fee.yuan,
      noticedOn: r.fee.noticedOn,
      dueOn: r.fee.dueOn,
      paidOn: r.fee.paidOn,
    },
    answer: answerView(
      r,
      (text) => text,
      (items) => [...items],
    ),
    letter: letterView(r),
    attachments: attachments.map(attachmentView),
    sameAs: r.sameAs,
    outcome: outcomeView(c),
    archivedOn: c.archivedOn,
    allowedSteps: c.state
      ? allowedSteps(c.state, { extended: c.extendedDays > 0, correctionRequested: !!c.correction?.requestedOn })
      : [],
    trail: steps.map(trailView),
    remedies: remedies.map((m) => ({
      id: m.id,
      kind: m.kind,
      filedOn: m.filedOn,
      outcome: m.outcome,
      decidedOn: m.decidedOn,
      note: m.note,
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
    })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The applicant as the detail shows it (masked) or as opened with a reason (whole). */
export function applicantView(a: Applicant): ApplicantView {
  const { contact, ...identity } = a;
  return { ...identity, contact: { ...contact } };
}

function answerView(
  r: InfoRequest,
  text: (s: string) => string,
  items: (i: readonly AnswerItem[]) => AnswerItem[],
): AnswerView | null {
  if (r.answerText === null) return null;
  return {
    text: text(r.answerText),
    items: items(r.answerItems),
    feeYuan: r.answerFeeYuan,
    reviewOrgan: r.reviewOrgan,
    court: r.court,
  };
}

function letterView(r: InfoRequest): LetterView | null {
  return r.letterId && r.letterVerifyCode && r.letterSha256 && r.letterIssuedAt
    ? { verifyCode: r.letterVerifyCode, sha256: r.letterSha256, issuedAt: r.letterIssuedAt.toISOString() }
    : null;
}

/** The applicant's own values, masked wherever a text quotes them. */
export function applicantSecrets(a: Applicant): string[] {
  const c = a.contact ?? {};
  const values = a.kind === "natural_person" ? [a.name, a.idNumber] : [a.contactPerson ?? ""];
  return [...values, c.phone ?? "", c.email ?? "", c.address ?? ""].filter((v) => v.trim() !== "");
}

function maskedItems(items: readonly AnswerItem[], mask: (s: string) => string): AnswerItem[] {
  return items.map((item) => {
    const r = item.result;
    const result =
      r.mark === "already_public"
        ? { mark: r.mark, where: mask(r.where) }
        : r.mark === "partly_provided"
          ? { mark: r.mark, withheld: mask(r.withheld), ground: r.ground }
          : r.mark === "not_provided"
            ? { mark: r.mark, ground: r.ground }
            : { mark: r.mark };
    return { title: mask(item.title), result } as AnswerItem;
  });
}

/** What the holder of the tracking code sees. */
export function trackedView(
  r: InfoRequest,
  steps: readonly RequestStep[],
  c: RequestClock,
  attachments: readonly RequestAttachment[],
): TrackedRequest {
  const secrets = applicantSecrets(r.applicant);
  const mask = (text: string) => publicText(text, { secrets });
  const events: RequestEvent[] = eventsOf(steps);
  const correction = c.correction;
  return {
    trackingCode: r.trackingCode,
    bodyId: r.bodyId,
    bodyName: r.bodyName,
    status: c.state ?? r.state,
    submittedOn: c.submittedOn,
    receivedOn: c.receivedOn,
    dueBy: c.dueBy,
    pausedDays: c.pausedDays,
    extendedDays: c.extendedDays,
    workingDaysLeft: c.workingDaysLeft,
    overdue: c.overdue,
    overdueBy: c.overdueBy,
    dueByProvisional: c.provisional,
    description: mask(r.description),
    correction:
      correction?.requestedOn && correction.dueOn
        ? {
            requestedOn: correction.requestedOn,
            dueOn: correction.dueOn,
            what: mask(r.correctionWhat ?? ""),
            receivedOn: correction.receivedOn,
          }
        : null,
    fee: r.fee && {
      standard: r.fee.standard,
      quantity: r.fee.quantity,
      yuan: r.fee.yuan,
      dueOn: r.fee.dueOn,
      paidOn: r.fee.paidOn,
    },
    outcome: outcomeView(c),
    answer: answerView(r, mask, (items) => maskedItems(items, mask)),
    letter: letterView(r),
    // Files are the answer's: none is shown before the answer (nor a count of those being prepared).
    attachments: r.answerText === null ? [] : attachments.map((a) => publicAttachmentView(a, mask)),
    steps: events.map((e) => ({ kind: e.kind, on: e.on })),
  };
}
