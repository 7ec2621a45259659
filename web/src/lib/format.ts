/** Locale-aware formatting with Intl (numbers, dates, money in minor units). */
import type { Money } from './api';

const tag = (locale: string) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** `{amount: 1234, currency: 'GBP'}` → "£12.34" (en) / "12,34 £" (fr). Minor units → major with the currency's digits. */
export function formatMoney(money: Money, locale: string): string {
  const f = new Intl.NumberFormat(tag(locale), { style: 'currency', currency: money.currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(money.amount / 10 ** digits);
}

/** An ISO 8601 date-time in the locale's medium date + short time. */
export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** An integer in the locale's grouping. */
export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(tag(locale)).format(n);
}
