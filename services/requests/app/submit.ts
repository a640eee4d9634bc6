/**
 * How a request arrives: submitted online by the public (rate limited per client, deduplicated —
 * the same applicant asking the same body the same thing, or a retry with the same
 * Idempotency-Key, answers the first request's code — and waiting as `submitted` until the body
 * confirms receipt, Art. 31), or registered by an officer when it came in person, by post, by
 * letter or by fax, with its day of receipt. The applicant's identity is checked (Art. 29) and
 * kept for the body only.
 */
import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { dependencyCall, fieldProblem, InvalidInputError } from "../../../lib/errors.js";
import { nudgeFeed } from "../../../lib/outbox.js";
import { lockClient, RateLimitedError, takeHit } from "../../../lib/rate-limit.js";
import type { WorkingCalendar } from "../../../shared/calendar.js";
import { comparableText } from "../../../shared/comparable-text.js";
import { normalizeCreditCode } from "../../../shared/identifiers.js";
import { newId } from "../../../shared/ids.js";
import {
  appendRequestEvent,
  applicantProblems,
  normalizeApplicantIdNumber,
  receiptDate,
  requestClock,
  type Applicant,
  type ApplicantKind,
  type ReceiptChannel,
  type ReceiptEvidence,
  type RequestEvent,
} from "../../../shared/requests.js";
import { newTrackingCode } from "../../../shared/verify-code.js";
import { duties } from "../../duties/contract.js";
import type {
  ApplicantInput,
  ContactInput,
  RegisterParams,
  RequestDetail,
  SubmitParams,
  SubmitReply,
} from "../contract.js";
import { InfoRequest, RateHit } from "../entities.js";
import {
  actorOf,
  APPLICANT,
  appendSteps,
  ruled,
  syncColumns,
  todayOf,
  type Actor,
  type RequestsDeps,
} from "./records.js";
import { detailView } from "./views.js";

/** Who sent it, as the gateway tells: the client's key, and the request's Idempotency-Key if any. */
export interface Sender {
  clientKey: string;
  idempotencyKey: string | null;
}

/**
 * The applicant's column of the annual report: its `kind`, or from the handbook's `type` — a legal
 * person or other organisation whose kind is not said counts as 其他. Both given must agree.
 */
function applicantKindOf(a: ApplicantInput): ApplicantKind {
  const fromType = a.type === undefined ? undefined : a.type === "natural" ? "natural_person" : "other_organisation";
  if (a.kind === undefined) {
    if (fromType === undefined) throw fieldProblem("applicant.kind", "required", "say who applies");
    return fromType;
  }
  if (a.type !== undefined && (a.type === "natural") !== (a.kind === "natural_person")) {
    throw fieldProblem("applicant.type", "APPLICANT_TYPE_MISMATCH", "type and kind say different things");
  }
  return a.kind;
}

/** The applicant as kept: the fields of its kind only, numbers normalised; or 422 for every problem. */
export function checkedApplicant(a: ApplicantInput, contact: ContactInput = {}, now: Date): Applicant {
  const phone = contact.phone ?? a.phone;
  const email = contact.email ?? a.email;
  const address = contact.address ?? a.address;
  const c = { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(address ? { address } : {}) };
  const kind = applicantKindOf(a);
  const applicant: Applicant =
    kind === "natural_person"
      ? {
          kind,
          name: a.name,
          // The handbook's form names no document: a number alone is a 居民身份证's.
          idType: (a.idType ?? (a.idNumber ? "resident_id" : undefined)) as NonNullable<ApplicantInput["idType"]>,
          idNumber: normalizeApplicantIdNumber(a.idNumber ?? ""),
          contact: c,
        }
      : {
          kind,
          name: a.name,
          creditCode: normalizeCreditCode(a.creditCode ?? ""),
          ...(a.contactPerson ? { contactPerson: a.contactPerson } : {}),
          contact: c,
        };
  const problems = applicantProblems(applicant, now);
  if (problems.length > 0) {
    throw new InvalidInputError(
      problems.map((p) => ({ ...p, field: p.field === "contact" ? "contact" : `applicant.${p.field}` })),
    );
  }
  return applicant;
}

/** The applicant's kind and document, hashed: their requests of a month (per-item fees), duplicates. */
export function applicantKeyOf(a: Applicant): string {
  const document = a.kind === "natural_person" ? `${a.idType}:${a.idNumber}` : `credit:${a.creditCode}`;
  return createHash("sha256")
    .update(`${a.kind === "natural_person" ? "person" : "org"}:${document}`)
    .digest("hex");
}

/** The body asked, from its register; an unknown body is the form's mistake (422). */
async function bodyName(deps: RequestsDeps, bodyId: string): Promise<string> {
  try {
    const body = await dependencyCall("duties", () => call(deps.caller, duties.getBody, { id: bodyId }));
    return body.name;
  } catch (err) {
    if ((err as { code?: number }).code === 404) throw fieldProblem("bodyId", "UNKNOWN_BODY", "no such body");
    throw err;
  }
}

interface NewRequest {
  bodyId: string;
  bodyName: string;
  channel: ReceiptChannel;
  applicant: Applicant;
  p: SubmitParams;
  events: RequestEvent[];
  note?: string;
  contentHash?: string;
  sender?: Sender;
}

/** Writes a new request, its first steps and an outbox row in `tx` (the events have passed the gate). */
async function create(
  deps: RequestsDeps,
  tx: EntityManager,
  calendar: WorkingCalendar,
  n: NewRequest,
  actor: Actor,
): Promise<InfoRequest> {
  const now = deps.now();
  const r = Object.assign(new InfoRequest(), {
    id: newId(),
    trackingCode: newTrackingCode(),
    bodyId: n.bodyId,
    bodyName: n.bodyName,
    channel: n.channel,
    applicant: n.applicant,
    applicantKind: n.applicant.kind,
    applicantKey: applicantKeyOf(n.applicant),
    description: n.p.description,
    form: n.p.form ?? "email",
    delivery: n.p.delivery ?? "online",
    correctionWhat: null,
    correctionText: null,
    fee: null,
    answerText: null,
    answerItems: [],
    answerFeeYuan: null,
    reviewOrgan: null,
    court: null,
    letterId: null,
    letterVerifyCode: null,
    letterSha256: null,
    letterIssuedAt: null,
    sameAs: null,
    state: "submitted",
    receivedOn: null,
    dueBy: null,
    applicantDueOn: null,
    outcomeType: null,
    outcomeOn: null,
    workingDaysUsed: null,
    late: false,
    contentHash: n.contentHash ?? null,
    clientKey: n.sender?.clientKey ?? null,
    idempotencyKey: n.sender?.idempotencyKey ?? null,
    createdAt: now,
    updatedAt: now,
  } satisfies InfoRequest);
  syncColumns(r, requestClock(n.events, { calendar, asOf: todayOf(deps) }));
  tx.persist(r);
  await tx.flush();
  const rows = n.events.map((event, i) => ({
    kind: event.kind,
    event,
    note: i === n.events.length - 1 ? n.note : null,
  }));
  await appendSteps(tx, r, rows, actor, now);
  return r;
}

/** Writes the request, drawing a new tracking code should one repeat (60 random bits: unlikely). */
async function createWithCode(deps: RequestsDeps, n: NewRequest, actor: Actor): Promise<InfoRequest> {
  const calendar = await deps.calendar();
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await deps.em().transactional((tx) => create(deps, tx, calendar, n, actor));
      await nudgeFeed(deps.caller, "requests");
      return r;
    } catch (err) {
      if (attempt >= 3 || !isUniqueViolation(err, "requests_tracking_code_unique")) throw err;
    }
  }
}

/** The same applicant asking the same body the same thing, whatever the spacing or width. */
function contentHash(bodyId: string, applicant: Applicant, description: string): string {
  return createHash("sha256")
    .update(`${bodyId}:${applicantKeyOf(applicant)}:${comparableText(description)}`)
    .digest("hex");
}

/** Files an online request (201); it waits as `submitted` until the body confirms receipt. */
export async function submit(deps: RequestsDeps, sender: Sender, p: SubmitParams): Promise<SubmitReply> {
  const { clientKey, idempotencyKey } = sender;
  const { config } = deps;
  const applicant = checkedApplicant(p.applicant, p.contact, deps.now());
  const hash = contentHash(p.bodyId, applicant, p.description);
  const seen = await deps.em().transactional(async (tx) => {
    await lockClient(tx, "requests", clientKey);
    // A retry with the same Idempotency-Key is the same submission: no new hit, no new request.
    const retried = idempotencyKey ? await tx.findOne(InfoRequest, { clientKey, idempotencyKey }) : null;
    if (retried) return { duplicate: retried };
    const now = deps.now();
    const retryAfter = await takeHit(tx, RateHit, clientKey, config.rate, now);
    if (retryAfter !== null) return { retryAfter };
    const duplicate = await tx.findOne(InfoRequest, {
      contentHash: hash,
      createdAt: { $gt: new Date(now.getTime() - config.dedupeHours * 3600_000) },
    });
    return { duplicate };
  });
  if (seen.retryAfter !== undefined) throw new RateLimitedError(seen.retryAfter);
  if (seen.duplicate) return { trackingCode: seen.duplicate.trackingCode, duplicate: true };
  const name = await bodyName(deps, p.bodyId);
  const calendar = await deps.calendar();
  const today = todayOf(deps);
  const events = ruled(() => appendRequestEvent([], { kind: "submitted", on: today }, { calendar, today }));
  try {
    const r = await createWithCode(
      deps,
      { bodyId: p.bodyId, bodyName: name, channel: "online", applicant, p, events, contentHash: hash, sender },
      APPLICANT,
    );
    return { trackingCode: r.trackingCode };
  } catch (err) {
    if (idempotencyKey && isUniqueViolation(err, "requests_idempotency_unique")) {
      // The same retried submission won a race: answer with its code.
      const first = await deps.em().findOneOrFail(InfoRequest, { clientKey, idempotencyKey });
      return { trackingCode: first.trackingCode, duplicate: true };
    }
    throw err;
  }
}

/** The evidence of receipt (Art. 31) for a channel an officer registers. */
function evidenceOf(p: RegisterParams): ReceiptEvidence {
  switch (p.channel) {
    case "in_person":
      return { channel: "in_person", handedInOn: p.receivedOn };
    case "post":
      return { channel: "post", signedForOn: p.receivedOn };
    case "letter":
      return { channel: "letter", confirmedWithApplicantOn: p.receivedOn };
    case "fax":
      return { channel: "fax", submittedOn: p.submittedOn ?? p.receivedOn, confirmedOn: p.receivedOn };
  }
}

const RECEIPT_FIELDS = {
  handedInOn: "receivedOn",
  signedForOn: "receivedOn",
  confirmedWithApplicantOn: "receivedOn",
  confirmedOn: "receivedOn",
  submittedOn: "submittedOn",
};

/** Registers a request received in person, by post, by letter or by fax (201): its clock runs from receipt. */
export async function register(deps: RequestsDeps, user: SessionUser, p: RegisterParams): Promise<RequestDetail> {
  assertActsForBody(user, p.bodyId);
  const applicant = checkedApplicant(p.applicant, p.contact, deps.now());
  const today = todayOf(deps);
  const evidence = evidenceOf(p);
  const receivedOn = ruled(() => receiptDate(evidence, today), RECEIPT_FIELDS);
  const calendar = await deps.calendar();
  const first: RequestEvent[] = evidence.channel === "fax" ? [{ kind: "submitted", on: evidence.submittedOn }] : [];
  const events = ruled(
    () =>
      [...first, { kind: "received", on: receivedOn } as RequestEvent].reduce<RequestEvent[]>(
        (h, e) => appendRequestEvent(h, e, { calendar, today }),
        [],
      ),
    { on: "receivedOn" },
  );
  const name = await bodyName(deps, p.bodyId);
  const r = await createWithCode(
    deps,
    { bodyId: p.bodyId, bodyName: name, channel: p.channel, applicant, p, events, note: p.note },
    actorOf(user),
  );
  return detailView(deps.em(), r, calendar, today);
}
