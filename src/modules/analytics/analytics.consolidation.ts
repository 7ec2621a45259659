import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.js';
import { rows, textArray } from '../../platform/db/index.js';
import { AnalyticsErrors } from './analytics.errors.js';
import {
  against, byStore, categoryTargets, convertedSql, kpiValues, moneySql, ratesOf, ratio, readTargets, storeFigures, targetNode,
  type DateRange, type Figures, type KpiKey, type MissingRate, type Period, type RateUsed, type ReadContext,
} from './analytics.kpis.js';
import { subtreeRegions, type Org } from './analytics.scope.js';
import type { TargetNode } from './analytics.targets.js';
import { monthEndOf, monthStartOf } from './domain/fiscal.js';

/** A node of the consolidation tree; money in minor units of the reporting currency. */
export interface Tree {
  kind: 'company' | 'region' | 'store';
  id: string;
  name: string;
  revenue: number;
  grossMargin: number;
  units: number;
  /** Receipts; null in an answer filtered to a category (the category rollups count no receipts). */
  transactions: number | null;
  /** Revenue target (rule of COMMON.md: the node's own, else the sum of its stores'), null when none. */
  target: number | null;
  /** revenue ÷ target (4 places), null without a target. */
  attainment: number | null;
  /** Regions first, then stores, each by name. */
  children: Tree[];
}

/** The `/consolidation` answer, plus the rates used and the store-months left out for want of a rate. */
export interface ConsolidationAnswer {
  currency: string;
  dataAsOf: string;
  period: { grain: Period['grain']; from: string; to: string; label: string };
  /** The category every figure and target is filtered to; null = all categories. */
  category: string | null;
  root: Tree;
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

type Sums = { revenue: number; grossMargin: number; units: number; transactions: number };

/**
 * The region tree below the node with subtotals, regions then stores. One SQL statement reads
 * `sales_day_store`, converts each store-month to the reporting currency at the month's average
 * rate, rounded by the money rule (half away from zero) BEFORE any sum, then `GROUP BY ROLLUP` over the store's ancestor path
 * (root → … → its region, flattened once per request with a recursive walk) and the store: every
 * region's subtotal is the SQL sum of the same rounded store-month amounts, so a parent equals
 * the sum of its children to the cent. Store-months without a rate are excluded and listed in
 * `missingRates` (never guessed); the rates used are in `exchangeRates`. With `category` (at the
 * time of sale; `(none)` for lines without one), every figure comes from the category rollups of
 * that category, the targets are the ones set for it, and `transactions` is null.
 */
export async function consolidation(ctx: ReadContext, period: Period, category?: string): Promise<ConsolidationAnswer> {
  const { db, org, node, settings } = ctx;
  const rc = settings.reportingCurrency;
  const depth = Math.max(0, ...[...org.regions.values()].map((r) => r.depth)) + 1;
  const levels = Array.from({ length: depth }, (_, i) => `l${i + 1}`);
  const figures = new Map<string, Sums>();
  let rates: RateUsed[] = [];
  let missing: MissingRate[] = [];
  if (node.storeIds.length > 0) {
    const found = await rows<Record<string, string | null> & { store_id: string | null; g: number | string; revenue: string; gross_margin: string; units: string; transactions: string }>(
      db,
      sql`with recursive tree as (
            select id, array[id] as path from analytics.region where parent_id is null
            union all select r.id, t.path || r.id from analytics.region r join tree t on r.parent_id = t.id
          ),
          c as (${convertedSql(node.storeIds, period, rc, undefined, category)}),
          f as (
            select c.*, ${sql.raw(levels.map((l, i) => `t.path[${i + 1}] as ${l}`).join(', '))}
            from c join analytics.store s on s.id = c.store_id join tree t on t.id = s.region_id
            where c.rate is not null
          )
          select ${sql.raw(levels.join(', '))}, store_id, grouping(${sql.raw([...levels, 'store_id'].join(', '))}) as g,
            sum(revenue) as revenue, sum(costed_revenue - cost) as gross_margin, sum(units) as units, sum(transactions) as transactions
          from f group by rollup (${sql.raw([...levels, 'store_id'].join(', '))})`,
    );
    const n = depth + 1;
    for (const r of found) {
      const grouped = Number(r.g).toString(2).split('').filter((b) => b === '1').length;
      const k = n - grouped;
      const sums = { revenue: Number(r.revenue), grossMargin: Number(r.gross_margin), units: Number(r.units), transactions: Number(r.transactions) };
      if (k === n && r.store_id) figures.set(`store|${r.store_id}`, sums);
      else if (k >= 1 && k <= depth && r[`l${k}`]) figures.set(`region|${r[`l${k}`] as string}`, sums);
    }
    const converted = await storeFigures(db, org, node.storeIds, period, rc, undefined, category);
    rates = converted.rates;
    missing = converted.missing;
  }
  const visible = new Set(node.storeIds);
  const storesUnder = (id: string) => subtreeRegions(org, id).flatMap((r) => org.directStores.get(r) ?? []).filter((s) => visible.has(s));
  // Every node of the tree in one read of the targets: the regions of the subtree and the visible stores.
  const regionIds = node.kind === 'store' ? [] : subtreeRegions(org, node.regionId as string);
  const targetNodes: TargetNode[] = [
    ...regionIds.map((id): TargetNode => ({ kind: 'region', id, storeIds: storesUnder(id) })),
    ...node.storeIds.map((id): TargetNode => ({ kind: 'store', id, storeIds: [id] })),
  ];
  const targetMissing: MissingRate[] = [];
  const targets = (await readTargets(ctx, targetNodes, 'revenue', period, targetMissing, category))(period);
  const empty: Sums = { revenue: 0, grossMargin: 0, units: 0, transactions: 0 };
  const leaf = (kind: Tree['kind'], id: string, name: string, key: string, children: Tree[]): Tree => {
    const s = figures.get(key) ?? empty;
    const target = targets.get(id) ?? null;
    return { kind, id, name, ...s, transactions: category === undefined ? s.transactions : null, target, attainment: target === null ? null : ratio(s.revenue, target), children };
  };
  const storeTree = (id: string): Tree => leaf('store', id, org.stores.get(id)?.name ?? id, `store|${id}`, []);
  const regionTree = (id: string, kind: 'company' | 'region'): Tree => {
    const children = [
      ...(org.childRegions.get(id) ?? []).map((c) => regionTree(c, 'region')),
      ...(org.directStores.get(id) ?? []).filter((s) => visible.has(s)).map(storeTree),
    ];
    return leaf(kind, id, org.regions.get(id)?.name ?? id, `region|${id}`, children);
  };
  const root = node.kind === 'store' ? storeTree(node.id) : regionTree(node.regionId as string, node.kind);
  return {
    currency: rc, dataAsOf: ctx.dataAsOf, period: { grain: period.grain, from: period.from, to: period.to, label: period.label },
    category: category ?? null, root, exchangeRates: rates, missingRates: [...missing, ...targetMissing],
  };
}

/** One row of the league table. */
export interface LeagueRow {
  /** 1 = best by `order`; ties share a rank (1, 2, 2, 4); stores whose value is null come last. */
  rank: number;
  store: { id: string; code: string; name: string; city: string };
  value: number | null;
  revenue: number;
  /** Revenue attainment against the store's revenue target, null without one. */
  attainment: number | null;
}

/** The `/league` answer. */
export interface LeagueAnswer {
  currency: string;
  dataAsOf: string;
  kpi: KpiKey;
  rows: LeagueRow[];
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/**
 * The visible stores under the node ranked by one KPI over the period (formulas of
 * `kpiValues`): every store open during the period or with sales in it. A store with a
 * store-month lacking an exchange rate is left out of the ranking and listed in `missingRates`.
 */
export async function league(ctx: ReadContext, period: Period, kpi: KpiKey, order: 'asc' | 'desc'): Promise<LeagueAnswer> {
  const { db, org, node, settings } = ctx;
  const rc = settings.reportingCurrency;
  const converted = await storeFigures(db, org, node.storeIds, period, rc);
  const per = byStore(converted);
  const excluded = new Set(converted.missing.map((m) => m.storeId));
  const targetMissing: MissingRate[] = [];
  const targets = (await readTargets(ctx, node.storeIds.map((id) => ({ kind: 'store', id, storeIds: [id] })), 'revenue', period, targetMissing))(period);
  const candidates = node.storeIds.filter((id) => {
    const s = org.stores.get(id);
    if (!s || excluded.has(id)) return false;
    return per.has(id) || (s.openedOn <= period.to && (s.closedOn === null || s.closedOn >= period.from));
  });
  const scored = candidates.map((id) => {
    const s = org.stores.get(id) as NonNullable<ReturnType<Org['stores']['get']>>;
    const f: Figures = per.get(id) ?? { revenue: 0, cost: 0, costedRevenue: 0, returnedRevenue: 0, units: 0, transactions: 0 };
    const values = kpiValues(f, { revenue: s.sellingAreaM2 ? f.revenue : 0, m2: s.sellingAreaM2 ?? 0 });
    const target = targets.get(id) ?? null;
    return { store: { id, code: s.code, name: s.name, city: s.city }, value: values[kpi], revenue: f.revenue, attainment: target === null ? null : ratio(f.revenue, target) };
  });
  const sign = order === 'asc' ? 1 : -1;
  scored.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? a.store.code.localeCompare(b.store.code) : a.value === null ? 1 : -1;
    return sign * (a.value - b.value) || a.store.code.localeCompare(b.store.code);
  });
  const out: LeagueRow[] = [];
  scored.forEach((s, i) => {
    const prev = out[i - 1];
    const rank = prev && prev.value === s.value ? prev.rank : i + 1;
    out.push({ rank, ...s });
  });
  return { currency: rc, dataAsOf: ctx.dataAsOf, kpi, rows: out, exchangeRates: converted.rates, missingRates: [...converted.missing, ...targetMissing] };
}

/** Figures per key (category or SKU), converted per store-month (money rule) before summing. */
interface Group {
  key: string;
  name: string;
  revenue: number;
  grossMargin: number;
  units: number;
}

/**
 * Groups a category or product rollup by `key` over the stores and range, converting each
 * store-month × key to the reporting currency (money rule) before the sum; store-months without a
 * rate are left out and listed.
 */
async function groups(
  db: Executor, org: Org, rc: string, storeIds: string[], range: DateRange,
  source: { table: 'sales_day_category' | 'sales_month_product'; dayColumn: 'day' | 'month'; key: SQL; name: SQL; where?: SQL },
): Promise<{ rows: Group[]; rates: RateUsed[]; missing: MissingRate[] }> {
  if (storeIds.length === 0) return { rows: [], rates: [], missing: [] };
  const t = sql.raw(`analytics.${source.table}`);
  const day = sql.raw(`t.${source.dayColumn}`);
  const found = await rows<{ k: string; key: string | null; name: string | null; store_id: string; month: string; currency: string; rate: string | null; revenue: string | null; gross_margin: string | null; units: string | null }>(
    db,
    sql`with b as (
          select t.store_id, date_trunc('month', ${day})::date as month, ${source.key} as key, min(t.currency) as currency,
            sum(t.net_revenue) as revenue, sum(t.cost) as cost, sum(t.costed_revenue) as costed_revenue, sum(t.units) as units
          from ${t} t
          where t.store_id = any(${textArray(storeIds)}) and ${day} between ${range.from}::date and ${range.to}::date ${source.where ?? sql``}
          group by 1, 2, 3
        ),
        c as (
          select b.*, case when b.currency = ${rc} then 1::numeric
            else (select x.rate from analytics.exchange_rate x where x.currency = b.currency and x.reporting_currency = ${rc} and x.month = b.month) end as rate
          from b
        )
        select 'k' as k, c.key, ${source.name} as name, null::text as store_id, null::text as month, null::text as currency, null::text as rate,
          sum(${moneySql(sql`c.revenue`, sql`c.rate`)}) as revenue,
          sum(${moneySql(sql`c.costed_revenue`, sql`c.rate`)} - ${moneySql(sql`c.cost`, sql`c.rate`)}) as gross_margin, sum(c.units) as units
        from c where c.rate is not null group by c.key
        union all
        select distinct 'r', null::text, null::text, store_id, month::text, currency, rate::text, null::numeric, null::numeric, null::numeric from c where rate is null or currency <> ${rc}`,
  );
  const out: Group[] = found.filter((r) => r.k === 'k').map((r) => ({ key: r.key as string, name: r.name ?? (r.key as string), revenue: Number(r.revenue), grossMargin: Number(r.gross_margin), units: Number(r.units) }));
  out.sort((a, b) => b.revenue - a.revenue || a.key.localeCompare(b.key));
  return { rows: out, ...ratesOf(org, rc, found.filter((r) => r.k === 'r')) };
}

/** A category's revenue against its revenue target over the answer's range (all null when it has none). */
export interface VersusTarget {
  /** The category's revenue target (the node's own, else the sum of its stores' in scope); null when none is set. */
  target: number | null;
  /** revenue − target. */
  variance: number | null;
  /** revenue ÷ target (4 places). */
  attainment: number | null;
}

/** The `/category-mix` answer. */
export interface CategoryMixAnswer {
  currency: string;
  dataAsOf: string;
  /** By revenue, largest first; `share` = the category's revenue ÷ the total (4 places). */
  rows: ({ category: string; revenue: number; share: number | null; units: number; grossMargin: number } & VersusTarget)[];
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/**
 * Revenue, units and gross margin per category (at the time of sale; `(none)` for lines without
 * one) of the visible stores under the node, from `sales_day_category`, each against the
 * category's revenue target over the period ({@link categoryTargets}).
 */
export async function categoryMix(ctx: ReadContext, period: Period): Promise<CategoryMixAnswer> {
  const rc = ctx.settings.reportingCurrency;
  const g = await groups(ctx.db, ctx.org, rc, ctx.node.storeIds, period, { table: 'sales_day_category', dayColumn: 'day', key: sql`t.category`, name: sql`c.key` });
  const total = g.rows.reduce((a, r) => a + r.revenue, 0);
  const targetMissing: MissingRate[] = [];
  const targets = await categoryTargets(ctx, targetNode(ctx.node), g.rows.map((r) => r.key), period, targetMissing);
  return {
    currency: rc, dataAsOf: ctx.dataAsOf,
    rows: g.rows.map((r) => ({
      category: r.key, revenue: r.revenue, share: ratio(r.revenue, total), units: r.units, grossMargin: r.grossMargin, ...against(r.revenue, targets.get(r.key) ?? null),
    })),
    exchangeRates: g.rates, missingRates: [...g.missing, ...targetMissing],
  };
}

/** The `/drilldown` answer. */
export interface DrilldownAnswer {
  currency: string;
  dataAsOf: string;
  /** `category` (the store's categories) or `product` (the SKUs of one category). */
  level: 'category' | 'product';
  /**
   * The dates the figures cover: the period for categories; for products, the whole months
   * touching it (products are rolled up by month).
   */
  coverage: DateRange;
  /** Categories: each against its revenue target over `coverage`; products have no targets (null). */
  rows: ({ key: string; name: string; revenue: number; units: number; grossMargin: number; share: number | null } & VersusTarget)[];
  /** For products: the drilled category's revenue (the rows' total) against its target over `coverage`; null for categories. */
  category: ({ key: string; revenue: number } & VersusTarget) | null;
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/**
 * Drill-down inside one store: its categories over the period (from `sales_day_category`), or,
 * with `category`, the products sold in that category (from `sales_month_product`, whole months,
 * stated in `coverage`). `share` = row revenue ÷ the rows' total revenue. Categories are set
 * against their revenue targets over `coverage` (and the drilled category, for products).
 * @throws AppError 400 ANALYTICS.INVALID when the node is not a store.
 */
export async function drilldown(ctx: ReadContext, period: Period, category: string | undefined): Promise<DrilldownAnswer> {
  if (ctx.node.kind !== 'store') throw AnalyticsErrors.invalid('The drill-down needs a store node (sto_…); use /consolidation for regions');
  const rc = ctx.settings.reportingCurrency;
  const coverage: DateRange = category === undefined ? { from: period.from, to: period.to } : { from: monthStartOf(period.from), to: monthEndOf(period.to) };
  const g = category === undefined
    ? await groups(ctx.db, ctx.org, rc, ctx.node.storeIds, coverage, { table: 'sales_day_category', dayColumn: 'day', key: sql`t.category`, name: sql`c.key` })
    : await groups(ctx.db, ctx.org, rc, ctx.node.storeIds, coverage, {
      table: 'sales_month_product', dayColumn: 'month', key: sql`t.sku`, where: sql`and t.category = ${category}`,
      name: sql`(select p.title from analytics.product p where p.sku = c.key)`,
    });
  const total = g.rows.reduce((a, r) => a + r.revenue, 0);
  const targetMissing: MissingRate[] = [];
  const targets = await categoryTargets(ctx, targetNode(ctx.node), category === undefined ? g.rows.map((r) => r.key) : [category], coverage, targetMissing);
  const none = { target: null, variance: null, attainment: null };
  return {
    currency: rc, dataAsOf: ctx.dataAsOf, level: category === undefined ? 'category' : 'product', coverage,
    rows: g.rows.map((r) => ({
      key: r.key, name: r.name, revenue: r.revenue, units: r.units, grossMargin: r.grossMargin, share: ratio(r.revenue, total),
      ...(category === undefined ? against(r.revenue, targets.get(r.key) ?? null) : none),
    })),
    category: category === undefined ? null : { key: category, revenue: total, ...against(total, targets.get(category) ?? null) },
    exchangeRates: g.rates, missingRates: [...g.missing, ...targetMissing],
  };
}

