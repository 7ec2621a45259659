/**
 * After-sales support in a real browser (Debian's Chromium, playwright-core) against the real
 * server as a child process (harness.ts), on the demo catalog:
 * - a signed-in customer opens a ticket on their order with a photo from /support/new;
 * - an agent (the admin) answers in the back office with an internal note and a public reply;
 * - the customer's ticket page shows the reply and never the note;
 * - the help centre in French finds a French article searched with a typo.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, Api, ensureBuilt, hasChromium, launchBrowser, shootFitted, START_TIMEOUT_MS, storedMailText, startServer, VIEWPORTS, type RunningServer } from './harness.js';
import { adminOnDashboard, signInToBackOffice } from './back-office.js';
import { tr } from './i18n.js';

/** How long one UI step may wait for the app. */
const STEP = 20_000;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const CUSTOMER = { email: 'tess.ticket@example.test', password: 'tess-password-12345' };
const NOTE = 'Internal: carrier claim filed, do not tell the customer yet';
const REPLY = 'Sorry about the breakage: a replacement is on its way.';

let server: RunningServer;
let browser: Browser;
let admin: Api;
let orderId: string;

/** Registers `email` and follows the mailed verification link (mail is stored for the back office without SMTP). */
async function registerVerified(email: string, password: string) {
  const api = new Api(server.url);
  await api.call('POST', '/api/auth/register', { email, password, firstName: 'Tess', lastName: 'Ticket' });
  const text = await storedMailText(admin, email, 'verify_email');
  await api.call('POST', '/api/auth/verify-email', { token: /#token=([\w.-]+)/.exec(text)?.[1] });
}

describe.skipIf(!hasChromium)('after-sales support in Chromium', { timeout: 400_000 }, () => {
  beforeAll(async () => {
    ensureBuilt();
    server = await startServer();
    admin = await new Api(server.url).login(ADMIN.email, ADMIN.password);
    await registerVerified(CUSTOMER.email, CUSTOMER.password);
    const customer = await new Api(server.url).login(CUSTOMER.email, CUSTOMER.password);
    // An order of the customer's, placed through the API with the test card.
    const [product] = (await admin.call<{ data: { variants: { sku: string }[] }[] }>('GET', '/api/admin/products?status=active&page=1&limit=1')).data;
    const cart = await customer.call<{ id: string; token: string }>('POST', '/api/carts');
    await customer.call('POST', `/api/carts/${cart.id}/items`, { sku: product!.variants[0]!.sku, quantity: 1 }, { 'x-cart-token': cart.token });
    const order = await customer.call<{ id: string }>('POST', '/api/orders', {
      cartId: cart.id, email: CUSTOMER.email, shippingMethodId: 'standard',
      shippingAddress: { firstName: 'Tess', lastName: 'Ticket', line1: '1 High St', city: 'York', postalCode: 'YO1 1AA', country: 'GB' },
      payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } },
    }, { 'x-cart-token': cart.token, 'idempotency-key': randomUUID() });
    orderId = order.id;
    // A French help article.
    const category = await admin.call<{ id: string }>('POST', '/api/admin/help/categories', { nameEn: 'Shipping', nameFr: 'Livraison' });
    await admin.call('POST', '/api/admin/help/articles', {
      categoryId: category.id, status: 'published', titleEn: 'Delivery times', titleFr: 'Délais de livraison',
      bodyEn: 'Standard delivery takes 3 business days.', bodyFr: 'La livraison standard prend 3 jours ouvrés.',
    });
    browser = await launchBrowser();
  }, START_TIMEOUT_MS + 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('a customer opens a ticket with a photo; the agent notes and replies; the customer sees the reply, not the note', async () => {
    const shopper = await browser.newContext({ baseURL: server.url, viewport: VIEWPORTS.desktop, locale: 'en-GB' });
    shopper.setDefaultTimeout(STEP);
    const page = await shopper.newPage();
    await page.goto('/login');
    await page.getByLabel(tr('en', 'store.auth.email'), { exact: true }).fill(CUSTOMER.email);
    await page.getByLabel(tr('en', 'store.auth.password'), { exact: true }).fill(CUSTOMER.password);
    await page.getByRole('button', { name: tr('en', 'store.auth.login'), exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await page.goto(`/support/new?order=${orderId}`);
    await page.getByLabel(tr('en', 'store.tickets.subject'), { exact: true }).fill('Mug arrived broken');
    await page.getByLabel(tr('en', 'store.tickets.message'), { exact: true }).fill('The handle snapped off in transit. Photo attached.');
    await page.locator('input[type=file][name=files]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: tr('en', 'store.tickets.send'), exact: true }).click();
    await page.waitForURL(/\/support\/tickets\/tkt_/);
    const ticketId = /\/support\/tickets\/(tkt_\w+)/.exec(page.url())![1]!;
    await page.getByRole('heading', { level: 1, name: 'Mug arrived broken' }).waitFor();
    await page.getByRole('button', { name: 'photo.png' }).waitFor();
    await page.getByText(tr('en', 'store.tickets.onOrder', { order: orderId })).waitFor();

    // The agent, in the back office.
    const desk = await browser.newContext({ baseURL: server.url, viewport: VIEWPORTS.desktop, locale: 'en-GB' });
    desk.setDefaultTimeout(STEP);
    const agent = await desk.newPage();
    await signInToBackOffice(agent, ADMIN, '/admin/support');
    await agent.getByRole('link', { name: 'Mug arrived broken' }).click();
    await agent.getByRole('heading', { level: 1, name: 'Mug arrived broken' }).waitFor();
    await agent.getByText('photo.png').waitFor();
    await agent.getByLabel(tr('en', 'admin.support.internalNote'), { exact: true }).check();
    await agent.getByLabel(tr('en', 'admin.support.message'), { exact: true }).fill(NOTE);
    await agent.getByRole('button', { name: tr('en', 'admin.support.addNote'), exact: true }).click();
    await agent.getByTestId('agent-thread').getByText(NOTE).waitFor();
    await agent.getByLabel(tr('en', 'admin.support.publicReply'), { exact: true }).check();
    await agent.getByLabel(tr('en', 'admin.support.message'), { exact: true }).fill(REPLY);
    await agent.getByRole('button', { name: tr('en', 'admin.support.sendReply'), exact: true }).click();
    await agent.getByTestId('agent-thread').getByText(REPLY).waitFor();
    // The agent files it as a return request: the returns panel of its order appears (the order is not delivered: no return yet).
    await agent.getByLabel(tr('en', 'admin.support.category'), { exact: true }).selectOption('return_request');
    await agent.getByTestId('ticket-returns').getByText(tr('en', 'admin.support.returns.none')).waitFor();
    const stored = await admin.call<{ messages: { visibility: string; body: string }[] }>('GET', `/api/admin/support/tickets/${ticketId}`);
    expect(stored.messages.map((m) => m.visibility)).toEqual(['public', 'internal', 'public']);

    // The agent adds a canned reply on its page; it is then offered in the ticket's picker.
    await agent.goto('/admin/support/canned');
    await agent.getByRole('heading', { level: 1, name: tr('en', 'admin.support.cannedPage.title') }).waitFor();
    await agent.getByLabel(tr('en', 'admin.support.cannedPage.titleField'), { exact: true }).fill('Claim opened');
    await agent.getByLabel(tr('en', 'admin.support.cannedPage.bodyEn'), { exact: true }).fill('We opened a claim with the carrier.');
    await agent.getByLabel(tr('en', 'admin.support.cannedPage.bodyFr'), { exact: true }).fill('Nous avons ouvert une réclamation auprès du transporteur.');
    await agent.getByRole('button', { name: tr('en', 'admin.support.cannedPage.add'), exact: true }).click();
    await agent.getByRole('heading', { level: 2, name: 'Claim opened' }).waitFor();
    await agent.goto(`/admin/support/${ticketId}`);
    await agent.getByRole('option', { name: 'Claim opened' }).waitFor({ state: 'attached' });

    // The customer sees the reply, never the note.
    await page.reload();
    const thread = page.getByTestId('ticket-thread');
    await thread.getByText(REPLY).waitFor();
    expect(await thread.textContent()).not.toContain(NOTE);
    expect(await page.content()).not.toContain('carrier claim');
    await desk.close();
    await shopper.close();
  });

  it('the French help centre finds a French article searched with a typo', async () => {
    const visitor = await browser.newContext({ baseURL: server.url, viewport: VIEWPORTS.desktop, locale: 'fr-FR' });
    visitor.setDefaultTimeout(STEP);
    const page = await visitor.newPage();
    await page.goto('/help?lang=fr');
    await page.getByRole('heading', { level: 1, name: tr('fr', 'store.help.title') }).waitFor();
    await page.getByLabel(tr('fr', 'store.help.searchLabel'), { exact: true }).fill('livriason');
    await page.getByRole('button', { name: tr('fr', 'store.help.search'), exact: true }).click();
    const results = page.getByTestId('help-results');
    await results.getByRole('link', { name: 'Délais de livraison' }).click();
    await page.getByRole('heading', { level: 1, name: 'Délais de livraison' }).waitFor();
    await page.getByText('La livraison standard prend 3 jours ouvrés.').waitFor();
    await page.getByRole('button', { name: tr('fr', 'store.help.yes'), exact: true }).click();
    await page.getByText(tr('fr', 'store.help.thanks')).waitFor();
    await visitor.close();
  });

  it('an editor adds a help category, renames it and deletes it while it is empty; a category holding articles cannot be deleted', async () => {
    const { context, page, errors } = await adminOnDashboard(browser, server.url, STEP);
    await page.goto('/admin/help');
    await page.getByRole('heading', { level: 1, name: tr('en', 'admin.help.title') }).waitFor();
    const add = page.getByRole('form', { name: tr('en', 'admin.help.newCategory') });
    await add.getByLabel(tr('en', 'admin.help.nameEn'), { exact: true }).fill('Returns');
    await add.getByLabel(tr('en', 'admin.help.nameFr'), { exact: true }).fill('Retours');
    await add.getByRole('button', { name: tr('en', 'admin.help.addCategory') }).click();
    const table = page.getByTestId('help-categories');
    await table.getByRole('cell', { name: 'Returns', exact: true }).waitFor();
    // Shipping holds an article: no delete button for it.
    await expect.poll(() => table.getByRole('button', { name: `${tr('en', 'admin.help.deleteCategory')} Shipping` }).count(), { timeout: STEP }).toBe(0);

    await table.getByRole('button', { name: `${tr('en', 'admin.edit')} Returns` }).click();
    const edit = page.getByRole('form', { name: tr('en', 'admin.help.editCategory', { name: 'Returns' }) });
    await edit.getByLabel(tr('en', 'admin.help.nameEn'), { exact: true }).fill('Returns and refunds');
    await edit.getByLabel(tr('en', 'admin.help.nameFr'), { exact: true }).fill('Retours et remboursements');
    await edit.getByRole('button', { name: tr('en', 'admin.save') }).click();
    await table.getByRole('cell', { name: 'Retours et remboursements', exact: true }).waitFor();
    const listed = await admin.call<{ data: { nameEn: string; nameFr: string }[] }>('GET', '/api/admin/help/categories');
    expect(listed.data.map((c) => c.nameEn)).toContain('Returns and refunds');

    await table.getByRole('button', { name: `${tr('en', 'admin.help.deleteCategory')} Returns and refunds` }).click();
    await expect.poll(async () => (await admin.call<{ data: { nameEn: string }[] }>('GET', '/api/admin/help/categories')).data.map((c) => c.nameEn), { timeout: STEP }).toEqual(['Shipping']);
    await expect.poll(() => table.getByRole('cell', { name: 'Returns and refunds', exact: true }).count(), { timeout: STEP }).toBe(0);
    await shootFitted(page, 'admin-help');
    expect(errors).toEqual([]);
    await context.close();
  });
});
