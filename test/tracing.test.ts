/**
 * OpenTelemetry tracing (issue 18 §3), with an in-memory span exporter, on the real app:
 * - a checkout placed through the HTTP API is one trace: the request span, the contract calls of
 *   orders, catalog, payments and promotions, database query spans, and the notifications
 *   consumer handling `order.placed` (the confirmation mail) — in process (outbox relay) and over RabbitMQ;
 * - the app's log lines written during a traced request carry its `trace_id` and `span_id`;
 * - a request through the gateway reaches the service with the gateway span as parent (one trace);
 * - `/metrics` shows the consumer lag, the breaker states recorded with `recordBreakerState`, and
 *   on PostgreSQL the pool's connections.
 */
import { Writable } from 'node:stream';
import net from 'node:net';
import amqp from 'amqplib';
import Fastify from 'fastify';
import { pino } from 'pino';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, metricsAuth, onPostgres, type TestApp } from './support/app.js';
import { startTracing, stopTracing, traceLogFields } from '../src/platform/observability/tracing.js';
import { recordBreakerState } from '../src/platform/observability/metrics.js';
import { createGateway } from '../src/gateway/gateway.js';
import type { HttpServer } from '../src/platform/http/server.js';
import { until } from './support/wait.js';

const BROKER = new URL(process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
const PREFIX = `comptoir-trace-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
const exporter = new InMemorySpanExporter();
/** Every log line the in-process app wrote, parsed. */
const logLines: Record<string, unknown>[] = [];
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 St James Sq', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB', phone: '+44 20 7946 0000' };

let app: TestApp;
let busApp: TestApp | undefined;
let amqpUp = false;

/** True when the broker accepts a TCP connection (the RabbitMQ case is skipped without one). */
async function brokerReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(BROKER.port || 5672), BROKER.hostname);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** A product `sku` in stock and a 10 % promo code `<sku>-OFF`, through the admin API of `target`. */
async function seedProduct(target: TestApp, sku: string): Promise<void> {
  const admin = { authorization: `Bearer ${await target.tokenFor(['admin'])}` };
  const cat = await target.inject({ method: 'POST', url: '/api/admin/categories', headers: admin, payload: { name: `Lamps ${sku}` } });
  expect(cat.statusCode, cat.body).toBe(201);
  const product = await target.inject({ method: 'POST', url: '/api/admin/products', headers: admin, payload: { title: `Lamp ${sku}`, status: 'active', categoryId: cat.json().id, variants: [{ sku, price: { amount: 1500, currency: 'GBP' } }] } });
  expect(product.statusCode, product.body).toBe(201);
  const stock = await target.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: admin, payload: { sku, quantity: 10, type: 'receipt', reason: 'delivery' } });
  expect(stock.statusCode, stock.body).toBe(201);
  const promo = await target.inject({ method: 'POST', url: '/api/admin/promotions', headers: admin, payload: { type: 'percentage', value: 10, code: `${sku}-OFF` } });
  expect(promo.statusCode, promo.body).toBe(201);
}

/** Places a guest checkout of one `sku` with its promo code through the HTTP API of `target`; answers the order. */
async function placeOrder(target: TestApp, sku: string): Promise<{ id: string; status: string }> {
  const cart = await target.inject({ method: 'POST', url: '/api/carts', payload: {} });
  expect(cart.statusCode, cart.body).toBe(201);
  const { id, token } = cart.json() as { id: string; token: string };
  const add = await target.inject({ method: 'POST', url: `/api/carts/${id}/items`, headers: { 'x-cart-token': token }, payload: { sku, quantity: 1 } });
  expect(add.statusCode, add.body).toBeLessThan(300);
  const apply = await target.inject({ method: 'POST', url: `/api/carts/${id}/promotions`, headers: { 'x-cart-token': token }, payload: { code: `${sku}-OFF` } });
  expect(apply.statusCode, apply.body).toBeLessThan(300);
  await target.relay.drain(); // the cart's events are delivered before the checkout (a batch of one trace)
  const res = await target.inject({
    method: 'POST', url: '/api/orders',
    headers: { 'idempotency-key': `trace-${sku}`, 'x-cart-token': token },
    payload: { cartId: id, email: 'ada@example.test', shippingAddress: address, shippingMethodId: 'standard', payment: { method: 'test', card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' } } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** The checkout request's span (the request span @fastify/otel makes for `POST /api/orders`). */
function checkoutSpan(spans: ReadableSpan[], skip: Set<string> = new Set()): ReadableSpan {
  const span = spans.find((s) => s.name === 'POST /api/orders' && s.attributes['fastify.root'] === '@fastify/otel' && !skip.has(s.spanContext().traceId));
  expect(span, spans.map((s) => s.name).join(', ')).toBeDefined();
  return span!;
}

/**
 * The notifications consumer span that handled the order's `order.placed` in `traceId` (the event
 * notifications consumes to send the order confirmation mail), if there is one yet.
 */
function notificationSpan(traceId: string): ReadableSpan | undefined {
  return exporter.getFinishedSpans().find((s) => s.spanContext().traceId === traceId && s.name === 'notifications process' && String(s.attributes['comptoir.event.types']).includes('order.placed'));
}

/** The finished spans of `traceId` whose parent is not among them (the request span alone once the trace is one finished tree). */
function rootsOf(traceId: string): ReadableSpan[] {
  const trace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  return trace.filter((s) => !s.parentSpanContext || !trace.some((p) => p.spanContext().spanId === s.parentSpanContext!.spanId));
}

/** Asserts that the trace `traceId` went through the checkout's modules and the database, as one tree. */
async function expectCheckoutTrace(traceId: string, dbSpanPrefix: string): Promise<ReadableSpan[]> {
  // Every span of the trace hangs from the request span (one tree, no orphan root); the other
  // consumers (analytics, recommendations) may still be finishing their spans: wait for them.
  await until('one tree of finished spans', () => rootsOf(traceId).length === 1, 10_000).catch(() => undefined);
  expect(rootsOf(traceId).map((s) => s.name)).toEqual(['POST /api/orders']);
  const trace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const names = trace.map((s) => s.name);
  const modules = new Set(trace.map((s) => s.attributes['comptoir.module']).filter(Boolean));
  for (const m of ['orders', 'catalog', 'payments', 'promotions']) expect([...modules], names.join(', ')).toContain(m);
  expect(names.some((n) => n.startsWith(dbSpanPrefix)), names.join(', ')).toBe(true);
  return trace;
}

beforeAll(async () => {
  await startTracing({ serviceName: 'comptoir', spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const sink = new Writable({ write(chunk, _enc, done) { logLines.push(JSON.parse(String(chunk))); done(); } });
  app = await createTestApp({}, { logger: pino({ level: 'info', mixin: traceLogFields }, sink) });
  await seedProduct(app, 'TRACE-1');
  amqpUp = await brokerReachable();
  if (amqpUp) {
    busApp = await createTestApp({ amqpUrl: BROKER.toString(), amqpPrefix: PREFIX });
    await busApp.relay.broker!.consuming('notifications');
    await seedProduct(busApp, 'TRACE-2');
  }
}, 60_000);

afterAll(async () => {
  const queues = busApp?.relay.broker?.queues() ?? [];
  await app?.close();
  await busApp?.close();
  await stopTracing();
  if (!amqpUp) return;
  const connection = await amqp.connect(BROKER.toString());
  const channel = await connection.createChannel();
  for (const q of queues) await channel.deleteQueue(q);
  for (const x of [`${PREFIX}.events`, `${PREFIX}.dead-letters`]) await channel.deleteExchange(x);
  await connection.close();
});

const dbSpans = onPostgres ? 'pg.query' : 'pglite.';

describe('tracing', () => {
  it('makes a checkout one trace: request, orders, catalog, payments, promotions, database and the notification consumer (in process)', async () => {
    exporter.reset();
    const order = await placeOrder(app, 'TRACE-1');
    expect(order.status).toBe('confirmed');
    const request = checkoutSpan(exporter.getFinishedSpans());
    const traceId = request.spanContext().traceId;
    await app.relay.drain();
    await until('the notifications consumer span', () => !!notificationSpan(traceId));
    const trace = await expectCheckoutTrace(traceId, dbSpans);
    // The confirmation mail the consumer wrote is in the trace too (its query spans are the consumer span's children).
    const consumer = notificationSpan(traceId)!;
    expect(trace.some((s) => s.parentSpanContext?.spanId === consumer.spanContext().spanId && s.name.startsWith(dbSpans))).toBe(true);
  });

  it('writes trace_id and span_id of the request in the log lines of a traced request', async () => {
    logLines.length = 0;
    exporter.reset();
    const res = await app.inject({ method: 'POST', url: '/api/orders', headers: { 'idempotency-key': 'trace-bad' }, payload: { cartId: 'cart_missing' } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    const request = checkoutSpan(exporter.getFinishedSpans());
    const traced = logLines.filter((l) => l.trace_id === request.spanContext().traceId);
    expect(traced.length, JSON.stringify(logLines)).toBeGreaterThan(0);
    for (const line of traced) expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    // No span, no fields: lines logged outside any request carry none.
    app.log.info('outside any span');
    expect(logLines.at(-1)).not.toHaveProperty('trace_id');
  });

  it('keeps the trace across RabbitMQ: relay publish span, then the notifications consumer in the same trace', async (ctx) => {
    if (!busApp) return ctx.skip();
    exporter.reset();
    const order = await placeOrder(busApp, 'TRACE-2');
    expect(order.status).toBe('confirmed');
    const request = checkoutSpan(exporter.getFinishedSpans());
    const traceId = request.spanContext().traceId;
    await until('the notifications consumer span over RabbitMQ', () => !!notificationSpan(traceId), 20_000);
    const trace = await expectCheckoutTrace(traceId, dbSpans);
    const publish = trace.find((s) => s.name === 'order.placed publish');
    expect(publish, trace.map((s) => s.name).join(', ')).toBeDefined();
    // The consumer's parent is the publish span (its context travelled in the message's traceparent header).
    expect(notificationSpan(traceId)!.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
  });

  it('joins gateway and service: the upstream request span is a child of the gateway span', async () => {
    let gateway: HttpServer | undefined;
    const upstream = Fastify();
    let seenTraceparent: string | undefined;
    // A tiny upstream (the real services are started by test/gateway.test.ts): it records the header it got.
    upstream.all('/api/products', async (request) => {
      seenTraceparent = request.headers.traceparent as string | undefined;
      return { data: [] };
    });
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (upstream.server.address() as net.AddressInfo).port;
      gateway = await createGateway({ logger: pino({ level: 'silent' }), upstreams: { catalog: `http://127.0.0.1:${port}` }, jwtSecret: JWT_SECRET, trustProxy: [], authRateLimitPerMinute: 0, rateLimitPerMinute: 0 });
      exporter.reset();
      const clientTrace = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const res = await gateway.inject({ method: 'GET', url: '/api/products', headers: { traceparent: clientTrace } });
      expect(res.statusCode, res.body).toBe(200);
      const span = exporter.getFinishedSpans().find((s) => s.attributes['fastify.root'] === '@fastify/otel' && s.attributes['url.path'] === '/api/products');
      expect(span).toBeDefined();
      // The gateway continues the client's trace and sends its own span as the upstream's parent.
      expect(span!.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
      expect(seenTraceparent).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);
      // And the service, given that header, continues the same trace under the gateway span.
      exporter.reset();
      const res2 = await app.inject({ method: 'GET', url: '/api/products', headers: { traceparent: seenTraceparent! } });
      expect(res2.statusCode).toBe(200);
      const service = exporter.getFinishedSpans().find((s) => s.attributes['fastify.root'] === '@fastify/otel');
      expect(service!.spanContext().traceId).toBe(span!.spanContext().traceId);
      expect(service!.parentSpanContext?.spanId).toBe(span!.spanContext().spanId);
    } finally {
      await gateway?.close();
      await upstream.close();
    }
  });

  it('shows consumer lag, breaker states and (PostgreSQL) the pool in /metrics', async () => {
    recordBreakerState('search', 'open');
    const text = (await app.inject({ url: '/metrics', headers: metricsAuth })).body;
    expect(text).toMatch(/^events_consumer_lag_seconds_count\{consumer="notifications"\} [1-9]/m);
    expect(text).toMatch(/^circuit_breaker_state\{breaker="search"\} 2$/m);
    recordBreakerState('search', 'closed');
    expect((await app.inject({ url: '/metrics', headers: metricsAuth })).body).toMatch(/^circuit_breaker_state\{breaker="search"\} 0$/m);
    if (onPostgres) {
      expect(text).toMatch(/^db_pool_connections\{state="total"\} [1-9]/m);
      expect(text).toMatch(/^db_pool_waiting 0$/m);
      expect(text).toMatch(/^db_pool_max 10$/m);
    } else {
      expect(text).not.toMatch(/^db_pool_connections/m);
    }
  });
});
