/**
 * 预公开: an officer opens a consultation on a draft with its window (the minimum by kind on the
 * official calendar; shorter only with a public reason), the public comments while it is open
 * (rate limited, deduplicated, idempotent; contact never public), each comment published only
 * after moderation, a hearing announced 7 days ahead, and the adoption report once it closed.
 */
import { createHash } from "node:crypto";
import { LockMode } from "@mikro-orm/postgresql";
import { commentParamsOf, consultationParamsOf } from "./handbook.js";
import type { SessionUser } from "../../../lib/auth.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { ConflictError, NotFoundError } from "../../../lib/errors.js";
import { newestFirst } from "../../../lib/paging.js";
import { comparableText } from "../../../shared/comparable-text.js";
import { chinaToday } from "../../../shared/dates.js";
import { checkAdoptionReport, checkCommentAllowed, checkHearing, checkWindow } from "../../../shared/documents.js";
import { newId } from "../../../shared/ids.js";
import type { Page } from "../../../shared/paging.js";
import type {
  AdoptionParams,
  CommentParams,
  CommentReply,
  ConsultationView,
  HearingParams,
  IdParams,
  ListConsultationsParams,
  ModerateParams,
  OpenConsultationParams,
} from "../contract.js";
import { Comment, Consultation, RateHit } from "../entities.js";
import { consultationView } from "./consultation-views.js";
import { commitChange, loadConsultation, refusing, type DocumentsDeps } from "./deps.js";
import { workingCalendar } from "../../../lib/working-calendar.js";
import { bodyFor } from "../../../lib/auth.js";
import { requireBody } from "./documents.js";
import { lockClient, RateLimitedError, takeHit } from "../../../lib/rate-limit.js";

/** Who comments, as the gateway tells: the client's key, and the request's Idempotency-Key if any. */
export interface Sender {
  clientKey: string;
  idempotencyKey: string | null;
}

/** Opens a consultation (201): public at once, taking comments from its first day. */
export async function open(
  deps: DocumentsDeps,
  user: SessionUser,
  given: OpenConsultationParams,
): Promise<ConsultationView> {
  const p = consultationParamsOf(given);
  const bodyId = bodyFor(user, p.bodyId);
  const now = deps.now();
  const calendar = await workingCalendar(deps);
  const window = refusing(() =>
    checkWindow(
      { kind: p.kind, opensOn: p.opensOn, closesOn: p.closesOn, shortReason: p.shortReason },
      { calendar, today: chinaToday(now) },
    ),
  );
  await requireBody(deps, bodyId);
  const c = Object.assign(new Consultation(), {
    id: newId(),
    bodyId,
    title: p.title,
    kind: window.kind,
    draftText: p.draftText,
    explanation: p.explanation,
    basis: p.basis,
    opensOn: window.opensOn,
    closesOn: window.closesOn,
    minimumClosesOn: window.minimumClosesOn,
    shortReason: window.shortReason,
    hearing: null,
    adoption: null,
    adoptionReportedAt: null,
    adoptionReportedOn: null,
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
  });
  await commitChange(deps, [["consultation", c.id]], async (tx) => void tx.persist(c));
  return consultationView(deps.em(), c, deps.now());
}

export async function list(
  deps: DocumentsDeps,
  user: SessionUser,
  p: ListConsultationsParams,
): Promise<Page<ConsultationView>> {
  const em = deps.em();
  const page = await newestFirst(em, Consultation, user.role === "admin" ? {} : { bodyId: user.bodyId }, p);
  const now = deps.now();
  const items: ConsultationView[] = [];
  for (const c of page.items) items.push(await consultationView(em, c, now));
  return { items, nextCursor: page.nextCursor };
}

export async function get(deps: DocumentsDeps, user: SessionUser, p: IdParams): Promise<ConsultationView> {
  const em = deps.em();
  return consultationView(em, await loadConsultation(em, user, p.id), deps.now());
}

/** A hearing (听证), announced today and held at least 7 days later, with its participants. */
export async function announceHearing(
  deps: DocumentsDeps,
  user: SessionUser,
  p: HearingParams,
): Promise<ConsultationView> {
  const found = await loadConsultation(deps.em(), user, p.id);
  const hearing = refusing(() =>
    checkHearing({
      announcedOn: chinaToday(deps.now()),
      heldOn: p.heldOn,
      place: p.place,
      participants: p.participants,
    }),
  );
  await commitChange(deps, [["consultation", found.id]], async (tx) => {
    await tx.nativeUpdate(Consultation, { id: found.id }, { hearing, updatedAt: deps.now() });
  });
  return get(deps, user, { id: found.id });
}

/**
 * The adoption report, once the window has closed (409 CONSULTATION_STILL_OPEN before), once
 * (409 ILLEGAL_TRANSITION again): the comments received, adopted, and the others grouped by reason.
 */
export async function reportAdoption(
  deps: DocumentsDeps,
  user: SessionUser,
  p: AdoptionParams,
): Promise<ConsultationView> {
  const em = deps.em();
  const found = await loadConsultation(em, user, p.id);
  const onRecord = await em.count(Comment, { consultationId: found.id, status: { $ne: "rejected" } });
  const now = deps.now();
  const report = refusing(() =>
    checkAdoptionReport(
      { received: p.received, adopted: p.adopted, notAdopted: p.notAdopted, summary: p.summary },
      { window: found, at: now, commentsOnRecord: onRecord },
    ),
  );
  await commitChange(deps, [["consultation", found.id]], async (tx) => {
    const c = await tx.findOneOrFail(Consultation, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (c.adoption) throw new ConflictError("the adoption report is published", "ILLEGAL_TRANSITION");
    Object.assign(c, {
      adoption: {
        received: report.received,
        adopted: report.adopted,
        notAdopted: report.notAdopted,
        summary: report.summary,
      },
      adoptionReportedAt: now,
      adoptionReportedOn: chinaToday(now),
      updatedAt: now,
    });
  });
  return get(deps, user, { id: found.id });
}

/** The same words on the same consultation are the same comment, whatever the spacing or width. */
function contentHash(consultationId: string, content: string): string {
  return createHash("sha256")
    .update(`${consultationId}:${comparableText(content)}`)
    .digest("hex");
}

/**
 * A public comment (201) while the window is open (409 CONSULTATION_NOT_YET_OPEN / _CLOSED);
 * rate limited per client (429), a retry with the same Idempotency-Key or the same words again
 * answer the first comment. It waits for moderation; a filled honeypot is filed as rejected.
 */
export async function comment(deps: DocumentsDeps, sender: Sender, given: CommentParams): Promise<CommentReply> {
  const p = commentParamsOf(given);
  const em = deps.em();
  const c = await em.findOne(Consultation, { id: p.id });
  if (!c) throw new NotFoundError("Consultation", p.id);
  refusing(() => checkCommentAllowed(c, deps.now()));
  const { clientKey, idempotencyKey } = sender;
  const hash = contentHash(c.id, p.content);
  type Outcome = { retryAfter?: number; duplicate?: Comment | null; created?: Comment };
  const outcome: Outcome = await em
    .transactional(async (tx): Promise<Outcome> => {
      await lockClient(tx, "documents", clientKey);
      const retried = idempotencyKey ? await tx.findOne(Comment, { clientKey, idempotencyKey }) : null;
      if (retried) return { duplicate: retried };
      const now = deps.now();
      const retryAfter = await takeHit(tx, RateHit, clientKey, deps.config.commentRate, now);
      if (retryAfter !== null) return { retryAfter };
      const duplicate = await tx.findOne(Comment, {
        contentHash: hash,
        createdAt: { $gt: new Date(now.getTime() - deps.config.dedupeHours * 3600_000) },
      });
      if (duplicate) return { duplicate };
      const created = Object.assign(new Comment(), {
        id: newId(),
        consultationId: c.id,
        content: p.content,
        contact: p.contact ?? null,
        contentHash: hash,
        clientKey,
        idempotencyKey,
        status: p.website ? "rejected" : "received",
        moderatedBy: null,
        moderatedAt: null,
        createdAt: now,
      });
      tx.persist(created);
      return { created };
    })
    .catch(async (err: unknown) => {
      // The same retried comment won a race on its Idempotency-Key: the first answers.
      if (!idempotencyKey || !isUniqueViolation(err, "comments_idempotency_unique")) throw err;
      return { duplicate: await deps.em().findOneOrFail(Comment, { clientKey, idempotencyKey }) };
    });
  if (outcome.retryAfter !== undefined) throw new RateLimitedError(outcome.retryAfter);
  if (outcome.duplicate) return { id: outcome.duplicate.id, status: "received", duplicate: true };
  return { id: (outcome.created as Comment).id, status: "received" };
}

/** Publishes (masked) or rejects a received comment; a comment is moderated once. */
export async function moderate(deps: DocumentsDeps, user: SessionUser, p: ModerateParams): Promise<ConsultationView> {
  const found = await loadConsultation(deps.em(), user, p.id);
  const now = deps.now();
  await commitChange(deps, [["consultation", found.id]], async (tx) => {
    const m = await tx.findOne(
      Comment,
      { id: p.commentId, consultationId: found.id },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!m) throw new NotFoundError("Comment", p.commentId);
    if (m.status !== "received") throw new ConflictError(`the comment is ${m.status}`, "ILLEGAL_TRANSITION");
    Object.assign(m, {
      status: p.decision === "publish" ? "published" : "rejected",
      moderatedBy: user.id,
      moderatedAt: now,
    });
  });
  return get(deps, user, { id: found.id });
}
