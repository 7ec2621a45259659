import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.js';
import { rows, textArray } from '../../platform/db/index.js';
import { AnalyticsErrors } from './analytics.errors.js';
import type { AnalyticsSettings } from './analytics.organisation.js';
import type { Org, ResolvedNode } from './analytics.scope.js';
import { readTargetBook, type TargetMetric, type TargetNode, type TargetRateMissing } from './analytics.targets.js';
import {
  addDays, addMonths, daysBetween, isLocalDate, monthEndOf, monthStartOf, periodRange, previousPeriod, samePeriodLastYear,
  type Grain, type PeriodInput, type PeriodRange,
} from './domain/fiscal.js';
import { divideRounded, shortDecimal } from './domain/money.js';

// ---------------------------------------------------------------------------------------------
// Periods (the calendar rules live in domain/fiscal.ts; here only the query's errors as 400s)
// ---------------------------------------------------------------------------------------------

/** An inclusive range of local dates. */
export interface DateRange {
  from: string;
  to: string;
}

/** A resolved period with its comparisons: the previous period of the same grain and the same period last year. */
export interface Period extends DateRange {
  grain: Grain;
  /** `2026-03-15`, `2026-W11`, `2026-03`, `FY2026 Q1`, `FY2026`, or `2026-03-01..2026-03-20`. */
  label: string;
  previous: DateRange;
  lastYear: DateRange;
}

const datesOf = (r: PeriodRange): DateRange => ({ from: r.from, to: r.to });

/**
 * Resolves a period query: `grain` (default month) and a `date` inside it (default today, UTC),
 * or `from`/`to` for `custom`, with the rules of `domain/fiscal.ts`: {@link periodRange} (quarters
 * and years fiscal, from `fiscalStart`), {@link previousPeriod} and {@link samePeriodLastYear}
 * (ISO weeks: the week with the same number of the previous ISO year).
 * @throws AppError 400 ANALYTICS.INVALID for a custom period without from/to, from after to, a
 *   range longer than 3 years, or a date that does not exist (2026-02-30).
 */
export function resolvePeriod(q: { period?: Grain; date?: string; from?: string; to?: string }, fiscalStart: number): Period {
  const input: PeriodInput = { grain: q.period ?? 'month', date: q.date ?? new Date().toISOString().slice(0, 10), from: q.from, to: q.to, fiscalYearStartMonth: fiscalStart };
  if (input.grain === 'custom') {
    if (!q.from || !q.to) throw AnalyticsErrors.invalid('A custom period needs from and to (YYYY-MM-DD)');
    customRange(q.from, q.to);
  }
  try {
    const current = periodRange(input);
    return { grain: input.grain, ...current, previous: datesOf(previousPeriod(input)), lastYear: datesOf(samePeriodLastYear(input)) };
  } catch (err) {
    if (err instanceof RangeError) throw AnalyticsErrors.invalid(err.message);
    throw err;
  }
}

/**
 * Checks an inclusive range: real dates, from ≤ to, at most 3 years.
 * @throws AppError 400 ANALYTICS.INVALID.
 */
export function customRange(from: string, to: string): DateRange {
  for (const d of [from, to]) if (!isLocalDate(d)) throw AnalyticsErrors.invalid(`${d} is not a date written YYYY-MM-DD`);
  if (from > to) throw AnalyticsErrors.invalid(`The period starts (${from}) after it ends (${to})`);
  if (daysBetween(from, to) > 3 * 366 + 1) throw AnalyticsErrors.invalid('A range covers at most 3 years');
  return { from, to };
}

// ---------------------------------------------------------------------------------------------
// Figures from the rollups, converted to the reporting currency
// ---------------------------------------------------------------------------------------------


/** Additive figures of one store (or a sum of stores), money in minor units of the reporting currency. */
export interface Figures {
  revenue: number;
  cost: number;
  costedRevenue: number;
  returnedRevenue: number;
  units: number;
  transactions: number;
}

/**
 * A month left out of an answer because no exchange rate exists for it: a store-month of sales,
 * or a target month (then `storeId`/`storeCode` are those of the node the target is set at, a
 * store, or a region with its id and code; the target shown is partial or null).
 */
export interface MissingRate {
  storeId: string;
  storeCode: string;
  currency: string;
  /** First day of the month. */
  month: string;
}

/** A monthly average rate used by an answer: 1 `currency` = `rate` reporting currency. */
export interface RateUsed {
  currency: string;
  month: string;
  /** Decimal string, shortest form (`0.85`), as `/exchange-rates` gives it: up to 10 decimals, more than a JSON number holds exactly. */
  rate: string;
}

/** Figures per store (and per bucket), with the rates used and the store-months left out. */
export interface ConvertedFigures {
  rows: (Figures & { storeId: string; bucket: string })[];
  rates: RateUsed[];
  missing: MissingRate[];
}

export const zero = (): Figures => ({ revenue: 0, cost: 0, costedRevenue: 0, returnedRevenue: 0, units: 0, transactions: 0 });
export function addInto(a: Figures, b: Figures): Figures {
  a.revenue += b.revenue; a.cost += b.cost; a.costedRevenue += b.costedRevenue; a.returnedRevenue += b.returnedRevenue; a.units += b.units; a.transactions += b.transactions;
  return a;
}

/** A bucket expression over a date column (`d.day` or `m.month`); `monthly` when whole months may be read from `sales_month_store`. */
export interface Bucket {
  expr: (date: SQL) => SQL;
  monthly: boolean;
}

/**
 * SQL of `amount × rate` in minor units, rounded by the module's money rule (domain/money.ts:
 * half away from zero): PostgreSQL's `round` over `numeric`, which breaks ties away from zero
 * (`round(-2.5) = -3`), unlike ⌊x + 0.5⌋.
 */
export const moneySql = (amount: SQL, rate: SQL): SQL => sql`round((${amount})::numeric * ${rate})::bigint`;

/** The whole period as one bucket (its first day). */
export const wholePeriod = (range: DateRange): Bucket => ({ expr: () => sql`${range.from}::date`, monthly: true });

/** `range` split into its whole calendar months and the days before and after them. */
export function splitRange(range: DateRange): { months: DateRange | null; days: DateRange[] } {
  const firstWhole = range.from === monthStartOf(range.from) ? range.from : addMonths(monthStartOf(range.from), 1);
  const lastWholeEnd = range.to === monthEndOf(range.to) ? range.to : addDays(monthStartOf(range.to), -1);
  if (firstWhole > lastWholeEnd) return { months: null, days: [range] };
  const days: DateRange[] = [];
  if (range.from < firstWhole) days.push({ from: range.from, to: addDays(firstWhole, -1) });
  if (lastWholeEnd < range.to) days.push({ from: addDays(lastWholeEnd, 1), to: range.to });
  return { months: { from: firstWhole, to: monthStartOf(lastWholeEnd) }, days };
}

/**
 * The SQL of the converted store-month figures of `storeIds` over `range`, from the rollups
 * (never the fact table): whole months from `sales_month_store` when the bucket allows it, the
 * other days from `sales_day_store` (with `category`: `sales_month_category` and
 * `sales_day_category` filtered to it, `returned_revenue` and `transactions` then 0). One row per store, month and bucket, money converted to
 * `reporting` with the month's average rate of the store's currency and rounded per row by
 * {@link moneySql} (half away from zero), before any sum; `rate` null marks a missing rate. Columns: store_id,
 * bucket, month, currency, rate, revenue, cost, costed_revenue, returned_revenue, units, transactions.
 */
export function convertedSql(storeIds: string[], range: DateRange, reporting: string, bucket: Bucket = wholePeriod(range), category?: string): SQL {
  const split = bucket.monthly ? splitRange(range) : { months: null, days: [range] };
  // One category: its rollups, which count no receipts or returns (those measures are 0 here; the KPIs built on them are null).
  const measures = sql.raw(category === undefined ? 'net_revenue, cost, costed_revenue, returned_revenue, units, transactions' : 'net_revenue, cost, costed_revenue, 0::bigint as returned_revenue, units, 0::bigint as transactions');
  const [dayTable, monthTable] = (category === undefined ? ['sales_day_store', 'sales_month_store'] : ['sales_day_category', 'sales_month_category']).map((t) => sql.raw(`analytics.${t}`));
  const only = category === undefined ? sql`` : sql` and d.category = ${category}`;
  const ids = textArray(storeIds);
  const parts: SQL[] = [];
  if (split.days.length > 0) {
    const days = sql.join(split.days.map((r) => sql`d.day between ${r.from}::date and ${r.to}::date`), sql` or `);
    parts.push(sql`select d.store_id, (${bucket.expr(sql`d.day`)})::date as bucket, date_trunc('month', d.day)::date as month, d.currency, ${measures}
      from ${dayTable} d where d.store_id = any(${ids}) and (${days})${only}`);
  }
  if (split.months) {
    parts.push(sql`select d.store_id, (${bucket.expr(sql`d.month`)})::date as bucket, d.month, d.currency, ${measures}
      from ${monthTable} d where d.store_id = any(${ids}) and d.month between ${split.months.from}::date and ${split.months.to}::date${only}`);
  }
  return sql`
    select b.store_id, b.bucket, b.month, b.currency, r.rate,
      ${moneySql(sql`b.revenue`, sql`r.rate`)} as revenue, ${moneySql(sql`b.cost`, sql`r.rate`)} as cost,
      ${moneySql(sql`b.costed_revenue`, sql`r.rate`)} as costed_revenue, ${moneySql(sql`b.returned_revenue`, sql`r.rate`)} as returned_revenue,
      b.units, b.transactions
    from (
      select s.store_id, s.bucket, s.month, min(s.currency) as currency,
        sum(s.net_revenue) as revenue, sum(s.cost) as cost, sum(s.costed_revenue) as costed_revenue, sum(s.returned_revenue) as returned_revenue,
        sum(s.units)::bigint as units, sum(s.transactions)::bigint as transactions
      from (${sql.join(parts, sql` union all `)}) s
      group by 1, 2, 3
    ) b
    left join lateral (
      select case when b.currency = ${reporting} then 1::numeric
        else (select x.rate from analytics.exchange_rate x where x.currency = b.currency and x.reporting_currency = ${reporting} and x.month = b.month) end as rate
    ) r on true`;
}

type ConvertedRow = { store_id: string; bucket: string; month: string; currency: string; rate: string | null; revenue: string; cost: string; costed_revenue: string; returned_revenue: string; units: string; transactions: string };

/** Collects the rates used and the store-months without a rate from converted rows. */
export function ratesOf(org: Org, reporting: string, rowsIn: { store_id: string; month: string; currency: string; rate: string | null }[]): { rates: RateUsed[]; missing: MissingRate[] } {
  const rates = new Map<string, RateUsed>();
  const missing = new Map<string, MissingRate>();
  for (const r of rowsIn) {
    const month = String(r.month).slice(0, 10);
    if (r.rate === null) missing.set(`${r.store_id}|${month}`, { storeId: r.store_id, storeCode: org.stores.get(r.store_id)?.code ?? r.store_id, currency: r.currency, month });
    else if (r.currency !== reporting) rates.set(`${r.currency}|${month}`, { currency: r.currency, month, rate: shortDecimal(String(r.rate)) });
  }
  const byKey = <T extends { month: string }>(a: T[], key: (t: T) => string) => a.sort((x, y) => key(x).localeCompare(key(y)) || x.month.localeCompare(y.month));
  return { rates: byKey([...rates.values()], (r) => r.currency), missing: byKey([...missing.values()], (m) => m.storeCode) };
}

/** Converted figures per store (and bucket) of `storeIds` over `range` (of one `category` when given); store-months without a rate are left out and listed. */
export async function storeFigures(db: Executor, org: Org, storeIds: string[], range: DateRange, reporting: string, bucket?: Bucket, category?: string): Promise<ConvertedFigures> {
  if (storeIds.length === 0) return { rows: [], rates: [], missing: [] };
  const found = await rows<ConvertedRow>(db, convertedSql(storeIds, range, reporting, bucket, category));
  const byKey = new Map<string, Figures & { storeId: string; bucket: string }>();
  for (const r of found) {
    if (r.rate === null) continue;
    const bucketKey = String(r.bucket).slice(0, 10);
    const key = `${r.store_id}|${bucketKey}`;
    const acc = byKey.get(key) ?? { ...zero(), storeId: r.store_id, bucket: bucketKey };
    addInto(acc, { revenue: Number(r.revenue), cost: Number(r.cost), costedRevenue: Number(r.costed_revenue), returnedRevenue: Number(r.returned_revenue), units: Number(r.units), transactions: Number(r.transactions) });
    byKey.set(key, acc);
  }
  return { rows: [...byKey.values()], ...ratesOf(org, reporting, found) };
}

// ---------------------------------------------------------------------------------------------
// Targets (the rule of COMMON.md, resolved by `readTargetBook` of analytics.targets.ts)
// ---------------------------------------------------------------------------------------------

/**
 * The targets of `nodes` for `metric` over `range` (all categories, or the targets set for one
 * `category`: there is no other source of a category's target), in the reporting currency,
 * ready to be resolved for the whole range or any part of it: per month the node's own target,
 * else the sum of its stores', prorated by days per store and month (money rule) before
 * summing, so a parent without its own target equals the sum of its stores to the cent. A
 * target month whose currency has no rate that month is left out (the target is then partial,
 * or null when nothing is left) and listed in `missing` (as a store-month of the target's node:
 * `storeId`/`storeCode` are the region's id and code when the target is set at a region);
 * never a 409.
 */
export async function readTargets(
  ctx: ReadContext, nodes: TargetNode[], metric: TargetMetric, range: DateRange, missing: MissingRate[], category?: string,
): Promise<(r: DateRange) => Map<string, number | null>> {
  const codeOf = (m: TargetRateMissing) => (m.level === 'store' ? ctx.org.stores.get(m.nodeId)?.code : ctx.org.regions.get(m.nodeId)?.code) ?? m.nodeId;
  const book = await readTargetBook(ctx.db, {
    nodes, metric, category, from: range.from, to: range.to, currency: ctx.settings.reportingCurrency,
    onMissingRate: (m) => missing.push({ storeId: m.nodeId, storeCode: codeOf(m), currency: m.currency, month: m.month }),
  });
  return (r) => new Map([...book.resolve(r.from, r.to)].map(([id, t]) => [id, t?.amount ?? null]));
}

/**
 * The revenue targets of one node per category over `range`: for each of `categories` that has
 * a revenue target set (at the node or at stores in scope below it), the rule of
 * {@link readTargets} for that category; every other category maps to null (no target).
 */
export async function categoryTargets(ctx: ReadContext, node: TargetNode, categories: string[], range: DateRange, missing: MissingRate[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>(categories.map((c) => [c, null]));
  if (categories.length === 0) return out;
  const withTargets = await rows<{ category: string }>(ctx.db, sql`
    select distinct category from analytics.target where metric = 'revenue' and category = any(${textArray(categories)})`);
  for (const { category } of withTargets) {
    out.set(category, (await readTargets(ctx, [node], 'revenue', range, missing, category))(range).get(node.id) ?? null);
  }
  return out;
}

/** A figure against its target: `variance` = value − target, `attainment` = value ÷ target (4 places); all null without a target. */
export function against(value: number | null, target: number | null): { target: number | null; variance: number | null; attainment: number | null } {
  if (target === null || value === null) return { target, variance: null, attainment: null };
  return { target, variance: value - target, attainment: ratio(value, target) };
}

/** The node of the targets rule for a resolved node (the company is its root region). */
export const targetNode = (node: { kind: ResolvedNode['kind']; id: string; regionId?: string; storeIds: string[] }): TargetNode =>
  ({ kind: node.kind, id: node.regionId ?? node.id, storeIds: node.storeIds });

// ---------------------------------------------------------------------------------------------
// KPI formulas
// ---------------------------------------------------------------------------------------------

/** KPI keys, in the order of every answer. */
export const KPI_KEYS = ['revenue', 'grossMargin', 'marginRate', 'units', 'transactions', 'averageBasket', 'unitsPerTransaction', 'averageSellingPrice', 'revenuePerM2', 'returnsRate'] as const;
export type KpiKey = (typeof KPI_KEYS)[number];
/** Unit of each KPI: money (minor units), count, percent (a share as a decimal, 4 places: 0.377 = 37.7 %), ratio (a quotient, 4 places) or money per m² (minor units). */
export const KPI_UNITS: Record<KpiKey, 'money' | 'count' | 'percent' | 'ratio' | 'money_per_m2'> = {
  revenue: 'money', grossMargin: 'money', marginRate: 'percent', units: 'count', transactions: 'count',
  averageBasket: 'money', unitsPerTransaction: 'ratio', averageSellingPrice: 'money', revenuePerM2: 'money_per_m2', returnsRate: 'percent',
};

/** A ratio rounded to 4 decimal places; null when the denominator is 0. */
export const ratio = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 10_000) / 10_000);

/**
 * The KPI values of figures (money in reporting minor units):
 * - revenue = Σ net revenue (ex tax, after discounts, returns netted);
 * - grossMargin = costed revenue − cost, over lines with a known unit cost only;
 * - marginRate = grossMargin ÷ costed revenue (lines without a cost are in neither term);
 * - units = Σ quantity (returns net);
 * - transactions = receipts with at least one line sold (quantity > 0);
 * - averageBasket = revenue ÷ transactions (minor units);
 * - unitsPerTransaction = units ÷ transactions;
 * - averageSellingPrice = revenue ÷ units (minor units);
 * - revenuePerM2 = revenue of the stores with a selling area ÷ Σ their areas (the period's
 *   revenue, not annualised; stores without an area are in neither term);
 * - returnsRate = returned revenue ÷ gross sales revenue (revenue + returned revenue).
 * Money quotients are rounded by the money rule (domain/money.ts: half away from zero, so a
 * net-negative period mirrors a positive one); ratios have 4 places; any figure is null when its
 * denominator is 0.
 */
export function kpiValues(f: Figures, area: { revenue: number; m2: number }): Record<KpiKey, number | null> {
  return {
    revenue: f.revenue,
    grossMargin: f.costedRevenue - f.cost,
    marginRate: ratio(f.costedRevenue - f.cost, f.costedRevenue),
    units: f.units,
    transactions: f.transactions,
    averageBasket: divideRounded(f.revenue, f.transactions),
    unitsPerTransaction: ratio(f.units, f.transactions),
    averageSellingPrice: divideRounded(f.revenue, f.units),
    revenuePerM2: divideRounded(area.revenue, area.m2),
    returnsRate: ratio(f.returnedRevenue, f.revenue + f.returnedRevenue),
  };
}

/** Sums per-store figures into totals and the selling-area terms. */
export function totalsOf(org: Org, perStore: Map<string, Figures>): { total: Figures; area: { revenue: number; m2: number } } {
  const total = zero();
  const area = { revenue: 0, m2: 0 };
  for (const [storeId, f] of perStore) {
    addInto(total, f);
    const m2 = org.stores.get(storeId)?.sellingAreaM2;
    if (m2) {
      area.revenue += f.revenue;
      area.m2 += m2;
    }
  }
  return { total, area };
}

/** Per-store figures of a converted result whose bucket is constant. */
export const byStore = (c: ConvertedFigures): Map<string, Figures> => {
  const out = new Map<string, Figures>();
  for (const r of c.rows) out.set(r.storeId, addInto(out.get(r.storeId) ?? zero(), r));
  return out;
};

/** Relative change (value − base) ÷ |base|, 4 places; null when either is null or base is 0. */
const change = (value: number | null, base: number | null): number | null => (value === null || base === null || base === 0 ? null : Math.round(((value - base) / Math.abs(base)) * 10_000) / 10_000);

/** One KPI of the `/kpis` answer. */
export interface KpiRow {
  key: KpiKey;
  unit: (typeof KPI_UNITS)[KpiKey];
  value: number | null;
  previous: number | null;
  lastYear: number | null;
  /** Only revenue, grossMargin and units, when a target exists (of the answer's category when it has one). */
  target: number | null;
  /** value − target. */
  variance: number | null;
  /** value ÷ target (4 places). */
  attainment: number | null;
  /** (value − previous) ÷ |previous|. */
  changeVsPrevious: number | null;
  /** (value − lastYear) ÷ |lastYear|. */
  changeVsLastYear: number | null;
}

/** The `/kpis` answer (see COMMON.md), plus `missingRates`. */
export interface KpisAnswer {
  node: { kind: ResolvedNode['kind']; id: string; name: string };
  /** The category every figure and target is filtered to; null = all categories. */
  category: string | null;
  period: { grain: Grain; from: string; to: string; label: string };
  comparisons: { previous: DateRange; lastYear: DateRange };
  currency: string;
  dataAsOf: string;
  kpis: KpiRow[];
  likeForLike: { rule: string; stores: number; value: number; lastYear: number; growth: number | null };
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/** The like-for-like rule, as stated in every answer. */
export const LFL_RULE =
  'Like-for-like: stores opened on or before the first day of the same period last year (so open at least 12 months before this period starts) and not closed on or before its last day; growth = their revenue ÷ their revenue in the same period last year − 1.';

/** Context of one read: the database (a snapshot), org, scope-resolved node, settings. */
export interface ReadContext {
  db: Executor;
  org: Org;
  node: ResolvedNode;
  settings: AnalyticsSettings;
  dataAsOf: string;
}

const dedupe = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

/** KPIs the category rollups cannot give (they count no receipts or returns): null in an answer filtered to a category. */
export const NOT_BY_CATEGORY: readonly KpiKey[] = ['transactions', 'averageBasket', 'unitsPerTransaction', 'returnsRate'];

/**
 * The KPIs of a node over a period, against the previous period, the same period last year and
 * the target (revenue, grossMargin and units), with like-for-like growth (rule in the answer).
 * With `category`, every figure is that category's (from the category rollups; the KPIs of
 * {@link NOT_BY_CATEGORY} are null) and the targets are the ones set for that category (the
 * node's own, else the sum of its stores' in scope; none → null target, variance and attainment).
 */
export async function kpis(ctx: ReadContext, period: Period, category?: string): Promise<KpisAnswer> {
  const { db, org, node, settings } = ctx;
  const rc = settings.reportingCurrency;
  const [current, previous, lastYear] = await Promise.all(
    [period, period.previous, period.lastYear].map((r) => storeFigures(db, org, node.storeIds, r, rc, undefined, category)),
  ) as [ConvertedFigures, ConvertedFigures, ConvertedFigures];
  const targetMissing: MissingRate[] = [];
  const tn = targetNode(node);
  const targetBy = async (metric: TargetMetric) => (await readTargets(ctx, [tn], metric, period, targetMissing, category))(period).get(tn.id) ?? null;
  const [revenueTarget, marginTarget, unitsTarget] = await Promise.all([targetBy('revenue'), targetBy('gross_margin'), targetBy('units')]);
  const cur = byStore(current);
  const prev = byStore(previous);
  const ly = byStore(lastYear);
  const values = (m: Map<string, Figures>) => {
    const t = totalsOf(org, m);
    const all = kpiValues(t.total, t.area);
    if (category !== undefined) for (const key of NOT_BY_CATEGORY) all[key] = null;
    return all;
  };
  const v = values(cur);
  const p = values(prev);
  const l = values(ly);
  const targets: Partial<Record<KpiKey, number | null>> = {
    revenue: revenueTarget,
    grossMargin: marginTarget,
    units: unitsTarget,
  };
  const kpiRows: KpiRow[] = KPI_KEYS.map((key) => {
    const value = v[key];
    return {
      key, unit: KPI_UNITS[key], value, previous: p[key], lastYear: l[key], ...against(value, targets[key] ?? null),
      changeVsPrevious: change(value, p[key]), changeVsLastYear: change(value, l[key]),
    };
  });
  const lflStores = node.storeIds.filter((id) => {
    const s = org.stores.get(id);
    return s && s.openedOn <= period.lastYear.from && (s.closedOn === null || s.closedOn > period.to);
  });
  const sum = (m: Map<string, Figures>) => lflStores.reduce((acc, id) => acc + (m.get(id)?.revenue ?? 0), 0);
  const lflValue = sum(cur);
  const lflLy = sum(ly);
  return {
    node: { kind: node.kind, id: node.id, name: node.name },
    category: category ?? null,
    period: { grain: period.grain, from: period.from, to: period.to, label: period.label },
    comparisons: { previous: period.previous, lastYear: period.lastYear },
    currency: rc,
    dataAsOf: ctx.dataAsOf,
    kpis: kpiRows,
    likeForLike: { rule: LFL_RULE, stores: lflStores.length, value: lflValue, lastYear: lflLy, growth: lflLy === 0 ? null : Math.round((lflValue / lflLy - 1) * 10_000) / 10_000 },
    exchangeRates: dedupe([...current.rates, ...previous.rates, ...lastYear.rates], (r) => `${r.currency}|${r.month}`).sort((a, b) => a.currency.localeCompare(b.currency) || a.month.localeCompare(b.month)),
    missingRates: dedupe([...current.missing, ...previous.missing, ...lastYear.missing, ...targetMissing], (m) => `${m.storeId}|${m.month}`).sort((a, b) => a.storeCode.localeCompare(b.storeCode) || a.month.localeCompare(b.month)),
  };
}

/** One point of the revenue trend. */
export interface TrendPoint {
  /** First day of the bucket (a day, the Monday of an ISO week, the first of a month), clipped to `from`. */
  start: string;
  label: string;
  revenue: number;
  /** Revenue of the same bucket a year earlier (ISO weeks: same week number). */
  lastYear: number;
  /** Target of the node for the bucket (prorated by days), null when none. */
  target: number | null;
}

/** The `/kpis/trend` answer, plus `missingRates`. */
export interface TrendAnswer {
  currency: string;
  dataAsOf: string;
  points: TrendPoint[];
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/** Most points a trend answers (a longer range needs a coarser grain). */
export const MAX_TREND_POINTS = 800;

/**
 * Revenue per day, ISO week or month between `from` and `to` (inclusive), with last year's revenue
 * for the same bucket and the node's target for it. Money per store-bucket is converted at the
 * month's rate (a week across two months: each part at its month's rate), rounded by the money rule, then summed.
 * @throws AppError 400 ANALYTICS.INVALID when from > to, the range exceeds 3 years or the points exceed {@link MAX_TREND_POINTS}.
 */
export async function trend(ctx: ReadContext, range: DateRange, grain: 'day' | 'week' | 'month'): Promise<TrendAnswer> {
  customRange(range.from, range.to);
  const { db, org, node, settings } = ctx;
  const rc = settings.reportingCurrency;
  const buckets: { start: string; end: string; label: string; ly: DateRange }[] = [];
  for (let start = range.from; start <= range.to;) {
    // The bucket holding `start` and its same bucket last year, by the rules of domain/fiscal.ts.
    const bucket = periodRange({ grain, date: start });
    const lyStart = samePeriodLastYear({ grain, date: start }).from;
    const from = start;
    const to = bucket.to < range.to ? bucket.to : range.to;
    const lyFrom = addDays(lyStart, daysBetween(bucket.from, from) - 1);
    const lyTo = addDays(lyFrom, daysBetween(from, to) - 1);
    buckets.push({ start: from, end: to, label: bucket.label, ly: { from: lyFrom, to: lyTo } });
    if (buckets.length > MAX_TREND_POINTS) throw AnalyticsErrors.invalid(`At most ${MAX_TREND_POINTS} points: use a coarser grain or a shorter range`);
    start = addDays(to, 1);
  }
  const first = buckets[0] as (typeof buckets)[number];
  const last = buckets[buckets.length - 1] as (typeof buckets)[number];
  const bucketSql: Bucket = grain === 'day' ? { expr: (d) => d, monthly: false }
    : grain === 'week' ? { expr: (d) => sql`date_trunc('week', ${d})`, monthly: false } : { expr: (d) => sql`date_trunc('month', ${d})`, monthly: true };
  const [cur, ly] = await Promise.all([
    bucketRevenue(db, org, node.storeIds, range, rc, bucketSql),
    bucketRevenue(db, org, node.storeIds, { from: first.ly.from, to: last.ly.to }, rc, bucketSql),
  ]);
  const targetMissing: MissingRate[] = [];
  const tn = targetNode(node);
  const targets = await readTargets(ctx, [tn], 'revenue', range, targetMissing);
  const points = buckets.map((b) => {
    const key = periodRange({ grain, date: b.start }).from;
    const lyKey = periodRange({ grain, date: b.ly.from }).from;
    return { start: b.start, label: b.label, revenue: cur.revenue.get(key) ?? 0, lastYear: ly.revenue.get(lyKey) ?? 0, target: targets({ from: b.start, to: b.end }).get(tn.id) ?? null };
  });
  return {
    currency: rc, dataAsOf: ctx.dataAsOf, points,
    exchangeRates: dedupe([...cur.rates, ...ly.rates], (r) => `${r.currency}|${r.month}`),
    missingRates: dedupe([...cur.missing, ...ly.missing, ...targetMissing], (m) => `${m.storeId}|${m.month}`),
  };
}

/**
 * Converted revenue per bucket summed over `storeIds` in SQL (one row per bucket, plus one per
 * store-month for the rates used and missing), so a long daily trend returns few rows.
 */
async function bucketRevenue(db: Executor, org: Org, storeIds: string[], range: DateRange, rc: string, bucket: Bucket): Promise<{ revenue: Map<string, number>; rates: RateUsed[]; missing: MissingRate[] }> {
  if (storeIds.length === 0) return { revenue: new Map(), rates: [], missing: [] };
  const found = await rows<{ k: string; bucket: string | null; store_id: string; month: string; currency: string; rate: string | null; revenue: string | null }>(
    db,
    sql`with c as (${convertedSql(storeIds, range, rc, bucket)})
        select 'b' as k, bucket::text as bucket, null::text as store_id, null::text as month, null::text as currency, null::text as rate, sum(revenue) filter (where rate is not null) as revenue
        from c group by bucket
        union all
        select distinct 'r', null::text, store_id, month::text, currency, rate::text, null::numeric from c where rate is null or currency <> ${rc}`,
  );
  const revenue = new Map<string, number>();
  for (const r of found) if (r.k === 'b' && r.bucket) revenue.set(r.bucket.slice(0, 10), Number(r.revenue ?? 0));
  return { revenue, ...ratesOf(org, rc, found.filter((r) => r.k === 'r')) };
}
