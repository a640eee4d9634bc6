/**
 * The public comments' rate limit: at most `limit` comments per client in a sliding window of
 * `windowSeconds`, counted in the database so it holds across processes (as feedback counts its
 * submissions). Callers take the client's lock first, inside the transaction that records the comment.
 */
import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { Errors } from "moleculer";
import { newId } from "../../../shared/ids.js";
import { RateHit } from "../entities.js";

export interface Rate {
  limit: number;
  windowSeconds: number;
}

/** 429 with the seconds until the client may comment again (sent as Retry-After). */
export class RateLimitedError extends Errors.MoleculerClientError {
  constructor(readonly retryAfter: number) {
    super(`Too many comments from this address; try again in ${retryAfter} seconds`, 429, "RATE_LIMITED", {
      retryAfter,
    });
  }
}

/** A client's key: its address hashed with the deployment's namespace (the address itself is not kept). */
export function clientKeyOf(namespace: string, ip: string | undefined): string {
  return createHash("sha256")
    .update(`${namespace}:${ip ?? "unknown"}`)
    .digest("hex")
    .slice(0, 32);
}

/** Serialises one client's comments until `tx` ends. */
export async function lockClient(tx: EntityManager, clientKey: string): Promise<void> {
  await tx
    .getConnection()
    .execute(
      "select pg_advisory_xact_lock(hashtext(?))",
      [`documents:${clientKey}`],
      "all",
      tx.getTransactionContext(),
    );
}

/** Records one hit, or answers the seconds until the oldest hit leaves the full window. */
export async function takeHit(tx: EntityManager, clientKey: string, rate: Rate, now: Date): Promise<number | null> {
  const windowMs = rate.windowSeconds * 1000;
  const hits = await tx.find(
    RateHit,
    { clientKey, at: { $gt: new Date(now.getTime() - windowMs) } },
    { orderBy: { at: "asc" } },
  );
  if (hits.length >= rate.limit) {
    return Math.max(1, Math.ceil(((hits[0] as RateHit).at.getTime() + windowMs - now.getTime()) / 1000));
  }
  tx.persist(Object.assign(new RateHit(), { id: newId(), clientKey, at: now }));
  return null;
}
