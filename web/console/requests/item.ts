/**
 * One request on the console: its clock, the applicant (masked), what was asked, the 补正, fee,
 * answer and remedies, the full trail (append-only, with people's names), and the form of every
 * step the request allows now (forms.ts).
 */
import {
  APPLICANT_KIND_LABELS,
  ANSWER_ITEM_MARKS,
  DELIVERY_METHOD_LABELS,
  FEE_STANDARD_LABELS,
  ID_TYPE_LABELS,
  PAUSE_TYPE_LABELS,
  PROVISION_FORM_LABELS,
  RECEIPT_CHANNEL_LABELS,
  REMEDY_KIND_LABELS,
  REMEDY_OUTCOME_LABELS,
  REQUEST_STATE_LABELS,
  type AnswerItem,
} from "../../../shared/requests.js";
import { isId } from "../../../shared/ids.js";
import {
  requests,
  type OpenedIdentity,
  type RequestDetail,
  type TrailStepView,
} from "../../../services/requests/contract.js";
import { html, type HtmlValue, pathOf, raw, type SafeHtml } from "../../html/html.js";
import { requestStepLabel } from "../../html/request-input.js";
import { displayNamesOf, type ConsoleContext } from "../context.js";
import { labelOf } from "../labels.js";
import { csrfField, day, table, textarea, when } from "../layout.js";
import { answerFormHtml, remedyOutcomeFormHtml, STEP_FORMS, stepFormHtml, type FormState } from "./forms.js";
import { ANSWER_TYPE_LABELS, clockCell, dueText, flashOf, notFound } from "./shared.js";

export async function loadRequest(c: ConsoleContext): Promise<RequestDetail> {
  const id = c.params.id;
  if (!isId(id)) throw notFound();
  return c.call(requests.get, { id });
}

/**
 * The applicant: masked as the service answers; whole only just after it was opened with a reason
 * (shown once: a reload shows it masked again, and every opening is in the audit log).
 */
function applicantFacts(d: RequestDetail, opened?: OpenedIdentity): HtmlValue {
  const a = opened?.applicant ?? d.applicant;
  const c = a.contact ?? {};
  return html`<dl class="facts">
      <dt>申请人类别</dt>
      <dd>${labelOf(APPLICANT_KIND_LABELS, a.kind)}</dd>
      <dt>姓名或名称</dt>
      <dd>${a.name}</dd>
      ${
        a.idNumber &&
        html`<dt>证件</dt>
          <dd>${labelOf(ID_TYPE_LABELS, a.idType)} ${a.idNumber}</dd>`
      }
      ${
        a.creditCode &&
        html`<dt>统一社会信用代码</dt>
          <dd>${a.creditCode}</dd>`
      }
      ${
        a.contactPerson &&
        html`<dt>联系人</dt>
          <dd>${a.contactPerson}</dd>`
      }
      <dt>联系方式</dt>
      <dd>
        ${[c.phone && `电话 ${c.phone}`, c.email && `邮箱 ${c.email}`, c.address && `地址 ${c.address}`].filter(Boolean).join("；") || "—"}
      </dd>
    </dl>
    ${
      opened
        ? html`<p class="hint" role="status">
            以上为完整身份信息，已于 ${when(opened.openedAt)}
            记入审计日志；刷新页面后重新遮盖。仅用于办理本申请，不得公开。
          </p>`
        : html`<p class="hint">申请人身份信息已遮盖，仅用于办理本申请，不得公开。</p>`
    }`;
}

/** The form that opens the whole identity: a reason is asked for, and kept with who and when. */
function identityFormHtml(d: RequestDetail, c: ConsoleContext, state: FormState | undefined): SafeHtml {
  const errors = state?.form === "identity" ? state.errors : {};
  const values = state?.form === "identity" ? state.values : new URLSearchParams();
  return html`<details class="identity" ${state?.form === "identity" ? raw(" open") : ""}>
    <summary>查看申请人完整身份信息</summary>
    <form method="post" action="/console/requests/${d.id}/identity" novalidate>
      ${csrfField(c.csrf)}
      ${textarea({
        name: "identity.reason",
        label: "查看理由",
        value: values.get("identity.reason") ?? "",
        errors,
        required: true,
        rows: 2,
        maxlength: 500,
        hint: "如：电话联系申请人核实申请内容。查看人、时间和理由记入审计日志。",
      })}
      <button type="submit">查看</button>
    </form>
  </details>`;
}

const FINAL = new Set(["answered", "lapsed", "archived"]);

/**
 * The answer's attachments: listed with their downloads; uploaded until the answer (each file is
 * cleaned of its hidden metadata before it is kept, and the page says what was removed).
 */
function attachmentsHtml(d: RequestDetail, c: ConsoleContext, state: FormState | undefined): HtmlValue {
  const open = !FINAL.has(d.status);
  if (!open && !d.attachments.length) return false;
  const error = state?.form === "attachment" ? state.errors["attachment.file"] : undefined;
  return html`<h2>答复附件</h2>
    ${
      d.attachments.length
        ? table(
            ["文件", "类型", "大小", "已清除的隐藏信息"],
            d.attachments.map((a) => [
              html`<a href="/console/requests/${d.id}/attachments/${a.n}">${a.name}</a>`,
              a.type,
              `${Math.max(1, Math.round(a.size / 1024))} KB`,
              a.removed.length ? a.removed.join("、") : "无",
            ]),
            "答复附件",
          )
        : html`<p>尚无附件。</p>`
    }
    ${
      open &&
      html`<form method="post" action="/console/requests/${d.id}/attachments" enctype="multipart/form-data">
        ${csrfField(c.csrf)}
        <div class="field${error ? " has-error" : ""}">
          <label for="f-attachment-file">上传附件</label>
          <p class="hint" id="f-attachment-file-hint">
            PDF、JPEG、PNG、Word、Excel 或 PowerPoint（docx/xlsx/pptx），每个不超过 20 MB，最多 10
            个；作者、标题、修订等隐藏信息在保存前清除。答复后申请人可凭查询码下载。
          </p>
          ${
            error &&
            html`<p class="field-error" id="f-attachment-file-error">
              <span class="visually-hidden">错误：</span>${error}
            </p>`
          }
          <input
            id="f-attachment-file"
            name="file"
            type="file"
            required
            aria-describedby="f-attachment-file-hint${error ? " f-attachment-file-error" : ""}"
          />
        </div>
        <button type="submit">上传</button>
      </form>`
    }`;
}

function letterFacts(d: RequestDetail): HtmlValue {
  return (
    d.letter &&
    html`<h2>答复告知书</h2>
      <dl class="facts">
        <dt>签发时间</dt>
        <dd>${when(d.letter.issuedAt)}</dd>
        <dt>核验码</dt>
        <dd><code>${d.letter.verifyCode}</code>（<a href="${pathOf("verify", d.letter.verifyCode)}">核验</a>）</dd>
        <dt>申请人下载</dt>
        <dd><a href="${pathOf("requests", d.trackingCode, "letter")}">答复告知书（PDF）</a></dd>
      </dl>`
  );
}

/** What a recorded clock step said (dates, days, approver…), in Chinese. */
function eventDetail(s: TrailStepView): string {
  const e = (s.event ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof e[k] === "string" ? (e[k] as string) : "");
  switch (s.kind) {
    case "extended":
      return `延长 ${String(e.days)} 个工作日；批准人：${str("approvedBy")}；理由：${str("reason")}`;
    case "paused":
    case "fee_notice":
      return `${labelOf(PAUSE_TYPE_LABELS, str("type"))}${str("dueOn") ? `，期限至 ${day(str("dueOn"))}` : ""}`;
    case "correction_requested":
      return `补正期限至 ${day(str("dueOn"))}`;
    case "answered":
      return `答复类型：${labelOf(ANSWER_TYPE_LABELS, str("answerType"))}`;
    case "lapsed":
      return str("reason") === "fee_unpaid" ? "逾期未缴费" : "逾期不补正";
    default:
      return "";
  }
}

function trailHtml(d: RequestDetail, names: Map<string, string>): HtmlValue {
  return html`<ol class="trail">
    ${d.trail.map((s) => {
      const detail = eventDetail(s);
      return html`<li>
        <strong>${s.on ? day(s.on) : when(s.at)} ${requestStepLabel(s.kind)}</strong>
        <span>（${(s.actorId && names.get(s.actorId)) ?? s.actor}，记录于 ${when(s.at)}）</span>
        ${detail && html`<div>${detail}</div>`} ${s.note && html`<div class="feedback-text">${s.note}</div>`}
      </li>`;
    })}
  </ol>`;
}

function itemText(item: AnswerItem): string {
  const r = item.result;
  const mark = ANSWER_ITEM_MARKS[r.mark];
  if (r.mark === "already_public") return `${mark}：${r.where}`;
  if (r.mark === "partly_provided")
    return `${mark}：不予提供 ${r.withheld}（${labelOf(ANSWER_TYPE_LABELS, r.ground)}）`;
  if (r.mark === "not_provided") return `${mark}（${labelOf(ANSWER_TYPE_LABELS, r.ground)}）`;
  return mark;
}

function handlingFacts(d: RequestDetail): HtmlValue {
  return html`${
    d.correction?.requestedOn &&
    html`<h2>补正</h2>
      <dl class="facts">
        <dt>告知补正</dt>
        <dd>${day(d.correction.requestedOn)}，期限至 ${day(d.correction.dueOn)}</dd>
        <dt>补正事项</dt>
        <dd class="text">${d.correction.what ?? ""}</dd>
        <dt>收到补正</dt>
        <dd>${d.correction.receivedOn ? day(d.correction.receivedOn) : "尚未收到"}</dd>
        ${
          d.correction.text &&
          html`<dt>补正内容</dt>
            <dd class="text">${d.correction.text}</dd>`
        }
      </dl>`
  }
  ${
    d.fee &&
    html`<h2>信息处理费</h2>
      <dl class="facts">
        <dt>计收</dt>
        <dd>
          ${labelOf(FEE_STANDARD_LABELS, d.fee.standard)} ${d.fee.quantity}
          ${d.fee.standard === "items" ? `件（本月此前已申请 ${d.fee.previousItems} 件）` : "页"}，${d.fee.yuan} 元
        </dd>
        <dt>通知日期</dt>
        <dd>${day(d.fee.noticedOn)}，缴费期限至 ${day(d.fee.dueOn)}</dd>
        <dt>缴费</dt>
        <dd>${d.fee.paidOn ? day(d.fee.paidOn) : "尚未缴纳"}</dd>
      </dl>`
  }
  ${
    d.outcome &&
    html`<h2>办理结果</h2>
      <dl class="facts">
        <dt>结果</dt>
        <dd>
          ${d.outcome.row} ${d.outcome.label}${d.outcome.late && html` <span class="overdue">（逾期答复）</span>`}
        </dd>
        <dt>${d.outcome.via === "lapse" ? "终止日期" : "答复日期"}</dt>
        <dd>${day(d.outcome.on)}</dd>
      </dl>
      ${d.answer && html`<div class="feedback-text">${d.answer.text}</div>`}
      ${
        d.answer &&
        (d.answer.feeYuan || d.answer.reviewOrgan || d.answer.court) &&
        html`<p class="hint">
          ${d.answer.feeYuan ? `收取信息处理费 ${d.answer.feeYuan} 元。` : ""}${
            d.answer.reviewOrgan ? `行政复议机关：${d.answer.reviewOrgan}。` : ""
          }${d.answer.court ? `管辖法院：${d.answer.court}。` : ""}
        </p>`
      }
      ${
        d.answer &&
        d.answer.items.length > 0 &&
        table(
          ["文件或信息", "处理结果"],
          d.answer.items.map((item) => [item.title, itemText(item)]),
          "所涉文件或信息",
        )
      }`
  }`;
}

function remediesHtml(d: RequestDetail, c: ConsoleContext, state: FormState | undefined): HtmlValue {
  if (!d.remedies.length) return false;
  return html`<h2>行政复议和行政诉讼</h2>
    ${table(
      ["类别", "提起日期", "结果", "审结日期", "说明"],
      d.remedies.map((r) => [
        labelOf(REMEDY_KIND_LABELS, r.kind),
        day(r.filedOn),
        labelOf(REMEDY_OUTCOME_LABELS, r.outcome),
        r.decidedOn ? day(r.decidedOn) : "—",
        r.note ?? "",
      ]),
      "已登记的行政复议和行政诉讼",
    )}
    ${d.remedies.map(
      (r, i) =>
        r.outcome === "pending" &&
        html`<section aria-labelledby="h-remedy-${i}">
          <h3 id="h-remedy-${i}">登记结果：${labelOf(REMEDY_KIND_LABELS, r.kind)}（${day(r.filedOn)} 提起）</h3>
          ${remedyOutcomeFormHtml(d, i, c, state)}
        </section>`,
    )}`;
}

export async function itemPage(
  c: ConsoleContext,
  status: number,
  state?: FormState,
  opened?: OpenedIdentity,
): Promise<void> {
  const d = await loadRequest(c);
  const names = await displayNamesOf(
    c,
    d.trail.map((s) => s.actorId),
  );
  const forms = STEP_FORMS.filter((f) => f.key !== "remedy" && f.when(d));
  const answerable = d.allowedSteps.includes("answered");
  c.render(status, {
    title: `依申请公开 ${d.trackingCode}`,
    active: "requests",
    flash: state ? undefined : flashOf(c),
    body: html`<p><a href="/console/requests">返回申请列表</a></p>
      <h1>政府信息公开申请 <code>${d.trackingCode}</code></h1>
      ${
        state?.errors._form &&
        html`<div class="error-summary" role="alert" tabindex="-1"><p>${state.errors._form}</p></div>`
      }
      <dl class="facts">
        <dt>受理机关</dt>
        <dd>${d.bodyName}</dd>
        <dt>办理状态</dt>
        <dd>
          <strong>${labelOf(REQUEST_STATE_LABELS, d.status)}</strong>${
            d.pause && `（${labelOf(PAUSE_TYPE_LABELS, d.pause.type)}，自 ${day(d.pause.since)}）`
          }
        </dd>
        <dt>收到方式</dt>
        <dd>${labelOf(RECEIPT_CHANNEL_LABELS, d.channel)}</dd>
        <dt>提交日期</dt>
        <dd>${d.submittedOn ? day(d.submittedOn) : "—"}</dd>
        <dt>收到申请日期</dt>
        <dd>${d.receivedOn ? day(d.receivedOn) : "待确认收到"}</dd>
        <dt>答复期限</dt>
        <dd>${dueText(d)}</dd>
        <dt>剩余时间</dt>
        <dd>${clockCell(d)}</dd>
        <dt>暂停计时 / 延长</dt>
        <dd>暂停 ${d.pausedDays} 个工作日；延长 ${d.extendedDays} 个工作日</dd>
        <dt>申请人查询页面</dt>
        <dd><a href="${pathOf("requests", d.trackingCode)}">公众看到的办理进度</a></dd>
      </dl>
      <h2>申请人</h2>
      ${applicantFacts(d, opened)} ${!opened && identityFormHtml(d, c, state)}
      <h2>所需政府信息</h2>
      <div class="feedback-text">${d.description}</div>
      <p class="hint">
        提供形式：${labelOf(PROVISION_FORM_LABELS, d.form)}；获取方式：${labelOf(DELIVERY_METHOD_LABELS, d.delivery)}
      </p>
      ${handlingFacts(d)} ${attachmentsHtml(d, c, state)} ${letterFacts(d)} ${remediesHtml(d, c, state)}
      ${d.sameAs && html`<p class="hint">已与申请相同信息的其他申请关联（第四十四条）。</p>`}
      <h2>办理记录</h2>
      ${trailHtml(d, names)} ${forms.map((f) => stepFormHtml(f, d, c, state))}
      ${answerable && answerFormHtml(d, c, state)}
      ${stepFormHtml(STEP_FORMS.find((f) => f.key === "remedy") as (typeof STEP_FORMS)[number], d, c, state)}`,
  });
}
