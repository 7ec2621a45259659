import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { guestOrder } from './support/checkout.js';
import { rows } from '../src/platform/db/index.js';

/**
 * Two sites on one installation: the default site (GBP) and `fr` (EUR, its own host). A product
 * published on the default site only is invisible on `fr` (list, page, search, add-to-cart by
 * SKU); prices and currency follow the site; a promotion for one site is refused on the other.
 */
let app: TestApp;
let admin: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const FR = { host: 'boutique.comptoir.test' };
const FR_HEADER = { 'x-comptoir-site': 'fr' };

async function ok(options: Parameters<TestApp['inject']>[0], status = 200) {
  const res = await app.inject(options);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function within(ms: number, check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  for (;;) {
    await app.relay.drain();
    if (await check()) return;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  await ok({ method: 'POST', url: '/api/admin/sites', headers: auth(admin), payload: {
    code: 'fr', name: 'Comptoir France', currency: 'EUR', contactEmail: 'bonjour@comptoir.test', hosts: [FR.host], defaultLanguage: 'fr', languages: ['fr', 'en'],
  } }, 201);
  const cat = await ok({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lanterns' } }, 201);
  await ok({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: {
    title: 'Zinc lantern everywhere', status: 'active', categoryId: cat.id, sites: ['default', 'fr'],
    variants: [{ sku: 'LANT-ALL', price: { amount: 1200, currency: 'GBP' }, sitePrices: [{ site: 'fr', price: { amount: 1450, currency: 'EUR' } }] }],
  } }, 201);
  await ok({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: {
    title: 'Zinc lantern homeonly', status: 'active', categoryId: cat.id,
    variants: [{ sku: 'LANT-UK', price: { amount: 900, currency: 'GBP' } }],
  } }, 201);
  await ok({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: {
    title: 'Zinc lantern unpriced', status: 'active', categoryId: cat.id, sites: ['default', 'fr'],
    variants: [{ sku: 'LANT-NOPRICE', price: { amount: 800, currency: 'GBP' } }],
  } }, 201);
  for (const sku of ['LANT-ALL', 'LANT-UK', 'LANT-NOPRICE']) {
    await ok({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: 10, type: 'receipt', reason: 'delivery' } }, 201);
  }
});
afterAll(() => app?.close());

describe('two sites in different currencies', () => {
  it('lists on each site only what it sells, at its prices; stock is shared', async () => {
    const home = await ok({ method: 'GET', url: '/api/products?limit=50' });
    expect(home.data.map((p: { variants: { sku: string }[] }) => p.variants[0]!.sku).sort()).toEqual(['LANT-ALL', 'LANT-NOPRICE', 'LANT-UK']);
    expect(home.data.find((p: { slug: string }) => p.slug === 'zinc-lantern-everywhere').price).toEqual({ amount: 1200, currency: 'GBP' });
    for (const headers of [FR, FR_HEADER]) {
      const fr = await ok({ method: 'GET', url: '/api/products?limit=50', headers });
      expect(fr.pagination.total).toBe(1);
      expect(fr.data).toHaveLength(1);
      expect(fr.data[0]).toMatchObject({ slug: 'zinc-lantern-everywhere', price: { amount: 1450, currency: 'EUR' }, inStock: true });
      expect(fr.data[0].variants).toEqual([expect.objectContaining({ sku: 'LANT-ALL', price: { amount: 1450, currency: 'EUR' }, available: 10 })]);
      expect(fr.data[0]).not.toHaveProperty('sites');
    }
  });

  it('answers 404 on the other site for a product not sold there (not published, or no price there)', async () => {
    expect((await ok({ method: 'GET', url: '/api/products/zinc-lantern-everywhere', headers: FR })).price).toEqual({ amount: 1450, currency: 'EUR' });
    expect((await ok({ method: 'GET', url: '/api/products/zinc-lantern-homeonly' })).price).toEqual({ amount: 900, currency: 'GBP' });
    for (const slug of ['zinc-lantern-homeonly', 'zinc-lantern-unpriced']) {
      const res = await app.inject({ method: 'GET', url: `/api/products/${slug}`, headers: FR });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'CATALOG.PRODUCT_NOT_FOUND' });
    }
  });

  it('finds through search only what the site sells', async () => {
    const search = async (headers: Record<string, string> = {}) => (await ok({ method: 'GET', url: '/api/search?q=lantern', headers })) as { data: { slug: string }[] };
    await within(10_000, async () => (await search()).data.length === 3);
    expect((await search(FR)).data.map((h) => h.slug)).toEqual(['zinc-lantern-everywhere']);
  });

  it('server-renders the storefront pages of the request\'s site: its products, at its prices', async () => {
    const fr = await app.inject({ method: 'GET', url: '/p/zinc-lantern-everywhere', headers: FR });
    expect(fr.statusCode).toBe(200);
    expect(fr.body).toContain('"priceCurrency":"EUR"');
    expect(fr.body).not.toContain('"priceCurrency":"GBP"');
    const home = await app.inject({ method: 'GET', url: '/p/zinc-lantern-everywhere' });
    expect(home.body).toContain('"priceCurrency":"GBP"');
    // Not sold on fr: the page is a 404 there, as the API is.
    expect((await app.inject({ method: 'GET', url: '/p/zinc-lantern-homeonly', headers: FR })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/p/zinc-lantern-homeonly' })).statusCode).toBe(200);
    const category = await app.inject({ method: 'GET', url: '/c/lanterns', headers: FR });
    expect(category.body).toContain('zinc-lantern-everywhere');
    expect(category.body).not.toContain('zinc-lantern-homeonly');
    await within(10_000, async () => (await app.inject({ method: 'GET', url: '/search?q=lantern' })).body.includes('zinc-lantern-homeonly'));
    const search = await app.inject({ method: 'GET', url: '/search?q=lantern', headers: FR });
    expect(search.body).toContain('zinc-lantern-everywhere');
    expect(search.body).not.toContain('zinc-lantern-homeonly');
  });

  it('speaks the site\'s language and is addressed at its own host: pages, hreflang, sitemap, robots.txt', async () => {
    const origin = new URL(app.config.publicUrl);
    const frBase = `${origin.protocol}//${FR.host}${origin.port ? `:${origin.port}` : ''}`;
    const homeBase = app.config.publicUrl.replace(/\/$/, '');
    // French by default on the French site, English with ?lang=en; the default site the other way round.
    const fr = await app.inject({ method: 'GET', url: '/p/zinc-lantern-everywhere', headers: FR });
    expect(fr.body).toMatch(/<html[^>]* lang="fr" data-site-lang="fr"/);
    expect(fr.body).toContain(`<link rel="canonical" href="${frBase}/p/zinc-lantern-everywhere" />`);
    expect(fr.body).toContain(`<link rel="alternate" hreflang="en" href="${frBase}/p/zinc-lantern-everywhere?lang=en" />`);
    expect(fr.body).toContain(`<link rel="alternate" hreflang="x-default" href="${frBase}/p/zinc-lantern-everywhere" />`);
    const frInEnglish = await app.inject({ method: 'GET', url: '/p/zinc-lantern-everywhere?lang=en', headers: FR });
    expect(frInEnglish.body).toMatch(/<html[^>]* lang="en" data-site-lang="fr"/);
    expect(frInEnglish.body).toContain(`<link rel="canonical" href="${frBase}/p/zinc-lantern-everywhere?lang=en" />`);
    const home = await app.inject({ method: 'GET', url: '/p/zinc-lantern-everywhere' });
    expect(home.body).toMatch(/<html[^>]* lang="en" data-site-lang="en"/);
    expect(home.body).toContain(`<link rel="canonical" href="${homeBase}/p/zinc-lantern-everywhere" />`);
    expect(home.body).toContain(`<link rel="alternate" hreflang="fr" href="${homeBase}/p/zinc-lantern-everywhere?lang=fr" />`);

    // Each site's sitemap lists what it sells, at its own address; robots.txt points to it.
    const frMap = (await app.inject({ method: 'GET', url: '/sitemap.xml', headers: FR })).body;
    expect(frMap).toContain(`<loc>${frBase}/p/zinc-lantern-everywhere</loc>`);
    expect(frMap).toContain(`<loc>${frBase}/p/zinc-lantern-everywhere?lang=en</loc>`);
    expect(frMap).not.toContain('zinc-lantern-homeonly');
    expect(frMap).not.toContain('zinc-lantern-unpriced');
    expect(frMap).not.toContain(homeBase);
    const homeMap = (await app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
    for (const slug of ['zinc-lantern-everywhere', 'zinc-lantern-homeonly', 'zinc-lantern-unpriced']) expect(homeMap).toContain(`<loc>${homeBase}/p/${slug}</loc>`);
    expect(homeMap).not.toContain(FR.host);
    expect((await app.inject({ method: 'GET', url: '/robots.txt', headers: FR })).body).toContain(`Sitemap: ${frBase}/sitemap.xml`);

    // Category counts are each site's: a category of home-only products is empty on fr, left out of its sitemap.
    const garden = await ok({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Garden lamps' } }, 201);
    await ok({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: {
      title: 'Garden lamp homeonly', status: 'active', categoryId: garden.id, variants: [{ sku: 'GARDEN-UK', price: { amount: 700, currency: 'GBP' } }],
    } }, 201);
    type Node = { slug: string; productCount: number };
    const counts = async (headers: Record<string, string> = {}) =>
      Object.fromEntries(((await ok({ method: 'GET', url: '/api/categories', headers })).data as Node[]).map((n) => [n.slug, n.productCount]));
    expect(await counts()).toMatchObject({ lanterns: 3, 'garden-lamps': 1 });
    expect(await counts(FR)).toMatchObject({ lanterns: 1, 'garden-lamps': 0 });
    expect((await app.inject({ method: 'GET', url: '/sitemap.xml', headers: FR })).body).not.toContain('/c/garden-lamps');
    expect((await app.inject({ method: 'GET', url: '/sitemap.xml' })).body).toContain(`<loc>${homeBase}/c/garden-lamps</loc>`);
  });

  it('creates carts in the site\'s currency; adding another site\'s SKU directly is 404', async () => {
    const cart = await ok({ method: 'POST', url: '/api/carts', headers: FR }, 201);
    expect(cart).toMatchObject({ currency: 'EUR' });
    const headers = { ...FR, 'x-cart-token': cart.token as string };
    for (const sku of ['LANT-UK', 'LANT-NOPRICE']) {
      const res = await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers, payload: { sku, quantity: 1 } });
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json()).toMatchObject({ code: 'CART.SKU_NOT_FOUND' });
    }
    const added = await ok({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers, payload: { sku: 'LANT-ALL', quantity: 2 } });
    expect(added.totals.subtotal).toEqual({ amount: 2900, currency: 'EUR' });
    const [row] = await rows<{ site: string; currency: string }>(app.database.db, sql`select site, currency from cart.cart where id = ${cart.id}`);
    expect(row).toEqual({ site: 'fr', currency: 'EUR' });
    // The same cart is not reachable for adds from the default site.
    const home = await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token as string }, payload: { sku: 'LANT-ALL', quantity: 1 } });
    expect(home.statusCode).toBe(404);
  });

  it('refuses on site fr a promotion limited to the default site (409 PROMOTIONS.WRONG_SITE), accepts it at home', async () => {
    await ok({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { code: 'HOME10', type: 'percentage', value: 10, sites: ['default'] } }, 201);
    const fr = await ok({ method: 'POST', url: '/api/carts', headers: FR }, 201);
    const frHeaders = { ...FR, 'x-cart-token': fr.token as string };
    await ok({ method: 'POST', url: `/api/carts/${fr.id}/items`, headers: frHeaders, payload: { sku: 'LANT-ALL', quantity: 1 } });
    const refused = await app.inject({ method: 'POST', url: `/api/carts/${fr.id}/promotions`, headers: frHeaders, payload: { code: 'HOME10' } });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'PROMOTIONS.WRONG_SITE', site: 'fr' });

    const home = await ok({ method: 'POST', url: '/api/carts' }, 201);
    const homeHeaders = { 'x-cart-token': home.token as string };
    await ok({ method: 'POST', url: `/api/carts/${home.id}/items`, headers: homeHeaders, payload: { sku: 'LANT-ALL', quantity: 1 } });
    const applied = await ok({ method: 'POST', url: `/api/carts/${home.id}/promotions`, headers: homeHeaders, payload: { code: 'HOME10' } });
    expect(applied.totals.discount).toEqual({ amount: 120, currency: 'GBP' });
  });

  it('sends an order\'s mail as its site and counts its sales in the site\'s own online store', async () => {
    await ok({ method: 'PATCH', url: '/api/admin/sites/fr', headers: auth(admin), payload: { theme: { logoUrl: 'https://cdn.comptoir.test/fr.png', primaryColor: '#0055a4', accentColor: '#ef4135' } } });
    /** A guest buys `quantity` LANT-ALL on the site `headers` pick; the order's id. */
    const buy = (headers: Record<string, string>, email: string, quantity: number) => guestOrder(app, { sku: 'LANT-ALL', email, quantity, headers });
    // The fr site ships at its euro rates.
    const methods = await ok({ method: 'GET', url: '/api/shipping-methods?country=GB', headers: FR });
    expect(methods.data.find((m: { id: string }) => m.id === 'standard').price).toEqual({ amount: 495, currency: 'EUR' });
    const frOrder = await buy(FR, 'acheteuse@example.test', 3);
    const placed = await ok({ method: 'GET', url: `/api/admin/orders/${frOrder}`, headers: auth(admin) });
    expect(placed).toMatchObject({ site: 'fr', currency: 'EUR' });
    expect(placed.totals.shipping).toEqual({ amount: 495, currency: 'EUR' });
    const homeOrder = await buy({}, 'buyer@example.test', 1);
    type Mail = { to: string; text: string; html: string; headers: Record<string, string> | null };
    const confirmations = () => rows<Mail>(app.database.db, sql`select "to", text, html, headers from notifications.mail_message where template = 'order_confirmation' and "to" in ('acheteuse@example.test', 'buyer@example.test')`);
    await within(10_000, async () => (await confirmations()).length === 2);
    const mails = new Map((await confirmations()).map((m) => [m.to, m]));
    const fr = mails.get('acheteuse@example.test')!;
    expect(fr.headers?.From).toBe('"Comptoir France" <bonjour@comptoir.test>');
    expect(fr.text).toMatch(/(L’équipe|The) Comptoir France/);
    expect(fr.html).toContain('<img src="https://cdn.comptoir.test/fr.png" alt="Comptoir France"');
    expect(fr.html).toContain('border-top:6px solid #0055a4');
    // The default site speaks as the shop (MAIL_FROM), without a sender of its own.
    const home = mails.get('buyer@example.test')!;
    expect(home.headers?.From).toBeUndefined();
    expect(home.text).not.toContain('Comptoir France');
    expect(home.html).not.toContain('<img');

    // Analytics: each site's sales in its own online store, in its currency.
    type Line = { code: string; currency: string; reference: string; quantity: number };
    const facts = () => rows<Line>(app.database.db, sql`
      select s.code, l.currency, l.reference, l.quantity::int as quantity from analytics.sale_line l join analytics.store s on s.id = l.store_id
      where l.reference in (${frOrder}, ${homeOrder}) order by s.code`);
    await within(10_000, async () => (await facts()).length === 2);
    expect(await facts()).toEqual([
      { code: 'WEB', currency: 'GBP', reference: homeOrder, quantity: 1 },
      { code: 'WEB-FR', currency: 'EUR', reference: frOrder, quantity: 3 },
    ]);
    const stores = await ok({ method: 'GET', url: '/api/admin/analytics/stores?limit=100', headers: auth(admin) });
    expect(stores.data.find((s: { code: string }) => s.code === 'WEB-FR')).toMatchObject({ kind: 'online', currency: 'EUR' });
    const today = new Date().toISOString().slice(0, 10);
    const league = await ok({ method: 'GET', url: `/api/admin/analytics/league?node=company&from=${today}&to=${today}&kpi=units`, headers: auth(admin) });
    expect(JSON.stringify(league)).toContain('WEB-FR');
  });

  it('recommends on each site only what it sells, at its prices', async () => {
    // Best sellers of the lanterns: LANT-ALL (bought on both sites above) and LANT-UK (home only).
    await guestOrder(app, { sku: 'LANT-UK', email: 'uk-buyer@example.test' });
    type Recs = { data: { slug: string; price: { currency: string } }[] };
    await app.relay.drain();
    await app.runJob('recommendations.build');
    const home = (await ok({ method: 'GET', url: '/api/products/zinc-lantern-everywhere/recommendations' })) as Recs;
    expect(home.data.map((r) => r.slug)).toContain('zinc-lantern-homeonly');
    const fr = (await ok({ method: 'GET', url: '/api/products/zinc-lantern-everywhere/recommendations', headers: FR })) as Recs;
    expect(fr.data.map((r) => r.slug)).not.toContain('zinc-lantern-homeonly');
    for (const r of fr.data) expect(r.price.currency).toBe('EUR');
    const notSold = await app.inject({ method: 'GET', url: '/api/products/zinc-lantern-homeonly/recommendations', headers: FR });
    expect(notSold.statusCode).toBe(404);
    // A cart on fr gets complements fr sells.
    const cart = await ok({ method: 'POST', url: '/api/carts', headers: FR }, 201);
    const h = { ...FR, 'x-cart-token': cart.token as string };
    await ok({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: h, payload: { sku: 'LANT-ALL', quantity: 1 } });
    const complements = (await ok({ method: 'GET', url: `/api/carts/${cart.id}/recommendations`, headers: h })) as Recs;
    expect(complements.data.map((r) => r.slug)).not.toContain('zinc-lantern-homeonly');
  });

  it('shows the back office each product\'s sites and site prices', async () => {
    const list = await ok({ method: 'GET', url: '/api/admin/products?limit=50', headers: auth(admin) });
    const all = list.data.find((p: { slug: string }) => p.slug === 'zinc-lantern-everywhere');
    expect(all.sites).toEqual(['default', 'fr']);
    expect(all.variants[0].sitePrices).toEqual([{ site: 'fr', price: { amount: 1450, currency: 'EUR' } }]);
  });

  it('filters the back office\'s product and order lists by site', async () => {
    const published = await ok({ method: 'GET', url: '/api/admin/products?limit=50&site=fr', headers: auth(admin) });
    // Published on fr, priced there or not: the unpriced one is listed so staff can price it.
    expect(published.data.map((p: { slug: string }) => p.slug).sort()).toEqual(['zinc-lantern-everywhere', 'zinc-lantern-unpriced']);
    // The three lanterns and the garden lamp are on the default site.
    expect((await ok({ method: 'GET', url: '/api/admin/products?limit=50&site=default', headers: auth(admin) })).pagination.total).toBe(4);
    const frOrders = await ok({ method: 'GET', url: '/api/admin/orders?site=fr', headers: auth(admin) });
    expect(frOrders.data.length).toBeGreaterThan(0);
    expect(frOrders.data.every((o: { site: string; currency: string }) => o.site === 'fr' && o.currency === 'EUR')).toBe(true);
    const homeOrders = await ok({ method: 'GET', url: '/api/admin/orders?site=default', headers: auth(admin) });
    expect(homeOrders.data.every((o: { site: string }) => o.site === 'default')).toBe(true);
    expect(homeOrders.pagination.total + frOrders.pagination.total).toBe((await ok({ method: 'GET', url: '/api/admin/orders', headers: auth(admin) })).pagination.total);
    const bad = await app.inject({ method: 'GET', url: '/api/admin/orders?site=NOT%20A%20CODE', headers: auth(admin) });
    expect(bad.statusCode).toBe(400);
  });
});
