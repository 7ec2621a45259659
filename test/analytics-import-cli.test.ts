/**
 * `npx comptoir import stores|targets <file.csv>`: the analytics CSV imports of the back office from
 * the command line, with the same checks and report; a refused file exits 2 and writes nothing.
 * Runs the real CLI in a child process, on PostgreSQL (the test's fresh database) or on an
 * embedded PGlite data directory that the test opens after the CLI has exited.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows } from '../src/platform/db/index.js';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'comptoir-analytics-cli-'));
const dataDir = join(dir, 'data');
let app: TestApp | undefined;

beforeAll(async () => {
  if (onPostgres) app = await createTestApp();
});
afterAll(() => app?.close());

/** Runs `comptoir import <source> <file> …args` against the test's database; stdout, stderr and the exit code. */
async function cli(source: string, name: string, text: string, ...args: string[]) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const env: NodeJS.ProcessEnv = { ...process.env, COMPTOIR_DATA_DIR: dataDir, COMPTOIR_DEMO: 'false', LOG_LEVEL: 'warn' };
  if (app) env.DATABASE_URL = app.config.databaseUrl;
  else delete env.DATABASE_URL;
  return run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'import', source, file, ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** Stores, regions and targets (with the sum of their months) the database holds. */
async function state() {
  const query = sql`select
    (select coalesce(string_agg(code, ',' order by code), '') from analytics.store where code like 'CLI-%') as stores,
    (select coalesce(string_agg(code, ',' order by code), '') from analytics.region where code like 'CLI-%') as regions,
    (select coalesce(string_agg(s.code || ' ' || t.metric || ' ' || t.amount || '=' || (select sum(amount) from analytics.target_month m where m.target_id = t.id), ',' order by s.code), '')
       from analytics.target t join analytics.store s on s.id = t.node_id) as targets`;
  if (app) return (await rows<Record<string, string>>(app.database.db, query))[0];
  const database = await openDatabase({ dataDir });
  try {
    return (await rows<Record<string, string>>(database.db, query))[0];
  } finally {
    await database.close();
  }
}

const HEADER = 'code,name,kind,region_code,city,country,opened_on,closed_on,selling_area_m2,currency,time_zone';
const STORES = [HEADER, 'CLI-1,Leeds,physical,CLI-NORTH,Leeds,GB,2022-01-01,,120,GBP,Europe/London', 'CLI-2,Lyon,physical,CLI-SOUTH,Lyon,FR,2022-01-01,,,EUR,Europe/Paris'].join('\n');

describe('comptoir import stores|targets', () => {
  it('refuses a stores file with rejected rows (exit 2, rows listed, nothing written), then imports it with --create-missing', async () => {
    const refused = await cli('stores', 'stores.csv', STORES, '--report', join(dir, 'refused.json'));
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout).toContain('line 2: ANALYTICS.UNKNOWN_REGION CLI-1: unknown region code CLI-NORTH');
    expect(refused.stderr).toContain('Import refused (ANALYTICS.IMPORT_REJECTED)');
    const report = JSON.parse(readFileSync(join(dir, 'refused.json'), 'utf8')) as { rejected: { line: number; code: string }[] };
    expect(report.rejected.map((r) => [r.line, r.code])).toEqual([[2, 'ANALYTICS.UNKNOWN_REGION'], [3, 'ANALYTICS.UNKNOWN_REGION']]);
    expect(await state()).toEqual({ stores: '', regions: '', targets: '' });

    const done = await cli('stores', 'stores.csv', STORES, '--create-missing');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('2 created, 0 updated, 0 unchanged, 2 regions created');
    expect(await state()).toEqual({ stores: 'CLI-1,CLI-2', regions: 'CLI-NORTH,CLI-SOUTH', targets: '' });
  }, 240_000);

  it('refuses a targets file whose percentages miss 100 % (exit 2, nothing written), then imports a good one', async () => {
    const months = (pct: (m: number) => string) => Array.from({ length: 12 }, (_, i) => `CLI-2,2031,${i + 1},,${pct(i + 1)}`);
    const bad = ['store_code,year,month,amount,percent', 'CLI-1,2031,,12000,', 'CLI-2,2031,,1200,', ...months(() => '8')].join('\n');
    const refused = await cli('targets', 'targets.csv', bad);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('Import refused (ANALYTICS.TARGET_PHASING_INVALID)');
    expect(refused.stderr).toContain('CLI-2');
    expect(await state()).toMatchObject({ targets: '' });

    const good = ['store_code,year,month,amount,percent', 'CLI-1,2031,,12000,', 'CLI-2,2031,,1200,', ...months((m) => (m === 1 ? '12' : '8'))].join('\n');
    const done = await cli('targets', 'targets.csv', good);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('2 targets created or replaced');
    expect(await state()).toMatchObject({ targets: 'CLI-1 revenue 12000=12000,CLI-2 revenue 1200=1200' });
  }, 240_000);
});
