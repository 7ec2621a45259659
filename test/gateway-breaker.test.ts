/**
 * Services mode, a service killed (issue 18 §5): the search role runs as its own process
 * (`src/main.ts serve --modules search,recommendations`, its own database: an embedded data dir, or a fresh
 * database on PostgreSQL), every other module in a second service, the gateway in front with its
 * per-upstream circuit breaker (3 failures, 1 s open). The search process is killed with
 * SIGKILL: the product pages, a cart and a checkout still work through the gateway; search
 * answers 503 problem+json, at once once the breaker is open (the gateway no longer calls it);
 * after a restart on the same port it answers again with no action from anyone. The two services
 * call each other's contracts over `/internal` (`COMPTOIR_SERVICES`): the storefront's search
 * page degrades to a page without results while search is down, and search backfills its own
 * database from the catalog's service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MODULE_NAMES } from '../src/app.js';
import { createGateway } from '../src/gateway/gateway.js';
import type { HttpServer } from '../src/platform/http/server.js';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';
import { freshPostgresDatabase } from './support/databases.js';
import { freePort, until } from './support/wait.js';

const ROOT = join(import.meta.dirname, '..');
const METRICS_TOKEN = 'breaker-test-metrics-token-0123456789';
const json = { 'content-type': 'application/json' };
/** The modules of the search service (its role in deploy/). */
const SEARCH_ROLE: readonly string[] = ['search', 'recommendations'];

let back: TestApp;
let gateway: HttpServer;
let gatewayUrl = '';
let search: ChildProcess | undefined;
let searchPort = 0;
let searchEnv: NodeJS.ProcessEnv = {};
let searchOutput = '';
let dataDir = '';
let dropDatabase: (() => Promise<void>) | undefined;

/** Starts the search service (`serve --modules search`) on `searchPort` and waits for its `/ready`. */
async function startSearch(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--modules', SEARCH_ROLE.join(',')], { cwd: ROOT, env: searchEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [proc.stdout, proc.stderr]) stream?.on('data', (c: Buffer) => (searchOutput = (searchOutput + c.toString()).slice(-8000)));
  await until('the search service ready', async () => {
    if (proc.exitCode !== null) throw new Error(`the search service exited (${proc.exitCode}):\n${searchOutput}`);
    return fetch(`http://127.0.0.1:${searchPort}/ready`).then((r) => r.ok, () => false);
  }, 120_000);
  return proc;
}

beforeAll(async () => {
  searchPort = await freePort();
  // The storefront's search page (this service) calls search's contract over /internal.
  back = await createTestApp({
    modules: MODULE_NAMES.filter((m) => !SEARCH_ROLE.includes(m)),
    services: JSON.stringify({ search: `http://127.0.0.1:${searchPort}`, recommendations: `http://127.0.0.1:${searchPort}` }),
  });
  await back.server.listen({ host: '127.0.0.1', port: 0 });
  const backUrl = `http://127.0.0.1:${(back.server.server.address() as AddressInfo).port}`;

  dataDir = mkdtempSync(join(tmpdir(), 'comptoir-breaker-'));
  searchEnv = {
    ...process.env, PORT: String(searchPort), HOST: '127.0.0.1', COMPTOIR_DATA_DIR: dataDir, COMPTOIR_DEMO: 'false', LOG_LEVEL: 'warn',
    JWT_SECRET: back.config.jwtSecret as string,
    // Search backfills its own database's index, recommendations reads products and carts, and
    // both resolve sites, from the other service's /internal routes.
    COMPTOIR_SERVICES: JSON.stringify({ sites: backUrl, catalog: backUrl, cart: backUrl, orders: backUrl }),
  };
  for (const k of ['AMQP_URL', 'SMTP_URL', 'COMPTOIR_MODULES', 'DATABASE_URL', 'REDIS_URL', 'GATEWAY_ROUTES', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_TRACES_EXPORTER']) delete searchEnv[k];
  if (onPostgres) {
    const db = await freshPostgresDatabase(inject('postgresTemplate'));
    searchEnv.DATABASE_URL = db.url;
    dropDatabase = () => db.drop();
  }
  search = await startSearch();

  gateway = await createGateway({
    logger: pino({ level: 'silent' }),
    upstreams: Object.fromEntries(MODULE_NAMES.map((m) => [m, SEARCH_ROLE.includes(m) ? `http://127.0.0.1:${searchPort}` : backUrl])),
    jwtSecret: back.config.jwtSecret as string,
    authRateLimitPerMinute: 0,
    rateLimitPerMinute: 0,
    trustProxy: [],
    breaker: { failures: 3, halfOpenAfterMs: 1_000 },
    metricsToken: METRICS_TOKEN,
  });
  await gateway.listen({ host: '127.0.0.1', port: 0 });
  gatewayUrl = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  if (search && search.exitCode === null && search.signalCode === null) {
    const exited = new Promise((r) => search!.once('exit', r));
    search.kill('SIGTERM');
    await exited;
  }
  await back?.close();
  await dropDatabase?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const via = (path: string, init?: RequestInit) => fetch(`${gatewayUrl}${path}`, init);

/** The gateway's `circuit_breaker_state` of the search upstream (0 closed, 1 half-open, 2 open). */
async function searchBreaker(): Promise<number | undefined> {
  const text = await (await via('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`circuit_breaker_state{breaker="http://127.0.0.1:${searchPort}"} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

/** A guest buys one `sku` through the gateway: cart, line, checkout; the order's status code. */
async function buy(sku: string, n: number): Promise<number> {
  const cart = (await (await via('/api/carts', { method: 'POST', headers: json, body: '{}' })).json()) as { id: string; token: string };
  const headers = { ...json, 'x-cart-token': cart.token };
  const add = await via(`/api/carts/${cart.id}/items`, { method: 'POST', headers, body: JSON.stringify({ sku, quantity: 1 }) });
  expect(add.status).toBeLessThan(300);
  const order = await via('/api/orders', {
    method: 'POST', headers: { ...headers, 'idempotency-key': `breaker-${Date.now()}-${n}` },
    body: JSON.stringify({
      cartId: cart.id, email: `breaker-buyer-${n}@example.test`, shippingMethodId: 'standard',
      shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+44 20 7946 0000' },
      payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } },
    }),
  });
  return order.status;
}

describe('gateway circuit breaker', () => {
  it('kill -9 of the search service: pages, cart and checkout go on, search answers 503 at once, then recovers by itself', async () => {
    const admin = { ...json, authorization: `Bearer ${await back.tokenFor(['admin'])}` };
    // A second site, in the other service's database: the search service learns it from there.
    const site = await via('/api/admin/sites', { method: 'POST', headers: admin, body: JSON.stringify({ code: 'fr', name: 'Breaker France', currency: 'EUR', contactEmail: 'bonjour@breaker.test', hosts: ['fr.breaker.test'], defaultLanguage: 'fr', languages: ['fr', 'en'] }) });
    expect(site.status).toBe(201);
    const category = (await (await via('/api/admin/categories', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Breaker lamps' }) })).json()) as { id: string };
    const made = await via('/api/admin/products', {
      method: 'POST', headers: admin,
      body: JSON.stringify({ title: 'Breaker lamp', status: 'active', categoryId: category.id, variants: [{ sku: 'BRK-LAMP', price: { amount: 1500, currency: 'GBP' } }] }),
    });
    expect(made.status).toBe(201);
    const { slug } = (await made.json()) as { slug: string };
    const stock = await via('/api/admin/inventory/movements', { method: 'POST', headers: admin, body: JSON.stringify({ sku: 'BRK-LAMP', quantity: 10, type: 'receipt', reason: 'delivery' }) });
    expect(stock.status).toBe(201);
    expect((await via('/api/search?q=lamp')).status).toBe(200);
    expect(await searchBreaker()).toBe(0);
    // Recommendations, in the search service on its own database, reads the product and the cart
    // from the other service (its database holds neither): answers, not 404s.
    const recs = await via(`/api/products/${slug}/recommendations`);
    expect(recs.status).toBe(200);
    const cart = (await (await via('/api/carts', { method: 'POST', headers: json, body: '{}' })).json()) as { id: string; token: string };
    expect((await via(`/api/carts/${cart.id}/items`, { method: 'POST', headers: { ...json, 'x-cart-token': cart.token }, body: JSON.stringify({ sku: 'BRK-LAMP', quantity: 1 }) })).status).toBeLessThan(300);
    expect((await via(`/api/carts/${cart.id}/recommendations`, { headers: { 'x-cart-token': cart.token } })).status).toBe(200);
    // Another visitor's cart token is refused by the cart's owner, and the refusal comes through as is.
    expect((await via(`/api/carts/${cart.id}/recommendations`, { headers: { 'x-cart-token': 'not-the-token' } })).status).toBe(404);

    const killed = search!;
    const exited = new Promise((r) => killed.once('exit', r));
    killed.kill('SIGKILL');
    await exited;

    // The first calls find nobody listening: 503, and each counts as a failure.
    for (let i = 0; i < 3; i += 1) {
      const down = await via('/api/search?q=lamp');
      expect(down.status).toBe(503);
      expect(((await down.json()) as { code: string }).code).toBe('GATEWAY.UPSTREAM_UNAVAILABLE');
    }
    expect(await searchBreaker()).toBe(2);
    // Open: the gateway answers itself, without calling the upstream.
    const times: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      const open = await via('/api/search?q=lamp');
      const body = (await open.json()) as { code: string; breaker?: string; module?: string };
      times.push(performance.now() - started);
      expect(open.status).toBe(503);
      expect(open.headers.get('content-type')).toContain('application/problem+json');
      expect(open.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
      expect(body).toMatchObject({ code: 'GATEWAY.UPSTREAM_UNAVAILABLE', breaker: 'open', module: 'search' });
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(100);

    // The rest of the shop does not notice.
    expect((await via('/api/products')).status).toBe(200);
    expect((await via(`/api/products/${slug}`)).status).toBe(200);
    const page = await via(`/p/${slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Breaker lamp');
    expect(await buy('BRK-LAMP', 1)).toBe(201);
    expect(await buy('BRK-LAMP', 2)).toBe(201);
    // The server-rendered search page (the catalog's service calls search): the page, without results.
    const searchPage = await via('/search?q=lamp');
    expect(searchPage.status).toBe(503);
    expect(searchPage.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await searchPage.text()).toContain('<h1>Results for “lamp”</h1>');

    // Back on the same port: the next trial call after the open period closes the breaker.
    search = await startSearch();
    await until('search answers through the gateway again', async () => (await via('/api/search?q=lamp')).status === 200, 15_000);
    expect(await searchBreaker()).toBe(0);
    // Its own database held no product (none existed at its first start): at this start it
    // backfilled its index from the catalog's service, over /internal with a service token.
    await until('the lamp found by the search service', async () => ((await (await via('/api/search?q=lamp')).json()) as { data: { slug: string }[] }).data.some((h) => h.slug === slug), 15_000);
    // The French site, known to the search service through the sites service: the lamp is not published there.
    const onFr = await via('/api/search?q=lamp', { headers: { 'x-comptoir-site': 'fr' } });
    expect(onFr.status).toBe(200);
    expect(((await onFr.json()) as { total: number }).total).toBe(0);
    expect((await via('/api/search?q=lamp', { headers: { 'x-comptoir-site': 'nowhere' } })).status).toBe(404);
    // The catalog service's own breaker for search closes after its open period (5 s).
    await until('the search page with results again', async () => (await via('/search?q=lamp')).status === 200, 15_000);
    expect(await (await via('/search?q=lamp')).text()).toContain('Breaker lamp');
  }, 180_000);
});
