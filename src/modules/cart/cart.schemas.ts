import { Type, type Static } from '@sinclair/typebox';
import { Money } from '../../platform/http/schemas.js';
import { COUNTRY_CODES } from './domain/countries.js';
import { SHIPPING_METHOD_IDS } from './domain/shipping.js';

/**
 * Largest quantity one request may carry (the schema bound); a line's own cap is the shop's
 * `MAX_UNITS_PER_SKU` (config `maxUnitsPerSku`), checked by the service with 422 CART.QUANTITY_LIMIT.
 */
export const MAX_LINE_QUANTITY = 999;
/** Largest number of lines in a cart. */
export const MAX_LINES = 100;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Timestamp = Type.String({ format: 'date-time' });

/** An ISO 3166-1 alpha-2 country code (upper case). */
export const CountrySchema = Type.Unsafe<string>({ type: 'string', enum: [...COUNTRY_CODES], description: 'ISO 3166-1 alpha-2 country code, upper case (GB, FR, DE…)' });
const ShippingMethodIdSchema = Type.Unsafe<string>({ type: 'string', enum: [...SHIPPING_METHOD_IDS], description: 'A shipping method id (see GET /api/shipping-methods)' });
const Quantity = Type.Integer({ minimum: 1, maximum: MAX_LINE_QUANTITY });

/** The guest cart token header (optional: a signed-in owner needs none). */
export const CartTokenHeaders = Type.Object({
  'x-cart-token': Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'The guest cart token returned once by POST /api/carts' })),
});
/** The guest cart token header, required. */
export const RequiredCartTokenHeaders = Type.Object({
  'x-cart-token': Type.String({ minLength: 1, maxLength: 128, description: 'The guest cart token returned once by POST /api/carts' }),
});

const LineSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  title: Type.String(),
  slug: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Money,
  lineTotal: Type.Composite([Money], { description: 'unitPrice × quantity, before discount' }),
  discount: Type.Composite([Money], { description: 'This line’s share of the promotion' }),
  available: Type.Integer({ description: 'Quantity the shop can sell now' }),
  insufficientStock: Type.Boolean({ description: 'quantity > available' }),
  purchasable: Type.Boolean({ description: 'False when the product is not on sale any more (checkout refuses it)' }),
});

const cartFields = {
  id: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('merged'), Type.Literal('ordered')]),
  currency: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()]),
  lines: Type.Array(LineSchema),
  promotion: Type.Union([Type.Object({ code: Type.String(), valid: Type.Boolean(), reason: Type.Optional(Type.String()) }), Type.Null()]),
  shippingMethod: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), price: Money }), Type.Null()], {
    description: 'Chosen method (price before any free-shipping promotion); null when none is chosen or it no longer applies',
  }),
  country: Type.Union([Type.String(), Type.Null()]),
  totals: Type.Object(
    { subtotal: Money, discount: Money, shipping: Money, tax: Money, total: Money },
    { description: 'Prices are tax-inclusive: tax = round(total × rate / (100 + rate)); total = subtotal − discount + shipping' },
  ),
  itemCount: Type.Integer(),
  expiresAt: Type.Union([Timestamp, Type.Null()], { description: 'Guest carts: when they expire without activity' }),
  updatedAt: Timestamp,
};

/** A cart, priced from the catalog when answered. */
export const CartSchema = Type.Object(cartFields, { $id: 'Cart' });
/** A new cart; guests get their token here, once. */
export const CreatedCartSchema = Type.Object({
  ...cartFields,
  token: Type.Optional(Type.String({ description: 'Guest carts only, shown once: send it back in the X-Cart-Token header' })),
});

/** Path parameters of a cart route. */
export const CartParams = Type.Object({ id: Id });
/** Path parameters of a cart line route. */
export const CartItemParams = Type.Object({ id: Id, itemId: Id });

/** `POST /api/carts/{id}/items`: a SKU and a quantity (integer 1–999) to add. */
export const AddItemBody = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*$' }),
    quantity: Quantity,
  },
  { additionalProperties: false },
);
export type AddItemBody = Static<typeof AddItemBody>;

/** `PATCH /api/carts/{id}/items/{itemId}`: the line's new quantity (integer 1–999). */
export const UpdateItemBody = Type.Object({ quantity: Quantity }, { additionalProperties: false });
export type UpdateItemBody = Static<typeof UpdateItemBody>;

/** `PATCH /api/carts/{id}`: destination country and/or shipping method; `null` clears. */
export const UpdateCartBody = Type.Object(
  {
    country: Type.Optional(Type.Union([CountrySchema, Type.Null()])),
    shippingMethodId: Type.Optional(Type.Union([ShippingMethodIdSchema, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCartBody = Static<typeof UpdateCartBody>;

const PromotionCode = Type.String({ minLength: 1, maxLength: 64, description: 'Promotion code (case-insensitive)' });

/** `POST /api/carts/{id}/promotions`: the code to apply. */
export const ApplyPromotionBody = Type.Object({ code: PromotionCode }, { additionalProperties: false });
export type ApplyPromotionBody = Static<typeof ApplyPromotionBody>;

/** `POST /api/promotions/validate`: a code and the cart to try it on. */
export const ValidatePromotionBody = Type.Object({ code: PromotionCode, cartId: Id }, { additionalProperties: false });
export type ValidatePromotionBody = Static<typeof ValidatePromotionBody>;

/** Answer of `POST /api/promotions/validate`. Money in minor units. */
export const ValidatePromotionResponse = Type.Union([
  Type.Object({
    valid: Type.Literal(true),
    code: Type.String({ description: 'The code as stored (upper case)' }),
    discount: Type.Composite([Money], { description: 'What the code takes off (merchandise discount plus waived shipping)' }),
    total: Type.Composite([Money], { description: 'The cart total with the code applied' }),
  }),
  Type.Object({ valid: Type.Literal(false), reason: Type.String({ description: 'NOT_FOUND, NOT_STARTED, EXPIRED, USAGE_LIMIT_REACHED, ACCOUNT_REQUIRED, ALREADY_USED, MINIMUM_NOT_MET or NOT_APPLICABLE' }) }),
]);

/** `GET /api/shipping-methods?country=GB`. */
export const ShippingMethodsQuery = Type.Object({ country: CountrySchema });

/** A shipping method offered for a destination. */
export const ShippingMethodSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  price: Money,
  minSubtotal: Type.Union([Money, Type.Null()], { description: 'Applies only when the subtotal after discount reaches this amount' }),
});
