import './support/test-events.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './support/app.js';
import { publish } from '../src/platform/events/index.js';
import { rows } from '../src/platform/db/index.js';

let app: TestApp;
let admin: string;
let failing = false;
let handled = 0;

beforeAll(async () => {
  app = await createTestApp({ eventMaxAttempts: 2 });
  // A consumer that fails while `failing` is set (a handler with a bug, an outage…).
  app.relay.subscribe('flaky-consumer', 'test.flaky', async () => {
    if (failing) throw new Error('downstream unavailable');
    handled += 1;
  });
  admin = await app.tokenFor(['admin']);
});
afterAll(() => app?.close());

async function status(id: string) {
  const [r] = await rows<{ status: string; attempts: number }>(app.database.db, sql`select status, attempts from events.outbox where id = ${id}`);
  return r!;
}

describe('dead letters', () => {
  it('retries with backoff, dead-letters after the limit, lists it, and retries it on request exactly once', async () => {
    failing = true;
    const id = await app.database.transaction((tx) => publish(tx, 'test.flaky', { n: 1 }));
    await app.relay.drain();
    expect(await status(id)).toEqual({ status: 'pending', attempts: 1 });
    await app.database.db.execute(sql`update events.outbox set next_attempt_at = now() where id = ${id}`);
    await app.relay.drain();
    expect(await status(id)).toEqual({ status: 'dead', attempts: 2 });

    const list = (await app.inject({ url: '/api/admin/events/dead-letters', headers: { authorization: `Bearer ${admin}` } })).json();
    expect(list.data.map((e: { id: string }) => e.id)).toContain(id);
    expect(list.data.find((e: { id: string }) => e.id === id).lastError).toMatch(/downstream unavailable/);

    failing = false;
    const retry = await app.inject({ method: 'POST', url: `/api/admin/events/dead-letters/${id}/retry`, headers: { authorization: `Bearer ${admin}` } });
    expect(retry.statusCode).toBe(202);
    await app.relay.drain();
    expect((await status(id)).status).toBe('delivered');
    expect(handled).toBe(1);
    // Delivered events are not re-run: marking it pending again has no second effect (inbox).
    await app.database.db.execute(sql`update events.outbox set status = 'pending', next_attempt_at = now() where id = ${id}`);
    await app.relay.drain();
    expect(handled).toBe(1);
    const again = await app.inject({ method: 'POST', url: `/api/admin/events/dead-letters/${id}/retry`, headers: { authorization: `Bearer ${admin}` } });
    expect(again.statusCode).toBe(404);
  });
});
