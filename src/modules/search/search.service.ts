import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { readingOrder, rows } from '../../platform/db/index.js';
import type { EventEnvelope } from '../../platform/events/index.js';
import type { CatalogSnapshots, ProductSnapshot } from '../catalog/index.js';
import type { CategoryFacet, SearchHit, SearchQuery, SearchResult } from './search.contract.js';
import { unknownCategory } from './search.errors.js';
import { Cache, type CacheOptions } from '../../platform/cache.js';
import { applyCategoryUpdated, applySnapshots, applyStockChanged, type ApplyMode, type FollowedEvent, type StockChanged } from './search.projection.js';
import { buildTsQueries, chooseCorrections, isFuzzable, PRICE_EDGES, priceRanges, queryTerms, type Candidate, type Correction } from './domain/query.js';

/** Tuning of the {@link SearchService}. */
export interface SearchServiceOptions {
  /**
   * Result cache tuning (defaults: 1 000 entries, a 2 000 ms TTL bounding staleness when another
   * process handled an event, a 500 ms quiet period after each invalidation); `{ maxEntries: 0 }`
   * disables it and the term cache.
   */
  cache?: CacheOptions;
  /** Snapshots per page when backfilling from the catalog (default 500). */
  backfillPageSize?: number;
}

const DEFAULT_LIMIT = 20;

/** Counting the catalog's products at start: 7 attempts, 1 s doubling to 16 s between them (about a minute); its timer keeps no process alive. */
const COUNT_RETRY = retry(handleAll, { maxAttempts: 6, backoff: new ExponentialBackoff({ initialDelay: 1_000, maxDelay: 16_000 }) }).dangerouslyUnref();

interface MainRow {
  total: number;
  category_found: boolean;
  data: (Omit<SearchHit, 'score'> & { score: number | string | null })[] | null;
  categories: CategoryFacet[] | null;
  price_buckets: Record<string, number> | null;
}

/**
 * The product snapshot of a `product.created`/`product.updated` event. Typed, yet checked: a
 * payload written by hand or by an older version may lack it.
 * @throws Error when the payload carries no usable snapshot.
 */
function snapshotOf(event: EventEnvelope<FollowedEvent>): ProductSnapshot {
  const product = (event.payload as { product?: Partial<ProductSnapshot> } | null)?.product;
  if (!product || typeof product.id !== 'string' || !product.category || !Array.isArray(product.variants)) {
    throw new Error(`${event.type} ${event.id} carries no product snapshot`);
  }
  return product as ProductSnapshot;
}

/**
 * Search over the read model: queries (with a result cache), the catalog event handlers that keep
 * the read model current, and the backfill from the catalog.
 */
export class SearchService {
  private readonly cache: Cache<string, SearchResult>;
  /** What the vocabulary says of a term (`*term` as last term, `=term` otherwise): its corrections, often none. */
  private readonly terms: Cache<string, Correction[]>;
  private readonly pageSize: number;
  private backfill: Promise<void> | undefined;
  private abort: AbortController | undefined;
  /** True while the catalog's products are being counted (retried) at start. */
  private counting = false;
  private stopping = false;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly catalog: CatalogSnapshots,
    options: SearchServiceOptions = {},
  ) {
    const tuning = { maxEntries: 1_000, ttlMs: 2_000, quietMs: 500, ...options.cache };
    this.cache = new Cache(tuning);
    this.terms = new Cache({ ...tuning, maxEntries: tuning.maxEntries === 0 ? 0 : 5_000 });
    this.pageSize = options.backfillPageSize ?? 500;
  }

  /**
   * Searches active products. With text: full-text (english stemming, title above description,
   * the last term as a prefix) plus spelling correction, ranked by relevance. Without text:
   * a category's products by title, or every active product newest first. `minPrice`/`maxPrice`
   * (minor units, inclusive) narrow the hits, the total and the category facet; the price facet
   * is counted without them, so the other ranges stay offered.
   * @throws AppError 404 `SEARCH.UNKNOWN_CATEGORY` when `category` names no known category.
   */
  async search(query: SearchQuery, site = 'default'): Promise<SearchResult> {
    const terms = queryTerms(query.q);
    const category = query.category?.trim() || undefined;
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_LIMIT), 1), 100);
    const page = Math.max(Math.trunc(query.page ?? 1), 1);
    const price = { min: query.minPrice ?? null, max: query.maxPrice ?? null };
    const key = JSON.stringify([site, terms, category ?? null, price.min, price.max, limit, page]);
    return this.cache.fetch(key, () => this.query(terms, category, price, limit, page, site));
  }

  /** One search on the read model (two statements at most: corrections, then hits and facets). */
  private async query(terms: string[], category: string | undefined, price: PriceFilter, limit: number, page: number, site: string): Promise<SearchResult> {
    const db = this.database.db;
    const corrections = terms.length > 0 ? await this.corrections(db, terms) : new Map<number, Correction[]>();
    const [row] = await rows<MainRow>(db, mainQuery(terms, corrections, category, price, limit, page, site));
    if (!row) throw new Error('search query returned no row');
    if (category && !row.category_found) throw unknownCategory(category);

    const total = Number(row.total);
    const result: SearchResult = {
      data: (row.data ?? []).map((hit) => ({ ...hit, score: hit.score === null ? null : Number(hit.score) })),
      total,
      facets: { categories: row.categories ?? [], priceRanges: priceRanges(row.price_buckets) },
      pagination: { total, limit, page },
    };
    return result;
  }

  /**
   * Spelling corrections of the terms that match no title word exactly, chosen by
   * {@link chooseCorrections} among the nearest words of the trigram-indexed title vocabulary
   * (`word % term`: similarity ≥ 0.3). What the vocabulary says of a term is cached like results
   * (cleared on every event), so statement 1 of a search runs only for terms not seen since.
   */
  private async corrections(exec: Executor, terms: string[]): Promise<Map<number, Correction[]>> {
    const last = terms.length - 1;
    const wanted = terms.map((term, i) => ({ term, i, prefix: i === last, key: `${i === last ? '*' : '='}${term}` })).filter((t) => isFuzzable(t.term));
    const ticket = this.terms.ticket();
    const resolved = new Map<string, Correction[]>();
    for (const t of wanted) {
      const known = this.terms.get(t.key);
      if (known) resolved.set(t.key, known);
    }
    const missing = wanted.filter((t) => !resolved.has(t.key));
    if (missing.length > 0) {
      const found = await rows<{ i: number; exact_documents: number; prefix_documents: number; candidates: Candidate[] | null }>(
        exec,
        sql`
          select t.i::int as i, k.exact_documents, k.prefix_documents,
                 case when k.exact_documents > 0 then null else (
                   select json_agg(json_build_object('word', c.word, 'similarity', c.sim, 'documents', c.documents))
                     from (select w.word, similarity(w.word, t.term) as sim, w.documents
                             from search.words w
                            where w.word % t.term and w.documents > 0
                            order by sim desc, w.documents desc
                            limit 10) c
                 ) end as candidates
            from unnest(${sql.param(missing.map((t) => t.term))}::text[], ${sql.param(missing.map((t) => t.i))}::int[]) as t(term, i)
            cross join lateral (
              select coalesce(sum(w.documents) filter (where w.word = t.term), 0)::int as exact_documents,
                     coalesce(sum(w.documents) filter (where w.word like t.term || '%'), 0)::int as prefix_documents
                from search.words w
               where w.documents > 0 and (w.word = t.term or (t.i = ${last}::int and w.word like t.term || '%'))
            ) k`,
      );
      for (const r of found) {
        const t = missing.find((m) => m.i === Number(r.i));
        if (!t) continue;
        const candidates = (Number(r.exact_documents) > 0 ? [] : (r.candidates ?? [])).map((c) => ({
          word: c.word,
          similarity: Number(c.similarity),
          documents: Number(c.documents),
        }));
        const chosen = chooseCorrections(t.term, candidates, { prefix: t.prefix, prefixDocuments: Number(r.prefix_documents) });
        resolved.set(t.key, chosen);
        this.terms.set(t.key, chosen, ticket);
      }
    }
    const result = new Map<number, Correction[]>();
    for (const t of wanted) {
      const chosen = resolved.get(t.key) ?? [];
      if (chosen.length > 0) result.set(t.i, chosen);
    }
    return result;
  }

  /**
   * Handles a batch of catalog events, in order, inside the relay's transaction `tx`. Runs of
   * consecutive events of one kind are coalesced: a run of `stock.changed` is applied once per
   * variant, with the last availability of the run (each event carries the absolute figure), and a
   * run of `product.created`/`product.updated` is written by one statement (the latest snapshot of
   * each product wins, as applying them one by one would give). A catalog import of thousands of
   * products then costs a statement per batch instead of one per product.
   * @throws Error on a malformed payload (the relay then retries the events one by one, and
   *   dead-letters the faulty one).
   */
  async handleBatch(events: EventEnvelope<FollowedEvent>[], tx: Tx): Promise<void> {
    let stock = new Map<string, EventEnvelope<FollowedEvent>>();
    let products: ProductSnapshot[] = [];
    const flush = async () => {
      for (const event of stock.values()) await this.handle(event, tx);
      stock = new Map();
      if (products.length > 0) {
        this.invalidate();
        await applySnapshots(tx, products, 'event');
        this.invalidate();
        products = [];
      }
    };
    for (const event of events) {
      const variantId: unknown = event.type === 'stock.changed' ? (event.payload as Partial<StockChanged> | null)?.variantId : undefined;
      if (typeof variantId === 'string') {
        if (products.length > 0) await flush();
        stock.delete(variantId); // the last of the run wins, in its place in the order
        stock.set(variantId, event);
        continue;
      }
      if (event.type === 'product.created' || event.type === 'product.updated') {
        if (stock.size > 0) await flush();
        products.push(snapshotOf(event));
        continue;
      }
      await flush();
      await this.handle(event, tx);
    }
    await flush();
  }

  /**
   * Handles one catalog event inside the relay's transaction `tx` (the inbox makes it run once).
   * @throws Error on a malformed payload (the relay retries, then dead-letters it).
   */
  async handle(event: EventEnvelope<FollowedEvent>, tx: Tx): Promise<void> {
    this.invalidate();
    switch (event.type) {
      case 'product.created':
      case 'product.updated': {
        await applySnapshots(tx, [snapshotOf(event)], 'event');
        break;
      }
      case 'stock.changed': {
        const change = event.payload as StockChanged | null;
        if (!change || typeof change.variantId !== 'string' || typeof change.productId !== 'string' || typeof change.available !== 'number') {
          throw new Error(`stock.changed ${event.id} is malformed`);
        }
        await applyStockChanged(tx, change);
        break;
      }
      case 'category.updated': {
        const category = (event.payload as Partial<typeof event.payload> | null)?.category;
        if (!category || typeof category.id !== 'string' || !Array.isArray(category.pathIds) || !Array.isArray(category.pathNames)) {
          throw new Error(`category.updated ${event.id} is malformed`);
        }
        await applyCategoryUpdated(tx, category);
        break;
      }
      default:
        break;
    }
    // Again after the writes: a search that ran meanwhile must not be cached either.
    this.invalidate();
  }

  /** Clears the result and term caches (the read model changes). */
  private invalidate(): void {
    this.cache.clear();
    this.terms.clear();
  }

  /**
   * At start: when the read model is empty but the catalog has products (search added to an
   * existing catalog, a restored database, a search service started on its own database),
   * backfills it from `listSnapshots` in the background and logs; start itself only costs one
   * small query. Counting the catalog's products is retried with backoff for about a minute (in
   * services mode the catalog's service may still be starting). Events keep flowing meanwhile
   * (both paths are idempotent and an older snapshot never overwrites a newer document).
   */
  async start(): Promise<void> {
    this.stopping = false;
    this.abort = new AbortController();
    const [any] = await rows<{ present: boolean }>(this.database.db, sql`select exists (select 1 from search.documents) as present`);
    if (any?.present) return;
    this.backfill = this.backfillFromCatalog(this.abort.signal);
  }

  /**
   * Stops a running backfill after its current page and waits for it. A count still being
   * retried is not waited for: its pending delay ends on its own, then sees the abort and stops
   * without touching the database.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort?.abort();
    if (!this.counting) await this.backfill;
    this.backfill = undefined;
  }

  /** The background part of {@link start}: counts the catalog's products (retried), then copies them when there are any. */
  private async backfillFromCatalog(signal: AbortSignal): Promise<void> {
    let count: number;
    this.counting = true;
    try {
      count = await COUNT_RETRY.execute(() => this.catalog.countProducts(), signal);
    } catch (err) {
      if (!this.stopping) this.log.warn({ err }, 'search could not count catalog products; no backfill (restart to retry)');
      return;
    } finally {
      this.counting = false;
    }
    if (count === 0 || this.stopping) return;
    this.log.info({ products: count }, 'search index is empty: backfilling from the catalog in the background');
    const started = Date.now();
    try {
      const indexed = await this.copyFromCatalog('backfill');
      this.log.info({ indexed, ms: Date.now() - started, stopped: this.stopping }, 'search backfill finished');
    } catch (err) {
      this.log.error({ err }, 'search backfill failed; restart to retry');
    }
  }

  /** Copies every catalog snapshot into the read model, a page per transaction; returns how many were written. */
  private async copyFromCatalog(mode: ApplyMode): Promise<number> {
    let after: string | null = null;
    let written = 0;
    while (!this.stopping) {
      const page: ProductSnapshot[] = await this.catalog.listSnapshots(after, this.pageSize);
      if (page.length === 0) break;
      written += await this.database.transaction((tx) => applySnapshots(tx, page, mode));
      this.invalidate();
      after = page[page.length - 1]?.id ?? null;
      if (page.length < this.pageSize) break;
    }
    // Fresh planner statistics for the bulk-loaded tables (PGlite has no autovacuum); best effort.
    if (written > 0) await this.database.db.execute(sql`analyze search.documents, search.stock, search.categories, search.words`).catch(() => undefined);
    return written;
  }
}

/**
 * Statement 2 of a search: the matching set of active products (full-text with corrections,
 * category filter incl. descendants), ranked, and in the same statement its total, one page of
 * hits and the category facet of the set within the price bounds, and the price facet of the set
 * without them.
 *
 * Relevance = tier + fraction, tier = 3 (all terms in the title) | 2 (in title, description or
 * category) | 1 (with a spelling correction, in the title) | 0 (with a correction, elsewhere);
 * fraction (< 1) = 0.5 × ts_rank_cd(weighted vector, normalised 1|32) + 0.3 × correction weight
 * (1 without correction) + 0.2 × word_similarity(query, title).
 */
/** Inclusive price bounds of a search, minor units; null = no bound. */
type PriceFilter = { min: number | null; max: number | null };

function mainQuery(terms: string[], corrections: Map<number, Correction[]>, category: string | undefined, price: PriceFilter, limit: number, page: number, site: string): SQL {
  const filters: SQL[] = [sql`d.status = 'active'`, sql`${site} = any(d.sites)`];
  let score: SQL = sql`null::float8`;
  let correctionsCte: SQL = sql``;
  let order: SQL;

  if (terms.length > 0) {
    const ts = buildTsQueries(terms, corrections);
    const exact = sql`to_tsquery('english', ${ts.exact})`;
    const fuzzy = sql`to_tsquery('english', ${ts.fuzzy})`;
    filters.push(sql`d.search_vector @@ ${fuzzy}`);
    const similarity = sql`word_similarity(${terms.join(' ')}, d.title)::float8`;
    if (ts.corrections.length === 0) {
      // Nothing corrected: fuzzy = exact, every match is tier 2 or 3 with correction weight 1.
      score = sql`(case when d.title_vector @@ ${exact} then 3 else 2 end)
        + 0.5 * ts_rank_cd(d.search_vector, ${exact}, 33)::float8 + 0.3 + 0.2 * ${similarity}`;
    } else {
      const correctionWeight = sql`coalesce((select max(f.weight) from corrections f where d.search_vector @@ f.query), 0)`;
      correctionsCte = sql`corrections as materialized (
          select to_tsquery('english', c.query) as query, c.weight
            from unnest(${sql.param(ts.corrections.map((c) => c.query))}::text[], ${sql.param(ts.corrections.map((c) => c.weight))}::float8[]) as c(query, weight)
        ),`;
      score = sql`(case when d.title_vector @@ ${exact} then 3 when d.search_vector @@ ${exact} then 2 when d.title_vector @@ ${fuzzy} then 1 else 0 end)
        + 0.5 * ts_rank_cd(d.search_vector, ${fuzzy}, 33)::float8
        + 0.3 * (case when d.search_vector @@ ${exact} then 1 else ${correctionWeight} end)
        + 0.2 * ${similarity}`;
    }
    order = sql`score desc, ${readingOrder(sql`title`)}, product_id asc`;
  } else if (category) {
    order = sql`${readingOrder(sql`title`)}, product_id asc`;
  } else {
    order = sql`created_at desc, product_id desc`;
  }
  if (category) filters.push(sql`d.category_path_ids && (select ids from cat)`);

  return sql`
    with ${correctionsCte} cat as (
      select array_agg(id) as ids from search.categories where ${category ?? null}::text is not null and (id = ${category ?? null} or slug = ${category ?? null})
    ),
    matched as (
      select d.product_id, d.slug, d.title, d.price_amount, d.price_currency, d.category_id, d.category_name, d.category_slug,
             d.in_stock, d.images, d.created_at, (${score})::float8 as score
        from search.documents d
       where ${sql.join(filters, sql` and `)}
    ),
    priced as (
      select m.* from matched m
       where (${price.min}::int is null or m.price_amount >= ${price.min}::int)
         and (${price.max}::int is null or m.price_amount <= ${price.max}::int)
    ),
    page as (
      select m.*, row_number() over (order by ${order}) as position
        from priced m
       order by ${order}
       limit ${limit} offset ${(page - 1) * limit}
    )
    select
      (select count(*) from priced)::int as total,
      (select ids is not null from cat) as category_found,
      (select json_agg(json_build_object(
                'id', p.product_id, 'slug', p.slug, 'title', p.title,
                'price', json_build_object('amount', p.price_amount, 'currency', p.price_currency),
                'category', json_build_object('id', p.category_id, 'name', p.category_name, 'slug', p.category_slug),
                'inStock', p.in_stock, 'images', p.images, 'score', round(p.score::numeric, 4)) order by p.position)
         from page p) as data,
      (select json_agg(json_build_object('id', c.category_id, 'name', c.name, 'slug', c.slug, 'count', c.n) order by c.n desc, c.name, c.category_id)
         from (select category_id, min(category_name) as name, min(category_slug) as slug, count(*)::int as n from priced group by category_id) c) as categories,
      (select json_object_agg(b.bucket, b.n)
         from (select width_bucket(price_amount, ${sql.param([...PRICE_EDGES])}::int[]) as bucket, count(*)::int as n from matched group by 1) b) as price_buckets`;
}
