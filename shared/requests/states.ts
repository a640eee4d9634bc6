/**
 * The life of a request (登记、审核、办理、答复、归档) and which step may follow which.
 *
 *   submitted ─confirm→ received ─┬─ correction_requested ─ correction_received → received …
 *   (online, fax)       (registered in person, by post or letter start here)
 *                                 ├─ paused ⇄ (resumed)      the clock stops while paused
 *                                 ├─ extended                once, at most 20 working days
 *                                 └─ answered → archived
 *   correction_requested, paused ─ lapsed → closed → archived   (逾期不补正, 逾期未缴费)
 *
 * `extended` is `received` after the one extension; a pause or a corrected request returns to
 * `extended` once the request has been extended.
 */
import { RequestRefusalError } from "./refusals.js";

export const REQUEST_STATES = [
  "submitted", // 待确认收到
  "received", // 办理中
  "correction_requested", // 待补正
  "paused", // 暂停计时（征求意见、待缴费）
  "extended", // 已延期
  "answered", // 已答复
  "closed", // 已终止（逾期不补正、逾期未缴费）
  "archived", // 已归档
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_STATE_LABELS: Record<RequestState, string> = {
  submitted: "待确认收到",
  received: "办理中",
  correction_requested: "待补正",
  paused: "暂停计时",
  extended: "已延期",
  answered: "已答复",
  closed: "已终止",
  archived: "已归档",
};

export const REQUEST_EVENT_KINDS = [
  "submitted", // 网上或传真提交
  "received", // 收到（确认收到、登记）
  "correction_requested", // 补正告知
  "correction_received", // 收到补正
  "extended", // 延期
  "paused", // 征求意见或收费，暂停计时
  "resumed", // 恢复计时
  "answered", // 答复
  "lapsed", // 逾期不补正、逾期未缴费，终止
  "archived", // 归档
] as const;
export type RequestEventKind = (typeof REQUEST_EVENT_KINDS)[number];

/** States in which the request is open: the answer is still owed or awaited. */
export const OPEN_STATES: readonly RequestState[] = [
  "submitted",
  "received",
  "correction_requested",
  "paused",
  "extended",
];
export const FINAL_STATES: readonly RequestState[] = ["answered", "closed", "archived"];

/** The 20-day clock runs (it stops while paused, and has not started before receipt or a 补正). */
export const RUNNING_STATES: readonly RequestState[] = ["received", "extended"];

/** The steps each state allows. The first step of a request is `submitted` or `received`. */
const STEPS: Record<RequestState, readonly RequestEventKind[]> = {
  submitted: ["received"],
  received: ["correction_requested", "extended", "paused", "answered"],
  correction_requested: ["correction_received", "answered", "lapsed"],
  paused: ["resumed", "extended", "answered", "lapsed"],
  extended: ["correction_requested", "paused", "answered"],
  answered: ["archived"],
  closed: ["archived"],
  archived: [],
};
const FIRST_STEPS: readonly RequestEventKind[] = ["submitted", "received"];

/** What the state alone does not tell. */
export interface TransitionContext {
  /** The answer period has been extended (it may be only once). */
  extended: boolean;
  /** A 补正 has been asked for (it may be only once). */
  correctionRequested: boolean;
}

/** The steps allowed from `from` (null: a request not yet registered). */
export function allowedSteps(from: RequestState | null, ctx: TransitionContext): RequestEventKind[] {
  if (from === null) return [...FIRST_STEPS];
  return STEPS[from].filter(
    (k) => !(k === "extended" && ctx.extended) && !(k === "correction_requested" && ctx.correctionRequested),
  );
}

/**
 * The state after a step, or a 409: REQUEST_FINAL once answered, closed or archived (archiving
 * aside), ALREADY_EXTENDED and CORRECTION_ALREADY_REQUESTED for a second extension or 补正,
 * ILLEGAL_TRANSITION for any other step the state does not allow.
 */
export function transition(from: RequestState | null, step: RequestEventKind, ctx: TransitionContext): RequestState {
  const allowed = from === null ? FIRST_STEPS : STEPS[from];
  if (from !== null && FINAL_STATES.includes(from) && !allowed.includes(step)) {
    throw new RequestRefusalError("REQUEST_FINAL", `the request is ${from}; only archiving remains`);
  }
  if (step === "extended" && ctx.extended) {
    throw new RequestRefusalError("ALREADY_EXTENDED", "the answer period may be extended only once");
  }
  if (step === "correction_requested" && ctx.correctionRequested) {
    throw new RequestRefusalError("CORRECTION_ALREADY_REQUESTED", "a 补正 is asked for once only");
  }
  if (!allowed.includes(step)) {
    throw new RequestRefusalError("ILLEGAL_TRANSITION", `cannot ${step} a request that is ${from ?? "not registered"}`);
  }
  switch (step) {
    case "submitted":
    case "received":
    case "correction_requested":
    case "answered":
    case "archived":
      return step;
    case "extended":
      return from === "paused" ? "paused" : "extended";
    case "paused":
      return "paused";
    case "correction_received":
    case "resumed":
      return ctx.extended ? "extended" : "received";
    case "lapsed":
      return "closed";
  }
}
