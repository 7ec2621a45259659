/**
 * Security headers and the browser session (issue 19, finding 6), through the real app served as
 * `https://shop.example.test`: helmet's headers on every kind of answer, and the refresh token in
 * an HttpOnly cookie whose use needs the CSRF token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from './support/app.js';
import { expectProblem } from './support/openapi-walk.js';
import { TokenService } from '../src/platform/auth.js';
import { buildHttpServer } from '../src/platform/http/server.js';
import { secureCookies } from '../src/platform/http/session.js';
import { loadConfig } from '../src/platform/config.js';

let app: TestApp;
const PASSWORD = 'correct horse battery staple';
const EMAIL = `browser.${Date.now().toString(36)}@example.test`;

beforeAll(async () => {
  app = await createTestApp({ publicUrl: 'https://shop.example.test' });
  await app.createUser({ email: EMAIL, password: PASSWORD });
});
afterAll(async () => {
  await app?.close();
});

/** The CSP header as a directive → sources map. */
function csp(res: LightMyRequestResponse): Record<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  expect(header, `${res.raw.req.url}: no CSP`).not.toBe('');
  return Object.fromEntries(header.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name as string, sources];
  }));
}

const cookieNamed = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name);

describe('security headers', () => {
  it('every answer (API, error, docs, operations) has a CSP with script-src self, nosniff, Referrer-Policy and HSTS over https', async () => {
    for (const url of ['/api/products', '/api/no/such/route', '/health', '/docs', '/openapi.json']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBeLessThan(500);
      const policy = csp(res);
      expect(policy['script-src'], url).toEqual(["'self'"]);
      expect(policy['object-src'], url).toEqual(["'none'"]);
      expect(policy['frame-ancestors'], url).toEqual(["'self'"]);
      expect(policy['upgrade-insecure-requests'], url).toEqual([]);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
      expect(res.headers['strict-transport-security'], url).toMatch(/^max-age=31536000/);
    }
  });

  it('the back office may not be framed by anyone: frame-ancestors none and X-Frame-Options DENY on /admin', async () => {
    for (const url of ['/admin', '/admin/orders', '/admin?tab=1']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(csp(res)['frame-ancestors'], url).toEqual(["'none'"]);
      expect(csp(res)['script-src'], url).toEqual(["'self'"]);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
    // The storefront may be framed by the shop itself only.
    const shop = await app.inject({ url: '/p/some-product', headers: { accept: 'text/html' } });
    expect(csp(shop)['frame-ancestors']).toEqual(["'self'"]);
    expect(shop.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(csp(await app.inject({ url: '/administrator' }))['frame-ancestors']).toEqual(["'self'"]);
  });

  it('without Stripe, scripts, iframes and API calls stay on the shop origin', async () => {
    for (const url of ['/', '/checkout', '/api/payment-methods', '/admin']) {
      const policy = csp(await app.inject({ url, headers: { accept: 'text/html' } }));
      expect(policy['script-src'], url).toEqual(["'self'"]);
      expect(policy['connect-src'], url).toEqual(["'self'"]);
      expect(policy['frame-src'], url).toBeUndefined();
      expect(policy['default-src'], url).toEqual(["'self'"]);
    }
  });

  it('with Stripe configured, the CSP allows Stripe.js (script, iframes) and Stripe API calls, and nothing else', async () => {
    const stripeApp = await createTestApp({
      publicUrl: 'https://shop.example.test',
      stripe: { secretKey: 'sk_test_csp', webhookSecret: 'whsec_csp', publishableKey: 'pk_test_csp', apiBase: undefined, jsUrl: 'https://js.stripe.com/v3/' },
    });
    try {
      for (const url of ['/', '/checkout', '/api/payment-methods', '/admin']) {
        const policy = csp(await stripeApp.inject({ url, headers: { accept: 'text/html' } }));
        expect(policy['script-src'], url).toEqual(["'self'", 'https://js.stripe.com']);
        expect(policy['frame-src'], url).toEqual(["'self'", 'https://js.stripe.com', 'https://hooks.stripe.com']);
        expect(policy['connect-src'], url).toEqual(["'self'", 'https://api.stripe.com']);
        expect(policy['default-src'], url).toEqual(["'self'"]);
        expect(policy['script-src-attr'], url).toEqual(["'none'"]);
      }
      expect(csp(await stripeApp.inject({ url: '/admin' }))['frame-ancestors']).toEqual(["'none'"]);
    } finally {
      await stripeApp.close();
    }
  });

  it('sends no HSTS and no upgrade-insecure-requests when PUBLIC_URL is http', async () => {
    const { server } = await buildHttpServer({
      logger: pino({ level: 'silent' }), tokens: new TokenService('x'.repeat(48), 900), bodyLimitBytes: 1024, uploadLimitBytes: 1024,
      version: '0', publicUrl: 'http://localhost:3000', cookieSecret: 'y'.repeat(32),
    });
    try {
      const res = await server.inject({ url: '/openapi.json' });
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(csp(res)['upgrade-insecure-requests']).toBeUndefined();
      expect(csp(res)['script-src']).toEqual(["'self'"]);
    } finally {
      await server.close();
    }
  });

  it('drops Secure from session cookies only for an http:// loopback PUBLIC_URL', () => {
    expect(secureCookies('https://shop.example.test')).toBe(true);
    expect(secureCookies('http://shop.example.test')).toBe(true);
    expect(secureCookies('http://192.168.1.10:3000')).toBe(true);
    expect(secureCookies('http://localhost:3000')).toBe(false);
    expect(secureCookies('http://127.0.0.1:8080')).toBe(false);
    expect(secureCookies('http://[::1]:3000')).toBe(false);
  });

  it('refuses to start in production without PUBLIC_URL (mail links would point at localhost)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/PUBLIC_URL must be set in production/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://shop.example.test/' }).publicUrl).toBe('https://shop.example.test');
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
  });
});

describe('browser session: refresh token in an HttpOnly cookie, CSRF-protected', () => {
  /** A browser: the cookies it holds for /api/auth, and its CSRF token. */
  async function browser() {
    const jar: Record<string, string> = {};
    const keep = (res: LightMyRequestResponse) => {
      for (const c of res.cookies) {
        if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) delete jar[c.name];
        else jar[c.name] = c.value;
      }
    };
    const csrf = await app.inject({ url: '/api/auth/csrf' });
    expect(csrf.statusCode, csrf.body).toBe(200);
    expect(csrf.headers['cache-control']).toBe('no-store');
    keep(csrf);
    const secret = cookieNamed(csrf, 'comptoir_csrf');
    expect(secret).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/api/auth' });
    const token = csrf.json().csrfToken as string;
    const post = async (url: string, payload: object, headers: Record<string, string> = { 'x-csrf-token': token }) => {
      const cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
      const res = await app.inject({ method: 'POST', url, payload, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
      keep(res);
      return res;
    };
    return { jar, token, post };
  }

  it('login with the CSRF token sets the refresh cookie (HttpOnly, Secure, SameSite=Strict, /api/auth) and answers no refresh token', async () => {
    const b = await browser();
    const login = await b.post('/api/auth/login', { email: EMAIL, password: PASSWORD });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json().refreshToken).toBeUndefined();
    expect(login.body).not.toContain(b.jar.comptoir_refresh);
    expect(cookieNamed(login, 'comptoir_refresh')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/auth', maxAge: app.config.refreshTokenTtlSeconds });
    const me = await app.inject({ url: '/api/users/me', headers: { authorization: `Bearer ${login.json().accessToken}` } });
    expect(me.json().email).toBe(EMAIL);
  });

  it('a page load refreshes from the cookie with the CSRF token: new access token, rotated cookie, no token in the body', async () => {
    const b = await browser();
    await b.post('/api/auth/login', { email: EMAIL, password: PASSWORD });
    const first = b.jar.comptoir_refresh;
    const refresh = await b.post('/api/auth/refresh', {});
    expect(refresh.statusCode, refresh.body).toBe(200);
    expect(refresh.json().accessToken).toEqual(expect.any(String));
    expect(refresh.json().refreshToken).toBeUndefined();
    expect(b.jar.comptoir_refresh).toBeDefined();
    expect(b.jar.comptoir_refresh).not.toBe(first);
  });

  it('refuses a refresh by cookie without the CSRF proof with 403, and does not consume the token', async () => {
    const b = await browser();
    await b.post('/api/auth/login', { email: EMAIL, password: PASSWORD });
    const refreshCookie = `comptoir_refresh=${b.jar.comptoir_refresh}`;
    for (const [what, headers] of [
      ['no CSRF header, both cookies', { cookie: `${refreshCookie}; comptoir_csrf=${b.jar.comptoir_csrf}` }],
      ['a wrong CSRF token', { cookie: `${refreshCookie}; comptoir_csrf=${b.jar.comptoir_csrf}`, 'x-csrf-token': 'forged' }],
      ['the token without its secret cookie (another site cannot send it)', { cookie: refreshCookie, 'x-csrf-token': b.token }],
      ['a forged, unsigned secret cookie', { cookie: `${refreshCookie}; comptoir_csrf=attacker-secret`, 'x-csrf-token': b.token }],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: {}, headers });
      expectProblem(res, 403, 'AUTH.CSRF_REJECTED');
      expect(res.json().accessToken, what).toBeUndefined();
    }
    for (const url of ['/api/auth/logout', '/api/auth/login']) {
      const res = await app.inject({ method: 'POST', url, payload: url.endsWith('login') ? { email: EMAIL, password: PASSWORD } : {}, headers: { cookie: refreshCookie, 'x-csrf-token': 'forged' } });
      expectProblem(res, 403, 'AUTH.CSRF_REJECTED');
    }
    // The cookie's token still works with the proof.
    expect((await b.post('/api/auth/refresh', {})).statusCode).toBe(200);
  });

  it('logout revokes the cookie token and clears the cookie', async () => {
    const b = await browser();
    await b.post('/api/auth/login', { email: EMAIL, password: PASSWORD });
    const token = b.jar.comptoir_refresh as string;
    const logout = await b.post('/api/auth/logout', {});
    expect(logout.statusCode, logout.body).toBe(204);
    expect(cookieNamed(logout, 'comptoir_refresh')).toMatchObject({ value: '', path: '/api/auth' });
    expect(b.jar.comptoir_refresh).toBeUndefined();
    const replay = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: {}, headers: { cookie: `comptoir_refresh=${token}; comptoir_csrf=${b.jar.comptoir_csrf}`, 'x-csrf-token': b.token } });
    expectProblem(replay, 401, 'AUTH.INVALID_REFRESH_TOKEN');
    expect(cookieNamed(replay, 'comptoir_refresh')?.value).toBe('');
    // Nothing to refresh at all: 400 (as a body without its token always was), not 403.
    expectProblem(await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: {} }), 400, 'VALIDATION.FAILED');
  });

  it('non-browser clients keep the body token: no cookie, no CSRF, token in the answer', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: EMAIL, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(login.json().refreshToken).toEqual(expect.any(String));
    expect(cookieNamed(login, 'comptoir_refresh')).toBeUndefined();
    const refresh = await app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: login.json().refreshToken } });
    expect(refresh.statusCode, refresh.body).toBe(200);
    expect(refresh.json().refreshToken).toEqual(expect.any(String));
    expect(cookieNamed(refresh, 'comptoir_refresh')).toBeUndefined();
  });
});
