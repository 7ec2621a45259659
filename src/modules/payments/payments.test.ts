import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, onPostgres, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import { TokenService } from '../../platform/auth.js';
import {
  createPaymentsModule, createTestProvider, signWebhookPayload, TEST_CARDS, WEBHOOK_SIGNATURE_HEADER,
  type AuthorizeInput, type PaymentDto, type PaymentProvider, type PaymentsContract,
} from './index.js';

let app: TestApp;
let payments: PaymentsContract;
let secret: string;
let orders = 0;

const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const nextOrder = () => `ord_test_${++orders}`;

function input(orderId: string, number: string = TEST_CARDS.succeeds, amount = 1000, card: Partial<AuthorizeInput['card']> = {}): AuthorizeInput {
  return { orderId, amount: gbp(amount), provider: 'test', card: { number, expMonth: 12, expYear: 2099, cvc: '123', ...card } };
}

/** A fresh order with an authorized payment of `amount`. */
async function authorized(amount = 1000): Promise<PaymentDto> {
  const p = await payments.authorize(input(nextOrder(), '4242 4242 4242 4242', amount));
  expect(p.status).toBe('authorized');
  return p;
}

/** A fresh order with a captured payment of `amount`. */
async function captured(amount = 100): Promise<PaymentDto> {
  return payments.capture((await authorized(amount)).id);
}

async function eventsOf(aggregateId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  return rows(app.database.db, sql`select type, payload from events.outbox where aggregate_id = ${aggregateId} order by id`);
}

async function paymentRow(id: string) {
  const [row] = await rows<{ status: string; captured_amount: number; refunded_amount: number }>(
    app.database.db,
    sql`select status, captured_amount, refunded_amount from payments.payment where id = ${id}`,
  );
  return row;
}

/** Row counts and a hash of the payments tables and the outbox: any write changes it. */
async function snapshot(): Promise<string> {
  const [r] = await rows<{ s: string }>(
    app.database.db,
    sql`select concat_ws('|',
          (select count(*) from payments.payment), (select md5(coalesce(string_agg(p::text, ',' order by p.id), '')) from payments.payment p),
          (select count(*) from payments.refund), (select count(*) from payments.webhook_event), (select count(*) from events.outbox)) as s`,
  );
  return r!.s;
}

function webhook(body: string, options: { signature?: string | null; provider?: string; timestamp?: number; key?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = options.signature === undefined ? signWebhookPayload(options.key ?? secret, body, timestamp) : options.signature;
  return app.inject({
    method: 'POST',
    url: `/api/payments/webhooks/${options.provider ?? 'test'}`,
    headers: { 'content-type': 'application/json', ...(signature !== null ? { [WEBHOOK_SIGNATURE_HEADER]: signature } : {}) },
    payload: body,
  });
}

/** The provider reference of a payment (not in the DTO: read from the database). */
async function providerRef(paymentId: string): Promise<string> {
  const [row] = await rows<{ provider_ref: string }>(app.database.db, sql`select provider_ref from payments.payment where id = ${paymentId}`);
  return row!.provider_ref;
}

beforeAll(async () => {
  app = await createTestApp();
  payments = app.payments;
  secret = readFileSync(join(app.config.dataDir, 'payments-webhook-secret'), 'utf8').trim();
});
afterAll(() => app?.close());

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

describe('provider failures and concurrency (module built on the same database)', () => {
  let calls: { authorize: number; capture: number };
  let references: string[];
  /** Set by the provider when it saw a transaction open while answering (null: not probed). */
  let transactionSeen: boolean | null;
  let probe = false;
  let flaky: PaymentsContract;

  /**
   * True when a transaction is open on the database while the provider answers: on PGlite any
   * statement outside it waits for it to end; on PostgreSQL a connection sits idle in a
   * transaction that has read the payments table.
   */
  async function transactionOpen(): Promise<boolean> {
    if (!onPostgres) {
      const ran = app.database.db.execute(sql`select 1`).then(() => false);
      return Promise.race([ran, new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 300))]);
    }
    const [r] = await rows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%' and query like '%payments%'`,
    );
    return r!.n > 0;
  }

  beforeAll(() => {
    calls = { authorize: 0, capture: 0 };
    references = [];
    transactionSeen = null;
    const inner = createTestProvider();
    const provider: PaymentProvider = {
      name: 'flaky',
      async authorize(request) {
        calls.authorize += 1;
        references.push(request.reference);
        if (probe) transactionSeen = await transactionOpen();
        else await new Promise((resolve) => setImmediate(resolve));
        return inner.authorize(request);
      },
      async capture() {
        calls.capture += 1;
        throw new Error('connection reset by peer');
      },
      void: (ref) => inner.void(ref),
      refund: (ref, amount) => inner.refund(ref, amount),
    };
    const module = createPaymentsModule(
      { config: app.config, database: app.database, log: app.log, relay: app.relay, jobs: app.jobs, tokens: new TokenService('x'.repeat(48), 900) },
      { testProvider: false, providers: [provider] },
    );
    flaky = module.contract;
  });

  async function paymentsOf(orderId: string): Promise<number> {
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from payments.payment where order_id = ${orderId}`);
    return n!.n;
  }

  it('holds no transaction open while the provider answers', async () => {
    probe = true;
    try {
      expect((await flaky.authorize({ ...input(nextOrder()), provider: 'flaky' })).status).toBe('authorized');
    } finally {
      probe = false;
    }
    expect(transactionSeen).toBe(false);
  });

  it('concurrent authorizations of one order record one payment and one event, and all return it', async () => {
    const orderId = nextOrder();
    references.length = 0;
    const results = await Promise.all(Array.from({ length: 5 }, () => flaky.authorize({ ...input(orderId), provider: 'flaky' })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results[0]!.status).toBe('authorized');
    expect(await paymentsOf(orderId)).toBe(1);
    expect((await eventsOf(results[0]!.id)).map((e) => e.type)).toEqual(['payment.authorized']);
    // Every attempt that reached the provider named the order: one authorization there.
    expect(references.length).toBeGreaterThanOrEqual(1);
    expect(new Set(references)).toEqual(new Set([orderId]));
    await expect(flaky.authorize({ ...input(nextOrder()), provider: 'test' })).rejects.toMatchObject({ code: 'PAYMENTS.UNKNOWN_PROVIDER' });
  });

  it('a first attempt that finds the order already paid when recording returns that payment and records nothing', async () => {
    const orderId = nextOrder();
    const first = await flaky.authorize({ ...input(orderId), provider: 'flaky' });
    const recorded: string[] = [];
    const again = await flaky.authorize({ ...input(orderId), provider: 'flaky' }, async (p) => {
      recorded.push(p.id);
    });
    expect(again.id).toBe(first.id);
    expect(recorded).toEqual([first.id]);
    expect(await paymentsOf(orderId)).toBe(1);
    expect((await eventsOf(first.id)).map((e) => e.type)).toEqual(['payment.authorized']);
  });

  it('records nothing when the work recorded with the payment fails', async () => {
    const orderId = nextOrder();
    const before = await snapshot();
    await expect(
      flaky.authorize({ ...input(orderId), provider: 'flaky' }, async (p, tx) => {
        await rows(tx, sql`select 1`);
        throw new Error(`confirmation of ${p.orderId} failed`);
      }),
    ).rejects.toThrow(`confirmation of ${orderId} failed`);
    expect(await snapshot()).toBe(before);
    expect((await flaky.authorize({ ...input(orderId), provider: 'flaky' })).status).toBe('authorized');
  });

  it('a provider error answers 502 PAYMENTS.PROVIDER_ERROR and changes nothing', async () => {
    const p = await flaky.authorize({ ...input(nextOrder()), provider: 'flaky' });
    const before = await snapshot();
    await expect(flaky.capture(p.id)).rejects.toMatchObject({ status: 502, code: 'PAYMENTS.PROVIDER_ERROR' });
    expect(calls.capture).toBe(1);
    expect(await snapshot()).toBe(before);
    expect((await paymentRow(p.id))!.status).toBe('authorized');
  });
});

describe('idempotent refunds at the provider (module built on the same database)', () => {
  let refunds: number;
  let answer: (inner: Promise<{ providerRefundRef: string }>) => Promise<{ providerRefundRef: string }>;
  let counting: PaymentsContract;

  beforeAll(() => {
    refunds = 0;
    answer = (inner) => inner;
    const inner = createTestProvider();
    const provider: PaymentProvider = {
      name: 'counting',
      authorize: (request) => inner.authorize(request),
      capture: (ref, amount) => inner.capture(ref, amount),
      void: (ref) => inner.void(ref),
      async refund(ref, amount) {
        refunds += 1;
        await new Promise((resolve) => setTimeout(resolve, 20)); // a slow provider widens any race
        return answer(inner.refund(ref, amount));
      },
    };
    const module = createPaymentsModule(
      { config: app.config, database: app.database, log: app.log, relay: app.relay, jobs: app.jobs, tokens: new TokenService('x'.repeat(48), 900) },
      { testProvider: false, providers: [provider] },
    );
    counting = module.contract;
  });

  async function capturedHere(amount: number): Promise<PaymentDto> {
    const p = await counting.authorize({ ...input(nextOrder(), TEST_CARDS.succeeds, amount), provider: 'counting' });
    return counting.capture(p.id);
  }

  it('5 concurrent refunds with one key: one provider call, one refund row, one event; all answer the same refund', async () => {
    const p = await capturedHere(500);
    const results = await Promise.all(Array.from({ length: 5 }, () => counting.refund(p.id, 200, 'twice?', 'usr_admin', { key: 'prov-key-1', requestHash: 'h' })));
    expect(refunds).toBe(1);
    expect(new Set(results.map((r) => r.refund.id)).size).toBe(1);
    expect(results.map((r) => r.replayed).sort()).toEqual([false, true, true, true, true]);
    expect(await paymentRow(p.id)).toEqual({ status: 'partially_refunded', captured_amount: 500, refunded_amount: 200 });
    expect((await eventsOf(p.id)).filter((e) => e.type === 'payment.refunded')).toHaveLength(1);
  });

  it('records a refund whose provider answer has no usable reference (the money has moved)', async () => {
    const p = await capturedHere(300);
    answer = async (inner) => ({ ...(await inner), providerRefundRef: '' });
    try {
      const done = await counting.refund(p.id, 100, 'no ref', null);
      const [row] = await rows<{ provider_ref: string | null }>(app.database.db, sql`select provider_ref from payments.refund where id = ${done.refund.id}`);
      expect(row!.provider_ref).toBeNull();
      expect(await paymentRow(p.id)).toMatchObject({ refunded_amount: 100 });
    } finally {
      answer = (inner) => inner;
    }
  });
});

describe('webhooks', () => {
  const event = (id: string, type: string, data: Record<string, unknown>) => JSON.stringify({ id, type, data });

  it('uses the generated secret kept in the data dir (0600)', () => {
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(app.config.dataDir, 'payments-webhook-secret')).mode & 0o777).toBe(0o600);
  });

  it('applies a correctly signed payment.captured once; a replay answers duplicate with no second effect', async () => {
    const p = await authorized(900);
    const body = event('evt_cap_1', 'payment.captured', { providerRef: await providerRef(p.id) });
    const res = await webhook(body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ received: true, duplicate: false });
    expect(await paymentRow(p.id)).toEqual({ status: 'captured', captured_amount: 900, refunded_amount: 0 });
    const before = await snapshot();
    const replay = await webhook(body);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ received: true, duplicate: true });
    expect(await snapshot()).toBe(before);
    expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['payment.authorized', 'payment.captured']);
    // Another event id confirming the same capture changes nothing either.
    const confirm = await webhook(event('evt_cap_2', 'payment.captured', { providerRef: await providerRef(p.id) }));
    expect(confirm.json()).toEqual({ received: true, duplicate: false });
    expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['payment.authorized', 'payment.captured']);
  });

  it('applies payment.refunded (partial, then the rest) exactly once per event id', async () => {
    const p = await captured(200);
    const ref = await providerRef(p.id);
    const partial = event('evt_ref_1', 'payment.refunded', { providerRef: ref, amount: 50 });
    expect((await webhook(partial)).json()).toEqual({ received: true, duplicate: false });
    expect((await webhook(partial)).json()).toEqual({ received: true, duplicate: true });
    expect(await paymentRow(p.id)).toEqual({ status: 'partially_refunded', captured_amount: 200, refunded_amount: 50 });
    const tooMuch = await webhook(event('evt_ref_2', 'payment.refunded', { providerRef: ref, amount: 151 }));
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe('PAYMENTS.REFUND_EXCEEDS_CAPTURED');
    expect((await webhook(event('evt_ref_3', 'payment.refunded', { providerRef: ref }))).json()).toEqual({ received: true, duplicate: false });
    const [after] = await payments.listForOrder(p.orderId);
    expect(after).toMatchObject({ status: 'refunded', refundedAmount: gbp(200) });
    expect(after!.refunds.map((r) => [r.amount.amount, r.createdBy])).toEqual([[50, null], [150, null]]);
    expect(after!.refunds[0]!.reason).toContain('evt_ref_1');
    const [recorded] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from payments.webhook_event where event_id in ('evt_ref_1', 'evt_ref_2', 'evt_ref_3')`);
    expect(recorded!.n).toBe(2); // the refused one is not recorded: a retry may apply it later
  });

  it('payment.refunded with the providerRefundRef of a recorded refund changes nothing (duplicate); a new one is recorded once', async () => {
    const p = await captured(500);
    const ref = await providerRef(p.id);
    const ours = await payments.refund(p.id, 100, 'Ours', 'usr_admin');
    const [row] = await rows<{ provider_ref: string }>(app.database.db, sql`select provider_ref from payments.refund where id = ${ours.refund.id}`);
    const before = await snapshot();
    const echo = await webhook(event('evt_rr_1', 'payment.refunded', { providerRef: ref, amount: 100, providerRefundRef: row!.provider_ref }));
    expect(echo.statusCode, echo.body).toBe(200);
    expect(echo.json()).toEqual({ received: true, duplicate: true });
    // Only the event id is recorded (a replay of it is recognised as such too).
    expect(await snapshot()).not.toBe(before);
    expect(await paymentRow(p.id)).toEqual({ status: 'partially_refunded', captured_amount: 500, refunded_amount: 100 });
    // Without an amount, the echo is still recognised (not "refund all that is left").
    expect((await webhook(event('evt_rr_2', 'payment.refunded', { providerRef: ref, providerRefundRef: row!.provider_ref }))).json()).toEqual({ received: true, duplicate: true });
    expect(await paymentRow(p.id)).toMatchObject({ refunded_amount: 100 });
    // A reference the module does not know: a refund made at the provider, recorded with it, once.
    expect((await webhook(event('evt_rr_3', 'payment.refunded', { providerRef: ref, amount: 50, providerRefundRef: 're_elsewhere_1' }))).json()).toEqual({ received: true, duplicate: false });
    expect((await webhook(event('evt_rr_4', 'payment.refunded', { providerRef: ref, amount: 50, providerRefundRef: 're_elsewhere_1' }))).json()).toEqual({ received: true, duplicate: true });
    const [after] = await payments.listForOrder(p.orderId);
    expect(after).toMatchObject({ status: 'partially_refunded', refundedAmount: gbp(150) });
    expect(after!.refunds.map((r) => [r.amount.amount, r.createdBy])).toEqual([[100, 'usr_admin'], [50, null]]);
    const [recorded] = await rows<{ provider_ref: string }>(app.database.db, sql`select provider_ref from payments.refund where id = ${after!.refunds[1]!.id}`);
    expect(recorded!.provider_ref).toBe('re_elsewhere_1');
    expect((await eventsOf(p.id)).filter((e) => e.type === 'payment.refunded')).toHaveLength(2);
    // The same reference on another payment is another refund.
    const q = await captured(80);
    expect((await webhook(event('evt_rr_5', 'payment.refunded', { providerRef: await providerRef(q.id), amount: 30, providerRefundRef: 're_elsewhere_1' }))).json()).toEqual({ received: true, duplicate: false });
    expect(await paymentRow(q.id)).toMatchObject({ refunded_amount: 30 });
    // A malformed reference is refused like any bad body.
    const tooLong = await webhook(event('evt_rr_6', 'payment.refunded', { providerRef: ref, providerRefundRef: 'r'.repeat(201) }));
    expect(tooLong.statusCode).toBe(400);
  });

  it('applies payment.failed to an authorized payment, which frees the order for a new attempt', async () => {
    const p = await authorized(300);
    const res = await webhook(event('evt_fail_1', 'payment.failed', { providerRef: await providerRef(p.id) }));
    expect(res.json()).toEqual({ received: true, duplicate: false });
    const [failed] = await payments.listForOrder(p.orderId);
    expect(failed).toMatchObject({ status: 'failed', failureCode: 'provider_failed' });
    expect((await eventsOf(p.id)).map((e) => e.type)).toEqual(['payment.authorized', 'payment.failed']);
    const retry = await payments.authorize(input(p.orderId, TEST_CARDS.succeeds, 300));
    expect(retry.id).not.toBe(p.id);
    expect(retry.status).toBe('authorized');
  });

  it('refuses bad, missing, stale and future signatures with 401 PAYMENTS.BAD_SIGNATURE and writes nothing', async () => {
    const p = await authorized(100);
    const body = event('evt_sig_1', 'payment.captured', { providerRef: await providerRef(p.id) });
    const before = await snapshot();
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, Parameters<typeof webhook>[1]][] = [
      ['wrong secret', { key: 'not-the-secret' }],
      ['missing header', { signature: null }],
      ['garbage header', { signature: 'garbage' }],
      ['older than 5 minutes', { timestamp: now - 600 }],
      ['in the future', { timestamp: now + 600 }],
      ['signature of another body', { signature: signWebhookPayload(secret, body.replace('evt_sig_1', 'evt_sig_2'), now) }],
    ];
    for (const [what, options] of cases) {
      const res = await webhook(body, options);
      expect(res.statusCode, what).toBe(401);
      expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
      expect(res.json().code, what).toBe('PAYMENTS.BAD_SIGNATURE');
    }
    // Re-serialising the JSON (other whitespace) breaks the signature: the raw bytes are signed.
    const spaced = JSON.stringify(JSON.parse(body), null, 2);
    const res = await webhook(spaced, { signature: signWebhookPayload(secret, body, now) });
    expect(res.statusCode).toBe(401);
    expect(await snapshot()).toBe(before);
    expect((await paymentRow(p.id))!.status).toBe('authorized');
  });

  it('answers 400 to malformed bodies, unknown providers; 404 to unknown provider references', async () => {
    const before = await snapshot();
    const bad = ['{"id":', '', JSON.stringify({ id: 'evt_x', type: 'payment.exploded', data: { providerRef: 'x' } }), JSON.stringify({ id: 'evt_x', type: 'payment.captured' }),
      JSON.stringify({ id: 'evt_x', type: 'payment.captured', data: { providerRef: 'x', amount: -1 } }), JSON.stringify({ id: 'evt_x', type: 'payment.captured', data: { providerRef: 'x' }, extra: 1 }),
      '{"__proto__": {"polluted": 1}, "id": "evt_x", "type": "payment.captured", "data": {"providerRef": "x"}}'];
    for (const body of bad) {
      const res = await webhook(body);
      expect(res.statusCode, body).toBe(400);
      expect(res.json().code, body).toMatch(/^(VALIDATION\.FAILED|REQUEST\.MALFORMED_JSON|REQUEST\.EMPTY_BODY)$/);
    }
    expect((await webhook('{"id":')).json().code).toBe('REQUEST.MALFORMED_JSON');
    const unknownProvider = await webhook(event('evt_u', 'payment.captured', { providerRef: 'x' }), { provider: 'acme' });
    expect(unknownProvider.statusCode).toBe(400);
    expect(unknownProvider.json().code).toBe('PAYMENTS.UNKNOWN_PROVIDER');
    const badPath = await webhook(event('evt_u', 'payment.captured', { providerRef: 'x' }), { provider: 'NOT VALID' });
    expect(badPath.statusCode).toBe(400);
    const unknownRef = await webhook(event('evt_unknown_ref', 'payment.captured', { providerRef: 'test_0000' }));
    expect(unknownRef.statusCode).toBe(404);
    expect(unknownRef.json().code).toBe('PAYMENTS.PAYMENT_NOT_FOUND');
    expect(await snapshot()).toBe(before);
  });

  it('refuses events that do not fit the payment state with 409', async () => {
    const p = await authorized(100);
    await payments.settleCancellation(p.orderId, null);
    const res = await webhook(event('evt_late_capture', 'payment.captured', { providerRef: await providerRef(p.id) }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PAYMENTS.ILLEGAL_STATE');
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
