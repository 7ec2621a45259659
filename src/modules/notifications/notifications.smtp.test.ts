/**
 * The SMTP path: with `SMTP_URL` set, mail is queued in the event's transaction and sent by the
 * background sender through nodemailer, here to a real SMTP server (`smtp-server`) started in the test.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestApp, onPostgres, type TestApp } from '../../../test/support/app.js';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.js';
import { TokenService } from '../../platform/auth.js';
import { rows } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import type { OrderSnapshot } from '../orders/index.js';
import { MAIL_CHANNEL, MailSender } from './mail.sender.js';

let app: TestApp;
let smtp: TestSmtp;

function order(number: string, email: string): OrderSnapshot {
  return {
    id: `ord_${number}`, number, customerId: null, email, locale: 'en', status: 'pending', currency: 'EUR',
    lines: [{ sku: 'BAG-1', title: 'Jumbo Bag Red Retrospot', quantity: 3, unitPrice: 195, discount: 0, lineTotal: 585 }],
    subtotal: 585, discount: 0, shipping: 0, tax: 98, total: 585, promotionCode: null,
    shippingAddress: { firstName: 'Grace', lastName: 'Hopper', line1: '1 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
    shippingMethod: { id: 'pickup', name: 'Click & collect' }, placedAt: '2024-05-01T09:00:00.000Z',
  };
}

async function mailRow(eventId: string) {
  const [row] = await rows<{ id: string; status: string; provider_message_id: string | null; error: string | null; sent_at: Date | null; attempts: number }>(
    app.database.db,
    sql`select id, status, provider_message_id, error, sent_at, attempts from notifications.mail_message where source_event_id = ${eventId}`,
  );
  return row;
}

beforeAll(async () => {
  smtp = await startSmtp();
  app = await createTestApp({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Le Comptoir <boutique@example.test>' });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe('with SMTP_URL', () => {
  it('queues the mail in the event’s transaction and sends it once through SMTP, from MAIL_FROM', async () => {
    const eventId = await app.database.transaction((tx) => publish(tx, 'order.placed', { order: order('CPT-7', 'grace@example.test') }));
    await app.relay.drain();
    await app.runJob('notifications.mail');
    const row = await mailRow(eventId);
    expect(row).toMatchObject({ status: 'sent', error: null });
    expect(row!.provider_message_id).toBeTruthy();
    expect(row!.sent_at).not.toBeNull();
    const mine = smtp.received.filter((m) => m.to.includes('grace@example.test'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.from).toBe('boutique@example.test');
    expect(mine[0]!.data).toMatch(/^Subject: Your order CPT-7 is confirmed$/m);
    expect(mine[0]!.data).toMatch(/^From: Le Comptoir <boutique@example\.test>$/m);
    expect(mine[0]!.data).toMatch(new RegExp(`^X-Comptoir-Mail-Id: ${row!.id}$`, 'im'));
    expect(mine[0]!.data).toContain('multipart/alternative');
    // Sending again finds nothing due: the message is not sent twice.
    await app.runJob('notifications.mail');
    expect(smtp.received.filter((m) => m.to.includes('grace@example.test'))).toHaveLength(1);
    const headers = { authorization: `Bearer ${await mailReader()}` };
    const listed = await app.inject({ url: '/api/admin/mail?to=grace@example.test', headers });
    expect(listed.json().data[0]).toMatchObject({ status: 'sent', template: 'order_confirmation' });
    // Still one mail sent and none failed in all.
    expect((await app.inject({ url: '/api/admin/mail?status=sent', headers })).json().pagination.total).toBe(1);
    expect((await app.inject({ url: '/api/admin/mail?status=failed', headers })).json().pagination.total).toBe(0);
  });

  it('wakes this process\'s sender once the handler\'s transaction has committed, with no NOTIFY (which serialises commits): the mail goes out without the test running the job', async () => {
    // On PostgreSQL, a listener of the mail channel on its own connection, as another process would be.
    const listener = onPostgres ? new pg.Client({ connectionString: app.config.databaseUrl }) : undefined;
    const heard: string[] = [];
    if (listener) {
      await listener.connect();
      listener.on('notification', (n) => heard.push(n.channel));
      await listener.query(`LISTEN ${MAIL_CHANNEL}`);
    }
    const wake = vi.spyOn(MailSender.prototype, 'wake');
    try {
      const eventId = await app.database.transaction((tx) => publish(tx, 'order.placed', { order: order('CPT-9', 'woken@example.test') }));
      await app.relay.drain();
      expect(wake).toHaveBeenCalled();
      let row = await mailRow(eventId);
      for (let i = 0; i < 100 && row?.status !== 'sent'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        row = await mailRow(eventId);
      }
      expect(row?.status, 'sent by the woken sender within 5 s (its safety poll is 60 s)').toBe('sent');
      expect(smtp.received.filter((m) => m.to.includes('woken@example.test'))).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual([]);
    } finally {
      wake.mockRestore();
      await listener?.end();
    }
  });

  it('marks a message refused by the server (5xx) failed, with the error, without retrying', async () => {
    const eventId = await app.database.transaction((tx) => publish(tx, 'user.registered', { user: { id: 'usr_reject', email: 'reject-me@example.test', firstName: null, lastName: null, locale: 'en' } }));
    await app.relay.drain();
    await app.runJob('notifications.mail');
    const row = await mailRow(eventId);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.error).toMatch(/550/);
    expect(row!.sent_at).toBeNull();
    expect(smtp.received.some((m) => m.to.includes('reject-me@example.test'))).toBe(false);
  });

  it('sends the mail of another site\'s order from that site\'s address, under its name', async () => {
    const admin = { authorization: `Bearer ${await app.tokenFor(['admin'])}` };
    const site = await app.inject({ method: 'POST', url: '/api/admin/sites', headers: admin, payload: { code: 'be', name: 'Comptoir "Belgique"', currency: 'EUR', contactEmail: 'bonjour@be.example.test', hosts: ['be.example.test'] } });
    expect(site.statusCode, site.body).toBe(201);
    const eventId = await app.database.transaction((tx) => publish(tx, 'order.placed', { order: { ...order('CPT-8', 'jean@example.test'), site: 'be' } }));
    await app.relay.drain();
    await app.runJob('notifications.mail');
    expect(await mailRow(eventId)).toMatchObject({ status: 'sent' });
    const mine = smtp.received.filter((m) => m.to.includes('jean@example.test'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.from).toBe('bonjour@be.example.test');
    expect(mine[0]!.data).toMatch(/^From: "Comptoir \\"Belgique\\"" <bonjour@be\.example\.test>$/m);
    // The stored header does not travel as a second From.
    expect(mine[0]!.data.match(/^From:/gm)).toHaveLength(1);
  });
});

/** A token that may read the mail list (signed with the test app's secret; no user is created, so no welcome mail is queued). */
function mailReader(): Promise<string> {
  return new TokenService(app.config.jwtSecret as string, 600).sign({ id: 'usr_mail_reader', roles: ['support'], permissions: ['mail:read'] });
}
