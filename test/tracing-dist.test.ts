/**
 * Tracing in what users run: the esbuild bundle (`node dist/main.js serve`), with
 * `OTEL_EXPORTER_OTLP_ENDPOINT` pointed at a small OTLP/HTTP receiver in this test. A checkout
 * placed over real HTTP must arrive as one trace (service `comptoir`) holding the request span,
 * the contract spans of orders, catalog and payments, database spans (node-postgres spans from
 * instrumentation-pg on PostgreSQL, which its require hook alone would miss inside the bundle;
 * PGlite query spans otherwise) and the notifications consumer span. The trace continues the
 * caller's `traceparent`. And `node dist/main.js gateway` in front of it: a request through the
 * gateway is one trace, the gateway's span (service `comptoir-gateway`) parent of the service's.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { onPostgres } from './support/app.js';
import { freshPostgresDatabase } from './support/databases.js';
import { freePort, sleep } from './support/wait.js';

const ROOT = join(import.meta.dirname, '..');
const ADMIN = { email: 'trace-admin@example.test', password: 'trace-admin-password-123' };
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+44 20 7946 0000' };

/** A span as the receiver keeps it: OTLP/JSON fields, ids as lower-case hex, with its resource's `service.name`. */
interface ReceivedSpan { service: string; traceId: string; spanId: string; parentSpanId: string; name: string; kind: number; attributes: Record<string, unknown> }

const received: ReceivedSpan[] = [];
let receiver: Server;
let child: ChildProcess | undefined;
let gateway: ChildProcess | undefined;
let output = '';
let url = '';
let gatewayPort = 0;
let dataDir = '';
let dropDatabase: (() => Promise<void>) | undefined;

/** OTLP/JSON ids are hex; a base64 one (protobuf-style JSON) is converted. */
const hex = (id: unknown): string => (typeof id !== 'string' || id === '' ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex'));

/** Collects the spans of one OTLP/JSON export request body. */
function collect(body: { resourceSpans?: { resource?: { attributes?: { key: string; value: { stringValue?: string } }[] }; scopeSpans?: { spans?: Record<string, unknown>[] }[] }[] }): void {
  for (const rs of body.resourceSpans ?? []) {
    const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const attributes: Record<string, unknown> = {};
        for (const a of (s.attributes as { key: string; value: Record<string, unknown> }[] | undefined) ?? []) attributes[a.key] = Object.values(a.value)[0];
        received.push({ service, traceId: hex(s.traceId), spanId: hex(s.spanId), parentSpanId: hex(s.parentSpanId), name: String(s.name), kind: Number(s.kind), attributes });
      }
    }
  }
}

/** Starts `node dist/main.js <args>` with `env` and waits until its `/ready` answers 200 on `port`. */
async function start(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [join(ROOT, 'dist/main.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
  proc.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-8000)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${args[0]} exited (${proc.exitCode}):\n${output}`);
    if (await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false)) return proc;
    if (Date.now() > deadline) throw new Error(`${args[0]} not ready:\n${output}`);
    await sleep(200);
  }
}

/** Stops `proc` (SIGTERM) and waits for it to exit. */
async function stop(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  await exited;
}

/** A request to the server; JSON in and out. */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

beforeAll(async () => {
  // The bundle as `npm run build` makes it (a no-op when it is up to date).
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      if (req.url === '/v1/traces') collect(JSON.parse(raw.toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const otlp = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'comptoir-trace-dist-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', COMPTOIR_DATA_DIR: dataDir, COMPTOIR_DEMO: 'false', LOG_LEVEL: 'warn',
    COMPTOIR_ADMIN_EMAIL: ADMIN.email, COMPTOIR_ADMIN_PASSWORD: ADMIN.password, JWT_SECRET: 'trace-dist-secret-that-is-long-enough-0123456789',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  for (const k of ['OTEL_TRACES_EXPORTER', 'OTEL_SERVICE_NAME', 'OTEL_SDK_DISABLED', 'AMQP_URL', 'SMTP_URL', 'COMPTOIR_MODULES', 'DATABASE_URL', 'REDIS_URL', 'GATEWAY_ROUTES']) delete env[k];
  if (onPostgres) {
    const db = await freshPostgresDatabase(inject('postgresTemplate'));
    env.DATABASE_URL = db.url;
    dropDatabase = () => db.drop();
  }
  url = `http://127.0.0.1:${port}`;
  child = await start(['serve'], env, port);
  gatewayPort = await freePort();
  gateway = await start(['gateway'], { ...env, PORT: String(gatewayPort), GATEWAY_ROUTES: JSON.stringify({ catalog: url }) }, gatewayPort);
}, 180_000);

afterAll(async () => {
  await stop(gateway);
  await stop(child);
  await new Promise((resolve) => receiver?.close(resolve));
  await dropDatabase?.();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('tracing in the bundled server (dist/main.js)', () => {
  it('exports a checkout as one trace over OTLP/HTTP: request, contracts, database and the notification consumer', async () => {
    const login = await call('POST', '/api/auth/login', ADMIN);
    expect(login.status, JSON.stringify(login.json)).toBe(200);
    const admin = { authorization: `Bearer ${String(login.json.accessToken)}` };
    const category = await call('POST', '/api/admin/categories', { name: 'Lanterns' }, admin);
    expect(category.status).toBe(201);
    expect((await call('POST', '/api/admin/products', { title: 'Lantern', status: 'active', categoryId: category.json.id, variants: [{ sku: 'DIST-1', price: { amount: 1200, currency: 'GBP' } }] }, admin)).status).toBe(201);
    expect((await call('POST', '/api/admin/inventory/movements', { sku: 'DIST-1', quantity: 5, type: 'receipt', reason: 'delivery' }, admin)).status).toBe(201);
    const cart = await call('POST', '/api/carts', {});
    const cartToken = { 'x-cart-token': String(cart.json.token) };
    expect((await call('POST', `/api/carts/${String(cart.json.id)}/items`, { sku: 'DIST-1', quantity: 1 }, cartToken)).status).toBeLessThan(300);

    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const order = await call('POST', '/api/orders', {
      cartId: cart.json.id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard',
      payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } },
    }, { ...cartToken, 'idempotency-key': 'dist-trace-1', traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` });
    expect(order.status, JSON.stringify(order.json)).toBe(201);

    const inTrace = () => received.filter((s) => s.traceId === callerTrace);
    const deadline = Date.now() + 20_000;
    while (!inTrace().some((s) => s.name === 'notifications process')) {
      if (Date.now() > deadline) throw new Error(`no notifications consumer span in the trace; got ${inTrace().map((s) => s.name).join(', ')}\n${output}`);
      await sleep(100);
    }
    const trace = inTrace();
    const names = trace.map((s) => s.name);
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['comptoir']));
    const request = trace.find((s) => s.name === 'POST /api/orders' && s.kind === 2); // SERVER (OTLP kind 2)
    expect(request, names.join(', ')).toBeDefined();
    expect(request!.parentSpanId).toBe('00f067aa0ba902b7');
    const modules = new Set(trace.map((s) => s.attributes['comptoir.module']));
    for (const m of ['orders', 'catalog', 'payments']) expect([...modules], names.join(', ')).toContain(m);
    expect(names.some((n) => n.startsWith(onPostgres ? 'pg.query' : 'pglite.')), names.join(', ')).toBe(true);
  });

  it('makes a request through the gateway one trace: the gateway span is the service span\'s parent', async () => {
    const res = await fetch(`http://127.0.0.1:${gatewayPort}/api/products`);
    expect(res.status).toBe(200);
    const requestId = res.headers.get('x-request-id');
    const deadline = Date.now() + 20_000;
    const gatewaySpan = () => received.find((s) => s.service === 'comptoir-gateway' && s.kind === 2 && s.attributes['url.path'] === '/api/products');
    const serviceSpan = () => received.find((s) => s.service === 'comptoir' && s.kind === 2 && s.attributes['url.path'] === '/api/products');
    while (!gatewaySpan() || !serviceSpan()) {
      if (Date.now() > deadline) throw new Error(`no gateway and service spans (request ${requestId}); got ${received.map((s) => `${s.service}:${s.name}`).join(', ')}`);
      await sleep(100);
    }
    expect(serviceSpan()!.traceId).toBe(gatewaySpan()!.traceId);
    expect(serviceSpan()!.parentSpanId).toBe(gatewaySpan()!.spanId);
  });
});
