import { and, asc, inArray, isNull, lt } from 'drizzle-orm';
import { publishMany } from '../../platform/events/index.js';
import { DAY_MS } from './cart.access.js';
import type { CartContext } from './cart.store.js';
import { cart, cartItem } from './db/schema.js';

/** Expired carts deleted per cleanup transaction. */
const CLEANUP_BATCH = 500;

/**
 * Deletes guest carts idle for longer than the lifetime (`ctx.options.ttlDays`), with their
 * lines, {@link CLEANUP_BATCH} per transaction, oldest first; publishes `cart.expired` (its lines
 * and last activity) for the active ones (abandoned carts). Safe to run concurrently from several
 * processes (`SKIP LOCKED`).
 * @returns how many carts were deleted.
 */
export async function cleanupExpired(ctx: CartContext): Promise<number> {
  const cutoff = new Date(Date.now() - ctx.options.ttlDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    const n = await ctx.database.transaction(async (tx) => {
      const doomed = await tx
        .select({ id: cart.id, status: cart.status, lastActivityAt: cart.lastActivityAt })
        .from(cart)
        .where(and(isNull(cart.userId), lt(cart.lastActivityAt, cutoff)))
        .orderBy(asc(cart.lastActivityAt))
        .limit(CLEANUP_BATCH)
        .for('update', { skipLocked: true });
      if (doomed.length === 0) return 0;
      const ids = doomed.map((d) => d.id);
      const lines = await tx.select({ cartId: cartItem.cartId, sku: cartItem.sku, quantity: cartItem.quantity }).from(cartItem).where(inArray(cartItem.cartId, ids));
      await tx.delete(cart).where(inArray(cart.id, ids));
      const events = doomed
        .filter((d) => d.status === 'active')
        .map((d) => ({
          type: 'cart.expired' as const,
          aggregateId: d.id,
          payload: {
            cartId: d.id,
            lines: lines.filter((l) => l.cartId === d.id).map((l) => ({ sku: l.sku, quantity: l.quantity })),
            lastActivityAt: new Date(d.lastActivityAt).toISOString(),
          },
        }));
      await publishMany(tx, events);
      return doomed.length;
    });
    deleted += n;
    if (n < CLEANUP_BATCH) break;
  }
  if (deleted > 0) ctx.log.info({ deleted }, 'expired guest carts deleted');
  return deleted;
}
