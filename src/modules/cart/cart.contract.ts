import type { Tx } from '../../platform/db/index.js';
import type { Money } from '../catalog/index.js';
import type { PromotionCustomer } from '../promotions/index.js';

export type { Money };

/** Who asks for a cart: the signed-in user (bearer token) and/or the guest cart token (`X-Cart-Token`). */
export interface CartAccess {
  /** User id (`usr_…`) of the bearer token, or null for anonymous requests. */
  userId: string | null;
  /** The guest cart token as the client sent it, or null. */
  token: string | null;
}

/**
 * One cart line, priced from the catalog at read time. Money in minor units; `lineTotal` is
 * `unitPrice × quantity` before discount, `discount` this line's share of the promotion.
 */
export interface CartLineDto {
  /** Line id (`item_…`). */
  id: string;
  sku: string;
  /** Catalog title (the SKU when the variant no longer exists). */
  title: string;
  /** Product slug ('' when the variant no longer exists). */
  slug: string;
  /** Integer 1–999. */
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  discount: Money;
  /** Quantity the catalog can sell now. */
  available: number;
  /** True when `quantity` > `available`. */
  insufficientStock: boolean;
  /** False when the product is not on sale (draft, archived, gone, or priced in another currency): checkout refuses it. */
  purchasable: boolean;
}

/** Cart totals (tax-inclusive prices: `tax` is the part of `total` that is tax). */
export interface CartTotals {
  /** Σ line totals before discount. */
  subtotal: Money;
  /** Merchandise discount of the promotion. */
  discount: Money;
  /** Shipping after any free-shipping promotion (0 when no method applies). */
  shipping: Money;
  /** Tax contained in `total`: round(total × rate / (100 + rate)). */
  tax: Money;
  /** subtotal − discount + shipping. */
  total: Money;
}

/** A cart as the API and the checkout flow see it. Times ISO 8601 UTC. */
export interface CartDto {
  /** `cart_…`. */
  id: string;
  status: 'active' | 'merged' | 'ordered';
  /** ISO 4217. */
  currency: string;
  /** Owner user id, null for a guest cart. */
  customerId: string | null;
  lines: CartLineDto[];
  /** The applied code as re-checked now; `reason` when it no longer applies (it then gives nothing). */
  promotion: { code: string; valid: boolean; reason?: string } | null;
  /** Chosen method with its price (before any free-shipping promotion); null when none is chosen or it no longer applies. */
  shippingMethod: { id: string; name: string; price: Money } | null;
  /** Destination (ISO 3166-1 alpha-2), null until chosen (totals then use the home country's tax). */
  country: string | null;
  totals: CartTotals;
  /** Σ quantities. */
  itemCount: number;
  /** When an untouched guest cart expires; null for customer carts and inactive ones. */
  expiresAt: string | null;
  updatedAt: string;
}

/** One priced line of a {@link CheckoutQuote} (minor units of the quote currency). */
export interface CheckoutQuoteLine {
  sku: string;
  variantId: string;
  productId: string;
  title: string;
  quantity: number;
  unitPrice: number;
  /** This line's share of the discount. */
  discount: number;
  /** unitPrice × quantity, before discount. */
  lineTotal: number;
  /** Product category and its ancestors. */
  categoryIds: string[];
}

/** What an order costs, priced from the catalog now (all amounts integer minor units of `currency`). */
export interface CheckoutQuote {
  currency: string;
  /** Code of the cart's site (sales channel): the order belongs to it. */
  site: string;
  lines: CheckoutQuoteLine[];
  /** Σ lineTotal. */
  subtotal: number;
  /** Merchandise discount (Σ line discounts). */
  discount: number;
  /** Shipping charged (0 with a free-shipping promotion). */
  shipping: number;
  /** Tax contained in `total` (tax-inclusive prices) at the destination's rate. */
  tax: number;
  /** subtotal − discount + shipping. */
  total: number;
  /** The promotion that applies (to redeem with the order), or null. */
  promotion: { promotionId: string; code: string } | null;
  /** Why the cart's code no longer applies (`EXPIRED`, `USAGE_LIMIT_REACHED`…), or null. */
  promotionInvalidReason: string | null;
  shippingMethod: { id: string; name: string };
}

/** A shipping method offered for a destination. */
export interface ShippingMethodDto {
  id: string;
  name: string;
  price: Money;
  /** Smallest subtotal after discount for which it applies (free-standard), or null. */
  minSubtotal: Money | null;
}

/** What the checkout flow may ask of the cart module. */
export interface CartContract {
  /**
   * The SKUs of the cart's lines, in line order (one read, no pricing), with the same access
   * rules as `GET /api/carts/{id}` (the guest token, or the owning user): e.g. for
   * recommendations of the cart's complements.
   * @throws AppError 404 CART.NOT_FOUND (no such cart or no access), 404 CART.EXPIRED.
   */
  skus(cartId: string, access: CartAccess): Promise<string[]>;
  /**
   * What an order of the cart costs, for the checkout (access as on the HTTP API: the guest
   * token, or the owning user): its lines priced for an order to `country` with
   * `shippingMethodId` with fresh catalog prices and categories, the cart's promotion re-evaluated
   * for `customer` (account and e-mail; an invalid code gives no discount and its reason),
   * shipping, tax-inclusive totals.
   * @throws AppError 404 CART.NOT_FOUND (no such cart or no access), 404 CART.EXPIRED,
   *   409 CART.NOT_ACTIVE (merged or ordered), 409 CART.EMPTY (no lines), 400 VALIDATION.FAILED
   *   (unknown country), 409 CART.NOT_PURCHASABLE (a line is not on sale any more),
   *   409 CART.CURRENCY_MISMATCH (a line is priced in another currency now),
   *   409 CART.SHIPPING_UNAVAILABLE (method not offered there or its threshold not reached);
   *   in this order.
   */
  quoteForCheckout(
    cartId: string,
    access: CartAccess,
    input: { country: string; shippingMethodId: string; customer: PromotionCustomer | null },
  ): Promise<CheckoutQuote>;
  /**
   * Marks the cart ordered by `orderId` inside the checkout transaction `tx` (publishes
   * `cart.ordered`). Guarded: only an active cart changes, so of two concurrent checkouts of
   * one cart only one succeeds.
   * @throws AppError 409 CART.NOT_ACTIVE (already ordered or merged), 404 CART.NOT_FOUND.
   */
  markOrdered(tx: Tx, cartId: string, orderId: string): Promise<void>;
  /**
   * Undoes {@link markOrdered} inside `tx` when the order `orderId` did not go through (payment
   * declined, order cancelled before payment): the cart becomes active again with its lines, so
   * the customer can retry. Publishes `cart.reopened`. Does nothing when the cart is not ordered
   * by `orderId` (already reopened, unknown) or when its owner has started another active cart
   * meanwhile (a customer has one active cart at most).
   */
  reopen(tx: Tx, cartId: string, orderId: string): Promise<void>;
}
