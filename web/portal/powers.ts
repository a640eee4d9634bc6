/** The 权责清单 across bodies (事前公开): by category and body, searchable by name or code. */
import { POWER_CATEGORIES } from "../../shared/domain.js";
import { html, pathOf, type SafeHtml } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { listSummary, pagerNav, type PageState } from "./pager.js";
import type { PowerSummary } from "./body.js";
import { dataTable, option, section } from "./parts.js";

export interface ListedPower extends PowerSummary {
  bodyId: string;
  bodyName: string | null;
}

export interface PowersQuery {
  q?: string;
  category?: string;
  bodyId?: string;
}

/** A body to filter by: its id and name. */
export interface BodyChoice {
  id: string;
  name: string;
}

export interface PowersPageInput extends PageContext {
  query: PowersQuery;
  state: PageState;
  items: readonly ListedPower[];
  total: number;
  bodies: readonly BodyChoice[];
  nextCursor: string | null;
  pageSize: number;
}

/** The select of bodies a directory filters by; a body named in the query is kept even when not listed. */
export function bodySelect(id: string, bodies: readonly BodyChoice[], current: string | undefined): SafeHtml {
  const known = bodies.some((b) => b.id === current);
  return html`<select id="${id}" name="bodyId">
    ${option("", "全部执法主体", !current)}${current && !known && option(current, "（指定的执法主体）", true)}
    ${bodies.map((b) => option(b.id, b.name, b.id === current))}
  </select>`;
}

export function powersPage({ query, state, items, total, bodies, nextCursor, pageSize, baseUrl }: PowersPageInput) {
  const filters = { q: query.q, category: query.category, bodyId: query.bodyId };
  const form = html`<form class="search-form" method="get" action="/powers" aria-label="筛选权责事项">
    <div class="form-grid">
      <div>
        <label for="powers-q">事项名称或编码</label>
        <input id="powers-q" name="q" type="search" maxlength="50" value="${query.q}" />
      </div>
      <div>
        <label for="powers-category">类别</label>
        <select id="powers-category" name="category">
          ${option("", "全部类别", !query.category)}${POWER_CATEGORIES.map((c) => option(c, c, query.category === c))}
        </select>
      </div>
      <div>
        <label for="powers-body">执法主体</label>
        ${bodySelect("powers-body", bodies, query.bodyId)}
      </div>
    </div>
    <div class="form-actions"><button type="submit">查询</button><a href="/powers">清除条件</a></div>
  </form>`;
  const results = html`${listSummary(total, false, state.start, items.length)}
  ${
    items.length
      ? dataTable(
          "powers-caption",
          "权责事项",
          ["事项名称", "编码", "类别", "执法主体", "版本"],
          items.map(
            (p) =>
              html`<tr>
                <th scope="row"><a href="${pathOf("powers", p.id)}">${p.name}</a></th>
                <td class="mono">${p.code}</td>
                <td>${p.category}</td>
                <td><a href="${pathOf("bodies", p.bodyId)}">${p.bodyName ?? "—"}</a></td>
                <td>第 ${p.version} 版</td>
              </tr>`,
          ),
        )
      : html`<p><strong>未找到符合条件的权责事项。</strong>请减少条件或<a href="/powers">查看全部</a>。</p>`
  }
  ${pagerNav({ path: "/powers", filters, state, shown: items.length, pageSize, nextCursor })}`;
  const body = html`<h1>权责清单</h1>
    <p>各执法主体的行政职权事项：名称、编码、类别、依据和办理流程。点击事项名称查看其依据、裁量基准和历次调整。</p>
    ${form} ${section("results", "权责事项名录", results)}`;
  return layout({ title: "权责清单", body, activeNav: "powers", baseUrl, path: "/powers" });
}
