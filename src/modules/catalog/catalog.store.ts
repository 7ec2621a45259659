import { Cache } from '../../platform/cache.js';
import type { Database, Tx } from '../../platform/db/index.js';
import { pgErrorCode, runAfterCommit } from '../../platform/db/index.js';
import type { VariantInfo } from './catalog.contract.js';
import { CatalogErrors } from './catalog.errors.js';

/** How stale a cached public read may be when another process changed the data (ms). */
const CACHE_TTL_MS = 2_000;

/** A cache of the catalog's public reads: {@link CACHE_TTL_MS} ms at most, 2,000 entries. */
const readCache = () => new Cache<string, object>({ maxEntries: 2_000, ttlMs: CACHE_TTL_MS });

/** A stock figure a committed movement left on a variant, with the variant's stock version then. */
export type StockChange = { sku: string; onHand: number; version: number };
/** A cached {@link VariantInfo} and the stock version its `available` comes from. */
export type CachedVariant = { info: VariantInfo; version: number };

/**
 * What every part of the catalog shares: the database, the in-process read caches and the write
 * transaction that clears them. Public reads are cached for at most {@link CACHE_TTL_MS} ms.
 */
export class CatalogStore {
  /** Public reads that show stock (product lists, product pages): cleared by every local write. */
  readonly reads = readCache();
  /** Category rows and tree (with product counts): stock movements leave them alone. */
  readonly structure = readCache();
  /**
   * `variantsBySku`'s answers per SKU (key `variant:<sku>`, a {@link CachedVariant}): a sale or
   * release updates the figure in place once committed (newer stock version wins) instead of
   * dropping it, so the carts of a busy SKU do not all reload it; every other local write clears them.
   */
  readonly variants = readCache();

  constructor(readonly database: Database) {}

  /** The database handle (autocommit statements). */
  get db() {
    return this.database.db;
  }

  /** Drops cached public reads after a committed write: all of them, or (`stock`) those that show stock. */
  invalidate(scope: 'all' | 'stock' = 'all'): void {
    this.reads.clear();
    if (scope === 'all') {
      this.structure.clear();
      this.variants.clear();
    }
  }

  /**
   * After stock `changes` made in the caller's transaction `tx`: drops the reads that show stock
   * now and again once `tx` commits (a read in between would cache the figures as they were
   * before it), and then puts each new figure in the cached variant unless a newer one is there.
   * Outside a top-level transaction (no commit to wait for) the variants are dropped instead.
   */
  stockChangedOnCommit(tx: Tx, changes: StockChange[]): void {
    this.invalidate('stock');
    const committed = runAfterCommit(tx, () => {
      this.invalidate('stock');
      for (const change of changes) {
        const cached = this.variants.get<CachedVariant>(`variant:${change.sku}`);
        if (cached) this.cacheVariant({ info: { ...cached.info, available: change.onHand }, version: change.version }, this.variants.ticket());
      }
    });
    if (!committed) this.variants.clear();
  }

  /** Caches `entry` (loaded or updated when the cache was at `generation`) unless a newer stock version is cached. */
  cacheVariant(entry: CachedVariant, generation: number): void {
    const key = `variant:${entry.info.sku}`;
    const cached = this.variants.get<CachedVariant>(key);
    if (!cached || cached.version < entry.version) this.variants.set(key, entry, generation);
  }

  /** The public read cached under `key`, loaded with `load` on a miss. */
  cached<T extends object>(key: string, load: () => Promise<T>): Promise<T> {
    return this.reads.fetch(key, load);
  }

  /** Like {@link cached}, but keeps the JSON text, so hot public reads skip serialization. */
  async cachedJson(key: string, load: () => Promise<object>): Promise<string> {
    return (await this.cached(`json:${key}`, async () => ({ json: JSON.stringify(await load()) }))).json;
  }

  /**
   * Runs `fn` in a transaction of its own and clears every cached read afterwards (committed or
   * not). Unique and check violations that slipped past the checks (races) become 409s
   * (CATALOG.SKU_TAKEN, CATALOG.SLUG_TAKEN, INVENTORY.INSUFFICIENT_STOCK); other errors pass through.
   */
  async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.database.transaction(fn);
    } catch (err) {
      throw mapDbError(err);
    } finally {
      this.invalidate();
    }
  }
}

/** Turns constraint violations that slipped past the checks (races) into 409s. */
function mapDbError(err: unknown): unknown {
  const pgErr = pgErrorCode(err);
  if (pgErr?.code === '23505') {
    if (pgErr.constraint?.includes('sku')) return CatalogErrors.skuTaken('(duplicate)');
    if (pgErr.constraint?.includes('slug')) return CatalogErrors.slugTaken('(duplicate)');
  }
  if (pgErr?.code === '23514' && pgErr.constraint === 'variant_on_hand_ck') return CatalogErrors.insufficientStock('(variant)', 0, 0);
  return err;
}
