/**
 * Returns (RMAs) from the support desk: an agent turns a return-request ticket on a delivered
 * order into a return (lines, quantities, reason); receiving it refunds the units through the
 * order's refund path and puts them back into stock with `return` movements; the ticket's
 * history shows both steps. A return of more than was delivered less already returned, or of an
 * order not delivered, answers 409 and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';

let app: TestApp;
let admin: string;
let agent: string;
let customer: string;
let keys = 0;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

async function token(email: string, roles: ('admin' | 'support' | 'customer')[]) {
  await app.createUser({ email, password: 'correct horse battery', firstName: 'Test', roles });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'correct horse battery' } });
  expect(login.statusCode, login.body).toBe(200);
  return login.json().accessToken as string;
}

/** A guest's order of `items`, paid by test card (or `payment`) and shipped (a card payment is captured then). */
async function shippedOrder(items: { sku: string; quantity: number }[], email: string, payment: Record<string, unknown> = { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } }) {
  const cart = (await app.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
  for (const item of items) await app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: item });
  const res = await app.inject({
    method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `rma-${++keys}`, 'x-cart-token': cart.token },
    payload: { cartId: cart.id, email, shippingAddress: address, shippingMethodId: 'standard', payment },
  });
  expect(res.statusCode, res.body).toBe(201);
  const ship = await app.inject({ method: 'POST', url: `/api/admin/orders/${res.json().id}/shipments`, headers: auth(admin), payload: { carrier: 'Royal Mail', trackingNumber: 'RM123456785GB' } });
  expect(ship.statusCode, ship.body).toBe(201);
  return res.json() as { id: string; number: string; accessToken: string };
}

const deliver = async (orderId: string) => {
  const res = await app.inject({ method: 'POST', url: `/api/admin/orders/${orderId}/transitions`, headers: auth(admin), payload: { to: 'delivered' } });
  expect(res.statusCode, res.body).toBe(200);
};

/** A guest's ticket of `category` on `orderId`. */
async function ticket(orderId: string, email: string, category: string) {
  const data = new FormData();
  for (const [k, v] of Object.entries({ subject: 'The lamp flickers', message: 'I would like to send it back', category, orderId, email })) data.append(k, v);
  const body = new Response(data);
  const res = await app.inject({ method: 'POST', url: '/api/support/tickets', payload: Buffer.from(await body.arrayBuffer()), headers: { 'content-type': body.headers.get('content-type')! } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().ticket.id as string;
}

const createReturn = (ticketId: string, payload: Record<string, unknown>, as = agent) =>
  app.inject({ method: 'POST', url: `/api/admin/support/tickets/${ticketId}/returns`, headers: auth(as), payload });

async function onHand(sku: string): Promise<number> {
  const [r] = await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = ${sku}`);
  return r!.on_hand;
}

/** What a failed request must leave untouched: returns, their events and the ticket's return history. */
async function written(orderId: string, ticketId: string) {
  const [r] = await rows<{ returns: number; events: number; history: number }>(app.database.db, sql`select
    (select count(*)::int from orders.return_authorization where order_id = ${orderId}) as returns,
    (select count(*)::int from events.outbox where type like 'return.%' and aggregate_id = ${orderId}) as events,
    (select count(*)::int from support.history where ticket_id = ${ticketId} and field = 'return') as history`);
  return r!;
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await token('rma.admin@example.test', ['admin']);
  agent = await token('rma.agent@example.test', ['support']);
  customer = await token('rma.customer@example.test', ['customer']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lanterns' } });
  for (const [sku, price] of [['LAMP', 1000], ['MUG', 500]] as const) {
    const res = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: `Product ${sku}`, status: 'active', categoryId: cat.json().id, variants: [{ sku, price: gbp(price) }] } });
    expect(res.statusCode, res.body).toBe(201);
    await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: 20, type: 'receipt', reason: 'delivery' } });
  }
});
afterAll(() => app?.close());

describe('returns from a support ticket', () => {
  it('an agent authorizes a return of a delivered order; receiving it refunds the units, restocks them and shows in the ticket history', async () => {
    const order = await shippedOrder([{ sku: 'LAMP', quantity: 2 }, { sku: 'MUG', quantity: 1 }], 'rma.guest@example.test');
    const ticketId = await ticket(order.id, 'rma.guest@example.test', 'order_problem');

    // Another category: not a return request (the agent changes it, recorded in the history).
    const wrongKind = await createReturn(ticketId, { lines: [{ sku: 'LAMP', quantity: 1 }], reason: 'Flickers' });
    expect(wrongKind.statusCode, wrongKind.body).toBe(409);
    expect(wrongKind.json().code).toBe('SUPPORT.NOT_A_RETURN_REQUEST');
    const recat = await app.inject({ method: 'PATCH', url: `/api/admin/support/tickets/${ticketId}`, headers: auth(agent), payload: { category: 'return_request' } });
    expect(recat.statusCode, recat.body).toBe(200);
    expect(recat.json()).toMatchObject({ category: 'return_request', returns: [] });
    expect(recat.json().history.at(-1)).toMatchObject({ field: 'category', from: 'order_problem', to: 'return_request' });

    // Shipped, not delivered yet: 409, nothing written.
    const early = await createReturn(ticketId, { lines: [{ sku: 'LAMP', quantity: 1 }], reason: 'Flickers' });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.json().code).toBe('ORDERS.NOT_RETURNABLE');
    await deliver(order.id);

    // More than delivered: 409, nothing written.
    const over = await createReturn(ticketId, { lines: [{ sku: 'LAMP', quantity: 3 }], reason: 'Flickers' });
    expect(over.statusCode, over.body).toBe(409);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.json()).toMatchObject({ code: 'ORDERS.RETURN_EXCEEDS', detail: 'Only 2 of LAMP can still be returned (delivered less already returned)' });
    expect(await written(order.id, ticketId)).toEqual({ returns: 0, events: 0, history: 0 });
    const notSold = await createReturn(ticketId, { lines: [{ sku: 'TEAPOT', quantity: 1 }], reason: 'Flickers' });
    expect(notSold.statusCode, notSold.body).toBe(400);
    expect(notSold.json().code).toBe('ORDERS.INVALID_RETURN');
    expect((await createReturn(ticketId, { lines: [{ sku: 'LAMP', quantity: 1 }], reason: 'Flickers' }, customer)).statusCode).toBe(403);

    const made = await createReturn(ticketId, { lines: [{ sku: 'LAMP', quantity: 1 }], reason: 'Flickers' });
    expect(made.statusCode, made.body).toBe(201);
    const rma = made.json().returns[0];
    expect(rma).toMatchObject({ orderId: order.id, orderNumber: order.number, status: 'authorized', lines: [{ sku: 'LAMP', title: 'Product LAMP', quantity: 1 }], reason: 'Flickers', reference: ticketId, refund: null, receivedAt: null });
    expect(made.json().history.at(-1)).toMatchObject({ field: 'return', from: null, to: `${rma.id} authorized`, actorName: 'Test' });
    expect(await written(order.id, ticketId)).toEqual({ returns: 1, events: 1, history: 1 });

    // One LAMP is left to return: two more answer 409 and change nothing.
    const again = await createReturn(ticketId, { lines: [{ sku: 'LAMP', quantity: 2 }], reason: 'The other one too' });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().detail).toBe('Only 1 of LAMP can still be returned (delivered less already returned)');
    expect(await written(order.id, ticketId)).toEqual({ returns: 1, events: 1, history: 1 });

    // The parcel is back: refund through the order's refund path and a `return` movement.
    const before = await onHand('LAMP');
    const received = await app.inject({ method: 'POST', url: `/api/admin/support/tickets/${ticketId}/returns/${rma.id}/receive`, headers: auth(agent) });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().returns[0]).toMatchObject({ id: rma.id, status: 'received', refund: { id: expect.stringMatching(/^orf_/), amount: gbp(1000) }, receivedAt: expect.any(String) });
    expect(received.json().history.at(-1)).toMatchObject({ field: 'return', from: `${rma.id} authorized`, to: `${rma.id} received` });
    expect(await onHand('LAMP')).toBe(before + 1);
    const movements = (await app.inject({ url: '/api/admin/inventory/LAMP/movements', headers: auth(admin) })).json().data;
    expect(movements[0]).toMatchObject({ type: 'return', quantity: 1 });
    const staffOrder = (await app.inject({ url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json();
    expect(staffOrder.refundedTotal).toEqual(gbp(1000));
    expect(staffOrder.refunds).toEqual([expect.objectContaining({ amount: gbp(1000), restocked: true, reason: `Return ${rma.id}: Flickers`, lines: [expect.objectContaining({ sku: 'LAMP', quantity: 1, amount: gbp(1000) })] })]);
    const events = await rows<{ type: string }>(app.database.db, sql`select type from events.outbox where aggregate_id = ${order.id} and type in ('return.authorized', 'return.received', 'order.refunded') order by id`);
    expect(events.map((e) => e.type)).toEqual(['return.authorized', 'order.refunded', 'return.received']);

    // Received twice: 409, no second refund or movement.
    const twice = await app.inject({ method: 'POST', url: `/api/admin/support/tickets/${ticketId}/returns/${rma.id}/receive`, headers: auth(agent) });
    expect(twice.statusCode, twice.body).toBe(409);
    expect(twice.json().code).toBe('ORDERS.RETURN_RECEIVED');
    expect(await onHand('LAMP')).toBe(before + 1);
    expect((await app.inject({ url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json().refunds).toHaveLength(1);

    // A return of another ticket, or an unknown one, is not this ticket's.
    const unknown = await app.inject({ method: 'POST', url: `/api/admin/support/tickets/${ticketId}/returns/rma_unknown/receive`, headers: auth(agent) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('SUPPORT.RETURN_NOT_FOUND');
  });

  /** A delivered order of one LAMP (paid with `payment`) with a return-request ticket and an authorized return of it. */
  async function authorizedReturn(email: string, payment?: Record<string, unknown>) {
    const order = await shippedOrder([{ sku: 'LAMP', quantity: 1 }], email, payment);
    await deliver(order.id);
    const ticketId = await ticket(order.id, email, 'return_request');
    const made = await createReturn(ticketId, { lines: [{ sku: 'LAMP', quantity: 1 }], reason: 'Changed my mind' });
    expect(made.statusCode, made.body).toBe(201);
    return { order, ticketId, rmaId: made.json().returns[0].id as string };
  }
  const receive = (ticketId: string, rmaId: string, payload?: Record<string, unknown>, key?: string) => app.inject({
    method: 'POST', url: `/api/admin/support/tickets/${ticketId}/returns/${rmaId}/receive`,
    headers: { ...auth(agent), ...(key ? { 'idempotency-key': key } : {}) }, ...(payload ? { payload } : {}),
  });

  it('a receipt repeated with its Idempotency-Key answers again: one refund, one movement, one history line', async () => {
    const { order, ticketId, rmaId } = await authorizedReturn('rma.retry@example.test');
    const other = await authorizedReturn('rma.retry2@example.test');
    const before = await onHand('LAMP');
    const first = await receive(ticketId, rmaId, undefined, `receive-${rmaId}`);
    expect(first.statusCode, first.body).toBe(200);
    // The agent's browser retries (the answer was lost): the same ticket comes back, nothing is done twice.
    const repeat = await receive(ticketId, rmaId, undefined, `receive-${rmaId}`);
    expect(repeat.statusCode, repeat.body).toBe(200);
    expect(repeat.json().returns[0]).toEqual(first.json().returns[0]);
    expect(await onHand('LAMP')).toBe(before + 1);
    expect((await app.inject({ url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json().refunds).toHaveLength(1);
    expect(repeat.json().history.filter((h: { field: string }) => h.field === 'return')).toHaveLength(2);
    // The key with another request, or on another return: 422, nothing done.
    const otherBody = await receive(ticketId, rmaId, { refund: false }, `receive-${rmaId}`);
    expect(otherBody.statusCode, otherBody.body).toBe(422);
    expect(otherBody.json().code).toBe('IDEMPOTENCY.KEY_REUSED');
    const otherReturn = await receive(other.ticketId, other.rmaId, undefined, `receive-${rmaId}`);
    expect(otherReturn.statusCode, otherReturn.body).toBe(422);
    expect((await app.inject({ url: `/api/admin/orders/${other.order.id}`, headers: auth(admin) })).json().refunds).toEqual([]);
    // Without a key a second receipt is still refused.
    expect((await receive(ticketId, rmaId)).json().code).toBe('ORDERS.RETURN_RECEIVED');
  });

  it('the customer sees the returns of their order with its token; anyone else gets 404', async () => {
    const { order, rmaId } = await authorizedReturn('rma.mine@example.test');
    const mine = await app.inject({ url: `/api/orders/${order.id}/returns`, headers: { 'x-order-token': order.accessToken } });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().data).toEqual([expect.objectContaining({ id: rmaId, orderNumber: order.number, status: 'authorized', lines: [{ sku: 'LAMP', title: 'Product LAMP', quantity: 1 }], refund: null })]);
    expect((await app.inject({ url: `/api/orders/${order.id}/returns` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/orders/${order.id}/returns`, headers: { 'x-order-token': 'not-the-token' } })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/orders/${order.id}/returns`, headers: auth(customer) })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/orders/ord_unknown/returns', headers: auth(admin) })).statusCode).toBe(404);
  });

  it('a return of an order never paid (cash on delivery not collected) is received without a refund: stock back, no refund', async () => {
    const { order, ticketId, rmaId } = await authorizedReturn('rma.cod@example.test', { method: 'cash_on_delivery' });
    const before = await onHand('LAMP');
    const refused = await receive(ticketId, rmaId);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().code).toBe('ORDERS.NO_PAYMENT');
    expect(await onHand('LAMP')).toBe(before);
    const restocked = await receive(ticketId, rmaId, { refund: false });
    expect(restocked.statusCode, restocked.body).toBe(200);
    expect(restocked.json().returns[0]).toMatchObject({ id: rmaId, status: 'received', refund: null, receivedAt: expect.any(String) });
    expect(restocked.json().history.at(-1)).toMatchObject({ field: 'return', to: `${rmaId} received` });
    expect(await onHand('LAMP')).toBe(before + 1);
    const movements = (await app.inject({ url: '/api/admin/inventory/LAMP/movements', headers: auth(admin) })).json().data;
    expect(movements[0]).toMatchObject({ type: 'return', quantity: 1 });
    expect((await app.inject({ url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json().refunds).toEqual([]);
    const [event] = await rows<{ payload: { return: { refundId: string | null; status: string } } }>(app.database.db, sql`select payload from events.outbox where aggregate_id = ${order.id} and type = 'return.received'`);
    expect(event!.payload.return).toMatchObject({ status: 'received', refundId: null });
    expect((await receive(ticketId, rmaId, { refund: false })).json().code).toBe('ORDERS.RETURN_RECEIVED');
  });
});
