import type { Tx } from '../../platform/db/index.js';
import type { Money, ProductSnapshot } from './catalog.events.js';

export type { Money, ProductSnapshot };

/** A product to create from imported data (one variant whose SKU is the source's stock code). */
export interface ImportedProduct {
  sku: string;
  title: string;
  description: string;
  /** Unit price in minor units. */
  price: number;
  currency: string;
  /** Category path from the root, e.g. `["Home", "Candles & Lights"]`; the last one is the leaf. */
  categoryPath: string[];
}

/** Result of one SKU's availability check. Quantities are integers. */
export interface AvailabilityLine {
  sku: string;
  requested: number;
  available: number;
  ok: boolean;
}

/** What other modules, flows, the CLI and tests may ask of the catalog. */
export interface CatalogContract {
  /**
   * Creates the categories, products, variants and opening stock receipts (quantity
   * `openingStock`, once per variant) of an import, inside `tx`. SKUs that already exist are
   * left as they are, so re-running changes nothing. Publishes `product.created` per new product.
   * @returns how many products were created.
   */
  importProducts(tx: Tx, products: ImportedProduct[], openingStock: number): Promise<{ created: number }>;
  /** Availability of each requested SKU (unknown SKUs: available 0, ok false). */
  availability(items: { sku: string; quantity: number }[]): Promise<{ allAvailable: boolean; items: AvailabilityLine[] }>;
  /** Snapshots of products of any status, in id order after `afterId` (read-model backfills). */
  listSnapshots(afterId: string | null, limit: number): Promise<ProductSnapshot[]>;
  /** Number of products of any status (empty-database check at start). */
  countProducts(): Promise<number>;
}
