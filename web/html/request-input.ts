/**
 * What the portal's request form and the console's registration form share (依申请公开): the form's
 * inputs read into the requests service's params, the service's field names back to the form's,
 * and the Chinese words for a request's steps. The service checks every value (shared/requests);
 * here nothing is judged, only carried.
 */
import {
  APPLICANT_KINDS,
  APPLICANT_KIND_LABELS,
  DELIVERY_METHOD_LABELS,
  ID_TYPE_LABELS,
  PROVISION_FORM_LABELS,
  type ApplicantKind,
} from "../../shared/requests.js";

/** The form's names of the request's inputs (the applicant's and the contact's flattened). */
export const REQUEST_INPUTS = [
  "kind",
  "name",
  "idType",
  "idNumber",
  "creditCode",
  "contactPerson",
  "phone",
  "email",
  "address",
  "bodyId",
  "description",
  "form",
  "delivery",
] as const;
export type RequestInputName = (typeof REQUEST_INPUTS)[number];

/** A form's values by name; blank for none. */
export type FormValues = Partial<Record<string, string>>;

const filled = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

function isKind(v: string | undefined): v is ApplicantKind {
  return (APPLICANT_KINDS as readonly string[]).includes(v ?? "");
}

/**
 * The request's content as the service takes it (`SubmitParams`, and the same part of
 * `RegisterParams`): a person's document or an organisation's credit code, by the kind chosen;
 * only the fields filled in. Left for the service to refuse: what is missing or wrong.
 */
export function requestContentOf(v: FormValues): Record<string, unknown> {
  const kind = isKind(v.kind) ? v.kind : undefined;
  const person = kind === "natural_person";
  const applicant: Record<string, string> = { name: v.name?.trim() ?? "" };
  if (kind) applicant.kind = kind;
  const take = (key: string, into: Record<string, string>) => {
    const value = filled(v[key]);
    if (value) into[key] = value;
  };
  if (person) {
    take("idType", applicant);
    take("idNumber", applicant);
  } else if (kind) {
    take("creditCode", applicant);
    take("contactPerson", applicant);
  }
  const contact: Record<string, string> = {};
  for (const key of ["phone", "email", "address"]) take(key, contact);
  return {
    bodyId: v.bodyId ?? "",
    applicant,
    contact,
    description: v.description ?? "",
    ...(filled(v.form) ? { form: filled(v.form) } : {}),
    ...(filled(v.delivery) ? { delivery: filled(v.delivery) } : {}),
  };
}

/** The form's input of a field the service names (`applicant.idNumber` → `idNumber`, `contact.phone` → `phone`). */
export function requestInputOf(apiField: string): string {
  if (apiField === "applicant.type" || apiField === "applicant.kind" || apiField === "applicant") return "kind";
  const m = /^(?:applicant|contact)\.(\w+)/.exec(apiField);
  return m?.[1] ?? apiField;
}

/** The applicant kinds as the form offers them: 自然人, then the organisations under one heading. */
export const ORGANISATION_KINDS = APPLICANT_KINDS.filter((k) => k !== "natural_person").map(
  (k) => [k, APPLICANT_KIND_LABELS[k]] as const,
);
export const ID_TYPE_OPTIONS = Object.entries(ID_TYPE_LABELS);
export const PROVISION_FORM_OPTIONS = Object.entries(PROVISION_FORM_LABELS);
export const DELIVERY_OPTIONS = Object.entries(DELIVERY_METHOD_LABELS);

/** The steps of a request, as the tracking page and the console's trail name them. */
export const REQUEST_STEP_LABELS: Readonly<Record<string, string>> = {
  submitted: "提交申请",
  received: "确认收到申请",
  correction_requested: "告知补正",
  correction_received: "收到补正",
  extended: "延长答复期限",
  paused: "暂停计时",
  resumed: "恢复计时",
  answered: "作出答复",
  lapsed: "终止办理（逾期）",
  archived: "归档",
  // Trail rows without a clock step of their own, or with a more telling name (console only)
  fee_notice: "发出收费通知（暂停计时）",
  fee_paid: "已缴纳信息处理费（恢复计时）",
  remedy: "登记行政复议或行政诉讼",
  remedy_outcome: "登记复议或诉讼结果",
  note: "备注",
};

export function requestStepLabel(kind: string): string {
  return Object.hasOwn(REQUEST_STEP_LABELS, kind) ? (REQUEST_STEP_LABELS[kind] as string) : kind;
}
