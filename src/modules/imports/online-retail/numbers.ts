/**
 * Number parsing for the Online Retail import, done on the decimal text — never through floating point.
 */

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;
/** Integer part digits accepted for a price: beyond this the value could not be a safe integer of pence. */
const MAX_INTEGER_DIGITS = 13;

/** Result of {@link parseMoney}: the amount in minor units, or why the text is not a price. */
export type MoneyResult =
  | { ok: true; minor: number; negative: boolean }
  | { ok: false; reason: 'unparsable' | 'too large' };

/**
 * Converts a decimal amount in pounds (`"2.55"`, `"18"`, `"0.001"`, `"1.6500000000000001"`) to integer
 * minor units (pence) from its digits, without floats. More than two decimals are rounded half-up on the
 * magnitude (the third decimal decides: `2.555` → 256, `2.5549` → 255, `0.001` → 0,
 * `1.6500000000000001` → 165). `negative` is true when the written value is below zero (`-0.001` is
 * negative even though it rounds to 0). Exponents, thousands separators and currency signs are refused.
 */
export function parseMoney(text: string): MoneyResult {
  const m = DECIMAL.exec(text.trim());
  if (!m) return { ok: false, reason: 'unparsable' };
  const sign = m[1] as string;
  const intDigits = m[2] as string;
  const decimals = m[3] ?? '';
  if (intDigits.length === 0 && decimals.length === 0) return { ok: false, reason: 'unparsable' };
  const significant = intDigits.replace(/^0+/, '');
  if (significant.length > MAX_INTEGER_DIGITS) return { ok: false, reason: 'too large' };
  const pounds = significant.length === 0 ? 0 : Number(significant);
  const pence = decimals.length === 0 ? 0 : decimals.length === 1 ? Number(decimals) * 10 : Number(decimals.slice(0, 2));
  const roundUp = decimals.length > 2 && decimals.charCodeAt(2) >= 53 /* '5' */ ? 1 : 0;
  const magnitude = pounds * 100 + pence + roundUp;
  const negative = sign === '-' && /[1-9]/.test(intDigits + decimals);
  return { ok: true, minor: negative ? -magnitude : magnitude, negative };
}

/** Result of {@link parseQuantity}. */
export type QuantityResult = { ok: true; value: number } | { ok: false; reason: 'unparsable' | 'not an integer' };

const INTEGER = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/**
 * Parses Quantity as a signed integer. An integral value written with zero decimals (`"6.0"`, as
 * spreadsheet exports do) is accepted; `"2.5"` is `not an integer`; anything else (or beyond
 * ±9,007,199,254,740,991) is `unparsable`.
 */
export function parseQuantity(text: string): QuantityResult {
  const m = INTEGER.exec(text.trim());
  if (!m) return { ok: false, reason: 'unparsable' };
  if (m[3] !== undefined && /[1-9]/.test(m[3])) return { ok: false, reason: 'not an integer' };
  const value = Number(m[2]);
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'unparsable' };
  return { ok: true, value: m[1] === '-' && value !== 0 ? -value : value };
}

/** Result of {@link normaliseCustomerId}: the id (null when the field is empty) or an error. */
export type CustomerIdResult = { ok: true; id: string | null } | { ok: false };

const NUMERIC_ID = /^(\d+)(?:\.0*)?$/;
const FRACTIONAL = /^\d*\.\d+$/;

/**
 * Normalises CustomerID: trimmed; an integral number written as a float by pandas (`"12923.0"`) loses its
 * decimals (`"12923"`); empty → null (guest). A fractional number (`"12923.5"`) is refused; any other
 * non-empty text is kept as written.
 */
export function normaliseCustomerId(text: string): CustomerIdResult {
  const t = text.trim();
  if (t.length === 0) return { ok: true, id: null };
  const m = NUMERIC_ID.exec(t);
  if (m) return { ok: true, id: m[1] as string };
  if (FRACTIONAL.test(t)) return { ok: false };
  return { ok: true, id: t };
}
