import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `catalog`: categories, products, variants (SKUs), the inventory ledger. */
export const catalogSchema = pgSchema('catalog');

/** Category tree node; products live in leaf categories only. */
export const category = catalogSchema.table(
  'category',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    parentId: text('parent_id').references((): AnyPgColumn => category.id),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('category_slug_uq').on(t.slug), index('category_parent_idx').on(t.parentId)],
);

/** A product image: where it is served, and its alternative text in English (`alt`) and French (`altFr`). */
export type ProductImage = { url: string; alt?: string; altFr?: string };

/**
 * A product: public when `status` is active. Images are {@link ProductImage}s, in display order.
 * `sites` are the codes of the sites (sales channels, see the sites module) it is published on;
 * existing and new products are on the default site unless told otherwise. A product is sold on
 * a site when published there and priced there (see {@link sitePrice}).
 */
export const product = catalogSchema.table(
  'product',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: ['draft', 'active', 'archived'] }).notNull().default('draft'),
    categoryId: text('category_id').notNull().references(() => category.id),
    images: jsonb('images').$type<ProductImage[]>().notNull().default([]),
    sites: text('sites').array().notNull().default(sql`'{default}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('product_slug_uq').on(t.slug),
    index('product_category_idx').on(t.categoryId),
    index('product_status_created_idx').on(t.status, t.createdAt),
    index('product_sites_idx').using('gin', t.sites),
    check('product_status_ck', sql`${t.status} in ('draft', 'active', 'archived')`),
  ],
);

/**
 * A sellable variant with its SKU. Money in minor units + ISO 4217 currency. `onHand` is the sum
 * of the variant's stock movements, maintained in the same transaction, never negative.
 */
export const variant = catalogSchema.table(
  'variant',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull().references(() => product.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    title: text('title').notNull().default(''),
    options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
    priceAmount: integer('price_amount').notNull(),
    priceCurrency: text('price_currency').notNull(),
    costAmount: integer('cost_amount'),
    costCurrency: text('cost_currency'),
    onHand: integer('on_hand').notNull().default(0),
    /** Incremented by every stock movement: orders the on-hand figures a cache may hold (newer wins). */
    stockVersion: integer('stock_version').notNull().default(0),
    lowStockThreshold: integer('low_stock_threshold').notNull().default(5),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('variant_sku_uq').on(t.sku),
    index('variant_product_idx').on(t.productId),
    check('variant_on_hand_ck', sql`${t.onHand} >= 0`),
    check('variant_price_ck', sql`${t.priceAmount} >= 0`),
    check('variant_cost_ck', sql`${t.costAmount} is null or ${t.costAmount} >= 0`),
  ],
);

/**
 * A variant's price on a site other than the default one (on the default site the variant's own
 * `price_amount`/`price_currency` apply), in minor units of `currency` (the site's). A variant
 * without a price on a site is not sold there. Stock is shared: one `on_hand` for every site.
 */
export const sitePrice = catalogSchema.table(
  'site_price',
  {
    variantId: text('variant_id').notNull().references(() => variant.id, { onDelete: 'cascade' }),
    site: text('site').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.site] }),
    index('site_price_site_idx').on(t.site, t.variantId),
    check('site_price_amount_ck', sql`${t.amount} >= 0`),
  ],
);

/**
 * The inventory ledger: one row per stock movement, signed quantity (receipt, return and
 * release > 0, sale < 0, adjustment either; see domain/stock.ts). `reference` makes system
 * movements idempotent (unique when set).
 */
export const stockMovement = catalogSchema.table(
  'stock_movement',
  {
    id: text('id').primaryKey(),
    variantId: text('variant_id').notNull().references(() => variant.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    type: text('type', { enum: ['receipt', 'sale', 'return', 'release', 'adjustment'] }).notNull(),
    quantity: integer('quantity').notNull(),
    reason: text('reason').notNull().default(''),
    actor: text('actor'),
    reference: text('reference'),
    onHandAfter: integer('on_hand_after').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_movement_variant_idx').on(t.variantId, t.createdAt),
    uniqueIndex('stock_movement_reference_uq').on(t.reference),
    check('stock_movement_quantity_ck', sql`${t.quantity} <> 0`),
  ],
);
