import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let app: TestApp;
let admin: string;

/** POSTs a multipart body: the CSV as `file` plus text fields. */
function upload(url: string, csv: string, fields: Record<string, string> = {}, token = admin) {
  const boundary = '----facts' + Math.random().toString(16).slice(2);
  let payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sales.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`;
  for (const [name, value] of Object.entries(fields)) payload += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  payload += `--${boundary}--\r\n`;
  return app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
const importCsv = (csv: string, mapping: unknown, createMissing = false, token = admin) =>
  upload('/api/admin/analytics/imports', csv, { mapping: typeof mapping === 'string' ? mapping : JSON.stringify(mapping), createMissing: String(createMissing) }, token);

const mapping = {
  columns: { store: 'shop', storeName: 'shop_name', city: 'town', date: 'day', sku: 'item', productName: 'label', category: 'family', quantity: 'qty', lineAmount: 'amount', unitCost: 'cost', receipt: 'ticket', customer: 'client' },
  currency: 'EUR', timeZone: 'Europe/Paris', country: 'FR',
};
const HEADER = 'shop,shop_name,town,day,item,label,family,qty,amount,cost,ticket,client';
const SALES = [
  HEADER,
  'P01,Lyon Bellecour,Lyon,2026-03-14 10:15,MUG,Blue mug,Kitchen,2,24.00,4.10,T1,C9',
  'P01,Lyon Bellecour,Lyon,2026-03-14 10:15,TEA,"Tea, green",Grocery,1,6.50,,T1,C9',
  'P02,Villeurbanne,Lyon,2026-03-15 18:40,MUG,Blue mug,Kitchen,-1,-12.00,4.10,T7,',
  'P03,Paris Bastille,Paris,2026-03-15,MUG,Blue mug,Kitchen,x,12.00,4.10,T8,',
].join('\n');

const count = async (where = sql`true`) => (await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from analytics.sale_line where ${where}`))[0]!.n;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
});
afterAll(() => app?.close());

describe('POST /api/admin/analytics/imports/preview', () => {
  it('answers the header and first rows for the mapping screen', async () => {
    const res = await upload('/api/admin/analytics/imports/preview', SALES);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().columns).toEqual(HEADER.split(','));
    expect(res.json().rows[1]).toEqual(['P01', 'Lyon Bellecour', 'Lyon', '2026-03-14 10:15', 'TEA', 'Tea, green', 'Grocery', '1', '6.50', '', 'T1', 'C9']);
  });
});

describe('POST /api/admin/analytics/imports', () => {
  it('refuses an unknown store without createMissing (rejected rows), then creates stores, regions and products with it; a re-import adds nothing', async () => {
    const refused = await importCsv(SALES, mapping);
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ read: 4, imported: 0, rejectedCount: 4, createdStores: 0 });
    expect(refused.json().rejected.map((r: { line: number; code: string }) => [r.line, r.code])).toEqual([
      [2, 'ANALYTICS.UNKNOWN_STORE'], [3, 'ANALYTICS.UNKNOWN_STORE'], [4, 'ANALYTICS.UNKNOWN_STORE'], [5, 'ANALYTICS.BAD_QUANTITY'],
    ]);
    expect(await count()).toBe(0);

    const res = await importCsv(SALES, mapping, true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ read: 4, imported: 3, duplicates: 0, rejectedCount: 1, createdStores: 2, createdRegions: 1, createdProducts: 2, dateFormat: 'iso', dateFormatDetected: true, failure: null });
    const facts = await rows<{ code: string; region: string; sku: string; quantity: number; net_revenue: number; unit_cost: number | null; category: string; local_at: string; sold_at: string; reference: string; customer_ref: string | null }>(
      app.database.db,
      sql`select s.code, r.name as region, f.sku, f.quantity, f.net_revenue::int, f.unit_cost::int, f.category, f.local_at::text, to_char(f.sold_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as sold_at, f.reference, f.customer_ref
          from analytics.sale_line f join analytics.store s on s.id = f.store_id join analytics.region r on r.id = s.region_id order by f.id`,
    );
    expect(facts).toEqual([
      { code: 'P01', region: 'Lyon', sku: 'MUG', quantity: 2, net_revenue: 2400, unit_cost: 410, category: 'Kitchen', local_at: '2026-03-14 10:15:00', sold_at: '2026-03-14 09:15', reference: 'T1', customer_ref: 'C9' },
      { code: 'P01', region: 'Lyon', sku: 'TEA', quantity: 1, net_revenue: 650, unit_cost: null, category: 'Grocery', local_at: '2026-03-14 10:15:00', sold_at: '2026-03-14 09:15', reference: 'T1', customer_ref: 'C9' },
      { code: 'P02', region: 'Lyon', sku: 'MUG', quantity: -1, net_revenue: -1200, unit_cost: 410, category: 'Kitchen', local_at: '2026-03-15 18:40:00', sold_at: '2026-03-15 17:40', reference: 'T7', customer_ref: null },
    ]);
    const [store] = await rows<{ name: string; city: string; opened_on: string; currency: string; country: string }>(app.database.db, sql`select name, city, opened_on::text, currency, country from analytics.store where code = 'P01'`);
    expect(store).toEqual({ name: 'Lyon Bellecour', city: 'Lyon', opened_on: '2026-03-14', currency: 'EUR', country: 'FR' });
    const [product] = await rows<{ title: string; category: string }>(app.database.db, sql`select title, category from analytics.product where sku = 'TEA'`);
    expect(product).toEqual({ title: 'Tea, green', category: 'Grocery' });

    const again = await importCsv(SALES, mapping, true);
    expect(again.json()).toMatchObject({ imported: 0, duplicates: 3, createdStores: 0, createdProducts: 0 });
    expect(await count()).toBe(3);
  });

  it('keys lines without a receipt by their content: identical rows count twice, once', async () => {
    const m = { columns: { store: 'shop', date: 'day', sku: 'item', quantity: 'qty', unitPrice: 'price' }, currency: 'EUR', timeZone: 'Europe/Paris', amountsIncludeTax: true, taxRate: 0.2 };
    const csv = 'shop,day,item,qty,price\nP01,14/03/2026,MUG,1,12.00\nP01,14/03/2026,MUG,1,12.00\nP01,25/03/2026,TEA,3,2.00\n';
    const first = await importCsv(csv, m);
    expect(first.json()).toMatchObject({ imported: 3, dateFormat: 'day-first', dateFormatDetected: true });
    expect((await importCsv(csv, m)).json()).toMatchObject({ imported: 0, duplicates: 3 });
    const [sum] = await rows<{ revenue: number; tax: number }>(app.database.db, sql`select sum(net_revenue)::int as revenue, sum(tax)::int as tax from analytics.sale_line where reference like 'row:%'`);
    expect(sum).toEqual({ revenue: 1000 + 1000 + 500, tax: 200 + 200 + 100 });
  });

  it('reports the file line of a rejected row even after a quoted field spanning lines', async () => {
    const m = { columns: { store: 'shop', date: 'day', sku: 'item', quantity: 'qty', unitPrice: 'price', productName: 'label' }, currency: 'EUR', timeZone: 'Europe/Paris' };
    const csv = 'shop,day,item,label,qty,price\nP01,2026-03-20,MUG,"Blue\nmug",1,12.00\nP01,2026-03-20,MUG,Mug,two,12.00\n';
    const res = await importCsv(csv, m);
    expect(res.json()).toMatchObject({ read: 2, imported: 1, rejected: [{ line: 4, code: 'ANALYTICS.BAD_QUANTITY' }] });
  });

  it('uses a cost only where costOnlyWhen matches', async () => {
    const m = { ...mapping, columns: { ...mapping.columns, receipt: 'ticket' }, costOnlyWhen: { column: 'trusted', equals: 'true' } };
    const csv = `${HEADER},trusted\nP01,Lyon Bellecour,Lyon,2026-04-01 09:00,MUG,Blue mug,Kitchen,1,12.00,4.10,T20,,true\nP01,Lyon Bellecour,Lyon,2026-04-01 09:00,TEA,Tea,Grocery,1,6.50,2.00,T20,,false\n`;
    expect((await importCsv(csv, m)).json()).toMatchObject({ imported: 2 });
    const costs = await rows<{ sku: string; unit_cost: number | null }>(app.database.db, sql`select sku, unit_cost::int from analytics.sale_line where reference = 'T20' order by sku`);
    expect(costs).toEqual([{ sku: 'MUG', unit_cost: 410 }, { sku: 'TEA', unit_cost: null }]);
  });

  it('refuses bad input as a whole with a stable code and writes nothing', async () => {
    const before = await count();
    const dims = sql`select (select count(*)::int from analytics.store) as stores, (select count(*)::int from analytics.product) as products`;
    const dimsBefore = await rows(app.database.db, dims);
    const cases: [string, unknown, number, string][] = [
      [SALES, { ...mapping, columns: { ...mapping.columns, sku: 'article' } }, 422, 'ANALYTICS.MAPPING_COLUMN_MISSING'],
      [SALES, '{ "columns": ', 400, 'ANALYTICS.MAPPING_INVALID'],
      [SALES, { ...mapping, columns: { ...mapping.columns, unitPrice: 'amount' } }, 400, 'ANALYTICS.MAPPING_INVALID'],
      [SALES, { ...mapping, timeZone: 'Mars/Olympus' }, 400, 'ANALYTICS.MAPPING_INVALID'],
      [`${HEADER}\nP01,A,Lyon,2026-03-16 10:00,MUG,M,K,1,12.00,4.10,T30,\nP01,A,Lyon,2026-03-16 10:00,TEA,T,G,1,6.50,-0.50,T30,`, mapping, 422, 'ANALYTICS.NEGATIVE_COST'],
      [`${HEADER}\nP01,A,Lyon,2026-03-16 10:00,MUG,M,K,1,12.00,4.10,T31,\nP01,A,Lyon,2099-01-01 10:00,TEA,T,G,1,6.50,1.00,T31,`, mapping, 422, 'ANALYTICS.FUTURE_DATE'],
      // The refusal comes after rows of a new store and a new product were read.
      [`${HEADER}\nP77,New,Nice,2026-03-16 10:00,NEW1,N,K,1,12.00,4.10,T33,\nP01,A,Lyon,2026-03-16 10:00,TEA,T,G,1,6.50,-1.00,T33,`, mapping, 422, 'ANALYTICS.NEGATIVE_COST'],
      [`${HEADER}\nP01,A,Lyon,03/04/2026,MUG,M,K,1,12.00,4.10,T32,\nP01,A,Lyon,05/06/2026,TEA,T,G,1,6.50,1.00,T32,`, mapping, 422, 'ANALYTICS.DATE_FORMAT_AMBIGUOUS'],
      [HEADER, mapping, 422, 'ANALYTICS.EMPTY_FILE'],
    ];
    for (const [csv, m, status, code] of cases) {
      const res = await importCsv(csv, m, true);
      expect([res.statusCode, res.json().code], res.body).toEqual([status, code]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(await count()).toBe(before);
    expect(await rows(app.database.db, dims)).toEqual(dimsBefore);
  });

  it('needs analytics:write and a company-wide scope', async () => {
    expect((await importCsv(SALES, mapping, true, await app.tokenFor(['analyst']))).statusCode).toBe(403);
    const manager = await importCsv(SALES, mapping, true, await app.tokenFor(['manager']));
    expect([manager.statusCode, manager.json().code]).toEqual([404, 'ANALYTICS.NODE_NOT_FOUND']);
  });
});
