/**
 * Events identity publishes through the outbox (name → payload schema).
 * Consumers: notifications (welcome mail), analytics (sign-ups), later cart (merge on login).
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

/** The public part of a user as carried by events (no roles, no credentials). */
export const UserSnapshot = Type.Object({
  id: Type.String({ description: 'User id (`usr_…`).' }),
  email: Type.String({ description: 'Lowercased email.' }),
  firstName: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.Union([Type.String(), Type.Null()]),
  locale: Type.Union([Type.Literal('en'), Type.Literal('fr')]),
});
export type UserSnapshot = Static<typeof UserSnapshot>;

/** Payload schemas of the identity events. */
export const identityEvents = defineEvents('identity', {
  'user.registered': Type.Object(
    { user: UserSnapshot },
    {
      description:
        'An account with credentials was created: self sign-up (`POST /api/auth/register`), a user created through the contract (CLI, back office) or the first admin. Imported customers (no email, no password) do not emit it.',
    },
  ),
});

/** Typed map of identity events (name → payload). */
export type IdentityEvents = EventPayloads<typeof identityEvents>;

/** Name of an identity event. */
export type IdentityEventName = keyof IdentityEvents;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends IdentityEvents {}
}
