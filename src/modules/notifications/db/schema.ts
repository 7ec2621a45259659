import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `notifications`: in-app notifications, outgoing mail and SMS. */
export const notificationsSchema = pgSchema('notifications');

/** Kinds of in-app notification. */
export const NOTIFICATION_KINDS = ['order_placed', 'order_shipped', 'order_cancelled', 'order_refunded'] as const;
/** Mail templates (see domain/templates.ts). */
export const MAIL_TEMPLATES = ['welcome', 'verify_email', 'registration_attempt', 'password_reset', 'order_confirmation', 'order_shipped', 'order_delivered', 'order_cancelled', 'order_refunded', 'scheduled_report', 'shipment_out_for_delivery', 'shipment_exception', 'support_ticket_opened', 'support_reply', 'support_contact_received', 'support_contact_reply', 'newsletter_confirm'] as const;
/**
 * Mail statuses: `stored` (no SMTP configured: kept for the back office only), `queued` (waiting
 * for the SMTP sender), `sent` (accepted by the SMTP server), `failed` (refused, or still failing
 * after every retry).
 */
export const MAIL_STATUSES = ['stored', 'queued', 'sent', 'failed'] as const;
/**
 * SMS statuses: `queued` (recorded with the event that asked for it, waiting to be handed to the
 * provider once that transaction has committed), `sent` (handed to the provider; the logging
 * provider logs it), `failed` (the provider refused it).
 */
export const SMS_STATUSES = ['queued', 'sent', 'failed'] as const;

/**
 * An in-app notification for one user (`user_id`, a `usr_…` id owned by identity). `read_at` null
 * while unread. `(kind, source_event_id)` is unique: one notification per event and kind.
 */
export const notification = notificationsSchema.table(
  'notification',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sourceEventId: text('source_event_id'),
  },
  (t) => [
    index('notification_user_created_idx').on(t.userId, t.createdAt),
    index('notification_user_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
    uniqueIndex('notification_kind_event_uq').on(t.kind, t.sourceEventId),
  ],
);

/**
 * One outgoing mail, rendered from a template in the recipient's locale. `(template,
 * source_event_id)` is unique: a redelivered event cannot produce a second message even if the
 * inbox were bypassed. `attempts` and `next_attempt_at` drive the SMTP sender (lease and backoff).
 * `headers`: threading headers a support mail carries (`Message-ID`, `In-Reply-To`, `References`,
 * `Reply-To`); null for other mail.
 */
export const mailMessage = notificationsSchema.table(
  'mail_message',
  {
    id: text('id').primaryKey(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    locale: text('locale', { enum: ['en', 'fr'] }).notNull(),
    template: text('template', { enum: MAIL_TEMPLATES }).notNull(),
    status: text('status', { enum: MAIL_STATUSES }).notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    sourceEventId: text('source_event_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    headers: jsonb('headers').$type<Record<string, string>>(),
  },
  (t) => [
    uniqueIndex('mail_message_template_event_uq').on(t.template, t.sourceEventId),
    index('mail_message_created_idx').on(t.createdAt),
    index('mail_message_to_idx').on(sql`lower(${t.to})`),
    index('mail_message_queued_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
    check('mail_message_status_ck', sql`${t.status} in ('stored', 'queued', 'sent', 'failed')`),
  ],
);

/** One outgoing SMS (at most one per source event), as handed to the SMS provider. */
export const smsMessage = notificationsSchema.table(
  'sms_message',
  {
    id: text('id').primaryKey(),
    to: text('to').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: SMS_STATUSES }).notNull(),
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    sourceEventId: text('source_event_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** While `queued`: when the sender may take it (a sender's 10-minute lease pushes it ahead). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sms_message_event_uq').on(t.sourceEventId),
    index('sms_message_created_idx').on(t.createdAt),
    index('sms_message_queued_idx').on(t.id).where(sql`status = 'queued'`),
    check('sms_message_status_ck', sql`${t.status} in ('queued', 'sent', 'failed')`),
  ],
);

/**
 * A file attached to a mail (a scheduled report): name, MIME type and the bytes as base64, handed
 * to the SMTP transport with its mail and listed with it in the back office.
 */
export const mailAttachment = notificationsSchema.table(
  'mail_attachment',
  {
    mailId: text('mail_id').notNull().references(() => mailMessage.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    contentBase64: text('content_base64').notNull(),
  },
  (t) => [index('mail_attachment_mail_idx').on(t.mailId)],
);
