import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../shared/calendar.js";
import {
  DOCUMENT_REFUSAL_STATUS,
  DocumentRefusalError,
  checkAdoptionReport,
  checkCommentAllowed,
  checkFinalPublication,
  checkHearing,
  checkWindow,
  daysLeft,
  minimumClosesOn,
  windowInstants,
  windowPhase,
  type AdoptionReportInput,
  type ConsultationWindow,
} from "../../shared/documents.js";
import { errorMessageOf, problemMessageOf } from "../../shared/messages.js";
import { isRefusal } from "../../shared/refusal.js";

const calendar = WorkingCalendar.official();

function refusalOf(run: () => unknown) {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DocumentRefusalError);
    const e = err as DocumentRefusalError;
    return { type: e.type, status: e.status, field: e.field, values: e.values };
  }
  throw new Error("expected a refusal");
}

/** An instant given in China time. */
const china = (local: string) => new Date(`${local}+08:00`);

describe("the minimum window", () => {
  it("is 7 working days for a 规范性文件: across 国庆 2025, counting both 调休 Saturdays and Sundays", () => {
    // Opens Thu 25 Sep: Fri 26, Sun 28 (make-up), Mon 29, Tue 30; 1–8 Oct off; Thu 9, Fri 10, Sat 11 (make-up).
    expect(minimumClosesOn("normative", "2025-09-25", calendar)).toEqual({ date: "2025-10-11", provisional: false });
  });

  it("is 7 working days across 春节 2026 and its make-up Saturday", () => {
    // Opens Wed 11 Feb: Thu 12, Fri 13, Sat 14 (make-up); 15–23 Feb off; Tue 24 … Fri 27.
    expect(minimumClosesOn("normative", "2026-02-11", calendar).date).toBe("2026-02-27");
    expect(minimumClosesOn("normative", "2026-03-02", calendar).date).toBe("2026-03-11");
  });

  it("is 30 calendar days, holidays included, for 重大行政决策, 规章 and market-entity documents", () => {
    for (const kind of ["major_decision", "rule", "market_normative"] as const) {
      expect(minimumClosesOn(kind, "2025-09-25", calendar)).toEqual({ date: "2025-10-25", provisional: false });
    }
  });

  it("says when it assumed Monday–Friday in a year without a schedule", () => {
    expect(minimumClosesOn("normative", "2030-12-20", calendar).provisional).toBe(true);
  });
});

describe("checking a window", () => {
  const today = "2025-09-20";
  const window = (over: Partial<ConsultationWindow> = {}): ConsultationWindow => ({
    kind: "normative",
    opensOn: "2025-09-25",
    closesOn: "2025-10-11",
    ...over,
  });

  it("accepts the minimum and longer", () => {
    expect(checkWindow(window(), { calendar, today })).toEqual({
      kind: "normative",
      opensOn: "2025-09-25",
      closesOn: "2025-10-11",
      minimumClosesOn: "2025-10-11",
      shortened: false,
      shortReason: null,
      length: 7,
      unit: "working",
      provisional: false,
    });
    expect(checkWindow(window({ kind: "rule", closesOn: "2025-10-30" }), { calendar, today })).toMatchObject({
      length: 35,
      unit: "calendar",
    });
  });

  it("refuses one day short without a reason, naming the earliest last day (422 WINDOW_TOO_SHORT)", () => {
    expect(refusalOf(() => checkWindow(window({ closesOn: "2025-10-10" }), { calendar, today }))).toEqual({
      type: "WINDOW_TOO_SHORT",
      status: 422,
      field: "closesOn",
      values: { date: "2025-10-11", min: 7, unit: "个工作日" },
    });
    expect(
      refusalOf(() =>
        checkWindow(window({ kind: "major_decision", closesOn: "2025-10-24", shortReason: " " }), { calendar, today }),
      ),
    ).toMatchObject({ type: "WINDOW_TOO_SHORT", values: { date: "2025-10-25", min: 30, unit: "日" } });
    expect(problemMessageOf({ type: "WINDOW_TOO_SHORT", date: "2025-10-11", min: 7, unit: "个工作日" })).toBe(
      "征求意见期限不得少于 7 个工作日（截止日期不早于 2025-10-11）；确需缩短的，须公开说明理由。",
    );
  });

  it("accepts a shorter window with its public reason", () => {
    const sut = checkWindow(window({ closesOn: "2025-09-30", shortReason: " 落实上级紧急部署 " }), { calendar, today });
    expect(sut).toMatchObject({ shortened: true, shortReason: "落实上级紧急部署", length: 4 });
  });

  it("refuses bad dates and kinds", () => {
    expect(refusalOf(() => checkWindow(window({ opensOn: "2025-09-19" }), { calendar, today }))).toMatchObject({
      type: "OPENS_BEFORE_TODAY",
      field: "opensOn",
    });
    expect(refusalOf(() => checkWindow(window({ closesOn: "2025-09-24" }), { calendar, today }))).toMatchObject({
      type: "RANGE_REVERSED",
      field: "closesOn",
    });
    expect(refusalOf(() => checkWindow(window({ closesOn: "2025-09-31" }), { calendar, today }))).toMatchObject({
      type: "NOT_A_DATE",
      field: "closesOn",
    });
    const other = window({ kind: "law" as unknown as ConsultationWindow["kind"] });
    expect(refusalOf(() => checkWindow(other, { calendar, today }))).toMatchObject({
      type: "enumValue",
      field: "kind",
    });
  });

  it("never lets a window without a reason end before its minimum", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("major_decision", "rule", "normative", "market_normative" as const),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 60 }),
        (kind, offset, length) => {
          const opensOn = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
          const closesOn = new Date(Date.parse(opensOn) + length * 86_400_000).toISOString().slice(0, 10);
          const minimum = minimumClosesOn(kind, opensOn, calendar).date;
          const run = () => checkWindow({ kind, opensOn, closesOn }, { calendar, today: "2025-01-01" });
          if (closesOn >= minimum) expect(run().shortened).toBe(false);
          else expect(refusalOf(run).type).toBe("WINDOW_TOO_SHORT");
        },
      ),
    );
  });
});

describe("open, closed and days left", () => {
  const window: ConsultationWindow = { kind: "normative", opensOn: "2025-09-25", closesOn: "2025-10-11" };

  it("opens at 00:00 on the first day and closes at 24:00 on the last, China time", () => {
    expect(windowInstants(window)).toEqual({
      opensAt: new Date("2025-09-24T16:00:00Z"),
      closesAt: new Date("2025-10-11T16:00:00Z"),
    });
    expect(windowPhase(window, china("2025-09-24T23:59:59.999"))).toBe("not_yet_open");
    expect(windowPhase(window, china("2025-09-25T00:00:00"))).toBe("open");
    expect(windowPhase(window, china("2025-10-11T23:59:59.999"))).toBe("open");
    expect(windowPhase(window, china("2025-10-12T00:00:00"))).toBe("closed");
  });

  it("counts working days left for a 规范性文件 (holidays skipped) and calendar days for the others", () => {
    expect(daysLeft(window, china("2025-09-30T10:00:00"), calendar)).toEqual({
      left: 3,
      unit: "working",
      lastDay: false,
      provisional: false,
      text: "还剩 3 个工作日，2025年10月11日24时截止",
    });
    expect(daysLeft(window, china("2025-10-11T20:00:00"), calendar)).toMatchObject({
      left: 0,
      lastDay: true,
      text: "今日截止（2025年10月11日24时）",
    });
    const major: ConsultationWindow = { ...window, kind: "major_decision", closesOn: "2025-10-25" };
    expect(daysLeft(major, china("2025-10-01T09:00:00"), calendar)).toMatchObject({ left: 24, unit: "calendar" });
    expect(daysLeft(window, china("2025-10-12T00:00:00"), calendar)).toBeNull();
    expect(daysLeft(window, china("2025-09-24T12:00:00"), calendar)).toBeNull();
  });

  it("takes comments only while open (409 outside)", () => {
    expect(() => checkCommentAllowed(window, china("2025-10-11T23:59:59"))).not.toThrow();
    expect(refusalOf(() => checkCommentAllowed(window, china("2025-09-24T23:59:59")))).toEqual({
      type: "CONSULTATION_NOT_YET_OPEN",
      status: 409,
      field: undefined,
      values: { date: "2025-09-25" },
    });
    expect(refusalOf(() => checkCommentAllowed(window, china("2025-10-12T00:00:00")))).toEqual({
      type: "CONSULTATION_CLOSED",
      status: 409,
      field: undefined,
      values: { date: "2025-10-11" },
    });
  });
});

describe("hearings", () => {
  const hearing = {
    announcedOn: "2026-05-20",
    heldOn: "2026-05-27",
    place: " 省民政厅三楼会议室 ",
    participants: ["张三 "],
  };

  it("may be held 7 days after its announcement", () => {
    expect(checkHearing(hearing)).toEqual({ ...hearing, place: "省民政厅三楼会议室", participants: ["张三"] });
  });

  it("refuses one sooner, naming the earliest day (422 HEARING_TOO_SOON)", () => {
    expect(refusalOf(() => checkHearing({ ...hearing, heldOn: "2026-05-26" }))).toEqual({
      type: "HEARING_TOO_SOON",
      status: 422,
      field: "heldOn",
      values: { date: "2026-05-27", min: 7 },
    });
    expect(refusalOf(() => checkHearing({ ...hearing, place: "" }))).toMatchObject({
      type: "required",
      field: "place",
    });
    expect(refusalOf(() => checkHearing({ ...hearing, participants: ["张三", " "] }))).toMatchObject({
      type: "required",
      field: "participants[1]",
    });
  });
});

describe("the adoption report (采纳情况) and its gate", () => {
  const window = { opensOn: "2025-09-25", closesOn: "2025-10-11" };
  const after = { window, at: china("2025-10-12T09:00:00") };
  const report: AdoptionReportInput = {
    received: 10,
    adopted: 6,
    notAdopted: [
      { reason: "与上位法规定不一致", count: 3 },
      { reason: "不属于本文件调整范围", count: 1 },
    ],
    summary: "共收到意见10条，采纳6条。",
  };

  it("accepts counts that add up, once the window has closed", () => {
    expect(checkAdoptionReport(report, { ...after, commentsOnRecord: 8 })).toMatchObject({
      received: 10,
      adopted: 6,
      notAdoptedTotal: 4,
    });
    expect(checkAdoptionReport({ received: 0, adopted: 0, notAdopted: [] }, after).notAdoptedTotal).toBe(0);
  });

  it("refuses counts that do not add up, naming the numbers (422 ADOPTION_ARITHMETIC)", () => {
    const wrong = { ...report, notAdopted: [{ reason: "与上位法规定不一致", count: 3 }] };
    expect(refusalOf(() => checkAdoptionReport(wrong, after))).toEqual({
      type: "ADOPTION_ARITHMETIC",
      status: 422,
      field: "received",
      values: { received: 10, adopted: 6, notAdopted: 3 },
    });
    expect(problemMessageOf({ type: "ADOPTION_ARITHMETIC", received: 10, adopted: 6, notAdopted: 3 })).toBe(
      "采纳 6 条与未采纳 3 条之和应等于收到的意见 10 条。",
    );
  });

  it("refuses bad counts, repeated or missing reasons, and fewer comments than on record", () => {
    expect(refusalOf(() => checkAdoptionReport({ ...report, adopted: -1 }, after))).toMatchObject({
      type: "ADOPTION_COUNT_INVALID",
      field: "adopted",
    });
    expect(refusalOf(() => checkAdoptionReport({ ...report, received: 2.5 }, after))).toMatchObject({
      type: "ADOPTION_COUNT_INVALID",
      field: "received",
    });
    const zero = { ...report, notAdopted: [{ reason: "其他", count: 0 }] };
    expect(refusalOf(() => checkAdoptionReport(zero, after))).toMatchObject({
      type: "ADOPTION_COUNT_INVALID",
      field: "notAdopted[0].count",
    });
    const repeated = {
      ...report,
      notAdopted: [
        { reason: "其他", count: 2 },
        { reason: " 其他", count: 2 },
      ],
    };
    expect(refusalOf(() => checkAdoptionReport(repeated, after))).toMatchObject({
      type: "REASON_REPEATED",
      field: "notAdopted[1].reason",
    });
    const unexplained = { ...report, notAdopted: [{ reason: "", count: 4 }] };
    expect(refusalOf(() => checkAdoptionReport(unexplained, after))).toMatchObject({
      type: "REASON_REQUIRED",
      field: "notAdopted[0].reason",
    });
    expect(refusalOf(() => checkAdoptionReport(report, { ...after, commentsOnRecord: 11 }))).toMatchObject({
      type: "RECEIVED_BELOW_RECORDED",
      values: { min: 11 },
    });
  });

  it("waits for the window to close (409 CONSULTATION_STILL_OPEN)", () => {
    expect(refusalOf(() => checkAdoptionReport(report, { window, at: china("2025-10-11T23:00:00") }))).toEqual({
      type: "CONSULTATION_STILL_OPEN",
      status: 409,
      field: undefined,
      values: { date: "2025-10-11" },
    });
  });

  it("adds up exactly when adopted and the groups make the received", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (adopted, groups, received) => {
          const input = { received, adopted, notAdopted: groups.map((count, i) => ({ reason: `理由${i}`, count })) };
          const sum = adopted + groups.reduce((a, b) => a + b, 0);
          if (sum === received) expect(checkAdoptionReport(input, after).received).toBe(received);
          else expect(refusalOf(() => checkAdoptionReport(input, after)).type).toBe("ADOPTION_ARITHMETIC");
        },
      ),
    );
  });

  it("keeps the final document or decision back until the report exists (409 ADOPTION_REPORT_REQUIRED)", () => {
    expect(refusalOf(() => checkFinalPublication({ adoptionReportedOn: null }))).toMatchObject({
      type: "ADOPTION_REPORT_REQUIRED",
      status: 409,
    });
    expect(() => checkFinalPublication({ adoptionReportedOn: "2025-10-15" })).not.toThrow();
    expect(() => checkFinalPublication(null)).not.toThrow();
  });
});

describe("refusal types", () => {
  it("each has a Chinese message in the one table, as an error (409) or a field problem (422)", () => {
    for (const [type, status] of Object.entries(DOCUMENT_REFUSAL_STATUS)) {
      const message = status === 409 ? errorMessageOf(type) : problemMessageOf({ type });
      expect(message, type).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("are refusals of shared/, like the requests'", () => {
    const err = new DocumentRefusalError("CONSULTATION_CLOSED", "closed");
    expect(isRefusal(err)).toBe(true);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("DocumentRefusalError");
    expect(errorMessageOf("CONSULTATION_CLOSED", { date: "2025-10-11" })).toBe("征求意见已于 2025-10-11 24 时截止。");
  });
});
