/** Tuning of a {@link ResultCache}. Durations in milliseconds. */
export interface ResultCacheOptions {
  /** Most entries kept; the least recently used goes first (default 1 000). */
  maxEntries?: number;
  /** Longest life of an entry, a bound on staleness when another process handled an event (default 2 000). */
  ttlMs?: number;
  /** After an invalidation, results are not cached for this long, so that a query that read the data just before the event's transaction committed cannot leave a stale entry (default 500). */
  quietMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/**
 * A small in-process LRU of search results keyed by the normalised query. The search read model
 * changes only through the event handlers, which call {@link invalidate}: every entry goes, and a
 * result computed by a query that started before the invalidation is never stored.
 */
export class ResultCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  private readonly quietMs: number;
  private readonly now: () => number;
  private generation = 0;
  private quietUntil = 0;

  constructor(options: ResultCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1_000;
    this.ttlMs = options.ttlMs ?? 2_000;
    this.quietMs = options.quietMs ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** The cached value of `key`, or undefined (missing or expired). Marks it most recently used. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.at > this.ttlMs) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** A token to take before computing a value; {@link set} stores the value only if no invalidation happened since. */
  ticket(): number {
    return this.generation;
  }

  /** Stores `value` unless the cache was invalidated after `ticket` was taken or is in its quiet period. */
  set(key: string, value: V, ticket: number): void {
    const now = this.now();
    if (ticket !== this.generation || now < this.quietUntil || this.maxEntries === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** Drops every entry (the read model is about to change). */
  invalidate(): void {
    this.generation += 1;
    this.quietUntil = this.now() + this.quietMs;
    this.entries.clear();
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }
}
