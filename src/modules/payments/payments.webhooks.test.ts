/**
 * Signed provider webhooks: signature checks, replays, and the transitions they apply.
 * Shared set-up: payments.test-support.ts.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/index.js';
import { signWebhookPayload, TEST_CARDS } from './index.js';
import { app, authorized, captured, eventsOf, gbp, input, paymentRow, payments, providerRef, secret, snapshot, usePaymentsApp, webhook } from './payments.test-support.js';

usePaymentsApp();

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
