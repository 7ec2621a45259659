/**
 * Cart module: guest and customer carts priced from the catalog, shipping methods and
 * tax-inclusive totals, promotion codes on carts, merge at sign-in, expiry of idle guest carts.
 * This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { CatalogContract } from '../catalog/index.js';
import type { PromotionsContract } from '../promotions/index.js';
import type { CartContract } from './cart.contract.js';
import type { InternalSurface } from '../../platform/http/internal.js';
import { cartRoutes } from './cart.routes.js';
import { CartService } from './cart.service.js';

export type {
  CartAccess, CartContract, CartDto, CartLineDto, CartTotals, CheckoutQuote, CheckoutQuoteLine,
} from './cart.contract.js';
export type { CartEventName, CartEvents } from './cart.events.js';
/** The payload schemas of the cart events (defined with the platform when this module is loaded). */
export { cartEvents } from './cart.events.js';

/** The shop's configured shipping methods (ids), currency of their prices, and home country for tax: the default site's settings. */
export { SHOP_SHIPPING } from './domain/shipping.js';

/** The cart's contract methods served on `/internal/cart/*` in services mode (recommendations reads a cart's SKUs). */
export const CART_INTERNAL = { skus: { idempotent: true } } as const satisfies InternalSurface<CartContract, 'skus'>;
/** What recommendations needs of the cart: the SKUs in one (cart complements). */
export type CartSkus = Pick<CartContract, 'skus'>;

/** How often idle guest carts are looked for (ms). */
const CLEANUP_EVERY_MS = 3_600_000;

/**
 * Creates the cart module. `deps.catalog` prices lines and tells availability;
 * `deps.promotions` evaluates codes. Registers the job `cart.expire`: at start, then every hour,
 * guest carts idle for longer than `ctx.config.cartTtlDays` are deleted.
 */
export function createCartModule(
  ctx: ModuleContext,
  deps: { catalog: CatalogContract; promotions: PromotionsContract },
): AppModule & { contract: CartContract } {
  const log = ctx.log.child({ module: 'cart' });
  const service = new CartService(ctx.database, deps, { ttlDays: ctx.config.cartTtlDays, maxUnitsPerSku: ctx.config.maxUnitsPerSku }, log);
  ctx.jobs.register({ name: 'cart.expire', everyMs: CLEANUP_EVERY_MS, runAtStart: true, run: () => service.cleanup() });
  const contract: CartContract = {
    skus: (cartId, access) => service.skus(cartId, access),
    quoteForCheckout: (cartId, access, input) => service.quoteForCheckout(cartId, access, input),
    markOrdered: (tx, cartId, orderId) => service.markOrdered(tx, cartId, orderId),
    reopen: (tx, cartId, orderId) => service.reopen(tx, cartId, orderId),
  };
  return {
    name: 'cart',
    migrations: { name: 'cart', folder: 'src/modules/cart/db/migrations' },
    routes: (server) => cartRoutes(server, service),
    contract,
  };
}
