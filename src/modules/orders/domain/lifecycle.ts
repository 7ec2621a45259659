/**
 * Order lifecycle (ARCHITECTURE.md §7):
 * `pending → payment_processing → confirmed → processing → shipped → delivered`, and
 * `cancelled` from any state before `shipped`.
 */
export const ORDER_STATUSES = ['pending', 'payment_processing', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const NEXT: Record<OrderStatus, OrderStatus[]> = {
  pending: ['payment_processing', 'cancelled'],
  payment_processing: ['confirmed', 'cancelled'],
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
  return status === 'pending' || status === 'payment_processing' || status === 'confirmed';
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
