/**
 * The submission rate limit: at most `limit` submissions per client in a sliding window of
 * `windowSeconds`, counted in the database (the hits table) so it holds across gateway processes.
 * Callers take the client's lock first, inside the transaction that records the submission.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { Errors } from "moleculer";
import { newId } from "../../../shared/ids.js";
import { RateHit } from "../entities.js";

export interface Rate {
  limit: number;
  windowSeconds: number;
}

/** 429 with the seconds until the client may submit again (the handler sends them as Retry-After). */
export class RateLimitedError extends Errors.MoleculerClientError {
  constructor(readonly retryAfter: number) {
    super(`Too many submissions from this address; try again in ${retryAfter} seconds`, 429, "RATE_LIMITED", {
      retryAfter,
    });
  }
}

/** Serialises one client's submissions until `tx` ends, so two at once cannot both take the last hit. */
export async function lockClient(tx: EntityManager, clientKey: string): Promise<void> {
  await tx
    .getConnection()
    .execute("select pg_advisory_xact_lock(hashtext(?))", [`feedback:${clientKey}`], "all", tx.getTransactionContext());
}

/**
 * Records one hit for the client, or, when the window is full, records nothing and answers the
 * seconds until its oldest hit leaves the window (at least 1).
 */
export async function takeHit(tx: EntityManager, clientKey: string, rate: Rate, now: Date): Promise<number | null> {
  const windowMs = rate.windowSeconds * 1000;
  const since = new Date(now.getTime() - windowMs);
  const hits = await tx.find(RateHit, { clientKey, at: { $gt: since } }, { orderBy: { at: "asc" } });
  if (hits.length >= rate.limit) {
    return Math.max(1, Math.ceil(((hits[0] as RateHit).at.getTime() + windowMs - now.getTime()) / 1000));
  }
  tx.persist(Object.assign(new RateHit(), { id: newId(), clientKey, at: now }));
  return null;
}
