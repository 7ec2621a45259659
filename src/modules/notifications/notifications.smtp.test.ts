/**
 * The SMTP path: with `SMTP_URL` set, mail is queued in the event's transaction and sent by the
 * background sender through nodemailer, here to a tiny SMTP server running in the test.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestApp, onPostgres, type TestApp } from '../../../test/support/app.js';
import { TokenService } from '../../platform/auth.js';
import { rows } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import type { OrderSnapshot } from '../orders/index.js';
import { MAIL_CHANNEL, MailSender } from './mail.sender.js';

/** One message the fake server accepted. */
interface Received {
  from: string;
  to: string[];
  data: string;
}

/**
 * A minimal SMTP server (RFC 5321 subset, no TLS, no auth): accepts every message except for
 * recipients whose address contains `reject` (550, permanent).
 */
function fakeSmtp(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let current: Received = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake.smtp.test ESMTP ready');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(current);
            reply(`250 2.0.0 Ok: queued as FAKE${received.length}`);
            current = { from: '', to: [], data: '' };
          } else current.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-fake.smtp.test\r\n250-8BITMIME\r\n250 SMTPUTF8');
        else if (verb === 'HELO') reply('250 fake.smtp.test');
        else if (verb === 'MAIL') {
          current.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 2.1.0 Ok');
        } else if (verb === 'RCPT') {
          const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (to.includes('reject')) reply('550 5.1.1 <' + to + '>: Recipient address rejected: User unknown');
          else {
            current.to.push(to);
            reply('250 2.1.5 Ok');
          }
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') {
          current = { from: '', to: [], data: '' };
          reply('250 2.0.0 Ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 Ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye');
          socket.end();
        } else reply('502 5.5.2 Command not recognized');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, received })));
}

let app: TestApp;
let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

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
  smtp = await fakeSmtp();
  app = await createTestApp({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Le Comptoir <boutique@example.test>' });
});
afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => smtp?.server.close(resolve));
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
});

/** A token that may read the mail list (signed with the test app's secret; no user is created, so no welcome mail is queued). */
function mailReader(): Promise<string> {
  return new TokenService(app.config.jwtSecret as string, 600).sign({ id: 'usr_mail_reader', roles: ['support'], permissions: ['mail:read'] });
}
