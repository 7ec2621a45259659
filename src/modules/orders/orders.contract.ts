import type { Executor, Tx } from '../../platform/db/index.js';
import type { IdempotencyBinding } from '../../platform/idempotency.js';
import type { OrderStatus } from './domain/lifecycle.js';
import type { ShipmentStatus } from './domain/delivery.js';
import type { Address, OrderLineSnapshot, OrderPayment, ShipmentSnapshot } from './orders.events.js';

type Money = { amount: number; currency: string };

/** An order as the API shows it. Money as `{ amount, currency }`, times ISO 8601 UTC. */
export interface OrderDto {
  id: string;
  number: string;
  status: OrderStatus;
  /** Statuses the lifecycle allows next (back-office actions). */
  nextStatuses: OrderStatus[];
  email: string | null;
  customerId: string | null;
  locale: 'en' | 'fr';
  currency: string;
  /** Code of the site (sales channel) the order was placed on. */
  site: string;
  lines: { sku: string; title: string; quantity: number; unitPrice: Money; discount: Money; lineTotal: Money }[];
  totals: { subtotal: Money; discount: Money; shipping: Money; tax: Money; total: Money };
  promotionCode: string | null;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  shippingMethod: { id: string; name: string } | null;
  /** Each shipment with its carrier's tracking page (`trackingUrl`, null for a carrier without a known page). */
  shipments: (ShipmentSnapshot & {
    trackingUrl: string | null;
    status: ShipmentStatus;
    deliveredAt: string | null;
    estimatedDeliveryOn: string | null;
    /** The tracking timeline after shipping, oldest first (`at` ISO 8601 UTC). */
    events: { status: ShipmentStatus; detail: string | null; at: string; source: 'staff' | 'carrier' }[];
  })[];
  statusHistory: { from: string | null; to: string; reason: string | null; actor: string | null; at: string }[];
  /** Refunds staff made from the order page, oldest first: lines and shipping given back, whether the units were restocked, the reason (`at` ISO 8601 UTC). */
  refunds: OrderRefundDto[];
  /** Sum of `refunds`. */
  refundedTotal: Money;
  cancelReason: string | null;
  source: string;
  placedAt: string;
  updatedAt: string;
  /** The checkout's payment method, with bank-transfer instructions (account, reference = order number, amount); null for imported orders. */
  payment: OrderPayment | null;
}

/** A refund of an order as the customer sees it (money in the order currency). */
export interface OrderRefundDto {
  id: string;
  amount: Money;
  shipping: Money;
  lines: { sku: string; title: string; quantity: number; amount: Money }[];
  restocked: boolean;
  reason: string;
  at: string;
}

/**
 * An order as the back office reads it: the {@link OrderDto}, with the staff member's name of
 * each history step (and the payment its reason names, in words) and refund (`actorName`, null for `system`, `guest` or an unknown user),
 * staff's note on each refund, staff's tags and notes (newest first), and the customer's
 * figures (order count and lifetime value: see OrderReads.getAdmin).
 */
export interface AdminOrderDto extends OrderDto {
  /**
   * `payment`: the payment a step's reason names (`payment pay_… captured`), in words: what
   * happened to it, its method (`card`, or the offline method id), the card's brand and last 4
   * digits, and the amount authorized or captured; null when the reason names no payment.
   */
  statusHistory: (OrderDto['statusHistory'][number] & {
    actorName: string | null;
    payment: { event: 'authorized' | 'captured' | 'received'; method: string; card: { brand: string; last4: string } | null; amount: Money } | null;
  })[];
  refunds: (OrderRefundDto & { note: string | null; actor: string | null; actorName: string | null })[];
  tags: string[];
  notes: { id: string; body: string; author: string | null; authorName: string | null; at: string }[];
  customer: { id: string | null; name: string | null; email: string | null; orderCount: number; lifetimeValue: Money };
}

/** What the checkout flow hands over to create an order (all money in minor units of `currency`). */
export interface PendingOrderInput {
  cartId: string;
  customerId: string | null;
  email: string;
  locale: 'en' | 'fr';
  currency: string;
  /** Code of the cart's site (absent: the default site). */
  site?: string;
  lines: OrderLineSnapshot[];
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  promotionCode: string | null;
  shippingAddress: Address;
  billingAddress: Address;
  shippingMethod: { id: string; name: string };
  /** The checkout's `Idempotency-Key` and request hash, stored with the order. */
  idempotency: IdempotencyBinding;
  /**
   * How the order is paid: the `method` id and the `status` it starts in: `payment_processing`
   * (default: a provider authorizes it next), `awaiting_payment` (an offline method waits for the
   * money), `confirmed` (cash on delivery), with the `reason` for its history; `bankDetails`
   * (bank transfer) are kept with the order as shown to the buyer.
   */
  payment?: {
    method: string;
    status: 'payment_processing' | 'awaiting_payment' | 'confirmed';
    reason: string | null;
    bankDetails: { accountName: string; iban: string; bic: string } | null;
  };
}

/** A line of an imported order: snapshot of SKU, title, quantity (> 0) and unit price (minor units). */
export interface ImportedOrderLine { sku: string; title: string; quantity: number; unitPrice: number }
/** A fee or adjustment of an imported order or return, signed amount in minor units. */
export interface ImportedFee { code: string; description: string; amount: number }

/** A historical order from an import (an invoice). `placedAt` is ISO 8601 UTC. */
export interface ImportedOrder {
  externalRef: string;
  customerId: string | null;
  country: string;
  placedAt: string;
  currency: string;
  lines: ImportedOrderLine[];
  fees: ImportedFee[];
}

/** A historical return (a cancellation invoice). Quantities positive; `originalRef` is the order's externalRef when known. */
export interface ImportedReturn {
  externalRef: string;
  customerId: string | null;
  returnedAt: string;
  currency: string;
  lines: (ImportedOrderLine & { originalRef: string | null })[];
  fees: ImportedFee[];
}

/** An imported order or return as {@link OrdersContract.historyPage} reads it back (fees left out): `at` ISO 8601 UTC. */
export interface HistoryEntry {
  id: string;
  externalRef: string;
  customerId: string | null;
  at: string;
  currency: string;
  /** In the order's line order (returns: as imported); quantities positive. */
  lines: { sku: string; title: string; quantity: number; unitPrice: number }[];
}

/** A return (RMA) to authorize: units per SKU of a delivered order, the reason, and what it comes from (e.g. a support ticket id). */
export interface NewReturn {
  lines: { sku: string; quantity: number }[];
  reason: string;
  reference?: string | null;
}

/** How a return is received: `refund` (default true) refunds its units; false only restocks them. `idempotency`: the request's `Idempotency-Key` and hash. */
export interface ReceiveOptions {
  refund?: boolean;
  idempotency?: IdempotencyBinding;
}

/**
 * A return (RMA) of an order: `authorized` until the parcel is back, then `received` with the
 * refund it made (`refund.amount` in the order currency). Times ISO 8601 UTC.
 */
export interface ReturnDto {
  id: string;
  orderId: string;
  orderNumber: string;
  status: 'authorized' | 'received';
  lines: { sku: string; title: string; quantity: number }[];
  reason: string;
  reference: string | null;
  refund: { id: string; amount: Money } | null;
  createdAt: string;
  receivedAt: string | null;
}

/**
 * What other modules and flows may ask of orders: historical imports, and web orders as the
 * checkout flow makes and settles them. Every change writes its events to the outbox in its
 * transaction.
 */
export interface OrdersContract {
  /**
   * Writes historical orders and returns of an import inside `tx`, keyed by (source, externalRef):
   * those already present are skipped, so re-running changes nothing. Imported orders are
   * `delivered` and move no stock. Returns link to their original order when it is known.
   */
  importHistory(tx: Tx, source: string, batch: { orders: ImportedOrder[]; returns: ImportedReturn[] }): Promise<{ orders: number; returns: number }>;
  /**
   * A page of the history imported from `source` (for read models that backfill, e.g. analytics):
   * the `kind` (orders or returns) with an id after `after` (null = from the start), by id, at
   * most `limit`, each with its lines.
   */
  historyPage(source: string, kind: 'orders' | 'returns', after: string | null, limit: number): Promise<HistoryEntry[]>;
  /**
   * Places a web order in `tx` (the checkout's transaction), in `payment_processing` (or the
   * status of `input.payment`), with line snapshots, status history and the checkout's
   * idempotency key (`input.idempotency`), in one statement. An order placed in
   * `awaiting_payment` publishes `order.placed`, one placed `confirmed` `order.placed` +
   * `order.confirmed` (a card order publishes them when confirmed). A guest's order gets an access token (see {@link guestAccessToken}).
   * @returns the order as a read would show it now, its id, number and the guest's access token (null for a customer).
   * @throws 409 IDEMPOTENCY.IN_USE when the key is already stored (a replay, or a concurrent twin that
   *   committed first); `tx` is then aborted and the caller looks the key up ({@link findByIdempotencyKey}).
   */
  place(tx: Tx, input: PendingOrderInput): Promise<{ orderId: string; number: string; accessToken: string | null; order: OrderDto }>;
  /** The order checkout idempotency key `key` created, with the hash of its request; null when the key is unknown. */
  findByIdempotencyKey(key: string): Promise<{ orderId: string; requestHash: string } | null>;
  /**
   * The access token of guest order `orderId` again (for a checkout replay): derived from the
   * order id with the server's key, never stored. Null for a customer's order or an order whose
   * token cannot be derived again.
   */
  guestAccessToken(orderId: string): Promise<string | null>;
  /**
   * Confirms `order` (as the caller holds it: as {@link place} answered it, or as last read)
   * after its payment was authorized: payment_processing → confirmed with its history step and
   * `order.placed` + `order.confirmed`, as the last statement of `tx` (the transaction recording
   * the payment; the transaction's other unwritten events go in the same statement). Idempotent:
   * an order in another status, or that has moved meanwhile (cancelled by the unpaid-order
   * sweep), is answered as it is.
   * @returns the order as it is then. @throws 404 ORDERS.NOT_FOUND.
   */
  confirmAuthorized(tx: Tx, order: OrderDto): Promise<OrderDto>;
  /** One order with lines, shipments and history. @throws 404 ORDERS.NOT_FOUND. */
  get(orderId: string): Promise<OrderDto>;
  /**
   * Cancels an order before shipment with `reason` (e.g. `payment_failed`, `payment_timeout`):
   * status `cancelled`, stock released, promotion use given back and `order.cancelled` published
   * in one transaction; then the payment is voided (authorized) or refunded (captured).
   * Cancelling a cancelled order changes nothing but settles its payment again, so a failed
   * settlement (or an authorization recorded after the cancellation) is settled by a retry.
   * `actor` is a user id, `system` or `guest`. With `onlyIf`, an order in another status is left
   * as it is and answered (the unpaid-order sweep: an order paid meanwhile is not cancelled).
   * The customer is told (mail, notification) unless the order never got past payment.
   * @throws 404 ORDERS.NOT_FOUND, 409 ORDERS.ILLEGAL_TRANSITION (shipped or delivered).
   */
  cancel(orderId: string, reason: string, actor: string | null, onlyIf?: OrderStatus[]): Promise<OrderDto>;
  /**
   * The refund staff made from an order page whose money is payment refund `paymentRefundId`
   * (the `refundId` of `payment.refunded`), read through `exec` (pass the caller's transaction):
   * its lines (units per SKU and what they gave back) and shipping part, in minor units; null for
   * a refund made elsewhere (a cancellation, the provider's dashboard).
   */
  refundByPaymentRefund(paymentRefundId: string, exec: Executor): Promise<{ id: string; orderId: string; lines: { sku: string; quantity: number; amount: number }[]; shipping: number } | null>;
  /** The numbers (`CPT-100042`) of the orders `ids` that exist, by id; unknown ids are left out. */
  numbers(ids: string[]): Promise<Map<string, string>>;
  /** Every order of customer `customerId` (user id), newest first, as the API shows them: the orders part of their data export. */
  listForCustomer(customerId: string): Promise<OrderDto[]>;
  /**
   * Anonymises the orders of a customer who erased their account, inside `tx` (the erasure's
   * transaction): orders of `customerId` and guest orders placed with `email` keep lines, money
   * and history but lose the e-mail, the customer id and the personal fields of their address
   * snapshots (the country stays); they get the staff tag `erased-customer`. Returns how many.
   */
  anonymiseCustomer(tx: Tx, customerId: string, email: string | null): Promise<number>;
  /**
   * Who bought (orders not cancelled, web or imported): their customer ids and lower-cased order
   * e-mails, for marketing segments. `skus` null: anyone who ever ordered; else orders with a line
   * of one of those SKUs (at most 10 000 SKUs).
   */
  buyers(skus: string[] | null): Promise<{ customerIds: string[]; emails: string[] }>;
  /**
   * Authorizes a return (RMA) of `input.lines` of delivered order `orderId` by `actor` (user id),
   * with `return.authorized` in the same transaction. Each SKU at most its delivered units less
   * those of the order's earlier returns.
   * @throws 404 ORDERS.NOT_FOUND, 409 ORDERS.NOT_RETURNABLE (not delivered), 400 ORDERS.INVALID_RETURN,
   *   409 ORDERS.RETURN_EXCEEDS; nothing is written then.
   */
  createReturn(orderId: string, input: NewReturn, actor: string | null): Promise<ReturnDto>;
  /**
   * Receives return `returnId`: its units are put back into stock (`return` movements) and, unless
   * `options.refund` is false, refunded through the order refund path (payment refunded,
   * `order.refunded`); the return becomes `received` and `return.received` is published, all in
   * one transaction. With `options.idempotency`, a repeat of the same request answers the return again.
   * @throws 404 ORDERS.RETURN_NOT_FOUND, 409 ORDERS.RETURN_RECEIVED, 409 ORDERS.NO_PAYMENT (refund
   *   asked, nothing captured), 409 ORDERS.REFUND_EXCEEDS, 422 IDEMPOTENCY.KEY_REUSED.
   */
  receiveReturn(returnId: string, actor: string | null, options?: ReceiveOptions): Promise<ReturnDto>;
  /** The returns of order `orderId`, oldest first. */
  returns(orderId: string): Promise<ReturnDto[]>;
}
