/**
 * Discount arithmetic of promotions. Pure functions, integers only: every amount is in minor
 * units (pence, cents), percentages are whole numbers 1–100.
 */
import type { PromotionType } from '../promotions.contract.js';

/**
 * `percent`% of `amount`, rounded half-up to a whole minor unit: 15% of 333 = 49.95 → 50,
 * 10% of 5 = 0.5 → 1, 10% of 4 = 0.4 → 0. Exact integer arithmetic (no floating point).
 * @param amount non-negative integer (minor units). @param percent integer 0–100.
 */
export function percentOf(amount: number, percent: number): number {
  const scaled = BigInt(amount) * BigInt(percent);
  return Number((scaled + 50n) / 100n);
}

/**
 * The discount (minor units) a promotion takes off the eligible lines, whose total is
 * `eligibleTotal`: percentage → `percentOf(eligibleTotal, value)`; fixed amount →
 * `min(value, eligibleTotal)`; free shipping → 0 (shipping is waived instead). Never more than
 * `eligibleTotal`, never negative.
 */
export function discountFor(type: PromotionType, value: number, eligibleTotal: number): number {
  const total = Math.max(0, eligibleTotal);
  switch (type) {
    case 'percentage':
      return Math.min(total, percentOf(total, Math.min(Math.max(value, 0), 100)));
    case 'fixed_amount':
      return Math.min(total, Math.max(value, 0));
    case 'free_shipping':
      return 0;
  }
}

/**
 * Spreads `discount` over `lines` in proportion to their `lineTotal`, largest-remainder rounding:
 * each line first gets `floor(discount × lineTotal / total)`, then the units left over go one
 * each to the lines with the largest remainders (ties: the earlier line). The result has one
 * entry per line, in order, sums exactly to `discount` (when `discount ≤ total`), and gives no
 * line more than its own total. Lines of total 0 get 0; when every line is 0 everything is 0.
 */
export function spreadDiscount<L extends { sku: string; lineTotal: number }>(discount: number, lines: L[]): { sku: string; discount: number }[] {
  const total = lines.reduce((sum, l) => sum + Math.max(0, l.lineTotal), 0);
  if (total === 0 || discount <= 0) return lines.map((l) => ({ sku: l.sku, discount: 0 }));
  const amount = BigInt(Math.min(discount, total));
  const big = BigInt(total);
  const shares = lines.map((l, i) => {
    const numerator = amount * BigInt(Math.max(0, l.lineTotal));
    return { i, share: numerator / big, remainder: numerator % big };
  });
  let left = amount - shares.reduce((sum, s) => sum + s.share, 0n);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
  for (const s of byRemainder) {
    if (left <= 0n) break;
    if (s.remainder === 0n) continue;
    s.share += 1n;
    left -= 1n;
  }
  return lines.map((l, i) => ({ sku: l.sku, discount: Number(shares[i]!.share) }));
}
