import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { pgErrorCode } from '../../platform/db/index.js';
import { eventStatement, publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { VariantInfo } from '../catalog/index.js';
import type { PromotionCustomer } from '../promotions/index.js';
import type { CartAccess, CheckoutQuote } from './cart.contract.js';
import { CartErrors } from './cart.errors.js';
import type { CartEvents } from './cart.events.js';
import { evaluatePromotion, money, promotionOutcome, variantsOf } from './cart.pricing.js';
import { accessible, type CartContext, type CartRow, type ItemRow } from './cart.store.js';
import { cart } from './db/schema.js';
import { isCountryCode } from './domain/countries.js';
import { priceCart, type PricingLineInput } from './domain/pricing.js';
import { SHIPPING_CONFIG, shippingConfigFor, shippingMethodsFor } from './domain/shipping.js';

/** What the checkout prices a cart for (see {@link CartContract.quoteForCheckout}). */
type QuoteInput = { country: string; shippingMethodId: string; customer: PromotionCustomer | null };

const p = (name: string) => sql.placeholder(name);

/**
 * active → ordered for the cart `cartId` (with `orderId`, at `now`) and its `cart.ordered` event
 * (`eventId`; `payload` JSON without the userId, added from the row), in one statement; no row
 * (and no event) in any other status.
 */
const markCartOrdered = eventStatement<{ user_id: string | null }>((db, outbox) => {
  const done = db
    .update(cart)
    .set({ status: 'ordered', orderId: sql`${p('orderId')}`, updatedAt: sql`${p('now')}::timestamptz` })
    .where(and(eq(cart.id, p('cartId')), eq(cart.status, 'active')))
    .returning({ id: cart.id, userId: cart.userId });
  const event = sql`select ${p('eventId')}, 'cart.ordered', ${p('payload')}::jsonb || jsonb_build_object('userId', done.user_id), done.id from done`;
  return sql`with done as (${done.getSQL()}), written as (${outbox.insert(event)}) select user_id from done`;
}, (rows) => rows.length > 0);

/** See {@link CartContract.quoteForCheckout}. */
export async function quoteForCheckout(ctx: CartContext, cartId: string, access: CartAccess, input: QuoteInput): Promise<CheckoutQuote> {
  const { row, items } = await accessible(ctx, cartId, access);
  if (row.status !== 'active') throw CartErrors.notActive(row.status);
  if (items.length === 0) throw CartErrors.empty();
  if (!isCountryCode(input.country)) throw CartErrors.unknownCountry(input.country, 'country');
  return quote(ctx, row, items, await variantsOf(ctx, row.site, items.map((i) => i.sku)), input);
}

/**
 * Prices `row`'s non-empty `items` with the catalog's `variants` for an order to `input.country`
 * with `input.shippingMethodId` (see {@link CartContract.quoteForCheckout}).
 * @throws 422 CART.QUANTITY_LIMIT (a line above the shop's units per SKU), 409 CART.NOT_PURCHASABLE,
 *   409 CART.CURRENCY_MISMATCH, 409 CART.SHIPPING_UNAVAILABLE.
 */
async function quote(ctx: CartContext, row: CartRow, items: ItemRow[], variants: Map<string, VariantInfo>, input: QuoteInput): Promise<CheckoutQuote> {
  const currency = row.currency;
  for (const item of items) {
    // A line filled before the shop lowered MAX_UNITS_PER_SKU, or merged at sign-in.
    if (item.quantity > ctx.options.maxUnitsPerSku) throw CartErrors.quantityLimit(item.sku, ctx.options.maxUnitsPerSku, item.quantity);
    const v = variants.get(item.sku);
    if (!v || !v.purchasable) throw CartErrors.notPurchasable(item.sku);
    if (v.price.currency !== currency) throw CartErrors.currencyMismatch(item.sku, currency, v.price.currency);
  }
  const lines: PricingLineInput[] = items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPrice: variants.get(i.sku)!.price.amount, counted: true }));
  const destination = { country: input.country, shippingMethodId: input.shippingMethodId };
  const code = row.promotionCode;
  const evaluation = code ? await evaluatePromotion(ctx, code, row, lines, variants, destination, input.customer) : null;
  const shipping = shippingConfigFor(currency);
  const pricing = shipping ? priceCart({ lines, ...destination, promotion: promotionOutcome(evaluation), shippingConfig: shipping }) : null;
  if (!pricing?.shippingMethod) {
    const offered = shippingMethodsFor(input.country, shipping ?? SHIPPING_CONFIG).find((m) => m.id === input.shippingMethodId);
    const threshold = shipping && offered?.minSubtotal != null ? money(offered.minSubtotal, currency) : undefined;
    throw CartErrors.shippingUnavailable(input.shippingMethodId, input.country, threshold);
  }
  return {
    currency,
    site: row.site,
    lines: items.map((item, i) => {
      const v = variants.get(item.sku)!;
      const p = pricing.lines[i]!;
      return { sku: item.sku, variantId: v.variantId, productId: v.productId, title: v.title, quantity: item.quantity, unitPrice: p.unitPrice, discount: p.discount, lineTotal: p.lineTotal, categoryIds: v.categoryIds };
    }),
    subtotal: pricing.subtotal,
    discount: pricing.discount,
    shipping: pricing.shipping,
    tax: pricing.tax,
    total: pricing.total,
    promotion: evaluation?.valid ? { promotionId: evaluation.promotionId, code: evaluation.code } : null,
    promotionInvalidReason: evaluation && !evaluation.valid ? evaluation.reason : null,
    shippingMethod: { id: pricing.shippingMethod.id, name: pricing.shippingMethod.name },
  };
}

/** See {@link CartContract.markOrdered}. */
export async function markOrdered(tx: Tx, cartId: string, orderId: string): Promise<void> {
  const payload: Omit<CartEvents['cart.ordered'], 'userId'> = { cartId, orderId };
  const [done] = await markCartOrdered.run(tx, { cartId, orderId, now: new Date().toISOString(), eventId: newId('evt'), payload: JSON.stringify(payload) });
  if (!done) {
    const [row] = await tx.select({ status: cart.status }).from(cart).where(eq(cart.id, cartId)).limit(1);
    if (!row) throw CartErrors.notFound();
    throw CartErrors.notActive(row.status);
  }
}

/** See {@link CartContract.reopen}. */
export async function reopen(ctx: CartContext, tx: Tx, cartId: string, orderId: string): Promise<void> {
  const now = new Date();
  try {
    // A savepoint: should the owner's new active cart appear concurrently, only this step rolls back.
    await tx.transaction(async (sp) => {
      const [row] = await sp
        .update(cart)
        .set({ status: 'active', orderId: null, updatedAt: now, lastActivityAt: now })
        .where(
          and(
            eq(cart.id, cartId),
            eq(cart.status, 'ordered'),
            eq(cart.orderId, orderId),
            sql`(${cart.userId} is null or not exists (select 1 from cart.cart other where other.user_id = ${cart.userId} and other.site = ${cart.site} and other.status = 'active'))`,
          ),
        )
        .returning({ userId: cart.userId });
      if (row) await publish(sp, 'cart.reopened', { cartId, orderId, userId: row.userId }, cartId);
    });
  } catch (err) {
    if (pgErrorCode(err)?.code !== '23505') throw err;
    ctx.log.info({ cartId, orderId }, 'cart not reopened: its owner has another active cart');
  }
}
