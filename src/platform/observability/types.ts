import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Types shared by tracing.ts (always loaded) and sdk.ts (loaded when tracing is on). */

/** Span kinds used here (OpenTelemetry's `SpanKind`, by name). */
export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** Attribute values a span takes. */
export type SpanAttributes = Record<string, string | number | boolean | undefined>;

/** A span started by {@link ActiveTracing.startSpan}, ended by the caller. */
export interface StartedSpan {
  /** The W3C `traceparent` of this span (its children's parent), e.g. for a message header. */
  readonly traceparent: string;
  /** Ends the span; with `error`, marks it failed and records the exception. */
  end(error?: unknown): void;
}

/** How a span is started. */
export interface SpanOptions {
  kind?: SpanKindName;
  attributes?: SpanAttributes;
  /** The parent as a W3C `traceparent` (e.g. from an outbox row or a message header); absent: the active span. */
  parent?: string;
  /** Other spans this one is linked to (`traceparent` values), e.g. the events of a batch from several traces. */
  links?: readonly string[];
}

/** The running tracer (see `sdk.ts`); absent while tracing is off. */
export interface ActiveTracing {
  /** `service.name` of this process's spans. */
  readonly serviceName: string;
  /** Runs `fn` in a new active span (ended when `fn`'s result settles; a throw or rejection marks it failed). */
  withSpan<T>(name: string, options: SpanOptions, fn: () => T): T;
  /** Starts a span that is not made active; the caller ends it. */
  startSpan(name: string, options: SpanOptions): StartedSpan;
  /** The `traceparent` of the active span, if any. */
  traceparent(): string | undefined;
  /** Runs `fn` with `traceparent` as the active (remote) parent; invalid or absent: as is. */
  withParent<T>(traceparent: string | undefined, fn: () => T): T;
  /** `{ trace_id, span_id }` of the active span, or `{}` (the pino mixin). */
  logFields(): Record<string, string>;
  /** The `@fastify/otel` plugin: register it first on a server (before any route). */
  fastifyPlugin(): FastifyPluginCallback;
  /** Writes the request span's context (`traceparent`, `tracestate`) into outgoing `headers` (the gateway's proxy). */
  inject(request: FastifyRequest, headers: Record<string, unknown>): void;
  /** Adds spans to a database driver: `pg` (the node-postgres module) or `pglite` (a PGlite instance). */
  instrument(driver: 'pg' | 'pglite', target: unknown): void;
  /** Ends and exports the spans in progress (flushes the exporter). */
  shutdown(): Promise<void>;
}

/** What {@link startTracing} needs. */
export interface StartTracingOptions {
  /** `service.name` (`OTEL_SERVICE_NAME` overrides it): `comptoir`, `comptoir-gateway`, `comptoir-<modules>`. */
  serviceName: string;
  /**
   * Where spans go (tests: a `SimpleSpanProcessor` over an `InMemorySpanExporter`). Absent: an
   * OTLP/HTTP exporter (JSON, batched) to `OTEL_EXPORTER_OTLP_ENDPOINT`, or the exporters
   * `OTEL_TRACES_EXPORTER` names.
   */
  spanProcessors?: SpanProcessor[];
}
