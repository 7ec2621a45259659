import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Address } from '../orders.events.js';
import { SHIPMENT_STATUSES } from '../domain/delivery.js';

/** PostgreSQL schema `orders`: orders with line snapshots, fees/adjustments, returns. */
export const ordersSchema = pgSchema('orders');

/** Numbers of web orders (`CPT-100001`, …); imported orders keep their source's number. */
export const orderNumberSeq = ordersSchema.sequence('order_number_seq', { startWith: 100001 });

/**
 * An order. Money in minor units of `currency`. Imported historical orders carry their source
 * (`online-retail`) and the source's number (`external_ref`, the invoice number).
 */
export const order = ordersSchema.table(
  'order',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    source: text('source').notNull().default('web'),
    externalRef: text('external_ref'),
    customerId: text('customer_id'),
    email: text('email'),
    country: text('country'),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    /** Code of the site (sales channel) the order was placed on; imported history belongs to the default site. */
    site: text('site').notNull().default('default'),
    subtotal: integer('subtotal').notNull(),
    feesTotal: integer('fees_total').notNull().default(0),
    total: integer('total').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Web orders: language of the customer's messages. */
    locale: text('locale').notNull().default('en'),
    discount: integer('discount').notNull().default(0),
    shipping: integer('shipping').notNull().default(0),
    /** Tax included in `total` (tax-inclusive prices). */
    tax: integer('tax').notNull().default(0),
    promotionCode: text('promotion_code'),
    shippingMethodId: text('shipping_method_id'),
    shippingMethodName: text('shipping_method_name'),
    shippingAddress: jsonb('shipping_address').$type<Address>(),
    billingAddress: jsonb('billing_address').$type<Address>(),
    cartId: text('cart_id'),
    /** SHA-256 of the guest's order access token (derived from the order id with the server's key; never stored). */
    accessTokenHash: text('access_token_hash'),
    cancelReason: text('cancel_reason'),
    /** Web orders: the checkout's payment method (`test`, `card`, `bank_transfer`, `cash_on_delivery`, `pay_in_store`); null for older and imported orders. */
    paymentMethod: text('payment_method'),
    /** Bank transfer: the shop's bank details as shown to the buyer when the order was placed (a snapshot; the reference is the order number). */
    bankDetails: jsonb('bank_details').$type<{ accountName: string; iban: string; bic: string }>(),
    /** Staff's tags (e.g. `gift`, `vip`), lower case, sorted, unique. */
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    uniqueIndex('order_number_uq').on(t.number),
    index('order_status_placed_idx').on(t.status, t.placedAt),
    uniqueIndex('order_source_ref_uq').on(t.source, t.externalRef),
    index('order_customer_idx').on(t.customerId, t.placedAt),
    index('order_placed_idx').on(t.placedAt),
    index('order_awaiting_payment_idx').on(t.paymentMethod, t.placedAt).where(sql`status = 'awaiting_payment'`),
  ],
);

/** A line: a snapshot of what was sold (SKU, title, unit price at the time), not a join to the catalog. */
export const orderLine = ordersSchema.table(
  'order_line',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => order.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    sku: text('sku').notNull(),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    /** Discount on this line at the time of sale (minor units). */
    discount: integer('discount').notNull().default(0),
    lineTotal: integer('line_total').notNull(),
  },
  (t) => [index('order_line_order_idx').on(t.orderId), index('order_line_sku_idx').on(t.sku), check('order_line_quantity_ck', sql`${t.quantity} > 0`)],
);

/** A fee or adjustment on an order (postage, manual adjustment, bank charges…), signed amount. */
export const orderAdjustment = ordersSchema.table(
  'order_adjustment',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => order.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    description: text('description').notNull(),
    amount: integer('amount').notNull(),
  },
  (t) => [index('order_adjustment_order_idx').on(t.orderId)],
);

/** A return (from a cancellation invoice in imported data). Amounts positive, minor units. */
export const orderReturn = ordersSchema.table(
  'order_return',
  {
    id: text('id').primaryKey(),
    source: text('source').notNull(),
    externalRef: text('external_ref').notNull(),
    customerId: text('customer_id'),
    currency: text('currency').notNull(),
    total: integer('total').notNull(),
    feesTotal: integer('fees_total').notNull().default(0),
    returnedAt: timestamp('returned_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('order_return_source_ref_uq').on(t.source, t.externalRef), index('order_return_customer_idx').on(t.customerId)],
);

/** A returned line, linked to the order it was bought in when known. */
export const returnLine = ordersSchema.table(
  'return_line',
  {
    id: text('id').primaryKey(),
    returnId: text('return_id').notNull().references(() => orderReturn.id, { onDelete: 'cascade' }),
    orderId: text('order_id').references(() => order.id),
    sku: text('sku').notNull(),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
  },
  (t) => [index('return_line_return_idx').on(t.returnId), index('return_line_order_idx').on(t.orderId), check('return_line_quantity_ck', sql`${t.quantity} > 0`)],
);

/** Every status change of an order: who, when, from, to, why. */
export const statusHistory = ordersSchema.table(
  'status_history',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => order.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actor: text('actor'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('status_history_order_idx').on(t.orderId, t.createdAt)],
);

/**
 * A shipment of some of an order's lines, with carrier and tracking, its latest status and the
 * day it is expected (`estimated_delivery_on`: the shipping method's business days after it left).
 */
export const shipment = ordersSchema.table(
  'shipment',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => order.id, { onDelete: 'cascade' }),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    lines: jsonb('lines').$type<{ sku: string; quantity: number }[]>().notNull(),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull().default('shipped'),
    shippedAt: timestamp('shipped_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    actor: text('actor'),
    estimatedDeliveryOn: date('estimated_delivery_on', { mode: 'string' }),
  },
  (t) => [index('shipment_order_idx').on(t.orderId), index('shipment_tracking_idx').on(t.trackingNumber)],
);

/**
 * A step of a shipment's tracking timeline: the status, what the carrier or staff said
 * (`detail`), when it happened, who told it (`source` `staff` with the staff `actor`, or
 * `carrier`) and the carrier's event id (`external_id`, unique per shipment: a webhook sent
 * twice records one step).
 */
export const shipmentEvent = ordersSchema.table(
  'shipment_event',
  {
    id: text('id').primaryKey(),
    shipmentId: text('shipment_id').notNull().references(() => shipment.id, { onDelete: 'cascade' }),
    status: text('status', { enum: SHIPMENT_STATUSES }).notNull(),
    detail: text('detail'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    source: text('source', { enum: ['staff', 'carrier'] }).notNull(),
    actor: text('actor'),
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('shipment_event_shipment_idx').on(t.shipmentId, t.occurredAt), uniqueIndex('shipment_event_external_uq').on(t.shipmentId, t.externalId)],
);

/**
 * Idempotency keys of order-creating requests: the key's row is written in the same transaction
 * as the order, so a key that exists always names its order. `requestHash` is SHA-256 of the body.
 */
export const idempotencyKey = ordersSchema.table(
  'idempotency_key',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    orderId: text('order_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** A staff note on an order (never shown to the customer); `author` is the user id who wrote it. */
export const orderNote = ordersSchema.table(
  'order_note',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => order.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    author: text('author'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_note_order_idx').on(t.orderId, t.createdAt)],
);

/**
 * A refund staff made from the order page: which units of which lines (`lines`, each with the
 * minor units it gave back), the shipping part, the total `amount`, whether the units went back
 * into stock, the reason (told to the customer) and staff's note (not told). `paymentRefundId`
 * is the payments module's refund. Written in the transaction of that payment refund.
 */
export const refund = ordersSchema.table(
  'refund',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => order.id, { onDelete: 'cascade' }),
    paymentRefundId: text('payment_refund_id').notNull(),
    amount: integer('amount').notNull(),
    shipping: integer('shipping').notNull().default(0),
    lines: jsonb('lines').$type<{ sku: string; quantity: number; amount: number }[]>().notNull(),
    restock: boolean('restock').notNull().default(false),
    reason: text('reason').notNull(),
    note: text('note'),
    actor: text('actor'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('refund_order_idx').on(t.orderId, t.createdAt),
    uniqueIndex('refund_payment_refund_uq').on(t.paymentRefundId),
    check('refund_amount_ck', sql`${t.amount} > 0 and ${t.shipping} >= 0`),
  ],
);

/**
 * A return authorized by staff (an RMA) on a delivered order: the units per SKU (`lines`, with
 * the title sold), the reason, the caller's `reference` (e.g. the support ticket it came from) and
 * who authorized it. `status` `authorized` until the parcel comes back, then `received`: the units
 * were refunded (`refund_id`, an orders refund) and put back into stock (`return` movements) in
 * the transaction that set it.
 */
export const returnAuthorization = ordersSchema.table(
  'return_authorization',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull().references(() => order.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['authorized', 'received'] }).notNull().default('authorized'),
    lines: jsonb('lines').$type<{ sku: string; title: string; quantity: number }[]>().notNull(),
    reason: text('reason').notNull(),
    reference: text('reference'),
    actor: text('actor'),
    refundId: text('refund_id'),
    receivedBy: text('received_by'),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    /** The `Idempotency-Key` the return was received with, and the hash of that request (a repeat replays). */
    receiveKey: text('receive_key'),
    receiveRequestHash: text('receive_request_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('return_authorization_order_idx').on(t.orderId, t.createdAt),
    uniqueIndex('return_authorization_receive_key_uq').on(t.receiveKey),
    check('return_authorization_status_ck', sql`${t.status} in ('authorized', 'received')`),
  ],
);
