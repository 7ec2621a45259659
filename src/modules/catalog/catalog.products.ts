import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.js';
import { containsPattern, prepared, readingOrder, rows } from '../../platform/db/index.js';
import { keysetPages } from '../../platform/http/csv.js';
import { allCategories, categoryAndDescendants, pathOf, type CatalogCategories } from './catalog.categories.js';
import type { VariantInfo } from './catalog.contract.js';
import { iso, toProduct, toPublicOnSite, type AdminVariantDto, type Page, type ProductDto, type SitePriceDto, type VariantRow } from './catalog.dto.js';
import { DEFAULT_SITE_CODE } from '../../platform/http/site.js';
import { CatalogErrors } from './catalog.errors.js';
import type { ProductSnapshot } from './catalog.events.js';
import type { AdminProductListQuery, ProductListQuery } from './catalog.schemas.js';
import type { CachedVariant, CatalogStore } from './catalog.store.js';
import { category, product, sitePrice, variant } from './db/schema.js';

/** The variants of the SKUs `skus` (a text array) with their product (see {@link CatalogProducts.variantsBySku}). */
const variantsBySkuQuery = prepared((db) =>
  db
    .select({
      v: { id: variant.id, sku: variant.sku, title: variant.title, priceAmount: variant.priceAmount, priceCurrency: variant.priceCurrency, onHand: variant.onHand, stockVersion: variant.stockVersion, costAmount: variant.costAmount, costCurrency: variant.costCurrency },
      p: { id: product.id, slug: product.slug, title: product.title, status: product.status, categoryId: product.categoryId, sites: product.sites },
    })
    .from(variant)
    .innerJoin(product, eq(product.id, variant.productId))
    .where(sql`${variant.sku} = any(${sql.placeholder('skus')}::text[])`),
);

/**
 * Filters, order and page of a product list (prices in minor units, `page` from 1). `site`: what
 * that site sells, at its prices (storefront); `publishedOn`: published on one of those sites, priced there
 * or not (back office).
 */
type ListFilter = { site?: string; publishedOn?: string[]; categoryIds?: string[]; minPrice?: number; maxPrice?: number; inStock?: boolean; status?: string; text?: string; sort: string; limit: number; page: number };

/** A line of the products CSV export: one variant with its product (money in minor units of `priceCurrency`). */
export interface ProductExportRow {
  productId: string; slug: string; title: string; status: string; category: string;
  variantId: string; position: number; sku: string; variantTitle: string;
  priceAmount: number; priceCurrency: string; costAmount: number | null; onHand: number; lowStockThreshold: number;
}

/** Loads products by id, in the given order, with category and variants. */
export async function loadProducts(exec: Executor, ids: string[]): Promise<ProductDto<AdminVariantDto>[]> {
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
  const prices = variants.length === 0 ? [] : await exec.select().from(sitePrice).where(inArray(sitePrice.variantId, variants.map((v) => v.id))).orderBy(asc(sitePrice.site));
  const byVariant = new Map<string, SitePriceDto[]>();
  for (const sp of prices) {
    const list = byVariant.get(sp.variantId) ?? [];
    list.push({ site: sp.site, price: { amount: sp.amount, currency: sp.currency } });
    byVariant.set(sp.variantId, list);
  }
  const byId = new Map(products.map(({ p, c }) => [p.id, toProduct(p, c, byProduct.get(p.id) ?? [], byVariant)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Any product by id or slug, for the back office (cost prices included). @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
export async function productAdmin(exec: Executor, idOrSlug: string): Promise<ProductDto<AdminVariantDto>> {
  const [row] = await exec.select({ id: product.id }).from(product).where(sql`${product.id} = ${idOrSlug} or ${product.slug} = ${idOrSlug}`).limit(1);
  const [found] = row ? await loadProducts(exec, [row.id]) : [];
  if (!found) throw CatalogErrors.productNotFound(idOrSlug);
  return found;
}

/** Event snapshots of products (by id, in order) inside `exec`. */
export async function snapshots(exec: Executor, ids: string[]): Promise<ProductSnapshot[]> {
  const products = await loadProducts(exec, ids);
  const cats = new Map((await allCategories(exec)).map((c) => [c.id, c]));
  return products.map((p) => {
    const path = pathOf(cats, p.category.id);
    return {
      id: p.id, slug: p.slug, title: p.title, description: p.description, status: p.status,
      category: { ...p.category, pathIds: path.map((c) => c.id), pathNames: path.map((c) => c.name) },
      images: p.images, price: p.price,
      variants: p.variants.map((v) => ({ id: v.id, sku: v.sku, title: v.title, price: v.price, available: v.available, ...(v.sitePrices.length ? { sitePrices: v.sitePrices } : {}) })),
      ...(p.sites && !(p.sites.length === 1 && p.sites[0] === DEFAULT_SITE_CODE) ? { sites: p.sites } : {}),
      createdAt: p.createdAt, updatedAt: p.updatedAt,
    };
  });
}

/** The event snapshot of one product inside `exec`. @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
export async function snapshot(exec: Executor, id: string): Promise<ProductSnapshot> {
  const [snap] = await snapshots(exec, [id]);
  if (!snap) throw CatalogErrors.productNotFound(id);
  return snap;
}

/** The conditions of `q`'s filters over `catalog.product p` joined with its variants' lowest price and highest on-hand `v`. */
function listWhere(q: Omit<ListFilter, 'sort' | 'limit' | 'page'>): SQL[] {
  const where = [sql`true`];
  if (q.site) where.push(sql`${q.site} = any(p.sites)`);
  if (q.site && q.site !== DEFAULT_SITE_CODE) where.push(sql`v.min_price is not null`);
  if (q.publishedOn) where.push(sql`p.sites && array[${sql.join(q.publishedOn.map((s) => sql`${s}`), sql`, `)}]::text[]`);
  if (q.status) where.push(sql`p.status = ${q.status}`);
  if (q.categoryIds) where.push(sql`p.category_id in (${sql.join(q.categoryIds.map((id) => sql`${id}`), sql`, `)})`);
  if (q.minPrice !== undefined) where.push(sql`v.min_price >= ${q.minPrice}`);
  if (q.maxPrice !== undefined) where.push(sql`v.min_price <= ${q.maxPrice}`);
  if (q.inStock === true) where.push(sql`v.max_on_hand > 0`);
  if (q.inStock === false) where.push(sql`v.max_on_hand = 0`);
  if (q.text) {
    const like = containsPattern(q.text);
    where.push(sql`(p.title ilike ${like} or exists (select 1 from catalog.variant s where s.product_id = p.id and s.sku ilike ${like}))`);
  }
  return where;
}

/** Ids of the products `q` selects, in its order, one page of them, and how many it selects in all. */
async function listIds(exec: Executor, q: ListFilter): Promise<{ ids: string[]; total: number }> {
  const where = listWhere(q);
  // On a site other than the default one, prices are the site's and a product needs one to be listed.
  const lateral = q.site && q.site !== DEFAULT_SITE_CODE
    ? sql`join lateral (select min(sp.amount) as min_price, max(x.on_hand) as max_on_hand from catalog.variant x join catalog.site_price sp on sp.variant_id = x.id and sp.site = ${q.site} where x.product_id = p.id) v on true`
    : sql`join lateral (select min(price_amount) as min_price, max(on_hand) as max_on_hand from catalog.variant where product_id = p.id) v on true`;
  const order = {
    newest: sql`p.created_at desc, p.id desc`,
    price: sql`v.min_price asc, p.id asc`,
    '-price': sql`v.min_price desc, p.id desc`,
    title: sql`${readingOrder(sql`p.title`)}, p.id asc`,
  }[q.sort] ?? sql`p.created_at desc, p.id desc`;
  const found = await rows<{ id: string; total: number }>(
    exec,
    sql`select p.id, (count(*) over ())::int as total
        from catalog.product p
        ${lateral}
        where ${sql.join(where, sql` and `)}
        order by ${order}
        limit ${q.limit} offset ${(q.page - 1) * q.limit}`,
  );
  let total = found[0]?.total ?? 0;
  if (found.length === 0 && q.page > 1) {
    const [c] = await rows<{ total: number }>(
      exec,
      sql`select count(*)::int as total from catalog.product p
          ${lateral}
          where ${sql.join(where, sql` and `)}`,
    );
    total = c?.total ?? 0;
  }
  return { ids: found.map((r) => r.id), total };
}

/**
 * Product reads: the storefront's (active products, cached in process for at most
 * `CACHE_TTL_MS` ms after another process's write, cleared by local writes), the back
 * office's (any status, uncached), the variants carts ask for, and read-model backfills.
 */
export class CatalogProducts {
  constructor(
    private readonly store: CatalogStore,
    private readonly categories: CatalogCategories,
  ) {}

  /** {@link list} as JSON text (cached). */
  listJson(query: ProductListQuery, site: string = DEFAULT_SITE_CODE): Promise<string> {
    const key = JSON.stringify([site, query.category, query.minPrice, query.maxPrice, query.inStock, query.sort, query.page, query.limit]);
    return this.store.cachedJson(`list:${key}`, () => this.list(query, site));
  }

  /** {@link get} as JSON text (cached). @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  getJson(idOrSlug: string, site: string = DEFAULT_SITE_CODE): Promise<string> {
    return this.store.cachedJson(`product:${site}:${idOrSlug}`, () => this.get(idOrSlug, site));
  }

  /**
   * Active products site `site` sells (published there and, off the default site, priced there,
   * at its prices), filtered and sorted, one page at a time (cached). An unknown category gives an empty page.
   */
  async list(query: ProductListQuery, site: string = DEFAULT_SITE_CODE): Promise<Page<ProductDto>> {
    const key = `list:${JSON.stringify([site, query.category, query.minPrice, query.maxPrice, query.inStock, query.sort, query.page, query.limit])}`;
    return this.store.cached(key, async () => {
      const db = this.store.db;
      const categoryIds = query.category ? ((await categoryAndDescendants(db, query.category)) ?? []) : undefined;
      if (categoryIds && categoryIds.length === 0) return { data: [], pagination: { total: 0, limit: query.limit, page: query.page } };
      const { ids, total } = await listIds(db, { ...query, site, categoryIds, status: 'active', sort: query.sort ?? 'newest' });
      const data = (await loadProducts(db, ids)).flatMap((p) => toPublicOnSite(p, site) ?? []);
      return { data, pagination: { total, limit: query.limit, page: query.page } };
    });
  }

  /**
   * An active product by id or slug that site `site` sells, at its prices (cached).
   * @throws 404 CATALOG.PRODUCT_NOT_FOUND (unknown, not active, or not sold on the site).
   */
  async get(idOrSlug: string, site: string = DEFAULT_SITE_CODE): Promise<ProductDto> {
    return this.store.cached(`product:${site}:${idOrSlug}`, async () => {
      const db = this.store.db;
      const [row] = await db
        .select({ id: product.id })
        .from(product)
        .where(and(eq(product.status, 'active'), sql`${site} = any(${product.sites})`, sql`(${product.id} = ${idOrSlug} or ${product.slug} = ${idOrSlug})`))
        .limit(1);
      const [found] = row ? await loadProducts(db, [row.id]) : [];
      const onSite = found ? toPublicOnSite(found, site) : null;
      if (!onSite) throw CatalogErrors.productNotFound(idOrSlug);
      return onSite;
    });
  }

  /** Products of any status for the back office (cost prices included); `sites`: only those published on one of these sites (the caller's `query.site` and staff limit, see `staffSites`). */
  async listAdmin(query: AdminProductListQuery, sites?: string[]): Promise<Page<ProductDto<AdminVariantDto>>> {
    const db = this.store.db;
    const categoryIds = query.category ? ((await categoryAndDescendants(db, query.category)) ?? []) : undefined;
    if (categoryIds && categoryIds.length === 0) return { data: [], pagination: { total: 0, limit: query.limit, page: query.page } };
    const { site: _site, ...rest } = query;
    const { ids, total } = await listIds(db, { ...rest, publishedOn: sites, categoryIds, text: query.q, sort: query.sort ?? 'newest' });
    return { data: await loadProducts(db, ids), pagination: { total, limit: query.limit, page: query.page } };
  }

  /**
   * The variants of the products the back-office list selects (same filters, every page), one
   * row each with its product and category, for the CSV export: read by keyset (product id,
   * variant position, variant id) in batches of `batchSize`, one batch held at a time. `sites` as
   * for {@link listAdmin}.
   */
  async *exportRows(query: Omit<AdminProductListQuery, 'page' | 'limit' | 'sort'>, batchSize: number, sites?: string[]): AsyncGenerator<ProductExportRow[]> {
    const db = this.store.db;
    const categoryIds = query.category ? ((await categoryAndDescendants(db, query.category)) ?? []) : undefined;
    if (categoryIds && categoryIds.length === 0) return;
    const { site: _site, ...rest } = query;
    const where = listWhere({ ...rest, publishedOn: sites, categoryIds, text: query.q });
    type Key = { productId: string; position: number; variantId: string };
    yield* keysetPages<ProductExportRow, Key>(
      (after) =>
        rows<ProductExportRow>(
          db,
          sql`select p.id as "productId", p.slug, p.title, p.status, c.name as category, x.id as "variantId", x.position, x.sku, x.title as "variantTitle",
                     x.price_amount as "priceAmount", x.price_currency as "priceCurrency", x.cost_amount as "costAmount", x.on_hand as "onHand",
                     x.low_stock_threshold as "lowStockThreshold"
                from catalog.product p
                join catalog.category c on c.id = p.category_id
                join lateral (select min(price_amount) as min_price, max(on_hand) as max_on_hand from catalog.variant where product_id = p.id) v on true
                join catalog.variant x on x.product_id = p.id
               where ${sql.join(where, sql` and `)}
                 ${after ? sql`and (p.id, x.position, x.id) > (${after.productId}, ${after.position}, ${after.variantId})` : sql``}
               order by p.id, x.position, x.id
               limit ${batchSize}`,
        ),
      (r) => ({ productId: r.productId, position: r.position, variantId: r.variantId }),
      batchSize,
    );
  }

  /** Any product by id or slug, for the back office. @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  getAdmin(idOrSlug: string): Promise<ProductDto<AdminVariantDto>> {
    return productAdmin(this.store.db, idOrSlug);
  }

  /** The sites product `idOrSlug` (any status) is published on, or null when there is no such product. */
  async sitesOf(idOrSlug: string): Promise<string[] | null> {
    const [row] = await this.store.db.select({ sites: product.sites }).from(product).where(sql`${product.id} = ${idOrSlug} or ${product.slug} = ${idOrSlug}`).limit(1);
    return row ? row.sites : null;
  }

  /** See {@link CatalogContract.productSites}. @throws 404 CATALOG.PRODUCT_NOT_FOUND (unknown, not active, or on none of `within`). */
  async activeSites(idOrSlug: string, within?: string[]): Promise<{ id: string; sites: string[] }> {
    const [row] = await this.store.db.select({ id: product.id, sites: product.sites }).from(product)
      .where(and(eq(product.status, 'active'), sql`(${product.id} = ${idOrSlug} or ${product.slug} = ${idOrSlug})`)).limit(1);
    if (!row || (within && !row.sites.some((s) => within.includes(s)))) throw CatalogErrors.productNotFound(idOrSlug);
    return row;
  }

  /**
   * See {@link CatalogContract.variantsBySku}. Each SKU's answer is a public read, cached per SKU
   * (see {@link CatalogStore.variants}: a local sale updates it once committed, other local writes
   * clear it; at most `CACHE_TTL_MS` ms old after another process's write): the cart asks it
   * on every change; checkout takes stock under lock regardless.
   */
  async variantsBySku(skus: string[], exec: Executor = this.store.db, site?: string): Promise<VariantInfo[]> {
    const all = await this.anySite(skus, exec);
    if (site === undefined) return all;
    if (site === DEFAULT_SITE_CODE) return all.filter((v) => v.sites.includes(site));
    // Another site: its prices (uncached), and only the variants published and priced there.
    const published = all.filter((v) => v.sites.includes(site));
    if (published.length === 0) return [];
    const prices = await exec
      .select({ variantId: sitePrice.variantId, amount: sitePrice.amount, currency: sitePrice.currency })
      .from(sitePrice)
      .where(and(eq(sitePrice.site, site), inArray(sitePrice.variantId, published.map((v) => v.variantId))));
    const bySku = new Map(prices.map((p) => [p.variantId, p]));
    return published.flatMap((v) => {
      const p = bySku.get(v.variantId);
      return p ? [{ ...v, price: { amount: p.amount, currency: p.currency }, unitCost: v.price.currency === p.currency ? v.unitCost : null }] : [];
    });
  }

  /** {@link variantsBySku} of every site (the variant's own price), cached per SKU. */
  private async anySite(skus: string[], exec: Executor): Promise<VariantInfo[]> {
    const found: VariantInfo[] = [];
    const missing: string[] = [];
    for (const sku of new Set(skus)) {
      const hit = this.store.variants.get<CachedVariant>(`variant:${sku}`);
      if (hit) found.push(hit.info);
      else missing.push(sku);
    }
    if (missing.length === 0) return found;
    const generation = this.store.variants.ticket();
    const loaded = await variantsBySkuQuery.run(exec, { skus: missing });
    const cats = new Map((await this.categories.rows(exec)).map((c) => [c.id, c]));
    for (const { v, p } of loaded) {
      const info: VariantInfo = {
        sku: v.sku, variantId: v.id, productId: p.id, slug: p.slug,
        title: v.title ? `${p.title} — ${v.title}` : p.title,
        price: { amount: v.priceAmount, currency: v.priceCurrency },
        available: v.onHand, purchasable: p.status === 'active',
        categoryIds: pathOf(cats, p.categoryId).map((c) => c.id),
        category: cats.get(p.categoryId)?.name ?? '',
        unitCost: v.costAmount !== null && (v.costCurrency === null || v.costCurrency === v.priceCurrency) ? v.costAmount : null,
        sites: p.sites,
      };
      this.store.cacheVariant({ info, version: v.stockVersion }, generation);
      found.push(info);
    }
    return found;
  }

  /** See {@link CatalogContract.listSnapshots}: snapshots of products of any status in id order after `afterId`. */
  async listSnapshots(afterId: string | null, limit: number): Promise<ProductSnapshot[]> {
    const db = this.store.db;
    const ids = await db
      .select({ id: product.id })
      .from(product)
      .where(afterId ? sql`${product.id} > ${afterId}` : undefined)
      .orderBy(asc(product.id))
      .limit(limit);
    return snapshots(db, ids.map((r) => r.id));
  }

  /** Slug and last change of active products, by slug, at most `limit`. */
  async locations(limit: number, site: string = DEFAULT_SITE_CODE): Promise<{ slug: string; updatedAt: string }[]> {
    const sold = [eq(product.status, 'active'), sql`${site} = any(${product.sites})`];
    // Off the default site a product is sold only where a variant has a price there.
    if (site !== DEFAULT_SITE_CODE) sold.push(sql`exists (select 1 from ${variant} join ${sitePrice} on ${sitePrice.variantId} = ${variant.id} where ${variant.productId} = ${product.id} and ${sitePrice.site} = ${site})`);
    const found = await this.store.db
      .select({ slug: product.slug, updatedAt: product.updatedAt })
      .from(product)
      .where(and(...sold))
      .orderBy(asc(product.slug))
      .limit(limit);
    return found.map((r) => ({ slug: r.slug, updatedAt: iso(r.updatedAt) }));
  }

  /** Number of products of any status. */
  async count(): Promise<number> {
    const [r] = await this.store.db.select({ n: count() }).from(product);
    return Number(r?.n ?? 0);
  }
}
