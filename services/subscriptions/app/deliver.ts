/**
 * Sending what is due: deliveries are leased (their next attempt moved past the send's timeout)
 * under SKIP LOCKED, so several replicas never send one at once and a process that dies mid-send
 * leaves it to be sent again when the lease runs out, with the same webhook-id (at least once).
 * A webhook gets one POST per delivery, oldest change first (a retry does not hold back the later
 * ones: receivers order by the payload's timestamp); an e-mail subscriber one mail with every
 * delivery due (an immediate one, or the day's or week's digest), a WebSub subscriber one push.
 */
import {
  changeTitle,
  decide,
  describeFilter,
  DISABLE_AFTER_FAILING_MS,
  recordPath,
  type AttemptOutcome,
  type ChangeType,
  type Decision,
} from "../../../shared/subscriptions.js";
import { errorSummary } from "../../../lib/errors.js";
import type { SubscriptionsDeps } from "./deps.js";
import { changesMail, disabledMail, type MailItem } from "./mail.js";
import { inTransaction, linksOf, type SubscriptionRow } from "./store.js";
import { postWebhook } from "./webhook.js";
import { pushTopic } from "./websub.js";

interface Due {
  id: string;
  subscription_id: string;
  type: ChangeType;
  record_id: string;
  changed_at: Date;
  payload: { type: string; timestamp: string; data: object };
  attempts: number;
}

/** Subscriptions sent to at once. */
const PARALLEL = 8;

async function lease(deps: SubscriptionsDeps, now: Date, limit: number): Promise<Due[]> {
  const until = new Date(now.getTime() + 3 * deps.webhookTimeoutMs);
  const { rows } = await deps.db.query<Due>(
    `with due as (
       select d.id from subscriptions.deliveries d
         join subscriptions.subscriptions s on s.id = d.subscription_id and s.status = 'active'
        where d.status = 'pending' and d.next_attempt_at <= $1
        order by d.next_attempt_at, d.change_seq limit $3
        for update of d skip locked)
     update subscriptions.deliveries d set next_attempt_at = $2 from due where d.id = due.id
     returning d.id, d.subscription_id, d.type, d.record_id, d.changed_at, d.attempts,
       (select payload from subscriptions.changes c where c.seq = d.change_seq) as payload`,
    [now, until, limit],
  );
  return rows;
}

/** Records an attempt's outcome; answers whether the subscription was disabled by it. */
async function settle(
  deps: SubscriptionsDeps,
  sub: SubscriptionRow,
  delivery: Due,
  outcome: AttemptOutcome,
  decision: Decision,
  now: Date,
  ms: number,
): Promise<boolean> {
  const status = "status" in outcome ? outcome.status : null;
  const error = "error" in outcome ? outcome.error : decision.action === "failed" ? decision.why : null;
  let disabledWhy: string | undefined;
  await inTransaction(deps, async (c) => {
    await c.query(
      `insert into subscriptions.attempts (delivery_id, at, status, error, ms) values ($1, $2, $3, $4, $5)`,
      [delivery.id, now, status, error, ms],
    );
    await c.query(
      `update subscriptions.deliveries set attempts = attempts + 1, last_attempt_at = $2, last_status = $3,
         last_error = $4, status = $5, next_attempt_at = $6, delivered_at = $7
       where id = $1`,
      [
        delivery.id,
        now,
        status,
        error,
        decision.action === "delivered" ? "delivered" : decision.action === "retry" ? "pending" : "failed",
        decision.action === "retry" ? decision.at : decision.action === "disable" ? now : null,
        decision.action === "delivered" ? now : null,
      ],
    );
    if (decision.action === "disable") {
      // The message stays pending: a replay after the endpoint is fixed sends it.
      await c.query(`update subscriptions.deliveries set status = 'pending' where id = $1`, [delivery.id]);
    }
    if (decision.action === "delivered") {
      await c.query(`update subscriptions.subscriptions set failing_since = null where id = $1`, [sub.id]);
      return;
    }
    const { rows } = await c.query<{ failing_since: Date }>(
      `update subscriptions.subscriptions set failing_since = coalesce(failing_since, $2) where id = $1
       returning failing_since`,
      [sub.id, now],
    );
    const since = rows[0]?.failing_since ?? now;
    if (decision.action === "disable") disabledWhy = "接收地址答复 410（已不存在）";
    else if (now.getTime() - since.getTime() >= DISABLE_AFTER_FAILING_MS) disabledWhy = "接收地址连续 3 天投递失败";
    if (disabledWhy) {
      await c.query(
        `update subscriptions.subscriptions set status = 'disabled', status_changed_at = $2, status_reason = $3
          where id = $1 and status = 'active'`,
        [sub.id, now, disabledWhy],
      );
    }
  });
  if (disabledWhy) await tellDisabled(deps, sub, disabledWhy);
  return disabledWhy !== undefined;
}

/** The owner hears that their endpoint was disabled (a webhook's contact, an e-mail subscriber). */
async function tellDisabled(deps: SubscriptionsDeps, sub: SubscriptionRow, why: string): Promise<void> {
  const to = sub.channel === "email" ? sub.target : sub.contact;
  if (!to) return;
  await deps.mailer
    .send(disabledMail(to, describeFilter(sub.filter), why, linksOf(deps.publicBaseUrl, sub)))
    .catch((err: unknown) => deps.log.warn("subscriptions: the disabled notice was not sent:", errorSummary(err)));
}

async function sendWebhooks(deps: SubscriptionsDeps, sub: SubscriptionRow, due: Due[], now: Date): Promise<number> {
  let sent = 0;
  for (const d of due) {
    const body = JSON.stringify({ type: d.payload.type, timestamp: d.payload.timestamp, data: d.payload.data });
    const started = Date.now();
    const outcome = await postWebhook(deps, sub.target as string, sub.secret as string, { id: d.id, body });
    const decision = decide(d.attempts + 1, outcome, now);
    if (decision.action === "delivered") sent++;
    if (await settle(deps, sub, d, outcome, decision, now, Date.now() - started)) break;
  }
  return sent;
}

/** Everything due for one subscriber sent at once (a mail, a WebSub push); each delivery settled by its outcome. */
async function sendGrouped(
  deps: SubscriptionsDeps,
  sub: SubscriptionRow,
  due: Due[],
  now: Date,
  send: () => Promise<AttemptOutcome>,
): Promise<number> {
  const started = Date.now();
  const outcome = await send();
  const ms = Date.now() - started;
  let delivered = 0;
  for (const d of due) {
    const decision = decide(d.attempts + 1, outcome, now);
    if (decision.action === "delivered") delivered++;
    if (await settle(deps, sub, d, outcome, decision, now, ms)) break;
  }
  return delivered;
}

async function sendMail(deps: SubscriptionsDeps, sub: SubscriptionRow, due: Due[]): Promise<AttemptOutcome> {
  const items: MailItem[] = due.map((d) => ({
    type: d.type,
    title: changeTitle({ data: d.payload.data, recordId: d.record_id }),
    url: `${deps.publicBaseUrl}${recordPath(d.type, d.record_id)}`,
    at: d.changed_at.toISOString(),
  }));
  try {
    const digest = sub.frequency === "daily" || sub.frequency === "weekly";
    await deps.mailer.send(
      changesMail(sub.target as string, describeFilter(sub.filter), items, digest, linksOf(deps.publicBaseUrl, sub)),
    );
    // Accepted by the relay (SMTP 250), logged as a success like an endpoint's 200.
    return { status: 200 };
  } catch (err) {
    // The relay's words may quote the address: the log gets the error's kind and code only.
    deps.log.warn("subscriptions: mail not sent:", errorSummary(err));
    return { error: "the mail relay did not accept the mail" };
  }
}

/** Sends every delivery due at `now` (a batch at a time); answers how many were delivered. */
export async function deliverDue(deps: SubscriptionsDeps, now: Date = deps.now(), limit = 200): Promise<number> {
  let delivered = 0;
  for (;;) {
    const due = await lease(deps, now, limit);
    if (due.length === 0) return delivered;
    const bySub = new Map<string, Due[]>();
    for (const d of due) bySub.set(d.subscription_id, [...(bySub.get(d.subscription_id) ?? []), d]);
    const { rows: subs } = await deps.db.query<SubscriptionRow>(
      `select * from subscriptions.subscriptions where id = any($1)`,
      [[...bySub.keys()]],
    );
    // One subscriber's deliveries go one after another: their lease covers the whole row of them.
    for (const list of bySub.values()) {
      const until = new Date(now.getTime() + (list.length + 2) * deps.webhookTimeoutMs);
      await deps.db.query(
        `update subscriptions.deliveries set next_attempt_at = $2 where id = any($1) and status = 'pending'`,
        [list.map((d) => d.id), until],
      );
    }
    const queue = [...subs];
    const worker = async () => {
      for (let sub = queue.shift(); sub; sub = queue.shift()) {
        const list = bySub.get(sub.id) ?? [];
        delivered +=
          sub.channel === "webhook"
            ? await sendWebhooks(deps, sub, list, now)
            : await sendGrouped(deps, sub, list, now, () =>
                sub.channel === "email" ? sendMail(deps, sub, list) : pushTopic(deps, sub),
              );
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    if (due.length < limit) return delivered;
  }
}
