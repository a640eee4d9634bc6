/**
 * 系统管理: enforcement bodies, user accounts (create, reset password, deactivate), the officer
 * roster (status changes, with a reason and a confirmation), the 权责清单 (every edit a new
 * version, the history kept), the holiday calendar and the rule table. Bodies, users, calendar and
 * rules are for administrators; an officer manages the roster and powers of their own body, as the
 * duties service allows.
 */
import { WRITERS, ADMIN_ONLY } from "../../lib/auth.js";
import { OFFICER_STATUSES, POWER_CATEGORIES, REMEDY_KINDS } from "../../shared/domain.js";
import { href, html, type HtmlValue } from "../html/html.js";
import type { Handler } from "../../services/gateway/web.js";
import { consoleRoute, FLASHES, lines, value, type ConsoleContext, type ConsoleDeps, allItems } from "./context.js";
import { labelOf } from "./labels.js";
import {
  checkboxes,
  csrfField,
  errorSummary,
  field,
  postButton,
  ROLE_LABELS,
  select,
  table,
  textarea,
  when,
  fieldErrorsOf,
  type FieldErrors,
  type Problem,
} from "./layout.js";

interface BodyView {
  id: string;
  name: string;
  creditCode: string;
  region: string;
  phone: string | null;
  address: string | null;
  counts?: Record<string, number>;
}

interface OfficerView {
  id: string;
  bodyId: string;
  name: string;
  certificateNo: string;
  fields: string[];
  region: string | null;
  status: string;
  statusReason: string | null;
  statusChangedAt: string;
}

interface Basis {
  law: string;
  article: string;
  text?: string | null;
}

interface PowerVersionView {
  version: number;
  code: string;
  name: string;
  category: string;
  basis: Basis[];
  standards: unknown;
  procedure: (string | { name: string; description?: string | null })[] | null;
  timeLimitDays: number | null;
  remedies: unknown;
  supervisionPhone: string | null;
  changeNote: string | null;
  effectiveFrom: string;
}

interface PowerView extends PowerVersionView {
  id: string;
  bodyId: string;
  history?: PowerVersionView[];
}

interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: "admin" | "officer" | "reviewer";
  bodyId: string | null;
  officerId: string | null;
  active: boolean;
  createdAt: string;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const OFFICER_STATUS_LABELS: Record<string, string> = {
  active: "在岗",
  suspended: "暂停执法",
  revoked: "已注销",
};

// ---- shared helpers

function notFound(): Error {
  return Object.assign(new Error("not found"), { code: 404 });
}

/** The body an officer/power page works for: an officer's own; an administrator names it (?bodyId=). */
function scopeOf(c: ConsoleContext): string | undefined {
  if (c.user.role !== "admin") {
    if (!c.user.bodyId) throw notFound();
    return c.user.bodyId;
  }
  return value(c.form, "bodyId") ?? (c.params.bodyId?.trim() || undefined);
}

/** An officer may open only their own body's records (as if the others did not exist). */
function ensureOwn(c: ConsoleContext, bodyId: string): void {
  if (c.user.role !== "admin" && c.user.bodyId !== bodyId) throw notFound();
}

/** Every body (a few pages of the public list), for pickers and names. */
function allBodies(c: ConsoleContext): Promise<BodyView[]> {
  return allItems<BodyView>(c, "feed.listBodies");
}

function allOfficers(c: ConsoleContext, bodyId: string): Promise<OfficerView[]> {
  return allItems<OfficerView>(c, "feed.listOfficers", { bodyId });
}

function crumbs(...trail: (readonly [string, string] | string)[]): HtmlValue {
  return html`<nav aria-label="位置" class="hint">
    <a href="/console/admin">系统管理</a>${trail.map((t) =>
      typeof t === "string" ? html` › <span aria-current="page">${t}</span>` : html` › <a href="${t[1]}">${t[0]}</a>`,
    )}
  </nav>`;
}

function render(c: ConsoleContext, status: number, title: string, body: HtmlValue): void {
  c.render(status, { title, active: "admin", body, flash: FLASHES[c.params.ok ?? ""] });
}

function failStatus(err: unknown): number {
  return (err as { code?: number }).code === 409 ? 409 : 422;
}

/** A field left as typed: the POSTed form, or the record's current values on GET. */
function formValues(c: ConsoleContext, initial: Record<string, string | number | null | undefined> = {}) {
  if (c.req.method === "POST") return c.form;
  const v = new URLSearchParams();
  for (const [k, x] of Object.entries(initial)) if (x !== null && x !== undefined) v.set(k, String(x));
  return v;
}

function pager(path: string, query: Record<string, string | undefined>, nextCursor: string | null): HtmlValue {
  return nextCursor && html`<p><a href="${href(path, { ...query, cursor: nextCursor })}">下一页</a></p>`;
}

function confirmed(c: ConsoleContext): boolean {
  return c.form.getAll("confirm").includes("yes");
}

// ---- service errors in Chinese, beside the admin forms' fields

const LOCAL_MESSAGES: readonly [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/own account/i, "不能停用自己的账号，也不能取消自己的管理员角色。"],
  [/must belong to a body/i, "执法人员和法制审核人员必须属于一个执法主体。"],
  [/administrator does not belong to a body/i, "系统管理员不属于执法主体，请不要选择执法主体。"],
  [/no officer with this id/i, "所选执法人员不在该执法主体的名册中。"],
  [/no enforcement body has this id/i, "该执法主体不存在。"],
  [/统一社会信用代码 is already registered/, "该统一社会信用代码已被其他执法主体登记。"],
  [/执法证号 is already registered/, "该执法证号已登记。"],
  [/power code is already registered/i, "该事项编码已被使用。"],
  [/must be 18 characters/, "统一社会信用代码应为 18 位。"],
  [/may contain only digits/, "统一社会信用代码只能包含数字和除 I、O、Z、S、V 以外的大写字母。"],
  [/check character/, "统一社会信用代码校验位（第 18 位）不正确，请核对。"],
  [/revoked certificate cannot be reinstated/i, "执法证已注销，不能恢复；如需继续执法，请重新登记执法证。"],
  [/a reason is required to mark an officer/i, "暂停执法或注销须填写理由。"],
  [/cannot move to another body/i, "不能转到其他执法主体。"],
  [/^"(.*)" is not a real date/, (m) => `「${m[1]}」不是有效日期（格式如 2027-10-01）。`],
  [/^(\S+) is not in (\d+)$/, (m) => `${m[1]} 不在 ${m[2]} 年内。`],
  [/^(\S+) repeats/, (m) => `${m[1]} 重复填写。`],
  [/^(\S+) is also listed as a holiday/, (m) => `${m[1]} 同时被列为放假日期。`],
  [/make-up workday must be a Saturday or Sunday; (\S+)/, (m) => `调休上班日必须是周六或周日，${m[1]} 不是。`],
  [/year must be a whole number/, "年份须为 2000 至 2100 之间的整数。"],
  [/may list at most/, "日期过多（每项最多 366 天）。"],
];

/** The power form's free-text fields parsed into rows: what went wrong is their format. */
const FORMAT_HINTS: Record<string, string> = {
  standards: "格式不正确：分档列出时每行写作“裁量等级 | 违法情形 | 处理措施”。",
  procedure: "格式不正确：每行一个步骤，需要说明时写作“步骤 | 说明”。",
  remedies: `格式不正确：逐项列出时每行第一项须为 ${REMEDY_KINDS.join("、")} 之一。`,
};

function localMessage(p: Problem, name: string): string | undefined {
  const message = p.message ?? "";
  for (const [pattern, zh] of LOCAL_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return typeof zh === "string" ? zh : zh(m);
  }
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
function errorsOf(err: unknown, rename: (apiField: string) => string | undefined = () => undefined) {
  return fieldErrorsOf(err, rename, localMessage);
}

// ---- index

function indexPage(c: ConsoleContext) {
  const admin = c.user.role === "admin";
  const sections: [string, string, string][] = admin
    ? [
        ["/console/admin/bodies", "执法主体", "登记执法主体，修改名称、统一社会信用代码、地区与联系方式。"],
        ["/console/admin/users", "用户账号", "创建账号、重置密码、停用或启用账号。"],
        ["/console/admin/officers", "执法人员", "执法人员名册：登记、修改、暂停执法或注销（须写明理由）。"],
        ["/console/admin/powers", "权责清单", "执法职权及其设定依据；每次修改生成新版本，历史版本可查。"],
        ["/console/admin/calendar", "节假日安排", "载入某一年的法定节假日和调休上班日，用于计算工作日期限。"],
        ["/console/admin/rules", "规则表", "公示期限、公示期、重大执法决定的罚款标准、反馈答复期限。"],
      ]
    : [
        ["/console/admin/officers", "本机关执法人员", "执法人员名册：登记、修改、暂停执法或注销（须写明理由）。"],
        ["/console/admin/powers", "本机关权责清单", "执法职权及其设定依据；每次修改生成新版本，历史版本可查。"],
      ];
  render(
    c,
    200,
    "系统管理",
    html`<h1>系统管理</h1>
      <ul class="cards">
        ${sections.map(
          ([path, label, text]) =>
            html`<li class="card">
              <a href="${path}"><strong>${label}</strong></a>
              <p class="hint">${text}</p>
            </li>`,
        )}
      </ul>`,
  );
}

// ---- bodies (执法主体)

function bodyParams(f: URLSearchParams) {
  return {
    name: f.get("name")?.trim() ?? "",
    creditCode: f.get("creditCode")?.trim().toUpperCase() ?? "",
    region: f.get("region")?.trim() ?? "",
    ...(value(f, "phone") ? { phone: value(f, "phone") } : {}),
    ...(value(f, "address") ? { address: value(f, "address") } : {}),
  };
}

function bodyForm(c: ConsoleContext, status: number, opts: { id?: string; initial?: BodyView; errors?: FieldErrors }) {
  const errors = opts.errors ?? {};
  const { counts: _counts, ...initial } = opts.initial ?? ({} as Partial<BodyView>);
  const v = formValues(c, initial);
  const title = opts.id ? "修改执法主体" : "登记执法主体";
  const action = opts.id ? `/console/admin/bodies/${opts.id}/edit` : "/console/admin/bodies/new";
  render(
    c,
    status,
    title,
    html`${crumbs(["执法主体", "/console/admin/bodies"], title)}
      <h1>${title}</h1>
      ${errorSummary(errors)}
      <form method="post" action="${action}" novalidate>
        ${csrfField(c.csrf)}
        ${field({ name: "name", label: "名称", value: v.get("name"), errors, required: true, maxlength: 200 })}
        ${field({
          name: "creditCode",
          label: "统一社会信用代码",
          hint: "18 位，最后一位为校验位。",
          value: v.get("creditCode"),
          errors,
          required: true,
          maxlength: 18,
        })}
        ${field({ name: "region", label: "所在地区", hint: "如：浙江省杭州市", value: v.get("region"), errors, required: true, maxlength: 100 })}
        ${field({ name: "phone", label: "联系电话", type: "tel", value: v.get("phone"), errors, maxlength: 30 })}
        ${field({ name: "address", label: "地址", value: v.get("address"), errors, maxlength: 300 })}
        <button type="submit" class="primary">保存</button>
        <a href="/console/admin/bodies">取消</a>
      </form>`,
  );
}

function bodyRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/bodies": consoleRoute(
      deps,
      async (c) => {
        const q = c.params.q?.trim() || undefined;
        const list = await c.call<Page<BodyView>>("feed.listBodies", {
          limit: 50,
          ...(q ? { q } : {}),
          ...(c.params.cursor ? { cursor: c.params.cursor } : {}),
        });
        render(
          c,
          200,
          "执法主体",
          html`${crumbs("执法主体")}
            <h1>执法主体</h1>
            <p><a class="button primary" href="/console/admin/bodies/new">登记执法主体</a></p>
            <form method="get" action="/console/admin/bodies" class="filters">
              ${field({ name: "q", label: "名称或统一社会信用代码", value: q, maxlength: 50 })}
              <button type="submit">查找</button>
            </form>
            ${table(
              ["名称", "统一社会信用代码", "地区", "联系电话", "管理"],
              list.items.map((b) => [
                html`<a href="/console/admin/bodies/${b.id}/edit">${b.name}</a>`,
                b.creditCode,
                b.region,
                b.phone ?? "",
                html`<a href="${href("/console/admin/officers", { bodyId: b.id })}">执法人员</a> ·
                  <a href="${href("/console/admin/powers", { bodyId: b.id })}">权责清单</a> ·
                  <a href="${href("/console/admin/users", { bodyId: b.id })}">账号</a>`,
              ]),
            )}
            ${pager("/console/admin/bodies", { q }, list.nextCursor)}`,
        );
      },
      ADMIN_ONLY,
    ),

    "GET /console/admin/bodies/new": consoleRoute(deps, async (c) => bodyForm(c, 200, {}), ADMIN_ONLY),

    "POST /console/admin/bodies/new": consoleRoute(
      deps,
      async (c) => {
        try {
          await c.call("duties.createBody", bodyParams(c.form));
          c.redirect("/console/admin/bodies?ok=created");
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          bodyForm(c, failStatus(err), { errors });
        }
      },
      ADMIN_ONLY,
    ),

    "GET /console/admin/bodies/:id/edit": consoleRoute(
      deps,
      async (c) => {
        const body = await c.call<BodyView>("feed.getBody", { id: c.params.id });
        bodyForm(c, 200, { id: body.id, initial: body });
      },
      ADMIN_ONLY,
    ),

    "POST /console/admin/bodies/:id/edit": consoleRoute(
      deps,
      async (c) => {
        const id = c.params.id as string;
        try {
          await c.call("duties.updateBody", { id, ...bodyParams(c.form) });
          c.redirect("/console/admin/bodies?ok=saved");
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          bodyForm(c, failStatus(err), { id, errors });
        }
      },
      ADMIN_ONLY,
    ),
  };
}

// ---- users (账号)

function userById(users: UserView[], id: string | undefined): UserView {
  const user = users.find((u) => u.id === id);
  if (!user) throw notFound();
  return user;
}

async function newUserForm(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const bodies = await allBodies(c);
  const v = formValues(c, {
    role: "officer",
    bodyId: c.params.forBody ?? c.params.bodyId,
    officerId: c.params.officerId,
  });
  const bodyId = v.get("bodyId") || undefined;
  const officers = bodyId && bodies.some((b) => b.id === bodyId) ? await allOfficers(c, bodyId) : [];
  render(
    c,
    status,
    "创建账号",
    html`${crumbs(["用户账号", "/console/admin/users"], "创建账号")}
      <h1>创建账号</h1>
      ${errorSummary(errors)}
      <form method="get" action="/console/admin/users/new" class="filters">
        ${select({
          name: "forBody",
          label: "先选择执法主体（可关联执法人员名册）",
          options: bodies.map((b) => [b.id, b.name]),
          value: bodyId,
          blank: "无（系统管理员）",
        })}
        <button type="submit">选择</button>
      </form>
      <form method="post" action="/console/admin/users/new" novalidate>
        ${csrfField(c.csrf)}
        ${field({
          name: "username",
          label: "用户名",
          hint: "3 至 64 个字母、数字或 _ . @ - 字符，用于登录。",
          value: v.get("username"),
          errors,
          required: true,
          maxlength: 64,
          autocomplete: "off",
        })}
        ${field({ name: "displayName", label: "姓名", value: v.get("displayName"), errors, required: true, maxlength: 100 })}
        ${select({
          name: "role",
          label: "角色",
          options: Object.entries(ROLE_LABELS),
          value: v.get("role"),
          errors,
          required: true,
        })}
        ${select({
          name: "bodyId",
          label: "执法主体",
          hint: "执法人员和法制审核人员必须属于一个执法主体；系统管理员不选。",
          options: bodies.map((b) => [b.id, b.name]),
          value: bodyId,
          blank: "无（系统管理员）",
          errors,
        })}
        ${
          officers.length > 0 &&
          select({
            name: "officerId",
            label: "关联执法人员名册",
            hint: "可选：该账号对应名册中的哪一位执法人员。",
            options: officers.map((o) => [o.id, `${o.name}（证号 ${o.certificateNo}）`]),
            value: v.get("officerId"),
            blank: "不关联",
            errors,
          })
        }
        ${field({
          name: "password",
          label: "初始密码",
          type: "password",
          hint: "至少 8 个字符。请通过安全渠道告知本人。",
          errors,
          required: true,
          maxlength: 256,
          autocomplete: "new-password",
        })}
        <button type="submit" class="primary">创建账号</button>
        <a href="/console/admin/users">取消</a>
      </form>`,
  );
}

async function passwordForm(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const { items } = await c.call<{ items: UserView[] }>("accounts.listUsers", {});
  const user = userById(items, c.params.id);
  render(
    c,
    status,
    "重置密码",
    html`${crumbs(["用户账号", "/console/admin/users"], "重置密码")}
      <h1>重置密码：${user.displayName}（${user.username}）</h1>
      <p class="lead">重置后，该用户已登录的工作台会话将全部退出，须用新密码重新登录。</p>
      ${errorSummary(errors)}
      <form method="post" action="/console/admin/users/${user.id}/password" novalidate>
        ${csrfField(c.csrf)}
        ${field({
          name: "password",
          label: "新密码",
          type: "password",
          hint: "至少 8 个字符。",
          errors,
          required: true,
          maxlength: 256,
          autocomplete: "new-password",
        })}
        ${field({
          name: "password2",
          label: "再次输入新密码",
          type: "password",
          errors,
          required: true,
          maxlength: 256,
          autocomplete: "new-password",
        })}
        <button type="submit" class="primary">重置密码</button>
        <a href="/console/admin/users">取消</a>
      </form>`,
  );
}

async function deactivateForm(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const { items } = await c.call<{ items: UserView[] }>("accounts.listUsers", {});
  const user = userById(items, c.params.id);
  render(
    c,
    status,
    "停用账号",
    html`${crumbs(["用户账号", "/console/admin/users"], "停用账号")}
      <h1>停用账号：${user.displayName}（${user.username}）</h1>
      ${errorSummary(errors)}
      ${
        user.active
          ? html`<form method="post" action="/console/admin/users/${user.id}/deactivate" class="confirm" novalidate>
              ${csrfField(c.csrf)}
              <p>停用后该用户不能登录，已登录的会话立即退出；其经办的案件和记录不受影响，可随时重新启用。</p>
              ${checkboxes({ name: "confirm", legend: "确认", options: [["yes", "我确认停用此账号"]], checked: [], errors })}
              <button type="submit" class="danger">停用账号</button>
              <a href="/console/admin/users">取消</a>
            </form>`
          : html`<p>该账号已停用。</p>`
      }`,
  );
}

function userRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/users": consoleRoute(
      deps,
      async (c) => {
        const bodyId = c.params.bodyId?.trim() || undefined;
        const [users, bodies] = await Promise.all([
          c.call<{ items: UserView[] }>("accounts.listUsers", bodyId ? { bodyId } : {}),
          allBodies(c),
        ]);
        const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
        const officers = bodyId ? await allOfficers(c, bodyId) : [];
        const officerName = new Map(officers.map((o) => [o.id, o.name]));
        render(
          c,
          200,
          "用户账号",
          html`${crumbs("用户账号")}
            <h1>用户账号</h1>
            <p><a class="button primary" href="${href("/console/admin/users/new", { bodyId })}">创建账号</a></p>
            <form method="get" action="/console/admin/users" class="filters">
              ${select({
                name: "bodyId",
                label: "执法主体",
                options: bodies.map((b) => [b.id, b.name]),
                value: bodyId,
                blank: "全部",
              })}
              <button type="submit">筛选</button>
            </form>
            ${table(
              ["用户名", "姓名", "角色", "执法主体", "名册中的执法人员", "状态", "操作"],
              users.items.map((u) => [
                u.username,
                u.displayName,
                labelOf(ROLE_LABELS, u.role),
                u.bodyId ? (bodyName.get(u.bodyId) ?? u.bodyId) : "",
                u.officerId ? (officerName.get(u.officerId) ?? "已关联") : "",
                u.active ? "正常" : html`<strong>已停用</strong>`,
                html`<a href="/console/admin/users/${u.id}/password">重置密码</a> ${
                    u.id === c.user.id
                      ? ""
                      : u.active
                        ? html` · <a href="/console/admin/users/${u.id}/deactivate">停用</a>`
                        : postButton(`/console/admin/users/${u.id}/activate`, "启用", c.csrf)
                  }`,
              ]),
            )}`,
        );
      },
      ADMIN_ONLY,
    ),

    "GET /console/admin/users/new": consoleRoute(deps, (c) => newUserForm(c, 200), ADMIN_ONLY),

    "POST /console/admin/users/new": consoleRoute(
      deps,
      async (c) => {
        const f = c.form;
        const role = f.get("role") ?? "";
        const bodyId = value(f, "bodyId");
        const officerId = value(f, "officerId");
        try {
          await c.call("accounts.createUser", {
            username: f.get("username")?.trim() ?? "",
            displayName: f.get("displayName")?.trim() ?? "",
            password: f.get("password") ?? "",
            role,
            ...(bodyId ? { bodyId } : {}),
            ...(officerId && bodyId ? { officerId } : {}),
          });
          c.redirect(href("/console/admin/users", { bodyId, ok: "created" }));
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          await newUserForm(c, failStatus(err), errors);
        }
      },
      ADMIN_ONLY,
    ),

    "GET /console/admin/users/:id/password": consoleRoute(deps, (c) => passwordForm(c, 200), ADMIN_ONLY),

    "POST /console/admin/users/:id/password": consoleRoute(
      deps,
      async (c) => {
        const password = c.form.get("password") ?? "";
        if (!password) return passwordForm(c, 422, { password: "请填写新密码。" });
        if (password !== c.form.get("password2")) {
          return passwordForm(c, 422, { password2: "两次输入的密码不一致。" });
        }
        try {
          await c.call("accounts.updateUser", { id: c.params.id, password });
          c.redirect("/console/admin/users?ok=reset");
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          await passwordForm(c, failStatus(err), errors);
        }
      },
      ADMIN_ONLY,
    ),

    "GET /console/admin/users/:id/deactivate": consoleRoute(deps, (c) => deactivateForm(c, 200), ADMIN_ONLY),

    "POST /console/admin/users/:id/deactivate": consoleRoute(
      deps,
      async (c) => {
        if (!confirmed(c)) return deactivateForm(c, 422, { confirm: "请勾选确认。" });
        try {
          await c.call("accounts.updateUser", { id: c.params.id, active: false });
          c.redirect("/console/admin/users?ok=deactivated");
        } catch (err) {
          const errors = errorsOf(err, () => "_form");
          if (!errors) throw err;
          await deactivateForm(c, failStatus(err), errors);
        }
      },
      ADMIN_ONLY,
    ),

    "POST /console/admin/users/:id/activate": consoleRoute(
      deps,
      async (c) => {
        await c.call("accounts.updateUser", { id: c.params.id, active: true });
        c.redirect("/console/admin/users?ok=activated");
      },
      ADMIN_ONLY,
    ),
  };
}

// ---- officers (执法人员名册)

/** An administrator without ?bodyId= first picks the body. */
function bodyPicker(c: ConsoleContext, title: string, path: string, bodies: BodyView[]) {
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

function splitList(text: string | null): string[] {
  return [
    ...new Set(
      (text ?? "")
        .split(/[\r\n,，、;；]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

function officerParams(f: URLSearchParams, bodyId: string) {
  return {
    bodyId,
    name: f.get("name")?.trim() ?? "",
    certificateNo: f.get("certificateNo")?.trim() ?? "",
    fields: splitList(f.get("fields")),
    ...(value(f, "region") ? { region: value(f, "region") } : {}),
  };
}

async function officerForm(
  c: ConsoleContext,
  status: number,
  opts: { bodyId: string; officer?: OfficerView; errors?: FieldErrors },
) {
  const body = await c.call<BodyView>("feed.getBody", { id: opts.bodyId });
  const errors = opts.errors ?? {};
  const o = opts.officer;
  const v = formValues(c, o ? { ...o, fields: o.fields.join("\n") } : {});
  const title = o ? "修改执法人员信息" : "登记执法人员";
  const list = href("/console/admin/officers", { bodyId: body.id });
  render(
    c,
    status,
    title,
    html`${crumbs(["执法人员", list], title)}
      <h1>${title}</h1>
      <p class="lead">执法主体：${body.name}</p>
      ${errorSummary(errors)}
      <form
        method="post"
        action="${o ? `/console/admin/officers/${o.id}/edit` : href("/console/admin/officers/new", { bodyId: body.id })}"
        novalidate
      >
        ${csrfField(c.csrf)}
        <input type="hidden" name="bodyId" value="${body.id}" />
        ${field({ name: "name", label: "姓名", value: v.get("name"), errors, required: true, maxlength: 50 })}
        ${field({ name: "certificateNo", label: "执法证号", value: v.get("certificateNo"), errors, required: true, maxlength: 50 })}
        ${textarea({
          name: "fields",
          label: "执法领域",
          hint: "每行一个（或用顿号分隔），如：民政、殡葬管理。",
          value: v.get("fields"),
          errors,
          rows: 3,
        })}
        ${field({ name: "region", label: "执法区域", value: v.get("region"), errors, maxlength: 100 })}
        <button type="submit" class="primary">保存</button>
        <a href="${list}">取消</a>
      </form>`,
  );
}

async function statusForm(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const officer = await c.call<OfficerView>("feed.getOfficer", { id: c.params.id });
  ensureOwn(c, officer.bodyId);
  const list = href("/console/admin/officers", { bodyId: officer.bodyId });
  const choices = OFFICER_STATUSES.filter((s) => s !== officer.status);
  const v = formValues(c);
  render(
    c,
    status,
    "变更执法人员状态",
    html`${crumbs(["执法人员", list], "变更状态")}
      <h1>变更状态：${officer.name}（证号 ${officer.certificateNo}）</h1>
      <dl class="facts">
        <dt>当前状态</dt>
        <dd>
          ${labelOf(OFFICER_STATUS_LABELS, officer.status)}${officer.statusReason && `（${officer.statusReason}）`}
        </dd>
        <dt>变更时间</dt>
        <dd>${when(officer.statusChangedAt)}</dd>
      </dl>
      ${errorSummary(errors)}
      ${
        officer.status === "revoked"
          ? html`<p>该执法人员的执法证已注销，不能恢复；如需继续执法，请重新登记执法证。</p>`
          : html`<form method="post" action="/console/admin/officers/${officer.id}/status" class="confirm" novalidate>
              ${csrfField(c.csrf)}
              ${select({
                name: "status",
                label: "新状态",
                options: choices.map((s) => [s, labelOf(OFFICER_STATUS_LABELS, s)]),
                value: v.get("status"),
                errors,
                required: true,
              })}
              ${textarea({
                name: "reason",
                label: "理由",
                hint: "暂停执法或注销须写明理由，将在公示的执法人员名单中显示；注销后不能恢复。",
                value: v.get("reason"),
                errors,
                rows: 3,
                maxlength: 500,
              })}
              ${checkboxes({
                name: "confirm",
                legend: "确认",
                options: [["yes", "我已核实，确认变更该执法人员的状态"]],
                checked: [],
                errors,
              })}
              <button type="submit" class="danger">变更状态</button>
              <a href="${list}">取消</a>
            </form>`
      }`,
  );
}

function officerRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/officers": consoleRoute(
      deps,
      async (c) => {
        const bodyId = scopeOf(c);
        if (!bodyId) return bodyPicker(c, "执法人员", "/console/admin/officers", await allBodies(c));
        const body = await c.call<BodyView>("feed.getBody", { id: bodyId });
        const status = OFFICER_STATUSES.find((s) => s === c.params.status);
        const q = c.params.q?.trim() || undefined;
        const list = await c.call<Page<OfficerView>>("feed.listOfficers", {
          bodyId,
          limit: 50,
          ...(status ? { status } : {}),
          ...(q ? { q } : {}),
          ...(c.params.cursor ? { cursor: c.params.cursor } : {}),
        });
        const admin = c.user.role === "admin";
        render(
          c,
          200,
          "执法人员",
          html`${crumbs("执法人员")}
            <h1>执法人员：${body.name}</h1>
            <p>
              <a class="button primary" href="${href("/console/admin/officers/new", { bodyId })}">登记执法人员</a>
              ${admin && html`<a href="/console/admin/officers">选择其他执法主体</a>`}
            </p>
            <form method="get" action="/console/admin/officers" class="filters">
              ${admin && html`<input type="hidden" name="bodyId" value="${bodyId}" />`}
              ${select({
                name: "status",
                label: "状态",
                options: Object.entries(OFFICER_STATUS_LABELS),
                value: status,
                blank: "全部",
              })}
              ${field({ name: "q", label: "姓名或执法证号", value: q, maxlength: 50 })}
              <button type="submit">筛选</button>
            </form>
            ${table(
              ["姓名", "执法证号", "执法领域", "状态", "状态变更时间", "操作"],
              list.items.map((o) => [
                o.name,
                o.certificateNo,
                o.fields.join("、"),
                html`${labelOf(OFFICER_STATUS_LABELS, o.status)}${o.statusReason && `（${o.statusReason}）`}`,
                when(o.statusChangedAt),
                html`<a href="/console/admin/officers/${o.id}/edit">修改</a>${
                    o.status !== "revoked" && html` · <a href="/console/admin/officers/${o.id}/status">变更状态</a>`
                  }${
                    admin &&
                    html` ·
                      <a href="${href("/console/admin/users/new", { bodyId, officerId: o.id })}">创建账号</a>`
                  }`,
              ]),
            )}
            ${pager("/console/admin/officers", { bodyId: admin ? bodyId : undefined, status, q }, list.nextCursor)}`,
        );
      },
      WRITERS,
    ),

    "GET /console/admin/officers/new": consoleRoute(
      deps,
      async (c) => {
        const bodyId = scopeOf(c);
        if (!bodyId) return bodyPicker(c, "登记执法人员", "/console/admin/officers/new", await allBodies(c));
        await officerForm(c, 200, { bodyId });
      },
      WRITERS,
    ),

    "POST /console/admin/officers/new": consoleRoute(
      deps,
      async (c) => {
        const bodyId = scopeOf(c);
        if (!bodyId) throw notFound();
        try {
          await c.call("duties.createOfficer", officerParams(c.form, bodyId));
          c.redirect(href("/console/admin/officers", { bodyId, ok: "created" }));
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          await officerForm(c, failStatus(err), { bodyId, errors });
        }
      },
      WRITERS,
    ),

    "GET /console/admin/officers/:id/edit": consoleRoute(
      deps,
      async (c) => {
        const officer = await c.call<OfficerView>("feed.getOfficer", { id: c.params.id });
        ensureOwn(c, officer.bodyId);
        await officerForm(c, 200, { bodyId: officer.bodyId, officer });
      },
      WRITERS,
    ),

    "POST /console/admin/officers/:id/edit": consoleRoute(
      deps,
      async (c) => {
        const officer = await c.call<OfficerView>("feed.getOfficer", { id: c.params.id });
        ensureOwn(c, officer.bodyId);
        try {
          await c.call("duties.updateOfficer", { id: officer.id, ...officerParams(c.form, officer.bodyId) });
          c.redirect(href("/console/admin/officers", { bodyId: officer.bodyId, ok: "saved" }));
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          await officerForm(c, failStatus(err), { bodyId: officer.bodyId, officer, errors });
        }
      },
      WRITERS,
    ),

    "GET /console/admin/officers/:id/status": consoleRoute(deps, (c) => statusForm(c, 200), WRITERS),

    "POST /console/admin/officers/:id/status": consoleRoute(
      deps,
      async (c) => {
        const officer = await c.call<OfficerView>("feed.getOfficer", { id: c.params.id });
        ensureOwn(c, officer.bodyId);
        const status = c.form.get("status") ?? "";
        const reason = value(c.form, "reason");
        const errors: FieldErrors = {};
        if (status !== "active" && !reason) errors.reason = "暂停执法或注销须填写理由。";
        if (!confirmed(c)) errors.confirm = "请勾选确认。";
        if (Object.keys(errors).length) return statusForm(c, 422, errors);
        try {
          await c.call("duties.setOfficerStatus", { id: officer.id, status, ...(reason ? { reason } : {}) });
          c.redirect(href("/console/admin/officers", { bodyId: officer.bodyId, ok: "statusChanged" }));
        } catch (err) {
          const failed = errorsOf(err);
          if (!failed) throw err;
          await statusForm(c, failStatus(err), failed);
        }
      },
      WRITERS,
    ),
  };
}

// ---- powers (权责清单)

const BASIS_ROWS = 3;
const SEP = " | ";

function standardsText(s: unknown): string {
  if (typeof s === "string") return s;
  if (!Array.isArray(s)) return "";
  return s
    .map((row) => {
      if (typeof row === "string") return row;
      const r = row as { level?: string | null; circumstance?: string; measure?: string };
      return [r.level ?? "", r.circumstance ?? "", r.measure ?? ""].join(SEP);
    })
    .join("\n");
}

function procedureText(p: PowerVersionView["procedure"]): string {
  return (p ?? [])
    .map((s) => (typeof s === "string" ? s : s.description ? `${s.name}${SEP}${s.description}` : s.name))
    .join("\n");
}

function remediesText(r: unknown): string {
  if (typeof r === "string") return r;
  if (!Array.isArray(r)) return "";
  return r
    .map((row) => {
      if (typeof row === "string") return row;
      const x = row as Record<string, string | null | undefined>;
      const parts = [x.kind ?? "其他", x.organ ?? "", x.timeLimit ?? "", x.note ?? ""];
      while (parts.length > 1 && !parts[parts.length - 1]) parts.pop();
      return parts.join(SEP);
    })
    .join("\n");
}

const parts = (line: string) => line.split("|").map((s) => s.trim());

/** Prose, or (when a line has "|") rows: "档次 | 情形 | 措施" or "情形 | 措施", other lines as text. */
function parseStandards(text: string | null): unknown {
  const rows = lines(text ?? undefined);
  if (!rows.some((l) => l.includes("|"))) return text?.trim() || undefined;
  return rows.map((l) => {
    if (!l.includes("|")) return l;
    const p = parts(l);
    if (p.length === 2) return { circumstance: p[0], measure: p[1] };
    const [level = "", circumstance = "", ...rest] = p;
    return { ...(level ? { level } : {}), circumstance, measure: rest.join(" | ") };
  });
}

function parseProcedure(text: string | null): unknown {
  const steps = lines(text ?? undefined).map((l) => {
    const at = l.indexOf("|");
    if (at < 0) return l;
    const description = l.slice(at + 1).trim();
    return { name: l.slice(0, at).trim(), ...(description ? { description } : {}) };
  });
  return steps.length ? steps : undefined;
}

function parseRemedies(text: string | null): unknown {
  const rows = lines(text ?? undefined);
  if (!rows.some((l) => l.includes("|"))) return text?.trim() || undefined;
  return rows.map((l) => {
    if (!l.includes("|")) return l;
    const [kind = "", organ, timeLimit, note] = parts(l);
    return {
      kind,
      ...(organ ? { organ } : {}),
      ...(timeLimit ? { timeLimit } : {}),
      ...(note ? { note } : {}),
    };
  });
}

function basisRowsOf(f: URLSearchParams): number {
  let n = 0;
  while (n < 50 && f.has(`basis.${n}.law`)) n++;
  return n;
}

/** The power's params from the form; empty basis rows are dropped, `rows` maps API rows back to the form's. */
function powerParams(f: URLSearchParams, bodyId: string, revise: boolean) {
  const rows: number[] = [];
  const basis: Basis[] = [];
  for (let i = 0; i < basisRowsOf(f); i++) {
    const law = f.get(`basis.${i}.law`)?.trim() ?? "";
    const article = f.get(`basis.${i}.article`)?.trim() ?? "";
    const text = f.get(`basis.${i}.text`)?.trim() ?? "";
    if (!law && !article && !text) continue;
    rows.push(i);
    basis.push({ law, article, ...(text ? { text } : {}) });
  }
  const days = f.get("timeLimitDays")?.trim();
  const optional: Record<string, unknown> = {
    standards: parseStandards(f.get("standards")),
    procedure: parseProcedure(f.get("procedure")),
    timeLimitDays: days ? days : undefined,
    remedies: parseRemedies(f.get("remedies")),
    supervisionPhone: value(f, "supervisionPhone"),
    ...(revise ? { changeNote: value(f, "changeNote") } : {}),
  };
  const params = {
    bodyId,
    code: f.get("code")?.trim() ?? "",
    name: f.get("name")?.trim() ?? "",
    category: f.get("category") ?? "",
    basis,
    ...Object.fromEntries(Object.entries(optional).filter(([, x]) => x !== undefined)),
  };
  const rename = (apiField: string): string | undefined => {
    const m = /^basis\.(\d+)\.(law|article|text)/.exec(apiField);
    if (m) return `basis.${rows[Number(m[1])] ?? 0}.${m[2]}`;
    if (apiField === "basis") return "basis.0.law";
    const top = /^(standards|procedure|remedies)\b/.exec(apiField);
    return top ? top[1] : undefined;
  };
  return { params, rename };
}

async function powerForm(
  c: ConsoleContext,
  status: number,
  opts: { bodyId: string; power?: PowerView; errors?: FieldErrors },
) {
  const body = await c.call<BodyView>("feed.getBody", { id: opts.bodyId });
  const errors = opts.errors ?? {};
  const p = opts.power;
  const initial: Record<string, string | number | null | undefined> = p
    ? {
        code: p.code,
        name: p.name,
        category: p.category,
        timeLimitDays: p.timeLimitDays,
        supervisionPhone: p.supervisionPhone,
        standards: standardsText(p.standards),
        procedure: procedureText(p.procedure),
        remedies: remediesText(p.remedies),
      }
    : {};
  p?.basis.forEach((b, i) => {
    initial[`basis.${i}.law`] = b.law;
    initial[`basis.${i}.article`] = b.article;
    initial[`basis.${i}.text`] = b.text ?? "";
  });
  const v = formValues(c, initial);
  const rowCount =
    c.req.method === "POST" ? Math.max(basisRowsOf(c.form), 1) : Math.max(BASIS_ROWS, (p?.basis.length ?? 0) + 1);
  const title = p ? "修改职权（生成新版本）" : "新增职权";
  const list = href("/console/admin/powers", { bodyId: body.id });
  render(
    c,
    status,
    title,
    html`${crumbs(["权责清单", list], ...(p ? [[p.name, `/console/admin/powers/${p.id}`] as const] : []), title)}
      <h1>${title}</h1>
      <p class="lead">
        执法主体：${body.name}${p && html`。当前为第 ${p.version} 版；保存后生成第 ${p.version + 1} 版，原版本保留可查。`}
      </p>
      ${errorSummary(errors)}
      <form
        method="post"
        action="${p ? `/console/admin/powers/${p.id}/edit` : href("/console/admin/powers/new", { bodyId: body.id })}"
        novalidate
      >
        ${csrfField(c.csrf)}
        <input type="hidden" name="bodyId" value="${body.id}" />
        ${field({ name: "code", label: "事项编码", value: v.get("code"), errors, required: true, maxlength: 64 })}
        ${field({ name: "name", label: "职权名称", value: v.get("name"), errors, required: true, maxlength: 200 })}
        ${select({
          name: "category",
          label: "权力类别",
          options: POWER_CATEGORIES.map((x) => [x, x]),
          value: v.get("category"),
          blank: "请选择",
          errors,
          required: true,
        })}
        ${Array.from(
          { length: rowCount },
          (_, i) =>
            html`<fieldset class="group">
              <legend>设定依据 ${i + 1}${i > 0 ? "（可选）" : ""}</legend>
              ${field({ name: `basis.${i}.law`, label: "法律法规名称", hint: i === 0 ? "如：《中华人民共和国行政处罚法》" : undefined, value: v.get(`basis.${i}.law`), errors, required: i === 0, maxlength: 200 })}
              ${field({ name: `basis.${i}.article`, label: "条款", hint: i === 0 ? "如：第二十八条第一款" : undefined, value: v.get(`basis.${i}.article`), errors, required: i === 0, maxlength: 100 })}
              ${textarea({ name: `basis.${i}.text`, label: "条文内容", value: v.get(`basis.${i}.text`), errors, rows: 2, maxlength: 5000 })}
            </fieldset>`,
        )}
        <p class="hint">空白的设定依据不会保存；需要更多行时，请先保存，再次修改时会多出一行。</p>
        ${field({ name: "timeLimitDays", label: "办理时限（日）", type: "number", value: v.get("timeLimitDays"), errors, step: "1" })}
        ${field({ name: "supervisionPhone", label: "监督电话", type: "tel", value: v.get("supervisionPhone"), errors, maxlength: 30 })}
        ${textarea({
          name: "standards",
          label: "裁量基准",
          hint: "可直接填写文字；分档列出时每行一档，用“|”分隔：裁量等级 | 违法情形 | 处理措施。",
          value: v.get("standards"),
          errors,
          rows: 5,
        })}
        ${textarea({
          name: "procedure",
          label: "执法程序",
          hint: "每行一个步骤，按顺序；需要说明时写作：步骤 | 说明。",
          value: v.get("procedure"),
          errors,
          rows: 5,
        })}
        ${textarea({
          name: "remedies",
          label: "救济渠道",
          hint: `可直接填写文字；逐项列出时每行一项：${REMEDY_KINDS.join("/")} | 受理机关 | 期限 | 备注。`,
          value: v.get("remedies"),
          errors,
          rows: 3,
        })}
        ${p && textarea({ name: "changeNote", label: "修订说明", hint: "如：依据某法修订调整。", value: v.get("changeNote"), errors, rows: 2, maxlength: 500 })}
        <button type="submit" class="primary">${p ? "保存为新版本" : "保存"}</button>
        <a href="${p ? `/console/admin/powers/${p.id}` : list}">取消</a>
      </form>`,
  );
}

function versionDetails(v: PowerVersionView): HtmlValue {
  const steps = (v.procedure ?? []).map((s) =>
    typeof s === "string" ? s : s.description ? `${s.name}（${s.description}）` : s.name,
  );
  return html`<dl class="facts">
    <dt>事项编码</dt>
    <dd>${v.code}</dd>
    <dt>职权名称</dt>
    <dd>${v.name}</dd>
    <dt>权力类别</dt>
    <dd>${v.category}</dd>
    <dt>设定依据</dt>
    <dd>
      <ol>
        ${v.basis.map((b) => html`<li>${b.law} ${b.article}${b.text && html`<div class="hint">${b.text}</div>`}</li>`)}
      </ol>
    </dd>
    <dt>办理时限</dt>
    <dd>${typeof v.timeLimitDays === "number" ? `${v.timeLimitDays} 日` : "未填写"}</dd>
    <dt>监督电话</dt>
    <dd>${v.supervisionPhone ?? "未填写"}</dd>
    <dt>裁量基准</dt>
    <dd class="feedback-text">${standardsText(v.standards) || "未填写"}</dd>
    <dt>执法程序</dt>
    <dd>${steps.length ? steps.join(" → ") : "未填写"}</dd>
    <dt>救济渠道</dt>
    <dd class="feedback-text">${remediesText(v.remedies) || "未填写"}</dd>
  </dl>`;
}

function powerRoutes(deps: ConsoleDeps): Record<string, Handler> {
  const loadPower = async (c: ConsoleContext) => {
    const power = await c.call<PowerView>("feed.getPower", { id: c.params.id });
    ensureOwn(c, power.bodyId);
    return power;
  };
  return {
    "GET /console/admin/powers": consoleRoute(
      deps,
      async (c) => {
        const bodyId = scopeOf(c);
        if (!bodyId) return bodyPicker(c, "权责清单", "/console/admin/powers", await allBodies(c));
        const body = await c.call<BodyView>("feed.getBody", { id: bodyId });
        const category = POWER_CATEGORIES.find((x) => x === c.params.category);
        const q = c.params.q?.trim() || undefined;
        const list = await c.call<Page<PowerView>>("feed.listPowers", {
          bodyId,
          limit: 50,
          ...(category ? { category } : {}),
          ...(q ? { q } : {}),
          ...(c.params.cursor ? { cursor: c.params.cursor } : {}),
        });
        const admin = c.user.role === "admin";
        render(
          c,
          200,
          "权责清单",
          html`${crumbs("权责清单")}
            <h1>权责清单：${body.name}</h1>
            <p>
              <a class="button primary" href="${href("/console/admin/powers/new", { bodyId })}">新增职权</a>
              ${admin && html`<a href="/console/admin/powers">选择其他执法主体</a>`}
            </p>
            <form method="get" action="/console/admin/powers" class="filters">
              ${admin && html`<input type="hidden" name="bodyId" value="${bodyId}" />`}
              ${select({
                name: "category",
                label: "权力类别",
                options: POWER_CATEGORIES.map((x) => [x, x]),
                value: category,
                blank: "全部",
              })}
              ${field({ name: "q", label: "名称或编码", value: q, maxlength: 50 })}
              <button type="submit">筛选</button>
            </form>
            ${table(
              ["事项编码", "职权名称", "权力类别", "现行版本", "生效时间"],
              list.items.map((p) => [
                p.code,
                html`<a href="/console/admin/powers/${p.id}">${p.name}</a>`,
                p.category,
                `第 ${p.version} 版`,
                when(p.effectiveFrom),
              ]),
            )}
            ${pager("/console/admin/powers", { bodyId: admin ? bodyId : undefined, category, q }, list.nextCursor)}`,
        );
      },
      WRITERS,
    ),

    "GET /console/admin/powers/new": consoleRoute(
      deps,
      async (c) => {
        const bodyId = scopeOf(c);
        if (!bodyId) return bodyPicker(c, "新增职权", "/console/admin/powers/new", await allBodies(c));
        await powerForm(c, 200, { bodyId });
      },
      WRITERS,
    ),

    "POST /console/admin/powers/new": consoleRoute(
      deps,
      async (c) => {
        const bodyId = scopeOf(c);
        if (!bodyId) throw notFound();
        const { params, rename } = powerParams(c.form, bodyId, false);
        try {
          const created = await c.call<{ id: string }>("duties.createPower", params);
          c.redirect(`/console/admin/powers/${created.id}?ok=created`);
        } catch (err) {
          const errors = errorsOf(err, rename);
          if (!errors) throw err;
          await powerForm(c, failStatus(err), { bodyId, errors });
        }
      },
      WRITERS,
    ),

    "GET /console/admin/powers/:id": consoleRoute(
      deps,
      async (c) => {
        const power = await loadPower(c);
        const history = power.history ?? [];
        const list = href("/console/admin/powers", { bodyId: power.bodyId });
        render(
          c,
          200,
          power.name,
          html`${crumbs(["权责清单", list], power.name)}
            <h1>${power.name}</h1>
            <p class="lead">现行为第 ${power.version} 版，自 ${when(power.effectiveFrom)} 起生效。</p>
            <p>
              <a class="button primary" href="/console/admin/powers/${power.id}/edit">修改（生成新版本）</a>
              <a href="/powers/${power.id}">查看公开页面</a>
            </p>
            ${versionDetails(power)}
            <h2 id="history">版本记录（共 ${history.length} 版）</h2>
            ${table(
              ["版本", "生效时间", "职权名称", "修订说明"],
              history.map((h) => [`第 ${h.version} 版`, when(h.effectiveFrom), h.name, h.changeNote ?? ""]),
            )}
            ${history.map(
              (h) =>
                html`<details>
                  <summary>第 ${h.version} 版全文（${when(h.effectiveFrom)}）</summary>
                  ${versionDetails(h)}
                </details>`,
            )}`,
        );
      },
      WRITERS,
    ),

    "GET /console/admin/powers/:id/edit": consoleRoute(
      deps,
      async (c) => {
        const power = await loadPower(c);
        await powerForm(c, 200, { bodyId: power.bodyId, power });
      },
      WRITERS,
    ),

    "POST /console/admin/powers/:id/edit": consoleRoute(
      deps,
      async (c) => {
        const power = await loadPower(c);
        const { params, rename } = powerParams(c.form, power.bodyId, true);
        try {
          await c.call("duties.revisePower", { id: power.id, ...params });
          c.redirect(`/console/admin/powers/${power.id}?ok=revised`);
        } catch (err) {
          const errors = errorsOf(err, rename);
          if (!errors) throw err;
          await powerForm(c, failStatus(err), { bodyId: power.bodyId, power, errors });
        }
      },
      WRITERS,
    ),
  };
}

// ---- calendar (节假日安排)

interface CalendarView {
  coveredYears: number[];
  loaded: { year: number; holidays: string[]; workdays: string[]; loadedAt: string }[];
}

const DATE_TOKEN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const DAY_MS = 86_400_000;

function isoOf(token: string): string | undefined {
  const m = DATE_TOKEN.exec(token.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${(m[2] as string).padStart(2, "0")}-${(m[3] as string).padStart(2, "0")}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/**
 * Dates typed one a line (or separated by commas, 、, spaces), in 2027-10-01, 2027/10/1 or
 * 2027年10月1日 form, with ranges "2027-10-01~2027-10-07" (or 至). Unreadable entries are reported.
 */
function parseDates(text: string | null): { dates: string[]; bad: string[] } {
  const dates: string[] = [];
  const bad: string[] = [];
  const tokens = (text ?? "")
    .replace(/\s*(~|～|至|\.\.)\s*/g, "~")
    .replace(/\s*([年月])\s*/g, "$1")
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const token of tokens) {
    const [from = "", to, extra] = token.split("~");
    const start = isoOf(from);
    if (to === undefined) {
      if (start) dates.push(start);
      else bad.push(token);
      continue;
    }
    const end = isoOf(to);
    if (!start || !end || extra !== undefined || end < start || Date.parse(end) - Date.parse(start) > 366 * DAY_MS) {
      bad.push(token);
      continue;
    }
    for (let t = Date.parse(start); t <= Date.parse(end); t += DAY_MS)
      dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return { dates, bad };
}

async function calendarPage(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const cal = await c.call<CalendarView>("results.getCalendar", {});
  const wanted = Number(c.params.year);
  const editing = cal.loaded.find((y) => y.year === wanted);
  const v = formValues(
    c,
    editing
      ? { year: editing.year, holidays: editing.holidays.join("\n"), workdays: editing.workdays.join("\n") }
      : { year: Number.isInteger(wanted) && wanted > 0 ? wanted : undefined },
  );
  const covered = cal.coveredYears;
  render(
    c,
    status,
    "节假日安排",
    html`${crumbs("节假日安排")}
      <h1>节假日安排</h1>
      <p class="lead">
        法定公示期限等按工作日计算：周一至周五，扣除法定节假日，加上调休上班的周末。 内置日历（国务院办公厅每年 11
        月前后公布次年安排）已覆盖：${
          covered.length ? `${covered[0]}—${covered[covered.length - 1]} 年（共 ${covered.length} 年）` : "无"
        }。未覆盖的年份按周一至周五暂算，期限标为“暂定”。
      </p>
      <h2>管理员载入的年份</h2>
      ${table(
        ["年份", "放假日期", "调休上班日", "载入时间", "操作"],
        cal.loaded.map((y) => [
          `${y.year} 年`,
          `${y.holidays.length} 天`,
          y.workdays.length ? y.workdays.join("、") : "无",
          when(y.loadedAt),
          html`<a href="${href("/console/admin/calendar", { year: y.year })}#load">修改</a>`,
        ]),
      )}
      <h2 id="load">载入一年的安排</h2>
      <p>载入后，该年份以载入的安排为准（覆盖内置日历），所有未公示决定的期限将重新计算。</p>
      ${errorSummary(errors)}
      <form method="post" action="/console/admin/calendar" novalidate>
        ${csrfField(c.csrf)}
        ${field({ name: "year", label: "年份", type: "number", value: v.get("year"), errors, required: true, step: "1" })}
        ${textarea({
          name: "holidays",
          label: "放假日期",
          hint: "每行一个日期或一个区间，如 2027-10-01~2027-10-07（也可写 2027年10月1日 至 2027年10月7日）；含放假期间的周末。",
          value: v.get("holidays"),
          errors,
          rows: 8,
        })}
        ${textarea({
          name: "workdays",
          label: "调休上班日",
          hint: "需上班的周六、周日，每行一个日期；没有则留空。",
          value: v.get("workdays"),
          errors,
          rows: 3,
        })}
        <details>
          <summary>或粘贴 JSON（与接口 PUT /api/calendar/:year 相同的格式）</summary>
          ${textarea({
            name: "json",
            label: "JSON",
            hint: '如 {"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-02-07"]}；填写后以此为准。',
            value: v.get("json"),
            errors,
            rows: 5,
          })}
        </details>
        <button type="submit" class="primary">载入</button>
      </form>`,
  );
}

function calendarParams(f: URLSearchParams): { params?: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const json = value(f, "json");
  if (json) {
    try {
      const parsed = JSON.parse(json) as Record<string, unknown>;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      return {
        params: {
          year: parsed.year ?? f.get("year")?.trim(),
          holidays: parsed.holidays ?? [],
          workdays: parsed.workdays ?? [],
        },
        errors,
      };
    } catch {
      return { errors: { json: "不是有效的 JSON 对象。" } };
    }
  }
  const holidays = parseDates(f.get("holidays"));
  const workdays = parseDates(f.get("workdays"));
  if (holidays.bad.length) errors.holidays = `无法识别的日期：${holidays.bad.join("、")}（格式如 2027-10-01）。`;
  if (workdays.bad.length) errors.workdays = `无法识别的日期：${workdays.bad.join("、")}（格式如 2027-10-01）。`;
  if (!f.get("year")?.trim()) errors.year = "请填写年份。";
  if (Object.keys(errors).length) return { errors };
  return {
    params: { year: f.get("year")?.trim(), holidays: holidays.dates, workdays: workdays.dates },
    errors,
  };
}

// ---- rules (规则表)

interface RuleTableView {
  publicationDeadlineDays: Record<string, number | undefined>;
  withdrawalDeadlineDays: number;
  publishWarningOnly: boolean;
  publicity: { minorPenaltyMonths: number; minorFineBelowYuan: number; penaltyMonths: number; otherMonths: number };
  majorFineYuan: { natural: number; individual: number; legal: number };
  feedbackReplyDays: number;
}

const RULE_FIELDS: readonly [name: string, label: string, unit: string][] = [
  ["withdrawalDeadlineDays", "撤销决定后撤下公示的期限", "个工作日"],
  ["publicity.minorPenaltyMonths", "公示期：通报批评或较小数额罚款", "个月"],
  ["publicity.minorFineBelowYuan", "“较小数额罚款”的标准（低于）", "元"],
  ["publicity.penaltyMonths", "公示期：其他行政处罚", "个月"],
  ["publicity.otherMonths", "公示期：其他执法决定", "个月"],
  ["majorFineYuan.natural", "重大执法决定（须法制审核）罚款标准：自然人", "元"],
  ["majorFineYuan.individual", "重大执法决定罚款标准：个体工商户", "元"],
  ["majorFineYuan.legal", "重大执法决定罚款标准：法人或其他组织", "元"],
  ["feedbackReplyDays", "公众反馈答复期限", "个工作日"],
];

function pathValue(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

function ruleValues(r: RuleTableView): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = { "pdd.default": r.publicationDeadlineDays.default };
  POWER_CATEGORIES.forEach((cat, i) => (out[`pdd.${i}`] = r.publicationDeadlineDays[cat]));
  for (const [name] of RULE_FIELDS) out[name] = pathValue(r, name) as number;
  out.publishWarningOnly = r.publishWarningOnly ? "true" : undefined;
  return out;
}

/** A number as typed: a real number, or the text itself so the service reports it beside the field. */
function numberOf(f: URLSearchParams, name: string): number | string | undefined {
  const raw = f.get(name)?.trim().replace(/,/g, "");
  if (!raw) return undefined;
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

function ruleParams(f: URLSearchParams) {
  const pdd: Record<string, unknown> = { default: numberOf(f, "pdd.default") };
  POWER_CATEGORIES.forEach((cat, i) => {
    const n = numberOf(f, `pdd.${i}`);
    if (n !== undefined) pdd[cat] = n;
  });
  const n = (name: string) => numberOf(f, name);
  return {
    publicationDeadlineDays: pdd,
    withdrawalDeadlineDays: n("withdrawalDeadlineDays"),
    publishWarningOnly: f.getAll("publishWarningOnly").includes("true"),
    publicity: {
      minorPenaltyMonths: n("publicity.minorPenaltyMonths"),
      minorFineBelowYuan: n("publicity.minorFineBelowYuan"),
      penaltyMonths: n("publicity.penaltyMonths"),
      otherMonths: n("publicity.otherMonths"),
    },
    majorFineYuan: {
      natural: n("majorFineYuan.natural"),
      individual: n("majorFineYuan.individual"),
      legal: n("majorFineYuan.legal"),
    },
    feedbackReplyDays: n("feedbackReplyDays"),
  };
}

function ruleRename(apiField: string): string | undefined {
  if (apiField === "publicationDeadlineDays.default") return "pdd.default";
  const m = /^publicationDeadlineDays\.(.+)$/.exec(apiField);
  if (m) {
    const i = POWER_CATEGORIES.findIndex((c) => c === m[1]);
    return i >= 0 ? `pdd.${i}` : "pdd.default";
  }
  return undefined;
}

async function rulesPage(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const rules = await c.call<RuleTableView>("results.getRules", {});
  const v = formValues(c, ruleValues(rules));
  const deadlines = POWER_CATEGORIES.filter((cat) => rules.publicationDeadlineDays[cat] !== undefined);
  render(
    c,
    status,
    "规则表",
    html`${crumbs("规则表")}
      <h1>规则表</h1>
      <p class="lead">各地规定不同的期限和标准集中在此，由系统管理员维护；修改后所有未公示决定的期限将重新计算。</p>
      <h2>现行规则</h2>
      ${table(
        ["项目", "现行值"],
        [
          ["作出决定后公示的期限（未单列的类别）", `${rules.publicationDeadlineDays.default ?? ""} 个工作日`],
          ...deadlines.map((cat) => [`作出决定后公示的期限：${cat}`, `${rules.publicationDeadlineDays[cat]} 个工作日`]),
          ...RULE_FIELDS.map(([name, label, unit]) => [label, `${String(pathValue(rules, name) ?? "")} ${unit}`]),
          ["仅受警告的行政处罚是否公示", rules.publishWarningOnly ? "公示" : "不公示"],
        ],
      )}
      <h2 id="edit">修改规则表</h2>
      ${errorSummary(errors)}
      <form method="post" action="/console/admin/rules" novalidate>
        ${csrfField(c.csrf)}
        <fieldset class="group">
          <legend>作出决定后公示的期限（工作日，决定当日不计入）</legend>
          ${field({ name: "pdd.default", label: "未单列的类别", type: "number", value: v.get("pdd.default"), errors, required: true, step: "1" })}
          ${POWER_CATEGORIES.map((cat, i) =>
            field({
              name: `pdd.${i}`,
              label: cat,
              hint: i === 0 ? "留空则按“未单列的类别”计算。" : undefined,
              type: "number",
              value: v.get(`pdd.${i}`),
              errors,
              step: "1",
            }),
          )}
        </fieldset>
        <fieldset class="group">
          <legend>其他期限与标准</legend>
          ${RULE_FIELDS.map(([name, label, unit]) =>
            field({
              name,
              label: `${label}（${unit}）`,
              type: "number",
              value: v.get(name),
              errors,
              required: true,
              step: unit === "元" ? "0.01" : "1",
            }),
          )}
          ${checkboxes({
            name: "publishWarningOnly",
            legend: "仅受警告的行政处罚",
            options: [["true", "公示仅受警告的行政处罚决定"]],
            checked: v.getAll("publishWarningOnly"),
            errors,
          })}
        </fieldset>
        <button type="submit" class="primary">保存规则表</button>
      </form>`,
  );
}

function tableRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/calendar": consoleRoute(deps, (c) => calendarPage(c, 200), ADMIN_ONLY),

    "POST /console/admin/calendar": consoleRoute(
      deps,
      async (c) => {
        const { params, errors } = calendarParams(c.form);
        if (!params) return calendarPage(c, 422, errors);
        try {
          const loaded = await c.call<{ year: number }>("results.loadCalendarYear", params);
          c.redirect(href("/console/admin/calendar", { year: loaded.year, ok: "loaded" }));
        } catch (err) {
          const failed = errorsOf(err, (f) => (value(c.form, "json") && f !== "_form" ? "json" : undefined));
          if (!failed) throw err;
          await calendarPage(c, failStatus(err), failed);
        }
      },
      ADMIN_ONLY,
    ),

    "GET /console/admin/rules": consoleRoute(deps, (c) => rulesPage(c, 200), ADMIN_ONLY),

    "POST /console/admin/rules": consoleRoute(
      deps,
      async (c) => {
        try {
          await c.call("results.putRules", ruleParams(c.form));
          c.redirect("/console/admin/rules?ok=saved");
        } catch (err) {
          const errors = errorsOf(err, ruleRename);
          if (!errors) throw err;
          await rulesPage(c, failStatus(err), errors);
        }
      },
      ADMIN_ONLY,
    ),
  };
}

export function adminRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin": consoleRoute(deps, async (c) => indexPage(c), WRITERS),
    ...bodyRoutes(deps),
    ...userRoutes(deps),
    ...officerRoutes(deps),
    ...powerRoutes(deps),
    ...tableRoutes(deps),
  };
}
