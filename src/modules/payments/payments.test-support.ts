/**
 * Shared set-up of the payments test files (payments.test.ts, payments.provider.test.ts,
 * payments.webhooks.test.ts): a test app on a fresh database, its payments contract and webhook
 * secret, and helpers. The bindings below are set by {@link usePaymentsApp}'s `beforeAll`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import { signWebhookPayload, TEST_CARDS, WEBHOOK_SIGNATURE_HEADER, type AuthorizeInput, type PaymentDto, type PaymentsContract } from './index.js';

/** The app under test (set by {@link usePaymentsApp}). */
export let app: TestApp;
/** The app's payments contract (set by {@link usePaymentsApp}). */
export let payments: PaymentsContract;
/** The app's webhook secret (set by {@link usePaymentsApp}). */
export let secret: string;
let orders = 0;

/** `amount` minor units of GBP. */
export const gbp = (amount: number) => ({ amount, currency: 'GBP' });
/** The Authorization header of `token`. */
export const auth = (token: string) => ({ authorization: `Bearer ${token}` });
/** A new order id (`ord_test_<n>`). */
export const nextOrder = () => `ord_test_${++orders}`;

/** Authorization input of `amount` GBP with the test provider for `orderId`, card `number` (valid until 2099) with `card` overrides. */
export function input(orderId: string, number: string = TEST_CARDS.succeeds, amount = 1000, card: Partial<AuthorizeInput['card']> = {}): AuthorizeInput {
  return { orderId, amount: gbp(amount), provider: 'test', card: { number, expMonth: 12, expYear: 2099, cvc: '123', ...card } };
}

/** A fresh order with an authorized payment of `amount`. */
export async function authorized(amount = 1000): Promise<PaymentDto> {
  const p = await payments.authorize(input(nextOrder(), '4242 4242 4242 4242', amount));
  expect(p.status).toBe('authorized');
  return p;
}

/** A fresh order with a captured payment of `amount`. */
export async function captured(amount = 100): Promise<PaymentDto> {
  return payments.capture((await authorized(amount)).id);
}

/** The events of `aggregateId` in the outbox (type and payload), oldest first. */
export async function eventsOf(aggregateId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  return rows(app.database.db, sql`select type, payload from events.outbox where aggregate_id = ${aggregateId} order by id`);
}

/** Status, captured and refunded amounts of payment `id` as stored. */
export async function paymentRow(id: string) {
  const [row] = await rows<{ status: string; captured_amount: number; refunded_amount: number }>(
    app.database.db,
    sql`select status, captured_amount, refunded_amount from payments.payment where id = ${id}`,
  );
  return row;
}

/** Row counts and a hash of the payments tables and the outbox: any write changes it. */
export async function snapshot(): Promise<string> {
  const [r] = await rows<{ s: string }>(
    app.database.db,
    sql`select concat_ws('|',
          (select count(*) from payments.payment), (select md5(coalesce(string_agg(p::text, ',' order by p.id), '')) from payments.payment p),
          (select count(*) from payments.refund), (select count(*) from payments.webhook_event), (select count(*) from events.outbox)) as s`,
  );
  return r!.s;
}

/** Posts `body` to the webhook of `provider` (default `test`), signed with `key` (default: the app's secret) at `timestamp` unless `signature` is given (null: no header). */
export function webhook(body: string, options: { signature?: string | null; provider?: string; timestamp?: number; key?: string } = {}) {
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
export async function providerRef(paymentId: string): Promise<string> {
  const [row] = await rows<{ provider_ref: string }>(app.database.db, sql`select provider_ref from payments.payment where id = ${paymentId}`);
  return row!.provider_ref;
}

/** Registers the file's `beforeAll` (a fresh app) and `afterAll` (closes it). */
export function usePaymentsApp(): void {
  beforeAll(async () => {
    app = await createTestApp();
    payments = app.payments;
    secret = readFileSync(join(app.config.dataDir, 'payments-webhook-secret'), 'utf8').trim();
  });
  afterAll(() => app?.close());
}
