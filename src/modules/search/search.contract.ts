/**
 * The shapes of search: its queries and results, as `GET /api/search` answers them. Money in
 * minor units with an ISO 4217 currency; ids are the catalog's.
 */

/** A search request. All fields optional; see `SearchService.search`. */
export interface SearchQuery {
  /** Free text, at most 200 characters. Absent or blank: a listing instead of a ranked search. */
  q?: string;
  /** A category id or slug; products of that category and of every category below it. */
  category?: string;
  /** Lowest price, minor units (inclusive). */
  minPrice?: number;
  /** Highest price, minor units (inclusive, as on `GET /api/products`). */
  maxPrice?: number;
  /** Page size, 1 to 100 (default 20). */
  limit?: number;
  /** 1-based page number (default 1). */
  page?: number;
}

/** A product as search lists it. */
export interface SearchHit {
  /** Product id (`prod_…`). */
  id: string;
  slug: string;
  title: string;
  /** The "from" price: the lowest variant price, in minor units. */
  price: { amount: number; currency: string };
  /** The product's (leaf) category. */
  category: { id: string; name: string; slug: string };
  /** True when any variant has stock available. */
  inStock: boolean;
  images: { url: string; alt?: string; altFr?: string }[];
  /**
   * Relevance, higher first; null when there is no query text. The integer part is the match
   * tier (3 all terms in the title, 2 all terms in title + description + category, 1 a spelling
   * correction in the title, 0 a correction elsewhere), the fraction orders within a tier.
   */
  score: number | null;
}

/** A category facet: how many matching products are in this (leaf) category. */
export interface CategoryFacet {
  id: string;
  name: string;
  slug: string;
  count: number;
}

/** A price facet bucket in minor units: `min` ≤ price < `max` (`max` null: no upper bound). */
export interface PriceRangeFacet {
  min: number;
  max: number | null;
  count: number;
}

/**
 * A page of results. `total` counts the whole matching set; the facets describe the whole
 * matching set too (their counts each add up to `total`). A result may be shared through the
 * result cache: treat it as read-only.
 */
export interface SearchResult {
  data: SearchHit[];
  total: number;
  facets: { categories: CategoryFacet[]; priceRanges: PriceRangeFacet[] };
  pagination: { total: number; limit: number; page: number };
}

/** What search offers other modules and flows (the storefront's server-rendered search page). */
export interface SearchContract {
  /**
   * Searches the active products site `site` sells (default: the default site), exactly as
   * `GET /api/search` answers on that site (see `SearchService.search`; the caller bounds `q` to
   * 200 characters as the route does).
   * @throws AppError 404 `SEARCH.UNKNOWN_CATEGORY` when `category` names no known category.
   */
  search(query: SearchQuery, site?: string): Promise<SearchResult>;
}
