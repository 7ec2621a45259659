/**
 * Payment state rules, pure. A client-confirmed payment (Stripe) is `pending` until the customer
 * has confirmed it in the browser, then `authorized` (or voided when its order is cancelled
 * first). Otherwise a payment is `authorized` (funds reserved) or `failed` (declined)
 * when created; an authorized payment is `captured` or `voided`; captured money is refunded in
 * one or more refunds (`partially_refunded` until the whole captured amount is back: `refunded`).
 * Amounts are integers in minor units.
 */

/** Every payment status. */
export const PAYMENT_STATUSES = ['pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'voided', 'failed'] as const;

/** Status of a payment. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses holding captured money (refunds are possible while some of it is left). */
export const CAPTURED_STATUSES: readonly PaymentStatus[] = ['captured', 'partially_refunded', 'refunded'];

/** Money still refundable: captured minus already refunded (never negative). */
export function refundable(p: { capturedAmount: number; refundedAmount: number }): number {
  return Math.max(0, p.capturedAmount - p.refundedAmount);
}

/** Status after refunds totalling `refundedAfter` of `captured`. */
export function statusAfterRefund(captured: number, refundedAfter: number): 'partially_refunded' | 'refunded' {
  return refundedAfter >= captured ? 'refunded' : 'partially_refunded';
}

/** True when `amount` is a positive integer that fits the database (minor units). */
export function isPositiveAmount(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0 && amount <= 2_147_483_647;
}

/** What cancelling the order of a payment requires: void it, refund what is left, or nothing. */
export type Settlement = { action: 'void' } | { action: 'refund'; amount: number } | { action: 'none' };

/**
 * How to settle a payment when its order is cancelled: an authorization (or a pending
 * client-confirmed payment, so the customer can no longer complete it) is voided, captured
 * money still held is refunded in full, anything else (voided, fully refunded, failed) needs nothing.
 */
export function settlementFor(p: { status: PaymentStatus; capturedAmount: number; refundedAmount: number }): Settlement {
  if (p.status === 'authorized' || p.status === 'pending') return { action: 'void' };
  if ((p.status === 'captured' || p.status === 'partially_refunded') && refundable(p) > 0) return { action: 'refund', amount: refundable(p) };
  return { action: 'none' };
}
