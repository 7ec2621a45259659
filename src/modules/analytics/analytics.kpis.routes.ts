import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AuthUser } from '../../platform/auth.js';
import type { Database, Tx } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { AnswerCache} from './analytics.cache.js';
import { readStamp } from './analytics.cache.js';
import { categoryMix, consolidation, drilldown, league } from './analytics.consolidation.js';
import { KPI_KEYS, kpis, resolvePeriod, trend, type Period, type ReadContext } from './analytics.kpis.js';
import { analyticsSettings } from './analytics.organisation.js';
import { loadOrg, resolveNode, scopeFor, type Scope } from './analytics.scope.js';
import type { Grain } from './domain/fiscal.js';

/** OpenAPI tag of the analytics read routes. */
export const tags = ['analytics'];
/** A problem+json response (RFC 9457) schema reference. */
export const problem = { $ref: 'Problem#' };
/** The permission of every analytics read route. */
export const permission = 'analytics:read';

const LocalDate = (description: string) => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description });
/** An integer amount in minor units (of the reporting currency unless said). */
export const Money = (description = 'Minor units of the reporting currency') => Type.Integer({ description });
/** `t` or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The `node` query field of the read routes. */
export const NodeParam = Type.String({
  minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$',
  description: '`company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND',
});
/** A union of string literals (an enum in the OpenAPI document). */
export const literals = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
const GRAINS = ['day', 'week', 'month', 'quarter', 'year', 'custom'] as const;
const GrainParam = literals(GRAINS, '`day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month');
/** The kind of an organisation node. */
export const NodeKind = literals(['company', 'region', 'store'] as const);
const KpiKeySchema = literals(KPI_KEYS);
const CategoryParam = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
/** The period and scope query fields every read route shares: node, period (grain), date, from, to. */
export const periodFields = {
  node: Type.Optional(NodeParam),
  period: Type.Optional(GrainParam),
  date: Type.Optional(LocalDate('Any local date inside the period (default today, UTC)')),
  from: Type.Optional(LocalDate('First day of a custom period (inclusive)')),
  to: Type.Optional(LocalDate('Last day of a custom period (inclusive)')),
};
const PeriodQuery = Type.Object(periodFields, { additionalProperties: false });
const KpisQuery = Type.Object({
  ...periodFields,
  category: Type.Optional(CategoryParam('Only this category (at the time of sale; `(none)` for lines without one): figures from the category rollups, targets set for this category; transactions, averageBasket, unitsPerTransaction and returnsRate are then null')),
}, { additionalProperties: false });
const TrendQuery = Type.Object({
  node: Type.Optional(NodeParam),
  from: LocalDate('First day (inclusive)'),
  to: LocalDate('Last day (inclusive)'),
  grain: Type.Optional(literals(['day', 'week', 'month'] as const, 'Bucket: day, ISO week or month (default month)')),
}, { additionalProperties: false });
const LeagueQuery = Type.Object({
  ...periodFields,
  kpi: Type.Optional(literals(KPI_KEYS, 'KPI to rank by (default revenue)')),
  order: Type.Optional(literals(['desc', 'asc'] as const, 'desc (default): best first')),
}, { additionalProperties: false });
const ConsolidationQuery = Type.Object({
  ...periodFields,
  category: Type.Optional(CategoryParam('Only this category (at the time of sale; `(none)` for lines without one): figures from the category rollups, targets set for this category; transactions are then null')),
}, { additionalProperties: false });
const DrilldownQuery = Type.Object({
  ...periodFields,
  category: Type.Optional(CategoryParam('A category of the store: its products instead of its categories')),
}, { additionalProperties: false });

const Range = Type.Object({ from: Type.String(), to: Type.String() });
const RateSchema = Type.Object({
  currency: Type.String(), month: Type.String({ description: 'First day of the month' }),
  rate: Type.String({ description: '1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly)' }),
});
const MissingRateSchema = Type.Object({ storeId: Type.String(), storeCode: Type.String(), currency: Type.String(), month: Type.String() }, { description: 'A store-month left out: no exchange rate to the reporting currency for that month' });
/** The fields every money answer carries: reporting currency, data stamp, rates used and store-months left out. */
export const common = {
  currency: Type.String({ description: 'Reporting currency (ISO 4217)' }),
  dataAsOf: Type.String({ description: 'ISO UTC: the figures include every fact recorded up to then' }),
  exchangeRates: Type.Array(RateSchema, { description: 'The monthly average rates used' }),
  missingRates: Type.Array(MissingRateSchema, { description: 'Store-months excluded for want of a rate (never guessed)' }),
};
/** A resolved period: grain, first and last local dates, label. */
export const PeriodSchema = Type.Object({ grain: literals(GRAINS), from: Type.String(), to: Type.String(), label: Type.String() });
const versusTarget = {
  target: Nullable(Money('Revenue target of the category (the node\'s own, else the sum of its stores\' in scope); null when none is set')),
  variance: Nullable(Money('revenue − target')),
  attainment: Nullable(Type.Number({ description: 'revenue ÷ target (4 places)' })),
};
const KpiSchema = Type.Object({
  key: KpiKeySchema, unit: literals(['money', 'count', 'percent', 'ratio', 'money_per_m2'] as const,
    'money: minor units of `currency`; count; percent: a share as a decimal (0.377 = 37.7 %); ratio: a plain quotient (2.2 units per transaction); money_per_m2: minor units per m²'),
  value: Nullable(Type.Number()), previous: Nullable(Type.Number()), lastYear: Nullable(Type.Number()),
  target: Nullable(Type.Number()), variance: Nullable(Type.Number()), attainment: Nullable(Type.Number()),
  changeVsPrevious: Nullable(Type.Number()), changeVsLastYear: Nullable(Type.Number()),
});
const KpisSchema = Type.Object({
  node: Type.Object({ kind: NodeKind, id: Type.String(), name: Type.String() }),
  category: Nullable(Type.String({ description: 'The category of every figure and target; null = all categories' })),
  period: PeriodSchema,
  comparisons: Type.Object({ previous: Range, lastYear: Range }),
  ...common,
  kpis: Type.Array(KpiSchema),
  likeForLike: Type.Object({ rule: Type.String(), stores: Type.Integer(), value: Money(), lastYear: Money(), growth: Nullable(Type.Number()) }),
});
const TrendSchema = Type.Object({
  ...common,
  points: Type.Array(Type.Object({ start: Type.String(), label: Type.String(), revenue: Money(), lastYear: Money(), target: Nullable(Money()) })),
});
const TreeSchema = Type.Recursive((Self) => Type.Object({
  kind: NodeKind, id: Type.String(), name: Type.String(), revenue: Money(), grossMargin: Money(), units: Type.Integer(), transactions: Nullable(Type.Integer()),
  target: Nullable(Money()), attainment: Nullable(Type.Number()), children: Type.Array(Self),
}), { $id: 'AnalyticsTree' });
const ConsolidationSchema = Type.Object({
  ...common, period: PeriodSchema,
  category: Nullable(Type.String({ description: 'The category of every figure and target; null = all categories' })),
  root: Type.Ref(TreeSchema),
});
const LeagueSchema = Type.Object({
  ...common,
  kpi: KpiKeySchema,
  rows: Type.Array(Type.Object({
    rank: Type.Integer(), store: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), city: Type.String() }),
    value: Nullable(Type.Number()), revenue: Money(), attainment: Nullable(Type.Number()),
  })),
});
const CategoryMixSchema = Type.Object({
  ...common,
  rows: Type.Array(Type.Object({ category: Type.String(), revenue: Money(), share: Nullable(Type.Number()), units: Type.Integer(), grossMargin: Money(), ...versusTarget })),
});
const DrilldownSchema = Type.Object({
  ...common,
  level: literals(['category', 'product'] as const, '`category` (the store\'s categories) or `product` (the SKUs of one category)'),
  coverage: Range,
  rows: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), revenue: Money(), units: Type.Integer(), grossMargin: Money(), share: Nullable(Type.Number()), ...versusTarget }, {
    description: 'Categories carry their targets; products have none (null)',
  })),
  category: Nullable(Type.Object({ key: Type.String(), revenue: Money(), ...versusTarget }, { description: 'For products: the drilled category against its target over `coverage`' })),
});

/** Context handed to an answer's computation: a repeatable-read snapshot, the org, the node resolved in scope, settings, period; `tx` is that snapshot's transaction (for another module's contract read inside it). */
export type Compute<T> = (ctx: ReadContext, period: (q: { period?: Grain; date?: string; from?: string; to?: string }) => Period, tx: Tx) => Promise<T>;

/**
 * Computes one answer in one read-only repeatable-read transaction (so every query of the
 * answer sees the same rollup version): loads the org, resolves `node` in `scope` (404 outside
 * it), reads the settings. @returns the answer and the rollup version it read.
 */
export async function computeInSnapshot<T>(database: Database, scope: Scope, dataAsOf: string, node: string | undefined, compute: Compute<T>): Promise<{ value: T; version: number }> {
  return database.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    const [state] = await rows<{ version: string | number }>(tx, sql`select version from analytics.rollup_state where name = 'sales'`);
    const org = await loadOrg(tx);
    const resolved = resolveNode(org, scope, node ?? 'company');
    const settings = await analyticsSettings(tx);
    const ctx: ReadContext = { db: tx, org, node: resolved, settings, dataAsOf };
    const value = await compute(ctx, (q) => resolvePeriod(q, settings.fiscalYearStartMonth), tx);
    return { value, version: Number(state?.version ?? -1) };
  });
}

/**
 * Serves one read: reads the data stamp and the caller's scope, then answers from the cache or
 * computes through {@link computeInSnapshot}. Sets `x-analytics-cache: hit|miss`.
 */
export async function serve<T extends { dataAsOf: string }>(
  database: Database, cache: AnswerCache, route: string, request: FastifyRequest, reply: FastifyReply, node: string | undefined, compute: Compute<T>,
): Promise<T> {
  const user = request.user as AuthUser;
  const stamp = await readStamp(database.db);
  const scope = await scopeFor(database.db, user);
  const query = request.query as Record<string, unknown>;
  const key = cache.key(route, query, scope, stamp);
  const { value, hit } = await cache.answer<T>(key, stamp, () => computeInSnapshot(database, scope, stamp.dataAsOf, node, compute));
  void reply.header('x-analytics-cache', hit ? 'hit' : 'miss');
  return value;
}

/**
 * Registers the read routes of analytics (permission `analytics:read`; every figure filtered by
 * the caller's scope, a node outside it → 404 ANALYTICS.NODE_NOT_FOUND):
 * `GET /api/admin/analytics/kpis`, `/kpis/trend`, `/consolidation`, `/league`, `/category-mix`,
 * `/drilldown`. Shapes in COMMON.md ("read side"); every answer also lists the exchange rates used
 * and the store-months left out for want of a rate. They read only the rollups.
 */
export async function kpisRoutes(root: HttpServer, database: Database, cache: AnswerCache): Promise<void> {
  // The recursive tree schema is added inside this plugin only: a schema added to the root after
  // other plugins registered routes gives those routes Fastify's default (coercing) validator.
  await root.register(async (plugin) => {
  const server = plugin.withTypeProvider<TypeBoxTypeProvider>();
  server.addSchema(TreeSchema);
  /** Registers one read route: GET `path` with `querystring`, answering `answer` (or 400/404 problems), computed by `compute` through {@link serve}. */
  const read = <Q extends TSchema, A extends TSchema>(
    route: string, summary: string, querystring: Q, answer: A, compute: (q: Static<Q>, ctx: ReadContext, period: () => Period) => Promise<Static<A> & { dataAsOf: string }>,
  ) => server.get(`/api/admin/analytics/${route}`, {
    config: { permission },
    schema: { summary, tags, querystring, response: { 200: answer, 400: problem, 404: problem } },
  }, async (request, reply) => {
    const q = request.query as Static<Q> & { node?: string; period?: Grain; date?: string; from?: string; to?: string };
    return serve(database, cache, route, request, reply, q.node, (ctx, period) => compute(q, ctx, () => period(q)));
  });

  read('kpis', 'KPIs of a node over a period against the previous period, last year and target, with like-for-like growth; optionally of one category against its category targets',
    KpisQuery, KpisSchema, (q, ctx, period) => kpis(ctx, period(), q.category));
  read('kpis/trend', 'Revenue of a node per day, ISO week or month, with last year and target per point',
    TrendQuery, TrendSchema, (q, ctx) => trend(ctx, { from: q.from, to: q.to }, q.grain ?? 'month'));
  read('consolidation', 'The region tree below a node with subtotals (regions then stores); parents equal the sum of their children to the cent; optionally of one category against its category targets',
    ConsolidationQuery, ConsolidationSchema, (q, ctx, period) => consolidation(ctx, period(), q.category));
  read('league', 'League table of the stores under a node, ranked by a KPI',
    LeagueQuery, LeagueSchema, (q, ctx, period) => league(ctx, period(), q.kpi ?? 'revenue', q.order ?? 'desc'));
  read('category-mix', 'Revenue, units and gross margin per category under a node, with each category\'s share of revenue and its revenue target',
    PeriodQuery, CategoryMixSchema, (_q, ctx, period) => categoryMix(ctx, period()));
  read('drilldown', 'Inside one store: its categories (against their targets), or the products of one category',
    DrilldownQuery, DrilldownSchema, (q, ctx, period) => drilldown(ctx, period(), q.category));
  });
}
