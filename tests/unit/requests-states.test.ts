import { describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../shared/calendar.js";
import { errorMessageOf, problemMessageOf } from "../../shared/messages.js";
import {
  REFUSAL_STATUS,
  REQUEST_STATES,
  REQUEST_STATE_LABELS,
  RequestRefusalError,
  allowedSteps,
  appendRequestEvent,
  transition,
  type RequestEvent,
  type RequestState,
} from "../../shared/requests.js";

const calendar = WorkingCalendar.official();
const plain = { extended: false, correctionRequested: false };

function refusal(run: () => unknown): { type: string; status: number; field?: string } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(RequestRefusalError);
    const e = err as RequestRefusalError;
    return { type: e.type, status: e.status, field: e.field };
  }
  throw new Error("expected a refusal");
}

describe("transition", () => {
  it("walks a request from registration to the archive", () => {
    let state: RequestState | null = null;
    const ctx = { extended: false, correctionRequested: false };
    for (const [step, to] of [
      ["submitted", "submitted"],
      ["received", "received"],
      ["correction_requested", "correction_requested"],
      ["correction_received", "received"],
      ["paused", "paused"],
      ["resumed", "received"],
      ["extended", "extended"],
      ["paused", "paused"],
      ["resumed", "extended"],
      ["answered", "answered"],
      ["archived", "archived"],
    ] as const) {
      state = transition(state, step, ctx);
      expect(state).toBe(to);
      if (step === "extended") ctx.extended = true;
      if (step === "correction_requested") ctx.correctionRequested = true;
    }
  });

  it("keeps an extension granted during a pause paused, and resumes into extended", () => {
    expect(transition("paused", "extended", plain)).toBe("paused");
    expect(transition("paused", "resumed", { ...plain, extended: true })).toBe("extended");
    expect(transition("correction_requested", "correction_received", { ...plain, extended: true })).toBe("extended");
  });

  it("closes a lapsed request, and archives it", () => {
    expect(transition("correction_requested", "lapsed", plain)).toBe("closed");
    expect(transition("paused", "lapsed", plain)).toBe("closed");
    expect(transition("closed", "archived", plain)).toBe("archived");
  });

  it("refuses moves the state does not allow (409)", () => {
    expect(refusal(() => transition(null, "answered", plain))).toMatchObject({
      type: "ILLEGAL_TRANSITION",
      status: 409,
    });
    expect(refusal(() => transition("submitted", "answered", plain))).toMatchObject({ type: "ILLEGAL_TRANSITION" });
    expect(refusal(() => transition("received", "resumed", plain))).toMatchObject({ type: "ILLEGAL_TRANSITION" });
    expect(refusal(() => transition("paused", "paused", plain))).toMatchObject({ type: "ILLEGAL_TRANSITION" });
    expect(refusal(() => transition("received", "lapsed", plain))).toMatchObject({ type: "ILLEGAL_TRANSITION" });
    expect(refusal(() => transition("received", "archived", plain))).toMatchObject({ type: "ILLEGAL_TRANSITION" });
  });

  it("refuses every step but archiving once answered or closed, and everything once archived", () => {
    for (const from of ["answered", "closed", "archived"] as const) {
      expect(refusal(() => transition(from, "answered", plain))).toEqual({
        type: "REQUEST_FINAL",
        status: 409,
        field: undefined,
      });
    }
    expect(refusal(() => transition("archived", "archived", plain))).toMatchObject({ type: "REQUEST_FINAL" });
  });

  it("refuses a second extension or 补正 by name", () => {
    const extended = { ...plain, extended: true };
    expect(refusal(() => transition("extended", "extended", extended))).toMatchObject({
      type: "ALREADY_EXTENDED",
      status: 409,
    });
    expect(refusal(() => transition("paused", "extended", extended))).toMatchObject({ type: "ALREADY_EXTENDED" });
    expect(
      refusal(() => transition("received", "correction_requested", { ...plain, correctionRequested: true })),
    ).toMatchObject({ type: "CORRECTION_ALREADY_REQUESTED", status: 409 });
  });

  it("lists the steps allowed, without a second extension or 补正", () => {
    expect(allowedSteps(null, plain)).toEqual(["submitted", "received"]);
    expect(allowedSteps("received", plain)).toEqual(["correction_requested", "extended", "paused", "answered"]);
    expect(allowedSteps("received", { extended: true, correctionRequested: true })).toEqual(["paused", "answered"]);
    expect(allowedSteps("archived", plain)).toEqual([]);
    for (const s of REQUEST_STATES) expect(REQUEST_STATE_LABELS[s]).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("appendRequestEvent", () => {
  const today = "2025-10-10";
  const base: RequestEvent[] = [{ kind: "received", on: "2025-09-15" }];
  const append = (event: RequestEvent, history = base) => appendRequestEvent(history, event, { calendar, today });

  it("appends a valid step and returns a new history", () => {
    const next = append({ kind: "answered", on: "2025-10-10", answerType: "refused_state_secret" });
    expect(next).toHaveLength(2);
    expect(base).toHaveLength(1);
  });

  it("refuses a step dated after today, before the previous step, or not a date (422)", () => {
    expect(refusal(() => append({ kind: "answered", on: "2025-10-11", answerType: "disclosed" }))).toEqual({
      type: "DATE_IN_FUTURE",
      status: 422,
      field: "on",
    });
    expect(refusal(() => append({ kind: "answered", on: "2025-09-14", answerType: "disclosed" }))).toEqual({
      type: "EVENT_BEFORE_PREVIOUS",
      status: 422,
      field: "on",
    });
    expect(refusal(() => append({ kind: "answered", on: "2025-02-30", answerType: "disclosed" }))).toMatchObject({
      type: "NOT_A_DATE",
      field: "on",
    });
  });

  it("refuses an unknown answer type, and a lapse type as an answer", () => {
    const unknown = { kind: "answered", on: "2025-10-10", answerType: "yes" } as unknown as RequestEvent;
    expect(refusal(() => append(unknown))).toMatchObject({ type: "enumValue", field: "answerType" });
    expect(refusal(() => append({ kind: "answered", on: "2025-10-10", answerType: "other_fee_unpaid" }))).toEqual({
      type: "USE_LAPSE",
      status: 422,
      field: "answerType",
    });
  });

  it("refuses a 补正 whose due date is not after the notice", () => {
    expect(
      refusal(() => append({ kind: "correction_requested", on: "2025-09-16", dueOn: "2025-09-16" })),
    ).toMatchObject({ type: "DUE_NOT_AFTER_NOTICE", field: "dueOn" });
    expect(refusal(() => append({ kind: "correction_requested", on: "2025-09-16", dueOn: "soon" }))).toMatchObject({
      type: "NOT_A_DATE",
      field: "dueOn",
    });
  });

  it("refuses an unknown pause type", () => {
    const step = { kind: "paused", on: "2025-09-16", type: "holiday" } as unknown as RequestEvent;
    expect(refusal(() => append(step))).toMatchObject({ type: "enumValue", field: "type" });
  });

  it("refuses a corrected request or a fee payment that arrives after the applicant's deadline (409)", () => {
    const awaiting = append({ kind: "correction_requested", on: "2025-09-16", dueOn: "2025-09-30" });
    expect(append({ kind: "correction_received", on: "2025-09-30" }, awaiting)).toHaveLength(3);
    expect(refusal(() => append({ kind: "correction_received", on: "2025-10-09" }, awaiting))).toEqual({
      type: "CORRECTION_OVERDUE",
      status: 409,
      field: undefined,
    });
    const fee = append({ kind: "paused", on: "2025-09-16", type: "fee", dueOn: "2025-09-30" });
    expect(append({ kind: "resumed", on: "2025-09-30" }, fee)).toHaveLength(3);
    expect(refusal(() => append({ kind: "resumed", on: "2025-10-01" }, fee))).toMatchObject({
      type: "FEE_PAYMENT_OVERDUE",
      status: 409,
    });
    // A consultation's due date is the third party's, not the applicant's: resuming later is fine.
    const consulted = append({ kind: "paused", on: "2025-09-16", type: "third_party", dueOn: "2025-09-30" });
    expect(append({ kind: "resumed", on: "2025-10-09" }, consulted)).toHaveLength(3);
  });

  it("refuses the first step of an unregistered request unless it is a submission or receipt", () => {
    expect(refusal(() => append({ kind: "resumed", on: "2025-09-16" }, []))).toMatchObject({
      type: "ILLEGAL_TRANSITION",
      status: 409,
    });
  });
});

describe("refusal types", () => {
  it("each has a Chinese message in the one table", () => {
    for (const [type, status] of Object.entries(REFUSAL_STATUS)) {
      const message = status === 409 ? errorMessageOf(type) : problemMessageOf({ type });
      expect(message, type).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const type of ["ID_NUMBER_FORMAT", "CONTACT_REQUIRED", "ITEMS_CONTRADICT_ANSWER", "INVALID_RESIDENT_ID"]) {
      expect(problemMessageOf({ type }), type).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("shows the date a refusal carries", () => {
    expect(errorMessageOf("CORRECTION_TOO_LATE", { date: "2025-09-24" })).toContain("2025-09-24");
    expect(errorMessageOf("EXTENSION_TOO_LATE", { date: "2025-10-17" })).toContain("2025-10-17");
    expect(errorMessageOf("CORRECTION_OVERDUE", { date: "2025-09-30" })).toContain("2025-09-30");
    expect(errorMessageOf("FEE_PAYMENT_OVERDUE", { date: "2025-09-30" })).toContain("2025-09-30");
    expect(problemMessageOf({ type: "EVENT_BEFORE_PREVIOUS", date: "2025-09-15" })).toContain("2025-09-15");
  });
});
