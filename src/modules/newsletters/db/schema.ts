import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `newsletters`: subscribers, consent proofs, suppressions, lists, campaigns and their recipients. */
export const newslettersSchema = pgSchema('newsletters');

/** Subscriber states: `pending` (waiting for the double opt-in), `confirmed`, `unsubscribed`. */
export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;
/** Campaign states: `draft` → `scheduled` → `sending` → `sent`; `cancelled` from draft, scheduled or sending. */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
/**
 * Recipient states: `pending` (to send), `sending` (claimed by a sender), `sent` (accepted by the
 * SMTP server), `failed` (refused, or interrupted by a crash: never sent again, so nobody gets it
 * twice), `skipped` (unsubscribed or suppressed before their turn), `bounced` (a bounce came back).
 */
export const RECIPIENT_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped', 'bounced'] as const;

/**
 * A newsletter subscriber of one site (`site`: the site code, `default` until sites exist).
 * `email_lower` is unique per site. `customer_id` is the identity user (`usr_…`) when signed in.
 * `soft_bounces` counts soft bounces since the last sent mail that did not bounce.
 */
export const subscriber = newslettersSchema.table(
  'subscriber',
  {
    id: text('id').primaryKey(),
    site: text('site').notNull().default('default'),
    email: text('email').notNull(),
    emailLower: text('email_lower').notNull(),
    locale: text('locale', { enum: ['en', 'fr'] }).notNull().default('en'),
    country: text('country'),
    customerId: text('customer_id'),
    status: text('status', { enum: SUBSCRIBER_STATUSES }).notNull().default('pending'),
    source: text('source').notNull(),
    softBounces: integer('soft_bounces').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('subscriber_site_email_uq').on(t.site, t.emailLower),
    index('subscriber_customer_idx').on(t.customerId),
    index('subscriber_status_idx').on(t.status, t.site),
    check('subscriber_status_ck', sql`${t.status} in ('pending', 'confirmed', 'unsubscribed')`),
  ],
);

/**
 * The consent proof (GDPR art. 7(1)): one row per subscribe, confirm, unsubscribe or import, with
 * the time, the client IP, the site, the language and the exact consent text shown (or the
 * import's consent source). Never updated.
 */
export const consent = newslettersSchema.table(
  'consent',
  {
    id: text('id').primaryKey(),
    subscriberId: text('subscriber_id').notNull().references(() => subscriber.id, { onDelete: 'cascade' }),
    action: text('action', { enum: ['subscribe', 'confirm', 'unsubscribe', 'import'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    site: text('site').notNull(),
    locale: text('locale').notNull(),
    consentText: text('consent_text'),
    source: text('source').notNull(),
  },
  (t) => [index('consent_subscriber_idx').on(t.subscriberId, t.at)],
);

/** Addresses never mailed again (all sites): hard bounces and complaints. */
export const suppression = newslettersSchema.table('suppression', {
  emailLower: text('email_lower').primaryKey(),
  reason: text('reason', { enum: ['hard_bounce', 'complaint', 'manual'] }).notNull(),
  detail: text('detail'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A list: a named segment of the confirmed subscribers, by criteria (all optional, combined with
 * AND): site, locale, country, bought a SKU, bought in a category, never ordered.
 */
export const list = newslettersSchema.table('list', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  criteria: jsonb('criteria').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A campaign to a list, with its English and French versions (each subscriber gets their
 * language). `tracking` adds an open pixel and click redirects (only when `NEWSLETTER_TRACKING` allows it).
 */
export const campaign = newslettersSchema.table(
  'campaign',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    listId: text('list_id').notNull().references(() => list.id),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
    tracking: boolean('tracking').notNull().default(false),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('campaign_status_idx').on(t.status, t.scheduledAt),
    check('campaign_status_ck', sql`${t.status} in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')`),
  ],
);

/** One recipient of a campaign (snapshot of the address and language at the start), with its delivery status. */
export const recipient = newslettersSchema.table(
  'recipient',
  {
    campaignId: text('campaign_id').notNull().references(() => campaign.id, { onDelete: 'cascade' }),
    subscriberId: text('subscriber_id').notNull(),
    email: text('email').notNull(),
    locale: text('locale').notNull(),
    status: text('status', { enum: RECIPIENT_STATUSES }).notNull().default('pending'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    messageId: text('message_id'),
    error: text('error'),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    clickedAt: timestamp('clicked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.subscriberId] }),
    index('recipient_pending_idx').on(t.campaignId, t.subscriberId).where(sql`${t.status} = 'pending'`),
    index('recipient_email_idx').on(sql`lower(${t.email})`),
    check('recipient_status_ck', sql`${t.status} in ('pending', 'sending', 'sent', 'failed', 'skipped', 'bounced')`),
  ],
);
