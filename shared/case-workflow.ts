/**
 * The life of an enforcement case (事中, 全过程记录): which moves are legal from which state.
 * Deciding is not a plain move: it happens only through the decision endpoint, which also
 * creates the result, and it needs an approving legal review (法制审核) when the case is major.
 */
export const CASE_STATES = [
  "registered", // 立案
  "investigating", // 调查取证
  "notified", // 告知
  "review", // 法制审核
  "decided", // 决定
  "served", // 送达
  "executed", // 执行
  "closed", // 结案
  "terminated", // 撤销/终止
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const FINAL_STATES: readonly CaseState[] = ["closed", "terminated"];

/** Moves through POST /transitions; "decided" is reached only by the decision endpoint. */
const MOVES: Record<CaseState, readonly CaseState[]> = {
  registered: ["investigating"],
  investigating: ["notified"],
  notified: ["review", "investigating"],
  review: ["investigating"],
  decided: ["served"],
  served: ["executed", "closed"],
  executed: ["closed"],
  closed: [],
  terminated: [],
};

/** The states a case may be moved to from `from` with POST /transitions (deciding is separate). */
export function nextStates(from: CaseState): CaseState[] {
  return FINAL_STATES.includes(from) ? [] : [...MOVES[from], "terminated"];
}

export interface ReviewState {
  /** The case needs 法制审核 before a decision (重大执法决定, or a fine above the threshold). */
  required: boolean;
  /** The latest review of the current review round, if any. */
  latest?: { approve: boolean };
}

export type MoveCheck = { ok: true } | { ok: false; reason: string; type: string };

export function checkMove(from: CaseState, to: CaseState, review: ReviewState): MoveCheck {
  if (FINAL_STATES.includes(from)) {
    return { ok: false, reason: `the case is ${from}; nothing more can happen to it`, type: "CASE_FINAL" };
  }
  if (to === "terminated") return { ok: true };
  if (to === "decided") {
    return { ok: false, reason: "a decision is recorded with POST /api/cases/:id/decision", type: "USE_DECISION" };
  }
  if (!MOVES[from].includes(to)) {
    const allowed = [...MOVES[from], "terminated"].join(", ");
    return { ok: false, reason: `cannot move from ${from} to ${to}; allowed: ${allowed}`, type: "ILLEGAL_TRANSITION" };
  }
  if (from === "review" && to === "investigating" && review.latest?.approve !== false) {
    return {
      ok: false,
      reason: "the case returns to investigation only after a rejecting review",
      type: "REVIEW_PENDING",
    };
  }
  return { ok: true };
}

/** May a decision be recorded now? */
export function checkDecision(from: CaseState, review: ReviewState): MoveCheck {
  if (from === "review") {
    if (review.latest?.approve === true) return { ok: true };
    return { ok: false, reason: "the legal review (法制审核) has not approved this case", type: "REVIEW_NOT_APPROVED" };
  }
  if (from !== "notified") {
    return {
      ok: false,
      reason: `a decision needs the case in notified (or approved review), not ${from}`,
      type: "ILLEGAL_TRANSITION",
    };
  }
  if (review.required) {
    return {
      ok: false,
      reason: "重大执法决定: the case needs an approving legal review (法制审核) before a decision",
      type: "REVIEW_REQUIRED",
    };
  }
  return { ok: true };
}

export function isOpen(state: CaseState): boolean {
  return !FINAL_STATES.includes(state);
}
