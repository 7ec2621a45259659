import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';

/** Stable error codes of the catalog and inventory (HTTP status in brackets). */
export const CatalogErrors = {
  /** [404] No product with this id or slug (or not public). */
  productNotFound: (ref: string) => notFound('CATALOG.PRODUCT_NOT_FOUND', `No product ${ref}`),
  /** [404] No category with this id or slug. */
  categoryNotFound: (ref: string) => notFound('CATALOG.CATEGORY_NOT_FOUND', `No category ${ref}`),
  /** [409] Products live in leaf categories only. */
  notLeafCategory: (name: string) => conflict('CATALOG.NOT_LEAF_CATEGORY', `Category "${name}" has subcategories; products belong to leaf categories only`),
  /** [409] A category holding products cannot receive subcategories. */
  parentHasProducts: (name: string) => conflict('CATALOG.PARENT_HAS_PRODUCTS', `Category "${name}" holds products; it cannot have subcategories`),
  /** [409] Moving a category under itself or its descendant. */
  categoryCycle: () => conflict('CATALOG.CATEGORY_CYCLE', 'A category cannot be moved under itself or one of its descendants'),
  /** [409] Deleting a category that still has subcategories or products. */
  categoryNotEmpty: (name: string, subcategories: number, products: number) =>
    conflict(
      'CATALOG.CATEGORY_NOT_EMPTY',
      `Category "${name}" still has ${subcategories} subcategories and ${products} products (of any status): move or delete them first`,
      { subcategories, products },
    ),
  /** [400] An image url the product does not have (or one listed twice) in a new image list. */
  unknownImage: (url: string) =>
    badRequest(`The product has no image ${url.slice(0, 200)} (or it is listed twice)`, [{ field: '/images', message: 'unknown or repeated url' }], 'CATALOG.UNKNOWN_IMAGE'),
  /** [409] SKU used by another variant. */
  skuTaken: (sku: string) => conflict('CATALOG.SKU_TAKEN', `SKU ${sku} is already used by another product`),
  /** [409] Slug used by another product or category. */
  slugTaken: (slug: string) => conflict('CATALOG.SLUG_TAKEN', `Slug "${slug}" is already taken`),
  /** [400] The same SKU twice in one request, or mixed currencies within a product. */
  invalidVariants: (detail: string) => new AppError('CATALOG.INVALID_VARIANTS', 400, detail),
  /** [404] No variant with this SKU. */
  skuNotFound: (sku: string) => notFound('INVENTORY.SKU_NOT_FOUND', `No variant with SKU ${sku}`),
  /** [409] The movement would take on-hand stock below zero. */
  insufficientStock: (sku: string, onHand: number, requested: number) =>
    conflict('INVENTORY.INSUFFICIENT_STOCK', `Only ${onHand} of ${sku} on hand; cannot remove ${requested}`, { sku, onHand, requested }),
  /** [400] Quantity sign does not match the movement type. */
  invalidQuantity: (detail: string) => new AppError('INVENTORY.INVALID_QUANTITY', 400, detail, [{ field: 'body/quantity', message: detail }]),
};
