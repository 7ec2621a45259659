/**
 * The newsletter benchmark row: a campaign to `recipients` confirmed subscribers sent by the app
 * (in this process, PGlite or the PostgreSQL of `databaseUrl`) to a local SMTP server (the
 * `smtp-server` package, in this process too), `MAIL_RATE_PER_MINUTE` off. The figure is mails
 * accepted by the server per second, from the campaign's start to its last mail (goal ≥ 200/s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';

/** One measured campaign. */
export interface NewsletterRow {
  db: 'pglite' | 'postgres';
  recipients: number;
  seconds: number | null;
  perSecond: number | null;
  verdict: string;
  load: number;
}

/** Sends one campaign and measures it. */
export async function benchNewsletter(db: 'pglite' | 'postgres', databaseUrl: string | undefined, recipients = 5_000): Promise<NewsletterRow> {
  let accepted = 0;
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => { accepted += 1; callback(); });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-newsletter-bench-'));
  const config = {
    ...loadConfig({}), dataDir: dir, databaseUrl, logLevel: 'silent', demoData: false, writeRateLimitPerMinute: 0,
    jwtSecret: 'comptoir-bench-secret-not-for-production-use-0123456789', smtpUrl: `smtp://127.0.0.1:${port}`, mailRatePerMinute: 0,
    adminEmail: 'bench-admin@example.test', adminPassword: 'bench admin password 0123',
  };
  const app = await createApp({ config, logger: pino({ level: 'silent' }) });
  try {
    const login = await app.server.inject({ method: 'POST', url: '/api/auth/login', payload: { email: config.adminEmail, password: config.adminPassword } });
    const headers = { authorization: `Bearer ${login.json().accessToken as string}` };
    const csv = `email\n${Array.from({ length: recipients }, (_, i) => `bench${i}@example.test`).join('\n')}\n`;
    await app.server.inject({ method: 'POST', url: '/api/admin/newsletters/subscribers/import?consentSource=bench%20fixture', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
    const list = (await app.server.inject({ method: 'POST', url: '/api/admin/newsletters/lists', headers, payload: { name: `bench ${Date.now()}`, criteria: {} } })).json();
    const version = { subject: 'Bench', preheader: 'Bench', html: '<p>Bench mail</p>', text: 'Bench mail' };
    const campaign = (await app.server.inject({ method: 'POST', url: '/api/admin/newsletters/campaigns', headers, payload: { name: 'bench', listId: list.id, content: { en: version, fr: version } } })).json();
    await app.server.inject({ method: 'POST', url: `/api/admin/newsletters/campaigns/${campaign.id}/schedule`, headers, payload: {} });
    await app.jobs.run('newsletters.campaigns');
    const before = accepted;
    const started = Date.now();
    const deadline = started + 600_000;
    while (accepted - before < list.subscribers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (Date.now() - started) / 1000;
    const sent = accepted - before;
    const perSecond = sent / seconds;
    return { db, recipients: sent, seconds, perSecond, verdict: sent < list.subscribers ? `stopped after 10 min (${sent} sent)` : perSecond >= 200 ? 'meets the goal' : 'below the goal', load: loadavg()[0] ?? 0 };
  } finally {
    await app.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Markdown lines of the rows. */
export function newsletterLines(rows: NewsletterRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    '',
    'Newsletter: one campaign to N confirmed subscribers, sent in process to a local SMTP server (smtp-server), MAIL_RATE_PER_MINUTE off, nodemailer pool of 5 connections; mails accepted per second from start to last mail; load = 1-minute load average after the row (2 cores, shared).',
    '',
    '| scenario | db | mails | seconds | mails/s | goal | verdict | load |',
    '|---|---|--:|--:|--:|---|---|--:|',
    ...rows.map((r) => `| campaign send | ${r.db} | ${r.recipients} | ${r.seconds?.toFixed(1) ?? '—'} | ${r.perSecond?.toFixed(0) ?? '—'} | ≥ 200/s | ${r.verdict} | ${r.load.toFixed(1)} |`),
  ];
}
