/**
 * Streaming CSV scan over csv-parse for the Online Retail import.
 *
 * The stream is never buffered whole: records are taken out of csv-parse as they come (with backpressure)
 * and handed to callbacks in file order.
 * Parser options that keep a bad row from aborting the stream:
 * - `relax_column_count`: a record with the wrong number of fields is emitted (flagged) and reported as bad;
 * - `relax_quotes`: a stray quote (`"6"X`, `BA"D`) is kept as text instead of throwing csv-parse into a
 *   state where it swallows the rest of the file; the field then usually fails validation, alone;
 * - `skip_records_with_error` + `on_skip`: a record csv-parse still cannot read (a quote left open at the
 *   end of a truncated file) is skipped and reported as bad, and parsing goes on.
 * Bytes are decoded as latin1 (one character per byte, so nothing is lost); text fields are turned back
 * into real text with `decodeField` (UTF-8 when valid, else Windows-1252). A UTF-8 BOM is dropped.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';

/** Callbacks of {@link scanCsv}. Any of them may throw to abort the scan (the error is rethrown). */
export interface ScanHandlers {
  /** The first record (raw latin1 strings). Called once, before any data row. */
  header(fields: string[]): void;
  /** A data record with as many fields as the header; `line` is its 1-based first line in the file. */
  row(fields: string[], line: number): void;
  /** A data record that cannot be read as a row (wrong field count, malformed or truncated CSV). */
  bad(line: number, reason: string): void;
}

/** What the scan saw besides the records. */
export interface ScanSummary {
  /** Whether a header record was found. */
  header: boolean;
  /** Data records reported through `row` or `bad`. */
  records: number;
  /** Bytes read from the source. */
  bytes: number;
}

/** Pass-through that counts bytes, remembers the last one and drops a leading UTF-8 BOM. */
export class ByteMeter extends Transform {
  bytes = 0;
  lastByte = -1;
  private head: Buffer | null = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (chunk.length > 0) this.lastByte = chunk[chunk.length - 1] as number;
    if (this.head === null) return callback(null, chunk);
    // Still deciding about the BOM: wait for 3 bytes.
    const buf = Buffer.concat([this.head, chunk]);
    if (buf.length < 3) {
      this.head = buf;
      return callback();
    }
    this.head = null;
    callback(null, buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf);
  }

  override _flush(callback: TransformCallback): void {
    if (this.head !== null && this.head.length > 0) this.push(this.head);
    this.head = null;
    callback();
  }
}

function describeCsvError(err: CsvError | undefined): string {
  if (!err) return 'malformed CSV';
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') return 'truncated: the file ends inside a quoted field (quote not closed)';
  // csv-parse messages look like "Invalid Closing Quote: got "x" at line 8 instead of delimiter, ..."
  const short = err.message.split(' instead of')[0] ?? err.message;
  return `malformed CSV (${err.code}): ${short}`;
}

/** Options of {@link scanCsv}. */
export interface ScanOptions {
  /** Progress: `report(records, bytes)` every `every` data records. */
  progress?: { every: number; report: (records: number, bytes: number) => void };
}

/** A record that is an empty or blank line (csv-parse yields `['']` / `['  ']` for it). */
const isBlankLine = (fields: string[]) => fields.length === 1 && (fields[0] as string).trim() === '';

/** Newlines inside a record's fields (a quoted field may span lines). */
function innerNewlines(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.length === 0) continue;
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** A record csv-parse skipped: it was reported after `afterRecords` emitted records, at `line`. */
interface Skip {
  afterRecords: number;
  line: number;
  reason: string;
}

/**
 * Streams `source` through csv-parse and calls the handlers in file order. Empty and blank lines are
 * ignored. A record with the wrong number of fields is reported as `wrong column count`, or as `truncated`
 * when it is the last record and the file does not end with a line break (the file was cut off mid-row).
 * Rejects with the first error a handler throws, or with a stream error of the source.
 *
 * Line numbers are counted here rather than with csv-parse's `info`/`on_record` (which build two objects
 * per record and cost about a third of the parse time): each emitted record takes one line plus the line
 * breaks inside its fields, and each record csv-parse skips (reported synchronously to `on_skip` with its
 * line, ahead of the records still buffered) puts the count back on csv-parse's own line number.
 */
export async function scanCsv(
  source: NodeJS.ReadableStream | Readable,
  handlers: ScanHandlers,
  options: ScanOptions = {},
): Promise<ScanSummary> {
  const { progress } = options;
  const every = progress?.every ?? 0;
  const meter = new ByteMeter();
  let header: string[] | null = null;
  let records = 0; // data records reported (rows + bad)
  let emitted = 0; // records taken out of the parser (header and blank lines included)
  let line = 0; // last line of the last record handled
  let lastSkipLine = 0;
  const skips: Skip[] = [];
  let nextSkip = 0;
  // A short/long record is held back until we know whether it is the file's last one.
  let pending: { line: number; count: number } | null = null;

  const flushPending = (truncated: boolean) => {
    if (!pending || !header) return;
    const { line: at, count } = pending;
    pending = null;
    handlers.bad(
      at,
      truncated && count < header.length
        ? `truncated: the file ends mid-row (${count} of ${header.length} fields)`
        : `wrong column count: ${count} fields, expected ${header.length}`,
    );
  };
  const handleSkips = (upTo: number) => {
    while (nextSkip < skips.length && (skips[nextSkip] as Skip).afterRecords <= upTo) {
      const skip = skips[nextSkip++] as Skip;
      if (header === null) {
        // The header itself is malformed: report it as a header without the required columns.
        header = [];
        handlers.header([]);
      }
      line = skip.line;
      if (skip.line !== 0 && skip.line === lastSkipLine) continue; // one record, several complaints
      lastSkipLine = skip.line;
      flushPending(false);
      records++;
      handlers.bad(skip.line, skip.reason);
    }
    if (nextSkip > 0 && nextSkip === skips.length) {
      skips.length = 0;
      nextSkip = 0;
    }
  };

  const parser = parse({
    encoding: 'latin1',
    bom: false,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      const at = (err as (CsvError & { lines?: number }) | undefined)?.lines ?? 0;
      skips.push({ afterRecords: parser.info.records, line: at, reason: describeCsvError(err) });
      return undefined;
    },
  });

  await pipeline(source as Readable, meter, parser, async (rows: AsyncIterable<string[]>) => {
    for await (const fields of rows) {
      handleSkips(emitted);
      emitted++;
      const start = line + 1;
      line = start + innerNewlines(fields);
      if (isBlankLine(fields)) continue;
      if (header === null) {
        header = fields;
        handlers.header(fields);
        continue;
      }
      flushPending(false);
      records++;
      if (fields.length !== header.length) pending = { line: start, count: fields.length };
      else handlers.row(fields, start);
      if (every > 0 && records % every === 0) progress?.report(records, parser.info.bytes);
    }
  });
  const skippedAtEnd = nextSkip < skips.length;
  handleSkips(Infinity);
  flushPending(!skippedAtEnd && meter.lastByte !== 0x0a && meter.lastByte !== 0x0d);
  return { header: header !== null, records, bytes: meter.bytes };
}
