import { asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { PaymentDto, RefundDto } from './payments.contract.js';
import { PaymentsErrors } from './payments.errors.js';
import { isOfflineMethod, offlineProvider } from './payments.methods.js';
import { payment, refund } from './db/schema.js';
import type { CardBrand } from './domain/card.js';
import type { PaymentProvider } from './domain/provider.js';

/** A `payments.payment` row. */
export type PaymentRow = typeof payment.$inferSelect;
/** A `payments.refund` row. */
export type RefundRow = typeof refund.$inferSelect;

/** What the payments operations share: the database, the configured providers, the log and the webhook settings. */
export interface PaymentsContext {
  database: Database;
  /** The configured providers by name. */
  providers: Map<string, PaymentProvider>;
  log: Logger;
  /** HMAC secret of provider webhooks. */
  webhookSecret: string;
  /** Clock for webhook timestamps. */
  now: () => Date;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The refund `row` as the contract shows it, in the payment's `currency`. */
export function toRefundDto(row: RefundRow, currency: string): RefundDto {
  return {
    id: row.id, paymentId: row.paymentId, amount: { amount: row.amount, currency }, reason: row.reason,
    createdAt: iso(row.createdAt), createdBy: row.createdBy,
  };
}

/** The payment `row` as the contract shows it, with its `refunds` (order kept). */
export function toDto(row: PaymentRow, refunds: RefundRow[]): PaymentDto {
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

/** DTOs of `rows` (order kept) with their refunds, oldest first. */
export async function dtos(exec: Executor, rows: PaymentRow[]): Promise<PaymentDto[]> {
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

/** The DTO of `row` with its refunds (see {@link dtos}). */
export async function dto(exec: Executor, row: PaymentRow): Promise<PaymentDto> {
  const [one] = await dtos(exec, [row]);
  return one!;
}

/** The payment `where` selects, locked FOR UPDATE until the transaction ends (failed attempts last). */
export async function lockOne(tx: Tx, where: SQL | undefined): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(payment)
    .where(where)
    .orderBy(sql`(${payment.status} = 'failed')`, desc(payment.createdAt))
    .limit(1)
    .for('update');
  return row;
}

/**
 * The payment `paymentId`, locked FOR UPDATE until the transaction ends.
 * @throws 404 PAYMENTS.PAYMENT_NOT_FOUND.
 */
export async function lockById(tx: Tx, paymentId: string): Promise<PaymentRow> {
  const row = typeof paymentId === 'string' && paymentId.length <= 64 ? await lockOne(tx, eq(payment.id, paymentId)) : undefined;
  if (!row) throw PaymentsErrors.paymentNotFound(String(paymentId).slice(0, 64));
  return row;
}

/**
 * The configured provider `name`, or the no-op provider of an offline method's recorded payments.
 * @throws 400 PAYMENTS.UNKNOWN_PROVIDER.
 */
export function providerNamed(ctx: PaymentsContext, name: string): PaymentProvider {
  const found = ctx.providers.get(name) ?? (isOfflineMethod(name) ? offlineProvider(name) : undefined);
  if (!found) throw PaymentsErrors.unknownProvider(name);
  return found;
}

/** Runs a provider call; any failure that is not an AppError becomes 502 PAYMENTS.PROVIDER_ERROR. */
export async function callProvider<T>(ctx: PaymentsContext, name: string, operation: string, call: (p: PaymentProvider) => Promise<T>): Promise<T> {
  const provider = providerNamed(ctx, name);
  try {
    return await call(provider);
  } catch (err) {
    if (err instanceof AppError) throw err;
    ctx.log.error({ err, provider: name, operation }, 'payment provider call failed');
    throw PaymentsErrors.providerError(name, operation);
  }
}
