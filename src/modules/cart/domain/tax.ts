/**
 * Value-added tax. Prices are tax-inclusive (as in the UK and the EU): the amount a customer pays
 * already contains the tax, and the tax shown is the part of it that is tax:
 *
 *     tax = round(total × rate / (100 + rate))      (rounded half up, integer minor units)
 *
 * e.g. 12.00 GBP at 20 % → 1200 × 20 / 120 = 200 → tax 2.00 GBP. Rates are whole percentages.
 * Source: standard VAT rates published by the European Commission ("VAT rates", taxation and
 * customs union, 2024) and HMRC (UK standard rate 20 %). Destinations outside the list pay 0 %
 * (exports are zero-rated).
 */

/** Tax configuration: standard rate per destination country and the fallback rate. */
export interface TaxConfig {
  /** Whole-percent standard rate per ISO 3166-1 alpha-2 country. */
  rates: Readonly<Record<string, number>>;
  /** Rate of every other country (percent). */
  defaultRate: number;
  /** Country assumed while a cart has no destination yet (the shop's home country). */
  homeCountry: string;
}

/** The shop's tax rules. */
export const TAX_CONFIG: TaxConfig = {
  rates: { GB: 20, FR: 20, DE: 19, IE: 23, NL: 21, ES: 21, IT: 22, BE: 21 },
  defaultRate: 0,
  homeCountry: 'GB',
};

/** The whole-percent tax rate for a destination (`null`: not chosen yet → the home country's rate). */
export function taxRate(country: string | null, config: TaxConfig = TAX_CONFIG): number {
  return config.rates[country ?? config.homeCountry] ?? config.defaultRate;
}

/**
 * The tax contained in a tax-inclusive `total` (minor units, integer ≥ 0) at `rate` percent:
 * `round(total × rate / (100 + rate))`, half up, computed in integers (no float error).
 * @throws RangeError when `total` or `rate` is not a non-negative safe integer.
 */
export function inclusiveTax(total: number, rate: number): number {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (!Number.isSafeInteger(rate) || rate < 0) throw new RangeError(`rate must be a non-negative integer, got ${rate}`);
  if (rate === 0 || total === 0) return 0;
  const numerator = total * rate;
  const denominator = 100 + rate;
  const quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}
