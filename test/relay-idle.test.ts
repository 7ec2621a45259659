/**
 * An idle app makes close to zero database queries: the outbox relay sleeps until NOTIFY (with a
 * backing-off safety poll) instead of polling the outbox in a tight loop.
 *
 * Seam: Drizzle keeps the driver client on `db.$client` (a PGlite instance, or a node-postgres
 * Pool). Every statement the app runs through Drizzle goes through `query` (PGlite also has
 * `exec` and `transaction`; a Pool hands out clients through `connect` for transactions), so
 * counting those calls counts the app's queries. The relay's LISTEN connection on PostgreSQL is
 * a separate client that only receives notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, metricsAuth, onPostgres, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';

const IDLE_MS = 3_000;
const MAX_IDLE_QUERIES = 3;

let app: TestApp;
let admin: string;
let calls: string[] = [];
const restore: (() => void)[] = [];
let inside = 0;

/** Wraps the driver client's query entry points so every call is recorded in `calls`. */
function countQueries(): void {
  const client = (app.database.db as unknown as { $client?: Record<string, unknown> }).$client;
  expect(client, 'db.$client (the driver client behind Drizzle)').toBeTruthy();
  const methods = onPostgres ? ['query', 'connect'] : ['query', 'exec', 'transaction'];
  for (const name of methods) {
    const target = client as Record<string, unknown>;
    const original = target[name];
    expect(typeof original, `$client.${name}`).toBe('function');
    const own = Object.prototype.hasOwnProperty.call(target, name);
    target[name] = function (this: unknown, ...args: unknown[]) {
      // pg's Pool.query checks a client out through Pool.connect synchronously: count it once.
      if (inside === 0) {
        const first = args[0];
        const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text ?? name;
        calls.push(`${name}: ${String(text).replace(/\s+/g, ' ').slice(0, 120)}`);
      }
      inside += 1;
      try {
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        inside -= 1;
      }
    };
    restore.push(() => {
      if (own) target[name] = original;
      else delete target[name];
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
  // Some activity first: a category write publishes an event, which wakes the relay.
  const res = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: { authorization: `Bearer ${admin}` }, payload: { name: 'Idle test' } });
  expect(res.statusCode, res.body).toBe(201);
  await app.relay.drain();
  countQueries();
});
afterAll(async () => {
  for (const r of restore.reverse()) r();
  await app?.close();
});

describe('idle relay', () => {
  it('the counting seam sees the app’s queries (so the idle assertion can fail)', async () => {
    calls = [];
    const res = await app.inject({ url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(calls.length, calls.join('\n')).toBeGreaterThanOrEqual(1);
    calls = [];
    await app.relay.drain();
    expect(calls.length, 'drain() runs at least one claim query').toBeGreaterThanOrEqual(1);
  });

  it('liveness and metrics scrapes do not touch the database', async () => {
    calls = [];
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics', headers: metricsAuth })).statusCode).toBe(200);
    expect(calls).toEqual([]);
  });

  it(`makes at most ${MAX_IDLE_QUERIES} queries in ${IDLE_MS / 1000} s of idleness`, async () => {
    await app.relay.drain();
    calls = [];
    await sleep(IDLE_MS);
    expect(calls.length, `queries while idle:\n${calls.join('\n')}`).toBeLessThanOrEqual(MAX_IDLE_QUERIES);
  });

  it('is still running: wakes on commit and delivers without polling or drain()', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: { authorization: `Bearer ${admin}` }, payload: { name: 'Wake up' } });
    expect(res.statusCode, res.body).toBe(201);
    const deadline = Date.now() + 5_000;
    let pending = -1;
    while (Date.now() < deadline) {
      const [r] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where status = 'pending'`);
      pending = r?.n ?? -1;
      if (pending === 0) break;
      await sleep(50);
    }
    expect(pending).toBe(0);
    const [delivered] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where status = 'delivered'`);
    expect(delivered?.n).toBeGreaterThanOrEqual(2);
  });
});
