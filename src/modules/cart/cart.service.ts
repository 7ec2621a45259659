import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { pgErrorCode, prepared, rowFromJson } from '../../platform/db/index.js';
import { eventStatement, publish, publishMany } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { CatalogContract, VariantInfo } from '../catalog/index.js';
import type { PromotionEvaluation, PromotionsContract } from '../promotions/index.js';
import type { CartAccess, CartDto, CartLineDto, CheckoutQuote, Money, ShippingMethodDto } from './cart.contract.js';
import { StatementBatcher } from './cart.batch.js';
import { CartErrors } from './cart.errors.js';
import type { CartEvents } from './cart.events.js';
import { MAX_LINE_QUANTITY, MAX_LINES, type AddItemBody, type UpdateCartBody } from './cart.schemas.js';
import { cart, cartItem } from './db/schema.js';
import { isCountryCode } from './domain/countries.js';
import { priceCart, shippingPriceOf, subtotalOf, type PricedCart, type PricingLineInput, type PromotionOutcome } from './domain/pricing.js';
import { SHIPPING_CONFIG, shippingMethodsFor } from './domain/shipping.js';

type CartRow = typeof cart.$inferSelect;
type ItemRow = typeof cartItem.$inferSelect;
/** Cart columns a change may set in the statement that locks the cart (see `lockForChange`). */
type CartChange = Partial<Pick<typeof cart.$inferInsert, 'country' | 'shippingMethodId' | 'promotionCode'>>;
/** What the checkout prices a cart for (see {@link CartContract.quoteForCheckout}). */
type QuoteInput = { country: string; shippingMethodId: string; customerKey: string | null };

/** What the cart service depends on: other modules' contracts. */
export interface CartDeps {
  catalog: CatalogContract;
  promotions: PromotionsContract;
}

/** Tuning of the cart service. */
export interface CartOptions {
  /** Guest carts expire after this many days without activity (0: at once, for tests). */
  ttlDays: number;
}

const DAY_MS = 86_400_000;
/**
 * A cart's activity time is moved on at most this often (ms): a read then is not always a write,
 * and the fast-path adds leave the indexed column as it is, so PostgreSQL updates the cart row
 * in place (HOT: no new index entries). Expiry is at most this much early.
 */
const TOUCH_MS = 60_000;
/** Expired carts deleted per cleanup transaction. */
const CLEANUP_BATCH = 500;

/** The currency carts are priced in: the shop's (shipping prices are configured in it). */
export const CART_CURRENCY = SHIPPING_CONFIG.currency;

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const money = (amount: number, currency: string): Money => ({ amount, currency });

/** Constant-time comparison of a presented token with a stored SHA-256 hex hash. */
function tokenMatches(token: string | null, storedHash: string | null): boolean {
  if (!token || !storedHash) return false;
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

const p = (name: string) => sql.placeholder(name);

/** The cart `id` joined to its lines (one row per line, or one with a null item), lines in the order added. */
const cartWithItems = prepared((db) =>
  db
    .select({ cart, item: cartItem })
    .from(cart)
    .leftJoin(cartItem, eq(cartItem.cartId, cart.id))
    .where(eq(cart.id, p('id')))
    .orderBy(asc(cartItem.addedAt), asc(cartItem.id)),
);

/** A new active cart in {@link CART_CURRENCY} (`id`, `userId` or `tokenHash`, `now`) and its `cart.created` event. */
const insertCart = eventStatement<{ id: string }>((db, outbox) => {
  const insert = db
    .insert(cart)
    .values({ id: p('id'), userId: p('userId'), tokenHash: p('tokenHash'), status: 'active', currency: CART_CURRENCY, lastActivityAt: p('now'), createdAt: p('now'), updatedAt: p('now') })
    .returning({ id: cart.id });
  return sql`with created as (${insert.getSQL()}), written as (${outbox.events()}) select id from created`;
});

/**
 * active → ordered for the cart `cartId` (with `orderId`, at `now`) and its `cart.ordered` event
 * (`eventId`; `payload` JSON without the userId, added from the row), in one statement; no row
 * (and no event) in any other status.
 */
const markCartOrdered = eventStatement<{ user_id: string | null }>((db, outbox) => {
  const done = db
    .update(cart)
    .set({ status: 'ordered', orderId: sql`${p('orderId')}`, updatedAt: sql`${p('now')}::timestamptz` })
    .where(and(eq(cart.id, p('cartId')), eq(cart.status, 'active')))
    .returning({ id: cart.id, userId: cart.userId });
  const event = sql`select ${p('eventId')}, 'cart.ordered', ${p('payload')}::jsonb || jsonb_build_object('userId', done.user_id), done.id from done`;
  return sql`with done as (${done.getSQL()}), written as (${outbox.insert(event)}) select user_id from done`;
});

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
const addItemsAtOnce = eventStatement<AtOnceResult & { i: number }>((_db, outbox) => sql`
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
written as (${outbox.insert(
  sql`select input.event_id, 'cart.item_added', input.payload || jsonb_build_object('userId', locked.user_id, 'lineQuantity', line.quantity), locked.id
      from locked join input on input.cart_id = locked.id join line on line.cart_id = locked.id`,
)})
select input.i, row_to_json(locked) as cart, row_to_json(line) as line,
  case when locked.id is not null then (select json_agg(all_lines order by all_lines.added_at, all_lines.id) from (
    select * from line mine where mine.cart_id = locked.id
    union all select * from cart.cart_item kept where kept.cart_id = locked.id and kept.sku <> input.sku
  ) all_lines) end as lines
from input left join locked on locked.id = input.cart_id left join line on line.cart_id = input.cart_id`);

/**
 * Cart domain logic: guest and customer carts, lines, destination and shipping method,
 * promotion code, merge at login, checkout pricing and expiry of idle guest carts.
 *
 * Carts store SKUs and quantities only; every answer is priced from the catalog at that moment
 * (`catalog.variantsBySku`) and the promotion re-evaluated (`promotions.evaluate`). Writes start
 * with one statement that locks the cart row and records the activity (`UPDATE … RETURNING`), so
 * changes to one cart are serialised, and publish their events in the same transaction; their
 * answer is built from the rows read in that transaction (no re-read). Other modules are never
 * called inside a transaction (they use their own connection; on PGlite that would wait for this
 * transaction forever): the catalog is asked before it, and after it only for SKUs not yet known.
 */
export class CartService {
  /**
   * The fast path's adds in flight together, run as one {@link addItemsAtOnce} statement per
   * batch (see {@link StatementBatcher}; one add alone, a second add to a cart already in the
   * batch, and each add of a batch statement that failed run as a statement of their own).
   * Resolves to the statement's answer for that add, undefined when the statement had no row for it.
   */
  private readonly adds: StatementBatcher<AtOnceAdd, AtOnceResult | undefined>;

  constructor(
    private readonly database: Database,
    private readonly deps: CartDeps,
    private readonly options: CartOptions,
    private readonly log: Logger,
  ) {
    this.adds = new StatementBatcher({
      keyOf: (add) => add.cartId,
      run: (adds) => this.addTogether(adds),
      failed: (err, adds) => this.log.warn({ err, adds: adds.length }, 'batched add-to-cart statement failed: its adds run one by one'),
    });
  }

  private get db() {
    return this.database.db;
  }

  // ------------------------------------------------------------------ access

  private async findCart(exec: Executor, id: string, lock = false): Promise<CartRow | undefined> {
    const query = exec.select().from(cart).where(eq(cart.id, id)).limit(1);
    const [row] = lock ? await query.for('update') : await query;
    return row;
  }

  /** The lines of `cartId` in the order they were added. */
  private async items(exec: Executor, cartId: string): Promise<ItemRow[]> {
    return exec.select().from(cartItem).where(eq(cartItem.cartId, cartId)).orderBy(asc(cartItem.addedAt), asc(cartItem.id));
  }

  /** The cart `id` with its lines (in the order they were added), in one query; undefined when there is no such cart. */
  private async load(exec: Executor, id: string): Promise<{ row: CartRow; items: ItemRow[] } | undefined> {
    const found = await cartWithItems.run(exec, { id });
    const first = found[0];
    if (!first) return undefined;
    return { row: first.cart, items: found.flatMap((f) => (f.item ? [f.item] : [])) };
  }

  private expiresAt(row: CartRow): Date | null {
    if (row.userId !== null) return null;
    return new Date(new Date(row.lastActivityAt).getTime() + this.options.ttlDays * DAY_MS);
  }

  private isExpired(row: CartRow, now: number): boolean {
    const at = this.expiresAt(row);
    return at !== null && at.getTime() <= now;
  }

  /**
   * Checks `access` to `row`: a customer cart needs its owner's sign-in, a guest cart its token.
   * @throws 404 CART.NOT_FOUND (no access; existence not revealed), 404 CART.EXPIRED (guest cart idle too long).
   */
  private checkAccess(row: CartRow | undefined, access: CartAccess, now = Date.now()): CartRow {
    if (!row) throw CartErrors.notFound();
    if (row.userId !== null) {
      if (access.userId !== row.userId) throw CartErrors.notFound();
      return row;
    }
    if (!tokenMatches(access.token, row.tokenHash)) throw CartErrors.notFound();
    if (this.isExpired(row, now)) throw CartErrors.expired(this.options.ttlDays);
    return row;
  }

  /**
   * The cart `id` and its lines (one query) if `access` may see it (no lock: for reads and for
   * checks before a transaction). @throws 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  private async accessible(id: string, access: CartAccess): Promise<{ row: CartRow; items: ItemRow[] }> {
    const found = await this.load(this.db, id);
    if (!found) throw CartErrors.notFound();
    this.checkAccess(found.row, access);
    return found;
  }

  /**
   * Locks the cart `id` inside `tx` and records the activity, in one statement (`UPDATE …
   * RETURNING` row-locks it until `tx` ends) that also applies `set`, then checks access and
   * status on the row it returns. Throwing (here or later in `tx`) rolls all of it back. An expired
   * guest cart keeps its activity time, so the check still sees it expired.
   * @returns the cart row as changed.
   * @throws 404 CART.NOT_FOUND / CART.EXPIRED, 409 CART.NOT_ACTIVE.
   */
  private async lockForChange(tx: Tx, id: string, access: CartAccess, set: CartChange = {}): Promise<CartRow> {
    const now = new Date();
    const expiredBefore = new Date(now.getTime() - this.options.ttlDays * DAY_MS).toISOString();
    const [row] = await tx
      .update(cart)
      .set({
        ...set,
        lastActivityAt: sql`case when ${cart.userId} is null and ${cart.lastActivityAt} <= ${expiredBefore}::timestamptz then ${cart.lastActivityAt} else ${now.toISOString()}::timestamptz end`,
        updatedAt: now,
      })
      .where(eq(cart.id, id))
      .returning();
    const locked = this.checkAccess(row, access, now.getTime());
    if (locked.status !== 'active') throw CartErrors.notActive(locked.status);
    return locked;
  }

  /**
   * Runs `change` on the cart `id` in one transaction: the cart row locked, touched and checked
   * (with `set` applied, see {@link lockForChange}), then `change`, then the lines are read.
   * @returns the cart row as locked (changes `change` makes to it are not in it), the lines
   *   after `change`, and what `change` returns.
   * @throws 404 CART.NOT_FOUND / CART.EXPIRED, 409 CART.NOT_ACTIVE, and whatever `change` throws.
   */
  private async mutate<T>(
    id: string,
    access: CartAccess,
    change: (tx: Tx, row: CartRow) => Promise<T>,
    set: CartChange = {},
  ): Promise<{ row: CartRow; items: ItemRow[]; result: T }> {
    return this.database.transaction(async (tx) => {
      const row = await this.lockForChange(tx, id, access, set);
      const result = await change(tx, row);
      return { row, items: await this.items(tx, id), result };
    });
  }

  // ------------------------------------------------------------------ pricing

  /**
   * The catalog's variants of `skus` (unknown SKUs are absent), taking those of `known` as they
   * are and asking the catalog (one call) only for the others.
   */
  private async variants(skus: string[], known?: Map<string, VariantInfo>): Promise<Map<string, VariantInfo>> {
    const found = new Map(known);
    const missing = [...new Set(skus)].filter((sku) => !found.has(sku));
    if (missing.length > 0) for (const v of await this.deps.catalog.variantsBySku(missing)) found.set(v.sku, v);
    return found;
  }

  private pricingLines(row: CartRow, items: { sku: string; quantity: number }[], variants: Map<string, VariantInfo>): PricingLineInput[] {
    return items.map((i) => {
      const v = variants.get(i.sku);
      const counted = !!v && v.price.currency === row.currency;
      return { sku: i.sku, quantity: i.quantity, unitPrice: counted ? v.price.amount : 0, counted };
    });
  }

  /** Evaluates `code` against the priced lines (subtotal before discount, shipping before any waiver). */
  private evaluate(
    code: string,
    row: Pick<CartRow, 'currency'>,
    lines: PricingLineInput[],
    variants: Map<string, VariantInfo>,
    destination: { country: string | null; shippingMethodId: string | null },
    customerKey: string | null,
  ): Promise<PromotionEvaluation> {
    return this.deps.promotions.evaluate({
      code,
      currency: row.currency,
      subtotal: subtotalOf(lines),
      shipping: row.currency === SHIPPING_CONFIG.currency ? shippingPriceOf(destination.country, destination.shippingMethodId) : 0,
      lines: lines.filter((l) => l.counted).map((l) => ({ sku: l.sku, categoryIds: variants.get(l.sku)?.categoryIds ?? [], lineTotal: l.unitPrice * l.quantity })),
      customerKey,
    });
  }

  private static outcome(evaluation: PromotionEvaluation | null): PromotionOutcome | null {
    if (!evaluation?.valid) return null;
    return { type: evaluation.type, discount: evaluation.discount, freeShipping: evaluation.freeShipping, lineDiscounts: evaluation.lineDiscounts };
  }

  /**
   * Prices `row` with its `items`, optionally with another promotion code (`validate`), reusing
   * the `known` variants.
   */
  private async priced(row: CartRow, items: ItemRow[], code: string | null = row.promotionCode, known?: Map<string, VariantInfo>) {
    const variants = await this.variants(items.map((i) => i.sku), known);
    const lines = this.pricingLines(row, items, variants);
    const destination = { country: row.country, shippingMethodId: row.currency === SHIPPING_CONFIG.currency ? row.shippingMethodId : null };
    const evaluation = code ? await this.evaluate(code, row, lines, variants, destination, row.userId) : null;
    const pricing = priceCart({ lines, ...destination, promotion: CartService.outcome(evaluation) });
    return { variants, pricing, evaluation };
  }

  private toDto(row: CartRow, items: ItemRow[], variants: Map<string, VariantInfo>, pricing: PricedCart, evaluation: PromotionEvaluation | null): CartDto {
    const c = row.currency;
    const lines: CartLineDto[] = items.map((item, i) => {
      const v = variants.get(item.sku);
      const p = pricing.lines[i]!;
      const priceCurrency = v?.price.currency ?? c;
      const unitPrice = v ? v.price.amount : 0;
      const available = Math.max(v?.available ?? 0, 0);
      return {
        id: item.id,
        sku: item.sku,
        title: v?.title ?? item.sku,
        slug: v?.slug ?? '',
        quantity: item.quantity,
        unitPrice: money(unitPrice, priceCurrency),
        lineTotal: money(unitPrice * item.quantity, priceCurrency),
        discount: money(p.discount, c),
        available,
        insufficientStock: item.quantity > available,
        purchasable: !!v && v.purchasable && priceCurrency === c,
      };
    });
    const expiresAt = row.status === 'active' ? this.expiresAt(row) : null;
    return {
      id: row.id,
      status: row.status,
      currency: c,
      customerId: row.userId,
      lines,
      promotion: row.promotionCode
        ? evaluation && !evaluation.valid
          ? { code: row.promotionCode, valid: false, reason: evaluation.reason }
          : { code: row.promotionCode, valid: true }
        : null,
      shippingMethod: pricing.shippingMethod ? { id: pricing.shippingMethod.id, name: pricing.shippingMethod.name, price: money(pricing.shippingMethod.price, c) } : null,
      country: row.country,
      totals: {
        subtotal: money(pricing.subtotal, c),
        discount: money(pricing.discount, c),
        shipping: money(pricing.shipping, c),
        tax: money(pricing.tax, c),
        total: money(pricing.total, c),
      },
      itemCount: items.reduce((s, i) => s + i.quantity, 0),
      expiresAt: expiresAt ? expiresAt.toISOString() : null,
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }

  /** `row` with its `items`, priced now (the catalog asked only for SKUs `known` lacks). */
  private async answer(row: CartRow, items: ItemRow[], known?: Map<string, VariantInfo>): Promise<CartDto> {
    const { variants, pricing, evaluation } = await this.priced(row, items, row.promotionCode, known);
    return this.toDto(row, items, variants, pricing, evaluation);
  }

  /** The cart `id` as it is now, priced (no access check: callers did it). */
  private async view(id: string): Promise<CartDto> {
    const found = await this.load(this.db, id);
    if (!found) throw CartErrors.notFound();
    return this.answer(found.row, found.items);
  }

  // ------------------------------------------------------------------ carts

  /**
   * Creates a cart in {@link CART_CURRENCY}: a customer cart for `userId` (or their active cart
   * when they have one: `created` false), else a guest cart with a fresh random token (256 bits,
   * base64url) returned here only; its SHA-256 is stored. Publishes `cart.created`.
   */
  async create(userId: string | null): Promise<{ cart: CartDto; token: string | null; created: boolean }> {
    if (userId) {
      const existing = await this.activeCartOf(this.db, userId);
      if (existing) return { cart: await this.view(existing.id), token: null, created: false };
    }
    const token = userId ? null : randomBytes(32).toString('base64url');
    const id = newId('cart');
    const now = new Date();
    const created: CartRow = {
      id, userId, tokenHash: token ? hashToken(token) : null, status: 'active', currency: CART_CURRENCY, promotionCode: null, country: null,
      shippingMethodId: null, orderId: null, lastActivityAt: now, createdAt: now, updatedAt: now,
    };
    try {
      // The row and its event in one statement (no transaction round trips).
      await insertCart.run(this.db, { id, userId, tokenHash: created.tokenHash, now }, [
        { type: 'cart.created', payload: { cartId: id, userId, currency: CART_CURRENCY }, aggregateId: id },
      ]);
    } catch (err) {
      // A concurrent request created this user's cart first: answer that one.
      if (userId && pgErrorCode(err)?.code === '23505') {
        const existing = await this.activeCartOf(this.db, userId);
        if (existing) return { cart: await this.view(existing.id), token: null, created: false };
      }
      throw err;
    }
    // A new cart has no lines: its answer needs neither a re-read nor the catalog.
    return { cart: await this.answer(created, []), token, created: true };
  }

  private async activeCartOf(exec: Executor, userId: string): Promise<CartRow | undefined> {
    const [row] = await exec.select().from(cart).where(and(eq(cart.userId, userId), eq(cart.status, 'active'))).limit(1);
    return row;
  }

  /**
   * The cart, priced now. Reading counts as activity for a guest cart (refreshed at most once a minute).
   * @throws 404 CART.NOT_FOUND, 404 CART.EXPIRED.
   */
  async get(id: string, access: CartAccess): Promise<CartDto> {
    const { row, items } = await this.accessible(id, access);
    if (row.userId === null && row.status === 'active' && Date.now() - new Date(row.lastActivityAt).getTime() > TOUCH_MS) {
      const [touched] = await this.db.update(cart).set({ lastActivityAt: new Date() }).where(and(eq(cart.id, id), eq(cart.status, 'active'))).returning();
      return this.answer(touched ?? row, items);
    }
    return this.answer(row, items);
  }

  /**
   * Adds `quantity` of `sku` (to its line when there is one). Publishes `cart.item_added`.
   * @throws 404 CART.SKU_NOT_FOUND, 409 CART.NOT_PURCHASABLE, 409 CART.CURRENCY_MISMATCH,
   *   409 INVENTORY.INSUFFICIENT_STOCK (line quantity > available), 409 CART.QUANTITY_LIMIT,
   *   409 CART.TOO_MANY_LINES, 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async addItem(id: string, access: CartAccess, input: AddItemBody): Promise<CartDto> {
    // The catalog first (it cannot be called inside a transaction); its verdict waits for the cart checks.
    const [found] = await this.deps.catalog.variantsBySku([input.sku]);
    if (found?.sku === input.sku && found.purchasable) {
      const added = await this.addItemAtOnce(id, access, found, input.quantity);
      if (added) return this.answer(added.row, added.items, new Map([[found.sku, found]]));
    }
    // Refused or contended: one transaction that checks in order and says exactly why.
    const { row, items, variant } = await this.database.transaction(async (tx) => {
      const locked = await this.lockForChange(tx, id, access);
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
      await publish(tx, 'cart.item_added', { cartId: id, userId: locked.userId, sku: v.sku, quantity: input.quantity, lineQuantity: line.quantity }, id);
      return { row: locked, items: lines, variant: v };
    });
    return this.answer(row, items, new Map([[variant.sku, variant]]));
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
      expiredBefore: new Date(now.getTime() - this.options.ttlDays * DAY_MS).toISOString(),
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
   * (which tells the relay of the events it wrote).
   * @returns the answer of each add, in their order.
   * @throws the database's error: the statement is atomic, none of the adds took effect.
   */
  private async addTogether(adds: AtOnceAdd[]): Promise<(AtOnceResult | undefined)[]> {
    const items = adds.map((a, i) => ({
      i, cart_id: a.cartId, now: a.now, expired_before: a.expiredBefore, touched_before: a.touchedBefore, currency: a.currency, token_hash: a.tokenHash, user_id: a.userId,
      item_id: a.itemId, sku: a.sku, quantity: a.quantity, max_quantity: a.maxQuantity, event_id: a.eventId, payload: a.payload,
    }));
    const found = await addItemsAtOnce.run(this.db, { items: JSON.stringify(items) });
    const results = new Array<AtOnceResult | undefined>(adds.length);
    for (const row of found) results[row.i] = row;
    return results;
  }

  /**
   * Sets the quantity of line `itemId`. Publishes `cart.item_updated`.
   * @throws 404 CART.ITEM_NOT_FOUND, 409 INVENTORY.INSUFFICIENT_STOCK (more than available; a
   *   lower quantity is always accepted), 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async updateItem(id: string, access: CartAccess, itemId: string, quantity: number): Promise<CartDto> {
    const before = await this.accessible(id, access);
    if (before.row.status !== 'active') throw CartErrors.notActive(before.row.status);
    if (!before.items.some((i) => i.id === itemId)) throw CartErrors.itemNotFound(itemId);
    // One catalog call before the transaction: availability for a larger quantity, and the answer.
    const variants = await this.variants(before.items.map((i) => i.sku));
    const { row, items } = await this.database.transaction(async (tx) => {
      const locked = await this.lockForChange(tx, id, access);
      const lines = await this.items(tx, id);
      const current = lines.find((i) => i.id === itemId);
      if (!current) throw CartErrors.itemNotFound(itemId);
      if (quantity > current.quantity) {
        const available = variants.get(current.sku)?.available ?? 0;
        if (quantity > available) throw CartErrors.insufficientStock(current.sku, available, quantity);
      }
      await tx.update(cartItem).set({ quantity }).where(eq(cartItem.id, itemId));
      await publish(tx, 'cart.item_updated', { cartId: id, userId: locked.userId, sku: current.sku, previousQuantity: current.quantity, quantity }, id);
      return { row: locked, items: lines.map((i) => (i.id === itemId ? { ...i, quantity } : i)) };
    });
    return this.answer(row, items, variants);
  }

  /**
   * Removes line `itemId`. Publishes `cart.item_removed`.
   * @throws 404 CART.ITEM_NOT_FOUND, 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async removeItem(id: string, access: CartAccess, itemId: string): Promise<CartDto> {
    const { row, items } = await this.mutate(id, access, async (tx, locked) => {
      const [removed] = await tx.delete(cartItem).where(and(eq(cartItem.id, itemId), eq(cartItem.cartId, id))).returning();
      if (!removed) throw CartErrors.itemNotFound(itemId);
      await publish(tx, 'cart.item_removed', { cartId: id, userId: locked.userId, sku: removed.sku, quantity: removed.quantity }, id);
    });
    return this.answer(row, items);
  }

  /**
   * Sets the destination and/or the shipping method (`null` clears). A new country that the
   * chosen method does not serve clears the method.
   * @throws 400 VALIDATION.FAILED (unknown country), 409 CART.COUNTRY_REQUIRED (method without
   *   a destination), 409 CART.SHIPPING_UNAVAILABLE (method not offered there, or free-standard
   *   below its threshold), 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async update(id: string, access: CartAccess, input: UpdateCartBody): Promise<CartDto> {
    if (input.country && !isCountryCode(input.country)) throw CartErrors.unknownCountry(input.country, 'body/country');
    const { row, items: before } = await this.accessible(id, access);
    if (row.status !== 'active') throw CartErrors.notActive(row.status);
    let variants: Map<string, VariantInfo> | undefined;
    const country = input.country !== undefined ? input.country : row.country;
    // Clearing the destination clears the method chosen for it.
    let methodId = input.shippingMethodId !== undefined ? input.shippingMethodId : country === null ? null : row.shippingMethodId;
    if (methodId) {
      if (!country) throw CartErrors.countryRequired();
      const offered = shippingMethodsFor(country).find((m) => m.id === methodId);
      if (input.shippingMethodId) {
        if (!offered) throw CartErrors.shippingUnavailable(methodId, country);
        if (offered.minSubtotal !== null) {
          // The threshold applies to the subtotal after discount: price the cart to know it.
          const { pricing, variants: known } = await this.priced({ ...row, country, shippingMethodId: null }, before);
          variants = known; // reused for the answer
          if (pricing.subtotal - pricing.discount < offered.minSubtotal) {
            throw CartErrors.shippingUnavailable(methodId, country, money(offered.minSubtotal, SHIPPING_CONFIG.currency));
          }
        }
      } else if (!offered) {
        methodId = null; // the new destination is not served by the method chosen before
      }
    }
    const { row: changed, items } = await this.mutate(id, access, async () => undefined, { country, shippingMethodId: methodId });
    return this.answer(changed, items, variants);
  }

  // ------------------------------------------------------------------ promotions

  /**
   * Applies a promotion code to the cart (re-checked on every read and at checkout). Publishes
   * `cart.promotion_changed`.
   * @throws 409 PROMOTIONS.INVALID with `reason` when it does not apply now, 409 CART.NOT_ACTIVE,
   *   404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async applyPromotion(id: string, access: CartAccess, code: string): Promise<CartDto> {
    const { row, items: before } = await this.accessible(id, access);
    if (row.status !== 'active') throw CartErrors.notActive(row.status);
    const { evaluation, variants } = await this.priced(row, before, code);
    if (!evaluation?.valid) throw CartErrors.promotionInvalid(code.trim(), evaluation?.valid === false ? evaluation.reason : 'NOT_FOUND');
    const { row: changed, items } = await this.mutate(
      id,
      access,
      async (tx, locked) => {
        await publish(tx, 'cart.promotion_changed', { cartId: id, userId: locked.userId, code: evaluation.code }, id);
      },
      { promotionCode: evaluation.code },
    );
    return this.answer(changed, items, variants);
  }

  /** Removes the cart's promotion code (no-op without one). @throws 409 CART.NOT_ACTIVE, 404 CART.NOT_FOUND / CART.EXPIRED. */
  async removePromotion(id: string, access: CartAccess): Promise<CartDto> {
    const { row, items } = await this.mutate(id, access, async (tx, locked) => {
      if (locked.promotionCode === null) return;
      await tx.update(cart).set({ promotionCode: null }).where(eq(cart.id, id));
      await publish(tx, 'cart.promotion_changed', { cartId: id, userId: locked.userId, code: null }, id);
    });
    return this.answer({ ...row, promotionCode: null }, items);
  }

  /**
   * Would `code` apply to the cart `cartId`? Changes nothing. When valid: what it takes off
   * (merchandise discount plus any shipping it waives) and the cart total with it.
   * @throws 404 CART.NOT_FOUND / CART.EXPIRED.
   */
  async validatePromotion(access: CartAccess, cartId: string, code: string): Promise<{ valid: true; code: string; discount: Money; total: Money } | { valid: false; reason: string }> {
    const { row, items } = await this.accessible(cartId, access);
    const { pricing, evaluation } = await this.priced(row, items, code);
    if (!evaluation?.valid) return { valid: false, reason: evaluation?.valid === false ? evaluation.reason : 'NOT_FOUND' };
    return { valid: true, code: evaluation.code, discount: money(pricing.discount + pricing.shippingDiscount, row.currency), total: money(pricing.total, row.currency) };
  }

  // ------------------------------------------------------------------ merge at login

  /** See {@link CartContract.mergeGuestCart}. */
  async mergeGuestCart(userId: string, cartId: string, token: string): Promise<CartDto> {
    const guest = await this.findCart(this.db, cartId);
    if (!guest) throw CartErrors.notFound();
    if (guest.userId !== null) {
      if (guest.userId !== userId) throw CartErrors.notFound();
      if (guest.status !== 'active') throw CartErrors.notActive(guest.status);
      return this.view(guest.id); // already theirs
    }
    this.checkAccess(guest, { userId, token });
    if (guest.status === 'merged') {
      const mine = await this.activeCartOf(this.db, userId);
      if (mine) return this.view(mine.id); // merged before (a retried login)
    }
    if (guest.status !== 'active') throw CartErrors.notActive(guest.status);

    const target = await this.activeCartOf(this.db, userId);
    if (!target) {
      try {
        await this.database.transaction(async (tx) => {
          const locked = await this.findCart(tx, cartId, true);
          if (!locked || locked.userId !== null || locked.status !== 'active') throw CartErrors.notActive(locked?.status ?? 'gone');
          await tx.update(cart).set({ userId, tokenHash: null, updatedAt: new Date(), lastActivityAt: new Date() }).where(eq(cart.id, cartId));
          await publish(tx, 'cart.associated', { cartId, userId }, cartId);
        });
        return this.view(cartId);
      } catch (err) {
        if (pgErrorCode(err)?.code !== '23505') throw err;
        // The user got an active cart meanwhile: merge into it instead.
      }
    }
    const into = target ?? (await this.activeCartOf(this.db, userId));
    if (!into) throw CartErrors.notFound();
    return this.merge(guest, into, userId);
  }

  /**
   * Folds the guest cart into the user's cart: for each SKU, the user's quantity plus the
   * guest's, capped by what the catalog can sell now (never below what the user already had);
   * SKUs that are gone, not on sale or out of stock are not carried over. The user's cart keeps
   * its own code, destination and method, and takes the guest's where it has none.
   */
  private async merge(guest: CartRow, into: CartRow, userId: string): Promise<CartDto> {
    const skus = [...new Set([...(await this.items(this.db, guest.id)), ...(await this.items(this.db, into.id))].map((i) => i.sku))];
    const variants = await this.variants(skus);
    await this.database.transaction(async (tx) => {
      const locked = await tx.select().from(cart).where(inArray(cart.id, [guest.id, into.id])).orderBy(asc(cart.id)).for('update');
      const g = locked.find((r) => r.id === guest.id);
      const t = locked.find((r) => r.id === into.id);
      if (!g || g.status !== 'active' || g.userId !== null) throw CartErrors.notActive(g?.status ?? 'gone');
      if (!t || t.status !== 'active' || t.userId !== userId) throw CartErrors.notActive(t?.status ?? 'gone');
      const mine = new Map((await this.items(tx, t.id)).map((i) => [i.sku, i]));
      let lineCount = mine.size;
      for (const item of await this.items(tx, g.id)) {
        const v = variants.get(item.sku);
        const cap = v && v.purchasable && v.price.currency === t.currency ? Math.min(Math.max(v.available, 0), MAX_LINE_QUANTITY) : 0;
        const existing = mine.get(item.sku);
        const wanted = Math.min((existing?.quantity ?? 0) + item.quantity, cap);
        if (existing) {
          if (wanted > existing.quantity) await tx.update(cartItem).set({ quantity: wanted }).where(eq(cartItem.id, existing.id));
        } else if (wanted > 0 && lineCount < MAX_LINES) {
          await tx.insert(cartItem).values({ id: newId('item'), cartId: t.id, sku: item.sku, quantity: wanted, addedAt: new Date() });
          lineCount += 1;
        }
      }
      const now = new Date();
      await tx
        .update(cart)
        .set({
          promotionCode: t.promotionCode ?? g.promotionCode,
          country: t.country ?? g.country,
          shippingMethodId: t.country ? t.shippingMethodId : g.shippingMethodId,
          updatedAt: now,
          lastActivityAt: now,
        })
        .where(eq(cart.id, t.id));
      await tx.update(cart).set({ status: 'merged', updatedAt: now }).where(eq(cart.id, g.id));
      const lines = (await this.items(tx, t.id)).map((i) => ({ sku: i.sku, quantity: i.quantity }));
      await publish(tx, 'cart.merged', { sourceCartId: g.id, targetCartId: t.id, userId, lines }, t.id);
    });
    return this.view(into.id);
  }

  // ------------------------------------------------------------------ checkout

  /** See {@link CartContract.quoteForCheckout}. */
  async quoteForCheckout(cartId: string, access: CartAccess, input: QuoteInput): Promise<CheckoutQuote> {
    const { row, items } = await this.accessible(cartId, access);
    if (row.status !== 'active') throw CartErrors.notActive(row.status);
    if (items.length === 0) throw CartErrors.empty();
    if (!isCountryCode(input.country)) throw CartErrors.unknownCountry(input.country, 'country');
    return this.quote(row, items, await this.variants(items.map((i) => i.sku)), input);
  }

  /**
   * Prices `row`'s non-empty `items` with the catalog's `variants` for an order to `input.country`
   * with `input.shippingMethodId` (see {@link CartContract.quoteForCheckout}).
   * @throws 409 CART.NOT_PURCHASABLE, 409 CART.CURRENCY_MISMATCH, 409 CART.SHIPPING_UNAVAILABLE.
   */
  private async quote(row: CartRow, items: ItemRow[], variants: Map<string, VariantInfo>, input: QuoteInput): Promise<CheckoutQuote> {
    const currency = row.currency;
    for (const item of items) {
      const v = variants.get(item.sku);
      if (!v || !v.purchasable) throw CartErrors.notPurchasable(item.sku);
      if (v.price.currency !== currency) throw CartErrors.currencyMismatch(item.sku, currency, v.price.currency);
    }
    const lines: PricingLineInput[] = items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPrice: variants.get(i.sku)!.price.amount, counted: true }));
    const destination = { country: input.country, shippingMethodId: input.shippingMethodId };
    const code = row.promotionCode;
    const evaluation = code ? await this.evaluate(code, row, lines, variants, destination, input.customerKey) : null;
    const pricing = currency === SHIPPING_CONFIG.currency ? priceCart({ lines, ...destination, promotion: CartService.outcome(evaluation) }) : null;
    if (!pricing?.shippingMethod) {
      const offered = shippingMethodsFor(input.country).find((m) => m.id === input.shippingMethodId);
      const threshold = offered?.minSubtotal != null ? money(offered.minSubtotal, SHIPPING_CONFIG.currency) : undefined;
      throw CartErrors.shippingUnavailable(input.shippingMethodId, input.country, threshold);
    }
    return {
      currency,
      lines: items.map((item, i) => {
        const v = variants.get(item.sku)!;
        const p = pricing.lines[i]!;
        return { sku: item.sku, variantId: v.variantId, productId: v.productId, title: v.title, quantity: item.quantity, unitPrice: p.unitPrice, discount: p.discount, lineTotal: p.lineTotal, categoryIds: v.categoryIds };
      }),
      subtotal: pricing.subtotal,
      discount: pricing.discount,
      shipping: pricing.shipping,
      tax: pricing.tax,
      total: pricing.total,
      promotion: evaluation?.valid ? { promotionId: evaluation.promotionId, code: evaluation.code } : null,
      promotionInvalidReason: evaluation && !evaluation.valid ? evaluation.reason : null,
      shippingMethod: { id: pricing.shippingMethod.id, name: pricing.shippingMethod.name },
    };
  }

  /** See {@link CartContract.markOrdered}. */
  async markOrdered(tx: Tx, cartId: string, orderId: string): Promise<void> {
    const payload: Omit<CartEvents['cart.ordered'], 'userId'> = { cartId, orderId };
    const [done] = await markCartOrdered.run(tx, { cartId, orderId, now: new Date().toISOString(), eventId: newId('evt'), payload: JSON.stringify(payload) });
    if (!done) {
      const [row] = await tx.select({ status: cart.status }).from(cart).where(eq(cart.id, cartId)).limit(1);
      if (!row) throw CartErrors.notFound();
      throw CartErrors.notActive(row.status);
    }
  }

  /** See {@link CartContract.reopen}. */
  async reopen(tx: Tx, cartId: string, orderId: string): Promise<void> {
    const now = new Date();
    try {
      // A savepoint: should the owner's new active cart appear concurrently, only this step rolls back.
      await tx.transaction(async (sp) => {
        const [row] = await sp
          .update(cart)
          .set({ status: 'active', orderId: null, updatedAt: now, lastActivityAt: now })
          .where(
            and(
              eq(cart.id, cartId),
              eq(cart.status, 'ordered'),
              eq(cart.orderId, orderId),
              sql`(${cart.userId} is null or not exists (select 1 from cart.cart other where other.user_id = ${cart.userId} and other.status = 'active'))`,
            ),
          )
          .returning({ userId: cart.userId });
        if (row) await publish(sp, 'cart.reopened', { cartId, orderId, userId: row.userId }, cartId);
      });
    } catch (err) {
      if (pgErrorCode(err)?.code !== '23505') throw err;
      this.log.info({ cartId, orderId }, 'cart not reopened: its owner has another active cart');
    }
  }

  /** See {@link CartContract.shippingMethods}. */
  async shippingMethods(country: string): Promise<ShippingMethodDto[]> {
    if (!isCountryCode(country)) throw CartErrors.unknownCountry(country, 'querystring/country');
    const c = SHIPPING_CONFIG.currency;
    return shippingMethodsFor(country).map((m) => ({ id: m.id, name: m.name, price: money(m.price, c), minSubtotal: m.minSubtotal === null ? null : money(m.minSubtotal, c) }));
  }

  // ------------------------------------------------------------------ expiry

  /**
   * Deletes guest carts idle for longer than the lifetime (with their lines), in batches;
   * publishes `cart.expired` for the active ones (abandoned carts). Safe to run concurrently
   * from several processes (`SKIP LOCKED`).
   * @returns how many carts were deleted.
   */
  async cleanup(): Promise<number> {
    const cutoff = new Date(Date.now() - this.options.ttlDays * DAY_MS);
    let deleted = 0;
    for (;;) {
      const n = await this.database.transaction(async (tx) => {
        const doomed = await tx
          .select({ id: cart.id, status: cart.status, lastActivityAt: cart.lastActivityAt })
          .from(cart)
          .where(and(isNull(cart.userId), lt(cart.lastActivityAt, cutoff)))
          .orderBy(asc(cart.lastActivityAt))
          .limit(CLEANUP_BATCH)
          .for('update', { skipLocked: true });
        if (doomed.length === 0) return 0;
        const ids = doomed.map((d) => d.id);
        const lines = await tx.select({ cartId: cartItem.cartId, sku: cartItem.sku, quantity: cartItem.quantity }).from(cartItem).where(inArray(cartItem.cartId, ids));
        await tx.delete(cart).where(inArray(cart.id, ids));
        const events = doomed
          .filter((d) => d.status === 'active')
          .map((d) => ({
            type: 'cart.expired' as const,
            aggregateId: d.id,
            payload: {
              cartId: d.id,
              lines: lines.filter((l) => l.cartId === d.id).map((l) => ({ sku: l.sku, quantity: l.quantity })),
              lastActivityAt: new Date(d.lastActivityAt).toISOString(),
            },
          }));
        await publishMany(tx, events);
        return doomed.length;
      });
      deleted += n;
      if (n < CLEANUP_BATCH) break;
    }
    if (deleted > 0) this.log.info({ deleted }, 'expired guest carts deleted');
    return deleted;
  }
}
