/**
 * What is not kept: an address that never confirmed its subscription (7 days), a subscription ended
 * 30 days ago with its log, deliveries settled 90 days ago (a private feed keeps its newest 50
 * whatever their age), the rate limiter's old hits. Run by the pass at most once an hour.
 */
import type { SubscriptionsDeps } from "./deps.js";

export const RETENTION = {
  unconfirmedDays: 7,
  endedDays: 30,
  deliveryDays: 90,
  /** Entries a private Atom feed shows. */
  feedEntries: 50,
} as const;

const DAY = 86_400_000;

export async function prune(
  deps: SubscriptionsDeps,
  now: Date,
): Promise<{ subscriptions: number; deliveries: number }> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const subs = await deps.db.query(
    `delete from subscriptions.subscriptions
      where (status = 'pending' and channel = 'email' and created_at < $1::timestamptz)
         or (status = 'unsubscribed' and status_changed_at < $2::timestamptz)
         or (channel = 'websub' and expires_at < $2::timestamptz)`,
    [ago(RETENTION.unconfirmedDays), ago(RETENTION.endedDays)],
  );
  const deliveries = await deps.db.query(
    `delete from subscriptions.deliveries d
      where d.status <> 'pending' and d.created_at < $1::timestamptz
        and not exists (
          select 1 from subscriptions.subscriptions s
           where s.id = d.subscription_id and s.channel = 'atom'
             and d.id in (select id from subscriptions.deliveries k where k.subscription_id = s.id
                           order by k.change_seq desc limit $2::int))`,
    [ago(RETENTION.deliveryDays), RETENTION.feedEntries],
  );
  // A change no delivery points at any more.
  await deps.db.query(
    `delete from subscriptions.changes c
      where not exists (select 1 from subscriptions.deliveries d where d.change_seq = c.seq)`,
  );
  await deps.db.query(`delete from subscriptions.rate_hits where at < $1::timestamptz`, [ago(1)]);
  return { subscriptions: subs.rowCount ?? 0, deliveries: deliveries.rowCount ?? 0 };
}
