/**
 * Per-client limits on public submissions (feedback, requests for information): at most `limit`
 * submissions per client in a sliding window of `windowSeconds`, counted in the service's own
 * hits table so the limit holds across gateway processes. Callers take the client's lock first,
 * inside the transaction that records the submission. A client is known by its address hashed
 * with the deployment's namespace; the address itself is not kept.
 */
import { createHash } from "node:crypto";
import { EntitySchema, type EntityManager } from "@mikro-orm/postgresql";
import { Errors } from "moleculer";
import { newId } from "../shared/ids.js";

export interface Rate {
  limit: number;
  windowSeconds: number;
}

/** A row of a hits table. */
/** One client's hit in a service's own `rate_hits` table (its address only as a hashed key). */
export class RateHitBase implements RateHitRow {
  id!: string;
  clientKey!: string;
  at!: Date;
}

/**
 * A service's `rate_hits` table: a class and schema of its own, so several services share a
 * process (each ORM discovers its own), as lib/audit.ts does for the audit log.
 */
export function rateHitTable(): { entity: new () => RateHitBase; schema: EntitySchema<RateHitBase> } {
  // Named: MikroORM names an entity by its class, and these must not share one with the audit log's.
  const entity = class RateHit extends RateHitBase {};
  const schema = new EntitySchema<RateHitBase>({
    class: entity,
    tableName: "rate_hits",
    properties: {
      id: { type: "string", primary: true },
      clientKey: { type: "string" },
      at: { type: "Date" },
    },
  });
  return { entity, schema };
}

export interface RateHitRow {
  id: string;
  clientKey: string;
  at: Date;
}

/** 429 with the seconds until the client may submit again (the handler sends them as Retry-After). */
export class RateLimitedError extends Errors.MoleculerClientError {
  constructor(readonly retryAfter: number) {
    super(`Too many submissions from this address; try again in ${retryAfter} seconds`, 429, "RATE_LIMITED", {
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

/** Serialises one client's submissions to `scope` until `tx` ends, so two at once cannot both take the last hit. */
export async function lockClient(tx: EntityManager, scope: string, clientKey: string): Promise<void> {
  await tx
    .getConnection()
    .execute("select pg_advisory_xact_lock(hashtext(?))", [`${scope}:${clientKey}`], "all", tx.getTransactionContext());
}

/**
 * Records one hit for the client in `entity`'s table, or, when the window is full, records nothing
 * and answers the seconds until its oldest hit leaves the window (at least 1).
 */
export async function takeHit<T extends RateHitRow>(
  tx: EntityManager,
  entity: new () => T,
  clientKey: string,
  rate: Rate,
  now: Date,
): Promise<number | null> {
  const windowMs = rate.windowSeconds * 1000;
  const since = new Date(now.getTime() - windowMs);
  const hits = (await tx.find(entity, { clientKey, at: { $gt: since } } as never, {
    orderBy: { at: "asc" } as never,
  })) as T[];
  if (hits.length >= rate.limit) {
    return Math.max(1, Math.ceil(((hits[0] as T).at.getTime() + windowMs - now.getTime()) / 1000));
  }
  tx.persist(Object.assign(new entity(), { id: newId(), clientKey, at: now }));
  return null;
}
