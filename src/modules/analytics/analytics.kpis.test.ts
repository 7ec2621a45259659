import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { CategoryMixAnswer, DrilldownAnswer } from './analytics.consolidation.js';
import { FX, FX_REGIONS, fxLine, grant, seedFixture, userIdOf } from '../../../test/support/analytics-fixture.js';
import type { Tree } from './analytics.consolidation.js';
import type { KpisAnswer } from './analytics.kpis.js';

let app: TestApp;
let admin: string;
let company: string;

beforeAll(async () => {
  app = await createTestApp();
  company = await seedFixture(app);
  admin = await app.tokenFor(['admin']);
});
afterAll(() => app.close());

const get = async (url: string, token = admin) => {
  const res = await app.inject({ url: `/api/admin/analytics${url}`, headers: { authorization: `Bearer ${token}` } });
  return res;
};
const json = async <T>(url: string, token = admin): Promise<T> => {
  const res = await get(url, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
const kpi = (a: KpisAnswer, key: string) => a.kpis.find((k) => k.key === key);

describe('KPIs', () => {
  it('computes every KPI of March 2026 from hand-computed figures (returns, a store without cost, a store without area, two currencies, a target)', async () => {
    const a = await json<KpisAnswer>('/kpis?node=company&period=month&date=2026-03-14');
    expect(a.node).toMatchObject({ kind: 'company', id: company });
    expect(a.period).toEqual({ grain: 'month', from: '2026-03-01', to: '2026-03-31', label: '2026-03' });
    expect(a.comparisons).toEqual({ previous: { from: '2026-02-01', to: '2026-02-28' }, lastYear: { from: '2025-03-01', to: '2025-03-31' } });
    expect(a.currency).toBe('GBP');
    expect(a.kpis.map((k) => k.key)).toEqual(['revenue', 'grossMargin', 'marginRate', 'units', 'transactions', 'averageBasket', 'unitsPerTransaction', 'averageSellingPrice', 'revenuePerM2', 'returnsRate']);
    // A: 1000 + 500 + 500 − 500 = 1500; B: 2000; C: 1001 EUR × 0.85 = 850.85 → 851; E: 1003 × 0.85 = 852.55 → 853; D (USD) has no rate.
    expect(kpi(a, 'revenue')).toMatchObject({ unit: 'money', value: 5204, previous: 1000, lastYear: 2040, target: 10000, variance: -4796, attainment: 0.5204, changeVsPrevious: 4.204, changeVsLastYear: 1.551 });
    // Costed revenue 1000 (A) + 2000 (B) + 851 (C) = 3851; cost 600 + 1000 + 510 = 2110.
    expect(kpi(a, 'grossMargin')).toMatchObject({ unit: 'money', value: 1741, target: null, attainment: null });
    expect(kpi(a, 'marginRate')).toMatchObject({ unit: 'percent', value: 0.4521, target: null });
    expect(kpi(a, 'units')).toMatchObject({ unit: 'count', value: 11, previous: 1, lastYear: 3, target: null });
    // Receipts with a sale: A1, A2, B1, C1, E1 (R1 only returns; D1 left out).
    expect(kpi(a, 'transactions')?.value).toBe(5);
    expect(kpi(a, 'averageBasket')).toMatchObject({ unit: 'money', value: 1041 });
    expect(kpi(a, 'unitsPerTransaction')).toMatchObject({ unit: 'ratio', value: 2.2 });
    expect(kpi(a, 'averageSellingPrice')).toMatchObject({ unit: 'money', value: 473 });
    // Stores with an area: A (100 m², 1500) and C (50 m², 851): 2351 / 150 = 15.67 → 16.
    expect(kpi(a, 'revenuePerM2')).toMatchObject({ unit: 'money_per_m2', value: 16 });
    // Returned 500 of gross sales 5204 + 500.
    expect(kpi(a, 'returnsRate')).toMatchObject({ unit: 'percent', value: 0.0877 });
    expect(a.exchangeRates).toEqual(expect.arrayContaining([{ currency: 'EUR', month: '2026-03-01', rate: '0.85' }, { currency: 'EUR', month: '2025-03-01', rate: '0.84' }]));
    expect(a.missingRates).toEqual([{ storeId: FX.d, storeCode: 'FXD', currency: 'USD', month: '2026-03-01' }]);
  });

  it('states and applies the like-for-like rule: a store opened less than 12 months before is out', async () => {
    const a = await json<KpisAnswer>('/kpis?node=company&period=month&date=2026-03-01');
    // A, C, D, E opened before 2025-03-01; B opened 2025-06-01. D's revenue has no rate (0).
    expect(a.likeForLike).toMatchObject({ stores: 4, value: 1500 + 851 + 853, lastYear: 1200 + 840, growth: 0.5706 });
    expect(a.likeForLike.rule).toMatch(/12 months/);
    const north = await json<KpisAnswer>(`/kpis?node=${FX_REGIONS.north}&period=month&date=2026-03-01`);
    expect(north.likeForLike).toMatchObject({ stores: 1, value: 1500, lastYear: 1200, growth: 0.25 });
  });

  it('sums the stores\' targets of a region without its own, and answers a store', async () => {
    const north = await json<KpisAnswer>(`/kpis?node=${FX_REGIONS.north}&period=month&date=2026-03-31`);
    expect(kpi(north, 'revenue')).toMatchObject({ value: 3500, target: 3000, variance: 500, attainment: 1.1667 });
    const store = await json<KpisAnswer>(`/kpis?node=${FX.a}&period=month&date=2026-03-31`);
    expect(store.node).toEqual({ kind: 'store', id: FX.a, name: 'Alpha' });
    expect(kpi(store, 'revenue')).toMatchObject({ value: 1500, target: 3000, attainment: 0.5 });
    expect(kpi(store, 'returnsRate')?.value).toBe(0.25);
    // A partial month: 7 days of March → 3000 × 7 / 31 = 677.4 → 677.
    const week = await json<KpisAnswer>(`/kpis?node=${FX.a}&period=week&date=2026-03-04`);
    expect(kpi(week, 'revenue')?.target).toBe(677);
  });

  it('compares an ISO week with the previous week and the same week number last year', async () => {
    const a = await json<KpisAnswer>('/kpis?node=company&period=week&date=2026-03-04');
    expect(a.period).toMatchObject({ from: '2026-03-02', to: '2026-03-08', label: '2026-W10' });
    expect(a.comparisons).toEqual({ previous: { from: '2026-02-23', to: '2026-03-01' }, lastYear: { from: '2025-03-03', to: '2025-03-09' } });
    expect(kpi(a, 'revenue')).toMatchObject({ value: 3500, previous: 0, lastYear: 1200 });
  });

  it('resolves fiscal quarters and years and custom ranges', async () => {
    const q = await json<KpisAnswer>('/kpis?node=company&period=quarter&date=2026-02-10');
    expect(q.period).toMatchObject({ from: '2026-01-01', to: '2026-03-31', label: 'FY2026 Q1' });
    expect(q.comparisons.lastYear).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(kpi(q, 'revenue')).toMatchObject({ value: 6204, lastYear: 2040 });
    const c = await json<KpisAnswer>('/kpis?node=company&period=custom&from=2026-03-10&to=2026-03-15');
    expect(c.comparisons).toEqual({ previous: { from: '2026-03-04', to: '2026-03-09' }, lastYear: { from: '2025-03-10', to: '2025-03-15' } });
    expect(kpi(c, 'revenue')?.value).toBe(500 - 500 + 851);
    // Days of February (from the daily rollup) and the whole of March (from the monthly one).
    const mixed = await json<KpisAnswer>('/kpis?node=company&period=custom&from=2026-02-20&to=2026-03-31');
    expect(kpi(mixed, 'revenue')?.value).toBe(1000 + 5204);
    expect(kpi(mixed, 'transactions')?.value).toBe(1 + 5);
    const bad = await get('/kpis?node=company&period=custom&from=2026-03-10');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ANALYTICS.INVALID' });
    // A date that does not exist is refused, not rolled over into March.
    const noDay = await get('/kpis?node=company&period=day&date=2026-02-30');
    expect(noDay.statusCode).toBe(400);
    expect(noDay.json()).toMatchObject({ code: 'ANALYTICS.INVALID' });
  });

  it('gives a revenue trend with last year and target per point', async () => {
    const t = await json<{ points: { start: string; label: string; revenue: number; lastYear: number; target: number | null }[] }>('/kpis/trend?node=company&from=2026-01-01&to=2026-03-31&grain=month');
    expect(t.points).toEqual([
      { start: '2026-01-01', label: '2026-01', revenue: 0, lastYear: 0, target: null },
      { start: '2026-02-01', label: '2026-02', revenue: 1000, lastYear: 0, target: null },
      { start: '2026-03-01', label: '2026-03', revenue: 5204, lastYear: 2040, target: 10000 },
    ]);
    const days = await json<{ points: { start: string; revenue: number; lastYear: number }[] }>(`/kpis/trend?node=${FX.a}&from=2026-03-01&to=2026-03-03&grain=day`);
    expect(days.points.map((p) => [p.start, p.revenue, p.lastYear])).toEqual([['2026-03-01', 0, 0], ['2026-03-02', 1500, 0], ['2026-03-03', 0, 1200]]);
  });
});

describe('consolidation', () => {
  const sumCheck = (node: Tree): void => {
    if (node.children.length === 0) return;
    for (const key of ['revenue', 'grossMargin', 'units', 'transactions'] as const) {
      expect(node.children.reduce((a, c) => a + (c[key] ?? 0), 0), `${node.name} ${key}`).toBe(node[key] ?? 0);
    }
    node.children.forEach(sumCheck);
  };

  it('gives parents equal to the sum of their children to the cent, converting per store-month before summing', async () => {
    const c = await json<{ root: Tree; missingRates: unknown[]; exchangeRates: unknown[] }>('/consolidation?node=company&period=month&date=2026-03-01');
    sumCheck(c.root);
    expect(c.root).toMatchObject({ kind: 'company', revenue: 5204, grossMargin: 1741, units: 11, transactions: 5, target: 10000, attainment: 0.5204 });
    const south = c.root.children.find((n) => n.id === FX_REGIONS.south) as Tree;
    // 851 + 853 = 1704, where converting the EUR sum (2004 × 0.85 = 1703.4) would give 1703.
    expect(south.revenue).toBe(1704);
    expect(south.children.map((s) => [s.id, s.revenue])).toEqual([[FX.c, 851], [FX.d, 0], [FX.e, 853]]);
    const north = c.root.children.find((n) => n.id === FX_REGIONS.north) as Tree;
    expect(north.children.map((n) => [n.kind, n.id])).toEqual([['region', FX_REGIONS.city], ['store', FX.b]]);
    expect(north).toMatchObject({ revenue: 3500, target: 3000 });
    expect(c.missingRates).toEqual([{ storeId: FX.d, storeCode: 'FXD', currency: 'USD', month: '2026-03-01' }]);
    expect(c.exchangeRates).toEqual([{ currency: 'EUR', month: '2026-03-01', rate: '0.85' }]);
  });

  it('ranks the stores of a region by any KPI', async () => {
    const l = await json<{ kpi: string; rows: { rank: number; store: { id: string }; value: number | null; revenue: number }[]; missingRates: unknown[] }>('/league?node=company&period=month&date=2026-03-01');
    const fx = l.rows.filter((r) => r.store.id.startsWith('sto_fx'));
    expect(fx.map((r) => [r.store.id, r.value])).toEqual([[FX.b, 2000], [FX.a, 1500], [FX.e, 853], [FX.c, 851]]);
    expect(l.rows.slice(0, 4).map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(l.missingRates).toHaveLength(1);
    const south = await json<{ rows: { store: { id: string }; value: number | null }[] }>(`/league?node=${FX_REGIONS.south}&period=month&date=2026-03-01&kpi=marginRate&order=desc`);
    // C: 341 / 851 = 0.4007; E has no cost (null, last).
    expect(south.rows.map((r) => [r.store.id, r.value])).toEqual([[FX.c, 0.4007], [FX.e, null]]);
  });

  it('gives the category mix and drills down a store to categories and products', async () => {
    const mix = await json<{ rows: { category: string; revenue: number; share: number | null; units: number; grossMargin: number }[] }>('/category-mix?node=company&period=month&date=2026-03-01');
    const none = { target: null, variance: null, attainment: null };
    expect(mix.rows).toEqual([
      { category: '(none)', revenue: 2000, share: 0.3843, units: 4, grossMargin: 1000, ...none },
      { category: 'Wine', revenue: 1851, share: 0.3557, units: 5, grossMargin: 741, ...none },
      { category: 'Beer', revenue: 1353, share: 0.26, units: 2, grossMargin: 0, ...none },
    ]);
    const cats = await json<{ level: string; rows: { key: string; revenue: number }[] }>(`/drilldown?node=${FX.a}&period=month&date=2026-03-01`);
    expect(cats.level).toBe('category');
    expect(cats.rows.map((r) => [r.key, r.revenue])).toEqual([['Wine', 1000], ['Beer', 500]]);
    const products = await json<{ level: string; rows: { key: string; revenue: number; units: number }[] }>(`/drilldown?node=${FX.a}&period=month&date=2026-03-01&category=Wine`);
    expect(products.rows).toMatchObject([{ key: 'SKU1', revenue: 1000, units: 2 }]);
    expect((await get(`/drilldown?node=${FX_REGIONS.south}&period=month&date=2026-03-01`)).statusCode).toBe(400);
  });
});

describe('answer cache', () => {
  it('serves a hit for the same data version, and new figures once new facts are rolled up', async () => {
    const url = `/kpis?node=${FX.b}&period=month&date=2026-03-01`;
    const first = await get(url);
    const second = await get(url);
    expect(second.headers['x-analytics-cache']).toBe('hit');
    expect(second.json()).toMatchObject({ kpis: first.json().kpis });
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [fxLine(FX.b, '2026-03-06', 'B2', 'SKU3', null, 1, 700, 250)]));
    await app.analytics.catchUpRollups();
    const third = await get(url);
    expect(third.headers['x-analytics-cache']).toBe('miss');
    expect(kpi(third.json() as KpisAnswer, 'revenue')?.value).toBe(2700);
  });
});

describe('scope on the read routes', () => {
  it('answers a node outside the scope, and the company without company scope, with 404', async () => {
    const token = await app.tokenFor(['analyst']);
    await grant(app, userIdOf(token), { region: [FX_REGIONS.north] });
    const mine = await json<KpisAnswer>(`/kpis?node=${FX_REGIONS.north}&period=month&date=2026-03-01`, token);
    expect(kpi(mine, 'revenue')?.value).toBeGreaterThanOrEqual(3500);
    for (const node of ['company', FX_REGIONS.south, FX.c, 'sto_nope']) {
      const res = await get(`/kpis?node=${node}&period=month&date=2026-03-01`, token);
      expect(res.statusCode, node).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ANALYTICS.NODE_NOT_FOUND' });
    }
  });
});

describe('targets on the read side (the rule of analytics.targets.ts)', () => {
  // January 2031 (31 days): A 100 GBP, B 100 GBP (North has no target of its own), D 3,100 USD
  // with no USD rate that month, E 3,100 EUR at 0.5.
  beforeAll(async () => {
    const db = app.database.db;
    const phasing = sql`array[834,833,833,834,833,833,834,833,833,834,833,833]`;
    await db.execute(sql`insert into analytics.target (id, level, node_id, fiscal_year, metric, amount, currency, phasing) values
      ('tgt_fx31_a', 'store', ${FX.a}, 2031, 'revenue', 1200, 'GBP', ${phasing}), ('tgt_fx31_b', 'store', ${FX.b}, 2031, 'revenue', 1200, 'GBP', ${phasing}),
      ('tgt_fx31_d', 'store', ${FX.d}, 2031, 'revenue', 37200, 'USD', ${phasing}), ('tgt_fx31_e', 'store', ${FX.e}, 2031, 'revenue', 37200, 'EUR', ${phasing})`);
    await db.execute(sql`insert into analytics.target_month (target_id, month, amount) values
      ('tgt_fx31_a', '2031-01-01', 100), ('tgt_fx31_b', '2031-01-01', 100), ('tgt_fx31_d', '2031-01-01', 3100), ('tgt_fx31_e', '2031-01-01', 3100)`);
    await db.execute(sql`insert into analytics.exchange_rate (currency, reporting_currency, month, rate) values ('EUR', 'GBP', '2031-01-01', 0.5)`);
  });

  it('prorates a partial month per store before summing, so a region equals the sum of its stores to the cent', async () => {
    // 2 days of 31: each store 100 × 2 / 31 = 6.45 → 6; North 6 + 6 = 12 (prorating the sum, 200 × 2 / 31, would give 13).
    const range = 'period=custom&from=2031-01-01&to=2031-01-02';
    const north = await json<KpisAnswer>(`/kpis?node=${FX_REGIONS.north}&${range}`);
    expect(kpi(north, 'revenue')?.target).toBe(12);
    const c = await json<{ root: Tree }>(`/consolidation?node=${FX_REGIONS.north}&${range}`);
    expect(c.root.target).toBe(12);
    expect(c.root.children.map((n) => [n.id, n.target])).toEqual([[FX_REGIONS.city, 6], [FX.b, 6]]);
    const trend = await json<{ points: { start: string; target: number | null }[] }>(`/kpis/trend?node=${FX_REGIONS.north}&from=2031-01-01&to=2031-01-02&grain=day`);
    // Per day: 100 × 1 / 31 = 3.23 → 3 per store.
    expect(trend.points.map((p) => [p.start, p.target])).toEqual([['2031-01-01', 6], ['2031-01-02', 6]]);
  });

  it('answers a target month without an exchange rate by listing it, not with a 409', async () => {
    const res = await get(`/kpis?node=${FX.d}&period=month&date=2031-01-15`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as KpisAnswer;
    expect(kpi(d, 'revenue')).toMatchObject({ target: null, attainment: null });
    expect(d.missingRates).toContainEqual({ storeId: FX.d, storeCode: 'FXD', currency: 'USD', month: '2031-01-01' });
    // South: E's 3,100 EUR × 0.5 = 1,550; D's month is left out (partial target) and listed.
    const south = await json<KpisAnswer>(`/kpis?node=${FX_REGIONS.south}&period=month&date=2031-01-15`);
    expect(kpi(south, 'revenue')?.target).toBe(1550);
    expect(south.missingRates).toContainEqual({ storeId: FX.d, storeCode: 'FXD', currency: 'USD', month: '2031-01-01' });
    const c = await json<{ root: Tree; missingRates: unknown[] }>(`/consolidation?node=${FX_REGIONS.south}&period=month&date=2031-01-15`);
    expect(c.root.target).toBe(1550);
    expect(c.root.children.map((n) => [n.id, n.target])).toEqual([[FX.c, null], [FX.d, null], [FX.e, 1550]]);
    expect(c.missingRates).toContainEqual({ storeId: FX.d, storeCode: 'FXD', currency: 'USD', month: '2031-01-01' });
  });
});

describe('category targets on the read side', () => {
  // Revenue targets for Wine in March 2026 (all of the year on March): A 800 GBP, C 1,000 EUR (× 0.85 = 850 GBP).
  // No category has a units or gross-margin target, and Beer has none at all.
  beforeAll(async () => {
    const march = [0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (const [nodeId, amount] of [[FX.a, 800], [FX.c, 1000]] as const) {
      const res = await app.inject({
        method: 'PUT', url: '/api/admin/analytics/targets', headers: { authorization: `Bearer ${admin}` },
        payload: { level: 'store', nodeId, fiscalYear: 2026, metric: 'revenue', category: 'Wine', amount, phasing: march },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  const march = 'period=month&date=2026-03-01';

  it('filters a node\'s KPIs to a category and sets them against the sum of its stores\' category targets', async () => {
    const wine = await json<KpisAnswer>(`/kpis?node=company&${march}&category=Wine`);
    expect(wine.category).toBe('Wine');
    // Wine: A 1000 + 500 − 500 = 1000, C 1001 EUR → 851; target 800 + 850 = 1650.
    expect(kpi(wine, 'revenue')).toMatchObject({ value: 1851, target: 1650, variance: 201, attainment: 1.1218 });
    expect(kpi(wine, 'grossMargin')).toMatchObject({ value: 741, target: null, variance: null, attainment: null });
    expect(kpi(wine, 'units')).toMatchObject({ value: 5, target: null });
    // The category rollups count no receipts or returns: those KPIs are null, never a misleading 0.
    for (const key of ['transactions', 'averageBasket', 'unitsPerTransaction', 'returnsRate']) expect(kpi(wine, key)?.value, key).toBeNull();
    const store = await json<KpisAnswer>(`/kpis?node=${FX.a}&${march}&category=Wine`);
    expect(kpi(store, 'revenue')).toMatchObject({ value: 1000, target: 800, variance: 200, attainment: 1.25 });
    // A category without a target: no target, said as null.
    const beer = await json<KpisAnswer>(`/kpis?node=company&${march}&category=Beer`);
    expect(kpi(beer, 'revenue')).toMatchObject({ value: 1353, target: null, variance: null, attainment: null });
    // The all-categories figures keep the all-categories targets.
    const all = await json<KpisAnswer>(`/kpis?node=${FX.a}&${march}`);
    expect(all.category).toBeNull();
    expect(kpi(all, 'revenue')).toMatchObject({ value: 1500, target: 3000 });
  });

  it('sets each category of the mix and of the drill-down against its target', async () => {
    // (none) includes the 700 the cache test added to B.
    const mix = await json<CategoryMixAnswer>(`/category-mix?node=company&${march}`);
    expect(mix.rows.map((r) => [r.category, r.revenue, r.target, r.variance, r.attainment])).toEqual([
      ['(none)', 2700, null, null, null], ['Wine', 1851, 1650, 201, 1.1218], ['Beer', 1353, null, null, null],
    ]);
    const cats = await json<DrilldownAnswer>(`/drilldown?node=${FX.a}&${march}`);
    expect(cats.rows.map((r) => [r.key, r.revenue, r.target, r.variance, r.attainment])).toEqual([['Wine', 1000, 800, 200, 1.25], ['Beer', 500, null, null, null]]);
    expect(cats.category).toBeNull();
    const products = await json<DrilldownAnswer>(`/drilldown?node=${FX.a}&${march}&category=Wine`);
    expect(products.category).toEqual({ key: 'Wine', revenue: 1000, target: 800, variance: 200, attainment: 1.25 });
    expect(products.rows.map((r) => [r.key, r.target])).toEqual([['SKU1', null]]);
  });

  it('consolidates one category against its category targets, parents equal to the sum of their children', async () => {
    const c = await json<{ category: string | null; root: Tree }>(`/consolidation?node=company&${march}&category=Wine`);
    expect(c.category).toBe('Wine');
    expect(c.root).toMatchObject({ revenue: 1851, grossMargin: 741, units: 5, transactions: null, target: 1650, attainment: 1.1218 });
    const stores = new Map<string, Tree>();
    const walk = (n: Tree): void => {
      if (n.kind === 'store') stores.set(n.id, n);
      n.children.forEach(walk);
      if (n.children.length > 0) expect(n.children.reduce((a, ch) => a + ch.revenue, 0), n.name).toBe(n.revenue);
    };
    walk(c.root);
    expect(stores.get(FX.a)).toMatchObject({ revenue: 1000, target: 800, attainment: 1.25, transactions: null });
    expect(stores.get(FX.c)).toMatchObject({ revenue: 851, target: 850 });
    expect(stores.get(FX.b)).toMatchObject({ revenue: 0, target: null });
    // Without the filter: the all-categories figures and targets, receipts counted.
    const all = await json<{ category: string | null; root: Tree }>(`/consolidation?node=company&${march}`);
    expect(all.category).toBeNull();
    expect(all.root.transactions).toBeGreaterThan(0);
    expect(all.root.revenue).toBeGreaterThan(c.root.revenue);
  });

  it('sums only the stores in the caller\'s scope', async () => {
    const token = await app.tokenFor(['analyst']);
    await grant(app, userIdOf(token), { region: [FX_REGIONS.north] });
    const north = await json<KpisAnswer>(`/kpis?node=${FX_REGIONS.north}&${march}&category=Wine`, token);
    expect(kpi(north, 'revenue')).toMatchObject({ value: 1000, target: 800, attainment: 1.25 });
    const mix = await json<CategoryMixAnswer>(`/category-mix?node=${FX_REGIONS.north}&${march}`, token);
    expect(mix.rows.find((r) => r.category === 'Wine')).toMatchObject({ revenue: 1000, target: 800 });
    expect((await get(`/kpis?node=company&${march}&category=Wine`, token)).statusCode).toBe(404);
  });
});

describe('money rounding (half away from zero, domain/money.ts)', () => {
  // Store C (EUR) at 0.5 GBP in January and February 2032: a sale of 5 cents in January, its
  // return (−5) in February. Each converts to ±2.5, rounded away from zero to ±3, so the two
  // months cancel exactly; half-up (⌊x + 0.5⌋) would give 3 and −2, one penny of revenue left.
  // A gross-margin target of −1 GBP in February 2033 at store A, over 14 of its 28 days: −0.5 → −1.
  beforeAll(async () => {
    const db = app.database.db;
    await db.execute(sql`insert into analytics.exchange_rate (currency, reporting_currency, month, rate) values ('EUR', 'GBP', '2032-01-01', 0.5), ('EUR', 'GBP', '2032-02-01', 0.5)`);
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [
      fxLine(FX.c, '2032-01-10', 'HALF1', 'SKU1', 'Wine', 1, 5, null, 'EUR'),
      fxLine(FX.c, '2032-02-10', 'HALF2', 'SKU1', 'Wine', -1, -5, null, 'EUR'),
    ]));
    await app.analytics.catchUpRollups();
    const phasing = sql`array[834,833,833,834,833,833,834,833,833,834,833,833]`;
    await db.execute(sql`insert into analytics.target (id, level, node_id, fiscal_year, metric, amount, currency, phasing) values ('tgt_fx33_gm', 'store', ${FX.a}, 2033, 'gross_margin', -1, 'GBP', ${phasing})`);
    await db.execute(sql`insert into analytics.target_month (target_id, month, amount) values ('tgt_fx33_gm', '2033-02-01', -1)`);
  });

  it('rounds a converted sale and its return to mirror amounts, so they cancel', async () => {
    const jan = await json<KpisAnswer>(`/kpis?node=${FX.c}&period=month&date=2032-01-15`);
    expect(kpi(jan, 'revenue')?.value).toBe(3);
    const feb = await json<KpisAnswer>(`/kpis?node=${FX.c}&period=month&date=2032-02-15`);
    expect(kpi(feb, 'revenue')?.value).toBe(-3);
    const both = await json<KpisAnswer>(`/kpis?node=${FX.c}&period=custom&from=2032-01-01&to=2032-02-29`);
    expect(kpi(both, 'revenue')?.value).toBe(0);
    const mix = await json<CategoryMixAnswer>(`/category-mix?node=${FX.c}&period=custom&from=2032-01-01&to=2032-02-29`);
    expect(mix.rows).toMatchObject([{ category: 'Wine', revenue: 0 }]);
    const trend = await json<{ points: { start: string; revenue: number }[] }>(`/kpis/trend?node=${FX.c}&from=2032-01-01&to=2032-02-29&grain=month`);
    expect(trend.points.map((p) => p.revenue)).toEqual([3, -3]);
  });

  it('prorates a negative target half away from zero', async () => {
    const half = await json<KpisAnswer>(`/kpis?node=${FX.a}&period=custom&from=2033-02-01&to=2033-02-14`);
    expect(kpi(half, 'grossMargin')?.target).toBe(-1);
  });
});
