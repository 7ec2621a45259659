/**
 * Payments through the contract and the admin API: authorization with the test provider, capture
 * and void, refunds (with idempotency keys), settlement of cancelled orders, the payments list and
 * card data (the last tests count what every earlier one wrote). Provider failures and concurrency:
 * payments.provider.test.ts; webhooks: payments.webhooks.test.ts. Shared set-up: payments.test-support.ts.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/index.js';
import { TEST_CARDS, type PaymentDto } from './index.js';
import { app, auth, authorized, captured, eventsOf, gbp, input, nextOrder, paymentRow, payments, snapshot, usePaymentsApp } from './payments.test-support.js';

usePaymentsApp();

describe('authorize with the test provider', () => {
  it('authorizes 4242 4242 4242 4242, keeps brand and last 4 only, publishes payment.authorized', async () => {
    const orderId = nextOrder();
    const p = await payments.authorize(input(orderId, '4242 4242 4242 4242', 1250));
    expect(p).toMatchObject({
      orderId, provider: 'test', status: 'authorized', amount: gbp(1250), capturedAmount: gbp(0), refundedAmount: gbp(0),
      card: { brand: 'visa', last4: '4242' }, failureCode: null, failureMessage: null, refunds: [],
    });
    expect(p.id).toMatch(/^pay_[0-9A-Z]{26}$/);
    expect(new Date(p.createdAt).toISOString()).toBe(p.createdAt);
    expect(await eventsOf(p.id)).toEqual([{ type: 'payment.authorized', payload: { paymentId: p.id, orderId, provider: 'test', amount: 1250, currency: 'GBP' } }]);
  });

  it.each([
    ['4000 0000 0000 0002', 'card_declined', 'The card was declined.'],
    ['4000 0000 0000 9995', 'insufficient_funds', 'The card has insufficient funds.'],
    ['4242 4242 4242 4241', 'incorrect_number', 'The card number is incorrect.'],
  ])('declines %s with %s: a failed payment (not an error) and payment.failed', async (number, code, message) => {
    const orderId = nextOrder();
    const p = await payments.authorize(input(orderId, number, 500));
    expect(p).toMatchObject({ orderId, status: 'failed', failureCode: code, failureMessage: message, amount: gbp(500), capturedAmount: gbp(0) });
    expect(await eventsOf(p.id)).toEqual([
      { type: 'payment.failed', payload: { paymentId: p.id, orderId, amount: 500, currency: 'GBP', code, message } },
    ]);
  });

  it('declines an expired card with expired_card', async () => {
    const p = await payments.authorize(input(nextOrder(), TEST_CARDS.succeeds, 500, { expMonth: 1, expYear: 2020 }));
    expect(p).toMatchObject({ status: 'failed', failureCode: 'expired_card', card: { brand: 'visa', last4: '4242' } });
  });

  it('declines other valid numbers naming the test cards; a failed attempt does not block a new one', async () => {
    const orderId = nextOrder();
    const first = await payments.authorize(input(orderId, '5555 5555 5555 4444'));
    expect(first).toMatchObject({ status: 'failed', failureCode: 'card_declined', card: { brand: 'mastercard', last4: '4444' } });
    expect(first.failureMessage).toContain('4242 4242 4242 4242');
    const second = await payments.authorize(input(orderId));
    expect(second.status).toBe('authorized');
    expect(second.id).not.toBe(first.id);
    expect((await payments.listForOrder(orderId)).map((p) => [p.id, p.status])).toEqual([[first.id, 'failed'], [second.id, 'authorized']]);
  });

  it('is idempotent per order: a retry returns the same payment, one row, one event', async () => {
    const orderId = nextOrder();
    const first = await payments.authorize(input(orderId));
    const again = await payments.authorize(input(orderId, TEST_CARDS.declined));
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('authorized');
    const captured = await payments.capture(first.id);
    expect((await payments.authorize(input(orderId))).status).toBe('captured');
    expect(captured.id).toBe(first.id);
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from payments.payment where order_id = ${orderId}`);
    expect(n!.n).toBe(1);
    expect((await eventsOf(first.id)).map((e) => e.type)).toEqual(['payment.authorized', 'payment.captured']);
  });

  it('refuses an unknown provider with 400 PAYMENTS.UNKNOWN_PROVIDER and malformed input with 400 PAYMENTS.INVALID_INPUT', async () => {
    const before = await snapshot();
    await expect(payments.authorize({ ...input(nextOrder()), provider: 'stripe' })).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.UNKNOWN_PROVIDER' });
    await expect(payments.authorize(input(nextOrder(), TEST_CARDS.succeeds, 0))).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_INPUT' });
    await expect(payments.authorize(input(nextOrder(), TEST_CARDS.succeeds, 10.5))).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_INPUT' });
    await expect(payments.authorize(input(nextOrder(), TEST_CARDS.succeeds, 100, { expMonth: 13 }))).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_INPUT' });
    await expect(payments.authorize(input(nextOrder(), TEST_CARDS.succeeds, 100, { cvc: '1' }))).rejects.toMatchObject({
      status: 400, code: 'PAYMENTS.INVALID_INPUT', errors: [{ field: 'card/cvc', message: 'must be 3 or 4 digits' }],
    });
    expect(await snapshot()).toBe(before);
  });
});

describe('capture and void', () => {
  it('captures the authorized amount by default, once; a captured payment is then never voided', async () => {
    const p = await authorized(1000);
    const c = await payments.capture(p.id);
    expect(c).toMatchObject({ id: p.id, status: 'captured', capturedAmount: gbp(1000), refundedAmount: gbp(0) });
    await expect(payments.capture(p.id)).rejects.toMatchObject({ status: 409, code: 'PAYMENTS.ILLEGAL_STATE', extensions: { paymentStatus: 'captured' } });
    expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['payment.authorized', 'payment.captured']);
    expect((await eventsOf(p.id))[1]!.payload).toEqual({ paymentId: p.id, orderId: p.orderId, amount: 1000, currency: 'GBP' });
    expect(await payments.settleCancellation(p.orderId, null)).toMatchObject({ action: 'refunded', payment: { status: 'refunded' } });
    expect((await eventsOf(p.id)).map((e) => e.type)).not.toContain('payment.voided');
  });

  it('captures part of the authorization, never more', async () => {
    const p = await authorized(1000);
    await expect(payments.capture(p.id, 1001)).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_AMOUNT' });
    await expect(payments.capture(p.id, 0)).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_AMOUNT' });
    await expect(payments.capture(p.id, 2.5)).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_AMOUNT' });
    expect((await paymentRow(p.id))!.status).toBe('authorized');
    expect(await payments.capture(p.id, 600)).toMatchObject({ status: 'captured', amount: gbp(1000), capturedAmount: gbp(600) });
  });

  it('voids an authorized payment once (its order cancelled); a voided payment cannot be captured or refunded', async () => {
    const p = await authorized(700);
    expect(await payments.settleCancellation(p.orderId, null)).toMatchObject({ action: 'voided', payment: { status: 'voided', capturedAmount: gbp(0) } });
    expect(await payments.settleCancellation(p.orderId, null)).toMatchObject({ action: 'none', payment: { status: 'voided' } });
    await expect(payments.capture(p.id)).rejects.toMatchObject({ status: 409, code: 'PAYMENTS.ILLEGAL_STATE' });
    await expect(payments.refund(p.id, 100, 'x', null)).rejects.toMatchObject({ status: 409, code: 'PAYMENTS.ILLEGAL_STATE' });
    expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['payment.authorized', 'payment.voided']);
  });

  it('refuses failed payments and unknown ids', async () => {
    const failed = await payments.authorize(input(nextOrder(), TEST_CARDS.declined));
    await expect(payments.capture(failed.id)).rejects.toMatchObject({ status: 409, code: 'PAYMENTS.ILLEGAL_STATE' });
    expect(await payments.settleCancellation(failed.orderId, null)).toEqual({ action: 'none', payment: null });
    expect((await paymentRow(failed.id))!.status).toBe('failed');
    await expect(payments.capture('pay_nope')).rejects.toMatchObject({ status: 404, code: 'PAYMENTS.PAYMENT_NOT_FOUND' });
    await expect(payments.capture('x'.repeat(500))).rejects.toMatchObject({ status: 404, code: 'PAYMENTS.PAYMENT_NOT_FOUND' });
    expect(await payments.settleCancellation('x'.repeat(500), null)).toEqual({ action: 'none', payment: null });
    await expect(payments.refund('pay_nope', 1, '', null)).rejects.toMatchObject({ status: 404, code: 'PAYMENTS.PAYMENT_NOT_FOUND' });
  });
});

describe('refunds', () => {
  it('refunds partially then fully, never above what was captured', async () => {
    const p = await captured(100);
    const first = await payments.refund(p.id, 30, 'Damaged item', 'usr_admin');
    expect(first.payment).toMatchObject({ status: 'partially_refunded', capturedAmount: gbp(100), refundedAmount: gbp(30) });
    expect(first.refund).toMatchObject({ paymentId: p.id, amount: gbp(30), reason: 'Damaged item', createdBy: 'usr_admin' });
    expect(first.refund.id).toMatch(/^rfd_/);
    await expect(payments.refund(p.id, 71, 'too much', null)).rejects.toMatchObject({ status: 409, code: 'PAYMENTS.REFUND_EXCEEDS_CAPTURED', extensions: { refundable: 70 } });
    const second = await payments.refund(p.id, 70, 'Rest', null);
    expect(second.payment).toMatchObject({ status: 'refunded', refundedAmount: gbp(100) });
    expect(second.payment.refunds.map((r) => r.amount.amount)).toEqual([30, 70]);
    await expect(payments.refund(p.id, 1, 'again', null)).rejects.toMatchObject({ status: 409, code: 'PAYMENTS.REFUND_EXCEEDS_CAPTURED', extensions: { refundable: 0 } });
    const events = (await eventsOf(p.id)).filter((e) => e.type === 'payment.refunded').map((e) => e.payload);
    expect(events).toEqual([
      { paymentId: p.id, orderId: p.orderId, refundId: first.refund.id, amount: 30, currency: 'GBP', refundedAmount: 30, capturedAmount: 100, fullyRefunded: false, reason: 'Damaged item' },
      { paymentId: p.id, orderId: p.orderId, refundId: second.refund.id, amount: 70, currency: 'GBP', refundedAmount: 100, capturedAmount: 100, fullyRefunded: true, reason: 'Rest' },
    ]);
  });

  it('refuses a refund larger than the capture (409), bad amounts (400), uncaptured payments (409)', async () => {
    const p = await captured(100);
    await expect(payments.refund(p.id, 150, 'x', null)).rejects.toMatchObject({ status: 409, code: 'PAYMENTS.REFUND_EXCEEDS_CAPTURED' });
    await expect(payments.refund(p.id, 0, 'x', null)).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_AMOUNT' });
    await expect(payments.refund(p.id, -5, 'x', null)).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_AMOUNT' });
    await expect(payments.refund(p.id, 1.5, 'x', null)).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_AMOUNT' });
    await expect(payments.refund(p.id, 10, 'x'.repeat(501), null)).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_INPUT' });
    expect(await paymentRow(p.id)).toEqual({ status: 'captured', captured_amount: 100, refunded_amount: 0 });
    const auth = await authorized(100);
    await expect(payments.refund(auth.id, 10, 'x', null)).rejects.toMatchObject({ status: 409, code: 'PAYMENTS.ILLEGAL_STATE' });
  });

  it('10 concurrent refunds of 30 on 100 captured: exactly 3 succeed', async () => {
    const p = await captured(100);
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => payments.refund(p.id, 30, `concurrent ${i}`, null)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.reason).toMatchObject({ status: 409, code: 'PAYMENTS.REFUND_EXCEEDS_CAPTURED' });
    expect(await paymentRow(p.id)).toEqual({ status: 'partially_refunded', captured_amount: 100, refunded_amount: 90 });
    const [n] = await rows<{ n: number; sum: number }>(app.database.db, sql`select count(*)::int as n, sum(amount)::int as sum from payments.refund where payment_id = ${p.id}`);
    expect(n).toEqual({ n: 3, sum: 90 });
    expect((await eventsOf(p.id)).filter((e) => e.type === 'payment.refunded')).toHaveLength(3);
  });
});

describe('refunds with an idempotency key (contract)', () => {
  const key = (k: string, requestHash = 'hash-1') => ({ key: k, requestHash });

  it('replays the refund a key made (replayed: true), whatever the payment state now; records the provider refund reference', async () => {
    const p = await captured(100);
    const first = await payments.refund(p.id, 100, 'All', 'usr_admin', key('c-key-1'));
    expect(first).toMatchObject({ replayed: false, payment: { status: 'refunded', refundedAmount: gbp(100) } });
    const [stored] = await rows<{ idempotency_key: string; request_hash: string; provider_ref: string }>(
      app.database.db, sql`select idempotency_key, request_hash, provider_ref from payments.refund where id = ${first.refund.id}`,
    );
    expect(stored).toMatchObject({ idempotency_key: 'c-key-1', request_hash: 'hash-1' });
    expect(stored!.provider_ref).toMatch(/^re_test_[0-9a-f]{24}$/);
    const before = await snapshot();
    const again = await payments.refund(p.id, 100, 'All', 'usr_admin', key('c-key-1'));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await payments.replayRefund(key('c-key-1'))).toEqual({ ...first, replayed: true });
    expect(await snapshot()).toBe(before);
    expect((await eventsOf(p.id)).filter((e) => e.type === 'payment.refunded')).toHaveLength(1);
  });

  it('answers 422 IDEMPOTENCY.KEY_REUSED to another request hash or another payment; 400 to a malformed binding; null replay for an unknown key', async () => {
    const p = await captured(100);
    const other = await captured(100);
    await payments.refund(p.id, 10, 'x', null, key('c-key-2'));
    const before = await snapshot();
    await expect(payments.refund(p.id, 10, 'x', null, key('c-key-2', 'hash-2'))).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY.KEY_REUSED' });
    await expect(payments.refund(other.id, 10, 'x', null, key('c-key-2'))).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY.KEY_REUSED' });
    await expect(payments.replayRefund(key('c-key-2', 'hash-2'))).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY.KEY_REUSED' });
    for (const bad of [key(''), key('with space'), key('k'.repeat(256)), key('ok', ''), null as never]) {
      await expect(payments.refund(p.id, 10, 'x', null, bad), JSON.stringify(bad)).rejects.toMatchObject({ status: 400, code: 'PAYMENTS.INVALID_INPUT' });
    }
    expect(await snapshot()).toBe(before);
    expect(await payments.replayRefund(key('c-key-unknown'))).toBeNull();
  });
});

describe('settleCancellation', () => {
  it('voids an authorized payment, then does nothing', async () => {
    const p = await authorized(400);
    const first = await payments.settleCancellation(p.orderId, 'usr_1');
    expect(first.action).toBe('voided');
    expect(first.payment).toMatchObject({ id: p.id, status: 'voided' });
    const again = await payments.settleCancellation(p.orderId, 'usr_1');
    expect(again).toMatchObject({ action: 'none', payment: { id: p.id, status: 'voided' } });
    expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['payment.authorized', 'payment.voided']);
  });

  it('refunds what is left of a captured payment, then does nothing', async () => {
    const p = await captured(500);
    await payments.refund(p.id, 120, 'Partial', null);
    const first = await payments.settleCancellation(p.orderId, 'usr_2');
    expect(first.action).toBe('refunded');
    expect(first.payment).toMatchObject({ status: 'refunded', refundedAmount: gbp(500) });
    expect(first.payment!.refunds.map((r) => [r.amount.amount, r.reason, r.createdBy])).toEqual([[120, 'Partial', null], [380, 'Order cancelled', 'usr_2']]);
    expect((await payments.settleCancellation(p.orderId, 'usr_2')).action).toBe('none');
    expect((await eventsOf(p.id)).filter((e) => e.type === 'payment.refunded')).toHaveLength(2);
  });

  it('answers none without a payment, or with only failed attempts', async () => {
    expect(await payments.settleCancellation(nextOrder(), null)).toEqual({ action: 'none', payment: null });
    const failed = await payments.authorize(input(nextOrder(), TEST_CARDS.insufficientFunds));
    expect(await payments.settleCancellation(failed.orderId, null)).toEqual({ action: 'none', payment: null });
    expect((await paymentRow(failed.id))!.status).toBe('failed');
  });
});

describe('GET /api/admin/payments', () => {
  it('lists an order’s payments with refunds for orders:read, newest first, paginated', async () => {
    const orderId = nextOrder();
    const declined = await payments.authorize(input(orderId, TEST_CARDS.declined, 250));
    const ok = await payments.authorize(input(orderId, TEST_CARDS.succeeds, 250));
    await payments.capture(ok.id);
    await payments.refund(ok.id, 50, 'Goodwill', 'usr_support');
    const support = await app.tokenFor(['support']);
    const res = await app.inject({ url: `/api/admin/payments?orderId=${orderId}`, headers: auth(support) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.pagination).toEqual({ total: 2, limit: 20, page: 1 });
    expect(body.data.map((p: PaymentDto) => [p.id, p.status])).toEqual([[ok.id, 'partially_refunded'], [declined.id, 'failed']]);
    expect(body.data[0]).toMatchObject({ card: { brand: 'visa', last4: '4242' }, capturedAmount: gbp(250), refundedAmount: gbp(50), refunds: [{ amount: gbp(50), reason: 'Goodwill', createdBy: 'usr_support' }] });
    expect(body.data[1]).toMatchObject({ failureCode: 'card_declined', refunds: [] });
    const page2 = (await app.inject({ url: `/api/admin/payments?orderId=${orderId}&limit=1&page=2`, headers: auth(support) })).json();
    expect(page2.data.map((p: PaymentDto) => p.id)).toEqual([declined.id]);
    const failedOnly = (await app.inject({ url: `/api/admin/payments?orderId=${orderId}&status=failed`, headers: auth(support) })).json();
    expect(failedOnly.pagination.total).toBe(1);
    const all = (await app.inject({ url: '/api/admin/payments?limit=100', headers: auth(support) })).json();
    expect(all.pagination.total).toBeGreaterThan(20);
  });

  it('needs authentication and the orders:read permission', async () => {
    expect((await app.inject({ url: '/api/admin/payments' })).statusCode).toBe(401);
    const customer = await app.tokenFor(['customer']);
    const res = await app.inject({ url: '/api/admin/payments', headers: auth(customer) });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH.FORBIDDEN');
  });
});

describe('card data', () => {
  it('the full card number never reaches the database (payments tables, outbox)', async () => {
    const tables = ['payments.payment', 'payments.refund', 'payments.webhook_event', 'events.outbox'];
    let scanned = 0;
    for (const table of tables) {
      const found = await rows<{ t: string }>(app.database.db, sql.raw(`select t::text as t from ${table} t`));
      scanned += found.length;
      for (const { t } of found) {
        // (The decline message of unknown cards names the test cards, spaced as printed on cards.)
        for (const number of [TEST_CARDS.succeeds, TEST_CARDS.declined, TEST_CARDS.insufficientFunds, '5555555555554444', '5555 5555 5555 4444', '4242424242424241']) {
          expect(t, table).not.toContain(number);
        }
      }
    }
    expect(scanned).toBeGreaterThan(40);
    const [withCards] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from payments.payment where card_last4 = '4242'`);
    expect(withCards!.n).toBeGreaterThan(10);
  });
});
