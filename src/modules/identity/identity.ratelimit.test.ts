import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ authRateLimitPerMinute: 3 });
});
afterAll(async () => {
  await app?.close();
});

describe('rate limit on /api/auth/*', () => {
  it('answers the 4th request of a minute with 429 and Retry-After', async () => {
    const login = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.test', password: 'whatever you like' } });
    for (let i = 0; i < 3; i++) expect((await login()).statusCode).toBe(401);
    const limited = await login();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('limits register, refresh and logout too, per client IP', async () => {
    for (const [url, payload] of [
      ['/api/auth/register', { email: 'nope', password: 'short' }],
      ['/api/auth/refresh', { refreshToken: 'unknown' }],
      ['/api/auth/logout', { refreshToken: 'unknown' }],
    ] as const) {
      const send = (ip: string) => app.inject({ method: 'POST', url, payload, remoteAddress: ip });
      for (let i = 0; i < 3; i++) expect((await send('10.0.0.1')).statusCode, url).not.toBe(429);
      expect((await send('10.0.0.1')).statusCode, url).toBe(429);
      // Another client still gets through.
      expect((await send('10.0.0.2')).statusCode, url).not.toBe(429);
    }
  });

  it('does not limit other routes', async () => {
    for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/api/users/me' })).statusCode).toBe(401);
  });
});
