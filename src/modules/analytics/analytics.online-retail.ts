/**
 * The Online Retail history (the demo web shop's past) as sale facts of the online store:
 * - written by the import itself: the imports module calls {@link recordImportedHistory} in the
 *   transaction of each batch of orders and returns it writes (wired in src/app.ts), so facts and
 *   history commit together and the import stays streamed and batched;
 * - data imported before analytics existed is backfilled at start ({@link backfillHistory}) when
 *   the online store has no such facts and orders has history, reading the orders contract.
 * One fact per invoice line: source `online-retail`, `sourceKey` `online-retail:<invoice>:<line
 * index>:<sku>`, reference = the invoice number, customer = the customer id, category = the
 * catalog import's leaf category, quantity and revenue negative for a return (`C…` invoices),
 * unit cost unknown (null). Amounts are the file's prices × quantities taken as net revenue
 * with tax 0 (the data set does not say what tax its prices contain). Fees (postage, manual
 * adjustments, bank charges) are not product sales and are left out.
 */
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import type { CatalogContract } from '../catalog/index.js';
import type { HistoryEntry, ImportedOrder, ImportedReturn, OrdersContract } from '../orders/index.js';
import { appendSaleLines, type SaleLineInput } from './analytics.facts.js';
import { localDateTime } from './analytics.time.js';
import { onlineStore } from './analytics.organisation.js';

/** The imports module's source name of the Online Retail data set (and the facts' `source`). */
export const ONLINE_RETAIL_SOURCE = 'online-retail';

type Entry = Omit<HistoryEntry, 'id'>;

/** Facts of `entries` (orders, or returns with `sign` −1) for the online store. */
async function writeEntries(tx: Executor, source: string, entries: Entry[], sign: 1 | -1, category: (sku: string) => string | null): Promise<number> {
  if (entries.length === 0) return 0;
  const online = await onlineStore(tx);
  const lines: SaleLineInput[] = [];
  for (const e of entries) {
    const soldAt = new Date(e.at).toISOString();
    const localAt = localDateTime(soldAt, online.timeZone);
    e.lines.forEach((l, i) => {
      lines.push({
        storeId: online.id, soldAt, localAt, reference: e.externalRef, customerRef: e.customerId, sku: l.sku, category: category(l.sku),
        quantity: sign * l.quantity, netRevenue: sign * l.quantity * l.unitPrice, tax: 0, discount: 0, unitCost: null,
        currency: e.currency, source, sourceKey: `${source}:${e.externalRef}:${i}:${l.sku}`,
      });
    });
  }
  // The web shop has sold since its first recorded sale: like-for-like counts it from then.
  const first = entries.reduce((min, e) => (e.at < min ? e.at : min), entries[0]!.at);
  await tx.execute(sql`update analytics.store set opened_on = least(opened_on, (${new Date(first).toISOString()}::timestamptz at time zone time_zone)::date) where id = ${online.id}`);
  return appendSaleLines(tx, lines);
}

/**
 * Records a batch of imported orders and returns as facts inside `tx` (the import's transaction).
 * `categories`: SKU → the catalog import's leaf category. Idempotent by source key.
 * @returns how many facts were new.
 */
export async function recordImportedHistory(
  tx: Executor, source: string, batch: { orders: ImportedOrder[]; returns: ImportedReturn[] }, categories: ReadonlyMap<string, string>,
): Promise<number> {
  const category = (sku: string) => categories.get(sku) || null;
  const orders = batch.orders.map((o) => ({ externalRef: o.externalRef, customerId: o.customerId, at: o.placedAt, currency: o.currency, lines: o.lines }));
  const returns = batch.returns.map((r) => ({ externalRef: r.externalRef, customerId: r.customerId, at: r.returnedAt, currency: r.currency, lines: r.lines }));
  return (await writeEntries(tx, source, orders, 1, category)) + (await writeEntries(tx, source, returns, -1, category));
}

/**
 * At start: when the online store has no `online-retail` facts while orders holds Online Retail
 * history (imported before analytics recorded it), records the whole history, a page of 1,000
 * orders or returns per transaction, categories from the catalog. @returns facts written.
 */
export async function backfillHistory(database: Database, orders: OrdersContract, catalog: CatalogContract, log: Logger): Promise<number> {
  const online = await onlineStore(database.db);
  const [has] = await rows<{ one: number }>(database.db, sql`select 1 as one from analytics.sale_line where store_id = ${online.id} and source = ${ONLINE_RETAIL_SOURCE} limit 1`);
  if (has) return 0;
  if ((await orders.historyPage(ONLINE_RETAIL_SOURCE, 'orders', null, 1)).length === 0) return 0;
  log.info('analytics: recording the Online Retail history already imported as sale facts');
  let written = 0;
  for (const kind of ['orders', 'returns'] as const) {
    let after: string | null = null;
    for (;;) {
      const page = await orders.historyPage(ONLINE_RETAIL_SOURCE, kind, after, 1_000);
      if (page.length === 0) break;
      const skus = [...new Set(page.flatMap((e) => e.lines.map((l) => l.sku)))];
      const categories = new Map((await catalog.variantsBySku(skus)).map((v) => [v.sku, v.category]));
      written += await database.transaction((tx) => writeEntries(tx, ONLINE_RETAIL_SOURCE, page, kind === 'orders' ? 1 : -1, (sku) => categories.get(sku) || null));
      after = page[page.length - 1]!.id;
    }
  }
  log.info({ facts: written }, 'analytics: Online Retail history recorded');
  return written;
}
