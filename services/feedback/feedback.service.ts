/**
 * Public feedback (群众意见反馈互动机制): anyone comments on, complains about, asks about, or reports
 * an error in a notice, power, officer or body (or in general), gets a tracking code, and sees the
 * answer. Each item goes to the body that owns its target, which must reply within a number of
 * working days. Contact details are kept for the body only and never leave in public output.
 */
import { createHash } from "node:crypto";
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { Errors } from "moleculer";
import { STAFF, userOf, type Meta, type SessionUser } from "../../lib/auth.js";
import { DatabaseMixin, isUniqueViolation, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { ConflictError, dependencyCall, invalid, NotFoundError } from "../../lib/errors.js";
import { appendOutbox, EVENTS_SINCE_PARAMS, nudgeFeed, outboxAfter, type EventsSinceParams } from "../../lib/outbox.js";
import type { Runtime } from "../../lib/runtime.js";
import { comparableText } from "../../shared/comparable-text.js";
import { chinaToday } from "../../shared/dates.js";
import { isId, newId } from "../../shared/ids.js";
import { DEFAULT_LIMIT, decodeCursor, toPage } from "../../shared/paging.js";
import { contactSecrets, publicText } from "../../shared/redaction.js";
import { newTrackingCode, normalizeTrackingCode } from "../../shared/verify-code.js";
import { ID, optionalText, pagingParams, strictParams, text } from "../../shared/validation.js";
import { DATABASE } from "./database.js";
import {
  Feedback,
  FEEDBACK_CATEGORIES,
  FEEDBACK_STATUSES,
  FeedbackEvent,
  FeedbackStep,
  RateHit,
  TARGET_TYPES,
  type FeedbackCategory,
  type FeedbackStatus,
  type TargetType,
} from "./entities.js";

interface Methods extends DatabaseMethods {
  loadOwn(ctx: Context<unknown, Meta>, id: string): Promise<Feedback>;
  step(tx: EntityManager, f: Feedback, action: string, actor: SessionUser | null, note?: string | null): Promise<void>;
  resolveTarget(ctx: Context, type: TargetType, id: string): Promise<Target>;
  staffView(f: Feedback, withTrail?: boolean): Promise<Record<string, unknown>>;
  reply(ctx: Context<unknown, Meta>, id: string, reply: string, isPublic: boolean): Promise<Feedback>;
}

interface Target {
  bodyId: string;
  title: string;
  resultId: string | null;
}

interface SubmitParams {
  category: FeedbackCategory;
  targetType?: TargetType;
  targetId?: string;
  content: string;
  contact?: string;
  website?: string;
}

const HANDLERS = ["admin", "officer"] as const;
const MIN_VISIBLE = 5;

/**
 * The same words on the same target count as the same feedback, whatever the spacing, the case, the
 * width or the invisible characters in between (a zero-width space does not make a new item).
 */
function contentHash(p: SubmitParams): string {
  return createHash("sha256")
    .update(`${p.targetType ?? ""}:${p.targetId ?? ""}:${comparableText(p.content)}`)
    .digest("hex");
}

/**
 * The feedback's text (or a reply to it) as the public may see it: personal data masked by the
 * redaction module, and the sender's own contact (phone, e-mail, name) in any form, even where no
 * pattern would find it.
 */
export function publicContent(content: string, contact?: string | null): string {
  return publicText(content, { secrets: contactSecrets(contact) });
}

export function feedbackService(rt: Runtime): ServiceSchema {
  const { config } = rt;
  const clientKeyOf = (ip: string | undefined) =>
    createHash("sha256")
      .update(`${config.namespace}:${ip ?? "unknown"}`)
      .digest("hex")
      .slice(0, 32);

  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, DatabaseVars> = {
    name: "feedback",
    mixins: [DatabaseMixin(rt.databaseUrl, DATABASE)],
    settings: { rest: "/" },

    actions: {
      submit: {
        rest: "POST /public/feedback",
        summary: "Send feedback (suggestion, complaint, correction request or inquiry); returns a tracking code",
        params: strictParams({
          category: { type: "enum", values: [...FEEDBACK_CATEGORIES] },
          targetType: { type: "enum", values: [...TARGET_TYPES], optional: true },
          targetId: { ...ID, optional: true },
          content: text(config.feedback.maxLength, { min: MIN_VISIBLE }),
          contact: optionalText(200),
          // Honeypot: people never see this field; bots fill it in.
          website: { type: "string", max: 500, optional: true },
        }),
        async handler(ctx: Context<SubmitParams, Meta & { clientIp?: string; idempotencyKey?: string }>) {
          const p = ctx.params;
          const idempotencyKey = ctx.meta.idempotencyKey?.slice(0, 200) || null;
          if (!!p.targetType !== !!p.targetId) {
            throw invalid(p.targetType ? "targetId" : "targetType", "targetType and targetId go together");
          }
          // Five zero-width spaces are five characters, but nothing to read.
          if (Array.from(comparableText(p.content)).length < MIN_VISIBLE) {
            throw invalid("content", `content needs at least ${MIN_VISIBLE} visible characters`);
          }
          const clientKey = clientKeyOf(ctx.meta.clientIp);
          const hash = contentHash(p);
          const em = this.em();
          const { limit, windowSeconds } = config.feedback.rate;
          // Rate limit in the database, under a lock per client: it holds across gateway processes.
          const result = await em.transactional(async (tx) => {
            await tx
              .getConnection()
              .execute(
                "select pg_advisory_xact_lock(hashtext(?))",
                [`feedback:${clientKey}`],
                "all",
                tx.getTransactionContext(),
              );
            // A retry with the same Idempotency-Key is the same submission: no new hit, no new item.
            const retried = idempotencyKey ? await tx.findOne(Feedback, { clientKey, idempotencyKey }) : null;
            if (retried) return { duplicate: retried };
            const since = new Date(Date.now() - windowSeconds * 1000);
            const hits = await tx.find(RateHit, { clientKey, at: { $gt: since } }, { orderBy: { at: "asc" } });
            if (hits.length >= limit) {
              const retryAfter = Math.max(
                1,
                Math.ceil(((hits[0] as RateHit).at.getTime() + windowSeconds * 1000 - Date.now()) / 1000),
              );
              return { retryAfter };
            }
            tx.persist(Object.assign(new RateHit(), { id: newId(), clientKey, at: new Date() }));
            const duplicate = await tx.findOne(Feedback, {
              contentHash: hash,
              createdAt: { $gt: new Date(Date.now() - config.feedback.dedupeHours * 3600_000) },
            });
            return { duplicate };
          });
          if ("retryAfter" in result) {
            ctx.meta.$responseHeaders = { "Retry-After": String(result.retryAfter) };
            throw new Errors.MoleculerClientError(
              `Too many submissions from this address; try again in ${result.retryAfter} seconds`,
              429,
              "RATE_LIMITED",
              { retryAfter: result.retryAfter },
            );
          }
          ctx.meta.$statusCode = 201;
          if (result.duplicate) {
            return { trackingCode: result.duplicate.trackingCode, dueBy: result.duplicate.dueBy, duplicate: true };
          }
          const target = p.targetType ? await this.resolveTarget(ctx, p.targetType, p.targetId as string) : null;
          const today = chinaToday();
          const deadline = await dependencyCall("results", () =>
            ctx.call<{ dueBy: string; provisional: boolean }, object>("results.workingDeadline", { from: today }),
          );
          const now = new Date();
          const feedback = Object.assign(new Feedback(), {
            id: newId(),
            trackingCode: newTrackingCode(),
            category: p.category,
            targetType: p.targetType ?? null,
            targetId: p.targetId ?? null,
            targetTitle: target?.title ?? null,
            bodyId: target?.bodyId ?? config.feedback.defaultBodyId ?? null,
            resultId: p.category === "correction" ? (target?.resultId ?? null) : null,
            content: p.content,
            contact: p.contact ?? null,
            contentHash: hash,
            clientKey,
            idempotencyKey,
            // A filled honeypot is filed as spam without telling the sender.
            status: (p.website ? "spam" : "received") as FeedbackStatus,
            dueBy: deadline.dueBy,
            dueByProvisional: deadline.provisional,
            reply: null,
            replyPublic: false,
            repliedAt: null,
            replyWorkingDays: null,
            createdAt: now,
            updatedAt: now,
          });
          for (let attempt = 1; ; attempt++) {
            try {
              await this.em().transactional(async (tx) => {
                tx.persist(feedback);
                await tx.flush();
                await this.step(tx, feedback, p.website ? "spam" : "received", null);
              });
              break;
            } catch (err) {
              if (idempotencyKey && isUniqueViolation(err, "feedback_idempotency_unique")) {
                // The same retried submission won a race: answer with its code.
                const first = await this.em().findOneOrFail(Feedback, { clientKey, idempotencyKey });
                return { trackingCode: first.trackingCode, dueBy: first.dueBy, duplicate: true };
              }
              // 60 random bits make a repeat unlikely; if it happens, draw again.
              if (attempt >= 3 || !isUniqueViolation(err, "feedback_tracking_code_unique")) throw err;
              feedback.trackingCode = newTrackingCode();
            }
          }
          return { trackingCode: feedback.trackingCode, dueBy: feedback.dueBy };
        },
      },

      track: {
        rest: "GET /public/feedback/:trackingCode",
        summary: "The status, deadline and reply of one's own feedback, by its tracking code",
        params: strictParams({ trackingCode: { type: "string", min: 1, max: 40 } }),
        async handler(ctx: Context<{ trackingCode: string }>) {
          const code = normalizeTrackingCode(ctx.params.trackingCode);
          const f = code ? await this.em().findOne(Feedback, { trackingCode: code }) : null;
          if (!f) throw new NotFoundError("Tracking code");
          return {
            trackingCode: f.trackingCode,
            // spam looks like any received item to its sender
            status: f.status === "spam" ? "received" : f.status,
            category: f.category,
            targetType: f.targetType,
            targetId: f.targetId,
            targetTitle: f.targetTitle,
            // Anyone holding the code sees this page: personal data in the text is masked here too.
            content: publicContent(f.content, f.contact),
            createdAt: f.createdAt.toISOString(),
            dueBy: f.dueBy,
            ...(f.reply
              ? {
                  reply: publicContent(f.reply, f.contact),
                  repliedAt: f.repliedAt?.toISOString(),
                  replyPublic: f.replyPublic,
                }
              : {}),
          };
        },
      },

      stats: {
        rest: "GET /public/feedback-stats",
        summary: "A body's feedback record (received, replied, median working days, overdue), when large enough",
        params: strictParams({ bodyId: ID }),
        async handler(ctx: Context<{ bodyId: string }>) {
          const rows = await this.em()
            .getConnection()
            .execute<{ received: string; replied: string; overdue: string; median: string | null }[]>(
              `select count(*) as received,
                 count(*) filter (where status in ('replied', 'closed') and replied_at is not null) as replied,
                 count(*) filter (where status in ('received', 'accepted') and due_by < ?) as overdue,
                 percentile_cont(0.5) within group (order by reply_working_days) as median
               from feedback.feedback where body_id = ? and status <> 'spam'`,
              [chinaToday(), ctx.params.bodyId],
            );
          const r = rows[0] as { received: string; replied: string; overdue: string; median: string | null };
          const received = Number(r.received);
          const minimum = config.feedback.statsMinimum;
          if (received < minimum) return { bodyId: ctx.params.bodyId, enough: false, minimum };
          return {
            bodyId: ctx.params.bodyId,
            enough: true,
            minimum,
            received,
            replied: Number(r.replied),
            overdue: Number(r.overdue),
            medianWorkingDays: r.median === null ? null : Number(r.median),
          };
        },
      },

      list: {
        rest: "GET /feedback",
        summary: "Feedback addressed to the caller's body (admins: all, including general feedback)",
        roles: STAFF,
        params: strictParams({
          status: { type: "enum", values: [...FEEDBACK_STATUSES], optional: true },
          overdue: { type: "boolean", convert: true, optional: true },
          category: { type: "enum", values: [...FEEDBACK_CATEGORIES], optional: true },
          ...pagingParams,
        }),
        async handler(
          ctx: Context<
            {
              status?: FeedbackStatus;
              overdue?: boolean;
              category?: FeedbackCategory;
              limit?: number;
              cursor?: string;
            },
            Meta
          >,
        ) {
          const user = userOf(ctx);
          const where: Record<string, unknown> = {};
          if (user.role !== "admin") where.bodyId = user.bodyId;
          if (ctx.params.status) where.status = ctx.params.status;
          if (ctx.params.category) where.category = ctx.params.category;
          if (ctx.params.overdue)
            Object.assign(where, { status: { $in: ["received", "accepted"] }, dueBy: { $lt: chinaToday() } });
          if (ctx.params.cursor) {
            const before = decodeCursor(ctx.params.cursor, isId);
            if (!before) throw invalid("cursor", "the cursor is not one this list issued");
            where.id = { $lt: before };
          }
          const limit = ctx.params.limit ?? DEFAULT_LIMIT;
          const rows = await this.em().find(Feedback, where, { orderBy: { id: "desc" }, limit: limit + 1 });
          const page = toPage(rows, limit, (f) => f.id);
          return { items: await Promise.all(page.items.map((f) => this.staffView(f))), nextCursor: page.nextCursor };
        },
      },

      get: {
        rest: "GET /feedback/:id",
        summary: "One feedback item with its handling trail (the answering body's staff)",
        roles: STAFF,
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }, Meta>) {
          return this.staffView(await this.loadOwn(ctx, ctx.params.id), true);
        },
      },

      accept: {
        rest: "POST /feedback/:id/accept",
        summary: "Accept (受理) a feedback item",
        roles: HANDLERS,
        params: strictParams({ id: ID, note: optionalText(1000) }),
        async handler(ctx: Context<{ id: string; note?: string }, Meta>) {
          const f = await this.loadOwn(ctx, ctx.params.id);
          if (f.status !== "received") throw new ConflictError(`the feedback is ${f.status}`, "ILLEGAL_TRANSITION");
          await this.em().transactional(async (tx) => {
            const fresh = await tx.findOneOrFail(Feedback, { id: f.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
            Object.assign(fresh, { status: "accepted", updatedAt: new Date() });
            await this.step(tx, fresh, "accepted", userOf(ctx), ctx.params.note);
          });
          return this.staffView(await this.loadOwn(ctx, f.id), true);
        },
      },

      replyTo: {
        rest: "POST /feedback/:id/reply",
        summary: "Reply to a feedback item; a public reply shows on the target's public page",
        roles: HANDLERS,
        params: strictParams({ id: ID, reply: text(5000), public: { type: "boolean" } }),
        async handler(ctx: Context<{ id: string; reply: string; public: boolean }, Meta>) {
          const f = await this.reply(ctx, ctx.params.id, ctx.params.reply, ctx.params.public);
          return this.staffView(f, true);
        },
      },

      close: {
        rest: "POST /feedback/:id/close",
        summary: "Close (办结) a feedback item",
        roles: HANDLERS,
        params: strictParams({ id: ID, note: optionalText(1000) }),
        async handler(ctx: Context<{ id: string; note?: string }, Meta>) {
          const f = await this.loadOwn(ctx, ctx.params.id);
          if (f.status === "closed" || f.status === "spam") {
            throw new ConflictError(`the feedback is ${f.status}`, "ILLEGAL_TRANSITION");
          }
          await this.em().transactional(async (tx) => {
            const fresh = await tx.findOneOrFail(Feedback, { id: f.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
            Object.assign(fresh, { status: "closed", updatedAt: new Date() });
            await this.step(tx, fresh, "closed", userOf(ctx), ctx.params.note);
          });
          return this.staffView(await this.loadOwn(ctx, f.id), true);
        },
      },

      markSpam: {
        rest: "POST /feedback/:id/spam",
        summary: "Mark a feedback item as spam; it leaves the queue and the statistics",
        roles: HANDLERS,
        params: strictParams({ id: ID, note: optionalText(1000) }),
        async handler(ctx: Context<{ id: string; note?: string }, Meta>) {
          const f = await this.loadOwn(ctx, ctx.params.id);
          if (f.status !== "received" && f.status !== "accepted") {
            throw new ConflictError(`the feedback is ${f.status}`, "ILLEGAL_TRANSITION");
          }
          await this.em().transactional(async (tx) => {
            const fresh = await tx.findOneOrFail(Feedback, { id: f.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
            Object.assign(fresh, { status: "spam", updatedAt: new Date() });
            await this.step(tx, fresh, "spam", userOf(ctx), ctx.params.note);
          });
          return this.staffView(await this.loadOwn(ctx, f.id), true);
        },
      },

      resolveNotice: {
        rest: "POST /feedback/:id/resolve-notice",
        summary: "For a correction request on a notice: correct or withdraw the notice and reply, in one step",
        roles: HANDLERS,
        params: strictParams({
          id: ID,
          action: { type: "enum", values: ["correct", "withdraw"] },
          reason: text(1000),
          changes: { type: "object", optional: true },
          reply: text(5000),
          public: { type: "boolean" },
        }),
        async handler(
          ctx: Context<
            {
              id: string;
              action: "correct" | "withdraw";
              reason: string;
              changes?: Record<string, unknown>;
              reply: string;
              public: boolean;
            },
            Meta
          >,
        ) {
          const f = await this.loadOwn(ctx, ctx.params.id);
          if (f.category !== "correction" || !f.resultId) {
            throw new ConflictError("only a correction request on a notice links to a result", "NOT_A_CORRECTION");
          }
          if (f.status === "closed" || f.status === "spam") {
            throw new ConflictError(`the feedback is ${f.status}`, "ILLEGAL_TRANSITION");
          }
          const { action, reason, changes } = ctx.params;
          const outcome = await dependencyCall("results", () =>
            ctx.call<Record<string, unknown>, object>(
              action === "correct" ? "results.correct" : "results.withdraw",
              action === "correct" ? { ...(changes ?? {}), id: f.resultId, reason } : { id: f.resultId, reason },
            ),
          );
          const replied = await this.reply(ctx, f.id, ctx.params.reply, ctx.params.public);
          return { feedback: await this.staffView(replied, true), result: outcome };
        },
      },

      /** For the feed: public replies after a sequence number, with their public view. */
      eventsSince: {
        visibility: "public",
        params: strictParams(EVENTS_SINCE_PARAMS),
        async handler(ctx: Context<EventsSinceParams>) {
          const em = this.em();
          const events = await outboxAfter(em, FeedbackEvent, ctx.params);
          const items = await em.find(Feedback, { id: { $in: [...new Set(events.map((e) => e.feedbackId))] } });
          const byId = new Map(items.map((f) => [f.id, f]));
          return events.map((e) => {
            const f = byId.get(e.feedbackId) as Feedback;
            const visible = f.replyPublic && f.reply !== null && f.status !== "spam";
            return {
              seq: String(e.seq),
              id: f.id,
              view: visible
                ? {
                    id: f.id,
                    category: f.category,
                    targetType: f.targetType,
                    targetId: f.targetId,
                    bodyId: f.bodyId,
                    content: publicContent(f.content, f.contact),
                    // officers quote the sender ("您反映的某小区3幢…"): the reply is masked too
                    reply: publicContent(f.reply as string, f.contact),
                    createdAt: f.createdAt.toISOString(),
                    repliedAt: f.repliedAt?.toISOString() ?? null,
                  }
                : null,
            };
          });
        },
      },
    },

    methods: {
      /** Staff see only their own body's feedback; anything else is 404. Admins see all. */
      async loadOwn(ctx: Context<unknown, Meta>, id: string): Promise<Feedback> {
        const user = userOf(ctx);
        const f = await this.em().findOne(Feedback, { id });
        if (!f || (user.role !== "admin" && f.bodyId !== user.bodyId)) throw new NotFoundError("Feedback", id);
        return f;
      },

      async step(tx: EntityManager, f: Feedback, action: string, actor: SessionUser | null, note?: string | null) {
        const last = await tx.findOne(FeedbackStep, { feedbackId: f.id }, { orderBy: { seq: "desc" } });
        tx.persist(
          Object.assign(new FeedbackStep(), {
            feedbackId: f.id,
            seq: (last?.seq ?? 0) + 1,
            action,
            actorId: actor?.id ?? null,
            actorName: actor?.username ?? "公众",
            at: new Date(),
            note: note ?? null,
          }),
        );
        await tx.flush();
      },

      /** The body that owns a target, its title for the record, and for a notice its result. */
      async resolveTarget(ctx: Context, type: TargetType, id: string): Promise<Target> {
        const action = {
          notice: "feed.getNotice",
          power: "feed.getPower",
          officer: "feed.getOfficer",
          body: "feed.getBody",
        }[type];
        let found: Record<string, unknown>;
        try {
          found = await dependencyCall("feed", () => ctx.call<Record<string, unknown>, object>(action, { id }));
        } catch (err) {
          if ((err as { code?: number }).code === 404) throw invalid("targetId", `no public ${type} has this id`);
          throw err;
        }
        return {
          bodyId: String(type === "body" ? found.id : found.bodyId),
          title: String(found.title ?? found.name ?? ""),
          resultId: type === "notice" ? String(found.resultId) : null,
        };
      },

      async reply(ctx: Context<unknown, Meta>, id: string, reply: string, isPublic: boolean): Promise<Feedback> {
        const user = userOf(ctx);
        const f = await this.loadOwn(ctx, id);
        if (f.status === "spam" || f.status === "closed") {
          throw new ConflictError(`the feedback is ${f.status}`, "ILLEGAL_TRANSITION");
        }
        const now = new Date();
        const days = await dependencyCall("results", () =>
          ctx.call<{ days: number }, object>("results.workingDaysBetween", {
            from: chinaToday(f.createdAt),
            to: chinaToday(now),
          }),
        );
        await this.em().transactional(async (tx) => {
          const fresh = await tx.findOneOrFail(Feedback, { id: f.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
          Object.assign(fresh, {
            status: "replied",
            reply,
            replyPublic: isPublic,
            repliedAt: now,
            replyWorkingDays: Math.max(0, days.days),
            updatedAt: now,
          });
          await this.step(tx, fresh, isPublic ? "replied-public" : "replied-private", user, reply);
          await appendOutbox(tx, "feedback.outbox", Object.assign(new FeedbackEvent(), { feedbackId: f.id, at: now }));
        });
        await nudgeFeed(ctx, "feedback");
        return this.loadOwn(ctx, id);
      },

      async staffView(f: Feedback, withTrail = false) {
        const trail = withTrail
          ? await this.em().find(FeedbackStep, { feedbackId: f.id }, { orderBy: { seq: "asc" } })
          : [];
        const today = chinaToday();
        return {
          id: f.id,
          trackingCode: f.trackingCode,
          category: f.category,
          targetType: f.targetType,
          targetId: f.targetId,
          targetTitle: f.targetTitle,
          bodyId: f.bodyId,
          resultId: f.resultId,
          content: f.content,
          contact: f.contact,
          status: f.status,
          dueBy: f.dueBy,
          dueByProvisional: f.dueByProvisional,
          overdue: (f.status === "received" || f.status === "accepted") && f.dueBy < today,
          reply: f.reply,
          replyPublic: f.replyPublic,
          repliedAt: f.repliedAt?.toISOString() ?? null,
          createdAt: f.createdAt.toISOString(),
          updatedAt: f.updatedAt.toISOString(),
          ...(withTrail
            ? {
                trail: trail.map((s) => ({
                  seq: s.seq,
                  action: s.action,
                  actor: s.actorName,
                  at: s.at.toISOString(),
                  note: s.note,
                })),
              }
            : {}),
        };
      },
    },
  };
  return schema as ServiceSchema;
}
