/**
 * Building the read model from the owning services' outboxes: a pull applies a source's events
 * after its checkpoint, batch by batch, and a rebuild replays every outbox from scratch. Events
 * are applied idempotently (read-model.ts), each masked again on the way in (public-text.ts).
 */
import type pg from "pg";
import { poolTransaction } from "../../../lib/database.js";
import { DependencyUnavailableError } from "../../../lib/errors.js";
import { publicEvent } from "../public-text.js";
import {
  applyDocumentsEvent,
  applyDutiesEvent,
  applyInspectionEvent,
  applyNoticeEvent,
  applyReplyEvent,
  applyReportEvent,
  applyRequestEvent,
  SOURCES,
  type DocumentsEventIn,
  type EventIn,
  type DutiesEventIn,
  type InspectionsEventIn,
  type NoticeEventIn,
  type ReplyEventIn,
  type ReportsEventIn,
  type RequestsEventIn,
  type Source,
} from "../read-model.js";
import type { FeedDeps } from "./deps.js";
import { appendChanges, changeOf } from "./changes.js";
import { call, type Caller } from "../../../lib/contract.js";
import type { EventsSinceParams } from "../../../lib/contract.js";
import { documents } from "../../documents/contract.js";
import { duties } from "../../duties/contract.js";
import { feedback } from "../../feedback/contract.js";
import { notices } from "../../notices/contract.js";
import { reports } from "../../reports/contract.js";
import { inspections } from "../../inspections/contract.js";
import { requests } from "../../requests/contract.js";

/** Events asked for per round trip; a shorter batch means the outbox is drained. */
export const BATCH = 500;

/** One transaction on a pooled connection (lib/database.ts). */
export function inTransaction<T>(
  deps: Pick<FeedDeps, "db" | "log">,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return poolTransaction(deps, "feed", work);
}

/** A source's events after a sequence number, by its contract (which must give what the feed reads). */
function eventsOf(caller: Caller, source: Source, params: EventsSinceParams): Promise<EventIn[]> {
  if (source === "duties") return call(caller, duties.eventsSince, params);
  if (source === "notices") return call(caller, notices.eventsSince, params);
  if (source === "documents") return call(caller, documents.eventsSince, params) as Promise<DocumentsEventIn[]>;
  if (source === "requests") return call(caller, requests.eventsSince, params);
  if (source === "reports") return call(caller, reports.eventsSince, params);
  if (source === "inspections") return call(caller, inspections.eventsSince, params);
  return call(caller, feedback.eventsSince, params);
}

/** Applies the next batch of a source's outbox inside the caller's transaction. */
export async function applyBatch(deps: Pick<FeedDeps, "caller">, client: pg.PoolClient, source: Source, emit: boolean) {
  // One statement creates the checkpoint if need be, locks its row (as for update would) and reads it.
  const { rows } = await client.query<{ seq: string }>(
    `insert into feed.checkpoints (source, seq) values ($1, 0)
     on conflict (source) do update set seq = feed.checkpoints.seq returning seq`,
    [source],
  );
  const after = rows[0]?.seq ?? "0";
  let events: EventIn[];
  try {
    events = await eventsOf(deps.caller, source, { after, limit: BATCH });
  } catch (err) {
    throw new DependencyUnavailableError(`The ${source} service`, err);
  }
  const changes = [];
  for (const raw of events) {
    // Masked again on the way in: events written before a redaction rule existed come out clean.
    const e = publicEvent(source, raw);
    const change = emit ? await changeOf(client, source, e) : null;
    if (change) changes.push(change);
    if (source === "duties") await applyDutiesEvent(client, e as DutiesEventIn);
    else if (source === "notices") await applyNoticeEvent(client, e as NoticeEventIn);
    else if (source === "documents") await applyDocumentsEvent(client, e as DocumentsEventIn);
    else if (source === "requests") await applyRequestEvent(client, e as RequestsEventIn);
    else if (source === "reports") await applyReportEvent(client, e as ReportsEventIn);
    else if (source === "inspections") await applyInspectionEvent(client, e as InspectionsEventIn);
    else await applyReplyEvent(client, e as ReplyEventIn);
  }
  await appendChanges(client, changes);
  const last = events[events.length - 1];
  if (last) await client.query(`update feed.checkpoints set seq = $2 where source = $1`, [source, last.seq]);
  return events.length;
}

/**
 * Applies a source's outbox after the stored checkpoint, batch by batch. The checkpoint row
 * is locked for the whole pull, so concurrent pulls (several feed replicas, a timer and a
 * nudge) apply each event once, in order.
 */
export async function pull(deps: FeedDeps, source: Source): Promise<number> {
  let applied = 0;
  for (;;) {
    const n = await inTransaction(deps, (client) => applyBatch(deps, client, source, true));
    if (n) await deps.changed();
    applied += n;
    if (n < BATCH) return applied;
  }
}

/** Rebuilds the read model from scratch by replaying every outbox; answers the events applied per source. */
export async function rebuild(deps: FeedDeps): Promise<{ rebuilt: true; applied: Record<string, number> }> {
  // One transaction: readers keep the old model until the new one commits, and a pull
  // racing the rebuild (a timer, a nudge, another replica) waits on the checkpoint rows,
  // then finds nothing left to apply.
  const applied: Record<string, number> = {};
  await inTransaction(deps, async (client) => {
    // First the checkpoints, as a pull takes them before the data rows: a racing pull
    // waits here instead of deadlocking on the rows this transaction deletes.
    await client.query(`lock table feed.checkpoints in exclusive mode`);
    for (const table of [
      "notices",
      "bodies",
      "officers",
      "powers",
      "inspections",
      "replies",
      "documents",
      "consultations",
      "guides",
      "requests",
      "reports",
      "inspection_plans",
      "inspection_entities",
      "checkpoints",
    ]) {
      await client.query(`delete from feed.${table}`);
    }
    for (const source of SOURCES) {
      applied[source] = 0;
      for (;;) {
        const n = await applyBatch(deps, client, source, false);
        applied[source] += n;
        if (n < BATCH) break;
      }
    }
  });
  await deps.changed();
  return { rebuilt: true, applied };
}
