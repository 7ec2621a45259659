import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';
import { signWebhookPayload, WEBHOOK_SIGNATURE_HEADER } from '../src/modules/payments/index.js';
import { estimatedDelivery } from '../src/modules/orders/domain/delivery.js';

const SECRET = 'carrier-webhook-secret-for-tests';
let app: TestApp;
let admin: string;
let keys = 0;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

/** A guest order of one LAMP (test card: confirmed), shipped with `carrier` and `trackingNumber`; answers the order after shipping. */
async function shippedOrder(email: string, carrier: string, trackingNumber: string, shippingMethodId = 'standard') {
  const cart = await app.inject({ method: 'POST', url: '/api/carts', payload: {} });
  const { id, token } = cart.json();
  await app.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers: { 'x-cart-token': token }, payload: { sku: 'LAMP', quantity: 1 } });
  const placed = await app.inject({
    method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `track-${++keys}`, 'x-cart-token': token },
    payload: { cartId: id, email, shippingAddress: address, shippingMethodId, payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
  });
  expect(placed.statusCode, placed.body).toBe(201);
  const shipped = await app.inject({ method: 'POST', url: `/api/admin/orders/${placed.json().id}/shipments`, headers: auth(admin), payload: { carrier, trackingNumber } });
  expect(shipped.statusCode, shipped.body).toBe(201);
  return { ...shipped.json(), accessToken: placed.json().accessToken as string };
}

/** Sends a carrier webhook event signed with `secret` (now). */
function webhook(event: object, secret = SECRET) {
  const body = JSON.stringify(event);
  return app.inject({
    method: 'POST', url: '/api/carriers/webhook', payload: body,
    headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload(secret, body, Math.floor(Date.now() / 1000)) },
  });
}

beforeAll(async () => {
  app = await createTestApp({ carrierWebhookSecret: SECRET, carrierTrackingUrls: { 'Acme Parcels': 'https://track.acme.example/p/{n}?lang=en' }, deliveryBusinessDays: { standard: 3, express: 1 } });
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lamps' } });
  await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'Lamp', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'LAMP', price: { amount: 1000, currency: 'GBP' } }] } });
  await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'LAMP', quantity: 50, type: 'receipt', reason: 'delivery' } });
});
afterAll(() => app?.close());

describe('delivery tracking', () => {
  it('gives a shipment its estimated delivery day (business days of the method) and the configured carrier link', async () => {
    const order = await shippedOrder('est@example.test', 'Acme Parcels', 'AC 123');
    const [parcel] = order.shipments;
    expect(parcel.trackingUrl).toBe('https://track.acme.example/p/AC%20123?lang=en');
    expect(parcel.estimatedDeliveryOn).toBe(estimatedDelivery(new Date(parcel.shippedAt), 3));
    expect(parcel).toMatchObject({ status: 'shipped', events: [] });
    // Friday + 3 business days is Wednesday; Saturday counts from Monday.
    expect(estimatedDelivery(new Date('2026-12-04T16:00:00Z'), 3)).toBe('2026-12-09');
    expect(estimatedDelivery(new Date('2026-12-05T10:00:00Z'), 1)).toBe('2026-12-08');
  });

  it('records staff and carrier updates on a timeline; the customer sees it and gets mails for out-for-delivery and exceptions', async () => {
    const order = await shippedOrder('track@example.test', 'Royal Mail', 'RM100200300GB');
    const shipmentId = order.shipments[0].id as string;
    const staff = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments/${shipmentId}/tracking`, headers: auth(admin), payload: { status: 'in_transit', detail: 'At the sorting office' } });
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.json().shipments[0]).toMatchObject({ status: 'in_transit', events: [{ status: 'in_transit', detail: 'At the sorting office', source: 'staff' }] });

    const out = { id: 'evt-1', carrier: 'royal mail', trackingNumber: 'RM100200300GB', status: 'out_for_delivery', detail: 'With the driver' };
    expect((await webhook(out, 'wrong-secret')).statusCode).toBe(401);
    const unsigned = await app.inject({ method: 'POST', url: '/api/carriers/webhook', payload: out });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().code).toBe('ORDERS.BAD_SIGNATURE');
    expect((await webhook(out)).json()).toEqual({ received: true, duplicate: false });
    expect((await webhook(out)).json()).toEqual({ received: true, duplicate: true });
    expect((await webhook({ ...out, id: 'evt-x', trackingNumber: 'NOPE' })).statusCode).toBe(404);
    expect((await webhook({ id: 'evt-2', trackingNumber: 'RM100200300GB', status: 'exception', detail: 'Nobody home, card left' })).statusCode).toBe(200);

    const [events] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where type = 'order.shipment_tracked' and aggregate_id = ${order.id}`);
    expect(events?.n).toBe(3);
    await app.relay.drain();
    const mails = (await app.inject({ url: '/api/admin/mail?to=track@example.test', headers: auth(admin) })).json().data as { template: string; subject: string }[];
    expect(mails.map((m) => m.template).sort()).toEqual(['order_confirmation', 'order_shipped', 'shipment_exception', 'shipment_out_for_delivery']);
    expect(mails.find((m) => m.template === 'shipment_out_for_delivery')?.subject).toBe(`Your order ${order.number} is out for delivery`);

    // The guest reads the timeline on their order page (with the order's access token).
    const guestRead = (await app.inject({ url: `/api/orders/${order.id}`, headers: { 'x-order-token': order.accessToken } })).json();
    expect(guestRead.shipments[0].events.map((e: { status: string; source: string }) => [e.status, e.source])).toEqual([['in_transit', 'staff'], ['out_for_delivery', 'carrier'], ['exception', 'carrier']]);
  });

  it('delivers the order with the last delivered shipment; a delivered shipment takes no further status', async () => {
    const order = await shippedOrder('done@example.test', 'DPD', '15501234567890');
    const shipmentId = order.shipments[0].id as string;
    const delivered = await webhook({ id: 'evt-d', trackingNumber: '15501234567890', status: 'delivered', occurredAt: '2026-12-01T10:30:00Z' });
    expect(delivered.statusCode, delivered.body).toBe(200);
    const read = (await app.inject({ url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json();
    expect(read.status).toBe('delivered');
    expect(read.shipments[0]).toMatchObject({ status: 'delivered', deliveredAt: '2026-12-01T10:30:00.000Z' });
    const late = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments/${shipmentId}/tracking`, headers: auth(admin), payload: { status: 'in_transit' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('ORDERS.SHIPMENT_DELIVERED');
    const other = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments/shp_unknown/tracking`, headers: auth(admin), payload: { status: 'in_transit' } });
    expect(other.statusCode).toBe(404);
  });
});
