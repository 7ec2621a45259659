/**
 * Reports and exports over the fixture of test/support/analytics-fixture.ts (March 2026; Alpha
 * sto_fx_a: revenue 1,500 pence against a 3,000 target): the registry, a JSON page, CSV and
 * XLSX files parsed back with exceljs (values, number formats, frozen header), formula injection
 * neutralised, a store manager's exports holding only their store, the background export job
 * with its signed expiring link, and scheduled reports mailed with the file attached.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../platform/auth.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { FX, fxLine, grant, seedFixture, userIdOf } from '../../../test/support/analytics-fixture.js';

let app: TestApp;
let admin: string;
let manager: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (url: string, token = admin) => app.inject({ url, headers: auth(token) });
const MARCH = 'period=month&date=2026-03-15';

async function workbook(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb.worksheets[0] as ExcelJS.Worksheet;
}

beforeAll(async () => {
  // Exports of more than 3 estimated rows run as background jobs (sale lines); the others answer at once.
  app = await createTestApp({ reportExportSyncRows: 3 });
  await seedFixture(app);
  // April 2026: categories a spreadsheet would run as formulas.
  await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [
    fxLine(FX.a, '2026-04-02', 'F1', 'SKU1', '=HYPERLINK("http://evil.test","x")', 1, 700, 100),
    fxLine(FX.a, '2026-04-02', 'F1', 'SKU2', '@SUM(A1)', 1, 300, 100),
    // May–June 2026, Alpha only, with customers (RFM, cohorts, baskets): see 'analysis reports'.
    ...([['M1', 'c1', '2026-05-04', 'SKU1', 1000], ['M1', 'c1', '2026-05-04', 'SKU2', 500], ['M2', 'c2', '2026-05-04', 'SKU1', 1000], ['M2', 'c2', '2026-05-04', 'SKU2', 500],
      ['M3', 'c3', '2026-05-04', 'SKU1', 1000], ['M4', 'c1', '2026-05-20', 'SKU3', 2000], ['J1', 'c1', '2026-06-03', 'SKU1', 1000]] as const)
      .map(([ref, customer, day, sku, revenue]) => ({ ...fxLine(FX.a, day, ref, sku, 'Wine', 1, revenue, 100), customerRef: customer })),
  ]));
  await app.analytics.catchUpRollups();
  admin = await app.tokenFor(['admin']);
  manager = await app.tokenFor(['manager']);
  await grant(app, userIdOf(manager), { store: [FX.a] });
});
afterAll(() => app.close());

describe('report registry and runs', () => {
  it('lists the predefined reports with EN/FR titles, filters and typed columns', async () => {
    const res = await get('/api/admin/analytics/reports');
    expect(res.statusCode).toBe(200);
    const { data } = res.json() as { data: { id: string; title: { fr: string }; columns: { key: string; type: string }[] }[] };
    expect(data.map((r) => r.id)).toEqual(['store-monthly', 'region-consolidation', 'category-performance', 'abc', 'rfm-segments', 'rfm-customers', 'cohort-table', 'top-pairs', 'scenario-comparison', 'sale-lines']);
    expect(data[0]?.title.fr).toBe('Performance mensuelle par magasin');
    expect(data[0]?.columns.find((c) => c.key === 'attainment')?.type).toBe('percent');
  });

  it('runs monthly performance by store against the targets, one page at a time', async () => {
    const res = await get(`/api/admin/analytics/reports/store-monthly?${MARCH}&limit=2`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { data: Record<string, unknown>[]; pagination: { total: number }; currency: string };
    expect(page.currency).toBe('GBP');
    // Alpha, Bravo, Charlie, Echo (Delta has no exchange rate for March: left out).
    expect(page.pagination.total).toBe(4);
    expect(page.data).toHaveLength(2);
    expect(page.data[0]).toMatchObject({ month: '2026-03-01', storeCode: 'FXA', revenue: 1500, target: 3000, variance: -1500, attainment: 0.5, units: 3 });
  });

  it('answers 404 for an unknown report and 400 for a bad period', async () => {
    expect((await get('/api/admin/analytics/reports/nope')).json()).toMatchObject({ code: 'ANALYTICS.REPORT_NOT_FOUND' });
    expect((await get('/api/admin/analytics/reports/store-monthly?period=custom&from=2026-03-10&to=2026-03-01')).statusCode).toBe(400);
  });
});

describe('exports', () => {
  it('writes an XLSX with currency and percent formats, dates, a frozen header and the scope and period in its name', async () => {
    const res = await get(`/api/admin/analytics/reports/store-monthly/export?${MARCH}&format=xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe('attachment; filename="store-monthly_company_2026-03.xlsx"');
    const sheet = await workbook(res.rawPayload);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(5).value).toBe('Revenue (GBP)');
    const alpha = sheet.getRow(2);
    expect(alpha.getCell(3).value).toBe('FXA');
    expect(alpha.getCell(1).value).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(alpha.getCell(5).value).toBe(15);
    expect(alpha.getCell(5).numFmt).toBe('#,##0.00 "GBP"');
    expect(alpha.getCell(8).value).toBe(0.5);
    expect(alpha.getCell(8).numFmt).toBe('0.0%');
    expect(sheet.getColumn(4).width).toBe(24);
  });

  it('writes a CSV with money in major units, in French when asked', async () => {
    const res = await get(`/api/admin/analytics/reports/store-monthly/export?${MARCH}&format=csv&lang=fr`);
    expect(res.statusCode).toBe(200);
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Mois,Région,Code magasin,Magasin,Chiffre d’affaires (GBP),Objectif (GBP),Écart (GBP),Réalisation,Marge brute (GBP),Taux de marge,Unités,Tickets');
    expect(lines[1]).toBe('2026-03-01,North City,FXA,Alpha,15.00,30.00,-15.00,0.5,4.00,0.4,3,2');
  });

  it('neutralises formula injection in CSV and XLSX text cells', async () => {
    const q = 'period=month&date=2026-04-15&node=sto_fx_a';
    const csv = (await get(`/api/admin/analytics/reports/category-performance/export?${q}&format=csv`)).body;
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.test"",""x"")"');
    expect(csv).toContain('\'@SUM(A1)');
    const sheet = await workbook((await get(`/api/admin/analytics/reports/category-performance/export?${q}&format=xlsx`)).rawPayload);
    const cells = [2, 3].map((r) => sheet.getRow(r).getCell(1).value);
    expect(cells.sort()).toEqual(['\'=HYPERLINK("http://evil.test","x")', '\'@SUM(A1)']);
    for (let r = 2; r <= 3; r += 1) expect(sheet.getRow(r).getCell(1).formula).toBeUndefined();
  });

  it('gives a store manager only their store, and 404 for another node', async () => {
    const sheet = await workbook((await get(`/api/admin/analytics/reports/store-monthly/export?${MARCH}&format=xlsx`, manager)).rawPayload);
    const codes: unknown[] = [];
    sheet.eachRow((row, n) => n > 1 && codes.push(row.getCell(3).value));
    expect(codes).toEqual(['FXA']);
    const tree = (await get(`/api/admin/analytics/reports/region-consolidation/export?${MARCH}&format=csv`, manager)).body;
    expect(tree).toContain('Alpha');
    for (const other of ['Bravo', 'Charlie', 'Echo', 'North']) expect(tree).not.toContain(other);
    const other = await get(`/api/admin/analytics/reports/store-monthly/export?${MARCH}&format=csv&node=${FX.c}`, manager);
    expect(other.json()).toMatchObject({ code: 'ANALYTICS.NODE_NOT_FOUND' });
  });

  it('runs the region consolidation of one category, receipts left empty', async () => {
    const page = (await get(`/api/admin/analytics/reports/region-consolidation?${MARCH}&category=Wine`)).json() as { category: string | null; data: Record<string, unknown>[] };
    expect(page.category).toBe('Wine');
    // Wine in March: Alpha 1,000 + Charlie 1,001 EUR at 0.85 = 851.
    expect(page.data[0]).toMatchObject({ level: 0, kind: 'company', revenue: 1851, units: 5, transactions: null });
    expect(page.data.find((r) => String(r.name).trim() === 'Alpha')).toMatchObject({ revenue: 1000 });
  });

  it('runs a large export as a job with progress and a signed download link that expires', async () => {
    const started = await get(`/api/admin/analytics/reports/sale-lines/export?${MARCH}&format=xlsx`, manager);
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json() as { id: string; status: string };
    expect(job.status).toBe('pending');
    expect((await get(`/api/admin/analytics/reports/exports/${job.id}`)).statusCode).toBe(404); // another user's
    await app.runJob('analytics.report-exports');
    const done = (await get(`/api/admin/analytics/reports/exports/${job.id}`, manager)).json() as { status: string; rowsDone: number; fileName: string; download: { url: string } };
    // The manager's store only: Alpha's 4 March lines.
    expect(done).toMatchObject({ status: 'done', rowsDone: 4, fileName: 'sale-lines_FXA_2026-03.xlsx' });
    const path = new URL(done.download.url).pathname + new URL(done.download.url).search;
    const file = await app.inject({ url: path });
    expect(file.statusCode).toBe(200);
    const sheet = await workbook(file.rawPayload);
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(2).getCell(1).value).toBe('FXA');
    expect(sheet.getRow(2).getCell(7).numFmt).toBe('#,##0.00 "GBP"');
    expect((await app.inject({ url: path.replace(/signature=[^&]+/, 'signature=forged') })).statusCode).toBe(404);
    const past = Math.floor(Date.now() / 1000) - 5;
    const signature = new TokenService(app.config.jwtSecret as string, 900).derive('report-file', `${job.id}.${past}`);
    expect((await app.inject({ url: `/api/analytics/report-files/${job.id}?expires=${past}&signature=${signature}` })).statusCode).toBe(410);
  });
});

describe('analysis reports (ABC, RFM segments, cohort table, top pairs)', () => {
  const csv = async (url: string, token = admin): Promise<string[]> => {
    const res = await get(url, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.body.replace(/^\ufeff/, '').trim().split('\r\n');
  };
  const MAY = 'period=month&date=2026-05-15';

  it('runs ABC as JSON and CSV, within the caller\'s scope', async () => {
    // March 2026, the company: SKU3 2000 (B), SKU1 1851, SKU2 1353 of 5204 (as analytics.analyses.test.ts).
    const page = (await get(`/api/admin/analytics/reports/abc?${MARCH}`)).json() as { data: Record<string, unknown>[] };
    expect(page.data.map((r) => [r.sku, r.revenue, r.abcClass])).toEqual([['SKU3', 2000, 'A'], ['SKU1', 1851, 'A'], ['SKU2', 1353, 'A']]);
    const lines = await csv(`/api/admin/analytics/reports/abc/export?${MARCH}&format=csv`);
    expect(lines[0]).toBe('Rank,SKU,Product,Category,Revenue (GBP),Gross margin (GBP),Units,Share of revenue,Cumulative share,Class');
    expect(lines[1]).toMatch(/^1,SKU3,SKU3,[^,]*,20\.00,10\.00,4,0\.3843,0\.3843,A$/);
    // Alpha's manager: Alpha's products only (SKU1 1000, SKU2 500), never Bravo's SKU3.
    const mine = (await get(`/api/admin/analytics/reports/abc?${MARCH}`, manager)).json() as { data: Record<string, unknown>[] };
    expect(mine.data.map((r) => [r.sku, r.revenue])).toEqual([['SKU1', 1000], ['SKU2', 500]]);
    expect((await get(`/api/admin/analytics/reports/abc?${MARCH}&node=${FX.b}`, manager)).json()).toMatchObject({ code: 'ANALYTICS.NODE_NOT_FOUND' });
    // The category filter: April's '@SUM(A1)' line only (SKU2, 3.00), the category in the file's name.
    const april = await get(`/api/admin/analytics/reports/abc/export?period=month&date=2026-04-15&category=${encodeURIComponent('@SUM(A1)')}&format=csv`);
    expect(april.headers['content-disposition']).toBe('attachment; filename="abc_company_2026-04_SUM-A1.csv"');
    expect(april.body.replace(/^\ufeff/, '').trim().split('\r\n').slice(1).map((r) => r.split(',').slice(1, 2).concat(r.split(',')[4]!))).toEqual([['SKU2', '3.00']]);
  });

  it('runs RFM segments as JSON and CSV', async () => {
    // May: c1 2 receipts 3500, last 05-20; c2 1 receipt 1500; c3 1 receipt 1000 (both 05-04).
    // Quintile boundaries of 3 values (nearest rank): the 2nd value for k = 2..4, the 1st for k = 1:
    // c1 R5 F4 M4 → champions; c2 R4 F1 M2, c3 R4 F1 M1 → FM 1 → promising.
    const page = (await get(`/api/admin/analytics/reports/rfm-segments?${MAY}`)).json() as { data: { segment: string; customers: number; monetary: number }[] };
    expect(page.data.filter((r) => r.customers > 0)).toEqual([
      { segment: 'champions', customers: 1, share: 0.3333, monetary: 3500 },
      { segment: 'promising', customers: 2, share: 0.6667, monetary: 2500 },
    ]);
    const lines = await csv(`/api/admin/analytics/reports/rfm-segments/export?${MAY}&format=csv&lang=fr`);
    expect(lines[0]).toBe('Segment,Clients,Part des clients,CA net (GBP)');
    expect(lines[1]).toBe('champions,1,0.3333,35.00');
  });

  it('exports every RFM customer with their scores and segment', async () => {
    // The same May scores as the segments above, one row per customer, largest net revenue first.
    const page = (await get(`/api/admin/analytics/reports/rfm-customers?${MAY}`)).json() as { data: Record<string, unknown>[] };
    expect(page.data).toEqual([
      { customer: 'c1', segment: 'champions', r: 5, f: 4, m: 4, lastPurchase: '2026-05-20', recencyDays: 11, frequency: 2, monetary: 3500 },
      { customer: 'c2', segment: 'promising', r: 4, f: 1, m: 2, lastPurchase: '2026-05-04', recencyDays: 27, frequency: 1, monetary: 1500 },
      { customer: 'c3', segment: 'promising', r: 4, f: 1, m: 1, lastPurchase: '2026-05-04', recencyDays: 27, frequency: 1, monetary: 1000 },
    ]);
    const lines = await csv(`/api/admin/analytics/reports/rfm-customers/export?${MAY}&format=csv`);
    expect(lines[0]).toBe('Customer,Segment,R score,F score,M score,Last purchase,Recency (days),Receipts,Net revenue (GBP)');
    expect(lines[1]).toBe('c1,champions,5,4,4,2026-05-20,11,2,35.00');
    // A store manager's file holds only the customers of their store (all of May's are Alpha's).
    expect((await get(`/api/admin/analytics/reports/rfm-customers?${MAY}&node=${FX.b}`, manager)).statusCode).toBe(404);
  });

  it('runs the cohort table as JSON and CSV', async () => {
    // Cohort May 2026: c1, c2, c3; in June only c1 buys again → +1 = 1/3. No one's first purchase is in June.
    const q = 'period=custom&from=2026-05-01&to=2026-06-30';
    const page = (await get(`/api/admin/analytics/reports/cohort-table?${q}`)).json() as { data: Record<string, unknown>[] };
    expect(page.data[0]).toEqual({ cohort: '2026-05-01', size: 3, month0: 1, month1: 0.3333 });
    expect(page.data[1]).toMatchObject({ cohort: '2026-06-01', size: 0 });
    const lines = await csv(`/api/admin/analytics/reports/cohort-table/export?${q}&format=csv`);
    expect(lines[0]).toBe(`Cohort,Customers,${Array.from({ length: 13 }, (_, k) => `Month +${k}`).join(',')}`);
    expect(lines[1]).toBe(`2026-05-01,3,1,0.3333${','.repeat(11)}`);
  });

  it('runs top pairs as JSON and CSV', async () => {
    // May: 4 baskets; SKU1 in 3, SKU2 in 2, both in 2 → support 0.5, P(SKU2 | SKU1) 2/3, P(SKU1 | SKU2) 1, lift 0.5 ÷ (0.75 × 0.5).
    const page = (await get(`/api/admin/analytics/reports/top-pairs?${MAY}`)).json() as { data: Record<string, unknown>[]; columns: { key: string; type: string }[] };
    expect(page.data).toEqual([{ skuA: 'SKU1', titleA: 'SKU1', skuB: 'SKU2', titleB: 'SKU2', baskets: 2, support: 0.5, confidenceAB: 0.6667, confidenceBA: 1, lift: 1.3333 }]);
    expect(page.columns.find((c) => c.key === 'lift')?.type).toBe('decimal');
    const lines = await csv(`/api/admin/analytics/reports/top-pairs/export?${MAY}&format=csv`);
    expect(lines).toEqual(['SKU A,Product A,SKU B,Product B,Baskets,Support,Confidence A→B,Confidence B→A,Lift', 'SKU1,SKU1,SKU2,SKU2,2,0.5,0.6667,1,1.3333']);
    const sheet = await workbook((await get(`/api/admin/analytics/reports/top-pairs/export?${MAY}&format=xlsx`)).rawPayload);
    expect(sheet.getRow(2).getCell(9)).toMatchObject({ value: 1.3333, numFmt: '#,##0.00' });
  });
});

describe('XLSX beyond a sheet\'s rows (sheets of 3 rows here, every export a job)', () => {
  let small: TestApp;
  let token: string;
  beforeAll(async () => {
    small = await createTestApp({ reportExportSyncRows: 0, reportExportXlsxRows: 3 });
    await seedFixture(small);
    token = await small.tokenFor(['admin']);
  });
  afterAll(() => small.close());

  /** Starts an export, runs the job, and answers the finished job and its file. */
  const exported = async (path: string) => {
    const started = await small.inject({ url: `/api/admin/analytics/reports/${path}`, headers: auth(token) });
    expect(started.statusCode, started.body).toBe(202);
    await small.runJob('analytics.report-exports');
    const job = (await small.inject({ url: `/api/admin/analytics/reports/exports/${(started.json() as { id: string }).id}`, headers: auth(token) })).json() as { status: string; format: string; fileName: string; notice: string | null; rowsDone: number; download: { url: string } };
    const url = new URL(job.download.url);
    return { started: started.json() as { format: string; notice: string | null }, job, file: await small.inject({ url: url.pathname + url.search }) };
  };

  it('writes CSV with a notice when the estimate already exceeds a sheet, and when the rows written do', async () => {
    // Sale lines: estimated (counted) at the start, so the job is CSV from the outset.
    const lines = await exported(`sale-lines/export?${MARCH}&format=xlsx`);
    expect(lines.started).toMatchObject({ format: 'csv', notice: expect.stringMatching(/^More rows than an XLSX sheet holds \(2 plus the header\): exported as CSV instead\.$/) });
    expect(lines.job).toMatchObject({ status: 'done', format: 'csv', fileName: 'sale-lines_company_2026-03.csv' });
    expect(lines.file.headers['content-type']).toContain('text/csv');
    expect(lines.file.body.replace(/^\ufeff/, '').trim().split('\r\n')).toHaveLength(lines.job.rowsDone + 1);
    // ABC has no estimate: the XLSX writer stops at the third product and the job writes CSV instead, in French when asked.
    const abc = await exported(`abc/export?${MARCH}&format=xlsx&lang=fr`);
    expect(abc.started).toMatchObject({ format: 'xlsx', notice: null });
    expect(abc.job).toMatchObject({ status: 'done', format: 'csv', fileName: 'abc_company_2026-03.csv', notice: 'Plus de lignes qu’une feuille XLSX n’en contient (2 plus l’en-tête) : export au format CSV.' });
    const rowsOf = abc.file.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(rowsOf.slice(1).map((r) => r.split(',')[1])).toEqual(['SKU3', 'SKU1', 'SKU2']);
    // A run that fits stays XLSX.
    const cohorts = await exported(`cohort-table/export?${MARCH}&format=xlsx`);
    expect(cohorts.job).toMatchObject({ status: 'done', format: 'xlsx', notice: null });
    expect((await workbook(cohorts.file.rawPayload)).rowCount).toBe(2);
  });
});

describe('scheduled reports', () => {
  it('mails a subscribed report as an attachment in the subscriber\'s language; unsubscribing works from the mail and the back office', async () => {
    const created = await app.inject({
      method: 'POST', url: '/api/admin/analytics/reports/subscriptions', headers: auth(manager),
      payload: { report: 'store-monthly', frequency: 'monthly', format: 'xlsx', locale: 'fr' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const sub = created.json() as { id: string; nextRunAt: string };
    expect(sub.nextRunAt).toMatch(/-01T06:00:00\.000Z$/);
    const analyst = await app.tokenFor(['analyst']);
    expect((await app.inject({ method: 'POST', url: '/api/admin/analytics/reports/subscriptions', headers: auth(analyst), payload: { report: 'store-monthly', frequency: 'weekly', format: 'csv' } })).statusCode).toBe(403);

    await app.database.db.execute(sql`update analytics.report_subscription set next_run_at = now() - interval '1 minute' where id = ${sub.id}`);
    await app.runJob('analytics.report-subscriptions');
    await app.relay.drain();
    const mails = (await get('/api/admin/mail?template=scheduled_report')).json() as { data: { id: string; subject: string; locale: string }[] };
    expect(mails.data).toHaveLength(1);
    expect(mails.data[0]).toMatchObject({ locale: 'fr' });
    expect(mails.data[0]?.subject).toMatch(/^Performance mensuelle par magasin — \d{4}-\d{2}$/);
    const [attachment] = (await app.database.db.execute(sql`select file_name, content_base64 from notifications.mail_attachment where mail_id = ${mails.data[0]?.id}`) as unknown as { rows: { file_name: string; content_base64: string }[] }).rows;
    expect(attachment?.file_name).toMatch(/^store-monthly_FXA_\d{4}-\d{2}\.xlsx$/);
    const sheet = await workbook(Buffer.from(attachment?.content_base64 ?? '', 'base64'));
    expect(sheet.getRow(1).getCell(1).value).toBe('Mois');
    // Ran once: the next run is next month.
    const again = (await get('/api/admin/analytics/reports/subscriptions', manager)).json() as { data: { nextRunAt: string; lastRunAt: string }[] };
    expect(new Date(again.data[0]?.nextRunAt ?? 0).getTime()).toBeGreaterThan(Date.now());

    const text = ((await get(`/api/admin/mail/${mails.data[0]?.id}`)).json() as { text: string }).text;
    // The mailed link opens the web app's confirmation page (the signature in the fragment, never sent by a GET).
    const link = new URL(/https?:\/\/\S+\/report-unsubscribe\/\S+/.exec(text)?.[0] as string);
    expect(link.pathname).toBe(`/report-unsubscribe/${sub.id}`);
    const signature = new URLSearchParams(link.hash.slice(1)).get('signature') as string;
    // A GET of the older API link (a mail scanner following it) redirects to that page and ends nothing.
    const opened = await app.inject({ url: `/api/analytics/report-subscriptions/${sub.id}/unsubscribe?signature=${signature}` });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/report-unsubscribe/${sub.id}#signature=${signature}`);
    expect(((await get('/api/admin/analytics/reports/subscriptions', manager)).json() as { data: unknown[] }).data).toHaveLength(1);
    // The page's button posts the signature.
    const confirm = (s: string) => app.inject({ method: 'POST', url: `/api/analytics/report-subscriptions/${sub.id}/unsubscribe`, payload: { signature: s } });
    expect((await confirm('forged')).statusCode).toBe(404);
    expect((await confirm(signature)).json()).toEqual({ unsubscribed: true, report: 'store-monthly' });
    expect((await confirm(signature)).statusCode).toBe(404);
    expect(((await get('/api/admin/analytics/reports/subscriptions', manager)).json() as { data: unknown[] }).data).toEqual([]);

    const second = (await app.inject({ method: 'POST', url: '/api/admin/analytics/reports/subscriptions', headers: auth(manager), payload: { report: 'category-performance', frequency: 'weekly', format: 'csv' } })).json() as { id: string };
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/analytics/reports/subscriptions/${second.id}`, headers: auth(admin) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/analytics/reports/subscriptions/${second.id}`, headers: auth(manager) })).statusCode).toBe(204);
  });
});
