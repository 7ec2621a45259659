/**
 * Regression tests of the security review (issue 19, section 2) for identity: first-admin
 * bootstrap (finding 2), per-account login throttle (8), e-mail verification, enumeration-safe
 * sign-up and password strength (9), token hardening, password reset and sign-out everywhere (10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, SignJWT } from 'jose';
import { sql } from 'drizzle-orm';
import { createTestApp, identityServiceFor, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import { TokenService } from '../../platform/auth.js';

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await createTestApp();
  admin = await app.tokenFor(['admin']);
});
afterAll(async () => {
  await app?.close();
});

const PASSWORD = 'correct horse battery staple';
let seq = 0;
const uniqueEmail = (tag = 'sec') => `${tag}.${Date.now().toString(36)}.${++seq}@example.test`;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (url: string, payload?: object, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload, headers });

/** The token of the newest mailed link of event `type` for `email`, from the outbox. */
async function linkToken(type: string, email: string): Promise<string> {
  const [row] = await rows<{ link: string }>(
    app.database.db,
    sql`select payload->>'link' as link from events.outbox where type = ${type} and payload->'user'->>'email' = ${email} order by id desc limit 1`,
  );
  expect(row?.link, `${type} for ${email}`).toBeTruthy();
  return new URL(row!.link).hash.replace(/^#token=/, '');
}

/** Signs up over HTTP and leaves the address unverified; returns the user id. */
async function signUp(email: string, password = PASSWORD): Promise<string> {
  const res = await post('/api/auth/register', { email, password });
  expect(res.statusCode, res.body).toBe(202);
  const [row] = await rows<{ id: string }>(app.database.db, sql`select id from identity.users where email = ${email}`);
  return row!.id;
}

async function login(email: string, password = PASSWORD) {
  return post('/api/auth/login', { email, password });
}

describe('finding 2: first-admin bootstrap never escalates an existing account silently', () => {
  it('refuses an existing account, promotes it only with promoteExisting and a verified address, keeping its password', async () => {
    const email = uniqueEmail('squatter');
    const id = await signUp(email);
    // Whoever registered the address first does not become admin.
    await expect(app.identity.ensureAdmin(email, 'the operator password 1')).rejects.toMatchObject({ status: 409, code: 'IDENTITY.ADMIN_EMAIL_TAKEN' });
    expect((await app.identity.getUser(id))?.roles).toEqual(['customer']);
    // Asked explicitly, but the address is not verified: still refused.
    await expect(app.identity.ensureAdmin(email, 'the operator password 1', { promoteExisting: true })).rejects.toMatchObject({
      status: 409,
      code: 'IDENTITY.ADMIN_EMAIL_NOT_VERIFIED',
    });
    expect((await app.identity.getUser(id))?.roles).toEqual(['customer']);
    // Verified, and asked explicitly: promoted, password kept.
    expect((await post('/api/auth/verify-email', { token: await linkToken('user.email_verification_requested', email) })).statusCode).toBe(204);
    const promoted = await app.identity.ensureAdmin(email, 'the operator password 1', { promoteExisting: true });
    expect(promoted).toMatchObject({ created: false, user: { id, roles: ['admin', 'customer'] } });
    expect((await login(email)).statusCode).toBe(200);
    expect((await login(email, 'the operator password 1')).statusCode).toBe(401);
  });

  it('at start, an existing non-admin account with COMPTOIR_ADMIN_EMAIL is left alone (the refusal is logged)', async () => {
    const email = uniqueEmail('startadmin');
    const id = await signUp(email);
    const identity = app.modules.find((m) => m.name === 'identity');
    const original = app.config.adminEmail;
    const originalPassword = app.config.adminPassword;
    Object.assign(app.config, { adminEmail: email, adminPassword: 'the operator password 2' });
    try {
      await expect(identity?.start?.()).resolves.toBeUndefined();
    } finally {
      Object.assign(app.config, { adminEmail: original, adminPassword: originalPassword });
    }
    expect((await app.identity.getUser(id))?.roles).toEqual(['customer']);
  });
});

describe('finding 8: per-account login throttle with backoff', () => {
  it('locks an account after 5 failures (429 + Retry-After even with the right password), across processes; success resets', async () => {
    const email = uniqueEmail('throttle');
    await app.createUser({ email, password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await login(email, `wrong password number ${i}`)).statusCode).toBe(401);

    const locked = await login(email);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.json()).toMatchObject({ code: 'AUTH.TOO_MANY_FAILED_LOGINS', status: 429 });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(locked.json().retryAfter).toBe(retryAfter);
    // Another client address does not help (the throttle is per account), nor another process.
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: PASSWORD }, remoteAddress: '10.9.9.9' })).statusCode).toBe(429);
    await expect(identityServiceFor(app.config).login(app.database.db, { email, password: PASSWORD })).rejects.toMatchObject({ status: 429 });

    // Once the lock has passed, the next failure locks again for twice as long (backoff).
    await app.database.db.execute(sql`update identity.login_throttle set locked_until = now() - interval '1 second' where account_key = ${email}`);
    expect((await login(email, 'still the wrong password')).statusCode).toBe(401);
    const [row] = await rows<{ failures: number; seconds: number }>(
      app.database.db,
      sql`select failures, extract(epoch from locked_until - last_failure_at)::int as seconds from identity.login_throttle where account_key = ${email}`,
    );
    expect(row).toEqual({ failures: 6, seconds: 60 });

    // A success after the lock resets the count.
    await app.database.db.execute(sql`update identity.login_throttle set locked_until = now() - interval '1 second' where account_key = ${email}`);
    expect((await login(email)).statusCode).toBe(200);
    const [left] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.login_throttle where account_key = ${email}`);
    expect(left?.n).toBe(0);
    expect((await login(email, 'one more wrong password')).statusCode).toBe(401);
  });

  it('throttles unknown emails the same way (the lock tells nothing about which accounts exist)', async () => {
    const email = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) expect((await login(email, 'wrong password here')).statusCode).toBe(401);
    expect((await login(email, 'wrong password here')).statusCode).toBe(429);
  });
});

describe('finding 9: verified addresses, enumeration-safe sign-up, password strength', () => {
  it('refuses common, breached-list-like and guessable passwords with 422 IDENTITY.WEAK_PASSWORD', async () => {
    for (const password of ['aaaaaaaaaa', 'password123', 'qwertyuiop', 'Password1!', '12345678']) {
      const email = uniqueEmail('weak');
      const res = await post('/api/auth/register', { email, password });
      expect(res.statusCode, password).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'IDENTITY.WEAK_PASSWORD', errors: [{ field: 'password', message: expect.any(String) }] });
      const [n] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.users where email = ${email}`);
      expect(n?.n).toBe(0);
    }
    expect((await post('/api/auth/register', { email: uniqueEmail('strong'), password: 'violet kettle orbit 42' })).statusCode).toBe(202);
  });

  it('mails an account made on the French site in French (register carries the site language)', async () => {
    const email = uniqueEmail('francais');
    expect((await post('/api/auth/register', { email, password: 'violet kettle orbit 42', locale: 'fr' })).statusCode).toBe(202);
    await app.relay.drain();
    const [mail] = (await app.inject({ url: `/api/admin/mail?to=${encodeURIComponent(email)}&template=verify_email`, headers: auth(admin) })).json().data as { subject: string }[];
    expect(mail?.subject).toMatch(/Confirmez/);
    expect((await post('/api/auth/register', { email: uniqueEmail('klingon'), password: 'violet kettle orbit 42', locale: 'tlh' })).statusCode).toBe(400);
  });

  it('mails a verification link (notifications) that lets the account sign in; before it, sign-in answers 403', async () => {
    const email = uniqueEmail('verify');
    await signUp(email);
    expect((await login(email)).json().code).toBe('AUTH.EMAIL_NOT_VERIFIED');
    expect((await login(email, 'a wrong password here')).statusCode).toBe(401);
    await app.relay.drain();
    const list = await app.inject({ url: `/api/admin/mail?to=${encodeURIComponent(email)}&template=verify_email`, headers: auth(admin) });
    expect(list.statusCode, list.body).toBe(200);
    const [mail] = list.json().data as { id: string; subject: string }[];
    expect(mail?.subject).toBe('Confirm your address at Comptoir');
    const body = (await app.inject({ url: `/api/admin/mail/${mail!.id}`, headers: auth(admin) })).json() as { text: string; html: string };
    const link = /http:\/\/localhost:3000\/verify-email#token=[\w.-]+/.exec(body.text)?.[0];
    expect(link).toBeTruthy();
    expect(body.html).toContain(`<a href="${link}">`);
    const token = new URL(link!).hash.slice('#token='.length);
    expect((await post('/api/auth/verify-email', { token })).statusCode).toBe(204);
    expect((await post('/api/auth/verify-email', { token })).statusCode).toBe(204); // idempotent
    expect((await login(email)).statusCode).toBe(200);
  });

  it('refuses forged, expired and other-purpose tokens with 400 IDENTITY.INVALID_LINK', async () => {
    const email = uniqueEmail('forged');
    const id = await signUp(email);
    const token = await linkToken('user.email_verification_requested', email);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const accessToken = await app.tokenFor(['customer']);
    await post('/api/auth/password-reset/request', { email });
    const resetToken = await linkToken('user.password_reset_requested', email);
    const linkKey = new TextEncoder().encode(new TokenService(app.config.jwtSecret as string, 900).derive('identity.mail-links', 'v1'));
    const expired = await new SignJWT({ email }).setProtectedHeader({ alg: 'HS256' }).setIssuer('comptoir').setAudience('comptoir:verify-email').setSubject(id).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(linkKey);
    const valid = await new SignJWT({ email }).setProtectedHeader({ alg: 'HS256' }).setIssuer('comptoir').setAudience('comptoir:verify-email').setSubject(id).setExpirationTime('1h').sign(linkKey);
    for (const bad of [forged, accessToken, resetToken, expired, 'not-a-token']) {
      const res = await post('/api/auth/verify-email', { token: bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('IDENTITY.INVALID_LINK');
    }
    expect((await login(email)).statusCode).toBe(403);
    expect((await post('/api/auth/verify-email', { token: valid })).statusCode).toBe(204); // the same claims, not expired
  });
});

describe('finding 10: tokens, sessions, password reset', () => {
  it('refuses a correctly signed access token without exp', async () => {
    const user = await app.createUser({ email: uniqueEmail('noexp'), password: PASSWORD, roles: ['admin'] });
    const key = new TextEncoder().encode(app.config.jwtSecret as string);
    const noExp = await new SignJWT({ roles: ['admin'], permissions: ['*'], ver: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('comptoir').setIssuedAt().sign(key);
    const withExp = await new SignJWT({ roles: ['admin'], permissions: ['*'], ver: 0 })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('comptoir').setIssuedAt().setExpirationTime('5m').sign(key);
    expect((await app.inject({ url: '/api/users/me', headers: auth(withExp) })).statusCode).toBe(200);
    const res = await app.inject({ url: '/api/users/me', headers: auth(noExp) });
    expect(res.statusCode).toBe(401);
    expect((await app.inject({ url: '/api/admin/users', headers: auth(noExp) })).statusCode).toBe(401);
  });

  it('a role change revokes the user’s access tokens on admin routes at once (token version)', async () => {
    const email = uniqueEmail('demoted');
    const user = await app.createUser({ email, password: PASSWORD, roles: ['admin'] });
    const session = (await login(email)).json() as { accessToken: string; refreshToken: string };
    expect(decodeJwt(session.accessToken).ver).toBe(0);
    expect((await app.inject({ url: '/api/admin/users', headers: auth(session.accessToken) })).statusCode).toBe(200);
    const demoted = await app.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, headers: auth(admin), payload: { roles: ['customer'] } });
    expect(demoted.statusCode, demoted.body).toBe(200);
    const refused = await app.inject({ url: '/api/admin/users', headers: auth(session.accessToken) });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('AUTH.TOKEN_REVOKED');
    // The next refresh carries the new roles and version.
    const next = (await post('/api/auth/refresh', { refreshToken: session.refreshToken })).json() as { accessToken: string };
    expect(decodeJwt(next.accessToken)).toMatchObject({ roles: ['customer'], ver: 1 });
  });

  it('sign out everywhere revokes every refresh token and the access tokens on admin routes', async () => {
    const email = uniqueEmail('everywhere');
    await app.createUser({ email, password: PASSWORD, roles: ['manager'] });
    const phone = (await login(email)).json() as { accessToken: string; refreshToken: string };
    const laptop = (await login(email)).json() as { accessToken: string; refreshToken: string };
    expect((await app.inject({ url: '/api/admin/orders', headers: auth(phone.accessToken) })).statusCode).toBe(200);
    expect((await post('/api/auth/logout-everywhere')).statusCode).toBe(401);
    expect((await post('/api/auth/logout-everywhere', undefined, auth(laptop.accessToken))).statusCode).toBe(204);
    for (const s of [phone, laptop]) {
      const refresh = await post('/api/auth/refresh', { refreshToken: s.refreshToken });
      expect(refresh.statusCode).toBe(401);
      const adminRoute = await app.inject({ url: '/api/admin/orders', headers: auth(s.accessToken) });
      expect(adminRoute.statusCode).toBe(401);
      expect(adminRoute.json().code).toBe('AUTH.TOKEN_REVOKED');
    }
    expect((await login(email)).statusCode).toBe(200);
  });

  it('refresh tokens have an absolute lifetime (REFRESH_TOKEN_MAX_DAYS, 90) besides the sliding one', async () => {
    const email = uniqueEmail('absolute');
    await app.createUser({ email, password: PASSWORD });
    const old = (await login(email)).json() as { user: { id: string }; refreshToken: string };
    await app.database.db.execute(sql`update identity.refresh_tokens set family_started_at = now() - interval '89 days' where user_id = ${old.user.id}`);
    const rotated = await post('/api/auth/refresh', { refreshToken: old.refreshToken });
    expect(rotated.statusCode).toBe(200);
    // The rotated token does not outlive the sign-in's 90 days, though the sliding lifetime is 30.
    const [left] = await rows<{ hours: number }>(
      app.database.db,
      sql`select extract(epoch from expires_at - now())::int / 3600 as hours from identity.refresh_tokens where user_id = ${old.user.id} and used_at is null`,
    );
    expect(left?.hours).toBeLessThanOrEqual(24);
    await app.database.db.execute(sql`update identity.refresh_tokens set family_started_at = now() - interval '91 days', expires_at = now() + interval '1 day' where user_id = ${old.user.id}`);
    const stale = await post('/api/auth/refresh', { refreshToken: rotated.json().refreshToken });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().code).toBe('AUTH.INVALID_REFRESH_TOKEN');
  });

  it('password reset by mail: same answer for unknown addresses, single-use link, sessions revoked, address verified', async () => {
    const email = uniqueEmail('reset');
    const id = await signUp(email); // unverified: the reset verifies it
    const before = (await app.identity.getUser(id))!;
    const known = await post('/api/auth/password-reset/request', { email: email.toUpperCase() });
    const unknown = await post('/api/auth/password-reset/request', { email: uniqueEmail('nobody') });
    const malformed = await post('/api/auth/password-reset/request', { email: 'not an email' });
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(malformed.body).toBe(known.body);
    const [events] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where type = 'user.password_reset_requested' and aggregate_id = ${id}`);
    expect(events?.n).toBe(1);
    await app.relay.drain();
    const [mail] = (await app.inject({ url: `/api/admin/mail?to=${encodeURIComponent(email)}&template=password_reset`, headers: auth(admin) })).json().data as { id: string }[];
    expect(mail).toBeDefined();

    const token = await linkToken('user.password_reset_requested', email);
    const weak = await post('/api/auth/password-reset', { token, password: 'password1' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('IDENTITY.WEAK_PASSWORD');
    const NEW = 'a brand new lantern passphrase';
    expect((await post('/api/auth/password-reset', { token, password: NEW })).statusCode).toBe(204);
    const reused = await post('/api/auth/password-reset', { token, password: 'yet another good passphrase' });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe('IDENTITY.INVALID_LINK');
    expect((await login(email)).statusCode).toBe(401);
    const session = await login(email, NEW);
    expect(session.statusCode, session.body).toBe(200);
    expect(decodeJwt(session.json().accessToken).ver).toBe(1);
    expect((await app.identity.getUser(id))?.updatedAt).not.toBe(before.updatedAt);
  });

  it('a password change needs the current password, ends every other session and keeps this one', async () => {
    const email = uniqueEmail('change');
    await app.createUser({ email, password: PASSWORD, roles: ['manager'] });
    const other = (await login(email)).json() as { accessToken: string; refreshToken: string };
    const mine = (await login(email)).json() as { accessToken: string; refreshToken: string };
    const change = (body: object) => post('/api/users/me/password', body, auth(mine.accessToken));
    const wrong = await change({ currentPassword: 'not my password at all', newPassword: 'a fresh sturdy passphrase' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('AUTH.INVALID_CREDENTIALS');
    expect((await change({ currentPassword: PASSWORD, newPassword: 'password1' })).json().code).toBe('IDENTITY.WEAK_PASSWORD');
    const changed = await change({ currentPassword: PASSWORD, newPassword: 'a fresh sturdy passphrase' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(decodeJwt(changed.json().accessToken).ver).toBe(1);
    expect((await app.inject({ url: '/api/admin/orders', headers: auth(changed.json().accessToken) })).statusCode).toBe(200);
    for (const s of [other, mine]) {
      expect((await post('/api/auth/refresh', { refreshToken: s.refreshToken })).statusCode).toBe(401);
      expect((await app.inject({ url: '/api/admin/orders', headers: auth(s.accessToken) })).json().code).toBe('AUTH.TOKEN_REVOKED');
    }
    expect((await login(email)).statusCode).toBe(401);
    expect((await login(email, 'a fresh sturdy passphrase')).statusCode).toBe(200);
  });

  it('a password reset signs out every existing session', async () => {
    const email = uniqueEmail('resetsessions');
    await app.createUser({ email, password: PASSWORD, roles: ['manager'] });
    const session = (await login(email)).json() as { accessToken: string; refreshToken: string };
    await post('/api/auth/password-reset/request', { email });
    const token = await linkToken('user.password_reset_requested', email);
    expect((await post('/api/auth/password-reset', { token, password: 'another brand new passphrase' })).statusCode).toBe(204);
    expect((await post('/api/auth/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/admin/orders', headers: auth(session.accessToken) })).json().code).toBe('AUTH.TOKEN_REVOKED');
  });
});
