/**
 * The embedded default as a shop owner runs it: `comptoir import online-retail <file>` into a
 * fresh data dir (the whole command, process start to exit) and `comptoir serve` on that data
 * (spawn to the first 200 of `GET /ready`), each several times, on PGlite, with wall time, CPU
 * time (user + system) and peak RSS (VmHWM) of the process. Steps `cli-import` and `serve-ready`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMs, freePort, logTail, startChild, stopChild, waitUntilOk, type Child } from './processes.js';
import { median } from './report.js';

/** The issue's goals for the embedded default (wall ms, MB). */
export const EMBEDDED_GOALS = { cliImportMs: 6_000, serveReadyMs: 2_000, rssMb: 250 } as const;

/** One run of a command: wall ms from spawn, CPU ms (user + system), peak RSS MB (VmHWM); RSS MB at ready for serve. */
export interface EmbeddedRun {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  rssMb?: number;
}

/** What the `cli-import` and `serve-ready` steps measured. */
export interface EmbeddedSummary {
  file: string;
  imports: EmbeddedRun[];
  starts: EmbeddedRun[];
  error?: string;
}

/** Peak RSS (VmHWM) and RSS (VmRSS) of a live process, MB; undefined once it is gone. */
function memoryMb(pid: number): { peak: number; rss: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peak: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Follows `child` until it exits, reading its peak RSS and CPU time every 10 ms (both only grow,
 * so the last reading misses at most the final 10 ms). @throws Error (with the log tail) on a non-zero exit.
 */
async function followToExit(child: Child, since: number): Promise<EmbeddedRun> {
  let exited: number | null | undefined;
  void child.exited.then((code) => (exited = code));
  let last = { peak: 0, cpu: 0 };
  while (exited === undefined) {
    const memory = memoryMb(child.pid);
    let cpu = last.cpu;
    try {
      cpu = cpuMs(child.pid);
    } catch {
      // gone between the two reads
    }
    // A process that has exited but is not yet reaped has no VmHWM line: keep the last reading.
    if (memory && Number.isFinite(memory.peak)) last = { peak: Math.max(last.peak, memory.peak), cpu };
    await sleep(10);
  }
  const wallMs = performance.now() - since;
  if (exited !== 0) throw new Error(`${child.name} failed (exit ${exited}):\n${logTail(child)}`);
  return { wallMs, cpuMs: last.cpu, peakRssMb: last.peak };
}

/**
 * Runs `runs` CLI imports of `file`, each into a fresh data dir under `dir` (the last one is kept
 * for the serve runs), then `runs` serves on it. The PGlite template cluster is made beforehand
 * (`comptoir migrate` in a scratch data dir) so that every import measures a fresh data dir as
 * it is after the first one on this machine. Environment: `env` (quiet logs, no demo import).
 */
export async function benchEmbedded(root: string, dir: string, file: string, runs: { imports: number; starts: number }, env: NodeJS.ProcessEnv, log: (m: string) => void): Promise<EmbeddedSummary> {
  const summary: EmbeddedSummary = { file, imports: [], starts: [] };
  const withData = (dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...env, COMPTOIR_DATA_DIR: dataDir, ...extra });
  try {
    mkdirSync(dir, { recursive: true });
    const warm = startChild('migrate (template)', process.execPath, ['dist/main.js', 'migrate'], { env: withData(join(dir, 'warm')), cwd: root, logFile: join(dir, 'warm.log') });
    await followToExit(warm, performance.now());
    let dataDir = '';
    for (let i = 0; i < runs.imports; i++) {
      dataDir = join(dir, `data-${i}`);
      const since = performance.now();
      const child = startChild('comptoir import', process.execPath, ['dist/main.js', 'import', 'online-retail', file], { env: withData(dataDir), cwd: root, logFile: join(dir, `import-${i}.log`) });
      const run = await followToExit(child, since);
      summary.imports.push(run);
      log(`cli-import: ${Math.round(run.wallMs)} ms, CPU ${Math.round(run.cpuMs)} ms, peak RSS ${Math.round(run.peakRssMb)} MB`);
    }
    for (let i = 0; i < runs.starts && dataDir; i++) {
      const port = await freePort();
      const since = performance.now();
      const child = startChild('comptoir serve', process.execPath, ['dist/main.js', 'serve'], { env: withData(dataDir, { PORT: String(port), HOST: '127.0.0.1' }), cwd: root, logFile: join(dir, `serve-${i}.log`) });
      try {
        const wallMs = await waitUntilOk(`http://127.0.0.1:${port}/ready`, child, since);
        const memory = memoryMb(child.pid);
        const run = { wallMs, cpuMs: cpuMs(child.pid), peakRssMb: memory?.peak ?? NaN, rssMb: memory?.rss };
        summary.starts.push(run);
        log(`serve-ready: ${Math.round(run.wallMs)} ms, CPU ${Math.round(run.cpuMs)} ms, RSS ${Math.round(run.rssMb ?? NaN)} MB (peak ${Math.round(run.peakRssMb)} MB)`);
      } finally {
        await stopChild(child);
      }
    }
  } catch (err) {
    summary.error = err instanceof Error ? err.message : String(err);
    log(`embedded: ${summary.error}`);
  }
  return summary;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?');
const each = (values: number[]) => values.map(int).join(', ');

/** The `cli-import` and `serve-ready` rows (markdown table with medians, every run in brackets, and verdicts). */
export function embeddedLines(s: EmbeddedSummary): string[] {
  const row = (label: string, runs: EmbeddedRun[], goalMs: number) => {
    if (runs.length === 0) return `| ${label} | 0 | | | | | not run |`;
    const wall = median(runs.map((r) => r.wallMs));
    const peak = median(runs.map((r) => r.peakRssMb));
    const ok = wall <= goalMs && peak <= EMBEDDED_GOALS.rssMb;
    return (
      `| ${label} | ${runs.length} | ${int(wall)} (${each(runs.map((r) => r.wallMs))}) | ${int(median(runs.map((r) => r.cpuMs)))} (${each(runs.map((r) => r.cpuMs))}) ` +
      `| ${int(peak)} (${each(runs.map((r) => r.peakRssMb))}) | ≤ ${int(goalMs)} ms, ≤ ${EMBEDDED_GOALS.rssMb} MB | ${ok ? 'met' : `**not met** (${(wall / goalMs).toFixed(1)}× time, ${(peak / EMBEDDED_GOALS.rssMb).toFixed(1)}× RSS)`} |`
    );
  };
  return [
    `Embedded default (PGlite): \`comptoir import online-retail ${s.file}\`, the whole command into a fresh data dir (template cluster already made), ` +
      'then `comptoir serve` on that data, spawn → first 200 of `GET /ready`. Medians, each run in brackets; CPU = user + system of the process; ' +
      'peak RSS = VmHWM (for serve, at ready). Wall times depend on the load average below; CPU and RSS much less.',
    '',
    '| measurement | runs | wall ms | CPU ms | peak RSS MB | goal | verdict |',
    '|---|--:|--:|--:|--:|---|---|',
    row('cli-import', s.imports, EMBEDDED_GOALS.cliImportMs),
    row('serve-ready', s.starts, EMBEDDED_GOALS.serveReadyMs),
    '',
    ...(s.starts.length ? [`RSS at ready (serve): median ${int(median(s.starts.map((r) => r.rssMb ?? NaN)))} MB.`] : []),
    ...(s.error ? [`**embedded run stopped on an error**: ${s.error.split('\n')[0]}`] : []),
    '',
  ];
}
