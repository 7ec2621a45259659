/**
 * The one rounding rule for money in analytics: to the nearest minor unit, a tie (exactly .5)
 * rounded half away from zero (2.5 → 3, −2.5 → −3).
 *
 * Why this rule: returns, cancellations and reversals are negative sale lines, the mirror of the
 * sale they undo. Rounding must be symmetric in sign so that a sale and its return, converted,
 * prorated or divided the same way, cancel to exactly 0: with half-up (⌊x + 0.5⌋) a sale of 2.5
 * gives 3 but its return −2.5 gives −2, and a fully returned sale would leave one minor unit of
 * revenue (and a region's returns would not mirror its sales). It is also what PostgreSQL's
 * `round(numeric)` does, so the SQL conversions and the TypeScript ones agree to the unit, and
 * what the sales import already applies to decimal amounts.
 *
 * Applies to every money amount the module computes: exchange-rate conversion (SQL `round` over
 * `numeric`, see `moneySql` in analytics.kpis.ts), target proration and conversion, money per
 * count (average basket, average selling price, revenue per m²), tax contained in a tax-inclusive
 * amount, line cost per unit, partial refunds, decimal text to minor units. Ratios (4 decimal
 * places) are not money and keep `Math.round`.
 */

/** `x` rounded to an integer, ties away from zero (`roundMoney(-2.5) === -3`). */
export function roundMoney(x: number): number {
  const r = Math.round(Math.abs(x));
  return x < 0 && r !== 0 ? -r : r;
}

/** `n ÷ d` (integers, `d` ≠ 0) rounded to an integer, ties away from zero, exactly (no float error). */
export function divideMoney(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if (2n * (an % ad) >= ad) q += 1n;
  return negative ? -q : q;
}

/**
 * `n ÷ d` for safe integers, rounded to an integer, ties away from zero (exact: integer
 * arithmetic); null when `d` is 0.
 */
export function divideRounded(n: number, d: number): number | null {
  if (d === 0) return null;
  return Number(divideMoney(BigInt(n), BigInt(d)));
}

/**
 * A decimal string (an exchange rate, `numeric(20,10)` as text) in its shortest form:
 * `0.9123000000` → `0.9123`, `002.000` → `2`. Rates travel as such strings, never as JSON numbers:
 * a rate has up to 10 digits on each side of the point, more than a double holds exactly.
 */
export function shortDecimal(r: string): string {
  const [whole = '', fraction = ''] = r.split('.');
  const w = whole.replace(/^0+/, '') || '0';
  const f = fraction.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}
