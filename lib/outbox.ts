/**
 * Transactional outbox: a service writes "what changed" rows in the same transaction as the change,
 * and consumers (the feed) pull them in sequence order through an action. Rows are appended under a
 * transaction-scoped advisory lock, so they commit in the order of their sequence numbers and a
 * consumer reading "after N" can never skip a row that commits late.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import { call, type Caller, type EventsSinceParams } from "./contract.js";
import { feed, type Source } from "../services/feed/contract.js";

/** The outbox locks each open transaction holds: a transaction takes each lock once. */
const held = new WeakMap<object, Set<string>>();

export async function appendOutbox<T extends object>(em: EntityManager, lockName: string, row: T): Promise<void> {
  // The driver's transaction object (a knex transaction), one per open transaction or savepoint.
  const tx: object | undefined = em.getTransactionContext();
  const locks = tx ? (held.get(tx) ?? new Set<string>()) : undefined;
  if (!locks?.has(lockName)) {
    await em.getConnection().execute("select pg_advisory_xact_lock(hashtext(?))", [lockName], "all", tx);
    if (tx && locks) held.set(tx, locks.add(lockName));
  }
  em.persist(row);
  await em.flush();
}

/**
 * Read-your-writes for the public: after a change commits, ask the feed to pull it before the
 * writer answers, so a client that reads right after writing sees its change. The feed also pulls
 * on its own timer, so a feed that is down or slow only delays the public view; the write stands.
 */
export async function nudgeFeed(caller: Caller, source: Source): Promise<void> {
  try {
    await call(caller, feed.catchUp, { source }, { timeout: 5000, retries: 0 });
  } catch {
    // The feed catches up by itself; see above.
  }
}

/** The outbox rows after `params.after`, oldest first, at most `params.limit`. */
export function outboxAfter<T extends { seq: string }>(
  em: EntityManager,
  entity: new () => T,
  params: EventsSinceParams,
): Promise<T[]> {
  return em.find(entity, { seq: { $gt: params.after } } as never, {
    orderBy: { seq: "asc" } as never,
    limit: params.limit,
  }) as Promise<T[]>;
}
