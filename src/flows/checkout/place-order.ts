/**
 * The checkout flow: turns a cart into an order, all or nothing, by calling module contracts
 * (ARCHITECTURE.md §2 "flows"). Its steps, top to bottom, each beside what undoes it when a later
 * step fails (the shape of Medusa v2's `createStep(invoke, compensate)`, without an engine):
 *
 *   step                                   undo
 *   0  who buys, how, the cart priced      (nothing written)
 *   1  place the order, with the key       cancel the order
 *   2  redeem the promotion                give the promotion back
 *   3  mark the cart ordered               reopen the cart
 *   4  take the stock (a sale)             release the stock
 *   5  authorize the payment               void the authorization
 *   6  confirm the order                   (last step)
 *
 * Step 0 validates all that can be validated before anything is written: the payment method
 * (known, enabled, with card fields exactly when it takes them), the buyer, the cart, the
 * destination and the promotion. Offline methods place the order in the status their rules say
 * (`awaiting_payment`, or `confirmed` for cash on delivery) and stop after step 4: no provider.
 *
 * Steps 1–4 run in one transaction (a failure there rolls all of them back: nothing to undo),
 * with the stock sale as its last statement, carrying the COMMIT. Step 5 holds no transaction
 * while the provider answers; step 6 commits with the payment's record. Once the order has
 * committed, a decline undoes steps 5 to 1 (see {@link undo}), and so does step 5 throwing
 * instead of answering (the provider failed, an unexpected error: see {@link abandon}).
 *
 * Idempotency (`Idempotency-Key`, required): a replay with the same body answers the same order
 * (a guest's with its access token again), resuming at step 5 when the first attempt stopped
 * before settling; with another body 422 IDEMPOTENCY.KEY_REUSED. The key is stored in step 1's
 * transaction (a concurrent twin collides there) and looked up only when something refuses.
 * A crash between 4 and 5 leaves an order in `payment_processing`: the retry with the same key
 * resumes at 5, and the unpaid-order sweep cancels it if nobody comes back.
 */
import type { Database, Tx } from '../../platform/db/index.js';
import { commitWithNextStatement } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { isKeyInUse, replayDecision, requestHash } from '../../platform/idempotency.js';
import type { CartContract } from '../../modules/cart/index.js';
import type { CatalogContract } from '../../modules/catalog/index.js';
import type { IdentityContract } from '../../modules/identity/index.js';
import type { Address, OrderDto, OrdersContract } from '../../modules/orders/index.js';
import { PaymentsErrorCode, type PaymentMethodRule, type PaymentsContract } from '../../modules/payments/index.js';
import { PromotionsErrors, type PromotionsContract } from '../../modules/promotions/index.js';
import type { CheckoutBody } from './schemas.js';
import { CARD_METHOD, startCardPayment, type CardPaymentAnswer } from './card-payment.js';

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

/** One checkout request: the body, its `Idempotency-Key`, the caller and the guest cart token. */
export interface CheckoutRequest {
  body: CheckoutBody;
  idempotencyKey: string;
  /** The signed-in user's id, null for a guest. */
  userId: string | null;
  cartToken: string | null;
  acceptLanguage: string | undefined;
}

/** What a checkout answers: the order, a guest's access token (also on a replay), and whether it was a replay. */
export interface CheckoutResult {
  order: OrderDto;
  /** The card path's payment while the customer has to confirm it (with its client secret). */
  payment?: CardPaymentAnswer;
  accessToken: string | null;
  replayed: boolean;
}

/** [402] The payment was declined: `PAYMENTS.<DECLINE_CODE>`, with the cancelled order's id and status. */
const declined = (order: OrderDto, code: string | null, message: string | null) =>
  new AppError(`PAYMENTS.${(code ?? 'declined').toUpperCase()}`, 402, message ?? 'The payment was declined', undefined, { orderId: order.id, orderStatus: order.status });

/**
 * Runs the checkout for one request (steps above).
 * @returns the order, 201 for a new one, 200 (`replayed`) for a replay.
 * @throws 422 PAYMENTS.METHOD_UNAVAILABLE / PAYMENTS.CARD_MISMATCH (nothing written), 400 VALIDATION.FAILED (a guest without email, or asking to save an address),
 *   422 IDENTITY.INVALID_ADDRESS (an address failing its country's rules, the field named), the cart's 404/409/400 errors,
 *   409 PROMOTIONS.INVALID / the promotion's limits, 409 INVENTORY.INSUFFICIENT_STOCK,
 *   402 PAYMENTS.<DECLINE_CODE> (the order is cancelled, the cart reopened), 422 IDEMPOTENCY.KEY_REUSED,
 *   the payments module's errors once the order exists (502 PAYMENTS.PROVIDER_ERROR, 400): the
 *   order is cancelled and the cart reopened as for a decline, `orderId` in the problem.
 */
export async function placeOrder(deps: CheckoutDeps, request: CheckoutRequest): Promise<CheckoutResult> {
  const hash = requestHash([request.userId, request.body]);
  let buyer: Awaited<ReturnType<typeof identifyAndPrice>>;
  try {
    buyer = await identifyAndPrice(deps, request);
  } catch (err) {
    // Refused: maybe an earlier request with this key, whose cart is already ordered.
    const replayed = await replay(deps, request, hash);
    if (replayed) return replayed;
    throw err;
  }
  let placed: { orderId: string; accessToken: string | null; order: OrderDto };
  try {
    placed = await deps.database.transaction((tx) => reserve(deps, tx, request, hash, buyer));
  } catch (err) {
    if (!isKeyInUse(err)) throw err;
    // The key was stored before (a replay whose cart is active again) or by a concurrent twin.
    const replayed = await replay(deps, request, hash);
    if (!replayed) throw err;
    return replayed;
  }
  return { ...(await settleAny(deps, request.body, placed.order)), accessToken: placed.accessToken, replayed: false };
}

/**
 * The answer to a request whose key is already stored: the same order (settled, see
 * {@link settle}) with a guest's access token, or null when the key is unknown.
 * @throws 422 IDEMPOTENCY.KEY_REUSED when the key came with another request.
 */
async function replay(deps: CheckoutDeps, request: CheckoutRequest, hash: string): Promise<CheckoutResult | null> {
  const recorded = await deps.orders.findByIdempotencyKey(request.idempotencyKey);
  if (!recorded || replayDecision(recorded, hash, { request: 'request body' }) === 'new') return null;
  const { orderId } = recorded;
  // The same key and request: the same client, who may have lost the first answer with its token.
  const settled = await settleAny(deps, request.body, await deps.orders.get(orderId));
  return { ...settled, accessToken: await deps.orders.guestAccessToken(orderId), replayed: true };
}

/**
 * The payment method the body names (`payment.method`, or its former name `payment.provider`),
 * enabled, with card fields exactly when the method takes them (only `test`).
 * @throws 422 PAYMENTS.METHOD_UNAVAILABLE (absent, unknown or disabled), 422 PAYMENTS.CARD_MISMATCH.
 */
export function paymentMethodOf(deps: Pick<CheckoutDeps, 'payments'>, body: CheckoutBody): PaymentMethodRule {
  const id = body.payment.method ?? body.payment.provider ?? '';
  const method = deps.payments.method(id);
  if (!method?.enabled || (body.payment.method !== undefined && body.payment.provider !== undefined && body.payment.method !== body.payment.provider)) {
    throw new AppError(PaymentsErrorCode.METHOD_UNAVAILABLE, 422, `The payment method "${id.slice(0, 64)}" is not offered by this shop`, [
      { field: 'body/payment/method', message: 'is not an enabled payment method (see GET /api/payment-methods)' },
    ]);
  }
  if (method.takesCard !== (body.payment.card !== undefined)) {
    throw new AppError(PaymentsErrorCode.CARD_MISMATCH, 422, method.takesCard ? `The payment method "${id}" needs card details` : `The payment method "${id}" takes no card details`, [
      { field: 'body/payment/card', message: method.takesCard ? 'is required for this payment method' : 'must be absent for this payment method' },
    ]);
  }
  return method;
}

/**
 * Step 0, before anything is written: the payment method (see {@link paymentMethodOf}), who is
 * buying (email required for guests), the addresses checked and normalised for their countries
 * (identity's rules: postal code, required fields, phone in E.164), the cart priced for the destination with its promotion
 * re-checked, and the messages' language.
 * @throws 422 PAYMENTS.METHOD_UNAVAILABLE / PAYMENTS.CARD_MISMATCH, 400 VALIDATION.FAILED (no email; `saveAddress` for a guest), 422 IDENTITY.INVALID_ADDRESS,
 *   the cart's 404/409/400 errors, 409 PROMOTIONS.INVALID, 422 PROMOTIONS.ACCOUNT_REQUIRED (a guest
 *   with a code that requires an account).
 */
async function identifyAndPrice(deps: CheckoutDeps, request: CheckoutRequest) {
  const { body, userId } = request;
  const method = paymentMethodOf(deps, body);
  const user = userId ? await deps.identity.getUser(userId) : null;
  const email = user?.email ?? body.email;
  if (!email) throw new AppError('VALIDATION.FAILED', 400, 'Guests must give an email address', [{ field: 'body/email', message: 'is required for guest checkout' }]);
  const customer = { userId, email };
  if (body.saveAddress && !userId) throw new AppError('VALIDATION.FAILED', 400, 'Only signed-in customers can save an address', [{ field: 'body/saveAddress', message: 'needs a signed-in customer' }]);
  // The addresses checked and normalised for their countries (422 IDENTITY.INVALID_ADDRESS naming the field).
  const [shippingAddress, billing] = await checkAddresses(deps, [[body.shippingAddress, 'body/shippingAddress/'], [body.billingAddress, 'body/billingAddress/']]);
  const billingAddress = billing ?? shippingAddress!;
  const quote = await deps.cart.quoteForCheckout(body.cartId, { userId, token: request.cartToken }, { country: body.shippingAddress.country, shippingMethodId: body.shippingMethodId, customer });
  if (quote.promotionInvalidReason === 'ACCOUNT_REQUIRED') throw PromotionsErrors.accountRequired();
  if (quote.promotionInvalidReason) {
    throw new AppError('PROMOTIONS.INVALID', 409, `The promotion code can no longer be used (${quote.promotionInvalidReason})`, undefined, { reason: quote.promotionInvalidReason });
  }
  const locale: 'en' | 'fr' = body.locale ?? user?.locale ?? (request.acceptLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en');
  return { quote, email, customer, locale, method, shippingAddress: shippingAddress!, billingAddress };
}

/**
 * Each given address checked and normalised by identity (absent ones stay undefined), the
 * problems of all of them in one answer.
 * @throws 422 IDENTITY.INVALID_ADDRESS with every field at fault (`body/shippingAddress/postalCode`, `body/billingAddress/phone`).
 */
async function checkAddresses(deps: Pick<CheckoutDeps, 'identity'>, addresses: [Address | undefined, string][]): Promise<(Address | undefined)[]> {
  const failures: AppError[] = [];
  const checked = await Promise.all(addresses.map(async ([address, prefix]) => {
    if (!address) return undefined;
    try {
      return await deps.identity.checkAddress(address, prefix);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      failures.push(err);
      return undefined;
    }
  }));
  const [first, ...more] = failures;
  if (first && more.length) throw new AppError(first.code, first.status, [first, ...more].map((f) => f.detail).join('; '), failures.flatMap((f) => f.errors ?? []));
  if (first) throw first;
  return checked;
}

/**
 * Steps 1–4 in `tx`, the order's transaction: place the order with its idempotency key, redeem
 * the promotion, mark the cart ordered, take the stock. A failure rolls all of them back.
 * @throws 409 IDEMPOTENCY.IN_USE (the key is stored: the caller replays), the promotion's 409s,
 *   409 INVENTORY.INSUFFICIENT_STOCK (no oversell under concurrency).
 */
async function reserve(deps: CheckoutDeps, tx: Tx, request: CheckoutRequest, hash: string, buyer: Awaited<ReturnType<typeof identifyAndPrice>>) {
  const { body, userId } = request;
  const { quote, email, customer, locale, method, shippingAddress, billingAddress } = buyer;
  // 1. Place the order (payment_processing; offline methods: as their rules say) with the key. Undo: cancel the order.
  const placed = await deps.orders.place(tx, {
    cartId: body.cartId, customerId: userId, email: email.toLowerCase(), locale, currency: quote.currency, site: quote.site,
    lines: quote.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, lineTotal: l.lineTotal })),
    subtotal: quote.subtotal, discount: quote.discount, shipping: quote.shipping, tax: quote.tax, total: quote.total,
    promotionCode: quote.promotion?.code ?? null, shippingAddress, billingAddress,
    shippingMethod: quote.shippingMethod, idempotency: { key: request.idempotencyKey, requestHash: hash },
    payment: {
      method: method.id, status: method.placesOrderAs, bankDetails: method.bankDetails ?? null,
      reason: method.placesOrderAs === 'payment_processing' ? null : `${method.id}: ${method.placesOrderAs === 'confirmed' ? 'paid on delivery' : 'waiting for the payment'}`,
    },
  });
  // The customer's "save this address", with the order (undone with it by a rollback; a later decline keeps it).
  if (body.saveAddress && userId) await deps.identity.saveAddress(tx, userId, shippingAddress);
  // 2. Redeem the promotion (409 when its limit is reached). Undo: give the promotion back.
  if (quote.promotion) await deps.promotions.redeem(tx, { promotionId: quote.promotion.promotionId, orderId: placed.orderId, customer });
  // 3. Mark the cart ordered. Undo: reopen the cart.
  await deps.cart.markOrdered(tx, body.cartId, placed.orderId);
  // 4. Take the stock (a sale), last, with the COMMIT written behind it: the variant rows, which
  // every buyer of the product wants, stay locked only while PostgreSQL runs the sale and
  // commits. Undo: release the stock.
  await commitWithNextStatement(tx);
  await deps.catalog.sellStock(tx, quote.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), `order:${placed.orderId}`, userId ?? 'guest', `order ${placed.number}`);
  return placed;
}

/** Steps 5–6 of either path: the card path (card-payment.ts) answers the payment with its client secret. */
async function settleAny(deps: CheckoutDeps, body: CheckoutBody, order: OrderDto): Promise<{ order: OrderDto; payment?: CardPaymentAnswer }> {
  const methodId = order.payment?.method ?? body.payment.method ?? body.payment.provider;
  if (methodId === CARD_METHOD && (order.status === 'payment_processing' || order.status === 'pending')) return startCardPayment(deps, body, order);
  return { order: await settle(deps, body, order) };
}

/**
 * Steps 5 and 6, also the resume point of a replay: authorize the payment, then confirm the
 * order in the transaction that records the payment (one commit); a decline undoes steps 1–4.
 * `order` is the order as the caller holds it (as placed, or as read on a replay); an order
 * that is no longer unpaid is answered as it is (a replay of a declined one: 402 again).
 * @throws 402 PAYMENTS.<DECLINE_CODE>, and the payments contract's errors (after undoing, see {@link abandon}).
 */
async function settle(deps: CheckoutDeps, body: CheckoutBody, order: OrderDto): Promise<OrderDto> {
  if (order.status === 'payment_processing' || order.status === 'pending') {
    const unpaid = order;
    let confirmed = null as OrderDto | null;
    // 5. Authorize (no transaction open while the provider answers; undo: void the
    // authorization), 6. confirm the order in the transaction that records the payment.
    const methodId = unpaid.payment?.method ?? body.payment.method ?? body.payment.provider ?? '';
    let payment: Awaited<ReturnType<PaymentsContract['authorize']>>;
    try {
      payment = await deps.payments.authorize(
        { orderId: unpaid.id, amount: { amount: unpaid.totals.total.amount, currency: unpaid.currency }, provider: deps.payments.method(methodId)?.provider ?? methodId, card: body.payment.card! },
        async (recorded, tx) => {
          confirmed = recorded.status === 'failed' ? null : await deps.orders.confirmAuthorized(tx, unpaid);
        },
      );
    } catch (err) {
      throw await abandon(deps, body, unpaid.id, err);
    }
    if (!confirmed) throw declined(await undo(deps, body, unpaid.id, 'payment_failed'), payment.failureCode, payment.failureMessage);
    order = confirmed;
    // Cancelled while the provider answered (the unpaid-order sweep): undo the authorization
    // just recorded, so no money stays held for a dead order.
    if (order.status === 'cancelled') order = await deps.orders.cancel(order.id, order.cancelReason ?? 'payment_timeout', 'system');
  }
  if (order.status === 'cancelled' && order.cancelReason === 'payment_failed') {
    const last = (await deps.payments.listForOrder(order.id)).at(-1);
    throw declined(order, last?.failureCode ?? null, last?.failureMessage ?? null);
  }
  return order;
}

/**
 * When step 5 throws instead of answering (the provider failed: 502 PAYMENTS.PROVIDER_ERROR; a
 * provider or input the payments module refuses: 400; or any unexpected error), the order
 * exists and holds stock and its promotion: undo steps 4 to 1 as for a decline (reason
 * `payment_failed`), unless the order has meanwhile got a live payment or left
 * `payment_processing` (a concurrent attempt with the same key confirmed it: nothing to undo).
 * @returns the error to answer: an {@link AppError} again, with the order's `orderId` and
 *   `orderStatus`, so the client knows which order it was; any other error as it was (a 500).
 */
async function abandon(deps: CheckoutDeps, body: CheckoutBody, orderId: string, err: unknown): Promise<unknown> {
  let order = await deps.orders.get(orderId);
  const live = (await deps.payments.listForOrder(orderId)).some((p) => p.status !== 'failed');
  if (!live && (order.status === 'payment_processing' || order.status === 'pending')) order = await undo(deps, body, orderId, 'payment_failed');
  if (!(err instanceof AppError)) return err;
  return new AppError(err.code, err.status, err.detail, err.errors, { ...err.extensions, orderId: order.id, orderStatus: order.status });
}

/**
 * Undoes steps 5 to 1 once the order has committed, in that order: void the authorization,
 * release the stock, reopen the cart, give the promotion back, cancel the order. The orders
 * module's cancellation voids, releases the stock, gives the promotion back and cancels (stock,
 * promotion and status in one transaction, then the payment's settlement), the same undo the
 * back office and the unpaid-order sweep use; the cart is reopened after it, so the customer can
 * try again once the order is cancelled.
 * @returns the cancelled order.
 */
async function undo(deps: CheckoutDeps, body: CheckoutBody, orderId: string, reason: string): Promise<OrderDto> {
  const cancelled = await deps.orders.cancel(orderId, reason, 'system');
  await deps.database.transaction((tx) => deps.cart.reopen(tx, body.cartId, orderId));
  return cancelled;
}
