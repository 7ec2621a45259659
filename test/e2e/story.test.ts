/**
 * The whole shop in a real browser (Debian's Chromium driven by playwright-core) against the real
 * server as a child process with the demo catalog:
 * - a guest shopper (English) searches "lantern", opens a product, adds two, applies a promo code,
 *   pays with 4242…, sees the confirmation; a manager signs in to /admin, finds the order and ships
 *   it with a tracking number, then refunds one lantern back into stock (the page shows the amount
 *   before the refund is confirmed, then the refund in the history with the manager's name); the
 *   shopper's order page shows it shipped with a tracking link and the refund; the confirmation and
 *   shipping mails are listed in the back office;
 * - a guest pays by bank transfer: the confirmation page shows the shop's bank details and the
 *   order number as reference; the manager marks the payment received and the order is confirmed,
 *   then cancels it: asked for a reason first, without mailing the customer;
 * - a guest pays by card through Stripe: the server talks to the local Stripe stand-in
 *   (test/support/stripe-standin.ts, on a loopback port) and the checkout loads its mock of
 *   Stripe.js under the shop's CSP; the order is confirmed and the back office shows the `stripe`
 *   payment authorized;
 * - the same story in French with a declined card ends on a clear error and no confirmed order;
 * - on a 390 px phone, a signed-in shopper with a long e-mail finds "Add to cart" and its
 *   confirmation without scrolling, reads a folded order summary at the top of checkout, and the
 *   confirmation and account pages fit, in English and French;
 * - every page the story checks (shootFitted) fits 1280 and 390 px without sideways scrolling and
 *   axe-core finds no WCAG 2.x A/AA violation on it at either size; screenshots of each at both
 *   widths (test-results/screenshots/, `-fr` in French);
 * - search engines: a product page's HTML, fetched without running any script, holds its title,
 *   canonical and Product JSON-LD with the price, and shows its heading and price with JavaScript off;
 * - performance: time until the home and product pages show their content, and the gzipped
 *   JavaScript the storefront's first page loads (test-results/perf.json; the size has a budget).
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, Api, ensureBuilt, hasChromium, launchBrowser, phoneWidths, shootFitted, SITE_DOMAIN, START_TIMEOUT_MS, storedMailText, startServer, VIEWPORTS, writeResult, type RunningServer } from './harness.js';
import type { Locator } from 'playwright-core';
import { adminOnDashboard, signInToBackOffice } from './back-office.js';
import { tr, trPattern, type Lang } from './i18n.js';
import { startStripeStandIn, type StripeStandIn } from '../support/stripe-standin.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';

const VISA_OK = '4242 4242 4242 4242';
const VISA_DECLINED = '4000 0000 0000 0002';
const PROMO = 'WELCOME10';
const MANAGER = { email: 'manager@example.test', password: 'manager-password-123' };
const SHOPPER = 'ada.shopper@example.test';
const TRANSFER_SHOPPER = 'bea.transfer@example.test';
const STRIPE_SHOPPER = 'cleo.stripe@example.test';
/** Keys shared by the server and the Stripe stand-in (test values, not Stripe's). */
const STRIPE_KEYS = { secretKey: 'sk_test_story_0123456789', publishableKey: 'pk_test_story_0123456789', webhookSecret: 'whsec_story_0123456789' };
const DECLINED_SHOPPER = 'marie.refusee@example.test';
/** A signed-in shopper whose e-mail is longer than a phone is wide. */
const LONG_SHOPPER = { email: 'maximilienne.de-la-rochefoucauld-montmorency@boutique-cadeaux-exemple.test', password: 'maximilienne-password-123' };
const TRACKING = 'RM123456785GB';
/** First-page JavaScript budget for the storefront, gzipped. */
const JS_BUDGET_BYTES = 150 * 1024;
/** How long one UI step may wait for the app (the server imports nothing during the story). */
const STEP = 15_000;

let server: RunningServer;
let stripe: StripeStandIn;
let smtp: TestSmtp;
let browser: Browser;
let admin: Api;
const perf: Record<string, unknown> = {};
/** Content-Security-Policy violations any page reported (the CSP must not break the app). */
const cspViolations: string[] = [];

/** A fresh browser context (own storage: a separate person) at desktop size (or `viewport`), English locale. */
async function person(viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
  context.setDefaultTimeout(STEP);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.warn(`page error at ${page.url()}: ${String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  return { context, page };
}

/** True when `target` is wholly inside the window without the page having been scrolled. */
async function inFirstScreen(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const { scrollY, innerHeight, innerWidth } = (await page.evaluate('({ scrollY: window.scrollY, innerHeight: window.innerHeight, innerWidth: window.innerWidth })')) as Record<string, number>;
  return !!box && scrollY === 0 && box.y >= 0 && box.x >= 0 && box.y + box.height <= innerHeight! && box.x + box.width <= innerWidth!;
}

/** The header's search hint names an example query that finds products in this catalogue. */
async function expectSearchHintFinds(page: Page, lang: Lang) {
  const example = tr(lang, 'store.search.example');
  const box = page.getByRole('combobox', { name: tr(lang, 'store.search.label') });
  expect(await box.getAttribute('placeholder')).toBe(tr(lang, 'store.search.placeholder', { example }));
  const { total } = await new Api(server.url).call<{ total: number }>('GET', `/api/search?q=${encodeURIComponent(example)}`);
  expect(total, `the ${lang} hint "${example}" finds nothing`).toBeGreaterThan(0);
}

/** Registers `email` through the API and follows the mailed verification link (stored for the back office without SMTP). */
async function registerVerified(email: string, password: string, names: { firstName: string; lastName: string }) {
  const api = new Api(server.url);
  await api.call('POST', '/api/auth/register', { email, password, ...names });
  const text = await storedMailText(admin, email, 'verify_email');
  await api.call('POST', '/api/auth/verify-email', { token: /#token=([\w.-]+)/.exec(text)?.[1] });
}

/** The storefront's main landmark. */
const main = (page: Page) => page.getByRole('main');

/** Searches from the header, opens the first hit whose title mentions "lantern"; returns its title. */
async function searchAndOpenLantern(page: Page, lang: Lang, screenshot?: string): Promise<string> {
  const box = page.getByRole('combobox', { name: tr(lang, 'store.search.label') });
  await box.fill('lantern');
  await box.press('Enter');
  await page.waitForURL(/\/search\?q=lantern/);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: STEP }).toBe(tr(lang, 'store.search.titleFor', { q: 'lantern' }));
  // A product tile (an article), not the "Lanterns" category facet.
  const hit = main(page).getByRole('article').getByRole('link', { name: /lantern/i }).first();
  await hit.waitFor();
  const title = (await hit.textContent())!.trim();
  if (screenshot) await shootFitted(page, screenshot);
  await hit.click();
  await page.waitForURL(/\/p\//);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: STEP }).toBe(title);
  return title;
}

/** On the product page: quantity 2, add to cart, wait until the header's cart says 2. */
async function addTwo(page: Page, lang: Lang) {
  await page.getByLabel(tr(lang, 'store.product.quantity'), { exact: true }).fill('2');
  await page.getByRole('button', { name: tr(lang, 'store.product.addToCart') }).click();
  await main(page).getByRole('status').filter({ hasText: tr(lang, 'store.product.added') }).waitFor();
  await page.getByRole('link', { name: tr(lang, 'store.header.cartLabel', { count: 2 }) }).waitFor();
}

/**
 * Fills the checkout form as a guest: contact, address (unless `address` is false), standard delivery, then the payment: the
 * test `card` number, bank transfer (`card` null), or `{ stripe: number }`: method `card` and the
 * number typed into Stripe.js's card field (the stand-in's mock).
 */
async function fillCheckout(page: Page, lang: Lang, email: string | null, card: string | null | { stripe: string }, address = true) {
  const field = (key: string) => main(page).getByLabel(tr(lang, key), { exact: true });
  if (email !== null) await field('store.checkout.email').fill(email); // null: signed in, no e-mail asked
  if (address) { // false: the address is already there (picked from the address book)
    await field('store.address.firstName').fill('Ada');
    await field('store.address.lastName').fill('Lovelace');
    await field('store.address.line1').fill('12 St James Square');
    await field('store.address.city').fill('London');
    await field('store.address.postalCode').fill('SW1Y 4JH');
    await field('store.address.country').selectOption('GB');
  }
  const standard = main(page).getByRole('group', { name: tr(lang, 'store.checkout.method') }).getByRole('radio', { name: new RegExp(`^${tr(lang, 'store.shippingMethods.standard')} —`) });
  await standard.click(); // checked once the cart has the method (server state)
  await expect.poll(() => standard.isChecked(), { timeout: STEP }).toBe(true);
  const methods = main(page).getByRole('group', { name: tr(lang, 'store.checkout.paymentMethod') });
  if (card === null) {
    await methods.getByRole('radio', { name: tr(lang, 'store.checkout.methods.bank_transfer') }).check();
    await main(page).getByText(tr(lang, 'store.checkout.offlineNote.bank_transfer')).waitFor();
    return;
  }
  if (typeof card === 'object') {
    await methods.getByRole('radio', { name: tr(lang, 'store.checkout.methods.card'), exact: true }).check();
    // Stripe.js mounts its card field in the checkout (the shop's own card fields are not shown).
    await main(page).getByTestId('stripe-card').getByRole('textbox', { name: 'Card number' }).fill(card.stripe);
    await expect.poll(() => main(page).getByLabel(tr(lang, 'store.card.cvc'), { exact: true }).count()).toBe(0);
    return;
  }
  await methods.getByRole('radio', { name: tr(lang, 'store.checkout.methods.test') }).check();
  await field('store.card.number').fill(card);
  await field('store.card.expMonth').fill('12');
  await field('store.card.expYear').fill(String(new Date().getFullYear() + 3));
  await field('store.card.cvc').fill('123');
}

describe.skipIf(!hasChromium)('storefront and back office in Chromium', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    ensureBuilt();
    // Stripe is the local stand-in (a loopback port): the server's SDK calls its API, the
    // storefront loads its mock Stripe.js, and it sends signed webhooks back to the server.
    stripe = await startStripeStandIn({ ...STRIPE_KEYS, autoDeliver: true });
    // A real SMTP server: newsletter campaigns are sent, never stored (transactional mail is both).
    smtp = await startSmtp();
    server = await startServer({
      SMTP_URL: smtp.url,
      STRIPE_SECRET_KEY: STRIPE_KEYS.secretKey,
      STRIPE_WEBHOOK_SECRET: STRIPE_KEYS.webhookSecret,
      STRIPE_PUBLISHABLE_KEY: STRIPE_KEYS.publishableKey,
      STRIPE_API_BASE: stripe.url,
      STRIPE_JS_URL: `${stripe.url}/v3/`,
    });
    stripe.setWebhookUrl(`${server.url}/api/payments/webhooks/stripe`);
    const api = new Api(server.url);
    admin = await api.login(ADMIN.email, ADMIN.password);
    await admin.call('POST', '/api/admin/promotions', { code: PROMO, type: 'percentage', value: 10 });
    // (registerVerified waits with vi.waitFor, not expect.poll: vitest refuses expect.poll outside a test.)
    await registerVerified(MANAGER.email, MANAGER.password, { firstName: 'Morgan', lastName: 'Manager' });
    const [user] = (await admin.call<{ data: { id: string }[] }>('GET', `/api/admin/users?q=${encodeURIComponent(MANAGER.email)}`)).data;
    await admin.call('PATCH', `/api/admin/users/${user!.id}`, { roles: ['manager'] });
    browser = await launchBrowser();
  }, START_TIMEOUT_MS + 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await stripe?.close();
    await smtp?.close();
    if (Object.keys(phoneWidths).length) writeResult('phone-widths.json', phoneWidths);
    if (Object.keys(perf).length) {
      const file = writeResult('perf.json', perf);
      console.warn(`e2e perf (${file}):\n${JSON.stringify(perf, null, 2)}`);
    }
  }, 60_000);

  describe('a guest buys two lanterns with a promo code, the manager ships them (English)', () => {
    let shopper: Page;
    let orderUrl: string;
    let orderNumber: string;
    let hasShipped = false;

    it('shopper: search, product, cart with promo code, checkout with 4242…, confirmation', async () => {
      ({ page: shopper } = await person());
      await shopper.goto('/');
      await expect.poll(() => shopper.locator('html').getAttribute('lang'), { timeout: STEP }).toBe('en');
      await main(shopper).getByRole('heading', { level: 1, name: tr('en', 'store.home.title') }).waitFor();
      await main(shopper).getByRole('article').first().waitFor();
      await shootFitted(shopper, 'home');
      await expectSearchHintFinds(shopper, 'en');

      await searchAndOpenLantern(shopper, 'en', 'search');
      await addTwo(shopper, 'en');
      await shootFitted(shopper, 'product');

      await shopper.getByRole('link', { name: tr('en', 'store.header.cartLabel', { count: 2 }) }).click();
      await shopper.waitForURL(/\/cart$/);
      await main(shopper).getByRole('heading', { level: 1, name: tr('en', 'store.cart.title') }).waitFor();
      await main(shopper).getByLabel(tr('en', 'store.promo.label'), { exact: true }).fill(PROMO.toLowerCase());
      await main(shopper).getByRole('button', { name: tr('en', 'store.promo.apply') }).click();
      // The code is shown as applied and the totals get a discount line naming it.
      await main(shopper).getByText(tr('en', 'store.promo.applied', { code: PROMO }), { exact: true }).waitFor();
      await main(shopper).getByTestId('totals').getByText(tr('en', 'store.totals.discountCode', { code: PROMO }), { exact: true }).waitFor();
      await shootFitted(shopper, 'cart');

      await main(shopper).getByRole('link', { name: tr('en', 'store.cart.checkout') }).click();
      await shopper.waitForURL(/\/checkout$/);
      await fillCheckout(shopper, 'en', SHOPPER, VISA_OK);
      await shootFitted(shopper, 'checkout');
      await main(shopper).getByRole('button', { name: tr('en', 'store.checkout.place') }).click();

      await shopper.waitForURL(/\/order\/[^/?#]+/);
      orderUrl = new URL(shopper.url()).pathname;
      await main(shopper).getByRole('heading', { level: 1, name: trPattern('en', 'store.confirmation.title') }).waitFor();
      orderNumber = (await main(shopper).getByTestId('order-number').textContent())!.trim();
      expect(orderNumber).toMatch(/^CPT-\d+$/);
      await expect.poll(() => main(shopper).getByText(tr('en', 'store.orderStatus.confirmed'), { exact: true }).count(), { timeout: STEP }).toBeGreaterThan(0);
      // The delivery address names its country (Intl.DisplayNames), never the bare code.
      await main(shopper).getByText('United Kingdom', { exact: true }).waitFor();
      expect(await main(shopper).getByText('GB', { exact: true }).count()).toBe(0);
      await shootFitted(shopper, 'confirmation');

      // What the API holds: two units, the promo code applied, paid.
      const { data } = await admin.call<{ data: { id: string; number: string; status: string; promotionCode: string | null; lines: { quantity: number }[] }[] }>('GET', `/api/admin/orders?customer=${encodeURIComponent(SHOPPER)}`);
      expect(data.map((o) => [o.number, o.status, o.promotionCode, o.lines.reduce((n, l) => n + l.quantity, 0)])).toEqual([[orderNumber, 'confirmed', PROMO, 2]]);
    });

    it('manager: signs in to /admin, finds the order, ships it with a tracking number', async () => {
      if (!orderNumber) throw new Error('no order: the shopper step failed');
      const { context, page } = await person();
      await page.goto('/admin');
      await page.getByLabel(tr('en', 'admin.signIn.email'), { exact: true }).waitFor();
      await shootFitted(page, 'admin-sign-in');
      await page.getByLabel(tr('en', 'admin.signIn.email'), { exact: true }).fill(MANAGER.email);
      await page.getByLabel(tr('en', 'admin.signIn.password'), { exact: true }).fill(MANAGER.password);
      await page.getByRole('button', { name: tr('en', 'admin.signIn.submit') }).click();
      await page.getByRole('heading', { level: 1, name: tr('en', 'admin.dashboard.title') }).waitFor();
      // A reload keeps the session: the access token lives in memory only, the refresh token in an
      // HttpOnly cookie no script can read; no token is left in localStorage.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: tr('en', 'admin.dashboard.title') }).waitFor();
      expect(await page.evaluate('Object.entries(localStorage).filter(([k, v]) => v.includes("eyJ") || /accessToken|refreshToken/.test(k))')).toEqual([]);
      expect((await context.cookies()).find((c) => c.name === 'comptoir_refresh')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
      expect(await page.evaluate('document.cookie')).not.toContain('comptoir_refresh');
      expect(cspViolations).toEqual([]);
      await page.getByRole('link', { name: orderNumber }).first().waitFor();
      await shootFitted(page, 'admin-dashboard');

      await page.getByRole('navigation', { name: tr('en', 'admin.menu') }).getByRole('link', { name: tr('en', 'admin.nav.orders') }).click();
      await page.waitForURL(/\/admin\/orders$/);
      await page.getByLabel(tr('en', 'admin.orders.customerFilter'), { exact: true }).fill(SHOPPER);
      await page.getByRole('button', { name: tr('en', 'admin.filter') }).click();
      await page.waitForURL(/customer=/);
      await page.getByRole('link', { name: orderNumber }).waitFor();
      await shootFitted(page, 'admin-orders');
      await page.getByRole('link', { name: orderNumber }).click();
      await page.waitForURL(/\/admin\/orders\/[^/]+$/);
      await page.getByRole('heading', { level: 1, name: tr('en', 'admin.order.title', { number: orderNumber }) }).waitFor();
      await shootFitted(page, 'admin-order');

      // A confirmed order is first put in processing, then shipped.
      await page.getByRole('button', { name: tr('en', 'admin.order.process'), exact: true }).click();
      await page.getByLabel('Carrier', { exact: true }).fill('Royal Mail');
      await page.getByLabel('Tracking number', { exact: true }).fill(TRACKING);
      await page.getByRole('button', { name: 'Ship', exact: true }).click();
      await page.getByRole('cell', { name: TRACKING }).waitFor();
      await page.getByRole('main').getByText(tr('en', 'admin.orderStatus.shipped'), { exact: true }).first().waitFor();
      hasShipped = true;
      await shootFitted(page, 'admin-order-shipped');

      // One lantern came back broken: refund one unit of the line, back into stock. The page shows
      // the server's amount before the manager confirms, then the refund in the history with the manager's name.
      const order = await admin.call<{ id: string; lines: { sku: string; title: string; lineTotal: { amount: number }; discount: { amount: number } }[] }>('GET', `/api/admin/orders/${new URL(page.url()).pathname.split('/').pop()}`);
      const line = order.lines[0]!;
      const unit = Math.floor((line.lineTotal.amount - line.discount.amount) / 2);
      const amount = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(unit / 100);
      const onHandBefore = (await admin.call<{ onHand: number }>('GET', `/api/admin/inventory/${encodeURIComponent(line.sku)}/movements`)).onHand;
      await page.getByLabel(tr('en', 'admin.order.refundUnits', { title: line.title }), { exact: true }).fill('1');
      expect(await page.getByLabel(tr('en', 'admin.order.restock'), { exact: true }).isChecked()).toBe(true);
      await page.getByLabel(tr('en', 'admin.order.refundReason'), { exact: true }).fill('Arrived broken');
      await page.getByRole('button', { name: tr('en', 'admin.order.refundReview'), exact: true }).click();
      await page.getByText(tr('en', 'admin.order.refundConfirmTitle', { amount }), { exact: true }).waitFor();
      await page.getByRole('button', { name: tr('en', 'admin.order.refundConfirm'), exact: true }).click();
      await page.getByRole('status').filter({ hasText: tr('en', 'admin.order.refundedAmountDone', { amount }) }).waitFor();
      const history = page.getByRole('region', { name: tr('en', 'admin.order.timeline') });
      const refundEntry = history.getByRole('listitem').filter({ hasText: tr('en', 'admin.order.refundEvent', { amount }) });
      await refundEntry.filter({ hasText: 'Arrived broken' }).filter({ hasText: tr('en', 'admin.order.restocked') }).filter({ hasText: tr('en', 'admin.order.byWhom', { name: 'Morgan Manager' }) }).waitFor();
      await shootFitted(page, 'admin-order-refunded');
      const movements = await admin.call<{ onHand: number; data: { type: string; quantity: number; reason: string }[] }>('GET', `/api/admin/inventory/${encodeURIComponent(line.sku)}/movements`);
      expect(movements.onHand).toBe(onHandBefore + 1);
      expect(movements.data[0]).toMatchObject({ type: 'return', quantity: 1, reason: `Returned: refund of order ${orderNumber}` });

      // The confirmation and shipping mails are listed in the back office.
      const mails = await admin.call<{ data: { subject: string; template: string }[] }>('GET', `/api/admin/mail?to=${encodeURIComponent(SHOPPER)}`);
      const confirmation = mails.data.find((m) => m.template === 'order_confirmation');
      const shipped = mails.data.find((m) => m.template === 'order_shipped');
      expect(confirmation, JSON.stringify(mails.data)).toBeDefined();
      expect(shipped, JSON.stringify(mails.data)).toBeDefined();
      await page.getByRole('navigation', { name: tr('en', 'admin.menu') }).getByRole('link', { name: tr('en', 'admin.nav.mail') }).click();
      await page.waitForURL(/\/admin\/mail/);
      await page.getByLabel(tr('en', 'admin.mail.recipient'), { exact: true }).fill(SHOPPER);
      await page.getByRole('button', { name: tr('en', 'admin.filter') }).click();
      await page.waitForURL(/to=/);
      await page.getByRole('main').getByText(confirmation!.subject).first().waitFor();
      await page.getByRole('main').getByText(shipped!.subject).first().waitFor();
      await shootFitted(page, 'admin-mail');

      // Promotions (a row with its actions) and a product's edit page (its stock table with the
      // History buttons) fit a phone, in English and in French.
      const menu = (lang: Lang) => page.getByRole('navigation', { name: tr(lang, 'admin.menu') });
      for (const lang of ['en', 'fr'] as const) {
        const suffix = lang === 'fr' ? '-fr' : '';
        if (lang === 'fr') {
          await page.getByRole('button', { name: 'Français', exact: true }).click();
          await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: STEP }).toBe('fr');
        }
        await menu(lang).getByRole('link', { name: tr(lang, 'admin.nav.promotions') }).click();
        await page.waitForURL(/\/admin\/promotions$/);
        await page.getByRole('main').getByRole('rowheader', { name: PROMO }).waitFor();
        await shootFitted(page, `admin-promotions${suffix}`);
        await menu(lang).getByRole('link', { name: tr(lang, 'admin.nav.products') }).click();
        await page.waitForURL(/\/admin\/products$/);
        await page.getByRole('main').getByRole('table').getByRole('link').first().click();
        await page.waitForURL(/\/admin\/products\/[^/]+$/);
        await page.getByRole('heading', { level: 2, name: tr(lang, 'admin.product.stock') }).waitFor();
        await page.getByRole('button', { name: new RegExp(`^${tr(lang, 'admin.product.history')} `) }).first().waitFor();
        await shootFitted(page, `admin-product${suffix}`);
      }
      await page.context().close();
    });

    it("shopper: the order page shows it shipped with the tracking number", async () => {
      if (!hasShipped) throw new Error('not shipped: the manager step failed');
      await shopper.goto(orderUrl);
      await main(shopper).getByTestId('order-number').filter({ hasText: orderNumber }).waitFor();
      await main(shopper).getByText(TRACKING).waitFor();
      // The tracking number links to Royal Mail's tracking page; the refund is listed.
      await main(shopper).getByRole('link', { name: tr('en', 'store.order.trackingLink', { number: TRACKING, carrier: 'Royal Mail' }) }).waitFor();
      await main(shopper).getByRole('heading', { name: tr('en', 'store.order.refunds') }).waitFor();
      await main(shopper).getByText(/Arrived broken/).first().waitFor();
      await expect.poll(() => main(shopper).getByText(tr('en', 'store.orderStatus.shipped'), { exact: true }).count(), { timeout: STEP }).toBeGreaterThan(0);
      await shootFitted(shopper, 'order-shipped');
      await shopper.context().close();
    });
  });

  it('a guest pays by bank transfer: bank details on the confirmation page, the manager marks the payment received', async () => {
    const { page, context } = await person();
    await page.goto('/');
    await searchAndOpenLantern(page, 'en');
    await addTwo(page, 'en');
    await page.getByRole('link', { name: tr('en', 'store.header.cartLabel', { count: 2 }) }).click();
    await page.waitForURL(/\/cart$/);
    await main(page).getByRole('link', { name: tr('en', 'store.cart.checkout') }).click();
    await page.waitForURL(/\/checkout$/);
    await fillCheckout(page, 'en', TRANSFER_SHOPPER, null);
    await expect.poll(() => main(page).getByLabel(tr('en', 'store.card.number'), { exact: true }).count()).toBe(0);
    await shootFitted(page, 'checkout-bank-transfer');
    await main(page).getByRole('button', { name: tr('en', 'store.checkout.place') }).click();

    await page.waitForURL(/\/order\/[^/?#]+/);
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    const number = (await main(page).getByTestId('order-number').textContent())!.trim();
    const { data } = await admin.call<{ data: { id: string; status: string; payment: { method: string; instructions: { iban: string; bic: string; reference: string } } }[] }>('GET', `/api/admin/orders?customer=${encodeURIComponent(TRANSFER_SHOPPER)}`);
    expect(data.map((o) => [o.id, o.status, o.payment.method])).toEqual([[orderId, 'awaiting_payment', 'bank_transfer']]);
    const bank = data[0]!.payment.instructions;
    expect(bank.reference).toBe(number);
    // The page shows where to send the money and the reference to quote.
    const details = main(page).getByTestId('bank-transfer');
    await details.getByText(bank.iban, { exact: true }).waitFor();
    await details.getByText(bank.bic, { exact: true }).waitFor();
    await details.getByText(number, { exact: true }).waitFor();
    await expect.poll(() => main(page).getByText(tr('en', 'store.orderStatus.awaiting_payment'), { exact: true }).count(), { timeout: STEP }).toBeGreaterThan(0);
    await shootFitted(page, 'confirmation-bank-transfer');
    const mails = await admin.call<{ data: { template: string; subject: string }[] }>('GET', `/api/admin/mail?to=${encodeURIComponent(TRANSFER_SHOPPER)}`);
    expect(mails.data.map((m) => m.template)).toEqual(['order_confirmation']);

    // The transfer arrives: the manager marks it received in the back office.
    const { page: office } = await person();
    await signInToBackOffice(office, MANAGER, `/admin/orders/${orderId}`);
    await office.getByRole('heading', { level: 1, name: tr('en', 'admin.order.title', { number }) }).waitFor();
    await office.getByRole('button', { name: tr('en', 'admin.order.markPaid'), exact: true }).click();
    await office.getByRole('button', { name: tr('en', 'admin.order.process'), exact: true }).waitFor();
    await shootFitted(office, 'admin-order-paid-by-transfer');
    const paid = await admin.call<{ status: string }>('GET', `/api/admin/orders/${orderId}`);
    expect(paid.status).toBe('confirmed');
    const payments = await admin.call<{ data: { provider: string; status: string }[] }>('GET', `/api/admin/payments?orderId=${orderId}`);
    expect(payments.data.map((p) => [p.provider, p.status])).toEqual([['bank_transfer', 'captured']]);

    // The customer changed their mind by phone: the manager cancels, asked first for a reason, and
    // chooses not to mail them; the page shows the order cancelled, with the reason and who did it.
    await office.getByRole('button', { name: tr('en', 'admin.order.cancelOpen'), exact: true }).click();
    await office.getByRole('heading', { name: tr('en', 'admin.order.cancelConfirmTitle', { number }) }).waitFor();
    const confirmCancel = office.getByRole('button', { name: tr('en', 'admin.order.cancelConfirm'), exact: true });
    expect(await confirmCancel.isDisabled()).toBe(true);
    await office.getByLabel(tr('en', 'admin.order.cancelReason'), { exact: true }).fill('Customer cancelled by phone');
    expect(await office.getByLabel(tr('en', 'admin.order.cancelNotify'), { exact: true }).isChecked()).toBe(false);
    await confirmCancel.click();
    await office.getByRole('main').getByText(tr('en', 'admin.orderStatus.cancelled'), { exact: true }).first().waitFor();
    const timeline = office.getByRole('region', { name: tr('en', 'admin.order.timeline') });
    await timeline.getByRole('listitem').filter({ hasText: 'Customer cancelled by phone' }).filter({ hasText: tr('en', 'admin.order.byWhom', { name: 'Morgan Manager' }) }).waitFor();
    await shootFitted(office, 'admin-order-cancelled');
    const cancelled = await admin.call<{ status: string; cancelReason: string }>('GET', `/api/admin/orders/${orderId}`);
    expect([cancelled.status, cancelled.cancelReason]).toEqual(['cancelled', 'Customer cancelled by phone']);
    await office.context().close();
    await context.close();
  });

  it('a guest pays by card through Stripe (the local stand-in): confirmed, and a stripe payment authorized in the back office', async () => {
    const { page, context } = await person();
    await page.goto('/');
    await searchAndOpenLantern(page, 'en');
    await addTwo(page, 'en');
    await page.getByRole('link', { name: tr('en', 'store.header.cartLabel', { count: 2 }) }).click();
    await page.waitForURL(/\/cart$/);
    await main(page).getByRole('link', { name: tr('en', 'store.cart.checkout') }).click();
    await page.waitForURL(/\/checkout$/);
    await fillCheckout(page, 'en', STRIPE_SHOPPER, { stripe: VISA_OK });
    await shootFitted(page, 'checkout-stripe');
    await main(page).getByRole('button', { name: tr('en', 'store.checkout.place') }).click();

    // Stripe.js confirmed the PaymentIntent at the stand-in, then the shop settled the order.
    await page.waitForURL(/\/order\/[^/?#]+/);
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    await main(page).getByRole('heading', { level: 1, name: trPattern('en', 'store.confirmation.title') }).waitFor();
    const number = (await main(page).getByTestId('order-number').textContent())!.trim();
    await expect.poll(() => main(page).getByText(tr('en', 'store.orderStatus.confirmed'), { exact: true }).count(), { timeout: STEP }).toBeGreaterThan(0);
    await shootFitted(page, 'confirmation-stripe');
    expect(cspViolations).toEqual([]);
    const { data } = await admin.call<{ data: { id: string; status: string; payment: { method: string } }[] }>('GET', `/api/admin/orders?customer=${encodeURIComponent(STRIPE_SHOPPER)}`);
    expect(data.map((o) => [o.id, o.status, o.payment.method])).toEqual([[orderId, 'confirmed', 'card']]);
    // One PaymentIntent at "Stripe", authorized (manual capture: captured at shipment).
    const intents = [...stripe.intents.values()].filter((pi) => (pi.metadata as Record<string, string> | undefined)?.order_id === orderId);
    expect(intents.map((pi) => pi.status)).toEqual(['requires_capture']);

    // The back office shows the Stripe payment, authorized.
    const { page: office } = await person();
    await signInToBackOffice(office, MANAGER, `/admin/orders/${orderId}`);
    await office.getByRole('heading', { level: 1, name: tr('en', 'admin.order.title', { number }) }).waitFor();
    // (The card's brand and last four are not asserted: they are missing when Stripe's webhook,
    // which carries the charge unexpanded, settles the payment before the browser's confirm call.)
    const payments = await admin.call<{ data: { provider: string; status: string }[] }>('GET', `/api/admin/payments?orderId=${orderId}`);
    expect(payments.data.map((p) => [p.provider, p.status])).toEqual([['stripe', 'authorized']]);
    await office.getByRole('row').filter({ has: office.getByRole('cell', { name: /^stripe\b/ }) }).getByText(tr('en', 'admin.paymentStatus.authorized'), { exact: true }).waitFor();
    await shootFitted(office, 'admin-order-paid-by-stripe');
    await office.context().close();
    await context.close();
  });

  it('the same story in French with a declined card ends on a clear error and no order', async () => {
    const { page, context } = await person();
    await page.goto('/');
    await page.getByRole('group', { name: tr('en', 'store.header.language') }).getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: STEP }).toBe('fr');
    expect(tr('fr', 'store.home.title')).not.toBe(tr('en', 'store.home.title'));
    await main(page).getByRole('heading', { level: 1, name: tr('fr', 'store.home.title') }).waitFor();
    await main(page).getByRole('article').first().waitFor();
    await shootFitted(page, 'home-fr');
    await expectSearchHintFinds(page, 'fr');

    await searchAndOpenLantern(page, 'fr', 'search-fr');
    // French on the product page.
    expect(tr('fr', 'store.product.addToCart')).not.toBe(tr('en', 'store.product.addToCart'));
    await addTwo(page, 'fr');
    await shootFitted(page, 'product-fr');

    // French in the cart.
    await page.getByRole('link', { name: tr('fr', 'store.header.cartLabel', { count: 2 }) }).click();
    await page.waitForURL(/\/cart$/);
    await main(page).getByRole('heading', { level: 1, name: tr('fr', 'store.cart.title') }).waitFor();
    await shootFitted(page, 'cart-fr');

    // French at checkout; the declined card is said so, in French, and no order is confirmed.
    await main(page).getByRole('link', { name: tr('fr', 'store.cart.checkout') }).click();
    await page.waitForURL(/\/checkout$/);
    await main(page).getByRole('heading', { level: 1, name: tr('fr', 'store.checkout.title') }).waitFor();
    await fillCheckout(page, 'fr', DECLINED_SHOPPER, VISA_DECLINED);
    await shootFitted(page, 'checkout-fr');
    // Keyboard only from here: Tab from the card's last field to the place-order button, Enter.
    const place = main(page).getByRole('button', { name: tr('fr', 'store.checkout.place') });
    await place.waitFor();
    await main(page).getByLabel(tr('fr', 'store.card.cvc'), { exact: true }).focus();
    let tabs = 0;
    const focused: string[] = [];
    while (!(await place.evaluate((el) => el === el.ownerDocument.activeElement))) {
      focused.push(await page.evaluate('document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : "none"'));
      if (++tabs > 30) throw new Error(`Tab never reached the place-order button; focus went through:\n${focused.join('\n')}`);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    const alert = main(page).getByRole('alert').filter({ hasText: tr('fr', 'common.errors.PAYMENTS.CARD_DECLINED') });
    await alert.waitFor();
    expect(new URL(page.url()).pathname).toBe('/checkout');
    // The cart is kept for another try.
    await page.getByRole('link', { name: tr('fr', 'store.header.cartLabel', { count: 2 }) }).waitFor();
    await shootFitted(page, 'checkout-declined-fr');

    // The declined attempt is not an order: none in the order list, one under failed payment attempts.
    const { data } = await admin.call<{ data: { status: string }[] }>('GET', `/api/admin/orders?customer=${encodeURIComponent(DECLINED_SHOPPER)}`);
    expect(data).toEqual([]);
    const attempts = await admin.call<{ data: { status: string }[] }>('GET', `/api/admin/orders?customer=${encodeURIComponent(DECLINED_SHOPPER)}&paymentAttempts=only`);
    expect(attempts.data.map((o) => o.status)).toEqual(['cancelled']);
    await context.close();
  });

  it('on a phone, a signed-in shopper with a long e-mail: Add to cart in the first screen, a folded summary at checkout, confirmation and account fit (English, French)', async () => {
    await registerVerified(LONG_SHOPPER.email, LONG_SHOPPER.password, { firstName: 'Maximilienne', lastName: 'de La Rochefoucauld' });
    const { page, context } = await person(VIEWPORTS.phone);
    await page.goto('/login');
    await main(page).getByLabel(tr('en', 'store.auth.email'), { exact: true }).fill(LONG_SHOPPER.email);
    await main(page).getByLabel(tr('en', 'store.auth.password'), { exact: true }).fill(LONG_SHOPPER.password);
    await main(page).getByRole('button', { name: tr('en', 'store.auth.login') }).click();
    await page.waitForURL(/\/account$/);

    // The product page shows "Add to cart" without scrolling, and then the "added" message.
    await searchAndOpenLantern(page, 'en');
    const add = main(page).getByRole('button', { name: tr('en', 'store.product.addToCart') });
    expect(await inFirstScreen(page, add), 'Add to cart is below the first screen of a 390×844 phone').toBe(true);
    await addTwo(page, 'en');
    expect(await inFirstScreen(page, main(page).getByRole('status').filter({ hasText: tr('en', 'store.product.added') })), 'the "added" message is off screen').toBe(true);
    await shootFitted(page, 'product-phone');

    // Checkout opens on a folded summary naming the count and the total; unfolded it lists the lines.
    await page.getByRole('link', { name: tr('en', 'store.header.cartLabel', { count: 2 }) }).click();
    await page.waitForURL(/\/cart$/);
    await main(page).getByRole('link', { name: tr('en', 'store.cart.checkout') }).click();
    await page.waitForURL(/\/checkout$/);
    const toggle = main(page).getByTestId('summary-toggle');
    const fold = toggle.locator('summary');
    await fold.getByText(tr('en', 'store.checkout.showSummary', { count: 2 })).waitFor();
    expect(await inFirstScreen(page, fold)).toBe(true);
    expect(await toggle.getAttribute('open')).toBeNull();
    await fold.click();
    await toggle.getByRole('listitem').first().waitFor();
    await fillCheckout(page, 'en', null, VISA_OK);
    await shootFitted(page, 'checkout-phone');
    await main(page).getByRole('button', { name: tr('en', 'store.checkout.place') }).click();

    // The confirmation and the account page, with the long e-mail, fit the phone.
    await page.waitForURL(/\/order\/[^/?#]+/);
    const orderPath = new URL(page.url()).pathname;
    await main(page).getByRole('heading', { level: 1, name: trPattern('en', 'store.confirmation.title') }).waitFor();
    await main(page).getByText(LONG_SHOPPER.email, { exact: true }).waitFor();
    await shootFitted(page, 'confirmation-long-email');
    await page.goto('/account');
    await main(page).getByRole('heading', { level: 2, name: tr('en', 'store.account.orders') }).waitFor();
    await main(page).getByRole('link', { name: /^CPT-\d+$/ }).first().waitFor();
    await shootFitted(page, 'account');

    // In French: the account page, the product page (Add to cart still in the first screen) and the confirmation.
    await page.getByRole('group', { name: tr('en', 'store.header.language') }).getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: STEP }).toBe('fr');
    await main(page).getByRole('heading', { level: 2, name: tr('fr', 'store.account.orders') }).waitFor();
    await shootFitted(page, 'account-fr');
    await searchAndOpenLantern(page, 'fr');
    expect(await inFirstScreen(page, main(page).getByRole('button', { name: tr('fr', 'store.product.addToCart') })), 'Ajouter au panier is below the first screen').toBe(true);
    await page.goto(orderPath);
    await main(page).getByRole('heading', { level: 1, name: trPattern('fr', 'store.confirmation.title') }).waitFor();
    await main(page).getByText('Royaume-Uni', { exact: true }).waitFor();
    await shootFitted(page, 'confirmation-fr');
    await context.close();
  });

  it('search price facet: the count it shows, the total and the listed products agree', async () => {
    const { page, context } = await person();
    await page.goto('/search?q=heart');
    await main(page).getByRole('heading', { level: 1, name: tr('en', 'store.search.titleFor', { q: 'heart' }) }).waitFor();
    const prices = main(page).getByRole('region', { name: tr('en', 'store.search.prices') });
    const facet = prices.getByRole('listitem').filter({ has: page.getByRole('link') }).first();
    await facet.waitFor();
    const shown = Number((await facet.locator('.muted').textContent())!.replace(/[^\d]/g, ''));
    expect(shown).toBeGreaterThan(0);
    await facet.getByRole('link').click();
    await page.waitForURL(/[?&]price=/);
    const priceParam = new URL(page.url()).searchParams.get('price')!;
    // The page says what the facet said, and lists as many products (up to a page).
    await main(page).getByRole('status').filter({ hasText: tr('en', 'store.search.count', { count: shown, formatted: shown }) }).waitFor();
    await expect.poll(() => main(page).getByRole('article').count(), { timeout: STEP }).toBe(Math.min(shown, 24));
    // The server filtered (bounds inclusive; the facet's upper bound exclusive): every listed price is in range.
    const [min, max] = priceParam.split('-').map((x) => (x === '' ? null : Number(x)));
    const api = await new Api(server.url).call<{ total: number; data: { price: { amount: number } }[] }>(
      'GET', `/api/search?q=heart&minPrice=${min}${max === null ? '' : `&maxPrice=${max! - 1}`}&limit=24`);
    expect(api.total).toBe(shown);
    for (const hit of api.data) {
      expect(hit.price.amount).toBeGreaterThanOrEqual(min!);
      if (max !== null) expect(hit.price.amount).toBeLessThan(max!);
    }
    await shootFitted(page, 'search-price-facet');
    await context.close();
  });

  it('search engines: a product page’s HTML has its title, JSON-LD, price and heading before any script runs', async () => {
    const { data } = await new Api(server.url).call<{ data: { slug: string; title: string; price: { amount: number; currency: string } }[] }>('GET', '/api/search?q=lantern');
    const product = data[0]!;
    // What a crawler fetches: the HTML as served, no script run.
    const res = await fetch(`${server.url}/p/${product.slug}`, { headers: { accept: 'text/html', 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const headHtml = html.slice(0, html.indexOf('</head>'));
    // Canonical under PUBLIC_URL (the harness's own, not necessarily the address fetched here).
    expect(headHtml).toMatch(new RegExp(`<link rel="canonical" href="https?://[^"/]+/p/${product.slug}" />`));
    const ld = [...headHtml.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as { '@type': string; name?: string; offers?: { price?: string; priceCurrency?: string } });
    const item = ld.find((d) => d['@type'] === 'Product');
    expect(item?.name).toBe(product.title);
    expect(item?.offers).toMatchObject({ price: (product.price.amount / 100).toFixed(2), priceCurrency: product.price.currency });
    // What a phone shows before its scripts arrive: a browser with JavaScript off still gets the title, heading and price.
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`/p/${product.slug}`);
    expect(await page.title()).toBe(`${product.title} · ${tr('en', 'app.name')}`);
    await main(page).getByRole('heading', { level: 1, name: product.title }).waitFor();
    expect(await main(page).locator('.product-price').textContent()).toContain(new Intl.NumberFormat('en-GB', { style: 'currency', currency: product.price.currency }).format(product.price.amount / 100));
    await context.close();
  });

  it('performance: time to content on / and /p/<slug>, and the first page JavaScript size', async () => {
    const { data } = await new Api(server.url).call<{ data: { slug: string; title: string }[] }>('GET', '/api/search?q=lantern');
    const product = data[0]!;

    // The storefront's first page: every JavaScript file Chromium fetched for `/`, gzipped.
    {
      const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB' });
      context.setDefaultTimeout(STEP);
      const page = await context.newPage();
      const scripts = new Map<string, number>();
      const bodies: Promise<void>[] = [];
      page.on('response', (res) => {
        const url = new URL(res.url());
        if (url.origin === server.url && url.pathname.endsWith('.js')) bodies.push(res.body().then((b) => void scripts.set(url.pathname, gzipSync(b).length)));
      });
      await page.goto('/', { waitUntil: 'networkidle' });
      await main(page).getByRole('article').first().waitFor();
      await Promise.all(bodies);
      const total = [...scripts.values()].reduce((a, b) => a + b, 0);
      perf.firstPageJs = { files: Object.fromEntries(scripts), gzippedBytes: total, budgetBytes: JS_BUDGET_BYTES };
      await context.close();
      expect(scripts.size).toBeGreaterThan(0);
      expect(total).toBeLessThan(JS_BUDGET_BYTES);
    }

    // Time from navigation start until the page shows its content, in a fresh context (cold browser cache), three runs each.
    const measure = async (path: string, ready: string) => {
      // waitForFunction evaluates its string predicate with eval, which the CSP (script-src 'self') forbids.
      const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB', viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(path, { waitUntil: 'commit' });
      const contentVisible = (await (await page.waitForFunction(ready, undefined, { timeout: STEP })).jsonValue()) as number;
      const nav = await page.evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0]; const p = performance.getEntriesByName('first-contentful-paint')[0];
        return { domInteractive: n.domInteractive, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd, firstContentfulPaint: p ? p.startTime : null }; })()`);
      await context.close();
      return { contentVisible, ...(nav as Record<string, number>) };
    };
    const round = (r: Record<string, number | null>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : Math.round(v)]));
    const home = `(() => document.querySelector('main article h3 a[href^="/p/"]') ? performance.now() : false)()`;
    const productReady = `(() => { const h = document.querySelector('main h1'); return h && h.textContent === ${JSON.stringify(product.title)} && document.querySelector('main form button[type=submit]') ? performance.now() : false; })()`;
    const runs: Record<string, Record<string, number | null>[]> = { '/': [], [`/p/${product.slug}`]: [] };
    for (let i = 0; i < 3; i++) {
      runs['/']!.push(round(await measure('/', home)));
      runs[`/p/${product.slug}`]!.push(round(await measure(`/p/${product.slug}`, productReady)));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    perf.timeToContentMs = Object.fromEntries(
      Object.entries(runs).map(([path, rs]) => [path, { medianContentVisible: median(rs.map((r) => r.contentVisible!)), medianDomInteractive: median(rs.map((r) => r.domInteractive!)), runs: rs }]),
    );
    perf.goalMs = 1500;
    perf.measuredAt = new Date().toISOString();
    for (const rs of Object.values(runs)) for (const r of rs) expect(r.contentVisible).toBeGreaterThan(0);
  });
  it('address book and newsletter: a shopper saves the checkout address and picks it on the next order; subscribes in the footer, confirms from the mail, unsubscribes from a campaign mail', async () => {
    const who = { email: 'book-shopper@example.test', password: 'book-shopper-password-1' };
    await registerVerified(who.email, who.password, { firstName: 'Grace', lastName: 'Hopper' });
    const { page, context } = await person();
    await page.goto('/login');
    await main(page).getByLabel(tr('en', 'store.auth.email'), { exact: true }).fill(who.email);
    await main(page).getByLabel(tr('en', 'store.auth.password'), { exact: true }).fill(who.password);
    await main(page).getByRole('button', { name: tr('en', 'store.auth.login') }).click();
    await page.waitForURL(/\/account$/);
    const place = async () => {
      await main(page).getByRole('button', { name: tr('en', 'store.checkout.place') }).click();
      await page.waitForURL(/\/order\/[^/?#]+/);
      await main(page).getByRole('heading', { level: 1, name: trPattern('en', 'store.confirmation.title') }).waitFor();
    };

    // First order: the address typed at checkout, "save it" ticked.
    await searchAndOpenLantern(page, 'en');
    await addTwo(page, 'en');
    await page.goto('/checkout');
    await fillCheckout(page, 'en', null, VISA_OK);
    await main(page).getByLabel(tr('en', 'store.checkout.saveAddress')).check();
    await place();
    const saved = await vi.waitFor(async () => {
      const [user] = (await admin.call<{ data: { id: string }[] }>('GET', `/api/admin/users?q=${encodeURIComponent(who.email)}`)).data;
      const { data } = await admin.call<{ data: { line1: string; postalCode: string }[] }>('GET', `/api/admin/users/${user!.id}/addresses`);
      if (data.length === 0) throw new Error('no saved address yet');
      return data;
    }, { timeout: 10_000, interval: 250 });
    expect(saved).toEqual([expect.objectContaining({ line1: '12 St James Square', postalCode: 'SW1Y 4JH' })]);

    // Second order: the address book offers it, picking it fills the form.
    await searchAndOpenLantern(page, 'en');
    await addTwo(page, 'en');
    await page.goto('/checkout');
    const picker = main(page).getByLabel(tr('en', 'store.checkout.savedAddress'), { exact: true });
    await picker.selectOption({ index: 1 });
    await expect.poll(() => main(page).getByLabel(tr('en', 'store.address.line1'), { exact: true }).inputValue(), { timeout: STEP }).toBe('12 St James Square');
    await fillCheckout(page, 'en', null, VISA_OK, false);
    await place();
    await main(page).getByText('SW1Y 4JH').first().waitFor();

    // The newsletter: subscribe in the footer, confirm with the link of the stored mail.
    const reader = 'newsletter-reader@example.test';
    await page.goto('/');
    const signup = page.getByRole('form', { name: tr('en', 'store.newsletter.title') });
    await signup.getByLabel(tr('en', 'store.newsletter.email'), { exact: true }).fill(reader);
    await signup.getByRole('button', { name: tr('en', 'store.newsletter.subscribe') }).click();
    await signup.getByText(tr('en', 'store.newsletter.checkMail', { email: reader })).waitFor();
    const text = await storedMailText(admin, reader, 'newsletter_confirm');
    const link = new URL(/https?:\/\/\S+\/newsletter\/confirm\?token=[\w.-]+/.exec(text)![0]);
    await page.goto(`${link.pathname}${link.search}`);
    await main(page).getByRole('button', { name: tr('en', 'store.newsletter.confirm') }).click();
    await main(page).getByText(tr('en', 'store.newsletter.confirmed', { email: reader })).waitFor();
    const subscribers = await admin.call<{ data: { email: string; status: string }[] }>('GET', `/api/admin/newsletters/subscribers?q=${encodeURIComponent(reader)}`);
    expect(subscribers.data).toEqual([expect.objectContaining({ email: reader, status: 'confirmed' })]);

    // A campaign reaches the reader; its visible unsubscribe link opens a page whose one button unsubscribes.
    const list = await admin.call<{ id: string; subscribers: number }>('POST', '/api/admin/newsletters/lists', { name: 'Everyone here', criteria: { site: 'default' } });
    expect(list.subscribers).toBeGreaterThanOrEqual(1);
    const campaign = await admin.call<{ id: string }>('POST', '/api/admin/newsletters/campaigns', {
      name: 'Autumn', listId: list.id,
      content: {
        en: { subject: 'Autumn candles', preheader: 'New scents', html: '<h1>Autumn</h1><p>New scents are in.</p>', text: 'New scents are in.' },
        fr: { subject: 'Bougies d\'automne', preheader: 'Nouveaux parfums', html: '<h1>Automne</h1><p>Nouveaux parfums.</p>', text: 'Nouveaux parfums.' },
      },
    });
    await admin.call('POST', `/api/admin/newsletters/campaigns/${campaign.id}/schedule`, {});
    const sent = await vi.waitFor(() => {
      const mail = smtp.received.find((m) => m.to.includes(reader) && m.headers['x-comptoir-campaign'] === campaign.id);
      if (!mail) throw new Error(`no campaign mail to ${reader} yet`);
      return mail;
    }, { timeout: 30_000, interval: 250 });
    expect(sent.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const body = sent.data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    const leave = new URL(/https?:\/\/\S+\/newsletter\/unsubscribe\?token=[\w.-]+/.exec(body)![0]);
    await page.goto(`${leave.pathname}${leave.search}`);
    await main(page).getByText(tr('en', 'store.newsletter.unsubscribeText', { email: reader })).waitFor();
    await main(page).getByRole('button', { name: tr('en', 'store.newsletter.unsubscribe') }).click();
    await main(page).getByText(tr('en', 'store.newsletter.unsubscribed', { email: reader })).waitFor();
    const after = await admin.call<{ data: { email: string; status: string }[] }>('GET', `/api/admin/newsletters/subscribers?q=${encodeURIComponent(reader)}`);
    expect(after.data).toEqual([expect.objectContaining({ email: reader, status: 'unsubscribed' })]);
    await context.close();
  });

  it('multi-site: an admin creates a site and scopes the back office to it; on its host the shop sells only its products, in euros', async () => {
    const { context, page, errors } = await adminOnDashboard(browser, server.url, STEP);
    const label = (key: string) => page.getByLabel(tr('en', key), { exact: true });
    await page.getByRole('navigation', { name: tr('en', 'admin.menu') }).getByRole('link', { name: tr('en', 'admin.nav.sites') }).click();
    await page.getByRole('heading', { level: 1, name: tr('en', 'admin.sites.title') }).waitFor();
    await page.getByRole('button', { name: tr('en', 'admin.sites.new'), exact: true }).click();
    await label('admin.sites.code').fill('fr');
    await label('admin.sites.name').fill('Comptoir France');
    await label('admin.sites.currency').fill('EUR');
    await label('admin.sites.contactEmail').fill('bonjour@comptoir.test');
    await label('admin.sites.hosts').fill(`fr.${SITE_DOMAIN}`);
    await label('admin.sites.defaultLanguage').selectOption('fr');
    await page.getByRole('checkbox', { name: 'Français' }).check();
    await page.getByRole('button', { name: tr('en', 'admin.sites.create'), exact: true }).click();
    await page.getByTestId('sites').getByRole('rowheader', { name: 'Comptoir France' }).waitFor();
    const sites = await admin.call<{ data: { code: string; currency: string; hosts: string[]; languages: string[] }[] }>('GET', '/api/admin/sites');
    expect(sites.data.find((s) => s.code === 'fr')).toMatchObject({ currency: 'EUR', hosts: [`fr.${SITE_DOMAIN}`], defaultLanguage: 'fr' });
    expect(sites.data.find((s) => s.code === 'fr')?.languages.sort()).toEqual(['en', 'fr']);
    await shootFitted(page, 'admin-sites');

    // One product published on both sites, with a euro price for fr; the demo catalog stays on the default site.
    const [demo] = (await admin.call<{ data: { slug: string; category: { id: string } }[] }>('GET', '/api/admin/products?status=active&limit=1')).data;
    const made = await admin.call<{ slug: string }>('POST', '/api/admin/products', {
      title: 'Lanterne de Paris', status: 'active', categoryId: demo!.category.id, sites: ['default', 'fr'],
      variants: [{ sku: 'E2E-FR-LANTERN', price: { amount: 1200, currency: 'GBP' }, sitePrices: [{ site: 'fr', price: { amount: 1450, currency: 'EUR' } }] }],
    });
    await admin.call('POST', '/api/admin/inventory/movements', { sku: 'E2E-FR-LANTERN', quantity: 5, type: 'receipt', reason: 'delivery' });

    // The header's site switcher scopes the product list to the site: only the product published there.
    await page.getByTestId('site-switcher').selectOption('fr');
    await page.getByRole('navigation', { name: tr('en', 'admin.menu') }).getByRole('link', { name: tr('en', 'admin.nav.products') }).click();
    await page.getByTestId('site-scope').getByText(tr('en', 'admin.sites.showing', { name: 'Comptoir France' })).waitFor();
    await main(page).getByRole('link', { name: 'Lanterne de Paris' }).waitFor();
    await expect.poll(() => main(page).locator('table tbody tr').count(), { timeout: STEP }).toBe(1);
    await page.getByTestId('site-scope').getByRole('button', { name: tr('en', 'admin.sites.allSites') }).click();
    await expect.poll(() => main(page).locator('table tbody tr').count(), { timeout: STEP }).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await context.close();

    // The shop on the site's host, to a browser set to English: the site's language (French), its
    // name, its product at its euro price; a product it does not sell is not found.
    const shop = await browser.newContext({ baseURL: `http://fr.${SITE_DOMAIN}:${new URL(server.url).port}`, viewport: VIEWPORTS.desktop, locale: 'en-GB' });
    shop.setDefaultTimeout(STEP);
    const shopper = await shop.newPage();
    await shopper.goto(`/p/${made.slug}`);
    await main(shopper).getByRole('heading', { level: 1, name: 'Lanterne de Paris' }).waitFor();
    await main(shopper).getByRole('button', { name: tr('fr', 'store.product.addToCart') }).waitFor();
    expect(await shopper.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => main(shopper).locator('.product-price').textContent(), { timeout: STEP }).toMatch(/14,50\s€/);
    await shopper.getByRole('banner').getByRole('link', { name: 'Comptoir France' }).waitFor();
    const missing = await shopper.goto(`/p/${demo!.slug}`);
    expect(missing?.status()).toBe(404);
    await shop.close();
  });
});
