/** The roster of enforcement officers across bodies (执法人员名录, 事前公开): by status, by name or 执法证号. */
import { href, html, pathOf } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { listSummary, pagerNav, type PageState } from "./pager.js";
import { OFFICER_STATUS_LABELS, type OfficerInfo } from "./body.js";
import { bodySelect, type BodyChoice } from "./powers.js";
import { dataTable, labelOf, option, section } from "./parts.js";

export interface ListedOfficer extends OfficerInfo {
  bodyId: string;
  bodyName: string | null;
}

export interface OfficersQuery {
  q?: string;
  status?: string;
  bodyId?: string;
}

export interface OfficersPageInput extends PageContext {
  query: OfficersQuery;
  state: PageState;
  items: readonly ListedOfficer[];
  total: number;
  bodies: readonly BodyChoice[];
  nextCursor: string | null;
  pageSize: number;
}

function statusOf(o: OfficerInfo): string {
  const label = labelOf(OFFICER_STATUS_LABELS, o.status);
  return o.status !== "active" && o.statusReason ? `${label}（${o.statusReason}）` : label;
}

export function officersPage(input: OfficersPageInput): string {
  const { query, state, items, total, bodies, nextCursor, pageSize, baseUrl } = input;
  const filters = { q: query.q, status: query.status, bodyId: query.bodyId };
  const form = html`<form class="search-form" method="get" action="/officers" aria-label="筛选执法人员">
    <div class="form-grid">
      <div>
        <label for="officers-q">姓名或执法证号</label>
        <input id="officers-q" name="q" type="search" maxlength="50" value="${query.q}" />
      </div>
      <div>
        <label for="officers-status">状态</label>
        <select id="officers-status" name="status">
          ${option("", "全部状态", !query.status)}
          ${Object.entries(OFFICER_STATUS_LABELS).map(([value, label]) => option(value, label, query.status === value))}
        </select>
      </div>
      <div>
        <label for="officers-body">执法主体</label>
        ${bodySelect("officers-body", bodies, query.bodyId)}
      </div>
    </div>
    <div class="form-actions"><button type="submit">查询</button><a href="/officers">清除条件</a></div>
  </form>`;
  const results = html`${listSummary(total, false, state.start, items.length)}
  ${
    items.length
      ? dataTable(
          "officers-caption",
          "执法人员",
          ["姓名", "执法证号", "执法主体", "执法领域", "状态", "反馈"],
          items.map(
            (o) =>
              html`<tr>
                <th scope="row">${o.name}</th>
                <td class="mono">${o.certificateNo}</td>
                <td><a href="${pathOf("bodies", o.bodyId)}">${o.bodyName ?? "—"}</a></td>
                <td>${o.fields.join("、") || "—"}</td>
                <td>${statusOf(o)}</td>
                <td class="no-print">
                  <a href="${href("/feedback", { targetType: "officer", targetId: o.id })}">提意见</a>
                </td>
              </tr>`,
          ),
        )
      : html`<p>
          <strong>未找到符合条件的执法人员。</strong>请核对姓名或执法证号，或<a href="/officers">查看全部</a>。
        </p>`
  }
  ${pagerNav({ path: "/officers", filters, state, shown: items.length, pageSize, nextCursor })}`;
  const body = html`<h1>执法人员</h1>
    <p>持证上岗的行政执法人员名录。执法时应出示执法证件，可按姓名或执法证号核对其身份和状态。</p>
    ${form} ${section("results", "执法人员名录", results)}`;
  return layout({ title: "执法人员", body, activeNav: "officers", baseUrl, path: "/officers" });
}
