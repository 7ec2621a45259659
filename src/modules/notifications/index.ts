/**
 * Notifications module: in-app notifications, mail from templates (English and French) and SMS,
 * driven by identity and orders events. This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { NotificationsContract } from './notifications.contract.js';
import { CONSUMED_EVENTS } from './notifications.events.js';
import { notificationsRoutes } from './notifications.routes.js';
import { NotificationsService } from './notifications.service.js';
import { shopNameFrom } from './domain/templates.js';
import { MailSender, smtpTransport, type MailTransport } from './mail.sender.js';
import { LoggingSmsProvider, type SmsProvider } from './sms.js';

export type {
  NotificationsContract, MailFilter, MailMessageDto, MailStatus, MailSummary, MailTemplate, Locale, NotificationDto, NotificationKind, Page, SmsDto,
} from './notifications.contract.js';
export type { ConsumedEvents } from './notifications.events.js';
export type { SmsProvider, SmsResult } from './sms.js';
export type { MailTransport, OutgoingMail } from './mail.sender.js';
export { LoggingSmsProvider } from './sms.js';
export { NotificationsErrorCode } from './notifications.errors.js';

/** How often queued SMS are looked for besides right after each commit that queued some (ms). */
const SMS_ROUND_EVERY_MS = 60_000;

/** Optional adapters (defaults: the logging SMS provider; nodemailer over `config.smtpUrl`). */
export interface NotificationsOptions {
  sms?: SmsProvider;
  /** Replaces the SMTP transport (used only when `config.smtpUrl` is set). */
  mailTransport?: MailTransport;
}

/**
 * Creates the notifications module: migrations (schema `notifications`), routes, the relay
 * subscription (consumer `notifications`: `user.registered`, `order.placed`, `order.shipped`,
 * `order.cancelled`), the SMS rounds (after each commit that queued SMS, and every minute from
 * `start()`) and, when `config.smtpUrl` is set, the background SMTP sender (started in
 * `start()`, stopped in `stop()`). Without `SMTP_URL` mail is stored and listed at
 * `GET /api/admin/mail`.
 */
export function createNotificationsModule(ctx: ModuleContext, options: NotificationsOptions = {}): AppModule & { contract: NotificationsContract } {
  const { config, database } = ctx;
  const log = ctx.log.child({ module: 'notifications' });
  const smtp = !!config.smtpUrl;
  let sender: MailSender | undefined;
  const service = new NotificationsService(database, {
    smtp,
    shopName: shopNameFrom(config.mailFrom),
    sms: options.sms ?? new LoggingSmsProvider(log),
    log,
    mailQueued: () => sender?.wake(),
  });
  const transport = () => options.mailTransport ?? smtpTransport(config.smtpUrl as string);

  ctx.relay.subscribeBatch('notifications', [...CONSUMED_EVENTS], (events, tx) => service.handleBatch(events, tx));

  const contract: NotificationsContract = {
    flushMail: async () => (sender ? sender.flush() : { sent: 0, failed: 0 }),
    flushSms: () => service.sendQueuedSms(),
  };
  /** The periodic SMS round: catches SMS whose after-commit send did not happen (a crash, a lost lease). */
  let smsTimer: NodeJS.Timeout | undefined;
  const smsRound = () => void service.sendQueuedSms().catch((err) => log.error({ err }, 'SMS round failed'));

  return {
    name: 'notifications',
    migrations: { name: 'notifications', folder: 'src/modules/notifications/db/migrations' },
    routes: (server) => notificationsRoutes(server, service),
    async start() {
      smsRound();
      smsTimer = setInterval(smsRound, SMS_ROUND_EVERY_MS);
      smsTimer.unref();
      if (!smtp) return;
      sender = new MailSender(database, transport(), log, { from: config.mailFrom });
      await sender.start();
    },
    async stop() {
      clearInterval(smsTimer);
      await service.smsIdle();
      await sender?.stop();
      sender = undefined;
    },
    contract,
  };
}
