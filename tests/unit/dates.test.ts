import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

type DatesModule = typeof import("../../shared/dates.js");

/** The module as loaded under a given process time zone (the formatter is built at load time). */
async function loadUnder(tz: string): Promise<DatesModule> {
  process.env.TZ = tz;
  vi.resetModules();
  return import("../../shared/dates.js");
}

const CASES: [string, string][] = [
  ["2026-11-26T15:59:59Z", "2026-11-26"],
  ["2026-11-26T15:59:59.999Z", "2026-11-26"],
  ["2026-11-26T16:00:00Z", "2026-11-27"],
  ["2026-11-26T00:00:00Z", "2026-11-26"],
  ["2026-11-25T16:00:00Z", "2026-11-26"],
  ["2026-12-31T15:59:59Z", "2026-12-31"],
  ["2026-12-31T16:00:00Z", "2027-01-01"],
  ["2024-02-28T16:00:00Z", "2024-02-29"],
  ["2026-01-01T00:30:00+09:00", "2025-12-31"],
  ["2026-07-04T23:00:00-07:00", "2026-07-05"],
];

const ZONES = [
  "UTC",
  "Asia/Shanghai",
  "America/Los_Angeles",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
  "Europe/London",
];

describe("chinaToday", () => {
  const originalTz = process.env.TZ;

  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
    vi.useRealTimers();
  });

  for (const tz of ZONES) {
    describe(`with the process in ${tz}`, () => {
      let sut: DatesModule["chinaToday"];

      beforeEach(async () => {
        sut = (await loadUnder(tz)).chinaToday;
      });

      it.each(CASES)("%s is %s in China", (instant, expected) => {
        expect(sut(new Date(instant))).toBe(expected);
      });

      it("the process really is in that zone (the test is meaningful)", () => {
        const offset = new Date("2026-01-15T12:00:00Z").getTimezoneOffset();
        const expected: Record<string, number> = {
          UTC: 0,
          "Asia/Shanghai": -480,
          "America/Los_Angeles": 480,
          "Pacific/Kiritimati": -840,
          "Pacific/Pago_Pago": 660,
          "Europe/London": 0,
        };
        expect(offset).toBe(expected[tz]);
      });

      it("defaults to the current instant", () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        vi.setSystemTime(new Date("2026-11-26T16:00:00Z"));
        expect(sut()).toBe("2026-11-27");
        vi.setSystemTime(new Date("2026-11-26T15:59:59Z"));
        expect(sut()).toBe("2026-11-26");
      });
    });
  }

  it("always returns YYYY-MM-DD", async () => {
    const sut = (await loadUnder("UTC")).chinaToday;
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000 / 3) {
      const got = sut(new Date(t));
      expect(got).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(got).toBe(new Date(t + 8 * 3_600_000).toISOString().slice(0, 10));
    }
  });
});

describe("isCalendarDate", () => {
  it("accepts every day of a leap and a common year and nothing after the month's end", async () => {
    const { isCalendarDate: sut } = await import("../../shared/dates.js");
    for (const year of [2024, 2026, 2000, 1900]) {
      for (let month = 1; month <= 12; month++) {
        const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
        for (let day = 1; day <= 31; day++) {
          const value = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          expect(sut(value), value).toBe(day <= days);
        }
      }
    }
  });

  it("refuses month 13, month 0, day 0 and what is not YYYY-MM-DD", async () => {
    const { isCalendarDate: sut } = await import("../../shared/dates.js");
    for (const value of [
      "2026-13-01",
      "2026-00-01",
      "2026-01-00",
      "2026-1-1",
      "2026-01-01T00:00",
      "",
      null,
      20260101,
    ]) {
      expect(sut(value), String(value)).toBe(false);
    }
  });
});

describe("the console's dates (web/console/layout.ts)", () => {
  it("shows a moment as China's date and time in 年月日, and a calendar date without a time", async () => {
    const { day, when } = await import("../../web/console/layout.js");
    expect(when("2026-11-27T08:00:00Z")).toBe("2026年11月27日 16:00");
    // 16:30 UTC is the next day in China.
    expect(when("2026-11-27T16:30:00Z")).toBe("2026年11月28日 00:30");
    expect(when("2026-04-01")).toBe("2026年4月1日");
    expect(when(null)).toBe("");
    expect(day("2026-04-01")).toBe("2026年4月1日");
    expect(day("2026-11-27T16:30:00Z")).toBe("2026年11月28日");
    expect(day(undefined)).toBe("");
  });
});
