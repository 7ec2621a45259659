/**
 * What a return (RMA) may take back from a delivered order: per SKU, the units delivered less
 * the units earlier returns of the order already take back.
 */

/** Units per SKU. */
export interface UnitLine {
  sku: string;
  quantity: number;
}

/** Why a return cannot be authorized: `invalid` (a SKU the order does not have, or a SKU twice) or `exceeds` (more than is left to return). */
export interface ReturnProblem {
  kind: 'invalid' | 'exceeds';
  message: string;
}

/**
 * Checks `requested` against the `delivered` units and the units of `earlier` returns.
 * @returns null when every line fits, else the first problem (in the request's order).
 */
export function returnProblem(requested: UnitLine[], delivered: UnitLine[], earlier: UnitLine[]): ReturnProblem | null {
  const left = new Map<string, number>();
  for (const l of delivered) left.set(l.sku, (left.get(l.sku) ?? 0) + l.quantity);
  for (const l of earlier) if (left.has(l.sku)) left.set(l.sku, left.get(l.sku)! - l.quantity);
  const seen = new Set<string>();
  for (const l of requested) {
    if (!left.has(l.sku)) return { kind: 'invalid', message: `This order has no delivered line ${l.sku.slice(0, 64)}` };
    if (seen.has(l.sku)) return { kind: 'invalid', message: `Line ${l.sku.slice(0, 64)} is asked twice: give each SKU once` };
    seen.add(l.sku);
    const max = Math.max(0, left.get(l.sku)!);
    if (l.quantity > max) return { kind: 'exceeds', message: `Only ${max} of ${l.sku.slice(0, 64)} can still be returned (delivered less already returned)` };
  }
  return null;
}
