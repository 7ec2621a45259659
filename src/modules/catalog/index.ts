/**
 * Catalog module: categories (tree), products, variants (SKU), prices and cost prices, the
 * inventory ledger. This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { ObjectStore } from '../../platform/storage/index.js';
import type { InternalSurface } from '../../platform/http/internal.js';
import type { CatalogContract } from './catalog.contract.js';
import { join } from 'node:path';
import { catalogMediaRoutes, catalogRoutes } from './catalog.routes.js';
import { CatalogService } from './catalog.service.js';
import type { LedgerNames } from './catalog.inventory.js';

export type {
  CatalogContract, CategoryNode, ImportedProduct, Money, Page, ProductDto, ProductListQuery, ProductLocation, ProductSnapshot, StockLine, VariantInfo,
} from './catalog.contract.js';
export type { CatalogEvents, CatalogEventName } from './catalog.events.js';
/** The payload schemas of the catalog events (defined with the platform when this module is loaded). */
export { catalogEvents } from './catalog.events.js';
export type { LedgerNames } from './catalog.inventory.js';

/**
 * The catalog's contract methods served on `/internal/catalog/*` in services mode, for modules
 * that run in another service on their own database: search backfills its index from the
 * snapshots; recommendations reads products (and, for pins, their sites), variants and the category tree.
 */
export const CATALOG_INTERNAL = {
  countProducts: { idempotent: true },
  listSnapshots: { idempotent: true },
  variantsBySku: { idempotent: true },
  product: { idempotent: true },
  productSites: { idempotent: true },
  categoryTree: { idempotent: true },
} as const satisfies InternalSurface<CatalogContract, 'countProducts' | 'listSnapshots' | 'variantsBySku' | 'product' | 'productSites' | 'categoryTree'>;

/** What search needs of the catalog: the snapshots it backfills its read model from. */
export type CatalogSnapshots = Pick<CatalogContract, 'countProducts' | 'listSnapshots'>;
/** What recommendations needs of the catalog (never inside a transaction: `variantsBySku` without `tx`). */
export type CatalogReads = Pick<CatalogContract, 'variantsBySku' | 'product' | 'productSites' | 'categoryTree'>;

/**
 * Creates the catalog module and its contract. `deps.names` (given by the composition root, from
 * identity's and orders' contracts) puts the stock ledger in words: staff names and order numbers;
 * `deps.storage` (the platform's object store: local files, or S3-compatible) keeps the product
 * images.
 */
export function createCatalogModule(ctx: ModuleContext, deps: { names?: LedgerNames; storage: ObjectStore }): AppModule & { contract: CatalogContract } {
  const service = new CatalogService(ctx.database);
  const contract: CatalogContract = service;
  return {
    name: 'catalog',
    migrations: { name: 'catalog', folder: 'src/modules/catalog/db/migrations' },
    routes: async (server) => {
      catalogRoutes(server, service, deps.names);
      await catalogMediaRoutes(server, service, { storage: deps.storage, legacyDir: join(ctx.config.dataDir, 'uploads') });
    },
    contract,
  };
}
