import { AppError, conflict, notFound, type FieldError } from '../../platform/errors.js';
import { IdempotencyErrorCode } from '../../platform/idempotency.js';

/** Stable error codes of the payments module (the `code` member of its problem documents). */
export const PaymentsErrorCode = {
  /** 400: no provider with this name is configured. */
  UNKNOWN_PROVIDER: 'PAYMENTS.UNKNOWN_PROVIDER',
  /** 422: the checkout names a payment method that is unknown or not enabled; nothing was written. */
  METHOD_UNAVAILABLE: 'PAYMENTS.METHOD_UNAVAILABLE',
  /** 422: the checkout's payment method needs card fields (`test`) and none came, or card fields came for a method that takes none. */
  CARD_MISMATCH: 'PAYMENTS.CARD_MISMATCH',
  /** 409: an offline payment was recorded for an order whose method is not offline. */
  NOT_OFFLINE: 'PAYMENTS.NOT_OFFLINE',
  /** 400: a contract input (not HTTP) is malformed: order id, money, card shape. */
  INVALID_INPUT: 'PAYMENTS.INVALID_INPUT',
  /** 400: a capture or refund amount is not a positive integer, or a capture exceeds the authorization. */
  INVALID_AMOUNT: 'PAYMENTS.INVALID_AMOUNT',
  /** 404: no payment with this id (or, for webhooks, this provider reference). */
  PAYMENT_NOT_FOUND: 'PAYMENTS.PAYMENT_NOT_FOUND',
  /** 409: the operation is not allowed in the payment's current status (e.g. capturing a voided payment). */
  ILLEGAL_STATE: 'PAYMENTS.ILLEGAL_STATE',
  /** 409: the refund is larger than what is captured and not yet refunded. */
  REFUND_EXCEEDS_CAPTURED: 'PAYMENTS.REFUND_EXCEEDS_CAPTURED',
  /** 401: a webhook's `comptoir-signature` is missing, malformed, stale (> 5 min) or wrong. */
  BAD_SIGNATURE: 'PAYMENTS.BAD_SIGNATURE',
  /** 502: the provider could not be reached or refused the operation; nothing was changed. */
  PROVIDER_ERROR: 'PAYMENTS.PROVIDER_ERROR',
  /**
   * 422: a refund's idempotency key was already used with another request (the code of the
   * platform's idempotency primitive, shared with checkout, hence not in the PAYMENTS namespace).
   */
  IDEMPOTENCY_KEY_REUSED: IdempotencyErrorCode.KEY_REUSED,
} as const;

/** Error factories of the payments module (HTTP status in brackets). */
export const PaymentsErrors = {
  /** [400] PAYMENTS.UNKNOWN_PROVIDER. */
  unknownProvider: (name: string) =>
    new AppError(PaymentsErrorCode.UNKNOWN_PROVIDER, 400, `No payment provider named "${name.slice(0, 64)}"`, [{ field: 'provider', message: 'is not a configured payment provider' }]),
  /** [409] PAYMENTS.NOT_OFFLINE. */
  notOffline: (id: string) => conflict(PaymentsErrorCode.NOT_OFFLINE, `Payments by "${id.slice(0, 64)}" are taken by a provider, not recorded by staff`),
  /** [400] PAYMENTS.INVALID_INPUT with field errors. */
  invalidInput: (errors: FieldError[]) =>
    new AppError(PaymentsErrorCode.INVALID_INPUT, 400, `Invalid payment request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors),
  /** [400] PAYMENTS.INVALID_AMOUNT. */
  invalidAmount: (detail: string) => new AppError(PaymentsErrorCode.INVALID_AMOUNT, 400, detail, [{ field: 'amount', message: detail }]),
  /** [404] PAYMENTS.PAYMENT_NOT_FOUND. */
  paymentNotFound: (what: string) => notFound(PaymentsErrorCode.PAYMENT_NOT_FOUND, `No payment ${what}`),
  /** [409] PAYMENTS.ILLEGAL_STATE, with the current `paymentStatus`. */
  illegalState: (operation: string, status: string) =>
    conflict(PaymentsErrorCode.ILLEGAL_STATE, `Cannot ${operation} a payment that is ${status}`, { paymentStatus: status }),
  /** [409] PAYMENTS.REFUND_EXCEEDS_CAPTURED, with the amount still `refundable` (minor units). */
  refundExceedsCaptured: (requested: number, refundable: number) =>
    conflict(PaymentsErrorCode.REFUND_EXCEEDS_CAPTURED, `Cannot refund ${requested}: only ${refundable} of the captured amount is left to refund`, { refundable }),
  /** [401] PAYMENTS.BAD_SIGNATURE. */
  badSignature: (reason: string) => new AppError(PaymentsErrorCode.BAD_SIGNATURE, 401, `The webhook signature is ${reason}`),
  /** [502] PAYMENTS.PROVIDER_ERROR. */
  providerError: (provider: string, operation: string) =>
    new AppError(PaymentsErrorCode.PROVIDER_ERROR, 502, `The payment provider "${provider}" failed to ${operation}; nothing was changed`),
};
