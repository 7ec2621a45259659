/**
 * InvoiceDate parsing and date-format detection for the Online Retail import.
 *
 * Supported shapes (surrounding whitespace ignored; seconds optional; time optional → midnight):
 * - `ymd`: `2011-10-06 16:20:00`, `2011/10/06 16:20`, `2011-10-06T16:20:00Z` — the year has 4 digits.
 * - `dmy`: `01/12/2010 08:26` (1 December 2010); separators `/`, `.` or `-`.
 * - `mdy`: `12/01/2010 08:26` (1 December 2010); same separators.
 * - two-digit years in `dmy`/`mdy`: `01/12/10 08:26` → 2010 (00–69 → 2000–2069, 70–99 → 1970–1999).
 *
 * Time zone: the source (UCI Online Retail) records UK local wall-clock time without a zone. The wall-clock
 * time is taken as UTC, so `01/12/2010 08:26` becomes `2010-12-01T08:26:00.000Z`; British Summer Time is
 * not applied (a summer `08:26` is really 07:26Z). This keeps the date and time of day exactly as written.
 */
import { DateFormatAmbiguousError, type DateEvidence } from './errors.js';

/** Order of day, month and year in InvoiceDate: day-first, month-first, or year-first (ISO-like). */
export type DateFormat = 'dmy' | 'mdy' | 'ymd';

/** The accepted values of `--date-format` / `options.dateFormat`. */
export const DATE_FORMATS: readonly DateFormat[] = ['dmy', 'mdy', 'ymd'];

const YEAR_FIRST = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?)?$/;
const YEAR_LAST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

function fullYear(digits: string): number {
  const y = Number(digits);
  if (digits.length === 4) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

/** Epoch milliseconds of a calendar date and wall-clock time taken as UTC, or null if any part is out of range. */
function toEpoch(year: number, month: number, day: number, h: string | undefined, m: string | undefined, s: string | undefined): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const hour = h === undefined ? 0 : Number(h);
  const minute = m === undefined ? 0 : Number(m);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * Parses an InvoiceDate under a known format. Returns epoch milliseconds (wall-clock time taken as UTC,
 * see the module comment), or null when the text does not match the format or is not a real date/time.
 */
export function parseInvoiceDate(text: string, format: DateFormat): number | null {
  const t = text.trim();
  if (format === 'ymd') {
    const m = YEAR_FIRST.exec(t);
    if (!m) return null;
    return toEpoch(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6]);
  }
  const m = YEAR_LAST.exec(t);
  if (!m) return null;
  const first = Number(m[1]);
  const second = Number(m[2]);
  const year = fullYear(m[3] as string);
  return format === 'dmy'
    ? toEpoch(year, second, first, m[4], m[5], m[6])
    : toEpoch(year, first, second, m[4], m[5], m[6]);
}

/** What one date field says about the file's format. */
export type DateClue = 'ymd' | 'dmy' | 'mdy' | 'ambiguous' | 'unreadable';

/** Classifies one InvoiceDate: year-first, readable only day-first, only month-first, both ways, or not at all. */
export function classifyDate(text: string): DateClue {
  const t = text.trim();
  if (YEAR_FIRST.test(t)) return parseInvoiceDate(t, 'ymd') === null ? 'unreadable' : 'ymd';
  if (!YEAR_LAST.test(t)) return 'unreadable';
  const dmy = parseInvoiceDate(t, 'dmy') !== null;
  const mdy = parseInvoiceDate(t, 'mdy') !== null;
  if (dmy && mdy) return 'ambiguous';
  if (dmy) return 'dmy';
  if (mdy) return 'mdy';
  return 'unreadable';
}

/** Empty evidence counters. */
export function emptyEvidence(): DateEvidence {
  return { ymd: 0, dmyOnly: 0, mdyOnly: 0, ambiguous: 0, unreadable: 0 };
}

/** Adds one classified date to the evidence. */
export function addClue(evidence: DateEvidence, clue: DateClue): void {
  switch (clue) {
    case 'ymd': evidence.ymd++; break;
    case 'dmy': evidence.dmyOnly++; break;
    case 'mdy': evidence.mdyOnly++; break;
    case 'ambiguous': evidence.ambiguous++; break;
    default: evidence.unreadable++;
  }
}

/**
 * Decides the file's date format from the evidence of ALL its rows. Never guesses:
 * - year-first dates present and at least as many as day/month dates → `ymd`;
 * - otherwise day/month dates decide: some only readable day-first (a first number > 12) and none only
 *   month-first → `dmy`; the reverse → `mdy`;
 * - every day/month date readable both ways (all first and second numbers ≤ 12) and no year-first date,
 *   both kinds of proof present (contradiction), or no readable date at all → throws.
 * Rows in the minority shape of a mixed file are later rejected as not matching the detected format.
 * @throws DateFormatAmbiguousError (code `IMPORT.DATE_FORMAT_AMBIGUOUS`), message naming `--date-format dmy|mdy|ymd`.
 */
export function decideDateFormat(evidence: DateEvidence): DateFormat {
  const dayMonth = evidence.dmyOnly + evidence.mdyOnly + evidence.ambiguous;
  if (evidence.ymd > 0 && evidence.ymd >= dayMonth) return 'ymd';
  if (dayMonth === 0) throw new DateFormatAmbiguousError(evidence, 'no row has a readable date');
  if (evidence.dmyOnly > 0 && evidence.mdyOnly > 0) {
    throw new DateFormatAmbiguousError(
      evidence,
      `${evidence.dmyOnly} dates can only be day-first and ${evidence.mdyOnly} can only be month-first`,
    );
  }
  if (evidence.dmyOnly > 0) return 'dmy';
  if (evidence.mdyOnly > 0) return 'mdy';
  throw new DateFormatAmbiguousError(
    evidence,
    `all ${evidence.ambiguous} dates have day and month ≤ 12, so day-first and month-first both fit`,
  );
}
