/**
 * The analyses (ABC, RFM, cohorts, market basket, stock) on real data, each against an
 * independent computation: the Online Retail rows of Germany (9,495 rows over 2010-12 .. 2011-12,
 * whole invoices, so baskets stay intact) are written to a temporary CSV,
 * imported through the normal Online Retail import, then parsed again here and recomputed with
 * plain code (sums per SKU, customers, invoices, pairs), never through the module's SQL.
 * Skipped, with a message, when the data file is absent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AbcAnswer, BasketAnswer, CohortAnswer, RfmAnswer, StockAnswer } from '../src/modules/analytics/analytics.analyses.js';
import { serviceCode } from '../src/modules/imports/online-retail/service-codes.js';
import { grant, userIdOf } from './support/analytics-fixture.js';
import { createTestApp, type TestApp } from './support/app.js';

const RETAIL = join(process.env.ONLINE_RETAIL_DATA_DIR ?? '/work/shared/data/online-retail', 'online-retail-2010-12_2011-12.csv');
const hasRetail = existsSync(RETAIL);
if (!hasRetail) console.warn(`analytics-analyses: ${RETAIL} is absent; the tests are skipped`);
const COUNTRY = 'Germany';

/** One accepted product line of the subset, as the test reads it. */
interface Line { invoice: string; sku: string; qty: number; amount: number; day: string; customer: string | null }

let app: TestApp;
let admin: { authorization: string };
let web: string;
let lines: Line[];
let dir: string;

/** Reads the subset back: accepted product rows (the import's rejected lines and fees aside), each with its invoice's customer and first date. */
function readSubset(file: string, rejected: Set<number>): Line[] {
  const records = parse(readFileSync(file, 'utf8'), { columns: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
  const kept = records.filter(({ info }) => !rejected.has(info.lines)).map(({ record: r }) => r);
  // An invoice is dated by its earliest row and belongs to its first named customer (as the import reads it).
  const invoiceDay = new Map<string, string>();
  const invoiceCustomer = new Map<string, string>();
  for (const r of kept) {
    const inv = r.InvoiceNo!;
    const day = r.InvoiceDate!.slice(0, 10);
    if (!invoiceDay.has(inv) || day < invoiceDay.get(inv)!) invoiceDay.set(inv, day);
    const c = r.CustomerID!.trim().replace(/\.0*$/, '');
    if (c && !invoiceCustomer.has(inv)) invoiceCustomer.set(inv, c);
  }
  return kept.filter((r) => !serviceCode(r.StockCode!.trim().toUpperCase())).map((r) => ({
    invoice: r.InvoiceNo!, sku: r.StockCode!.trim().toUpperCase(), qty: Number(r.Quantity), amount: Number(r.Quantity) * Math.round(Number(r.UnitPrice) * 100),
    day: invoiceDay.get(r.InvoiceNo!)!, customer: invoiceCustomer.get(r.InvoiceNo!) ?? null,
  }));
}

const get = async <T>(url: string, headers = admin): Promise<T> => {
  const res = await app.inject({ url: `/api/admin/analytics/analyses/${url}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
const inRange = (l: Line, from: string, to: string) => l.day >= from && l.day <= to;
/** Nearest-rank quantiles k/5, k = 1..4. */
/**
 * Per customer, over `lines` from `from` to `to` (days, inclusive): the last day they bought, their
 * invoices with a purchase (returns excluded) and their net monetary value (returns included), in
 * minor units: the RFM inputs, computed here independently of the module.
 */
function customerTotals(lines: readonly Line[], from: string, to: string): Map<string, { last: string; invoices: Set<string>; monetary: number }> {
  const per = new Map<string, { last: string; invoices: Set<string>; monetary: number }>();
  for (const l of lines) {
    if (!l.customer || !inRange(l, from, to)) continue;
    const c = per.get(l.customer) ?? { last: '', invoices: new Set<string>(), monetary: 0 };
    c.monetary += l.amount;
    if (l.qty > 0) {
      c.invoices.add(l.invoice);
      if (l.day > c.last) c.last = l.day;
    }
    per.set(l.customer, c);
  }
  return per;
}

const quintiles = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return [1, 2, 3, 4].map((k) => s[Math.ceil((k / 5) * s.length) - 1]!);
};

describe.skipIf(!hasRetail)('analyses on the Online Retail rows of Germany', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'analyses-'));
    const file = join(dir, 'germany.csv');
    // Country is the last field, never quoted in this file.
    const text = readFileSync(RETAIL, 'utf8').split('\n');
    writeFileSync(file, [text[0], ...text.slice(1).filter((row) => row.slice(row.lastIndexOf(',') + 1) === COUNTRY)].join('\n') + '\n');
    app = await createTestApp();
    const report = await app.imports.importOnlineRetail(file, { allRejected: true });
    lines = readSubset(file, new Set(report.rejected.map((r) => r.line)));
    await app.analytics.catchUpRollups();
    admin = { authorization: `Bearer ${await app.tokenFor(['admin'])}` };
    const put = await app.inject({ method: 'PUT', url: '/api/admin/analytics/settings', headers: admin, payload: { fiscalYearStartMonth: 1, reportingCurrency: 'GBP' } });
    expect(put.statusCode, put.body).toBe(200);
    web = (await app.analytics.onlineStore()).id;
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('classes products A/B/C by revenue like a plain Pareto over the rows (whole months from the rollup, the other days from the facts)', async () => {
    const [from, to] = ['2010-12-05', '2011-11-30'];
    const bySku = new Map<string, number>();
    for (const l of lines) if (inRange(l, from, to)) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.amount);
    const sorted = [...bySku].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    const total = sorted.reduce((s, [, v]) => s + Math.max(v, 0), 0);
    const want = { A: 0, B: 0, C: 0 };
    let before = 0;
    for (const [, v] of sorted) {
      want[v <= 0 ? 'C' : before / total < 0.8 ? 'A' : before / total < 0.95 ? 'B' : 'C'] += 1;
      before += v;
    }
    const abc = await get<AbcAnswer>(`abc?node=${web}&period=custom&from=${from}&to=${to}`);
    expect(abc.total).toBe(total);
    expect(abc.rows.length).toBe(sorted.length);
    expect(abc.classes.map((c) => [c.abcClass, c.products])).toEqual([['A', want.A], ['B', want.B], ['C', want.C]]);
    expect(abc.rows.slice(0, 5).map((r) => [r.sku, r.revenue])).toEqual(sorted.slice(0, 5));
    expect(abc.rows.at(-1)!.cumulativeShare).toBeCloseTo(before / total, 3);
    // The web shop is the only store with sales: the company (read from its own product rollup) is the same.
    expect((await get<AbcAnswer>(`abc?node=company&period=custom&from=${from}&to=${to}`)).rows).toEqual(abc.rows);
    // Other thresholds move the split.
    const wide = await get<AbcAnswer>(`abc?node=${web}&period=custom&from=${from}&to=${to}&a=0.5&b=0.9`);
    expect(wide.classes[0]!.products).toBeLessThan(want.A);
    const bad = await app.inject({ url: `/api/admin/analytics/analyses/abc?node=${web}&a=0.9&b=0.5`, headers: admin });
    expect(bad.statusCode).toBe(400);
  });

  it('scores RFM on the quintile boundaries of the customers\' recency, frequency and monetary value', async () => {
    const [from, to] = ['2011-01-01', '2011-12-31'];
    const per = customerTotals(lines, from, to);
    const buyers = [...per].filter(([, c]) => c.invoices.size > 0);
    const recency = (day: string) => Math.round((Date.parse(to) - Date.parse(day)) / 86_400_000);
    const want = {
      recencyDays: quintiles(buyers.map(([, c]) => recency(c.last))),
      frequency: quintiles(buyers.map(([, c]) => c.invoices.size)),
      monetary: quintiles(buyers.map(([, c]) => c.monetary)),
    };
    const rfm = await get<RfmAnswer>(`rfm?node=${web}&period=year&date=2011-06-01&limit=500`);
    expect(rfm.customers).toBe(buyers.length);
    expect(rfm.boundaries).toEqual(want);
    expect(rfm.segments.reduce((s, x) => s + x.customers, 0)).toBe(buyers.length);
    // Every customer's figures and scores (customers are identity ids after the import: compared as a multiset).
    const score = (v: number, b: number[]) => 1 + b.filter((x) => v > x).length;
    const tuple = (t: number[]) => t.join(' ');
    const expected = buyers.map(([, c]) => {
      const days = recency(c.last);
      return tuple([c.invoices.size, c.monetary, days, 6 - score(days, want.recencyDays), score(c.invoices.size, want.frequency), score(c.monetary, want.monetary)]);
    }).sort();
    expect(rfm.rows.map((r) => tuple([r.frequency, r.monetary, r.recencyDays, r.r, r.f, r.m])).sort()).toEqual(expected);
    // The company, read from its own customer rollup, is the web shop here (the only store with sales).
    const company = await get<RfmAnswer>(`rfm?node=company&period=year&date=2011-06-01&limit=500`);
    expect([company.customers, company.boundaries, company.segments, company.rows]).toEqual([rfm.customers, rfm.boundaries, rfm.segments, rfm.rows]);
    // A segment filter pages only that segment.
    const champions = await get<RfmAnswer>(`rfm?node=${web}&period=year&date=2011-06-01&segment=champions&limit=5`);
    expect(champions.pagination.total).toBe(rfm.segments.find((s) => s.segment === 'champions')!.customers);
    expect(champions.rows.every((r) => r.segment === 'champions')).toBe(true);
  });

  it('gives the January 2011 cohort the retention row counted from the invoices', async () => {
    const months = new Map<string, Set<string>>();
    for (const l of lines) {
      if (!l.customer || l.qty <= 0) continue;
      const m = months.get(l.customer) ?? new Set<string>();
      m.add(l.day.slice(0, 7));
      months.set(l.customer, m);
    }
    const jan = [...months.values()].filter((m) => [...m].sort()[0] === '2011-01');
    const active = Array.from({ length: 12 }, (_, k) => jan.filter((m) => m.has(`2011-${String(k + 1).padStart(2, '0')}`)).length);
    const cohorts = await get<CohortAnswer>(`cohorts?node=${web}&period=year&date=2011-03-01`);
    expect(cohorts.rows.map((r) => r.cohort)).toHaveLength(12);
    const row = cohorts.rows[0]!;
    expect(row).toMatchObject({ cohort: '2011-01-01', size: jan.length, active });
    expect(row.retention[3]).toBeCloseTo(active[3]! / jan.length, 4);
    expect(cohorts.rows[11]!.active).toHaveLength(1);
  });

  it('finds the top pair by lift with the support, confidence and lift counted from the invoices', async () => {
    const minSupport = 0.02;
    const baskets = new Map<string, Set<string>>();
    for (const l of lines) {
      if (l.qty <= 0 || !inRange(l, '2011-01-01', '2011-12-31')) continue;
      baskets.set(l.invoice, (baskets.get(l.invoice) ?? new Set()).add(l.sku));
    }
    const n = baskets.size;
    const minBaskets = Math.ceil(minSupport * n);
    const item = new Map<string, number>();
    for (const b of baskets.values()) for (const s of b) item.set(s, (item.get(s) ?? 0) + 1);
    const pairs = new Map<string, number>();
    for (const b of baskets.values()) {
      const s = [...b].filter((x) => item.get(x)! >= minBaskets).sort();
      for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) pairs.set(`${s[i]}|${s[j]}`, (pairs.get(`${s[i]}|${s[j]}`) ?? 0) + 1);
    }
    const ranked = [...pairs].filter(([, c]) => c >= minBaskets).map(([k, c]) => {
      const [a, b] = k.split('|') as [string, string];
      return { a, b, c, lift: (c * n) / (item.get(a)! * item.get(b)!) };
    }).sort((x, y) => y.lift - x.lift || y.c - x.c || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
    const top = ranked[0]!;
    const answer = await get<BasketAnswer>(`basket?node=${web}&period=year&date=2011-01-01&minSupport=${minSupport}&top=10`);
    expect(answer).toMatchObject({ baskets: n, minBaskets });
    expect(answer.rows[0]).toMatchObject({
      skuA: top.a, skuB: top.b, baskets: top.c, lift: Math.round(top.lift * 10_000) / 10_000,
      support: Math.round((top.c / n) * 10_000) / 10_000, confidenceAB: Math.round((top.c / item.get(top.a)!) * 10_000) / 10_000,
    });
    const bySupport = await get<BasketAnswer>(`basket?node=${web}&period=year&date=2011-01-01&minSupport=${minSupport}&rankBy=support&top=1`);
    expect(bySupport.rows[0]!.baskets).toBe(Math.max(...ranked.map((p) => p.c)));
  });

  it('gives the web shop\'s sell-through and weeks of cover from the catalog\'s stock, and says so when a node has no inventory', async () => {
    const [from, to] = ['2011-11-01', '2011-11-30'];
    const stock = await get<StockAnswer>(`stock?node=${web}&period=month&date=2011-11-10`);
    expect(stock.inventory).toEqual({ status: 'available', reason: null });
    const sold = new Map<string, number>();
    for (const l of lines) if (inRange(l, from, to)) sold.set(l.sku, (sold.get(l.sku) ?? 0) + l.qty);
    const product = stock.rows.find((r) => r.level === 'product')!;
    const [variant] = await app.catalog.variantsBySku([product.key]);
    const units = sold.get(product.key)!;
    expect(product).toMatchObject({ unitsSold: units, onHand: variant!.available, sellThrough: Math.round((units / (units + variant!.available)) * 10_000) / 10_000 });
    expect(product.weeksOfCover).toBeCloseTo(variant!.available / (units / (30 / 7)), 2);
    expect(stock.rows.filter((r) => r.level === 'product')).toHaveLength(sold.size);
    // A node with physical stores only has no inventory: said in the answer, not an error.
    await app.database.db.execute(sql`insert into analytics.store (id, code, name, kind, region_id, country, opened_on, currency, time_zone)
      select 'sto_an_shop', 'AN-SHOP', 'High Street', 'physical', id, 'GB', '2010-01-01', 'GBP', 'Europe/London' from analytics.region where parent_id is null`);
    const none = await get<StockAnswer>('stock?node=sto_an_shop&period=month&date=2011-11-10');
    expect(none).toMatchObject({ inventory: { status: 'missing' }, storesWithoutInventory: 1, rows: [] });
  });

  it('filters every analysis to one category (at the time of sale) like the rows of that category, and lists the customers of an RFM segment page by page', async () => {
    const variants = await app.catalog.variantsBySku([...new Set(lines.map((l) => l.sku))]);
    const categoryOf = new Map(variants.map((v) => [v.sku, v.category]));
    const perCategory = new Map<string, number>();
    for (const l of lines) perCategory.set(categoryOf.get(l.sku)!, (perCategory.get(categoryOf.get(l.sku)!) ?? 0) + 1);
    const category = [...perCategory].sort((x, y) => y[1] - x[1])[0]![0];
    const mine = lines.filter((l) => categoryOf.get(l.sku) === category);
    const q = `node=${web}&category=${encodeURIComponent(category)}`;

    // ABC over whole months (rollup) and odd days (facts): only the category's products and revenue.
    const [from, to] = ['2010-12-05', '2011-11-30'];
    const bySku = new Map<string, number>();
    for (const l of mine) if (inRange(l, from, to)) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.amount);
    const sorted = [...bySku].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    const abc = await get<AbcAnswer>(`abc?${q}&period=custom&from=${from}&to=${to}`);
    expect(abc.category).toBe(category);
    expect(abc.total).toBe(sorted.reduce((s, [, v]) => s + Math.max(v, 0), 0));
    expect(abc.rows.map((r) => [r.sku, r.revenue])).toEqual(sorted);
    const all = await get<AbcAnswer>(`abc?node=${web}&period=custom&from=${from}&to=${to}`);
    expect(all.category).toBeNull();
    expect(abc.total).toBeLessThan(all.total);

    // RFM of the category's buyers over 2011 (from the facts, not the customer rollup).
    const [y0, y1] = ['2011-01-01', '2011-12-31'];
    const per = customerTotals(mine, y0, y1);
    const buyers = [...per.values()].filter((c) => c.invoices.size > 0);
    const recency = (day: string) => Math.round((Date.parse(y1) - Date.parse(day)) / 86_400_000);
    const bounds = { recencyDays: quintiles(buyers.map((c) => recency(c.last))), frequency: quintiles(buyers.map((c) => c.invoices.size)), monetary: quintiles(buyers.map((c) => c.monetary)) };
    const score = (v: number, b: number[]) => 1 + b.filter((x) => v > x).length;
    const scored = buyers.map((c) => {
      const days = recency(c.last);
      return { frequency: c.invoices.size, monetary: c.monetary, recencyDays: days, r: 6 - score(days, bounds.recencyDays), f: score(c.invoices.size, bounds.frequency), m: score(c.monetary, bounds.monetary) };
    });
    const rfm = await get<RfmAnswer>(`rfm?${q}&period=year&date=2011-06-01&limit=1`);
    expect(rfm).toMatchObject({ category, customers: buyers.length, boundaries: bounds });
    // Champions (R 4–5, ⌊(F + M) ÷ 2⌋ 4–5), counted here from the scores.
    const champions = scored.filter((c) => c.r >= 4 && Math.floor((c.f + c.m) / 2) >= 4);
    expect(rfm.segments.find((s) => s.segment === 'champions')).toMatchObject({ customers: champions.length, monetary: champions.reduce((s, c) => s + c.monetary, 0) });
    // The champions' list, 7 a page, monetary descending: every champion once, with id, scores and money in GBP.
    const listed: RfmAnswer['rows'] = [];
    for (let page = 1; page <= Math.ceil(champions.length / 7); page++) {
      const answer = await get<RfmAnswer>(`rfm?${q}&period=year&date=2011-06-01&segment=champions&limit=7&page=${page}`);
      expect(answer.pagination).toEqual({ total: champions.length, limit: 7, page });
      listed.push(...answer.rows);
    }
    expect(new Set(listed.map((r) => r.customer)).size).toBe(champions.length);
    expect(listed.every((r) => r.segment === 'champions' && r.currency === 'GBP' && r.customer.length > 0)).toBe(true);
    expect(listed.map((r) => r.monetary)).toEqual(champions.map((c) => c.monetary).sort((x, y) => y - x));
    const tuple = (c: { frequency: number; monetary: number; recencyDays: number; r: number; f: number; m: number }) => [c.frequency, c.monetary, c.recencyDays, c.r, c.f, c.m].join(' ');
    expect(listed.map(tuple).sort()).toEqual(champions.map(tuple).sort());

    // Cohorts: January 2011's first buyers of the category.
    const firsts = new Map<string, string>();
    for (const l of mine) if (l.customer && l.qty > 0 && (!firsts.has(l.customer) || l.day < firsts.get(l.customer)!)) firsts.set(l.customer, l.day);
    const cohorts = await get<CohortAnswer>(`cohorts?${q}&period=year&date=2011-03-01`);
    expect(cohorts.rows[0]).toMatchObject({ cohort: '2011-01-01', size: [...firsts.values()].filter((d) => d.startsWith('2011-01')).length });

    // Basket: a basket is the category's lines of an invoice.
    const baskets = new Map<string, Set<string>>();
    for (const l of mine) if (l.qty > 0 && inRange(l, y0, y1)) baskets.set(l.invoice, (baskets.get(l.invoice) ?? new Set()).add(l.sku));
    const pairs = new Map<string, number>();
    for (const b of baskets.values()) {
      const s = [...b].sort();
      for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) pairs.set(`${s[i]}|${s[j]}`, (pairs.get(`${s[i]}|${s[j]}`) ?? 0) + 1);
    }
    const best = [...pairs].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]!;
    const basket = await get<BasketAnswer>(`basket?${q}&period=year&date=2011-01-01&minSupport=0.0001&rankBy=support&top=1`);
    expect(basket).toMatchObject({ category, baskets: baskets.size });
    expect(basket.rows[0]).toMatchObject({ skuA: best[0].split('|')[0], skuB: best[0].split('|')[1], baskets: best[1] });

    // Stock: the category's products only.
    const sold = new Set(mine.filter((l) => inRange(l, '2011-11-01', '2011-11-30')).map((l) => l.sku));
    const stock = await get<StockAnswer>(`stock?${q}&period=month&date=2011-11-10`);
    expect(stock.rows.filter((r) => r.level === 'product').map((r) => r.key).sort()).toEqual([...sold].sort());
    expect(stock.rows.filter((r) => r.level === 'category').map((r) => r.key)).toEqual([category]);
  });

  it('keeps a store manager to their store: the web shop and the company answer 404, no permission 403', async () => {
    const token = await app.tokenFor(['analyst']);
    await grant(app, userIdOf(token), { store: ['sto_an_shop'] });
    const manager = { authorization: `Bearer ${token}` };
    for (const path of ['abc', 'rfm', 'cohorts', 'basket', 'stock']) {
      for (const node of [web, 'company']) {
        const res = await app.inject({ url: `/api/admin/analytics/analyses/${path}?node=${node}&period=year&date=2011-06-01`, headers: manager });
        expect(res.statusCode, `${path} ${node}`).toBe(404);
        expect(res.json()).toMatchObject({ code: 'ANALYTICS.NODE_NOT_FOUND' });
      }
      const own = await get<{ rows: unknown[] }>(`${path}?node=sto_an_shop&period=year&date=2011-06-01`, manager);
      expect(own.rows.every((r) => (r as { size?: number }).size === undefined || (r as { size: number }).size === 0), path).toBe(true);
    }
    const clerk = { authorization: `Bearer ${await app.tokenFor(['support'])}` };
    expect((await app.inject({ url: `/api/admin/analytics/analyses/abc?node=${web}`, headers: clerk })).statusCode).toBe(403);
  });
});
