import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn, bigint, bigserial, check, date, index, integer, jsonb, numeric, pgSchema, primaryKey, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * PostgreSQL schema `analytics`: the organisation (regions, stores), targets, exchange rates,
 * access grants, the append-only sales fact table and the rollups maintained from it.
 * Money columns are integer minor units of the row's `currency` (bigint: a chain's year exceeds 2^31).
 */
export const analyticsSchema = pgSchema('analytics');

/**
 * A node of the organisation tree. The one row without a parent is the company (created at first
 * start); regions and sub-regions hang below it at any depth. `code` is the user's stable key.
 */
export const region = analyticsSchema.table(
  'region',
  {
    id: text('id').primaryKey(),
    parentId: text('parent_id').references((): AnyPgColumn => region.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('region_code_uq').on(t.code),
    index('region_parent_idx').on(t.parentId),
    uniqueIndex('region_single_root_uq').on(sql`(${t.parentId} is null)`).where(sql`${t.parentId} is null`),
  ],
);

/**
 * A selling place: a till (`physical`) or a web shop (`online`), attached to any region node.
 * `openedOn`/`closedOn` are local calendar dates (like-for-like uses them); `sellingAreaM2` is
 * optional (revenue per m² needs it); `currency` is ISO 4217, `timeZone` an IANA zone.
 */
export const store = analyticsSchema.table(
  'store',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['physical', 'online'] }).notNull(),
    regionId: text('region_id').notNull().references(() => region.id),
    city: text('city').notNull().default(''),
    country: text('country').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    closedOn: date('closed_on', { mode: 'string' }),
    sellingAreaM2: integer('selling_area_m2'),
    currency: text('currency').notNull(),
    timeZone: text('time_zone').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('store_code_uq').on(t.code),
    index('store_region_idx').on(t.regionId),
    check('store_kind_ck', sql`${t.kind} in ('physical', 'online')`),
    check('store_area_ck', sql`${t.sellingAreaM2} is null or ${t.sellingAreaM2} > 0`),
    check('store_dates_ck', sql`${t.closedOn} is null or ${t.closedOn} >= ${t.openedOn}`),
    check('store_currency_ck', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** The record of a store moved from one region to another (reports always use the current tree). */
export const storeMove = analyticsSchema.table(
  'store_move',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull().references(() => store.id),
    fromRegionId: text('from_region_id').notNull().references(() => region.id),
    toRegionId: text('to_region_id').notNull().references(() => region.id),
    actor: text('actor'),
    movedAt: timestamp('moved_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('store_move_store_idx').on(t.storeId, t.movedAt)],
);

/** Module settings by key: `fiscalYearStartMonth` (1–12, default 1), `reportingCurrency` (ISO 4217). */
export const setting = analyticsSchema.table('setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Monthly average exchange rate: one unit of `currency` is worth `rate` units of
 * `reportingCurrency` over the month starting `month` (first day of a month).
 */
export const exchangeRate = analyticsSchema.table(
  'exchange_rate',
  {
    currency: text('currency').notNull(),
    reportingCurrency: text('reporting_currency').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    rate: numeric('rate', { precision: 20, scale: 10 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.currency, t.reportingCurrency, t.month] }),
    check('exchange_rate_positive_ck', sql`${t.rate} > 0`),
    check('exchange_rate_month_ck', sql`extract(day from ${t.month}) = 1`),
  ],
);

/**
 * Who sees what: a user granted a region node sees its subtree, a store only that store; several
 * grants are a union; no grant means nothing (except users holding `*`, who see the company).
 */
export const accessGrant = analyticsSchema.table(
  'access_grant',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    nodeKind: text('node_kind', { enum: ['region', 'store'] }).notNull(),
    nodeId: text('node_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('access_grant_uq').on(t.userId, t.nodeKind, t.nodeId),
    check('access_grant_kind_ck', sql`${t.nodeKind} in ('region', 'store')`),
  ],
);

/** The products analytics knows by SKU (from catalog events and `--create-missing` imports): title and current category. */
export const product = analyticsSchema.table('product', {
  sku: text('sku').primaryKey(),
  title: text('title').notNull(),
  category: text('category'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A yearly target of a store or a region node for a fiscal year: `metric` revenue or gross margin
 * (minor units of `currency`) or units; optionally for one category ('' = all). `phasing` holds
 * 12 basis-point shares (sum 10,000), month 1 = the fiscal year's first month; `target_month`
 * keeps the phased amounts (largest-remainder rounding, so the months sum to `amount`).
 */
export const target = analyticsSchema.table(
  'target',
  {
    id: text('id').primaryKey(),
    level: text('level', { enum: ['store', 'region'] }).notNull(),
    nodeId: text('node_id').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    metric: text('metric', { enum: ['revenue', 'gross_margin', 'units'] }).notNull(),
    category: text('category').notNull().default(''),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency'),
    phasing: integer('phasing').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('target_uq').on(t.level, t.nodeId, t.fiscalYear, t.metric, t.category),
    check('target_level_ck', sql`${t.level} in ('store', 'region')`),
    check('target_metric_ck', sql`${t.metric} in ('revenue', 'gross_margin', 'units')`),
    check('target_amount_ck', sql`${t.amount} >= 0 or ${t.metric} = 'gross_margin'`),
    check('target_phasing_ck', sql`cardinality(${t.phasing}) = 12`),
  ],
);

/** A target's amount for one calendar month (`month` = first day). */
export const targetMonth = analyticsSchema.table(
  'target_month',
  {
    targetId: text('target_id').notNull().references(() => target.id, { onDelete: 'cascade' }),
    month: date('month', { mode: 'string' }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.targetId, t.month] }), index('target_month_month_idx').on(t.month)],
);

/**
 * The sales fact table: one row per sale line, append-only (a trigger refuses UPDATE and DELETE;
 * corrections are new rows). `quantity` is negative for returns and reversals; `netRevenue` is ex
 * tax, after `discount`; `unitCost` is the cost at the time of sale (null when unknown). `localAt` is
 * the store's wall-clock time, `soldAt` the same instant in UTC. `sourceKey` makes every source
 * idempotent (a re-import or a redelivered event inserts nothing). `id` is the rollups' watermark:
 * facts are inserted under an advisory lock, so ids become visible in increasing order.
 */
export const saleLine = analyticsSchema.table(
  'sale_line',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    storeId: text('store_id').notNull(),
    soldAt: timestamp('sold_at', { withTimezone: true }).notNull(),
    localAt: timestamp('local_at', { withTimezone: false, mode: 'string' }).notNull(),
    reference: text('reference').notNull(),
    customerRef: text('customer_ref'),
    sku: text('sku').notNull(),
    category: text('category'),
    quantity: integer('quantity').notNull(),
    netRevenue: bigint('net_revenue', { mode: 'number' }).notNull(),
    tax: bigint('tax', { mode: 'number' }).notNull().default(0),
    discount: bigint('discount', { mode: 'number' }).notNull().default(0),
    unitCost: bigint('unit_cost', { mode: 'number' }),
    currency: text('currency').notNull(),
    source: text('source').notNull(),
    sourceKey: text('source_key').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sale_line_source_key_uq').on(t.sourceKey),
    index('sale_line_store_local_idx').on(t.storeId, t.localAt),
    check('sale_line_cost_ck', sql`${t.unitCost} is null or ${t.unitCost} >= 0`),
  ],
);

/** The measures of the per-store rollups (`sales_day_store`, `sales_month_store`), in minor units of `currency` (units and counts as such). */
const storeMeasures = () => ({
  currency: text('currency').notNull(),
  netRevenue: bigint('net_revenue', { mode: 'number' }).notNull().default(0),
  tax: bigint('tax', { mode: 'number' }).notNull().default(0),
  discount: bigint('discount', { mode: 'number' }).notNull().default(0),
  cost: bigint('cost', { mode: 'number' }).notNull().default(0),
  costedRevenue: bigint('costed_revenue', { mode: 'number' }).notNull().default(0),
  units: bigint('units', { mode: 'number' }).notNull().default(0),
  returnedUnits: bigint('returned_units', { mode: 'number' }).notNull().default(0),
  returnedRevenue: bigint('returned_revenue', { mode: 'number' }).notNull().default(0),
  lines: bigint('lines', { mode: 'number' }).notNull().default(0),
  transactions: bigint('transactions', { mode: 'number' }).notNull().default(0),
});

/** The measures of the category and product rollups, in minor units of the row's `currency` (`cost`/`costedRevenue`: lines with a known cost only). */
const salesMeasures = () => ({
  netRevenue: bigint('net_revenue', { mode: 'number' }).notNull().default(0),
  cost: bigint('cost', { mode: 'number' }).notNull().default(0),
  costedRevenue: bigint('costed_revenue', { mode: 'number' }).notNull().default(0),
  units: bigint('units', { mode: 'number' }).notNull().default(0),
});

/** Daily totals per store (the KPIs' source). `cost`/`costedRevenue` cover only lines with a known cost, so margin % compares like with like. */
export const salesDayStore = analyticsSchema.table(
  'sales_day_store',
  {
    day: date('day', { mode: 'string' }).notNull(),
    storeId: text('store_id').notNull(),
    ...storeMeasures(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day] }), index('sales_day_store_day_idx').on(t.day)],
);

/**
 * Monthly totals per store: the same measures as `sales_day_store` summed by calendar month
 * (`transactions` = Σ of the days'), so whole months, quarters and years read 12 rows per store a
 * year instead of 365.
 */
export const salesMonthStore = analyticsSchema.table(
  'sales_month_store',
  {
    month: date('month', { mode: 'string' }).notNull(),
    storeId: text('store_id').notNull(),
    ...storeMeasures(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.month] }), index('sales_month_store_month_idx').on(t.month)],
);

/** Monthly totals per store and category (category mix, drill-down to categories). */
export const salesMonthCategory = analyticsSchema.table(
  'sales_month_category',
  {
    month: date('month', { mode: 'string' }).notNull(),
    storeId: text('store_id').notNull(),
    category: text('category').notNull(),
    currency: text('currency').notNull(),
    ...salesMeasures(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.month, t.category] }), index('sales_month_category_month_idx').on(t.month)],
);

/**
 * Daily totals per store and category (category mix and the category drill-down over any period,
 * days included). Category is the one at the time of sale, `(none)` when the line had none.
 */
export const salesDayCategory = analyticsSchema.table(
  'sales_day_category',
  {
    day: date('day', { mode: 'string' }).notNull(),
    storeId: text('store_id').notNull(),
    category: text('category').notNull(),
    currency: text('currency').notNull(),
    ...salesMeasures(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day, t.category] }), index('sales_day_category_day_idx').on(t.day)],
);

/**
 * Monthly totals per store, SKU and category at the time of sale (drill-down to products within a
 * store and category; a SKU moved to another category mid-month has one row per category, so the
 * products of a category always add up to the category).
 */
export const salesMonthProduct = analyticsSchema.table(
  'sales_month_product',
  {
    month: date('month', { mode: 'string' }).notNull(),
    storeId: text('store_id').notNull(),
    sku: text('sku').notNull(),
    category: text('category').notNull(),
    currency: text('currency').notNull(),
    ...salesMeasures(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.month, t.sku, t.category] }), index('sales_month_product_cat_idx').on(t.storeId, t.category, t.month)],
);

/**
 * `sales_month_product` summed over every store, per month, SKU, category and currency: the
 * company's products (ABC of the company node) read a few thousand rows a month instead of one
 * per store and SKU (400,000 at 10M lines a year over 200 stores).
 */
export const salesMonthCompanyProduct = analyticsSchema.table(
  'sales_month_company_product',
  {
    month: date('month', { mode: 'string' }).notNull(),
    sku: text('sku').notNull(),
    category: text('category').notNull(),
    currency: text('currency').notNull(),
    ...salesMeasures(),
  },
  (t) => [primaryKey({ columns: [t.month, t.sku, t.category, t.currency] })],
);

/**
 * Monthly figures per store and customer (the RFM analysis reads them instead of the facts): net
 * revenue of the customer's lines (returns netted), the receipts (store, day, reference) with a
 * line sold to them, each counted once in the month of its day, and the last local day with a
 * line sold (null when the month holds only returns).
 */
export const salesMonthCustomer = analyticsSchema.table(
  'sales_month_customer',
  {
    month: date('month', { mode: 'string' }).notNull(),
    storeId: text('store_id').notNull(),
    customerRef: text('customer_ref').notNull(),
    currency: text('currency').notNull(),
    lastDay: date('last_day', { mode: 'string' }),
    receipts: bigint('receipts', { mode: 'number' }).notNull().default(0),
    netRevenue: bigint('net_revenue', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.month, t.customerRef] })],
);

/**
 * `sales_month_customer` summed over every store, per month, customer and currency (last day: the
 * latest of the stores'): the company's RFM reads one row per customer and month instead of one
 * per store they bought in.
 */
export const salesMonthCompanyCustomer = analyticsSchema.table(
  'sales_month_company_customer',
  {
    month: date('month', { mode: 'string' }).notNull(),
    customerRef: text('customer_ref').notNull(),
    currency: text('currency').notNull(),
    lastDay: date('last_day', { mode: 'string' }),
    receipts: bigint('receipts', { mode: 'number' }).notNull().default(0),
    netRevenue: bigint('net_revenue', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.customerRef, t.currency] })],
);

/** Receipts seen per store and day (a transaction is counted once, whichever batch brings its lines). */
export const receipt = analyticsSchema.table(
  'receipt',
  {
    storeId: text('store_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    reference: text('reference').notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.day, t.reference] })],
);

/** Rollup progress: facts with `id <= lastFactId` are in the rollups; `version` grows with each catch-up that added facts (cache keys use it). */
export const rollupState = analyticsSchema.table('rollup_state', {
  name: text('name').primaryKey(),
  lastFactId: bigint('last_fact_id', { mode: 'number' }).notNull().default(0),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  caughtUpAt: timestamp('caught_up_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Web orders counted in the fact table (written with their sale lines): where and when they were
 * sold, so a later cancellation or refund finds the order's lines through the
 * (store, local time) index instead of scanning the facts.
 */
export const webOrder = analyticsSchema.table('web_order', {
  orderId: text('order_id').primaryKey(),
  storeId: text('store_id').notNull(),
  placedAt: timestamp('placed_at', { withTimezone: true, mode: 'string' }).notNull(),
  currency: text('currency').notNull(),
  customerRef: text('customer_ref'),
  netRevenue: bigint('net_revenue', { mode: 'number' }).notNull(),
  tax: bigint('tax', { mode: 'number' }).notNull(),
});

/**
 * A saved what-if scenario: `definition` is the body of `POST …/scenarios/simulate` (period,
 * scope, drivers) as given; `nodes` lists every organisation node it names (`company`, region and
 * store ids: scope, closings, openings and their comparable stores), so a user sees the scenario
 * only when every one of them is in their scope. `authorId` is an identity user id.
 */
export const scenario = analyticsSchema.table(
  'scenario',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    authorId: text('author_id').notNull(),
    definition: jsonb('definition').notNull(),
    nodes: text('nodes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scenario_updated_idx').on(t.updatedAt)],
);

/**
 * An export of a report run as a background job: who asked (`userId`, an identity user id, whose
 * scope the job reads with), the report, its filters (`query`, the route's query) and format
 * (`csv` | `xlsx`; an XLSX beyond a sheet's rows is written as CSV and says so in `notice`), the
 * language of its titles, and its progress: `pending` → `running` (leased until `leaseUntil`,
 * `rowsDone` of about `rowsTotal`) → `done` (the file `fileName` in the data directory until
 * `expiresAt`) or `failed` (`error`). Rows past `expiresAt` are purged with their file.
 */
export const reportExport = analyticsSchema.table(
  'report_export',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    report: text('report').notNull(),
    query: jsonb('query').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    locale: text('locale', { enum: ['en', 'fr'] }).notNull(),
    status: text('status', { enum: ['pending', 'running', 'done', 'failed'] }).notNull(),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsTotal: integer('rows_total'),
    fileName: text('file_name'),
    notice: text('notice'),
    error: text('error'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('report_export_status_idx').on(t.status, t.createdAt), index('report_export_user_idx').on(t.userId, t.createdAt)],
);

/**
 * A scheduled report: `userId` (an identity user id) receives `report` with the filters `query`
 * (node, category; the period is the last whole week or month at each run) every week or month
 * as a `format` file in `locale`, by mail; `nextRunAt` is when the next one is due.
 */
export const reportSubscription = analyticsSchema.table(
  'report_subscription',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    report: text('report').notNull(),
    query: jsonb('query').notNull(),
    frequency: text('frequency', { enum: ['weekly', 'monthly'] }).notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    locale: text('locale', { enum: ['en', 'fr'] }).notNull(),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_subscription_due_idx').on(t.nextRunAt), index('report_subscription_user_idx').on(t.userId)],
);
