/** The typed map of every module's events, and the event shapes derived from it. */

/**
 * Event name → payload type, of every module's events. Empty here (the platform imports no
 * module): each module's `*.events.ts` merges its own into it, e.g.
 * `declare module '../../platform/events/types.js' { interface AppEvents extends CartEvents {} }`,
 * with `CartEvents` derived from the schemas it gives `defineEvents`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppEvents {}

/** The name of an event of {@link AppEvents}. */
export type EventName = keyof AppEvents & string;

/**
 * An event as delivered to handlers, typed by its name: for a union `K`, a union of envelopes that
 * `switch (event.type)` narrows. `occurredAt` is ISO 8601 UTC.
 */
export type EventEnvelope<K extends EventName = EventName> = K extends EventName
  ? { id: string; type: K; aggregateId: string | null; payload: AppEvents[K]; occurredAt: string }
  : never;

/** An event to publish (see `publishMany`, `EventStatement.run`): its name, the payload of that name, its aggregate id. */
export type NewEvent<K extends EventName = EventName> = K extends EventName ? { type: K; payload: AppEvents[K]; aggregateId?: string } : never;

