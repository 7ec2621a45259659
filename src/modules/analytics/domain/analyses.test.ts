import { describe, expect, it } from 'vitest';
import { abcClasses, pairMeasures, quintileBoundaries, quintileScore, rfmSegment } from './analyses.js';

describe('abcClasses', () => {
  it('makes A the products before the cumulative share reaches 80 %, B up to 95 %, C the rest and every non-positive value', () => {
    // total 100: cumulative before each = 0, 50, 75, 85, 94, 98, 100
    const places = abcClasses([50, 25, 10, 9, 4, 2, 0, -3], 0.8, 0.95);
    expect(places.map((p) => p.abcClass).join('')).toBe('AAABBCCC');
    expect(places[3]).toEqual({ rank: 4, share: 0.09, cumulativeShare: 0.94, abcClass: 'B' });
  });
  it('answers null shares when nothing is positive', () => {
    expect(abcClasses([0, -1], 0.8, 0.95).map((p) => [p.share, p.abcClass])).toEqual([[null, 'C'], [null, 'C']]);
  });
});

describe('quintiles', () => {
  it('takes the nearest-rank 20/40/60/80 % values and scores ties alike', () => {
    const b = quintileBoundaries([1, 1, 1, 1, 2, 3, 5, 8, 13, 21]);
    expect(b).toEqual([1, 1, 3, 8]);
    expect([1, 2, 3, 5, 8, 9, 21].map((v) => quintileScore(v, b))).toEqual([1, 3, 3, 4, 4, 5, 5]);
    expect(quintileScore(0, [3, 10, 30, 90], true)).toBe(5);
    expect(quintileScore(365, [3, 10, 30, 90], true)).toBe(1);
  });
});

describe('rfmSegment', () => {
  it('gives every R × F × M cell one segment, by the grid of its docstring', () => {
    expect(rfmSegment(5, 5, 4)).toBe('champions');
    expect(rfmSegment(3, 4, 4)).toBe('loyal');
    expect(rfmSegment(1, 5, 5)).toBe('cant_lose');
    expect(rfmSegment(2, 3, 4)).toBe('at_risk');
    expect(rfmSegment(5, 2, 2)).toBe('potential_loyalists');
    expect(rfmSegment(5, 1, 1)).toBe('new_customers');
    expect(rfmSegment(4, 1, 2)).toBe('promising');
    expect(rfmSegment(3, 2, 3)).toBe('need_attention');
    expect(rfmSegment(3, 1, 1)).toBe('about_to_sleep');
    expect(rfmSegment(2, 2, 1)).toBe('hibernating');
    expect(rfmSegment(1, 1, 2)).toBe('lost');
  });
});

describe('pairMeasures', () => {
  it('computes support, both confidences and lift from basket counts', () => {
    // 100 baskets, A in 20, B in 10, both in 8: lift = 0.08 / (0.2 × 0.1) = 4
    expect(pairMeasures(8, 20, 10, 100)).toEqual({ support: 0.08, confidenceAB: 0.4, confidenceBA: 0.8, lift: 4 });
  });
});
