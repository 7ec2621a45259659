/** Kinds of stock movement in the inventory ledger. */
export type MovementType = 'receipt' | 'sale' | 'return' | 'adjustment';

/**
 * Why a signed `quantity` is not acceptable for a movement `type`, or null when it is:
 * receipts and returns add stock (> 0), sales remove it (< 0), adjustments go either way (≠ 0).
 */
export function movementQuantityError(type: MovementType, quantity: number): string | null {
  if (!Number.isInteger(quantity) || quantity === 0) return 'quantity must be a non-zero integer';
  if ((type === 'receipt' || type === 'return') && quantity < 0) return `a ${type} adds stock: quantity must be positive`;
  if (type === 'sale' && quantity > 0) return 'a sale removes stock: quantity must be negative';
  return null;
}
