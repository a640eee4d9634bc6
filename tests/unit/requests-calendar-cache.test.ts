import { describe, expect, it } from "vitest";
import { WorkingCalendar, type YearCalendar } from "../../shared/calendar.js";
import { CalendarCache } from "../../services/requests/app/calendar.js";

const official = WorkingCalendar.official();
const years = (): YearCalendar[] => official.coveredYears().map((y) => official.yearCalendar(y) as YearCalendar);
const year2031: YearCalendar = { year: 2031, holidays: ["2031-01-01"], workdays: [] };

/** A results service that counts the snapshots it was asked for and can be made to fail or wait. */
function owner() {
  const state = { calls: 0, extra: [] as YearCalendar[], fail: false, gate: null as Promise<void> | null };
  const fetch = async () => {
    state.calls += 1;
    const extra = [...state.extra];
    if (state.gate) await state.gate;
    if (state.fail) throw new Error("results is away");
    return [...years(), ...extra];
  };
  return { state, fetch };
}

describe("the requests service's copy of the working-day calendar", () => {
  it("fetches once, then answers from the copy until it is too old", async () => {
    const { state, fetch } = owner();
    let now = 0;
    const cache = new CalendarCache(fetch, 1000, () => now);
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect(a).toBe(b);
    expect(state.calls).toBe(1);
    now = 999;
    await cache.get();
    expect(state.calls).toBe(1);
    now = 1000;
    await cache.get();
    expect(state.calls).toBe(2);
  });

  it("fetches again after the owner announces a change, and never keeps a fetch begun before it", async () => {
    const { state, fetch } = owner();
    const cache = new CalendarCache(fetch, 60_000, () => 0);
    expect((await cache.get()).covers(2031)).toBe(false);
    let open: () => void = () => {};
    state.gate = new Promise<void>((resolve) => (open = resolve));
    cache.invalidate();
    const early = cache.get();
    // The administrator loads 2031 while the first fetch is still on its way.
    state.extra = [year2031];
    cache.invalidate();
    const late = cache.get();
    open();
    state.gate = null;
    expect((await early).covers(2031)).toBe(false);
    expect((await late).covers(2031)).toBe(true);
    expect((await cache.get()).covers(2031)).toBe(true);
    expect(state.calls).toBe(3);
  });

  it("keeps the last copy while the owner is away, and fails only without one", async () => {
    const { state, fetch } = owner();
    state.fail = true;
    const cache = new CalendarCache(fetch, 60_000, () => 0);
    await expect(cache.get()).rejects.toThrow("results is away");
    state.fail = false;
    const first = await cache.get();
    state.fail = true;
    cache.invalidate();
    expect(await cache.get()).toBe(first);
    state.fail = false;
    expect(await cache.get()).not.toBe(first);
  });
});
