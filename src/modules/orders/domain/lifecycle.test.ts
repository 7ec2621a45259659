import { describe, expect, it } from 'vitest';
import { canTransition, customerMayCancel, nextStatuses, remainingToShip } from './lifecycle.js';

describe('order lifecycle', () => {
  it('follows pending → payment_processing → confirmed → processing → shipped → delivered', () => {
    expect(canTransition('pending', 'payment_processing')).toBe(true);
    expect(canTransition('payment_processing', 'confirmed')).toBe(true);
    expect(canTransition('confirmed', 'processing')).toBe(true);
    expect(canTransition('processing', 'shipped')).toBe(true);
    expect(canTransition('shipped', 'delivered')).toBe(true);
    expect(canTransition('confirmed', 'shipped')).toBe(false);
    expect(canTransition('delivered', 'shipped')).toBe(false);
  });
  it('allows cancelling only before shipment', () => {
    for (const s of ['pending', 'payment_processing', 'confirmed', 'processing'] as const) expect(canTransition(s, 'cancelled')).toBe(true);
    expect(canTransition('shipped', 'cancelled')).toBe(false);
    expect(canTransition('cancelled', 'confirmed')).toBe(false);
    expect(nextStatuses('cancelled')).toEqual([]);
  });
  it('lets customers cancel before processing', () => {
    expect(customerMayCancel('confirmed')).toBe(true);
    expect(customerMayCancel('processing')).toBe(false);
  });
  it('computes what is left to ship', () => {
    const left = remainingToShip([{ sku: 'A', quantity: 3 }, { sku: 'B', quantity: 1 }], [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }]);
    expect([...left]).toEqual([['A', 1]]);
  });
});
