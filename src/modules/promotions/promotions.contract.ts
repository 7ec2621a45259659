import type { Tx } from '../../platform/db/index.js';

/** The three kinds of promotion. */
export type PromotionType = 'percentage' | 'fixed_amount' | 'free_shipping';

/** Why a code does not apply, in the order {@link PromotionsContract.evaluate} checks them. */
export const PROMOTION_INVALID_REASONS = [
  'NOT_FOUND',
  'NOT_STARTED',
  'EXPIRED',
  'USAGE_LIMIT_REACHED',
  'ACCOUNT_REQUIRED',
  'ALREADY_USED',
  'MINIMUM_NOT_MET',
  'NOT_APPLICABLE',
  'WRONG_SITE',
] as const;

/**
 * Why a code does not apply to a cart:
 * - `NOT_FOUND`: no such code, or the code is disabled;
 * - `NOT_STARTED` / `EXPIRED`: `now` is before `startsAt` / at or after `endsAt`;
 * - `USAGE_LIMIT_REACHED`: every use of `usageLimit` is taken;
 * - `ACCOUNT_REQUIRED`: the promotion `requiresAccount` and the customer is not signed in;
 * - `ALREADY_USED`: this customer holds `perCustomerLimit` active redemptions already, counted
 *   per account and per normalised e-mail (see {@link PromotionCustomer});
 * - `MINIMUM_NOT_MET`: the cart subtotal is below `minSubtotal`;
 * - `NOT_APPLICABLE`: no cart line is eligible (SKU/category restrictions, an empty cart), or the
 *   cart is in another currency than a fixed amount or minimum subtotal of the promotion;
 * - `WRONG_SITE`: the promotion is limited to other sites than the cart's.
 */
export type PromotionInvalidReason = (typeof PROMOTION_INVALID_REASONS)[number];

/** One cart line as the promotion sees it. `lineTotal` in minor units (unit price × quantity). */
export interface PromotionCartLine {
  sku: string;
  /** The line's product category and its ancestors (catalog `VariantInfo.categoryIds`). */
  categoryIds: string[];
  lineTotal: number;
}

/**
 * Who uses a code. A per-customer limit counts the active redemptions of the account (`userId`)
 * OR of the e-mail address, compared normalised: lower-case, without plus-tag (`ann+x@shop.test`
 * is `ann@shop.test`), and without dots for Gmail addresses. Each redemption counts against both
 * the account and the e-mail, so checking out as a guest with a signed-in customer's address, or
 * another spelling of it, does not reset the count. A guest (`userId` null) is refused a code
 * that `requiresAccount`.
 */
export interface PromotionCustomer {
  /** The signed-in customer's user id; null for a guest. */
  userId: string | null;
  /** The order's e-mail address as typed (the account's for a signed-in customer); null when not known yet. */
  email: string | null;
}

/** What {@link PromotionsContract.evaluate} needs to know about a cart. Money in minor units of `currency`. */
export interface PromotionEvaluationInput {
  /** The code as the customer typed it (case-insensitive, surrounding spaces ignored). */
  code: string;
  /** ISO 4217 currency of the cart. */
  currency: string;
  /** Code of the cart's site (absent: the default site); a promotion limited to other sites is `WRONG_SITE`. */
  site?: string;
  /** Sum of the line totals, before any discount. */
  subtotal: number;
  /** Shipping cost (a free-shipping promotion makes it 0). */
  shipping: number;
  lines: PromotionCartLine[];
  /** Who uses the code; null (or both fields null) when unknown: per-customer limits then do not apply, and a code that requires an account is refused. */
  customer: PromotionCustomer | null;
  /** Evaluation time (default: now). */
  now?: Date;
}

/**
 * The outcome of evaluating a code against a cart.
 * When valid: `discount` is in minor units off the subtotal, never more than the eligible lines'
 * total (percentage: `round_half_up(eligibleTotal × value / 100)`; fixed amount: `min(value,
 * eligibleTotal)`; free shipping: 0 with `freeShipping` true). `lineDiscounts` spreads
 * `discount` over the eligible lines in proportion to their totals (largest-remainder rounding,
 * so it sums exactly to `discount`), one entry per eligible line in cart order; empty for free
 * shipping.
 */
export type PromotionEvaluation =
  | {
      valid: true;
      promotionId: string;
      /** The code as stored (upper-case). */
      code: string;
      type: PromotionType;
      discount: number;
      freeShipping: boolean;
      lineDiscounts: { sku: string; discount: number }[];
    }
  | { valid: false; reason: PromotionInvalidReason };

/** What the cart, checkout and orders may ask of promotions. */
export interface PromotionsContract {
  /**
   * Evaluates `input.code` against a cart (reads only; nothing is reserved: the use is counted
   * by {@link redeem} when the order is placed). Checks, in order: NOT_FOUND (unknown or disabled),
   * NOT_STARTED, EXPIRED, USAGE_LIMIT_REACHED, ACCOUNT_REQUIRED, ALREADY_USED, MINIMUM_NOT_MET,
   * NOT_APPLICABLE.
   * @throws AppError 400 VALIDATION.FAILED when an amount is not a non-negative integer.
   */
  evaluate(input: PromotionEvaluationInput): Promise<PromotionEvaluation>;
  /**
   * Counts one use of the promotion by `orderId` inside the checkout's transaction `tx`: a guarded
   * `times_used + 1` (never beyond `usageLimit`, even with concurrent checkouts), the per-customer
   * check (per account and per normalised e-mail, see {@link PromotionCustomer}), and a
   * redemption row counted against both; publishes `promotion.redeemed`. Runs in a savepoint, so
   * when it throws nothing of it remains in `tx`. Idempotent per (promotion, order): a second
   * call for the same order does nothing.
   * @throws AppError 422 PROMOTIONS.ACCOUNT_REQUIRED (a guest and a promotion that requires an
   *   account), 409 PROMOTIONS.USAGE_LIMIT_REACHED, 409 PROMOTIONS.ALREADY_USED,
   *   409 PROMOTIONS.NOT_AVAILABLE (unknown, disabled, not started or expired).
   */
  redeem(tx: Tx, input: { promotionId: string; orderId: string; customer: PromotionCustomer | null }): Promise<void>;
  /**
   * Gives back the uses of `orderId` (cancelled order) inside `tx`: each active redemption becomes
   * `released` and its promotion's `times_used` goes down by one; publishes `promotion.released`.
   * Idempotent: releasing again (or an order without redemption) does nothing.
   */
  release(tx: Tx, orderId: string): Promise<void>;
}
