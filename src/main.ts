#!/usr/bin/env node
/**
 * The `comptoir` command line: serve [--modules] | gateway | migrate | import (online-retail | sales | stores | targets) | demo chain |
 * analytics rebuild | recommendations (build | evaluate) | users create-admin.
 * Configuration comes from the environment (see platform/config.ts and the README).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { pino } from 'pino';
import { createApp, MODULE_NAMES, selectedModules, type App } from './app.js';
import { loadConfig, moduleList } from './platform/config.js';
import { AppError } from './platform/errors.js';
import { projectRoot } from './platform/paths.js';
import { builtWebRoot } from './platform/http/server.js';
import { ImportRefusedError, writeRejectedReport, type DateFormat, type ImportProgress, type ImportReport } from './modules/imports/index.js';
import { CHAIN_DEMO_DEFAULTS, createChainDemo, type ChainDemoProgress } from './modules/analytics/index.js';
import { evaluateOnlineRetail, evaluationTable } from './modules/recommendations/index.js';
import { serviceNameOf, startTracing, stopTracing, traceLogFields, tracingRequested } from './platform/observability/tracing.js';

/** The bundled demo sample (a slice of UCI Online Retail, CC BY 4.0; see data/demo/README.md). */
export const DEMO_FILE = join(projectRoot, 'data/demo/online-retail-demo.csv');

function progressPrinter(): (p: ImportProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (p) => {
    const of = p.total ? `/${p.total}` : '';
    process.stderr.write(`\r${p.phase.padEnd(10)} ${p.rows}${of}`.padEnd(40));
    if (p.phase === 'done') process.stderr.write('\n');
  };
}

/** Rejected rows printed on the console; the others are counted (and listed in the `--report` file). */
const REJECTED_SHOWN = 20;
/** How long after `serve` listens the background jobs' first runs start (ms). */
const JOBS_START_AFTER_MS = 2_000;

/** Prints an import's report; `reportFile` is where every rejected row was written (null without `--report`). */
function printReport(report: ImportReport, reportFile: string | null): void {
  console.log(`Imported ${report.file} (${report.source}) in ${report.durationMs} ms`);
  console.log(`  date format: ${report.dateFormat}${report.dateFormatDetected ? ' (detected)' : ' (given)'}`);
  console.log(`  period: ${report.period ? `${report.period.first} .. ${report.period.last}` : 'none'}`);
  console.log(`  created: ${report.created.products} products, ${report.created.customers} customers, ${report.created.orders} orders, ${report.created.returns} returns`);
  const shown = report.rejected.slice(0, REJECTED_SHOWN);
  for (const r of shown) console.log(`  rejected line ${r.line}: ${r.reason}`);
  const more = report.counts.rejected - shown.length;
  if (more > 0) {
    console.log(`  … ${more} more rejected rows ${reportFile ? `(every one in ${reportFile})` : '(run the import again with --report <file> to write every one: importing again changes nothing)'}`);
  }
  console.log(`  rows: ${report.counts.read} read, ${report.counts.imported} imported, ${report.counts.rejected} rejected`);
  if (reportFile) console.log(`  rejected rows report (line, reason): ${reportFile}`);
}

/** Builds the app without serving HTTP or starting the background jobs (the next `serve` runs them), runs `fn`, waits for the relay to deliver its events, closes. */
async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const app = await createApp({ config, logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }), relay: true, startJobs: false });
  try {
    const result = await fn(app);
    await app.relay.drain();
    return result;
  } finally {
    await app.close();
  }
}

/**
 * `serve [--modules a,b]`: the HTTP server of every module, or (services mode) of the listed ones
 * only, which overrides `COMPTOIR_MODULES`. An unknown module name is an error (exit 1). Traces
 * when the environment asks for it (`OTEL_EXPORTER_OTLP_ENDPOINT`, see observability/tracing.ts),
 * as service `comptoir` or `comptoir-<modules>`; the spans still buffered are exported at shutdown.
 */
async function serve(opts: { modules?: string }): Promise<void> {
  const started = process.hrtime.bigint();
  const config = loadConfig();
  if (opts.modules !== undefined) config.modules = moduleList(opts.modules);
  selectedModules(config.modules);
  // Before the app opens its database or builds its server (the SDK is loaded only then).
  if (tracingRequested()) await startTracing({ serviceName: serviceNameOf(config.modules) });
  const app = await createApp({ config, startJobs: false });
  const { log } = app; // the first admin (COMPTOIR_ADMIN_EMAIL) is ensured by the identity module at start
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down: draining in-flight requests');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    await stopTracing(); // exports the spans still buffered
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  if (config.demoData && (!config.modules || config.modules.includes('catalog')) && existsSync(DEMO_FILE) && (await app.catalog.countProducts()) === 0) {
    log.info('empty catalog: importing the bundled demo data (UCI Online Retail sample, CC BY 4.0)');
    const report = await app.imports.importOnlineRetail(DEMO_FILE, { openingStock: 100 });
    log.info({ created: report.created, ms: report.durationMs }, 'demo data imported');
  }
  await app.server.listen({ port: config.port, host: config.host });
  // The jobs' first runs wait a moment: the first requests then do not queue behind their statements.
  app.jobs.start({ startRunsAfterMs: JOBS_START_AFTER_MS });
  log.info({ ms: Number(process.hrtime.bigint() - started) / 1e6, database: app.database.kind, modules: config.modules ?? 'all' }, `Comptoir ready on http://localhost:${config.port}`);
}

const program: Command = new Command('comptoir').description('Comptoir commerce platform').version('0.1.0');

program
  .command('serve')
  .description('Start the HTTP server (applies migrations; imports the demo data into an empty database)')
  .option('--modules <list>', `run only these modules' routes, event consumers and jobs (comma-separated; default COMPTOIR_MODULES, else all): ${MODULE_NAMES.join(', ')}`)
  .action(serve);

/**
 * `gateway [--routes <file>]`: the services-mode edge (src/gateway/gateway.ts) on `PORT`, routing
 * each module's paths to the upstream the routes map names (`--routes` file or `GATEWAY_ROUTES`).
 * Needs `JWT_SECRET` (the services' secret); `REDIS_URL` shares the rate limits between replicas.
 * Traces as service `comptoir-gateway` when the environment asks for it (as `serve`).
 */
async function gateway(opts: { routes?: string }): Promise<void> {
  // Loaded here, not at start: the proxy and its HTTP client (undici) are a fifth of the bundle.
  const [{ createGateway }, { loadUpstreams }] = await Promise.all([import('./gateway/gateway.js'), import('./gateway/route-table.js')]);
  const config = loadConfig();
  const upstreams = loadUpstreams(opts.routes);
  if (!config.jwtSecret) throw new Error('The gateway needs JWT_SECRET, the secret the services sign access tokens with');
  const tracer = tracingRequested() ? await startTracing({ serviceName: serviceNameOf('gateway') }) : undefined;
  const log = pino({ level: config.logLevel, ...(tracer ? { mixin: traceLogFields } : {}) });
  const redis = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  const server = await createGateway({
    logger: log, upstreams, jwtSecret: config.jwtSecret, trustProxy: config.trustProxy, webRoot: builtWebRoot(),
    authRateLimitPerMinute: config.authRateLimitPerMinute, rateLimitPerMinute: config.gatewayRateLimitPerMinute, ...(redis ? { redis } : {}),
    breaker: { failures: Math.max(1, config.gatewayBreakerFailures), halfOpenAfterMs: config.gatewayBreakerHalfOpenMs },
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  });
  const shutdown = async () => {
    await server.close();
    await stopTracing();
    redis?.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  await server.listen({ port: config.port, host: config.host });
  log.info({ upstreams }, `Comptoir gateway ready on http://localhost:${config.port}`);
}

program
  .command('gateway')
  .description('Start the services-mode gateway: routes /api/<area> to the service running its module, verifies tokens, rate-limits, merges /openapi.json, serves the web app')
  .option('--routes <file>', 'JSON file mapping module names to upstream URLs, e.g. {"catalog": "http://127.0.0.1:3001"} (default: env GATEWAY_ROUTES)')
  .action(gateway);

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(() => withApp(async () => console.log('Migrations applied.')));

program
  .command('import')
  .description('Import a data file')
  .argument('<source>', 'data source: online-retail, sales (POS sales CSV with --mapping), stores or targets (analytics CSVs, as the back office imports them)')
  .argument('<file>', 'CSV file')
  .addOption(new Option('--date-format <format>', 'how dates are written (skips detection)').choices(['dmy', 'mdy', 'ymd']))
  .addOption(new Option('--opening-stock <n>', 'opening stock receipt per new product').default('100'))
  .option('--report <file>', 'write every rejected row (line number and reason) to this JSON file')
  .option('--mapping <file>', 'sales: the column mapping (JSON: columns, dateFormat, currency, timeZone…)')
  .option('--create-missing', 'sales: create unknown stores, regions and products instead of rejecting their rows; stores: create unknown region codes below the company')
  .action(async (source: string, file: string, opts: { dateFormat?: DateFormat; openingStock: string; report?: string; mapping?: string; createMissing?: boolean }) => {
    if (!['online-retail', 'sales', 'stores', 'targets'].includes(source)) program.error(`Unknown source "${source}"; supported: online-retail, sales, stores, targets`);
    if (!existsSync(file)) program.error(`No such file: ${file}`);
    if (source === 'sales') {
      await importSalesCommand(file, opts);
      return;
    }
    if (source === 'stores' || source === 'targets') {
      await importAnalyticsCsvCommand(source, file, opts);
      return;
    }
    const openingStock = Number(opts.openingStock);
    if (!Number.isInteger(openingStock) || openingStock < 0) program.error('--opening-stock must be a non-negative integer');
    if (opts.report !== undefined && (!opts.report.trim() || (existsSync(opts.report) && statSync(opts.report).isDirectory()))) {
      program.error(`--report needs a file name, not ${JSON.stringify(opts.report)}`);
    }
    try {
      const allRejected = opts.report !== undefined;
      const report = await withApp((app) => app.imports.importOnlineRetail(file, { dateFormat: opts.dateFormat, openingStock, allRejected }, progressPrinter()));
      const reportFile = opts.report !== undefined ? await writeRejectedReport(opts.report, report) : null;
      printReport(report, reportFile);
    } catch (err) {
      if (err instanceof ImportRefusedError) {
        console.error(`\nImport refused (${err.code}): ${err.message}`);
        process.exit(2);
      }
      throw err;
    }
  });

const demo = program.command('demo').description('Load demonstration data');
demo
  .command('chain')
  .description('Generate a synthetic retail chain (regions, stores, products, a year of sales, targets, exchange rates) shaped on the Iowa Liquor Sales distributions; labelled synthetic in the back office')
  .option('--seed <n>', 'random seed: the same seed and sizes give the same chain', String(CHAIN_DEMO_DEFAULTS.seed))
  .option('--stores <n>', 'stores', String(CHAIN_DEMO_DEFAULTS.stores))
  .option('--regions <n>', 'region nodes below the company (about √n top-level, the others sub-regions)', String(CHAIN_DEMO_DEFAULTS.regions))
  .option('--products <n>', 'SKUs', String(CHAIN_DEMO_DEFAULTS.products))
  .option('--lines <n>', 'sale lines over the year', String(CHAIN_DEMO_DEFAULTS.lines))
  .option('--year <yyyy>', 'calendar year of the sales (default: last year)', String(new Date().getUTCFullYear() - 1))
  .option('--replace', 'remove an existing demo chain (its stores, regions, targets and sale lines) first')
  .action(async (opts: Record<'seed' | 'stores' | 'regions' | 'products' | 'lines' | 'year', string> & { replace?: boolean }) => {
    const num = (name: keyof typeof opts) => {
      const n = Number(opts[name]);
      if (!Number.isInteger(n)) program.error(`--${name} must be an integer, got ${JSON.stringify(opts[name])}`);
      return n;
    };
    const options = { seed: num('seed'), stores: num('stores'), regions: num('regions'), products: num('products'), lines: num('lines'), year: num('year'), replace: opts.replace === true };
    const progress = (p: ChainDemoProgress) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${p.phase.padEnd(13)} ${p.lines}/${p.total} lines`.padEnd(44) + (p.phase === 'done' ? '\n' : ''));
    };
    try {
      const r = await withApp((app) => createChainDemo(app.database, options, progress));
      const c = r.created;
      console.log(`${r.replaced ? 'Replaced the' : 'Created a'} synthetic demo chain (seed ${r.seed}, ${r.year}) in ${(r.durationMs / 1000).toFixed(1)} s`);
      console.log(`  ${c.regions} regions, ${c.stores} stores, ${c.products} products, ${c.targets} targets, ${c.exchangeRates} exchange rates${r.exchangeRatesKept ? ` (${r.exchangeRatesKept} already recorded, kept)` : ''}; reporting currency ${r.reportingCurrency}`);
      console.log(`  ${c.saleLines} sale lines in ${(r.factsMs / 1000).toFixed(1)} s (${Math.round(c.saleLines / (r.factsMs / 1000))} lines/s)`);
      if (r.targetsSkipped) console.log(`  targets not written: ${r.targetsSkipped}`);
      console.log('  The back office shows it as synthetic data (setting syntheticDemo); the rollups pick the lines up when the server runs.');
    } catch (err) {
      if (err instanceof AppError) program.error(`Refused (${err.code}): ${err.detail}`, { exitCode: 2 });
      throw err;
    }
  });

const analyticsCommand = program.command('analytics').description('Analytics maintenance');
analyticsCommand
  .command('rebuild')
  .description('Recompute every sales rollup from the fact table in one transaction (gives the same figures as the incremental rollups)')
  .action(async () => {
    const result = await withApp((app) => app.analytics.rebuildRollups());
    console.log(`Rebuilt the sales rollups from ${result.facts} facts in ${result.durationMs} ms (watermark ${result.lastFactId}, version ${result.version})`);
  });
/** `import sales <file> --mapping <file> [--create-missing] [--report <file>]`: the generic POS sales import; exit 2 when refused, 1 when a batch failed. */
async function importSalesCommand(file: string, opts: { mapping?: string; createMissing?: boolean; report?: string }): Promise<void> {
  if (!opts.mapping) program.error('import sales needs --mapping <mapping.json>');
  if (!existsSync(opts.mapping)) program.error(`No such mapping file: ${opts.mapping}`);
  try {
    const mapping = readFileSync(opts.mapping, 'utf8');
    const report = await withApp((app) => app.analytics.importSales(file, mapping, {
      createMissing: opts.createMissing === true,
      onProgress: (read) => process.stdout.write(`\r  ${read} rows read`),
    }));
    process.stdout.write('\n');
    if (opts.report) writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
    const seconds = report.durationMs / 1000;
    console.log(`Sales import of ${report.file} (dates ${report.dateFormat}${report.dateFormatDetected ? ', detected' : ''}):`);
    console.log(`  rows: ${report.read} read, ${report.imported} imported, ${report.duplicates} already there, ${report.rejectedCount} rejected (${Math.round(report.read / Math.max(seconds, 0.001))} rows/s)`);
    console.log(`  created: ${report.createdStores} stores, ${report.createdRegions} regions, ${report.createdProducts} products`);
    for (const r of report.rejected.slice(0, 10)) console.log(`  line ${r.line}: ${r.code} ${r.reason}`);
    if (report.rejectedCount > 10) console.log(`  … ${report.rejectedCount - 10} more rejected rows ${opts.report ? `(every one in ${opts.report})` : '(--report <file> writes every one)'}`);
    if (report.failure) {
      console.error(`Batch ${report.failure.batch} (lines ${report.failure.fromLine}–${report.failure.toLine}) failed: ${report.failure.detail}. ` +
        `${report.batches.written} batches were written (through line ${report.batches.lastWrittenLine ?? 0}); importing again after fixing it completes the import.`);
      process.exit(1);
    }
  } catch (err) {
    if (err instanceof AppError) program.error(`Import refused (${err.code}): ${err.detail}`, { exitCode: 2 });
    throw err;
  }
}

/** Prints the rejected rows of an analytics import report (the first 10) and writes the whole report to `reportFile` when given. */
function printRejected(report: { rejected: { line: number; code: string; reason: string }[] }, reportFile: string | undefined): void {
  if (reportFile) writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  for (const r of report.rejected.slice(0, 10)) console.log(`  line ${r.line}: ${r.code} ${r.reason}`);
  if (report.rejected.length > 10) console.log(`  … ${report.rejected.length - 10} more rejected rows ${reportFile ? `(every one in ${reportFile})` : '(--report <file> writes every one)'}`);
}

/**
 * `import stores|targets <file> [--create-missing] [--report <file>]`: the analytics CSV imports of
 * the back office, all or nothing, with the same checks; prints the report. Exit 2 when the file is
 * refused (rejected rows, unreadable CSV, phasing not summing to 100 %): nothing is written.
 */
async function importAnalyticsCsvCommand(source: 'stores' | 'targets', file: string, opts: { createMissing?: boolean; report?: string }): Promise<void> {
  const text = readFileSync(file, 'utf8');
  try {
    if (source === 'stores') {
      const r = await withApp((app) => app.analytics.importStores(text, { createMissingRegions: opts.createMissing === true }));
      console.log(`Stores import of ${file}: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.regionsCreated} regions created`);
      printRejected(r, opts.report);
    } else {
      const r = await withApp((app) => app.analytics.importTargets(text));
      console.log(`Targets import of ${file}: ${r.targets} targets created or replaced`);
      printRejected(r, opts.report);
    }
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const report = err.extensions?.report as { rejected: { line: number; code: string; reason: string }[] } | undefined;
    if (report) {
      console.log(`${report.rejected.length} rejected rows:`);
      printRejected(report, opts.report);
    }
    program.error(`Import refused (${err.code}): ${err.detail}`, { exitCode: 2 });
  }
}

const recommendationsCommand = program.command('recommendations').description('Recommendation models');
recommendationsCommand
  .command('build')
  .description('Build the recommendation model now from the whole order history (neighbours and per-customer candidates); exit 2 when a build is already running')
  .action(async () => {
    try {
      const b = await withApp((app) => app.recommendations.build('cli'));
      console.log(`Build ${b.id} ${b.status} in ${b.durationMs} ms: ${b.baskets} baskets, ${b.items} items, ${b.customers} customers; peak memory ${b.peakMemoryMb} MB`);
      if (b.status === 'failed') {
        console.error(`  error: ${b.error}`);
        process.exit(1);
      }
    } catch (err) {
      if (err instanceof AppError) program.error(`Refused (${err.code}): ${err.detail}`, { exitCode: 2 });
      throw err;
    }
  });
recommendationsCommand
  .command('evaluate')
  .description('Offline evaluation on an Online Retail CSV: time-based split, HR@10, Recall@10, NDCG@10 and coverage of every method (prints a Markdown table)')
  .option('--file <csv>', 'Online Retail CSV (e.g. ../shared/data/online-retail/online-retail-2010-12_2011-12.csv)', DEMO_FILE)
  .option('--cutoff <date>', 'first day of the test period (default: one month before the last invoice)')
  .option('--ease-items <n>', 'items EASE^R is fitted on (the most bought)')
  .option('--ease-lambda <x>', "EASE^R's L2 weight")
  .action(async (opts: { file: string; cutoff?: string; easeItems?: string; easeLambda?: string }) => {
    if (!existsSync(opts.file)) program.error(`No such file: ${opts.file}`);
    const num = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!(n > 0)) program.error(`--${name} must be a positive number, got ${JSON.stringify(v)}`);
      return n;
    };
    const e = await evaluateOnlineRetail(opts.file, { cutoff: opts.cutoff, easeItems: num(opts.easeItems, 'ease-items'), easeLambda: num(opts.easeLambda, 'ease-lambda') });
    console.log(evaluationTable(e));
  });

const users = program.command('users').description('Manage users');
users
  .command('create-admin')
  .description('Create an admin; an existing account with that email is promoted only with --promote-existing (and a verified address)')
  .option('--email <email>', 'email (default COMPTOIR_ADMIN_EMAIL)')
  .option('--password <password>', 'password, at least 8 characters and not easily guessed (default COMPTOIR_ADMIN_PASSWORD; unused when promoting)')
  .option('--promote-existing', 'grant the admin role to an existing account with this email (its address must be verified; its password is kept)')
  .action(async (opts: { email?: string; password?: string; promoteExisting?: boolean }) => {
    const email = opts.email ?? process.env.COMPTOIR_ADMIN_EMAIL;
    const password = opts.password ?? process.env.COMPTOIR_ADMIN_PASSWORD;
    if (!email || !password) program.error('Give --email and --password (or COMPTOIR_ADMIN_EMAIL / COMPTOIR_ADMIN_PASSWORD)');
    try {
      const { user, created } = await withApp((app) => app.identity.ensureAdmin(email, password, { promoteExisting: opts.promoteExisting === true }));
      console.log(created ? `Created admin ${user.email} (${user.id})` : `Admin ${user.email} (${user.id}) has the admin role`);
    } catch (err) {
      if (err instanceof AppError) program.error(`Refused (${err.code}): ${err.detail}`, { exitCode: 2 });
      throw err;
    }
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
