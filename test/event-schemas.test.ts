/**
 * The event catalog: every outbox row a broad scenario writes through the HTTP API (sign-up,
 * catalog and stock changes, carts, promotions, checkouts paid and declined, shipping, delivery,
 * refund, cancellation) matches the payload schema its module defined, including the payloads
 * built in SQL (`stock.changed`, `stock.low`, `cart.item_added`, `cart.ordered`); an event type no
 * module defines fails. `GET /asyncapi.json` is an AsyncAPI 3.0 document with a channel per event
 * type, its payload schema, its publisher and its consumers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Value } from '@sinclair/typebox/value';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';
import { eventDefinitions } from '../src/platform/events/index.js';

let app: TestApp;
let admin: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+44 20 7946 0000' };
let keys = 0;

/** `method url` as `token` (admin by default) with `payload`; expects a 2xx and answers the JSON body. */
async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = auth(admin)) {
  const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.body ? res.json() : undefined;
}

/** A guest cart holding `items`, with `code` applied when given. */
async function guestCart(items: { sku: string; quantity: number }[], code?: string) {
  const { id, token } = await call('POST', '/api/carts', {}, {});
  const headers = { 'x-cart-token': token as string };
  for (const item of items) await call('POST', `/api/carts/${id}/items`, item, headers);
  if (code) await call('POST', `/api/carts/${id}/promotions`, { code }, headers);
  return { id: id as string, headers };
}

function checkout(cart: { id: string; headers: Record<string, string> }, card = '4242 4242 4242 4242') {
  return app.inject({
    method: 'POST', url: '/api/orders',
    headers: { 'idempotency-key': `schema-${++keys}`, ...cart.headers },
    payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: card, expMonth: 12, expYear: 2030, cvc: '123' } } },
  });
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
});
afterAll(() => app?.close());

describe('event payloads', () => {
  it('every outbox row of a broad scenario matches the schema of its type', async () => {
    await call('POST', '/api/auth/register', { email: 'grace@example.test', password: 'a long enough password', firstName: 'Grace' }, {});
    await call('POST', '/api/auth/register', { email: 'grace@example.test', password: 'another long password', firstName: 'Eve' }, {});
    await call('POST', '/api/auth/password-reset/request', { email: 'grace@example.test' }, {});
    const root = await call('POST', '/api/admin/categories', { name: 'Lights' });
    const leaf = await call('POST', '/api/admin/categories', { name: 'Lanterns', parentId: root.id });
    await call('PATCH', `/api/admin/categories/${leaf.id}`, { name: 'Lamps & lanterns' });
    const lamp = await call('POST', '/api/admin/products', { title: 'Lamp', status: 'active', categoryId: leaf.id, variants: [{ sku: 'LAMP', price: gbp(1000), lowStockThreshold: 18 }] });
    await call('PATCH', `/api/admin/products/${lamp.id}`, { title: 'Brass lamp' });
    await call('POST', '/api/admin/inventory/movements', { sku: 'LAMP', quantity: 20, type: 'receipt', reason: 'delivery' });
    await call('POST', '/api/admin/promotions', { code: 'SAVE10', type: 'percentage', value: 10 });

    // A cart with every line operation, then a promotion code and a paid checkout (stock.low on the way).
    const cart = await guestCart([{ sku: 'LAMP', quantity: 1 }, { sku: 'LAMP', quantity: 2 }], 'SAVE10');
    const lines = (await call('GET', `/api/carts/${cart.id}`, undefined, cart.headers)).lines as { id: string }[];
    await call('PATCH', `/api/carts/${cart.id}/items/${lines[0]!.id}`, { quantity: 4 }, cart.headers);
    await call('DELETE', `/api/carts/${cart.id}/promotions`, undefined, cart.headers);
    await call('POST', `/api/carts/${cart.id}/promotions`, { code: 'SAVE10' }, cart.headers);
    const paid = await checkout(cart);
    expect(paid.statusCode, paid.body).toBe(201);
    const orderId = paid.json().id as string;

    // Shipped, delivered and partly refunded.
    await call('POST', `/api/admin/orders/${orderId}/transitions`, { to: 'processing' });
    const shipped = await call('POST', `/api/admin/orders/${orderId}/shipments`, { carrier: 'Royal Mail', trackingNumber: 'RM123' });
    await call('POST', `/api/admin/orders/${orderId}/shipments/${(shipped.shipments as { id: string }[])[0]!.id}/deliver`);
    await call('POST', `/api/admin/orders/${orderId}/refunds`, { amount: 500, reason: 'damaged' }, { ...auth(admin), 'idempotency-key': 'schema-refund' });

    // A declined card (the cart reopens), and an order the customer cancels (stock and code given back).
    const declinedCart = await guestCart([{ sku: 'LAMP', quantity: 1 }]);
    expect((await checkout(declinedCart, '4000 0000 0000 0002')).statusCode).toBe(402);
    const cancelCart = await guestCart([{ sku: 'LAMP', quantity: 1 }], 'SAVE10');
    const placed = await checkout(cancelCart);
    expect(placed.statusCode, placed.body).toBe(201);
    await call('POST', `/api/orders/${placed.json().id}/cancel`, undefined, { 'x-order-token': placed.json().accessToken });
    await call('DELETE', `/api/carts/${declinedCart.id}/items/${((await call('GET', `/api/carts/${declinedCart.id}`, undefined, declinedCart.headers)).lines as { id: string }[])[0]!.id}`, undefined, declinedCart.headers);

    const written = await rows<{ id: string; type: string; payload: unknown }>(app.database.db, sql`select id, type, payload from events.outbox order by id`);
    const definitions = eventDefinitions();
    const problems: string[] = [];
    for (const event of written) {
      const definition = definitions.get(event.type);
      if (!definition) {
        problems.push(`${event.id}: no module defines ${event.type}`);
        continue;
      }
      for (const error of Value.Errors(definition.schema, event.payload)) problems.push(`${event.type} ${event.id}: ${error.path || '/'} ${error.message}`);
      // No undeclared top-level field either (a field added in SQL or in code but not in the schema).
      const extra = Object.keys(event.payload as object).filter((key) => !(key in definition.schema.properties));
      if (extra.length) problems.push(`${event.type} ${event.id}: undeclared ${extra.join(', ')}`);
    }
    expect(problems).toEqual([]);

    const types = new Set(written.map((e) => e.type));
    const expected = [
      'user.registered', 'user.email_verification_requested', 'user.registration_attempted', 'user.password_reset_requested', 'category.updated', 'product.created', 'product.updated', 'stock.changed', 'stock.low', 'promotion.created',
      'cart.created', 'cart.item_added', 'cart.item_updated', 'cart.item_removed', 'cart.promotion_changed', 'cart.ordered', 'cart.reopened',
      'promotion.redeemed', 'promotion.released', 'payment.authorized', 'payment.captured', 'payment.failed', 'payment.refunded',
      'order.placed', 'order.confirmed', 'order.shipped', 'order.delivered', 'order.cancelled', 'order.refunded',
    ];
    expect([...expected].filter((t) => !types.has(t)), 'types the scenario should have written').toEqual([]);
  });

  it('an unknown type, or a payload that does not match its schema, is reported', () => {
    const definition = eventDefinitions().get('stock.changed')!;
    expect(Value.Check(definition.schema, { sku: 'LAMP', variantId: 'var_1', productId: 'prod_1', onHand: 3, available: 3, delta: -1, movementType: 'sale' })).toBe(true);
    expect(Value.Check(definition.schema, { sku: 'LAMP', variantId: 'var_1', productId: 'prod_1', onHand: '3', available: 3, delta: -1, movementType: 'sale' })).toBe(false);
    expect(eventDefinitions().has('stock.vanished')).toBe(false);
  });
});

interface AsyncApi {
  asyncapi: string;
  info: { title: string; version: string };
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; 'x-module': string }>;
  components: { messages: Record<string, { payload: { $ref: string } }>; schemas: Record<string, { type?: string; properties?: Record<string, unknown> }> };
}

describe('GET /asyncapi.json', () => {
  it('is an AsyncAPI 3.0 document: a channel per event type with its payload schema, its publisher and its consumers', async () => {
    const res = await app.inject({ url: '/asyncapi.json' });
    expect(res.statusCode, res.body).toBe(200);
    const doc = res.json() as AsyncApi;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    const types = [...eventDefinitions().keys()];
    expect(types.length).toBeGreaterThanOrEqual(29);
    for (const type of types) {
      const definition = eventDefinitions().get(type)!;
      expect(doc.channels[type], type).toMatchObject({ address: type, messages: { [type]: { $ref: `#/components/messages/${type}` } } });
      expect(doc.components.messages[type]?.payload).toEqual({ $ref: `#/components/schemas/${type}` });
      expect(doc.components.schemas[type]).toMatchObject({ type: 'object' });
      expect(Object.keys(doc.components.schemas[type]!.properties ?? {})).toEqual(Object.keys(definition.schema.properties));
      expect(doc.operations[`${definition.module}.send.${type}`], type).toMatchObject({ action: 'send', channel: { $ref: `#/channels/${type}` }, 'x-module': definition.module });
    }
    // Consumers, as they subscribe on the relay.
    for (const type of ['product.created', 'product.updated', 'stock.changed', 'category.updated']) {
      expect(doc.operations[`search.receive.${type}`], type).toMatchObject({ action: 'receive', channel: { $ref: `#/channels/${type}` } });
    }
    for (const type of ['user.registered', 'order.placed', 'order.shipped', 'order.cancelled']) {
      expect(doc.operations[`notifications.receive.${type}`], type).toMatchObject({ action: 'receive', channel: { $ref: `#/channels/${type}` } });
    }
    for (const type of ['order.confirmed', 'order.cancelled', 'order.refunded', 'payment.refunded']) {
      expect(doc.operations[`analytics.receive.${type}`], type).toMatchObject({ action: 'receive', channel: { $ref: `#/channels/${type}` } });
    }
    expect(doc.operations['notifications.receive.cart.created']).toBeUndefined();
    // Every operation points at a channel of the document.
    for (const [id, op] of Object.entries(doc.operations)) expect(doc.channels[op.channel.$ref.replace('#/channels/', '')], id).toBeDefined();
  });
});
