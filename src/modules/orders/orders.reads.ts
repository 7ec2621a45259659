import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, lte, not, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '../../platform/db/index.js';
import { containsPattern, prepared, rows, textArray } from '../../platform/db/index.js';
import { keysetPages } from '../../platform/http/csv.js';
import type { PaymentsContract } from '../payments/index.js';
import { order, orderNote, refund } from './db/schema.js';
import { trackingUrl } from './domain/carriers.js';
import type { ShipmentStatus } from './domain/delivery.js';
import { nextStatuses, paymentOfReason, type OrderStatus } from './domain/lifecycle.js';
import { OrdersErrors } from './orders.errors.js';
import type { AdminOrderDto, OrderDto } from './orders.contract.js';
import type { OrderLineSnapshot, OrderSnapshot } from './orders.events.js';
import type { AdminOrderExportQuery, ORDER_SORTS, OverviewDto } from './orders.schemas.js';

/** Payment providers that take cards (the others are offline methods, named by their id). */
const CARD_PROVIDERS = new Set(['test', 'stripe']);
/** A history step's payment in words: what happened, by which method (`card` or an offline method id), the card and the amount. */
type PaymentStep = NonNullable<AdminOrderDto['statusHistory'][number]['payment']>;

/** A row of `orders.order`. */
export type OrderRow = typeof order.$inferSelect;
type Money = OrderDto['totals']['total'];

/** Filters, sort and page of the back-office order list (dates ISO 8601, totals in minor units); see `AdminOrderQuery` in orders.schemas.ts. */
export type AdminOrderQuery = AdminOrderExportQuery & { page: number; limit: number };
/** A sort of the back-office order list. */
type OrderSort = (typeof ORDER_SORTS)[number];

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
type ShipmentJson = {
  id: string; carrier: string; trackingNumber: string; lines: { sku: string; quantity: number }[]; status: ShipmentStatus; shippedAt: string; deliveredAt: string | null;
  estimatedDeliveryOn: string | null; events: { status: ShipmentStatus; detail: string | null; at: string; source: 'staff' | 'carrier' }[];
};
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
    email: row.email, customerId: row.customerId, locale: row.locale === 'fr' ? 'fr' : 'en', currency: c, site: row.site,
    lines: lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: money(l.unitPrice, c), discount: money(l.discount, c), lineTotal: money(l.lineTotal, c) })),
    totals: { subtotal: money(row.subtotal, c), discount: money(row.discount, c), shipping: money(row.shipping, c), tax: money(row.tax, c), total: money(row.total, c) },
    promotionCode: row.promotionCode, shippingAddress: row.shippingAddress ?? null, billingAddress: row.billingAddress ?? null,
    shippingMethod: row.shippingMethodId ? { id: row.shippingMethodId, name: row.shippingMethodName ?? row.shippingMethodId } : null,
    shipments: shipments.map((s) => ({
      id: s.id, carrier: s.carrier, trackingNumber: s.trackingNumber, trackingUrl: trackingUrl(s.carrier, s.trackingNumber), lines: s.lines, status: s.status, shippedAt: s.shippedAt, deliveredAt: s.deliveredAt,
      estimatedDeliveryOn: s.estimatedDeliveryOn, events: s.events,
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
    id: o.id, number: o.number, customerId: o.customerId, email: o.email ?? '', locale: o.locale, status: o.status, currency: o.currency, site: o.site,
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
      shipments: sql<ShipmentJson[]>`coalesce((select json_agg(json_build_object('id', s.id, 'carrier', s.carrier, 'trackingNumber', s.tracking_number, 'lines', s.lines, 'status', s.status, 'shippedAt', ${utc('s.shipped_at')}, 'deliveredAt', ${utc('s.delivered_at')}, 'estimatedDeliveryOn', s.estimated_delivery_on,
        'events', coalesce((select json_agg(json_build_object('status', e.status, 'detail', e.detail, 'at', ${utc('e.occurred_at')}, 'source', e.source) order by e.occurred_at, e.id) from orders.shipment_event e where e.shipment_id = s.id), '[]'::json)) order by s.shipped_at, s.id) from orders.shipment s where s.order_id = orders."order".id), '[]'::json)`,
      history: sql<HistoryJson[]>`coalesce((select json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'reason', h.reason, 'actor', h.actor, 'at', ${utc('h.created_at')}) order by h.created_at, h.id) from orders.status_history h where h.order_id = orders."order".id), '[]'::json)`,
      refunds: sql<RefundJson[]>`coalesce((select json_agg(json_build_object('id', r.id, 'amount', r.amount, 'shipping', r.shipping, 'lines', r.lines, 'restock', r.restock, 'reason', r.reason, 'note', r.note, 'actor', r.actor, 'at', ${utc('r.created_at')}) order by r.created_at, r.id) from orders.refund r where r.order_id = orders."order".id), '[]'::json)`,
    })
    .from(order)
    .$dynamic();
}

/** An order row of the CSV export: the order, its sort key as text and its number of items. */
export interface ExportRow {
  row: OrderRow;
  lineCount: number;
}

/** Column, direction and SQL type of each sort of the back-office list (ties broken by id). */
const SORTS: Record<OrderSort, { column: AnyPgColumn; desc: boolean; type: string }> = {
  newest: { column: order.placedAt, desc: true, type: 'timestamptz' },
  oldest: { column: order.placedAt, desc: false, type: 'timestamptz' },
  total: { column: order.total, desc: false, type: 'integer' },
  '-total': { column: order.total, desc: true, type: 'integer' },
  number: { column: order.number, desc: false, type: 'text' },
  '-number': { column: order.number, desc: true, type: 'text' },
  email: { column: order.email, desc: false, type: 'text' },
  '-email': { column: order.email, desc: true, type: 'text' },
};

/** "First Last" of an address, or null without one. */
export function nameOf(address: { firstName: string; lastName: string } | null | undefined): string | null {
  return address ? `${address.firstName} ${address.lastName}`.trim() || null : null;
}

/** One order (`id`) as {@link orderSelect} reads it. */
const orderById = prepared((db) => orderSelect(db).where(eq(order.id, P('id'))));

/**
 * Order reads: one order (with lines, shipments and history, in one query), a shopper's access
 * check, the customer's and the back office's lists, and the sales summary.
 */
export class OrderReads {
  constructor(
    private readonly database: Database,
    private readonly payments?: Pick<PaymentsContract, 'refundedOrderIds' | 'listForOrder'>,
  ) {}


  /** One order with lines, shipments and history (one query). @throws 404 ORDERS.NOT_FOUND. */
  async get(orderId: string, exec: Executor = this.database.db): Promise<OrderDto> {
    const [found] = await orderById.run(exec, { id: orderId });
    if (!found) throw OrdersErrors.notFound(orderId);
    return toDto(found.row, found.lines, found.shipments, found.history, found.refunds);
  }

  /** See OrdersContract.refundByPaymentRefund (orders.contract.ts). */
  async refundByPaymentRefund(paymentRefundId: string, exec: Executor) {
    const [row] = await exec.select({ id: refund.id, orderId: refund.orderId, lines: refund.lines, shipping: refund.shipping }).from(refund).where(eq(refund.paymentRefundId, paymentRefundId));
    return row ?? null;
  }

  /** See OrdersContract.numbers (orders.contract.ts). */
  async numbers(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const found = await this.database.db.select({ id: order.id, number: order.number }).from(order).where(inArray(order.id, unique));
    return new Map(found.map((o) => [o.id, o.number]));
  }

  /** See OrdersContract.buyers (orders.contract.ts). */
  async buyers(skus: string[] | null): Promise<{ customerIds: string[]; emails: string[] }> {
    const lines = skus === null ? sql`true` : sql`exists (select 1 from orders.order_line l where l.order_id = o.id and l.sku = any(${textArray(skus.slice(0, 10_000))}))`;
    const found = await rows<{ customer_id: string | null; email: string | null }>(
      this.database.db,
      sql`select distinct o.customer_id, lower(o.email) as email from orders."order" o where o.status <> 'cancelled' and ${lines}`,
    );
    return {
      customerIds: [...new Set(found.flatMap((r) => (r.customer_id ? [r.customer_id] : [])))],
      emails: [...new Set(found.flatMap((r) => (r.email ? [r.email] : [])))],
    };
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
    const namesPayment = dto.statusHistory.some((h) => paymentOfReason(h.reason));
    const [names, person, payments] = await Promise.all([
      people.names(actors), dto.customerId ? people.customerName(dto.customerId) : Promise.resolve(null),
      namesPayment && this.payments ? this.payments.listForOrder(orderId) : Promise.resolve([]),
    ]);
    const paymentById = new Map(payments.map((p) => [p.id, p]));
    const paymentStep = (reason: string | null): PaymentStep | null => {
      const ref = paymentOfReason(reason);
      const p = ref ? paymentById.get(ref.paymentId) : undefined;
      if (!ref || !p) return null;
      return { event: ref.event, method: CARD_PROVIDERS.has(p.provider) ? 'card' : p.provider, card: p.card, amount: ref.event === 'authorized' ? p.amount : p.capturedAmount };
    };
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
    const addressName = dto.shippingAddress ? `${dto.shippingAddress.firstName} ${dto.shippingAddress.lastName}`.trim() : null;
    return {
      ...dto,
      statusHistory: dto.statusHistory.map((h) => ({ ...h, actorName: nameOf(h.actor), payment: paymentStep(h.reason) })),
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

  /** Every order of customer `userId` (failed payment attempts included), newest first: their data export. */
  async allForCustomer(userId: string): Promise<OrderDto[]> {
    const found = await this.read(this.database.db, eq(order.customerId, userId));
    return found.sort((a, b) => b.placedAt.localeCompare(a.placedAt) || b.id.localeCompare(a.id));
  }

  /** The signed-in customer's orders, newest first (failed payment attempts left out). */
  async listForCustomer(userId: string, page: number, limit: number) {
    return this.list(and(eq(order.customerId, userId), not(failedPaymentAttempt)), 'newest', page, limit);
  }

  /** The site order `orderId` was placed on, or null when there is no such order. */
  async siteOf(orderId: string): Promise<string | null> {
    const [row] = await this.database.db.select({ site: order.site }).from(order).where(eq(order.id, orderId)).limit(1);
    return row?.site ?? null;
  }

  /**
   * The condition of the back-office filters `q`: text search (number, e-mail, shipping name),
   * named view, selected ids, status, dates, customer, totals, source, payment attempts; `sites`
   * (the caller's `q.site` and staff limit, see `staffSites`): placed on one of these sites.
   */
  private async adminWhere(q: AdminOrderExportQuery, sites: string[] | undefined): Promise<SQL | undefined> {
    const text = q.q?.trim();
    const pattern = text ? containsPattern(text) : undefined;
    const refunded = q.view === 'refunded' ? await this.refundedOrderIds() : undefined;
    const where: (SQL | undefined)[] = [
      pattern
        ? sql`(${order.number} ilike ${pattern} or ${order.email} ilike ${pattern}
               or (coalesce(${order.shippingAddress}->>'firstName', '') || ' ' || coalesce(${order.shippingAddress}->>'lastName', '')) ilike ${pattern})`
        : undefined,
      q.view === 'to_fulfil' ? inArray(order.status, ['confirmed', 'processing']) : undefined,
      q.view === 'awaiting_payment' ? eq(order.status, 'awaiting_payment') : undefined,
      refunded ? sql`${order.id} = any(${textArray(refunded)})` : undefined,
      q.ids ? sql`${order.id} = any(${textArray(q.ids.split(','))})` : undefined,
      q.status ? eq(order.status, q.status) : undefined,
      q.from ? gte(order.placedAt, new Date(q.from)) : undefined,
      q.to ? lte(order.placedAt, new Date(q.to)) : undefined,
      q.customer ? sql`(${order.customerId} = ${q.customer} or ${order.email} = ${q.customer.toLowerCase()})` : undefined,
      q.minTotal !== undefined ? gte(order.total, q.minTotal) : undefined,
      q.maxTotal !== undefined ? lte(order.total, q.maxTotal) : undefined,
      q.source ? eq(order.source, q.source) : undefined,
      sites ? sql`${order.site} = any(${textArray(sites)})` : undefined,
      q.paymentAttempts === 'include' ? undefined : q.paymentAttempts === 'only' ? failedPaymentAttempt : not(failedPaymentAttempt),
    ];
    return and(...where);
  }

  /** Back-office list with filters (see {@link adminWhere}), sorted and paginated. */
  async listAdmin(q: AdminOrderQuery, sites?: string[]) {
    return this.list(await this.adminWhere(q, sites), q.sort ?? 'newest', q.page, q.limit);
  }

  /**
   * The back-office list's orders (same filters and sort, every page) for the CSV export, read
   * by keyset in batches of `batchSize`: one row per order with its line count and the
   * customer's name from the shipping address. Only one batch is held at a time. `sites` as for
   * {@link listAdmin}.
   */
  async *exportRows(q: AdminOrderExportQuery, batchSize: number, sites?: string[]): AsyncGenerator<ExportRow[]> {
    const where = await this.adminWhere(q, sites);
    const sort = SORTS[q.sort ?? 'newest'];
    const key = sql<string>`${sort.column}::text`;
    const db = this.database.db;
    yield* keysetPages<ExportRow & { key: string }, { key: string; id: string }>(
      (after) =>
        db
          .select({
            row: order, key,
            lineCount: sql<number>`(select coalesce(sum(l.quantity), 0)::int from orders.order_line l where l.order_id = orders."order".id)`,
          })
          .from(order)
          .where(and(where, after ? sql`(${sort.column}, ${order.id}) ${sql.raw(sort.desc ? '<' : '>')} (${after.key}::${sql.raw(sort.type)}, ${after.id})` : undefined))
          .orderBy(...(sort.desc ? [desc(sort.column), desc(order.id)] : [asc(sort.column), asc(order.id)]))
          .limit(batchSize),
      (r) => ({ key: r.key, id: r.row.id }),
      batchSize,
    );
  }

  /** Ids of orders with a refund (asked of payments; empty without a payments contract). */
  private async refundedOrderIds(): Promise<string[]> {
    return this.payments ? this.payments.refundedOrderIds() : [];
  }

  private async list(where: SQL | undefined, sortName: OrderSort, page: number, limit: number) {
    const db = this.database.db;
    const sort = SORTS[sortName] ?? SORTS.newest;
    const orderBy = sort.desc ? [desc(sort.column), desc(order.id)] : [asc(sort.column), asc(order.id)];
    const [[total], ids] = await Promise.all([
      db.select({ n: count() }).from(order).where(where),
      db.select({ id: order.id }).from(order).where(where).orderBy(...orderBy).limit(limit).offset((page - 1) * limit),
    ]);
    const byId = new Map((ids.length ? await this.read(db, inArray(order.id, ids.map((r) => r.id))) : []).map((o) => [o.id, o]));
    const data = ids.map(({ id }) => byId.get(id)).filter((o): o is OrderDto => !!o);
    return { data, pagination: { total: Number(total?.n ?? 0), limit, page } };
  }

  /**
   * The dashboard's figures in `timeZone` (an IANA zone): orders and revenue today, yesterday,
   * this month and last month, and per day over last month and this month (orders placed and
   * not cancelled, in `currency`, minor units); orders to fulfil (confirmed or processing) and
   * awaiting payment; the 5 latest orders (failed payment attempts left out). `sites`: only orders
   * placed on these sites (staff limited to some sites).
   * @throws 400 ORDERS.UNKNOWN_TIME_ZONE.
   */
  async overview(timeZone: string, currency: string, sites?: string[], now = new Date()): Promise<OverviewDto> {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw OrdersErrors.unknownTimeZone(timeZone);
    }
    const db = this.database.db;
    const onSites = sites ? sql` and site = any(${textArray(sites)})` : sql``;
    const today = sql`(${now.toISOString()}::timestamptz at time zone ${timeZone})::date`;
    const [days, counts, latest] = await Promise.all([
      rows<{ date: string; orders: number; revenue: string }>(db, sql`
        select to_char(d, 'YYYY-MM-DD') as date, count(o.id)::int as orders, coalesce(sum(o.total), 0)::bigint as revenue
          from generate_series(date_trunc('month', ${today}) - interval '1 month', ${today}, interval '1 day') d
          left join orders."order" o on (o.placed_at at time zone ${timeZone})::date = d::date and o.status <> 'cancelled' and o.currency = ${currency}${sites ? sql` and o.site = any(${textArray(sites)})` : sql``}
         group by d order by d`),
      rows<{ to_fulfil: number; awaiting: number }>(db, sql`
        select count(*) filter (where status in ('confirmed', 'processing'))::int as to_fulfil,
               count(*) filter (where status = 'awaiting_payment')::int as awaiting
          from orders."order" where status in ('confirmed', 'processing', 'awaiting_payment')${onSites}`),
      db.select().from(order).where(and(not(failedPaymentAttempt), sites ? sql`${order.site} = any(${textArray(sites)})` : undefined)).orderBy(desc(order.placedAt), desc(order.id)).limit(5),
    ]);
    const daily = days.map((d) => ({ date: d.date, orders: d.orders, revenue: Number(d.revenue) }));
    const todayKey = daily[daily.length - 1]!.date;
    const month = todayKey.slice(0, 7);
    const sum = (pick: (date: string) => boolean) => {
      const picked = daily.filter((d) => pick(d.date));
      return { orders: picked.reduce((n, d) => n + d.orders, 0), revenue: money(picked.reduce((n, d) => n + d.revenue, 0), currency) };
    };
    const yesterday = daily[daily.length - 2]!.date;
    return {
      timeZone, currency,
      today: sum((d) => d === todayKey),
      yesterday: sum((d) => d === yesterday),
      thisMonth: sum((d) => d.startsWith(month)),
      lastMonth: sum((d) => !d.startsWith(month)),
      daily,
      toFulfil: counts[0]?.to_fulfil ?? 0,
      awaitingPayment: counts[0]?.awaiting ?? 0,
      latest: latest.map((r) => ({
        id: r.id, number: r.number, status: r.status as OrderStatus, email: r.email, customerName: nameOf(r.shippingAddress),
        total: money(r.total, r.currency), placedAt: iso(r.placedAt)!,
      })),
    };
  }

  /**
   * Orders placed in [from, to) that were not cancelled: how many, revenue (sum of totals) and
   * average order value, in minor units of the shop currency (GBP). Web and imported orders count.
   * `sites`: only orders placed on these sites.
   */
  async summary(from: Date, to: Date, currency = 'GBP', sites?: string[]): Promise<{ orders: number; revenue: Money; averageOrderValue: Money }> {
    const [r] = await rows<{ n: number; revenue: number | null }>(
      this.database.db,
      sql`select count(*)::int as n, coalesce(sum(total), 0)::bigint as revenue from orders."order"
          where placed_at >= ${from} and placed_at < ${to} and status <> 'cancelled' and currency = ${currency}${sites ? sql` and site = any(${textArray(sites)})` : sql``}`,
    );
    const n = r?.n ?? 0;
    const revenue = Number(r?.revenue ?? 0);
    return { orders: n, revenue: money(revenue, currency), averageOrderValue: money(n ? Math.round(revenue / n) : 0, currency) };
  }
}
