import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `promotions`: promo codes and their redemptions. */
export const promotionsSchema = pgSchema('promotions');

/**
 * A promo code and its rule. `code` is stored upper-case (codes are case-insensitive) and unique.
 * `value` is a percentage (1–100) for `percentage`, minor units of `currency` for `fixed_amount`,
 * 0 for `free_shipping`. `min_subtotal` is in minor units of `currency`. `times_used` counts the
 * active redemptions; the CHECK makes exceeding `usage_limit` impossible, even under concurrency.
 * `skus` / `category_ids` restrict the eligible cart lines (empty: every line is eligible).
 * `requires_account`: only signed-in customers may use the code (guests are refused).
 */
export const promotion = promotionsSchema.table(
  'promotion',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    type: text('type', { enum: ['percentage', 'fixed_amount', 'free_shipping'] }).notNull(),
    value: integer('value').notNull().default(0),
    currency: text('currency').notNull().default('GBP'),
    minSubtotal: integer('min_subtotal'),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    usageLimit: integer('usage_limit'),
    perCustomerLimit: integer('per_customer_limit'),
    requiresAccount: boolean('requires_account').notNull().default(false),
    timesUsed: integer('times_used').notNull().default(0),
    skus: text('skus').array().notNull().default(sql`'{}'::text[]`),
    categoryIds: text('category_ids').array().notNull().default(sql`'{}'::text[]`),
    /** Codes of the sites (sales channels) the code may be used on; empty: every site. */
    sites: text('sites').array().notNull().default(sql`'{}'::text[]`),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('promotion_code_uq').on(t.code),
    index('promotion_created_idx').on(t.createdAt),
    check('promotion_code_upper_ck', sql`${t.code} = upper(${t.code})`),
    check('promotion_type_ck', sql`${t.type} in ('percentage', 'fixed_amount', 'free_shipping')`),
    check(
      'promotion_value_ck',
      sql`(${t.type} = 'percentage' and ${t.value} between 1 and 100) or (${t.type} = 'fixed_amount' and ${t.value} > 0) or (${t.type} = 'free_shipping' and ${t.value} = 0)`,
    ),
    check('promotion_min_subtotal_ck', sql`${t.minSubtotal} is null or ${t.minSubtotal} >= 0`),
    check('promotion_period_ck', sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check('promotion_usage_limit_ck', sql`${t.usageLimit} is null or ${t.usageLimit} >= 1`),
    check('promotion_per_customer_limit_ck', sql`${t.perCustomerLimit} is null or ${t.perCustomerLimit} >= 1`),
    check('promotion_times_used_ck', sql`${t.timesUsed} >= 0 and (${t.usageLimit} is null or ${t.timesUsed} <= ${t.usageLimit})`),
  ],
);

/**
 * One use of a promotion by one order, counted against the customer's account (`user_id`, null
 * for a guest) AND their e-mail (`email_key`, normalised by `limitEmailKey`: lower-case, no
 * plus-tag, no dots for Gmail; null when unknown). The per-customer limit counts the active rows
 * matching either. `customer_key` is what the back office shows (user id, else the e-mail key).
 * `active` until the order is cancelled, then `released` (the use is given back). One row per
 * (promotion, order): redeeming twice for one order is a no-op.
 */
export const redemption = promotionsSchema.table(
  'redemption',
  {
    id: text('id').primaryKey(),
    promotionId: text('promotion_id').notNull().references(() => promotion.id),
    orderId: text('order_id').notNull(),
    customerKey: text('customer_key'),
    userId: text('user_id'),
    emailKey: text('email_key'),
    status: text('status', { enum: ['active', 'released'] }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('redemption_promotion_order_uq').on(t.promotionId, t.orderId),
    index('redemption_order_idx').on(t.orderId),
    index('redemption_user_idx').on(t.promotionId, t.userId),
    index('redemption_email_idx').on(t.promotionId, t.emailKey),
    check('redemption_status_ck', sql`${t.status} in ('active', 'released')`),
  ],
);
