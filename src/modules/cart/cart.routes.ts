import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../../platform/http/server.js';
import { siteOf } from '../../platform/http/site.js';
import type { CartAccess } from './cart.contract.js';
import type { CartService } from './cart.service.js';
import {
  AddItemBody, ApplyPromotionBody, CartItemParams, CartParams, CartSchema, CartTokenHeaders, CreatedCartSchema, RequiredCartTokenHeaders,
  ShippingMethodSchema, ShippingMethodsQuery, UpdateCartBody, UpdateItemBody, ValidatePromotionBody, ValidatePromotionResponse,
} from './cart.schemas.js';

const tags = ['cart'];
const problem = { $ref: 'Problem#' };
const cartRef = Type.Ref(CartSchema);

/** Who is asking: the bearer token's user and the `X-Cart-Token` header. */
function accessOf(request: FastifyRequest): CartAccess {
  const header = request.headers['x-cart-token'];
  return { userId: request.user?.id ?? null, token: typeof header === 'string' && header.length > 0 ? header : null };
}

const ACCESS_NOTE = 'Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND.';

/**
 * Registers the storefront cart routes, `GET /api/shipping-methods` and the cart-bound
 * promotion routes (`POST /api/promotions/validate`, `POST|DELETE /api/carts/{id}/promotions`).
 */
export function cartRoutes(server: HttpServer, service: CartService): void {
  server.addSchema(CartSchema);

  server.post('/api/carts', {
    config: { rateLimitGroup: 'cartCreation' },
    schema: {
      summary: 'Create a cart: a guest cart (its token is in the answer, once) or, signed in, the customer’s cart (their active cart when they have one: 200)',
      description: 'No body. Prices in the answer come from the catalog now; totals are tax-inclusive.',
      tags, response: { 200: CreatedCartSchema, 201: CreatedCartSchema },
    },
  }, async (request, reply) => {
    const { cart, token, created } = await service.create(request.user?.id ?? null, siteOf(request));
    return reply.status(created ? 201 : 200).send({ ...cart, ...(token ? { token } : {}) });
  });

  server.get('/api/carts/:id', {
    schema: { summary: 'A cart, priced from the catalog now, with stock flags and totals', description: ACCESS_NOTE, tags, params: CartParams, headers: CartTokenHeaders, response: { 200: cartRef, 400: problem, 404: problem } },
  }, async (request) => service.get(request.params.id, accessOf(request)));

  server.patch('/api/carts/:id', {
    schema: {
      summary: 'Set the destination country and/or the shipping method (null clears)',
      description: `${ACCESS_NOTE} A method not offered for the country answers 409 CART.SHIPPING_UNAVAILABLE.`,
      tags, params: CartParams, headers: CartTokenHeaders, body: UpdateCartBody, response: { 200: cartRef, 400: problem, 404: problem, 409: problem },
    },
  }, async (request) => service.update(request.params.id, accessOf(request), request.body));

  server.post('/api/carts/:id/items', {
    schema: {
      summary: 'Add a quantity of a SKU (added to its line when already in the cart)',
      description: `${ACCESS_NOTE} More than available answers 409 INVENTORY.INSUFFICIENT_STOCK with \`available\`; a line above the shop's units per SKU 422 CART.QUANTITY_LIMIT with \`max\`.`,
      tags, params: CartParams, headers: CartTokenHeaders, body: AddItemBody, response: { 200: cartRef, 400: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request) => service.addItem(request.params.id, accessOf(request), request.body, siteOf(request).code));

  server.patch('/api/carts/:id/items/:itemId', {
    schema: {
      summary: 'Change the quantity of a cart line',
      description: ACCESS_NOTE,
      tags, params: CartItemParams, headers: CartTokenHeaders, body: UpdateItemBody, response: { 200: cartRef, 400: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request) => service.updateItem(request.params.id, accessOf(request), request.params.itemId, request.body.quantity));

  server.delete('/api/carts/:id/items/:itemId', {
    schema: { summary: 'Remove a cart line', description: ACCESS_NOTE, tags, params: CartItemParams, headers: CartTokenHeaders, response: { 200: cartRef, 400: problem, 404: problem, 409: problem } },
  }, async (request) => service.removeItem(request.params.id, accessOf(request), request.params.itemId));

  server.post('/api/carts/:id/associate', {
    config: { auth: 'required' },
    schema: {
      summary: 'After sign-in: merge the guest cart into the customer’s cart (same SKUs add up, capped by availability) or make it theirs',
      description: 'Needs the bearer token and the guest cart’s `X-Cart-Token`. Answers the customer’s cart; the guest cart becomes `merged`.',
      tags, params: CartParams, headers: RequiredCartTokenHeaders, response: { 200: cartRef, 400: problem, 401: problem, 404: problem, 409: problem },
    },
  }, async (request) => service.mergeGuestCart(request.user!.id, request.params.id, request.headers['x-cart-token']));

  server.post('/api/carts/:id/promotions', {
    schema: {
      summary: 'Apply a promotion code to the cart (re-checked on every read and at checkout)',
      description: `${ACCESS_NOTE} A code that does not apply answers 409 PROMOTIONS.INVALID with \`reason\`.`,
      tags: ['cart', 'promotions'], params: CartParams, headers: CartTokenHeaders, body: ApplyPromotionBody, response: { 200: cartRef, 400: problem, 404: problem, 409: problem, 422: problem },
    },
  }, async (request) => service.applyPromotion(request.params.id, accessOf(request), request.body.code));

  server.delete('/api/carts/:id/promotions', {
    schema: { summary: 'Remove the cart’s promotion code', description: ACCESS_NOTE, tags: ['cart', 'promotions'], params: CartParams, headers: CartTokenHeaders, response: { 200: cartRef, 400: problem, 404: problem, 409: problem } },
  }, async (request) => service.removePromotion(request.params.id, accessOf(request)));

  server.post('/api/promotions/validate', {
    schema: {
      summary: 'Would this code apply to the cart? {valid: true, discount, total} or {valid: false, reason}; changes nothing',
      description: ACCESS_NOTE,
      tags: ['promotions'], headers: CartTokenHeaders, body: ValidatePromotionBody, response: { 200: ValidatePromotionResponse, 400: problem, 404: problem },
    },
  }, async (request) => service.validatePromotion(accessOf(request), request.body.cartId, request.body.code));

  server.get('/api/shipping-methods', {
    schema: {
      summary: 'Shipping methods for a destination country, with prices (minor units of the site\'s currency) and their subtotal condition',
      tags: ['shipping'], querystring: ShippingMethodsQuery, response: { 200: Type.Object({ data: Type.Array(ShippingMethodSchema) }), 400: problem },
    },
  }, async (request) => ({ data: await service.shippingMethods(request.query.country, request.site?.currency) }));
}
