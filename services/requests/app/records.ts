/**
 * The request record itself: what the use cases are given, loading a request as staff may see it,
 * its history (the clock steps of its trail), and recording a step — the one write path of every
 * step: under the request's row lock, the step passes the gate of shared/requests
 * (`appendRequestEvent`), then the trail, the request's columns and the outbox row are written
 * in one transaction. A refusal writes nothing.
 */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import { recordAudit } from "../../../lib/audit.js";
import type { SessionUser } from "../../../lib/auth.js";
import type { Config } from "../../../lib/config.js";
import type { Caller } from "../../../lib/contract.js";
import { ConflictError, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { appendOutbox, nudgeFeed } from "../../../lib/outbox.js";
import type { Storage } from "../../../lib/storage.js";
import type { WorkingCalendar } from "../../../shared/calendar.js";
import { chinaToday } from "../../../shared/dates.js";
import {
  appendRequestEvent,
  requestClock,
  RequestRefusalError,
  type RequestClock,
  type RequestEvent,
} from "../../../shared/requests.js";
import { AUDIT, InfoRequest, RequestOutbox, RequestStep } from "../entities.js";

export interface RequestsDeps {
  /** Each call is a fresh EntityManager (one unit of work). */
  em: () => EntityManager;
  now: () => Date;
  /** Other services: duties (the body), results (the calendar, through `calendar`). */
  caller: Caller;
  /** The working-day calendar in force (app/calendar.ts holds the copy). */
  calendar: () => Promise<WorkingCalendar>;
  config: Config["requests"];
  /** Object storage: the answer's attachments (app/attachments.ts). */
  storage: Storage;
  log: { warn(...args: unknown[]): void };
}

/** Who took a step, as the trail records it. */
export interface Actor {
  id: string | null;
  name: string;
  role: string | null;
}

/** The applicant, through the tracking page. */
export const APPLICANT: Actor = { id: null, name: "申请人", role: null };
/** The platform itself: a lapse closed by the timer or on reading. */
export const PLATFORM: Actor = { id: null, name: "系统", role: null };

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, name: user.username, role: user.role };
}

export const todayOf = (deps: Pick<RequestsDeps, "now">): string => chinaToday(deps.now());

/** A request of another body is 404, not 403: its existence is not the caller's business. */
export async function loadOwn(em: EntityManager, user: SessionUser, id: string): Promise<InfoRequest> {
  const r = await em.findOne(InfoRequest, { id });
  if (!r || (user.role !== "admin" && user.bodyId !== r.bodyId)) throw new NotFoundError("Request", id);
  return r;
}

export function trailOf(em: EntityManager, requestId: string): Promise<RequestStep[]> {
  return em.find(RequestStep, { requestId }, { orderBy: { seq: "asc" } });
}

/** The clock steps of a trail, in order: the history shared/requests reads. */
export function eventsOf(steps: readonly RequestStep[]): RequestEvent[] {
  return steps.flatMap((s) => (s.event ? [s.event] : []));
}

/**
 * Runs a rule of shared/requests and turns its refusal into the platform's error: 409 with its
 * type and values, or 422 naming the field (renamed by `fields` where the route calls it otherwise).
 */
export function ruled<T>(run: () => T, fields: Record<string, string> = {}): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof RequestRefusalError)) throw err;
    if (err.status === 409) throw new ConflictError(err.message, err.type, { ...err.values });
    const field = err.field ? (fields[err.field] ?? err.field) : "on";
    throw fieldProblem(field, err.type, err.message, err.values);
  }
}

/** The request's stored columns from its clock as of today: for lists, the lapse timer and statistics. */
export function syncColumns(r: InfoRequest, c: RequestClock): void {
  r.state = c.state ?? r.state;
  r.receivedOn = c.receivedOn;
  r.dueBy = c.dueBy;
  r.applicantDueOn =
    c.state === "correction_requested"
      ? (c.correction?.dueOn ?? null)
      : c.state === "paused" && c.pause?.type === "fee"
        ? c.pause.dueOn
        : null;
  r.outcomeType = c.outcome?.type ?? null;
  r.outcomeOn = c.outcome?.on ?? null;
  r.late = c.outcome?.late ?? false;
  r.workingDaysUsed = c.outcome ? c.workingDaysUsed : null;
}

/** What a step writes: its clock event (none for a remedy), its note, and changes to the request. */
export interface StepChange {
  event?: RequestEvent;
  /** The trail's kind; by default the event's. */
  kind?: string;
  note?: string | null;
  apply?: (r: InfoRequest) => void;
  /** More rows of the same transaction (a remedy). */
  write?: (tx: EntityManager) => void | Promise<void>;
}

export interface StepContext {
  r: InfoRequest;
  history: RequestEvent[];
  /** The clock as of today, before the step. */
  clock: RequestClock;
  calendar: WorkingCalendar;
  today: string;
  tx: EntityManager;
}

/** Appends trail rows (and an outbox row) for a request inside `tx`. */
export async function appendSteps(
  tx: EntityManager,
  r: InfoRequest,
  rows: { kind: string; event: RequestEvent | null; note?: string | null }[],
  actor: Actor,
  at: Date,
): Promise<void> {
  const last = await tx.findOne(RequestStep, { requestId: r.id }, { orderBy: { seq: "desc" } });
  let seq = last?.seq ?? 0;
  for (const row of rows) {
    seq += 1;
    tx.persist(
      Object.assign(new RequestStep(), {
        requestId: r.id,
        seq,
        kind: row.kind,
        event: row.event,
        actorId: actor.id,
        actorName: actor.name,
        actorRole: actor.role,
        at,
        note: row.note ?? null,
      }),
    );
  }
  // The audit log keeps every step too, beside the views of the applicant's identity.
  for (const row of rows) {
    recordAudit(tx, AUDIT, actor, {
      action: `request.${row.kind}`,
      recordType: "request",
      recordId: r.id,
      reason: row.note,
    });
  }
  await tx.flush();
  await appendOutbox(tx, "requests.outbox", Object.assign(new RequestOutbox(), { requestId: r.id, at }));
}

/**
 * Records one step of request `id`: `plan` sees the request under its row lock, its history and
 * clock, and answers what to write (or null: nothing to do). The event passes the gate against
 * the stored history; any refusal, there or in `plan`, rolls everything back.
 */
export async function recordStep(
  deps: RequestsDeps,
  id: string,
  actor: Actor,
  plan: (ctx: StepContext) => StepChange | null | Promise<StepChange | null>,
): Promise<boolean> {
  const calendar = await deps.calendar();
  const recorded = await deps.em().transactional(async (tx) => {
    const r = await tx.findOneOrFail(InfoRequest, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const history = eventsOf(await trailOf(tx, id));
    const today = todayOf(deps);
    const change = await plan({
      r,
      history,
      clock: requestClock(history, { calendar, asOf: today }),
      calendar,
      today,
      tx,
    });
    if (!change) return false;
    const event = change.event;
    const next = event ? ruled(() => appendRequestEvent(history, event, { calendar, today })) : history;
    change.apply?.(r);
    syncColumns(r, requestClock(next, { calendar, asOf: today }));
    const now = deps.now();
    r.updatedAt = now;
    await change.write?.(tx);
    const kind = change.kind ?? event?.kind ?? "note";
    await appendSteps(tx, r, [{ kind, event: event ?? null, note: change.note }], actor, now);
    return true;
  });
  if (recorded) await nudgeFeed(deps.caller, "requests");
  return recorded;
}
