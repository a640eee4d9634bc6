/**
 * The public reads of notices from the read model: the list (by date or relevance, with facets),
 * one notice with its fields or its tombstone, the Atom feed and the 双公示 CSV. Every output
 * takes the same filters (noticeQuery).
 */
import { Readable } from "node:stream";
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { DEFAULT_LIMIT } from "../../../shared/paging.js";
import { fieldsOf, sectionsOf, type PublicRecord } from "../../../shared/public-record.js";
import { isTakenDown, tombstoneFields } from "../../../shared/tombstone.js";
import { atomDocument, feedUrl, WEBSUB_PATH } from "../../../shared/atom.js";
import {
  NOTICE_STATUSES,
  type AtomParams,
  type NoticeCsvParams,
  type NoticeDetail,
  type NoticeListParams,
  type NoticePage,
  type PublicNotice,
} from "../contract.js";
import { csvHeader, csvRow } from "../csv.js";
import {
  COLUMNS,
  noticeFacets as facetsOf,
  searchNotices as search,
  type NoticeQuery,
  type NoticeRow,
  type Queryable,
} from "../search.js";
import { countNotices } from "../search-count.js";
import { BATCH } from "./ingest.js";

export interface NoticeReadDeps {
  db: Queryable;
  /** Links to the portal and the PDFs start here. */
  publicBaseUrl: string;
}

/** The search module rejects a cursor or query it cannot use with a RangeError: that is bad input (422). */
function asInputError<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      if (err instanceof RangeError) {
        throw /cursor/i.test(err.message)
          ? fieldProblem("cursor", "BAD_CURSOR", err.message)
          : fieldProblem("q", "BAD_QUERY", err.message);
      }
      throw err;
    }
  };
}
const searchNotices = asInputError((db: Queryable, q: NoticeQuery) => search(db, q));
const noticeFacets = asInputError((db: Queryable, q: NoticeQuery) => facetsOf(db, q));
const noticeTotal = asInputError((db: Queryable, q: NoticeQuery) => countNotices(db, q));

const STATUS_LABELS: Record<string, string> = {
  published: "已公示",
  withdrawn: "已撤下",
  corrected: "已更正",
  expired: "已过期",
};

function isoDate(value: string | Date): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

/** The search query of a list's filters: published only unless asked, the page size given or the default. */
export function noticeQuery(p: NoticeListParams, limit?: number): NoticeQuery {
  const statuses = !p.status ? ["published"] : p.status === "all" ? NOTICE_STATUSES : p.status.split(",");
  if (p.from && p.to && p.from > p.to) throw fieldProblem("to", "RANGE_REVERSED", "the range ends before it starts");
  return {
    q: p.q,
    bodyId: p.bodyId,
    kind: p.kind,
    statuses: [...new Set(statuses)],
    from: p.from,
    to: p.to,
    sort: p.sort ?? "date",
    limit: limit ?? p.limit ?? DEFAULT_LIMIT,
    cursor: p.cursor,
  };
}

export function noticeView(r: NoticeRow | Omit<NoticeRow, "record">, publicBaseUrl: string): PublicNotice {
  const down = isTakenDown(r.status);
  return {
    id: r.id,
    resultId: r.result_id,
    version: r.version,
    bodyId: r.body_id,
    bodyName: r.body_name,
    kind: r.kind,
    title: r.title,
    decisionNo: r.decision_no,
    decidedOn: isoDate(r.decided_on),
    partyName: down ? null : r.party_name,
    ...("record" in r ? { record: r.record } : {}),
    status: r.status,
    reason: r.reason,
    statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at).toISOString() : null,
    predecessorId: r.predecessor_id,
    successorId: r.successor_id,
    verifyCode: r.verify_code,
    sha256: r.sha256,
    publishedAt: new Date(r.published_at).toISOString(),
    expiresOn: isoDate(r.expires_on),
    pdfUrl: down ? null : `${publicBaseUrl}/api/public/notices/${r.id}/pdf`,
    verifyUrl: `${publicBaseUrl}/verify/${r.verify_code}`,
    ...(down ? { takenDown: true as const } : {}),
  };
}

export async function listNotices(deps: NoticeReadDeps, p: NoticeListParams): Promise<NoticePage> {
  const query = noticeQuery(p);
  const [page, facets, total] = await Promise.all([
    searchNotices(deps.db, query),
    p.facets ? noticeFacets(deps.db, query) : undefined,
    p.count ? noticeTotal(deps.db, query) : undefined,
  ]);
  return {
    // A list carries each notice's summary; its whole public record is on the notice itself.
    items: page.items.map(({ record: _record, ...r }) => noticeView(r, deps.publicBaseUrl)),
    nextCursor: page.nextCursor,
    ...(facets ? { facets } : {}),
    ...(total ? { total: total.total, totalCapped: total.capped } : {}),
  };
}

export async function getNotice(deps: NoticeReadDeps, id: string): Promise<NoticeDetail> {
  const { rows } = await deps.db.query<NoticeRow>(`select ${COLUMNS} from feed.notices where id = $1`, [id]);
  const r = rows[0];
  if (!r) throw new NotFoundError("Notice", id);
  return noticeDetail(r, deps.publicBaseUrl);
}

/** A notice as the API answers it alone: its public fields and sections, or its tombstone. */
export function noticeDetail(r: NoticeRow, publicBaseUrl: string): NoticeDetail {
  const view = noticeView(r, publicBaseUrl);
  // A notice taken down shows its tombstone: who decided what, when, and why it came down.
  if (isTakenDown(r.status)) {
    const fields = tombstoneFields({
      bodyName: r.body_name,
      kind: r.kind,
      decisionNo: r.decision_no,
      decidedOn: isoDate(r.decided_on),
      publishedAt: new Date(r.published_at).toISOString(),
      status: r.status,
      statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at).toISOString() : null,
      expiresOn: isoDate(r.expires_on),
      reason: r.reason,
    });
    return { ...view, fields, sections: [] };
  }
  const record = r.record as unknown as PublicRecord;
  return { ...view, fields: fieldsOf(record), sections: sectionsOf(record) };
}

/** The Atom document of the notices under these filters (50 entries unless `limit` says otherwise). */
export async function noticeAtom(deps: NoticeReadDeps, p: AtomParams): Promise<string> {
  const page = await searchNotices(deps.db, noticeQuery(p, p.limit ?? 50));
  const base = deps.publicBaseUrl;
  const selfUrl = feedUrl(base, "/api/public/feed.atom", p);
  return atomDocument({
    id: selfUrl,
    title: "行政执法公示",
    subtitle: "行政执法决定公示（事后公开）",
    self: selfUrl,
    hub: `${base}${WEBSUB_PATH}`,
    site: `${base}/`,
    language: "zh-CN",
    rights: "依法公开的政府信息",
    generator: "执法公示",
    entries: page.items.map((r) => ({
      id: `urn:uuid:${r.id}`,
      title: `${r.title}（${r.body_name}）`,
      link: `${base}/notices/${r.id}`,
      updated: new Date(r.status_changed_at ?? r.published_at),
      published: new Date(r.published_at),
      summary: `${r.kind} · ${r.decision_no} · ${STATUS_LABELS[r.status] ?? r.status}${r.reason ? `：${r.reason}` : ""}`,
      content: (r.record as unknown as PublicRecord).conclusion,
      author: r.body_name,
      category: r.kind,
    })),
  });
}

/** The penalty decisions under these filters as CSV lines, read page by page while the stream is consumed. */
export function noticeCsv(deps: NoticeReadDeps, p: NoticeCsvParams): Readable {
  const query = { ...noticeQuery({ ...p, kind: "行政处罚" }, BATCH), sort: "date" as const };
  async function* lines() {
    yield "\uFEFF" + csvHeader(p.header ?? "name");
    let cursor: string | undefined;
    do {
      const page = await searchNotices(deps.db, { ...query, cursor });
      for (const r of page.items) yield csvRow(r);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return Readable.from(lines());
}
