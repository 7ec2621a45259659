/**
 * Events identity publishes through the outbox (name → payload).
 * Consumers: notifications (welcome mail), analytics (sign-ups), later cart (merge on login).
 */

/** The public part of a user as carried by events (no roles, no credentials). */
export interface UserSnapshot {
  /** User id (`usr_…`). */
  id: string;
  /** Lowercased email. */
  email: string;
  firstName: string | null;
  lastName: string | null;
  locale: 'en' | 'fr';
}

/** Typed map of identity events. */
export interface IdentityEvents {
  /**
   * An account with credentials was created: self sign-up (`POST /api/auth/register`), a user
   * created through the contract (CLI, back office) or the first admin. Imported customers
   * (no email, no password) do not emit it.
   */
  'user.registered': { user: UserSnapshot };
}

/** Name of an identity event. */
export type IdentityEventName = keyof IdentityEvents;
