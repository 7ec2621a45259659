/**
 * Whether a promotion applies to a cart, and what it gives. Pure functions, no I/O: the service
 * loads the promotion and its usage counts, then asks {@link evaluateRule}.
 */
import type { PromotionCartLine, PromotionEvaluation, PromotionInvalidReason, PromotionType } from '../promotions.contract.js';
import { discountFor, spreadDiscount } from './discount.js';

/** A promotion's rule as evaluation needs it. Amounts in minor units of `currency`. */
export interface PromotionRule {
  id: string;
  code: string;
  type: PromotionType;
  value: number;
  currency: string;
  minSubtotal: number | null;
  startsAt: Date | null;
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  /** Only signed-in customers may use the code. */
  requiresAccount: boolean;
  timesUsed: number;
  skus: string[];
  categoryIds: string[];
  disabledAt: Date | null;
}

/** A cart as evaluation sees it (see `PromotionEvaluationInput`). */
export interface CartFacts {
  currency: string;
  subtotal: number;
  lines: PromotionCartLine[];
  now: Date;
  /** Active redemptions of this promotion by this customer (account or e-mail); null when the customer is unknown. */
  customerUses: number | null;
  /** Whether the customer is signed in (has an account). */
  signedIn: boolean;
}

/** A code as stored and compared: surrounding spaces removed, upper-case (codes are case-insensitive). */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * The lines a promotion applies to: all of them when it has neither `skus` nor `categoryIds`;
 * otherwise those whose SKU is listed OR one of whose categories is listed (SKU comparison is
 * exact, as the catalog stores them).
 */
export function eligibleLines<L extends PromotionCartLine>(rule: Pick<PromotionRule, 'skus' | 'categoryIds'>, lines: L[]): L[] {
  if (rule.skus.length === 0 && rule.categoryIds.length === 0) return lines;
  const skus = new Set(rule.skus);
  const categories = new Set(rule.categoryIds);
  return lines.filter((l) => skus.has(l.sku) || l.categoryIds.some((c) => categories.has(c)));
}

/**
 * Why `rule` is not available at `now` regardless of the cart, or null when it is:
 * NOT_FOUND (disabled), NOT_STARTED (`now < startsAt`), EXPIRED (`now ≥ endsAt`),
 * USAGE_LIMIT_REACHED (`timesUsed ≥ usageLimit`).
 */
export function availabilityProblem(rule: PromotionRule, now: Date): PromotionInvalidReason | null {
  if (rule.disabledAt) return 'NOT_FOUND';
  if (rule.startsAt && now.getTime() < rule.startsAt.getTime()) return 'NOT_STARTED';
  if (rule.endsAt && now.getTime() >= rule.endsAt.getTime()) return 'EXPIRED';
  if (rule.usageLimit !== null && rule.timesUsed >= rule.usageLimit) return 'USAGE_LIMIT_REACHED';
  return null;
}

/**
 * Evaluates `rule` against a cart. Checks in order: availability (see {@link availabilityProblem}),
 * ACCOUNT_REQUIRED (`requiresAccount` and not `signedIn`), ALREADY_USED (`customerUses ≥ perCustomerLimit`), MINIMUM_NOT_MET (cart `subtotal <
 * minSubtotal`, the whole cart counts), NOT_APPLICABLE (another currency than a fixed amount or
 * minimum of the promotion, or no eligible line). Then computes the discount on the eligible
 * lines' total (see `discountFor`) and spreads it over them (see `spreadDiscount`).
 */
export function evaluateRule(rule: PromotionRule, cart: CartFacts): PromotionEvaluation {
  const invalid = (reason: PromotionInvalidReason): PromotionEvaluation => ({ valid: false, reason });
  const unavailable = availabilityProblem(rule, cart.now);
  if (unavailable) return invalid(unavailable);
  if (rule.requiresAccount && !cart.signedIn) return invalid('ACCOUNT_REQUIRED');
  if (rule.perCustomerLimit !== null && cart.customerUses !== null && cart.customerUses >= rule.perCustomerLimit) return invalid('ALREADY_USED');
  const currencyBound = rule.type === 'fixed_amount' || rule.minSubtotal !== null;
  if (rule.minSubtotal !== null && cart.currency === rule.currency && cart.subtotal < rule.minSubtotal) return invalid('MINIMUM_NOT_MET');
  if (currencyBound && cart.currency !== rule.currency) return invalid('NOT_APPLICABLE');
  const eligible = eligibleLines(rule, cart.lines);
  if (eligible.length === 0) return invalid('NOT_APPLICABLE');
  const eligibleTotal = eligible.reduce((sum, l) => sum + l.lineTotal, 0);
  const discount = discountFor(rule.type, rule.value, eligibleTotal);
  return {
    valid: true,
    promotionId: rule.id,
    code: rule.code,
    type: rule.type,
    discount,
    freeShipping: rule.type === 'free_shipping',
    lineDiscounts: rule.type === 'free_shipping' ? [] : spreadDiscount(discount, eligible),
  };
}

/** A field-level problem of a promotion's settings (`field` is a body pointer such as `body/value`). */
export interface RuleFieldError {
  field: string;
  message: string;
}

/**
 * What is wrong with a promotion's settings (empty when valid): `value` must be 1–100 for a
 * percentage, > 0 for a fixed amount, 0 for free shipping; `endsAt` must be after `startsAt`;
 * `usageLimit` must not be below `timesUsed` is checked separately (it is a conflict, not bad input).
 */
export function ruleErrors(rule: Pick<PromotionRule, 'type' | 'value' | 'startsAt' | 'endsAt'>): RuleFieldError[] {
  const errors: RuleFieldError[] = [];
  if (!Number.isInteger(rule.value)) errors.push({ field: 'body/value', message: 'must be an integer' });
  else if (rule.type === 'percentage' && (rule.value < 1 || rule.value > 100)) errors.push({ field: 'body/value', message: 'must be a percentage from 1 to 100' });
  else if (rule.type === 'fixed_amount' && rule.value < 1) errors.push({ field: 'body/value', message: 'must be a positive amount in minor units' });
  else if (rule.type === 'free_shipping' && rule.value !== 0) errors.push({ field: 'body/value', message: 'must be 0 or absent for free shipping' });
  if (rule.startsAt && rule.endsAt && rule.endsAt.getTime() <= rule.startsAt.getTime()) errors.push({ field: 'body/endsAt', message: 'must be after startsAt' });
  return errors;
}
