import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import type { CartContract, CartDto } from './index.js';
import { MAX_LINES } from './cart.schemas.js';

let app: TestApp;
let admin: string;
let cartContract: CartContract;
let lightsId: string;
const products: Record<string, string> = {};

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const cartToken = (token: string) => ({ 'x-cart-token': token });
/** The user id (`sub`) of an access token. */
const userIdOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as { sub: string }).sub;

async function ok(options: InjectOptions, status = 200) {
  const res = await app.inject(options);
  expect(res.statusCode, `${options.method ?? 'GET'} ${options.url}: ${res.body}`).toBe(status);
  return res.json();
}

async function problem(options: InjectOptions, status: number, code: string) {
  const res = await app.inject(options);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code).toBe(code);
  return body;
}

async function stock(sku: string, quantity: number, type: 'receipt' | 'sale' = 'receipt') {
  await ok({ method: 'POST', url: '/api/admin/inventory/movements', headers: bearer(admin), payload: { sku, quantity, type, reason: 'test' } }, 201);
}

async function product(title: string, categoryId: string, sku: string, price: number, status: 'active' | 'draft' = 'active') {
  const p = await ok({ method: 'POST', url: '/api/admin/products', headers: bearer(admin), payload: { title, status, categoryId, variants: [{ sku, price: gbp(price) }] } }, 201);
  products[sku] = p.id;
}

/** A new guest cart: its id and token. */
async function guestCart(): Promise<{ id: string; token: string; headers: Record<string, string> }> {
  const body = await ok({ method: 'POST', url: '/api/carts' }, 201);
  return { id: body.id, token: body.token, headers: cartToken(body.token) };
}

async function add(id: string, headers: Record<string, string>, sku: string, quantity: number): Promise<CartDto> {
  return ok({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku, quantity } });
}

/** The payloads of the `type` events of the cart `cartId` in the outbox, oldest first. */
async function eventPayloads<T = Record<string, unknown>>(cartId: string, type: string): Promise<T[]> {
  const found = await rows<{ payload: T }>(app.database.db, sql`select payload from events.outbox where aggregate_id = ${cartId} and type = ${type} order by id`);
  return found.map((r) => r.payload);
}

/** `[sku, quantity]` of each line of `cart`, sorted by SKU. */
const skuQuantities = (cart: CartDto) => cart.lines.map((l) => [l.sku, l.quantity] as const).sort(([a], [b]) => a.localeCompare(b));

async function promotion(body: Record<string, unknown>) {
  return ok({ method: 'POST', url: '/api/admin/promotions', headers: bearer(admin), payload: body }, 201);
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  cartContract = (app as unknown as { cart: CartContract }).cart;
  const home = await ok({ method: 'POST', url: '/api/admin/categories', headers: bearer(admin), payload: { name: 'Home' } }, 201);
  const lights = await ok({ method: 'POST', url: '/api/admin/categories', headers: bearer(admin), payload: { name: 'Lights', parentId: home.id } }, 201);
  lightsId = lights.id;
  await product('Metal Lantern', lights.id, 'LANT-1', 450);
  await product('Heart Holder', lights.id, 'HEART-1', 300);
  await product('Big Mirror', lights.id, 'MIRROR-1', 2600);
  await product('Secret Draft', lights.id, 'DRAFT-1', 100, 'draft');
  await product('Rare Vase', lights.id, 'VASE-1', 1000);
  await stock('LANT-1', 50);
  await stock('HEART-1', 50);
  await stock('MIRROR-1', 20);
  await stock('DRAFT-1', 5);
  await stock('VASE-1', 6);
});
afterAll(() => app?.close());

describe('guest carts', () => {
  it('are created with a token shown once; only its SHA-256 is stored', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/carts' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.id).toMatch(/^cart_/);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({ status: 'active', currency: 'GBP', customerId: null, lines: [], promotion: null, shippingMethod: null, country: null, itemCount: 0 });
    expect(body.totals).toEqual({ subtotal: gbp(0), discount: gbp(0), shipping: gbp(0), tax: gbp(0), total: gbp(0) });
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const [stored] = await rows<{ token_hash: string; user_id: string | null }>(app.database.db, sql`select token_hash, user_id from cart.cart where id = ${body.id}`);
    expect(stored).toEqual({ token_hash: createHash('sha256').update(body.token).digest('hex'), user_id: null });
    const dump = await rows<{ t: string }>(app.database.db, sql`select c::text as t from cart.cart c where id = ${body.id}`);
    expect(dump[0]?.t).not.toContain(body.token);
  });

  it('need their token: none or a wrong one answers 404 CART.NOT_FOUND, like a cart that does not exist', async () => {
    const cart = await guestCart();
    await problem({ url: `/api/carts/${cart.id}` }, 404, 'CART.NOT_FOUND');
    await problem({ url: `/api/carts/${cart.id}`, headers: cartToken('x'.repeat(43)) }, 404, 'CART.NOT_FOUND');
    await problem({ url: '/api/carts/cart_does_not_exist', headers: cart.headers }, 404, 'CART.NOT_FOUND');
    await problem({ method: 'POST', url: `/api/carts/${cart.id}/items`, payload: { sku: 'LANT-1', quantity: 1 } }, 404, 'CART.NOT_FOUND');
    const other = await guestCart();
    await problem({ url: `/api/carts/${cart.id}`, headers: other.headers }, 404, 'CART.NOT_FOUND');
    const signedIn = await app.tokenFor(['customer']);
    await problem({ url: `/api/carts/${cart.id}`, headers: bearer(signedIn) }, 404, 'CART.NOT_FOUND');
    expect((await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers })).id).toBe(cart.id);
  });
});

describe('customer carts', () => {
  it('are bound to the user, one active cart each, readable by the owner only', async () => {
    const alice = await app.tokenFor(['customer']);
    const first = await app.inject({ method: 'POST', url: '/api/carts', headers: bearer(alice) });
    expect(first.statusCode, first.body).toBe(201);
    const cart = first.json();
    expect(cart.customerId).toBe(userIdOf(alice));
    expect(cart.token).toBeUndefined();
    expect(cart.expiresAt).toBeNull();
    const again = await app.inject({ method: 'POST', url: '/api/carts', headers: bearer(alice) });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(cart.id);
    await add(cart.id, bearer(alice), 'HEART-1', 1);
    const bob = await app.tokenFor(['customer']);
    await problem({ url: `/api/carts/${cart.id}`, headers: bearer(bob) }, 404, 'CART.NOT_FOUND');
    await problem({ method: 'DELETE', url: `/api/carts/${cart.id}/items/${cart.id}`, headers: bearer(bob) }, 404, 'CART.NOT_FOUND');
    await problem({ url: `/api/carts/${cart.id}` }, 404, 'CART.NOT_FOUND');
    expect((await ok({ url: `/api/carts/${cart.id}`, headers: bearer(alice) })).itemCount).toBe(1);
  });

  it('answer concurrent creation with one cart', async () => {
    const carol = await app.tokenFor(['customer']);
    const answers = await Promise.all(Array.from({ length: 5 }, () => app.inject({ method: 'POST', url: '/api/carts', headers: bearer(carol) })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
  });
});

describe('lines and prices', () => {
  it('prices lines from the catalog, adds quantities of the same SKU, and shows tax-inclusive totals', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 1);
    const cart = await add(id, headers, 'LANT-1', 1);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({ sku: 'LANT-1', title: 'Metal Lantern', slug: 'metal-lantern', quantity: 2, unitPrice: gbp(450), lineTotal: gbp(900), discount: gbp(0), available: 50, insufficientStock: false, purchasable: true });
    expect(cart.lines[0]!.id).toMatch(/^item_/);
    const two = await add(id, headers, 'HEART-1', 1);
    // 9.00 + 3.00 = 12.00 GBP, VAT-inclusive at the UK rate (no destination yet): 12.00 × 20 / 120 = 2.00.
    expect(two.totals).toEqual({ subtotal: gbp(1200), discount: gbp(0), shipping: gbp(0), tax: gbp(200), total: gbp(1200) });
    expect(two.itemCount).toBe(3);
  });

  it('changes and removes lines', async () => {
    const { id, headers } = await guestCart();
    const cart = await add(id, headers, 'HEART-1', 2);
    const itemId = cart.lines[0]!.id;
    const changed = await ok({ method: 'PATCH', url: `/api/carts/${id}/items/${itemId}`, headers, payload: { quantity: 5 } });
    expect(changed.lines[0]).toMatchObject({ quantity: 5, lineTotal: gbp(1500) });
    await problem({ method: 'PATCH', url: `/api/carts/${id}/items/${itemId}`, headers, payload: { quantity: 51 } }, 409, 'INVENTORY.INSUFFICIENT_STOCK');
    await problem({ method: 'PATCH', url: `/api/carts/${id}/items/item_nope`, headers, payload: { quantity: 1 } }, 404, 'CART.ITEM_NOT_FOUND');
    const other = await guestCart();
    await problem({ method: 'DELETE', url: `/api/carts/${other.id}/items/${itemId}`, headers: other.headers }, 404, 'CART.ITEM_NOT_FOUND');
    const removed = await ok({ method: 'DELETE', url: `/api/carts/${id}/items/${itemId}`, headers });
    expect(removed.lines).toEqual([]);
    expect(removed.totals.total).toEqual(gbp(0));
    await problem({ method: 'DELETE', url: `/api/carts/${id}/items/${itemId}`, headers }, 404, 'CART.ITEM_NOT_FOUND');
  });

  it('refuses unknown SKUs, products not on sale and more than available, writing nothing', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'VASE-1', 4);
    await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'NOPE-1', quantity: 1 } }, 404, 'CART.SKU_NOT_FOUND');
    await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'DRAFT-1', quantity: 1 } }, 409, 'CART.NOT_PURCHASABLE');
    const tooMany = await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'VASE-1', quantity: 3 } }, 409, 'INVENTORY.INSUFFICIENT_STOCK');
    expect(tooMany).toMatchObject({ sku: 'VASE-1', available: 6, requested: 7 });
    const cart = await ok({ url: `/api/carts/${id}`, headers });
    expect(cart.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([['VASE-1', 4]]);
  });

  it('refuses bad input with 400 VALIDATION.FAILED', async () => {
    const { id, headers } = await guestCart();
    for (const payload of [{ sku: 'LANT-1', quantity: 0 }, { sku: 'LANT-1', quantity: 1000 }, { sku: 'LANT-1', quantity: 1.5 }, { sku: 'LANT-1', quantity: '2' }, { quantity: 1 }, { sku: 'LANT-1', quantity: 1, price: 1 }, { sku: '', quantity: 1 }]) {
      const body = await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload }, 400, 'VALIDATION.FAILED');
      expect(body.errors.length).toBeGreaterThan(0);
    }
    await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: {} }, 400, 'VALIDATION.FAILED');
    await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'UK' } }, 400, 'VALIDATION.FAILED');
    await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { shippingMethodId: 'pigeon' } }, 400, 'VALIDATION.FAILED');
    await problem({ url: `/api/carts/${'x'.repeat(65)}`, headers }, 400, 'VALIDATION.FAILED');
    const cart = await ok({ url: `/api/carts/${id}`, headers });
    expect(cart.lines).toEqual([]);
  });

  it('re-prices from the catalog on every read', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 2);
    await ok({ method: 'PATCH', url: `/api/admin/products/${products['MIRROR-1']}`, headers: bearer(admin), payload: { variants: [{ sku: 'MIRROR-1', price: gbp(2400) }] } });
    const cart = await ok({ url: `/api/carts/${id}`, headers });
    expect(cart.lines[0]).toMatchObject({ unitPrice: gbp(2400), lineTotal: gbp(4800) });
    expect(cart.totals.subtotal).toEqual(gbp(4800));
    expect(cart.totals.tax).toEqual(gbp(800));
    await ok({ method: 'PATCH', url: `/api/admin/products/${products['MIRROR-1']}`, headers: bearer(admin), payload: { variants: [{ sku: 'MIRROR-1', price: gbp(2600) }] } });
  });

  it('flags lines whose stock is now insufficient, and products taken off sale', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 5);
    await stock('MIRROR-1', -17, 'sale'); // sold elsewhere: 3 left
    const cart = await ok({ url: `/api/carts/${id}`, headers });
    expect(cart.lines[0]).toMatchObject({ sku: 'MIRROR-1', quantity: 5, available: 3, insufficientStock: true, purchasable: true });
    await stock('MIRROR-1', 17);
    const restocked = await ok({ url: `/api/carts/${id}`, headers });
    expect(restocked.lines[0]).toMatchObject({ available: 20, insufficientStock: false });
  });
});

describe('concurrent adds to one cart', () => {
  /** SKUs BULK-000 … BULK-(MAX_LINES + 9), 100 in stock each; LOW-1 with 4 in stock. */
  const bulk = Array.from({ length: MAX_LINES + 10 }, (_, i) => `BULK-${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    for (let i = 0; i < bulk.length; i += 100) {
      const variants = bulk.slice(i, i + 100).map((sku) => ({ sku, price: gbp(100) }));
      await ok({ method: 'POST', url: '/api/admin/products', headers: bearer(admin), payload: { title: `Bulk ${i}`, status: 'active', categoryId: lightsId, variants } }, 201);
    }
    await product('Low Stock Lamp', lightsId, 'LOW-1', 500);
    for (let i = 0; i < bulk.length; i += 10) await Promise.all(bulk.slice(i, i + 10).map((sku) => stock(sku, 100)));
    await stock('LOW-1', 4);
  });

  /** POST /api/carts/{id}/items, its raw answer. */
  const post = (cart: { id: string; headers: Record<string, string> }, sku: string, quantity: number) =>
    app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: cart.headers, payload: { sku, quantity } });

  it('20 concurrent adds of 20 different SKUs all succeed; the cart holds the 20 lines with their quantities', async () => {
    const cart = await guestCart();
    const skus = bulk.slice(0, 20);
    const answers = await Promise.all(skus.map((sku, i) => post(cart, sku, i + 1)));
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual(skus.map(() => 200));
    // The adds were serialised, and each answer shows every line the cart had just after it.
    expect(answers.map((a) => (a.json() as CartDto).lines.length).sort((a, b) => a - b)).toEqual(skus.map((_, i) => i + 1));
    const final: CartDto = await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers });
    expect(skuQuantities(final)).toEqual(skus.map((sku, i) => [sku, i + 1]));
    expect(final.itemCount).toBe((20 * 21) / 2);
    expect(await eventPayloads(cart.id, 'cart.item_added')).toHaveLength(20);
  });

  it('10 concurrent adds of 1 of the same SKU make a line of 10, with one cart.item_added each whose lineQuantity values are 1 … 10', async () => {
    const cart = await guestCart();
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(cart, 'BULK-000', 1)));
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual(Array(10).fill(200));
    expect(answers.map((a) => (a.json() as CartDto).itemCount).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const final: CartDto = await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers });
    expect(skuQuantities(final)).toEqual([['BULK-000', 10]]);
    const events = await eventPayloads<{ sku: string; quantity: number; lineQuantity: number }>(cart.id, 'cart.item_added');
    expect(events).toHaveLength(10);
    expect(events.every((e) => e.sku === 'BULK-000' && e.quantity === 1)).toBe(true);
    expect(events.map((e) => e.lineQuantity).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it(`keeps the line cap under concurrency: with MAX_LINES − 2 lines, 6 concurrent adds of new SKUs → 2 added, 4 × 409 CART.TOO_MANY_LINES`, async () => {
    const cart = await guestCart();
    const existing = bulk.slice(0, MAX_LINES - 2);
    for (let i = 0; i < existing.length; i += 10) await Promise.all(existing.slice(i, i + 10).map((sku) => add(cart.id, cart.headers, sku, 1)));
    const fresh = bulk.slice(MAX_LINES - 2, MAX_LINES + 4);
    const answers = await Promise.all(fresh.map((sku) => post(cart, sku, 1)));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes, answers.map((a) => a.body).join('\n')).toEqual([200, 200, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json()).toMatchObject({ code: 'CART.TOO_MANY_LINES', max: MAX_LINES });
    const final: CartDto = await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers });
    expect(final.lines).toHaveLength(MAX_LINES);
    const added = fresh.filter((_, i) => answers[i]!.statusCode === 200);
    expect(skuQuantities(final)).toEqual([...existing, ...added].sort().map((sku) => [sku, 1]));
    // Refused adds published nothing.
    expect(await eventPayloads(cart.id, 'cart.item_added')).toHaveLength(MAX_LINES);
    // A full cart still takes more of a SKU it holds, and refuses one more new SKU.
    const more = await add(cart.id, cart.headers, 'BULK-000', 2);
    expect(more.lines.find((l) => l.sku === 'BULK-000')?.quantity).toBe(3);
    await problem({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: cart.headers, payload: { sku: bulk.at(-1), quantity: 1 } }, 409, 'CART.TOO_MANY_LINES');
  });

  it('never adds past the stock: 4 available, 7 concurrent adds of 1 → 4 added, 3 × 409 INVENTORY.INSUFFICIENT_STOCK; a refused add changes no line', async () => {
    const cart = await guestCart();
    // More than available on a new line: no line, no event.
    const first = await problem({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: cart.headers, payload: { sku: 'LOW-1', quantity: 5 } }, 409, 'INVENTORY.INSUFFICIENT_STOCK');
    expect(first).toMatchObject({ sku: 'LOW-1', available: 4, requested: 5 });
    expect((await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers })).lines).toEqual([]);
    const answers = await Promise.all(Array.from({ length: 7 }, () => post(cart, 'LOW-1', 1)));
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([200, 200, 200, 200, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json()).toMatchObject({ code: 'INVENTORY.INSUFFICIENT_STOCK', sku: 'LOW-1', available: 4, requested: 5 });
    const final: CartDto = await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers });
    expect(skuQuantities(final)).toEqual([['LOW-1', 4]]);
    const events = await eventPayloads<{ lineQuantity: number }>(cart.id, 'cart.item_added');
    expect(events.map((e) => e.lineQuantity).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
  });
});

describe('shipping methods and tax', () => {
  it('lists the methods of a destination with prices and the free-standard condition', async () => {
    const gb = await ok({ url: '/api/shipping-methods?country=GB' });
    expect(gb.data).toEqual([
      { id: 'standard', name: 'Standard delivery', price: gbp(395), minSubtotal: null },
      { id: 'express', name: 'Express delivery', price: gbp(795), minSubtotal: null },
      { id: 'free-standard', name: 'Free standard delivery', price: gbp(0), minSubtotal: gbp(5000) },
    ]);
    const fr = await ok({ url: '/api/shipping-methods?country=FR' });
    expect(fr.data.map((m: { id: string; price: { amount: number } }) => [m.id, m.price.amount])).toEqual([['standard', 995], ['express', 1995]]);
    const us = await ok({ url: '/api/shipping-methods?country=US' });
    expect(us.data.map((m: { id: string; price: { amount: number } }) => [m.id, m.price.amount])).toEqual([['standard', 1495]]);
    for (const q of ['country=gb', 'country=UK', 'country=GBR', 'country=', '']) {
      await problem({ url: `/api/shipping-methods?${q}` }, 400, 'VALIDATION.FAILED');
    }
  });

  it('sets destination and method; shipping and the destination’s VAT enter the totals', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 2); // 9.00
    const fr = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'FR', shippingMethodId: 'express' } });
    expect(fr.shippingMethod).toEqual({ id: 'express', name: 'Express delivery', price: gbp(1995) });
    // 9.00 + 19.95 = 28.95 at 20 %: 2895 × 20 / 120 = 482.5 → 483
    expect(fr.totals).toEqual({ subtotal: gbp(900), discount: gbp(0), shipping: gbp(1995), tax: gbp(483), total: gbp(2895) });
    const de = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'DE' } });
    expect(de.shippingMethod?.id).toBe('express');
    expect(de.totals.tax).toEqual(gbp(462)); // 2895 × 19 / 119 = 462.2
    // Express does not go to the US: moving there drops the method; asking for it is refused.
    const us = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'US' } });
    expect(us.shippingMethod).toBeNull();
    expect(us.totals).toMatchObject({ shipping: gbp(0), tax: gbp(0), total: gbp(900) });
    const refused = await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { shippingMethodId: 'express' } }, 409, 'CART.SHIPPING_UNAVAILABLE');
    expect(refused).toMatchObject({ methodId: 'express', country: 'US' });
    const standard = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { shippingMethodId: 'standard' } });
    expect(standard.totals).toMatchObject({ shipping: gbp(1495), total: gbp(2395), tax: gbp(0) });
    const cleared = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: null } });
    expect(cleared).toMatchObject({ country: null, shippingMethod: null });
  });

  it('needs a country before a method', async () => {
    const { id, headers } = await guestCart();
    await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { shippingMethodId: 'standard' } }, 409, 'CART.COUNTRY_REQUIRED');
  });

  it('offers free standard delivery in GB from 50.00 only', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 1); // 26.00
    const below = await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'GB', shippingMethodId: 'free-standard' } }, 409, 'CART.SHIPPING_UNAVAILABLE');
    expect(below.minSubtotal).toEqual(gbp(5000));
    await add(id, headers, 'MIRROR-1', 1); // 52.00
    const free = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'GB', shippingMethodId: 'free-standard' } });
    expect(free.shippingMethod).toEqual({ id: 'free-standard', name: 'Free standard delivery', price: gbp(0) });
    expect(free.totals).toEqual({ subtotal: gbp(5200), discount: gbp(0), shipping: gbp(0), tax: gbp(867), total: gbp(5200) });
    // Back under the threshold: the method no longer applies (and checkout would refuse it).
    const line = free.lines[0].id;
    const under = await ok({ method: 'PATCH', url: `/api/carts/${id}/items/${line}`, headers, payload: { quantity: 1 } });
    expect(under.shippingMethod).toBeNull();
    expect(under.totals.total).toEqual(gbp(2600));
  });
});

describe('promotion codes', () => {
  beforeAll(async () => {
    await promotion({ code: 'SAVE10', type: 'percentage', value: 10 });
    await promotion({ code: 'FREESHIP', type: 'free_shipping' });
    await promotion({ code: 'BIGSPENDER', type: 'fixed_amount', value: 1000, minSubtotal: 100_000 });
    await promotion({ code: 'OLDCODE', type: 'percentage', value: 50, startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' });
  });

  it('validates a code against a cart without applying it', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 2); // 52.00
    const valid = await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'save10', cartId: id } });
    expect(valid).toEqual({ valid: true, code: 'SAVE10', discount: gbp(520), total: gbp(4680) });
    expect(await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'NOSUCHCODE', cartId: id } })).toEqual({ valid: false, reason: 'NOT_FOUND' });
    expect(await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'BIGSPENDER', cartId: id } })).toEqual({ valid: false, reason: 'MINIMUM_NOT_MET' });
    expect(await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'OLDCODE', cartId: id } })).toEqual({ valid: false, reason: 'EXPIRED' });
    expect((await ok({ url: `/api/carts/${id}`, headers })).promotion).toBeNull();
    await problem({ method: 'POST', url: '/api/promotions/validate', payload: { code: 'SAVE10', cartId: id } }, 404, 'CART.NOT_FOUND');
  });

  it('applies a code to the cart, spreads the discount over lines, and removes it', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 2); // 9.00
    await add(id, headers, 'HEART-1', 1); // 3.00
    const applied = await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'save10' } });
    expect(applied.promotion).toEqual({ code: 'SAVE10', valid: true });
    expect(applied.lines.map((l: { discount: { amount: number } }) => l.discount.amount)).toEqual([90, 30]);
    expect(applied.totals).toEqual({ subtotal: gbp(1200), discount: gbp(120), shipping: gbp(0), tax: gbp(180), total: gbp(1080) });
    const bad = await problem({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'OLDCODE' } }, 409, 'PROMOTIONS.INVALID');
    expect(bad.reason).toBe('EXPIRED');
    expect((await ok({ url: `/api/carts/${id}`, headers })).promotion.code).toBe('SAVE10');
    const removed = await ok({ method: 'DELETE', url: `/api/carts/${id}/promotions`, headers });
    expect(removed.promotion).toBeNull();
    expect(removed.totals.total).toEqual(gbp(1200));
  });

  it('waives shipping with a free-shipping code', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 1);
    await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'GB', shippingMethodId: 'express' } });
    const validated = await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'FREESHIP', cartId: id } });
    expect(validated).toEqual({ valid: true, code: 'FREESHIP', discount: gbp(795), total: gbp(450) });
    const cart = await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'FREESHIP' } });
    expect(cart.shippingMethod).toEqual({ id: 'express', name: 'Express delivery', price: gbp(795) });
    expect(cart.totals).toEqual({ subtotal: gbp(450), discount: gbp(0), shipping: gbp(0), tax: gbp(75), total: gbp(450) });
  });

  it('re-checks the code on every read, and counts free-standard’s threshold after the discount', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 2); // 52.00
    await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'GB', shippingMethodId: 'free-standard' } });
    const cart = await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'SAVE10' } });
    // 52.00 − 5.20 = 46.80 < 50.00: free-standard no longer applies.
    expect(cart.totals).toMatchObject({ discount: gbp(520), shipping: gbp(0), total: gbp(4680) });
    expect(cart.shippingMethod).toBeNull();
    const promo = await ok({ url: '/api/admin/promotions?code=SAVE10', headers: bearer(admin) });
    const save10 = promo.data.find((p: { code: string }) => p.code === 'SAVE10');
    await ok({ method: 'POST', url: `/api/admin/promotions/${save10.id}/disable`, headers: bearer(admin) });
    const later = await ok({ url: `/api/carts/${id}`, headers });
    expect(later.promotion).toEqual({ code: 'SAVE10', valid: false, reason: 'NOT_FOUND' });
    expect(later.totals).toMatchObject({ discount: gbp(0), total: gbp(5200) });
    expect(later.shippingMethod?.id).toBe('free-standard');
    await ok({ method: 'POST', url: `/api/admin/promotions/${save10.id}/enable`, headers: bearer(admin) });
  });
});

describe('merge at sign-in', () => {
  it('adds the guest’s quantities to the customer’s cart, capped by availability', async () => {
    const dave = await app.tokenFor(['customer']);
    const mine = await ok({ method: 'POST', url: '/api/carts', headers: bearer(dave) }, 201);
    await add(mine.id, bearer(dave), 'VASE-1', 4);
    const guest = await guestCart();
    await add(guest.id, guest.headers, 'VASE-1', 3); // 4 + 3 > 6 available
    await add(guest.id, guest.headers, 'HEART-1', 2);
    await ok({ method: 'POST', url: `/api/carts/${guest.id}/promotions`, headers: guest.headers, payload: { code: 'SAVE10' } });

    await problem({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: guest.headers }, 401, 'AUTH.UNAUTHENTICATED');
    await problem({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: bearer(dave) }, 400, 'VALIDATION.FAILED');
    await problem({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(dave), ...cartToken('wrong-token') } }, 404, 'CART.NOT_FOUND');

    const merged = await ok({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(dave), ...guest.headers } });
    expect(merged.id).toBe(mine.id);
    expect(merged.customerId).toBe(userIdOf(dave));
    expect(merged.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([['VASE-1', 6], ['HEART-1', 2]]);
    expect(merged.promotion).toEqual({ code: 'SAVE10', valid: true });
    const old = await ok({ url: `/api/carts/${guest.id}`, headers: guest.headers });
    expect(old.status).toBe('merged');
    await problem({ method: 'POST', url: `/api/carts/${guest.id}/items`, headers: guest.headers, payload: { sku: 'LANT-1', quantity: 1 } }, 409, 'CART.NOT_ACTIVE');
    // A retried login merges nothing twice.
    const again = await ok({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(dave), ...guest.headers } });
    expect(again.id).toBe(mine.id);
    expect(again.lines.map((l: { quantity: number }) => l.quantity)).toEqual([6, 2]);
    const [event] = await rows<{ payload: { sourceCartId: string; targetCartId: string } }>(app.database.db, sql`select payload from events.outbox where type = 'cart.merged' and aggregate_id = ${mine.id}`);
    expect(event?.payload).toMatchObject({ sourceCartId: guest.id, targetCartId: mine.id });
  });

  it('makes the guest cart the customer’s when they have none; the token then stops working', async () => {
    const erin = await app.tokenFor(['customer']);
    const guest = await guestCart();
    await add(guest.id, guest.headers, 'LANT-1', 1);
    const bound = await ok({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(erin), ...guest.headers } });
    expect(bound).toMatchObject({ id: guest.id, customerId: userIdOf(erin), status: 'active', expiresAt: null });
    await problem({ url: `/api/carts/${guest.id}`, headers: guest.headers }, 404, 'CART.NOT_FOUND');
    expect((await ok({ url: `/api/carts/${guest.id}`, headers: bearer(erin) })).itemCount).toBe(1);
    const created = await ok({ method: 'POST', url: '/api/carts', headers: bearer(erin) });
    expect(created.id).toBe(guest.id);
    // Another user cannot take it.
    const frank = await app.tokenFor(['customer']);
    await problem({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(frank), ...guest.headers } }, 404, 'CART.NOT_FOUND');
  });

  it('POST /api/carts/:id/associate makes the guest cart the signed-in user’s; an unknown cart is 404', async () => {
    const gina = await app.tokenFor(['customer']);
    const guest = await guestCart();
    await add(guest.id, guest.headers, 'HEART-1', 3);
    const cart = await ok({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(gina), ...guest.headers } });
    expect(cart).toMatchObject({ id: guest.id, customerId: userIdOf(gina), itemCount: 3 });
    await problem({ method: 'POST', url: '/api/carts/cart_nope/associate', headers: { ...bearer(gina), 'x-cart-token': 'x' } }, 404, 'CART.NOT_FOUND');
  });
});

describe('expiry of guest carts', () => {
  it('answers 404 CART.EXPIRED after the lifetime without activity, and the cleanup deletes them', async () => {
    const idle = await guestCart();
    await add(idle.id, idle.headers, 'LANT-1', 2);
    const fresh = await guestCart();
    const customer = await app.tokenFor(['customer']);
    const owned = await ok({ method: 'POST', url: '/api/carts', headers: bearer(customer) }, 201);
    await app.database.db.execute(sql`update cart.cart set last_activity_at = now() - interval '31 days' where id in (${idle.id}, ${owned.id})`);
    await problem({ url: `/api/carts/${idle.id}`, headers: idle.headers }, 404, 'CART.EXPIRED');
    await problem({ method: 'POST', url: `/api/carts/${idle.id}/items`, headers: idle.headers, payload: { sku: 'LANT-1', quantity: 1 } }, 404, 'CART.EXPIRED');
    // Without the token it is just not found.
    await problem({ url: `/api/carts/${idle.id}` }, 404, 'CART.NOT_FOUND');

    await app.jobs.run('cart.expire'); // runs the cleanup now
    const left = await rows<{ id: string }>(app.database.db, sql`select id from cart.cart where id in (${idle.id}, ${fresh.id}, ${owned.id}) order by id`);
    expect(left.map((r) => r.id).sort()).toEqual([fresh.id, owned.id].sort()); // customer carts do not expire
    const [items] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from cart.cart_item where cart_id = ${idle.id}`);
    expect(items?.n).toBe(0);
    const [event] = await rows<{ payload: { cartId: string; lines: unknown[] } }>(app.database.db, sql`select payload from events.outbox where type = 'cart.expired' and aggregate_id = ${idle.id}`);
    expect(event?.payload).toMatchObject({ cartId: idle.id, lines: [{ sku: 'LANT-1', quantity: 2 }] });
    await problem({ url: `/api/carts/${idle.id}`, headers: idle.headers }, 404, 'CART.NOT_FOUND');
  });

  it('count from the last activity, which an add moves on at most once a minute', async () => {
    const cart = await guestCart();
    const activity = async () => (await rows<{ ms: number }>(app.database.db, sql`select floor(extract(epoch from last_activity_at) * 1000)::float8 as ms from cart.cart where id = ${cart.id}`))[0]!.ms;
    const setActivity = (ago: string) => app.database.db.execute(sql`update cart.cart set last_activity_at = now() - ${ago}::interval where id = ${cart.id}`);
    // Five minutes idle: the add moves the expiry to 30 days from now.
    await setActivity('5 minutes');
    const moved = await add(cart.id, cart.headers, 'LANT-1', 1);
    expect(Math.abs(Date.parse(moved.expiresAt!) - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    // Touched 10 seconds ago: the add leaves the activity time (and the expiry) as they were.
    await setActivity('10 seconds');
    const before = await activity();
    const kept = await add(cart.id, cart.headers, 'LANT-1', 1);
    expect(await activity()).toBe(before);
    expect(Date.parse(kept.expiresAt!)).toBe(before + 30 * 86_400_000);
    expect(kept.lines[0]!.quantity).toBe(2);
  });

  it('expire at once with a lifetime of 0 days', async () => {
    const zero = await createTestApp({ cartTtlDays: 0 });
    try {
      const created = await zero.inject({ method: 'POST', url: '/api/carts' });
      expect(created.statusCode).toBe(201);
      const res = await zero.inject({ url: `/api/carts/${created.json().id}`, headers: cartToken(created.json().token) });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('CART.EXPIRED');
    } finally {
      await zero.close();
    }
  });
});

describe('checkout contract', () => {
  const gbStandard = { country: 'GB', shippingMethodId: 'standard', customerKey: null };

  it('quoteForCheckout: access, empty cart, re-priced quote', async () => {
    const { id, token } = await guestCart();
    await expect(cartContract.quoteForCheckout(id, { userId: null, token: null }, gbStandard)).rejects.toMatchObject({ code: 'CART.NOT_FOUND', status: 404 });
    await expect(cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard)).rejects.toMatchObject({ code: 'CART.EMPTY', status: 409 });
    // The cart's own errors come before the destination's.
    await expect(cartContract.quoteForCheckout(id, { userId: null, token }, { ...gbStandard, country: 'XX' })).rejects.toMatchObject({ code: 'CART.EMPTY', status: 409 });
    await add(id, cartToken(token), 'HEART-1', 2);
    const quote = await cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard);
    expect(quote).toMatchObject({ subtotal: 600, shipping: 395, total: 995 });
    expect(quote.lines.map((l) => [l.sku, l.quantity])).toEqual([['HEART-1', 2]]);
  });

  it('quoteForCheckout: a quote with shipping, promotion and tax; refuses a method the destination does not get', async () => {
    const { id, token, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 2);
    await add(id, headers, 'HEART-1', 1);
    await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'SAVE10' } });
    const access = { userId: null, token };
    const quote = await cartContract.quoteForCheckout(id, access, { country: 'GB', shippingMethodId: 'standard', customerKey: 'buyer@example.test' });
    expect(quote).toMatchObject({
      currency: 'GBP', subtotal: 1200, discount: 120, shipping: 395, total: 1475, tax: 246, // 1475 × 20 / 120 = 245.8
      promotion: { code: 'SAVE10' }, promotionInvalidReason: null, shippingMethod: { id: 'standard', name: 'Standard delivery' },
    });
    expect(quote.promotion?.promotionId).toMatch(/^promo_/);
    expect(quote.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.discount, l.lineTotal])).toEqual([['LANT-1', 2, 450, 90, 900], ['HEART-1', 1, 300, 30, 300]]);
    expect(quote.lines[0]!.categoryIds).toHaveLength(2);
    await expect(cartContract.quoteForCheckout(id, access, { country: 'US', shippingMethodId: 'express', customerKey: null })).rejects.toMatchObject({ code: 'CART.SHIPPING_UNAVAILABLE' });
    await expect(cartContract.quoteForCheckout(id, access, { country: 'GB', shippingMethodId: 'free-standard', customerKey: null })).rejects.toMatchObject({ code: 'CART.SHIPPING_UNAVAILABLE', extensions: { minSubtotal: gbp(5000) } });
    await expect(cartContract.quoteForCheckout(id, access, { country: 'XX', shippingMethodId: 'standard', customerKey: null })).rejects.toMatchObject({ code: 'VALIDATION.FAILED', status: 400 });
    const us = await cartContract.quoteForCheckout(id, access, { country: 'US', shippingMethodId: 'standard', customerKey: null });
    expect(us).toMatchObject({ shipping: 1495, total: 2575, tax: 0 });
  });

  it('quoteForCheckout: reports a promotion that no longer applies instead of applying it', async () => {
    const { id, token, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 1);
    await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'SAVE10' } });
    await app.database.db.execute(sql`update cart.cart set promotion_code = 'NOSUCHCODE' where id = ${id}`);
    const quote = await cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard);
    expect(quote).toMatchObject({ promotion: null, promotionInvalidReason: 'NOT_FOUND', discount: 0, total: 845 });
  });

  it('quoteForCheckout: refuses a line no longer on sale', async () => {
    const { id, token, headers } = await guestCart();
    await add(id, headers, 'HEART-1', 1);
    await add(id, headers, 'LANT-1', 1);
    await ok({ method: 'PATCH', url: `/api/admin/products/${products['LANT-1']}`, headers: bearer(admin), payload: { status: 'draft' } });
    try {
      await expect(cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard)).rejects.toMatchObject({ code: 'CART.NOT_PURCHASABLE', status: 409 });
    } finally {
      await ok({ method: 'PATCH', url: `/api/admin/products/${products['LANT-1']}`, headers: bearer(admin), payload: { status: 'active' } });
    }
  });

  it('markOrdered: only one of two concurrent checkouts wins; the cart is then read-only; reopen undoes it', async () => {
    const { id, token, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 1);
    const attempts = await Promise.allSettled(['ord_a', 'ord_b'].map((orderId) => app.database.transaction((tx) => cartContract.markOrdered(tx, id, orderId))));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const failed = attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: 'CART.NOT_ACTIVE', status: 409 });
    const [row] = await rows<{ status: string; order_id: string }>(app.database.db, sql`select status, order_id from cart.cart where id = ${id}`);
    expect(row?.status).toBe('ordered');
    const winner = row!.order_id;
    await expect(cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard)).rejects.toMatchObject({ code: 'CART.NOT_ACTIVE' });
    await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'LANT-1', quantity: 1 } }, 409, 'CART.NOT_ACTIVE');
    expect((await ok({ url: `/api/carts/${id}`, headers })).status).toBe('ordered');

    await app.database.transaction((tx) => cartContract.reopen(tx, id, 'ord_other')); // not this cart's order: nothing
    expect((await ok({ url: `/api/carts/${id}`, headers })).status).toBe('ordered');
    await app.database.transaction((tx) => cartContract.reopen(tx, id, winner));
    const reopened = await ok({ url: `/api/carts/${id}`, headers });
    expect(reopened).toMatchObject({ status: 'active', itemCount: 1 });
    await expect(app.database.transaction((tx) => cartContract.markOrdered(tx, 'cart_nope', 'ord_x'))).rejects.toMatchObject({ code: 'CART.NOT_FOUND' });
  });

  it('markOrdered writes one cart.ordered event: {cartId, orderId, userId} with userId null for a guest cart, the owner for a customer cart; none when refused', async () => {
    const guest = await guestCart();
    await add(guest.id, guest.headers, 'LANT-1', 1);
    await app.database.transaction((tx) => cartContract.markOrdered(tx, guest.id, 'ord_guest'));
    await expect(app.database.transaction((tx) => cartContract.markOrdered(tx, guest.id, 'ord_again'))).rejects.toMatchObject({ code: 'CART.NOT_ACTIVE' });
    expect(await eventPayloads(guest.id, 'cart.ordered')).toEqual([{ cartId: guest.id, orderId: 'ord_guest', userId: null }]);

    const henry = await app.tokenFor(['customer']);
    const mine = await ok({ method: 'POST', url: '/api/carts', headers: bearer(henry) }, 201);
    await add(mine.id, bearer(henry), 'HEART-1', 1);
    await app.database.transaction((tx) => cartContract.markOrdered(tx, mine.id, 'ord_customer'));
    expect(await eventPayloads(mine.id, 'cart.ordered')).toEqual([{ cartId: mine.id, orderId: 'ord_customer', userId: userIdOf(henry) }]);
  });

  it('GET /api/shipping-methods?country=', async () => {
    expect((await ok({ url: '/api/shipping-methods?country=IE' })).data.map((m: { id: string }) => m.id)).toEqual(['standard', 'express']);
    await problem({ url: '/api/shipping-methods?country=ZZ' }, 400, 'VALIDATION.FAILED');
  });
});

describe('events', () => {
  it('cart.item_added carries the quantity added and the line’s new quantity; userId is null for a guest cart', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'HEART-1', 2);
    await add(id, headers, 'HEART-1', 3);
    expect(await eventPayloads(id, 'cart.item_added')).toEqual([
      { cartId: id, userId: null, sku: 'HEART-1', quantity: 2, lineQuantity: 2 },
      { cartId: id, userId: null, sku: 'HEART-1', quantity: 3, lineQuantity: 5 },
    ]);
  });

  it('cart.item_added of a customer cart carries the owner’s user id', async () => {
    const iris = await app.tokenFor(['customer']);
    const mine = await ok({ method: 'POST', url: '/api/carts', headers: bearer(iris) }, 201);
    await add(mine.id, bearer(iris), 'LANT-1', 1);
    await add(mine.id, bearer(iris), 'LANT-1', 4);
    expect(await eventPayloads(mine.id, 'cart.item_added')).toEqual([
      { cartId: mine.id, userId: userIdOf(iris), sku: 'LANT-1', quantity: 1, lineQuantity: 1 },
      { cartId: mine.id, userId: userIdOf(iris), sku: 'LANT-1', quantity: 4, lineQuantity: 5 },
    ]);
  });

  it('publishes cart changes through the outbox', async () => {
    const counts = await rows<{ type: string; n: number }>(app.database.db, sql`select type, count(*)::int as n from events.outbox where type like 'cart.%' group by type`);
    const byType = Object.fromEntries(counts.map((c) => [c.type, c.n]));
    for (const type of ['cart.created', 'cart.item_added', 'cart.item_updated', 'cart.item_removed', 'cart.promotion_changed', 'cart.merged', 'cart.associated', 'cart.ordered', 'cart.reopened', 'cart.expired']) {
      expect(byType[type], type).toBeGreaterThanOrEqual(1);
    }
  });
});
