import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/platform/auth.js';
import { buildHttpServer, type HttpServer } from '../src/platform/http/server.js';

// The server serves the built web app from disk; a rebuild while it runs must be served whole.
let root: string;
let server: HttpServer;

const build = (hash: string) => {
  rmSync(join(root, 'assets'), { recursive: true, force: true });
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), `<!doctype html><script type="module" src="/assets/index-${hash}.js"></script>`);
  writeFileSync(join(root, 'assets', `index-${hash}.js`), `console.log('${hash}')`);
  writeFileSync(join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'comptoir-web-'));
  build('aaaa');
  ({ server } = await buildHttpServer({
    logger: pino({ level: 'silent' }), tokens: new TokenService('x'.repeat(48), 900), bodyLimitBytes: 1024, uploadLimitBytes: 1024,
    version: '0', publicUrl: 'http://localhost:3000', cookieSecret: 'y'.repeat(32), webRoot: root,
  }));
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serving the built web app', () => {
  it('serves a build replaced while the server runs: its index.html and its new assets, not 404s', async () => {
    expect((await server.inject({ url: '/assets/index-aaaa.js' })).statusCode).toBe(200);
    build('bbbb');
    const page = await server.inject({ url: '/admin/orders', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/assets/index-bbbb.js');
    const asset = await server.inject({ url: '/assets/index-bbbb.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.body).toContain('bbbb');
    expect((await server.inject({ url: '/assets/index-aaaa.js' })).statusCode).toBe(404);
  });

  it('answers /favicon.ico from the build, and unknown API paths with problem+json', async () => {
    expect((await server.inject({ url: '/favicon.ico' })).statusCode).toBe(200);
    const api = await server.inject({ url: '/api/nothing-here', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });
});
