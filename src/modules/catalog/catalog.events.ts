/**
 * Events the catalog publishes through the outbox (name → payload schema). Money in minor units.
 * Consumers: search (read model), later analytics and recommendations.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

/** Money: integer amount in minor units (pence, cents) and ISO 4217 currency. */
export const Money = Type.Object({ amount: Type.Integer(), currency: Type.String({ minLength: 3, maxLength: 3 }) });
export type Money = Static<typeof Money>;

/** A product as other modules see it in events: everything a read model needs, no cost prices. Times ISO 8601 UTC. */
export const ProductSnapshot = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  description: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('archived')]),
  category: Type.Object({
    id: Type.String(),
    name: Type.String(),
    slug: Type.String(),
    pathIds: Type.Array(Type.String(), { description: 'Ids from the root down to and including this category.' }),
    pathNames: Type.Array(Type.String(), { description: 'Names from the root down to and including this category.' }),
  }),
  images: Type.Array(Type.Object({ url: Type.String(), alt: Type.Optional(Type.String()), altFr: Type.Optional(Type.String()) })),
  price: Type.Object(Money.properties, { description: 'Lowest variant price (the "from" price).' }),
  variants: Type.Array(Type.Object({
    id: Type.String(), sku: Type.String(), title: Type.String(), price: Money, available: Type.Integer(),
    sitePrices: Type.Optional(Type.Array(Type.Object({ site: Type.String(), price: Money }), { description: 'Prices on sites other than the default one (absent: none).' })),
  })),
  sites: Type.Optional(Type.Array(Type.String(), { description: 'Codes of the sites the product is published on (absent: the default site only).' })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ProductSnapshot = Static<typeof ProductSnapshot>;

/** Payload schemas of the catalog events. */
export const catalogEvents = defineEvents('catalog', {
  'product.created': Type.Object({ product: ProductSnapshot }, { description: 'A product was created (back office or import).' }),
  'product.updated': Type.Object({ product: ProductSnapshot }, { description: 'A product, one of its variants or its images changed.' }),
  'stock.changed': Type.Object(
    {
      sku: Type.String(),
      variantId: Type.String(),
      productId: Type.String(),
      onHand: Type.Integer(),
      available: Type.Integer(),
      delta: Type.Integer(),
      movementType: Type.String(),
    },
    { description: 'Emitted for every stock movement; `onHand` after the movement, `delta` its signed quantity.' },
  ),
  'stock.low': Type.Object(
    { sku: Type.String(), variantId: Type.String(), productId: Type.String(), onHand: Type.Integer(), threshold: Type.Integer() },
    { description: "On-hand fell below the variant's low-stock threshold with this movement." },
  ),
  'category.updated': Type.Object(
    {
      category: Type.Object({
        id: Type.String(),
        name: Type.String(),
        slug: Type.String(),
        parentId: Type.Union([Type.String(), Type.Null()]),
        pathIds: Type.Array(Type.String()),
        pathNames: Type.Array(Type.String()),
      }),
    },
    { description: 'A category was created, renamed or moved (`parentId` null for a root).' },
  ),
});

/** Typed map of catalog events (name → payload). */
export type CatalogEvents = EventPayloads<typeof catalogEvents>;

/** Name of a catalog event. */
export type CatalogEventName = keyof CatalogEvents;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends CatalogEvents {}
}
