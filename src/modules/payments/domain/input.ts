import { isPositiveAmount } from './state.js';

/** One problem with a contract input: `field` is a path (`card/expMonth`), `message` what is wrong. */
export interface InputProblem {
  field: string;
  message: string;
}

/** What {@link authorizeInputProblems} checks (the shape of `PaymentsContract.authorize` input). */
export interface AuthorizeInputShape {
  orderId: unknown;
  amount: unknown;
  provider: unknown;
  card: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Shape problems of an authorization request (empty when well-formed): order id 1–64 chars,
 * amount a positive integer of minor units (≤ 2 147 483 647) with an ISO 4217 currency, provider
 * 1–32 chars, card number a string of at most 40 characters, expMonth 1–12, expYear 0–9999,
 * cvc 3–4 digits. A well-formed but wrong card number is not a shape problem: the provider
 * declines it. Messages never repeat the card data.
 */
export function authorizeInputProblems(input: AuthorizeInputShape): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (typeof input.orderId !== 'string' || input.orderId.length < 1 || input.orderId.length > 64) add('orderId', 'must be a string of 1 to 64 characters');
  if (!isObject(input.amount)) add('amount', 'must be { amount, currency }');
  else {
    if (!isPositiveAmount(input.amount.amount)) add('amount/amount', 'must be a positive integer of minor units');
    if (typeof input.amount.currency !== 'string' || !/^[A-Z]{3}$/.test(input.amount.currency)) add('amount/currency', 'must be an ISO 4217 code such as GBP');
  }
  if (typeof input.provider !== 'string' || input.provider.length < 1 || input.provider.length > 32) add('provider', 'must be a string of 1 to 32 characters');
  if (!isObject(input.card)) add('card', 'must be { number, expMonth, expYear, cvc }');
  else {
    const { number, expMonth, expYear, cvc } = input.card;
    if (typeof number !== 'string' || number.length < 1 || number.length > 40) add('card/number', 'must be a string of 1 to 40 characters');
    if (typeof expMonth !== 'number' || !Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) add('card/expMonth', 'must be an integer from 1 to 12');
    if (typeof expYear !== 'number' || !Number.isInteger(expYear) || expYear < 0 || expYear > 9999) add('card/expYear', 'must be a four-digit year');
    if (typeof cvc !== 'string' || !/^\d{3,4}$/.test(cvc)) add('card/cvc', 'must be 3 or 4 digits');
  }
  return problems;
}

/** Longest `Idempotency-Key` kept (characters), as on checkout. */
export const MAX_IDEMPOTENCY_KEY = 255;

/**
 * Shape problems of a refund's idempotency binding (empty when well-formed): `key` 1–255
 * printable ASCII characters without spaces (what the `Idempotency-Key` header allows),
 * `requestHash` a string of 1 to 128 characters.
 */
export function idempotencyProblems(idempotency: unknown): InputProblem[] {
  if (!isObject(idempotency)) return [{ field: 'idempotency', message: 'must be { key, requestHash }' }];
  const problems: InputProblem[] = [];
  const { key, requestHash } = idempotency;
  if (typeof key !== 'string' || key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY || !/^[\x21-\x7E]+$/.test(key)) {
    problems.push({ field: 'idempotency/key', message: `must be 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters without spaces` });
  }
  if (typeof requestHash !== 'string' || requestHash.length < 1 || requestHash.length > 128) problems.push({ field: 'idempotency/requestHash', message: 'must be a string of 1 to 128 characters' });
  return problems;
}
