import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `events`: the transactional outbox and the consumers' inbox (ARCHITECTURE.md §4). */
export const eventsSchema = pgSchema('events');

/**
 * One domain event, written in the same transaction as the change it reports.
 * `status`: pending → delivered, or dead after too many failed deliveries (dead-letter list).
 */
export const outbox = eventsSchema.table(
  'outbox',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    aggregateId: text('aggregate_id'),
    payload: jsonb('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: ['pending', 'delivered', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** W3C `traceparent` of the work that published it (see platform/trace.ts), sent as a message header over RabbitMQ. */
    traceparent: text('traceparent'),
  },
  (t) => [
    // Partial indexes on the id alone: the relay's claim walks the pending events in id order, and
    // a lease (next_attempt_at) changes no indexed column, so PostgreSQL updates it in place (HOT).
    index('outbox_pending_id_idx').on(t.id).where(sql`status = 'pending'`),
    index('outbox_dead_id_idx').on(t.id).where(sql`status = 'dead'`),
  ],
);

/** Events a consumer has already handled: a redelivered event has no second effect. */
export const inbox = eventsSchema.table(
  'inbox',
  {
    consumer: text('consumer').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

/**
 * Events RabbitMQ dead-lettered from a consumer's queue (services mode: `AMQP_URL`), moved here
 * on arrival from `<prefix>.<consumer>.dead` by the process running that consumer, so that the
 * back office lists them with the outbox's dead events; a retry sends the event back to that
 * consumer's queue and deletes the row. `attempts`: deliveries the broker made.
 */
export const deadLetter = eventsSchema.table(
  'dead_letter',
  {
    consumer: text('consumer').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    aggregateId: text('aggregate_id'),
    payload: jsonb('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error'),
    deadAt: timestamp('dead_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);
