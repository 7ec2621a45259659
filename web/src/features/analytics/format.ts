/**
 * Locale formatting of analytics figures, on top of lib/format: money in minor units with its
 * currency, decimal ratios as percentages, signed changes, local calendar dates, and a KPI value by
 * its `unit`. Missing figures (null) show as an em dash.
 */
import { formatMoney, formatNumber } from '../../lib/format';
import type { KpiUnit } from './types';

const tag = (locale: string) => (locale === 'fr' ? 'fr-FR' : 'en-GB');
/** Shown for a figure the API could not compute (null). */
export const NONE = '—';

/** 1234 minor units of `currency` → "£12.34" / "12,34 £"; null → "—". */
export function money(amount: number | null | undefined, currency: string, locale: string): string {
  return amount === null || amount === undefined ? NONE : formatMoney({ amount, currency } as Parameters<typeof formatMoney>[0], locale);
}

/** Minor units → major units as a plain number (chart axes), by the currency's digits. */
export function major(amount: number | null | undefined, currency: string): number | null {
  if (amount === null || amount === undefined) return null;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return amount / 10 ** digits;
}

/** A compact money label for chart axes ("£12K"). */
export function compactMoney(value: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(tag(locale), { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A count with grouping; null → "—". Non-integers keep up to 2 decimals (units per transaction). */
export function count(n: number | null | undefined, locale: string): string {
  if (n === null || n === undefined) return NONE;
  return Number.isInteger(n) ? formatNumber(n, locale) : new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 2 }).format(n);
}

/** 0.953 → "95.3%" / "95,3 %"; null → "—". */
export function percent(ratio: number | null | undefined, locale: string): string {
  if (ratio === null || ratio === undefined) return NONE;
  return new Intl.NumberFormat(tag(locale), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/** 0.053 → "+5.3%", −0.02 → "−2%" (always signed); null → "—". */
export function signedPercent(ratio: number | null | undefined, locale: string): string {
  if (ratio === null || ratio === undefined) return NONE;
  return new Intl.NumberFormat(tag(locale), { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(ratio);
}

/** A KPI value by its {@link KpiUnit}: money, money per m² (money with the unit appended), a percentage for a share, a number with up to 2 decimals for a count or a quotient. */
export function kpiValue(value: number | null | undefined, unit: KpiUnit, currency: string, locale: string): string {
  if (value === null || value === undefined) return NONE;
  if (unit === 'money') return money(value, currency, locale);
  if (unit === 'money_per_m2') return `${money(value, currency, locale)}/m²`;
  if (unit === 'percent') return percent(value, locale);
  return count(value, locale);
}

/** A signed KPI difference (variance) by its unit: "+£12.00" / "−3". */
export function signedKpi(value: number | null | undefined, unit: KpiUnit, currency: string, locale: string): string {
  if (value === null || value === undefined) return NONE;
  const text = kpiValue(Math.abs(value), unit, currency, locale);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A local calendar date `YYYY-MM-DD` in the locale's medium style, without any time-zone shift. */
export function day(iso: string, locale: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

/** Today's date in UTC as `YYYY-MM-DD` (the API's default date). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive (local dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000) + 1;
}

/** An exchange rate (a decimal string, as every analytics answer sends it) with up to 6 decimals. */
export function rate(value: string, locale: string): string {
  return new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 6 }).format(Number(value));
}
