/**
 * Events the payments module publishes through the outbox (name → payload schema), aggregate
 * id = the payment id. Money: `amount` is an integer in minor units of `currency`.
 * Consumers: orders/checkout (confirm or cancel the order), notifications, later analytics.
 */
import { Type } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

/** Payload schemas of the payments events. */
export const paymentsEvents = defineEvents('payments', {
  'payment.authorized': Type.Object(
    { paymentId: Type.String(), orderId: Type.String(), provider: Type.String(), amount: Type.Integer(), currency: Type.String() },
    { description: 'Funds were reserved on the card; `amount` is the authorized amount.' },
  ),
  'payment.failed': Type.Object(
    { paymentId: Type.String(), orderId: Type.String(), amount: Type.Integer(), currency: Type.String(), code: Type.String(), message: Type.String() },
    {
      description:
        'An authorization was declined (the payment is created `failed`), or the provider reported an authorized payment as failed (webhook). `code`: `card_declined`, `insufficient_funds`, `expired_card`, `incorrect_number`, or `provider_failed`; `message` is for the shopper.',
    },
  ),
  'payment.captured': Type.Object(
    { paymentId: Type.String(), orderId: Type.String(), amount: Type.Integer(), currency: Type.String() },
    { description: 'Money was taken; `amount` is the captured amount (≤ the authorized amount).' },
  ),
  'payment.voided': Type.Object(
    { paymentId: Type.String(), orderId: Type.String(), amount: Type.Integer(), currency: Type.String() },
    { description: 'The authorization was released without taking money; `amount` is the released authorization.' },
  ),
  'payment.refunded': Type.Object(
    {
      paymentId: Type.String(),
      orderId: Type.String(),
      refundId: Type.String(),
      amount: Type.Integer(),
      currency: Type.String(),
      refundedAmount: Type.Integer(),
      capturedAmount: Type.Integer(),
      fullyRefunded: Type.Boolean(),
      reason: Type.String(),
    },
    {
      description:
        'Captured money was given back: `amount` by this refund, `refundedAmount` in total so far, `capturedAmount` the captured total; `fullyRefunded` when nothing captured is left.',
    },
  ),
});

/** Typed map of payments events (name → payload). */
export type PaymentsEvents = EventPayloads<typeof paymentsEvents>;

/** Name of a payments event. */
export type PaymentsEventName = keyof PaymentsEvents;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends PaymentsEvents {}
}
