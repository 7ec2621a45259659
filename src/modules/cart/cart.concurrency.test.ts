/**
 * Concurrent adds to one cart: every add lands, one event each, the line cap and the stock hold.
 * Shared set-up: cart.test-support.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CartDto } from './index.js';
import { MAX_LINES } from './cart.schemas.js';
import {
  add, admin, app, bearer, eventPayloads, gbp, guestCart, lightsId, ok, problem, product, skuQuantities, stock, useCartApp,
} from './cart.test-support.js';

useCartApp();

describe('concurrent adds to one cart', () => {
  /** SKUs BULK-000 … BULK-(MAX_LINES + 9), 100 in stock each; LOW-1 with 4 in stock. */
  const bulk = Array.from({ length: MAX_LINES + 10 }, (_, i) => `BULK-${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    for (let i = 0; i < bulk.length; i += 100) {
      const variants = bulk.slice(i, i + 100).map((sku) => ({ sku, price: gbp(100) }));
      await ok({ method: 'POST', url: '/api/admin/products', headers: bearer(admin), payload: { title: `Bulk ${i}`, status: 'active', categoryId: lightsId, variants } }, 201);
    }
    await product('Low Stock Lamp', lightsId, 'LOW-1', 500);
    for (let i = 0; i < bulk.length; i += 10) await Promise.all(bulk.slice(i, i + 10).map((sku) => stock(sku, 100)));
    await stock('LOW-1', 4);
  });

  /** POST /api/carts/{id}/items, its raw answer. */
  const post = (cart: { id: string; headers: Record<string, string> }, sku: string, quantity: number) =>
    app.inject({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: cart.headers, payload: { sku, quantity } });

  it('20 concurrent adds of 20 different SKUs all succeed; the cart holds the 20 lines with their quantities', async () => {
    const cart = await guestCart();
    const skus = bulk.slice(0, 20);
    const answers = await Promise.all(skus.map((sku, i) => post(cart, sku, i + 1)));
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual(skus.map(() => 200));
    // The adds were serialised, and each answer shows every line the cart had just after it.
    expect(answers.map((a) => (a.json() as CartDto).lines.length).sort((a, b) => a - b)).toEqual(skus.map((_, i) => i + 1));
    const final: CartDto = await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers });
    expect(skuQuantities(final)).toEqual(skus.map((sku, i) => [sku, i + 1]));
    expect(final.itemCount).toBe((20 * 21) / 2);
    expect(await eventPayloads(cart.id, 'cart.item_added')).toHaveLength(20);
  });

  it('10 concurrent adds of 1 of the same SKU make a line of 10, with one cart.item_added each whose lineQuantity values are 1 … 10', async () => {
    const cart = await guestCart();
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(cart, 'BULK-000', 1)));
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual(Array(10).fill(200));
    expect(answers.map((a) => (a.json() as CartDto).itemCount).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const final: CartDto = await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers });
    expect(skuQuantities(final)).toEqual([['BULK-000', 10]]);
    const events = await eventPayloads<{ sku: string; quantity: number; lineQuantity: number }>(cart.id, 'cart.item_added');
    expect(events).toHaveLength(10);
    expect(events.every((e) => e.sku === 'BULK-000' && e.quantity === 1)).toBe(true);
    expect(events.map((e) => e.lineQuantity).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it(`keeps the line cap under concurrency: with MAX_LINES − 2 lines, 6 concurrent adds of new SKUs → 2 added, 4 × 409 CART.TOO_MANY_LINES`, async () => {
    const cart = await guestCart();
    const existing = bulk.slice(0, MAX_LINES - 2);
    for (let i = 0; i < existing.length; i += 10) await Promise.all(existing.slice(i, i + 10).map((sku) => add(cart.id, cart.headers, sku, 1)));
    const fresh = bulk.slice(MAX_LINES - 2, MAX_LINES + 4);
    const answers = await Promise.all(fresh.map((sku) => post(cart, sku, 1)));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes, answers.map((a) => a.body).join('\n')).toEqual([200, 200, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json()).toMatchObject({ code: 'CART.TOO_MANY_LINES', max: MAX_LINES });
    const final: CartDto = await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers });
    expect(final.lines).toHaveLength(MAX_LINES);
    const added = fresh.filter((_, i) => answers[i]!.statusCode === 200);
    expect(skuQuantities(final)).toEqual([...existing, ...added].sort().map((sku) => [sku, 1]));
    // Refused adds published nothing.
    expect(await eventPayloads(cart.id, 'cart.item_added')).toHaveLength(MAX_LINES);
    // A full cart still takes more of a SKU it holds, and refuses one more new SKU.
    const more = await add(cart.id, cart.headers, 'BULK-000', 2);
    expect(more.lines.find((l) => l.sku === 'BULK-000')?.quantity).toBe(3);
    await problem({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: cart.headers, payload: { sku: bulk.at(-1), quantity: 1 } }, 409, 'CART.TOO_MANY_LINES');
  });

  it('never adds past the stock: 4 available, 7 concurrent adds of 1 → 4 added, 3 × 409 INVENTORY.INSUFFICIENT_STOCK; a refused add changes no line', async () => {
    const cart = await guestCart();
    // More than available on a new line: no line, no event.
    const first = await problem({ method: 'POST', url: `/api/carts/${cart.id}/items`, headers: cart.headers, payload: { sku: 'LOW-1', quantity: 5 } }, 409, 'INVENTORY.INSUFFICIENT_STOCK');
    expect(first).toMatchObject({ sku: 'LOW-1', available: 4, requested: 5 });
    expect((await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers })).lines).toEqual([]);
    const answers = await Promise.all(Array.from({ length: 7 }, () => post(cart, 'LOW-1', 1)));
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([200, 200, 200, 200, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json()).toMatchObject({ code: 'INVENTORY.INSUFFICIENT_STOCK', sku: 'LOW-1', available: 4, requested: 5 });
    const final: CartDto = await ok({ url: `/api/carts/${cart.id}`, headers: cart.headers });
    expect(skuQuantities(final)).toEqual([['LOW-1', 4]]);
    const events = await eventPayloads<{ lineQuantity: number }>(cart.id, 'cart.item_added');
    expect(events.map((e) => e.lineQuantity).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
  });
});
