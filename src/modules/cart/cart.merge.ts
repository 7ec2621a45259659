import { asc, eq, inArray } from 'drizzle-orm';
import { pgErrorCode } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import { checkAccess } from './cart.access.js';
import type { CartDto } from './cart.contract.js';
import { CartErrors } from './cart.errors.js';
import { variantsOf, view } from './cart.pricing.js';
import { MAX_LINES } from './cart.schemas.js';
import { activeCartOf, findCart, itemsOf, type CartContext, type CartRow } from './cart.store.js';
import { cart, cartItem } from './db/schema.js';

/** See {@link CartService.mergeGuestCart}. */
export async function mergeGuestCart(ctx: CartContext, userId: string, cartId: string, token: string): Promise<CartDto> {
  const db = ctx.database.db;
  const guest = await findCart(db, cartId);
  if (!guest) throw CartErrors.notFound();
  if (guest.userId !== null) {
    if (guest.userId !== userId) throw CartErrors.notFound();
    if (guest.status !== 'active') throw CartErrors.notActive(guest.status);
    return view(ctx, guest.id); // already theirs
  }
  checkAccess(guest, { userId, token }, ctx.options.ttlDays);
  if (guest.status === 'merged') {
    const mine = await activeCartOf(db, userId, guest.site);
    if (mine) return view(ctx, mine.id); // merged before (a retried login)
  }
  if (guest.status !== 'active') throw CartErrors.notActive(guest.status);

  const target = await activeCartOf(db, userId, guest.site);
  if (!target) {
    try {
      await ctx.database.transaction(async (tx) => {
        const locked = await findCart(tx, cartId, true);
        if (!locked || locked.userId !== null || locked.status !== 'active') throw CartErrors.notActive(locked?.status ?? 'gone');
        await tx.update(cart).set({ userId, tokenHash: null, updatedAt: new Date(), lastActivityAt: new Date() }).where(eq(cart.id, cartId));
        await publish(tx, 'cart.associated', { cartId, userId }, cartId);
      });
      return view(ctx, cartId);
    } catch (err) {
      if (pgErrorCode(err)?.code !== '23505') throw err;
      // The user got an active cart meanwhile: merge into it instead.
    }
  }
  const into = target ?? (await activeCartOf(db, userId, guest.site));
  if (!into) throw CartErrors.notFound();
  return merge(ctx, guest, into, userId);
}

/**
 * Folds the guest cart into the user's cart: for each SKU, the user's quantity plus the
 * guest's, capped by what the catalog can sell now and by the shop's units per SKU (never below
 * what the user already had); SKUs that are gone, not on sale, priced in another currency or out
 * of stock are not carried over, nor new lines past {@link MAX_LINES}. The user's cart keeps its
 * own code, destination and method, and takes the guest's where it has none. Publishes
 * `cart.merged`. @throws 409 CART.NOT_ACTIVE when either cart changed status meanwhile.
 */
async function merge(ctx: CartContext, guest: CartRow, into: CartRow, userId: string): Promise<CartDto> {
  const db = ctx.database.db;
  const skus = [...new Set([...(await itemsOf(db, guest.id)), ...(await itemsOf(db, into.id))].map((i) => i.sku))];
  const variants = await variantsOf(ctx, into.site, skus);
  await ctx.database.transaction(async (tx) => {
    const locked = await tx.select().from(cart).where(inArray(cart.id, [guest.id, into.id])).orderBy(asc(cart.id)).for('update');
    const g = locked.find((r) => r.id === guest.id);
    const t = locked.find((r) => r.id === into.id);
    if (!g || g.status !== 'active' || g.userId !== null) throw CartErrors.notActive(g?.status ?? 'gone');
    if (!t || t.status !== 'active' || t.userId !== userId) throw CartErrors.notActive(t?.status ?? 'gone');
    const mine = new Map((await itemsOf(tx, t.id)).map((i) => [i.sku, i]));
    let lineCount = mine.size;
    for (const item of await itemsOf(tx, g.id)) {
      const v = variants.get(item.sku);
      const cap = v && v.purchasable && v.price.currency === t.currency ? Math.min(Math.max(v.available, 0), ctx.options.maxUnitsPerSku) : 0;
      const existing = mine.get(item.sku);
      const wanted = Math.min((existing?.quantity ?? 0) + item.quantity, cap);
      if (existing) {
        if (wanted > existing.quantity) await tx.update(cartItem).set({ quantity: wanted }).where(eq(cartItem.id, existing.id));
      } else if (wanted > 0 && lineCount < MAX_LINES) {
        await tx.insert(cartItem).values({ id: newId('item'), cartId: t.id, sku: item.sku, quantity: wanted, addedAt: new Date() });
        lineCount += 1;
      }
    }
    const now = new Date();
    await tx
      .update(cart)
      .set({
        promotionCode: t.promotionCode ?? g.promotionCode,
        country: t.country ?? g.country,
        shippingMethodId: t.country ? t.shippingMethodId : g.shippingMethodId,
        updatedAt: now,
        lastActivityAt: now,
      })
      .where(eq(cart.id, t.id));
    await tx.update(cart).set({ status: 'merged', updatedAt: now }).where(eq(cart.id, g.id));
    const lines = (await itemsOf(tx, t.id)).map((i) => ({ sku: i.sku, quantity: i.quantity }));
    await publish(tx, 'cart.merged', { sourceCartId: g.id, targetCartId: t.id, userId, lines }, t.id);
  });
  return view(ctx, into.id);
}
