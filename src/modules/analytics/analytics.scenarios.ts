/**
 * What-if scenarios: simulate uniform drivers (price, unit cost, volume or elasticity, store
 * closings and openings, target change) on a period and scope from the rollups, and keep saved
 * scenarios (`analytics.scenario`). The arithmetic is in domain/whatif.ts.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { AuthUser } from '../../platform/auth.js';
import type { Database, Executor } from '../../platform/db/index.js';
import { rows, textArray } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { readStamp, type AnswerCache, type DataStamp } from './analytics.cache.js';
import { AnalyticsErrors } from './analytics.errors.js';
import {
  convertedSql, ratesOf, ratio, readTargets, resolvePeriod,
  type DateRange, type MissingRate, type Period, type RateUsed, type ReadContext,
} from './analytics.kpis.js';
import { analyticsSettings } from './analytics.organisation.js';
import { loadOrg, scopeFor, subtreeRegions, type Org, type Scope } from './analytics.scope.js';
import type { TargetNode } from './analytics.targets.js';
import { scenario } from './db/schema.js';
import { addDays, addMonths, monthEndOf, monthStartOf, type Grain } from './domain/fiscal.js';
import {
  DEFAULT_ELASTICITY_CENTI, factorsOf, grossMargin, pvmOf, scale, simulateOpening, simulateStore, volumePercent, zeroBridge, zeroFigures,
  type Bridge, type Drivers, type Figures, type Pvm,
} from './domain/whatif.js';

/** A store closing: the store's figures from `from` (inclusive) to the period's end are removed. */
export interface ClosingInput {
  storeId: string;
  from: string;
}

/** A store opening: a new store in `regionId` from `from`, with the figures of `comparableStoreId` over those days. */
export interface OpeningInput {
  regionId: string;
  comparableStoreId: string;
  from: string;
  name?: string;
}

/**
 * What `POST …/scenarios/simulate` takes (and a saved scenario keeps): the base period in the
 * grammar of `/kpis` (`period` grain, `date` inside it or `from`/`to`), the scope (no regions and no
 * stores = the company; else the union of the regions' subtrees and the stores; `categories` and
 * `skus` narrow the figures to those lines) and the drivers, percentages to the hundredth.
 */
export interface ScenarioDefinition {
  period?: Grain;
  date?: string;
  from?: string;
  to?: string;
  scope?: { regionIds?: string[]; storeIds?: string[]; categories?: string[]; skus?: string[] };
  drivers: {
    pricePct?: number;
    unitCostPct?: number;
    volumePct?: number;
    elasticity?: number;
    targetPct?: number;
    closings?: ClosingInput[];
    openings?: OpeningInput[];
  };
}

/** Measures of a node, baseline or scenario (money in minor units of the reporting currency). */
export interface Measures extends Figures {
  grossMargin: number;
  /** grossMargin ÷ costedRevenue, 4 places; null when costedRevenue is 0. */
  marginRate: number | null;
  /** Revenue target of the node (its own, else the sum of its stores'); scenario = baseline × (1 + target %). Null without one or with a category/product filter. */
  target: number | null;
  /** revenue ÷ target, 4 places. */
  attainment: number | null;
}

/** A node of the simulated tree: company → regions → stores (opened stores as `new_…` leaves). */
export interface ScenarioNode {
  kind: 'company' | 'region' | 'store';
  id: string;
  name: string;
  /** For an opened store: its comparable store and first day; else null. */
  opening: { comparableStoreId: string; from: string } | null;
  /** For a closed store: the first day without sales; else null. */
  closedFrom: string | null;
  baseline: Measures;
  scenario: Measures;
  /** Steps from baseline to scenario gross margin by driver (closings, volume, price, cost, openings); a parent's are the sums of its children's. */
  bridge: Bridge;
  /** The same change as price–volume–mix (see {@link Pvm}): volume and mix from this node's own averages. */
  pvm: Pvm;
  children: ScenarioNode[];
}

/** The answer of a simulation. */
export interface SimulationAnswer {
  currency: string;
  dataAsOf: string;
  period: { grain: Grain; from: string; to: string; label: string };
  /** The dates the figures cover: the period, or with a product filter the whole months touching it. */
  coverage: DateRange;
  /** The drivers applied: percentages, the volume change used (given or elasticity × price) and the elasticity (null when a volume change was given). */
  drivers: { pricePct: number; unitCostPct: number; volumePct: number; elasticity: number | null; targetPct: number };
  filter: { categories: string[]; skus: string[] };
  formulas: string;
  root: ScenarioNode;
  /** The root's bridge from baseline to scenario gross margin by driver, as ordered steps. */
  bridge: { step: 'baseline' | keyof Bridge | 'scenario'; value: number }[];
  /** The root's price–volume–mix bridge: baseline, volume, mix, price, cost, scenario (gross margin). */
  pvmBridge: { step: 'baseline' | keyof Pvm | 'scenario'; value: number }[];
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/** The formulas, stated in every answer. */
export const SCENARIO_FORMULAS =
  'Per store, from the rollups converted to the reporting currency per store-month (half-up): revenue′ = revenue·(1+p)(1+v), costedRevenue′ = costedRevenue·(1+p)(1+v), cost′ = cost·(1+c)(1+v), units′ = units·(1+v), each rounded half-up once; v = elasticity × p when no volume change is given (elasticity −1.0 by default). A closed store keeps its figures before the closing date; an opened store takes its comparable store\'s figures from the opening date. Gross margin = costedRevenue − cost (lines with a known cost); margin % = gross margin ÷ costedRevenue. A parent is the sum of its children. Bridge: closings = GM(open) − GM(baseline); volume = GM at scenario volume − GM(open); price = K′ − K·(1+v); cost = C·(1+v) − C′; openings = GM′ of the opened stores. Price–volume–mix (per node, from its sums; Q = stores and units at scenario volume, baseline price and cost, opened stores included): volume = GM·U′/U − GM with U′ = units of the open and opened stores × (1+v), exact; mix = GM(Q) − GM − volume; price = K′ − K(Q); cost = C(Q) − C′.';

// ---------------------------------------------------------------------------------------------
// Resolving a definition against the organisation and the caller's scope (no figures read)
// ---------------------------------------------------------------------------------------------

interface Plan {
  period: Period;
  coverage: DateRange;
  drivers: Drivers;
  filter: { categories: string[]; skus: string[] };
  /** The scenario's stores (visible ones only). */
  storeIds: string[];
  /** The tree's root: the company, or the lowest region holding every store and opening (a lone store is its own root). */
  root: { kind: 'company' | 'region' | 'store'; id: string };
  closings: Map<string, string>;
  openings: (OpeningInput & { id: string; effectiveFrom: string })[];
  /** Every node the definition names (for a saved scenario's visibility). */
  nodes: string[];
}

const pctToBp = (pct: number | undefined) => Math.round((pct ?? 0) * 100);

/**
 * Checks `def` against the organisation and `scope`: every region and store it names must be
 * visible (else 404 exactly like an unknown one), closings must name stores of the scenario,
 * openings regions of it, dates must fall before the period's end, and the drivers must be
 * coherent (a volume change or an elasticity, not both; the volume change from elasticity ≥ −100 %).
 * @throws AppError 404 ANALYTICS.NODE_NOT_FOUND | 400 ANALYTICS.INVALID.
 */
export function plan(org: Org, scope: Scope, def: ScenarioDefinition, fiscalStart: number): Plan {
  const period = resolvePeriod(def, fiscalStart);
  const visibleStores = new Set(scope.storeIds);
  const visibleRegions = new Set(scope.regionIds);
  const region = (id: string) => {
    if ((id === 'company' || id === org.rootId) && scope.company) return org.rootId;
    if (org.regions.has(id) && visibleRegions.has(id)) return id;
    throw AnalyticsErrors.nodeNotFound(id);
  };
  const storeOf = (id: string) => {
    if (org.stores.has(id) && visibleStores.has(id)) return id;
    throw AnalyticsErrors.nodeNotFound(id);
  };
  const s = def.scope ?? {};
  const regionIds = [...new Set((s.regionIds ?? []).map(region))];
  const directStores = [...new Set((s.storeIds ?? []).map(storeOf))];
  const company = regionIds.length === 0 && directStores.length === 0;
  if (company && !scope.company) throw AnalyticsErrors.nodeNotFound('company');
  const under = (r: string) => subtreeRegions(org, r).flatMap((x) => org.directStores.get(x) ?? []).filter((x) => visibleStores.has(x));
  const storeIds = [...new Set(company ? under(org.rootId) : [...regionIds.flatMap(under), ...directStores])];
  const inScenario = new Set(storeIds);
  const scenarioRegions = new Set(company ? subtreeRegions(org, org.rootId) : regionIds.flatMap((r) => subtreeRegions(org, r)));

  const filter = { categories: [...new Set(s.categories ?? [])], skus: [...new Set(s.skus ?? [])] };
  const monthly = filter.skus.length > 0;
  const coverage: DateRange = monthly ? { from: monthStartOf(period.from), to: monthEndOf(period.to) } : { from: period.from, to: period.to };
  // Product figures are monthly: a date counts from the first whole month on or after it.
  const effective = (d: string) => (monthly && d !== monthStartOf(d) ? addMonths(monthStartOf(d), 1) : d);
  const afterEnd = (what: string, d: string) => {
    if (d > period.to) throw AnalyticsErrors.invalid(`The ${what} date ${d} is after the period's end (${period.to}): it changes nothing`);
  };

  const d = def.drivers;
  const closings = new Map<string, string>();
  for (const c of d.closings ?? []) {
    storeOf(c.storeId);
    if (!inScenario.has(c.storeId)) throw AnalyticsErrors.invalid(`Store ${c.storeId} closes but is not in the scenario's scope`);
    if (closings.has(c.storeId)) throw AnalyticsErrors.invalid(`Store ${c.storeId} closes twice`);
    afterEnd('closing', c.from);
    closings.set(c.storeId, effective(c.from));
  }
  const openings = (d.openings ?? []).map((o, i) => {
    const regionId = region(o.regionId);
    storeOf(o.comparableStoreId);
    if (!scenarioRegions.has(regionId)) throw AnalyticsErrors.invalid(`The opening in region ${o.regionId} is outside the scenario's scope`);
    afterEnd('opening', o.from);
    return { ...o, regionId, id: `new_${i + 1}`, effectiveFrom: effective(o.from) };
  });

  if (d.volumePct !== undefined && d.elasticity !== undefined) throw AnalyticsErrors.invalid('Give a volume change or an elasticity, not both');
  const drivers: Drivers = {
    priceBp: pctToBp(d.pricePct), costBp: pctToBp(d.unitCostPct), targetBp: pctToBp(d.targetPct),
    volume: d.volumePct !== undefined ? { kind: 'change', bp: pctToBp(d.volumePct) } : { kind: 'elasticity', centi: d.elasticity === undefined ? DEFAULT_ELASTICITY_CENTI : Math.round(d.elasticity * 100) },
  };
  try {
    factorsOf(drivers);
  } catch (err) {
    if (err instanceof RangeError) throw AnalyticsErrors.invalid(`The drivers are out of range: ${err.message}`);
    throw err;
  }

  // The root: the company for a company scope, else the lowest region holding every store and opening.
  let root: Plan['root'] = { kind: 'company', id: org.rootId };
  if (!company) {
    const leaves = new Set([...storeIds.map((id) => org.stores.get(id)?.regionId as string), ...openings.map((o) => o.regionId)]);
    const holds = (r: string) => subtreeRegions(org, r).some((x) => leaves.has(x));
    let at = org.rootId;
    for (;;) {
      if (leaves.has(at)) break;
      const next = (org.childRegions.get(at) ?? []).filter(holds);
      if (next.length !== 1) break;
      at = next[0] as string;
    }
    const direct = (org.directStores.get(at) ?? []).filter((x) => inScenario.has(x));
    const onlyStore = openings.length === 0 && storeIds.length === 1 && direct.length === 1 && !(org.childRegions.get(at) ?? []).some(holds);
    root = onlyStore ? { kind: 'store', id: direct[0] as string } : { kind: at === org.rootId ? 'company' : 'region', id: at };
  }

  const nodes = [...new Set([
    ...(company ? ['company'] : []), ...regionIds.map((r) => (r === org.rootId ? 'company' : r)), ...directStores,
    ...[...closings.keys()], ...openings.flatMap((o) => [o.regionId === org.rootId ? 'company' : o.regionId, o.comparableStoreId]),
  ])];
  return { period, coverage, drivers, filter, storeIds, root, closings, openings, nodes };
}

// ---------------------------------------------------------------------------------------------
// Figures from the rollups
// ---------------------------------------------------------------------------------------------

type FigureRow = { store_id: string; month: string; currency: string; rate: string | null; revenue: string; cost: string; costed_revenue: string; units: string };

/**
 * The SQL of converted store-month figures (store_id, month, currency, rate, revenue, cost,
 * costed_revenue, units) of `storeIds` over `range`: without a filter the store rollups
 * ({@link convertedSql}); with categories `sales_day_category`; with SKUs `sales_month_product`
 * (whole months). Each store-month is summed, then converted at the month's rate, half-up.
 */
function figuresSql(storeIds: string[], range: DateRange, rc: string, filter: Plan['filter']): SQL {
  if (filter.categories.length === 0 && filter.skus.length === 0) {
    return sql`select store_id, month, currency, rate, revenue, cost, costed_revenue, units from (${convertedSql(storeIds, range, rc)}) c`;
  }
  const products = filter.skus.length > 0;
  const t = products ? sql`analytics.sales_month_product` : sql`analytics.sales_day_category`;
  const day = products ? sql`t.month` : sql`t.day`;
  const where = [
    sql`t.store_id = any(${textArray(storeIds)})`, sql`${day} between ${range.from}::date and ${range.to}::date`,
    ...(filter.categories.length > 0 ? [sql`t.category = any(${textArray(filter.categories)})`] : []),
    ...(products ? [sql`t.sku = any(${textArray(filter.skus)})`] : []),
  ];
  return sql`
    with b as (
      select t.store_id, date_trunc('month', ${day})::date as month, min(t.currency) as currency,
        sum(t.net_revenue) as revenue, sum(t.cost) as cost, sum(t.costed_revenue) as costed_revenue, sum(t.units)::bigint as units
      from ${t} t where ${sql.join(where, sql` and `)} group by 1, 2
    )
    select b.store_id, b.month, b.currency, r.rate,
      floor(b.revenue * r.rate + 0.5)::bigint as revenue, floor(b.cost * r.rate + 0.5)::bigint as cost,
      floor(b.costed_revenue * r.rate + 0.5)::bigint as costed_revenue, b.units
    from b left join lateral (
      select case when b.currency = ${rc} then 1::numeric
        else (select x.rate from analytics.exchange_rate x where x.currency = b.currency and x.reporting_currency = ${rc} and x.month = b.month) end as rate
    ) r on true`;
}

/** Converted figures per store over `range`; store-months without a rate are left out and listed. */
async function figuresByStore(db: Executor, org: Org, storeIds: string[], range: DateRange, rc: string, filter: Plan['filter']): Promise<{ byStore: Map<string, Figures>; rates: RateUsed[]; missing: MissingRate[] }> {
  if (storeIds.length === 0 || range.from > range.to) return { byStore: new Map(), rates: [], missing: [] };
  const found = await rows<FigureRow>(db, figuresSql(storeIds, range, rc, filter));
  const byStore = new Map<string, Figures>();
  for (const r of found) {
    if (r.rate === null) continue;
    const f = byStore.get(r.store_id) ?? zeroFigures();
    f.revenue += Number(r.revenue); f.cost += Number(r.cost); f.costedRevenue += Number(r.costed_revenue); f.units += Number(r.units);
    byStore.set(r.store_id, f);
  }
  return { byStore, ...ratesOf(org, rc, found.map((r) => ({ ...r, month: String(r.month).slice(0, 10) }))) };
}

// ---------------------------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------------------------

const dedupe = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

const measures = (f: Figures, target: number | null): Measures => ({
  ...f, grossMargin: grossMargin(f), marginRate: ratio(grossMargin(f), f.costedRevenue), target, attainment: target === null ? null : ratio(f.revenue, target),
});

/**
 * What a simulation reads (its baseline): the figures of every store of the plan, those before
 * each closing, each opening's comparable figures, the targets, the rates used and missing. It
 * depends on the period and scope (and closing and opening dates) only, never on the percentages,
 * so it is cached ({@link baselineKey}) and the drivers are arithmetic on it. JSON-safe.
 */
interface Baseline {
  dataAsOf: string;
  byStore: [string, Figures][];
  open: [string, Figures][];
  opened: [string, Figures][];
  /** Null without a filter-free read (a category or product filter has no targets). */
  targets: [string, number | null][];
  rates: RateUsed[];
  missing: MissingRate[];
}

/** The part of a plan its {@link Baseline} depends on (the cache key's query). */
const baselineKey = (p: Plan): Record<string, unknown> => ({
  period: [p.period.grain, p.period.from, p.period.to], coverage: [p.coverage.from, p.coverage.to], filter: p.filter, stores: p.storeIds, root: p.root,
  closings: [...p.closings], openings: p.openings.map((o) => [o.id, o.regionId, o.comparableStoreId, o.effectiveFrom]),
});

/**
 * Reads the {@link Baseline} of a resolved plan on a read snapshot `ctx`: the baseline of every
 * store (one query), the figures before each closing, the comparable store's figures for each
 * opening, and the revenue targets of every region of the tree and every store (the targets rule
 * of `/kpis`: own target, else the sum of its stores'; none with a category or product filter).
 */
async function readBaseline(ctx: ReadContext, p: Plan): Promise<Baseline> {
  const { db, org, settings } = ctx;
  const rc = settings.reportingCurrency;
  const base = await figuresByStore(db, org, p.storeIds, p.coverage, rc, p.filter);
  const reads = [base];
  const open: [string, Figures][] = [];
  for (const [storeId, from] of p.closings) {
    const before = await figuresByStore(db, org, [storeId], { from: p.coverage.from, to: addDays(from, -1) }, rc, p.filter);
    reads.push(before);
    open.push([storeId, before.byStore.get(storeId) ?? zeroFigures()]);
  }
  const opened: [string, Figures][] = [];
  for (const o of p.openings) {
    const from = o.effectiveFrom > p.coverage.from ? o.effectiveFrom : p.coverage.from;
    const comparable = await figuresByStore(db, org, [o.comparableStoreId], { from, to: p.coverage.to }, rc, p.filter);
    reads.push(comparable);
    opened.push([o.id, comparable.byStore.get(o.comparableStoreId) ?? zeroFigures()]);
  }
  const inScenario = new Set(p.storeIds);
  const storesUnder = (r: string) => subtreeRegions(org, r).flatMap((x) => org.directStores.get(x) ?? []).filter((x) => inScenario.has(x));
  const treeRegions = p.root.kind === 'store' ? [] : subtreeRegions(org, p.root.id);
  const targetMissing: MissingRate[] = [];
  let targets = new Map<string, number | null>();
  if (p.filter.categories.length === 0 && p.filter.skus.length === 0) {
    const nodes: TargetNode[] = [
      ...treeRegions.map((id): TargetNode => ({ kind: id === org.rootId ? 'company' : 'region', id, storeIds: storesUnder(id) })),
      ...p.storeIds.map((id): TargetNode => ({ kind: 'store', id, storeIds: [id] })),
    ];
    targets = (await readTargets(ctx, nodes, 'revenue', p.period, targetMissing))(p.period);
  }
  return {
    dataAsOf: ctx.dataAsOf, byStore: [...base.byStore], open, opened, targets: [...targets],
    rates: reads.flatMap((r) => r.rates), missing: [...reads.flatMap((r) => r.missing), ...targetMissing],
  };
}

const addFigures = (a: Figures, x: Figures): Figures => ({ revenue: a.revenue + x.revenue, cost: a.cost + x.cost, costedRevenue: a.costedRevenue + x.costedRevenue, units: a.units + x.units });

/**
 * Applies the plan's drivers to its {@link Baseline} per store (domain/whatif.ts) and sums the
 * tree bottom-up, so a parent equals the sum of its children to the unit (revenue, cost, costed
 * revenue, units, gross margin, every bridge step, and the price and cost of the price–volume–mix
 * decomposition; its volume and mix are the node's own, from its sums). Pure arithmetic, no I/O.
 */
function simulateBaseline(org: Org, rc: string, dataAsOf: string, p: Plan, b: Baseline): SimulationAnswer {
  const f = factorsOf(p.drivers);
  const base = new Map(b.byStore);
  const open = new Map(b.open);
  const opened = new Map(b.opened);
  const targets = new Map(b.targets);
  const inScenario = new Set(p.storeIds);
  const storesUnder = (r: string) => subtreeRegions(org, r).flatMap((x) => org.directStores.get(x) ?? []).filter((x) => inScenario.has(x));
  const targetOf = (id: string) => targets.get(id) ?? null;
  const scaledTarget = (t: number | null) => (t === null ? null : scale(t, f.target));

  // Each builder returns the node, its quantities (figures at scenario volume, baseline prices)
  // and its kept units (of the open and opened stores, before the volume change).
  type Built = [ScenarioNode, Figures, number];
  const leaf = (id: string): Built => {
    const bf = base.get(id) ?? zeroFigures();
    const kept = open.get(id) ?? bf;
    const sim = simulateStore(bf, kept, f);
    const t = targetOf(id);
    return [{
      kind: 'store', id, name: org.stores.get(id)?.name ?? id, opening: null, closedFrom: p.closings.get(id) ?? null,
      baseline: measures(bf, t), scenario: measures(sim.scenario, scaledTarget(t)), bridge: sim.bridge, pvm: pvmOf(bf, kept.units, f.volume, sim.quantities, sim.scenario), children: [],
    }, sim.quantities, kept.units];
  };
  const newLeaf = (o: Plan['openings'][number]): Built => {
    const comparable = opened.get(o.id) ?? zeroFigures();
    const sim = simulateOpening(comparable, f);
    return [{
      kind: 'store', id: o.id, name: o.name ?? `New store like ${org.stores.get(o.comparableStoreId)?.name ?? o.comparableStoreId}`,
      opening: { comparableStoreId: o.comparableStoreId, from: o.from }, closedFrom: null,
      baseline: measures(zeroFigures(), null), scenario: measures(sim.scenario, null), bridge: sim.bridge, pvm: pvmOf(zeroFigures(), comparable.units, f.volume, sim.quantities, sim.scenario), children: [],
    }, sim.quantities, comparable.units];
  };
  const holds = (r: string): boolean => storesUnder(r).length > 0 || p.openings.some((o) => subtreeRegions(org, r).includes(o.regionId));
  const regionNode = (id: string): Built => {
    const built = [
      ...(org.childRegions.get(id) ?? []).filter(holds).map(regionNode),
      ...(org.directStores.get(id) ?? []).filter((s) => inScenario.has(s)).map(leaf),
      ...p.openings.filter((o) => o.regionId === id).map(newLeaf),
    ];
    const children = built.map(([n]) => n);
    const baseline = children.reduce((a, c) => addFigures(a, c.baseline), zeroFigures());
    const scenario = children.reduce((a, c) => addFigures(a, c.scenario), zeroFigures());
    const quantities = built.reduce((a, [, q]) => addFigures(a, q), zeroFigures());
    const kept = built.reduce((a, [, , k]) => a + k, 0);
    const bridge = children.reduce((a, c) => {
      for (const k of Object.keys(a) as (keyof Bridge)[]) a[k] += c.bridge[k];
      return a;
    }, zeroBridge());
    const t = targetOf(id);
    return [{
      kind: id === org.rootId ? 'company' : 'region', id, name: org.regions.get(id)?.name ?? id, opening: null, closedFrom: null,
      baseline: measures(baseline, t), scenario: measures(scenario, scaledTarget(t)), bridge, pvm: pvmOf(baseline, kept, f.volume, quantities, scenario), children,
    }, quantities, kept];
  };
  const [root] = p.root.kind === 'store' ? leaf(p.root.id) : regionNode(p.root.id);
  return {
    currency: rc, dataAsOf,
    period: { grain: p.period.grain, from: p.period.from, to: p.period.to, label: p.period.label },
    coverage: p.coverage,
    drivers: {
      pricePct: p.drivers.priceBp / 100, unitCostPct: p.drivers.costBp / 100, volumePct: volumePercent(p.drivers),
      elasticity: p.drivers.volume.kind === 'elasticity' ? p.drivers.volume.centi / 100 : null, targetPct: p.drivers.targetBp / 100,
    },
    filter: p.filter,
    formulas: SCENARIO_FORMULAS,
    root,
    bridge: [
      { step: 'baseline', value: root.baseline.grossMargin },
      ...(['closings', 'volume', 'price', 'cost', 'openings'] as const).map((step) => ({ step, value: root.bridge[step] })),
      { step: 'scenario', value: root.scenario.grossMargin },
    ],
    pvmBridge: [
      { step: 'baseline', value: root.baseline.grossMargin },
      ...(['volume', 'mix', 'price', 'cost'] as const).map((step) => ({ step, value: root.pvm[step] })),
      { step: 'scenario', value: root.scenario.grossMargin },
    ],
    exchangeRates: dedupe(b.rates, (r) => `${r.currency}|${r.month}`).sort((a, c) => a.currency.localeCompare(c.currency) || a.month.localeCompare(c.month)),
    missingRates: dedupe(b.missing, (m) => `${m.storeId}|${m.month}`).sort((a, c) => a.storeCode.localeCompare(c.storeCode) || a.month.localeCompare(c.month)),
  };
}

// ---------------------------------------------------------------------------------------------
// The service: simulate, saved scenarios
// ---------------------------------------------------------------------------------------------

/** A saved scenario as the API shows it. */
/**
 * `def` narrowed to the sales of `category` (a report's category filter): its scope's category
 * list becomes `[category]`; null when the scenario lists categories and `category` is not among
 * them (nothing of it is in the scenario). Stores, regions, SKUs and drivers are kept.
 */
export function inCategory(def: ScenarioDefinition, category: string): ScenarioDefinition | null {
  const own = def.scope?.categories ?? [];
  if (own.length > 0 && !own.includes(category)) return null;
  return { ...def, scope: { ...def.scope, categories: [category] } };
}

export interface SavedScenario {
  id: string;
  name: string;
  /** Identity user id of the author. */
  authorId: string;
  createdAt: string;
  updatedAt: string;
  definition: ScenarioDefinition;
}

type ScenarioRow = typeof scenario.$inferSelect;
const toDto = (r: ScenarioRow): SavedScenario => ({
  id: r.id, name: r.name, authorId: r.authorId, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), definition: r.definition as ScenarioDefinition,
});

/** A scenario name trimmed. @throws AppError 400 ANALYTICS.INVALID when blank. */
function nameOf(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw AnalyticsErrors.invalid('A scenario needs a name', [{ field: 'body/name', message: 'must not be blank' }]);
  return trimmed;
}

/** The node names a scope lets one see, as `scenario.nodes` writes them. */
const visibleNodes = (scope: Scope): string[] => [...(scope.company ? ['company'] : []), ...scope.regionIds, ...scope.storeIds];

/**
 * Simulations and saved scenarios. Every call resolves the caller's scope first: a scope,
 * closing, opening or comparable store outside it is unknown (404), and a saved scenario naming
 * any node outside it is invisible (not listed, 404).
 */
export class ScenariosService {
  constructor(private readonly database: Database, private readonly cache: AnswerCache) {}

  /** Runs `fn` on a read-only repeatable-read snapshot with the org, settings and the caller's scope (`stamp`: the data stamp read just before). */
  private async snapshot<T>(user: AuthUser, fn: (ctx: Omit<ReadContext, 'node'>, scope: Scope) => Promise<T>, stamp?: DataStamp): Promise<T> {
    const dataAsOf = (stamp ?? (await readStamp(this.database.db))).dataAsOf;
    return this.database.transaction(async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      const scope = await scopeFor(tx, user);
      const [org, settings] = await Promise.all([loadOrg(tx), analyticsSettings(tx)]);
      return fn({ db: tx, org, settings, dataAsOf }, scope);
    });
  }

  /**
   * Simulates `def` within the caller's scope, from the rollups only; `hit` tells whether its
   * baseline came from the answer cache (keyed by the period, scope, closings and openings, the
   * caller's scope and the data stamp, so a new rolled-up sale, target, rate or store change is
   * never answered from an older baseline). The percentages are arithmetic on the baseline.
   * @throws AppError 404 ANALYTICS.NODE_NOT_FOUND (a node unknown or outside the scope), 400 ANALYTICS.INVALID.
   */
  async simulateCached(user: AuthUser, def: ScenarioDefinition): Promise<{ answer: SimulationAnswer; hit: boolean }> {
    const stamp = await readStamp(this.database.db);
    return this.snapshot(user, async (ctx, scope) => {
      const p = plan(ctx.org, scope, def, ctx.settings.fiscalYearStartMonth);
      const node = { kind: p.root.kind, id: p.root.id, code: '', name: '', currency: null, regionIds: [], storeIds: p.storeIds };
      const key = this.cache.key('scenarios/simulate', baselineKey(p), scope, stamp);
      const { value, hit } = await this.cache.answer(key, stamp, async () => {
        const [state] = await rows<{ version: string | number }>(ctx.db, sql`select version from analytics.rollup_state where name = 'sales'`);
        return { value: await readBaseline({ ...ctx, node }, p), version: Number(state?.version ?? -1) };
      });
      return { answer: simulateBaseline(ctx.org, ctx.settings.reportingCurrency, stamp.dataAsOf, p, value), hit };
    }, stamp);
  }

  /** {@link simulateCached}'s answer. @throws as there. */
  async simulate(user: AuthUser, def: ScenarioDefinition): Promise<SimulationAnswer> {
    return (await this.simulateCached(user, def)).answer;
  }

  /** Checks `def` against the caller's scope and returns the nodes it names. @throws as {@link simulate}. */
  private async check(user: AuthUser, def: ScenarioDefinition): Promise<string[]> {
    return this.snapshot(user, async (ctx, scope) => plan(ctx.org, scope, def, ctx.settings.fiscalYearStartMonth).nodes);
  }

  /** The saved scenarios the caller sees (every node they name in their scope), latest update first. */
  async list(user: AuthUser, q: { page: number; limit: number }): Promise<{ data: SavedScenario[]; pagination: { total: number; limit: number; page: number } }> {
    const scope = await scopeFor(this.database.db, user);
    const visible = sql`${scenario.nodes} <@ ${textArray(visibleNodes(scope))}`;
    const [found, [total]] = await Promise.all([
      this.database.db.select().from(scenario).where(visible).orderBy(desc(scenario.updatedAt), desc(scenario.id)).limit(q.limit).offset((q.page - 1) * q.limit),
      rows<{ n: number }>(this.database.db, sql`select count(*)::int as n from analytics.scenario where ${visible}`),
    ]);
    return { data: found.map(toDto), pagination: { total: Number(total?.n ?? 0), limit: q.limit, page: q.page } };
  }

  /** One saved scenario the caller sees. @throws AppError 404 ANALYTICS.SCENARIO_NOT_FOUND. */
  async get(user: AuthUser, id: string): Promise<SavedScenario> {
    const scope = await scopeFor(this.database.db, user);
    const [found] = await this.database.db.select().from(scenario).where(and(eq(scenario.id, id), sql`${scenario.nodes} <@ ${textArray(visibleNodes(scope))}`));
    if (!found) throw AnalyticsErrors.scenarioNotFound(id);
    return toDto(found);
  }

  /** Saves a scenario after checking it against the caller's scope (nothing written on error). @throws as {@link simulate}. */
  async create(user: AuthUser, body: ScenarioDefinition & { name: string }): Promise<SavedScenario> {
    const { name, ...def } = body;
    nameOf(name);
    const nodes = await this.check(user, def);
    const [row] = await this.database.db.insert(scenario).values({ id: newId('scn'), name: nameOf(name), authorId: user.id, definition: def, nodes }).returning();
    return toDto(row as ScenarioRow);
  }

  /** Replaces a visible scenario's name and definition (author kept). @throws AppError 404 ANALYTICS.SCENARIO_NOT_FOUND, and as {@link simulate}. */
  async update(user: AuthUser, id: string, body: ScenarioDefinition & { name: string }): Promise<SavedScenario> {
    const { name, ...def } = body;
    nameOf(name);
    await this.get(user, id);
    const nodes = await this.check(user, def);
    const [row] = await this.database.db.update(scenario).set({ name: nameOf(name), definition: def, nodes, updatedAt: new Date() }).where(eq(scenario.id, id)).returning();
    if (!row) throw AnalyticsErrors.scenarioNotFound(id);
    return toDto(row);
  }

  /** Copies a visible scenario under the name "<name> (copy)", authored by the caller. @throws AppError 404 ANALYTICS.SCENARIO_NOT_FOUND. */
  async duplicate(user: AuthUser, id: string): Promise<SavedScenario> {
    const source = await this.get(user, id);
    const name = `${source.name} (copy)`.slice(0, 120);
    const nodes = await this.check(user, source.definition);
    const [row] = await this.database.db.insert(scenario).values({ id: newId('scn'), name, authorId: user.id, definition: source.definition, nodes }).returning();
    return toDto(row as ScenarioRow);
  }

  /** Deletes a visible scenario. @throws AppError 404 ANALYTICS.SCENARIO_NOT_FOUND. */
  async delete(user: AuthUser, id: string): Promise<void> {
    await this.get(user, id);
    await this.database.db.delete(scenario).where(eq(scenario.id, id));
  }

  /** Simulates a saved scenario (a definition without `date` runs on today's period). @throws AppError 404 ANALYTICS.SCENARIO_NOT_FOUND, and as {@link simulate}. */
  async run(user: AuthUser, id: string): Promise<SimulationAnswer & { scenario: { id: string; name: string } }> {
    const s = await this.get(user, id);
    return { scenario: { id: s.id, name: s.name }, ...(await this.simulate(user, s.definition)) };
  }

  /**
   * Simulates 2 or 3 saved scenarios side by side, in the order given.
   * @throws AppError 400 ANALYTICS.INVALID (an id repeated), 404 ANALYTICS.SCENARIO_NOT_FOUND.
   */
  async compare(user: AuthUser, ids: string[]): Promise<{ scenarios: (SimulationAnswer & { scenario: { id: string; name: string } })[] }> {
    if (new Set(ids).size !== ids.length) throw AnalyticsErrors.invalid('Compare different scenarios: an id is repeated');
    for (const id of ids) await this.get(user, id);
    const out = [];
    for (const id of ids) out.push(await this.run(user, id));
    return { scenarios: out };
  }
}
