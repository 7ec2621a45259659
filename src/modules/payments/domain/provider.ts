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
  capture(providerRef: string, amount: number): Promise<void>;
  /** Releases the uncaptured authorization `providerRef`. */
  void(providerRef: string): Promise<void>;
  /**
   * Refunds `amount` (minor units) of the captured payment `providerRef`; answers the refund's
   * own reference at the provider. (An answer without a usable reference is tolerated, since the
   * money has moved: the refund is recorded without one, and a webhook about it cannot be matched.)
   */
  refund(providerRef: string, amount: number): Promise<RefundResult>;
}
