import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.js';
import { bulkInsert } from '../../platform/db/index.js';
import type { EventEnvelope } from '../../platform/events/index.js';
import { product } from './db/schema.js';

/** One entry of analytics' product dimension: SKU → title and current category (leaf name, null when unknown). */
export interface ProductDimensionRow {
  sku: string;
  title: string;
  category: string | null;
}

/** The catalog events that feed the product dimension. */
export const PRODUCT_EVENTS = ['product.created', 'product.updated'] as const;

/**
 * Records the catalog's products (from `product.created` / `product.updated`) in analytics'
 * `product` table inside `tx`: one row per variant SKU, title "Product — Variant" (the product's
 * title alone when the variant has none), category = the product's own (leaf) category name.
 * A SKU already present takes the newer title and category (the catalog is the reference).
 */
export async function recordCatalogProducts(tx: Executor, events: EventEnvelope<(typeof PRODUCT_EVENTS)[number]>[]): Promise<void> {
  const bySku = new Map<string, ProductDimensionRow>();
  for (const e of events) {
    const p = e.payload.product;
    for (const v of p.variants) bySku.set(v.sku, { sku: v.sku, title: v.title ? `${p.title} — ${v.title}` : p.title, category: p.category.name });
  }
  const rows = [...bySku.values()];
  for (let i = 0; i < rows.length; i += 5_000) {
    const json = JSON.stringify(rows.slice(i, i + 5_000));
    await tx.execute(sql`insert into analytics.product (sku, title, category)
      select sku, title, category from json_to_recordset(${json}::json) as r(sku text, title text, category text)
      on conflict (sku) do update set title = excluded.title, category = excluded.category, updated_at = now()`);
  }
}

/**
 * Adds the products of `rows` whose SKU analytics does not know yet (a sales import with
 * `--create-missing`); known SKUs are left as they are. @returns how many were created.
 */
export async function createMissingProducts(tx: Executor, rows: ProductDimensionRow[]): Promise<number> {
  return bulkInsert(tx, product, rows.map((r) => ({ sku: r.sku, title: r.title, category: r.category })), { onConflictDoNothing: true });
}
