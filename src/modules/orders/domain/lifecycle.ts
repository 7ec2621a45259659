/**
 * Order lifecycle (ARCHITECTURE.md §7):
 * `pending → payment_processing → confirmed → processing → shipped → delivered`, and
 * `cancelled` from any state before `shipped`. Offline payment methods: `pending →
 * awaiting_payment → confirmed` (bank transfer, pay in store: the order waits until staff record
 * the money) or `pending → confirmed` (cash on delivery: paid at the door).
 */
export const ORDER_STATUSES = ['pending', 'payment_processing', 'awaiting_payment', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const NEXT: Record<OrderStatus, OrderStatus[]> = {
  pending: ['payment_processing', 'awaiting_payment', 'confirmed', 'cancelled'],
  payment_processing: ['confirmed', 'cancelled'],
  awaiting_payment: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** True when an order may move from `from` to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses an order in `from` may move to (for the back office's action buttons). */
export function nextStatuses(from: OrderStatus): OrderStatus[] {
  return [...NEXT[from]];
}

/** A customer may cancel their own order before it is being processed. */
export function customerMayCancel(status: OrderStatus): boolean {
  return status === 'pending' || status === 'payment_processing' || status === 'awaiting_payment' || status === 'confirmed';
}

/**
 * What is left to ship per SKU: ordered quantities minus shipped ones.
 * @returns SKU → remaining quantity (> 0 only).
 */
export function remainingToShip(lines: { sku: string; quantity: number }[], shipped: { sku: string; quantity: number }[]): Map<string, number> {
  const left = new Map<string, number>();
  for (const l of lines) left.set(l.sku, (left.get(l.sku) ?? 0) + l.quantity);
  for (const s of shipped) left.set(s.sku, (left.get(s.sku) ?? 0) - s.quantity);
  for (const [sku, n] of left) if (n <= 0) left.delete(sku);
  return left;
}

/** A payment as the lifecycle rules need it (amounts in minor units). */
export interface PaymentFacts {
  id: string;
  status: string;
  amount: number;
  capturedAmount: number;
}

/** Payment statuses holding captured money. */
const CAPTURED = ['captured', 'partially_refunded', 'refunded'];

/**
 * Why an order of `total` may move to `confirmed` (the reason recorded in its history), or null
 * when it may not: it needs a payment authorized by a provider, or captured (a recorded offline
 * payment is captured), for the whole total.
 */
export function confirmationReason(payments: PaymentFacts[], total: number): string | null {
  const paid = payments.find((p) => p.status === 'authorized' && p.amount >= total);
  if (paid) return `payment ${paid.id} authorized`;
  const captured = payments.find((p) => CAPTURED.includes(p.status) && p.capturedAmount >= total);
  return captured ? `payment ${captured.id} captured` : null;
}

/**
 * Why an order of `total` may ship (the reason recorded in its history), or null when it may
 * not: its payment must be captured for the whole total (a partial capture is not enough), unless
 * its payment method ships unpaid (`shipsUnpaid`: cash on delivery, paid at the door).
 */
export function shippingReason(payments: PaymentFacts[], total: number, method: { id: string; shipsUnpaid: boolean } | null): string | null {
  const captured = payments.find((p) => CAPTURED.includes(p.status) && p.capturedAmount >= total);
  if (captured) return `payment ${captured.id} captured`;
  if (method?.shipsUnpaid) return `${method.id}: ships unpaid, paid on delivery`;
  return null;
}

/** What a history step's reason says of a payment: its id and what happened to it. */
export interface PaymentStepRef {
  paymentId: string;
  event: 'authorized' | 'captured' | 'received';
}

/**
 * The payment a history step's `reason` names, as {@link confirmationReason}, {@link shippingReason}
 * and the recording of an offline payment (`offline payment <id> received (<method>)`) write it;
 * null for any other reason.
 */
export function paymentOfReason(reason: string | null): PaymentStepRef | null {
  const m = reason ? /^(?:offline )?payment (\S+) (authorized|captured|received)\b/.exec(reason) : null;
  return m ? { paymentId: m[1]!, event: m[2] as PaymentStepRef['event'] } : null;
}
