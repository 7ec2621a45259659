/** Catalog and search data: API types and TanStack Query hooks (categories, products, search). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Money } from '../../lib/api';

/** A node of the category tree with its active-product count (descendants included). */
export interface CategoryNode {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  productCount: number;
  children: CategoryNode[];
}

/** A sellable variant (SKU) of a product. */
export interface Variant {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
  available: number;
}

/** A product as listed and shown by the storefront. */
export interface Product {
  id: string;
  slug: string;
  title: string;
  description?: string | null;
  category: { id: string; name: string; slug: string } | null;
  images: { url: string; alt?: string }[];
  price: Money;
  inStock: boolean;
  variants?: Variant[];
}

/** `{ total, limit, page }` of a paginated answer. */
export interface Pagination {
  total: number;
  limit: number;
  page: number;
}

/** Filters and sort of a product listing (prices in minor units). */
export interface ProductQuery {
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  sort?: 'newest' | 'price' | '-price' | 'title';
  page?: number;
  limit?: number;
}

/** A search answer: hits, total, facets and pagination. */
export interface SearchResult {
  data: Product[];
  total: number;
  facets: {
    categories: { id: string; name: string; slug: string; count: number }[];
    priceRanges: { min: number; max: number | null; count: number }[];
  };
  pagination: Pagination;
}

/** Builds a query string from defined values only. */
export function toQuery(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The category tree. */
export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: () => api<{ data: CategoryNode[] }>('/api/categories').then((r) => r.data), staleTime: 5 * 60_000 });
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
    queryFn: () => api<{ data: Product[]; pagination: Pagination }>(`/api/products${toQuery({ ...query })}`),
    placeholderData: keepPreviousData,
  });
}

/** One product by slug, with variants and availability. */
export function useProduct(slug: string) {
  return useQuery({ queryKey: ['product', slug], queryFn: () => api<Product>(`/api/products/${encodeURIComponent(slug)}`), retry: false });
}

/** Full-text search with facets. */
export function useSearch(params: { q: string; category?: string; page?: number; limit?: number }) {
  return useQuery({
    queryKey: ['search', params],
    queryFn: () => api<SearchResult>(`/api/search${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

/** Type-ahead suggestions (5 hits) for an already debounced term; idle for fewer than 2 characters. */
export function useSuggestions(term: string) {
  return useQuery({
    queryKey: ['suggest', term],
    queryFn: () => api<SearchResult>(`/api/search${toQuery({ q: term, limit: 5 })}`),
    enabled: term.trim().length >= 2,
    staleTime: 60_000,
  });
}
