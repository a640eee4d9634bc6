/**
 * The public side of feedback (群众意见反馈): the form on notice, power, officer and body pages,
 * the public replies beside them, a body's response statistics, and the tracking page. Plain forms,
 * no JavaScript; a honeypot field that people never see catches form-filling bots.
 */
import { CORRECTION_FIELD_LABELS, CORRECTION_FIELDS } from "../../shared/correction-fields.js";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from "../../shared/evidence.js";
import { FEEDBACK_CATEGORY_LABELS, TARGET_LABELS } from "../html/feedback-labels.js";
import { href, html, pathOf, raw, type SafeHtml } from "../html/html.js";
import type { FeedbackStats, PublicFeedback, TrackedFeedback } from "../../services/feedback/contract.js";
import { layout, type PageContext } from "./layout.js";
import { dateTag, fieldList, paragraphs, section } from "./parts.js";

export const FEEDBACK_STATUS_LABELS: Readonly<Record<string, string>> = {
  received: "已收到",
  accepted: "已受理",
  replied: "已答复",
  closed: "已办结",
};

export interface FeedbackTarget {
  type: string;
  id: string;
  title?: string;
}

/** What the page shows of a public reply (the feed answers the whole PublicFeedback). */
export type PublicReply = Pick<PublicFeedback, "id" | "category" | "content" | "reply" | "createdAt" | "repliedAt">;

export interface FeedbackFormValues {
  category?: string;
  content?: string;
  contact?: string;
  correctionField?: string;
  correctionProposed?: string;
  correctionEvidence?: string;
  correctionEvidenceUrl?: string;
}

export interface FieldError {
  field: string;
  message: string;
}

function labelOf(labels: Readonly<Record<string, string>>, value: string): string {
  return Object.hasOwn(labels, value) ? (labels[value] as string) : value;
}

function errorFor(errors: readonly FieldError[], field: string): SafeHtml | "" {
  const e = errors.find((x) => x.field === field);
  return e ? html`<p class="field-error" id="fb-${field}-error">${e.message}</p>` : "";
}

/**
 * For a notice: which field is wrong (the labels of the notice page), the right value and the
 * evidence. Optional; sent only with a field chosen, and only a correction request may carry it.
 */
function correctionFields(values: FeedbackFormValues, errors: readonly FieldError[]): SafeHtml {
  const described = (field: string) => (errors.some((e) => e.field === field) ? `fb-${field}-error` : undefined);
  return html`<fieldset class="field correction-fields">
    <legend>指出错误项（纠错时选填）</legend>
    <div class="field">
      <label for="fb-correctionField">有误的公示项</label>
      <select id="fb-correctionField" name="correctionField" aria-describedby="${described("correctionField")}">
        <option value="">（不指定）</option>
        ${CORRECTION_FIELDS.map(
          (f) =>
            html`<option value="${f}" ${f === values.correctionField && html` selected`}>
              ${CORRECTION_FIELD_LABELS[f]}
            </option>`,
        )}
      </select>
      ${errorFor(errors, "correctionField")}
    </div>
    <div class="field">
      <label for="fb-correctionProposed">正确内容</label>
      <textarea
        id="fb-correctionProposed"
        name="correctionProposed"
        rows="2"
        maxlength="5000"
        aria-describedby="${described("correctionProposed")}"
      >
${values.correctionProposed ?? ""}</textarea>
      ${errorFor(errors, "correctionProposed")}
    </div>
    <div class="field">
      <label for="fb-correctionEvidence">依据或说明（选填）</label>
      <input
        id="fb-correctionEvidence"
        name="correctionEvidence"
        type="text"
        maxlength="1000"
        value="${values.correctionEvidence ?? ""}"
        aria-describedby="${described("correctionEvidence")}"
      />
      ${errorFor(errors, "correctionEvidence")}
    </div>
    <div class="field">
      <label for="fb-correctionEvidenceUrl">证明材料链接（选填，以 http:// 或 https:// 开头）</label>
      <input
        id="fb-correctionEvidenceUrl"
        name="correctionEvidenceUrl"
        type="url"
        maxlength="1000"
        value="${values.correctionEvidenceUrl ?? ""}"
        aria-describedby="${described("correctionEvidenceUrl")}"
      />
      ${errorFor(errors, "correctionEvidenceUrl")}
    </div>
    <div class="field">
      <label for="fb-correctionFiles">证明材料文件（选填）</label>
      <p class="hint" id="fb-correctionFiles-hint">
        PDF、JPEG 或 PNG 文件，最多 ${EVIDENCE_MAX_FILES} 个，每个不超过 ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB。
      </p>
      <input
        id="fb-correctionFiles"
        name="correctionFiles"
        type="file"
        multiple
        accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
        aria-describedby="${described("correctionFiles") ?? "fb-correctionFiles-hint"}"
      />
      ${errorFor(errors, "correctionFiles")}
    </div>
    <p class="hint">您建议的内容和证明材料仅供办理单位核实，不会公开。</p>
  </fieldset>`;
}

/** The form; posting to /feedback. Errors sit beside their fields and the input is kept. */
export function feedbackForm(
  target: FeedbackTarget | undefined,
  values: FeedbackFormValues = {},
  errors: readonly FieldError[] = [],
): SafeHtml {
  const category = values.category ?? (target?.type === "notice" ? "correction" : "suggestion");
  const described = (field: string) => (errors.some((e) => e.field === field) ? `fb-${field}-error` : undefined);
  // A notice's form may carry evidence files: it is sent as multipart/form-data.
  const multipart = target?.type === "notice" && raw(' enctype="multipart/form-data"');
  return html`<form method="post" action="/feedback" class="feedback-form" ${multipart}>
    ${
      errors.length > 0 &&
      html`<div class="note" role="alert">
        <p>请检查以下内容：</p>
        <ul>
          ${errors.map((e) => html`<li>${e.message}</li>`)}
        </ul>
      </div>`
    }
    ${target && html`<input type="hidden" name="targetType" value="${target.type}" /><input type="hidden" name="targetId" value="${target.id}" />`}
    <div class="field">
      <label for="fb-category">反馈类型</label>
      <select id="fb-category" name="category" aria-describedby="${described("category")}">
        ${Object.entries(FEEDBACK_CATEGORY_LABELS).map(
          ([value, label]) => html`<option value="${value}" ${value === category && html` selected`}>${label}</option>`,
        )}
      </select>
      ${errorFor(errors, "category")}
    </div>
    <div class="field">
      <label for="fb-content">反馈内容（必填）</label>
      <textarea
        id="fb-content"
        name="content"
        rows="6"
        required
        maxlength="2000"
        aria-describedby="${described("content")}"
      >
${values.content ?? ""}</textarea>
      ${errorFor(errors, "content")}
    </div>
    ${target?.type === "notice" && correctionFields(values, errors)}
    <div class="field">
      <label for="fb-contact">联系方式（选填，仅供办理单位联系您，不会公开）</label>
      <input
        id="fb-contact"
        name="contact"
        type="text"
        maxlength="200"
        value="${values.contact ?? ""}"
        autocomplete="off"
        aria-describedby="${described("contact")}"
      />
      ${errorFor(errors, "contact")}
    </div>
    <div class="hp" aria-hidden="true">
      <label for="fb-website">请勿填写此项</label>
      <input id="fb-website" name="website" type="text" tabindex="-1" autocomplete="off" />
    </div>
    <div class="form-actions"><button type="submit">提交反馈</button></div>
  </form>`;
}

function repliesList(replies: readonly PublicReply[]): SafeHtml {
  return html`<ol class="replies">
    ${replies.map(
      (r) =>
        html`<li>
          <p class="reply-meta">
            ${labelOf(FEEDBACK_CATEGORY_LABELS, r.category)} · 提出于
            ${dateTag(r.createdAt)}${r.repliedAt && html` · 答复于 ${dateTag(r.repliedAt)}`}
          </p>
          <blockquote>${paragraphs(r.content)}</blockquote>
          <div class="reply-text">
            <p><strong>答复：</strong></p>
            ${paragraphs(r.reply)}
          </div>
        </li>`,
    )}
  </ol>`;
}

function statsBlock(stats: FeedbackStats | undefined): SafeHtml | "" {
  if (!stats) return "";
  if (!stats.enough) return html`<p>反馈数量不足 ${stats.minimum} 件，暂不公布办理统计。</p>`;
  return fieldList([
    ["收到反馈", `${stats.received ?? 0} 件`],
    ["已答复", `${stats.replied ?? 0} 件`],
    ["答复用时（中位数）", stats.medianWorkingDays == null ? "—" : `${stats.medianWorkingDays} 个工作日`],
    ["逾期未答复", `${stats.overdue ?? 0} 件`],
  ]);
}

/** The section for a notice, power or body page: public replies, statistics and the form. */
export function feedbackSection(input: {
  target: FeedbackTarget;
  replies: readonly PublicReply[];
  stats?: FeedbackStats;
}): SafeHtml {
  const { target, replies, stats } = input;
  return section(
    "feedback",
    "意见反馈",
    html`${
        stats &&
        html`<h3>办理情况</h3>
          ${statsBlock(stats)}`
      }
      <h3>公开答复</h3>
      ${replies.length ? repliesList(replies) : html`<p>暂无公开答复。</p>`}
      <h3>提出意见</h3>
      <p>
        对本${labelOf(TARGET_LABELS, target.type)}有意见、建议，或发现内容有误，请填写下表。提交后您将获得跟踪码，可凭跟踪码查询办理进度和答复。
      </p>
      ${feedbackForm(target)}`,
    "no-print",
  );
}

export function feedbackFormPage(
  input: PageContext & {
    target?: FeedbackTarget;
    values?: FeedbackFormValues;
    errors?: readonly FieldError[];
  },
): string {
  const { target, values, errors = [], baseUrl } = input;
  const about = target
    ? html`<p>反馈对象：${labelOf(TARGET_LABELS, target.type)}${target.title && html`「${target.title}」`}</p>`
    : html`<p>对本平台或执法公示工作的一般性意见建议。</p>`;
  const body = html`<h1>意见反馈</h1>
    ${about} ${feedbackForm(target, values, errors)}`;
  return layout({ title: errors.length ? "意见反馈（请更正）" : "意见反馈", body, baseUrl, path: "/feedback" });
}

/** The feedback service's TrackedFeedback as the page reads it: a status or category it has no label for is shown as given. */
export type TrackingView = Omit<TrackedFeedback, "status" | "category" | "targetType"> & {
  status: string;
  category: string;
  targetType: string | null;
};

export function feedbackTrackingPage(input: PageContext & { tracking: TrackingView; justSubmitted?: boolean }): string {
  const { tracking: t, justSubmitted, baseUrl } = input;
  const targetLink =
    t.targetType && t.targetId && t.targetType !== "officer"
      ? html`<a href="${pathOf(`${t.targetType}s`, t.targetId)}"
          >${t.targetTitle || labelOf(TARGET_LABELS, t.targetType)}</a
        >`
      : t.targetTitle || "—";
  const body = html`<h1>意见反馈办理进度</h1>
    ${justSubmitted && html`<div class="note" role="status"><p>反馈已提交。请记下您的跟踪码，凭此查询办理进度和答复。</p></div>`}
    ${fieldList([
      ["跟踪码", html`<code class="code">${t.trackingCode}</code>`],
      ["办理状态", labelOf(FEEDBACK_STATUS_LABELS, t.status)],
      ["反馈类型", labelOf(FEEDBACK_CATEGORY_LABELS, t.category)],
      ["反馈对象", targetLink],
      ["提交时间", dateTag(t.createdAt)],
      ["答复期限", dateTag(t.dueBy)],
    ])}
    ${section("content", "反馈内容", paragraphs(t.content))}
    ${section(
      "reply",
      "答复",
      t.reply
        ? html`${paragraphs(t.reply)}${t.repliedAt && html`<p>答复时间：${dateTag(t.repliedAt)}</p>`}`
        : html`<p>尚未答复。</p>`,
    )}
    <p><a href="${href("/feedback", {})}">再提一条意见</a></p>`;
  return layout({ title: "意见反馈办理进度", body, baseUrl, path: pathOf("feedback", t.trackingCode) });
}
