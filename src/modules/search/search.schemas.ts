import { Type, type Static } from '@sinclair/typebox';
import { MinorUnitsQuery, Money, Pagination, pageQueryFields } from '../../platform/http/schemas.js';

const paging = pageQueryFields({ maxPage: 10_000 });

/** Query string of `GET /api/search` (validated by the platform: bad input → 400 problem+json). */
export const SearchQuerystring = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Free text (≤ 200 characters). The last word matches as a prefix; typos are tolerated. Absent or blank: a listing.' })),
  category: Type.Optional(Type.String({ maxLength: 200, description: 'Category id or slug; includes every category below it (empty: no filter)' })),
  minPrice: Type.Optional(MinorUnitsQuery('Lowest price, minor units, inclusive')),
  maxPrice: Type.Optional(MinorUnitsQuery('Highest price, minor units, inclusive (a facet bucket [min, max) is `minPrice=min&maxPrice=max-1`)')),
  limit: Type.Optional(paging.limit),
  page: Type.Optional(paging.page),
});
/** Parsed query string of `GET /api/search` (defaults applied: `limit` 20, `page` 1). */
export type SearchQuerystring = Static<typeof SearchQuerystring>;

/** One product of a search result. */
export const SearchHitSchema = Type.Object({
  id: Type.String({ description: 'Product id' }),
  slug: Type.String(),
  title: Type.String(),
  price: Money,
  category: Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }, { description: "The product's (leaf) category" }),
  inStock: Type.Boolean({ description: 'True when any variant has stock available' }),
  images: Type.Array(Type.Object({ url: Type.String(), alt: Type.Optional(Type.String()), altFr: Type.Optional(Type.String()) })),
  score: Type.Union([Type.Number(), Type.Null()], {
    description: 'Relevance, higher first (integer part: match tier 3 title, 2 title/description/category, 1 corrected in title, 0 corrected elsewhere); null without query text',
  }),
});

/** Body of a `GET /api/search` response. */
export const SearchResponseSchema = Type.Object({
  data: Type.Array(SearchHitSchema),
  total: Type.Integer({ description: 'Size of the whole matching set (every filter applied)' }),
  facets: Type.Object({
    categories: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String(), count: Type.Integer() }), {
      description: 'Leaf categories of the matching set (price filter included), most products first; counts add up to total',
    }),
    priceRanges: Type.Array(Type.Object({ min: Type.Integer(), max: Type.Union([Type.Integer(), Type.Null()]), count: Type.Integer() }), {
      description: 'Fixed buckets in minor units, min ≤ price < max (max null: no bound), counted over the matching set without the price filter (so every range stays offered); without a price filter the counts add up to total, with one the chosen range\'s count equals total',
    }),
  }),
  pagination: Pagination,
});
