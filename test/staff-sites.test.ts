import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/platform/db/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { guestOrder } from './support/checkout.js';

/**
 * Staff limited to some sites (issue 17, "an admin can be limited to some sites"): an
 * administrator gives a manager the `fr` site only; the manager's back office then lists, opens,
 * exports and changes only that site's products, orders, promotions, recommendation pins,
 * newsletter subscribers, lists and campaigns, support tickets and contact messages, and
 * settings, sees in analytics only that site's
 * online store (not the company, which sums the others), and cannot publish on or withdraw
 * from another site. Lifting the limit (`sites: null`) gives every site back.
 */
let app: TestApp;
let admin: string;
let managerId = '';
const MANAGER = { email: 'fr-manager@example.test', password: 'fr-manager-password-123' };
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const FR = { 'x-comptoir-site': 'fr' };
const ids: Record<string, string> = {};
const orders: Record<string, string> = {};
let categoryId = '';

async function ok(options: Parameters<TestApp['inject']>[0], status = 200) {
  const res = await app.inject(options);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

/** The manager's access token, signed in now (it carries the sites of their account). */
async function managerToken(): Promise<string> {
  return (await ok({ method: 'POST', url: '/api/auth/login', payload: MANAGER })).accessToken as string;
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  await ok({ method: 'POST', url: '/api/admin/sites', headers: auth(admin), payload: { code: 'fr', name: 'Comptoir France', currency: 'EUR', contactEmail: 'bonjour@comptoir.test', hosts: ['fr.staff.test'], defaultLanguage: 'fr', languages: ['fr', 'en'] } }, 201);
  const cat = await ok({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Staff lamps' } }, 201);
  categoryId = cat.id as string;
  const eur = (amount: number) => [{ site: 'fr', price: { amount, currency: 'EUR' } }];
  for (const [key, sites, sku] of [['home', ['default'], 'STAFF-HOME'], ['fr', ['fr'], 'STAFF-FR'], ['both', ['default', 'fr'], 'STAFF-BOTH']] as const) {
    const made = await ok({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: {
      title: `Staff lamp ${key}`, status: 'active', categoryId: cat.id, sites,
      variants: [{ sku, price: { amount: 1000, currency: 'GBP' }, sitePrices: (sites as readonly string[]).includes('fr') ? eur(1200) : [] }],
    } }, 201);
    ids[key] = made.id as string;
    await ok({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: 10, type: 'receipt', reason: 'delivery' } }, 201);
  }
  orders.home = await guestOrder(app, { sku: 'STAFF-HOME', email: 'home-buyer@example.test' });
  orders.fr = await guestOrder(app, { sku: 'STAFF-FR', email: 'fr-buyer@example.test', headers: FR });
  const manager = await app.createUser({ ...MANAGER, roles: ['manager'] });
  managerId = manager.id;
});
afterAll(() => app?.close());

describe('staff limited to some sites', () => {
  it('is set by an administrator, shown on the user, carried by the next token, and old tokens stop working', async () => {
    const before = await managerToken();
    expect((await app.inject({ method: 'GET', url: '/api/admin/orders', headers: auth(before) })).statusCode).toBe(200);
    const user = await ok({ method: 'PATCH', url: `/api/admin/users/${managerId}`, headers: auth(admin), payload: { sites: ['fr'] } });
    expect(user).toMatchObject({ id: managerId, roles: ['manager'], sites: ['fr'] });
    // Its roles are kept when only the sites change; the token issued before no longer opens the back office.
    expect((await app.inject({ method: 'GET', url: '/api/admin/orders', headers: auth(before) })).statusCode).toBe(401);
    // Unknown codes and a non-array are refused; nobody limits themselves.
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/users/${managerId}`, headers: auth(admin), payload: { sites: ['Not A Code'] } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/users/${managerId}`, headers: auth(admin), payload: { sites: [] } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/users/${managerId}`, headers: auth(admin), payload: {} })).statusCode).toBe(400);
  });

  it('lists, opens and exports only the products and orders of their sites', async () => {
    const token = await managerToken();
    const products = await ok({ method: 'GET', url: '/api/admin/products?limit=100', headers: auth(token) });
    expect(products.data.map((p: { id: string }) => p.id).sort()).toEqual([ids.both, ids.fr].sort());
    expect((await ok({ method: 'GET', url: '/api/admin/products?site=fr', headers: auth(token) })).pagination.total).toBe(2);
    const otherSite = await app.inject({ method: 'GET', url: '/api/admin/products?site=default', headers: auth(token) });
    expect(otherSite.statusCode).toBe(403);
    expect(otherSite.json().code).toBe('SITES.NOT_ALLOWED');
    expect((await app.inject({ method: 'GET', url: `/api/admin/products/${ids.home}`, headers: auth(token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/admin/products/${ids.both}`, headers: auth(token) })).statusCode).toBe(200);
    const csv = (await app.inject({ method: 'GET', url: '/api/admin/products/export', headers: auth(token) })).body;
    expect(csv).toContain('STAFF-FR');
    expect(csv).not.toContain('STAFF-HOME');

    const list = await ok({ method: 'GET', url: '/api/admin/orders?limit=100', headers: auth(token) });
    expect(list.data.map((o: { id: string }) => o.id)).toEqual([orders.fr]);
    expect((await app.inject({ method: 'GET', url: `/api/admin/orders/${orders.home}`, headers: auth(token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/admin/orders/${orders.home}/notes`, headers: auth(token), payload: { body: 'not mine' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/orders/${orders.home}`, headers: auth(token) })).statusCode).toBe(404);
    expect((await ok({ method: 'GET', url: `/api/admin/orders/${orders.fr}`, headers: auth(token) })).site).toBe('fr');
    // The dashboard's figures are theirs too.
    const overview = await ok({ method: 'GET', url: '/api/admin/orders/overview?currency=EUR', headers: auth(token) });
    expect(overview.latest.map((o: { id: string }) => o.id)).toEqual([orders.fr]);
    expect(overview.today.orders).toBe(1);
    expect((await ok({ method: 'GET', url: '/api/admin/orders/overview?currency=GBP', headers: auth(token) })).today.orders).toBe(0);
    expect((await ok({ method: 'GET', url: '/api/admin/orders/overview?currency=GBP', headers: auth(admin) })).today.orders).toBe(1);
    const ordersCsv = (await app.inject({ method: 'GET', url: '/api/admin/orders/export', headers: auth(token) })).body;
    expect(ordersCsv).toContain(orders.fr);
    expect(ordersCsv).not.toContain(orders.home);
    // An unlimited administrator still sees everything.
    expect((await ok({ method: 'GET', url: '/api/admin/orders?limit=100', headers: auth(admin) })).data.map((o: { id: string }) => o.id).sort()).toEqual([orders.home, orders.fr].sort());
  });

  it('changes only their sites: publishing elsewhere, withdrawing from another site and other sites\' settings are refused', async () => {
    const token = await managerToken();
    // Withdrawing "both" from the default site touches a site that is not theirs.
    const withdraw = await app.inject({ method: 'PATCH', url: `/api/admin/products/${ids.both}`, headers: auth(token), payload: { sites: ['fr'] } });
    expect(withdraw.statusCode).toBe(403);
    expect(withdraw.json().code).toBe('SITES.NOT_ALLOWED');
    expect((await ok({ method: 'GET', url: `/api/admin/products/${ids.both}`, headers: auth(admin) })).sites.sort()).toEqual(['default', 'fr']);
    // A product on fr only can be edited; publishing it on the default site cannot.
    expect((await ok({ method: 'PATCH', url: `/api/admin/products/${ids.fr}`, headers: auth(token), payload: { title: 'Lampe de bureau' } })).title).toBe('Lampe de bureau');
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/products/${ids.fr}`, headers: auth(token), payload: { sites: ['default', 'fr'] } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/products/${ids.home}`, headers: auth(token), payload: { title: 'Mine now' } })).statusCode).toBe(404);
    // A new product goes on their site, never on the default one by omission.
    const newProduct = { title: 'Staff lamp new', categoryId, variants: [{ sku: 'STAFF-NEW', price: { amount: 500, currency: 'GBP' }, sitePrices: [{ site: 'fr', price: { amount: 600, currency: 'EUR' } }] }] };
    expect((await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(token), payload: newProduct })).statusCode).toBe(403);
    expect((await ok({ method: 'POST', url: '/api/admin/products', headers: auth(token), payload: { ...newProduct, sites: ['fr'] } }, 201)).sites).toEqual(['fr']);
    // Sites: theirs only.
    expect((await ok({ method: 'GET', url: '/api/admin/sites', headers: auth(token) })).data.map((s: { code: string }) => s.code)).toEqual(['fr']);
    expect((await app.inject({ method: 'GET', url: '/api/admin/sites/default', headers: auth(token) })).statusCode).toBe(404);
  });

  it('sees the promotions usable on their sites and changes only those of their sites', async () => {
    const promo = async (code: string, sites: string[]) =>
      (await ok({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { code, type: 'percentage', value: 10, sites } }, 201)).id as string;
    const every = await promo('STAFF-EVERY', []);
    const home = await promo('STAFF-HOME', ['default']);
    const fr = await promo('STAFF-FR', ['fr']);
    const token = await managerToken();
    const listed = await ok({ method: 'GET', url: '/api/admin/promotions?q=STAFF-', headers: auth(token) });
    expect(listed.data.map((p: { code: string }) => p.code).sort()).toEqual(['STAFF-EVERY', 'STAFF-FR']);
    expect((await app.inject({ method: 'GET', url: '/api/admin/promotions?site=default', headers: auth(token) })).json().code).toBe('SITES.NOT_ALLOWED');
    // An unlimited administrator filters by site: the promotions usable there.
    expect((await ok({ method: 'GET', url: '/api/admin/promotions?q=STAFF-&site=default', headers: auth(admin) })).data.map((p: { code: string }) => p.code).sort()).toEqual(['STAFF-EVERY', 'STAFF-HOME']);
    expect((await app.inject({ method: 'GET', url: `/api/admin/promotions/${home}`, headers: auth(token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/admin/promotions/${home}/redemptions`, headers: auth(token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/admin/promotions/${home}/disable`, headers: auth(token) })).statusCode).toBe(404);
    expect((await ok({ method: 'GET', url: `/api/admin/promotions/${every}`, headers: auth(token) })).code).toBe('STAFF-EVERY');
    // An every-site promotion is shown but not theirs to change; nor is moving theirs to another site.
    for (const [url, payload] of [[`/api/admin/promotions/${every}`, { value: 50 }], [`/api/admin/promotions/${fr}`, { sites: ['default', 'fr'] }], [`/api/admin/promotions/${fr}`, { sites: [] }]] as const) {
      const refused = await app.inject({ method: 'PATCH', url, headers: auth(token), payload });
      expect(refused.statusCode, JSON.stringify(payload)).toBe(403);
      expect(refused.json().code).toBe('SITES.NOT_ALLOWED');
    }
    expect((await app.inject({ method: 'POST', url: `/api/admin/promotions/${every}/disable`, headers: auth(token) })).statusCode).toBe(403);
    expect((await ok({ method: 'GET', url: `/api/admin/promotions/${every}`, headers: auth(admin) })).value).toBe(10);
    expect((await ok({ method: 'PATCH', url: `/api/admin/promotions/${fr}`, headers: auth(token), payload: { value: 15 } })).value).toBe(15);
    expect((await ok({ method: 'POST', url: `/api/admin/promotions/${fr}/disable`, headers: auth(token) })).disabledAt).not.toBeNull();
    // A new promotion names their sites; omitted, it would apply on every site.
    expect((await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(token), payload: { code: 'STAFF-NEW', type: 'free_shipping' } })).statusCode).toBe(403);
    expect((await ok({ method: 'POST', url: '/api/admin/promotions', headers: auth(token), payload: { code: 'STAFF-NEW', type: 'free_shipping', sites: ['fr'] } }, 201)).sites).toEqual(['fr']);
  });

  it('pins and excludes products of any one site; staff limited to sites only those of theirs', async () => {
    type Recs = { data: { productId: string; reason: { kind: string } }[] };
    const pins = (product: string, token: string, productIds: string[]) =>
      app.inject({ method: 'PUT', url: `/api/admin/recommendations/products/${product}/pins`, headers: auth(token), payload: { productIds } });
    // A product sold on fr only is pinned to a product on both sites: fr's list shows it first, the default site's never.
    expect((await pins(ids.both!, admin, [ids.fr!])).json()).toEqual({ productId: ids.both, pinnedProductIds: [ids.fr] });
    const onFr = (await ok({ method: 'GET', url: `/api/products/${ids.both}/recommendations`, headers: FR })) as Recs;
    expect(onFr.data[0]).toMatchObject({ productId: ids.fr, reason: { kind: 'pinned' } });
    const onHome = (await ok({ method: 'GET', url: `/api/products/${ids.both}/recommendations` })) as Recs;
    expect(onHome.data.map((r) => r.productId)).not.toContain(ids.fr);
    expect((await pins(ids.both!, admin, [])).statusCode).toBe(200);

    const token = await managerToken();
    // Their product's list, with products they see: yes. A list also shown on another site, or another site's product: no.
    expect((await pins(ids.fr!, token, [ids.both!])).statusCode).toBe(200);
    const shared = await pins(ids.both!, token, [ids.fr!]);
    expect(shared.statusCode).toBe(403);
    expect(shared.json().code).toBe('SITES.NOT_ALLOWED');
    expect((await pins(ids.fr!, token, [ids.home!])).statusCode).toBe(404);
    const exclude = (kind: string, id: string) => app.inject({ method: 'POST', url: '/api/admin/recommendations/exclusions', headers: auth(token), payload: { kind, id } });
    expect((await exclude('product', ids.home!)).statusCode).toBe(404);
    expect((await exclude('product', ids.both!)).statusCode).toBe(403);
    expect((await exclude('category', categoryId)).statusCode).toBe(403);
    expect((await exclude('product', ids.fr!)).statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/recommendations/exclusions/category/${categoryId}`, headers: auth(token) })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/recommendations/exclusions/product/${ids.fr}`, headers: auth(token) })).statusCode).toBe(204);
    expect((await ok({ method: 'GET', url: '/api/admin/recommendations/controls', headers: auth(admin) })).exclusions).toEqual([]);
  });

  it('sees and mails only their sites\' subscribers, lists and campaigns', async () => {
    const content = { en: { subject: 'News', preheader: 'News', html: '<p>News</p>', text: 'News' }, fr: { subject: 'Nouvelles', preheader: 'Nouvelles', html: '<p>Nouvelles</p>', text: 'Nouvelles' } };
    const importTo = (token: string, site: string, email: string) => app.inject({
      method: 'POST', url: `/api/admin/newsletters/subscribers/import?consentSource=shop%20form&site=${site}`, headers: { ...auth(token), 'content-type': 'text/csv' }, payload: `email\n${email}\n`,
    });
    expect((await importTo(admin, 'default', 'home-reader@example.test')).statusCode).toBe(200);
    expect((await importTo(admin, 'fr', 'lectrice@example.test')).statusCode).toBe(200);
    const list = async (criteria: object) => (await ok({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(admin), payload: { name: `Staff ${JSON.stringify(criteria)}`, criteria } }, 201)).id as string;
    const [frList, homeList, everyList] = [await list({ site: 'fr' }), await list({ site: 'default' }), await list({})];
    const homeCampaign = (await ok({ method: 'POST', url: '/api/admin/newsletters/campaigns', headers: auth(admin), payload: { name: 'Home news', listId: homeList, content } }, 201)).id as string;

    const token = await managerToken();
    const subscribers = await ok({ method: 'GET', url: '/api/admin/newsletters/subscribers?q=example.test&limit=100', headers: auth(token) });
    expect(subscribers.data.map((s: { email: string }) => s.email)).toEqual(['lectrice@example.test']);
    expect((await app.inject({ method: 'GET', url: '/api/admin/newsletters/subscribers?site=default', headers: auth(token) })).statusCode).toBe(403);
    const homeReader = (await ok({ method: 'GET', url: '/api/admin/newsletters/subscribers?q=home-reader', headers: auth(admin) })).data[0].id as string;
    expect((await app.inject({ method: 'GET', url: `/api/admin/newsletters/subscribers/${homeReader}`, headers: auth(token) })).statusCode).toBe(404);
    const csv = (await app.inject({ method: 'GET', url: '/api/admin/newsletters/subscribers/export', headers: auth(token) })).body;
    expect(csv).toContain('lectrice@example.test');
    expect(csv).not.toContain('home-reader@example.test');
    expect((await importTo(token, 'default', 'sneaky@example.test')).statusCode).toBe(403);
    expect((await importTo(token, 'fr', 'lecteur@example.test')).statusCode).toBe(200);

    // Lists of their site only: a list of every site holds other sites' subscribers.
    expect((await ok({ method: 'GET', url: '/api/admin/newsletters/lists', headers: auth(token) })).data.map((l: { id: string }) => l.id)).toEqual([frList]);
    for (const id of [homeList, everyList]) expect((await app.inject({ method: 'GET', url: `/api/admin/newsletters/lists/${id}`, headers: auth(token) })).statusCode).toBe(404);
    const everySite = await app.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(token), payload: { name: 'Everyone', criteria: {} } });
    expect(everySite.statusCode).toBe(403);
    expect(everySite.json().code).toBe('SITES.NOT_ALLOWED');
    expect((await ok({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(token), payload: { name: 'Mes clients', criteria: { site: 'fr', locale: 'fr' } } }, 201)).criteria.site).toBe('fr');

    // Campaigns to those lists only.
    expect((await app.inject({ method: 'POST', url: '/api/admin/newsletters/campaigns', headers: auth(token), payload: { name: 'All', listId: everyList, content } })).statusCode).toBe(404);
    const mine = (await ok({ method: 'POST', url: '/api/admin/newsletters/campaigns', headers: auth(token), payload: { name: 'Nouvelles', listId: frList, content } }, 201)).id as string;
    expect((await ok({ method: 'GET', url: '/api/admin/newsletters/campaigns?limit=100', headers: auth(token) })).data.map((c: { id: string }) => c.id)).toEqual([mine]);
    for (const [method, url] of [['GET', ''], ['GET', '/recipients'], ['GET', '/preview'], ['POST', '/cancel']] as const) {
      expect((await app.inject({ method, url: `/api/admin/newsletters/campaigns/${homeCampaign}${url}`, headers: auth(token) })).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await app.inject({ method: 'POST', url: `/api/admin/newsletters/campaigns/${homeCampaign}/schedule`, headers: auth(token), payload: {} })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/newsletters/campaigns/${mine}`, headers: auth(token), payload: { listId: homeList } })).statusCode).toBe(404);
    expect((await ok({ method: 'GET', url: `/api/admin/newsletters/campaigns/${homeCampaign}`, headers: auth(admin) })).status).toBe('draft');
  });

  it('cannot import the sales history, which goes to the default site', async () => {
    const token = await managerToken();
    const boundary = '----comptoir-staff';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="history.csv"\r\nContent-Type: text/csv\r\n\r\nInvoiceNo,StockCode\r\n--${boundary}--\r\n`;
    const res = await app.inject({ method: 'POST', url: '/api/admin/imports', payload, headers: { ...auth(token), 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('SITES.NOT_ALLOWED');
    expect((await ok({ method: 'GET', url: '/api/admin/imports', headers: auth(admin) })).pagination.total).toBe(0);
  });

  it('sees in analytics their sites\' online stores, not the company their figures are summed into', async () => {
    const A = '/api/admin/analytics';
    // Each site's web order reaches analytics through events: the fr one creates the store WEB-FR.
    const storeOf = async (code: string) => {
      const end = Date.now() + 5_000;
      let found: { id: string } | undefined;
      while (!found && Date.now() < end) {
        found = (await ok({ method: 'GET', url: `${A}/stores?limit=100`, headers: auth(admin) })).data.find((s: { code: string }) => s.code === code);
        if (!found) await new Promise((r) => setTimeout(r, 25));
      }
      expect(found, `store ${code}`).toBeDefined();
      return found!.id;
    };
    const [web, webFr] = [await storeOf('WEB'), await storeOf('WEB-FR')];
    const root = (await ok({ method: 'GET', url: `${A}/regions`, headers: auth(admin) })).data.find((r: { parentId: string | null }) => r.parentId === null).id as string;
    await ok({ method: 'PUT', url: `${A}/users/${managerId}/grants`, headers: auth(admin), payload: { grants: [{ kind: 'region', id: root }] } });
    const token = await managerToken();
    expect((await ok({ method: 'GET', url: `${A}/stores?limit=100`, headers: auth(token) })).data.map((s: { code: string }) => s.code)).toEqual(['WEB-FR']);
    // The company (and any region above the default site's web shop) sums WEB: it is as unknown as WEB itself.
    for (const url of [`${A}/kpis?node=company`, `${A}/kpis?node=${root}`, `${A}/kpis?node=${web}`, `${A}/league?node=company`]) {
      const res = await app.inject({ method: 'GET', url, headers: auth(token) });
      expect([res.statusCode, res.json().code], url).toEqual([404, 'ANALYTICS.NODE_NOT_FOUND']);
    }
    // Their site's store answers exactly what an administrator reads; its fr sale (in EUR, for which no
    // rate to GBP is recorded here) shows as that store-month's missing rate.
    const kpisOf = async (who: string) => ok({ method: 'GET', url: `${A}/kpis?node=${webFr}&period=year`, headers: auth(who) });
    const end = Date.now() + 5_000;
    let seen = await kpisOf(admin);
    while (seen.missingRates.length === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 25));
      seen = await kpisOf(admin);
    }
    expect(seen.missingRates).toEqual([expect.objectContaining({ storeCode: 'WEB-FR', currency: 'EUR' })]);
    expect(await kpisOf(token)).toEqual(seen);
    // An administrator with no site limit still sees the company.
    expect((await app.inject({ method: 'GET', url: `${A}/kpis?node=company`, headers: auth(admin) })).statusCode).toBe(200);
  });

  it('works on their sites\' tickets and contact messages only; those mails speak as the site', async () => {
    await ok({ method: 'PATCH', url: `/api/admin/users/${managerId}`, headers: auth(admin), payload: { roles: ['manager', 'support'] } });
    const openTicket = async (headers: Record<string, string>, email: string) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({ subject: `Lamp flickers (${email})`, message: 'It flickers.', category: 'product_question', email })) data.append(k, v);
      const body = new Response(data);
      const res = await app.inject({ method: 'POST', url: '/api/support/tickets', payload: Buffer.from(await body.arrayBuffer()), headers: { 'content-type': body.headers.get('content-type')!, ...headers } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().ticket.id as string;
    };
    const frTicket = await openTicket(FR, 'client@example.test');
    const homeTicket = await openTicket({}, 'customer@example.test');
    for (const [headers, email] of [[FR, 'ecrit@example.test'], [{}, 'wrote@example.test']] as const) {
      await ok({ method: 'POST', url: '/api/contact', headers, payload: { name: 'Zoé', email, topic: 'product', message: 'A question', startedAt: Date.now() - 10_000 } }, 202);
    }
    const token = await managerToken();
    const queue = await ok({ method: 'GET', url: '/api/admin/support/tickets', headers: auth(token) });
    expect(queue.data.map((t: { id: string; site: string }) => [t.id, t.site])).toEqual([[frTicket, 'fr']]);
    const everyTicket = await ok({ method: 'GET', url: '/api/admin/support/tickets', headers: auth(admin) });
    expect(everyTicket.data.map((t: { id: string }) => t.id).sort()).toEqual([frTicket, homeTicket].sort());
    expect((await ok({ method: 'GET', url: '/api/admin/support/tickets?site=default', headers: auth(admin) })).data.map((t: { id: string }) => t.id)).toEqual([homeTicket]);
    const asked = await app.inject({ method: 'GET', url: '/api/admin/support/tickets?site=default', headers: auth(token) });
    expect([asked.statusCode, asked.json().code]).toEqual([403, 'SITES.NOT_ALLOWED']);
    // Another site's ticket is as unknown: reading, changing, replying, bulk actions.
    for (const [method, url, payload] of [
      ['GET', `/api/admin/support/tickets/${homeTicket}`, undefined],
      ['PATCH', `/api/admin/support/tickets/${homeTicket}`, { priority: 'high' }],
      ['POST', `/api/admin/support/tickets/${homeTicket}/messages`, { body: 'Not mine', visibility: 'public' }],
    ] as const) {
      const res = await app.inject({ method, url, headers: auth(token), ...(payload ? { payload } : {}) });
      expect([res.statusCode, res.json().code], `${method} ${url}`).toEqual([404, 'SUPPORT.TICKET_NOT_FOUND']);
    }
    await ok({ method: 'POST', url: `/api/admin/support/tickets/${frTicket}/messages`, headers: auth(token), payload: { body: 'Voici la solution.', visibility: 'public' } }, 201);
    expect((await ok({ method: 'POST', url: '/api/admin/support/tickets/bulk', headers: auth(token), payload: { ids: [frTicket, homeTicket], state: 'closed' } })).updated).toEqual([frTicket]);
    expect((await ok({ method: 'GET', url: `/api/admin/support/tickets/${homeTicket}`, headers: auth(admin) })).state).toBe('new');
    // Contact messages likewise.
    const contacts = await ok({ method: 'GET', url: '/api/admin/support/contact-messages', headers: auth(token) });
    expect(contacts.data.map((c: { email: string; site: string }) => [c.email, c.site])).toEqual([['ecrit@example.test', 'fr']]);
    const homeContact = (await ok({ method: 'GET', url: '/api/admin/support/contact-messages?site=default', headers: auth(admin) })).data[0].id as string;
    expect((await app.inject({ method: 'GET', url: `/api/admin/support/contact-messages/${homeContact}`, headers: auth(token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/admin/support/contact-messages/${homeContact}/ticket`, headers: auth(token) })).statusCode).toBe(404);
    // Their mail speaks as the site it came from; the default site's as the shop.
    await app.relay.drain();
    type Mail = { to: string; template: string; headers: Record<string, string> | null };
    const mails = await rows<Mail>(app.database.db, sql`select "to", template, headers from notifications.mail_message
      where "to" in ('client@example.test', 'customer@example.test', 'ecrit@example.test', 'wrote@example.test') order by "to", template`);
    expect(mails.map((m) => [m.to, m.template, m.headers?.From ?? null])).toEqual([
      ['client@example.test', 'support_reply', '"Comptoir France" <bonjour@comptoir.test>'],
      ['client@example.test', 'support_ticket_opened', '"Comptoir France" <bonjour@comptoir.test>'],
      ['customer@example.test', 'support_ticket_opened', null],
      ['ecrit@example.test', 'support_contact_received', '"Comptoir France" <bonjour@comptoir.test>'],
      ['wrote@example.test', 'support_contact_received', null],
    ]);
  });

  it('gives every site back when the limit is lifted', async () => {
    expect((await ok({ method: 'PATCH', url: `/api/admin/users/${managerId}`, headers: auth(admin), payload: { sites: null } })).sites).toBeNull();
    const token = await managerToken();
    expect((await ok({ method: 'GET', url: '/api/admin/orders?limit=100', headers: auth(token) })).pagination.total).toBe(2);
    expect((await ok({ method: 'GET', url: '/api/admin/analytics/kpis?node=company', headers: auth(token) })).kpis.length).toBeGreaterThan(0);
    expect((await app.inject({ method: 'GET', url: `/api/admin/products/${ids.home}`, headers: auth(token) })).statusCode).toBe(200);
  });
});
