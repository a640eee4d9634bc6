/**
 * Paging of the portal's lists: the total ("共 N 条"), the position of the page ("第 21–40 条") and
 * links to the next and the previous page. The feed pages by cursor, so the page's address carries
 * its position (`start`) and the cursors of the pages before it (`trail`); the previous page is
 * the last cursor of the trail. Both are only for display and navigation: a forged one misnumbers
 * the page, it never shows anything the feed would not.
 */
import { href, html, type QueryValue, SafeHtml } from "../html/html.js";

/** A cursor as the feed issues them (base64url). */
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
/** Pages a trail remembers; past them "previous" becomes "first page" (the address stays short). */
export const MAX_TRAIL = 30;

export interface PageState {
  cursor?: string;
  /** The 1-based position of the page's first item. */
  start: number;
  /** The cursors of the pages between the first and this one. */
  trail: string[];
}

/** The paging of a page's query; anything malformed reads as the first page's numbering. */
export function pageStateOf(params: Record<string, string | undefined>): PageState {
  const cursor = params.cursor?.trim() || undefined;
  if (!cursor) return { start: 1, trail: [] };
  const start = /^[1-9]\d{0,6}$/.test(params.start ?? "") ? Number(params.start) : 1;
  const trail = (params.trail ?? "").split(",").filter((c) => c !== "");
  return { cursor, start, trail: trail.length <= MAX_TRAIL && trail.every((c) => CURSOR.test(c)) ? trail : [] };
}

export interface PagerInput {
  path: string;
  /** The list's filters, carried by every link. */
  filters: Record<string, QueryValue>;
  state: PageState;
  /** Items on this page, and the page size asked for. */
  shown: number;
  pageSize: number;
  nextCursor?: string | null;
}

/** "第 21–40 条" (or "第 21 条" for a page of one), counted from the page's start. */
export function positionText(start: number, shown: number): string {
  return shown <= 1 ? `第 ${start} 条` : `第 ${start}–${start + shown - 1} 条`;
}

/** "共 N 条", "共 10000+ 条" when the count stopped at its cap. */
export function totalText(total: number, capped = false): string {
  return `共 ${total}${capped ? "+" : ""} 条`;
}

/** The total and this page's position, for the line above a list. */
export function listSummary(total: number | undefined, capped: boolean, start: number, shown: number): SafeHtml {
  const position = shown > 0 ? `，本页为${positionText(start, shown)}` : "";
  return total === undefined
    ? html`<p class="list-summary">本页 ${shown} 条${position}。</p>`
    : html`<p class="list-summary" role="status"><strong>${totalText(total, capped)}</strong>${position}。</p>`;
}

/** The previous page's link target, or undefined on the first page. */
function previous(s: PageState, pageSize: number): { cursor?: string; start: number; trail: string[] } | undefined {
  if (!s.cursor) return undefined;
  const trail = s.trail.slice(0, -1);
  const cursor = s.trail[s.trail.length - 1];
  // Without a trail only page 2 knows its predecessor (the first page); deeper pages go to the first.
  if (cursor === undefined && s.start > pageSize + 1) return undefined;
  return { cursor, start: cursor ? Math.max(1, s.start - pageSize) : 1, trail };
}

export function pagerNav({ path, filters, state, shown, pageSize, nextCursor }: PagerInput): SafeHtml | "" {
  const prev = previous(state, pageSize);
  const link = (cursor: string | undefined, start: number, trail: string[]) =>
    href(path, { ...filters, cursor, start: cursor ? start : undefined, trail: cursor ? trail.join(",") : undefined });
  const nextTrail = state.cursor ? [...state.trail, state.cursor] : [];
  if (!state.cursor && !nextCursor) return "";
  return html`<nav class="pager" aria-label="分页">
    ${state.cursor && html`<a href="${link(undefined, 1, [])}">第一页</a>`}
    ${prev && html`<a rel="prev" href="${link(prev.cursor, prev.start, prev.trail)}">上一页</a>`}
    ${
      nextCursor &&
      html`<a rel="next" href="${link(nextCursor, state.start + shown, nextTrail.length <= MAX_TRAIL ? nextTrail : [])}"
        >下一页</a
      >`
    }
  </nav>`;
}
