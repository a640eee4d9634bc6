/** The page of a power (权责清单 item): its legal basis, standards, procedure, remedies and versions. */
import { html, pathOf, SafeHtml } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { dataTable, dateTag, fieldList, paragraphs, section } from "./parts.js";

export interface LegalBasisInfo {
  law: string;
  article: string;
  text?: string | null;
}

export interface ProcedureStepInfo {
  name: string;
  description?: string | null;
}

/** One version of a power, as duties.powerVersionView answers. */
export interface PowerVersionInfo {
  version: number;
  code: string;
  name: string;
  category: string;
  basis: readonly LegalBasisInfo[];
  /** 裁量基准: prose, or rows of strings and {level, circumstance, measure}. */
  standards?: unknown;
  procedure?: readonly (string | ProcedureStepInfo)[] | null;
  timeLimitDays?: number | null;
  /** 救济渠道: prose, or a list of strings and {kind, organ, timeLimit, note}. */
  remedies?: unknown;
  supervisionPhone?: string | null;
  changeNote?: string | null;
  /** ISO 8601 instant. */
  effectiveFrom: string;
}

/** A power with its current version, as duties.powerView answers. */
export interface PowerInfo extends PowerVersionInfo {
  id: string;
  bodyId: string;
  bodyName?: string;
}

export interface PowerPageInput extends PageContext {
  power: PowerInfo;
  /** Every version, newest first. */
  history: readonly PowerVersionInfo[];
  /** The public replies and the feedback form (feedback.ts). */
  feedback?: SafeHtml;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textOf(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  return typeof value === "string" ? value : "";
}

/** 裁量基准 is stored as the officer entered it: prose, or rows of strings and structured rows. */
function standardsOf(value: unknown): SafeHtml {
  if (typeof value === "string" && value.trim()) return html`<div class="prose">${paragraphs(value)}</div>`;
  if (Array.isArray(value) && value.length > 0) {
    if (!value.some(isRecord))
      return html`<ul>
        ${value.map((s) => html`<li>${String(s)}</li>`)}
      </ul>`;
    return dataTable(
      "standards-caption",
      "行政裁量基准",
      ["裁量等级", "违法情形", "处理措施"],
      value.map((row) =>
        isRecord(row)
          ? html`<tr>
              ${textOf(row, "level") ? html`<th scope="row">${textOf(row, "level")}</th>` : html`<td>—</td>`}
              <td>${textOf(row, "circumstance")}</td>
              <td>${textOf(row, "measure")}</td>
            </tr>`
          : html`<tr>
              <td colspan="3">${String(row)}</td>
            </tr>`,
      ),
    );
  }
  return html`<p>未公布。</p>`;
}

/** 救济渠道: prose, or a list of strings and {kind, organ, timeLimit, note}. */
function remediesOf(value: unknown): SafeHtml {
  if (typeof value === "string" && value.trim()) return html`<div class="prose">${paragraphs(value)}</div>`;
  if (Array.isArray(value) && value.length > 0) {
    return html`<ul>
      ${value.map((r) => {
        if (!isRecord(r)) return html`<li>${String(r)}</li>`;
        const details = [
          textOf(r, "organ") && `受理机关：${textOf(r, "organ")}`,
          textOf(r, "timeLimit") && `期限：${textOf(r, "timeLimit")}`,
          textOf(r, "note"),
        ].filter((d) => d !== "");
        return html`<li>
          <strong>${textOf(r, "kind") || "其他"}</strong>${details.length > 0 && `：${details.join("；")}`}
        </li>`;
      })}
    </ul>`;
  }
  return html`<p>未公布。</p>`;
}

function lawName(law: string): string {
  return law.startsWith("《") ? law : `《${law}》`;
}

export function powerPage({ power: p, history, feedback, baseUrl }: PowerPageInput): string {
  const steps = (p.procedure ?? []).map((s) => (typeof s === "string" ? { name: s } : s));
  const body = html`<h1>${p.name}</h1>
    ${section(
      "info",
      "基本信息",
      fieldList([
        ["事项编码", html`<span class="mono">${p.code}</span>`],
        ["权力类别", p.category],
        ["执法主体", html`<a href="${pathOf("bodies", p.bodyId)}">${p.bodyName || "查看执法主体"}</a>`],
        ["现行版本", `第 ${p.version} 版`],
        ["生效时间", dateTag(p.effectiveFrom)],
        ["办理时限", typeof p.timeLimitDays === "number" ? `${p.timeLimitDays} 日` : "未公布"],
        ["监督电话", p.supervisionPhone || "未公布"],
      ]),
    )}
    ${section(
      "basis",
      "设定依据",
      p.basis.length
        ? html`<ol>
            ${p.basis.map(
              (b) =>
                html`<li>
                  <strong>${lawName(b.law)}</strong>${b.article}${
                    b.text && html`<blockquote class="basis-text">${paragraphs(b.text)}</blockquote>`
                  }
                </li>`,
            )}
          </ol>`
        : html`<p>未公布。</p>`,
    )}
    ${section("standards", "裁量基准", standardsOf(p.standards))}
    ${section(
      "procedure",
      "执法程序",
      steps.length
        ? html`<ol class="steps">
            ${steps.map((s) => html`<li><strong>${s.name}</strong>${s.description && paragraphs(s.description)}</li>`)}
          </ol>`
        : html`<p>未公布。</p>`,
    )}
    ${section("remedies", "救济渠道", remediesOf(p.remedies))}
    ${section(
      "history",
      "版本历史",
      history.length === 0
        ? html`<p>暂无版本记录。</p>`
        : dataTable(
            "history-caption",
            `版本历史（共 ${history.length} 版）`,
            ["版本", "名称", "类别", "生效时间", "修订说明"],
            history.map(
              (v) =>
                html`<tr>
                  <th scope="row">第 ${v.version} 版${v.version === p.version && "（现行）"}</th>
                  <td>${v.name}</td>
                  <td>${v.category}</td>
                  <td>${dateTag(v.effectiveFrom)}</td>
                  <td>${v.changeNote || "—"}</td>
                </tr>`,
            ),
          ),
    )}
    ${feedback}`;
  return layout({ title: p.name, body, baseUrl, path: pathOf("powers", p.id) });
}
