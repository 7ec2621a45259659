/**
 * Promotions module: promo codes and rules (percentage, fixed amount, free shipping; validity
 * window, usage limits, SKU/category restrictions) and redemptions. This file is the module's
 * only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { PromotionsContract } from './promotions.contract.js';
import { promotionsRoutes } from './promotions.routes.js';
import { PromotionsService } from './promotions.service.js';

export { PROMOTION_INVALID_REASONS } from './promotions.contract.js';
export { PromotionsErrors } from './promotions.errors.js';
export type {
  PromotionsContract, PromotionCartLine, PromotionCustomer, PromotionEvaluation, PromotionEvaluationInput, PromotionInvalidReason, PromotionType,
} from './promotions.contract.js';
export type { PromotionEvents, PromotionEventName, PromotionSnapshot } from './promotions.events.js';
/** The payload schemas of the promotions events (defined with the platform when this module is loaded). */
export { promotionEvents } from './promotions.events.js';

/** Creates the promotions module and its contract. */
export function createPromotionsModule(ctx: ModuleContext): AppModule & { contract: PromotionsContract } {
  const service = new PromotionsService(ctx.database);
  const contract: PromotionsContract = {
    evaluate: (input) => service.evaluate(input),
    redeem: (tx, input) => service.redeem(tx, input),
    release: (tx, orderId) => service.release(tx, orderId),
  };
  return {
    name: 'promotions',
    migrations: { name: 'promotions', folder: 'src/modules/promotions/db/migrations' },
    routes: (server) => promotionsRoutes(server, service),
    contract,
  };
}
