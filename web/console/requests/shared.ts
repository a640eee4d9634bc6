/** What the console's 依申请公开 pages share: labels, flash messages, the clock's words and badges. */
import { WRITERS, type Role } from "../../../lib/auth.js";
import {
  ANSWER_GROUPS,
  ANSWER_TYPES,
  ANSWERABLE_TYPE_CODES,
  REQUEST_STATE_LABELS,
  type AnswerGroup,
} from "../../../shared/requests.js";
import type { ClockView } from "../../../services/requests/contract.js";
import { html, type HtmlValue } from "../../html/html.js";
import { type ConsoleContext, FLASHES } from "../context.js";
import { day, type Flash } from "../layout.js";

/** Who handles requests (the service's roles): reviewers do not see them. */
export const REQUEST_ROLES: readonly Role[] = WRITERS;
export const PAGE_SIZE = 30;

const FLASH_CODES: Record<string, Flash> = {
  ...FLASHES,
  registered: { kind: "ok", text: "申请已登记，答复期限自收到之日起计算。" },
  confirm: { kind: "ok", text: "已确认收到申请，答复期限开始计算。" },
  correction: { kind: "ok", text: "已告知补正，等待申请人补正期间不计算答复期限。" },
  "correction-received": { kind: "ok", text: "已登记收到补正，答复期限自该日起重新计算。" },
  pause: { kind: "ok", text: "已暂停计时。" },
  resume: { kind: "ok", text: "已恢复计时。" },
  extend: { kind: "ok", text: "已延长答复期限，请告知申请人。" },
  "fee-notice": { kind: "ok", text: "已登记收费通知，等待缴费期间暂停计时。" },
  "fee-paid": { kind: "ok", text: "已登记缴费，恢复计时。" },
  answer: { kind: "ok", text: "已登记答复。答复告知书签发后，申请人可凭查询码下载。" },
  letter: { kind: "ok", text: "答复告知书已签发。" },
  attachment: { kind: "ok", text: "附件已上传，隐藏信息已清除。" },
  "same-as": { kind: "ok", text: "已关联。不同申请人申请相同信息达到 3 人的，将提示考虑主动公开。" },
  "task-done": { kind: "ok", text: "主动公开任务已办结。" },
  archive: { kind: "ok", text: "已归档。" },
  remedy: { kind: "ok", text: "已登记行政复议或行政诉讼。" },
  "remedy-outcome": { kind: "ok", text: "已登记复议或诉讼结果。" },
};

export function flashOf(c: ConsoleContext): Flash | undefined {
  const ok = c.params.ok;
  return ok && Object.hasOwn(FLASH_CODES, ok) ? FLASH_CODES[ok] : undefined;
}

export function notFound(): Error {
  return Object.assign(new Error("not found"), { code: 404 });
}

/** The queue's choices of state: open (default), ended, all, or one state. */
export const LIST_STATE_LABELS: Record<string, string> = {
  open: "未办结（全部）",
  final: "已办结（全部）",
  all: "全部",
  ...REQUEST_STATE_LABELS,
};

/** The due date as the console shows it, provisional when the calendar lacks the year. */
export function dueText(v: Pick<ClockView, "dueBy" | "dueByProvisional" | "status">): string {
  if (!v.dueBy) return v.status === "submitted" ? "待确认收到" : v.status === "correction_requested" ? "待补正" : "—";
  return `${day(v.dueBy)}${v.dueByProvisional ? "（暂定）" : ""}`;
}

/** Working days left, overdue by, or why none are counted; with the 5-working-day warning as a badge. */
export function clockCell(v: ClockView): HtmlValue {
  if (v.overdue) return html`<span class="overdue">已逾期 ${v.overdueBy} 个工作日</span>`;
  if (v.workingDaysLeft === null) return "—";
  const soon = v.warnings.find((w) => w.type === "due_soon");
  const paused = v.status === "paused" ? "（暂停计时）" : "";
  return html`剩 ${v.workingDaysLeft} 个工作日${paused}${soon && html` <span class="badge warn">即将到期</span>`}`;
}

/** The answer types an officer chooses from, grouped as the rows of the annual report's table 三. */
export function answerTypeGroups(): { label: string; options: [string, string][] }[] {
  const groups = new Map<AnswerGroup, [string, string][]>();
  for (const t of ANSWER_TYPES) {
    if (!ANSWERABLE_TYPE_CODES.includes(t.code)) continue;
    const list = groups.get(t.group) ?? [];
    list.push([t.code, `${t.row} ${t.shortLabel}`]);
    groups.set(t.group, list);
  }
  return [...groups].map(([group, options]) => ({
    label: `${ANSWER_GROUPS[group].row} ${ANSWER_GROUPS[group].label}`,
    options,
  }));
}

export const ANSWER_TYPE_LABELS: Record<string, string> = Object.fromEntries(
  ANSWER_TYPES.map((t) => [t.code, t.shortLabel]),
);

export function excerpt(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
