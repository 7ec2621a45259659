/**
 * The checkout: `POST /api/orders`, registered by the composition root (src/app.ts). The flow
 * itself, its steps and their undo, is in place-order.ts.
 */
import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { IdempotencyKeyHeader } from '../../platform/idempotency.js';
import { placeOrder, type CheckoutDeps } from './place-order.js';
import { cardPaymentRoutes } from './card-payment.js';
import { CheckoutBody } from './schemas.js';

export type { CheckoutDeps } from './place-order.js';

/** Registers `POST /api/orders` (checkout) and the card path's confirm call and Stripe webhook (card-payment.ts). */
export async function checkoutRoutes(server: HttpServer, deps: CheckoutDeps): Promise<void> {
  await cardPaymentRoutes(server, deps);
  server.post('/api/orders', {
    config: { rateLimitGroup: 'checkout' },
    schema: {
      summary: 'Checkout: place an order from a cart (requires an Idempotency-Key header; replays return the same order)',
      tags: ['orders', 'checkout'],
      headers: Type.Object({
        'idempotency-key': IdempotencyKeyHeader,
        'x-cart-token': Type.Optional(Type.String({ maxLength: 200 })),
      }),
      body: CheckoutBody,
      response: { 200: { $ref: 'Order#' }, 201: { $ref: 'Order#' }, 400: { $ref: 'Problem#' }, 402: { $ref: 'Problem#' }, 404: { $ref: 'Problem#' }, 409: { $ref: 'Problem#' }, 422: { $ref: 'Problem#' }, 502: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const result = await placeOrder(deps, {
      body: request.body,
      idempotencyKey: request.headers['idempotency-key'],
      userId: request.user?.id ?? null,
      cartToken: request.headers['x-cart-token'] ?? null,
      acceptLanguage: request.headers['accept-language'],
    });
    return reply.status(result.replayed ? 200 : 201).send({
      ...result.order, ...(result.accessToken ? { accessToken: result.accessToken } : {}), ...(result.payment ? { payment: { ...result.order.payment, ...result.payment } } : {}),
    });
  });
}
