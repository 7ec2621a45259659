import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import proxy from '@fastify/http-proxy';
import replyFrom, { type FastifyReplyFromHooks } from '@fastify/reply-from';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { TokenService } from '../platform/auth.js';
import { AppError, unauthorized } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { ProblemSchema, sendProblem } from '../platform/http/problem.js';
import { metricsRoute, webAppRoutes, type HttpServer } from '../platform/http/server.js';
import { registerBreakerMetrics } from '../platform/observability/metrics.js';
import { tracing } from '../platform/observability/tracing.js';
import { ownerOf, routeTable, STOREFRONT_PATHS, type ModuleName, type UpstreamMap } from './route-table.js';
import { UpstreamBreaker, type AdmittedCall, type BreakerOptions } from './upstream-breaker.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The proxied call its upstream's breaker admitted (gateway only), settled when the answer is sent or the call fails. */
    upstreamCall: AdmittedCall | null;
  }
}

/** What {@link createGateway} needs. */
export interface GatewayOptions {
  logger: Logger;
  /** Module → upstream base URL (see route-table.ts); only these modules are routed. */
  upstreams: UpstreamMap;
  /** The access-token secret the identity service signs with (`JWT_SECRET`): bearer tokens are verified here once. */
  jwtSecret: string;
  /** Requests per minute per client IP on `/api/auth/*`, all its routes together (`AUTH_RATE_LIMIT`, default 100; 0: no limit). */
  authRateLimitPerMinute: number;
  /** Requests per minute per client IP over every other proxied route (`GATEWAY_RATE_LIMIT`, default 1 000; 0: no limit). */
  rateLimitPerMinute: number;
  /** Shared counters of the rate limits (`REDIS_URL`), so replicas count together; absent: in this process only. */
  redis?: Redis;
  /** Prefix of the rate-limit keys in Redis (default `comptoir-gateway:`). */
  rateLimitKeyPrefix?: string;
  /** Reverse proxies whose `X-Forwarded-For` gives the client IP (`TRUST_PROXY`); empty: none, the connection's address is the client. */
  trustProxy: string[];
  /** The built web app to serve (see `builtWebRoot`); absent: API only. */
  webRoot?: string;
  /** Longest wait for an upstream's answer headers, in ms (default 30 000); then 503. */
  upstreamTimeoutMs?: number;
  /** Each upstream's circuit breaker (default 3 consecutive failures open it for 5 000 ms). */
  breaker?: Partial<BreakerOptions>;
  /** Bearer token that reads the gateway's `/metrics` (`METRICS_TOKEN`); absent: `/metrics` answers 404. */
  metricsToken?: string;
}

/** Breaker settings when {@link GatewayOptions.breaker} leaves them out. */
const DEFAULT_BREAKER: BreakerOptions = { failures: 3, halfOpenAfterMs: 5_000 };

/** Seconds a client is told to wait (`Retry-After`) when an upstream is unavailable. */
const UPSTREAM_RETRY_AFTER_S = 5;

/** Longest wait of `/ready` for each upstream's `/ready`, in ms. */
const READY_TIMEOUT_MS = 2_000;

/** Longest wait of `/openapi.json` for each upstream's document, in ms (a service builds it on its first request). */
const DOCUMENT_TIMEOUT_MS = 15_000;

/** An OpenAPI document, as far as the merge reads it. */
interface OpenApiDocument {
  openapi?: string;
  info?: Record<string, unknown>;
  paths?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
}

/** 503 problem `GATEWAY.UPSTREAM_UNAVAILABLE`, with `Retry-After`. */
function upstreamUnavailable(request: FastifyRequest, reply: FastifyReply, detail: string, extensions?: Record<string, unknown>, retryAfter = UPSTREAM_RETRY_AFTER_S): FastifyReply {
  reply.header('retry-after', String(retryAfter));
  return sendProblem(new AppError('GATEWAY.UPSTREAM_UNAVAILABLE', 503, detail, undefined, { retryAfter, ...extensions }), request, reply);
}

/** GETs `url`, waiting at most `timeoutMs`; the response, or undefined when it could not be reached in time. */
async function probe(url: string, timeoutMs: number): Promise<Response | undefined> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return undefined;
  }
}

/**
 * The services-mode edge (`comptoir gateway`): one Fastify server in front of the services.
 * - `/api/<area>…` is proxied (`@fastify/http-proxy`, path, query, body, Host and cookies
 *   unchanged, `X-Forwarded-For` set to the client IP) to the upstream of the module owning the
 *   area (route-table.ts); an unreachable upstream answers 503 `GATEWAY.UPSTREAM_UNAVAILABLE`
 *   with `Retry-After`. Upstream answers (errors included) pass through as they are.
 * - A circuit breaker per upstream (upstream-breaker.ts): after `breaker.failures` calls in a row
 *   that could not reach it or timed out, that upstream's routes answer the same 503 at once
 *   (`breaker: "open"`, `Retry-After` until the trial call) without calling it, for
 *   `breaker.halfOpenAfterMs`; then one trial call, and an answer closes the breaker.
 * - `/metrics` (behind `metricsToken`): the process's metrics and each breaker's state.
 * - A bearer token is verified here (HS256, the identity secret): invalid or expired → 401
 *   `AUTH.UNAUTHENTICATED`; the services verify it again and check permissions.
 * - Per client IP: `authRateLimitPerMinute` over all of `/api/auth/*` and `rateLimitPerMinute`
 *   over every other proxied route (429 `RATE_LIMITED` with `Retry-After`), counted in Redis when given.
 * - `/openapi.json` and `/docs`: the upstreams' documents merged, each path from the upstream
 *   that owns it; `/health`: the process is up; `/ready`: 200 only when every upstream's `/ready`
 *   answers 200, else 503 `GATEWAY.NOT_READY` naming the modules whose upstream is not ready.
 * - The storefront's server-rendered pages and `/uploads/*` ({@link STOREFRONT_PATHS}): the catalog service's.
 * - Anything else: the web app's files (`webRoot`), as the single process serves them.
 * - Tracing on (platform/observability/tracing.ts): a span per request, whose context goes
 *   upstream in `traceparent`, so gateway → service is one trace.
 */
export async function createGateway(options: GatewayOptions): Promise<HttpServer> {
  const server: HttpServer = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : newId('req');
    },
    trustProxy: options.trustProxy.length > 0 ? options.trustProxy : false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();
  server.addSchema(ProblemSchema);
  server.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  // Tracing on: a span per request, and its context sent upstream (see rewriteRequestHeaders).
  const tracer = tracing();
  if (tracer) await server.register(tracer.fastifyPlugin());

  const tokens = new TokenService(options.jwtSecret, 0);
  server.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const header = request.headers.authorization;
    // `/metrics` takes the metrics token, not an access token.
    if (header?.startsWith('Bearer ') && request.url !== '/metrics' && !(await tokens.verify(header.slice(7).trim()))) {
      throw unauthorized('The access token is invalid or expired');
    }
  });

  // One breaker per upstream; a proxied request's admitted call settles when its answer is sent
  // (or the client goes away): failed only when reply-from's onError marked it so.
  const breakerOptions = { ...DEFAULT_BREAKER, ...options.breaker };
  const breakers = new Map(Object.values(options.upstreams).map((u) => [u, new UpstreamBreaker(u, breakerOptions)]));
  server.decorateRequest('upstreamCall', null);
  const settle = (request: FastifyRequest, failed: boolean) => {
    request.upstreamCall?.settle(failed);
    request.upstreamCall = null;
  };
  server.addHook('onResponse', async (request) => settle(request, false));
  server.addHook('onRequestAbort', async (request) => settle(request, false));
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  registerBreakerMetrics(metrics);
  metricsRoute(server, metrics, options.metricsToken);

  await server.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis } : {}),
    nameSpace: options.rateLimitKeyPrefix ?? 'comptoir-gateway:',
    // A shared counter store that does not answer must not take the shop down: requests pass.
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('RATE_LIMITED', 429, `Too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s`, undefined, { retryAfter: Math.ceil(ctx.ttl / 1000) }),
  });
  // Two counters per client IP: `/api/auth/*` together, and every other proxied route together
  // (the plugin runs one limit per request: an auth request counts in the auth limit only).
  const limit = (name: string, max: number) => (max > 0 ? server.rateLimit({ max, timeWindow: '1 minute', keyGenerator: (request) => `${name}:${request.ip}` }) : undefined);
  const limits = { auth: limit('auth', options.authRateLimitPerMinute), all: limit('all', options.rateLimitPerMinute) };
  /**
   * The pre-handler of `module`'s proxied routes: its rate limit `check` (a limit reached throws
   * its 429 problem), then its upstream's breaker (open: 503 at once, the upstream not called).
   */
  const guarded = (module: ModuleName, check: typeof limits.all) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (check) await (check.call(server, request, reply) as Promise<void>);
    const breaker = breakers.get(options.upstreams[module] as string) as UpstreamBreaker;
    const call = await breaker.admit();
    if (!call) {
      return upstreamUnavailable(request, reply, `The ${module} service is unavailable (its circuit breaker is open); retry shortly`, { module, breaker: 'open' }, breaker.retryAfterSeconds());
    }
    request.upstreamCall = call;
  };

  /** reply-from's options for a request to `module`'s upstream: one timeout, no retry, forwarded headers, 503 problem when it is down. */
  const replyOptions = (module: ModuleName): FastifyReplyFromHooks => ({
    timeout: options.upstreamTimeoutMs ?? 30_000,
    // No retries here: an answer (even a 503) goes back to the client as it is.
    retryDelay: () => null,
    // Tracing on: the gateway's request span becomes the service's parent (`traceparent`
    // replaced); off: the client's `traceparent`, if any, passes through as it is.
    rewriteRequestHeaders: (request, headers) => {
      const out: Record<string, unknown> = {
        ...headers,
        host: request.headers.host ?? headers.host,
        'x-forwarded-for': request.ip,
        'x-forwarded-proto': request.protocol,
        'x-request-id': request.id,
      };
      tracer?.inject(request as FastifyRequest, out);
      return out as typeof headers;
    },
    onError: (reply) => {
      // reply-from has logged the cause (`response errored`, with the upstream's address).
      settle(reply.request as FastifyRequest, true);
      void upstreamUnavailable(reply.request as FastifyRequest, reply as unknown as FastifyReply, `The ${module} service is unavailable; retry shortly`, { module });
    },
  });

  for (const route of routeTable(options.upstreams)) {
    const check = route.prefix === '/api/auth' ? limits.auth : limits.all;
    await server.register(proxy, {
      upstream: route.upstream,
      prefix: route.prefix,
      rewritePrefix: route.prefix,
      // Fastify logs each request once; reply-from would add two lines.
      disableRequestLogging: true,
      preHandler: guarded(route.module, check),
      // Multipart uploads and other bodies are streamed through, not parsed here.
      replyOptions: replyOptions(route.module),
    });
  }

  // The storefront's server-rendered pages and product images: the catalog service's (route-table.ts).
  const pages = options.upstreams.catalog;
  if (pages) {
    await server.register(async (scope) => {
      await scope.register(replyFrom, { base: pages, disableRequestLogging: true });
      for (const url of STOREFRONT_PATHS) {
        scope.route({
          method: ['GET', 'HEAD'], url, schema: { hide: true },
          preHandler: guarded('catalog', limits.all),
          handler: (request, reply) => reply.from(request.url, replyOptions('catalog')),
        });
      }
    });
  }

  const upstreamOf = (module: ModuleName) => options.upstreams[module];
  const upstreams = [...new Set(Object.values(options.upstreams))];

  /** The upstreams' OpenAPI documents merged: each path from the upstream owning it, components united. */
  async function mergedDocument(): Promise<OpenApiDocument> {
    const docs = await Promise.all(upstreams.map(async (upstream) => {
      const res = await probe(`${upstream}/openapi.json`, DOCUMENT_TIMEOUT_MS);
      return { upstream, doc: res?.ok ? ((await res.json()) as OpenApiDocument) : undefined };
    }));
    const merged: OpenApiDocument & { paths: Record<string, unknown>; components: Record<string, Record<string, unknown>> } = {
      openapi: '3.1.0',
      info: { title: 'Comptoir API (gateway)', version: '0.0.0' },
      paths: {},
      components: {},
    };
    for (const { upstream, doc } of docs) {
      if (!doc) continue;
      if (doc.info) merged.info = { ...doc.info, title: 'Comptoir API (gateway)' };
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        const owner = ownerOf(path);
        if (owner && upstreamOf(owner) === upstream) merged.paths[path] = item;
      }
      for (const [kind, entries] of Object.entries(doc.components ?? {})) merged.components[kind] = { ...merged.components[kind], ...entries };
    }
    return merged;
  }

  /** True when `upstream`'s `/ready` answers 200 within {@link READY_TIMEOUT_MS}. */
  async function isReady(upstream: string): Promise<boolean> {
    const res = await probe(`${upstream}/ready`, READY_TIMEOUT_MS);
    await res?.body?.cancel();
    return res?.status === 200;
  }

  let lastDocument: OpenApiDocument = {};
  await server.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 'Comptoir API (gateway)', version: '0.0.0' } } });
  await server.register(swaggerUi, {
    routePrefix: '/docs',
    uiHooks: { preHandler: async (request) => { if (request.url.endsWith('/json')) lastDocument = await mergedDocument(); } },
    transformSpecification: () => lastDocument,
    transformSpecificationClone: false,
  });
  server.get('/openapi.json', { schema: { hide: true } }, async () => mergedDocument());

  server.get('/health', {
    config: { rateLimit: false },
    schema: { summary: 'Liveness: the gateway process is up (upstreams are not checked)', tags: ['operations'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));
  server.get('/ready', {
    schema: {
      summary: 'Readiness: 200 only when every upstream answers its /ready with 200',
      tags: ['operations'],
      response: { 200: Type.Object({ status: Type.Literal('ready'), upstreams: Type.Array(Type.String()) }), 503: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const states = await Promise.all(upstreams.map(async (upstream) => ({ upstream, ready: await isReady(upstream) })));
    const down = states.filter((s) => !s.ready).map((s) => s.upstream);
    if (down.length > 0) {
      const modules = Object.entries(options.upstreams).filter(([, u]) => down.includes(u as string)).map(([m]) => m);
      reply.header('retry-after', String(UPSTREAM_RETRY_AFTER_S));
      return sendProblem(new AppError('GATEWAY.NOT_READY', 503, `Not ready: the upstream of ${modules.join(', ')} is not ready`, undefined, { modules, upstreams: down }), request, reply);
    }
    return { status: 'ready' as const, upstreams };
  });

  await webAppRoutes(server, options.webRoot);
  await server.ready();
  return server;
}
