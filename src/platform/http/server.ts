import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifySchemaCompiler, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import helmet, { type HelmetOptions } from 'helmet';
import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import { Type } from '@sinclair/typebox';
import fastifyStatic from '@fastify/static';
import compress from '@fastify/compress';
import { Ajv, type ValidateFunction } from 'ajv';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import addFormatsModule from 'ajv-formats';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { AppError, badRequest, forbidden, unauthorized } from '../errors.js';
import { hasPermission, type AuthUser, type TokenService } from '../auth.js';
import { tracing } from '../observability/tracing.js';
import { newId } from '../ids.js';
import { projectRoot } from '../paths.js';
import { ProblemSchema, sendProblem } from './problem.js';
import './site.js';
import { AUTH_COOKIE_PATH, CSRF_COOKIE, CSRF_HEADER, cookieAttributes, secureCookies } from './session.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified principal of the bearer token, or null for anonymous requests. */
    user: AuthUser | null;
  }
  interface FastifyContextConfig {
    /** Permission (`resource:action`) the route requires; implies authentication. */
    permission?: string;
    /** `required`: any signed-in user. Routes with `permission` need no `auth`. */
    auth?: 'required';
    /**
     * Which configured per-IP limit the route takes (see {@link HttpServerOptions.rateLimits});
     * without it, a write route outside `/api/admin` takes the `write` limit. A route that sets
     * `rateLimit` itself keeps it.
     */
    rateLimitGroup?: RateLimitGroup;
  }
}

/**
 * The per-IP rate limits a route can take: `cartCreation` (`POST /api/carts`), `checkout`
 * (`POST /api/orders`), `write` (every other anonymous or customer write route).
 */
export type RateLimitGroup = 'cartCreation' | 'checkout' | 'write';

/** The Fastify instance every module registers its routes on (TypeBox type provider). */
export type HttpServer = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What {@link buildHttpServer} needs. Sizes in bytes. */
export interface HttpServerOptions {
  logger: Logger;
  tokens: TokenService;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Shown in the OpenAPI document. */
  version: string;
  /** Built web app (index.html + assets) to serve at `/`, with index.html for client-side routes. */
  webRoot?: string;
  /**
   * Requests per minute per client IP of each {@link RateLimitGroup}; 0 or absent: no limit.
   * Each route counts on its own; `/api/admin/*` and provider webhooks (`/api/payments/webhooks/*`,
   * signed, sent from the provider's few addresses) take no default limit.
   */
  rateLimits?: Partial<Record<RateLimitGroup, number>>;
  /**
   * Reverse proxies (addresses, CIDR ranges, proxy-addr keywords) whose `X-Forwarded-For` gives
   * the client IP (`request.ip`, the key of every rate limit); empty or absent: none is trusted.
   */
  trustProxy?: string[];
  /** Registry `/metrics` exposes, shared with other metric sources (background jobs); default a new one. */
  metrics?: Registry;
  /** Bearer token that reads `/metrics`; absent → `/metrics` answers 404 `METRICS.DISABLED`. */
  metricsToken?: string;
  /** Where shoppers reach the shop (`PUBLIC_URL`): https turns on HSTS; see session.ts for cookies. */
  publicUrl: string;
  /** Secret signing cookies (the CSRF secret's cookie); keep it stable across restarts and replicas. */
  cookieSecret: string;
  /** Third-party origins the pages may use besides their own (e.g. Stripe.js): see {@link ThirdPartySources}. */
  thirdParty?: ThirdPartySources;
}

/**
 * Origins (`https://js.stripe.com`) a payment processor's browser script needs, added to the CSP
 * next to `'self'`: `script` → `script-src`, `frame` → `frame-src` (its iframes), `connect` →
 * `connect-src` (its API calls). Empty or absent: nothing is added.
 */
export interface ThirdPartySources {
  script?: string[];
  frame?: string[];
  connect?: string[];
}

/**
 * The Content-Security-Policy directives of every response (helmet syntax). Scripts, styles,
 * images, fonts and API calls come from the shop's own origin only: the built web app has no
 * inline script (Vite emits `<script type="module" src>`), and React sets inline styles through
 * the CSSOM, which CSP does not govern; `'unsafe-inline'` styles stay allowed for the `/docs` UI.
 * Pages may be framed by the shop itself only; `/admin` by nobody (see {@link ADMIN_PATH}).
 * `upgrade-insecure-requests` only when the shop is served over https. `thirdParty` origins (a
 * payment processor's script, iframes and API, when one is configured) are added to `script-src`,
 * `frame-src` and `connect-src`; without them scripts, iframes and API calls stay `'self'` only.
 */
export function contentSecurityPolicy(https: boolean, thirdParty: ThirdPartySources = {}): Record<string, string[]> {
  const withSelf = (origins: string[] = []) => ["'self'", ...new Set(origins)];
  return {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: withSelf(thirdParty.script),
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: withSelf(thirdParty.connect),
    ...(thirdParty.frame?.length ? { frameSrc: withSelf(thirdParty.frame) } : {}),
    objectSrc: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
    ...(https ? { upgradeInsecureRequests: [] } : {}),
  };
}

/** The back office's pages: never framed (CSP `frame-ancestors 'none'`, `X-Frame-Options: DENY`). */
const ADMIN_PATH = /^\/admin(\/|\?|$)/;

/**
 * Smallest body (bytes) compressed on the fly: below it the headers outweigh the saving. Brotli
 * at quality 4 (the plugin's default) costs about as much CPU as gzip level 6 and is smaller.
 */
export const COMPRESS_THRESHOLD_BYTES = 1024;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Path (`body/items/0/sku`) of the first string or key holding a NUL character, if any. */
function findNul(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (!value || typeof value !== 'object' || depth > 32) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}/${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = findNul(child, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Ajv instances by the ids of the external schemas they hold (see {@link ajvPair}). */
const ajvPairs = new Map<string, { bodyAjv: Ajv; queryAjv: Ajv }>();

/**
 * The body (strict) and query/params (coercing) Ajv instances holding `externalSchemas`. Fastify
 * asks for a validator compiler in every encapsulated scope, nearly always with the same shared
 * schemas: one pair per distinct set of schema ids is built (an Ajv instance compiles its
 * meta-schema and formats when made, tens of milliseconds each), so start-up does not grow with
 * the number of route plugins.
 */
function ajvPair(externalSchemas: Record<string, unknown>): { bodyAjv: Ajv; queryAjv: Ajv } {
  const key = Object.keys(externalSchemas).sort().join('\n');
  let pair = ajvPairs.get(key);
  if (!pair) {
    const ajvWith = (coerceTypes: false | 'array') => {
      const ajv = addFormats(new Ajv({ allErrors: true, coerceTypes, removeAdditional: false, useDefaults: true, strict: false, validateSchema: false }));
      for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema as object);
      return ajv;
    };
    pair = { bodyAjv: ajvWith(false), queryAjv: ajvWith('array') };
    ajvPairs.set(key, pair);
  }
  return pair;
}

/**
 * The API's validator compiler: bodies strictly (no type coercion, unknown fields refused),
 * query strings and params with coercion of strings (and single values into arrays); formats
 * (ajv-formats); each validator compiled on first use (Fastify reads `.errors` after a failed
 * call). A multipart/form-data body schema documents the form in OpenAPI only: the multipart
 * plugin streams the parts to the handler, which checks them. `externalSchemas` (those added with
 * `addSchema`) can be referenced by `$ref`. The server's schema controller builds one for every
 * scope (see `buildValidator` in {@link buildHttpServer}), so an encapsulated scope registered
 * after `addSchema` gets it too, never Fastify's lenient default (which coerces body types and
 * drops unknown fields).
 */
function strictValidatorCompiler(externalSchemas: Record<string, unknown> = {}): FastifySchemaCompiler<unknown> {
  const { bodyAjv, queryAjv } = ajvPair(externalSchemas);
  return ({ schema, httpPart, ...rest }) => {
    if (httpPart === 'body' && (rest as { contentType?: string }).contentType === 'multipart/form-data') return () => true;
    const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
    let compiled: ValidateFunction | undefined;
    const validate = (data: unknown) => {
      compiled ??= ajv.compile(schema as object);
      const ok = compiled(data);
      validate.errors = compiled.errors;
      return ok;
    };
    validate.errors = null as ValidateFunction['errors'];
    return validate;
  };
}

/**
 * Builds the HTTP server with the platform's cross-cutting behaviour:
 * - strict JSON bodies (no type coercion, unknown fields rejected), coerced query strings;
 * - every error as RFC 9457 problem+json (see problem.ts), unknown routes as 404 `ROUTE.NOT_FOUND`;
 * - request ids (`x-request-id` honoured when sane, echoed on every response);
 * - bearer-token authentication and per-route `config.permission`; every `/api/admin/*` route
 *   must declare a permission or the server refuses to start;
 * - security headers (helmet: CSP, HSTS when `publicUrl` is https, nosniff, Referrer-Policy,
 *   frame-ancestors 'none' on `/admin`), session cookies with CSRF protection (session.ts);
 * - Prometheus metrics (`/metrics`, behind the `metricsToken` bearer token), OpenAPI 3.1
 *   (`/openapi.json`) and docs UI (`/docs`), per-IP rate limiting (`config.rateLimit` or
 *   `config.rateLimitGroup` per route, and the `write` limit on every anonymous or customer write
 *   route), the client IP taken from `X-Forwarded-For` only behind `trustProxy`; multipart uploads;
 * - compressed answers (brotli or gzip, as the client's `Accept-Encoding` prefers) of every route
 *   registered after it whose body is at least {@link COMPRESS_THRESHOLD_BYTES}; the web app's
 *   files are served from the `.br`/`.gz` siblings its build wrote next to them.
 */
export async function buildHttpServer(options: HttpServerOptions): Promise<{ server: HttpServer; metrics: Registry }> {

  const server = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : newId('req');
    },
    return503OnClosing: true,
    trustProxy: options.trustProxy && options.trustProxy.length > 0 ? options.trustProxy : false,
    // Errors raised before routing (bad URL encoding, over-long params) still get problem+json.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      void sendProblem(new AppError(error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'REQUEST.URL_TOO_LONG' : 'REQUEST.BAD_URL', status, 'The request URL is malformed or too long'), request, reply);
    },
    forceCloseConnections: 'idle',
    // Validators: strict, for every scope. Response serializers are compiled on a route's first
    // response, not at start-up (cold start).
    schemaController: {
      compilersFactory: {
        // Fastify's types want its ajv compiler's shape; any schema compiler is what it calls.
        buildValidator: ((externalSchemas: unknown) => strictValidatorCompiler(externalSchemas as Record<string, unknown>)) as never,
        buildSerializer: (externalSchemas, serializerOptions) => {
          const build = SerializerSelector()(externalSchemas as never, serializerOptions as never);
          return (route) => {
            let serialize: ((data: unknown) => string) | undefined;
            return (data: unknown) => (serialize ??= build(route as never))(data);
          };
        },
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  server.addSchema(ProblemSchema);
  // Tracing on: a span per request (@fastify/otel), registered before every other plugin and route.
  const tracer = tracing();
  if (tracer) await server.register(tracer.fastifyPlugin());
  // Before any route: the plugin hooks each route as it is registered.
  await server.register(compress, { encodings: ['br', 'gzip'], threshold: COMPRESS_THRESHOLD_BYTES });

  // Security headers on every answer (API, web app, docs, files, errors).
  const https = new URL(options.publicUrl).protocol === 'https:';
  const csp = contentSecurityPolicy(https, options.thirdParty);
  // helmet's middleware is built once per policy (the Fastify plugin builds it on every request).
  const headers = {
    contentSecurityPolicy: { useDefaults: false, directives: csp },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'sameorigin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  } satisfies HelmetOptions;
  const pageHeaders = helmet(headers);
  const adminHeaders = helmet({ ...headers, contentSecurityPolicy: { useDefaults: false, directives: { ...csp, frameAncestors: ["'none'"] } }, xFrameOptions: { action: 'deny' } });
  server.addHook('onRequest', (request, reply, done) => {
    (ADMIN_PATH.test(request.url) ? adminHeaders : pageHeaders)(request.raw, reply.raw, (err?: unknown) => done(err as FastifyError | undefined));
  });

  // Session cookies (the refresh token, the CSRF secret): see session.ts.
  server.decorate('secureCookies', secureCookies(options.publicUrl));
  await server.register(cookie, { secret: options.cookieSecret });
  await server.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { ...cookieAttributes(server.secureCookies), signed: true },
    getToken: (request) => {
      const token = request.headers[CSRF_HEADER];
      return typeof token === 'string' ? token : undefined;
    },
  });

  // Metrics: request count and latency per route and status, plus process metrics.
  const metrics = options.metrics ?? new Registry();
  collectDefaultMetrics({ register: metrics });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [metrics] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics],
  });

  server.decorateRequest('user', null);
  server.decorateRequest('site', null);

  server.addHook('onRoute', (route) => {
    const url = route.url;
    const config = (route.config ?? {}) as { permission?: string; auth?: string; rateLimit?: unknown; rateLimitGroup?: RateLimitGroup };
    if (url.startsWith('/api/admin') && !config.permission) {
      throw new Error(`Admin route ${route.method} ${url} must declare config.permission`);
    }
    // Per-IP limits (registered below, read by @fastify/rate-limit's own onRoute hook, which runs after this one).
    const methods = [route.method].flat();
    const write = methods.some((m) => WRITE_METHODS.has(m));
    const group = config.rateLimitGroup ?? (write && url.startsWith('/api/') && !url.startsWith('/api/admin') && !url.startsWith('/api/payments/webhooks') ? 'write' : undefined);
    const max = group ? options.rateLimits?.[group] ?? 0 : 0;
    if (config.rateLimit === undefined && max > 0) route.config = { ...config, rateLimit: { max, timeWindow: '1 minute' } } as typeof route.config;
    if (config.permission || config.auth) {
      route.schema = { ...(route.schema ?? {}), security: [{ bearerAuth: [] }] } as typeof route.schema;
      if (config.permission) {
        const schema = route.schema as Record<string, unknown>;
        schema['x-permission'] = config.permission;
      }
    }
  });

  server.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const header = request.headers.authorization;
    const config = request.routeOptions.config as { permission?: string; auth?: string };
    if (header?.startsWith('Bearer ')) request.user = await options.tokens.verify(header.slice(7).trim());
    if (!config.permission && !config.auth) return;
    if (!request.user) throw unauthorized(header ? 'The access token is invalid or expired' : 'Authentication required');
    if (config.permission && !hasPermission(request.user, config.permission)) {
      throw forbidden(`This action needs the permission ${config.permission}`);
    }
  });

  // PostgreSQL text cannot hold NUL characters: refuse them anywhere in the input, up front.
  server.addHook('preValidation', async (request) => {
    const where = findNul({ body: request.body, query: request.query, params: request.params });
    if (where) throw badRequest('Text must not contain NUL (\\u0000) characters', [{ field: where, message: 'contains a NUL character' }]);
  });

  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  server.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  await webAppRoutes(server, options.webRoot);

  await server.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('RATE_LIMITED', 429, `Too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s`, undefined, { retryAfter: Math.ceil(ctx.ttl / 1000) }),
  });
  await server.register(multipart, { limits: { fileSize: options.uploadLimitBytes, files: 1 } });
  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Comptoir API', version: options.version, description: 'Commerce platform API. Errors are RFC 9457 application/problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'The operator-chosen METRICS_TOKEN' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await server.register(swaggerUi, { routePrefix: '/docs' });

  server.get('/openapi.json', { schema: { hide: true } }, async () => server.swagger());
  server.get(`${AUTH_COOKIE_PATH}/csrf`, {
    schema: {
      summary: 'A CSRF token for the browser session routes',
      description: `Sets the CSRF secret cookie if absent and answers a token derived from it. Browsers send the token in the \`${CSRF_HEADER}\` header to sign in with a cookie session and to refresh or sign out with the refresh-token cookie; without it those answer 403 \`AUTH.CSRF_REJECTED\`.`,
      tags: ['identity'],
      response: { 200: Type.Object({ csrfToken: Type.String() }) },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { csrfToken: reply.generateCsrf() };
  });
  metricsRoute(server, metrics, options.metricsToken);

  return { server, metrics };
}

/**
 * `GET /metrics`: `registry` in the Prometheus text format, for a scraper that sends
 * `Authorization: Bearer <token>` (401 `METRICS.UNAUTHORIZED` otherwise, compared in constant
 * time); without a `token` it answers 404 `METRICS.DISABLED`.
 */
export function metricsRoute(server: HttpServer, registry: Registry, token: string | undefined): void {
  const metricsDigest = token ? createHash('sha256').update(token).digest() : undefined;
  server.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics (text exposition format)',
      description: 'Needs `Authorization: Bearer <METRICS_TOKEN>` (401 `METRICS.UNAUTHORIZED` otherwise); 404 `METRICS.DISABLED` when no `METRICS_TOKEN` is configured.',
      tags: ['operations'],
      security: [{ metricsToken: [] }],
    },
  }, async (request, reply) => {
    if (!metricsDigest) throw new AppError('METRICS.DISABLED', 404, 'Metrics are disabled: set METRICS_TOKEN to expose them to a scraper');
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? createHash('sha256').update(header.slice(7).trim()).digest() : undefined;
    if (!given || !timingSafeEqual(given, metricsDigest)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw unauthorized('Send the metrics token as Authorization: Bearer <METRICS_TOKEN>', 'METRICS.UNAUTHORIZED');
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

/** The built web app (`web/dist`, index.html + assets) when it exists, else undefined (API only). */
export function builtWebRoot(): string | undefined {
  return existsSync(join(projectRoot, 'web/dist/index.html')) ? join(projectRoot, 'web/dist') : undefined;
}

/**
 * Serves the built web app at `/` from `webRoot` (absent: none) and answers unknown routes: an
 * HTML GET outside the API paths gets its index.html (client-side routes: /, /p/slug,
 * /admin/orders…), anything else 404 problem+json `ROUTE.NOT_FOUND`. Hashed assets are cached
 * for a year, index.html revalidated; the build's `.br`/`.gz` siblings are served when accepted.
 * Used by the single process and by the gateway.
 */
export async function webAppRoutes(server: HttpServer, webRoot: string | undefined): Promise<void> {
  const isApi = (url: string) => /^\/(api|docs|openapi\.json|metrics|health|ready|assets|uploads|files)(\/|\?|$)/.test(url);
  server.setNotFoundHandler((request, reply) => {
    if (webRoot && request.method === 'GET' && !isApi(request.url) && (request.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(new AppError('ROUTE.NOT_FOUND', 404, `No route ${request.method} ${request.url.split('?')[0]}`), request, reply);
  });
  if (!webRoot) return;
  await server.register(fastifyStatic, {
    root: webRoot,
    // Files are looked up on disk at each request: a rebuilt web/dist is served whole (its new
    // index.html and its new hashed assets), never a fresh index.html naming assets unknown here.
    wildcard: true,
    index: ['index.html'],
    // The build writes index-abc.js.br and .gz next to each compressible file (web/vite.config.ts).
    preCompressed: true,
    cacheControl: false,
    // Hashed assets never change; index.html must be revalidated.
    setHeaders: (res, path) => res.raw.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
}
