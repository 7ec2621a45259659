import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/platform/auth.js';
import { buildHttpServer, type HttpServer } from '../src/platform/http/server.js';
import { WebShell } from '../src/platform/http/web-page.js';

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

  it('serves the .br or .gz file the build wrote next to an asset, as the client accepts, with a working ETag', async () => {
    const code = `export const big = ${JSON.stringify('comptoir '.repeat(500))};`;
    writeFileSync(join(root, 'assets', 'big-cccc.js'), code);
    // Each sibling carries a mark, so the answer shows which file was sent (not one compressed on the fly).
    writeFileSync(join(root, 'assets', 'big-cccc.js.br'), brotliCompressSync(`${code}//br`));
    writeFileSync(join(root, 'assets', 'big-cccc.js.gz'), gzipSync(`${code}//gz`));
    const br = await server.inject({ url: '/assets/big-cccc.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(`${code}//br`);
    const gz = await server.inject({ url: '/assets/big-cccc.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(`${code}//gz`);
    const plain = await server.inject({ url: '/assets/big-cccc.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(code);
    // A revalidation with the ETag it was given answers 304 without a body.
    const etag = br.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await server.inject({ url: '/assets/big-cccc.js', headers: { 'accept-encoding': 'gzip, deflate, br', 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const favicon = await server.inject({ url: '/favicon.ico' });
    expect((await server.inject({ url: '/favicon.ico', headers: { 'if-none-match': favicon.headers.etag as string } })).statusCode).toBe(304);
  });

  it('fills the built index.html per page: one title, head tags, the page markup in #root, the stylesheet inline', () => {
    writeFileSync(join(root, 'assets', 'index-dddd.css'), 'body{color:#123}');
    writeFileSync(join(root, 'index.html'), '<!doctype html><html lang="en"><head><meta name="description" content="x" /><title>Comptoir</title>' +
      '<script type="module" crossorigin src="/assets/index-dddd.js"></script><link rel="stylesheet" crossorigin href="/assets/index-dddd.css"></head><body><div id="root"></div></body></html>');
    const html = new WebShell(root).render({
      lang: 'fr', title: 'Bougie $& · Comptoir', description: 'Cire', canonical: 'https://s.example/p/b?lang=fr', alternates: [], openGraph: [['og:title', 'Bougie']], jsonLd: [{ name: '</script>' }],
      body: '<main><h1>Bougie</h1></main>',
    });
    expect(html).toContain('<html lang="fr">');
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html).toContain('<title>Bougie $&#38; · Comptoir</title>');
    expect(html).not.toContain('content="x"');
    expect(html).toContain('<style>body{color:#123}</style>');
    expect(html).not.toContain('rel="stylesheet"');
    expect(html).toContain('<script type="application/ld+json">{"name":"\\u003c/script\\u003e"}</script>');
    expect(html).toContain('<div id="root"><main><h1>Bougie</h1></main></div>');
    expect(html).toContain('src="/assets/index-dddd.js"');
  });
});
