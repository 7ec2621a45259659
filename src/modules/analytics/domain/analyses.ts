/**
 * The arithmetic of the product and customer analyses, pure: ABC (Pareto) classes, RFM quintile
 * scores and segments, association measures of product pairs. The SQL that feeds them lives in
 * analytics.analyses.ts.
 */

/** An ABC class: A = the products making the first `a` of the measure, B = the next up to `b`, C = the rest. */
export type AbcClass = 'A' | 'B' | 'C';

/** A product's place in an ABC analysis: its share of the total and the cumulative share up to and including it. */
export interface AbcPlace {
  rank: number;
  share: number | null;
  cumulativeShare: number | null;
  abcClass: AbcClass;
}

/** A ratio rounded to 4 decimal places; null when the denominator is 0. */
const ratio4 = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 10_000) / 10_000);

/**
 * Ranks `values` (one per product, already sorted by the measure descending, ties by key) and
 * classes them: total = Σ of the positive values; a product with a positive value is A when the
 * cumulative share BEFORE it is below `a` (so the product that crosses `a` is still A and the
 * first product is always A), B when it is below `b`, else C; a product whose value is 0 or
 * negative (a net return, a margin loss) is always C. Shares (4 places) are of that total;
 * null when the total is 0. `0 < a < b ≤ 1` is the caller's check.
 */
export function abcClasses(values: number[], a: number, b: number): AbcPlace[] {
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  let before = 0;
  return values.map((v, i) => {
    const shareBefore = total === 0 ? 1 : before / total;
    const abcClass: AbcClass = v <= 0 ? 'C' : shareBefore < a ? 'A' : shareBefore < b ? 'B' : 'C';
    before += v;
    return { rank: i + 1, share: ratio4(v, total), cumulativeShare: ratio4(before, total), abcClass };
  });
}

/**
 * The four quintile boundaries of `values`: for k = 1..4 the value at the k/5 quantile by the
 * nearest-rank method (PostgreSQL's `percentile_disc(k / 5.0)`: the smallest value whose
 * cumulative share of the sorted values reaches k/5). Empty input → [].
 */
export function quintileBoundaries(values: ArrayLike<number>): number[] {
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  return [1, 2, 3, 4].map((k) => sorted[Math.max(0, Math.ceil((k / 5) * sorted.length) - 1)] as number);
}

/**
 * The 1–5 score of `value` against quintile `boundaries`: 1 + how many boundaries it exceeds
 * (equal values always get the same score; a value on a boundary belongs to the lower quintile).
 * With `lowerIsBetter` (recency in days) the score is reversed: 5 = the most recent.
 */
export function quintileScore(value: number, boundaries: number[], lowerIsBetter = false): number {
  let above = 0;
  for (const b of boundaries) if (value > b) above += 1;
  return lowerIsBetter ? 5 - above : 1 + above;
}

/** RFM segment names, best first. */
export const RFM_SEGMENTS = [
  'champions', 'loyal', 'potential_loyalists', 'new_customers', 'promising', 'need_attention', 'about_to_sleep', 'cant_lose', 'at_risk', 'hibernating', 'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/**
 * The named segment of R, F, M scores (1–5). FM = ⌊(F + M) ÷ 2⌋, then the first rule that
 * matches (every R × FM cell has exactly one segment):
 *
 * | segment | R | FM |
 * |---|---|---|
 * | champions | 4–5 | 4–5 |
 * | loyal | 3–5 | 3–5 (not champions) |
 * | cant_lose | 1–2 | 4–5 |
 * | at_risk | 1–2 | 3 |
 * | potential_loyalists | 4–5 | 2 |
 * | new_customers | 5 | 1 |
 * | promising | 4 | 1 |
 * | need_attention | 3 | 2 |
 * | about_to_sleep | 3 | 1 |
 * | hibernating | 2 | 1–2 |
 * | lost | 1 | 1–2 |
 *
 * Source: the eleven segments of Putler's RFM analysis guide (putler.com/rfm-analysis), which
 * places them on the R score against the mean of the F and M scores; its published ranges
 * overlap (a first-match reading of them never reaches "can't lose"), so the grid above is that
 * table made total and non-overlapping: "can't lose" (high value, long gone) is checked before
 * "at risk", and "lost" is the lowest recency of the old, low-value corner "hibernating" shares.
 */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const fm = Math.floor((f + m) / 2);
  if (r >= 4 && fm >= 4) return 'champions';
  if (r >= 3 && fm >= 3) return 'loyal';
  if (r <= 2 && fm >= 4) return 'cant_lose';
  if (r <= 2 && fm === 3) return 'at_risk';
  if (r >= 4 && fm === 2) return 'potential_loyalists';
  if (r === 5) return 'new_customers';
  if (r === 4) return 'promising';
  if (r === 3 && fm === 2) return 'need_attention';
  if (r === 3) return 'about_to_sleep';
  if (r === 2) return 'hibernating';
  return 'lost';
}

/** Association measures of a product pair over `baskets` baskets, from basket counts (4 places; null on a 0 denominator). */
export function pairMeasures(both: number, withA: number, withB: number, baskets: number): { support: number | null; confidenceAB: number | null; confidenceBA: number | null; lift: number | null } {
  return {
    support: ratio4(both, baskets),
    confidenceAB: ratio4(both, withA),
    confidenceBA: ratio4(both, withB),
    // lift = P(A∧B) ÷ (P(A)·P(B)) = both · baskets ÷ (withA · withB)
    lift: ratio4(both * baskets, withA * withB),
  };
}
