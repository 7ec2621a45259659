import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { preparedSql, rowFromJson } from '../../platform/db/index.js';
import { eventsWritten, outboxInsertSql, publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { VariantInfo } from '../catalog/index.js';
import { StatementBatcher } from '../../platform/db/batcher.js';
import { DAY_MS, hashToken, TOUCH_MS } from './cart.access.js';
import type { CartAccess, CartDto } from './cart.contract.js';
import { CartErrors } from './cart.errors.js';
import type { CartEvents } from './cart.events.js';
import { answer } from './cart.pricing.js';
import { MAX_LINE_QUANTITY, MAX_LINES, type AddItemBody } from './cart.schemas.js';
import { lockForChange, type CartContext, type CartRow, type ItemRow } from './cart.store.js';
import { cart, cartItem } from './db/schema.js';

const p = (name: string) => sql.placeholder(name);

/**
 * One add-to-cart of the fast path, an item of {@link addItemsAtOnce} (`now`, `expiredBefore`
 * and `touchedBefore` (the cart's activity time moves on only when older, see {@link TOUCH_MS})
 * ISO 8601; `maxQuantity` the line's cap, min of {@link MAX_LINE_QUANTITY} and
 * the stock; fresh `itemId` and `eventId`; `payload` the event without `userId` and `lineQuantity`,
 * which the statement adds from what it wrote).
 */
interface AtOnceAdd {
  cartId: string;
  now: string;
  expiredBefore: string;
  touchedBefore: string;
  currency: string;
  tokenHash: string | null;
  userId: string | null;
  itemId: string;
  sku: string;
  quantity: number;
  maxQuantity: number;
  eventId: string;
  payload: Omit<CartEvents['cart.item_added'], 'userId' | 'lineQuantity'>;
}

/**
 * What the fast-path statement answers for one add (JSON rows, snake_case columns): the cart row
 * as locked and touched (null: not locked), the line as written (null: nothing added) and every
 * line of the cart after it.
 */
type AtOnceResult = { cart: Record<string, unknown> | null; line: Record<string, unknown> | null; lines: Record<string, unknown>[] | null };

/**
 * Add-to-cart for one or several carts in ONE autocommit statement, the fast path of
 * {@link CartService.addItem}: no BEGIN/COMMIT round trips, and for adds in flight together
 * (its batcher) one round trip, one executor start, one commit and WAL flush for all of them
 * (group commit). `items` is a JSON array of {@link AtOnceAdd} in snake_case plus `i`, its index;
 * at most one item per cart (two for the same cart would hit "ON CONFLICT DO UPDATE command
 * cannot affect row a second time", and the second could not see the first's line).
 *
 * Per item, in order: lock and touch the cart row (`UPDATE … RETURNING`) if the caller may change
 * it (guest token hash not expired, or its user), it is active and in the variant's currency, and
 * it has not changed since the statement's snapshot (`xmin` as read in that snapshot: every
 * change to a cart's lines also updates its row, so the lines this statement reads are the
 * latest); add to the SKU's line or create it, unless the line would pass `max_quantity` (min of
 * the per-line cap and stock) or a new line the cart's {@link MAX_LINES}; write
 * `cart.item_added` to the outbox. It answers one row per item: `i`, the cart row, the line
 * (null: nothing added) and every line of the cart (JSON, snake_case columns; null when the cart
 * was not locked). Nothing added (refused, the cart changed meanwhile, no access) sends the
 * caller to the transactional path, which gives the exact answer or error. A refused add still
 * records the activity of a cart the caller may change.
 *
 * A cart row another transaction holds locked is skipped (`FOR UPDATE SKIP LOCKED`), not waited
 * for, and that item gets no line: every writer of a cart updates its row, so once the holder
 * commits the `xmin` check would refuse the add anyway (only a holder that rolls back leaves it
 * as it was); either way the caller's transactional path then waits for the lock and answers
 * exactly. So the statement never waits on a row lock while holding others: it neither stalls
 * its other items behind one busy cart nor deadlocks with a batch in flight that locks the same
 * carts in another order.
 *
 * Carts are reached by key (`id = any(array(…))`), never by joining `input`: the planner takes
 * `json_to_recordset` for 100 rows, and with a join it hashed a sequential scan of every cart
 * for each statement once the table held a few thousand carts (seen at 4,800; at 30,000 it
 * switched to the index).
 */
const addItemsAtOnce = preparedSql<AtOnceResult & { i: number }>(sql`
with input as materialized (
  select * from json_to_recordset(${p('items')}::json) as r(
    i int, cart_id text, now timestamptz, expired_before timestamptz, touched_before timestamptz, currency text, token_hash text, user_id text,
    item_id text, sku text, quantity int, max_quantity int, event_id text, payload jsonb)
),
seen as (select c.id, c.xmin from cart.cart c where c.id = any(array(select cart_id from input))),
claimed as materialized (select c.id from cart.cart c where c.id = any(array(select cart_id from input)) for update of c skip locked),
locked as (
  update cart.cart c set updated_at = input.now,
    last_activity_at = case when c.last_activity_at < input.touched_before then input.now else c.last_activity_at end
  from input join seen on seen.id = input.cart_id join claimed on claimed.id = input.cart_id
  where c.id = any(array(select id from claimed)) and c.id = input.cart_id and c.xmin = seen.xmin and c.status = 'active' and c.currency = input.currency
    and case when c.user_id is null then c.token_hash = input.token_hash and c.last_activity_at > input.expired_before
             else c.user_id = input.user_id end
  returning c.*
),
line as (
  insert into cart.cart_item as ci (id, cart_id, sku, quantity, added_at)
  select input.item_id, locked.id, input.sku, input.quantity, input.now from locked join input on input.cart_id = locked.id
  where input.quantity <= input.max_quantity
    and (select count(*) from cart.cart_item other where other.cart_id = locked.id and other.sku <> input.sku) < ${MAX_LINES}
  on conflict (cart_id, sku) do update set quantity = ci.quantity + excluded.quantity
    where ci.quantity + excluded.quantity <= (select cap.max_quantity from input cap where cap.cart_id = excluded.cart_id)
  returning *
),
written as (${outboxInsertSql(
  sql`select input.event_id, 'cart.item_added', input.payload || jsonb_build_object('userId', locked.user_id, 'lineQuantity', line.quantity), locked.id
      from locked join input on input.cart_id = locked.id join line on line.cart_id = locked.id`,
)})
select input.i, row_to_json(locked) as cart, row_to_json(line) as line,
  case when locked.id is not null then (select json_agg(all_lines order by all_lines.added_at, all_lines.id) from (
    select * from line mine where mine.cart_id = locked.id
    union all select * from cart.cart_item kept where kept.cart_id = locked.id and kept.sku <> input.sku
  ) all_lines) end as lines
from input left join locked on locked.id = input.cart_id left join line on line.cart_id = input.cart_id`);

/** Add-to-cart: the fast path (one batched statement) and the transactional path. */
export class CartAdds {
  /**
   * The fast path's adds in flight together, run as one {@link addItemsAtOnce} statement per
   * batch (see {@link StatementBatcher}; one add alone, a second add to a cart already in the
   * batch, and each add of a batch statement that failed run as a statement of their own).
   * Resolves to the statement's answer for that add, undefined when the statement had no row for it.
   */
  private readonly adds: StatementBatcher<AtOnceAdd, AtOnceResult | undefined>;

  constructor(private readonly ctx: CartContext) {
    this.adds = new StatementBatcher({
      keyOf: (add) => add.cartId,
      run: (adds) => this.addTogether(adds),
      failed: (err, adds) => this.ctx.log.warn({ err, adds: adds.length }, 'batched add-to-cart statement failed: its adds run one by one'),
    });
  }

  /**
   * Adds `quantity` of `sku` (to its line when there is one). Publishes `cart.item_added`.
   * @throws 404 CART.SKU_NOT_FOUND, 409 CART.NOT_PURCHASABLE, 409 CART.CURRENCY_MISMATCH,
   *   409 INVENTORY.INSUFFICIENT_STOCK (line quantity > available), 409 CART.QUANTITY_LIMIT,
   *   409 CART.TOO_MANY_LINES, 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async addItem(id: string, access: CartAccess, input: AddItemBody): Promise<CartDto> {
    // The catalog first (it cannot be called inside a transaction); its verdict waits for the cart checks.
    const [found] = await this.ctx.deps.catalog.variantsBySku([input.sku]);
    if (found?.sku === input.sku && found.purchasable) {
      const added = await this.addItemAtOnce(id, access, found, input.quantity);
      if (added) return answer(this.ctx, added.row, added.items, new Map([[found.sku, found]]));
    }
    // Refused or contended: one transaction that checks in order and says exactly why.
    const { row, items, variant } = await this.ctx.database.transaction(async (tx) => {
      const locked = await lockForChange(tx, id, access, this.ctx.options.ttlDays);
      const v = found?.sku === input.sku ? found : undefined;
      if (!v) throw CartErrors.skuNotFound(input.sku);
      if (!v.purchasable) throw CartErrors.notPurchasable(v.sku);
      if (v.price.currency !== locked.currency) throw CartErrors.currencyMismatch(v.sku, locked.currency, v.price.currency);
      // One statement: add to the SKU's line (or create it), and read every line of the cart.
      const itemId = newId('item');
      const upserted = tx.$with('upserted').as(
        tx
          .insert(cartItem)
          .values({ id: itemId, cartId: id, sku: v.sku, quantity: input.quantity, addedAt: new Date() })
          .onConflictDoUpdate({ target: [cartItem.cartId, cartItem.sku], set: { quantity: sql`${cartItem.quantity} + excluded.quantity` } })
          .returning(),
      );
      const all = tx
        .select()
        .from(upserted)
        .unionAll(tx.select().from(cartItem).where(and(eq(cartItem.cartId, id), ne(cartItem.sku, v.sku))))
        .as('lines');
      const lines = await tx.with(upserted).select().from(all).orderBy(asc(all.addedAt), asc(all.id));
      const line = lines.find((l) => l.sku === v.sku)!;
      if (line.quantity > MAX_LINE_QUANTITY) throw CartErrors.quantityLimit(v.sku, MAX_LINE_QUANTITY);
      if (line.quantity > v.available) throw CartErrors.insufficientStock(v.sku, v.available, line.quantity);
      if (line.id === itemId && lines.length > MAX_LINES) throw CartErrors.tooManyLines(MAX_LINES);
      await publish(tx, 'cart.item_added', { cartId: id, userId: locked.userId, sku: v.sku, quantity: input.quantity, lineQuantity: line.quantity } satisfies CartEvents['cart.item_added'], id);
      return { row: locked, items: lines, variant: v };
    });
    return answer(this.ctx, row, items, new Map([[variant.sku, variant]]));
  }

  /**
   * The fast path of {@link addItem}: one statement, shared with the adds to other carts in flight
   * at the same time (see {@link adds}).
   * @returns the cart row and its lines after the change, or undefined when nothing was added
   *   (the caller falls back to the transaction, which answers or throws the right error).
   * @throws the database's error when this add's statement failed (run alone, see {@link adds}).
   */
  private async addItemAtOnce(id: string, access: CartAccess, v: VariantInfo, quantity: number): Promise<{ row: CartRow; items: ItemRow[] } | undefined> {
    const now = new Date();
    const result = await this.adds.run({
      cartId: id,
      now: now.toISOString(),
      expiredBefore: new Date(now.getTime() - this.ctx.options.ttlDays * DAY_MS).toISOString(),
      touchedBefore: new Date(now.getTime() - TOUCH_MS).toISOString(),
      currency: v.price.currency,
      tokenHash: access.token ? hashToken(access.token) : null,
      userId: access.userId,
      itemId: newId('item'),
      sku: v.sku,
      quantity,
      maxQuantity: Math.min(MAX_LINE_QUANTITY, Math.max(v.available, 0)),
      eventId: newId('evt'),
      payload: { cartId: id, sku: v.sku, quantity },
    });
    if (!result?.cart || !result.line) return undefined;
    return { row: rowFromJson(cart, result.cart), items: (result.lines ?? []).map((l) => rowFromJson(cartItem, l)) };
  }

  /**
   * Runs `adds` (1 or more, each to a different cart) in one statement, {@link addItemsAtOnce},
   * and tells the relay ({@link eventsWritten}) once if any of them wrote its line (and so its event).
   * @returns the answer of each add, in their order.
   * @throws the database's error: the statement is atomic, none of the adds took effect.
   */
  private async addTogether(adds: AtOnceAdd[]): Promise<(AtOnceResult | undefined)[]> {
    const items = adds.map((a, i) => ({
      i, cart_id: a.cartId, now: a.now, expired_before: a.expiredBefore, touched_before: a.touchedBefore, currency: a.currency, token_hash: a.tokenHash, user_id: a.userId,
      item_id: a.itemId, sku: a.sku, quantity: a.quantity, max_quantity: a.maxQuantity, event_id: a.eventId, payload: a.payload,
    }));
    const found = await addItemsAtOnce.run(this.ctx.database.db, { items: JSON.stringify(items) });
    const results = new Array<AtOnceResult | undefined>(adds.length);
    for (const row of found) results[row.i] = row;
    if (found.some((row) => row.line)) await eventsWritten(this.ctx.database.db);
    return results;
  }
}
