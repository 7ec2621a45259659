import { describe, expect, it } from 'vitest';
import { canTransition, confirmationReason, customerMayCancel, nextStatuses, remainingToShip, shippingReason } from './lifecycle.js';

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
  it('waits for offline payments: pending → awaiting_payment → confirmed, cancellable by the customer', () => {
    expect(canTransition('pending', 'awaiting_payment')).toBe(true);
    expect(canTransition('awaiting_payment', 'confirmed')).toBe(true);
    expect(canTransition('awaiting_payment', 'cancelled')).toBe(true);
    expect(canTransition('awaiting_payment', 'shipped')).toBe(false);
    expect(customerMayCancel('awaiting_payment')).toBe(true);
  });
  it('confirms only with an authorized or captured payment of the whole total', () => {
    expect(confirmationReason([], 1000)).toBeNull();
    expect(confirmationReason([{ id: 'p1', status: 'failed', amount: 1000, capturedAmount: 0 }], 1000)).toBeNull();
    expect(confirmationReason([{ id: 'p1', status: 'authorized', amount: 999, capturedAmount: 0 }], 1000)).toBeNull();
    expect(confirmationReason([{ id: 'p1', status: 'authorized', amount: 1000, capturedAmount: 0 }], 1000)).toBe('payment p1 authorized');
    expect(confirmationReason([{ id: 'p2', status: 'captured', amount: 1000, capturedAmount: 1000 }], 1000)).toBe('payment p2 captured');
  });
  it('ships only when captured in full, or unpaid when the method allows it', () => {
    const partial = [{ id: 'p1', status: 'captured', amount: 1000, capturedAmount: 400 }];
    expect(shippingReason(partial, 1000, null)).toBeNull();
    expect(shippingReason([{ id: 'p1', status: 'authorized', amount: 1000, capturedAmount: 0 }], 1000, null)).toBeNull();
    expect(shippingReason([{ id: 'p1', status: 'partially_refunded', amount: 1000, capturedAmount: 1000 }], 1000, null)).toBe('payment p1 captured');
    expect(shippingReason([], 1000, { id: 'cash_on_delivery', shipsUnpaid: true })).toBe('cash_on_delivery: ships unpaid, paid on delivery');
    expect(shippingReason([], 1000, { id: 'bank_transfer', shipsUnpaid: false })).toBeNull();
  });
});
