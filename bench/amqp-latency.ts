/**
 * Event end-to-end latency over RabbitMQ: from the commit of an outbox event to the moment its
 * consumer's handler runs, through the real relay (publisher confirms), the broker and the
 * consumer's queue (inbox transaction). One process plays publisher and consumer on a fresh
 * PostgreSQL database (dropped at the end); exchange and queues have a unique prefix (deleted).
 *
 *   node --import tsx bench/amqp-latency.ts [--events 500] [--interval 10]
 *
 * Env: AMQP_URL (default amqp://guest:guest@127.0.0.1:5672), BENCH_PG_ADMIN_URL (default
 * postgres://root@127.0.0.1:5432/test). Events are published one per transaction every
 * `interval` ms (a steady trickle, not a flood: the latency of a quiet system); prints p50, p95,
 * p99 and max in ms, and the load average.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import amqp from 'amqplib';
import pg from 'pg';
import { pino } from 'pino';
import { openDatabase } from '../src/platform/db/index.js';
import { AmqpBus } from '../src/platform/events/amqp.js';
import { eventsMigrations, OutboxRelay, publish } from '../src/platform/events/index.js';
import '../test/support/test-events.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '500' }, interval: { type: 'string', default: '10' } } });
const total = Number(values.events);
const interval = Number(values.interval);
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/test';
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const dbName = `comptoir_amqpbench_${suffix}`;
const prefix = `comptoir-bench-${suffix}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database "${dbName}"`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const database = await openDatabase({ url: url.toString(), poolSize: 6 });
const log = pino({ level: 'warn' });
const bus = new AmqpBus({ url: amqpUrl, prefix, prefetch: 100, deliveryLimit: 8, log });
const relay = new OutboxRelay(database, log, { bus });
try {
  await database.migrate([eventsMigrations]);
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let handled = 0;
  relay.subscribe('bench', 'test.a', async (event) => {
    // An event handled before its transaction's promise resolved here has no start time: left out.
    const start = committedAt.get(event.id);
    if (start !== undefined) latencies.push(performance.now() - start);
    if (++handled >= total) done();
  });
  await relay.start();
  await bus.consuming('bench');
  const began = performance.now();
  for (let n = 0; n < total; n++) {
    const id = await database.transaction((tx) => publish(tx, 'test.a', { n }));
    committedAt.set(id, performance.now());
    await new Promise((r) => setTimeout(r, interval));
  }
  await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 120_000))]);
  const elapsed = performance.now() - began;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`events ${total}, one every ${interval} ms, ${(elapsed / 1000).toFixed(1)} s`);
  console.log(`commit → consumer latency over RabbitMQ (ms): p50 ${at(0.5)}  p95 ${at(0.95)}  p99 ${at(0.99)}  max ${latencies.at(-1)!.toFixed(1)}`);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  const queues = bus.queues();
  await relay.stop();
  await database.close();
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  const connection = await amqp.connect(amqpUrl);
  const channel = await connection.createChannel();
  for (const q of queues) await channel.deleteQueue(q);
  for (const x of bus.exchanges()) await channel.deleteExchange(x);
  await connection.close();
}
