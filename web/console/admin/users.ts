/** 账号: administrators create accounts, reset passwords, and deactivate or reactivate accounts. */
import { ADMIN_ONLY } from "../../../lib/auth.js";
import { href, html } from "../../html/html.js";
import type { Handler } from "../../../services/gateway/web.js";
import { formInput } from "../../../lib/contract.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute, value, pathId } from "../context.js";
import { labelOf } from "../labels.js";
import {
  checkboxes,
  csrfField,
  errorSummary,
  field,
  type FieldErrors,
  postButton,
  ROLE_LABELS,
  select,
  table,
} from "../layout.js";
import {
  allBodies,
  allOfficers,
  confirmed,
  crumbs,
  errorsOf,
  failStatus,
  formValues,
  notFound,
  render,
} from "./shared.js";
import { accounts, type UserView } from "../../../services/accounts/contract.js";

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
  const { items } = await c.call(accounts.listUsers, {});
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
  const { items } = await c.call(accounts.listUsers, {});
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

export function userRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/users": consoleRoute(
      deps,
      async (c) => {
        const bodyId = c.params.bodyId?.trim() || undefined;
        const [users, bodies] = await Promise.all([c.call(accounts.listUsers, bodyId ? { bodyId } : {}), allBodies(c)]);
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
          await c.call(
            accounts.createUser,
            formInput({
              username: f.get("username")?.trim() ?? "",
              displayName: f.get("displayName")?.trim() ?? "",
              password: f.get("password") ?? "",
              role,
              ...(bodyId ? { bodyId } : {}),
              ...(officerId && bodyId ? { officerId } : {}),
            }),
          );
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
          await c.call(accounts.updateUser, { id: pathId(c), password });
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
          await c.call(accounts.updateUser, { id: pathId(c), active: false });
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
        await c.call(accounts.updateUser, { id: pathId(c), active: true });
        c.redirect("/console/admin/users?ok=activated");
      },
      ADMIN_ONLY,
    ),
  };
}
