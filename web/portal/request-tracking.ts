/**
 * 申请办理进度: what the holder of a tracking code sees of their request — its state, the day it was
 * received, the day the answer is due and the working days left (or overdue by), the public steps
 * (no identity, no officer names), the 补正 asked for with the form to send it, a fee notice, the
 * answer with each document's result and, once the service signs it, the answer letter (告知书).
 * Also the confirmation right after submitting, and a body's request statistics for its page.
 */
import { chineseDate } from "../../shared/dates.js";
import {
  ANSWER_ITEM_MARKS,
  ANSWER_TYPES,
  FEE_STANDARD_LABELS,
  REQUEST_FINAL_STATES,
  REQUEST_STATE_LABELS,
  type AnswerItem,
} from "../../shared/requests.js";
import type { RequestStats, TrackedRequest } from "../../services/requests/contract.js";
import { html, type HtmlValue, pathOf, raw, type SafeHtml } from "../html/html.js";
import { requestStepLabel } from "../html/request-input.js";
import { CLEAN_TYPES } from "../../shared/file-clean.js";
import { layout, type PageContext } from "./layout.js";
import { dataTable, dateTag, fieldList, labelOf, paragraphs, section } from "./parts.js";
import { REQUEST_FORM_PATH, REQUEST_LOOKUP_PATH } from "./request-form.js";

export function requestPath(trackingCode: string): string {
  return pathOf("requests", trackingCode);
}

export function requestLetterPath(trackingCode: string): string {
  return pathOf("requests", trackingCode, "letter");
}

export function requestAttachmentPath(trackingCode: string, n: number): string {
  return pathOf("requests", trackingCode, "attachments", String(n));
}

/** "1.2 MB", "35 KB": a file's size as people read it. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const ANSWER_LABELS = new Map<string, string>(ANSWER_TYPES.map((t) => [t.code, t.shortLabel]));

/** "剩余 N 个工作日", "已逾期 N 个工作日", or why no day is counted. */
export function clockText(t: Pick<TrackedRequest, "status" | "workingDaysLeft" | "overdue" | "overdueBy">): string {
  if (REQUEST_FINAL_STATES.includes(t.status)) return "已办结";
  if (t.status === "submitted") return "受理机关确认收到后开始计算";
  if (t.status === "correction_requested") return "收到补正后重新计算 20 个工作日";
  if (t.overdue) return `已逾期 ${t.overdueBy} 个工作日`;
  if (t.workingDaysLeft === null) return "—";
  return `剩余 ${t.workingDaysLeft} 个工作日${t.status === "paused" ? "（暂停计时中）" : ""}`;
}

function dueText(t: TrackedRequest): HtmlValue {
  if (!t.dueBy) return t.status === "submitted" ? "待受理机关确认收到后确定" : "—";
  return html`${dateTag(t.dueBy)}${t.dueByProvisional && "（暂定：所涉年份的节假日安排尚未公布）"}`;
}

const groundLabel = (code: string): string => ANSWER_LABELS.get(code) ?? code;

function itemResult(item: AnswerItem): string {
  const r = item.result;
  const mark = ANSWER_ITEM_MARKS[r.mark];
  if (r.mark === "already_public") return `${mark}：${r.where}`;
  if (r.mark === "partly_provided") return `${mark}（不予提供：${r.withheld}；理由：${groundLabel(r.ground)}）`;
  if (r.mark === "not_provided") return `${mark}（理由：${groundLabel(r.ground)}）`;
  return mark;
}

export interface CorrectionFormState {
  text?: string;
  error?: string;
}

function correctionSection(t: TrackedRequest, state: CorrectionFormState): HtmlValue {
  const c = t.correction;
  if (!c) return false;
  const open = t.status === "correction_requested" && !c.receivedOn;
  const described = state.error ? "rq-correction-hint rq-correction-error" : "rq-correction-hint";
  return section(
    "correction",
    "补正",
    html`${fieldList([
      ["告知补正日期", dateTag(c.requestedOn)],
      ["补正期限", html`${dateTag(c.dueOn)}（含当日）`],
      ["需要补正的内容", paragraphs(c.what)],
      ["收到补正日期", c.receivedOn ? dateTag(c.receivedOn) : "尚未收到"],
    ])}
    ${
      open &&
      html`<form method="post" action="${requestPath(t.trackingCode)}/correction" class="feedback-form" novalidate>
        ${state.error && html`<div class="note" role="alert"><p>${state.error}</p></div>`}
        <div class="field">
          <label for="rq-correction">补正内容</label>
          <p class="hint" id="rq-correction-hint">
            按上述要求补充或说明。提交之日为收到补正之日，答复期限自该日起重新计算 20
            个工作日。逾期不补正的，视为放弃申请。
          </p>
          <textarea
            id="rq-correction"
            name="text"
            rows="5"
            maxlength="5000"
            aria-describedby="${described}"
            ${state.error && raw('aria-invalid="true"')}
          >
${state.text ?? ""}</textarea>
          ${state.error && html`<p class="field-error" id="rq-correction-error">${state.error}</p>`}
        </div>
        <div class="form-actions"><button type="submit">提交补正</button></div>
      </form>`
    }`,
  );
}

function feeSection(t: TrackedRequest): HtmlValue {
  const f = t.fee;
  if (!f) return false;
  return section(
    "fee",
    "信息处理费",
    fieldList([
      [
        "计收方式",
        `${labelOf(FEE_STANDARD_LABELS, f.standard)}（${f.quantity} ${f.standard === "items" ? "件" : "页"}）`,
      ],
      ["金额", `${f.yuan} 元`],
      ["缴费期限", dateTag(f.dueOn)],
      [
        "缴费情况",
        f.paidOn
          ? html`已于 ${dateTag(f.paidOn)} 缴纳`
          : "尚未缴纳（等待缴费期间暂停计时；逾期未缴纳的，不再处理该申请）",
      ],
    ]),
  );
}

function answerSection(t: TrackedRequest): SafeHtml {
  const letter = t.letter;
  const content = t.outcome
    ? html`${fieldList([
        ["办理结果", t.outcome.label],
        [t.outcome.via === "lapse" ? "终止日期" : "答复日期", dateTag(t.outcome.on)],
      ])}
      ${
        t.answer &&
        html`<h3>答复内容</h3>
          ${paragraphs(t.answer.text)}`
      }
      ${
        t.answer &&
        t.answer.items.length > 0 &&
        dataTable(
          "answer-items-caption",
          "所涉政府信息的处理情况",
          ["文件或信息", "处理结果"],
          t.answer.items.map(
            (item) =>
              html`<tr>
                <th scope="row">${item.title}</th>
                <td>${itemResult(item)}</td>
              </tr>`,
          ),
        )
      }
      ${
        t.attachments.length > 0 &&
        html`<h3>答复附件</h3>
          <p>附件已清除作者、修订记录等文档属性信息。</p>
          <ul class="attachments">
            ${t.attachments.map(
              (a) =>
                html`<li>
                  <a href="${requestAttachmentPath(t.trackingCode, a.n)}" type="${a.type}" download>${a.name}</a>
                  （${CLEAN_TYPES[a.type].label}，${sizeText(a.size)}，SHA-256 <code>${a.sha256}</code>）
                </li>`,
            )}
          </ul>`
      }
      ${
        letter &&
        html`<p>
          <a href="${requestLetterPath(t.trackingCode)}" type="application/pdf"
            >下载答复告知书（PDF，已加盖电子签章）</a
          >
          ，核验码 <code>${letter.verifyCode}</code>，可在<a href="${pathOf("verify", letter.verifyCode)}">核验页面</a
          >核验。
        </p>`
      }`
    : html`<p>尚未答复。</p>`;
  return section("answer", "答复", content);
}

export interface RequestTrackingPageInput extends PageContext {
  tracking: TrackedRequest;
  /** Right after submitting: "new", or "duplicate" when the same request had been filed before. */
  submitted?: "new" | "duplicate";
  /** The 补正 was just sent. */
  corrected?: boolean;
  correction?: CorrectionFormState;
}

export function requestTrackingPage(input: RequestTrackingPageInput): string {
  const { tracking: t, submitted, corrected, correction = {}, baseUrl } = input;
  const body = html`<h1>政府信息公开申请办理进度</h1>
    ${
      submitted &&
      html`<div class="banner banner--valid" role="status">
        <p class="banner__title">${submitted === "duplicate" ? "您此前已提交过相同的申请" : "申请已提交"}</p>
        <p>查询码：<code class="code">${t.trackingCode}</code></p>
        <p>请记下查询码，凭此查询办理进度和答复。本页不显示申请人身份。</p>
        <p>
          受理机关将确认是否收到您的申请；答复期限自<strong>确认收到之日</strong>起计算 20
          个工作日（不含法定节假日），需要延长的，最长延长 20 个工作日并告知您。
        </p>
      </div>`
    }
    ${corrected && html`<div class="note" role="status"><p>补正已提交，答复期限自今日起重新计算。</p></div>`}
    ${fieldList([
      ["查询码", html`<code class="code">${t.trackingCode}</code>`],
      ["受理机关", html`<a href="${pathOf("bodies", t.bodyId)}">${t.bodyName}</a>`],
      ["办理状态", labelOf(REQUEST_STATE_LABELS, t.status)],
      ["提交日期", t.submittedOn ? dateTag(t.submittedOn) : "—"],
      ["收到申请日期", t.receivedOn ? dateTag(t.receivedOn) : "待受理机关确认"],
      ["答复期限", dueText(t)],
      ["剩余时间", clockText(t)],
      ...(t.pausedDays > 0
        ? ([["暂停计时", `${t.pausedDays} 个工作日（征求意见或等待缴费，不计入答复期限）`]] as const)
        : []),
      ...(t.extendedDays > 0 ? ([["延长答复期限", `${t.extendedDays} 个工作日`]] as const) : []),
    ])}
    ${section("content", "申请的政府信息", paragraphs(t.description))} ${correctionSection(t, correction)}
    ${feeSection(t)}
    ${section(
      "steps",
      "办理过程",
      html`<ol class="steps">
        ${t.steps.map((s) => html`<li>${dateTag(s.on)} ${requestStepLabel(s.kind)}</li>`)}
      </ol>`,
    )}
    ${answerSection(t)}
    <p class="no-print">
      <a href="${REQUEST_LOOKUP_PATH}">查询其他申请</a> · <a href="${REQUEST_FORM_PATH}">提出新的申请</a>
    </p>`;
  return layout({ title: "申请办理进度", body, baseUrl, path: requestPath(t.trackingCode) });
}

/** A body's requests of a year for its page: the numbers only from the minimum sample on. */
export function requestStatsSection(stats: RequestStats | undefined, bodyId: string): SafeHtml {
  const content = !stats
    ? html`<p>暂无统计。</p>`
    : !stats.enough
      ? html`<p>${stats.year} 年收到的申请不足 ${stats.minimum} 件，暂不公布办理统计。</p>`
      : fieldList([
          ["收到申请", `${stats.received} 件`],
          ["办结", `${stats.answered} 件`],
          ...stats.byType
            .filter((b) => b.count > 0)
            .map((b) => [`其中：${ANSWER_LABELS.get(b.type) ?? b.type}`, `${b.count} 件`] as const),
          ["逾期答复", `${stats.overdue} 件`],
          [
            "答复用时（中位数，不含暂停计时）",
            stats.medianWorkingDays == null ? "—" : `${stats.medianWorkingDays} 个工作日`,
          ],
        ]);
  return section(
    "requests",
    "依申请公开",
    html`${stats && html`<h3>${stats.year} 年办理情况</h3>`}${content}
      <p>
        <a href="${`${REQUEST_FORM_PATH}?bodyId=${encodeURIComponent(bodyId)}`}">向本机关申请政府信息公开</a>
      </p>`,
  );
}

/** Today's year in China, for the statistics of the current year. */
export function chinaYear(now: Date = new Date()): number {
  return Number(chineseDate(now).slice(0, 4));
}
