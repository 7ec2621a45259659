import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CartAccess } from './cart.contract.js';
import { CartErrors } from './cart.errors.js';
import type { cart } from './db/schema.js';

/** What access and expiry are decided on: a cart row's owner, token hash and activity time. */
type Owned = Pick<typeof cart.$inferSelect, 'userId' | 'tokenHash' | 'lastActivityAt'>;

/** One day in ms. */
export const DAY_MS = 86_400_000;

/**
 * A cart's activity time is moved on at most this often (ms): a read then is not always a write,
 * and the fast-path adds leave the indexed column as it is, so PostgreSQL updates the cart row
 * in place (HOT: no new index entries). Expiry is at most this much early.
 */
export const TOUCH_MS = 60_000;

/** SHA-256 of a guest cart token, lower-case hex: what `cart.token_hash` stores. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A fresh guest cart token (256 random bits, base64url, 43 characters) and its {@link hashToken}. */
export function newGuestToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Constant-time comparison of a presented token with a stored SHA-256 hex hash; false when either is missing. */
export function tokenMatches(token: string | null, storedHash: string | null): boolean {
  if (!token || !storedHash) return false;
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** When the guest cart `row` expires (`ttlDays` days after its last activity); null for a customer cart. */
export function expiresAt(row: Owned, ttlDays: number): Date | null {
  if (row.userId !== null) return null;
  return new Date(new Date(row.lastActivityAt).getTime() + ttlDays * DAY_MS);
}

/**
 * The activity time at or before which a guest cart has expired at `now` with a lifetime of
 * `ttlDays` days, ISO 8601 UTC (a guest cart is live while `last_activity_at` is after it).
 */
export function expiredBefore(now: Date, ttlDays: number): string {
  return new Date(now.getTime() - ttlDays * DAY_MS).toISOString();
}

/**
 * Checks `access` to `row`: a customer cart needs its owner's sign-in, a guest cart its token
 * and activity within the last `ttlDays` days (at `now`, ms since the epoch).
 * @returns `row`.
 * @throws 404 CART.NOT_FOUND (no row or no access; existence not revealed), 404 CART.EXPIRED
 *   (guest cart idle too long).
 */
export function checkAccess<R extends Owned>(row: R | undefined, access: CartAccess, ttlDays: number, now = Date.now()): R {
  if (!row) throw CartErrors.notFound();
  if (row.userId !== null) {
    if (access.userId !== row.userId) throw CartErrors.notFound();
    return row;
  }
  if (!tokenMatches(access.token, row.tokenHash)) throw CartErrors.notFound();
  const at = expiresAt(row, ttlDays);
  if (at !== null && at.getTime() <= now) throw CartErrors.expired(ttlDays);
  return row;
}
