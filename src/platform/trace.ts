import { AsyncLocalStorage } from 'node:async_hooks';
import { tracing } from './observability/tracing.js';

/**
 * Trace context passthrough (W3C Trace Context `traceparent`): the value a request came with is
 * kept for the work it causes, written with the outbox events it publishes, sent as a RabbitMQ
 * message header, and restored around the consumer's handler, so the events that handler
 * publishes carry it on. While tracing is off this only carries the header from hop to hop; when
 * it is on (observability/tracing.ts) the value is the active OpenTelemetry span's, and restoring
 * one makes it the remote parent of the spans that follow.
 */
const store = new AsyncLocalStorage<{ traceparent: string }>();

/** `version-traceid-parentid-flags`, lower-case hex, trace and parent ids not all zeros. */
const TRACEPARENT = /^[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

/** `value` when it is a valid `traceparent` header value (version `ff` is invalid), else undefined. */
export function validTraceparent(value: unknown): string | undefined {
  return typeof value === 'string' && TRACEPARENT.test(value) && !value.startsWith('ff') ? value : undefined;
}

/** The `traceparent` of the work in progress, if it has one (tracing on: the active span's). */
export function currentTraceparent(): string | undefined {
  const tracer = tracing();
  return (tracer ? tracer.traceparent() : undefined) ?? store.getStore()?.traceparent;
}

/** Runs `fn` with `traceparent` as the current trace context (as is when it is not a valid value). */
export function withTraceparent<T>(traceparent: string | undefined, fn: () => T): T {
  const valid = validTraceparent(traceparent);
  if (!valid) return fn();
  const tracer = tracing();
  return tracer ? tracer.withParent(valid, fn) : store.run({ traceparent: valid }, fn);
}
