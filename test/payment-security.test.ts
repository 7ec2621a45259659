/**
 * Regression tests of the security review's findings on payments (issue 19, section 2):
 * - finding 1 (first half): a checkout naming an unknown payment method answers 422 before any
 *   write: no order, no stock taken, no promotion used, the cart untouched;
 * - finding 4: staff confirm an order only with an authorized or recorded payment, and ship
 *   it only once its whole total is captured (a partial capture is not enough).
 * The requests use the body shape the old API accepted (`payment.provider`), so these tests run
 * and fail against the code before the fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';
import { signWebhookPayload, WEBHOOK_SIGNATURE_HEADER } from '../src/modules/payments/index.js';

let app: TestApp;
let admin: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };
const card = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };
let keys = 0;

async function guestCart(sku: string, quantity: number) {
  const res = await app.inject({ method: 'POST', url: '/api/carts', payload: {} });
  const { id, token } = res.json();
  const add = await app.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers: { 'x-cart-token': token }, payload: { sku, quantity } });
  expect(add.statusCode, add.body).toBeLessThan(300);
  return { id: id as string, token: token as string };
}

function checkout(cart: { id: string; token: string }, payment: Record<string, unknown>) {
  return app.inject({
    method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `sec-${++keys}`, 'x-cart-token': cart.token },
    payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment },
  });
}

const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(app.database.db, query))[0]!.n);
const onHand = async (sku: string) => (await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = ${sku}`))[0]!.on_hand;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lanterns' } });
  const product = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'Lamp', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'LAMP', price: { amount: 1000, currency: 'GBP' } }] } });
  expect(product.statusCode, product.body).toBe(201);
  await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'LAMP', quantity: 50, type: 'receipt', reason: 'delivery' } });
  const promo = await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { code: 'SEC10', type: 'percentage', value: 10, usageLimit: 100 } });
  expect(promo.statusCode, promo.body).toBe(201);
});
afterAll(() => app?.close());

describe('finding 1: an unknown payment method is refused before anything is written', () => {
  it('answers 422 PAYMENTS.METHOD_UNAVAILABLE to "provider": "nope": no order, stock, promotion or cart change', async () => {
    const cart = await guestCart('LAMP', 3);
    const applied = await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/promotions`, headers: { 'x-cart-token': cart.token }, payload: { code: 'sec10' } });
    expect(applied.statusCode, applied.body).toBe(200);
    const before = {
      orders: await count(sql`select count(*) as n from orders."order"`),
      stock: await onHand('LAMP'),
      redemptions: await count(sql`select count(*) as n from promotions.redemption`),
    };
    for (const payment of [{ provider: 'nope', card }, { provider: 'nope' }, { provider: 'x'.repeat(32), card }]) {
      const res = await checkout(cart, payment);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('PAYMENTS.METHOD_UNAVAILABLE');
    }
    expect(await count(sql`select count(*) as n from orders."order"`)).toBe(before.orders);
    expect(await onHand('LAMP')).toBe(before.stock);
    expect(await count(sql`select count(*) as n from promotions.redemption`)).toBe(before.redemptions);
    // The cart is still active with its promotion: the same shopper can pay with a real method.
    const read = await app.inject({ url: `/api/carts/${cart.id}`, headers: { 'x-cart-token': cart.token } });
    expect(read.json()).toMatchObject({ status: 'active' });
    const paid = await checkout(cart, { provider: 'test', card });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json().totals.discount.amount).toBeGreaterThan(0);
    expect(await onHand('LAMP')).toBe(before.stock - 3);
  });
});

describe('finding 4: staff confirm only a paid order and ship only a captured one', () => {
  it('refuses to confirm an order in payment_processing without an authorized payment (409 ORDERS.PAYMENT_REQUIRED)', async () => {
    const res = await checkout(await guestCart('LAMP', 1), { provider: 'test', card });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    // The payment failed at the provider after the fact and the order went back to waiting for one.
    await app.database.db.execute(sql`update payments.payment set status = 'failed', failure_code = 'provider_failed' where order_id = ${id}`);
    await app.database.db.execute(sql`update orders."order" set status = 'payment_processing' where id = ${id}`);
    const confirm = await app.inject({ method: 'POST', url: `/api/admin/orders/${id}/transitions`, headers: auth(admin), payload: { to: 'confirmed', reason: 'looks fine' } });
    expect(confirm.statusCode, confirm.body).toBe(409);
    expect(confirm.json().code).toBe('ORDERS.PAYMENT_REQUIRED');
    const order = (await app.inject({ url: `/api/admin/orders/${id}`, headers: auth(admin) })).json();
    expect(order.status).toBe('payment_processing');
  });

  it('confirms with an authorized payment, naming it in the history', async () => {
    const res = await checkout(await guestCart('LAMP', 1), { provider: 'test', card });
    const id = res.json().id as string;
    const [payment] = await rows<{ id: string }>(app.database.db, sql`select id from payments.payment where order_id = ${id}`);
    await app.database.db.execute(sql`update orders."order" set status = 'payment_processing' where id = ${id}`);
    const confirm = await app.inject({ method: 'POST', url: `/api/admin/orders/${id}/transitions`, headers: auth(admin), payload: { to: 'confirmed', reason: 'checked by phone' } });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json().statusHistory.at(-1)).toMatchObject({ to: 'confirmed', reason: `payment ${payment!.id} authorized: checked by phone` });
  });

  it('refuses to ship an order whose payment was only partly captured (409 ORDERS.PAYMENT_REQUIRED)', async () => {
    const res = await checkout(await guestCart('LAMP', 2), { provider: 'test', card });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const [payment] = await rows<{ provider_ref: string; amount: number }>(app.database.db, sql`select provider_ref, amount from payments.payment where order_id = ${id}`);
    // The provider reports a capture of 1.00 only.
    const body = JSON.stringify({ id: `evt-${id}`, type: 'payment.captured', data: { providerRef: payment!.provider_ref, amount: 100 } });
    const hook = await app.inject({
      method: 'POST', url: '/api/payments/webhooks/test',
      headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload(readFileSync(join(app.config.dataDir, 'payments-webhook-secret'), 'utf8').trim(), body, Math.floor(Date.now() / 1000)) },
      payload: body,
    });
    expect(hook.statusCode, hook.body).toBe(200);
    const ship = await app.inject({ method: 'POST', url: `/api/admin/orders/${id}/shipments`, headers: auth(admin), payload: { carrier: 'Royal Mail', trackingNumber: 'RM1' } });
    expect(ship.statusCode, ship.body).toBe(409);
    expect(ship.json().code).toBe('ORDERS.PAYMENT_REQUIRED');
    const order = (await app.inject({ url: `/api/admin/orders/${id}`, headers: auth(admin) })).json();
    expect(order.status).toBe('confirmed');
    expect(order.shipments).toEqual([]);
  });

  it('ships once the whole total is captured, with the payment in the history', async () => {
    const res = await checkout(await guestCart('LAMP', 1), { provider: 'test', card });
    const id = res.json().id as string;
    const ship = await app.inject({ method: 'POST', url: `/api/admin/orders/${id}/shipments`, headers: auth(admin), payload: { carrier: 'Royal Mail', trackingNumber: 'RM2' } });
    expect(ship.statusCode, ship.body).toBe(201);
    const [payment] = await rows<{ id: string; status: string }>(app.database.db, sql`select id, status from payments.payment where order_id = ${id}`);
    expect(payment!.status).toBe('captured');
    expect(ship.json().statusHistory.at(-1)).toMatchObject({ to: 'shipped', reason: `payment ${payment!.id} captured` });
  });
});
