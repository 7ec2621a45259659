/**
 * The analytics back office in a real browser (Debian's Chromium, playwright-core) against the real
 * server as a child process (harness.ts), extending the shop story:
 * - seeded through the API: a region "Nord" under the company, two stores in it (POST /stores),
 *   and today's sales of both through the sales CSV import (POST /imports with a mapping);
 * - an admin signs in, opens Analytics from the menu, picks the region and the day, and sees the
 *   KPI cards with the imported revenue, formatted for the locale; the view is in the URL and a
 *   reload restores it;
 * - opens Consolidation (the view follows), sees the region's stores with subtotals, drills down
 *   into a store's categories and a category's products;
 * - switches to French: the same pages in French, amounts formatted the French way;
 * - screenshots at desktop and phone widths (test-results/screenshots/analytics-*); at both sizes
 *   each page fits without sideways scrolling and axe-core finds no WCAG 2.x A/AA violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, Api, ensureBuilt, hasChromium, launchBrowser, phoneWidths, seedRegionSales, shootFitted, START_TIMEOUT_MS, startServer, writeResult, type RunningServer } from './harness.js';
import { adminOnDashboard } from './back-office.js';
import { tr } from './i18n.js';

/** How long one UI step may wait for the app. */
const STEP = 15_000;
/** Today's local date in UTC (`YYYY-MM-DD`): the sales are dated today so the default views show them. */
const TODAY = new Date().toISOString().slice(0, 10);
const STORES = [
  { code: 'E2E-LIL', name: 'Lille Centre', city: 'Lille' },
  { code: 'E2E-RBX', name: 'Roubaix Grand-Place', city: 'Roubaix' },
];
/** Today's sales: Lille 2 × 12.50 + 1 × 30.00 = 55.00; Roubaix 3 × 10.00 = 30.00; region 85.00 over 3 receipts. */
const SALES_CSV = [
  'store,date,sku,qty,unit_price,unit_cost,category,receipt',
  `E2E-LIL,${TODAY},WINE-1,2,12.50,7.00,Wine,R1`,
  `E2E-LIL,${TODAY},CIDER-1,1,30.00,18.00,Cider,R2`,
  `E2E-RBX,${TODAY},WINE-1,3,10.00,7.00,Wine,R3`,
].join('\n') + '\n';
const MAPPING = {
  columns: { store: 'store', date: 'date', sku: 'sku', quantity: 'qty', unitPrice: 'unit_price', unitCost: 'unit_cost', category: 'category', receipt: 'receipt' },
  dateFormat: 'iso',
  timeZone: 'Europe/Paris',
};

let server: RunningServer;
let browser: Browser;
let admin: Api;
let currency = 'EUR';
let regionId = '';

/** `amount` major units in `currency` as the page shows it in `lang`. */
const moneyText = (amount: number, lang: 'en' | 'fr') => new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(amount);

describe.skipIf(!hasChromium)('analytics back office in Chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    ({ regionId, currency } = await seedRegionSales(admin, {
      region: { code: 'E2E-NORD', name: 'Nord' }, stores: STORES, csv: SALES_CSV, mapping: MAPPING, day: TODAY, revenue: 8500,
    }));
    browser = await launchBrowser();
  }, START_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (Object.keys(phoneWidths).length) writeResult('analytics-phone-widths.json', phoneWidths);
  }, 60_000);

  it('an admin opens the dashboard, picks the region and the day, sees the KPI cards; consolidation drills down; French', async () => {
    const { context, page, errors } = await adminOnDashboard(browser, server.url, STEP);

    // Dashboard from the menu; pick the region, the day and today's date.
    await page.getByRole('navigation', { name: tr('en', 'admin.menu') }).getByRole('link', { name: tr('en', 'analytics.nav') }).click();
    await page.getByRole('heading', { level: 1, name: tr('en', 'analytics.dashboard.title') }).waitFor();
    await page.getByLabel(tr('en', 'analytics.picker.node'), { exact: true }).selectOption(regionId);
    await page.getByLabel(tr('en', 'analytics.picker.period'), { exact: true }).selectOption('day');
    await page.getByLabel(tr('en', 'analytics.picker.date'), { exact: true }).fill(TODAY);
    const viewOf = (url: string) => ['node', 'period', 'date'].map((k) => new URL(url).searchParams.get(k));
    await expect.poll(() => viewOf(page.url()), { timeout: STEP }).toEqual([regionId, 'day', TODAY]);
    const revenueCard = page.locator('[data-kpi="revenue"]');
    await expect.poll(() => revenueCard.textContent(), { timeout: STEP }).toContain(moneyText(85, 'en'));
    await expect.poll(() => page.locator('[data-kpi="transactions"] .an-value').textContent(), { timeout: STEP }).toBe('3');
    await expect.poll(() => page.locator('[data-kpi="units"] .an-value').textContent(), { timeout: STEP }).toBe('6');
    // Units per transaction is a quotient (6 ÷ 3), margin and returns rates are percentages.
    await expect.poll(() => page.locator('[data-kpi="unitsPerTransaction"] .an-value').textContent(), { timeout: STEP }).toBe('2');
    await expect.poll(() => page.locator('[data-kpi="returnsRate"] .an-value').textContent(), { timeout: STEP }).toMatch(/^0\s?%$/);
    await page.getByText(new RegExp(tr('en', 'analytics.dataAsOf', { when: 'XX' }).replace('XX', '.+'))).first().waitFor();
    // The league table ranks Lille (55.00) above Roubaix (30.00).
    const league = page.getByRole('region', { name: tr('en', 'analytics.league.title') });
    await expect.poll(() => league.getByRole('row').nth(1).textContent(), { timeout: STEP }).toContain('Lille Centre');
    // The chart's table alternative.
    await page.getByText(tr('en', 'analytics.chart.showTable')).first().click();
    await page.getByRole('table', { name: /Revenue/ }).first().waitFor();
    // The view is in the URL: a reload comes back to it.
    await page.reload();
    await expect.poll(() => revenueCard.textContent(), { timeout: STEP }).toContain(moneyText(85, 'en'));
    expect(await page.getByLabel(tr('en', 'analytics.picker.period'), { exact: true }).inputValue()).toBe('day');
    await shootFitted(page, 'analytics-dashboard');

    // Consolidation keeps the view: the region with its two stores and subtotals; drill into Lille.
    await page.getByRole('navigation', { name: tr('en', 'analytics.tabs.label') }).getByRole('link', { name: tr('en', 'analytics.tabs.consolidation') }).click();
    await page.getByRole('heading', { level: 1, name: tr('en', 'analytics.consolidation.title') }).waitFor();
    const tree = page.getByRole('treegrid');
    await expect.poll(() => tree.locator('tr[aria-level="1"]').textContent(), { timeout: STEP }).toContain(moneyText(85, 'en'));
    await tree.getByRole('button', { name: 'Lille Centre' }).click();
    await page.getByRole('heading', { name: tr('en', 'analytics.drill.categories', { store: 'Lille Centre' }) }).waitFor();
    await page.getByRole('button', { name: 'Wine', exact: true }).click();
    await page.getByRole('heading', { name: tr('en', 'analytics.drill.products', { store: 'Lille Centre', category: 'Wine' }) }).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /WINE-1/ }).textContent(), { timeout: STEP }).toContain(moneyText(25, 'en'));
    await shootFitted(page, 'analytics-consolidation');
    // The tree filtered to Wine: Lille 25 + Roubaix 30 at the top; the drill-down stays on Wine.
    await page.getByLabel(tr('en', 'analytics.analyses.category'), { exact: true }).selectOption('Wine');
    await expect.poll(() => tree.locator('tr[aria-level="1"]').textContent(), { timeout: STEP }).toContain(moneyText(55, 'en'));
    await page.getByRole('heading', { name: tr('en', 'analytics.drill.products', { store: 'Lille Centre', category: 'Wine' }) }).waitFor();

    // French: the same drill-down in French, amounts formatted the French way.
    await page.getByRole('button', { name: 'Français', exact: true }).click();
    await page.getByRole('heading', { name: tr('fr', 'analytics.drill.products', { store: 'Lille Centre', category: 'Wine' }) }).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /WINE-1/ }).textContent(), { timeout: STEP }).toContain(moneyText(25, 'fr'));
    await page.getByRole('navigation', { name: tr('fr', 'analytics.tabs.label') }).getByRole('link', { name: tr('fr', 'analytics.tabs.dashboard') }).click();
    await page.getByRole('heading', { level: 1, name: tr('fr', 'analytics.dashboard.title') }).waitFor();
    await expect.poll(() => revenueCard.textContent(), { timeout: STEP }).toContain(moneyText(85, 'fr'));
    await page.getByRole('heading', { name: tr('fr', 'analytics.kpi.averageBasket') }).waitFor();
    await shootFitted(page, 'analytics-dashboard-fr');

    // Back/forward walk through the views.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: tr('fr', 'analytics.consolidation.title') }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { level: 1, name: tr('fr', 'analytics.dashboard.title') }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
