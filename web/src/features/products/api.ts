/** Back-office catalog: products of any status, images, the category tree and its edits, the stock ledger. */
import { useQuery } from '@tanstack/react-query';
import { api, multipart, ok, type Body, type Query, type Schemas } from '../../lib/api';
import { downloadFile } from '../admin/list';

/** A product of any status, with its variants' back-office fields (cost price, on hand, threshold). */
export type AdminProduct = Schemas['AdminProduct'];

/** A variant with back-office fields. */
export type AdminVariant = AdminProduct['variants'][number];

/** A product status. */
export type ProductStatus = AdminProduct['status'];

/** Product statuses. */
export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const satisfies readonly ProductStatus[];

/** A node of the category tree. */
export type CategoryNode = Schemas['CategoryNode'];

/** A node of the back office's category tree: adds `heldProducts` (products of any status directly in it). */
export type AdminCategoryNode = Schemas['AdminCategoryNode'];

/** One line of a SKU's stock ledger. */
export type Movement = Awaited<ReturnType<typeof listMovements>>['data'][number];

/** Stock movement types a person records by hand. */
export const MOVEMENT_TYPES = ['receipt', 'sale', 'return', 'adjustment'] as const satisfies readonly Movement['type'][];

/** GET /api/admin/inventory/low-stock entry. */
export type LowStock = Awaited<ReturnType<typeof lowStock>>['data'][number];

/** Filters, sort and page of GET /api/admin/products. */
export type ProductListQuery = Query<'/api/admin/products'>;

/** A page of products of any status. */
export function listProducts(query: ProductListQuery) {
  return ok(api.GET('/api/admin/products', { params: { query } }));
}

/** Downloads the products of `query` (search, status, category, price) as CSV, one line per variant. */
export function exportProducts(query: Query<'/api/admin/products/export'>) {
  return downloadFile(api.GET('/api/admin/products/export', { params: { query }, parseAs: 'blob' }), 'products.csv');
}

/** An image of a product: url and alternative texts (English `alt`, French `altFr`). */
export type ProductImageData = AdminProduct['images'][number];

/** Replaces a product's images: their order and alternative texts; images left out are deleted. */
export function saveImages(id: string, images: ProductImageData[]) {
  return ok(api.PUT('/api/admin/products/{id}/images', { params: { path: { id } }, body: { images } }));
}

function listMovements(sku: string, page: number) {
  return ok(api.GET('/api/admin/inventory/{sku}/movements', { params: { path: { sku }, query: { page, limit: 10 } } }));
}

function lowStock() {
  return ok(api.GET('/api/admin/inventory/low-stock', { params: { query: { page: 1, limit: 50 } } }));
}

/** One product (enabled when `id` is set: the new-product page has none). */
export function useProduct(id: string | undefined) {
  return useQuery({ queryKey: ['admin', 'products', 'one', id], queryFn: () => ok(api.GET('/api/admin/products/{id}', { params: { path: { id: id! } } })), enabled: !!id });
}

/** Creates a product (`id` undefined) or updates one. */
export function saveProduct(id: string | undefined, body: Body<'/api/admin/products', 'post'> | Body<'/api/admin/products/{id}', 'patch'>) {
  return id
    ? ok(api.PATCH('/api/admin/products/{id}', { params: { path: { id } }, body: body as Body<'/api/admin/products/{id}', 'patch'> }))
    : ok(api.POST('/api/admin/products', { body: body as Body<'/api/admin/products', 'post'> }));
}

/** Uploads an image (multipart field `file`); answers the product with it. */
export function uploadProductImage(id: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return ok(api.POST('/api/admin/products/{id}/images', { params: { path: { id } }, ...multipart(form) }));
}

/** A page (10 lines) of a SKU's stock ledger, with its on-hand quantity. */
export function useMovements(sku: string, page: number) {
  return useQuery({ queryKey: ['admin', 'movements', sku, page], queryFn: () => listMovements(sku, page) });
}

/** Records a stock movement by hand. */
export function recordMovement(body: Body<'/api/admin/inventory/movements', 'post'>) {
  return ok(api.POST('/api/admin/inventory/movements', { body }));
}

/** Variants at or below their low-stock threshold (no retry: the route may be absent). */
export function useLowStock() {
  return useQuery({ queryKey: ['admin', 'inventory', 'low-stock'], queryFn: lowStock, retry: false });
}

/** The category tree query (shared cache key: ['admin', 'categories']). */
export function useCategoryTree() {
  return useQuery({ queryKey: ['admin', 'categories'], queryFn: () => ok(api.GET('/api/categories')), staleTime: 60_000 });
}

/** The back office's category tree (what each category holds; shared cache key: ['admin', 'categories', 'admin']). */
export function useAdminCategoryTree() {
  return useQuery({ queryKey: ['admin', 'categories', 'admin'], queryFn: () => ok(api.GET('/api/admin/categories')) });
}

/** Creates a category under `parentId` (null: a root). */
export function createCategory(body: Body<'/api/admin/categories', 'post'>) {
  return ok(api.POST('/api/admin/categories', { body }));
}

/** Renames or moves a category. */
export function updateCategory(id: string, body: Body<'/api/admin/categories/{id}', 'patch'>) {
  return ok(api.PATCH('/api/admin/categories/{id}', { params: { path: { id } }, body }));
}

/** Deletes an empty category. */
export function deleteCategory(id: string) {
  return ok(api.DELETE('/api/admin/categories/{id}', { params: { path: { id } } }));
}
