import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { OfflinePaymentInput, PaymentDto } from './payments.contract.js';
import type { PaymentsEvents } from './payments.events.js';
import { PaymentsErrors } from './payments.errors.js';
import { isOfflineMethod } from './payments.methods.js';
import { dto, toDto, type PaymentsContext } from './payments.store.js';
import { payment } from './db/schema.js';
import type { InputProblem } from './domain/input.js';
import { isPositiveAmount } from './domain/state.js';

/**
 * See {@link PaymentsContract.recordOfflinePayment}: records money received outside any
 * processor (a bank transfer arrived, cash at the door or the counter) as a captured payment of
 * the whole `amount`, provider = the method id, reference = staff's reference or `offline:<order id>`,
 * and publishes `payment.captured`, then runs `record` in the same transaction. Idempotent per
 * order: when the order already has a live payment, nothing is recorded and that payment is
 * answered (and `record` still runs with it).
 * @throws 400 PAYMENTS.INVALID_INPUT, 409 PAYMENTS.NOT_OFFLINE, and whatever `record` throws (nothing recorded then).
 */
export async function recordOfflinePayment(ctx: PaymentsContext, input: OfflinePaymentInput, record?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<PaymentDto> {
  const problems: InputProblem[] = [];
  if (typeof input.orderId !== 'string' || input.orderId.length < 1 || input.orderId.length > 64) problems.push({ field: 'orderId', message: 'must be a string of 1 to 64 characters' });
  if (!isPositiveAmount(input.amount?.amount)) problems.push({ field: 'amount/amount', message: 'must be a positive integer of minor units' });
  if (typeof input.amount?.currency !== 'string' || !/^[A-Z]{3}$/.test(input.amount.currency)) problems.push({ field: 'amount/currency', message: 'must be an ISO 4217 code such as GBP' });
  if (input.reference !== null && (typeof input.reference !== 'string' || input.reference.length > 200)) problems.push({ field: 'reference', message: 'must be at most 200 characters' });
  if (problems.length) throw PaymentsErrors.invalidInput(problems);
  if (typeof input.method !== 'string' || !isOfflineMethod(input.method)) throw PaymentsErrors.notOffline(input.method);
  const { amount, currency } = input.amount;
  return ctx.database.transaction(async (tx) => {
    const [row] = await tx
      .insert(payment)
      .values({
        id: newId('pay'), orderId: input.orderId, provider: input.method, providerRef: input.reference?.trim() || `offline:${input.orderId}`,
        status: 'captured', amount, currency, capturedAmount: amount,
      })
      .onConflictDoNothing({ target: payment.orderId, where: sql`status <> 'failed'` })
      .returning();
    let answer: PaymentDto;
    if (row) {
      const event: PaymentsEvents['payment.captured'] = { paymentId: row.id, orderId: row.orderId, amount, currency };
      await publish(tx, 'payment.captured', event, row.id);
      answer = toDto(row, []);
    } else {
      const [live] = await tx.select().from(payment).where(and(eq(payment.orderId, input.orderId), ne(payment.status, 'failed'))).limit(1);
      answer = await dto(tx, live!);
    }
    if (record) await record(answer, tx);
    return answer;
  });
}
