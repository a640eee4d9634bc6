import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../shared/calendar.js";
import {
  appendRequestEvent,
  correctionDeadline,
  feePaymentDueOn,
  requestClock,
  thirdPartyReplyDueOn,
  type RequestEvent,
} from "../../shared/requests.js";

const calendar = WorkingCalendar.official();
const TODAY = "2027-12-31";

/** A history built step by step through the gate, as the service will build it. */
function history(...events: RequestEvent[]): RequestEvent[] {
  return events.reduce<RequestEvent[]>((h, e) => appendRequestEvent(h, e, { calendar, today: TODAY }), []);
}

const sut = (events: RequestEvent[], asOf: string) => requestClock(events, { calendar, asOf });

/** The refusal a step meets, as { type, status }. */
function refusalOf(events: RequestEvent[], event: RequestEvent, today = TODAY) {
  try {
    appendRequestEvent(events, event, { calendar, today });
  } catch (err) {
    const e = err as { type: string; status: number; field?: string; values?: object };
    return { type: e.type, status: e.status, field: e.field, values: e.values };
  }
  throw new Error("expected a refusal");
}

const received = (on: string): RequestEvent => ({ kind: "received", on });
const extended = (on: string, days: number): RequestEvent => ({
  kind: "extended",
  on,
  days,
  approvedBy: "办公室主任",
  reason: "需要调取档案",
});

describe("the answer's due date: 20 working days after the day of receipt", () => {
  it("counts 调休 make-up days and skips the national holiday (国庆 2025)", () => {
    // Received Mon 15 Sep; Sun 28 Sep and Sat 11 Oct are make-up working days, 1–8 Oct are off.
    const clock = sut(history(received("2025-09-15")), "2025-09-15");
    expect(clock.dueBy).toBe("2025-10-17");
    expect(calendar.workingDaysAfter("2025-09-15", 20).date).toBe("2025-10-17");
    expect(clock).toMatchObject({
      state: "received",
      countsFrom: "2025-09-15",
      workingDaysLeft: 20,
      workingDaysUsed: 0,
      pausedDays: 0,
      extendedDays: 0,
      provisional: false,
    });
  });

  it("does not count the day of receipt itself", () => {
    // Received Mon 29 Sep: day 1 is Tue 30 Sep. Received Tue 30 Sep or Thu 2 Oct (a holiday): day 1 is 9 Oct.
    expect(sut(history(received("2025-09-29")), "2025-09-29").dueBy).toBe("2025-11-03");
    expect(sut(history(received("2025-09-30")), "2025-09-30").dueBy).toBe("2025-11-04");
    expect(sut(history(received("2025-10-02")), "2025-10-02").dueBy).toBe("2025-11-04");
  });

  it("runs across the year end and 元旦 2026 with its Sunday make-up day", () => {
    // 1–3 Jan 2026 off, Sun 4 Jan a working day.
    expect(sut(history(received("2025-12-15")), "2025-12-15").dueBy).toBe("2026-01-13");
  });

  it("runs across 春节 2026 with both Saturday make-up days", () => {
    // 15–23 Feb off; Sat 14 Feb and Sat 28 Feb are working days.
    expect(sut(history(received("2026-02-02")), "2026-02-02").dueBy).toBe("2026-03-06");
  });

  it("is provisional once a day examined lies in a year without a schedule", () => {
    expect(calendar.covers(2027)).toBe(false);
    const late = sut(history(received("2026-12-10")), "2026-12-10");
    expect(late).toMatchObject({ dueBy: "2027-01-07", provisional: true });
    expect(sut(history(received("2026-11-02")), "2026-11-02")).toMatchObject({
      dueBy: "2026-11-30",
      provisional: false,
    });
  });

  it("waits for the body's confirmation of an online request: submission starts nothing", () => {
    const h = history({ kind: "submitted", on: "2025-09-12" });
    expect(sut(h, "2025-09-15")).toMatchObject({ state: "submitted", dueBy: null, workingDaysLeft: null });
    const confirmed = appendRequestEvent(h, received("2025-09-15"), { calendar, today: TODAY });
    expect(sut(confirmed, "2025-09-15")).toMatchObject({ submittedOn: "2025-09-12", dueBy: "2025-10-17" });
  });

  it("reads only the steps up to the day asked about", () => {
    const h = history(received("2025-09-15"), { kind: "answered", on: "2025-09-30", answerType: "disclosed" });
    expect(sut(h, "2025-09-20").state).toBe("received");
    expect(sut(h, "2025-09-30").state).toBe("answered");
    expect(sut(h, "2025-09-14").state).toBeNull();
  });
});

describe("working days left, warnings and lateness", () => {
  const h = history(received("2025-09-15")); // due 2025-10-17

  it("warns 5 working days before the due date, and on it", () => {
    expect(sut(h, "2025-10-10")).toMatchObject({ workingDaysLeft: 6, warnings: [] });
    expect(sut(h, "2025-10-11").warnings).toEqual([{ type: "due_soon", dueBy: "2025-10-17", workingDaysLeft: 5 }]);
    expect(sut(h, "2025-10-17").warnings).toEqual([{ type: "due_soon", dueBy: "2025-10-17", workingDaysLeft: 0 }]);
  });

  it("marks an open request overdue by working days", () => {
    expect(sut(h, "2025-10-17")).toMatchObject({ workingDaysLeft: 0, overdue: false });
    // Saturday after a Friday due date: overdue, by no working day yet.
    expect(sut(h, "2025-10-18")).toMatchObject({ workingDaysLeft: 0, overdue: true, overdueBy: 0 });
    expect(sut(h, "2025-10-18").warnings).toEqual([{ type: "overdue", dueBy: "2025-10-17", overdueBy: 0 }]);
    expect(sut(h, "2025-10-21")).toMatchObject({ workingDaysLeft: -2, overdue: true, overdueBy: 2 });
    expect(sut(h, "2025-10-21").warnings).toEqual([{ type: "overdue", dueBy: "2025-10-17", overdueBy: 2 }]);
  });

  it("records whether the answer came late, and by how much", () => {
    const onTime = history(received("2025-09-15"), { kind: "answered", on: "2025-10-17", answerType: "disclosed" });
    expect(sut(onTime, "2025-12-01")).toMatchObject({
      outcome: { type: "disclosed", on: "2025-10-17", via: "answer", late: false },
      workingDaysLeft: null,
      overdueBy: 0,
      warnings: [],
      workingDaysUsed: 20,
    });
    const late = history(received("2025-09-15"), { kind: "answered", on: "2025-10-21", answerType: "disclosed" });
    expect(sut(late, "2025-12-01")).toMatchObject({ outcome: { late: true }, overdueBy: 2, workingDaysUsed: 22 });
  });
});

describe("extension (延期): once, at most 20 working days, before the due date", () => {
  it("adds its working days to the due date", () => {
    const h = history(received("2025-09-15"), extended("2025-10-10", 20));
    expect(sut(h, "2025-10-10")).toMatchObject({ state: "extended", extendedDays: 20, dueBy: "2025-11-14" });
    expect(sut(history(received("2025-09-15"), extended("2025-10-17", 3)), "2025-10-17").dueBy).toBe("2025-10-22");
  });

  it("refuses more than 20 days (422), fewer than one, or a second extension (409)", () => {
    const h = history(received("2025-09-15"));
    expect(refusalOf(h, extended("2025-10-10", 21))).toMatchObject({
      type: "EXTENSION_TOO_LONG",
      status: 422,
      field: "days",
    });
    expect(refusalOf(h, extended("2025-10-10", 0))).toMatchObject({ type: "EXTENSION_DAYS_INVALID", status: 422 });
    expect(refusalOf(h, extended("2025-10-10", 2.5))).toMatchObject({ type: "EXTENSION_DAYS_INVALID" });
    const once = history(received("2025-09-15"), extended("2025-10-10", 5));
    expect(refusalOf(once, extended("2025-10-15", 5))).toMatchObject({ type: "ALREADY_EXTENDED", status: 409 });
  });

  it("refuses an extension once the answer is overdue", () => {
    const h = history(received("2025-09-15"));
    expect(refusalOf(h, extended("2025-10-20", 10))).toEqual({
      type: "EXTENSION_TOO_LATE",
      status: 409,
      field: undefined,
      values: { date: "2025-10-17" },
    });
  });

  it("asks for the approver and the reason", () => {
    const h = history(received("2025-09-15"));
    const step = { ...extended("2025-10-10", 5), approvedBy: " " } as RequestEvent;
    expect(refusalOf(h, step)).toMatchObject({ type: "APPROVER_REQUIRED", field: "approvedBy" });
    expect(refusalOf(h, { ...extended("2025-10-10", 5), reason: "" } as RequestEvent)).toMatchObject({
      type: "REASON_REQUIRED",
      field: "reason",
    });
  });
});

describe("补正: once, within 7 working days of receipt; the clock restarts from the corrected request", () => {
  it("allows it up to the 7th working day after receipt, then refuses (409)", () => {
    const h = history(received("2025-09-15"));
    expect(sut(h, "2025-09-24").correction).toMatchObject({ allowedUntil: "2025-09-24", allowed: true });
    expect(sut(h, "2025-09-25").correction).toMatchObject({ allowed: false });
    const ask = (on: string): RequestEvent => ({ kind: "correction_requested", on, dueOn: "2025-10-20" });
    expect(() => history(received("2025-09-15"), ask("2025-09-24"))).not.toThrow();
    expect(refusalOf(h, ask("2025-09-25"))).toEqual({
      type: "CORRECTION_TOO_LATE",
      status: 409,
      field: undefined,
      values: { date: "2025-09-24" },
    });
  });

  it("counts the 7 days on the calendar: a make-up Sunday and Saturday count, the holiday does not", () => {
    // Received Fri 26 Sep: Sun 28, Mon 29, Tue 30 Sep, Thu 9, Fri 10, Sat 11, Mon 13 Oct.
    expect(correctionDeadline(calendar, "2025-09-26")).toEqual({ date: "2025-10-13", provisional: false });
  });

  it("is asked for once only", () => {
    const h = history(
      received("2025-09-15"),
      { kind: "correction_requested", on: "2025-09-16", dueOn: "2025-09-19" },
      { kind: "correction_received", on: "2025-09-18" },
    );
    expect(refusalOf(h, { kind: "correction_requested", on: "2025-09-19", dueOn: "2025-09-30" })).toMatchObject({
      type: "CORRECTION_ALREADY_REQUESTED",
      status: 409,
    });
    expect(sut(h, "2025-09-19").correction?.allowed).toBe(false);
  });

  it("stops the clock while awaited and restarts it, wholly, from the corrected request's arrival", () => {
    const asked = history(received("2025-09-15"), {
      kind: "correction_requested",
      on: "2025-09-17",
      dueOn: "2025-09-30",
    });
    expect(sut(asked, "2025-09-22")).toMatchObject({
      state: "correction_requested",
      dueBy: null,
      countsFrom: null,
      workingDaysLeft: null,
      correction: { requestedOn: "2025-09-17", dueOn: "2025-09-30", receivedOn: null, allowed: false },
    });
    const corrected = appendRequestEvent(
      asked,
      { kind: "correction_received", on: "2025-09-29" },
      { calendar, today: TODAY },
    );
    // 20 working days after Mon 29 Sep: Tue 30 Sep, then 9 Oct onwards (Sat 11 Oct a working day).
    expect(sut(corrected, "2025-09-29")).toMatchObject({
      state: "received",
      countsFrom: "2025-09-29",
      dueBy: "2025-11-03",
      workingDaysLeft: 20,
    });
  });

  it("lets the request lapse (逾期不补正) only after the correction's due date", () => {
    const asked = history(received("2025-09-15"), {
      kind: "correction_requested",
      on: "2025-09-17",
      dueOn: "2025-09-30",
    });
    expect(sut(asked, "2025-09-30").lapse).toBeNull();
    expect(sut(asked, "2025-10-01").lapse).toEqual({ reason: "correction_overdue", since: "2025-10-01" });
    expect(refusalOf(asked, { kind: "lapsed", on: "2025-09-30", reason: "correction_overdue" })).toMatchObject({
      type: "NOT_LAPSED",
      status: 409,
    });
    expect(refusalOf(asked, { kind: "lapsed", on: "2025-10-09", reason: "fee_unpaid" })).toMatchObject({
      type: "NOT_LAPSED",
    });
    const closed = appendRequestEvent(
      asked,
      { kind: "lapsed", on: "2025-10-09", reason: "correction_overdue" },
      { calendar, today: TODAY },
    );
    expect(sut(closed, "2025-10-09")).toMatchObject({
      state: "closed",
      lapse: null,
      dueBy: null,
      outcome: { type: "other_correction_overdue", on: "2025-10-09", via: "lapse", late: false },
    });
  });
});

describe("pauses: consultation and the wait for a fee are not counted", () => {
  it("stops counting from the pause's day until the day it resumes, which counts again", () => {
    // Paused Mon 22 Sep, resumed Thu 25 Sep: 22, 23, 24 not counted.
    const h = history(
      received("2025-09-15"),
      { kind: "paused", on: "2025-09-22", type: "third_party" },
      { kind: "resumed", on: "2025-09-25" },
    );
    expect(sut(h, "2025-09-25")).toMatchObject({
      state: "received",
      pausedDays: 3,
      dueBy: "2025-10-22",
      workingDaysUsed: 5,
      workingDaysLeft: 15,
    });
    expect(calendar.workingDaysAfter("2025-09-15", 23).date).toBe("2025-10-22");
  });

  it("counts only working days paused: a pause over the holiday", () => {
    // Paused Tue 30 Sep, resumed Fri 10 Oct: only 30 Sep and 9 Oct were working days.
    const h = history(
      received("2025-09-15"),
      { kind: "paused", on: "2025-09-30", type: "agency" },
      { kind: "resumed", on: "2025-10-10" },
    );
    expect(sut(h, "2025-10-10")).toMatchObject({ pausedDays: 2, dueBy: "2025-10-21" });
  });

  it("adds nothing for a pause resumed the same day, nor for the uncounted day of receipt", () => {
    const sameDay = history(
      received("2025-09-15"),
      { kind: "paused", on: "2025-09-16", type: "agency" },
      { kind: "resumed", on: "2025-09-16" },
    );
    expect(sut(sameDay, "2025-09-16")).toMatchObject({ pausedDays: 0, dueBy: "2025-10-17" });
    const fromReceipt = history(
      received("2025-09-15"),
      { kind: "paused", on: "2025-09-15", type: "third_party" },
      { kind: "resumed", on: "2025-09-17" },
    );
    expect(sut(fromReceipt, "2025-09-17")).toMatchObject({ pausedDays: 1, dueBy: "2025-10-20" });
  });

  it("while open, freezes the days left and shows where the due date stands if resumed tomorrow", () => {
    const h = history(received("2025-09-15"), {
      kind: "paused",
      on: "2025-09-22",
      type: "third_party",
      dueOn: thirdPartyReplyDueOn(calendar, "2025-09-22").date,
    });
    expect(sut(h, "2025-09-22")).toMatchObject({ state: "paused", pausedDays: 1, workingDaysLeft: 16 });
    expect(sut(h, "2025-09-24")).toMatchObject({ pausedDays: 3, workingDaysLeft: 16, dueBy: "2025-10-22" });
    expect(sut(h, "2025-09-24").pause).toEqual({ type: "third_party", since: "2025-09-22", dueOn: "2025-10-17" });
    expect(sut(h, "2025-09-24").warnings).toEqual([]);
  });

  it("does not excuse an answer already overdue", () => {
    const h = history(received("2025-09-15"), { kind: "paused", on: "2025-10-20", type: "agency" });
    expect(sut(h, "2025-10-22")).toMatchObject({ dueBy: "2025-10-17", pausedDays: 0, overdueBy: 3 });
  });

  it("lets an unpaid fee lapse (逾期未缴费) after its payment date, and a paid one resume", () => {
    const dueOn = feePaymentDueOn(calendar, "2025-09-22").date;
    expect(dueOn).toBe("2025-10-24");
    const waiting = history(received("2025-09-15"), { kind: "paused", on: "2025-09-22", type: "fee", dueOn });
    expect(sut(waiting, "2025-10-24").lapse).toBeNull();
    expect(sut(waiting, "2025-10-25").lapse).toEqual({ reason: "fee_unpaid", since: "2025-10-25" });
    expect(refusalOf(waiting, { kind: "lapsed", on: "2025-10-24", reason: "fee_unpaid" })).toMatchObject({
      type: "NOT_LAPSED",
    });
    const closed = appendRequestEvent(
      waiting,
      { kind: "lapsed", on: "2025-10-25", reason: "fee_unpaid" },
      { calendar, today: TODAY },
    );
    expect(sut(closed, "2025-10-25")).toMatchObject({
      state: "closed",
      outcome: { type: "other_fee_unpaid", via: "lapse" },
    });
    const paid = appendRequestEvent(waiting, { kind: "resumed", on: "2025-10-09" }, { calendar, today: TODAY });
    // 22–30 Sep: 8 working days paused (Sun 28 Sep a make-up day); 9 Oct counts again.
    expect(sut(paid, "2025-10-09")).toMatchObject({ state: "received", pausedDays: 8, lapse: null });
  });

  it("needs the payment date of a fee, after the notice", () => {
    const h = history(received("2025-09-15"));
    expect(refusalOf(h, { kind: "paused", on: "2025-09-22", type: "fee" })).toMatchObject({
      type: "required",
      field: "dueOn",
      status: 422,
    });
    expect(refusalOf(h, { kind: "paused", on: "2025-09-22", type: "fee", dueOn: "2025-09-22" })).toMatchObject({
      type: "DUE_NOT_AFTER_NOTICE",
      values: { date: "2025-09-22" },
    });
  });
});

describe("properties", () => {
  const START = Date.parse("2025-01-01");
  const iso = (offset: number) => new Date(START + offset * 86_400_000).toISOString().slice(0, 10);
  const pausesArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 20 })), {
    maxLength: 4,
  });

  /** Received on day `r`, then pauses (gap, length) in turn, all resumed; asOf `tail` days later. */
  function build(r: number, pauses: [number, number][]): { events: RequestEvent[]; last: number } {
    const events: RequestEvent[] = [received(iso(r))];
    let day = r;
    for (const [gap, length] of pauses) {
      events.push({ kind: "paused", on: iso(day + gap), type: "agency" });
      events.push({ kind: "resumed", on: iso(day + gap + length) });
      day += gap + length;
    }
    return { events, last: day };
  }

  it("pauses never bring the due date earlier, and move it by exactly the paused working days", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 650 }), pausesArb, (r, pauses) => {
        const { events, last } = build(r, pauses);
        const clock = sut(events, iso(last));
        const plain = sut([received(iso(r))], iso(last));
        expect(clock.dueBy! >= plain.dueBy!).toBe(true);
        expect(clock.dueBy).toBe(calendar.workingDaysAfter(iso(r), 20 + clock.pausedDays).date);
      }),
    );
  });

  it("days used and days left add up to the period while the answer is not overdue", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 650 }), pausesArb, fc.integer({ min: 0, max: 40 }), (r, pauses, tail) => {
        const { events, last } = build(r, pauses);
        const clock = sut(events, iso(last + tail));
        if (clock.workingDaysLeft! >= 0) expect(clock.workingDaysUsed + clock.workingDaysLeft!).toBe(20);
        else expect(clock.overdueBy).toBe(-clock.workingDaysLeft!);
      }),
    );
  });
});
