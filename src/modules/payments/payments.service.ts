import { and, asc, count, desc, eq, gt } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../../platform/db/index.js';
import type {
  AuthorizeInput, CancellationSettlement, ClientPaymentInput, ClientPaymentOutcome, ClientPaymentStart, OfflinePaymentInput, PaymentDto, RefundIdempotency, RefundOutcome,
} from './payments.contract.js';
import { authorizePayment } from './payments.authorize.js';
import { applyClientEvent, beginClientPayment, confirmClientPayment, verifyClientEvent, type OnAuthorized } from './payments.client.js';
import { recordOfflinePayment } from './payments.offline.js';
import { refundPayment, replayRefund, type RefundRecorder } from './payments.refunds.js';
import type { PaymentListQuery, WebhookBody } from './payments.schemas.js';
import { dtos, type PaymentsContext } from './payments.store.js';
import { capturePayment, settleCancellation } from './payments.transitions.js';
import { handleWebhook } from './payments.webhooks.js';
import { payment } from './db/schema.js';
import type { ClientPaymentEvent, PaymentProvider } from './domain/provider.js';

/** A page of results. */
export interface Page<T> {
  data: T[];
  pagination: { total: number; limit: number; page: number };
}

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
 *
 * This class holds the reads and composes the rest, one file per concern: rows, DTOs, locks and
 * provider calls (`payments.store.ts`), authorization (`payments.authorize.ts`), capture, void,
 * failure and cancellation settlement (`payments.transitions.ts`), refunds and their idempotency
 * (`payments.refunds.ts`), provider webhooks (`payments.webhooks.ts`).
 */
export class PaymentsService {
  private readonly ctx: PaymentsContext;

  constructor(database: Database, providers: PaymentProvider[], log: Logger, options: PaymentsServiceOptions) {
    this.ctx = {
      database, log, providers: new Map(providers.map((p) => [p.name, p])),
      webhookSecret: options.webhookSecret, now: options.now ?? (() => new Date()),
    };
  }

  /** Names of the configured providers. */
  providerNames(): string[] {
    return [...this.ctx.providers.keys()];
  }

  // ---------------------------------------------------------------- reads

  /** See {@link PaymentsContract.listForOrder}. */
  async listForOrder(orderId: string): Promise<PaymentDto[]> {
    const rows = await this.ctx.database.db.select().from(payment).where(eq(payment.orderId, orderId)).orderBy(asc(payment.createdAt), asc(payment.id));
    return dtos(this.ctx.database.db, rows);
  }

  /** See {@link PaymentsContract.refundedOrderIds}. */
  async refundedOrderIds(): Promise<string[]> {
    const found = await this.ctx.database.db.selectDistinct({ orderId: payment.orderId }).from(payment).where(gt(payment.refundedAmount, 0));
    return found.map((r) => r.orderId);
  }

  /** Payments newest first, optionally of one order and/or in one status, paginated. */
  async list(query: PaymentListQuery): Promise<Page<PaymentDto>> {
    const db = this.ctx.database.db;
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
    return { data: await dtos(db, rows), pagination: { total: Number(total?.n ?? 0), limit: query.limit, page: query.page } };
  }

  // ---------------------------------------------------------------- contract operations

  /** See {@link PaymentsContract.authorize}. */
  async authorize(input: AuthorizeInput, record?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<PaymentDto> {
    return authorizePayment(this.ctx, input, record);
  }

  /** See {@link PaymentsContract.capture}. */
  async capture(paymentId: string, amount?: number): Promise<PaymentDto> {
    return capturePayment(this.ctx, paymentId, amount);
  }


  /** See {@link PaymentsContract.refund}. */
  async refund(paymentId: string, amount: number, reason: string, actor: string | null, idempotency?: RefundIdempotency, record?: RefundRecorder): Promise<RefundOutcome> {
    return refundPayment(this.ctx, paymentId, amount, reason, actor, idempotency, record);
  }

  /** See {@link PaymentsContract.replayRefund}. */
  async replayRefund(idempotency: RefundIdempotency): Promise<RefundOutcome | null> {
    return replayRefund(this.ctx, idempotency);
  }

  /** See {@link PaymentsContract.settleCancellation}. */
  async settleCancellation(orderId: string, actor: string | null): Promise<CancellationSettlement> {
    return settleCancellation(this.ctx, orderId, actor);
  }

  /** See {@link PaymentsContract.beginClientPayment}. */
  async beginClientPayment(input: ClientPaymentInput): Promise<ClientPaymentStart> {
    return beginClientPayment(this.ctx, input);
  }

  /** See {@link PaymentsContract.confirmClientPayment}. */
  async confirmClientPayment(orderId: string, onAuthorized?: OnAuthorized): Promise<ClientPaymentOutcome> {
    return confirmClientPayment(this.ctx, orderId, onAuthorized);
  }

  /** See {@link PaymentsContract.verifyClientEvent}. */
  verifyClientEvent(provider: string, rawBody: Buffer | undefined, signature: string | undefined): Promise<ClientPaymentEvent> {
    return verifyClientEvent(this.ctx, provider, rawBody, signature);
  }

  /** See {@link PaymentsContract.applyClientEvent}. */
  async applyClientEvent(provider: string, event: ClientPaymentEvent, onAuthorized?: OnAuthorized): Promise<ClientPaymentOutcome> {
    return applyClientEvent(this.ctx, provider, event, onAuthorized);
  }

  /** See {@link PaymentsContract.recordOfflinePayment}. */
  async recordOfflinePayment(input: OfflinePaymentInput, record?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<PaymentDto> {
    return recordOfflinePayment(this.ctx, input, record);
  }

  /** See {@link handleWebhook}. */
  async handleWebhook(providerName: string, rawBody: Buffer | undefined, signature: string | undefined, event: WebhookBody): Promise<{ received: true; duplicate: boolean }> {
    return handleWebhook(this.ctx, providerName, rawBody, signature, event);
  }
}
