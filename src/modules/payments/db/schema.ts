import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { PAYMENT_STATUSES } from '../domain/state.js';

/** PostgreSQL schema `payments`: payments, their refunds, and the webhook events received. */
export const paymentsSchema = pgSchema('payments');

/**
 * One payment attempt for an order (`pending` while the customer confirms a client-confirmed
 * one, e.g. a Stripe PaymentIntent, whose id is then `provider_ref`). Money: integer minor units of `currency`; `captured_amount`
 * ≤ `amount` and `refunded_amount` ≤ `captured_amount` (CHECKs). At most one non-failed payment
 * per order (partial unique index). Only the card's brand and last 4 digits are kept: never the
 * number or the CVC.
 */
export const payment = paymentsSchema.table(
  'payment',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    provider: text('provider').notNull(),
    providerRef: text('provider_ref').notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    capturedAmount: integer('captured_amount').notNull().default(0),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_order_active_uq').on(t.orderId).where(sql`status <> 'failed'`),
    index('payment_order_idx').on(t.orderId, t.createdAt),
    index('payment_provider_ref_idx').on(t.provider, t.providerRef),
    index('payment_created_idx').on(t.createdAt),
    check('payment_status_ck', sql`${t.status} in ('pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'voided', 'failed')`),
    check('payment_amount_ck', sql`${t.amount} > 0`),
    check('payment_captured_ck', sql`${t.capturedAmount} >= 0 and ${t.capturedAmount} <= ${t.amount}`),
    check('payment_refunded_ck', sql`${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.capturedAmount}`),
    check('payment_last4_ck', sql`${t.cardLast4} is null or ${t.cardLast4} ~ '^[0-9]{4}$'`),
  ],
);

/**
 * One refund of captured money (partial refunds allowed). `created_by` is the user id, null for
 * system/provider. `idempotency_key` + `request_hash`: the `Idempotency-Key` of the API request
 * that made it and the hash of that request (a replay answers this refund; unique where set).
 * `provider_ref`: the refund's reference at the provider (returned by the provider for our own
 * refunds, carried by its `payment.refunded` webhooks), unique per payment where set, so a webhook
 * echoing a refund we already recorded is not applied twice.
 */
export const refund = paymentsSchema.table(
  'refund',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id').notNull().references(() => payment.id),
    amount: integer('amount').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by'),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    providerRef: text('provider_ref'),
  },
  (t) => [
    index('refund_payment_idx').on(t.paymentId, t.createdAt),
    uniqueIndex('refund_idempotency_key_uq').on(t.idempotencyKey).where(sql`idempotency_key is not null`),
    uniqueIndex('refund_provider_ref_uq').on(t.paymentId, t.providerRef).where(sql`provider_ref is not null`),
    check('refund_amount_ck', sql`${t.amount} > 0`),
  ],
);

/** A provider webhook event already applied: a replayed (provider, event id) has no second effect. */
export const webhookEvent = paymentsSchema.table(
  'webhook_event',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb('payload').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);
