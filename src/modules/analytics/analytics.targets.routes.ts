import { Type } from '@sinclair/typebox';
import type { AuthUser } from '../../platform/auth.js';
import { Pagination, pageQueryFields } from '../../platform/http/schemas.js';
import type { HttpServer } from '../../platform/http/server.js';
import { CsvUploadBody, csvText, ImportRejectedProblem, RejectedRows } from './analytics.http.js';
import type { TargetsService } from './analytics.targets.js';

const tags = ['analytics'];
const problem = { $ref: 'Problem#' };
const Metric = Type.Union([Type.Literal('revenue'), Type.Literal('gross_margin'), Type.Literal('units')], { description: 'revenue and gross_margin in minor units, units in units' });
const Year = Type.Integer({ minimum: 1900, maximum: 2999, description: 'Fiscal year, named by the calendar year it starts in' });
const Node = Type.String({ minLength: 1, maxLength: 64, default: 'company', description: '`company`, a region id (`reg_…`) or a store id (`sto_…`)' });
const Amount = Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER });

const TargetSchema = Type.Object(
  {
    id: Type.String(),
    level: Type.Union([Type.Literal('store'), Type.Literal('region')]),
    nodeId: Type.String(),
    nodeCode: Type.String(),
    fiscalYear: Type.Integer(),
    metric: Metric,
    category: Type.Union([Type.String(), Type.Null()], { description: 'null = all categories' }),
    amount: Amount,
    currency: Type.Union([Type.String(), Type.Null()], { description: 'ISO 4217; null for units' }),
    phasing: Type.Array(Type.Number(), { minItems: 12, maxItems: 12, description: 'Percentages (2 decimals, sum 100), month 1 = first fiscal month' }),
    months: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), amount: Amount }), { description: 'Phased amounts in fiscal order; they sum to amount' }),
  },
  { description: 'A target (inline, not a shared $id: adding a schema to the root makes Fastify rebuild other plugins\' validators)' },
);

const TargetBody = Type.Object(
  {
    level: Type.Union([Type.Literal('store'), Type.Literal('region')], { description: '`region` with the company region id (or the word `company`) sets the company target' }),
    nodeId: Type.String({ minLength: 1, maxLength: 64, description: 'A store id for `store`; a region id or `company` for `region`' }),
    fiscalYear: Year,
    metric: Metric,
    category: Type.Optional(Type.String({ maxLength: 200, description: 'One category; absent or empty = all categories' })),
    amount: Amount,
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'Default: the store\'s currency, or the reporting currency for a region' })),
    phasing: Type.Optional(Type.Union([
      Type.Array(Type.Number({ minimum: 0, maximum: 100 }), { minItems: 12, maxItems: 12, description: '12 percentages (up to 2 decimals) summing to 100; month 1 = first fiscal month' }),
      Type.Literal('even'),
      Type.Literal('last-year'),
    ], { default: 'even' })),
  },
  { additionalProperties: false },
);

const ImportReport = Type.Object({
  targets: Type.Integer({ description: 'Targets created or replaced' }),
  rejected: RejectedRows('Always empty on a 200 (a file with rejected rows answers 422 with them)'),
});

const user = (request: { user: AuthUser | null }) => request.user as AuthUser;

/**
 * Registers the targets routes under `/api/admin/analytics/targets` (writes need `targets:write`,
 * reads `analytics:read`; every node is checked against the caller's scope, a node outside it is
 * answered 404 like an unknown one). The CSV import accepts `text/csv` or a multipart field `file`.
 */
export async function targetsRoutes(server: HttpServer, service: TargetsService): Promise<void> {
  server.put('/api/admin/analytics/targets', {
    config: { permission: 'targets:write' },
    schema: {
      summary: 'Set (create or replace) the target of a store or region for a fiscal year, metric and category, phased by month',
      description: 'Phasing: 12 percentages summing to 100 (409 ANALYTICS.TARGET_PHASING_INVALID otherwise, naming the node and year; nothing written), `even` (default) or `last-year` (the node\'s monthly share of net revenue in the previous fiscal year; 409 ANALYTICS.NO_LAST_YEAR_SALES when it had none). Monthly amounts are split by largest remainder so they sum to `amount`.',
      tags, body: TargetBody, response: { 200: TargetSchema, 400: problem, 404: problem, 409: problem },
    },
  }, async (request) => service.put(user(request), request.body));

  server.get('/api/admin/analytics/targets', {
    config: { permission: 'analytics:read' },
    schema: {
      summary: 'Targets set at a node and below it (within the caller\'s scope), region targets first',
      tags,
      querystring: Type.Object({ node: Node, year: Type.Optional(Year), metric: Type.Optional(Metric), ...pageQueryFields({ defaultLimit: 100 }) }),
      response: { 200: Type.Object({ data: Type.Array(TargetSchema), pagination: Pagination }), 400: problem, 404: problem },
    },
  }, async (request) => service.list(user(request), request.query));

  server.get('/api/admin/analytics/targets/summary', {
    config: { permission: 'analytics:read' },
    schema: {
      summary: 'Top-down target set at a node against the bottom-up sum of its stores\' targets, and the gap, per fiscal year and month',
      tags,
      querystring: Type.Object({ node: Node, year: Year, metric: Type.Optional(Metric), category: Type.Optional(Type.String({ maxLength: 200 })) }),
      response: {
        200: Type.Object({
          node: Type.Object({ kind: Type.Union([Type.Literal('company'), Type.Literal('region'), Type.Literal('store')]), id: Type.String(), code: Type.String(), name: Type.String() }),
          fiscalYear: Type.Integer(),
          metric: Metric,
          currency: Type.Union([Type.String(), Type.Null()]),
          set: Type.Union([Amount, Type.Null()], { description: 'Target set at the node; null when none' }),
          stores: Amount,
          gap: Type.Union([Amount, Type.Null()], { description: 'set − stores; null when nothing is set at the node' }),
          months: Type.Array(Type.Object({ month: Type.String({ description: 'YYYY-MM' }), set: Type.Union([Amount, Type.Null()]), stores: Amount })),
        }),
        400: problem, 404: problem, 409: problem,
      },
    },
  }, async (request) => service.summary(user(request), { ...request.query, metric: request.query.metric ?? 'revenue' }));

  server.delete('/api/admin/analytics/targets/:id', {
    config: { permission: 'targets:write' },
    schema: { summary: 'Delete a target and its months', tags, params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 204: Type.Null(), 404: problem } },
  }, async (request, reply) => {
    await service.delete(user(request), request.params.id);
    return reply.status(204).send(null);
  });

  // The CSV import reads text/csv bodies: a parser for this route only (an encapsulated scope).
  await server.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/api/admin/analytics/targets/import', {
      config: { permission: 'targets:write' },
      schema: {
        summary: 'Import targets from CSV (text/csv body or multipart field `file`), all or nothing',
        description: 'Columns: `store_code, year, month (optional, calendar month 1–12 within fiscal year `year`), amount, percent (optional, instead of a month\'s amount), metric (optional, default revenue), category (optional)`. A row without a month is a yearly amount phased evenly; 12 monthly rows of a store/year/metric/category give its months (with a yearly row, they must sum to it, or their percentages to 100). Rejected rows → 422 ANALYTICS.IMPORT_REJECTED whose `report` is `{ targets: 0, rejected: [{ line, code, reason }] }`; an unreadable file or a missing column → 400 ANALYTICS.CSV_INVALID; missing months or percentages not summing to 100 → 409 ANALYTICS.TARGET_PHASING_INVALID naming the store and year. Nothing is written unless the whole file is accepted; re-importing replaces the same targets.',
        tags, body: CsvUploadBody('text/csv', 'text/plain'),
        response: { 200: ImportReport, 400: problem, 409: problem, 413: problem, 415: problem, 422: ImportRejectedProblem(ImportReport) },
      },
    }, async (request) => service.import(user(request), await csvText(request)));
  });
}
