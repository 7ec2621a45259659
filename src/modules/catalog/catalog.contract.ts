import type { Tx } from '../../platform/db/index.js';
import type { CategoryNode, Page, ProductDto } from './catalog.dto.js';
import type { Money, ProductSnapshot } from './catalog.events.js';
import type { ProductListQuery } from './catalog.schemas.js';

export type { CategoryNode, Money, Page, ProductDto, ProductListQuery, ProductSnapshot };

/** An active product's address and last change (ISO 8601 UTC), for sitemaps. */
export interface ProductLocation {
  slug: string;
  updatedAt: string;
}

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

/** A sellable variant as carts and checkout see it. Money in minor units. */
export interface VariantInfo {
  sku: string;
  variantId: string;
  productId: string;
  slug: string;
  /** Product title, plus the variant title when it has one ("Mug — Large"). */
  title: string;
  price: Money;
  /** Quantity that can be sold now. */
  available: number;
  /** False when the product is not active (draft or archived): it cannot be bought. */
  purchasable: boolean;
  /** The product's category and its ancestors (for promotions restricted to categories). */
  categoryIds: string[];
  /** Name of the product's own (leaf) category, e.g. `Mugs` (analytics records it with each sale). */
  category: string;
  /** Cost of one unit in minor units of `price.currency` (the variant's cost price), null when unknown or in another currency. */
  unitCost: number | null;
  /** Codes of the sites the product is published on. */
  sites: string[];
}

/** One line of a sale or a release: `quantity` units (an integer > 0) of `sku`. */
export interface StockLine {
  sku: string;
  quantity: number;
}

/** What other modules, flows and the CLI may ask of the catalog. */
export interface CatalogContract {
  /**
   * Current price, availability and categories of each known SKU (unknown SKUs are absent). A
   * caller inside a transaction (an event consumer) passes it as `tx`: a read outside it would wait
   * for it on a single-connection database (PGlite). With `site` (a site's code) only the SKUs the
   * site sells are answered (published there; off the default site, priced there, at its price):
   * the others are absent, as if unknown. Without it, every SKU at the variant's own price.
   */
  variantsBySku(skus: string[], tx?: Tx, site?: string): Promise<VariantInfo[]>;
  /**
   * Sells `lines` inside `tx`: one `sale` movement per SKU (quantities summed per SKU, reference
   * `<reference>:<sku>`, reason `Sold: <label>`, `label` defaulting to `reference`; the label is
   * what the stock history shows, e.g. `order CPT-100001`), all or nothing: a line that is not
   * available throws. The sale is one statement, after the transaction's pending events are
   * written: a caller that calls `commitWithNextStatement(tx)` (platform/db) right before makes
   * it `tx`'s last, its COMMIT written behind it, and a refused line then rolls `tx` back before
   * the error is thrown.
   * @throws AppError 409 INVENTORY.INSUFFICIENT_STOCK (with `sku`, `onHand`, `requested`),
   *   404 INVENTORY.SKU_NOT_FOUND, 400 INVENTORY.INVALID_QUANTITY (a quantity not a positive integer).
   */
  sellStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null, label?: string): Promise<void>;
  /**
   * Puts `lines` back into stock inside `tx`: one `release` movement per SKU (reference
   * `<reference>:release:<sku>`, reason `Released: <label>`, `label` defaulting to `reference`);
   * idempotent: a SKU already released under that reference is skipped.
   */
  releaseStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null, label?: string): Promise<void>;
  /**
   * Takes returned goods back into stock inside `tx`: one `return` movement per SKU (quantities
   * summed per SKU, reference `<reference>:return:<sku>`, reason `Returned: <label>`, e.g.
   * `refund of order CPT-100001`); idempotent: a SKU already returned under that reference is
   * skipped.
   * @throws 404 INVENTORY.SKU_NOT_FOUND (the SKU no longer exists), 400 INVENTORY.INVALID_QUANTITY.
   */
  returnStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null, label: string): Promise<void>;
  /**
   * Creates the categories, products, variants and opening stock receipts (quantity
   * `openingStock`, once per variant) of an import, inside `tx`. SKUs that already exist are
   * left as they are, so re-running changes nothing. Publishes `product.created` per new product.
   * @returns how many products were created.
   */
  importProducts(tx: Tx, products: ImportedProduct[], openingStock: number): Promise<{ created: number }>;
  /** Snapshots of products of any status, in id order after `afterId` (read-model backfills). */
  listSnapshots(afterId: string | null, limit: number): Promise<ProductSnapshot[]>;
  /** Number of products of any status (empty-database check at start). */
  countProducts(): Promise<number>;
  /**
   * The storefront's reads, the same (cached) answers as `GET /api/products/{idOrSlug}`,
   * `GET /api/products` and `GET /api/categories`: an active product by id or slug, a page of
   * active products, the category tree with active-product counts. `site` (default: the default
   * site) limits products (and the tree's counts) to those the site sells, at its prices.
   * @throws AppError 404 CATALOG.PRODUCT_NOT_FOUND from `product` (unknown or not active).
   */
  product(idOrSlug: string, site?: string): Promise<ProductDto>;
  /**
   * The id of the active product `idOrSlug` (id or slug) and the codes of the sites it is published
   * on, whichever they are (uncached: for back-office checks such as merchandiser pins); with
   * `within`, only a product published on one of those sites.
   * @throws AppError 404 CATALOG.PRODUCT_NOT_FOUND (unknown, not active, or on none of `within`).
   */
  productSites(idOrSlug: string, within?: string[]): Promise<{ id: string; sites: string[] }>;
  listProducts(query: ProductListQuery, site?: string): Promise<Page<ProductDto>>;
  categoryTree(site?: string): Promise<CategoryNode[]>;
  /**
   * Slug and last change of every active product site `site` (default: the default site) sells,
   * by slug, at most `limit` (sitemaps; uncached).
   */
  productLocations(limit: number, site?: string): Promise<ProductLocation[]>;
}
