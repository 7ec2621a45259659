import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.js';
import { runAfterCommit } from '../../platform/db/index.js';

/**
 * One sale line to append to the fact table. Money in integer minor units of `currency`;
 * `quantity` negative for a return or a reversal; `netRevenue` ex tax and after `discount`;
 * `unitCost` the cost of one unit at the time of sale (null when unknown). `soldAt` is an ISO 8601
 * UTC instant and `localAt` the store's wall-clock time of the same instant (`YYYY-MM-DDTHH:mm:ss`).
 * `sourceKey` identifies the line in its source (`web:<orderId>:placed:<sku>`, `pos:<file>:<row>`…):
 * a second insert with the same key is ignored, which makes every source idempotent.
 */
export interface SaleLineInput {
  storeId: string;
  soldAt: string;
  localAt: string;
  reference: string;
  customerRef?: string | null;
  sku: string;
  category?: string | null;
  quantity: number;
  netRevenue: number;
  tax?: number;
  discount?: number;
  unitCost?: number | null;
  currency: string;
  source: string;
  sourceKey: string;
}

/** Who hears that facts were committed in this process (the rollup job of each open app). */
const committedListeners = new Set<() => void>();

/**
 * Calls `listener` after each commit that appended facts in this process (the rollups catch up at
 * once instead of polling). @returns a function that removes it.
 */
export function onFactsCommitted(listener: () => void): () => void {
  committedListeners.add(listener);
  return () => committedListeners.delete(listener);
}

const factsCommitted = () => {
  for (const listener of committedListeners) listener();
};

/** The fact columns an append fills, in the order {@link appendSaleLinesFrom}'s query answers them. */
const COLUMNS = 'store_id, sold_at, local_at, reference, customer_ref, sku, category, quantity, net_revenue, tax, discount, unit_cost, currency, source, source_key';

/** Advisory lock key serialising fact inserts (so that fact ids become visible in increasing order). */
export const FACTS_LOCK = 7_310_001;

/**
 * Appends sale lines inside `tx` (which must be a transaction): takes the facts lock for the rest
 * of the transaction, so a rollup reading `id > watermark` never skips a fact committed later with a
 * smaller id, then inserts, ignoring lines whose `sourceKey` is already stored; once committed,
 * the {@link onFactsCommitted} listeners hear of it.
 * @returns how many lines were inserted.
 */
export async function appendSaleLines(tx: Executor, lines: SaleLineInput[]): Promise<number> {
  if (lines.length === 0) return 0;
  // One JSON parameter, built straight in the table's column names (ISO instants as they come).
  const json = JSON.stringify(lines.map((l) => ({
    store_id: l.storeId, sold_at: l.soldAt, local_at: l.localAt, reference: l.reference, customer_ref: l.customerRef ?? null, sku: l.sku,
    category: l.category ?? null, quantity: l.quantity, net_revenue: l.netRevenue, tax: l.tax ?? 0, discount: l.discount ?? 0,
    unit_cost: l.unitCost ?? null, currency: l.currency, source: l.source, source_key: l.sourceKey,
  })));
  return appendSaleLinesFrom(tx, sql`select ${sql.raw(COLUMNS)} from json_populate_recordset(null::analytics.sale_line, ${json}::json)`);
}

/**
 * {@link appendSaleLines} for rows a query answers (a staged import): `select` yields, in this
 * order, store_id, sold_at, local_at, reference, customer_ref, sku, category, quantity,
 * net_revenue, tax, discount, unit_cost, currency, source, source_key. Same lock, same
 * `sourceKey` dedupe, same commit wake-up. @returns how many lines were inserted.
 */
export async function appendSaleLinesFrom(tx: Executor, select: SQL): Promise<number> {
  await lockFacts(tx);
  const result = (await tx.execute(sql`insert into analytics.sale_line (${sql.raw(COLUMNS)}) ${select} on conflict do nothing`)) as unknown as { rowCount?: number | null; affectedRows?: number };
  const inserted = result.rowCount ?? result.affectedRows ?? 0;
  afterAppend(tx, inserted);
  return inserted;
}

/** Takes the facts lock for the rest of `tx` (see {@link FACTS_LOCK}). */
async function lockFacts(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FACTS_LOCK})`);
}

/** Wakes the {@link onFactsCommitted} listeners once `tx` commits, when it inserted facts. */
function afterAppend(tx: Executor, inserted: number): void {
  if (inserted > 0 && !runAfterCommit(tx, factsCommitted)) factsCommitted();
}
