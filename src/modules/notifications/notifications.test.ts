import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { TokenService } from '../../platform/auth.js';
import { rows } from '../../platform/db/index.js';
import { publish, type AppEvents, type EventName } from '../../platform/events/index.js';
import type { OrderSnapshot, ShipmentSnapshot } from '../orders/index.js';
import { LoggingSmsProvider } from './index.js';

let app: TestApp;
let admin: string;
let customer: string;

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
/** Intl puts no-break spaces (U+00A0, U+202F) in French amounts; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

let seq = 0;
/** A realistic order snapshot as orders publishes it (GBP, tax-inclusive). */
function order(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  seq += 1;
  return {
    id: `ord_test_${seq}`,
    number: `CPT-${100_000 + seq}`,
    customerId: null,
    email: `buyer${seq}@example.test`,
    locale: 'en',
    status: 'pending',
    currency: 'GBP',
    lines: [
      { sku: 'LANT-1', title: 'Moroccan Metal Lantern', quantity: 2, unitPrice: 1234, discount: 0, lineTotal: 2468 },
      { sku: 'MUG-1', title: 'Tea Mug', quantity: 1, unitPrice: 550, discount: 0, lineTotal: 550 },
    ],
    subtotal: 3018,
    discount: 500,
    shipping: 395,
    tax: 485,
    total: 2913,
    promotionCode: 'SPRING5',
    shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James’s Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
    shippingMethod: { id: 'standard', name: 'Standard delivery' },
    placedAt: '2024-03-05T10:15:00.000Z',
    ...overrides,
  };
}

const shipment = (overrides: Partial<ShipmentSnapshot> = {}): ShipmentSnapshot => ({
  id: `shp_test_${seq}`, carrier: 'Colissimo', trackingNumber: '6A12345678901', lines: [{ sku: 'LANT-1', quantity: 2 }], shippedAt: '2024-03-06T08:00:00.000Z', ...overrides,
});

/** Publishes one event in its own transaction, delivers everything due; returns the event id. */
async function emit<K extends EventName>(type: K, payload: AppEvents[K], aggregateId?: string): Promise<string> {
  const id = await app.database.transaction((tx) => publish(tx, type, payload, aggregateId));
  await app.relay.drain();
  return id;
}

interface Mail { id: string; to: string; subject: string; template: string; locale: string; status: string; sourceEventId: string; text?: string; html?: string }

async function mailTo(to: string, query = ''): Promise<Mail[]> {
  const res = await app.inject({ url: `/api/admin/mail?to=${encodeURIComponent(to)}${query}`, headers: auth(admin) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as Mail[];
}

async function mailBody(id: string): Promise<Mail> {
  const res = await app.inject({ url: `/api/admin/mail/${id}`, headers: auth(admin) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Mail;
}

/** How many SMS `GET /api/admin/sms` lists in each status (every page). */
async function smsByStatus(): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  for (let page = 1; ; page++) {
    const res = await app.inject({ url: `/api/admin/sms?limit=100&page=${page}`, headers: auth(admin) });
    expect(res.statusCode, res.body).toBe(200);
    for (const sms of res.json().data as { status: string }[]) tally[sms.status] = (tally[sms.status] ?? 0) + 1;
    if (page * 100 >= res.json().pagination.total) return tally;
  }
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: number }>(app.database.db, query);
  return row?.n ?? -1;
}

/**
 * Signs up through the real routes (202), follows the mailed verification link and signs in;
 * returns the user id and access token.
 */
async function register(email: string, firstName?: string): Promise<{ id: string; token: string }> {
  const password = 'correct horse battery';
  const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password, ...(firstName ? { firstName } : {}) } });
  expect(res.statusCode, res.body).toBe(202);
  await app.relay.drain();
  const [verify] = await mailTo(email.toLowerCase(), '&template=verify_email');
  const link = /https?:\/\/\S+#token=([\w.-]+)/.exec((await mailBody(verify!.id)).text ?? '')?.[1];
  expect((await app.inject({ method: 'POST', url: '/api/auth/verify-email', payload: { token: link } })).statusCode).toBe(204);
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  expect(login.statusCode, login.body).toBe(200);
  return { id: login.json().user.id, token: login.json().accessToken };
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  customer = await app.tokenFor(['customer']);
});
afterAll(() => app?.close());

describe('welcome mail', () => {
  it('is stored in English after POST /api/auth/register (no SMTP: status stored)', async () => {
    await register('Ada.Welcome@Example.test', 'Ada');
    await app.relay.drain();
    // Sign-up also mails the verification link (a mail of its own, see the identity tests).
    expect((await mailTo('ada.welcome@example.test')).map((m) => m.template).sort()).toEqual(['verify_email', 'welcome']);
    const mails = await mailTo('ada.welcome@example.test', '&template=welcome');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'ada.welcome@example.test', template: 'welcome', locale: 'en', status: 'stored', subject: 'Welcome to Comptoir' });
    expect(mails[0]!.sourceEventId).toMatch(/^evt_/);
    expect(mails[0]).not.toHaveProperty('text');
    const full = await mailBody(mails[0]!.id);
    expect(full.text).toContain('Hello Ada,');
    expect(full.text).toContain('Your account ada.welcome@example.test is ready.');
    expect(full.html).toContain('<p>Hello Ada,</p>');
    // The filter is case-insensitive, and the list counts what matches.
    expect(await mailTo('ADA.WELCOME@EXAMPLE.TEST', '&template=welcome')).toHaveLength(1);
    const listed = await app.inject({ url: '/api/admin/mail?to=ada.welcome@example.test&template=welcome', headers: auth(admin) });
    expect(listed.json().pagination.total).toBe(1);
    expect(listed.json().data[0].id).toBe(mails[0]!.id);
  });

  it('is in French for a user whose locale is fr', async () => {
    await emit('user.registered', { user: { id: 'usr_fr_welcome', email: 'claude@example.test', firstName: 'Claude', lastName: null, locale: 'fr' } }, 'usr_fr_welcome');
    const [mail] = await mailTo('claude@example.test');
    expect(mail).toMatchObject({ template: 'welcome', locale: 'fr', subject: 'Bienvenue chez Comptoir' });
    expect((await mailBody(mail!.id)).text).toContain('Bonjour Claude,');
  });

  it('lists and filters every template, the newsletter confirmation included', async () => {
    await emit('newsletter.confirmation_requested', { subscriberId: 'nsub_list', email: 'reader@example.test', locale: 'en', site: 'default', link: 'https://shop.example/newsletter/confirm?token=x' }, 'nsub_list');
    const [mail] = await mailTo('reader@example.test', '&template=newsletter_confirm');
    expect(mail).toMatchObject({ template: 'newsletter_confirm', to: 'reader@example.test' });
    const all = await app.inject({ url: '/api/admin/mail?limit=100', headers: auth(admin) });
    expect(all.statusCode, all.body).toBe(200);
  });

  it('nothing is sent without SMTP: there is no mail job and messages stay stored', async () => {
    await expect(app.runJob('notifications.mail')).rejects.toThrow('No job named notifications.mail');
    for (const status of ['queued', 'sent', 'failed']) {
      const listed = await app.inject({ url: `/api/admin/mail?status=${status}`, headers: auth(admin) });
      expect(listed.json().pagination.total, status).toBe(0);
    }
    expect(await count(sql`select count(*)::int as n from notifications.mail_message where status <> 'stored'`)).toBe(0);
  });
});

describe('order mail', () => {
  it('order.placed → a confirmation listing the lines and the formatted totals', async () => {
    const o = order();
    const eventId = await emit('order.placed', { order: o }, o.id);
    const mails = await mailTo(o.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: 'order_confirmation', locale: 'en', status: 'stored', subject: `Your order ${o.number} is confirmed`, sourceEventId: eventId });
    const { text, html } = await mailBody(mails[0]!.id);
    expect(text).toContain('Moroccan Metal Lantern (LANT-1) — 2 × — £12.34 — £24.68');
    expect(text).toContain('Tea Mug (MUG-1) — 1 × — £5.50 — £5.50');
    expect(text).toMatch(/Subtotal:\s+£30\.18/);
    expect(text).toMatch(/Discount \(SPRING5\):\s+-£5\.00/);
    expect(text).toMatch(/Shipping \(Standard delivery\):\s+£3\.95/);
    expect(text).toMatch(/Tax included:\s+£4\.85/);
    expect(text).toMatch(/Total:\s+£29\.13/);
    expect(text).toContain('Ada Lovelace\n  12 St James’s Square\n  SW1Y 4JH London\n  United Kingdom');
    expect(html).toContain('£24.68');
    expect(html).toContain('<strong>£29.13</strong>');
  });

  it('a French customer (PATCH /api/users/me locale fr) gets the confirmation and the in-app notification in French', async () => {
    const user = await register('marie@example.test', 'Marie');
    const patched = await app.inject({ method: 'PATCH', url: '/api/users/me', headers: auth(user.token), payload: { locale: 'fr' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().locale).toBe('fr');
    const o = order({ customerId: user.id, email: 'marie@example.test', locale: 'fr', shippingAddress: { ...order().shippingAddress, firstName: 'Marie', country: 'FR', city: 'Paris', postalCode: '75001' } });
    await emit('order.placed', { order: o }, o.id);
    const [mail] = await mailTo('marie@example.test', '&template=order_confirmation');
    expect(mail).toMatchObject({ locale: 'fr', subject: `Confirmation de votre commande ${o.number}` });
    const text = plain((await mailBody(mail!.id)).text as string);
    expect(text).toContain('Bonjour Marie,');
    expect(text).toContain('Moroccan Metal Lantern (LANT-1) — 2 × — 12,34 £ — 24,68 £');
    expect(text).toMatch(/Sous-total:\s+30,18 £/);
    expect(text).toMatch(/Total:\s+29,13 £/);
    expect(text).toContain('75001 Paris\n  France');
    const list = await app.inject({ url: '/api/notifications', headers: auth(user.token) });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().unread).toBe(1);
    expect(list.json().data[0]).toMatchObject({ kind: 'order_placed', title: `Commande ${o.number} reçue`, read: false, readAt: null, link: `/account/orders/${o.id}` });
    expect(plain(list.json().data[0].body)).toBe('Merci ! Votre commande de 29,13 £ est enregistrée.');
  });

  it('order.shipped → a shipping mail with carrier and tracking, and an SMS when the address has a phone', async () => {
    const o = order({ shippingAddress: { ...order().shippingAddress, phone: '+447700900123' } });
    const s = shipment();
    const eventId = await emit('order.shipped', { order: o, shipment: s }, o.id);
    const [mail] = await mailTo(o.email);
    expect(mail).toMatchObject({ template: 'order_shipped', subject: `Your order ${o.number} has shipped` });
    const { text, html } = await mailBody(mail!.id);
    expect(text).toMatch(/Carrier:\s+Colissimo/);
    expect(text).toMatch(/Tracking number:\s+6A12345678901/);
    expect(html).toContain('<strong>6A12345678901</strong>');
    await app.runJob('notifications.sms'); // after the run the commit started
    const sms = await app.inject({ url: '/api/admin/sms?to=%2B447700900123', headers: auth(admin) });
    expect(sms.statusCode, sms.body).toBe(200);
    expect(sms.json().pagination.total).toBe(1);
    expect(sms.json().data[0]).toMatchObject({ to: '+447700900123', body: `Your order ${o.number} has shipped: Colissimo 6A12345678901`, status: 'sent', provider: 'log', sourceEventId: eventId });
    expect(sms.json().data[0].providerMessageId).toMatch(/^logsms_/);
  });

  it('order.shipped without a phone sends no SMS; in French the SMS is in French', async () => {
    const before = await count(sql`select count(*)::int as n from notifications.sms_message`);
    const o = order();
    await emit('order.shipped', { order: o, shipment: shipment() }, o.id);
    expect(await mailTo(o.email)).toHaveLength(1);
    expect(await count(sql`select count(*)::int as n from notifications.sms_message`)).toBe(before);
    const fr = order({ locale: 'fr', shippingAddress: { ...order().shippingAddress, phone: '+33612345678' } });
    await emit('order.shipped', { order: fr, shipment: shipment({ carrier: 'La Poste', trackingNumber: 'LP99' }) }, fr.id);
    const sms = await app.inject({ url: '/api/admin/sms?to=%2B33612345678', headers: auth(admin) });
    expect(sms.json().data.map((m: { body: string }) => m.body)).toEqual([`Votre commande ${fr.number} a été expédiée : La Poste LP99`]);
  });

  it('order.cancelled → a cancellation mail with the reason in words', async () => {
    const o = order();
    await emit('order.cancelled', { order: o, reason: 'payment_timeout' }, o.id);
    const [mail] = await mailTo(o.email);
    expect(mail).toMatchObject({ template: 'order_cancelled', subject: `Your order ${o.number} has been cancelled` });
    expect((await mailBody(mail!.id)).text).toContain(`Your order ${o.number} (£29.13) has been cancelled: we did not receive the payment in time.`);
    const custom = order();
    await emit('order.cancelled', { order: custom, reason: 'The lantern was damaged in our warehouse' }, custom.id);
    const [other] = await mailTo(custom.email);
    expect((await mailBody(other!.id)).text).toContain('has been cancelled: The lantern was damaged in our warehouse.');
  });

  it('escapes HTML in every interpolated value', async () => {
    const o = order({
      lines: [{ sku: 'HTML-1', title: '<b>x</b>', quantity: 1, unitPrice: 100, discount: 0, lineTotal: 100 }],
      shippingAddress: { ...order().shippingAddress, firstName: '<script>alert(1)</script>' },
    });
    await emit('order.placed', { order: o }, o.id);
    const [mail] = await mailTo(o.email);
    const { text, html } = await mailBody(mail!.id);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt; (HTML-1)');
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('<script>');
    expect(text).toContain('<b>x</b> (HTML-1)');
  });
});

describe('SMS hand-over', () => {
  /** The status of the SMS to `to` as another connection sees it, or 'waited' when that read had to wait (PGlite: a transaction is open). */
  async function seenFromOutside(to: string): Promise<string | undefined> {
    const read = rows<{ status: string }>(app.database.db, sql`select status from notifications.sms_message where "to" = ${to}`).then((r) => r[0]?.status);
    return Promise.race([read, new Promise<string>((resolve) => setTimeout(() => resolve('waited'), 300))]);
  }

  it('hands an SMS to the provider only once the event\'s transaction has committed, with no transaction open', async () => {
    const phone = '+447700900555';
    const seen: (string | undefined)[] = [];
    const original = LoggingSmsProvider.prototype.send;
    const spy = vi.spyOn(LoggingSmsProvider.prototype, 'send').mockImplementation(async function (this: LoggingSmsProvider, to: string, body: string) {
      seen.push(await seenFromOutside(to));
      return original.call(this, to, body);
    });
    try {
      const o = order({ shippingAddress: { ...order().shippingAddress, phone } });
      await emit('order.shipped', { order: o, shipment: shipment() }, o.id);
      await app.runJob('notifications.sms');
    } finally {
      spy.mockRestore();
    }
    // Committed (visible to another connection) and still queued when the provider got it.
    expect(seen).toEqual(['queued']);
    const [row] = await rows<{ status: string; provider_message_id: string | null; next_attempt_at: string | null }>(
      app.database.db,
      sql`select status, provider_message_id, next_attempt_at from notifications.sms_message where "to" = ${phone}`,
    );
    expect(row).toMatchObject({ status: 'sent', next_attempt_at: null });
    expect(row!.provider_message_id).toMatch(/^logsms_/);
  });

  it('sends a queued SMS left behind (a crash before the hand-over) in the next round, skips one leased by another sender, records a refusal as failed', async () => {
    await app.database.db.execute(sql`
      insert into notifications.sms_message (id, "to", body, status, provider, next_attempt_at) values
        ('sms_left_behind', '+447700900601', 'left behind', 'queued', 'log', now() - interval '1 hour'),
        ('sms_leased', '+447700900602', 'leased', 'queued', 'log', now() + interval '5 minutes'),
        ('sms_refused', '+447700900603', 'refused', 'queued', 'log', now() - interval '1 minute')`);
    const original = LoggingSmsProvider.prototype.send;
    const spy = vi.spyOn(LoggingSmsProvider.prototype, 'send').mockImplementation(async function (this: LoggingSmsProvider, to: string, body: string) {
      if (to === '+447700900603') throw new Error('21211: invalid number');
      return original.call(this, to, body);
    });
    const before = await smsByStatus();
    try {
      await app.runJob('notifications.sms');
    } finally {
      spy.mockRestore();
    }
    const found = await rows<{ id: string; status: string; error: string | null }>(
      app.database.db,
      sql`select id, status, error from notifications.sms_message where id in ('sms_left_behind', 'sms_leased', 'sms_refused') order by id`,
    );
    expect(found).toEqual([
      { id: 'sms_leased', status: 'queued', error: null },
      { id: 'sms_left_behind', status: 'sent', error: null },
      { id: 'sms_refused', status: 'failed', error: '21211: invalid number' },
    ]);
    // That run sent one and failed one; the leased SMS is still queued.
    const after = await smsByStatus();
    expect(after).toEqual({ ...before, queued: (before.queued ?? 0) - 2, sent: (before.sent ?? 0) + 1, failed: (before.failed ?? 0) + 1 });
    // A second run finds nothing due: nothing is sent or failed.
    await app.runJob('notifications.sms');
    expect(await smsByStatus()).toEqual(after);
    await app.database.db.execute(sql`delete from notifications.sms_message where id = 'sms_leased'`);
  });
});

describe('redelivery', () => {
  it('a redelivered event (outbox row pending again) produces no second mail, notification or SMS', async () => {
    const user = await register('redelivery@example.test');
    const o = order({ customerId: user.id, email: 'redelivery@example.test', shippingAddress: { ...order().shippingAddress, phone: '+447700900999' } });
    const placed = await emit('order.placed', { order: o }, o.id);
    const shipped = await emit('order.shipped', { order: o, shipment: shipment() }, o.id);
    const counts = async () => ({
      mail: await count(sql`select count(*)::int as n from notifications.mail_message where source_event_id in (${placed}, ${shipped})`),
      notifications: await count(sql`select count(*)::int as n from notifications.notification where user_id = ${user.id}`),
      sms: await count(sql`select count(*)::int as n from notifications.sms_message where source_event_id = ${shipped}`),
    });
    expect(await counts()).toEqual({ mail: 2, notifications: 2, sms: 1 });

    // Redelivery: the inbox row makes the handler skip the event.
    await app.database.db.execute(sql`update events.outbox set status = 'pending', next_attempt_at = now() where id in (${placed}, ${shipped})`);
    await app.relay.drain();
    expect(await counts()).toEqual({ mail: 2, notifications: 2, sms: 1 });

    // Even with the inbox rows gone (the handler runs again), the unique keys keep one of each.
    await app.database.db.execute(sql`delete from events.inbox where consumer = 'notifications' and event_id in (${placed}, ${shipped})`);
    await app.database.db.execute(sql`update events.outbox set status = 'pending', next_attempt_at = now() where id in (${placed}, ${shipped})`);
    await app.relay.drain();
    expect(await counts()).toEqual({ mail: 2, notifications: 2, sms: 1 });
    expect(await count(sql`select count(*)::int as n from events.inbox where consumer = 'notifications' and event_id in (${placed}, ${shipped})`)).toBe(2);
    expect(await count(sql`select count(*)::int as n from events.outbox where id in (${placed}, ${shipped}) and status = 'delivered'`)).toBe(2);
    expect(await mailTo('redelivery@example.test', '&template=order_confirmation')).toHaveLength(1);
  });

  it('orders placed together are delivered as one batch: one confirmation each, and a broken event costs the others nothing', async () => {
    const orders = [1, 2, 3, 4].map((n) => order({ email: `batch${n}@example.test` }));
    const [broken] = await app.database.transaction(async (tx) => {
      // @ts-expect-error a malformed payload, on purpose: publish refuses it at compile time only
      const ids = [await publish(tx, 'order.placed', { nothing: true })];
      for (const o of orders) ids.push(await publish(tx, 'order.placed', { order: o }, o.id));
      return ids;
    });
    await app.relay.drain();
    for (const o of orders) expect((await mailTo(o.email, '&template=order_confirmation')).map((m) => m.subject)).toEqual([expect.stringContaining(o.number)]);
    const [row] = await rows<{ status: string; attempts: number }>(app.database.db, sql`select status, attempts from events.outbox where id = ${broken}`);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    await app.database.db.execute(sql`update events.outbox set status = 'dead' where id = ${broken}`);
  });

  it('a payload without its order is retried, not half-handled', async () => {
    // @ts-expect-error a malformed payload, on purpose (one written by hand, or by an older version)
    const id = await emit('order.placed', { nothing: true });
    const [row] = await rows<{ status: string; attempts: number; last_error: string }>(app.database.db, sql`select status, attempts, last_error from events.outbox where id = ${id}`);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row!.last_error).toContain('the payload has no order');
    expect(await count(sql`select count(*)::int as n from notifications.mail_message where source_event_id = ${id}`)).toBe(0);
    await app.database.db.execute(sql`update events.outbox set status = 'dead' where id = ${id}`);
  });
});

describe('in-app notifications', () => {
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let numbers: string[];

  beforeAll(async () => {
    alice = await register('alice.inapp@example.test', 'Alice');
    bob = await register('bob.inapp@example.test', 'Bob');
    const o = order({ customerId: alice.id, email: 'alice.inapp@example.test' });
    await emit('order.placed', { order: o }, o.id);
    await emit('order.shipped', { order: o, shipment: shipment() }, o.id);
    const other = order({ customerId: alice.id, email: 'alice.inapp@example.test' });
    await emit('order.cancelled', { order: other, reason: 'customer_request' }, other.id);
    // A guest order (no customerId) notifies nobody in-app.
    await emit('order.placed', { order: order() });
    numbers = [o.number, other.number];
  });

  it('lists the signed-in user’s notifications, newest first, with the unread count', async () => {
    const res = await app.inject({ url: '/api/notifications', headers: auth(alice.token) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.unread).toBe(3);
    expect(body.pagination).toEqual({ total: 3, limit: 20, page: 1 });
    expect(body.data.map((n: { kind: string }) => n.kind)).toEqual(['order_cancelled', 'order_shipped', 'order_placed']);
    expect(body.data.map((n: { title: string }) => n.title)).toEqual([`Order ${numbers[1]} cancelled`, `Order ${numbers[0]} shipped`, `Order ${numbers[0]} received`]);
    expect(body.data[1].body).toBe('Your order is on its way with Colissimo (tracking 6A12345678901).');
    const page2 = await app.inject({ url: '/api/notifications?limit=2&page=2', headers: auth(alice.token) });
    expect(page2.json().data.map((n: { kind: string }) => n.kind)).toEqual(['order_placed']);
    expect(page2.json().pagination).toEqual({ total: 3, limit: 2, page: 2 });
    const empty = await app.inject({ url: '/api/notifications', headers: auth(bob.token) });
    expect(empty.json()).toEqual({ data: [], pagination: { total: 0, limit: 20, page: 1 }, unread: 0 });
  });

  it('marks one read (idempotently), own notifications only', async () => {
    const list = (await app.inject({ url: '/api/notifications', headers: auth(alice.token) })).json();
    const target = list.data[2].id as string;
    const read = await app.inject({ method: 'POST', url: `/api/notifications/${target}/read`, headers: auth(alice.token) });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: target, read: true });
    const readAt = read.json().readAt as string;
    expect(new Date(readAt).toISOString()).toBe(readAt);
    const again = await app.inject({ method: 'POST', url: `/api/notifications/${target}/read`, headers: auth(alice.token) });
    expect(again.json().readAt).toBe(readAt);
    expect((await app.inject({ url: '/api/notifications/unread-count', headers: auth(alice.token) })).json()).toEqual({ unread: 2 });

    const stolen = await app.inject({ method: 'POST', url: `/api/notifications/${list.data[0].id}/read`, headers: auth(bob.token) });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stolen.json().code).toBe('NOTIFICATIONS.NOT_FOUND');
    const unknown = await app.inject({ method: 'POST', url: '/api/notifications/ntf_nope/read', headers: auth(alice.token) });
    expect(unknown.json().code).toBe('NOTIFICATIONS.NOT_FOUND');
    expect((await app.inject({ url: '/api/notifications', headers: auth(alice.token) })).json().unread).toBe(2);
  });

  it('marks all read', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: auth(alice.token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: 2, unread: 0 });
    const list = (await app.inject({ url: '/api/notifications', headers: auth(alice.token) })).json();
    expect(list.unread).toBe(0);
    expect(list.data.every((n: { read: boolean }) => n.read)).toBe(true);
    const again = await app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: auth(alice.token) });
    expect(again.json()).toEqual({ updated: 0, unread: 0 });
  });

  it('needs a signed-in user', async () => {
    for (const [method, url] of [['GET', '/api/notifications'], ['GET', '/api/notifications/unread-count'], ['POST', '/api/notifications/read-all'], ['POST', '/api/notifications/ntf_x/read']] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('AUTH.UNAUTHENTICATED');
    }
  });
});

describe('back office: mail and SMS', () => {
  it('needs mail:read', async () => {
    for (const url of ['/api/admin/mail', '/api/admin/mail/mail_x', '/api/admin/sms']) {
      expect((await app.inject({ url })).statusCode, url).toBe(401);
      const res = await app.inject({ url, headers: auth(customer) });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('AUTH.FORBIDDEN');
    }
    const reader = await app.server.inject({ url: '/api/admin/mail', headers: auth(await signed(['mail:read'])) });
    expect(reader.statusCode, reader.body).toBe(200);
  });

  it('lists newest first with filters and pagination', async () => {
    const all = await app.inject({ url: '/api/admin/mail?limit=100', headers: auth(admin) });
    expect(all.statusCode).toBe(200);
    const data = all.json().data as (Mail & { createdAt: string })[];
    expect(all.json().pagination.total).toBe(data.length);
    expect(data.length).toBeGreaterThanOrEqual(10);
    const times = data.map((m) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const welcome = await app.inject({ url: '/api/admin/mail?template=welcome&limit=100', headers: auth(admin) });
    const welcomes = welcome.json().data as Mail[];
    expect(welcomes.length).toBe(data.filter((m) => m.template === 'welcome').length);
    expect(welcomes.length).toBeGreaterThanOrEqual(5);
    expect(welcomes.every((m) => m.template === 'welcome')).toBe(true);
    const page = await app.inject({ url: '/api/admin/mail?limit=2&page=2', headers: auth(admin) });
    expect(page.json().data.map((m: Mail) => m.id)).toEqual(data.slice(2, 4).map((m) => m.id));
    const stored = await app.inject({ url: '/api/admin/mail?status=stored&limit=1', headers: auth(admin) });
    expect(stored.json().pagination.total).toBe(data.length);
    const sent = await app.inject({ url: '/api/admin/mail?status=sent', headers: auth(admin) });
    expect(sent.json().pagination.total).toBe(0);
  });

  it('refuses bad filters with 400 and unknown ids with 404', async () => {
    const bad = await app.inject({ url: '/api/admin/mail?template=newsletter', headers: auth(admin) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION.FAILED');
    const missing = await app.inject({ url: '/api/admin/mail/mail_nope', headers: auth(admin) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOTIFICATIONS.MAIL_NOT_FOUND');
  });
});

/** A token carrying exactly `permissions` (signed with the test app's secret). */
function signed(permissions: string[]): Promise<string> {
  return new TokenService(app.config.jwtSecret as string, 600).sign({ id: 'usr_mail_reader', roles: ['manager'], permissions });
}
