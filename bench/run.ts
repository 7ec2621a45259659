/**
 * `npm run bench`: measures the compiled server (dist/) in a child process on PGlite and on
 * PostgreSQL: import rows/s, cold start to ready, idle RSS, catalog/search throughput under
 * autocannon load next to a bare-Fastify baseline, and (PostgreSQL only) the buying path:
 * complete guest checkouts per second and add-to-cart latency; (PostgreSQL only) the analytics rows
 * (bench/lib/analytics.ts: sales import, rollups, dashboard and consolidation p95 beside the same
 * query on the fact table, web order to analytics); storefront page weights and the first
 * contentful paint on a throttled phone in Chromium (bench/lib/pages.ts); help-centre search and an
 * agent's ticket list at 100,000 tickets (bench/lib/support.ts). Prints one markdown table and writes it to
 * bench/results/latest.md. Only loopback traffic; every child is killed on exit, error or Ctrl-C.
 * Options: see bench/lib/options.ts (`npm run bench -- --help`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImportTiming } from './workers/import.js';
import { load, loadWith, stopLoads, type LoadOptions, type LoadResult } from './lib/load.js';
import { MODULE_NAMES } from '../src/app.js';
import { parseOptions, type BenchOptions, type DbKind, type Step } from './lib/options.js';
import { adminUrl, analyzeDatabase, createScratchDatabase, describeConnection, pendingEvents, postgresVersion, useAdminUrl, type ScratchDatabase } from './lib/postgres.js';
import { cpuMs, freePort, postgresCpuMs, getJson, httpGet, killAllChildren, logTail, rssMb, startChild, stopChild, waitUntilOk, type Child } from './lib/processes.js';
import { benchEmbedded, type EmbeddedSummary } from './lib/embedded.js';
import { benchPages, pagesLines } from './lib/pages.js';
import { renderReport, type CheckoutRow, type DbSummary, type LoadRow } from './lib/report.js';
import { analyticsLines, benchAnalytics, type AnalyticsHarness, type AnalyticsRow } from './lib/analytics.js';
import { benchNewsletter, newsletterLines, type NewsletterRow } from './lib/newsletter.js';
import { benchSupport, supportLines, type SupportRow } from './lib/support.js';
import { abandonCarts, addToCartRequests, BENCH_ADMIN, BENCH_SITE, CartPool, checkoutBody, createCarts, HttpClient, MAX_LINE_QUANTITY, RECEIPT_UNITS, openSecondSite, runCheckouts, stockSkus, stopShoppers } from './lib/shop.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The December 2010 file: `BENCH_DATASET`, else ../shared/data next to the checkout. */
const REAL_DATA = process.env.BENCH_DATASET ? resolve(process.env.BENCH_DATASET) : resolve(ROOT, '../shared/data/online-retail/online-retail-2010-12.csv');
const DEMO_DATA = join(ROOT, 'data/demo/online-retail-demo.csv');
const IDLE_SECONDS = 5;
const COLD_STARTS = 3;
/** Runs of each embedded-default measurement (`cli-import`, `serve-ready`; `BENCH_EMBEDDED_RUNS`, default 3); the table shows medians. */
const EMBEDDED_RUNS = Number(process.env.BENCH_EMBEDDED_RUNS) || 3;
const LIST_PATH = '/api/products?limit=20';
const SEARCH_PATH = '/api/search?q=heart';
const DB_STEPS: Step[] = ['import', 'products', 'site-products', 'product', 'search', 'pages', 'gateway', 'coldstart', 'checkout', 'addtocart'];
/** Catalog SKUs stocked for the buying scenarios; add-to-cart rotates them, the checkout goal row buys the first, its information row all. */
const BUYING_SKUS = 5;
/** Guest carts (one line each) a running shop has and nobody orders from, created before the buying rows. */
const ABANDONED_CARTS = 10_000;
/** Longest wait for the outbox to drain after a buying scenario (the backlog is reported). */
const DRAIN_SECONDS = 60;

/** Scratch state that cleanup must undo, whatever happens; `aborted` stops the run from reporting. */
const scratch = { dir: '', databases: new Set<ScratchDatabase>(), aborted: false };

/** A running server under test. */
interface Server {
  child: Child;
  base: string;
}

/** Where one database's run keeps its files, and the environment its processes get. */
interface Target {
  db: DbKind;
  dir: string;
  databaseUrl?: string;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/**
 * The server's environment: loopback, quiet logs, no demo import, PGlite unless `databaseUrl`;
 * with `admin`, the bench admin (COMPTOIR_ADMIN_EMAIL / COMPTOIR_ADMIN_PASSWORD).
 */
function serverEnv(target: Target, port: number, admin = false): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    COMPTOIR_DATA_DIR: join(target.dir, 'data'),
    LOG_LEVEL: 'warn',
    COMPTOIR_DEMO: 'false',
    JWT_SECRET: 'comptoir-bench-secret-not-for-production-use-0123456789',
    // The load comes from one address: per-IP limits off, or they would be what is measured.
    CART_RATE_LIMIT: '0',
    CHECKOUT_RATE_LIMIT: '0',
    WRITE_RATE_LIMIT: '0',
    // The add-to-cart row fills each cart's lines up to MAX_LINE_QUANTITY before it moves on.
    MAX_UNITS_PER_SKU: String(MAX_LINE_QUANTITY),
  };
  for (const key of ['DATABASE_URL', 'COMPTOIR_ADMIN_EMAIL', 'COMPTOIR_ADMIN_PASSWORD', 'COMPTOIR_MODULES', 'NODE_ENV', 'NODE_OPTIONS']) delete env[key];
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  if (admin) {
    env.COMPTOIR_ADMIN_EMAIL = BENCH_ADMIN.email;
    env.COMPTOIR_ADMIN_PASSWORD = BENCH_ADMIN.password;
  }
  return env;
}

/** Runs a command to completion with its output in `logFile`. @throws Error (with the log tail) on a non-zero exit. */
async function runToEnd(name: string, command: string, args: string[], logFile: string): Promise<void> {
  const child = startChild(name, command, args, { env: process.env, cwd: ROOT, logFile });
  const code = await child.exited;
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${logTail(child)}`);
}

/** Times the import with bench/workers/import.ts (the app's contract, compiled app). */
async function timeImport(target: Target, file: string): Promise<ImportTiming> {
  const child = startChild(`import (${target.db})`, process.execPath, ['--import', 'tsx', 'bench/workers/import.ts', file], {
    env: serverEnv(target, 0), cwd: ROOT, logFile: join(target.dir, 'import.log'), ipc: true,
  });
  let timing: ImportTiming | undefined;
  child.proc.once('message', (m) => (timing = m as ImportTiming));
  const timeout = setTimeout(() => child.proc.kill('SIGKILL'), 15 * 60_000);
  const code = await child.exited;
  clearTimeout(timeout);
  if (code !== 0 || !timing) throw new Error(`import failed (exit ${code}${timing ? '' : ', no result'}):\n${logTail(child)}`);
  return timing;
}

/** Spawns `node <args>` and waits until `readyPath` answers 200; `readyMs` is the time from spawn to that answer. */
async function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, readyPath = '/ready'): Promise<{ server: Server; readyMs: number }> {
  const port = Number(env.PORT);
  const base = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = startChild(name, process.execPath, args, { env, cwd: ROOT, logFile });
  const readyMs = await waitUntilOk(`${base}${readyPath}`, child, since);
  return { server: { child, base }, readyMs };
}

/** Extra node flags for the Comptoir server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a scenario). */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** Starts the compiled Comptoir server on `target`'s data (with the bench admin when `admin`). */
async function startComptoir(target: Target, admin = false): Promise<{ server: Server; readyMs: number }> {
  return startServer(`server (${target.db})`, [...SERVER_NODE_ARGS, 'dist/main.js', 'serve'], serverEnv(target, await freePort(), admin), join(target.dir, 'server.log'));
}

/**
 * Loads one endpoint of `server` after a probe GET (a scenario whose probe is not 200 is
 * reported as not run, not loaded) and reads the server's RSS after the load.
 */
async function loadRow(server: Server, row: Omit<LoadRow, 'result' | 'rssMb'>, path: string, opts: LoadOptions): Promise<LoadRow> {
  const url = `${server.base}${path}`;
  const probe = await httpGet(url);
  if (probe.status !== 200) return { ...row, skipped: `GET ${path} answered ${probe.status}: ${probe.body.slice(0, 120)}` };
  const note = row.note ?? describeBody(probe.body);
  log(`load ${row.db ?? 'baseline'} ${path} (${opts.warmupSeconds} s warm-up + ${opts.durationSeconds} s)`);
  const result = await load(url, opts);
  return { ...row, note, result, rssMb: rssMb(server.child.pid) };
}

/** "20 of 123" for a list body, so the reader knows how much the endpoint returned. */
function describeBody(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { data?: unknown; pagination?: { total?: unknown } };
    if (!Array.isArray(json.data)) return undefined;
    const total = json.pagination?.total;
    return typeof total === 'number' ? `${json.data.length} of ${total.toLocaleString('en-US')}` : `${json.data.length} items`;
  } catch {
    return undefined;
  }
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The catalog list on a second site (issue 17: same goal as the default site's list): opens
 * {@link BENCH_SITE} with every active product published and priced in EUR, waits for the events
 * this caused (PostgreSQL; PGlite: {@link IDLE_SECONDS}), then loads `GET /api/products?limit=20`
 * with `X-Comptoir-Site: eu`, then the default site's list again on the same server for the ratio.
 */
async function benchSiteList(server: Server, target: Target, opts: LoadOptions): Promise<LoadRow> {
  const row = { scenario: 'site-products' as const, label: `GET ${LIST_PATH} (X-Comptoir-Site: ${BENCH_SITE.code})`, db: target.db };
  const client = new HttpClient(server.base, 10);
  try {
    const since = performance.now();
    const published = await openSecondSite(client);
    log(`${target.db}: ${published} products published on ${BENCH_SITE.code} in ${Math.round(performance.now() - since)} ms`);
    if (target.databaseUrl) await drainOutbox(target.databaseUrl, `second site (${target.db})`);
    else await sleep(IDLE_SECONDS * 1000);
    const headers = { 'x-comptoir-site': BENCH_SITE.code };
    const probe = await client.call('GET', LIST_PATH, undefined, headers);
    if (probe.status !== 200) return { ...row, skipped: `GET ${LIST_PATH} on ${BENCH_SITE.code} answered ${probe.status}: ${probe.body.slice(0, 120)}` };
    log(`load ${target.db} ${LIST_PATH} on site ${BENCH_SITE.code} (${opts.warmupSeconds} s warm-up + ${opts.durationSeconds} s)`);
    const result = await loadWith(`${server.base}${LIST_PATH}`, opts, () => ({ headers }));
    const rss = rssMb(server.child.pid);
    // The default site's list on the same server right after: the ratio compares like with like.
    log(`load ${target.db} ${LIST_PATH} on the default site again, for the ratio`);
    const reference = await load(`${server.base}${LIST_PATH}`, opts);
    const ratio = `${Math.round((100 * result.requestsPerSecond) / reference.requestsPerSecond)}% of the default site's ${int(reference.requestsPerSecond)} req/s (p99 ${reference.p99Ms} ms) measured right after`;
    return { ...row, note: `${describeBody(probe.body) ?? ''} in ${BENCH_SITE.currency}; ${ratio}`, result, rssMb: rss };
  } finally {
    client.close();
  }
}

/** What one database's run produced. */
interface DbRun {
  summary: DbSummary;
  rows: LoadRow[];
  checkoutRows: CheckoutRow[];
  /** The 20-product list body, for the baseline. */
  productsJson?: string;
  /** The storefront pages table (bench/lib/pages.ts). */
  pages?: string[];
}

/** Import, cold starts, idle RSS and load scenarios on one database. */
async function benchDatabase(db: DbKind, opts: BenchOptions, dataset: string): Promise<DbRun> {
  const run: DbRun = { summary: { db }, rows: [], checkoutRows: [] };
  const target: Target = { db, dir: join(scratch.dir, db) };
  const selected = DB_STEPS.filter((s) => opts.only.has(s));
  if (db === 'pglite' && selected.every((s) => s === 'addtocart' || s === 'checkout')) {
    // Nothing to measure on PGlite: say so without importing.
    if (opts.only.has('addtocart')) run.rows.push({ scenario: 'addtocart', label: ADD_TO_CART_LABEL, db, skipped: 'skipped on pglite (PostgreSQL only)' });
    if (opts.only.has('checkout')) run.checkoutRows.push({ label: CHECKOUT_LABEL, db, skipped: 'skipped on pglite (PostgreSQL only)' });
    return run;
  }
  mkdirSync(join(target.dir, 'data'), { recursive: true });
  let scratchDb: ScratchDatabase | undefined;
  let server: Server | undefined;
  try {
    if (db === 'postgres') {
      scratchDb = await createScratchDatabase();
      scratch.databases.add(scratchDb);
      target.databaseUrl = scratchDb.url;
      log(`postgres: created database ${scratchDb.name}`);
    }
    log(`${db}: importing ${basename(dataset)}`);
    run.summary.importFile = basename(dataset);
    run.summary.importTiming = await timeImport(target, dataset);

    const starts = opts.only.has('coldstart') ? COLD_STARTS : 1;
    const readyTimes: number[] = [];
    for (let i = 0; i < starts; i++) {
      if (server) await stopChild(server.child);
      const started = await startComptoir(target);
      server = started.server;
      readyTimes.push(started.readyMs);
      log(`${db}: ready in ${Math.round(started.readyMs)} ms`);
    }
    if (opts.only.has('coldstart')) run.summary.coldStartsMs = readyTimes;
    if (!server) throw new Error('server did not start');

    await sleep(IDLE_SECONDS * 1000);
    run.summary.idleRssMb = rssMb(server.child.pid);

    const list = await getJson<{ data?: Array<{ slug?: string }> }>(`${server.base}${LIST_PATH}`);
    run.productsJson = JSON.stringify(list);
    const slug = list.data?.[0]?.slug;
    const loadOpts: LoadOptions = { connections: opts.connections, durationSeconds: opts.durationSeconds, warmupSeconds: opts.warmupSeconds };
    const scenarios: Array<{ step: Step; scenario: LoadRow['scenario']; path: string | undefined; label: string }> = [
      { step: 'products', scenario: 'products', path: LIST_PATH, label: `GET ${LIST_PATH}` },
      { step: 'product', scenario: 'product', path: slug && `/api/products/${encodeURIComponent(slug)}`, label: 'GET /api/products/{slug}' },
      { step: 'search', scenario: 'search', path: SEARCH_PATH, label: `GET ${SEARCH_PATH}` },
    ];
    for (const s of scenarios.filter((x) => opts.only.has(x.step))) {
      const row = { scenario: s.scenario, label: s.label, db };
      run.rows.push(s.path ? await loadRow(server, row, s.path, loadOpts) : { ...row, skipped: `no product with a slug in GET ${LIST_PATH}` });
    }

    if (opts.only.has('gateway')) run.rows.push(await benchGateway(server, target, loadOpts, run.rows.find((r) => r.scenario === 'products' && r.db === db)?.result));

    if (opts.only.has('pages')) {
      const tree = await getJson<{ data?: Array<{ slug: string; productCount: number }> }>(`${server.base}/api/categories`);
      const category = tree.data?.find((c) => c.productCount > 0)?.slug;
      const pages: [string, string][] = [['home', '/'], ...(category ? [['category', `/c/${category}`] as [string, string]] : []),
        ...(slug ? [['product', `/p/${slug}`] as [string, string]] : []), ['search', '/search?q=heart'], ['cart', '/cart']];
      run.pages = pagesLines(await benchPages(server.base, pages, log), db);
    }

    if (opts.only.has('site-products')) {
      // A restart with the bench admin, who opens the second site.
      await stopChild(server.child);
      server = undefined;
      server = (await startComptoir(target, true)).server;
      run.rows.push(await benchSiteList(server, target, loadOpts));
    }

    if (opts.only.has('addtocart') || opts.only.has('checkout')) {
      if (db === 'postgres') {
        // A fresh start with the bench admin, after the read rows (whose tables the buying rows grow).
        await stopChild(server.child);
        server = undefined;
        server = (await startComptoir(target, true)).server;
        await benchBuying(server, target, opts, run);
      } else {
        if (opts.only.has('addtocart')) run.rows.push({ scenario: 'addtocart', label: ADD_TO_CART_LABEL, db, skipped: 'skipped on pglite (PostgreSQL only)' });
        if (opts.only.has('checkout')) run.checkoutRows.push({ label: CHECKOUT_LABEL, db, skipped: 'skipped on pglite (PostgreSQL only)' });
      }
    }
  } catch (err) {
    run.summary.error = err instanceof Error ? err.message : String(err);
    log(`${db}: ${run.summary.error}`);
  } finally {
    if (server) await stopChild(server.child);
    if (scratchDb) {
      await scratchDb.drop().catch((err: Error) => log(`postgres: could not drop ${scratchDb?.name}: ${err.message}`));
      scratch.databases.delete(scratchDb);
    }
  }
  return run;
}

/**
 * Services mode's edge in front of `server`: `dist/main.js gateway` with every module routed to
 * it (its limits off: one client address), loaded with the product list, beside the same list
 * loaded directly (`direct`, the `products` row when it ran; measured here otherwise), so the
 * row gives the share of the direct throughput and the latency the gateway adds.
 */
async function benchGateway(server: Server, target: Target, opts: LoadOptions, direct?: LoadResult): Promise<LoadRow> {
  const row: Omit<LoadRow, 'result' | 'rssMb'> = { scenario: 'gateway', label: `GET ${LIST_PATH} through the gateway`, db: target.db };
  const reference = direct ?? (await loadRow(server, { scenario: 'products', label: LIST_PATH, db: target.db }, LIST_PATH, opts)).result;
  if (!reference) return { ...row, skipped: 'the direct product list did not load' };
  const gateway = await startGateway(server, target);
  try {
    return { ...(await loadRow(gateway, row, LIST_PATH, opts)), direct: reference };
  } finally {
    await stopChild(gateway.child);
  }
}

/** `dist/main.js gateway` in front of `server`, every module routed to it, its rate limits off (the load comes from one address). */
async function startGateway(server: Server, target: Target): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    ...serverEnv(target, await freePort()),
    GATEWAY_ROUTES: JSON.stringify(Object.fromEntries(MODULE_NAMES.map((m) => [m, server.base]))),
    GATEWAY_RATE_LIMIT: '0',
    AUTH_RATE_LIMIT: '0',
  };
  delete env.DATABASE_URL;
  return (await startServer(`gateway (${target.db})`, ['dist/main.js', 'gateway'], env, join(target.dir, 'gateway.log'), '/health')).server;
}

const ADD_TO_CART_LABEL = 'POST /api/carts/{id}/items';
const CHECKOUT_LABEL = 'guest checkout loop: cart → item → order';

/**
 * Waits (at most {@link DRAIN_SECONDS}) for the outbox events a buying scenario left to be
 * delivered, so that the next scenario does not pay for them, and says how it went.
 */
async function drainOutbox(databaseUrl: string, after: string): Promise<string> {
  const since = performance.now();
  const backlog = await pendingEvents(databaseUrl);
  let left = backlog;
  while (left > 0 && performance.now() - since < DRAIN_SECONDS * 1000) {
    await sleep(250);
    left = await pendingEvents(databaseUrl);
  }
  const seconds = (performance.now() - since) / 1000;
  if (backlog === 0) return `outbox after ${after}: nothing pending`;
  return left === 0
    ? `outbox after ${after}: ${backlog.toLocaleString('en-US')} events pending at the end, all delivered within ${seconds.toFixed(1)} s`
    : `outbox after ${after}: ${backlog.toLocaleString('en-US')} events pending at the end, **still ${left.toLocaleString('en-US')} pending after ${DRAIN_SECONDS} s**`;
}

/**
 * The buying scenarios on a server started with the bench admin: stock {@link BUYING_SKUS}
 * catalog SKUs, then add-to-cart (autocannon, one guest cart per connection) and the checkout
 * loops, each after a probe of the same calls; the outbox is drained after each.
 */
async function benchBuying(server: Server, target: Target, opts: BenchOptions, run: DbRun): Promise<void> {
  const db = target.db;
  const databaseUrl = target.databaseUrl;
  if (!databaseUrl) throw new Error('the buying scenarios need PostgreSQL');
  const client = new HttpClient(server.base, Math.max(opts.shoppers, 10));
  const notes: string[] = (run.summary.buyingNotes = []);
  try {
    const skus = await stockSkus(client, BUYING_SKUS);
    // A running shop has many more carts than orders (most are abandoned) and statistics about
    // them; a fresh database has neither, and PostgreSQL would cache plans made for empty tables.
    await abandonCarts(client, ABANDONED_CARTS, skus);
    const setupDrained = await drainOutbox(databaseUrl, `buying setup (${db})`);
    await analyzeDatabase(databaseUrl);
    notes.push(
      `buying setup (${db}): received ${RECEIPT_UNITS.toLocaleString('en-US')} units each of ${skus.join(', ')} (from GET /api/products); ` +
        `${ABANDONED_CARTS.toLocaleString('en-US')} guest carts holding one of them left unordered (POST /api/carts, POST /api/carts/{id}/items), then ANALYZE, as autovacuum would have done in a running shop; ` +
        `checkout buys ${skus[0]} (then, for information, shoppers spread over all ${skus.length}), add-to-cart rotates all ${skus.length}`,
      setupDrained,
    );
    const loadOpts: LoadOptions = { connections: opts.connections, durationSeconds: opts.durationSeconds, warmupSeconds: opts.warmupSeconds };

    if (opts.only.has('addtocart')) {
      const row: LoadRow = { scenario: 'addtocart', label: ADD_TO_CART_LABEL, db };
      const [probeCart] = await createCarts(client, 1);
      const probe = probeCart && (await client.call('POST', `/api/carts/${probeCart.id}/items`, { sku: skus[0], quantity: 1 }, { 'x-cart-token': probeCart.token }));
      if (!probe || probe.status !== 200) {
        run.rows.push({ ...row, skipped: `probe answered ${probe?.status}: ${probe?.body.slice(0, 120)}` });
      } else {
        const runs = opts.warmupSeconds > 0 ? 2 : 1;
        const pool = new CartPool(await createCarts(client, opts.connections * (runs + 1)));
        log(`load ${db} POST /api/carts/{id}/items (${opts.warmupSeconds} s warm-up + ${opts.durationSeconds} s)`);
        const pid = server.child.pid;
        const databaseCpu = () => (db === 'postgres' ? postgresCpuMs() : undefined);
        let cpuBefore = 0;
        let databaseCpuBefore: number | undefined;
        const result = await loadWith(`${server.base}/api/carts`, loadOpts, () => ({ method: 'POST', requests: addToCartRequests(pool, skus) }), () => {
          cpuBefore = cpuMs(pid);
          databaseCpuBefore = databaseCpu();
        });
        const cpuSpent = cpuMs(pid) - cpuBefore;
        const databaseCpuAfter = databaseCpu();
        const perRequest = (spent: number | undefined) => (spent !== undefined && result.totalRequests > 0 ? spent / result.totalRequests : undefined);
        run.rows.push({
          ...row, result, rssMb: rssMb(pid), cpuMsPerRequest: perRequest(cpuSpent),
          databaseCpuMsPerRequest: perRequest(databaseCpuBefore !== undefined && databaseCpuAfter !== undefined ? databaseCpuAfter - databaseCpuBefore : undefined),
          note: `quantity 1, one guest cart per connection, ${skus.length} SKUs in turn${pool.wrapped ? `; **${pool.wrapped} carts reused**` : ''}`,
        });
        notes.push(await drainOutbox(databaseUrl, `add-to-cart (${db})`));
      }
    }

    if (opts.only.has('checkout')) {
      const sku = skus[0] as string;
      const [probeCart] = await createCarts(client, 1);
      const headers = { 'x-cart-token': probeCart?.token ?? '' };
      await client.call('POST', `/api/carts/${probeCart?.id}/items`, { sku, quantity: 1 }, headers);
      const probe = await client.call('POST', '/api/orders', checkoutBody(probeCart?.id ?? '', -1), { ...headers, 'idempotency-key': `bench-probe-${Date.now()}` });
      if (probe.status !== 201) {
        run.checkoutRows.push({ label: CHECKOUT_LABEL, db, skipped: `probe checkout answered ${probe.status}: ${probe.body.slice(0, 120)}` });
      } else {
        // The goal row: every shopper buys the same product (the contended case, a flash sale).
        // Then, for information, shoppers spread over every stocked SKU: what is left without the
        // contention on one variant row.
        for (const bought of [[sku], skus]) {
          log(`load ${db} checkout loops, ${opts.shoppers} shoppers, ${bought.length} SKU(s) (${opts.warmupSeconds} s warm-up + ${opts.durationSeconds} s)`);
          const child = server.child.proc;
          const result = await runCheckouts(client, {
            shoppers: opts.shoppers, warmupSeconds: opts.warmupSeconds, durationSeconds: opts.durationSeconds, skus: bought,
            serverGone: () => child.exitCode !== null || child.signalCode !== null,
            cpuMs: () => cpuMs(server.child.pid),
            databaseCpuMs: db === 'postgres' ? postgresCpuMs : undefined,
          });
          const note = bought.length === 1 ? `${opts.shoppers} shoppers, 1 × ${sku}` : `${opts.shoppers} shoppers spread over ${bought.length} SKUs, information only`;
          run.checkoutRows.push({ label: CHECKOUT_LABEL, db, result, rssMb: rssMb(server.child.pid), note });
        }
        notes.push(await drainOutbox(databaseUrl, `checkout (${db})`));
        if (opts.only.has('gateway')) {
          // The same contended loop through the services-mode gateway in front of this server.
          const gateway = await startGateway(server, target);
          const through = new HttpClient(gateway.base, Math.max(opts.shoppers, 10));
          try {
            log(`load ${db} checkout loops through the gateway, ${opts.shoppers} shoppers (${opts.warmupSeconds} s warm-up + ${opts.durationSeconds} s)`);
            const result = await runCheckouts(through, {
              shoppers: opts.shoppers, warmupSeconds: opts.warmupSeconds, durationSeconds: opts.durationSeconds, skus: [sku],
              serverGone: () => server.child.proc.exitCode !== null || gateway.child.proc.exitCode !== null,
              cpuMs: () => cpuMs(server.child.pid) + cpuMs(gateway.child.pid),
              databaseCpuMs: db === 'postgres' ? postgresCpuMs : undefined,
            });
            run.checkoutRows.push({ label: `${CHECKOUT_LABEL}, through the gateway`, db, result, rssMb: rssMb(gateway.child.pid), note: `${opts.shoppers} shoppers, 1 × ${sku}; RSS is the gateway's`, gateway: true });
          } finally {
            through.close();
            await stopChild(gateway.child);
          }
          notes.push(await drainOutbox(databaseUrl, `checkout through the gateway (${db})`));
        }
      }
    }
  } finally {
    client.close();
  }
}

/**
 * Bare Fastify with `productsJson` in memory, loaded like the catalog list: once answering the
 * JSON text as it is (the machine's limit, the ratio reference), once serializing it per request.
 */
async function benchBaseline(productsJson: string, opts: BenchOptions): Promise<LoadRow[]> {
  const file = join(scratch.dir, 'baseline-products.json');
  writeFileSync(file, productsJson);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), HOST: '127.0.0.1', BASELINE_JSON_FILE: file };
  delete env.NODE_OPTIONS;
  const { server } = await startServer('baseline', ['--import', 'tsx', 'bench/workers/baseline-server.ts'], env, join(scratch.dir, 'baseline.log'));
  try {
    return [
      await loadRow(server, { scenario: 'baseline', label: `bare Fastify, same ${LIST_PATH} JSON text from memory`, db: null }, LIST_PATH, opts),
      await loadRow(server, { scenario: 'baseline-stringify', label: 'bare Fastify, same JSON, JSON.stringify per request', db: null }, '/api/products/stringify', opts),
    ];
  } finally {
    await stopChild(server.child);
  }
}

/** Kills children, drops scratch databases, removes the temp dir. Idempotent. */
async function cleanup(): Promise<void> {
  stopLoads();
  stopShoppers();
  killAllChildren();
  await Promise.allSettled([...scratch.databases].map((d) => d.drop()));
  scratch.databases.clear();
  if (scratch.dir && !process.env.BENCH_KEEP_TMP) rmSync(scratch.dir, { recursive: true, force: true });
}

function installCleanup(deadlineMs: number): void {
  const abort = (why: string, code: number) => {
    scratch.aborted = true;
    log(`${why}: stopping children and cleaning up`);
    const force = setTimeout(() => process.exit(code), 10_000);
    force.unref();
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  process.on('exit', killAllChildren);
  setTimeout(() => abort(`bench exceeded its ${Math.round(deadlineMs / 60_000)} min bound`, 1), deadlineMs).unref();
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const pgUrl = adminUrl(opts.pgTransport);
  useAdminUrl(pgUrl);
  const started = new Date();
  const loadAtStart = loadavg()[0] ?? 0;
  const perDbSeconds = 5 * (opts.durationSeconds + opts.warmupSeconds) + 2 * DRAIN_SECONDS + 600;
  const analyticsSeconds = opts.only.has('analytics') ? opts.analyticsLines.reduce((a, n) => a + n / 5_000 + 900, 0) : 0;
  const supportSeconds = opts.only.has('help-search') || opts.only.has('ticket-list') ? opts.dbs.length * 900 : 0;
  const recommendationsSeconds = opts.only.has('recommendations') ? 1_200 : 0;
  installCleanup((opts.dbs.length * perDbSeconds + analyticsSeconds + supportSeconds + recommendationsSeconds + 600) * 1000);
  scratch.dir = mkdtempSync(join(tmpdir(), 'comptoir-bench-'));

  if (!opts.skipBuild) {
    log('npm run build');
    await runToEnd('build', 'npm', ['run', 'build'], join(scratch.dir, 'build.log'));
  }
  const dataset = existsSync(REAL_DATA) ? REAL_DATA : DEMO_DATA;
  if (!existsSync(dataset)) throw new Error(`no dataset: neither ${REAL_DATA} nor ${DEMO_DATA} exists`);
  const datasetNote = dataset === REAL_DATA ? basename(dataset) : `**${basename(dataset)} (fallback: ${REAL_DATA} is missing)**`;

  // Baseline alone still needs the real list JSON: take it from the first database.
  const needsDb = DB_STEPS.some((s) => opts.only.has(s));
  const dbs = needsDb ? opts.dbs : opts.only.has('baseline') ? opts.dbs.slice(0, 1) : [];
  const runs: DbRun[] = [];
  for (const db of dbs) {
    runs.push(await benchDatabase(db, opts, dataset));
    if (scratch.aborted) return;
  }

  let embedded: EmbeddedSummary | undefined;
  if (opts.only.has('cli-import') || opts.only.has('serve-ready')) {
    log(`embedded (pglite): ${EMBEDDED_RUNS} × comptoir import, ${EMBEDDED_RUNS} × comptoir serve`);
    const env = serverEnv({ db: 'pglite', dir: join(scratch.dir, 'embedded') }, 0);
    for (const key of ['PORT', 'COMPTOIR_DATA_DIR']) delete env[key];
    const runs = { imports: opts.only.has('cli-import') ? EMBEDDED_RUNS : 1, starts: opts.only.has('serve-ready') ? EMBEDDED_RUNS : 0 };
    embedded = await benchEmbedded(ROOT, join(scratch.dir, 'embedded'), dataset, runs, env, log);
    if (!opts.only.has('cli-import')) embedded.imports = [];
    if (scratch.aborted) return;
  }

  let analytics: AnalyticsRow[] = [];
  if (opts.only.has('analytics')) {
    if (opts.dbs.includes('postgres')) {
      const target = (databaseUrl: string, dir: string): Target => ({ db: 'postgres', dir, databaseUrl });
      const harness: AnalyticsHarness = {
        root: ROOT,
        dir: scratch.dir,
        log,
        env: (databaseUrl, dir) => serverEnv(target(databaseUrl, dir), 0, true),
        startServer: async (databaseUrl, dir) => (await startComptoir(target(databaseUrl, dir), true)).server,
        stopServer: (server) => stopChild(server.child),
        importCatalog: async (databaseUrl, dir) => void (await timeImport(target(databaseUrl, dir), DEMO_DATA)),
        track: (db, add) => void (add ? scratch.databases.add(db) : scratch.databases.delete(db)),
      };
      analytics = await benchAnalytics(harness, opts.analyticsLines, opts.analyticsYear);
    } else {
      analytics = [{ scenario: 'analytics rows', factLines: 0, figure: null, goal: '—', verdict: 'not run: PostgreSQL only (--db postgres or both)', load: loadavg()[0] ?? 0 }];
    }
    if (scratch.aborted) return;
  }

  const newsletters: NewsletterRow[] = [];
  if (opts.only.has('newsletter')) {
    for (const db of opts.dbs) {
      log(`newsletter campaign send (${db})`);
      const scratchDb = db === 'postgres' ? await createScratchDatabase() : undefined;
      try {
        newsletters.push(await benchNewsletter(db, scratchDb?.url));
      } finally {
        await scratchDb?.drop();
      }
    }
  }

  const support: SupportRow[] = [];
  if (opts.only.has('help-search') || opts.only.has('ticket-list')) {
    const loadOpts: LoadOptions = { connections: opts.connections, durationSeconds: opts.durationSeconds, warmupSeconds: opts.warmupSeconds };
    for (const db of opts.dbs) {
      const scratchDb = db === 'postgres' ? await createScratchDatabase() : undefined;
      if (scratchDb) scratch.databases.add(scratchDb);
      const dir = join(scratch.dir, `support-${db}`);
      const target = (databaseUrl: string | undefined): Target => ({ db, dir, databaseUrl });
      try {
        support.push(...await benchSupport(db, join(dir, 'data'), scratchDb?.url, {
          log, jwtSecret: serverEnv(target(undefined), 0).JWT_SECRET!,
          startServer: async (_data, databaseUrl) => {
            const { server } = await startComptoir(target(databaseUrl), true);
            return { base: server.base, stop: () => stopChild(server.child) };
          },
        }, { search: opts.only.has('help-search'), tickets: opts.only.has('ticket-list') }, loadOpts));
      } catch (err) {
        support.push({ db, scenario: 'support rows', figure: '—', goal: '—', verdict: `stopped: ${err instanceof Error ? err.message : String(err)}`, note: '', load: loadavg()[0] ?? 0 });
      } finally {
        if (scratchDb) {
          await scratchDb.drop().catch((err: Error) => log(`postgres: could not drop ${scratchDb.name}: ${err.message}`));
          scratch.databases.delete(scratchDb);
        }
      }
      if (scratch.aborted) return;
    }
  }

  // The recommendations benchmark is its own script (its own data: the complete Online Retail file); its table joins this report.
  const recommendations: string[] = [];
  if (opts.only.has('recommendations')) {
    if (opts.dbs.includes('postgres')) {
      const logFile = join(scratch.dir, 'recommendations.log');
      log('recommendations: import, model build, reads under load (bench/recommendations.ts)');
      const child = startChild('recommendations', process.execPath, ['--import', 'tsx', 'bench/recommendations.ts'], { env: process.env, cwd: ROOT, logFile });
      const code = await child.exited;
      const lines = readFileSync(logFile, 'utf8').split('\n');
      recommendations.push('', '### Recommendations (PostgreSQL, bench/recommendations.ts)', '', ...(code === 0 ? lines.filter((l) => l.startsWith('|')) : [`stopped (exit ${code}): ${logTail(child).replace(/\n/g, ' ').slice(-300)}`]), '');
    } else {
      recommendations.push('', '### Recommendations', '', 'not run: PostgreSQL only (--db postgres or both)', '');
    }
    if (scratch.aborted) return;
  }

  const rows = runs.flatMap((r) => r.rows);
  if (opts.only.has('baseline')) {
    const json = runs.find((r) => r.productsJson)?.productsJson;
    rows.push(...(json ? await benchBaseline(json, opts) : [{ scenario: 'baseline' as const, label: 'bare Fastify', db: null, skipped: 'no product list was fetched' }]));
  }
  if (scratch.aborted) return;

  const table = renderReport({
    startedAt: started,
    totalSeconds: (Date.now() - started.getTime()) / 1000,
    connections: opts.connections,
    durationSeconds: opts.durationSeconds,
    warmupSeconds: opts.warmupSeconds,
    idleSeconds: IDLE_SECONDS,
    postgresVersion: opts.dbs.includes('postgres') ? await postgresVersion().catch(() => undefined) : undefined,
    postgresConnection: describeConnection(pgUrl),
    datasetNote,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    rows,
    shoppers: opts.shoppers,
    checkoutRows: runs.flatMap((r) => r.checkoutRows),
    summaries: runs.map((r) => r.summary),
    embedded,
    extra: [...runs.flatMap((r) => r.pages ?? []), ...analyticsLines(analytics, opts.analyticsLines, opts.analyticsYear), ...newsletterLines(newsletters), ...supportLines(support), ...recommendations],
  });
  console.log(table);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/latest.md'), table);
  log('written to bench/results/latest.md');
  if (runs.some((r) => r.summary.error) || embedded?.error || [...analytics, ...support].some((r) => r.verdict.startsWith('stopped'))) process.exitCode = 1;
}

main()
  .then(cleanup, async (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    await cleanup();
    process.exitCode = 1;
  })
  .finally(() => process.exit());
