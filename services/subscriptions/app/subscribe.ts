/**
 * Subscribing and managing a subscription, without an account: an e-mail subscription is pending
 * until its address confirms it (double opt-in); a webhook is active once its endpoint answered a
 * signed test delivery with 2xx; a private Atom feed is active at once. Whoever holds the manage
 * token (sent by mail, or in the 201 answer of a webhook or a feed) manages the subscription.
 */
import { Errors } from "moleculer";
import { InvalidInputError, NotFoundError } from "../../../lib/errors.js";
import { RateLimitedError } from "../../../lib/rate-limit.js";
import { newId } from "../../../shared/ids.js";
import {
  callbackUrlProblem,
  checkFilter,
  describeFilter,
  isEmailAddress,
  newWebhookSecret,
  nextDigestAt,
  type Channel,
  type Filter,
  type Frequency,
} from "../../../shared/subscriptions.js";
import type { SubscriptionsDeps } from "./deps.js";
import { confirmationMail } from "./mail.js";
import { inTransaction, linksOf, newToken, ownedSubscription, tokenHash, type SubscriptionRow } from "./store.js";
import { sendTest } from "./webhook.js";

export interface SubscribeInput {
  channel: Channel;
  target?: string;
  contact?: string;
  filter?: unknown;
  frequency?: Frequency;
  clientKey: string;
}

/** What the subscriber sees of a subscription (never another subscriber's, never to officers). */
export interface SubscriptionView {
  id: string;
  channel: SubscriptionRow["channel"];
  status: SubscriptionRow["status"];
  statusReason: string | null;
  target: string | null;
  filter: Filter;
  description: string;
  frequency: Frequency | null;
  createdAt: string;
  activeSince: string | null;
  failingSince: string | null;
  feedUrl?: string;
}

export function viewOf(deps: Pick<SubscriptionsDeps, "publicBaseUrl">, row: SubscriptionRow): SubscriptionView {
  const feedUrl = linksOf(deps.publicBaseUrl, row).atom;
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    statusReason: row.status_reason,
    target: row.target,
    filter: row.filter,
    description: describeFilter(row.filter),
    frequency: row.frequency,
    createdAt: row.created_at.toISOString(),
    activeSince: row.active_since?.toISOString() ?? null,
    failingSince: row.failing_since?.toISOString() ?? null,
    ...(feedUrl ? { feedUrl } : {}),
  };
}

export class CallbackNotAllowed extends Errors.MoleculerClientError {
  constructor(why: string) {
    super(`The callback URL cannot be used: ${why}`, 400, "CALLBACK_NOT_ALLOWED", { reason: why });
  }
}

export class WebhookTestFailed extends Errors.MoleculerClientError {
  constructor(why: string) {
    super(`The endpoint did not accept the signed test delivery: ${why}`, 400, "WEBHOOK_TEST_FAILED", { reason: why });
  }
}

function checkInput(input: SubscribeInput): { filter: Filter; target: string | null } {
  const { filter, problems } = checkFilter(input.channel, input.filter);
  let target: string | null = null;
  if (input.channel === "email") {
    const t = input.target?.trim() ?? "";
    if (!isEmailAddress(t)) problems.push({ field: "target", message: "target must be an e-mail address" });
    target = t.toLowerCase();
  } else if (input.channel === "webhook") {
    const t = input.target?.trim() ?? "";
    const why = t ? callbackUrlProblem(t) : "target must be the callback URL";
    if (why) problems.push({ field: "target", message: why });
    target = t;
  } else if (input.target !== undefined && input.target !== "") {
    problems.push({ field: "target", message: "an Atom subscription has no target: its feed URL is in the answer" });
  }
  if (input.contact !== undefined && (input.channel !== "webhook" || !isEmailAddress(input.contact.trim()))) {
    problems.push({ field: "contact", message: "contact is the e-mail address told about a webhook's failures" });
  }
  if (input.frequency !== undefined && input.channel !== "email") {
    problems.push({ field: "frequency", message: "only an e-mail subscription has a frequency" });
  }
  if (problems.length) throw new InvalidInputError(problems.map((p) => ({ ...p, type: "VALIDATION_ERROR" })));
  return { filter, target };
}

/** Counts the client's subscription requests in the window; over the limit: the seconds to wait. */
export async function takeHit(
  deps: SubscriptionsDeps,
  clientKey: string,
  rate: { limit: number; windowSeconds: number },
) {
  return inTransaction(deps, async (c) => {
    await c.query(`select pg_advisory_xact_lock(hashtext($1))`, [`subscriptions:${clientKey}`]);
    const now = deps.now();
    const since = new Date(now.getTime() - rate.windowSeconds * 1000);
    await c.query(`delete from subscriptions.rate_hits where client_key = $1 and at < $2`, [clientKey, since]);
    const { rows } = await c.query<{ n: number; oldest: Date | null }>(
      `select count(*)::int n, min(at) oldest from subscriptions.rate_hits where client_key = $1`,
      [clientKey],
    );
    const { n, oldest } = rows[0] as { n: number; oldest: Date | null };
    if (n >= rate.limit && oldest) {
      return Math.max(1, Math.ceil((oldest.getTime() + rate.windowSeconds * 1000 - now.getTime()) / 1000));
    }
    await c.query(`insert into subscriptions.rate_hits (client_key, at) values ($1, $2)`, [clientKey, now]);
    return 0;
  });
}

export interface Subscribed extends SubscriptionView {
  /** The manage token: in the answer for a webhook or a feed; an e-mail's goes to the address only. */
  manageToken?: string;
  manageUrl?: string;
  /** The webhook's signing secret, shown this once. */
  secret?: string;
}

export async function subscribe(
  deps: SubscriptionsDeps,
  input: SubscribeInput,
  rate: { limit: number; windowSeconds: number },
): Promise<Subscribed> {
  const { filter, target } = checkInput(input);
  if (input.channel === "webhook") {
    const why = await deps.guard.problem(new URL(target as string));
    if (why) throw new CallbackNotAllowed(why);
  }
  const wait = await takeHit(deps, input.clientKey, rate);
  if (wait) throw new RateLimitedError(wait);

  const now = deps.now();
  const id = newId(now.getTime());
  const manageToken = newToken();
  const secret = input.channel === "webhook" ? newWebhookSecret() : null;
  if (input.channel === "webhook") {
    // Nothing is kept until the endpoint shows it receives and accepts our signed deliveries.
    const outcome = await sendTest(deps, { id, target: target as string, secret: secret as string }, now);
    if (outcome) throw new WebhookTestFailed(outcome);
  }
  const confirmToken = input.channel === "email" ? newToken() : null;
  const row: SubscriptionRow = {
    id,
    channel: input.channel,
    target,
    contact: input.contact?.trim().toLowerCase() ?? null,
    filter,
    frequency: input.channel === "email" ? (input.frequency ?? "immediate") : null,
    status: input.channel === "email" ? "pending" : "active",
    secret,
    manage_token: manageToken,
    feed_token: input.channel === "atom" ? newToken() : null,
    created_at: now,
    active_since: input.channel === "email" ? null : now,
    status_changed_at: now,
    status_reason: null,
    failing_since: null,
    topic: null,
    expires_at: null,
  };
  await deps.db.query(
    `insert into subscriptions.subscriptions (id, channel, target, contact, filter, frequency, status, secret,
       manage_token, confirm_token_hash, feed_token, created_at, active_since, status_changed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      row.id,
      row.channel,
      row.target,
      row.contact,
      row.filter,
      row.frequency,
      row.status,
      row.secret,
      row.manage_token,
      confirmToken ? tokenHash(confirmToken) : null,
      row.feed_token,
      row.created_at,
      row.active_since,
      row.status_changed_at,
    ],
  );
  const links = linksOf(deps.publicBaseUrl, row);
  if (input.channel === "email") {
    const confirmUrl = `${deps.publicBaseUrl}/subscriptions/confirm?token=${encodeURIComponent(confirmToken as string)}`;
    // A mail that cannot be sent leaves nothing behind: the subscriber tries again.
    try {
      await deps.mailer.send(confirmationMail(target as string, describeFilter(filter), confirmUrl, links));
    } catch (err) {
      await deps.db.query(`delete from subscriptions.subscriptions where id = $1`, [id]);
      throw err;
    }
    return viewOf(deps, row);
  }
  return {
    ...viewOf(deps, row),
    manageToken,
    manageUrl: links.manage,
    ...(secret ? { secret } : {}),
  };
}

/** Double opt-in: the token from the confirmation mail activates its subscription (once; again is harmless). */
export async function confirm(deps: SubscriptionsDeps, token: string): Promise<SubscriptionView> {
  const now = deps.now();
  const { rows } = await deps.db.query<SubscriptionRow>(
    `update subscriptions.subscriptions
        set status = case when status = 'pending' then 'active' else status end,
            active_since = coalesce(active_since, $2),
            status_changed_at = case when status = 'pending' then $2 else status_changed_at end
      where confirm_token_hash = $1 returning *`,
    [tokenHash(token), now],
  );
  const row = rows[0];
  if (!row) throw new NotFoundError("Subscription");
  return viewOf(deps, row);
}

/** Stops a subscription for good (its pending deliveries are not sent). */
export async function unsubscribe(deps: SubscriptionsDeps, id: string, token: string): Promise<SubscriptionView> {
  return inTransaction(deps, async (c) => {
    const row = await ownedSubscription(c, id, token, true);
    if (row.status === "unsubscribed") return viewOf(deps, row);
    const now = deps.now();
    const { rows } = await c.query<SubscriptionRow>(
      `update subscriptions.subscriptions set status = 'unsubscribed', status_changed_at = $2, status_reason = null
        where id = $1 returning *`,
      [id, now],
    );
    await c.query(
      `update subscriptions.deliveries set status = 'cancelled', next_attempt_at = null
        where subscription_id = $1 and status = 'pending'`,
      [id],
    );
    return viewOf(deps, rows[0] as SubscriptionRow);
  });
}

/** An e-mail subscriber changes how often they hear: what waits is rescheduled to the new rhythm. */
export async function setFrequency(
  deps: SubscriptionsDeps,
  id: string,
  token: string,
  frequency: Frequency,
): Promise<SubscriptionView> {
  return inTransaction(deps, async (c) => {
    const row = await ownedSubscription(c, id, token, true);
    if (row.channel !== "email" || row.status === "unsubscribed") {
      throw new InvalidInputError([
        { field: "frequency", message: "only a current e-mail subscription has a frequency", type: "VALIDATION_ERROR" },
      ]);
    }
    const now = deps.now();
    const { rows } = await c.query<SubscriptionRow>(
      `update subscriptions.subscriptions set frequency = $2 where id = $1 returning *`,
      [id, frequency],
    );
    await c.query(
      `update subscriptions.deliveries set next_attempt_at = $2 where subscription_id = $1 and status = 'pending'`,
      [id, frequency === "immediate" ? now : nextDigestAt(frequency, now)],
    );
    return viewOf(deps, rows[0] as SubscriptionRow);
  });
}

export interface DeliveryLogEntry {
  id: string;
  type: string;
  recordId: string;
  changedAt: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

/** The subscription and its newest deliveries with their outcome (the owner's delivery log). */
export async function manageView(deps: SubscriptionsDeps, id: string, token: string, limit = 100) {
  const row = await ownedSubscription(deps.db, id, token);
  const { rows } = await deps.db.query<{
    id: string;
    type: string;
    record_id: string;
    changed_at: Date;
    status: string;
    attempts: number;
    next_attempt_at: Date | null;
    last_status: number | null;
    last_error: string | null;
    delivered_at: Date | null;
  }>(
    `select id, type, record_id, changed_at, status, attempts, next_attempt_at, last_status, last_error, delivered_at
       from subscriptions.deliveries where subscription_id = $1 order by change_seq desc limit $2`,
    [id, limit],
  );
  const deliveries: DeliveryLogEntry[] = rows.map((d) => ({
    id: d.id,
    type: d.type,
    recordId: d.record_id,
    changedAt: d.changed_at.toISOString(),
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.next_attempt_at?.toISOString() ?? null,
    lastStatus: d.last_status,
    lastError: d.last_error,
    deliveredAt: d.delivered_at?.toISOString() ?? null,
  }));
  return { subscription: viewOf(deps, row), deliveries };
}

/**
 * Sends again every delivery of changes since `since` (with its own webhook-id, so a receiver that
 * kept it knows it), and re-activates a webhook disabled for failures once its endpoint accepts a
 * new signed test delivery.
 */
export async function replay(deps: SubscriptionsDeps, id: string, token: string, since: Date) {
  const row = await ownedSubscription(deps.db, id, token);
  if (row.channel !== "webhook") {
    throw new InvalidInputError([
      { field: "id", message: "only a webhook's deliveries can be replayed", type: "VALIDATION_ERROR" },
    ]);
  }
  if (row.status === "unsubscribed") throw new NotFoundError("Subscription");
  const now = deps.now();
  if (row.status === "disabled") {
    const why = await sendTest(deps, { id, target: row.target as string, secret: row.secret as string }, now);
    if (why) throw new WebhookTestFailed(why);
  }
  return inTransaction(deps, async (c) => {
    await c.query(
      `update subscriptions.subscriptions set status = 'active', status_changed_at = $2, status_reason = null,
         failing_since = null where id = $1 and status = 'disabled'`,
      [id, now],
    );
    const { rowCount } = await c.query(
      `update subscriptions.deliveries set status = 'pending', attempts = 0, next_attempt_at = $3
        where subscription_id = $1 and changed_at >= $2 and status <> 'pending'`,
      [id, since, now],
    );
    return { requeued: rowCount ?? 0, status: "active" as const };
  });
}
