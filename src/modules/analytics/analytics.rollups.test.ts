import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { FX, fxLine, fxLines, seedFixture } from '../../../test/support/analytics-fixture.js';
import { ROLLUP_TABLES, RollupService } from './analytics.rollups.js';

let app: TestApp;
let rollups: RollupService;

beforeAll(async () => {
  app = await createTestApp();
  await seedFixture(app);
  rollups = new RollupService(app.database);
});
afterAll(() => app.close());

/** Every row of every rollup, in a stable order. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ROLLUP_TABLES) {
    out[table] = await rows(app.database.db, sql.raw(`select * from analytics.${table} t order by t::text`));
  }
  return out;
}

/** Empties the rollup `table`, runs the migration `file` that fills it on an existing installation, and expects the rows the rollup job had made. */
async function expectBackfill(file: string, table: string): Promise<void> {
  const expected = (await snapshot())[table];
  const migration = readFileSync(new URL(`./db/migrations/${file}`, import.meta.url), 'utf8');
  await app.database.transaction(async (tx) => {
    await tx.execute(sql.raw(`delete from analytics.${table}`));
    await tx.execute(sql.raw(migration));
  });
  expect((await snapshot())[table]).toEqual(expected);
}

describe('sales rollups', () => {
  it('counts a receipt once however its lines are split across chunks, nets returns, keeps cost for costed lines only', async () => {
    // A receipt in three batches, caught up after each with chunks of 2 facts.
    const batches = [
      [fxLine(FX.b, '2026-04-01', 'SPLIT', 'S1', 'Tea', 1, 100, 40), fxLine(FX.b, '2026-04-01', 'SPLIT', 'S2', 'Tea', 2, 300, null), fxLine(FX.b, '2026-04-01', 'RET', 'S1', 'Tea', -1, -100, 40)],
      [fxLine(FX.b, '2026-04-01', 'SPLIT', 'S3', null, 1, 50, 10)],
      [fxLine(FX.b, '2026-04-01', 'RET', 'S2', 'Tea', -1, -150, null), fxLine(FX.b, '2026-04-02', 'OTHER', 'S1', 'Tea', 3, 300, 40)],
    ];
    for (const batch of batches) {
      await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, batch));
      await rollups.catchUp({ chunkSize: 2 });
    }
    const [day] = await rows<Record<string, string>>(app.database.db, sql`select net_revenue::text, units::text, transactions::text, lines::text, cost::text, costed_revenue::text, returned_units::text, returned_revenue::text
        from analytics.sales_day_store where store_id = ${FX.b} and day = '2026-04-01'`);
    expect(day).toMatchObject({
      net_revenue: String(100 + 300 - 100 + 50 - 150), units: String(1 + 2 - 1 + 1 - 1), transactions: '1', lines: '5',
      cost: String(40 - 40 + 10), costed_revenue: String(100 - 100 + 50), returned_units: '2', returned_revenue: '250',
    });
    const cats = await rows<{ category: string; net_revenue: string }>(app.database.db, sql`select category, net_revenue::text from analytics.sales_day_category where store_id = ${FX.b} and day = '2026-04-01' order by category`);
    expect(cats).toEqual([{ category: '(none)', net_revenue: '50' }, { category: 'Tea', net_revenue: '150' }]);
  });

  it('gives identical figures when rebuilt from the facts', async () => {
    // More facts, caught up with odd chunk sizes.
    const more = fxLines().map((l, i) => ({ ...l, sourceKey: `${l.sourceKey}:again:${i}`, reference: `${l.reference}-X` }));
    for (let i = 0; i < more.length; i += 3) {
      await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, more.slice(i, i + 3)));
      await rollups.catchUp({ chunkSize: 1 + (i % 4) });
    }
    const incremental = await snapshot();
    const before = await rollups.state();
    const result = await app.analytics.rebuildRollups();
    expect(result.facts).toBe(before.lastFactId > 0 ? result.facts : 0);
    const rebuilt = await snapshot();
    expect(rebuilt).toEqual(incremental);
    const after = await rollups.state();
    expect(after.lastFactId).toBe(before.lastFactId);
    expect(after.version).toBeGreaterThan(before.version);
    expect(incremental.sales_day_store?.length).toBeGreaterThan(5);
  });

  it('fills the company product rollup of an existing installation from the per-store one (migration 0009)', async () => {
    await rollups.catchUp();
    expect((await snapshot()).sales_month_company_product!.length).toBeGreaterThan(3);
    await expectBackfill('0009_tired_hardball.sql', 'sales_month_company_product');
  });

  it('fills the company customer rollup of an existing installation from the per-store one (migration 0011)', async () => {
    const bought = [
      { ...fxLine(FX.a, '2026-05-02', 'CU1', 'SKU1', 'Wine', 1, 700, 300), customerRef: 'cus-ada' },
      { ...fxLine(FX.b, '2026-05-09', 'CU2', 'SKU3', null, 2, 900, 250), customerRef: 'cus-ada' },
      { ...fxLine(FX.c, '2026-05-03', 'CU3', 'SKU1', 'Wine', 1, 400, 200, 'EUR'), customerRef: 'cus-bob' },
    ];
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, bought));
    await rollups.catchUp();
    // Ada bought in two stores: one row, the receipts and revenue of both, the later day.
    expect(await rows(app.database.db, sql`select month::text, currency, last_day::text, receipts::int, net_revenue::int from analytics.sales_month_company_customer where customer_ref = 'cus-ada'`))
      .toEqual([{ month: '2026-05-01', currency: 'GBP', last_day: '2026-05-09', receipts: 2, net_revenue: 1600 }]);
    await expectBackfill('0011_dazzling_power_man.sql', 'sales_month_company_customer');
  });

  it('gives after an append to built rollups the figures of a rebuild from scratch', async () => {
    await app.analytics.rebuildRollups();
    // Lines on days, stores, categories and receipts the build has, and on new ones; returns too.
    const appended = fxLines().map((l, i) => ({
      ...l, sourceKey: `${l.sourceKey}:append:${i}`, reference: i % 2 ? l.reference : `${l.reference}-N`, quantity: i % 5 === 4 ? -1 : l.quantity,
      netRevenue: i % 5 === 4 ? -Math.abs(l.netRevenue) : l.netRevenue, category: i % 3 === 0 ? null : l.category,
    }));
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, appended));
    await rollups.catchUp();
    expect((await rollups.state()).backlog).toBe(false);
    const incremental = await snapshot();
    await app.analytics.rebuildRollups();
    expect(await snapshot()).toEqual(incremental);
  });

  it('keeps answering readers with the previous figures while a rebuild runs (PostgreSQL: concurrent sessions)', async (ctx) => {
    if (app.database.kind !== 'postgres') return ctx.skip();
    // Enough facts, rebuilt one per chunk, that the rebuild outlasts a read by far.
    const many = Array.from({ length: 300 }, (_, i) => fxLine(FX.a, '2026-05-01', `LONG-${i}`, 'SKU1', 'Wine', 1, 10, 5));
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, many));
    await rollups.catchUp();
    const before = await snapshot();
    const rebuildLocks = async () => (await rows<{ n: number }>(app.database.db, sql`
        select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
        where c.relname = 'sales_month_store' and l.granted and l.pid <> pg_backend_pid()
          and l.mode in ('RowExclusiveLock', 'AccessExclusiveLock')`))[0]?.n ?? 0;
    let settled = false;
    const rebuild = rollups.rebuild({ chunkSize: 1 }).finally(() => { settled = true; });
    // Wait until the rebuild's transaction has emptied the rollups (it holds a lock on them)…
    while (!settled && (await rebuildLocks()) === 0);
    expect(settled).toBe(false);
    // …then read: the previous figures, answered while that transaction is still open.
    const during = await snapshot();
    expect(await rebuildLocks()).toBeGreaterThan(0);
    expect(during).toEqual(before);
    await rebuild;
    expect(await snapshot()).toEqual(before);
  });

  it('moves the version only when facts were added, and dates the data', async () => {
    const s1 = await rollups.catchUp();
    const s2 = await rollups.catchUp();
    expect(s2.version).toBe(s1.version);
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [fxLine(FX.a, '2026-04-03', 'V1', 'SKU1', 'Wine', 1, 10, 5)]));
    const pending = await rollups.state();
    if (pending.backlog) {
      // The facts not yet rolled up are after dataAsOf: it is the recorded_at of the last fact included.
      const [last] = await rows<{ recorded_at: Date | string }>(app.database.db, sql`select recorded_at from analytics.sale_line where id = ${pending.lastFactId}`);
      expect(pending.dataAsOf).toBe(new Date(String(last?.recorded_at instanceof Date ? last.recorded_at.toISOString() : last?.recorded_at)).toISOString());
    }
    const s3 = await rollups.catchUp();
    const state = await rollups.state();
    expect(state.backlog).toBe(false);
    expect(state.version).toBeGreaterThanOrEqual(s1.version + (s3.facts > 0 ? 1 : 0));
    const [max] = await rows<{ recorded_at: Date | string }>(app.database.db, sql`select max(recorded_at) as recorded_at from analytics.sale_line`);
    expect(new Date(state.dataAsOf).getTime()).toBeGreaterThanOrEqual(new Date(String(max?.recorded_at instanceof Date ? max.recorded_at.toISOString() : max?.recorded_at)).getTime());
  });
});
