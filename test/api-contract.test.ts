/**
 * API contract, walked from the live OpenAPI document:
 * - every `/api/admin` operation is protected (401 without / with a bad token, 403 without the
 *   permission, and the documented `x-permission` is the one enforced);
 * - every operation is documented (summary, tags), the document is OpenAPI 3.1, `/docs` is HTML.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createTestApp, type TestApp } from './support/app.js';
import { TokenService } from '../src/platform/auth.js';
import { expectProblem, fillPath, fingerprint, label, operations, WRITE_METHODS, type Op, type OpenApiDoc } from './support/openapi-walk.js';

/**
 * Admin operations in the document when this test was written (catalog 10, identity 3,
 * imports 3). The walk must cover at least these; a smaller number means the walk is broken or a
 * route went missing from the document.
 */
const MIN_ADMIN_OPERATIONS = 16;
/** POST operations that compute an answer from a body and write nothing (what-if simulations): a read permission. */
const READ_ONLY_POSTS = ['POST /api/admin/analytics/scenarios/simulate', 'POST /api/admin/analytics/scenarios/{id}/run', 'POST /api/admin/analytics/scenarios/compare'];
/** Distinct admin paths (several methods share a path). */
const MIN_ADMIN_PATHS = 11;
/** Every operation in the document when this test was written (admin + public + operations). */
const MIN_OPERATIONS = 30;

let app: TestApp;
let doc: OpenApiDoc;
let adminOps: Op[];
let customer: string;
let admin: string;
let secret: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signed(key: string, claims: { sub?: string; iss?: string; exp?: number; iat?: number; permissions?: unknown; roles?: unknown }, alg = 'HS256') {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ roles: claims.roles ?? ['admin'], permissions: claims.permissions ?? ['*'] })
    .setProtectedHeader({ alg })
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 600);
  if (claims.sub !== '') jwt = jwt.setSubject(claims.sub ?? 'usr_forged');
  if (claims.iss !== '') jwt = jwt.setIssuer(claims.iss ?? 'comptoir');
  return jwt.sign(new TextEncoder().encode(key));
}

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Requests for `o` (dummy path ids, a minimal JSON object body on write methods). */
function request(o: Op, headers: Record<string, string> = {}) {
  const write = WRITE_METHODS.has(o.method);
  return app.inject({
    method: o.method,
    url: fillPath(o.path),
    headers: { ...headers, ...(write ? { 'content-type': 'application/json' } : {}) },
    ...(write ? { payload: '{}' } : {}),
  });
}

beforeAll(async () => {
  app = await createTestApp();
  secret = app.config.jwtSecret as string;
  expect(secret.length).toBeGreaterThan(20);
  admin = await app.tokenFor(['admin']);
  customer = await app.tokenFor(['customer']);
  const res = await app.inject({ url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json() as OpenApiDoc;
  adminOps = operations(doc).filter((o) => o.path.startsWith('/api/admin'));
});
afterAll(() => app?.close());

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer security scheme', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe('Comptoir API');
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every operation with a summary and tags', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(MIN_OPERATIONS);
    const undocumented = ops.filter((o) => !o.op.summary?.trim() || !Array.isArray(o.op.tags) || o.op.tags.length === 0).map(label);
    expect(undocumented).toEqual([]);
  });

  it('lists the operations endpoints and the modules’ routes', () => {
    const paths = Object.keys(doc.paths);
    for (const p of ['/health', '/ready', '/metrics', '/asyncapi.json', '/api/products', '/api/search', '/api/auth/login', '/api/admin/products', '/api/admin/users', '/api/admin/imports']) {
      expect(paths, p).toContain(p);
    }
    expect(paths).not.toContain('/openapi.json');
  });

  it('declares bearer security and an x-permission on every admin operation', () => {
    expect(adminOps.length).toBeGreaterThanOrEqual(MIN_ADMIN_OPERATIONS);
    for (const o of adminOps) {
      expect(o.op.security, label(o)).toEqual([{ bearerAuth: [] }]);
      expect(o.op['x-permission'], label(o)).toMatch(/^[a-z]+:(read|write)$/);
      if (o.method === 'GET' || READ_ONLY_POSTS.includes(`${o.method} ${o.path}`)) expect(o.op['x-permission'], label(o)).toMatch(/:read$/);
      else expect(o.op['x-permission'], label(o)).toMatch(/:write$/);
    }
  });

  it('declares security on every other authenticated operation, and none on public ones', async () => {
    for (const o of operations(doc).filter((x) => !x.path.startsWith('/api/admin'))) {
      const res = await request(o);
      if (o.op.security) expect(res.statusCode, `${label(o)} declares security`).toBe(401);
      else expect(res.statusCode, `${label(o)} is documented as public: ${res.body.slice(0, 200)}`).not.toBe(401);
    }
  });

  it('matches the router: every admin route the server knows is in the document', () => {
    // printRoutes lists registered routes; any /api/admin route hidden from the document would
    // also escape the protection walk below.
    const tree = app.server.printRoutes({ commonPrefix: false });
    const documented = new Set(adminOps.map((o) => o.path.replace(/\{([^}]+)\}/g, ':$1')));
    // Rebuild full paths from the tree: each level is indented by 4 characters and prints the
    // segment below its parent; a node with methods in parentheses is a route.
    const known = new Set<string>();
    let prefix: string[] = [];
    for (const raw of tree.split('\n')) {
      const m = /^([\s│]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(raw);
      if (!m) continue;
      const depth = Math.round((m[1] as string).length / 4);
      prefix = prefix.slice(0, depth);
      prefix.push(m[2] as string);
      if (m[3]) known.add(prefix.join(''));
    }
    expect(known).toContain('/api/admin/products/:id/archive');
    const adminRoutes = [...known].filter((p) => p.startsWith('/api/admin')).map((p) => p.replace(/\/$/, '') || '/');
    expect(adminRoutes.length).toBeGreaterThanOrEqual(MIN_ADMIN_PATHS);
    for (const r of adminRoutes) expect(documented, `router has ${r}`).toContain(r);
  });

  it('serves the docs UI as HTML at /docs', async () => {
    let res = await app.inject({ url: '/docs' });
    if (res.statusCode >= 300 && res.statusCode < 400) {
      const location = new URL(String(res.headers.location), 'http://localhost/docs').pathname;
      res = await app.inject({ url: location });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
    expect(res.body).toMatch(/swagger/i);
  });
});

describe('every /api/admin operation is protected', () => {
  it(`walks at least ${MIN_ADMIN_OPERATIONS} admin operations`, () => {
    expect(adminOps.length).toBeGreaterThanOrEqual(MIN_ADMIN_OPERATIONS);
    const methods = new Set(adminOps.map((o) => o.method));
    for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) expect(methods, m).toContain(m);
  });

  it('answers 401 AUTH.UNAUTHENTICATED without a token', async () => {
    for (const o of adminOps) expectProblem(await request(o), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('answers 401 to malformed, expired, forged and otherwise invalid tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const payload = b64({ sub: 'usr_forged', iss: 'comptoir', roles: ['admin'], permissions: ['*'], iat: now, exp: now + 600 });
    const real = await app.tokenFor(['admin']);
    const [h, p] = real.split('.') as [string, string, string];
    const bad: Record<string, Record<string, string>> = {
      garbage: bearer('garbage'),
      'empty bearer': { authorization: 'Bearer ' },
      'three dots': bearer('a.b.c'),
      'basic scheme with a valid token': { authorization: `Basic ${real}` },
      'lower-case scheme': { authorization: `bearer ${customer}x` },
      'huge token': bearer('x'.repeat(16_000)),
      expired: bearer(await signed(secret, { iat: now - 3600, exp: now - 60 })),
      'forged (other secret)': bearer(await signed('another-secret-that-is-long-enough-for-hs256-xyz', {})),
      'wrong issuer': bearer(await signed(secret, { iss: 'evil' })),
      'no issuer': bearer(await signed(secret, { iss: '' })),
      'no subject': bearer(await signed(secret, { sub: '' })),
      'HS512 instead of HS256': bearer(await signed(secret, {}, 'HS512')),
      'alg none': bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`),
      'unsigned HS256': bearer(`${header}.${payload}.`),
      'tampered payload (permissions escalated)': bearer(`${h}.${payload}.${real.split('.')[2]}`),
      'tampered signature': bearer(`${h}.${p}.${'A'.repeat(43)}`),
    };
    for (const o of adminOps) {
      for (const [what, headers] of Object.entries(bad)) {
        const res = await request(o, headers);
        const body = expectProblem(res, 401, 'AUTH.UNAUTHENTICATED');
        expect(body.detail, `${label(o)} with ${what}`).toBeTruthy();
      }
    }
  });

  it('answers 403 AUTH.FORBIDDEN to a customer (no permissions) and writes nothing', async () => {
    await app.relay.drain();
    const before = await fingerprint(app.database);
    for (const o of adminOps) {
      const body = expectProblem(await request(o, bearer(customer)), 403, 'AUTH.FORBIDDEN');
      expect(body.detail, label(o)).toContain(o.op['x-permission'] as string);
    }
    // A customer who sends a *valid* body is refused before the handler runs.
    const cat = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: bearer(customer), payload: { name: 'Customer made this' } });
    expectProblem(cat, 403, 'AUTH.FORBIDDEN');
    const role = await app.inject({ method: 'PATCH', url: '/api/admin/users/usr_x', headers: bearer(customer), payload: { roles: ['admin'] } });
    expectProblem(role, 403, 'AUTH.FORBIDDEN');
    expect(await fingerprint(app.database)).toEqual(before);
  });

  it('enforces exactly the documented x-permission', async () => {
    const tokens = new TokenService(secret, 600);
    const permissions = [...new Set(adminOps.map((o) => o.op['x-permission'] as string))];
    expect(permissions.length).toBeGreaterThanOrEqual(4);
    for (const o of adminOps) {
      const needed = o.op['x-permission'] as string;
      const others = permissions.filter((p) => p !== needed);
      const without = await tokens.sign({ id: 'usr_contract', roles: ['manager'], permissions: others });
      expectProblem(await request(o, bearer(without)), 403, 'AUTH.FORBIDDEN');
      const withIt = await tokens.sign({ id: 'usr_contract', roles: ['manager'], permissions: [needed] });
      const res = await request(o, bearer(withIt));
      expect([401, 403], `${label(o)} with ${needed}: ${res.statusCode} ${res.body.slice(0, 200)}`).not.toContain(res.statusCode);
      expect(res.statusCode, `${label(o)} with ${needed}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    }
  });

  it('lets an admin through on every admin operation (no 401/403, no 5xx)', async () => {
    for (const o of adminOps) {
      const res = await request(o, bearer(admin));
      expect([401, 403], `${label(o)}: ${res.body.slice(0, 200)}`).not.toContain(res.statusCode);
      expect(res.statusCode, `${label(o)}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      expect(res.headers['x-request-id'], label(o)).toBeTruthy();
    }
  });

  it('the manager role can run the shop but not manage users', async () => {
    const manager = await app.tokenFor(['manager']);
    const users = adminOps.filter((o) => (o.op['x-permission'] as string).startsWith('users:'));
    expect(users.length).toBeGreaterThanOrEqual(3);
    for (const o of users) expectProblem(await request(o, bearer(manager)), 403, 'AUTH.FORBIDDEN');
    const products = await app.inject({ url: '/api/admin/products', headers: bearer(manager) });
    expect(products.statusCode, products.body).toBe(200);
  });
});
