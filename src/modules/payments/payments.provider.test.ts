/**
 * Payments against a misbehaving provider (failures, slow answers, concurrency, idempotent refunds),
 * with a second payments module built on the same database. Shared set-up: payments.test-support.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { onPostgres } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import { TokenService } from '../../platform/auth.js';
import { createPaymentsModule, createTestProvider, TEST_CARDS, type PaymentDto, type PaymentProvider, type PaymentsContract } from './index.js';
import { app, eventsOf, input, nextOrder, paymentRow, snapshot, usePaymentsApp } from './payments.test-support.js';

usePaymentsApp();

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
