import { Type, type Static } from '@sinclair/typebox';
import { AddressSchema } from '../../modules/orders/index.js';

/** The checkout request body. */
export const CheckoutBody = Type.Object(
  {
    cartId: Type.String({ minLength: 1, maxLength: 64 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'Required for guests' })),
    shippingAddress: AddressSchema,
    billingAddress: Type.Optional(AddressSchema),
    saveAddress: Type.Optional(Type.Boolean({ description: "Signed-in customers: save the shipping address in the address book (unless the same one is there); the customer's first address becomes their default" })),
    shippingMethodId: Type.String({ minLength: 1, maxLength: 64 }),
    locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('fr')])),
    payment: Type.Object(
      {
        method: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'A payment method id from GET /api/payment-methods (required; an unknown or disabled one answers 422 PAYMENTS.METHOD_UNAVAILABLE before anything is written)' })),
        provider: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Deprecated: the former name of `method`' })),
        card: Type.Optional(Type.Object(
          {
            number: Type.String({ minLength: 12, maxLength: 23, pattern: '^[0-9 ]+$' }),
            expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
            expYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
            cvc: Type.String({ minLength: 3, maxLength: 4, pattern: '^[0-9]+$' }),
          },
          { additionalProperties: false, description: 'The `test` method only' },
        )),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type CheckoutBody = Static<typeof CheckoutBody>;
