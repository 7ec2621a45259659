import { Type, type Static } from '@sinclair/typebox';
import { Money, Pagination, pageQueryFields } from '../../platform/http/schemas.js';
import { PAYMENT_STATUSES } from './domain/state.js';

const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 UTC' });
const Status = Type.Union(PAYMENT_STATUSES.map((s) => Type.Literal(s)));

/** A refund of captured money. */
export const RefundSchema = Type.Object({
  id: Type.String(),
  paymentId: Type.String(),
  amount: Money,
  reason: Type.String(),
  createdAt: Timestamp,
  createdBy: Type.Union([Type.String(), Type.Null()], { description: 'User id; null for the system or the provider' }),
});

/** A payment with its refunds (card: brand and last 4 digits only). */
export const PaymentSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  provider: Type.String(),
  status: Status,
  amount: Money,
  capturedAmount: Money,
  refundedAmount: Money,
  card: Type.Union([Type.Object({ brand: Type.String(), last4: Type.String() }), Type.Null()]),
  failureCode: Type.Union([Type.String(), Type.Null()]),
  failureMessage: Type.Union([Type.String(), Type.Null()]),
  refunds: Type.Array(RefundSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** `GET /api/admin/payments` query: optional filters, 1-based page, limit ≤ 100. */
export const PaymentListQuery = Type.Object({
  orderId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only the payments of this order' })),
  status: Type.Optional(Status),
  ...pageQueryFields(),
});
export type PaymentListQuery = Static<typeof PaymentListQuery>;

/** `GET /api/admin/payments` answer: `{ data, pagination }`. */
export const PaymentListResponse = Type.Object({ data: Type.Array(PaymentSchema), pagination: Pagination });

/** `/api/payments/webhooks/{provider}` path parameters. */
export const WebhookParams = Type.Object({
  provider: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z][a-z0-9_-]*$', description: 'Provider name, e.g. `test`' }),
});

/**
 * A provider webhook event. `id` is the provider's event id (a replay of it has no second effect).
 * `data.providerRefundRef` (payment.refunded only; ignored otherwise) names the refund at the
 * provider: a refund already recorded with it (e.g. one made through the API) is not applied again.
 */
export const WebhookBody = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, description: "The provider's event id" }),
    type: Type.Union([Type.Literal('payment.captured'), Type.Literal('payment.failed'), Type.Literal('payment.refunded')]),
    data: Type.Object(
      {
        providerRef: Type.String({ minLength: 1, maxLength: 200, description: "The payment's reference at the provider" }),
        amount: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Minor units; default: the whole authorized (captured) or remaining (refunded) amount' })),
        providerRefundRef: Type.Optional(
          Type.String({
            minLength: 1, maxLength: 200,
            description:
              "payment.refunded only: the refund's reference at the provider. Already recorded for this payment (e.g. a refund made " +
              'through the API) → nothing changes (`duplicate: true`); new → recorded with the refund. Absent → applied as a new refund.',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type WebhookBody = Static<typeof WebhookBody>;

/** Webhook answer: received, and whether it was already applied (event id, or refund reference). */
export const WebhookResponse = Type.Object({
  received: Type.Literal(true),
  duplicate: Type.Boolean({
    description: 'True when nothing was done again: this event id was already received, or (payment.refunded) the refund with this providerRefundRef is already recorded',
  }),
});

/** One payment method the shop offers (see `PaymentMethodDto`). */
export const PaymentMethodSchema = Type.Object({
  id: Type.String({ description: '`test`, `card`, `bank_transfer`, `cash_on_delivery` or `pay_in_store`: the `payment.method` of a checkout' }),
  kind: Type.Union([Type.Literal('card'), Type.Literal('offline')]),
  provider: Type.Union([Type.String(), Type.Null()], { description: 'The provider taking card payments; null for offline methods' }),
  label: Type.String(),
  publishableKey: Type.Optional(Type.String({ description: "Card methods whose client talks to the processor (Stripe's publishable key)" })),
  scriptUrl: Type.Optional(Type.String({ description: 'Card methods confirmed in the browser: the URL of the processor script to load (Stripe.js)' })),
  testMode: Type.Optional(Type.Boolean({ description: 'True on the `test` method in production (PAYMENTS_TEST_MODE): show a "test mode" banner' })),
});

/** `GET /api/payment-methods` answer: the enabled methods, in the order to offer them. */
export const PaymentMethodListResponse = Type.Object({ items: Type.Array(PaymentMethodSchema) });
