/**
 * Support module: tickets with messages, internal notes and attachments (kept in platform
 * storage), the agents' queue with SLA targets, canned replies, inbound mail, the contact form and the help
 * centre (FAQ articles in English and French with typo-tolerant search). This file is
 * the module's only import surface.
 */
import { Gauge, type Registry } from 'prom-client';
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { FileScanner, ObjectStore } from '../../platform/storage/index.js';
import type { IdentityContract } from '../identity/index.js';
import type { OrdersContract } from '../orders/index.js';
import { quantile } from './domain/tickets.js';
import { CannedReplies } from './support.canned.js';
import { TicketSecrets } from './support.mail.js';
import { ContactMessages } from './support.contact.js';
import { HelpCentre } from './support.help.js';
import { helpRoutes } from './support.help.routes.js';
import { contactRoutes, supportRoutes } from './support.routes.js';
import { SupportService } from './support.service.js';
import { eraseCustomer } from './support.privacy.js';
import { SlaSettings } from './support.sla.js';
import { slaRoutes } from './support.sla.routes.js';

export { SupportErrors } from './support.errors.js';
export type { SupportEvents, TicketSnapshot, MailThread } from './support.events.js';
/** The payload schemas of the support events (defined with the platform when this module is loaded). */
export { supportEvents } from './support.events.js';

/** Name of the job closing solved tickets after `SUPPORT_AUTO_CLOSE_DAYS`. */
export const AUTO_CLOSE_JOB = 'support.auto-close';
/** Name of the job scanning quarantined attachments (with `CLAMAV_HOST`). */
export const SCAN_JOB = 'support.scan';
/** Name of the job forgetting old zero-result help searches (daily). */
export const HELP_PRUNE_JOB = 'support.help-prune';
/** Name of the job refreshing the support metrics (each minute). */
export const METRICS_JOB = 'support.metrics';

/** What support needs from the composition root besides the module context. */
export interface SupportModuleDeps {
  identity: IdentityContract;
  orders: OrdersContract;
  storage: ObjectStore;
  scanner?: FileScanner;
  /** The registry `/metrics` exposes (first-response quantiles, backlog). */
  metrics: Registry;
}

/**
 * Creates the support module: migrations (schema `support`), routes, the jobs
 * `support.auto-close` (hourly) and `support.scan` (each minute and after each upload, when a
 * scanner is configured), and the metrics `support_first_response_seconds{quantile}` (tickets
 * opened in the last 30 days, median and p90) and `support_backlog_tickets{state}` /
 * `support_overdue_tickets`, refreshed each minute by the job `support.metrics` (never at a scrape).
 * Consumer `support` of `user.erased`: the person's tickets and contact messages are anonymised.
 */
export function createSupportModule(ctx: ModuleContext, deps: SupportModuleDeps): AppModule {
  const { config } = ctx;
  const log = ctx.log.child({ module: 'support' });
  const sla = new SlaSettings(ctx.database);
  const service = new SupportService(ctx.database, {
    sla,
    identity: deps.identity, orders: deps.orders, storage: deps.storage, scanner: deps.scanner,
    secrets: new TicketSecrets(ctx.tokens, config.mailFrom), publicUrl: config.publicUrl,
    attachmentLimitBytes: config.attachmentLimitBytes, log,
    scanQueued: () => { if (deps.scanner) ctx.jobs.trigger(SCAN_JOB); },
  });
  const canned = new CannedReplies(ctx.database);
  const contacts = new ContactMessages(ctx.database, service, log, config.contactMinFillSeconds);
  ctx.relay.subscribe('support', 'user.erased', async (event, tx) => {
    const erased = await eraseCustomer(tx, event.payload.userId, event.payload.emailSha256);
    log.info({ userId: event.payload.userId, ...erased }, 'support: erased customer anonymised');
  });
  const help = new HelpCentre(ctx.database);
  ctx.jobs.register({ name: HELP_PRUNE_JOB, everyMs: 86_400_000, run: () => help.pruneMisses() });
  ctx.jobs.register({ name: AUTO_CLOSE_JOB, everyMs: 3_600_000, run: () => service.autoClose(config.supportAutoCloseDays) });
  if (deps.scanner) ctx.jobs.register({ name: SCAN_JOB, everyMs: 60_000, runAtStart: true, run: () => service.scanPending() });

  // Set by a job, never on a scrape: a Prometheus scrape does not touch the database.
  const firstResponse = new Gauge({
    name: 'support_first_response_seconds', help: 'First public agent reply after opening, tickets opened in the last 30 days (quantiles 0.5 and 0.9)',
    labelNames: ['quantile'], registers: [deps.metrics],
  });
  const overdue = new Gauge({ name: 'support_overdue_tickets', help: 'Open tickets past their SLA target', registers: [deps.metrics] });
  const backlogGauge = new Gauge({ name: 'support_backlog_tickets', help: 'Tickets not solved yet, by state', labelNames: ['state'], registers: [deps.metrics] });
  ctx.jobs.register({
    name: METRICS_JOB, everyMs: 60_000, runAtStart: true,
    run: async () => {
      const values = await service.firstResponseSeconds(30);
      for (const q of [0.5, 0.9]) {
        const v = quantile(values, q);
        if (v !== null) firstResponse.set({ quantile: String(q) }, v);
      }
      const backlog = await service.backlog();
      for (const [state, n] of Object.entries(backlog.byState)) backlogGauge.set({ state }, n);
      overdue.set(backlog.overdue);
    },
  });

  return {
    name: 'support',
    migrations: { name: 'support', folder: 'src/modules/support/db/migrations' },
    routes: async (server) => {
      await supportRoutes(server, service, canned, { attachmentLimitBytes: config.attachmentLimitBytes, inboundSecret: config.supportInboundSecret });
      helpRoutes(server, help);
      slaRoutes(server, sla);
      contactRoutes(server, contacts, { rateLimitPerMinute: config.contactRateLimitPerMinute, writeRateLimitPerMinute: config.writeRateLimitPerMinute });
    },
  };
}
