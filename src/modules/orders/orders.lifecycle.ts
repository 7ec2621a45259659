import { and, eq, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { CatalogContract } from '../catalog/index.js';
import type { PaymentDto, PaymentsContract, RefundDto, RefundIdempotency, RefundOutcome } from '../payments/index.js';
import type { PromotionsContract } from '../promotions/index.js';
import { order, orderLine, orderNote, refund as orderRefund, shipment, statusHistory } from './db/schema.js';
import { trackingUrl } from './domain/carriers.js';
import { estimatedDelivery } from './domain/delivery.js';
import { isRefundProblem, quoteRefund, type RefundQuote, type RefundRequest } from './domain/refunds.js';
import { normalizeTags, staffNoteText } from '../../platform/http/schemas.js';
import { canTransition, confirmationReason, customerMayCancel, remainingToShip, shippingReason, type OrderStatus, type PaymentFacts } from './domain/lifecycle.js';
import { OrdersErrors } from './orders.errors.js';
import type { OrderDto } from './orders.contract.js';
import type { ShipmentSnapshot } from './orders.events.js';
import { toSnapshot, type OrderReads, type OrderRow } from './orders.reads.js';

/** What the lifecycle rules read of a payment. */
const paymentFacts = (p: PaymentDto): PaymentFacts => ({ id: p.id, status: p.status, amount: p.amount.amount, capturedAmount: p.capturedAmount.amount });

/**
 * An order's life after checkout: transitions with history, cancellation (stock, promotion use
 * and payment given back), shipments, delivery and refunds. Every change writes its event to
 * the outbox in its transaction.
 */
export class OrderLifecycle {
  constructor(
    private readonly database: Database,
    private readonly reads: OrderReads,
    private readonly deps: { catalog: CatalogContract; promotions: PromotionsContract; payments: PaymentsContract },
    private readonly log: Logger,
    /** Business days from shipping to delivery per shipping method id (`DELIVERY_DAYS`). */
    private readonly deliveryDays: Record<string, number> = {},
  ) {}

  /** Order `orderId` locked FOR UPDATE for the rest of `tx`. @throws 404 ORDERS.NOT_FOUND. */
  async lock(tx: Tx, orderId: string): Promise<OrderRow> {
    const [row] = await tx.select().from(order).where(eq(order.id, orderId)).for('update');
    if (!row) throw OrdersErrors.notFound(orderId);
    return row;
  }

  private async setStatus(tx: Tx, current: OrderRow, to: OrderStatus, reason: string | null, actor: string | null) {
    await tx.update(order).set({ status: to, updatedAt: new Date(), ...(to === 'cancelled' ? { cancelReason: reason } : {}) }).where(eq(order.id, current.id));
    await tx.insert(statusHistory).values({ id: newId('osh'), orderId: current.id, fromStatus: current.status, toStatus: to, reason, actor });
  }

  /**
   * Cancels an order before shipment, all in one go: status `cancelled` with `reason`, stock
   * back to inventory, promotion use given back, `order.cancelled` published (one transaction);
   * then the payment is voided (authorized) or refunded (captured). Cancelling a cancelled order
   * changes nothing but settles its payment again (idempotent), so a failed settlement can be retried.
   * With `onlyIf`, an order in another status is answered as it is (nothing changes);
   * `byCustomer` allows only the statuses a customer may cancel from; `notifyCustomer: false`
   * (staff's choice) tells the customer nothing (the event says so).
   * @throws 404 ORDERS.NOT_FOUND, 409 ORDERS.ILLEGAL_TRANSITION.
   */
  async cancel(
    orderId: string, reason: string, actor: string | null,
    { byCustomer = false, onlyIf, notifyCustomer }: { byCustomer?: boolean; onlyIf?: OrderStatus[]; notifyCustomer?: boolean } = {},
  ): Promise<OrderDto> {
    const cancelled = await this.database.transaction(async (tx) => {
      const current = await this.lock(tx, orderId);
      const from = current.status as OrderStatus;
      if (from === 'cancelled') return null; // idempotent: a retry only settles the payment again
      if (onlyIf && !onlyIf.includes(from)) return this.reads.get(orderId, tx); // moved meanwhile (paid): left as it is
      if (!canTransition(from, 'cancelled') || (byCustomer && !customerMayCancel(from))) throw OrdersErrors.illegalTransition(from, 'cancelled');
      const lines = await tx.select({ sku: orderLine.sku, quantity: orderLine.quantity }).from(orderLine).where(eq(orderLine.orderId, orderId));
      await this.setStatus(tx, current, 'cancelled', reason, actor);
      await this.deps.catalog.releaseStock(tx, lines, `order:${orderId}`, actor, `order ${current.number}`);
      await this.deps.promotions.release(tx, orderId);
      const dto = await this.reads.get(orderId, tx);
      await publish(tx, 'order.cancelled', { order: toSnapshot(dto), reason, from, ...(notifyCustomer === undefined ? {} : { notifyCustomer }) }, orderId);
      return dto;
    });
    try {
      await this.deps.payments.settleCancellation(orderId, actor);
    } catch (err) {
      this.log.error({ err, orderId }, 'payment could not be settled after cancellation; cancelling the order again retries it');
    }
    return cancelled ?? this.reads.get(orderId);
  }

  /**
   * Moves an order to `to` when the lifecycle allows it. `cancelled` cancels (see {@link cancel}),
   * `shipped` needs a shipment, `delivered` marks every shipment delivered. `confirmed` needs a
   * payment authorized by a provider or captured (a recorded offline payment) for the whole
   * total; the payment is named in the history's reason, before staff's own `reason`. Staff
   * cancel only with a `reason` (recorded in the history); the customer hears of it only with
   * `notifyCustomer`.
   * @throws 400 ORDERS.REASON_REQUIRED (cancelling without a reason), 404 ORDERS.NOT_FOUND,
   *   409 ORDERS.ILLEGAL_TRANSITION / ORDERS.SHIPMENT_REQUIRED / ORDERS.PAYMENT_REQUIRED (no such payment).
   */
  async transition(orderId: string, to: OrderStatus, reason: string | null, actor: string | null, notifyCustomer = false): Promise<OrderDto> {
    if (to === 'cancelled') {
      if (!reason?.trim()) throw OrdersErrors.reasonRequired();
      return this.cancel(orderId, reason.trim(), actor, { notifyCustomer });
    }
    // Payments are another module's: read them before the order's lock; a payment only ever
    // becomes authorized or captured before its order is confirmed, so the read stays true.
    const payments = to === 'confirmed' ? await this.deps.payments.listForOrder(orderId) : [];
    return this.database.transaction(async (tx) => {
      const current = await this.lock(tx, orderId);
      const from = current.status as OrderStatus;
      if (!canTransition(from, to)) throw OrdersErrors.illegalTransition(from, to);
      if (to === 'shipped') throw OrdersErrors.shipmentRequired();
      if (to === 'confirmed') {
        const why = confirmationReason(payments.map(paymentFacts), current.total);
        if (!why) throw OrdersErrors.paymentRequired(`An order is confirmed once its payment is authorized or recorded (${current.paymentMethod === 'bank_transfer' || current.paymentMethod === 'pay_in_store' ? 'use "Mark payment received"' : 'none is'})`);
        reason = reason ? `${why}: ${reason}` : why;
      }
      if (to === 'delivered') {
        await tx.update(shipment).set({ status: 'delivered', deliveredAt: new Date() }).where(and(eq(shipment.orderId, orderId), eq(shipment.status, 'shipped')));
      }
      await this.setStatus(tx, current, to, reason, actor);
      const dto = await this.reads.get(orderId, tx);
      if (to === 'confirmed') await publish(tx, 'order.confirmed', { order: toSnapshot(dto) }, orderId);
      if (to === 'delivered') await publish(tx, 'order.delivered', { order: toSnapshot(dto) }, orderId);
      return dto;
    });
  }

  /**
   * Records a shipment (all remaining lines by default) and moves the order to `shipped`;
   * captures the authorized payment at the first shipment. A confirmed order passes through
   * `processing` first. An order ships only when its whole total is captured, or when its
   * payment method ships unpaid (cash on delivery); the history's `shipped` step says which.
   * The shipment's estimated delivery day is its shipping method's business days
   * (`DELIVERY_DAYS`) after today. Publishes `order.shipped`.
   * @throws 404, 409 ORDERS.ILLEGAL_TRANSITION (not confirmed/processing/shipped), 409 ORDERS.NOTHING_TO_SHIP,
   *   409 ORDERS.PAYMENT_REQUIRED (not captured in full: e.g. a partial capture).
   */
  async ship(orderId: string, input: { carrier: string; trackingNumber: string; lines?: { sku: string; quantity: number }[] }, actor: string | null): Promise<OrderDto> {
    const current = await this.reads.get(orderId);
    if (!['confirmed', 'processing', 'shipped'].includes(current.status)) throw OrdersErrors.illegalTransition(current.status, 'shipped');
    let payments = await this.deps.payments.listForOrder(orderId);
    const method = current.payment ? this.deps.payments.method(current.payment.method) : null;
    const authorized = payments.find((p) => p.status === 'authorized');
    if (authorized && !method?.shipsUnpaid) payments = [await this.deps.payments.capture(authorized.id)];
    const shipReason = shippingReason(payments.map(paymentFacts), current.totals.total.amount, method);
    if (!shipReason) throw OrdersErrors.paymentRequired('An order ships once its whole total is captured (a partial capture is not enough)');
    return this.database.transaction(async (tx) => {
      let row = await this.lock(tx, orderId);
      if (!['confirmed', 'processing', 'shipped'].includes(row.status)) throw OrdersErrors.illegalTransition(row.status, 'shipped');
      const lines = await tx.select({ sku: orderLine.sku, quantity: orderLine.quantity }).from(orderLine).where(eq(orderLine.orderId, orderId));
      const shipped = (await tx.select({ lines: shipment.lines }).from(shipment).where(eq(shipment.orderId, orderId))).flatMap((s) => s.lines);
      const left = remainingToShip(lines, shipped);
      const wanted = input.lines ?? [...left].map(([sku, quantity]) => ({ sku, quantity }));
      if (wanted.length === 0) throw OrdersErrors.nothingToShip('Every line of this order has already shipped');
      for (const w of wanted) {
        if ((left.get(w.sku) ?? 0) < w.quantity) throw OrdersErrors.nothingToShip(`Only ${left.get(w.sku) ?? 0} of ${w.sku} left to ship`);
      }
      const shipmentId = newId('shp');
      const shippedAt = new Date();
      const days = row.shippingMethodId ? this.deliveryDays[row.shippingMethodId] : undefined;
      const estimatedDeliveryOn = days === undefined ? null : estimatedDelivery(shippedAt, days);
      await tx.insert(shipment).values({ id: shipmentId, orderId, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: wanted, actor, shippedAt, estimatedDeliveryOn });
      if (row.status === 'confirmed') {
        await this.setStatus(tx, row, 'processing', null, actor);
        row = { ...row, status: 'processing' };
      }
      if (row.status !== 'shipped') await this.setStatus(tx, row, 'shipped', shipReason, actor);
      const dto = await this.reads.get(orderId, tx);
      const shipmentSnap: ShipmentSnapshot = {
        id: shipmentId, carrier: input.carrier, trackingNumber: input.trackingNumber, trackingUrl: trackingUrl(input.carrier, input.trackingNumber), lines: wanted, shippedAt: shippedAt.toISOString(), estimatedDeliveryOn,
      };
      await publish(tx, 'order.shipped', { order: toSnapshot(dto), shipment: shipmentSnap }, orderId);
      return dto;
    });
  }

  /**
   * Records that an offline payment arrived (a bank transfer on the shop's statement, cash at
   * the door, payment at the counter): the payments module records a captured payment of the
   * order's total by the order's method, and, in the same transaction, an `awaiting_payment`
   * order is confirmed (history: `offline payment <id> received (<method>)`, by `actor`;
   * `order.confirmed` published). A cash-on-delivery order (already confirmed, maybe shipped)
   * only gets its payment recorded. Idempotent: an order already paid is answered as it is.
   * `reference` (≤ 200 characters) is staff's reference, e.g. the bank statement line.
   * @throws 404 ORDERS.NOT_FOUND, 409 ORDERS.NOT_OFFLINE (the order is paid through a provider),
   *   409 ORDERS.ILLEGAL_TRANSITION (cancelled).
   */
  async markPaymentReceived(orderId: string, reference: string | null, actor: string | null): Promise<OrderDto> {
    const current = await this.reads.get(orderId);
    const method = current.payment?.method ?? null;
    if (!method || this.deps.payments.method(method)?.kind !== 'offline') throw OrdersErrors.notOffline(method);
    if (current.status === 'cancelled') throw OrdersErrors.illegalTransition('cancelled', 'confirmed');
    let confirmed: OrderDto | null = null;
    await this.deps.payments.recordOfflinePayment(
      { orderId, amount: current.totals.total, method, reference },
      async (payment, tx) => {
        const row = await this.lock(tx, orderId);
        // Cancelled while staff looked (the unpaid-order sweep): refuse, so nothing is recorded.
        if (row.status === 'cancelled') throw OrdersErrors.illegalTransition('cancelled', 'confirmed');
        if (row.status !== 'awaiting_payment') return;
        await this.setStatus(tx, row, 'confirmed', `offline payment ${payment.id} received (${method})`, actor);
        confirmed = await this.reads.get(orderId, tx);
        await publish(tx, 'order.confirmed', { order: toSnapshot(confirmed) }, orderId);
      },
    );
    return confirmed ?? this.reads.get(orderId);
  }

  /**
   * Marks a shipment delivered; the order becomes `delivered` when every line has shipped and
   * every shipment is delivered (publishes `order.delivered`).
   * @throws 404 ORDERS.NOT_FOUND / ORDERS.SHIPMENT_NOT_FOUND.
   */
  async deliverShipment(orderId: string, shipmentId: string, actor: string | null): Promise<OrderDto> {
    await this.database.transaction(async (tx) => {
      const row = await this.lock(tx, orderId);
      const [found] = await tx.select().from(shipment).where(and(eq(shipment.id, shipmentId), eq(shipment.orderId, orderId)));
      if (!found) throw OrdersErrors.shipmentNotFound(shipmentId);
      if (found.status === 'delivered') return;
      await this.markDelivered(tx, row, shipmentId, new Date(), actor);
    });
    return this.reads.get(orderId);
  }

  /**
   * In `tx`, under the order's lock (`row`): shipment `shipmentId` becomes delivered at `at`; the
   * order becomes `delivered` (publishing `order.delivered`) when every line has shipped and every
   * shipment is delivered.
   */
  async markDelivered(tx: Tx, row: OrderRow, shipmentId: string, at: Date, actor: string | null): Promise<void> {
    const orderId = row.id;
    await tx.update(shipment).set({ status: 'delivered', deliveredAt: at }).where(eq(shipment.id, shipmentId));
    const all = await tx.select().from(shipment).where(eq(shipment.orderId, orderId));
    const lines = await tx.select({ sku: orderLine.sku, quantity: orderLine.quantity }).from(orderLine).where(eq(orderLine.orderId, orderId));
    const complete = remainingToShip(lines, all.flatMap((s) => s.lines)).size === 0 && all.every((s) => s.status === 'delivered');
    if (complete && row.status === 'shipped') {
      await this.setStatus(tx, row, 'delivered', null, actor);
      await publish(tx, 'order.delivered', { order: toSnapshot(await this.reads.get(orderId, tx)) }, orderId);
    }
  }

  /** What was refunded from the order page before: the refunded lines and shipping (under `tx`'s lock when given). */
  private async priorRefunds(exec: Executor, orderId: string) {
    const rows = await exec.select({ lines: orderRefund.lines, shipping: orderRefund.shipping, amount: orderRefund.amount }).from(orderRefund).where(eq(orderRefund.orderId, orderId));
    return { lines: rows.flatMap((r) => r.lines), shipping: rows.reduce((sum, r) => sum + r.shipping, 0), total: rows.reduce((sum, r) => sum + r.amount, 0) };
  }

  /**
   * The refund `request` would make on order `orderId` now (nothing is written): its lines,
   * shipping part and amount, computed from the order's own figures (see domain/refunds.ts).
   * @throws 404 ORDERS.NOT_FOUND, 400 ORDERS.INVALID_REFUND, 409 ORDERS.REFUND_EXCEEDS.
   */
  async quoteRefund(orderId: string, request: RefundRequest, exec: Executor = this.database.db): Promise<RefundQuote> {
    const dto = await this.reads.get(orderId, exec);
    const quote = quoteRefund(
      dto.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, paid: Math.max(0, l.lineTotal.amount - l.discount.amount) })),
      dto.totals.shipping.amount, await this.priorRefunds(exec, orderId), request,
    );
    if (isRefundProblem(quote)) throw quote.kind === 'invalid' ? OrdersErrors.invalidRefund(quote.message) : OrdersErrors.refundExceeds(quote.message);
    return quote;
  }

  /**
   * Refunds an order from the back office: `lines` (units per SKU) and/or the remaining
   * `shipping`, the amount computed here ({@link quoteRefund}), or a bare `amount` (minor units,
   * e.g. a goodwill gesture) without lines. The captured payment is refunded
   * (PaymentsContract.refund) and, in the same transaction, under the order's lock and before
   * the provider is called: the refund is checked again against what was refunded meanwhile
   * (a concurrent refund of the same units answers 409 and refunds nothing), recorded with
   * staff's `note`, its units put back into stock with `restock` (`return` movements) and
   * `order.refunded` published (with `payment.refunded`).
   * With `idempotency` (the route's `Idempotency-Key` and request hash), a repeated request
   * answers the refund the first one made (`replayed: true`): nothing is refunded, restocked or
   * published again, even once the payment is fully refunded. Without it, every call is a new refund.
   * `within`, when given, runs last in that transaction with the new refund's id (a return's
   * receipt marks itself there); what it throws rolls the whole refund back.
   * @returns the payment after the refund, the payment's refund, whether it was a replay, and the order as it is then.
   * @throws 400 ORDERS.INVALID_REFUND (nothing asked, unknown line, an amount with lines, restock without lines),
   *   404 ORDERS.NOT_FOUND, 409 ORDERS.NO_PAYMENT (nothing captured left to refund), 409 ORDERS.REFUND_EXCEEDS,
   *   409 ORDERS.REFUND_CONFLICT, 409 PAYMENTS.REFUND_EXCEEDS_CAPTURED, 422 IDEMPOTENCY.KEY_REUSED (the key
   *   came with another request), and the other errors of PaymentsContract.refund.
   */
  async refund(
    orderId: string, input: RefundInput, actor: string | null, idempotency?: RefundIdempotency, within?: (tx: Tx, refundId: string) => Promise<void>,
  ): Promise<RefundOutcome & { order: OrderDto }> {
    const request: RefundRequest = { lines: input.lines ?? [], shipping: input.shipping ?? false };
    const byLines = request.lines.length > 0 || request.shipping;
    if (input.amount !== undefined && byLines) throw OrdersErrors.invalidRefund('Refund either lines and shipping (the amount is computed) or an amount, not both');
    if (input.amount === undefined && !byLines) throw OrdersErrors.invalidRefund('Choose at least one line or the shipping to refund');
    if (input.restock && request.lines.length === 0) throw OrdersErrors.invalidRefund('Only refunded lines can be restocked');
    const current = await this.reads.get(orderId);
    const payment = (await this.deps.payments.listForOrder(orderId)).find((p) => p.status === 'captured' || p.status === 'partially_refunded');
    if (!payment) {
      // Nothing left to refund: maybe because this very request already refunded it all. The
      // payments were listed first, so a twin that did so has committed and is found here.
      const replayed = idempotency ? await this.deps.payments.replayRefund(idempotency) : null;
      if (replayed) return { ...replayed, order: current };
      throw OrdersErrors.noPayment();
    }
    const amount = byLines ? (await this.quoteRefund(orderId, request)).amount : input.amount!;
    const reason = input.reason.trim();
    const record = async (paid: RefundDto, tx: Tx) => {
      const row = await this.lock(tx, orderId);
      let quote: RefundQuote = { lines: [], shipping: 0, amount };
      if (byLines) {
        quote = await this.quoteRefund(orderId, request, tx);
        if (quote.amount !== amount) throw OrdersErrors.refundConflict();
      }
      const id = newId('orf');
      const lines = quote.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, amount: l.amount }));
      const restock = !!input.restock;
      const [written] = await tx.insert(orderRefund).values({ id, orderId, paymentRefundId: paid.id, amount, shipping: quote.shipping, lines, restock, reason, note: input.note?.trim() || null, actor }).returning({ at: orderRefund.createdAt });
      if (restock) await this.deps.catalog.returnStock(tx, lines, `refund:${id}`, actor, `refund of order ${row.number}`);
      await tx.update(order).set({ updatedAt: new Date() }).where(eq(order.id, orderId));
      const dto = await this.reads.get(orderId, tx);
      await publish(tx, 'order.refunded', {
        order: toSnapshot(dto),
        refund: {
          id, paymentRefundId: paid.id, amount, shipping: quote.shipping, lines: quote.lines, restocked: restock, reason,
          refundedTotal: dto.refundedTotal.amount, at: written!.at.toISOString(),
        },
      }, orderId);
      if (within) await within(tx, id);
    };
    const outcome = await this.deps.payments.refund(payment.id, amount, reason, actor, idempotency, record);
    return { ...outcome, order: await this.reads.get(orderId) };
  }

  /**
   * Puts `lines` back into stock inside `tx` (`return` movements with `reference`), without a
   * refund: a return received on an order whose payment was never captured (e.g. cash on delivery).
   */
  async restock(tx: Tx, lines: { sku: string; quantity: number }[], reference: string, actor: string | null, label: string): Promise<void> {
    await this.deps.catalog.returnStock(tx, lines, reference, actor, label);
  }

  /** Adds staff's note (trimmed) on the order. @throws 400 VALIDATION.FAILED (blank note), 404 ORDERS.NOT_FOUND. */
  async addNote(orderId: string, body: string, author: string | null): Promise<void> {
    const text = staffNoteText(body);
    await this.database.transaction(async (tx) => {
      await this.lock(tx, orderId);
      await tx.insert(orderNote).values({ id: newId('onote'), orderId, body: text, author });
    });
  }

  /** Replaces staff's tags on the order (normalized: trimmed, lower case, unique, sorted). @throws 404 ORDERS.NOT_FOUND. */
  async setTags(orderId: string, tags: string[]): Promise<void> {
    const [row] = await this.database.db.update(order).set({ tags: normalizeTags(tags) }).where(eq(order.id, orderId)).returning({ id: order.id });
    if (!row) throw OrdersErrors.notFound(orderId);
  }

  /**
   * Joins the guest orders placed with `email` (web orders without a customer) to the account
   * `userId`, whose owner has just proved the address (`user.email_verified`), inside `tx`.
   * Idempotent. @returns how many orders joined.
   */
  async attachGuestOrders(tx: Tx, userId: string, email: string): Promise<number> {
    const joined = await tx
      .update(order)
      .set({ customerId: userId, updatedAt: new Date() })
      .where(and(isNull(order.customerId), eq(order.source, 'web'), eq(order.email, email.trim().toLowerCase())))
      .returning({ id: order.id });
    return joined.length;
  }
}

/**
 * A back-office refund: `lines` (units per SKU) and/or `shipping` (the whole remaining charge),
 * or a bare `amount` in minor units; `restock` puts the refunded units back into stock; `reason`
 * is told to the customer, `note` stays with staff.
 */
export interface RefundInput {
  reason: string;
  note?: string | null;
  lines?: { sku: string; quantity: number }[];
  shipping?: boolean;
  restock?: boolean;
  amount?: number;
}
