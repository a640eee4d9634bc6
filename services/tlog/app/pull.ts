/** Pulling the outboxes into the log: a transaction per batch, then one checkpoint for all of them. */
import type pg from "pg";
import { appendBatch, BATCH, SOURCES, type LogSource } from "./append.js";
import { signCheckpoint } from "./checkpoints.js";
import type { TlogDeps } from "./deps.js";
import { poolTransaction } from "../../../lib/database.js";

/** One transaction on a pooled connection (lib/database.ts). */
export function inTransaction<T>(
  deps: Pick<TlogDeps, "db" | "log">,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return poolTransaction(deps, "tlog", work);
}

/** Logs a source's outbox up to now; answers the entries appended. */
export async function pullSource(deps: TlogDeps, source: LogSource): Promise<number> {
  let appended = 0;
  for (;;) {
    const batch = await inTransaction(deps, (client) => appendBatch(deps, client, source));
    appended += batch.appended;
    if (batch.read < BATCH) return appended;
  }
}

/**
 * Logs every source it can reach, then signs one checkpoint covering all of them (batched: one
 * signature per pull, not per entry). `available` says whether a source is on the bus.
 */
export async function catchUp(deps: TlogDeps, available: (source: LogSource) => boolean): Promise<number> {
  let appended = 0;
  let failure: unknown;
  for (const source of SOURCES) {
    if (!available(source)) continue;
    // One source down does not hold back the others, nor the checkpoint of what was logged.
    appended += await pullSource(deps, source).catch((err: unknown) => {
      failure ??= err;
      return 0;
    });
  }
  await signCheckpoint(deps);
  if (failure) throw failure;
  return appended;
}
