/**
 * The public portal (公众门户): complete HTML documents rendered on the server. Chinese first; no
 * JavaScript at all (plain links and GET/POST forms); mobile first and printable; landmarks, a skip
 * link, one h1 and no skipped heading level, a label for every field. Each page takes plain data
 * shaped like the public API's answers, so the gateway passes service results straight in; every
 * string in that data is escaped by the html`` template.
 */
import QRCode from "qrcode";
import { POWER_CATEGORIES } from "../../shared/domain.js";
import {
  escapeHtml,
  href,
  html,
  pathOf,
  raw,
  safeUrl,
  type HtmlValue,
  type QueryValue,
  SafeHtml,
} from "../html/html.js";

export const SITE_NAME = "行政执法公示平台";
export const PORTAL_CSS_PATH = "/assets/portal.css";
export const FEED_PATH = "/api/public/feed.atom";
export const CSV_PATH = "/api/public/notices.csv";

/** 公示状态: the status of a public notice. */
export const NOTICE_STATUS_LABELS = {
  published: "已公示",
  withdrawn: "已撤下",
  corrected: "已更正",
  expired: "已过期",
} as const;
export type NoticeStatus = keyof typeof NOTICE_STATUS_LABELS;

/** 执法人员状态: an officer's standing on the roster. */
export const OFFICER_STATUS_LABELS = { active: "在岗", suspended: "暂停", revoked: "已注销" } as const;

/** Orders of the notice search, as the feed service names them. */
export const SEARCH_SORTS = { date: "按时间", relevance: "按相关度" } as const;

function labelOf(labels: Readonly<Record<string, string>>, value: string): string {
  return Object.hasOwn(labels, value) ? (labels[value] as string) : value;
}

function isNoticeStatus(value: string): value is NoticeStatus {
  return Object.hasOwn(NOTICE_STATUS_LABELS, value);
}

// ---- input shapes (structural: the public API's answers fit them as they are)

export interface PageContext {
  /**
   * PUBLIC_BASE_URL. With it, paper shows full addresses beside key links and the page's own
   * address, and <head> has a canonical link; without it, printed links show the site path only.
   */
  baseUrl?: string;
}

/** One notice in a list (the feed service's list items fit). */
export interface NoticeSummary {
  id: string;
  title: string;
  /** 类别: the Chinese power category itself, e.g. 行政处罚. */
  kind: string;
  bodyId?: string;
  bodyName: string;
  /** Null once the notice is taken down (撤下): a tombstone names no party. */
  partyName: string | null;
  decisionNo?: string;
  /** published | withdrawn | corrected | expired */
  status: string;
  /** ISO 8601 instant. */
  publishedAt: string;
}

/** A notice as notices.publicView (and the feed's getNotice) answers. */
export interface NoticeView extends NoticeSummary {
  bodyId: string;
  decisionNo: string;
  decidedOn: string;
  reason?: string | null;
  statusChangedAt?: string | null;
  successorId?: string | null;
  predecessorId?: string | null;
  verifyCode: string;
  sha256: string;
  /** YYYY-MM-DD: the last day of the publicity period (公示期). */
  expiresOn: string;
  /** Null once the notice is taken down: its PDF is no longer served (410). */
  pdfUrl: string | null;
}

/** A labelled field of the public record (公开事项). */
export interface NoticeField {
  label: string;
  value: string;
}

/** A titled block of running text; line breaks start new paragraphs. */
export interface NoticeSection {
  heading: string;
  body: string;
}

export interface HomeStats {
  notices?: number;
  bodies?: number;
  officers?: number;
  powers?: number;
}

export interface HomePageInput extends PageContext {
  latest: readonly NoticeSummary[];
  stats?: HomeStats;
}

export interface SearchQuery {
  q?: string;
  bodyId?: string;
  kind?: string;
  /** A status, "all", or the feed's comma list; empty means published. */
  status?: string;
  /** YYYY-MM-DD */
  from?: string;
  to?: string;
  /** date | relevance */
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
}

export interface NoticePageInput extends PageContext {
  notice: NoticeView;
  fields: readonly NoticeField[];
  sections: readonly NoticeSection[];
  /** From qrSvg(notice.verifyUrl). */
  qrSvg: SafeHtml;
  /** The public replies and the feedback form (feedback-pages.ts). */
  feedback?: SafeHtml;
}

/** 执法主体, as duties.bodyView answers. */
export interface BodyInfo {
  id: string;
  name: string;
  creditCode: string;
  region: string;
  phone?: string | null;
  address?: string | null;
}

/** 执法人员, as duties.officerView answers. */
export interface OfficerInfo {
  id: string;
  name: string;
  certificateNo: string;
  fields: readonly string[];
  region?: string | null;
  /** active | suspended | revoked */
  status: string;
  statusReason?: string | null;
}

/** An item of the 权责清单, as duties.powerView answers (its current version). */
export interface PowerSummary {
  id: string;
  code: string;
  name: string;
  category: string;
  version: number;
}

/** 随机抽查事项, as duties.inspectionView answers. */
export interface InspectionInfo {
  id: string;
  project: string;
  subItem?: string | null;
  subject: string;
  basis: string;
  method: string;
  content: string;
}

export interface BodyPageInput extends PageContext {
  body: BodyInfo;
  officers: readonly OfficerInfo[];
  powers: readonly PowerSummary[];
  inspections: readonly InspectionInfo[];
  notices: readonly NoticeSummary[];
  /** The public replies, the statistics and the feedback form (feedback-pages.ts). */
  feedback?: SafeHtml;
}

export interface LegalBasisInfo {
  law: string;
  article: string;
  text?: string | null;
}

export interface ProcedureStepInfo {
  name: string;
  description?: string | null;
}

/** One version of a power, as duties.powerVersionView answers. */
export interface PowerVersionInfo {
  version: number;
  code: string;
  name: string;
  category: string;
  basis: readonly LegalBasisInfo[];
  /** 裁量基准: prose, or rows of strings and {level, circumstance, measure}. */
  standards?: unknown;
  procedure?: readonly (string | ProcedureStepInfo)[] | null;
  timeLimitDays?: number | null;
  /** 救济渠道: prose, or a list of strings and {kind, organ, timeLimit, note}. */
  remedies?: unknown;
  supervisionPhone?: string | null;
  changeNote?: string | null;
  /** ISO 8601 instant. */
  effectiveFrom: string;
}

/** A power with its current version, as duties.powerView answers. */
export interface PowerInfo extends PowerVersionInfo {
  id: string;
  bodyId: string;
  bodyName?: string;
}

export interface PowerPageInput extends PageContext {
  power: PowerInfo;
  /** Every version, newest first. */
  history: readonly PowerVersionInfo[];
  /** The public replies and the feedback form (feedback-pages.ts). */
  feedback?: SafeHtml;
}

/** The answer of verification (by code or by file), as notices.verification answers. */
export interface VerifyResult {
  /** Kept for older clients: means `authentic`. */
  valid: boolean;
  /** These are bytes (or the code of a notice) this platform signed, whatever its status now. */
  authentic?: boolean;
  /** Published and in force today. */
  current?: boolean;
  status?: string;
  noticeId?: string;
  sha256?: string;
  publishedAt?: string;
  expiresOn?: string;
  title?: string;
  bodyName?: string;
  decisionNo?: string;
  reason?: string | null;
  successorId?: string | null;
  statusChangedAt?: string | null;
}

/** The `error` that says a looked-up code is unknown (the API answered 404). */
export const VERIFY_CODE_NOT_FOUND = "notfound";

/**
 * `result.valid === false` reads as an unknown code when `code` is given, else as a file this
 * platform did not issue; `error: VERIFY_CODE_NOT_FOUND` also says the code is unknown. Any other
 * `error` is a message about the request itself (no file, too large), shown as given.
 */
export interface VerifyPageInput extends PageContext {
  result?: VerifyResult;
  code?: string;
  error?: string;
}

export interface ErrorPageInput extends PageContext {
  status: number;
  message?: string;
}

// ---- small parts

const CHINA_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Instants show as China's calendar date (UTC+8), the date the law counts in. */
function dayOf(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : CHINA_DATE.format(d);
}

export function dateTag(value: string | null | undefined): HtmlValue {
  return value ? html`<time datetime="${value}">${dayOf(value)}</time>` : "";
}

function absoluteUrl(baseUrl: string | undefined, path: string): string {
  return /^https?:\/\//i.test(path) ? path : (baseUrl ?? "").replace(/\/+$/, "") + path;
}

/** A key link: on paper its full address prints beside it. */
function printLink(baseUrl: string | undefined, path: string, text: HtmlValue): SafeHtml {
  const url = safeUrl(path);
  return html`<a class="print-url" href="${url}" data-print-url="${absoluteUrl(baseUrl, url)}">${text}</a>`;
}

/** Line breaks in stored text become paragraphs; the text itself stays escaped. */
export function paragraphs(text: string): SafeHtml[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => html`<p>${line}</p>`);
}

function statusBadge(status: string): SafeHtml {
  const modifier = isNoticeStatus(status) ? ` badge--${status}` : "";
  return html`<span class="badge${modifier}">${labelOf(NOTICE_STATUS_LABELS, status)}</span>`;
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}" ${selected && raw(" selected")}>${label}</option>`;
}

function metaItem(term: string, value: HtmlValue): SafeHtml {
  return html`<div>
    <dt>${term}</dt>
    <dd>${value}</dd>
  </div>`;
}

export function fieldList(rows: readonly (readonly [string, HtmlValue])[]): SafeHtml {
  return html`<dl class="fields">
    ${rows.map(
      ([term, value]) =>
        html`<div>
          <dt>${term}</dt>
          <dd>${value}</dd>
        </div>`,
    )}
  </dl>`;
}

/** A table that scrolls sideways on a phone; the region is focusable so keyboards can scroll it. */
function dataTable(id: string, caption: HtmlValue, columns: readonly string[], rows: readonly SafeHtml[]): SafeHtml {
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}" tabindex="0">
    <table>
      <caption id="${id}">
        ${caption}
      </caption>
      <thead>
        <tr>
          ${columns.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

function noticeList(items: readonly NoticeSummary[]): SafeHtml {
  return html`<ol class="notice-list">
    ${items.map(
      (n) =>
        html` <li class="notice-item">
          <h3><a href="${pathOf("notices", n.id)}">${n.title}</a> ${statusBadge(n.status)}</h3>
          <dl class="meta">
            ${metaItem("执法机关", n.bodyName)}${n.partyName && metaItem("执法对象", n.partyName)}${metaItem("类别", n.kind)}${
              n.decisionNo && metaItem("文书号", n.decisionNo)
            }${metaItem("公示日期", dateTag(n.publishedAt))}
          </dl>
        </li>`,
    )}
  </ol>`;
}

export function section(id: string, heading: string, content: HtmlValue, className?: string): SafeHtml {
  return html`<section${className && html` class="${className}"`} id="${id}" aria-labelledby="${id}-h">
<h2 id="${id}-h">${heading}</h2>
${content}
</section>`;
}

// ---- layout

export type NavKey = "home" | "search" | "verify";

const NAV: readonly { key: NavKey; label: string; path: string }[] = [
  { key: "home", label: "首页", path: "/" },
  { key: "search", label: "检索", path: "/search" },
  { key: "verify", label: "核验", path: "/verify" },
];

export interface FeedLink {
  title: string;
  href: string;
}

export interface LayoutInput extends PageContext {
  /** The page's own title; the site name is appended. */
  title: string;
  body: SafeHtml;
  activeNav?: NavKey;
  /** The page's site-relative path and query: the canonical link and the address printed on paper. */
  path?: string;
  /** Atom feeds announced in <head>. */
  feeds?: readonly FeedLink[];
}

export function layout({ title, body, activeNav, baseUrl, path, feeds = [] }: LayoutInput): string {
  const pageUrl = path === undefined || !baseUrl ? undefined : absoluteUrl(baseUrl, safeUrl(path));
  const document = html`<html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} - ${SITE_NAME}</title>
      <link rel="stylesheet" href="${PORTAL_CSS_PATH}" />
      ${pageUrl && html`<link rel="canonical" href="${pageUrl}" />`}
      ${feeds.map((f) => html`<link rel="alternate" type="application/atom+xml" title="${f.title}" href="${safeUrl(f.href)}" /> `)}
    </head>
    <body>
      <a class="skip-link" href="#main">跳到主要内容</a>
      <header class="site-header">
        <div class="wrap">
          <a class="site-name" href="/">${SITE_NAME}</a>
          <nav class="site-nav" aria-label="主导航">
            <ul>
              ${NAV.map(
                (n) =>
                  html`<li>
                    <a href="${n.path}" ${n.key === activeNav && raw(' aria-current="page"')}>${n.label}</a>
                  </li>`,
              )}
            </ul>
          </nav>
          <form class="site-search" role="search" method="get" action="/search">
            <label for="site-q">检索公示</label>
            <input id="site-q" name="q" type="search" maxlength="50" />
            <button type="submit">检索</button>
          </form>
        </div>
      </header>
      <main id="main" tabindex="-1">
        <div class="wrap">${body}</div>
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p>
            说明：本平台依据《中华人民共和国政府信息公开条例》和行政执法公示制度，公开行政执法主体、人员、职责和执法决定；公示内容中的个人隐私已依法处理。
          </p>
          <ul>
            <li><a href="/verify">核验公示文件</a></li>
            <li><a href="${FEED_PATH}">Atom 订阅</a></li>
            <li><a href="${CSV_PATH}">数据下载（CSV）</a></li>
          </ul>
          ${pageUrl && html`<p class="print-only">本页地址：${pageUrl}</p>`}
        </div>
      </footer>
    </body>
  </html> `;
  return `<!DOCTYPE html>\n${document}`;
}

// ---- pages

const STAT_LABELS: readonly [keyof HomeStats, string][] = [
  ["notices", "公示中的执法决定"],
  ["bodies", "执法主体"],
  ["officers", "执法人员"],
  ["powers", "权责事项"],
];

export function homePage({ latest, stats, baseUrl }: HomePageInput): string {
  const shown = STAT_LABELS.filter(([key]) => typeof stats?.[key] === "number");
  const body = html`<h1>行政执法信息公示</h1>
    <p>
      本平台公开行政执法主体、执法人员、权责清单和行政执法决定，接受社会监督。公示文件均加盖电子签章，可在线核验真伪和当前状态。
    </p>
    ${
      shown.length > 0 &&
      html`<dl class="stats">${shown.map(([key, label]) => metaItem(label, (stats as HomeStats)[key] as number))}</dl>`
    }
    ${section(
      "latest",
      "最新公示",
      html`${latest.length ? noticeList(latest) : html`<p>暂无公示。</p>`}
        <p class="more"><a href="/search">检索全部公示</a></p>`,
    )}
    ${section(
      "subscribe",
      "订阅与下载",
      html`<ul>
        <li><a href="${FEED_PATH}" type="application/atom+xml">Atom 订阅：最新公示</a></li>
        <li><a href="${CSV_PATH}" type="text/csv">下载行政处罚决定数据（CSV，双公示格式）</a></li>
      </ul>`,
    )}
    ${section("verify", "核验公示文件", html`<p>持有公示文件（PDF）或其核验码，可<a href="/verify">在线核验</a>文件是否由本平台签发及其当前状态。</p>`)}`;
  return layout({
    title: "首页",
    body,
    activeNav: "home",
    baseUrl,
    path: "/",
    feeds: [{ title: "最新公示（Atom）", href: FEED_PATH }],
  });
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

function searchForm(query: SearchQuery): SafeHtml {
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
    ${query.bodyId && html`<input type="hidden" name="bodyId" value="${query.bodyId}" />`}
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

export function searchPage({ query, items, nextCursor, facets, baseUrl }: SearchPageInput): string {
  const filters = filtersOf(query);
  const feedHref = href(FEED_PATH, filters);
  const csvHref = href(CSV_PATH, filters);
  const bodyName = query.bodyId ? (facets?.body.find((b) => b.value === query.bodyId)?.name ?? query.bodyId) : "";
  const results = html`${
      items.length
        ? html`<p>本页显示 ${items.length} 条公示。</p>
            ${noticeList(items)}`
        : html`<p><strong>未找到符合条件的公示。</strong></p>
            <ul>
              <li>请检查关键词是否有误，或换用更短的关键词（两个汉字即可）。</li>
              <li>减少筛选条件，或<a href="/search">清除全部条件</a>后重新检索。</li>
              <li>已撤下、已更正、已过期的公示，请在“公示状态”中选择。</li>
            </ul>`
    }
    ${
      (nextCursor || query.cursor) &&
      html`<nav class="pager" aria-label="分页">
        ${query.cursor && html`<a href="${searchHref(query)}">回到第一页</a>`}${
          nextCursor && html`<a rel="next" href="${searchHref(query, { cursor: nextCursor })}">下一页</a>`
        }
      </nav>`
    }
    <p class="downloads">
      按当前条件：<a href="${feedHref}" type="application/atom+xml">Atom 订阅</a> ·
      <a href="${csvHref}" type="text/csv">下载 CSV（行政处罚）</a>
    </p>`;
  const body = html`<h1>检索公示</h1>
    ${searchForm(query)}
    ${
      query.bodyId &&
      html`<p class="note">
        执法机关：${bodyName}
        <a href="${searchHref(query, { bodyId: undefined })}">取消<span class="visually-hidden">执法机关筛选</span></a>
      </p>`
    }
    <div class="search-layout">${section("results", "检索结果", results)} ${facets && facetPanel(query, facets)}</div>`;
  return layout({
    title: query.q ? `检索：${query.q}` : "检索公示",
    body,
    activeNav: "search",
    baseUrl,
    path: searchHref(query, { cursor: query.cursor }),
    feeds: [{ title: "当前检索条件的公示（Atom）", href: feedHref }],
  });
}

function statusBanner(notice: NoticeView, baseUrl: string | undefined): HtmlValue {
  const when = notice.statusChangedAt ? html`（${dateTag(notice.statusChangedAt)}）` : "";
  switch (notice.status) {
    case "withdrawn":
      return html`<div class="banner banner--withdrawn">
        <p class="banner__title">已撤下${when}</p>
        <p>本公示已撤下，不再作为有效公示。撤下原因：${notice.reason || "未说明"}</p>
      </div>`;
    case "corrected":
      return html`<div class="banner banner--corrected">
        <p class="banner__title">已更正${when}</p>
        <p>本公示已被更正，请以更正后的公示为准。更正原因：${notice.reason || "未说明"}</p>
        ${notice.successorId && html`<p>${printLink(baseUrl, pathOf("notices", notice.successorId), "查看更正后的公示")}</p>`}
      </div>`;
    case "expired":
      return html`<div class="banner banner--expired">
        <p class="banner__title">已过公示期</p>
        <p>本公示的公示期已于 ${dateTag(notice.expiresOn)} 届满，已撤下，仅保留公示记录。</p>
      </div>`;
    default:
      return "";
  }
}

const TAKEN_DOWN_FILE_NOTES: Record<string, string> = {
  withdrawn: "本公示已撤下",
  corrected: "本公示已被更正后的公示取代",
  expired: "本公示已过公示期",
};

export function noticePage({ notice, fields, sections, qrSvg, feedback, baseUrl }: NoticePageInput): string {
  // Taken down (撤下): the page keeps a tombstone — the fields the feed sends for it, no facts, no PDF.
  const pdfServed = notice.status === "published" && Boolean(notice.pdfUrl);
  const verifyPath = pathOf("verify", notice.verifyCode);
  const body = html`<h1>${notice.title}</h1>
    ${statusBanner(notice, baseUrl)}
    ${
      notice.predecessorId &&
      html`<p class="note">
        此公示更正了此前发布的${printLink(baseUrl, pathOf("notices", notice.predecessorId), "原公示")}。
      </p>`
    }
    <dl class="meta">
      ${metaItem("状态", statusBadge(notice.status))}${metaItem(
        "执法机关",
        html`<a href="${pathOf("bodies", notice.bodyId)}">${notice.bodyName}</a>`,
      )}${metaItem("公示日期", dateTag(notice.publishedAt))}${metaItem("公示期至", dateTag(notice.expiresOn))}
    </dl>
    ${section(
      "fields",
      notice.status === "published" ? "公示内容" : "公示记录",
      fields.length
        ? fieldList(fields.map((f) => [f.label, f.value] as const))
        : fieldList(
            (
              [
                ["执法机关", notice.bodyName],
                ["执法对象", notice.status === "published" ? notice.partyName : null],
                ["执法类别", notice.kind],
                ["决定文书号", notice.decisionNo],
                ["决定日期", notice.decidedOn],
              ] as [string, string | null][]
            ).filter((row): row is [string, string] => Boolean(row[1])),
          ),
    )}
    ${(notice.status === "published" ? sections : []).map((s, i) =>
      section(`section-${i + 1}`, s.heading, html`<div class="prose">${paragraphs(s.body)}</div>`),
    )}
    ${section(
      "file",
      "公示文件",
      pdfServed
        ? html`<p>${printLink(baseUrl, notice.pdfUrl as string, "下载公示文件（PDF，含电子签章）")}</p>`
        : html`<p>
            ${TAKEN_DOWN_FILE_NOTES[notice.status] ?? "本公示已撤下"}，公示文件（PDF）不再提供下载。已持有的文件仍可<a
              href="/verify"
              >上传核验</a
            >。
          </p>`,
    )}
    ${section(
      "verification",
      "核验信息",
      html`<div class="verify-box">
        <div>
          ${fieldList([
            ["核验码", html`<code class="code">${notice.verifyCode}</code>`],
            ["文件指纹（SHA-256）", html`<code class="hash">${notice.sha256}</code>`],
          ])}
          <p>${printLink(baseUrl, verifyPath, "在线核验本公示")}</p>
        </div>
        <figure class="qr">
          ${qrSvg}
          <figcaption>扫描二维码核验</figcaption>
        </figure>
      </div>`,
    )}
    ${feedback}`;
  return layout({
    title: `${notice.title}（${notice.decisionNo}）`,
    body,
    baseUrl,
    path: pathOf("notices", notice.id),
  });
}

function officerStatus(o: OfficerInfo): string {
  const label = labelOf(OFFICER_STATUS_LABELS, o.status);
  return o.status !== "active" && o.statusReason ? `${label}（${o.statusReason}）` : label;
}

export function bodyPage({
  body: b,
  officers,
  powers,
  inspections,
  notices,
  feedback,
  baseUrl,
}: BodyPageInput): string {
  const phone = b.phone
    ? /^[0-9+\-() ]+$/.test(b.phone)
      ? html`<a href="tel:${b.phone.replace(/[^0-9+]/g, "")}">${b.phone}</a>`
      : b.phone
    : "未公布";
  const body = html`<h1>${b.name}</h1>
    <nav class="toc no-print" aria-label="本页目录">
      <ul>
        <li><a href="#officers">执法人员</a></li>
        <li><a href="#powers">权责清单</a></li>
        <li><a href="#inspections">随机抽查事项</a></li>
        <li><a href="#notices">最新公示</a></li>
      </ul>
    </nav>
    ${section(
      "info",
      "执法主体信息",
      fieldList([
        ["名称", b.name],
        ["统一社会信用代码", html`<span class="mono">${b.creditCode}</span>`],
        ["所在区域", b.region],
        ["联系电话", phone],
        ["办公地址", b.address || "未公布"],
      ]),
    )}
    ${section(
      "officers",
      "执法人员",
      officers.length
        ? dataTable(
            "officers-caption",
            `执法人员名单（共 ${officers.length} 人）`,
            ["姓名", "执法证号", "执法领域", "区域", "状态", "反馈"],
            officers.map(
              (o) =>
                html`<tr>
                  <th scope="row">${o.name}</th>
                  <td class="mono">${o.certificateNo}</td>
                  <td>${o.fields.join("、")}</td>
                  <td>${o.region || "—"}</td>
                  <td>${officerStatus(o)}</td>
                  <td class="no-print">
                    <a href="${href("/feedback", { targetType: "officer", targetId: o.id })}">对该执法人员提意见</a>
                  </td>
                </tr>`,
            ),
          )
        : html`<p>暂无执法人员信息。</p>`,
    )}
    ${section(
      "powers",
      "权责清单",
      powers.length
        ? dataTable(
            "powers-caption",
            `权责清单（共 ${powers.length} 项）`,
            ["编码", "名称", "类别", "版本"],
            powers.map(
              (p) =>
                html`<tr>
                  <td class="mono">${p.code}</td>
                  <th scope="row"><a href="${pathOf("powers", p.id)}">${p.name}</a></th>
                  <td>${p.category}</td>
                  <td>第 ${p.version} 版</td>
                </tr>`,
            ),
          )
        : html`<p>暂无权责清单信息。</p>`,
    )}
    ${section(
      "inspections",
      "随机抽查事项",
      inspections.length
        ? dataTable(
            "inspections-caption",
            `随机抽查事项清单（共 ${inspections.length} 项）`,
            ["项目", "子项", "主体", "依据", "方式", "内容"],
            inspections.map(
              (i) =>
                html`<tr>
                  <th scope="row">${i.project}</th>
                  <td>${i.subItem || "—"}</td>
                  <td>${i.subject}</td>
                  <td>${paragraphs(i.basis)}</td>
                  <td>${i.method}</td>
                  <td>${paragraphs(i.content)}</td>
                </tr>`,
            ),
          )
        : html`<p>暂无随机抽查事项。</p>`,
    )}
    ${section(
      "notices",
      "最新公示",
      html`${notices.length ? noticeList(notices) : html`<p>暂无公示。</p>`}
        <p class="more"><a href="${href("/search", { bodyId: b.id })}">查看本机关的全部公示</a></p>`,
    )}
    ${feedback}`;
  return layout({
    title: b.name,
    body,
    baseUrl,
    path: pathOf("bodies", b.id),
    feeds: [{ title: `${b.name}的公示（Atom）`, href: href(FEED_PATH, { bodyId: b.id }) }],
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textOf(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  return typeof value === "string" ? value : "";
}

/** 裁量基准 is stored as the officer entered it: prose, or rows of strings and structured rows. */
function standardsOf(value: unknown): SafeHtml {
  if (typeof value === "string" && value.trim()) return html`<div class="prose">${paragraphs(value)}</div>`;
  if (Array.isArray(value) && value.length > 0) {
    if (!value.some(isRecord))
      return html`<ul>
        ${value.map((s) => html`<li>${String(s)}</li>`)}
      </ul>`;
    return dataTable(
      "standards-caption",
      "行政裁量基准",
      ["裁量等级", "违法情形", "处理措施"],
      value.map((row) =>
        isRecord(row)
          ? html`<tr>
              ${textOf(row, "level") ? html`<th scope="row">${textOf(row, "level")}</th>` : html`<td>—</td>`}
              <td>${textOf(row, "circumstance")}</td>
              <td>${textOf(row, "measure")}</td>
            </tr>`
          : html`<tr>
              <td colspan="3">${String(row)}</td>
            </tr>`,
      ),
    );
  }
  return html`<p>未公布。</p>`;
}

/** 救济渠道: prose, or a list of strings and {kind, organ, timeLimit, note}. */
function remediesOf(value: unknown): SafeHtml {
  if (typeof value === "string" && value.trim()) return html`<div class="prose">${paragraphs(value)}</div>`;
  if (Array.isArray(value) && value.length > 0) {
    return html`<ul>
      ${value.map((r) => {
        if (!isRecord(r)) return html`<li>${String(r)}</li>`;
        const details = [
          textOf(r, "organ") && `受理机关：${textOf(r, "organ")}`,
          textOf(r, "timeLimit") && `期限：${textOf(r, "timeLimit")}`,
          textOf(r, "note"),
        ].filter((d) => d !== "");
        return html`<li>
          <strong>${textOf(r, "kind") || "其他"}</strong>${details.length > 0 && `：${details.join("；")}`}
        </li>`;
      })}
    </ul>`;
  }
  return html`<p>未公布。</p>`;
}

function lawName(law: string): string {
  return law.startsWith("《") ? law : `《${law}》`;
}

export function powerPage({ power: p, history, feedback, baseUrl }: PowerPageInput): string {
  const steps = (p.procedure ?? []).map((s) => (typeof s === "string" ? { name: s } : s));
  const body = html`<h1>${p.name}</h1>
    ${section(
      "info",
      "基本信息",
      fieldList([
        ["事项编码", html`<span class="mono">${p.code}</span>`],
        ["权力类别", p.category],
        ["执法主体", html`<a href="${pathOf("bodies", p.bodyId)}">${p.bodyName || "查看执法主体"}</a>`],
        ["现行版本", `第 ${p.version} 版`],
        ["生效时间", dateTag(p.effectiveFrom)],
        ["办理时限", typeof p.timeLimitDays === "number" ? `${p.timeLimitDays} 日` : "未公布"],
        ["监督电话", p.supervisionPhone || "未公布"],
      ]),
    )}
    ${section(
      "basis",
      "设定依据",
      p.basis.length
        ? html`<ol>
            ${p.basis.map(
              (b) =>
                html`<li>
                  <strong>${lawName(b.law)}</strong>${b.article}${
                    b.text && html`<blockquote class="basis-text">${paragraphs(b.text)}</blockquote>`
                  }
                </li>`,
            )}
          </ol>`
        : html`<p>未公布。</p>`,
    )}
    ${section("standards", "裁量基准", standardsOf(p.standards))}
    ${section(
      "procedure",
      "执法程序",
      steps.length
        ? html`<ol class="steps">
            ${steps.map((s) => html`<li><strong>${s.name}</strong>${s.description && paragraphs(s.description)}</li>`)}
          </ol>`
        : html`<p>未公布。</p>`,
    )}
    ${section("remedies", "救济渠道", remediesOf(p.remedies))}
    ${section(
      "history",
      "版本历史",
      history.length === 0
        ? html`<p>暂无版本记录。</p>`
        : dataTable(
            "history-caption",
            `版本历史（共 ${history.length} 版）`,
            ["版本", "名称", "类别", "生效时间", "修订说明"],
            history.map(
              (v) =>
                html`<tr>
                  <th scope="row">第 ${v.version} 版${v.version === p.version && "（现行）"}</th>
                  <td>${v.name}</td>
                  <td>${v.category}</td>
                  <td>${dateTag(v.effectiveFrom)}</td>
                  <td>${v.changeNote || "—"}</td>
                </tr>`,
            ),
          ),
    )}
    ${feedback}`;
  return layout({ title: p.name, body, baseUrl, path: pathOf("powers", p.id) });
}

const VERIFY_OUTCOMES: Record<NoticeStatus, { modifier: string; title: string; text: string }> = {
  published: { modifier: "valid", title: "有效", text: "该公示文件由本平台签发，目前处于公示期内。" },
  withdrawn: { modifier: "withdrawn", title: "已撤下", text: "该公示文件由本平台签发，但该公示已撤下。" },
  corrected: {
    modifier: "corrected",
    title: "已更正",
    text: "该公示文件由本平台签发，但该公示已被更正，请以更正后的公示为准。",
  },
  expired: { modifier: "expired", title: "已过公示期", text: "该公示文件由本平台签发，其公示期已届满。" },
};

function verifyResult(
  result: VerifyResult,
  byCode: boolean,
  code: string | undefined,
  baseUrl: string | undefined,
): SafeHtml {
  if (!result.valid) {
    return byCode
      ? html`<div class="banner banner--invalid">
          <p class="banner__title">未找到该核验码</p>
          <p>${code ? html`核验码“${code}”不存在` : "该核验码不存在"}，请检查是否输入有误。</p>
        </div>`
      : html`<div class="banner banner--invalid">
          <p class="banner__title">该文件不是本平台签发的公示文件</p>
          <p>所上传的文件与本平台签发的任何公示文件都不一致：它可能并非本平台签发，或签发后已被修改。</p>
          ${result.sha256 && html`<p>文件指纹（SHA-256）：<code class="hash">${result.sha256}</code></p>`}
        </div>`;
  }
  const status = result.status ?? "";
  const rows: [string, HtmlValue][] = [
    ["公示标题", result.title],
    ["执法机关", result.bodyName],
    ["决定文书号", result.decisionNo],
    ["公示日期", dateTag(result.publishedAt)],
    ["公示期至", dateTag(result.expiresOn)],
    ["文件指纹（SHA-256）", result.sha256 && html`<code class="hash">${result.sha256}</code>`],
  ];
  const current = result.current ?? status === "published";
  // A notice past its publicity period that the expiry check has not reached yet is no longer current either.
  const outcome =
    status === "published" && !current
      ? VERIFY_OUTCOMES.expired
      : isNoticeStatus(status)
        ? VERIFY_OUTCOMES[status]
        : { modifier: "valid", title: "有效", text: "该公示文件由本平台签发。" };
  rows.unshift(
    ["是否本平台签发", (result.authentic ?? result.valid) ? "是，文件真实" : "否"],
    ["当前是否有效", current ? "是，公示中" : "否，已不在公示中"],
  );
  return html`<div class="banner banner--${outcome.modifier}">
      <p class="banner__title">${outcome.title}</p>
      <p>${outcome.text}</p>
      ${status === "withdrawn" && html`<p>撤下原因：${result.reason || "未说明"}</p>`}
      ${status === "corrected" && html`<p>更正原因：${result.reason || "未说明"}</p>`}
      ${
        status === "corrected" &&
        result.successorId &&
        html`<p>${printLink(baseUrl, pathOf("notices", result.successorId), "查看更正后的公示")}</p>`
      }
    </div>
    ${fieldList(rows.filter(([, value]) => Boolean(value)))}
    ${result.noticeId && html`<p>${printLink(baseUrl, pathOf("notices", result.noticeId), "查看公示详情")}</p>`}`;
}

export function verifyPage({ result: given, code, error: givenError, baseUrl }: VerifyPageInput): string {
  const codeUnknown = givenError === VERIFY_CODE_NOT_FOUND;
  const result: VerifyResult | undefined = codeUnknown ? { valid: false } : given;
  const error = codeUnknown ? undefined : givenError;
  const byCode = codeUnknown || Boolean(code);
  const body = html`<h1>核验公示文件</h1>
    <p>凭公示文件页边印制的核验码，或上传公示文件（PDF），可核验文件是否由本平台签发及其当前状态。</p>
    ${
      error &&
      html`<div class="banner banner--error">
        <p class="banner__title">无法完成核验</p>
        <p>${error}</p>
      </div>`
    }
    ${result && section("result", "核验结果", verifyResult(result, byCode, code, baseUrl))}
    ${section(
      "by-code",
      "按核验码核验",
      html`<form method="get" action="/verify">
        <label for="verify-code">核验码</label>
        <p class="hint" id="verify-code-hint">印在公示文件每页页边，如 7K2M-9QXD-4HRT-W3BN。</p>
        <input
          id="verify-code"
          name="code"
          type="text"
          value="${code}"
          maxlength="40"
          autocomplete="off"
          spellcheck="false"
          autocapitalize="characters"
          required
          aria-describedby="verify-code-hint"
        />
        <div class="form-actions"><button type="submit">核验</button></div>
      </form>`,
    )}
    ${section(
      "by-file",
      "上传文件核验",
      html`<form method="post" action="/verify" enctype="multipart/form-data">
        <label for="verify-file">公示文件（PDF）</label>
        <p class="hint" id="verify-file-hint">请上传从本平台下载的原始文件，大小不超过 20 MB。</p>
        <input
          id="verify-file"
          name="file"
          type="file"
          accept="application/pdf"
          required
          aria-describedby="verify-file-hint"
        />
        <div class="form-actions"><button type="submit">上传并核验</button></div>
      </form>`,
    )}`;
  return layout({
    title: result || error ? "核验结果" : "核验公示文件",
    body,
    activeNav: "verify",
    baseUrl,
    path: href("/verify", { code }),
  });
}

const ERROR_TITLES: Readonly<Record<number, string>> = {
  404: "页面不存在",
  410: "该内容已不再公开",
  500: "系统暂时无法提供服务",
};

const ERROR_HINTS: Readonly<Record<number, string>> = {
  404: "您访问的页面不存在，可能地址有误，或内容尚未公开。",
  410: "该内容已撤下或已过公示期，不再公开。",
  500: "系统出现故障，请稍后再试。",
};

export function errorPage({ status, message, baseUrl }: ErrorPageInput): string {
  const title = ERROR_TITLES[status] ?? (status >= 500 ? ERROR_TITLES[500] : "请求未能完成");
  const hint = ERROR_HINTS[status] ?? (status >= 500 ? ERROR_HINTS[500] : "");
  const body = html`<h1>${title}</h1>
    <p>错误代码：${status}</p>
    ${hint && html`<p>${hint}</p>`} ${message && message !== hint && html`<p>${message}</p>`}
    <ul>
      <li><a href="/">返回首页</a></li>
      <li><a href="/search">检索公示</a></li>
    </ul>`;
  return layout({ title, body, baseUrl });
}

/**
 * The QR code of a verification URL as inline SVG, named for screen readers. The encoder's markup
 * is trusted: the URL only shapes the modules and is never emitted as text; the label is escaped.
 */
export async function qrSvg(url: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(url, { type: "svg", margin: 1 });
  const label = escapeHtml(`核验二维码：${url}`);
  return raw(
    svg.replace(/<svg\b([^>]*)>/, (_match, attrs: string) => {
      return `<svg role="img" aria-label="${label}" focusable="false"${attrs}><title>${label}</title>`;
    }),
  );
}
