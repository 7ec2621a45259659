/**
 * Events the cart publishes through the outbox (name → payload schema). Quantities are integers;
 * times ISO 8601 UTC; `userId` is null for guest carts. Consumers: analytics (funnels, abandoned
 * carts), recommendations.
 */
import { Type } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

const UserId = Type.Union([Type.String(), Type.Null()]);
const Lines = Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() }));

/** Payload schemas of the cart events. */
export const cartEvents = defineEvents('cart', {
  'cart.created': Type.Object({ cartId: Type.String(), userId: UserId, currency: Type.String(), site: Type.Optional(Type.String({ description: 'Code of the cart\'s site (absent: the default site).' })) }, { description: 'A cart was created.' }),
  'cart.item_added': Type.Object(
    { cartId: Type.String(), userId: UserId, sku: Type.String(), quantity: Type.Integer(), lineQuantity: Type.Integer() },
    { description: "`quantity` was added to the line of `sku`; `lineQuantity` is the line's quantity after the change." },
  ),
  'cart.item_updated': Type.Object(
    { cartId: Type.String(), userId: UserId, sku: Type.String(), previousQuantity: Type.Integer(), quantity: Type.Integer() },
    { description: 'The quantity of a line was set.' },
  ),
  'cart.item_removed': Type.Object({ cartId: Type.String(), userId: UserId, sku: Type.String(), quantity: Type.Integer() }, { description: 'A line was removed.' }),
  'cart.promotion_changed': Type.Object(
    { cartId: Type.String(), userId: UserId, code: Type.Union([Type.String(), Type.Null()]) },
    { description: 'A code was applied (`code` as stored by promotions) or removed (`code` null).' },
  ),
  'cart.associated': Type.Object({ cartId: Type.String(), userId: Type.String() }, { description: "A guest cart became the user's cart (the user had no active cart)." }),
  'cart.merged': Type.Object(
    { sourceCartId: Type.String(), targetCartId: Type.String(), userId: Type.String(), lines: Lines },
    { description: "The guest cart `sourceCartId` was folded into `targetCartId`; `lines` are the target's lines after the merge." },
  ),
  'cart.ordered': Type.Object({ cartId: Type.String(), orderId: Type.String(), userId: UserId }, { description: 'An order was placed from the cart.' }),
  'cart.reopened': Type.Object(
    { cartId: Type.String(), orderId: Type.String(), userId: UserId },
    { description: 'The order placed from the cart failed (e.g. payment declined): the cart is active again.' },
  ),
  'cart.expired': Type.Object(
    { cartId: Type.String(), lines: Lines, lastActivityAt: Type.String() },
    { description: 'A guest cart was deleted after the lifetime without activity (active ones only: abandoned carts).' },
  ),
});

/** Typed map of cart events (name → payload). */
export type CartEvents = EventPayloads<typeof cartEvents>;

/** Name of a cart event. */
export type CartEventName = keyof CartEvents;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends CartEvents {}
}
