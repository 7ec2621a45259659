/** Catalog and search data: types from the generated API schema and TanStack Query hooks (categories, products, search). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ok, type Schemas } from '../../lib/api';
import type { paths } from '../../lib/api-schema';

/** A node of the category tree with its active-product count (descendants included). */
export type CategoryNode = Schemas['CategoryNode'];

/** A product as shown by the storefront's product page, with its variants. */
export type Product = Schemas['Product'];

/** A sellable variant (SKU) of a product. */
export type Variant = Product['variants'][number];

/** Filters and sort of a product listing (GET /api/products; prices in minor units). */
export type ProductQuery = Partial<NonNullable<paths['/api/products']['get']['parameters']['query']>>;

/** A search answer (GET /api/search): hits, total, facets and pagination. */
export type SearchResult = Awaited<ReturnType<typeof search>>;

/** A product card's data: a listed product or a search hit. */
export type ProductSummary = Pick<Product, 'id' | 'slug' | 'title' | 'images' | 'price' | 'inStock'>;

function search(query: NonNullable<paths['/api/search']['get']['parameters']['query']>) {
  return ok(api.GET('/api/search', { params: { query } }));
}

/** The category tree. */
export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => ok(api.GET('/api/categories')).then((r) => r.data), staleTime: 5 * 60_000 });
}

/** Finds a category by slug in a tree, with its ancestors (root first). */
export function findCategory(tree: CategoryNode[], slug: string, trail: CategoryNode[] = []): { node: CategoryNode; trail: CategoryNode[] } | null {
  for (const node of tree) {
    if (node.slug === slug) return { node, trail };
    const found = findCategory(node.children, slug, [...trail, node]);
    if (found) return found;
  }
  return null;
}

/** A page of products with filters and sort. */
export function useProducts(query: ProductQuery) {
  return useQuery({
    queryKey: ['products', query],
    queryFn: () => ok(api.GET('/api/products', { params: { query: { page: 1, limit: 20, ...query } } })),
    placeholderData: keepPreviousData,
  });
}

/** One product by slug, with variants and availability. */
export function useProduct(slug: string) {
  return useQuery({ queryKey: ['product', slug], queryFn: () => ok(api.GET('/api/products/{idOrSlug}', { params: { path: { idOrSlug: slug } } })), retry: false });
}

/** Full-text search with facets. */
export function useSearch(params: { q: string; category?: string; minPrice?: number; maxPrice?: number; page?: number; limit?: number }) {
  return useQuery({
    queryKey: ['search', params],
    queryFn: () => search(params),
    placeholderData: keepPreviousData,
  });
}

/** Type-ahead suggestions (5 hits) for an already debounced term; idle for fewer than 2 characters. */
export function useSuggestions(term: string) {
  return useQuery({
    queryKey: ['suggest', term],
    queryFn: () => search({ q: term, limit: 5 }),
    enabled: term.trim().length >= 2,
    staleTime: 60_000,
  });
}
