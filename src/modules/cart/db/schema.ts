import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `cart`: carts and their lines. */
export const cartSchema = pgSchema('cart');

/**
 * A shopping cart. A guest cart has no `user_id` and is reached with its token, of which only
 * the SHA-256 (hex) is kept in `token_hash`; a customer cart has `user_id` (and no token).
 * `status`: active → merged (folded into the customer's cart at login) or ordered (checked out).
 * A customer has at most one active cart per site. Money is not stored: lines are priced from the catalog
 * on every read. `last_activity_at` drives guest expiry.
 */
export const cart = cartSchema.table(
  'cart',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash'),
    userId: text('user_id'),
    status: text('status', { enum: ['active', 'merged', 'ordered'] }).notNull().default('active'),
    /** ISO 4217 currency every line is priced in: the site's. */
    currency: text('currency').notNull(),
    /** Code of the site (sales channel) the cart was created on; its lines are priced at that site's prices. */
    site: text('site').notNull().default('default'),
    /** Promotion code applied (as stored by promotions, upper-case), re-checked on every read. */
    promotionCode: text('promotion_code'),
    /** Destination, ISO 3166-1 alpha-2. */
    country: text('country'),
    shippingMethodId: text('shipping_method_id'),
    /** The order placed from this cart (status ordered). */
    orderId: text('order_id'),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cart_user_site_active_uq').on(t.userId, t.site).where(sql`status = 'active' and user_id is not null`),
    index('cart_guest_activity_idx').on(t.lastActivityAt).where(sql`user_id is null`),
    check('cart_status_ck', sql`${t.status} in ('active', 'merged', 'ordered')`),
    check('cart_owner_ck', sql`${t.userId} is not null or ${t.tokenHash} is not null`),
  ],
);

/** One line of a cart: a SKU and a quantity (integer > 0), at most one line per SKU. */
export const cartItem = cartSchema.table(
  'cart_item',
  {
    id: text('id').primaryKey(),
    cartId: text('cart_id').notNull().references(() => cart.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cart_item_cart_sku_uq').on(t.cartId, t.sku),
    check('cart_item_quantity_ck', sql`${t.quantity} > 0`),
  ],
);
