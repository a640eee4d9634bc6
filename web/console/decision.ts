/**
 * Decision entry (双公示 fields) and the redaction preview: exactly what the public will see, with
 * every masked span highlighted and labelled with the rule that masked it.
 */
import { PENALTY_CATEGORIES } from "../../shared/rules.js";
import { LICENCE_CATEGORIES, LICENCE_OUTCOMES } from "../../shared/public-record.js";
import { html, raw, type HtmlValue, type SafeHtml } from "../html/html.js";
import type { PreviewView, Redaction } from "../../services/results/contract.js";
import { lines, value, type ConsoleContext } from "./context.js";
import { labelOf, REDACTION_RULE_LABELS } from "./labels.js";
import {
  checkboxes,
  csrfField,
  day,
  errorSummary,
  field,
  select,
  table,
  textarea,
  zhMessage,
  type FieldErrors,
} from "./layout.js";

/** A preview, with the values as entered to show where each masked span was. */
export type DecisionPreview = PreviewView & { original?: Record<string, unknown> };

/** Field paths of a decision, in Chinese. */
export const FIELD_LABELS: Record<string, string> = {
  title: "案件名称",
  facts: "违法事实",
  conclusion: "决定内容（结论）",
  basis: "依据",
  "penalty.content": "处罚内容",
  "penalty.licenceAction": "暂扣或吊销证照",
  "penalty.violationType": "违法行为类型",
  "licence.content": "许可内容",
  "party.name": "当事人名称",
  "party.address": "当事人地址",
  "party.legalRepresentative": "法定代表人",
  "party.idNumber": "身份证号码",
  "party.phone": "联系电话",
  "party.email": "电子邮箱",
  "party.bankAccount": "银行账号",
  "party.minor": "未成年人标记",
};

function at(obj: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function numberOrText(v: string | undefined): number | string | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.replace(/,/g, ""));
  return Number.isFinite(n) ? n : v;
}

/** The decision action's params from the form. */
export function decisionParams(f: URLSearchParams, kind: string): Record<string, unknown> & { facts?: string } {
  const p: Record<string, unknown> = {
    kind,
    decisionNo: f.get("decisionNo")?.trim() ?? "",
    decidedOn: f.get("decidedOn")?.trim() ?? "",
    conclusion: f.get("conclusion")?.trim() ?? "",
    basis: f.get("basis")?.trim() ?? "",
  };
  const facts = value(f, "facts");
  if (facts) p.facts = facts;
  if (kind === "行政处罚") {
    const penalty: Record<string, unknown> = {
      categories: f.getAll("penalty.categories"),
      content: f.get("penalty.content")?.trim() ?? "",
    };
    for (const key of ["fineAmount", "confiscatedAmount"]) {
      const n = numberOrText(value(f, `penalty.${key}`));
      if (n !== undefined) penalty[key] = n;
    }
    for (const key of ["licenceAction", "violationType"]) {
      const v = value(f, `penalty.${key}`);
      if (v) penalty[key] = v;
    }
    p.penalty = penalty;
  }
  if (kind === "行政许可") {
    const licence: Record<string, unknown> = {};
    for (const key of [
      "outcome",
      "documentName",
      "category",
      "certificateName",
      "licenceNo",
      "content",
      "validFrom",
      "validTo",
    ]) {
      const v = value(f, `licence.${key}`);
      if (v) licence[key] = v;
    }
    p.licence = licence;
  }
  const maskNames = lines(f.get("maskNames") ?? undefined);
  if (maskNames.length) p.maskNames = maskNames;
  return p;
}

/** Running text whose line breaks count: no whitespace of the template may enter it. */
function textBlock(content: HtmlValue): SafeHtml {
  return html`<p class="masked-text">${content}</p>`;
}

/** The original text of one field with each masked span replaced by its highlighted replacement. */
function highlighted(original: string, spans: Redaction[]): SafeHtml {
  const parts: HtmlValue[] = [];
  let from = 0;
  for (const r of [...spans].sort((a, b) => a.start - b.start)) {
    parts.push(original.slice(from, r.start));
    const rule = labelOf(REDACTION_RULE_LABELS, r.rule);
    parts.push(
      html`<mark class="masked" title="${rule}：原文已隐去"
        >${r.replacement}<span class="rule">〔${rule}〕</span></mark
      >`,
    );
    from = r.end;
  }
  parts.push(original.slice(from));
  return html`${parts}`;
}

const STAGE_HEADINGS: Record<string, string> = {
  decision: "保存决定时将被拒绝：",
  publication: "发布公示时将被拒绝：",
};

/** The refusals the real decision and publication would meet, in Chinese, and the warnings. */
function refusalList(p: DecisionPreview): SafeHtml {
  const refusals = p.refusals ?? (p.blocked ? [{ stage: "publication", ...p.blocked }] : []);
  const warnings = p.warnings ?? [];
  const stages = ["decision", "publication"].filter((s) => refusals.some((r) => r.stage === s));
  return html`${stages.map(
    (stage) =>
      html`<div class="blocked refusals" role="alert" data-stage="${stage}">
        <strong>${STAGE_HEADINGS[stage]}</strong>
        <ul>
          ${refusals
            .filter((r) => r.stage === stage)
            .map((r) => html`<li data-type="${r.type}">${zhMessage({ type: r.type, message: r.reason })}</li>`)}
        </ul>
      </div>`,
  )}
  ${
    warnings.length > 0 &&
    html`<div class="warnings" role="status">
      <ul>
        ${warnings.map((w) => html`<li data-type="${w.type}">${zhMessage({ type: w.type, message: w.reason })}</li>`)}
      </ul>
    </div>`
  }`;
}

export function redactionPreview(p: DecisionPreview): SafeHtml {
  const dropped = p.redactions.filter((r) => r.rule === "dropped-field");
  const byField = new Map<string, Redaction[]>();
  for (const r of p.redactions) {
    if (r.rule === "dropped-field") continue;
    byField.set(r.field, [...(byField.get(r.field) ?? []), r]);
  }
  return html`<section class="preview" aria-labelledby="preview-h">
    <h2 id="preview-h">公示预览：公众将看到的内容</h2>
    ${refusalList(p)}
    ${table(
      ["项目", "公示内容"],
      // Dates as the portal shows them (年月日): this is what the public will read.
      p.fields.map((f) => [f.label, /^\d{4}-\d{2}-\d{2}$/.test(f.value) ? day(f.value) : f.value]),
    )}
    ${(p.sections ?? []).map(
      (s) =>
        html`<h3>${s.heading}</h3>
          ${textBlock(s.body)}`,
    )}
    <h3>隐去标注（共 ${p.redactions.length} 处）</h3>
    ${p.redactions.length === 0 && html`<p>没有需要隐去的内容。请再次核对是否有未标记的自然人姓名。</p>`}
    ${[...byField].map(([name, spans]) => {
      const original = at(p.original, name);
      return html`<h4>${labelOf(FIELD_LABELS, name)}</h4>
        ${textBlock(
          typeof original === "string"
            ? highlighted(original, spans)
            : spans.map(
                (s) =>
                  html`<mark class="masked"
                    >${s.replacement}<span class="rule">〔${labelOf(REDACTION_RULE_LABELS, s.rule)}〕</span></mark
                  > `,
              ),
        )}`;
    })}
    ${
      dropped.length > 0 &&
      html`<p>
        不予公开的字段：${dropped.map((d) => html`<mark class="masked">${labelOf(FIELD_LABELS, d.field)}<span class="rule">〔${labelOf(REDACTION_RULE_LABELS, d.rule)}〕</span></mark> `)}
      </p>`
    }
  </section>`;
}

interface CaseForForm {
  id: string;
  title: string;
  category: string;
  facts: string;
  otherNames: string[];
}

export interface DecisionFormOptions {
  /** Values to show; by default the POSTed form (or nothing on GET). */
  values?: URLSearchParams;
  /** A correction of a published decision: a reason and one confirmed submit, to another address. */
  correction?: { resultId: string; extra?: SafeHtml; draft?: boolean };
}

export function decisionForm(
  c: ConsoleContext,
  view: CaseForForm,
  errors: FieldErrors,
  preview?: DecisionPreview,
  opts: DecisionFormOptions = {},
): SafeHtml {
  const f = opts.values ?? c.form;
  const get = (name: string) => (opts.values || c.req.method === "POST" ? (f.get(name) ?? undefined) : undefined);
  const kind = view.category;
  const correction = opts.correction;
  const title = correction?.draft ? "修改决定草稿" : correction ? "更正执法决定" : "录入执法决定";
  return html`<h1>${title}</h1>
    <p class="lead">案件：<a href="/console/cases/${view.id}">${view.title}</a>（${kind}）</p>
    ${
      correction &&
      !correction.draft &&
      html`<p>更正将发布新版本的公示并取代原公示，原公示标注为“已更正”并保留更正理由。只会提交您修改过的项目。</p>`
    }
    ${errorSummary(errors, FIELD_LABELS)}
    <form
      method="post"
      action="${correction ? `/console/results/${correction.resultId}/correct` : `/console/cases/${view.id}/decision`}"
      novalidate
      ${!correction && raw("data-live-preview")}
    >
      ${csrfField(c.csrf)}
      ${correction && field({ name: "partyName", label: "当事人名称", value: get("partyName"), errors, maxlength: 200 })}
      ${field({ name: "decisionNo", label: "行政决定文书号", value: get("decisionNo"), errors, required: true, maxlength: 100 })}
      ${field({ name: "decidedOn", label: "决定日期", type: "date", value: get("decidedOn"), errors, required: true })}
      ${textarea({ name: "facts", label: "违法事实（公示文本）", hint: "默认为立案时的案件事实，可修改。", value: get("facts") ?? view.facts, errors, rows: 5, maxlength: 20000 })}
      ${textarea({ name: "conclusion", label: "决定内容（结论）", value: get("conclusion"), errors, required: true, rows: 3, maxlength: 5000 })}
      ${textarea({ name: "basis", label: "依据（法律条款）", value: get("basis"), errors, required: true, rows: 2, maxlength: 5000 })}
      ${
        kind === "行政处罚" &&
        html`<fieldset class="group">
          <legend>处罚（双公示）</legend>
          ${checkboxes({
            name: "penalty.categories",
            legend: "处罚类别",
            options: PENALTY_CATEGORIES.map((x) => [x, x]),
            checked: f.getAll("penalty.categories"),
            errors,
          })}
          ${textarea({ name: "penalty.content", label: "处罚内容", value: get("penalty.content"), errors, required: true, rows: 2, maxlength: 5000 })}
          ${field({ name: "penalty.fineAmount", label: "罚款金额（元）", value: get("penalty.fineAmount"), errors, type: "number", step: "0.01" })}
          ${field({ name: "penalty.confiscatedAmount", label: "没收违法所得、没收非法财物的金额（元）", value: get("penalty.confiscatedAmount"), errors, type: "number", step: "0.01" })}
          ${field({ name: "penalty.violationType", label: "违法行为类型", value: get("penalty.violationType"), errors, maxlength: 200 })}
          ${field({ name: "penalty.licenceAction", label: "暂扣或吊销证照名称及编号", value: get("penalty.licenceAction"), errors, maxlength: 500 })}
        </fieldset>`
      }
      ${
        kind === "行政许可" &&
        html`<fieldset class="group">
          <legend>许可（双公示）</legend>
          ${select({ name: "licence.outcome", label: "许可决定", options: LICENCE_OUTCOMES.map((x) => [x, x]), value: get("licence.outcome") ?? "准予许可", errors })}
          ${field({ name: "licence.documentName", label: "许可决定文书名称", value: get("licence.documentName"), errors, maxlength: 200 })}
          ${select({ name: "licence.category", label: "许可类别", options: LICENCE_CATEGORIES.map((x) => [x, x]), value: get("licence.category") ?? "普通", errors })}
          ${field({ name: "licence.certificateName", label: "许可证书名称", value: get("licence.certificateName"), errors, maxlength: 200 })}
          ${field({ name: "licence.licenceNo", label: "许可编号", value: get("licence.licenceNo"), errors, maxlength: 100 })}
          ${textarea({ name: "licence.content", label: "许可内容", value: get("licence.content"), errors, rows: 2, maxlength: 5000 })}
          ${field({ name: "licence.validFrom", label: "有效期自", type: "date", value: get("licence.validFrom"), errors })}
          ${field({ name: "licence.validTo", label: "有效期至", type: "date", value: get("licence.validTo"), errors })}
        </fieldset>`
      }
      ${textarea({
        name: "maskNames",
        label: "另需隐去的姓名",
        hint: `每行一个。立案时已标记：${view.otherNames.join("、") || "无"}。当事人为自然人时，其姓名按规则处理。`,
        value: get("maskNames"),
        errors,
        rows: 3,
      })}
      ${
        correction
          ? correction.draft
            ? html`${textarea({ name: "reason", label: "修改说明（记入版本记录）", value: get("reason"), errors, required: true, rows: 2, maxlength: 1000 })}
                <div class="actions"><button type="submit" class="primary">保存修改（草稿，暂不公示）</button></div>`
            : html`${correction.extra ?? ""}
                ${textarea({ name: "reason", label: "更正理由（将公开）", value: get("reason"), errors, required: true, rows: 2, maxlength: 1000 })}
                ${checkboxes({ name: "confirm", legend: "确认", options: [["yes", "我已核对更正内容，确认发布更正后的公示"]], checked: [], errors, required: true })}
                <div class="actions"><button type="submit" class="primary">发布更正</button></div>`
          : html`<div class="actions">
              <button type="submit" name="intent" value="preview">预览公示内容</button>
              <button type="submit" name="intent" value="save" class="primary">保存决定（草稿，暂不公示）</button>
            </div>`
      }
    </form>
    <p class="hint live-status" role="status" aria-live="polite"></p>
    ${preview && redactionPreview(preview)}`;
}
