/**
 * What enters a cart's totals: shipping methods of a destination, its VAT, and promotion codes.
 * Shared set-up: cart.test-support.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { add, admin, bearer, gbp, guestCart, ok, problem, promotion, useCartApp } from './cart.test-support.js';

useCartApp();

describe('shipping methods and tax', () => {
  it('lists the methods of a destination with prices and the free-standard condition', async () => {
    const gb = await ok({ url: '/api/shipping-methods?country=GB' });
    expect(gb.data).toEqual([
      { id: 'standard', name: 'Standard delivery', price: gbp(395), minSubtotal: null },
      { id: 'express', name: 'Express delivery', price: gbp(795), minSubtotal: null },
      { id: 'free-standard', name: 'Free standard delivery', price: gbp(0), minSubtotal: gbp(5000) },
    ]);
    const fr = await ok({ url: '/api/shipping-methods?country=FR' });
    expect(fr.data.map((m: { id: string; price: { amount: number } }) => [m.id, m.price.amount])).toEqual([['standard', 995], ['express', 1995]]);
    const us = await ok({ url: '/api/shipping-methods?country=US' });
    expect(us.data.map((m: { id: string; price: { amount: number } }) => [m.id, m.price.amount])).toEqual([['standard', 1495]]);
    for (const q of ['country=gb', 'country=UK', 'country=GBR', 'country=', '']) {
      await problem({ url: `/api/shipping-methods?${q}` }, 400, 'VALIDATION.FAILED');
    }
  });

  it('sets destination and method; shipping and the destination’s VAT enter the totals', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 2); // 9.00
    const fr = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'FR', shippingMethodId: 'express' } });
    expect(fr.shippingMethod).toEqual({ id: 'express', name: 'Express delivery', price: gbp(1995) });
    // 9.00 + 19.95 = 28.95 at 20 %: 2895 × 20 / 120 = 482.5 → 483
    expect(fr.totals).toEqual({ subtotal: gbp(900), discount: gbp(0), shipping: gbp(1995), tax: gbp(483), total: gbp(2895) });
    const de = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'DE' } });
    expect(de.shippingMethod?.id).toBe('express');
    expect(de.totals.tax).toEqual(gbp(462)); // 2895 × 19 / 119 = 462.2
    // Express does not go to the US: moving there drops the method; asking for it is refused.
    const us = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'US' } });
    expect(us.shippingMethod).toBeNull();
    expect(us.totals).toMatchObject({ shipping: gbp(0), tax: gbp(0), total: gbp(900) });
    const refused = await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { shippingMethodId: 'express' } }, 409, 'CART.SHIPPING_UNAVAILABLE');
    expect(refused).toMatchObject({ methodId: 'express', country: 'US' });
    const standard = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { shippingMethodId: 'standard' } });
    expect(standard.totals).toMatchObject({ shipping: gbp(1495), total: gbp(2395), tax: gbp(0) });
    const cleared = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: null } });
    expect(cleared).toMatchObject({ country: null, shippingMethod: null });
  });

  it('needs a country before a method', async () => {
    const { id, headers } = await guestCart();
    await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { shippingMethodId: 'standard' } }, 409, 'CART.COUNTRY_REQUIRED');
  });

  it('offers free standard delivery in GB from 50.00 only', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 1); // 26.00
    const below = await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'GB', shippingMethodId: 'free-standard' } }, 409, 'CART.SHIPPING_UNAVAILABLE');
    expect(below.minSubtotal).toEqual(gbp(5000));
    await add(id, headers, 'MIRROR-1', 1); // 52.00
    const free = await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'GB', shippingMethodId: 'free-standard' } });
    expect(free.shippingMethod).toEqual({ id: 'free-standard', name: 'Free standard delivery', price: gbp(0) });
    expect(free.totals).toEqual({ subtotal: gbp(5200), discount: gbp(0), shipping: gbp(0), tax: gbp(867), total: gbp(5200) });
    // Back under the threshold: the method no longer applies (and checkout would refuse it).
    const line = free.lines[0].id;
    const under = await ok({ method: 'PATCH', url: `/api/carts/${id}/items/${line}`, headers, payload: { quantity: 1 } });
    expect(under.shippingMethod).toBeNull();
    expect(under.totals.total).toEqual(gbp(2600));
  });
});

describe('promotion codes', () => {
  beforeAll(async () => {
    await promotion({ code: 'SAVE10', type: 'percentage', value: 10 });
    await promotion({ code: 'FREESHIP', type: 'free_shipping' });
    await promotion({ code: 'BIGSPENDER', type: 'fixed_amount', value: 1000, minSubtotal: 100_000 });
    await promotion({ code: 'OLDCODE', type: 'percentage', value: 50, startsAt: '2020-01-01T00:00:00Z', endsAt: '2020-02-01T00:00:00Z' });
  });

  it('validates a code against a cart without applying it', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 2); // 52.00
    const valid = await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'save10', cartId: id } });
    expect(valid).toEqual({ valid: true, code: 'SAVE10', discount: gbp(520), total: gbp(4680) });
    expect(await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'NOSUCHCODE', cartId: id } })).toEqual({ valid: false, reason: 'NOT_FOUND' });
    expect(await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'BIGSPENDER', cartId: id } })).toEqual({ valid: false, reason: 'MINIMUM_NOT_MET' });
    expect(await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'OLDCODE', cartId: id } })).toEqual({ valid: false, reason: 'EXPIRED' });
    expect((await ok({ url: `/api/carts/${id}`, headers })).promotion).toBeNull();
    await problem({ method: 'POST', url: '/api/promotions/validate', payload: { code: 'SAVE10', cartId: id } }, 404, 'CART.NOT_FOUND');
  });

  it('applies a code to the cart, spreads the discount over lines, and removes it', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 2); // 9.00
    await add(id, headers, 'HEART-1', 1); // 3.00
    const applied = await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'save10' } });
    expect(applied.promotion).toEqual({ code: 'SAVE10', valid: true });
    expect(applied.lines.map((l: { discount: { amount: number } }) => l.discount.amount)).toEqual([90, 30]);
    expect(applied.totals).toEqual({ subtotal: gbp(1200), discount: gbp(120), shipping: gbp(0), tax: gbp(180), total: gbp(1080) });
    const bad = await problem({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'OLDCODE' } }, 409, 'PROMOTIONS.INVALID');
    expect(bad.reason).toBe('EXPIRED');
    expect((await ok({ url: `/api/carts/${id}`, headers })).promotion.code).toBe('SAVE10');
    const removed = await ok({ method: 'DELETE', url: `/api/carts/${id}/promotions`, headers });
    expect(removed.promotion).toBeNull();
    expect(removed.totals.total).toEqual(gbp(1200));
  });

  it('waives shipping with a free-shipping code', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 1);
    await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'GB', shippingMethodId: 'express' } });
    const validated = await ok({ method: 'POST', url: '/api/promotions/validate', headers, payload: { code: 'FREESHIP', cartId: id } });
    expect(validated).toEqual({ valid: true, code: 'FREESHIP', discount: gbp(795), total: gbp(450) });
    const cart = await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'FREESHIP' } });
    expect(cart.shippingMethod).toEqual({ id: 'express', name: 'Express delivery', price: gbp(795) });
    expect(cart.totals).toEqual({ subtotal: gbp(450), discount: gbp(0), shipping: gbp(0), tax: gbp(75), total: gbp(450) });
  });

  it('re-checks the code on every read, and counts free-standard’s threshold after the discount', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 2); // 52.00
    await ok({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'GB', shippingMethodId: 'free-standard' } });
    const cart = await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'SAVE10' } });
    // 52.00 − 5.20 = 46.80 < 50.00: free-standard no longer applies.
    expect(cart.totals).toMatchObject({ discount: gbp(520), shipping: gbp(0), total: gbp(4680) });
    expect(cart.shippingMethod).toBeNull();
    const promo = await ok({ url: '/api/admin/promotions?code=SAVE10', headers: bearer(admin) });
    const save10 = promo.data.find((p: { code: string }) => p.code === 'SAVE10');
    await ok({ method: 'POST', url: `/api/admin/promotions/${save10.id}/disable`, headers: bearer(admin) });
    const later = await ok({ url: `/api/carts/${id}`, headers });
    expect(later.promotion).toEqual({ code: 'SAVE10', valid: false, reason: 'NOT_FOUND' });
    expect(later.totals).toMatchObject({ discount: gbp(0), total: gbp(5200) });
    expect(later.shippingMethod?.id).toBe('free-standard');
    await ok({ method: 'POST', url: `/api/admin/promotions/${save10.id}/enable`, headers: bearer(admin) });
  });
});
