import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { pgErrorCode } from '../../platform/db/index.js';
import { eventStatement } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { StockLine } from './catalog.contract.js';
import { iso, toMovement, type MovementDto, type Page } from './catalog.dto.js';
import { CatalogErrors } from './catalog.errors.js';
import type { MovementBody } from './catalog.schemas.js';
import type { CatalogStore } from './catalog.store.js';
import { product, stockMovement, variant } from './db/schema.js';
import { movementQuantityError, type MovementType } from './domain/stock.js';

/** Result of one SKU's availability check. Quantities are integers. */
export interface AvailabilityLine {
  sku: string;
  requested: number;
  available: number;
  ok: boolean;
}

const P = sql.placeholder;
/**
 * Stock movements of one `type`, one per line, in one statement. The lines are parallel arrays,
 * one SKU per line at most: `skus`, `quantities` (signed units), and the ids and references of
 * each line's ledger row (`ids`, `references`, null for none) and events (`changedIds`,
 * `lowIds`, from `newId('evt')`); `reason` and `actor` apply to every line. Each line changes
 * its variant's on-hand (the stock version moves on) and writes its ledger row and its events
 * (`stock.changed`, and `stock.low` when on-hand crosses the variant's threshold downwards).
 * With several lines, the variants are locked first, in SKU order, so two movements never
 * deadlock; one line locks its one row with the change. A line that would take on-hand below
 * zero, or an unknown SKU, fails the whole statement in SQL (`catalog.refuse_sale`, migration
 * 0002: P0001 with the on-hand as detail, or P0002, the SKU in the message), so nothing of its
 * transaction commits, even with the COMMIT written behind it (see `commitWithNextStatement`).
 * The lines come from `catalog.movement_lines` (migration 0004), whose row estimate lets
 * PostgreSQL keep this prepared statement's generic plan rather than plan every execution.
 * Answers one row per line: the variant, its on-hand and stock version after the change, and the
 * time of the ledger row.
 */
const moveStockSql = eventStatement<{ sku: string; id: string; product_id: string; on_hand: number; stock_version: number; created_at: string }>(
  (_db, outbox) => sql`with line as (
      select * from catalog.movement_lines(${P('skus')}::text[], ${P('quantities')}::int[], ${P('ids')}::text[], ${P('references')}::text[], ${P('changedIds')}::text[], ${P('lowIds')}::text[])
    ), locked as materialized (
      select v.id from catalog.variant v join line on line.sku = v.sku
      where cardinality(${P('skus')}::text[]) > 1
      order by v.sku for update of v
    ), updated as (
      update catalog.variant v set on_hand = v.on_hand + line.quantity, stock_version = v.stock_version + 1, updated_at = now()
      from line
      where v.sku = line.sku and v.on_hand + line.quantity >= 0 and (select count(*) from locked) >= 0
      returning v.id, v.product_id, v.sku, v.on_hand, v.stock_version, v.low_stock_threshold,
        line.quantity, line.id as movement_id, line.reference, line.changed_id, line.low_id
    ), movement as (
      insert into catalog.stock_movement (id, variant_id, sku, type, quantity, reason, actor, reference, on_hand_after)
      select u.movement_id, u.id, u.sku, ${P('type')}, u.quantity, ${P('reason')}, ${P('actor')}, u.reference, u.on_hand
      from updated u returning sku, created_at
    ), pending as (${outbox.pending()}), events as (${outbox.insert(sql`
      select u.changed_id, 'stock.changed', jsonb_build_object('sku', u.sku, 'variantId', u.id, 'productId', u.product_id,
               'onHand', u.on_hand, 'available', u.on_hand, 'delta', u.quantity, 'movementType', ${P('type')}::text), u.product_id
      from updated u
      union all
      select u.low_id, 'stock.low', jsonb_build_object('sku', u.sku, 'variantId', u.id, 'productId', u.product_id,
               'onHand', u.on_hand, 'threshold', u.low_stock_threshold), u.product_id
      from updated u where u.on_hand < u.low_stock_threshold and u.on_hand - u.quantity >= u.low_stock_threshold`)})
    select u.sku, u.id, u.product_id, u.on_hand, u.stock_version, m.created_at from updated u join movement m on m.sku = u.sku
    union all
    select l.sku, null, null, catalog.refuse_sale(l.sku, -l.quantity), null, null
    from line l where not exists (select 1 from updated u where u.sku = l.sku)`,
);

/** One line of a movement: `quantity` signed units of `sku`, with its ledger reference (unique when set). */
type MoveLine = { sku: string; quantity: number; reference: string | null };
/** What a line moved: its ledger entry and the variant's stock version after it. */
type Moved = { movement: MovementDto; onHand: number; version: number };

/** Sums quantities per SKU and sorts by SKU, so concurrent movements lock rows in one order. */
function mergeLines(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity);
  return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

/** The messages of `err` and its causes (Drizzle wraps the driver's error). */
function messages(err: unknown): string[] {
  const found: string[] = [];
  for (let e = err as { message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.message === 'string') found.push(e.message);
  }
  return found;
}

/**
 * The error a movement of `lines` got from `catalog.refuse_sale` as the API's: 409
 * INVENTORY.INSUFFICIENT_STOCK with the on-hand it reported, or 404 INVENTORY.SKU_NOT_FOUND, for
 * the line its message names; undefined for any other error.
 */
function movementRefused(err: unknown, lines: MoveLine[]): Error | undefined {
  const refused = pgErrorCode(err);
  if (refused?.hint !== 'INVENTORY.SKU_NOT_FOUND' && refused?.hint !== 'INVENTORY.INSUFFICIENT_STOCK') return undefined;
  const text = messages(err);
  const line = lines.length === 1 ? lines[0] : lines.find((l) => text.some((m) => m.endsWith(`SKU ${l.sku}`) || m.includes(` of ${l.sku} on hand;`)));
  if (!line) return undefined;
  if (refused.hint === 'INVENTORY.SKU_NOT_FOUND') return CatalogErrors.skuNotFound(line.sku);
  return CatalogErrors.insufficientStock(line.sku, Number(refused.detail), -line.quantity);
}

/**
 * Who and what the ledger names, resolved by other modules' contracts (composition root): staff
 * names by user id (IdentityContract.displayNames) and order numbers by order id
 * (OrdersContract.numbers); ids they do not know are left out of the maps.
 */
export interface LedgerNames {
  staff(userIds: string[]): Promise<Map<string, string>>;
  orders(orderIds: string[]): Promise<Map<string, string>>;
}

/** A reason recorded with an order id (`Sold: order:ord_…`, `Released: order:ord_…`): its verb and the id. */
const ORDER_ID_REASON = /^(Sold|Released|Returned): order:(\S+)$/;

/** `movements` with their staff member's name and the order numbers in their reasons (see {@link CatalogInventory.listMovements}). */
async function inWords(movements: MovementDto[], names: LedgerNames): Promise<(MovementDto & { actorName: string | null })[]> {
  const orderIds = movements.map((m) => ORDER_ID_REASON.exec(m.reason)?.[2]).filter((id): id is string => !!id);
  const actors = [...new Set(movements.map((m) => m.actor).filter((a): a is string => !!a))];
  const [staff, numbers] = await Promise.all([actors.length ? names.staff(actors) : new Map<string, string>(), orderIds.length ? names.orders(orderIds) : new Map<string, string>()]);
  return movements.map((m) => {
    const match = ORDER_ID_REASON.exec(m.reason);
    const number = match ? numbers.get(match[2]!) : undefined;
    return { ...m, reason: number ? `${match![1]}: order ${number}` : m.reason, actorName: m.actor ? (staff.get(m.actor) ?? null) : null };
  });
}

/**
 * The inventory ledger: stock movements (back-office movements, sales, releases), low stock,
 * each SKU's ledger and availability. On-hand is the sum of a variant's movements, kept in the
 * movement's statement, never below zero.
 */
export class CatalogInventory {
  constructor(private readonly store: CatalogStore) {}

  /**
   * Records a stock movement and updates on-hand in the same transaction with a guarded UPDATE,
   * so concurrent movements can never take stock below zero. Publishes `stock.changed`.
   * @throws 400 INVENTORY.INVALID_QUANTITY, 404 INVENTORY.SKU_NOT_FOUND, 409 INVENTORY.INSUFFICIENT_STOCK.
   */
  async recordMovement(input: MovementBody & { actor?: string | null; reference?: string }): Promise<{ movement: MovementDto; onHand: number }> {
    const [moved] = await this.store.write((t) => this.move(t, input.type, input.reason, input.actor ?? null, [{ sku: input.sku, quantity: input.quantity, reference: input.reference ?? null }]));
    return { movement: moved!.movement, onHand: moved!.onHand };
  }

  /**
   * Moves `lines` (one per SKU) inside `t` in one statement ({@link moveStockSql}), answering each
   * line's ledger entry in line order. A movement that cannot be made fails `t`, which must roll back.
   * @throws 400 INVENTORY.INVALID_QUANTITY (before any statement), 404 INVENTORY.SKU_NOT_FOUND,
   *   409 INVENTORY.INSUFFICIENT_STOCK.
   */
  private async move(t: Tx, type: MovementType, reason: string, actor: string | null, lines: MoveLine[]): Promise<Moved[]> {
    for (const line of lines) {
      const problem = movementQuantityError(type, line.quantity);
      if (problem) throw CatalogErrors.invalidQuantity(problem);
    }
    // Ids in line order, each line's stock.changed before its stock.low (events are delivered in id order).
    const ids = lines.map(() => ({ id: newId('mov'), changedId: newId('evt'), lowId: newId('evt') }));
    const values = {
      skus: lines.map((l) => l.sku), quantities: lines.map((l) => l.quantity), references: lines.map((l) => l.reference),
      ids: ids.map((i) => i.id), changedIds: ids.map((i) => i.changedId), lowIds: ids.map((i) => i.lowId), type, reason, actor,
    };
    let answered: Awaited<ReturnType<typeof moveStockSql.run>>;
    try {
      answered = await moveStockSql.run(t, values);
    } catch (err) {
      throw movementRefused(err, lines) ?? err;
    }
    const bySku = new Map(answered.map((r) => [r.sku, r]));
    return lines.map((line, i) => {
      const updated = bySku.get(line.sku);
      if (!updated) throw new Error(`stock movement of ${line.sku}: the statement answered no row`);
      const movement: MovementDto = {
        id: ids[i]!.id, sku: line.sku, type, quantity: line.quantity, reason, actor, onHandAfter: updated.on_hand, createdAt: iso(updated.created_at),
      };
      return { movement, onHand: updated.on_hand, version: updated.stock_version };
    });
  }

  /**
   * See {@link CatalogContract.sellStock}. Lines are merged per SKU and sold in one statement
   * (locked in SKU order: no deadlocks), which also writes the transaction's other events.
   */
  async sellStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null, label = reference): Promise<void> {
    const sale = mergeLines(lines).map((l) => ({ sku: l.sku, quantity: -l.quantity, reference: `${reference}:${l.sku}` }));
    const moved = await this.move(tx, 'sale', `Sold: ${label}`, actor, sale);
    this.store.stockChangedOnCommit(tx, moved.map((m) => ({ sku: m.movement.sku, onHand: m.onHand, version: m.version })));
  }

  /**
   * Puts `lines` back into stock: a `release` (see {@link CatalogContract.releaseStock}) or a
   * `return` ({@link CatalogContract.returnStock}). Lines not yet moved under `reference` are
   * moved in one statement.
   */
  async putBack(tx: Tx, type: 'release' | 'return', lines: StockLine[], reference: string, actor: string | null, label = reference): Promise<void> {
    const back = mergeLines(lines).map((l) => ({ sku: l.sku, quantity: l.quantity, reference: `${reference}:${type}:${l.sku}` }));
    if (back.length === 0) return;
    const done = new Set(
      (await tx.select({ reference: stockMovement.reference }).from(stockMovement).where(inArray(stockMovement.reference, back.map((l) => l.reference)))).map((r) => r.reference),
    );
    const pending = back.filter((l) => !done.has(l.reference));
    if (pending.length === 0) return;
    const moved = await this.move(tx, type, `${type === 'release' ? 'Released' : 'Returned'}: ${label}`, actor, pending);
    this.store.stockChangedOnCommit(tx, moved.map((m) => ({ sku: m.movement.sku, onHand: m.onHand, version: m.version })));
  }

  /** Variants of non-archived products whose on-hand is below their low-stock threshold, lowest first, one page at a time. */
  async lowStock(page: number, limit: number): Promise<Page<{ sku: string; productId: string; title: string; onHand: number; threshold: number }>> {
    const db = this.store.db;
    const where = and(sql`${variant.onHand} < ${variant.lowStockThreshold}`, sql`${product.status} <> 'archived'`);
    const [[total], data] = await Promise.all([
      db.select({ n: count() }).from(variant).innerJoin(product, eq(product.id, variant.productId)).where(where),
      db
        .select({ sku: variant.sku, productId: product.id, title: product.title, onHand: variant.onHand, threshold: variant.lowStockThreshold })
        .from(variant)
        .innerJoin(product, eq(product.id, variant.productId))
        .where(where)
        .orderBy(asc(variant.onHand), asc(variant.sku))
        .limit(limit)
        .offset((page - 1) * limit),
    ]);
    return { data, pagination: { total: Number(total?.n ?? 0), limit, page } };
  }

  /**
   * The ledger of one SKU, newest first, with its on-hand now. With `names`, in words: each
   * entry's `actorName` (the staff member, null for none or an unknown user), and the order
   * numbers in reasons recorded with an order id (`Sold: order:ord_…` → `Sold: order CPT-100042`).
   * @throws 404 INVENTORY.SKU_NOT_FOUND.
   */
  async listMovements(sku: string, page: number, limit: number, names?: LedgerNames): Promise<Page<MovementDto & { actorName?: string | null }> & { onHand: number }> {
    const db = this.store.db;
    const [v] = await db.select({ id: variant.id, onHand: variant.onHand }).from(variant).where(eq(variant.sku, sku));
    if (!v) throw CatalogErrors.skuNotFound(sku);
    const [total] = await db.select({ n: count() }).from(stockMovement).where(eq(stockMovement.variantId, v.id));
    const list = await db
      .select()
      .from(stockMovement)
      .where(eq(stockMovement.variantId, v.id))
      .orderBy(desc(stockMovement.createdAt), desc(stockMovement.id))
      .limit(limit)
      .offset((page - 1) * limit);
    const data = list.map(toMovement);
    return { data: names ? await inWords(data, names) : data, pagination: { total: Number(total?.n ?? 0), limit, page }, onHand: v.onHand };
  }

  /** Availability of each requested item, checked on its own; unknown SKUs and products not active count as 0 available. */
  async availability(items: { sku: string; quantity: number }[]): Promise<{ allAvailable: boolean; items: AvailabilityLine[] }> {
    const skus = [...new Set(items.map((i) => i.sku))];
    const found = await this.store.db
      .select({ sku: variant.sku, onHand: variant.onHand })
      .from(variant)
      .innerJoin(product, eq(product.id, variant.productId))
      .where(and(inArray(variant.sku, skus), eq(product.status, 'active')));
    const stock = new Map(found.map((f) => [f.sku, f.onHand]));
    const lines = items.map((i) => {
      const available = stock.get(i.sku) ?? 0;
      return { sku: i.sku, requested: i.quantity, available, ok: available >= i.quantity };
    });
    return { allAvailable: lines.every((l) => l.ok), items: lines };
  }
}
