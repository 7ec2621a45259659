/**
 * Product and customer analyses of a node (its stores in the caller's scope) over a period:
 * ABC (Pareto) of products, RFM segments of customers, cohort retention, market-basket pairs and
 * stock (sell-through, weeks of cover, GMROI). Each is a service function returning plain typed
 * rows (`columns` + `rows`), which the routes serve as they are and reports can reuse.
 * Money is in minor units of the reporting currency (each store-month converted at its monthly
 * average rate, rounded by the money rule before any sum; store-months without a rate are left
 * out and listed in `missingRates`), except stock, which stays in each online store's currency.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, textArray, type Database } from '../../platform/db/index.js';
import type { VariantInfo } from '../catalog/index.js';
import { AnalyticsErrors } from './analytics.errors.js';
import { readStamp } from './analytics.cache.js';
import { computeInSnapshot } from './analytics.kpis.routes.js';
import { scopeFor, SYSTEM_USER } from './analytics.scope.js';
import { moneySql, ratesOf, ratio, splitRange, type DateRange, type MissingRate, type RateUsed, type ReadContext } from './analytics.kpis.js';
import { NO_CATEGORY } from './analytics.rollups.js';
import { abcClasses, pairMeasures, quintileBoundaries, quintileScore, rfmSegment, RFM_SEGMENTS, type AbcClass, type RfmSegment } from './domain/analyses.js';
import { addDays, addMonths, daysBetween, monthStartOf } from './domain/fiscal.js';

/** How a column's values read: text, money (minor units of the answer's currency), count, percent (a share as a decimal, 0.377 = 37.7 %), ratio, days, weeks, a month (`YYYY-MM-DD`, its first day) or a score (1–5). */
export type ColumnUnit = 'text' | 'money' | 'count' | 'percent' | 'ratio' | 'days' | 'weeks' | 'month' | 'score';

/** One column of an analysis table: the row field it reads and how its values read. */
export interface Column<R> {
  key: keyof R & string;
  unit: ColumnUnit;
}

/** An analysis as a plain table: `columns` in display order, then `rows`. */
export interface Table<R> {
  columns: Column<R>[];
  rows: R[];
}

/** What every analysis answer carries: the node, the period, the reporting currency, the data stamp, the rates used and left out. */
export interface AnalysisMeta {
  node: { kind: 'company' | 'region' | 'store'; id: string; name: string };
  /** The category filter (at the time of sale; `(none)` = lines without one), null = all categories. */
  category: string | null;
  period: DateRange & { label: string };
  currency: string;
  dataAsOf: string;
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/** A period as the analyses take it: its range and label. */
export type AnalysisPeriod = DateRange & { label: string };

const meta = (ctx: ReadContext, period: AnalysisPeriod, category: string | undefined, rates: { rates: RateUsed[]; missing: MissingRate[] }): AnalysisMeta => ({
  node: { kind: ctx.node.kind, id: ctx.node.id, name: ctx.node.name },
  category: category ?? null,
  period: { from: period.from, to: period.to, label: period.label },
  currency: ctx.settings.reportingCurrency,
  dataAsOf: ctx.dataAsOf,
  exchangeRates: rates.rates,
  missingRates: rates.missing,
});

/**
 * The lines of one category at the time of sale (`(none)`, {@link NO_CATEGORY}, for lines without
 * one), as the category rollups key them; empty without a category. `column` is the fact or rollup column.
 */
const ofCategory = (category: string | undefined, column: SQL): SQL => (category === undefined ? sql`` : sql` and coalesce(${column}, ${NO_CATEGORY}) = ${category}`);

/** `local_at` within the inclusive local-date range (the fact table's (store, local time) index serves it). */
const within = (r: DateRange): SQL => sql`f.local_at >= ${r.from}::date and f.local_at < ${addDays(r.to, 1)}::date`;

/** The monthly rate of `currency` to `reporting` for the month in `month` (1 for the reporting currency itself; null when none); both qualified by their table (unqualified, they would name the rate table's own columns). */
const rateOf = (currency: SQL, month: SQL, reporting: string): SQL => sql`case when ${currency} = ${reporting} then 1::numeric
  else (select x.rate from analytics.exchange_rate x where x.currency = ${currency} and x.reporting_currency = ${reporting} and x.month = ${month}) end`;

// ---------------------------------------------------------------------------------------------
// ABC (Pareto) of products
// ---------------------------------------------------------------------------------------------

/** The measure an ABC analysis ranks by: net revenue, or gross margin (lines with a known cost only). */
export type AbcMeasure = 'revenue' | 'margin';

/** One product of an ABC analysis (money in reporting minor units). */
export interface AbcRow {
  rank: number;
  sku: string;
  title: string;
  /** The product's current category (analytics' product dimension), null when unknown. */
  category: string | null;
  revenue: number;
  grossMargin: number;
  units: number;
  /** The product's share of the measure's total (of the positive values), 4 places. */
  share: number | null;
  /** Σ shares of the products ranked up to and including this one. */
  cumulativeShare: number | null;
  abcClass: AbcClass;
}

/** Per class: how many products and their share of the measure. */
export interface AbcClassSummary {
  abcClass: AbcClass;
  products: number;
  share: number | null;
  value: number;
}

/** The ABC answer. */
export interface AbcAnswer extends AnalysisMeta, Table<AbcRow> {
  measure: AbcMeasure;
  /** The cumulative-share cut-offs used: A up to `a`, B up to `b`. */
  thresholds: { a: number; b: number };
  total: number;
  classes: AbcClassSummary[];
}

const ABC_COLUMNS: Column<AbcRow>[] = [
  { key: 'rank', unit: 'count' }, { key: 'sku', unit: 'text' }, { key: 'title', unit: 'text' }, { key: 'category', unit: 'text' },
  { key: 'revenue', unit: 'money' }, { key: 'grossMargin', unit: 'money' }, { key: 'units', unit: 'count' },
  { key: 'share', unit: 'percent' }, { key: 'cumulativeShare', unit: 'percent' }, { key: 'abcClass', unit: 'text' },
];

/** True when the node is the company seeing every store: the company rollups (summed over stores) answer for it. */
const sumsEveryStore = (ctx: ReadContext): boolean => ctx.node.kind === 'company' && ctx.node.storeIds.length === ctx.org.stores.size;

/**
 * The per month, currency and SKU sums of the sales of `storeIds` over `range`: whole months from
 * the rollups (`sales_month_company_product` when `company`, i.e. `storeIds` are every store, else
 * `sales_month_product` of those stores), the days before and after them from the fact table;
 * only the lines of `category` when given. Columns: month, currency, sku, revenue, margin
 * (costed revenue − cost), units (money in minor units of `currency`).
 */
function productMonthsSql(storeIds: string[], range: DateRange, category: string | undefined, company: boolean): SQL {
  const ids = textArray(storeIds);
  const split = splitRange(range);
  const parts: SQL[] = [];
  if (split.months) {
    const months = sql`month between ${split.months.from}::date and ${split.months.to}::date${ofCategory(category, sql`category`)}`;
    parts.push(company
      ? sql`select month, currency, sku, net_revenue as revenue, costed_revenue - cost as margin, units from analytics.sales_month_company_product where ${months}`
      : sql`select month, currency, sku, net_revenue as revenue, costed_revenue - cost as margin, units from analytics.sales_month_product where store_id = any(${ids}) and ${months}`);
  }
  for (const days of split.days) {
    parts.push(sql`select date_trunc('month', f.local_at)::date as month, f.currency, f.sku, sum(f.net_revenue) as revenue,
        coalesce(sum(f.net_revenue - f.quantity::bigint * f.unit_cost) filter (where f.unit_cost is not null), 0) as margin, sum(f.quantity) as units
      from analytics.sale_line f where f.store_id = any(${ids}) and ${within(days)}${ofCategory(category, sql`f.category`)} group by 1, 2, 3`);
  }
  return sql`select month, currency, sku, sum(revenue) as revenue, sum(margin) as margin, sum(units) as units
    from (${sql.join(parts, sql` union all `)}) p group by month, currency, sku`;
}

/**
 * The store-months (store_id, month, currency) of `storeIds` with sales over `range` (of
 * `category` when given), from the store or category rollups: whose exchange rates an answer
 * used or missed.
 */
function storeMonthsSql(storeIds: string[], range: DateRange, category: string | undefined): SQL {
  const ids = textArray(storeIds);
  const split = splitRange(range);
  const parts: SQL[] = [];
  if (split.months) {
    parts.push(sql`select store_id, month, currency from ${category === undefined ? sql`analytics.sales_month_store` : sql`analytics.sales_month_category`}
      where store_id = any(${ids}) and month between ${split.months.from}::date and ${split.months.to}::date${ofCategory(category, sql`category`)}`);
  }
  for (const days of split.days) {
    parts.push(sql`select store_id, date_trunc('month', day)::date as month, currency from ${category === undefined ? sql`analytics.sales_day_store` : sql`analytics.sales_day_category`}
      where store_id = any(${ids}) and day between ${days.from}::date and ${days.to}::date${ofCategory(category, sql`category`)}`);
  }
  return sql`select distinct store_id, month, currency from (${sql.join(parts, sql` union all `)}) s`;
}

/**
 * ABC (Pareto) of the products sold under the node over `period`, by `measure`: products ranked
 * by the measure (descending, ties by SKU), each with its share and cumulative share, classed by
 * {@link abcClasses} (A while the cumulative share before the product is below `a`, B below `b`,
 * C after; zero or negative values C). With `category`, only the lines of that category at the
 * time of sale. Money is converted per month, currency and SKU at the month's rate. Reads the
 * product rollups for whole months (the company's for the company node) and the fact table for
 * the other days.
 * @throws AppError 400 ANALYTICS.INVALID unless 0 < a < b ≤ 1.
 */
export async function abcAnalysis(ctx: ReadContext, period: AnalysisPeriod, measure: AbcMeasure = 'revenue', thresholds = { a: 0.8, b: 0.95 }, category?: string): Promise<AbcAnswer> {
  const { a, b } = thresholds;
  if (!(a > 0 && a < b && b <= 1)) throw AnalyticsErrors.invalid(`The thresholds need 0 < a < b ≤ 1 (cumulative shares), got a=${a}, b=${b}`);
  const rc = ctx.settings.reportingCurrency;
  const company = sumsEveryStore(ctx);
  const found = ctx.node.storeIds.length === 0 ? [] : await rows<{ k: string; sku: string | null; title: string | null; category: string | null; revenue: string | null; margin: string | null; units: string | null; store_id: string | null; month: string | null; currency: string | null; rate: string | null }>(ctx.db, sql`
    with p as (${productMonthsSql(ctx.node.storeIds, period, category, company)}),
    r as (select distinct o.month, o.currency, ${rateOf(sql`o.currency`, sql`o.month`, rc)} as rate from p o),
    t as (select p.sku, sum(${moneySql(sql`p.revenue`, sql`r.rate`)}) as revenue, sum(${moneySql(sql`p.margin`, sql`r.rate`)}) as margin, sum(p.units) as units
      from p join r using (month, currency) where r.rate is not null group by p.sku),
    s as (select o.store_id, o.month, o.currency, ${rateOf(sql`o.currency`, sql`o.month`, rc)} as rate from (${storeMonthsSql(ctx.node.storeIds, period, category)}) o)
    select 'p' as k, t.sku, d.title, d.category, t.revenue, t.margin, t.units,
      null::text as store_id, null::text as month, null::text as currency, null::text as rate
    from t left join analytics.product d on d.sku = t.sku
    union all
    select 'r', null, null, null, null, null, null, store_id, month::text, currency, rate::text from s where rate is null or currency <> ${rc}`);
  const products = found.filter((r) => r.k === 'p').map((r) => ({
    sku: r.sku as string, title: r.title ?? (r.sku as string), category: r.category, revenue: Number(r.revenue), grossMargin: Number(r.margin), units: Number(r.units),
  }));
  const value = (p: { revenue: number; grossMargin: number }) => (measure === 'revenue' ? p.revenue : p.grossMargin);
  products.sort((x, y) => value(y) - value(x) || (x.sku < y.sku ? -1 : 1));
  const places = abcClasses(products.map(value), a, b);
  const out: AbcRow[] = products.map((p, i) => ({ ...p, ...(places[i] as (typeof places)[number]) }))
    .map((r) => ({ rank: r.rank, sku: r.sku, title: r.title, category: r.category, revenue: r.revenue, grossMargin: r.grossMargin, units: r.units, share: r.share, cumulativeShare: r.cumulativeShare, abcClass: r.abcClass }));
  const total = products.reduce((s, p) => s + Math.max(value(p), 0), 0);
  const classes = (['A', 'B', 'C'] as const).map((c) => {
    const members = out.filter((r) => r.abcClass === c);
    const v = members.reduce((s, r) => s + value(r), 0);
    return { abcClass: c, products: members.length, value: v, share: ratio(v, total) };
  });
  return {
    ...meta(ctx, period, category, ratesOf(ctx.org, rc, found.filter((r) => r.k === 'r') as { store_id: string; month: string; currency: string; rate: string | null }[])),
    measure, thresholds: { a, b }, total, classes, columns: ABC_COLUMNS, rows: out,
  };
}

// ---------------------------------------------------------------------------------------------
// RFM segments and cohort retention
// ---------------------------------------------------------------------------------------------

/** One customer's RFM figures and scores. */
export interface RfmRow {
  customer: string;
  /** The local date of the last purchase in the period. */
  lastPurchase: string;
  /** Days from the last purchase to the period's last day. */
  recencyDays: number;
  /** Receipts with at least one line sold (quantity > 0) in the period. */
  frequency: number;
  /** Net revenue in the period (returns netted), minor units of `currency`. */
  monetary: number;
  /** The reporting currency (ISO 4217) of `monetary`. */
  currency: string;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

/** Customers per segment. */
export interface RfmSegmentCount {
  segment: RfmSegment;
  customers: number;
  share: number | null;
  monetary: number;
}

/** The RFM answer: boundaries, counts per segment, and one page of customers. */
export interface RfmAnswer extends AnalysisMeta, Table<RfmRow> {
  customers: number;
  /** The quintile boundaries (k/5 quantiles, k = 1..4, nearest rank) of each measure. */
  boundaries: { recencyDays: number[]; frequency: number[]; monetary: number[] };
  segments: RfmSegmentCount[];
  /** The segment mapping, in words (see domain/analyses.ts). */
  rule: string;
  pagination: { total: number; limit: number; page: number };
}

/** The RFM rule stated in every answer. */
export const RFM_RULE = 'Customers with a purchase (a receipt with a line of quantity > 0) in the period. Recency = days from the last purchase to the last day of the period; frequency = such receipts (a receipt = store, day and reference, as for transactions); monetary = net revenue (returns netted). '
  + 'Each measure is scored 1–5 against its quintile boundaries (the 20/40/60/80 % quantiles, nearest rank): 1 + boundaries exceeded, reversed for recency (5 = most recent). '
  + 'Segment by R and FM = ⌊(F + M) ÷ 2⌋, first match: champions R4–5 FM4–5; loyal R3–5 FM3–5; cant_lose R1–2 FM4–5; at_risk R1–2 FM3; potential_loyalists R4–5 FM2; new_customers R5 FM1; promising R4 FM1; need_attention R3 FM2; about_to_sleep R3 FM1; hibernating R2 FM1–2; lost R1 FM1–2 (after Putler\'s RFM segments).';

const RFM_COLUMNS: Column<RfmRow>[] = [
  { key: 'customer', unit: 'text' }, { key: 'lastPurchase', unit: 'text' }, { key: 'recencyDays', unit: 'days' }, { key: 'frequency', unit: 'count' },
  { key: 'monetary', unit: 'money' }, { key: 'currency', unit: 'text' }, { key: 'r', unit: 'score' }, { key: 'f', unit: 'score' }, { key: 'm', unit: 'score' }, { key: 'segment', unit: 'text' },
];

/**
 * RFM of the customers who bought under the node in `period` (rule in {@link RFM_RULE}), with
 * the counts per segment over all of them and one page of customers (`segment` filters the
 * page; order: monetary descending, then customer). With `category`, only the lines of that
 * category at the time of sale count (a receipt counts when it holds a line of it sold). Money is
 * converted per customer, month and currency at the month's rate; the rates listed are those of
 * the node's store-months with sales. Reads the customer rollups for whole months without a
 * category (`sales_month_company_customer` for the company node, else `sales_month_customer`: its
 * time follows customers, not lines), the fact table otherwise.
 */
export async function rfmAnalysis(ctx: ReadContext, period: AnalysisPeriod, page: { segment?: RfmSegment; page?: number; limit?: number } = {}, category?: string): Promise<RfmAnswer> {
  const rc = ctx.settings.reportingCurrency;
  // Whole months (every month, quarter and year) from a customer rollup (the company's for the
  // company node: it sees every store); other ranges and categories from the facts, with the same
  // measures. One row per customer, month and currency (the rate depends on those only).
  const split = splitRange(period);
  const ids = textArray(ctx.node.storeIds);
  const company = sumsEveryStore(ctx);
  const perMonth = split.months && split.days.length === 0 && category === undefined
    ? (company
      ? sql`select m.customer_ref, m.month, m.currency, m.last_day, m.receipts, m.net_revenue as revenue
        from analytics.sales_month_company_customer m where m.month between ${split.months.from}::date and ${split.months.to}::date`
      : sql`select m.customer_ref, m.month, m.currency, max(m.last_day) as last_day, sum(m.receipts) as receipts, sum(m.net_revenue) as revenue
        from analytics.sales_month_customer m
        where m.store_id = any(${ids}) and m.month between ${split.months.from}::date and ${split.months.to}::date group by 1, 2, 3`)
    : sql`select f.customer_ref, date_trunc('month', f.local_at)::date as month, f.currency,
        max(f.local_at::date) filter (where f.quantity > 0) as last_day, count(distinct (f.store_id, f.local_at::date, f.reference)) filter (where f.quantity > 0) as receipts,
        sum(f.net_revenue) as revenue
      from analytics.sale_line f
      where f.store_id = any(${ids}) and f.customer_ref is not null and ${within(period)}${ofCategory(category, sql`f.category`)}
      group by 1, 2, 3`;
  // A quarter of a large chain's customers groups in memory (the default 4 MB sorts on disk); reads run in a transaction.
  await ctx.db.execute(sql`set local work_mem = '64MB'`);
  const found = ctx.node.storeIds.length === 0 ? [] : await rows<{ k: string; customer: string | null; last_day: string | null; recency_days: number | string | null; receipts: string | null; monetary: string | null; store_id: string | null; month: string | null; currency: string | null; rate: string | null }>(ctx.db, sql`
    with c as (${perMonth}),
    r as (select distinct o.month, o.currency, ${rateOf(sql`o.currency`, sql`o.month`, rc)} as rate from c o),
    s as (select o.store_id, o.month, o.currency, ${rateOf(sql`o.currency`, sql`o.month`, rc)} as rate from (${storeMonthsSql(ctx.node.storeIds, period, category)}) o)
    select 'c' as k, c.customer_ref as customer, max(c.last_day)::text as last_day, ${period.to}::date - max(c.last_day) as recency_days, sum(c.receipts) as receipts,
      sum(${moneySql(sql`c.revenue`, sql`r.rate`)}) filter (where r.rate is not null) as monetary,
      null::text as store_id, null::text as month, null::text as currency, null::text as rate
    from c join r using (month, currency) group by c.customer_ref having sum(c.receipts) > 0
    union all
    select 'r', null, null, null, null, null, store_id, month::text, currency, rate::text from s where rate is null or currency <> ${rc}`);
  // Tens of thousands of customers: their figures in typed arrays, row objects only for the page.
  const cs = found.filter((r) => r.k === 'c');
  const n = cs.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = cs[i]!;
    recency[i] = Number(c.recency_days);
    frequency[i] = Number(c.receipts);
    monetary[i] = Number(c.monetary ?? 0);
  }
  const boundaries = { recencyDays: quintileBoundaries(recency), frequency: quintileBoundaries(frequency), monetary: quintileBoundaries(monetary) };
  const scores = new Uint8Array(3 * n);
  const segmentOf = new Array<RfmSegment>(n);
  const bySegment = new Map<RfmSegment, { customers: number; monetary: number }>(RFM_SEGMENTS.map((s) => [s, { customers: 0, monetary: 0 }]));
  for (let i = 0; i < n; i++) {
    const r = quintileScore(recency[i]!, boundaries.recencyDays, true);
    const f = quintileScore(frequency[i]!, boundaries.frequency);
    const m = quintileScore(monetary[i]!, boundaries.monetary);
    scores[3 * i] = r;
    scores[3 * i + 1] = f;
    scores[3 * i + 2] = m;
    const segment = rfmSegment(r, f, m);
    segmentOf[i] = segment;
    const acc = bySegment.get(segment)!;
    acc.customers += 1;
    acc.monetary += monetary[i]!;
  }
  const segments = RFM_SEGMENTS.map((segment) => {
    const { customers: count, monetary: sum } = bySegment.get(segment)!;
    return { segment, customers: count, share: ratio(count, n), monetary: sum };
  });
  const limit = page.limit ?? 50;
  const pageNo = page.page ?? 1;
  const listed: number[] = [];
  for (let i = 0; i < n; i++) if (!page.segment || segmentOf[i] === page.segment) listed.push(i);
  const customerOf = (i: number) => cs[i]!.customer as string;
  listed.sort((x, y) => monetary[y]! - monetary[x]! || (customerOf(x) < customerOf(y) ? -1 : 1));
  const rowOf = (i: number): RfmRow => ({
    customer: customerOf(i), lastPurchase: String(cs[i]!.last_day).slice(0, 10), recencyDays: recency[i]!, frequency: frequency[i]!, monetary: monetary[i]!,
    currency: rc, r: scores[3 * i]!, f: scores[3 * i + 1]!, m: scores[3 * i + 2]!, segment: segmentOf[i]!,
  });
  return {
    ...meta(ctx, period, category, ratesOf(ctx.org, rc, found.filter((r) => r.k === 'r') as { store_id: string; month: string; currency: string; rate: string | null }[])),
    customers: n, boundaries, segments, rule: RFM_RULE,
    columns: RFM_COLUMNS, rows: listed.slice((pageNo - 1) * limit, pageNo * limit).map(rowOf),
    pagination: { total: listed.length, limit, page: pageNo },
  };
}

/**
 * See `AnalyticsContract.rfmSegmentCustomers`: the company's customers of RFM `segment` over the
 * 365 days ending on the latest day with a sale (from the customer rollup), scored by
 * {@link rfmAnalysis} in one snapshot, as the system (company scope).
 */
export async function rfmSegmentCustomers(database: Database, segment: RfmSegment): Promise<string[]> {
  const [last] = await rows<{ d: string | null }>(database.db, sql`select max(last_day)::text as d from analytics.sales_month_customer`);
  const to = last?.d?.slice(0, 10) ?? new Date().toISOString().slice(0, 10);
  const from = addDays(to, -364);
  const scope = await scopeFor(database.db, SYSTEM_USER);
  const stamp = await readStamp(database.db);
  const { value } = await computeInSnapshot(database, scope, stamp.dataAsOf, 'company', async (ctx, period) =>
    (await rfmAnalysis(ctx, period({ period: 'custom', from, to }), { segment, page: 1, limit: Number.MAX_SAFE_INTEGER })).rows.map((r) => r.customer));
  return value;
}

/** One cohort: the customers whose first purchase under the node fell in `cohort`, and the share of them active in each month after. */
export interface CohortRow {
  /** First day of the first-purchase month. */
  cohort: string;
  size: number;
  /** `retention[k]` = share of the cohort with a purchase in month cohort + k (4 places); k = 0 is 1; up to the period's last month. */
  retention: number[];
  /** The same as counts of customers. */
  active: number[];
}

/** The cohort answer (no money: no rates). */
export interface CohortAnswer extends Omit<AnalysisMeta, 'exchangeRates' | 'missingRates'>, Table<CohortRow> {
  /** The longest row: months +0 … +(months − 1). */
  months: number;
  rule: string;
}

const COHORT_COLUMNS: Column<CohortRow>[] = [{ key: 'cohort', unit: 'month' }, { key: 'size', unit: 'count' }, { key: 'retention', unit: 'percent' }];

/** Most cohort months an answer holds (a 3-year custom period). */
const MAX_COHORTS = 37;

/**
 * Cohort retention (the triangle table): customers grouped by the month of their first purchase
 * under the node (over all their history in scope, so a customer who bought before the period is
 * in no cohort of it), for the cohort months of `period`; per cohort its size and the share of it
 * with a purchase (a receipt line of quantity > 0) in each month from +0 to the period's last month.
 * With `category`, only purchases of that category (at the time of sale) count, first ones included.
 */
export async function cohortRetention(ctx: ReadContext, period: AnalysisPeriod, category?: string): Promise<CohortAnswer> {
  const first = monthStartOf(period.from);
  const last = monthStartOf(period.to);
  const found = ctx.node.storeIds.length === 0 ? [] : await rows<{ cohort: string; k: number; n: string }>(ctx.db, sql`
    with c as (
      select f.customer_ref, date_trunc('month', f.local_at)::date as month
      from analytics.sale_line f
      where f.store_id = any(${textArray(ctx.node.storeIds)}) and f.customer_ref is not null and f.quantity > 0 and f.local_at < ${addDays(period.to, 1)}::date${ofCategory(category, sql`f.category`)}
      group by 1, 2
    ),
    fc as (select customer_ref, min(month) as cohort from c group by 1)
    select fc.cohort::text as cohort,
      ((extract(year from c.month) - extract(year from fc.cohort)) * 12 + extract(month from c.month) - extract(month from fc.cohort))::int as k,
      count(*) as n
    from c join fc using (customer_ref) where fc.cohort >= ${first}::date group by 1, 2`);
  const byCohort = new Map<string, Map<number, number>>();
  for (const r of found) {
    const key = String(r.cohort).slice(0, 10);
    const m = byCohort.get(key) ?? new Map<number, number>();
    m.set(Number(r.k), Number(r.n));
    byCohort.set(key, m);
  }
  const out: CohortRow[] = [];
  for (let month = first; month <= last && out.length < MAX_COHORTS; month = addMonths(month, 1)) {
    const counts = byCohort.get(month) ?? new Map<number, number>();
    const size = counts.get(0) ?? 0;
    const span = monthsBetween(month, last) + 1;
    const active = Array.from({ length: span }, (_, k) => counts.get(k) ?? 0);
    out.push({ cohort: month, size, active, retention: active.map((n) => ratio(n, size) ?? 0) });
  }
  return {
    node: { kind: ctx.node.kind, id: ctx.node.id, name: ctx.node.name }, category: category ?? null, period: { from: period.from, to: period.to, label: period.label },
    currency: ctx.settings.reportingCurrency, dataAsOf: ctx.dataAsOf, months: out[0]?.active.length ?? 0,
    rule: 'Cohort = month of the first purchase (a receipt line of quantity > 0) under the node, over all history in scope; retention +k = share of the cohort with a purchase in month cohort + k; the table stops at the period\'s last month.',
    columns: COHORT_COLUMNS, rows: out,
  };
}

const monthsBetween = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

// ---------------------------------------------------------------------------------------------
// Market basket
// ---------------------------------------------------------------------------------------------

/** How pairs are ranked: support, confidence (the larger of A→B and B→A) or lift. */
export type PairOrder = 'support' | 'confidence' | 'lift';

/** One product pair (A < B by SKU). */
export interface PairRow {
  skuA: string;
  titleA: string;
  skuB: string;
  titleB: string;
  /** Baskets holding both. */
  baskets: number;
  /** baskets ÷ all baskets. */
  support: number | null;
  /** P(B | A) = baskets ÷ baskets with A. */
  confidenceAB: number | null;
  /** P(A | B). */
  confidenceBA: number | null;
  /** support ÷ (support(A) × support(B)); > 1: bought together more often than by chance. */
  lift: number | null;
}

/** The market-basket answer. */
export interface BasketAnswer extends Omit<AnalysisMeta, 'exchangeRates' | 'missingRates'>, Table<PairRow> {
  /** Baskets (receipts with a line sold) under the node in the period. */
  baskets: number;
  minSupport: number;
  /** The least number of baskets a pair needs: ⌈minSupport × baskets⌉ (at least 1). */
  minBaskets: number;
  rankBy: PairOrder;
  rule: string;
}

const PAIR_COLUMNS: Column<PairRow>[] = [
  { key: 'skuA', unit: 'text' }, { key: 'titleA', unit: 'text' }, { key: 'skuB', unit: 'text' }, { key: 'titleB', unit: 'text' }, { key: 'baskets', unit: 'count' },
  { key: 'support', unit: 'percent' }, { key: 'confidenceAB', unit: 'percent' }, { key: 'confidenceBA', unit: 'percent' }, { key: 'lift', unit: 'ratio' },
];

/**
 * The top product pairs bought together under the node in `period`: a basket is one receipt
 * (store, reference) with the distinct SKUs of its lines sold (quantity > 0; returns are not
 * baskets); pairs with support ≥ `minSupport` (products below it are dropped first: a pair is
 * never more frequent than either product), ranked by `rankBy` (then baskets, then SKUs), at most
 * `limit`. With `category`, a basket holds only the lines of that category at the time of sale
 * (receipts without one are no baskets). Measures by {@link pairMeasures}. Reads the baskets'
 * lines of the frequent products from the fact table and counts their pairs in memory.
 */
export async function basketPairs(ctx: ReadContext, period: AnalysisPeriod, options: { minSupport?: number; rankBy?: PairOrder; limit?: number; category?: string } = {}): Promise<BasketAnswer> {
  const minSupport = options.minSupport ?? 0.01;
  const order = options.rankBy ?? 'lift';
  const limit = options.limit ?? 50;
  const ids = textArray(ctx.node.storeIds);
  const lines = sql`f.store_id = any(${ids}) and ${within(period)} and f.quantity > 0${ofCategory(options.category, sql`f.category`)}`;
  const [counted] = ctx.node.storeIds.length === 0 ? [{ n: '0' }] : await rows<{ n: string }>(ctx.db, sql`
    select count(*) as n from (select distinct f.store_id, f.reference from analytics.sale_line f where ${lines}) b`);
  const baskets = Number(counted?.n ?? 0);
  const minBaskets = Math.max(1, Math.ceil(minSupport * baskets - 1e-9));
  // The lines of the products frequent enough (a pair is never more frequent than either
  // product), one row per basket and product, in basket order; the pairs are counted here.
  const found = baskets === 0 ? [] : await rows<{ store_id: string; reference: string; sku: string; n: string }>(ctx.db, sql`
    with b as materialized (select distinct f.store_id, f.reference, f.sku from analytics.sale_line f where ${lines}),
    items as (select sku, count(*) as n from b group by sku having count(*) >= ${minBaskets})
    select b.store_id, b.reference, b.sku, items.n from b join items using (sku) order by b.store_id, b.reference, b.sku`);
  const withItem = new Map(found.map((r) => [r.sku, Number(r.n)]));
  const pairs = new Map<string, number>();
  for (let start = 0; start < found.length;) {
    let end = start;
    while (end < found.length && found[end]!.store_id === found[start]!.store_id && found[end]!.reference === found[start]!.reference) end += 1;
    for (let i = start; i < end; i++) for (let j = i + 1; j < end; j++) {
      const key = `${found[i]!.sku}\u0000${found[j]!.sku}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    start = end;
  }
  const rank = (p: { both: number; a: number; b: number }) => (order === 'support' ? p.both : order === 'confidence' ? Math.max(p.both / p.a, p.both / p.b) : p.both / (p.a * p.b));
  const top = [...pairs].filter(([, both]) => both >= minBaskets).map(([key, both]) => {
    const [skuA, skuB] = key.split('\u0000') as [string, string];
    return { skuA, skuB, both, a: withItem.get(skuA) as number, b: withItem.get(skuB) as number };
  }).sort((x, y) => rank(y) - rank(x) || y.both - x.both || (x.skuA < y.skuA ? -1 : x.skuA > y.skuA ? 1 : x.skuB < y.skuB ? -1 : 1)).slice(0, limit);
  const skus = [...new Set(top.flatMap((p) => [p.skuA, p.skuB]))];
  const titles = new Map((skus.length === 0 ? [] : await rows<{ sku: string; title: string }>(ctx.db, sql`select sku, title from analytics.product where sku = any(${textArray(skus)})`)).map((r) => [r.sku, r.title]));
  const out: PairRow[] = top.map((p) => ({
    skuA: p.skuA, titleA: titles.get(p.skuA) ?? p.skuA, skuB: p.skuB, titleB: titles.get(p.skuB) ?? p.skuB, baskets: p.both,
    ...pairMeasures(p.both, p.a, p.b, baskets),
  }));
  return {
    node: { kind: ctx.node.kind, id: ctx.node.id, name: ctx.node.name }, category: options.category ?? null, period: { from: period.from, to: period.to, label: period.label },
    currency: ctx.settings.reportingCurrency, dataAsOf: ctx.dataAsOf, baskets, minSupport, minBaskets, rankBy: order,
    rule: 'A basket is one receipt (store, reference) with the distinct products of its lines sold (quantity > 0). support = baskets with both ÷ all baskets; confidence A→B = baskets with both ÷ baskets with A; lift = support ÷ (support(A) × support(B)).',
    columns: PAIR_COLUMNS, rows: out,
  };
}

// ---------------------------------------------------------------------------------------------
// Stock: sell-through, weeks of cover, GMROI
// ---------------------------------------------------------------------------------------------

/** The inventory the catalog holds, per SKU: units on hand and unit cost (minor units of `currency`, null when unknown). */
export type InventoryLookup = (skus: string[]) => Promise<Pick<VariantInfo, 'sku' | 'available' | 'unitCost' | 'price'>[]>;

/** Stock figures of one product or one category of an online store (money in minor units of `currency`). */
export interface StockRow {
  level: 'product' | 'category';
  storeCode: string;
  currency: string;
  /** The SKU (level product) or the category (level category). */
  key: string;
  name: string;
  category: string;
  unitsSold: number;
  revenue: number;
  /** Gross margin over the lines sold with a known cost; null when none had one. */
  grossMargin: number | null;
  /** Units on hand now (the catalog's stock); null when the catalog does not know the SKU. */
  onHand: number | null;
  /** onHand × the catalog's unit cost; null when either is unknown. */
  inventoryCost: number | null;
  /** unitsSold ÷ (unitsSold + onHand), 4 places. */
  sellThrough: number | null;
  /** onHand ÷ (unitsSold per week over the period), 2 places; null when nothing sold. */
  weeksOfCover: number | null;
  /** grossMargin ÷ inventoryCost (the period's margin, not annualised), 4 places. */
  gmroi: number | null;
}

/** The stock answer. */
export interface StockAnswer extends Omit<AnalysisMeta, 'exchangeRates' | 'missingRates'>, Table<StockRow> {
  /** `available` when at least one online store is in the node and the catalog knows its products; else `missing`, with `reason`. */
  inventory: { status: 'available' | 'missing'; reason: string | null };
  /** Stores of the node whose stock analytics cannot see (physical stores: no inventory source). */
  storesWithoutInventory: number;
  rule: string;
}

const STOCK_COLUMNS: Column<StockRow>[] = [
  { key: 'level', unit: 'text' }, { key: 'storeCode', unit: 'text' }, { key: 'key', unit: 'text' }, { key: 'name', unit: 'text' }, { key: 'category', unit: 'text' },
  { key: 'unitsSold', unit: 'count' }, { key: 'revenue', unit: 'money' }, { key: 'grossMargin', unit: 'money' }, { key: 'onHand', unit: 'count' },
  { key: 'inventoryCost', unit: 'money' }, { key: 'sellThrough', unit: 'percent' }, { key: 'weeksOfCover', unit: 'weeks' }, { key: 'gmroi', unit: 'ratio' },
];

/** The figures a stock row derives from its sums. */
function stockFigures(sold: number, margin: number | null, onHand: number | null, cost: number | null, weeks: number) {
  const perWeek = sold / weeks;
  return {
    sellThrough: onHand === null ? null : ratio(sold, sold + onHand),
    weeksOfCover: onHand === null || perWeek <= 0 ? null : Math.round((onHand / perWeek) * 100) / 100,
    gmroi: margin === null || cost === null ? null : ratio(margin, cost),
  };
}

/**
 * Stock of the online stores under the node (the stores whose inventory the catalog holds) for
 * the products they sold in `period`: per product and per category, units sold, revenue, gross
 * margin, units on hand now and their cost (from `inventory`, the catalog contract), sell-through,
 * weeks of cover and GMROI (formulas on {@link StockRow}). The catalog gives today's stock only,
 * so on-hand and inventory cost are the current ones whatever the period. When the node holds no
 * online store, or the catalog knows none of the products sold, `inventory.status` is `missing`
 * with the reason (not an error); `storesWithoutInventory` counts the physical stores. With
 * `category`, only the products sold in that category (at the time of sale).
 */
export async function stockAnalysis(ctx: ReadContext, period: AnalysisPeriod, inventory: InventoryLookup, category?: string): Promise<StockAnswer> {
  const online = ctx.node.storeIds.filter((id) => ctx.org.stores.get(id)?.kind === 'online');
  const head = {
    node: { kind: ctx.node.kind, id: ctx.node.id, name: ctx.node.name }, category: category ?? null, period: { from: period.from, to: period.to, label: period.label },
    currency: ctx.settings.reportingCurrency, dataAsOf: ctx.dataAsOf, storesWithoutInventory: ctx.node.storeIds.length - online.length,
    rule: 'Products sold in the period by the online stores (whose stock the catalog holds). sell-through = units sold ÷ (units sold + on hand); weeks of cover = on hand ÷ units sold per week of the period; GMROI = gross margin of the period ÷ inventory at cost (on hand × unit cost). On hand and unit cost are the catalog\'s current ones.',
    columns: STOCK_COLUMNS,
  };
  if (online.length === 0) return { ...head, inventory: { status: 'missing', reason: 'No store of this node keeps its inventory in the catalog (only online stores do): no stock figures.' }, rows: [] };
  const sold = await rows<{ store_id: string; currency: string; sku: string; category: string; title: string | null; units: string; revenue: string; margin: string; costed: boolean }>(ctx.db, sql`
    select f.store_id, min(f.currency) as currency, f.sku, coalesce(min(f.category), ${NO_CATEGORY}) as category, min(d.title) as title, sum(f.quantity) as units, sum(f.net_revenue) as revenue,
      coalesce(sum(f.net_revenue - f.quantity::bigint * f.unit_cost) filter (where f.unit_cost is not null), 0) as margin, bool_or(f.unit_cost is not null) as costed
    from analytics.sale_line f left join analytics.product d on d.sku = f.sku
    where f.store_id = any(${textArray(online)}) and ${within(period)}${ofCategory(category, sql`f.category`)} group by f.store_id, f.sku order by f.store_id, f.sku`);
  const stock = new Map((await inventory([...new Set(sold.map((r) => r.sku))])).map((v) => [v.sku, v]));
  if (sold.length > 0 && stock.size === 0) return { ...head, inventory: { status: 'missing', reason: 'The catalog knows none of the products sold: no stock figures.' }, rows: [] };
  const weeks = (daysBetween(period.from, period.to)) / 7;
  const products: StockRow[] = sold.map((r) => {
    const store = ctx.org.stores.get(r.store_id);
    const v = stock.get(r.sku);
    const onHand = v ? v.available : null;
    const unitCost = v && v.price.currency === r.currency ? v.unitCost : null;
    const inventoryCost = onHand === null || unitCost === null ? null : onHand * unitCost;
    const margin = r.costed ? Number(r.margin) : null;
    return {
      level: 'product', storeCode: store?.code ?? r.store_id, currency: r.currency, key: r.sku, name: r.title ?? r.sku, category: r.category,
      unitsSold: Number(r.units), revenue: Number(r.revenue), grossMargin: margin, onHand, inventoryCost, ...stockFigures(Number(r.units), margin, onHand, inventoryCost, weeks),
    };
  });
  const categories = new Map<string, StockRow>();
  for (const p of products) {
    const key = `${p.storeCode}|${p.category}`;
    const c = categories.get(key) ?? { ...p, level: 'category' as const, key: p.category, name: p.category, unitsSold: 0, revenue: 0, grossMargin: null, onHand: null, inventoryCost: null };
    c.unitsSold += p.unitsSold;
    c.revenue += p.revenue;
    if (p.grossMargin !== null) c.grossMargin = (c.grossMargin ?? 0) + p.grossMargin;
    if (p.onHand !== null) c.onHand = (c.onHand ?? 0) + p.onHand;
    if (p.inventoryCost !== null) c.inventoryCost = (c.inventoryCost ?? 0) + p.inventoryCost;
    categories.set(key, c);
  }
  const categoryRows = [...categories.values()].map((c) => ({ ...c, ...stockFigures(c.unitsSold, c.grossMargin, c.onHand, c.inventoryCost, weeks) }))
    .sort((x, y) => x.storeCode.localeCompare(y.storeCode) || y.revenue - x.revenue);
  return { ...head, inventory: { status: 'available', reason: null }, rows: [...categoryRows, ...products.sort((x, y) => y.revenue - x.revenue || x.key.localeCompare(y.key))] };
}
