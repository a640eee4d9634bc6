/**
 * The public reads of 规范性文件 and consultations from the read model. A document's status is
 * computed on the day of the read (有效, 失效 the day after its last valid day, 废止, 已修改), with its
 * dated history and the banner over a text that no longer binds; a consultation shows whether it
 * is open and the days left, open ones first. Lists search the title, 文号, 登记号, text and 解读.
 */
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { WorkingCalendar } from "../../../shared/calendar.js";
import { chinaToday } from "../../../shared/dates.js";
import {
  DOCUMENT_STATUS_LABELS,
  DOCUMENT_STATUSES,
  daysLeft,
  documentStatus,
  documentStatusHistory,
  statusBanner,
  windowPhase,
  type DocumentStatusEvent,
} from "../../../shared/documents.js";
import { DEFAULT_LIMIT, decodeCursor, likePattern, toPage } from "../../../shared/paging.js";
import { atomDocument, feedUrl, WEBSUB_PATH } from "../../../shared/atom.js";
import { csvCell } from "../../../shared/csv-cell.js";
import type {
  ConsultationListParams,
  DocumentAtomParams,
  DocumentListParams,
  Page,
  PublicConsultation,
  PublicConsultationDetail,
  PublicConsultationItem,
  PublicDocument,
  PublicDocumentDetail,
  PublicDocumentItem,
} from "../contract.js";
import type { Queryable } from "../search.js";
import { normalizeText } from "../search-text.js";

export interface DocumentReadDeps {
  db: Queryable;
  publicBaseUrl: string;
  now?: () => Date;
}

/** A document's status on the day given as the parameter `day` (the rules of shared/documents/status.ts). */
const STATUS_SQL = (day: string) =>
  `case when t.repealed_on <= ${day}::date then 'repealed' when t.valid_until < ${day}::date then 'expired'
        when t.amended_on <= ${day}::date then 'amended' else 'valid' end`;

const BODY_NAME = `(select b.name from feed.bodies b where b.id = t.body_id)`;

export function todayOf(deps: DocumentReadDeps): string {
  return chinaToday(deps.now?.() ?? new Date());
}

/** The status, history and banner of a stored view on `today`. */
export function withStatus(v: PublicDocument, today: string) {
  const dates = { publishedOn: v.publishedOn, effectiveFrom: v.effectiveFrom, validUntil: v.validUntil };
  const events: DocumentStatusEvent[] = v.events.map((e) =>
    e.kind === "repealed"
      ? { kind: "repealed", on: e.on, reason: e.reason ?? "" }
      : e.kind === "amended"
        ? { kind: "amended", on: e.on, amendedBy: e.amendedBy ?? "" }
        : { kind: "reviewed", on: e.on },
  );
  // A document dated after today (published ahead of its 发布日期) is shown as of that day.
  const asOf = today < dates.publishedOn ? dates.publishedOn : today;
  const validity = documentStatus(dates, events, asOf);
  if (!validity) throw new RangeError("a stored document has no status");
  return {
    status: validity.label,
    validity,
    history: documentStatusHistory(dates, events, asOf),
    banner: statusBanner(validity),
  };
}

/** The status filter: a code (valid…) or the word the public reads (有效…). */
function statusCodeOf(status: string): string {
  return DOCUMENT_STATUSES.find((s) => s === status || DOCUMENT_STATUS_LABELS[s] === status) ?? status;
}

/** Cursors of these lists are offsets (the lists are ordered by computed values). */
function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const key = decodeCursor(cursor, (k) => /^\d{1,7}$/.test(k));
  if (key === undefined) throw fieldProblem("cursor", "BAD_CURSOR", "the cursor is not one this list issued");
  return Number(key);
}

/** Published documents, newest first, with their total; filters by body, status on today, year of publication, words. */
export async function listDocuments(
  deps: DocumentReadDeps,
  p: DocumentListParams,
): Promise<Page<PublicDocumentItem> & { total: number }> {
  const today = todayOf(deps);
  const values: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (p.bodyId) add((n) => `t.body_id = ${n}`, p.bodyId);
  if (p.status) {
    values.push(today);
    add((n) => `${STATUS_SQL(`$${values.length - 1}`)} = ${n}`, statusCodeOf(p.status));
  }
  if (p.year) add((n) => `extract(year from t.published_on) = ${n}`, p.year);
  if (p.q) add((n) => `t.search_text like ${n}`, likePattern(normalizeText(p.q)));
  const limit = p.limit ?? DEFAULT_LIMIT;
  const offset = offsetOf(p.cursor);
  const filter = where.length ? `where ${where.join(" and ")}` : "";
  const counted = deps.db.query<{ n: number }>(`select count(*)::int as n from feed.documents t ${filter}`, [
    ...values,
  ]);
  values.push(limit + 1, offset);
  const { rows } = await deps.db.query<{ view: PublicDocument; body_name: string | null }>(
    `select t.view, ${BODY_NAME} as body_name from feed.documents t
     ${filter}
     order by t.published_at desc, t.id desc limit $${values.length - 1} offset $${values.length}`,
    values,
  );
  const items = rows.map(({ view: v, body_name }) => {
    const { status, validity, banner } = withStatus(v, today);
    return {
      id: v.id,
      bodyId: v.bodyId,
      bodyName: body_name,
      title: v.title,
      docNumber: v.docNumber,
      registrationNo: v.registrationNo,
      publishedOn: v.publishedOn,
      effectiveFrom: v.effectiveFrom,
      validUntil: v.validUntil,
      status,
      validity,
      banner,
    };
  });
  return { ...pageOf(items, offset, limit), total: (await counted).rows[0]?.n ?? 0 };
}

function pageOf<T>(items: T[], offset: number, limit: number): Page<T> {
  const numbered = toPage(
    items.map((item, i) => ({ item, n: offset + i + 1 })),
    limit,
    (x) => String(x.n),
  );
  return { items: numbered.items.map((x) => x.item), nextCursor: numbered.nextCursor };
}

export async function getDocument(deps: DocumentReadDeps, id: string): Promise<PublicDocumentDetail> {
  const { rows } = await deps.db.query<{ view: PublicDocument; body_name: string | null }>(
    `select t.view, ${BODY_NAME} as body_name from feed.documents t where t.id = $1`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError("Document", id);
  const { view, body_name } = rows[0];
  // The handbook's `interpretation`: the 解读 published with it (or the first one), beside the list.
  const interpretation =
    view.interpretations.find((i) => i.timing === "simultaneous") ?? view.interpretations[0] ?? null;
  // A view published before documents had a filing is a 规范性文件 under (一).
  const filing = { disclosureRule: view.disclosureRule ?? false, category: view.category ?? null };
  return { ...view, ...filing, bodyName: body_name, interpretation, ...withStatus(view, todayOf(deps)) };
}

/** The Atom feed of published documents (same filters as the list), a status change updating its entry. */
export async function documentAtom(deps: DocumentReadDeps, p: DocumentAtomParams): Promise<string> {
  const list = await listDocuments(deps, { ...p, limit: p.limit ?? 50 });
  const { rows } = await deps.db.query<{ id: string; updated_at: Date; published_at: Date }>(
    `select id, updated_at, published_at from feed.documents where id = any($1::text[])`,
    [list.items.map((d) => d.id)],
  );
  const times = new Map(rows.map((r) => [r.id, r]));
  const base = deps.publicBaseUrl;
  const self = feedUrl(base, "/api/public/documents.atom", p);
  return atomDocument({
    id: self,
    title: "行政规范性文件",
    subtitle: "行政规范性文件及其政策解读（统一登记、统一编号、统一发布）",
    self,
    hub: `${base}${WEBSUB_PATH}`,
    site: `${base}/documents`,
    language: "zh-CN",
    rights: "依法公开的政府信息",
    generator: "执法公示",
    entries: list.items.map((d) => {
      const t = times.get(d.id);
      return {
        id: `urn:uuid:${d.id}`,
        title: `${d.title}（${d.docNumber}）`,
        link: `${base}/documents/${d.id}`,
        updated: new Date(t?.updated_at ?? d.publishedOn),
        published: new Date(t?.published_at ?? d.publishedOn),
        summary: `${d.docNumber} · 登记号 ${d.registrationNo} · ${d.status}${d.banner ? `：${d.banner}` : ""}`,
        author: d.bodyName ?? "",
        category: "规范性文件",
      };
    }),
  });
}

/** The columns of the documents register as CSV (行政规范性文件目录). */
export const DOCUMENT_CSV_COLUMNS = [
  "登记号",
  "文号",
  "标题",
  "制定机关",
  "发布日期",
  "施行日期",
  "有效期至",
  "效力状态",
  "效力说明",
  "网址",
] as const;

/** Rows fetched per query while writing the CSV. */
const CSV_BATCH = 500;

/**
 * The register under the list's filters as CSV (UTF-8 with BOM, RFC 4180, formula-safe cells), every
 * matching document newest first, the status on the day of the download.
 */
export async function documentCsv(deps: DocumentReadDeps, p: DocumentAtomParams): Promise<string> {
  const { limit: _ignored, ...filters } = p;
  const lines = ["\uFEFF" + DOCUMENT_CSV_COLUMNS.map(csvCell).join(",") + "\r\n"];
  let cursor: string | undefined;
  do {
    const batch = await listDocuments(deps, { ...filters, limit: CSV_BATCH, ...(cursor ? { cursor } : {}) });
    for (const d of batch.items) {
      const cells = [
        d.registrationNo,
        d.docNumber,
        d.title,
        d.bodyName,
        d.publishedOn,
        d.effectiveFrom,
        d.validUntil,
        d.status,
        d.banner,
        `${deps.publicBaseUrl}/documents/${d.id}`,
      ];
      lines.push(cells.map(csvCell).join(",") + "\r\n");
    }
    cursor = batch.nextCursor ?? undefined;
  } while (cursor);
  return lines.join("");
}

/** The phase and days left of a consultation at `now` (working days on the bundled official calendar). */
function windowOf(v: PublicConsultation, now: Date) {
  return { phase: windowPhase(v, now), daysLeft: daysLeft(v, now, WorkingCalendar.official()) };
}

/** Consultations: those open now first, then the newest; by body. */
export async function listConsultations(
  deps: DocumentReadDeps,
  p: ConsultationListParams,
): Promise<Page<PublicConsultationItem>> {
  const now = deps.now?.() ?? new Date();
  const today = chinaToday(now);
  const limit = p.limit ?? DEFAULT_LIMIT;
  const offset = offsetOf(p.cursor);
  const { rows } = await deps.db.query<{ view: PublicConsultation; body_name: string | null }>(
    `select t.view, ${BODY_NAME} as body_name from feed.consultations t
     where ($1::text is null or t.body_id = $1)
     order by (t.opens_on <= $2::date and t.closes_on >= $2::date) desc, t.opens_on desc, t.id desc
     limit $3 offset $4`,
    [p.bodyId ?? null, today, limit + 1, offset],
  );
  const items = rows.map(({ view: v, body_name }) => ({
    id: v.id,
    bodyId: v.bodyId,
    bodyName: body_name,
    title: v.title,
    kind: v.kind,
    kindLabel: v.kindLabel,
    opensOn: v.opensOn,
    closesOn: v.closesOn,
    adoptionReported: v.adoption !== null,
    ...windowOf(v, now),
  }));
  return pageOf(items, offset, limit);
}

export async function getConsultation(deps: DocumentReadDeps, id: string): Promise<PublicConsultationDetail> {
  const { rows } = await deps.db.query<{ view: PublicConsultation; body_name: string | null }>(
    `select t.view, ${BODY_NAME} as body_name from feed.consultations t where t.id = $1`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError("Consultation", id);
  const { view, body_name } = rows[0];
  return { ...view, bodyName: body_name, ...windowOf(view, deps.now?.() ?? new Date()) };
}
