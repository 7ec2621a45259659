import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `identity`: users and their refresh tokens (ARCHITECTURE.md §7). */
export const identitySchema = pgSchema('identity');

/**
 * A person known to the shop: a signed-up customer, a back-office user, or a customer from
 * imported data.
 * - `email` is stored trimmed and lowercased (CHECK), unique; null for imported customers.
 * - `password_hash` is an argon2id PHC string; null when the user cannot sign in (imported).
 * - `roles` are role names (see domain/roles.ts); permissions derive from them.
 * - `source` + `external_id` identify an imported customer in its source (unique together).
 * - `email_verified_at` is set when the owner followed a verification or password-reset link
 *   (or an operator created the account); null while unverified: such an account cannot sign in.
 * - `token_version` is carried by access tokens (claim `ver`); bumping it (sign out everywhere,
 *   role change, password change or reset) makes every access token issued before unusable on
 *   admin routes.
 * - `tags` are staff's tags on a customer (lower case, sorted, unique).
 */
export const users = identitySchema.table(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email'),
    passwordHash: text('password_hash'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    roles: text('roles').array().notNull().default(sql`'{customer}'::text[]`),
    /** Staff limited to these sites' back office (site codes); null: every site. */
    sites: text('sites').array(),
    country: text('country'),
    locale: text('locale', { enum: ['en', 'fr'] }).notNull().default('en'),
    source: text('source'),
    externalId: text('external_id'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    tokenVersion: integer('token_version').notNull().default(0),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_source_external_id_key').on(t.source, t.externalId),
    index('users_created_at_idx').on(t.createdAt),
    check('users_email_normalized', sql`${t.email} = lower(btrim(${t.email}))`),
    check('users_locale_known', sql`${t.locale} in ('en', 'fr')`),
    check('users_token_version_nonnegative', sql`${t.tokenVersion} >= 0`),
  ],
);

/**
 * Rotating refresh tokens. The token itself is never stored: `token_hash` is its SHA-256 (hex).
 * Every token descends from one sign-in through rotation; they share `family_id`. A token is
 * usable while `used_at` and `revoked_at` are null and `expires_at` is in the future. Presenting
 * an already used token revokes the whole family (replay detection). `family_started_at` is the
 * sign-in that started the family: no token of it is accepted past the absolute lifetime
 * (`REFRESH_TOKEN_MAX_DAYS`) after that, however often it was rotated.
 */
export const refreshTokens = identitySchema.table(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: text('family_id').notNull(),
    familyStartedAt: timestamp('family_started_at', { withTimezone: true }).notNull().defaultNow(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('refresh_tokens_token_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_id_idx').on(t.familyId),
    index('refresh_tokens_user_id_idx').on(t.userId),
  ],
);

/**
 * Failed sign-ins per account key (the normalised email, whether or not an account has it, so the
 * throttle tells nothing about which addresses exist). `failures` counts consecutive failures;
 * from the configured threshold on, each failure sets `locked_until` further ahead (exponential
 * backoff) and sign-in is refused until then, even with the right password. A success deletes the
 * row; a row whose `last_failure_at` is a day old starts over. Kept in the database so the
 * throttle holds across processes.
 */
export const loginThrottle = identitySchema.table(
  'login_throttle',
  {
    accountKey: text('account_key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_throttle_last_failure_at_idx').on(t.lastFailureAt)],
);

/** A row of `identity.users` as Drizzle reads it. */
export type UserRow = typeof users.$inferSelect;

/** A staff note on a customer (never shown to them); `author` is the user id who wrote it. */
export const customerNote = identitySchema.table(
  'customer_note',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    author: text('author'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customer_note_user_idx').on(t.userId, t.createdAt)],
);

/**
 * A customer's saved postal address (address book), checked and normalised for its country
 * (domain/addresses.ts): postal code in the post's format, phone in E.164, country ISO 3166-1
 * alpha-2. `label` is the customer's name for it ("Home", "Office"). At most one address of a
 * user is the default shipping address and one the default billing address (partial unique
 * indexes). Erased with its user (cascade).
 */
export const address = identitySchema.table(
  'address',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    label: text('label'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    region: text('region'),
    postalCode: text('postal_code').notNull(),
    country: text('country').notNull(),
    phone: text('phone'),
    defaultShipping: boolean('default_shipping').notNull().default(false),
    defaultBilling: boolean('default_billing').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('address_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('address_default_shipping_uq').on(t.userId).where(sql`default_shipping`),
    uniqueIndex('address_default_billing_uq').on(t.userId).where(sql`default_billing`),
    check('address_country_iso', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);

/** A row of `identity.address` as Drizzle reads it. */
export type AddressRow = typeof address.$inferSelect;
