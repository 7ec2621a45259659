/**
 * Events identity publishes through the outbox (name → payload schema).
 * Consumers: notifications (welcome mail), analytics (sign-ups), orders (guest orders join a verified account).
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

const Link = Type.String({ description: 'Absolute URL of the storefront page the mail points to (under `PUBLIC_URL`).' });
const ExpiresAt = Type.String({ description: 'When the link stops working (ISO 8601 UTC).' });

/** Payload schemas of the identity events. */
export const identityEvents = defineEvents('identity', {
  'user.registered': Type.Object(
    { user: UserSnapshot },
    {
      description:
        'An account with credentials was created: self sign-up (`POST /api/auth/register`), a user created through the contract (CLI, back office) or the first admin. Imported customers (no email, no password) do not emit it.',
    },
  ),
  'user.email_verification_requested': Type.Object(
    { user: UserSnapshot, link: Link, expiresAt: ExpiresAt },
    {
      description:
        'A self sign-up needs its address verified: `link` carries a signed single-purpose token (a bearer secret: mail it to `user.email` only). Consumer: notifications (`verify_email` mail).',
    },
  ),
  'user.registration_attempted': Type.Object(
    { user: UserSnapshot, link: Link },
    {
      description:
        'Someone tried to sign up with the address of an existing account (the caller got the same answer as a new sign-up). `link` is the page to reset the password. Consumer: notifications (`registration_attempt` mail to the owner).',
    },
  ),
  'user.email_verified': Type.Object(
    { user: UserSnapshot },
    {
      description:
        'The owner of `user.email` proved it (followed a verification or password-reset link) for the first time. Consumer: orders (guest orders placed with this address join the account).',
    },
  ),
  'user.password_reset_requested': Type.Object(
    { user: UserSnapshot, link: Link, expiresAt: ExpiresAt },
    {
      description:
        'A password reset was asked for an existing account: `link` carries a signed single-use token (a bearer secret: mail it to `user.email` only). Consumer: notifications (`password_reset` mail).',
    },
  ),
  'user.erased': Type.Object(
    {
      userId: Type.String({ description: 'The erased user id (`usr_…`).' }),
      emailSha256: Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()], {
        description: 'Hex SHA-256 of the erased e-mail address, trimmed and lower-cased (null when the account had none): consumers find what they keep under that address without the event carrying it.',
      }),
      erasedAt: Type.String({ description: 'ISO 8601 UTC.' }),
    },
    {
      description:
        'A customer erased their account (`DELETE /api/users/me`, GDPR art. 17): identity holds nothing more about them (account, addresses, sessions gone) and their orders were anonymised in the same transaction. Consumers erase what they keep about the person, by id or by the hash of the e-mail: notifications (in-app notifications, mails to the address), support (tickets and contact messages anonymised), recommendations (purchase history).',
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
