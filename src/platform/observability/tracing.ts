import type { ActiveTracing, SpanOptions, StartTracingOptions } from './types.js';

export type { ActiveTracing, SpanAttributes, SpanKindName, SpanOptions, StartedSpan, StartTracingOptions } from './types.js';

/**
 * OpenTelemetry tracing, off unless configured. This file is on every command's start path and
 * loads nothing of OpenTelemetry: {@link startTracing} imports the SDK (`sdk.ts`, its own bundle
 * chunk) only when tracing is wanted, and every helper here is a plain call to `fn` while it is
 * off (one `undefined` check).
 *
 * When on: W3C Trace Context propagation, an AsyncLocalStorage context manager, HTTP server spans
 * per request (`@fastify/otel`), node-postgres spans (`@opentelemetry/instrumentation-pg`, applied
 * to the module object the database layer loads: require hooks cannot see bundled code), PGlite
 * query spans (our query seam), a span per module contract call, outbox publish and consumer spans.
 */

let active: ActiveTracing | undefined;

/** The running tracer, or undefined when tracing is off (the default). */
export function tracing(): ActiveTracing | undefined {
  return active;
}

/**
 * True when the environment asks for traces: `OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` set, or `OTEL_TRACES_EXPORTER` set to something other than
 * `none`; never when `OTEL_SDK_DISABLED=true`.
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporter) return exporter !== 'none';
  return !!(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * Starts the OpenTelemetry SDK (loaded now, lazily) and makes it {@link tracing}; call it before
 * the app opens its database or builds its server. Starting twice answers the running tracer.
 */
export async function startTracing(options: StartTracingOptions): Promise<ActiveTracing> {
  if (active) return active;
  const { startSdk } = await import('./sdk.js');
  active = startSdk(options);
  return active;
}

/**
 * Turns tracing off and shuts the tracer down, exporting the spans still buffered; waits at most
 * `timeoutMs` (default 3 000) so that an unreachable collector does not hold a shutdown up.
 */
export async function stopTracing(timeoutMs = 3_000): Promise<void> {
  const running = active;
  active = undefined;
  if (!running) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    running.shutdown().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}

/**
 * `service.name` of a role: `comptoir` (every module), `comptoir-gateway`, or `comptoir-` and the
 * modules joined by `-` (`serve --modules catalog,search` → `comptoir-catalog-search`).
 */
export function serviceNameOf(role: 'gateway' | readonly string[] | undefined): string {
  if (role === 'gateway') return 'comptoir-gateway';
  return role && role.length > 0 ? `comptoir-${role.join('-')}` : 'comptoir';
}

/** Runs `fn` in a span `name` when tracing is on; otherwise just runs it. */
export function withSpan<T>(name: string, options: SpanOptions, fn: () => T): T {
  return active ? active.withSpan(name, options, fn) : fn();
}

/**
 * `contract` with a span around each of its method calls (`<module>.<method>`, attribute
 * `comptoir.module`) when tracing is on; the object itself when off. Non-function properties
 * are read through unchanged; `this` inside a method is the original object.
 */
export function tracedContract<T extends object>(module: string, contract: T): T {
  const tracer = active;
  if (!tracer) return contract;
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(contract, {
    get(target, key) {
      // Read on the object itself: a getter or method using private fields needs `this` to be it, not the proxy.
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function' || typeof key !== 'string' || key === 'constructor') return value;
      let fn = wrapped.get(key);
      if (!fn) {
        const method = value as (...args: unknown[]) => unknown;
        const name = `${module}.${key}`;
        fn = (...args: unknown[]) => tracer.withSpan(name, { attributes: { 'comptoir.module': module, 'code.function.name': key } }, () => method.apply(target, args));
        wrapped.set(key, fn);
      }
      return fn;
    },
  });
}

/** The pino `mixin`: `{ trace_id, span_id }` of the active span when tracing is on, else `{}`. */
export function traceLogFields(): Record<string, string> {
  return active ? active.logFields() : {};
}
