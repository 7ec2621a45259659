import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app?.close();
});

const PASSWORD = 'correct horse battery staple';
let seq = 0;
const uniqueEmail = (tag = 'user') => `${tag}.${Date.now().toString(36)}.${++seq}@example.test`;

async function post(url: string, payload: unknown, token?: string) {
  return app.inject({ method: 'POST', url, payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** The token of the newest mailed link of event `type` for `email` (lowercased), from the outbox. */
async function linkToken(type: string, email: string): Promise<string> {
  const [row] = await rows<{ link: string }>(
    app.database.db,
    sql`select payload->>'link' as link from events.outbox where type = ${type} and payload->'user'->>'email' = ${email} order by id desc limit 1`,
  );
  expect(row?.link, `${type} for ${email}`).toBeTruthy();
  return new URL(row!.link).hash.replace(/^#token=/, '');
}

/** Signs up (202), follows the verification link, then signs in: the session a new customer ends up with. */
async function register(body: Record<string, unknown> = {}) {
  const email = (body.email as string | undefined) ?? uniqueEmail();
  const res = await post('/api/auth/register', { email, password: PASSWORD, ...body });
  expect(res.statusCode, res.body).toBe(202);
  const verified = await post('/api/auth/verify-email', { token: await linkToken('user.email_verification_requested', email.trim().toLowerCase()) });
  expect(verified.statusCode, verified.body).toBe(204);
  const login = await post('/api/auth/login', { email, password: (body.password as string | undefined) ?? PASSWORD });
  expect(login.statusCode, login.body).toBe(200);
  return login.json() as { user: { id: string; email: string; roles: string[] }; accessToken: string; refreshToken: string; expiresIn: number };
}

describe('POST /api/auth/register', () => {
  it('creates a customer who signs in once verified, and stores the email lowercased', async () => {
    const accepted = await post('/api/auth/register', { email: 'Ada.Lovelace@Example.TEST', password: PASSWORD, firstName: 'Ada', lastName: 'Lovelace' });
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json()).toEqual({ status: 'accepted', detail: expect.any(String) });
    const ok = await post('/api/auth/login', { email: 'ada.lovelace@example.test', password: PASSWORD });
    expect(ok.statusCode, ok.body).toBe(403);
    expect(ok.json().code).toBe('AUTH.EMAIL_NOT_VERIFIED');
    const body = await register({ email: 'Ada.Lovelace@Example.TEST', firstName: 'Ada', lastName: 'Lovelace' });
    expect(body.user).toMatchObject({ email: 'ada.lovelace@example.test', firstName: 'Ada', lastName: 'Lovelace', roles: ['customer'], locale: 'en', country: null });
    expect(body.user.id).toMatch(/^usr_[0-9A-Z]{26}$/);
    const shown = body.user as Record<string, unknown>;
    expect(shown.passwordHash).toBeUndefined();
    expect(new Date(shown.createdAt as string).toISOString()).toBe(shown.createdAt);
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresIn).toBe(900);
    const claims = decodeJwt(body.accessToken);
    expect(claims.sub).toBe(body.user.id);
    expect(claims.roles).toEqual(['customer']);
    expect(claims.permissions).toEqual([]);

    const [stored] = await rows<{ email: string; password_hash: string }>(
      app.database.db,
      sql`select email, password_hash from identity.users where id = ${body.user.id}`,
    );
    expect(stored?.email).toBe('ada.lovelace@example.test');
    expect(stored?.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    const params = Object.fromEntries((stored?.password_hash.split('$')[3] ?? '').split(',').map((kv) => kv.split('=')));
    expect(params).toEqual({ m: '19456', t: '2', p: '1' });
  });

  it('writes user.registered and the verification request to the outbox in the same transaction, then user.email_verified once verified', async () => {
    const { user } = await register({ firstName: 'Grace' });
    const events = await rows<{ type: string; aggregate_id: string; payload: { user: unknown; link?: string } }>(
      app.database.db,
      sql`select type, aggregate_id, payload from events.outbox where aggregate_id = ${user.id} order by id`,
    );
    const snapshot = { id: user.id, email: user.email, firstName: 'Grace', lastName: null, locale: 'en' };
    expect(events.map((e) => e.type)).toEqual(['user.registered', 'user.email_verification_requested', 'user.email_verified']);
    expect(events[2]?.payload).toEqual({ user: snapshot });
    expect(events[0]).toEqual({ type: 'user.registered', aggregate_id: user.id, payload: { user: snapshot } });
    expect(events[1]?.payload).toEqual({ user: snapshot, link: expect.stringMatching(/^http:\/\/localhost:3000\/verify-email#token=[\w-]+\.[\w-]+\.[\w-]+$/), expiresAt: expect.any(String) });
  });

  it('answers a taken email (in another case) exactly like a new one, changes nothing and tells the owner', async () => {
    const email = uniqueEmail('dup');
    const owner = await register({ email });
    const fresh = await post('/api/auth/register', { email: uniqueEmail('fresh'), password: PASSWORD });
    const res = await post('/api/auth/register', { email: email.toUpperCase(), password: 'another strong passphrase', firstName: 'Mallory' });
    expect(res.statusCode).toBe(202);
    expect(res.headers['content-type']).toBe(fresh.headers['content-type']);
    expect(res.body).toBe(fresh.body);
    const [count] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.users where email = ${email}`);
    expect(count?.n).toBe(1);
    // The owner's password and names are untouched; the owner is told (with the reset page).
    expect((await post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
    expect((await post('/api/auth/login', { email, password: 'another strong passphrase' })).statusCode).toBe(401);
    const [attempt] = await rows<{ aggregate_id: string; link: string }>(
      app.database.db,
      sql`select aggregate_id, payload->>'link' as link from events.outbox where type = 'user.registration_attempted' and payload->'user'->>'email' = ${email}`,
    );
    expect(attempt).toEqual({ aggregate_id: owner.user.id, link: 'http://localhost:3000/forgot-password' });
    const [events] = await rows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from events.outbox where type = 'user.registered' and payload->'user'->>'email' = ${email}`,
    );
    expect(events?.n).toBe(1);
  });

  it('answers 400 with field errors for a malformed email, a short password and unknown fields', async () => {
    const badEmail = await post('/api/auth/register', { email: 'not-an-email', password: PASSWORD });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().code).toBe('VALIDATION.FAILED');
    expect(badEmail.json().errors).toEqual([expect.objectContaining({ field: 'body/email' })]);

    const shortPassword = await post('/api/auth/register', { email: uniqueEmail(), password: '1234567' });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().errors).toEqual([expect.objectContaining({ field: 'body/password' })]);

    const both = await post('/api/auth/register', { email: 'nope', password: 'short' });
    expect(both.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body/email', 'body/password']);

    const unknown = await post('/api/auth/register', { email: uniqueEmail(), password: PASSWORD, isAdmin: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'body/isAdmin', message: 'is not a known field' }]);

    const missing = await post('/api/auth/register', { password: PASSWORD });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([expect.objectContaining({ field: 'body/email' })]);
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the email in any case and returns a working access token', async () => {
    const email = uniqueEmail('login');
    const { user } = await register({ email });
    const res = await post('/api/auth/login', { email: email.toUpperCase(), password: PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.user.id).toBe(user.id);
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await app.inject({ method: 'GET', url: '/api/users/me', headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(user.id);
  });

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const email = uniqueEmail('wrong');
    await register({ email });
    const wrong = await post('/api/auth/login', { email, password: 'not the right password' });
    const unknown = await post('/api/auth/login', { email: uniqueEmail('ghost'), password: 'not the right password' });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'AUTH.INVALID_CREDENTIALS', detail: 'The email or password is incorrect' });
    }
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
  });

  it('spends comparable time on unknown emails and wrong passwords (dummy hash)', async () => {
    const email = uniqueEmail('timing');
    await register({ email });
    const time = async (body: object) => {
      const t0 = performance.now();
      const res = await post('/api/auth/login', body);
      expect(res.statusCode).toBe(401);
      return performance.now() - t0;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time({ email, password: 'wrong password here' }));
      unknown.push(await time({ email: uniqueEmail('nobody'), password: 'wrong password here' }));
    }
    // Without the dummy verification an unknown email answers in ~1 ms against ~20+ ms of argon2.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });

  it('refuses accounts without a password (imported customers)', async () => {
    const { ids } = await app.database.transaction((tx) => app.identity.importCustomers(tx, 'login-test', [{ externalId: 'c-1', country: 'France' }]));
    const id = ids.get('c-1') as string;
    const email = uniqueEmail('imported');
    await app.database.db.execute(sql`update identity.users set email = ${email} where id = ${id}`);
    const res = await post('/api/auth/login', { email, password: 'anything at all' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('rejects unknown fields with 400', async () => {
    const res = await post('/api/auth/login', { email: uniqueEmail(), password: PASSWORD, remember: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'body/remember', message: 'is not a known field' }]);
  });
});

describe('refresh tokens', () => {
  it('are stored only as SHA-256 hashes with a family and an expiry', async () => {
    const { user, refreshToken } = await register();
    const stored = await rows<{ token_hash: string; family_id: string; expires_at: Date | string; used_at: unknown; revoked_at: unknown }>(
      app.database.db,
      sql`select token_hash, family_id, expires_at, used_at, revoked_at from identity.refresh_tokens where user_id = ${user.id}`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).toBe(createHash('sha256').update(refreshToken).digest('hex'));
    expect(stored[0]?.used_at).toBeNull();
    expect(stored[0]?.revoked_at).toBeNull();
    const ttl = new Date(stored[0]?.expires_at as string).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(30 * 24 * 3600 * 1000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(30 * 24 * 3600 * 1000);
    const [leak] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.refresh_tokens where token_hash = ${refreshToken}`);
    expect(leak?.n).toBe(0);
  });

  it('rotate: a refresh returns new tokens and marks the old one used', async () => {
    const first = await register();
    const res = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(res.statusCode, res.body).toBe(200);
    const second = res.json();
    expect(second.user.id).toBe(first.user.id);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwt(second.accessToken).sub).toBe(first.user.id);
    const tokens = await rows<{ token_hash: string; family_id: string; used_at: unknown }>(
      app.database.db,
      sql`select token_hash, family_id, used_at from identity.refresh_tokens where user_id = ${first.user.id} order by id`,
    );
    expect(tokens).toHaveLength(2);
    expect(tokens[0]?.used_at).not.toBeNull();
    expect(tokens[1]?.used_at).toBeNull();
    expect(tokens[0]?.family_id).toBe(tokens[1]?.family_id);

    const third = await post('/api/auth/refresh', { refreshToken: second.refreshToken });
    expect(third.statusCode).toBe(200);
  });

  it('replaying a used token answers 401 and revokes the whole family', async () => {
    const first = await register();
    const second = (await post('/api/auth/refresh', { refreshToken: first.refreshToken })).json();

    const replay = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('AUTH.INVALID_REFRESH_TOKEN');

    // The newest token of the family (never used) no longer works either.
    const newest = await post('/api/auth/refresh', { refreshToken: second.refreshToken });
    expect(newest.statusCode).toBe(401);
    expect(newest.json().code).toBe('AUTH.INVALID_REFRESH_TOKEN');

    // Other sessions of the same user (another family) are untouched.
    const other = (await post('/api/auth/login', { email: first.user.email, password: PASSWORD })).json();
    expect((await post('/api/auth/refresh', { refreshToken: other.refreshToken })).statusCode).toBe(200);
  });

  it('lets only one of two concurrent refreshes of the same token succeed', async () => {
    const first = await register();
    const results = await Promise.all([
      post('/api/auth/refresh', { refreshToken: first.refreshToken }),
      post('/api/auth/refresh', { refreshToken: first.refreshToken }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    // The loser replayed a used token, so the winner's new token is revoked too.
    const winner = results.find((r) => r.statusCode === 200)?.json();
    expect((await post('/api/auth/refresh', { refreshToken: winner.refreshToken })).statusCode).toBe(401);
  });

  it('rejects unknown and expired tokens with 401', async () => {
    const unknown = await post('/api/auth/refresh', { refreshToken: 'x'.repeat(43) });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('AUTH.INVALID_REFRESH_TOKEN');

    const { user, refreshToken } = await register();
    await app.database.db.execute(sql`update identity.refresh_tokens set expires_at = now() - interval '1 second' where user_id = ${user.id}`);
    const expired = await post('/api/auth/refresh', { refreshToken });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('AUTH.INVALID_REFRESH_TOKEN');
  });

  it('carries role changes into the next access token', async () => {
    const first = await register();
    await app.database.db.execute(sql`update identity.users set roles = '{analyst}' where id = ${first.user.id}`);
    const next = (await post('/api/auth/refresh', { refreshToken: first.refreshToken })).json();
    expect(next.user.roles).toEqual(['analyst']);
    expect(decodeJwt(next.accessToken).permissions).toEqual(['analytics:read']);
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the family: 204, then the token and its successors are refused', async () => {
    const first = await register();
    const second = (await post('/api/auth/refresh', { refreshToken: first.refreshToken })).json();
    const res = await post('/api/auth/logout', { refreshToken: first.refreshToken });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const after = await post('/api/auth/refresh', { refreshToken: second.refreshToken });
    expect(after.statusCode).toBe(401);
    const [live] = await rows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from identity.refresh_tokens where user_id = ${first.user.id} and revoked_at is null`,
    );
    expect(live?.n).toBe(0);
  });

  it('is idempotent and answers 204 for unknown tokens', async () => {
    const { refreshToken } = await register();
    expect((await post('/api/auth/logout', { refreshToken })).statusCode).toBe(204);
    expect((await post('/api/auth/logout', { refreshToken })).statusCode).toBe(204);
    expect((await post('/api/auth/logout', { refreshToken: 'never-issued' })).statusCode).toBe(204);
  });
});

describe('/api/users/me', () => {
  it('requires a token: 401 without, 401 with a forged one', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/users/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('AUTH.UNAUTHENTICATED');
    const forged = await app.inject({ method: 'GET', url: '/api/users/me', headers: { authorization: 'Bearer abc.def.ghi' } });
    expect(forged.statusCode).toBe(401);
    const patch = await app.inject({ method: 'PATCH', url: '/api/users/me', payload: { locale: 'fr' } });
    expect(patch.statusCode).toBe(401);
  });

  it('shows and updates the signed-in user', async () => {
    const { user, accessToken } = await register({ firstName: 'Marie', lastName: 'Curie' });
    const headers = { authorization: `Bearer ${accessToken}` };
    const me = await app.inject({ method: 'GET', url: '/api/users/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: user.id, email: user.email, firstName: 'Marie', lastName: 'Curie', locale: 'en' });

    const patched = await app.inject({ method: 'PATCH', url: '/api/users/me', headers, payload: { firstName: 'Maria', locale: 'fr' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ id: user.id, firstName: 'Maria', lastName: 'Curie', locale: 'fr' });
    expect(patched.json().updatedAt > me.json().updatedAt).toBe(true);

    const cleared = await app.inject({ method: 'PATCH', url: '/api/users/me', headers, payload: { lastName: null } });
    expect(cleared.json()).toMatchObject({ firstName: 'Maria', lastName: null, locale: 'fr' });
    expect((await app.inject({ method: 'GET', url: '/api/users/me', headers })).json()).toMatchObject({ firstName: 'Maria', lastName: null, locale: 'fr' });
  });

  it('rejects unknown locales, unknown fields and role escalation with 400', async () => {
    const { accessToken } = await register();
    const headers = { authorization: `Bearer ${accessToken}` };
    const locale = await app.inject({ method: 'PATCH', url: '/api/users/me', headers, payload: { locale: 'de' } });
    expect(locale.statusCode).toBe(400);
    expect(locale.json().errors[0].field).toBe('body/locale');
    const roles = await app.inject({ method: 'PATCH', url: '/api/users/me', headers, payload: { roles: ['admin'] } });
    expect(roles.statusCode).toBe(400);
    expect(roles.json().errors).toEqual([{ field: 'body/roles', message: 'is not a known field' }]);
  });
});

describe('OpenAPI', () => {
  it('documents every identity route with a summary and the identity tag', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
    const expected = {
      '/api/auth/register': ['post'], '/api/auth/login': ['post'], '/api/auth/refresh': ['post'], '/api/auth/logout': ['post'],
      '/api/auth/verify-email': ['post'], '/api/auth/password-reset/request': ['post'], '/api/auth/password-reset': ['post'], '/api/auth/logout-everywhere': ['post'],
      '/api/users/me': ['get', 'patch'], '/api/admin/users': ['get'], '/api/admin/users/{id}': ['get', 'patch'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const op = doc.paths[path]?.[method];
        expect(op, `${method} ${path}`).toBeDefined();
        expect(op?.summary).toBeTruthy();
        expect(op?.tags).toEqual(['identity']);
      }
    }
    const register = doc.paths['/api/auth/register']?.post as unknown as { responses: Record<string, unknown> };
    expect(Object.keys(register.responses).sort()).toEqual(['202', '400', '422', '429']);
    const admin = doc.paths['/api/admin/users/{id}']?.patch as unknown as { security: unknown; 'x-permission': string };
    expect(admin.security).toEqual([{ bearerAuth: [] }]);
    expect(admin['x-permission']).toBe('users:write');
  });
});
