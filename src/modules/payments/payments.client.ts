import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { ClientPaymentInput, ClientPaymentOutcome, ClientPaymentStart, PaymentDto } from './payments.contract.js';
import type { PaymentsEvents } from './payments.events.js';
import { PaymentsErrors } from './payments.errors.js';
import { callProvider, dto, lockOne, providerNamed, type PaymentRow, type PaymentsContext } from './payments.store.js';
import { applyCapture } from './payments.transitions.js';
import { payment, webhookEvent } from './db/schema.js';
import type { ClientConfirmedProvider, ClientPaymentEvent, ClientPaymentState } from './domain/provider.js';
import { isPositiveAmount } from './domain/state.js';

// Payments the customer confirms in the browser (Stripe PaymentIntents): created `pending`,
// authorized once the provider says so (its signed webhook or our read of it, whichever comes
// first), voided when the order is cancelled first.

/** What the recording transaction runs once the payment is authorized (the checkout confirms the order there). */
export type OnAuthorized = (payment: PaymentDto, tx: Tx) => Promise<void>;

/**
 * The client-confirmed side of provider `name`.
 * @throws 400 PAYMENTS.UNKNOWN_PROVIDER (none, or not a client-confirmed one).
 */
function clientSide(ctx: PaymentsContext, name: string): ClientConfirmedProvider {
  const side = providerNamed(ctx, name).clientConfirmed;
  if (!side) throw PaymentsErrors.unknownProvider(name);
  return side;
}

/** The order's payment that has not failed, if any (not locked). */
async function livePaymentOf(ctx: PaymentsContext, orderId: string): Promise<PaymentRow | undefined> {
  const [row] = await ctx.database.db.select().from(payment).where(and(eq(payment.orderId, orderId), ne(payment.status, 'failed'))).limit(1);
  return row;
}

/** See {@link PaymentsContract.beginClientPayment}. */
export async function beginClientPayment(ctx: PaymentsContext, input: ClientPaymentInput): Promise<ClientPaymentStart> {
  const { orderId, provider } = input ?? ({} as ClientPaymentInput);
  const problems = [];
  if (typeof orderId !== 'string' || orderId.length < 1 || orderId.length > 64) problems.push({ field: 'orderId', message: 'must be a string of 1 to 64 characters' });
  if (!isPositiveAmount(input?.amount?.amount)) problems.push({ field: 'amount/amount', message: 'must be a positive integer of minor units' });
  if (typeof input?.amount?.currency !== 'string' || !/^[A-Z]{3}$/.test(input.amount.currency)) problems.push({ field: 'amount/currency', message: 'must be an ISO 4217 code such as GBP' });
  const metadata = input?.metadata ?? {};
  const entries = typeof metadata === 'object' && metadata !== null ? Object.entries(metadata) : [];
  if (entries.length > 10 || entries.some(([k, v]) => k.length < 1 || k.length > 40 || typeof v !== 'string' || v.length > 200)) {
    problems.push({ field: 'metadata', message: 'must hold at most 10 string values (keys ≤ 40, values ≤ 200 characters)' });
  }
  if (problems.length) throw PaymentsErrors.invalidInput(problems);
  const side = clientSide(ctx, provider);

  const existing = await livePaymentOf(ctx, orderId);
  if (existing) return answerFor(ctx, existing);
  // No transaction is held while the provider answers. The key is derived from the order id:
  // a retry (a checkout replay, a crash) gets the same PaymentIntent back, and the unique
  // index on the order's live payment records it once.
  const { amount, currency } = input.amount;
  const created = await callProvider(ctx, provider, 'create the payment', () =>
    side.createClientPayment({ amount, currency, reference: orderId, idempotencyKey: `${orderId}:payment_intent.create`, metadata }),
  );
  const [row] = await ctx.database.db
    .insert(payment)
    .values({ id: newId('pay'), orderId, provider, providerRef: created.providerRef, status: 'pending', amount, currency })
    .onConflictDoNothing({ target: payment.orderId, where: sql`status <> 'failed'` })
    .returning();
  if (row) return { payment: await dto(ctx.database.db, row), clientSecret: created.clientSecret };
  return answerFor(ctx, (await livePaymentOf(ctx, orderId))!);
}

/** The answer for an order that already has `row`: a pending payment comes with its client secret again (read from the provider). */
async function answerFor(ctx: PaymentsContext, row: PaymentRow): Promise<ClientPaymentStart> {
  if (row.status !== 'pending') return { payment: await dto(ctx.database.db, row), clientSecret: null };
  const side = clientSide(ctx, row.provider);
  const now = await callProvider(ctx, row.provider, 'read the payment', () => side.retrieveClientPayment(row.providerRef));
  return { payment: await dto(ctx.database.db, row), clientSecret: now.clientSecret };
}

/** See {@link PaymentsContract.confirmClientPayment}. */
export async function confirmClientPayment(ctx: PaymentsContext, orderId: string, onAuthorized?: OnAuthorized): Promise<ClientPaymentOutcome> {
  const row = typeof orderId === 'string' && orderId.length <= 64 ? await livePaymentOf(ctx, orderId) : undefined;
  if (!row) throw PaymentsErrors.paymentNotFound(`for order ${String(orderId).slice(0, 64)}`);
  const side = providerNamed(ctx, row.provider).clientConfirmed;
  if (!side || row.status !== 'pending') {
    // Nothing to ask the provider: settle with what is recorded (the hook is idempotent).
    return ctx.database.transaction(async (tx) => {
      const locked = (await lockOne(tx, eq(payment.id, row.id)))!;
      return settleLocked(ctx, tx, locked, null, onAuthorized);
    });
  }
  const state = await callProvider(ctx, row.provider, 'read the payment', () => side.retrieveClientPayment(row.providerRef));
  return ctx.database.transaction(async (tx) => {
    const locked = (await lockOne(tx, eq(payment.id, row.id)))!;
    return settleLocked(ctx, tx, locked, state, onAuthorized);
  });
}

/** See {@link PaymentsContract.verifyClientEvent}. */
export async function verifyClientEvent(ctx: PaymentsContext, providerName: string, rawBody: Buffer | undefined, signature: string | undefined): Promise<ClientPaymentEvent> {
  const side = clientSide(ctx, providerName);
  if (rawBody === undefined) throw PaymentsErrors.badSignature('missing');
  try {
    return await side.verifyEvent(rawBody, signature);
  } catch (err) {
    if (err instanceof AppError) throw err;
    ctx.log.warn({ provider: providerName, reason: (err as Error).message }, 'refused a webhook with a bad signature');
    throw PaymentsErrors.badSignature('missing, stale or invalid');
  }
}

/** See {@link PaymentsContract.applyClientEvent}. */
export async function applyClientEvent(ctx: PaymentsContext, providerName: string, event: ClientPaymentEvent, onAuthorized?: OnAuthorized): Promise<ClientPaymentOutcome> {
  providerNamed(ctx, providerName);
  return ctx.database.transaction(async (tx) => {
    const fresh = await tx
      .insert(webhookEvent)
      .values({ provider: providerName, eventId: event.id, payload: { type: event.type, payment: event.payment } })
      .onConflictDoNothing()
      .returning({ eventId: webhookEvent.eventId });
    if (fresh.length === 0) return { outcome: 'duplicate' as const, payment: null };
    if (!event.payment) return { outcome: 'ignored' as const, payment: null };
    const row = await lockOne(tx, and(eq(payment.provider, providerName), eq(payment.providerRef, event.payment.providerRef)));
    // Not one of ours (another integration on the same account): acknowledged, nothing to do.
    if (!row) return { outcome: 'ignored' as const, payment: null };
    return settleLocked(ctx, tx, row, event.payment, onAuthorized);
  });
}

/**
 * Applies the provider's `state` (null: nothing new) to the locked `row`. A pending payment the
 * provider reports authorized (or captured) becomes authorized, guarded on `pending`, with
 * `payment.authorized` (then captured without calling the provider back when it was captured
 * there); `onAuthorized` runs in the same transaction — every time the payment is authorized,
 * not only the first (it must be idempotent: the checkout's order confirmation is). A pending
 * payment the provider reports failed or canceled keeps its status (its order's cancellation
 * voids it) and records why.
 */
async function settleLocked(ctx: PaymentsContext, tx: Tx, row: PaymentRow, state: ClientPaymentState | null, onAuthorized?: OnAuthorized): Promise<ClientPaymentOutcome> {
  const outcome = await settleState(ctx, tx, row, state, onAuthorized);
  return state ? { ...outcome, metadata: state.metadata } : outcome;
}

/** {@link settleLocked} without the metadata. */
async function settleState(ctx: PaymentsContext, tx: Tx, row: PaymentRow, state: ClientPaymentState | null, onAuthorized?: OnAuthorized): Promise<ClientPaymentOutcome> {
  let current = row;
  if (state && current.status === 'pending') {
    if (state.amount !== current.amount || state.currency !== current.currency) {
      ctx.log.error({ paymentId: current.id, recorded: [current.amount, current.currency], reported: [state.amount, state.currency] }, 'provider reported another amount for a payment; left pending');
      return { outcome: 'requires_action', payment: await dto(tx, current) };
    }
    if (state.status === 'authorized' || state.status === 'captured') {
      const [updated] = await tx
        .update(payment)
        .set({ status: 'authorized', cardBrand: state.card?.brand ?? null, cardLast4: state.card?.last4 ?? null, failureCode: null, failureMessage: null, updatedAt: new Date() })
        .where(and(eq(payment.id, current.id), eq(payment.status, 'pending')))
        .returning();
      current = updated!;
      const event: PaymentsEvents['payment.authorized'] = { paymentId: current.id, orderId: current.orderId, provider: current.provider, amount: current.amount, currency: current.currency };
      await publish(tx, 'payment.authorized', event, current.id);
      if (state.status === 'captured') current = await applyCapture(ctx, tx, current, current.amount, false);
    } else if (state.status === 'failed' || state.status === 'canceled') {
      const code = state.status === 'canceled' ? 'canceled' : (state.failureCode ?? 'card_declined');
      const message = state.status === 'canceled' ? 'The payment was canceled.' : (state.failureMessage ?? 'The card was declined.');
      [current] = await tx.update(payment).set({ failureCode: code.slice(0, 64), failureMessage: message.slice(0, 500), updatedAt: new Date() }).where(eq(payment.id, current.id)).returning() as [PaymentRow];
      return { outcome: state.status, payment: await dto(tx, current) };
    }
  }
  const result = await dto(tx, current);
  if (current.status === 'pending') return { outcome: 'requires_action', payment: result };
  if (current.status === 'voided') return { outcome: 'canceled', payment: result };
  if (onAuthorized) await onAuthorized(result, tx);
  return { outcome: 'authorized', payment: result };
}
