/**
 * Payments module: payments of orders through providers (built-in `test` provider; real ones
 * are adapters of {@link PaymentProvider}), capture, void, refunds, signed provider webhooks.
 * This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { ThirdPartySources } from '../../platform/http/server.js';
import type { PaymentsContract } from './payments.contract.js';
import { paymentsRoutes } from './payments.routes.js';
import { PaymentsService } from './payments.service.js';
import { createTestProvider } from './domain/test-provider.js';
import type { PaymentProvider } from './domain/provider.js';
import { configuredMethods, type PaymentMethodRule } from './payments.methods.js';
import { webhookSecret } from './webhook-secret.js';
import { STRIPE_PROVIDER, createStripeProvider } from './providers/stripe.js';

export type {
  AuthorizeInput, CancellationSettlement, CardBrand, CardDetails, ClientPaymentEvent, ClientPaymentInput, ClientPaymentOutcome, ClientPaymentStart, Money, PaymentDto, PaymentStatus, PaymentsContract, RefundDto,
  RefundIdempotency, RefundOutcome,
} from './payments.contract.js';
export type { PaymentsEvents, PaymentsEventName } from './payments.events.js';
/** The payload schemas of the payments events (defined with the platform when this module is loaded). */
export { paymentsEvents } from './payments.events.js';
export type {
  AuthorizeRequest, AuthorizeResult, ClientConfirmedProvider, ClientPaymentState, DeclineCode, PaymentProvider, ProviderCallOptions, RefundResult,
} from './domain/provider.js';
export { STRIPE_PROVIDER, createStripeProvider, type StripeProviderOptions } from './providers/stripe.js';
export { PaymentsErrorCode } from './payments.errors.js';
export type { BankDetails, OfflineMethodId, PaymentMethodDto, PaymentMethodRule } from './payments.methods.js';
export { OFFLINE_METHOD_IDS, isOfflineMethod } from './payments.methods.js';
export type { OfflinePaymentInput } from './payments.contract.js';
export { PaymentSchema, RefundSchema } from './payments.schemas.js';
export { TEST_CARDS, createTestProvider } from './domain/test-provider.js';
export { SIGNATURE_HEADER as WEBHOOK_SIGNATURE_HEADER, signPayload as signWebhookPayload, signatureProblem as webhookSignatureProblem } from './domain/signature.js';

/** Options of {@link createPaymentsModule}. */
export interface PaymentsModuleOptions {
  /** Extra providers (adapters of real processors, or test doubles). A name may appear once. */
  providers?: PaymentProvider[];
  /**
   * Register the built-in `test` provider (no network; 4242 4242 4242 4242 succeeds) and its
   * `test` method. Default: true, except in production (`NODE_ENV=production`), where it would
   * accept fake cards, unless `PAYMENTS_TEST_MODE=true`.
   */
  testProvider?: boolean;
  /** Card methods of the `providers` (e.g. Stripe's `card`), listed after `test` and before the offline ones. */
  cardMethods?: PaymentMethodRule[];
  /** Clock for webhook timestamps and test-card expiry (default: system clock). */
  now?: () => Date;
}

/**
 * The Stripe provider when `config.stripe.secretKey` is set, else none.
 * @throws Error when the key is set without `STRIPE_WEBHOOK_SECRET` (orders could never be confirmed by webhook).
 */
function stripeProviders(config: ModuleContext['config']): PaymentProvider[] {
  const { secretKey, webhookSecret: signingSecret, apiBase } = config.stripe;
  if (!secretKey) return [];
  if (!signingSecret) throw new Error('STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY');
  return [createStripeProvider({ secretKey, webhookSecret: signingSecret, apiBase })];
}

/**
 * The payment method `card` (Stripe PaymentIntents, confirmed in the browser with Stripe.js from
 * `config.stripe.jsUrl`) when Stripe is configured, else none.
 */
function stripeCardMethods(config: ModuleContext['config']): PaymentMethodRule[] {
  const { secretKey, publishableKey, jsUrl } = config.stripe;
  if (!secretKey) return [];
  return [{
    id: 'card', kind: 'card', provider: STRIPE_PROVIDER, label: 'Card', publishableKey: publishableKey ?? '', scriptUrl: jsUrl,
    takesCard: false, placesOrderAs: 'payment_processing', shipsUnpaid: false, paymentTimeoutMinutes: null, enabled: true,
  }];
}

/** Stripe's API when `STRIPE_API_BASE` is not set. */
const STRIPE_API = 'https://api.stripe.com';

/**
 * What the storefront's pages need from Stripe under the Content-Security-Policy when Stripe is
 * configured (`STRIPE_SECRET_KEY`), as Stripe documents it: Stripe.js (the origin of
 * `STRIPE_JS_URL`, default https://js.stripe.com) as script and iframes (plus
 * https://hooks.stripe.com's 3-D Secure iframes with Stripe's own Stripe.js), and Stripe's API
 * (the origin of `STRIPE_API_BASE`, default https://api.stripe.com) for its calls. Stripe off:
 * nothing.
 * @throws TypeError when `STRIPE_JS_URL` or `STRIPE_API_BASE` is not an absolute URL.
 */
export function stripeContentSecurity(config: ModuleContext['config']): ThirdPartySources {
  const { secretKey, jsUrl, apiBase } = config.stripe;
  if (!secretKey) return {};
  const js = new URL(jsUrl).origin;
  return {
    script: [js],
    frame: js === 'https://js.stripe.com' ? [js, 'https://hooks.stripe.com'] : [js],
    connect: [new URL(apiBase ?? STRIPE_API).origin],
  };
}

/**
 * Creates the payments module and its contract, with the payment methods of the configuration
 * (see `configuredMethods`; Stripe's `card` when `STRIPE_SECRET_KEY` is set). The webhook secret is
 * `config.paymentsWebhookSecret`, else generated once into `<dataDir>/payments-webhook-secret`.
 * @throws Error when two providers share a name, the payment methods are misconfigured, or
 *   Stripe's key comes without its webhook secret.
 */
export function createPaymentsModule(ctx: ModuleContext, options: PaymentsModuleOptions = {}): AppModule & { contract: PaymentsContract } {
  const log = ctx.log.child({ module: 'payments' });
  const withTest = options.testProvider ?? (!ctx.config.production || ctx.config.paymentsTestMode);
  const providers = [...(withTest ? [createTestProvider({ now: options.now })] : []), ...stripeProviders(ctx.config), ...(options.providers ?? [])];
  const methods = configuredMethods(ctx.config, withTest, [...stripeCardMethods(ctx.config), ...(options.cardMethods ?? [])]);
  const names = providers.map((p) => p.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`Two payment providers are named "${duplicate}"`);
  const service = new PaymentsService(ctx.database, providers, log, { webhookSecret: webhookSecret(ctx.config, log), now: options.now });
  const contract: PaymentsContract = {
    authorize: (input, record) => service.authorize(input, record),
    capture: (paymentId, amount) => service.capture(paymentId, amount),
    refund: (paymentId, amount, reason, actor, idempotency, record) => service.refund(paymentId, amount, reason, actor, idempotency, record),
    replayRefund: (idempotency) => service.replayRefund(idempotency),
    settleCancellation: (orderId, actor) => service.settleCancellation(orderId, actor),
    beginClientPayment: (input) => service.beginClientPayment(input),
    confirmClientPayment: (orderId, onAuthorized) => service.confirmClientPayment(orderId, onAuthorized),
    verifyClientEvent: (provider, rawBody, signature) => service.verifyClientEvent(provider, rawBody, signature),
    applyClientEvent: (provider, event, onAuthorized) => service.applyClientEvent(provider, event, onAuthorized),
    listForOrder: (orderId) => service.listForOrder(orderId),
    refundedOrderIds: () => service.refundedOrderIds(),
    methods: () => methods.list(),
    method: (id) => methods.get(id),
    recordOfflinePayment: (input, record) => service.recordOfflinePayment(input, record),
  };
  return {
    name: 'payments',
    migrations: { name: 'payments', folder: 'src/modules/payments/db/migrations' },
    routes: (server) => paymentsRoutes(server, service, methods),
    contract,
  };
}
