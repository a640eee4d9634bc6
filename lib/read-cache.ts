/**
 * The read cache of public reads (the feed's answers, and the gateway's edge cache of the public
 * notice API): answers kept in memory until the read model changes. Every applied outbox batch
 * bumps the generation in every feed and gateway replica before the writer's nudge returns, which
 * empties the cache; an answer computed while the generation moved is not kept, so a withdrawal is
 * never hidden behind an older answer. Entries also age out after
 * `maxAgeMs`, a safety net for a replica that missed the event. Least recently used entries go
 * first once `maxEntries` is reached, or once the entries' estimated size passes `bytes.max` (an
 * answer larger than that is not kept at all); 0 entries disables the cache.
 */
export class ReadCache {
  #generation = 0;
  #bytes = 0;
  readonly #entries = new Map<string, { value: unknown; at: number; size: number }>();
  /** Computations in flight, so a burst of identical misses queries the database once. */
  readonly #pending = new Map<string, Promise<unknown>>();

  constructor(
    readonly maxEntries: number,
    readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
    /** A bound on memory: the most the entries may hold, as `sizeOf` estimates each. */
    private readonly bytes?: { max: number; sizeOf: (value: unknown) => number },
  ) {}

  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entries' estimated size (0 without a byte bound). */
  get byteSize(): number {
    return this.#bytes;
  }

  /** The read model changed: forget every answer. */
  invalidate(): void {
    this.#generation++;
    this.#entries.clear();
    this.#bytes = 0;
    this.#pending.clear();
  }

  /** A kept answer, or undefined. */
  peek<T>(key: string): T | undefined {
    const hit = this.#entries.get(key);
    if (!hit || this.now() - hit.at >= this.maxAgeMs) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, hit);
    return hit.value as T;
  }

  /** Keeps an answer computed from the read model as it was at `generation` (if it still is). */
  put(key: string, value: unknown, generation: number, at = this.now()): void {
    if (this.maxEntries <= 0 || generation !== this.#generation) return;
    const size = this.bytes ? this.bytes.sizeOf(value) : 0;
    this.#drop(key);
    if (this.bytes && size > this.bytes.max) return;
    this.#entries.set(key, { value, at, size });
    this.#bytes += size;
    while (this.#entries.size > this.maxEntries || (this.bytes && this.#bytes > this.bytes.max))
      this.#drop(this.#entries.keys().next().value as string);
  }

  #drop(key: string): void {
    const old = this.#entries.get(key);
    if (!old) return;
    this.#entries.delete(key);
    this.#bytes -= old.size;
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.maxEntries <= 0) return compute();
    // peek re-inserts a hit: a Map iterates in insertion order, so the oldest key is the least recently used.
    const hit = this.peek<T>(key);
    if (hit !== undefined) return hit;
    const pending = this.#pending.get(key);
    if (pending) return pending as Promise<T>;
    const generation = this.#generation;
    const at = this.now();
    const promise = compute().then(
      (value) => {
        if (this.#pending.get(key) === promise) this.#pending.delete(key);
        this.put(key, value, generation, at);
        return value;
      },
      (err: unknown) => {
        if (this.#pending.get(key) === promise) this.#pending.delete(key);
        throw err;
      },
    );
    this.#pending.set(key, promise);
    return promise;
  }
}

/** A cache key for an action's parameters: the same filters in any order give the same key. */
export function cacheKey(action: string, params: object): string {
  const entries = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${action}:${JSON.stringify(entries)}`;
}

/**
 * The memory a string takes, roughly: V8 keeps a string with any character beyond Latin-1 (Chinese)
 * at two bytes a character.
 */
export function stringBytes(text: string): number {
  return text.length * 2;
}

/** The memory of an answer object, estimated from its JSON (the form it leaves in, too). */
export function jsonBytes(value: unknown): number {
  return stringBytes(JSON.stringify(value) ?? "");
}
