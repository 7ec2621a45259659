/**
 * Card payments through the Stripe adapter, end to end over HTTP: the official SDK talks to the
 * local Stripe stand-in (test/support/stripe-standin.ts) on a loopback port, and the stand-in
 * sends signed webhooks to the app, which listens on a loopback port too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { createTestApp, type TestApp } from './support/app.js';
import { startStripeStandIn, type StripeStandIn } from './support/stripe-standin.js';
import { rows } from '../src/platform/db/index.js';

const KEYS = { secretKey: 'sk_test_standin_0123456789', publishableKey: 'pk_test_standin_0123456789', webhookSecret: 'whsec_standin_0123456789' };
let app: TestApp;
let stripe: StripeStandIn;
let admin: string;
let base: string;
let keys = 0;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

async function product(sku: string, price: number, stock: number, categoryId: string) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: `Product ${sku}`, status: 'active', categoryId, variants: [{ sku, price: { amount: price, currency: 'GBP' } }] } });
  expect(res.statusCode, res.body).toBe(201);
  const mv = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: stock, type: 'receipt', reason: 'delivery' } });
  expect(mv.statusCode, mv.body).toBe(201);
}

async function guestCart(sku = 'CARD-1', quantity = 1) {
  const res = await app.inject({ method: 'POST', url: '/api/carts', payload: {} });
  const { id, token } = res.json();
  const add = await app.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers: { 'x-cart-token': token }, payload: { sku, quantity } });
  expect(add.statusCode, add.body).toBeLessThan(300);
  return { id: id as string, token: token as string };
}

function checkout(cart: { id: string; token: string }, key = `stripe-key-${++keys}`, payment: Record<string, unknown> = { method: 'card' }) {
  return app.inject({
    method: 'POST', url: '/api/orders', headers: { 'idempotency-key': key, 'x-cart-token': cart.token },
    payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment },
  });
}

/** A placed card order still awaiting the customer: its id, client secret and PaymentIntent id. */
async function placed(sku = 'CARD-1') {
  const cart = await guestCart(sku);
  const res = await checkout(cart);
  expect(res.statusCode, res.body).toBe(201);
  const order = res.json();
  const intentId = String(order.payment.clientSecret).split('_secret_')[0]!;
  return { order, cart, intentId };
}

const confirmCall = (orderId: string) => app.inject({ method: 'POST', url: `/api/orders/${orderId}/payment/confirm` });

async function outbox(orderId: string) {
  return rows<{ type: string }>(app.database.db, sql`select type from events.outbox where payload->>'orderId' = ${orderId} or payload->'order'->>'id' = ${orderId} order by id`);
}
const count = (events: { type: string }[], type: string) => events.filter((e) => e.type === type).length;

async function onHand(sku: string): Promise<number> {
  const [r] = await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = ${sku}`);
  return r!.on_hand;
}

async function paymentOf(orderId: string) {
  const res = await app.inject({ method: 'GET', url: `/api/admin/payments?orderId=${orderId}`, headers: auth(admin) });
  return res.json().data as { status: string; card: { last4: string } | null; capturedAmount: { amount: number }; refundedAmount: { amount: number }; failureCode: string | null }[];
}

const events = (intentId: string, type?: string) => stripe.events.filter((e) => e.body.includes(`"id":"${intentId}"`) && (!type || e.type === type));

beforeAll(async () => {
  stripe = await startStripeStandIn(KEYS);
  app = await createTestApp({ stripe: { ...KEYS, apiBase: stripe.url, jsUrl: `${stripe.url}/v3/` } });
  base = await app.server.listen({ port: 0, host: '127.0.0.1' });
  stripe.setWebhookUrl(`${base}/api/payments/webhooks/stripe`);
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Cards' } });
  await product('CARD-1', 1500, 100, cat.json().id);
});
afterAll(async () => {
  await app?.close();
  await stripe?.close();
});

describe('Content-Security-Policy with Stripe pointed elsewhere (STRIPE_JS_URL, STRIPE_API_BASE)', () => {
  it('allows the origin of STRIPE_JS_URL as script and iframes and the origin of STRIPE_API_BASE for API calls, not Stripe\'s own', async () => {
    const res = await app.inject({ url: '/checkout', headers: { accept: 'text/html' } });
    const policy = Object.fromEntries(String(res.headers['content-security-policy']).split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
    expect(policy['script-src']).toEqual(["'self'", stripe.url]);
    expect(policy['frame-src']).toEqual(["'self'", stripe.url]);
    expect(policy['connect-src']).toEqual(["'self'", stripe.url]);
  });
});

describe('checkout with method card (Stripe PaymentIntents)', () => {
  it('creates a manual-capture PaymentIntent for the total and answers its client secret; the order waits in payment_processing', async () => {
    const before = await onHand('CARD-1');
    const { order, intentId } = await placed();
    expect(order.status).toBe('payment_processing');
    expect(order.payment).toMatchObject({ method: 'card', status: 'pending' });
    const intent = stripe.intents.get(intentId)!;
    expect(order.payment.clientSecret).toBe(intent.client_secret);
    expect(intent).toMatchObject({ amount: order.totals.total.amount, currency: 'gbp', capture_method: 'manual', status: 'requires_payment_method' });
    expect((intent.metadata as Record<string, string>).order_id).toBe(order.id);
    expect(stripe.requests.find((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.idempotencyKey === `${order.id}:payment_intent.create`)).toBeDefined();
    expect(await onHand('CARD-1')).toBe(before - 1);
    expect(await paymentOf(order.id)).toMatchObject([{ status: 'pending', card: null }]);
  });

  it('a replay of the checkout answers the same PaymentIntent (one at Stripe)', async () => {
    const cart = await guestCart();
    const key = `stripe-replay-${++keys}`;
    const first = await checkout(cart, key);
    const again = await checkout(cart, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().payment.clientSecret).toBe(first.json().payment.clientSecret);
    expect([...stripe.intents.values()].filter((i) => (i.metadata as Record<string, string>).order_id === first.json().id)).toHaveLength(1);
  });

  it('refuses card fields with method card, before anything is written', async () => {
    const cart = await guestCart();
    const before = await onHand('CARD-1');
    const res = await checkout(cart, undefined, { method: 'card', card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('PAYMENTS.CARD_MISMATCH');
    expect(await onHand('CARD-1')).toBe(before);
  });

  it('a Stripe outage at checkout answers 502 and cancels the order: the stock comes back', async () => {
    const cart = await guestCart();
    const before = await onHand('CARD-1');
    stripe.failNext(3); // the SDK retries twice
    const res = await checkout(cart);
    expect(res.statusCode, res.body).toBe(502);
    expect(res.json().code).toBe('PAYMENTS.PROVIDER_ERROR');
    expect(await onHand('CARD-1')).toBe(before);
  });
});

describe('confirming the order: webhook or confirm call, whichever comes first, exactly once', () => {
  it('confirm call first, then the webhook: confirmed once', async () => {
    const { order, intentId } = await placed();
    expect((await stripe.confirmAsBrowser(intentId, 'pm_card_visa')).status).toBe(200);
    const res = await confirmCall(order.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ orderStatus: 'confirmed', outcome: 'authorized', paymentStatus: 'authorized' });
    const delivered = await stripe.deliver((e) => events(intentId).includes(e));
    expect(delivered.map((e) => [e.type, e.delivered?.status])).toEqual([['payment_intent.amount_capturable_updated', 200]]);
    expect(JSON.parse(delivered[0]!.delivered!.body)).toEqual({ received: true, outcome: 'authorized' });
    const log = await outbox(order.id);
    expect([count(log, 'order.confirmed'), count(log, 'payment.authorized')]).toEqual([1, 1]);
    expect(await paymentOf(order.id)).toMatchObject([{ status: 'authorized', card: { last4: '4242' } }]);
  });

  it('webhook first, then the confirm call: confirmed once', async () => {
    const { order, intentId } = await placed();
    await stripe.confirmAsBrowser(intentId, 'pm_card_visa');
    const [event] = await stripe.deliver((e) => events(intentId).includes(e));
    expect(event!.delivered!.status).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json().status).toBe('confirmed');
    const res = await confirmCall(order.id);
    expect(res.json()).toMatchObject({ orderStatus: 'confirmed', outcome: 'authorized' });
    const log = await outbox(order.id);
    expect([count(log, 'order.confirmed'), count(log, 'payment.authorized')]).toEqual([1, 1]);
  });

  it('webhook and confirm call racing (and the webhook redelivered): confirmed once', async () => {
    const { order, intentId } = await placed();
    await stripe.confirmAsBrowser(intentId, 'pm_card_visa');
    const [event] = events(intentId);
    const [calls] = await Promise.all([Promise.all([confirmCall(order.id), confirmCall(order.id)]), stripe.deliver((e) => e === event)]);
    expect(calls.map((c) => c.json().orderStatus)).toEqual(['confirmed', 'confirmed']);
    expect(event!.delivered!.status).toBe(200);
    // Stripe redelivers (same event id): a duplicate, nothing more.
    event!.delivered = undefined;
    await stripe.deliver((e) => e === event);
    expect(JSON.parse(event!.delivered!.body)).toEqual({ received: true, outcome: 'duplicate' });
    const log = await outbox(order.id);
    expect([count(log, 'order.confirmed'), count(log, 'payment.authorized')]).toEqual([1, 1]);
  });

  it('3-D Secure: the order waits while authentication is pending, then the webhook confirms it', async () => {
    const { order, intentId } = await placed();
    const first = await stripe.confirmAsBrowser(intentId, 'pm_card_authenticationRequired');
    expect(first.body.status).toBe('requires_action');
    expect((await confirmCall(order.id)).json()).toMatchObject({ orderStatus: 'payment_processing', outcome: 'requires_action' });
    const done = await fetch(`${stripe.url}/v1/payment_intents/${intentId}/authenticate`, {
      method: 'POST', headers: { authorization: `Bearer ${KEYS.publishableKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: String(stripe.intents.get(intentId)!.client_secret) }).toString(),
    });
    expect(done.status).toBe(200);
    await stripe.deliver((e) => events(intentId).includes(e));
    expect((await app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json().status).toBe('confirmed');
  });

  it('payment_intent.succeeded (captured at Stripe) also confirms a pending order, and records the capture', async () => {
    const { order, intentId } = await placed();
    await stripe.confirmAsBrowser(intentId, 'pm_card_visa');
    // Captured from Stripe's dashboard before any event reached us: only the succeeded event arrives.
    const capture = await new Stripe(KEYS.secretKey, { host: '127.0.0.1', port: Number(new URL(stripe.url).port), protocol: 'http' }).paymentIntents.capture(intentId);
    expect(capture.status).toBe('succeeded');
    await stripe.deliver((e) => events(intentId, 'payment_intent.succeeded').includes(e));
    expect((await app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json().status).toBe('confirmed');
    expect(await paymentOf(order.id)).toMatchObject([{ status: 'captured', capturedAmount: { amount: order.totals.total.amount } }]);
  });
});

describe('declines, cancellation, capture and refunds', () => {
  it('a declined card (payment_intent.payment_failed) cancels the order: stock back, cart reopened, PaymentIntent canceled', async () => {
    const before = await onHand('CARD-1');
    const { order, intentId, cart } = await placed();
    expect(await onHand('CARD-1')).toBe(before - 1);
    const declined = await stripe.confirmAsBrowser(intentId, 'pm_card_visa_chargeDeclined');
    expect(declined.status).toBe(402);
    const [event] = await stripe.deliver((e) => events(intentId, 'payment_intent.payment_failed').includes(e));
    expect(JSON.parse(event!.delivered!.body)).toEqual({ received: true, outcome: 'failed' });
    const now = (await app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json();
    expect([now.status, now.cancelReason]).toEqual(['cancelled', 'payment_failed']);
    expect(await onHand('CARD-1')).toBe(before);
    expect(stripe.intents.get(intentId)!.status).toBe('canceled');
    expect(await paymentOf(order.id)).toMatchObject([{ status: 'voided', failureCode: 'generic_decline' }]);
    const cartNow = await app.inject({ method: 'GET', url: `/api/carts/${cart.id}`, headers: { 'x-cart-token': cart.token } });
    expect(cartNow.json().status).toBe('active');
    // The customer's confirm call after the decline: the order as it is.
    expect((await confirmCall(order.id)).json()).toMatchObject({ orderStatus: 'cancelled', outcome: 'canceled' });
  });

  it('a decline seen by the confirm call first cancels the order too', async () => {
    const before = await onHand('CARD-1');
    const { order, intentId } = await placed();
    await stripe.confirmAsBrowser(intentId, 'pm_card_chargeDeclinedInsufficientFunds');
    expect((await confirmCall(order.id)).json()).toMatchObject({ orderStatus: 'cancelled', outcome: 'failed' });
    expect(await onHand('CARD-1')).toBe(before);
    await stripe.deliver((e) => events(intentId).includes(e));
    const log = await outbox(order.id);
    expect([count(log, 'order.cancelled'), count(log, 'order.confirmed')]).toEqual([1, 0]);
  });

  it('cancelling an unconfirmed order cancels its PaymentIntent: the customer can no longer pay it', async () => {
    const { order, intentId } = await placed();
    const cancel = await app.inject({ method: 'POST', url: `/api/orders/${order.id}/cancel`, headers: { 'x-order-token': order.accessToken } });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(stripe.intents.get(intentId)!.status).toBe('canceled');
    expect((await stripe.confirmAsBrowser(intentId, 'pm_card_visa')).status).toBe(400);
    await stripe.deliver((e) => events(intentId).includes(e));
    expect(await paymentOf(order.id)).toMatchObject([{ status: 'voided' }]);
  });

  it('captures at shipment and refunds through the API, with idempotency keys derived from ours; the echoes change nothing', async () => {
    const { order, intentId } = await placed();
    await stripe.confirmAsBrowser(intentId, 'pm_card_visa');
    await confirmCall(order.id);
    const processing = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/transitions`, headers: auth(admin), payload: { to: 'processing' } });
    expect(processing.statusCode, processing.body).toBe(200);
    const shipped = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments`, headers: auth(admin), payload: { carrier: 'DPD', trackingNumber: 'DPD1' } });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const total = order.totals.total.amount as number;
    expect(stripe.intents.get(intentId)).toMatchObject({ status: 'succeeded', amount_received: total });
    const [pay] = await rows<{ id: string }>(app.database.db, sql`select id from payments.payment where order_id = ${order.id}`);
    expect(stripe.requests.find((r) => r.path === `/v1/payment_intents/${intentId}/capture`)?.idempotencyKey).toBe(`${pay!.id}:capture`);

    const refund = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/refunds`, headers: { ...auth(admin), 'idempotency-key': 'refund-abc' }, payload: { amount: 500, reason: 'damaged' } });
    expect(refund.statusCode, refund.body).toBeLessThan(300);
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.idempotencyKey)).toEqual(['key:refund-abc:refund']);
    const replay = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/refunds`, headers: { ...auth(admin), 'idempotency-key': 'refund-abc' }, payload: { amount: 500, reason: 'damaged' } });
    expect(replay.statusCode, replay.body).toBeLessThan(300);
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds')).toHaveLength(1);

    const delivered = await stripe.deliver((e) => events(intentId).includes(e) || e.body.includes(`"payment_intent":"${intentId}"`));
    expect(delivered.map((e) => e.delivered!.status)).toEqual(delivered.map(() => 200));
    expect(await paymentOf(order.id)).toMatchObject([{ status: 'partially_refunded', capturedAmount: { amount: total }, refundedAmount: { amount: 500 } }]);
    const log = await outbox(order.id);
    expect([count(log, 'order.confirmed'), count(log, 'payment.captured'), count(log, 'payment.refunded')]).toEqual([1, 1, 1]);
  });
});

describe('the Stripe webhook endpoint', () => {
  const post = (body: string, signature?: string) =>
    fetch(`${base}/api/payments/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, body });

  it('refuses a missing, wrong or stale signature and a tampered body with 401, and changes nothing', async () => {
    const { order, intentId } = await placed();
    await stripe.confirmAsBrowser(intentId, 'pm_card_visa');
    const [event] = events(intentId, 'payment_intent.amount_capturable_updated');
    const signer = new Stripe(KEYS.secretKey);
    const good = signer.webhooks.generateTestHeaderString({ payload: event!.body, secret: KEYS.webhookSecret });
    const cases = [
      await post(event!.body),
      await post(event!.body, signer.webhooks.generateTestHeaderString({ payload: event!.body, secret: 'whsec_wrong' })),
      await post(event!.body, signer.webhooks.generateTestHeaderString({ payload: event!.body, secret: KEYS.webhookSecret, timestamp: Math.floor(Date.now() / 1000) - 3600 })),
      await post(event!.body.replace(`"amount":${order.totals.total.amount}`, '"amount":1'), good),
    ];
    for (const res of cases) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('PAYMENTS.BAD_SIGNATURE');
    }
    expect((await app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: auth(admin) })).json().status).toBe('payment_processing');
    const ok = await post(event!.body, good);
    expect(await ok.json()).toEqual({ received: true, outcome: 'authorized' });
  });

  it('acknowledges events about PaymentIntents that are not ours, and other event types', async () => {
    const signer = new Stripe(KEYS.secretKey);
    const foreign = JSON.stringify({ id: 'evt_foreign_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_elsewhere', object: 'payment_intent', amount: 100, currency: 'usd', status: 'succeeded', metadata: {} } } });
    const other = JSON.stringify({ id: 'evt_other_1', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
    for (const body of [foreign, other]) {
      const res = await post(body, signer.webhooks.generateTestHeaderString({ payload: body, secret: KEYS.webhookSecret }));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { outcome: string }).outcome).toBe('ignored');
    }
  });
});

describe('without Stripe configured', () => {
  it('refuses method card with 422 before anything is written, and has no Stripe webhook', async () => {
    const plain = await createTestApp();
    try {
      const token = await plain.tokenFor(['admin']);
      const cat = await plain.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(token), payload: { name: 'Plain' } });
      await plain.inject({ method: 'POST', url: '/api/admin/products', headers: auth(token), payload: { title: 'P', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'PLAIN-1', price: { amount: 100, currency: 'GBP' } }] } });
      await plain.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(token), payload: { sku: 'PLAIN-1', quantity: 5, type: 'receipt', reason: 'delivery' } });
      const cart = (await plain.inject({ method: 'POST', url: '/api/carts', payload: {} })).json();
      await plain.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: { 'x-cart-token': cart.token }, payload: { sku: 'PLAIN-1', quantity: 1 } });
      const res = await plain.inject({
        method: 'POST', url: '/api/orders', headers: { 'idempotency-key': 'plain-1', 'x-cart-token': cart.token },
        payload: { cartId: cart.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'card' } },
      });
      expect(res.statusCode, res.body).toBe(422);
      const [orders] = await rows<{ n: number }>(plain.database.db, sql`select count(*)::int as n from orders."order"`);
      expect(orders!.n).toBe(0);
      const [stock] = await rows<{ on_hand: number }>(plain.database.db, sql`select on_hand from catalog.variant where sku = 'PLAIN-1'`);
      expect(stock!.on_hand).toBe(5);
      expect((await plain.inject({ method: 'POST', url: '/api/payments/webhooks/stripe', payload: { id: 'evt_1', type: 'x' } })).statusCode).not.toBe(200);
    } finally {
      await plain.close();
    }
  });
});
