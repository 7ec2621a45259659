import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { targetFor, targetsFor, type TargetNode } from './analytics.targets.js';
import { evenPhasing, largestRemainder } from './domain/phasing.js';

let app: TestApp;
let admin: string;
let southManager: string;
let companyId: string;

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const subjectOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { sub: string }).sub;
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

const put = (token: string, body: Record<string, unknown>) => app.inject({ method: 'PUT', url: '/api/admin/analytics/targets', headers: auth(token), payload: body });
const csv = (token: string, text: string) =>
  app.inject({ method: 'POST', url: '/api/admin/analytics/targets/import', headers: { ...auth(token), 'content-type': 'text/csv' }, payload: text });
const targetCount = async () => (await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from analytics.target`))[0]?.n;
const monthsOf = async (nodeId: string, year: number, metric = 'revenue') =>
  rows<{ month: string; amount: number }>(app.database.db, sql`
    select to_char(tm.month, 'YYYY-MM-DD') as month, tm.amount::float8 as amount
    from analytics.target t join analytics.target_month tm on tm.target_id = t.id
    where t.node_id = ${nodeId} and t.fiscal_year = ${year} and t.metric = ${metric} order by tm.month`);

beforeAll(async () => {
  app = await createTestApp();
  const db = app.database.db;
  await db.execute(sql`insert into analytics.region (id, parent_id, code, name) values ('reg_tg_company', null, 'CO', 'Company') on conflict do nothing`);
  companyId = (await rows<{ id: string }>(db, sql`select id from analytics.region where parent_id is null`))[0]!.id;
  await db.execute(sql`insert into analytics.region (id, parent_id, code, name) values
    ('reg_tg_north', ${companyId}, 'TG-NORTH', 'North'), ('reg_tg_south', ${companyId}, 'TG-SOUTH', 'South')`);
  await db.execute(sql`insert into analytics.store (id, code, name, kind, region_id, country, opened_on, currency, time_zone) values
    ('sto_tg_n1', 'N1', 'Leeds', 'physical', 'reg_tg_north', 'GB', '2020-01-01', 'GBP', 'Europe/London'),
    ('sto_tg_n2', 'N2', 'York', 'physical', 'reg_tg_north', 'GB', '2020-01-01', 'GBP', 'Europe/London'),
    ('sto_tg_s1', 'S1', 'Lyon', 'physical', 'reg_tg_south', 'FR', '2020-01-01', 'EUR', 'Europe/Paris')`);
  // EUR → GBP at 0.85 every month of 2026.
  await db.execute(sql`insert into analytics.exchange_rate (currency, reporting_currency, month, rate)
    select 'EUR', 'GBP', make_date(2026, m, 1), 0.85 from generate_series(1, 12) m`);
  // Last year's sales of N1: January 100, February 300, December 600 (minor units).
  await db.execute(sql`insert into analytics.sales_day_store (day, store_id, currency, net_revenue) values
    ('2025-01-05', 'sto_tg_n1', 'GBP', 40), ('2025-01-20', 'sto_tg_n1', 'GBP', 60), ('2025-02-10', 'sto_tg_n1', 'GBP', 300), ('2025-12-24', 'sto_tg_n1', 'GBP', 600)`);
  admin = await app.tokenFor(['admin']);
  southManager = await app.tokenFor(['manager']);
  await db.execute(sql`insert into analytics.access_grant (id, user_id, node_kind, node_id) values ('agr_tg_1', ${subjectOf(southManager)}, 'region', 'reg_tg_south')`);
});
afterAll(() => app.close());

describe('setting a target', () => {
  it('phases evenly by default and the months sum to the amount to the unit', async () => {
    const res = await put(admin, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2026, metric: 'revenue', amount: 1_000_001 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ level: 'store', nodeCode: 'N1', currency: 'GBP', amount: 1_000_001, category: null });
    expect(body.phasing).toEqual([8.34, 8.34, 8.34, 8.34, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33]);
    const stored = await monthsOf('sto_tg_n1', 2026);
    expect(stored.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`));
    expect(sum(stored.map((m) => m.amount))).toBe(1_000_001);
    expect(stored[0]!.amount).toBe(83_401);
    expect(stored[11]!.amount).toBe(83_300);
  });

  it('takes explicit percentages and splits an awkward amount exactly', async () => {
    const phasing = [10, 10, 10, 10, 10, 10, 5, 5, 5, 5, 10, 10];
    const res = await put(admin, { level: 'store', nodeId: 'sto_tg_n2', fiscalYear: 2026, metric: 'revenue', amount: 1_200_000, phasing });
    expect(res.statusCode).toBe(200);
    expect(res.json().months.map((m: { amount: number }) => m.amount)).toEqual(phasing.map((p) => p * 12_000));
    const odd = await put(admin, { level: 'store', nodeId: 'sto_tg_n2', fiscalYear: 2026, metric: 'units', amount: 7, phasing: [8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.34, 8.34, 8.34, 8.34] });
    expect(odd.statusCode).toBe(200);
    expect(odd.json().currency).toBeNull();
    expect(sum((await monthsOf('sto_tg_n2', 2026, 'units')).map((m) => m.amount))).toBe(7);
  });

  it('refuses percentages not summing to 100 with 409 naming the store and year, and writes nothing', async () => {
    const before = await targetCount();
    const res = await put(admin, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2027, metric: 'revenue', amount: 5000, phasing: new Array(12).fill(8.25) });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'ANALYTICS.TARGET_PHASING_INVALID', nodeCode: 'N1', fiscalYear: 2027, level: 'store' });
    expect(res.json().detail).toContain('N1');
    expect(res.json().detail).toContain('2027');
    expect(res.json().detail).toContain('99');
    // Replacing an existing target with a bad phasing leaves it as it was.
    const again = await put(admin, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2026, metric: 'revenue', amount: 5, phasing: [50, 50, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
    expect(again.statusCode).toBe(409);
    expect(await targetCount()).toBe(before);
    expect(sum((await monthsOf('sto_tg_n1', 2026)).map((m) => m.amount))).toBe(1_000_001);
    const precise = await put(admin, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2027, metric: 'revenue', amount: 5000, phasing: new Array(12).fill(8.3333) });
    expect(precise.statusCode).toBe(400);
    const negative = await put(admin, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2027, metric: 'revenue', amount: -5 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().code).toBe('ANALYTICS.INVALID');
    expect(await targetCount()).toBe(before);
    const loss = await put(admin, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2027, metric: 'gross_margin', amount: -13 });
    expect(loss.statusCode).toBe(200);
    expect(sum(loss.json().months.map((m: { amount: number }) => m.amount))).toBe(-13);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/analytics/targets/${loss.json().id}`, headers: auth(admin) })).statusCode).toBe(204);
  });

  it('phases on last year\'s monthly net revenue of the store, and 409 when there was none', async () => {
    const res = await put(admin, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2026, metric: 'units', amount: 1000, phasing: 'last-year' });
    expect(res.statusCode).toBe(200);
    expect(res.json().phasing).toEqual([10, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 60]);
    expect(res.json().months.map((m: { amount: number }) => m.amount)).toEqual([100, 300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 600]);
    const none = await put(admin, { level: 'store', nodeId: 'sto_tg_n2', fiscalYear: 2026, metric: 'gross_margin', amount: 1000, phasing: 'last-year' });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'ANALYTICS.NO_LAST_YEAR_SALES', nodeCode: 'N2', fiscalYear: 2026 });
    expect(none.json().detail).toContain('N2');
  });
});

describe('region and company targets', () => {
  it('shows the set target, the sum of the stores and the gap, per month', async () => {
    expect((await put(admin, { level: 'region', nodeId: 'reg_tg_north', fiscalYear: 2026, metric: 'revenue', amount: 2_500_000 })).statusCode).toBe(200);
    const res = await app.inject({ url: '/api/admin/analytics/targets/summary?node=reg_tg_north&year=2026&metric=revenue', headers: auth(admin) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ node: { kind: 'region', id: 'reg_tg_north', code: 'TG-NORTH' }, currency: 'GBP', set: 2_500_000, stores: 2_200_001, gap: 299_999 });
    expect(body.months).toHaveLength(12);
    expect(body.months[0]).toEqual({ month: '2026-01', set: 208_500, stores: 83_401 + 120_000 });
    expect(sum(body.months.map((m: { set: number }) => m.set))).toBe(2_500_000);
  });

  it('sums the stores at the company, converting another currency month by month, with no set target', async () => {
    expect((await put(admin, { level: 'store', nodeId: 'sto_tg_s1', fiscalYear: 2026, metric: 'revenue', amount: 1_200_000 })).json().currency).toBe('EUR');
    const res = await app.inject({ url: '/api/admin/analytics/targets/summary?node=company&year=2026', headers: auth(admin) });
    expect(res.statusCode).toBe(200);
    const s1 = largestRemainder(1_200_000, evenPhasing()).map((m) => Math.round(m * 0.85));
    expect(res.json()).toMatchObject({ node: { kind: 'company', id: companyId }, set: null, gap: null, currency: 'GBP', stores: 2_200_001 + sum(s1) });
    // The region target set at the company level.
    const company = await put(admin, { level: 'region', nodeId: 'company', fiscalYear: 2026, metric: 'revenue', amount: 3_000_000 });
    expect(company.statusCode).toBe(200);
    expect(company.json()).toMatchObject({ level: 'region', nodeId: companyId });
    const after = (await app.inject({ url: '/api/admin/analytics/targets/summary?node=company&year=2026', headers: auth(admin) })).json();
    expect(after).toMatchObject({ set: 3_000_000, gap: 3_000_000 - 2_200_001 - sum(s1) });
  });

  it('lists the targets at a node and below', async () => {
    const res = await app.inject({ url: '/api/admin/analytics/targets?node=reg_tg_north&year=2026&metric=revenue', headers: auth(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((t: { nodeCode: string }) => t.nodeCode)).toEqual(['TG-NORTH', 'N1', 'N2']);
  });
});

describe('scope', () => {
  it('answers 404 for nodes and targets outside the user\'s regions and shows only theirs', async () => {
    for (const url of ['/api/admin/analytics/targets/summary?node=reg_tg_north&year=2026', '/api/admin/analytics/targets/summary?node=company&year=2026',
      '/api/admin/analytics/targets?node=sto_tg_n1', '/api/admin/analytics/targets?node=company']) {
      const res = await app.inject({ url, headers: auth(southManager) });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('ANALYTICS.NODE_NOT_FOUND');
    }
    const write = await put(southManager, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2026, metric: 'revenue', amount: 1 });
    expect(write.statusCode).toBe(404);
    expect((await put(southManager, { level: 'region', nodeId: 'company', fiscalYear: 2026, metric: 'revenue', amount: 1 })).statusCode).toBe(404);
    expect((await put(southManager, { level: 'region', nodeId: companyId, fiscalYear: 2026, metric: 'revenue', amount: 1 })).statusCode).toBe(404);
    expect(sum((await monthsOf('sto_tg_n1', 2026)).map((m) => m.amount))).toBe(1_000_001);
    const northTarget = (await app.inject({ url: '/api/admin/analytics/targets?node=reg_tg_north&year=2026&metric=revenue', headers: auth(admin) })).json().data[0].id as string;
    const del = await app.inject({ method: 'DELETE', url: `/api/admin/analytics/targets/${northTarget}`, headers: auth(southManager) });
    expect(del.statusCode).toBe(404);
    expect(del.json().code).toBe('ANALYTICS.TARGET_NOT_FOUND');
    const own = await app.inject({ url: '/api/admin/analytics/targets?node=reg_tg_south&year=2026', headers: auth(southManager) });
    expect(own.json().data.map((t: { nodeCode: string }) => t.nodeCode)).toEqual(['S1']);
    const summary = await app.inject({ url: '/api/admin/analytics/targets/summary?node=reg_tg_south&year=2026', headers: auth(southManager) });
    expect(summary.json()).toMatchObject({ set: null, currency: 'GBP' });
    const store = await app.inject({ url: '/api/admin/analytics/targets/summary?node=sto_tg_s1&year=2026', headers: auth(southManager) });
    expect(store.json()).toMatchObject({ currency: 'EUR', set: 1_200_000, stores: 1_200_000, gap: 0 });
  });

  it('deletes a target in scope', async () => {
    const res = await put(admin, { level: 'store', nodeId: 'sto_tg_s1', fiscalYear: 2028, metric: 'revenue', amount: 10 });
    const del = await app.inject({ method: 'DELETE', url: `/api/admin/analytics/targets/${res.json().id}`, headers: auth(southManager) });
    expect(del.statusCode).toBe(204);
    expect(await monthsOf('sto_tg_s1', 2028)).toEqual([]);
  });
});

describe('targetFor (the read side\'s rule)', () => {
  it('prorates a partial month by days, half up, per store', async () => {
    const n1 = largestRemainder(1_000_001, evenPhasing());
    const n2 = [10, 10, 10, 10, 10, 10, 5, 5, 5, 5, 10, 10].map((p) => p * 12_000);
    const store = await targetFor(app.database.db, { storeIds: ['sto_tg_n1'], nodeKind: 'store', nodeId: 'sto_tg_n1', metric: 'revenue', from: '2026-01-01', to: '2026-01-10' });
    expect(store).toEqual({ amount: Math.round((n1[0] as number) * 10 / 31), currency: 'GBP', source: 'set' });
    // 20 January to 14 February: 12/31 of January and 14/28 of February of each store.
    const stores = await targetFor(app.database.db, { storeIds: ['sto_tg_n1', 'sto_tg_n2'], nodeKind: 'region', nodeId: 'reg_tg_south', metric: 'revenue', from: '2026-01-20', to: '2026-02-14' });
    const expected = [n1, n2].reduce((s, m) => s + Math.round((m[0] as number) * 12 / 31) + Math.round((m[1] as number) * 14 / 28), 0);
    expect(stores).toEqual({ amount: expected, currency: 'GBP', source: 'stores' });
    const set = await targetFor(app.database.db, { storeIds: ['sto_tg_n1', 'sto_tg_n2'], nodeKind: 'region', nodeId: 'reg_tg_north', metric: 'revenue', from: '2026-03-01', to: '2026-03-31' });
    expect(set).toEqual({ amount: largestRemainder(2_500_000, evenPhasing())[2], currency: 'GBP', source: 'set' });
    // The company has a target set at its level for 2026; 'company' names its root region.
    const company = await targetFor(app.database.db, { storeIds: ['sto_tg_n1', 'sto_tg_n2', 'sto_tg_s1'], nodeKind: 'company', nodeId: 'company', metric: 'revenue', from: '2026-03-01', to: '2026-03-31' });
    expect(company).toEqual({ amount: largestRemainder(3_000_000, evenPhasing())[2], currency: 'GBP', source: 'set' });
    expect(await targetFor(app.database.db, { storeIds: ['sto_tg_n1'], nodeKind: 'store', nodeId: 'sto_tg_n1', metric: 'revenue', from: '2029-01-01', to: '2029-01-31' })).toBeNull();
  });

  it('resolves many nodes in one call exactly as one by one, in the reporting currency', async () => {
    const nodes: TargetNode[] = [
      { kind: 'company', id: companyId, storeIds: ['sto_tg_n1', 'sto_tg_n2', 'sto_tg_s1'] },
      { kind: 'region', id: 'reg_tg_north', storeIds: ['sto_tg_n1', 'sto_tg_n2'] },
      { kind: 'region', id: 'reg_tg_south', storeIds: ['sto_tg_s1'] },
      { kind: 'store', id: 'sto_tg_s1', storeIds: [] },
    ];
    const range = { metric: 'revenue' as const, from: '2026-02-10', to: '2026-05-20' };
    const many = await targetsFor(app.database.db, { nodes, ...range });
    for (const n of nodes) {
      const one = await targetFor(app.database.db, { nodeKind: n.kind, nodeId: n.id, storeIds: n.storeIds, currency: 'GBP', ...range });
      expect(many.get(n.id), n.id).toEqual(one);
    }
    // South has no target of its own: the EUR store's months, prorated then converted at 0.85.
    const s1 = largestRemainder(1_200_000, evenPhasing());
    const prorated = [Math.round((s1[1] as number) * 19 / 28), s1[2] as number, s1[3] as number, Math.round((s1[4] as number) * 20 / 31)];
    expect(many.get('reg_tg_south')).toEqual({ amount: sum(prorated.map((a) => Math.round(a * 0.85))), currency: 'GBP', source: 'stores' });
    expect(many.get('sto_tg_s1')).toMatchObject({ amount: sum(prorated.map((a) => Math.round(a * 0.85))), currency: 'GBP', source: 'set' });
  });
});

describe('CSV import', () => {
  const good = [
    'store_code,year,month,amount,metric,category',
    'N1,2031,,1200,units,',
    ...Array.from({ length: 12 }, (_, i) => `N2,2031,${i + 1},${(i + 1) * 100},gross_margin,`),
    'S1,2031,,240000,revenue,Wine',
  ].join('\n');

  it('imports yearly and monthly rows, and re-importing changes nothing', async () => {
    const res = await csv(admin, good);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ targets: 3, rejected: [] });
    expect((await monthsOf('sto_tg_n1', 2031, 'units')).map((m) => m.amount)).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    expect((await monthsOf('sto_tg_n2', 2031, 'gross_margin')).map((m) => m.amount)).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 100));
    const list = (await app.inject({ url: '/api/admin/analytics/targets?node=company&year=2031', headers: auth(admin) })).json().data;
    expect(list.find((t: { nodeCode: string }) => t.nodeCode === 'S1')).toMatchObject({ category: 'Wine', currency: 'EUR', amount: 240_000 });
    const before = await targetCount();
    const ids = list.map((t: { id: string }) => t.id).sort();
    // The same file again, this time as multipart.
    const boundary = 'tgboundary';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\n${good}\r\n--${boundary}--\r\n`;
    const again = await app.inject({ method: 'POST', url: '/api/admin/analytics/targets/import', payload, headers: { ...auth(admin), 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(again.json()).toEqual({ targets: 3, rejected: [] });
    expect(await targetCount()).toBe(before);
    const listAgain = (await app.inject({ url: '/api/admin/analytics/targets?node=company&year=2031', headers: auth(admin) })).json().data;
    expect(listAgain.map((t: { id: string }) => t.id).sort()).toEqual(ids);
    expect((await monthsOf('sto_tg_n2', 2031, 'gross_margin')).map((m) => m.amount)).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 100));
  });

  it('rejects the whole file with a report of every bad line, writing nothing', async () => {
    const before = await targetCount();
    const res = await csv(admin, ['store_code,year,month,amount', 'N1,2032,,1000', 'ZZ9,2032,,5', 'N2,2032,13,5', 'N2,20x2,,5', 'N1,2032,,-4', 'N1,2032,,1000'].join('\n'));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'ANALYTICS.IMPORT_REJECTED', report: { targets: 0 } });
    expect(res.json().report.rejected.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [3, 'ANALYTICS.UNKNOWN_STORE'], [4, 'ANALYTICS.BAD_DATE'], [5, 'ANALYTICS.BAD_DATE'], [6, 'ANALYTICS.BAD_AMOUNT'], [7, 'ANALYTICS.DUPLICATE'],
    ]);
    expect(await targetCount()).toBe(before);
    expect(await monthsOf('sto_tg_n1', 2032)).toEqual([]);
  });

  it('refuses monthly rows missing a month or percentages not summing to 100 with 409 naming store and year', async () => {
    const before = await targetCount();
    const missing = await csv(admin, ['store_code,year,month,amount', 'N1,2033,,1000', ...Array.from({ length: 11 }, (_, i) => `N2,2033,${i + 1},10`)].join('\n'));
    expect(missing.statusCode).toBe(409);
    expect(missing.json()).toMatchObject({ code: 'ANALYTICS.TARGET_PHASING_INVALID', level: 'store', nodeCode: 'N2', fiscalYear: 2033 });
    expect(missing.json().detail).toMatch(/N2.*2033.*11 of 12/);
    const percents = await csv(admin, ['store_code,year,month,amount,percent', 'N1,2033,,1000,', ...Array.from({ length: 12 }, (_, i) => `N1,2033,${i + 1},,8.25`)].join('\n'));
    expect(percents.statusCode).toBe(409);
    expect(percents.json().detail).toMatch(/N1.*2033.*99 %/);
    const disagree = await csv(admin, ['store_code,year,month,amount', 'N1,2033,,1000', ...Array.from({ length: 12 }, (_, i) => `N1,2033,${i + 1},80`)].join('\n'));
    expect(disagree.statusCode).toBe(409);
    expect(await targetCount()).toBe(before);
    expect(await monthsOf('sto_tg_n1', 2033)).toEqual([]);
  });

  it('does not let a user import for a store outside their scope', async () => {
    const res = await csv(southManager, 'store_code,year,amount\nN1,2034,100\nS1,2034,100');
    expect(res.statusCode).toBe(422);
    expect(res.json().report.rejected).toEqual([{ line: 2, code: 'ANALYTICS.UNKNOWN_STORE', reason: 'No store with the code N1' }]);
  });

  it('refuses a file without its key columns with 400 and a JSON body with 415', async () => {
    const noYear = await csv(admin, 'store_code,amount\nN1,100');
    expect(noYear.statusCode).toBe(400);
    expect(noYear.json()).toMatchObject({ code: 'ANALYTICS.CSV_INVALID' });
    expect(noYear.json().detail).toContain('year');
    const json = await app.inject({ method: 'POST', url: '/api/admin/analytics/targets/import', headers: auth(admin), payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
  });
});

describe('a fiscal year starting in April', () => {
  it('maps month 1 to April and calendar months of a CSV to the right year', async () => {
    await app.database.db.execute(sql`insert into analytics.setting (key, value) values ('fiscalYearStartMonth', '4'::jsonb)
      on conflict (key) do update set value = excluded.value`);
    try {
      const phasing = [20, 10, 10, 10, 10, 10, 5, 5, 5, 5, 5, 5];
      const res = await put(admin, { level: 'store', nodeId: 'sto_tg_n1', fiscalYear: 2040, metric: 'revenue', amount: 1000, phasing });
      expect(res.statusCode).toBe(200);
      const months = await monthsOf('sto_tg_n1', 2040);
      expect(months[0]).toEqual({ month: '2040-04-01', amount: 200 });
      expect(months[11]).toEqual({ month: '2041-03-01', amount: 50 });
      // CSV: month 1 (January) of fiscal year 2041 is January 2042.
      const file = ['store_code,year,month,amount', ...Array.from({ length: 12 }, (_, i) => `N2,2041,${i + 1},${i === 0 ? 500 : 0}`)].join('\n');
      expect((await csv(admin, file)).statusCode).toBe(200);
      const n2 = await monthsOf('sto_tg_n2', 2041);
      expect(n2.map((m) => m.month)[0]).toBe('2041-04-01');
      expect(n2.find((m) => m.amount === 500)?.month).toBe('2042-01-01');
      const summary = (await app.inject({ url: '/api/admin/analytics/targets/summary?node=sto_tg_n1&year=2040', headers: auth(admin) })).json();
      expect(summary.months[0]).toEqual({ month: '2040-04', set: 200, stores: 200 });
    } finally {
      await app.database.db.execute(sql`delete from analytics.setting where key = 'fiscalYearStartMonth'`);
    }
  });
});
