/**
 * The portal's notice, search and body pages as one read each: what the page shows, gathered in the
 * feed's own process from its own use cases. A page then costs the gateway one call over the bus
 * instead of two (a notice), three or four (a search) or seven (a body): issue 19's profile found
 * each NATS hop — socket writes and JSON on both sides — costing more than the SQL behind it.
 * The benchmark's baseline calls the same functions in its own process.
 */
import { allPages, MAX_LIMIT, PORTAL_PAGE_SIZE } from "../../../shared/paging.js";
import { isTakenDown } from "../../../shared/tombstone.js";
import type { PublicReport } from "../../reports/contract.js";
import type {
  InspectionItemView,
  ListedPage,
  NoticeDetail,
  NoticeListParams,
  NoticePage,
  OfficerView,
  Page,
  PowerView,
  PublicBody,
  PublicDocumentItem,
  PublicFeedback,
} from "../contract.js";
import { listDocuments } from "./documents.js";
import { getNotice, listNotices, type NoticeReadDeps } from "./notices.js";
import { getBody, listBodies, listInspectionItems, listOfficers, listPowers, listReplies } from "./registers.js";
import { listReports } from "./reports.js";

/** A body page shows its ten latest notices. */
const BODY_PAGE_NOTICES = 10;
/** Replies shown under a notice or a body. */
const REPLIES_SHOWN = 50;
/** Documents shown beside the notices found by words. */
const DOCUMENTS_SHOWN = 5;

export interface NoticePageData {
  notice: NoticeDetail;
  /** Public replies about it; none for a notice taken down (its tombstone stands alone). */
  replies: PublicFeedback[];
}

/** Replies are a courtesy section: a failure to read them leaves them out, not the page. */
function repliesOf(deps: NoticeReadDeps, targetType: "notice" | "body", targetId: string): Promise<PublicFeedback[]> {
  return listReplies(deps, { targetType, targetId, limit: REPLIES_SHOWN }).then(
    (r) => r.items,
    () => [],
  );
}

export async function noticePageData(deps: NoticeReadDeps, id: string): Promise<NoticePageData> {
  const notice = await getNotice(deps, id);
  return { notice, replies: isTakenDown(String(notice.status)) ? [] : await repliesOf(deps, "notice", id) };
}

export interface SearchPageData {
  result: NoticePage;
  /** Every body's id and name, for the filter's select. */
  bodies: { id: string; name: string }[];
  /** Published documents matching the words (first page of a search by words only). */
  documents?: Page<PublicDocumentItem> & { total: number };
}

/** Every body's id and name (the search page's select of bodies), page after page of the body list. */
export async function bodyChoices(deps: NoticeReadDeps): Promise<{ id: string; name: string }[]> {
  const items = await allPages((cursor) =>
    listBodies(deps, { limit: MAX_LIMIT, counts: false, ...(cursor ? { cursor } : {}) }),
  );
  return items.map((b) => ({ id: b.id, name: b.name }));
}

/**
 * `p`: the notice filters as the reader gave them (validated by the action's schema); `choices`: the
 * bodies to choose from — the service keeps them in its read cache, as they are the same for every
 * search page.
 */
export async function searchPageData(
  deps: NoticeReadDeps,
  p: NoticeListParams,
  choices: () => Promise<{ id: string; name: string }[]> = () => bodyChoices(deps),
): Promise<SearchPageData> {
  const words = p.q && !p.cursor ? p.q : undefined;
  const [result, bodies, documents] = await Promise.all([
    listNotices(deps, { ...p, facets: true, count: true, limit: PORTAL_PAGE_SIZE }),
    choices().catch(() => []),
    words
      ? listDocuments(deps, { q: words, ...(p.bodyId ? { bodyId: p.bodyId } : {}), limit: DOCUMENTS_SHOWN }).catch(
          () => undefined,
        )
      : undefined,
  ]);
  return { result, bodies, ...(documents ? { documents } : {}) };
}

export interface BodyPageData {
  body: PublicBody;
  officers: ListedPage<OfficerView>;
  powers: ListedPage<PowerView>;
  inspections: Page<InspectionItemView> & { total: number };
  notices: NoticePage;
  replies: PublicFeedback[];
  /** Its published annual reports; left out when they cannot be read. */
  reports?: PublicReport[];
}

/** A body with the first page of each of its lists (the rest is on the directories filtered to it). */
export async function bodyPageData(deps: NoticeReadDeps, bodyId: string): Promise<BodyPageData> {
  const body = await getBody(deps, bodyId);
  const [officers, powers, inspections, notices, replies, reports] = await Promise.all([
    listOfficers(deps, { bodyId, limit: PORTAL_PAGE_SIZE }),
    listPowers(deps, { bodyId, limit: PORTAL_PAGE_SIZE }),
    listInspectionItems(deps, { bodyId, limit: PORTAL_PAGE_SIZE }),
    listNotices(deps, { bodyId, limit: BODY_PAGE_NOTICES }),
    repliesOf(deps, "body", bodyId),
    listReports(deps, { bodyId }).then(
      (r) => r.items,
      () => undefined,
    ),
  ]);
  return { body, officers, powers, inspections, notices, replies, ...(reports ? { reports } : {}) };
}
