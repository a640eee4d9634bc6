/**
 * One webhook delivery per the Standard Webhooks specification: headers `webhook-id` (the
 * delivery's id, the same on every retry), `webhook-timestamp` (seconds) and `webhook-signature`
 * (`v1,` HMAC-SHA256 of `id.timestamp.body`), the body `{type, timestamp, data}`.
 */
import { webhookSignature, type AttemptOutcome } from "../../../shared/subscriptions.js";
import type { SubscriptionsDeps } from "./deps.js";
import { attemptError, request } from "./http.js";

export interface WebhookMessage {
  id: string;
  body: string;
}

export async function postWebhook(
  deps: Pick<SubscriptionsDeps, "guard" | "webhookTimeoutMs">,
  target: string,
  secret: string,
  msg: WebhookMessage,
): Promise<AttemptOutcome> {
  // The time of sending, always the real one (a test's fake clock only moves the schedule).
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await request(
      deps.guard,
      "POST",
      new URL(target),
      {
        "Content-Type": "application/json",
        "User-Agent": "zfgs-webhooks/1",
        "webhook-id": msg.id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": webhookSignature(secret, msg.id, timestamp, msg.body),
      },
      msg.body,
      deps.webhookTimeoutMs,
    );
    return { status: res.status, retryAfter: res.retryAfter };
  } catch (err) {
    return { error: attemptError(err) };
  }
}

/** Sends the signed test delivery; undefined when the endpoint answered 2xx, else why not. */
export async function sendTest(
  deps: Pick<SubscriptionsDeps, "guard" | "webhookTimeoutMs">,
  sub: { id: string; target: string; secret: string },
  now: Date,
): Promise<string | undefined> {
  const body = JSON.stringify({
    type: "subscription.test",
    timestamp: now.toISOString(),
    data: { subscriptionId: sub.id },
  });
  const outcome = await postWebhook(deps, sub.target, sub.secret, { id: `msg_test_${sub.id}_${now.getTime()}`, body });
  if ("error" in outcome) return outcome.error;
  return outcome.status >= 200 && outcome.status < 300 ? undefined : `the endpoint answered ${outcome.status}`;
}
