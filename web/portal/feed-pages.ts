/**
 * The portal's notice, search and body pages drawn from what the feed gathers for each in one call
 * (`feed.noticePage`, `feed.searchPage`, `feed.bodyPage`; services/feed/app/pages.ts). The routes
 * and the benchmark's baseline draw them here, so both render the same page from the same data.
 */
import type { PublicPlan } from "../../services/inspections/contract.js";
import { bodyPlansSection } from "./inspection-plans.js";
import type { BodyPageData, NoticePageData, SearchPageData } from "../../services/feed/contract.js";
import type { FeedbackStats } from "../../services/feedback/contract.js";
import type { RequestStats } from "../../services/requests/contract.js";
import { PORTAL_PAGE_SIZE } from "../../shared/paging.js";
import { isTakenDown } from "../../shared/tombstone.js";
import { bodyPage } from "./body.js";
import { feedbackSection } from "./feedback.js";
import { noticePage } from "./notice.js";
import { type PageState } from "./pager.js";
import { qrSvg } from "./qr.js";
import { bodyReportsSection } from "./reports.js";
import { requestStatsSection } from "./request-tracking.js";
import { searchPage } from "./search.js";

export async function drawNoticePage(baseUrl: string, { notice, replies }: NoticePageData): Promise<string> {
  return noticePage({
    baseUrl,
    notice,
    fields: notice.fields,
    sections: notice.sections,
    qrSvg: await qrSvg(notice.verifyUrl),
    // Replies and the feedback form only for a notice in force: a notice taken down (撤下)
    // keeps its tombstone alone, and the replies about it are taken down with it.
    feedback: isTakenDown(String(notice.status))
      ? undefined
      : feedbackSection({ target: { type: "notice", id: notice.id }, replies }),
  });
}

export function drawSearchPage(
  baseUrl: string,
  query: Record<string, string>,
  state: PageState,
  { result, bodies, documents }: SearchPageData,
): string {
  return searchPage({
    baseUrl,
    query,
    items: result.items,
    nextCursor: result.nextCursor,
    facets: result.facets,
    total: result.total,
    totalCapped: result.totalCapped,
    state,
    pageSize: PORTAL_PAGE_SIZE,
    bodies,
    ...(documents ? { documents } : {}),
  });
}

/** `stats` and `requestStats` come from the feedback and requests services: a courtesy, left out when away. */
export function drawBodyPage(
  baseUrl: string,
  data: BodyPageData,
  stats: FeedbackStats | undefined,
  requestStats: RequestStats | undefined,
  plans?: readonly PublicPlan[],
): string {
  const { body, officers, powers, inspections, notices, replies, reports } = data;
  return bodyPage({
    baseUrl,
    body,
    officers: { items: officers.items, total: officers.total },
    powers: { items: powers.items, total: powers.total },
    inspections: { items: inspections.items, total: inspections.total },
    notices: notices.items,
    feedback: feedbackSection({ target: { type: "body", id: body.id }, replies, stats }),
    requests: requestStatsSection(requestStats, body.id),
    reports: bodyReportsSection(body.id, reports),
    plans: bodyPlansSection(plans),
  });
}
