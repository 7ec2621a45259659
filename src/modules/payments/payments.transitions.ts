import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import type { CancellationSettlement, PaymentDto } from './payments.contract.js';
import type { PaymentsEvents } from './payments.events.js';
import { PaymentsErrors } from './payments.errors.js';
import { applyRefund } from './payments.refunds.js';
import { callProvider, dto, lockById, lockOne, type PaymentRow, type PaymentsContext } from './payments.store.js';
import { payment } from './db/schema.js';
import { isPositiveAmount, settlementFor } from './domain/state.js';

// Transitions of a payment shared by the contract and webhooks (capture, void, failure), the
// contract's capture and void, and the settlement of a cancelled order.

/** Publishes `payment.failed` for the failed `row`. */
export async function publishFailed(tx: Tx, row: PaymentRow): Promise<void> {
  const event: PaymentsEvents['payment.failed'] = {
    paymentId: row.id, orderId: row.orderId, amount: row.amount, currency: row.currency,
    code: row.failureCode ?? 'card_declined', message: row.failureMessage ?? '',
  };
  await publish(tx, 'payment.failed', event, row.id);
}

/** Captures `amount` of the locked authorized `row`; calls the provider first when `viaProvider`. */
export async function applyCapture(ctx: PaymentsContext, tx: Tx, row: PaymentRow, amount: number, viaProvider: boolean): Promise<PaymentRow> {
  if (row.status !== 'authorized') throw PaymentsErrors.illegalState('capture', row.status);
  if (!isPositiveAmount(amount) || amount > row.amount) {
    throw PaymentsErrors.invalidAmount(`The capture amount must be a positive integer of minor units, at most the authorized ${row.amount}`);
  }
  if (viaProvider) await callProvider(ctx, row.provider, 'capture', (p) => p.capture(row.providerRef, amount, { idempotencyKey: `${row.id}:capture` }));
  const [updated] = await tx
    .update(payment)
    .set({ status: 'captured', capturedAmount: amount, updatedAt: new Date() })
    .where(and(eq(payment.id, row.id), eq(payment.status, 'authorized')))
    .returning();
  if (!updated) throw PaymentsErrors.illegalState('capture', row.status);
  const event: PaymentsEvents['payment.captured'] = { paymentId: row.id, orderId: row.orderId, amount, currency: row.currency };
  await publish(tx, 'payment.captured', event, row.id);
  return updated;
}

/** Voids the locked authorized (or pending client-confirmed) `row`; calls the provider first when `viaProvider`. */
export async function applyVoid(ctx: PaymentsContext, tx: Tx, row: PaymentRow, viaProvider: boolean): Promise<PaymentRow> {
  if (row.status !== 'authorized' && row.status !== 'pending') throw PaymentsErrors.illegalState('void', row.status);
  if (viaProvider) await callProvider(ctx, row.provider, 'void', (p) => p.void(row.providerRef, { idempotencyKey: `${row.id}:cancel` }));
  const [updated] = await tx
    .update(payment)
    .set({ status: 'voided', updatedAt: new Date() })
    .where(and(eq(payment.id, row.id), eq(payment.status, row.status)))
    .returning();
  if (!updated) throw PaymentsErrors.illegalState('void', row.status);
  const event: PaymentsEvents['payment.voided'] = { paymentId: row.id, orderId: row.orderId, amount: row.amount, currency: row.currency };
  await publish(tx, 'payment.voided', event, row.id);
  return updated;
}

/** Marks the locked authorized `row` failed (the provider reported it so). */
export async function applyFailure(tx: Tx, row: PaymentRow, code: string, message: string): Promise<PaymentRow> {
  if (row.status !== 'authorized') throw PaymentsErrors.illegalState('fail', row.status);
  const [updated] = await tx
    .update(payment)
    .set({ status: 'failed', failureCode: code, failureMessage: message, updatedAt: new Date() })
    .where(and(eq(payment.id, row.id), eq(payment.status, 'authorized')))
    .returning();
  if (!updated) throw PaymentsErrors.illegalState('fail', row.status);
  await publishFailed(tx, updated);
  return updated;
}

/** See {@link PaymentsContract.capture}. */
export async function capturePayment(ctx: PaymentsContext, paymentId: string, amount?: number): Promise<PaymentDto> {
  if (amount !== undefined && !isPositiveAmount(amount)) throw PaymentsErrors.invalidAmount('The capture amount must be a positive integer of minor units');
  return ctx.database.transaction(async (tx) => {
    const row = await lockById(tx, paymentId);
    return dto(tx, await applyCapture(ctx, tx, row, amount ?? row.amount, true));
  });
}

/** See {@link PaymentsContract.settleCancellation}. */
export async function settleCancellation(ctx: PaymentsContext, orderId: string, actor: string | null): Promise<CancellationSettlement> {
  return ctx.database.transaction(async (tx) => {
    const row = await lockOne(tx, and(eq(payment.orderId, orderId), ne(payment.status, 'failed')));
    if (!row) return { action: 'none', payment: null };
    const plan = settlementFor(row);
    if (plan.action === 'void') return { action: 'voided', payment: await dto(tx, await applyVoid(ctx, tx, row, true)) };
    if (plan.action === 'refund') {
      const done = await applyRefund(ctx, tx, row.id, plan.amount, 'Order cancelled', actor ?? null, { via: 'provider-call' });
      return { action: 'refunded', payment: await dto(tx, done.payment) };
    }
    return { action: 'none', payment: await dto(tx, row) };
  });
}
