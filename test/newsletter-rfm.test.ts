import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { guestOrder } from './support/checkout.js';

/**
 * Newsletter lists by RFM segment (issue 17, "RFM segment once analytics has it"): three signed-in
 * customers subscribe and confirm; two of them buy (one often and much, one once and little);
 * a list of each RFM segment holds exactly the subscribers whose account the analytics RFM
 * analysis puts in that segment, and never the customer who bought nothing.
 */
let app: TestApp;
let admin: Record<string, string>;
const customers = {
  big: { email: 'rfm-big@example.test', password: 'rfm-big-password-123' },
  small: { email: 'rfm-small@example.test', password: 'rfm-small-password-123' },
  none: { email: 'rfm-none@example.test', password: 'rfm-none-password-123' },
};
const ids: Record<string, string> = {};

async function ok(options: Parameters<TestApp['inject']>[0], status = 200) {
  const res = await app.inject(options);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

/** The token of the newsletter confirmation mail stored for `email` (through the back office's mail log). */
async function confirmToken(email: string): Promise<string> {
  await app.relay.drain();
  const [mail] = (await ok({ method: 'GET', url: `/api/admin/mail?to=${encodeURIComponent(email)}&template=newsletter_confirm`, headers: admin })).data as { id: string }[];
  expect(mail, `a confirmation mail to ${email}`).toBeDefined();
  const { text } = await ok({ method: 'GET', url: `/api/admin/mail/${mail!.id}`, headers: admin });
  return /\/newsletter\/confirm\?token=([\w.-]+)/.exec(text as string)![1]!;
}

beforeAll(async () => {
  app = await createTestApp();
  admin = { authorization: `Bearer ${await app.tokenFor(['admin'])}` };
  const cat = await ok({ method: 'POST', url: '/api/admin/categories', headers: admin, payload: { name: 'RFM candles' } }, 201);
  await ok({ method: 'POST', url: '/api/admin/products', headers: admin, payload: { title: 'RFM candle', status: 'active', categoryId: cat.id, variants: [{ sku: 'RFM-CANDLE', price: { amount: 2500, currency: 'GBP' } }] } }, 201);
  await ok({ method: 'POST', url: '/api/admin/inventory/movements', headers: admin, payload: { sku: 'RFM-CANDLE', quantity: 100, type: 'receipt', reason: 'delivery' } }, 201);
  for (const [key, who] of Object.entries(customers)) {
    ids[key] = (await app.createUser({ ...who, firstName: 'Rfm', lastName: key })).id;
    const token = (await ok({ method: 'POST', url: '/api/auth/login', payload: who })).accessToken as string;
    const auth = { authorization: `Bearer ${token}` };
    await ok({ method: 'PUT', url: '/api/account/newsletter', headers: auth, payload: { subscribed: true } });
    await ok({ method: 'POST', url: '/api/newsletters/confirm', payload: { token: await confirmToken(who.email) } });
    const orders = key === 'big' ? [4, 3, 5] : key === 'small' ? [1] : [];
    for (const quantity of orders) await guestOrder(app, { sku: 'RFM-CANDLE', email: who.email, quantity, headers: auth });
  }
  await app.relay.drain();
  await app.analytics.catchUpRollups();
});
afterAll(() => app?.close());

describe('newsletter lists by RFM segment', () => {
  it('hold the subscribers whose account is in the segment, as the RFM analysis scores them', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
    const rfm = await ok({ method: 'GET', url: `/api/admin/analytics/analyses/rfm?period=custom&from=${from}&to=${today}&limit=100`, headers: admin });
    const segmentOf = new Map((rfm.rows as { customer: string; segment: string }[]).map((r) => [r.customer, r.segment]));
    expect(segmentOf.has(ids.big!) && segmentOf.has(ids.small!)).toBe(true);
    expect(segmentOf.has(ids.none!)).toBe(false);
    for (const segment of new Set(segmentOf.values())) {
      const list = await ok({ method: 'POST', url: '/api/admin/newsletters/lists', headers: admin, payload: { name: `RFM ${segment}`, criteria: { rfmSegment: segment } } }, 201);
      const expected = [...segmentOf].filter(([customer, s]) => s === segment && Object.values(ids).includes(customer)).length;
      expect(list.subscribers, segment).toBe(expected);
    }
    // A segment nobody is in: an empty list; an unknown segment: 400.
    const empty = (['champions', 'lost', 'hibernating'] as const).find((s) => ![...segmentOf.values()].includes(s))!;
    expect((await ok({ method: 'POST', url: '/api/admin/newsletters/lists', headers: admin, payload: { name: 'Nobody', criteria: { rfmSegment: empty } } }, 201)).subscribers).toBe(0);
    expect((await app.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers: admin, payload: { name: 'Bad', criteria: { rfmSegment: 'whales' } } })).statusCode).toBe(400);
  });
});
