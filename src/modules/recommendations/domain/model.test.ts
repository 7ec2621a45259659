import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { buyAgain, coOccurrence, easeScores, fitEase, neighbours, similarity, type Basket } from './model.js';

const day = 86_400_000;
const b = (customer: string | null, d: number, items: string[]): Basket => ({ customer, at: d * day, items });

describe('co-occurrence', () => {
  const baskets = [b('a', 1, ['x', 'y']), b('a', 2, ['x', 'y', 'z']), b('b', 3, ['x', 'z']), b(null, 40, ['w'])];
  const co = coOccurrence(baskets, 30);

  it('counts items, pairs and recent baskets', () => {
    const [x, y, z, w] = ['x', 'y', 'z', 'w'].map((s) => co.index.get(s)!);
    expect([...co.counts]).toEqual([3, 2, 2, 1]);
    expect(co.pairs[x! * 4 + y!]).toBe(2);
    expect(co.pairs[y! * 4 + z!]).toBe(1);
    expect(co.recent[w!]).toBe(1);
    expect(co.recent[x!]).toBe(0);
  });

  it('computes cosine, Jaccard and lift', () => {
    expect(similarity('cosine', 2, 3, 2, 4)).toBeCloseTo(2 / Math.sqrt(6));
    expect(similarity('jaccard', 2, 3, 2, 4)).toBeCloseTo(2 / 3);
    expect(similarity('lift', 2, 3, 2, 4)).toBeCloseTo((2 * 4) / 6);
  });

  it('ranks neighbours by similarity above a support floor', () => {
    const lists = neighbours(co, 'cosine', 5, 2);
    expect(lists[co.index.get('x')!]!.map((n) => co.skus[n.item])).toEqual(['y', 'z']);
    expect(lists[co.index.get('w')!]).toEqual([]);
  });

  it('EASE^R scores an item bought with the customer\'s items above one never bought with them', async () => {
    const model = await fitEase(co, 10, 1);
    const top = easeScores(model, [co.index.get('y')!], 3).map((n) => co.skus[n.item]);
    expect(top[0]).toBe('x');
    expect(top).not.toContain('y');
  });
});

describe('buy again', () => {
  it('ranks repeat purchases first, by how often and how due they are', () => {
    const list = buyAgain([b('a', 0, ['tea', 'mug']), b('a', 10, ['tea']), b('a', 20, ['tea', 'pot']), b('a', 28, ['jam'])], 30 * day, 10).get('a')!;
    expect(list[0]).toMatchObject({ sku: 'tea', times: 3, everyDays: 10 });
    expect(list.map((r) => r.sku)).toEqual(['tea', 'jam', 'pot', 'mug']);
  });
});

describe('evaluate', () => {
  it('scores a time-based split: co-purchase finds the basket partner popularity misses', async () => {
    const train = [b('a', 1, ['x', 'y']), b('b', 2, ['x', 'y']), b('c', 3, ['x', 'y']), b('d', 4, ['p', 'q']), b('e', 5, ['p', 'r']), b('f', 6, ['p', 's'])];
    const test = [b('a', 20, ['x', 'y'])];
    const e = await evaluate([...train, ...test], { cutoff: 10 * day, categories: new Map(), easeItems: 10, easeLambda: 1 });
    const row = (task: string, method: string) => e.rows.find((r) => r.task === task && r.method.startsWith(method))!;
    expect(e.test).toMatchObject({ baskets: 1, seeds: 2, customers: 1 });
    expect(row('bought-together', 'co-occurrence (cosine)')).toMatchObject({ cases: 2, hr: 1, recall: 1, ndcg: 1 });
    expect(row('for-you (with repeats)', 'buy again')).toMatchObject({ hr: 1, recall: 1 });
  });
});
