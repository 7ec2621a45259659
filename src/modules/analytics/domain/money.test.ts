import { describe, expect, it } from 'vitest';
import { divideMoney, divideRounded, roundMoney, shortDecimal } from './money.js';

describe('the money rounding rule: half away from zero', () => {
  it('rounds ties away from zero on both sides, so a return mirrors its sale', () => {
    expect([2.5, -2.5, 0.5, -0.5, 1.5, -1.5].map(roundMoney)).toEqual([3, -3, 1, -1, 2, -2]);
    expect([2.4999, -2.4999, 2.5001, -2.5001, 0, -0].map(roundMoney)).toEqual([2, -2, 3, -3, 0, 0]);
    for (const x of [0.5, 2.5, 1234.5, 7.25 * 2]) expect(roundMoney(x) + roundMoney(-x)).toBe(0);
  });

  it('divides integers exactly, ties away from zero, whatever the signs', () => {
    expect([divideMoney(5n, 2n), divideMoney(-5n, 2n), divideMoney(5n, -2n), divideMoney(-5n, -2n)]).toEqual([3n, -3n, -3n, 3n]);
    expect([divideMoney(7n, 3n), divideMoney(-7n, 3n), divideMoney(8n, 3n), divideMoney(-8n, 3n)]).toEqual([2n, -2n, 3n, -3n]);
    // Beyond 2^53: no float error.
    expect(divideMoney(2n ** 60n + 1n, 2n)).toBe(2n ** 59n + 1n);
    expect(() => divideMoney(1n, 0n)).toThrow(RangeError);
    expect([divideRounded(-5, 2), divideRounded(5, 2), divideRounded(-1, 3), divideRounded(1, 0)]).toEqual([-3, 3, 0, null]);
  });

  it('writes rates in their shortest decimal form', () => {
    expect(['0.8500000000', '002.000', '1', '0.0000000001'].map(shortDecimal)).toEqual(['0.85', '2', '1', '0.0000000001']);
  });
});
