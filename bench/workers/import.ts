/**
 * Times one Online Retail import through the app's contract, with the app's sources (tsx),
 * the same environment as the server (DATABASE_URL or COMPTOIR_DATA_DIR) and an IPC channel:
 * sends an {@link ImportTiming} to the parent and exits. Process start, migrations and the
 * final outbox drain are timed apart from the import itself.
 * Usage: node --import tsx bench/workers/import.ts <file.csv>
 */
import { pino } from 'pino';
import type * as AppModule from '../../src/app.js';
import type * as ConfigModule from '../../src/platform/config.js';

/** What the import worker reports to the bench. Durations in ms. */
export interface ImportTiming {
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  created: { products: number; customers: number; orders: number; returns: number };
  /** Opening the app: database, migrations, modules. */
  openMs: number;
  /** The contract call `imports.importOnlineRetail`, analysis and writes. */
  importMs: number;
  /** Delivering the outbox events the import wrote (search documents and other subscribers). */
  drainMs: number;
  /** Time spent in each progress phase of the import, in the order the phases began. */
  phasesMs: Array<{ phase: string; ms: number }>;
}

const file = process.argv[2];
if (!file || !process.send) throw new Error('usage: node --import tsx bench/workers/import.ts <file.csv> (with an IPC channel)');

const { createApp } = (await import('../../src/app.js')) as typeof AppModule;
const { loadConfig } = (await import('../../src/platform/config.js')) as typeof ConfigModule;

const t0 = performance.now();
const app = await createApp({ config: loadConfig(), logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }), relay: true });
const t1 = performance.now();
/** Each phase with the time of its last progress report (a phase reports once more when it ends). */
const phases: Array<{ phase: string; lastAt: number }> = [];
const onProgress = (p: { phase: string }) => {
  const last = phases.at(-1);
  if (last?.phase === p.phase) last.lastAt = performance.now();
  else phases.push({ phase: p.phase, lastAt: performance.now() });
};
try {
  const report = await app.imports.importOnlineRetail(file, { openingStock: 100 }, onProgress);
  const t2 = performance.now();
  const phasesMs = phases
    .filter((p) => p.phase !== 'done' && p.phase !== 'queued')
    .map((p, i, all) => ({ phase: p.phase, ms: p.lastAt - (all[i - 1]?.lastAt ?? t1) }));
  await app.relay.drain();
  const t3 = performance.now();
  const timing: ImportTiming = {
    rowsRead: report.counts.read, rowsImported: report.counts.imported, rowsRejected: report.counts.rejected,
    created: report.created, openMs: t1 - t0, importMs: t2 - t1, drainMs: t3 - t2, phasesMs,
  };
  await new Promise<void>((resolve, reject) => process.send?.(timing, (err: Error | null) => (err ? reject(err) : resolve())));
} finally {
  await app.close();
}
process.exit(0);
