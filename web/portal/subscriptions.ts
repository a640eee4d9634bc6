/**
 * Subscribing from the portal and the subscriber's pages (issue 20). The subscribe box on search
 * results, body and notice pages posts to POST /subscriptions with the page's filter in hidden
 * fields; it is the same for every visitor, as those pages are kept at the gateway's edge. The other
 * pages are reached only through the links mailed to a subscriber or given on subscribing:
 * confirming an e-mail subscription (a button, so a mail scanner that opens links confirms nothing),
 * and the manage page — what the subscription follows, its status, its delivery log, and ending it.
 */
import type { ServerResponse } from "node:http";
import { call } from "../../lib/contract.js";
import {
  subscriptions,
  type DeliveryLogEntry,
  type SubscribeParams,
  type SubscriptionView,
} from "../../services/subscriptions/contract.js";
import {
  formBody,
  PORTAL_CSP,
  send as sendPage,
  statusOf,
  type Handler,
  type Req,
} from "../../services/gateway/web.js";
import {
  CHANGE_TYPE_LABELS,
  FILTER_ATTRIBUTES,
  FREQUENCIES,
  isEmailAddress,
  recordPath,
  type ChangeType,
  type Filter,
  type Frequency,
} from "../../shared/subscriptions.js";
import { html, type SafeHtml } from "../html/html.js";
import { idParam, page } from "./handlers.js";
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

/** The hidden fields that carry a filter: `filter.<attribute>`, change types space-separated. */
function filterFields(filter: Filter): SafeHtml[] {
  return FILTER_ATTRIBUTES.flatMap((attr) => {
    const value = filter[attr];
    if (value === undefined || value === "") return [];
    const text = Array.isArray(value) ? value.join(" ") : value;
    return [html`<input type="hidden" name="filter.${attr}" value="${text}" />`];
  });
}

/**
 * The 订阅更新 box: an e-mail form (address, frequency) and a button for a private Atom feed, both
 * with the page's filter. `what` says in a few words what the subscriber will be told of.
 */
export function subscribeBox(filter: Filter, what: string): SafeHtml {
  const hidden = filterFields(filter);
  return section(
    "subscribe",
    "订阅更新",
    html`<p>${what}</p>
      <form class="subscribe-form" method="post" action="/subscriptions">
        <input type="hidden" name="channel" value="email" />
        ${hidden}
        <div class="field">
          <label for="sub-email">电子邮件地址</label>
          <p class="hint" id="sub-email-hint">我们会先发一封确认邮件，确认后才开始通知；每封邮件都可一键退订。</p>
          <input
            id="sub-email"
            name="email"
            type="email"
            required
            maxlength="254"
            autocomplete="email"
            aria-describedby="sub-email-hint"
          />
        </div>
        ${frequencyChoice("immediate")}
        <div class="hp" aria-hidden="true">
          <label for="sub-website">请勿填写此项</label>
          <input id="sub-website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        <div class="form-actions"><button type="submit">订阅</button></div>
      </form>
      <form class="subscribe-atom" method="post" action="/subscriptions">
        <input type="hidden" name="channel" value="atom" />
        ${hidden}
        <div class="hp" aria-hidden="true">
          <label for="sub-atom-website">请勿填写此项</label>
          <input id="sub-atom-website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        <p>
          <button type="submit" class="secondary">获取私有订阅源 (Atom)</button>
          <span class="hint">不需电子邮件：在阅读器中订阅给出的地址即可。</span>
        </p>
      </form>`,
    "subscribe-box no-print",
  );
}

/** After subscribing by e-mail: only the address the reader typed is shown again. */
export function confirmationSentPage({ baseUrl, address }: PageContext & { address: string }): string {
  return layout({
    baseUrl,
    title: "请查收确认邮件",
    body: html`<h1>请查收确认邮件</h1>
      <p>
        我们已向
        <strong>${address}</strong> 发送了一封确认邮件。请点击邮件中的链接确认订阅；确认前不会向您发送任何通知。
      </p>
      <p>没有收到？请检查垃圾邮件箱，或稍后重新订阅。</p>`,
  });
}

/** After asking for a private feed: its address and the manage link, both shown this once. */
export function feedReadyPage({ baseUrl, feedUrl, manageUrl }: PageContext & { feedUrl: string; manageUrl: string }) {
  return layout({
    baseUrl,
    title: "私有订阅源已生成",
    body: html`<h1>私有订阅源已生成</h1>
      <p>请将下面的地址添加到您的订阅阅读器。地址中含有只属于您的密钥，请勿公开；本页不会再次显示。</p>
      <dl class="facts">
        <div>
          <dt>订阅源地址（Atom）</dt>
          <dd>
            <a href="${feedUrl}" type="application/atom+xml"><code class="hash">${feedUrl}</code></a>
          </dd>
        </div>
        <div>
          <dt>管理订阅</dt>
          <dd><a href="${manageUrl}">查看投递记录或退订</a>（请保存此链接）</dd>
        </div>
      </dl>`,
  });
}

/** The reader's words for a field the service refused (its messages are for developers). */
function refusalMessage(err: unknown): string {
  const data = (err as { data?: unknown }).data;
  const fields = (Array.isArray(data) ? (data as { field?: unknown }[]) : []).map((p) => String(p.field ?? ""));
  if (fields.some((f) => f === "target")) return "请填写有效的电子邮件地址。";
  if (fields.some((f) => f === "frequency")) return "请选择通知频率：即时、每日汇总或每周汇总。";
  if (fields.some((f) => f.startsWith("filter"))) {
    return "订阅条件有误，请通过检索结果、执法主体或公示页面上的订阅框订阅。";
  }
  return "订阅请求有误，请通过页面上的订阅框订阅。";
}

/** The 通知频率 radios (the subscribe box's, the manage page's), one checked. */
function frequencyChoice(checked: Frequency): SafeHtml {
  return html`<fieldset>
    <legend>通知频率</legend>
    ${FREQUENCIES.map(
      (f) =>
        html`<div class="choice">
          <input
            type="radio"
            id="sub-frequency-${f}"
            name="frequency"
            value="${f}"
            ${f === checked && html` checked`}
          />
          <label for="sub-frequency-${f}">${FREQUENCY_LABELS[f]}</label>
        </div>`,
    )}
  </fieldset>`;
}

/** A page that holds a subscriber's address or secret links: never kept by any cache. */
function sendPrivate(req: Req, res: ServerResponse, body: string): void {
  res.setHeader("X-Robots-Tag", "noindex");
  sendPage(req, res, 200, body, { csp: PORTAL_CSP, private: true });
}

function refused(message: string, code: number): Error {
  return Object.assign(new Error(message), { code });
}

/** POST /subscriptions: the subscribe box's two forms. */
function subscribePost(baseUrl: string): Handler {
  return page(async (req, res) => {
    const form = await formBody(req);
    const channel = form.channel;
    if (channel !== "email" && channel !== "atom") throw refused("请通过页面上的订阅框订阅。", 400);
    const address = (form.email ?? "").trim();
    // The honeypot: a bot is answered as a person would be, and nothing is subscribed or sent.
    if (form.website) {
      if (channel === "atom") throw refused("请通过页面上的订阅框订阅。", 400);
      if (!isEmailAddress(address)) throw refused("请填写有效的电子邮件地址。", 422);
      return sendPrivate(req, res, confirmationSentPage({ baseUrl, address }));
    }
    // Any attribute goes on as given (an own property, whatever its name): the service refuses what
    // a channel does not declare.
    const filter = Object.fromEntries(
      Object.entries(form).flatMap(([key, value]) => {
        if (!key.startsWith("filter.")) return [];
        const attr = key.slice("filter.".length);
        return [[attr, attr === "types" ? value.split(/[\s,]+/).filter((t) => t !== "") : value]];
      }),
    );
    const params: SubscribeParams =
      channel === "email"
        ? {
            channel,
            target: address,
            filter,
            frequency: (form.frequency || "immediate") as SubscribeParams["frequency"],
          }
        : { channel, filter };
    let subscribed;
    try {
      subscribed = await call(req.$ctx, subscriptions.subscribe, params);
    } catch (err) {
      const status = statusOf(err);
      if (status === 422) throw refused(refusalMessage(err), 422);
      if (status === 429) {
        const retryAfter = (err as { data?: { retryAfter?: number } }).data?.retryAfter ?? 60;
        res.setHeader("Retry-After", String(retryAfter));
      }
      throw err;
    }
    if (channel === "email") return sendPrivate(req, res, confirmationSentPage({ baseUrl, address }));
    sendPrivate(
      req,
      res,
      feedReadyPage({ baseUrl, feedUrl: subscribed.feedUrl ?? "", manageUrl: subscribed.manageUrl ?? "" }),
    );
  });
}

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
  /** Its frequency just changed by this page's form. */
  changed?: boolean;
}

export function managePage({ baseUrl, view, deliveries, token, ended, changed }: ManagePageInput): string {
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
      ${changed && html`<p role="status">通知频率已更新。</p>`}
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
        view.channel === "email" &&
        view.status !== "unsubscribed" &&
        html`<form method="post" action="/subscriptions/${view.id}/frequency">
          <input type="hidden" name="token" value="${token}" />
          ${frequencyChoice(view.frequency ?? "immediate")}
          <button type="submit">更新频率</button>
        </form>`
      }
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
    "POST /subscriptions": subscribePost(baseUrl),

    "GET /subscriptions/confirm": page(async (req, res) => {
      sendPrivate(req, res, confirmPage({ baseUrl, token: tokenOf(req.$params.token) }));
    }),

    "POST /subscriptions/confirm": page(async (req, res) => {
      const view = await call(req.$ctx, subscriptions.confirm, { token: tokenOf((await formBody(req)).token) });
      sendPrivate(req, res, confirmedPage({ baseUrl, view }));
    }),

    "GET /subscriptions/:id": page(async (req, res) => {
      const token = tokenOf(req.$params.token);
      const { subscription, deliveries } = await manage(req, idParam(req), token);
      sendPrivate(req, res, managePage({ baseUrl, view: subscription, deliveries, token }));
    }),

    "POST /subscriptions/:id/frequency": page(async (req, res) => {
      const id = idParam(req);
      const form = await formBody(req);
      const token = tokenOf(form.token);
      await call(req.$ctx, subscriptions.setFrequency, { id, token, frequency: form.frequency as Frequency });
      const { subscription, deliveries } = await manage(req, id, token);
      sendPrivate(req, res, managePage({ baseUrl, view: subscription, deliveries, token, changed: true }));
    }),

    "POST /subscriptions/:id/unsubscribe": page(async (req, res) => {
      const id = idParam(req);
      const token = tokenOf((await formBody(req)).token);
      await call(req.$ctx, subscriptions.unsubscribe, { id, token });
      const { subscription, deliveries } = await manage(req, id, token);
      sendPrivate(req, res, managePage({ baseUrl, view: subscription, deliveries, token, ended: true }));
    }),
  };
}
