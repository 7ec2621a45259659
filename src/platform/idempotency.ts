/**
 * The `Idempotency-Key` primitive (ARCHITECTURE.md §5): what a key is bound to (a hash of the
 * request), the decision a request takes given what its key already recorded (go on, replay,
 * or refuse), and the errors. Where a key is stored is the caller's choice: it must be written
 * in the same transaction as the work it guards, under a unique index, so that a concurrent twin
 * collides there.
 */
import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { AppError } from './errors.js';

/** The `Idempotency-Key` header: 1–255 printable ASCII characters without spaces (e.g. a UUID). */
export const IdempotencyKeyHeader = Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' });

/** A key and the hash of the request it came with (see {@link requestHash}). */
export interface IdempotencyBinding {
  /** 1–255 printable ASCII characters without spaces (what {@link IdempotencyKeyHeader} allows). */
  key: string;
  /** The request's fingerprint, as {@link requestHash} computes it (SHA-256 hex); a replay must bring the same hash. */
  requestHash: string;
}

/** Error codes of the primitive (the `code` member of problem documents). */
export const IdempotencyErrorCode = {
  /** 422: the key was already used with another request. */
  KEY_REUSED: 'IDEMPOTENCY.KEY_REUSED',
  /** 409: a concurrent request with the same key stored it first (callers usually replay instead). */
  IN_USE: 'IDEMPOTENCY.IN_USE',
} as const;

/** Error factories of the primitive (HTTP status in brackets). */
export const IdempotencyErrors = {
  /** [422] IDEMPOTENCY.KEY_REUSED; `request` names what differed, e.g. `request body`. */
  keyReused: (request = 'request') => new AppError(IdempotencyErrorCode.KEY_REUSED, 422, `This Idempotency-Key was already used with a different ${request}`),
  /** [409] IDEMPOTENCY.IN_USE. */
  inUse: () => new AppError(IdempotencyErrorCode.IN_USE, 409, 'A concurrent request with this Idempotency-Key was stored first'),
};

/** True when `err` is {@link IdempotencyErrors.inUse}. */
export function isKeyInUse(err: unknown): boolean {
  return err instanceof AppError && err.code === IdempotencyErrorCode.IN_USE;
}

/** `value` with every object's keys sorted (arrays keep their order): the stable form that is hashed. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, stable(v)]));
  }
  return value;
}

/**
 * What a key is bound to: SHA-256 hex of the JSON of `request` with every object's keys sorted,
 * so two requests that differ only in key order hash alike. `request` holds whatever makes the
 * request itself (body, target id, caller), e.g. `[userId, body]` or `{ orderId, amount, reason }`.
 */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(stable(request))).digest('hex');
}

/**
 * What a request with an idempotency key does, given `recorded`, what its key stored before
 * (null or undefined: nothing). `'new'`: do the work and store the key with it. `'replay'`:
 * answer what the recorded request made, doing nothing again. `sameTarget` false (the key
 * recorded work on another resource than this request names) is a reuse too.
 * @throws 422 IDEMPOTENCY.KEY_REUSED when the key was recorded with another request hash (or target);
 *   `request` names the request in its detail.
 */
export function replayDecision(
  recorded: { requestHash: string | null } | null | undefined,
  requestHash: string,
  options: { sameTarget?: boolean; request?: string } = {},
): 'new' | 'replay' {
  if (!recorded) return 'new';
  if (recorded.requestHash !== requestHash || options.sameTarget === false) throw IdempotencyErrors.keyReused(options.request);
  return 'replay';
}
