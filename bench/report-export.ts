/**
 * Report export bench (PostgreSQL): the `sale-lines` report of one store over 1,000,000 sale
 * lines (10,000 a day from 2026-01-01), exported over HTTP from a listening app:
 * - XLSX of 10 days (100,000 rows): wall time and the process's peak RSS (measured first, so the
 *   peak is the XLSX's);
 * - CSV of the 100 days (1,000,000 rows): rows/s.
 * Both answered at once (REPORT_EXPORT_SYNC_ROWS above the rows), streamed, the body counted and
 * dropped by the client. Prints a markdown table.
 * Usage: node --import tsx bench/report-export.ts [lines, default 1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { createScratchDatabase } from './lib/postgres.js';
import { BENCH_ADMIN } from './lib/shop.js';

const LINES = Number(process.argv[2] ?? 1_000_000);
const PER_DAY = 10_000;
const log = (m: string) => process.stderr.write(`[report-export ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const db = await createScratchDatabase();
const dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-export-'));
const load = [loadavg()[0] ?? 0];
try {
  const config = { ...loadConfig({}), dataDir: dir, databaseUrl: db.url, logLevel: 'warn', demoData: false, jwtSecret: 'comptoir-bench-secret-not-for-production-use-0123456789', reportExportSyncRows: LINES + 1, writeRateLimitPerMinute: 0, adminEmail: BENCH_ADMIN.email, adminPassword: BENCH_ADMIN.password };
  const app = await createApp({ config, logger: pino({ level: 'warn' }) });
  const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { rows: [root] } = await app.database.db.execute(sql`select id from analytics.region where parent_id is null`) as unknown as { rows: { id: string }[] };
  await app.database.db.execute(sql`insert into analytics.store (id, code, name, kind, region_id, city, country, opened_on, currency, time_zone)
    values ('sto_bench', 'BENCH', 'Bench', 'physical', ${root?.id}, 'Leeds', 'GB', '2020-01-01', 'GBP', 'Europe/London')`);
  log(`writing ${LINES} sale lines`);
  let t = performance.now();
  await app.database.db.execute(sql`insert into analytics.sale_line (store_id, sold_at, local_at, reference, sku, category, quantity, net_revenue, tax, unit_cost, currency, source, source_key)
    select 'sto_bench', ts, ts, 'R' || (g / 3), 'SKU' || (g % 4000), 'Category ' || (g % 20), 1 + g % 3, 100 + g % 5000, 20, 50, 'GBP', 'bench', 'bench:' || g
    from generate_series(0, ${LINES - 1}) g, lateral (select timestamp '2026-01-01' + g * (86400.0 / ${PER_DAY}) * interval '1 second' as ts) x`);
  await app.database.db.execute(sql`analyze analytics.sale_line`);
  log(`lines written in ${Math.round(performance.now() - t)} ms; rolling them up (so the rollup job does not run during the measures)`);
  await app.analytics.catchUpRollups();
  const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) });
  const { accessToken: token } = await login.json() as { accessToken: string };
  const exportOf = async (query: string) => {
    const start = performance.now();
    const res = await fetch(`${address}/api/admin/analytics/reports/sale-lines/export?node=sto_bench&${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Uint8Array).length;
    return { ms: performance.now() - start, bytes };
  };
  const days = Math.floor(100_000 / PER_DAY);
  const rssBefore = process.memoryUsage().rss;
  log('XLSX, 100,000 rows');
  const xlsx = await exportOf(`period=custom&from=2026-01-01&to=2026-01-${String(days).padStart(2, '0')}&format=xlsx`);
  const peakXlsx = process.resourceUsage().maxRSS * 1024;
  log(`CSV, ${LINES} rows`);
  const lastDay = new Date(Date.UTC(2026, 0, 1) + (Math.ceil(LINES / PER_DAY) - 1) * 86_400_000).toISOString().slice(0, 10);
  t = performance.now();
  const csv = await exportOf(`period=custom&from=2026-01-01&to=${lastDay}&format=csv`);
  load.push(loadavg()[0] ?? 0);
  process.stdout.write([
    `| export (PostgreSQL, ${new Date().toISOString().slice(0, 10)}) | rows | wall | rate | file | peak RSS (before) | load 1 min |`,
    '|---|--:|--:|--:|--:|--:|--:|',
    `| XLSX, sale-lines, 10 days | 100,000 | ${(xlsx.ms / 1000).toFixed(1)} s | ${Math.round(100_000 / (xlsx.ms / 1000)).toLocaleString('en')} rows/s | ${mb(xlsx.bytes)} MB | ${mb(peakXlsx)} MB (${mb(rssBefore)} MB) | ${load[0]?.toFixed(1)} |`,
    `| CSV, sale-lines, ${Math.ceil(LINES / PER_DAY)} days | ${LINES.toLocaleString('en')} | ${(csv.ms / 1000).toFixed(1)} s | ${Math.round(LINES / (csv.ms / 1000)).toLocaleString('en')} rows/s | ${mb(csv.bytes)} MB | | ${load[1]?.toFixed(1)} |`,
  ].join('\n') + '\n');
  await app.close();
} finally {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
