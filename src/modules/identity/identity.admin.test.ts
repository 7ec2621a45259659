import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { sql } from 'drizzle-orm';
import { createTestApp, identityServiceFor, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import type { IdentityService } from './identity.service.js';

const ADMIN_EMAIL = 'Boss@Shop.example';
const ADMIN_PASSWORD = 'the first admin password';

let app: TestApp;
let service: IdentityService;
let adminToken: string;
let adminId: string;
const marker = `m${Date.now().toString(36)}`;

beforeAll(async () => {
  app = await createTestApp({ adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  service = identityServiceFor(app.config);
  adminToken = await app.tokenFor(['admin']);
  adminId = decodeJwt(adminToken).sub as string;
});
afterAll(async () => {
  await app?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('first admin', () => {
  it('is created at start from config and can sign in with the normalised email', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'boss@shop.example', password: ADMIN_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.roles).toEqual(['admin']);
    expect(decodeJwt(res.json().accessToken).permissions).toEqual(['*']);
  });

  it('ensureAdmin is idempotent across restarts and never changes the password', async () => {
    const identity = app.modules.find((m) => m.name === 'identity');
    await identity?.start?.();
    await identity?.start?.();
    const again = await app.identity.ensureAdmin(ADMIN_EMAIL, 'another password entirely');
    expect(again.created).toBe(false);
    expect(again.user.email).toBe('boss@shop.example');
    const [count] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.users where email = 'boss@shop.example'`);
    expect(count?.n).toBe(1);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(login.statusCode).toBe(200);
  });

  it('ensureAdmin is safe when two processes run it at once', async () => {
    const email = `race-${marker}@example.test`;
    const results = await Promise.all([
      app.identity.ensureAdmin(email, 'long enough password'),
      app.identity.ensureAdmin(email, 'long enough password'),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results[0].user.id).toBe(results[1].user.id);
  });

  it('creates an absent admin, and grants the admin role to an existing verified user only when asked to', async () => {
    const created = await app.identity.ensureAdmin(`new-admin-${marker}@example.test`, 'long enough password');
    expect(created.created).toBe(true);
    expect(created.user.roles).toEqual(['admin']);

    const existing = await app.createUser({ email: `promote-${marker}@example.test`, password: 'long enough password', roles: ['support'] });
    await expect(app.identity.ensureAdmin(`PROMOTE-${marker}@example.test`, 'ignored password value')).rejects.toMatchObject({ status: 409, code: 'IDENTITY.ADMIN_EMAIL_TAKEN' });
    expect((await app.identity.getUser(existing.id))?.roles).toEqual(['support']);
    const promoted = await app.identity.ensureAdmin(`PROMOTE-${marker}@example.test`, 'ignored password value', { promoteExisting: true });
    expect(promoted).toMatchObject({ created: false, user: { id: existing.id, roles: ['admin', 'support'] } });
  });
});

describe('service', () => {
  it('createUser trims and lowercases, validates and refuses duplicates', async () => {
    const db = app.database.db;
    const user = await service.createUser(db, { email: `  Trim-${marker}@Example.TEST `, password: 'long enough password', firstName: ' Alan ', roles: ['manager'] });
    expect(user).toMatchObject({ email: `trim-${marker}@example.test`, firstName: 'Alan', roles: ['manager'] });
    await expect(service.createUser(db, { email: `TRIM-${marker}@example.test`, password: 'long enough password' })).rejects.toMatchObject({
      code: 'IDENTITY.EMAIL_TAKEN',
      status: 409,
    });
    await expect(service.createUser(db, { email: 'nope', password: 'long enough password' })).rejects.toMatchObject({ status: 400, code: 'IDENTITY.INVALID_INPUT' });
    await expect(service.createUser(db, { email: `short-${marker}@example.test`, password: 'short' })).rejects.toMatchObject({ status: 400 });
    expect(await app.identity.getUser(user.id)).toEqual(user);
    expect(await app.identity.getUser('usr_missing')).toBeNull();
    await expect(service.accessTokenFor(db, 'usr_missing')).rejects.toMatchObject({ status: 404, code: 'IDENTITY.USER_NOT_FOUND' });
  });
});

describe('admin routes: authentication and permissions', () => {
  it('answers 401 without a token', async () => {
    for (const [method, url] of [['GET', '/api/admin/users'], ['GET', `/api/admin/users/${adminId}`], ['PATCH', `/api/admin/users/${adminId}`]] as const) {
      const res = await app.inject({ method, url, ...(method === 'PATCH' ? { payload: { roles: ['admin'] } } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().code).toBe('AUTH.UNAUTHENTICATED');
    }
  });

  it('answers 403 to a customer, and to a manager (no users:read)', async () => {
    for (const role of ['customer', 'manager'] as const) {
      const token = await app.tokenFor([role]);
      const list = await app.inject({ method: 'GET', url: '/api/admin/users', headers: auth(token) });
      expect(list.statusCode).toBe(403);
      expect(list.json().code).toBe('AUTH.FORBIDDEN');
      const patch = await app.inject({ method: 'PATCH', url: `/api/admin/users/${adminId}`, headers: auth(token), payload: { roles: ['customer'] } });
      expect(patch.statusCode).toBe(403);
    }
  });
});

describe('GET /api/admin/users', () => {
  const listMarker = `list${Date.now().toString(36)}`;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const people = [
      { key: 'alice', firstName: 'Alice', lastName: `Martin${listMarker}`, roles: ['customer'] as const },
      { key: 'bob', firstName: 'Bob', lastName: `Martin${listMarker}`, roles: ['support'] as const },
      { key: 'chloe', firstName: 'Chloé', lastName: `Dubois${listMarker}`, roles: ['analyst', 'support'] as const },
    ];
    for (const p of people) {
      const user = await app.createUser({ email: `${p.key}.${listMarker}@example.test`, password: 'long enough password', firstName: p.firstName, lastName: p.lastName, roles: [...p.roles] });
      ids[p.key] = user.id;
    }
  });

  it('lists users newest first with pagination', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/admin/users', headers: auth(adminToken) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const [total] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.users`);
    expect(body.pagination).toEqual({ total: total?.n, limit: 20, page: 1 });
    expect(body.data[0].id).toBe(ids.chloe);
    expect(body.data[0].passwordHash).toBeUndefined();

    const page2 = (await app.inject({ method: 'GET', url: `/api/admin/users?q=${listMarker}&limit=2&page=2`, headers: auth(adminToken) })).json();
    expect(page2.pagination).toEqual({ total: 3, limit: 2, page: 2 });
    expect(page2.data.map((u: { id: string }) => u.id)).toEqual([ids.alice]);
  });

  it('filters by q on email and names (case-insensitive) and by role', async () => {
    const get = async (query: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/admin/users?${query}`, headers: auth(adminToken) });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as { id: string }[]).map((u) => u.id);
    };
    expect(await get(`q=${encodeURIComponent(`martin${listMarker}`.toUpperCase())}`)).toEqual([ids.bob, ids.alice]);
    expect(await get(`q=${encodeURIComponent(`bob.${listMarker}@`)}`)).toEqual([ids.bob]);
    expect(await get(`q=${encodeURIComponent(`alice martin${listMarker}`)}`)).toEqual([ids.alice]);
    expect(await get(`q=${listMarker}&role=support`)).toEqual([ids.chloe, ids.bob]);
    expect(await get(`q=${listMarker}&role=analyst`)).toEqual([ids.chloe]);
    expect(await get(`q=${listMarker}&role=admin`)).toEqual([]);
    // LIKE wildcards are matched literally.
    expect(await get(`q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('validates the query string', async () => {
    for (const query of ['limit=101', 'limit=0', 'page=0', 'role=root', 'page=abc', 'sort=password', 'sort=created_at']) {
      const res = await app.inject({ method: 'GET', url: `/api/admin/users?${query}`, headers: auth(adminToken) });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('VALIDATION.FAILED');
    }
  });

  it('is allowed with users:read only through admin (support has no users:read)', async () => {
    const support = await app.tokenFor(['support']);
    expect((await app.inject({ method: 'GET', url: `/api/admin/users/${ids.alice}`, headers: auth(support) })).statusCode).toBe(403);
  });

  it('GET /api/admin/users/{id} returns the user or 404', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/admin/users/${ids.bob}`, headers: auth(adminToken) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: ids.bob, email: `bob.${listMarker}@example.test`, roles: ['support'] });
    const missing = await app.inject({ method: 'GET', url: '/api/admin/users/usr_nobody', headers: auth(adminToken) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('IDENTITY.USER_NOT_FOUND');
  });
});

describe('PATCH /api/admin/users/{id}', () => {
  it('replaces roles; the user’s next refresh carries them', async () => {
    const email = `promoted-${marker}@example.test`;
    await app.createUser({ email, password: 'long enough password' });
    const reg = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'long enough password' } })).json();
    const res = await app.inject({ method: 'PATCH', url: `/api/admin/users/${reg.user.id}`, headers: auth(adminToken), payload: { roles: ['support', 'manager'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: reg.user.id, roles: ['manager', 'support'] });
    const refreshed = (await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: reg.refreshToken } })).json();
    expect(decodeJwt(refreshed.accessToken).roles).toEqual(['manager', 'support']);
    expect(decodeJwt(refreshed.accessToken).permissions).toContain('support:write');
    expect(decodeJwt(refreshed.accessToken).permissions).toContain('catalog:write');
  });

  it('forbids changing one’s own roles with 403 IDENTITY.CANNOT_CHANGE_OWN_ROLES', async () => {
    const res = await app.inject({ method: 'PATCH', url: `/api/admin/users/${adminId}`, headers: auth(adminToken), payload: { roles: ['customer'] } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('IDENTITY.CANNOT_CHANGE_OWN_ROLES');
    expect((await app.identity.getUser(adminId))?.roles).toEqual(['admin']);
  });

  it('answers 404 for an unknown user and 400 for bad roles', async () => {
    const missing = await app.inject({ method: 'PATCH', url: '/api/admin/users/usr_nobody', headers: auth(adminToken), payload: { roles: ['analyst'] } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('IDENTITY.USER_NOT_FOUND');
    const target = await app.createUser({ email: `target-${marker}@example.test`, password: 'long enough password' });
    for (const payload of [{ roles: ['root'] }, { roles: [] }, { roles: ['admin', 'admin'] }, { roles: ['admin'], email: 'x@y.z' }, {}]) {
      const res = await app.inject({ method: 'PATCH', url: `/api/admin/users/${target.id}`, headers: auth(adminToken), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await app.identity.getUser(target.id))?.roles).toEqual(['customer']);
  });
});
