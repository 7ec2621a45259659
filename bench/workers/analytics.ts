/**
 * The analytics bench's writer, run with the app's sources (tsx) and the server's environment,
 * with an IPC channel; sends one result message to the parent and exits. Modes:
 * - `generate <lines> <year>`: `createChainDemo` (200 stores, 20 regions, 4,000 products, seed 42),
 *   the chain demo's own write path; sends {@link GenerateResult}.
 * - `append <lines> <year> <seed>`: lines of another seed for the same chain, generated first, then
 *   written through `appendSaleLines` in 20,000-line transactions (an import's write path without
 *   parsing); sends {@link AppendResult} with the instant of the last commit and the largest id.
 * - `csv <file> <lines> <year> <seed>`: writes a POS sales CSV of the chain's US stores (what
 *   `comptoir import sales` reads) and its mapping file `<file>.mapping.json`; sends {@link CsvResult}.
 * Usage: node --import tsx bench/workers/analytics.ts <mode> …
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import type * as AppModule from '../../src/app.js';
import type * as ConfigModule from '../../src/platform/config.js';
import type * as AnalyticsModule from '../../src/modules/analytics/index.js';
import type * as GeneratorModule from '../../src/modules/analytics/domain/chain-generator.js';
import type * as DbModule from '../../src/platform/db/index.js';
import type { SaleLineInput } from '../../src/modules/analytics/index.js';

/** The chain every analytics bench row runs on (the sizes). */
export const BENCH_CHAIN = { seed: 42, stores: 200, regions: 20, products: 4_000 } as const;

/** `generate`: the demo's write path. Durations in ms. */
export interface GenerateResult {
  mode: 'generate';
  lines: number;
  /** Generating and writing the lines (`ChainDemoReport.factsMs`). */
  factsMs: number;
  /** The whole command: organisation, facts, targets, rates. */
  totalMs: number;
  openMs: number;
}

/** `append`: lines written, write time, and what the rollups must reach. */
export interface AppendResult {
  mode: 'append';
  lines: number;
  /** Writing only (the lines were generated before), ms. */
  writeMs: number;
  /** `Date.now()` right after the last commit. */
  lastCommitAt: number;
  /** Largest `sale_line.id` once written. */
  maxId: number;
}

/** `csv`: the file written and its line count (header excluded). */
export interface CsvResult {
  mode: 'csv';
  file: string;
  mapping: string;
  lines: number;
}

const [mode, ...args] = process.argv.slice(2);
if (!mode || !process.send) throw new Error('usage: node --import tsx bench/workers/analytics.ts generate|append|csv … (with an IPC channel)');

const send = (m: unknown) => new Promise<void>((resolve, reject) => process.send?.(m, (err: Error | null) => (err ? reject(err) : resolve())));
const int = (s: string | undefined, name: string) => {
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${s}`);
  return n;
};

if (mode === 'csv') {
  const [file, lines, year, seed] = [args[0] as string, int(args[1], 'lines'), int(args[2], 'year'), int(args[3], 'seed')];
  const gen = (await import('../../src/modules/analytics/domain/chain-generator.js')) as typeof GeneratorModule;
  // More lines than asked, since the euro store's are left out (one currency per mapping).
  const plan = gen.planChain({ ...BENCH_CHAIN, seed, lines: Math.ceil(lines * 1.02) + 100, year });
  const usd = plan.stores.map((s) => (s.currency === 'USD' ? s.code : null));
  const products = new Map(plan.products.map((p) => [p.sku, p.title]));
  const out = createWriteStream(file);
  out.write('store,sold_at,receipt,sku,product,category,quantity,amount,unit_cost,customer\n');
  let written = 0;
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  outer: for (const batch of gen.chainSales(plan, usd.map((c) => c ?? ''), gen.emptyActuals(plan))) {
    let chunk = '';
    for (const l of batch) {
      if (!l.storeId) continue;
      if (written === lines) break;
      const money = (m: number) => (m / 100).toFixed(2);
      chunk += `${l.storeId},${l.localAt.replace('T', ' ')},${l.reference},${l.sku},${quote(products.get(l.sku) ?? '')},${quote(l.category ?? '')},${l.quantity},${money(l.netRevenue)},${money(l.unitCost ?? 0)},${l.customerRef ?? ''}\n`;
      written++;
    }
    if (!out.write(chunk)) await once(out, 'drain');
    if (written === lines) break outer;
  }
  out.end();
  await once(out, 'finish');
  const mapping = `${file}.mapping.json`;
  await writeFile(mapping, JSON.stringify({
    columns: { store: 'store', date: 'sold_at', receipt: 'receipt', sku: 'sku', productName: 'product', category: 'category', quantity: 'quantity', lineAmount: 'amount', unitCost: 'unit_cost', customer: 'customer' },
    dateFormat: 'iso', currency: 'USD', timeZone: 'America/Chicago', country: 'US', amountsIncludeTax: false,
  }, null, 2));
  await send({ mode: 'csv', file, mapping, lines: written } satisfies CsvResult);
  process.exit(0);
}

const { createApp } = (await import('../../src/app.js')) as typeof AppModule;
const { loadConfig } = (await import('../../src/platform/config.js')) as typeof ConfigModule;
const { rows } = (await import('../../src/platform/db/index.js')) as typeof DbModule;
const t0 = performance.now();
const app = await createApp({ config: loadConfig(), logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }), relay: false });
const openMs = performance.now() - t0;
// The rollups are the server's to build (its job is timed by the bench): not this process's.
await app.jobs.stop();
try {
  if (mode === 'generate') {
    const [lines, year] = [int(args[0], 'lines'), int(args[1], 'year')];
    const { createChainDemo } = (await import('../../src/modules/analytics/index.js')) as typeof AnalyticsModule;
    let last = 0;
    const report = await createChainDemo(app.database, { ...BENCH_CHAIN, lines, year }, (p) => {
      if (p.lines - last >= 1_000_000) {
        last = p.lines;
        process.stderr.write(`generate: ${p.lines} lines written\n`);
      }
    });
    await send({ mode: 'generate', lines: report.created.saleLines, factsMs: report.factsMs, totalMs: report.durationMs, openMs } satisfies GenerateResult);
  } else if (mode === 'append') {
    const [lines, year, seed] = [int(args[0], 'lines'), int(args[1], 'year'), int(args[2], 'seed')];
    const gen = (await import('../../src/modules/analytics/domain/chain-generator.js')) as typeof GeneratorModule;
    const found = await rows<{ code: string; id: string }>(app.database.db, sql`select code, id from analytics.store where code like 'DEMO-%'`);
    const ids = new Map(found.map((r) => [r.code, r.id]));
    const plan = gen.planChain({ ...BENCH_CHAIN, seed, lines, year });
    const storeIds = plan.stores.map((s) => {
      const id = ids.get(s.code);
      if (!id) throw new Error(`append: no store ${s.code}; run generate first`);
      return id;
    });
    const batches: SaleLineInput[][] = [...gen.chainSales(plan, storeIds, gen.emptyActuals(plan), 20_000)];
    const since = performance.now();
    let written = 0;
    for (const batch of batches) written += await app.database.transaction((tx) => app.analytics.appendSaleLines(tx, batch));
    const lastCommitAt = Date.now();
    const writeMs = performance.now() - since;
    const [max] = await rows<{ id: string | number }>(app.database.db, sql`select max(id)::bigint as id from analytics.sale_line`);
    await send({ mode: 'append', lines: written, writeMs, lastCommitAt, maxId: Number(max?.id ?? 0) } satisfies AppendResult);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await app.close();
}
process.exit(0);
