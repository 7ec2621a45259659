/**
 * The API's validation holds in every scope: a plugin registered after `addSchema` (an
 * encapsulated scope, as modules register theirs) refuses what the root refuses.
 */
import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../auth.js';
import { buildHttpServer, type HttpServer } from './server.js';

let server: HttpServer;

beforeAll(async () => {
  ({ server } = await buildHttpServer({
    logger: pino({ level: 'silent' }), tokens: new TokenService('x'.repeat(48), 900), bodyLimitBytes: 4096, uploadLimitBytes: 4096,
    version: '0', publicUrl: 'http://localhost:3000', cookieSecret: 'y'.repeat(32),
  }));
  const body = Type.Object({ quantity: Type.Integer({ minimum: 1, maximum: 10 }) }, { additionalProperties: false });
  const query = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) });
  const handler = async (request: { body: unknown; query: unknown }) => ({ body: request.body, query: request.query });
  server.post('/root', { schema: { body, querystring: query } }, handler);
  server.addSchema({ $id: 'Later', type: 'object', properties: { quantity: { type: 'integer' } } });
  await server.register(async (scope) => {
    scope.post('/scoped', { schema: { body, querystring: query } }, handler);
    scope.post('/scoped-ref', { schema: { body: { $ref: 'Later#' } } }, handler);
  });
  await server.register(async (scope) => {
    scope.addSchema({ $id: 'Inner', type: 'object', properties: { note: { type: 'string' } } });
    scope.post('/inner', { schema: { body, querystring: query } }, handler);
  });
  await server.ready();
});
afterAll(async () => {
  await server.close();
});

describe.each(['/root', '/scoped', '/inner'])('validation on %s', (url) => {
  it('refuses a body of the wrong type instead of coercing it', async () => {
    const res = await server.inject({ method: 'POST', url, payload: { quantity: '3' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses unknown body fields instead of dropping them', async () => {
    const res = await server.inject({ method: 'POST', url, payload: { quantity: 3, price: 1 } });
    expect(res.statusCode).toBe(400);
  });

  it('coerces query strings, within their bounds', async () => {
    const ok = await server.inject({ method: 'POST', url: `${url}?limit=5`, payload: { quantity: 3 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ body: { quantity: 3 }, query: { limit: 5 } });
    expect((await server.inject({ method: 'POST', url: `${url}?limit=500`, payload: { quantity: 3 } })).statusCode).toBe(400);
  });
});

describe('schemas added with addSchema', () => {
  it('can be referenced by a body schema of a later scope, and validate strictly', async () => {
    expect((await server.inject({ method: 'POST', url: '/scoped-ref', payload: { quantity: 2 } })).statusCode).toBe(200);
    expect((await server.inject({ method: 'POST', url: '/scoped-ref', payload: { quantity: '2' } })).statusCode).toBe(400);
  });
});
