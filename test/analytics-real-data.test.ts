/**
 * Sales facts on real data, recomputed independently: the CSV is streamed again here and summed
 * per store per month with plain code, then compared with the fact table to the cent.
 * - Iowa liquor sales (433k lines, 1,912 stores) through the generic POS import with the
 *   mapping of test/fixtures/iowa-liquor.mapping.json (the CLI's code path);
 * - the Online Retail December 2010 file through the normal Online Retail import → facts of the
 *   online store;
 * - a web order placed through `POST /api/orders` shows up within 5 s; cancelling it nets it to zero.
 * Data tests are skipped, with a message, when their file is absent (the data stays outside the project).
 */
import { existsSync, createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/platform/db/index.js';
import type { SalesImportReport } from '../src/modules/analytics/index.js';
import { serviceCode } from '../src/modules/imports/online-retail/service-codes.js';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';

const IOWA = fileURLToPath(new URL('../../shared/data/iowa-liquor/iowa-liquor-sales-2022-09_10.csv', import.meta.url));
const MAPPING = fileURLToPath(new URL('./fixtures/iowa-liquor.mapping.json', import.meta.url));
const RETAIL = fileURLToPath(new URL('../../shared/data/online-retail/online-retail-2010-12.csv', import.meta.url));
const hasIowa = existsSync(IOWA);
const hasRetail = existsSync(RETAIL);
if (!hasIowa) console.warn(`analytics-real-data: ${IOWA} is absent; the Iowa tests are skipped`);
if (!hasRetail) console.warn(`analytics-real-data: ${RETAIL} is absent; the Online Retail test is skipped`);

/** Totals of one store and month: revenue and cost in cents; costed revenue = revenue of the lines with a trusted cost. */
type Totals = { revenue: number; units: number; cost: number; costedRevenue: number; lines: number };
const empty = (): Totals => ({ revenue: 0, units: 0, cost: 0, costedRevenue: 0, lines: 0 });

/** "12.34" → 1234 (dollars to cents, by string, no float). */
function cents(text: string): number {
  const [whole, frac = ''] = text.trim().replace(/^-/, '').split('.');
  const v = Number(whole || '0') * 100 + Number((frac + '00').slice(0, 2));
  return text.trim().startsWith('-') ? -v : v;
}

/** Streams the Iowa CSV and sums per `store|YYYY-MM` (cost only where `price_matches_catalog` is `true`, as the README advises). */
async function iowaTotals(): Promise<Map<string, Totals>> {
  const out = new Map<string, Totals>();
  const parser = createReadStream(IOWA).pipe(parse({ columns: true }));
  for await (const r of parser as AsyncIterable<Record<string, string>>) {
    const key = `${r.store_number}|${r.date!.slice(0, 7)}`;
    const t = out.get(key) ?? empty();
    const revenue = cents(r.sale_dollars!);
    const units = Number(r.bottles_sold);
    t.revenue += revenue;
    t.units += units;
    t.lines += 1;
    if (r.price_matches_catalog === 'true') {
      t.cost += cents(r.catalog_state_bottle_cost!) * units;
      t.costedRevenue += revenue;
    }
    out.set(key, t);
  }
  return out;
}

/** The fact table's totals per `store code|YYYY-MM` for `source`. */
async function factTotals(app: TestApp, source: string): Promise<Map<string, Totals>> {
  const found = await rows<{ k: string; revenue: string; units: string; cost: string; costed: string; lines: string }>(
    app.database.db,
    sql`select s.code || '|' || to_char(f.local_at, 'YYYY-MM') as k, sum(f.net_revenue)::text as revenue, sum(f.quantity)::text as units,
          coalesce(sum(f.unit_cost * f.quantity) filter (where f.unit_cost is not null), 0)::text as cost,
          coalesce(sum(f.net_revenue) filter (where f.unit_cost is not null), 0)::text as costed, count(*)::text as lines
        from analytics.sale_line f join analytics.store s on s.id = f.store_id where f.source = ${source} group by 1`,
  );
  return new Map(found.map((r) => [r.k, { revenue: Number(r.revenue), units: Number(r.units), cost: Number(r.cost), costedRevenue: Number(r.costed), lines: Number(r.lines) }]));
}

// The 433,373-line import runs once per test run, on PostgreSQL (on PGlite it would add minutes;
// the import's behaviour on PGlite is covered by analytics.sales-import.test.ts).
describe.skipIf(!hasIowa || !onPostgres)('Iowa liquor sales through the generic POS import', () => {
  let app: TestApp;
  let report: SalesImportReport;
  let expected: Map<string, Totals>;

  beforeAll(async () => {
    app = await createTestApp();
    const started = performance.now();
    report = await app.analytics.importSales(IOWA, (await import('node:fs')).readFileSync(MAPPING, 'utf8'), { createMissing: true });
    const seconds = (performance.now() - started) / 1000;
    console.warn(`Iowa import (${onPostgres ? 'PostgreSQL' : 'PGlite'}): ${report.read} lines in ${seconds.toFixed(1)} s = ${Math.round(report.read / seconds)} lines/s`);
    expected = await iowaTotals();
  }, 600_000);
  afterAll(() => app?.close());

  it('imports every line and creates the 1,912 stores', () => {
    expect(report.failure).toBeNull();
    expect(report.rejected).toEqual([]);
    expect(report.read).toBe(433_373);
    expect(report.imported).toBe(433_373);
    expect(report.createdStores).toBe(1_912);
  });

  it('matches revenue, units, cost and margin per store per month to the cent', async () => {
    const actual = await factTotals(app, 'pos-import');
    expect(actual.size).toBe(expected.size);
    const diffs: string[] = [];
    for (const [key, want] of expected) {
      const got = actual.get(key);
      if (!got || got.revenue !== want.revenue || got.units !== want.units || got.cost !== want.cost || got.costedRevenue !== want.costedRevenue || got.lines !== want.lines) {
        diffs.push(`${key}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}`);
      }
    }
    expect(diffs.slice(0, 5)).toEqual([]);
    const margin = [...expected.values()].reduce((s, t) => s + t.costedRevenue - t.cost, 0);
    const [db] = await rows<{ margin: string }>(app.database.db, sql`select sum(net_revenue - unit_cost * quantity)::text as margin from analytics.sale_line where unit_cost is not null`);
    expect(Number(db!.margin)).toBe(margin);
  });
  it('answers the same figures through the API: every store in the league table, the company in the consolidation tree', async () => {
    await app.analytics.catchUpRollups();
    const admin = { authorization: `Bearer ${await app.tokenFor(['admin'])}` };
    const put = await app.inject({ method: 'PUT', url: '/api/admin/analytics/settings', headers: admin, payload: { fiscalYearStartMonth: 1, reportingCurrency: 'USD' } });
    expect(put.statusCode, put.body).toBe(200);
    for (const month of ['2022-09', '2022-10']) {
      const want = new Map([...expected].filter(([k]) => k.endsWith(`|${month}`)).map(([k, t]) => [k.split('|')[0]!, t]));
      const query = `node=company&period=month&date=${month}-15`;
      for (const kpi of ['revenue', 'units', 'grossMargin'] as const) {
        const res = await app.inject({ url: `/api/admin/analytics/league?${query}&kpi=${kpi}`, headers: admin });
        expect(res.statusCode, res.body).toBe(200);
        const got = new Map((res.json().rows as { store: { code: string }; value: number | null }[]).map((r) => [r.store.code, r.value]));
        const diffs = [...want].filter(([code, t]) => got.get(code) !== (kpi === 'revenue' ? t.revenue : kpi === 'units' ? t.units : t.costedRevenue - t.cost));
        expect(diffs.slice(0, 5).map(([code]) => `${month} ${kpi} ${code}: got ${got.get(code)}`)).toEqual([]);
      }
      const tree = (await app.inject({ url: `/api/admin/analytics/consolidation?${query}`, headers: admin })).json();
      const sum = (f: (t: Totals) => number) => [...want.values()].reduce((a, t) => a + f(t), 0);
      expect(tree.root.revenue).toBe(sum((t) => t.revenue));
      expect(tree.root.units).toBe(sum((t) => t.units));
      expect(tree.root.grossMargin).toBe(sum((t) => t.costedRevenue - t.cost));
    }
  });
});

describe.skipIf(!hasRetail)('Online Retail December 2010 through the Online Retail import', () => {
  let app: TestApp;
  let expected: Map<string, Totals>;
  let rejected: number;

  beforeAll(async () => {
    app = await createTestApp();
    const report = await app.imports.importOnlineRetail(RETAIL, { allRejected: true });
    rejected = report.counts.rejected;
    const skip = new Set(report.rejected.map((r) => r.line));
    // Independent sums: every row the import accepted (its report lists the others), service codes (postage, fees) aside.
    expected = new Map();
    let line = 1;
    const parser = createReadStream(RETAIL).pipe(parse({ columns: true, relax_column_count: true, relax_quotes: true, skip_records_with_error: true, info: true }));
    for await (const { record: r, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      line = info.lines;
      if (skip.has(line) || serviceCode(r.StockCode!.trim().toUpperCase())) continue;
      const [d, m, y] = r.InvoiceDate!.trim().split(/[/ ]/);
      void d;
      const key = `WEB|${y}-${m}`;
      const t = expected.get(key) ?? empty();
      const qty = Number(r.Quantity);
      t.revenue += qty * Math.round(Number(r.UnitPrice) * 100);
      t.units += qty;
      t.lines += 1;
      expected.set(key, t);
    }
  }, 300_000);
  afterAll(() => app?.close());

  it('gives the online store the same revenue, units and lines per month, returns negative, no cost', async () => {
    expect(rejected).toBeGreaterThan(0); // the file is cut off mid-row at its end
    expect(await factTotals(app, 'online-retail')).toEqual(expected);
    const [returns] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from analytics.sale_line where source = 'online-retail' and reference like 'C%' and quantity > 0`);
    expect(returns!.n).toBe(0);
  });

  it('backfills history imported before analytics recorded it, at start', async () => {
    await app.database.db.execute(sql`truncate analytics.sale_line`); // as if the history predated analytics
    const analytics = app.modules.find((m) => m.name === 'analytics')!;
    await analytics.start!();
    await analytics.stop!(); // waits for the backfill started in the background
    expect(await factTotals(app, 'online-retail')).toEqual(expected);
  });
});

describe('a web order placed through the API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app?.close());

  it('appears in sale_line within 5 s and nets to zero once cancelled', async () => {
    const admin = { authorization: `Bearer ${await app.tokenFor(['admin'])}` };
    const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: admin, payload: { name: 'Candles' } });
    await app.inject({ method: 'POST', url: '/api/admin/products', headers: admin, payload: { title: 'Beeswax candle', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'CANDLE', price: { amount: 1250, currency: 'GBP' } }] } });
    await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: admin, payload: { sku: 'CANDLE', quantity: 10, type: 'receipt', reason: 'delivery' } });
    const cart = (await app.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
    await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: { sku: 'CANDLE', quantity: 3 } });
    const placed = await app.inject({
      method: 'POST', url: '/api/orders', headers: { 'idempotency-key': 'real-data-web-1', 'x-cart-token': cart.token },
      payload: {
        cartId: cart.id, email: 'ada@example.test', shippingMethodId: 'standard',
        shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
        payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } },
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json();
    const net = () => rows<{ n: number; units: number; revenue: number }>(app.database.db, sql`select count(*)::int as n, coalesce(sum(quantity), 0)::int as units, coalesce(sum(net_revenue + tax), 0)::int as revenue from analytics.sale_line where reference = ${order.id}`).then((r) => r[0]!);
    const started = Date.now();
    let seen = await net();
    while (seen.n === 0 && Date.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 25));
      seen = await net();
    }
    console.warn(`web order visible in sale_line after ${Date.now() - started} ms`);
    expect(seen).toEqual({ n: 1, units: 3, revenue: 3750 });
    const cancelled = await app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: { 'x-order-token': order.accessToken } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const end = Date.now() + 5_000;
    while ((seen = await net()).n < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(seen).toEqual({ n: 2, units: 0, revenue: 0 });
  });

  it("shows up in today's figures of the web shop within 5 s, and cancelling it takes it out", async () => {
    const admin = { authorization: `Bearer ${await app.tokenFor(['admin'])}` };
    const web = await app.analytics.onlineStore();
    // The web shop's local calendar day (London).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: web.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const figures = async () => {
      const res = await app.inject({ url: `/api/admin/analytics/kpis?node=${web.id}&period=day&date=${today}`, headers: admin });
      expect(res.statusCode, res.body).toBe(200);
      const kpis = res.json().kpis as { key: string; value: number | null }[];
      return { revenue: kpis.find((k) => k.key === 'revenue')!.value ?? 0, units: kpis.find((k) => k.key === 'units')!.value ?? 0 };
    };
    const before = await figures();
    const cart = (await app.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
    await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: { sku: 'CANDLE', quantity: 2 } });
    const placed = await app.inject({
      method: 'POST', url: '/api/orders', headers: { 'idempotency-key': 'real-data-web-2', 'x-cart-token': cart.token },
      payload: {
        cartId: cart.id, email: 'ada@example.test', shippingMethodId: 'standard',
        shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
        payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } },
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const started = Date.now();
    let now = await figures();
    while (now.units === before.units && Date.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 50));
      now = await figures();
    }
    console.warn(`web order in today's KPIs after ${Date.now() - started} ms`);
    expect(now.units - before.units).toBe(2);
    expect(now.revenue - before.revenue).toBeGreaterThan(0);
    const cancelled = await app.inject({ method: 'POST', url: `/api/orders/${placed.json().id}/cancel`, headers: { 'x-order-token': placed.json().accessToken } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const end = Date.now() + 5_000;
    while ((now = await figures()).units !== before.units && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(now).toEqual(before);
  });
});
