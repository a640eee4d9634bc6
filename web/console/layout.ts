/**
 * The officer console's page frame and form parts. Server-rendered, no JavaScript needed; Chinese
 * first; every field has a label, its error is tied to it (aria-describedby, aria-invalid) and
 * listed in a summary at the top that links to it; the values typed are kept on error.
 */
import type { Role } from "../../lib/auth.js";
import { html, raw, type HtmlValue, type SafeHtml } from "../html/html.js";
import { problemMessageOf } from "../../shared/messages.js";
import { chineseDate } from "../../shared/dates.js";
import { FAVICON_PATH, siteIdentityLines, siteSettings } from "../html/site.js";

export const CONSOLE_CSS_PATH = "/console/assets/console.css";
export const CONSOLE_JS_PATH = "/console/assets/console.js";
/** The console's name: the site's, and whose desk this is. */
export function consoleName(): string {
  return `${siteSettings().name} · 执法人员工作台`;
}

export interface ConsoleUser {
  id: string;
  username: string;
  displayName?: string;
  role: Role;
  bodyId: string | null;
  officerId: string | null;
}

export const ROLE_LABELS: Record<Role, string> = { admin: "系统管理员", officer: "执法人员", reviewer: "法制审核人员" };

type NavKey =
  | "dashboard"
  | "cases"
  | "results"
  | "intake"
  | "feedback"
  | "requests"
  | "documents"
  | "consultations"
  | "reports"
  | "imports"
  | "inspections"
  | "admin";

const NAV: readonly { key: NavKey; label: string; path: string; roles: readonly Role[] }[] = [
  { key: "dashboard", label: "工作台", path: "/console", roles: ["admin", "officer", "reviewer"] },
  { key: "cases", label: "案件", path: "/console/cases", roles: ["admin", "officer", "reviewer"] },
  { key: "results", label: "执法决定", path: "/console/results", roles: ["admin", "officer", "reviewer"] },
  { key: "intake", label: "办案系统推送", path: "/console/intake", roles: ["admin", "officer", "reviewer"] },
  { key: "feedback", label: "公众反馈", path: "/console/feedback", roles: ["admin", "officer", "reviewer"] },
  { key: "requests", label: "依申请公开", path: "/console/requests", roles: ["admin", "officer"] },
  { key: "documents", label: "规范性文件", path: "/console/documents", roles: ["admin", "officer"] },
  { key: "consultations", label: "征求意见", path: "/console/consultations", roles: ["admin", "officer"] },
  { key: "reports", label: "年度报告", path: "/console/reports", roles: ["admin", "officer"] },
  { key: "imports", label: "导入", path: "/console/imports", roles: ["admin", "officer"] },
  { key: "inspections", label: "双随机抽查", path: "/console/inspections", roles: ["officer"] },
  { key: "admin", label: "系统管理", path: "/console/admin", roles: ["admin", "officer"] },
];

export interface Flash {
  kind: "ok" | "error";
  text: string;
}

export interface ConsolePageInput {
  title: string;
  body: HtmlValue;
  user?: ConsoleUser;
  csrf?: string;
  active?: NavKey;
  flash?: Flash;
  /** Seconds after which the page reloads itself (a job's progress, without script). */
  refreshSeconds?: number;
}

export function consolePage({ title, body, user, csrf, active, flash, refreshSeconds }: ConsolePageInput): string {
  const identity = siteIdentityLines();
  const doc = html`<html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      ${refreshSeconds && html`<meta http-equiv="refresh" content="${refreshSeconds}" />`}
      <title>${title} - ${consoleName()}</title>
      <link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml" />
      <link rel="stylesheet" href="${CONSOLE_CSS_PATH}" />
      <script src="${CONSOLE_JS_PATH}" defer></script>
    </head>
    <body>
      <a class="skip-link" href="#main">跳到主要内容</a>
      <header class="console-header">
        <div class="wrap">
          <a class="console-name" href="/console">${consoleName()}</a>
          ${
            user &&
            html`<nav aria-label="工作台导航">
                <ul>
                  ${NAV.filter((n) => n.roles.includes(user.role)).map(
                    (n) =>
                      html`<li>
                        <a href="${n.path}" ${n.key === active && raw('aria-current="page"')}>${n.label}</a>
                      </li>`,
                  )}
                </ul>
              </nav>
              <form class="signout" method="post" action="/console/logout">
                <span>${user.displayName ?? user.username}（${ROLE_LABELS[user.role]}）</span>
                ${csrfField(csrf)}
                <button type="submit">退出登录</button>
              </form>`
          }
        </div>
      </header>
      <main id="main" tabindex="-1">
        <div class="wrap">
          ${flash && html`<div class="flash flash-${flash.kind}" role="${flash.kind === "error" ? "alert" : "status"}">${flash.text}</div>`}
          ${body}
        </div>
      </main>
      ${identity && html`<footer class="console-footer"><div class="wrap">${identity}</div></footer>`}
    </body>
  </html>`;
  return `<!DOCTYPE html>\n${doc}`;
}

export function csrfField(csrf: string | undefined): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf ?? ""}" />`;
}

/** Field errors by field name (dots for nested fields: party.name). */
export type FieldErrors = Record<string, string>;

function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** The list of what is wrong, at the top of a form, each linking to its field. */
export function errorSummary(errors: FieldErrors, labels: Record<string, string> = {}): HtmlValue {
  const entries = Object.entries(errors);
  if (!entries.length) return false;
  return html`<div class="error-summary" role="alert" tabindex="-1">
    <h2>请修改以下 ${entries.length} 处后再提交</h2>
    <ul>
      ${entries.map(([name, message]) =>
        name === "_form"
          ? html`<li>${message}</li>`
          : html`<li><a href="#${fieldId(name)}">${labels[name] ? `${labels[name]}：` : ""}${message}</a></li>`,
      )}
    </ul>
  </div>`;
}

export interface FieldInput {
  name: string;
  label: string;
  value?: string | number | null;
  errors?: FieldErrors;
  hint?: string;
  required?: boolean;
  type?: "text" | "date" | "number" | "password" | "tel" | "email";
  maxlength?: number;
  autocomplete?: string;
  step?: string;
}

function describedBy(id: string, hint?: string, error?: string): HtmlValue {
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return ids ? html` aria-describedby="${ids}"` : false;
}

function hintAndError(id: string, hint?: string, error?: string): HtmlValue {
  return html`${hint && html`<p class="hint" id="${id}-hint">${hint}</p>`}${
    error && html`<p class="field-error" id="${id}-error"><span class="visually-hidden">错误：</span>${error}</p>`
  }`;
}

export function field(f: FieldInput): SafeHtml {
  const id = fieldId(f.name);
  const error = f.errors?.[f.name];
  return html`<div class="field${error ? " has-error" : ""}">
    <label for="${id}">${f.label}${f.required && html`<span class="req" aria-hidden="true">*</span>`}</label>
    ${hintAndError(id, f.hint, error)}
    <input
      id="${id}"
      name="${f.name}"
      type="${f.type ?? "text"}"
      value="${f.value ?? ""}"
      ${f.required && raw("required")}
      ${f.maxlength && html`maxlength="${f.maxlength}"`}
      ${f.step && html`step="${f.step}"`}
      ${f.autocomplete && html`autocomplete="${f.autocomplete}"`}
      ${error && raw('aria-invalid="true"')}${describedBy(id, f.hint, error)}
    />
  </div>`;
}

export function textarea(f: FieldInput & { rows?: number }): SafeHtml {
  const id = fieldId(f.name);
  const error = f.errors?.[f.name];
  return html`<div class="field${error ? " has-error" : ""}">
    <label for="${id}">${f.label}${f.required && html`<span class="req" aria-hidden="true">*</span>`}</label>
    ${hintAndError(id, f.hint, error)}
    <textarea
      id="${id}"
      name="${f.name}"
      rows="${f.rows ?? 4}"
      ${f.required && raw("required")}
      ${f.maxlength && html`maxlength="${f.maxlength}"`}
      ${error && raw('aria-invalid="true"')}${describedBy(id, f.hint, error)}
    >
${f.value ?? ""}</textarea>
  </div>`;
}

export function select(
  f: FieldInput & { options: readonly (readonly [value: string, label: string])[]; blank?: string },
): SafeHtml {
  const id = fieldId(f.name);
  const error = f.errors?.[f.name];
  const current = f.value === undefined || f.value === null ? "" : String(f.value);
  return html`<div class="field${error ? " has-error" : ""}">
    <label for="${id}">${f.label}${f.required && html`<span class="req" aria-hidden="true">*</span>`}</label>
    ${hintAndError(id, f.hint, error)}
    <select
      id="${id}"
      name="${f.name}"
      ${f.required && raw("required")}
      ${error && raw('aria-invalid="true"')}${describedBy(id, f.hint, error)}
    >
      ${f.blank !== undefined && html`<option value="">${f.blank}</option>`}
      ${f.options.map(
        ([value, label]) => html`<option value="${value}" ${value === current && raw("selected")}>${label}</option>`,
      )}
    </select>
  </div>`;
}

/** A group of checkboxes (or one) under a legend. */
export function checkboxes(f: {
  name: string;
  legend: string;
  options: readonly (readonly [value: string, label: string])[];
  checked: readonly string[];
  errors?: FieldErrors;
  hint?: string;
  required?: boolean;
}): SafeHtml {
  const id = fieldId(f.name);
  const error = f.errors?.[f.name];
  return html`<fieldset class="field${error ? " has-error" : ""}" id="${id}" ${describedBy(id, f.hint, error)}>
    <legend>${f.legend}${f.required && html`<span class="req" aria-hidden="true">*</span>`}</legend>
    ${hintAndError(id, f.hint, error)}
    ${f.options.map(
      ([value, label], i) =>
        html`<div class="check">
          <input
            type="checkbox"
            id="${id}-${i}"
            name="${f.name}"
            value="${value}"
            ${f.checked.includes(value) && raw("checked")}
          />
          <label for="${id}-${i}">${label}</label>
        </div>`,
    )}
  </fieldset>`;
}

/** A group of radio buttons under a legend, marked up like the layout's checkboxes. */
export function radios(f: {
  name: string;
  legend: string;
  options: readonly (readonly [value: string, label: string])[];
  value: string | undefined;
  errors: FieldErrors;
  hint?: string;
}): SafeHtml {
  const id = fieldId(f.name);
  const error = f.errors[f.name];
  const described = [f.hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return html`<fieldset
    class="field${error ? " has-error" : ""}"
    id="${id}"
    ${described && html`aria-describedby="${described}"`}
  >
    <legend>${f.legend}<span class="req" aria-hidden="true">*</span></legend>
    ${f.hint && html`<p class="hint" id="${id}-hint">${f.hint}</p>`}
    ${error && html`<p class="field-error" id="${id}-error"><span class="visually-hidden">错误：</span>${error}</p>`}
    ${f.options.map(
      ([v, label], i) =>
        html`<div class="check">
          <input type="radio" id="${id}-${i}" name="${f.name}" value="${v}" ${v === f.value && raw("checked")} />
          <label for="${id}-${i}">${label}</label>
        </div>`,
    )}
  </fieldset>`;
}

/** A POST button in its own small form (with the CSRF token). */
export function postButton(action: string, label: string, csrf: string, extra: HtmlValue = false, cls = ""): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form">
    ${csrfField(csrf)}${extra}<button type="submit" class="${cls}">${label}</button>
  </form>`;
}

export function table(headers: readonly string[], rows: readonly HtmlValue[][], caption?: string): SafeHtml {
  return html`<div class="table-wrap">
    <table>
      ${
        caption &&
        html`<caption>
          ${caption}
        </caption>`
      }
      <thead>
        <tr>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length
            ? rows.map(
                (r) =>
                  html`<tr>
                    ${r.map((c) => html`<td>${c}</td>`)}
                  </tr>`,
              )
            : html`<tr>
                <td colspan="${headers.length}" class="empty">暂无</td>
              </tr>`
        }
      </tbody>
    </table>
  </div>`;
}

/**
 * 2026-11-27T08:00:00Z → 2026年11月27日 16:00 (China time); a calendar date (2026-11-27) has no time
 * of day and reads 2026年11月27日.
 */
export function when(iso: string | null | undefined): string {
  if (!iso) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return chineseDate(iso);
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const china = new Date(at.getTime() + 8 * 3600_000);
  return `${chineseDate(at)} ${china.toISOString().slice(11, 16)}`;
}

/** A calendar date as people read it (2026年11月27日); "" for none. */
export function day(date: string | null | undefined): string {
  if (!date) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return chineseDate(date);
  const at = new Date(date);
  return Number.isNaN(at.getTime()) ? date : chineseDate(at);
}

// ---- service errors → Chinese messages beside fields

export interface Problem {
  field?: string;
  type?: string;
  message?: string;
}

/**
 * A problem or a refusal in Chinese, from the one message table (shared/messages.ts) by its type,
 * with the values it carries. A message the service wrote in Chinese for people is shown as it is.
 */
export function zhMessage(p: Problem): string {
  const known = problemMessageOf(p);
  if (known !== undefined) return known;
  return /[\u4e00-\u9fff]/.test(p.message ?? "") ? (p.message as string) : "填写有误，请检查。";
}

/**
 * A 400/409/422 from a service as errors by field: `officerIds[1]` belongs to `officerIds`;
 * `prefix` maps API names to form names where they differ. Anything without a field goes under
 * `_form`. Returns undefined for other failures (they become an error page).
 */
export function fieldErrorsOf(
  err: unknown,
  rename: Record<string, string> | ((apiField: string) => string | undefined) = {},
  /** A page's own wording for some problems, tried before the shared messages. */
  local: (p: Problem, name: string) => string | undefined = () => undefined,
): FieldErrors | undefined {
  const e = err as { code?: number; type?: string; message?: string; data?: unknown };
  if (e.code !== 400 && e.code !== 409 && e.code !== 422) return undefined;
  const renamed = typeof rename === "function" ? rename : (f: string) => rename[f];
  const out: FieldErrors = {};
  const problems = Array.isArray(e.data) ? (e.data as Problem[]) : [];
  for (const p of problems) {
    const apiField = (p.field ?? "").replace(/\[\d+\]$/, "").replace(/\[(\d+)\]/g, ".$1");
    const name = renamed(apiField) ?? (apiField || "_form");
    out[name] ??= local(p, name) ?? zhMessage(p);
  }
  if (!problems.length) {
    const p = refusalOf(err);
    out._form = local(p, "_form") ?? zhMessage(p);
  }
  return out;
}

/** An error as a whole as one problem: its type, message and the values its data holds. */
export function refusalOf(err: unknown): Problem {
  const e = (err ?? {}) as { type?: string; message?: string; data?: unknown };
  const values = typeof e.data === "object" && e.data !== null && !Array.isArray(e.data) ? e.data : {};
  return { ...values, message: e.message, type: e.type };
}
