import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AuthUser } from '../../platform/auth.js';
import type { Database } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { AnswerCache} from './analytics.cache.js';
import { readStamp } from './analytics.cache.js';
import { categoryMix, consolidation, drilldown, league } from './analytics.consolidation.js';
import { KPI_KEYS, kpis, loadOrg, resolveNode, resolvePeriod, trend, type Period, type ReadContext } from './analytics.kpis.js';
import { analyticsSettings } from './analytics.organisation.js';
import { scopeFor } from './analytics.scope.js';
import type { Grain } from './domain/fiscal.js';

const tags = ['analytics'];
const problem = { $ref: 'Problem#' };
const permission = 'analytics:read';

const LocalDate = (description: string) => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description });
const Money = (description = 'Minor units of the reporting currency') => Type.Integer({ description });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const NodeParam = Type.String({
  minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$',
  description: '`company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND',
});
const GrainParam = Type.Union(['day', 'week', 'month', 'quarter', 'year', 'custom'].map((g) => Type.Literal(g)), {
  description: '`day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month',
});
const periodFields = {
  node: Type.Optional(NodeParam),
  period: Type.Optional(GrainParam),
  date: Type.Optional(LocalDate('Any local date inside the period (default today, UTC)')),
  from: Type.Optional(LocalDate('First day of a custom period (inclusive)')),
  to: Type.Optional(LocalDate('Last day of a custom period (inclusive)')),
};
const PeriodQuery = Type.Object(periodFields, { additionalProperties: false });
const TrendQuery = Type.Object({
  node: Type.Optional(NodeParam),
  from: LocalDate('First day (inclusive)'),
  to: LocalDate('Last day (inclusive)'),
  grain: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { description: 'Bucket: day, ISO week or month (default month)' })),
}, { additionalProperties: false });
const LeagueQuery = Type.Object({
  ...periodFields,
  kpi: Type.Optional(Type.Union(KPI_KEYS.map((k) => Type.Literal(k)), { description: 'KPI to rank by (default revenue)' })),
  order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')], { description: 'desc (default): best first' })),
}, { additionalProperties: false });
const DrilldownQuery = Type.Object({
  ...periodFields,
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A category of the store: its products instead of its categories' })),
}, { additionalProperties: false });

const Range = Type.Object({ from: Type.String(), to: Type.String() });
const RateSchema = Type.Object({ currency: Type.String(), month: Type.String({ description: 'First day of the month' }), rate: Type.Number({ description: '1 unit of currency = rate units of the reporting currency (monthly average)' }) });
const MissingRateSchema = Type.Object({ storeId: Type.String(), storeCode: Type.String(), currency: Type.String(), month: Type.String() }, { description: 'A store-month left out: no exchange rate to the reporting currency for that month' });
const common = {
  currency: Type.String({ description: 'Reporting currency (ISO 4217)' }),
  dataAsOf: Type.String({ description: 'ISO UTC: the figures include every fact recorded up to then' }),
  exchangeRates: Type.Array(RateSchema, { description: 'The monthly average rates used' }),
  missingRates: Type.Array(MissingRateSchema, { description: 'Store-months excluded for want of a rate (never guessed)' }),
};
const PeriodSchema = Type.Object({ grain: Type.String(), from: Type.String(), to: Type.String(), label: Type.String() });
const KpiSchema = Type.Object({
  key: Type.String(), unit: Type.Union([Type.Literal('money'), Type.Literal('count'), Type.Literal('percent'), Type.Literal('ratio'), Type.Literal('money_per_m2')], {
    description: 'money: minor units of `currency`; count; percent: a share as a decimal (0.377 = 37.7 %); ratio: a plain quotient (2.2 units per transaction); money_per_m2: minor units per m²',
  }),
  value: Nullable(Type.Number()), previous: Nullable(Type.Number()), lastYear: Nullable(Type.Number()),
  target: Nullable(Type.Number()), variance: Nullable(Type.Number()), attainment: Nullable(Type.Number()),
  changeVsPrevious: Nullable(Type.Number()), changeVsLastYear: Nullable(Type.Number()),
});
const KpisSchema = Type.Object({
  node: Type.Object({ kind: Type.String(), id: Type.String(), name: Type.String() }),
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
  kind: Type.String(), id: Type.String(), name: Type.String(), revenue: Money(), grossMargin: Money(), units: Type.Integer(), transactions: Type.Integer(),
  target: Nullable(Money()), attainment: Nullable(Type.Number()), children: Type.Array(Self),
}), { $id: 'AnalyticsTree' });
const ConsolidationSchema = Type.Object({ ...common, period: PeriodSchema, root: Type.Ref(TreeSchema) });
const LeagueSchema = Type.Object({
  ...common,
  kpi: Type.String(),
  rows: Type.Array(Type.Object({
    rank: Type.Integer(), store: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), city: Type.String() }),
    value: Nullable(Type.Number()), revenue: Money(), attainment: Nullable(Type.Number()),
  })),
});
const CategoryMixSchema = Type.Object({
  ...common,
  rows: Type.Array(Type.Object({ category: Type.String(), revenue: Money(), share: Nullable(Type.Number()), units: Type.Integer(), grossMargin: Money() })),
});
const DrilldownSchema = Type.Object({
  ...common,
  level: Type.String({ description: '`category` or `product`' }),
  coverage: Range,
  rows: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), revenue: Money(), units: Type.Integer(), grossMargin: Money(), share: Nullable(Type.Number()) })),
});

/** Context handed to an answer's computation: a repeatable-read snapshot, the org, the node resolved in scope, settings, period. */
type Compute<T> = (ctx: ReadContext, period: (q: { period?: Grain; date?: string; from?: string; to?: string }) => Period) => Promise<T>;

/**
 * Serves one read: reads the data stamp and the caller's scope, then answers from the cache or
 * computes in one read-only repeatable-read transaction (so every query of the answer sees the same
 * rollup version). Sets `x-analytics-cache: hit|miss`.
 */
async function serve<T extends { dataAsOf: string }>(
  database: Database, cache: AnswerCache, route: string, request: FastifyRequest, reply: FastifyReply, node: string | undefined, compute: Compute<T>,
): Promise<T> {
  const user = request.user as AuthUser;
  const stamp = await readStamp(database.db);
  const scope = await scopeFor(database.db, user);
  const query = request.query as Record<string, unknown>;
  const key = cache.key(route, query, scope, stamp);
  const { value, hit } = await cache.answer<T>(key, stamp, () =>
    database.transaction(async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      const [state] = await rows<{ version: string | number }>(tx, sql`select version from analytics.rollup_state where name = 'sales'`);
      const org = await loadOrg(tx);
      const resolved = resolveNode(org, scope, node ?? 'company');
      const settings = await analyticsSettings(tx);
      const ctx: ReadContext = { db: tx, org, node: resolved, settings, dataAsOf: stamp.dataAsOf };
      const value = await compute(ctx, (q) => resolvePeriod(q, settings.fiscalYearStartMonth));
      return { value, version: Number(state?.version ?? -1) };
    }),
  );
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
  server.get('/api/admin/analytics/kpis', {
    config: { permission },
    schema: {
      summary: 'KPIs of a node over a period against the previous period, last year and target, with like-for-like growth',
      tags, querystring: PeriodQuery, response: { 200: KpisSchema, 400: problem, 404: problem },
    },
  }, async (request, reply) => serve(database, cache, 'kpis', request, reply, request.query.node, (ctx, period) => kpis(ctx, period(request.query as Static<typeof PeriodQuery> & { period?: Grain }))));

  server.get('/api/admin/analytics/kpis/trend', {
    config: { permission },
    schema: {
      summary: 'Revenue of a node per day, ISO week or month, with last year and target per point',
      tags, querystring: TrendQuery, response: { 200: TrendSchema, 400: problem, 404: problem },
    },
  }, async (request, reply) => serve(database, cache, 'trend', request, reply, request.query.node, (ctx) => trend(ctx, { from: request.query.from, to: request.query.to }, request.query.grain ?? 'month')));

  server.get('/api/admin/analytics/consolidation', {
    config: { permission },
    schema: {
      summary: 'The region tree below a node with subtotals (regions then stores); parents equal the sum of their children to the cent',
      tags, querystring: PeriodQuery, response: { 200: ConsolidationSchema, 400: problem, 404: problem },
    },
  }, async (request, reply) => serve(database, cache, 'consolidation', request, reply, request.query.node, (ctx, period) => consolidation(ctx, period(request.query as Static<typeof PeriodQuery> & { period?: Grain }))));

  server.get('/api/admin/analytics/league', {
    config: { permission },
    schema: {
      summary: 'League table of the stores under a node, ranked by a KPI',
      tags, querystring: LeagueQuery, response: { 200: LeagueSchema, 400: problem, 404: problem },
    },
  }, async (request, reply) => serve(database, cache, 'league', request, reply, request.query.node, (ctx, period) =>
    league(ctx, period(request.query as Static<typeof PeriodQuery> & { period?: Grain }), request.query.kpi ?? 'revenue', request.query.order ?? 'desc')));

  server.get('/api/admin/analytics/category-mix', {
    config: { permission },
    schema: {
      summary: 'Revenue, units and gross margin per category under a node, with each category\'s share of revenue',
      tags, querystring: PeriodQuery, response: { 200: CategoryMixSchema, 400: problem, 404: problem },
    },
  }, async (request, reply) => serve(database, cache, 'category-mix', request, reply, request.query.node, (ctx, period) => categoryMix(ctx, period(request.query as Static<typeof PeriodQuery> & { period?: Grain }))));

  server.get('/api/admin/analytics/drilldown', {
    config: { permission },
    schema: {
      summary: 'Inside one store: its categories, or the products of one category',
      tags, querystring: DrilldownQuery, response: { 200: DrilldownSchema, 400: problem, 404: problem },
    },
  }, async (request, reply) => serve(database, cache, 'drilldown', request, reply, request.query.node, (ctx, period) =>
    drilldown(ctx, period(request.query as Static<typeof PeriodQuery> & { period?: Grain }), request.query.category)));
  });
}
