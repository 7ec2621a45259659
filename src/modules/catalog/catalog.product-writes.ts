import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import { leafCategory } from './catalog.categories.js';
import type { AdminVariantDto, ProductDto } from './catalog.dto.js';
import { CatalogErrors } from './catalog.errors.js';
import { productAdmin, snapshot } from './catalog.products.js';
import type { ProductCreateBody, ProductUpdateBody, VariantInput } from './catalog.schemas.js';
import type { CatalogStore } from './catalog.store.js';
import { product, sitePrice, variant, type ProductImage } from './db/schema.js';
import { DEFAULT_SITE_CODE } from '../../platform/http/site.js';
import { slugify, uniqueSlug } from './domain/slug.js';

/** `base`, or `base-2`, `base-3`… whichever no product has. */
async function freeProductSlug(exec: Executor, base: string): Promise<string> {
  const taken = new Set((await exec.select({ slug: product.slug }).from(product).where(sql`${product.slug} like ${base + '%'}`)).map((r) => r.slug));
  return uniqueSlug(base, (s) => taken.has(s));
}

/** Checks a product's variants: each SKU once, one currency. @throws 400 CATALOG.INVALID_VARIANTS. */
function checkVariants(variants: VariantInput[]): void {
  const skus = new Set<string>();
  const currencies = new Set<string>();
  for (const v of variants) {
    if (skus.has(v.sku)) throw CatalogErrors.invalidVariants(`SKU ${v.sku} is listed twice`);
    skus.add(v.sku);
    currencies.add(v.price.currency);
    const sites = new Set<string>();
    for (const sp of v.sitePrices ?? []) {
      if (sp.site === DEFAULT_SITE_CODE) throw CatalogErrors.invalidVariants(`SKU ${v.sku}: the default site sells at the variant's own price, not a site price`);
      if (sites.has(sp.site)) throw CatalogErrors.invalidVariants(`SKU ${v.sku} has two prices for the site ${sp.site}`);
      sites.add(sp.site);
    }
  }
  if (currencies.size > 1) throw CatalogErrors.invalidVariants('All variants of a product must be priced in one currency');
}

/** The row of a new variant `v` of product `productId` at display `position` (no stock: on-hand comes from movements). */
function variantValues(productId: string, v: VariantInput, position: number): typeof variant.$inferInsert {
  return {
    id: newId('var'), productId, sku: v.sku, title: v.title ?? '', options: v.options ?? {},
    priceAmount: v.price.amount, priceCurrency: v.price.currency,
    costAmount: v.costPrice?.amount ?? null, costCurrency: v.costPrice?.currency ?? null,
    lowStockThreshold: v.lowStockThreshold ?? 5, position,
  };
}

/** Replaces the site prices of the variants of `variants` that give `sitePrices` (by SKU → variant id in `ids`). */
async function writeSitePrices(tx: Executor, variants: VariantInput[], ids: ReadonlyMap<string, string>): Promise<void> {
  for (const v of variants) {
    if (!v.sitePrices) continue;
    const variantId = ids.get(v.sku)!;
    await tx.delete(sitePrice).where(eq(sitePrice.variantId, variantId));
    if (v.sitePrices.length > 0) {
      await tx.insert(sitePrice).values(v.sitePrices.map((sp) => ({ variantId, site: sp.site, amount: sp.price.amount, currency: sp.price.currency })));
    }
  }
}

/** The back office's product writes: each one transaction publishing `product.created` or `product.updated`. */
export class CatalogProductWrites {
  constructor(private readonly store: CatalogStore) {}

  /**
   * Creates a product and its variants (with their site prices) in one transaction and publishes
   * `product.created`. Published on `input.sites`, by default the default site only.
   * @throws 404 CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.NOT_LEAF_CATEGORY, 409 CATALOG.SKU_TAKEN,
   *   409 CATALOG.SLUG_TAKEN, 400 CATALOG.INVALID_VARIANTS.
   */
  async create(input: ProductCreateBody): Promise<ProductDto<AdminVariantDto>> {
    checkVariants(input.variants);
    return this.store.write(async (tx) => {
      const cat = await leafCategory(tx, input.categoryId);
      const [skuOwner] = await tx.select({ sku: variant.sku }).from(variant).where(inArray(variant.sku, input.variants.map((v) => v.sku))).limit(1);
      if (skuOwner) throw CatalogErrors.skuTaken(skuOwner.sku);
      if (input.slug && (await tx.select({ id: product.id }).from(product).where(eq(product.slug, input.slug))).length) throw CatalogErrors.slugTaken(input.slug);
      const id = newId('prod');
      const slug = input.slug ?? (await freeProductSlug(tx, slugify(input.title)));
      await tx.insert(product).values({
        id, slug, title: input.title.trim(), description: input.description ?? '', status: input.status ?? 'draft', categoryId: cat.id, images: input.images ?? [],
        sites: input.sites ?? [DEFAULT_SITE_CODE],
      });
      const rows = input.variants.map((v, i) => variantValues(id, v, i));
      await tx.insert(variant).values(rows);
      await writeSitePrices(tx, input.variants, new Map(rows.map((r) => [r.sku, r.id!])));
      const snap = await snapshot(tx, id);
      await publish(tx, 'product.created', { product: snap }, id);
      return productAdmin(tx, id);
    });
  }

  /**
   * Updates a product; `variants` are upserted by SKU in the same transaction. Publishes `product.updated`.
   * @throws 404 CATALOG.PRODUCT_NOT_FOUND / CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.NOT_LEAF_CATEGORY,
   *   409 CATALOG.SKU_TAKEN (SKU of another product), 409 CATALOG.SLUG_TAKEN, 400 CATALOG.INVALID_VARIANTS.
   */
  async update(idOrSlug: string, input: ProductUpdateBody): Promise<ProductDto<AdminVariantDto>> {
    if (input.variants) checkVariants(input.variants);
    return this.store.write(async (tx) => {
      const current = await productAdmin(tx, idOrSlug);
      const categoryId = input.categoryId ? (await leafCategory(tx, input.categoryId)).id : undefined;
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
        const ids = new Map<string, string>();
        for (const [i, v] of input.variants.entries()) {
          const values = variantValues(current.id, v, current.variants.length + i);
          const existing = current.variants.find((x) => x.sku === v.sku);
          ids.set(v.sku, existing?.id ?? values.id!);
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
        await writeSitePrices(tx, input.variants, ids);
      }
      await tx
        .update(product)
        .set({
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.slug !== undefined ? { slug: input.slug } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(input.images !== undefined ? { images: input.images } : {}),
          ...(input.sites !== undefined ? { sites: input.sites } : {}),
          ...(categoryId ? { categoryId } : {}),
          updatedAt: new Date(),
        })
        .where(eq(product.id, current.id));
      const snap = await snapshot(tx, current.id);
      await publish(tx, 'product.updated', { product: snap }, current.id);
      return productAdmin(tx, current.id);
    });
  }

  /** Archives a product (hidden from the storefront, kept for order history). @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  archive(idOrSlug: string): Promise<ProductDto<AdminVariantDto>> {
    return this.update(idOrSlug, { status: 'archived' });
  }

  /**
   * Replaces a product's images by `images`, each the url of one of its current images (at most
   * once): reorders them, sets their alternative texts and drops those left out. Publishes
   * `product.updated`. Answers the product and the urls dropped (the caller deletes their files).
   * @throws 404 CATALOG.PRODUCT_NOT_FOUND, 400 CATALOG.UNKNOWN_IMAGE (a url the product does not have, or listed twice).
   */
  async setImages(idOrSlug: string, images: ProductImage[]): Promise<{ product: ProductDto<AdminVariantDto>; removed: string[] }> {
    const current = await productAdmin(this.store.db, idOrSlug);
    const known = new Set(current.images.map((i) => i.url));
    const seen = new Set<string>();
    for (const image of images) {
      if (!known.has(image.url) || seen.has(image.url)) throw CatalogErrors.unknownImage(image.url);
      seen.add(image.url);
    }
    const cleaned = images.map((i) => ({ url: i.url, ...(i.alt?.trim() ? { alt: i.alt.trim() } : {}), ...(i.altFr?.trim() ? { altFr: i.altFr.trim() } : {}) }));
    const updated = await this.update(current.id, { images: cleaned });
    return { product: updated, removed: [...known].filter((url) => !seen.has(url)) };
  }

  /** Adds an image (already stored at `url`) to a product. @throws 404 CATALOG.PRODUCT_NOT_FOUND. */
  async addImage(idOrSlug: string, image: ProductImage): Promise<ProductDto<AdminVariantDto>> {
    const current = await productAdmin(this.store.db, idOrSlug);
    return this.update(current.id, { images: [...current.images, image] });
  }
}
