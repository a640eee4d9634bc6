/**
 * Small parts the portal's pages share: status labels and badges, dates as China's calendar date,
 * field lists, tables, notice lists and sections. Every string they take is escaped by html``.
 */
import { chineseDate } from "../../shared/dates.js";
import { html, type HtmlValue, pathOf, raw, SafeHtml, safeUrl } from "../html/html.js";

/** 公示状态: the status of a public notice. */
export const NOTICE_STATUS_LABELS = {
  published: "已公示",
  withdrawn: "已撤下",
  corrected: "已更正",
  expired: "已过期",
} as const;
export type NoticeStatus = keyof typeof NOTICE_STATUS_LABELS;

export function labelOf(labels: Readonly<Record<string, string>>, value: string): string {
  return Object.hasOwn(labels, value) ? (labels[value] as string) : value;
}

export function isNoticeStatus(value: string): value is NoticeStatus {
  return Object.hasOwn(NOTICE_STATUS_LABELS, value);
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

/** A date as people read it (2024年4月1日); an instant shows as its date in China (UTC+8), the date the law counts in. */
function dayOf(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return chineseDate(value);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : chineseDate(d);
}

export function dateTag(value: string | null | undefined): HtmlValue {
  return value ? html`<time datetime="${value}">${dayOf(value)}</time>` : "";
}

/** A date for people, as 2024年4月1日 (the China day of an instant). */
export function chineseDateTag(value: string | null | undefined): HtmlValue {
  if (!value) return "";
  const day = dayOf(value);
  return html`<time datetime="${value}">${/^\d{4}-\d{2}-\d{2}$/.test(day) ? chineseDate(day) : day}</time>`;
}

export function absoluteUrl(baseUrl: string | undefined, path: string): string {
  return /^https?:\/\//i.test(path) ? path : (baseUrl ?? "").replace(/\/+$/, "") + path;
}

/** A key link: on paper its full address prints beside it. */
export function printLink(baseUrl: string | undefined, path: string, text: HtmlValue): SafeHtml {
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

export function statusBadge(status: string): SafeHtml {
  const modifier = isNoticeStatus(status) ? ` badge--${status}` : "";
  return html`<span class="badge${modifier}">${labelOf(NOTICE_STATUS_LABELS, status)}</span>`;
}

export function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}" ${selected && raw(" selected")}>${label}</option>`;
}

export function metaItem(term: string, value: HtmlValue): SafeHtml {
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
export function dataTable(
  id: string,
  caption: HtmlValue,
  columns: readonly string[],
  rows: readonly SafeHtml[],
): SafeHtml {
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

export function noticeList(items: readonly NoticeSummary[]): SafeHtml {
  return html`<ol class="notice-list">
    ${items.map(
      (n) =>
        html` <li class="notice-item">
          <h3><a href="${pathOf("notices", n.id)}">${n.title}</a> ${statusBadge(n.status)}</h3>
          <dl class="meta">
            ${metaItem("执法机关", n.bodyName)}${n.partyName && metaItem("执法对象", n.partyName)}${metaItem("类别", n.kind)}${
              n.decisionNo && metaItem("文书号", n.decisionNo)
            }${metaItem("公示日期", chineseDateTag(n.publishedAt))}
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
