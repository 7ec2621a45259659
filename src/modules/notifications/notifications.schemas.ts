import { Type, type Static } from '@sinclair/typebox';
import { Pagination, pageQueryFields } from '../../platform/http/schemas.js';
import { MAIL_TEMPLATES } from './domain/templates.js';

const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC' });
/** `T | null`. */
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** `{id}` path parameter (at most 64 characters). */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** A mail template name (every one of `MAIL_TEMPLATES`). */
export const TemplateSchema = Type.Union(MAIL_TEMPLATES.map((t) => Type.Literal(t)), { description: 'Mail template' });
/** A mail status. */
export const MailStatusSchema = Type.Union([Type.Literal('stored'), Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')], {
  description: '`stored`: no SMTP configured, kept for the back office; `queued`: waiting for the SMTP sender; `sent`; `failed`',
});

/** Query of `GET /api/admin/mail`: filters and paging. */
export const MailListQuery = Type.Object({
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'Recipient address (case-insensitive exact match)' })),
  template: Type.Optional(TemplateSchema),
  status: Type.Optional(MailStatusSchema),
  ...pageQueryFields(),
});
export type MailListQuery = Static<typeof MailListQuery>;

/** Query of `GET /api/admin/sms`: recipient filter and paging. */
export const SmsListQuery = Type.Object({
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Phone number (exact match)' })),
  ...pageQueryFields(),
});
export type SmsListQuery = Static<typeof SmsListQuery>;

const mailFields = {
  id: Type.String({ description: '`mail_…`' }),
  to: Type.String(),
  subject: Type.String(),
  locale: Type.Union([Type.Literal('en'), Type.Literal('fr')]),
  template: TemplateSchema,
  status: MailStatusSchema,
  providerMessageId: Nullable(Type.String({ description: 'The SMTP server’s message id once sent' })),
  error: Nullable(Type.String({ description: 'Last delivery error' })),
  sourceEventId: Nullable(Type.String({ description: 'The event (`evt_…`) the message answers' })),
  createdAt: Timestamp,
  sentAt: Type.Union([Timestamp, Type.Null()]),
};

/** A mail message in lists (no bodies). */
export const MailSummarySchema = Type.Object(mailFields, { $id: 'MailSummary' });
/** A mail message with its text and HTML bodies. */
export const MailMessageSchema = Type.Object(
  { ...mailFields, text: Type.String({ description: 'Plain-text body' }), html: Type.String({ description: 'HTML body (every interpolated value escaped)' }) },
  { $id: 'MailMessage' },
);

/** An SMS for the provider: `queued` until the provider has it, then `sent` or `failed`. */
export const SmsSchema = Type.Object(
  {
    id: Type.String({ description: '`sms_…`' }),
    to: Type.String(),
    body: Type.String(),
    status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')], {
      description: '`queued`: recorded, handed to the provider once the change that asked for it has committed',
    }),
    provider: Type.String({ description: '`log` for the built-in logging provider' }),
    providerMessageId: Nullable(Type.String()),
    error: Nullable(Type.String()),
    sourceEventId: Nullable(Type.String()),
    createdAt: Timestamp,
  },
  { $id: 'SmsMessage' },
);

/** An in-app notification as its owner sees it. */
export const NotificationSchema = Type.Object(
  {
    id: Type.String({ description: '`ntf_…`' }),
    kind: Type.Union([Type.Literal('order_placed'), Type.Literal('order_shipped'), Type.Literal('order_cancelled'), Type.Literal('order_refunded')]),
    title: Type.String(),
    body: Type.String(),
    link: Nullable(Type.String({ description: 'Storefront path, e.g. `/account/orders/ord_…`' })),
    read: Type.Boolean(),
    readAt: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
  },
  { $id: 'Notification' },
);

/** `GET /api/notifications` answer: a page plus the user's unread count. */
export const NotificationListResponse = Type.Object({
  data: Type.Array(Type.Ref(NotificationSchema)),
  pagination: Pagination,
  unread: Type.Integer({ description: 'Unread notifications of the user (all pages)' }),
});
