/**
 * The payment-provider port: what the payments module asks of a card processor. The built-in
 * `test` provider (test-provider.ts) implements it without any network; real processors are
 * adapters implementing the same interface. Amounts are integers in minor units of `currency`.
 */

/** Card details as the shopper typed them. Never stored: only brand and last 4 digits are kept. */
export interface CardDetails {
  /** Primary account number; spaces are allowed and ignored. */
  number: string;
  /** 1–12. */
  expMonth: number;
  /** Four digits (two-digit years are read as 20xx). */
  expYear: number;
  /** 3 or 4 digits. */
  cvc: string;
}

/**
 * One authorization request. `reference` is the merchant's reference (the order id), sent to the
 * processor as the request's idempotency key: two requests with the same reference are one
 * authorization (a retry, or two attempts for one order racing), answered alike.
 */
export interface AuthorizeRequest {
  /** Minor units, > 0. */
  amount: number;
  /** ISO 4217 code, e.g. `GBP`. */
  currency: string;
  card: CardDetails;
  reference: string;
}

/** Why a provider declined an authorization (the same vocabulary as the large processors). */
export type DeclineCode = 'card_declined' | 'insufficient_funds' | 'expired_card' | 'incorrect_number';

/** Every {@link DeclineCode}. */
export const DECLINE_CODES: readonly DeclineCode[] = ['card_declined', 'insufficient_funds', 'expired_card', 'incorrect_number'];

/**
 * The provider's answer to an authorization. A decline is an answer, not an error: `outcome` is
 * `declined` with a `declineCode` and a human `message`. `providerRef` names the authorization
 * (or the declined attempt) at the provider.
 */
export interface AuthorizeResult {
  outcome: 'authorized' | 'declined';
  providerRef: string;
  declineCode?: DeclineCode;
  message?: string;
}

/**
 * The provider's answer to a refund: `providerRefundRef` names the refund at the provider (at
 * most 200 characters). Its `payment.refunded` webhooks carry the same reference, so the module
 * recognises the echo of a refund it made itself and does not count it twice.
 */
export interface RefundResult {
  providerRefundRef: string;
}

/**
 * Options of a money-moving provider call. `idempotencyKey` (≤ 255 characters) is derived from
 * ours (`<our key or id>:<operation>`) and sent to processors that take one (Stripe's
 * `Idempotency-Key`), so a retried call is one operation at the provider.
 */
export interface ProviderCallOptions {
  idempotencyKey?: string;
}

/**
 * A payment the customer completes in the browser (Stripe's PaymentIntents confirmed by
 * Stripe.js, 3-D Secure included) as the provider reports it: `requires_action` (the customer
 * has not finished: no card yet, or authentication pending), `authorized` (funds reserved,
 * awaiting capture), `captured` (captured at the provider), `failed` (the last attempt was
 * declined: `failureCode`/`failureMessage`), `canceled`. `amount` in minor units of `currency`
 * (ISO 4217, upper case); `card` when the provider tells brand and last 4 digits.
 */
export interface ClientPaymentState {
  providerRef: string;
  status: 'requires_action' | 'authorized' | 'captured' | 'failed' | 'canceled';
  amount: number;
  currency: string;
  /** The merchant reference given at creation (our order id), when the provider echoes it. */
  reference: string | null;
  /** The other metadata given at creation (e.g. `cart_id`), as the provider echoes it. */
  metadata: Record<string, string>;
  card?: { brand: string; last4: string };
  failureCode?: string;
  failureMessage?: string;
}

/** A verified provider event about a client-confirmed payment: its id (for de-duplication), type and the payment's state then. */
export interface ClientPaymentEvent {
  id: string;
  type: string;
  /** The payment the event is about; null for an event type the adapter does not handle. */
  payment: ClientPaymentState | null;
}

/**
 * What a provider whose payments the customer confirms in the browser adds to
 * {@link PaymentProvider}: the payment is created here and answered with a `clientSecret` the
 * storefront confirms with; its outcome comes back by a signed webhook or by asking the provider.
 */
export interface ClientConfirmedProvider {
  /**
   * Creates the payment (manual capture) of `amount` minor units for `reference` (the order id),
   * with `metadata` (≤ 20 keys, short strings) kept beside it;
   * `idempotencyKey` makes a retry answer the same payment. Answers its state and the client
   * secret the storefront confirms it with.
   */
  createClientPayment(request: {
    amount: number; currency: string; reference: string; idempotencyKey: string; metadata?: Record<string, string>;
  }): Promise<ClientPaymentState & { clientSecret: string }>;
  /** The payment `providerRef` as the provider holds it now, with its client secret. */
  retrieveClientPayment(providerRef: string): Promise<ClientPaymentState & { clientSecret: string }>;
  /**
   * Verifies a webhook's signature over the raw body and reads the event.
   * @throws Error when the signature is missing, stale or wrong (the caller answers 401).
   */
  verifyEvent(rawBody: Buffer, signature: string | undefined): Promise<ClientPaymentEvent>;
}

/**
 * A payment provider. `authorize` reserves funds; `capture` takes some or all of them; `void`
 * releases an uncaptured authorization; `refund` gives back captured money (partial allowed).
 * The payments module enforces the state rules (capture only once, refunds never above the
 * captured amount) before it calls the provider.
 * Methods throw (any Error) when the provider cannot be reached or refuses the operation; the
 * module reports that as 502 `PAYMENTS.PROVIDER_ERROR` and changes nothing.
 */
export interface PaymentProvider {
  /** Name used in the API (`provider` of a payment, `/api/payments/webhooks/{name}`): `[a-z][a-z0-9_-]*`. */
  readonly name: string;
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  /** Captures `amount` (minor units, ≤ the authorized amount) of the authorization `providerRef`. */
  capture(providerRef: string, amount: number, options?: ProviderCallOptions): Promise<void>;
  /** Releases the uncaptured authorization `providerRef` (for a client-confirmed one: also a payment not yet confirmed). */
  void(providerRef: string, options?: ProviderCallOptions): Promise<void>;
  /**
   * Refunds `amount` (minor units) of the captured payment `providerRef`; answers the refund's
   * own reference at the provider. (An answer without a usable reference is tolerated, since the
   * money has moved: the refund is recorded without one, and a webhook about it cannot be matched.)
   */
  refund(providerRef: string, amount: number, options?: ProviderCallOptions): Promise<RefundResult>;
  /** Present on providers whose payments the customer confirms in the browser (Stripe). */
  readonly clientConfirmed?: ClientConfirmedProvider;
}
