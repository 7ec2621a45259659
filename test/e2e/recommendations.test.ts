/**
 * The back office's recommendations page in a real browser (Debian's Chromium, playwright-core)
 * against the real server as a child process (harness.ts), on the demo catalog:
 * - an admin opens Recommendations from the menu, pins product B to product A's list (the product
 *   pickers search by SKU), excludes a category, starts a model build: each shows on the page and
 *   in the API (GET /api/admin/recommendations/controls, /builds);
 * - product A's page lists B in its "Recommendations" section;
 * - unpinning and lifting the exclusion empty the controls again; the page in French;
 * - at desktop and phone widths the page fits without sideways scrolling and axe-core finds no
 *   WCAG 2.x A/AA violation (test-results/screenshots/admin-recommendations-*).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, Api, ensureBuilt, hasChromium, launchBrowser, shootFitted, START_TIMEOUT_MS, startServer, VIEWPORTS, type RunningServer } from './harness.js';
import { signInToBackOffice } from './back-office.js';
import { tr } from './i18n.js';

/** How long one UI step may wait for the app. */
const STEP = 15_000;
const R = '/api/admin/recommendations';

type Product = { id: string; title: string; variants: { sku: string }[] };
type Controls = { pins: { productId: string; pinnedProductIds: string[] }[]; exclusions: { kind: string; id: string }[] };

let server: RunningServer;
let browser: Browser;
let admin: Api;
let a: Product;
let b: Product;
let category: { id: string; name: string };

describe.skipIf(!hasChromium)('recommendations back office in Chromium', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    [a, b] = (await admin.call<{ data: Product[] }>('GET', '/api/admin/products?status=active&page=1&limit=2')).data as [Product, Product];
    [category] = (await admin.call<{ data: { id: string; name: string }[] }>('GET', '/api/categories')).data as [{ id: string; name: string }];
    browser = await launchBrowser();
  }, START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('an admin pins a product, excludes a category, starts a build, sees the pin on the product page, then undoes both; French', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: VIEWPORTS.desktop, locale: 'en-GB' });
    context.setDefaultTimeout(STEP);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const controls = () => admin.call<Controls>('GET', `${R}/controls`);
    const label = (key: string, exact = true) => page.getByLabel(tr('en', key), { exact });
    const pick = async (key: string, product: Product) => {
      await page.getByLabel(tr('en', 'admin.productPicker.search', { label: tr('en', key) }), { exact: true }).fill(product.variants[0]!.sku);
      await expect.poll(() => label(key).locator(`option[value="${product.id}"]`).count(), { timeout: STEP }).toBe(1);
      await label(key).selectOption(product.id);
    };

    await signInToBackOffice(page);
    await page.getByRole('navigation', { name: tr('en', 'admin.menu') }).getByRole('link', { name: tr('en', 'admin.nav.recommendations') }).click();
    await page.getByRole('heading', { level: 1, name: tr('en', 'admin.recommendations.title') }).waitFor();
    await page.getByText(tr('en', 'admin.recommendations.noPins')).waitFor();

    // Pin B first in A's list.
    await pick('admin.recommendations.product', a);
    await pick('admin.recommendations.pinnedProduct', b);
    await page.getByRole('button', { name: tr('en', 'admin.recommendations.pin'), exact: true }).click();
    const pins = page.getByRole('table', { name: tr('en', 'admin.recommendations.pins') });
    await expect.poll(() => pins.getByRole('row').nth(1).textContent(), { timeout: STEP }).toBe(`${a.title}${b.title}1${tr('en', 'admin.recommendations.unpin')} ${tr('en', 'admin.recommendations.pinRow', { n: 1 })}`);
    expect((await controls()).pins).toEqual([{ productId: a.id, pinnedProductIds: [b.id] }]);

    // Exclude a category.
    await label('admin.recommendations.kind').selectOption('category');
    await label('admin.recommendations.excludeCategory').selectOption(category.id);
    await page.getByRole('button', { name: tr('en', 'admin.recommendations.exclude'), exact: true }).click();
    const exclusions = page.getByRole('table', { name: tr('en', 'admin.recommendations.exclusions') });
    await expect.poll(() => exclusions.getByRole('row').nth(1).textContent(), { timeout: STEP }).toContain(category.name);
    expect((await controls()).exclusions).toEqual([{ kind: 'category', id: category.id }]);

    // Build now, once the build after the demo import is over (it runs in the server's process: on a
    // loaded machine its answer can wait for a running build): the page names the build it started and lists it.
    const builds = () => admin.call<{ data: { id: string; status: string; trigger: string }[] }>('GET', `${R}/builds`);
    await expect.poll(async () => (await builds()).data.some((x) => x.trigger === 'import' && x.status !== 'running'), { timeout: 120_000, interval: 1_000 }).toBe(true);
    await page.getByRole('button', { name: tr('en', 'admin.recommendations.buildNow') }).click();
    const started = page.getByRole('status').filter({ hasText: /Build .+ started/ });
    await started.waitFor({ timeout: 60_000 });
    const [latest] = (await builds()).data;
    expect(latest!.trigger).toBe('api');
    expect(await started.textContent()).toBe(tr('en', 'admin.recommendations.buildStarted', { id: latest!.id }));
    await page.getByRole('table', { name: tr('en', 'admin.recommendations.builds') }).getByText(latest!.id).waitFor({ timeout: 60_000 });
    await shootFitted(page, 'admin-recommendations');

    // A's product page lists B as pinned, and links back.
    await pins.getByRole('link', { name: a.title }).click();
    const section = page.getByRole('region', { name: tr('en', 'admin.recommendations.title') });
    await section.getByRole('listitem').filter({ hasText: b.title }).waitFor();
    await section.getByRole('link', { name: tr('en', 'admin.recommendations.manage') }).click();

    // Unpin and lift the exclusion: the controls are empty again.
    await page.getByRole('button', { name: `${tr('en', 'admin.recommendations.unpin')} ${tr('en', 'admin.recommendations.pinRow', { n: 1 })}` }).click();
    await page.getByText(tr('en', 'admin.recommendations.noPins')).waitFor();
    await exclusions.getByRole('button', { name: new RegExp(`^${tr('en', 'admin.recommendations.include')}`) }).click();
    await page.getByText(tr('en', 'admin.recommendations.noExclusions')).waitFor();
    expect(await controls()).toEqual({ pins: [], exclusions: [] });

    await page.getByRole('button', { name: 'Français', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: tr('fr', 'admin.recommendations.title') }).waitFor();
    await page.getByRole('button', { name: tr('fr', 'admin.recommendations.buildNow') }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
