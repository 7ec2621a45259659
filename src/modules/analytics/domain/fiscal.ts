/**
 * Calendar arithmetic on local dates (`YYYY-MM-DD` strings, no time zone): fiscal years, months
 * and quarters, ISO 8601 weeks, and the periods the analytics read routes answer for, with
 * their previous period and the same period last year. Pure; dates are computed in UTC so no
 * daylight-saving shift can move a day.
 *
 * A fiscal year starts on the 1st of `fiscalYearStartMonth` (1–12) and is named by the calendar
 * year it starts in: with April, FY2026 runs 2026-04-01 to 2027-03-31.
 */

/** The grains of a period (`quarter` and `year` are fiscal; `week` is ISO 8601, Monday to Sunday). */
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom';

/** An inclusive range of local dates with a human label (`2026-03`, `2026-W09`, `FY2026 Q2`). */
export interface PeriodRange {
  from: string;
  to: string;
  label: string;
}

/** What defines a period: a grain and a date inside it (or, for `custom`, `from` and `to`). */
export interface PeriodInput {
  grain: Grain;
  /** Any local date inside the period (ignored for `custom`). */
  date?: string;
  /** First day of a `custom` period. */
  from?: string;
  /** Last day (inclusive) of a `custom` period. */
  to?: string;
  /** First month of the fiscal year, 1–12 (default 1). */
  fiscalYearStartMonth?: number;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD` (`2026-02-30` is not). */
export function isLocalDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** `[year, month (1–12), day]` of a local date. @throws RangeError when `s` is not a valid `YYYY-MM-DD`. */
export function parts(s: string): [number, number, number] {
  if (!isLocalDate(s)) throw new RangeError(`The date ${s} is not written YYYY-MM-DD`);
  return [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
}

/** The local date `YYYY-MM-DD` of year, month (1–12; overflow rolls into the next/previous years) and day. */
export function localDate(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.toISOString().slice(0, 10);
}

/** Days in a calendar month (February: 29 in leap years). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `date` plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive (1 for the same day; ≤ 0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS) + 1;
}

/** `date` moved by `months` calendar months, the day clamped to the target month's length (2024-02-29 − 12 months → 2023-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return localDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/** The first day (`YYYY-MM-01`) of the calendar month of `date`. */
export function monthStartOf(date: string): string {
  const [y, m] = parts(date);
  return localDate(y, m, 1);
}

/** The last day of the calendar month of `date` (28–31). */
export function monthEndOf(date: string): string {
  const [y, m] = parts(date);
  return localDate(y, m, daysInMonth(y, m));
}

/** The fiscal year (named by the calendar year it starts in) that contains `date`. */
export function fiscalYearOf(date: string, fiscalYearStartMonth = 1): number {
  const [y, m] = parts(date);
  return m >= fiscalYearStartMonth ? y : y - 1;
}

/** The fiscal month (1 = the fiscal year's first month) of `date`. */
export function fiscalMonthOf(date: string, fiscalYearStartMonth = 1): number {
  const [, m] = parts(date);
  return ((m - fiscalYearStartMonth + 12) % 12) + 1;
}

/** The fiscal quarter (1–4) of `date`: fiscal months 1–3 are Q1. */
export function fiscalQuarterOf(date: string, fiscalYearStartMonth = 1): number {
  return Math.ceil(fiscalMonthOf(date, fiscalYearStartMonth) / 3);
}

/** First day (`YYYY-MM-01`) of fiscal month `fiscalMonth` (1–12) of fiscal year `fiscalYear`. */
export function monthOfFiscal(fiscalYear: number, fiscalMonth: number, fiscalYearStartMonth = 1): string {
  return localDate(fiscalYear, fiscalYearStartMonth + fiscalMonth - 1, 1);
}

/** The first days (`YYYY-MM-01`) of the 12 calendar months of a fiscal year, in fiscal order. */
export function monthsOfFiscalYear(fiscalYear: number, fiscalYearStartMonth = 1): string[] {
  return Array.from({ length: 12 }, (_, i) => monthOfFiscal(fiscalYear, i + 1, fiscalYearStartMonth));
}

/** The inclusive range of fiscal year `fiscalYear`. */
export function fiscalYearRange(fiscalYear: number, fiscalYearStartMonth = 1): { from: string; to: string } {
  return { from: monthOfFiscal(fiscalYear, 1, fiscalYearStartMonth), to: addDays(monthOfFiscal(fiscalYear + 1, 1, fiscalYearStartMonth), -1) };
}

/**
 * The ISO 8601 week of `date`: weeks start on Monday and week 1 holds the year's first Thursday,
 * so a year has 52 or 53 weeks and 2026-01-01 may belong to the ISO year before.
 * @returns `{ year, week, monday }` (the ISO year, 1–53, and the week's Monday).
 */
export function isoWeekOf(date: string): { year: number; week: number; monday: string } {
  const [y, m, d] = parts(date);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(date, -weekday);
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((daysBetween(`${year}-01-01`, thursday) - 1) / 7) + 1;
  return { year, week, monday };
}

/** The Monday of ISO week `week` of ISO year `year` (week 53 of a 52-week year is week 1 of the next). */
export function mondayOfIsoWeek(year: number, week: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(isoWeekOf(jan4).monday, (week - 1) * 7);
}

/** Number of ISO weeks (52 or 53) in ISO year `year`: 53 when 28 December falls in week 53. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).week;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `FY2026`: the fiscal year's name, the same whatever month it starts in (the read API's labels). */
function fiscalLabel(fiscalYear: number): string {
  return `FY${fiscalYear}`;
}

function startOf(input: PeriodInput): number {
  const s = input.fiscalYearStartMonth ?? 1;
  if (!Number.isInteger(s) || s < 1 || s > 12) throw new RangeError(`The fiscal year start month ${s} is not 1–12`);
  return s;
}

/**
 * The inclusive range of the period of `grain` that contains `date`, or `from`–`to` for `custom`:
 * day; ISO week (Monday–Sunday, label `2026-W09`); calendar month (`2026-03`); fiscal quarter
 * (`FY2026 Q1`); fiscal year (`FY2026`, also when it starts in January); custom
 * (`2026-03-01..2026-03-15`).
 * @throws RangeError when a date is missing or invalid, or a custom `to` is before its `from`.
 */
export function periodRange(input: PeriodInput): PeriodRange {
  const start = startOf(input);
  if (input.grain === 'custom') {
    if (!input.from || !input.to) throw new RangeError('A custom period needs from and to');
    parts(input.from);
    parts(input.to);
    if (input.to < input.from) throw new RangeError(`The period ends (${input.to}) before it starts (${input.from})`);
    return { from: input.from, to: input.to, label: `${input.from}..${input.to}` };
  }
  if (!input.date) throw new RangeError(`A ${input.grain} period needs a date`);
  const date = input.date;
  const [y, m] = parts(date);
  switch (input.grain) {
    case 'day':
      return { from: date, to: date, label: date };
    case 'week': {
      const { year, week, monday } = isoWeekOf(date);
      return { from: monday, to: addDays(monday, 6), label: `${year}-W${pad2(week)}` };
    }
    case 'month':
      return { from: localDate(y, m, 1), to: localDate(y, m, daysInMonth(y, m)), label: `${y}-${pad2(m)}` };
    case 'quarter': {
      const fy = fiscalYearOf(date, start);
      const q = fiscalQuarterOf(date, start);
      const from = monthOfFiscal(fy, (q - 1) * 3 + 1, start);
      return { from, to: addDays(addMonths(from, 3), -1), label: `${fiscalLabel(fy)} Q${q}` };
    }
    case 'year': {
      const fy = fiscalYearOf(date, start);
      return { ...fiscalYearRange(fy, start), label: fiscalLabel(fy) };
    }
    default:
      throw new RangeError(`Unknown grain ${String(input.grain)}`);
  }
}

/**
 * The period just before: the previous day, ISO week, month, fiscal quarter or fiscal year; for
 * `custom`, the range of the same number of days ending the day before `from`.
 * @throws RangeError like {@link periodRange}.
 */
export function previousPeriod(input: PeriodInput): PeriodRange {
  const current = periodRange(input);
  if (input.grain === 'custom') {
    const days = daysBetween(current.from, current.to);
    const to = addDays(current.from, -1);
    return periodRange({ ...input, from: addDays(to, -(days - 1)), to });
  }
  return periodRange({ ...input, date: addDays(current.from, -1) });
}

/**
 * The same period one year earlier: the same date (29 February → 28 February); the same ISO week
 * number of the previous ISO year (week 53 → week 52 when that year has only 52); the same
 * month; the same fiscal quarter or fiscal year of the previous fiscal year; for `custom`, both
 * ends moved back 12 months (day clamped to the month's length).
 * @throws RangeError like {@link periodRange}.
 */
export function samePeriodLastYear(input: PeriodInput): PeriodRange {
  const current = periodRange(input);
  switch (input.grain) {
    case 'custom':
      return periodRange({ ...input, from: addMonths(current.from, -12), to: addMonths(current.to, -12) });
    case 'week': {
      const { year, week } = isoWeekOf(current.from);
      const lastYear = year - 1;
      return periodRange({ ...input, date: mondayOfIsoWeek(lastYear, Math.min(week, isoWeeksInYear(lastYear))) });
    }
    default:
      return periodRange({ ...input, date: addMonths(current.from, -12) });
  }
}
