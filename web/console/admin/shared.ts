/**
 * What the 系统管理 pages share: the views of bodies and officers they list, the body an officer's
 * page works for, breadcrumbs, paging, and service errors shown in Chinese beside the form fields.
 */
import { REMEDY_KINDS } from "../../../shared/domain.js";
import { href, html, type HtmlValue } from "../../html/html.js";
import type { BodyView, OfficerView } from "../../../services/duties/contract.js";
import { feed } from "../../../services/feed/contract.js";
import { allItems, type ConsoleContext, FLASHES, value } from "../context.js";
import { field, fieldErrorsOf, type Problem, table } from "../layout.js";

export function notFound(): Error {
  return Object.assign(new Error("not found"), { code: 404 });
}

/** The body an officer/power page works for: an officer's own; an administrator names it (?bodyId=). */
export function scopeOf(c: ConsoleContext): string | undefined {
  if (c.user.role !== "admin") {
    if (!c.user.bodyId) throw notFound();
    return c.user.bodyId;
  }
  return value(c.form, "bodyId") ?? (c.params.bodyId?.trim() || undefined);
}

/** An officer may open only their own body's records (as if the others did not exist). */
export function ensureOwn(c: ConsoleContext, bodyId: string): void {
  if (c.user.role !== "admin" && c.user.bodyId !== bodyId) throw notFound();
}

/** Every body (a few pages of the public list), for pickers and names. */
export function allBodies(c: ConsoleContext): Promise<BodyView[]> {
  return allItems(c, feed.listBodies, { counts: false });
}

export function allOfficers(c: ConsoleContext, bodyId: string): Promise<OfficerView[]> {
  return allItems(c, feed.listOfficers, { bodyId });
}

export function crumbs(...trail: (readonly [string, string] | string)[]): HtmlValue {
  return html`<nav aria-label="位置" class="hint">
    <a href="/console/admin">系统管理</a>${trail.map((t) =>
      typeof t === "string" ? html` › <span aria-current="page">${t}</span>` : html` › <a href="${t[1]}">${t[0]}</a>`,
    )}
  </nav>`;
}

export function render(c: ConsoleContext, status: number, title: string, body: HtmlValue): void {
  c.render(status, { title, active: "admin", body, flash: FLASHES[c.params.ok ?? ""] });
}

export function failStatus(err: unknown): number {
  return (err as { code?: number }).code === 409 ? 409 : 422;
}

/** A field left as typed: the POSTed form, or the record's current values on GET. */
export function formValues(c: ConsoleContext, initial: Record<string, string | number | null | undefined> = {}) {
  if (c.req.method === "POST") return c.form;
  const v = new URLSearchParams();
  for (const [k, x] of Object.entries(initial)) if (x !== null && x !== undefined) v.set(k, String(x));
  return v;
}

export function pager(path: string, query: Record<string, string | undefined>, nextCursor: string | null): HtmlValue {
  return nextCursor && html`<p><a href="${href(path, { ...query, cursor: nextCursor })}">下一页</a></p>`;
}

export function confirmed(c: ConsoleContext): boolean {
  return c.form.getAll("confirm").includes("yes");
}

// ---- service errors in Chinese, beside the admin forms' fields

/** The power form's free-text fields parsed into rows: what went wrong is their format. */
const FORMAT_HINTS: Record<string, string> = {
  standards: "格式不正确：分档列出时每行写作“裁量等级 | 违法情形 | 处理措施”。",
  procedure: "格式不正确：每行一个步骤，需要说明时写作“步骤 | 说明”。",
  remedies: `格式不正确：逐项列出时每行第一项须为 ${REMEDY_KINDS.join("、")} 之一。`,
};

/** The admin forms' own wording for some fields (the shared table gives the rest, by type). */
function localMessage(p: Problem, name: string): string | undefined {
  if (name === "password" && p.type === "stringMin") return "密码至少 8 个字符。";
  if (name === "username" && (p.type === "stringPattern" || p.type === "stringMin")) {
    return "用户名须为 3 至 64 个字母、数字或 _ . @ - 字符。";
  }
  if (FORMAT_HINTS[name] && p.type !== "stringMax" && p.type !== "arrayMax") return FORMAT_HINTS[name];
  if (name === "basis.0.law" && (p.type === "arrayMin" || p.type === "array")) {
    return "请至少填写一条设定依据（法律法规名称和条款）。";
  }
  return undefined;
}

/**
 * A 400/409/422 from a service as errors by form field (like fieldErrorsOf, with the admin
 * services' messages in Chinese); `rename` maps an API field (dots for indexes) to a form field.
 * Undefined for other failures, which become the error page.
 */
export function errorsOf(err: unknown, rename: (apiField: string) => string | undefined = () => undefined) {
  return fieldErrorsOf(err, rename, localMessage);
}

/** An administrator without ?bodyId= first picks the body. */
export function bodyPicker(c: ConsoleContext, title: string, path: string, bodies: BodyView[]) {
  render(
    c,
    200,
    title,
    html`${crumbs(title)}
      <h1>${title}</h1>
      <p class="lead">请选择执法主体。</p>
      ${table(
        ["执法主体", "地区"],
        bodies.map((b) => [html`<a href="${href(path, { bodyId: b.id })}">${b.name}</a>`, b.region]),
      )}`,
  );
}

/**
 * The head of a body's register page (officers, powers): its title with the body's name, the link
 * to add an entry, and the filter form — one filter select and a keyword field.
 */
export function registerHead(
  c: ConsoleContext,
  r: { title: string; path: string; bodyId: string; bodyName: string; addLabel: string; filter: HtmlValue },
  keyword: { label: string; value: string | undefined },
): HtmlValue {
  const admin = c.user.role === "admin";
  return html`${crumbs(r.title)}
    <h1>${r.title}：${r.bodyName}</h1>
    <p>
      <a class="button primary" href="${href(`${r.path}/new`, { bodyId: r.bodyId })}">${r.addLabel}</a>
      ${admin && html`<a href="${r.path}">选择其他执法主体</a>`}
    </p>
    <form method="get" action="${r.path}" class="filters">
      ${admin && html`<input type="hidden" name="bodyId" value="${r.bodyId}" />`} ${r.filter}
      ${field({ name: "q", label: keyword.label, value: keyword.value, maxlength: 50 })}
      <button type="submit">筛选</button>
    </form>`;
}
