import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';

/** A CSV cell: text, a number (written as is), or empty (null/undefined). */
export type CsvValue = string | number | null | undefined;

/** First characters that make a spreadsheet read a text cell as a formula (OWASP "CSV Injection"): = + - @ tab CR. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain decimal number (`-15.00`, `+3`): read as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A text as a spreadsheet must show it: one starting with = + - @ tab or CR gets a leading `'`
 * so that spreadsheets show it as text instead of running it as a formula (OWASP CSV injection
 * guidance); a plain decimal number (a negative amount `-15.00`) is left as it is. For CSV cells
 * and the text cells of XLSX files alike.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One CSV cell (RFC 4180): a text {@link neutralise}d, then, when it holds `"`, `,`, CR or LF,
 * quoted with its quotes doubled. Numbers are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record: the cells joined by commas, ended by CRLF. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Minor-unit digits per currency, looked up once (an `Intl.NumberFormat` per cell costs more than the rest of the cell). */
const DIGITS = new Map<string, number>();

/** A money amount of `currency` in major units as a decimal string (`1999` GBP → `19.99`, `500` JPY → `500`). */
export function majorUnits(amount: number, currency: string): string {
  let digits = DIGITS.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    DIGITS.set(currency, digits);
  }
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`;
}

/**
 * Reads a table in pages by keyset: `page(after)` answers up to one batch after the key `after`
 * (null: from the start) and `keyOf` gives a row's key; yields the rows until a page comes back
 * short. Only one page is held at a time.
 */
export async function* keysetPages<R, K>(page: (after: K | null) => Promise<R[]>, keyOf: (row: R) => K, batchSize: number): AsyncGenerator<R[]> {
  let after: K | null = null;
  for (;;) {
    const rows = await page(after);
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}

/** Rows fetched per query by the CSV exports. */
export const EXPORT_BATCH_SIZE = 500;

/** The OpenAPI description of a CSV export's 200 answer (`text/csv`, streamed). */
export const CsvResponse = { description: 'CSV (RFC 4180, UTF-8 with a byte order mark, CRLF), streamed in batches', content: { 'text/csv': { schema: Type.String() } } };

/**
 * Streams a CSV download: a UTF-8 byte order mark (so spreadsheets read accents right), the
 * `header` line, then the records of each batch `batches` yields as it is read (no whole-table
 * buffer: the answer is chunked and the next batch is read when the client has taken the last).
 * `Content-Disposition: attachment; filename=<filename>`, `Cache-Control: no-store`.
 */
export function sendCsv(reply: FastifyReply, filename: string, header: readonly string[], batches: AsyncIterable<CsvValue[][]>): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(csvChunks(header, batches)));
}

/** The chunks of a CSV file: a UTF-8 byte order mark and the `header` line, then one chunk per batch of records. */
export async function* csvChunks(header: readonly string[], batches: AsyncIterable<CsvValue[][]>): AsyncGenerator<string> {
  yield `\ufeff${csvLine(header)}`;
  for await (const batch of batches) yield batch.map(csvLine).join('');
}
