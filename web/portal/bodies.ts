/** The directory of enforcement bodies (执法主体名录, 事前公开): by region, searchable, with their counts. */
import { LISTED_NOTICES_CAP } from "../../services/feed/contract.js";
import { html, pathOf, type SafeHtml } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { listSummary, pagerNav, type PageState } from "./pager.js";
import { type BodyInfo } from "./body.js";
import { dataTable, option, section } from "./parts.js";

export interface BodyCounts {
  officers: number;
  activeOfficers: number;
  powers: number;
  notices: number;
}

export interface ListedBody extends BodyInfo {
  /** Absent when the feed was asked for names only. */
  counts?: BodyCounts;
}

export interface BodiesQuery {
  q?: string;
  region?: string;
}

export interface BodiesPageInput extends PageContext {
  query: BodiesQuery;
  state: PageState;
  items: readonly ListedBody[];
  total: number;
  regions: readonly { value: string; count: number }[];
  nextCursor: string | null;
  pageSize: number;
}

function filterForm(query: BodiesQuery, regions: BodiesPageInput["regions"]): SafeHtml {
  return html`<form class="search-form" method="get" action="/bodies" aria-label="筛选执法主体">
    <div class="form-grid">
      <div>
        <label for="bodies-q">名称或统一社会信用代码</label>
        <input id="bodies-q" name="q" type="search" maxlength="50" value="${query.q}" />
      </div>
      <div>
        <label for="bodies-region">所在区域</label>
        <select id="bodies-region" name="region">
          ${option("", "全部区域", !query.region)}
          ${regions.map((r) => option(r.value, `${r.value}（${r.count}）`, query.region === r.value))}
        </select>
      </div>
    </div>
    <div class="form-actions"><button type="submit">查询</button><a href="/bodies">清除条件</a></div>
  </form>`;
}

/** A body's counts as cells; a count of notices past the feed's cap shows as "10000+". */
function countCells(c: BodyCounts | undefined): SafeHtml {
  if (!c)
    return html`<td class="num">—</td>
      <td class="num">—</td>
      <td class="num">—</td>`;
  const notices = c.notices > LISTED_NOTICES_CAP ? `${LISTED_NOTICES_CAP}+` : c.notices;
  return html`<td class="num">${notices}</td>
    <td class="num">${c.powers}</td>
    <td class="num">${c.officers}（${c.activeOfficers}）</td>`;
}

/** The bodies of one region as a table. */
function regionTable(region: string, index: number, bodies: readonly ListedBody[]): SafeHtml {
  return dataTable(
    `bodies-caption-${index}`,
    `${region}（本页 ${bodies.length} 个）`,
    ["执法主体", "统一社会信用代码", "公示决定", "权责事项", "执法人员（在岗）"],
    bodies.map(
      (b) =>
        html`<tr>
          <th scope="row"><a href="${pathOf("bodies", b.id)}">${b.name}</a></th>
          <td class="mono">${b.creditCode}</td>
          ${countCells(b.counts)}
        </tr>`,
    ),
  );
}

export function bodiesPage({ query, state, items, total, regions, nextCursor, pageSize, baseUrl }: BodiesPageInput) {
  const byRegion = new Map<string, ListedBody[]>();
  for (const b of [...items].sort((a, c) => a.region.localeCompare(c.region, "zh-CN"))) {
    byRegion.set(b.region, [...(byRegion.get(b.region) ?? []), b]);
  }
  const filters = { q: query.q, region: query.region };
  const results = html`${listSummary(total, false, state.start, items.length)}
  ${
    items.length
      ? [...byRegion.entries()].map(([region, bodies], i) => regionTable(region, i, bodies))
      : html`<p><strong>未找到符合条件的执法主体。</strong>请减少条件或<a href="/bodies">查看全部</a>。</p>`
  }
  ${pagerNav({ path: "/bodies", filters, state, shown: items.length, pageSize, nextCursor })}`;
  const body = html`<h1>执法主体</h1>
    <p>依法公开的行政执法主体，按所在区域排列；点击名称查看其执法人员、权责清单、随机抽查事项和公示决定。</p>
    ${filterForm(query, regions)} ${section("results", "执法主体名录", results)}`;
  return layout({ title: "执法主体", body, activeNav: "bodies", baseUrl, path: "/bodies" });
}
