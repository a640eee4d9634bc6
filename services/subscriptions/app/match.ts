/**
 * Matching the feed's change stream against the subscriptions: each batch of changes after the
 * cursor becomes deliveries (one per subscription and change) in the transaction that moves the
 * cursor, so a crash replays the batch and the unique (subscription, change) key writes nothing
 * twice. A subscription gets the changes made since it became active, also while it is disabled
 * (so a replay after re-enabling sends what it missed).
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { call } from "../../../lib/contract.js";
import { DependencyUnavailableError } from "../../../lib/errors.js";
import { nextDigestAt, recordPath, SubscriptionIndex, type FeedChange } from "../../../shared/subscriptions.js";
import { feed } from "../../feed/contract.js";
import type { SubscriptionsDeps } from "./deps.js";
import { inTransaction, type SubscriptionRow } from "./store.js";

const BATCH = 200;

interface DeliveryRow {
  id: string;
  subscriptionId: string;
  changeSeq: string;
  type: string;
  recordId: string;
  changedAt: string;
  status: "pending" | "delivered";
  nextAttemptAt: Date | null;
}

/** The body of a delivery: `{type, timestamp, data}`, data the record's public view and its page. */
export function payloadOf(base: string, change: FeedChange): { type: string; timestamp: string; data: object } {
  return {
    type: change.type,
    timestamp: change.at,
    data: { ...change.data, url: `${base}${recordPath(change.type, change.recordId)}` },
  };
}

function deliveryFor(sub: SubscriptionRow, change: FeedChange): DeliveryRow {
  const stored = sub.channel === "atom";
  // Due from the change's own time (never later than now): a pass at a given time sends what it matched.
  const at = new Date(change.at);
  const due = sub.frequency === "daily" || sub.frequency === "weekly" ? nextDigestAt(sub.frequency, at) : at;
  return {
    id: `msg_${randomUUID().replace(/-/g, "")}`,
    subscriptionId: sub.id,
    changeSeq: change.seq,
    type: change.type,
    recordId: change.recordId,
    changedAt: change.at,
    status: stored ? "delivered" : "pending",
    nextAttemptAt: stored ? null : due,
  };
}

/** The index of the subscriptions matched (active, or disabled and so kept for a replay), as of a revision. */
let cached: { rev: string; db: object; index: SubscriptionIndex<SubscriptionRow> } | undefined;

/** The index, read again only when the subscriptions' revision moved (a trigger moves it on every change). */
async function indexOf(deps: SubscriptionsDeps, c: pg.PoolClient): Promise<SubscriptionIndex<SubscriptionRow>> {
  const { rows } = await c.query<{ rev: string }>(`select rev::text from subscriptions.revision`);
  const rev = rows[0]?.rev ?? "0";
  if (cached && cached.rev === rev && cached.db === deps.db) return cached.index;
  const { rows: subs } = await c.query<SubscriptionRow>(
    `select * from subscriptions.subscriptions where status in ('active', 'disabled')`,
  );
  cached = { rev, db: deps.db, index: new SubscriptionIndex(subs, (sub) => sub.filter) };
  return cached.index;
}

/** One batch: the deliveries it made, and how many changes it read. */
async function matchBatch(deps: SubscriptionsDeps): Promise<number> {
  return inTransaction(deps, async (c) => {
    const { rows } = await c.query<{ seq: string }>(
      `insert into subscriptions.cursors (name, seq) values ('feed', 0)
       on conflict (name) do update set seq = subscriptions.cursors.seq returning seq`,
    );
    let changes: FeedChange[];
    try {
      changes = await call(deps.caller, feed.changesSince, { after: rows[0]?.seq ?? "0", limit: BATCH });
    } catch (err) {
      throw new DependencyUnavailableError("The feed", err);
    }
    if (changes.length === 0) return 0;
    const index = await indexOf(deps, c);
    const now = deps.now();
    const out: DeliveryRow[] = [];
    // A change's payload is kept once, whoever follows it.
    const payloads: { seq: string; payload: string }[] = [];
    for (const change of changes) {
      const at = new Date(change.at);
      let matched = false;
      for (const sub of index.matching(change)) {
        const leased = !sub.expires_at || sub.expires_at > at;
        if (sub.active_since && sub.active_since <= at && leased) {
          matched = true;
          out.push(deliveryFor(sub, change));
        }
      }
      if (matched) payloads.push({ seq: change.seq, payload: JSON.stringify(payloadOf(deps.publicBaseUrl, change)) });
    }
    if (out.length) {
      await c.query(
        `insert into subscriptions.changes (seq, payload)
         select * from unnest($1::bigint[], $2::jsonb[]) on conflict (seq) do nothing`,
        [payloads.map((p) => p.seq), payloads.map((p) => p.payload)],
      );
      await c.query(
        `insert into subscriptions.deliveries (id, subscription_id, change_seq, type, record_id, changed_at,
           status, next_attempt_at, delivered_at, created_at)
         select id, sub, seq, type, rec, changed, status, next_at,
                case when status = 'delivered' then $9::timestamptz end, $9::timestamptz
           from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[],
                       $7::text[], $8::timestamptz[]) as t(id, sub, seq, type, rec, changed, status, next_at)
         on conflict (subscription_id, change_seq) do nothing`,
        [
          out.map((d) => d.id),
          out.map((d) => d.subscriptionId),
          out.map((d) => d.changeSeq),
          out.map((d) => d.type),
          out.map((d) => d.recordId),
          out.map((d) => d.changedAt),
          out.map((d) => d.status),
          out.map((d) => d.nextAttemptAt),
          now,
        ],
      );
    }
    await c.query(`update subscriptions.cursors set seq = $1 where name = 'feed'`, [changes[changes.length - 1]?.seq]);
    return changes.length;
  });
}

/** Matches every change after the cursor; answers how many changes were read. */
export async function matchChanges(deps: SubscriptionsDeps): Promise<number> {
  let read = 0;
  for (;;) {
    const n = await matchBatch(deps);
    read += n;
    if (n < BATCH) return read;
  }
}
