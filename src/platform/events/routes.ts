import { Type } from '@sinclair/typebox';
import { and, count, desc, eq } from 'drizzle-orm';
import type { Database } from '../db/index.js';
import { notFound } from '../errors.js';
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
});

/**
 * Back-office routes over the outbox's dead-letter list: events whose delivery failed too many
 * times (`GET /api/admin/events/dead-letters`), and a retry that puts one back in the queue.
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
    const where = eq(outbox.status, 'dead');
    const [[total], list] = await Promise.all([
      database.db.select({ n: count() }).from(outbox).where(where),
      database.db.select().from(outbox).where(where).orderBy(desc(outbox.id)).limit(limit).offset((page - 1) * limit),
    ]);
    return {
      data: list.map((e) => ({ id: e.id, type: e.type, aggregateId: e.aggregateId, payload: e.payload as Record<string, unknown>, attempts: e.attempts, lastError: e.lastError, occurredAt: new Date(e.occurredAt).toISOString() })),
      pagination: { total: Number(total?.n ?? 0), limit, page },
    };
  });

  server.post('/api/admin/events/dead-letters/:id/retry', {
    config: { permission: 'events:write' },
    schema: {
      summary: 'Put a dead-lettered event back in the queue (handlers that already succeeded are not run again)',
      tags,
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 202: Type.Object({ id: Type.String(), status: Type.Literal('pending') }), 404: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const [row] = await database.db
      .update(outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date() })
      .where(and(eq(outbox.id, request.params.id), eq(outbox.status, 'dead')))
      .returning({ id: outbox.id });
    if (!row) throw notFound('EVENTS.DEAD_LETTER_NOT_FOUND', `No dead-lettered event ${request.params.id}`);
    relay.wake();
    return reply.status(202).send({ id: row.id, status: 'pending' as const });
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
