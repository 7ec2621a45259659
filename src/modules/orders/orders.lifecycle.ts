import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { TokenService } from '../../platform/auth.js';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { inTransaction, pgErrorCode, prepared, preparedSql, rows } from '../../platform/db/index.js';
import { eventsWritten, outboxRowsInsertSql, outboxRowsJson, publish, takeUnwrittenEvents } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { CatalogContract } from '../catalog/index.js';
import type { PaymentsContract, RefundIdempotency, RefundOutcome } from '../payments/index.js';
import type { PromotionsContract } from '../promotions/index.js';
import { idempotencyKey, order, orderLine, shipment, statusHistory } from './db/schema.js';
import { canTransition, customerMayCancel, nextStatuses, remainingToShip, type OrderStatus } from './domain/lifecycle.js';
import { OrdersErrors } from './orders.errors.js';
import type { Address, OrderEvents, OrderLineSnapshot, OrderSnapshot, ShipmentSnapshot } from './orders.events.js';

type OrderRow = typeof order.$inferSelect;
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
  lines: { sku: string; title: string; quantity: number; unitPrice: Money; discount: Money; lineTotal: Money }[];
  totals: { subtotal: Money; discount: Money; shipping: Money; tax: Money; total: Money };
  promotionCode: string | null;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  shippingMethod: { id: string; name: string } | null;
  shipments: (ShipmentSnapshot & { status: 'shipped' | 'delivered'; deliveredAt: string | null })[];
  statusHistory: { from: string | null; to: string; reason: string | null; actor: string | null; at: string }[];
  cancelReason: string | null;
  source: string;
  placedAt: string;
  updatedAt: string;
}

/** What the checkout flow hands over to create an order (all money in minor units of `currency`). */
export interface PendingOrderInput {
  cartId: string;
  customerId: string | null;
  email: string;
  locale: 'en' | 'fr';
  currency: string;
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
  idempotency: { key: string; requestHash: string };
}

/** Filters of the back-office order list. Dates ISO 8601; totals in minor units. */
export interface AdminOrderQuery {
  status?: OrderStatus;
  from?: string;
  to?: string;
  customer?: string;
  minTotal?: number;
  maxTotal?: number;
  source?: string;
  sort?: 'newest' | 'oldest' | 'total' | '-total';
  page: number;
  limit: number;
}

/** The purpose a guest's order access token is derived under (see `TokenService.derive`). */
const ACCESS_TOKEN_PURPOSE = 'order-access';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const money = (amount: number, currency: string): Money => ({ amount, currency });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type ShipmentJson = { id: string; carrier: string; trackingNumber: string; lines: { sku: string; quantity: number }[]; status: 'shipped' | 'delivered'; shippedAt: string; deliveredAt: string | null };
type HistoryJson = { from: string | null; to: string; reason: string | null; actor: string | null; at: string };

/** The API shape of an order row and its children (money as `{ amount, currency }`). */
function toDto(row: OrderRow, lines: OrderLineSnapshot[], shipments: ShipmentJson[], history: HistoryJson[]): OrderDto {
  const c = row.currency;
  return {
    id: row.id, number: row.number, status: row.status as OrderStatus, nextStatuses: nextStatuses(row.status as OrderStatus),
    email: row.email, customerId: row.customerId, locale: row.locale === 'fr' ? 'fr' : 'en', currency: c,
    lines: lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: money(l.unitPrice, c), discount: money(l.discount, c), lineTotal: money(l.lineTotal, c) })),
    totals: { subtotal: money(row.subtotal, c), discount: money(row.discount, c), shipping: money(row.shipping, c), tax: money(row.tax, c), total: money(row.total, c) },
    promotionCode: row.promotionCode, shippingAddress: row.shippingAddress ?? null, billingAddress: row.billingAddress ?? null,
    shippingMethod: row.shippingMethodId ? { id: row.shippingMethodId, name: row.shippingMethodName ?? row.shippingMethodId } : null,
    shipments: shipments.map((s) => ({ id: s.id, carrier: s.carrier, trackingNumber: s.trackingNumber, lines: s.lines, status: s.status, shippedAt: s.shippedAt, deliveredAt: s.deliveredAt })),
    statusHistory: history.map((h) => ({ from: h.from, to: h.to, reason: h.reason, actor: h.actor, at: h.at })),
    cancelReason: row.cancelReason, source: row.source, placedAt: iso(row.placedAt)!, updatedAt: iso(row.updatedAt)!,
  };
}

/** The snapshot events carry (money in minor units of `currency`). */
function toSnapshot(o: OrderDto): OrderSnapshot {
  return {
    id: o.id, number: o.number, customerId: o.customerId, email: o.email ?? '', locale: o.locale, status: o.status, currency: o.currency,
    lines: o.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice.amount, discount: l.discount.amount, lineTotal: l.lineTotal.amount })),
    subtotal: o.totals.subtotal.amount, discount: o.totals.discount.amount, shipping: o.totals.shipping.amount, tax: o.totals.tax.amount, total: o.totals.total.amount,
    promotionCode: o.promotionCode, shippingAddress: o.shippingAddress!, shippingMethod: o.shippingMethod ?? { id: '', name: '' }, placedAt: o.placedAt,
  };
}

const P = sql.placeholder;
const utc = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** Orders with their lines (by position), shipments (by time) and history (by time) as JSON arrays built by PostgreSQL. */
function orderSelect(db: Executor) {
  return db
    .select({
      row: order,
      lines: sql<OrderLineSnapshot[]>`coalesce((select json_agg(json_build_object('sku', l.sku, 'title', l.title, 'quantity', l.quantity, 'unitPrice', l.unit_price, 'discount', l.discount, 'lineTotal', l.line_total) order by l.position) from orders.order_line l where l.order_id = orders."order".id), '[]'::json)`,
      shipments: sql<ShipmentJson[]>`coalesce((select json_agg(json_build_object('id', s.id, 'carrier', s.carrier, 'trackingNumber', s.tracking_number, 'lines', s.lines, 'status', s.status, 'shippedAt', ${utc('s.shipped_at')}, 'deliveredAt', ${utc('s.delivered_at')}) order by s.shipped_at, s.id) from orders.shipment s where s.order_id = orders."order".id), '[]'::json)`,
      history: sql<HistoryJson[]>`coalesce((select json_agg(json_build_object('from', h.from_status, 'to', h.to_status, 'reason', h.reason, 'actor', h.actor, 'at', ${utc('h.created_at')}) order by h.created_at, h.id) from orders.status_history h where h.order_id = orders."order".id), '[]'::json)`,
    })
    .from(order)
    .$dynamic();
}

/** One order (`id`) as {@link orderSelect} reads it. */
const orderById = prepared((db) => orderSelect(db).where(eq(order.id, P('id'))));

/**
 * The checkout's order in ONE statement: the idempotency key (its primary key refuses a twin),
 * the order (number from the sequence), its lines (`lines`: JSON array of order_line rows,
 * snake_case) and its first two history steps (the lines' foreign key is checked at the
 * statement's end). Values: see {@link OrderLifecycle.createPending}.
 */
const createPendingSql = preparedSql<{ number: string }>((db) => {
  const key = db.insert(idempotencyKey).values({ scope: 'checkout', key: P('key'), requestHash: P('requestHash'), orderId: P('id') });
  const head = db
    .insert(order)
    .values({
      id: P('id'), number: sql`'CPT-' || nextval('orders.order_number_seq')`, source: 'web', customerId: P('customerId'), email: P('email'), country: P('country'),
      status: 'payment_processing', currency: P('currency'), subtotal: P('subtotal'), discount: P('discount'), shipping: P('shipping'), tax: P('tax'), total: P('total'),
      locale: P('locale'), promotionCode: P('promotionCode'), shippingMethodId: P('shippingMethodId'), shippingMethodName: P('shippingMethodName'),
      shippingAddress: P('shippingAddress'), billingAddress: P('billingAddress'), cartId: P('cartId'), accessTokenHash: P('accessTokenHash'),
      placedAt: P('now'), createdAt: P('now'), updatedAt: P('now'),
    })
    .returning({ number: order.number });
  const history = db.insert(statusHistory).values([
    { id: P('pendingId'), orderId: P('id'), fromStatus: null, toStatus: 'pending', actor: P('actor'), createdAt: P('now') },
    { id: P('processingId'), orderId: P('id'), fromStatus: 'pending', toStatus: 'payment_processing', actor: 'system', createdAt: P('processingAt') },
  ]);
  const lines = sql`insert into orders.order_line (id, order_id, position, sku, title, quantity, unit_price, discount, line_total)
    select id, order_id, position, sku, title, quantity, unit_price, discount, line_total from json_populate_recordset(null::orders.order_line, ${P('lines')}::json)`;
  return sql`with k as (${key.getSQL()}), o as (${head.getSQL()}), l as (${lines}), h as (${history.getSQL()}) select number from o`;
});

/**
 * payment_processing → confirmed for order `id` at `now` (ISO 8601), with its history step
 * (`historyId`), and events: `unwritten` (the transaction's, always) and `own` (only if the order
 * moved), both JSON outbox rows. `id` null: it was in another status and nothing but `unwritten`
 * was written.
 */
const confirmKnownSql = preparedSql<{ id: string | null }>((db) => {
  const move = db
    .update(order)
    .set({ status: 'confirmed', updatedAt: sql`${P('now')}::timestamptz` })
    .where(and(eq(order.id, P('id')), eq(order.status, 'payment_processing')))
    .returning({ id: order.id });
  return sql`with moved as (${move.getSQL()}),
    step as (insert into orders.status_history (id, order_id, from_status, to_status, actor, created_at) select ${P('historyId')}, id, 'payment_processing', 'confirmed', 'system', ${P('now')}::timestamptz from moved),
    unwritten as (${outboxRowsInsertSql('unwritten')}),
    own as (${outboxRowsInsertSql('own', sql`exists (select 1 from moved)`)})
    select (select id from moved) as id`;
});

/**
 * Web orders: creation for the checkout flow, the lifecycle (transitions with history,
 * cancellation with stock/promotion/payment release, shipments, delivery), refunds, reads, and
 * the payment-timeout sweep. Every change writes its event to the outbox in its transaction.
 */
export class OrderLifecycle {
  constructor(
    private readonly database: Database,
    private readonly deps: { catalog: CatalogContract; promotions: PromotionsContract; payments: PaymentsContract },
    private readonly log: Logger,
    private readonly paymentTimeoutMinutes: number,
    /** Derives a guest's order access token (see {@link guestAccessToken}). */
    private readonly tokens: Pick<TokenService, 'derive'>,
  ) {}

  // ------------------------------------------------------------------ creation

  /** The order a checkout idempotency key already created, with the hash of its request. */
  async findByIdempotencyKey(key: string): Promise<{ orderId: string; requestHash: string } | null> {
    const [row] = await this.database.db.select().from(idempotencyKey).where(and(eq(idempotencyKey.scope, 'checkout'), eq(idempotencyKey.key, key)));
    return row ? { orderId: row.orderId, requestHash: row.requestHash } : null;
  }

  /**
   * The access token of guest order `orderId` again, for a checkout replay (the same
   * Idempotency-Key and request, so the same client): derived from the order id with the
   * server's key, never stored (only its hash is). Null for a customer's order, and for orders
   * whose token was random (created before tokens were derived), which cannot be recovered.
   */
  async guestAccessToken(orderId: string): Promise<string | null> {
    const [row] = await this.database.db.select({ customerId: order.customerId, tokenHash: order.accessTokenHash }).from(order).where(eq(order.id, orderId));
    if (!row || row.customerId || !row.tokenHash) return null;
    const token = this.tokens.derive(ACCESS_TOKEN_PURPOSE, orderId);
    return sha256(token) === row.tokenHash ? token : null;
  }

  /**
   * Creates the order in `tx` (the checkout's transaction) in `payment_processing`, with line
   * snapshots, history and the idempotency key. Guests get an access token (derived from the order id: {@link guestAccessToken} gives it again).
   * @throws AppError 409 IDEMPOTENCY.IN_USE when a concurrent request with the same key won (the caller re-reads).
   */
  async createPending(tx: Tx, input: PendingOrderInput): Promise<{ orderId: string; number: string; accessToken: string | null; order: OrderDto }> {
    const id = newId('ord');
    const accessToken = input.customerId ? null : this.tokens.derive(ACCESS_TOKEN_PURPOSE, id);
    const now = new Date();
    const processingAt = new Date(now.getTime() + 1);
    const row: Omit<OrderRow, 'number'> = {
      id, source: 'web', externalRef: null, customerId: input.customerId, email: input.email, country: input.shippingAddress.country, status: 'payment_processing',
      currency: input.currency, subtotal: input.subtotal, feesTotal: 0, total: input.total, placedAt: now, createdAt: now, updatedAt: now, locale: input.locale,
      discount: input.discount, shipping: input.shipping, tax: input.tax, promotionCode: input.promotionCode, shippingMethodId: input.shippingMethod.id,
      shippingMethodName: input.shippingMethod.name, shippingAddress: input.shippingAddress, billingAddress: input.billingAddress, cartId: input.cartId,
      accessTokenHash: accessToken ? sha256(accessToken) : null, cancelReason: null,
    };
    const lines = input.lines.map((l, position) => ({
      id: newId('oln'), order_id: id, position, sku: l.sku, title: l.title, quantity: l.quantity, unit_price: l.unitPrice, discount: l.discount, line_total: l.lineTotal,
    }));
    const actor = input.customerId ?? 'guest';
    const [created] = await createPendingSql.run(tx, {
      ...row, key: input.idempotency.key, requestHash: input.idempotency.requestHash, now, lines: JSON.stringify(lines),
      pendingId: newId('osh'), actor, processingId: newId('osh'), processingAt,
    });
    const number = created!.number;
    // The order as a read would show it now (no re-read): what markPaid confirms without reading it.
    const history: HistoryJson[] = [
      { from: null, to: 'pending', reason: null, actor, at: now.toISOString() },
      { from: 'pending', to: 'payment_processing', reason: null, actor: 'system', at: processingAt.toISOString() },
    ];
    return { orderId: id, number, accessToken, order: toDto({ ...row, number }, input.lines, [], history) };
  }

  /** True when `err` is the idempotency key's primary-key violation (a concurrent twin won). */
  static isDuplicateKey(err: unknown): boolean {
    const e = pgErrorCode(err);
    return e?.code === '23505' && (e.constraint ?? '').includes('idempotency_key');
  }

  /**
   * payment_processing → confirmed after an authorized payment; publishes `order.placed` and
   * `order.confirmed`. Idempotent (another status: nothing changes). Runs in `outer` when given
   * (the checkout records the payment and confirms in one transaction), else in its own.
   * `pending` is the order as the caller last read it (or as {@link createPending} answered it),
   * which saves reading it again; see {@link confirmKnown}.
   * @returns the order as it is then. @throws 404 ORDERS.NOT_FOUND.
   */
  async markPaid(orderId: string, outer?: Tx, pending?: OrderDto): Promise<OrderDto> {
    return inTransaction(this.database, outer, async (tx) => {
      const known = pending?.id === orderId ? pending : await this.get(orderId, tx);
      return known.status === 'payment_processing' ? this.confirmKnown(tx, known) : known;
    });
  }

  /**
   * {@link markPaid} of an order in payment_processing whose state the caller holds (`pending`;
   * only a status change alters such an order, and the statement is guarded on the status), as
   * the last statement of `tx`: the status change, its history step, the transaction's unwritten
   * events and `order.placed` + `order.confirmed`, in one statement (the order's events only if
   * it moved). Nothing to read back; when it did not move, the order is read as it is.
   */
  private async confirmKnown(tx: Tx, pending: OrderDto): Promise<OrderDto> {
    const now = new Date().toISOString();
    const step: HistoryJson = { from: 'payment_processing', to: 'confirmed', reason: null, actor: 'system', at: now };
    const dto: OrderDto = { ...pending, status: 'confirmed', nextStatuses: nextStatuses('confirmed'), statusHistory: [...pending.statusHistory, step], updatedAt: now };
    const snap = toSnapshot(dto);
    const own = outboxRowsJson([
      { type: 'order.placed', payload: { order: snap } satisfies OrderEvents['order.placed'], aggregateId: dto.id },
      { type: 'order.confirmed', payload: { order: snap } satisfies OrderEvents['order.confirmed'], aggregateId: dto.id },
    ]);
    const [result] = await confirmKnownSql.run(tx, { id: dto.id, now, historyId: newId('osh'), unwritten: takeUnwrittenEvents(tx), own });
    await eventsWritten(tx);
    return result?.id ? dto : this.get(dto.id, tx);
  }

  // ------------------------------------------------------------------ lifecycle

  private async lock(tx: Tx, orderId: string): Promise<OrderRow> {
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
   * @throws 404 ORDERS.NOT_FOUND, 409 ORDERS.ILLEGAL_TRANSITION.
   */
  async cancel(orderId: string, reason: string, actor: string | null, byCustomer = false): Promise<OrderDto> {
    const cancelled = await this.database.transaction(async (tx) => {
      const current = await this.lock(tx, orderId);
      const from = current.status as OrderStatus;
      if (from === 'cancelled') return null; // idempotent: a retry only settles the payment again
      if (!canTransition(from, 'cancelled') || (byCustomer && !customerMayCancel(from))) throw OrdersErrors.illegalTransition(from, 'cancelled');
      const lines = await tx.select({ sku: orderLine.sku, quantity: orderLine.quantity }).from(orderLine).where(eq(orderLine.orderId, orderId));
      await this.setStatus(tx, current, 'cancelled', reason, actor);
      await this.deps.catalog.releaseStock(tx, lines, `order:${orderId}`, actor);
      await this.deps.promotions.release(tx, orderId);
      const dto = await this.get(orderId, tx);
      await publish(tx, 'order.cancelled', { order: toSnapshot(dto), reason } satisfies OrderEvents['order.cancelled'], orderId);
      return dto;
    });
    try {
      await this.deps.payments.settleCancellation(orderId, actor);
    } catch (err) {
      this.log.error({ err, orderId }, 'payment could not be settled after cancellation; cancelling the order again retries it');
    }
    return cancelled ?? this.get(orderId);
  }

  /**
   * Moves an order to `to` when the lifecycle allows it. `cancelled` cancels (see {@link cancel}),
   * `shipped` needs a shipment, `delivered` marks every shipment delivered.
   * @throws 404 ORDERS.NOT_FOUND, 409 ORDERS.ILLEGAL_TRANSITION / ORDERS.SHIPMENT_REQUIRED.
   */
  async transition(orderId: string, to: OrderStatus, reason: string | null, actor: string | null): Promise<OrderDto> {
    if (to === 'cancelled') return this.cancel(orderId, reason ?? 'cancelled by the shop', actor);
    return this.database.transaction(async (tx) => {
      const current = await this.lock(tx, orderId);
      const from = current.status as OrderStatus;
      if (!canTransition(from, to)) throw OrdersErrors.illegalTransition(from, to);
      if (to === 'shipped') throw OrdersErrors.shipmentRequired();
      if (to === 'delivered') {
        await tx.update(shipment).set({ status: 'delivered', deliveredAt: new Date() }).where(and(eq(shipment.orderId, orderId), eq(shipment.status, 'shipped')));
      }
      await this.setStatus(tx, current, to, reason, actor);
      const dto = await this.get(orderId, tx);
      if (to === 'confirmed') await publish(tx, 'order.confirmed', { order: toSnapshot(dto) } satisfies OrderEvents['order.confirmed'], orderId);
      if (to === 'delivered') await publish(tx, 'order.delivered', { order: toSnapshot(dto) } satisfies OrderEvents['order.delivered'], orderId);
      return dto;
    });
  }

  /**
   * Records a shipment (all remaining lines by default) and moves the order to `shipped`;
   * captures the authorized payment at the first shipment. A confirmed order passes through
   * `processing` first. Publishes `order.shipped`.
   * @throws 404, 409 ORDERS.ILLEGAL_TRANSITION (not confirmed/processing/shipped), 409 ORDERS.NOTHING_TO_SHIP.
   */
  async ship(orderId: string, input: { carrier: string; trackingNumber: string; lines?: { sku: string; quantity: number }[] }, actor: string | null): Promise<OrderDto> {
    const current = await this.get(orderId);
    if (!['confirmed', 'processing', 'shipped'].includes(current.status)) throw OrdersErrors.illegalTransition(current.status, 'shipped');
    const authorized = (await this.deps.payments.listForOrder(orderId)).find((p) => p.status === 'authorized');
    if (authorized) await this.deps.payments.capture(authorized.id);
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
      await tx.insert(shipment).values({ id: shipmentId, orderId, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: wanted, actor, shippedAt });
      if (row.status === 'confirmed') {
        await this.setStatus(tx, row, 'processing', null, actor);
        row = { ...row, status: 'processing' };
      }
      if (row.status !== 'shipped') await this.setStatus(tx, row, 'shipped', null, actor);
      const dto = await this.get(orderId, tx);
      const shipmentSnap: ShipmentSnapshot = { id: shipmentId, carrier: input.carrier, trackingNumber: input.trackingNumber, lines: wanted, shippedAt: shippedAt.toISOString() };
      await publish(tx, 'order.shipped', { order: toSnapshot(dto), shipment: shipmentSnap } satisfies OrderEvents['order.shipped'], orderId);
      return dto;
    });
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
      await tx.update(shipment).set({ status: 'delivered', deliveredAt: new Date() }).where(eq(shipment.id, shipmentId));
      const all = await tx.select().from(shipment).where(eq(shipment.orderId, orderId));
      const lines = await tx.select({ sku: orderLine.sku, quantity: orderLine.quantity }).from(orderLine).where(eq(orderLine.orderId, orderId));
      const complete = remainingToShip(lines, all.flatMap((s) => s.lines)).size === 0 && all.every((s) => s.id === shipmentId || s.status === 'delivered');
      if (complete && row.status === 'shipped') {
        await this.setStatus(tx, row, 'delivered', null, actor);
        await publish(tx, 'order.delivered', { order: toSnapshot(await this.get(orderId, tx)) } satisfies OrderEvents['order.delivered'], orderId);
      }
    });
    return this.get(orderId);
  }

  /**
   * Refunds part or all of the captured payment of an order (see PaymentsContract.refund).
   * With `idempotency` (the route's `Idempotency-Key` and request hash), a repeated request
   * answers the refund the first one made (`replayed: true`): no second refund, provider call or
   * event, even once the payment is fully refunded; concurrent repeats are serialised on the
   * payment. Without it, every call is a new refund.
   * @returns the payment after the refund, the refund, and whether it was a replay.
   * @throws 404 ORDERS.NOT_FOUND, 409 ORDERS.NO_PAYMENT (nothing captured left to refund),
   *   409 PAYMENTS.REFUND_EXCEEDS_CAPTURED, 422 IDEMPOTENCY.KEY_REUSED (the key came with another
   *   request), and the other errors of PaymentsContract.refund.
   */
  async refund(orderId: string, amount: number, reason: string, actor: string | null, idempotency?: RefundIdempotency): Promise<RefundOutcome> {
    await this.get(orderId);
    const payment = (await this.deps.payments.listForOrder(orderId)).find((p) => p.status === 'captured' || p.status === 'partially_refunded');
    if (!payment) {
      // Nothing left to refund: maybe because this very request already refunded it all. The
      // payments were listed first, so a twin that did so has committed and is found here.
      const replayed = idempotency ? await this.deps.payments.replayRefund(idempotency) : null;
      if (replayed) return replayed;
      throw OrdersErrors.noPayment();
    }
    return this.deps.payments.refund(payment.id, amount, reason, actor, idempotency);
  }

  // ------------------------------------------------------------------ payment timeout

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
        await this.cancel(id, 'payment_timeout', 'system');
        cancelled++;
      } catch (err) {
        this.log.warn({ err, orderId: id }, 'could not cancel an unpaid order');
      }
    }
    return cancelled;
  }

  // ------------------------------------------------------------------ reads

  /** One order with lines, shipments and history (one query). @throws 404 ORDERS.NOT_FOUND. */
  async get(orderId: string, exec: Executor = this.database.db): Promise<OrderDto> {
    const [found] = await orderById.run(exec, { id: orderId });
    if (!found) throw OrdersErrors.notFound(orderId);
    return toDto(found.row, found.lines, found.shipments, found.history);
  }

  /**
   * The orders `where` selects, each with its lines (by position), shipments (by time) and
   * history (by time), in ONE query: the children come as JSON arrays built by PostgreSQL.
   * Unordered: callers sort when it matters.
   */
  private async read(exec: Executor, where: SQL | undefined): Promise<OrderDto[]> {
    const found = await orderSelect(exec).where(where);
    return found.map((f) => toDto(f.row, f.lines, f.shipments, f.history));
  }

  /**
   * An order for a shopper: the signed-in owner, anyone with `orders:read`, or a guest holding
   * the order's access token. Others get 404 (existence is not revealed).
   */
  async getFor(orderId: string, access: { userId: string | null; canReadAll: boolean; token: string | null }): Promise<OrderDto> {
    const [row] = await this.database.db.select({ customerId: order.customerId, tokenHash: order.accessTokenHash }).from(order).where(eq(order.id, orderId));
    const allowed = row && (access.canReadAll || (access.userId && row.customerId === access.userId) || (access.token && row.tokenHash && sha256(access.token) === row.tokenHash));
    if (!allowed) throw OrdersErrors.notFound(orderId);
    return this.get(orderId);
  }

  /** The signed-in customer's orders, newest first. */
  async listForCustomer(userId: string, page: number, limit: number) {
    return this.list(eq(order.customerId, userId), 'newest', page, limit);
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
