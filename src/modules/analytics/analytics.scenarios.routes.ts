import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import type { AuthUser } from '../../platform/auth.js';
import { Pagination, pageQueryFields } from '../../platform/http/schemas.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { ScenarioDefinition, ScenariosService } from './analytics.scenarios.js';

const tags = ['analytics'];
const problem = { $ref: 'Problem#' };
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const LocalDate = (description: string) => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description });
const NodeId = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description });
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Scenario id (`scn_…`)' });
const Pct = (description: string) => Type.Number({ minimum: -100, maximum: 1000, description: `${description}, in percent (−100 to 1000, taken to the hundredth)` });
const Money = (description = 'Minor units of the reporting currency') => Type.Integer({ description });

const definitionFields = {
  period: Type.Optional(Type.Union(['day', 'week', 'month', 'quarter', 'year', 'custom'].map((g) => Type.Literal(g)), {
    description: 'Base period grain, as /kpis: `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month',
  })),
  date: Type.Optional(LocalDate('Any local date inside the period (default today, UTC)')),
  from: Type.Optional(LocalDate('First day of a custom period (inclusive)')),
  to: Type.Optional(LocalDate('Last day of a custom period (inclusive)')),
  scope: Type.Optional(Type.Object({
    regionIds: Type.Optional(Type.Array(NodeId('A region id (`reg_…`) or `company`'), { maxItems: 50, description: 'Regions (their subtrees)' })),
    storeIds: Type.Optional(Type.Array(NodeId('A store id (`sto_…`)'), { maxItems: 500, description: 'Stores' })),
    categories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, description: 'Only lines of these categories (at the time of sale)' })),
    skus: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200, description: 'Only lines of these SKUs (figures by whole months)' })),
  }, { additionalProperties: false, description: 'No regions and no stores = the company; else the union of the regions\' subtrees and the stores. Every node must be in your scope (404 otherwise).' })),
  drivers: Type.Object({
    pricePct: Type.Optional(Pct('Price change (revenue per unit)')),
    unitCostPct: Type.Optional(Pct('Unit cost change')),
    volumePct: Type.Optional(Pct('Volume change (instead of an elasticity)')),
    elasticity: Type.Optional(Type.Number({ minimum: -10, maximum: 10, description: 'Volume % = elasticity × price % (default −1.0 when no volumePct); taken to the hundredth' })),
    targetPct: Type.Optional(Pct('Revenue target change')),
    closings: Type.Optional(Type.Array(Type.Object({
      storeId: NodeId('A store of the scenario'),
      from: LocalDate('First day closed: the store\'s figures from this day are removed'),
    }, { additionalProperties: false }), { maxItems: 50 })),
    openings: Type.Optional(Type.Array(Type.Object({
      regionId: NodeId('The region of the new store (within the scenario)'),
      comparableStoreId: NodeId('A store in your scope whose figures model the new one'),
      from: LocalDate('Opening day: the new store sells like the comparable store from this day'),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    }, { additionalProperties: false }), { maxItems: 20 })),
  }, { additionalProperties: false }),
};
const DefinitionBody = Type.Object(definitionFields, { additionalProperties: false });
const SavedBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 120, description: 'Shown trimmed; a blank name answers 400' }), ...definitionFields }, { additionalProperties: false });

const MeasuresSchema = Type.Object({
  revenue: Money(), cost: Money('Cost of goods of the lines with a known cost (minor units)'), costedRevenue: Money('Revenue of the lines with a known cost'),
  grossMargin: Money(), marginRate: Nullable(Type.Number({ description: 'grossMargin ÷ costedRevenue (0.377 = 37.7 %)' })), units: Type.Integer(),
  target: Nullable(Money('Revenue target')), attainment: Nullable(Type.Number()),
});
const BridgeSchema = Type.Object({ closings: Money(), volume: Money(), price: Money(), cost: Money(), openings: Money() }, { description: 'Gross-margin change by driver; a parent\'s steps are the sums of its children\'s' });
const PvmSchema = Type.Object({
  volume: Money('Unit change at the baseline\'s average gross margin per unit: GM·U′/U − GM'), mix: Money('GM at scenario volume and baseline prices, less the baseline GM and the volume step: stores gained or lost against the average'),
  price: Money('K′ − K at scenario volume (costed revenue)'), cost: Money('C at scenario volume − C′ (a cost rise is negative)'),
}, { description: 'Price–volume–mix decomposition of this node\'s gross-margin change (volume and mix from this node\'s own averages)' });
const NodeSchema = Type.Recursive((Self) => Type.Object({
  kind: Type.String(), id: Type.String({ description: 'Region or store id; `new_<n>` for an opened store' }), name: Type.String(),
  opening: Nullable(Type.Object({ comparableStoreId: Type.String(), from: Type.String() })), closedFrom: Nullable(Type.String()),
  baseline: MeasuresSchema, scenario: MeasuresSchema, bridge: BridgeSchema, pvm: PvmSchema, children: Type.Array(Self),
}), { $id: 'AnalyticsScenarioNode' });
const RateSchema = Type.Object({ currency: Type.String(), month: Type.String(), rate: Type.Number() });
const MissingRateSchema = Type.Object({ storeId: Type.String(), storeCode: Type.String(), currency: Type.String(), month: Type.String() });
const simulationFields = {
  currency: Type.String({ description: 'Reporting currency (ISO 4217)' }),
  dataAsOf: Type.String(),
  period: Type.Object({ grain: Type.String(), from: Type.String(), to: Type.String(), label: Type.String() }),
  coverage: Type.Object({ from: Type.String(), to: Type.String() }, { description: 'Dates the figures cover (whole months with a SKU filter)' }),
  drivers: Type.Object({ pricePct: Type.Number(), unitCostPct: Type.Number(), volumePct: Type.Number(), elasticity: Nullable(Type.Number()), targetPct: Type.Number() }),
  filter: Type.Object({ categories: Type.Array(Type.String()), skus: Type.Array(Type.String()) }),
  formulas: Type.String(),
  root: Type.Ref(NodeSchema),
  bridge: Type.Array(Type.Object({ step: Type.String(), value: Money() }), { description: 'By driver: baseline, closings, volume, price, cost, openings, scenario (gross margin)' }),
  pvmBridge: Type.Array(Type.Object({ step: Type.String(), value: Money() }), { description: 'Price–volume–mix: baseline, volume, mix, price, cost, scenario (gross margin)' }),
  exchangeRates: Type.Array(RateSchema),
  missingRates: Type.Array(MissingRateSchema, { description: 'Store-months left out for want of an exchange rate' }),
};
const SimulationSchema = Type.Object(simulationFields);
const RunSchema = Type.Object({ scenario: Type.Object({ id: Type.String(), name: Type.String() }), ...simulationFields });
const SavedSchema = Type.Object({
  id: Type.String(), name: Type.String(), authorId: Type.String({ description: 'User id of the author' }),
  createdAt: Type.String(), updatedAt: Type.String(), definition: Type.Unknown({ description: 'The simulate body: period, scope, drivers' }),
});
const IdParams = Type.Object({ id: Id });

const user = (request: { user: AuthUser | null }) => request.user as AuthUser;

/**
 * Registers the what-if routes under `/api/admin/analytics/scenarios`: `POST /simulate`,
 * `POST /{id}/run` and `POST /compare` and the reads need `analytics:read`; saving, updating,
 * duplicating and deleting need `scenarios:write`. The caller's analytics scope applies to every
 * one: a node outside it is unknown (404 ANALYTICS.NODE_NOT_FOUND), a saved scenario naming one
 * is invisible (404 ANALYTICS.SCENARIO_NOT_FOUND). Figures come from the rollups only.
 */
export async function scenariosRoutes(root: HttpServer, service: ScenariosService): Promise<void> {
  await root.register(async (plugin) => {
    const server = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // The recursive tree schema is added in this plugin only (the platform's strict validator is
    // built for this scope with it: see buildHttpServer).
    server.addSchema(NodeSchema);
    const read = { permission: 'analytics:read' };
    const write = { permission: 'scenarios:write' };

    server.post('/api/admin/analytics/scenarios/simulate', {
      config: read,
      schema: {
        summary: 'Simulate drivers on a period and scope: baseline vs scenario per node (company → region → store) and the margin bridges',
        description: 'Revenue′ = revenue·(1+p)(1+v), cost′ = cost·(1+c)(1+v), from the rollups (never the sale lines); integer minor units of the reporting currency; a parent is the sum of its children. 400 ANALYTICS.INVALID for incoherent drivers (volumePct and elasticity together, a volume below −100 %, a closing or opening after the period or outside the scenario); 404 ANALYTICS.NODE_NOT_FOUND for a node unknown or outside your scope. The baseline (period, scope, closings, openings) is cached per data version: `x-analytics-cache: hit|miss`.',
        tags, body: DefinitionBody, response: { 200: SimulationSchema, 400: problem, 404: problem },
      },
    }, async (request, reply) => {
      const { answer, hit } = await service.simulateCached(user(request), request.body as ScenarioDefinition);
      void reply.header('x-analytics-cache', hit ? 'hit' : 'miss');
      return answer;
    });

    server.post('/api/admin/analytics/scenarios/compare', {
      config: read,
      schema: {
        summary: 'Run 2 or 3 saved scenarios side by side',
        tags, body: Type.Object({ ids: Type.Array(Id, { minItems: 2, maxItems: 3 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ scenarios: Type.Array(RunSchema) }), 400: problem, 404: problem },
      },
    }, async (request) => service.compare(user(request), request.body.ids));

    server.get('/api/admin/analytics/scenarios', {
      config: read,
      schema: {
        summary: 'Saved scenarios you can see (every node they name is in your scope), latest update first',
        tags, querystring: Type.Object(pageQueryFields(), { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(SavedSchema), pagination: Pagination }), 400: problem },
      },
    }, async (request) => service.list(user(request), request.query));

    server.post('/api/admin/analytics/scenarios', {
      config: write,
      schema: { summary: 'Save a scenario (checked against your scope first; nothing saved on error)', tags, body: SavedBody, response: { 201: SavedSchema, 400: problem, 404: problem } },
    }, async (request, reply) => reply.status(201).send(await service.create(user(request), request.body as ScenarioDefinition & { name: string })));

    server.get('/api/admin/analytics/scenarios/:id', {
      config: read,
      schema: { summary: 'One saved scenario', tags, params: IdParams, response: { 200: SavedSchema, 400: problem, 404: problem } },
    }, async (request) => service.get(user(request), request.params.id));

    server.put('/api/admin/analytics/scenarios/:id', {
      config: write,
      schema: { summary: 'Replace a saved scenario\'s name and definition', tags, params: IdParams, body: SavedBody, response: { 200: SavedSchema, 400: problem, 404: problem } },
    }, async (request) => service.update(user(request), request.params.id, request.body as ScenarioDefinition & { name: string }));

    server.post('/api/admin/analytics/scenarios/:id/duplicate', {
      config: write,
      schema: { summary: 'Copy a saved scenario as "<name> (copy)", authored by you', tags, params: IdParams, response: { 201: SavedSchema, 400: problem, 404: problem } },
    }, async (request, reply) => reply.status(201).send(await service.duplicate(user(request), request.params.id)));

    server.delete('/api/admin/analytics/scenarios/:id', {
      config: write,
      schema: { summary: 'Delete a saved scenario', tags, params: IdParams, response: { 204: Type.Null(), 400: problem, 404: problem } },
    }, async (request, reply) => {
      await service.delete(user(request), request.params.id);
      return reply.status(204).send(null);
    });

    server.post('/api/admin/analytics/scenarios/:id/run', {
      config: read,
      schema: { summary: 'Simulate a saved scenario', tags, params: IdParams, response: { 200: RunSchema, 400: problem, 404: problem } },
    }, async (request) => service.run(user(request), request.params.id));
  });
}
