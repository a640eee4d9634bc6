/**
 * 行政规范性文件 on the portal: the register (by body, status on today, year of publication, words;
 * paged with its total) and each document's page — its full text, 文号 and 登记号, the dates
 * 成文/发布/施行, its validity and status with the dated history, a banner over a text that no
 * longer binds, the documents that amended it, and its 政策解读 beside it.
 */
import { DOCUMENT_STATUS_LABELS, DOCUMENT_STATUSES, validityBasisLabel } from "../../shared/documents.js";
import type { PublicDocumentDetail, PublicDocumentItem } from "../../services/feed/contract.js";
import { html, pathOf, type SafeHtml } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { listSummary, pagerNav, type PageState } from "./pager.js";
import { bodySelect, type BodyChoice } from "./powers.js";
import { dataTable, dateTag, fieldList, option, paragraphs, section } from "./parts.js";

export const DOCUMENTS_PATH = "/documents";
export const DOCUMENTS_ATOM_PATH = "/api/public/documents.atom";

export interface DocumentsQuery {
  q?: string;
  bodyId?: string;
  status?: string;
  year?: string;
}

export interface DocumentsPageInput extends PageContext {
  query: DocumentsQuery;
  state: PageState;
  items: readonly PublicDocumentItem[];
  total: number;
  bodies: readonly BodyChoice[];
  nextCursor: string | null;
  pageSize: number;
  /** The years to choose from, newest first. */
  years: readonly number[];
}

/** The status as a word in a badge (colour never alone): 有效 plain, the others marked. */
export function documentStatusBadge(status: string, label: string): SafeHtml {
  const modifier = status === "valid" ? "published" : status === "amended" ? "corrected" : "expired";
  return html`<span class="badge badge--${modifier}">${label}</span>`;
}

export function documentsPage(input: DocumentsPageInput): string {
  const { query, state, items, total, bodies, nextCursor, pageSize, baseUrl, years } = input;
  const filters = { q: query.q, bodyId: query.bodyId, status: query.status, year: query.year };
  const form = html`<form class="search-form" method="get" action="${DOCUMENTS_PATH}" aria-label="筛选规范性文件">
    <div class="form-grid">
      <div>
        <label for="documents-q">标题、文号、登记号或正文</label>
        <input id="documents-q" name="q" type="search" maxlength="50" value="${query.q}" />
      </div>
      <div>
        <label for="documents-body">制定机关</label>
        ${bodySelect("documents-body", bodies, query.bodyId)}
      </div>
      <div>
        <label for="documents-status">效力状态</label>
        <select id="documents-status" name="status">
          ${option("", "全部状态", !query.status)}
          ${DOCUMENT_STATUSES.map((s) => option(s, DOCUMENT_STATUS_LABELS[s], query.status === s))}
        </select>
      </div>
      <div>
        <label for="documents-year">发布年份</label>
        <select id="documents-year" name="year">
          ${option("", "全部年份", !query.year)}
          ${years.map((y) => option(String(y), `${y}年`, query.year === String(y)))}
        </select>
      </div>
    </div>
    <div class="form-actions"><button type="submit">查询</button><a href="${DOCUMENTS_PATH}">清除条件</a></div>
  </form>`;
  const results = html`${listSummary(total, false, state.start, items.length)}
  ${
    items.length
      ? dataTable(
          "documents-caption",
          "规范性文件",
          ["标题", "文号", "登记号", "制定机关", "发布日期", "效力状态"],
          items.map(
            (d) =>
              html`<tr>
                <th scope="row"><a href="${pathOf("documents", d.id)}">${d.title}</a></th>
                <td>${d.docNumber}</td>
                <td class="mono">${d.registrationNo}</td>
                <td>${d.bodyName ?? "—"}</td>
                <td>${dateTag(d.publishedOn)}</td>
                <td>${documentStatusBadge(d.status.status, d.status.label)}</td>
              </tr>`,
          ),
        )
      : html`<p><strong>未找到符合条件的规范性文件。</strong>请减少条件或<a href="${DOCUMENTS_PATH}">查看全部</a>。</p>`
  }
  ${pagerNav({ path: DOCUMENTS_PATH, filters, state, shown: items.length, pageSize, nextCursor })}`;
  const body = html`<h1>行政规范性文件</h1>
    <p>
      各行政机关制定的行政规范性文件，统一登记、统一编号、统一发布，与政策解读同步公开。已失效、废止或修改的文件仍可查阅，页面标明其效力状态。
    </p>
    <p><a href="${DOCUMENTS_ATOM_PATH}" type="application/atom+xml">Atom 订阅：规范性文件</a></p>
    ${form} ${section("results", "文件目录", results)}`;
  return layout({
    title: "行政规范性文件",
    body,
    baseUrl,
    path: DOCUMENTS_PATH,
    feeds: [{ title: "行政规范性文件（Atom）", href: DOCUMENTS_ATOM_PATH }],
  });
}

export interface DocumentPageInput extends PageContext {
  document: PublicDocumentDetail;
  /** Titles of the documents it links to (amending ones), where the feed has them. */
  titles: ReadonlyMap<string, string>;
}

function documentLink(id: string, titles: ReadonlyMap<string, string>): SafeHtml {
  return html`<a href="${pathOf("documents", id)}">${titles.get(id) ?? "查看修改文件"}</a>`;
}

function interpretations(d: PublicDocumentDetail): SafeHtml {
  if (!d.interpretations.length) return html`<p>本文件暂无政策解读。</p>`;
  return html`${d.interpretations.map(
    (i, n) =>
      html`<article class="interpretation" id="interpretation-${n + 1}" aria-labelledby="interpretation-${n + 1}-h">
        <h3 id="interpretation-${n + 1}-h">《${d.title}》政策解读${d.interpretations.length > 1 && `（${n + 1}）`}</h3>
        ${fieldList([
          ["解读类型", i.timingLabel],
          ["起草单位", i.draftingUnit],
          ["解读人", i.interpreter],
          ["发布日期", i.publishedOn ? dateTag(i.publishedOn) : "—"],
        ])}
        ${i.text && html`<div class="prose">${paragraphs(i.text)}</div>`}
        ${
          i.qa.length > 0 &&
          html`<h4>简明问答</h4>
            <dl class="qa">
              ${i.qa.map(
                (q) =>
                  html`<div>
                    <dt>问：${q.question}</dt>
                    <dd>答：${paragraphs(q.answer)}</dd>
                  </div>`,
              )}
            </dl>`
        }
        ${i.graphics.map(
          (g) =>
            html`<figure>
              <img src="${g.url}" alt="${g.alt}" />
              <figcaption>${g.alt}</figcaption>
            </figure>`,
        )}
        <p><a href="#text">对照查看文件正文</a></p>
      </article>`,
  )}`;
}

export function documentPage({ document: d, titles, baseUrl }: DocumentPageInput): string {
  const s = d.status;
  const body = html`<h1>${d.title}</h1>
    ${
      d.banner &&
      html`<div class="banner banner--${s.status === "valid" ? "valid" : "expired"}" role="note">
        <p class="banner__title">${s.label}</p>
        <p>${d.banner}</p>
        ${s.amendedBy.length > 0 && html`<p>修改文件：${s.amendedBy.map((id) => documentLink(id, titles))}</p>`}
      </div>`
    }
    ${section(
      "info",
      "文件信息",
      fieldList([
        ["文号", d.docNumber],
        ["登记号", html`<span class="mono">${d.registrationNo}</span>`],
        ["制定机关", html`<a href="${pathOf("bodies", d.bodyId)}">${d.bodyName || "查看制定机关"}</a>`],
        ["成文日期", dateTag(d.signedOn)],
        ["发布日期", dateTag(d.publishedOn)],
        ["施行日期", dateTag(d.effectiveFrom)],
        ["有效期至", html`${dateTag(d.validUntil)}${d.validityBasis && `（${validityBasisLabel(d.validityBasis)}）`}`],
        ["效力状态", html`${documentStatusBadge(s.status, s.label)} 自${dateTag(s.since)}`],
        ...(s.repeal ? [["废止理由", s.repeal.reason] as const] : []),
        ...(s.amendedBy.length
          ? [["修改文件", html`${s.amendedBy.map((id) => html`${documentLink(id, titles)} `)}`] as const]
          : []),
        ...(d.interpretations.length ? [["政策解读", html`<a href="#interpretation">查看政策解读</a>`] as const] : []),
        ...(d.consultationId
          ? [
              [
                "征求意见",
                html`<a href="${pathOf("consultations", d.consultationId)}">查看征求意见及采纳情况</a>`,
              ] as const,
            ]
          : []),
      ]),
    )}
    ${section(
      "history",
      "效力变化",
      html`<ol class="steps">
        ${d.history.map(
          (h) =>
            html`<li>
              ${dateTag(h.on)}：${h.text}${h.reason && `（理由：${h.reason}）`}${
                h.amendedBy && html`，见${documentLink(h.amendedBy, titles)}`
              }
            </li>`,
        )}
      </ol>`,
    )}
    <div class="document-columns">
      ${section("text", "文件正文", html`<div class="prose">${paragraphs(d.text)}</div>`)}
      ${section("interpretation", "政策解读", interpretations(d))}
    </div>
    ${section("basis", "制定依据", html`<div class="prose">${paragraphs(d.legalBasis)}</div>`)}
    ${
      d.attachments.length > 0 &&
      section(
        "attachments",
        "附件",
        html`<ul>
          ${d.attachments.map((f) => html`<li><a href="${f.url}">${f.name}</a></li>`)}
        </ul>`,
      )
    }
    <p><a href="${DOCUMENTS_PATH}">返回规范性文件目录</a></p>`;
  return layout({ title: d.title, body, baseUrl, path: pathOf("documents", d.id) });
}
