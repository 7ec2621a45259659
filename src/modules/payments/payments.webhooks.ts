import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { PaymentsErrors } from './payments.errors.js';
import { isOfflineMethod } from './payments.methods.js';
import { applyRefund } from './payments.refunds.js';
import type { WebhookBody } from './payments.schemas.js';
import { lockOne, providerNamed, type PaymentRow, type PaymentsContext } from './payments.store.js';
import { applyCapture, applyFailure } from './payments.transitions.js';
import { payment, refund, webhookEvent } from './db/schema.js';
import { signatureProblem, type SignatureProblem } from '../../platform/http/signature.js';
import { CAPTURED_STATUSES, refundable, type PaymentStatus } from './domain/state.js';

const SIGNATURE_REASONS: Record<SignatureProblem, string> = {
  missing: 'missing (header comptoir-signature)',
  malformed: 'malformed (expected t=<unix seconds>,v1=<hex HMAC-SHA256>)',
  stale: 'too old or too far in the future (5 minutes tolerance)',
  mismatch: 'invalid',
};

/**
 * Verifies and applies a provider webhook event. The signature is checked on the raw body
 * first; then, in one transaction, the (provider, event id) is recorded (a replay answers
 * `duplicate: true` and does nothing) and the event is applied to the payment found by its
 * provider reference with the same transitions as the contract (without calling the provider):
 * - `payment.captured`: an authorized payment is captured (`amount`, default the authorized
 *   amount); an already captured or refunded one is left as is;
 * - `payment.refunded`: with a `providerRefundRef` already recorded on a refund of the payment
 *   (e.g. the provider's echo of a refund made through the API), nothing changes and the answer
 *   is `duplicate: true`; otherwise `amount` (default: all that is left) is refunded, recorded
 *   with the reference when there is one (without one, every such event is a new refund);
 *   nothing when a payment is already fully refunded and no amount is given;
 * - `payment.failed`: an authorized payment becomes failed (`provider_failed`); a failed one is left as is.
 * A failure (404, 409) rolls the transaction back, so the event is not recorded and a retry may apply it later.
 * @throws 400 PAYMENTS.UNKNOWN_PROVIDER, 401 PAYMENTS.BAD_SIGNATURE, 404 PAYMENTS.PAYMENT_NOT_FOUND,
 *   409 PAYMENTS.ILLEGAL_STATE, 409 PAYMENTS.REFUND_EXCEEDS_CAPTURED.
 */
export async function handleWebhook(ctx: PaymentsContext, providerName: string, rawBody: Buffer | undefined, signature: string | undefined, event: WebhookBody): Promise<{ received: true; duplicate: boolean }> {
  // Offline payments have no provider to send webhooks: their names are not webhook endpoints.
  if (isOfflineMethod(providerName)) throw PaymentsErrors.unknownProvider(providerName);
  providerNamed(ctx, providerName);
  const problem = rawBody === undefined ? 'missing' : signatureProblem(signature, rawBody, ctx.webhookSecret, Math.floor(ctx.now().getTime() / 1000));
  if (problem) throw PaymentsErrors.badSignature(SIGNATURE_REASONS[problem]);
  return ctx.database.transaction(async (tx) => {
    const fresh = await tx
      .insert(webhookEvent)
      .values({ provider: providerName, eventId: event.id, payload: event })
      .onConflictDoNothing()
      .returning({ eventId: webhookEvent.eventId });
    if (fresh.length === 0) return { received: true as const, duplicate: true };
    const row = await lockOne(tx, and(eq(payment.provider, providerName), eq(payment.providerRef, event.data.providerRef)));
    if (!row) throw PaymentsErrors.paymentNotFound(`with provider reference ${event.data.providerRef.slice(0, 64)}`);
    const outcome = await applyEvent(ctx, tx, row, event);
    return { received: true as const, duplicate: outcome === 'already-recorded' };
  });
}
/**
 * Applies `event` to the locked `row`. `already-recorded`: a payment.refunded whose refund
 * reference is already on a refund of this payment (nothing done); `done` otherwise (applied,
 * or nothing to do in this state).
 */
async function applyEvent(ctx: PaymentsContext, tx: Tx, row: PaymentRow, event: WebhookBody): Promise<'done' | 'already-recorded'> {
  const status: PaymentStatus = row.status;
  switch (event.type) {
    case 'payment.captured':
      if (CAPTURED_STATUSES.includes(status)) return 'done';
      await applyCapture(ctx, tx, row, event.data.amount ?? row.amount, false);
      return 'done';
    case 'payment.refunded': {
      const refundRef = event.data.providerRefundRef;
      if (refundRef !== undefined) {
        // The payment row is locked: a refund of ours in flight has committed (with its
        // reference) before this runs, so its echo is recognised here.
        const [known] = await tx
          .select({ id: refund.id, amount: refund.amount })
          .from(refund)
          .where(and(eq(refund.paymentId, row.id), eq(refund.providerRef, refundRef)))
          .limit(1);
        if (known) {
          if (event.data.amount !== undefined && event.data.amount !== known.amount) {
            ctx.log.warn({ paymentId: row.id, refundId: known.id, recorded: known.amount, reported: event.data.amount, eventId: event.id }, 'provider reported another amount for a recorded refund; left as recorded');
          }
          return 'already-recorded';
        }
      }
      if (!CAPTURED_STATUSES.includes(status)) throw PaymentsErrors.illegalState('refund', status);
      if (event.data.amount === undefined && status === 'refunded') return 'done';
      const amount = event.data.amount ?? refundable(row);
      await applyRefund(ctx, tx, row.id, amount, `Refunded at the provider (event ${event.id.slice(0, 200)})`, null, { via: 'webhook', providerRefundRef: refundRef ?? null });
      return 'done';
    }
    case 'payment.failed':
      if (status === 'failed') return 'done';
      await applyFailure(tx, row, 'provider_failed', 'The payment provider reported the payment as failed.');
      return 'done';
  }
}
