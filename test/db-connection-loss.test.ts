/**
 * PostgreSQL drops connections (a server restart, a failover, `pg_terminate_backend`): the app
 * keeps running and answering, and its NOTIFY listener listens again (runs on PostgreSQL only).
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rows } from '../src/platform/db/index.js';
import { CHANNEL } from '../src/platform/events/write.js';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';

let app: TestApp;
let dbName = '';

beforeAll(async () => {
  if (!onPostgres) return;
  app = await createTestApp();
  [{ name: dbName }] = (await rows<{ name: string }>(app.database.db, sql`select current_database() as name`)) as [{ name: string }];
});
afterAll(() => app?.close());

/** Runs `text` as another client, on the database `db` (default: the server's `test`). */
async function asAdmin<T>(text: string, values: unknown[] = [], db = 'test'): Promise<T[]> {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Terminates every connection of the app's database. @returns how many there were. */
async function terminateAll(): Promise<number> {
  const [row] = await asAdmin<{ n: number }>('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
  return row?.n ?? 0;
}

/** The server process ids of the app's connections that LISTEN. */
async function listeners(): Promise<number[]> {
  const found = await asAdmin<{ pid: number }>("select pid from pg_stat_activity where datname = $1 and query ilike 'listen%'", [dbName]);
  return found.map((r) => r.pid);
}

describe.skipIf(!onPostgres)('connections PostgreSQL drops', () => {
  it('do not crash the app: requests in flight may fail, the next ones are answered', async () => {
    // Writes (never served from a cache) hold connections while PostgreSQL drops them.
    const inFlight = Array.from({ length: 60 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i)).then(() => app.inject({ method: 'POST', url: '/api/carts' })).then((r) => r.statusCode));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await terminateAll()).toBeGreaterThan(0);
    const statuses = await Promise.all(inFlight);
    expect(statuses.every((s) => s === 201 || s >= 500), statuses.join(',')).toBe(true);
    for (let i = 0; i < 20; i++) {
      const res = await app.inject({ url: '/api/products?limit=5' });
      if (i >= 10) expect(res.statusCode, res.body).toBe(200);
    }
    const res = await app.inject({ method: 'POST', url: '/api/carts' });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('the NOTIFY listener listens again, and hears another process', async () => {
    await expect.poll(async () => (await listeners()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const before = await listeners();
    expect(await terminateAll()).toBeGreaterThan(0);
    await expect.poll(async () => (await listeners()).filter((pid) => !before.includes(pid)).length, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
    const wake = vi.spyOn(app.relay, 'wake');
    try {
      await asAdmin('select pg_notify($1, $2)', [CHANNEL, ''], dbName);
      await expect.poll(() => wake.mock.calls.length, { timeout: 5_000 }).toBeGreaterThan(0);
    } finally {
      wake.mockRestore();
    }
  });
});
