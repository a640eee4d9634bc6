/** What the log's use cases are given: its pool, the port to the outboxes, its origin and signing key. */
import type { KeyObject } from "node:crypto";
import type pg from "pg";
import type { Caller } from "../../../lib/contract.js";

export interface TlogDeps {
  /** Plain SQL: range reads of hashes and bytes, appends under one lock. */
  db: pg.Pool;
  /** Reaches the owning services' outboxes (`<source>.eventsSince`). */
  caller: Caller;
  log: { warn(...args: unknown[]): void };
  /** The checkpoints' origin line; also the signing key's name. */
  origin: string;
  /** The Ed25519 key signing checkpoints (never the PDF signing key). */
  signingKey: KeyObject;
}
