import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import type { EventEnvelope } from '../../platform/events/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { allocate, WebSales } from './analytics.web-sales.js';

let app: TestApp;
let admin: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+44 20 7946 0000' };

type Fact = { sku: string; quantity: number; net_revenue: number; tax: number; discount: number; unit_cost: number | null; category: string | null; local_at: string; sold_at: string; source_key: string };
const facts = (reference: string) =>
  rows<Fact>(app.database.db, sql`select sku, quantity, net_revenue::int, tax::int, discount::int, unit_cost::int, category, local_at::text, sold_at::text, source_key
    from analytics.sale_line where reference = ${reference} order by id`);
const sums = async (reference: string) => {
  const list = await facts(reference);
  return { quantity: list.reduce((s, f) => s + f.quantity, 0), revenue: list.reduce((s, f) => s + f.net_revenue, 0), tax: list.reduce((s, f) => s + f.tax, 0), lines: list.length };
};

async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lanterns' } });
  const res = await app.inject({
    method: 'POST', url: '/api/admin/products', headers: auth(admin),
    payload: { title: 'Brass lantern', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'LAMP', price: gbp(1000), costPrice: gbp(400) }, { sku: 'WICK', price: gbp(250) }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  for (const sku of ['LAMP', 'WICK']) {
    await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: 50, type: 'receipt', reason: 'delivery' } });
  }
});
afterAll(() => app?.close());

describe('allocate', () => {
  it('splits an amount pro rata with parts that sum exactly', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-7, [2, 1])).toEqual([-5, -2]);
    expect(allocate(333, [1000, 2000, 0, 500])).toEqual([95, 190, 0, 48]);
  });
});

describe('the product dimension', () => {
  it('follows the catalog: one row per variant SKU with its title and leaf category', async () => {
    const read = () => rows<{ sku: string; title: string; category: string }>(app.database.db, sql`select sku, title, category from analytics.product where sku in ('LAMP', 'WICK') order by sku`);
    const found = await waitFor(read, (r) => r.length === 2);
    expect(found).toEqual([{ sku: 'LAMP', title: 'Brass lantern', category: 'Lanterns' }, { sku: 'WICK', title: 'Brass lantern', category: 'Lanterns' }]);
  });
});

describe('web orders become sale lines of the online store', () => {
  it('records a confirmed order within seconds, ex tax, with cost and category, and a cancellation nets it to zero', async () => {
    const cart = (await app.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
    for (const item of [{ sku: 'LAMP', quantity: 2 }, { sku: 'WICK', quantity: 3 }]) {
      await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: item });
    }
    const placed = await app.inject({
      method: 'POST', url: '/api/orders', headers: { 'idempotency-key': 'web-sales-1', 'x-cart-token': cart.token },
      payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json();
    expect(order.status).toBe('confirmed');
    const lines = await waitFor(() => facts(order.id), (l) => l.length === 2);
    expect(lines.map((l) => [l.sku, l.quantity, l.category, l.unit_cost])).toEqual([['LAMP', 2, 'Lanterns', 400], ['WICK', 3, 'Lanterns', null]]);
    // Tax-inclusive prices: net + tax = what the line paid; the lines' tax plus shipping's share = the order's tax.
    expect(lines.map((l) => l.net_revenue + l.tax)).toEqual([2000, 750]);
    const shipping = order.totals.shipping.amount as number;
    const lineTax = lines.reduce((s, l) => s + l.tax, 0);
    expect(lineTax).toBe(order.totals.tax.amount - allocate(order.totals.tax.amount, [2000, 750, shipping])[2]!);
    const [store] = await rows<{ code: string; kind: string; time_zone: string }>(app.database.db, sql`select s.code, s.kind, s.time_zone from analytics.store s join analytics.sale_line f on f.store_id = s.id where f.reference = ${order.id} limit 1`);
    expect(store).toEqual({ code: 'WEB', kind: 'online', time_zone: 'Europe/London' });

    const cancelled = await app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: { 'x-order-token': order.accessToken } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const after = await waitFor(() => sums(order.id), (s) => s.lines === 4);
    expect(after).toEqual({ quantity: 0, revenue: 0, tax: 0, lines: 4 });
  });
});

describe('refunds from the order page', () => {
  it('a line refund takes units and money off that SKU only; shipping adds nothing; a goodwill amount stays pro rata', async () => {
    const cart = (await app.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
    for (const item of [{ sku: 'LAMP', quantity: 2 }, { sku: 'WICK', quantity: 3 }]) {
      await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: item });
    }
    const placed = await app.inject({
      method: 'POST', url: '/api/orders', headers: { 'idempotency-key': 'web-sales-refund', 'x-cart-token': cart.token },
      payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json();
    const shipped = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments`, headers: auth(admin), payload: { carrier: 'Royal Mail', trackingNumber: 'RM123456785GB' } });
    expect(shipped.statusCode, shipped.body).toBe(201);
    await app.relay.drain();
    const sold = await facts(order.id);
    expect(sold.map((l) => [l.sku, l.quantity])).toEqual([['LAMP', 2], ['WICK', 3]]);

    const byLine = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/refunds`, headers: auth(admin), payload: { lines: [{ sku: 'WICK', quantity: 1 }], shipping: true, reason: 'Broken wick' } });
    expect(byLine.statusCode, byLine.body).toBe(201);
    await app.relay.drain();
    const afterLine = await facts(order.id);
    // One line, on WICK only: one unit back, its 250 (tax included) split at WICK's rate; nothing for LAMP or the shipping.
    expect(afterLine).toHaveLength(3);
    const wick = afterLine[2]!;
    expect([wick.sku, wick.quantity, wick.net_revenue + wick.tax, wick.category]).toEqual(['WICK', -1, -250, 'Lanterns']);
    expect(wick.tax).toBe(-Math.round((sold[1]!.tax * 250) / 750));
    expect(wick.source_key).toMatch(new RegExp(`^web:${order.id}:refund:orf_`));

    const rest = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/refunds`, headers: auth(admin), payload: { lines: [{ sku: 'WICK', quantity: 2 }], reason: 'All broken' } });
    expect(rest.statusCode, rest.body).toBe(201);
    await app.relay.drain();
    const bySku = (list: Fact[], sku: string) => list.filter((l) => l.sku === sku).reduce((a, l) => ({ quantity: a.quantity + l.quantity, money: a.money + l.net_revenue + l.tax, tax: a.tax + l.tax }), { quantity: 0, money: 0, tax: 0 });
    // Every WICK unit back: WICK nets to zero exactly; LAMP is untouched.
    expect(bySku(await facts(order.id), 'WICK')).toEqual({ quantity: 0, money: 0, tax: 0 });
    expect(bySku(await facts(order.id), 'LAMP')).toEqual({ quantity: 2, money: 2000, tax: sold[0]!.tax });

    const goodwill = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/refunds`, headers: auth(admin), payload: { amount: 100, reason: 'Sorry for the wait' } });
    expect(goodwill.statusCode, goodwill.body).toBe(201);
    await app.relay.drain();
    const last = (await facts(order.id)).slice(4);
    // The goodwill amount has no lines: the proportional rule, units kept (quantity 0), on what the order still nets (LAMP).
    expect(last.map((l) => [l.sku, l.quantity])).toEqual([['LAMP', 0]]);
    expect(last[0]!.net_revenue).toBeLessThan(0);
  });
});

describe('the consumer on its own (redelivery, refunds, cancellations)', () => {
  const snapshot = (id: string, status: string) => ({
    id, number: `CPT-${id}`, customerId: 'cus_1', email: 'a@example.test', locale: 'en' as const, status, currency: 'GBP',
    lines: [{ sku: 'LAMP', title: 'Brass lantern', quantity: 1, unitPrice: 1200, discount: 200, lineTotal: 1200 }, { sku: 'WICK', title: 'Brass lantern', quantity: 4, unitPrice: 250, discount: 0, lineTotal: 1000 }],
    subtotal: 2200, discount: 200, shipping: 400, tax: 400, total: 2400, promotionCode: null,
    shippingAddress: address, shippingMethod: { id: 'standard', name: 'Standard' }, placedAt: '2026-07-01T21:30:00.000Z',
  });
  let n = 0;
  const env = <T,>(type: string, payload: T) => ({ id: `evt_${++n}`, type, aggregateId: null, payload, occurredAt: '2026-07-05T10:00:00.000Z' }) as unknown as EventEnvelope<'order.placed'>;
  const handle = (...events: EventEnvelope<'order.placed'>[]) => app.database.transaction((tx) => new WebSales(app.catalog, app.orders).handleBatch(events, tx));
  const refund = (orderId: string, refundId: string, amount: number, fully: boolean) =>
    env('payment.refunded', { paymentId: 'pay_1', orderId, refundId, amount, currency: 'GBP', refundedAmount: amount, capturedAmount: 2400, fullyRefunded: fully, reason: 'x' });

  it('counts an order once whether it arrives as placed-confirmed, confirmed, or both, redelivered', async () => {
    await handle(env('order.placed', { order: snapshot('o1', 'confirmed') }), env('order.confirmed', { order: snapshot('o1', 'confirmed') }));
    await handle(env('order.confirmed', { order: snapshot('o1', 'confirmed') }));
    const lines = await facts('o1');
    expect(lines.map((l) => [l.sku, l.quantity, l.net_revenue, l.tax, l.discount])).toEqual([['LAMP', 1, 833, 167, 200], ['WICK', 4, 833, 167, 0]]);
    // 21:30 UTC on 1 July is 22:30 in London (the web shop's time zone, British Summer Time).
    expect(lines[0]!.local_at).toBe('2026-07-01 22:30:00');
  });

  it('ignores an order placed awaiting payment, and its cancellation', async () => {
    await handle(env('order.placed', { order: snapshot('o2', 'awaiting_payment') }), env('order.cancelled', { order: snapshot('o2', 'cancelled'), reason: 'payment_timeout' }));
    expect(await facts('o2')).toEqual([]);
  });

  it('gives back a partial refund pro rata, a full refund to zero, and nothing more after', async () => {
    await handle(env('order.placed', { order: snapshot('o3', 'confirmed') }));
    await handle(refund('o3', 'ref_1', 1200, false)); // half of what was captured
    expect(await sums('o3')).toEqual({ quantity: 5, revenue: 833, tax: 167, lines: 4 });
    await handle(refund('o3', 'ref_2', 1200, true), refund('o3', 'ref_2', 1200, true));
    expect(await sums('o3')).toEqual({ quantity: 0, revenue: 0, tax: 0, lines: 6 });
    await handle(env('order.cancelled', { order: snapshot('o3', 'cancelled'), reason: 'customer_request' }));
    expect((await sums('o3')).lines).toBe(6);
  });

  it('takes a line refund off its SKU, once however often the event comes, and the last units to zero', async () => {
    const lineRefund = (id: string, quantity: number, amount: number) => env('order.refunded', {
      order: snapshot('o5', 'confirmed'),
      refund: { id, paymentRefundId: `rfd_${id}`, amount, shipping: 0, lines: [{ sku: 'WICK', title: 'Brass lantern', quantity, amount }], restocked: false, reason: 'x', refundedTotal: amount, at: '2026-07-06T09:00:00.000Z' },
    });
    await handle(env('order.placed', { order: snapshot('o5', 'confirmed') }));
    await handle(lineRefund('orf_1', 2, 500), lineRefund('orf_1', 2, 500));
    await handle(lineRefund('orf_1', 2, 500));
    const lines = await facts('o5');
    // WICK sold 4 for 1000 (833 net + 167 tax): 2 units back for 500 = 416 net + 84 tax, dated when refunded.
    expect(lines.map((l) => [l.sku, l.quantity, l.net_revenue, l.tax, l.discount])).toEqual([['LAMP', 1, 833, 167, 200], ['WICK', 4, 833, 167, 0], ['WICK', -2, -416, -84, 0]]);
    expect(lines[2]!.local_at).toBe('2026-07-06 10:00:00');
    await handle(lineRefund('orf_2', 2, 500));
    expect((await facts('o5')).filter((l) => l.sku === 'WICK').reduce((a, l) => [a[0]! + l.quantity, a[1]! + l.net_revenue, a[2]! + l.tax], [0, 0, 0])).toEqual([0, 0, 0]);
    // Nothing left of WICK: a further line refund (however it came) adds nothing.
    await handle(lineRefund('orf_3', 1, 250));
    expect(await facts('o5')).toHaveLength(4);
  });

  it('adds nothing for a refund after a cancellation', async () => {
    await handle(env('order.placed', { order: snapshot('o4', 'confirmed') }), env('order.cancelled', { order: snapshot('o4', 'cancelled'), reason: 'customer_request' }));
    await handle(refund('o4', 'ref_3', 2400, true));
    expect(await sums('o4')).toEqual({ quantity: 0, revenue: 0, tax: 0, lines: 4 });
  });
});
