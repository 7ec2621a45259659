/**
 * Carts over HTTP and through the contract: guest and customer carts, lines and prices, merge at
 * sign-in, expiry of guest carts, the checkout contract, and the events of cart changes (the
 * last test counts the events every earlier one wrote). Totals (shipping, tax, promotion codes):
 * cart.totals.test.ts; concurrent adds: cart.concurrency.test.ts. Shared set-up: cart.test-support.ts.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import {
  add, admin, app, bearer, cartContract, cartToken, eventPayloads, gbp, guestCart, ok, problem, products, promotion, stock, useCartApp, userIdOf,
} from './cart.test-support.js';

useCartApp();
/** The promotion code the merge and checkout tests apply. */
beforeAll(() => promotion({ code: 'SAVE10', type: 'percentage', value: 10 }));

describe('guest carts', () => {
  it('are created with a token shown once; only its SHA-256 is stored', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/carts' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.id).toMatch(/^cart_/);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({ status: 'active', currency: 'GBP', customerId: null, lines: [], promotion: null, shippingMethod: null, country: null, itemCount: 0 });
    expect(body.totals).toEqual({ subtotal: gbp(0), discount: gbp(0), shipping: gbp(0), tax: gbp(0), total: gbp(0) });
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const [stored] = await rows<{ token_hash: string; user_id: string | null }>(app.database.db, sql`select token_hash, user_id from cart.cart where id = ${body.id}`);
    expect(stored).toEqual({ token_hash: createHash('sha256').update(body.token).digest('hex'), user_id: null });
    const dump = await rows<{ t: string }>(app.database.db, sql`select c::text as t from cart.cart c where id = ${body.id}`);
    expect(dump[0]?.t).not.toContain(body.token);
  });

  it('need their token: none or a wrong one answers 404 CART.NOT_FOUND, like a cart that does not exist', async () => {
    const cart = await guestCart();
    await problem({ url: `/api/carts/${cart.id}` }, 404, 'CART.NOT_FOUND');
    await problem({ url: `/api/carts/${cart.id}`, headers: cartToken('x'.repeat(43)) }, 404, 'CART.NOT_FOUND');
    await problem({ url: '/api/carts/cart_does_not_exist', headers: cart.headers }, 404, 'CART.NOT_FOUND');
    await problem({ method: 'POST', url: `/api/carts/${cart.id}/items`, payload: { sku: 'LANT-1', quantity: 1 } }, 404, 'CART.NOT_FOUND');
    const other = await guestCart();
    await problem({ url: `/api/carts/${cart.id}`, headers: other.headers }, 404, 'CART.NOT_FOUND');
    const signedIn = await app.tokenFor(['customer']);
    await problem({ url: `/api/carts/${cart.id}`, headers: bearer(signedIn) }, 404, 'CART.NOT_FOUND');
    expect((await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers })).id).toBe(cart.id);
  });
});

describe('customer carts', () => {
  it('are bound to the user, one active cart each, readable by the owner only', async () => {
    const alice = await app.tokenFor(['customer']);
    const first = await app.inject({ method: 'POST', url: '/api/carts', headers: bearer(alice) });
    expect(first.statusCode, first.body).toBe(201);
    const cart = first.json();
    expect(cart.customerId).toBe(userIdOf(alice));
    expect(cart.token).toBeUndefined();
    expect(cart.expiresAt).toBeNull();
    const again = await app.inject({ method: 'POST', url: '/api/carts', headers: bearer(alice) });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(cart.id);
    await add(cart.id, bearer(alice), 'HEART-1', 1);
    const bob = await app.tokenFor(['customer']);
    await problem({ url: `/api/carts/${cart.id}`, headers: bearer(bob) }, 404, 'CART.NOT_FOUND');
    await problem({ method: 'DELETE', url: `/api/carts/${cart.id}/items/${cart.id}`, headers: bearer(bob) }, 404, 'CART.NOT_FOUND');
    await problem({ url: `/api/carts/${cart.id}` }, 404, 'CART.NOT_FOUND');
    expect((await ok({ url: `/api/carts/${cart.id}`, headers: bearer(alice) })).itemCount).toBe(1);
  });

  it('answer concurrent creation with one cart', async () => {
    const carol = await app.tokenFor(['customer']);
    const answers = await Promise.all(Array.from({ length: 5 }, () => app.inject({ method: 'POST', url: '/api/carts', headers: bearer(carol) })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
  });
});

describe('lines and prices', () => {
  it('prices lines from the catalog, adds quantities of the same SKU, and shows tax-inclusive totals', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 1);
    const cart = await add(id, headers, 'LANT-1', 1);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({ sku: 'LANT-1', title: 'Metal Lantern', slug: 'metal-lantern', quantity: 2, unitPrice: gbp(450), lineTotal: gbp(900), discount: gbp(0), available: 50, insufficientStock: false, purchasable: true });
    expect(cart.lines[0]!.id).toMatch(/^item_/);
    const two = await add(id, headers, 'HEART-1', 1);
    // 9.00 + 3.00 = 12.00 GBP, VAT-inclusive at the UK rate (no destination yet): 12.00 × 20 / 120 = 2.00.
    expect(two.totals).toEqual({ subtotal: gbp(1200), discount: gbp(0), shipping: gbp(0), tax: gbp(200), total: gbp(1200) });
    expect(two.itemCount).toBe(3);
  });

  it('changes and removes lines', async () => {
    const { id, headers } = await guestCart();
    const cart = await add(id, headers, 'HEART-1', 2);
    const itemId = cart.lines[0]!.id;
    const changed = await ok({ method: 'PATCH', url: `/api/carts/${id}/items/${itemId}`, headers, payload: { quantity: 5 } });
    expect(changed.lines[0]).toMatchObject({ quantity: 5, lineTotal: gbp(1500) });
    await problem({ method: 'PATCH', url: `/api/carts/${id}/items/${itemId}`, headers, payload: { quantity: 51 } }, 409, 'INVENTORY.INSUFFICIENT_STOCK');
    await problem({ method: 'PATCH', url: `/api/carts/${id}/items/item_nope`, headers, payload: { quantity: 1 } }, 404, 'CART.ITEM_NOT_FOUND');
    const other = await guestCart();
    await problem({ method: 'DELETE', url: `/api/carts/${other.id}/items/${itemId}`, headers: other.headers }, 404, 'CART.ITEM_NOT_FOUND');
    const removed = await ok({ method: 'DELETE', url: `/api/carts/${id}/items/${itemId}`, headers });
    expect(removed.lines).toEqual([]);
    expect(removed.totals.total).toEqual(gbp(0));
    await problem({ method: 'DELETE', url: `/api/carts/${id}/items/${itemId}`, headers }, 404, 'CART.ITEM_NOT_FOUND');
  });

  it('refuses unknown SKUs, products not on sale and more than available, writing nothing', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'VASE-1', 4);
    // A refused add writes no event, so it wakes no relay (no outbox poll, no NOTIFY).
    const wake = vi.spyOn(app.relay, 'wake');
    try {
      await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'NOPE-1', quantity: 1 } }, 404, 'CART.SKU_NOT_FOUND');
      await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'DRAFT-1', quantity: 1 } }, 409, 'CART.NOT_PURCHASABLE');
      const tooMany = await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'VASE-1', quantity: 3 } }, 409, 'INVENTORY.INSUFFICIENT_STOCK');
      expect(tooMany).toMatchObject({ sku: 'VASE-1', available: 6, requested: 7 });
      expect(wake).not.toHaveBeenCalled();
    } finally {
      wake.mockRestore();
    }
    const cart = await ok({ url: `/api/carts/${id}`, headers });
    expect(cart.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([['VASE-1', 4]]);
  });

  it('refuses bad input with 400 VALIDATION.FAILED', async () => {
    const { id, headers } = await guestCart();
    for (const payload of [{ sku: 'LANT-1', quantity: 0 }, { sku: 'LANT-1', quantity: 1000 }, { sku: 'LANT-1', quantity: 1.5 }, { sku: 'LANT-1', quantity: '2' }, { quantity: 1 }, { sku: 'LANT-1', quantity: 1, price: 1 }, { sku: '', quantity: 1 }]) {
      const body = await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload }, 400, 'VALIDATION.FAILED');
      expect(body.errors.length).toBeGreaterThan(0);
    }
    await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: {} }, 400, 'VALIDATION.FAILED');
    await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { country: 'UK' } }, 400, 'VALIDATION.FAILED');
    await problem({ method: 'PATCH', url: `/api/carts/${id}`, headers, payload: { shippingMethodId: 'pigeon' } }, 400, 'VALIDATION.FAILED');
    await problem({ url: `/api/carts/${'x'.repeat(65)}`, headers }, 400, 'VALIDATION.FAILED');
    const cart = await ok({ url: `/api/carts/${id}`, headers });
    expect(cart.lines).toEqual([]);
  });

  it('re-prices from the catalog on every read', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 2);
    await ok({ method: 'PATCH', url: `/api/admin/products/${products['MIRROR-1']}`, headers: bearer(admin), payload: { variants: [{ sku: 'MIRROR-1', price: gbp(2400) }] } });
    const cart = await ok({ url: `/api/carts/${id}`, headers });
    expect(cart.lines[0]).toMatchObject({ unitPrice: gbp(2400), lineTotal: gbp(4800) });
    expect(cart.totals.subtotal).toEqual(gbp(4800));
    expect(cart.totals.tax).toEqual(gbp(800));
    await ok({ method: 'PATCH', url: `/api/admin/products/${products['MIRROR-1']}`, headers: bearer(admin), payload: { variants: [{ sku: 'MIRROR-1', price: gbp(2600) }] } });
  });

  it('flags lines whose stock is now insufficient, and products taken off sale', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'MIRROR-1', 5);
    await stock('MIRROR-1', -17, 'sale'); // sold elsewhere: 3 left
    const cart = await ok({ url: `/api/carts/${id}`, headers });
    expect(cart.lines[0]).toMatchObject({ sku: 'MIRROR-1', quantity: 5, available: 3, insufficientStock: true, purchasable: true });
    await stock('MIRROR-1', 17);
    const restocked = await ok({ url: `/api/carts/${id}`, headers });
    expect(restocked.lines[0]).toMatchObject({ available: 20, insufficientStock: false });
  });
});

describe('merge at sign-in', () => {
  it('adds the guest’s quantities to the customer’s cart, capped by availability', async () => {
    const dave = await app.tokenFor(['customer']);
    const mine = await ok({ method: 'POST', url: '/api/carts', headers: bearer(dave) }, 201);
    await add(mine.id, bearer(dave), 'VASE-1', 4);
    const guest = await guestCart();
    await add(guest.id, guest.headers, 'VASE-1', 3); // 4 + 3 > 6 available
    await add(guest.id, guest.headers, 'HEART-1', 2);
    await ok({ method: 'POST', url: `/api/carts/${guest.id}/promotions`, headers: guest.headers, payload: { code: 'SAVE10' } });

    await problem({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: guest.headers }, 401, 'AUTH.UNAUTHENTICATED');
    await problem({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: bearer(dave) }, 400, 'VALIDATION.FAILED');
    await problem({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(dave), ...cartToken('wrong-token') } }, 404, 'CART.NOT_FOUND');

    const merged = await ok({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(dave), ...guest.headers } });
    expect(merged.id).toBe(mine.id);
    expect(merged.customerId).toBe(userIdOf(dave));
    expect(merged.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([['VASE-1', 6], ['HEART-1', 2]]);
    expect(merged.promotion).toEqual({ code: 'SAVE10', valid: true });
    const old = await ok({ url: `/api/carts/${guest.id}`, headers: guest.headers });
    expect(old.status).toBe('merged');
    await problem({ method: 'POST', url: `/api/carts/${guest.id}/items`, headers: guest.headers, payload: { sku: 'LANT-1', quantity: 1 } }, 409, 'CART.NOT_ACTIVE');
    // A retried login merges nothing twice.
    const again = await ok({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(dave), ...guest.headers } });
    expect(again.id).toBe(mine.id);
    expect(again.lines.map((l: { quantity: number }) => l.quantity)).toEqual([6, 2]);
    const [event] = await rows<{ payload: { sourceCartId: string; targetCartId: string } }>(app.database.db, sql`select payload from events.outbox where type = 'cart.merged' and aggregate_id = ${mine.id}`);
    expect(event?.payload).toMatchObject({ sourceCartId: guest.id, targetCartId: mine.id });
  });

  it('makes the guest cart the customer’s when they have none; the token then stops working', async () => {
    const erin = await app.tokenFor(['customer']);
    const guest = await guestCart();
    await add(guest.id, guest.headers, 'LANT-1', 1);
    const bound = await ok({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(erin), ...guest.headers } });
    expect(bound).toMatchObject({ id: guest.id, customerId: userIdOf(erin), status: 'active', expiresAt: null });
    await problem({ url: `/api/carts/${guest.id}`, headers: guest.headers }, 404, 'CART.NOT_FOUND');
    expect((await ok({ url: `/api/carts/${guest.id}`, headers: bearer(erin) })).itemCount).toBe(1);
    const created = await ok({ method: 'POST', url: '/api/carts', headers: bearer(erin) });
    expect(created.id).toBe(guest.id);
    // Another user cannot take it.
    const frank = await app.tokenFor(['customer']);
    await problem({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(frank), ...guest.headers } }, 404, 'CART.NOT_FOUND');
  });

  it('POST /api/carts/:id/associate makes the guest cart the signed-in user’s; an unknown cart is 404', async () => {
    const gina = await app.tokenFor(['customer']);
    const guest = await guestCart();
    await add(guest.id, guest.headers, 'HEART-1', 3);
    const cart = await ok({ method: 'POST', url: `/api/carts/${guest.id}/associate`, headers: { ...bearer(gina), ...guest.headers } });
    expect(cart).toMatchObject({ id: guest.id, customerId: userIdOf(gina), itemCount: 3 });
    await problem({ method: 'POST', url: '/api/carts/cart_nope/associate', headers: { ...bearer(gina), 'x-cart-token': 'x' } }, 404, 'CART.NOT_FOUND');
  });
});

describe('expiry of guest carts', () => {
  it('answers 404 CART.EXPIRED after the lifetime without activity, and the cleanup deletes them', async () => {
    const idle = await guestCart();
    await add(idle.id, idle.headers, 'LANT-1', 2);
    const fresh = await guestCart();
    const customer = await app.tokenFor(['customer']);
    const owned = await ok({ method: 'POST', url: '/api/carts', headers: bearer(customer) }, 201);
    await app.database.db.execute(sql`update cart.cart set last_activity_at = now() - interval '31 days' where id in (${idle.id}, ${owned.id})`);
    await problem({ url: `/api/carts/${idle.id}`, headers: idle.headers }, 404, 'CART.EXPIRED');
    await problem({ method: 'POST', url: `/api/carts/${idle.id}/items`, headers: idle.headers, payload: { sku: 'LANT-1', quantity: 1 } }, 404, 'CART.EXPIRED');
    // Without the token it is just not found.
    await problem({ url: `/api/carts/${idle.id}` }, 404, 'CART.NOT_FOUND');

    await app.jobs.run('cart.expire'); // runs the cleanup now
    const left = await rows<{ id: string }>(app.database.db, sql`select id from cart.cart where id in (${idle.id}, ${fresh.id}, ${owned.id}) order by id`);
    expect(left.map((r) => r.id).sort()).toEqual([fresh.id, owned.id].sort()); // customer carts do not expire
    const [items] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from cart.cart_item where cart_id = ${idle.id}`);
    expect(items?.n).toBe(0);
    const [event] = await rows<{ payload: { cartId: string; lines: unknown[] } }>(app.database.db, sql`select payload from events.outbox where type = 'cart.expired' and aggregate_id = ${idle.id}`);
    expect(event?.payload).toMatchObject({ cartId: idle.id, lines: [{ sku: 'LANT-1', quantity: 2 }] });
    await problem({ url: `/api/carts/${idle.id}`, headers: idle.headers }, 404, 'CART.NOT_FOUND');
  });

  it('count from the last activity, which an add moves on at most once a minute', async () => {
    const cart = await guestCart();
    const activity = async () => (await rows<{ ms: number }>(app.database.db, sql`select floor(extract(epoch from last_activity_at) * 1000)::float8 as ms from cart.cart where id = ${cart.id}`))[0]!.ms;
    const setActivity = (ago: string) => app.database.db.execute(sql`update cart.cart set last_activity_at = now() - ${ago}::interval where id = ${cart.id}`);
    // Five minutes idle: the add moves the expiry to 30 days from now.
    await setActivity('5 minutes');
    const moved = await add(cart.id, cart.headers, 'LANT-1', 1);
    expect(Math.abs(Date.parse(moved.expiresAt!) - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    // Touched 10 seconds ago: the add leaves the activity time (and the expiry) as they were.
    await setActivity('10 seconds');
    const before = await activity();
    const kept = await add(cart.id, cart.headers, 'LANT-1', 1);
    expect(await activity()).toBe(before);
    expect(Date.parse(kept.expiresAt!)).toBe(before + 30 * 86_400_000);
    expect(kept.lines[0]!.quantity).toBe(2);
  });

  it('expire at once with a lifetime of 0 days', async () => {
    const zero = await createTestApp({ cartTtlDays: 0 });
    try {
      const created = await zero.inject({ method: 'POST', url: '/api/carts' });
      expect(created.statusCode).toBe(201);
      const res = await zero.inject({ url: `/api/carts/${created.json().id}`, headers: cartToken(created.json().token) });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('CART.EXPIRED');
    } finally {
      await zero.close();
    }
  });
});

describe('checkout contract', () => {
  const gbStandard = { country: 'GB', shippingMethodId: 'standard', customer: null };

  it('quoteForCheckout: access, empty cart, re-priced quote', async () => {
    const { id, token } = await guestCart();
    await expect(cartContract.quoteForCheckout(id, { userId: null, token: null }, gbStandard)).rejects.toMatchObject({ code: 'CART.NOT_FOUND', status: 404 });
    await expect(cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard)).rejects.toMatchObject({ code: 'CART.EMPTY', status: 409 });
    // The cart's own errors come before the destination's.
    await expect(cartContract.quoteForCheckout(id, { userId: null, token }, { ...gbStandard, country: 'XX' })).rejects.toMatchObject({ code: 'CART.EMPTY', status: 409 });
    await add(id, cartToken(token), 'HEART-1', 2);
    const quote = await cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard);
    expect(quote).toMatchObject({ subtotal: 600, shipping: 395, total: 995 });
    expect(quote.lines.map((l) => [l.sku, l.quantity])).toEqual([['HEART-1', 2]]);
  });

  it('quoteForCheckout: a quote with shipping, promotion and tax; refuses a method the destination does not get', async () => {
    const { id, token, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 2);
    await add(id, headers, 'HEART-1', 1);
    await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'SAVE10' } });
    const access = { userId: null, token };
    const quote = await cartContract.quoteForCheckout(id, access, { country: 'GB', shippingMethodId: 'standard', customer: { userId: null, email: 'buyer@example.test' } });
    expect(quote).toMatchObject({
      currency: 'GBP', subtotal: 1200, discount: 120, shipping: 395, total: 1475, tax: 246, // 1475 × 20 / 120 = 245.8
      promotion: { code: 'SAVE10' }, promotionInvalidReason: null, shippingMethod: { id: 'standard', name: 'Standard delivery' },
    });
    expect(quote.promotion?.promotionId).toMatch(/^promo_/);
    expect(quote.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.discount, l.lineTotal])).toEqual([['LANT-1', 2, 450, 90, 900], ['HEART-1', 1, 300, 30, 300]]);
    expect(quote.lines[0]!.categoryIds).toHaveLength(2);
    await expect(cartContract.quoteForCheckout(id, access, { country: 'US', shippingMethodId: 'express', customer: null })).rejects.toMatchObject({ code: 'CART.SHIPPING_UNAVAILABLE' });
    await expect(cartContract.quoteForCheckout(id, access, { country: 'GB', shippingMethodId: 'free-standard', customer: null })).rejects.toMatchObject({ code: 'CART.SHIPPING_UNAVAILABLE', extensions: { minSubtotal: gbp(5000) } });
    await expect(cartContract.quoteForCheckout(id, access, { country: 'XX', shippingMethodId: 'standard', customer: null })).rejects.toMatchObject({ code: 'VALIDATION.FAILED', status: 400 });
    const us = await cartContract.quoteForCheckout(id, access, { country: 'US', shippingMethodId: 'standard', customer: null });
    expect(us).toMatchObject({ shipping: 1495, total: 2575, tax: 0 });
  });

  it('quoteForCheckout: reports a promotion that no longer applies instead of applying it', async () => {
    const { id, token, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 1);
    await ok({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code: 'SAVE10' } });
    await app.database.db.execute(sql`update cart.cart set promotion_code = 'NOSUCHCODE' where id = ${id}`);
    const quote = await cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard);
    expect(quote).toMatchObject({ promotion: null, promotionInvalidReason: 'NOT_FOUND', discount: 0, total: 845 });
  });

  it('quoteForCheckout: refuses a line no longer on sale', async () => {
    const { id, token, headers } = await guestCart();
    await add(id, headers, 'HEART-1', 1);
    await add(id, headers, 'LANT-1', 1);
    await ok({ method: 'PATCH', url: `/api/admin/products/${products['LANT-1']}`, headers: bearer(admin), payload: { status: 'draft' } });
    try {
      await expect(cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard)).rejects.toMatchObject({ code: 'CART.NOT_PURCHASABLE', status: 409 });
    } finally {
      await ok({ method: 'PATCH', url: `/api/admin/products/${products['LANT-1']}`, headers: bearer(admin), payload: { status: 'active' } });
    }
  });

  it('markOrdered: only one of two concurrent checkouts wins; the cart is then read-only; reopen undoes it', async () => {
    const { id, token, headers } = await guestCart();
    await add(id, headers, 'LANT-1', 1);
    const attempts = await Promise.allSettled(['ord_a', 'ord_b'].map((orderId) => app.database.transaction((tx) => cartContract.markOrdered(tx, id, orderId))));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const failed = attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: 'CART.NOT_ACTIVE', status: 409 });
    const [row] = await rows<{ status: string; order_id: string }>(app.database.db, sql`select status, order_id from cart.cart where id = ${id}`);
    expect(row?.status).toBe('ordered');
    const winner = row!.order_id;
    await expect(cartContract.quoteForCheckout(id, { userId: null, token }, gbStandard)).rejects.toMatchObject({ code: 'CART.NOT_ACTIVE' });
    await problem({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'LANT-1', quantity: 1 } }, 409, 'CART.NOT_ACTIVE');
    expect((await ok({ url: `/api/carts/${id}`, headers })).status).toBe('ordered');

    await app.database.transaction((tx) => cartContract.reopen(tx, id, 'ord_other')); // not this cart's order: nothing
    expect((await ok({ url: `/api/carts/${id}`, headers })).status).toBe('ordered');
    await app.database.transaction((tx) => cartContract.reopen(tx, id, winner));
    const reopened = await ok({ url: `/api/carts/${id}`, headers });
    expect(reopened).toMatchObject({ status: 'active', itemCount: 1 });
    await expect(app.database.transaction((tx) => cartContract.markOrdered(tx, 'cart_nope', 'ord_x'))).rejects.toMatchObject({ code: 'CART.NOT_FOUND' });
  });

  it('markOrdered writes one cart.ordered event: {cartId, orderId, userId} with userId null for a guest cart, the owner for a customer cart; none when refused', async () => {
    const guest = await guestCart();
    await add(guest.id, guest.headers, 'LANT-1', 1);
    await app.database.transaction((tx) => cartContract.markOrdered(tx, guest.id, 'ord_guest'));
    await expect(app.database.transaction((tx) => cartContract.markOrdered(tx, guest.id, 'ord_again'))).rejects.toMatchObject({ code: 'CART.NOT_ACTIVE' });
    expect(await eventPayloads(guest.id, 'cart.ordered')).toEqual([{ cartId: guest.id, orderId: 'ord_guest', userId: null }]);

    const henry = await app.tokenFor(['customer']);
    const mine = await ok({ method: 'POST', url: '/api/carts', headers: bearer(henry) }, 201);
    await add(mine.id, bearer(henry), 'HEART-1', 1);
    await app.database.transaction((tx) => cartContract.markOrdered(tx, mine.id, 'ord_customer'));
    expect(await eventPayloads(mine.id, 'cart.ordered')).toEqual([{ cartId: mine.id, orderId: 'ord_customer', userId: userIdOf(henry) }]);
  });

  it('GET /api/shipping-methods?country=', async () => {
    expect((await ok({ url: '/api/shipping-methods?country=IE' })).data.map((m: { id: string }) => m.id)).toEqual(['standard', 'express']);
    await problem({ url: '/api/shipping-methods?country=ZZ' }, 400, 'VALIDATION.FAILED');
  });
});

describe('events', () => {
  it('cart.item_added carries the quantity added and the line’s new quantity; userId is null for a guest cart', async () => {
    const { id, headers } = await guestCart();
    await add(id, headers, 'HEART-1', 2);
    await add(id, headers, 'HEART-1', 3);
    expect(await eventPayloads(id, 'cart.item_added')).toEqual([
      { cartId: id, userId: null, sku: 'HEART-1', quantity: 2, lineQuantity: 2 },
      { cartId: id, userId: null, sku: 'HEART-1', quantity: 3, lineQuantity: 5 },
    ]);
  });

  it('cart.item_added of a customer cart carries the owner’s user id', async () => {
    const iris = await app.tokenFor(['customer']);
    const mine = await ok({ method: 'POST', url: '/api/carts', headers: bearer(iris) }, 201);
    await add(mine.id, bearer(iris), 'LANT-1', 1);
    await add(mine.id, bearer(iris), 'LANT-1', 4);
    expect(await eventPayloads(mine.id, 'cart.item_added')).toEqual([
      { cartId: mine.id, userId: userIdOf(iris), sku: 'LANT-1', quantity: 1, lineQuantity: 1 },
      { cartId: mine.id, userId: userIdOf(iris), sku: 'LANT-1', quantity: 4, lineQuantity: 5 },
    ]);
  });

  it('publishes cart changes through the outbox', async () => {
    const counts = await rows<{ type: string; n: number }>(app.database.db, sql`select type, count(*)::int as n from events.outbox where type like 'cart.%' group by type`);
    const byType = Object.fromEntries(counts.map((c) => [c.type, c.n]));
    for (const type of ['cart.created', 'cart.item_added', 'cart.item_updated', 'cart.item_removed', 'cart.promotion_changed', 'cart.merged', 'cart.associated', 'cart.ordered', 'cart.reopened', 'cart.expired']) {
      expect(byType[type], type).toBeGreaterThanOrEqual(1);
    }
  });
});
