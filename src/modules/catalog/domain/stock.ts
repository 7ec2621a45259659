/**
 * Kinds of stock movement in the inventory ledger: a `receipt` (goods in), a `sale` (a checkout's
 * or the shop's), a customer `return`, a `release` (a cancelled order's sale put back), an
 * `adjustment` (a count or a correction).
 */
export type MovementType = 'receipt' | 'sale' | 'return' | 'release' | 'adjustment';

/**
 * Why a signed `quantity` is not acceptable for a movement `type`, or null when it is:
 * receipts, returns and releases add stock (> 0), sales remove it (< 0), adjustments go either
 * way (≠ 0). Quantities are whole units.
 */
export function movementQuantityError(type: MovementType, quantity: number): string | null {
  if (!Number.isInteger(quantity) || quantity === 0) return 'The quantity must be a non-zero integer';
  if ((type === 'receipt' || type === 'return' || type === 'release') && quantity < 0) return `A ${type} adds stock: the quantity must be positive`;
  if (type === 'sale' && quantity > 0) return 'A sale removes stock: the quantity must be negative';
  return null;
}
