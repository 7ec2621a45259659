/**
 * Recommendations module: "bought together" (co-purchase), cart complements, "for you" and
 * "buy again", learnt from the order history (imported invoices through the orders contract,
 * web orders through `order.confirmed` / `order.cancelled`). A model build precomputes
 * neighbours and per-customer candidates into the module's tables; requests only read and
 * filter them. This file is the module's only import surface.
 */
import { Cache } from '../../platform/cache.js';
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { CartSkus } from '../cart/index.js';
import type { CatalogReads } from '../catalog/index.js';
import type { OrdersContract } from '../orders/index.js';
import { ModelBuilder, type BuildDto } from './recommendations.build.js';
import type { RecommendationsContract } from './recommendations.contract.js';
import { recommendationsRoutes } from './recommendations.routes.js';
import { RecommendationsService, type NeighbourRow } from './recommendations.service.js';

export type { RecommendationsContract } from './recommendations.contract.js';
export type { BuildDto } from './recommendations.build.js';
export type { Recommendations, RecommendedProduct, Reason, RecommendationSource } from './recommendations.service.js';
export { RecommendationsErrors } from './recommendations.errors.js';
export { evaluateOnlineRetail, evaluationTable, type EvaluateFileOptions } from './recommendations.evaluate.js';

/** Time between scheduled builds (ms): nightly. */
const BUILD_EVERY_MS = 24 * 3_600_000;
/** Quiet time after the last imported batch before the build it asks for starts (ms): an import commits many batches. */
const AFTER_IMPORT_MS = 10_000;

/**
 * Creates the recommendations module. Registers the job `recommendations.build` (every 24 h, and
 * {@link AFTER_IMPORT_MS} after an import's last batch, see the contract's `historyImported`; a
 * build already running makes the job skip) and follows `order.confirmed` / `order.cancelled`
 * (consumer `recommendations`): co-purchase counts move at once; `user.erased` drops the
 * customer's candidates and unlinks their baskets.
 */
export function createRecommendationsModule(
  ctx: ModuleContext,
  deps: { catalog: CatalogReads; cart: CartSkus; orders: Pick<OrdersContract, 'historyPage'> },
): AppModule & { contract: RecommendationsContract } {
  const log = ctx.log.child({ module: 'recommendations' });
  // Neighbour reads, by product or cart SKUs: a build or a web order of this process clears them; 5 s for another process's.
  const neighbours = new Cache<string, NeighbourRow[]>({ maxEntries: 20_000, ttlMs: 5_000, quietMs: 100 });
  const builder = new ModelBuilder(ctx.database, deps, log, neighbours);
  const service = new RecommendationsService(ctx.database, deps, neighbours);
  const running = new Set<Promise<BuildDto>>();
  let trigger = 'schedule';
  let importTimer: NodeJS.Timeout | undefined;
  const job = ctx.jobs.register({
    name: 'recommendations.build',
    everyMs: BUILD_EVERY_MS,
    run: async () => {
      const why = trigger;
      trigger = 'schedule';
      try {
        await builder.buildNow(why);
      } catch (err) {
        if ((err as { code?: string }).code !== 'RECOMMENDATIONS.BUILD_RUNNING') throw err;
        log.info('recommendations build skipped: one is running');
      }
    },
  });
  ctx.relay.subscribe('recommendations', 'order.confirmed', (event, tx) => builder.confirmed(tx, event.payload.order));
  ctx.relay.subscribe('recommendations', 'order.cancelled', (event, tx) => builder.cancelled(tx, event.payload.order.id));
  ctx.relay.subscribe('recommendations', 'user.erased', (event, tx) => builder.erased(tx, event.payload.userId));
  const contract: RecommendationsContract = {
    build: (why) => builder.buildNow(why),
    historyImported: () => {
      clearTimeout(importTimer);
      importTimer = setTimeout(() => {
        trigger = 'import';
        job.trigger();
      }, AFTER_IMPORT_MS);
      importTimer.unref();
    },
  };
  return {
    name: 'recommendations',
    migrations: { name: 'recommendations', folder: 'src/modules/recommendations/db/migrations' },
    routes: (server) => recommendationsRoutes(server, {
      service, builder,
      buildInBackground: (id) => {
        const p = builder.run(id).finally(() => running.delete(p));
        running.add(p);
      },
    }),
    stop: async () => {
      clearTimeout(importTimer);
      await Promise.all(running);
    },
    contract,
  };
}
