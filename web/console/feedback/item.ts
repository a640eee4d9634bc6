/**
 * One feedback item: its handling trail and the forms of the steps open to it (accept, reply,
 * close, resolve a correction request), and the confirmation page before marking it spam.
 */
import { isId } from "../../../shared/ids.js";
import { href, html, type HtmlValue, raw, type SafeHtml } from "../../html/html.js";
import { statusOf } from "../../../services/gateway/web.js";
import { displayNamesOf, type ConsoleContext } from "../context.js";
import { FEEDBACK_STATUS_LABELS_ZH, labelOf, RESULT_STATUS_LABELS } from "../labels.js";
import { csrfField, errorSummary, type FieldErrors, table, textarea, when } from "../layout.js";
import {
  categoryLabel,
  dueOf,
  excerpt,
  FIELD_LABELS,
  flashOf,
  type FormName,
  type FormState,
  HANDLERS,
  notFound,
  OPEN,
  publicChoice,
  targetOf,
  TRAIL_LABELS,
} from "./shared.js";
import { feedback, type FeedbackDetail } from "../../../services/feedback/contract.js";
import { results, type ResultView } from "../../../services/results/contract.js";
import { feed } from "../../../services/feed/contract.js";
import { recordValueOf } from "../../../shared/correction-fields.js";
import { chineseDate, isCalendarDate } from "../../../shared/dates.js";
import { isTakenDown } from "../../../shared/tombstone.js";
import { EVIDENCE_TYPES, fileSizeText } from "../../../shared/evidence.js";

export async function loadItem(c: ConsoleContext): Promise<FeedbackDetail> {
  const id = c.params.id;
  if (!isId(id)) throw notFound();
  return c.call(feedback.get, { id });
}

async function resultOf(c: ConsoleContext, f: FeedbackDetail): Promise<ResultView | null> {
  if (f.category !== "correction" || !f.resultId) return null;
  try {
    return await c.call(results.getResult, { id: f.resultId });
  } catch (err) {
    if (statusOf(err) >= 500) throw err;
    return null;
  }
}

/** Why a notice is no longer public, by its status. */
const NOT_PUBLIC: Record<string, string> = {
  withdrawn: "该公示已撤下",
  corrected: "该公示已被更正后的公示取代",
  expired: "该公示的公示期已届满",
};

/**
 * The notice's value of the proposal's field: its current one through the feed while it is
 * published; once it is not (taken down, or no longer in the feed), the value it showed when the
 * proposal came, kept with the feedback, and why it is no longer public.
 */
interface CurrentValue {
  value: string | null;
  /** Set when the notice is no longer published: what happened to it. */
  gone?: string;
}

async function currentValueOf(c: ConsoleContext, f: FeedbackDetail): Promise<CurrentValue | null> {
  if (!f.correction || f.targetType !== "notice" || !f.targetId) return null;
  const whenProposed = f.correction.currentWhenProposed ?? null;
  try {
    const notice = await c.call(feed.getNotice, { id: f.targetId });
    const status = String(notice.status);
    if (!isTakenDown(status)) return { value: recordValueOf(notice.record, f.correction.field) };
    return { value: whenProposed, gone: NOT_PUBLIC[status] ?? "该公示已不再公示" };
  } catch (err) {
    if (statusOf(err) >= 500) throw err;
    return { value: whenProposed, gone: "该公示已不再公示" };
  }
}

/** The citizen's proposal beside the notice's value of the field, and their evidence. */
function proposalSection(f: FeedbackDetail, current: CurrentValue | null): HtmlValue {
  const p = f.correction;
  if (!p) return false;
  const shown = (v: string) => (p.field === "decidedOn" && isCalendarDate(v) ? chineseDate(v) : v);
  const value = current?.value ?? null;
  return html`<section aria-labelledby="h-proposal">
    <h2 id="h-proposal">建议更正的公示项</h2>
    ${
      current?.gone &&
      html`<p>
        <span class="badge">已不再公示</span>
        ${current.gone}，公示页面不再显示该项内容；下表“公示值”为反馈人提出建议时该公示所载的内容。
      </p>`
    }
    ${table(
      ["公示项", current?.gone ? "公示值（提出建议时）" : "公示现值", "建议更正为"],
      [
        [
          p.label,
          value === null ? "—" : html`<div class="feedback-text">${shown(value)}</div>`,
          html`<div class="feedback-text">${shown(p.proposed)}</div>`,
        ],
      ],
    )}
    ${
      (p.evidence || p.evidenceUrl) &&
      html`<dl class="facts">
        ${
          p.evidence &&
          html`<dt>依据或说明</dt>
            <dd>${p.evidence}</dd>`
        }
        ${
          p.evidenceUrl &&
          html`<dt>证明材料链接</dt>
            <dd>
              <a href="${p.evidenceUrl}" rel="noopener noreferrer nofollow" target="_blank">${p.evidenceUrl}</a
              >（外部链接，请核实来源）
            </dd>`
        }
      </dl>`
    }
    <p class="hint">建议内容仅供本机关核实，不公开；答复公开时才向公众显示答复内容。</p>
  </section>`;
}

/** The evidence files the citizen sent, each to download (this page's route; never a public address). */
function evidenceSection(f: FeedbackDetail): HtmlValue {
  if (!f.evidenceFiles?.length) return false;
  return html`<section aria-labelledby="h-evidence">
    <h2 id="h-evidence">证明材料文件</h2>
    ${table(
      ["文件", "类型", "大小", "SHA-256"],
      f.evidenceFiles.map((e) => [
        html`<a href="/console/feedback/${f.id}/evidence/${e.n}">${e.name}</a>`,
        EVIDENCE_TYPES[e.type]?.label ?? e.type,
        fileSizeText(e.size),
        html`<code class="hash">${e.sha256}</code>`,
      ]),
      "反馈人上传的证明材料",
    )}
    <p class="hint">文件仅供本机关核实，不公开。类型按文件内容识别，打开前请核实其来源。</p>
  </section>`;
}

function stateFor(state: FormState | undefined, form: FormName): { errors: FieldErrors; values: URLSearchParams } {
  return state?.form === form ? state : { errors: {}, values: new URLSearchParams() };
}

function noteForm(
  f: FeedbackDetail,
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

function replyForm(f: FeedbackDetail, c: ConsoleContext, state: FormState | undefined): SafeHtml {
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
  f: FeedbackDetail,
  result: ResultView | null,
  c: ConsoleContext,
  state: FormState | undefined,
): HtmlValue {
  if (f.category !== "correction" || !f.resultId) return false;
  const { errors, values } = stateFor(state, "resolve");
  const open = result ? result.status === "published" || result.status === "expired" : true;
  const correctHref = href(`/console/results/${f.resultId}/correct`, { feedback: f.id });
  const acceptHref = href(`/console/results/${f.resultId}/correct`, { feedback: f.id, accept: "proposal" });
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
            ${
              f.correction &&
              html`<p>
                  <a class="button primary" href="${acceptHref}">采纳建议：按建议值更正“${f.correction.label}”…</a>
                </p>
                <p class="hint">更正页面将预填建议值，核对并确认后才发布更正后的公示。</p>`
            }
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

export async function detailPage(c: ConsoleContext, status: number, state?: FormState): Promise<void> {
  const f = await loadItem(c);
  const [result, current, names] = await Promise.all([
    resultOf(c, f),
    currentValueOf(c, f),
    displayNamesOf(
      c,
      (f.trail ?? []).map((s) => s.actorId),
    ),
  ]);
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
      ${proposalSection(f, current)} ${evidenceSection(f)}
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
              <strong>${labelOf(TRAIL_LABELS, s.action)}</strong> · ${(s.actorId && names.get(s.actorId)) ?? s.actor} ·
              ${when(s.at)} ${s.note && html`<div class="feedback-text">${s.note}</div>`}
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

export function spamPage(c: ConsoleContext, f: FeedbackDetail, status: number, errors: FieldErrors = {}): void {
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
