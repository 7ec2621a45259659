import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { TokenService } from '../../platform/auth.js';

let app: TestApp;
let admin: string;
const auth = () => ({ authorization: `Bearer ${admin}` });
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/**
 * A small Online Retail file: customer 12345 buys the candle holder (21001), the lantern (21002)
 * and the mug (21003) together on four invoices (with postage, a service code); 21004 (a tin) is
 * bought with the holder once (below the minimum support of 3); customer 12346 buys the bag
 * (21005) alone, three times.
 */
function fixture(): string {
  const lines: string[] = [];
  for (let n = 0; n < 4; n++) {
    const at = `${13 + n * 3}/01/2011 10:00`;
    lines.push(`53600${n},21001,WHITE CANDLE HOLDER,6,${at},2.55,12345,United Kingdom`);
    lines.push(`53600${n},21002,RED METAL LANTERN,6,${at},3.75,12345,United Kingdom`);
    lines.push(`53600${n},21003,BLUE SPOTTY MUG,6,${at},1.25,12345,United Kingdom`);
    lines.push(`53600${n},POST,POSTAGE,1,${at},18.00,12345,United Kingdom`);
  }
  lines.push('536010,21001,WHITE CANDLE HOLDER,6,20/02/2011 10:00,2.55,12347,France');
  lines.push('536010,21004,GREEN BISCUIT TIN,6,20/02/2011 10:00,4.95,12347,France');
  for (let n = 0; n < 3; n++) lines.push(`53602${n},21005,JUMBO BAG RED,10,${14 + n}/02/2011 10:00,1.95,12346,United Kingdom`);
  const file = join(mkdtempSync(join(tmpdir(), 'comptoir-reco-')), 'orders.csv');
  writeFileSync(file, [HEADER, ...lines].join('\n') + '\n');
  return file;
}

const productId = async (sku: string) => (await app.catalog.variantsBySku([sku]))[0]!.productId;
const recs = async (url: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json() as { source: string; fallback: boolean; data: { sku: string; productId: string; reason: { kind: string; count: number | null; text: string } }[]; code?: string } };
};

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  await app.imports.importOnlineRetail(fixture(), { openingStock: 50 });
  const build = await app.recommendations.build('test');
  expect(build.status).toBe('succeeded');
  expect(build).toMatchObject({ baskets: 8, items: 5 });
});
afterAll(async () => app?.close());

describe('bought together', () => {
  it('answers co-purchases with their support, never the product itself nor service codes', async () => {
    const { status, body } = await recs('/api/products/' + (await productId('21001')) + '/recommendations');
    expect(status).toBe(200);
    expect(body.source).toBe('co-purchase');
    expect(body.fallback).toBe(false);
    expect(body.data.map((d) => d.sku).sort()).toEqual(['21002', '21003']);
    expect(body.data[0]!.reason).toMatchObject({ kind: 'bought-together', count: 4, text: 'Bought together 4 times' });
  });

  it('falls back to the category\'s recent best sellers below the minimum support, and says so', async () => {
    const { body } = await recs('/api/products/' + (await productId('21004')) + '/recommendations');
    expect(body).toMatchObject({ source: 'popular', fallback: true });
    expect(body.data.every((d) => d.reason.kind === 'popular' && d.sku !== '21004')).toBe(true);
  });

  it('drops products out of stock at once', async () => {
    const out = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(), payload: { sku: '21003', quantity: -50, type: 'adjustment', reason: 'count' } });
    expect(out.statusCode).toBe(201);
    const { body } = await recs('/api/products/' + (await productId('21001')) + '/recommendations');
    expect(body.data.map((d) => d.sku)).toEqual(['21002']);
    await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(), payload: { sku: '21003', quantity: 50, type: 'adjustment', reason: 'found' } });
  });

  it('answers 404 for an unknown product and 400 for a limit outside 1–50', async () => {
    expect((await recs('/api/products/no-such-product/recommendations')).status).toBe(404);
    const id = await productId('21001');
    for (const limit of ['0', '51', 'ten']) {
      const { status, body } = await recs(`/api/products/${id}/recommendations?limit=${limit}`);
      expect(status).toBe(400);
      expect(body.code).toBe('VALIDATION.FAILED');
    }
    expect((await recs(`/api/products/${id}/recommendations?limit=1`)).body.data).toHaveLength(1);
  });
});

describe('merchandiser controls', () => {
  it('pins come first and exclusions (products, categories) apply at once', async () => {
    const holder = await productId('21001');
    const pinned = await app.inject({ method: 'PUT', url: `/api/admin/recommendations/products/${holder}/pins`, headers: auth(), payload: { productIds: [await productId('21005')] } });
    expect(pinned.statusCode).toBe(200);
    let { body } = await recs(`/api/products/${holder}/recommendations`);
    expect(body.data[0]).toMatchObject({ sku: '21005', reason: { kind: 'pinned' } });

    const excluded = await app.inject({ method: 'POST', url: '/api/admin/recommendations/exclusions', headers: auth(), payload: { kind: 'product', id: await productId('21002') } });
    expect(excluded.statusCode).toBe(201);
    ({ body } = await recs(`/api/products/${holder}/recommendations`));
    expect(body.data.map((d) => d.sku)).toEqual(['21005', '21003']);

    const category = (await app.catalog.variantsBySku(['21003']))[0]!.categoryIds.at(-1)!;
    await app.inject({ method: 'POST', url: '/api/admin/recommendations/exclusions', headers: auth(), payload: { kind: 'category', id: category } });
    ({ body } = await recs(`/api/products/${holder}/recommendations`));
    expect(body.data.map((d) => d.sku)).not.toContain('21003');

    const controls = await app.inject({ method: 'GET', url: '/api/admin/recommendations/controls', headers: auth() });
    expect(controls.json().exclusions).toHaveLength(2);
    expect((await app.inject({ method: 'POST', url: '/api/admin/recommendations/exclusions', headers: auth(), payload: { kind: 'category', id: 'cat_nope' } })).statusCode).toBe(404);
    await app.inject({ method: 'DELETE', url: `/api/admin/recommendations/exclusions/product/${await productId('21002')}`, headers: auth() });
    await app.inject({ method: 'DELETE', url: `/api/admin/recommendations/exclusions/category/${category}`, headers: auth() });
    await app.inject({ method: 'PUT', url: `/api/admin/recommendations/products/${holder}/pins`, headers: auth(), payload: { productIds: [] } });
    ({ body } = await recs(`/api/products/${holder}/recommendations`));
    expect(body.data.map((d) => d.sku).sort()).toEqual(['21002', '21003']);
  });

  it('refuses a customer', async () => {
    const customer = await app.tokenFor(['customer']);
    const res = await app.inject({ method: 'POST', url: '/api/admin/recommendations/exclusions', headers: { authorization: `Bearer ${customer}` }, payload: { kind: 'product', id: 'x' } });
    expect(res.statusCode).toBe(403);
  });
});

describe('cart complements', () => {
  it('answers complements of the whole cart, never what is in it, under the cart\'s access rules', async () => {
    const created = (await app.inject({ method: 'POST', url: '/api/carts' })).json() as { id: string; token: string };
    const headers = { 'x-cart-token': created.token };
    await app.inject({ method: 'POST', url: `/api/carts/${created.id}/items`, headers, payload: { sku: '21001', quantity: 1 } });
    await app.inject({ method: 'POST', url: `/api/carts/${created.id}/items`, headers, payload: { sku: '21002', quantity: 1 } });
    const { status, body } = await recs(`/api/carts/${created.id}/recommendations`, headers);
    expect(status).toBe(200);
    expect(body.source).toBe('co-purchase');
    expect(body.data.map((d) => d.sku)).toEqual(['21003']);
    expect(body.data[0]!.reason.text).toMatch(/^Often bought with .+ \(4 times\)$/);
    expect((await recs(`/api/carts/${created.id}/recommendations`)).status).toBe(404);
    expect((await recs(`/api/carts/${created.id}/recommendations`, { 'x-cart-token': 'wrong' })).status).toBe(404);
    expect((await recs('/api/carts/cart_unknown/recommendations', headers)).status).toBe(404);
    expect((await recs(`/api/carts/${created.id}/recommendations?limit=99`, headers)).status).toBe(400);
  });
});

describe('for you and buy again', () => {
  it('answers a customer their own repeat purchases and new items; 401 without sign-in', async () => {
    const history = await app.orders.historyPage('online-retail', 'orders', null, 100);
    const buyer = history.find((h) => h.lines.some((l) => l.sku === '21003'))!.customerId!;
    const token = await new TokenService(app.config.jwtSecret!, 900).sign({ id: buyer, roles: ['customer'], permissions: [] });
    const headers = { authorization: `Bearer ${token}` };
    const again = await recs('/api/users/me/recommendations?kind=buy-again', headers);
    expect(again.status).toBe(200);
    expect(again.body.source).toBe('buy-again');
    expect(again.body.data.map((d) => d.sku).sort()).toEqual(['21001', '21002', '21003']);
    expect(again.body.data[0]!.reason).toMatchObject({ kind: 'buy-again', count: 4 });
    const forYou = await recs('/api/users/me/recommendations?kind=for-you', headers);
    expect(forYou.body.source).toBe('personal');
    expect(forYou.body.data.map((d) => d.sku)).not.toContain('21001');

    // With their cart: what is already in it is left out of both lists.
    const cart = (await app.inject({ method: 'POST', url: '/api/carts', headers })).json() as { id: string };
    expect((await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers, payload: { sku: '21001', quantity: 1 } })).statusCode).toBeLessThan(300);
    const againWithCart = await recs(`/api/users/me/recommendations?kind=buy-again&cartId=${cart.id}`, headers);
    expect(againWithCart.status).toBe(200);
    expect(againWithCart.body.data.map((d) => d.sku).sort()).toEqual(['21002', '21003']);
    const first = forYou.body.data[0]!.sku;
    expect((await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers, payload: { sku: first, quantity: 1 } })).statusCode).toBeLessThan(300);
    expect((await recs(`/api/users/me/recommendations?kind=for-you&cartId=${cart.id}`, headers)).body.data.map((d) => d.sku)).not.toContain(first);
    // Someone else's cart, or an unknown one: 404, as for the cart itself.
    const guestCart = (await app.inject({ method: 'POST', url: '/api/carts' })).json() as { id: string };
    expect((await recs(`/api/users/me/recommendations?kind=buy-again&cartId=${guestCart.id}`, headers)).status).toBe(404);
    expect((await recs('/api/users/me/recommendations?kind=buy-again&cartId=cart_unknown', headers)).status).toBe(404);

    const stranger = { authorization: `Bearer ${await app.tokenFor(['customer'])}` };
    expect((await recs('/api/users/me/recommendations?kind=buy-again', stranger)).body.data).toEqual([]);
    expect((await recs('/api/users/me/recommendations', stranger)).body).toMatchObject({ source: 'popular', fallback: true });
    expect((await recs('/api/users/me/recommendations')).status).toBe(401);
    expect((await recs('/api/users/me/recommendations?kind=everything', headers)).status).toBe(400);
  });
});

describe('web orders between builds', () => {
  const address = { firstName: 'Ada', lastName: 'L', line1: '1 High St', city: 'York', postalCode: 'YO1 1AA', country: 'GB' };
  let keys = 0;
  async function buy(skus: string[]): Promise<string> {
    const cart = (await app.inject({ method: 'POST', url: '/api/carts' })).json() as { id: string; token: string };
    for (const sku of skus) await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: { sku, quantity: 1 } });
    const res = await app.inject({
      method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `reco-${++keys}`, 'x-cart-token': cart.token },
      payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
    });
    expect(res.statusCode, res.body).toBe(201);
    await app.relay.drain();
    return (res.json() as { id: string }).id;
  }

  it('a confirmed order moves co-purchase counts at once; its cancellation takes them back', async () => {
    const tin = await productId('21004');
    expect((await recs(`/api/products/${tin}/recommendations`)).body.source).toBe('popular');
    await buy(['21004', '21001']);
    const second = await buy(['21004', '21001']);
    const { body } = await recs(`/api/products/${tin}/recommendations`);
    expect(body.source).toBe('co-purchase');
    expect(body.data[0]).toMatchObject({ sku: '21001', reason: { kind: 'bought-together', count: 3 } });

    const cancel = await app.inject({ method: 'POST', url: `/api/admin/orders/${second}/transitions`, headers: auth(), payload: { to: 'cancelled', reason: 'customer_request' } });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await app.relay.drain();
    expect((await recs(`/api/products/${tin}/recommendations`)).body.source).toBe('popular');
  });
});

describe('builds', () => {
  it('refuses a second build while one runs (409 with its id) and reports the finished one', async () => {
    // A build of another process is running (its row is what every process checks).
    await app.database.db.execute(sql`insert into recommendations.build (id, status, trigger) values ('rbld_other', 'running', 'cli')`);
    const refused = await app.inject({ method: 'POST', url: '/api/admin/recommendations/builds', headers: auth() });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'RECOMMENDATIONS.BUILD_RUNNING', buildId: 'rbld_other' });
    await expect(app.recommendations.build('cli')).rejects.toMatchObject({ code: 'RECOMMENDATIONS.BUILD_RUNNING' });
    await app.database.db.execute(sql`update recommendations.build set status = 'failed' where id = 'rbld_other'`);

    const started = await app.inject({ method: 'POST', url: '/api/admin/recommendations/builds', headers: auth() });
    expect(started.statusCode).toBe(202);
    let build = started.json() as { id: string; status: string };
    for (let i = 0; i < 100 && build.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      build = (await app.inject({ method: 'GET', url: `/api/admin/recommendations/builds/${build.id}`, headers: auth() })).json();
    }
    expect(build).toMatchObject({ status: 'succeeded', trigger: 'api', baskets: 9 });
    expect((await app.inject({ method: 'GET', url: '/api/admin/recommendations/builds/rbld_nope', headers: auth() })).statusCode).toBe(404);
  });
});
