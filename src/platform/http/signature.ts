import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: header `comptoir-signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where
 * the HMAC (keyed with the webhook secret) is over the bytes `"<t>." + <raw body>`. Several `v1`
 * entries may be given (secret rotation); one match is enough. Pure.
 */

/** Name of the signature header (lower case, as Node exposes headers). */
export const SIGNATURE_HEADER = 'comptoir-signature';

/** Largest accepted distance between the signed timestamp and now, in seconds (5 minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: number, rawBody: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/**
 * The signature header value for `rawBody` signed at `timestamp` (unix seconds) with `secret`:
 * `t=<timestamp>,v1=<hex>`. Providers (and tests) use it to sign what they send.
 */
export function signPayload(secret: string, rawBody: Buffer | string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, rawBody).toString('hex')}`;
}

/** Why a signature was refused. */
export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch';

/**
 * Checks `header` against `rawBody`: it must parse, its timestamp must be within
 * `toleranceSeconds` of `nowSeconds` (either way), and one `v1` must equal the expected HMAC
 * (compared in constant time).
 * @returns null when valid, else what is wrong.
 */
export function signatureProblem(
  header: string | undefined,
  rawBody: Buffer | string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureProblem | null {
  if (!header) return 'missing';
  if (header.length > 2048) return 'malformed';
  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return 'malformed';
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return 'malformed';
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return 'malformed';
      candidates.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || candidates.length === 0) return 'malformed';
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'stale';
  const expected = hmac(secret, timestamp, rawBody);
  let match = false;
  for (const candidate of candidates) {
    // Every candidate is compared (no early exit), each in constant time.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) match = true;
  }
  return match ? null : 'mismatch';
}
