import { describe, expect, it } from 'vitest';
import { discountFor, percentOf, spreadDiscount } from './discount.js';
import { customerKeys, limitEmailKey } from './customer.js';
import { availabilityProblem, eligibleLines, evaluateRule, normalizeCode, ruleErrors, type CartFacts, type PromotionRule } from './eligibility.js';

const rule = (over: Partial<PromotionRule> = {}): PromotionRule => ({
  id: 'promo_1', code: 'SAVE10', type: 'percentage', value: 10, currency: 'GBP', minSubtotal: null, startsAt: null, endsAt: null,
  usageLimit: null, perCustomerLimit: null, requiresAccount: false, timesUsed: 0, skus: [], categoryIds: [], disabledAt: null, ...over,
});
const NOW = new Date('2025-06-01T12:00:00.000Z');
const cart = (over: Partial<CartFacts> = {}): CartFacts => ({
  currency: 'GBP',
  subtotal: 3000,
  now: NOW,
  customerUses: null,
  signedIn: false,
  lines: [
    { sku: 'MUG', categoryIds: ['cat_home', 'cat_kitchen'], lineTotal: 1000 },
    { sku: 'BAG', categoryIds: ['cat_bags'], lineTotal: 2000 },
  ],
  ...over,
});

describe('percentOf (half-up on whole minor units)', () => {
  it('rounds halves up and the rest to nearest', () => {
    expect(percentOf(333, 15)).toBe(50); // 49.95
    expect(percentOf(5, 10)).toBe(1); // 0.5
    expect(percentOf(4, 10)).toBe(0); // 0.4
    expect(percentOf(15, 10)).toBe(2); // 1.5
    expect(percentOf(14, 10)).toBe(1); // 1.4
    expect(percentOf(1999, 100)).toBe(1999);
    expect(percentOf(0, 50)).toBe(0);
    expect(percentOf(2_147_483_647, 33)).toBe(708_669_604); // 708 669 603.51 → …604, exact beyond 2^31
  });
});

describe('discountFor', () => {
  it('percentage of the eligible total', () => {
    expect(discountFor('percentage', 10, 3000)).toBe(300);
    expect(discountFor('percentage', 15, 333)).toBe(50);
    expect(discountFor('percentage', 100, 1234)).toBe(1234);
  });
  it('fixed amount, capped at the eligible total', () => {
    expect(discountFor('fixed_amount', 500, 3000)).toBe(500);
    expect(discountFor('fixed_amount', 5000, 3000)).toBe(3000);
    expect(discountFor('fixed_amount', 500, 0)).toBe(0);
  });
  it('free shipping takes nothing off the lines', () => {
    expect(discountFor('free_shipping', 0, 3000)).toBe(0);
  });
});

describe('spreadDiscount (largest remainder)', () => {
  const sum = (xs: { discount: number }[]) => xs.reduce((s, x) => s + x.discount, 0);

  it('splits proportionally and sums exactly', () => {
    expect(spreadDiscount(300, [{ sku: 'A', lineTotal: 1000 }, { sku: 'B', lineTotal: 2000 }])).toEqual([
      { sku: 'A', discount: 100 }, { sku: 'B', discount: 200 },
    ]);
  });

  it('gives leftover units to the largest remainders, ties to the earlier line', () => {
    // 100 over three equal lines: 33.33 each → 34, 33, 33.
    expect(spreadDiscount(100, [{ sku: 'A', lineTotal: 100 }, { sku: 'B', lineTotal: 100 }, { sku: 'C', lineTotal: 100 }]).map((l) => l.discount)).toEqual([34, 33, 33]);
    // 7 over 3/3/4 (2.1, 2.1, 2.8): floors 2, 2, 2, one left → the largest remainder (C).
    expect(spreadDiscount(7, [{ sku: 'A', lineTotal: 3 }, { sku: 'B', lineTotal: 3 }, { sku: 'C', lineTotal: 4 }]).map((l) => l.discount)).toEqual([2, 2, 3]);
    // 5 over 199/299/502 (0.995, 1.495, 2.51): floors 0, 1, 2, two left → remainders .995 (A) and .51 (C).
    expect(spreadDiscount(5, [{ sku: 'A', lineTotal: 199 }, { sku: 'B', lineTotal: 299 }, { sku: 'C', lineTotal: 502 }]).map((l) => l.discount)).toEqual([1, 1, 3]);
  });

  it('always sums exactly and never exceeds a line total (exhaustive small cases)', () => {
    for (let total = 1; total <= 40; total++) {
      for (let a = 0; a <= total; a++) {
        const lines = [{ sku: 'A', lineTotal: a }, { sku: 'B', lineTotal: Math.floor((total - a) / 2) }, { sku: 'C', lineTotal: total - a - Math.floor((total - a) / 2) }];
        for (let d = 0; d <= total; d++) {
          const spread = spreadDiscount(d, lines);
          expect(sum(spread)).toBe(d);
          spread.forEach((s, i) => {
            expect(s.discount).toBeGreaterThanOrEqual(0);
            expect(s.discount).toBeLessThanOrEqual(lines[i]!.lineTotal);
          });
        }
      }
    }
  });

  it('handles zero totals and huge amounts without floating point', () => {
    expect(spreadDiscount(0, [{ sku: 'A', lineTotal: 10 }])).toEqual([{ sku: 'A', discount: 0 }]);
    expect(spreadDiscount(10, [{ sku: 'A', lineTotal: 0 }])).toEqual([{ sku: 'A', discount: 0 }]);
    const big = spreadDiscount(2_000_000_001, [{ sku: 'A', lineTotal: 2_000_000_000 }, { sku: 'B', lineTotal: 2_000_000_000 }, { sku: 'C', lineTotal: 1 }]);
    expect(big.map((b) => b.discount)).toEqual([1_000_000_000, 1_000_000_000, 1]);
  });
});

describe('eligibility', () => {
  const lines = cart().lines;
  it('every line without restrictions; SKU or category matches otherwise', () => {
    expect(eligibleLines({ skus: [], categoryIds: [] }, lines).map((l) => l.sku)).toEqual(['MUG', 'BAG']);
    expect(eligibleLines({ skus: ['BAG'], categoryIds: [] }, lines).map((l) => l.sku)).toEqual(['BAG']);
    expect(eligibleLines({ skus: [], categoryIds: ['cat_home'] }, lines).map((l) => l.sku)).toEqual(['MUG']); // an ancestor category
    expect(eligibleLines({ skus: ['BAG'], categoryIds: ['cat_kitchen'] }, lines).map((l) => l.sku)).toEqual(['MUG', 'BAG']);
    expect(eligibleLines({ skus: ['bag'], categoryIds: ['cat_other'] }, lines)).toEqual([]); // SKUs are exact
  });

  it('normalises codes', () => {
    expect(normalizeCode('  summer-10 ')).toBe('SUMMER-10');
  });

  it('e-mail keys for limits: case, plus-tags, Gmail dots (only Gmail), odd addresses', () => {
    expect(limitEmailKey(' Ann@Example.COM ')).toBe('ann@example.com');
    expect(limitEmailKey('ann+promo@example.com')).toBe('ann@example.com');
    expect(limitEmailKey('Ann+a+b@Example.com')).toBe('ann@example.com');
    expect(limitEmailKey('a.n.n@example.com')).toBe('a.n.n@example.com'); // dots matter outside Gmail
    expect(limitEmailKey('A.n.N+x@GoogleMail.com')).toBe('ann@gmail.com');
    expect(limitEmailKey('a.nn@gmail.com')).toBe('ann@gmail.com');
    expect(limitEmailKey('+only@example.com')).toBe('+only@example.com');
    expect(limitEmailKey('"a@b"+x@example.com')).toBe('"a@b"@example.com'); // the domain follows the last @
    expect(limitEmailKey('no-at-sign')).toBe('no-at-sign');
    expect(limitEmailKey('  ')).toBeNull();
    expect(limitEmailKey(null)).toBeNull();
    expect(customerKeys({ userId: ' usr_1 ', email: 'Ann+x@example.com' })).toEqual({ userId: 'usr_1', emailKey: 'ann@example.com' });
    expect(customerKeys(null)).toEqual({ userId: null, emailKey: null });
  });

  it('ACCOUNT_REQUIRED for a guest when the promotion requires an account (after availability, before the per-customer limit)', () => {
    expect(evaluateRule(rule({ requiresAccount: true }), cart())).toEqual({ valid: false, reason: 'ACCOUNT_REQUIRED' });
    expect(evaluateRule(rule({ requiresAccount: true }), cart({ signedIn: true })).valid).toBe(true);
    expect(evaluateRule(rule({ requiresAccount: true, disabledAt: NOW }), cart())).toEqual({ valid: false, reason: 'NOT_FOUND' });
    expect(evaluateRule(rule({ requiresAccount: true, perCustomerLimit: 1 }), cart({ customerUses: 1 }))).toEqual({ valid: false, reason: 'ACCOUNT_REQUIRED' });
  });

  it('availability: disabled, window bounds (start inclusive, end exclusive), usage limit', () => {
    expect(availabilityProblem(rule(), NOW)).toBeNull();
    expect(availabilityProblem(rule({ disabledAt: NOW }), NOW)).toBe('NOT_FOUND');
    expect(availabilityProblem(rule({ startsAt: new Date(NOW.getTime() + 1) }), NOW)).toBe('NOT_STARTED');
    expect(availabilityProblem(rule({ startsAt: NOW }), NOW)).toBeNull();
    expect(availabilityProblem(rule({ endsAt: NOW }), NOW)).toBe('EXPIRED');
    expect(availabilityProblem(rule({ endsAt: new Date(NOW.getTime() + 1) }), NOW)).toBeNull();
    expect(availabilityProblem(rule({ usageLimit: 3, timesUsed: 3 }), NOW)).toBe('USAGE_LIMIT_REACHED');
    expect(availabilityProblem(rule({ usageLimit: 3, timesUsed: 2 }), NOW)).toBeNull();
  });
});

describe('evaluateRule', () => {
  it('percentage over every line', () => {
    expect(evaluateRule(rule(), cart())).toEqual({
      valid: true, promotionId: 'promo_1', code: 'SAVE10', type: 'percentage', discount: 300, freeShipping: false,
      lineDiscounts: [{ sku: 'MUG', discount: 100 }, { sku: 'BAG', discount: 200 }],
    });
  });

  it('percentage restricted to a category rounds half-up on the eligible total only', () => {
    const r = evaluateRule(rule({ value: 15, categoryIds: ['cat_kitchen'] }), cart({ lines: [{ sku: 'MUG', categoryIds: ['cat_kitchen'], lineTotal: 333 }, { sku: 'BAG', categoryIds: [], lineTotal: 2000 }] }));
    expect(r).toMatchObject({ valid: true, discount: 50, lineDiscounts: [{ sku: 'MUG', discount: 50 }] });
  });

  it('fixed amount capped at the eligible lines', () => {
    expect(evaluateRule(rule({ type: 'fixed_amount', value: 5000, skus: ['MUG'] }), cart())).toMatchObject({ valid: true, discount: 1000, lineDiscounts: [{ sku: 'MUG', discount: 1000 }] });
    expect(evaluateRule(rule({ type: 'fixed_amount', value: 500 }), cart())).toMatchObject({ valid: true, discount: 500, lineDiscounts: [{ sku: 'MUG', discount: 167 }, { sku: 'BAG', discount: 333 }] });
  });

  it('free shipping', () => {
    expect(evaluateRule(rule({ type: 'free_shipping', value: 0 }), cart())).toMatchObject({ valid: true, type: 'free_shipping', discount: 0, freeShipping: true, lineDiscounts: [] });
  });

  it('answers each reason', () => {
    expect(evaluateRule(rule({ disabledAt: NOW }), cart())).toEqual({ valid: false, reason: 'NOT_FOUND' });
    expect(evaluateRule(rule({ startsAt: new Date('2025-07-01T00:00:00Z') }), cart())).toEqual({ valid: false, reason: 'NOT_STARTED' });
    expect(evaluateRule(rule({ endsAt: new Date('2025-05-01T00:00:00Z') }), cart())).toEqual({ valid: false, reason: 'EXPIRED' });
    expect(evaluateRule(rule({ usageLimit: 1, timesUsed: 1 }), cart())).toEqual({ valid: false, reason: 'USAGE_LIMIT_REACHED' });
    expect(evaluateRule(rule({ perCustomerLimit: 1 }), cart({ customerUses: 1 }))).toEqual({ valid: false, reason: 'ALREADY_USED' });
    expect(evaluateRule(rule({ perCustomerLimit: 2 }), cart({ customerUses: 1 })).valid).toBe(true);
    expect(evaluateRule(rule({ perCustomerLimit: 1 }), cart({ customerUses: null })).valid).toBe(true); // unknown customer
    expect(evaluateRule(rule({ minSubtotal: 3001 }), cart())).toEqual({ valid: false, reason: 'MINIMUM_NOT_MET' });
    expect(evaluateRule(rule({ minSubtotal: 3000 }), cart()).valid).toBe(true);
    expect(evaluateRule(rule({ skus: ['NOPE'] }), cart())).toEqual({ valid: false, reason: 'NOT_APPLICABLE' });
    expect(evaluateRule(rule(), cart({ lines: [], subtotal: 0 }))).toEqual({ valid: false, reason: 'NOT_APPLICABLE' });
  });

  it('currency: a fixed amount or a minimum in another currency does not apply; a bare percentage does', () => {
    expect(evaluateRule(rule({ type: 'fixed_amount', value: 500 }), cart({ currency: 'EUR' }))).toEqual({ valid: false, reason: 'NOT_APPLICABLE' });
    expect(evaluateRule(rule({ minSubtotal: 100 }), cart({ currency: 'EUR' }))).toEqual({ valid: false, reason: 'NOT_APPLICABLE' });
    expect(evaluateRule(rule(), cart({ currency: 'EUR' }))).toMatchObject({ valid: true, discount: 300 });
  });
});

describe('ruleErrors', () => {
  it('checks the value against the type and the period', () => {
    expect(ruleErrors({ type: 'percentage', value: 10, startsAt: null, endsAt: null })).toEqual([]);
    expect(ruleErrors({ type: 'percentage', value: 0, startsAt: null, endsAt: null })[0]?.field).toBe('body/value');
    expect(ruleErrors({ type: 'percentage', value: 101, startsAt: null, endsAt: null })[0]?.field).toBe('body/value');
    expect(ruleErrors({ type: 'fixed_amount', value: 0, startsAt: null, endsAt: null })[0]?.field).toBe('body/value');
    expect(ruleErrors({ type: 'fixed_amount', value: 250_000, startsAt: null, endsAt: null })).toEqual([]);
    expect(ruleErrors({ type: 'free_shipping', value: 5, startsAt: null, endsAt: null })[0]?.field).toBe('body/value');
    expect(ruleErrors({ type: 'free_shipping', value: 0, startsAt: null, endsAt: null })).toEqual([]);
    expect(ruleErrors({ type: 'percentage', value: 10, startsAt: NOW, endsAt: NOW })).toEqual([{ field: 'body/endsAt', message: 'must be after startsAt' }]);
    expect(ruleErrors({ type: 'percentage', value: 10, startsAt: NOW, endsAt: new Date(NOW.getTime() + 1000) })).toEqual([]);
  });
});
