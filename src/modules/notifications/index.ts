/**
 * Notifications module: in-app notifications, mail from templates (English and French) and SMS,
 * driven by identity and orders events. This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import { CONSUMED_EVENTS } from './notifications.events.js';
import { notificationsRoutes } from './notifications.routes.js';
import { NotificationsService, type NotificationsDeps } from './notifications.service.js';
import { shopNameFrom } from './domain/templates.js';
import { MailSender, smtpTransport, type MailTransport } from './mail.sender.js';
import { LoggingSmsProvider, type SmsProvider } from './sms.js';

export type {
  MailFilter, MailMessageDto, MailStatus, MailSummary, MailTemplate, Locale, NotificationDto, NotificationKind, Page, SmsDto,
} from './notifications.contract.js';
export type { ConsumedEvents } from './notifications.events.js';
export type { SmsProvider, SmsResult } from './sms.js';
export type { MailTransport, OutgoingMail } from './mail.sender.js';
export { LoggingSmsProvider } from './sms.js';
/** nodemailer over an SMTP URL as a {@link MailTransport} (newsletters sends campaigns with it). */
export { smtpTransport } from './mail.sender.js';
export { NotificationsErrorCode } from './notifications.errors.js';

/** How often queued SMS are looked for besides right after each commit that queued some (ms). */
const SMS_ROUND_EVERY_MS = 60_000;
/** Name of the job that hands queued SMS to the provider. */
const SMS_JOB = 'notifications.sms';

/** Optional dependency and adapters (defaults: no sites, the logging SMS provider; nodemailer over `config.smtpUrl`). */
export interface NotificationsOptions {
  /** The sites contract (`find`): mail of an order or subscription of another site than the default speaks as that site (name, logo, colour, sender). */
  sites?: NotificationsDeps['sites'];
  sms?: SmsProvider;
  /** Replaces the SMTP transport (used only when `config.smtpUrl` is set). */
  mailTransport?: MailTransport;
}

/**
 * Creates the notifications module: migrations (schema `notifications`), routes, the relay
 * subscription (consumer `notifications`: `user.registered`, `user.email_verification_requested`,
 * `user.registration_attempted`, `user.password_reset_requested`, `order.placed`, `order.shipped`,
 * `order.delivered`, `order.cancelled`, `order.refunded`), the job `notifications.sms` (at start, after each commit that queued SMS,
 * and every minute: it catches SMS whose after-commit send did not happen, after a crash or a
 * lost lease) and, when `config.smtpUrl` is set, the SMTP sender (job `notifications.mail`, see
 * {@link MailSender}; it listens from `start()` to `stop()`). Without `SMTP_URL` mail is stored
 * and listed at `GET /api/admin/mail`. It offers no contract: nothing outside the module calls it.
 */
export function createNotificationsModule(ctx: ModuleContext, options: NotificationsOptions = {}): AppModule {
  const { config, database } = ctx;
  const log = ctx.log.child({ module: 'notifications' });
  const smtp = !!config.smtpUrl;
  const sender = smtp
    ? new MailSender(database, options.mailTransport ?? smtpTransport(config.smtpUrl as string), log, ctx.jobs, { from: config.mailFrom })
    : undefined;
  const service = new NotificationsService(database, {
    smtp,
    shopName: shopNameFrom(config.mailFrom),
    ...(options.sites ? { sites: options.sites } : {}),
    sms: options.sms ?? new LoggingSmsProvider(log),
    log,
    mailQueued: () => sender?.wake(),
    smsQueued: () => ctx.jobs.trigger(SMS_JOB),
  });
  ctx.jobs.register({ name: SMS_JOB, everyMs: SMS_ROUND_EVERY_MS, runAtStart: true, run: () => service.sendQueuedSms() });

  ctx.relay.subscribeBatch('notifications', [...CONSUMED_EVENTS], (events, tx) => service.handleBatch(events, tx));

  return {
    name: 'notifications',
    migrations: { name: 'notifications', folder: 'src/modules/notifications/db/migrations' },
    routes: (server) => notificationsRoutes(server, service),
    start: async () => sender?.start(),
    stop: async () => sender?.stop(),
  };
}
