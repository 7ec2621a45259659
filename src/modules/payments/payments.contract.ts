import type { Tx } from '../../platform/db/index.js';
import type { IdempotencyBinding } from '../../platform/idempotency.js';
import type { CardBrand } from './domain/card.js';
import type { CardDetails, ClientPaymentEvent } from './domain/provider.js';
import type { PaymentStatus } from './domain/state.js';
import type { PaymentMethodDto, PaymentMethodRule } from './payments.methods.js';

export type { CardBrand, CardDetails, ClientPaymentEvent, PaymentMethodDto, PaymentMethodRule, PaymentStatus };

/** Money: integer amount in minor units (pence, cents) and ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** One refund of captured money. Times ISO 8601 UTC; `createdBy` is a user id, null for the system or the provider. */
export interface RefundDto {
  id: string;
  paymentId: string;
  amount: Money;
  reason: string;
  createdAt: string;
  createdBy: string | null;
}

/**
 * A payment as other modules and the API see it. `amount` is the authorized (requested) amount;
 * `capturedAmount` and `refundedAmount` share its currency. `card` holds only brand and last 4
 * digits (null when the number was not 12–19 digits). `failureCode`/`failureMessage` are set
 * when `status` is `failed`. `refunds` oldest first. Times ISO 8601 UTC.
 */
export interface PaymentDto {
  id: string;
  orderId: string;
  provider: string;
  status: PaymentStatus;
  amount: Money;
  capturedAmount: Money;
  refundedAmount: Money;
  card: { brand: CardBrand; last4: string } | null;
  failureCode: string | null;
  failureMessage: string | null;
  refunds: RefundDto[];
  createdAt: string;
  updatedAt: string;
}

/** What {@link PaymentsContract.authorize} needs. `amount.amount` in minor units, > 0. */
export interface AuthorizeInput {
  orderId: string;
  amount: Money;
  /** Name of a configured provider (`test` is built in outside production). */
  provider: string;
  card: CardDetails;
}

/**
 * What {@link PaymentsContract.recordOfflinePayment} needs: the order, the whole amount received
 * (minor units, > 0), the offline method it came by, staff's reference (a bank statement line,
 * a till receipt; ≤ 200 characters) or null.
 */
export interface OfflinePaymentInput {
  orderId: string;
  amount: Money;
  method: string;
  reference: string | null;
}

/**
 * Binds a refund to the `Idempotency-Key` of the request that asked for it (the platform's
 * binding). The key is unique across all refunds; `requestHash` (1–128 characters) fingerprints
 * that request (the admin route: `requestHash` of platform/idempotency over
 * `{ orderId, amount, reason }`), so the key cannot be reused for another request.
 */
export type RefundIdempotency = IdempotencyBinding;

/** Outcome of {@link PaymentsContract.refund}. */
export interface RefundOutcome {
  /** The payment after the refund (for a replay: as it is now, later refunds included). */
  payment: PaymentDto;
  /** The refund made, or, for a replay, the one the first call made. */
  refund: RefundDto;
  /** True when an earlier call with the same idempotency key made this refund: nothing was done again. */
  replayed: boolean;
}

/** What {@link PaymentsContract.beginClientPayment} needs. `amount.amount` in minor units, > 0. */
export interface ClientPaymentInput {
  orderId: string;
  amount: Money;
  /** Name of a configured client-confirmed provider (`stripe`). */
  provider: string;
  /** Kept beside the payment at the provider and echoed in its events (e.g. `{ cart_id }`); ≤ 10 keys of ≤ 40 characters, values ≤ 200. */
  metadata?: Record<string, string>;
}

/** Outcome of {@link PaymentsContract.beginClientPayment}. */
export interface ClientPaymentStart {
  /** The order's payment: `pending` until the customer confirms it (or as it is, when already settled). */
  payment: PaymentDto;
  /** What the storefront confirms the payment with (Stripe.js); null once the payment is no longer pending. */
  clientSecret: string | null;
}

/**
 * Outcome of confirming a client-confirmed payment: `authorized` (the payment is authorized,
 * or beyond: captured, refunded), `requires_action` (the customer has not finished),
 * `failed` / `canceled` (the provider reports the attempt declined or the payment canceled:
 * the caller cancels the order, which voids the payment), `ignored` (an event about no payment
 * of ours, or of a type not handled), `duplicate` (an event already received).
 */
export interface ClientPaymentOutcome {
  outcome: 'authorized' | 'requires_action' | 'failed' | 'canceled' | 'ignored' | 'duplicate';
  payment: PaymentDto | null;
  /** The metadata given at creation (`ClientPaymentInput.metadata`) as the provider echoed it this time, when it was asked or reported. */
  metadata?: Record<string, string>;
}

/** Outcome of {@link PaymentsContract.settleCancellation}. */
export interface CancellationSettlement {
  /** `voided`: the authorization was released; `refunded`: what was left captured was refunded; `none`: nothing to do. */
  action: 'voided' | 'refunded' | 'none';
  /** The order's (non-failed) payment after settlement; null when the order has none. */
  payment: PaymentDto | null;
}

/**
 * What the checkout flow and orders may ask of payments. Each method runs in its own
 * transaction and writes its events to the outbox in it. Provider failures (network, refusal)
 * throw 502 PAYMENTS.PROVIDER_ERROR and change nothing.
 */
export interface PaymentsContract {
  /**
   * Authorizes `amount` on the card through `provider` for `orderId`. Idempotent per order: the
   * provider is asked with the order id as reference, which it treats as one authorization
   * however often it comes (a crash retry, concurrent attempts); when the order already has a
   * non-failed payment (authorized, captured, refunded, voided), nothing is recorded and that
   * payment is returned as is, whatever the provider answered this time. No transaction or
   * connection is held while the provider answers; the payment is then recorded in one
   * transaction (the insert first: the order's payment is read only when the order's unique
   * live payment refuses it). A decline is not thrown: the payment is recorded `failed` with
   * `failureCode`/`failureMessage` and `payment.failed` is published; success publishes
   * `payment.authorized`. The card number and CVC are never stored (brand and last 4 only).
   * `record`, when given, runs in the transaction that records the payment (or, when the order
   * already had one, in the transaction that found it) with the payment as returned: the
   * checkout confirms the order there, so the payment and the confirmation commit together.
   * @throws 400 PAYMENTS.UNKNOWN_PROVIDER, 400 PAYMENTS.INVALID_INPUT (malformed input), 502 PAYMENTS.PROVIDER_ERROR
   *   (nothing recorded), and whatever `record` throws (then nothing is recorded either).
   */
  authorize(input: AuthorizeInput, record?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<PaymentDto>;
  /**
   * Captures `amount` (minor units; default the authorized amount) of an authorized payment and
   * publishes `payment.captured`.
   * @throws 404 PAYMENTS.PAYMENT_NOT_FOUND, 409 PAYMENTS.ILLEGAL_STATE (not authorized),
   *   400 PAYMENTS.INVALID_AMOUNT (not a positive integer, or above the authorized amount), 502 PAYMENTS.PROVIDER_ERROR.
   */
  capture(paymentId: string, amount?: number): Promise<PaymentDto>;
  /**
   * Refunds `amount` (minor units) of a captured payment; the status becomes `partially_refunded`
   * or `refunded`; publishes `payment.refunded`. Concurrency-safe: a guarded UPDATE makes the sum
   * of refunds never exceed the captured amount. `reason` (≤ 500 chars, trimmed) and `actor`
   * (user id or null) are recorded on the refund, with the provider's refund reference.
   * With `idempotency`, the call is idempotent per key: the payment row is locked, then the key
   * is looked up; a refund already made with it (same `requestHash`, same payment) is answered
   * as is with `replayed: true` (no second refund, provider call or event), whatever the payment's
   * state now. Concurrent calls with one key are serialised (a unique index on the key is the
   * last guard, and its violation answers the replay too). Without it, each call is a new refund.
   * `record`, when given, runs in the refund's transaction after the refund is written and before
   * the provider is called (not for a replay): the orders module records the refunded lines and
   * publishes its event there, and what it throws rolls the refund back before any money moves.
   * @throws 400 PAYMENTS.INVALID_AMOUNT (not a positive integer), 400 PAYMENTS.INVALID_INPUT (reason too long,
   *   malformed `idempotency`), 404 PAYMENTS.PAYMENT_NOT_FOUND, 409 PAYMENTS.REFUND_EXCEEDS_CAPTURED
   *   (above captured − refunded), 409 PAYMENTS.ILLEGAL_STATE (never captured: authorized, voided, failed),
   *   422 IDEMPOTENCY.KEY_REUSED (the key already made a refund of another request or payment),
   *   502 PAYMENTS.PROVIDER_ERROR.
   */
  refund(
    paymentId: string, amount: number, reason: string, actor: string | null, idempotency?: RefundIdempotency,
    record?: (refund: RefundDto, tx: Tx) => Promise<void>,
  ): Promise<RefundOutcome>;
  /**
   * The refund an earlier {@link refund} made with `idempotency.key`, answered as a replay
   * (`replayed: true`, the payment as it is now), or null when no refund has this key. Changes
   * nothing. For callers that check a replay before choosing a payment (a fully refunded one is
   * no longer a refund target, yet its last refund may be replayed).
   * @throws 400 PAYMENTS.INVALID_INPUT (malformed `idempotency`), 422 IDEMPOTENCY.KEY_REUSED (another `requestHash`).
   */
  replayRefund(idempotency: RefundIdempotency): Promise<RefundOutcome | null>;
  /**
   * Settles the payment of a cancelled order: voids an authorized payment, refunds the whole
   * remaining captured amount of a captured one (reason "Order cancelled"). Idempotent: a second
   * call (or an order without payment, or only failed ones) answers `none`.
   * @throws 502 PAYMENTS.PROVIDER_ERROR.
   */
  settleCancellation(orderId: string, actor: string | null): Promise<CancellationSettlement>;
  /**
   * Starts a payment the customer confirms in the browser (Stripe PaymentIntent, manual
   * capture) for `orderId` and records it `pending`. Idempotent per order: the provider is asked
   * with an idempotency key derived from the order id (`<orderId>:payment_intent.create`), and
   * an order that already has a payment gets it back (with its client secret, read from the
   * provider, while it is pending). No transaction is held while the provider answers.
   * @throws 400 PAYMENTS.INVALID_INPUT, 400 PAYMENTS.UNKNOWN_PROVIDER (not a client-confirmed provider), 502 PAYMENTS.PROVIDER_ERROR.
   */
  beginClientPayment(input: ClientPaymentInput): Promise<ClientPaymentStart>;
  /**
   * Asks the provider how the order's pending payment stands (the storefront's confirm call)
   * and applies it, like a webhook would: pending → authorized with `payment.authorized`, once
   * however many confirm calls and webhooks race (the payment row is locked and the update
   * guarded); `onAuthorized` runs in that transaction whenever the payment is authorized (it must
   * be idempotent). A payment no longer pending is answered as recorded.
   * @throws 404 PAYMENTS.PAYMENT_NOT_FOUND (the order has no payment), 502 PAYMENTS.PROVIDER_ERROR.
   */
  confirmClientPayment(orderId: string, onAuthorized?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<ClientPaymentOutcome>;
  /**
   * Verifies the signature of a webhook of client-confirmed provider `provider` over its raw
   * body (Stripe: `Stripe-Signature`, checked by the SDK) and reads the event. Changes nothing.
   * @throws 400 PAYMENTS.UNKNOWN_PROVIDER, 401 PAYMENTS.BAD_SIGNATURE.
   */
  verifyClientEvent(provider: string, rawBody: Buffer | undefined, signature: string | undefined): Promise<ClientPaymentEvent>;
  /**
   * Applies a verified event (see {@link verifyClientEvent}) once per event id, in one
   * transaction with the same rules as {@link confirmClientPayment}.
   * @throws 400 PAYMENTS.UNKNOWN_PROVIDER, and whatever `onAuthorized` throws (then nothing is recorded, so a redelivery applies it).
   */
  applyClientEvent(provider: string, event: ClientPaymentEvent, onAuthorized?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<ClientPaymentOutcome>;
  /** Every payment attempt of the order (failed ones included), oldest first, with their refunds. */
  listForOrder(orderId: string): Promise<PaymentDto[]>;
  /** Ids of the orders with money refunded on any of their payments (by staff, a provider or a cancellation), in no order. */
  refundedOrderIds(): Promise<string[]>;
  /** The enabled payment methods, as `GET /api/payment-methods` lists them. */
  methods(): PaymentMethodDto[];
  /**
   * The rules of payment method `id` (see {@link PaymentMethodRule}): whether it is enabled, takes
   * card fields, the status a new order gets, whether it ships unpaid, its payment timeout and
   * (bank transfer) the shop's bank details. Null when no such method is known.
   */
  method(id: string): PaymentMethodRule | null;
  /**
   * Records money received by an offline method (bank transfer, cash on delivery, pay in store)
   * as a captured payment of `input.amount` (provider = the method id) and publishes
   * `payment.captured`; `record` runs in the same transaction with the payment (the orders module
   * confirms the order there, so payment and confirmation commit together). Idempotent per
   * order: an order that already has a live payment gets nothing new, that payment is answered
   * (and given to `record`). Refunds of such a payment are recorded without any provider call.
   * @throws 400 PAYMENTS.INVALID_INPUT, 409 PAYMENTS.NOT_OFFLINE (not an offline method), and
   *   whatever `record` throws (then nothing is recorded).
   */
  recordOfflinePayment(input: OfflinePaymentInput, record?: (payment: PaymentDto, tx: Tx) => Promise<void>): Promise<PaymentDto>;
}
