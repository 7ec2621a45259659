/**
 * Events: the typed map of every module's events (`AppEvents`, see types.ts), the write side (`publish`,
 * `publishMany`, `eventStatement`: the outbox rows of a transaction), the relay that delivers them
 * to subscribers, and the event catalog (`defineEvents`, the AsyncAPI document).
 */
import type { MigrationSet } from '../db/index.js';

/** Migrations of the outbox/inbox tables (schema `events`). */
export const eventsMigrations: MigrationSet = { name: 'events', folder: 'src/platform/events/migrations' };

export type { AppEvents, EventName, EventEnvelope, NewEvent } from './types.js';
export { publish, publishMany, eventStatement, type EventStatement, type OutboxSql } from './write.js';
export { OutboxRelay, type RelayOptions, type EventHandler, type BatchEventHandler } from './relay.js';
export { defineEvents, eventDefinitions, asyncApiDocument, type EventSchemas, type EventPayloads, type EventDefinition, type AsyncApiDocument } from './registry.js';
