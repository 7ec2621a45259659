import { and, eq, sql } from 'drizzle-orm';
import type { TokenService } from '../../platform/auth.js';
import type { Database, Tx } from '../../platform/db/index.js';
import { pgErrorCode, preparedSql } from '../../platform/db/index.js';
import { eventStatement, publish } from '../../platform/events/index.js';
import { IdempotencyErrors } from '../../platform/idempotency.js';
import { newId } from '../../platform/ids.js';
import { idempotencyKey, order, statusHistory } from './db/schema.js';
import { nextStatuses } from './domain/lifecycle.js';
import type { OrderDto, PendingOrderInput } from './orders.contract.js';
import { sha256, toDto, toSnapshot, type HistoryJson, type OrderReads, type OrderRow } from './orders.reads.js';

/** The purpose a guest's order access token is derived under (see `TokenService.derive`). */
const ACCESS_TOKEN_PURPOSE = 'order-access';

const P = sql.placeholder;

/**
 * The checkout's order in ONE statement: the idempotency key (its primary key refuses a twin),
 * the order (number from the sequence), its lines (`lines`: JSON array of order_line rows,
 * snake_case) and its first two history steps (the lines' foreign key is checked at the
 * statement's end). Values: see {@link OrderPlacement.place}.
 */
const placeOrderSql = preparedSql<{ number: string }>((db) => {
  const key = db.insert(idempotencyKey).values({ scope: 'checkout', key: P('key'), requestHash: P('requestHash'), orderId: P('id') });
  const head = db
    .insert(order)
    .values({
      id: P('id'), number: sql`'CPT-' || nextval('orders.order_number_seq')`, source: 'web', customerId: P('customerId'), email: P('email'), country: P('country'),
      status: P('status'), currency: P('currency'), site: P('site'), subtotal: P('subtotal'), discount: P('discount'), shipping: P('shipping'), tax: P('tax'), total: P('total'),
      locale: P('locale'), promotionCode: P('promotionCode'), shippingMethodId: P('shippingMethodId'), shippingMethodName: P('shippingMethodName'),
      shippingAddress: P('shippingAddress'), billingAddress: P('billingAddress'), cartId: P('cartId'), accessTokenHash: P('accessTokenHash'),
      paymentMethod: P('paymentMethod'), bankDetails: P('bankDetails'), placedAt: P('now'), createdAt: P('now'), updatedAt: P('now'),
    })
    .returning({ number: order.number });
  const history = db.insert(statusHistory).values([
    { id: P('pendingId'), orderId: P('id'), fromStatus: null, toStatus: 'pending', actor: P('actor'), createdAt: P('now') },
    { id: P('processingId'), orderId: P('id'), fromStatus: 'pending', toStatus: P('status'), reason: P('reason'), actor: 'system', createdAt: P('processingAt') },
  ]);
  const lines = sql`insert into orders.order_line (id, order_id, position, sku, title, quantity, unit_price, discount, line_total)
    select id, order_id, position, sku, title, quantity, unit_price, discount, line_total from json_populate_recordset(null::orders.order_line, ${P('lines')}::json)`;
  return sql`with k as (${key.getSQL()}), o as (${head.getSQL()}), l as (${lines}), h as (${history.getSQL()}) select number from o`;
});

/**
 * payment_processing → confirmed for order `id` at `now` (ISO 8601), with its history step
 * (`historyId`), and events: the transaction's unwritten ones (always) and those given to `run`
 * (only if the order moved). `id` null: it was in another status and nothing but the
 * transaction's events was written.
 */
const confirmKnownSql = eventStatement<{ id: string | null }>((db, outbox) => {
  const move = db
    .update(order)
    .set({ status: 'confirmed', updatedAt: sql`${P('now')}::timestamptz` })
    .where(and(eq(order.id, P('id')), eq(order.status, 'payment_processing')))
    .returning({ id: order.id });
  return sql`with moved as (${move.getSQL()}),
    step as (insert into orders.status_history (id, order_id, from_status, to_status, actor, created_at) select ${P('historyId')}, id, 'payment_processing', 'confirmed', 'system', ${P('now')}::timestamptz from moved),
    unwritten as (${outbox.pending()}),
    own as (${outbox.events(sql`exists (select 1 from moved)`)})
    select (select id from moved) as id`;
}, (rows) => rows.some((r) => r.id !== null));

/**
 * Web orders as the checkout flow makes them: placed in `payment_processing` with the checkout's
 * idempotency key, confirmed once their payment is authorized, found again by that key on a
 * replay (with a guest's access token).
 */
export class OrderPlacement {
  constructor(
    private readonly database: Database,
    private readonly reads: OrderReads,
    /** Derives a guest's order access token (see {@link guestAccessToken}). */
    private readonly tokens: Pick<TokenService, 'derive'>,
  ) {}

  /** The order checkout idempotency key `key` created, with the hash of its request; null when the key is unknown. */
  async findByIdempotencyKey(key: string): Promise<{ orderId: string; requestHash: string } | null> {
    const [row] = await this.database.db.select().from(idempotencyKey).where(and(eq(idempotencyKey.scope, 'checkout'), eq(idempotencyKey.key, key)));
    return row ? { orderId: row.orderId, requestHash: row.requestHash } : null;
  }

  /**
   * The access token of guest order `orderId` again, for a checkout replay (the same
   * Idempotency-Key and request, so the same client): derived from the order id with the
   * server's key, never stored (only its hash is). Null for a customer's order, and for an order
   * whose stored hash is not that of the derived token (it cannot be recovered).
   */
  async guestAccessToken(orderId: string): Promise<string | null> {
    const [row] = await this.database.db.select({ customerId: order.customerId, tokenHash: order.accessTokenHash }).from(order).where(eq(order.id, orderId));
    if (!row || row.customerId || !row.tokenHash) return null;
    const token = this.tokens.derive(ACCESS_TOKEN_PURPOSE, orderId);
    return sha256(token) === row.tokenHash ? token : null;
  }

  /**
   * Places the order in `tx` (the checkout's transaction) in `payment_processing` (or
   * `input.payment.status`), with line snapshots, history and the idempotency key
   * `input.idempotency`, in one statement. Guests get an access token (derived from the order
   * id: {@link guestAccessToken} gives it again). An order that does not wait for a provider
   * (offline methods) publishes `order.placed` now (its confirmation mail, with bank-transfer
   * instructions), and `order.confirmed` too when it starts confirmed (cash on delivery).
   * @returns the order as a read would show it now (it is not read back).
   * @throws 409 IDEMPOTENCY.IN_USE when the key is already stored (a replay, or a concurrent
   *   twin that committed first); `tx` is then aborted.
   */
  async place(tx: Tx, input: PendingOrderInput): Promise<{ orderId: string; number: string; accessToken: string | null; order: OrderDto }> {
    const id = newId('ord');
    const accessToken = input.customerId ? null : this.tokens.derive(ACCESS_TOKEN_PURPOSE, id);
    const now = new Date();
    const processingAt = new Date(now.getTime() + 1);
    const status = input.payment?.status ?? 'payment_processing';
    const reason = input.payment?.reason ?? null;
    const row: Omit<OrderRow, 'number'> = {
      id, source: 'web', externalRef: null, customerId: input.customerId, email: input.email, country: input.shippingAddress.country, status,
      currency: input.currency, site: input.site ?? 'default', subtotal: input.subtotal, feesTotal: 0, total: input.total, placedAt: now, createdAt: now, updatedAt: now, locale: input.locale,
      discount: input.discount, shipping: input.shipping, tax: input.tax, promotionCode: input.promotionCode, shippingMethodId: input.shippingMethod.id,
      shippingMethodName: input.shippingMethod.name, shippingAddress: input.shippingAddress, billingAddress: input.billingAddress, cartId: input.cartId,
      accessTokenHash: accessToken ? sha256(accessToken) : null, cancelReason: null,
      paymentMethod: input.payment?.method ?? null, bankDetails: input.payment?.bankDetails ?? null, tags: [],
    };
    const lines = input.lines.map((l, position) => ({
      id: newId('oln'), order_id: id, position, sku: l.sku, title: l.title, quantity: l.quantity, unit_price: l.unitPrice, discount: l.discount, line_total: l.lineTotal,
    }));
    const actor = input.customerId ?? 'guest';
    let created: { number: string } | undefined;
    try {
      [created] = await placeOrderSql.run(tx, {
        ...row, key: input.idempotency.key, requestHash: input.idempotency.requestHash, now, lines: JSON.stringify(lines),
        pendingId: newId('osh'), actor, processingId: newId('osh'), processingAt, reason,
      });
    } catch (err) {
      const e = pgErrorCode(err);
      if (e?.code === '23505' && (e.constraint ?? '').includes('idempotency_key')) throw IdempotencyErrors.inUse();
      throw err;
    }
    const number = created!.number;
    // The order as a read would show it now (no re-read): what confirmAuthorized confirms.
    const history: HistoryJson[] = [
      { from: null, to: 'pending', reason: null, actor, at: now.toISOString() },
      { from: 'pending', to: status, reason, actor: 'system', at: processingAt.toISOString() },
    ];
    const dto = toDto({ ...row, number }, input.lines, [], history);
    if (status !== 'payment_processing') {
      await publish(tx, 'order.placed', { order: toSnapshot(dto) }, id);
      if (status === 'confirmed') await publish(tx, 'order.confirmed', { order: toSnapshot(dto) }, id);
    }
    return { orderId: id, number, accessToken, order: dto };
  }

  /**
   * payment_processing → confirmed once the payment of `unconfirmed` (the order as the caller
   * holds it: as {@link place} answered it, or as last read) is authorized, as the last
   * statement of `tx` (the one recording the payment): the status change, its history step, the
   * transaction's unwritten events and `order.placed` + `order.confirmed` (the latter two only if
   * the order moved). The statement is guarded on the status, and only a status change alters
   * such an order, so nothing is read first. Idempotent: an order in another status is answered
   * as it is (read again when it was held in payment_processing but had moved).
   * @returns the order as it is then. @throws 404 ORDERS.NOT_FOUND.
   */
  async confirmAuthorized(tx: Tx, unconfirmed: OrderDto): Promise<OrderDto> {
    if (unconfirmed.status !== 'payment_processing') return unconfirmed;
    const now = new Date().toISOString();
    const step: HistoryJson = { from: 'payment_processing', to: 'confirmed', reason: null, actor: 'system', at: now };
    const dto: OrderDto = { ...unconfirmed, status: 'confirmed', nextStatuses: nextStatuses('confirmed'), statusHistory: [...unconfirmed.statusHistory, step], updatedAt: now };
    const snap = toSnapshot(dto);
    const [result] = await confirmKnownSql.run(tx, { id: dto.id, now, historyId: newId('osh') }, [
      { type: 'order.placed', payload: { order: snap }, aggregateId: dto.id },
      { type: 'order.confirmed', payload: { order: snap }, aggregateId: dto.id },
    ]);
    return result?.id ? dto : this.reads.get(dto.id, tx);
  }
}
