/**
 * Events promotions publish through the outbox (name → payload). Amounts in minor units of the
 * promotion's `currency`; times ISO 8601 UTC. Consumers: analytics (later), the back office.
 */
import type { PromotionType } from './promotions.contract.js';

/** A promotion as events carry it. */
export interface PromotionSnapshot {
  id: string;
  /** Upper-case. */
  code: string;
  type: PromotionType;
  /** Percent (1–100), minor units (fixed amount) or 0 (free shipping). */
  value: number;
  currency: string;
  minSubtotal: number | null;
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  timesUsed: number;
  skus: string[];
  categoryIds: string[];
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Typed map of promotion events. */
export interface PromotionEvents {
  'promotion.created': { promotion: PromotionSnapshot };
  /** Any change of settings, and disabling / enabling (`disabledAt`). */
  'promotion.updated': { promotion: PromotionSnapshot };
  /** A use counted when an order was placed; `timesUsed` after it. */
  'promotion.redeemed': { promotionId: string; code: string; orderId: string; customerKey: string | null; timesUsed: number };
  /** A use given back (order cancelled); `timesUsed` after it. */
  'promotion.released': { promotionId: string; code: string; orderId: string; timesUsed: number };
}

export type PromotionEventName = keyof PromotionEvents;
