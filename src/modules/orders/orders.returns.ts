import { and, asc, eq } from 'drizzle-orm';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import { replayDecision } from '../../platform/idempotency.js';
import { order, orderLine, refund as orderRefund, returnAuthorization, shipment } from './db/schema.js';
import { returnProblem } from './domain/returns.js';
import type { NewReturn, ReceiveOptions, ReturnDto } from './orders.contract.js';
import { OrdersErrors } from './orders.errors.js';
import type { OrderLifecycle } from './orders.lifecycle.js';
import type { ReturnSnapshot } from './orders.events.js';

type ReturnRow = typeof returnAuthorization.$inferSelect;

/**
 * Returns (RMAs) of delivered orders: staff authorize units per SKU; when the parcel comes back
 * the return is received, which refunds those units through the order refund path (payment
 * refunded, `return` stock movements) in one transaction. Events: `return.authorized`, `return.received`.
 */
export class OrderReturns {
  constructor(private readonly database: Database, private readonly lifecycle: OrderLifecycle) {}

  /**
   * Authorizes a return of `input.lines` of order `orderId`, under the order's lock: the order
   * must be delivered, and each SKU's units at most those delivered less those of the order's
   * earlier returns. Writes the return and `return.authorized` in one transaction.
   * @throws 404 ORDERS.NOT_FOUND, 409 ORDERS.NOT_RETURNABLE (not delivered), 400 ORDERS.INVALID_RETURN
   *   (a SKU not delivered, or twice), 409 ORDERS.RETURN_EXCEEDS; nothing is written then.
   */
  async create(orderId: string, input: NewReturn, actor: string | null): Promise<ReturnDto> {
    const id = await this.database.transaction(async (tx) => {
      const row = await this.lifecycle.lock(tx, orderId);
      if (row.status !== 'delivered') throw OrdersErrors.notReturnable(row.status);
      const [lines, shipments, earlier] = await Promise.all([
        tx.select({ sku: orderLine.sku, title: orderLine.title }).from(orderLine).where(eq(orderLine.orderId, orderId)),
        tx.select({ lines: shipment.lines }).from(shipment).where(and(eq(shipment.orderId, orderId), eq(shipment.status, 'delivered'))),
        tx.select({ lines: returnAuthorization.lines }).from(returnAuthorization).where(eq(returnAuthorization.orderId, orderId)),
      ]);
      const problem = returnProblem(input.lines, shipments.flatMap((s) => s.lines), earlier.flatMap((r) => r.lines));
      if (problem) throw problem.kind === 'invalid' ? OrdersErrors.invalidReturn(problem.message) : OrdersErrors.returnExceeds(problem.message);
      const titles = new Map(lines.map((l) => [l.sku, l.title]));
      const rmaId = newId('rma');
      const [written] = await tx.insert(returnAuthorization).values({
        id: rmaId, orderId, lines: input.lines.map((l) => ({ sku: l.sku, title: titles.get(l.sku) ?? l.sku, quantity: l.quantity })),
        reason: input.reason.trim(), reference: input.reference ?? null, actor,
      }).returning();
      await publish(tx, 'return.authorized', { return: snapshot(written!, row.number, written!.createdAt) }, orderId);
      return rmaId;
    });
    return this.get(id);
  }

  /**
   * Receives return `returnId`. With `refund` (the default): refunds its units
   * (PaymentsContract.refund through {@link OrderLifecycle.refund}, reason `Return <id>: <reason>`,
   * `restock: true` so the units go back as `return` movements) and, in the refund's transaction,
   * marks the return `received` and publishes `return.received` (with `order.refunded` and
   * `payment.refunded`). With `refund: false`: the units go back into stock and the return is
   * received, in one transaction under the order's lock, without a refund (`refund` null: e.g.
   * cash on delivery never collected). With `idempotency`, the key is stored with the receipt: a
   * repeat of the same request answers the return as it is, doing nothing again.
   * @throws 404 ORDERS.RETURN_NOT_FOUND, 409 ORDERS.RETURN_RECEIVED (also when received meanwhile:
   *   nothing is refunded then), 422 IDEMPOTENCY.KEY_REUSED (the key came with another request or
   *   return), and the errors of {@link OrderLifecycle.refund} (e.g. 409 ORDERS.NO_PAYMENT, ORDERS.REFUND_EXCEEDS).
   */
  async receive(returnId: string, actor: string | null, options: ReceiveOptions = {}): Promise<ReturnDto> {
    const { idempotency } = options;
    if (idempotency) {
      const [recorded] = await this.database.db.select({ id: returnAuthorization.id, requestHash: returnAuthorization.receiveRequestHash })
        .from(returnAuthorization).where(eq(returnAuthorization.receiveKey, idempotency.key));
      if (replayDecision(recorded, idempotency.requestHash, { sameTarget: recorded?.id === returnId, request: 'return receipt' }) === 'replay') return this.get(returnId);
    }
    const current = await this.row(returnId, this.database.db);
    if (current.status === 'received') throw OrdersErrors.returnReceived(returnId);
    const lines = current.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }));
    /** Marks the return received in `tx` (once: a twin that got there first makes this 409) and publishes `return.received`. */
    const markReceived = async (tx: Tx, refundId: string | null) => {
      const at = new Date();
      const [done] = await tx.update(returnAuthorization)
        .set({ status: 'received', refundId, receivedBy: actor, receivedAt: at, receiveKey: idempotency?.key ?? null, receiveRequestHash: idempotency?.requestHash ?? null })
        .where(and(eq(returnAuthorization.id, returnId), eq(returnAuthorization.status, 'authorized'))).returning();
      if (!done) throw OrdersErrors.returnReceived(returnId);
      const [o] = await tx.select({ number: order.number }).from(order).where(eq(order.id, done.orderId));
      await publish(tx, 'return.received', { return: snapshot(done, o!.number, at) }, done.orderId);
    };
    if (options.refund === false) {
      await this.database.transaction(async (tx) => {
        const row = await this.lifecycle.lock(tx, current.orderId);
        await this.lifecycle.restock(tx, lines, `return:${returnId}`, actor, `return ${returnId} of order ${row.number}`);
        await markReceived(tx, null);
      });
    } else {
      await this.lifecycle.refund(current.orderId, { reason: `Return ${current.id}: ${current.reason}`.slice(0, 500), lines, restock: true }, actor, undefined, markReceived);
    }
    return this.get(returnId);
  }

  /** One return. @throws 404 ORDERS.RETURN_NOT_FOUND. */
  async get(returnId: string): Promise<ReturnDto> {
    const row = await this.row(returnId, this.database.db);
    return (await this.dtos([row]))[0]!;
  }

  /** The returns of order `orderId`, oldest first (empty for an unknown order). */
  async listForOrder(orderId: string): Promise<ReturnDto[]> {
    const rows = await this.database.db.select().from(returnAuthorization).where(eq(returnAuthorization.orderId, orderId)).orderBy(asc(returnAuthorization.createdAt), asc(returnAuthorization.id));
    return this.dtos(rows);
  }

  private async row(returnId: string, exec: Executor): Promise<ReturnRow> {
    const [row] = await exec.select().from(returnAuthorization).where(eq(returnAuthorization.id, returnId));
    if (!row) throw OrdersErrors.returnNotFound(returnId);
    return row;
  }

  private async dtos(rows: ReturnRow[]): Promise<ReturnDto[]> {
    if (rows.length === 0) return [];
    const orderId = rows[0]!.orderId;
    const [[o], refunds] = await Promise.all([
      this.database.db.select({ number: order.number, currency: order.currency }).from(order).where(eq(order.id, orderId)),
      this.database.db.select({ id: orderRefund.id, amount: orderRefund.amount }).from(orderRefund).where(eq(orderRefund.orderId, orderId)),
    ]);
    const amounts = new Map(refunds.map((r) => [r.id, r.amount]));
    return rows.map((r) => ({
      id: r.id, orderId: r.orderId, orderNumber: o!.number, status: r.status, lines: r.lines, reason: r.reason, reference: r.reference,
      refund: r.refundId ? { id: r.refundId, amount: { amount: amounts.get(r.refundId) ?? 0, currency: o!.currency } } : null,
      createdAt: r.createdAt.toISOString(), receivedAt: r.receivedAt?.toISOString() ?? null,
    }));
  }
}

function snapshot(row: ReturnRow, orderNumber: string, at: Date): ReturnSnapshot {
  return { id: row.id, orderId: row.orderId, orderNumber, status: row.status, lines: row.lines, reason: row.reason, reference: row.reference, refundId: row.refundId, at: at.toISOString() };
}
