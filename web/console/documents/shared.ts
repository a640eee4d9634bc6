/** What the console's 规范性文件 and 预公开 pages share: roles, flash messages, form state and helpers. */
import { WRITERS, type Role } from "../../../lib/auth.js";
import { html, type HtmlValue, type SafeHtml } from "../../html/html.js";
import { type ConsoleContext, FLASHES } from "../context.js";
import { csrfField, errorSummary, type FieldErrors, type Flash } from "../layout.js";

/** Who keeps the register and the consultations (the service's writers). */
export const DOCUMENT_ROLES: readonly Role[] = WRITERS;
export const PAGE_SIZE = 30;

const FLASH_CODES: Record<string, Flash> = {
  ...FLASHES,
  registered: { kind: "ok", text: "文件已登记为草稿。请添加政策解读后发布。" },
  edit: { kind: "ok", text: "草稿已保存。" },
  interpret: { kind: "ok", text: "政策解读已保存。" },
  file: { kind: "ok", text: "文件已上传，隐藏信息已清除。" },
  publish: { kind: "ok", text: "文件已发布，政策解读同步公开。" },
  repeal: { kind: "ok", text: "已登记废止，门户网站同步标注。" },
  amend: { kind: "ok", text: "已登记修改，门户网站同步标注并链接修改文件。" },
  review: { kind: "ok", text: "已登记清理，文件继续有效。" },
  basis: { kind: "ok", text: "已更新制定依据的状态。" },
  filing: { kind: "ok", text: "已更新文件在政府信息公开平台的归类，门户网站同步更新。" },
  guide: { kind: "ok", text: "政府信息公开指南已发布新版本。" },
  opened: { kind: "ok", text: "征求意见已发布。" },
  hearing: { kind: "ok", text: "听证会公告已发布。" },
  moderate: { kind: "ok", text: "意见已审核。" },
  adoption: { kind: "ok", text: "意见采纳情况已公布。" },
};

export function flashOf(c: ConsoleContext): Flash | undefined {
  const ok = c.params.ok;
  return ok && Object.hasOwn(FLASH_CODES, ok) ? FLASH_CODES[ok] : undefined;
}

export function notFound(): Error {
  return Object.assign(new Error("not found"), { code: 404 });
}

/** A step form refused: which one, its errors by input name, and what was typed. */
export interface FormState {
  form: string;
  errors: FieldErrors;
  values: URLSearchParams;
}

/** The typed values for a form of the page: kept after its refusal, else none. */
export function valuesFor(state: FormState | undefined, form: string): (name: string) => string | undefined {
  return (name) => (state?.form === form ? (state.values.get(name) ?? undefined) : undefined);
}

export function errorsFor(state: FormState | undefined, form: string): FieldErrors {
  return state?.form === form ? state.errors : {};
}

/** A step's form, posting to `action`, with its error summary. */
export function stepForm(
  c: ConsoleContext,
  action: string,
  legend: string,
  errors: FieldErrors,
  labels: Record<string, string>,
  fields: HtmlValue,
  button: string,
): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>
    ${csrfField(c.csrf)}
    <fieldset class="group">
      <legend>${legend}</legend>
      ${errorSummary(errors, labels)} ${fields}
      <button type="submit" class="primary">${button}</button>
    </fieldset>
  </form>`;
}

/** The non-empty trimmed inputs among `names`: optional fields left blank are not sent. */
export function filled(form: URLSearchParams, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = form.get(name)?.trim();
    if (v) out[name] = v;
  }
  return out;
}

/** Lines of a textarea, trimmed, without blanks. */
export function linesOf(text: string | null | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
