/**
 * The answering body's handling of feedback: its queue, one item with its trail, accepting (受理),
 * replying (publicly or not), closing (办结), marking spam, and resolving a correction request by
 * correcting or withdrawing the notice. Each step is appended to the item's trail; a refused step
 * writes nothing.
 */
import { LockMode } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import { ConflictError, dependencyCall } from "../../../lib/errors.js";
import { appendOutbox, nudgeFeed } from "../../../lib/outbox.js";
import { chinaToday } from "../../../shared/dates.js";
import { type Page } from "../../../shared/paging.js";
import type {
  FeedbackDetail,
  FeedbackIdParams,
  FeedbackView,
  HandleParams,
  ListFeedbackParams,
  ReplyParams,
  ResolvedNotice,
  ResolveNoticeParams,
} from "../contract.js";
import { Feedback, FeedbackEvent, type FeedbackStatus } from "../entities.js";
import { appendStep, detailView, loadOwn, staffView, type FeedbackDeps } from "./records.js";
import { call } from "../../../lib/contract.js";
import { results } from "../../results/contract.js";
import { newestFirst } from "../../../lib/paging.js";

/** Feedback addressed to the caller's body (admins: all, including general feedback), newest first. */
export async function list(deps: FeedbackDeps, user: SessionUser, p: ListFeedbackParams): Promise<Page<FeedbackView>> {
  const today = chinaToday(deps.now());
  const where: Record<string, unknown> = {};
  if (user.role !== "admin") where.bodyId = user.bodyId;
  if (p.status) where.status = p.status;
  if (p.category) where.category = p.category;
  if (p.overdue) Object.assign(where, { status: { $in: ["received", "accepted"] }, dueBy: { $lt: today } });
  const page = await newestFirst(deps.em(), Feedback, where, p);
  return { items: page.items.map((f) => staffView(f, today)), nextCursor: page.nextCursor };
}

export async function get(deps: FeedbackDeps, user: SessionUser, p: FeedbackIdParams): Promise<FeedbackDetail> {
  const em = deps.em();
  return detailView(em, await loadOwn(em, user, p.id), deps.now());
}

/** Moves the item to `to` if it is in one of the `from` states, with a step on its trail. */
async function move(
  deps: FeedbackDeps,
  user: SessionUser,
  p: HandleParams,
  from: FeedbackStatus[],
  to: FeedbackStatus,
): Promise<FeedbackDetail> {
  const f = await loadOwn(deps.em(), user, p.id);
  if (!from.includes(f.status)) throw new ConflictError(`the feedback is ${f.status}`, "ILLEGAL_TRANSITION");
  await deps.em().transactional(async (tx) => {
    const fresh = await tx.findOneOrFail(Feedback, { id: f.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    Object.assign(fresh, { status: to, updatedAt: deps.now() });
    await appendStep(tx, fresh, to, user, deps.now(), p.note);
  });
  return get(deps, user, { id: f.id });
}

/** 受理 */
export function accept(deps: FeedbackDeps, user: SessionUser, p: HandleParams): Promise<FeedbackDetail> {
  return move(deps, user, p, ["received"], "accepted");
}

/** 办结 */
export function close(deps: FeedbackDeps, user: SessionUser, p: HandleParams): Promise<FeedbackDetail> {
  return move(deps, user, p, ["received", "accepted", "replied"], "closed");
}

/** Spam leaves the queue and the statistics. */
export function markSpam(deps: FeedbackDeps, user: SessionUser, p: HandleParams): Promise<FeedbackDetail> {
  return move(deps, user, p, ["received", "accepted"], "spam");
}

/** The reply, the working days it took, and (for the feed) an outbox event; a public reply shows on the target's page. */
export async function replyTo(deps: FeedbackDeps, user: SessionUser, p: ReplyParams): Promise<FeedbackDetail> {
  const f = await loadOwn(deps.em(), user, p.id);
  if (f.status === "spam" || f.status === "closed") {
    throw new ConflictError(`the feedback is ${f.status}`, "ILLEGAL_TRANSITION");
  }
  const now = deps.now();
  const days = await dependencyCall("results", () =>
    call(deps.caller, results.workingDaysBetween, { from: chinaToday(f.createdAt), to: chinaToday(now) }),
  );
  await deps.em().transactional(async (tx) => {
    const fresh = await tx.findOneOrFail(Feedback, { id: f.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    Object.assign(fresh, {
      status: "replied",
      reply: p.reply,
      replyPublic: p.public,
      repliedAt: now,
      replyWorkingDays: Math.max(0, days.days),
      updatedAt: now,
    });
    await appendStep(tx, fresh, p.public ? "replied-public" : "replied-private", user, deps.now(), p.reply);
    await appendOutbox(tx, "feedback.outbox", Object.assign(new FeedbackEvent(), { feedbackId: f.id, at: now }));
  });
  await nudgeFeed(deps.caller, "feedback");
  return get(deps, user, { id: f.id });
}

/** For a correction request on a notice: correct or withdraw the notice (results service), then reply. */
export async function resolveNotice(
  deps: FeedbackDeps,
  user: SessionUser,
  p: ResolveNoticeParams,
): Promise<ResolvedNotice> {
  const f = await loadOwn(deps.em(), user, p.id);
  if (f.category !== "correction" || !f.resultId) {
    throw new ConflictError("only a correction request on a notice links to a result", "NOT_A_CORRECTION");
  }
  if (f.status === "closed" || f.status === "spam") {
    throw new ConflictError(`the feedback is ${f.status}`, "ILLEGAL_TRANSITION");
  }
  const { action, reason, changes } = p;
  const outcome = await dependencyCall("results", () =>
    action === "correct"
      ? call(deps.caller, results.correct, { ...(changes ?? {}), id: f.resultId as string, reason })
      : call(deps.caller, results.withdraw, { id: f.resultId as string, reason }),
  );
  const feedback = await replyTo(deps, user, { id: f.id, reply: p.reply, public: p.public });
  return { feedback, result: outcome };
}
