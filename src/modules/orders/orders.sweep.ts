import { and, eq, inArray, lte } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { order } from './db/schema.js';
import type { OrdersContract } from './orders.contract.js';

/**
 * The unpaid-order sweep: web orders still `pending` or `payment_processing` longer than the
 * payment timeout (a checkout that crashed, or whose client never came back) are cancelled with
 * reason `payment_timeout`, which gives their stock and promotion use back and voids any
 * authorization. State lives in the database, so the sweep survives restarts; the orders module
 * runs it as the job `orders.sweep-unpaid`.
 */
export class UnpaidOrderSweep {
  constructor(
    private readonly database: Database,
    private readonly orders: Pick<OrdersContract, 'cancel'>,
    private readonly log: Logger,
    /** Minutes an order may stay unpaid. */
    private readonly paymentTimeoutMinutes: number,
  ) {}

  /** Cancels orders left unpaid longer than the timeout (reason `payment_timeout`); returns how many. */
  async sweepUnpaid(): Promise<number> {
    const cutoff = new Date(Date.now() - this.paymentTimeoutMinutes * 60_000);
    const stale = await this.database.db
      .select({ id: order.id })
      .from(order)
      .where(and(inArray(order.status, ['pending', 'payment_processing']), eq(order.source, 'web'), lte(order.placedAt, cutoff)))
      .limit(500);
    let cancelled = 0;
    for (const { id } of stale) {
      try {
        await this.orders.cancel(id, 'payment_timeout', 'system');
        cancelled++;
      } catch (err) {
        this.log.warn({ err, orderId: id }, 'could not cancel an unpaid order');
      }
    }
    return cancelled;
  }
}
