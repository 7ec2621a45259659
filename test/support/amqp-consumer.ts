/**
 * A consumer process for test/amqp.test.ts: reads `test.b` from RabbitMQ as consumer
 * `kill-consumer` (queue `<AMQP_PREFIX>.kill-consumer`) through the real relay and inbox, and
 * records one row per handled event in `public.amqp_effects` (no unique key: a second effect
 * would show). Handling is slow (a few ms per event) so that a kill lands in a batch.
 * Env: AMQP_URL, AMQP_PREFIX, and DATABASE_URL (PostgreSQL) or CONSUMER_DATA_DIR (PGlite).
 * Prints `ready`, `handled <n>` per event handled (not yet committed), and
 * `effects <rows> <distinct events> <redelivered>` every 100 ms.
 */
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { openDatabase, rows } from '../../src/platform/db/index.js';
import { AmqpBus } from '../../src/platform/events/amqp.js';
import { eventsMigrations, OutboxRelay } from '../../src/platform/events/index.js';
import './test-events.js';

const log = pino({ level: 'warn' });
const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: process.env.CONSUMER_DATA_DIR, poolSize: 4 });
await database.migrate([eventsMigrations]);
await database.db.execute(sql`create table if not exists public.amqp_effects (event_id text not null, n int not null)`);
const metrics = new Registry();
const bus = new AmqpBus({ url: process.env.AMQP_URL!, prefix: process.env.AMQP_PREFIX!, prefetch: 20, deliveryLimit: 8, log, metrics });
const relay = new OutboxRelay(database, log, { bus });
let handled = 0;
relay.subscribeBatch('kill-consumer', 'test.b', async (events, tx) => {
  for (const event of events) {
    await tx.execute(sql`insert into public.amqp_effects (event_id, n) values (${event.id}, ${event.payload.n})`);
    await new Promise((r) => setTimeout(r, 3));
    handled += 1;
    process.stdout.write(`handled ${handled}\n`);
  }
});
await relay.start();
await bus.consuming('kill-consumer');
process.stdout.write('ready\n');
setInterval(() => {
  void (async () => {
    const [r] = await rows<{ total: number; distinct: number }>(database.db, sql`select count(*)::int as total, count(distinct event_id)::int as distinct from public.amqp_effects`);
    const redelivered = (await metrics.getSingleMetric('events_broker_redelivered_total')?.get())?.values.reduce((a, v) => a + v.value, 0) ?? 0;
    process.stdout.write(`effects ${r!.total} ${r!.distinct} ${redelivered}\n`);
  })().catch(() => undefined);
}, 100);
process.on('SIGTERM', () => {
  void relay.stop().then(() => database.close()).then(() => process.exit(0));
});
