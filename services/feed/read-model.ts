/**
 * Applying outbox events to the read model. Each event carries the record's public view as it is
 * now, so applying an event twice, or an older one after a newer one, converges on the same rows:
 * an upsert never replaces a row written from a later sequence number of the same source.
 */
import type pg from "pg";
import { chinaToday } from "../../shared/dates.js";
import { publicNoticeView } from "../../shared/tombstone.js";
import { normalizeText, noticeSearchParts, searchTextOf } from "./search-text.js";
import type { NoticePublicView } from "../notices/contract.js";

export type Source = "duties" | "notices" | "feedback" | "documents" | "requests" | "reports" | "inspections";
export const SOURCES: Source[] = ["duties", "notices", "feedback", "documents", "requests", "reports", "inspections"];

/**
 * What the feed reads of each source's events: the part of the contracts' event types it needs
 * (older events in an outbox may lack the rest). app/ingest.ts holds the contracts to these shapes.
 */
export interface DutiesEventIn {
  seq: string;
  entity: "body" | "officer" | "power" | "inspection";
  id: string;
  /** The record's public view as its service published it; stored whole, indexed by a few fields. */
  view: object | null;
}

/** A notice as the feed stores it: the notices service's public view without its links (made per request). */
export type NoticeView = Omit<NoticePublicView, "pdfUrl" | "verifyUrl" | "takenDown">;

export interface NoticeEventIn {
  seq: string;
  type: string;
  notice: NoticeView;
}

type Client = pg.PoolClient;

/** Each 事前公开 record's table and its indexed columns, taken from the view (column → view key). */
const DUTIES_TABLES = {
  body: { table: "feed.bodies", columns: { name: "name", credit_code: "creditCode", region: "region" } },
  officer: {
    table: "feed.officers",
    columns: { body_id: "bodyId", name: "name", certificate_no: "certificateNo", status: "status" },
  },
  power: { table: "feed.powers", columns: { body_id: "bodyId", code: "code", name: "name", category: "category" } },
  inspection: {
    table: "feed.inspections",
    columns: { body_id: "bodyId", project: "project", sub_item: "subItem", content: "content" },
  },
} as const;

export async function applyDutiesEvent(db: Client, e: DutiesEventIn): Promise<void> {
  const v = e.view as Record<string, unknown> | null;
  if (!v) {
    await db.query(`delete from ${DUTIES_TABLES[e.entity].table} where id = $1 and seq <= $2`, [e.id, e.seq]);
    return;
  }
  const { table, columns } = DUTIES_TABLES[e.entity];
  const names = ["id", ...Object.keys(columns), "view", "seq"];
  const values = [
    e.id,
    ...Object.values(columns).map((key) => (v[key] === undefined || v[key] === null ? null : String(v[key]))),
    v,
    e.seq,
  ];
  const updates = names.slice(1).map((c) => `${c} = excluded.${c}`);
  await db.query(
    `insert into ${table} (${names.join(", ")}) values (${names.map((_, i) => `$${i + 1}`).join(", ")})
     on conflict (id) do update set ${updates.join(", ")}
     where ${table}.seq <= excluded.seq`,
    values,
  );
}

export async function applyNoticeEvent(db: Client, e: NoticeEventIn): Promise<void> {
  // A notice taken down is kept as its tombstone only, whoever sent the event.
  const n = publicNoticeView(e.notice);
  await db.query(
    `insert into feed.notices (id, result_id, version, body_id, body_name, kind, status, title, decision_no,
       decided_on, published_at, published_on, expires_on, status_changed_at, reason, predecessor_id, successor_id,
       party_name, verify_code, sha256, record, search_text, seq)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
     on conflict (id) do update set status = excluded.status, status_changed_at = excluded.status_changed_at,
       title = excluded.title, party_name = excluded.party_name,
       reason = excluded.reason, successor_id = excluded.successor_id, expires_on = excluded.expires_on,
       record = excluded.record, search_text = excluded.search_text, seq = excluded.seq
     where feed.notices.seq <= excluded.seq`,
    [
      n.id,
      n.resultId,
      n.version,
      n.bodyId,
      n.bodyName,
      n.kind,
      n.status,
      n.title,
      n.decisionNo,
      n.decidedOn,
      n.publishedAt,
      chinaToday(new Date(n.publishedAt)),
      n.expiresOn,
      n.statusChangedAt,
      n.reason,
      n.predecessorId,
      n.successorId,
      n.partyName ?? "",
      n.verifyCode,
      n.sha256,
      n.record,
      searchTextOf(noticeSearchParts(n)),
      e.seq,
    ],
  );
}

export interface ReplyEventIn {
  seq: string;
  id: string;
  view: { targetType: string | null; targetId: string | null; bodyId: string | null; repliedAt: string | null } | null;
}

/** A public reply appears; a reply made private (or marked spam) disappears. */
export async function applyReplyEvent(db: Client, e: ReplyEventIn): Promise<void> {
  const v = e.view;
  if (!v) {
    await db.query(`delete from feed.replies where id = $1 and seq <= $2`, [e.id, e.seq]);
    return;
  }
  await db.query(
    `insert into feed.replies (id, target_type, target_id, body_id, view, replied_at, seq) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (id) do update set view = excluded.view, replied_at = excluded.replied_at, seq = excluded.seq
     where feed.replies.seq <= excluded.seq`,
    [e.id, v.targetType, v.targetId, v.bodyId, v, v.repliedAt, e.seq],
  );
}

/** What the feed reads of the documents service's events (services/documents/contract.ts DocumentsChange). */
export interface DocumentsEventIn {
  seq: string;
  /** A guide's id is its body's id. */
  entity: "document" | "consultation" | "guide";
  id: string;
  view: Record<string, unknown> | null;
}

const firstEventOn = (view: Record<string, unknown>, kind: string): string | null => {
  const events = Array.isArray(view.events) ? (view.events as { kind: string; on: string }[]) : [];
  return events.find((e) => e.kind === kind)?.on ?? null;
};

/** Words a document is found by: its title, 文号, 登记号, text and 解读. */
function documentSearchText(v: Record<string, unknown>): string {
  const interpretations = Array.isArray(v.interpretations) ? (v.interpretations as { text?: string }[]) : [];
  return [v.title, v.docNumber, v.registrationNo, v.text, ...interpretations.map((i) => i.text)]
    .map((s) => normalizeText(typeof s === "string" ? s : ""))
    .join(" ");
}

const DOCUMENTS_TABLES = {
  document: { table: "feed.documents", key: "id" },
  consultation: { table: "feed.consultations", key: "id" },
  guide: { table: "feed.guides", key: "body_id" },
} as const;

/** A body's 政府信息公开指南: its current version. */
async function applyGuide(db: Client, e: DocumentsEventIn, v: Record<string, unknown>): Promise<void> {
  await db.query(
    `insert into feed.guides (body_id, version, text, updated_at, view, seq) values ($1, $2, $3, $4, $5, $6)
     on conflict (body_id) do update set version = excluded.version, text = excluded.text,
       updated_at = excluded.updated_at, view = excluded.view, seq = excluded.seq
     where feed.guides.seq <= excluded.seq`,
    [e.id, v.version, v.text, v.updatedAt, v, e.seq],
  );
}

/** A published document, a consultation or a guide appears or changes; a record no longer public disappears. */
export async function applyDocumentsEvent(db: Client, e: DocumentsEventIn): Promise<void> {
  const { table, key } = DOCUMENTS_TABLES[e.entity];
  const v = e.view;
  if (!v) {
    await db.query(`delete from ${table} where ${key} = $1 and seq <= $2`, [e.id, e.seq]);
    return;
  }
  if (e.entity === "guide") {
    await applyGuide(db, e, v);
    return;
  }
  if (e.entity === "document") {
    await db.query(
      `insert into feed.documents (id, body_id, title, doc_number, registration_no, published_on, published_at,
         valid_until, repealed_on, amended_on, updated_at, search_text, view, seq, disclosure_rule, category)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       on conflict (id) do update set title = excluded.title, valid_until = excluded.valid_until,
         repealed_on = excluded.repealed_on, amended_on = excluded.amended_on, updated_at = excluded.updated_at,
         search_text = excluded.search_text, view = excluded.view, seq = excluded.seq,
         disclosure_rule = excluded.disclosure_rule, category = excluded.category
       where feed.documents.seq <= excluded.seq`,
      [
        e.id,
        v.bodyId,
        v.title,
        v.docNumber,
        v.registrationNo,
        v.publishedOn,
        v.publishedAt,
        v.validUntil,
        firstEventOn(v, "repealed"),
        firstEventOn(v, "amended"),
        v.updatedAt,
        documentSearchText(v),
        v,
        e.seq,
        v.disclosureRule === true,
        typeof v.category === "string" ? v.category : null,
      ],
    );
    return;
  }
  await db.query(
    `insert into feed.consultations (id, body_id, title, kind, opens_on, closes_on, updated_at, view, seq)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (id) do update set title = excluded.title, closes_on = excluded.closes_on,
       updated_at = excluded.updated_at, view = excluded.view, seq = excluded.seq
     where feed.consultations.seq <= excluded.seq`,
    [e.id, v.bodyId, v.title, v.kind, v.opensOn, v.closesOn, v.updatedAt, v, e.seq],
  );
}

/** What the feed reads of the requests service's events (RequestChange): statistics, never identity. */
export interface RequestsEventIn {
  seq: string;
  id: string;
  view: {
    bodyId: string;
    applicantKind: string;
    channel: string;
    status: string;
    receivedOn: string | null;
    dueBy: string | null;
    outcome: { type: string; on: string; late: boolean } | null;
    workingDaysUsed: number | null;
  };
}

export async function applyRequestEvent(db: Client, e: RequestsEventIn): Promise<void> {
  const v = e.view;
  await db.query(
    `insert into feed.requests (id, body_id, applicant_kind, channel, status, received_on, due_by, outcome_type,
       outcome_on, late, working_days_used, seq)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (id) do update set status = excluded.status, received_on = excluded.received_on,
       due_by = excluded.due_by, outcome_type = excluded.outcome_type, outcome_on = excluded.outcome_on,
       late = excluded.late, working_days_used = excluded.working_days_used, seq = excluded.seq
     where feed.requests.seq <= excluded.seq`,
    [
      e.id,
      v.bodyId,
      v.applicantKind,
      v.channel,
      v.status,
      v.receivedOn,
      v.dueBy,
      v.outcome?.type ?? null,
      v.outcome?.on ?? null,
      v.outcome?.late ?? false,
      v.workingDaysUsed,
      e.seq,
    ],
  );
}

/** A published annual report: its public view (no personal data: counts, amounts, the officer's text). */
export interface ReportsEventIn {
  seq: string;
  id: string;
  view: { bodyId: string; kind: string; year: number; title: string; publishedAt: string } | null;
}

export async function applyReportEvent(db: Client, e: ReportsEventIn): Promise<void> {
  const v = e.view;
  if (!v) {
    await db.query(`delete from feed.reports where id = $1 and seq <= $2`, [e.id, e.seq]);
    return;
  }
  await db.query(
    `insert into feed.reports (id, body_id, kind, year, title, published_at, view, seq)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (id) do update set title = excluded.title, published_at = excluded.published_at,
       view = excluded.view, seq = excluded.seq
     where feed.reports.seq <= excluded.seq`,
    [e.id, v.bodyId, v.kind, v.year, v.title, v.publishedAt, v, e.seq],
  );
}

/** A random-inspection plan's public view as it was when it changed (services/inspections). */
export interface InspectionsEventIn {
  seq: string;
  id: string;
  view: {
    bodyId: string;
    title: string;
    status: string;
    publishedAt: string;
    updatedAt: string;
    drawnAt: string | null;
    selected:
      | { rank: number; creditCode: string; name: string; result?: { outcome: string; inspectedOn: string } | null }[]
      | null;
  };
}

/** The plan, and the entities it drew (a plan superseded or not yet drawn lists none) with their results. */
export async function applyInspectionEvent(db: Client, e: InspectionsEventIn): Promise<void> {
  const v = e.view;
  const { rowCount } = await db.query(
    `insert into feed.inspection_plans (id, body_id, status, title, published_at, updated_at, view, seq)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (id) do update set status = excluded.status, title = excluded.title, updated_at = excluded.updated_at,
       view = excluded.view, seq = excluded.seq
     where feed.inspection_plans.seq <= excluded.seq`,
    [e.id, v.bodyId, v.status, v.title, v.publishedAt, v.updatedAt, v, e.seq],
  );
  if (!rowCount) return;
  await db.query(`delete from feed.inspection_entities where plan_id = $1`, [e.id]);
  const drawn = v.status === "drawn" && v.drawnAt ? (v.selected ?? []) : [];
  if (!drawn.length) return;
  await db.query(
    `insert into feed.inspection_entities (plan_id, rank, credit_code, name, body_id, drawn_at, outcome, inspected_on,
       search_text)
     select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::date[],
       $9::text[])`,
    [
      e.id,
      drawn.map((s) => s.rank),
      drawn.map((s) => s.creditCode),
      drawn.map((s) => s.name),
      drawn.map(() => v.bodyId),
      drawn.map(() => v.drawnAt),
      drawn.map((s) => s.result?.outcome ?? null),
      drawn.map((s) => s.result?.inspectedOn ?? null),
      drawn.map((s) => [s.name, s.creditCode, v.title].map(normalizeText).join(" ")),
    ],
  );
}

/** Any event the feed applies, from whichever source. */
export type EventIn =
  | DutiesEventIn
  | NoticeEventIn
  | ReplyEventIn
  | DocumentsEventIn
  | RequestsEventIn
  | ReportsEventIn
  | InspectionsEventIn;
