import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { FX_REGIONS, seedFixture } from '../../../test/support/analytics-fixture.js';
import type { AbcAnswer } from './analytics.analyses.js';

let app: TestApp;
let admin: string;

beforeAll(async () => {
  app = await createTestApp();
  await seedFixture(app);
  admin = await app.tokenFor(['admin']);
});
afterAll(() => app.close());

const abc = async (query: string): Promise<AbcAnswer> => {
  const res = await app.inject({ url: `/api/admin/analytics/analyses/abc?${query}`, headers: { authorization: `Bearer ${admin}` } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AbcAnswer;
};

describe('ABC across currencies (the fixture of analytics.kpis.test.ts, March 2026)', () => {
  it('converts each store-month at its rate before ranking, and lists the store without a rate', async () => {
    // SKU1: A 1000 + 500 − 500 = 1000 GBP, C 1001 EUR × 0.85 = 850.85 → 851; SKU2: A 500 + E 1003 × 0.85 = 852.55 → 853; SKU3: B 2000; D (USD) has no rate.
    const a = await abc('node=company&period=month&date=2026-03-14');
    expect(a.rows.map((r) => [r.sku, r.revenue, r.abcClass])).toEqual([['SKU3', 2000, 'A'], ['SKU1', 1851, 'A'], ['SKU2', 1353, 'A']]);
    expect(a.total).toBe(5204); // the revenue KPI of the same node and month
    expect(a.missingRates).toEqual([{ storeId: 'sto_fx_d', storeCode: 'FXD', currency: 'USD', month: '2026-03-01' }]);
  });

  it('ranks by gross margin over the lines with a cost, a product without any cost in class C', async () => {
    // SKU1: A (1000 − 600) + (500 − 300) + (−500 + 300) = 400, C (1001 − 600) EUR × 0.85 = 340.85 → 341; SKU3: 2000 − 1000; SKU2: no cost.
    const a = await abc('node=company&period=month&date=2026-03-14&measure=margin');
    expect(a.rows.map((r) => [r.sku, r.grossMargin, r.abcClass])).toEqual([['SKU3', 1000, 'A'], ['SKU1', 741, 'A'], ['SKU2', 0, 'C']]);
    const north = await abc(`node=${FX_REGIONS.north}&period=month&date=2026-03-14&measure=margin&a=0.5&b=0.9`);
    // North (A, B): SKU3 1000, SKU1 400 → before SKU1 the share is 1000 / 1400 = 0.71: B.
    expect(north.rows.map((r) => [r.sku, r.abcClass])).toEqual([['SKU3', 'A'], ['SKU1', 'B'], ['SKU2', 'C']]);
  });

  it('reads the company from its own product rollup: the figures of its regions summed, whole months and days alike', async () => {
    for (const period of ['period=month&date=2026-03-14', 'period=custom&from=2026-02-20&to=2026-03-31', 'period=custom&from=2026-03-02&to=2026-03-30']) {
      const company = await abc(`node=company&${period}`);
      const regions = await Promise.all([FX_REGIONS.north, FX_REGIONS.south].map((r) => abc(`node=${r}&${period}`)));
      const summed = new Map<string, number[]>();
      for (const r of regions.flatMap((a) => a.rows)) {
        const [revenue, margin, units] = summed.get(r.sku) ?? [0, 0, 0];
        summed.set(r.sku, [revenue! + r.revenue, margin! + r.grossMargin, units! + r.units]);
      }
      expect(company.rows.length, period).toBeGreaterThan(0);
      expect(new Map(company.rows.map((r) => [r.sku, [r.revenue, r.grossMargin, r.units]])), period).toEqual(summed);
      expect(company.missingRates, period).toEqual(regions.flatMap((a) => a.missingRates));
    }
  });
});
