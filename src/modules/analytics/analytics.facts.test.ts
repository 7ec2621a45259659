import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import type { SaleLineInput } from './analytics.facts.js';
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

  it('gives a user without grants nothing and a holder of * the company', async () => {
    const nobody = await scopeFor(app.database.db, { id: 'usr_nobody', roles: ['analyst'], permissions: ['analytics:read'] });
    expect(nobody).toEqual({ company: false, regionIds: [], storeIds: [] });
    const admin = await scopeFor(app.database.db, { id: 'usr_admin', roles: ['admin'], permissions: ['*'] });
    expect(admin.company).toBe(true);
    expect(admin.storeIds).toContain('sto_test_1');
  });
});
