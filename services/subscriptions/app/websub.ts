/**
 * The WebSub hub: a subscriber asks (hub.mode, hub.topic, hub.callback, hub.lease_seconds,
 * hub.secret) and is answered 202 at once; the request waits in `websub_requests` until the next
 * pass verifies the subscriber's intent (a GET to the callback with a challenge it must echo), and
 * only then is the subscription made, renewed or ended. When a change updates a topic, the topic's
 * current Atom document is pushed to each subscriber, signed with `X-Hub-Signature: sha256=` when
 * it gave a secret; failures are retried like webhooks.
 */
import { randomBytes } from "node:crypto";
import { feedLinkHeader } from "../../../shared/atom.js";
import { call } from "../../../lib/contract.js";
import { InvalidInputError } from "../../../lib/errors.js";
import { newId } from "../../../shared/ids.js";
import {
  callbackUrlProblem,
  hubSignature,
  LEASE,
  websubTopic,
  type AttemptOutcome,
  type WebSubTopic,
} from "../../../shared/subscriptions.js";
import { feed } from "../../feed/contract.js";
import type { SubscriptionsDeps } from "./deps.js";
import { attemptError, request } from "./http.js";
import { newToken, type SubscriptionRow } from "./store.js";
import { CallbackNotAllowed, takeHit } from "./subscribe.js";
import { RateLimitedError } from "../../../lib/rate-limit.js";

export interface HubRequest {
  mode: "subscribe" | "unsubscribe";
  topic: string;
  callback: string;
  leaseSeconds?: number;
  secret?: string;
}

/** Checks a subscriber's request and keeps it for verification; a bad one is refused now (400). */
export async function hubRequest(
  deps: SubscriptionsDeps,
  r: HubRequest,
  clientKey: string,
  rate: { limit: number; windowSeconds: number },
): Promise<void> {
  const problems: { field: string; message: string; type: string }[] = [];
  const topic = websubTopic(deps.publicBaseUrl, r.topic);
  if ("problem" in topic) problems.push({ field: "hub.topic", message: topic.problem, type: "VALIDATION_ERROR" });
  const why = callbackUrlProblem(r.callback);
  if (why) problems.push({ field: "hub.callback", message: why, type: "VALIDATION_ERROR" });
  if (r.secret !== undefined && (Buffer.byteLength(r.secret) === 0 || Buffer.byteLength(r.secret) >= 200)) {
    problems.push({ field: "hub.secret", message: "hub.secret must be 1 to 199 bytes", type: "VALIDATION_ERROR" });
  }
  if (problems.length) throw new InvalidInputError(problems);
  const refused = await deps.guard.problem(new URL(r.callback));
  if (refused) throw new CallbackNotAllowed(refused);
  // Each request costs a verification GET to its callback: a client may ask as often as it may subscribe.
  const wait = await takeHit(deps, clientKey, rate);
  if (wait) throw new RateLimitedError(wait);
  const lease = Math.min(LEASE.max, Math.max(LEASE.min, r.leaseSeconds ?? LEASE.default));
  await deps.db.query(
    `insert into subscriptions.websub_requests (mode, topic, callback, secret, lease_seconds, requested_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [r.mode, r.topic, r.callback, r.secret ?? null, lease, deps.now()],
  );
}

interface RequestRow {
  id: string;
  mode: "subscribe" | "unsubscribe";
  topic: string;
  callback: string;
  secret: string | null;
  lease_seconds: number;
}

/** Whether the callback echoes our challenge for this mode and topic (2xx, the challenge exactly). */
async function verifyIntent(deps: SubscriptionsDeps, r: RequestRow): Promise<boolean> {
  const challenge = randomBytes(16).toString("hex");
  const url = new URL(r.callback);
  url.searchParams.set("hub.mode", r.mode);
  url.searchParams.set("hub.topic", r.topic);
  url.searchParams.set("hub.challenge", challenge);
  if (r.mode === "subscribe") url.searchParams.set("hub.lease_seconds", String(r.lease_seconds));
  try {
    const res = await request(deps.guard, "GET", url, { "User-Agent": "zfgs-websub/1" }, "", deps.webhookTimeoutMs);
    return res.status >= 200 && res.status < 300 && res.text === challenge;
  } catch {
    return false;
  }
}

/** Verifies the waiting requests (each once: a subscriber not answering asks again); answers how many took effect. */
export async function processHubRequests(deps: SubscriptionsDeps): Promise<number> {
  const { rows } = await deps.db.query<RequestRow>(
    `delete from subscriptions.websub_requests where id in (
       select id from subscriptions.websub_requests order by id limit 20 for update skip locked)
     returning *`,
  );
  let done = 0;
  for (const r of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
    if (!(await verifyIntent(deps, r))) continue;
    const now = deps.now();
    if (r.mode === "unsubscribe") {
      await deps.db.query(
        `update subscriptions.subscriptions set status = 'unsubscribed', status_changed_at = $3
          where channel = 'websub' and target = $1 and topic = $2 and status <> 'unsubscribed'`,
        [r.callback, r.topic, now],
      );
    } else {
      const topic = websubTopic(deps.publicBaseUrl, r.topic) as WebSubTopic;
      // A renewal keeps the subscription (and its deliveries) and moves its lease's end.
      await deps.db.query(
        `insert into subscriptions.subscriptions (id, channel, target, filter, status, secret, manage_token, created_at,
           active_since, status_changed_at, topic, expires_at)
         values ($1, 'websub', $2, $3, 'active', $4, $5, $6, $6, $6, $7, $8)
         on conflict (target, topic) where channel = 'websub' do update set filter = excluded.filter,
           secret = excluded.secret, expires_at = excluded.expires_at, status = 'active', status_reason = null,
           failing_since = null,
           active_since = case when subscriptions.subscriptions.status = 'active'
                               then subscriptions.subscriptions.active_since else excluded.active_since end,
           status_changed_at = excluded.status_changed_at`,
        [
          newId(now.getTime()),
          r.callback,
          topic.filter,
          r.secret,
          newToken(),
          now,
          r.topic,
          new Date(now.getTime() + r.lease_seconds * 1000),
        ],
      );
    }
    done++;
  }
  return done;
}

/** The topic's Atom document as it is now. */
async function topicContent(deps: SubscriptionsDeps, topic: WebSubTopic): Promise<string> {
  if (topic.feed === "documents") return call(deps.caller, feed.documentAtom, topic.params);
  if (topic.feed === "reports") return call(deps.caller, feed.reportAtom, topic.params);
  return call(deps.caller, feed.atom, topic.params as never);
}

/** Pushes the topic's document to one subscriber (content distribution). */
export async function pushTopic(deps: SubscriptionsDeps, sub: SubscriptionRow): Promise<AttemptOutcome> {
  const topic = websubTopic(deps.publicBaseUrl, sub.topic as string);
  if ("problem" in topic) return { error: "the topic is no longer served" };
  const body = await topicContent(deps, topic);
  const headers: Record<string, string> = {
    "Content-Type": "application/atom+xml; charset=utf-8",
    "User-Agent": "zfgs-websub/1",
    Link: feedLinkHeader(deps.publicBaseUrl, sub.topic as string),
    ...(sub.secret ? { "X-Hub-Signature": hubSignature(sub.secret, body) } : {}),
  };
  try {
    const res = await request(deps.guard, "POST", new URL(sub.target as string), headers, body, deps.webhookTimeoutMs);
    return { status: res.status, retryAfter: res.retryAfter };
  } catch (err) {
    return { error: attemptError(err) };
  }
}
