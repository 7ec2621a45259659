import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';

/** Stable error codes of the cart (HTTP status in brackets). */
export const CartErrors = {
  /** [404] No such cart, or the caller has neither its token nor its owner's sign-in (existence is not revealed). */
  notFound: () => notFound('CART.NOT_FOUND', 'No such cart'),
  /** [404] The guest cart was left untouched longer than the cart lifetime. */
  expired: (days: number) => notFound('CART.EXPIRED', `This cart expired after ${days} days without activity`),
  /** [404] No line with this id in the cart. */
  itemNotFound: (itemId: string) => notFound('CART.ITEM_NOT_FOUND', `No line ${itemId} in this cart`),
  /** [404] The catalog has no variant with this SKU. */
  skuNotFound: (sku: string) => notFound('CART.SKU_NOT_FOUND', `No product with SKU ${sku}`),
  /** [409] The product is not on sale (draft or archived) or is gone. `sku` in the problem. */
  notPurchasable: (sku: string) => conflict('CART.NOT_PURCHASABLE', `SKU ${sku} is not on sale`, { sku }),
  /** [409] The SKU is priced in another currency than the cart. */
  currencyMismatch: (sku: string, cartCurrency: string, priceCurrency: string) =>
    conflict('CART.CURRENCY_MISMATCH', `SKU ${sku} is priced in ${priceCurrency}; this cart is in ${cartCurrency}`, { sku, cartCurrency, priceCurrency }),
  /** [409] More than the catalog can sell now; `sku`, `available` and `requested` in the problem. */
  insufficientStock: (sku: string, available: number, requested: number) =>
    conflict('INVENTORY.INSUFFICIENT_STOCK', `Only ${Math.max(available, 0)} of ${sku} available; ${requested} requested`, { sku, available: Math.max(available, 0), requested }),
  /**
   * [422] A line (or the order made from the cart) would hold more than the shop's maximum units
   * of one SKU (`MAX_UNITS_PER_SKU`); `sku`, `max` and `requested` in the problem.
   */
  quantityLimit: (sku: string, max: number, requested: number) =>
    new AppError('CART.QUANTITY_LIMIT', 422, `At most ${max} units of ${sku} per order; ${requested} requested`, undefined, { sku, max, requested }),
  /** [409] The cart already has the maximum number of lines. */
  tooManyLines: (max: number) => conflict('CART.TOO_MANY_LINES', `A cart holds at most ${max} different products`, { max }),
  /** [409] The cart was merged or ordered: it cannot change any more. `cartStatus` in the problem. */
  notActive: (cartStatus: string) => conflict('CART.NOT_ACTIVE', `This cart is ${cartStatus}; it cannot be changed`, { cartStatus }),
  /** [409] Checkout of a cart without lines. */
  empty: () => conflict('CART.EMPTY', 'The cart is empty'),
  /** [409] The shipping method does not serve the destination, or its minimum subtotal is not reached. */
  shippingUnavailable: (methodId: string, country: string, minSubtotal?: { amount: number; currency: string }) =>
    conflict(
      'CART.SHIPPING_UNAVAILABLE',
      minSubtotal ? `Shipping method ${methodId} needs a subtotal after discount of at least ${minSubtotal.amount} (${minSubtotal.currency} minor units)` : `Shipping method ${methodId} does not deliver to ${country}`,
      { methodId, country, ...(minSubtotal ? { minSubtotal } : {}) },
    ),
  /** [409] A shipping method was chosen before the destination country. */
  countryRequired: () => conflict('CART.COUNTRY_REQUIRED', 'Choose the destination country before the shipping method'),
  /** [409] The promotion code does not apply to this cart; `reason` in the problem (NOT_FOUND, EXPIRED, MINIMUM_NOT_MET…). */
  /** [409] The promotion is limited to other sites than the cart's. */
  promotionWrongSite: (code: string, site: string) => conflict('PROMOTIONS.WRONG_SITE', `Code ${code} cannot be used on the site ${site}`, { reason: 'WRONG_SITE', site }),
  promotionInvalid: (code: string, reason: string) => conflict('PROMOTIONS.INVALID', `Code ${code} does not apply: ${reason}`, { reason }),
  /** [422] The code requires an account and the cart is a guest's: sign in first (`extensions.promotionCode`). */
  promotionAccountRequired: (code: string) =>
    new AppError('PROMOTIONS.ACCOUNT_REQUIRED', 422, `Sign in to use the code ${code}`, undefined, { promotionCode: code }),
  /** [400] Not an ISO 3166-1 alpha-2 country code. */
  unknownCountry: (country: string, field: string) =>
    badRequest(`${JSON.stringify(country)} is not an ISO 3166-1 alpha-2 country code`, [{ field, message: 'is not an ISO 3166-1 alpha-2 country code' }]),
} satisfies Record<string, (...args: never[]) => AppError>;

