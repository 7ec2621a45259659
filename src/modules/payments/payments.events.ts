/**
 * Events the payments module publishes through the outbox (name → payload), aggregate id = the
 * payment id. Money: `amount` is an integer in minor units of `currency`.
 * Consumers: orders/checkout (confirm or cancel the order), notifications, later analytics.
 */

/** Typed map of payments events. */
export interface PaymentsEvents {
  /** Funds were reserved on the card; `amount` is the authorized amount. */
  'payment.authorized': { paymentId: string; orderId: string; provider: string; amount: number; currency: string };
  /**
   * An authorization was declined (the payment is created `failed`), or the provider reported an
   * authorized payment as failed (webhook). `code`: `card_declined`, `insufficient_funds`,
   * `expired_card`, `incorrect_number`, or `provider_failed`; `message` is for the shopper.
   */
  'payment.failed': { paymentId: string; orderId: string; amount: number; currency: string; code: string; message: string };
  /** Money was taken; `amount` is the captured amount (≤ the authorized amount). */
  'payment.captured': { paymentId: string; orderId: string; amount: number; currency: string };
  /** The authorization was released without taking money; `amount` is the released authorization. */
  'payment.voided': { paymentId: string; orderId: string; amount: number; currency: string };
  /**
   * Captured money was given back: `amount` by this refund, `refundedAmount` in total so far,
   * `capturedAmount` the captured total; `fullyRefunded` when nothing captured is left.
   */
  'payment.refunded': {
    paymentId: string;
    orderId: string;
    refundId: string;
    amount: number;
    currency: string;
    refundedAmount: number;
    capturedAmount: number;
    fullyRefunded: boolean;
    reason: string;
  };
}

/** Name of a payments event. */
export type PaymentsEventName = keyof PaymentsEvents;
