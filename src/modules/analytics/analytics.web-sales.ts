/**
 * Web orders → sale facts of their site's online store (the web shop `WEB` for the default site,
 * `WEB-<SITE>` for another, created with its first order: analytics.organisation.ts `siteStore`;
 * an order's cancellation and refunds go to the store its sale went to), from the orders and payments events (consumer
 * `analytics`, one transaction per delivered batch, so a fact is visible as soon as the relay
 * commits it):
 * - a confirmed order (`order.placed` with status `confirmed`, or `order.confirmed`: both carry
 *   the same lines and the same source keys `web:<orderId>:sale:<sku>`, so it counts once)
 *   becomes one line per SKU, dated when it was placed;
 * - `order.cancelled` writes, per SKU, the reverse of what the order still nets in the fact table
 *   (nothing when it was never counted or is already at zero), dated like the sale, so the
 *   order's day nets to zero;
 * - `order.refunded` with lines (staff refunded units of given SKUs from the order page) writes,
 *   per refunded SKU, a negative line of its units (−n) and of what they gave back, split into
 *   net revenue and tax at that SKU's remaining rate (all that SKU still nets once its last units
 *   go back), dated when refunded, never more units or money than the SKU still nets; its
 *   shipping part writes nothing (shipping is not a sale line);
 * - `payment.refunded` of any other refund (a goodwill amount from the order page, one made at
 *   the provider, a cancellation's) writes negative revenue and tax lines over the order's lines,
 *   pro rata to their original net revenue (quantity 0, or minus the remaining quantity when the
 *   payment is fully refunded), dated when refunded, never more than what the order still nets:
 *   a refund after a cancellation adds nothing. A payment refund whose orders refund has lines or
 *   shipping is left to `order.refunded` (asked of OrdersContract.refundByPaymentRefund in the
 *   relay's transaction, so the two events may come in either order).
 * Money: the order's prices include tax; the order's `tax` is shared over its lines and shipping
 * pro rata to their paid amounts (largest remainder, so the shares sum to it exactly); a line's
 * net revenue = paid amount (lineTotal − discount) − its tax share; shipping is not a sale line.
 * Category and unit cost come from the catalog when the event is handled. Every line has a source
 * key, so a redelivered event adds nothing.
 */
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import type { EventEnvelope } from '../../platform/events/index.js';
import type { CatalogContract } from '../catalog/index.js';
import type { OrdersContract, RefundSnapshot } from '../orders/index.js';
import { appendSaleLines, type SaleLineInput } from './analytics.facts.js';
import { PRODUCT_EVENTS, recordCatalogProducts } from './analytics.products.js';
import { siteStore, storeById } from './analytics.organisation.js';
import { localDateTime } from './analytics.time.js';
import { webOrder } from './db/schema.js';
import { roundMoney } from './domain/money.js';

/** Every event type the `analytics` consumer follows. */
export const ANALYTICS_EVENTS = ['order.placed', 'order.confirmed', 'order.cancelled', 'order.refunded', 'payment.refunded', ...PRODUCT_EVENTS] as const;
type AnalyticsEvent = EventEnvelope<(typeof ANALYTICS_EVENTS)[number]>;

/**
 * Splits `total` over `weights` (non-negative integers) pro rata, largest remainder first, so the
 * parts are integers summing exactly to `total` (ties go to the earlier weight). All-zero weights
 * put everything on the first part.
 */
export function allocate(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  // Integer arithmetic (amounts × weights stay far below 2^53): exact quotients and remainders, so ties are real ties.
  const parts = weights.map((w) => (abs * w - ((abs * w) % sum)) / sum);
  let left = abs - parts.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => ({ i, r: (abs * w) % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
  return parts.map((p) => p * sign);
}

type Order = AnalyticsEvent extends infer E ? (E extends { type: 'order.placed'; payload: { order: infer O } } ? O : never) : never;

/** What an order still nets in the fact table, per SKU. */
type Net = { sku: string; quantity: number; netRevenue: number; tax: number; discount: number; category: string | null; unitCost: number | null };

/** Handles the `analytics` consumer's events (web sales and the product dimension). */
export class WebSales {
  constructor(
    private readonly catalog: CatalogContract,
    private readonly orders: Pick<OrdersContract, 'refundByPaymentRefund'>,
  ) {}

  /**
   * Handles a delivered batch in order inside `tx` (the relay's transaction).
   * @throws Error when an order event carries no order (the relay retries, then dead-letters it).
   */
  async handleBatch(events: AnalyticsEvent[], tx: Tx): Promise<void> {
    for (const e of events) {
      if (e.type.startsWith('order.') && typeof (e.payload as { order?: { lines?: unknown } } | null)?.order?.lines !== 'object') {
        throw new Error(`${e.type} ${e.id}: the payload has no order`);
      }
    }
    const products = events.filter((e): e is EventEnvelope<(typeof PRODUCT_EVENTS)[number]> => e.type === 'product.created' || e.type === 'product.updated');
    if (products.length) await recordCatalogProducts(tx, products);
    for (const e of events) {
      if ((e.type === 'order.placed' && e.payload.order.status === 'confirmed') || e.type === 'order.confirmed') await this.sale(tx, e.payload.order);
      else if (e.type === 'order.cancelled') await this.cancel(tx, e.payload.order);
      else if (e.type === 'order.refunded') await this.lineRefund(tx, e.payload.order, e.payload.refund);
      else if (e.type === 'payment.refunded') await this.refund(tx, e.payload, e.occurredAt);
    }
  }

  /** The store order `orderId` was recorded in (its `web_order` row), else the store of its site. */
  private async storeOf(tx: Tx, orderId: string, site: string | undefined, currency: string) {
    const [placed] = await tx.select({ storeId: webOrder.storeId }).from(webOrder).where(eq(webOrder.orderId, orderId));
    return placed ? storeById(tx, placed.storeId) : siteStore(tx, site, currency);
  }

  private async sale(tx: Tx, order: Order): Promise<void> {
    const online = await siteStore(tx, order.site, order.currency);
    const paid = order.lines.map((l) => l.lineTotal - l.discount);
    const taxes = allocate(order.tax, [...paid, order.shipping]);
    const info = new Map((await this.catalog.variantsBySku(order.lines.map((l) => l.sku), tx)).map((v) => [v.sku, v]));
    const seen = new Map<string, number>();
    const lines: SaleLineInput[] = order.lines.map((l, i) => {
      const n = (seen.get(l.sku) ?? 0) + 1;
      seen.set(l.sku, n);
      const v = info.get(l.sku);
      return {
        ...this.base(online, order, order.placedAt),
        sku: l.sku, category: v?.category || null, quantity: l.quantity, netRevenue: paid[i]! - taxes[i]!, tax: taxes[i]!, discount: l.discount,
        unitCost: v && v.price.currency === order.currency ? v.unitCost : null,
        sourceKey: `web:${order.id}:sale:${l.sku}${n > 1 ? `#${n}` : ''}`,
      };
    });
    const inserted = await appendSaleLines(tx, lines);
    if (inserted > 0) {
      await tx.insert(webOrder).values({
        orderId: order.id, storeId: online.id, placedAt: new Date(order.placedAt).toISOString(), currency: order.currency, customerRef: order.customerId,
        netRevenue: lines.reduce((a, l) => a + l.netRevenue, 0), tax: lines.reduce((a, l) => a + (l.tax ?? 0), 0),
      }).onConflictDoNothing();
    }
  }

  private base(online: { id: string; timeZone: string }, order: { id: string; customerId: string | null; currency: string }, at: string) {
    return {
      storeId: online.id, soldAt: new Date(at).toISOString(), localAt: localDateTime(at, online.timeZone), reference: order.id,
      customerRef: order.customerId, currency: order.currency, source: 'web',
    };
  }

  /** The order's net lines per SKU (its sale, reversal and refund lines summed). */
  private async net(tx: Tx, online: { id: string; timeZone: string }, orderId: string, placedAt: string): Promise<Net[]> {
    // A day either side of any offset: the order's lines are all local_at ≥ its local placing time.
    const placed = Date.parse(placedAt.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
    const since = localDateTime(new Date(placed - 2 * 86_400_000), online.timeZone);
    return rows<Net>(
      tx,
      sql`select sku, sum(quantity)::int as quantity, sum(net_revenue)::bigint as "netRevenue", sum(tax)::bigint as tax, sum(discount)::bigint as discount,
            max(category) as category, max(unit_cost) as "unitCost"
          from analytics.sale_line
          where store_id = ${online.id} and local_at >= ${since}::timestamp and reference = ${orderId} and source = 'web'
          group by sku order by min(id)`,
    ).then((r) => r.map((x) => ({ ...x, netRevenue: Number(x.netRevenue), tax: Number(x.tax), discount: Number(x.discount), unitCost: x.unitCost === null ? null : Number(x.unitCost) })));
  }

  private async cancel(tx: Tx, order: Order): Promise<void> {
    const online = await this.storeOf(tx, order.id, order.site, order.currency);
    const net = (await this.net(tx, online, order.id, order.placedAt)).filter((n) => n.quantity !== 0 || n.netRevenue !== 0 || n.tax !== 0);
    await appendSaleLines(tx, net.map((n) => ({
      ...this.base(online, order, order.placedAt),
      sku: n.sku, category: n.category, quantity: -n.quantity, netRevenue: -n.netRevenue, tax: -n.tax, discount: -n.discount, unitCost: n.unitCost,
      sourceKey: `web:${order.id}:cancel:${n.sku}`,
    })));
  }

  /** `order.refunded`: negative lines of the refunded SKUs (see the file's comment). */
  private async lineRefund(tx: Tx, order: Order, refund: RefundSnapshot): Promise<void> {
    if (refund.lines.length === 0) return; // shipping only, or an amount: see payment.refunded
    const [placed] = await tx.select().from(webOrder).where(eq(webOrder.orderId, order.id));
    if (!placed) return; // never counted (not confirmed): nothing to give back
    const online = await storeById(tx, placed.storeId);
    const net = new Map((await this.net(tx, online, order.id, placed.placedAt)).map((n) => [n.sku, n]));
    const lines: SaleLineInput[] = [];
    for (const l of refund.lines) {
      const n = net.get(l.sku);
      if (!n || n.quantity <= 0) continue; // cancelled, or its units already given back
      const quantity = Math.min(l.quantity, n.quantity);
      const last = quantity === n.quantity;
      const left = Math.max(0, n.netRevenue) + Math.max(0, n.tax);
      const tax = last ? Math.max(0, n.tax) : left > 0 ? Math.min(Math.max(0, n.tax), Math.round((Math.max(0, n.tax) * l.amount) / left)) : 0;
      const netRevenue = Math.max(0, Math.min(Math.max(0, n.netRevenue), l.amount - tax));
      const discount = last ? n.discount : Math.round((n.discount * quantity) / n.quantity);
      lines.push({
        ...this.base(online, { id: order.id, customerId: placed.customerRef, currency: placed.currency }, refund.at),
        sku: l.sku, category: n.category, quantity: -quantity, netRevenue: -netRevenue, tax: -tax, discount: -discount, unitCost: n.unitCost,
        sourceKey: `web:${order.id}:refund:${refund.id}:${l.sku}`,
      });
    }
    await appendSaleLines(tx, lines);
  }

  /** `payment.refunded`: negative revenue and tax pro rata over the order's lines (see the file's comment). */
  private async refund(tx: Tx, p: { orderId: string; refundId: string; amount: number; currency: string; capturedAmount: number; fullyRefunded: boolean }, at: string): Promise<void> {
    const [placed] = await tx.select().from(webOrder).where(eq(webOrder.orderId, p.orderId));
    if (!placed) return; // never counted (not confirmed): nothing to give back
    const byLines = await this.orders.refundByPaymentRefund(p.refundId, tx);
    if (byLines && (byLines.lines.length > 0 || byLines.shipping > 0)) return; // order.refunded writes it
    const online = await storeById(tx, placed.storeId);
    const net = await this.net(tx, online, p.orderId, placed.placedAt);
    const remaining = net.reduce((s, n) => s + n.netRevenue, 0);
    const remainingTax = net.reduce((s, n) => s + n.tax, 0);
    if (remaining <= 0) return; // cancelled or refunded already
    let revenue: number[];
    let tax: number[];
    if (p.fullyRefunded) {
      revenue = net.map((n) => n.netRevenue);
      tax = net.map((n) => n.tax);
    } else {
      // This refund's share of what was captured, applied to the order's original net and tax, capped at what is left.
      const share = p.capturedAmount > 0 ? Math.min(1, p.amount / p.capturedAmount) : 0;
      revenue = allocate(Math.min(remaining, roundMoney(share * placed.netRevenue)), net.map((n) => Math.max(0, n.netRevenue)));
      tax = allocate(Math.max(0, Math.min(remainingTax, roundMoney(share * placed.tax))), net.map((n) => Math.max(0, n.tax)));
    }
    const order = { id: p.orderId, customerId: placed.customerRef, currency: placed.currency };
    await appendSaleLines(tx, net.flatMap((n, i) => (revenue[i] === 0 && tax[i] === 0 && (!p.fullyRefunded || n.quantity === 0) ? [] : [{
      ...this.base(online, order, at),
      sku: n.sku, category: n.category, quantity: p.fullyRefunded ? -n.quantity : 0, netRevenue: -revenue[i]!, tax: -tax[i]!,
      discount: p.fullyRefunded ? -n.discount : 0, unitCost: n.unitCost,
      sourceKey: `web:${p.orderId}:refund:${p.refundId}:${n.sku}`,
    }])));
  }
}
