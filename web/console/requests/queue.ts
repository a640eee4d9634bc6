/**
 * The body's queue of requests for government information: the overdue first, then by due date,
 * the applicant masked, each with its state, due date and working days left (a badge five working
 * days before the due date); filtered by state, or the overdue only.
 */
import { APPLICANT_KIND_LABELS } from "../../../shared/requests.js";
import { formInput } from "../../../lib/contract.js";
import { requests, type DisclosureTaskView, type RequestSummary } from "../../../services/requests/contract.js";
import { href, html, type HtmlValue, raw } from "../../html/html.js";
import type { ConsoleContext } from "../context.js";
import { labelOf } from "../labels.js";
import { csrfField, day, select, table, textarea, when } from "../layout.js";
import type { FormState } from "./forms.js";
import { REQUEST_STATE_LABELS } from "../../../shared/requests.js";
import { clockCell, dueText, excerpt, flashOf, LIST_STATE_LABELS, PAGE_SIZE } from "./shared.js";

/** The service orders by due date; the overdue come first on the page, the rest keep that order. */
export function overdueFirst(items: readonly RequestSummary[]): RequestSummary[] {
  return [...items.filter((r) => r.overdue), ...items.filter((r) => !r.overdue)];
}

/** Art. 44 tasks: what three or more applicants asked within twelve months, to consider publishing actively. */
function tasksHtml(c: ConsoleContext, tasks: readonly DisclosureTaskView[], state?: FormState): HtmlValue {
  if (!tasks.length) return false;
  return html`<section aria-labelledby="h-tasks" class="tasks">
    <h2 id="h-tasks">待考虑主动公开（第四十四条）</h2>
    <p class="hint">
      以下信息已有 3 个以上不同申请人在 12
      个月内申请公开。可以公开的，应当纳入主动公开范围；办结时写明公开的位置或不予主动公开的理由。
    </p>
    ${tasks.map((t) => {
      const key = `task-${t.groupId}`;
      const errors = state?.form === key ? state.errors : {};
      return html`<article class="task">
        <p>提示于 ${when(t.raisedAt)}，涉及 ${t.requests.length} 件申请：</p>
        <ul>
          ${t.requests.map(
            (r) =>
              html`<li>
                <a href="/console/requests/${r.id}"><code>${r.trackingCode}</code></a> ${excerpt(r.description)}
              </li>`,
          )}
        </ul>
        <form method="post" action="/console/request-tasks/${t.groupId}/done" novalidate>
          ${csrfField(c.csrf)}
          ${textarea({
            name: `${key}.note`,
            label: "办结说明",
            value: state?.form === key ? (state.values.get(`${key}.note`) ?? "") : "",
            errors,
            required: true,
            rows: 2,
            maxlength: 1000,
          })}
          <button type="submit">办结</button>
        </form>
      </article>`;
    })}
  </section>`;
}

export async function queuePage(c: ConsoleContext, status = 200, state?: FormState): Promise<void> {
  const listed = c.params.status && Object.hasOwn(LIST_STATE_LABELS, c.params.status) ? c.params.status : "open";
  const overdue = c.params.overdue === "1";
  const cursor = c.params.cursor && /^[A-Za-z0-9_-]{1,200}$/.test(c.params.cursor) ? c.params.cursor : undefined;
  const page = await c.call(
    requests.list,
    formInput({
      status: listed,
      ...(overdue ? { overdue: true } : {}),
      ...(cursor ? { cursor } : {}),
      limit: PAGE_SIZE,
    }),
  );
  const tasks = await c.call(requests.disclosureTasks, { status: "open" });
  const filters = { status: listed === "open" ? "" : listed, overdue: overdue ? "1" : "" };
  c.render(status, {
    title: "依申请公开",
    active: "requests",
    flash: state ? undefined : flashOf(c),
    body: html`<h1>依申请公开</h1>
      <p class="lead">
        政府信息公开申请：自收到申请之日起 20
        个工作日内答复（《政府信息公开条例》第三十三条）。逾期的排在最前，其余按答复期限排列；距期限 5
        个工作日内的标注“即将到期”。
      </p>
      <p><a class="button primary" href="/console/requests/new">登记申请（当面、邮寄、信函、传真）</a></p>
      <form method="get" action="/console/requests" class="filters" aria-label="筛选申请">
        ${select({ name: "status", label: "办理状态", value: listed, options: Object.entries(LIST_STATE_LABELS) })}
        <div class="field check">
          <input type="checkbox" id="f-overdue" name="overdue" value="1" ${overdue && raw("checked")} />
          <label for="f-overdue">只看已逾期的</label>
        </div>
        <div class="field"><button type="submit" class="primary">筛选</button></div>
      </form>
      ${tasksHtml(c, tasks.items, state)}
      ${(listed !== "open" || overdue) && html`<p><a href="/console/requests">清除筛选条件</a></p>`}
      ${table(
        ["查询码", "申请人", "申请内容", "办理状态", "收到日期", "答复期限", "剩余时间"],
        overdueFirst(page.items).map((r) => [
          html`<a href="/console/requests/${r.id}"><code>${r.trackingCode}</code></a>`,
          html`${r.applicant}<br /><span class="hint">${labelOf(APPLICANT_KIND_LABELS, r.applicantKind)}</span>`,
          excerpt(r.description),
          html`${labelOf(REQUEST_STATE_LABELS, r.status)}${r.outcome && html`（${r.outcome.label}）`}`,
          r.receivedOn ? day(r.receivedOn) : "—",
          dueText(r),
          clockCell(r),
        ]),
        cursor ? "申请列表（续页）" : "申请列表",
      )}
      <nav class="actions" aria-label="翻页">
        ${cursor && html`<a class="button" href="${href("/console/requests", filters)}">回到第一页</a>`}
        ${
          page.nextCursor &&
          html`<a class="button" rel="next" href="${href("/console/requests", { ...filters, cursor: page.nextCursor })}"
            >下一页</a
          >`
        }
      </nav>`,
  });
}
