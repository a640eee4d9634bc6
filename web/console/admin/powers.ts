/**
 * 权责清单: a body's powers with their legal basis, standards, procedure and remedies, typed as text
 * rows in the form; every edit is a new version and the history stays visible.
 */
import { WRITERS } from "../../../lib/auth.js";
import { POWER_CATEGORIES, REMEDY_KINDS } from "../../../shared/domain.js";
import { href, html, type HtmlValue } from "../../html/html.js";
import type { Handler } from "../../../services/gateway/web.js";
import { formInput } from "../../../lib/contract.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute, pathId } from "../context.js";
import { csrfField, errorSummary, field, type FieldErrors, select, table, textarea, when } from "../layout.js";
import {
  allBodies,
  bodyPicker,
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
import { BASIS_ROWS, basisRowsOf, powerParams, procedureText, remediesText, standardsText } from "./power-form.js";
import { duties, type PowerVersionView, type PowerWithHistoryView } from "../../../services/duties/contract.js";
import { feed } from "../../../services/feed/contract.js";

async function powerForm(
  c: ConsoleContext,
  status: number,
  opts: { bodyId: string; power?: PowerWithHistoryView; errors?: FieldErrors },
) {
  const body = await c.call(feed.getBody, { id: opts.bodyId });
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

export function powerRoutes(deps: ConsoleDeps): Record<string, Handler> {
  const loadPower = async (c: ConsoleContext) => {
    const power = await c.call(feed.getPower, { id: pathId(c) });
    ensureOwn(c, power.bodyId);
    return power;
  };
  return {
    "GET /console/admin/powers": consoleRoute(
      deps,
      async (c) => {
        const bodyId = scopeOf(c);
        if (!bodyId) return bodyPicker(c, "权责清单", "/console/admin/powers", await allBodies(c));
        const body = await c.call(feed.getBody, { id: bodyId });
        const category = POWER_CATEGORIES.find((x) => x === c.params.category);
        const q = c.params.q?.trim() || undefined;
        const list = await c.call(feed.listPowers, {
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
          html`${registerHead(
            c,
            {
              title: "权责清单",
              path: "/console/admin/powers",
              bodyId,
              bodyName: body.name,
              addLabel: "新增职权",
              filter: select({
                name: "category",
                label: "权力类别",
                options: POWER_CATEGORIES.map((x) => [x, x]),
                value: category,
                blank: "全部",
              }),
            },
            { label: "名称或编码", value: q },
          )}
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
          const created = await c.call(duties.createPower, formInput(params));
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
          await c.call(duties.revisePower, formInput({ id: power.id, ...params }));
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
