/** What the subscriptions use cases are given: the pool, the feed's change stream, the senders and the clock. */
import type pg from "pg";
import type { Caller } from "../../../lib/contract.js";
import type { Mailer } from "./mail.js";
import type { CallbackGuard } from "./http.js";

export interface SubscriptionsDeps {
  db: pg.Pool;
  caller: Caller;
  log: { warn(...args: unknown[]): void; info(...args: unknown[]): void };
  mailer: Mailer;
  guard: CallbackGuard;
  publicBaseUrl: string;
  webhookTimeoutMs: number;
  /** Now; the delivery pass may be run at another time by tests (a fake clock). */
  now(): Date;
}
