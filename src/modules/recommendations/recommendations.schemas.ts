/** Request and response schemas of the recommendations routes (validation, types and OpenAPI from one source). */
import { Type } from '@sinclair/typebox';
import { Money } from '../../platform/http/schemas.js';

/** `?limit=`: how many products, 1–50 (default 10); anything else answers 400. */
export const LimitQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'Products wanted, 1–50 (default 10)' }) },
  { additionalProperties: false },
);

/** `?kind=for-you|buy-again&limit=`. */
export const CustomerQuery = Type.Object(
  {
    kind: Type.Union([Type.Literal('for-you'), Type.Literal('buy-again')], { default: 'for-you', description: '`for-you`: products you never bought; `buy-again`: your repeat purchases, by your own cadence' }),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'Products wanted, 1–50 (default 10)' }),
    cartId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The shopper\'s cart: its products are left out (access as for the cart: the owner, or a guest cart\'s `X-Cart-Token`; else 404 CART.NOT_FOUND)' })),
  },
  { additionalProperties: false },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** Why a product is shown. */
export const ReasonSchema = Type.Object({
  kind: Type.Union(['bought-together', 'pinned', 'popular', 'personal', 'buy-again'].map((k) => Type.Literal(k)), {
    description: '`bought-together` (co-purchases; `count` baskets, `product` the cart product it goes with), `pinned` (merchandiser), `popular` (`count` recent sales, `category`), `personal`, `buy-again` (`count` purchases, `everyDays` cadence)',
  }),
  count: Nullable(Type.Integer()),
  everyDays: Nullable(Type.Integer()),
  category: Nullable(Type.String()),
  product: Nullable(Type.String()),
  text: Type.String({ description: 'The reason in English, e.g. "Bought together 37 times"' }),
});

/** A recommended product. */
export const RecommendedProductSchema = Type.Object({
  productId: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  sku: Type.String(),
  price: Money,
  image: Nullable(Type.String({ description: 'URL of the first image' })),
  reason: ReasonSchema,
});

/** An answer with its source. */
export const RecommendationsSchema = Type.Object({
  source: Type.Union([Type.Literal('co-purchase'), Type.Literal('personal'), Type.Literal('buy-again'), Type.Literal('popular')]),
  fallback: Type.Boolean({ description: 'True when, below the minimum support, the recent best sellers of the same category (or the shop) were used' }),
  data: Type.Array(RecommendedProductSchema),
});

/** `{ id }` path parameter. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
/** `{ idOrSlug }` path parameter. */
export const IdOrSlugParams = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 200 }) });

/** A model build. */
export const BuildSchema = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  trigger: Type.String({ description: '`cli`, `api`, `import` or `schedule`' }),
  baskets: Nullable(Type.Integer()),
  items: Nullable(Type.Integer()),
  customers: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  peakMemoryMb: Nullable(Type.Integer({ description: 'Peak resident memory of the process during the build, MB' })),
  error: Nullable(Type.String()),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});

const ExclusionKind = Type.Union([Type.Literal('product'), Type.Literal('category')]);

/** The merchandiser's controls. */
export const ControlsSchema = Type.Object({
  pins: Type.Array(Type.Object({ productId: Type.String(), pinnedProductIds: Type.Array(Type.String()) })),
  exclusions: Type.Array(Type.Object({ kind: ExclusionKind, id: Type.String() })),
});

/** PUT body: the products pinned to a product's list, in order. */
export const PinsBody = Type.Object(
  { productIds: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20, description: 'Ids or slugs, in display order; empty removes every pin' }) },
  { additionalProperties: false },
);
/** The pins of one product. */
export const PinsSchema = Type.Object({ productId: Type.String(), pinnedProductIds: Type.Array(Type.String()) });

/** POST body: what to exclude. */
export const ExclusionBody = Type.Object(
  { kind: ExclusionKind, id: Type.String({ minLength: 1, maxLength: 200, description: 'Product id or slug, or category id' }) },
  { additionalProperties: false },
);
/** An exclusion. */
export const ExclusionSchema = Type.Object({ kind: ExclusionKind, id: Type.String() });
/** `{ kind, id }` path parameters of an exclusion. */
export const ExclusionParams = Type.Object({ kind: ExclusionKind, id: Type.String({ minLength: 1, maxLength: 200 }) });
