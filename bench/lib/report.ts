import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ImportTiming } from '../workers/import.js';
import type { LoadResult } from './load.js';
import type { DbKind } from './options.js';
import type { CheckoutResult } from './shop.js';
import { embeddedLines, type EmbeddedSummary } from './embedded.js';

/** One load scenario's row. `db` is null for the bare-Fastify baselines. */
export interface LoadRow {
  scenario: 'products' | 'site-products' | 'product' | 'search' | 'addtocart' | 'baseline' | 'baseline-stringify' | 'gateway';
  label: string;
  db: DbKind | null;
  /** Absent when the scenario could not run (`skipped` says why). */
  result?: LoadResult;
  /** `gateway` rows: the same request loaded on the service directly, the reference of the ratio and of the added latency. */
  direct?: LoadResult;
  /** Server RSS right after the load, MB. */
  rssMb?: number;
  skipped?: string;
  /** What the endpoint answered before the load (e.g. how many hits), for reading the numbers. */
  note?: string;
  /** Server CPU time (user + system) in the measured run ÷ requests, ms (buying rows). */
  cpuMsPerRequest?: number;
  /** PostgreSQL's CPU time (its local processes) during the load ÷ requests, ms; absent when not measured. */
  databaseCpuMsPerRequest?: number;
}

/** The checkout scenario's row (shopper loops, not autocannon). */
export interface CheckoutRow {
  label: string;
  db: DbKind;
  /** Absent when the scenario could not run (`skipped` says why). */
  result?: CheckoutResult;
  /** Server RSS right after the load, MB. */
  rssMb?: number;
  skipped?: string;
  note?: string;
  /** Through the services-mode gateway: judged against {@link GOALS.gatewayCheckout} (checkouts/s only). */
  gateway?: boolean;
}

/** Per-database numbers that are not load rows. */
export interface DbSummary {
  db: DbKind;
  importFile?: string;
  importTiming?: ImportTiming;
  /** Each measured start, ms from spawn to the first 200 of GET /ready. */
  coldStartsMs?: number[];
  /** RSS after start + idle period, before any load, MB. */
  idleRssMb?: number;
  /** Set when this database's run stopped on an error. */
  error?: string;
  /** What the buying scenarios left behind (outbox backlog and its drain), one line each. */
  buyingNotes?: string[];
}

/** Everything the table is built from. */
export interface BenchReport {
  startedAt: Date;
  totalSeconds: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  idleSeconds: number;
  postgresVersion?: string;
  /** How the server reached PostgreSQL, in words (e.g. `over its Unix socket (/var/run/postgresql)`). */
  postgresConnection: string;
  datasetNote: string;
  /** 1-minute load average when the run began and when it ended (other work on the machine skews every number). */
  loadAverage: { start: number; end: number };
  rows: LoadRow[];
  /** Concurrent shopper loops of the checkout rows. */
  shoppers: number;
  checkoutRows: CheckoutRow[];
  summaries: DbSummary[];
  /** The embedded default's rows (`cli-import`, `serve-ready`), when measured. */
  embedded?: EmbeddedSummary;
  /** Further sections in markdown (the analytics table), printed before the per-database lines. */
  extra?: string[];
}

/** The issue's goals (they are stated for PostgreSQL; PGlite rows show them for information). */
export const GOALS = {
  catalog: { rps: 8_000, p99Ms: 25 },
  search: { rps: 1_500 },
  importRowsPerSecond: 20_000,
  coldStartMs: 1_000,
  idleRssMb: 150,
  checkout: { perSecond: 300, p95Ms: 100 },
  addToCart: { p99Ms: 20 },
  /** Through the services-mode gateway: at least this share of the direct catalog req/s, and this p99 (issue 18 §5). */
  gateway: { share: 0.5, p99Ms: 50 },
  /** Checkouts per second through the gateway (issue 18 §5). */
  gatewayCheckout: { perSecond: 150 },
} as const;

/** What the issue quotes for the others (measured elsewhere, not by this harness). */
export const REFERENCES = {
  vendure3Checkout: { perSecond: 5.5, p95Ms: 2_000, shoppers: 10 },
  medusaAddToCart: 'Medusa users report 1–15 s',
} as const;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** PASS/MISS against a goal; on PGlite the verdict is marked informational. */
function verdict(ok: boolean, db: DbKind | null, miss = ''): string {
  const v = ok ? 'PASS' : `MISS${miss ? ` (${miss})` : ''}`;
  return db === 'pglite' ? `${v}, info only: goal is for PostgreSQL` : v;
}

function goalOf(row: LoadRow): { text: string; check?: (r: LoadResult) => { ok: boolean; miss: string } } {
  if (row.scenario === 'baseline') return { text: 'machine limit' };
  if (row.scenario === 'baseline-stringify') return { text: 'reference' };
  if (row.scenario === 'addtocart') {
    const g = GOALS.addToCart;
    return {
      text: `p99 ≤ ${g.p99Ms} ms (${REFERENCES.medusaAddToCart})`,
      check: (r) => ({ ok: r.p99Ms <= g.p99Ms, miss: `p99 ${(r.p99Ms / g.p99Ms).toFixed(1)}× goal` }),
    };
  }
  if (row.scenario === 'gateway') {
    const g = GOALS.gateway;
    const direct = row.direct;
    return {
      text: `≥ ${Math.round(100 * g.share)}% of direct req/s, p99 ≤ ${g.p99Ms} ms`,
      check: (r) => {
        const share = direct ? r.requestsPerSecond / direct.requestsPerSecond : 0;
        const misses = [
          ...(share < g.share ? [`${Math.round(100 * share)}% of direct req/s`] : []),
          ...(r.p99Ms > g.p99Ms ? [`p99 ${(r.p99Ms / g.p99Ms).toFixed(1)}× goal`] : []),
        ];
        return { ok: misses.length === 0, miss: misses.join(', ') };
      },
    };
  }
  if (row.scenario === 'search') {
    const g = GOALS.search;
    return { text: `≥ ${int(g.rps)} req/s`, check: (r) => ({ ok: r.requestsPerSecond >= g.rps, miss: `${Math.round((100 * r.requestsPerSecond) / g.rps)}% of goal` }) };
  }
  const g = GOALS.catalog;
  return {
    text: `≥ ${int(g.rps)} req/s, p99 ≤ ${g.p99Ms} ms`,
    check: (r) => {
      const misses = [
        ...(r.requestsPerSecond < g.rps ? [`${Math.round((100 * r.requestsPerSecond) / g.rps)}% of req/s goal`] : []),
        ...(r.p99Ms > g.p99Ms ? [`p99 ${(r.p99Ms / g.p99Ms).toFixed(1)}× goal`] : []),
      ];
      return { ok: misses.length === 0, miss: misses.join(', ') };
    },
  };
}

function loadLine(row: LoadRow, baselineRps: number | undefined): string {
  const goal = goalOf(row);
  const db = row.db ?? '—';
  const notes = [
    row.note,
    row.cpuMsPerRequest === undefined ? undefined : `server CPU ${row.cpuMsPerRequest.toFixed(2)} ms/request`,
    row.databaseCpuMsPerRequest === undefined ? undefined : `PostgreSQL CPU ${row.databaseCpuMsPerRequest.toFixed(2)} ms/request`,
    row.direct && row.result
      ? `${Math.round((100 * row.result.requestsPerSecond) / row.direct.requestsPerSecond)}% of direct ${int(row.direct.requestsPerSecond)} req/s; gateway adds p50 ${ms(row.result.p50Ms - row.direct.p50Ms)} ms, p99 ${ms(row.result.p99Ms - row.direct.p99Ms)} ms`
      : undefined,
  ].filter(Boolean);
  const label = notes.length ? `${row.label} (${notes.join('; ')})` : row.label;
  const r = row.result;
  if (!r) return `| ${label} | ${db} | — | — | — | — | — | ${goal.text} | not run: ${row.skipped ?? 'unknown'} |`;
  const parts: string[] = [];
  // The baseline answers a GET from memory: a ratio to it says nothing about a write.
  if (baselineRps && row.scenario !== 'baseline' && row.scenario !== 'addtocart') parts.push(`${Math.round((100 * r.requestsPerSecond) / baselineRps)}% of baseline`);
  if (r.non2xx > 0 || r.errors > 0) parts.push(`**INVALID: ${int(r.non2xx)} non-2xx${statusList(r.statusCodes)}, ${int(r.errors)} errors**`);
  else if (goal.check) {
    const c = goal.check(r);
    parts.push(verdict(c.ok, row.db, c.miss));
  }
  const non2xx = r.errors > 0 ? `${int(r.non2xx)} (+${int(r.errors)} errors)` : int(r.non2xx);
  return `| ${label} | ${db} | ${int(r.requestsPerSecond)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${non2xx} | ${row.rssMb === undefined ? '—' : int(row.rssMb)} | ${goal.text} | ${parts.join('; ') || '—'} |`;
}

/** " (409×12, 500×1)": the non-2xx statuses of a load, or "" when there are none. */
function statusList(codes: Record<string, number>): string {
  const bad = Object.entries(codes).filter(([code]) => !code.startsWith('2'));
  return bad.length ? ` (${bad.map(([code, n]) => `${code}×${int(n)}`).join(', ')})` : '';
}

function checkoutLine(row: CheckoutRow): string {
  const g = row.gateway ? { ...GOALS.checkout, perSecond: GOALS.gatewayCheckout.perSecond, p95Ms: Infinity } : GOALS.checkout;
  const ref = REFERENCES.vendure3Checkout;
  const goal = row.gateway ? `≥ ${int(g.perSecond)} checkouts/s through the gateway` : `≥ ${int(g.perSecond)} checkouts/s, p95 ≤ ${g.p95Ms} ms`;
  const label = row.note ? `${row.label} (${row.note})` : row.label;
  const r = row.result;
  if (!r) return `| ${label} | ${row.db} | — | — | — | — | — | — | — | ${goal} | not run: ${row.skipped ?? 'unknown'} |`;
  const failed = Object.values(r.failures).reduce((a, b) => a + b, 0);
  const failures = Object.entries(r.failures).map(([k, n]) => `${k}×${int(n)}`).join(', ');
  const misses = [
    ...(r.checkoutsPerSecond < g.perSecond ? [`${Math.round((100 * r.checkoutsPerSecond) / g.perSecond)}% of checkouts/s goal`] : []),
    ...(!(r.order.p95 <= g.p95Ms) ? [`order p95 ${(r.order.p95 / g.p95Ms).toFixed(1)}× goal`] : []),
  ];
  const parts = [verdict(misses.length === 0, row.db, misses.join(', '))];
  if (!row.gateway) parts.push(r.loop.p95 <= g.p95Ms ? `loop p95 also ≤ ${g.p95Ms} ms` : `loop p95 ${(r.loop.p95 / g.p95Ms).toFixed(1)}× ${g.p95Ms} ms`);
  const times = (x: number) => `${x < 10 ? x.toFixed(1) : int(x)}×`;
  parts.push(
    `vs Vendure 3 (${ref.perSecond} checkouts/s, p95 ${(ref.p95Ms / 1000).toFixed(1)} s, ${ref.shoppers} shoppers): ` +
      `${times(r.checkoutsPerSecond / ref.perSecond)} its checkouts/s, order p95 ${times(r.order.p95 / ref.p95Ms)} its p95`,
  );
  if (failed > 0 || r.errors > 0) parts.unshift(`**FLAGGED: ${int(failed)} non-201 (${failures || 'none'}), ${int(r.errors)} errors; first: ${(r.firstFailure ?? '—').replace(/\|/g, '/').replace(/\n/g, ' ')}**`);
  const non201 = r.errors > 0 ? `${int(failed)} (+${int(r.errors)} errors)` : int(failed);
  return `| ${label} | ${row.db} | ${r.checkoutsPerSecond.toFixed(1)} | ${ms(r.order.p50)} | ${ms(r.order.p95)} | ${ms(r.loop.p50)} | ${ms(r.loop.p95)} | ${non201} | ${row.rssMb === undefined ? '—' : int(row.rssMb)} | ${goal} | ${parts.join('; ')} |`;
}

/** The steps of the loop, for reading the checkout row. */
function checkoutDetail(row: CheckoutRow): string[] {
  const r = row.result;
  if (!r) return [];
  return [
    `- **checkout loop (${row.db})**, ${int(r.completed)} checkouts completed in ${r.durationSeconds} s by ${r.shoppers} shoppers; p50 / p95 / p99 ms: ` +
      `POST /api/carts ${ms(r.cart.p50)} / ${ms(r.cart.p95)} / ${ms(r.cart.p99)}, POST /api/carts/{id}/items ${ms(r.item.p50)} / ${ms(r.item.p95)} / ${ms(r.item.p99)}, ` +
      `POST /api/orders ${ms(r.order.p50)} / ${ms(r.order.p95)} / ${ms(r.order.p99)}, whole loop ${ms(r.loop.p50)} / ${ms(r.loop.p95)} / ${ms(r.loop.p99)}` +
      (r.serverCpuMsPerCheckout === undefined ? '' : `; server CPU ${r.serverCpuMsPerCheckout.toFixed(1)} ms per completed checkout (user + system, outbox relay included)`) +
      (r.databaseCpuMsPerCheckout === undefined ? '.' : `; PostgreSQL CPU ${r.databaseCpuMsPerCheckout.toFixed(1)} ms per completed checkout (all its processes on this machine).`),
  ];
}

function summaryLines(s: DbSummary): string[] {
  const lines: string[] = [];
  const t = s.importTiming;
  if (t) {
    const rate = t.rowsRead / (t.importMs / 1000);
    lines.push(
      `- **import rows/s (${s.db})**: ${int(rate)} rows/s: ${int(t.rowsRead)} rows read (${int(t.rowsImported)} imported, ${int(t.rowsRejected)} rejected) ` +
        `in ${(t.importMs / 1000).toFixed(2)} s from ${s.importFile ?? '?'} (${t.phasesMs.map((p) => `${p.phase} ${int(p.ms)} ms`).join(', ')}); created ${int(t.created.products)} products, ${int(t.created.customers)} customers, ` +
        `${int(t.created.orders)} orders, ${int(t.created.returns)} returns; not counted: app open ${int(t.openMs)} ms, outbox drain still pending after the import ${int(t.drainMs)} ms ` +
        `(import + drain: ${int(t.rowsRead / ((t.importMs + t.drainMs) / 1000))} rows/s). ` +
        `Goal ≥ ${int(GOALS.importRowsPerSecond)} rows/s: ${verdict(rate >= GOALS.importRowsPerSecond, s.db, `${Math.round((100 * rate) / GOALS.importRowsPerSecond)}% of goal`)}`,
    );
  }
  if (s.coldStartsMs?.length) {
    const m = median(s.coldStartsMs);
    lines.push(
      `- **cold start to ready (${s.db})**, existing database: median ${int(m)} ms of ${s.coldStartsMs.length} (${s.coldStartsMs.map(int).join(', ')} ms; spawn of \`node dist/main.js serve\` → first 200 of \`GET /ready\`). ` +
        `Goal ≤ ${int(GOALS.coldStartMs)} ms: ${verdict(m <= GOALS.coldStartMs, s.db, `${(m / GOALS.coldStartMs).toFixed(1)}× goal`)}`,
    );
  }
  if (s.idleRssMb !== undefined) {
    lines.push(`- **idle RSS (${s.db})**: ${int(s.idleRssMb)} MB. Goal ≤ ${GOALS.idleRssMb} MB: ${verdict(s.idleRssMb <= GOALS.idleRssMb, s.db, `${(s.idleRssMb / GOALS.idleRssMb).toFixed(1)}× goal`)}`);
  }
  for (const note of s.buyingNotes ?? []) lines.push(`- ${note}`);
  if (s.error) lines.push(`- **${s.db} run stopped on an error**: ${s.error.split('\n')[0]}`);
  return lines;
}

/** CPU model, core count and Node version of this machine. */
export function machineLine(): string {
  let cpu = 'unknown CPU';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: keep "unknown CPU"
  }
  return `${cpu}, ${availableParallelism()} cores, Node ${process.version}, ${process.platform}`;
}

/** The bench table in markdown: load rows, then import / cold start / idle RSS lines, then the machine. */
export function renderReport(report: BenchReport): string {
  const baselineRps = report.rows.find((r) => r.scenario === 'baseline')?.result?.requestsPerSecond;
  const out = [
    `## Comptoir bench, ${report.startedAt.toISOString()}`,
    '',
    `Load: autocannon, ${report.connections} connections, ${report.warmupSeconds} s warm-up then ${report.durationSeconds} s measured per row, loopback, ` +
      `load generator in the bench process on the same machine. RSS = server VmRSS right after the load. Dataset: ${report.datasetNote}.`,
    '',
    ...(report.rows.length
      ? ['| scenario | db | req/s | p50 ms | p99 ms | non-2xx | RSS MB | goal | ratio/verdict |', '|---|---|--:|--:|--:|--:|--:|---|---|', ...report.rows.map((r) => loadLine(r, baselineRps)), '']
      : []),
    ...(report.checkoutRows.length
      ? [
          `Checkout: ${report.shoppers} concurrent shopper loops (guest: POST /api/carts → POST /api/carts/{id}/items → POST /api/orders with a unique Idempotency-Key, ` +
            `GB address, standard shipping, test card 4242…), node:http keep-alive, ${report.warmupSeconds} s warm-up then ${report.durationSeconds} s measured; ` +
            'checkouts/s counts 201s answered in the measured window; latencies are of those checkouts. The p95 goal is judged on POST /api/orders.',
          '',
          '| scenario | db | checkouts/s | order p50 ms | order p95 ms | loop p50 ms | loop p95 ms | non-201 | RSS MB | goal | ratio/verdict |',
          '|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|',
          ...report.checkoutRows.map(checkoutLine),
          '',
          ...report.checkoutRows.flatMap(checkoutDetail),
        ]
      : []),
    ...(report.embedded ? embeddedLines(report.embedded) : []),
    ...(report.extra ?? []),
    ...report.summaries.flatMap(summaryLines),
    '',
    `Machine: ${machineLine()}${report.postgresVersion ? `; PostgreSQL ${report.postgresVersion} on this machine, reached ${report.postgresConnection}` : ''}. ` +
      `Idle RSS is read ${report.idleSeconds} s after the server is ready. Full run: ${Math.floor(report.totalSeconds / 60)} min ${Math.round(report.totalSeconds % 60)} s.`,
    '',
  ];
  const cores = availableParallelism();
  const { start, end } = report.loadAverage;
  const busy = start > cores / 2;
  out.splice(
    out.length - 1, 0,
    `Load average (1 min) at start ${start.toFixed(1)}, at end ${end.toFixed(1)} (the run itself adds about 2 to 3) on ${cores} cores` +
      `${busy ? ': **the machine was already busy when the run began; numbers are pessimistic**' : ''}.`,
    '',
  );
  return out.join('\n');
}
