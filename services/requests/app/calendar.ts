/**
 * The working-day calendar the requests service counts with. The results service owns it (its
 * bundled State Council schedules plus the years administrators load); a request's clock walks
 * the calendar day by day, many times per answer (a queue of requests, statistics), so asking
 * results for each count would cost a broker round trip per day counted. Instead the service
 * holds a copy: fetched once (`results.calendarSnapshot`) on first use, dropped when results
 * announces a change (`results.tablesChanged`, which every instance hears), and refetched after
 * `maxAgeMs` in any case, so a missed announcement heals itself. While results is away, the last
 * copy stays in use; without one, the answer is 503.
 */
import { WorkingCalendar, type YearCalendar } from "../../../shared/calendar.js";

export class CalendarCache {
  #value: { calendar: WorkingCalendar; at: number } | undefined;
  #loading: { generation: number; promise: Promise<WorkingCalendar> } | undefined;
  /** Bumped by each invalidation: a fetch begun before one is neither kept nor waited for after it. */
  #generation = 0;

  constructor(
    private readonly fetch: () => Promise<YearCalendar[]>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The calendar in force: the copy, or a fresh one when there is none, it is too old or was changed. */
  async get(): Promise<WorkingCalendar> {
    const held = this.#value;
    if (held && this.now() - held.at < this.maxAgeMs) return held.calendar;
    if (this.#loading?.generation !== this.#generation) {
      const generation = this.#generation;
      const promise = this.#load(generation).finally(() => {
        if (this.#loading?.promise === promise) this.#loading = undefined;
      });
      this.#loading = { generation, promise };
    }
    try {
      return await (this.#loading as { promise: Promise<WorkingCalendar> }).promise;
    } catch (err) {
      // The owner is away: the last copy is better than no answer.
      if (held) return held.calendar;
      throw err;
    }
  }

  /** The owner changed the calendar: the next use fetches it again (the old copy only while it cannot). */
  invalidate(): void {
    this.#generation += 1;
    if (this.#value) this.#value = { ...this.#value, at: Number.NEGATIVE_INFINITY };
  }

  async #load(generation: number): Promise<WorkingCalendar> {
    const calendar = new WorkingCalendar(await this.fetch());
    if (generation === this.#generation) this.#value = { calendar, at: this.now() };
    return calendar;
  }
}
