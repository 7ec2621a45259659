/**
 * The card path of the checkout (payment method `card`, Stripe PaymentIntents confirmed by the
 * customer with Stripe.js), and what settles it afterwards:
 *
 *   step                                               undo
 *   5c  create the PaymentIntent, payment `pending`    cancel the order (voids it)
 *   6c  the customer confirms it in the browser; the   a declined or canceled payment
 *       signed webhook or the storefront's confirm     cancels the order: stock released,
 *       call, whichever comes first, confirms the      promotion given back, cart reopened
 *       order exactly once
 *
 * Step 5c answers the order, still `payment_processing`, with the client secret the storefront
 * confirms with. Step 6c runs in the transaction that records the authorization: the payment
 * row is locked and its update guarded on `pending`, and the order's confirmation is guarded on
 * its status, so a webhook and a confirm call racing confirm it once (`order.confirmed` once).
 * The unpaid-order sweep cancels an order whose customer never comes back, which voids
 * (cancels) its PaymentIntent.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database, Tx } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { HttpServer } from '../../platform/http/server.js';
import { keepRawJsonBodies } from '../../platform/http/raw-body.js';
import type { CartContract } from '../../modules/cart/index.js';
import type { OrderDto, OrdersContract } from '../../modules/orders/index.js';
import type { ClientPaymentOutcome, PaymentDto, PaymentsContract } from '../../modules/payments/index.js';
import type { CheckoutBody } from './schemas.js';

/** The contracts the card path calls (a part of the checkout's `CheckoutDeps`). */
export interface CardPaymentDeps {
  database: Database;
  cart: Pick<CartContract, 'reopen'>;
  orders: Pick<OrdersContract, 'get' | 'cancel' | 'confirmAuthorized'>;
  payments: PaymentsContract;
}

/** The provider behind payment method `card` (`stripe` when configured), undefined when the shop takes no cards through a provider. */
function cardProvider(deps: Pick<CardPaymentDeps, 'payments'>): string | undefined {
  return deps.payments.method(CARD_METHOD)?.provider ?? undefined;
}

/** The payment method id of Stripe card payments. */
export const CARD_METHOD = 'card';

/** The payment part of a checkout answer for the card path: `clientSecret` while the customer has to confirm. */
export interface CardPaymentAnswer {
  method: string;
  status: PaymentDto['status'];
  clientSecret?: string;
}

/**
 * Step 5c for `unpaid` (payment_processing): creates (or, on a replay, finds) its PaymentIntent
 * and answers the order with the client secret while the payment is pending. A provider failure
 * cancels the order (undo) before the 502 is rethrown, so no stock stays held.
 * @throws 502 PAYMENTS.PROVIDER_ERROR.
 */
export async function startCardPayment(deps: CardPaymentDeps, body: CheckoutBody, unpaid: OrderDto): Promise<{ order: OrderDto; payment: CardPaymentAnswer }> {
  let started;
  try {
    started = await deps.payments.beginClientPayment({
      orderId: unpaid.id, amount: { amount: unpaid.totals.total.amount, currency: unpaid.currency }, provider: cardProvider(deps)!,
      metadata: { cart_id: body.cartId, order_number: unpaid.number },
    });
  } catch (err) {
    await cancelUnpaid(deps, unpaid.id, body.cartId);
    throw err;
  }
  const { payment, clientSecret } = started;
  if (payment.status !== 'pending') return { order: await deps.orders.get(unpaid.id), payment: { method: CARD_METHOD, status: payment.status } };
  return { order: unpaid, payment: { method: CARD_METHOD, status: payment.status, ...(clientSecret ? { clientSecret } : {}) } };
}

/** Cancels the unpaid order `orderId` (voiding its payment) and reopens its cart: the checkout's undo. */
async function cancelUnpaid(deps: CardPaymentDeps, orderId: string, cartId: string | undefined): Promise<OrderDto> {
  const cancelled = await deps.orders.cancel(orderId, 'payment_failed', 'system');
  if (cartId) await deps.database.transaction((tx) => deps.cart.reopen(tx, cartId, orderId));
  return cancelled;
}

/** The hook that confirms `order` in the transaction recording its authorization (idempotent, see OrdersContract.confirmAuthorized). */
const confirmIn = (deps: CardPaymentDeps, order: OrderDto, done: { order: OrderDto }) => async (_payment: PaymentDto, tx: Tx) => {
  done.order = await deps.orders.confirmAuthorized(tx, order);
};

/**
 * After step 6c: a failed or canceled payment runs the undo; an order confirmed after the
 * unpaid-order sweep had cancelled it is cancelled again (which voids the authorization just
 * recorded). Answers the order as it is then.
 */
async function finish(deps: CardPaymentDeps, result: ClientPaymentOutcome, done: { order: OrderDto }, cartId: string | undefined): Promise<OrderDto> {
  if (result.outcome === 'failed' || result.outcome === 'canceled') {
    if (done.order.status === 'payment_processing' || done.order.status === 'pending') return cancelUnpaid(deps, done.order.id, cartId);
    return done.order;
  }
  if (result.outcome === 'authorized' && done.order.status === 'cancelled') return deps.orders.cancel(done.order.id, done.order.cancelReason ?? 'payment_timeout', 'system');
  return done.order;
}

/** What the confirm call answers. */
export const ConfirmAnswer = Type.Object({
  orderId: Type.String(),
  orderStatus: Type.String({ description: 'The order status now: `confirmed` once paid, `payment_processing` while the customer has to act, `cancelled` after a decline' }),
  outcome: Type.Union(['authorized', 'requires_action', 'failed', 'canceled', 'ignored', 'duplicate'].map((o) => Type.Literal(o)), { description: 'How the payment stands at the provider' }),
  paymentStatus: Type.Union([Type.String(), Type.Null()]),
});

/**
 * Registers the card path's routes:
 * - `POST /api/orders/{id}/payment/confirm` (public: anyone holding the order id may ask the
 *   server to look at the payment again; it only acts on what Stripe says and answers statuses):
 *   the storefront calls it after Stripe.js confirmed (or failed) the payment;
 * - `POST /api/payments/webhooks/stripe` (public, signed `Stripe-Signature` over the raw body,
 *   checked by the SDK with `STRIPE_WEBHOOK_SECRET`): `payment_intent.*` events, applied once
 *   per event id. Registered only when Stripe is configured.
 */
export async function cardPaymentRoutes(server: HttpServer, deps: CardPaymentDeps): Promise<void> {
  server.post('/api/orders/:id/payment/confirm', {
    schema: {
      summary: 'Card payment: settle the order with what Stripe says of its PaymentIntent (after Stripe.js confirmed it); idempotent',
      tags: ['orders', 'checkout'],
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: ConfirmAnswer, 400: { $ref: 'Problem#' }, 404: { $ref: 'Problem#' }, 502: { $ref: 'Problem#' } },
    },
  }, async (request) => {
    const order = await deps.orders.get(request.params.id);
    const done = { order };
    const result = await deps.payments.confirmClientPayment(order.id, confirmIn(deps, order, done));
    const final = await finish(deps, result, done, result.metadata?.cart_id);
    return { orderId: final.id, orderStatus: final.status, outcome: result.outcome, paymentStatus: result.payment?.status ?? null };
  });

  const provider = cardProvider(deps);
  if (!provider) return;
  await server.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const rawBody = keepRawJsonBodies(scope);
    scope.post(`/api/payments/webhooks/${provider}`, {
      schema: {
        summary: 'Stripe webhook: signed payment_intent events (succeeded / amount_capturable_updated confirm the order, payment_failed / canceled cancel it), applied once per event id',
        description: 'Header `Stripe-Signature`, verified by the Stripe SDK over the raw body with `STRIPE_WEBHOOK_SECRET` (5 minutes tolerance). Events of other types, or about PaymentIntents of no order here, are acknowledged and ignored.',
        tags: ['payments'],
        body: Type.Object({ id: Type.String({ maxLength: 255 }), type: Type.String({ maxLength: 255 }) }),
        response: { 200: Type.Object({ received: Type.Literal(true), outcome: ConfirmAnswer.properties.outcome }), 400: { $ref: 'Problem#' }, 401: { $ref: 'Problem#' } },
      },
    }, async (request) => {
      const header = request.headers['stripe-signature'];
      const event = await deps.payments.verifyClientEvent(provider, rawBody(request), Array.isArray(header) ? header[0] : header);
      const orderId = event.payment?.reference;
      const order = orderId ? await deps.orders.get(orderId).catch((err: unknown) => (err instanceof AppError && err.status === 404 ? null : Promise.reject(err))) : null;
      if (!order) {
        const result = await deps.payments.applyClientEvent(provider, event);
        return { received: true as const, outcome: result.outcome };
      }
      const done = { order };
      const result = await deps.payments.applyClientEvent(provider, event, confirmIn(deps, order, done));
      await finish(deps, result, done, result.metadata?.cart_id);
      return { received: true as const, outcome: result.outcome };
    });
  });
}

