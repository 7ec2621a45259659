/**
 * What a refund of order lines gives back, computed from the order's own figures (integer minor
 * units): never more than was paid for a line or the shipping charged, whatever was refunded before.
 */

/** A line of an order as sold: `paid` is what was paid for its `quantity` units (the line total less its discount). */
export interface SoldLine {
  sku: string;
  title: string;
  quantity: number;
  paid: number;
}

/** A line of a refund: `quantity` units of `sku` given back for `amount` minor units. */
export interface RefundedLine {
  sku: string;
  quantity: number;
  amount: number;
}

/** What staff ask to refund: units per SKU, and whether the shipping charge goes back too. */
export interface RefundRequest {
  lines: { sku: string; quantity: number }[];
  shipping: boolean;
}

/** What was refunded before: the lines of every earlier refund, and the shipping given back. */
export interface PriorRefunds {
  lines: { sku: string; quantity: number }[];
  shipping: number;
}

/** The computed refund: its lines (with titles), the shipping part and the total (minor units). */
export interface RefundQuote {
  lines: (RefundedLine & { title: string })[];
  shipping: number;
  amount: number;
}

/** Why a refund cannot be made: `invalid` (asks for something the order does not have) or `exceeds` (more than is left). */
export type RefundProblem = { kind: 'invalid' | 'exceeds'; message: string };

/**
 * The refund of `request` on an order with `sold` lines and `shippingCharged`, after `prior`.
 * Units of one line are priced so that refunding them all, in any number of refunds, gives back
 * exactly what was paid for the line: the `r+1`-th to `r+q`-th units cost
 * `floor(paid·(r+q)/Q) − floor(paid·r/Q)`. The shipping part is what is left of the charge.
 * @returns the quote, or the first problem found.
 */
export function quoteRefund(sold: SoldLine[], shippingCharged: number, prior: PriorRefunds, request: RefundRequest): RefundQuote | RefundProblem {
  const bySku = new Map<string, SoldLine>();
  for (const l of sold) {
    const seen = bySku.get(l.sku);
    bySku.set(l.sku, seen ? { ...seen, quantity: seen.quantity + l.quantity, paid: seen.paid + l.paid } : { ...l });
  }
  const refunded = new Map<string, number>();
  for (const l of prior.lines) refunded.set(l.sku, (refunded.get(l.sku) ?? 0) + l.quantity);
  const asked = new Map<string, number>();
  for (const l of request.lines) asked.set(l.sku, (asked.get(l.sku) ?? 0) + l.quantity);
  if (asked.size === 0 && !request.shipping) return { kind: 'invalid', message: 'Choose at least one line or the shipping to refund' };
  const lines: RefundQuote['lines'] = [];
  for (const [sku, quantity] of asked) {
    const line = bySku.get(sku);
    if (!line) return { kind: 'invalid', message: `This order has no line ${sku}` };
    const before = refunded.get(sku) ?? 0;
    if (before + quantity > line.quantity) return { kind: 'exceeds', message: `Only ${line.quantity - before} of ${sku} left to refund` };
    const amount = unitsShare(line, before + quantity) - unitsShare(line, before);
    lines.push({ sku, title: line.title, quantity, amount });
  }
  let shipping = 0;
  if (request.shipping) {
    shipping = shippingCharged - prior.shipping;
    if (shipping <= 0) return { kind: 'exceeds', message: 'The shipping charge has already been refunded' };
  }
  return { lines, shipping, amount: lines.reduce((sum, l) => sum + l.amount, shipping) };
}

/** True when `q` is a problem rather than a quote. */
export const isRefundProblem = (q: RefundQuote | RefundProblem): q is RefundProblem => 'kind' in q;

/** What the first `units` units of `line` cost (minor units, rounded down; all units = what was paid for the line). */
function unitsShare(line: SoldLine, units: number): number {
  return Math.floor((line.paid * units) / line.quantity);
}
