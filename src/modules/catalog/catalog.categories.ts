import { asc, count, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import { toCategory, type AdminCategoryNode, type CategoryDto, type CategoryNode, type CategoryRow } from './catalog.dto.js';
import { CatalogErrors } from './catalog.errors.js';
import type { CatalogEvents } from './catalog.events.js';
import type { CategoryCreateBody, CategoryUpdateBody } from './catalog.schemas.js';
import type { CatalogStore } from './catalog.store.js';
import { category, product } from './db/schema.js';
import { DEFAULT_SITE_CODE } from '../../platform/http/site.js';
import { slugify, uniqueSlug } from './domain/slug.js';

/** Every category row, by position then name. */
export async function allCategories(exec: Executor): Promise<CategoryRow[]> {
  return exec.select().from(category).orderBy(asc(category.position), asc(category.name));
}

/** The path from the root down to and including category `id` (empty when unknown), from the rows `cats` by id. */
export function pathOf(cats: Map<string, CategoryRow>, id: string): CategoryRow[] {
  const path: CategoryRow[] = [];
  for (let c = cats.get(id); c && path.length < 50; c = c.parentId ? cats.get(c.parentId) : undefined) path.unshift(c);
  return path;
}

/** Publishes `category.updated` for `row` (with its path) inside `tx`. */
export async function categoryEvent(tx: Tx, row: CategoryRow): Promise<void> {
  const cats = new Map((await allCategories(tx)).map((c) => [c.id, c]));
  const path = pathOf(cats, row.id);
  const payload: CatalogEvents['category.updated'] = {
    category: { id: row.id, name: row.name, slug: row.slug, parentId: row.parentId, pathIds: path.map((c) => c.id), pathNames: path.map((c) => c.name) },
  };
  await publish(tx, 'category.updated', payload, row.id);
}

/** A category by id or slug. */
async function findCategory(exec: Executor, idOrSlug: string): Promise<CategoryRow | undefined> {
  const [row] = await exec.select().from(category).where(sql`${category.id} = ${idOrSlug} or ${category.slug} = ${idOrSlug}`).limit(1);
  return row;
}

/** Ids of the category `idOrSlug` and all its descendants; null when there is no such category. */
export async function categoryAndDescendants(exec: Executor, idOrSlug: string): Promise<string[] | null> {
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

/** Resolves a category for a product: it must exist and be a leaf. @throws 404 CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.NOT_LEAF_CATEGORY. */
export async function leafCategory(tx: Tx, id: string): Promise<CategoryRow> {
  const found = await findCategory(tx, id);
  if (!found) throw CatalogErrors.categoryNotFound(id);
  const [children] = await tx.select({ n: count() }).from(category).where(eq(category.parentId, found.id));
  if (Number(children?.n) > 0) throw CatalogErrors.notLeafCategory(found.name);
  return found;
}

/** The category `parentId`, which may take children: it holds no products. @throws 404 CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.PARENT_HAS_PRODUCTS. */
async function assertParentAcceptsChildren(tx: Tx, parentId: string): Promise<CategoryRow> {
  const parent = await findCategory(tx, parentId);
  if (!parent) throw CatalogErrors.categoryNotFound(parentId);
  const [held] = await tx.select({ n: count() }).from(product).where(eq(product.categoryId, parent.id));
  if (Number(held?.n ?? 0) > 0) throw CatalogErrors.parentHasProducts(parent.name);
  return parent;
}

/** `base`, or `base-2`, `base-3`… whichever no category has. */
async function freeCategorySlug(exec: Executor, base: string): Promise<string> {
  const taken = new Set((await exec.select({ slug: category.slug }).from(category).where(sql`${category.slug} like ${base + '%'}`)).map((r) => r.slug));
  return uniqueSlug(base, (s) => taken.has(s));
}

/**
 * Products per category id (directly in it): active ones only, or (`activeOnly` false) of any
 * status; with `site`, only the active products that site sells (published there and, on a site
 * other than the default one, with a price of that site: as the site's product lists count them).
 */
async function productCounts(exec: Executor, activeOnly: boolean, site?: string): Promise<Map<string, number>> {
  if (site !== undefined) {
    const counts = await rows<{ categoryId: string; n: number }>(exec, sql`
      select p.category_id as "categoryId", count(*)::int as n from catalog.product p
      where p.status = 'active' and ${site} = any(p.sites)
        ${site === DEFAULT_SITE_CODE ? sql`` : sql`and exists (select 1 from catalog.variant x join catalog.site_price sp on sp.variant_id = x.id and sp.site = ${site} where x.product_id = p.id)`}
      group by p.category_id`);
    return new Map(counts.map((c) => [c.categoryId, c.n]));
  }
  const counts = await exec
    .select({ categoryId: product.categoryId, n: count() })
    .from(product)
    .where(activeOnly ? eq(product.status, 'active') : undefined)
    .groupBy(product.categoryId);
  return new Map(counts.map((c) => [c.categoryId, Number(c.n)]));
}

/** The tree of the rows `cats` (in their order), each node's `productCount` its own `direct` count plus its descendants'. */
function buildTree(cats: CategoryRow[], direct: Map<string, number>): CategoryNode[] {
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
}

/** The category tree (products live in leaves) and its back-office writes, each publishing `category.updated`. */
export class CatalogCategories {
  constructor(private readonly store: CatalogStore) {}

  /** Category rows (cached with the tree; stock movements leave them alone); a miss reads through `exec` (default the database). */
  rows(exec: Executor = this.store.db): Promise<CategoryRow[]> {
    return this.store.structure.fetch('categories:rows', async () => allCategories(exec));
  }

  /** The category tree with the counts of the active products site `site` sells, rolled up to ancestors (cached per site). */
  async tree(site: string = DEFAULT_SITE_CODE): Promise<CategoryNode[]> {
    return this.store.structure.fetch(`categories:${site}`, async () => {
      const db = this.store.db;
      return buildTree(await allCategories(db), await productCounts(db, true, site));
    });
  }

  /**
   * The back office's tree (uncached): {@link tree}'s nodes, each with `heldProducts`, the
   * products of any status placed directly in it (a category is deleted only when it holds none
   * and has no subcategories).
   */
  async adminTree(): Promise<AdminCategoryNode[]> {
    const db = this.store.db;
    const [cats, active, held] = [await allCategories(db), await productCounts(db, true), await productCounts(db, false)];
    const withHeld = (node: CategoryNode): AdminCategoryNode => ({ ...node, heldProducts: held.get(node.id) ?? 0, children: node.children.map(withHeld) });
    return buildTree(cats, active).map(withHeld);
  }

  /**
   * Creates a category (root when `parentId` is absent). The slug comes from the name unless given.
   * @throws 404 CATALOG.CATEGORY_NOT_FOUND (parent), 409 CATALOG.PARENT_HAS_PRODUCTS, 409 CATALOG.SLUG_TAKEN.
   */
  async create(input: CategoryCreateBody): Promise<CategoryDto> {
    return this.store.write(async (tx) => {
      if (input.parentId) await assertParentAcceptsChildren(tx, input.parentId);
      const slug = input.slug ?? (await freeCategorySlug(tx, slugify(input.name)));
      const [row] = await tx
        .insert(category)
        .values({ id: newId('cat'), name: input.name.trim(), slug, parentId: input.parentId ?? null, position: input.position ?? 0 })
        .returning();
      await categoryEvent(tx, row!);
      return toCategory(row!);
    });
  }

  /**
   * Renames, re-slugs or moves a category.
   * @throws 404 CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.CATEGORY_CYCLE, 409 CATALOG.PARENT_HAS_PRODUCTS, 409 CATALOG.SLUG_TAKEN.
   */
  async update(id: string, input: CategoryUpdateBody): Promise<CategoryDto> {
    return this.store.write(async (tx) => {
      const current = await findCategory(tx, id);
      if (!current) throw CatalogErrors.categoryNotFound(id);
      if (input.parentId) {
        const below = await categoryAndDescendants(tx, current.id);
        const parent = await findCategory(tx, input.parentId);
        if (!parent) throw CatalogErrors.categoryNotFound(input.parentId);
        if (below?.includes(parent.id)) throw CatalogErrors.categoryCycle();
        await assertParentAcceptsChildren(tx, parent.id);
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
      await categoryEvent(tx, row!);
      return toCategory(row!);
    });
  }

  /** Deletes an empty category. @throws 404 CATALOG.CATEGORY_NOT_FOUND, 409 CATALOG.CATEGORY_NOT_EMPTY (with `subcategories` and `products` counts). */
  async delete(id: string): Promise<void> {
    await this.store.write(async (tx) => {
      const current = await findCategory(tx, id);
      if (!current) throw CatalogErrors.categoryNotFound(id);
      const [children] = await tx.select({ n: count() }).from(category).where(eq(category.parentId, current.id));
      const [products] = await tx.select({ n: count() }).from(product).where(eq(product.categoryId, current.id));
      if (Number(children?.n) > 0 || Number(products?.n) > 0) throw CatalogErrors.categoryNotEmpty(current.name, Number(children?.n ?? 0), Number(products?.n ?? 0));
      await tx.delete(category).where(eq(category.id, current.id));
    });
  }
}
