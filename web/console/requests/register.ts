/**
 * 登记申请: a request received in person, by post (signed for), by ordinary letter or by fax,
 * registered by the body's officer with its day of receipt (Art. 31) — the clock runs from that day.
 * The same applicant and content as the portal's form (web/html/request-input.ts); an
 * administrator first chooses the body.
 */
import { chinaToday } from "../../../shared/dates.js";
import { RECEIPT_CHANNEL_LABELS } from "../../../shared/requests.js";
import { formInput } from "../../../lib/contract.js";
import { feed } from "../../../services/feed/contract.js";
import { REGISTER_CHANNELS, requests, type RegisterParams } from "../../../services/requests/contract.js";
import { html } from "../../html/html.js";
import {
  DELIVERY_OPTIONS,
  ID_TYPE_OPTIONS,
  ORGANISATION_KINDS,
  PROVISION_FORM_OPTIONS,
  REQUEST_INPUTS,
  requestContentOf,
  requestInputOf,
} from "../../html/request-input.js";
import { allItems, value, type ConsoleContext } from "../context.js";
import { csrfField, errorSummary, field, fieldErrorsOf, select, textarea, type FieldErrors } from "../layout.js";

const LABELS: Record<string, string> = {
  channel: "收到方式",
  receivedOn: "收到申请日期",
  submittedOn: "传真发送日期",
  kind: "申请人类别",
  name: "姓名或名称",
  idType: "证件类型",
  idNumber: "证件号码",
  creditCode: "统一社会信用代码",
  contactPerson: "联系人",
  contact: "联系方式",
  phone: "联系电话",
  email: "电子邮箱",
  address: "通信地址",
  bodyId: "受理机关",
  description: "所需政府信息的描述",
  form: "提供形式",
  delivery: "获取方式",
  note: "登记说明",
};

const KIND_OPTIONS: [string, string][] = [
  ["natural_person", "自然人"],
  ...ORGANISATION_KINDS.map(([k, label]) => [k, `法人或其他组织：${label}`] as [string, string]),
];

/** The body the request is for: the officer's own; an administrator names it. */
function bodyOf(c: ConsoleContext): string | undefined {
  return c.user.role === "admin" ? (value(c.form, "bodyId") ?? c.params.bodyId) : (c.user.bodyId ?? undefined);
}

export async function registerPage(c: ConsoleContext, status = 200, errors: FieldErrors = {}): Promise<void> {
  const bodyId = bodyOf(c);
  if (!bodyId) {
    const bodies = await allItems(c, feed.listBodies, { counts: false });
    return c.render(200, {
      title: "登记申请",
      active: "requests",
      body: html`<h1>登记政府信息公开申请</h1>
        <form method="get" action="/console/requests/new">
          ${select({ name: "bodyId", label: "受理机关", options: bodies.map((b) => [b.id, b.name]), required: true })}
          <button type="submit">下一步</button>
        </form>`,
    });
  }
  const f = c.form;
  const v = (name: string) => f.get(name) ?? undefined;
  c.render(status, {
    title: "登记申请",
    active: "requests",
    body: html`<p><a href="/console/requests">返回申请列表</a></p>
      <h1>登记政府信息公开申请</h1>
      <p class="lead">
        登记当面提交、邮寄、平常信函或传真收到的申请。答复期限自收到申请之日起计算：当面提交为提交之日，邮寄为签收之日，平常信函为与申请人确认之日，传真为双方确认之日（第三十一条）。网上提交的申请在列表中确认收到即可，无须登记。
      </p>
      ${errorSummary(errors, LABELS)}
      <form method="post" action="/console/requests/new" novalidate>
        ${csrfField(c.csrf)}
        <input type="hidden" name="bodyId" value="${bodyId}" />
        <fieldset class="group">
          <legend>收到</legend>
          ${select({
            name: "channel",
            label: LABELS.channel as string,
            options: REGISTER_CHANNELS.map((ch) => [ch, RECEIPT_CHANNEL_LABELS[ch]]),
            value: v("channel"),
            blank: "请选择",
            errors,
            required: true,
          })}
          ${field({ name: "receivedOn", label: LABELS.receivedOn as string, type: "date", value: v("receivedOn") ?? chinaToday(), errors, required: true })}
          ${field({ name: "submittedOn", label: LABELS.submittedOn as string, type: "date", value: v("submittedOn"), errors, hint: "仅传真填写：申请人发送传真的日期；不填时与收到日期相同。" })}
        </fieldset>
        <fieldset class="group">
          <legend>申请人</legend>
          ${select({ name: "kind", label: LABELS.kind as string, options: KIND_OPTIONS, value: v("kind"), blank: "请选择", errors, required: true })}
          ${field({ name: "name", label: LABELS.name as string, value: v("name"), errors, required: true, maxlength: 200 })}
          ${select({ name: "idType", label: "证件类型（自然人）", options: ID_TYPE_OPTIONS, value: v("idType"), blank: "请选择", errors })}
          ${field({ name: "idNumber", label: "证件号码（自然人）", value: v("idNumber"), errors, maxlength: 40 })}
          ${field({ name: "creditCode", label: "统一社会信用代码（法人或其他组织）", value: v("creditCode"), errors, maxlength: 40 })}
          ${field({ name: "contactPerson", label: "联系人（法人或其他组织）", value: v("contactPerson"), errors, maxlength: 100 })}
        </fieldset>
        <fieldset class="group" id="f-contact">
          <legend>联系方式（至少填写一项）</legend>
          ${errors.contact && html`<p class="field-error"><span class="visually-hidden">错误：</span>${errors.contact}</p>`}
          ${field({ name: "phone", label: LABELS.phone as string, type: "tel", value: v("phone"), errors, maxlength: 40 })}
          ${field({ name: "email", label: LABELS.email as string, type: "email", value: v("email"), errors, maxlength: 200 })}
          ${field({ name: "address", label: LABELS.address as string, value: v("address"), errors, maxlength: 300 })}
        </fieldset>
        ${textarea({
          name: "description",
          label: LABELS.description as string,
          hint: "信息的名称、文号或者便于查询的其他特征。",
          value: v("description"),
          errors,
          required: true,
          rows: 5,
          maxlength: 5000,
        })}
        ${select({ name: "form", label: LABELS.form as string, options: PROVISION_FORM_OPTIONS, value: v("form") ?? "paper", errors })}
        ${select({ name: "delivery", label: LABELS.delivery as string, options: DELIVERY_OPTIONS, value: v("delivery") ?? "post", errors })}
        ${textarea({ name: "note", label: "登记说明（选填，仅内部记录）", value: v("note"), errors, rows: 2, maxlength: 1000 })}
        <button type="submit" class="primary">登记</button>
      </form>`,
  });
}

/** The registration's params from the form. */
export function registerParamsOf(c: ConsoleContext): RegisterParams {
  const f = c.form;
  const values = Object.fromEntries(REQUEST_INPUTS.map((k) => [k, f.get(k) ?? undefined]));
  return formInput({
    ...requestContentOf({ ...values, bodyId: bodyOf(c) ?? "" }),
    channel: f.get("channel") ?? "",
    receivedOn: f.get("receivedOn") ?? "",
    ...(value(f, "submittedOn") ? { submittedOn: value(f, "submittedOn") } : {}),
    ...(value(f, "note") ? { note: value(f, "note") } : {}),
  });
}

export async function registerPost(c: ConsoleContext): Promise<void> {
  try {
    const created = await c.call(requests.register, registerParamsOf(c));
    c.redirect(`/console/requests/${created.id}?ok=registered`);
  } catch (err) {
    const errors = fieldErrorsOf(err, (apiField) => (apiField ? requestInputOf(apiField) : undefined));
    if (!errors) throw err;
    await registerPage(c, (err as { code?: number }).code === 409 ? 409 : 422, errors);
  }
}
