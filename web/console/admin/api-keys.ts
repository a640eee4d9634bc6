/**
 * API 密钥: administrators create a key for a body's case-handling system (办案系统) — shown once,
 * on the page that answers the creation, never again — list the keys (prefix, body, last use,
 * revocation) and revoke one, after which every call with it is refused.
 */
import { ADMIN_ONLY } from "../../../lib/auth.js";
import { formInput } from "../../../lib/contract.js";
import { href, html } from "../../html/html.js";
import type { Handler } from "../../../services/gateway/web.js";
import { accounts, type CreatedApiKey } from "../../../services/accounts/contract.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute, value } from "../context.js";
import { csrfField, errorSummary, field, postButton, select, table, when, type FieldErrors } from "../layout.js";
import { allBodies, crumbs, errorsOf, failStatus, render } from "./shared.js";

const PATH = "/console/admin/api-keys";

const AUDIT_LABELS: Record<string, string> = {
  "apikey.create": "创建密钥",
  "apikey.revoke": "吊销密钥",
  "intake.call": "推送",
  "intake.refused": "推送被拒绝",
};

async function keysPage(c: ConsoleContext, status: number, errors: FieldErrors = {}, created?: CreatedApiKey) {
  const [keys, bodies, audit] = await Promise.all([
    c.call(accounts.listApiKeys, {}),
    allBodies(c),
    c.call(accounts.keyAudit, { limit: 30 }),
  ]);
  const bodyName = new Map(bodies.map((b) => [b.id, b.name]));
  render(
    c,
    status,
    "API 密钥",
    html`${crumbs("API 密钥")}
      <h1>API 密钥</h1>
      <p class="lead">
        本机关办案系统用 API 密钥推送执法决定草稿：请求头 <code>Authorization: Bearer zfgs_…</code>， 接口
        <code>PUT /api/intake/decisions/{决定文书号}</code
        >。密钥只能调用该接口，只能为所属执法主体推送，每次调用均记入审计日志。
      </p>
      ${
        created &&
        html`<div class="flash" role="status">
          <p><strong>已创建“${created.name}”的密钥。密钥只显示这一次，请立即复制并妥善交给办案系统：</strong></p>
          <p><code id="new-api-key">${created.key}</code></p>
        </div>`
      }
      <h2>新建密钥</h2>
      ${errorSummary(errors, { bodyId: "执法主体", name: "名称" })}
      <form method="post" action="${PATH}/new" novalidate>
        ${csrfField(c.csrf)}
        ${select({
          name: "bodyId",
          label: "执法主体",
          options: bodies.map((b) => [b.id, b.name] as const),
          value: c.req.method === "POST" && !created ? value(c.form, "bodyId") : undefined,
          blank: "请选择",
          errors,
          required: true,
        })}
        ${field({ name: "name", label: "名称", hint: "如：某某局行政处罚办案系统", value: c.req.method === "POST" && !created ? value(c.form, "name") : undefined, errors, required: true, maxlength: 100 })}
        <button type="submit" class="primary">创建密钥</button>
      </form>
      <h2>已有密钥</h2>
      ${table(
        ["名称", "执法主体", "密钥前缀", "创建时间", "最近使用", "状态", ""],
        keys.items.map((k) => [
          k.name,
          bodyName.get(k.bodyId) ?? k.bodyId,
          html`<code>${k.prefix}…</code>`,
          when(k.createdAt),
          k.lastUsedAt ? when(k.lastUsedAt) : "从未使用",
          k.revokedAt ? `已吊销（${when(k.revokedAt)}）` : "有效",
          k.revokedAt ? "" : postButton(`${PATH}/${k.id}/revoke`, "吊销", c.csrf),
        ]),
      )}
      <h2>最近的审计记录</h2>
      ${table(
        ["时间", "操作者", "操作", "文书号或密钥", "结果"],
        audit.items.map((e) => [
          when(e.at),
          e.actorName,
          AUDIT_LABELS[e.action] ?? e.action,
          e.recordId,
          e.reason ?? "",
        ]),
      )}`,
  );
}

export function apiKeyRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    [`GET ${PATH}`]: consoleRoute(deps, (c) => keysPage(c, 200), ADMIN_ONLY),
    // Answered with the page itself, not a redirect: the key is shown on it once and kept nowhere.
    [`POST ${PATH}/new`]: consoleRoute(
      deps,
      async (c) => {
        try {
          const created = await c.call(
            accounts.createApiKey,
            formInput({ bodyId: value(c.form, "bodyId") ?? "", name: value(c.form, "name") ?? "" }),
          );
          await keysPage(c, 201, {}, created);
        } catch (err) {
          const errors = errorsOf(err);
          if (!errors) throw err;
          await keysPage(c, failStatus(err), errors);
        }
      },
      ADMIN_ONLY,
    ),
    [`POST ${PATH}/:id/revoke`]: consoleRoute(
      deps,
      async (c) => {
        await c.call(accounts.revokeApiKey, { id: c.params.id as string });
        c.redirect(href(PATH, { ok: "revoked" }));
      },
      ADMIN_ONLY,
    ),
  };
}
