/**
 * Events the catalog publishes through the outbox (name → payload). Money in minor units.
 * Consumers: search (read model), later analytics and recommendations.
 */

/** Money: integer amount in minor units (pence, cents) and ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** A product as other modules see it in events: everything a read model needs, no cost prices. */
export interface ProductSnapshot {
  id: string;
  slug: string;
  title: string;
  description: string;
  status: 'draft' | 'active' | 'archived';
  category: {
    id: string;
    name: string;
    slug: string;
    /** Ids from the root down to and including this category. */
    pathIds: string[];
    /** Names from the root down to and including this category. */
    pathNames: string[];
  };
  images: { url: string; alt?: string }[];
  /** Lowest variant price (the "from" price). */
  price: Money;
  variants: { id: string; sku: string; title: string; price: Money; available: number }[];
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
}

/** Typed map of catalog events. */
export interface CatalogEvents {
  'product.created': { product: ProductSnapshot };
  'product.updated': { product: ProductSnapshot };
  /** Emitted for every stock movement; `onHand` after the movement, `delta` its signed quantity. */
  'stock.changed': { sku: string; variantId: string; productId: string; onHand: number; available: number; delta: number; movementType: string };
  /** On-hand fell below the variant's low-stock threshold with this movement. */
  'stock.low': { sku: string; variantId: string; productId: string; onHand: number; threshold: number };
  /** A category was created, renamed or moved (`parentId` null for a root). */
  'category.updated': { category: { id: string; name: string; slug: string; parentId: string | null; pathIds: string[]; pathNames: string[] } };
}

export type CatalogEventName = keyof CatalogEvents;
