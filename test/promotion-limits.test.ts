/**
 * Security finding 3 (issue 19): a per-customer promotion limit must hold across the ways one
 * customer can present themselves at checkout — signed in, as a guest with the account's e-mail,
 * with a plus-address, with another spelling of a Gmail address — and a promotion can require
 * sign-in. HTTP in, HTTP and database state out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, identityServiceFor, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';

let app: TestApp;
let admin: string;
let categoryId: string;
let keys = 0;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const address = { firstName: 'Ann', lastName: 'Example', line1: '1 High St', city: 'London', postalCode: 'SW1A 1AA', country: 'GB', phone: '+44 20 7946 0001' };
const payment = { provider: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } };

async function product(sku: string) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: `Product ${sku}`, status: 'active', categoryId, variants: [{ sku, price: { amount: 2000, currency: 'GBP' } }] } });
  expect(res.statusCode, res.body).toBe(201);
  const mv = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku, quantity: 100, type: 'receipt', reason: 'delivery' } });
  expect(mv.statusCode, mv.body).toBe(201);
}

async function promotion(payload: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/promotions', headers: auth(admin), payload: { type: 'percentage', value: 10, ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; requiresAccount: boolean };
}

/** A cart with one unit of LIMITED and `code` applied; a guest's (token) or a signed-in customer's (bearer). */
async function cartWith(code: string, bearer?: string) {
  const created = await app.inject({ method: 'POST', url: '/api/carts', headers: bearer ? auth(bearer) : {}, payload: {} });
  expect(created.statusCode, created.body).toBe(201);
  const { id, token } = created.json() as { id: string; token: string | null };
  const headers = bearer ? auth(bearer) : { 'x-cart-token': token! };
  const add = await app.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers, payload: { sku: 'LIMITED', quantity: 1 } });
  expect(add.statusCode, add.body).toBeLessThan(300);
  const apply = await app.inject({ method: 'POST', url: `/api/carts/${id}/promotions`, headers, payload: { code } });
  return { id, headers, apply };
}

function checkout(cart: { id: string; headers: Record<string, string> }, email?: string) {
  return app.inject({
    method: 'POST', url: '/api/orders', headers: { ...cart.headers, 'idempotency-key': `limits-${++keys}` },
    payload: { cartId: cart.id, ...(email ? { email } : {}), shippingAddress: address, shippingMethodId: 'standard', payment },
  });
}

/** A signed-in customer with the e-mail `email`: a bearer token. */
async function customer(email: string) {
  const user = await app.createUser({ email, password: 'correct horse battery staple', roles: ['customer'] });
  return identityServiceFor(app.config).accessTokenFor(app.database.db, user.id);
}

const onHand = async () => (await rows<{ on_hand: number }>(app.database.db, sql`select on_hand from catalog.variant where sku = 'LIMITED'`))[0]!.on_hand;

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Limits' } });
  categoryId = cat.json().id;
  await product('LIMITED');
});
afterAll(() => app?.close());

describe('a per-customer limit counts the account and the normalised e-mail', () => {
  it('a signed-in customer who used the code cannot use it again as a guest, with a plus-address or in another letter case', async () => {
    await promotion({ code: 'ONCEEACH', perCustomerLimit: 1 });
    const ann = await customer('ann@shop.example');
    const first = await cartWith('ONCEEACH', ann);
    expect(first.apply.statusCode, first.apply.body).toBe(200);
    const placed = await checkout(first);
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().totals.discount.amount).toBe(200);

    for (const email of ['ann@shop.example', 'Ann+again@Shop.Example', 'ANN+x+y@shop.example']) {
      const guest = await cartWith('ONCEEACH');
      expect(guest.apply.statusCode, guest.apply.body).toBe(200); // the guest cart does not know who will pay yet
      const stock = await onHand();
      const res = await checkout(guest, email);
      expect(res.statusCode, `${email}: ${res.body}`).toBe(409);
      expect(res.json()).toMatchObject({ code: 'PROMOTIONS.INVALID', reason: 'ALREADY_USED' });
      expect(await onHand()).toBe(stock); // refused before anything was written
    }
    // Another customer still can.
    const bob = await cartWith('ONCEEACH');
    expect((await checkout(bob, 'bob@shop.example')).statusCode).toBe(201);
  });

  it('a use as a guest counts against the account that has that e-mail, and Gmail dots do not make a new customer', async () => {
    const p = await promotion({ code: 'GUESTFIRST', perCustomerLimit: 1 });
    const guest = await cartWith('GUESTFIRST');
    expect((await checkout(guest, 'c.a.r.o.l+promo@gmail.com')).statusCode).toBe(201);

    const carol = await customer('carol@googlemail.com');
    const signedIn = await cartWith('GUESTFIRST', carol);
    expect(signedIn.apply.statusCode, signedIn.apply.body).toBe(200);
    const res = await checkout(signedIn);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PROMOTIONS.INVALID', reason: 'ALREADY_USED' });
    const again = await checkout(await cartWith('GUESTFIRST'), 'Carol@gmail.com');
    expect(again.statusCode, again.body).toBe(409);

    const used = (await app.inject({ url: `/api/admin/promotions/${p.id}/redemptions`, headers: auth(admin) })).json();
    expect(used.data).toHaveLength(1);
    expect(used.data[0]).toMatchObject({ userId: null, emailKey: 'carol@gmail.com', status: 'active' });
  });

  it('a use by an account counts whatever e-mail the account has now', async () => {
    await promotion({ code: 'ACCOUNTONCE', perCustomerLimit: 1 });
    const dave = await customer('dave@shop.example');
    expect((await checkout(await cartWith('ACCOUNTONCE', dave))).statusCode).toBe(201);
    const second = await cartWith('ACCOUNTONCE', dave);
    expect(second.apply.statusCode).toBe(409);
    expect(second.apply.json()).toMatchObject({ code: 'PROMOTIONS.INVALID', reason: 'ALREADY_USED' });
  });
});

describe('a promotion that requires an account', () => {
  it('is admin-editable and shown in the promotion', async () => {
    const p = await promotion({ code: 'MEMBERS', requiresAccount: true });
    expect(p.requiresAccount).toBe(true);
    const off = await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${p.id}`, headers: auth(admin), payload: { requiresAccount: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().requiresAccount).toBe(false);
    const plain = await promotion({ code: 'EVERYONE' });
    expect(plain.requiresAccount).toBe(false);
  });

  it('is refused to a guest with 422 PROMOTIONS.ACCOUNT_REQUIRED (applying it, and at checkout), and works signed in', async () => {
    const p = await promotion({ code: 'MEMBERSONLY', requiresAccount: true, perCustomerLimit: 1 });
    const guest = await cartWith('MEMBERSONLY');
    expect(guest.apply.statusCode, guest.apply.body).toBe(422);
    expect(guest.apply.json()).toMatchObject({ code: 'PROMOTIONS.ACCOUNT_REQUIRED', promotionCode: 'MEMBERSONLY' });
    expect(guest.apply.headers['content-type']).toMatch(/application\/problem\+json/);

    // Applied while it was open to all, then restricted: the guest's checkout is refused before any write.
    const open = await promotion({ code: 'LATERMEMBERS' });
    const early = await cartWith('LATERMEMBERS');
    expect(early.apply.statusCode).toBe(200);
    await app.inject({ method: 'PATCH', url: `/api/admin/promotions/${open.id}`, headers: auth(admin), payload: { requiresAccount: true } });
    const stock = await onHand();
    const refused = await checkout(early, 'erin@shop.example');
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'PROMOTIONS.ACCOUNT_REQUIRED' });
    expect(await onHand()).toBe(stock);
    expect((await app.inject({ url: `/api/admin/promotions/${open.id}`, headers: auth(admin) })).json().timesUsed).toBe(0);

    const frank = await customer('frank@shop.example');
    const member = await cartWith('MEMBERSONLY', frank);
    expect(member.apply.statusCode, member.apply.body).toBe(200);
    expect((await checkout(member)).statusCode).toBe(201);
    expect((await app.inject({ url: `/api/admin/promotions/${p.id}`, headers: auth(admin) })).json().timesUsed).toBe(1);
  });
});
