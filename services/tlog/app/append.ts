/**
 * Appending to the log from the owning services' outboxes, as the feed pulls them: each source's
 * events after its cursor, a batch at a time, one entry per change the public sees, exactly once
 * and in order — the entries, the subtree hashes they complete and the cursor commit together,
 * under one lock, so two pulls (a timer and a nudge, two replicas) never interleave.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import { call, type Caller } from "../../../lib/contract.js";
import { DependencyUnavailableError } from "../../../lib/errors.js";
import { arrayReader, canonicalJson, leafHash, TILE_HEIGHT, TILE_WIDTH, type Json } from "../../../shared/tlog.js";
import { documents, type DocumentsChange } from "../../documents/contract.js";
import { inspections, type InspectionsChange } from "../../inspections/contract.js";
import { notices, type NoticeOutboxEvent } from "../../notices/contract.js";
import { reports, type ReportsChange } from "../../reports/contract.js";
import type { EntryType, LogEntry } from "../contract.js";
import type { TlogDeps } from "./deps.js";
import { storedHashes, treeSize } from "./store.js";

export const SOURCES = ["notices", "documents", "reports", "inspections"] as const;
export type LogSource = (typeof SOURCES)[number];

/** Events asked for per round trip; a shorter batch means the outbox is drained. */
export const BATCH = 500;

const NOTICE_TYPES: Record<string, EntryType> = {
  published: "notice.published",
  withdrawn: "notice.withdrawn",
  corrected: "notice.corrected",
  expired: "notice.expired",
};

/** An entry's bytes: canonical JSON (RFC 8785). */
export function entryBytes(e: LogEntry): Buffer {
  return Buffer.from(canonicalJson(e as unknown as Json), "utf8");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

async function lastEntryOf(
  client: pg.PoolClient,
  id: string,
  type: "document" | "report" | "inspection-plan",
): Promise<{ version: number; sha256: string } | null> {
  const { rows } = await client.query<{ version: number; sha256: string }>(
    `select version, sha256 from tlog.entries where item_id = $1 and type = $2 order by idx desc limit 1`,
    [id, type],
  );
  return rows[0] ?? null;
}

type OutboxEvent =
  | { source: "notices"; e: NoticeOutboxEvent }
  | { source: "documents"; e: DocumentsChange }
  | { source: "reports"; e: ReportsChange }
  | { source: "inspections"; e: InspectionsChange };

/** A source's events after its cursor; a source that does not answer is a dependency down (503). */
async function eventsOf(caller: Caller, source: LogSource, after: string): Promise<OutboxEvent[]> {
  const params = { after, limit: BATCH };
  try {
    if (source === "notices") return (await call(caller, notices.eventsSince, params)).map((e) => ({ source, e }));
    if (source === "reports") return (await call(caller, reports.eventsSince, params)).map((e) => ({ source, e }));
    if (source === "inspections") {
      return (await call(caller, inspections.eventsSince, params)).map((e) => ({ source, e }));
    }
    return (await call(caller, documents.eventsSince, params)).map((e) => ({ source, e }));
  } catch (err) {
    throw new DependencyUnavailableError(`The ${source} service`, err);
  }
}

/** The entry an event adds; null when it changed nothing public (a draft, a consultation, the same view again). */
async function entryOf(client: pg.PoolClient, ev: OutboxEvent): Promise<LogEntry | null> {
  if (ev.source === "notices") {
    const { e } = ev;
    const type = NOTICE_TYPES[e.type];
    if (!type) return null;
    const n = e.notice;
    return { type, id: n.id, version: n.version, sha256: n.sha256, bodyId: n.bodyId, at: e.at, seq: Number(e.seq) };
  }
  if (ev.source === "reports") return reportEntryOf(client, ev.e);
  if (ev.source === "inspections") return planEntryOf(client, ev.e);
  const { e } = ev;
  // Consultations are not logged; a draft has no public view.
  if (e.entity !== "document" || !e.view) return null;
  const sha256 = sha256Hex(canonicalJson(e.view as unknown as Json));
  const last = await lastEntryOf(client, e.id, "document");
  if (last?.sha256 === sha256) return null;
  return {
    type: "document",
    id: e.id,
    version: (last?.version ?? 0) + 1,
    sha256,
    bodyId: e.view.bodyId,
    at: e.view.updatedAt,
    seq: Number(e.seq),
  };
}

/** A published annual report: the SHA-256 of its signed PDF (of its public view while it has none). */
async function reportEntryOf(client: pg.PoolClient, e: ReportsChange): Promise<LogEntry | null> {
  if (!e.view) return null;
  const sha256 = e.view.sha256 ?? sha256Hex(canonicalJson(e.view as unknown as Json));
  const last = await lastEntryOf(client, e.id, "report");
  if (last?.sha256 === sha256) return null;
  return {
    type: "report",
    id: e.id,
    version: (last?.version ?? 0) + 1,
    sha256,
    bodyId: e.view.bodyId,
    at: e.view.publishedAt,
    seq: Number(e.seq),
  };
}

/**
 * A random-inspection plan's public state: logged when published (its commitment, pool hash and
 * roster, before anyone can know the seed), drawn (seed and selection) or superseded. The log's
 * timestamped, witnessed checkpoints prove the commitment was public before the draw.
 */
async function planEntryOf(client: pg.PoolClient, e: InspectionsChange): Promise<LogEntry | null> {
  const sha256 = sha256Hex(canonicalJson(e.view as unknown as Json));
  const last = await lastEntryOf(client, e.id, "inspection-plan");
  if (last?.sha256 === sha256) return null;
  return {
    type: "inspection-plan",
    id: e.id,
    version: (last?.version ?? 0) + 1,
    sha256,
    bodyId: e.view.bodyId,
    at: e.view.updatedAt,
    seq: Number(e.seq),
  };
}

/** Stores the subtree hashes at tile levels that entries [oldSize, newSize) complete. */
export async function completeHashes(client: pg.PoolClient, oldSize: number, newSize: number): Promise<void> {
  for (let level = TILE_HEIGHT; TILE_WIDTH ** (level / TILE_HEIGHT) <= newSize; level += TILE_HEIGHT) {
    const span = TILE_WIDTH ** (level / TILE_HEIGHT);
    for (let k = Math.floor(oldSize / span); k < Math.floor(newSize / span); k++) {
      const below = await storedHashes(client, level - TILE_HEIGHT, k * TILE_WIDTH, (k + 1) * TILE_WIDTH);
      const hash = arrayReader(below).perfect(TILE_HEIGHT, 0);
      await client.query(`insert into tlog.hashes (level, idx, hash) values ($1, $2, $3)`, [level, k, hash]);
    }
  }
}

/** Appends the next batch of a source's outbox inside the caller's transaction; answers the events read and entries added. */
export async function appendBatch(
  deps: Pick<TlogDeps, "caller">,
  client: pg.PoolClient,
  source: LogSource,
): Promise<{ read: number; appended: number }> {
  await client.query(`select pg_advisory_xact_lock(hashtext('tlog.append'))`);
  // Creates the cursor if need be and reads it, in one statement.
  const { rows } = await client.query<{ seq: string }>(
    `insert into tlog.cursors (source, seq) values ($1, 0)
     on conflict (source) do update set seq = tlog.cursors.seq returning seq`,
    [source],
  );
  const oldSize = await treeSize(client);
  const events = await eventsOf(deps.caller, source, rows[0]?.seq ?? "0");
  let size = oldSize;
  for (const ev of events) {
    const entry = await entryOf(client, ev);
    if (!entry) continue;
    const bytes = entryBytes(entry);
    await client.query(
      `insert into tlog.entries (idx, entry, leaf_hash, type, item_id, version, sha256, source, source_seq)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [size, bytes, leafHash(bytes), entry.type, entry.id, entry.version, entry.sha256, source, ev.e.seq],
    );
    size++;
  }
  const lastSeq = events.at(-1)?.e.seq;
  if (lastSeq) await client.query(`update tlog.cursors set seq = $2 where source = $1`, [source, lastSeq]);
  await completeHashes(client, oldSize, size);
  return { read: events.length, appended: size - oldSize };
}
