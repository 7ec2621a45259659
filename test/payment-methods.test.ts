/**
 * Payment methods (issue 19, section 1): the list the storefront offers, the offline methods
 * (bank transfer, cash on delivery, pay in store) from checkout to "payment received", their
 * timeouts, and the test provider in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';

let app: TestApp;
let admin: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };
const card = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };
const bank = { accountName: 'Lantern & Co Ltd', iban: 'GB29NWBK60161331926819', bic: 'NWBKGB2L' };
let keys = 0;

async function guestCart(sku: string, quantity: number, target = app) {
  const res = await target.inject({ method: 'POST', url: '/api/carts', payload: {} });
  const { id, token } = res.json();
  const add = await target.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers: { 'x-cart-token': token }, payload: { sku, quantity } });
  expect(add.statusCode, add.body).toBeLessThan(300);
  return { id: id as string, token: token as string };
}

function checkout(cart: { id: string; token: string }, payment: Record<string, unknown>, email = 'ada@example.test', target = app) {
  return target.inject({
    method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `pm-${++keys}`, 'x-cart-token': cart.token },
    payload: { cartId: cart.id, email, shippingAddress: address, shippingMethodId: 'standard', payment },
  });
}

const onHand = async (sku: string, target = app) => (await rows<{ on_hand: number }>(target.database.db, sql`select on_hand from catalog.variant where sku = ${sku}`))[0]!.on_hand;
const received = (id: string, payload: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: `/api/admin/orders/${id}/payment-received`, headers: auth(admin), payload });

async function seed(target: TestApp, token: string) {
  const cat = await target.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(token), payload: { name: 'Lanterns' } });
  const product = await target.inject({ method: 'POST', url: '/api/admin/products', headers: auth(token), payload: { title: 'Lamp', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'LAMP', price: { amount: 1000, currency: 'GBP' } }] } });
  expect(product.statusCode, product.body).toBe(201);
  await target.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(token), payload: { sku: 'LAMP', quantity: 100, type: 'receipt', reason: 'delivery' } });
}

beforeAll(async () => {
  app = await createTestApp({ shopBank: bank, bankTransferTimeoutDays: 7 });
  admin = await app.tokenFor(['admin']);
  await seed(app, admin);
});
afterAll(() => app?.close());

describe('GET /api/payment-methods', () => {
  it('lists the test card and the three offline methods outside production, without a test-mode flag', async () => {
    const res = await app.inject({ url: '/api/payment-methods' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      { id: 'test', kind: 'card', provider: 'test', label: 'Test card' },
      { id: 'bank_transfer', kind: 'offline', provider: null, label: 'Bank transfer' },
      { id: 'cash_on_delivery', kind: 'offline', provider: null, label: 'Cash on delivery' },
      { id: 'pay_in_store', kind: 'offline', provider: null, label: 'Pay in store (click and collect)' },
    ]);
  });
});

describe('bank transfer', () => {
  it('places the order awaiting payment with the bank details and reference, mails them, and confirms when staff mark it received', async () => {
    const before = await onHand('LAMP');
    const res = await checkout(await guestCart('LAMP', 2), { method: 'bank_transfer' }, 'transfer@example.test');
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order.status).toBe('awaiting_payment');
    expect(order.payment).toEqual({ method: 'bank_transfer', instructions: { ...bank, reference: order.number, amount: order.totals.total.amount } });
    expect(order.statusHistory.map((h: { to: string }) => h.to)).toEqual(['pending', 'awaiting_payment']);
    expect(await onHand('LAMP')).toBe(before - 2);
    // The guest reads it back with the same instructions (the confirmation page after a reload).
    const read = await app.inject({ url: `/api/orders/${order.id}`, headers: { 'x-order-token': order.accessToken } });
    expect(read.json().payment).toEqual(order.payment);

    await app.relay.drain();
    const mails = (await app.inject({ url: '/api/admin/mail?to=transfer@example.test', headers: auth(admin) })).json().data as { id: string; template: string; subject: string }[];
    expect(mails.map((m) => m.template)).toEqual(['order_confirmation']);
    expect(mails[0]!.subject).toContain('awaiting your bank transfer');
    const mail = (await app.inject({ url: `/api/admin/mail/${mails[0]!.id}`, headers: auth(admin) })).json();
    for (const text of [bank.iban, bank.bic, bank.accountName, order.number]) expect(mail.text).toContain(text);

    // Staff cannot confirm it by hand, nor ship it, before the money is in.
    const confirm = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/transitions`, headers: auth(admin), payload: { to: 'confirmed' } });
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json().code).toBe('ORDERS.PAYMENT_REQUIRED');
    const early = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments`, headers: auth(admin), payload: { carrier: 'Royal Mail', trackingNumber: 'RM1' } });
    expect(early.statusCode).toBe(409);

    const paid = await received(order.id, { reference: 'BACS 2026-12-01 CPT' });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().status).toBe('confirmed');
    const payments = (await app.inject({ url: `/api/admin/payments?orderId=${order.id}`, headers: auth(admin) })).json().data;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ provider: 'bank_transfer', status: 'captured', capturedAmount: order.totals.total, card: null });
    expect(paid.json().statusHistory.at(-1)).toMatchObject({ from: 'awaiting_payment', to: 'confirmed', reason: `offline payment ${payments[0].id} received (bank_transfer)`, actor: expect.stringMatching(/^usr_/) });
    // Marking it again changes nothing.
    const again = await received(order.id);
    expect(again.statusCode).toBe(200);
    expect(again.json().statusHistory).toHaveLength(paid.json().statusHistory.length);
    expect((await app.inject({ url: `/api/admin/payments?orderId=${order.id}`, headers: auth(admin) })).json().data).toHaveLength(1);
    // Now it ships; a refund of the recorded payment is recorded without any provider.
    const ship = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments`, headers: auth(admin), payload: { carrier: 'Royal Mail', trackingNumber: 'RM2' } });
    expect(ship.statusCode, ship.body).toBe(201);
    const refund = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/refunds`, headers: auth(admin), payload: { amount: 100, reason: 'scratched' } });
    expect(refund.statusCode, refund.body).toBe(201);
  });

  it('is cancelled by the unpaid-order sweep after BANK_TRANSFER_TIMEOUT_DAYS, giving the stock and the promotion back', async () => {
    const promo = await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { code: 'BANK5', type: 'percentage', value: 5, usageLimit: 10 } });
    expect(promo.statusCode, promo.body).toBe(201);
    const before = await onHand('LAMP');
    const old = await guestCart('LAMP', 1);
    await app.inject({ method: 'POST', url: `/api/carts/${old.id}/promotions`, headers: { 'x-cart-token': old.token }, payload: { code: 'bank5' } });
    const late = (await checkout(old, { method: 'bank_transfer' })).json();
    const recent = (await checkout(await guestCart('LAMP', 1), { method: 'bank_transfer' })).json();
    expect((await app.inject({ url: `/api/admin/promotions/${promo.json().id}`, headers: auth(admin) })).json().timesUsed).toBe(1);
    await app.database.db.execute(sql`update orders."order" set placed_at = now() - interval '8 days' where id = ${late.id}`);
    await app.database.db.execute(sql`update orders."order" set placed_at = now() - interval '6 days' where id = ${recent.id}`);
    await app.runJob('orders.sweep-unpaid');
    const lateNow = (await app.inject({ url: `/api/admin/orders/${late.id}`, headers: auth(admin) })).json();
    expect(lateNow).toMatchObject({ status: 'cancelled', cancelReason: 'payment_timeout' });
    expect((await app.inject({ url: `/api/admin/orders/${recent.id}`, headers: auth(admin) })).json().status).toBe('awaiting_payment');
    expect(await onHand('LAMP')).toBe(before - 1);
    expect((await app.inject({ url: `/api/admin/promotions/${promo.json().id}`, headers: auth(admin) })).json().timesUsed).toBe(0);
    // Money arriving after the cancellation is refused: nothing is recorded.
    const tooLate = await received(late.id);
    expect(tooLate.statusCode).toBe(409);
    expect((await app.inject({ url: `/api/admin/payments?orderId=${late.id}`, headers: auth(admin) })).json().data).toHaveLength(0);
  });

  it('refuses card fields, and the test method without them (422, nothing written)', async () => {
    const cart = await guestCart('LAMP', 1);
    const before = await onHand('LAMP');
    const withCard = await checkout(cart, { method: 'bank_transfer', card });
    expect(withCard.statusCode).toBe(422);
    expect(withCard.json().code).toBe('PAYMENTS.CARD_MISMATCH');
    const noCard = await checkout(cart, { method: 'test' });
    expect(noCard.statusCode).toBe(422);
    expect(noCard.json().code).toBe('PAYMENTS.CARD_MISMATCH');
    const missing = await checkout(cart, {});
    expect(missing.statusCode).toBe(422);
    expect(missing.json().code).toBe('PAYMENTS.METHOD_UNAVAILABLE');
    expect(await onHand('LAMP')).toBe(before);
  });

  it('is not marked received on a card order (409 ORDERS.NOT_OFFLINE)', async () => {
    const res = await checkout(await guestCart('LAMP', 1), { method: 'test', card });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().payment).toEqual({ method: 'test' });
    const mark = await received(res.json().id);
    expect(mark.statusCode).toBe(409);
    expect(mark.json().code).toBe('ORDERS.NOT_OFFLINE');
  });
});

describe('cash on delivery', () => {
  it('confirms at checkout, ships unpaid with the reason in the history, and records the cash afterwards', async () => {
    const res = await checkout(await guestCart('LAMP', 1), { method: 'cash_on_delivery' });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order.status).toBe('confirmed');
    expect(order.statusHistory.at(-1)).toMatchObject({ from: 'pending', to: 'confirmed', reason: 'cash_on_delivery: paid on delivery' });
    const ship = await app.inject({ method: 'POST', url: `/api/admin/orders/${order.id}/shipments`, headers: auth(admin), payload: { carrier: 'DPD', trackingNumber: 'D1' } });
    expect(ship.statusCode, ship.body).toBe(201);
    expect(ship.json().statusHistory.at(-1)).toMatchObject({ to: 'shipped', reason: 'cash_on_delivery: ships unpaid, paid on delivery' });
    const paid = await received(order.id);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().status).toBe('shipped');
    const payments = (await app.inject({ url: `/api/admin/payments?orderId=${order.id}`, headers: auth(admin) })).json().data;
    expect(payments).toMatchObject([{ provider: 'cash_on_delivery', status: 'captured' }]);
  });
});

describe('pay in store', () => {
  it('waits for payment at the counter, then confirms and is collected', async () => {
    const res = await checkout(await guestCart('LAMP', 1), { method: 'pay_in_store' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'awaiting_payment', payment: { method: 'pay_in_store' } });
    expect(res.json().payment.instructions).toBeUndefined();
    const paid = await received(res.json().id);
    expect(paid.json().status).toBe('confirmed');
    const collected = await app.inject({ method: 'POST', url: `/api/admin/orders/${res.json().id}/shipments`, headers: auth(admin), payload: { carrier: 'Collected in store', trackingNumber: 'counter' } });
    expect(collected.statusCode, collected.body).toBe(201);
  });
});

describe('configuration', () => {
  it('in production: no test method without PAYMENTS_TEST_MODE; PAYMENT_METHODS limits the offline ones (others answer 422, nothing written)', async () => {
    const live = await createTestApp({ production: true, paymentMethods: ['bank_transfer'], shopBank: bank });
    try {
      const methods = (await live.inject({ url: '/api/payment-methods' })).json().items;
      expect(methods.map((m: { id: string }) => m.id)).toEqual(['bank_transfer']);
      const token = await live.tokenFor(['admin']);
      await seed(live, token);
      const cart = await guestCart('LAMP', 1, live);
      for (const payment of [{ method: 'test', card }, { method: 'cash_on_delivery' }]) {
        const res = await checkout(cart, payment, 'ada@example.test', live);
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().code).toBe('PAYMENTS.METHOD_UNAVAILABLE');
      }
      expect(await onHand('LAMP', live)).toBe(100);
      expect((await checkout(cart, { method: 'bank_transfer' }, 'ada@example.test', live)).statusCode).toBe(201);
    } finally {
      await live.close();
    }
  }, 180_000);

  it('in production with PAYMENTS_TEST_MODE=true: the test method, flagged testMode; no bank transfer without an IBAN', async () => {
    const testMode = await createTestApp({ production: true, paymentsTestMode: true, paymentMethods: undefined, shopBank: { accountName: undefined, iban: undefined, bic: undefined } });
    try {
      const methods = (await testMode.inject({ url: '/api/payment-methods' })).json().items;
      // Bank transfer is left out in production while the shop has no IBAN.
      expect(methods.map((m: { id: string }) => m.id)).toEqual(['test', 'cash_on_delivery', 'pay_in_store']);
      expect(methods[0]).toEqual({ id: 'test', kind: 'card', provider: 'test', label: 'Test card', testMode: true });
    } finally {
      await testMode.close();
    }
  }, 180_000);
});
