/** Back-office input helpers: money typed in major units, dates typed as local calendar days. */

function digits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "12.34" or "12,34" in `currency` → 1234 minor units; null when empty or not a number. */
export function toMinor(text: string, currency: string): number | null {
  const clean = text.trim().replace(/\s/g, '').replace(',', '.');
  if (clean === '' || !/^-?\d+(\.\d+)?$/.test(clean)) return null;
  return Math.round(Number(clean) * 10 ** digits(currency));
}

/** 1234 minor units in `currency` → "12.34" (an input value, not a display string). */
export function fromMinor(amount: number, currency: string): string {
  const d = digits(currency);
  return (amount / 10 ** d).toFixed(d);
}

/** A `YYYY-MM-DD` input value → the ISO instant at the start (or end) of that local day. */
export function dayToIso(day: string, end = false): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  const date = end ? new Date(y!, m! - 1, d!, 23, 59, 59, 999) : new Date(y!, m! - 1, d!);
  return date.toISOString();
}

/** An ISO instant → a `datetime-local` input value in local time. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` input value → ISO instant, or null when empty. */
export function localInputToIso(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}
