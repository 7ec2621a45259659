import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../platform/db/index.js';
import { pageQueryFields, Pagination } from '../../platform/http/schemas.js';
import type { HttpServer } from '../../platform/http/server.js';
import { CsvUploadBody, csvText, ImportRejectedProblem, RejectedRows } from './analytics.http.js';
import { putUserGrants, userGrants, type UserExists } from './analytics.grants.js';
import {
  analyticsSettings, createRegion, createStore, deleteRegion, getRegion, getStore, importRates, importStores, listRates, listRegions, listStores,
  CODE_PATTERN, MAX_CODE, MAX_NAME, putRates, putSettings, storeMoves, updateRegion, updateStore,
} from './analytics.organisation.js';
import { scopeFor, type Scope } from './analytics.scope.js';

const tags = ['analytics'];
const problem = { $ref: 'Problem#' };
const BASE = '/api/admin/analytics';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ id: Id });
const Code = Type.String({ minLength: 1, maxLength: MAX_CODE, pattern: CODE_PATTERN, description: 'The user\'s stable key: letters, digits, spaces and . _ / & \' ( ) + - (e.g. LDS-01)' });
const Name = Type.String({ minLength: 1, maxLength: MAX_NAME });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. GBP' });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code, e.g. GB' });
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/London' });
const LocalDate = Type.String({ format: 'date', maxLength: 10, description: 'Local calendar date YYYY-MM-DD' });
const Area = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Selling area in whole square metres' });
const Kind = Type.Union([Type.Literal('physical'), Type.Literal('online')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const RegionSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()], { description: 'null for the company' }),
  depth: Type.Integer({ description: '0 for the company, 1 for its regions…' }),
  path: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), { description: 'From the top node the caller sees down to this one (inclusive)' }),
});

const StoreSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Kind,
  regionId: Type.String(),
  city: Type.String(),
  country: Type.String(),
  openedOn: Type.String({ format: 'date' }),
  closedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  sellingAreaM2: Type.Union([Type.Integer(), Type.Null()]),
  currency: Type.String(),
  timeZone: Type.String(),
});

const MoveNode = Type.Object({ id: Type.String(), code: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) });
const MoveSchema = Type.Object({
  id: Type.String(), storeId: Type.String(), from: MoveNode, to: MoveNode,
  actor: Type.Union([Type.String(), Type.Null()], { description: 'User id of who moved it' }),
  movedAt: Type.String({ format: 'date-time' }),
});

const SettingsSchema = Type.Object({
  fiscalYearStartMonth: Type.Integer({ minimum: 1, maximum: 12, description: 'First month of the fiscal year (1 = January)' }),
  reportingCurrency: Type.String({ description: 'ISO 4217 code every consolidated figure is converted to' }),
  syntheticDemo: Type.Boolean({ description: 'True when the sales are the generated chain demo (`npx comptoir demo chain`): the back office labels them synthetic. Read-only.' }),
});
const RateSchema = Type.Object({
  currency: Type.String(),
  reportingCurrency: Type.String(),
  month: Type.String({ description: 'YYYY-MM' }),
  rate: Type.String({ description: 'Units of the reporting currency per unit of `currency`, monthly average (decimal string)' }),
});
const RatesSchema = Type.Object({ reportingCurrency: Type.String(), data: Type.Array(RateSchema) });
const Rejected = RejectedRows();
const StoreImportReport = Type.Object({
  created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), regionsCreated: Type.Integer(), rejected: Rejected,
});
const RateImportReport = Type.Object({
  reportingCurrency: Type.String(), created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), rejected: Rejected,
});
const GrantsSchema = Type.Object({
  userId: Type.String(),
  grants: Type.Array(Type.Object({ kind: Type.Union([Type.Literal('region'), Type.Literal('store')]), id: Type.String(), code: Type.String(), name: Type.String() })),
});

const strict = { additionalProperties: false } as const;
const RegionCreateBody = Type.Object({
  code: Code, name: Name,
  parentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Parent region; default the company (company scope needed)' })),
}, strict);
const RegionPatchBody = Type.Object({
  code: Type.Optional(Code), name: Type.Optional(Name),
  parentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Move below this region (not itself or a descendant)' })),
}, strict);
const storeFields = {
  code: Code, name: Name, kind: Kind, regionId: Id,
  city: Type.String({ maxLength: MAX_NAME }), country: Country, openedOn: LocalDate,
  closedOn: Nullable(LocalDate), sellingAreaM2: Nullable(Area), currency: Currency, timeZone: TimeZone,
};
const StoreCreateBody = Type.Object({
  code: storeFields.code, name: storeFields.name, kind: Type.Optional(Kind), regionId: storeFields.regionId,
  city: Type.Optional(storeFields.city), country: Country, openedOn: LocalDate,
  closedOn: Type.Optional(storeFields.closedOn), sellingAreaM2: Type.Optional(storeFields.sellingAreaM2),
  currency: Currency, timeZone: TimeZone,
}, strict);
const StorePatchBody = Type.Partial(Type.Object(storeFields), strict);
const SettingsBody = Type.Object({
  fiscalYearStartMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
  reportingCurrency: Type.Optional(Currency),
}, strict);
const RatesBody = Type.Object({
  rates: Type.Array(Type.Object({
    currency: Currency,
    month: Type.String({ minLength: 7, maxLength: 7, description: 'YYYY-MM' }),
    rate: Type.String({ maxLength: 21, pattern: '^[0-9]{1,10}(\\.[0-9]{1,10})?$', description: 'Decimal string above 0, e.g. 0.9123' }),
  }, strict), { minItems: 1, maxItems: 1000 }),
}, strict);
const GrantsBody = Type.Object({
  grants: Type.Array(Type.Object({ kind: Type.Union([Type.Literal('region'), Type.Literal('store')]), id: Id }, strict), { maxItems: 1000 }),
}, strict);

/** What the organisation routes need. */
export interface OrganisationRouteDeps {
  database: Database;
  /** Whether identity knows a user id (its contract's `getUser`). */
  userExists: UserExists;
}

/**
 * Registers the organisation routes under `/api/admin/analytics`: regions, stores and their
 * moves, store CSV import, settings, exchange rates (and their CSV import), users' access
 * grants. Reads need `analytics:read`, writes `analytics:write`; every node is filtered by the
 * caller's scope (`scopeFor`): one outside it answers 404 exactly like an unknown one. The CSV
 * routes take `text/csv` (parsed in this encapsulated scope only) or multipart field `file`.
 */
export async function organisationRoutes(server: HttpServer, deps: OrganisationRouteDeps): Promise<void> {
  const { database, userExists } = deps;
  const db = database.db;
  const scopeOf = (request: FastifyRequest): Promise<Scope> => scopeFor(db, request.user!);
  const actor = (request: FastifyRequest) => request.user?.id ?? null;
  const Region = RegionSchema;
  const Store = StoreSchema;

  await server.register(async (plugin) => {
    const s = plugin.withTypeProvider<TypeBoxTypeProvider>();
    if (!s.hasContentTypeParser('text/csv')) s.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    // ------------------------------------------------------------------ regions
    s.get(`${BASE}/regions`, {
      config: { permission: 'analytics:read' },
      schema: {
        summary: 'The regions the caller sees, in tree order (depth-first, siblings by name) with depth and path',
        tags, response: { 200: Type.Object({ data: Type.Array(Region) }) },
      },
    }, async (request) => ({ data: await listRegions(db, await scopeOf(request)) }));

    s.post(`${BASE}/regions`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Create a region below a region the caller sees (default: below the company, company scope only)',
        tags, body: RegionCreateBody, response: { 201: Region, 400: problem, 404: problem, 409: problem },
      },
    }, async (request, reply) => reply.status(201).send(await createRegion(database, await scopeOf(request), request.body)));

    s.get(`${BASE}/regions/:id`, {
      config: { permission: 'analytics:read' },
      schema: { summary: 'One region (404 when unknown or outside the caller\'s scope)', tags, params: IdParams, response: { 200: Region, 404: problem } },
    }, async (request) => getRegion(db, await scopeOf(request), request.params.id));

    s.patch(`${BASE}/regions/:id`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Rename, recode or move a region (parentId); moving it below itself or a descendant answers 409 ANALYTICS.REGION_CYCLE',
        tags, params: IdParams, body: RegionPatchBody, response: { 200: Region, 400: problem, 404: problem, 409: problem },
      },
    }, async (request) => updateRegion(database, await scopeOf(request), request.params.id, request.body));

    s.delete(`${BASE}/regions/:id`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Delete an empty region (no sub-region, store, store-move history or target; else 409 ANALYTICS.REGION_NOT_EMPTY)',
        tags, params: IdParams, response: { 204: Type.Null(), 404: problem, 409: problem },
      },
    }, async (request, reply) => {
      await deleteRegion(database, await scopeOf(request), request.params.id);
      return reply.status(204).send(null);
    });

    // ------------------------------------------------------------------ stores
    s.get(`${BASE}/stores`, {
      config: { permission: 'analytics:read' },
      schema: {
        summary: 'The stores the caller sees, by code; filter by region subtree, kind, text (code, name, city) and open/closed',
        tags,
        querystring: Type.Object({
          regionId: Type.Optional(Id),
          kind: Type.Optional(Kind),
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          includeClosed: Type.Boolean({ default: true, description: 'Include stores closed before today' }),
          ...pageQueryFields({ defaultLimit: 100 }),
        }),
        response: { 200: Type.Object({ data: Type.Array(Store), pagination: Pagination }), 400: problem, 404: problem },
      },
    }, async (request) => listStores(db, await scopeOf(request), request.query));

    s.post(`${BASE}/stores`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Create a store in a region the caller sees (kind default physical)',
        description: 'Country ISO 3166-1 alpha-2, currency ISO 4217, time zone IANA, closedOn ≥ openedOn, sellingAreaM2 > 0: else 400 with field errors.',
        tags, body: StoreCreateBody, response: { 201: Store, 400: problem, 404: problem, 409: problem },
      },
    }, async (request, reply) => {
      const b = request.body;
      const created = await createStore(database, await scopeOf(request), {
        code: b.code, name: b.name, kind: b.kind ?? 'physical', regionId: b.regionId, city: b.city ?? '', country: b.country,
        openedOn: b.openedOn, closedOn: b.closedOn ?? null, sellingAreaM2: b.sellingAreaM2 ?? null, currency: b.currency, timeZone: b.timeZone,
      });
      return reply.status(201).send(created);
    });

    s.get(`${BASE}/stores/:id`, {
      config: { permission: 'analytics:read' },
      schema: { summary: 'One store (404 when unknown or outside the caller\'s scope)', tags, params: IdParams, response: { 200: Store, 404: problem } },
    }, async (request) => getStore(db, await scopeOf(request), request.params.id));

    s.patch(`${BASE}/stores/:id`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Change a store; a new regionId moves it (recorded in its moves; reports follow the current tree). Closing = closedOn',
        tags, params: IdParams, body: StorePatchBody, response: { 200: Store, 400: problem, 404: problem, 409: problem },
      },
    }, async (request) => updateStore(database, await scopeOf(request), request.params.id, request.body, actor(request)));

    s.get(`${BASE}/stores/:id/moves`, {
      config: { permission: 'analytics:read' },
      schema: { summary: 'The recorded moves of a store between regions, newest first', tags, params: IdParams, response: { 200: Type.Object({ data: Type.Array(MoveSchema) }), 404: problem } },
    }, async (request) => ({ data: await storeMoves(db, await scopeOf(request), request.params.id) }));

    s.post(`${BASE}/stores/import`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Import stores from CSV (text/csv body or multipart field `file`), all or nothing, upsert by code',
        description: 'Columns `code,name,kind,region_code,city,country,opened_on,closed_on,selling_area_m2,currency,time_zone` (header required; ' +
          'dates YYYY-MM-DD only, so none is ambiguous; an empty kind is physical; empty closed_on and selling_area_m2 are none). ' +
          'Any rejected row answers 422 ANALYTICS.IMPORT_REJECTED with the report (`report.rejected[]`: line, code, reason; the reason names the store code) and writes nothing. ' +
          'Re-importing the same file changes nothing. `createMissingRegions=true` (company scope) creates unknown region codes below the company.',
        tags, body: CsvUploadBody('text/csv'),
        querystring: Type.Object({ createMissingRegions: Type.Boolean({ default: false }) }),
        response: { 200: StoreImportReport, 400: problem, 413: problem, 415: problem, 422: ImportRejectedProblem(StoreImportReport) },
      },
    }, async (request) => importStores(database, await scopeOf(request), await csvText(request), { createMissingRegions: request.query.createMissingRegions }, actor(request)));

    // ------------------------------------------------------------------ settings and rates
    s.get(`${BASE}/settings`, {
      config: { permission: 'analytics:read' },
      schema: { summary: 'Fiscal year start month and reporting currency', tags, response: { 200: SettingsSchema } },
    }, async () => analyticsSettings(db));

    s.put(`${BASE}/settings`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Change the settings (absent fields kept; company scope only)',
        tags, body: SettingsBody, response: { 200: SettingsSchema, 400: problem, 404: problem },
      },
    }, async (request) => putSettings(database, await scopeOf(request), request.body));

    s.get(`${BASE}/exchange-rates`, {
      config: { permission: 'analytics:read' },
      schema: {
        summary: 'Monthly average exchange rates to the reporting currency, by currency and month',
        tags,
        querystring: Type.Object({ currency: Type.Optional(Currency), year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 9999, description: 'Calendar year' })) }),
        response: { 200: RatesSchema, 400: problem },
      },
    }, async (request) => listRates(db, request.query));

    s.put(`${BASE}/exchange-rates`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Record monthly rates to the current reporting currency (upsert by currency and month; company scope only)',
        tags, body: RatesBody, response: { 200: RatesSchema, 400: problem, 404: problem },
      },
    }, async (request) => putRates(database, await scopeOf(request), request.body.rates));

    s.post(`${BASE}/exchange-rates/import`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Import monthly rates from CSV `currency,month,rate` (text/csv or multipart field `file`), all or nothing',
        description: 'Any rejected row answers 422 ANALYTICS.IMPORT_REJECTED with the report (`report.rejected[]`: line, code, reason) and writes nothing; re-importing the same file changes nothing.',
        tags, body: CsvUploadBody('text/csv'),
        response: { 200: RateImportReport, 400: problem, 404: problem, 413: problem, 415: problem, 422: ImportRejectedProblem(RateImportReport) },
      },
    }, async (request) => importRates(database, await scopeOf(request), await csvText(request)));

    // ------------------------------------------------------------------ grants
    s.get(`${BASE}/users/:userId/grants`, {
      config: { permission: 'analytics:read' },
      schema: {
        summary: 'A user\'s access grants on the nodes the caller sees (regions: their subtree; stores: that store); changing them needs analytics:write',
        tags, params: Type.Object({ userId: Id }), response: { 200: GrantsSchema, 404: problem },
      },
    }, async (request) => userGrants(db, await scopeOf(request), request.params.userId, userExists));

    s.put(`${BASE}/users/:userId/grants`, {
      config: { permission: 'analytics:write' },
      schema: {
        summary: 'Replace a user\'s grants on the nodes the caller sees (each granted node must be in the caller\'s scope, else 404)',
        tags, params: Type.Object({ userId: Id }), body: GrantsBody, response: { 200: GrantsSchema, 400: problem, 404: problem },
      },
    }, async (request) => putUserGrants(database, await scopeOf(request), request.params.userId, request.body.grants, userExists));
  });
}
