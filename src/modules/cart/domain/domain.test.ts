import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, EU_COUNTRIES, isCountryCode } from './countries.js';
import { allocate, priceCart, shippingPriceOf, subtotalOf, type PricingLineInput } from './pricing.js';
import { quoteShipping, shippingMethodsFor, shippingZone } from './shipping.js';
import { inclusiveTax, taxRate } from './tax.js';

describe('countries', () => {
  it('knows the 249 ISO 3166-1 alpha-2 codes and the 27 EU states', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect(EU_COUNTRIES).toHaveLength(27);
    expect(isCountryCode('GB')).toBe(true);
    expect(isCountryCode('FR')).toBe(true);
    expect(isCountryCode('UK')).toBe(false);
    expect(isCountryCode('EU')).toBe(false);
    expect(isCountryCode('gb')).toBe(false);
    expect(isCountryCode('GBR')).toBe(false);
  });
});

describe('shipping', () => {
  it('puts countries in zones', () => {
    expect(shippingZone('GB')).toBe('GB');
    expect(shippingZone('FR')).toBe('EU');
    expect(shippingZone('IE')).toBe('EU');
    expect(shippingZone('US')).toBe('WORLD');
    expect(shippingZone('CH')).toBe('WORLD');
  });

  it('lists the methods of each zone with their prices in pence', () => {
    expect(shippingMethodsFor('GB')).toEqual([
      { id: 'standard', name: 'Standard delivery', price: 395, minSubtotal: null },
      { id: 'express', name: 'Express delivery', price: 795, minSubtotal: null },
      { id: 'free-standard', name: 'Free standard delivery', price: 0, minSubtotal: 5000 },
    ]);
    expect(shippingMethodsFor('DE').map((m) => [m.id, m.price])).toEqual([['standard', 995], ['express', 1995]]);
    expect(shippingMethodsFor('US').map((m) => [m.id, m.price])).toEqual([['standard', 1495]]);
  });

  it('offers free-standard in GB only from 50.00 after discount', () => {
    expect(quoteShipping('GB', 'free-standard', 4999)).toBeNull();
    expect(quoteShipping('GB', 'free-standard', 5000)?.price).toBe(0);
    expect(quoteShipping('FR', 'free-standard', 100_000)).toBeNull();
    expect(quoteShipping('US', 'express', 100)).toBeNull();
    expect(quoteShipping('US', 'standard', 0)?.price).toBe(1495);
    expect(quoteShipping('GB', 'carrier-pigeon', 100)).toBeNull();
  });

  it('knows the undiscounted price of a method regardless of thresholds', () => {
    expect(shippingPriceOf('GB', 'express')).toBe(795);
    expect(shippingPriceOf('US', 'express')).toBe(0);
    expect(shippingPriceOf(null, 'standard')).toBe(0);
  });
});

describe('tax (prices are tax-inclusive)', () => {
  it('has a rate per country, 0 elsewhere, the home rate when no destination is set', () => {
    expect(taxRate('GB')).toBe(20);
    expect(taxRate('DE')).toBe(19);
    expect(taxRate('IE')).toBe(23);
    expect(taxRate('IT')).toBe(22);
    expect(taxRate('US')).toBe(0);
    expect(taxRate(null)).toBe(20);
  });

  it('extracts the tax contained in a total: round(total × rate / (100 + rate)), half up', () => {
    expect(inclusiveTax(1200, 20)).toBe(200);
    expect(inclusiveTax(1000, 20)).toBe(167); // 166.67
    expect(inclusiveTax(100, 19)).toBe(16); // 15.97
    expect(inclusiveTax(3, 20)).toBe(1); // 0.5 → rounds up
    expect(inclusiveTax(1, 20)).toBe(0); // 0.17
    expect(inclusiveTax(123, 23)).toBe(23); // 23.0
    expect(inclusiveTax(5000, 0)).toBe(0);
    expect(inclusiveTax(0, 20)).toBe(0);
    expect(() => inclusiveTax(10.5, 20)).toThrow(RangeError);
    expect(() => inclusiveTax(-1, 20)).toThrow(RangeError);
  });
});

describe('allocate', () => {
  it('splits in proportion with integer parts that add up', () => {
    expect(allocate(100, [100, 100, 100])).toEqual([34, 33, 33]);
    expect(allocate(10, [1000, 0, 3000])).toEqual([3, 0, 7]); // 2.5 / 7.5 → largest remainder, ties to the first
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(50, [0, 0])).toEqual([0, 0]);
    expect(allocate(999, [10, 20])).toEqual([10, 20]); // capped at the weights
    const parts = allocate(2_000_000_000, [2_000_000_000, 1_999_999_999, 7]);
    expect(parts.reduce((s, p) => s + p, 0)).toBe(2_000_000_000);
  });
});

describe('priceCart', () => {
  const lines: PricingLineInput[] = [
    { sku: 'A', quantity: 2, unitPrice: 450, counted: true },
    { sku: 'B', quantity: 1, unitPrice: 300, counted: true },
  ];

  it('sums lines, adds shipping and shows the tax contained in the total', () => {
    expect(subtotalOf(lines)).toBe(1200);
    const p = priceCart({ lines, country: 'GB', shippingMethodId: null, promotion: null });
    expect(p).toMatchObject({ subtotal: 1200, discount: 0, shipping: 0, total: 1200, tax: 200, taxRate: 20, shippingMethod: null, shippingUnavailable: false });
    expect(p.lines).toEqual([
      { sku: 'A', unitPrice: 450, lineTotal: 900, discount: 0 },
      { sku: 'B', unitPrice: 300, lineTotal: 300, discount: 0 },
    ]);
    const express = priceCart({ lines, country: 'GB', shippingMethodId: 'express', promotion: null });
    expect(express).toMatchObject({ shipping: 795, total: 1995, tax: 333 }); // 1995 × 20 / 120 = 332.5 → 333
    const us = priceCart({ lines, country: 'US', shippingMethodId: 'standard', promotion: null });
    expect(us).toMatchObject({ shipping: 1495, total: 2695, tax: 0 });
  });

  it('allocates a merchandise discount over lines and caps it at the subtotal', () => {
    const p = priceCart({ lines, country: 'GB', shippingMethodId: 'standard', promotion: { type: 'percentage', discount: 120, freeShipping: false, lineDiscounts: [] } });
    expect(p).toMatchObject({ subtotal: 1200, discount: 120, shipping: 395, total: 1475 });
    expect(p.lines.map((l) => l.discount)).toEqual([90, 30]);
    const huge = priceCart({ lines, country: 'GB', shippingMethodId: null, promotion: { type: 'fixed_amount', discount: 5000, freeShipping: false, lineDiscounts: [] } });
    expect(huge).toMatchObject({ discount: 1200, total: 0, tax: 0 });
  });

  it('follows the promotion’s own split by SKU', () => {
    const p = priceCart({ lines, country: 'GB', shippingMethodId: null, promotion: { type: 'percentage', discount: 30, freeShipping: false, lineDiscounts: [{ sku: 'B', discount: 30 }] } });
    expect(p.lines.map((l) => l.discount)).toEqual([0, 30]);
  });

  it('waives shipping for a free-shipping promotion', () => {
    const p = priceCart({ lines, country: 'FR', shippingMethodId: 'express', promotion: { type: 'free_shipping', discount: 0, freeShipping: true, lineDiscounts: [] } });
    expect(p).toMatchObject({ discount: 0, shippingDiscount: 1995, shipping: 0, total: 1200, tax: 200 });
    expect(p.shippingMethod?.id).toBe('express');
  });

  it('applies free-standard only from 50.00 after discount, and flags it otherwise', () => {
    const big: PricingLineInput[] = [{ sku: 'A', quantity: 10, unitPrice: 500, counted: true }];
    expect(priceCart({ lines: big, country: 'GB', shippingMethodId: 'free-standard', promotion: null })).toMatchObject({ subtotal: 5000, shipping: 0, total: 5000, shippingUnavailable: false });
    const discounted = priceCart({ lines: big, country: 'GB', shippingMethodId: 'free-standard', promotion: { type: 'fixed_amount', discount: 1, freeShipping: false, lineDiscounts: [] } });
    expect(discounted).toMatchObject({ subtotal: 5000, discount: 1, shipping: 0, shippingMethod: null, shippingUnavailable: true, total: 4999 });
    expect(priceCart({ lines, country: 'US', shippingMethodId: 'express', promotion: null })).toMatchObject({ shippingUnavailable: true, shipping: 0 });
  });

  it('leaves lines that cannot be priced out of the totals', () => {
    const p = priceCart({ lines: [...lines, { sku: 'EUR', quantity: 1, unitPrice: 999, counted: false }], country: 'GB', shippingMethodId: null, promotion: { type: 'fixed_amount', discount: 100, freeShipping: false, lineDiscounts: [] } });
    expect(p.subtotal).toBe(1200);
    expect(p.lines[2]).toEqual({ sku: 'EUR', unitPrice: 999, lineTotal: 999, discount: 0 });
  });
});
