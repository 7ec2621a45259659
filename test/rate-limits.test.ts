/**
 * Per-IP rate limits on cart creation, checkout and every other anonymous or customer write
 * route (admin routes and provider webhooks excluded), keyed on the client IP, which comes from
 * `X-Forwarded-For` only when the connection is from a proxy listed in `TRUST_PROXY`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { loadConfig } from '../src/platform/config.js';
import { expectProblem, fillPath, label, operations, WRITE_METHODS, type OpenApiDoc } from './support/openapi-walk.js';

const LIMIT = 3;

describe('per-IP limits on every anonymous or customer write route', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await createTestApp({ cartRateLimitPerMinute: LIMIT, checkoutRateLimitPerMinute: LIMIT, writeRateLimitPerMinute: LIMIT, authRateLimitPerMinute: LIMIT });
    admin = await app.tokenFor(['admin']);
  });
  afterAll(() => app?.close());

  it(`answer 429 RATE_LIMITED with Retry-After from request ${LIMIT + 1} of one IP; another IP is not affected`, async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json() as OpenApiDoc;
    const routes = operations(doc).filter((o) => WRITE_METHODS.has(o.method) && !o.path.startsWith('/api/admin') && !o.path.startsWith('/api/payments/webhooks'));
    expect(routes.map(label)).toEqual(expect.arrayContaining(['POST /api/carts', 'POST /api/orders', 'POST /api/carts/{id}/items', 'PATCH /api/users/me', 'POST /api/auth/register']));
    const unlimited: string[] = [];
    for (const o of routes) {
      const send = (remoteAddress: string) =>
        app.inject({ method: o.method, url: fillPath(o.path), remoteAddress, headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'idempotency-key': 'rate-limit-walk' }, payload: '{}' });
      for (let i = 0; i < LIMIT; i++) expect((await send('192.0.2.10')).statusCode, label(o)).not.toBe(429);
      const over = await send('192.0.2.10');
      if (over.statusCode !== 429) {
        unlimited.push(`${label(o)} → ${over.statusCode}`);
        continue;
      }
      const body = expectProblem(over, 429, 'RATE_LIMITED');
      expect(body.detail).toMatch(/retry in \d+ s/);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect((await send('192.0.2.11')).statusCode, `${label(o)} from another IP`).not.toBe(429);
    }
    expect(unlimited).toEqual([]);
  });

  it('cart creation is limited before anything is written: no cart for a refused request', async () => {
    const codes = [];
    for (let i = 0; i < LIMIT + 2; i++) codes.push((await app.inject({ method: 'POST', url: '/api/carts', remoteAddress: '192.0.2.20' })).statusCode);
    expect(codes).toEqual([...Array(LIMIT).fill(201), 429, 429]);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: one address, one bucket', async () => {
    const codes = [];
    for (const xff of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) codes.push((await app.inject({ method: 'POST', url: '/api/carts', headers: { 'x-forwarded-for': xff } })).statusCode);
    expect(codes).toEqual([...Array(LIMIT).fill(201), 429]);
  });

  it('admin routes take no per-IP limit', async () => {
    // A token of its own: the walk above also called POST /api/auth/logout-everywhere with `admin`.
    const token = await app.tokenFor(['admin']);
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/admin/categories', remoteAddress: '192.0.2.30', headers: { authorization: `Bearer ${token}` }, payload: { name: `Limitless ${i}` } });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
});

describe('TRUST_PROXY', () => {
  it('parses a comma list of addresses, CIDR ranges and keywords; refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16 ,fd00::/8,loopback,' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16', 'fd00::/8', 'loopback']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1', '::1/129']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  describe('behind a trusted proxy (127.0.0.1)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await createTestApp({ cartRateLimitPerMinute: 2, trustProxy: ['127.0.0.1'] });
    });
    afterAll(() => app?.close());
    const create = (remoteAddress: string, forwardedFor?: string) =>
      app.inject({ method: 'POST', url: '/api/carts', remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

    it('keys the limit on the client in X-Forwarded-For: each client has its own bucket', async () => {
      expect((await create('127.0.0.1', '203.0.113.1')).statusCode).toBe(201);
      expect((await create('127.0.0.1', '203.0.113.1')).statusCode).toBe(201);
      expect((await create('127.0.0.1', '203.0.113.1')).statusCode).toBe(429);
      // Another client behind the same proxy is not blocked by the first.
      expect((await create('127.0.0.1', '203.0.113.2')).statusCode).toBe(201);
      // A client may prepend anything; the proxy appends the address it saw, which is what counts.
      expect((await create('127.0.0.1', '198.51.100.99, 203.0.113.1')).statusCode).toBe(429);
    });

    it('ignores X-Forwarded-For from a connection that is not a trusted proxy', async () => {
      expect((await create('198.51.100.7', '203.0.113.50')).statusCode).toBe(201);
      expect((await create('198.51.100.7', '203.0.113.51')).statusCode).toBe(201);
      expect((await create('198.51.100.7', '203.0.113.52')).statusCode).toBe(429);
    });
  });

});
