/** The body's queue of public feedback, with filters by status, category and target. */
import { FEEDBACK_CATEGORY_LABELS } from "../../html/feedback-labels.js";
import { href, html, type HtmlValue, raw } from "../../html/html.js";
import { formInput } from "../../../lib/contract.js";
import type { ConsoleContext } from "../context.js";
import { FEEDBACK_STATUS_LABELS_ZH, labelOf } from "../labels.js";
import { select, table, when } from "../layout.js";
import { categoryLabel, dueOf, excerpt, flashOf, PAGE_SIZE, targetOf } from "./shared.js";
import { feedback, type FeedbackView } from "../../../services/feedback/contract.js";

/** What an item carries besides its words, seen without opening it: a field correction, evidence files. */
function proposalMarks(f: FeedbackView): HtmlValue {
  const files = f.evidenceFiles?.length ?? 0;
  if (!f.correction && !files) return false;
  return html`<br />${f.correction && html`<span class="badge">更正建议：${f.correction.label}</span>`}
    ${files > 0 && html`<span class="badge">证明材料 ${files} 份</span>`}`;
}

export async function queuePage(c: ConsoleContext): Promise<void> {
  const status = c.params.status && Object.hasOwn(FEEDBACK_STATUS_LABELS_ZH, c.params.status) ? c.params.status : "";
  const category =
    c.params.category && Object.hasOwn(FEEDBACK_CATEGORY_LABELS, c.params.category) ? c.params.category : "";
  const overdue = c.params.overdue === "1";
  const cursor = c.params.cursor && /^[A-Za-z0-9_-]{1,200}$/.test(c.params.cursor) ? c.params.cursor : undefined;
  const page = await c.call(
    feedback.list,
    formInput({
      ...(status ? { status } : {}),
      ...(category ? { category } : {}),
      ...(overdue ? { overdue: true } : {}),
      ...(cursor ? { cursor } : {}),
      limit: PAGE_SIZE,
    }),
  );
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
          html`<a href="/console/feedback/${f.id}">${excerpt(f.content)}</a>${proposalMarks(f)}`,
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
