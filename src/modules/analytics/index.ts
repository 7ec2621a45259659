/**
 * Analytics module: the organisation (regions, stores), targets, the sales fact table fed by every
 * channel, rollups kept fresh from it, KPIs and consolidation, what-if scenarios, access scoped by
 * the organisation.
 * This file is the module's only import surface.
 */
import { join } from 'node:path';
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { CatalogContract } from '../catalog/index.js';
import { permissionsFor, type IdentityContract } from '../identity/index.js';
import type { OrdersContract } from '../orders/index.js';
import type { AnalyticsContract } from './analytics.contract.js';
import { analysesRoutes } from './analytics.analyses.routes.js';
import { AnswerCache } from './analytics.cache.js';
import { appendSaleLines, FACTS_CHANNEL, onFactsCommitted } from './analytics.facts.js';
import { analyticsImportsRoutes } from './analytics.imports.routes.js';
import { kpisRoutes } from './analytics.kpis.routes.js';
import { backfillHistory, recordImportedHistory } from './analytics.online-retail.js';
import { ensureOrganisation, importStores, onlineStore } from './analytics.organisation.js';
import { organisationRoutes } from './analytics.organisation.routes.js';
import { ReportExports } from './analytics.report-exports.js';
import { ReportSubscriptions } from './analytics.report-subscriptions.js';
import { reportsRoutes } from './analytics.reports.routes.js';
import { RollupService } from './analytics.rollups.js';
import { ScenariosService } from './analytics.scenarios.js';
import { scenariosRoutes } from './analytics.scenarios.routes.js';
import { scopeFor, SYSTEM_USER } from './analytics.scope.js';
import { rfmSegmentCustomers } from './analytics.analyses.js';
import { importSales } from './analytics.sales-import.js';
import { TargetsService } from './analytics.targets.js';
import { targetsRoutes } from './analytics.targets.routes.js';
import { ANALYTICS_EVENTS, WebSales } from './analytics.web-sales.js';

export { AnalyticsErrors } from './analytics.errors.js';
export { analyticsEvents, type AnalyticsEvents } from './analytics.events.js';
export { RFM_SEGMENTS, type RfmSegment } from './domain/analyses.js';
export type { AnalyticsContract, CatchUpResult, SaleLineInput, SalesImportOptions, SalesImportReport, StoreImportReport, TargetImportReport } from './analytics.contract.js';
export { CHAIN_DEMO_DEFAULTS, createChainDemo, type ChainDemoOptions, type ChainDemoProgress, type ChainDemoReport } from './analytics.demo.js';

/** Name of the job that adds new facts to the rollups (after each commit that appends facts, and every minute). */
export const ROLLUP_JOB = 'analytics.rollups';
/** How often the rollup job looks for facts appended by another process whose NOTIFY was lost (ms). */
const ROLLUP_POLL_MS = 60_000;
/** Name of the job that writes queued report exports (woken when one is queued) and purges expired ones. */
export const REPORT_EXPORTS_JOB = 'analytics.report-exports';
/** Name of the job that writes and mails the scheduled reports that are due. */
export const REPORT_SUBSCRIPTIONS_JOB = 'analytics.report-subscriptions';
/** How often the report jobs look for work (ms). */
const REPORT_POLL_MS = 60_000;

/**
 * Creates the analytics module and its contract. At start it creates, when absent, the company
 * node and the web shop (store `WEB`, kind online), then backfills in the background the Online
 * Retail history imported before analytics recorded it; web orders become sale lines through
 * the consumer `analytics`; the job `analytics.rollups` adds new facts to the rollups as soon as
 * they are committed (and every minute for other processes' facts); the jobs
 * `analytics.report-exports` (queued exports, expired files) and `analytics.report-subscriptions`
 * (scheduled reports, published as `report.generated` for the notifications mail). `deps.identity` answers whether a user id exists (access grants); `deps.orders` whether a payment refund was a refund of order lines (the consumer), and the imported history (backfill).
 */
export function createAnalyticsModule(
  ctx: ModuleContext,
  deps: { catalog: CatalogContract; identity: IdentityContract; orders: OrdersContract },
): AppModule & { contract: AnalyticsContract } {
  const { database } = ctx;
  const log = ctx.log.child({ module: 'analytics' });
  const rollups = new RollupService(database);
  const cache = AnswerCache.create(ctx.config.redisUrl, ctx.log);
  // Woken by every commit of this process that appends facts, and by the NOTIFY another process
  // (a CLI import) sends after its commits; the slow schedule is a safety net for a NOTIFY lost
  // while the listening connection was reopened. A run stops after 5 s and asks for the next one.
  const rollupJob = ctx.jobs.register({
    name: ROLLUP_JOB, everyMs: ROLLUP_POLL_MS, runAtStart: true,
    run: async () => {
      const run = await rollups.catchUp({ budgetMs: 5_000 });
      if (run.durationMs >= 5_000) rollupJob.trigger();
    },
  });
  const stopWaking = onFactsCommitted(() => rollupJob.trigger());
  const targets = new TargetsService(database);
  const scenarios = new ScenariosService(database, cache);
  /** A user of identity as the report jobs act for them: permissions from their roles, analytics scope from their grants (within their sites). */
  const subscriber = async (userId: string) => {
    const u = await deps.identity.getUser(userId);
    return u && u.email ? { id: u.id, roles: u.roles, permissions: permissionsFor(u.roles), ...(u.sites ? { sites: u.sites } : {}), email: u.email, firstName: u.firstName, locale: u.locale } : null;
  };
  const exports = new ReportExports(database, scenarios, ctx.tokens, {
    dir: join(ctx.config.dataDir, 'report-exports'), syncRows: ctx.config.reportExportSyncRows, sheetRows: ctx.config.reportExportXlsxRows, publicUrl: ctx.config.publicUrl,
    wake: () => exportsJob.trigger(),
  });
  const exportsJob = ctx.jobs.register({ name: REPORT_EXPORTS_JOB, everyMs: REPORT_POLL_MS, runAtStart: true, run: () => exports.runPending(subscriber) });
  const subscriptions = new ReportSubscriptions(database, scenarios, exports, ctx.tokens, { publicUrl: ctx.config.publicUrl, subscriber });
  ctx.jobs.register({ name: REPORT_SUBSCRIPTIONS_JOB, everyMs: REPORT_POLL_MS, run: () => subscriptions.runDue() });
  const webSales = new WebSales(deps.catalog, deps.orders);
  ctx.relay.subscribeBatch('analytics', [...ANALYTICS_EVENTS], (events, tx) => webSales.handleBatch(events, tx));
  let backfill: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  const contract: AnalyticsContract = {
    appendSaleLines: (tx, lines) => appendSaleLines(tx, lines),
    rfmSegmentCustomers: (segment) => rfmSegmentCustomers(database, segment),
    onlineStore: () => onlineStore(database.db),
    catchUpRollups: () => rollups.catchUp(),
    rebuildRollups: () => rollups.rebuild(),
    importSales: (file, mapping, options) => importSales(database, file, mapping, options),
    importStores: async (text, options) => importStores(database, await scopeFor(database.db, SYSTEM_USER), text, { createMissingRegions: options?.createMissingRegions }, null),
    importTargets: (text) => targets.import(SYSTEM_USER, text),
    recordImportedHistory: (tx, source, batch, categories) => recordImportedHistory(tx, source, batch, categories),
  };
  return {
    name: 'analytics',
    migrations: { name: 'analytics', folder: 'src/modules/analytics/db/migrations' },
    async routes(server) {
      await organisationRoutes(server, { database, userExists: async (id) => (await deps.identity.getUser(id)) !== null });
      await kpisRoutes(server, database, cache);
      await analysesRoutes(server, database, cache, deps.catalog);
      await targetsRoutes(server, targets);
      await scenariosRoutes(server, scenarios);
      await reportsRoutes(server, { database, scenarios, exports, subscriptions });
      await analyticsImportsRoutes(server, database, join(ctx.config.dataDir, 'analytics-imports'));
    },
    async start() {
      await ensureOrganisation(database.db);
      unlisten = await database.listen(FACTS_CHANNEL, () => rollupJob.trigger());
      // The Online Retail history imported before analytics recorded it, in the background.
      backfill = backfillHistory(database, deps.orders, deps.catalog, log).then(
        () => undefined,
        (err: unknown) => log.error({ err }, 'analytics: the Online Retail history backfill failed (it runs again at the next start)'),
      );
    },
    async stop() {
      stopWaking();
      await unlisten?.();
      await backfill;
      await cache.close();
    },
    contract,
  };
}
