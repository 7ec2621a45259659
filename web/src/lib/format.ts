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

/** An ISO 3166-1 alpha-2 country code as its name in the UI language (`GB` → "United Kingdom" / "Royaume-Uni"); the code when unknown. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([tag(locale)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A postal address as orders carry it (country: ISO 3166-1 alpha-2). */
export interface PostalAddress {
  firstName: string;
  lastName: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
}

/**
 * The lines of `address` in its country's postal order, country by name last:
 * GB, IE and the Crown dependencies put the town and the postcode on lines of their own (Royal
 * Mail's addressing guidance); the US, Canada and Australia write "town postcode"; elsewhere
 * (most of Europe) "postcode town".
 */
export function addressLines(address: PostalAddress, locale: string): string[] {
  const own = ['GB', 'IE', 'IM', 'JE', 'GG'].includes(address.country);
  const cityLine = own ? [address.city, address.postalCode] : ['US', 'CA', 'AU'].includes(address.country) ? [`${address.city} ${address.postalCode}`] : [`${address.postalCode} ${address.city}`];
  return [`${address.firstName} ${address.lastName}`, address.line1, ...(address.line2 ? [address.line2] : []), ...cityLine, countryName(address.country, locale)]
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
