import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `orders`: orders with line snapshots, fees/adjustments, returns. */
export const ordersSchema = pgSchema('orders');

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
    subtotal: integer('subtotal').notNull(),
    feesTotal: integer('fees_total').notNull().default(0),
    total: integer('total').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('order_number_uq').on(t.number),
    uniqueIndex('order_source_ref_uq').on(t.source, t.externalRef),
    index('order_customer_idx').on(t.customerId, t.placedAt),
    index('order_placed_idx').on(t.placedAt),
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
