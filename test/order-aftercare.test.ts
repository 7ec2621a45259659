/**
 * After the order, as staff and the customer see it: cancelling with a reason (mailed only when
 * staff choose), refunds by line and quantity with restock and shipping (amounts computed by the
 * server, never more than a line or the shipping, not even under concurrency), the order page in
 * words (staff names, customer figures, notes and tags), tracking links, delivery and refund
 * mails, and guest orders joining the account that verifies their address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';

let app: TestApp;
let admin: string;
let staffName: string;
let categoryId: string;
let keys = 0;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

async function product(sku: string, price: number, stock: number) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: `Product ${sku}`, status: 'active', categoryId, variants: [{ sku, price: gbp(price) }] } });
  expect(res.statusCode, res.body).toBe(201);
  const mv = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: stock, type: 'receipt', reason: 'delivery' } });
  expect(mv.statusCode, mv.body).toBe(201);
}

/** A guest's order of `items`, paid by test card; returns the order (with its access token). */
async function guestOrder(items: { sku: string; quantity: number }[], email = 'ada@example.test') {
  const cart = (await app.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
  for (const item of items) {
    const add = await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: item });
    expect(add.statusCode, add.body).toBeLessThan(300);
  }
  const res = await app.inject({
    method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `aftercare-${++keys}`, 'x-cart-token': cart.token },
    payload: { cartId: cart.id, email, shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Ships the whole order (captures its payment). */
async function ship(orderId: string, carrier = 'Royal Mail', trackingNumber = 'RM123456785GB') {
  const res = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/shipments`, headers: auth(admin), payload: { carrier, trackingNumber } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const refund = (orderId: string, payload: Record<string, unknown>, key?: string) =>
  app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/refunds`, headers: { ...auth(admin), ...(key ? { 'idempotency-key': key } : {}) }, payload });

async function onHand(sku: string): Promise<number> {
  const [r] = await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = ${sku}`);
  return r!.on_hand;
}

async function mailsTo(email: string) {
  await app.relay.drain();
  const page = (await app.inject({ url: `/api/admin/mail?to=${encodeURIComponent(email)}&limit=100`, headers: auth(admin) })).json();
  return page.data as { id: string; template: string; subject: string }[];
}

beforeAll(async () => {
  app = await createTestApp();
  const staff = await app.createUser({ email: 'sam.staff@example.test', password: 'correct horse battery', firstName: 'Sam', lastName: 'Staff', roles: ['admin'] });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'sam.staff@example.test', password: 'correct horse battery' } });
  expect(login.statusCode, login.body).toBe(200);
  admin = login.json().accessToken;
  staffName = 'Sam Staff';
  expect(staff.id).toMatch(/^usr_/);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lanterns' } });
  categoryId = cat.json().id;
  await product('LAMP', 1000, 50);
  await product('MUG', 500, 50);
  await product('TRIO', 1000, 50);
});
afterAll(() => app?.close());

describe('cancelling from the back office', () => {
  it('needs a reason, records it with the staff name, and mails the customer only when asked', async () => {
    const quiet = await guestOrder([{ sku: 'MUG', quantity: 1 }], 'quiet@example.test');
    const bare = await app.inject({ method: 'POST', url: `/api/admin/orders/${quiet.id}/transitions`, headers: auth(admin), payload: { to: 'cancelled' } });
    expect(bare.statusCode, bare.body).toBe(400);
    expect(bare.json().code).toBe('ORDERS.REASON_REQUIRED');
    expect((await app.inject({ url: `/api/admin/orders/${quiet.id}`, headers: auth(admin) })).json().status).toBe('confirmed');

    const before = await onHand('MUG');
    const cancelled = await app.inject({ method: 'POST', url: `/api/admin/orders/${quiet.id}/transitions`, headers: auth(admin), payload: { to: 'cancelled', reason: 'Out of stock at the supplier' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await onHand('MUG')).toBe(before + 1);
    const read = (await app.inject({ url: `/api/admin/orders/${quiet.id}`, headers: auth(admin) })).json();
    expect(read.cancelReason).toBe('Out of stock at the supplier');
    expect(read.statusHistory.at(-1)).toMatchObject({ to: 'cancelled', reason: 'Out of stock at the supplier', actorName: staffName });
    expect((await mailsTo('quiet@example.test')).map((m) => m.template)).toEqual(['order_confirmation']);

    const told = await guestOrder([{ sku: 'MUG', quantity: 1 }], 'told@example.test');
    const res = await app.inject({ method: 'POST', url: `/api/admin/orders/${told.id}/transitions`, headers: auth(admin), payload: { to: 'cancelled', reason: 'Damaged in our warehouse', notifyCustomer: true } });
    expect(res.statusCode, res.body).toBe(200);
    const mails = await mailsTo('told@example.test');
    expect(mails.map((m) => m.template).sort()).toEqual(['order_cancelled', 'order_confirmation']);
    const body = (await app.inject({ url: `/api/admin/mail/${mails.find((m) => m.template === 'order_cancelled')!.id}`, headers: auth(admin) })).json();
    expect(body.text).toContain('Damaged in our warehouse');
  });
});

describe('refunds by line', () => {
  it('refund one unit with restock: amount from the order, a return movement, the refund on both order views and a refund mail', async () => {
    const order = await guestOrder([{ sku: 'LAMP', quantity: 2 }, { sku: 'MUG', quantity: 1 }], 'refund@example.test');
    await ship(order.id);
    const stock = await onHand('LAMP');

    const quote = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/refunds/quote`, headers: auth(admin), payload: { lines: [{ sku: 'LAMP', quantity: 1 }] } });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(quote.json()).toEqual({ lines: [{ sku: 'LAMP', title: 'Product LAMP', quantity: 1, amount: gbp(1000) }], shipping: gbp(0), amount: gbp(1000) });

    const res = await refund(order.id, { lines: [{ sku: 'LAMP', quantity: 1 }], restock: true, reason: 'Arrived broken', note: 'Courier dropped it' }, 'r-1');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().refund.amount).toEqual(gbp(1000));
    expect(res.json().payment.refundedAmount).toEqual(gbp(1000));
    expect(res.json().order.refundedTotal).toEqual(gbp(1000));
    expect(await onHand('LAMP')).toBe(stock + 1);
    const movements = (await app.inject({ url: '/api/admin/inventory/LAMP/movements', headers: auth(admin) })).json().data;
    expect(movements[0]).toMatchObject({ type: 'return', quantity: 1, reason: `Returned: refund of order ${order.number}`, actorName: staffName });
    expect(movements.some((m: { reason: string }) => m.reason === `Sold: order ${order.number}`)).toBe(true);
    // A sale recorded before reasons named the order number reads with the number too.
    await app.database.db.execute(sql`update catalog.stock_movement set reason = ${`Sold: order:${order.id}`} where reference = ${`order:${order.id}:LAMP`}`);
    const legacy = (await app.inject({ url: '/api/admin/inventory/LAMP/movements', headers: auth(admin) })).json().data;
    expect(legacy.find((m: { type: string }) => m.type === 'sale')).toMatchObject({ reason: `Sold: order ${order.number}`, actorName: null });
    const receipt = legacy.find((m: { type: string }) => m.type === 'receipt');
    expect(receipt).toMatchObject({ actor: expect.stringMatching(/^usr_/), actorName: staffName });

    // A retry of the same request (same key) refunds and restocks nothing more.
    const again = await refund(order.id, { lines: [{ sku: 'LAMP', quantity: 1 }], restock: true, reason: 'Arrived broken', note: 'Courier dropped it' }, 'r-1');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().payment.refundedAmount).toEqual(gbp(1000));
    expect(await onHand('LAMP')).toBe(stock + 1);

    const staff = (await app.inject({ url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json();
    expect(staff.refunds).toEqual([{
      id: expect.stringMatching(/^orf_/), amount: gbp(1000), shipping: gbp(0), restocked: true, reason: 'Arrived broken', at: expect.any(String),
      lines: [{ sku: 'LAMP', title: 'Product LAMP', quantity: 1, amount: gbp(1000) }], note: 'Courier dropped it', actor: expect.stringMatching(/^usr_/), actorName: staffName,
    }]);
    const customer = (await app.inject({ url: `/api/orders/${order.id}`, headers: { 'x-order-token': order.accessToken } })).json();
    expect(customer.refunds).toEqual([{ id: staff.refunds[0].id, amount: gbp(1000), shipping: gbp(0), restocked: true, reason: 'Arrived broken', at: staff.refunds[0].at, lines: staff.refunds[0].lines }]);
    expect(JSON.stringify(customer)).not.toContain('Courier dropped it');

    const mails = await mailsTo('refund@example.test');
    const mail = mails.find((m) => m.template === 'order_refunded');
    expect(mail?.subject).toBe(`A refund on your order ${order.number}`);
    const text = (await app.inject({ url: `/api/admin/mail/${mail!.id}`, headers: auth(admin) })).json().text as string;
    expect(text).toContain('Arrived broken');
    expect(text).toContain('£10.00');
    expect(text).not.toContain('Courier dropped it');
  });

  it('never gives back more than a line or the shipping, and a bad request refunds nothing', async () => {
    const order = await guestOrder([{ sku: 'LAMP', quantity: 1 }, { sku: 'MUG', quantity: 2 }]);
    await ship(order.id);
    const shipping = order.totals.shipping.amount;
    expect(shipping).toBeGreaterThan(0);
    const problems = [
      [{ reason: 'x' }, 400, 'ORDERS.INVALID_REFUND'],
      [{ reason: 'x', lines: [{ sku: 'NOPE', quantity: 1 }] }, 400, 'ORDERS.INVALID_REFUND'],
      [{ reason: 'x', lines: [{ sku: 'LAMP', quantity: 1 }], amount: 5 }, 400, 'ORDERS.INVALID_REFUND'],
      [{ reason: 'x', shipping: true, restock: true }, 400, 'ORDERS.INVALID_REFUND'],
      [{ reason: 'x', lines: [{ sku: 'LAMP', quantity: 2 }] }, 409, 'ORDERS.REFUND_EXCEEDS'],
    ] as const;
    for (const [payload, status, code] of problems) {
      const res = await refund(order.id, payload);
      expect([res.statusCode, res.json().code], JSON.stringify(payload)).toEqual([status, code]);
    }
    const ok = await refund(order.id, { lines: [{ sku: 'MUG', quantity: 2 }], shipping: true, reason: 'Late delivery' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().refund.amount).toEqual(gbp(1000 + shipping));
    expect(ok.json().order.refunds[0]).toMatchObject({ shipping: gbp(shipping), restocked: false });
    const twice = await refund(order.id, { shipping: true, reason: 'again' });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'ORDERS.REFUND_EXCEEDS']);
    const more = await refund(order.id, { lines: [{ sku: 'MUG', quantity: 1 }], reason: 'again' });
    expect([more.statusCode, more.json().code]).toEqual([409, 'ORDERS.REFUND_EXCEEDS']);
    const payments = (await app.inject({ url: `/api/admin/payments?orderId=${order.id}`, headers: auth(admin) })).json().data;
    expect(payments[0].refundedAmount).toEqual(gbp(1000 + shipping));
  });

  it('splits a discounted line so that its refunds add up to exactly what was paid for it', async () => {
    const promo = await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { code: 'THIRD', type: 'fixed_amount', value: 100 } });
    expect(promo.statusCode, promo.body).toBeLessThan(300);
    const cart = (await app.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
    await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: { sku: 'TRIO', quantity: 3 } });
    const applied = await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/promotions`, headers: { 'x-cart-token': cart.token }, payload: { code: 'THIRD' } });
    expect(applied.statusCode, applied.body).toBeLessThan(300);
    const placed = await app.inject({
      method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `aftercare-${++keys}`, 'x-cart-token': cart.token },
      payload: { cartId: cart.id, email: 'trio@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json();
    // What was paid for the line: its total less its discount (2 900), not a multiple of 3.
    const paid = order.lines[0].lineTotal.amount - order.lines[0].discount.amount;
    expect(paid).toBe(2900);
    await ship(order.id);
    const amounts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await refund(order.id, { lines: [{ sku: 'TRIO', quantity: 1 }], reason: `unit ${i + 1}` });
      expect(res.statusCode, res.body).toBe(201);
      amounts.push(res.json().refund.amount.amount);
    }
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(paid);
    expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
  });

  it('concurrent refunds of the last unit: one refunds, the others refund nothing', async () => {
    const order = await guestOrder([{ sku: 'LAMP', quantity: 1 }]);
    await ship(order.id);
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => refund(order.id, { lines: [{ sku: 'LAMP', quantity: 1 }], reason: `race ${i}` })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    const [counted] = await rows<{ n: number; total: number }>(app.database.db, sql`select count(*)::int as n, coalesce(sum(amount), 0)::int as total from orders.refund where order_id = ${order.id}`);
    expect(counted).toEqual({ n: 1, total: 1000 });
    const payments = (await app.inject({ url: `/api/admin/payments?orderId=${order.id}`, headers: auth(admin) })).json().data;
    expect(payments[0].refundedAmount).toEqual(gbp(1000));
    const [published] = await rows<{ events: number }>(app.database.db, sql`select count(*)::int as events from events.outbox where type = 'order.refunded' and aggregate_id = ${order.id}`);
    expect(published?.events).toBe(1);
  });
});

describe('the order page in words', () => {
  it('names the customer with their order count and lifetime value, and keeps staff notes and tags', async () => {
    const first = await guestOrder([{ sku: 'MUG', quantity: 2 }], 'regular@example.test');
    const second = await guestOrder([{ sku: 'MUG', quantity: 1 }], 'regular@example.test');
    await ship(second.id);
    await refund(second.id, { lines: [{ sku: 'MUG', quantity: 1 }], reason: 'Chipped' });
    const read = (await app.inject({ url: `/api/admin/orders/${first.id}`, headers: auth(admin) })).json();
    expect(read.customer).toEqual({ id: null, name: 'Ada Lovelace', email: 'regular@example.test', orderCount: 2, lifetimeValue: gbp(first.totals.total.amount + second.totals.total.amount - 500) });

    const note = await app.inject({ method: 'POST', url: `/api/admin/orders/${first.id}/notes`, headers: auth(admin), payload: { body: '  Gift: no prices on the slip  ' } });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().notes).toEqual([{ id: expect.any(String), body: 'Gift: no prices on the slip', author: expect.stringMatching(/^usr_/), authorName: staffName, at: expect.any(String) }]);
    const tags = await app.inject({ method: 'PUT', url: `/api/admin/orders/${first.id}/tags`, headers: auth(admin), payload: { tags: ['Gift', ' VIP ', 'gift'] } });
    expect(tags.statusCode, tags.body).toBe(200);
    expect(tags.json().tags).toEqual(['gift', 'vip']);
    const blank = await app.inject({ method: 'POST', url: `/api/admin/orders/${first.id}/notes`, headers: auth(admin), payload: { body: '   ' } });
    expect(blank.statusCode).toBe(400);
    // Staff's words stay with staff.
    const customer = (await app.inject({ url: `/api/orders/${first.id}`, headers: { 'x-order-token': first.accessToken } })).json();
    expect(customer.notes).toBeUndefined();
    expect(customer.tags).toBeUndefined();
    expect(customer.customer).toBeUndefined();
  });

  it('tells the payment of a history step in words, not by its id', async () => {
    const order = await guestOrder([{ sku: 'MUG', quantity: 1 }], 'words@example.test');
    await ship(order.id);
    const read = (await app.inject({ url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json();
    const total = gbp(order.totals.total.amount);
    const card = { brand: 'visa', last4: '4242' };
    expect(read.statusHistory.find((h: { to: string }) => h.to === 'shipped')).toMatchObject({ reason: expect.stringMatching(/^payment pay_/), payment: { event: 'captured', method: 'card', card, amount: total } });
    expect(read.statusHistory.find((h: { to: string }) => h.to === 'processing')).toMatchObject({ reason: null, payment: null });
  });

  it('keeps staff notes and tags on customers', async () => {
    const user = await app.createUser({ email: 'noted@example.test', password: 'correct horse battery', firstName: 'Nora' });
    const note = await app.inject({ method: 'POST', url: `/api/admin/users/${user.id}/notes`, headers: auth(admin), payload: { body: 'Prefers phone calls' } });
    expect(note.statusCode, note.body).toBe(201);
    const tagged = await app.inject({ method: 'PUT', url: `/api/admin/users/${user.id}/tags`, headers: auth(admin), payload: { tags: ['Wholesale'] } });
    expect(tagged.statusCode, tagged.body).toBe(200);
    const read = (await app.inject({ url: `/api/admin/users/${user.id}/notes`, headers: auth(admin) })).json();
    expect(read).toEqual({ tags: ['wholesale'], notes: [{ id: expect.any(String), body: 'Prefers phone calls', author: expect.stringMatching(/^usr_/), authorName: staffName, at: expect.any(String) }] });
    expect((await app.inject({ url: '/api/admin/users/usr_missing/notes', headers: auth(admin) })).statusCode).toBe(404);
  });
});

describe('after the order, for the customer', () => {
  it('links the tracking number for a known carrier (text for others) and mails the link, then a delivery mail', async () => {
    const order = await guestOrder([{ sku: 'MUG', quantity: 1 }], 'track@example.test');
    const shipped = await ship(order.id, 'royal mail', 'RM 1234');
    expect(shipped.shipments[0].trackingUrl).toBe('https://www.royalmail.com/track-your-item#/tracking-results/RM%201234');
    const other = await guestOrder([{ sku: 'MUG', quantity: 1 }], 'other@example.test');
    expect((await ship(other.id, 'Van of Bob', 'B-1')).shipments[0].trackingUrl).toBeNull();

    const delivered = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments/${shipped.shipments[0].id}/deliver`, headers: auth(admin) });
    expect(delivered.json().status).toBe('delivered');
    const mails = await mailsTo('track@example.test');
    expect(mails.map((m) => m.template).sort()).toEqual(['order_confirmation', 'order_delivered', 'order_shipped']);
    const shippedMail = (await app.inject({ url: `/api/admin/mail/${mails.find((m) => m.template === 'order_shipped')!.id}`, headers: auth(admin) })).json();
    expect(shippedMail.html).toContain('href="https://www.royalmail.com/track-your-item#/tracking-results/RM%201234"');
  });

  it('guest orders join the account that later verifies the same address', async () => {
    const guest = await guestOrder([{ sku: 'MUG', quantity: 1 }], 'late.joiner@example.test');
    const reg = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'Late.Joiner@example.test', password: 'a long enough password', firstName: 'Lea' } });
    expect(reg.statusCode, reg.body).toBe(202);
    // Unverified: the order is not theirs yet.
    await app.relay.drain();
    expect((await app.inject({ url: `/api/admin/orders/${guest.id}`, headers: auth(admin) })).json().customerId).toBeNull();
    const [verification] = await rows<{ link: string }>(app.database.db, sql`select payload->>'link' as link from events.outbox where type = 'user.email_verification_requested' and payload->'user'->>'email' = 'late.joiner@example.test'`);
    const verified = await app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token: new URL(verification!.link).hash.replace(/^#token=/, '') } });
    expect(verified.statusCode, verified.body).toBe(204);
    await app.relay.drain();
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'late.joiner@example.test', password: 'a long enough password' } });
    const token = login.json().accessToken as string;
    const mine = (await app.inject({ url: '/api/orders', headers: auth(token) })).json();
    expect(mine.data.map((o: { id: string }) => o.id)).toEqual([guest.id]);
    expect((await app.inject({ url: `/api/orders/${guest.id}`, headers: auth(token) })).statusCode).toBe(200);
  });
});
