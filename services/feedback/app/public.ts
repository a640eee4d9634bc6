/**
 * What the public sees of feedback: one's own item by its tracking code, a body's record, and the
 * public replies the feed shows. Personal data is masked in every text that leaves here.
 */
import { NotFoundError } from "../../../lib/errors.js";
import type { EventsSinceParams, StatsQuery } from "../../../lib/contract.js";
import { statsWhere } from "../../../lib/database.js";
import type { ResponseAggregates } from "../../../shared/reports.js";
import { outboxAfter } from "../../../lib/outbox.js";
import { chinaToday } from "../../../shared/dates.js";
import { contactSecrets, publicText } from "../../../shared/redaction.js";
import { normalizeTrackingCode } from "../../../shared/verify-code.js";
import type { FeedbackChange, FeedbackStats, StatsParams, TrackedFeedback, TrackParams } from "../contract.js";
import { Feedback, FeedbackEvent } from "../entities.js";
import type { FeedbackDeps } from "./records.js";

/**
 * The feedback's text (or a reply to it) as the public may see it: personal data masked by the
 * redaction module, and the sender's own contact (phone, e-mail, name) in any form, even where no
 * pattern would find it.
 */
export function publicContent(content: string, contact?: string | null): string {
  return publicText(content, { secrets: contactSecrets(contact) });
}

export async function track(deps: FeedbackDeps, p: TrackParams): Promise<TrackedFeedback> {
  const code = normalizeTrackingCode(p.trackingCode);
  const f = code ? await deps.em().findOne(Feedback, { trackingCode: code }) : null;
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
}

/** A body's record (received, replied, median working days, overdue), when large enough to say something. */
export async function stats(deps: FeedbackDeps, p: StatsParams): Promise<FeedbackStats> {
  const rows = await deps
    .em()
    .getConnection()
    .execute<{ received: string; replied: string; overdue: string; median: string | null }[]>(
      `select count(*) as received,
         count(*) filter (where status in ('replied', 'closed') and replied_at is not null) as replied,
         count(*) filter (where status in ('received', 'accepted') and due_by < ?) as overdue,
         percentile_cont(0.5) within group (order by reply_working_days) as median
       from feedback.feedback where body_id = ? and status <> 'spam'`,
      [chinaToday(deps.now()), p.bodyId],
    );
  const r = rows[0] as { received: string; replied: string; overdue: string; median: string | null };
  const received = Number(r.received);
  const minimum = deps.config.statsMinimum;
  if (received < minimum) return { bodyId: p.bodyId, enough: false, minimum };
  return {
    bodyId: p.bodyId,
    enough: true,
    minimum,
    received,
    replied: Number(r.replied),
    overdue: Number(r.overdue),
    medianWorkingDays: r.median === null ? null : Number(r.median),
  };
}

/**
 * For the public statistics: items received (by the China month of their arrival) and replied to
 * (by the month of the reply, with the working days the reply took) in the period; spam is not
 * feedback. Counts only, computed in SQL.
 */
export async function statsResponses(deps: FeedbackDeps, q: StatsQuery): Promise<ResponseAggregates> {
  const sql = deps.em().getConnection();
  const day = (column: string) => `(${column} at time zone 'Asia/Shanghai')::date`;
  const received = statsWhere(q, day("created_at"));
  const replied = statsWhere(q, day("replied_at"));
  const [receivedRows, answeredRows] = await Promise.all([
    sql.execute<{ month: string; count: string }[]>(
      `select to_char(${day("created_at")}, 'YYYY-MM') as month, count(*) as count from feedback.feedback
        where status <> 'spam' and ${received.sql} group by 1 order by 1`,
      received.params,
    ),
    sql.execute<{ month: string; days: number; count: string }[]>(
      `select to_char(${day("replied_at")}, 'YYYY-MM') as month, reply_working_days as days, count(*) as count
         from feedback.feedback
        where status in ('replied', 'closed') and reply_working_days is not null and ${replied.sql}
        group by 1, 2 order by 1, 2`,
      replied.params,
    ),
  ]);
  return {
    minimum: deps.config.statsMinimum,
    received: receivedRows.map((r) => ({ month: r.month, count: Number(r.count) })),
    answered: answeredRows.map((r) => ({ month: r.month, workingDays: Number(r.days), count: Number(r.count) })),
  };
}

/** For the feed: public replies after a sequence number, with their public view. */
export async function eventsSince(deps: FeedbackDeps, p: EventsSinceParams): Promise<FeedbackChange[]> {
  const em = deps.em();
  const events = await outboxAfter(em, FeedbackEvent, p);
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
}
