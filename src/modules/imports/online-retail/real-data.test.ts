/**
 * The analysis on the real UCI Online Retail subsets (CC BY 4.0, https://doi.org/10.24432/C5BW33) when they
 * are present, and on the bundled demo slice. Expected counts were computed independently with a Python
 * `csv` script applying the same rules, not with this code.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll } from 'vitest';
import { analyzeOnlineRetail, SERVICE_CODES, type ImportPlan } from './index.js';

const DATA_DIR = process.env.ONLINE_RETAIL_DATA_DIR ?? '/work/shared/data/online-retail';
const DECEMBER = join(DATA_DIR, 'online-retail-2010-12.csv');
const SAMPLE = join(DATA_DIR, 'online-retail-2010-12_2011-12-sample.csv');
const DEMO = fileURLToPath(new URL('../../../../data/demo/online-retail-demo.csv', import.meta.url));

const analyzeFile = (path: string) => analyzeOnlineRetail(() => createReadStream(path));
const returnLines = (plan: ImportPlan) => plan.returns.flatMap((r) => r.lines);
const product = (plan: ImportPlan, sku: string) => plan.products.find((p) => p.sku === sku);

describe.skipIf(!existsSync(DECEMBER))('online-retail-2010-12.csv (39,530 rows, day-first, cut off mid-row)', () => {
  let plan: ImportPlan;
  let ms = 0;
  beforeAll(async () => {
    const started = performance.now();
    plan = await analyzeFile(DECEMBER);
    ms = performance.now() - started;
  });

  it('detects day-first and the period', () => {
    expect(plan.dateFormat).toBe('dmy');
    expect(plan.dateFormatDetected).toBe(true);
    expect(plan.period).toEqual({ first: '2010-12-01T08:26:00.000Z', last: '2010-12-20T16:11:00.000Z' });
  });

  it('counts rows exactly and rejects the truncated last row with its line number', () => {
    expect(plan.counts).toEqual({ read: 39_530, accepted: 39_398, rejected: 132 });
    expect(plan.rejected).toHaveLength(132);
    expect(plan.rejected.at(-1)).toEqual({ line: 39_531, reason: 'truncated: the file ends mid-row (3 of 8 fields)' });
    const kind = (reason: string) =>
      reason.startsWith('missing required field') ? 'missing' : reason.startsWith('negative Quantity') ? 'stock adjustment' : reason.split(':')[0];
    const kinds: Record<string, number> = {};
    for (const r of plan.rejected) kinds[kind(r.reason) as string] = (kinds[kind(r.reason) as string] ?? 0) + 1;
    expect(kinds).toEqual({ missing: 123, 'stock adjustment': 8, truncated: 1 });
    // The first (awk: first data line with an empty Description): a zero-priced stock adjustment.
    expect(plan.rejected[0]).toEqual({ line: 624, reason: 'missing required field: Description' });
  });

  it('plans products, customers, orders and returns', () => {
    expect(plan.products).toHaveLength(2_703);
    expect(plan.customers).toHaveLength(922);
    expect(plan.orders).toHaveLength(1_463);
    expect(plan.returns).toHaveLength(299);
    expect(product(plan, '85123A')).toEqual({
      sku: '85123A',
      title: 'White Hanging Heart T-Light Holder',
      description: 'WHITE HANGING HEART T-LIGHT HOLDER',
      price: 295, // 144 rows at 2.95, 58 at 2.55, 20 at 5.91
      currency: 'GBP',
      category: 'Candle Holders',
    });
    expect(product(plan, '71053')).toMatchObject({ title: 'White Metal Lantern', category: 'Lanterns' });
    expect(plan.orders[0]).toMatchObject({ invoiceNo: '536365', customerExternalId: '17850', country: 'United Kingdom', placedAt: '2010-12-01T08:26:00.000Z' });
    expect(plan.orders[0]?.lines).toHaveLength(7);
    expect(plan.customers.find((c) => c.externalId === '12370')?.country).toBeDefined();
  });

  it('links returns to the customer’s earlier invoices', () => {
    expect(returnLines(plan)).toHaveLength(651);
    expect(returnLines(plan).filter((l) => l.originalInvoiceNo !== null)).toHaveLength(269);
    expect(plan.returns.find((r) => r.invoiceNo === 'C536506')?.lines).toEqual([
      { sku: '22960', title: 'Jam Making Set with Jars', quantity: 6, unitPrice: 425, originalInvoiceNo: '536488' },
    ]);
    expect(returnLines(plan).every((l) => l.quantity > 0)).toBe(true);
  });

  it('turns every service code into fees and keeps them out of the products', () => {
    const codes = new Set([...plan.orders, ...plan.returns].flatMap((o) => o.fees.map((f) => f.code)));
    expect([...codes].sort()).toEqual(['AMAZONFEE', 'BANK CHARGES', 'C2', 'D', 'DOT', 'GIFT_0001_40', 'M', 'POST', 'S']);
    expect([...plan.orders, ...plan.returns].flatMap((o) => o.fees)).toHaveLength(164);
    const known = new Set(SERVICE_CODES.map((c) => c.code));
    expect(plan.products.filter((p) => known.has(p.sku) || p.sku.startsWith('GIFT_'))).toEqual([]);
    // The one non-UTF-8 byte of the file (0xA3) is read as £.
    expect(plan.orders.find((o) => o.invoiceNo === '539492')?.fees).toContainEqual({
      code: 'GIFT_0001_40',
      description: 'Dotcomgiftshop Gift Voucher £40.00',
      amount: 3404,
    });
  });

  it('puts most products in a real category', () => {
    const other = plan.products.filter((p) => p.category === 'Other').length;
    expect(other / plan.products.length).toBeLessThan(0.05);
  });

  it('runs fast (two passes; generous bound against regressions, see the report for real timings)', () => {
    expect(ms).toBeLessThan(5_000);
  });
});

describe.skipIf(!existsSync(SAMPLE))('online-retail-2010-12_2011-12-sample.csv (30,000 rows, ISO dates, 12923.0 ids)', () => {
  let plan: ImportPlan;
  beforeAll(async () => {
    plan = await analyzeFile(SAMPLE);
  });

  it('detects ISO dates and the period', () => {
    expect(plan.dateFormat).toBe('ymd');
    expect(plan.period).toEqual({ first: '2010-12-01T08:34:00.000Z', last: '2011-12-09T12:50:00.000Z' });
  });

  it('counts rows exactly', () => {
    expect(plan.counts).toEqual({ read: 30_000, accepted: 29_979, rejected: 21 });
    expect(plan.rejected.filter((r) => r.reason === 'missing required field: Description')).toHaveLength(15);
    expect(plan.rejected.filter((r) => r.reason.startsWith('negative Quantity'))).toHaveLength(6);
  });

  it('normalises CustomerID and groups scattered invoice rows', () => {
    expect(plan.customers).toHaveLength(3_569);
    expect(plan.customers.find((c) => c.externalId === '12923')).toEqual({ externalId: '12923', country: 'United Kingdom' });
    expect(plan.customers.some((c) => c.externalId.includes('.'))).toBe(false);
    expect(plan.orders).toHaveLength(11_848);
    expect(plan.returns).toHaveLength(523);
    // Invoice 569901 is on lines 2 and 22,237.
    expect(plan.orders.find((o) => o.invoiceNo === '569901')?.lines.map((l) => l.sku).sort()).toEqual(['22561', '23256']);
  });

  it('parses quoted fields with commas', () => {
    expect(product(plan, '21899')).toMatchObject({ description: 'KEY FOB , GARAGE DESIGN', title: 'Key Fob , Garage Design' });
    expect(plan.products).toHaveLength(2_970);
  });

  it('treats 23444 "Next Day Carriage" and CRUK as fees', () => {
    const codes = new Set([...plan.orders, ...plan.returns].flatMap((o) => o.fees.map((f) => f.code)));
    expect([...codes].sort()).toEqual(['23444', 'AMAZONFEE', 'C2', 'CRUK', 'D', 'DOT', 'M', 'POST', 'S']);
  });
});

describe.skipIf(!existsSync(DEMO))('data/demo/online-retail-demo.csv', () => {
  it('is detectable as day-first and holds lanterns and hearts', async () => {
    const plan = await analyzeFile(DEMO);
    expect(plan.dateFormat).toBe('dmy');
    expect(plan.period).toEqual({ first: '2010-12-12T10:11:00.000Z', last: '2010-12-15T10:57:00.000Z' });
    expect(plan.counts).toEqual({ read: 6_050, accepted: 6_047, rejected: 3 });
    expect(plan.products.filter((p) => /lantern/i.test(p.description)).length).toBeGreaterThanOrEqual(5);
    expect(plan.products.filter((p) => /heart/i.test(p.description)).length).toBeGreaterThanOrEqual(50);
    expect(plan.returns.length).toBeGreaterThan(0);
  });
});
