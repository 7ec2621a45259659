import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import type { CatalogEvents, ProductSnapshot } from '../catalog/index.js';
import { vocabularyWords } from './domain/query.js';

/**
 * The write side of the search read model: catalog snapshots and events → `search.*` rows.
 * Each operation is ONE SQL statement (data-modifying CTEs), whatever the number of snapshots:
 * on PGlite every statement costs about a millisecond, and the relay runs one transaction per event.
 */

/**
 * How snapshots are applied: `event` (catalog events, delivered in order: a snapshot overwrites a
 * document that is not newer, and its variants' availability) or `backfill` (pages of
 * `listSnapshots`: only what is missing or strictly older is written, and availability already
 * written by `stock.changed` events is kept).
 */
export type ApplyMode = 'event' | 'backfill';

/** Catalog events that the search read model follows. */
export const FOLLOWED_EVENTS = ['product.created', 'product.updated', 'stock.changed', 'category.updated'] as const;
/** Name of an event search follows. */
export type FollowedEvent = (typeof FOLLOWED_EVENTS)[number];

/** Payload of a `category.updated` event. */
export type CategoryUpdated = CatalogEvents['category.updated']['category'];
/** Payload of a `stock.changed` event. */
export type StockChanged = CatalogEvents['stock.changed'];

/** One snapshot as the statement of {@link applySnapshots} reads it (jsonb_to_recordset). */
function toInput(p: ProductSnapshot) {
  return {
    product_id: p.id,
    slug: p.slug,
    title: p.title,
    description: p.description ?? '',
    status: p.status,
    category_id: p.category.id,
    category_name: p.category.name,
    category_slug: p.category.slug,
    category_path_ids: p.category.pathIds,
    category_path_names: p.category.pathNames,
    price_amount: p.price.amount,
    price_currency: p.price.currency,
    images: p.images ?? [],
    sites: (p.sites ?? ['default']).filter((s) => s === 'default' || p.variants.some((v) => v.sitePrices?.some((sp) => sp.site === s))),
    in_stock: p.variants.some((v) => v.available > 0),
    created_at: p.createdAt,
    source_updated_at: p.updatedAt,
    title_words: vocabularyWords(p.title),
    variants: p.variants.map((v) => ({ variant_id: v.id, sku: v.sku, available: v.available })),
  };
}

/**
 * Writes product snapshots into the read model inside `tx`, in one statement: the documents
 * (skipping any whose stored version is newer), their variants' availability and `inStock`,
 * the categories of their paths and the title vocabulary counts.
 * @returns how many snapshots were applied (the others were older than what is stored).
 */
export async function applySnapshots(tx: Executor, snapshots: ProductSnapshot[], mode: ApplyMode): Promise<number> {
  // One row per product (the latest snapshot): ON CONFLICT may not touch a row twice.
  const latest = new Map<string, ProductSnapshot>();
  for (const s of snapshots) {
    const seen = latest.get(s.id);
    if (!seen || Date.parse(seen.updatedAt) <= Date.parse(s.updatedAt)) latest.set(s.id, s);
  }
  if (latest.size === 0) return 0;
  const input = JSON.stringify([...latest.values()].map(toInput));
  const ids = sql`${sql.param([...latest.keys()])}::text[]`;
  const event = mode === 'event';

  const [result] = await rows<{ applied: number }>(
    tx,
    sql`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(
        product_id text, slug text, title text, description text, status text,
        category_id text, category_name text, category_slug text, category_path_ids text[], category_path_names text[],
        price_amount integer, price_currency text, images jsonb, sites text[], in_stock boolean,
        created_at timestamptz, source_updated_at timestamptz, title_words text[], variants jsonb)
    ),
    old as (
      select d.product_id, d.title_words, d.source_updated_at
        from search.documents d
       where d.product_id = any(${ids})
         for update
    ),
    fresh as (
      select i.* from input i left join old o on o.product_id = i.product_id
       where o.product_id is null or o.source_updated_at < i.source_updated_at
          or (${event} and o.source_updated_at = i.source_updated_at)
    ),
    fresh_variants as (
      select f.product_id, v.variant_id, v.sku, v.available
        from fresh f cross join lateral jsonb_to_recordset(f.variants) as v(variant_id text, sku text, available integer)
    ),
    upsert_documents as (
      insert into search.documents (product_id, slug, title, description, status, category_id, category_name, category_slug,
                                    category_path_ids, category_path_names, price_amount, price_currency, images, sites, title_words,
                                    in_stock, created_at, source_updated_at)
      select f.product_id, f.slug, f.title, f.description, f.status, f.category_id, f.category_name, f.category_slug,
             f.category_path_ids, f.category_path_names, f.price_amount, f.price_currency, f.images, f.sites, f.title_words,
             case when ${event} or not exists (select 1 from search.stock s where s.product_id = f.product_id) then f.in_stock
                  else exists (select 1 from search.stock s where s.product_id = f.product_id and s.available > 0) end,
             f.created_at, f.source_updated_at
        from fresh f
      on conflict (product_id) do update set
        slug = excluded.slug, title = excluded.title, description = excluded.description, status = excluded.status,
        category_id = excluded.category_id, category_name = excluded.category_name, category_slug = excluded.category_slug,
        category_path_ids = excluded.category_path_ids, category_path_names = excluded.category_path_names,
        price_amount = excluded.price_amount, price_currency = excluded.price_currency, images = excluded.images, sites = excluded.sites,
        title_words = excluded.title_words, in_stock = excluded.in_stock, created_at = excluded.created_at,
        source_updated_at = excluded.source_updated_at
      where search.documents.source_updated_at <= excluded.source_updated_at
    ),
    upsert_stock as (
      insert into search.stock (variant_id, product_id, sku, available)
      select variant_id, product_id, sku, available from fresh_variants
      on conflict (variant_id) do update set product_id = excluded.product_id, sku = excluded.sku, available = excluded.available
      where ${event}
    ),
    removed_variants as (
      delete from search.stock s
       where ${event} and s.product_id = any(${ids})
         and s.product_id in (select product_id from fresh)
         and s.variant_id not in (select variant_id from fresh_variants)
    ),
    upsert_categories as (
      insert into search.categories (id, slug, name, path_ids, path_names)
      select distinct on (p.id) p.id,
             case when p.depth = cardinality(f.category_path_ids) then f.category_slug end,
             coalesce(p.name, p.id), f.category_path_ids[1:p.depth], f.category_path_names[1:p.depth]
        from fresh f cross join lateral unnest(f.category_path_ids, f.category_path_names) with ordinality as p(id, name, depth)
       order by p.id, (p.depth = cardinality(f.category_path_ids)) desc, f.source_updated_at desc
      on conflict (id) do update set
        name = excluded.name, path_ids = excluded.path_ids, path_names = excluded.path_names,
        slug = coalesce(excluded.slug, search.categories.slug)
      where ${event} and (search.categories.name is distinct from excluded.name
         or search.categories.path_ids is distinct from excluded.path_ids
         or search.categories.path_names is distinct from excluded.path_names
         or (excluded.slug is not null and search.categories.slug is distinct from excluded.slug))
    ),
    count_words as (
      insert into search.words (word, documents)
      select word, sum(delta)::int
        from (select unnest(f.title_words) as word, 1 as delta from fresh f
              union all
              select unnest(o.title_words), -1 from old o where o.product_id in (select product_id from fresh)) w
       group by word
      having sum(delta) <> 0
      on conflict (word) do update set documents = greatest(search.words.documents + excluded.documents, 0)
    )
    select count(*)::int as applied from fresh`,
  );
  return result?.applied ?? 0;
}

/** Applies a `stock.changed` event (one statement): the variant's availability and the product's `inStock`. */
export async function applyStockChanged(tx: Executor, change: StockChanged): Promise<void> {
  await tx.execute(sql`
    with upsert_stock as (
      insert into search.stock (variant_id, product_id, sku, available)
      values (${change.variantId}, ${change.productId}, ${change.sku}, ${change.available})
      on conflict (variant_id) do update set product_id = excluded.product_id, sku = excluded.sku, available = excluded.available
    ),
    state as (
      select ${change.available}::int > 0
             or exists (select 1 from search.stock s where s.product_id = ${change.productId} and s.variant_id <> ${change.variantId} and s.available > 0)
             as in_stock
    )
    update search.documents d set in_stock = state.in_stock
      from state
     where d.product_id = ${change.productId} and d.in_stock is distinct from state.in_stock`);
}

/**
 * Applies a `category.updated` event (one statement): the category itself, then the paths (and,
 * for its own products, the name and slug) of every category and document below it — a rename
 * or a move rewrites the path prefix up to the category and keeps the rest.
 */
export async function applyCategoryUpdated(tx: Executor, category: CategoryUpdated): Promise<void> {
  const id = sql`${category.id}::text`;
  const ids = sql`${sql.param(category.pathIds)}::text[]`;
  const names = sql`${sql.param(category.pathNames)}::text[]`;
  await tx.execute(sql`
    with upsert_category as (
      insert into search.categories (id, slug, name, path_ids, path_names)
      values (${id}, ${category.slug}, ${category.name}, ${ids}, ${names})
      on conflict (id) do update set slug = excluded.slug, name = excluded.name, path_ids = excluded.path_ids, path_names = excluded.path_names
    ),
    descendants as (
      update search.categories c
         set path_ids = ${ids} || c.path_ids[array_position(c.path_ids, ${id}) + 1:],
             path_names = ${names} || c.path_names[array_position(c.path_ids, ${id}) + 1:]
       where c.path_ids @> array[${id}] and c.id <> ${id}
    )
    update search.documents d
       set category_path_ids = ${ids} || d.category_path_ids[array_position(d.category_path_ids, ${id}) + 1:],
           category_path_names = ${names} || d.category_path_names[array_position(d.category_path_ids, ${id}) + 1:],
           category_name = case when d.category_id = ${id} then ${category.name} else d.category_name end,
           category_slug = case when d.category_id = ${id} then ${category.slug} else d.category_slug end
     where d.category_path_ids @> array[${id}]`);
}
