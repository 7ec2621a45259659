import { and, asc, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import { pgErrorCode, prepared, type Database, type Executor, type Tx } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { publish } from '../../platform/events/index.js';
import { replayDecision } from '../../platform/idempotency.js';
import { newId } from '../../platform/ids.js';
import type { AuthorizeInput, CancellationSettlement, PaymentDto, RefundDto, RefundIdempotency, RefundOutcome } from './payments.contract.js';
import type { PaymentsEvents } from './payments.events.js';
import { PaymentsErrors } from './payments.errors.js';
import type { PaymentListQuery, WebhookBody } from './payments.schemas.js';
import { payment, refund, webhookEvent } from './db/schema.js';
import { cardSummary, type CardBrand } from './domain/card.js';
import { authorizeInputProblems, idempotencyProblems } from './domain/input.js';
import type { PaymentProvider } from './domain/provider.js';
import { signatureProblem, type SignatureProblem } from './domain/signature.js';
import { CAPTURED_STATUSES, isPositiveAmount, refundable, settlementFor, type PaymentStatus } from './domain/state.js';

type PaymentRow = typeof payment.$inferSelect;
type RefundRow = typeof refund.$inferSelect;

/** A page of results. */
export interface Page<T> {
  data: T[];
  pagination: { total: number; limit: number; page: number };
}

/** Longest refund reason kept (characters). */
const MAX_REASON = 500;

/** Longest provider refund reference kept (characters), as webhooks accept it. */
const MAX_PROVIDER_REF = 200;

/**
 * Where a refund comes from: a call of ours to the provider (the contract: API refunds,
 * cancellations), optionally bound to an idempotency key; or a provider webhook reporting one,
 * with the provider's refund reference when it gives one.
 */
type RefundSource =
  | { via: 'provider-call'; idempotency?: RefundIdempotency }
  | { via: 'webhook'; providerRefundRef: string | null };

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

/** True when `err` is the violation of the refund idempotency key's unique index (a twin committed first). */
function isIdempotencyKeyViolation(err: unknown): boolean {
  const e = pgErrorCode(err);
  return e?.code === '23505' && e.constraint === 'refund_idempotency_key_uq';
}

const iso = (d: Date | string) => new Date(d).toISOString();

function toRefundDto(row: RefundRow, currency: string): RefundDto {
  return {
    id: row.id, paymentId: row.paymentId, amount: { amount: row.amount, currency }, reason: row.reason,
    createdAt: iso(row.createdAt), createdBy: row.createdBy,
  };
}

function toDto(row: PaymentRow, refunds: RefundRow[]): PaymentDto {
  const money = (amount: number) => ({ amount, currency: row.currency });
  return {
    id: row.id,
    orderId: row.orderId,
    provider: row.provider,
    status: row.status,
    amount: money(row.amount),
    capturedAmount: money(row.capturedAmount),
    refundedAmount: money(row.refundedAmount),
    card: row.cardLast4 ? { brand: (row.cardBrand ?? 'unknown') as CardBrand, last4: row.cardLast4 } : null,
    failureCode: row.failureCode,
    failureMessage: row.failureMessage,
    refunds: refunds.map((r) => toRefundDto(r, row.currency)),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

const SIGNATURE_REASONS: Record<SignatureProblem, string> = {
  missing: 'missing (header comptoir-signature)',
  malformed: 'malformed (expected t=<unix seconds>,v1=<hex HMAC-SHA256>)',
  stale: 'too old or too far in the future (5 minutes tolerance)',
  mismatch: 'invalid',
};

/** Options of the {@link PaymentsService}. */
export interface PaymentsServiceOptions {
  /** HMAC secret of provider webhooks. */
  webhookSecret: string;
  /** Clock for webhook timestamps (default: system clock). */
  now?: () => Date;
}

/**
 * Payments domain logic: authorization, capture, void, refunds and provider webhooks. Every
 * change runs in one transaction that also writes its event to the outbox. Provider calls that
 * change money (capture, void, refund) happen while the payment row is locked, so concurrent
 * operations on one payment are serialised and the state rules hold at the provider too.
 * Webhooks apply the same transitions (same code path) without calling the provider back.
 */
export class PaymentsService {
  private readonly providers: Map<string, PaymentProvider>;
  private readonly now: () => Date;

  constructor(
    private readonly database: Database,
    providers: PaymentProvider[],
    private readonly log: Logger,
    private readonly options: PaymentsServiceOptions,
  ) {
    this.providers = new Map(providers.map((p) => [p.name, p]));
    this.now = options.now ?? (() => new Date());
  }

  /** Names of the configured providers. */
  providerNames(): string[] {
    return [...this.providers.keys()];
  }

  private provider(name: string): PaymentProvider {
    const found = this.providers.get(name);
    if (!found) throw PaymentsErrors.unknownProvider(name);
    return found;
  }

  /** Runs a provider call; any failure that is not an AppError becomes 502 PAYMENTS.PROVIDER_ERROR. */
  private async callProvider<T>(name: string, operation: string, call: (p: PaymentProvider) => Promise<T>): Promise<T> {
    const provider = this.provider(name);
    try {
      return await call(provider);
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.log.error({ err, provider: name, operation }, 'payment provider call failed');
      throw PaymentsErrors.providerError(name, operation);
    }
  }

  // ---------------------------------------------------------------- reads

  /** DTOs of `rows` (order kept) with their refunds, oldest first. */
  private async dtos(exec: Executor, rows: PaymentRow[]): Promise<PaymentDto[]> {
    if (rows.length === 0) return [];
    const refunds = await exec
      .select()
      .from(refund)
      .where(inArray(refund.paymentId, rows.map((r) => r.id)))
      .orderBy(asc(refund.createdAt), asc(refund.id));
    const byPayment = new Map<string, RefundRow[]>();
    for (const r of refunds) {
      const list = byPayment.get(r.paymentId) ?? [];
      list.push(r);
      byPayment.set(r.paymentId, list);
    }
    return rows.map((row) => toDto(row, byPayment.get(row.id) ?? []));
  }

  private async dto(exec: Executor, row: PaymentRow): Promise<PaymentDto> {
    const [one] = await this.dtos(exec, [row]);
    return one!;
  }

  /** See {@link PaymentsContract.listForOrder}. */
  async listForOrder(orderId: string): Promise<PaymentDto[]> {
    const rows = await this.database.db.select().from(payment).where(eq(payment.orderId, orderId)).orderBy(asc(payment.createdAt), asc(payment.id));
    return this.dtos(this.database.db, rows);
  }

  /** Payments newest first, optionally of one order and/or in one status, paginated. */
  async list(query: PaymentListQuery): Promise<Page<PaymentDto>> {
    const db = this.database.db;
    const where = and(
      query.orderId !== undefined ? eq(payment.orderId, query.orderId) : undefined,
      query.status !== undefined ? eq(payment.status, query.status) : undefined,
    );
    const [total] = await db.select({ n: count() }).from(payment).where(where);
    const rows = await db
      .select()
      .from(payment)
      .where(where)
      .orderBy(desc(payment.createdAt), desc(payment.id))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit);
    return { data: await this.dtos(db, rows), pagination: { total: Number(total?.n ?? 0), limit: query.limit, page: query.page } };
  }

  // ---------------------------------------------------------------- authorize

  /** See {@link PaymentsContract.authorize}. */
  async authorize(input: AuthorizeInput, record?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<PaymentDto> {
    const problems = authorizeInputProblems(input ?? ({} as AuthorizeInput));
    if (problems.length) throw PaymentsErrors.invalidInput(problems);
    const providerName = input.provider;
    this.provider(providerName);
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
    const result = await this.callProvider(providerName, 'authorize', (p) =>
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
    return this.database.transaction(async (tx) => {
      if (authorized) {
        const [row] = await insertLivePayment.run(tx, values);
        // Nothing inserted: a concurrent attempt recorded the order's payment first.
        if (!row) return recordIn(tx, await this.dto(tx, (await livePayment.run(tx, { orderId: input.orderId }))[0]!));
        const event: PaymentsEvents['payment.authorized'] = { paymentId: row.id, orderId: row.orderId, provider: providerName, amount, currency };
        await publish(tx, 'payment.authorized', event, row.id);
        return recordIn(tx, toDto(row, []));
      }
      // A decline after a concurrent attempt succeeded is not news: that payment stands.
      const [live] = await livePayment.run(tx, { orderId: input.orderId });
      if (live) return recordIn(tx, await this.dto(tx, live));
      const [row] = await insertPayment.run(tx, values);
      await this.publishFailed(tx, row!);
      return recordIn(tx, toDto(row!, []));
    });
  }

  private async publishFailed(tx: Tx, row: PaymentRow): Promise<void> {
    const event: PaymentsEvents['payment.failed'] = {
      paymentId: row.id, orderId: row.orderId, amount: row.amount, currency: row.currency,
      code: row.failureCode ?? 'card_declined', message: row.failureMessage ?? '',
    };
    await publish(tx, 'payment.failed', event, row.id);
  }

  // ---------------------------------------------------------------- transitions (shared by the contract and webhooks)

  /** The payment `where` selects, locked FOR UPDATE until the transaction ends (failed attempts last). */
  private async lockOne(tx: Tx, where: SQL | undefined): Promise<PaymentRow | undefined> {
    const [row] = await tx
      .select()
      .from(payment)
      .where(where)
      .orderBy(sql`(${payment.status} = 'failed')`, desc(payment.createdAt))
      .limit(1)
      .for('update');
    return row;
  }

  private async lockById(tx: Tx, paymentId: string): Promise<PaymentRow> {
    const row = typeof paymentId === 'string' && paymentId.length <= 64 ? await this.lockOne(tx, eq(payment.id, paymentId)) : undefined;
    if (!row) throw PaymentsErrors.paymentNotFound(String(paymentId).slice(0, 64));
    return row;
  }

  /** Captures `amount` of the locked authorized `row`; calls the provider first when `viaProvider`. */
  private async applyCapture(tx: Tx, row: PaymentRow, amount: number, viaProvider: boolean): Promise<PaymentRow> {
    if (row.status !== 'authorized') throw PaymentsErrors.illegalState('capture', row.status);
    if (!isPositiveAmount(amount) || amount > row.amount) {
      throw PaymentsErrors.invalidAmount(`The capture amount must be a positive integer of minor units, at most the authorized ${row.amount}`);
    }
    if (viaProvider) await this.callProvider(row.provider, 'capture', (p) => p.capture(row.providerRef, amount));
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

  /** Voids the locked authorized `row`; calls the provider first when `viaProvider`. */
  private async applyVoid(tx: Tx, row: PaymentRow, viaProvider: boolean): Promise<PaymentRow> {
    if (row.status !== 'authorized') throw PaymentsErrors.illegalState('void', row.status);
    if (viaProvider) await this.callProvider(row.provider, 'void', (p) => p.void(row.providerRef));
    const [updated] = await tx
      .update(payment)
      .set({ status: 'voided', updatedAt: new Date() })
      .where(and(eq(payment.id, row.id), eq(payment.status, 'authorized')))
      .returning();
    if (!updated) throw PaymentsErrors.illegalState('void', row.status);
    const event: PaymentsEvents['payment.voided'] = { paymentId: row.id, orderId: row.orderId, amount: row.amount, currency: row.currency };
    await publish(tx, 'payment.voided', event, row.id);
    return updated;
  }

  /** Marks the locked authorized `row` failed (the provider reported it so). */
  private async applyFailure(tx: Tx, row: PaymentRow, code: string, message: string): Promise<PaymentRow> {
    if (row.status !== 'authorized') throw PaymentsErrors.illegalState('fail', row.status);
    const [updated] = await tx
      .update(payment)
      .set({ status: 'failed', failureCode: code, failureMessage: message, updatedAt: new Date() })
      .where(and(eq(payment.id, row.id), eq(payment.status, 'authorized')))
      .returning();
    if (!updated) throw PaymentsErrors.illegalState('fail', row.status);
    await this.publishFailed(tx, updated);
    return updated;
  }

  /**
   * Refunds `amount` of payment `paymentId`. The guarded UPDATE adds to `refunded_amount` only
   * while `captured − refunded ≥ amount`, and locks the row until commit, so concurrent refunds
   * can never exceed the captured amount. The refund row (with its idempotency key) is written
   * next, BEFORE the provider is called: a twin with the same key on another payment collides on
   * the key's unique index there, before any money moves. For a `provider-call` the provider is
   * then called and its refund reference recorded; a provider failure rolls everything back.
   */
  private async applyRefund(
    tx: Tx, paymentId: string, amount: number, reason: string, actor: string | null, source: RefundSource,
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
      const answer = await this.callProvider(updated.provider, 'refund', (p) => p.refund(updated.providerRef, amount));
      const ref: unknown = (answer as { providerRefundRef?: unknown } | undefined)?.providerRefundRef;
      if (typeof ref === 'string' && ref.length > 0 && ref.length <= MAX_PROVIDER_REF) {
        await tx.update(refund).set({ providerRef: ref }).where(eq(refund.id, created.id));
        created = { ...created, providerRef: ref };
      } else {
        // The money has moved: record the refund anyway; a webhook about it cannot be matched.
        this.log.warn({ provider: updated.provider, paymentId, refundId: created.id }, 'payment provider answered a refund without a usable refund reference');
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
  private async refundByKey(exec: Executor, key: string): Promise<RefundRow | undefined> {
    const [row] = await exec.select().from(refund).where(eq(refund.idempotencyKey, key)).limit(1);
    return row;
  }

  /**
   * The replay answer of `prior`, the refund an earlier call made with `idempotency.key`: the
   * same refund, the payment as it is now. `paymentId` (when the caller names one) must be the
   * refund's. `locked` is the refund's payment row when the caller already holds it.
   * @throws 422 IDEMPOTENCY.KEY_REUSED when the request hash or the payment differ.
   */
  private async replay(exec: Executor, prior: RefundRow, idempotency: RefundIdempotency, paymentId?: string, locked?: PaymentRow): Promise<RefundOutcome> {
    replayDecision(prior, idempotency.requestHash, { sameTarget: paymentId === undefined || prior.paymentId === paymentId, request: 'refund request' });
    const row = locked?.id === prior.paymentId ? locked : (await exec.select().from(payment).where(eq(payment.id, prior.paymentId)))[0];
    if (!row) throw PaymentsErrors.paymentNotFound(prior.paymentId);
    return { payment: await this.dto(exec, row), refund: toRefundDto(prior, row.currency), replayed: true };
  }

  // ---------------------------------------------------------------- contract operations

  /** See {@link PaymentsContract.capture}. */
  async capture(paymentId: string, amount?: number): Promise<PaymentDto> {
    if (amount !== undefined && !isPositiveAmount(amount)) throw PaymentsErrors.invalidAmount('The capture amount must be a positive integer of minor units');
    return this.database.transaction(async (tx) => {
      const row = await this.lockById(tx, paymentId);
      return this.dto(tx, await this.applyCapture(tx, row, amount ?? row.amount, true));
    });
  }

  /** See {@link PaymentsContract.void}. */
  async void(paymentId: string): Promise<PaymentDto> {
    return this.database.transaction(async (tx) => {
      const row = await this.lockById(tx, paymentId);
      return this.dto(tx, await this.applyVoid(tx, row, true));
    });
  }

  /** See {@link PaymentsContract.refund}. */
  async refund(paymentId: string, amount: number, reason: string, actor: string | null, idempotency?: RefundIdempotency): Promise<RefundOutcome> {
    if (!isPositiveAmount(amount)) throw PaymentsErrors.invalidAmount('The refund amount must be a positive integer of minor units');
    const text = typeof reason === 'string' ? reason.trim() : '';
    if (text.length > MAX_REASON) throw PaymentsErrors.invalidInput([{ field: 'reason', message: `must be at most ${MAX_REASON} characters` }]);
    if (idempotency !== undefined) {
      const problems = idempotencyProblems(idempotency);
      if (problems.length) throw PaymentsErrors.invalidInput(problems);
    }
    if (typeof paymentId !== 'string' || paymentId.length > 64) throw PaymentsErrors.paymentNotFound(String(paymentId).slice(0, 64));
    try {
      return await this.database.transaction(async (tx) => {
        if (idempotency) {
          // Lock the payment, then look the key up: a twin with the same key waits on the lock,
          // then finds the first one's refund and answers it.
          const locked = await this.lockById(tx, paymentId);
          const prior = await this.refundByKey(tx, idempotency.key);
          if (prior) return this.replay(tx, prior, idempotency, paymentId, locked);
        }
        const done = await this.applyRefund(tx, paymentId, amount, text, actor ?? null, { via: 'provider-call', idempotency });
        return { payment: await this.dto(tx, done.payment), refund: toRefundDto(done.refund, done.payment.currency), replayed: false };
      });
    } catch (err) {
      // The key's unique index refused a twin the payment lock did not serialise (the key used
      // on another payment at the same time): the committed refund decides (replay or 422).
      if (!idempotency || !isIdempotencyKeyViolation(err)) throw err;
      const prior = await this.refundByKey(this.database.db, idempotency.key);
      if (!prior) throw err;
      return this.replay(this.database.db, prior, idempotency, paymentId);
    }
  }

  /** See {@link PaymentsContract.replayRefund}. */
  async replayRefund(idempotency: RefundIdempotency): Promise<RefundOutcome | null> {
    const problems = idempotencyProblems(idempotency);
    if (problems.length) throw PaymentsErrors.invalidInput(problems);
    const prior = await this.refundByKey(this.database.db, idempotency.key);
    return prior ? this.replay(this.database.db, prior, idempotency) : null;
  }

  /** See {@link PaymentsContract.settleCancellation}. */
  async settleCancellation(orderId: string, actor: string | null): Promise<CancellationSettlement> {
    return this.database.transaction(async (tx) => {
      const row = await this.lockOne(tx, and(eq(payment.orderId, orderId), ne(payment.status, 'failed')));
      if (!row) return { action: 'none', payment: null };
      const plan = settlementFor(row);
      if (plan.action === 'void') return { action: 'voided', payment: await this.dto(tx, await this.applyVoid(tx, row, true)) };
      if (plan.action === 'refund') {
        const done = await this.applyRefund(tx, row.id, plan.amount, 'Order cancelled', actor ?? null, { via: 'provider-call' });
        return { action: 'refunded', payment: await this.dto(tx, done.payment) };
      }
      return { action: 'none', payment: await this.dto(tx, row) };
    });
  }

  // ---------------------------------------------------------------- webhooks

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
  async handleWebhook(providerName: string, rawBody: Buffer | undefined, signature: string | undefined, event: WebhookBody): Promise<{ received: true; duplicate: boolean }> {
    this.provider(providerName);
    const problem = rawBody === undefined ? 'missing' : signatureProblem(signature, rawBody, this.options.webhookSecret, Math.floor(this.now().getTime() / 1000));
    if (problem) throw PaymentsErrors.badSignature(SIGNATURE_REASONS[problem]);
    return this.database.transaction(async (tx) => {
      const fresh = await tx
        .insert(webhookEvent)
        .values({ provider: providerName, eventId: event.id, payload: event })
        .onConflictDoNothing()
        .returning({ eventId: webhookEvent.eventId });
      if (fresh.length === 0) return { received: true as const, duplicate: true };
      const row = await this.lockOne(tx, and(eq(payment.provider, providerName), eq(payment.providerRef, event.data.providerRef)));
      if (!row) throw PaymentsErrors.paymentNotFound(`with provider reference ${event.data.providerRef.slice(0, 64)}`);
      const outcome = await this.applyEvent(tx, row, event);
      return { received: true as const, duplicate: outcome === 'already-recorded' };
    });
  }

  /**
   * Applies `event` to the locked `row`. `already-recorded`: a payment.refunded whose refund
   * reference is already on a refund of this payment (nothing done); `done` otherwise (applied,
   * or nothing to do in this state).
   */
  private async applyEvent(tx: Tx, row: PaymentRow, event: WebhookBody): Promise<'done' | 'already-recorded'> {
    const status: PaymentStatus = row.status;
    switch (event.type) {
      case 'payment.captured':
        if (CAPTURED_STATUSES.includes(status)) return 'done';
        await this.applyCapture(tx, row, event.data.amount ?? row.amount, false);
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
              this.log.warn({ paymentId: row.id, refundId: known.id, recorded: known.amount, reported: event.data.amount, eventId: event.id }, 'provider reported another amount for a recorded refund; left as recorded');
            }
            return 'already-recorded';
          }
        }
        if (!CAPTURED_STATUSES.includes(status)) throw PaymentsErrors.illegalState('refund', status);
        if (event.data.amount === undefined && status === 'refunded') return 'done';
        const amount = event.data.amount ?? refundable(row);
        await this.applyRefund(tx, row.id, amount, `Refunded at the provider (event ${event.id.slice(0, 200)})`, null, { via: 'webhook', providerRefundRef: refundRef ?? null });
        return 'done';
      }
      case 'payment.failed':
        if (status === 'failed') return 'done';
        await this.applyFailure(tx, row, 'provider_failed', 'The payment provider reported the payment as failed.');
        return 'done';
    }
  }
}
