/**
 * 公众反馈: the body's queue of public feedback with filters, each item with its handling trail,
 * and the handling steps — accept (受理), reply (public or private), close (办结), spam (after a
 * confirmation page) and, for a correction request about a notice, withdrawing the notice and
 * replying in one step (or going to the decision's correction page). Every step calls the same
 * feedback actions as the REST API, as the signed-in user.
 */
import type { Role } from "../../lib/auth.js";
import { isId } from "../../shared/ids.js";
import { FEEDBACK_CATEGORY_LABELS, TARGET_LABELS } from "../html/feedback-labels.js";
import { href, html, pathOf, raw, type HtmlValue, type SafeHtml } from "../html/html.js";
import { statusOf, type Handler } from "../../services/gateway/web.js";
import { consoleRoute, FLASHES, value, type ConsoleContext, type ConsoleDeps } from "./context.js";
import { FEEDBACK_STATUS_LABELS_ZH, labelOf, RESULT_STATUS_LABELS } from "./labels.js";
import {
  csrfField,
  errorSummary,
  fieldErrorsOf,
  radios,
  select,
  table,
  textarea,
  when,
  type FieldErrors,
  type Flash,
} from "./layout.js";

/** Who may handle feedback (the service's HANDLERS); every staff member may read it. */
const HANDLERS: readonly Role[] = ["admin", "officer"];
const PAGE_SIZE = 30;

interface FeedbackView {
  id: string;
  trackingCode: string;
  category: string;
  targetType: string | null;
  targetId: string | null;
  targetTitle: string | null;
  bodyId: string | null;
  resultId: string | null;
  content: string;
  contact: string | null;
  status: string;
  dueBy: string;
  dueByProvisional: boolean;
  overdue: boolean;
  reply: string | null;
  replyPublic: boolean;
  repliedAt: string | null;
  createdAt: string;
  trail?: { seq: number; action: string; actor: string; at: string; note: string | null }[];
}

interface ResultSummary {
  id: string;
  title: string;
  decisionNo: string;
  status: string;
  noticeId: string | null;
}

const FLASH_CODES: Record<string, Flash> = {
  ...FLASHES,
  resolved: { kind: "ok", text: "公示已撤下，并已答复反馈人。" },
};

const TRAIL_LABELS: Record<string, string> = {
  received: "收到反馈",
  accepted: "受理",
  "replied-public": "公开答复",
  "replied-private": "不公开答复",
  closed: "办结",
  spam: "标记为垃圾信息",
};

/** The public pages a target has (officers have none). */
const PUBLIC_PATHS: Record<string, string> = { notice: "notices", power: "powers", body: "bodies" };

const OPEN = ["received", "accepted"];

function notFound(): Error {
  return Object.assign(new Error("not found"), { code: 404 });
}

function flashOf(c: ConsoleContext): Flash | undefined {
  const ok = c.params.ok;
  return ok && Object.hasOwn(FLASH_CODES, ok) ? FLASH_CODES[ok] : undefined;
}

function categoryLabel(category: string): string {
  return labelOf(FEEDBACK_CATEGORY_LABELS, category);
}

function targetOf(f: FeedbackView, link: boolean): HtmlValue {
  if (!f.targetType) return "一般反馈（未指定对象）";
  const label = labelOf(TARGET_LABELS, f.targetType);
  const text = f.targetTitle ? `${label}：${f.targetTitle}` : label;
  const path = PUBLIC_PATHS[f.targetType];
  if (!link || !path || !f.targetId) return text;
  return html`${text}（<a href="${pathOf(path, f.targetId)}">查看公开页面</a>）`;
}

function dueOf(f: FeedbackView): HtmlValue {
  const due = `${f.dueBy}${f.dueByProvisional ? "（暂定）" : ""}`;
  return f.overdue ? html`<span class="overdue">已逾期（应于 ${due} 前答复）</span>` : due;
}

function excerpt(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function publicChoice(name: string, f: FeedbackView, values: URLSearchParams, errors: FieldErrors): SafeHtml {
  const where = f.targetType ? `该${labelOf(TARGET_LABELS, f.targetType)}的公开页面` : "公示门户";
  return radios({
    name,
    legend: "答复是否公开",
    // A second reply starts from the first one's choice.
    value: values.get(name) ?? (f.reply ? (f.replyPublic ? "public" : "private") : undefined),
    errors,
    hint: "无论是否公开，反馈人都可以凭跟踪码查看答复。反馈人的联系方式在任何情况下都不公开。",
    options: [
      ["public", `公开答复：答复连同反馈内容（个人信息已遮盖）将显示在${where}上`],
      ["private", "不公开答复：仅反馈人凭跟踪码可以查看"],
    ],
  });
}

/** "public" / "private" → the service's boolean; anything else is left for the service to refuse. */
function publicFlag(v: string | null): boolean | undefined {
  return v === "public" ? true : v === "private" ? false : undefined;
}

/** A 409 from the feedback or results service, in Chinese. */
function conflictMessage(err: unknown): string | undefined {
  const e = err as { code?: number; type?: string };
  if (e.code !== 409) return undefined;
  if (e.type === "ILLEGAL_TRANSITION")
    return "该反馈的状态已经改变（可能已被他人办结或标记），不能再执行此操作。请查看最新状态。";
  if (e.type === "NOT_PUBLISHED") return "该公示已不在公示中（可能已撤下），不能撤下。";
  if (e.type === "NOT_A_CORRECTION") return "只有针对公示的纠错反馈才能直接撤下或更正公示。";
  if (e.type === "WITHDRAWN") return "该公示已撤下，不能更正。";
  return undefined;
}

type FormName = "accept" | "reply" | "close" | "resolve";

interface FormState {
  form: FormName;
  errors: FieldErrors;
  values: URLSearchParams;
}

const FIELD_LABELS: Record<string, string> = {
  acceptNote: "受理说明",
  reply: "答复内容",
  public: "答复是否公开",
  closeNote: "办结说明",
  reason: "撤下原因",
  resolveReply: "答复内容",
  resolvePublic: "答复是否公开",
  confirm: "确认撤下",
};

// ---- the queue

async function queuePage(c: ConsoleContext): Promise<void> {
  const status = c.params.status && Object.hasOwn(FEEDBACK_STATUS_LABELS_ZH, c.params.status) ? c.params.status : "";
  const category =
    c.params.category && Object.hasOwn(FEEDBACK_CATEGORY_LABELS, c.params.category) ? c.params.category : "";
  const overdue = c.params.overdue === "1";
  const cursor = c.params.cursor && /^[A-Za-z0-9_-]{1,200}$/.test(c.params.cursor) ? c.params.cursor : undefined;
  const page = await c.call<{ items: FeedbackView[]; nextCursor: string | null }>("feedback.list", {
    ...(status ? { status } : {}),
    ...(category ? { category } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(cursor ? { cursor } : {}),
    limit: PAGE_SIZE,
  });
  // Spam leaves the queue: it is listed only when asked for by its status.
  const items = status ? page.items : page.items.filter((f) => f.status !== "spam");
  const filters = { status, category, overdue: overdue ? "1" : "" };
  const filtered = Boolean(status || category || overdue);
  c.render(200, {
    title: "公众反馈",
    active: "feedback",
    flash: flashOf(c),
    body: html`<h1>公众反馈</h1>
      <p class="lead">
        公众对本机关公示、权责事项、执法人员和本机关提出的意见建议、投诉、纠错和咨询。请在答复期限（工作日）内答复。
      </p>
      <form method="get" action="/console/feedback" class="filters" aria-label="筛选反馈">
        ${select({
          name: "status",
          label: "办理状态",
          value: status,
          blank: "全部（不含垃圾信息）",
          options: Object.entries(FEEDBACK_STATUS_LABELS_ZH),
        })}
        ${select({
          name: "category",
          label: "反馈类型",
          value: category,
          blank: "全部类型",
          options: Object.entries(FEEDBACK_CATEGORY_LABELS),
        })}
        <div class="field check">
          <input type="checkbox" id="f-overdue" name="overdue" value="1" ${overdue && raw("checked")} />
          <label for="f-overdue">只看逾期未答复的</label>
        </div>
        <div class="field"><button type="submit" class="primary">筛选</button></div>
      </form>
      ${filtered && html`<p><a href="/console/feedback">清除筛选条件</a></p>`}
      ${table(
        ["反馈类型", "反馈对象", "内容摘要", "收到时间", "答复期限", "办理状态"],
        items.map((f) => [
          categoryLabel(f.category),
          targetOf(f, false),
          html`<a href="/console/feedback/${f.id}">${excerpt(f.content)}</a>`,
          when(f.createdAt),
          dueOf(f),
          labelOf(FEEDBACK_STATUS_LABELS_ZH, f.status),
        ]),
        cursor ? "反馈列表（续页）" : "反馈列表",
      )}
      <nav class="actions" aria-label="翻页">
        ${cursor && html`<a class="button" href="${href("/console/feedback", filters)}">回到第一页</a>`}
        ${
          page.nextCursor &&
          html`<a class="button" rel="next" href="${href("/console/feedback", { ...filters, cursor: page.nextCursor })}"
            >下一页</a
          >`
        }
      </nav>`,
  });
}

// ---- one item

async function loadItem(c: ConsoleContext): Promise<FeedbackView> {
  const id = c.params.id;
  if (!isId(id)) throw notFound();
  return c.call<FeedbackView>("feedback.get", { id });
}

async function resultOf(c: ConsoleContext, f: FeedbackView): Promise<ResultSummary | null> {
  if (f.category !== "correction" || !f.resultId) return null;
  try {
    return await c.call<ResultSummary>("results.getResult", { id: f.resultId });
  } catch (err) {
    if (statusOf(err) >= 500) throw err;
    return null;
  }
}

function stateFor(state: FormState | undefined, form: FormName): { errors: FieldErrors; values: URLSearchParams } {
  return state?.form === form ? state : { errors: {}, values: new URLSearchParams() };
}

function noteForm(
  f: FeedbackView,
  c: ConsoleContext,
  state: FormState | undefined,
  form: "accept" | "close",
  title: string,
  explain: string,
  button: string,
): SafeHtml {
  const { errors, values } = stateFor(state, form);
  const name = form === "accept" ? "acceptNote" : "closeNote";
  return html`<section aria-labelledby="h-${form}">
    <h2 id="h-${form}">${title}</h2>
    <form method="post" action="/console/feedback/${f.id}/${form}" novalidate>
      ${csrfField(c.csrf)}
      ${textarea({ name, label: `${FIELD_LABELS[name]}（选填，仅内部记录）`, value: values.get(name), errors, hint: explain, rows: 2, maxlength: 1000 })}
      <button type="submit">${button}</button>
    </form>
  </section>`;
}

function replyForm(f: FeedbackView, c: ConsoleContext, state: FormState | undefined): SafeHtml {
  const { errors, values } = stateFor(state, "reply");
  const again = f.status === "replied";
  return html`<section aria-labelledby="h-reply">
    <h2 id="h-reply">${again ? "修改答复" : "答复"}</h2>
    <form method="post" action="/console/feedback/${f.id}/reply" novalidate>
      ${csrfField(c.csrf)}
      ${textarea({
        name: "reply",
        label: FIELD_LABELS.reply as string,
        value: values.get("reply") ?? (again ? f.reply : undefined),
        errors,
        required: true,
        rows: 6,
        maxlength: 5000,
        hint: again ? "提交后将替换原答复。" : undefined,
      })}
      ${publicChoice("public", f, values, errors)}
      <button type="submit" class="primary">${again ? "提交修改后的答复" : "提交答复"}</button>
    </form>
  </section>`;
}

function resolveSection(
  f: FeedbackView,
  result: ResultSummary | null,
  c: ConsoleContext,
  state: FormState | undefined,
): HtmlValue {
  if (f.category !== "correction" || !f.resultId) return false;
  const { errors, values } = stateFor(state, "resolve");
  const open = result ? result.status === "published" || result.status === "expired" : true;
  const correctHref = href(`/console/results/${f.resultId}/correct`, { feedback: f.id });
  return html`<section aria-labelledby="h-resolve" class="confirm">
    <h2 id="h-resolve">处理更正请求</h2>
    <p>
      本反馈指出公示内容有误。涉及的执法决定：
      <a href="/console/results/${f.resultId}">${result ? `${result.title}（${result.decisionNo}）` : "查看执法决定"}</a
      >${result && `，当前状态：${labelOf(RESULT_STATUS_LABELS, result.status)}`}。
    </p>
    ${
      !open
        ? html`<p>该公示已不在公示中，无需撤下或更正。请直接答复反馈人。</p>`
        : html`<h3>更正公示</h3>
            <p>
              更正须修改决定内容：请到<a href="${correctHref}">该执法决定的更正页面</a
              >修改决定内容、发布更正后的公示并同时答复反馈人（原公示将保留并标明已更正）。
            </p>
            <h3>撤下公示</h3>
            <p>公示确有错误且不宜更正的，可以撤下公示并同时答复反馈人。撤下后公示页面显示撤下原因，不能恢复。</p>
            <form method="post" action="/console/feedback/${f.id}/resolve" novalidate>
              ${csrfField(c.csrf)}
              ${textarea({
                name: "reason",
                label: FIELD_LABELS.reason as string,
                value: values.get("reason"),
                errors,
                required: true,
                rows: 2,
                maxlength: 1000,
                hint: "撤下原因将在公示页面上公开。",
              })}
              ${textarea({
                name: "resolveReply",
                label: "给反馈人的答复",
                value: values.get("resolveReply") ?? "经核实，该公示内容有误，已撤下。感谢您的监督。",
                errors,
                required: true,
                rows: 3,
                maxlength: 5000,
              })}
              ${publicChoice("resolvePublic", f, values, errors)}
              <div class="field check${errors.confirm ? " has-error" : ""}">
                ${
                  errors.confirm &&
                  html`<p class="field-error" id="f-confirm-error">
                    <span class="visually-hidden">错误：</span>${errors.confirm}
                  </p>`
                }
                <input
                  type="checkbox"
                  id="f-confirm"
                  name="confirm"
                  value="yes"
                  ${values.get("confirm") === "yes" && raw("checked")}
                  ${errors.confirm && raw('aria-invalid="true" aria-describedby="f-confirm-error"')}
                />
                <label for="f-confirm">我确认撤下该公示</label>
              </div>
              <button type="submit" class="danger">撤下公示并答复</button>
            </form>`
    }
  </section>`;
}

async function detailPage(c: ConsoleContext, status: number, state?: FormState): Promise<void> {
  const f = await loadItem(c);
  const result = await resultOf(c, f);
  const canHandle = HANDLERS.includes(c.user.role);
  const open = OPEN.includes(f.status);
  const replyable = open || f.status === "replied";
  c.render(status, {
    title: `公众反馈 ${f.trackingCode}`,
    active: "feedback",
    flash: state ? undefined : flashOf(c),
    body: html`<p><a href="/console/feedback">返回反馈列表</a></p>
      <h1>${categoryLabel(f.category)}：${excerpt(f.content, 20)}</h1>
      ${state && errorSummary(state.errors, FIELD_LABELS)}
      <dl class="facts">
        <dt>跟踪码</dt>
        <dd><code>${f.trackingCode}</code></dd>
        <dt>办理状态</dt>
        <dd>${labelOf(FEEDBACK_STATUS_LABELS_ZH, f.status)}</dd>
        <dt>反馈类型</dt>
        <dd>${categoryLabel(f.category)}</dd>
        <dt>反馈对象</dt>
        <dd>${targetOf(f, true)}</dd>
        <dt>收到时间</dt>
        <dd>${when(f.createdAt)}</dd>
        <dt>答复期限</dt>
        <dd>${dueOf(f)}</dd>
        ${
          f.contact &&
          html`<dt>联系方式</dt>
            <dd>${f.contact}（仅供本机关联系反馈人，不公开）</dd>`
        }
      </dl>
      <h2>反馈内容</h2>
      <div class="feedback-text">${f.content}</div>
      ${
        f.reply &&
        html`<h2>答复${f.replyPublic ? "（公开）" : "（不公开）"}</h2>
          <div class="feedback-text">${f.reply}</div>
          <p class="hint">答复时间：${when(f.repliedAt)}</p>`
      }
      <h2>办理记录</h2>
      <ol class="trail">
        ${(f.trail ?? []).map(
          (s) =>
            html`<li>
              <strong>${labelOf(TRAIL_LABELS, s.action)}</strong> · ${s.actor} · ${when(s.at)}
              ${s.note && html`<div class="feedback-text">${s.note}</div>`}
            </li>`,
        )}
      </ol>
      ${
        canHandle &&
        html`${f.status === "received" && noteForm(f, c, state, "accept", "受理", "受理表示本机关已开始办理。", "受理")}
        ${replyable && replyForm(f, c, state)} ${replyable && resolveSection(f, result, c, state)}
        ${
          f.status !== "closed" &&
          f.status !== "spam" &&
          noteForm(f, c, state, "close", "办结", "办结后不能再答复。", "办结")
        }
        ${
          open &&
          html`<section aria-labelledby="h-spam">
            <h2 id="h-spam">垃圾信息</h2>
            <p>广告、无意义或恶意的内容可以标记为垃圾信息，标记前需要确认。</p>
            <p><a class="button" href="/console/feedback/${f.id}/spam">标记为垃圾信息…</a></p>
          </section>`
        }`
      }`,
  });
}

function spamPage(c: ConsoleContext, f: FeedbackView, status: number, errors: FieldErrors = {}): void {
  c.render(status, {
    title: "确认标记为垃圾信息",
    active: "feedback",
    body: html`<p><a href="/console/feedback/${f.id}">返回反馈</a></p>
      <h1>确认标记为垃圾信息</h1>
      ${errorSummary(errors)}
      <div class="confirm">
        <p>${categoryLabel(f.category)} · ${targetOf(f, false)} · 收到于 ${when(f.createdAt)}</p>
        <div class="feedback-text">${f.content}</div>
      </div>
      <p>标记后，该反馈移出待办列表，不计入本机关的反馈统计，也不能再答复或撤销标记。反馈人查询时仍显示为“已收到”。</p>
      <form method="post" action="/console/feedback/${f.id}/spam" novalidate>
        ${csrfField(c.csrf)}<input type="hidden" name="confirm" value="yes" />
        ${textarea({ name: "spamNote", label: "说明（选填，仅内部记录）", errors, rows: 2, maxlength: 1000 })}
        <button type="submit" class="danger">确认标记为垃圾信息</button>
        <a href="/console/feedback/${f.id}">取消</a>
      </form>`,
  });
}

/** Runs a handling step; a refusal re-renders the item with the errors beside the form's fields. */
async function step(
  c: ConsoleContext,
  form: FormName,
  run: (id: string) => Promise<unknown>,
  ok: string,
  rename: Record<string, string> = {},
): Promise<void> {
  const id = c.params.id;
  if (!isId(id)) throw notFound();
  try {
    await run(id);
  } catch (err) {
    let errors = fieldErrorsOf(err, rename);
    if (!errors) throw err;
    const conflict = conflictMessage(err);
    if (conflict) errors = { _form: conflict };
    if (errors.public && !c.form.get("public")) errors.public = "请选择答复是否公开。";
    if (errors.resolvePublic && !c.form.get("resolvePublic")) errors.resolvePublic = "请选择答复是否公开。";
    return detailPage(c, statusOf(err) === 409 ? 409 : 422, { form, errors, values: c.form });
  }
  c.redirect(`/console/feedback/${id}?ok=${ok}`);
}

export function feedbackRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/feedback": consoleRoute(deps, queuePage),

    "GET /console/feedback/:id": consoleRoute(deps, (c) => detailPage(c, 200)),

    "POST /console/feedback/:id/accept": consoleRoute(
      deps,
      (c) =>
        step(c, "accept", (id) => c.call("feedback.accept", { id, note: value(c.form, "acceptNote") }), "accepted", {
          note: "acceptNote",
        }),
      HANDLERS,
    ),

    "POST /console/feedback/:id/reply": consoleRoute(
      deps,
      (c) =>
        step(
          c,
          "reply",
          (id) =>
            c.call("feedback.replyTo", {
              id,
              reply: c.form.get("reply") ?? "",
              public: publicFlag(c.form.get("public")),
            }),
          "replied",
        ),
      HANDLERS,
    ),

    "POST /console/feedback/:id/close": consoleRoute(
      deps,
      (c) =>
        step(c, "close", (id) => c.call("feedback.close", { id, note: value(c.form, "closeNote") }), "closed", {
          note: "closeNote",
        }),
      HANDLERS,
    ),

    "GET /console/feedback/:id/spam": consoleRoute(
      deps,
      async (c) => {
        const f = await loadItem(c);
        if (!OPEN.includes(f.status)) return c.redirect(`/console/feedback/${f.id}`);
        spamPage(c, f, 200);
      },
      HANDLERS,
    ),

    "POST /console/feedback/:id/spam": consoleRoute(
      deps,
      async (c) => {
        const f = await loadItem(c);
        if (c.form.get("confirm") !== "yes") return spamPage(c, f, 422, { _form: "请确认后再提交。" });
        try {
          await c.call("feedback.markSpam", { id: f.id, note: value(c.form, "spamNote") });
        } catch (err) {
          const errors = fieldErrorsOf(err, { note: "spamNote" });
          if (!errors) throw err;
          const conflict = conflictMessage(err);
          return spamPage(c, f, statusOf(err) === 409 ? 409 : 422, conflict ? { _form: conflict } : errors);
        }
        c.redirect(`/console/feedback/${f.id}?ok=spam`);
      },
      HANDLERS,
    ),

    "POST /console/feedback/:id/resolve": consoleRoute(
      deps,
      async (c) => {
        if (c.form.get("confirm") !== "yes") {
          return detailPage(c, 422, {
            form: "resolve",
            errors: { confirm: "撤下公示前请勾选确认。" },
            values: c.form,
          });
        }
        await step(
          c,
          "resolve",
          (id) =>
            c.call("feedback.resolveNotice", {
              id,
              action: "withdraw",
              reason: c.form.get("reason") ?? "",
              reply: c.form.get("resolveReply") ?? "",
              public: publicFlag(c.form.get("resolvePublic")),
            }),
          "resolved",
          { reply: "resolveReply", public: "resolvePublic" },
        );
      },
      HANDLERS,
    ),
  };
}
