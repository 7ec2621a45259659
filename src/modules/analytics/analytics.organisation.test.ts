/**
 * The organisation over HTTP: the region tree (create, rename, move, cycle refused, delete only
 * when empty), stores (validation, moves recorded), the store CSV import (report, all or
 * nothing, idempotent re-import), settings, exchange rates, access grants, and scope: each
 * user sees and edits exactly their subtree; a node outside it answers like an unknown one.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { ensureOrganisation, onlineStore } from './analytics.organisation.js';

const BASE = '/api/admin/analytics';
/** A JSON answer, read loosely: each test asserts the shape it relies on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
let app: TestApp;
let admin: string;

/** The user id (`sub`) inside an access token. */
const userIdOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

async function call(token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const res = await app.inject({ method, url: `${BASE}${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: res.body ? (res.json() as Body) : {}, type: String(res.headers['content-type'] ?? '') };
}

async function csv(token: string, url: string, text: string) {
  const res = await app.inject({ method: 'POST', url: `${BASE}${url}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: text });
  return { status: res.statusCode, body: res.json() as Body, type: String(res.headers['content-type'] ?? '') };
}

async function count(table: string): Promise<number> {
  const [row] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from ${sql.raw(table)}`);
  return row!.n;
}

/** Every row of the organisation tables, to prove a refused request wrote nothing. */
async function snapshot() {
  const db = app.database.db;
  return {
    regions: await rows(db, sql`select id, parent_id, code, name, updated_at from analytics.region order by id`),
    stores: await rows(db, sql`select * from analytics.store order by id`),
    moves: await rows(db, sql`select * from analytics.store_move order by id`),
    grants: await rows(db, sql`select user_id, node_kind, node_id from analytics.access_grant order by id`),
    settings: await rows(db, sql`select key, value from analytics.setting order by key`),
    rates: await rows(db, sql`select currency, reporting_currency, month, rate from analytics.exchange_rate order by 1, 2, 3`),
  };
}

const storeBody = (code: string, regionId: string, extra: Record<string, unknown> = {}) => ({
  code, name: `Store ${code}`, regionId, city: 'Leeds', country: 'GB', openedOn: '2020-03-01', currency: 'GBP', timeZone: 'Europe/London', sellingAreaM2: 120, ...extra,
});

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
});
afterAll(() => app?.close());

describe('first start', () => {
  it('creates the company and the web shop once, however often it runs', async () => {
    await ensureOrganisation(app.database.db);
    await ensureOrganisation(app.database.db);
    const regions = await call(admin, 'GET', '/regions');
    expect(regions.status).toBe(200);
    expect(regions.body.data).toEqual([expect.objectContaining({ code: 'COMPANY', name: 'Company', parentId: null, depth: 0 })]);
    const company = regions.body.data[0];
    expect(company.path).toEqual([{ id: company.id, name: 'Company' }]);
    const stores = await call(admin, 'GET', '/stores');
    expect(stores.body.data).toEqual([expect.objectContaining({
      code: 'WEB', name: 'Web shop', kind: 'online', regionId: company.id, currency: 'GBP', timeZone: 'Europe/London', country: 'GB',
      openedOn: new Date().toISOString().slice(0, 10), closedOn: null,
    })]);
    expect(await onlineStore(app.database.db)).toEqual({ id: stores.body.data[0].id, currency: 'GBP', timeZone: 'Europe/London' });
    expect(await app.analytics.onlineStore()).toEqual({ id: stores.body.data[0].id, currency: 'GBP', timeZone: 'Europe/London' });
    // Editable later, and still the web shop after another start.
    const edited = await call(admin, 'PATCH', `/stores/${stores.body.data[0].id}`, { currency: 'EUR', name: 'Boutique en ligne' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    await ensureOrganisation(app.database.db);
    expect(await onlineStore(app.database.db)).toEqual({ id: stores.body.data[0].id, currency: 'EUR', timeZone: 'Europe/London' });
    expect(await count('analytics.store')).toBe(1);
    await call(admin, 'PATCH', `/stores/${stores.body.data[0].id}`, { currency: 'GBP', name: 'Web shop' });
  });
});

describe('region tree', () => {
  let company: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    company = (await call(admin, 'GET', '/regions')).body.data[0].id;
  });

  it('creates regions at any depth and lists them in tree order with depth and path', async () => {
    for (const [code, name, parent] of [['T-NORTH', 'North', null], ['T-SOUTH', 'South', null], ['T-NE', 'North East', 'T-NORTH'], ['T-NW', 'North West', 'T-NORTH'], ['T-TYNE', 'Tyneside', 'T-NE']] as const) {
      const res = await call(admin, 'POST', '/regions', { code, name, ...(parent ? { parentId: ids[parent] } : {}) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[code] = res.body.id;
    }
    const list = (await call(admin, 'GET', '/regions')).body.data as { code: string; depth: number; parentId: string; path: { name: string }[] }[];
    expect(list.map((r) => `${r.depth}:${r.code}`)).toEqual(['0:COMPANY', '1:T-NORTH', '2:T-NE', '3:T-TYNE', '2:T-NW', '1:T-SOUTH']);
    expect(list.find((r) => r.code === 'T-TYNE')!.path.map((p) => p.name)).toEqual(['Company', 'North', 'North East', 'Tyneside']);
    expect(list.find((r) => r.code === 'T-NE')!.parentId).toBe(ids['T-NORTH']);
    const one = await call(admin, 'GET', `/regions/${ids['T-NE']}`);
    expect(one.body).toMatchObject({ code: 'T-NE', depth: 2, parentId: ids['T-NORTH'] });
  });

  it('refuses a duplicate code with 409', async () => {
    const res = await call(admin, 'POST', '/regions', { code: 'T-NORTH', name: 'Again' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ANALYTICS.REGION_CODE_TAKEN');
    expect(res.type).toMatch(/application\/problem\+json/);
  });

  it('renames and moves a region', async () => {
    const renamed = await call(admin, 'PATCH', `/regions/${ids['T-NW']}`, { name: 'North-West' });
    expect(renamed.body).toMatchObject({ name: 'North-West', parentId: ids['T-NORTH'] });
    const moved = await call(admin, 'PATCH', `/regions/${ids['T-NW']}`, { parentId: ids['T-SOUTH'] });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: ids['T-SOUTH'], depth: 2, path: [{ name: 'Company' }, { name: 'South' }, { name: 'North-West' }] });
    const back = await call(admin, 'PATCH', `/regions/${ids['T-NW']}`, { parentId: ids['T-NORTH'] });
    expect(back.body.parentId).toBe(ids['T-NORTH']);
  });

  it('refuses to move a region below itself or a descendant (409 REGION_CYCLE), writing nothing', async () => {
    const before = await snapshot();
    for (const target of [ids['T-NORTH'], ids['T-NE'], ids['T-TYNE']]) {
      const res = await call(admin, 'PATCH', `/regions/${ids['T-NORTH']}`, { parentId: target, name: 'Renamed in a refused request' });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.code).toBe('ANALYTICS.REGION_CYCLE');
      expect(res.type).toMatch(/application\/problem\+json/);
    }
    const root = await call(admin, 'PATCH', `/regions/${company}`, { parentId: ids['T-SOUTH'] });
    expect([root.status, root.body.code]).toEqual([409, 'ANALYTICS.COMPANY_ROOT']);
    expect(await snapshot()).toEqual(before);
  });

  it('deletes only an empty region: a child or a store → 409, an empty one → 204', async () => {
    const withChild = await call(admin, 'DELETE', `/regions/${ids['T-NE']}`);
    expect([withChild.status, withChild.body.code]).toEqual([409, 'ANALYTICS.REGION_NOT_EMPTY']);
    const shop = await call(admin, 'POST', '/stores', storeBody('T-DEL-1', ids['T-TYNE']!));
    expect(shop.status, JSON.stringify(shop.body)).toBe(201);
    const withStore = await call(admin, 'DELETE', `/regions/${ids['T-TYNE']}`);
    expect([withStore.status, withStore.body.code]).toEqual([409, 'ANALYTICS.REGION_NOT_EMPTY']);
    expect(withStore.body.holds).toMatchObject({ stores: 1 });
    const root = await call(admin, 'DELETE', `/regions/${company}`);
    expect([root.status, root.body.code]).toEqual([409, 'ANALYTICS.COMPANY_ROOT']);
    const empty = await call(admin, 'POST', '/regions', { code: 'T-EMPTY', name: 'Empty', parentId: ids['T-SOUTH'] });
    const gone = await call(admin, 'DELETE', `/regions/${empty.body.id}`);
    expect(gone.status).toBe(204);
    expect((await call(admin, 'GET', `/regions/${empty.body.id}`)).status).toBe(404);
    expect((await call(admin, 'DELETE', `/regions/${empty.body.id}`)).status).toBe(404);
  });
});

describe('stores', () => {
  let north: string;
  let south: string;

  beforeAll(async () => {
    north = (await call(admin, 'POST', '/regions', { code: 'S-NORTH', name: 'Stores north' })).body.id;
    south = (await call(admin, 'POST', '/regions', { code: 'S-SOUTH', name: 'Stores south' })).body.id;
  });

  it('creates, reads and closes a store (no hard delete)', async () => {
    const created = await call(admin, 'POST', '/stores', storeBody('S-1', north));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^sto_/), code: 'S-1', name: 'Store S-1', kind: 'physical', regionId: north, city: 'Leeds', country: 'GB',
      openedOn: '2020-03-01', closedOn: null, sellingAreaM2: 120, currency: 'GBP', timeZone: 'Europe/London',
    });
    const closed = await call(admin, 'PATCH', `/stores/${created.body.id}`, { closedOn: '2025-12-31', sellingAreaM2: null });
    expect(closed.body).toMatchObject({ closedOn: '2025-12-31', sellingAreaM2: null });
    expect((await call(admin, 'GET', `/stores/${created.body.id}`)).body.closedOn).toBe('2025-12-31');
    const open = await call(admin, 'GET', `/stores?includeClosed=false&regionId=${north}`);
    expect(open.body.data).toEqual([]);
    const dup = await call(admin, 'POST', '/stores', storeBody('S-1', north));
    expect([dup.status, dup.body.code]).toEqual([409, 'ANALYTICS.STORE_CODE_TAKEN']);
  });

  it('refuses unknown countries, currencies, time zones, closing before opening and a zero area with field errors, writing nothing', async () => {
    const before = await snapshot();
    const bad = await call(admin, 'POST', '/stores', storeBody('S-BAD', north, { country: 'XX', currency: 'ABC', timeZone: 'Mars/Olympus_Mons', openedOn: '2024-05-01', closedOn: '2024-04-30' }));
    expect(bad.status).toBe(400);
    expect(bad.type).toMatch(/application\/problem\+json/);
    expect(bad.body.code).toBe('ANALYTICS.INVALID');
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['body/closedOn', 'body/country', 'body/currency', 'body/timeZone']);
    const area = await call(admin, 'POST', '/stores', storeBody('S-BAD', north, { sellingAreaM2: 0 }));
    expect([area.status, area.body.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect(area.body.errors[0].field).toBe('body/sellingAreaM2');
    const offset = await call(admin, 'POST', '/stores', storeBody('S-BAD', north, { timeZone: '+01:00' }));
    expect(offset.body.errors).toEqual([{ field: 'body/timeZone', message: expect.any(String) }]);
    const s1 = (await call(admin, 'GET', '/stores?q=S-1')).body.data[0];
    const patch = await call(admin, 'PATCH', `/stores/${s1.id}`, { closedOn: '2019-01-01' });
    expect([patch.status, patch.body.errors]).toEqual([400, [{ field: 'body/closedOn', message: 'must not be before openedOn' }]]);
    expect(await snapshot()).toEqual(before);
  });

  it('moves a store to another region and records the move (from, to, actor, time)', async () => {
    const created = await call(admin, 'POST', '/stores', storeBody('S-2', north));
    const startedAt = Date.now();
    const moved = await call(admin, 'PATCH', `/stores/${created.body.id}`, { regionId: south, name: 'Moved store' });
    expect(moved.body).toMatchObject({ regionId: south, name: 'Moved store' });
    const renamedOnly = await call(admin, 'PATCH', `/stores/${created.body.id}`, { city: 'York' });
    expect(renamedOnly.status).toBe(200);
    const moves = await call(admin, 'GET', `/stores/${created.body.id}/moves`);
    expect(moves.body.data).toEqual([{
      id: expect.any(String), storeId: created.body.id,
      from: { id: north, code: 'S-NORTH', name: 'Stores north' }, to: { id: south, code: 'S-SOUTH', name: 'Stores south' },
      actor: userIdOf(admin), movedAt: expect.any(String),
    }]);
    expect(Date.parse(moves.body.data[0].movedAt)).toBeGreaterThanOrEqual(startedAt - 1000);
    const [row] = await rows<{ region_id: string }>(app.database.db, sql`select region_id from analytics.store where id = ${created.body.id}`);
    expect(row!.region_id).toBe(south);
    // A move to a region that does not exist writes nothing.
    const lost = await call(admin, 'PATCH', `/stores/${created.body.id}`, { regionId: 'reg_nowhere' });
    expect([lost.status, lost.body.code]).toEqual([404, 'ANALYTICS.REGION_NOT_FOUND']);
    expect((await call(admin, 'GET', `/stores/${created.body.id}/moves`)).body.data).toHaveLength(1);
  });
});

describe('store CSV import', () => {
  const header = 'code,name,kind,region_code,city,country,opened_on,closed_on,selling_area_m2,currency,time_zone';
  const good = [
    header,
    'I-1,Leeds Briggate,physical,I-YORKS,Leeds,GB,2019-04-01,,150,GBP,Europe/London',
    'I-2,"York, Stonegate",physical,I-YORKS,York,GB,2021-09-15,,90,GBP,Europe/London',
    'I-3,Lille Centre,physical,I-NORD,Lille,FR,2018-01-10,2025-06-30,200,EUR,Europe/Paris',
  ].join('\n');

  it('refuses unknown region codes unless createMissingRegions, then reports and writes nothing', async () => {
    const before = await snapshot();
    const res = await csv(admin, '/stores/import', good);
    expect(res.status).toBe(422);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('ANALYTICS.IMPORT_REJECTED');
    expect(res.body.report.rejected).toEqual([
      { line: 2, code: 'ANALYTICS.UNKNOWN_REGION', reason: expect.stringContaining('I-1: unknown region code I-YORKS') },
      { line: 3, code: 'ANALYTICS.UNKNOWN_REGION', reason: expect.stringContaining('I-2: unknown region code I-YORKS') },
      { line: 4, code: 'ANALYTICS.UNKNOWN_REGION', reason: expect.stringContaining('I-3: unknown region code I-NORD') },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('imports with createMissingRegions, and a re-import of the same file changes nothing', async () => {
    const first = await csv(admin, '/stores/import?createMissingRegions=true', good);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ created: 3, updated: 0, unchanged: 0, regionsCreated: 2, rejected: [] });
    const stores = (await call(admin, 'GET', '/stores?q=I-')).body.data;
    expect(stores.map((s: { code: string; name: string; closedOn: string | null }) => [s.code, s.name, s.closedOn])).toEqual([
      ['I-1', 'Leeds Briggate', null], ['I-2', 'York, Stonegate', null], ['I-3', 'Lille Centre', '2025-06-30'],
    ]);
    const before = await snapshot();
    const again = await csv(admin, '/stores/import?createMissingRegions=true', good);
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 3, regionsCreated: 0, rejected: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('updates changed rows, records a region change as a move, and accepts multipart uploads', async () => {
    const changed = good.replace('I-2,"York, Stonegate",physical,I-YORKS', 'I-2,"York, Stonegate",physical,I-NORD').replace('Lille Centre', 'Lille Grand Place');
    const boundary = 'xxBOUNDARYxx';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stores.csv"\r\nContent-Type: text/csv\r\n\r\n${changed}\r\n--${boundary}--\r\n`;
    const res = await app.inject({ method: 'POST', url: `${BASE}/stores/import`, headers: { authorization: `Bearer ${admin}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 0, updated: 2, unchanged: 1, regionsCreated: 0, rejected: [] });
    const i2 = (await call(admin, 'GET', '/stores?q=I-2')).body.data[0];
    const moves = (await call(admin, 'GET', `/stores/${i2.id}/moves`)).body.data;
    expect(moves.map((m: { from: { code: string }; to: { code: string } }) => [m.from.code, m.to.code])).toEqual([['I-YORKS', 'I-NORD']]);
  });

  it('is all or nothing: one bad row among good ones → 422 listing every bad line, nothing written', async () => {
    const before = await snapshot();
    const text = [
      header,
      'I-10,Fine store,physical,I-YORKS,Hull,GB,2022-01-01,,80,GBP,Europe/London',
      'I-11,Bad country,physical,I-YORKS,Hull,XX,2022-01-01,,80,GBP,Europe/London',
      '',
      'I-12,Ambiguous date,physical,I-YORKS,Hull,GB,01/02/2022,,80,GBP,Europe/London',
      'I-13,Closed first,physical,I-YORKS,Hull,GB,2022-01-01,2021-01-01,-5,GBP,Europe/Londres',
      'I-10,Duplicate,physical,I-YORKS,Hull,GB,2022-01-01,,80,GBP,Europe/London',
      ',No code,physical,I-YORKS,Hull,GB,2022-01-01,,80,GBP,Europe/London',
    ].join('\n');
    const res = await csv(admin, '/stores/import?createMissingRegions=true', text);
    expect(res.status).toBe(422);
    const rejected = res.body.report.rejected as { line: number; code: string; reason: string }[];
    expect(rejected.map((r) => [r.line, r.code])).toEqual([
      [3, 'ANALYTICS.BAD_VALUE'], [5, 'ANALYTICS.BAD_DATE'], [6, 'ANALYTICS.BAD_VALUE'], [7, 'ANALYTICS.DUPLICATE'], [8, 'ANALYTICS.BAD_CODE'],
    ]);
    expect(rejected.map((r) => r.reason.split(':')[0])).toEqual(['I-11', 'I-12', 'I-13', 'I-10', 'code must be 1–64 letters, digits, spaces or . _ / & \' ( ) + -']);
    expect(rejected[0]!.reason).toMatch(/country/);
    expect(rejected[1]!.reason).toMatch(/opened_on/);
    expect(rejected[2]!.reason).toMatch(/selling_area_m2/);
    expect(rejected[3]!.reason).toMatch(/earlier line/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file without the required columns, or not CSV at all, with 400/415', async () => {
    const missing = await csv(admin, '/stores/import', 'code,name\nA,B');
    expect([missing.status, missing.body.code]).toEqual([400, 'ANALYTICS.CSV_INVALID']);
    expect(missing.body.detail).toMatch(/region_code/);
    const json = await call(admin, 'POST', '/stores/import', { code: 'x' });
    expect([json.status, json.body.code]).toEqual([415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE']);
    const ragged = await csv(admin, '/stores/import', `${header}\nA,"unterminated`);
    expect([ragged.status, ragged.body.code]).toEqual([400, 'ANALYTICS.CSV_INVALID']);
  });
});

describe('settings and exchange rates', () => {
  it('has defaults and changes them with company scope', async () => {
    expect((await call(admin, 'GET', '/settings')).body).toEqual({ fiscalYearStartMonth: 1, reportingCurrency: 'GBP', syntheticDemo: false });
    const put = await call(admin, 'PUT', '/settings', { fiscalYearStartMonth: 4 });
    expect(put.body).toEqual({ fiscalYearStartMonth: 4, reportingCurrency: 'GBP', syntheticDemo: false });
    expect((await call(admin, 'GET', '/settings')).body).toEqual({ fiscalYearStartMonth: 4, reportingCurrency: 'GBP', syntheticDemo: false });
    const bad = await call(admin, 'PUT', '/settings', { fiscalYearStartMonth: 13 });
    expect(bad.status).toBe(400);
    const unknown = await call(admin, 'PUT', '/settings', { reportingCurrency: 'ABC' });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'ANALYTICS.INVALID']);
    await call(admin, 'PUT', '/settings', { fiscalYearStartMonth: 1 });
  });

  it('records, lists and imports monthly rates to the reporting currency; a re-import changes nothing', async () => {
    const put = await call(admin, 'PUT', '/exchange-rates', { rates: [{ currency: 'EUR', month: '2026-01', rate: '0.8650' }, { currency: 'USD', month: '2026-01', rate: '0.79' }] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.data).toEqual([
      { currency: 'EUR', reportingCurrency: 'GBP', month: '2026-01', rate: '0.865' },
      { currency: 'USD', reportingCurrency: 'GBP', month: '2026-01', rate: '0.79' },
    ]);
    const text = 'currency,month,rate\nEUR,2026-01,0.8712\nEUR,2026-02,0.8701\nEUR,2025-12,0.86\n';
    const imported = await csv(admin, '/exchange-rates/import', text);
    expect(imported.body).toEqual({ reportingCurrency: 'GBP', created: 2, updated: 1, unchanged: 0, rejected: [] });
    const before = await snapshot();
    expect((await csv(admin, '/exchange-rates/import', text)).body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot()).toEqual(before);
    const eur2026 = await call(admin, 'GET', '/exchange-rates?currency=EUR&year=2026');
    expect(eur2026.body.data.map((r: { month: string; rate: string }) => `${r.month}=${r.rate}`)).toEqual(['2026-01=0.8712', '2026-02=0.8701']);
  });

  it('refuses a zero rate, a bad month, the reporting currency itself and a bad CSV row, writing nothing', async () => {
    const before = await snapshot();
    const res = await call(admin, 'PUT', '/exchange-rates', { rates: [{ currency: 'EUR', month: '2026-03', rate: '0.000' }, { currency: 'EUR', month: '2026-13', rate: '1' }, { currency: 'GBP', month: '2026-03', rate: '1' }] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['body/rates/0/rate', 'body/rates/1/month', 'body/rates/2/currency']);
    const imported = await csv(admin, '/exchange-rates/import', 'currency,month,rate\nEUR,2026-04,0.87\nUSD,April 2026,0.8\n');
    expect([imported.status, imported.body.report.rejected]).toEqual([422, [{ line: 3, code: 'ANALYTICS.BAD_DATE', reason: expect.stringMatching(/^USD April 2026: month/) }]]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('access grants and scope', () => {
  const ids: Record<string, string> = {};
  let regional: string; // manager granted region SC-NORTH
  let analyst: string; // analyst granted region SC-NORTH
  let storeManager: string; // manager granted store SC-N1 only
  let nobody: string; // analyst without any grant

  beforeAll(async () => {
    for (const [code, parent] of [['SC-NORTH', null], ['SC-SOUTH', null], ['SC-NE', 'SC-NORTH']] as const) {
      ids[code] = (await call(admin, 'POST', '/regions', { code, name: code, ...(parent ? { parentId: ids[parent] } : {}) })).body.id;
    }
    for (const [code, reg] of [['SC-N1', 'SC-NORTH'], ['SC-N2', 'SC-NE'], ['SC-S1', 'SC-SOUTH']] as const) {
      ids[code] = (await call(admin, 'POST', '/stores', storeBody(code, ids[reg]!))).body.id;
    }
    regional = await app.tokenFor(['manager']);
    analyst = await app.tokenFor(['analyst']);
    storeManager = await app.tokenFor(['manager']);
    nobody = await app.tokenFor(['analyst']);
    for (const [token, grants] of [[regional, [{ kind: 'region', id: ids['SC-NORTH'] }]], [analyst, [{ kind: 'region', id: ids['SC-NORTH'] }]], [storeManager, [{ kind: 'store', id: ids['SC-N1'] }]]] as const) {
      const res = await call(admin, 'PUT', `/users/${userIdOf(token)}/grants`, { grants });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  });

  it('shows and replaces a user\'s grants; an unknown user → 404', async () => {
    const got = await call(admin, 'GET', `/users/${userIdOf(regional)}/grants`);
    expect(got.body).toEqual({ userId: userIdOf(regional), grants: [{ kind: 'region', id: ids['SC-NORTH'], code: 'SC-NORTH', name: 'SC-NORTH' }] });
    const unknown = await call(admin, 'GET', '/users/usr_nobody_at_all/grants');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ANALYTICS.USER_NOT_FOUND']);
    expect((await call(admin, 'PUT', '/users/usr_nobody_at_all/grants', { grants: [] })).status).toBe(404);
    const badNode = await call(admin, 'PUT', `/users/${userIdOf(nobody)}/grants`, { grants: [{ kind: 'store', id: 'sto_unknown' }] });
    expect([badNode.status, badNode.body.code]).toEqual([404, 'ANALYTICS.STORE_NOT_FOUND']);
    // Reading grants needs analytics:read (and shows only nodes the caller sees); changing them analytics:write.
    expect((await call(analyst, 'GET', `/users/${userIdOf(regional)}/grants`)).body.grants).toHaveLength(1);
    expect((await call(analyst, 'GET', `/users/${userIdOf(storeManager)}/grants`)).body.grants.map((g: { id: string }) => g.id)).toEqual([ids['SC-N1']]);
    expect((await call(analyst, 'PUT', `/users/${userIdOf(nobody)}/grants`, { grants: [] })).status).toBe(403);
  });

  it('a regional manager sees exactly their subtree; a store manager their store; no grant, nothing', async () => {
    for (const token of [regional, analyst]) {
      const regions = (await call(token, 'GET', '/regions')).body.data as { code: string; path: { id: string }[] }[];
      expect(regions.map((r) => r.code)).toEqual(['SC-NORTH', 'SC-NE']);
      expect(regions[1]!.path.map((p) => p.id)).toEqual([ids['SC-NORTH'], ids['SC-NE']]);
      const stores = (await call(token, 'GET', '/stores')).body;
      expect(stores.data.map((s: { code: string }) => s.code)).toEqual(['SC-N1', 'SC-N2']);
      expect(stores.pagination.total).toBe(2);
      expect((await call(token, 'GET', `/stores?regionId=${ids['SC-NE']}`)).body.data.map((s: { code: string }) => s.code)).toEqual(['SC-N2']);
    }
    expect((await call(storeManager, 'GET', '/regions')).body.data).toEqual([]);
    expect((await call(storeManager, 'GET', '/stores')).body.data.map((s: { code: string }) => s.code)).toEqual(['SC-N1']);
    expect((await call(nobody, 'GET', '/regions')).body.data).toEqual([]);
    expect((await call(nobody, 'GET', '/stores')).body).toEqual({ data: [], pagination: { total: 0, limit: 100, page: 1 } });
  });

  it('answers a node outside the caller\'s scope exactly like an unknown one, on every organisation route, writing nothing', async () => {
    const before = await snapshot();
    const outsideRegion = ids['SC-SOUTH']!;
    const outsideStore = ids['SC-S1']!;
    const probes: [string, 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', (id: string) => string, (id: string) => unknown][] = [
      ['region', 'GET', (id) => `/regions/${id}`, () => undefined],
      ['region', 'PATCH', (id) => `/regions/${id}`, () => ({ name: 'Hijacked' })],
      ['region', 'DELETE', (id) => `/regions/${id}`, () => undefined],
      ['region', 'POST', () => '/regions', (id) => ({ code: 'SC-EVIL', name: 'Evil', parentId: id })],
      ['region', 'PATCH', () => `/regions/${ids['SC-NE']}`, (id) => ({ parentId: id })],
      ['region', 'GET', (id) => `/stores?regionId=${id}`, () => undefined],
      ['region', 'POST', () => '/stores', (id) => storeBody('SC-EVIL', id)],
      ['region', 'PATCH', () => `/stores/${ids['SC-N1']}`, (id) => ({ regionId: id })],
      ['region', 'PUT', () => `/users/${userIdOf(nobody)}/grants`, (id) => ({ grants: [{ kind: 'region', id }] })],
      ['store', 'GET', (id) => `/stores/${id}`, () => undefined],
      ['store', 'PATCH', (id) => `/stores/${id}`, () => ({ name: 'Hijacked' })],
      ['store', 'GET', (id) => `/stores/${id}/moves`, () => undefined],
      ['store', 'PUT', () => `/users/${userIdOf(nobody)}/grants`, (id) => ({ grants: [{ kind: 'store', id }] })],
    ];
    for (const [kind, method, url, body] of probes) {
      const crafted = kind === 'region' ? outsideRegion : outsideStore;
      const unknown = kind === 'region' ? 'reg_does_not_exist' : 'sto_does_not_exist';
      const outside = await call(regional, method, url(crafted), body(crafted));
      const missing = await call(regional, method, url(unknown), body(unknown));
      expect(outside.status, `${method} ${url(crafted)}`).toBe(404);
      expect(outside.body.code, `${method} ${url(crafted)}`).toBe(missing.body.code);
      expect(outside.body.detail.replace(crafted, 'ID')).toBe(missing.body.detail.replace(unknown, 'ID'));
    }
    // The store manager cannot reach their store's region, nor another store.
    expect((await call(storeManager, 'GET', `/regions/${ids['SC-NORTH']}`)).status).toBe(404);
    expect((await call(storeManager, 'GET', `/stores/${ids['SC-N2']}`)).status).toBe(404);
    // Company-level writes: top-level regions, settings, rates, imports naming regions outside.
    for (const token of [regional, storeManager]) {
      expect((await call(token, 'POST', '/regions', { code: 'SC-TOP', name: 'Top' })).status).toBe(404);
      const settings = await call(token, 'PUT', '/settings', { fiscalYearStartMonth: 7 });
      expect([settings.status, settings.body.code]).toEqual([404, 'ANALYTICS.NODE_NOT_FOUND']);
      expect((await call(token, 'PUT', '/exchange-rates', { rates: [{ currency: 'EUR', month: '2026-05', rate: '0.9' }] })).status).toBe(404);
      expect((await csv(token, '/exchange-rates/import', 'currency,month,rate\nEUR,2026-05,0.9\n')).status).toBe(404);
    }
    const imported = await csv(regional, '/stores/import?createMissingRegions=true', 'code,name,kind,region_code,city,country,opened_on,closed_on,selling_area_m2,currency,time_zone\nSC-S1,Taken over,physical,SC-NORTH,Hull,GB,2022-01-01,,80,GBP,Europe/London\nSC-X,New,physical,SC-SOUTH,Hull,GB,2022-01-01,,80,GBP,Europe/London\nSC-Y,New,physical,SC-NEW,Hull,GB,2022-01-01,,80,GBP,Europe/London\n');
    expect(imported.status).toBe(422);
    expect(imported.body.report.rejected.map((r: { line: number; code: string; reason: string }) => [r.line, r.code, r.reason])).toEqual([
      [2, 'ANALYTICS.CODE_TAKEN', 'SC-S1: another store already has this code'], [3, 'ANALYTICS.UNKNOWN_REGION', 'SC-X: unknown region code SC-SOUTH'],
      [4, 'ANALYTICS.UNKNOWN_REGION', 'SC-Y: unknown region code SC-NEW'],
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('lets a regional manager edit inside their subtree and grant only what they see', async () => {
    const sub = await call(regional, 'POST', '/regions', { code: 'SC-NE-2', name: 'Inside', parentId: ids['SC-NE'] });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const moved = await call(regional, 'PATCH', `/stores/${ids['SC-N2']}`, { regionId: sub.body.id });
    expect(moved.status).toBe(200);
    expect((await call(regional, 'GET', `/stores/${ids['SC-N2']}/moves`)).body.data[0].actor).toBe(userIdOf(regional));
    // The regional manager replaces the store manager's grants they can see; the admin's view is the same.
    const granted = await call(regional, 'PUT', `/users/${userIdOf(storeManager)}/grants`, { grants: [{ kind: 'store', id: ids['SC-N2'] }] });
    expect(granted.body.grants.map((g: { id: string }) => g.id)).toEqual([ids['SC-N2']]);
    expect((await call(storeManager, 'GET', '/stores')).body.data.map((s: { code: string }) => s.code)).toEqual(['SC-N2']);
    // A grant outside the caller's scope survives their replacement of the rest.
    await call(admin, 'PUT', `/users/${userIdOf(nobody)}/grants`, { grants: [{ kind: 'store', id: ids['SC-S1'] }, { kind: 'store', id: ids['SC-N1'] }] });
    const replaced = await call(regional, 'PUT', `/users/${userIdOf(nobody)}/grants`, { grants: [] });
    expect(replaced.body.grants).toEqual([]);
    expect((await call(admin, 'GET', `/users/${userIdOf(nobody)}/grants`)).body.grants.map((g: { id: string }) => g.id)).toEqual([ids['SC-S1']]);
    // A store manager with analytics:write edits their own store, but cannot move it to a region they do not see.
    const own = await call(storeManager, 'PATCH', `/stores/${ids['SC-N2']}`, { sellingAreaM2: 95 });
    expect([own.status, own.body.sellingAreaM2]).toEqual([200, 95]);
    const away = await call(storeManager, 'PATCH', `/stores/${ids['SC-N2']}`, { regionId: ids['SC-NORTH'] });
    expect([away.status, away.body.code]).toEqual([404, 'ANALYTICS.REGION_NOT_FOUND']);
    // Recoding a region onto another's code → 409.
    const taken = await call(regional, 'PATCH', `/regions/${sub.body.id}`, { code: 'SC-NE' });
    expect([taken.status, taken.body.code, taken.body.regionCode]).toEqual([409, 'ANALYTICS.REGION_CODE_TAKEN', 'SC-NE']);
    // Reads only: the analyst holds analytics:read, not analytics:write.
    expect((await call(analyst, 'PATCH', `/regions/${ids['SC-NE']}`, { name: 'x' })).status).toBe(403);
  });
});
