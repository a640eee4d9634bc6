/** The subscriptions' rows as the use cases read them, tokens, and the one transaction helper. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { poolTransaction } from "../../../lib/database.js";
import { NotFoundError } from "../../../lib/errors.js";
import type { Channel, Filter, Frequency } from "../../../shared/subscriptions.js";
import type { SubscriptionsDeps } from "./deps.js";

export type Status = "pending" | "active" | "disabled" | "unsubscribed";

export interface SubscriptionRow {
  id: string;
  channel: Channel | "websub";
  target: string | null;
  contact: string | null;
  filter: Filter;
  frequency: Frequency | null;
  status: Status;
  secret: string | null;
  manage_token: string;
  feed_token: string | null;
  created_at: Date;
  active_since: Date | null;
  status_changed_at: Date;
  status_reason: string | null;
  failing_since: Date | null;
  /** A WebSub subscription's topic (as the subscriber named it) and the end of its lease. */
  topic: string | null;
  expires_at: Date | null;
}

export const newToken = (): string => randomBytes(24).toString("base64url");
export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function inTransaction<T>(deps: Pick<SubscriptionsDeps, "db" | "log">, work: (c: pg.PoolClient) => Promise<T>) {
  return poolTransaction(deps, "subscriptions", work);
}

/**
 * The subscription `id` if `token` is its manage token; one answer (404) for an unknown id and a
 * wrong token, so a token cannot be tested against ids.
 */
export async function ownedSubscription(
  db: pg.Pool | pg.PoolClient,
  id: string,
  token: string,
  lock = false,
): Promise<SubscriptionRow> {
  const { rows } = await db.query<SubscriptionRow>(
    `select * from subscriptions.subscriptions where id = $1${lock ? " for update" : ""}`,
    [id],
  );
  const row = rows[0];
  if (!row || !sameToken(row.manage_token, token)) throw new NotFoundError("Subscription");
  return row;
}

/** The links a subscriber is sent: the manage page, the one-click unsubscribe, the private feed. */
export function linksOf(base: string, row: Pick<SubscriptionRow, "id" | "manage_token" | "feed_token">) {
  const q = `token=${encodeURIComponent(row.manage_token)}`;
  return {
    manage: `${base}/subscriptions/${row.id}?${q}`,
    unsubscribe: `${base}/api/public/subscriptions/${row.id}/unsubscribe?${q}`,
    atom: row.feed_token
      ? `${base}/api/public/subscriptions/${row.id}/atom?token=${encodeURIComponent(row.feed_token)}`
      : undefined,
  };
}
