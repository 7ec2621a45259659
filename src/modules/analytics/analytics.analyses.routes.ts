/**
 * The analyses routes under `/api/admin/analytics/analyses/…`: TypeBox schemas of their queries
 * and answers, and one-line handlers calling analytics.analyses.ts.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AuthUser } from '../../platform/auth.js';
import type { Database } from '../../platform/db/index.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { CatalogContract } from '../catalog/index.js';
import { abcAnalysis, basketPairs, cohortRetention, rfmAnalysis, stockAnalysis, type AnalysisPeriod } from './analytics.analyses.js';
import type { AnswerCache } from './analytics.cache.js';
import { readStamp } from './analytics.cache.js';
import type { ReadContext } from './analytics.kpis.js';
import { common, computeInSnapshot, literals, Money, NodeKind, Nullable, periodFields, permission, problem, serve, tags, type Compute } from './analytics.kpis.routes.js';
import { scopeFor } from './analytics.scope.js';
import { RFM_SEGMENTS } from './domain/analyses.js';
import type { Grain } from './domain/fiscal.js';

const Share = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const Period = Type.Object({ from: Type.String(), to: Type.String(), label: Type.String() });
const Node = Type.Object({ kind: NodeKind, id: Type.String(), name: Type.String() });
const head = {
  node: Node, category: Nullable(Type.String({ description: 'The category filter (at the time of sale; `(none)` = lines without one); null = all categories' })),
  period: Period, currency: Type.String({ description: 'Reporting currency (ISO 4217)' }), dataAsOf: common.dataAsOf,
};
/** The period, scope and category fields every analysis query takes. */
const analysisFields = {
  ...periodFields,
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only the lines of this category at the time of sale (`(none)` for lines without one); default all' })),
};
const Columns = Type.Array(Type.Object({
  key: Type.String({ description: 'The row field' }),
  unit: literals(['text', 'money', 'count', 'percent', 'ratio', 'days', 'weeks', 'month', 'score'] as const,
    'money: minor units of `currency`; percent: a share as a decimal (0.377 = 37.7 %); month: its first day; score: 1–5'),
}), { description: 'The table\'s columns in display order' });
const Pct = (description: string) => Nullable(Type.Number({ description: `${description} (a share as a decimal, 4 places)` }));

const AbcQuery = Type.Object({
  ...analysisFields,
  measure: Type.Optional(literals(['revenue', 'margin'] as const, 'Rank by net revenue (default) or gross margin (lines with a known cost)')),
  a: Type.Optional(Share('Cumulative share up to which products are class A (default 0.8)')),
  b: Type.Optional(Share('Cumulative share up to which products are class B (default 0.95: B = the next 15 %); must exceed a')),
}, { additionalProperties: false });
const AbcClass = literals(['A', 'B', 'C'] as const);
const AbcSchema = Type.Object({
  ...head, exchangeRates: common.exchangeRates, missingRates: common.missingRates,
  measure: literals(['revenue', 'margin'] as const), thresholds: Type.Object({ a: Type.Number(), b: Type.Number() }), total: Money('Σ of the positive values of the measure'),
  classes: Type.Array(Type.Object({ abcClass: AbcClass, products: Type.Integer(), value: Money(), share: Pct('Share of the total') })),
  columns: Columns,
  rows: Type.Array(Type.Object({
    rank: Type.Integer(), sku: Type.String(), title: Type.String(), category: Nullable(Type.String()), revenue: Money(), grossMargin: Money(), units: Type.Integer(),
    share: Pct('Share of the measure\'s total'), cumulativeShare: Pct('Σ shares up to this product'), abcClass: AbcClass,
  })),
});

const Segment = literals(RFM_SEGMENTS, 'RFM segment (mapping in `rule`)');
const RfmQuery = Type.Object({
  ...analysisFields,
  segment: Type.Optional(Segment),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Page of the customer list (default 1)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Customers per page (default 50)' })),
}, { additionalProperties: false });
const Boundaries = Type.Array(Type.Number(), { description: 'The 20/40/60/80 % quantiles (nearest rank)' });
const RfmSchema = Type.Object({
  ...head, exchangeRates: common.exchangeRates, missingRates: common.missingRates,
  customers: Type.Integer({ description: 'Customers with a purchase in the period' }),
  boundaries: Type.Object({ recencyDays: Boundaries, frequency: Boundaries, monetary: Boundaries }),
  segments: Type.Array(Type.Object({ segment: Segment, customers: Type.Integer(), share: Pct('Share of the customers'), monetary: Money() })),
  rule: Type.String(),
  columns: Columns,
  rows: Type.Array(Type.Object({
    customer: Type.String({ description: 'The customer\'s id (as the sales sources give it)' }), lastPurchase: Type.String(), recencyDays: Type.Integer(), frequency: Type.Integer(),
    monetary: Money('Net revenue in the period, minor units of `currency`'), currency: Type.String({ description: 'ISO 4217 currency of `monetary` (the reporting currency)' }),
    r: Type.Integer({ minimum: 1, maximum: 5 }), f: Type.Integer({ minimum: 1, maximum: 5 }), m: Type.Integer({ minimum: 1, maximum: 5 }), segment: Segment,
  })),
  pagination: Type.Object({ total: Type.Integer(), limit: Type.Integer(), page: Type.Integer() }),
});
const PeriodQuery = Type.Object(analysisFields, { additionalProperties: false });
const CohortSchema = Type.Object({
  ...head, months: Type.Integer({ description: 'Length of the longest row' }), rule: Type.String(), columns: Columns,
  rows: Type.Array(Type.Object({
    cohort: Type.String({ description: 'First day of the first-purchase month' }), size: Type.Integer(),
    retention: Type.Array(Type.Number(), { description: 'Share of the cohort active in month +0, +1, … (4 places)' }),
    active: Type.Array(Type.Integer(), { description: 'The same as customer counts' }),
  })),
});

const Order = literals(['support', 'confidence', 'lift'] as const, 'Rank by support, confidence (the larger direction) or lift (default)');
const BasketQuery = Type.Object({
  ...analysisFields,
  minSupport: Type.Optional(Type.Number({ minimum: 0.0001, maximum: 1, description: 'Least share of baskets a pair must be in (default 0.01)' })),
  rankBy: Type.Optional(Order),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Pairs answered, best first (default 50)' })),
}, { additionalProperties: false });
const BasketSchema = Type.Object({
  ...head, baskets: Type.Integer(), minSupport: Type.Number(), minBaskets: Type.Integer(), rankBy: Order, rule: Type.String(), columns: Columns,
  rows: Type.Array(Type.Object({
    skuA: Type.String(), titleA: Type.String(), skuB: Type.String(), titleB: Type.String(), baskets: Type.Integer(),
    support: Pct('Baskets with both ÷ all baskets'), confidenceAB: Pct('P(B | A)'), confidenceBA: Pct('P(A | B)'), lift: Nullable(Type.Number({ description: 'support ÷ (support(A) × support(B)), 4 places' })),
  })),
});

const StockSchema = Type.Object({
  ...head,
  inventory: Type.Object({ status: literals(['available', 'missing'] as const), reason: Nullable(Type.String()) }, { description: '`missing` (with the reason) when the node has no store whose inventory the catalog keeps' }),
  storesWithoutInventory: Type.Integer(), rule: Type.String(), columns: Columns,
  rows: Type.Array(Type.Object({
    level: literals(['product', 'category'] as const), storeCode: Type.String(), currency: Type.String({ description: 'The store\'s currency: stock money is not converted' }),
    key: Type.String(), name: Type.String(), category: Type.String(), unitsSold: Type.Integer(), revenue: Type.Integer(), grossMargin: Nullable(Type.Integer()),
    onHand: Nullable(Type.Integer()), inventoryCost: Nullable(Type.Integer()), sellThrough: Pct('units sold ÷ (units sold + on hand)'),
    weeksOfCover: Nullable(Type.Number()), gmroi: Nullable(Type.Number({ description: 'gross margin ÷ inventory at cost' })),
  })),
});

/**
 * Registers the analyses (permission `analytics:read`; the caller's scope as on every read route:
 * a node outside it → 404 ANALYTICS.NODE_NOT_FOUND; bad input → 400; each takes an optional
 * `category`: only the lines of that category at the time of sale):
 * `GET /api/admin/analytics/analyses/abc`, `/analyses/rfm`, `/analyses/cohorts`, `/analyses/basket`
 * (cached per data stamp like the KPIs) and `/analyses/stock` (never cached: it reads the
 * catalog's current stock through the catalog contract).
 */
export async function analysesRoutes(root: HttpServer, database: Database, cache: AnswerCache, catalog: CatalogContract): Promise<void> {
  const server = root.withTypeProvider<TypeBoxTypeProvider>();
  const route = <Q extends TSchema, A extends TSchema>(
    name: string, summary: string, querystring: Q, answer: A, cached: boolean, compute: (q: Static<Q>, ctx: ReadContext, period: AnalysisPeriod, tx: Parameters<Compute<unknown>>[2]) => Promise<Static<A> & { dataAsOf: string }>,
  ) => server.get(`/api/admin/analytics/analyses/${name}`, {
    config: { permission },
    schema: { summary, tags, querystring, response: { 200: answer, 400: problem, 404: problem } },
  }, async (request, reply) => {
    const q = request.query as Static<Q> & { node?: string; period?: Grain; date?: string; from?: string; to?: string };
    const run: Compute<Static<A> & { dataAsOf: string }> = (ctx, period, tx) => compute(q, ctx, period(q), tx);
    if (cached) return serve(database, cache, `analyses/${name}`, request, reply, q.node, run);
    const scope = await scopeFor(database.db, request.user as AuthUser);
    const stamp = await readStamp(database.db);
    return (await computeInSnapshot(database, scope, stamp.dataAsOf, q.node, run)).value;
  });

  route('abc', 'ABC (Pareto) of the products sold under a node over a period, by revenue or gross margin, with each product\'s share and cumulative share',
    AbcQuery, AbcSchema, true, (q, ctx, period) => abcAnalysis(ctx, period, q.measure ?? 'revenue', { a: q.a ?? 0.8, b: q.b ?? 0.95 }, q.category));
  route('rfm', 'RFM segmentation of the customers who bought under a node over a period: quintile boundaries, customers per segment, a page of customers',
    RfmQuery, RfmSchema, true, (q, ctx, period) => rfmAnalysis(ctx, period, { segment: q.segment, page: q.page, limit: q.limit }, q.category));
  route('cohorts', 'Cohort retention by first-purchase month (the triangle table) for the cohort months of a period',
    PeriodQuery, CohortSchema, true, (q, ctx, period) => cohortRetention(ctx, period, q.category));
  route('basket', 'Top product pairs bought together (one basket = one receipt) by support, confidence or lift',
    BasketQuery, BasketSchema, true, (q, ctx, period) => basketPairs(ctx, period, { minSupport: q.minSupport, rankBy: q.rankBy, limit: q.top, category: q.category }));
  route('stock', 'Sell-through, weeks of cover and GMROI of the products sold by the online stores under a node (inventory from the catalog); says when inventory data is missing',
    PeriodQuery, StockSchema, false, (q, ctx, period, tx) => stockAnalysis(ctx, period, (skus) => catalog.variantsBySku(skus, tx), q.category));
}
