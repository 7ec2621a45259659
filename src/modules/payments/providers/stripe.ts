/**
 * The Stripe adapter of the payment-provider port, through the official `stripe` SDK: card
 * payments are PaymentIntents with manual capture that the customer confirms in the browser
 * with Stripe.js (3-D Secure / SCA handled by Stripe); no card data reaches our server. The
 * adapter creates and reads PaymentIntents, captures, cancels (void) and refunds them with
 * idempotency keys derived from ours, and verifies webhooks with `stripe.webhooks.constructEvent`.
 * The SDK (0.7 MB) is loaded when the provider is created, i.e. only when Stripe is configured.
 */
import type Stripe from 'stripe';
import type {
  AuthorizeResult, ClientConfirmedProvider, ClientPaymentEvent, ClientPaymentState, PaymentProvider, ProviderCallOptions, RefundResult,
} from '../domain/provider.js';

/** Settings of {@link createStripeProvider}. */
export interface StripeProviderOptions {
  /** Secret API key (`sk_live_…` / `sk_test_…`, env `STRIPE_SECRET_KEY`). */
  secretKey: string;
  /** Signing secret of the webhook endpoint (`whsec_…`, env `STRIPE_WEBHOOK_SECRET`). */
  webhookSecret: string;
  /**
   * Another API address (env `STRIPE_API_BASE`, e.g. `http://127.0.0.1:12111`): its protocol,
   * host and port are given to the SDK, which keeps the `/v1/...` paths (tests point it at a
   * local stand-in). Default: Stripe's API.
   */
  apiBase?: string;
  /** Seconds a webhook's signature timestamp may be away from now (default 300, the SDK's). */
  webhookToleranceSeconds?: number;
}

/** The adapter's provider name, used in `payment.provider` and the webhook route. */
export const STRIPE_PROVIDER = 'stripe';

/** The SDK's connection settings for `apiBase` (protocol, host, port), or none for Stripe's API. */
function connection(apiBase: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** Stripe's lower-case currency → ISO 4217 upper case. */
const iso = (currency: string) => currency.toUpperCase();

/**
 * Our view of a PaymentIntent (see {@link ClientPaymentState}): `requires_capture` is authorized,
 * `succeeded` captured, `canceled` canceled, `requires_payment_method` after a failed attempt
 * (`last_payment_error`) failed; anything else (no card yet, 3-D Secure pending, processing)
 * still requires the customer's action. The card's brand and last 4 come from the latest charge
 * when it is expanded.
 */
export function intentState(intent: Stripe.PaymentIntent): ClientPaymentState {
  const { order_id: orderId, ...metadata } = intent.metadata ?? {};
  const base = { providerRef: intent.id, amount: intent.amount, currency: iso(intent.currency), reference: orderId ?? null, metadata };
  const charge = intent.latest_charge && typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const card = charge?.payment_method_details?.card;
  const withCard = card?.last4 ? { ...base, card: { brand: card.brand ?? 'unknown', last4: card.last4 } } : base;
  switch (intent.status) {
    case 'requires_capture':
      return { ...withCard, status: 'authorized' };
    case 'succeeded':
      return { ...withCard, status: 'captured' };
    case 'canceled':
      return { ...withCard, status: 'canceled' };
    case 'requires_payment_method': {
      const error = intent.last_payment_error;
      if (!error) return { ...withCard, status: 'requires_action' };
      return { ...withCard, status: 'failed', failureCode: error.decline_code ?? error.code ?? 'card_declined', failureMessage: error.message ?? 'The card was declined.' };
    }
    default:
      return { ...withCard, status: 'requires_action' };
  }
}

/** True when `err` is Stripe refusing a cancel because the PaymentIntent is not in a cancellable state. */
const unexpectedState = (err: unknown) => (err as { code?: unknown } | null)?.code === 'payment_intent_unexpected_state';

/**
 * Creates the Stripe provider (`stripe`). Its `authorize` (a card number sent to our server) is
 * refused: Stripe payments are created with {@link ClientConfirmedProvider.createClientPayment}
 * and confirmed by the customer with Stripe.js. SDK errors (network, refusal) are thrown as they
 * are; the payments module answers them 502 PAYMENTS.PROVIDER_ERROR.
 */
export function createStripeProvider(options: StripeProviderOptions): PaymentProvider {
  const sdk = import('stripe').then((m) => new m.default(options.secretKey, { ...connection(options.apiBase), maxNetworkRetries: 2, timeout: 20_000 }));
  // Never an unhandled rejection: each call awaits `sdk` and throws there.
  sdk.catch(() => undefined);
  const tolerance = options.webhookToleranceSeconds ?? 300;

  const retrieve = async (providerRef: string) => {
    const intent = await (await sdk).paymentIntents.retrieve(providerRef, { expand: ['latest_charge'] });
    return { ...intentState(intent), clientSecret: intent.client_secret ?? '' };
  };

  const clientConfirmed: ClientConfirmedProvider = {
    async createClientPayment({ amount, currency, reference, idempotencyKey, metadata }) {
      const intent = await (await sdk).paymentIntents.create(
        {
          amount, currency: currency.toLowerCase(), capture_method: 'manual', allowed_payment_method_types: ['card'],
          metadata: { ...metadata, order_id: reference },
        },
        { idempotencyKey },
      );
      if (!intent.client_secret) throw new Error(`Stripe answered PaymentIntent ${intent.id} without a client secret`);
      return { ...intentState(intent), clientSecret: intent.client_secret };
    },
    retrieveClientPayment: retrieve,
    async verifyEvent(rawBody, signature): Promise<ClientPaymentEvent> {
      if (!signature) throw new Error('No Stripe-Signature header');
      const event = (await sdk).webhooks.constructEvent(rawBody, signature, options.webhookSecret, tolerance);
      const object = event.data.object as { object?: string };
      const payment = event.type.startsWith('payment_intent.') && object.object === 'payment_intent' ? intentState(object as Stripe.PaymentIntent) : null;
      return { id: event.id, type: event.type, payment };
    },
  };

  return {
    name: STRIPE_PROVIDER,
    clientConfirmed,
    authorize(): Promise<AuthorizeResult> {
      return Promise.reject(new Error('Stripe card payments are confirmed by the customer with Stripe.js; card numbers never reach the server'));
    },
    async capture(providerRef: string, amount: number, call?: ProviderCallOptions): Promise<void> {
      await (await sdk).paymentIntents.capture(providerRef, { amount_to_capture: amount }, { idempotencyKey: call?.idempotencyKey });
    },
    async void(providerRef: string, call?: ProviderCallOptions): Promise<void> {
      try {
        await (await sdk).paymentIntents.cancel(providerRef, {}, { idempotencyKey: call?.idempotencyKey });
      } catch (err) {
        // Already canceled at Stripe (by the customer's bank, the dashboard, or a first attempt
        // whose answer was lost): the authorization is released, which is what was asked.
        if (unexpectedState(err) && (await retrieve(providerRef)).status === 'canceled') return;
        throw err;
      }
    },
    async refund(providerRef: string, amount: number, call?: ProviderCallOptions): Promise<RefundResult> {
      const refund = await (await sdk).refunds.create({ payment_intent: providerRef, amount }, { idempotencyKey: call?.idempotencyKey });
      return { providerRefundRef: refund.id };
    },
  };
}
