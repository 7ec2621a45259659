/**
 * Operations endpoints through the real app: liveness, readiness, Prometheus metrics, request ids
 * and unknown routes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, metricsAuth, onPostgres, type TestApp } from './support/app.js';
import { expectProblem } from './support/openapi-walk.js';

let app: TestApp;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (sample lines only). */
function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (!m) throw new Error(`Not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = l[2] as string;
    out.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

async function scrape(): Promise<Sample[]> {
  const res = await app.inject({ url: '/metrics', headers: metricsAuth });
  expect(res.statusCode).toBe(200);
  return parseMetrics(res.body);
}

const find = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

describe('liveness and readiness', () => {
  it('GET /health → 200 {status: ok}', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toMatch(/^req_/);
  });

  it('GET /ready → 200 {status: ready} with the database kind', async () => {
    const res = await app.inject({ url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: onPostgres ? 'postgres' : 'pglite' });
  });

  it('GET /ready → 503 NOT_READY problem while the database fails, 200 again once it answers', async () => {
    const spy = vi.spyOn(app.database.db, 'execute').mockRejectedValueOnce(new Error('connection refused to 10.0.0.7'));
    let down;
    try {
      down = await app.inject({ url: '/ready' });
    } finally {
      spy.mockRestore();
    }
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.headers['x-request-id']).toBeTruthy();
    expect(down.json()).toMatchObject({ status: 503, code: 'NOT_READY', type: 'urn:comptoir:problem:NOT_READY' });
    expect(down.body).not.toContain('10.0.0.7');
    const up = await app.inject({ url: '/ready' });
    expect(up.statusCode).toBe(200);
    expect(up.json().status).toBe('ready');
  });

  it('HEAD /health answers 200 without a body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });
});

describe('metrics', () => {
  it('is not public: METRICS_TOKEN as a bearer token reads it, anything else answers 401', async () => {
    for (const [what, headers] of [
      ['no authorization', {}],
      ['a wrong token', { authorization: 'Bearer not-the-metrics-token' }],
      ['a user access token', { authorization: `Bearer ${await app.tokenFor(['admin'])}` }],
      ['the token without Bearer', { authorization: metricsAuth.authorization.slice(7) }],
    ] as const) {
      const res = await app.inject({ url: '/metrics', headers });
      expectProblem(res, 401, 'METRICS.UNAUTHORIZED');
      expect(res.headers['www-authenticate'], what).toBe('Bearer realm="metrics"');
      expect(res.body, what).not.toContain('http_requests_total');
    }
    expect((await app.inject({ url: '/metrics', headers: metricsAuth })).statusCode).toBe(200);
  });

  it('answers 404 when no METRICS_TOKEN is configured', async () => {
    const open = await createTestApp({ metricsToken: undefined });
    try {
      const res = await open.inject({ url: '/metrics' });
      expectProblem(res, 404, 'METRICS.DISABLED');
      expect(res.body).not.toContain('http_requests_total');
    } finally {
      await open.close();
    }
  });

  it('is Prometheus text with per-route request counts and latency histograms', async () => {
    // A route with a parameter, called with a product that does not exist: 404 from the handler.
    const product = await app.inject({ url: '/api/products/prod_metrics_probe' });
    expect(product.statusCode).toBe(404);
    const health = await app.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    const before = find(await scrape(), 'http_requests_total', { method: 'GET', route: '/health', status: '200' })[0]?.value ?? 0;
    await app.inject({ url: '/health' });
    await app.inject({ url: '/health' });

    const res = await app.inject({ url: '/metrics', headers: metricsAuth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE http_requests_total counter');
    expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
    const samples = parseMetrics(res.body);

    // Counted under the route template, not the raw URL.
    expect(find(samples, 'http_requests_total', { method: 'GET', route: '/api/products/:idOrSlug', status: '404' })[0]?.value).toBe(1);
    expect(res.body).not.toContain('prod_metrics_probe');
    expect(find(samples, 'http_requests_total', { method: 'GET', route: '/health', status: '200' })[0]?.value).toBe(before + 2);

    const buckets = find(samples, 'http_request_duration_seconds_bucket', { method: 'GET', route: '/health', status: '200' });
    expect(buckets.length).toBeGreaterThanOrEqual(10);
    const inf = buckets.find((b) => b.labels.le === '+Inf');
    expect(inf?.value).toBe(before + 2);
    const count = find(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/health', status: '200' })[0];
    expect(count?.value).toBe(before + 2);
    // Buckets are cumulative.
    const values = buckets.filter((b) => b.labels.le !== '+Inf').map((b) => b.value);
    expect([...values].sort((a, b) => a - b)).toEqual(values);

    // Process metrics.
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(samples.some((s) => s.name === name), name).toBe(true);
    }
    expect(find(samples, 'process_cpu_user_seconds_total', {})[0]?.value).toBeGreaterThan(0);
  });

  it('shows each background job\'s last run, durations and failures', async () => {
    // The jobs every app runs: their first runs at start are done by now (runs are awaited here).
    for (const job of ['cart.expire', 'orders.sweep-unpaid', 'notifications.sms']) await app.jobs.run(job);
    let calls = 0;
    app.jobs.register({ name: 'test.failing', everyMs: 3_600_000, run: async () => {
      calls += 1;
      throw new Error('the job failed');
    } });
    await app.jobs.run('test.failing');
    await app.jobs.run('test.failing');
    expect(calls).toBe(2);
    const samples = await scrape();
    expect(find(samples, 'job_failures_total', { job: 'test.failing' })[0]?.value).toBe(2);
    expect(find(samples, 'job_run_duration_seconds_count', { job: 'test.failing' })[0]?.value).toBe(2);
    for (const job of ['cart.expire', 'orders.sweep-unpaid', 'notifications.sms', 'events.purge']) {
      expect(find(samples, 'job_failures_total', { job })[0]?.value, job).toBe(0);
    }
    for (const job of ['cart.expire', 'orders.sweep-unpaid', 'notifications.sms', 'test.failing']) {
      const last = find(samples, 'job_last_run_timestamp_seconds', { job })[0]?.value ?? 0;
      expect(Math.abs(last - Date.now() / 1000), job).toBeLessThan(60);
      expect(find(samples, 'job_run_duration_seconds_count', { job })[0]?.value, job).toBeGreaterThanOrEqual(1);
    }
  });

  it('does not create one series per unknown URL (bounded label cardinality)', async () => {
    for (let i = 0; i < 5; i++) expect((await app.inject({ url: `/no/such/route/${i}-${Date.now()}` })).statusCode).toBe(404);
    const res = await app.inject({ url: '/metrics', headers: metricsAuth });
    expect(res.body).not.toMatch(/route="\/no\/such/);
    const unmatched = find(parseMetrics(res.body), 'http_requests_total', { method: 'GET', status: '404' }).filter((s) => !s.labels.route?.startsWith('/api'));
    expect(unmatched.length).toBe(1);
    expect(unmatched[0]?.value).toBeGreaterThanOrEqual(5);
  });

  it('counts errors by status, including 401 and 400', async () => {
    await app.inject({ url: '/api/admin/products' });
    await app.inject({ url: '/api/products?limit=abc' });
    const samples = await scrape();
    expect(find(samples, 'http_requests_total', { method: 'GET', route: '/api/admin/products', status: '401' })[0]?.value).toBe(1);
    expect(find(samples, 'http_requests_total', { method: 'GET', route: '/api/products', status: '400' })[0]?.value).toBe(1);
  });
});

describe('request ids', () => {
  it('echoes a sane x-request-id on success and on errors, in the header and the problem body', async () => {
    const id = 'client-trace.42:abc_DEF';
    const ok = await app.inject({ url: '/health', headers: { 'x-request-id': id } });
    expect(ok.headers['x-request-id']).toBe(id);
    const missing = await app.inject({ url: '/api/products/nope', headers: { 'x-request-id': id } });
    expect(missing.headers['x-request-id']).toBe(id);
    expect(expectProblem(missing, 404).requestId).toBe(id);
    const unauth = await app.inject({ url: '/api/admin/users', headers: { 'x-request-id': id } });
    expect(unauth.headers['x-request-id']).toBe(id);
    expect(expectProblem(unauth, 401).requestId).toBe(id);
  });

  it('generates a fresh id when none or an unsafe one is sent', async () => {
    const unsafe = ['', 'has space', 'x'.repeat(129), '<script>', 'a\tb', 'line\u2028break', 'é', '../../etc'];
    const seen = new Set<string>();
    for (const value of [undefined, ...unsafe]) {
      const res = await app.inject({ url: '/health', headers: value === undefined ? {} : { 'x-request-id': value } });
      const got = res.headers['x-request-id'] as string;
      expect(got, JSON.stringify(value)).toMatch(/^req_[0-9A-Za-z]{10,}$/);
      expect(got).not.toBe(value);
      seen.add(got);
    }
    expect(seen.size).toBe(unsafe.length + 1);
  });

  it('accepts the longest sane id (128 characters)', async () => {
    const id = 'a'.repeat(128);
    const res = await app.inject({ url: '/health', headers: { 'x-request-id': id } });
    expect(res.headers['x-request-id']).toBe(id);
  });
});

describe('unknown routes', () => {
  it('answer 404 ROUTE.NOT_FOUND problem+json on every method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/api/does-not-exist?x=1' });
      const body = expectProblem(res, 404, 'ROUTE.NOT_FOUND');
      expect(body.detail).toContain('/api/does-not-exist');
      expect(body.detail).not.toContain('x=1');
    }
  });

  it('answer 404 for a known path with an undeclared method', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/api/products' });
    expectProblem(res, 404, 'ROUTE.NOT_FOUND');
  });

  it('do not reflect markup unescaped in a way a browser would render', async () => {
    const res = await app.inject({ url: '/<script>alert(1)</script>' });
    expectProblem(res, 404, 'ROUTE.NOT_FOUND');
    expect(res.headers['content-type']).not.toMatch(/html/);
  });
});
