/**
 * The what-if simulator in a real browser (Debian's Chromium, playwright-core) against the real
 * server as a child process (harness.ts):
 * - seeded through the API: a region "Flandre" with two stores and today's sales of both through
 *   the sales CSV import (Lille 55.00, Roubaix 30.00);
 * - an admin signs in, opens the what-if page on the region and the day: the scenario equals the
 *   baseline (85.00);
 * - moves the price slider with the keyboard (10 × → = +5 %; default elasticity −1.0, so volume
 *   −5 %): the scenario revenue becomes 5500 × 1.05 × 0.95 = 5486.25 → 5486 plus 3000 × 0.9975 =
 *   2992.5 → 2993 minor units, 84.79, in the table and in the live region; axe-core and the phone
 *   width are checked with the results on screen;
 * - saves the scenario and sees it listed;
 * - exports the monthly store report of the region as XLSX from the reports page and opens the
 *   downloaded file (exceljs): one row per store with its revenue, the scope and period in its name.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, Api, ensureBuilt, hasChromium, launchBrowser, seedRegionSales, shootFitted, START_TIMEOUT_MS, startServer, type RunningServer } from './harness.js';
import { adminOnDashboard } from './back-office.js';
import { tr } from './i18n.js';

const STEP = 15_000;
const TODAY = new Date().toISOString().slice(0, 10);
const SALES_CSV = [
  'store,date,sku,qty,unit_price,unit_cost,category,receipt',
  `WIF-LIL,${TODAY},WINE-1,2,12.50,7.00,Wine,W1`,
  `WIF-LIL,${TODAY},CIDER-1,1,30.00,18.00,Cider,W2`,
  `WIF-RBX,${TODAY},WINE-1,3,10.00,7.00,Wine,W3`,
].join('\n') + '\n';
const MAPPING = {
  columns: { store: 'store', date: 'date', sku: 'sku', quantity: 'qty', unitPrice: 'unit_price', unitCost: 'unit_cost', category: 'category', receipt: 'receipt' },
  dateFormat: 'iso',
  timeZone: 'Europe/Paris',
};

let server: RunningServer;
let browser: Browser;
let currency = 'EUR';
let regionId = '';

const moneyText = (amount: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);

describe.skipIf(!hasChromium)('what-if simulator in Chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    const admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    ({ regionId, currency } = await seedRegionSales(admin, {
      region: { code: 'WIF-FLA', name: 'Flandre' },
      stores: [{ code: 'WIF-LIL', name: 'Lille Gare', city: 'Lille' }, { code: 'WIF-RBX', name: 'Roubaix Centre', city: 'Roubaix' }],
      csv: SALES_CSV, mapping: MAPPING, day: TODAY, revenue: 8500,
    }));
    browser = await launchBrowser();
  }, START_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('moving the price slider with the keyboard changes the scenario figures; the scenario is saved', async () => {
    const { context, page, errors } = await adminOnDashboard(browser, server.url, STEP);

    // From the analytics tabs, with the region and the day in the view.
    await page.goto(`/admin/analytics?node=${regionId}&period=day&date=${TODAY}`);
    await page.getByRole('navigation', { name: tr('en', 'analytics.tabs.label') }).getByRole('link', { name: tr('en', 'analytics.tabs.whatif') }).click();
    await page.getByRole('heading', { level: 1, name: tr('en', 'analytics.whatif.title') }).waitFor();
    const rootRevenue = page.locator(`tr[data-node="${regionId}"] td[data-measure="revenue"]`);
    const summary = page.getByTestId('whatif-summary');
    await expect.poll(() => rootRevenue.textContent(), { timeout: STEP }).toBe(moneyText(85));

    const price = page.getByRole('slider', { name: tr('en', 'analytics.whatif.price') });
    await price.focus();
    for (let i = 0; i < 10; i++) await price.press('ArrowRight');
    expect(await page.getByRole('spinbutton', { name: tr('en', 'analytics.whatif.price') }).inputValue()).toBe('5');
    await expect.poll(() => rootRevenue.textContent(), { timeout: STEP }).toBe(moneyText(84.79));
    // The live region reads the new figures.
    await expect.poll(() => summary.textContent(), { timeout: STEP }).toContain(moneyText(84.79));
    expect([await summary.getAttribute('role'), await summary.getAttribute('aria-live')]).toEqual(['status', 'polite']);
    // The bridge's table alternative has the price step.
    await page.getByText(tr('en', 'analytics.chart.showTable')).first().click();
    await page.getByRole('table', { name: tr('en', 'analytics.whatif.bridge') }).getByRole('row', { name: new RegExp(tr('en', 'analytics.whatif.step.price')) }).waitFor();
    await shootFitted(page, 'analytics-whatif');

    // Save it: it is listed.
    await page.getByLabel(tr('en', 'analytics.whatif.name'), { exact: true }).fill('Flandre +5 %');
    await page.getByRole('button', { name: tr('en', 'analytics.whatif.save') }).click();
    await page.getByRole('region', { name: tr('en', 'analytics.whatif.saved') }).getByRole('rowheader', { name: 'Flandre +5 %' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('exports a report as XLSX and the downloaded file holds the region\'s stores', async () => {
    const { context, page, errors } = await adminOnDashboard(browser, server.url, STEP, { acceptDownloads: true });

    await page.goto(`/admin/analytics/reports?report=store-monthly&node=${regionId}&period=month&date=${TODAY}`);
    await page.getByRole('heading', { level: 1, name: tr('en', 'analytics.reports.title') }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: tr('en', 'analytics.reports.exportXlsx') }).click()]);
    expect(download.suggestedFilename()).toBe(`store-monthly_WIF-FLA_${TODAY.slice(0, 7)}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(3).value).toBe('Store code');
    const revenue: Record<string, unknown> = {};
    sheet.eachRow((row, n) => { if (n > 1) revenue[String(row.getCell(3).value)] = row.getCell(5).value; });
    expect(revenue).toEqual({ 'WIF-LIL': 55, 'WIF-RBX': 30 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
