/**
 * Newsletters over HTTP: double opt-in with its consent proof (the confirmation mail is stored
 * without SMTP and read back), guests' signed links, the account setting, CSV import/export,
 * segments from purchases, campaigns sent to a real SMTP server (smtp-server) with RFC 8058
 * headers, one-click unsubscribe, the rate limit, and the signed bounce/complaint webhook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.js';
import { rows } from '../../platform/db/index.js';
import { signPayload } from '../../platform/http/signature.js';

const WEBHOOK_SECRET = 'whsec_newsletters_test_0123456789';
let app: TestApp;
let smtp: TestSmtp;
let admin: string;

const auth = () => ({ authorization: `Bearer ${admin}` });

/** The double opt-in link of the last confirmation mail stored for `email`. */
async function confirmToken(email: string): Promise<string> {
  await app.relay.drain();
  const [mail] = await rows<{ text: string; subject: string }>(app.database.db,
    sql`select text, subject from notifications.mail_message where template = 'newsletter_confirm' and lower("to") = ${email.toLowerCase()} order by created_at desc, id desc limit 1`);
  expect(mail, `a confirmation mail to ${email}`).toBeDefined();
  const token = /\/newsletter\/confirm\?token=([\w.-]+)/.exec(mail!.text)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

async function subscribeAndConfirm(email: string, body: Record<string, unknown> = {}): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/api/newsletters/subscribe', payload: { email, ...body } });
  expect(res.statusCode).toBe(202);
  const confirmed = await app.inject({ method: 'POST', url: '/api/newsletters/confirm', payload: { token: await confirmToken(email) } });
  expect(confirmed.statusCode).toBe(200);
}

const content = {
  en: { subject: 'Spring news', preheader: 'New candles are in', html: '<h1>Spring</h1><p>See <a href="https://shop.example.test/new">what is new</a>.</p>', text: 'Spring is here. See what is new.' },
  fr: { subject: 'Nouveautés du printemps', preheader: 'Les bougies sont arrivées', html: '<h1>Printemps</h1><p>Voir les nouveautés.</p>', text: 'Le printemps est là.' },
};

/** `text` with quoted-printable soft breaks and escapes undone. */
const quotedPrintable = (text: string): string => text.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Waits until campaign `id` is `sent` (the send job re-triggers itself while work is left). */
async function waitSent(id: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await app.runJob('newsletters.campaigns');
    await app.relay.drain();
    await app.runJob('newsletters.send');
    const c = (await app.inject({ url: `/api/admin/newsletters/campaigns/${id}`, headers: auth() })).json();
    if (c.status === 'sent' || Date.now() > end) return c;
  }
}

beforeAll(async () => {
  smtp = await startSmtp();
  app = await createTestApp({ smtpUrl: smtp.url, mailFrom: 'Le Comptoir <boutique@example.test>', newsletterWebhookSecret: WEBHOOK_SECRET, mailRatePerMinute: 0, publicUrl: 'https://shop.example.test' });
  admin = await app.tokenFor(['admin']);
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe('subscription with double opt-in', () => {
  it('stays pending until the mailed link is used; the consent record keeps time, IP, site, language and the exact text shown', async () => {
    const consentText = 'Yes, send me the Comptoir newsletter (about twice a month). I can unsubscribe at any time.';
    const res = await app.inject({ method: 'POST', url: '/api/newsletters/subscribe', headers: { 'user-agent': 'TestBrowser/1.0' }, payload: { email: 'Ada@Example.test', locale: 'fr', country: 'fr', consentText } });
    expect(res.statusCode).toBe(202);
    let list = (await app.inject({ url: '/api/admin/newsletters/subscribers?q=ada@', headers: auth() })).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ email: 'Ada@Example.test', status: 'pending', locale: 'fr', country: 'FR', site: 'default' });
    // The confirmation mail (SMTP configured here: queued and sent through the SMTP server).
    const token = await confirmToken('ada@example.test');
    const mailed = () => smtp.received.filter((m) => m.to.some((to) => to.toLowerCase() === 'ada@example.test'));
    for (let i = 0; i < 100 && mailed().length === 0; i++) {
      await app.runJob('notifications.mail');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(mailed()).toHaveLength(1);
    expect(mailed()[0]!.headers.subject).toMatch(/Confirmez/);

    expect((await app.inject({ method: 'POST', url: '/api/newsletters/confirm', payload: { token: token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) } })).json().code).toBe('NEWSLETTERS.BAD_TOKEN');
    const confirmed = await app.inject({ method: 'POST', url: '/api/newsletters/confirm', payload: { token } });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ email: 'Ada@Example.test', site: 'default', locale: 'fr', status: 'confirmed' });

    list = (await app.inject({ url: '/api/admin/newsletters/subscribers?q=ada@&status=confirmed', headers: auth() })).json();
    const detail = (await app.inject({ url: `/api/admin/newsletters/subscribers/${list.data[0].id}`, headers: auth() })).json();
    expect(detail.consents).toHaveLength(2);
    expect(detail.consents[0]).toMatchObject({ action: 'subscribe', ip: '127.0.0.1', userAgent: 'TestBrowser/1.0', site: 'default', locale: 'fr', consentText, source: 'form' });
    expect(Date.parse(detail.consents[0].at)).toBeGreaterThan(Date.now() - 60_000);
    expect(detail.consents[1]).toMatchObject({ action: 'confirm', ip: '127.0.0.1', source: 'double_opt_in' });

    // Subscribing again once confirmed answers the same and mails nothing.
    const before = smtp.received.length;
    expect((await app.inject({ method: 'POST', url: '/api/newsletters/subscribe', payload: { email: 'ada@example.test' } })).statusCode).toBe(202);
    await app.relay.drain();
    await app.runJob('notifications.mail');
    expect(smtp.received.length).toBe(before);
  });

  it('refuses an address that is not one', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/newsletters/subscribe', payload: { email: 'not an address' } });
    expect(res.statusCode).toBe(400);
  });

  it('lets a signed-in customer subscribe (double opt-in to the account address) and unsubscribe from the account page', async () => {
    const user = await app.createUser({ email: 'grace@example.test', password: 'correct horse battery' });
    const token = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'grace@example.test', password: 'correct horse battery' } })).json().accessToken as string;
    const headers = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/account/newsletter', headers })).json()).toEqual({ subscription: null });
    expect((await app.inject({ url: '/api/account/newsletter' })).statusCode).toBe(401);
    const put = await app.inject({ method: 'PUT', url: '/api/account/newsletter', headers, payload: { subscribed: true, locale: 'en' } });
    expect(put.json().subscription).toMatchObject({ email: 'grace@example.test', status: 'pending', customerId: user.id, source: 'account' });
    await app.inject({ method: 'POST', url: '/api/newsletters/confirm', payload: { token: await confirmToken('grace@example.test') } });
    expect((await app.inject({ url: '/api/account/newsletter', headers })).json().subscription.status).toBe('confirmed');
    const off = await app.inject({ method: 'PUT', url: '/api/account/newsletter', headers, payload: { subscribed: false } });
    expect(off.json().subscription.status).toBe('unsubscribed');
  });
});

describe('import and export', () => {
  it('imports subscribers with the source of their consent, skipping bad rows, and exports them as CSV', async () => {
    const csv = 'email,locale,country\nlin@example.test,fr,FR\nnot-an-email,en,GB\nmo@example.test,en,gb\nlin@example.test,fr,FR\n';
    const res = await app.inject({ method: 'POST', url: '/api/admin/newsletters/subscribers/import?consentSource=Paper%20form%2C%20Lyon%20shop%202024', headers: { ...auth(), 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ imported: 2, updated: 0, skipped: [{ line: 3, reason: 'invalid e-mail' }, { line: 5, reason: 'duplicate in file' }] });
    const noEmail = await app.inject({ method: 'POST', url: '/api/admin/newsletters/subscribers/import?consentSource=x%20y%20z', headers: { ...auth(), 'content-type': 'text/csv' }, payload: 'name\nbob\n' });
    expect(noEmail.json().code).toBe('NEWSLETTERS.CSV_INVALID');
    const exported = await app.inject({ url: '/api/admin/newsletters/subscribers/export?q=lin@', headers: auth() });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    const lines = exported.body.replace(/^\ufeff/, '').trim().split(/\r\n/);
    expect(lines[0]).toMatch(/^email,site,locale,country,status/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^lin@example\.test,default,fr,FR,confirmed,import,.*Paper form, Lyon shop 2024/);
    expect((await app.inject({ url: '/api/admin/newsletters/subscribers', headers: { authorization: `Bearer ${await app.tokenFor(['customer'])}` } })).statusCode).toBe(403);
  });
});

describe('campaigns', () => {
  it('sends each subscriber of a list one mail in their language, with List-Unsubscribe (mailto + HTTPS) and one-click POST; one click unsubscribes without a page', async () => {
    for (const [email, locale] of [['c1@example.test', 'en'], ['c2@example.test', 'fr'], ['c3@example.test', 'en']] as const) await subscribeAndConfirm(email, { locale, country: 'GB' });
    await subscribeAndConfirm('de@example.test', { country: 'DE' });
    const list = await app.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(), payload: { name: 'UK', criteria: { country: 'GB' } } });
    expect(list.statusCode).toBe(201);
    // mo@ was imported with country gb.
    expect(list.json().subscribers).toBe(4);
    const created = await app.inject({ method: 'POST', url: '/api/admin/newsletters/campaigns', headers: auth(), payload: { name: 'Spring', listId: list.json().id, content } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;

    const preview = (await app.inject({ url: `/api/admin/newsletters/campaigns/${id}/preview?locale=fr`, headers: auth() })).json();
    expect(preview.subject).toBe('Nouveautés du printemps');
    expect(preview.html).toContain('Se désinscrire');
    expect(preview.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    const test = await app.inject({ method: 'POST', url: `/api/admin/newsletters/campaigns/${id}/test`, headers: auth(), payload: { email: 'editor@example.test' } });
    expect(test.statusCode).toBe(202);
    expect(smtp.received.filter((m) => m.to.includes('editor@example.test'))[0]!.headers.subject).toBe('[TEST] Spring news');

    const before = smtp.received.length;
    const scheduled = await app.inject({ method: 'POST', url: `/api/admin/newsletters/campaigns/${id}/schedule`, headers: auth(), payload: {} });
    expect(scheduled.json().status).toBe('scheduled');
    const done = await waitSent(id);
    expect(done).toMatchObject({ status: 'sent', stats: { sent: 4, pending: 0, sending: 0, failed: 0 } });
    const campaignMails = smtp.received.slice(before).filter((m) => m.headers['x-comptoir-campaign'] === id);
    expect(campaignMails).toHaveLength(4);
    for (const to of ['c1@example.test', 'c2@example.test', 'c3@example.test', 'mo@example.test']) expect(campaignMails.filter((m) => m.to.includes(to))).toHaveLength(1);
    const fr = campaignMails.find((m) => m.to.includes('c2@example.test'))!;
    expect(fr.headers.subject).toMatch(/Nouveaut/);
    const en = campaignMails.find((m) => m.to.includes('c1@example.test'))!;
    expect(en.headers.subject).toBe('Spring news');
    expect(en.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const lu = en.headers['list-unsubscribe']!;
    expect(lu).toMatch(/^<mailto:boutique\+unsubscribe@example\.test\?subject=unsubscribe%20nsub_[\w.-]+>, <https:\/\/shop\.example\.test\/api\/newsletters\/unsubscribe\?token=nsub_[\w.-]+&c=camp_\w+>$/);
    expect(quotedPrintable(en.data)).toMatch(/Unsubscribe: https:\/\/shop\.example\.test\/newsletter\/unsubscribe\?token=/);

    // The mail client's one-click POST (RFC 8058): a form body, no cookie, no page.
    const url = new URL(/<(https:[^>]+)>/.exec(lu)![1]!);
    const click = await app.inject({ method: 'POST', url: `${url.pathname}${url.search}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(click.statusCode).toBe(200);
    expect(click.json()).toEqual({ status: 'unsubscribed' });
    const token = url.searchParams.get('token')!;
    expect((await app.inject({ url: `/api/newsletters/subscription?token=${token}` })).json()).toMatchObject({ email: 'c1@example.test', status: 'unsubscribed' });
    const detail = (await app.inject({ url: '/api/admin/newsletters/subscribers?q=c1@', headers: auth() })).json().data[0];
    const consents = (await app.inject({ url: `/api/admin/newsletters/subscribers/${detail.id}`, headers: auth() })).json().consents;
    expect(consents.at(-1)).toMatchObject({ action: 'unsubscribe', source: 'one_click' });

    // Per-recipient status.
    const recipients = (await app.inject({ url: `/api/admin/newsletters/campaigns/${id}/recipients?status=sent`, headers: auth() })).json();
    expect(recipients.pagination.total).toBe(4);
    // The unsubscribed one is left out of the next campaign to the list.
    expect((await app.inject({ url: `/api/admin/newsletters/lists/${list.json().id}`, headers: auth() })).json().subscribers).toBe(3);
    // A sent campaign cannot be scheduled again.
    expect((await app.inject({ method: 'POST', url: `/api/admin/newsletters/campaigns/${id}/schedule`, headers: auth(), payload: {} })).statusCode).toBe(409);
  });

  it('segments by purchases through the orders contract: bought a SKU, never ordered', async () => {
    const buyer = await app.createUser({ email: 'buyer@example.test', password: 'correct horse battery' });
    await app.database.transaction((tx) => app.orders.importHistory(tx, 'test', {
      orders: [{ externalRef: 'X1', customerId: buyer.id, country: 'GB', placedAt: '2024-01-02T10:00:00Z', currency: 'GBP', lines: [{ sku: 'CANDLE-1', title: 'Candle', quantity: 1, unitPrice: 500 }], fees: [] }],
      returns: [],
    }));
    const login = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'buyer@example.test', password: 'correct horse battery' } })).json().accessToken as string;
    await app.inject({ method: 'PUT', url: '/api/account/newsletter', headers: { authorization: `Bearer ${login}` }, payload: { subscribed: true } });
    await app.inject({ method: 'POST', url: '/api/newsletters/confirm', payload: { token: await confirmToken('buyer@example.test') } });
    const bought = await app.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(), payload: { name: 'Candle buyers', criteria: { skus: ['CANDLE-1'] } } });
    expect(bought.json().subscribers).toBe(1);
    const never = await app.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(), payload: { name: 'Never ordered', criteria: { neverOrdered: true } } });
    const all = await app.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(), payload: { name: 'All', criteria: {} } });
    expect(never.json().subscribers).toBe(all.json().subscribers - 1);
    const fr = await app.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(), payload: { name: 'FR', criteria: { locale: 'fr', site: 'default' } } });
    expect(fr.json().subscribers).toBeGreaterThanOrEqual(2);
  });

  it('paces sending at MAIL_RATE_PER_MINUTE', async () => {
    const paced = await createTestApp({ smtpUrl: smtp.url, mailRatePerMinute: 600 });
    try {
      const token = await paced.tokenFor(['admin']);
      const headers = { authorization: `Bearer ${token}` };
      const csv = `email\n${Array.from({ length: 8 }, (_, i) => `paced${i}@example.test`).join('\n')}\n`;
      await paced.inject({ method: 'POST', url: '/api/admin/newsletters/subscribers/import?consentSource=test%20fixture', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
      const list = (await paced.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers, payload: { name: 'all', criteria: {} } })).json();
      const c = (await paced.inject({ method: 'POST', url: '/api/admin/newsletters/campaigns', headers, payload: { name: 'paced', listId: list.id, content } })).json();
      await paced.inject({ method: 'POST', url: `/api/admin/newsletters/campaigns/${c.id}/schedule`, headers, payload: {} });
      await paced.runJob('newsletters.campaigns');
      const started = Date.now();
      let status = '';
      while (status !== 'sent' && Date.now() - started < 20_000) {
        await paced.runJob('newsletters.send');
        status = (await paced.inject({ url: `/api/admin/newsletters/campaigns/${c.id}`, headers })).json().status;
      }
      expect(status).toBe('sent');
      // 600 a minute: one every 100 ms, so 8 mails take at least 0.7 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(650);
      expect(smtp.received.filter((m) => m.headers['x-comptoir-campaign'] === c.id)).toHaveLength(8);
    } finally {
      await paced.close();
    }
  });
});

describe('bounces and complaints webhook (signed)', () => {
  const send = (body: object, secret = WEBHOOK_SECRET) => {
    const raw = JSON.stringify(body);
    return app.inject({ method: 'POST', url: '/api/newsletters/webhooks/mail-events', headers: { 'content-type': 'application/json', 'comptoir-signature': signPayload(secret, raw, Math.floor(Date.now() / 1000)) }, payload: raw });
  };

  it('refuses a bad signature', async () => {
    const res = await send({ type: 'complaint', email: 'c3@example.test' }, 'wrong-secret');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('NEWSLETTERS.BAD_SIGNATURE');
  });

  it('suppresses on a hard bounce or a complaint, counts soft bounces (suppressed at 3), and leaves suppressed addresses out of lists', async () => {
    const all = (await app.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers: auth(), payload: { name: 'Everyone', criteria: {} } })).json();
    expect((await send({ type: 'bounce', bounce: 'hard', email: 'C3@example.test', detail: '550 5.1.1 user unknown' })).json()).toEqual({ suppressed: true, softBounces: null });
    expect((await send({ type: 'complaint', email: 'mo@example.test' })).json().suppressed).toBe(true);
    expect((await send({ type: 'bounce', bounce: 'soft', email: 'c2@example.test' })).json()).toEqual({ suppressed: false, softBounces: 1 });
    await send({ type: 'bounce', bounce: 'soft', email: 'c2@example.test' });
    expect((await send({ type: 'bounce', bounce: 'soft', email: 'c2@example.test' })).json()).toEqual({ suppressed: true, softBounces: 3 });
    const after = (await app.inject({ url: `/api/admin/newsletters/lists/${all.id}`, headers: auth() })).json();
    expect(after.subscribers).toBe(all.subscribers - 3);
    const c3 = (await app.inject({ url: '/api/admin/newsletters/subscribers?q=c3@', headers: auth() })).json().data[0];
    expect(c3.suppressed).toBe('hard_bounce');
    // A suppressed address gets no confirmation mail again.
    await app.relay.drain();
    const [{ n: before }] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from notifications.mail_message where template = 'newsletter_confirm'`) as [{ n: number }];
    await app.inject({ method: 'POST', url: '/api/newsletters/subscribe', payload: { email: 'c3@example.test' } });
    await app.relay.drain();
    const [{ n }] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from notifications.mail_message where template = 'newsletter_confirm'`) as [{ n: number }];
    expect(n).toBe(before);
  });
});
