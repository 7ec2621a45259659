import { eq, sql } from 'drizzle-orm';
import { StatementBatcher } from '../../platform/db/batcher.js';
import type { Executor } from '../../platform/db/index.js';
import { rowFromJson } from '../../platform/db/index.js';
import type { AppError } from '../../platform/errors.js';
import { eventStatement } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import { expiredBefore, hashToken, TOUCH_MS } from './cart.access.js';
import type { CartAccess, CartDto } from './cart.contract.js';
import { CartErrors } from './cart.errors.js';
import type { CartEvents } from './cart.events.js';
import { answer } from './cart.pricing.js';
import { MAX_LINES, type AddItemBody } from './cart.schemas.js';
import type { CartContext, CartRow, ItemRow } from './cart.store.js';
import { cart, cartItem } from './db/schema.js';

const p = (name: string) => sql.placeholder(name);

/**
 * One add-to-cart, an item of {@link addItemsAtOnce}: the cart, who asks (`tokenHash` of the
 * guest token or `userId`), the catalog's facts about `sku` (`currency` of its price, null when
 * the catalog has no such SKU; `purchasable`; `available`, the quantity it can sell now), fresh
 * `itemId` and `eventId`, and `payload` the `cart.item_added` event without `userId` and
 * `lineQuantity`, which the statement adds from what it wrote. Times ISO 8601 UTC: `now`,
 * `expiredBefore` (a guest cart whose last activity is not after it has expired) and
 * `touchedBefore` (the cart's activity time moves on only when older, see {@link TOUCH_MS}).
 */
interface Add {
  cartId: string;
  now: string;
  expiredBefore: string;
  touchedBefore: string;
  tokenHash: string | null;
  userId: string | null;
  sku: string;
  /** Code of the site the add is made on: a cart of another site is not found there. */
  site: string;
  currency: string | null;
  purchasable: boolean;
  available: number;
  quantity: number;
  /** Units of the SKU the line may hold (the shop's `MAX_UNITS_PER_SKU`). */
  maxUnits: number;
  itemId: string;
  eventId: string;
  payload: Omit<CartEvents['cart.item_added'], 'userId' | 'lineQuantity'>;
}

/**
 * Why {@link addItemsAtOnce} added nothing, in the order the rules are checked: `not_found` (no
 * such cart, or the caller has neither its token nor its owner's sign-in), `expired` (guest cart
 * idle too long), `not_active`, `sku_not_found`, `not_purchasable`, `currency_mismatch` (the
 * price is in another currency than the cart), `quantity_limit` (the line would pass the
 * shop's units per SKU, `maxUnits`), `insufficient_stock` (the line would pass `available`),
 * `too_many_lines` (a new line past {@link MAX_LINES}); or `busy`: the cart was locked by another
 * transaction or changed since the statement's snapshot, so the statement could not decide.
 */
type Refusal =
  | 'not_found' | 'expired' | 'not_active' | 'sku_not_found' | 'not_purchasable' | 'currency_mismatch'
  | 'quantity_limit' | 'insufficient_stock' | 'too_many_lines' | 'busy';

/**
 * What {@link addItemsAtOnce} answers for one add (JSON rows, snake_case columns): the cart row
 * as locked and touched (null: not locked), the line as written (null: nothing added), every line
 * of the cart after it (null when the cart was not locked), and when nothing was added why
 * (`refused`), with the cart's `status` and `currency` and the line quantity the add asked for
 * (`requested`, for the line rules).
 */
type AddResult = {
  cart: Record<string, unknown> | null;
  line: Record<string, unknown> | null;
  lines: Record<string, unknown>[] | null;
  refused: Refusal | null;
  status: string | null;
  currency: string | null;
  requested: number | null;
};

/** The line quantity an add asks for: the quantity added plus the SKU's line (0 when none), as the statement reads it. */
const requested = sql`(input.quantity + coalesce((select held.quantity from cart.cart_item held where held.cart_id = input.cart_id and held.sku = input.sku), 0))`;

/**
 * Add-to-cart, the rules and the change in ONE statement for one or several carts: every add
 * runs it, in autocommit (the fast path, batched) or, for an add it answered `busy`, in a
 * transaction that first waits for the cart's row lock. `items` is a JSON array of {@link Add}
 * in snake_case plus `i`, its index; at most one item per cart (two for the same cart would hit
 * "ON CONFLICT DO UPDATE command cannot affect row a second time", and the second could not see
 * the first's line).
 *
 * Per item, in order: lock and touch the cart row (`UPDATE … RETURNING`) if the caller may change
 * it (guest token hash and not expired, or its user), it is active, the SKU is on sale in the
 * cart's currency, and the row has not changed since the statement's snapshot (`xmin` as read in
 * that snapshot: every change to a cart's lines also updates its row, so the lines this statement
 * reads are the latest); add to the SKU's line or create it, unless the line would pass its cap
 * (the least of the add's `maxUnits` and `available`) or a new line the cart's
 * {@link MAX_LINES}; write `cart.item_added` to the outbox. It answers one {@link AddResult} row
 * per item, with `i`. An add refused by a line rule still records its cart's activity.
 *
 * A cart row another transaction holds locked is skipped (`FOR UPDATE SKIP LOCKED`; a lock the
 * statement's own transaction holds does not count), not waited for: that item is answered
 * `busy`, as is one whose cart changed since the snapshot. So the
 * statement never waits on a row lock while holding others: it neither stalls its other items
 * behind one busy cart nor deadlocks with a batch in flight that locks the same carts in another
 * order. Rules are decided on the row as the snapshot has it; a row the statement could not lock
 * unchanged gets `busy`, except for a cart that does not exist.
 *
 * Carts are reached by key (`id = any(array(…))`), never by joining `input`, so that the planner,
 * which estimates `json_to_recordset` at 100 rows, never hashes a scan of every cart.
 */
const addItemsAtOnce = eventStatement<AddResult & { i: number }>((_db, outbox) => sql`
with given as (
  select * from json_to_recordset(${p('items')}::json) as r(
    i int, cart_id text, now timestamptz, expired_before timestamptz, touched_before timestamptz, token_hash text, user_id text,
    sku text, site text, currency text, purchasable boolean, available int, quantity int, max_units int, item_id text, event_id text, payload jsonb)
),
input as materialized (select given.*, least(given.max_units, greatest(given.available, 0)) as max_quantity from given),
seen as (
  select c.id, c.xmin, c.user_id, c.token_hash, c.status, c.currency, c.site, c.last_activity_at
  from cart.cart c where c.id = any(array(select cart_id from input))
),
claimed as materialized (select c.id, c.xmin from cart.cart c where c.id = any(array(select cart_id from input)) for update of c skip locked),
locked as (
  update cart.cart c set updated_at = input.now,
    last_activity_at = case when c.last_activity_at < input.touched_before then input.now else c.last_activity_at end
  from input join seen on seen.id = input.cart_id join claimed on claimed.id = input.cart_id
  where c.id = any(array(select id from claimed)) and c.id = input.cart_id and c.xmin = seen.xmin and c.status = 'active'
    and input.purchasable and c.currency = input.currency and c.site = input.site
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
written as (${outbox.insert(
  sql`select input.event_id, 'cart.item_added', input.payload || jsonb_build_object('userId', locked.user_id, 'lineQuantity', line.quantity), locked.id
      from locked join input on input.cart_id = locked.id join line on line.cart_id = locked.id`,
)})
select input.i, row_to_json(locked) as cart, row_to_json(line) as line,
  case when locked.id is not null then (select json_agg(all_lines order by all_lines.added_at, all_lines.id) from (
    select * from line mine where mine.cart_id = locked.id
    union all select * from cart.cart_item kept where kept.cart_id = locked.id and kept.sku <> input.sku
  ) all_lines) end as lines,
  case
    when line.id is not null then null
    when seen.id is null then 'not_found'
    when claimed.id is null or not (claimed.xmin = seen.xmin) then 'busy'
    when case when seen.user_id is null then seen.token_hash is distinct from input.token_hash else seen.user_id is distinct from input.user_id end then 'not_found'
    when seen.site <> input.site then 'not_found'
    when seen.user_id is null and seen.last_activity_at <= input.expired_before then 'expired'
    when seen.status <> 'active' then 'not_active'
    when input.currency is null then 'sku_not_found'
    when not input.purchasable then 'not_purchasable'
    when seen.currency <> input.currency then 'currency_mismatch'
    when locked.id is null then 'busy'
    when ${requested} > input.max_units then 'quantity_limit'
    when ${requested} > input.available then 'insufficient_stock'
    else 'too_many_lines' end as refused,
  seen.status, seen.currency,
  case when line.id is null and locked.id is not null then ${requested} end as requested
from input left join seen on seen.id = input.cart_id left join claimed on claimed.id = input.cart_id
  left join locked on locked.id = input.cart_id left join line on line.cart_id = input.cart_id`, (rows) => rows.some((r) => r.line !== null));

/**
 * Add-to-cart. Every add is one run of {@link addItemsAtOnce}, the statement that holds the add's
 * rules (access, expiry, status, SKU on sale, currency, line cap, lines per cart); this class
 * only turns its answer into the cart or the error.
 */
export class CartAdds {
  /**
   * The autocommit adds in flight together, run as one {@link addItemsAtOnce} statement per
   * batch (see {@link StatementBatcher}; one add alone, a second add to a cart already in the
   * batch, and each add of a batch statement that failed run as a statement of their own).
   * Resolves to the statement's answer for that add, undefined when the statement had no row for it.
   */
  private readonly adds: StatementBatcher<Add, AddResult | undefined>;

  constructor(private readonly ctx: CartContext) {
    this.adds = new StatementBatcher({
      keyOf: (add) => add.cartId,
      run: (adds) => this.addTogether(this.ctx.database.db, adds),
      failed: (err, adds) => this.ctx.log.warn({ err, adds: adds.length }, 'batched add-to-cart statement failed: its adds run one by one'),
    });
  }

  /**
   * Adds `quantity` of `sku` (to its line when there is one). Publishes `cart.item_added`. The
   * catalog is asked first (it cannot be called inside a transaction); the add then runs in
   * autocommit, batched, and, when the cart was busy, again in a transaction that waits for it.
   * @throws 404 CART.NOT_FOUND / CART.EXPIRED, 409 CART.NOT_ACTIVE, 404 CART.SKU_NOT_FOUND,
   *   409 CART.NOT_PURCHASABLE, 409 CART.CURRENCY_MISMATCH, 422 CART.QUANTITY_LIMIT,
   *   409 INVENTORY.INSUFFICIENT_STOCK (line quantity > available), 409 CART.TOO_MANY_LINES, in
   *   this order; the database's error when the add's statement failed.
   */
  async addItem(id: string, access: CartAccess, input: AddItemBody, site = 'default'): Promise<CartDto> {
    // Only a SKU the site sells is known here: another site's SKU is answered 404 CART.SKU_NOT_FOUND.
    const [found] = await this.ctx.deps.catalog.variantsBySku([input.sku], undefined, site);
    const v = found?.sku === input.sku ? found : undefined;
    const now = new Date();
    const add: Add = {
      cartId: id,
      now: now.toISOString(),
      expiredBefore: expiredBefore(now, this.ctx.options.ttlDays),
      touchedBefore: new Date(now.getTime() - TOUCH_MS).toISOString(),
      tokenHash: access.token ? hashToken(access.token) : null,
      userId: access.userId,
      sku: input.sku,
      site,
      currency: v?.price.currency ?? null,
      purchasable: v?.purchasable ?? false,
      available: v?.available ?? 0,
      quantity: input.quantity,
      maxUnits: this.ctx.options.maxUnitsPerSku,
      itemId: newId('item'),
      eventId: newId('evt'),
      payload: { cartId: id, sku: input.sku, quantity: input.quantity },
    };
    const fast = await this.adds.run(add);
    const added = fast && fast.refused !== 'busy' ? this.outcome(add, fast) : await this.addWaiting(add);
    return answer(this.ctx, added.row, added.items, v ? new Map([[v.sku, v]]) : undefined);
  }

  /**
   * `add` in a transaction that first waits for its cart's row lock, so that the statement sees
   * the cart as it is and decides. A refusal rolls back the activity it recorded.
   * @throws the refusal's error (see {@link outcome}).
   */
  private addWaiting(add: Add): Promise<{ row: CartRow; items: ItemRow[] }> {
    return this.ctx.database.transaction(async (tx) => {
      await tx.select({ id: cart.id }).from(cart).where(eq(cart.id, add.cartId)).for('update');
      const [result] = await this.addTogether(tx, [add]);
      if (!result || result.refused === 'busy') throw new Error(`add-to-cart statement undecided on ${add.cartId} while holding its lock`);
      return this.outcome(add, result);
    });
  }

  /**
   * The cart row and its lines after `add`, from the statement's `result`.
   * @throws the error of the rule `result` says the add broke (see {@link Refusal}).
   */
  private outcome(add: Add, result: AddResult): { row: CartRow; items: ItemRow[] } {
    if (result.refused) throw this.refusalError(add, result);
    return { row: rowFromJson(cart, result.cart!), items: (result.lines ?? []).map((l) => rowFromJson(cartItem, l)) };
  }

  /** The API error of a refused `add`. */
  private refusalError(add: Add, result: AddResult): AppError {
    switch (result.refused) {
      case 'not_found':
        return CartErrors.notFound();
      case 'expired':
        return CartErrors.expired(this.ctx.options.ttlDays);
      case 'not_active':
        return CartErrors.notActive(result.status ?? 'gone');
      case 'sku_not_found':
        return CartErrors.skuNotFound(add.sku);
      case 'not_purchasable':
        return CartErrors.notPurchasable(add.sku);
      case 'currency_mismatch':
        return CartErrors.currencyMismatch(add.sku, result.currency ?? '', add.currency ?? '');
      case 'quantity_limit':
        return CartErrors.quantityLimit(add.sku, add.maxUnits, result.requested ?? add.quantity);
      case 'insufficient_stock':
        return CartErrors.insufficientStock(add.sku, add.available, result.requested ?? add.quantity);
      default:
        return CartErrors.tooManyLines(MAX_LINES);
    }
  }

  /**
   * Runs `adds` (1 or more, each to a different cart) in one statement, {@link addItemsAtOnce},
   * in `exec` (the statement wakes the relay for the `cart.item_added` events it writes).
   * @returns the answer of each add, in their order.
   * @throws the database's error: the statement is atomic, none of the adds took effect.
   */
  private async addTogether(exec: Executor, adds: Add[]): Promise<(AddResult | undefined)[]> {
    const items = adds.map((a, i) => ({
      i, cart_id: a.cartId, now: a.now, expired_before: a.expiredBefore, touched_before: a.touchedBefore, token_hash: a.tokenHash, user_id: a.userId,
      sku: a.sku, site: a.site, currency: a.currency, purchasable: a.purchasable, available: a.available, quantity: a.quantity, max_units: a.maxUnits, item_id: a.itemId, event_id: a.eventId,
      payload: a.payload,
    }));
    const found = await addItemsAtOnce.run(exec, { items: JSON.stringify(items) });
    const results = new Array<AddResult | undefined>(adds.length);
    for (const row of found) results[row.i] = row;
    return results;
  }
}
