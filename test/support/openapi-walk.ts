/**
 * Helpers for the cross-module contract tests: walk the live OpenAPI document, build a valid
 * request body from an operation's schema (and one-field mutations of it), check that an error
 * response is a well-formed problem document, and fingerprint every table of the database.
 */
import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { rows, type Database } from '../../src/platform/db/index.js';

/** A JSON Schema as it appears in the OpenAPI document (only the members the walk reads). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  [key: string]: unknown;
}

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  'x-permission'?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}

export interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, Record<string, unknown>> };
}

/** One operation of the document: upper-case method, OpenAPI path template (`/x/{id}`). */
export interface Op {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  op: Operation;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every operation of `doc`, in document order. */
export function operations(doc: OpenApiDoc): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (op) out.push({ method: m.toUpperCase() as Op['method'], path, op });
    }
  }
  return out;
}

/** `path` with every `{param}` replaced by `value` (URL-encoded). */
export function fillPath(path: string, value = 'zz_dummy_01'): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
}

export const label = (o: Op) => `${o.method} ${o.path}`;

/** Follows a local `$ref` (`#/components/schemas/X`) once. */
export function resolve(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) {
    const ref = s.$ref;
    const prefix = '#/components/schemas/';
    if (!ref.startsWith(prefix)) throw new Error(`Unsupported $ref ${ref}`);
    const target = doc.components?.schemas?.[decodeURIComponent(ref.slice(prefix.length))];
    if (!target) throw new Error(`Dangling $ref ${ref}`);
    s = target;
  }
  return s;
}

/** `schema` with every local `$ref` inlined (request bodies are not recursive; depth-guarded). */
export function derefDeep(doc: OpenApiDoc, schema: unknown, depth = 0): unknown {
  if (depth > 30) throw new Error('Schema too deep (recursive $ref in a request body?)');
  if (Array.isArray(schema)) return schema.map((s) => derefDeep(doc, s, depth + 1));
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as JsonSchema;
  if (s.$ref) return derefDeep(doc, resolve(doc, s), depth + 1);
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, derefDeep(doc, v, depth + 1)]));
}

/** The JSON request body schema of `o`, dereferenced, if it declares one. */
export function bodySchema(doc: OpenApiDoc, o: Op): JsonSchema | undefined {
  const schema = o.op.requestBody?.content?.['application/json']?.schema;
  return schema ? (derefDeep(doc, schema) as JsonSchema) : undefined;
}

/** The JSON types a schema admits (`integer` implies `number` is NOT admitted). */
export function admittedTypes(schema: JsonSchema): Set<string> {
  const out = new Set<string>();
  const visit = (s: JsonSchema) => {
    if (s.const !== undefined) out.add(s.const === null ? 'null' : typeof s.const === 'number' ? 'number' : typeof s.const);
    if (s.enum) for (const v of s.enum) out.add(v === null ? 'null' : typeof v);
    if (typeof s.type === 'string') out.add(s.type);
    if (Array.isArray(s.type)) for (const t of s.type) out.add(t);
    for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) visit(b);
  };
  visit(schema);
  return out;
}

const isNullSchema = (s: JsonSchema) => s.type === 'null' || s.const === null;

/** The first non-null branch of a union, or the schema itself. */
export function mainBranch(schema: JsonSchema): JsonSchema {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && branches.length > 0) return mainBranch(branches.find((b) => !isNullSchema(b)) ?? (branches[0] as JsonSchema));
  return schema;
}

function typeOf(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  if (s.properties) return 'object';
  return undefined;
}

const STRING_CANDIDATES = ['sample text', 'abc', 'ABC', 'abc-1', 'A1', 'x', 'GB', '123', '4242424242424242', '2024-01-02'];

function exampleString(s: JsonSchema): string {
  if (s.format === 'email') return 'qa.contract@example.test';
  if (s.format === 'date-time') return '2024-01-02T03:04:05.000Z';
  if (s.format === 'date') return '2024-01-02';
  if (s.format === 'uri' || s.format === 'url') return 'https://example.test/x';
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Infinity;
  const fits = (v: string) => v.length >= min && v.length <= max && (!s.pattern || new RegExp(s.pattern, 'u').test(v));
  const documented = Array.isArray(s.examples) ? s.examples.find((e): e is string => typeof e === 'string' && fits(e)) : undefined;
  if (documented !== undefined) return documented;
  const found = STRING_CANDIDATES.find(fits);
  if (found !== undefined) return found;
  const padded = 'a'.repeat(Math.max(min, 1));
  if (fits(padded)) return padded;
  throw new Error(`Cannot build an example string for ${JSON.stringify(s)}`);
}

/** A value that satisfies `schema` (every declared property filled, one item per array). */
export function example(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.anyOf || schema.oneOf) return example(mainBranch(schema));
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => example(s) as object));
  switch (typeOf(schema)) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, example(v)]));
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () => example(schema.items ?? {}));
    case 'string':
      return exampleString(schema);
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? 1;
      const v = Math.max(lo, 1);
      return schema.maximum !== undefined ? Math.min(v, schema.maximum) : v;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** One leaf (or node) of a body, with the schema that governs it. `pointer` is `/a/0/b`. */
export interface Node {
  pointer: string;
  path: (string | number)[];
  schema: JsonSchema;
}

/** Every node of `value` under `schema` (objects, arrays and leaves), depth-first, root excluded. */
export function nodes(schema: JsonSchema, value: unknown, path: (string | number)[] = []): Node[] {
  const s = mainBranch(schema);
  const out: Node[] = [];
  if (typeOf(s) === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      if (!(k in (value as object))) continue;
      const p = [...path, k];
      out.push({ pointer: `/${p.join('/')}`, path: p, schema: sub });
      out.push(...nodes(sub, (value as Record<string, unknown>)[k], p));
    }
  }
  if (typeOf(s) === 'array' && Array.isArray(value) && s.items) {
    value.forEach((item, i) => {
      const p = [...path, i];
      out.push({ pointer: `/${p.join('/')}`, path: p, schema: s.items as JsonSchema });
      out.push(...nodes(s.items as JsonSchema, item, p));
    });
  }
  return out;
}

/** Every object schema reachable from `schema` (with its pointer), for the strictness audit. */
export function objectSchemas(schema: JsonSchema, value: unknown): { pointer: string; schema: JsonSchema }[] {
  const root = mainBranch(schema);
  const all = [{ pointer: '', schema: root }, ...nodes(schema, value).map((n) => ({ pointer: n.pointer, schema: mainBranch(n.schema) }))];
  return all.filter((n) => typeOf(n.schema) === 'object' && n.schema.properties);
}

/** A deep copy of `value` with the node at `path` replaced (or deleted when `replacement` is DELETE). */
export const DELETE = Symbol('delete');
export function withAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === DELETE) delete cur[last];
  else cur[last] = replacement;
  return copy;
}

/** A bad body derived from the valid one, and the field the 400 must name (`body/…`). */
export interface Mutation {
  what: string;
  body: unknown;
  field: string;
}

/**
 * One-field mutations of a valid `base`: wrong JSON type for every node, out-of-range and
 * fractional integers, over-long and empty strings, values outside enums, too many / too few
 * array items, missing required properties and unknown properties on every object.
 */
export function mutations(schema: JsonSchema, base: unknown): Mutation[] {
  const out: Mutation[] = [];
  const field = (pointer: string) => `body${pointer}`;
  for (const n of nodes(schema, base)) {
    const s = mainBranch(n.schema);
    const types = admittedTypes(n.schema);
    if (types.size === 0 && typeOf(s)) types.add(typeOf(s) as string);
    const at = (what: string, v: unknown) => out.push({ what: `${n.pointer}: ${what}`, body: withAt(base, n.path, v), field: field(n.pointer) });
    // Wrong JSON type.
    if (types.has('integer') || types.has('number')) at('string instead of a number', '12');
    else if (types.has('string')) at('number instead of a string', 12);
    else if (types.has('boolean')) at('string instead of a boolean', 'true');
    else if (types.has('object')) at('string instead of an object', 'x');
    else if (types.has('array')) at('object instead of an array', {});
    if (types.has('object') || types.has('array')) {
      if (!types.has('number') && !types.has('integer')) at('number instead of an object/array', 7);
    }
    // Numbers: range and fractions.
    if (typeOf(s) === 'integer' || typeOf(s) === 'number') {
      if (s.minimum !== undefined) at(`below minimum ${s.minimum}`, s.minimum - 1);
      if (s.maximum !== undefined) at(`above maximum ${s.maximum}`, s.maximum + 1);
      if (typeOf(s) === 'integer') at('fractional', (typeof s.minimum === 'number' ? Math.max(s.minimum, 0) : 0) + 1.5);
      if (typeOf(s) === 'integer') at('NaN-like string', 'NaN');
    }
    // Strings: length, enums, patterns.
    if (typeOf(s) === 'string' && s.enum === undefined && s.const === undefined) {
      if (s.maxLength !== undefined) at(`longer than ${s.maxLength}`, 'x'.repeat(s.maxLength + 1));
      if ((s.minLength ?? 0) > 0) at('empty string', '');
      if (s.pattern) at(`not matching ${s.pattern}`, '!! not valid !!');
      if (s.format === 'email') at('not an email', 'not-an-email');
    }
    const literalUnion = (n.schema.anyOf ?? []).length > 0 && (n.schema.anyOf ?? []).every((b) => b.const !== undefined);
    if (s.enum || s.const !== undefined || literalUnion) {
      at('value outside the enum', 'zz-not-a-member');
    }
    // Arrays: bounds.
    if (typeOf(s) === 'array') {
      if ((s.minItems ?? 0) > 0) at('empty array', []);
      if (s.maxItems !== undefined) {
        const current = nodeValue(base, n.path);
        const item = (Array.isArray(current) ? current[0] : undefined) ?? example(s.items ?? {});
        at(`more than ${s.maxItems} items`, Array.from({ length: s.maxItems + 1 }, () => structuredClone(item)));
      }
    }
  }
  // Missing required properties and unknown properties, on the root and every nested object.
  for (const obj of objectSchemas(schema, base)) {
    const path = obj.pointer ? obj.pointer.slice(1).split('/').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) : [];
    const target = path.length ? nodeValue(base, path) : base;
    if (!target || typeof target !== 'object') continue;
    for (const req of obj.schema.required ?? []) {
      const p = [...path, req];
      out.push({ what: `${obj.pointer}/${req}: missing required property`, body: withAt(base, p, DELETE), field: field(`${obj.pointer}/${req}`) });
    }
    for (const extra of ['unexpected', '__proto__x', 'constructor']) {
      const p = [...path, extra];
      out.push({ what: `${obj.pointer}/${extra}: unknown property`, body: withAt(base, p, 1), field: field(`${obj.pointer}/${extra}`) });
    }
  }
  return out;
}

function nodeValue(value: unknown, path: (string | number)[]): unknown {
  let cur = value as Record<string | number, unknown> | undefined;
  for (const key of path) cur = cur?.[key] as Record<string | number, unknown> | undefined;
  return cur;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

/** Validates `value` against a (dereferenced) schema with Ajv; returns the errors, empty when valid. */
export function schemaErrors(schema: JsonSchema, value: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * Asserts `res` is a well-formed error: status 4xx (never 5xx), RFC 9457 problem+json with a
 * stable `code`, `status` equal to the HTTP status, and an `x-request-id` header. Returns the body.
 */
export function expectProblem(res: LightMyRequestResponse, status?: number, code?: string): { code: string; status: number; errors?: { field: string; message: string }[]; detail: string; requestId?: string } {
  const where = `${res.raw.req.method} ${res.raw.req.url} → ${res.statusCode} ${res.body.slice(0, 500)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
  if (status !== undefined) expect(res.statusCode, where).toBe(status);
  expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
  expect(res.headers['x-request-id'], where).toMatch(/^[\w.:-]{1,128}$/);
  const body = res.json() as { code: string; status: number; title: string; type: string; detail: string; requestId?: string; errors?: { field: string; message: string }[] };
  expect(typeof body.code, where).toBe('string');
  expect(body.code, where).toMatch(/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)*$/);
  expect(body.status, where).toBe(res.statusCode);
  expect(body.type, where).toBe(`urn:comptoir:problem:${body.code}`);
  expect(typeof body.title, where).toBe('string');
  expect(typeof body.detail, where).toBe('string');
  if (body.requestId !== undefined) expect(body.requestId, where).toBe(res.headers['x-request-id']);
  if (code !== undefined) expect(body.code, where).toBe(code);
  // 4xx details never leak internals.
  expect(res.body, where).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|SELECT |INSERT INTO/i);
  return body;
}

/**
 * What is wrong with `res` as an error answer (empty when it is a well-formed 4xx problem
 * document with a request id): the non-throwing twin of {@link expectProblem}, for walks that
 * report every offender at once.
 */
export function problemIssues(res: LightMyRequestResponse): string[] {
  const where = `${res.raw.req.method} ${res.raw.req.url} → ${res.statusCode} ${String(res.headers['content-type'])} ${res.body.slice(0, 200)}`;
  const issues: string[] = [];
  if (res.statusCode >= 500) issues.push(`5xx: ${where}`);
  if (res.statusCode < 400) return issues;
  if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) issues.push(`not problem+json: ${where}`);
  if (!res.headers['x-request-id']) issues.push(`no x-request-id: ${where}`);
  try {
    const body = res.json() as { code?: unknown; status?: unknown };
    if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)*$/.test(body.code)) issues.push(`unstable code ${String(body.code)}: ${where}`);
    if (body.status !== res.statusCode) issues.push(`status member ${String(body.status)}: ${where}`);
  } catch {
    issues.push(`not JSON: ${where}`);
  }
  return issues;
}

/** Every base table outside the system and migration schemas, as `"schema"."table"`. */
export async function userTables(database: Database): Promise<string[]> {
  const found = await rows<{ t: string }>(
    database.db,
    sql`select format('%I.%I', table_schema, table_name) as t from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'drizzle')
        order by 1`,
  );
  return found.map((r) => r.t);
}

/** Row count and a content hash of every user table: any insert, update or delete changes it. */
export async function fingerprint(database: Database): Promise<Record<string, { rows: number; hash: string }>> {
  const out: Record<string, { rows: number; hash: string }> = {};
  for (const table of await userTables(database)) {
    const [r] = await rows<{ n: number; h: string }>(
      database.db,
      sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from ${table} t`),
    );
    out[table] = { rows: r?.n ?? -1, hash: r?.h ?? '' };
  }
  return out;
}
