import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { bulkInsert, commitWithNextStatement, pgErrorCode, prepared, rows, runAfterCommit } from '../../platform/db/index.js';
import { eventStatement, publish, publishMany } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import type { CatalogEvents, Money, ProductSnapshot } from './catalog.events.js';
import type { AvailabilityLine, ImportedProduct, StockLine, VariantInfo } from './catalog.contract.js';
import { CatalogErrors } from './catalog.errors.js';
import type {
  AdminProductListQuery, CategoryCreateBody, CategoryUpdateBody, MovementBody, ProductCreateBody, ProductListQuery, ProductUpdateBody, VariantInput,
} from './catalog.schemas.js';
import { category, product, stockMovement, variant } from './db/schema.js';
import { slugify, uniqueSlug } from './domain/slug.js';
import { movementQuantityError, type MovementType } from './domain/stock.js';

type CategoryRow = typeof category.$inferSelect;
type ProductRow = typeof product.$inferSelect;
type VariantRow = typeof variant.$inferSelect;

/** A variant as the public API shows it. */
export interface VariantDto { id: string; sku: string; title: string; options: Record<string, string>; price: Money; available: number }
/** A variant as the back office shows it. */
export interface AdminVariantDto extends VariantDto { costPrice: Money | null; onHand: number; lowStockThreshold: number }
/** A product with its category and variants. Times ISO 8601 UTC; `price` is the lowest variant price. */
export interface ProductDto<V extends VariantDto = VariantDto> {
  id: string; slug: string; title: string; description: string; status: ProductRow['status'];
  category: { id: string; name: string; slug: string }; images: { url: string; alt?: string }[];
  price: Money; inStock: boolean; variants: V[]; createdAt: string; updatedAt: string;
}
/** A category tree node with the number of active products in it and below it. */
export interface CategoryNode { id: string; name: string; slug: string; parentId: string | null; position: number; productCount: number; children: CategoryNode[] }
/** A page of results. */
export interface Page<T> { data: T[]; pagination: { total: number; limit: number; page: number } }
/** A ledger entry as the API shows it. */
export interface MovementDto { id: string; sku: string; type: MovementType; quantity: number; reason: string; actor: string | null; onHandAfter: number; createdAt: string }

const iso = (d: Date | string) => new Date(d).toISOString();

/** How stale a cached public read may be when another process changed the data (ms). */
export const CACHE_TTL_MS = 2_000;

const P = sql.placeholder;
/**
 * One stock movement in one statement: the on-hand change of `sku` by `quantity` (the stock
 * version moves on), its ledger line (`id`, `type`, `reason`, `actor`, `reference`) and its
 * events (`stock.changed` as `changedId`, and `stock.low` as `lowId` when the figure crosses the
 * threshold), with the transaction's events published and not written yet (a sale locks the
 * variant row: only the commit then follows the lock); it answers the variant's row after the change. A change that would take
 * on-hand below zero, or an unknown SKU, changes nothing and fails in SQL
 * (`catalog.refuse_sale`, migration 0002: P0001 with the on-hand as detail, or P0002), so its
 * transaction commits nothing, even with the COMMIT written behind it (see
 * {@link commitWithNextStatement}).
 */
const moveStockSql = eventStatement<{ id: string; product_id: string; on_hand: number; stock_version: number; created_at: string }>(
  (_db, outbox) => sql`with updated as (
      update catalog.variant set on_hand = on_hand + ${P('quantity')}::int, stock_version = stock_version + 1, updated_at = now()
      where sku = ${P('sku')} and on_hand + ${P('quantity')}::int >= 0
      returning id, product_id, sku, on_hand, stock_version, low_stock_threshold
    ), movement as (
      insert into catalog.stock_movement (id, variant_id, sku, type, quantity, reason, actor, reference, on_hand_after)
      select ${P('id')}, updated.id, updated.sku, ${P('type')}, ${P('quantity')}::int, ${P('reason')}, ${P('actor')}, ${P('reference')}, updated.on_hand
      from updated returning created_at
    ), pending as (${outbox.pending()}), events as (${outbox.insert(sql`
      select ${P('changedId')}, 'stock.changed', jsonb_build_object('sku', u.sku, 'variantId', u.id, 'productId', u.product_id,
               'onHand', u.on_hand, 'available', u.on_hand, 'delta', ${P('quantity')}::int, 'movementType', ${P('type')}::text), u.product_id
      from updated u
      union all
      select ${P('lowId')}, 'stock.low', jsonb_build_object('sku', u.sku, 'variantId', u.id, 'productId', u.product_id,
               'onHand', u.on_hand, 'threshold', u.low_stock_threshold), u.product_id
      from updated u where u.on_hand < u.low_stock_threshold and u.on_hand - ${P('quantity')}::int >= u.low_stock_threshold`)})
    select updated.id, updated.product_id, updated.on_hand, updated.stock_version, movement.created_at from updated, movement
    union all
    select null, null, catalog.refuse_sale(${P('sku')}, -${P('quantity')}::int), null, null where not exists (select 1 from updated)`,
);

/** A stock figure a committed movement left on a variant, with the variant's stock version then. */
type StockChange = { sku: string; onHand: number; version: number };
/** A cached {@link VariantInfo} and the stock version its `available` comes from. */
type CachedVariant = { info: VariantInfo; version: number };

/** The variants of the SKUs `skus` (a text array) with their product (see {@link CatalogService.variantsBySku}). */
const variantsBySkuQuery = prepared((db) =>
  db
    .select({
      v: { id: variant.id, sku: variant.sku, title: variant.title, priceAmount: variant.priceAmount, priceCurrency: variant.priceCurrency, onHand: variant.onHand, stockVersion: variant.stockVersion },
      p: { id: product.id, slug: product.slug, title: product.title, status: product.status, categoryId: product.categoryId },
    })
    .from(variant)
    .innerJoin(product, eq(product.id, variant.productId))
    .where(sql`${variant.sku} = any(${sql.placeholder('skus')}::text[])`),
);

/**
 * Catalog and inventory domain logic. Methods that change data open their own transaction (or
 * take the caller's `tx`), write the matching events to the outbox in it, and clear the read
 * cache once committed. Public reads are cached in process for at most {@link CACHE_TTL_MS} ms.
 */
/**
 * An in-process read cache: entries live at most {@link CACHE_TTL_MS} ms; concurrent misses of a
 * key share one load (no stampede on expiry); a load that started before a {@link clear} is not kept.
 */
class ReadCache {
  private readonly entries = new LRUCache<string, object>({ max: 2_000, ttl: CACHE_TTL_MS });
  private readonly inflight = new Map<string, Promise<object>>();
  private generation = 0;

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.inflight.clear();
  }

  /** The value cached under `key`, if any (no load). */
  peek<T extends object>(key: string): T | undefined {
    return this.entries.get(key) as T | undefined;
  }

  /** Token for {@link put}: what a load started now must present to be cached. */
  get generationNow(): number {
    return this.generation;
  }

  /** Caches `value` under `key` unless the cache was cleared since `generation` (a load that raced a write). */
  put(key: string, value: object, generation: number): void {
    if (generation === this.generation) this.entries.set(key, value);
  }

  get<T extends object>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as T | undefined;
    if (hit) return Promise.resolve(hit);
    let pending = this.inflight.get(key) as Promise<T> | undefined;
    if (!pending) {
      const generation = this.generation;
      pending = load()
        .then((value) => {
          if (generation === this.generation) this.entries.set(key, value);
          return value;
        })
        .finally(() => {
          if (this.inflight.get(key) === pending) this.inflight.delete(key);
        });
      this.inflight.set(key, pending);
    }
    return pending;
  }
}

/**
 * Catalog and inventory domain logic. Methods that change data open their own transaction (or
 * take the caller's `tx`), write the matching events to the outbox in it, and clear the read
 * cache once committed. Public reads are cached in process for at most {@link CACHE_TTL_MS} ms.
 */
export class CatalogService {
  /** Public reads that show stock (product lists, product pages): cleared by every local write. */
  private readonly reads = new ReadCache();
  /** Category rows and tree (with product counts): stock movements leave them alone. */
  private readonly structure = new ReadCache();
  /**
   * {@link variantsBySku}'s answers per SKU with the variant's stock version: a sale or release
   * updates the figure in place once committed (newer version wins) instead of dropping it, so
   * the carts of a busy SKU do not all reload it; every other local write clears them.
   */
  private readonly variants = new ReadCache();

  constructor(private readonly database: Database) {}

  private get db() {
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
  private stockChangedOnCommit(tx: Tx, changes: StockChange[]): void {
    this.invalidate('stock');
    const committed = runAfterCommit(tx, () => {
      this.invalidate('stock');
      for (const change of changes) {
        const cached = this.variants.peek<CachedVariant>(`variant:${change.sku}`);
        if (cached) this.cacheVariant({ info: { ...cached.info, available: change.onHand }, version: change.version }, this.variants.generationNow);
      }
    });
    if (!committed) this.variants.clear();
  }

  /** Caches `entry` (loaded or updated when the cache was at `generation`) unless a newer stock version is cached. */
  private cacheVariant(entry: CachedVariant, generation: number): void {
    const key = `variant:${entry.info.sku}`;
    const cached = this.variants.peek<CachedVariant>(key);
    if (!cached || cached.version < entry.version) this.variants.put(key, entry, generation);
  }

  private cached<T extends object>(key: string, load: () => Promise<T>): Promise<T> {
    return this.reads.get(key, load);
  }

  /** Like {@link cached}, but keeps the JSON text, so hot public reads skip serialization. */
  private async cachedJson(key: string, load: () => Promise<object>): Promise<string> {
    return (await this.cached(`json:${key}`, async () => ({ json: JSON.stringify(await load()) }))).json;
  }

  private async write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.database.transaction(fn);
    } catch (err) {
      throw mapDbError(err);
    } finally {
      this.invalidate();
    }
  }

  // ---------------------------------------------------------------- categories

  private async allCategories(exec: Executor): Promise<CategoryRow[]> {
    return exec.select().from(category).orderBy(asc(category.position), asc(category.name));
  }

  /** The category tree with active-product counts rolled up to ancestors. */
  async categoryTree(): Promise<CategoryNode[]> {
    return this.structure.get('categories', async () => {
      const cats = await this.allCategories(this.db);
      const counts = await this.db
        .select({ categoryId: product.categoryId, n: count() })
        .from(product)
        .where(eq(product.status, 'active'))
        .groupBy(product.categoryId);
      const direct = new Map(counts.map((c) => [c.categoryId, Number(c.n)]));
      const nodes = new Map<string, CategoryNode>(
        cats.map((c) => [c.id, { id: c.id, name: c.name, slug: c.slug, parentId: c.parentId, position: c.position, productCount: 0, children: [] }]),
      );
      const roots: CategoryNode[] = [];
      for (const node of nodes.values()) {
        const parent = node.parentId ? nodes.get(node.parentId) : undefined;
        if (parent) parent.children.push(node);
        else roots.push(node);
      }
      const total = (node: CategoryNode): number => {
        node.productCount = (direct.get(node.id) ?? 0) + node.children.reduce((sum, child) => sum + total(child), 0);
        return node.productCount;
      };
      roots.forEach(total);
      return roots;
    });
  }

  private async findCategory(exec: Executor, idOrSlug: string): Promise<CategoryRow | undefined> {
    const [row] = await exec.select().from(category).where(sql`${category.id} = ${idOrSlug} or ${category.slug} = ${idOrSlug}`).limit(1);
    return row;
  }

  /** Ids of the category `idOrSlug` and all its descendants; null when there is no such category. */
  private async categoryAndDescendants(exec: Executor, idOrSlug: string): Promise<string[] | null> {
    const found = await rows<{ id: string }>(
      exec,
      sql`with recursive tree as (
            select id from catalog.category where id = ${idOrSlug} or slug = ${idOrSlug}
            union all
            select c.id from catalog.category c join tree t on c.parent_id = t.id)
          select id from tree`,
    );
    return found.length ? found.map((r) => r.id) : null;
  }

  private pathOf(cats: Map<string, CategoryRow>, id: string): CategoryRow[] {
    const path: CategoryRow[] = [];
    for (let c = cats.get(id); c && path.length < 50; c = c.parentId ? cats.get(c.parentId) : undefined) path.unshift(c);
    return path;
  }

  private async categoryEvent(tx: Tx, row: CategoryRow) {
    const cats = new Map((await this.allCategories(tx)).map((c) => [c.id, c]));
    const path = this.pathOf(cats, row.id);
    const payload: CatalogEvents['category.updated'] = {
      category: { id: row.id, name: row.name, slug: row.slug, parentId: row.parentId, pathIds: path.map((c) => c.id), pathNames: path.map((c) => c.name) },
    };
    await publish(tx, 'category.updated', payload, row.id);
  }

  private async assertParentAcceptsChildren(tx: Tx, parentId: string): Promise<CategoryRow> {
    const parent = await this.findCategory(tx, parentId);
    if (!parent) throw CatalogErrors.categoryNotFound(parentId);
    const [held] = await tx.select({ n: count() }).from(product).where(eq(product.categoryId, parent.id));
    if (Number(held?.n ?? 0) > 0) throw CatalogErrors.parentHasProducts(parent.name);
    return parent;
  }

  /**
   * Creates a category (root when `parentId` is absent). The slug comes from the name unless given.
   * @throws 404 CATALOG.CATEGORY_NOT_FOUND (parent), 409 CATALOG.PARENT_HAS_PRODUCTS, 409 CATALOG.SLUG_TAKEN.
   */
  async createCategory(input: CategoryCreateBody) {
    return this.write(async (tx) => {
      if (input.parentId) await this.assertParentAcceptsChildren(tx, input.parentId);
      const slug = input.slug ?? (await this.freeCategorySlug(tx, slugify(input.name)));
      const [row] = await tx
        .insert(category)
        .values({ id: newId('cat'), name: input.name.trim(), slug, parentId: input.parentId ?? null, position: input.position ?? 0 })
        .returning();
      await this.categoryEvent(tx, row!);
      return toCategory(row!);
    });
  }

  private async freeCategorySlug(exec: Executor, base: string): Promise<string> {
    const taken = new Set((await exec.select({ slug: category.slug }).from(category).where(sql`${category.slug} like ${base + '%'}`)).map((r) => r.slug));
    return uniqueSlug(base, (s) => taken.has(s));
  }

  /**
   * Renames, re-slugs or moves a category.
   * @throws 404 CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.CATEGORY_CYCLE, 409 CATALOG.PARENT_HAS_PRODUCTS, 409 CATALOG.SLUG_TAKEN.
   */
  async updateCategory(id: string, input: CategoryUpdateBody) {
    return this.write(async (tx) => {
      const current = await this.findCategory(tx, id);
      if (!current) throw CatalogErrors.categoryNotFound(id);
      if (input.parentId) {
        const below = await this.categoryAndDescendants(tx, current.id);
        const parent = await this.findCategory(tx, input.parentId);
        if (!parent) throw CatalogErrors.categoryNotFound(input.parentId);
        if (below?.includes(parent.id)) throw CatalogErrors.categoryCycle();
        await this.assertParentAcceptsChildren(tx, parent.id);
      }
      const [row] = await tx
        .update(category)
        .set({
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.slug !== undefined ? { slug: input.slug } : {}),
          ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
          ...(input.position !== undefined ? { position: input.position } : {}),
          updatedAt: new Date(),
        })
        .where(eq(category.id, current.id))
        .returning();
      await this.categoryEvent(tx, row!);
      return toCategory(row!);
    });
  }

  /** Deletes an empty category. @throws 404 CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.CATEGORY_NOT_EMPTY. */
  async deleteCategory(id: string): Promise<void> {
    await this.write(async (tx) => {
      const current = await this.findCategory(tx, id);
      if (!current) throw CatalogErrors.categoryNotFound(id);
      const [children] = await tx.select({ n: count() }).from(category).where(eq(category.parentId, current.id));
      const [products] = await tx.select({ n: count() }).from(product).where(eq(product.categoryId, current.id));
      if (Number(children?.n) > 0 || Number(products?.n) > 0) throw CatalogErrors.categoryNotEmpty(current.name);
      await tx.delete(category).where(eq(category.id, current.id));
    });
  }

  /** Resolves a category for a product: it must exist and be a leaf. */
  private async leafCategory(tx: Tx, id: string): Promise<CategoryRow> {
    const found = await this.findCategory(tx, id);
    if (!found) throw CatalogErrors.categoryNotFound(id);
    const [children] = await tx.select({ n: count() }).from(category).where(eq(category.parentId, found.id));
    if (Number(children?.n) > 0) throw CatalogErrors.notLeafCategory(found.name);
    return found;
  }

  // ---------------------------------------------------------------- products (reads)

  /** Loads products by id, in the given order, with category and variants. */
  private async loadProducts(exec: Executor, ids: string[]): Promise<ProductDto<AdminVariantDto>[]> {
    if (ids.length === 0) return [];
    // One after the other: `exec` may be a transaction, whose single connection runs one query at a time.
    const products = await exec
      .select({ p: product, c: { id: category.id, name: category.name, slug: category.slug } })
      .from(product)
      .innerJoin(category, eq(category.id, product.categoryId))
      .where(inArray(product.id, ids));
    const variants = await exec.select().from(variant).where(inArray(variant.productId, ids)).orderBy(asc(variant.position), asc(variant.sku));
    const byProduct = new Map<string, VariantRow[]>();
    for (const v of variants) {
      const list = byProduct.get(v.productId) ?? [];
      list.push(v);
      byProduct.set(v.productId, list);
    }
    const byId = new Map(products.map(({ p, c }) => [p.id, toProduct(p, c, byProduct.get(p.id) ?? [])]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async listIds(exec: Executor, q: { categoryIds?: string[]; minPrice?: number; maxPrice?: number; inStock?: boolean; status?: string; text?: string; sort: string; limit: number; page: number }) {
    const where = [sql`true`];
    if (q.status) where.push(sql`p.status = ${q.status}`);
    if (q.categoryIds) where.push(sql`p.category_id in (${sql.join(q.categoryIds.map((id) => sql`${id}`), sql`, `)})`);
    if (q.minPrice !== undefined) where.push(sql`v.min_price >= ${q.minPrice}`);
    if (q.maxPrice !== undefined) where.push(sql`v.min_price <= ${q.maxPrice}`);
    if (q.inStock === true) where.push(sql`v.max_on_hand > 0`);
    if (q.inStock === false) where.push(sql`v.max_on_hand = 0`);
    if (q.text) {
      const like = `%${q.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      where.push(sql`(p.title ilike ${like} or exists (select 1 from catalog.variant s where s.product_id = p.id and s.sku ilike ${like}))`);
    }
    const order = {
      newest: sql`p.created_at desc, p.id desc`,
      price: sql`v.min_price asc, p.id asc`,
      '-price': sql`v.min_price desc, p.id desc`,
      title: sql`p.title asc, p.id asc`,
    }[q.sort] ?? sql`p.created_at desc, p.id desc`;
    const found = await rows<{ id: string; total: number }>(
      exec,
      sql`select p.id, (count(*) over ())::int as total
          from catalog.product p
          join lateral (select min(price_amount) as min_price, max(on_hand) as max_on_hand from catalog.variant where product_id = p.id) v on true
          where ${sql.join(where, sql` and `)}
          order by ${order}
          limit ${q.limit} offset ${(q.page - 1) * q.limit}`,
    );
    let total = found[0]?.total ?? 0;
    if (found.length === 0 && q.page > 1) {
      const [c] = await rows<{ total: number }>(
        exec,
        sql`select count(*)::int as total from catalog.product p
            join lateral (select min(price_amount) as min_price, max(on_hand) as max_on_hand from catalog.variant where product_id = p.id) v on true
            where ${sql.join(where, sql` and `)}`,
      );
      total = c?.total ?? 0;
    }
    return { ids: found.map((r) => r.id), total };
  }

  /** {@link listProducts} as JSON text (cached). */
  listProductsJson(query: ProductListQuery): Promise<string> {
    const key = JSON.stringify([query.category, query.minPrice, query.maxPrice, query.inStock, query.sort, query.page, query.limit]);
    return this.cachedJson(`list:${key}`, () => this.listProducts(query));
  }

  /** {@link getProduct} as JSON text (cached). @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  getProductJson(idOrSlug: string): Promise<string> {
    return this.cachedJson(`product:${idOrSlug}`, () => this.getProduct(idOrSlug));
  }

  /**
   * Active products, filtered and sorted, one page at a time. An unknown category gives an empty page.
   * Cached for up to 2 s (cleared by local writes).
   */
  async listProducts(query: ProductListQuery): Promise<Page<ProductDto>> {
    const key = `list:${JSON.stringify([query.category, query.minPrice, query.maxPrice, query.inStock, query.sort, query.page, query.limit])}`;
    return this.cached(key, async () => {
      const categoryIds = query.category ? ((await this.categoryAndDescendants(this.db, query.category)) ?? []) : undefined;
      if (categoryIds && categoryIds.length === 0) return { data: [], pagination: { total: 0, limit: query.limit, page: query.page } };
      const { ids, total } = await this.listIds(this.db, { ...query, categoryIds, status: 'active', sort: query.sort ?? 'newest' });
      const data = (await this.loadProducts(this.db, ids)).map(toPublic);
      return { data, pagination: { total, limit: query.limit, page: query.page } };
    });
  }

  /** An active product by id or slug. @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  async getProduct(idOrSlug: string): Promise<ProductDto> {
    return this.cached(`product:${idOrSlug}`, async () => {
      const [row] = await this.db
        .select({ id: product.id })
        .from(product)
        .where(and(eq(product.status, 'active'), sql`(${product.id} = ${idOrSlug} or ${product.slug} = ${idOrSlug})`))
        .limit(1);
      const [found] = row ? await this.loadProducts(this.db, [row.id]) : [];
      if (!found) throw CatalogErrors.productNotFound(idOrSlug);
      return toPublic(found);
    });
  }

  /** Products of any status for the back office (cost prices included). */
  async listProductsAdmin(query: AdminProductListQuery): Promise<Page<ProductDto<AdminVariantDto>>> {
    const categoryIds = query.category ? ((await this.categoryAndDescendants(this.db, query.category)) ?? []) : undefined;
    if (categoryIds && categoryIds.length === 0) return { data: [], pagination: { total: 0, limit: query.limit, page: query.page } };
    const { ids, total } = await this.listIds(this.db, { ...query, categoryIds, text: query.q, sort: query.sort ?? 'newest' });
    return { data: await this.loadProducts(this.db, ids), pagination: { total, limit: query.limit, page: query.page } };
  }

  /** Any product by id or slug, for the back office. @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  async getProductAdmin(idOrSlug: string, exec: Executor = this.db): Promise<ProductDto<AdminVariantDto>> {
    const [row] = await exec.select({ id: product.id }).from(product).where(sql`${product.id} = ${idOrSlug} or ${product.slug} = ${idOrSlug}`).limit(1);
    const [found] = row ? await this.loadProducts(exec, [row.id]) : [];
    if (!found) throw CatalogErrors.productNotFound(idOrSlug);
    return found;
  }

  // ---------------------------------------------------------------- products (writes)

  private async freeProductSlug(exec: Executor, base: string): Promise<string> {
    const taken = new Set((await exec.select({ slug: product.slug }).from(product).where(sql`${product.slug} like ${base + '%'}`)).map((r) => r.slug));
    return uniqueSlug(base, (s) => taken.has(s));
  }

  private checkVariants(variants: VariantInput[]) {
    const skus = new Set<string>();
    const currencies = new Set<string>();
    for (const v of variants) {
      if (skus.has(v.sku)) throw CatalogErrors.invalidVariants(`SKU ${v.sku} is listed twice`);
      skus.add(v.sku);
      currencies.add(v.price.currency);
    }
    if (currencies.size > 1) throw CatalogErrors.invalidVariants('All variants of a product must be priced in one currency');
  }

  /** Event snapshots of products (by id, in order) inside `exec`. */
  private async snapshots(exec: Executor, ids: string[]): Promise<ProductSnapshot[]> {
    const products = await this.loadProducts(exec, ids);
    const cats = new Map((await this.allCategories(exec)).map((c) => [c.id, c]));
    return products.map((p) => {
      const path = this.pathOf(cats, p.category.id);
      return {
        id: p.id, slug: p.slug, title: p.title, description: p.description, status: p.status,
        category: { ...p.category, pathIds: path.map((c) => c.id), pathNames: path.map((c) => c.name) },
        images: p.images, price: p.price,
        variants: p.variants.map((v) => ({ id: v.id, sku: v.sku, title: v.title, price: v.price, available: v.available })),
        createdAt: p.createdAt, updatedAt: p.updatedAt,
      };
    });
  }

  /** The event snapshot of one product inside `tx`. */
  private async snapshot(exec: Executor, id: string): Promise<ProductSnapshot> {
    const [snap] = await this.snapshots(exec, [id]);
    if (!snap) throw CatalogErrors.productNotFound(id);
    return snap;
  }

  /**
   * Creates a product and its variants in one transaction and publishes `product.created`.
   * @throws 404 CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.NOT_LEAF_CATEGORY, 409 CATALOG.SKU_TAKEN,
   *   409 CATALOG.SLUG_TAKEN, 400 CATALOG.INVALID_VARIANTS.
   */
  async createProduct(input: ProductCreateBody): Promise<ProductDto<AdminVariantDto>> {
    this.checkVariants(input.variants);
    return this.write(async (tx) => {
      const cat = await this.leafCategory(tx, input.categoryId);
      const [skuOwner] = await tx.select({ sku: variant.sku }).from(variant).where(inArray(variant.sku, input.variants.map((v) => v.sku))).limit(1);
      if (skuOwner) throw CatalogErrors.skuTaken(skuOwner.sku);
      if (input.slug && (await tx.select({ id: product.id }).from(product).where(eq(product.slug, input.slug))).length) throw CatalogErrors.slugTaken(input.slug);
      const id = newId('prod');
      const slug = input.slug ?? (await this.freeProductSlug(tx, slugify(input.title)));
      await tx.insert(product).values({
        id, slug, title: input.title.trim(), description: input.description ?? '', status: input.status ?? 'draft', categoryId: cat.id, images: input.images ?? [],
      });
      await tx.insert(variant).values(input.variants.map((v, i) => variantValues(id, v, i)));
      const snap = await this.snapshot(tx, id);
      await publish(tx, 'product.created', { product: snap }, id);
      return this.getProductAdmin(id, tx);
    });
  }

  /**
   * Updates a product; `variants` are upserted by SKU in the same transaction. Publishes `product.updated`.
   * @throws 404 CATALOG.PRODUCT_NOT_FOUND / CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.NOT_LEAF_CATEGORY,
   *   409 CATALOG.SKU_TAKEN (SKU of another product), 409 CATALOG.SLUG_TAKEN, 400 CATALOG.INVALID_VARIANTS.
   */
  async updateProduct(idOrSlug: string, input: ProductUpdateBody): Promise<ProductDto<AdminVariantDto>> {
    if (input.variants) this.checkVariants(input.variants);
    return this.write(async (tx) => {
      const current = await this.getProductAdmin(idOrSlug, tx);
      const categoryId = input.categoryId ? (await this.leafCategory(tx, input.categoryId)).id : undefined;
      if (input.slug && input.slug !== current.slug && (await tx.select({ id: product.id }).from(product).where(eq(product.slug, input.slug))).length) {
        throw CatalogErrors.slugTaken(input.slug);
      }
      if (input.variants) {
        const currency = input.variants[0]!.price.currency;
        const kept = current.variants.filter((v) => !input.variants!.some((n) => n.sku === v.sku));
        if (kept.some((v) => v.price.currency !== currency)) throw CatalogErrors.invalidVariants('All variants of a product must be priced in one currency');
        const owners = await tx.select({ sku: variant.sku, productId: variant.productId }).from(variant).where(inArray(variant.sku, input.variants.map((v) => v.sku)));
        const foreign = owners.find((o) => o.productId !== current.id);
        if (foreign) throw CatalogErrors.skuTaken(foreign.sku);
        for (const [i, v] of input.variants.entries()) {
          const values = variantValues(current.id, v, current.variants.length + i);
          const existing = current.variants.find((x) => x.sku === v.sku);
          if (existing) {
            await tx
              .update(variant)
              .set({
                ...(v.title !== undefined ? { title: v.title } : {}),
                ...(v.options !== undefined ? { options: v.options } : {}),
                priceAmount: values.priceAmount, priceCurrency: values.priceCurrency,
                ...(v.costPrice !== undefined ? { costAmount: values.costAmount, costCurrency: values.costCurrency } : {}),
                ...(v.lowStockThreshold !== undefined ? { lowStockThreshold: v.lowStockThreshold } : {}),
                updatedAt: new Date(),
              })
              .where(eq(variant.id, existing.id));
          } else {
            await tx.insert(variant).values(values);
          }
        }
      }
      await tx
        .update(product)
        .set({
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.slug !== undefined ? { slug: input.slug } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(input.images !== undefined ? { images: input.images } : {}),
          ...(categoryId ? { categoryId } : {}),
          updatedAt: new Date(),
        })
        .where(eq(product.id, current.id));
      const snap = await this.snapshot(tx, current.id);
      await publish(tx, 'product.updated', { product: snap }, current.id);
      return this.getProductAdmin(current.id, tx);
    });
  }

  /** Archives a product (hidden from the storefront, kept for order history). @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  async archiveProduct(idOrSlug: string) {
    return this.updateProduct(idOrSlug, { status: 'archived' });
  }

  // ---------------------------------------------------------------- inventory

  /**
   * Records a stock movement and updates on-hand in the same transaction with a guarded UPDATE,
   * so concurrent movements can never take stock below zero. Publishes `stock.changed`.
   * @throws 400 INVENTORY.INVALID_QUANTITY, 404 INVENTORY.SKU_NOT_FOUND, 409 INVENTORY.INSUFFICIENT_STOCK.
   */
  async recordMovement(input: MovementBody & { actor?: string | null; reference?: string }): Promise<{ movement: MovementDto; onHand: number }> {
    const { movement, onHand } = await this.write((t) => this.moveStock(input, t));
    return { movement, onHand };
  }

  /**
   * {@link recordMovement} inside `t`, also answering the variant's new stock version (see
   * {@link moveStockSql}). A movement that cannot be made fails `t`, which must roll back.
   * `last`: `t` ends with it, its COMMIT written behind it where the driver can.
   * @throws as {@link recordMovement}: 400 INVENTORY.INVALID_QUANTITY, 404 INVENTORY.SKU_NOT_FOUND,
   *   409 INVENTORY.INSUFFICIENT_STOCK.
   */
  private async moveStock(input: MovementBody & { actor?: string | null; reference?: string }, t: Tx, last = false): Promise<{ movement: MovementDto; onHand: number; version: number }> {
    const problem = movementQuantityError(input.type, input.quantity);
    if (problem) throw CatalogErrors.invalidQuantity(problem);
    const id = newId('mov');
    const q = input.quantity;
    const values = {
      id, sku: input.sku, quantity: q, type: input.type, reason: input.reason, actor: input.actor ?? null, reference: input.reference ?? null,
      changedId: newId('evt'), lowId: newId('evt'),
    };
    if (last) await commitWithNextStatement(t);
    let updated: Awaited<ReturnType<typeof moveStockSql.run>>[number] | undefined;
    try {
      [updated] = await moveStockSql.run(t, values);
    } catch (err) {
      throw movementRefused(err, input.sku, -q) ?? err;
    }
    if (!updated) throw new Error(`stock movement of ${input.sku}: the statement answered no row`);
    const movement: MovementDto = {
      id, sku: input.sku, type: input.type, quantity: input.quantity, reason: input.reason, actor: input.actor ?? null,
      onHandAfter: updated.on_hand, createdAt: iso(updated.created_at),
    };
    return { movement, onHand: updated.on_hand, version: updated.stock_version };
  }

  /** See {@link CatalogContract.reserveStock}. Lines are merged per SKU and locked in SKU order (no deadlocks). */
  async reserveStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null, options: { last?: boolean } = {}): Promise<void> {
    const changes: StockChange[] = [];
    const merged = mergeLines(lines);
    for (const [i, line] of merged.entries()) {
      const sale = { sku: line.sku, quantity: -line.quantity, type: 'sale' as const, reason: `Sold: ${reference}`, actor, reference: `${reference}:${line.sku}` };
      const moved = await this.moveStock(sale, tx, options.last === true && i === merged.length - 1);
      changes.push({ sku: line.sku, onHand: moved.onHand, version: moved.version });
    }
    this.stockChangedOnCommit(tx, changes);
  }

  /** See {@link CatalogContract.releaseStock}. */
  async releaseStock(tx: Tx, lines: StockLine[], reference: string, actor: string | null): Promise<void> {
    const changes: StockChange[] = [];
    for (const line of mergeLines(lines)) {
      const ref = `${reference}:release:${line.sku}`;
      const [done] = await tx.select({ id: stockMovement.id }).from(stockMovement).where(eq(stockMovement.reference, ref));
      if (done) continue;
      const moved = await this.moveStock({ sku: line.sku, quantity: line.quantity, type: 'return', reason: `Released: ${reference}`, actor, reference: ref }, tx);
      changes.push({ sku: line.sku, onHand: moved.onHand, version: moved.version });
    }
    this.stockChangedOnCommit(tx, changes);
  }

  /** Variants of non-archived products whose on-hand is below their low-stock threshold, lowest first, one page at a time. */
  async lowStock(page: number, limit: number): Promise<Page<{ sku: string; productId: string; title: string; onHand: number; threshold: number }>> {
    const where = and(sql`${variant.onHand} < ${variant.lowStockThreshold}`, sql`${product.status} <> 'archived'`);
    const [[total], data] = await Promise.all([
      this.db.select({ n: count() }).from(variant).innerJoin(product, eq(product.id, variant.productId)).where(where),
      this.db
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

  /** Adds an image (already stored at `url`) to a product. @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  async addImage(idOrSlug: string, image: { url: string; alt?: string }): Promise<ProductDto<AdminVariantDto>> {
    const current = await this.getProductAdmin(idOrSlug);
    return this.updateProduct(current.id, { images: [...current.images, image] });
  }

  /**
   * See {@link CatalogContract.variantsBySku}. Each SKU's answer is a public read, cached per SKU
   * (see {@link variants}: a local sale updates it once committed, other local writes clear it; at
   * most {@link CACHE_TTL_MS} old after another process's write): the cart asks it on every
   * change; checkout takes stock under lock regardless.
   */
  async variantsBySku(skus: string[]): Promise<VariantInfo[]> {
    const found: VariantInfo[] = [];
    const missing: string[] = [];
    for (const sku of new Set(skus)) {
      const hit = this.variants.peek<CachedVariant>(`variant:${sku}`);
      if (hit) found.push(hit.info);
      else missing.push(sku);
    }
    if (missing.length === 0) return found;
    const generation = this.variants.generationNow;
    const loaded = await variantsBySkuQuery.run(this.db, { skus: missing });
    const cats = new Map((await this.structure.get('categories:rows', async () => this.allCategories(this.db))).map((c) => [c.id, c]));
    for (const { v, p } of loaded) {
      const info: VariantInfo = {
        sku: v.sku, variantId: v.id, productId: p.id, slug: p.slug,
        title: v.title ? `${p.title} — ${v.title}` : p.title,
        price: { amount: v.priceAmount, currency: v.priceCurrency },
        available: v.onHand, purchasable: p.status === 'active',
        categoryIds: this.pathOf(cats, p.categoryId).map((c) => c.id),
      };
      this.cacheVariant({ info, version: v.stockVersion }, generation);
      found.push(info);
    }
    return found;
  }

  /** The ledger of one SKU, newest first. @throws 404 INVENTORY.SKU_NOT_FOUND. */
  async listMovements(sku: string, page: number, limit: number): Promise<Page<MovementDto> & { onHand: number }> {
    const [v] = await this.db.select({ id: variant.id, onHand: variant.onHand }).from(variant).where(eq(variant.sku, sku));
    if (!v) throw CatalogErrors.skuNotFound(sku);
    const [total] = await this.db.select({ n: count() }).from(stockMovement).where(eq(stockMovement.variantId, v.id));
    const list = await this.db
      .select()
      .from(stockMovement)
      .where(eq(stockMovement.variantId, v.id))
      .orderBy(desc(stockMovement.createdAt), desc(stockMovement.id))
      .limit(limit)
      .offset((page - 1) * limit);
    return { data: list.map(toMovement), pagination: { total: Number(total?.n ?? 0), limit, page }, onHand: v.onHand };
  }

  /** Availability of each requested SKU; unknown SKUs count as 0 available. Quantities summed per SKU. */
  async availability(items: { sku: string; quantity: number }[]): Promise<{ allAvailable: boolean; items: AvailabilityLine[] }> {
    const skus = [...new Set(items.map((i) => i.sku))];
    const found = await this.db
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

  // ---------------------------------------------------------------- import and read-model support

  /** See {@link CatalogContract.importProducts}. */
  async importProducts(tx: Tx, items: ImportedProduct[], openingStock: number): Promise<{ created: number }> {
    if (items.length === 0) return { created: 0 };
    // Categories: create each path once (roots first), reuse existing ones by name under the same parent.
    const cats = await this.allCategories(tx);
    const key = (parentId: string | null, name: string) => `${parentId ?? ''}\u0000${name.toLowerCase()}`;
    const byKey = new Map(cats.map((c) => [key(c.parentId, c.name), c]));
    const slugs = new Set(cats.map((c) => c.slug));
    const leafOf = new Map<string, string>();
    for (const path of new Set(items.map((i) => JSON.stringify(i.categoryPath)))) {
      let parentId: string | null = null;
      for (const name of JSON.parse(path) as string[]) {
        let found = byKey.get(key(parentId, name));
        if (!found) {
          const slug = uniqueSlug(slugify(name), (s) => slugs.has(s));
          slugs.add(slug);
          [found] = await tx.insert(category).values({ id: newId('cat'), name, slug, parentId, position: byKey.size }).returning();
          byKey.set(key(parentId, name), found!);
          await this.categoryEvent(tx, found!);
        }
        parentId = found!.id;
      }
      leafOf.set(path, parentId!);
    }
    // Products whose SKU is new.
    const existing = new Set<string>();
    for (let i = 0; i < items.length; i += 5_000) {
      const skus = items.slice(i, i + 5_000).map((p) => p.sku);
      for (const r of await tx.select({ sku: variant.sku }).from(variant).where(inArray(variant.sku, skus))) existing.add(r.sku);
    }
    const fresh = items.filter((p) => !existing.has(p.sku));
    if (fresh.length === 0) return { created: 0 };
    const productSlugs = new Set(
      (await rows<{ slug: string }>(tx, sql`select slug from catalog.product`)).map((r) => r.slug),
    );
    const now = new Date();
    const planned = fresh.map((p, i) => {
      const slug = uniqueSlug(slugify(p.title), (s) => productSlugs.has(s));
      productSlugs.add(slug);
      const created = new Date(now.getTime() - i); // stable "newest" order within one import
      return { p, productId: newId('prod'), variantId: newId('var'), slug, created };
    });
    await bulkInsert(tx, product, planned.map(({ p, productId, slug, created }) => ({
      id: productId, slug, title: p.title, description: p.description, status: 'active' as const,
      categoryId: leafOf.get(JSON.stringify(p.categoryPath))!, createdAt: created, updatedAt: created,
    })));
    await bulkInsert(tx, variant, planned.map(({ p, productId, variantId }) => ({
      id: variantId, productId, sku: p.sku, title: '', priceAmount: p.price, priceCurrency: p.currency, onHand: openingStock,
    })));
    if (openingStock > 0) {
      await bulkInsert(tx, stockMovement, planned.map(({ p, variantId }) => ({
        id: newId('mov'), variantId, sku: p.sku, type: 'receipt' as const, quantity: openingStock, reason: 'Opening stock (import)',
        actor: 'import', reference: `opening:${p.sku}`, onHandAfter: openingStock,
      })));
    }
    // Events: one product.created per new product, built without re-reading each product.
    const catRows = new Map((await this.allCategories(tx)).map((c) => [c.id, c]));
    const events = planned.map(({ p, productId, variantId, slug, created }) => {
      const leaf = leafOf.get(JSON.stringify(p.categoryPath))!;
      const path = this.pathOf(catRows, leaf);
      const price = { amount: p.price, currency: p.currency };
      const snap: ProductSnapshot = {
        id: productId, slug, title: p.title, description: p.description, status: 'active',
        category: { id: leaf, name: path.at(-1)!.name, slug: path.at(-1)!.slug, pathIds: path.map((c) => c.id), pathNames: path.map((c) => c.name) },
        images: [], price, variants: [{ id: variantId, sku: p.sku, title: '', price, available: openingStock }],
        createdAt: created.toISOString(), updatedAt: created.toISOString(),
      };
      return { type: 'product.created' as const, payload: { product: snap }, aggregateId: productId };
    });
    await publishMany(tx, events);
    this.invalidate();
    return { created: fresh.length };
  }

  /** Snapshots in id order after `afterId`. */
  async listSnapshots(afterId: string | null, limit: number): Promise<ProductSnapshot[]> {
    const ids = await this.db
      .select({ id: product.id })
      .from(product)
      .where(afterId ? sql`${product.id} > ${afterId}` : undefined)
      .orderBy(asc(product.id))
      .limit(limit);
    return this.snapshots(this.db, ids.map((r) => r.id));
  }

  /** Number of products of any status. */
  async countProducts(): Promise<number> {
    const [r] = await this.db.select({ n: count() }).from(product);
    return Number(r?.n ?? 0);
  }
}

/** Sums quantities per SKU and sorts by SKU, so concurrent reservations lock rows in one order. */
function mergeLines(lines: StockLine[]): StockLine[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity);
  return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

function variantValues(productId: string, v: VariantInput, position: number): typeof variant.$inferInsert {
  return {
    id: newId('var'), productId, sku: v.sku, title: v.title ?? '', options: v.options ?? {},
    priceAmount: v.price.amount, priceCurrency: v.price.currency,
    costAmount: v.costPrice?.amount ?? null, costCurrency: v.costPrice?.currency ?? null,
    lowStockThreshold: v.lowStockThreshold ?? 5, position,
  };
}

function toCategory(row: CategoryRow) {
  return { id: row.id, name: row.name, slug: row.slug, parentId: row.parentId, position: row.position };
}

function toProduct(p: ProductRow, c: { id: string; name: string; slug: string }, variants: VariantRow[]): ProductDto<AdminVariantDto> {
  const vs: AdminVariantDto[] = variants.map((v) => ({
    id: v.id, sku: v.sku, title: v.title, options: v.options, price: { amount: v.priceAmount, currency: v.priceCurrency }, available: v.onHand,
    costPrice: v.costAmount !== null && v.costCurrency ? { amount: v.costAmount, currency: v.costCurrency } : null,
    onHand: v.onHand, lowStockThreshold: v.lowStockThreshold,
  }));
  const cheapest = vs.reduce<AdminVariantDto | undefined>((min, v) => (!min || v.price.amount < min.price.amount ? v : min), undefined);
  return {
    id: p.id, slug: p.slug, title: p.title, description: p.description, status: p.status, category: c, images: p.images,
    price: cheapest?.price ?? { amount: 0, currency: 'GBP' }, inStock: vs.some((v) => v.available > 0), variants: vs,
    createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt),
  };
}

function toPublic(p: ProductDto<AdminVariantDto>): ProductDto {
  return { ...p, variants: p.variants.map(({ id, sku, title, options, price, available }) => ({ id, sku, title, options, price, available })) };
}

function toMovement(m: typeof stockMovement.$inferSelect): MovementDto {
  return { id: m.id, sku: m.sku, type: m.type, quantity: m.quantity, reason: m.reason, actor: m.actor, onHandAfter: m.onHandAfter, createdAt: iso(m.createdAt) };
}

/**
 * The error a refused movement of `requested` units of `sku` raised in SQL (`catalog.refuse_sale`)
 * as the API's: 409 INVENTORY.INSUFFICIENT_STOCK with the on-hand it reported, or 404
 * INVENTORY.SKU_NOT_FOUND; undefined for any other error.
 */
function movementRefused(err: unknown, sku: string, requested: number): Error | undefined {
  const refused = pgErrorCode(err);
  if (refused?.hint === 'INVENTORY.SKU_NOT_FOUND') return CatalogErrors.skuNotFound(sku);
  if (refused?.hint === 'INVENTORY.INSUFFICIENT_STOCK') return CatalogErrors.insufficientStock(sku, Number(refused.detail), requested);
  return undefined;
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
