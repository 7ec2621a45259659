import { Type, type Static } from '@sinclair/typebox';
import { siteCode } from '../../platform/http/site.js';
import { MinorUnitsQuery, Money, pageQueryFields } from '../../platform/http/schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Image = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    alt: Type.Optional(Type.String({ maxLength: 300, description: 'Alternative text in English (also the fallback)' })),
    altFr: Type.Optional(Type.String({ maxLength: 300, description: 'Alternative text in French' })),
  },
  { additionalProperties: false },
);

/** `PUT /api/admin/products/{id}/images`: the product's images in their new order, with their alternative texts. */
export const ImagesBody = Type.Object(
  {
    images: Type.Array(Image, {
      maxItems: 20,
      description: 'Each `url` one of the product\'s current images, at most once; images left out are deleted (their uploaded files too)',
    }),
  },
  { additionalProperties: false },
);
export type ImagesBody = Static<typeof ImagesBody>;

/** A back-office category tree node: the public node with `heldProducts`. */
export const AdminCategoryNodeSchema = Type.Recursive(
  (Self) =>
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      slug: Type.String(),
      parentId: Type.Union([Type.String(), Type.Null()]),
      position: Type.Integer(),
      productCount: Type.Integer({ description: 'Active products in this category and its descendants' }),
      heldProducts: Type.Integer({ description: 'Products of any status directly in this category: it can be deleted only at 0, without subcategories' }),
      children: Type.Array(Self),
    }),
  { $id: 'AdminCategoryNode' },
);
const Status = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('archived')]);
const Timestamp = Type.String({ format: 'date-time' });

export const CategoryRefSchema = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() });

/** A public variant: price and available quantity. */
export const VariantSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  title: Type.String(),
  options: Type.Record(Type.String(), Type.String()),
  price: Money,
  available: Type.Integer(),
});

/** A back-office variant: adds cost price, on-hand and the low-stock threshold. */
export const AdminVariantSchema = Type.Composite([
  VariantSchema,
  Type.Object({
    costPrice: Type.Union([Money, Type.Null()]), onHand: Type.Integer(), lowStockThreshold: Type.Integer(),
    sitePrices: Type.Array(Type.Object({ site: Type.String(), price: Money }), { description: 'Prices on sites other than the default one (the default site sells at `price`)' }),
  }),
]);

const productFields = {
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  description: Type.String(),
  status: Status,
  category: CategoryRefSchema,
  images: Type.Array(Image),
  price: Money,
  inStock: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const ProductSchema = Type.Object({ ...productFields, variants: Type.Array(VariantSchema) }, { $id: 'Product' });
export const AdminProductSchema = Type.Object({
  ...productFields, variants: Type.Array(AdminVariantSchema),
  sites: Type.Optional(Type.Array(Type.String(), { description: 'Codes of the sites the product is published on (always given)' })),
}, { $id: 'AdminProduct' });

export const ProductListQuery = Type.Object({
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Category id or slug; includes its descendants' })),
  minPrice: Type.Optional(MinorUnitsQuery()),
  maxPrice: Type.Optional(MinorUnitsQuery()),
  inStock: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('price'), Type.Literal('-price'), Type.Literal('title')], { default: 'newest' })),
  ...pageQueryFields(),
});
export type ProductListQuery = Static<typeof ProductListQuery>;

export const AdminProductListQuery = Type.Composite([
  Type.Omit(ProductListQuery, ['inStock']),
  Type.Object({
    status: Type.Optional(Status),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches title or SKU (case-insensitive substring)' })),
    site: Type.Optional(siteCode('Only products published on this site (code), priced there or not')),
  }),
]);
export type AdminProductListQuery = Static<typeof AdminProductListQuery>;

/** `GET /api/admin/products/export`: the list's search and filters, no page or sort. */
export const AdminProductExportQuery = Type.Pick(AdminProductListQuery, ['category', 'minPrice', 'maxPrice', 'status', 'q', 'site']);

/** A site's code (see the sites module). */
const SiteCode = siteCode();
/** The sites a product is published on. */
const Sites = Type.Array(SiteCode, { maxItems: 50, uniqueItems: true, description: 'Codes of the sites the product is published on (default: the default site only)' });

const VariantInput = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$' }),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    options: Type.Optional(Type.Record(Type.String({ maxLength: 50 }), Type.String({ maxLength: 100 }))),
    price: Money,
    costPrice: Type.Optional(Type.Union([Money, Type.Null()])),
    lowStockThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    sitePrices: Type.Optional(Type.Array(
      Type.Object({ site: SiteCode, price: Money }, { additionalProperties: false }),
      { maxItems: 50, description: 'Prices on sites other than the default one; when given, replaces the variant\'s site prices. A variant without a price on a site is not sold there.' },
    )),
  },
  { additionalProperties: false },
);
export type VariantInput = Static<typeof VariantInput>;

export const ProductCreateBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    status: Type.Optional(Status),
    categoryId: Id,
    images: Type.Optional(Type.Array(Image, { maxItems: 20 })),
    variants: Type.Array(VariantInput, { minItems: 1, maxItems: 100 }),
    sites: Type.Optional(Sites),
  },
  { additionalProperties: false },
);
export type ProductCreateBody = Static<typeof ProductCreateBody>;

export const ProductUpdateBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    status: Type.Optional(Status),
    categoryId: Type.Optional(Id),
    images: Type.Optional(Type.Array(Image, { maxItems: 20 })),
    variants: Type.Optional(Type.Array(VariantInput, { minItems: 1, maxItems: 100, description: 'Upserted by SKU; variants not listed are kept' })),
    sites: Type.Optional(Sites),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProductUpdateBody = Static<typeof ProductUpdateBody>;

export const CategoryNodeSchema = Type.Recursive(
  (Self) =>
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      slug: Type.String(),
      parentId: Type.Union([Type.String(), Type.Null()]),
      position: Type.Integer(),
      productCount: Type.Integer({ description: 'Active products in this category and its descendants' }),
      children: Type.Array(Self),
    }),
  { $id: 'CategoryNode' },
);

export const CategorySchema = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]), position: Type.Integer() });

export const CategoryCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })),
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type CategoryCreateBody = Static<typeof CategoryCreateBody>;
export const CategoryUpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })),
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CategoryUpdateBody = Static<typeof CategoryUpdateBody>;

/** Movements the back office records by hand. */
const ManualMovementType = Type.Union([Type.Literal('receipt'), Type.Literal('sale'), Type.Literal('return'), Type.Literal('adjustment')]);
/** Every kind of ledger entry: the manual ones and `release`, a cancelled order's sale put back (recorded by the system only). */
const MovementType = Type.Union([...ManualMovementType.anyOf, Type.Literal('release')]);

export const MovementBody = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 64 }),
    quantity: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Signed: receipt/return > 0, sale < 0, adjustment ≠ 0' }),
    type: ManualMovementType,
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type MovementBody = Static<typeof MovementBody>;

export const MovementSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  type: MovementType,
  quantity: Type.Integer(),
  reason: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'The ledger: the name of the staff member who made the movement (null for none or an unknown user)' })),
  onHandAfter: Type.Integer(),
  createdAt: Timestamp,
});

export const AvailabilityBody = Type.Object(
  {
    items: Type.Array(
      Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }), quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

export const AvailabilityResponse = Type.Object({
  allAvailable: Type.Boolean(),
  items: Type.Array(Type.Object({ sku: Type.String(), requested: Type.Integer(), available: Type.Integer(), ok: Type.Boolean() })),
});

export const IdParams = Type.Object({ id: Id });
export const IdOrSlugParams = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 100 }) });
export const SkuParams = Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }) });
/** Page parameters of the inventory lists (limit default 50). */
export const InventoryPageQuery = Type.Object(pageQueryFields({ defaultLimit: 50 }));
