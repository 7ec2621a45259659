import { and, eq, inArray, lte, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { order } from './db/schema.js';
import type { OrdersContract } from './orders.contract.js';
import type { OrderStatus } from './domain/lifecycle.js';

/**
 * The unpaid-order sweep: web orders still `pending` or `payment_processing` longer than the
 * payment timeout (a checkout that crashed, or whose client never came back), and orders
 * `awaiting_payment` longer than their method's timeout (bank transfer: days), are cancelled
 * with reason `payment_timeout`, which gives their stock and promotion use back and voids any
 * authorization. An order paid meanwhile is left alone. State lives in the database, so the sweep survives restarts; the orders module
 * runs it as the job `orders.sweep-unpaid`.
 */
export class UnpaidOrderSweep {
  constructor(
    private readonly database: Database,
    private readonly orders: Pick<OrdersContract, 'cancel'>,
    private readonly log: Logger,
    /** Minutes an order may stay unpaid. */
    private readonly paymentTimeoutMinutes: number,
    /** Minutes an `awaiting_payment` order may wait, per payment method (e.g. `bank_transfer`); a method absent here never times out. */
    private readonly awaitingTimeoutMinutes: Record<string, number> = {},
  ) {}

  /** Cancels orders left unpaid longer than the timeout (reason `payment_timeout`); returns how many. */
  async sweepUnpaid(): Promise<number> {
    const cutoff = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const awaiting = Object.entries(this.awaitingTimeoutMinutes).map(([method, minutes]) =>
      and(eq(order.status, 'awaiting_payment'), eq(order.paymentMethod, method), lte(order.placedAt, cutoff(minutes))),
    );
    const stale = await this.database.db
      .select({ id: order.id, status: order.status })
      .from(order)
      .where(and(eq(order.source, 'web'), or(and(inArray(order.status, ['pending', 'payment_processing']), lte(order.placedAt, cutoff(this.paymentTimeoutMinutes))), ...awaiting)))
      .limit(500);
    let cancelled = 0;
    for (const { id, status } of stale) {
      try {
        await this.orders.cancel(id, 'payment_timeout', 'system', [status as OrderStatus]);
        cancelled++;
      } catch (err) {
        this.log.warn({ err, orderId: id }, 'could not cancel an unpaid order');
      }
    }
    return cancelled;
  }
}
