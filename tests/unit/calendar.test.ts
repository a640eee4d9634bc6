import { isWorkday as chineseDaysIsWorkday } from "chinese-days";
import { describe, expect, it } from "vitest";
import { MAX_WORKING_DAYS, WorkingCalendar, validateYearCalendar, type YearCalendar } from "../../shared/calendar.js";
import { seededRandom } from "../../shared/seeded-random.js";
import { problemMessageOf } from "../../shared/messages.js";

const sut = WorkingCalendar.official();

/** Independent UTC helpers for the references below. */
const DAY_MS = 86_400_000;
const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const toIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();

/** Reference: step day by day, asking `isWorking` about each day after the start. */
function referenceAfter(start: string, n: number, isWorking: (iso: string) => boolean): string {
  let day = toDay(start);
  for (let counted = 0; counted < n;) {
    day += 1;
    if (isWorking(toIso(day))) counted += 1;
  }
  return toIso(day);
}
const monToFri = (iso: string): boolean => weekday(iso) >= 1 && weekday(iso) <= 5;

function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let day = toDay(first); day <= toDay(last); day++) out.push(toIso(day));
  return out;
}

function inMonths(dates: string[], ...prefixes: string[]): string[] {
  return dates.filter((d) => prefixes.some((p) => d.startsWith(p)));
}

/** The problems by field and developer message (their types and Chinese messages: "messages by type" below). */
function problemsOf(input: unknown): { field: string; message: string }[] {
  const result = validateYearCalendar(input);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.value)}`);
  return result.problems.map(({ field, message }) => ({ field, message }));
}

describe("official data from chinese-days", () => {
  it("covers 2004 through 2026 and nothing later", () => {
    expect(sut.coveredYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(sut.covers(2026)).toBe(true);
    expect(sut.covers(2027)).toBe(false);
    expect(sut.covers(2003)).toBe(false);
  });

  it("has 国庆 2025 as 10-01..10-08 off, with make-up days Sunday 09-28 and Saturday 10-11", () => {
    const year = sut.yearCalendar(2025);
    expect(year).toBeDefined();
    expect(inMonths(year?.holidays ?? [], "2025-09", "2025-10")).toEqual(datesBetween("2025-10-01", "2025-10-08"));
    expect(inMonths(year?.workdays ?? [], "2025-09", "2025-10")).toEqual(["2025-09-28", "2025-10-11"]);
    expect(weekday("2025-09-28")).toBe(0);
    expect(weekday("2025-10-11")).toBe(6);
  });

  it("has 春节 2026 as 02-15..02-23 off, with make-up Saturdays 02-14 and 02-28", () => {
    const year = sut.yearCalendar(2026);
    expect(inMonths(year?.holidays ?? [], "2026-02", "2026-03")).toEqual(datesBetween("2026-02-15", "2026-02-23"));
    expect(inMonths(year?.workdays ?? [], "2026-02", "2026-03")).toEqual(["2026-02-14", "2026-02-28"]);
    expect(weekday("2026-02-14")).toBe(6);
    expect(weekday("2026-02-28")).toBe(6);
  });

  it("passes validateYearCalendar for every covered year", () => {
    for (const year of sut.coveredYears()) {
      const data = sut.yearCalendar(year);
      expect(validateYearCalendar(data), String(year)).toEqual({ ok: true, value: data });
    }
  });

  it("agrees with chinese-days' own isWorkday on every day from 2004 to 2026", () => {
    const disagreements = datesBetween("2004-01-01", "2026-12-31").filter(
      (d) => sut.isWorkingDay(d) !== chineseDaysIsWorkday(d),
    );
    expect(disagreements).toEqual([]);
  });
});

describe("isWorkingDay", () => {
  it("is true on a make-up Sunday and false on a holiday Wednesday", () => {
    expect(weekday("2025-09-28")).toBe(0);
    expect(sut.isWorkingDay("2025-09-28")).toBe(true);
    expect(weekday("2025-10-01")).toBe(3);
    expect(sut.isWorkingDay("2025-10-01")).toBe(false);
  });

  it("follows Monday–Friday on ordinary days", () => {
    expect(sut.isWorkingDay("2025-03-05")).toBe(true); // Wednesday
    expect(sut.isWorkingDay("2025-03-08")).toBe(false); // Saturday
    expect(sut.isWorkingDay("2025-03-09")).toBe(false); // Sunday
  });

  it("falls back to Monday–Friday in a year the calendar does not cover", () => {
    expect(sut.covers(2027)).toBe(false);
    expect(sut.isWorkingDay("2027-01-01")).toBe(true); // a Friday; 元旦 2027 is not loaded yet
    expect(sut.isWorkingDay("2027-01-02")).toBe(false);
  });

  it("rejects a date that is not a real 'YYYY-MM-DD'", () => {
    expect(() => sut.isWorkingDay("2025-02-29")).toThrow(RangeError);
    expect(() => sut.isWorkingDay("2025-9-28")).toThrow(RangeError);
  });
});

describe("workingDaysAfter", () => {
  it("counts the 国庆 2025 make-up Sunday and skips the holiday (decision Friday 09-26, 7 days)", () => {
    // 09-27 Sat no | 09-28 Sun make-up 1 | 09-29 Mon 2 | 09-30 Tue 3 | 10-01..10-08 holiday
    // 10-09 Thu 4 | 10-10 Fri 5 | 10-11 Sat make-up 6 | 10-12 Sun no | 10-13 Mon 7
    expect(sut.workingDaysAfter("2025-09-26", 7)).toEqual({ date: "2025-10-13", provisional: false });
    expect(sut.workingDaysAfter("2025-09-26", 1).date).toBe("2025-09-28");
    expect(sut.workingDaysAfter("2025-09-26", 6).date).toBe("2025-10-11");
  });

  it("counts from 10-09 for a decision on 2025-09-30", () => {
    // 10-09 Thu 1 | 10-10 Fri 2 | 10-11 Sat make-up 3 | 10-13 Mon 4 | 10-14 5 | 10-15 6 | 10-16 Thu 7
    expect(sut.workingDaysAfter("2025-09-30", 1).date).toBe("2025-10-09");
    expect(sut.workingDaysAfter("2025-09-30", 7)).toEqual({ date: "2025-10-16", provisional: false });
    // …10-17 Fri 8 | 10-20..10-24 9–13 | 10-27..10-31 14–18 | 11-03 Mon 19 | 11-04 Tue 20
    expect(sut.workingDaysAfter("2025-09-30", 20)).toEqual({ date: "2025-11-04", provisional: false });
  });

  it("crosses 春节 2026 and lands on its make-up Saturdays (decision Wednesday 02-11)", () => {
    // 02-12 Thu 1 | 02-13 Fri 2 | 02-14 Sat make-up 3 | 02-15..02-23 holiday | 02-24 Tue 4
    // 02-25 5 | 02-26 6 | 02-27 Fri 7 | 02-28 Sat make-up 8 | 03-01 Sun no | 03-02 Mon 9 | 03-03 Tue 10
    expect(weekday("2026-02-11")).toBe(3);
    expect(sut.workingDaysAfter("2026-02-11", 3).date).toBe("2026-02-14");
    expect(sut.workingDaysAfter("2026-02-11", 4).date).toBe("2026-02-24");
    expect(sut.workingDaysAfter("2026-02-11", 8).date).toBe("2026-02-28");
    expect(sut.workingDaysAfter("2026-02-11", 10)).toEqual({ date: "2026-03-03", provisional: false });
  });

  it("counts Monday–Friday through a plain week without holidays", () => {
    // 2025-03-03 is a Monday; March 2025 has no holidays or make-up days.
    const got = [1, 2, 3, 4, 5, 6].map((n) => sut.workingDaysAfter("2025-03-03", n).date);
    expect(got).toEqual(["2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07", "2025-03-10", "2025-03-11"]);
  });

  it("returns the start itself for n = 0, whatever kind of day it is", () => {
    for (const start of ["2025-03-05", "2025-03-08", "2025-10-01", "2027-01-02"]) {
      expect(sut.workingDaysAfter(start, 0)).toEqual({ date: start, provisional: false });
    }
  });

  it("never counts the start day, even a holiday, a weekend or a make-up day", () => {
    expect(sut.workingDaysAfter("2025-10-01", 1).date).toBe("2025-10-09"); // holiday Wednesday
    expect(sut.workingDaysAfter("2025-10-04", 1).date).toBe("2025-10-09"); // holiday Saturday
    expect(sut.workingDaysAfter("2025-03-09", 1).date).toBe("2025-03-10"); // plain Sunday
    expect(sut.workingDaysAfter("2025-09-28", 1).date).toBe("2025-09-29"); // make-up Sunday
  });

  it("matches a day-by-day walk with chinese-days' isWorkday on random covered inputs", () => {
    const random = seededRandom(20251001);
    const first = toDay("2004-01-01");
    const last = toDay("2025-12-31");
    for (let i = 0; i < 400; i++) {
      const start = toIso(first + Math.floor(random() * (last - first + 1)));
      const n = Math.floor(random() * 200);
      const expected = referenceAfter(start, n, chineseDaysIsWorkday);
      expect(sut.workingDaysAfter(start, n), `${start} + ${n}`).toEqual({ date: expected, provisional: false });
    }
  });

  it("is provisional when it reaches 2027, equal to the Monday–Friday fallback", () => {
    // 12-29 Tue 1 | 12-30 2 | 12-31 3 | 2027-01-01 Fri 4 (assumed working) | 01-04 5 | 01-05 6 | 01-06 7
    const got = sut.workingDaysAfter("2026-12-28", 7);
    expect(got).toEqual({ date: "2027-01-06", provisional: true });
    expect(got.date).toBe(referenceAfter("2026-12-28", 7, monToFri));
    expect(sut.workingDaysAfter("2026-12-28", 3)).toEqual({ date: "2026-12-31", provisional: false });
  });

  it("is no longer provisional once 2027 is loaded, and skips 2027-01-01", () => {
    const with2027 = sut.withYear({ year: 2027, holidays: ["2027-01-01"], workdays: [] });
    // 12-29 1 | 12-30 2 | 12-31 3 | 01-01 holiday | 01-04 Mon 4 | 01-05 5 | 01-06 6 | 01-07 7
    expect(with2027.workingDaysAfter("2026-12-28", 7)).toEqual({ date: "2027-01-07", provisional: false });
    expect(with2027.isWorkingDay("2027-01-01")).toBe(false);
    expect(with2027.covers(2027)).toBe(true);
    expect(sut.workingDaysAfter("2026-12-28", 7)).toEqual({ date: "2027-01-06", provisional: true });
  });

  it("with no years loaded, equals Monday–Friday counting and is always provisional", () => {
    const empty = new WorkingCalendar([]);
    const random = seededRandom(7);
    for (let i = 0; i < 200; i++) {
      const start = toIso(toDay("2020-01-01") + Math.floor(random() * 3000));
      const n = 1 + Math.floor(random() * 100);
      expect(empty.workingDaysAfter(start, n), `${start} + ${n}`).toEqual({
        date: referenceAfter(start, n, monToFri),
        provisional: true,
      });
    }
  });

  it.each(["2025-02-30", "2025-9-26", "2025-09-26T00:00:00Z", "", "20250926"])(
    "rejects the start %j with RangeError",
    (start) => {
      expect(() => sut.workingDaysAfter(start, 7)).toThrow(RangeError);
    },
  );

  it.each([-1, 1.5, MAX_WORKING_DAYS + 1, Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects n = %s with RangeError",
    (n) => {
      expect(() => sut.workingDaysAfter("2025-09-26", n)).toThrow(RangeError);
    },
  );

  it("accepts the largest n", () => {
    const got = sut.workingDaysAfter("2025-09-26", MAX_WORKING_DAYS);
    expect(got.provisional).toBe(true);
    expect(sut.workingDaysBetween("2025-09-26", got.date)).toEqual({ days: MAX_WORKING_DAYS, provisional: true });
  });

  it("gives the same answers whatever the process time zone", () => {
    const saved = process.env.TZ;
    const expected = [sut.workingDaysAfter("2025-09-26", 7), sut.workingDaysAfter("2026-02-11", 8)];
    try {
      for (const tz of ["Pacific/Kiritimati", "America/Los_Angeles", "Asia/Shanghai", "UTC"]) {
        process.env.TZ = tz;
        const got = [sut.workingDaysAfter("2025-09-26", 7), sut.workingDaysAfter("2026-02-11", 8)];
        expect(got, tz).toEqual(expected);
        expect(sut.isWorkingDay("2025-09-28"), tz).toBe(true);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe("workingDaysBetween", () => {
  it("counts working days after `from` up to and including `to`, negative when reversed", () => {
    expect(sut.workingDaysBetween("2025-09-26", "2025-10-13")).toEqual({ days: 7, provisional: false });
    expect(sut.workingDaysBetween("2025-10-13", "2025-09-26")).toEqual({ days: -7, provisional: false });
    expect(sut.workingDaysBetween("2025-09-27", "2025-09-28").days).toBe(1); // make-up Sunday counts
    expect(sut.workingDaysBetween("2025-09-30", "2025-10-08").days).toBe(0); // only holidays
    expect(sut.workingDaysBetween("2025-10-08", "2025-09-30").days).toBe(0);
    expect(Object.is(sut.workingDaysBetween("2025-10-08", "2025-09-30").days, 0)).toBe(true);
    expect(sut.workingDaysBetween("2025-10-13", "2025-10-13")).toEqual({ days: 0, provisional: false });
  });

  it("undoes workingDaysAfter and is antisymmetric on random inputs", () => {
    const random = seededRandom(42);
    for (let i = 0; i < 400; i++) {
      const start = toIso(toDay("2003-06-01") + Math.floor(random() * 9000));
      const n = Math.floor(random() * 400);
      const deadline = sut.workingDaysAfter(start, n);
      const forward = sut.workingDaysBetween(start, deadline.date);
      expect(forward, `${start} + ${n}`).toEqual({ days: n, provisional: deadline.provisional });
      expect(sut.workingDaysBetween(deadline.date, start).days).toBe(n === 0 ? 0 : -n);
    }
  });

  it("equals a day-by-day count with chinese-days over 2004–2026", () => {
    const expected = datesBetween("2004-01-02", "2026-12-31").filter((d) => chineseDaysIsWorkday(d)).length;
    expect(sut.workingDaysBetween("2004-01-01", "2026-12-31")).toEqual({ days: expected, provisional: false });
  });

  it("is provisional when the span touches an uncovered year", () => {
    expect(sut.workingDaysBetween("2026-12-28", "2027-01-06")).toEqual({ days: 7, provisional: true });
    expect(sut.workingDaysBetween("2003-12-30", "2004-01-02").provisional).toBe(true);
    // Only days inside the span matter: ending on 2026-12-31 never looks at 2027.
    expect(sut.workingDaysBetween("2026-12-01", "2026-12-31").provisional).toBe(false);
    // Reversed, the span is the days after 2026-12-31 up to 2027-01-01, which is uncovered.
    expect(sut.workingDaysBetween("2027-01-01", "2026-12-31")).toEqual({ days: -1, provisional: true });
  });

  it("rejects an invalid date with RangeError", () => {
    expect(() => sut.workingDaysBetween("2025-13-01", "2025-10-01")).toThrow(RangeError);
    expect(() => sut.workingDaysBetween("2025-10-01", "2025-10-32")).toThrow(RangeError);
  });
});

describe("WorkingCalendar construction", () => {
  it("withYear replaces a year and leaves the original untouched", () => {
    const changed = sut.withYear({ year: 2025, holidays: [], workdays: [] });
    expect(changed.isWorkingDay("2025-10-01")).toBe(true);
    expect(changed.isWorkingDay("2025-09-28")).toBe(false);
    expect(changed.coveredYears()).toEqual(sut.coveredYears());
    expect(sut.isWorkingDay("2025-10-01")).toBe(false);
    expect(sut.isWorkingDay("2025-09-28")).toBe(true);
  });

  it("withYear rejects an invalid schedule with RangeError naming the field", () => {
    expect(() => sut.withYear({ year: 2027, holidays: ["2027-02-30"], workdays: [] })).toThrow(/holidays\[0\]/);
    expect(() => sut.withYear({ year: 2027, holidays: [], workdays: ["2027-01-04"] })).toThrow(RangeError);
  });

  it("rejects the same year given twice", () => {
    const year: YearCalendar = { year: 2030, holidays: [], workdays: [] };
    expect(() => new WorkingCalendar([year, year])).toThrow(/2030 is given twice/);
  });

  it("hands out copies, so callers cannot change it", () => {
    const years = sut.coveredYears();
    years.push(2099);
    const y2025 = sut.yearCalendar(2025);
    y2025?.holidays.splice(0);
    expect(sut.covers(2099)).toBe(false);
    expect(sut.yearCalendar(2025)?.holidays.length).toBeGreaterThan(0);
    expect(sut.yearCalendar(2027)).toBeUndefined();
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it("keeps its own copy of the schedule it was built from", () => {
    const input: YearCalendar = { year: 2030, holidays: ["2030-01-01"], workdays: [] };
    const calendar = new WorkingCalendar([input]);
    input.holidays.pop();
    expect(calendar.isWorkingDay("2030-01-01")).toBe(false);
  });

  it("official() returns the same calendar each time", () => {
    expect(WorkingCalendar.official()).toBe(sut);
  });
});

describe("validateYearCalendar", () => {
  it("accepts a schedule, holidays on weekends included, sorting the dates and dropping extra keys", () => {
    const result = validateYearCalendar({
      year: 2025,
      holidays: ["2025-10-08", "2025-10-04", "2025-10-01"], // 10-04 is a Saturday
      workdays: ["2025-10-11", "2025-09-28"],
      note: "ignored",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        year: 2025,
        holidays: ["2025-10-01", "2025-10-04", "2025-10-08"],
        workdays: ["2025-09-28", "2025-10-11"],
      },
    });
  });

  it.each([null, [], "2025", 2025])("rejects %j as a whole", (input) => {
    expect(problemsOf(input)).toEqual([{ field: "", message: expect.any(String) }]);
  });

  it.each([2025.5, 1999, 2101, "2025", undefined])("rejects year %j", (year) => {
    expect(problemsOf({ year, holidays: [], workdays: [] })).toEqual([
      { field: "year", message: expect.stringContaining("2000 to 2100") },
    ]);
  });

  it("accepts the years 2000 and 2100 at the edges", () => {
    expect(validateYearCalendar({ year: 2000, holidays: [], workdays: [] }).ok).toBe(true);
    expect(validateYearCalendar({ year: 2100, holidays: [], workdays: [] }).ok).toBe(true);
  });

  it("rejects lists that are missing or too long", () => {
    expect(problemsOf({ year: 2025, workdays: [] })).toEqual([{ field: "holidays", message: expect.any(String) }]);
    expect(problemsOf({ year: 2025, holidays: [], workdays: "2025-09-28" })).toEqual([
      { field: "workdays", message: expect.any(String) },
    ]);
    const tooMany = Array.from({ length: 367 }, () => "2025-01-01");
    expect(problemsOf({ year: 2025, holidays: tooMany, workdays: [] })).toEqual([
      { field: "holidays", message: expect.stringContaining("366") },
    ]);
  });

  it.each(["2025-02-29", "2025-2-03", "2025-13-01", "2025-10-01T00:00:00Z", 20251001, null])(
    "rejects %j as not a real date",
    (bad) => {
      expect(problemsOf({ year: 2025, holidays: ["2025-10-01", bad], workdays: [] })).toEqual([
        { field: "holidays[1]", message: expect.stringContaining("not a real date") },
      ]);
    },
  );

  it("accepts 29 February in a leap year", () => {
    expect(validateYearCalendar({ year: 2028, holidays: ["2028-02-29"], workdays: [] }).ok).toBe(true);
  });

  it("rejects a date outside the year", () => {
    expect(problemsOf({ year: 2025, holidays: ["2025-10-01", "2024-12-31"], workdays: ["2026-01-04"] })).toEqual([
      { field: "holidays[1]", message: "2024-12-31 is not in 2025" },
      { field: "workdays[0]", message: "2026-01-04 is not in 2025" },
    ]);
  });

  it("rejects a duplicate, naming the earlier entry", () => {
    const holidays = ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-02"];
    expect(problemsOf({ year: 2025, holidays, workdays: [] })).toEqual([
      { field: "holidays[3]", message: "2025-10-02 repeats holidays[1]" },
    ]);
  });

  it("rejects a date that is both a holiday and a make-up workday", () => {
    expect(problemsOf({ year: 2025, holidays: ["2025-10-04"], workdays: ["2025-09-28", "2025-10-04"] })).toEqual([
      { field: "workdays[1]", message: "2025-10-04 is also listed as a holiday" },
    ]);
  });

  it("rejects a make-up workday on a weekday", () => {
    expect(problemsOf({ year: 2025, holidays: [], workdays: ["2025-10-11", "2025-10-10"] })).toEqual([
      { field: "workdays[1]", message: "a make-up workday must be a Saturday or Sunday; 2025-10-10 is a Friday" },
    ]);
  });

  it("reports every problem at once", () => {
    const fields = problemsOf({
      year: 2025,
      holidays: ["2025-10-01", "2025-10-01", "nope"],
      workdays: ["2025-10-01", "2025-10-09"],
    }).map((p) => p.field);
    expect(fields).toEqual(["holidays[1]", "holidays[2]", "workdays[0]", "workdays[1]"]);
  });
});

describe("validateYearCalendar problems by type", () => {
  it("names each problem by a type the message table shows in Chinese, with the dates it is about", () => {
    const result = validateYearCalendar({
      year: 2027,
      holidays: ["2027-10-01", "2027-10-01", "2026-12-31", "2027-02-30"],
      workdays: ["2027-10-01", "2027-10-13"],
    });
    if (result.ok) throw new Error("expected problems");
    const shown = result.problems.map((p) => [p.field, p.type, problemMessageOf(p)]);
    expect(shown).toEqual([
      ["holidays[1]", "DATE_REPEATED", "2027-10-01 重复填写。"],
      ["holidays[2]", "DATE_NOT_IN_YEAR", "2026-12-31 不在 2027 年内。"],
      ["holidays[3]", "NOT_A_DATE", "不是有效日期（格式如 2027-10-01）。"],
      ["workdays[0]", "DATE_ALSO_HOLIDAY", "2027-10-01 同时被列为放假日期。"],
      ["workdays[1]", "MAKE_UP_NOT_WEEKEND", "调休上班日必须是周六或周日，2027-10-13 不是。"],
    ]);
  });
});
