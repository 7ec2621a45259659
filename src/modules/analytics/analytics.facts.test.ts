import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { FACTS_CHANNEL, type SaleLineInput } from './analytics.facts.js';
import { scopeFor } from './analytics.scope.js';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  await app.database.db.execute(sql`
    insert into analytics.region (id, parent_id, code, name) values ('reg_test_company', null, 'TEST-CO', 'Company')
    on conflict do nothing`);
  await app.database.db.execute(sql`
    insert into analytics.store (id, code, name, kind, region_id, country, opened_on, currency, time_zone)
    select 'sto_test_1', 'T1', 'Test store', 'physical', id, 'FR', '2020-01-01', 'EUR', 'Europe/Paris'
    from analytics.region where parent_id is null`);
});
afterAll(() => app.close());

const line = (key: string, quantity = 2): SaleLineInput => ({
  storeId: 'sto_test_1', soldAt: '2026-03-01T09:30:00Z', localAt: '2026-03-01T10:30:00', reference: 'R1', sku: 'SKU-1',
  category: 'Candles', quantity, netRevenue: 1000 * quantity, tax: 200 * quantity, unitCost: 400, currency: 'EUR', source: 'test', sourceKey: key,
});

describe('sales facts', () => {
  it('appends lines once per source key and refuses updates and deletes', async () => {
    const first = await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [line('k1'), line('k2', -1)]));
    const again = await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [line('k1'), line('k2', -1)]));
    expect([first, again]).toEqual([2, 0]);
    const [sum] = await rows<{ units: number; revenue: number }>(
      app.database.db,
      sql`select sum(quantity)::int as units, sum(net_revenue)::int as revenue from analytics.sale_line where store_id = 'sto_test_1'`,
    );
    expect(sum).toEqual({ units: 1, revenue: 1000 });
    for (const statement of [sql`update analytics.sale_line set quantity = 0`, sql`delete from analytics.sale_line`]) {
      const failure = await app.database.db.execute(statement).then(() => null, (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
      expect(failure).toMatch(/append-only/);
    }
  });

  it('refuses a line of a missing store and the deletion of a store with lines, writing nothing', async () => {
    const failure = await app.database
      .transaction((tx) => app.analytics.appendSaleLines(tx, [line('k3'), { ...line('k4'), storeId: 'sto_missing' }]))
      .then(() => null, (e: Error & { cause?: Error & { code?: string } }) => ({ code: e.cause?.code ?? (e as { code?: string }).code, message: e.cause?.message ?? e.message }));
    expect(failure).toMatchObject({ code: '23503', message: expect.stringMatching(/sto_missing/) });
    const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from analytics.sale_line where source_key in ('k3', 'k4')`);
    expect(n?.n).toBe(0);
    const refused = await app.database.db.execute(sql`delete from analytics.store where id = 'sto_test_1'`).then(() => null, (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(refused).toMatch(/has sale lines/);
  });

  it('tells listeners of the facts channel once appended lines are committed', async () => {
    let heard = 0;
    const unlisten = await app.database.listen(FACTS_CHANNEL, () => heard++);
    try {
      await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [line('k5')]));
      const since = Date.now();
      while (heard === 0 && Date.now() - since < 5_000) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toBeGreaterThan(0);
    } finally {
      await unlisten();
    }
  });

  it('gives a user without grants nothing and a holder of * the company', async () => {
    const nobody = await scopeFor(app.database.db, { id: 'usr_nobody', roles: ['analyst'], permissions: ['analytics:read'] });
    expect(nobody).toEqual({ company: false, regionIds: [], storeIds: [] });
    const admin = await scopeFor(app.database.db, { id: 'usr_admin', roles: ['admin'], permissions: ['*'] });
    expect(admin.company).toBe(true);
    expect(admin.storeIds).toContain('sto_test_1');
  });
});
