/**
 * The shop's cap on units of one SKU per order (`MAX_UNITS_PER_SKU`, here 5): checked when a line
 * is added to or changed, and again at checkout before anything is written, answering
 * 422 CART.QUANTITY_LIMIT with `sku`, `max` and `requested`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';
import { expectProblem } from './support/openapi-walk.js';

const MAX = 5;
let app: TestApp;
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' };

async function cart() {
  const res = await app.inject({ method: 'POST', url: '/api/carts' });
  const { id, token } = res.json() as { id: string; token: string };
  return { id, headers: { 'x-cart-token': token } };
}
const add = (c: { id: string; headers: Record<string, string> }, quantity: number) =>
  app.inject({ method: 'POST', url: `/api/carts/${c.id}/items`, headers: c.headers, payload: { sku: 'CAP', quantity } });

beforeAll(async () => {
  app = await createTestApp({ maxUnitsPerSku: MAX });
  const admin = { authorization: `Bearer ${await app.tokenFor(['admin'])}` };
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: admin, payload: { name: 'Capped' } });
  await app.inject({ method: 'POST', url: '/api/admin/products', headers: admin, payload: { title: 'Capped', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'CAP', price: { amount: 100, currency: 'GBP' } }] } });
  await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: admin, payload: { sku: 'CAP', quantity: 1000, type: 'receipt', reason: 'delivery' } });
});
afterAll(() => app?.close());

describe('units of one SKU per order', () => {
  it('add-to-cart: up to the cap, then 422 CART.QUANTITY_LIMIT, in one add or several', async () => {
    const c = await cart();
    expect((await add(c, MAX)).statusCode).toBe(200);
    expect(expectProblem(await add(c, 1), 422, 'CART.QUANTITY_LIMIT')).toMatchObject({ sku: 'CAP', max: MAX, requested: MAX + 1 });
    const fresh = await cart();
    expect(expectProblem(await add(fresh, 500), 422, 'CART.QUANTITY_LIMIT')).toMatchObject({ max: MAX, requested: 500 });
  });

  it('changing a line: above the cap → 422, the line unchanged', async () => {
    const c = await cart();
    const line = (await add(c, 2)).json().lines[0];
    const update = (quantity: number) => app.inject({ method: 'PATCH', url: `/api/carts/${c.id}/items/${line.id}`, headers: c.headers, payload: { quantity } });
    expect(expectProblem(await update(MAX + 1), 422, 'CART.QUANTITY_LIMIT')).toMatchObject({ sku: 'CAP', max: MAX, requested: MAX + 1 });
    expect((await update(MAX)).json().lines[0].quantity).toBe(MAX);
  });

  it('checkout of a line above the cap (filled before the cap was lowered) → 422 before anything is written', async () => {
    const c = await cart();
    await add(c, MAX);
    await app.database.db.execute(sql`update cart.cart_item set quantity = 40 where cart_id = ${c.id}`);
    const [before] = await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = 'CAP'`);
    const res = await app.inject({
      method: 'POST', url: '/api/orders', headers: { ...c.headers, 'idempotency-key': 'cap-checkout' },
      payload: { cartId: c.id, email: 'cap@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { provider: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2099, cvc: '123' } } },
    });
    expect(expectProblem(res, 422, 'CART.QUANTITY_LIMIT')).toMatchObject({ sku: 'CAP', max: MAX, requested: 40 });
    const [after] = await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = 'CAP'`);
    expect(after).toEqual(before);
    const [orders] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from orders."order" where cart_id = ${c.id}`);
    expect(orders!.n).toBe(0);
  });
});
