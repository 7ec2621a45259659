import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';

const REAL = '/work/shared/data/online-retail/online-retail-2010-12.csv';
const SHARED = join(process.cwd(), '..', 'shared', 'data', 'online-retail', 'online-retail-2010-12.csv');
const realFile = [SHARED, REAL].find((f) => existsSync(f));

let app: TestApp;
let admin: string;
const dir = mkdtempSync(join(tmpdir(), 'comptoir-import-'));
const auth = () => ({ authorization: `Bearer ${admin}` });
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

function csv(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, [HEADER, ...lines].join('\n') + '\n');
  return file;
}

async function counts() {
  const [c] = await rows<Record<string, number>>(
    app.database.db,
    sql`select (select count(*)::int from catalog.product) as products, (select count(*)::int from catalog.variant) as variants,
               (select count(*)::int from catalog.stock_movement) as movements, (select count(*)::int from identity.users) as users,
               (select count(*)::int from orders.order) as orders, (select count(*)::int from orders.order_line) as lines,
               (select count(*)::int from orders.order_return) as returns, (select count(*)::int from events.outbox) as events`,
  );
  return c!;
}

function upload(url: string, filename: string, content: string) {
  const boundary = '----comptoir' + Math.random().toString(16).slice(2);
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return app.inject({ method: 'POST', url, payload, headers: { ...auth(), 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

async function waitForJob(id: string) {
  for (let i = 0; i < 600; i++) {
    const job = (await app.inject({ url: `/api/admin/imports/${id}`, headers: auth() })).json();
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['manager']);
});
afterAll(() => app?.close());

describe('Online Retail import (small files)', () => {
  const rowsOk = [
    '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,01/12/2010 08:26,2.55,17850,United Kingdom',
    '536365,71053,WHITE METAL LANTERN,6,01/12/2010 08:26,3.39,17850,United Kingdom',
    '536365,POST,POSTAGE,1,01/12/2010 08:26,18.00,17850,United Kingdom',
    '536366,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,13/12/2010 09:00,2.55,,United Kingdom',
    'C536367,71053,WHITE METAL LANTERN,-2,14/12/2010 10:00,3.39,17850,United Kingdom',
    '536368,22111,BROKEN ROW,abc,14/12/2010 10:00,1.00,17850,United Kingdom',
    '536369,22112,NEGATIVE PRICE,1,14/12/2010 10:00,-1.00,17850,United Kingdom',
  ];

  it('imports products, customers, orders, returns and fees, and reports rejected rows', async () => {
    const report = await app.imports.importOnlineRetail(csv('small.csv', rowsOk), { openingStock: 25 });
    expect(report.dateFormat).toBe('dmy');
    expect(report.dateFormatDetected).toBe(true);
    expect(report.period).toEqual({ first: '2010-12-01T08:26:00.000Z', last: '2010-12-14T10:00:00.000Z' });
    expect(report.counts).toEqual({ read: 7, imported: 5, rejected: 2 });
    expect(report.rejected.map((r) => r.line)).toEqual([7, 8]);
    expect(report.created).toEqual({ products: 2, customers: 1, orders: 2, returns: 1 });
    // Products are public, priced in pence, stocked by an opening receipt; POST is a fee, not a product.
    const heart = (await app.inject({ url: '/api/products/white-hanging-heart-t-light-holder' })).json();
    expect(heart.price).toEqual({ amount: 255, currency: 'GBP' });
    expect(heart.variants[0]).toMatchObject({ sku: '85123A', available: 25 });
    expect((await app.inject({ url: '/api/admin/inventory/POST/movements', headers: auth() })).statusCode).toBe(404);
    const [fee] = await rows<{ code: string; amount: number; total: number }>(
      app.database.db,
      sql`select a.code, a.amount, o.total from orders.order_adjustment a join orders.order o on o.id = a.order_id where o.external_ref = '536365'`,
    );
    expect(fee).toEqual({ code: 'POST', amount: 1800, total: 6 * 255 + 6 * 339 + 1800 });
    // The cancellation is a return against the customer's earlier order.
    const [ret] = await rows<{ quantity: number; original: string }>(
      app.database.db,
      sql`select l.quantity, o.external_ref as original from orders.return_line l join orders.order o on o.id = l.order_id`,
    );
    expect(ret).toEqual({ quantity: 2, original: '536365' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await counts();
    const again = await app.imports.importOnlineRetail(join(dir, 'small.csv'), { openingStock: 25 });
    expect(again.created).toEqual({ products: 0, customers: 0, orders: 0, returns: 0 });
    expect(await counts()).toEqual(before);
  });

  it('refuses a file whose dates cannot tell day from month, before writing anything', async () => {
    const before = await counts();
    const file = csv('ambiguous.csv', ['600001,99999,NEW THING,1,01/02/2011 08:00,1.00,12345,France', '600002,99998,OTHER THING,1,03/04/2011 08:00,1.00,12345,France']);
    await expect(app.imports.importOnlineRetail(file)).rejects.toMatchObject({ code: 'IMPORT.DATE_FORMAT_AMBIGUOUS', message: expect.stringContaining('--date-format') });
    expect(await counts()).toEqual(before);
    const forced = await app.imports.importOnlineRetail(file, { dateFormat: 'mdy' });
    expect(forced.period?.first).toBe('2011-01-02T08:00:00.000Z');
    expect(forced.dateFormatDetected).toBe(false);
  });

  it('refuses a file with a missing required column', async () => {
    const file = join(dir, 'missing.csv');
    writeFileSync(file, 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,CustomerID,Country\n1,2,3,4,01/12/2010 08:00,5,UK\n');
    await expect(app.imports.importOnlineRetail(file)).rejects.toMatchObject({ code: 'IMPORT.MISSING_COLUMNS', message: expect.stringContaining('UnitPrice') });
  });
});

describe('POST /api/admin/imports (background job)', () => {
  it('uploads, runs in the background and reports', async () => {
    const body = [HEADER, '536400,21730,GLASS STAR FROSTED T-LIGHT HOLDER,4,15/12/2010 11:00,4.25,13047,United Kingdom'].join('\n');
    const res = await upload('/api/admin/imports?openingStock=7', 'upload.csv', body);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().status).toMatch(/queued|running/);
    const job = await waitForJob(res.json().id);
    expect(job.status).toBe('succeeded');
    expect(job.filename).toBe('upload.csv');
    expect(job.report.counts).toEqual({ read: 1, imported: 1, rejected: 0 });
    expect(job.report.created.products).toBe(1);
    const p = (await app.inject({ url: '/api/products/glass-star-frosted-t-light-holder' })).json();
    expect(p.variants[0].available).toBe(7);
  });

  it('marks a refused file as refused with its code, and lists jobs', async () => {
    const body = [HEADER, '700001,1,A THING,1,01/02/2011 08:00,1.00,1,France'].join('\n');
    const res = await upload('/api/admin/imports', 'ambiguous.csv', body);
    const job = await waitForJob(res.json().id);
    expect(job.status).toBe('refused');
    expect(job.error.code).toBe('IMPORT.DATE_FORMAT_AMBIGUOUS');
    const list = (await app.inject({ url: '/api/admin/imports', headers: auth() })).json();
    expect(list.pagination.total).toBe(2);
    expect(list.data[0].id).toBe(job.id);
  });

  it('requires imports permissions', async () => {
    const customer = await app.tokenFor(['customer']);
    const res = await app.inject({ method: 'GET', url: '/api/admin/imports', headers: { authorization: `Bearer ${customer}` } });
    expect(res.statusCode).toBe(403);
  });
});

describe.skipIf(!realFile)('Online Retail import (real file, 39,530 rows)', () => {
  it('imports December 2010 and a second run changes nothing', async () => {
    const fresh = await createTestApp();
    try {
      const report = await fresh.imports.importOnlineRetail(realFile!);
      expect(report.dateFormat).toBe('dmy');
      expect(report.period?.first).toBe('2010-12-01T08:26:00.000Z');
      expect(report.counts.read).toBe(report.counts.imported + report.counts.rejected);
      expect(report.counts.read).toBeGreaterThan(39_000);
      expect(report.created.products).toBeGreaterThan(2_000);
      expect(report.created.orders).toBeGreaterThan(1_000);
      expect(report.created.returns).toBeGreaterThan(50);
      const again = await fresh.imports.importOnlineRetail(realFile!);
      expect(again.created).toEqual({ products: 0, customers: 0, orders: 0, returns: 0 });
      const [lines] = await rows<{ n: number }>(fresh.database.db, sql`select count(*)::int as n from orders.order_line`);
      expect(lines!.n).toBeGreaterThan(30_000);
    } finally {
      await fresh.close();
    }
  }, 240_000);
});
