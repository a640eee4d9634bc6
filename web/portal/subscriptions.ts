/**
 * The subscriber's pages (issue 20), reached only through the links mailed to them or given in a
 * subscription's answer: confirming an e-mail subscription (a button, so a mail scanner that opens
 * links confirms nothing), and the manage page — what the subscription follows, its status, its
 * delivery log, and ending it. The token is in the address; no page here is linked from anywhere else.
 */
import { call } from "../../lib/contract.js";
import { subscriptions, type DeliveryLogEntry, type SubscriptionView } from "../../services/subscriptions/contract.js";
import { formBody, type Handler, type Req } from "../../services/gateway/web.js";
import { CHANGE_TYPE_LABELS, recordPath, type ChangeType } from "../../shared/subscriptions.js";
import { html } from "../html/html.js";
import { idParam, page, send } from "./handlers.js";
import { layout, type PageContext } from "./layout.js";
import { dataTable, section } from "./parts.js";

const CHANNEL_LABELS = {
  email: "电子邮件",
  webhook: "Webhook 回调",
  atom: "私有 Atom 订阅源",
  websub: "WebSub 推送",
} as const;
const STATUS_LABELS = { pending: "待确认", active: "生效中", disabled: "已停用", unsubscribed: "已退订" } as const;
const FREQUENCY_LABELS = { immediate: "即时", daily: "每日汇总", weekly: "每周汇总" } as const;

function tokenOf(value: unknown): string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{16,100}$/.test(value) ? value : "";
}

export function confirmPage({ baseUrl, token }: PageContext & { token: string }): string {
  return layout({
    baseUrl,
    title: "确认订阅",
    body: html`<h1>确认订阅</h1>
      <p>请点击下面的按钮确认您的公示订阅。确认前不会向您发送任何通知。</p>
      <form method="post" action="/subscriptions/confirm">
        <input type="hidden" name="token" value="${token}" />
        <button type="submit">确认订阅</button>
      </form>`,
  });
}

export function confirmedPage({ baseUrl, view }: PageContext & { view: SubscriptionView }): string {
  return layout({
    baseUrl,
    title: "订阅已确认",
    body: html`<h1>订阅已确认</h1>
      <p>您将通过${CHANNEL_LABELS[view.channel]}收到以下内容的变化：${view.description}。</p>
      <p>每封通知邮件都附有管理和一键退订的链接。</p>`,
  });
}

export interface ManagePageInput extends PageContext {
  view: SubscriptionView;
  deliveries: DeliveryLogEntry[];
  token: string;
  /** Just ended by this page's form. */
  ended?: boolean;
}

export function managePage({ baseUrl, view, deliveries, token, ended }: ManagePageInput): string {
  const rows = deliveries.map(
    (d) =>
      html`<tr>
        <td>${CHANGE_TYPE_LABELS[d.type as ChangeType] ?? d.type}</td>
        <td><a href="${recordPath(d.type as ChangeType, d.recordId)}">${d.recordId}</a></td>
        <td>${d.changedAt.slice(0, 19).replace("T", " ")}</td>
        <td>${d.status}</td>
        <td>${String(d.attempts)}</td>
        <td>${d.lastStatus === null ? "" : String(d.lastStatus)}${d.lastError ? html` ${d.lastError}` : ""}</td>
      </tr>`,
  );
  return layout({
    baseUrl,
    title: "管理订阅",
    body: html`<h1>管理订阅</h1>
      ${ended && html`<p role="status">已退订，今后不再发送。</p>`}
      <dl class="facts">
        <div>
          <dt>方式</dt>
          <dd>${CHANNEL_LABELS[view.channel]}</dd>
        </div>
        <div>
          <dt>订阅内容</dt>
          <dd>${view.description}</dd>
        </div>
        <div>
          <dt>状态</dt>
          <dd>${STATUS_LABELS[view.status]}${view.statusReason ? html`（${view.statusReason}）` : ""}</dd>
        </div>
        ${
          view.frequency &&
          html`<div>
            <dt>频率</dt>
            <dd>${FREQUENCY_LABELS[view.frequency]}</dd>
          </div>`
        }
        ${
          view.target &&
          html`<div>
            <dt>地址</dt>
            <dd>${view.target}</dd>
          </div>`
        }
      </dl>
      ${
        view.status !== "unsubscribed" &&
        html`<form method="post" action="/subscriptions/${view.id}/unsubscribe">
          <input type="hidden" name="token" value="${token}" />
          <button type="submit">退订</button>
        </form>`
      }
      ${section(
        "log",
        "投递记录",
        deliveries.length
          ? dataTable("log-caption", "最近的投递", ["变化", "记录", "时间", "状态", "尝试次数", "最近结果"], rows)
          : html`<p>尚无投递。</p>`,
      )}`,
  });
}

export function subscriptionRoutes(baseUrl: string): Record<string, Handler> {
  const manage = async (req: Req, id: string, token: string) => call(req.$ctx, subscriptions.get, { id, token });
  return {
    "GET /subscriptions/confirm": page(async (req, res) => {
      send(req, res, 200, confirmPage({ baseUrl, token: tokenOf(req.$params.token) }));
    }),

    "POST /subscriptions/confirm": page(async (req, res) => {
      const view = await call(req.$ctx, subscriptions.confirm, { token: tokenOf((await formBody(req)).token) });
      send(req, res, 200, confirmedPage({ baseUrl, view }));
    }),

    "GET /subscriptions/:id": page(async (req, res) => {
      const token = tokenOf(req.$params.token);
      const { subscription, deliveries } = await manage(req, idParam(req), token);
      send(req, res, 200, managePage({ baseUrl, view: subscription, deliveries, token }));
    }),

    "POST /subscriptions/:id/unsubscribe": page(async (req, res) => {
      const id = idParam(req);
      const token = tokenOf((await formBody(req)).token);
      await call(req.$ctx, subscriptions.unsubscribe, { id, token });
      const { subscription, deliveries } = await manage(req, id, token);
      send(req, res, 200, managePage({ baseUrl, view: subscription, deliveries, token, ended: true }));
    }),
  };
}
