/**
 * The submission rate limit of feedback (lib/rate-limit.ts over the feedback's own hits table):
 * at most `limit` submissions per client in a sliding window of `windowSeconds`. Callers take the
 * client's lock first, inside the transaction that records the submission.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import * as limits from "../../../lib/rate-limit.js";
import { RateHit } from "../entities.js";

export { RateLimitedError, type Rate } from "../../../lib/rate-limit.js";

/** Serialises one client's submissions until `tx` ends, so two at once cannot both take the last hit. */
export function lockClient(tx: EntityManager, clientKey: string): Promise<void> {
  return limits.lockClient(tx, "feedback", clientKey);
}

/**
 * Records one hit for the client, or, when the window is full, records nothing and answers the
 * seconds until its oldest hit leaves the window (at least 1).
 */
export function takeHit(tx: EntityManager, clientKey: string, rate: limits.Rate, now: Date): Promise<number | null> {
  return limits.takeHit(tx, RateHit, clientKey, rate, now);
}
