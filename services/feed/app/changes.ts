/**
 * The feed's change stream: what a subscriber may follow, one row per change, written in the
 * transaction that applies the outbox event (so a change is recorded exactly when the read model
 * shows it, once) and read in sequence order by the subscriptions service. Rows are appended under
 * a transaction-scoped lock: pulls of different sources run at once, and a reader of "after N" must
 * never skip a row that commits after a higher one.
 */
import type pg from "pg";
import { publicNoticeView } from "../../../shared/tombstone.js";
import type { ChangeType, FeedChange } from "../../../shared/subscriptions.js";
import type { DocumentsEventIn, NoticeEventIn, ReportsEventIn, Source } from "../read-model.js";
import { normalizeText, noticeSearchParts, searchTextOf } from "../search-text.js";

/** A change as written: the stream gives it its sequence number and time. */
type ChangeRow = Omit<FeedChange, "seq" | "at">;

const NOTICE_TYPES: Record<string, ChangeType> = {
  published: "notice.published",
  withdrawn: "notice.withdrawn",
  corrected: "notice.corrected",
  expired: "notice.expired",
};

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function noticeChange(e: NoticeEventIn): ChangeRow | null {
  const type = NOTICE_TYPES[e.type];
  if (!type) return null;
  const n = publicNoticeView(e.notice);
  const party = (n.record as { party?: { creditCode?: unknown } }).party;
  return {
    type,
    recordId: n.id,
    bodyId: n.bodyId,
    kind: n.kind,
    partyCode: typeof party?.creditCode === "string" ? party.creditCode : null,
    searchText: searchTextOf(noticeSearchParts(n)),
    data: n,
  };
}

/** Whether the read model already holds the record: a document or report seen before is not "published" again. */
async function exists(db: pg.PoolClient, table: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`select 1 from ${table} where id = $1`, [id]);
  return (rowCount ?? 0) > 0;
}

async function documentsChange(db: pg.PoolClient, e: DocumentsEventIn): Promise<ChangeRow | null> {
  const v = e.view;
  if (!v || e.entity === "guide") return null;
  const table = e.entity === "document" ? "feed.documents" : "feed.consultations";
  if (await exists(db, table, e.id)) return null;
  const text = [v.title, v.docNumber, v.text].map((s) => normalizeText(str(s))).join(" ");
  return {
    type: e.entity === "document" ? "document.published" : "consultation.opened",
    recordId: e.id,
    bodyId: str(v.bodyId) || null,
    kind: null,
    partyCode: null,
    searchText: text,
    data: v,
  };
}

async function reportChange(db: pg.PoolClient, e: ReportsEventIn): Promise<ChangeRow | null> {
  if (!e.view || (await exists(db, "feed.reports", e.id))) return null;
  return {
    type: "report.published",
    recordId: e.id,
    bodyId: e.view.bodyId,
    kind: null,
    partyCode: null,
    searchText: normalizeText(e.view.title),
    data: e.view,
  };
}

/**
 * The change an event makes, if a subscriber may follow it; read before the event is applied
 * (whether a record is new is decided by the read model as it was).
 */
export async function changeOf(db: pg.PoolClient, source: Source, e: unknown): Promise<ChangeRow | null> {
  if (source === "notices") {
    const change = noticeChange(e as NoticeEventIn);
    // A notice taken down no longer shows its party; its changes are still the party's to follow.
    if (change && change.partyCode === null) {
      // Read before the event is applied: the row still holds the record as it was published.
      const { rows } = await db.query<{ party_code: string | null }>(
        `select record -> 'party' ->> 'creditCode' as party_code from feed.notices where id = $1`,
        [change.recordId],
      );
      change.partyCode = rows[0]?.party_code ?? null;
    }
    return change;
  }
  if (source === "documents") return documentsChange(db, e as DocumentsEventIn);
  if (source === "reports") return reportChange(db, e as ReportsEventIn);
  return null;
}

export async function appendChanges(db: pg.PoolClient, rows: ChangeRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(`select pg_advisory_xact_lock(hashtext('feed.changes'))`);
  await db.query(
    `insert into feed.changes (type, record_id, body_id, kind, party_code, search_text, data)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])`,
    [
      rows.map((r) => r.type),
      rows.map((r) => r.recordId),
      rows.map((r) => r.bodyId),
      rows.map((r) => r.kind),
      rows.map((r) => r.partyCode),
      rows.map((r) => r.searchText),
      rows.map((r) => JSON.stringify(r.data)),
    ],
  );
}

/** The changes after `after`, oldest first. */
export async function changesSince(db: pg.Pool, after: string, limit: number): Promise<FeedChange[]> {
  const { rows } = await db.query<{
    seq: string;
    at: Date;
    type: ChangeType;
    record_id: string;
    body_id: string | null;
    kind: string | null;
    party_code: string | null;
    search_text: string;
    data: object;
  }>(`select * from feed.changes where seq > $1 order by seq limit $2`, [after, limit]);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    type: r.type,
    recordId: r.record_id,
    bodyId: r.body_id,
    kind: r.kind,
    partyCode: r.party_code,
    searchText: r.search_text,
    data: r.data,
  }));
}

/** How long the change stream keeps a change: its followers read it within seconds, or after an outage of up to this. */
export const CHANGES_KEPT_DAYS = 30;

/** Drops changes older than CHANGES_KEPT_DAYS (the feed's timer, at most once an hour). */
export async function pruneChanges(db: pg.Pool, now = new Date()): Promise<number> {
  const { rowCount } = await db.query(`delete from feed.changes where at < $1`, [
    new Date(now.getTime() - CHANGES_KEPT_DAYS * 86_400_000),
  ]);
  return rowCount ?? 0;
}
