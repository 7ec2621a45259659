import { describe, expect, it } from 'vitest';
import { Cache } from './cache.js';

/** A promise and its resolver, to hold a load open. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Cache', () => {
  // The clock starts away from 0 (lru-cache treats a start time of 0 as "no start").
  let now = 1_000;
  const clock = () => now;

  it('evicts the least recently used entry beyond its size', () => {
    now = 1_000;
    const cache = new Cache<string, number>({ maxEntries: 2, now: clock });
    cache.set('a', 1, cache.ticket());
    cache.set('b', 2, cache.ticket());
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3, cache.ticket());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('expires entries after their TTL', () => {
    now = 1_000;
    const cache = new Cache<string, number>({ ttlMs: 100, now: clock });
    cache.set('a', 1, cache.ticket());
    now = 1_100;
    expect(cache.get('a')).toBe(1);
    now = 1_101;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops everything on clear, refuses values computed before it, and stays quiet a moment', () => {
    now = 1_000;
    const cache = new Cache<string, number>({ quietMs: 50, now: clock });
    cache.set('a', 1, cache.ticket());
    const stale = cache.ticket();
    cache.clear();
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 1, stale); // computed from data read before the change
    expect(cache.size).toBe(0);
    cache.set('a', 2, cache.ticket()); // within the quiet period: the change may not be committed yet
    expect(cache.size).toBe(0);
    now = 1_051;
    cache.set('a', 3, cache.ticket());
    expect(cache.get('a')).toBe(3);
  });

  it('stores nothing with maxEntries 0', async () => {
    const cache = new Cache<string, number>({ maxEntries: 0 });
    cache.set('a', 1, cache.ticket());
    expect(cache.get('a')).toBeUndefined();
    expect(await cache.fetch('a', async () => 2)).toBe(2);
    expect(cache.get('a')).toBeUndefined();
  });

  it('fetch: one load for concurrent callers, cached afterwards, not cached when it fails', async () => {
    const cache = new Cache<string, { n: number }>();
    let loads = 0;
    const load = deferred<{ n: number }>();
    const first = cache.fetch('k', () => (loads++, load.promise));
    const second = cache.fetch('k', () => (loads++, load.promise));
    load.resolve({ n: 1 });
    expect(await first).toEqual({ n: 1 });
    expect(await second).toBe(await first);
    expect(loads).toBe(1);
    expect(await cache.fetch('k', async () => ({ n: 2 }))).toEqual({ n: 1 });
    await expect(cache.fetch('bad', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.fetch('bad', async () => ({ n: 3 }))).toEqual({ n: 3 }); // the failure was not kept
  });

  it('fetch: a load that raced a clear or a delete is not stored, and later callers load afresh', async () => {
    const cache = new Cache<string, { v: string }>();
    for (const invalidate of [() => cache.clear(), () => cache.delete('k')]) {
      const slow = deferred<{ v: string }>();
      const before = cache.fetch('k', () => slow.promise);
      invalidate(); // a write committed while the load was reading
      const after = cache.fetch('k', async () => ({ v: 'new' }));
      slow.resolve({ v: 'old' });
      expect(await before).toEqual({ v: 'old' });
      expect(await after).toEqual({ v: 'new' });
      expect(cache.get('k')).toEqual({ v: 'new' });
      cache.delete('k');
      expect(cache.get('k')).toBeUndefined();
    }
  });
});
