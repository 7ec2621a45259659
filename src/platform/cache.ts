import { LRUCache } from 'lru-cache';

/** Tuning of a {@link Cache}. Durations in milliseconds. */
export interface CacheOptions {
  /** Most entries kept; the least recently used goes first; 0 caches nothing (default 1 000). */
  maxEntries?: number;
  /** Longest life of an entry (its age counts from when it was stored, not read); 0 for no limit (default 0). */
  ttlMs?: number;
  /**
   * After {@link Cache.clear}, nothing is stored for this long, so that a value read just before
   * a change committed elsewhere cannot be cached after it (default 0).
   */
  quietMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

/**
 * An in-process LRU cache (lru-cache) of values computed from data that changes: TTL, a bound on
 * entries, {@link fetch} with one load per key at a time (concurrent callers share it), and
 * invalidation that also refuses values computed from data read before it: a load or a
 * {@link ticket} taken before a {@link clear} never stores its value.
 */
export class Cache<K extends string, V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<K, V> | undefined;
  private readonly loading = new Map<K, Promise<V>>();
  private readonly quietMs: number;
  private readonly now: () => number;
  private generation = 0;
  private quietUntil = 0;

  constructor(options: CacheOptions = {}) {
    const maxEntries = options.maxEntries ?? 1_000;
    this.quietMs = options.quietMs ?? 0;
    this.now = options.now ?? Date.now;
    const ttl = options.ttlMs ?? 0;
    // A clock given by a test is read at every check (no 1 ms cached "now").
    const clock = options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {};
    this.entries = maxEntries > 0 ? new LRUCache<K, V>({ max: maxEntries, ...(ttl > 0 ? { ttl } : {}), ...clock }) : undefined;
  }

  /**
   * The value cached under `key`, or undefined (missing or expired); marks it most recently used.
   * `T` narrows the answer for caches whose keys tell the value's type (the caller's promise).
   */
  get<T extends V = V>(key: K): T | undefined {
    return this.entries?.get(key) as T | undefined;
  }

  /** A token to take before computing a value by hand; {@link set} stores it only if nothing was cleared since. */
  ticket(): number {
    return this.generation;
  }

  /** Stores `value` under `key`, unless the cache was cleared after `ticket` was taken or is in its quiet period. */
  set(key: K, value: V, ticket: number): void {
    if (ticket !== this.generation || this.now() < this.quietUntil) return;
    this.entries?.set(key, value);
  }

  /**
   * The value under `key`, else `load()`'s, stored as by {@link set} with a ticket taken before
   * the load. Concurrent calls for a key share one load (until a {@link clear} or a
   * {@link delete} of the key: later calls load afresh, and the earlier load's value is not
   * stored). Rejects with `load`'s error (nothing stored). `T` as for {@link get}.
   */
  fetch<T extends V = V>(key: K, load: () => Promise<T>): Promise<T> {
    const hit = this.get<T>(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.loading.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const ticket = this.ticket();
    const settle = (): boolean => {
      const current = this.loading.get(key) === loaded;
      if (current) this.loading.delete(key);
      return current;
    };
    const loaded: Promise<T> = load().then(
      (value) => {
        if (settle()) this.set(key, value, ticket);
        return value;
      },
      (err: unknown) => {
        settle();
        throw err;
      },
    );
    this.loading.set(key, loaded);
    return loaded;
  }

  /** Drops the entry under `key` and forgets a {@link fetch} load of it in progress (its value will not be stored). */
  delete(key: K): void {
    this.entries?.delete(key);
    this.loading.delete(key);
  }

  /** Drops every entry and forgets loads in progress (their values will not be stored); starts the quiet period. */
  clear(): void {
    this.generation += 1;
    this.quietUntil = this.now() + this.quietMs;
    this.entries?.clear();
    this.loading.clear();
  }

  /** Number of entries held (expired ones may count until read). */
  get size(): number {
    return this.entries?.size ?? 0;
  }
}
