/**
 * 双随机、一公开 on the portal: a draw plan's page (what the draw reads, the commitment published
 * before it, the seed and the selection after it, and how anyone recomputes it), and the plans
 * section of a body's page.
 */
import type { InspectedEntity, InspectedParams } from "../../services/feed/inspections-contract.js";
import type { PlanResult, PublicPlan } from "../../services/inspections/contract.js";
import { INSPECTION_OUTCOMES } from "../../shared/inspections/results.js";
import { chineseDate } from "../../shared/dates.js";
import { html, pathOf, type SafeHtml } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { listSummary, pagerNav, type PageState } from "./pager.js";
import { dataTable, fieldList, option, section } from "./parts.js";

const STATUS: Record<PublicPlan["status"], string> = {
  committed: "已公布，待抽取",
  drawn: "已抽取",
  superseded: "已被新计划更正",
};

const when = (iso: string): string =>
  new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });

export const planPath = (id: string): string => pathOf("inspection-plans", id);

/** A body's plans, newest first, on its page. */
export function bodyPlansSection(plans: readonly PublicPlan[] | undefined): SafeHtml | "" {
  if (!plans) return "";
  return section(
    "inspection-plans",
    "双随机抽查计划",
    html`${
        plans.length
          ? dataTable(
              "inspection-plans-caption",
              "抽查计划（最新的在前）",
              ["计划", "状态", "抽取时间", "抽取数量"],
              plans.map(
                (p) =>
                  html`<tr>
                    <th scope="row"><a href="${planPath(p.id)}">${p.title}</a></th>
                    <td>${STATUS[p.status]}</td>
                    <td>${when(p.drawAt)}</td>
                    <td>${p.size} / ${p.pool.size}</td>
                  </tr>`,
              ),
            )
          : html`<p>暂无双随机抽查计划。</p>`
      }
      <p class="more"><a href="/inspection-results">查询各机关的双随机抽查结果</a></p>`,
  );
}

function resultCell(r: PlanResult | null | undefined): SafeHtml | string {
  if (!r) return "待公开";
  return html`${r.outcome}（${chineseDate(r.inspectedOn)}检查${r.late ? "，逾期公开" : ""}）${
    r.summary && html`<br />${r.summary}`
  }${r.noticeId && html`<br /><a href="${pathOf("notices", r.noticeId)}">行政处罚公示</a>`}`;
}

export function planPage(baseUrl: string, p: PublicPlan): string {
  const names = new Map(p.officers.map((o) => [o.id, o.name]));
  const body = html`<h1>${p.title}</h1>
    <p class="lead">${p.bodyName} · ${STATUS[p.status]}</p>
    ${
      p.corrects &&
      html`<p class="notice-banner">
        本计划更正了<a href="${planPath(p.corrects.planId)}">此前的计划</a>，理由：${p.corrects.reason}
      </p>`
    }
    ${
      p.supersededBy &&
      html`<p class="notice-banner">本计划已被<a href="${planPath(p.supersededBy)}">新的计划</a>更正，不再抽取。</p>`
    }
    ${section(
      "plan",
      "抽查计划",
      fieldList([
        ["抽查事项", `${p.inspectionItem.project}${p.inspectionItem.subItem ? `（${p.inspectionItem.subItem}）` : ""}`],
        ["检查依据", p.inspectionItem.basis],
        ["检查方式", p.inspectionItem.method],
        ["检查对象名录", `${p.pool.name} 第 ${p.pool.version} 版，共 ${p.pool.size} 个对象`],
        ["名录 SHA-256", html`<span class="mono">${p.poolSha256}</span>`],
        [
          "抽取数量",
          `${p.size} 个对象${p.ratio !== null ? `（比例 ${p.ratio}）` : ""}，每个对象 ${p.officersPerEntity} 名执法人员`,
        ],
        ["执法人员库", `${p.officerField}：${p.officers.map((o) => o.name).join("、")}`],
        ["回避", p.conflicts.length ? `${p.conflicts.length} 项（执法人员不检查与其有利害关系的对象）` : "无"],
        ["公布时间", when(p.publishedAt)],
        ["抽取时间", when(p.drawAt)],
        ["检查截止", chineseDate(p.inspectBy)],
        [
          "检查结果",
          p.resultsDueOn
            ? `检查后 20 个工作日内公开，最迟 ${chineseDate(p.resultsDueOn)}${p.overdue ? `；${p.overdue} 个对象逾期未公开` : ""}`
            : "检查后 20 个工作日内公开",
        ],
      ]),
    )}
    ${section(
      "commitment",
      "抽取的可验证性",
      html`<p>
          计划公布时生成随机种子，只公开其 SHA-256 承诺值；抽取时揭晓种子。抽中对象按
          HMAC-SHA256（种子，统一社会信用代码）排序取前 ${p.size} 个，检查人员按相同方法分派（算法 ${p.algorithm}）。
          任何人可用 <code>npm run draw:verify -- ${p.url}</code> 以公开数据复核。
        </p>
        ${fieldList([
          ["承诺值", html`<span class="mono">${p.commitment}</span>`],
          ["随机种子", p.seed ? html`<span class="mono">${p.seed}</span>` : "抽取时揭晓"],
          ["公开数据", html`<a href="${p.url}">计划（JSON）</a> · <a href="${p.pool.url}">名录（JSON）</a>`],
        ])}`,
    )}
    ${
      p.selected &&
      section(
        "selected",
        "抽取结果",
        dataTable(
          "selected-caption",
          `抽中的检查对象（${when(p.drawnAt as string)} 抽取）`,
          ["序号", "检查对象", "统一社会信用代码", "类别", "检查人员", "检查结果"],
          p.selected.map(
            (s) =>
              html`<tr>
                <td>${s.rank}</td>
                <th scope="row">${s.name}</th>
                <td class="mono">${s.creditCode}</td>
                <td>${s.category || "—"}</td>
                <td>${s.officers.map((o) => names.get(o.id) ?? o.name).join("、")}</td>
                <td>${resultCell(s.result)}</td>
              </tr>`,
          ),
        ),
      )
    }`;
  return layout({ title: p.title, body, baseUrl, path: planPath(p.id) });
}

export interface InspectedPageInput extends PageContext {
  query: Pick<InspectedParams, "q" | "creditCode" | "outcome">;
  state: PageState;
  items: readonly InspectedEntity[];
  nextCursor: string | null;
  pageSize: number;
}

/** 双随机抽查结果查询: was this company drawn for inspection, and with what result? */
export function inspectedPage(input: InspectedPageInput): string {
  const { query, state, items, nextCursor, pageSize, baseUrl } = input;
  const form = html`<form class="search-form" method="get" action="/inspection-results" aria-label="查询抽查结果">
    <div class="form-grid">
      <div>
        <label for="inspected-q">检查对象名称</label>
        <input id="inspected-q" name="q" type="search" maxlength="50" value="${query.q}" />
      </div>
      <div>
        <label for="inspected-code">统一社会信用代码</label>
        <input id="inspected-code" name="creditCode" maxlength="18" value="${query.creditCode}" />
      </div>
      <div>
        <label for="inspected-outcome">检查结果</label>
        <select id="inspected-outcome" name="outcome">
          ${option("", "全部", !query.outcome)}
          ${[...INSPECTION_OUTCOMES, "待公开"].map((o) => option(o, o, query.outcome === o))}
        </select>
      </div>
    </div>
    <div class="form-actions"><button type="submit">查询</button><a href="/inspection-results">清除条件</a></div>
  </form>`;
  const results = html`${listSummary(undefined, false, state.start, items.length)}
  ${
    items.length
      ? dataTable(
          "inspected-caption",
          "抽查结果",
          ["检查对象", "统一社会信用代码", "抽查计划", "执法主体", "抽取时间", "检查结果"],
          items.map(
            (e) =>
              html`<tr>
                <th scope="row">${e.name}</th>
                <td class="mono">${e.creditCode}</td>
                <td><a href="${planPath(e.planId)}">${e.planTitle}</a></td>
                <td><a href="${pathOf("bodies", e.bodyId)}">${e.bodyName}</a></td>
                <td>${when(e.drawnAt)}</td>
                <td>${e.outcome ? `${e.outcome}（${chineseDate(e.inspectedOn as string)}检查）` : "待公开"}</td>
              </tr>`,
          ),
        )
      : html`<p><strong>未找到符合条件的抽查结果。</strong></p>`
  }
  ${pagerNav({ path: "/inspection-results", filters: query, state, shown: items.length, pageSize, nextCursor })}`;
  const body = html`<h1>双随机抽查结果</h1>
    <p>
      行政执法机关随机抽取检查对象和执法检查人员，抽取过程和检查结果向社会公开。可按名称或统一社会信用代码查询；
      数据也可<a href="/api/public/inspection-results.csv">下载为 CSV</a>或<a href="/api/public/inspection-plans.atom"
        >订阅 Atom</a
      >。
    </p>
    ${form} ${section("results", "抽查结果", results)}`;
  return layout({
    title: "双随机抽查结果",
    body,
    baseUrl,
    path: "/inspection-results",
    feeds: [{ title: "双随机抽查", href: "/api/public/inspection-plans.atom" }],
  });
}
