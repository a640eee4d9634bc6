/**
 * The forms of a request's steps on its console page, one per action of the requests service:
 * confirm receipt, 补正 notice, correction received, pause and resume, extension, fee notice and
 * payment, answer (type grouped as table 三, text, per-document items), archive, remedies. Each
 * form's inputs are named `<form>.<field of the action>`, so one page holds them all with unique
 * ids, a refusal's field problems land beside the right input, and the params are read generically.
 */
import {
  ANSWER_ITEM_MARKS,
  ANSWER_TYPES,
  FEE_STANDARD_LABELS,
  ITEM_WITHHOLDING_GROUNDS,
  REMEDY_KIND_LABELS,
  REMEDY_OUTCOME_LABELS,
  type RequestEventKind,
} from "../../../shared/requests.js";
import { chinaToday } from "../../../shared/dates.js";
import { formInput } from "../../../lib/contract.js";
import { requests, type RequestDetail } from "../../../services/requests/contract.js";
import { html, type HtmlValue, raw, type SafeHtml } from "../../html/html.js";
import type { ConsoleContext } from "../context.js";
import { csrfField, day, errorSummary, field, select, textarea, type FieldErrors } from "../layout.js";
import { answerTypeGroups } from "./shared.js";

export interface FieldDef {
  /** The action's field. */
  name: string;
  label: string;
  type: "date" | "text" | "number" | "textarea" | "select";
  options?: readonly (readonly [string, string])[];
  blank?: string;
  required?: boolean;
  hint?: string;
  maxlength?: number;
  rows?: number;
  /** Prefilled with today's date. */
  today?: boolean;
  value?: string;
}

export interface StepForm {
  /** The route's last segment, the inputs' prefix and the flash code. */
  key: string;
  title: string;
  button: string;
  fields: readonly FieldDef[];
  /** Whether the request allows the step now. */
  when: (d: RequestDetail) => boolean;
  intro?: (d: RequestDetail) => HtmlValue;
  run: (c: ConsoleContext, params: Record<string, unknown>) => Promise<unknown>;
}

/** A form's state after a refusal: which form, its errors by input, what was typed. */
export interface FormState {
  form: string;
  errors: FieldErrors;
  values: URLSearchParams;
}

const ON: FieldDef = {
  name: "on",
  label: "日期",
  type: "date",
  today: true,
  hint: "补录以前的步骤时改为实际日期；不能晚于今天，也不能早于上一步。",
};
const NOTE: FieldDef = {
  name: "note",
  label: "内部备注（选填，不对外公开）",
  type: "textarea",
  rows: 2,
  maxlength: 1000,
};
const on = (label: string): FieldDef => ({ ...ON, label });
const allows = (kind: RequestEventKind) => (d: RequestDetail) => d.allowedSteps.includes(kind);

export const STEP_FORMS: readonly StepForm[] = [
  {
    key: "confirm",
    title: "确认收到申请",
    button: "确认收到",
    fields: [on("确认收到日期"), NOTE],
    when: allows("received"),
    intro: () =>
      html`<p>网上或传真提交的申请，以双方确认之日为收到申请之日（第三十一条），答复期限自该日起计算 20 个工作日。</p>`,
    run: (c, p) => c.call(requests.confirm, formInput(p)),
  },
  {
    key: "correction",
    title: "告知补正",
    button: "告知补正",
    fields: [
      {
        name: "what",
        label: "需要补正的事项",
        type: "textarea",
        required: true,
        rows: 3,
        maxlength: 2000,
        hint: "一次性告知申请人需要补正的事项（第三十条），补正只能告知一次。",
      },
      { name: "dueOn", label: "补正期限（申请人须在该日前补正）", type: "date", required: true },
      on("告知日期"),
      NOTE,
    ],
    when: allows("correction_requested"),
    intro: (d) =>
      d.correction &&
      html`<p>
        补正告知须在收到申请之日起 7 个工作日内作出（至
        ${day(d.correction.allowedUntil)}）${
          !d.correction.allowed && html`，<strong class="overdue">已超过该期限</strong>`
        }。等待补正期间不计算答复期限，收到补正后重新计算。
      </p>`,
    run: (c, p) => c.call(requests.requestCorrection, formInput(p)),
  },
  {
    key: "correction-received",
    title: "登记收到补正",
    button: "登记收到补正",
    fields: [
      { name: "text", label: "补正内容（书面补正可录入，选填）", type: "textarea", rows: 3, maxlength: 5000 },
      on("收到补正日期"),
      NOTE,
    ],
    when: allows("correction_received"),
    intro: () => html`<p>申请人也可以在办理进度查询页面提交补正。答复期限自收到补正之日起重新计算。</p>`,
    run: (c, p) => c.call(requests.correctionReceived, formInput(p)),
  },
  {
    key: "pause",
    title: "征求意见，暂停计时",
    button: "暂停计时",
    fields: [
      {
        name: "type",
        label: "征求意见的对象",
        type: "select",
        required: true,
        options: [
          ["third_party", "征求第三方意见（第三十二条）"],
          ["agency", "征求其他机关意见"],
        ],
      },
      {
        name: "dueOn",
        label: "意见答复期限（选填）",
        type: "date",
        hint: "第三方自收到征求意见书之日起 15 个工作日内提出意见；不填时按 15 个工作日计算。",
      },
      on("暂停日期"),
      NOTE,
    ],
    when: allows("paused"),
    intro: () => html`<p>征求第三方和其他机关意见所需时间不计算在答复期限内（第三十三条）。</p>`,
    run: (c, p) => c.call(requests.pause, formInput(p)),
  },
  {
    key: "resume",
    title: "恢复计时",
    button: "恢复计时",
    fields: [on("恢复日期"), NOTE],
    when: (d) => d.allowedSteps.includes("resumed") && d.pause?.type !== "fee",
    run: (c, p) => c.call(requests.resume, formInput(p)),
  },
  {
    key: "fee-notice",
    title: "收费通知（信息处理费）",
    button: "发出收费通知",
    fields: [
      {
        name: "standard",
        label: "计收方式",
        type: "select",
        required: true,
        options: Object.entries(FEE_STANDARD_LABELS),
      },
      {
        name: "quantity",
        label: "件数或页数",
        type: "number",
        required: true,
        hint: "按件计收填本申请的件数，按量计收填页数。",
      },
      { name: "dueOn", label: "缴费期限（选填）", type: "date", hint: "不填时为通知之日起 20 个工作日。" },
      on("通知日期"),
      NOTE,
    ],
    when: allows("paused"),
    intro: () =>
      html`<p>
        按国办函〔2020〕109号的标准计收，按件或按量二者择一；金额由系统计算。等待缴费期间暂停计时，逾期未缴费的不再处理。
      </p>`,
    run: (c, p) => c.call(requests.feeNotice, formInput(p)),
  },
  {
    key: "fee-paid",
    title: "登记缴费",
    button: "登记已缴费",
    fields: [on("缴费日期"), NOTE],
    when: (d) => d.allowedSteps.includes("resumed") && d.pause?.type === "fee",
    run: (c, p) => c.call(requests.feePaid, formInput(p)),
  },
  {
    key: "extend",
    title: "延长答复期限",
    button: "延长答复期限",
    fields: [
      { name: "days", label: "延长的工作日数（最长 20）", type: "number", required: true },
      {
        name: "approvedBy",
        label: "批准人（政府信息公开工作机构负责人）",
        type: "text",
        required: true,
        maxlength: 100,
      },
      { name: "reason", label: "延长理由", type: "textarea", required: true, rows: 2, maxlength: 1000 },
      on("延长日期"),
      NOTE,
    ],
    when: allows("extended"),
    intro: () => html`<p>答复期限只能延长一次，最长 20 个工作日，须经负责人同意并告知申请人（第三十三条）。</p>`,
    run: (c, p) => c.call(requests.extend, formInput(p)),
  },
  {
    key: "letter",
    title: "签发答复告知书",
    button: "签发答复告知书",
    fields: [],
    when: (d) => d.answer !== null && d.outcome?.via === "answer" && d.letter === null,
    intro: () =>
      html`<p>
        答复时未能签发告知书（签章服务暂不可用）。现在签发后，申请人可凭查询码下载，任何人可凭核验码核验真伪。
      </p>`,
    run: (c, p) => c.call(requests.issueLetter, formInput(p)),
  },
  {
    key: "same-as",
    title: "关联申请相同信息的申请",
    button: "关联",
    fields: [
      {
        name: "otherTrackingCode",
        label: "另一件申请的查询码",
        type: "text",
        required: true,
        maxlength: 40,
        hint: "不同申请人申请公开相同政府信息的，予以关联；12 个月内达到 3 人的，将提示考虑主动公开（第四十四条）。",
      },
    ],
    when: () => true,
    run: (c, p) => c.call(requests.linkSameAs, formInput(p)),
  },
  {
    key: "archive",
    title: "归档",
    button: "归档",
    fields: [on("归档日期"), NOTE],
    when: allows("archived"),
    run: (c, p) => c.call(requests.archive, formInput(p)),
  },
  {
    key: "remedy",
    title: "登记行政复议或行政诉讼",
    button: "登记",
    fields: [
      { name: "kind", label: "类别", type: "select", required: true, options: Object.entries(REMEDY_KIND_LABELS) },
      { name: "filedOn", label: "提起日期", type: "date", today: true },
      {
        name: "outcome",
        label: "结果",
        type: "select",
        required: true,
        options: Object.entries(REMEDY_OUTCOME_LABELS),
        value: "pending",
      },
      { name: "decidedOn", label: "审结日期（已审结的填写）", type: "date" },
      NOTE,
    ],
    when: () => true,
    intro: () => html`<p>申请人对答复不服提起的行政复议、行政诉讼及其结果，计入年度报告表四。</p>`,
    run: (c, p) => c.call(requests.addRemedy, formInput(p)),
  },
];

/** A form's inputs as the action's params: every field filled in, trimmed; blanks left out. */
export function paramsOf(form: StepForm | { key: string; fields: readonly FieldDef[] }, values: URLSearchParams) {
  const params: Record<string, unknown> = {};
  for (const f of form.fields) {
    const v = values.get(`${form.key}.${f.name}`)?.trim();
    if (v) params[f.name] = v;
  }
  return params;
}

function stateOf(state: FormState | undefined, key: string): { errors: FieldErrors; values: URLSearchParams } {
  return state?.form === key ? state : { errors: {}, values: new URLSearchParams() };
}

/** One field of a step form, its input named `<form>.<field>`. */
export function input(key: string, f: FieldDef, errors: FieldErrors, values: URLSearchParams): SafeHtml {
  const name = `${key}.${f.name}`;
  const value = values.get(name) ?? (f.today ? chinaToday() : f.value);
  const common = { name, label: f.label, value, errors, hint: f.hint, required: f.required, maxlength: f.maxlength };
  if (f.type === "textarea") return textarea({ ...common, rows: f.rows });
  if (f.type === "select") return select({ ...common, options: f.options ?? [], blank: f.blank ?? "请选择" });
  return field({ ...common, type: f.type, ...(f.type === "number" ? { step: "1" } : {}) });
}

/** The labels of every form's inputs, for the error summary's links. */
export const INPUT_LABELS: Record<string, string> = Object.fromEntries(
  STEP_FORMS.flatMap((form) => form.fields.map((f) => [`${form.key}.${f.name}`, f.label])),
);

export function stepFormHtml(
  form: StepForm,
  d: RequestDetail,
  c: ConsoleContext,
  state: FormState | undefined,
): SafeHtml {
  const { errors, values } = stateOf(state, form.key);
  return html`<section aria-labelledby="h-${form.key}" id="form-${form.key}">
    <h2 id="h-${form.key}">${form.title}</h2>
    ${form.intro?.(d)} ${state?.form === form.key && errorSummary(errors, INPUT_LABELS)}
    <form method="post" action="/console/requests/${d.id}/${form.key}" novalidate>
      ${csrfField(c.csrf)} ${form.fields.map((f) => input(form.key, f, errors, values))}
      <button type="submit" class="primary">${form.button}</button>
    </form>
  </section>`;
}

// ---- the answer: its type grouped as table 三, its text, and what it says of each document

/** Rows of documents the answer form offers. */
export const ANSWER_ROWS = 5;

const ANSWER_FIELDS: readonly FieldDef[] = [
  { name: "type", label: "答复类型", type: "select", required: true },
  { name: "text", label: "答复内容", type: "textarea", required: true, rows: 8, maxlength: 20000 },
  on("答复日期"),
  {
    name: "fee",
    label: "收取信息处理费（元，选填）",
    type: "number",
    hint: "按《政府信息公开信息处理费管理办法》收费的，填写金额；不收费的不填。",
  },
  {
    name: "reviewOrgan",
    label: "行政复议机关（选填）",
    type: "text",
    maxlength: 200,
    hint: "写入答复告知书的救济途径；不填则只写法定期限。",
  },
  { name: "court", label: "管辖法院（选填）", type: "text", maxlength: 200 },
  NOTE,
];

const GROUND_OPTIONS = ITEM_WITHHOLDING_GROUNDS.map(
  (code) =>
    [
      code,
      `${ANSWER_TYPES.find((t) => t.code === code)?.row ?? ""} ${ANSWER_TYPES.find((t) => t.code === code)?.shortLabel ?? code}`,
    ] as const,
);

/** The answer's type as a select grouped by the rows of the annual report's table 三. */
function answerTypeSelect(errors: FieldErrors, values: URLSearchParams): SafeHtml {
  const error = errors["answer.type"];
  const current = values.get("answer.type") ?? "";
  const described = ["f-answer-type-hint", error && "f-answer-type-error"].filter(Boolean).join(" ");
  return html`<div class="field${error ? " has-error" : ""}">
    <label for="f-answer-type">答复类型<span class="req" aria-hidden="true">*</span></label>
    <p class="hint" id="f-answer-type-hint">按政府信息公开工作年度报告表三的办理结果分类，每件申请只计一种。</p>
    ${error && html`<p class="field-error" id="f-answer-type-error"><span class="visually-hidden">错误：</span>${error}</p>`}
    <select
      id="f-answer-type"
      name="answer.type"
      required
      aria-describedby="${described}"
      ${error && raw('aria-invalid="true"')}
    >
      <option value="">请选择</option>
      ${answerTypeGroups().map(
        (g) =>
          html`<optgroup label="${g.label}">
            ${g.options.map(([v, label]) => html`<option value="${v}" ${v === current && raw("selected")}>${label}</option>`)}
          </optgroup>`,
      )}
    </select>
  </div>`;
}

function itemRow(i: number, errors: FieldErrors, values: URLSearchParams): SafeHtml {
  const key = `answer.items.${i}`;
  const row = (name: string, def: Omit<FieldDef, "name">) => input(key, { ...def, name }, errors, values);
  return html`<fieldset class="group">
    <legend>文件或信息 ${i + 1}</legend>
    ${row("title", { label: "名称或文号", type: "text", maxlength: 500 })}
    ${row("mark", { label: "处理结果", type: "select", options: Object.entries(ANSWER_ITEM_MARKS), blank: "（未填写）" })}
    ${row("where", { label: "已主动公开的：公开的位置", type: "text", maxlength: 500 })}
    ${row("withheld", { label: "部分提供的：不予提供的部分", type: "text", maxlength: 1000 })}
    ${row("ground", { label: "不予提供或部分提供的理由", type: "select", options: GROUND_OPTIONS, blank: "—" })}
  </fieldset>`;
}

/** The answer's params, and the form's row of each item sent (rows left blank are not sent). */
export function answerParamsOf(values: URLSearchParams): { params: Record<string, unknown>; rows: number[] } {
  const params = paramsOf({ key: "answer", fields: ANSWER_FIELDS }, values);
  const items: Record<string, unknown>[] = [];
  const rows: number[] = [];
  for (let i = 0; i < ANSWER_ROWS; i++) {
    const get = (name: string) => values.get(`answer.items.${i}.${name}`)?.trim() ?? "";
    if (!get("title") && !get("mark")) continue;
    const result: Record<string, string> = { mark: get("mark") };
    for (const name of ["where", "withheld", "ground"]) if (get(name)) result[name] = get(name);
    items.push({ title: get("title"), result });
    rows.push(i);
  }
  if (items.length) params.items = items;
  return { params, rows };
}

/** The form's input of an answer field the service names (`items.0.result.mark` → the row's `mark`). */
export function answerInputOf(apiField: string, rows: readonly number[]): string | undefined {
  if (!apiField) return undefined;
  const item = /^items\.(\d+)(?:\.result)?\.(\w+)$/.exec(apiField);
  if (item) return `answer.items.${rows[Number(item[1])] ?? item[1]}.${item[2]}`;
  return `answer.${apiField}`;
}

export function answerFormHtml(d: RequestDetail, c: ConsoleContext, state: FormState | undefined): SafeHtml {
  const { errors, values } = stateOf(state, "answer");
  const itemsError = errors["answer.items"];
  return html`<section aria-labelledby="h-answer" id="form-answer">
    <h2 id="h-answer">答复</h2>
    <p>答复内容将在申请人的办理进度查询页面显示（申请人的个人信息已遮盖）。</p>
    ${state?.form === "answer" && errorSummary(errors, { ...INPUT_LABELS, "answer.type": "答复类型", "answer.text": "答复内容", "answer.items": "所涉文件" })}
    <form method="post" action="/console/requests/${d.id}/answer" novalidate>
      ${csrfField(c.csrf)} ${answerTypeSelect(errors, values)}
      ${ANSWER_FIELDS.slice(1).map((f) => input("answer", f, errors, values))}
      <div class="field${itemsError ? " has-error" : ""}" id="f-answer-items">
        <h3>所涉文件或信息（选填）</h3>
        <p class="hint">逐项列明找到的文件或信息及其处理结果；不填的行不提交。处理结果须与答复类型一致。</p>
        ${itemsError && html`<p class="field-error"><span class="visually-hidden">错误：</span>${itemsError}</p>`}
        ${Array.from({ length: ANSWER_ROWS }, (_, i) => itemRow(i, errors, values))}
      </div>
      <button type="submit" class="primary">登记答复</button>
    </form>
  </section>`;
}

// ---- a remedy's outcome, once decided

export const REMEDY_OUTCOME_FIELDS: readonly FieldDef[] = [
  { name: "outcome", label: "结果", type: "select", required: true, options: Object.entries(REMEDY_OUTCOME_LABELS) },
  { name: "decidedOn", label: "审结日期", type: "date", today: true },
  NOTE,
];

/** The form of the remedy at `index` of the request's list: its inputs named `remedy-<index>.<field>`. */
export function remedyOutcomeKey(index: number): string {
  return `remedy-${index}`;
}

export function remedyOutcomeFormHtml(
  d: RequestDetail,
  index: number,
  c: ConsoleContext,
  state: FormState | undefined,
): SafeHtml {
  const key = remedyOutcomeKey(index);
  const { errors, values } = stateOf(state, key);
  return html`<form method="post" action="/console/requests/${d.id}/remedy-outcome" novalidate>
    ${csrfField(c.csrf)}<input type="hidden" name="remedy" value="${index}" />
    ${state?.form === key && errorSummary(errors)} ${REMEDY_OUTCOME_FIELDS.map((f) => input(key, f, errors, values))}
    <button type="submit">登记结果</button>
  </form>`;
}
