/**
 * Events promotions publish through the outbox (name → payload schema). Amounts in minor units of
 * the promotion's `currency`; times ISO 8601 UTC. Consumers: analytics (later), the back office.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A promotion as events carry it. */
export const PromotionSnapshot = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'Upper-case.' }),
  type: Type.Union([Type.Literal('percentage'), Type.Literal('fixed_amount'), Type.Literal('free_shipping')]),
  value: Type.Integer({ description: 'Percent (1–100), minor units (fixed amount) or 0 (free shipping).' }),
  currency: Type.String(),
  minSubtotal: Nullable(Type.Integer()),
  startsAt: Nullable(Type.String()),
  endsAt: Nullable(Type.String()),
  usageLimit: Nullable(Type.Integer()),
  perCustomerLimit: Nullable(Type.Integer()),
  requiresAccount: Type.Boolean({ description: 'Only signed-in customers may use the code.' }),
  timesUsed: Type.Integer(),
  skus: Type.Array(Type.String()),
  categoryIds: Type.Array(Type.String()),
  sites: Type.Optional(Type.Array(Type.String(), { description: 'Sites the code may be used on; empty or absent: every site.' })),
  disabledAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type PromotionSnapshot = Static<typeof PromotionSnapshot>;

/** Payload schemas of the promotion events. */
export const promotionEvents = defineEvents('promotions', {
  'promotion.created': Type.Object({ promotion: PromotionSnapshot }, { description: 'A promotion was created.' }),
  'promotion.updated': Type.Object({ promotion: PromotionSnapshot }, { description: 'Any change of settings, and disabling / enabling (`disabledAt`).' }),
  'promotion.redeemed': Type.Object(
    { promotionId: Type.String(), code: Type.String(), orderId: Type.String(), customerKey: Nullable(Type.String()), timesUsed: Type.Integer() },
    { description: 'A use counted when an order was placed; `timesUsed` after it; `customerKey` is the user id, else the normalised e-mail.' },
  ),
  'promotion.released': Type.Object(
    { promotionId: Type.String(), code: Type.String(), orderId: Type.String(), timesUsed: Type.Integer() },
    { description: 'A use given back (order cancelled); `timesUsed` after it.' },
  ),
});

/** Typed map of promotion events (name → payload). */
export type PromotionEvents = EventPayloads<typeof promotionEvents>;

/** Name of a promotions event. */
export type PromotionEventName = keyof PromotionEvents;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends PromotionEvents {}
}
