import { and, eq, ne, sql } from 'drizzle-orm';
import { prepared, type Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { AuthorizeInput, PaymentDto } from './payments.contract.js';
import type { PaymentsEvents } from './payments.events.js';
import { PaymentsErrors } from './payments.errors.js';
import { publishFailed } from './payments.transitions.js';
import { callProvider, dto, providerNamed, toDto, type PaymentsContext } from './payments.store.js';
import { payment } from './db/schema.js';
import { cardSummary } from './domain/card.js';
import { authorizeInputProblems } from './domain/input.js';

const P = sql.placeholder;
/** The order's (`orderId`) payment that has not failed, if any. */
const livePayment = prepared((db) => db.select().from(payment).where(and(eq(payment.orderId, P('orderId')), ne(payment.status, 'failed'))).limit(1));
/** The values of a new payment attempt, each a placeholder of the same name. */
const newPayment = {
  id: P('id'), orderId: P('orderId'), provider: P('provider'), providerRef: P('providerRef'), status: P('status'), amount: P('amount'), currency: P('currency'),
  failureCode: P('failureCode'), failureMessage: P('failureMessage'), cardBrand: P('cardBrand'), cardLast4: P('cardLast4'),
};
/** A new failed payment attempt ({@link newPayment}), returned as stored. */
const insertPayment = prepared((db) => db.insert(payment).values(newPayment).returning());
/**
 * A new live payment ({@link newPayment}), returned as stored; no row when the order already has
 * one (the partial unique index `payment_order_active_uq` arbitrates between concurrent attempts).
 */
const insertLivePayment = prepared((db) =>
  db.insert(payment).values(newPayment).onConflictDoNothing({ target: payment.orderId, where: sql`status <> 'failed'` }).returning(),
);

/** See {@link PaymentsContract.authorize}. */
export async function authorizePayment(ctx: PaymentsContext, input: AuthorizeInput, record?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<PaymentDto> {
  const problems = authorizeInputProblems(input ?? ({} as AuthorizeInput));
  if (problems.length) throw PaymentsErrors.invalidInput(problems);
  const providerName = input.provider;
  providerNamed(ctx, providerName);
  const recordIn = async (tx: Tx, dto: PaymentDto) => {
    if (record) await record(dto, tx);
    return dto;
  };

  // No transaction and no connection are held while the provider answers (a real one takes
  // hundreds of milliseconds). Every attempt for one order reaches it with the same reference
  // (one authorization at the provider); the unique index on the order's live payment lets
  // only one of them be recorded, and the others answer that one: the insert comes first and
  // the order's payment is looked up only when it is refused.
  const { amount, currency } = input.amount;
  const result = await callProvider(ctx, providerName, 'authorize', (p) =>
    p.authorize({ amount, currency, card: input.card, reference: input.orderId }),
  );
  const authorized = result.outcome === 'authorized';
  const card = cardSummary(input.card.number);
  const values = {
    id: newId('pay'), orderId: input.orderId, provider: providerName, providerRef: result.providerRef,
    status: authorized ? 'authorized' : 'failed', amount, currency,
    failureCode: authorized ? null : (result.declineCode ?? 'card_declined'),
    failureMessage: authorized ? null : (result.message ?? 'The card was declined.'),
    cardBrand: card?.brand ?? null, cardLast4: card?.last4 ?? null,
  };
  return ctx.database.transaction(async (tx) => {
    if (authorized) {
      const [row] = await insertLivePayment.run(tx, values);
      // Nothing inserted: a concurrent attempt recorded the order's payment first.
      if (!row) return recordIn(tx, await dto(tx, (await livePayment.run(tx, { orderId: input.orderId }))[0]!));
      const event: PaymentsEvents['payment.authorized'] = { paymentId: row.id, orderId: row.orderId, provider: providerName, amount, currency };
      await publish(tx, 'payment.authorized', event, row.id);
      return recordIn(tx, toDto(row, []));
    }
    // A decline after a concurrent attempt succeeded is not news: that payment stands.
    const [live] = await livePayment.run(tx, { orderId: input.orderId });
    if (live) return recordIn(tx, await dto(tx, live));
    const [row] = await insertPayment.run(tx, values);
    await publishFailed(tx, row!);
    return recordIn(tx, toDto(row!, []));
  });
}
