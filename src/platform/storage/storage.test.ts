import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { ClamdScanner, clamdAddress, downloadHeaders, inspectFile, LocalObjectStore, S3ObjectStore, type ObjectStore } from './index.js';

/** Smallest valid PNG (1×1). */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('inspectFile', () => {
  it('reads the type from the bytes: images, PDF and plain text pass', async () => {
    expect(await inspectFile(PNG, 1024)).toEqual({ contentType: 'image/png', extension: 'png', size: PNG.length });
    expect((await inspectFile(PDF, 1024)).contentType).toBe('application/pdf');
    expect((await inspectFile(Buffer.from('Bonjour, le colis est arrivé cassé.\n'), 1024)).contentType).toBe('text/plain');
  });

  it('refuses HTML, SVG, archives, binaries and empty files with 415, oversize with 413', async () => {
    const refused = ['<html><script>alert(1)</script></html>', '  <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', '\ufeff<!doctype html>'];
    for (const text of refused) await expect(inspectFile(Buffer.from(text), 1024)).rejects.toMatchObject({ status: 415, code: 'STORAGE.UNSUPPORTED_TYPE' });
    await expect(inspectFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), 1024)).rejects.toMatchObject({ status: 415 });
    await expect(inspectFile(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 1024)).rejects.toMatchObject({ status: 415 });
    await expect(inspectFile(Buffer.alloc(0), 1024)).rejects.toMatchObject({ status: 415 });
    await expect(inspectFile(PNG, 10)).rejects.toMatchObject({ status: 413, code: 'STORAGE.TOO_LARGE' });
  });

  it('serves only raster images inline; everything else as attachment, nosniff, sandboxed', () => {
    expect(downloadHeaders('image/png', 'attachment; filename="a.png"', true)['content-disposition']).toBe('inline; filename="a.png"');
    for (const type of ['image/svg+xml', 'text/html', 'application/pdf', 'text/plain']) {
      const headers = downloadHeaders(type, 'inline; filename="x"', true);
      expect(headers['content-disposition']).toBe('attachment; filename="x"');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['content-security-policy']).toContain("default-src 'none'");
      expect(headers['content-security-policy']).toContain('sandbox');
    }
  });
});

/** put / get / delete / signed URL on any store. */
async function roundTrip(store: ObjectStore, fetchUrl: (url: string) => Promise<{ status: number; headers: Record<string, string>; body: Buffer }>) {
  await store.put('support/tkt_1/att_1.png', PNG, 'image/png');
  expect(await store.get('support/tkt_1/att_1.png')).toEqual(PNG);
  const url = await store.signedUrl('support/tkt_1/att_1.png', { contentType: 'image/png', filename: 'photo cassée.png', expiresInSeconds: 60 });
  const got = await fetchUrl(url);
  expect(got.status).toBe(200);
  expect(got.body).toEqual(PNG);
  expect(got.headers['content-type']).toBe('image/png');
  expect(got.headers['content-disposition']).toMatch(/^attachment; filename="photo cass.e\.png"; filename\*=UTF-8''photo%20cass%C3%A9e\.png$/);
  await store.delete('support/tkt_1/att_1.png');
  expect(await store.get('support/tkt_1/att_1.png')).toBeNull();
  await store.delete('support/tkt_1/att_1.png');
  await expect(store.put('../etc/passwd', PNG, 'image/png')).rejects.toThrow(/Invalid storage key/);
}

describe('local storage (default) through the app', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app?.close());

  it('stores in the data dir and serves signed URLs with safe headers; forged or expired URLs are 404', async () => {
    const store = app.storage;
    const inject = async (url: string) => {
      const res = await app.inject({ method: 'GET', url: url.replace(app.config.publicUrl, '') });
      return { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.rawPayload };
    };
    expect(store.kind).toBe('local');
    await roundTrip(store, inject);
    await store.put('support/t/a.png', PNG, 'image/png');
    const url = await store.signedUrl('support/t/a.png', { contentType: 'image/png', filename: 'a.png' });
    const ok = await inject(url);
    expect(ok.status).toBe(200);
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['content-security-policy']).toContain("default-src 'none'");
    const forged = await inject(url.replace('type=image%2Fpng', 'type=text%2Fhtml'));
    expect(forged.status).toBe(404);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    const expired = new LocalObjectStore(join(app.config.dataDir, 'files'), 'another key', app.config.publicUrl, () => Date.now() - 3_600_000);
    expect((await inject(await expired.signedUrl('support/t/a.png', { contentType: 'image/png', filename: 'a.png' }))).status).toBe(404);
  });
});

describe('S3-compatible storage against s3rver', () => {
  let server: S3rver;
  let dir: string;
  let endpoint: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 's3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'comptoir-test' }] });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts, gets, deletes and presigns GETs that force attachment and the sniffed type', async () => {
    const store = new S3ObjectStore({ endpoint, bucket: 'comptoir-test', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    await roundTrip(store, async (url) => {
      const res = await fetch(url);
      return { status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) };
    });
  });

  // s3rver checks the access key id but not SigV4 signatures: an unknown key is what it can refuse.
  it('surfaces the store refusing the credentials', async () => {
    const store = new S3ObjectStore({ endpoint, bucket: 'comptoir-test', accessKeyId: 'UNKNOWN', secretAccessKey: 'S3RVER' });
    await expect(store.put('a/b.txt', Buffer.from('x'), 'text/plain')).rejects.toThrow();
  });
});

describe('clamd scanning', () => {
  let clamd: Server;
  let port = 0;
  beforeAll(async () => {
    // A stand-in clamd: reads an INSTREAM to its zero-length end chunk, answers FOUND when the EICAR marker is in it.
    clamd = createServer((socket) => {
      let data = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (data.length >= 4 && data.subarray(-4).readUInt32BE(0) === 0 && data.includes('INSTREAM')) {
          socket.end(data.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE') ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
        }
      });
    });
    await new Promise<void>((resolve) => clamd.listen(0, '127.0.0.1', resolve));
    port = (clamd.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => clamd.close(() => resolve())));

  it('parses CLAMAV_HOST', () => {
    expect(clamdAddress('clamav')).toEqual({ host: 'clamav', port: 3310 });
    expect(clamdAddress('10.0.0.2:3311')).toEqual({ host: '10.0.0.2', port: 3311 });
  });

  it('tells clean from infected, and fails when clamd is unreachable', async () => {
    const scanner = new ClamdScanner({ host: '127.0.0.1', port });
    expect(await scanner.scan(PNG)).toEqual({ state: 'clean', viruses: [] });
    const eicar = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');
    expect(await scanner.scan(eicar)).toMatchObject({ state: 'infected', viruses: ['Eicar-Test-Signature'] });
    await expect(new ClamdScanner({ host: '127.0.0.1', port: 1 }, 500).scan(PNG)).rejects.toThrow();
  });
});
