/**
 * Services mode (issue 18 §1): two Comptoir services on real ports, one running catalog + search
 * (`modules: ['catalog', 'search']`, as `serve --modules catalog,search`), one every other module,
 * and two gateways in front sharing their rate-limit counters in Redis (`REDIS_TEST_URL`, default
 * redis://127.0.0.1:6379; keys under a prefix of this run). Requests go over HTTP with fetch.
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_NAMES } from '../src/app.js';
import { createGateway } from '../src/gateway/gateway.js';
import { ownerOf, type ModuleName } from '../src/gateway/route-table.js';
import type { HttpServer } from '../src/platform/http/server.js';
import { createTestApp, type TestApp } from './support/app.js';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const KEY_PREFIX = `comptoir-gateway-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}:`;
const FRONT: ModuleName[] = ['catalog', 'search'];
const BACK = MODULE_NAMES.filter((m) => !FRONT.includes(m));
/** Paths every service serves itself (operations), not routed by module. */
const PLATFORM_PATHS = /^\/api\/(admin\/events|auth\/csrf)(\/|$)/;

let front: TestApp;
let back: TestApp;
let frontPort: number;
const gateways: HttpServer[] = [];
const gatewayUrls: string[] = [];
const redisClients: Redis[] = [];

const listen = async (server: HttpServer, port = 0) => {
  await server.listen({ host: '127.0.0.1', port });
  return (server.server.address() as AddressInfo).port;
};

async function startGateway(): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  redisClients.push(redis);
  const gateway = await createGateway({
    logger: pino({ level: 'silent' }),
    upstreams: Object.fromEntries([
      ...FRONT.map((m) => [m, `http://127.0.0.1:${frontPort}`]),
      ...BACK.map((m) => [m, `http://127.0.0.1:${(back.server.server.address() as AddressInfo).port}`]),
    ]),
    jwtSecret: front.config.jwtSecret as string,
    authRateLimitPerMinute: 100,
    rateLimitPerMinute: 1000,
    redis,
    rateLimitKeyPrefix: KEY_PREFIX,
    // The test's client addresses come in X-Forwarded-For from loopback (as behind a load balancer).
    trustProxy: ['loopback'],
  });
  gateways.push(gateway);
  gatewayUrls.push(`http://127.0.0.1:${await listen(gateway)}`);
}

beforeAll(async () => {
  [front, back] = await Promise.all([createTestApp({ modules: FRONT }), createTestApp({ modules: BACK })]);
  frontPort = await listen(front.server);
  await listen(back.server);
  await startGateway();
  await startGateway();
});

afterAll(async () => {
  for (const g of gateways) await g.close();
  const keys = await redisClients[0]?.keys(`${KEY_PREFIX}*`);
  if (keys?.length) await redisClients[0]?.del(...keys);
  for (const r of redisClients) r.disconnect();
  await front?.close();
  await back?.close();
});

const via = (path: string, init?: RequestInit, gateway = 0) => fetch(`${gatewayUrls[gateway]}${path}`, init);
const json = { 'content-type': 'application/json' };

describe('serve --modules', () => {
  it('a service documents and serves only its modules’ routes', async () => {
    const paths = (app: TestApp) => Object.keys((app.server.swagger() as { paths: Record<string, unknown> }).paths).filter((p) => p.startsWith('/api/') && !PLATFORM_PATHS.test(p));
    const frontPaths = paths(front);
    expect(frontPaths).toContain('/api/products');
    expect(frontPaths).toContain('/api/search');
    expect(frontPaths).not.toContain('/api/auth/login');
    // The gateway's route table (route-table.ts) gives every documented path to a module the service runs.
    expect(frontPaths.filter((p) => !FRONT.includes(ownerOf(p) as ModuleName))).toEqual([]);
    expect(paths(back).filter((p) => !BACK.includes(ownerOf(p) as ModuleName))).toEqual([]);
    expect((await front.inject({ url: '/api/auth/login', method: 'POST', payload: {} })).statusCode).toBe(404);
    expect((await front.inject({ url: '/ready' })).statusCode).toBe(200);
  });

  it('an unknown module name stops the CLI with a clear message and a non-zero exit', async () => {
    const failure = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve', '--modules', 'catalog,nope'], { env: { ...process.env, COMPTOIR_DEMO: 'false' } })
      .then(() => undefined, (err: { code: number; stderr: string }) => err);
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toContain('Unknown module "nope"');
    expect(failure?.stderr).toContain('known modules: identity, sites, catalog');
  });
});

describe('gateway', () => {
  it('routes a product list to the catalog service and a sign-in to the identity service', async () => {
    const admin = await front.tokenFor(['admin']);
    const headers = { ...json, authorization: `Bearer ${admin}` };
    const category = await via('/api/admin/categories', { method: 'POST', headers, body: JSON.stringify({ name: 'Gateway lamps' }) });
    expect(category.status).toBe(201);
    const product = await via('/api/admin/products', {
      method: 'POST', headers,
      body: JSON.stringify({ title: 'Gateway lamp', status: 'active', categoryId: ((await category.json()) as { id: string }).id, variants: [{ sku: 'GW-LAMP', price: { amount: 1500, currency: 'GBP' } }] }),
    });
    expect(product.status).toBe(201);
    const list = await via('/api/products');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: { title: string }[] }).data.map((p) => p.title)).toContain('Gateway lamp');

    await back.createUser({ email: 'gateway-shopper@example.test', password: 'correct horse battery' });
    const login = await via('/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ email: 'gateway-shopper@example.test', password: 'correct horse battery' }) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = await via('/api/users/me', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe('gateway-shopper@example.test');
  });

  it('forwards the storefront pages, sitemap and robots.txt to the catalog service, server-rendered', async () => {
    const admin = await front.tokenFor(['admin']);
    const headers = { ...json, authorization: `Bearer ${admin}` };
    const category = await via('/api/admin/categories', { method: 'POST', headers, body: JSON.stringify({ name: 'Gateway candles' }) });
    const created = await via('/api/admin/products', {
      method: 'POST', headers,
      body: JSON.stringify({ title: 'Gateway candle', status: 'active', categoryId: ((await category.json()) as { id: string }).id, variants: [{ sku: 'GW-CANDLE', price: { amount: 900, currency: 'GBP' } }] }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { slug } = (await created.json()) as { slug: string };
    const page = await via(`/p/${slug}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    // Rendered by the catalog service: the product's name is in the HTML before any script runs.
    expect(await page.text()).toContain('Gateway candle');
    expect((await via('/p/no-such-product', { headers: { accept: 'text/html' } })).status).toBe(404);
    expect(await (await via('/sitemap.xml')).text()).toContain(`/p/${slug}`);
    expect((await via('/robots.txt')).status).toBe(200);
    expect((await via('/', { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('refuses a forged access token itself with 401 problem+json', async () => {
    const forged = await new SignJWT({ roles: ['admin'], permissions: ['*'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('usr_forged').setIssuer('comptoir').setIssuedAt().setExpirationTime('5m')
      .sign(new TextEncoder().encode('not-the-shop-secret-0123456789-0123456789'));
    // The product list needs no token upstream: the 401 is the gateway's.
    const res = await via('/api/products', { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('merges the services’ OpenAPI documents', async () => {
    const res = await via('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths).toHaveProperty('/api/products');
    expect(doc.paths).toHaveProperty('/api/search');
    expect(doc.paths).toHaveProperty('/api/auth/login');
    expect(doc.paths).toHaveProperty(['/api/products/{idOrSlug}/recommendations']);
    expect(doc.components.schemas).toHaveProperty('Problem');
    expect((await via('/docs/json')).status).toBe(200);
    const unknown = await via('/api/nowhere');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('ROUTE.NOT_FOUND');
  });

  it('is ready only while every upstream is, and answers 503 with Retry-After for a service that is down', async () => {
    expect((await via('/ready')).status).toBe(200);
    await front.close();
    const ready = await via('/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await ready.json()) as { code: string; modules: string[] };
    expect(problem.code).toBe('GATEWAY.NOT_READY');
    expect(problem.modules).toEqual(FRONT);
    const products = await via('/api/products');
    expect(products.status).toBe(503);
    expect(products.headers.get('retry-after')).toBe('5');
    expect(((await products.json()) as { code: string }).code).toBe('GATEWAY.UPSTREAM_UNAVAILABLE');
    expect((await via('/health')).status).toBe(200);
    // The service comes back on the same address.
    front = await createTestApp({ modules: FRONT });
    await listen(front.server, frontPort);
    expect((await via('/ready')).status).toBe(200);
    expect((await via('/api/products')).status).toBe(200);
  });

  it('counts /api/auth/* per client IP across both replicas: the 101st request in a minute gets 429', async () => {
    const client = { 'x-forwarded-for': '203.0.113.7' };
    const statuses: number[] = [];
    for (let i = 0; i < 100; i += 1) statuses.push((await via('/api/auth/csrf', { headers: client }, i % 2)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    for (const gateway of [0, 1]) {
      const limited = await via('/api/auth/csrf', { headers: client }, gateway);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
    }
    // Another client, and another area for the same client, are not limited.
    expect((await via('/api/auth/csrf', { headers: { 'x-forwarded-for': '203.0.113.8' } }, 1)).status).toBe(200);
    expect((await via('/api/products', { headers: client }, 1)).status).toBe(200);
  });
});
