/**
 * Errors that refuse an Online Retail import as a whole (as opposed to rejected rows,
 * which are skipped and listed in the plan). Each carries a stable `code`.
 */

/** Stable codes of {@link ImportRefusedError}. */
export type ImportRefusedCode = 'IMPORT.MISSING_COLUMNS' | 'IMPORT.DATE_FORMAT_AMBIGUOUS' | 'IMPORT.EMPTY_FILE';

/**
 * The file cannot be imported at all; nothing was planned. `code` is stable and machine-readable
 * (`IMPORT.MISSING_COLUMNS`, `IMPORT.DATE_FORMAT_AMBIGUOUS`, `IMPORT.EMPTY_FILE`); `message` is a
 * sentence for a human. The HTTP layer should answer 422 with this code.
 */
export class ImportRefusedError extends Error {
  constructor(
    readonly code: ImportRefusedCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}

/** The header row lacks required columns (`missing`, in the canonical spelling); thrown before any data row is read. */
export class MissingColumnsError extends ImportRefusedError {
  constructor(
    readonly missing: string[],
    readonly found: string[],
  ) {
    super(
      'IMPORT.MISSING_COLUMNS',
      `The file is missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (header has: ${found.join(', ') || 'nothing'})`,
    );
    this.name = 'MissingColumnsError';
  }
}

/** Evidence gathered over the whole file when detecting the date format. */
export interface DateEvidence {
  /** Rows whose date is year-first (`2011-10-06 16:20:00`). */
  ymd: number;
  /** Slash dates readable only day-first (first number > 12). */
  dmyOnly: number;
  /** Slash dates readable only month-first (second number > 12). */
  mdyOnly: number;
  /** Slash dates readable both ways (both numbers ≤ 12). */
  ambiguous: number;
  /** Date fields that match no supported shape. */
  unreadable: number;
}

/**
 * The file does not say whether `01/02/2011` is 1 February or 2 January (every day-or-month number is ≤ 12
 * and no date is year-first), or it contradicts itself (some dates only readable day-first, others only
 * month-first), or it holds no readable date. The message tells the user to pass `--date-format dmy|mdy|ymd`.
 */
export class DateFormatAmbiguousError extends ImportRefusedError {
  constructor(
    readonly evidence: DateEvidence,
    reason: string,
  ) {
    super(
      'IMPORT.DATE_FORMAT_AMBIGUOUS',
      `Cannot tell the date format of InvoiceDate: ${reason}. Pass --date-format dmy|mdy|ymd ` +
        '(dmy = 31/12/2010 08:26, mdy = 12/31/2010 08:26, ymd = 2010-12-31 08:26:00).',
    );
    this.name = 'DateFormatAmbiguousError';
  }
}

/** The file has no header row, or a header and no data row. */
export class EmptyFileError extends ImportRefusedError {
  constructor(message: string) {
    super('IMPORT.EMPTY_FILE', message);
    this.name = 'EmptyFileError';
  }
}
