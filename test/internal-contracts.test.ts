/**
 * Services mode, contract calls across services (issue 18 §1): the owner serves the methods of
 * its `/internal` surface only to a service token for it, and the typed client in the calling
 * service answers what the in-process contract answers, throws the owner's problems again as the
 * same errors, and fails fast with 503 `SERVICE.UNAVAILABLE` once the owner is gone.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/platform/auth.js';
import { AppError } from '../src/platform/errors.js';
import { remoteContract } from '../src/platform/http/internal.js';
import { CATALOG_INTERNAL, type CatalogContract } from '../src/modules/catalog/index.js';
import { SEARCH_INTERNAL, type SearchContract } from '../src/modules/search/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import { freePort } from './support/wait.js';

let owner: TestApp;
let url = '';
let tokens: TokenService;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  // The catalog and search service, as `serve --modules catalog,search` runs it.
  owner = await createTestApp({ modules: ['catalog', 'search'] });
  await owner.server.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(owner.server.server.address() as AddressInfo).port}`;
  tokens = new TokenService(owner.config.jwtSecret as string, 900);
  const admin = { ...json, authorization: `Bearer ${await owner.tokenFor(['admin'])}` };
  const category = await owner.inject({ method: 'POST', url: '/api/admin/categories', headers: admin, payload: { name: 'Internal candles' } });
  expect(category.statusCode).toBe(201);
  for (const n of [1, 2, 3]) {
    const made = await owner.inject({
      method: 'POST', url: '/api/admin/products', headers: admin,
      payload: { title: `Internal candle ${n}`, status: 'active', categoryId: category.json().id, variants: [{ sku: `INT-CANDLE-${n}`, price: { amount: 500 + n, currency: 'GBP' } }] },
    });
    expect(made.statusCode).toBe(201);
  }
});

afterAll(async () => {
  await owner?.close();
});

const count = (token?: string) => owner.inject({
  method: 'POST', url: '/internal/catalog/countProducts', headers: { ...json, ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload: { args: [] },
});

describe('/internal routes', () => {
  it('answer only a service token whose audience is the module called', async () => {
    const missing = await count();
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().code).toBe('SERVICE.UNAUTHENTICATED');
    // A user's access token, even an admin's, is not a service token.
    expect((await count(await owner.tokenFor(['admin']))).statusCode).toBe(401);
    // A token for search does not open the catalog.
    expect((await count(await tokens.signService('orders', 'search'))).statusCode).toBe(401);
    // Signed with another secret.
    expect((await count(await new TokenService('another-secret-that-is-long-enough-for-hs256-0', 900).signService('search', 'catalog'))).statusCode).toBe(401);
    const ok = await count(await tokens.signService('search', 'catalog'));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ result: await owner.catalog.countProducts() });
    // And a service token is refused where a user's token is asked for.
    const asUser = await owner.inject({ method: 'GET', url: '/api/admin/products', headers: { authorization: `Bearer ${await tokens.signService('search', 'catalog')}` } });
    expect(asUser.statusCode).toBe(401);
  });

  it('refuse a malformed call with 400, and are not in the public API description', async () => {
    const token = await tokens.signService('search', 'catalog');
    const bad = await owner.inject({ method: 'POST', url: '/internal/catalog/countProducts', headers: { ...json, authorization: `Bearer ${token}` }, payload: { arguments: [] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    // Only the surface is served: a contract method outside it does not exist here.
    const outside = await owner.inject({ method: 'POST', url: '/internal/catalog/sellStock', headers: { ...json, authorization: `Bearer ${token}` }, payload: { args: [] } });
    expect(outside.statusCode).toBe(404);
    const paths = Object.keys((await owner.inject({ method: 'GET', url: '/openapi.json' })).json().paths as object);
    expect(paths.filter((p) => p.startsWith('/internal'))).toEqual([]);
  });
});

describe('the typed client of another service', () => {
  it('answers what the contract answers in process', async () => {
    const catalog = remoteContract<CatalogContract, keyof typeof CATALOG_INTERNAL>('catalog', CATALOG_INTERNAL, { url, tokens, caller: 'search' });
    expect(await catalog.countProducts()).toBe(await owner.catalog.countProducts());
    const first = await catalog.listSnapshots(null, 2);
    expect(first).toEqual(await owner.catalog.listSnapshots(null, 2));
    expect(await catalog.listSnapshots(first[1]!.id, 100)).toEqual(await owner.catalog.listSnapshots(first[1]!.id, 100));
  });

  it("throws the owner's problem again as the same error", async () => {
    const search = remoteContract<SearchContract, 'search'>('search', SEARCH_INTERNAL, { url, tokens, caller: 'catalog' });
    await expect(search.search({ q: 'candle', category: 'no-such-category' })).rejects.toMatchObject({ status: 404, code: 'SEARCH.UNKNOWN_CATEGORY' });
    const error = await search.search({ category: 'no-such-category' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
  });

  it('answers 503 SERVICE.UNAVAILABLE when the owner is gone, then at once while its breaker is open', async () => {
    const gone = `http://127.0.0.1:${await freePort()}`;
    const catalog = remoteContract<CatalogContract, keyof typeof CATALOG_INTERNAL>('catalog', CATALOG_INTERNAL, { url: gone, tokens, caller: 'search', breakerFailures: 2, halfOpenAfterMs: 60_000 });
    for (let i = 0; i < 2; i += 1) {
      await expect(catalog.countProducts()).rejects.toMatchObject({ status: 503, code: 'SERVICE.UNAVAILABLE', extensions: { service: 'catalog' } });
    }
    const started = performance.now();
    const open = (await catalog.countProducts().catch((e: unknown) => e)) as AppError;
    expect(performance.now() - started).toBeLessThan(50);
    expect(open.code).toBe('SERVICE.UNAVAILABLE');
    // The breaker's open period (60 s) counts down in retryAfter.
    expect(open.extensions?.retryAfter).toBeGreaterThan(50);
    expect(open.extensions?.retryAfter).toBeLessThanOrEqual(60);
  });
});
