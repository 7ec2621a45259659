import { Type } from '@sinclair/typebox';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/index.js';
import { rows } from '../db/index.js';
import { AppError, notFound } from '../errors.js';
import { PageQuery, Pagination } from '../http/schemas.js';
import type { HttpServer } from '../http/server.js';
import type { OutboxRelay } from './index.js';
import { asyncApiDocument } from './registry.js';
import { outbox } from './schema.js';

const DeadLetter = Type.Object({
  id: Type.String(),
  type: Type.String(),
  aggregateId: Type.Union([Type.String(), Type.Null()]),
  // `publish` writes objects only; their shape depends on `type` (see each module's *.events.ts).
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'The event payload as published: a JSON object whose shape depends on `type`' }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  occurredAt: Type.String({ format: 'date-time' }),
  consumer: Type.Union([Type.String(), Type.Null()], {
    description: 'The consuming module RabbitMQ gave up delivering it to (services mode: AMQP_URL); null for an event the in-process relay dead-lettered',
  }),
});

/** Dead events of the outbox (in-process delivery) and dead letters RabbitMQ moved here (services mode), as one list. */
const allDeadLetters = sql`select id, type, aggregate_id, payload, attempts, last_error, occurred_at, null::text as consumer from events.outbox where status = 'dead'
  union all
  select event_id, type, aggregate_id, payload, attempts, last_error, occurred_at, consumer from events.dead_letter`;

/**
 * Back-office routes over the dead-letter list: events whose delivery failed too many times
 * (`GET /api/admin/events/dead-letters`): dead outbox events, and in services mode the messages
 * RabbitMQ dead-lettered from this process's consumers' queues (`events.dead_letter`); and a
 * retry that puts one back in the queue (the outbox, or the consumer's RabbitMQ queue).
 */
export function deadLetterRoutes(server: HttpServer, database: Database, relay: OutboxRelay): void {
  const tags = ['operations'];
  server.get('/api/admin/events/dead-letters', {
    config: { permission: 'events:read' },
    schema: {
      summary: 'Events whose delivery failed too many times, newest first',
      tags,
      querystring: PageQuery,
      response: { 200: Type.Object({ data: Type.Array(DeadLetter), pagination: Pagination }) },
    },
  }, async (request) => {
    const { page, limit } = request.query;
    type Row = { id: string; type: string; aggregate_id: string | null; payload: Record<string, unknown>; attempts: number; last_error: string | null; occurred_at: string | Date; consumer: string | null };
    const [[total], list] = await Promise.all([
      rows<{ n: number }>(database.db, sql`select count(*)::int as n from (${allDeadLetters}) d`),
      rows<Row>(database.db, sql`select * from (${allDeadLetters}) d order by id desc, consumer limit ${limit} offset ${(page - 1) * limit}`),
    ]);
    return {
      data: list.map((e) => ({ id: e.id, type: e.type, aggregateId: e.aggregate_id, payload: e.payload, attempts: e.attempts, lastError: e.last_error, occurredAt: new Date(e.occurred_at).toISOString(), consumer: e.consumer })),
      pagination: { total: Number(total?.n ?? 0), limit, page },
    };
  });

  server.post('/api/admin/events/dead-letters/:id/retry', {
    config: { permission: 'events:write' },
    schema: {
      summary: 'Put a dead-lettered event back in the queue (handlers that already succeeded are not run again)',
      description: 'A dead outbox event becomes pending again; in services mode, each copy RabbitMQ dead-lettered is sent back to its consumer\'s queue. 503 EVENTS.BROKER_UNAVAILABLE when RabbitMQ cannot take it now.',
      tags,
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 202: Type.Object({ id: Type.String(), status: Type.Literal('pending') }), 404: { $ref: 'Problem#' }, 503: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const [row] = await database.db
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date() })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'dead')))
      .returning({ id: outbox.id });
    let requeued = 0;
    try {
      requeued = await relay.retryDeadLetter(id);
    } catch (err) {
      request.log.warn({ err, eventId: id }, 'dead letter retry failed');
      throw new AppError('EVENTS.BROKER_UNAVAILABLE', 503, 'RabbitMQ cannot take the event back now; try again shortly');
    }
    if (!row && requeued === 0) throw notFound('EVENTS.DEAD_LETTER_NOT_FOUND', `No dead-lettered event ${id}`);
    if (row) relay.wake();
    return reply.status(202).send({ id, status: 'pending' as const });
  });
}

/** Any JSON object (the parts of the AsyncAPI document whose shape is the AsyncAPI specification's). */
const JsonObject = Type.Object({}, { additionalProperties: true });

/** The AsyncAPI 3.0 document as `GET /asyncapi.json` answers it (see {@link asyncApiDocument}). */
const AsyncApi = Type.Object({
  asyncapi: Type.Literal('3.0.0'),
  info: Type.Object({ title: Type.String(), version: Type.String(), description: Type.String() }),
  defaultContentType: Type.String(),
  channels: Type.Record(Type.String(), JsonObject),
  operations: Type.Record(Type.String(), JsonObject),
  components: Type.Object({ messages: Type.Record(Type.String(), JsonObject), schemas: Type.Record(Type.String(), JsonObject) }),
});

/**
 * `GET /asyncapi.json` (public, like `/openapi.json`): the AsyncAPI 3.0 document of the events of
 * the modules this process runs: a channel per event type with its payload's JSON Schema, who
 * sends it and which consumers of `relay` receive it. `version` is the application's.
 */
export function asyncApiRoute(server: HttpServer, relay: OutboxRelay, version: string): void {
  server.get('/asyncapi.json', {
    schema: { summary: 'The events the modules publish and consume, as an AsyncAPI 3.0 document', tags: ['operations'], response: { 200: AsyncApi } },
  }, async () => asyncApiDocument(relay.consumers(), version));
}
