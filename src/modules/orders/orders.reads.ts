import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, lte, not, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/index.js';
import { prepared, rows } from '../../platform/db/index.js';
import { order, orderNote, refund } from './db/schema.js';
import { trackingUrl } from './domain/carriers.js';
import { nextStatuses, type OrderStatus } from './domain/lifecycle.js';
import { OrdersErrors } from './orders.errors.js';
import type { AdminOrderDto, OrderDto } from './orders.contract.js';
import type { OrderLineSnapshot, OrderSnapshot } from './orders.events.js';

/** A row of `orders.order`. */
export type OrderRow = typeof order.$inferSelect;
type Money = OrderDto['totals']['total'];

/** Filters of the back-office order list. Dates ISO 8601; totals in minor units. */
export interface AdminOrderQuery {
  status?: OrderStatus;
  from?: string;
  to?: string;
  customer?: string;
  minTotal?: number;
  maxTotal?: number;
  source?: string;
  /** Failed payment attempts: left out (`exclude`, default), listed with the orders (`include`) or alone (`only`). */
  paymentAttempts?: 'exclude' | 'include' | 'only';
  sort?: 'newest' | 'oldest' | 'total' | '-total';
  page: number;
  limit: number;
}

/**
 * A failed payment attempt: an order cancelled before it got past payment (a declined card, a
 * card confirmation abandoned or refused). It is not an order to its customer (absent from their
 * history and their order page) and staff see it only when they ask for payment attempts.
 */
const failedPaymentAttempt = sql`(${order.status} = 'cancelled' and exists (
  select 1 from orders.status_history h
   where h.order_id = ${order.id} and h.to_status = 'cancelled' and h.from_status in ('pending', 'payment_processing')))`;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const money = (amount: number, currency: string): Money => ({ amount, currency });
/** SHA-256 hex of `text` (what is stored of a guest's order access token). */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A shipment as the order read builds it (times ISO 8601 UTC). */
type ShipmentJson = { id: string; carrier: string; trackingNumber: string; lines: { sku: string; quantity: number }[]; status: 'shipped' | 'delivered'; shippedAt: string; deliveredAt: string | null };
/** A status-history step as the order read builds it (`at` ISO 8601 UTC). */
export type HistoryJson = { from: string | null; to: string; reason: string | null; actor: string | null; at: string };
/** A refund as the order read builds it (minor units; `at` ISO 8601 UTC). */
type RefundJson = { id: string; amount: number; shipping: number; lines: { sku: string; quantity: number; amount: number }[]; restock: boolean; reason: string; note: string | null; actor: string | null; at: string };

/** The API shape of an order row and its children (money as `{ amount, currency }`). */
export function toDto(row: OrderRow, lines: OrderLineSnapshot[], shipments: ShipmentJson[], history: HistoryJson[], refunds: RefundJson[] = []): OrderDto {
  const c = row.currency;
  const titles = new Map(lines.map((l) => [l.sku, l.title]));
  return {
    id: row.id, number: row.number, status: row.status as OrderStatus, nextStatuses: nextStatuses(row.status as OrderStatus),
    email: row.email, customerId: row.customerId, locale: row.locale === 'fr' ? 'fr' : 'en', currency: c,
    lines: lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: money(l.unitPrice, c), discount: money(l.discount, c), lineTotal: money(l.lineTotal, c) })),
    totals: { subtotal: money(row.subtotal, c), discount: money(row.discount, c), shipping: money(row.shipping, c), tax: money(row.tax, c), total: money(row.total, c) },
    promotionCode: row.promotionCode, shippingAddress: row.shippingAddress ?? null, billingAddress: row.billingAddress ?? null,
    shippingMethod: row.shippingMethodId ? { id: row.shippingMethodId, name: row.shippingMethodName ?? row.shippingMethodId } : null,
    shipments: shipments.map((s) => ({
      id: s.id, carrier: s.carrier, trackingNumber: s.trackingNumber, trackingUrl: trackingUrl(s.carrier, s.trackingNumber), lines: s.lines, status: s.status, shippedAt: s.shippedAt, deliveredAt: s.deliveredAt,
    })),
    statusHistory: history.map((h) => ({ from: h.from, to: h.to, reason: h.reason, actor: h.actor, at: h.at })),
    refunds: refunds.map((r) => ({
      id: r.id, amount: money(r.amount, c), shipping: money(r.shipping, c), restocked: r.restock, reason: r.reason, at: r.at,
      lines: r.lines.map((l) => ({ sku: l.sku, title: titles.get(l.sku) ?? l.sku, quantity: l.quantity, amount: money(l.amount, c) })),
    })),
    refundedTotal: money(refunds.reduce((sum, r) => sum + r.amount, 0), c),
    cancelReason: row.cancelReason, source: row.source, placedAt: iso(row.placedAt)!, updatedAt: iso(row.updatedAt)!,
    payment: row.paymentMethod
      ? { method: row.paymentMethod, ...(row.bankDetails ? { instructions: { ...row.bankDetails, reference: row.number, amount: row.total } } : {}) }
      : null,
  };
}

/** The snapshot events carry (money in minor units of `currency`). */
export function toSnapshot(o: OrderDto): OrderSnapshot {
  return {
    id: o.id, number: o.number, customerId: o.customerId, email: o.email ?? '', locale: o.locale, status: o.status, currency: o.currency,
    lines: o.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice.amount, discount: l.discount.amount, lineTotal: l.lineTotal.amount })),
    subtotal: o.totals.subtotal.amount, discount: o.totals.discount.amount, shipping: o.totals.shipping.amount, tax: o.totals.tax.amount, total: o.totals.total.amount,
    promotionCode: o.promotionCode, shippingAddress: o.shippingAddress!, shippingMethod: o.shippingMethod ?? { id: '', name: '' }, placedAt: o.placedAt,
    payment: o.payment,
  };
}

const P = sql.placeholder;
const utc = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** Orders with their lines (by position), shipments, history and refunds (by time) as JSON arrays built by PostgreSQL. */
function orderSelect(db: Executor) {
  return db
    .select({
      row: order,
      lines: sql<OrderLineSnapshot[]>`coalesce((select json_agg(json_build_object('sku', l.sku, 'title', l.title, 'quantity', l.quantity, 'unitPrice', l.unit_price, 'discount', l.discount, 'lineTotal', l.line_total) order by l.position) from orders.order_line l where l.order_id = orders."order".id), '[]'::json)`,
      shipments: sql<ShipmentJson[]>`coalesce((select json_agg(json_build_object('id', s.id, 'carrier', s.carrier, 'trackingNumber', s.tracking_number, 'lines', s.lines, 'status', s.status, 'shippedAt', ${utc('s.shipped_at')}, 'deliveredAt', ${utc('s.delivered_at')}) order by s.shipped_at, s.id) from orders.shipment s where s.order_id = orders."order".id), '[]'::json)`,
      history: sql<HistoryJson[]>`coalesce((select json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'reason', h.reason, 'actor', h.actor, 'at', ${utc('h.created_at')}) order by h.created_at, h.id) from orders.status_history h where h.order_id = orders."order".id), '[]'::json)`,
      refunds: sql<RefundJson[]>`coalesce((select json_agg(json_build_object('id', r.id, 'amount', r.amount, 'shipping', r.shipping, 'lines', r.lines, 'restock', r.restock, 'reason', r.reason, 'note', r.note, 'actor', r.actor, 'at', ${utc('r.created_at')}) order by r.created_at, r.id) from orders.refund r where r.order_id = orders."order".id), '[]'::json)`,
    })
    .from(order)
    .$dynamic();
}

/** One order (`id`) as {@link orderSelect} reads it. */
const orderById = prepared((db) => orderSelect(db).where(eq(order.id, P('id'))));

/**
 * Order reads: one order (with lines, shipments and history, in one query), a shopper's access
 * check, the customer's and the back office's lists, and the sales summary.
 */
export class OrderReads {
  constructor(private readonly database: Database) {}


  /** One order with lines, shipments and history (one query). @throws 404 ORDERS.NOT_FOUND. */
  async get(orderId: string, exec: Executor = this.database.db): Promise<OrderDto> {
    const [found] = await orderById.run(exec, { id: orderId });
    if (!found) throw OrdersErrors.notFound(orderId);
    return toDto(found.row, found.lines, found.shipments, found.history, found.refunds);
  }

  /**
   * The orders `where` selects, each with its lines (by position), shipments (by time) and
   * history (by time), in ONE query: the children come as JSON arrays built by PostgreSQL.
   * Unordered: callers sort when it matters.
   */
  private async read(exec: Executor, where: SQL | undefined): Promise<OrderDto[]> {
    const found = await orderSelect(exec).where(where);
    return found.map((f) => toDto(f.row, f.lines, f.shipments, f.history, f.refunds));
  }

  /**
   * One order as the back office reads it: {@link get}, plus staff's tags and notes, the staff
   * note and author of each refund, the names of the staff in its history (`names` resolves
   * user ids, see IdentityContract.displayNames) and the customer's figures: name, e-mail, how
   * many orders they placed (failed payment attempts left out) and their lifetime value (totals
   * of those not cancelled, minus refunds, in this order's currency). A guest is matched by e-mail.
   * @throws 404 ORDERS.NOT_FOUND.
   */
  async getAdmin(
    orderId: string,
    people: { names: (ids: string[]) => Promise<Map<string, string>>; customerName: (customerId: string) => Promise<{ name: string | null; email: string | null } | null> },
  ): Promise<AdminOrderDto> {
    const db = this.database.db;
    const dto = await this.get(orderId);
    const [[extra], notes, refundRows] = await Promise.all([
      db.select({ tags: order.tags }).from(order).where(eq(order.id, orderId)),
      db.select().from(orderNote).where(eq(orderNote.orderId, orderId)).orderBy(desc(orderNote.createdAt), desc(orderNote.id)),
      db.select({ id: refund.id, note: refund.note, actor: refund.actor }).from(refund).where(eq(refund.orderId, orderId)),
    ]);
    const who = dto.customerId ? sql`${order.customerId} = ${dto.customerId}` : dto.email ? sql`${order.customerId} is null and ${order.email} = ${dto.email}` : eq(order.id, orderId);
    const [figures] = await rows<{ n: number; value: number | string | null }>(db, sql`
      with mine as (select ${order.id} as id, ${order.total} as total, ${order.status} as status, ${order.currency} as currency
                      from ${order} where ${who} and not ${failedPaymentAttempt})
      select (select count(*)::int from mine) as n,
             (coalesce((select sum(total) from mine where status <> 'cancelled' and currency = ${dto.currency}), 0)
              - coalesce((select sum(r.amount) from orders.refund r join mine m on m.id = r.order_id where m.currency = ${dto.currency}), 0))::bigint as value`);
    const byRefund = new Map(refundRows.map((r) => [r.id, r]));
    const actors = [...dto.statusHistory.map((h) => h.actor), ...notes.map((n) => n.author), ...refundRows.map((r) => r.actor)].filter((a): a is string => !!a);
    const [names, person] = await Promise.all([people.names(actors), dto.customerId ? people.customerName(dto.customerId) : Promise.resolve(null)]);
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
    const addressName = dto.shippingAddress ? `${dto.shippingAddress.firstName} ${dto.shippingAddress.lastName}`.trim() : null;
    return {
      ...dto,
      statusHistory: dto.statusHistory.map((h) => ({ ...h, actorName: nameOf(h.actor) })),
      refunds: dto.refunds.map((r) => ({ ...r, note: byRefund.get(r.id)?.note ?? null, actor: byRefund.get(r.id)?.actor ?? null, actorName: nameOf(byRefund.get(r.id)?.actor ?? null) })),
      tags: extra?.tags ?? [],
      notes: notes.map((n) => ({ id: n.id, body: n.body, author: n.author, authorName: nameOf(n.author), at: n.createdAt.toISOString() })),
      customer: {
        id: dto.customerId,
        name: person?.name || addressName || null,
        email: person?.email ?? dto.email,
        orderCount: figures?.n ?? 0,
        lifetimeValue: money(Math.max(0, Number(figures?.value ?? 0)), dto.currency),
      },
    };
  }

  /**
   * An order for a shopper: the signed-in owner, anyone with `orders:read`, or a guest holding
   * the order's access token. Others get 404 (existence is not revealed), and so does everyone
   * but staff for a failed payment attempt.
   */
  async getFor(orderId: string, access: { userId: string | null; canReadAll: boolean; token: string | null }): Promise<OrderDto> {
    const [row] = await this.database.db
      .select({ customerId: order.customerId, tokenHash: order.accessTokenHash, failedAttempt: sql<boolean>`${failedPaymentAttempt}` })
      .from(order)
      .where(eq(order.id, orderId));
    const allowed = row && (access.canReadAll || !row.failedAttempt) && (access.canReadAll || (access.userId && row.customerId === access.userId) || (access.token && row.tokenHash && sha256(access.token) === row.tokenHash));
    if (!allowed) throw OrdersErrors.notFound(orderId);
    return this.get(orderId);
  }

  /** The signed-in customer's orders, newest first (failed payment attempts left out). */
  async listForCustomer(userId: string, page: number, limit: number) {
    return this.list(and(eq(order.customerId, userId), not(failedPaymentAttempt)), 'newest', page, limit);
  }

  /** Back-office list with filters. */
  async listAdmin(q: AdminOrderQuery) {
    const where: (SQL | undefined)[] = [
      q.status ? eq(order.status, q.status) : undefined,
      q.from ? gte(order.placedAt, new Date(q.from)) : undefined,
      q.to ? lte(order.placedAt, new Date(q.to)) : undefined,
      q.customer ? sql`(${order.customerId} = ${q.customer} or ${order.email} = ${q.customer.toLowerCase()})` : undefined,
      q.minTotal !== undefined ? gte(order.total, q.minTotal) : undefined,
      q.maxTotal !== undefined ? lte(order.total, q.maxTotal) : undefined,
      q.source ? eq(order.source, q.source) : undefined,
      q.paymentAttempts === 'include' ? undefined : q.paymentAttempts === 'only' ? failedPaymentAttempt : not(failedPaymentAttempt),
    ];
    return this.list(and(...where), q.sort ?? 'newest', q.page, q.limit);
  }

  private async list(where: SQL | undefined, sort: string, page: number, limit: number) {
    const db = this.database.db;
    const orderBy = { newest: [desc(order.placedAt), desc(order.id)], oldest: [asc(order.placedAt), asc(order.id)], total: [asc(order.total), asc(order.id)], '-total': [desc(order.total), desc(order.id)] }[sort] ?? [desc(order.placedAt)];
    const [[total], ids] = await Promise.all([
      db.select({ n: count() }).from(order).where(where),
      db.select({ id: order.id }).from(order).where(where).orderBy(...orderBy).limit(limit).offset((page - 1) * limit),
    ]);
    const byId = new Map((ids.length ? await this.read(db, inArray(order.id, ids.map((r) => r.id))) : []).map((o) => [o.id, o]));
    const data = ids.map(({ id }) => byId.get(id)).filter((o): o is OrderDto => !!o);
    return { data, pagination: { total: Number(total?.n ?? 0), limit, page } };
  }

  /**
   * Orders placed in [from, to) that were not cancelled: how many, revenue (sum of totals) and
   * average order value, in minor units of the shop currency (GBP). Web and imported orders count.
   */
  async summary(from: Date, to: Date, currency = 'GBP'): Promise<{ orders: number; revenue: Money; averageOrderValue: Money }> {
    const [r] = await rows<{ n: number; revenue: number | null }>(
      this.database.db,
      sql`select count(*)::int as n, coalesce(sum(total), 0)::bigint as revenue from orders."order"
          where placed_at >= ${from} and placed_at < ${to} and status <> 'cancelled' and currency = ${currency}`,
    );
    const n = r?.n ?? 0;
    const revenue = Number(r?.revenue ?? 0);
    return { orders: n, revenue: money(revenue, currency), averageOrderValue: money(n ? Math.round(revenue / n) : 0, currency) };
  }
}
