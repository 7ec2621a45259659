/**
 * Events over RabbitMQ (services mode, `AMQP_URL`), against the real broker at
 * amqp://guest:guest@127.0.0.1:5672 (override with `TEST_AMQP_URL`). Each run uses its own
 * exchange and queue names (`AMQP_PREFIX`) and deletes them at the end. The app reaches the
 * broker through a TCP relay this test controls, so an outage is a closed port (no other user
 * of the broker is disturbed):
 * - the relay publishes with confirms and marks events delivered; a consumer handles each once;
 * - while the broker is unreachable, events wait in the outbox (`/metrics` shows the backlog),
 *   and after reconnection each is delivered exactly once;
 * - a consumer process killed (-9) in the middle of a batch: its messages are redelivered to the
 *   next one, one effect each;
 * - a poison message ends in the dead-letter list of the admin API; a retry delivers it.
 */
import './support/test-events.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, metricsAuth, onPostgres, type TestApp } from './support/app.js';
import { freshPostgresDatabase } from './support/databases.js';
import { publish, publishMany } from '../src/platform/events/index.js';
import { rows } from '../src/platform/db/index.js';
import { currentTraceparent, withTraceparent } from '../src/platform/trace.js';
import { sleep, until } from './support/wait.js';

const BROKER = new URL(process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
const PREFIX = `comptoir-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** A TCP relay to the broker that the test can cut (sockets destroyed, port closed) and restore on the same port. */
class BrokerLink {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(BROKER.port || 5672), BROKER.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  url(): string {
    const url = new URL(BROKER);
    url.port = String(this.port);
    url.hostname = '127.0.0.1';
    return url.toString();
  }
}

const link = new BrokerLink();
/** Recipients of every mail the SMTP server accepted (the app sends through it). */
const mailed: string[] = [];
const smtp = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
  onData(stream, session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      mailed.push(...session.envelope.rcptTo.map((r) => r.address));
      callback();
    });
  },
});
let app: TestApp;
let admin: string;
const seen: string[] = [];
/** The trace context each `amqp-test` handler ran in, by event id. */
const traces = new Map<string, string | undefined>();
let failing = true;
let poisonHandled = 0;

beforeAll(async () => {
  await link.open();
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as net.AddressInfo).port;
  app = await createTestApp({ amqpUrl: link.url(), amqpPrefix: PREFIX, eventMaxAttempts: 2, smtpUrl: `smtp://127.0.0.1:${smtpPort}` });
  await app.database.db.execute(sql`create table if not exists public.amqp_seen (event_id text not null)`);
  app.relay.subscribe('amqp-test', 'test.a', async (event, tx) => {
    await tx.execute(sql`insert into public.amqp_seen (event_id) values (${event.id})`);
    seen.push(event.id);
    traces.set(event.id, currentTraceparent());
  });
  app.relay.subscribe('amqp-poison', 'test.flaky', async () => {
    if (failing) throw new Error('downstream unavailable');
    poisonHandled += 1;
  });
  await app.relay.broker!.consuming('amqp-test');
  await app.relay.broker!.consuming('amqp-poison');
  admin = await app.tokenFor(['admin']);
}, 60_000);

afterAll(async () => {
  const queues = [...(app?.relay.broker?.queues() ?? []), `${PREFIX}.kill-consumer`, `${PREFIX}.kill-consumer.dead`];
  await app?.close();
  await link.cut();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  const connection = await amqp.connect(BROKER.toString());
  const channel = await connection.createChannel();
  for (const q of queues) await channel.deleteQueue(q);
  for (const x of [`${PREFIX}.events`, `${PREFIX}.dead-letters`]) await channel.deleteExchange(x);
  await connection.close();
});

async function statuses(ids: string[]): Promise<string[]> {
  const list = await rows<{ status: string }>(app.database.db, sql`select status from events.outbox where id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) order by id`);
  return list.map((r) => r.status);
}

async function metric(name: string): Promise<number | undefined> {
  const text = (await app.inject({ url: '/metrics', headers: metricsAuth })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('events over RabbitMQ', () => {
  it('publishes with confirms, marks delivered, and the consumer handles each event once', async () => {
    seen.length = 0;
    const ids = await app.database.transaction((tx) => publishMany(tx, [1, 2, 3, 4, 5].map((n) => ({ type: 'test.a' as const, payload: { n } }))));
    await until('delivery', async () => (await statuses(ids)).every((s) => s === 'delivered') && seen.length >= 5);
    await sleep(300);
    expect(seen.sort()).toEqual([...ids].sort());
    const [effects] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from public.amqp_seen`);
    expect(effects!.n).toBe(5);
    expect(await metric('events_broker_connected')).toBe(1);
  });

  it('carries the trace context: request → outbox → message header → consumer', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: { authorization: `Bearer ${admin}`, traceparent }, payload: { name: 'Traced' } });
    expect(res.statusCode, res.body).toBe(201);
    const written = await rows<{ traceparent: string | null }>(app.database.db, sql`select traceparent from events.outbox where type like 'category.%' order by id desc limit 1`);
    expect(written[0]?.traceparent).toBe(traceparent);
    const other = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const id = await withTraceparent(other, () => app.database.transaction((tx) => publish(tx, 'test.a', { n: 99 })));
    await until('the traced event', () => traces.has(id));
    expect(traces.get(id)).toBe(other);
  });

  it('keeps events in the outbox while the broker is unreachable, then delivers each exactly once', async () => {
    seen.length = 0;
    await link.cut();
    await until('disconnection', () => !app.relay.broker!.connected);
    expect(await metric('events_broker_connected')).toBe(0);
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) ids.push(await app.database.transaction((tx) => publish(tx, 'test.a', { n })));
    await app.relay.drain();
    await sleep(500);
    expect(await statuses(ids)).toEqual(ids.map(() => 'pending'));
    await app.runJob('events.backlog');
    expect(await metric('events_outbox_backlog')).toBeGreaterThanOrEqual(20);
    expect(seen).toEqual([]);

    await link.open();
    await until('redelivery after reconnection', async () => (await statuses(ids)).every((s) => s === 'delivered') && seen.length >= 20, 30_000);
    await sleep(500);
    expect(seen.sort()).toEqual([...ids].sort());
    await app.runJob('events.backlog');
    expect(await metric('events_outbox_backlog')).toBe(0);
    expect(await metric('events_broker_connected')).toBe(1);
  }, 60_000);

  it('200 checkouts while the broker is unreachable: every order placed, then one confirmation mail each', async () => {
    // The issue's proof size (issue 18 §5); the broker is cut at the TCP link, as a stopped broker looks to a client.
    const N = 200;
    const headers = { authorization: `Bearer ${admin}` };
    const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers, payload: { name: 'Outage lanterns' } });
    expect(cat.statusCode, cat.body).toBe(201);
    const made = await app.inject({ method: 'POST', url: '/api/admin/products', headers, payload: { title: 'Storm lantern', status: 'active', categoryId: cat.json().id, variants: [{ sku: 'AMQP-LANTERN', price: { amount: 2500, currency: 'GBP' } }] } });
    expect(made.statusCode, made.body).toBe(201);
    const stock = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers, payload: { sku: 'AMQP-LANTERN', quantity: N, type: 'receipt', reason: 'delivery' } });
    expect(stock.statusCode, stock.body).toBe(201);
    // The product's events reach search before the outage (checkout does not need them).
    await until('connected', () => app.relay.broker!.connected);

    await link.cut();
    await until('disconnection', () => !app.relay.broker!.connected);
    const buyers = Array.from({ length: N }, (_, i) => `outage-buyer-${i}@example.test`);
    const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+44 20 7946 0000' };
    for (const [i, email] of buyers.entries()) {
      const cart = await app.inject({ method: 'POST', url: '/api/carts', payload: {} });
      const { id, token } = cart.json() as { id: string; token: string };
      const add = await app.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers: { 'x-cart-token': token }, payload: { sku: 'AMQP-LANTERN', quantity: 1 } });
      expect(add.statusCode, add.body).toBeLessThan(300);
      const order = await app.inject({
        method: 'POST', url: '/api/orders', headers: { 'idempotency-key': `amqp-outage-${PREFIX}-${i}`, 'x-cart-token': token },
        payload: { cartId: id, email, shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
      });
      expect(order.statusCode, order.body).toBe(201);
    }
    await sleep(500);
    expect(mailed.filter((to) => buyers.includes(to))).toEqual([]);
    const [waiting] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where status = 'pending' and type = 'order.placed'`);
    expect(waiting!.n).toBe(N);

    await link.open();
    await until('every confirmation mail', () => mailed.filter((to) => buyers.includes(to)).length >= N, 60_000);
    await sleep(1_000);
    const perBuyer = new Map<string, number>();
    for (const to of mailed) if (buyers.includes(to)) perBuyer.set(to, (perBuyer.get(to) ?? 0) + 1);
    expect(perBuyer.size).toBe(N);
    expect([...perBuyer.values()].every((n) => n === 1)).toBe(true);
  }, 240_000);

  it('a consumer killed (-9) in the middle of a batch: its events are redelivered, one effect each', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-amqp-consumer-'));
    const pgdb = onPostgres ? await freshPostgresDatabase(inject('postgresTemplate')) : undefined;
    const env = { ...process.env, AMQP_URL: BROKER.toString(), AMQP_PREFIX: PREFIX, DATABASE_URL: pgdb?.url ?? '', CONSUMER_DATA_DIR: dataDir };
    const children: ChildProcess[] = [];
    /** Starts a consumer process; `lines` gets its output lines. */
    const start = async (lines: string[]) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/amqp-consumer.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      let rest = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        const parts = (rest + chunk.toString()).split('\n');
        rest = parts.pop()!;
        lines.push(...parts);
      });
      await until('consumer ready', () => lines.includes('ready'), 60_000);
      return child;
    };
    try {
      const first: string[] = [];
      const a = await start(first);
      const N = 300;
      await app.database.transaction((tx) => publishMany(tx, Array.from({ length: N }, (_, n) => ({ type: 'test.b' as const, payload: { n } }))));
      // Kill it once it is well into the stream (batches of 20, a few ms per event).
      await until('the first consumer at work', () => first.filter((l) => l.startsWith('handled')).length >= 70, 30_000);
      a.kill('SIGKILL');
      await new Promise((r) => a.once('exit', r));
      const committed = first.filter((l) => l.startsWith('effects')).map((l) => Number(l.split(' ')[2])).pop() ?? 0;
      expect(committed).toBeLessThan(N);

      const second: string[] = [];
      const b = await start(second);
      const last = () => second.filter((l) => l.startsWith('effects')).pop()?.split(' ').map(Number);
      await until('every event handled', () => (last()?.[2] ?? 0) >= N, 60_000);
      await sleep(1_000);
      const [, total, distinct, redelivered] = last()!;
      expect({ total, distinct }).toEqual({ total: N, distinct: N });
      // The killed consumer's unacknowledged messages came back to the next one.
      expect(redelivered).toBeGreaterThan(0);
      b.kill('SIGTERM');
      await new Promise((r) => b.once('exit', r));
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('dead-letters a poison message after the delivery limit, lists it in the admin API, and retries it', async () => {
    failing = true;
    const id = await app.database.transaction((tx) => publish(tx, 'test.flaky', { n: 1 }));
    const auth = { authorization: `Bearer ${admin}` };
    const listed = async () => {
      const list = (await app.inject({ url: '/api/admin/events/dead-letters?limit=100', headers: auth })).json() as { data: { id: string; consumer: string | null; lastError: string | null; type: string }[] };
      return list.data.find((e) => e.id === id && e.consumer === 'amqp-poison');
    };
    // Delivery limit 2 (EVENT_MAX_ATTEMPTS): three failed deliveries, 1 + 2 + 4 s apart.
    await until('the dead letter', async () => (await listed()) !== undefined, 30_000);
    const entry = (await listed())!;
    expect(entry.type).toBe('test.flaky');
    expect(entry.lastError).toMatch(/downstream unavailable/);
    expect((await statuses([id]))[0]).toBe('delivered'); // the broker confirmed it: the outbox is done with it
    expect(poisonHandled).toBe(0);

    failing = false;
    const retry = await app.inject({ method: 'POST', url: `/api/admin/events/dead-letters/${id}/retry`, headers: auth });
    expect(retry.statusCode, retry.body).toBe(202);
    await until('the retried event handled', () => poisonHandled === 1);
    expect(await listed()).toBeUndefined();
    await sleep(300);
    expect(poisonHandled).toBe(1);
    const again = await app.inject({ method: 'POST', url: `/api/admin/events/dead-letters/${id}/retry`, headers: auth });
    expect(again.statusCode).toBe(404);
  }, 60_000);
});
