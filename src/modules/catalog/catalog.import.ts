import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/index.js';
import { bulkInsert, rows } from '../../platform/db/index.js';
import { publishMany } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import { allCategories, categoryEvent, pathOf } from './catalog.categories.js';
import type { ImportedProduct } from './catalog.contract.js';
import type { ProductSnapshot } from './catalog.events.js';
import type { CatalogStore } from './catalog.store.js';
import { category, product, stockMovement, variant } from './db/schema.js';
import { slugify, uniqueSlug } from './domain/slug.js';

/** SKUs looked up per statement when finding those that already exist. */
const SKU_CHUNK = 5_000;

/**
 * See {@link CatalogContract.importProducts}: creates the categories, products, variants and
 * opening stock receipts (`openingStock` units per new variant) of an import inside `tx`,
 * skipping SKUs that exist, and publishes `product.created` per new product. Clears `store`'s
 * cached reads.
 * @returns how many products were created.
 */
export async function importProducts(store: CatalogStore, tx: Tx, items: ImportedProduct[], openingStock: number): Promise<{ created: number }> {
  if (items.length === 0) return { created: 0 };
  // Categories: create each path once (roots first), reuse existing ones by name under the same parent.
  const cats = await allCategories(tx);
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
        await categoryEvent(tx, found!);
      }
      parentId = found!.id;
    }
    leafOf.set(path, parentId!);
  }
  // Products whose SKU is new.
  const existing = new Set<string>();
  for (let i = 0; i < items.length; i += SKU_CHUNK) {
    const skus = items.slice(i, i + SKU_CHUNK).map((p) => p.sku);
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
  const catRows = new Map((await allCategories(tx)).map((c) => [c.id, c]));
  const events = planned.map(({ p, productId, variantId, slug, created }) => {
    const leaf = leafOf.get(JSON.stringify(p.categoryPath))!;
    const path = pathOf(catRows, leaf);
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
  store.invalidate();
  return { created: fresh.length };
}
