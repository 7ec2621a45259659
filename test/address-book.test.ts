import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';

let app: TestApp;
let admin: string;
let keys = 0;
const PASSWORD = 'correct horse battery';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const homePostal = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'sw1y4jh', country: 'GB', phone: '020 7946 0018' };
const home = { label: 'Home', ...homePostal };
const paris = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' };

/** A verified customer signed in over HTTP: id, access and refresh tokens. */
async function customer(email: string) {
  const user = await app.createUser({ email, password: PASSWORD, firstName: 'Ada', lastName: 'Lovelace' });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD } });
  expect(login.statusCode, login.body).toBe(200);
  return { id: user.id, token: login.json().accessToken as string, refreshToken: login.json().refreshToken as string };
}

const addresses = (token: string) => app.inject({ method: 'GET', url: '/api/users/me/addresses', headers: auth(token) });
const add = (token: string, payload: object) => app.inject({ method: 'POST', url: '/api/users/me/addresses', headers: auth(token), payload });

/** The signed-in customer's cart with one LAMP, checked out with `extra` fields (test card). */
async function checkout(token: string, extra: Record<string, unknown>) {
  const cart = await app.inject({ method: 'POST', url: '/api/carts', headers: auth(token), payload: {} });
  expect(cart.statusCode, cart.body).toBe(201);
  const item = await app.inject({ method: 'POST', url: `/api/carts/${cart.json().id}/items`, headers: auth(token), payload: { sku: 'LAMP', quantity: 1 } });
  expect(item.statusCode, item.body).toBeLessThan(300);
  return app.inject({
    method: 'POST', url: '/api/orders', headers: { ...auth(token), 'idempotency-key': `addr-${++keys}` },
    payload: { cartId: cart.json().id, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } }, ...extra },
  });
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(admin), payload: { name: 'Lamps' } });
  const product = await app.inject({ method: 'POST', url: '/api/admin/products', headers: auth(admin), payload: { title: 'Lamp', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'LAMP', price: { amount: 1000, currency: 'GBP' } }] } });
  expect(product.statusCode, product.body).toBe(201);
  await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(admin), payload: { sku: 'LAMP', quantity: 50, type: 'receipt', reason: 'delivery' } });
});
afterAll(() => app?.close());

describe('address book', () => {
  it('saves normalised addresses; the first is both defaults, a new default takes over the flag', async () => {
    const ada = await customer('ada.book@example.test');
    const first = await add(ada.token, home);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ label: 'Home', postalCode: 'SW1Y 4JH', phone: '+442079460018', defaultShipping: true, defaultBilling: true });
    const second = await add(ada.token, { ...paris, label: 'Paris', defaultShipping: true });
    expect(second.json()).toMatchObject({ postalCode: '75001', defaultShipping: true, defaultBilling: false });
    const list = (await addresses(ada.token)).json().data;
    expect(list.map((a: { label: string; defaultShipping: boolean; defaultBilling: boolean }) => [a.label, a.defaultShipping, a.defaultBilling])).toEqual([['Paris', true, false], ['Home', false, true]]);
    // Billing moves too; in the database one default of each kind per user.
    const patched = await app.inject({ method: 'PATCH', url: `/api/users/me/addresses/${second.json().id}`, headers: auth(ada.token), payload: { defaultBilling: true, line2: 'Bât. B' } });
    expect(patched.json()).toMatchObject({ line2: 'Bât. B', city: 'Paris', defaultBilling: true });
    const [flags] = await rows<{ shipping: number; billing: number }>(app.database.db, sql`select count(*) filter (where default_shipping)::int as shipping, count(*) filter (where default_billing)::int as billing from identity.address where user_id = ${ada.id}`);
    expect(flags).toEqual({ shipping: 1, billing: 1 });
    const deleted = await app.inject({ method: 'DELETE', url: `/api/users/me/addresses/${first.json().id}`, headers: auth(ada.token) });
    expect(deleted.statusCode).toBe(204);
    expect((await addresses(ada.token)).json().data).toHaveLength(1);
  });

  it('refuses bad addresses per country with 422 naming the field, and writes nothing', async () => {
    const bob = await customer('bob.book@example.test');
    const cases: [object, string][] = [
      [{ ...home, postalCode: '12345' }, 'body/postalCode'],
      [{ ...paris, postalCode: '7500' }, 'body/postalCode'],
      [{ ...paris, country: 'US', postalCode: '10001' }, 'body/region'],
      [{ ...paris, phone: '01 23' }, 'body/phone'],
      [{ ...paris, country: 'ZZ' }, 'body/country'],
    ];
    for (const [payload, field] of cases) {
      const res = await add(bob.token, payload);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'IDENTITY.INVALID_ADDRESS', errors: [{ field }] });
    }
    expect((await addresses(bob.token)).json().data).toEqual([]);
    const created = await add(bob.token, paris);
    const bad = await app.inject({ method: 'PATCH', url: `/api/users/me/addresses/${created.json().id}`, headers: auth(bob.token), payload: { country: 'NL' } });
    expect(bad.json()).toMatchObject({ code: 'IDENTITY.INVALID_ADDRESS', errors: [{ field: 'body/postalCode', message: 'is not a valid postal code in NL' }] });
  });

  it("answers 404 for another customer's address, and shows a customer's addresses to staff only", async () => {
    const owner = await customer('owner.book@example.test');
    const other = await customer('other.book@example.test');
    const id = (await add(owner.token, home)).json().id as string;
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url: `/api/users/me/addresses/${id}`, headers: auth(other.token), ...(method === 'PATCH' ? { payload: { label: 'Mine' } } : {}) });
      expect(res.statusCode, `${method} ${res.body}`).toBe(404);
      expect(res.json().code).toBe('IDENTITY.ADDRESS_NOT_FOUND');
    }
    expect((await app.inject({ method: 'GET', url: `/api/users/me/addresses/${id}`, headers: auth(owner.token) })).json().label).toBe('Home');
    const staff = await app.inject({ method: 'GET', url: `/api/admin/users/${owner.id}/addresses`, headers: auth(admin) });
    expect(staff.json().data.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await app.inject({ method: 'GET', url: `/api/admin/users/${owner.id}/addresses`, headers: auth(other.token) })).statusCode).toBe(403);
  });
});

describe('checkout addresses', () => {
  it('normalises the typed address into the order and saves it when asked, once', async () => {
    const cleo = await customer('cleo.book@example.test');
    const res = await checkout(cleo.token, { shippingAddress: homePostal, saveAddress: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().shippingAddress).toMatchObject({ postalCode: 'SW1Y 4JH', phone: '+442079460018' });
    expect(res.json().billingAddress).toEqual(res.json().shippingAddress);
    const again = await checkout(cleo.token, { shippingAddress: { ...homePostal, postalCode: 'SW1Y 4JH' }, saveAddress: true });
    expect(again.statusCode, again.body).toBe(201);
    const book = (await addresses(cleo.token)).json().data;
    expect(book).toHaveLength(1);
    expect(book[0]).toMatchObject({ line1: '12 St James Sq', postalCode: 'SW1Y 4JH', defaultShipping: true, defaultBilling: true });
  });

  it('refuses a bad postal code at checkout with the field named, before any order exists', async () => {
    const dan = await customer('dan.book@example.test');
    const res = await checkout(dan.token, { shippingAddress: { ...paris, postalCode: 'ABC' }, billingAddress: { ...paris, phone: '123' } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([
      { field: 'body/shippingAddress/postalCode', message: 'is not a valid postal code in FR' },
      { field: 'body/billingAddress/phone', message: 'is not a valid phone number for FR (or in international form, +…)' },
    ]);
    const [count] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from orders."order" where customer_id = ${dan.id}`);
    expect(count?.n).toBe(0);
    const guest = await app.inject({ method: 'POST', url: '/api/carts', payload: {} });
    const asGuest = await app.inject({
      method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `addr-${++keys}`, 'x-cart-token': guest.json().token },
      payload: { cartId: guest.json().id, email: 'g@example.test', shippingAddress: paris, saveAddress: true, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
    });
    expect(asGuest.json()).toMatchObject({ status: 400, errors: [{ field: 'body/saveAddress' }] });
  });
});

describe('my data: export and erasure', () => {
  it('exports the account, addresses, orders and preferences as a JSON attachment', async () => {
    const eve = await customer('eve.data@example.test');
    await add(eve.token, home);
    const order = await checkout(eve.token, { shippingAddress: paris });
    expect(order.statusCode, order.body).toBe(201);
    const res = await app.inject({ method: 'GET', url: '/api/users/me/export', headers: auth(eve.token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="comptoir-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = res.json();
    expect(data.account).toMatchObject({ id: eve.id, email: 'eve.data@example.test', firstName: 'Ada', emailVerifiedAt: expect.any(String) });
    expect(data.account.passwordHash).toBeUndefined();
    expect(data.addresses.map((a: { postalCode: string }) => a.postalCode)).toEqual(['SW1Y 4JH']);
    expect(data.orders.map((o: { number: string }) => o.number)).toEqual([order.json().number]);
    expect(data.preferences).toEqual({ locale: 'en' });
  });

  it('erases the person with the password: orders kept anonymised, sessions gone, the e-mail free again', async () => {
    const fay = await customer('fay.data@example.test');
    await add(fay.token, home);
    const placed = await checkout(fay.token, { shippingAddress: homePostal });
    expect(placed.statusCode, placed.body).toBe(201);
    // What other modules keep about her: a ticket (signed in) and one as a guest with her address
    // in capitals, mails and in-app notifications about the order, recommendation candidates.
    const ticket = (token?: string) => {
      const form = new FormData();
      form.append('subject', 'Where is my lamp?');
      form.append('message', 'It has not arrived yet.');
      form.append('category', 'order_problem');
      if (!token) form.append('email', 'Fay.Data@Example.test');
      const body = new Response(form);
      return body.arrayBuffer().then((b) => app.inject({
        method: 'POST', url: '/api/support/tickets', payload: Buffer.from(b),
        headers: { 'content-type': body.headers.get('content-type')!, ...(token ? auth(token) : {}) },
      }));
    };
    const tickets = [await ticket(fay.token), await ticket()];
    for (const t of tickets) expect(t.statusCode, t.body).toBe(201);
    await app.database.db.execute(sql`insert into recommendations.candidate (customer_id, kind, rank, sku, score) values (${fay.id}, 'for-you', 1, 'LAMP', 0.5)`);
    await app.relay.drain();
    const kept = async () => (await rows<{ mails: number; notes: number; candidates: number; tickets: number }>(app.database.db, sql`select
      (select count(*)::int from notifications.mail_message where lower("to") = 'fay.data@example.test') as mails,
      (select count(*)::int from notifications.notification where user_id = ${fay.id}) as notes,
      (select count(*)::int from recommendations.candidate where customer_id = ${fay.id}) as candidates,
      (select count(*)::int from support.ticket where customer_id = ${fay.id} or lower(email) = 'fay.data@example.test') as tickets`))[0];
    const before = await kept();
    expect(before?.mails).toBeGreaterThan(0);
    expect(before?.notes).toBeGreaterThan(0);
    expect([before?.candidates, before?.tickets]).toEqual([1, 2]);
    const erase = (password: string) => app.inject({ method: 'DELETE', url: '/api/users/me', headers: auth(fay.token), payload: { password } });
    expect((await erase('not the password')).json().code).toBe('AUTH.INVALID_CREDENTIALS');
    const res = await erase(PASSWORD);
    expect(res.statusCode, res.body).toBe(204);
    const [user] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.users where id = ${fay.id} or email = 'fay.data@example.test'`);
    const [book] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.address where user_id = ${fay.id}`);
    const [tokens] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.refresh_tokens where user_id = ${fay.id}`);
    expect([user?.n, book?.n, tokens?.n]).toEqual([0, 0, 0]);
    const [order] = await rows<{ email: string | null; customer_id: string | null; total: number; shipping_address: Record<string, string>; tags: string[] }>(
      app.database.db, sql`select email, customer_id, total, shipping_address, tags from orders."order" where id = ${placed.json().id}`,
    );
    expect(order).toEqual({
      email: null, customer_id: null, total: placed.json().totals.total.amount, tags: ['erased-customer'],
      shipping_address: { firstName: '', lastName: '', line1: '', city: '', postalCode: '', country: 'GB' },
    });
    const [erased] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where type = 'user.erased' and payload->>'userId' = ${fay.id}`);
    expect(erased?.n).toBe(1);
    // The other modules hear it: nothing about her is left under her id or address.
    await app.relay.drain();
    expect(await kept()).toEqual({ mails: 0, notes: 0, candidates: 0, tickets: 0 });
    const anonymised = await rows<{ name: string | null; email: string; tags: string[]; messages: number }>(app.database.db, sql`select name, email, tags, message_count as messages from support.ticket where id in (${tickets[0]!.json().ticket.id}, ${tickets[1]!.json().ticket.id})`);
    expect(anonymised).toHaveLength(2);
    for (const t of anonymised) {
      expect(t).toMatchObject({ name: null, tags: ['erased-customer'], messages: 1 });
      expect(t.email).toMatch(/^erased-.*@erased\.invalid$/);
    }
    expect((await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: fay.refreshToken } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/users/me', headers: auth(fay.token) })).statusCode).toBe(404);
    // Staff still see the order, without the person.
    const staffView = await app.inject({ method: 'GET', url: `/api/admin/orders/${placed.json().id}`, headers: auth(admin) });
    expect(staffView.json()).toMatchObject({ status: 'confirmed', email: null, customerId: null });
    const again = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'fay.data@example.test', password: 'another long passphrase 42' } });
    expect(again.statusCode, again.body).toBe(202);
    const [reborn] = await rows<{ id: string }>(app.database.db, sql`select id from identity.users where email = 'fay.data@example.test'`);
    expect(reborn?.id).toMatch(/^usr_/);
    expect(reborn?.id).not.toBe(fay.id);
  });

  it('refuses to erase a staff account', async () => {
    const staff = await app.createUser({ email: 'staff.data@example.test', password: PASSWORD, roles: ['manager'] });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'staff.data@example.test', password: PASSWORD } });
    const res = await app.inject({ method: 'DELETE', url: '/api/users/me', headers: auth(login.json().accessToken), payload: { password: PASSWORD } });
    expect(res.json().code).toBe('IDENTITY.STAFF_ACCOUNT');
    expect((await app.identity.getUser(staff.id))?.email).toBe('staff.data@example.test');
  });
});
