/**
 * Events the orders module publishes through the outbox (name → payload schema). Money: integer
 * minor units of `currency`. Consumers: notifications (mail, in-app), analytics.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';
import { TRACKING_STATUSES } from './domain/delivery.js';

/** A postal address (country: ISO 3166-1 alpha-2). */
export const Address = Type.Object({
  firstName: Type.String(),
  lastName: Type.String(),
  line1: Type.String(),
  line2: Type.Optional(Type.String()),
  city: Type.String(),
  region: Type.Optional(Type.String({ description: 'State, province or county' })),
  postalCode: Type.String({ description: 'Empty in countries without postal codes' }),
  country: Type.String(),
  phone: Type.Optional(Type.String()),
});
export type Address = Static<typeof Address>;

/** A line of a web order as sold: SKU, title, quantity and money (minor units) at the time of sale. */
export const OrderLineSnapshot = Type.Object({
  sku: Type.String(),
  title: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Type.Integer(),
  discount: Type.Integer(),
  lineTotal: Type.Integer(),
});
export type OrderLineSnapshot = Static<typeof OrderLineSnapshot>;

/** Bank-transfer instructions: the shop's account, the reference to quote (the order number) and the amount (minor units). */
export const PaymentInstructions = Type.Object({
  accountName: Type.String(),
  iban: Type.String(),
  bic: Type.String(),
  reference: Type.String({ description: 'The order number: the reference the buyer quotes on the transfer.' }),
  amount: Type.Integer({ description: 'Minor units of the order currency.' }),
});
export type PaymentInstructions = Static<typeof PaymentInstructions>;

/** How an order is paid: the checkout's payment method and, for a bank transfer, the instructions. */
export const OrderPayment = Type.Object({ method: Type.String(), instructions: Type.Optional(PaymentInstructions) });
export type OrderPayment = Static<typeof OrderPayment>;

/** An order as events carry it: enough for a confirmation mail without calling back. */
export const OrderSnapshot = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'Human order number, e.g. `CPT-100042`.' }),
  customerId: Type.Union([Type.String(), Type.Null()]),
  email: Type.String(),
  locale: Type.Union([Type.Literal('en'), Type.Literal('fr')], { description: "Language of the customer's messages." }),
  status: Type.String(),
  currency: Type.String(),
  site: Type.Optional(Type.String({ description: 'Code of the site (sales channel) the order was placed on; absent: the default site.' })),
  lines: Type.Array(OrderLineSnapshot),
  subtotal: Type.Integer(),
  discount: Type.Integer(),
  shipping: Type.Integer(),
  tax: Type.Integer({ description: 'Tax included in `total` (prices are tax-inclusive).' }),
  total: Type.Integer(),
  promotionCode: Type.Union([Type.String(), Type.Null()]),
  shippingAddress: Address,
  shippingMethod: Type.Object({ id: Type.String(), name: Type.String() }),
  placedAt: Type.String({ description: 'ISO 8601 UTC.' }),
  payment: Type.Optional(Type.Union([OrderPayment, Type.Null()], { description: 'The payment method (null for orders placed before methods were recorded).' })),
});
export type OrderSnapshot = Static<typeof OrderSnapshot>;

/** A shipment of some or all of an order's lines. */
export const ShipmentSnapshot = Type.Object({
  id: Type.String(),
  carrier: Type.String(),
  trackingNumber: Type.String(),
  trackingUrl: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "The carrier's tracking page of this parcel; null for a carrier without a known tracking page." })),
  lines: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
  shippedAt: Type.String({ description: 'ISO 8601 UTC.' }),
  estimatedDeliveryOn: Type.Optional(Type.Union([Type.String({ description: 'YYYY-MM-DD' }), Type.Null()], { description: "The expected delivery day (the shipping method's business days after shipping); null when the method has none." })),
});
export type ShipmentSnapshot = Static<typeof ShipmentSnapshot>;

/** A refund of an order as events carry it: the lines and shipping it gave back (minor units of the order currency). */
export const RefundSnapshot = Type.Object({
  id: Type.String({ description: 'The orders refund id (`orf_…`).' }),
  paymentRefundId: Type.String({ description: "The payments module's refund (the one `payment.refunded` names)." }),
  amount: Type.Integer({ description: 'Total given back by this refund.' }),
  shipping: Type.Integer({ description: 'Part of `amount` refunding the shipping charge.' }),
  lines: Type.Array(Type.Object({ sku: Type.String(), title: Type.String(), quantity: Type.Integer(), amount: Type.Integer() })),
  restocked: Type.Boolean({ description: 'The units went back into stock (`return` movements).' }),
  reason: Type.String({ description: "Staff's reason, told to the customer." }),
  refundedTotal: Type.Integer({ description: 'Everything refunded on the order so far, this refund included.' }),
  at: Type.String({ description: 'ISO 8601 UTC.' }),
});
export type RefundSnapshot = Static<typeof RefundSnapshot>;

/** A return (RMA) of an order as events carry it. */
export const ReturnSnapshot = Type.Object({
  id: Type.String({ description: 'The return id (`rma_…`).' }),
  orderId: Type.String(),
  orderNumber: Type.String(),
  status: Type.Union([Type.Literal('authorized'), Type.Literal('received')]),
  lines: Type.Array(Type.Object({ sku: Type.String(), title: Type.String(), quantity: Type.Integer() })),
  reason: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()], { description: 'What the return came from, e.g. a support ticket id (`tkt_…`).' }),
  refundId: Type.Union([Type.String(), Type.Null()], { description: 'The orders refund (`orf_…`) made when it was received; null while authorized, or when received without a refund.' }),
  at: Type.String({ description: 'When it was authorized or received, ISO 8601 UTC.' }),
});
export type ReturnSnapshot = Static<typeof ReturnSnapshot>;

/** Payload schemas of the order events. */
export const orderEvents = defineEvents('orders', {
  'order.placed': Type.Object({ order: OrderSnapshot }, { description: 'An order was placed: card orders when their payment is authorized (with `order.confirmed`); offline ones at checkout (`status` `awaiting_payment` with bank-transfer `payment.instructions`, or `confirmed` for cash on delivery).' }),
  'order.confirmed': Type.Object({ order: OrderSnapshot }, { description: 'The order moved to confirmed.' }),
  'order.shipped': Type.Object({ order: OrderSnapshot, shipment: ShipmentSnapshot }, { description: 'A shipment of the order left.' }),
  'order.delivered': Type.Object({ order: OrderSnapshot }, { description: 'The order was delivered.' }),
  'order.shipment_tracked': Type.Object(
    {
      order: OrderSnapshot,
      shipment: ShipmentSnapshot,
      status: Type.Union(TRACKING_STATUSES.map((s) => Type.Literal(s))),
      detail: Type.Union([Type.String(), Type.Null()], { description: 'What the carrier or staff said (e.g. "Nobody home, card left").' }),
      at: Type.String({ description: 'When it happened, ISO 8601 UTC.' }),
      source: Type.Union([Type.Literal('staff'), Type.Literal('carrier')]),
    },
    { description: 'A shipment got a tracking status (in transit, out for delivery, delivered, exception) from the back office or the carrier webhook. Consumer: notifications (mail on out_for_delivery and exception).' },
  ),
  'order.cancelled': Type.Object(
    {
      order: OrderSnapshot,
      reason: Type.String(),
      from: Type.Optional(Type.String({ description: 'The status it was cancelled from: `pending` or `payment_processing` means it never got past payment.' })),
      notifyCustomer: Type.Optional(Type.Boolean({ description: 'False when staff chose not to tell the customer (no mail, no notification); absent or true: tell them.' })),
    },
    { description: "The order was cancelled; `reason`: `payment_failed`, `payment_timeout`, `customer_request`, or the admin's text." },
  ),
  'order.refunded': Type.Object(
    { order: OrderSnapshot, refund: RefundSnapshot },
    { description: 'Staff refunded lines, shipping or an amount of the order (the money itself: `payment.refunded`, published in the same transaction).' },
  ),
  'return.authorized': Type.Object({ return: ReturnSnapshot }, { description: 'Staff authorized a return (RMA) of units of a delivered order.' }),
  'return.received': Type.Object(
    { return: ReturnSnapshot },
    { description: 'A return came back: its units were put back into stock and, unless it was received without a refund (`refundId` null), refunded (`order.refunded` and `payment.refunded` in the same transaction).' },
  ),
});

/** Typed map of order events (name → payload). */
export type OrderEvents = EventPayloads<typeof orderEvents>;

/** Name of an orders event. */
export type OrderEventName = keyof OrderEvents;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends OrderEvents {}
}
