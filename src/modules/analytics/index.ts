/**
 * Analytics module: the organisation (regions, stores), targets, the sales fact table fed by every
 * channel, rollups kept fresh from it, KPIs and consolidation, access scoped by the organisation.
 * This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { CatalogContract } from '../catalog/index.js';
import type { AnalyticsContract } from './analytics.contract.js';
import { appendSaleLines } from './analytics.facts.js';

export { AnalyticsErrors } from './analytics.errors.js';
export type { AnalyticsContract, SaleLineInput } from './analytics.contract.js';
export { CHAIN_DEMO_DEFAULTS, createChainDemo, type ChainDemoOptions, type ChainDemoProgress, type ChainDemoReport } from './analytics.demo.js';

/** Creates the analytics module and its contract. */
export function createAnalyticsModule(ctx: ModuleContext, deps: { catalog: CatalogContract }): AppModule & { contract: AnalyticsContract } {
  void deps;
  const contract: AnalyticsContract = {
    appendSaleLines: (tx, lines) => appendSaleLines(tx, lines),
  };
  return {
    name: 'analytics',
    migrations: { name: 'analytics', folder: 'src/modules/analytics/db/migrations' },
    contract,
  };
}
