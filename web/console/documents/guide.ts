/**
 * The 政府信息公开指南 (条例 Art. 12) on the console: an officer edits the own body's guide, an admin
 * any body's (chosen by `bodyId`); each save is a new version, public at once on the body's
 * 政府信息公开 page, with Post/Redirect/Get. Earlier versions stay readable below the form.
 */
import { formInput } from "../../../lib/contract.js";
import { guides } from "../../../services/documents/contract.js";
import { feed } from "../../../services/feed/contract.js";
import { statusOf } from "../../../services/gateway/web.js";
import { href, html } from "../../html/html.js";
import { allItems, type ConsoleContext } from "../context.js";
import { errorSummary, fieldErrorsOf, select, textarea, when, csrfField, type FieldErrors } from "../layout.js";
import { flashOf } from "./shared.js";

export const GUIDE_PATH = "/console/openness-guide";
const LABELS = { text: "指南全文" };

/** The body whose guide is edited: an officer's own; an admin's choice (none yet: the chooser only). */
function bodyIdOf(c: ConsoleContext): string | undefined {
  if (c.user.role !== "admin") return c.user.bodyId ?? undefined;
  const chosen = (c.form.get("bodyId") ?? c.params.bodyId ?? "").trim();
  return chosen || undefined;
}

export async function guidePage(c: ConsoleContext, status = 200, errors: FieldErrors = {}): Promise<void> {
  const bodyId = bodyIdOf(c);
  const admin = c.user.role === "admin";
  const [view, bodies] = await Promise.all([
    bodyId ? c.call(guides.get, { bodyId }) : Promise.resolve(undefined),
    admin ? allItems(c, feed.listBodies, { counts: false }) : Promise.resolve([]),
  ]);
  const typed = c.form.get("text") ?? undefined;
  const chooser =
    admin &&
    html`<form method="get" action="${GUIDE_PATH}" class="filters" aria-label="选择机关">
      ${select({ name: "bodyId", label: "机关", value: bodyId, blank: "请选择", options: bodies.map((b) => [b.id, b.name]) })}
      <div class="field"><button type="submit">查看</button></div>
    </form>`;
  const editor =
    view &&
    html`<p>
        ${
          view.current
            ? html`现行为第 ${view.current.version} 版，发布于 ${when(view.current.createdAt)}。`
            : "尚未发布政府信息公开指南。"
        }
        <a href="${href(`/bodies/${encodeURIComponent(view.bodyId)}/openness`)}#guide">查看公开页面</a>
      </p>
      <form method="post" action="${GUIDE_PATH}" novalidate>
        ${csrfField(c.csrf)} ${admin && html`<input type="hidden" name="bodyId" value="${view.bodyId}" />`}
        <fieldset class="group">
          <legend>编辑指南</legend>
          ${errorSummary(errors, LABELS)}
          ${textarea({
            name: "text",
            label: LABELS.text,
            value: typed ?? view.current?.text,
            errors,
            required: true,
            rows: 20,
            maxlength: 50000,
            hint: "包括政府信息的分类、编排体系、获取方式，以及政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等。保存后即发布为新版本。",
          })}
          <button type="submit" class="primary">发布新版本</button>
        </fieldset>
      </form>
      ${
        view.versions.length > 1 &&
        html`<h2>历次版本</h2>
          ${view.versions.slice(1).map(
            (v) =>
              html`<details>
                <summary>第 ${v.version} 版（${when(v.createdAt)}）</summary>
                <div class="prose">${v.text.split("\n").map((line) => html`<p>${line}</p>`)}</div>
              </details>`,
          )}`
      }`;
  c.render(status, {
    title: "政府信息公开指南",
    active: "documents",
    flash: status === 200 ? flashOf(c) : undefined,
    body: html`<p><a href="/console/documents">返回文件列表</a></p>
      <h1>政府信息公开指南</h1>
      <p class="lead">《政府信息公开条例》第十二条：行政机关编制、公布政府信息公开指南，并及时更新。</p>
      ${chooser} ${editor}`,
  });
}

export async function saveGuide(c: ConsoleContext): Promise<void> {
  const bodyId = bodyIdOf(c) ?? "";
  try {
    await c.call(guides.edit, formInput({ bodyId, text: c.form.get("text") ?? "" }));
  } catch (err) {
    const errors = fieldErrorsOf(err);
    if (!errors) throw err;
    return guidePage(c, statusOf(err) === 409 ? 409 : 422, errors);
  }
  c.redirect(`${GUIDE_PATH}?ok=guide${c.user.role === "admin" ? `&bodyId=${encodeURIComponent(bodyId)}` : ""}`);
}
