/**
 * Phasing of a yearly target over the 12 months of a fiscal year, in integers only: shares are
 * basis points (1/100 of a percent, 12 of them summing to {@link FULL}); amounts are minor units
 * (or units) split by largest remainder so the months sum exactly to the year.
 */

/** 100 % in basis points. */
export const FULL = 10_000;

/**
 * Splits the integer `amount` (any sign) over `weights` (integers ≥ 0, not all 0) in proportion,
 * by largest remainder: each part is ⌊|amount| × w ÷ Σw⌋, then the units left go one each to
 * the largest remainders (ties: earlier index). The parts carry `amount`'s sign and sum to it exactly.
 * @throws RangeError when the weights are empty, negative, not integers or all 0.
 */
export function largestRemainder(amount: number, weights: number[]): number[] {
  if (weights.length === 0 || weights.some((w) => !Number.isInteger(w) || w < 0)) throw new RangeError('weights must be integers ≥ 0');
  const total = weights.reduce((s, w) => s + w, 0);
  if (total === 0) throw new RangeError('weights must not all be 0');
  const sign = amount < 0 ? -1n : 1n;
  const whole = BigInt(Math.abs(amount));
  const bigTotal = BigInt(total);
  const parts = weights.map((w) => (whole * BigInt(w)) / bigTotal);
  const order = weights
    .map((w, i) => ({ i, r: (whole * BigInt(w)) % bigTotal }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  let left = whole - parts.reduce((s, p) => s + p, 0n);
  for (const { i } of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p * sign));
}

/** The even phasing: 10,000 basis points over 12 months by largest remainder (834 × 4, then 833 × 8). */
export function evenPhasing(): number[] {
  return largestRemainder(FULL, new Array<number>(12).fill(1));
}

/**
 * Basis points of 12 percentages with at most 2 decimals (`8.33` → 833).
 * @returns `{ ok: true, basisPoints }`, or `{ ok: false, sum }` (the percentages' sum, for the
 * message) when they do not sum to exactly 100 %, or `{ ok: false, reason }` when a value is not
 * a percentage with 2 decimals between 0 and 100 or there are not 12 of them.
 */
export function phasingFromPercentages(percentages: number[]): { ok: true; basisPoints: number[] } | { ok: false; sum?: number; reason: string } {
  if (percentages.length !== 12) return { ok: false, reason: `${percentages.length} percentages given, 12 needed` };
  const basisPoints: number[] = [];
  for (const p of percentages) {
    const bp = Math.round(p * 100);
    if (!Number.isFinite(p) || Math.abs(p * 100 - bp) > 1e-6 || bp < 0 || bp > FULL) {
      return { ok: false, reason: `${p} is not a percentage between 0 and 100 with at most 2 decimals` };
    }
    basisPoints.push(bp);
  }
  const total = basisPoints.reduce((s, b) => s + b, 0);
  if (total !== FULL) return { ok: false, sum: total / 100, reason: `the 12 percentages sum to ${total / 100} %, not 100 %` };
  return { ok: true, basisPoints };
}

/**
 * The phasing of monthly values (last year's monthly net revenue, or a CSV's monthly amounts):
 * each month's share of the total in basis points, by largest remainder (negative months count
 * as 0). @returns null when the total is not positive (no shares to take).
 */
export function phasingFromValues(values: number[]): number[] | null {
  const weights = values.map((v) => Math.max(0, Math.trunc(v)));
  if (weights.reduce((s, w) => s + w, 0) <= 0) return null;
  return largestRemainder(FULL, weights);
}

/** Basis points as percentages on the wire (`833` → `8.33`). */
export function percentagesOf(basisPoints: number[]): number[] {
  return basisPoints.map((b) => b / 100);
}
