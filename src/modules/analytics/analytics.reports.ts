/**
 * The report registry: each predefined report is one {@link ReportDefinition} (id, EN/FR titles,
 * the filters it reads, typed columns, a row producer yielding batches), so a report is an entry
 * of {@link REPORTS} and every consumer (the JSON preview, CSV and XLSX exports, scheduled
 * mails) works from the definition alone. Figures come from the rollups through the KPI and
 * consolidation functions, within the caller's scope; only `sale-lines` reads the fact table, by
 * keyset pages.
 */
import { sql } from 'drizzle-orm';
import type { AuthUser } from '../../platform/auth.js';
import type { Database, Executor } from '../../platform/db/index.js';
import { rows, textArray } from '../../platform/db/index.js';
import { keysetPages } from '../../platform/http/csv.js';
import { abcAnalysis, basketPairs, cohortRetention, rfmAnalysis } from './analytics.analyses.js';
import { categoryMix, consolidation, type Tree } from './analytics.consolidation.js';
import { AnalyticsErrors } from './analytics.errors.js';
import { against, byStore, ratio, readTargets, resolvePeriod, storeFigures, type MissingRate, type Period, type ReadContext } from './analytics.kpis.js';
import { analyticsSettings } from './analytics.organisation.js';
import { inCategory, type ScenariosService } from './analytics.scenarios.js';
import { loadOrg, resolveNode, scopeFor, type Org, type Scope } from './analytics.scope.js';
import { readStamp } from './analytics.cache.js';
import { addDays, addMonths, monthEndOf, monthStartOf, type Grain } from './domain/fiscal.js';

/** Languages of report titles, column titles and exported files. */
export type ReportLocale = 'en' | 'fr';

/**
 * The type of a column, which fixes how its values read and how exports format them:
 * `text`; `integer`; `decimal` (a plain number such as a lift, shown with 2 decimals); `money`
 * (integer minor units of the column's currency, see {@link ReportColumn.currencyKey});
 * `percent` (a share as a decimal, 0.377 = 37.7 %); `date` (a local date `YYYY-MM-DD`).
 */
export type ColumnType = 'text' | 'integer' | 'decimal' | 'money' | 'percent' | 'date';

/** One column of a report. */
export interface ReportColumn {
  /** Key of the value in each row. */
  key: string;
  title: Record<ReportLocale, string>;
  type: ColumnType;
  /** For `money`: the key of a text column giving each row's currency; absent = the reporting currency. */
  currencyKey?: string;
  /** Width in characters of the XLSX column (default from the type). */
  width?: number;
}

/** A row: column key → value (null = empty). */
export type ReportRow = Record<string, string | number | null>;

/** The filters a report may read; the query names them the same way. */
export type ReportFilter = 'node' | 'period' | 'category' | 'scenarios';

/** The filters of one run, as the query gives them (period in the grammar of `/kpis`). */
export interface ReportQuery {
  node?: string;
  period?: Grain;
  date?: string;
  from?: string;
  to?: string;
  category?: string;
  /** Saved scenario ids (`scenarios` filter). */
  scenarios?: string[];
}

/** What a row producer runs with: the caller, the node and period resolved in their scope, settings. */
export interface ReportContext {
  user: AuthUser;
  database: Database;
  /** The caller's node resolved in their scope; the period resolved with the fiscal calendar. */
  read: Omit<ReadContext, 'db'>;
  period: Period;
  category: string | undefined;
  scenarioIds: string[];
  scenarios: ScenariosService;
  /**
   * Runs `fn` on one read-only repeatable-read snapshot (every query of a small report sees the
   * same rollup version); a streaming report reads page by page on `database.db` instead.
   */
  snapshot<T>(fn: (ctx: ReadContext) => Promise<T>): Promise<T>;
}

/** A predefined report. Adding one is adding an entry to {@link REPORTS}. */
export interface ReportDefinition {
  /** Stable id, in URLs and file names (`store-monthly`). */
  id: string;
  title: Record<ReportLocale, string>;
  filters: readonly ReportFilter[];
  columns: readonly ReportColumn[];
  /**
   * How many rows the report will have, cheaply (decides between an immediate answer and a
   * background export, and CSV for more rows than a sheet holds). Absent: the report is small
   * and counted by producing it.
   */
  estimate?(ctx: ReportContext): Promise<number>;
  /** The rows, in batches, in display order; only one batch is held at a time by consumers. */
  rows(ctx: ReportContext): AsyncIterable<ReportRow[]>;
}

const t = (en: string, fr: string): Record<ReportLocale, string> => ({ en, fr });

/** Yields `all` as one batch (reports computed whole from the rollups are small). */
async function* once(all: ReportRow[]): AsyncGenerator<ReportRow[]> {
  if (all.length > 0) yield all;
}

/** The first days of the months touching `period`, each with its part of the period. */
function monthsOf(period: { from: string; to: string }): { month: string; from: string; to: string }[] {
  const out = [];
  for (let m = monthStartOf(period.from); m <= period.to; m = addMonths(m, 1)) {
    out.push({ month: m, from: m < period.from ? period.from : m, to: monthEndOf(m) > period.to ? period.to : monthEndOf(m) });
  }
  return out;
}

/** Monthly performance by store: each month of the period × each visible store under the node (by store code) with sales or a target, against its revenue target. */
const storeMonthly: ReportDefinition = {
  id: 'store-monthly',
  title: t('Monthly performance by store', 'Performance mensuelle par magasin'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'month', title: t('Month', 'Mois'), type: 'date' },
    { key: 'region', title: t('Region', 'Région'), type: 'text', width: 20 },
    { key: 'storeCode', title: t('Store code', 'Code magasin'), type: 'text' },
    { key: 'store', title: t('Store', 'Magasin'), type: 'text', width: 24 },
    { key: 'revenue', title: t('Revenue', 'Chiffre d’affaires'), type: 'money' },
    { key: 'target', title: t('Target', 'Objectif'), type: 'money' },
    { key: 'variance', title: t('Variance', 'Écart'), type: 'money' },
    { key: 'attainment', title: t('Attainment', 'Réalisation'), type: 'percent' },
    { key: 'grossMargin', title: t('Gross margin', 'Marge brute'), type: 'money' },
    { key: 'marginRate', title: t('Margin %', 'Taux de marge'), type: 'percent' },
    { key: 'units', title: t('Units', 'Unités'), type: 'integer' },
    { key: 'transactions', title: t('Transactions', 'Tickets'), type: 'integer' },
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      yield* once(await ctx.snapshot(async (read) => {
        const { org, node, settings } = read;
        const out: ReportRow[] = [];
        const missing: MissingRate[] = [];
        const targetNodes = node.storeIds.map((id) => ({ kind: 'store' as const, id, storeIds: [id] }));
        const targets = await readTargets(read, targetNodes, 'revenue', ctx.period, missing, ctx.category);
        for (const m of monthsOf(ctx.period)) {
          const figures = byStore(await storeFigures(read.db, org, node.storeIds, m, settings.reportingCurrency, undefined, ctx.category));
          const monthTargets = targets(m);
          const byCode = [...node.storeIds].sort((x, y) => (org.stores.get(x)?.code ?? x).localeCompare(org.stores.get(y)?.code ?? y, 'en'));
          for (const id of byCode) {
            const s = org.stores.get(id);
            const f = figures.get(id);
            const target = monthTargets.get(id) ?? null;
            if (!s || (!f && target === null)) continue;
            const revenue = f?.revenue ?? 0;
            const vs = against(revenue, target);
            out.push({
              month: m.month, region: org.regions.get(s.regionId)?.name ?? '', storeCode: s.code, store: s.name, revenue,
              target, variance: vs.variance, attainment: vs.attainment, grossMargin: f ? f.costedRevenue - f.cost : 0,
              marginRate: f ? ratio(f.costedRevenue - f.cost, f.costedRevenue) : null, units: f?.units ?? 0,
              transactions: ctx.category === undefined ? (f?.transactions ?? 0) : null,
            });
          }
        }
        return out;
      }));
    },
  }),
};

/** The region tree below the node, one row per node (depth-first: a region, its sub-regions, its stores), with subtotals. */
const regionConsolidation: ReportDefinition = {
  id: 'region-consolidation',
  title: t('Region consolidation', 'Consolidation par région'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'level', title: t('Level', 'Niveau'), type: 'integer', width: 8 },
    { key: 'kind', title: t('Kind', 'Type'), type: 'text', width: 10 },
    { key: 'name', title: t('Name', 'Nom'), type: 'text', width: 30 },
    { key: 'revenue', title: t('Revenue', 'Chiffre d’affaires'), type: 'money' },
    { key: 'target', title: t('Target', 'Objectif'), type: 'money' },
    { key: 'attainment', title: t('Attainment', 'Réalisation'), type: 'percent' },
    { key: 'grossMargin', title: t('Gross margin', 'Marge brute'), type: 'money' },
    { key: 'units', title: t('Units', 'Unités'), type: 'integer' },
    { key: 'transactions', title: t('Transactions', 'Tickets'), type: 'integer' },
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      const answer = await ctx.snapshot((read) => consolidation(read, ctx.period, ctx.category));
      const out: ReportRow[] = [];
      const walk = (n: Tree, level: number) => {
        out.push({ level, kind: n.kind, name: `${'  '.repeat(level)}${n.name}`, revenue: n.revenue, target: n.target, attainment: n.attainment, grossMargin: n.grossMargin, units: n.units, transactions: n.transactions });
        for (const c of n.children) walk(c, level + 1);
      };
      walk(answer.root, 0);
      yield* once(out);
    },
  }),
};

/** Revenue, units and gross margin per category under the node, with its share and its revenue target. */
const categoryPerformance: ReportDefinition = {
  id: 'category-performance',
  title: t('Category performance', 'Performance par catégorie'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'category', title: t('Category', 'Catégorie'), type: 'text', width: 24 },
    { key: 'revenue', title: t('Revenue', 'Chiffre d’affaires'), type: 'money' },
    { key: 'share', title: t('Share of revenue', 'Part du CA'), type: 'percent' },
    { key: 'target', title: t('Target', 'Objectif'), type: 'money' },
    { key: 'variance', title: t('Variance', 'Écart'), type: 'money' },
    { key: 'attainment', title: t('Attainment', 'Réalisation'), type: 'percent' },
    { key: 'grossMargin', title: t('Gross margin', 'Marge brute'), type: 'money' },
    { key: 'units', title: t('Units', 'Unités'), type: 'integer' },
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      const answer = await ctx.snapshot((read) => categoryMix(read, ctx.period));
      yield* once(answer.rows.filter((r) => ctx.category === undefined || r.category === ctx.category).map((r) => ({ ...r })));
    },
  }),
};

/**
 * Saved scenarios side by side (the ones named, else the 10 latest you can see): baseline and
 * scenario measures and the margin bridge. With a category, each scenario is run on that
 * category's sales only ({@link inCategory}); a scenario limited to other categories is left out.
 */
const scenarioComparison: ReportDefinition = {
  id: 'scenario-comparison',
  title: t('Scenario comparison', 'Comparaison de scénarios'),
  filters: ['scenarios', 'category'],
  columns: [
    { key: 'scenario', title: t('Scenario', 'Scénario'), type: 'text', width: 28 },
    { key: 'period', title: t('Period', 'Période'), type: 'text', width: 14 },
    { key: 'revenueBaseline', title: t('Revenue (baseline)', 'CA (référence)'), type: 'money' },
    { key: 'revenueScenario', title: t('Revenue (scenario)', 'CA (scénario)'), type: 'money' },
    { key: 'marginBaseline', title: t('Gross margin (baseline)', 'Marge brute (référence)'), type: 'money' },
    { key: 'marginScenario', title: t('Gross margin (scenario)', 'Marge brute (scénario)'), type: 'money' },
    { key: 'marginRateBaseline', title: t('Margin % (baseline)', 'Taux de marge (référence)'), type: 'percent' },
    { key: 'marginRateScenario', title: t('Margin % (scenario)', 'Taux de marge (scénario)'), type: 'percent' },
    { key: 'unitsBaseline', title: t('Units (baseline)', 'Unités (référence)'), type: 'integer' },
    { key: 'unitsScenario', title: t('Units (scenario)', 'Unités (scénario)'), type: 'integer' },
    { key: 'bridgeVolume', title: t('Bridge: volume', 'Passage : volume'), type: 'money' },
    { key: 'bridgePrice', title: t('Bridge: price', 'Passage : prix'), type: 'money' },
    { key: 'bridgeCost', title: t('Bridge: cost', 'Passage : coût'), type: 'money' },
    { key: 'bridgeClosings', title: t('Bridge: closings', 'Passage : fermetures'), type: 'money' },
    { key: 'bridgeOpenings', title: t('Bridge: openings', 'Passage : ouvertures'), type: 'money' },
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      const ids = ctx.scenarioIds.length > 0 ? ctx.scenarioIds : (await ctx.scenarios.list(ctx.user, { page: 1, limit: 10 })).data.map((s) => s.id);
      const out: ReportRow[] = [];
      for (const id of ids) {
        const saved = await ctx.scenarios.get(ctx.user, id);
        const def = ctx.category === undefined ? saved.definition : inCategory(saved.definition, ctx.category);
        if (!def) continue;
        const r = await ctx.scenarios.simulate(ctx.user, def);
        const { baseline: b, scenario: s } = r.root;
        out.push({
          scenario: saved.name, period: r.period.label, revenueBaseline: b.revenue, revenueScenario: s.revenue, marginBaseline: b.grossMargin, marginScenario: s.grossMargin,
          marginRateBaseline: b.marginRate, marginRateScenario: s.marginRate, unitsBaseline: b.units, unitsScenario: s.units,
          bridgeVolume: r.root.bridge.volume, bridgePrice: r.root.bridge.price, bridgeCost: r.root.bridge.cost, bridgeClosings: r.root.bridge.closings, bridgeOpenings: r.root.bridge.openings,
        });
      }
      yield* once(out);
    },
  }),
};

/** ABC (Pareto) of the products sold under the node over the period, by revenue (A = top 80 %, B = next 15 %, C = the rest); see {@link abcAnalysis}. */
const abc: ReportDefinition = {
  id: 'abc',
  title: t('ABC analysis of products', 'Analyse ABC des produits'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'rank', title: t('Rank', 'Rang'), type: 'integer', width: 8 },
    { key: 'sku', title: t('SKU', 'Référence'), type: 'text', width: 16 },
    { key: 'title', title: t('Product', 'Produit'), type: 'text', width: 30 },
    { key: 'category', title: t('Category', 'Catégorie'), type: 'text', width: 20 },
    { key: 'revenue', title: t('Revenue', 'Chiffre d’affaires'), type: 'money' },
    { key: 'grossMargin', title: t('Gross margin', 'Marge brute'), type: 'money' },
    { key: 'units', title: t('Units', 'Unités'), type: 'integer' },
    { key: 'share', title: t('Share of revenue', 'Part du CA'), type: 'percent' },
    { key: 'cumulativeShare', title: t('Cumulative share', 'Part cumulée'), type: 'percent' },
    { key: 'abcClass', title: t('Class', 'Classe'), type: 'text', width: 8 },
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      const answer = await ctx.snapshot((read) => abcAnalysis(read, ctx.period, 'revenue', undefined, ctx.category));
      yield* once(answer.rows.map((r) => ({ ...r })));
    },
  }),
};

/** The RFM segments of the customers who bought under the node over the period (rule in {@link rfmAnalysis}), one row per segment. */
const rfmSegments: ReportDefinition = {
  id: 'rfm-segments',
  title: t('RFM customer segments', 'Segments clients RFM'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'segment', title: t('Segment', 'Segment'), type: 'text', width: 22 },
    { key: 'customers', title: t('Customers', 'Clients'), type: 'integer' },
    { key: 'share', title: t('Share of customers', 'Part des clients'), type: 'percent' },
    { key: 'monetary', title: t('Net revenue', 'CA net'), type: 'money' },
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      const answer = await ctx.snapshot((read) => rfmAnalysis(read, ctx.period, { limit: 1 }, ctx.category));
      yield* once(answer.segments.map((s) => ({ ...s })));
    },
  }),
};

/** Every customer of the RFM analysis with their scores and segment, by net revenue (largest first): the segments' customer lists as one file. */
const rfmCustomers: ReportDefinition = {
  id: 'rfm-customers',
  title: t('RFM customers', 'Clients RFM'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'customer', title: t('Customer', 'Client'), type: 'text', width: 16 },
    { key: 'segment', title: t('Segment', 'Segment'), type: 'text', width: 22 },
    { key: 'r', title: t('R score', 'Score R'), type: 'integer', width: 8 },
    { key: 'f', title: t('F score', 'Score F'), type: 'integer', width: 8 },
    { key: 'm', title: t('M score', 'Score M'), type: 'integer', width: 8 },
    { key: 'lastPurchase', title: t('Last purchase', 'Dernier achat'), type: 'date' },
    { key: 'recencyDays', title: t('Recency (days)', 'Récence (jours)'), type: 'integer' },
    { key: 'frequency', title: t('Receipts', 'Tickets'), type: 'integer' },
    { key: 'monetary', title: t('Net revenue', 'CA net'), type: 'money' },
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      const answer = await ctx.snapshot((read) => rfmAnalysis(read, ctx.period, { limit: Number.MAX_SAFE_INTEGER }, ctx.category));
      yield* once(answer.rows.map(({ customer, segment, r, f, m, lastPurchase, recencyDays, frequency, monetary }) => ({ customer, segment, r, f, m, lastPurchase, recencyDays, frequency, monetary })));
    },
  }),
};

/** Months after the cohort month the cohort report shows (+0 … +12: a year). */
const COHORT_MONTHS = 13;

/** Cohort retention by first-purchase month (the triangle table, see {@link cohortRetention}): per cohort its size and the share active in months +0 … +12. */
const cohortTable: ReportDefinition = {
  id: 'cohort-table',
  title: t('Cohort retention', 'Rétention par cohorte'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'cohort', title: t('Cohort', 'Cohorte'), type: 'date' },
    { key: 'size', title: t('Customers', 'Clients'), type: 'integer' },
    ...Array.from({ length: COHORT_MONTHS }, (_, k) => ({ key: `month${k}`, title: t(`Month +${k}`, `Mois +${k}`), type: 'percent' as const, width: 10 })),
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      const answer = await ctx.snapshot((read) => cohortRetention(read, ctx.period, ctx.category));
      yield* once(answer.rows.map((r) => {
        const row: ReportRow = { cohort: r.cohort, size: r.size };
        r.retention.slice(0, COHORT_MONTHS).forEach((share, k) => { row[`month${k}`] = share; });
        return row;
      }));
    },
  }),
};

/** The top 50 product pairs bought together under the node over the period, by lift (support ≥ 1 % of baskets; see {@link basketPairs}). */
const topPairs: ReportDefinition = {
  id: 'top-pairs',
  title: t('Top product pairs (market basket)', 'Paires de produits (panier)'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'skuA', title: t('SKU A', 'Référence A'), type: 'text', width: 16 },
    { key: 'titleA', title: t('Product A', 'Produit A'), type: 'text', width: 30 },
    { key: 'skuB', title: t('SKU B', 'Référence B'), type: 'text', width: 16 },
    { key: 'titleB', title: t('Product B', 'Produit B'), type: 'text', width: 30 },
    { key: 'baskets', title: t('Baskets', 'Paniers'), type: 'integer' },
    { key: 'support', title: t('Support', 'Support'), type: 'percent' },
    { key: 'confidenceAB', title: t('Confidence A→B', 'Confiance A→B'), type: 'percent' },
    { key: 'confidenceBA', title: t('Confidence B→A', 'Confiance B→A'), type: 'percent' },
    { key: 'lift', title: t('Lift', 'Lift'), type: 'decimal' },
  ],
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      const answer = await ctx.snapshot((read) => basketPairs(read, ctx.period, { category: ctx.category }));
      yield* once(answer.rows.map((r) => ({ ...r })));
    },
  }),
};

/** Sale lines fetched per query by the `sale-lines` report. */
const SALE_LINE_BATCH = 5_000;

/** The scope filter of the sale lines of a report run: the node's stores, the period's local days, the category. */
const saleLineWhere = (ctx: ReportContext) => sql`l.store_id = any(${textArray(ctx.read.node.storeIds)})
  and l.local_at >= ${ctx.period.from}::date and l.local_at < ${addDays(ctx.period.to, 1)}::date
  ${ctx.category === undefined ? sql`` : sql`and l.category = ${ctx.category}`}`;

/** Every sale line (returns negative) of the visible stores under the node over the period, in the store's currency; read by keyset pages. */
const saleLines: ReportDefinition = {
  id: 'sale-lines',
  title: t('Sale lines', 'Lignes de vente'),
  filters: ['node', 'period', 'category'],
  columns: [
    { key: 'storeCode', title: t('Store code', 'Code magasin'), type: 'text' },
    { key: 'localAt', title: t('Local time', 'Heure locale'), type: 'text', width: 20 },
    { key: 'reference', title: t('Receipt', 'Ticket'), type: 'text', width: 16 },
    { key: 'sku', title: t('SKU', 'Référence'), type: 'text', width: 16 },
    { key: 'category', title: t('Category', 'Catégorie'), type: 'text', width: 20 },
    { key: 'quantity', title: t('Quantity', 'Quantité'), type: 'integer' },
    { key: 'netRevenue', title: t('Net revenue', 'CA net'), type: 'money', currencyKey: 'currency' },
    { key: 'unitCost', title: t('Unit cost', 'Coût unitaire'), type: 'money', currencyKey: 'currency' },
    { key: 'currency', title: t('Currency', 'Devise'), type: 'text', width: 8 },
  ],
  async estimate(ctx) {
    if (ctx.read.node.storeIds.length === 0) return 0;
    const [row] = await rows<{ n: string }>(ctx.database.db, sql`select count(*) as n from analytics.sale_line l where ${saleLineWhere(ctx)}`);
    return Number(row?.n ?? 0);
  },
  rows: (ctx) => ({
    async *[Symbol.asyncIterator]() {
      if (ctx.read.node.storeIds.length === 0) return;
      const codes = new Map([...ctx.read.org.stores.values()].map((s) => [s.id, s.code]));
      type Line = { store_id: string; local_at: string; id: string; reference: string; sku: string; category: string | null; quantity: number; net_revenue: string; unit_cost: string | null; currency: string };
      const page = (after: Line | null) => rows<Line>(ctx.database.db, sql`
        select l.store_id, to_char(l.local_at, 'YYYY-MM-DD"T"HH24:MI:SS') as local_at, l.id::text as id, l.reference, l.sku, l.category, l.quantity, l.net_revenue, l.unit_cost, l.currency
        from analytics.sale_line l where ${saleLineWhere(ctx)}
        ${after === null ? sql`` : sql`and (l.store_id, l.local_at, l.id) > (${after.store_id}, ${after.local_at}::timestamp, ${after.id}::bigint)`}
        order by l.store_id, l.local_at, l.id limit ${SALE_LINE_BATCH}`);
      for await (const batch of keysetPages(page, (l) => l, SALE_LINE_BATCH)) {
        yield batch.map((l) => ({
          storeCode: codes.get(l.store_id) ?? l.store_id, localAt: l.local_at, reference: l.reference, sku: l.sku, category: l.category,
          quantity: Number(l.quantity), netRevenue: Number(l.net_revenue), unitCost: l.unit_cost === null ? null : Number(l.unit_cost), currency: l.currency,
        }));
      }
    },
  }),
};

/** Every predefined report, in the order the back office lists them. */
export const REPORTS: readonly ReportDefinition[] = [storeMonthly, regionConsolidation, categoryPerformance, abc, rfmSegments, rfmCustomers, cohortTable, topPairs, scenarioComparison, saleLines];

/**
 * The report `id`.
 * @throws AppError 404 ANALYTICS.REPORT_NOT_FOUND.
 */
export function reportOf(id: string): ReportDefinition {
  const found = REPORTS.find((r) => r.id === id);
  if (!found) throw AnalyticsErrors.reportNotFound(id);
  return found;
}

/**
 * Resolves a run of the report `reportId` for `user`: their scope, the node in it (default the
 * company, else the top region or the store they see), the report, the period (default this
 * month) and the filters the report reads.
 * @throws AppError 404 ANALYTICS.NODE_NOT_FOUND | ANALYTICS.REPORT_NOT_FOUND, 400 ANALYTICS.INVALID (period).
 */
export async function reportContext(database: Database, scenarios: ScenariosService, user: AuthUser, reportId: string, q: ReportQuery): Promise<{ report: ReportDefinition; ctx: ReportContext }> {
  const db: Executor = database.db;
  const [scope, org, settings, stamp] = await Promise.all([scopeFor(db, user), loadOrg(db), analyticsSettings(db), readStamp(db)]);
  // The node first: a node outside the scope answers 404 NODE_NOT_FOUND whatever the report.
  const node = resolveNode(org, scope, q.node ?? defaultNode(org, scope));
  const report = reportOf(reportId);
  const period = resolvePeriod(q, settings.fiscalYearStartMonth);
  const read = { org, node, settings, dataAsOf: stamp.dataAsOf };
  return {
    report,
    ctx: {
      user, database, read, period, scenarios,
      category: report.filters.includes('category') ? q.category : undefined,
      scenarioIds: report.filters.includes('scenarios') ? (q.scenarios ?? []) : [],
      snapshot: (fn) => database.transaction(async (tx) => {
        await tx.execute(sql`set transaction isolation level repeatable read, read only`);
        return fn({ ...read, db: tx });
      }),
    },
  };
}

/** The node a run reads when the query names none: the company, else the first top region, else the first store the caller sees. */
function defaultNode(org: Org, scope: Scope): string {
  if (scope.company) return 'company';
  const visible = new Set(scope.regionIds);
  const top = scope.regionIds.find((id) => !visible.has(org.regions.get(id)?.parentId ?? ''));
  return top ?? scope.storeIds[0] ?? 'company';
}

/** One page of a report run, as `GET …/reports/{id}` answers it. */
export interface ReportPage {
  report: { id: string; title: Record<ReportLocale, string> };
  node: { kind: 'company' | 'region' | 'store'; id: string; name: string };
  period: { grain: Grain; from: string; to: string; label: string };
  category: string | null;
  /** Reporting currency (ISO 4217) of the money columns without a `currencyKey`. */
  currency: string;
  dataAsOf: string;
  columns: readonly ReportColumn[];
  data: ReportRow[];
  pagination: { total: number; limit: number; page: number };
}

/**
 * One page of a run: the rows `(page − 1) × limit` to `page × limit − 1` in display order, and
 * the total (the report's estimate when it has one, else the rows counted).
 * @throws as {@link reportContext}.
 */
export async function runPage(database: Database, scenarios: ScenariosService, user: AuthUser, reportId: string, q: ReportQuery & { page: number; limit: number }): Promise<ReportPage> {
  const { report, ctx } = await reportContext(database, scenarios, user, reportId, q);
  const start = (q.page - 1) * q.limit;
  const estimate = report.estimate ? await report.estimate(ctx) : undefined;
  const data: ReportRow[] = [];
  let seen = 0;
  for await (const batch of report.rows(ctx)) {
    for (const row of batch) {
      if (seen >= start && data.length < q.limit) data.push(row);
      seen += 1;
    }
    if (estimate !== undefined && data.length >= q.limit) break;
  }
  const { node, settings, dataAsOf } = ctx.read;
  const { period } = ctx;
  return {
    report: { id: report.id, title: report.title }, node: { kind: node.kind, id: node.id, name: node.name },
    period: { grain: period.grain, from: period.from, to: period.to, label: period.label }, category: ctx.category ?? null,
    currency: settings.reportingCurrency, dataAsOf, columns: report.columns, data, pagination: { total: estimate ?? seen, limit: q.limit, page: q.page },
  };
}
