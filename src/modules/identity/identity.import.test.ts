import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const customers = Array.from({ length: 4321 }, (_, i) => ({ externalId: String(12346 + i), country: i % 3 === 0 ? 'United Kingdom' : 'France' }));

async function snapshot() {
  return rows<{ id: string; external_id: string; country: string; updated_at: string }>(
    app.database.db,
    sql`select id, external_id, country, updated_at::text from identity.users where source = 'online-retail' order by id`,
  );
}

describe('importCustomers', () => {
  it('creates customers without email or password, quickly, and maps every external id', async () => {
    const { ids, created } = await app.database.transaction((tx) => app.identity.importCustomers(tx, 'online-retail', customers));
    expect(ids.size).toBe(4321);
    expect(created).toBe(4321);
    const stored = await snapshot();
    expect(stored).toHaveLength(4321);
    const first = stored.find((r) => r.external_id === '12346');
    expect(ids.get('12346')).toBe(first?.id);
    expect(first?.country).toBe('United Kingdom');
    const [user] = await rows<{ email: string | null; password_hash: string | null; roles: string[] }>(
      app.database.db,
      sql`select email, password_hash, roles from identity.users where id = ${first?.id}`,
    );
    expect(user).toEqual({ email: null, password_hash: null, roles: ['customer'] });
    const dto = await app.identity.getUser(first?.id as string);
    expect(dto).toMatchObject({ email: null, roles: ['customer'], country: 'United Kingdom' });
    // Imports publish no user.registered event.
    const [events] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where type = 'user.registered'`);
    expect(events?.n).toBe(0);
  });

  it('is idempotent: a re-run returns the same ids and changes nothing', async () => {
    const before = await snapshot();
    const changed = customers.map((c) => ({ ...c, country: 'Germany' }));
    const { ids, created } = await app.database.transaction((tx) => app.identity.importCustomers(tx, 'online-retail', [...changed, changed[0] as (typeof changed)[0]]));
    expect(ids.size).toBe(4321);
    expect(created).toBe(0);
    expect(await snapshot()).toEqual(before);
    for (const row of before) expect(ids.get(row.external_id)).toBe(row.id);
  });

  it('keys customers by source: the same external id in another source is another user', async () => {
    const { ids: a } = await app.database.transaction((tx) => app.identity.importCustomers(tx, 'online-retail', [{ externalId: '12346', country: 'France' }]));
    const { ids: b } = await app.database.transaction((tx) => app.identity.importCustomers(tx, 'other-shop', [{ externalId: '12346', country: 'France' }]));
    expect(a.get('12346')).toMatch(/^usr_/);
    expect(b.get('12346')).toMatch(/^usr_/);
    expect(a.get('12346')).not.toBe(b.get('12346'));
  });

  it('rolls back with the caller’s transaction', async () => {
    await expect(
      app.database.transaction(async (tx) => {
        await app.identity.importCustomers(tx, 'rolled-back', [{ externalId: 'r1', country: 'Spain' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const [count] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.users where source = 'rolled-back'`);
    expect(count?.n).toBe(0);
  });

  it('accepts an empty list', async () => {
    const { ids, created } = await app.database.transaction((tx) => app.identity.importCustomers(tx, 'online-retail', []));
    expect(ids.size).toBe(0);
    expect(created).toBe(0);
  });
});
