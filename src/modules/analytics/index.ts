/**
 * Analytics module: the organisation (regions, stores), targets, the sales fact table fed by every
 * channel, rollups kept fresh from it, KPIs and consolidation, access scoped by the organisation.
 * This file is the module's only import surface.
 */
import { join } from 'node:path';
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { CatalogContract } from '../catalog/index.js';
import type { OrdersContract } from '../orders/index.js';
import type { AnalyticsContract } from './analytics.contract.js';
import { appendSaleLines } from './analytics.facts.js';
import { analyticsImportsRoutes } from './analytics.imports.routes.js';
import { backfillHistory, recordImportedHistory } from './analytics.online-retail.js';
import { importSales } from './analytics.sales-import.js';
import { ANALYTICS_EVENTS, WebSales } from './analytics.web-sales.js';

export { AnalyticsErrors } from './analytics.errors.js';
export type { AnalyticsContract, SaleLineInput, SalesImportOptions, SalesImportReport } from './analytics.contract.js';

/** Creates the analytics module and its contract. */
export function createAnalyticsModule(ctx: ModuleContext, deps: { catalog: CatalogContract; orders: OrdersContract }): AppModule & { contract: AnalyticsContract } {
  const log = ctx.log.child({ module: 'analytics' });
  let backfill: Promise<void> | undefined;
  const webSales = new WebSales(deps.catalog);
  ctx.relay.subscribeBatch('analytics', [...ANALYTICS_EVENTS], (events, tx) => webSales.handleBatch(events, tx));
  const contract: AnalyticsContract = {
    appendSaleLines: (tx, lines) => appendSaleLines(tx, lines),
    importSales: (file, mapping, options) => importSales(ctx.database, file, mapping, options),
    recordImportedHistory: (tx, source, batch, categories) => recordImportedHistory(tx, source, batch, categories),
  };
  return {
    name: 'analytics',
    migrations: { name: 'analytics', folder: 'src/modules/analytics/db/migrations' },
    contract,
    routes: (server) => analyticsImportsRoutes(server, ctx.database, join(ctx.config.dataDir, 'analytics-imports')),
    // The Online Retail history imported before analytics recorded it, in the background.
    start: async () => {
      backfill = backfillHistory(ctx.database, deps.orders, deps.catalog, log).then(
        () => undefined,
        (err: unknown) => log.error({ err }, 'analytics: the Online Retail history backfill failed (it runs again at the next start)'),
      );
    },
    stop: async () => {
      await backfill;
    },
  };
}
