import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../../platform/db/index.js';
import { pgErrorCode } from '../../platform/db/index.js';
import { eventStatement, publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { VariantInfo } from '../catalog/index.js';
import type { PromotionCustomer } from '../promotions/index.js';
import { newGuestToken, TOUCH_MS } from './cart.access.js';
import { CartAdds } from './cart.add.js';
import { markOrdered, quoteForCheckout, reopen } from './cart.checkout.js';
import type { CartAccess, CartDto, CheckoutQuote, Money, ShippingMethodDto } from './cart.contract.js';
import { CartErrors } from './cart.errors.js';
import { cleanupExpired } from './cart.expiry.js';
import { mergeGuestCart } from './cart.merge.js';
import { answer, money, priced, variantsOf, view } from './cart.pricing.js';
import type { AddItemBody, UpdateCartBody } from './cart.schemas.js';
import { accessible, accessibleSkus, activeCartOf, itemsOf, lockForChange, mutate, type CartContext, type CartDeps, type CartOptions, type CartRow } from './cart.store.js';
import { cart, cartItem } from './db/schema.js';
import { isCountryCode } from './domain/countries.js';
import { SHIPPING_CONFIG, shippingConfigFor, shippingMethodsFor } from './domain/shipping.js';

export type { CartDeps, CartOptions } from './cart.store.js';

/** The currency carts are priced in: the shop's (shipping prices are configured in it). */
export const CART_CURRENCY = SHIPPING_CONFIG.currency;

const p = (name: string) => sql.placeholder(name);

/** A new active cart (`id`, `userId` or `tokenHash`, `site` and its `currency`, `now`) and its `cart.created` event. */
const insertCart = eventStatement<{ id: string }>((db, outbox) => {
  const insert = db
    .insert(cart)
    .values({ id: p('id'), userId: p('userId'), tokenHash: p('tokenHash'), status: 'active', currency: p('currency'), site: p('site'), lastActivityAt: p('now'), createdAt: p('now'), updatedAt: p('now') })
    .returning({ id: cart.id });
  return sql`with created as (${insert.getSQL()}), written as (${outbox.events()}) select id from created`;
});

/**
 * Cart domain logic: guest and customer carts, lines, destination and shipping method,
 * promotion code, merge at login, checkout pricing and expiry of idle guest carts. This class
 * holds the cart's own changes and composes the rest, one file per concern: access and expiry
 * dates (`cart.access.ts`), reading and locking carts (`cart.store.ts`), pricing and the answer
 * (`cart.pricing.ts`), add-to-cart (`cart.add.ts`), merge at sign-in (`cart.merge.ts`), the
 * checkout contract (`cart.checkout.ts`), deletion of expired carts (`cart.expiry.ts`).
 *
 * Carts store SKUs and quantities only; every answer is priced from the catalog at that moment
 * (`catalog.variantsBySku`) and the promotion re-evaluated (`promotions.evaluate`). Writes start
 * with one statement that locks the cart row and records the activity (`UPDATE … RETURNING`), so
 * changes to one cart are serialised, and publish their events in the same transaction; their
 * answer is built from the rows read in that transaction (no re-read). Other modules are never
 * called inside a transaction (they use their own connection; on PGlite that would wait for this
 * transaction forever): the catalog is asked before it, and after it only for SKUs not yet known.
 */
export class CartService {
  private readonly ctx: CartContext;
  private readonly adds: CartAdds;

  constructor(database: Database, deps: CartDeps, options: CartOptions, log: Logger) {
    this.ctx = { database, deps, options, log };
    this.adds = new CartAdds(this.ctx);
  }

  private get db() {
    return this.ctx.database.db;
  }

  // ------------------------------------------------------------------ carts

  /**
   * Creates a cart on `site` (its code and currency; default: the default site in
   * {@link CART_CURRENCY}): a customer cart for `userId` (or their active cart on that site when
   * they have one: `created` false), else a guest cart with a fresh random token (256 bits,
   * base64url) returned here only; its SHA-256 is stored. Publishes `cart.created`.
   */
  async create(userId: string | null, site: { code: string; currency: string } = { code: 'default', currency: CART_CURRENCY }): Promise<{ cart: CartDto; token: string | null; created: boolean }> {
    if (userId) {
      const existing = await activeCartOf(this.db, userId, site.code);
      if (existing) return { cart: await view(this.ctx, existing.id), token: null, created: false };
    }
    const guest = userId ? null : newGuestToken();
    const id = newId('cart');
    const now = new Date();
    const created: CartRow = {
      id, userId, tokenHash: guest?.hash ?? null, status: 'active', currency: site.currency, site: site.code, promotionCode: null, country: null,
      shippingMethodId: null, orderId: null, lastActivityAt: now, createdAt: now, updatedAt: now,
    };
    try {
      // The row and its event in one statement (no transaction round trips).
      await insertCart.run(this.db, { id, userId, tokenHash: created.tokenHash, now, site: site.code, currency: site.currency }, [
        { type: 'cart.created', payload: { cartId: id, userId, currency: site.currency, site: site.code }, aggregateId: id },
      ]);
    } catch (err) {
      // A concurrent request created this user's cart first: answer that one.
      if (userId && pgErrorCode(err)?.code === '23505') {
        const existing = await activeCartOf(this.db, userId, site.code);
        if (existing) return { cart: await view(this.ctx, existing.id), token: null, created: false };
      }
      throw err;
    }
    // A new cart has no lines: its answer needs neither a re-read nor the catalog.
    return { cart: await answer(this.ctx, created, []), token: guest?.token ?? null, created: true };
  }

  /**
   * The cart, priced now. Reading counts as activity for a guest cart (refreshed at most once a minute).
   * @throws 404 CART.NOT_FOUND, 404 CART.EXPIRED.
   */
  async get(id: string, access: CartAccess): Promise<CartDto> {
    const { row, items } = await accessible(this.ctx, id, access);
    if (row.userId === null && row.status === 'active' && Date.now() - new Date(row.lastActivityAt).getTime() > TOUCH_MS) {
      const [touched] = await this.db.update(cart).set({ lastActivityAt: new Date() }).where(and(eq(cart.id, id), eq(cart.status, 'active'))).returning();
      return answer(this.ctx, touched ?? row, items);
    }
    return answer(this.ctx, row, items);
  }

  /** The SKUs of the cart's lines (no pricing, no activity recorded). @throws 404 CART.NOT_FOUND / CART.EXPIRED. */
  skus(id: string, access: CartAccess): Promise<string[]> {
    return accessibleSkus(this.ctx, id, access);
  }

  // ------------------------------------------------------------------ lines and destination

  /**
   * Adds `input.quantity` of `input.sku` (to its line when there is one) and answers the cart.
   * Publishes `cart.item_added`. Rules and errors: see {@link CartAdds.addItem}.
   */
  addItem(id: string, access: CartAccess, input: AddItemBody, site?: string): Promise<CartDto> {
    return this.adds.addItem(id, access, input, site);
  }

  /**
   * Sets the quantity of line `itemId`. Publishes `cart.item_updated`.
   * @throws 404 CART.ITEM_NOT_FOUND, 409 INVENTORY.INSUFFICIENT_STOCK (more than available; a
   *   lower quantity is always accepted), 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async updateItem(id: string, access: CartAccess, itemId: string, quantity: number): Promise<CartDto> {
    const before = await accessible(this.ctx, id, access);
    if (before.row.status !== 'active') throw CartErrors.notActive(before.row.status);
    if (!before.items.some((i) => i.id === itemId)) throw CartErrors.itemNotFound(itemId);
    // One catalog call before the transaction: availability for a larger quantity, and the answer.
    const variants = await variantsOf(this.ctx, before.row.site, before.items.map((i) => i.sku));
    const { row, items } = await this.ctx.database.transaction(async (tx) => {
      const locked = await lockForChange(tx, id, access, this.ctx.options.ttlDays);
      const lines = await itemsOf(tx, id);
      const current = lines.find((i) => i.id === itemId);
      if (!current) throw CartErrors.itemNotFound(itemId);
      if (quantity > this.ctx.options.maxUnitsPerSku) throw CartErrors.quantityLimit(current.sku, this.ctx.options.maxUnitsPerSku, quantity);
      if (quantity > current.quantity) {
        const available = variants.get(current.sku)?.available ?? 0;
        if (quantity > available) throw CartErrors.insufficientStock(current.sku, available, quantity);
      }
      await tx.update(cartItem).set({ quantity }).where(eq(cartItem.id, itemId));
      await publish(tx, 'cart.item_updated', { cartId: id, userId: locked.userId, sku: current.sku, previousQuantity: current.quantity, quantity }, id);
      return { row: locked, items: lines.map((i) => (i.id === itemId ? { ...i, quantity } : i)) };
    });
    return answer(this.ctx, row, items, variants);
  }

  /**
   * Removes line `itemId`. Publishes `cart.item_removed`.
   * @throws 404 CART.ITEM_NOT_FOUND, 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async removeItem(id: string, access: CartAccess, itemId: string): Promise<CartDto> {
    const { row, items } = await mutate(this.ctx, id, access, async (tx, locked) => {
      const [removed] = await tx.delete(cartItem).where(and(eq(cartItem.id, itemId), eq(cartItem.cartId, id))).returning();
      if (!removed) throw CartErrors.itemNotFound(itemId);
      await publish(tx, 'cart.item_removed', { cartId: id, userId: locked.userId, sku: removed.sku, quantity: removed.quantity }, id);
    });
    return answer(this.ctx, row, items);
  }

  /**
   * Sets the destination and/or the shipping method (`null` clears). A new country that the
   * chosen method does not serve clears the method.
   * @throws 400 VALIDATION.FAILED (unknown country), 409 CART.COUNTRY_REQUIRED (method without
   *   a destination), 409 CART.SHIPPING_UNAVAILABLE (method not offered there, or free-standard
   *   below its threshold), 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async update(id: string, access: CartAccess, input: UpdateCartBody): Promise<CartDto> {
    if (input.country && !isCountryCode(input.country)) throw CartErrors.unknownCountry(input.country, 'body/country');
    const { row, items: before } = await accessible(this.ctx, id, access);
    if (row.status !== 'active') throw CartErrors.notActive(row.status);
    let variants: Map<string, VariantInfo> | undefined;
    const country = input.country !== undefined ? input.country : row.country;
    // Clearing the destination clears the method chosen for it.
    let methodId = input.shippingMethodId !== undefined ? input.shippingMethodId : country === null ? null : row.shippingMethodId;
    if (methodId) {
      if (!country) throw CartErrors.countryRequired();
      const rates = shippingConfigFor(row.currency);
      const offered = rates ? shippingMethodsFor(country, rates).find((m) => m.id === methodId) : undefined;
      if (input.shippingMethodId) {
        if (!offered) throw CartErrors.shippingUnavailable(methodId, country);
        if (offered.minSubtotal !== null) {
          // The threshold applies to the subtotal after discount: price the cart to know it.
          const { pricing, variants: known } = await priced(this.ctx, { ...row, country, shippingMethodId: null }, before);
          variants = known; // reused for the answer
          if (pricing.subtotal - pricing.discount < offered.minSubtotal) {
            throw CartErrors.shippingUnavailable(methodId, country, money(offered.minSubtotal, row.currency));
          }
        }
      } else if (!offered) {
        methodId = null; // the new destination is not served by the method chosen before
      }
    }
    const { row: changed, items } = await mutate(this.ctx, id, access, async () => undefined, { country, shippingMethodId: methodId });
    return answer(this.ctx, changed, items, variants);
  }

  // ------------------------------------------------------------------ promotions

  /**
   * Applies a promotion code to the cart (re-checked on every read and at checkout). Publishes
   * `cart.promotion_changed`.
   * @throws 409 PROMOTIONS.INVALID with `reason` when it does not apply now, 409 PROMOTIONS.WRONG_SITE
   *   for a code limited to other sites, 422
   *   PROMOTIONS.ACCOUNT_REQUIRED for a guest cart and a code that requires an account, 409 CART.NOT_ACTIVE,
   *   404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async applyPromotion(id: string, access: CartAccess, code: string): Promise<CartDto> {
    const { row, items: before } = await accessible(this.ctx, id, access);
    if (row.status !== 'active') throw CartErrors.notActive(row.status);
    const { evaluation, variants } = await priced(this.ctx, row, before, code);
    if (evaluation?.valid === false && evaluation.reason === 'ACCOUNT_REQUIRED') throw CartErrors.promotionAccountRequired(code.trim().toUpperCase());
    if (evaluation?.valid === false && evaluation.reason === 'WRONG_SITE') throw CartErrors.promotionWrongSite(code.trim().toUpperCase(), row.site);
    if (!evaluation?.valid) throw CartErrors.promotionInvalid(code.trim(), evaluation?.valid === false ? evaluation.reason : 'NOT_FOUND');
    const { row: changed, items } = await mutate(this.ctx, 
      id,
      access,
      async (tx, locked) => {
        await publish(tx, 'cart.promotion_changed', { cartId: id, userId: locked.userId, code: evaluation.code }, id);
      },
      { promotionCode: evaluation.code },
    );
    return answer(this.ctx, changed, items, variants);
  }

  /** Removes the cart's promotion code (no-op without one). @throws 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED. */
  async removePromotion(id: string, access: CartAccess): Promise<CartDto> {
    const { row, items } = await mutate(this.ctx, id, access, async (tx, locked) => {
      if (locked.promotionCode === null) return;
      await tx.update(cart).set({ promotionCode: null }).where(eq(cart.id, id));
      await publish(tx, 'cart.promotion_changed', { cartId: id, userId: locked.userId, code: null }, id);
    });
    return answer(this.ctx, { ...row, promotionCode: null }, items);
  }

  /**
   * Would `code` apply to the cart `cartId`? Changes nothing. When valid: what it takes off
   * (merchandise discount plus any shipping it waives) and the cart total with it.
   * @throws 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async validatePromotion(access: CartAccess, cartId: string, code: string): Promise<{ valid: true; code: string; discount: Money; total: Money } | { valid: false; reason: string }> {
    const { row, items } = await accessible(this.ctx, cartId, access);
    const { pricing, evaluation } = await priced(this.ctx, row, items, code);
    if (!evaluation?.valid) return { valid: false, reason: evaluation?.valid === false ? evaluation.reason : 'NOT_FOUND' };
    return { valid: true, code: evaluation.code, discount: money(pricing.discount + pricing.shippingDiscount, row.currency), total: money(pricing.total, row.currency) };
  }

  // ------------------------------------------------------------------ merge, checkout, expiry

  /**
   * Folds the guest cart `cartId` (reached with `token`) into `userId`'s active cart — same SKUs
   * add up, capped by availability; the guest cart becomes `merged` — or, when the user has no
   * active cart, makes it theirs. Idempotent for a cart already merged into or owned by `userId`.
   * For `POST /api/carts/:id/associate` (sign-in with a guest cart).
   * @returns the user's active cart.
   * @throws AppError 404 CART.NOT_FOUND (wrong token, another user's cart), 404 CART.EXPIRED,
   *   409 CART.NOT_ACTIVE (ordered).
   */
  mergeGuestCart(userId: string, cartId: string, token: string): Promise<CartDto> {
    return mergeGuestCart(this.ctx, userId, cartId, token);
  }

  /** See {@link CartContract.quoteForCheckout}. */
  quoteForCheckout(cartId: string, access: CartAccess, input: { country: string; shippingMethodId: string; customer: PromotionCustomer | null }): Promise<CheckoutQuote> {
    return quoteForCheckout(this.ctx, cartId, access, input);
  }

  /** See {@link CartContract.markOrdered}. */
  markOrdered(tx: Tx, cartId: string, orderId: string): Promise<void> {
    return markOrdered(tx, cartId, orderId);
  }

  /** See {@link CartContract.reopen}. */
  reopen(tx: Tx, cartId: string, orderId: string): Promise<void> {
    return reopen(this.ctx, tx, cartId, orderId);
  }

  /**
   * The shipping methods that serve `country` (ISO 3166-1 alpha-2) for carts in `currency` (the
   * site's, ISO 4217; default the shop's), with prices and conditions in that currency; none for a
   * currency without delivery rates.
   * @throws AppError 400 VALIDATION.FAILED when `country` is not an ISO 3166-1 alpha-2 code.
   */
  async shippingMethods(country: string, currency: string = SHIPPING_CONFIG.currency): Promise<ShippingMethodDto[]> {
    if (!isCountryCode(country)) throw CartErrors.unknownCountry(country, 'querystring/country');
    const rates = shippingConfigFor(currency);
    if (!rates) return [];
    const c = rates.currency;
    return shippingMethodsFor(country, rates).map((m) => ({ id: m.id, name: m.name, price: money(m.price, c), minSubtotal: m.minSubtotal === null ? null : money(m.minSubtotal, c) }));
  }

  /** See {@link cleanupExpired}. @returns how many carts were deleted. */
  cleanup(): Promise<number> {
    return cleanupExpired(this.ctx);
  }
}
