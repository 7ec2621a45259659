import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, primaryKey, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `recommendations`: the built model, the web baskets it learns from, the merchandiser's pins and exclusions. */
export const recommendationsSchema = pgSchema('recommendations');

/**
 * A model build: `running`, then `succeeded` or `failed` (`error`). At most one is running (the
 * partial unique index): a second request is refused while one runs. `trigger`: `cli`, `api`,
 * `import`, `schedule`. Figures: baskets, items and customers read; duration in ms; peak resident
 * memory in MB.
 */
export const build = recommendationsSchema.table(
  'build',
  {
    id: text('id').primaryKey(),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    trigger: text('trigger').notNull(),
    baskets: integer('baskets'),
    items: integer('items'),
    customers: integer('customers'),
    durationMs: integer('duration_ms'),
    peakMemoryMb: integer('peak_memory_mb'),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('build_one_running_uq').on(t.status).where(sql`status = 'running'`),
    index('build_started_idx').on(t.startedAt),
    check('build_status_ck', sql`${t.status} in ('running', 'succeeded', 'failed')`),
  ],
);

/**
 * "Bought together": for `sku`, another SKU bought with it in `support` baskets, ranked by `score`
 * (the served similarity at the last build; pairs first seen since then score 0). Web orders move
 * `support` at once (confirmed +1, cancelled −1).
 */
export const neighbour = recommendationsSchema.table(
  'neighbour',
  {
    sku: text('sku').notNull(),
    otherSku: text('other_sku').notNull(),
    support: integer('support').notNull(),
    score: real('score').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sku, t.otherSku] }), index('neighbour_rank_idx').on(t.sku, t.score.desc())],
);

/** Per SKU: baskets holding it (all time, and in the recent days before the build), and its leaf category id (popular-in-category fallback). */
export const item = recommendationsSchema.table(
  'item',
  {
    sku: text('sku').primaryKey(),
    categoryId: text('category_id'),
    baskets: integer('baskets').notNull(),
    recent: integer('recent').notNull(),
  },
  (t) => [index('item_category_idx').on(t.categoryId, t.recent.desc(), t.baskets.desc())],
);

/**
 * Per customer (`usr_…`): `for-you` (items they never bought, EASE^R then item-kNN) and
 * `buy-again` (their repeat purchases by cadence) candidates, `rank` from 1. `times` (baskets
 * that held it) and `every_days` (mean days between purchases) explain buy-again.
 */
export const candidate = recommendationsSchema.table(
  'candidate',
  {
    customerId: text('customer_id').notNull(),
    kind: text('kind', { enum: ['for-you', 'buy-again'] }).notNull(),
    rank: integer('rank').notNull(),
    sku: text('sku').notNull(),
    score: real('score').notNull(),
    times: integer('times'),
    everyDays: integer('every_days'),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.kind, t.rank] })],
);

/** A web order the models learn from (from `order.confirmed`; removed by `order.cancelled`): its customer, time and distinct SKUs. */
export const webBasket = recommendationsSchema.table('web_basket', {
  orderId: text('order_id').primaryKey(),
  customerId: text('customer_id'),
  placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
  skus: text('skus').array().notNull(),
});

/** A product the merchandiser pinned to another's list, at `position` (from 1). */
export const pin = recommendationsSchema.table(
  'pin',
  {
    productId: text('product_id').notNull(),
    pinnedProductId: text('pinned_product_id').notNull(),
    position: integer('position').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.pinnedProductId] })],
);

/** A product or category (with everything below it) never recommended. */
export const exclusion = recommendationsSchema.table(
  'exclusion',
  {
    kind: text('kind', { enum: ['product', 'category'] }).notNull(),
    targetId: text('target_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.targetId] }), check('exclusion_kind_ck', sql`${t.kind} in ('product', 'category')`)],
);
