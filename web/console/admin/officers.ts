/**
 * 执法人员名册: the officer roster of a body; status changes (suspend, revoke) need a reason and a
 * confirmation.
 */
import { WRITERS } from "../../../lib/auth.js";
import { OFFICER_STATUSES } from "../../../shared/domain.js";
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
  select,
  table,
  textarea,
  when,
} from "../layout.js";
import type { OfficerView } from "../../../services/duties/contract.js";
import {
  allBodies,
  bodyPicker,
  confirmed,
  crumbs,
  ensureOwn,
  errorsOf,
  failStatus,
  formValues,
  notFound,
  pager,
  render,
  scopeOf,
  registerHead,
} from "./shared.js";
import { duties } from "../../../services/duties/contract.js";
import { feed } from "../../../services/feed/contract.js";

export const OFFICER_STATUS_LABELS: Record<string, string> = {
  active: "在岗",
  suspended: "暂停执法",
  revoked: "已注销",
};

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
  const body = await c.call(feed.getBody, { id: opts.bodyId });
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
  const officer = await c.call(feed.getOfficer, { id: pathId(c) });
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

export function officerRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/officers": consoleRoute(
      deps,
      async (c) => {
        const bodyId = scopeOf(c);
        if (!bodyId) return bodyPicker(c, "执法人员", "/console/admin/officers", await allBodies(c));
        const body = await c.call(feed.getBody, { id: bodyId });
        const status = OFFICER_STATUSES.find((s) => s === c.params.status);
        const q = c.params.q?.trim() || undefined;
        const list = await c.call(feed.listOfficers, {
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
          html`${registerHead(
            c,
            {
              title: "执法人员",
              path: "/console/admin/officers",
              bodyId,
              bodyName: body.name,
              addLabel: "登记执法人员",
              filter: select({
                name: "status",
                label: "状态",
                options: Object.entries(OFFICER_STATUS_LABELS),
                value: status,
                blank: "全部",
              }),
            },
            { label: "姓名或执法证号", value: q },
          )}
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
          await c.call(duties.createOfficer, officerParams(c.form, bodyId));
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
        const officer = await c.call(feed.getOfficer, { id: pathId(c) });
        ensureOwn(c, officer.bodyId);
        await officerForm(c, 200, { bodyId: officer.bodyId, officer });
      },
      WRITERS,
    ),

    "POST /console/admin/officers/:id/edit": consoleRoute(
      deps,
      async (c) => {
        const officer = await c.call(feed.getOfficer, { id: pathId(c) });
        ensureOwn(c, officer.bodyId);
        try {
          await c.call(duties.updateOfficer, { id: officer.id, ...officerParams(c.form, officer.bodyId) });
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
        const officer = await c.call(feed.getOfficer, { id: pathId(c) });
        ensureOwn(c, officer.bodyId);
        const status = c.form.get("status") ?? "";
        const reason = value(c.form, "reason");
        const errors: FieldErrors = {};
        if (status !== "active" && !reason) errors.reason = "暂停执法或注销须填写理由。";
        if (!confirmed(c)) errors.confirm = "请勾选确认。";
        if (Object.keys(errors).length) return statusForm(c, 422, errors);
        try {
          await c.call(duties.setOfficerStatus, formInput({ id: officer.id, status, ...(reason ? { reason } : {}) }));
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
