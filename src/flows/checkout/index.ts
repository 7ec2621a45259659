/**
 * Checkout flow: turns a cart into an order, all or nothing, by calling module contracts
 * (ARCHITECTURE.md §2 "flows"). Registered by the composition root (src/app.ts).
 *
 * 1. Idempotency: the `Idempotency-Key` header is required; a replay with the same body
 *    returns the same order (a guest's with its access token again), with a different body
 *    422 IDEMPOTENCY.KEY_REUSED. The key is stored in step 3's transaction (a concurrent twin
 *    collides there) and looked up only on refusal.
 * 2. Re-price the cart from the catalog and re-validate its promotion (cart contract).
 * 3. One transaction: create the order with line snapshots (orders), reserve stock for every
 *    line (catalog; 409 INVENTORY.INSUFFICIENT_STOCK, no oversell under concurrency), count the
 *    promotion use (promotions; 409 when the limit is reached), mark the cart ordered (cart),
 *    and store the idempotency key with the order.
 * 4. Authorize the payment (payments), with no transaction open while the provider answers.
 *    Declined → the order is cancelled with reason `payment_failed` (stock and promotion use
 *    released) and the answer is 402. Authorized → the payment record and the order's
 *    confirmation (`order.placed`) commit in one transaction.
 * A crash between 3 and 4 leaves an order in `payment_processing`: the retry with the same key
 * resumes at 4, and the unpaid-order sweep cancels it if nobody comes back.
 */
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { commitWithNextStatement, type Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { CartContract } from '../../modules/cart/index.js';
import type { CatalogContract } from '../../modules/catalog/index.js';
import type { IdentityContract } from '../../modules/identity/index.js';
import { AddressSchema, OrderLifecycle, type OrderDto, type OrdersContract } from '../../modules/orders/index.js';
import type { PaymentsContract } from '../../modules/payments/index.js';
import type { PromotionsContract } from '../../modules/promotions/index.js';

/** The checkout request body. */
export const CheckoutBody = Type.Object(
  {
    cartId: Type.String({ minLength: 1, maxLength: 64 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'Required for guests' })),
    shippingAddress: AddressSchema,
    billingAddress: Type.Optional(AddressSchema),
    shippingMethodId: Type.String({ minLength: 1, maxLength: 64 }),
    locale: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('fr')])),
    payment: Type.Object(
      {
        provider: Type.String({ minLength: 1, maxLength: 32 }),
        card: Type.Object(
          {
            number: Type.String({ minLength: 12, maxLength: 23, pattern: '^[0-9 ]+$' }),
            expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
            expYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
            cvc: Type.String({ minLength: 3, maxLength: 4, pattern: '^[0-9]+$' }),
          },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type CheckoutBody = Static<typeof CheckoutBody>;

/** Contracts the checkout calls. */
export interface CheckoutDeps {
  database: Database;
  cart: CartContract;
  catalog: CatalogContract;
  identity: IdentityContract;
  orders: OrdersContract;
  payments: PaymentsContract;
  promotions: PromotionsContract;
}

/** Stable JSON (sorted keys) of the request, hashed: what an idempotency key is bound to. */
function requestHash(body: unknown, userId: string | null): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(stable) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, stable(x)])) : v;
  return createHash('sha256').update(JSON.stringify([userId, stable(body)])).digest('hex');
}

/** [422] The same Idempotency-Key came with another request body. */
const keyReused = () => new AppError('IDEMPOTENCY.KEY_REUSED', 422, 'This Idempotency-Key was already used with a different request body');

const declined = (order: OrderDto, code: string | null, message: string | null) =>
  new AppError(`PAYMENTS.${(code ?? 'declined').toUpperCase()}`, 402, message ?? 'The payment was declined', undefined, { orderId: order.id, orderStatus: order.status });

/** Runs the checkout for one request. Returns the order (and a guest's access token, also on a replay). */
export async function placeOrder(
  deps: CheckoutDeps,
  input: { body: CheckoutBody; idempotencyKey: string; userId: string | null; cartToken: string | null; acceptLanguage: string | undefined },
): Promise<{ order: OrderDto; accessToken: string | null; replayed: boolean }> {
  const { body, userId } = input;
  const lifecycle = deps.orders.lifecycle;
  const hash = requestHash(body, userId);
  // The key's row, written in the order's transaction, is the arbiter. It is looked up only when
  // something refuses (a replay finds its cart already ordered) or when that insert collides (a
  // concurrent twin): a first attempt pays no lookup.
  const replay = async (): Promise<{ order: OrderDto; accessToken: string | null; replayed: true } | null> => {
    const existing = await lifecycle.findByIdempotencyKey(input.idempotencyKey);
    if (!existing) return null;
    if (existing.requestHash !== hash) throw keyReused();
    // The same key and request: the same client, who may have lost the first answer with its token.
    return { order: await settle(deps, existing.orderId, body), accessToken: await lifecycle.guestAccessToken(existing.orderId), replayed: true };
  };

  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(deps, input);
  } catch (err) {
    const replayed = await replay();
    if (replayed) return replayed;
    throw err;
  }
  const { quote, email, customerKey, locale } = prepared;

  let created: { orderId: string; accessToken: string | null; order: OrderDto };
  try {
    created = await deps.database.transaction(async (tx) => {
      const order = await lifecycle.createPending(tx, {
        cartId: body.cartId, customerId: userId, email: email.toLowerCase(), locale, currency: quote.currency,
        lines: quote.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, lineTotal: l.lineTotal })),
        subtotal: quote.subtotal, discount: quote.discount, shipping: quote.shipping, tax: quote.tax, total: quote.total,
        promotionCode: quote.promotion?.code ?? null, shippingAddress: body.shippingAddress, billingAddress: body.billingAddress ?? body.shippingAddress,
        shippingMethod: quote.shippingMethod, idempotency: { key: input.idempotencyKey, requestHash: hash },
      });
      if (quote.promotion) await deps.promotions.redeem(tx, { promotionId: quote.promotion.promotionId, orderId: order.orderId, customerKey });
      await deps.cart.markOrdered(tx, body.cartId, order.orderId);
      // Stock last, with the COMMIT written behind it: the variant rows, which every buyer of
      // the product wants, stay locked only while PostgreSQL runs the sale and commits.
      await commitWithNextStatement(tx);
      await deps.catalog.sellStock(tx, quote.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), `order:${order.orderId}`, userId ?? 'guest');
      return { orderId: order.orderId, accessToken: order.accessToken, order: order.order };
    });
  } catch (err) {
    if (!OrderLifecycle.isDuplicateKey(err)) throw err;
    // The key was used before (a replay whose cart is active again) or by a concurrent twin.
    const replayed = await replay();
    if (!replayed) throw err;
    return replayed;
  }
  return { order: await settle(deps, created.orderId, body, created.order), accessToken: created.accessToken, replayed: false };
}

/**
 * Steps before the order exists: who is buying (email required for guests), the cart priced for
 * the destination and its promotion re-checked, and the messages' language.
 * @throws 400 VALIDATION.FAILED (no email), the cart's 404/409/400 errors, 409 PROMOTIONS.INVALID.
 */
async function prepare(deps: CheckoutDeps, input: { body: CheckoutBody; userId: string | null; cartToken: string | null; acceptLanguage: string | undefined }) {
  const { body, userId } = input;
  const user = userId ? await deps.identity.getUser(userId) : null;
  const email = user?.email ?? body.email;
  if (!email) throw new AppError('VALIDATION.FAILED', 400, 'Guests must give an email address', [{ field: 'body/email', message: 'is required for guest checkout' }]);
  const customerKey = userId ?? email.toLowerCase();
  const quote = await deps.cart.quoteForCheckout(body.cartId, { userId, token: input.cartToken }, { country: body.shippingAddress.country, shippingMethodId: body.shippingMethodId, customerKey });
  if (quote.promotionInvalidReason) {
    throw new AppError('PROMOTIONS.INVALID', 409, `The promotion code can no longer be used (${quote.promotionInvalidReason})`, undefined, { reason: quote.promotionInvalidReason });
  }
  const locale: 'en' | 'fr' = body.locale ?? user?.locale ?? (input.acceptLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en');
  return { quote, email, customerKey, locale };
}

/**
 * Step 4, also the resume point of a replay: authorize the payment and confirm, or cancel.
 * `unpaid` is the order this request has just created in `payment_processing`, as
 * `createPending` answered it (no need to read it back); a replay passes nothing and the order's
 * state decides.
 */
async function settle(deps: CheckoutDeps, orderId: string, body: CheckoutBody, unpaid?: OrderDto): Promise<OrderDto> {
  const lifecycle = deps.orders.lifecycle;
  let order = unpaid ?? (await lifecycle.get(orderId));
  if (order.status === 'payment_processing' || order.status === 'pending') {
    const unsettled = order;
    const amount = { amount: unsettled.totals.total.amount, currency: unsettled.currency };
    // No transaction is open while the provider answers; the payment record and the
    // confirmation then commit together (one transaction, one commit).
    let confirmed = null as OrderDto | null;
    const payment = await deps.payments.authorize(
      { orderId, amount, provider: body.payment.provider, card: body.payment.card, firstAttempt: unpaid !== undefined },
      async (recorded, tx) => {
        confirmed = recorded.status === 'failed' ? null : await lifecycle.markPaid(orderId, tx, unsettled);
      },
    );
    if (!confirmed) {
      order = await lifecycle.cancel(orderId, 'payment_failed', 'system');
      await deps.database.transaction((tx) => deps.cart.reopen(tx, body.cartId, orderId));
      throw declined(order, payment.failureCode, payment.failureMessage);
    }
    order = confirmed;
    // Cancelled while the provider answered (the unpaid-order sweep): cancelling again settles,
    // i.e. voids, the authorization just recorded, so no money stays held for a dead order.
    if (order.status === 'cancelled') order = await lifecycle.cancel(orderId, order.cancelReason ?? 'payment_timeout', 'system');
  }
  if (order.status === 'cancelled' && order.cancelReason === 'payment_failed') {
    const last = (await deps.payments.listForOrder(orderId)).at(-1);
    throw declined(order, last?.failureCode ?? null, last?.failureMessage ?? null);
  }
  return order;
}

/** Registers `POST /api/orders` (checkout). */
export function checkoutRoutes(server: HttpServer, deps: CheckoutDeps): void {
  server.post('/api/orders', {
    schema: {
      summary: 'Checkout: place an order from a cart (requires an Idempotency-Key header; replays return the same order)',
      tags: ['orders', 'checkout'],
      headers: Type.Object({
        'idempotency-key': Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' }),
        'x-cart-token': Type.Optional(Type.String({ maxLength: 200 })),
      }),
      body: CheckoutBody,
      response: { 200: { $ref: 'Order#' }, 201: { $ref: 'Order#' }, 400: { $ref: 'Problem#' }, 402: { $ref: 'Problem#' }, 404: { $ref: 'Problem#' }, 409: { $ref: 'Problem#' }, 422: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const result = await placeOrder(deps, {
      body: request.body,
      idempotencyKey: request.headers['idempotency-key'],
      userId: request.user?.id ?? null,
      cartToken: request.headers['x-cart-token'] ?? null,
      acceptLanguage: request.headers['accept-language'],
    });
    return reply.status(result.replayed ? 200 : 201).send({ ...result.order, ...(result.accessToken ? { accessToken: result.accessToken } : {}) });
  });
}
