/**
 * A 5,000-recipient campaign whose sending process stops in the middle and another one takes
 * over: a real SMTP server (smtp-server) counts what it receives, and every recipient gets
 * exactly one mail, each with its List-Unsubscribe headers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { createApp, type App } from '../../app.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.js';
import { rows } from '../../platform/db/index.js';

const RECIPIENTS = 5_000;
let base: TestApp;
let smtp: TestSmtp;

/** A sending process on the test database: the same app with SMTP configured (its jobs run by themselves). */
function sendingProcess(): Promise<App> {
  return createApp({ config: { ...base.config, smtpUrl: smtp.url, mailRatePerMinute: 0 }, database: base.database, logger: pino({ level: 'silent' }) });
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  smtp = await startSmtp();
  // The base app has no SMTP: it administers, it never sends.
  base = await createTestApp({ mailFrom: 'Le Comptoir <boutique@example.test>' });
});
afterAll(async () => {
  await base?.close();
  await smtp?.close();
});

it('sends each of 5,000 recipients exactly one mail across a restart in the middle of the campaign', { timeout: 300_000 }, async () => {
  const headers = { authorization: `Bearer ${await base.tokenFor(['admin'])}` };
  const t0 = Date.now();
  const csv = `email,locale\n${Array.from({ length: RECIPIENTS }, (_, i) => `r${i}@example.test,${i % 3 === 0 ? 'fr' : 'en'}`).join('\n')}\n`;
  const imported = await base.inject({ method: 'POST', url: '/api/admin/newsletters/subscribers/import?consentSource=restart%20fixture', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
  expect(imported.json().imported).toBe(RECIPIENTS);
  console.warn(`restart test: import of ${RECIPIENTS} rows took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const list = (await base.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers, payload: { name: 'everyone', criteria: {} } })).json();
  expect(list.subscribers).toBe(RECIPIENTS);
  const version = { subject: 'Big news', preheader: '', html: '<p>Hello</p>', text: 'Hello' };
  const campaign = (await base.inject({ method: 'POST', url: '/api/admin/newsletters/campaigns', headers, payload: { name: 'big', listId: list.id, content: { en: version, fr: { ...version, subject: 'Grande nouvelle' } } } })).json();
  await base.inject({ method: 'POST', url: `/api/admin/newsletters/campaigns/${campaign.id}/schedule`, headers, payload: {} });
  await base.runJob('newsletters.campaigns');
  expect((await base.inject({ url: `/api/admin/newsletters/campaigns/${campaign.id}`, headers })).json()).toMatchObject({ status: 'sending', stats: { pending: RECIPIENTS } });

  const mine = () => smtp.received.filter((m) => m.headers['x-comptoir-campaign'] === campaign.id);
  const first = await sendingProcess();
  const started = Date.now();
  await until(() => mine().length >= 1_500, 120_000);
  await first.close();
  const atStop = mine().length;
  const [afterStop] = await rows<{ sent: number; sending: number }>(base.database.db, sql`select count(*) filter (where status = 'sent')::int as sent,
    count(*) filter (where status = 'sending')::int as sending from newsletters.recipient where campaign_id = ${campaign.id}`);
  // Stopped in the middle; what went out is recorded, nothing is left claimed.
  expect(atStop).toBeLessThan(RECIPIENTS);
  expect(afterStop).toEqual({ sent: atStop, sending: 0 });

  const second = await sendingProcess();
  try {
    await until(async () => (await base.inject({ url: `/api/admin/newsletters/campaigns/${campaign.id}`, headers })).json().status === 'sent', 180_000);
  } finally {
    await second.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const mails = mine();
  expect(mails).toHaveLength(RECIPIENTS);
  const perRecipient = new Map<string, number>();
  for (const m of mails) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  expect(perRecipient.size).toBe(RECIPIENTS);
  expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
  expect(mails.every((m) => /^<mailto:[^>]+>, <https?:[^>]+\/api\/newsletters\/unsubscribe\?token=[^>]+>$/.test(m.headers['list-unsubscribe'] ?? '') && m.headers['list-unsubscribe-post'] === 'List-Unsubscribe=One-Click')).toBe(true);
  expect(mails.find((m) => m.to[0] === 'r3@example.test')!.headers.subject).toBe('Grande nouvelle');
  const c = (await base.inject({ url: `/api/admin/newsletters/campaigns/${campaign.id}`, headers })).json();
  expect(c.stats).toMatchObject({ sent: RECIPIENTS, pending: 0, sending: 0, failed: 0 });
  console.warn(`restart test: ${RECIPIENTS} mails in ${seconds.toFixed(1)} s (${(RECIPIENTS / seconds).toFixed(0)}/s incl. restart), ${atStop} before the stop`);
});
