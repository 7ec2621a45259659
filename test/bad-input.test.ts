/**
 * Bad input on every write operation of the OpenAPI document (with an admin token, so
 * authentication passes and validation is what answers), absurd paging on every list, and
 * hostile strings (SQL, HTML, NUL) everywhere. Every answer must be a 4xx problem document,
 * never a 5xx, and the database must be exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from './support/app.js';
import { rows } from '../src/platform/db/index.js';
import {
  problemIssues, bodySchema, example, expectProblem, fillPath, fingerprint, label, mutations, nodes, objectSchemas, operations, schemaErrors,
  userTables, WRITE_METHODS, mainBranch, type JsonSchema, type Op, type OpenApiDoc,
} from './support/openapi-walk.js';

/** Write operations in the document when this test was written (catalog 8, identity 6, imports 1). */
const MIN_WRITE_OPERATIONS = 15;
/** Of which with a JSON body schema. */
const MIN_BODY_OPERATIONS = 12;
/** List operations with `page`/`limit` (products ×2, movements, users, imports, search). */
const MIN_LIST_OPERATIONS = 6;

const SQL_INJECTION = `'; drop table catalog.product; --`;
const HTML_INJECTION = '<script>alert(1)</script>';
const HOSTILE = [SQL_INJECTION, HTML_INJECTION, `" or 1=1 --`, `%' or '1'='1`, 'Robert\'); DROP TABLE identity.users;--', '\\', '${7*7}{{7*7}}', '\u202e\ufeffΩ≈ç√ 🙂'];

let app: TestApp;
let doc: OpenApiDoc;
let admin: string;
let writeOps: Op[];
let bodyOps: { o: Op; schema: JsonSchema; base: unknown }[];
let listOps: Op[];
let requests = 0;

const auth = () => ({ authorization: `Bearer ${admin}` });

/** Options of the tests that walk every operation with many values (thousands of requests): their time grows with the API. */
const WALK = { timeout: 240_000 };

/** Sends a write request with the admin token; counts it. */
async function send(o: Op, payload: string | Buffer | undefined, contentType = 'application/json', url = fillPath(o.path)): Promise<LightMyRequestResponse> {
  requests += 1;
  return app.inject({ method: o.method, url, headers: { ...auth(), 'content-type': contentType }, ...(payload !== undefined ? { payload } : {}) });
}

beforeAll(async () => {
  // Auth routes are in the walk: lift their per-IP rate limit so it never answers instead of validation.
  app = await createTestApp({ authRateLimitPerMinute: 1_000_000 });
  admin = await app.tokenFor(['admin']);
  doc = (await app.inject({ url: '/openapi.json' })).json() as OpenApiDoc;
  const ops = operations(doc);
  writeOps = ops.filter((o) => WRITE_METHODS.has(o.method));
  bodyOps = writeOps.flatMap((o) => {
    const schema = bodySchema(doc, o);
    return schema ? [{ o, schema, base: example(schema) }] : [];
  });
  // Paged lists: `limit` and `page` (a bare `limit`, as on recommendations, caps a short answer and is checked by the bounds audit).
  listOps = ops.filter((o) => o.method === 'GET' && ['limit', 'page'].every((name) => (o.op.parameters ?? []).some((p) => p.in === 'query' && p.name === name)));
});
afterAll(() => app?.close());

describe('the walk', () => {
  it('covers every write operation and builds a schema-valid body for each', () => {
    expect(writeOps.length).toBeGreaterThanOrEqual(MIN_WRITE_OPERATIONS);
    expect(bodyOps.length).toBeGreaterThanOrEqual(MIN_BODY_OPERATIONS);
    expect(listOps.length).toBeGreaterThanOrEqual(MIN_LIST_OPERATIONS);
    for (const { o, schema, base } of bodyOps) {
      expect(mainBranch(schema).type, label(o)).toBe('object');
      expect(schemaErrors(schema, base), `${label(o)} example ${JSON.stringify(base)}`).toEqual([]);
      expect(mutations(schema, base).length, label(o)).toBeGreaterThan(3);
    }
  });

  it('request bodies reject unknown fields and bound every string and array (schema audit)', () => {
    const loose: string[] = [];
    const unbounded: string[] = [];
    for (const { o, schema, base } of bodyOps) {
      for (const obj of objectSchemas(schema, base)) {
        if (obj.schema.additionalProperties !== false) loose.push(`${label(o)} body${obj.pointer}`);
      }
      for (const n of nodes(schema, base)) {
        const s = mainBranch(n.schema);
        const fixedPattern = !!s.pattern && /^\^[^*+]*\$$/.test(s.pattern) && !/\{\d+,\}/.test(s.pattern);
        if (s.type === 'string' && s.enum === undefined && s.const === undefined && s.maxLength === undefined && !fixedPattern) unbounded.push(`${label(o)} body${n.pointer} (string)`);
        if (s.type === 'array' && s.maxItems === undefined) unbounded.push(`${label(o)} body${n.pointer} (array)`);
      }
    }
    expect(loose).toEqual([]);
    expect(unbounded).toEqual([]);
  });
});

describe('bad input on every write operation', () => {
  let before: Awaited<ReturnType<typeof fingerprint>>;
  beforeAll(async () => {
    await app.relay.drain();
    before = await fingerprint(app.database);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(8);
    for (const t of ['catalog.product', 'catalog.variant', 'catalog.stock_movement', 'identity.users', 'events.outbox']) expect(Object.keys(before), t).toContain(t);
  });

  it('malformed JSON → 400 REQUEST.MALFORMED_JSON', async () => {
    for (const o of writeOps) {
      for (const bad of ['{"a":', "{'a': 1}", '{"a": 1,}', '{"a": undefined}', 'nul', '{"a": 1}}', '\u0000']) {
        const body = expectProblem(await send(o, bad), 400, 'REQUEST.MALFORMED_JSON');
        expect(body.detail).not.toMatch(/Unexpected token|position \d+/); // no parser internals
      }
    }
  });

  it('an empty body with a JSON content type → 400', async () => {
    for (const { o } of bodyOps) expectProblem(await send(o, ''), 400);
  });

  it('__proto__ / constructor.prototype pollution attempts → 400, prototype untouched', async () => {
    for (const { o, base } of bodyOps) {
      const inner = JSON.stringify(base).slice(1, -1);
      for (const bad of [`{"__proto__": {"polluted": 1}, ${inner}}`, `{"constructor": {"prototype": {"polluted": 1}}, ${inner}}`]) {
        expectProblem(await send(o, bad), 400);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a JSON array, string, number, boolean or null where an object is expected → 400 VALIDATION.FAILED', async () => {
    for (const { o, base } of bodyOps) {
      for (const bad of [JSON.stringify([base]), '[]', '"a string"', '42', 'true', 'null']) {
        const body = expectProblem(await send(o, bad), 400);
        if (bad !== 'null') expect(body.code, `${label(o)} ${bad}`).toBe('VALIDATION.FAILED');
      }
    }
  });

  it('one wrong field at a time (types, ranges, fractions, lengths, enums, unknown and missing fields) → 400 VALIDATION.FAILED naming the field', WALK, async () => {
    let count = 0;
    for (const { o, schema, base } of bodyOps) {
      for (const m of mutations(schema, base)) {
        count += 1;
        const res = await send(o, JSON.stringify(m.body));
        const body = expectProblem(res, 400, 'VALIDATION.FAILED');
        const fields = (body.errors ?? []).map((e) => e.field);
        expect(fields, `${label(o)} ${m.what}: ${res.body.slice(0, 400)}`).toContain(m.field);
        for (const e of body.errors ?? []) expect(typeof e.message).toBe('string');
      }
    }
    expect(count).toBeGreaterThan(150);
  });

  it('bodies above the 1 MiB limit → 413 REQUEST.BODY_TOO_LARGE', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10) });
    for (const o of writeOps) expectProblem(await send(o, big), 413, 'REQUEST.BODY_TOO_LARGE');
    // Just below the limit is parsed (and refused by validation, not by size).
    const categories = bodyOps.find((b) => b.o.method === 'POST' && b.o.path === '/api/admin/categories');
    expect(categories).toBeDefined();
    const near = JSON.stringify({ name: 'x'.repeat(1024 * 1024 - 100) });
    expectProblem(await send(categories!.o, near), 400, 'VALIDATION.FAILED');
  });

  it('unsupported content types → 415 REQUEST.UNSUPPORTED_MEDIA_TYPE (text/plain → 400)', async () => {
    for (const { o, base } of bodyOps) {
      for (const type of ['application/x-www-form-urlencoded', 'application/xml', 'image/png']) {
        // RFC 8058: the one-click unsubscribe POST is a form (`List-Unsubscribe=One-Click`) by design.
        if (type === 'application/x-www-form-urlencoded' && o.path === '/api/newsletters/unsubscribe') continue;
        expectProblem(await send(o, JSON.stringify(base), type), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
      }
      // Fastify parses text/plain as a string by default: refused by validation (the body must be an object).
      expectProblem(await send(o, JSON.stringify(base), 'text/plain'), 400, 'VALIDATION.FAILED');
    }
  });

  it('over-long path ids → 400 VALIDATION.FAILED (65–100 chars) and a 4xx problem document beyond', async () => {
    const failures: string[] = [];
    for (const o of writeOps.filter((w) => w.path.includes('{'))) {
      const body = JSON.stringify(bodyOps.find((b) => b.o === o)?.base ?? {});
      const res = await send(o, body, 'application/json', fillPath(o.path, 'x'.repeat(80)));
      if (res.statusCode !== 400) failures.push(`${label(o)} 80-char id → ${res.statusCode}`);
      failures.push(...problemIssues(res));
      const huge = await send(o, body, 'application/json', fillPath(o.path, 'x'.repeat(300)));
      if (problemIssues(huge).length > 0) failures.push(`${label(o)} 300-char id → ${huge.statusCode} ${String(huge.headers['content-type'])} x-request-id=${String(huge.headers['x-request-id'])} ${huge.body.slice(0, 60)}`);
    }
    expect(failures).toEqual([]);
  });

  it('left every table exactly as it was', async () => {
    expect(requests).toBeGreaterThan(300);
    expect(await fingerprint(app.database)).toEqual(before);
  });
});

describe('absurd paging on every list operation', () => {
  it('limit=100000, limit=-1, limit=0, limit=abc, limit=1.5, page=0, page=-1, page=abc → 400 VALIDATION.FAILED', async () => {
    for (const o of listOps) {
      const hasPage = (o.op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'page');
      expect(hasPage, label(o)).toBe(true);
      const bad = ['limit=100000', 'limit=-1', 'limit=0', 'limit=abc', 'limit=1.5', 'limit=', 'limit=1e3', 'page=0', 'page=-1', 'page=abc', 'page=1.5', 'limit=10&limit=20'];
      for (const q of bad) {
        const res = await app.inject({ url: `${fillPath(o.path)}?${q}`, headers: auth() });
        const body = expectProblem(res, 400, 'VALIDATION.FAILED');
        expect(body.errors?.[0]?.field, `${label(o)}?${q}`).toMatch(/^querystring\/(limit|page)$/);
      }
    }
  });

  it('huge page numbers answer 400 or an empty page, never 5xx', async () => {
    const failures: string[] = [];
    for (const o of listOps) {
      for (const q of ['page=100000', 'page=2147483648', 'page=99999999999999', 'page=1e400', 'page=Infinity', 'limit=100&page=99999']) {
        const res = await app.inject({ url: `${fillPath(o.path)}?${q}`, headers: auth() });
        if (res.statusCode === 200) {
          const page = res.json() as { data?: unknown[]; rows?: unknown[] };
          // A paged list is `data`, or the `rows` of an analysis document.
          if ((page.data ?? page.rows ?? [null]).length !== 0) failures.push(`${label(o)}?${q} → non-empty page`);
        } else if (res.statusCode !== 400 && !(o.path.includes('{') && res.statusCode === 404)) failures.push(`${label(o)}?${q} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        else failures.push(...problemIssues(res));
      }
    }
    expect(failures).toEqual([]);
  });

  it('accepts the documented bounds (limit=1, limit=100, page=1)', async () => {
    for (const o of listOps) {
      for (const q of ['limit=1', 'limit=100', 'page=1&limit=100']) {
        const res = await app.inject({ url: `${fillPath(o.path)}?${q}`, headers: auth() });
        if (o.path.includes('{')) expect(res.statusCode, `${label(o)}?${q}: ${res.body}`).toBe(404);
        else expect(res.statusCode, `${label(o)}?${q}: ${res.body.slice(0, 300)}`).toBe(200);
      }
    }
  });
});

describe('hostile strings are inert', () => {
  let category: string;

  it('are stored and echoed byte for byte in names, titles, descriptions and reasons', async () => {
    const parent = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(), payload: { name: SQL_INJECTION } });
    expect(parent.statusCode, parent.body).toBe(201);
    expect(parent.json().name).toBe(SQL_INJECTION);
    expect(parent.json().slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const leaf = await app.inject({ method: 'POST', url: '/api/admin/categories', headers: auth(), payload: { name: HTML_INJECTION, parentId: parent.json().id } });
    expect(leaf.statusCode, leaf.body).toBe(201);
    category = leaf.json().id;
    expect(leaf.json().name).toBe(HTML_INJECTION);
    expect(leaf.json().slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);

    for (const [i, text] of HOSTILE.entries()) {
      const res = await app.inject({
        method: 'POST', url: '/api/admin/products', headers: auth(),
        payload: { title: text, description: `${text} ${HTML_INJECTION}`, status: 'active', categoryId: category, images: [{ url: 'https://example.test/a.jpg', alt: text }], variants: [{ sku: `HOSTILE-${i}`, title: text, options: { [text]: text }, price: { amount: 100, currency: 'GBP' } }] },
      });
      expect(res.statusCode, res.body).toBe(201);
      const p = res.json();
      expect(p.title).toBe(text);
      expect(p.description).toBe(`${text} ${HTML_INJECTION}`);
      expect(p.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.variants[0].options[text]).toBe(text);
      const again = await app.inject({ url: `/api/products/${p.id}` });
      expect(again.statusCode).toBe(200);
      expect(again.headers['content-type']).toMatch(/^application\/json/);
      expect(again.json().title).toBe(text);
      expect(again.json().category.name).toBe(HTML_INJECTION);
      const moved = await app.inject({ method: 'POST', url: '/api/admin/inventory/movements', headers: auth(), payload: { sku: `HOSTILE-${i}`, quantity: 3, type: 'receipt', reason: text } });
      expect(moved.statusCode, moved.body).toBe(201);
      expect(moved.json().movement.reason).toBe(text);
    }
    // Names are names (letters, spaces, ' - .): hostile text there is refused, not stored.
    const me = await app.inject({ method: 'PATCH', url: '/api/users/me', headers: auth(), payload: { firstName: SQL_INJECTION, lastName: HTML_INJECTION } });
    expectProblem(me, 400, 'VALIDATION.FAILED');
    const named = await app.inject({ method: 'PATCH', url: '/api/users/me', headers: auth(), payload: { firstName: 'Zoë', lastName: 'O’Brien-Núñez' } });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json()).toMatchObject({ firstName: 'Zoë', lastName: 'O’Brien-Núñez' });
  });

  it('are found by search and filters as plain text', async () => {
    await app.relay.drain();
    const admin = await app.inject({ url: `/api/admin/products?q=${encodeURIComponent("drop table")}`, headers: auth() });
    expect(admin.statusCode, admin.body).toBe(200);
    expect(admin.json().data.map((p: { title: string }) => p.title)).toContain(SQL_INJECTION);
    const html = await app.inject({ url: `/api/admin/products?q=${encodeURIComponent('<script>')}`, headers: auth() });
    expect(html.statusCode, html.body).toBe(200);
    expect(html.json().data.map((p: { title: string }) => p.title)).toContain(HTML_INJECTION);
    const search = await app.inject({ url: `/api/search?q=${encodeURIComponent('drop table')}` });
    expect(search.statusCode, search.body).toBe(200);
    expect(search.json().data.map((p: { title: string }) => p.title)).toContain(SQL_INJECTION);
    // PostgreSQL's text-search parser would read `<script>…</script>` as markup and index nothing;
    // search turns `<` and `>` into spaces first, so the words stay findable as plain text.
    const tagged = await app.inject({ url: `/api/search?q=alert` });
    expect(tagged.json().data.map((p: { title: string }) => p.title)).toContain(HTML_INJECTION);
  });

  it('in every query parameter and path id of every operation → a 4xx problem document, never 5xx', WALK, async () => {
    const ops = operations(doc);
    // Offenders grouped by (status, code, what is wrong), with a few example URLs each.
    const offenders: Record<string, { count: number; examples: string[] }> = {};
    // Pre-encoded: hostile text, a NUL, invalid UTF-8, a lone surrogate, a bare %, a truncated escape, path traversal.
    const encoded = [...HOSTILE.map(encodeURIComponent), encodeURIComponent('a\u0000b'), '%FF%FE', '%ED%A0%80', '%25', '%E0%A4%A', '..%2f..%2fetc%2fpasswd'];
    let count = 0;
    for (const o of ops) {
      const stringParams = (o.op.parameters ?? []).filter((p) => p.in === 'query' && mainBranch(p.schema ?? {}).type === 'string' && !mainBranch(p.schema ?? {}).enum);
      for (const value of encoded) {
        const urls = [
          ...stringParams.map((p) => `${fillPath(o.path)}?${p.name}=${value}`),
          ...(o.path.includes('{') ? [o.path.replace(/\{[^}]+\}/g, value)] : []),
        ];
        for (const url of urls) {
          count += 1;
          const write = WRITE_METHODS.has(o.method);
          const res = await app.inject({ method: o.method, url, headers: { ...auth(), ...(write ? { 'content-type': 'application/json' } : {}) }, ...(write ? { payload: '{}' } : {}) });
          const issues = problemIssues(res);
          if (issues.length === 0) continue;
          let code = '?';
          try {
            code = String((res.json() as { code?: unknown }).code);
          } catch {
            /* not JSON */
          }
          const key = `${res.statusCode} ${code}: ${issues.map((i) => i.split(':')[0]).join(', ')}`;
          const entry = (offenders[key] ??= { count: 0, examples: [] });
          entry.count += 1;
          if (entry.examples.length < 4) entry.examples.push(`${o.method} ${url}`);
        }
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(offenders).toEqual({});
  });

  it('every numeric query and path parameter declares its bounds (schema audit)', () => {
    const unbounded: string[] = [];
    for (const o of operations(doc)) {
      for (const p of o.op.parameters ?? []) {
        if (p.in !== 'query' && p.in !== 'path') continue;
        const s = mainBranch(p.schema ?? {});
        if ((s.type === 'integer' || s.type === 'number') && (s.minimum === undefined || s.maximum === undefined)) unbounded.push(`${label(o)} ${p.in} ${p.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('out-of-range, malformed and over-long values in every query parameter and path parameter → 2xx or a 4xx problem document, never 5xx', WALK, async () => {
    const ops = operations(doc);
    const offenders: string[] = [];
    // Beyond PostgreSQL integer / bigint, below zero, fractions, exponents, non-numbers, empty.
    const numbers = ['2147483648', '-2147483649', '9223372036854775808', '99999999999999999999999', '-1', '0', '1.5', '1e400', '1e3', 'Infinity', 'NaN', 'abc', '', '0x10', '%20'];
    // Outside PostgreSQL's timestamp range, impossible dates, odd zones.
    const dates = ['+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T25:00:00Z', '2024-01-01', 'yesterday', ''];
    const texts = ['x'.repeat(5000), '%00', '', '%20%20'];
    const valuesFor = (schema: JsonSchema): string[] => {
      const s = mainBranch(schema);
      if (s.type === 'integer' || s.type === 'number') return numbers;
      if (s.format === 'date-time' || s.format === 'date') return dates;
      return [...texts, ...numbers.slice(0, 4)];
    };
    let count = 0;
    for (const o of ops) {
      const params = (o.op.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path');
      const write = WRITE_METHODS.has(o.method);
      for (const p of params) {
        for (const value of valuesFor(p.schema ?? {})) {
          const url = p.in === 'query'
            ? `${fillPath(o.path)}?${p.name}=${value}`
            : o.path.replace(new RegExp(`\\{${p.name}\\}`), value === '' ? '%20' : value).replace(/\{[^}]+\}/g, 'zz_dummy_01');
          count += 1;
          const res = await app.inject({ method: o.method, url, headers: { ...auth(), ...(write ? { 'content-type': 'application/json' } : {}) }, ...(write ? { payload: '{}' } : {}) });
          if (res.statusCode >= 200 && res.statusCode < 300) continue;
          offenders.push(...problemIssues(res));
        }
      }
    }
    expect(count).toBeGreaterThan(300);
    expect(offenders).toEqual([]);
  });

  it('NUL characters in JSON strings are refused with 4xx or stored, never 5xx', async () => {
    const failures: string[] = [];
    const nul = 'a\u0000b';
    const attempts: [string, string, Record<string, unknown>][] = [
      ['POST', '/api/admin/categories', { name: nul }],
      ['POST', '/api/admin/products', { title: nul, categoryId: category, variants: [{ sku: 'NUL-1', price: { amount: 1, currency: 'GBP' } }] }],
      ['POST', '/api/admin/products', { title: 'ok', description: nul, categoryId: category, variants: [{ sku: 'NUL-2', price: { amount: 1, currency: 'GBP' } }] }],
      ['POST', '/api/admin/inventory/movements', { sku: 'HOSTILE-0', quantity: 1, type: 'receipt', reason: nul }],
      ['POST', '/api/admin/inventory/movements', { sku: nul, quantity: 1, type: 'receipt', reason: 'x' }],
      ['POST', '/api/inventory/availability', { items: [{ sku: nul, quantity: 1 }] }],
      ['POST', '/api/auth/login', { email: `x${nul}@example.test`, password: 'whatever password' }],
      ['POST', '/api/auth/register', { email: 'nul.user@example.test', password: 'correct horse battery', firstName: nul }],
      ['POST', '/api/auth/refresh', { refreshToken: nul }],
      ['PATCH', '/api/users/me', { firstName: nul }],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await app.inject({ method: method as 'POST', url, headers: auth(), payload });
      failures.push(...problemIssues(res).map((i) => `${i} ${JSON.stringify(payload)}`));
    }
    expect(failures).toEqual([]);
  });

  it('left every table in place', async () => {
    const tables = await userTables(app.database);
    for (const t of ['catalog.product', 'catalog.variant', 'catalog.stock_movement', 'catalog.category', 'identity.users']) expect(tables, t).toContain(t);
    const [products] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from catalog.product`);
    expect(products?.n).toBeGreaterThanOrEqual(HOSTILE.length);
    const [users] = await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from identity.users`);
    expect(users?.n).toBeGreaterThanOrEqual(1);
  });
});

describe('the multipart upload route', () => {
  const url = '/api/admin/imports';
  const upload = { method: 'POST', path: url, op: {} } as Op;

  it('refuses a JSON body with 415', async () => {
    expectProblem(await send(upload, '{}'), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await send(upload, JSON.stringify({ file: 'a,b,c' })), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses raw CSV / text bodies with 415', async () => {
    expectProblem(await send(upload, 'InvoiceNo,StockCode\n1,2\n', 'text/csv'), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await send(upload, 'x', 'text/plain'), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  const boundary = 'comptoirBoundary42';
  const multipart = `multipart/form-data; boundary=${boundary}`;
  let before: Awaited<ReturnType<typeof fingerprint>>;

  /** Sends each case; returns what did not answer a 400 problem document. */
  async function expect400(cases: [string, string, string][]): Promise<string[]> {
    const failures: string[] = [];
    for (const [what, payload, contentType] of cases) {
      const res = await send(upload, payload, contentType);
      if (res.statusCode !== 400) failures.push(`${what}: ${res.statusCode} ${res.body.slice(0, 160)}`);
      else failures.push(...problemIssues(res).map((i) => `${what}: ${i}`));
    }
    return failures;
  }

  it('refuses an empty multipart body, or one without a file, with 400 IMPORT.NO_FILE', async () => {
    before = await fingerprint(app.database);
    expect(await expect400([
      ['closing boundary only', `--${boundary}--\r\n`, multipart],
      ['empty body', '', multipart],
      ['a field but no file', `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`, multipart],
    ])).toEqual([]);
    const res = await send(upload, `--${boundary}--\r\n`, multipart);
    expectProblem(res, 400, 'IMPORT.NO_FILE');
  });

  it('refuses malformed multipart (no boundary, garbage, truncated) with 400, not 500', async () => {
    expect(await expect400([
      ['no boundary parameter', `--${boundary}--\r\n`, 'multipart/form-data'],
      ['not multipart at all', 'not multipart at all', multipart],
      ['truncated (no closing boundary)', `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nInvoiceNo`, multipart],
    ])).toEqual([]);
  });

  it('refuses bad query options with 400 VALIDATION.FAILED before reading the upload', async () => {
    const file = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nInvoiceNo\r\n--${boundary}--\r\n`;
    for (const q of ['source=other', 'dateFormat=yyyy', 'openingStock=-1', 'openingStock=1.5', 'openingStock=abc', 'openingStock=1000001']) {
      expectProblem(await send(upload, file, multipart, `${url}?${q}`), 400, 'VALIDATION.FAILED');
    }
  });

  it('wrote nothing (no import job) for any refused upload', async () => {
    expect(await fingerprint(app.database)).toEqual(before);
  });

  it('takes the CSV only from the documented field `file` (another field name → 400)', async () => {
    expect(await expect400([
      ['a file under another field name', `--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="a.csv"\r\n\r\nInvoiceNo\r\n--${boundary}--\r\n`, multipart],
    ])).toEqual([]);
  });
});
