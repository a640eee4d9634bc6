/** The notice search page (检索): the filters, the facet counts and the list of matches. */
import { POWER_CATEGORIES } from "../../shared/domain.js";
import { href, html, type HtmlValue, type QueryValue, raw, SafeHtml } from "../html/html.js";
import { CSV_PATH, FEED_PATH, layout, type PageContext } from "./layout.js";
import { labelOf, NOTICE_STATUS_LABELS, noticeList, type NoticeSummary, option, section } from "./parts.js";
import { listSummary, pagerNav, type PageState } from "./pager.js";
import { bodySelect, type BodyChoice } from "./powers.js";
import type { NoticeFilters, PublicDocumentItem } from "../../services/feed/contract.js";
import { subscribeBox } from "./subscriptions.js";

/** Orders of the notice search, as the feed service names them. */
export const SEARCH_SORTS = { date: "按时间", relevance: "按相关度" } as const;

/** The search form's query: the feed's filters, its order (date | relevance) and the page's cursor. */
export interface SearchQuery extends NoticeFilters {
  sort?: string;
  cursor?: string;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface BodyFacetCount extends FacetCount {
  name: string;
}

export interface SearchFacets {
  kind: readonly FacetCount[];
  status: readonly FacetCount[];
  body: readonly BodyFacetCount[];
  /** Counting stopped at a limit: the counts are approximate. */
  capped: boolean;
}

export interface SearchPageInput extends PageContext {
  query: SearchQuery;
  items: readonly NoticeSummary[];
  nextCursor?: string | null;
  facets?: SearchFacets;
  /** The matches' total, exact unless totalCapped (then "at least"). */
  total?: number;
  totalCapped?: boolean;
  /** The page's position and the cursors before it (pager.ts); the first page without. */
  state?: PageState;
  pageSize?: number;
  /** The bodies to filter by. */
  bodies?: readonly BodyChoice[];
  /** 规范性文件 matching the same words (first few, with their total), shown beside the notices. */
  documents?: { items: readonly PublicDocumentItem[]; total: number };
}

/** Documents matching the words: the first few, and a link to all of them in the register. */
function documentMatches(query: SearchQuery, found: NonNullable<SearchPageInput["documents"]>): HtmlValue {
  if (found.total === 0) return "";
  const all = href("/documents", { q: query.q, bodyId: query.bodyId });
  return section(
    "documents",
    "规范性文件中的匹配",
    html`<ul>
        ${found.items.map(
          (d) => html`<li><a href="/documents/${d.id}">${d.title}</a>（${d.docNumber}，${d.status}）</li>`,
        )}
      </ul>
      <p><a href="${all}">查看全部 ${found.total} 件匹配的规范性文件</a></p>`,
  );
}

/** The filters the list, Atom and CSV share; paging and order are the page's own. */
function filtersOf(query: SearchQuery): Record<string, QueryValue> {
  return {
    q: query.q,
    bodyId: query.bodyId,
    kind: query.kind,
    status: query.status,
    from: query.from,
    to: query.to,
  };
}

/** A search link with some filters changed; a new filter starts again at the first page. */
function searchHref(query: SearchQuery, change: Record<string, QueryValue> = {}): string {
  return href("/search", { ...filtersOf(query), sort: query.sort, ...change });
}

const STATUS_CHOICES: readonly [string, string][] = [...Object.entries(NOTICE_STATUS_LABELS), ["all", "全部状态"]];

function searchForm(query: SearchQuery, bodies: readonly BodyChoice[]): SafeHtml {
  const status = query.status || "published";
  const sort = query.sort || "date";
  return html`<form class="search-form" method="get" action="/search" aria-label="检索条件">
    <div class="form-grid">
      <div class="field-wide">
        <label for="search-q">关键词</label>
        <p class="hint" id="search-q-hint">标题、当事人名称、案件事实或执法结论，两个汉字即可检索。</p>
        <input
          id="search-q"
          name="q"
          type="search"
          maxlength="50"
          value="${query.q}"
          aria-describedby="search-q-hint"
        />
      </div>
      <div>
        <label for="search-kind">类别</label>
        <select id="search-kind" name="kind">
          ${option("", "全部类别", !query.kind)}${POWER_CATEGORIES.map((k) => option(k, k, query.kind === k))}
        </select>
      </div>
      <div>
        <label for="search-body">执法机关</label>
        ${bodySelect("search-body", bodies, query.bodyId)}
      </div>
      <div>
        <label for="search-status">公示状态</label>
        <select id="search-status" name="status">
          ${STATUS_CHOICES.map(([value, label]) => option(value, label, status === value))}
        </select>
      </div>
      <div>
        <label for="search-sort">排序</label>
        <select id="search-sort" name="sort">
          ${Object.entries(SEARCH_SORTS).map(([value, label]) => option(value, label, sort === value))}
        </select>
      </div>
      <div>
        <label for="search-from">公示日期（起）</label>
        <input id="search-from" name="from" type="date" value="${query.from}" />
      </div>
      <div>
        <label for="search-to">公示日期（止）</label>
        <input id="search-to" name="to" type="date" value="${query.to}" />
      </div>
    </div>
    <div class="form-actions"><button type="submit">检索</button><a href="/search">清除全部条件</a></div>
  </form>`;
}

interface FacetChoice {
  value: string;
  label: string;
  count: number;
}

function facetGroup(
  query: SearchQuery,
  heading: string,
  key: "kind" | "status" | "bodyId",
  choices: readonly FacetChoice[],
  current: string | undefined,
  capped: boolean,
): HtmlValue {
  if (choices.length === 0) return "";
  return html`<h3>${heading}</h3>
    <ul>
      ${choices.map((c) => {
        const active = c.value === current;
        // Status falls back to published, so only a filter the query names can be taken off.
        const removable = active && Boolean(query[key]);
        const count = capped ? `约 ${c.count} 条` : `${c.count} 条`;
        return html`<li>
          <a href="${searchHref(query, { [key]: c.value })}" ${active && raw(' aria-current="true"')}>${c.label}</a>
          <span class="count">（${count}）</span>${
            removable &&
            html` <a href="${searchHref(query, { [key]: undefined })}"
              >取消<span class="visually-hidden">${heading}筛选</span></a
            >`
          }
        </li>`;
      })}
    </ul>`;
}

function facetPanel(query: SearchQuery, facets: SearchFacets): SafeHtml {
  const { capped } = facets;
  return section(
    "facets",
    "分类筛选",
    html`${capped && html`<p class="hint">结果较多，以下计数为约数。</p>`}
    ${facetGroup(
      query,
      "类别",
      "kind",
      facets.kind.map((f) => ({ value: f.value, label: f.value, count: f.count })),
      query.kind,
      capped,
    )}
    ${facetGroup(
      query,
      "公示状态",
      "status",
      facets.status.map((f) => ({ value: f.value, label: labelOf(NOTICE_STATUS_LABELS, f.value), count: f.count })),
      query.status || "published",
      capped,
    )}
    ${facetGroup(
      query,
      "执法机关",
      "bodyId",
      facets.body.map((f) => ({ value: f.value, label: f.name, count: f.count })),
      query.bodyId,
      capped,
    )}`,
    "facets",
  );
}

/** The subscribe box with the search's words, body and kind (a subscription follows no status or dates). */
function searchSubscription(query: SearchQuery): SafeHtml {
  const filter = {
    ...(query.q?.trim() ? { q: query.q.trim() } : {}),
    ...(query.bodyId ? { bodyId: query.bodyId } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
  };
  const what = Object.keys(filter).length
    ? "出现符合当前关键词、执法机关和类别的新记录或变化时通知您。"
    : "平台有新的公示或公示变化时通知您。";
  return subscribeBox(filter, what);
}

export function searchPage(input: SearchPageInput): string {
  const { query, items, nextCursor, facets, baseUrl, total, totalCapped = false, bodies = [] } = input;
  const state = { ...(input.state ?? { start: 1, trail: [] }), cursor: query.cursor };
  const filters = filtersOf(query);
  const feedHref = href(FEED_PATH, filters);
  const csvHref = href(CSV_PATH, filters);
  const bodyName = query.bodyId
    ? (bodies.find((b) => b.id === query.bodyId)?.name ??
      facets?.body.find((b) => b.value === query.bodyId)?.name ??
      query.bodyId)
    : "";
  const results = html`${
      items.length
        ? html`${listSummary(total, totalCapped, state.start, items.length)} ${noticeList(items)}`
        : html`<p><strong>未找到符合条件的公示。</strong></p>
            <ul>
              <li>请检查关键词是否有误，或换用更短的关键词（两个汉字即可）。</li>
              <li>减少筛选条件，或<a href="/search">清除全部条件</a>后重新检索。</li>
              <li>已撤下、已更正、已过期的公示，请在“公示状态”中选择。</li>
            </ul>`
    }
    ${pagerNav({
      path: "/search",
      filters: { ...filtersOf(query), sort: query.sort },
      state,
      shown: items.length,
      pageSize: input.pageSize ?? 20,
      nextCursor,
    })}
    <p class="downloads">
      按当前条件：<a href="${feedHref}" type="application/atom+xml">Atom 订阅</a> ·
      <a href="${csvHref}" type="text/csv">下载 CSV（行政处罚）</a>
    </p>`;
  const body = html`<h1>检索公示</h1>
    ${searchForm(query, bodies)}
    ${
      query.bodyId &&
      html`<p class="note">
        执法机关：${bodyName}
        <a href="${searchHref(query, { bodyId: undefined })}">取消<span class="visually-hidden">执法机关筛选</span></a>
      </p>`
    }
    <div class="search-layout">${section("results", "检索结果", results)} ${facets && facetPanel(query, facets)}</div>
    ${input.documents && documentMatches(query, input.documents)} ${searchSubscription(query)}`;
  return layout({
    title: query.q ? `检索：${query.q}` : "检索公示",
    body,
    activeNav: "search",
    baseUrl,
    path: searchHref(query, { cursor: query.cursor }),
    feeds: [{ title: "当前检索条件的公示（Atom）", href: feedHref }],
  });
}
