import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { FX, fxLine, seedFixture } from '../../../test/support/analytics-fixture.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when something answers on the Redis port within a second. */
async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const redisUp = await reachable(REDIS_URL);
if (!redisUp) console.warn(`analytics.cache.test: no Redis at ${REDIS_URL}; the Redis cache tests are skipped (start one or set TEST_REDIS_URL)`);

describe.skipIf(!redisUp)('answer cache in Redis', () => {
  let app: TestApp;
  let admin: string;
  let redis: Redis;
  let database: string;

  beforeAll(async () => {
    app = await createTestApp({ redisUrl: REDIS_URL });
    await seedFixture(app);
    admin = await app.tokenFor(['admin']);
    redis = new Redis(REDIS_URL);
    const [row] = ((await app.database.db.execute(sql`select current_database() as db`)) as unknown as { rows: { db: string }[] }).rows;
    database = row?.db as string;
    const old = await redis.keys(`comptoir:analytics:${database}:*`);
    if (old.length > 0) await redis.del(...old);
  });
  afterAll(async () => {
    await redis?.quit();
    await app?.close();
  });

  const get = (url: string) => app.inject({ url: `/api/admin/analytics${url}`, headers: { authorization: `Bearer ${admin}` } });
  const revenue = (body: string) => (JSON.parse(body) as { kpis: { key: string; value: number; target: number | null }[] }).kpis.find((k) => k.key === 'revenue');

  it('stores an answer in Redis under the data version and serves it while the version holds', async () => {
    const url = `/kpis?node=${FX.a}&period=month&date=2026-03-01`;
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-analytics-cache']).toBe('miss');
    const [state] = ((await app.database.db.execute(sql`select version from analytics.rollup_state where name = 'sales'`)) as unknown as { rows: { version: number | string }[] }).rows;
    expect(await redis.keys(`comptoir:analytics:${database}:v${Number(state?.version)}:*`)).toHaveLength(1);
    const second = await get(url);
    expect(second.headers['x-analytics-cache']).toBe('hit');
    expect(revenue(second.body)).toEqual(revenue(first.body));
    // The same query in another order is the same answer.
    expect((await get(`/kpis?date=2026-03-01&period=month&node=${FX.a}`)).headers['x-analytics-cache']).toBe('hit');
  });

  it('never serves an answer older than the data: new facts, then a changed target, give new figures', async () => {
    const url = `/kpis?node=${FX.a}&period=month&date=2026-03-01`;
    expect(revenue((await get(url)).body)?.value).toBe(1500);
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [fxLine(FX.a, '2026-03-11', 'A9', 'SKU1', 'Wine', 1, 250, 100)]));
    await app.analytics.catchUpRollups();
    const after = await get(url);
    expect(after.headers['x-analytics-cache']).toBe('miss');
    expect(revenue(after.body)?.value).toBe(1750);
    await app.database.db.execute(sql`update analytics.target_month set amount = 3500 where target_id = 'tgt_fx_a' and month = '2026-03-01'`);
    await app.database.db.execute(sql`update analytics.target set updated_at = now() where id = 'tgt_fx_a'`);
    const retargeted = await get(url);
    expect(retargeted.headers['x-analytics-cache']).toBe('miss');
    expect(revenue(retargeted.body)?.target).toBe(3500);
  });
});

describe('answer cache without a reachable Redis', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ redisUrl: 'redis://127.0.0.1:1' });
    await seedFixture(app);
  });
  afterAll(() => app?.close());

  it('computes every answer instead of failing', async () => {
    const admin = await app.tokenFor(['admin']);
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ url: `/api/admin/analytics/kpis?node=${FX.b}&period=month&date=2026-03-01`, headers: { authorization: `Bearer ${admin}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-analytics-cache']).toBe('miss');
    }
  });
});
