import { Type, type Static } from '@sinclair/typebox';
import { siteCode } from '../../platform/http/site.js';
import { MinorUnitsQuery, Money, pageQueryFields, PostalAddress, StaffNote } from '../../platform/http/schemas.js';
import { ORDER_STATUSES } from './domain/lifecycle.js';
import { Address } from './orders.events.js';
import { TRACKING_STATUSES } from './domain/delivery.js';

const Timestamp = Type.String({ format: 'date-time' });
const Status = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));

/** A postal address (the platform's {@link PostalAddress}); `country` is ISO 3166-1 alpha-2. */
export const AddressSchema = PostalAddress;

export const OrderSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    status: Status,
    nextStatuses: Type.Array(Status),
    email: Type.Union([Type.String(), Type.Null()]),
    customerId: Type.Union([Type.String(), Type.Null()]),
    locale: Type.String(),
    currency: Type.String(),
    site: Type.String({ description: 'Code of the site (sales channel) the order was placed on' }),
    lines: Type.Array(Type.Object({ sku: Type.String(), title: Type.String(), quantity: Type.Integer(), unitPrice: Money, discount: Money, lineTotal: Money })),
    totals: Type.Object({ subtotal: Money, discount: Money, shipping: Money, tax: Money, total: Money }),
    promotionCode: Type.Union([Type.String(), Type.Null()]),
    shippingAddress: Type.Union([Address, Type.Null()], { description: 'Null for imported orders; personal fields empty once the customer erased their account' }),
    billingAddress: Type.Union([Address, Type.Null()], { description: 'Null for imported orders; personal fields empty once the customer erased their account' }),
    shippingMethod: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    shipments: Type.Array(
      Type.Object({
        id: Type.String(), carrier: Type.String(), trackingNumber: Type.String(),
        trackingUrl: Type.Union([Type.String(), Type.Null()], { description: "The carrier's tracking page of the parcel; null for a carrier without a known page (show the number as text)" }),
        lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
        status: Type.String({ description: 'shipped, in_transit, out_for_delivery, delivered or exception' }), shippedAt: Timestamp, deliveredAt: Type.Union([Timestamp, Type.Null()]),
        estimatedDeliveryOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: "Expected delivery day: the shipping method's business days (`DELIVERY_DAYS`) after shipping; null when the method has none" }),
        events: Type.Array(Type.Object({
          status: Type.String(), detail: Type.Union([Type.String(), Type.Null()]), at: Timestamp, source: Type.String({ description: '`staff` or `carrier`' }),
        }), { description: 'The tracking timeline after shipping, oldest first' }),
      }),
    ),
    statusHistory: Type.Array(Type.Object({
      from: Type.Union([Type.String(), Type.Null()]), to: Type.String(), reason: Type.Union([Type.String(), Type.Null()]), actor: Type.Union([Type.String(), Type.Null()]), at: Timestamp,
      actorName: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Back office (one order): the name of the staff member who made the step' })),
      payment: Type.Optional(Type.Union([
        Type.Object({
          event: Type.Union([Type.Literal('authorized'), Type.Literal('captured'), Type.Literal('received')]),
          method: Type.String({ description: '`card`, or the offline method id (`bank_transfer`, `cash_on_delivery`, `pay_in_store`)' }),
          card: Type.Union([Type.Object({ brand: Type.String(), last4: Type.String() }), Type.Null()]),
          amount: Money,
        }),
        Type.Null(),
      ], { description: 'Back office (one order): the payment the step\'s `reason` names (`payment pay_… captured`), in words; null when it names none' })),
    })),
    refunds: Type.Array(
      Type.Object({
        id: Type.String(), amount: Money, shipping: Money, restocked: Type.Boolean(), reason: Type.String(), at: Timestamp,
        lines: Type.Array(Type.Object({ sku: Type.String(), title: Type.String(), quantity: Type.Integer(), amount: Money })),
        note: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "Back office (one order): staff's note" })),
        actor: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        actorName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      }),
      { description: 'Refunds made from the order page, oldest first' },
    ),
    refundedTotal: Money,
    tags: Type.Optional(Type.Array(Type.String(), { description: "Back office (one order): staff's tags" })),
    notes: Type.Optional(Type.Array(StaffNote, { description: "Back office (one order): staff's notes, newest first" })),
    customer: Type.Optional(Type.Object(
      { id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]), orderCount: Type.Integer(), lifetimeValue: Money },
      { description: 'Back office (one order): the customer (a guest matched by e-mail), their orders (failed payment attempts left out) and lifetime value (not cancelled, minus refunds, in this currency)' },
    )),
    cancelReason: Type.Union([Type.String(), Type.Null()]),
    source: Type.String(),
    placedAt: Timestamp,
    updatedAt: Timestamp,
    payment: Type.Union(
      [
        Type.Object({
          method: Type.String({ description: 'The checkout payment method: `test`, `card`, `bank_transfer`, `cash_on_delivery`, `pay_in_store`' }),
          instructions: Type.Optional(
            Type.Object({
              accountName: Type.String(), iban: Type.String(), bic: Type.String(),
              reference: Type.String({ description: 'The order number, to quote on the transfer' }),
              amount: Type.Integer({ description: 'Minor units of the order currency' }),
            }, { description: 'Bank transfer: where to send the money' }),
          ),
          status: Type.Optional(Type.String({ description: 'Checkout answer, card (Stripe): the payment status (`pending` while the customer has to confirm)' })),
          clientSecret: Type.Optional(Type.String({ description: 'Checkout answer, card (Stripe): confirm the PaymentIntent with Stripe.js `confirmCardPayment(clientSecret, …)`, then POST /api/orders/{id}/payment/confirm' })),
        }),
        Type.Null(),
      ],
      { description: 'How the order is paid; null for imported orders and orders placed before payment methods were recorded' },
    ),
    accessToken: Type.Optional(Type.String({ description: 'Guests only, in the checkout answer and its replays (same Idempotency-Key and body): send it as X-Order-Token to read the order' })),
  },
  { $id: 'Order' },
);

export const OrderIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The named views of the back-office order list (`?view=`), each a saved filter. */
export const ORDER_VIEWS = ['to_fulfil', 'awaiting_payment', 'refunded'] as const;
/** The sorts of the back-office order list (`-` first: descending). */
export const ORDER_SORTS = ['newest', 'oldest', 'total', '-total', 'number', '-number', 'email', '-email'] as const;

/** The filters of the back-office order list and its CSV export. */
const adminOrderFilters = {
  q: Type.Optional(Type.String({
    minLength: 1, maxLength: 200,
    description: 'Case-insensitive substring of the order number (`CPT-100001`, `100001`), the e-mail or the customer\'s name (shipping address)',
  })),
  view: Type.Optional(Type.Union(ORDER_VIEWS.map((v) => Type.Literal(v)), {
    description: '`to_fulfil`: confirmed or processing (paid or cash on delivery, not shipped); `awaiting_payment`: offline payments not received; `refunded`: money refunded on any payment',
  })),
  ids: Type.Optional(Type.String({
    maxLength: 4000, pattern: '^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,99}$',
    description: 'Only these orders: comma-separated ids, at most 100 (a selection)',
  })),
  status: Type.Optional(Status),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  customer: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Customer id or email' })),
  minTotal: Type.Optional(MinorUnitsQuery()),
  maxTotal: Type.Optional(MinorUnitsQuery()),
  source: Type.Optional(Type.String({ maxLength: 50, description: '`web`, or an import source such as `online-retail`' })),
  site: Type.Optional(siteCode('Only orders placed on this site (code; imported history belongs to `default`)')),
  paymentAttempts: Type.Optional(Type.Union([Type.Literal('exclude'), Type.Literal('include'), Type.Literal('only')], {
    description: 'Failed payment attempts (orders cancelled before they got past payment, e.g. a declined card): left out by default, `include`d, or `only` them',
  })),
  sort: Type.Optional(Type.Union(ORDER_SORTS.map((s) => Type.Literal(s)), { description: 'Placed date, total, number or e-mail; `-`: descending (default `newest`)' })),
};

export const AdminOrderQuery = Type.Object({ ...adminOrderFilters, ...pageQueryFields() });
/** `GET /api/admin/orders/export`: the list's filters and sort, no page. */
export const AdminOrderExportQuery = Type.Object(adminOrderFilters);
export type AdminOrderExportQuery = Static<typeof AdminOrderExportQuery>;

/** `GET /api/admin/orders/overview` query. */
export const OverviewQuery = Type.Object({
  timeZone: Type.String({
    minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_+/-]*$', default: 'UTC',
    description: 'IANA time zone whose days and months the figures follow (`Europe/London`); unknown zones answer 400 ORDERS.UNKNOWN_TIME_ZONE',
  }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', default: 'GBP' }),
});

const Period = Type.Object({ orders: Type.Integer(), revenue: Money });
/** The dashboard's order figures (`GET /api/admin/orders/overview`). */
export const OverviewSchema = Type.Object({
  timeZone: Type.String(),
  currency: Type.String(),
  today: Period,
  yesterday: Period,
  thisMonth: Period,
  lastMonth: Period,
  daily: Type.Array(Type.Object({ date: Type.String({ format: 'date', description: 'Local day (YYYY-MM-DD)' }), orders: Type.Integer(), revenue: Type.Integer({ description: 'Minor units' }) }), {
    description: 'Every day of last month and of this month up to today, oldest first',
  }),
  toFulfil: Type.Integer({ description: 'Orders confirmed or processing (not shipped)' }),
  awaitingPayment: Type.Integer(),
  latest: Type.Array(Type.Object({
    id: Type.String(), number: Type.String(), status: Status, email: Type.Union([Type.String(), Type.Null()]),
    customerName: Type.Union([Type.String(), Type.Null()]), total: Money, placedAt: Timestamp,
  }), { description: 'The 5 latest orders (failed payment attempts left out)' }),
});
export type OverviewDto = Static<typeof OverviewSchema>;
export type AdminOrderQuery = Static<typeof AdminOrderQuery>;

export const TransitionBody = Type.Object(
  {
    to: Status,
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Why; required to cancel (recorded in the history, and told to the customer with `notifyCustomer`)' })),
    notifyCustomer: Type.Optional(Type.Boolean({ description: 'Cancelling: mail the customer (default false)' })),
  },
  { additionalProperties: false },
);
/** `POST /api/admin/orders/{id}/payment-received` body (optional). */
export const PaymentReceivedBody = Type.Optional(
  Type.Object({ reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'e.g. the bank statement line or till receipt' })) }, { additionalProperties: false }),
);
const TrackingStatusSchema = Type.Union(TRACKING_STATUSES.map((s) => Type.Literal(s)), { description: 'in_transit, out_for_delivery, delivered (final: the order is delivered once all its shipments are) or exception' });
const TrackingFields = {
  status: TrackingStatusSchema,
  detail: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: 'What the carrier or staff said, shown to the customer' })),
  occurredAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'When it happened (default now), ISO 8601' })),
};

/** `POST /api/admin/orders/{id}/shipments/{shipmentId}/tracking` body. */
export const TrackingBody = Type.Object(TrackingFields, { additionalProperties: false });

/** `POST /api/carriers/webhook` body: a carrier's tracking event. */
export const CarrierEventBody = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, description: "The carrier's event id: a replay answers `duplicate: true` and changes nothing" }),
    carrier: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The carrier name the shipment was recorded with (case-insensitive); narrows the match when numbers repeat across carriers' })),
    trackingNumber: Type.String({ minLength: 1, maxLength: 100 }),
    ...TrackingFields,
  },
  { additionalProperties: false },
);

/** The carrier webhook's answer. */
export const CarrierEventResponse = Type.Object({ received: Type.Literal(true), duplicate: Type.Boolean() });

export const ShipmentBody = Type.Object(
  {
    carrier: Type.String({ minLength: 1, maxLength: 100 }),
    trackingNumber: Type.String({ minLength: 1, maxLength: 100 }),
    lines: Type.Optional(
      Type.Array(Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }), quantity: Type.Integer({ minimum: 1, maximum: 100_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }),
    ),
  },
  { additionalProperties: false },
);
const RefundLines = Type.Array(
  Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }), quantity: Type.Integer({ minimum: 1, maximum: 100_000 }) }, { additionalProperties: false }),
  { maxItems: 200 },
);
/** `POST /api/admin/orders/{id}/refunds/quote` body: what a refund would give back. */
export const RefundQuoteBody = Type.Object(
  { lines: Type.Optional(RefundLines), shipping: Type.Optional(Type.Boolean({ description: 'Refund the remaining shipping charge' })) },
  { additionalProperties: false },
);
/** `POST /api/admin/orders/{id}/refunds` body: lines and/or shipping (amount computed by the server), or a bare amount. */
export const RefundBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Told to the customer' }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'Staff only' })),
    lines: Type.Optional(RefundLines),
    shipping: Type.Optional(Type.Boolean({ description: 'Refund the remaining shipping charge' })),
    restock: Type.Optional(Type.Boolean({ description: 'Put the refunded units back into stock (`return` movements)' })),
    amount: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Minor units; only without lines and shipping (e.g. a goodwill gesture)' })),
  },
  { additionalProperties: false },
);
/** The computed refund: lines, shipping and total in minor units of the order currency. */
export const RefundQuoteSchema = Type.Object({
  lines: Type.Array(Type.Object({ sku: Type.String(), title: Type.String(), quantity: Type.Integer(), amount: Money })),
  shipping: Money,
  amount: Money,
});

/** A return (RMA) of an order: `authorized` until the parcel is back, then `received` with the refund it made (null when received without one; money in minor units). */
export const ReturnSchema = Type.Object({
  id: Type.String({ description: '`rma_…`' }),
  orderId: Type.String(),
  orderNumber: Type.String(),
  status: Type.Union([Type.Literal('authorized'), Type.Literal('received')]),
  lines: Type.Array(Type.Object({ sku: Type.String(), title: Type.String(), quantity: Type.Integer({ minimum: 1 }) })),
  reason: Type.String(),
  reference: Type.Union([Type.String({ description: 'The ticket the return was made from (`tkt_…`)' }), Type.Null()]),
  refund: Type.Union([Type.Object({ id: Type.String(), amount: Type.Object({ amount: Type.Integer(), currency: Type.String() }) }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  receivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
