/**
 * `comptoir demo chain`: a tiny chain (3 stores, 2,000 lines) creates what it reports — regions
 * under the company, stores (one in euros), products, sale lines, phased targets, exchange rates,
 * the `syntheticDemo` setting — is refused when a chain exists, and `--replace` swaps it without
 * touching other sources' sale lines. The command line itself runs once in a child process on
 * PGlite (the postgres project skips that case).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { createTestApp, onPostgres, type TestApp } from '../../../test/support/app.js';
import { createChainDemo, type ChainDemoOptions } from './analytics.demo.js';
import { planChain } from './domain/chain-generator.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const TINY: ChainDemoOptions = { seed: 42, stores: 3, regions: 2, products: 60, lines: 2_000, year: 2025 };

/** What the database holds of the demo chain. */
async function state() {
  const [s] = await rows<Record<string, unknown>>(
    app.database.db,
    sql`select
      (select count(*)::int from analytics.region where code like 'DEMO-%') as regions,
      (select count(*)::int from analytics.region r join analytics.region p on p.id = r.parent_id where r.code like 'DEMO-%' and p.parent_id is null) as "topRegions",
      (select count(*)::int from analytics.store where code like 'DEMO-%') as stores,
      (select count(*)::int from analytics.store where code like 'DEMO-%' and currency = 'EUR') as "euroStores",
      (select count(*)::int from analytics.product where sku like 'DEMO-%') as products,
      (select count(*)::int from analytics.sale_line where source = 'demo-chain') as lines,
      (select count(*)::int from analytics.sale_line where source <> 'demo-chain') as "otherLines",
      (select count(*)::int from analytics.target) as targets,
      (select count(*)::int from analytics.target t where t.amount <> (select sum(amount) from analytics.target_month m where m.target_id = t.id)) as "unphasedTargets",
      (select count(*)::int from analytics.exchange_rate where currency in ('EUR', 'USD') and reporting_currency = 'GBP') as rates,
      (select value from analytics.setting where key = 'syntheticDemo') as synthetic,
      (select value from analytics.setting where key = 'reportingCurrency') as "reportingCurrency"`,
  );
  return s;
}

describe('chain demo', () => {
  it('writes its organisation through the services: a region code already taken is the API\'s 409, and nothing of the chain is written', async () => {
    const code = planChain(TINY).regions[0]!.code;
    await app.database.db.execute(sql`insert into analytics.region (id, parent_id, code, name)
      select 'reg_demo_test_taken', id, ${code}, 'Taken' from analytics.region where parent_id is null`);
    await expect(createChainDemo(app.database, TINY)).rejects.toMatchObject({ status: 409, code: 'ANALYTICS.REGION_CODE_TAKEN' });
    expect(await state()).toMatchObject({ regions: 1, stores: 0, lines: 0, targets: 0 });
    await app.database.db.execute(sql`delete from analytics.region where id = 'reg_demo_test_taken'`);
  });

  it('creates the chain it reports, labelled synthetic', async () => {
    const report = await createChainDemo(app.database, TINY);
    expect(report.created).toEqual({ regions: 2, stores: 3, products: 60, saleLines: 2_000, targets: 7, exchangeRates: 48 });
    expect(report.replaced).toBe(false);
    // The reporting currency stays the shop's (GBP by default): the rates go into it, the setting is not written.
    expect(report.reportingCurrency).toBe('GBP');
    expect(await state()).toEqual({
      regions: 2, topRegions: 1, stores: 3, euroStores: 1, products: 60, lines: 2_000, otherLines: 0, targets: 7, unphasedTargets: 0, rates: 48,
      synthetic: true, reportingCurrency: null,
    });
    // Every line belongs to a demo store, in that store's currency.
    const [mismatch] = await rows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from analytics.sale_line l join analytics.store s on s.id = l.store_id where s.code not like 'DEMO-%' or s.currency <> l.currency`,
    );
    expect(mismatch?.n).toBe(0);
  });

  it('is refused when a chain exists, and changes nothing', async () => {
    const before = await state();
    const failure = await createChainDemo(app.database, { ...TINY, seed: 1 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ status: 409, code: 'ANALYTICS.DEMO_CHAIN_EXISTS' });
    expect(await state()).toEqual(before);
  });

  it('replaces the chain with --replace, keeping the lines of other sources and resetting the rollups', async () => {
    await app.database.db.execute(sql`
      insert into analytics.store (id, code, name, kind, region_id, country, opened_on, currency, time_zone)
      select 'sto_demo_test_own', 'OWN-1', 'Own store', 'physical', id, 'US', '2020-01-01', 'USD', 'America/Chicago' from analytics.region where parent_id is null`);
    const own = {
      storeId: 'sto_demo_test_own', soldAt: '2025-03-01T15:00:00Z', localAt: '2025-03-01T09:00:00', reference: 'OWN-R1', sku: 'OWN-SKU', category: 'Own',
      quantity: 1, netRevenue: 1234, currency: 'USD', source: 'test', sourceKey: 'test:own:1',
    };
    await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, [own]));
    const [kept] = await rows<{ id: number }>(app.database.db, sql`select id::int from analytics.sale_line where source_key = 'test:own:1'`);
    // A rollup row that no fact explains: replacing empties the rollups (the next catch-up recomputes them).
    await app.database.db.execute(sql`insert into analytics.sales_day_store (day, store_id, currency, net_revenue) values ('2025-03-02', 'sto_demo_test_own', 'USD', 999)`);

    const report = await createChainDemo(app.database, { ...TINY, seed: 7, replace: true });
    expect(report.replaced).toBe(true);
    // Replacing rebuilt the rollups from the facts left, at once: the other source's day is there, the stray row is not.
    const rebuilt = await rows<{ day: string; net: number }>(app.database.db, sql`select day::text, net_revenue::int as net from analytics.sales_day_store where store_id = 'sto_demo_test_own' order by day`);
    expect(rebuilt).toEqual([{ day: '2025-03-01', net: 1234 }]);
    expect(report.exchangeRatesKept).toBe(48);
    expect(await state()).toMatchObject({ regions: 2, stores: 3, products: 60, lines: 2_000, otherLines: 1, targets: 7, unphasedTargets: 0, rates: 48, synthetic: true });
    const [still] = await rows<{ id: number; net: number }>(app.database.db, sql`select id::int, net_revenue::int as net from analytics.sale_line where source_key = 'test:own:1'`);
    expect(still).toEqual({ id: kept?.id, net: 1234 });
    // The new chain's facts are caught up like any others.
    await app.analytics.catchUpRollups();
    const [sums] = await rows<{ facts: number; rolled: number }>(app.database.db, sql`select
      (select coalesce(sum(net_revenue), 0)::bigint::text from analytics.sale_line) as facts,
      (select coalesce(sum(net_revenue), 0)::bigint::text from analytics.sales_day_store) as rolled`);
    expect(sums?.rolled).toBe(sums?.facts);
    const [stale] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from analytics.sales_day_store where store_id = 'sto_demo_test_own' and net_revenue = 999`);
    expect(stale?.n).toBe(0);
    // The new chain is seed 7's: not one source key of seed 42 is left.
    const [old] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from analytics.sale_line where source_key like 'DEMO-42:%'`);
    expect(old?.n).toBe(0);
  });

  it('refuses sizes out of range with a 400 problem', async () => {
    await expect(createChainDemo(app.database, { ...TINY, stores: 0, replace: true })).rejects.toMatchObject({ status: 400, code: 'ANALYTICS.INVALID' });
  });
});

describe.skipIf(onPostgres)('npx comptoir demo chain', () => {
  it('creates a chain, then refuses a second one with a clear error and exit code 2', async () => {
    const run = promisify(execFile);
    const env: NodeJS.ProcessEnv = { ...process.env, COMPTOIR_DATA_DIR: mkdtempSync(join(tmpdir(), 'comptoir-demo-chain-')), COMPTOIR_DEMO: 'false', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const args = ['--import', 'tsx', 'src/main.ts', 'demo', 'chain', '--stores', '3', '--regions', '2', '--products', '60', '--lines', '2000', '--year', '2025'];
    const { stdout } = await run(process.execPath, args, { env });
    expect(stdout).toContain('Created a synthetic demo chain (seed 42, 2025)');
    expect(stdout).toContain('2 regions, 3 stores, 60 products, 7 targets, 48 exchange rates; reporting currency GBP');
    expect(stdout).toMatch(/2000 sale lines in/);
    const second = await run(process.execPath, args, { env }).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(second?.code).toBe(2);
    expect(second?.stderr).toContain('Refused (ANALYTICS.DEMO_CHAIN_EXISTS)');
    expect(second?.stderr).toContain('--replace');
  }, 120_000);
});
