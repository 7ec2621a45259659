import { parseArgs } from 'node:util';
import { defaultTransport, type PgTransport } from './postgres.js';

/** Database backends the server under test can run on. */
export type DbKind = 'pglite' | 'postgres';

/**
 * Measurements the harness can take; `--only` picks a subset. `checkout` and `addtocart` (the
 * buying scenarios) run on PostgreSQL only; `cli-import` and `serve-ready` (the embedded default,
 * bench/lib/embedded.ts) on PGlite only, whatever `--db` says; `analytics` (bench/lib/analytics.ts)
 * on PostgreSQL only; `pages` (bench/lib/pages.ts: storefront page weights and throttled first paint
 * in Chromium) on each database run; `help-search` and `ticket-list` (bench/lib/support.ts: help-centre
 * search req/s, an agent's ticket list p95 at 100,000 tickets) on each database run, on their own data;
 * `gateway` (services mode: the product list through `comptoir gateway` beside the same list
 * direct) on each database run; `site-products` (the product list on a second site, EUR, every
 * product published there) on each database run; `recommendations` (bench/recommendations.ts: the complete Online
 * Retail file, model build time and memory, recommendation reads under load) on PostgreSQL only.
 */
export const STEPS = ['import', 'products', 'site-products', 'product', 'search', 'pages', 'gateway', 'baseline', 'coldstart', 'checkout', 'addtocart', 'cli-import', 'serve-ready', 'analytics', 'newsletter', 'help-search', 'ticket-list', 'recommendations'] as const;
export type Step = (typeof STEPS)[number];

/** Parsed command line of `npm run bench`. */
export interface BenchOptions {
  dbs: DbKind[];
  /** Measured seconds per load scenario (after the warm-up). */
  durationSeconds: number;
  /** Warm-up seconds per load scenario (not measured). */
  warmupSeconds: number;
  connections: number;
  /** Concurrent shopper loops of the checkout scenario. */
  shoppers: number;
  only: Set<Step>;
  /** Skip `npm run build` (use the existing dist/). */
  skipBuild: boolean;
  /** How the server reaches PostgreSQL (default: the Unix socket when there is one, else TCP). */
  pgTransport: PgTransport;
  /** Fact-table sizes of the analytics rows, in sale lines, each on a fresh database (default 1M; `--full` adds 10M). */
  analyticsLines: number[];
  /** Calendar year of the generated sales (default: last year). */
  analyticsYear: number;
}

const USAGE = `usage: npm run bench -- [--db pglite|postgres|both] [--duration 10] [--warmup 2]
                        [--connections 50] [--shoppers 20] [--only ${STEPS.join(',')}] [--no-build]
                        [--pg socket|tcp] [--analytics-lines 1000000[,10000000]] [--full]
  --connections  autocannon connections of the GET rows and of add-to-cart
  --shoppers     concurrent shopper loops of the checkout row (cart → item → order)
  --pg           how the server reaches the local PostgreSQL: its Unix socket (the default when
                 /var/run/postgresql has one) or loopback TCP; BENCH_PG_ADMIN_URL overrides both
  --analytics-lines  sale lines of the analytics rows' fact table, comma-separated sizes (default 1000000)
  --full         the analytics rows at 1M and 10M lines (10M takes about half an hour on 2 cores)`;

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"\n${USAGE}`);
  return n;
}

/**
 * Reads the bench options from `argv` (without the node and script arguments).
 * @throws Error with the usage text on an unknown option or a bad value.
 */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'both' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
      shoppers: { type: 'string', default: '20' },
      only: { type: 'string', default: STEPS.join(',') },
      'no-build': { type: 'boolean', default: false },
      pg: { type: 'string', default: defaultTransport() },
      'analytics-lines': { type: 'string' },
      'analytics-year': { type: 'string', default: String(new Date().getUTCFullYear() - 1) },
      full: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const dbs: DbKind[] = values.db === 'both' ? ['pglite', 'postgres'] : values.db === 'pglite' || values.db === 'postgres' ? [values.db] : [];
  if (dbs.length === 0) throw new Error(`--db must be pglite, postgres or both, got "${values.db}"\n${USAGE}`);
  const only = new Set<Step>();
  for (const raw of values.only.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(STEPS as readonly string[]).includes(raw)) throw new Error(`--only: unknown step "${raw}"\n${USAGE}`);
    only.add(raw as Step);
  }
  if (values.pg !== 'socket' && values.pg !== 'tcp') throw new Error(`--pg must be socket or tcp, got "${values.pg}"\n${USAGE}`);
  return {
    dbs,
    durationSeconds: positiveInt(values.duration, 'duration'),
    warmupSeconds: Number(values.warmup) === 0 ? 0 : positiveInt(values.warmup, 'warmup'),
    connections: positiveInt(values.connections, 'connections'),
    shoppers: positiveInt(values.shoppers, 'shoppers'),
    only,
    skipBuild: values['no-build'],
    pgTransport: values.pg,
    analyticsLines: values['analytics-lines'] !== undefined
      ? values['analytics-lines'].split(',').map((v) => positiveInt(v.trim(), 'analytics-lines'))
      : values.full ? [1_000_000, 10_000_000] : [1_000_000],
    analyticsYear: positiveInt(values['analytics-year'], 'analytics-year'),
  };
}
