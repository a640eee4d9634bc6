/**
 * Annual reports on the portal: the register of published 政府信息公开工作年度报告 and 行政执法年度数据
 * (by body), each report's page — its sections and tables with the form's merged headers, the CSV
 * and the signed PDF — and, on a body's page, the section linking its reports and saying when last
 * year's is overdue (after 31 January).
 */
import type { PublicReport } from "../../services/reports/contract.js";
import { chinaToday } from "../../shared/dates.js";
import { pastReportYear, reportDeadline } from "../../shared/reports.js";
import { href, html, pathOf, type SafeHtml } from "../html/html.js";
import { reportSectionsHtml } from "../html/report-table.js";
import { layout, type PageContext } from "./layout.js";
import { bodySelect, type BodyChoice } from "./powers.js";
import { dataTable, dateTag, fieldList, section } from "./parts.js";

export const REPORTS_PATH = "/reports";
export const REPORTS_ATOM_PATH = "/api/public/reports.atom";

export const REPORT_KIND_LABELS: Record<string, string> = {
  "gov-info": "政府信息公开工作年度报告",
  enforcement: "行政执法年度数据",
};

/** Last year's reports a body has not published, once they are overdue (after 31 January). */
export function overdueReports(
  reports: readonly Pick<PublicReport, "kind" | "year">[],
  now = new Date(),
): { kind: string; year: number; daysLate: number }[] {
  const today = chinaToday(now);
  const year = pastReportYear(today);
  return Object.keys(REPORT_KIND_LABELS).flatMap((kind) => {
    if (reports.some((r) => r.kind === kind && r.year === year)) return [];
    const d = reportDeadline(year, today, null);
    return d.overdue ? [{ kind, year, daysLate: d.daysLate ?? 0 }] : [];
  });
}

function overdueNotes(overdue: ReturnType<typeof overdueReports>): SafeHtml {
  return html`${overdue.map(
    (o) =>
      html`<p class="banner banner--expired" role="note">
        <strong>逾期未发布：</strong>${o.year}年${REPORT_KIND_LABELS[o.kind]}应于${o.year + 1}年1月31日前发布，已逾期
        ${o.daysLate} 日。
      </p>`,
  )}`;
}

function reportRows(items: readonly PublicReport[]): SafeHtml[] {
  return items.map(
    (r) =>
      html`<tr>
        <th scope="row"><a href="${pathOf("reports", r.id)}">${r.title}</a></th>
        <td>${r.bodyName}</td>
        <td>${r.year}年</td>
        <td>${REPORT_KIND_LABELS[r.kind] ?? r.kind}</td>
        <td>${dateTag(r.publishedOn)}</td>
      </tr>`,
  );
}

export interface ReportsPageInput extends PageContext {
  items: readonly PublicReport[];
  bodies: readonly BodyChoice[];
  bodyId?: string;
}

export function reportsPage({ items, bodies, bodyId, baseUrl }: ReportsPageInput): string {
  const form = html`<form class="search-form" method="get" action="${REPORTS_PATH}" aria-label="筛选年度报告">
    <div class="form-grid">
      <div>
        <label for="reports-body">发布机关</label>
        ${bodySelect("reports-body", bodies, bodyId)}
      </div>
    </div>
    <div class="form-actions"><button type="submit">查询</button><a href="${REPORTS_PATH}">清除条件</a></div>
  </form>`;
  const overdue = bodyId ? overdueReports(items) : [];
  const body = html`<h1>年度报告</h1>
    <p>
      各行政机关每年1月31日前发布上一年度的政府信息公开工作年度报告和行政执法年度数据。报告中的数字由本平台的执法决定、依申请公开和规范性文件记录统计生成。
    </p>
    <p><a href="${REPORTS_ATOM_PATH}" type="application/atom+xml">Atom 订阅：年度报告</a></p>
    ${form} ${overdueNotes(overdue)}
    ${section(
      "results",
      "报告目录",
      items.length
        ? dataTable("reports-caption", "年度报告", ["标题", "发布机关", "年度", "类别", "发布日期"], reportRows(items))
        : html`<p><strong>暂无已发布的年度报告。</strong></p>`,
    )}`;
  return layout({
    title: "年度报告",
    body,
    baseUrl,
    path: bodyId ? href(REPORTS_PATH, { bodyId }) : REPORTS_PATH,
    feeds: [{ title: "年度报告（Atom）", href: REPORTS_ATOM_PATH }],
  });
}

export function reportPage({ report: r, baseUrl }: PageContext & { report: PublicReport }): string {
  const body = html`<h1>${r.title}</h1>
    ${section(
      "info",
      "报告信息",
      fieldList([
        ["发布机关", html`<a href="${pathOf("bodies", r.bodyId)}">${r.bodyName}</a>`],
        ["报告年度", `${r.year}年`],
        ["发布日期", dateTag(r.publishedOn)],
        [
          "验证码",
          r.verifyCode ? html`<a href="${pathOf("verify", r.verifyCode)}" class="mono">${r.verifyCode}</a>` : "—",
        ],
        [
          "下载",
          html`${r.pdfUrl && html`<a href="${r.pdfUrl}">PDF（电子签章）</a>`} <a href="${r.csvUrl}">CSV 表格</a>`,
        ],
      ]),
    )}
    ${reportSectionsHtml(r.sections)}`;
  return layout({ title: r.title, body, baseUrl, path: pathOf("reports", r.id) });
}

/** The body page's section: its published reports, and last year's when overdue. */
export function bodyReportsSection(bodyId: string, items: readonly PublicReport[] | undefined): SafeHtml | "" {
  if (!items) return "";
  return section(
    "reports",
    "年度报告",
    html`${overdueNotes(overdueReports(items))}
      ${
        items.length
          ? html`<ul>
              ${items.slice(0, 6).map((r) => html`<li><a href="${pathOf("reports", r.id)}">${r.title}</a></li>`)}
            </ul>`
          : html`<p>暂无已发布的年度报告。</p>`
      }
      <p class="more"><a href="${href(REPORTS_PATH, { bodyId })}">查看本机关的全部年度报告</a></p>`,
  );
}
