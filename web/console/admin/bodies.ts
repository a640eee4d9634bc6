/**
 * 执法主体: administrators register enforcement bodies and edit their name, credit code, region and
 * contacts, and upload the body's seal (电子印章, a PNG drawn over the 落款 of its notices).
 */
import { ADMIN_ONLY } from "../../../lib/auth.js";
import { href, html } from "../../html/html.js";
import type { Handler } from "../../../services/gateway/web.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute, value, pathId } from "../context.js";
import { csrfField, errorSummary, field, type FieldErrors, table } from "../layout.js";
import { crumbs, errorsOf, failStatus, formValues, pager, render } from "./shared.js";
import { duties, type SealImage } from "../../../services/duties/contract.js";
import { feed, type PublicBody } from "../../../services/feed/contract.js";

function bodyParams(f: URLSearchParams) {
  return {
    name: f.get("name")?.trim() ?? "",
    creditCode: f.get("creditCode")?.trim().toUpperCase() ?? "",
    region: f.get("region")?.trim() ?? "",
    ...(value(f, "phone") ? { phone: value(f, "phone") } : {}),
    ...(value(f, "address") ? { address: value(f, "address") } : {}),
  };
}

function bodyForm(
  c: ConsoleContext,
  status: number,
  opts: { id?: string; initial?: PublicBody; errors?: FieldErrors; seal?: SealImage | null },
) {
  const errors = opts.errors ?? {};
  const { counts: _counts, ...initial } = opts.initial ?? ({} as Partial<PublicBody>);
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
      </form>
      ${opts.id ? sealSection(c, opts.id, opts.seal ?? null, errors) : ""}`,
  );
}

/** The seal: the one uploaded (shown), a form to upload or replace it, and one to remove it. */
function sealSection(c: ConsoleContext, id: string, seal: SealImage | null, errors: FieldErrors) {
  return html`<h2>电子印章</h2>
    ${
      seal
        ? html`<p><img src="data:image/png;base64,${seal.png}" alt="本机关电子印章" width="120" height="120" /></p>
            <form method="post" action="/console/admin/bodies/${id}/seal/remove">
              ${csrfField(c.csrf)}
              <button type="submit">删除印章</button>
            </form>`
        : html`<p>未上传印章：本机关的公示文书不加盖印章图片。</p>`
    }
    <form method="post" action="/console/admin/bodies/${id}/seal" enctype="multipart/form-data">
      ${csrfField(c.csrf)}
      <div class="field${errors.png ? " has-error" : ""}">
        <label for="seal-png">${seal ? "更换印章图片" : "上传印章图片"}</label>
        <p class="hint" id="seal-png-hint">
          PNG 格式，透明背景，不超过 256 KB，边长 64–2000 像素；加盖在公示文书的落款处。
        </p>
        ${
          errors.png &&
          html`<p class="field-error" id="seal-png-error"><span class="visually-hidden">错误：</span>${errors.png}</p>`
        }
        <input
          id="seal-png"
          name="png"
          type="file"
          accept="image/png"
          required
          aria-describedby="seal-png-hint${errors.png ? " seal-png-error" : ""}"
        />
      </div>
      <button type="submit" class="primary">上传</button>
    </form>`;
}

export function bodyRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/bodies": consoleRoute(
      deps,
      async (c) => {
        const q = c.params.q?.trim() || undefined;
        const list = await c.call(feed.listBodies, {
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
          await c.call(duties.createBody, bodyParams(c.form));
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
        const body = await c.call(feed.getBody, { id: pathId(c) });
        const seal = await c.call(duties.getSeal, { id: body.id });
        bodyForm(c, 200, { id: body.id, initial: body, seal });
      },
      ADMIN_ONLY,
    ),

    "POST /console/admin/bodies/:id/edit": consoleRoute(
      deps,
      async (c) => {
        const id = pathId(c);
        try {
          await c.call(duties.updateBody, { id, ...bodyParams(c.form) });
          c.redirect("/console/admin/bodies?ok=saved");
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          bodyForm(c, failStatus(err), { id, errors, seal: await c.call(duties.getSeal, { id }) });
        }
      },
      ADMIN_ONLY,
    ),

    "POST /console/admin/bodies/:id/seal": consoleRoute(
      deps,
      async (c) => {
        const id = pathId(c);
        try {
          await c.call(duties.setSeal, { bodyId: id, png: c.form.get("png") ?? "" });
          c.redirect(`/console/admin/bodies/${id}/edit?ok=saved`);
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          const body = await c.call(feed.getBody, { id });
          bodyForm(c, failStatus(err), { id, initial: body, errors, seal: await c.call(duties.getSeal, { id }) });
        }
      },
      ADMIN_ONLY,
    ),

    "POST /console/admin/bodies/:id/seal/remove": consoleRoute(
      deps,
      async (c) => {
        const id = pathId(c);
        await c.call(duties.removeSeal, { id });
        c.redirect(`/console/admin/bodies/${id}/edit?ok=saved`);
      },
      ADMIN_ONLY,
    ),
  };
}
