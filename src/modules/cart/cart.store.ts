import { and, asc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { prepared } from '../../platform/db/index.js';
import type { CatalogContract } from '../catalog/index.js';
import type { PromotionsContract } from '../promotions/index.js';
import { checkAccess, expiredBefore } from './cart.access.js';
import type { CartAccess } from './cart.contract.js';
import { CartErrors } from './cart.errors.js';
import { cart, cartItem } from './db/schema.js';

/** A `cart.cart` row. */
export type CartRow = typeof cart.$inferSelect;
/** A `cart.cart_item` row (a line). */
export type ItemRow = typeof cartItem.$inferSelect;
/** Cart columns a change may set in the statement that locks the cart (see {@link lockForChange}). */
export type CartChange = Partial<Pick<typeof cart.$inferInsert, 'country' | 'shippingMethodId' | 'promotionCode'>>;

/** What the cart service depends on: other modules' contracts. */
export interface CartDeps {
  catalog: CatalogContract;
  promotions: PromotionsContract;
}

/** Tuning of the cart service. */
export interface CartOptions {
  /** Guest carts expire after this many days without activity (0: at once, for tests). */
  ttlDays: number;
  /** Units of one SKU a line, and so an order, may hold (at least 1). */
  maxUnitsPerSku: number;
}

/** What every part of the cart module works with: its database, dependencies, tuning and logger. */
export interface CartContext {
  database: Database;
  deps: CartDeps;
  options: CartOptions;
  log: Logger;
}

const p = (name: string) => sql.placeholder(name);

/** The cart `id` joined to its lines (one row per line, or one with a null item), lines in the order added. */
const cartWithItems = prepared((db) =>
  db
    .select({ cart, item: cartItem })
    .from(cart)
    .leftJoin(cartItem, eq(cartItem.cartId, cart.id))
    .where(eq(cart.id, p('id')))
    .orderBy(asc(cartItem.addedAt), asc(cartItem.id)),
);

/** Cart `id`'s owner, token hash and activity time joined to its lines' SKUs (one row per line, or one with a null SKU), in the order added. */
const cartSkus = prepared((db) =>
  db
    .select({ userId: cart.userId, tokenHash: cart.tokenHash, lastActivityAt: cart.lastActivityAt, sku: cartItem.sku })
    .from(cart)
    .leftJoin(cartItem, eq(cartItem.cartId, cart.id))
    .where(eq(cart.id, p('id')))
    .orderBy(asc(cartItem.addedAt), asc(cartItem.id)),
);

/**
 * The SKUs of cart `id`'s lines in the order added, if `access` may see it: what {@link accessible}
 * checks, reading only the columns access needs (no lines' rows, no cart row).
 * @throws 404 CART.NOT_FOUND / CART.EXPIRED.
 */
export async function accessibleSkus(ctx: CartContext, id: string, access: CartAccess): Promise<string[]> {
  const found = await cartSkus.run(ctx.database.db, { id });
  checkAccess(found[0], access, ctx.options.ttlDays);
  return found.flatMap((f) => (f.sku === null ? [] : [f.sku]));
}

/** The cart `id` (row-locked until `exec`'s transaction ends when `lock`); undefined when there is none. */
export async function findCart(exec: Executor, id: string, lock = false): Promise<CartRow | undefined> {
  const query = exec.select().from(cart).where(eq(cart.id, id)).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** The lines of `cartId` in the order they were added. */
export async function itemsOf(exec: Executor, cartId: string): Promise<ItemRow[]> {
  return exec.select().from(cartItem).where(eq(cartItem.cartId, cartId)).orderBy(asc(cartItem.addedAt), asc(cartItem.id));
}

/** The active cart of `userId` on site `site` (a customer has one at most per site); undefined when none. */
export async function activeCartOf(exec: Executor, userId: string, site: string): Promise<CartRow | undefined> {
  const [row] = await exec.select().from(cart).where(and(eq(cart.userId, userId), eq(cart.site, site), eq(cart.status, 'active'))).limit(1);
  return row;
}

/** The cart `id` with its lines (in the order they were added), in one query; undefined when there is no such cart. */
export async function load(exec: Executor, id: string): Promise<{ row: CartRow; items: ItemRow[] } | undefined> {
  const found = await cartWithItems.run(exec, { id });
  const first = found[0];
  if (!first) return undefined;
  return { row: first.cart, items: found.flatMap((f) => (f.item ? [f.item] : [])) };
}

/**
 * The cart `id` and its lines (one query) if `access` may see it (no lock: for reads and for
 * checks before a transaction). @throws 404 CART.NOT_FOUND / CART.EXPIRED.
 */
export async function accessible(ctx: CartContext, id: string, access: CartAccess): Promise<{ row: CartRow; items: ItemRow[] }> {
  const found = await load(ctx.database.db, id);
  if (!found) throw CartErrors.notFound();
  checkAccess(found.row, access, ctx.options.ttlDays);
  return found;
}

/**
 * Locks the cart `id` inside `tx` and records the activity, in one statement (`UPDATE …
 * RETURNING` row-locks it until `tx` ends) that also applies `set`, then checks access and
 * status on the row it returns. Throwing (here or later in `tx`) rolls all of it back. An expired
 * guest cart keeps its activity time, so the check still sees it expired.
 * @returns the cart row as changed.
 * @throws 404 CART.NOT_FOUND / CART.EXPIRED, 409 CART.NOT_ACTIVE.
 */
export async function lockForChange(tx: Tx, id: string, access: CartAccess, ttlDays: number, set: CartChange = {}): Promise<CartRow> {
  const now = new Date();
  const expired = expiredBefore(now, ttlDays);
  const [row] = await tx
    .update(cart)
    .set({
      ...set,
      lastActivityAt: sql`case when ${cart.userId} is null and ${cart.lastActivityAt} <= ${expired}::timestamptz then ${cart.lastActivityAt} else ${now.toISOString()}::timestamptz end`,
      updatedAt: now,
    })
    .where(eq(cart.id, id))
    .returning();
  const locked = checkAccess(row, access, ttlDays, now.getTime());
  if (locked.status !== 'active') throw CartErrors.notActive(locked.status);
  return locked;
}

/**
 * Runs `change` on the cart `id` in one transaction: the cart row locked, touched and checked
 * (with `set` applied, see {@link lockForChange}), then `change`, then the lines are read.
 * @returns the cart row as locked (changes `change` makes to it are not in it), the lines
 *   after `change`, and what `change` returns.
 * @throws 404 CART.NOT_FOUND / CART.EXPIRED, 409 CART.NOT_ACTIVE, and whatever `change` throws.
 */
export async function mutate<T>(
  ctx: CartContext,
  id: string,
  access: CartAccess,
  change: (tx: Tx, row: CartRow) => Promise<T>,
  set: CartChange = {},
): Promise<{ row: CartRow; items: ItemRow[]; result: T }> {
  return ctx.database.transaction(async (tx) => {
    const row = await lockForChange(tx, id, access, ctx.options.ttlDays, set);
    const result = await change(tx, row);
    return { row, items: await itemsOf(tx, id), result };
  });
}
