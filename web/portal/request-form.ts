/**
 * 申请政府信息公开: the public's request form (政府信息公开条例 Art. 29) — who applies (a person with
 * an identity document, or a legal person or other organisation with its 统一社会信用代码), how to
 * reach them, which body, what information, in which form and how delivered — and the lookup of a
 * request by its tracking code. Plain forms, no JavaScript; errors sit beside their fields, listed
 * at the top, and the input is kept.
 */
import { problemMessageOf } from "../../shared/messages.js";
import { ID_TYPE_LABELS } from "../../shared/requests.js";
import { html, type HtmlValue, raw, type SafeHtml } from "../html/html.js";
import {
  DELIVERY_OPTIONS,
  ORGANISATION_KINDS,
  PROVISION_FORM_OPTIONS,
  requestInputOf,
  type FormValues,
} from "../html/request-input.js";
import { layout, type PageContext } from "./layout.js";
import { option } from "./parts.js";

export const REQUEST_FORM_PATH = "/requests/new";
export const REQUEST_LOOKUP_PATH = "/requests";

export interface RequestFieldError {
  field: string;
  message: string;
}

export interface BodyChoice {
  id: string;
  name: string;
}

/** The reader's words for a field, where the general message of the table says too little. */
const LOCAL_MESSAGES: Readonly<Record<string, string>> = {
  kind: "请选择申请人类别（自然人，或法人或其他组织的类别）。",
  name: "请填写申请人的姓名或名称（不超过 200 字）。",
  idType: "请选择证件类型。",
  bodyId: "请选择受理申请的行政机关。",
  description: "请描述所需政府信息的名称、文号或者便于查询的其他特征（不超过 5000 字）。",
  form: "请从列表中选择信息的提供形式。",
  delivery: "请从列表中选择获取信息的方式。",
};

/** The types whose own message names the problem better than the field's general wording. */
const SPECIFIC = new Set([
  "INVALID_RESIDENT_ID",
  "ID_NUMBER_FORMAT",
  "INVALID_CREDIT_CODE",
  "CREDIT_CODE_LENGTH",
  "CREDIT_CODE_CHARACTER",
  "CREDIT_CODE_CHECK",
  "CONTACT_REQUIRED",
  "APPLICANT_TYPE_MISMATCH",
  "UNKNOWN_BODY",
  "email",
  "stringMax",
  "UNSAFE_TEXT",
]);

/** A problem the service found, as the form shows it beside its input (words from shared/messages.ts). */
export function requestFieldError(problem: { field?: string; type?: string }): RequestFieldError {
  const field = requestInputOf(String(problem.field ?? ""));
  const table = problemMessageOf(problem);
  const local = LOCAL_MESSAGES[field];
  const message = (SPECIFIC.has(problem.type ?? "") ? table : undefined) ?? local ?? table ?? "请检查填写的内容。";
  return { field: field === "" ? "form" : field, message };
}

interface FormState {
  values: FormValues;
  errors: readonly RequestFieldError[];
}

function errorOf(s: FormState, field: string): string | undefined {
  return s.errors.find((e) => e.field === field)?.message;
}

function describedBy(s: FormState, field: string, hint?: boolean): HtmlValue {
  const ids = [hint && `rq-${field}-hint`, errorOf(s, field) && `rq-${field}-error`].filter(Boolean).join(" ");
  return ids ? html` aria-describedby="${ids}"` : false;
}

function invalid(s: FormState, field: string): HtmlValue {
  return errorOf(s, field) ? raw(' aria-invalid="true"') : false;
}

function errorLine(s: FormState, field: string): HtmlValue {
  const message = errorOf(s, field);
  return message && html`<p class="field-error" id="rq-${field}-error">${message}</p>`;
}

function input(
  s: FormState,
  field: string,
  label: string,
  opts: { type?: string; maxlength: number; hint?: string; autocomplete?: string; required?: boolean },
): SafeHtml {
  return html`<div class="field">
    <label for="rq-${field}">${label}${opts.required && html`<span class="req">（必填）</span>`}</label>
    ${opts.hint && html`<p class="hint" id="rq-${field}-hint">${opts.hint}</p>`}
    <input
      id="rq-${field}"
      name="${field}"
      type="${opts.type ?? "text"}"
      maxlength="${opts.maxlength}"
      value="${s.values[field] ?? ""}"
      ${opts.autocomplete && html`autocomplete="${opts.autocomplete}"`}${describedBy(s, field, !!opts.hint)}${invalid(s, field)}
    />
    ${errorLine(s, field)}
  </div>`;
}

function select(
  s: FormState,
  field: string,
  label: string,
  options: readonly (readonly [string, string])[],
  blank?: string,
  hint?: string,
): SafeHtml {
  const current = s.values[field] ?? "";
  return html`<div class="field">
    <label for="rq-${field}">${label}</label>
    ${hint && html`<p class="hint" id="rq-${field}-hint">${hint}</p>`}
    <select id="rq-${field}" name="${field}" ${describedBy(s, field, !!hint)}${invalid(s, field)}>
      ${blank !== undefined && option("", blank, current === "")}
      ${options.map(([value, text]) => option(value, text, value === current))}
    </select>
    ${errorLine(s, field)}
  </div>`;
}

function kindSelect(s: FormState): SafeHtml {
  const current = s.values.kind ?? "";
  return html`<div class="field">
    <label for="rq-kind">申请人类别<span class="req">（必填）</span></label>
    <select id="rq-kind" name="kind" ${describedBy(s, "kind")}${invalid(s, "kind")}>
      ${option("", "请选择", current === "")} ${option("natural_person", "自然人", current === "natural_person")}
      <optgroup label="法人或其他组织">
        ${ORGANISATION_KINDS.map(([value, text]) => option(value, text, value === current))}
      </optgroup>
    </select>
    ${errorLine(s, "kind")}
  </div>`;
}

/** The form; posting to /requests/new. */
export function requestForm(bodies: readonly BodyChoice[], s: FormState): SafeHtml {
  const contactError = errorOf(s, "contact");
  return html`<form method="post" action="${REQUEST_FORM_PATH}" class="feedback-form request-form" novalidate>
    ${
      s.errors.length > 0 &&
      html`<div class="note" role="alert">
        <p>申请未能提交，请检查以下内容：</p>
        <ul>
          ${s.errors.map((e) => html`<li>${e.message}</li>`)}
        </ul>
      </div>`
    }
    <fieldset>
      <legend>申请人</legend>
      ${kindSelect(s)} ${input(s, "name", "姓名或名称", { maxlength: 200, required: true, autocomplete: "name" })}
      <fieldset>
        <legend>自然人填写</legend>
        ${select(s, "idType", "证件类型", Object.entries(ID_TYPE_LABELS), "请选择")}
        ${input(s, "idNumber", "证件号码", { maxlength: 40, autocomplete: "off" })}
      </fieldset>
      <fieldset>
        <legend>法人或其他组织填写</legend>
        ${input(s, "creditCode", "统一社会信用代码", { maxlength: 40, hint: "18 位，见营业执照或登记证书。" })}
        ${input(s, "contactPerson", "联系人", { maxlength: 100 })}
      </fieldset>
    </fieldset>
    <fieldset
      id="rq-contact"
      ${contactError ? raw('aria-describedby="rq-contact-hint rq-contact-error"') : raw('aria-describedby="rq-contact-hint"')}
    >
      <legend>联系方式</legend>
      <p class="hint" id="rq-contact-hint">至少填写一项，用于告知补正、送达答复。</p>
      ${errorLine(s, "contact")} ${input(s, "phone", "联系电话", { type: "tel", maxlength: 40, autocomplete: "tel" })}
      ${input(s, "email", "电子邮箱", { type: "email", maxlength: 200, autocomplete: "email" })}
      ${input(s, "address", "通信地址", { maxlength: 300, autocomplete: "street-address" })}
    </fieldset>
    <fieldset>
      <legend>申请内容</legend>
      ${select(
        s,
        "bodyId",
        "受理机关（必填）",
        bodies.map((b) => [b.id, b.name]),
        "请选择",
      )}
      <div class="field">
        <label for="rq-description">所需政府信息的描述<span class="req">（必填）</span></label>
        <p class="hint" id="rq-description-hint">
          写明信息的名称、文号，或者便于查询的其他特征（如形成时间、所涉事项）。
        </p>
        <textarea
          id="rq-description"
          name="description"
          rows="6"
          maxlength="5000"
          ${describedBy(s, "description", true)}${invalid(s, "description")}
        >
${s.values.description ?? ""}</textarea>
        ${errorLine(s, "description")}
      </div>
    </fieldset>
    <fieldset>
      <legend>提供形式和获取方式</legend>
      ${select(s, "form", "信息的提供形式", PROVISION_FORM_OPTIONS)}
      ${select(s, "delivery", "获取信息的方式", DELIVERY_OPTIONS)}
    </fieldset>
    <div class="note" id="rq-privacy">
      <p><strong>个人信息的使用：</strong></p>
      <p>
        您填写的姓名或名称、证件号码和联系方式仅用于办理和答复本申请（《中华人民共和国政府信息公开条例》第二十九条），只有受理机关的工作人员可以查看，不会出现在任何公开页面、统计数据或办理进度查询中；平台日志中一律遮盖。
      </p>
    </div>
    <div class="form-actions"><button type="submit">提交申请</button></div>
  </form>`;
}

export interface RequestFormPageInput extends PageContext {
  bodies: readonly BodyChoice[];
  values?: FormValues;
  errors?: readonly RequestFieldError[];
}

export function requestFormPage({ baseUrl, bodies, values = {}, errors = [] }: RequestFormPageInput): string {
  const state: FormState = { values: { form: "email", delivery: "online", ...values }, errors };
  const body = html`<h1>申请政府信息公开</h1>
    <p>
      公民、法人或者其他组织可以向行政机关申请获取政府信息。提交后您将获得<strong>查询码</strong>，可凭查询码在<a
        href="${REQUEST_LOOKUP_PATH}"
        >办理进度查询</a
      >中查看办理进度和答复。
    </p>
    <p>
      网上提交的申请，以受理机关<strong>确认收到之日</strong>为收到申请之日；行政机关自收到申请之日起 20
      个工作日内予以答复，需要延长的，延长期限最长不超过 20 个工作日（《条例》第三十一条、第三十三条）。
    </p>
    ${requestForm(bodies, state)}`;
  return layout({
    title: errors.length ? "申请政府信息公开（请更正）" : "申请政府信息公开",
    body,
    baseUrl,
    path: REQUEST_FORM_PATH,
  });
}

export interface RequestLookupPageInput extends PageContext {
  trackingCode?: string;
  /** The code was looked up and not found. */
  notFound?: boolean;
}

export function requestLookupPage({ baseUrl, trackingCode, notFound }: RequestLookupPageInput): string {
  const body = html`<h1>政府信息公开申请办理进度查询</h1>
    <p>输入提交申请时获得的查询码（如 K7Q2-9MXD-4HRT），查看办理状态、答复期限和答复。查询结果不显示申请人身份。</p>
    <form method="get" action="${REQUEST_LOOKUP_PATH}" class="feedback-form">
      ${notFound && html`<div class="note" role="alert"><p>未找到该查询码对应的申请，请核对后重新输入。</p></div>`}
      <div class="field">
        <label for="rq-trackingCode">查询码</label>
        <input
          id="rq-trackingCode"
          name="trackingCode"
          type="text"
          maxlength="40"
          autocomplete="off"
          value="${trackingCode ?? ""}"
          ${notFound && raw('aria-invalid="true"')}
        />
      </div>
      <div class="form-actions"><button type="submit">查询</button></div>
    </form>
    <p><a href="${REQUEST_FORM_PATH}">提出新的政府信息公开申请</a></p>`;
  return layout({ title: "申请办理进度查询", body, baseUrl, path: REQUEST_LOOKUP_PATH });
}
