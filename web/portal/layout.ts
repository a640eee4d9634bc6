/**
 * The public portal (公众门户): complete HTML documents rendered on the server. Chinese first; no
 * JavaScript at all (plain links and GET/POST forms); mobile first and printable; landmarks, a skip
 * link, one h1 and no skipped heading level, a label for every field. Each page takes plain data
 * shaped like the public API's answers, so the gateway passes service results straight in; every
 * string in that data is escaped by the html`` template. This module is the frame every page sits in.
 */
import { html, raw, SafeHtml, safeUrl } from "../html/html.js";
import { FAVICON_PATH, siteIdentityLines, siteSettings } from "../html/site.js";
import { absoluteUrl } from "./parts.js";

export const PORTAL_CSS_PATH = "/assets/portal.css";
export const FEED_PATH = "/api/public/feed.atom";
export const CSV_PATH = "/api/public/notices.csv";
export const SITEMAP_PAGE_PATH = "/sitemap";
export const ACCESSIBILITY_PATH = "/accessibility";

export interface PageContext {
  /**
   * PUBLIC_BASE_URL. With it, paper shows full addresses beside key links and the page's own
   * address, and <head> has a canonical link; without it, printed links show the site path only.
   */
  baseUrl?: string;
}

export type NavKey = "home" | "search" | "bodies" | "powers" | "officers" | "verify";

const NAV: readonly { key: NavKey; label: string; path: string }[] = [
  { key: "home", label: "首页", path: "/" },
  { key: "search", label: "检索", path: "/search" },
  { key: "bodies", label: "执法主体", path: "/bodies" },
  { key: "powers", label: "权责清单", path: "/powers" },
  { key: "officers", label: "执法人员", path: "/officers" },
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
  const siteName = siteSettings().name;
  const pageUrl = path === undefined || !baseUrl ? undefined : absoluteUrl(baseUrl, safeUrl(path));
  const document = html`<html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} - ${siteName}</title>
      ${siteSettings().blockRobots && html`<meta name="robots" content="noindex" />`}
      <link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml" />
      <link rel="stylesheet" href="${PORTAL_CSS_PATH}" />
      ${pageUrl && html`<link rel="canonical" href="${pageUrl}" />`}
      ${feeds.map((f) => html`<link rel="alternate" type="application/atom+xml" title="${f.title}" href="${safeUrl(f.href)}" /> `)}
    </head>
    <body>
      <a class="skip-link" href="#main">跳到主要内容</a>
      <header class="site-header">
        <div class="wrap">
          <a class="site-name" href="/">${siteName}</a>
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
            <li><a href="/transparency">透明日志</a></li>
            <li><a href="${FEED_PATH}">Atom 订阅</a></li>
            <li><a href="${CSV_PATH}">处罚决定 CSV</a></li>
            <li><a href="/data">数据下载</a></li>
            <li><a href="/stats">统计数据</a></li>
            <li><a href="${SITEMAP_PAGE_PATH}">网站地图</a></li>
            <li><a href="${ACCESSIBILITY_PATH}">无障碍声明</a></li>
          </ul>
          ${siteIdentityLines()} ${pageUrl && html`<p class="print-only">本页地址：${pageUrl}</p>`}
        </div>
      </footer>
    </body>
  </html> `;
  return `<!DOCTYPE html>\n${document}`;
}
