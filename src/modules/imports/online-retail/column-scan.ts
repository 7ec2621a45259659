/**
 * Fast single-column scan for the date-detection pass (pass 1) of the Online Retail import.
 *
 * Pass 1 only needs the header and the InvoiceDate of each row, so instead of building every field of every
 * record with csv-parse it runs a small RFC 4180 state machine over the bytes and materialises just the
 * header fields and the one wanted column, a fraction of a full csv-parse pass (figures in
 * bench/README.md, "Findings"). Pass 2, which produces the plan and the line numbers, parses with
 * csv-parse; pass 1's result is only evidence, and pass 2 re-validates every date under the chosen format.
 *
 * It reads CSV the way `csv-reader.ts` configures csv-parse: `,` delimiter, `"` quotes with `""` escapes,
 * line breaks (`\n`, `\r\n`, `\r`) inside quotes kept, stray quotes inside an unquoted field kept as text
 * (`relax_quotes`), blank lines ignored, a UTF-8 BOM dropped, records with a field count different from
 * the header's ignored (they are rejected in pass 2).
 */
import type { Readable } from 'node:stream';

/** Callbacks of {@link scanColumn}; either may throw to abort the scan. */
export interface ColumnHandlers {
  /** The header fields (raw latin1 strings); returns the index of the column to extract. */
  header(fields: string[]): number;
  /** The extracted column of a data record that has as many fields as the header. */
  value(text: string): void;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

// Parser states.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3; // a quote inside a quoted field: closing, or the first half of `""`

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.charCodeAt(0) === QUOTE && raw.charCodeAt(raw.length - 1) === QUOTE) {
    return raw.slice(1, -1).replace(/""/g, '"');
  }
  return raw;
}

/**
 * Streams `source` and hands the header and one column of each well-formed data record to the handlers.
 * Returns whether a header was found, how many data records (blank lines excluded) followed, and the bytes
 * read. `progress.report(records, bytes)` is called every `progress.every` data records.
 */
export async function scanColumn(
  source: NodeJS.ReadableStream | Readable,
  handlers: ColumnHandlers,
  progress?: { every: number; report: (records: number, bytes: number) => void },
): Promise<{ header: boolean; records: number; bytes: number }> {
  const every = progress?.every ?? 0;
  let bytes = 0;
  let headerFields: string[] | null = []; // collecting the header until its first record ends
  let want = -1;
  let width = 0;
  let records = 0;
  let state = FIELD_START;
  let field = 0; // index of the current field in the record
  let capturing = true; // the current field is wanted (any header field, or column `want`)
  let content = false; // the record has a byte other than space/tab
  let skipLf = false; // the previous record ended with \r: a following \n belongs to it
  let carried = ''; // start of the current captured field, from previous chunks
  let captured: string | null = null; // the wanted column of the current record

  const endField = (text: string) => {
    if (headerFields !== null) headerFields.push(unquote(text));
    else captured = unquote(text);
  };
  const endRecord = () => {
    if (field === 0 && !content) {
      // Blank line (before the header: forget the empty field it produced).
      if (headerFields !== null) headerFields = [];
    } else if (headerFields !== null) {
      const fields = headerFields;
      headerFields = null;
      width = fields.length;
      want = handlers.header(fields);
    } else {
      records++;
      if (field + 1 === width && captured !== null) handlers.value(captured);
      if (every > 0 && records % every === 0) progress?.report(records, bytes);
    }
    field = 0;
    capturing = headerFields !== null || want === 0;
    content = false;
    captured = null;
    state = FIELD_START;
  };

  const feed = (chunk: Buffer) => {
    const n = chunk.length;
    let start = 0; // start of the current field in this chunk
    for (let i = 0; i < n; i++) {
      const c = chunk[i] as number;
      if (state === QUOTED) {
        if (c === QUOTE) state = QUOTE_IN_QUOTED;
        continue;
      }
      if (c > COMMA) {
        // Fast path: letters, digits, most punctuation.
        content = true;
        skipLf = false;
        if (state !== UNQUOTED) state = UNQUOTED;
        continue;
      }
      if (skipLf) {
        skipLf = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (c === COMMA || c === LF || c === CR) {
        if (capturing) endField(carried + chunk.toString('latin1', start, i));
        carried = '';
        start = i + 1;
        if (c === COMMA) {
          field++;
          capturing = headerFields !== null || field === want;
          content = true;
          state = FIELD_START;
        } else {
          endRecord();
          skipLf = c === CR;
        }
        continue;
      }
      if (c !== SPACE && c !== TAB) content = true;
      if (state === FIELD_START) state = c === QUOTE ? QUOTED : UNQUOTED;
      else if (state === QUOTE_IN_QUOTED) state = c === QUOTE ? QUOTED : UNQUOTED;
    }
    if (capturing) carried += chunk.toString('latin1', start, n);
  };

  let head: Buffer | null = Buffer.alloc(0); // the first bytes, until we know whether they are a BOM
  for await (const data of source as AsyncIterable<Buffer | string>) {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    bytes += chunk.length;
    if (head === null) {
      feed(chunk);
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < 3) continue;
    feed(head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head);
    head = null;
  }
  if (head !== null) feed(head);
  // A last record without a final line break (a truncated file ends this way).
  if (field > 0 || content || carried.length > 0) {
    if (state !== QUOTED && capturing) endField(carried);
    if (state === QUOTED) captured = null; // cut inside a quoted field: not evidence
    endRecord();
  }
  return { header: headerFields === null, records, bytes };
}
