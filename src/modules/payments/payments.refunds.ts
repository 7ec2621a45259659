import { and, eq, inArray, sql } from 'drizzle-orm';
import { pgErrorCode, type Executor, type Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { replayDecision } from '../../platform/idempotency.js';
import { newId } from '../../platform/ids.js';
import type { RefundDto, RefundIdempotency, RefundOutcome } from './payments.contract.js';
import type { PaymentsEvents } from './payments.events.js';
import { PaymentsErrors } from './payments.errors.js';
import { callProvider, dto, lockById, toRefundDto, type PaymentRow, type PaymentsContext, type RefundRow } from './payments.store.js';
import { payment, refund } from './db/schema.js';
import { idempotencyProblems } from './domain/input.js';
import { CAPTURED_STATUSES, isPositiveAmount, refundable } from './domain/state.js';

/** Longest refund reason kept (characters). */
const MAX_REASON = 500;

/** Longest provider refund reference kept (characters), as webhooks accept it. */
const MAX_PROVIDER_REF = 200;

/**
 * Where a refund comes from: a call of ours to the provider (the contract: API refunds,
 * cancellations), optionally bound to an idempotency key; or a provider webhook reporting one,
 * with the provider's refund reference when it gives one.
 */
export type RefundSource =
  | { via: 'provider-call'; idempotency?: RefundIdempotency; record?: RefundRecorder }
  | { via: 'webhook'; providerRefundRef: string | null };

/**
 * The caller's part of a refund (the orders module records which lines it gives back), run in
 * the refund's transaction once the refund row is written and before the provider is called:
 * what it throws rolls the refund back before any money moves.
 */
export type RefundRecorder = (refund: RefundDto, tx: Tx) => Promise<void>;

/** True when `err` is the violation of the refund idempotency key's unique index (a twin committed first). */
function isIdempotencyKeyViolation(err: unknown): boolean {
  const e = pgErrorCode(err);
  return e?.code === '23505' && e.constraint === 'refund_idempotency_key_uq';
}


/**
 * Refunds `amount` of payment `paymentId`. The guarded UPDATE adds to `refunded_amount` only
 * while `captured − refunded ≥ amount`, and locks the row until commit, so concurrent refunds
 * can never exceed the captured amount. The refund row (with its idempotency key) is written
 * next, BEFORE the provider is called: a twin with the same key on another payment collides on
 * the key's unique index there, before any money moves. For a `provider-call` the caller's
 * `record` runs next (same transaction), then the provider is called and its refund reference
 * recorded; a provider failure rolls everything back.
 */
export async function applyRefund(
  ctx: PaymentsContext, tx: Tx, paymentId: string, amount: number, reason: string, actor: string | null, source: RefundSource,
): Promise<{ payment: PaymentRow; refund: RefundRow }> {
  if (!isPositiveAmount(amount)) throw PaymentsErrors.invalidAmount('The refund amount must be a positive integer of minor units');
  const [updated] = await tx
    .update(payment)
    .set({
      refundedAmount: sql`${payment.refundedAmount} + ${amount}::integer`,
      status: sql`case when ${payment.refundedAmount} + ${amount}::integer >= ${payment.capturedAmount} then 'refunded' else 'partially_refunded' end`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(payment.id, paymentId),
        inArray(payment.status, ['captured', 'partially_refunded']),
        sql`${payment.capturedAmount} - ${payment.refundedAmount} >= ${amount}::integer`,
      ),
    )
    .returning();
  if (!updated) {
    const [current] = await tx.select().from(payment).where(eq(payment.id, paymentId));
    if (!current) throw PaymentsErrors.paymentNotFound(paymentId.slice(0, 64));
    if (CAPTURED_STATUSES.includes(current.status)) throw PaymentsErrors.refundExceedsCaptured(amount, refundable(current));
    throw PaymentsErrors.illegalState('refund', current.status);
  }
  const idempotency = source.via === 'provider-call' ? source.idempotency : undefined;
  const [inserted] = await tx
    .insert(refund)
    .values({
      id: newId('rfd'), paymentId, amount, reason, createdBy: actor,
      idempotencyKey: idempotency?.key ?? null, requestHash: idempotency?.requestHash ?? null,
      providerRef: source.via === 'webhook' ? source.providerRefundRef : null,
    })
    .returning();
  let created = inserted!;
  if (source.via === 'provider-call') {
    if (source.record) await source.record(toRefundDto(created, updated.currency), tx);
    const answer = await callProvider(ctx, updated.provider, 'refund', (p) =>
      p.refund(updated.providerRef, amount, { idempotencyKey: `${idempotency ? `key:${idempotency.key}` : created.id}:refund` }),
    );
    const ref: unknown = (answer as { providerRefundRef?: unknown } | undefined)?.providerRefundRef;
    if (typeof ref === 'string' && ref.length > 0 && ref.length <= MAX_PROVIDER_REF) {
      await tx.update(refund).set({ providerRef: ref }).where(eq(refund.id, created.id));
      created = { ...created, providerRef: ref };
    } else {
      // The money has moved: record the refund anyway; a webhook about it cannot be matched.
      ctx.log.warn({ provider: updated.provider, paymentId, refundId: created.id }, 'payment provider answered a refund without a usable refund reference');
    }
  }
  const event: PaymentsEvents['payment.refunded'] = {
    paymentId, orderId: updated.orderId, refundId: created.id, amount, currency: updated.currency,
    refundedAmount: updated.refundedAmount, capturedAmount: updated.capturedAmount,
    fullyRefunded: updated.status === 'refunded', reason,
  };
  await publish(tx, 'payment.refunded', event, paymentId);
  return { payment: updated, refund: created };
}

/** The refund made with idempotency key `key`, if any. */
async function refundByKey(exec: Executor, key: string): Promise<RefundRow | undefined> {
  const [row] = await exec.select().from(refund).where(eq(refund.idempotencyKey, key)).limit(1);
  return row;
}

/**
 * The replay answer of `prior`, the refund an earlier call made with `idempotency.key`: the
 * same refund, the payment as it is now. `paymentId` (when the caller names one) must be the
 * refund's. `locked` is the refund's payment row when the caller already holds it.
 * @throws 422 IDEMPOTENCY.KEY_REUSED when the request hash or the payment differ.
 */
async function replay(exec: Executor, prior: RefundRow, idempotency: RefundIdempotency, paymentId?: string, locked?: PaymentRow): Promise<RefundOutcome> {
  replayDecision(prior, idempotency.requestHash, { sameTarget: paymentId === undefined || prior.paymentId === paymentId, request: 'refund request' });
  const row = locked?.id === prior.paymentId ? locked : (await exec.select().from(payment).where(eq(payment.id, prior.paymentId)))[0];
  if (!row) throw PaymentsErrors.paymentNotFound(prior.paymentId);
  return { payment: await dto(exec, row), refund: toRefundDto(prior, row.currency), replayed: true };
}

/** See {@link PaymentsContract.refund}. */
export async function refundPayment(
  ctx: PaymentsContext, paymentId: string, amount: number, reason: string, actor: string | null, idempotency?: RefundIdempotency, record?: RefundRecorder,
): Promise<RefundOutcome> {
  if (!isPositiveAmount(amount)) throw PaymentsErrors.invalidAmount('The refund amount must be a positive integer of minor units');
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length > MAX_REASON) throw PaymentsErrors.invalidInput([{ field: 'reason', message: `must be at most ${MAX_REASON} characters` }]);
  if (idempotency !== undefined) {
    const problems = idempotencyProblems(idempotency);
    if (problems.length) throw PaymentsErrors.invalidInput(problems);
  }
  if (typeof paymentId !== 'string' || paymentId.length > 64) throw PaymentsErrors.paymentNotFound(String(paymentId).slice(0, 64));
  try {
    return await ctx.database.transaction(async (tx) => {
      if (idempotency) {
        // Lock the payment, then look the key up: a twin with the same key waits on the lock,
        // then finds the first one's refund and answers it.
        const locked = await lockById(tx, paymentId);
        const prior = await refundByKey(tx, idempotency.key);
        if (prior) return replay(tx, prior, idempotency, paymentId, locked);
      }
      const done = await applyRefund(ctx, tx, paymentId, amount, text, actor ?? null, { via: 'provider-call', idempotency, record });
      return { payment: await dto(tx, done.payment), refund: toRefundDto(done.refund, done.payment.currency), replayed: false };
    });
  } catch (err) {
    // The key's unique index refused a twin the payment lock did not serialise (the key used
    // on another payment at the same time): the committed refund decides (replay or 422).
    if (!idempotency || !isIdempotencyKeyViolation(err)) throw err;
    const prior = await refundByKey(ctx.database.db, idempotency.key);
    if (!prior) throw err;
    return replay(ctx.database.db, prior, idempotency, paymentId);
  }
}

/** See {@link PaymentsContract.replayRefund}. */
export async function replayRefund(ctx: PaymentsContext, idempotency: RefundIdempotency): Promise<RefundOutcome | null> {
  const problems = idempotencyProblems(idempotency);
  if (problems.length) throw PaymentsErrors.invalidInput(problems);
  const prior = await refundByKey(ctx.database.db, idempotency.key);
  return prior ? replay(ctx.database.db, prior, idempotency) : null;
}
