/**
 * Events the orders module publishes through the outbox (name → payload). Money: integer minor
 * units of `currency`. Consumers: notifications (mail, in-app), later analytics.
 */

/** A postal address (country: ISO 3166-1 alpha-2). */
export interface Address {
  firstName: string;
  lastName: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
  phone?: string;
}

/** A line of a web order as sold: SKU, title, quantity and money (minor units) at the time of sale. */
export interface OrderLineSnapshot {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  lineTotal: number;
}

/** An order as events carry it: enough for a confirmation mail without calling back. */
export interface OrderSnapshot {
  id: string;
  /** Human order number, e.g. `CPT-100042`. */
  number: string;
  customerId: string | null;
  email: string;
  /** Language of the customer's messages. */
  locale: 'en' | 'fr';
  status: string;
  currency: string;
  lines: OrderLineSnapshot[];
  subtotal: number;
  discount: number;
  shipping: number;
  /** Tax included in `total` (prices are tax-inclusive). */
  tax: number;
  total: number;
  promotionCode: string | null;
  shippingAddress: Address;
  shippingMethod: { id: string; name: string };
  /** ISO 8601 UTC. */
  placedAt: string;
}

/** A shipment of some or all of an order's lines. */
export interface ShipmentSnapshot {
  id: string;
  carrier: string;
  trackingNumber: string;
  lines: { sku: string; quantity: number }[];
  /** ISO 8601 UTC. */
  shippedAt: string;
}

/** Typed map of order events. */
export interface OrderEvents {
  'order.placed': { order: OrderSnapshot };
  'order.confirmed': { order: OrderSnapshot };
  'order.shipped': { order: OrderSnapshot; shipment: ShipmentSnapshot };
  'order.delivered': { order: OrderSnapshot };
  /** `reason`: `payment_failed`, `payment_timeout`, `customer_request`, or the admin's text. */
  'order.cancelled': { order: OrderSnapshot; reason: string };
}

export type OrderEventName = keyof OrderEvents;
