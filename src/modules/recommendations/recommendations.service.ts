import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import type { Cache } from '../../platform/cache.js';
import type { Database } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import { assertScopeCovers, DEFAULT_SITE_CODE } from '../../platform/http/site.js';
import type { CartAccess, CartSkus } from '../cart/index.js';
import type { CatalogReads, CategoryNode, VariantInfo } from '../catalog/index.js';
import { candidate, exclusion, item, pin } from './db/schema.js';
import { SERVED } from './domain/served.js';
import { RecommendationsErrors } from './recommendations.errors.js';
import { productSkus } from './recommendations.build.js';

/** Where an answer comes from: co-purchase neighbours, the customer's personal or repeat candidates, or the popular fallback. */
export type RecommendationSource = 'co-purchase' | 'personal' | 'buy-again' | 'popular';

/**
 * Why a product is shown, for a UI to word (`text` is the English sentence): `kind` with its
 * figures: `count` (baskets together, purchases, or recent sales), `everyDays` (a repeat's
 * cadence), `category` (the category's name), `product` (the cart product it goes with).
 */
export interface Reason {
  kind: 'bought-together' | 'pinned' | 'popular' | 'personal' | 'buy-again';
  count: number | null;
  everyDays: number | null;
  category: string | null;
  product: string | null;
  text: string;
}

/** A recommended product: its id, slug, title, SKU, price (minor units), first image URL and reason. */
export interface RecommendedProduct {
  productId: string;
  slug: string;
  title: string;
  sku: string;
  price: { amount: number; currency: string };
  image: string | null;
  reason: Reason;
}

/** An answer: its `source`, `fallback` (true when below the minimum support the category's recent best sellers were used) and the products. */
export interface Recommendations {
  source: RecommendationSource;
  fallback: boolean;
  data: RecommendedProduct[];
}

/** A merchandiser's controls: pins per product (in order) and exclusions. */
export interface ControlsDto {
  pins: { productId: string; pinnedProductIds: string[] }[];
  exclusions: { kind: 'product' | 'category'; id: string }[];
}

/** A co-purchase neighbour as read: its SKU, support and (cart) the cart SKU it is closest to. */
export interface NeighbourRow {
  sku: string;
  support: number;
  because?: string;
}

/** A candidate SKU before read-time filtering. */
interface Pick {
  sku: string;
  reason: Omit<Reason, 'text'>;
}

/** How long a process trusts its copy of pins and exclusions written by another process (ms); its own writes apply at once. */
const CONTROLS_TTL_MS = 5_000;

const reasonText = (r: Omit<Reason, 'text'>): string => {
  switch (r.kind) {
    case 'bought-together': return r.product ? `Often bought with ${r.product} (${r.count} times)` : `Bought together ${r.count} times`;
    case 'pinned': return 'Recommended by our team';
    case 'popular': return r.category ? `Popular in ${r.category}` : 'Popular right now';
    case 'personal': return 'Chosen for you from your orders';
    case 'buy-again': return r.everyDays ? `You bought it ${r.count} times, about every ${r.everyDays} days` : `You bought it ${r.count === 1 ? 'once' : `${r.count} times`}`;
  }
};
const reason = (r: Partial<Omit<Reason, 'text'>> & { kind: Reason['kind'] }): Omit<Reason, 'text'> => ({ count: null, everyDays: null, category: null, product: null, ...r });

/**
 * Serves recommendations from the built tables, filtering at read time: out of stock,
 * unpublished, in the cart, service or fee codes, excluded products and categories, the
 * product itself; merchandiser pins first on a product's list. Reads never compute a model.
 */
export class RecommendationsService {
  private controls: { at: number; pins: Map<string, string[]>; products: Set<string>; categories: Set<string> } | null = null;

  constructor(
    private readonly database: Database,
    private readonly deps: { catalog: CatalogReads; cart: CartSkus },
    /** Neighbour rows by query (cleared by every build and web order of this process; entries live 5 s for other processes' changes). */
    private readonly neighbours: Cache<string, NeighbourRow[]>,
  ) {}

  /**
   * "Frequently bought together" of product `idOrSlug`: pins, then co-purchase neighbours with
   * support ≥ {@link SERVED}.minSupport; when none is left, the recent best sellers of its category (`fallback`).
   * Every answer is of site `site` (a code): only products it sells, at its prices.
   * @throws 404 CATALOG.PRODUCT_NOT_FOUND (unknown, not published, or not sold on the site).
   */
  async forProduct(idOrSlug: string, limit: number, site: string = DEFAULT_SITE_CODE): Promise<Recommendations> {
    const product = await this.deps.catalog.product(idOrSlug, site);
    const controls = await this.loadControls();
    const skus = product.variants.map((v) => v.sku);
    const found = await this.neighbours.fetch(`p:${limit}:${skus.join(',')}`, () => rows<NeighbourRow>(this.database.db, sql`
      select other_sku as sku, max(support)::int as support from recommendations.neighbour
      where sku = any(${sql.param(skus)}::text[]) and support >= ${SERVED.minSupport}
      group by other_sku order by max(score) desc, max(support) desc, other_sku limit ${limit * 3 + 10}`));
    const pinned = controls.pins.get(product.id) ?? [];
    const pins = await this.pinnedPicks(pinned, site);
    const picks = found.map((f) => ({ sku: f.sku, reason: reason({ kind: 'bought-together', count: f.support }) }));
    const skip = new Set([product.id]);
    const served = await this.filter([...pins, ...picks], skip, limit, site);
    if (served.some((s) => s.reason.kind === 'bought-together')) return { source: 'co-purchase', fallback: false, data: served };
    // No neighbour with enough support is left: the pins, then the category's recent best sellers.
    const popular = await this.popular([product.category.id], new Set([...skip, ...served.map((s) => s.productId)]), limit - served.length, site);
    return { source: 'popular', fallback: true, data: [...served, ...popular] };
  }

  /** The product SKUs of cart `cartId` (service and fee codes left out). @throws 404 CART.NOT_FOUND / CART.EXPIRED. */
  private async cartProducts(cartId: string, access: CartAccess): Promise<string[]> {
    return productSkus((await this.deps.cart.skus(cartId, access)).map((sku) => ({ sku })));
  }

  /**
   * Complements of the whole cart `cartId`: items bought with its lines, scored by the sum of
   * their similarities to every line; never a product already in it. Falls back to the recent
   * best sellers of the cart's categories (or of the shop, for an empty cart). Of site `site`, as
   * {@link forProduct}.
   * @throws 404 CART.NOT_FOUND (no such cart or no access), 404 CART.EXPIRED.
   */
  async forCart(cartId: string, access: CartAccess, limit: number, site: string = DEFAULT_SITE_CODE): Promise<Recommendations> {
    const skus = await this.cartProducts(cartId, access);
    const lines = skus.length > 0 ? await this.deps.catalog.variantsBySku(skus, undefined, site) : [];
    const skip = new Set(lines.map((l) => l.productId));
    const titles = new Map(lines.map((l) => [l.sku, l.title]));
    const found = skus.length === 0 ? [] : await this.neighbours.fetch(`c:${limit}:${[...skus].sort().join(',')}`, () => rows<NeighbourRow>(this.database.db, sql`
      select other_sku as sku, max(support)::int as support, (array_agg(sku order by score desc, sku))[1] as because
      from recommendations.neighbour
      where sku = any(${sql.param(skus)}::text[]) and support >= ${SERVED.minSupport} and not other_sku = any(${sql.param(skus)}::text[])
      group by other_sku order by sum(score) desc, max(support) desc, other_sku limit ${limit * 3 + 10}`));
    const picks = found.map((f) => ({ sku: f.sku, reason: reason({ kind: 'bought-together', count: f.support, product: (f.because && titles.get(f.because)) ?? null }) }));
    const served = await this.filter(picks, skip, limit, site);
    if (served.length > 0) return { source: 'co-purchase', fallback: false, data: served };
    const categories = [...new Set(lines.map((l) => l.categoryIds[l.categoryIds.length - 1]!).filter(Boolean))];
    return { source: 'popular', fallback: true, data: await this.popular(categories.length > 0 ? categories : null, skip, limit, site) };
  }

  /**
   * The signed-in customer's `for-you` (items they never bought, `personal`) or `buy-again`
   * (their repeat purchases by cadence) candidates of the last build, filtered now. A customer
   * without `for-you` candidates (no orders yet) gets the shop's recent best sellers (`fallback`);
   * `buy-again` has no fallback (an empty list). With `cart`, the products in that cart are left out.
   * Of site `site`, as {@link forProduct}.
   * @throws 404 CART.NOT_FOUND (`cart` unknown, or not accessible with `cart.access`).
   */
  async forCustomer(userId: string, kind: 'for-you' | 'buy-again', limit: number, cart?: { id: string; access: CartAccess }, site: string = DEFAULT_SITE_CODE): Promise<Recommendations> {
    const inCart = cart ? await this.cartProducts(cart.id, cart.access) : [];
    const skip = new Set((inCart.length > 0 ? await this.deps.catalog.variantsBySku(inCart, undefined, site) : []).map((l) => l.productId));
    const found = await this.database.db.select().from(candidate)
      .where(and(eq(candidate.customerId, userId), eq(candidate.kind, kind))).orderBy(asc(candidate.rank));
    const picks = found.map((c) => ({
      sku: c.sku,
      reason: kind === 'buy-again' ? reason({ kind: 'buy-again', count: c.times, everyDays: c.everyDays }) : reason({ kind: 'personal' }),
    }));
    const source = kind === 'buy-again' ? 'buy-again' : 'personal';
    const served = await this.filter(picks, skip, limit, site);
    if (served.length > 0 || kind === 'buy-again') return { source, fallback: false, data: served };
    return { source: 'popular', fallback: true, data: await this.popular(null, skip, limit, site) };
  }

  // ------------------------------------------------------------------ merchandiser controls

  /** Every pin and exclusion. */
  async listControls(): Promise<ControlsDto> {
    const c = await this.loadControls(true);
    return {
      pins: [...c.pins].map(([productId, pinnedProductIds]) => ({ productId, pinnedProductIds })),
      exclusions: [...[...c.products].map((id) => ({ kind: 'product' as const, id })), ...[...c.categories].map((id) => ({ kind: 'category' as const, id }))],
    };
  }

  /**
   * Replaces the products pinned to product `productId`'s list (in that order, at most 20; empty
   * removes them), whichever sites they are published on: each site's list shows the pins that
   * site sells. Applies at once in this process. Staff limited to `scope` (their sites; undefined:
   * no limit) pin on the lists of products of their sites only, products they see.
   * @throws 404 CATALOG.PRODUCT_NOT_FOUND (the product or a pinned one is unknown, not published,
   *   or outside `scope`), 403 SITES.NOT_ALLOWED (the product is also on a site outside `scope`).
   */
  async setPins(productId: string, pinnedIds: string[], scope?: readonly string[]): Promise<{ productId: string; pinnedProductIds: string[] }> {
    const product = await this.productIn(productId, scope);
    assertScopeCovers(scope, product.sites);
    const ids: string[] = [];
    for (const id of pinnedIds) {
      const p = await this.productIn(id, scope);
      if (p.id !== product.id && !ids.includes(p.id)) ids.push(p.id);
    }
    await this.database.transaction(async (tx) => {
      await tx.delete(pin).where(eq(pin.productId, product.id));
      if (ids.length > 0) await tx.insert(pin).values(ids.map((id, n) => ({ productId: product.id, pinnedProductId: id, position: n + 1 })));
    });
    this.controls = null;
    return { productId: product.id, pinnedProductIds: ids };
  }

  /**
   * Excludes a product (by id or slug, on whichever sites it is published) or a category (by id,
   * with everything below it) from every recommendation of every site, at once in this process.
   * Idempotent. Staff limited to `scope` (their sites; undefined: no limit) exclude only products
   * of their sites alone; categories span every site, so only staff with no limit exclude them.
   * @throws 404 CATALOG.PRODUCT_NOT_FOUND (also outside `scope`), 404 RECOMMENDATIONS.CATEGORY_NOT_FOUND,
   *   403 SITES.NOT_ALLOWED.
   */
  async exclude(kind: 'product' | 'category', id: string, scope?: readonly string[]): Promise<{ kind: 'product' | 'category'; id: string }> {
    let targetId = id;
    if (kind === 'product') {
      const product = await this.productIn(id, scope);
      assertScopeCovers(scope, product.sites);
      targetId = product.id;
    } else if (!findCategory(await this.deps.catalog.categoryTree(), id)) throw RecommendationsErrors.categoryNotFound(id);
    else assertScopeCovers(scope, []);
    await this.database.db.insert(exclusion).values({ kind, targetId }).onConflictDoNothing();
    this.controls = null;
    return { kind, id: targetId };
  }

  /**
   * Lifts an exclusion (nothing happens when there was none). `scope` as for {@link exclude} (a
   * product no longer published counts as on every site).
   * @throws 403 SITES.NOT_ALLOWED.
   */
  async include(kind: 'product' | 'category', id: string, scope?: readonly string[]): Promise<void> {
    if (scope) assertScopeCovers(scope, kind === 'product' ? ((await this.deps.catalog.productSites(id).catch(() => null))?.sites ?? []) : []);
    await this.database.db.delete(exclusion).where(and(eq(exclusion.kind, kind), eq(exclusion.targetId, id)));
    this.controls = null;
  }

  // ------------------------------------------------------------------ reads

  private async loadControls(fresh = false) {
    if (!fresh && this.controls && Date.now() - this.controls.at < CONTROLS_TTL_MS) return this.controls;
    const [pins, excluded] = await Promise.all([
      this.database.db.select().from(pin).orderBy(asc(pin.productId), asc(pin.position)),
      this.database.db.select().from(exclusion),
    ]);
    const byProduct = new Map<string, string[]>();
    for (const p of pins) byProduct.set(p.productId, [...(byProduct.get(p.productId) ?? []), p.pinnedProductId]);
    this.controls = {
      at: Date.now(), pins: byProduct,
      products: new Set(excluded.filter((e) => e.kind === 'product').map((e) => e.targetId)),
      categories: new Set(excluded.filter((e) => e.kind === 'category').map((e) => e.targetId)),
    };
    return this.controls;
  }

  /**
   * The id and sites of the published product `idOrSlug`, if staff limited to `scope` see it.
   * @throws 404 CATALOG.PRODUCT_NOT_FOUND (unknown, not published, or on no site of `scope`).
   */
  private productIn(idOrSlug: string, scope: readonly string[] | undefined): Promise<{ id: string; sites: string[] }> {
    return this.deps.catalog.productSites(idOrSlug, scope ? [...scope] : undefined);
  }

  /** The pinned products' first SKUs, as picks (unknown or unpublished ones dropped). */
  private async pinnedPicks(productIds: string[], site: string): Promise<Pick[]> {
    const out: Pick[] = [];
    for (const id of productIds) {
      const p = await this.deps.catalog.product(id, site).catch(() => null);
      const sku = p?.variants.find((v) => v.available > 0)?.sku ?? p?.variants[0]?.sku;
      if (sku) out.push({ sku, reason: reason({ kind: 'pinned' }) });
    }
    return out;
  }

  /** The first `limit` picks that may be shown now, one per product, none of `skip`. */
  private async filter(picks: Pick[], skip: ReadonlySet<string>, limit: number, site: string): Promise<RecommendedProduct[]> {
    if (picks.length === 0 || limit <= 0) return [];
    const controls = await this.loadControls();
    const variants = new Map((await this.deps.catalog.variantsBySku(productSkus(picks), undefined, site)).map((v) => [v.sku, v]));
    const out: { pick: Pick; v: VariantInfo }[] = [];
    const seen = new Set(skip);
    for (const pick of picks) {
      const v = variants.get(pick.sku);
      if (!v || !v.purchasable || v.available <= 0 || seen.has(v.productId) || controls.products.has(v.productId)) continue;
      if (v.categoryIds.some((c) => controls.categories.has(c))) continue;
      seen.add(v.productId);
      out.push({ pick, v });
      if (out.length === limit) break;
    }
    return Promise.all(out.map(async ({ pick, v }) => {
      const product = await this.deps.catalog.product(v.productId, site).catch(() => null);
      return {
        productId: v.productId, slug: v.slug, title: product?.title ?? v.title, sku: v.sku, price: v.price,
        image: product?.images[0]?.url ?? null, reason: { ...pick.reason, text: reasonText(pick.reason) },
      };
    }));
  }

  /** The recent best sellers of `categories` (leaf ids; null: the whole shop), filtered like any answer. */
  private async popular(categories: string[] | null, skip: ReadonlySet<string>, limit: number, site: string): Promise<RecommendedProduct[]> {
    if (limit <= 0) return [];
    const found = await this.database.db.select({ sku: item.sku, recent: item.recent }).from(item)
      .where(and(categories ? sql`${item.categoryId} = any(${sql.param(categories)}::text[])` : undefined, gte(item.baskets, 1)))
      .orderBy(desc(item.recent), desc(item.baskets), asc(item.sku)).limit(limit * 3 + 10);
    const names = new Map((await this.deps.catalog.variantsBySku(found.map((f) => f.sku))).map((v) => [v.sku, v.category]));
    const picks = found.map((f) => ({ sku: f.sku, reason: reason({ kind: 'popular', count: f.recent, category: categories ? (names.get(f.sku) ?? null) : null }) }));
    return this.filter(picks, skip, limit, site);
  }
}

/** The node with id `id` in the category tree, or undefined. */
function findCategory(nodes: CategoryNode[], id: string): CategoryNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const below = findCategory(n.children, id);
    if (below) return below;
  }
  return undefined;
}
