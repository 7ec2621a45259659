/**
 * Card-number arithmetic: normalisation, the Luhn checksum, brand detection and the safe
 * summary (brand + last 4) that is the only part of a card the module ever keeps. Pure.
 */

/** Card networks recognised from the number's prefix (IIN ranges). */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

/** `raw` without whitespace (`"4242 4242 4242 4242"` → `"4242424242424242"`). */
export function normalizeCardNumber(raw: string): string {
  return raw.replace(/\s+/g, '');
}

/** True when `digits` is 12–19 ASCII digits with a valid Luhn (mod 10) checksum. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card network of a (normalised) number, `unknown` when no known prefix matches. */
export function cardBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  return 'unknown';
}

/**
 * What may be stored about a card: its brand and last 4 digits; null when `raw` is not 12–19
 * digits (spaces ignored). Never returns more of the number.
 */
export function cardSummary(raw: string): { brand: CardBrand; last4: string } | null {
  const digits = normalizeCardNumber(raw);
  if (!/^\d{12,19}$/.test(digits)) return null;
  return { brand: cardBrand(digits), last4: digits.slice(-4) };
}

/** Four-digit year of a card expiry (`27` → 2027). */
export function expiryYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}

/** True when a card expiring at the end of `month`/`year` has expired at `now` (UTC). */
export function isExpired(month: number, year: number, now: Date): boolean {
  const y = expiryYear(year);
  const currentYear = now.getUTCFullYear();
  const currentMonth = now.getUTCMonth() + 1;
  return y < currentYear || (y === currentYear && month < currentMonth);
}
