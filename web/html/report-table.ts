/**
 * An annual report's table as HTML, for the portal and the console: the form's merged header and
 * row-label cells as spans (shared/reports/tables.ts), numbers as the form prints them (csv.ts),
 * 无相关行政执法职责 in words. Every header cell has its scope, so a screen reader names each number.
 */
import {
  formatCell,
  headerCells,
  headerDepth,
  rowHeaderCells,
  type ReportSection,
  type ReportTable,
  type SpanCell,
} from "../../shared/reports.js";
import { html, type SafeHtml } from "./html.js";

const spans = (c: SpanCell) =>
  html`${c.colSpan > 1 && html` colspan="${c.colSpan}"`}${c.rowSpan > 1 && html` rowspan="${c.rowSpan}"`}`;

export function reportTableHtml(table: ReportTable): SafeHtml {
  return html`${table.blocks.map((block, b) => {
    const head = headerCells(block);
    const labels = rowHeaderCells(block);
    const depth = headerDepth(block);
    const caption = block.caption ?? (table.blocks.length > 1 ? `${table.title}（${b + 1}）` : table.title);
    return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0">
      <table class="report-table">
        <caption>
          ${caption}
        </caption>
        <thead>
          ${Array.from(
            { length: depth },
            (_, level) =>
              html`<tr>
                ${head.filter((c) => c.row === level).map((c) => html`<th scope="col" ${spans(c)}>${c.text}</th>`)}
              </tr>`,
          )}
        </thead>
        <tbody>
          ${block.rows.map(
            (row, i) =>
              html`<tr>
                ${labels.filter((c) => c.row === i).map((c) => html`<th scope="row" ${spans(c)}>${c.text}</th>`)}
                ${row.cells.map(
                  (v, c) => html`<td class="num">${formatCell(v, block.columns[c]?.unit ?? "count")}</td>`,
                )}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  })}`;
}

/** A report's sections: headings, the officer's paragraphs and the tables. */
export function reportSectionsHtml(sections: readonly ReportSection[], level: 2 | 3 = 2): SafeHtml {
  return html`${sections.map(
    (s) =>
      html`<section aria-labelledby="report-${s.number}">
        ${level === 2 ? html`<h2 id="report-${s.number}">${s.title}</h2>` : html`<h3 id="report-${s.number}">${s.title}</h3>`}
        ${s.paragraphs.map((p) => html`<p>${p}</p>`)} ${s.table && reportTableHtml(s.table)}
      </section>`,
  )}`;
}
