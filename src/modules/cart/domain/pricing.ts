import { quoteShipping, SHIPPING_CONFIG, shippingMethodsFor, type OfferedShippingMethod, type ShippingConfig } from './shipping.js';
import { inclusiveTax, TAX_CONFIG, taxRate, type TaxConfig } from './tax.js';

/**
 * Cart arithmetic, pure: line totals, discount allocation, shipping, tax-inclusive totals.
 * Every amount is an integer in minor units of one currency.
 *
 *     lineTotal = unitPrice × quantity                  (before discount)
 *     subtotal  = Σ lineTotal of the lines that count
 *     discount  = merchandise discount of the promotion (≤ subtotal), allocated over the lines
 *     shipping  = price of the chosen method for the destination and subtotal − discount
 *                 (0 when the promotion gives free shipping or no method applies)
 *     total     = subtotal − discount + shipping
 *     tax       = round(total × rate / (100 + rate))    (prices are tax-inclusive; see tax.ts)
 */

/** A cart line to price. `counted`: false for lines that cannot be priced in the cart currency (left out of totals). */
export interface PricingLineInput {
  sku: string;
  /** Integer ≥ 1. */
  quantity: number;
  /** Minor units. */
  unitPrice: number;
  counted: boolean;
}

/** What a valid promotion grants (the promotions contract's answer, minor units). */
export interface PromotionOutcome {
  type: 'percentage' | 'fixed_amount' | 'free_shipping';
  /** Merchandise discount (0 for `free_shipping`). */
  discount: number;
  /** True when shipping is waived. */
  freeShipping: boolean;
  /** How the discount splits over SKUs, when the promotion says so. */
  lineDiscounts: { sku: string; discount: number }[];
}

/** Everything {@link priceCart} needs. */
export interface PricingInput {
  lines: PricingLineInput[];
  /** Destination (ISO 3166-1 alpha-2) or null when not chosen yet (tax of the home country, no shipping). */
  country: string | null;
  /** Chosen shipping method, or null. */
  shippingMethodId: string | null;
  /** A valid promotion's outcome, or null. */
  promotion: PromotionOutcome | null;
  shippingConfig?: ShippingConfig;
  taxConfig?: TaxConfig;
}

/** A priced line (minor units). `lineTotal` is before discount. */
export interface PricedLine {
  sku: string;
  unitPrice: number;
  lineTotal: number;
  discount: number;
}

/** The result of {@link priceCart} (minor units). */
export interface PricedCart {
  lines: PricedLine[];
  subtotal: number;
  /** Merchandise discount (not counting waived shipping). */
  discount: number;
  /** Shipping waived by a free-shipping promotion (0 otherwise). */
  shippingDiscount: number;
  shipping: number;
  /** The applied method with its undiscounted price, or null (none chosen, or it does not apply). */
  shippingMethod: OfferedShippingMethod | null;
  /** True when a method is chosen but does not apply (wrong zone, or threshold not reached). */
  shippingUnavailable: boolean;
  /** Whole percent. */
  taxRate: number;
  tax: number;
  total: number;
}

/** Σ unitPrice × quantity of the lines that count (minor units). */
export function subtotalOf(lines: PricingLineInput[]): number {
  return lines.reduce((sum, l) => (l.counted ? sum + l.unitPrice * l.quantity : sum), 0);
}

/**
 * The undiscounted price of `methodId` to `country` ignoring subtotal thresholds (what a
 * free-shipping promotion would waive), or 0 when there is no such method for that country.
 */
export function shippingPriceOf(country: string | null, methodId: string | null, config: ShippingConfig = SHIPPING_CONFIG): number {
  if (!country || !methodId) return 0;
  return shippingMethodsFor(country, config).find((m) => m.id === methodId)?.price ?? 0;
}

/**
 * Splits `amount` (integer ≥ 0, ≤ Σ weights) over `weights` (integers ≥ 0) in proportion,
 * largest remainder first (ties: earlier index), so the parts are integers summing to `amount`
 * and none exceeds its weight. All-zero weights get nothing.
 */
export function allocate(amount: number, weights: number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (amount <= 0 || total <= 0) return weights.map(() => 0);
  const capped = Math.min(amount, total);
  const big = BigInt(capped);
  const bigTotal = BigInt(total);
  const parts = weights.map((w) => Number((big * BigInt(w)) / bigTotal));
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % bigTotal }));
  let left = capped - parts.reduce((s, p) => s + p, 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0) break;
    if ((parts[i] as number) < (weights[i] as number)) {
      parts[i] = (parts[i] as number) + 1;
      left -= 1;
    }
  }
  return parts;
}

/**
 * Prices a cart: line totals, the promotion's merchandise discount (capped at the subtotal and
 * allocated over the counted lines, following the promotion's own per-SKU split when it gives
 * one), shipping for the destination (free-standard only once subtotal − discount reaches its
 * threshold; waived by a free-shipping promotion), the tax-inclusive total and its tax.
 */
export function priceCart(input: PricingInput): PricedCart {
  const shippingConfig = input.shippingConfig ?? SHIPPING_CONFIG;
  const taxConfig = input.taxConfig ?? TAX_CONFIG;
  const lineTotals = input.lines.map((l) => (l.counted ? l.unitPrice * l.quantity : 0));
  const subtotal = lineTotals.reduce((s, t) => s + t, 0);
  const promo = input.promotion;
  const discount = promo ? Math.max(0, Math.min(promo.discount, subtotal)) : 0;

  // Follow the promotion's per-SKU split when it has one (e.g. a category-restricted code).
  const preferred = new Map((promo?.lineDiscounts ?? []).map((d) => [d.sku, d.discount]));
  const preferredWeights = input.lines.map((l, i) => Math.max(0, Math.min(preferred.get(l.sku) ?? 0, lineTotals[i] as number)));
  const weights = preferredWeights.some((w) => w > 0) && preferredWeights.reduce((s, w) => s + w, 0) >= discount ? preferredWeights : lineTotals;
  const lineDiscounts = allocate(discount, weights);

  let shippingMethod: OfferedShippingMethod | null = null;
  let shippingUnavailable = false;
  if (input.country && input.shippingMethodId) {
    shippingMethod = quoteShipping(input.country, input.shippingMethodId, subtotal - discount, shippingConfig);
    shippingUnavailable = shippingMethod === null;
  }
  const shippingPrice = shippingMethod?.price ?? 0;
  const shippingDiscount = promo?.freeShipping ? shippingPrice : 0;
  const shipping = shippingPrice - shippingDiscount;
  const total = subtotal - discount + shipping;
  const rate = taxRate(input.country, taxConfig);
  return {
    lines: input.lines.map((l, i) => ({ sku: l.sku, unitPrice: l.unitPrice, lineTotal: l.unitPrice * l.quantity, discount: lineDiscounts[i] as number })),
    subtotal,
    discount,
    shippingDiscount,
    shipping,
    shippingMethod,
    shippingUnavailable,
    taxRate: rate,
    tax: inclusiveTax(total, rate),
    total,
  };
}
