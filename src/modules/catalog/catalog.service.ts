import type { Database, Tx } from '../../platform/db/index.js';
import { CatalogCategories } from './catalog.categories.js';
import type { CatalogContract, ImportedProduct, ProductLocation, StockLine, VariantInfo } from './catalog.contract.js';
import type { CategoryNode, Page, ProductDto } from './catalog.dto.js';
import type { ProductListQuery } from './catalog.schemas.js';
import type { ProductSnapshot } from './catalog.events.js';
import { importProducts } from './catalog.import.js';
import { CatalogInventory } from './catalog.inventory.js';
import { CatalogProductWrites } from './catalog.product-writes.js';
import { CatalogProducts } from './catalog.products.js';
import { CatalogStore } from './catalog.store.js';

/**
 * The catalog: its parts over one {@link CatalogStore} (database and read caches), and the
 * contract other modules and flows use. Methods that change data open their own transaction (or
 * take the caller's `tx`), write the matching events to the outbox in it, and clear the cached
 * reads they made stale.
 */
export class CatalogService implements CatalogContract {
  private readonly store: CatalogStore;
  /** The category tree and its back-office writes. */
  readonly categories: CatalogCategories;
  /** Product reads: storefront (cached), back office, variants for carts, snapshots. */
  readonly products: CatalogProducts;
  /** The back office's product writes. */
  readonly productWrites: CatalogProductWrites;
  /** The inventory ledger: movements, sales, releases, low stock, availability. */
  readonly inventory: CatalogInventory;

  constructor(database: Database) {
    this.store = new CatalogStore(database);
    this.categories = new CatalogCategories(this.store);
    this.products = new CatalogProducts(this.store, this.categories);
    this.productWrites = new CatalogProductWrites(this.store);
    this.inventory = new CatalogInventory(this.store);
  }

  /** See {@link CatalogContract.variantsBySku}. */
  variantsBySku(skus: string[], tx?: Tx, site?: string): Promise<VariantInfo[]> {
    return this.products.variantsBySku(skus, tx, site);
  }

  /** See {@link CatalogContract.sellStock}. */
  sellStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null, label?: string): Promise<void> {
    return this.inventory.sellStock(tx, lines, reference, actor, label);
  }

  /** See {@link CatalogContract.releaseStock}. */
  releaseStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null, label?: string): Promise<void> {
    return this.inventory.putBack(tx, 'release', lines, reference, actor, label);
  }

  /** See {@link CatalogContract.returnStock}. */
  returnStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null, label: string): Promise<void> {
    return this.inventory.putBack(tx, 'return', lines, reference, actor, label);
  }

  /** See {@link CatalogContract.importProducts}. */
  importProducts(tx: Tx, items: ImportedProduct[], openingStock: number): Promise<{ created: number }> {
    return importProducts(this.store, tx, items, openingStock);
  }

  /** See {@link CatalogContract.listSnapshots}. */
  listSnapshots(afterId: string | null, limit: number): Promise<ProductSnapshot[]> {
    return this.products.listSnapshots(afterId, limit);
  }

  /** See {@link CatalogContract.countProducts}. */
  countProducts(): Promise<number> {
    return this.products.count();
  }

  /** See {@link CatalogContract.product}. */
  product(idOrSlug: string, site?: string): Promise<ProductDto> {
    return this.products.get(idOrSlug, site);
  }

  /** See {@link CatalogContract.productSites}. */
  productSites(idOrSlug: string, within?: string[]): Promise<{ id: string; sites: string[] }> {
    return this.products.activeSites(idOrSlug, within);
  }

  /** See {@link CatalogContract.listProducts}. */
  listProducts(query: ProductListQuery, site?: string): Promise<Page<ProductDto>> {
    return this.products.list(query, site);
  }

  /** See {@link CatalogContract.categoryTree}. */
  categoryTree(site?: string): Promise<CategoryNode[]> {
    return this.categories.tree(site);
  }

  /** See {@link CatalogContract.productLocations}. */
  productLocations(limit: number, site?: string): Promise<ProductLocation[]> {
    return this.products.locations(limit, site);
  }
}
