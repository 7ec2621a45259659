/**
 * Newsletters module: subscriptions with double opt-in and consent proof, one-click unsubscribe,
 * lists as segments (orders and catalog contracts), campaigns in English and French sent in
 * batches at `MAIL_RATE_PER_MINUTE`, bounces and complaints. This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { AnalyticsContract } from '../analytics/index.js';
import type { CatalogContract } from '../catalog/index.js';
import type { IdentityContract } from '../identity/index.js';
import type { OrdersContract } from '../orders/index.js';
import { renderCampaignMail } from './domain/render.js';
import { newslettersRoutes } from './newsletters.routes.js';
import { CampaignSender, type CampaignTransport } from './newsletters.sender.js';
import { NewslettersService } from './newsletters.service.js';

export { NewslettersErrors } from './newsletters.errors.js';
export { newslettersEvents, type NewslettersEvents } from './newsletters.events.js';
export { DEFAULT_CONSENT_TEXT } from './domain/render.js';

/** Name of the job that starts due scheduled campaigns (every 30 s and after a schedule). */
export const CAMPAIGNS_JOB = 'newsletters.campaigns';
/** Name of the job that sends campaign mail (with SMTP only; after a campaign starts, and each minute). */
export const SEND_JOB = 'newsletters.send';

/** What newsletters needs from the composition root besides the module context. */
export interface NewslettersDeps {
  orders: OrdersContract;
  catalog: CatalogContract;
  identity: IdentityContract;
  /** RFM segments of lists. */
  analytics: Pick<AnalyticsContract, 'rfmSegmentCustomers'>;
  /**
   * Makes the mail transport from an SMTP URL (with `config.smtpUrl` set): the composition root
   * passes the notifications module's nodemailer transport (`smtpTransport`).
   */
  transport: (smtpUrl: string) => CampaignTransport;
}

/** `smtpUrl` with nodemailer pooling on (a campaign sends many mails over a few connections). */
function pooled(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '5');
  return url.toString();
}

/**
 * Creates the newsletters module: migrations (schema `newsletters`), routes, the consumer
 * `newsletters` of `newsletter.campaign_started` (wakes the sender), `user.erased` (the person's
 * subscriptions go), the job `newsletters.campaigns` (starts due campaigns) and, when
 * `config.smtpUrl` is set, `newsletters.send` ({@link CampaignSender} over the notifications
 * module's nodemailer transport, pooled, handed in by the composition root). Without `SMTP_URL`, campaigns start but wait unsent.
 * The double opt-in mail goes through notifications (`newsletter.confirmation_requested`).
 * Subscribers carry a `site` code (`default` until the sites module exists).
 */
export function createNewslettersModule(ctx: ModuleContext, deps: NewslettersDeps): AppModule {
  const { config } = ctx;
  const log = ctx.log.child({ module: 'newsletters' });
  let sendJob: { trigger(): void } | undefined;
  const service = new NewslettersService(ctx.database, {
    tokens: ctx.tokens, publicUrl: config.publicUrl, mailFrom: config.mailFrom, log,
    orders: deps.orders, catalog: deps.catalog, identity: deps.identity, analytics: deps.analytics, tracking: config.newsletterTracking,
    campaignsDue: () => ctx.jobs.trigger(CAMPAIGNS_JOB),
  });
  ctx.jobs.register({ name: CAMPAIGNS_JOB, everyMs: 30_000, runAtStart: true, run: () => service.startDue() });

  const transport = config.smtpUrl ? deps.transport(pooled(config.smtpUrl)) : undefined;
  const sender = transport
    ? new CampaignSender(ctx.database, service, transport, log, { from: config.mailFrom, ratePerMinute: config.mailRatePerMinute }, () => sendJob?.trigger())
    : undefined;
  if (sender) sendJob = ctx.jobs.register({ name: SEND_JOB, everyMs: 60_000, runAtStart: true, run: () => sender.run() });

  ctx.relay.subscribe('newsletters', ['newsletter.campaign_started', 'user.erased'], async (event, tx) => {
    if (event.type === 'user.erased') {
      const { userId } = event.payload as { userId?: string };
      if (userId) await service.eraseCustomer(tx, userId);
      return;
    }
    sendJob?.trigger();
  });

  const testSend = transport
    ? async (campaignId: string, email: string, locale: 'en' | 'fr') => {
      const c = await service.campaign(campaignId);
      const mail = renderCampaignMail(c.content[locale], locale, service.links('nsub_00000000000000000000000000', c.id, false));
      await transport.send({ from: config.mailFrom, to: email, subject: `[TEST] ${mail.subject}`, text: mail.text, html: mail.html, headers: { ...mail.headers, 'X-Comptoir-Campaign': c.id } });
    }
    : undefined;

  return {
    name: 'newsletters',
    migrations: { name: 'newsletters', folder: 'src/modules/newsletters/db/migrations' },
    routes: (server) => newslettersRoutes(server, service, { webhookSecret: config.newsletterWebhookSecret, testSend }),
    stop: async () => sender?.stop(),
  };
}
