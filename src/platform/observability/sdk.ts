import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Link, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { ActiveTracing, SpanKindName, SpanOptions, StartedSpan, StartTracingOptions } from './types.js';

/**
 * The OpenTelemetry SDK as Comptoir runs it; loaded only by `startTracing` (tracing.ts), never on
 * the default start path. One `NodeSDK`: AsyncLocalStorage context manager, W3C Trace Context +
 * Baggage propagators, resource from the environment with `service.name`, and the span
 * processors given (tests) or an OTLP/HTTP exporter (JSON, batched per `OTEL_BSP_*`) when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set and `OTEL_TRACES_EXPORTER` is not (else the SDK reads that
 * variable). No require/import hooks are installed: the API is one esbuild bundle, which such
 * hooks never see. Instead the drivers are patched through the module objects the database layer
 * hands over ({@link ActiveTracing.instrument}).
 */

const KINDS: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL, server: SpanKind.SERVER, client: SpanKind.CLIENT, producer: SpanKind.PRODUCER, consumer: SpanKind.CONSUMER,
};

/** Marks `span` failed with `error` (recorded as an exception event). */
function fail(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Runs `fn` in `span` (made active), ending the span when its result settles. */
function runIn<T>(span: Span, parent: Context, fn: () => T): T {
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), fn);
  } catch (err) {
    fail(span, err);
    span.end();
    throw err;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        span.end();
        return value;
      },
      (err: unknown) => {
        fail(span, err);
        span.end();
        throw err;
      },
    ) as T;
  }
  span.end();
  return result;
}

/** The context `traceparent` names as remote parent (on `base`); `base` when it is absent or invalid. */
function parentContext(traceparent: string | undefined, base: Context = context.active()): Context {
  if (!traceparent) return base;
  return propagation.extract(base, { traceparent });
}

/** The `traceparent` of `ctx`'s span, if it has a valid one. */
function traceparentOf(ctx: Context): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** Span links to the (valid) `traceparent` values given. */
function linksTo(traceparents: readonly string[] | undefined): Link[] {
  const links: Link[] = [];
  for (const tp of traceparents ?? []) {
    const sc = trace.getSpanContext(parentContext(tp, context.active()));
    if (sc) links.push({ context: sc });
  }
  return links;
}

/** First word of a SQL text, upper-cased (`SELECT`, `INSERT`…), for span names. */
function sqlVerb(text: unknown): string {
  return typeof text === 'string' ? (/^\s*(\w+)/.exec(text)?.[1] ?? 'query').toUpperCase() : 'query';
}

/** Wraps the `query` and `exec` methods of a PGlite instance or transaction with client spans. */
function wrapPgliteQueries(tracer: Tracer, target: Record<string, unknown>): void {
  for (const method of ['query', 'exec'] as const) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    target[method] = function traced(this: unknown, text: unknown, ...rest: unknown[]) {
      const span = tracer.startSpan(`pglite.${method}:${sqlVerb(text)}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'postgresql', 'db.system': 'postgresql', 'db.query.text': typeof text === 'string' ? text : undefined },
      });
      return runIn(span, context.active(), () => (original as (...a: unknown[]) => unknown).call(this, text, ...rest));
    };
  }
}

/** Starts the SDK for `options` and answers the {@link ActiveTracing} over it. */
export function startSdk(options: StartTracingOptions): ActiveTracing {
  const fastifyOtel = new FastifyOtelInstrumentation({
    // Liveness, readiness and scrapes would drown the traces.
    ignorePaths: (route) => /^\/(health|ready|metrics)(\?|$)/.test(route.url),
    // Request and handler spans; no span per lifecycle hook (a dozen per request otherwise).
    instrumentHooks: false,
    requestHook: (span, request) => {
      if (request.routeOptions.url) span.updateName(`${request.method} ${request.routeOptions.url}`);
    },
    // The handler span is named after the route, not after the plugin chain it was registered in.
    lifecycleHook: (span, info) => span.updateName(`${info.hookName} ${info.request.method} ${info.request.routeOptions.url ?? info.request.url}`),
  });
  const pgInstrumentation = new PgInstrumentation({ enabled: false, enhancedDatabaseReporting: false });
  const exporterFromEnv = !!process.env.OTEL_TRACES_EXPORTER?.trim();
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME?.trim() || options.serviceName,
    instrumentations: [],
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : exporterFromEnv ? {} : { traceExporter: new OTLPTraceExporter() }),
  });
  sdk.start();
  const tracer = trace.getTracer('comptoir');
  fastifyOtel.setTracerProvider(trace.getTracerProvider());
  fastifyOtel.enable();
  pgInstrumentation.setTracerProvider(trace.getTracerProvider());

  const tracing: ActiveTracing = {
    serviceName: options.serviceName,
    withSpan<T>(name: string, opts: SpanOptions, fn: () => T): T {
      const parent = parentContext(opts.parent);
      const span = tracer.startSpan(name, { kind: KINDS[opts.kind ?? 'internal'], attributes: opts.attributes, links: linksTo(opts.links) }, parent);
      return runIn(span, parent, fn);
    },
    startSpan(name: string, opts: SpanOptions): StartedSpan {
      const parent = parentContext(opts.parent);
      const span = tracer.startSpan(name, { kind: KINDS[opts.kind ?? 'internal'], attributes: opts.attributes, links: linksTo(opts.links) }, parent);
      return {
        traceparent: traceparentOf(trace.setSpan(parent, span)) ?? '',
        end(error?: unknown) {
          if (error !== undefined) fail(span, error);
          span.end();
        },
      };
    },
    traceparent: () => traceparentOf(context.active()),
    withParent: (traceparent, fn) => (traceparent ? context.with(parentContext(traceparent), fn) : fn()),
    logFields(): Record<string, string> {
      const sc = trace.getSpanContext(context.active());
      return sc ? { trace_id: sc.traceId, span_id: sc.spanId } : {};
    },
    fastifyPlugin: () => fastifyOtel.plugin() as unknown as FastifyPluginCallback,
    inject(request: FastifyRequest, headers: Record<string, unknown>) {
      const otel = (request as FastifyRequest & { opentelemetry?: () => { context?: Context } }).opentelemetry?.();
      propagation.inject(otel?.context ?? context.active(), headers);
    },
    instrument(driver, target) {
      if (driver === 'pg') {
        const pg = target as { Client: unknown; Pool: unknown };
        for (const def of pgInstrumentation.getModuleDefinitions()) {
          // `pg` patches Client.prototype (query, connect); `pg-pool` the pool class pg's Pool extends (connect).
          if (def.name === 'pg') def.patch?.(pg, undefined);
          if (def.name === 'pg-pool' && typeof pg.Pool === 'function') def.patch?.(Object.getPrototypeOf(pg.Pool), undefined);
        }
        return;
      }
      const client = target as Record<string, unknown>;
      wrapPgliteQueries(tracer, client);
      const transaction = client.transaction;
      if (typeof transaction === 'function') {
        client.transaction = function tracedTransaction(this: unknown, fn: (tx: Record<string, unknown>) => unknown) {
          return (transaction as (f: typeof fn) => unknown).call(this, (tx: Record<string, unknown>) => {
            wrapPgliteQueries(tracer, tx);
            return fn(tx);
          });
        };
      }
    },
    async shutdown() {
      fastifyOtel.disable();
      await sdk.shutdown();
    },
  };
  return tracing;
}
