import { describe, expect, it } from 'vitest';
import { ResultCache } from './search.cache.js';

describe('ResultCache', () => {
  let now = 0;
  const clock = () => now;

  it('evicts the least recently used entry beyond its size', () => {
    now = 0;
    const cache = new ResultCache<number>({ maxEntries: 2, now: clock });
    cache.set('a', 1, cache.ticket());
    cache.set('b', 2, cache.ticket());
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3, cache.ticket());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('expires entries after their TTL', () => {
    now = 0;
    const cache = new ResultCache<number>({ ttlMs: 100, now: clock });
    cache.set('a', 1, cache.ticket());
    now = 100;
    expect(cache.get('a')).toBe(1);
    now = 101;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops everything on invalidate, refuses values computed before it, and stays quiet a moment', () => {
    now = 0;
    const cache = new ResultCache<number>({ quietMs: 50, now: clock });
    cache.set('a', 1, cache.ticket());
    const stale = cache.ticket();
    cache.invalidate();
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 1, stale); // computed from data read before the change
    expect(cache.size).toBe(0);
    cache.set('a', 2, cache.ticket()); // within the quiet period: the change may not be committed yet
    expect(cache.size).toBe(0);
    now = 51;
    cache.set('a', 3, cache.ticket());
    expect(cache.get('a')).toBe(3);
  });

  it('stores nothing with maxEntries 0', () => {
    const cache = new ResultCache<number>({ maxEntries: 0 });
    cache.set('a', 1, cache.ticket());
    expect(cache.get('a')).toBeUndefined();
  });
});
