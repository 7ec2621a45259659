import type { VariantInfo } from '../catalog/index.js';
import type { PromotionCustomer, PromotionEvaluation } from '../promotions/index.js';
import { expiresAt } from './cart.access.js';
import type { CartDto, CartLineDto, Money } from './cart.contract.js';
import { CartErrors } from './cart.errors.js';
import { load, type CartContext, type CartRow, type ItemRow } from './cart.store.js';
import { priceCart, shippingPriceOf, subtotalOf, type PricedCart, type PricingLineInput, type PromotionOutcome } from './domain/pricing.js';
import { shippingConfigFor } from './domain/shipping.js';

/** `amount` minor units of the ISO 4217 `currency`. */
export const money = (amount: number, currency: string): Money => ({ amount, currency });

/**
 * The catalog's variants of `skus` as site `site` sells them (unknown SKUs and SKUs not sold on
 * the site are absent), taking those of `known` as they are and asking the catalog
 * (`variantsBySku`, one call) only for the others.
 */
export async function variantsOf(ctx: CartContext, site: string, skus: string[], known?: Map<string, VariantInfo>): Promise<Map<string, VariantInfo>> {
  const found = new Map(known);
  const missing = [...new Set(skus)].filter((sku) => !found.has(sku));
  if (missing.length > 0) for (const v of await ctx.deps.catalog.variantsBySku(missing, undefined, site)) found.set(v.sku, v);
  return found;
}

/** `items` as pricing lines: a line counts (at its catalog price) only when its variant exists and is priced in the cart's currency. */
function pricingLines(row: Pick<CartRow, 'currency'>, items: { sku: string; quantity: number }[], variants: Map<string, VariantInfo>): PricingLineInput[] {
  return items.map((i) => {
    const v = variants.get(i.sku);
    const counted = !!v && v.price.currency === row.currency;
    return { sku: i.sku, quantity: i.quantity, unitPrice: counted ? v.price.amount : 0, counted };
  });
}

/**
 * Evaluates `code` (`promotions.evaluate`) for `customer` against the priced `lines`: the
 * subtotal before discount, the shipping of `destination` before any waiver (0 unless the cart is
 * in the shop's currency), and each counted line's total with its categories.
 */
export function evaluatePromotion(
  ctx: CartContext,
  code: string,
  row: Pick<CartRow, 'currency' | 'site'>,
  lines: PricingLineInput[],
  variants: Map<string, VariantInfo>,
  destination: { country: string | null; shippingMethodId: string | null },
  customer: PromotionCustomer | null,
): Promise<PromotionEvaluation> {
  const rates = shippingConfigFor(row.currency);
  return ctx.deps.promotions.evaluate({
    code,
    currency: row.currency,
    site: row.site,
    subtotal: subtotalOf(lines),
    shipping: rates ? shippingPriceOf(destination.country, destination.shippingMethodId, rates) : 0,
    lines: lines.filter((l) => l.counted).map((l) => ({ sku: l.sku, categoryIds: variants.get(l.sku)?.categoryIds ?? [], lineTotal: l.unitPrice * l.quantity })),
    customer,
  });
}

/** What a valid evaluation gives to the pricing (see `priceCart`); null for none or an invalid one. */
export function promotionOutcome(evaluation: PromotionEvaluation | null): PromotionOutcome | null {
  if (!evaluation?.valid) return null;
  return { type: evaluation.type, discount: evaluation.discount, freeShipping: evaluation.freeShipping, lineDiscounts: evaluation.lineDiscounts };
}

/**
 * Prices `row` with its `items` and the promotion `code` (default: the cart's own; null: none),
 * evaluated for the cart's owner, reusing the `known` variants.
 * @returns the variants used, the pricing (`priceCart`, minor units of the cart's currency) and
 *   the code's evaluation (null without a code).
 */
export async function priced(ctx: CartContext, row: CartRow, items: ItemRow[], code: string | null = row.promotionCode, known?: Map<string, VariantInfo>) {
  const variants = await variantsOf(ctx, row.site, items.map((i) => i.sku), known);
  const lines = pricingLines(row, items, variants);
  const rates = shippingConfigFor(row.currency);
  const destination = { country: row.country, shippingMethodId: rates ? row.shippingMethodId : null };
  const evaluation = code ? await evaluatePromotion(ctx, code, row, lines, variants, destination, { userId: row.userId, email: null }) : null;
  const pricing = priceCart({ lines, ...destination, promotion: promotionOutcome(evaluation), ...(rates ? { shippingConfig: rates } : {}) });
  return { variants, pricing, evaluation };
}

/** The API's view of `row` with its `items` as priced (`pricing`, `evaluation`); expiry after `ttlDays` days idle. */
function toDto(row: CartRow, items: ItemRow[], variants: Map<string, VariantInfo>, pricing: PricedCart, evaluation: PromotionEvaluation | null, ttlDays: number): CartDto {
  const c = row.currency;
  const lines: CartLineDto[] = items.map((item, i) => {
    const v = variants.get(item.sku);
    const p = pricing.lines[i]!;
    const priceCurrency = v?.price.currency ?? c;
    const unitPrice = v ? v.price.amount : 0;
    const available = Math.max(v?.available ?? 0, 0);
    return {
      id: item.id,
      sku: item.sku,
      title: v?.title ?? item.sku,
      slug: v?.slug ?? '',
      quantity: item.quantity,
      unitPrice: money(unitPrice, priceCurrency),
      lineTotal: money(unitPrice * item.quantity, priceCurrency),
      discount: money(p.discount, c),
      available,
      insufficientStock: item.quantity > available,
      purchasable: !!v && v.purchasable && priceCurrency === c,
    };
  });
  const expires = row.status === 'active' ? expiresAt(row, ttlDays) : null;
  return {
    id: row.id,
    status: row.status,
    currency: c,
    customerId: row.userId,
    lines,
    promotion: row.promotionCode
      ? evaluation && !evaluation.valid
        ? { code: row.promotionCode, valid: false, reason: evaluation.reason }
        : { code: row.promotionCode, valid: true }
      : null,
    shippingMethod: pricing.shippingMethod ? { id: pricing.shippingMethod.id, name: pricing.shippingMethod.name, price: money(pricing.shippingMethod.price, c) } : null,
    country: row.country,
    totals: {
      subtotal: money(pricing.subtotal, c),
      discount: money(pricing.discount, c),
      shipping: money(pricing.shipping, c),
      tax: money(pricing.tax, c),
      total: money(pricing.total, c),
    },
    itemCount: items.reduce((s, i) => s + i.quantity, 0),
    expiresAt: expires ? expires.toISOString() : null,
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** `row` with its `items`, priced now (the catalog asked only for SKUs `known` lacks). */
export async function answer(ctx: CartContext, row: CartRow, items: ItemRow[], known?: Map<string, VariantInfo>): Promise<CartDto> {
  const { variants, pricing, evaluation } = await priced(ctx, row, items, row.promotionCode, known);
  return toDto(row, items, variants, pricing, evaluation, ctx.options.ttlDays);
}

/** The cart `id` as it is now, priced (no access check: callers did it). @throws 404 CART.NOT_FOUND. */
export async function view(ctx: CartContext, id: string): Promise<CartDto> {
  const found = await load(ctx.database.db, id);
  if (!found) throw CartErrors.notFound();
  return answer(ctx, found.row, found.items);
}
