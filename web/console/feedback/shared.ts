/** What the feedback queue and item pages share: the view of an item, its labels, flashes and small parts. */
import type { Role } from "../../../lib/auth.js";
import { FEEDBACK_CATEGORY_LABELS, TARGET_LABELS } from "../../html/feedback-labels.js";
import { html, type HtmlValue, pathOf, type SafeHtml } from "../../html/html.js";
import { type ConsoleContext, FLASHES } from "../context.js";
import { labelOf } from "../labels.js";
import { day, type FieldErrors, type Flash, radios } from "../layout.js";
import type { FeedbackView } from "../../../services/feedback/contract.js";

/** Who may handle feedback (the service's HANDLERS); every staff member may read it. */
export const HANDLERS: readonly Role[] = ["admin", "officer"];
export const PAGE_SIZE = 30;

const FLASH_CODES: Record<string, Flash> = {
  ...FLASHES,
  resolved: { kind: "ok", text: "公示已撤下，并已答复反馈人。" },
};

export const TRAIL_LABELS: Record<string, string> = {
  received: "收到反馈",
  accepted: "受理",
  "replied-public": "公开答复",
  "replied-private": "不公开答复",
  closed: "办结",
  spam: "标记为垃圾信息",
};

/** The public pages a target has (officers have none). */
const PUBLIC_PATHS: Record<string, string> = { notice: "notices", power: "powers", body: "bodies" };

export const OPEN = ["received", "accepted"];

export function notFound(): Error {
  return Object.assign(new Error("not found"), { code: 404 });
}

export function flashOf(c: ConsoleContext): Flash | undefined {
  const ok = c.params.ok;
  return ok && Object.hasOwn(FLASH_CODES, ok) ? FLASH_CODES[ok] : undefined;
}

export function categoryLabel(category: string): string {
  return labelOf(FEEDBACK_CATEGORY_LABELS, category);
}

export function targetOf(f: FeedbackView, link: boolean): HtmlValue {
  if (!f.targetType) return "一般反馈（未指定对象）";
  const label = labelOf(TARGET_LABELS, f.targetType);
  const text = f.targetTitle ? `${label}：${f.targetTitle}` : label;
  const path = PUBLIC_PATHS[f.targetType];
  if (!link || !path || !f.targetId) return text;
  return html`${text}（<a href="${pathOf(path, f.targetId)}">查看公开页面</a>）`;
}

export function dueOf(f: FeedbackView): HtmlValue {
  const due = `${day(f.dueBy)}${f.dueByProvisional ? "（暂定）" : ""}`;
  return f.overdue ? html`<span class="overdue">已逾期（应于 ${due} 前答复）</span>` : due;
}

export function excerpt(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function publicChoice(name: string, f: FeedbackView, values: URLSearchParams, errors: FieldErrors): SafeHtml {
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
export function publicFlag(v: string | null): boolean | undefined {
  return v === "public" ? true : v === "private" ? false : undefined;
}

/** A 409 from the feedback or results service, in Chinese. */
export function conflictMessage(err: unknown): string | undefined {
  const e = err as { code?: number; type?: string };
  if (e.code !== 409) return undefined;
  if (e.type === "ILLEGAL_TRANSITION")
    return "该反馈的状态已经改变（可能已被他人办结或标记），不能再执行此操作。请查看最新状态。";
  if (e.type === "NOT_PUBLISHED") return "该公示已不在公示中（可能已撤下），不能撤下。";
  if (e.type === "NOT_A_CORRECTION") return "只有针对公示的纠错反馈才能直接撤下或更正公示。";
  if (e.type === "WITHDRAWN") return "该公示已撤下，不能更正。";
  return undefined;
}

export type FormName = "accept" | "reply" | "close" | "resolve";

export interface FormState {
  form: FormName;
  errors: FieldErrors;
  values: URLSearchParams;
}

export const FIELD_LABELS: Record<string, string> = {
  acceptNote: "受理说明",
  reply: "答复内容",
  public: "答复是否公开",
  closeNote: "办结说明",
  reason: "撤下原因",
  resolveReply: "答复内容",
  resolvePublic: "答复是否公开",
  confirm: "确认撤下",
};
