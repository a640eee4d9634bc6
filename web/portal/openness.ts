/**
 * A body's 政府信息公开 platform as the national layout has it (国办公开办函〔2019〕61号): four
 * sections in a fixed order — 政府信息公开指南, 政府信息公开制度, 法定主动公开内容 (the fifteen
 * categories of 条例 Art. 20, each at an anchor named by its stable id), 政府信息公开年报 — and the
 * page of one category with the body's records placed there, by kind, paged.
 */
import type {
  BodyOpenness,
  OpennessCategory,
  OpennessCategoryPage,
  OpennessItem,
  OpennessSection,
} from "../../services/feed/openness-contract.js";
import { OPENNESS_ITEM_KIND_LABELS, kindsIn } from "../../shared/documents.js";
import { href, html, pathOf, type SafeHtml } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { listSummary, pagerNav, type PageState } from "./pager.js";
import { chineseDateTag, dataTable, dateTag, fieldList, paragraphs, section } from "./parts.js";

export function opennessPath(bodyId: string, categoryId?: string): string {
  return categoryId ? pathOf("bodies", bodyId, "openness", categoryId) : pathOf("bodies", bodyId, "openness");
}

type Section<I extends OpennessSection["id"]> = Extract<OpennessSection, { id: I }>;

function guideContent(s: Section<"guide">): SafeHtml {
  const g = s.guide;
  if (!g) return html`<p>本机关尚未发布政府信息公开指南。</p>`;
  return html`<p class="meta">第 ${g.version} 版，更新于 ${chineseDateTag(g.updatedAt)}</p>
    <div class="guide-text">${paragraphs(g.text)}</div>
    ${
      g.versions.length > 1 &&
      html`<details>
        <summary>历次版本</summary>
        <ol>
          ${g.versions.map((v) => html`<li>第 ${v.version} 版，${chineseDateTag(v.publishedAt)}</li>`)}
        </ol>
      </details>`
    }`;
}

function rulesContent(s: Section<"rules">, bodyId: string): SafeHtml {
  if (!s.documents.length) return html`<p>暂无列入政府信息公开制度的文件。</p>`;
  return html`<ul class="document-list">
      ${s.documents.map(
        (d) =>
          html`<li>
            <a href="${pathOf("documents", d.id)}">${d.title}</a>
            <span class="mono">${d.docNumber}</span> · ${dateTag(d.publishedOn)} · ${d.statusLabel}
          </li>`,
      )}
    </ul>
    ${
      s.total > s.documents.length &&
      html`<p class="more"><a href="${href("/documents", { bodyId })}">查看本机关的全部文件</a></p>`
    }`;
}

function categoryRow(c: OpennessCategory, bodyId: string): SafeHtml {
  return html`<tr id="${c.id}">
    <td>${c.marker}</td>
    <th scope="row"><a href="${opennessPath(bodyId, c.id)}">${c.title}</a></th>
    <td>${c.basis}</td>
    <td>${c.retentionLabel}</td>
    <td>${c.count ? html`<a href="${opennessPath(bodyId, c.id)}">${c.count} 条</a>` : "暂无"}</td>
  </tr>`;
}

function statutoryContent(s: Section<"statutory">, bodyId: string): SafeHtml {
  return dataTable(
    "statutory-caption",
    "《中华人民共和国政府信息公开条例》第二十条规定主动公开的政府信息",
    ["项", "类别", "依据", "公开时限", "信息"],
    s.categories.map((c) => categoryRow(c, bodyId)),
  );
}

function annualReportsContent(s: Extract<OpennessSection, { id: "annual_reports" }>, bodyId: string): SafeHtml {
  return html`${
      s.reports.length
        ? html`<ul>
            ${s.reports.map(
              (r) => html`<li><a href="/reports/${r.id}">${r.title}</a>（${dateTag(r.publishedOn)}发布）</li>`,
            )}
          </ul>`
        : html`<p>尚未发布年度报告。</p>`
    }
    <p>
      <a href="${`${pathOf("bodies", bodyId)}#requests`}">依申请公开办理统计</a> ·
      <a href="${href("/api/public/request-stats", { bodyId })}">统计数据（JSON）</a>
    </p>`;
}

function sectionContent(s: OpennessSection, bodyId: string): SafeHtml {
  switch (s.id) {
    case "guide":
      return guideContent(s);
    case "rules":
      return rulesContent(s, bodyId);
    case "statutory":
      return statutoryContent(s, bodyId);
    case "annual_reports":
      return annualReportsContent(s, bodyId);
  }
}

export function opennessPage({ openness, baseUrl }: PageContext & { openness: BodyOpenness }): string {
  const b = openness.body;
  const body = html`<h1>${b.name}政府信息公开</h1>
    <p><a href="${pathOf("bodies", b.id)}">返回${b.name}</a></p>
    <nav class="toc no-print" aria-label="本页目录">
      <ul>
        ${openness.sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}
      </ul>
    </nav>
    ${openness.sections.map((s) =>
      section(
        s.id,
        s.title,
        html`<p class="basis">依据：${s.basis}</p>
          ${sectionContent(s, b.id)}`,
      ),
    )}`;
  return layout({ title: `${b.name}政府信息公开`, body, baseUrl, path: opennessPath(b.id) });
}

/** Where the public reads a listed record. */
function itemLink(item: OpennessItem, bodyId: string): string {
  switch (item.kind) {
    case "body":
      return pathOf("bodies", item.id);
    case "document":
      return pathOf("documents", item.id);
    case "power":
      return pathOf("powers", item.id);
    case "notice":
      return pathOf("notices", item.id);
    case "consultation":
      return pathOf("consultations", item.id);
    case "officer":
      return href("/officers", { bodyId, q: item.detail ?? item.title });
  }
}

export interface OpennessCategoryPageInput extends PageContext {
  page: OpennessCategoryPage;
  kind?: string;
  state: PageState;
  pageSize: number;
}

export function opennessCategoryPage(input: OpennessCategoryPageInput): string {
  const { page: p, kind, state, pageSize, baseUrl } = input;
  const b = p.body;
  const c = p.category;
  const path = opennessPath(b.id, c.id);
  const kinds = html`<nav class="filters no-print" aria-label="信息类型">
    <a href="${path}" ${!kind && html`aria-current="page"`}>全部</a>
    ${kindsIn(c.id).map(
      (k) =>
        html` ·
          <a href="${href(path, { kind: k })}" ${kind === k && html`aria-current="page"`}
            >${OPENNESS_ITEM_KIND_LABELS[k]}</a
          >`,
    )}
  </nav>`;
  const table = p.items.length
    ? dataTable(
        "category-caption",
        `${c.marker}${c.title}`,
        ["类型", "名称", "文号或编码", "日期", "公开时限"],
        p.items.map(
          (i) =>
            html`<tr>
              <td>${i.kindLabel}</td>
              <th scope="row"><a href="${itemLink(i, b.id)}">${i.title}</a></th>
              <td class="mono">${i.detail ?? "—"}</td>
              <td>${i.date ? dateTag(i.date) : "—"}</td>
              <td>${i.retentionLabel}</td>
            </tr>`,
        ),
      )
    : html`<p>本类别暂无信息。</p>`;
  const body = html`<h1>${b.name}：${c.marker}${c.title}</h1>
    <p>
      <a href="${opennessPath(b.id)}#${c.id}">返回${b.name}政府信息公开</a>
    </p>
    ${fieldList([
      ["依据", c.basis],
      ["公开时限", c.retentionLabel],
      ["信息数量", `${c.count} 条`],
    ])}
    ${kinds} ${listSummary(p.total, false, state.start, p.items.length)} ${table}
    ${pagerNav({ path, filters: { kind }, state, shown: p.items.length, pageSize, nextCursor: p.nextCursor })}`;
  return layout({ title: `${c.title} · ${b.name}`, body, baseUrl, path });
}
