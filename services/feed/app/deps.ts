/** What the feed's use cases are given: its connection pool, the port to the owning services, and its cache hook. */
import type pg from "pg";
import type { Caller } from "../../../lib/contract.js";

export interface FeedDeps {
  /** The read model is plain SQL on a pg pool (search plans need one statement per call). */
  db: pg.Pool;
  /** Reaches the owning services' outboxes (`<source>.eventsSince`). */
  caller: Caller;
  log: { warn(...args: unknown[]): void };
  /** The read model changed: caches here and elsewhere must forget. */
  changed(): Promise<void>;
}
