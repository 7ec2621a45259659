/**
 * Events the cart publishes through the outbox (name → payload). Quantities are integers;
 * times ISO 8601 UTC. Consumers: analytics (funnels, abandoned carts), recommendations.
 */

/** Typed map of cart events. `userId` is null for guest carts. */
export interface CartEvents {
  'cart.created': { cartId: string; userId: string | null; currency: string };
  /** `quantity` added; `lineQuantity` the line's quantity after the change. */
  'cart.item_added': { cartId: string; userId: string | null; sku: string; quantity: number; lineQuantity: number };
  'cart.item_updated': { cartId: string; userId: string | null; sku: string; previousQuantity: number; quantity: number };
  'cart.item_removed': { cartId: string; userId: string | null; sku: string; quantity: number };
  /** A code was applied (`code` as stored by promotions) or removed (`code` null). */
  'cart.promotion_changed': { cartId: string; userId: string | null; code: string | null };
  /** A guest cart became the user's cart (the user had no active cart). */
  'cart.associated': { cartId: string; userId: string };
  /** The guest cart `sourceCartId` was folded into `targetCartId`; `lines` are the target's lines after the merge. */
  'cart.merged': { sourceCartId: string; targetCartId: string; userId: string; lines: { sku: string; quantity: number }[] };
  'cart.ordered': { cartId: string; orderId: string; userId: string | null };
  /** The order placed from the cart failed (e.g. payment declined): the cart is active again. */
  'cart.reopened': { cartId: string; orderId: string; userId: string | null };
  /** Guest carts deleted after the lifetime without activity (active ones only: abandoned carts). */
  'cart.expired': { cartId: string; lines: { sku: string; quantity: number }[]; lastActivityAt: string };
}

/** Name of a cart event. */
export type CartEventName = keyof CartEvents;
