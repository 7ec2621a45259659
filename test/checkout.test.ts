import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';
import { signWebhookPayload, WEBHOOK_SIGNATURE_HEADER } from '../src/modules/payments/index.js';
import { PaymentsService } from '../src/modules/payments/payments.service.js';
import { UnpaidOrderSweep } from '../src/modules/orders/orders.sweep.js';

let app: TestApp;
let admin: string;
let categoryId: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+44 20 7946 0000' };
const VISA_OK = '4242 4242 4242 4242';
const VISA_DECLINED = '4000 0000 0000 0002';
const VISA_NO_FUNDS = '4000 0000 0000 9995';
let keys = 0;

async function product(sku: string, price: number, stock: number) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: `Product ${sku}`, status: 'active', categoryId, variants: [{ sku, price: gbp(price) }] } });
  expect(res.statusCode, res.body).toBe(201);
  if (stock > 0) {
    const mv = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: stock, type: 'receipt', reason: 'delivery' } });
    expect(mv.statusCode, mv.body).toBe(201);
  }
}

/** A guest cart holding `items`; returns its id and token. */
async function guestCart(items: { sku: string; quantity: number }[]) {
  const res = await app.inject({ method: 'POST', url: '/api/carts', payload: {} });
  expect(res.statusCode, res.body).toBe(201);
  const { id, token } = res.json();
  for (const item of items) {
    const add = await app.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers: { 'x-cart-token': token }, payload: item });
    expect(add.statusCode, add.body).toBeLessThan(300);
  }
  return { id: id as string, token: token as string };
}

function checkout(cart: { id: string; token: string }, card = VISA_OK, key = `key-${++keys}`, extra: Record<string, unknown> = {}) {
  return app.inject({
    method: 'POST', url: '/api/orders',
    headers: { 'idempotency-key': key, 'x-cart-token': cart.token },
    payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: card, expMonth: 12, expYear: 2030, cvc: '123' } }, ...extra },
  });
}

async function onHand(sku: string): Promise<number> {
  const [r] = await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = ${sku}`);
  return r!.on_hand;
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lanterns' } });
  categoryId = cat.json().id;
  await product('LAMP', 1000, 20);
  await product('RARE', 500, 10);
  await product('PROMO', 2000, 100);
});
afterAll(() => app?.close());

describe('checkout', () => {
  it('turns a guest cart into a confirmed order with line snapshots, stock taken, and a guest access token', async () => {
    const cart = await guestCart([{ sku: 'LAMP', quantity: 2 }]);
    const res = await checkout(cart);
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order.status).toBe('confirmed');
    expect(order.number).toMatch(/^CPT-\d+$/);
    expect(order.lines).toEqual([{ sku: 'LAMP', title: 'Product LAMP', quantity: 2, unitPrice: gbp(1000), discount: gbp(0), lineTotal: gbp(2000) }]);
    expect(order.totals.subtotal).toEqual(gbp(2000));
    expect(order.totals.total.amount).toBe(2000 + order.totals.shipping.amount);
    expect(order.totals.tax.amount).toBe(Math.round((order.totals.total.amount * 20) / 120));
    expect(order.statusHistory.map((h: { to: string }) => h.to)).toEqual(['pending', 'payment_processing', 'confirmed']);
    expect(typeof order.accessToken).toBe('string');
    expect(await onHand('LAMP')).toBe(18);
    // The guest reads it with the token; others cannot.
    expect((await app.inject({ url: `/api/orders/${order.id}`, headers: { 'x-order-token': order.accessToken } })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/orders/${order.id}` })).statusCode).toBe(404);
    // The cart cannot be checked out twice.
    const again = await checkout(cart);
    expect(again.statusCode).toBe(409);
  });

  it('answers 201 with the order exactly as its owner reads it afterwards (the access token aside)', async () => {
    const res = await checkout(await guestCart([{ sku: 'LAMP', quantity: 1 }]));
    expect(res.statusCode, res.body).toBe(201);
    const { accessToken, ...placed } = res.json();
    expect(typeof accessToken).toBe('string');
    const read = await app.inject({ url: `/api/orders/${placed.id}`, headers: { 'x-order-token': accessToken } });
    expect(read.statusCode, read.body).toBe(200);
    const order = read.json();
    expect(order.accessToken).toBeUndefined();
    expect(placed).toEqual(order);
    // The compared answer has every field of an order, including those the confirmation builds itself.
    expect(Object.keys(placed)).toEqual(expect.arrayContaining(['status', 'number', 'lines', 'totals', 'statusHistory', 'shipments', 'updatedAt', 'placedAt']));
    expect(placed).toMatchObject({ status: 'confirmed', shipments: [], lines: [{ sku: 'LAMP', quantity: 1 }] });
    expect(placed.statusHistory).toEqual([
      { from: null, to: 'pending', reason: null, actor: 'guest', at: expect.any(String) },
      { from: 'pending', to: 'payment_processing', reason: null, actor: 'system', at: expect.any(String) },
      { from: 'payment_processing', to: 'confirmed', reason: null, actor: 'system', at: expect.any(String) },
    ]);
    const times: number[] = placed.statusHistory.map((h: { at: string }) => Date.parse(h.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Date.parse(placed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(placed.placedAt));
    expect(placed.statusHistory.at(-1).at).toBe(placed.updatedAt);
  });

  it('replays the same Idempotency-Key with the same order, and refuses it with another body', async () => {
    const cart = await guestCart([{ sku: 'LAMP', quantity: 1 }]);
    const first = await checkout(cart, VISA_OK, 'same-key');
    const second = await checkout(cart, VISA_OK, 'same-key');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    // A guest who lost the first answer gets the order's access token again, and it works.
    expect(second.json().accessToken).toBe(first.json().accessToken);
    const read = await app.inject({ url: `/api/orders/${first.json().id}`, headers: { 'x-order-token': second.json().accessToken } });
    expect(read.statusCode, read.body).toBe(200);
    const other = await checkout(cart, VISA_OK, 'same-key', { email: 'someone@example.test' });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(other.json().accessToken).toBeUndefined();
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from orders.order where cart_id = ${cart.id}`);
    expect(n!.n).toBe(1);
  });

  it('requires an Idempotency-Key', async () => {
    const cart = await guestCart([{ sku: 'LAMP', quantity: 1 }]);
    const res = await app.inject({ method: 'POST', url: '/api/orders', headers: { 'x-cart-token': cart.token }, payload: { cartId: cart.id, email: 'a@b.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: VISA_OK, expMonth: 1, expYear: 2030, cvc: '123' } } } });
    expect(res.statusCode).toBe(400);
  });

  it('cancels with payment_failed on a declined card and gives the stock back', async () => {
    const before = await onHand('LAMP');
    for (const [card, code] of [[VISA_DECLINED, 'PAYMENTS.CARD_DECLINED'], [VISA_NO_FUNDS, 'PAYMENTS.INSUFFICIENT_FUNDS']] as const) {
      const cart = await guestCart([{ sku: 'LAMP', quantity: 3 }]);
      const res = await checkout(cart, card);
      expect(res.statusCode, res.body).toBe(402);
      expect(res.json().code).toBe(code);
      const order = (await app.inject({ url: `/api/admin/orders/${res.json().orderId}`, headers: auth(admin) })).json();
      expect(order.status).toBe('cancelled');
      expect(order.cancelReason).toBe('payment_failed');
      // The shopper can try again with the same cart and another card.
      const retry = await checkout(cart, VISA_OK);
      expect(retry.statusCode, retry.body).toBe(201);
      await app.inject({ method: 'POST', url: `/api/orders/${retry.json().id}/cancel`, headers: { 'x-order-token': retry.json().accessToken } });
    }
    expect(await onHand('LAMP')).toBe(before);
  });

  it('writes each event of a checkout once: the sale, the cart, the payment and the order placed and confirmed with the answer as their snapshot', async () => {
    await product('EVT-1', 1200, 5);
    const cart = await guestCart([{ sku: 'EVT-1', quantity: 2 }]);
    const res = await checkout(cart);
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    const events = await rows<{ type: string; payload: { order?: { id: string; number: string; status: string; total: number; lines: unknown[] }; orderId?: string; cartId?: string; sku?: string } }>(
      app.database.db,
      sql`select type, payload from events.outbox where payload->>'orderId' = ${order.id} or payload->'order'->>'id' = ${order.id} or (type = 'stock.changed' and payload->>'sku' = 'EVT-1' and (payload->>'delta')::int < 0) order by id`,
    );
    expect(events.map((e) => e.type).sort()).toEqual(['cart.ordered', 'order.confirmed', 'order.placed', 'payment.authorized', 'stock.changed']);
    for (const type of ['order.placed', 'order.confirmed']) {
      const snap = events.find((e) => e.type === type)!.payload.order!;
      expect(snap).toMatchObject({ id: order.id, number: order.number, status: 'confirmed', total: order.totals.total.amount });
      expect(snap.lines).toHaveLength(1);
    }
    expect(events.find((e) => e.type === 'cart.ordered')!.payload).toEqual({ cartId: cart.id, orderId: order.id, userId: null });
  });

  it('carts show the stock that concurrent sales and a declined payment leave, not an earlier figure', async () => {
    await product('BUSY', 700, 30);
    const watcher = await guestCart([{ sku: 'BUSY', quantity: 1 }]);
    const available = async () => (await app.inject({ url: `/api/carts/${watcher.id}`, headers: { 'x-cart-token': watcher.token } })).json().lines[0].available;
    expect(await available()).toBe(30);
    const buyers = await Promise.all(Array.from({ length: 10 }, () => guestCart([{ sku: 'BUSY', quantity: 1 }])));
    // Carts read the figure while the sales go on; afterwards every cart sees the last one.
    const answers = await Promise.all([...buyers.map((c) => checkout(c)), ...Array.from({ length: 10 }, () => available())]);
    expect(answers.slice(0, 10).map((a) => (a as { statusCode: number }).statusCode)).toEqual(Array(10).fill(201));
    expect(await available()).toBe(20);
    expect(await onHand('BUSY')).toBe(20);
    const unlucky = await guestCart([{ sku: 'BUSY', quantity: 2 }]);
    expect((await checkout(unlucky, VISA_DECLINED)).statusCode).toBe(402);
    expect(await available()).toBe(20);
    const adding = await app.inject({ method: 'POST', url: `/api/carts/${watcher.id}/items`, headers: { 'x-cart-token': watcher.token }, payload: { sku: 'BUSY', quantity: 20 } });
    expect(adding.statusCode, adding.body).toBe(409);
    expect(adding.json()).toMatchObject({ code: 'INVENTORY.INSUFFICIENT_STOCK' });
  }, onPostgres ? 60_000 : 30_000);

  it('never oversells: 10 in stock, 50 concurrent buyers of 1 → 10 orders, 40 × 409, stock 0', async () => {
    const carts = await Promise.all(Array.from({ length: 50 }, () => guestCart([{ sku: 'RARE', quantity: 1 }])));
    const answers = await Promise.all(carts.map((c) => checkout(c)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(40);
    // Each refusal says what was left when it was refused: nothing.
    expect(new Set(answers.filter((a) => a.statusCode === 409).map((a) => JSON.stringify(a.json(), ['code', 'sku', 'onHand', 'requested'])))).toEqual(
      new Set([JSON.stringify({ code: 'INVENTORY.INSUFFICIENT_STOCK', sku: 'RARE', onHand: 0, requested: 1 })]),
    );
    expect(await onHand('RARE')).toBe(0);
  }, onPostgres ? 120_000 : 60_000);
});

describe('signed-in customers', () => {
  it('check out their own cart, see it in GET /api/orders, get one confirmation mail and an in-app notification', async () => {
    const reg = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'Grace@Example.test', password: 'a long enough password', firstName: 'Grace' } });
    expect(reg.statusCode, reg.body).toBe(202);
    // Sign-up mails a verification link; following it lets the customer sign in.
    const [verification] = await rows<{ link: string }>(app.database.db, sql`select payload->>'link' as link from events.outbox where type = 'user.email_verification_requested' and payload->'user'->>'email' = 'grace@example.test'`);
    const verified = await app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token: new URL(verification!.link).hash.replace(/^#token=/, '') } });
    expect(verified.statusCode, verified.body).toBe(204);
    const signedIn = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'grace@example.test', password: 'a long enough password' } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const token = signedIn.json().accessToken as string;
    const cart = await app.inject({ method: 'POST', url: '/api/carts', headers: auth(token) });
    expect(cart.statusCode, cart.body).toBe(201);
    const cartId = cart.json().id as string;
    await app.inject({ method: 'POST', url: `/api/carts/${cartId}/items`, headers: auth(token), payload: { sku: 'LAMP', quantity: 1 } });
    const res = await app.inject({
      method: 'POST', url: '/api/orders', headers: { ...auth(token), 'idempotency-key': 'grace-1' },
      payload: { cartId, shippingAddress: address, shippingMethodId: 'express', payment: { method: 'test', card: { number: VISA_OK, expMonth: 1, expYear: 2031, cvc: '999' } } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().email).toBe('grace@example.test');
    expect(res.json().accessToken).toBeUndefined();
    expect(res.json().shippingMethod.id).toBe('express');
    const mine = (await app.inject({ url: '/api/orders', headers: auth(token) })).json();
    expect(mine.data.map((o: { id: string }) => o.id)).toEqual([res.json().id]);
    await app.relay.drain();
    const mails = (await app.inject({ url: '/api/admin/mail?to=grace@example.test', headers: auth(admin) })).json();
    expect(mails.data.map((m: { template: string }) => m.template).sort()).toEqual(['order_confirmation', 'verify_email', 'welcome']);
    const notes = (await app.inject({ url: '/api/notifications', headers: auth(token) })).json();
    expect(notes.unread).toBe(1);

    // A declined card, then a good one: the declined attempt is not an order to the customer.
    const before = (await app.inject({ url: '/api/orders', headers: auth(token) })).json().data.length as number;
    const cart2 = (await app.inject({ method: 'POST', url: '/api/carts', headers: auth(token) })).json().id as string;
    await app.inject({ method: 'POST', url: `/api/carts/${cart2}/items`, headers: auth(token), payload: { sku: 'LAMP', quantity: 1 } });
    const pay = (number: string, key: string) => app.inject({
      method: 'POST', url: '/api/orders', headers: { ...auth(token), 'idempotency-key': key },
      payload: { cartId: cart2, shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number, expMonth: 1, expYear: 2031, cvc: '999' } } },
    });
    const declinedRes = await pay(VISA_DECLINED, 'grace-2');
    expect(declinedRes.statusCode, declinedRes.body).toBe(402);
    const attemptId = declinedRes.json().orderId as string;
    const paid = await pay(VISA_OK, 'grace-3');
    expect(paid.statusCode, paid.body).toBe(201);
    await app.relay.drain();
    const history = (await app.inject({ url: '/api/orders', headers: auth(token) })).json();
    expect(history.data.map((o: { id: string }) => o.id)).not.toContain(attemptId);
    expect(history.data.map((o: { id: string }) => o.id)).toContain(paid.json().id);
    expect(history.data).toHaveLength(before + 1);
    expect((await app.inject({ url: `/api/orders/${attemptId}`, headers: auth(token) })).statusCode).toBe(404);
    const mailsAfter = (await app.inject({ url: '/api/admin/mail?to=grace@example.test', headers: auth(admin) })).json();
    expect(mailsAfter.data.map((m: { template: string }) => m.template)).not.toContain('order_cancelled');
    const notesAfter = (await app.inject({ url: '/api/notifications', headers: auth(token) })).json();
    expect(notesAfter.unread).toBe(2);
    // Staff: left out of the order list by default, listed on request.
    const listed = (await app.inject({ url: '/api/admin/orders?customer=grace@example.test&limit=100', headers: auth(admin) })).json();
    expect(listed.data.map((o: { id: string }) => o.id)).not.toContain(attemptId);
    const attempts = (await app.inject({ url: '/api/admin/orders?customer=grace@example.test&paymentAttempts=only', headers: auth(admin) })).json();
    expect(attempts.data.map((o: { id: string }) => o.id)).toEqual([attemptId]);
    expect((await app.inject({ url: `/api/admin/orders/${attemptId}`, headers: auth(admin) })).json().status).toBe('cancelled');
  });
});

describe('order lifecycle', () => {
  let orderId: string;
  let token: string;

  beforeAll(async () => {
    const res = await checkout(await guestCart([{ sku: 'LAMP', quantity: 3 }]));
    orderId = res.json().id;
    token = res.json().accessToken;
  });

  it('refuses illegal transitions with 409 ORDERS.ILLEGAL_TRANSITION', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/transitions`, headers: auth(admin), payload: { to: 'delivered' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ORDERS.ILLEGAL_TRANSITION');
  });

  it('ships partially, then fully, captures the payment, and delivers when all shipments arrive', async () => {
    const processing = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/transitions`, headers: auth(admin), payload: { to: 'processing' } });
    expect(processing.json().status).toBe('processing');
    const first = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/shipments`, headers: auth(admin), payload: { carrier: 'Royal Mail', trackingNumber: 'RM123', lines: [{ sku: 'LAMP', quantity: 1 }] } });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().status).toBe('shipped');
    const tooMany = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/shipments`, headers: auth(admin), payload: { carrier: 'DPD', trackingNumber: 'X', lines: [{ sku: 'LAMP', quantity: 5 }] } });
    expect(tooMany.json().code).toBe('ORDERS.NOTHING_TO_SHIP');
    const second = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/shipments`, headers: auth(admin), payload: { carrier: 'DPD', trackingNumber: 'DPD999' } });
    const shipments = second.json().shipments as { id: string; lines: { quantity: number }[] }[];
    expect(shipments.map((s) => s.lines[0]!.quantity)).toEqual([1, 2]);
    // Cancelling after shipment is illegal.
    const cancel = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/transitions`, headers: auth(admin), payload: { to: 'cancelled', reason: 'too late' } });
    expect(cancel.statusCode).toBe(409);
    await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/shipments/${shipments[0]!.id}/deliver`, headers: auth(admin) });
    let order = (await app.inject({ url: `/api/orders/${orderId}`, headers: { 'x-order-token': token } })).json();
    expect(order.status).toBe('shipped');
    order = (await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/shipments/${shipments[1]!.id}/deliver`, headers: auth(admin) })).json();
    expect(order.status).toBe('delivered');
    expect(order.statusHistory.map((h: { to: string }) => h.to)).toEqual(['pending', 'payment_processing', 'confirmed', 'processing', 'shipped', 'delivered']);
    expect(order.statusHistory.at(-1).actor).toMatch(/^usr_/);
  });

  it('refunds part of the captured payment, never more than captured', async () => {
    const order = (await app.inject({ url: `/api/admin/orders/${orderId}`, headers: auth(admin) })).json();
    const total = order.totals.total.amount as number;
    const part = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/refunds`, headers: auth(admin), payload: { amount: 500, reason: 'damaged' } });
    expect(part.statusCode, part.body).toBe(201);
    const tooMuch = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/refunds`, headers: auth(admin), payload: { amount: total, reason: 'all' } });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe('PAYMENTS.REFUND_EXCEEDS_CAPTURED');
  });

  it('lets a customer cancel before processing: stock back, payment voided', async () => {
    const before = await onHand('LAMP');
    const res = await checkout(await guestCart([{ sku: 'LAMP', quantity: 2 }]));
    expect(await onHand('LAMP')).toBe(before - 2);
    const cancelled = await app.inject({ method: 'POST', url: `/api/orders/${res.json().id}/cancel`, headers: { 'x-order-token': res.json().accessToken } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect(await onHand('LAMP')).toBe(before);
    const payments = (await app.inject({ url: `/api/admin/payments?orderId=${res.json().id}`, headers: auth(admin) })).json();
    expect(payments.data[0].status).toBe('voided');
  });

  it('lists orders for the back office with filters', async () => {
    const cancelled = (await app.inject({ url: '/api/admin/orders?status=cancelled', headers: auth(admin) })).json();
    expect(cancelled.pagination.total).toBeGreaterThanOrEqual(3);
    expect(cancelled.data.every((o: { status: string }) => o.status === 'cancelled')).toBe(true);
    const big = (await app.inject({ url: '/api/admin/orders?minTotal=100000', headers: auth(admin) })).json();
    expect(big.pagination.total).toBe(0);
    // Dashboard figures: orders, revenue and average order value, cancelled orders excluded.
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const summary = (await app.inject({ url: `/api/admin/orders/summary?from=${from}&to=${to}`, headers: auth(admin) })).json();
    const live = (await app.inject({ url: '/api/admin/orders?limit=100', headers: auth(admin) })).json().data.filter((o: { status: string }) => o.status !== 'cancelled');
    const revenue = live.reduce((sum: number, o: { totals: { total: { amount: number } } }) => sum + o.totals.total.amount, 0);
    expect(summary).toEqual({ orders: live.length, revenue: gbp(revenue), averageOrderValue: gbp(Math.round(revenue / live.length)) });
  });
});

describe('refunds with an Idempotency-Key (POST /api/admin/orders/{id}/refunds)', () => {
  let orderNo = 0;

  beforeAll(async () => {
    await product('REFUND', 1000, 100);
  });

  /** A fresh guest order for one REFUND (£10 + shipping), shipped: its payment is captured. */
  async function capturedOrder(): Promise<{ id: string; paymentId: string; total: number }> {
    const placed = await checkout(await guestCart([{ sku: 'REFUND', quantity: 1 }]), VISA_OK, `refund-order-${++orderNo}`);
    expect(placed.statusCode, placed.body).toBe(201);
    const id = placed.json().id as string;
    const shipped = await app.inject({ method: 'POST', url: `/api/admin/orders/${id}/shipments`, headers: auth(admin), payload: { carrier: 'DPD', trackingNumber: `T-${orderNo}` } });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const [payment] = await rows<{ id: string; status: string }>(app.database.db, sql`select id, status from payments.payment where order_id = ${id} and status <> 'failed'`);
    expect(payment!.status).toBe('captured');
    return { id, paymentId: payment!.id, total: shipped.json().totals.total.amount as number };
  }

  function refund(orderId: string, payload: { amount: number; reason: string }, key?: string) {
    return app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/refunds`, headers: { ...auth(admin), ...(key !== undefined ? { 'idempotency-key': key } : {}) }, payload });
  }

  /** The payment's refund rows, refunded amount, and `payment.refunded` outbox events (refund ids). */
  async function refundState(paymentId: string) {
    const refunds = await rows<{ id: string; amount: number }>(app.database.db, sql`select id, amount from payments.refund where payment_id = ${paymentId} order by created_at, id`);
    const [payment] = await rows<{ status: string; refunded_amount: number }>(app.database.db, sql`select status, refunded_amount from payments.payment where id = ${paymentId}`);
    const events = await rows<{ refund_id: string }>(app.database.db, sql`select payload->>'refundId' as refund_id from events.outbox where type = 'payment.refunded' and aggregate_id = ${paymentId} order by id`);
    return { refunds, status: payment!.status, refunded: payment!.refunded_amount, events: events.map((e) => e.refund_id) };
  }

  it('answers a replay with the same refund (200): one refund row, counted once, one payment.refunded event', async () => {
    const order = await capturedOrder();
    const first = await refund(order.id, { amount: 300, reason: 'damaged' }, 'rfd-key-1');
    expect(first.statusCode, first.body).toBe(201);
    const refundId = first.json().refund.id as string;
    expect(first.json().payment).toMatchObject({ status: 'partially_refunded', refundedAmount: gbp(300) });
    const replay = await refund(order.id, { amount: 300, reason: 'damaged' }, 'rfd-key-1');
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json().refund).toEqual(first.json().refund);
    expect(replay.json().payment).toMatchObject({ status: 'partially_refunded', refundedAmount: gbp(300) });
    expect(await refundState(order.paymentId)).toEqual({ refunds: [{ id: refundId, amount: 300 }], status: 'partially_refunded', refunded: 300, events: [refundId] });
  });

  it('answers 422 IDEMPOTENCY.KEY_REUSED to the same key with another amount, reason or order, and changes nothing', async () => {
    const order = await capturedOrder();
    const other = await capturedOrder();
    const first = await refund(order.id, { amount: 200, reason: 'late' }, 'rfd-key-2');
    expect(first.statusCode, first.body).toBe(201);
    for (const [orderId, payload] of [[order.id, { amount: 201, reason: 'late' }], [order.id, { amount: 200, reason: 'later' }], [other.id, { amount: 200, reason: 'late' }]] as const) {
      const res = await refund(orderId, payload, 'rfd-key-2');
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 422, code: 'IDEMPOTENCY.KEY_REUSED' });
    }
    expect(await refundState(order.paymentId)).toMatchObject({ refunds: [{ amount: 200 }], refunded: 200, events: [first.json().refund.id] });
    expect(await refundState(other.paymentId)).toMatchObject({ refunds: [], status: 'captured', refunded: 0, events: [] });
  });

  it('replays a refund of everything that was left, although nothing is left to refund now', async () => {
    const order = await capturedOrder();
    const all = await refund(order.id, { amount: order.total, reason: 'returned' }, 'rfd-key-3');
    expect(all.statusCode, all.body).toBe(201);
    expect(all.json().payment.status).toBe('refunded');
    const replay = await refund(order.id, { amount: order.total, reason: 'returned' }, 'rfd-key-3');
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json().refund.id).toBe(all.json().refund.id);
    const changed = await refund(order.id, { amount: 1, reason: 'returned' }, 'rfd-key-3');
    expect(changed.statusCode).toBe(422);
    const fresh = await refund(order.id, { amount: 1, reason: 'returned' }, 'rfd-key-3b');
    expect(fresh.statusCode).toBe(409);
    expect(fresh.json().code).toBe('ORDERS.NO_PAYMENT');
    expect(await refundState(order.paymentId)).toMatchObject({ refunds: [{ amount: order.total }], status: 'refunded', refunded: order.total });
  });

  it('5 concurrent requests with one key make one refund; the others answer it', async () => {
    const order = await capturedOrder();
    const answers = await Promise.all(Array.from({ length: 5 }, () => refund(order.id, { amount: 100, reason: 'concurrent' }, 'rfd-key-4')));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes, answers.map((a) => a.body).join('\n')).toEqual([200, 200, 200, 200, 201]);
    const ids = new Set(answers.map((a) => a.json().refund.id as string));
    expect(ids.size).toBe(1);
    expect(await refundState(order.paymentId)).toEqual({ refunds: [{ id: [...ids][0], amount: 100 }], status: 'partially_refunded', refunded: 100, events: [...ids] });
  }, onPostgres ? 120_000 : 60_000);

  it('one key sent concurrently for two orders makes one refund; the other request is refused 422', async () => {
    const a = await capturedOrder();
    const b = await capturedOrder();
    const answers = await Promise.all([refund(a.id, { amount: 100, reason: 'twin' }, 'rfd-key-5'), refund(b.id, { amount: 100, reason: 'twin' }, 'rfd-key-5')]);
    expect(answers.map((r) => r.statusCode).sort(), answers.map((r) => r.body).join('\n')).toEqual([201, 422]);
    expect(answers.find((r) => r.statusCode === 422)!.json().code).toBe('IDEMPOTENCY.KEY_REUSED');
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from payments.refund where idempotency_key = 'rfd-key-5'`);
    expect(n!.n).toBe(1);
    const refunded = (await refundState(a.paymentId)).refunded + (await refundState(b.paymentId)).refunded;
    expect(refunded).toBe(100);
  }, onPostgres ? 120_000 : 60_000);

  it('without a key, two identical requests make two refunds (documented behaviour)', async () => {
    const order = await capturedOrder();
    const first = await refund(order.id, { amount: 150, reason: 'same' });
    const second = await refund(order.id, { amount: 150, reason: 'same' });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.json().refund.id).not.toBe(first.json().refund.id);
    expect(await refundState(order.paymentId)).toMatchObject({ refunds: [{ amount: 150 }, { amount: 150 }], refunded: 300, events: [first.json().refund.id, second.json().refund.id] });
  });

  it('refuses a malformed Idempotency-Key with 400', async () => {
    const order = await capturedOrder();
    for (const key of ['', 'has space', 'é', 'k'.repeat(256)]) {
      const res = await refund(order.id, { amount: 100, reason: 'x' }, key);
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
    }
    expect((await refundState(order.paymentId)).refunds).toEqual([]);
  });

  it('a signed payment.refunded webhook echoing an API refund (its provider reference) changes nothing; a new reference is a new refund', async () => {
    const secret = readFileSync(join(app.config.dataDir, 'payments-webhook-secret'), 'utf8').trim();
    const webhook = (body: string) =>
      app.inject({ method: 'POST', url: '/api/payments/webhooks/test', headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload(secret, body, Math.floor(Date.now() / 1000)) }, payload: body });
    const order = await capturedOrder();
    const api = await refund(order.id, { amount: 400, reason: 'damaged' }, 'rfd-key-6');
    expect(api.statusCode, api.body).toBe(201);
    const [ids] = await rows<{ payment_ref: string; refund_ref: string }>(
      app.database.db,
      sql`select p.provider_ref as payment_ref, r.provider_ref as refund_ref from payments.refund r join payments.payment p on p.id = r.payment_id where r.id = ${api.json().refund.id}`,
    );
    expect(ids!.refund_ref).toMatch(/^re_test_[0-9a-f]{24}$/);
    const before = await refundState(order.paymentId);
    const echo = await webhook(JSON.stringify({ id: 'evt_echo_1', type: 'payment.refunded', data: { providerRef: ids!.payment_ref, amount: 400, providerRefundRef: ids!.refund_ref } }));
    expect(echo.statusCode, echo.body).toBe(200);
    expect(echo.json()).toEqual({ received: true, duplicate: true });
    expect(await refundState(order.paymentId)).toEqual(before);
    expect(before).toMatchObject({ refunds: [{ amount: 400 }], refunded: 400 });
    // A refund made at the provider (its own reference) is recorded once, with that reference.
    const made = JSON.stringify({ id: 'evt_echo_2', type: 'payment.refunded', data: { providerRef: ids!.payment_ref, amount: 250, providerRefundRef: 're_dashboard_1' } });
    expect((await webhook(made)).json()).toEqual({ received: true, duplicate: false });
    const again = JSON.stringify({ id: 'evt_echo_3', type: 'payment.refunded', data: { providerRef: ids!.payment_ref, amount: 250, providerRefundRef: 're_dashboard_1' } });
    expect((await webhook(again)).json()).toEqual({ received: true, duplicate: true });
    const after = await refundState(order.paymentId);
    expect(after).toMatchObject({ refunds: [{ amount: 400 }, { amount: 250 }], status: 'partially_refunded', refunded: 650 });
    expect(after.events).toHaveLength(2);
    const [recorded] = await rows<{ provider_ref: string }>(app.database.db, sql`select provider_ref from payments.refund where id = ${after.refunds[1]!.id}`);
    expect(recorded!.provider_ref).toBe('re_dashboard_1');
    // The order's payment shows both refunds.
    const payments = (await app.inject({ url: `/api/admin/payments?orderId=${order.id}`, headers: auth(admin) })).json();
    expect(payments.data[0].refunds.map((r: { amount: { amount: number } }) => r.amount.amount)).toEqual([400, 250]);
  });
});

describe('promotions at checkout', () => {
  it('counts a use exactly once per placed order and gives it back on cancellation', async () => {
    const promo = await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { code: 'TENOFF', type: 'percentage', value: 10, usageLimit: 2 } });
    expect(promo.statusCode, promo.body).toBe(201);
    const placed = [];
    for (let i = 0; i < 3; i++) {
      const cart = await guestCart([{ sku: 'PROMO', quantity: 1 }]);
      const apply = await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/promotions`, headers: { 'x-cart-token': cart.token }, payload: { code: 'tenoff' } });
      if (i < 2) expect(apply.statusCode, apply.body).toBe(200);
      placed.push({ res: i < 2 ? await checkout(cart, VISA_OK, `promo-${i}`, { email: `p${i}@example.test` }) : null, apply });
    }
    expect(placed[0]!.res!.json().totals.discount).toEqual(gbp(200));
    expect(placed[2]!.apply.statusCode).toBe(409); // the third shopper is told the limit is reached
    const usage = (await app.inject({ url: `/api/admin/promotions/${promo.json().id}`, headers: auth(admin) })).json();
    expect(usage.timesUsed).toBe(2);
    await app.inject({ method: 'POST', url: `/api/orders/${placed[0]!.res!.json().id}/cancel`, headers: { 'x-order-token': placed[0]!.res!.json().accessToken } });
    const after = (await app.inject({ url: `/api/admin/promotions/${promo.json().id}`, headers: auth(admin) })).json();
    expect(after.timesUsed).toBe(1);
  });
});

describe('promotion usage limit under concurrency', () => {
  it('never exceeds the limit: limit 5, 20 concurrent checkouts with the code → 5 discounted orders, 15 × 409', async () => {
    const promo = await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { code: 'RUSH5', type: 'fixed_amount', value: 300, usageLimit: 5 } });
    expect(promo.statusCode, promo.body).toBe(201);
    const carts = await Promise.all(Array.from({ length: 20 }, () => guestCart([{ sku: 'PROMO', quantity: 1 }])));
    for (const cart of carts) {
      const apply = await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/promotions`, headers: { 'x-cart-token': cart.token }, payload: { code: 'RUSH5' } });
      expect(apply.statusCode, apply.body).toBe(200);
    }
    const stockBefore = await onHand('PROMO');
    const answers = await Promise.all(carts.map((c, i) => checkout(c, VISA_OK, `rush-${i}`, { email: `rush${i}@example.test` })));
    const ok = answers.filter((a) => a.statusCode === 201);
    expect(ok).toHaveLength(5);
    expect(ok.every((a) => a.json().totals.discount.amount === 300)).toBe(true);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(15);
    const usage = (await app.inject({ url: `/api/admin/promotions/${promo.json().id}`, headers: auth(admin) })).json();
    expect(usage.timesUsed).toBe(5);
    expect(await onHand('PROMO')).toBe(stockBefore - 5); // refused checkouts took no stock
  }, onPostgres ? 120_000 : 60_000);
});

describe('unpaid orders', () => {
  it('are cancelled with payment_timeout by the sweep, releasing their stock', async () => {
    const before = await onHand('LAMP');
    // Simulate a crash between reservation and payment: an order left in payment_processing long ago.
    const res = await checkout(await guestCart([{ sku: 'LAMP', quantity: 1 }]));
    const id = res.json().id as string;
    await app.database.db.execute(sql`update orders."order" set status = 'payment_processing', placed_at = now() - interval '2 hours' where id = ${id}`);
    const swept = await new UnpaidOrderSweep(app.database, app.orders, app.log, app.config.paymentTimeoutMinutes).sweepUnpaid();
    expect(swept).toBe(1);
    const order = (await app.inject({ url: `/api/admin/orders/${id}`, headers: auth(admin) })).json();
    expect(order.status).toBe('cancelled');
    expect(order.cancelReason).toBe('payment_timeout');
    expect(await onHand('LAMP')).toBe(before);
  });

  it('an order the sweep cancels while the provider answers keeps no payment: the authorization is voided', async () => {
    const before = await onHand('LAMP');
    const original = PaymentsService.prototype.authorize;
    // The sweep's cancellation lands between the order's creation and the payment's record.
    const spy = vi.spyOn(PaymentsService.prototype, 'authorize').mockImplementation(async function (this: PaymentsService, ...args) {
      await app.orders.cancel(args[0].orderId, 'payment_timeout', 'system');
      return original.apply(this, args);
    });
    let res;
    try {
      res = await checkout(await guestCart([{ sku: 'LAMP', quantity: 1 }]));
    } finally {
      spy.mockRestore();
    }
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout' });
    const id = res.json().id as string;
    const [payment] = await rows<{ status: string }>(app.database.db, sql`select status from payments.payment where order_id = ${id}`);
    expect(payment?.status).toBe('voided');
    expect(await onHand('LAMP')).toBe(before);
  });
});
