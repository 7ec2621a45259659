import type { Money } from './catalog.events.js';
import type { category, product, ProductImage, stockMovement, variant } from './db/schema.js';
import type { MovementType } from './domain/stock.js';
import { DEFAULT_SITE_CODE } from '../../platform/http/site.js';

/** A category row. */
export type CategoryRow = typeof category.$inferSelect;
/** A product row. */
export type ProductRow = typeof product.$inferSelect;
/** A variant row. */
export type VariantRow = typeof variant.$inferSelect;

/** A variant as the public API shows it. Money in minor units; `available` in units. */
export interface VariantDto { id: string; sku: string; title: string; options: Record<string, string>; price: Money; available: number }
/** A variant as the back office shows it. */
export interface AdminVariantDto extends VariantDto { costPrice: Money | null; onHand: number; lowStockThreshold: number; sitePrices: SitePriceDto[] }
/** A variant's price on a site other than the default one. */
export interface SitePriceDto { site: string; price: Money }
/** A product with its category and variants. Times ISO 8601 UTC; `price` is the lowest variant price. */
export interface ProductDto<V extends VariantDto = VariantDto> {
  id: string; slug: string; title: string; description: string; status: ProductRow['status'];
  category: { id: string; name: string; slug: string }; images: ProductImage[];
  price: Money; inStock: boolean; variants: V[]; createdAt: string; updatedAt: string;
  /** Codes of the sites the product is published on (back office only: {@link toPublic} drops it). */
  sites?: string[];
}
/** A category tree node with the number of active products in it and below it. */
export interface CategoryNode { id: string; name: string; slug: string; parentId: string | null; position: number; productCount: number; children: CategoryNode[] }
/** A back-office category node: adds `heldProducts`, the products of any status directly in it. */
export interface AdminCategoryNode extends CategoryNode { heldProducts: number; children: AdminCategoryNode[] }
/** A category as the back office's writes answer it. */
export interface CategoryDto { id: string; name: string; slug: string; parentId: string | null; position: number }
/** A page of results (`page` from 1, `limit` items at most, `total` across all pages). */
export interface Page<T> { data: T[]; pagination: { total: number; limit: number; page: number } }
/** A ledger entry as the API shows it: signed `quantity` in units, `createdAt` ISO 8601 UTC. */
export interface MovementDto { id: string; sku: string; type: MovementType; quantity: number; reason: string; actor: string | null; onHandAfter: number; createdAt: string }

/** A database time as ISO 8601 UTC. */
export const iso = (d: Date | string) => new Date(d).toISOString();

/** A category row as {@link CategoryDto}. */
export function toCategory(row: CategoryRow): CategoryDto {
  return { id: row.id, name: row.name, slug: row.slug, parentId: row.parentId, position: row.position };
}

/** A product row, its category and its variants (in display order) as the back office sees them. */
export function toProduct(
  p: ProductRow, c: { id: string; name: string; slug: string }, variants: VariantRow[], sitePrices: ReadonlyMap<string, SitePriceDto[]> = new Map(),
): ProductDto<AdminVariantDto> {
  const vs: AdminVariantDto[] = variants.map((v) => ({
    sitePrices: sitePrices.get(v.id) ?? [],
    id: v.id, sku: v.sku, title: v.title, options: v.options, price: { amount: v.priceAmount, currency: v.priceCurrency }, available: v.onHand,
    costPrice: v.costAmount !== null && v.costCurrency ? { amount: v.costAmount, currency: v.costCurrency } : null,
    onHand: v.onHand, lowStockThreshold: v.lowStockThreshold,
  }));
  const cheapest = vs.reduce<AdminVariantDto | undefined>((min, v) => (!min || v.price.amount < min.price.amount ? v : min), undefined);
  return {
    id: p.id, slug: p.slug, title: p.title, description: p.description, status: p.status, category: c, images: p.images,
    price: cheapest?.price ?? { amount: 0, currency: 'GBP' }, inStock: vs.some((v) => v.available > 0), variants: vs,
    createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt), sites: p.sites,
  };
}

/** A back-office product without what the public may not see (cost prices, thresholds). */
export function toPublic(p: ProductDto<AdminVariantDto>): ProductDto {
  const { sites: _sites, ...rest } = p;
  return { ...rest, variants: p.variants.map(({ id, sku, title, options, price, available }) => ({ id, sku, title, options, price, available })) };
}

/**
 * A back-office product as site `site` sells it (public view): on the default site as
 * {@link toPublic}; on another site only its variants priced there, at those prices, with the
 * "from" price and stock flag recomputed. Null when the site sells none of its variants.
 */
export function toPublicOnSite(p: ProductDto<AdminVariantDto>, site: string): ProductDto | null {
  if (site === DEFAULT_SITE_CODE) return toPublic(p);
  const variants = p.variants.flatMap(({ id, sku, title, options, available, sitePrices }) => {
    const priced = sitePrices.find((s) => s.site === site);
    return priced ? [{ id, sku, title, options, price: priced.price, available }] : [];
  });
  if (variants.length === 0) return null;
  const cheapest = variants.reduce((min, v) => (v.price.amount < min.price.amount ? v : min));
  const { sites: _sites, ...rest } = p;
  return { ...rest, variants, price: cheapest.price, inStock: variants.some((v) => v.available > 0) };
}

/** A ledger row as {@link MovementDto}. */
export function toMovement(m: typeof stockMovement.$inferSelect): MovementDto {
  return { id: m.id, sku: m.sku, type: m.type, quantity: m.quantity, reason: m.reason, actor: m.actor, onHandAfter: m.onHandAfter, createdAt: iso(m.createdAt) };
}
