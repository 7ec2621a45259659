import type { Locale, MailTemplate, NotificationKind } from './domain/templates.js';

export type { Locale, MailTemplate, NotificationKind };

/** Status of a mail message: `stored` (no SMTP: kept for the back office), `queued`, `sent`, `failed`. */
export type MailStatus = 'stored' | 'queued' | 'sent' | 'failed';

/** A page of results (`page` is 1-based). */
export interface Page<T> {
  data: T[];
  pagination: { total: number; limit: number; page: number };
}

/** A mail message without its bodies, as lists show it. Times ISO 8601 UTC. */
export interface MailSummary {
  /** `mail_…` */
  id: string;
  to: string;
  subject: string;
  locale: Locale;
  template: MailTemplate;
  status: MailStatus;
  /** The SMTP server's message id once sent. */
  providerMessageId: string | null;
  /** Last delivery error (failed, or queued for a retry). */
  error: string | null;
  /** The event (`evt_…`) the message answers. */
  sourceEventId: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A mail message with its plain-text and HTML bodies. */
export interface MailMessageDto extends MailSummary {
  text: string;
  html: string;
}

/** Filters of the mail list (`GET /api/admin/mail`), newest first. `page` 1-based, `limit` 1–100 (default 20). */
export interface MailFilter {
  /** Recipient address, compared case-insensitively. */
  to?: string;
  template?: MailTemplate;
  status?: MailStatus;
  page?: number;
  limit?: number;
}

/** An SMS for the SMS provider: `queued` until the provider has it (see `SMS_STATUSES`). */
export interface SmsDto {
  /** `sms_…` */
  id: string;
  to: string;
  body: string;
  status: 'queued' | 'sent' | 'failed';
  /** Provider name (`log` for the logging provider). */
  provider: string;
  providerMessageId: string | null;
  error: string | null;
  sourceEventId: string | null;
  createdAt: string;
}

/** An in-app notification as its owner sees it. */
export interface NotificationDto {
  /** `ntf_…` */
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Storefront path to open (`/account/orders/<id>`), or null. */
  link: string | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}
