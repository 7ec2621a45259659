/**
 * What-if scenarios on the analytics fixture (test/support/analytics-fixture.ts), March 2026, in
 * GBP. Baseline per store (D has no USD rate for March and is left out):
 *   A revenue 1500, costed revenue 1000, cost 600, units 3 (a return included)
 *   B revenue 2000, costed 2000, cost 1000, units 4
 *   C revenue 851 (1001 EUR × 0.85, half-up), costed 851, cost 510, units 3
 *   E revenue 853, no cost, units 1
 * Every expected figure below is computed by hand from these.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { FX, FX_REGIONS, fxLine, grant, seedFixture, userIdOf } from '../../../test/support/analytics-fixture.js';
import type { ScenarioNode, SimulationAnswer } from './analytics.scenarios.js';

let app: TestApp;
let admin: string;
let company: string;
let storeManager: string;
let manager: string;

beforeAll(async () => {
  app = await createTestApp();
  company = await seedFixture(app);
  admin = await app.tokenFor(['admin']);
  storeManager = await app.tokenFor(['analyst']);
  await grant(app, userIdOf(storeManager), { store: [FX.a] });
  manager = await app.tokenFor(['manager']);
  await grant(app, userIdOf(manager), { region: [company] });
});
afterAll(() => app.close());

const march = { period: 'month', date: '2026-03-15' };
const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
  app.inject({ method, url: `/api/admin/analytics/scenarios${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
const simulate = async (body: object, token = admin): Promise<SimulationAnswer> => {
  const res = await call('POST', '/simulate', token, { ...march, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as SimulationAnswer;
};
const find = (n: ScenarioNode, id: string): ScenarioNode | undefined => (n.id === id ? n : n.children.map((c) => find(c, id)).find(Boolean));
const node = (a: SimulationAnswer, id: string) => find(a.root, id) as ScenarioNode;
/** Half-up rounding of a figure computed by hand (small values: binary floating point is exact enough). */
const scaleHalfUp = (x: number) => Math.floor(x + 0.5 + 1e-9);

/** Every parent's additive figures and bridge steps equal the sum of its children's, to the unit. */
function expectParentsAreSums(n: ScenarioNode): void {
  if (n.children.length === 0) return;
  for (const side of ['baseline', 'scenario'] as const) {
    for (const k of ['revenue', 'cost', 'costedRevenue', 'grossMargin', 'units'] as const) {
      expect(n[side][k], `${n.id} ${side}.${k}`).toBe(n.children.reduce((a, c) => a + c[side][k], 0));
    }
  }
  for (const k of ['closings', 'volume', 'price', 'cost', 'openings'] as const) expect(n.bridge[k], `${n.id} bridge.${k}`).toBe(n.children.reduce((a, c) => a + c.bridge[k], 0));
  for (const k of ['price', 'cost'] as const) expect(n.pvm[k], `${n.id} pvm.${k}`).toBe(n.children.reduce((a, c) => a + c.pvm[k], 0));
  expect(n.pvm.volume + n.pvm.mix + n.pvm.price + n.pvm.cost, `${n.id} pvm`).toBe(n.scenario.grossMargin - n.baseline.grossMargin);
  n.children.forEach(expectParentsAreSums);
}

/** The bridge goes from baseline to scenario gross margin exactly. */
function expectBridgeAddsUp(a: SimulationAnswer): void {
  const steps: Record<string, number> = Object.fromEntries(a.bridge.map((s) => [s.step, s.value]));
  expect(a.bridge.map((s) => s.step)).toEqual(['baseline', 'closings', 'volume', 'price', 'cost', 'openings', 'scenario']);
  const sum = ['baseline', 'closings', 'volume', 'price', 'cost', 'openings'].reduce((a, k) => a + (steps[k] as number), 0);
  expect(sum).toBe(steps.scenario);
  expect(steps.baseline).toBe(a.root.baseline.grossMargin);
  expect(steps.scenario).toBe(a.root.scenario.grossMargin);
  const pvm: Record<string, number> = Object.fromEntries(a.pvmBridge.map((s) => [s.step, s.value]));
  expect(a.pvmBridge.map((s) => s.step)).toEqual(['baseline', 'volume', 'mix', 'price', 'cost', 'scenario']);
  expect(['baseline', 'volume', 'mix', 'price', 'cost'].reduce((x, k) => x + (pvm[k] as number), 0)).toBe(pvm.scenario);
}

describe('simulate', () => {
  it('applies the default elasticity −1.0: price +10 % gives volume −10 % (factor 0.99 on revenue)', async () => {
    const a = await simulate({ drivers: { pricePct: 10 } });
    expect(a.drivers).toEqual({ pricePct: 10, unitCostPct: 0, volumePct: -10, elasticity: -1, targetPct: 0 });
    expect(a.root).toMatchObject({ kind: 'company', id: company });
    expect(a.root.baseline).toMatchObject({ revenue: 5204, costedRevenue: 3851, cost: 2110, grossMargin: 1741, units: 11, marginRate: 0.4521 });
    // A 1485, B 1980, C 842.49 → 842, E 844.47 → 844; cost: A 540, B 900, C 459; units 2.7 → 3, 3.6 → 4, 2.7 → 3, 0.9 → 1.
    expect(a.root.scenario).toMatchObject({ revenue: 5151, costedRevenue: 3812, cost: 1899, grossMargin: 1913, units: 11, marginRate: 0.5018 });
    expect(node(a, FX.c).scenario).toMatchObject({ revenue: 842, cost: 459, units: 3 });
    // Volume: A (900 − 540) − 400, B 900 − 1000, C (766 − 459) − 341; price: 90 + 180 + 76.
    expect(a.bridge).toEqual([
      { step: 'baseline', value: 1741 }, { step: 'closings', value: 0 }, { step: 'volume', value: -174 }, { step: 'price', value: 346 },
      { step: 'cost', value: 0 }, { step: 'openings', value: 0 }, { step: 'scenario', value: 1913 },
    ]);
    // Price–volume–mix: volume = 1741 × (11 × 0.9) / 11 − 1741 = 1566.9 → 1567 − 1741; the per-store unit rounding is not mix.
    expect(a.pvmBridge).toEqual([
      { step: 'baseline', value: 1741 }, { step: 'volume', value: -174 }, { step: 'mix', value: 0 }, { step: 'price', value: 346 },
      { step: 'cost', value: 0 }, { step: 'scenario', value: 1913 },
    ]);
    expectBridgeAddsUp(a);
    expect(a.missingRates).toEqual([{ storeId: FX.d, storeCode: 'FXD', currency: 'USD', month: '2026-03-01' }]);
    expect(a.formulas).toMatch(/revenue·\(1\+p\)\(1\+v\)/);
    expectParentsAreSums(a.root);
  });

  it('computes price, unit cost and volume changes on a region exactly (1500 × 1.05 × 1.02 = 1606.5 → 1607), with targets', async () => {
    const a = await simulate({ scope: { regionIds: [FX_REGIONS.north] }, drivers: { pricePct: 5, unitCostPct: 3, volumePct: 2, targetPct: 10 } });
    expect(a.drivers).toMatchObject({ volumePct: 2, elasticity: null });
    expect(a.root).toMatchObject({ kind: 'region', id: FX_REGIONS.north });
    expect(a.root.children.map((c) => c.id)).toEqual([FX_REGIONS.city, FX.b]);
    expect(node(a, FX.a).scenario).toMatchObject({ revenue: 1607, costedRevenue: 1071, cost: 630, units: 3, grossMargin: 441 });
    expect(node(a, FX.b).scenario).toMatchObject({ revenue: 2142, costedRevenue: 2142, cost: 1051, units: 4, grossMargin: 1091 });
    expect(a.root.baseline).toMatchObject({ revenue: 3500, grossMargin: 1400, target: 3000, attainment: 1.1667 });
    expect(a.root.scenario).toMatchObject({ revenue: 3749, grossMargin: 1532, marginRate: 0.4768, units: 7, target: 3300, attainment: 1.1361 });
    expect(node(a, FX.a).scenario.target).toBe(3300);
    expect(node(a, FX.b).scenario.target).toBeNull();
    expect(Object.fromEntries(a.bridge.map((s) => [s.step, s.value]))).toEqual({ baseline: 1400, closings: 0, volume: 28, price: 153, cost: -49, openings: 0, scenario: 1532 });
    // K: 3000 → 3060 at volume → 3213; C: 1600 → 1632 → 1681.
    expect(a.root.pvm).toEqual({ volume: 28, mix: 0, price: 153, cost: -49 });
    expectParentsAreSums(a.root);
  });

  it('removes a closed store\'s figures from its closing date and adds an opened store modelled on a comparable one', async () => {
    const a = await simulate({ drivers: { closings: [{ storeId: FX.b, from: '2026-03-05' }], openings: [{ regionId: FX_REGIONS.south, comparableStoreId: FX.b, from: '2026-03-01', name: 'Lille' }] } });
    expect(node(a, FX.b)).toMatchObject({ closedFrom: '2026-03-05', baseline: { revenue: 2000 }, scenario: { revenue: 0, units: 0, grossMargin: 0 }, bridge: { closings: -1000 } });
    const opened = node(a, 'new_1');
    expect(opened).toMatchObject({ kind: 'store', name: 'Lille', opening: { comparableStoreId: FX.b, from: '2026-03-01' }, baseline: { revenue: 0 }, scenario: { revenue: 2000, grossMargin: 1000, units: 4 } });
    expect(node(a, FX_REGIONS.south).children.map((c) => c.id)).toEqual([FX.c, FX.d, FX.e, 'new_1']);
    expect(node(a, FX_REGIONS.south).scenario.revenue).toBe(851 + 853 + 2000);
    expect(a.root.scenario.revenue).toBe(5204);
    expect(Object.fromEntries(a.bridge.map((s) => [s.step, s.value]))).toMatchObject({ closings: -1000, openings: 1000, scenario: 1741 });
    // A closing on the 6th keeps B's sale of the 5th; an opening on the 6th copies nothing of it.
    const later = await simulate({ drivers: { pricePct: 10, closings: [{ storeId: FX.b, from: '2026-03-06' }], openings: [{ regionId: FX_REGIONS.south, comparableStoreId: FX.b, from: '2026-03-06' }] } });
    expect(node(later, FX.b).scenario.revenue).toBe(1980);
    expect(node(later, 'new_1')).toMatchObject({ name: 'New store like Bravo', scenario: { revenue: 0 } });
    // Bravo swapped for a store just like it: no volume, no mix.
    expect(a.root.pvm).toEqual({ volume: 0, mix: 0, price: 0, cost: 0 });
    expectBridgeAddsUp(a);
    expectBridgeAddsUp(later);
    expectParentsAreSums(a.root);
    expectParentsAreSums(later.root);
  });

  it('narrows the figures to categories (daily) or SKUs (whole months); no targets then', async () => {
    const wine = await simulate({ scope: { categories: ['Wine'] }, drivers: { pricePct: 0 } });
    // A 1000 + 500 − 500; C 851; D (Wine, USD) has no rate.
    expect(wine.root.baseline).toMatchObject({ revenue: 1851, cost: 1110, units: 5, target: null });
    expect(wine.filter).toEqual({ categories: ['Wine'], skus: [] });
    const sku = await simulate({ period: 'custom', from: '2026-03-10', to: '2026-03-20', scope: { skus: ['SKU2'] }, drivers: {} });
    expect(sku.coverage).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(sku.root.baseline).toMatchObject({ revenue: 500 + 853, units: 2 });
    expectParentsAreSums(wine.root);
  });

  it('refuses out-of-range drivers, incoherent drivers and unknown nodes with a problem document, never a 500', async () => {
    const bad: [object, number, string][] = [
      [{ drivers: { pricePct: -101 } }, 400, 'VALIDATION.FAILED'],
      [{ drivers: { unitCostPct: 1001 } }, 400, 'VALIDATION.FAILED'],
      [{ drivers: { elasticity: -11 } }, 400, 'VALIDATION.FAILED'],
      [{ drivers: { volumePct: 5, elasticity: -1 } }, 400, 'ANALYTICS.INVALID'],
      [{ drivers: { pricePct: 20, elasticity: -10 } }, 400, 'ANALYTICS.INVALID'],
      [{ drivers: { closings: [{ storeId: FX.a, from: '2026-04-02' }] } }, 400, 'ANALYTICS.INVALID'],
      [{ scope: { regionIds: [FX_REGIONS.north] }, drivers: { closings: [{ storeId: FX.c, from: '2026-03-02' }] } }, 400, 'ANALYTICS.INVALID'],
      [{ drivers: { closings: [{ storeId: 'sto_nope', from: '2026-03-02' }] } }, 404, 'ANALYTICS.NODE_NOT_FOUND'],
      [{ scope: { storeIds: ['sto_nope'] }, drivers: {} }, 404, 'ANALYTICS.NODE_NOT_FOUND'],
      [{ drivers: { openings: [{ regionId: 'reg_nope', comparableStoreId: FX.a, from: '2026-03-02' }] } }, 404, 'ANALYTICS.NODE_NOT_FOUND'],
      [{ period: 'custom', from: '2026-03-20', to: '2026-03-01', drivers: {} }, 400, 'ANALYTICS.INVALID'],
      [{ drivers: { pricePct: 5 }, extra: 1 }, 400, 'VALIDATION.FAILED'],
    ];
    for (const [body, status, code] of bad) {
      const res = await call('POST', '/simulate', admin, { ...march, ...body });
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code });
    }
  });

  it('shows a closed store with an above-average margin per unit as volume and mix', async () => {
    // Bravo (GM 1000 on 4 units, 250 a unit) closes for the whole month; the company's average is 1741 / 11 = 158.27 a unit.
    const a = await simulate({ drivers: { closings: [{ storeId: FX.b, from: '2026-03-01' }] } });
    // Volume: 1741 × 7 / 11 = 1107.9 → 1108 − 1741 = −633; mix: (400 + 341) − 1741 + 633 = −367.
    expect(a.root.pvm).toEqual({ volume: -633, mix: -367, price: 0, cost: 0 });
    expect(node(a, FX.b).pvm).toEqual({ volume: -1000, mix: 0, price: 0, cost: 0 });
    expect(Object.fromEntries(a.pvmBridge.map((s) => [s.step, s.value]))).toEqual({ baseline: 1741, volume: -633, mix: -367, price: 0, cost: 0, scenario: 741 });
    expectBridgeAddsUp(a);
    expectParentsAreSums(a.root);
  });

  it('answers moved drivers from the cached baseline, and a new rolled-up sale from a new one', async () => {
    const april = { period: 'month', date: '2026-04-15', scope: { storeIds: [FX.a] } };
    const send = (drivers: object) => call('POST', '/simulate', admin, { ...april, drivers });
    const first = await send({ pricePct: 1 });
    expect(first.statusCode, first.body).toBe(200);
    const before = (first.json() as SimulationAnswer).root.baseline.revenue;
    const moved = await send({ pricePct: 2 });
    expect(moved.headers['x-analytics-cache']).toBe('hit');
    expect((moved.json() as SimulationAnswer).root.baseline.revenue).toBe(before);
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [fxLine(FX.a, '2026-04-10', 'A-APR', 'SKU1', 'Wine', 1, 250, 100)]));
    await app.analytics.catchUpRollups();
    const after = await send({ pricePct: 2 });
    expect(after.headers['x-analytics-cache']).toBe('miss');
    expect((after.json() as SimulationAnswer).root).toMatchObject({ baseline: { revenue: before + 250 }, scenario: { revenue: scaleHalfUp((before + 250) * 1.02 * 0.98) } });
  });
});

describe('scope', () => {
  it('lets a store manager simulate their store and nothing else (crafted ids → 404)', async () => {
    const own = await simulate({ scope: { storeIds: [FX.a] }, drivers: { pricePct: 10 } }, storeManager);
    expect(own.root).toMatchObject({ kind: 'store', id: FX.a, scenario: { revenue: 1485 } });
    expect(JSON.stringify(own)).not.toMatch(/sto_fx_[bcde]|Bravo|Charlie/);
    for (const body of [
      { drivers: {} },
      { scope: { storeIds: [FX.c] }, drivers: {} },
      { scope: { regionIds: [FX_REGIONS.city] }, drivers: {} },
      { scope: { regionIds: ['company'] }, drivers: {} },
      { scope: { storeIds: [FX.a] }, drivers: { openings: [{ regionId: FX_REGIONS.city, comparableStoreId: FX.a, from: '2026-03-01' }] } },
      { scope: { storeIds: [FX.a] }, drivers: { closings: [{ storeId: FX.b, from: '2026-03-01' }] } },
    ]) {
      const res = await call('POST', '/simulate', storeManager, { ...march, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ANALYTICS.NODE_NOT_FOUND' });
    }
  });
});

describe('saved scenarios', () => {
  const definition = { ...march, scope: { regionIds: [FX_REGIONS.north] }, drivers: { pricePct: 5, unitCostPct: 3, volumePct: 2 } };

  it('needs scenarios:write to save; lists, gets, updates, duplicates, runs, compares and deletes', async () => {
    expect((await call('POST', '', storeManager, { name: 'Nope', ...definition })).statusCode).toBe(403);
    const created = await call('POST', '', manager, { name: '  North +5 %  ', ...definition });
    expect(created.statusCode, created.body).toBe(201);
    const s = created.json() as { id: string; name: string; authorId: string; definition: object; createdAt: string };
    expect(s).toMatchObject({ name: 'North +5 %', authorId: userIdOf(manager), definition });
    expect((await call('POST', '', manager, { name: '   ', ...definition })).json()).toMatchObject({ code: 'ANALYTICS.INVALID' });

    const updated = await call('PUT', `/${s.id}`, manager, { name: 'North +6 %', ...definition, drivers: { pricePct: 6 } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'North +6 %', authorId: userIdOf(manager), createdAt: s.createdAt, definition: { drivers: { pricePct: 6 } } });

    const copy = await call('POST', `/${s.id}/duplicate`, admin);
    expect(copy.statusCode, copy.body).toBe(201);
    const c = copy.json() as { id: string; name: string; authorId: string };
    expect(c).toMatchObject({ name: 'North +6 % (copy)', authorId: userIdOf(admin) });
    await call('PUT', `/${c.id}`, admin, { name: 'North mix', ...definition });

    const list = (await call('GET', '', manager)).json() as { data: { id: string }[]; pagination: { total: number } };
    expect(list.data.map((x) => x.id).sort()).toEqual([s.id, c.id].sort());
    expect(list.pagination.total).toBe(2);
    expect((await call('GET', `/${s.id}`, manager)).json()).toMatchObject({ id: s.id, name: 'North +6 %' });

    const run = await call('POST', `/${c.id}/run`, storeManager);
    expect(run.statusCode).toBe(404); // names the North region, outside a store manager's scope
    const ran = (await call('POST', `/${c.id}/run`, manager)).json() as SimulationAnswer & { scenario: { id: string } };
    expect(ran.scenario).toEqual({ id: c.id, name: 'North mix' });
    expect(ran.root.scenario).toMatchObject({ revenue: 3749, grossMargin: 1532 });

    const compared = await call('POST', '/compare', manager, { ids: [s.id, c.id] });
    expect(compared.statusCode, compared.body).toBe(200);
    const both = (compared.json() as { scenarios: (SimulationAnswer & { scenario: { id: string } })[] }).scenarios;
    expect(both.map((x) => x.scenario.id)).toEqual([s.id, c.id]);
    // +6 % price, default elasticity: North 3500 × 1.06 × 0.94 = 3487.4 (A 1494.6 → 1495, B 1992.8 → 1993).
    expect(both.map((x) => x.root.scenario.revenue)).toEqual([3488, 3749]);
    expect((await call('POST', '/compare', manager, { ids: [s.id, s.id] })).json()).toMatchObject({ code: 'ANALYTICS.INVALID' });
    expect((await call('POST', '/compare', manager, { ids: [s.id, 'scn_nope'] })).statusCode).toBe(404);
    expect((await call('POST', '/compare', manager, { ids: [s.id] })).statusCode).toBe(400);

    expect((await call('DELETE', `/${s.id}`, storeManager)).statusCode).toBe(403);
    expect((await call('DELETE', `/${s.id}`, manager)).statusCode).toBe(204);
    expect((await call('GET', `/${s.id}`, manager)).json()).toMatchObject({ code: 'ANALYTICS.SCENARIO_NOT_FOUND' });
    await call('DELETE', `/${c.id}`, manager);
  });

  it('hides a scenario whose scope is outside the user\'s scope, and refuses to save one', async () => {
    const mine = (await call('POST', '', admin, { name: 'Company', ...march, drivers: { pricePct: 1 } })).json() as { id: string };
    const store = (await call('POST', '', admin, { name: 'Alpha', ...march, scope: { storeIds: [FX.a] }, drivers: { pricePct: 1 } })).json() as { id: string };
    const seen = (await call('GET', '', storeManager)).json() as { data: { id: string }[] };
    expect(seen.data.map((x) => x.id)).toEqual([store.id]);
    expect((await call('GET', `/${mine.id}`, storeManager)).statusCode).toBe(404);
    expect((await call('POST', `/${mine.id}/run`, storeManager)).json()).toMatchObject({ code: 'ANALYTICS.SCENARIO_NOT_FOUND' });
    expect((await call('POST', `/${store.id}/run`, storeManager)).statusCode).toBe(200);
    // A scenario manager granted only North City cannot save one naming the South.
    const local = await app.tokenFor(['manager']);
    await grant(app, userIdOf(local), { region: [FX_REGIONS.city] });
    const refused = await call('POST', '', local, { name: 'South', ...march, scope: { regionIds: [FX_REGIONS.south] }, drivers: {} });
    expect(refused.statusCode).toBe(404);
    expect(((await call('GET', '', admin)).json() as { data: { name: string }[] }).data.map((x) => x.name)).not.toContain('South');
  });
  it('compares saved scenarios in the report, whole or narrowed to one category (a scenario of other categories left out)', async () => {
    const save = async (name: string, scope?: object) => {
      const res = await call('POST', '', admin, { name, ...march, ...(scope ? { scope } : {}), drivers: { pricePct: 0 } });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    const flat = await save('Company flat');
    const beer = await save('Beer only', { categories: ['Beer'] });
    const report = async (extra = '') => {
      const res = await app.inject({ url: `/api/admin/analytics/reports/scenario-comparison?scenarios=${flat},${beer}${extra}`, headers: { authorization: `Bearer ${admin}` } });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { data: { scenario: string; revenueBaseline: number; revenueScenario: number }[] }).data;
    };
    // Whole: A 1500 + B 2000 + C 851 + E 853 (D has no rate); Beer: A 500 + E 853.
    expect(await report()).toEqual([
      expect.objectContaining({ scenario: 'Company flat', revenueBaseline: 5204, revenueScenario: 5204 }),
      expect.objectContaining({ scenario: 'Beer only', revenueBaseline: 1353 }),
    ]);
    // Wine: A 1000 + 500 − 500, C 851; the Beer scenario holds no wine.
    expect(await report('&category=Wine')).toEqual([expect.objectContaining({ scenario: 'Company flat', revenueBaseline: 1851 })]);
    expect(await report('&category=Beer')).toEqual([
      expect.objectContaining({ scenario: 'Company flat', revenueBaseline: 1353 }),
      expect.objectContaining({ scenario: 'Beer only', revenueBaseline: 1353 }),
    ]);
    for (const id of [flat, beer]) await call('DELETE', `/${id}`, admin);
  });
});
