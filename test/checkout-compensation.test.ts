/**
 * Every failure after the checkout has placed the order (step 5 onwards in
 * src/flows/checkout/place-order.ts) runs the compensations: the order is cancelled, its stock
 * released, its promotion use given back and its cart reopened, and the answer names the order.
 * One test per way step 5 can fail: the provider failing (502), an unexpected error in authorize
 * (500), and the confirmation failing in the transaction that records the payment; and an
 * unknown payment method, now refused (422) before the order is placed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';
import type { PaymentProvider } from '../src/modules/payments/index.js';
import { PaymentsService } from '../src/modules/payments/payments.service.js';

let app: TestApp;
let admin: string;
let promotionId: string;
let keys = 0;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };
const card = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2099, cvc: '123' };

/** A guest cart with 3 × COMP and the promotion code COMP10 applied. */
async function cartWithPromotion() {
  const created = await app.inject({ method: 'POST', url: '/api/carts' });
  const { id, token } = created.json() as { id: string; token: string };
  const headers = { 'x-cart-token': token };
  expect((await app.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'COMP', quantity: 3 } })).statusCode).toBe(200);
  expect((await app.inject({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'COMP10' } })).statusCode).toBe(200);
  return { id, token };
}

function checkout(cart: { id: string; token: string }, method = 'test') {
  return app.inject({
    method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `comp-${++keys}`, 'x-cart-token': cart.token },
    payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method, card } },
  });
}

/** What a failed checkout must leave as it was: stock, promotion uses, and whether orders hold anything. */
async function state() {
  const [v] = await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = 'COMP'`);
  const promo = (await app.inject({ url: `/api/admin/promotions/${promotionId}`, headers: auth(admin) })).json() as { timesUsed: number };
  const [held] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from orders."order" where status not in ('cancelled')`);
  return { onHand: v!.on_hand, timesUsed: promo.timesUsed, liveOrders: held!.n };
}

/** Makes the `test` provider's authorize run `fail` instead, for the calls made while the spy is on. */
function providerFails(fail: () => Promise<never>) {
  const original = PaymentsService.prototype.authorize;
  return vi.spyOn(PaymentsService.prototype, 'authorize').mockImplementation(async function (this: PaymentsService, ...args) {
    const provider = (this as unknown as { ctx: { providers: Map<string, PaymentProvider> } }).ctx.providers.get('test')!;
    const real = provider.authorize;
    provider.authorize = fail;
    try {
      return await original.apply(this, args);
    } finally {
      provider.authorize = real;
    }
  });
}

/** Asserts the failed checkout `res` cancelled its order, undid everything, and the cart can be checked out again. */
async function expectCompensated(res: Awaited<ReturnType<typeof checkout>>, cart: { id: string; token: string }, before: Awaited<ReturnType<typeof state>>) {
  expect(await state()).toEqual(before);
  const [order] = await rows<{ id: string; status: string; cancel_reason: string }>(app.database.db, sql`select id, status, cancel_reason from orders."order" where cart_id = ${cart.id}`);
  expect(order, 'the order was placed before the failure').toBeDefined();
  expect(order).toMatchObject({ status: 'cancelled', cancel_reason: 'payment_failed' });
  if (res.statusCode < 500) expect(res.json()).toMatchObject({ orderId: order!.id, orderStatus: 'cancelled' });
  // The shopper can try again with the same cart.
  const retry = await checkout(cart);
  expect(retry.statusCode, retry.body).toBe(201);
  await app.inject({ method: 'POST', url: `/api/orders/${retry.json().id}/cancel`, headers: { 'x-order-token': retry.json().accessToken } });
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Compensation' } });
  const product = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'Comp', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'COMP', price: { amount: 1000, currency: 'GBP' } }] } });
  expect(product.statusCode, product.body).toBe(201);
  await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'COMP', quantity: 10, type: 'receipt', reason: 'delivery' } });
  const promo = await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { code: 'COMP10', type: 'percentage', value: 10, usageLimit: 100 } });
  expect(promo.statusCode, promo.body).toBe(201);
  promotionId = promo.json().id;
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => app?.close());

describe('a checkout whose payment step fails after the order was placed', () => {
  it('the provider fails (502 PAYMENTS.PROVIDER_ERROR): order cancelled, stock and promotion back, cart reopened', async () => {
    const cart = await cartWithPromotion();
    const before = await state();
    providerFails(async () => {
      throw new Error('connect ECONNRESET');
    });
    const res = await checkout(cart);
    vi.restoreAllMocks();
    expect(res.statusCode, res.body).toBe(502);
    expect(res.json().code).toBe('PAYMENTS.PROVIDER_ERROR');
    await expectCompensated(res, cart, before);
  });

  it('an unknown payment method (422, refused before the order is placed): nothing stays held', async () => {
    const cart = await cartWithPromotion();
    const before = await state();
    const res = await checkout(cart, 'nope');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('PAYMENTS.METHOD_UNAVAILABLE');
    expect(await state()).toEqual(before);
    const retry = await checkout(cart);
    expect(retry.statusCode, retry.body).toBe(201);
    await app.inject({ method: 'POST', url: `/api/orders/${retry.json().id}/cancel`, headers: { 'x-order-token': retry.json().accessToken } });
  });

  it('an unexpected error in authorize (500): order cancelled, stock and promotion back, cart reopened', async () => {
    const cart = await cartWithPromotion();
    const before = await state();
    vi.spyOn(PaymentsService.prototype, 'authorize').mockRejectedValue(new TypeError("Cannot read properties of undefined (reading 'id')"));
    const res = await checkout(cart);
    vi.restoreAllMocks();
    expect(res.statusCode, res.body).toBe(500);
    expect(res.json().code).toBe('INTERNAL');
    await expectCompensated(res, cart, before);
  });

  it('the confirmation fails in the transaction that records the payment: no payment kept, order cancelled, everything back', async () => {
    const cart = await cartWithPromotion();
    const before = await state();
    vi.spyOn(app.orders, 'confirmAuthorized').mockRejectedValue(new Error('connection terminated'));
    const res = await checkout(cart);
    vi.restoreAllMocks();
    expect(res.statusCode, res.body).toBe(500);
    const [order] = await rows<{ id: string }>(app.database.db, sql`select id from orders."order" where cart_id = ${cart.id}`);
    const [live] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from payments.payment where order_id = ${order!.id} and status in ('authorized', 'captured')`);
    expect(live!.n).toBe(0);
    await expectCompensated(res, cart, before);
  });

  it('a replay of the failed request with the same key does not place a second order', async () => {
    const cart = await cartWithPromotion();
    const before = await state();
    const key = 'comp-replay';
    const send = () => app.inject({
      method: 'POST', url: '/api/orders', headers: { 'idempotency-key': key, 'x-cart-token': cart.token },
      payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { provider: 'test', card } },
    });
    providerFails(async () => {
      throw new Error('socket hang up');
    });
    const first = await send();
    vi.restoreAllMocks();
    expect(first.statusCode).toBe(502);
    const again = await send();
    expect(again.statusCode, again.body).toBeGreaterThanOrEqual(400);
    expect(again.json().orderId).toBe(first.json().orderId);
    expect(await state()).toEqual(before);
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from orders."order" where cart_id = ${cart.id}`);
    expect(n!.n).toBe(1);
  });
});
