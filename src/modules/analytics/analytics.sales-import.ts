/**
 * Generic POS sales import: a CSV file of sale lines from many stores plus a JSON mapping that
 * says which column is what. Streamed with csv-parse in one pass and never held whole in memory:
 * 1. (only when the mapping has no `dateFormat`) a single-column scan of the dates decides the
 *    format or refuses the file as ambiguous (the Online Retail import's detection, shared
 *    through the imports module);
 * 2. the parse pass turns rows into sale lines and COPYs them into a temporary table of the
 *    import's own connection; it refuses the whole file (a date more than a day in the future, a
 *    negative cost, no data row) before anything outside that table is written;
 * 3. the staged lines go into the fact table in transactions of {@link BATCH_LINES} lines, one
 *    `INSERT … SELECT` each (unknown stores/regions/products created in the first one with
 *    `createMissing`).
 * Rows that cannot be read (bad number, missing value, unknown store or product without
 * `createMissing`, wrong field count) are rejected with their line number and a stable code; the
 * other rows are imported. Every line has a `sourceKey`, so a re-import inserts nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse, type Options } from 'csv-parse';
import { eq, inArray, sql } from 'drizzle-orm';
import { rows, type Database, type Executor, type Session } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { addClue, classifyDate, decideDateFormat, emptyEvidence, ImportRefusedError, parseInvoiceDate, scanColumn, type DateClue, type DateFormat } from '../imports/index.js';
import { AnalyticsErrors, type RejectCode, type RejectedRow } from './analytics.errors.js';
import { appendSaleLinesFrom } from './analytics.facts.js';
import { companyId } from './analytics.organisation.js';
import { createMissingProducts, type ProductDimensionRow } from './analytics.products.js';
import { instantOfWallClock, isTimeZone, wallClockMs } from './analytics.time.js';
import { region, store } from './db/schema.js';
import { divideRounded, roundMoney } from './domain/money.js';

/** Lines per write transaction. */
export const BATCH_LINES = 50_000;
/** Rejected rows listed in a report (the count is always complete). */
export const MAX_REJECTED_LISTED = 100_000;

const Column = Type.String({ minLength: 1, maxLength: 200 });

/**
 * The mapping of a sales CSV (JSON). `columns` names the header of each field: `store`, `date`,
 * `sku`, `quantity` and exactly one of `unitPrice` / `lineAmount` are required; at most one of
 * `unitCost` / `lineCost`. Amounts are decimals in the major unit of `currency` (`12.50`); a
 * quantity is an integer (negative = return). `dateFormat` (`iso` = year first, `day-first`,
 * `month-first`) skips detection; without it the whole file decides, and a file that cannot
 * tell is refused. Dates are the store's local time in `timeZone` (a date without time = local
 * midnight). With `amountsIncludeTax`, `taxRate` (a decimal, 0.2 = 20 %) splits each amount into
 * net revenue and tax; otherwise amounts are net and tax is 0. With `costOnlyWhen`, a row's cost
 * is used only when its column `column` equals `equals` exactly; the other rows get a null cost
 * (their revenue counts, but they are left out of gross margin and margin %, like any line of
 * unknown cost). `country` (ISO 3166-1 alpha-2) is given to stores created by the import.
 */
export const SalesMapping = Type.Object(
  {
    columns: Type.Object(
      {
        store: Column, date: Column, sku: Column, quantity: Column,
        unitPrice: Type.Optional(Column), lineAmount: Type.Optional(Column),
        unitCost: Type.Optional(Column), lineCost: Type.Optional(Column),
        category: Type.Optional(Column), customer: Type.Optional(Column), receipt: Type.Optional(Column),
        storeName: Type.Optional(Column), city: Type.Optional(Column), region: Type.Optional(Column), productName: Type.Optional(Column),
      },
      { additionalProperties: false },
    ),
    dateFormat: Type.Optional(Type.Union([Type.Literal('iso'), Type.Literal('day-first'), Type.Literal('month-first')])),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    timeZone: Type.String({ minLength: 1 }),
    amountsIncludeTax: Type.Optional(Type.Boolean()),
    taxRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    costOnlyWhen: Type.Optional(Type.Object({ column: Column, equals: Type.String() }, { additionalProperties: false })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  { additionalProperties: false },
);
/** See {@link SalesMapping}. */
export type SalesMapping = Static<typeof SalesMapping>;

/** Options of a sales import: `createMissing` creates unknown stores, regions and products instead of rejecting their rows. */
export interface SalesImportOptions {
  createMissing?: boolean;
  /** Called as the file is read (every 20,000 staged lines) and after each written batch, with the lines read so far. */
  onProgress?: (read: number) => void;
}

/** A row left out of the import: 1-based line of the file, stable code, human reason. */
export type RejectedSaleRow = RejectedRow;

/**
 * What a sales import did. `read` data rows; `imported` new sale lines; `duplicates` lines already
 * stored (a re-import; identical rows of one file are distinct lines); `rejected` rows with line and reason (at most
 * {@link MAX_REJECTED_LISTED} listed, `rejectedCount` counts them all); `created*` how many
 * stores, regions and products `createMissing` added. `batches`: how many were `written` of
 * `BATCH_LINES` lines each; when one failed, `failure` names it and its line range — the
 * batches before it stay written (re-running the import after fixing the cause completes it).
 */
export interface SalesImportReport {
  file: string;
  dateFormat: 'iso' | 'day-first' | 'month-first';
  dateFormatDetected: boolean;
  read: number;
  imported: number;
  duplicates: number;
  rejectedCount: number;
  rejected: RejectedSaleRow[];
  createdStores: number;
  createdRegions: number;
  createdProducts: number;
  batches: { size: number; written: number; lastWrittenLine: number | null };
  failure: { batch: number; fromLine: number; toLine: number; detail: string } | null;
  durationMs: number;
}

const FORMAT_NAMES: Record<DateFormat, SalesImportReport['dateFormat']> = { ymd: 'iso', dmy: 'day-first', mdy: 'month-first' };
const FORMAT_OF: Record<SalesImportReport['dateFormat'], DateFormat> = { iso: 'ymd', 'day-first': 'dmy', 'month-first': 'mdy' };

/**
 * Checks a mapping (parsed JSON or its text) and answers it typed.
 * @throws 400 ANALYTICS.MAPPING_INVALID (not JSON, wrong shape, both or neither of unitPrice/lineAmount,
 *   both unitCost and lineCost, unknown time zone, amountsIncludeTax without taxRate).
 */
export function parseMapping(input: unknown): SalesMapping {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      throw AnalyticsErrors.mappingInvalid(`The mapping is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!Value.Check(SalesMapping, value)) {
    const errors = [...Value.Errors(SalesMapping, value)].slice(0, 20).map((e) => ({ field: e.path || '/', message: e.message }));
    throw AnalyticsErrors.mappingInvalid(`The mapping does not have the expected shape: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
  const m = value;
  const fail = (field: string, message: string) => AnalyticsErrors.mappingInvalid(`${field}: ${message}`, [{ field, message }]);
  if ((m.columns.unitPrice === undefined) === (m.columns.lineAmount === undefined)) throw fail('/columns', 'map exactly one of unitPrice and lineAmount');
  if (m.columns.unitCost !== undefined && m.columns.lineCost !== undefined) throw fail('/columns', 'map at most one of unitCost and lineCost');
  if (!isTimeZone(m.timeZone)) throw fail('/timeZone', `unknown time zone ${m.timeZone}`);
  if (m.amountsIncludeTax && m.taxRate === undefined) throw fail('/taxRate', 'amountsIncludeTax needs taxRate (0.2 = 20 %)');
  if (m.costOnlyWhen && m.columns.unitCost === undefined && m.columns.lineCost === undefined) throw fail('/costOnlyWhen', 'needs unitCost or lineCost');
  return m;
}

/** Digits after the decimal point of `currency`'s minor unit (2 for USD, 0 for JPY). */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * A decimal text (`12.5`, `-3.499`, `.75`; surrounding spaces ignored) as integer minor units with
 * `digits` decimals, rounded half away from zero (the money rule of domain/money.ts); null when it is not such a number.
 */
export function toMinor(text: string, digits: number): number | null {
  const m = DECIMAL.exec(text.trim());
  if (!m || (!m[2] && !m[3])) return null;
  const whole = m[2] || '0';
  const frac = (m[3] ?? '').padEnd(digits + 1, '0');
  let value = Number(whole) * 10 ** digits + Number(frac.slice(0, digits) || '0');
  if (Number(frac[digits]) >= 5) value += 1;
  if (!Number.isSafeInteger(value)) return null;
  return m[1] === '-' ? -value : value;
}

/** Integer minor units × `rate` ÷ (1 + `rate`): the tax contained in a tax-inclusive amount (money rule, domain/money.ts). */
function includedTax(gross: number, rate: number): number {
  return roundMoney(gross * rate / (1 + rate));
}

type CsvRecord = { fields: string[]; line: number };

const CSV_OPTIONS = { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true } as const;

/**
 * Streams the records of a CSV file (BOM dropped, ragged rows kept for the caller to reject),
 * each with its record number (the header is 1): the line number for a file without line breaks
 * inside quoted fields. Line-exact numbers cost csv-parse a third more, so the parse pass counts
 * records and {@link physicalLines} translates the few numbers a report shows.
 */
async function* records(file: string): AsyncGenerator<CsvRecord> {
  let n = 0;
  for await (const fields of createReadStream(file).pipe(parse(CSV_OPTIONS)) as AsyncIterable<string[]>) yield { fields, line: ++n };
}

/** The file line on which each record number of `wanted` ends (see {@link records}); one more pass over the file, only when a report needs it. */
async function physicalLines(file: string, wanted: Iterable<number>): Promise<Map<number, number>> {
  const want = new Set(wanted);
  const out = new Map<number, number>();
  if (want.size === 0) return out;
  let n = 0;
  const parser = createReadStream(file).pipe(
    parse({ ...CSV_OPTIONS, on_record: (fields: string[], context: { lines: number }) => ({ fields, line: context.lines }) } as unknown as Options),
  );
  for await (const r of parser as AsyncIterable<CsvRecord>) {
    if (want.has(++n)) {
      out.set(n, r.line);
      if (out.size === want.size) break;
    }
  }
  return out;
}

/**
 * The header and the first `limit` rows of a CSV file, for the mapping screen.
 * @throws 422 ANALYTICS.EMPTY_FILE without a header row.
 */
export async function previewCsv(file: string, limit = 20): Promise<{ columns: string[]; rows: string[][] }> {
  let columns: string[] | null = null;
  const rows: string[][] = [];
  for await (const r of records(file)) {
    if (!columns) columns = r.fields.map((f) => f.trim());
    else rows.push(r.fields);
    if (rows.length >= limit) break;
  }
  if (!columns) throw AnalyticsErrors.emptyFile('The file has no header row');
  return { columns, rows };
}

/** Column indexes of the mapped fields (−1 when not mapped). */
type Indexes = { [K in keyof SalesMapping['columns']]-?: number } & { costWhen: number };

function resolveColumns(header: string[], mapping: SalesMapping): Indexes {
  const at = new Map(header.map((h, i) => [h.trim(), i] as const));
  const missing: string[] = [];
  const index = (name: string | undefined) => {
    if (name === undefined) return -1;
    const i = at.get(name.trim());
    if (i === undefined) missing.push(name);
    return i ?? -1;
  };
  const c = mapping.columns;
  const out: Indexes = {
    store: index(c.store), date: index(c.date), sku: index(c.sku), quantity: index(c.quantity),
    unitPrice: index(c.unitPrice), lineAmount: index(c.lineAmount), unitCost: index(c.unitCost), lineCost: index(c.lineCost),
    category: index(c.category), customer: index(c.customer), receipt: index(c.receipt),
    storeName: index(c.storeName), city: index(c.city), region: index(c.region), productName: index(c.productName),
    costWhen: index(mapping.costOnlyWhen?.column),
  };
  if (missing.length) throw AnalyticsErrors.mappingColumnMissing([...new Set(missing)], header.map((h) => h.trim()));
  return out;
}

/** Per-store facts of the file: the first local date seen and the descriptive columns (stores created by `createMissing`). */
type StoreSeen = { code: string; firstDate: string; name: string; city: string; region: string };

/**
 * The date format of a mapping without `dateFormat`: a single-column scan of the dates (the
 * Online Retail import's fast scanner and detection, a fraction of a full parse).
 * @throws 422 ANALYTICS.MAPPING_COLUMN_MISSING, ANALYTICS.EMPTY_FILE, ANALYTICS.DATE_FORMAT_AMBIGUOUS.
 */
async function detectDateFormat(file: string, mapping: SalesMapping): Promise<DateFormat> {
  const evidence = emptyEvidence();
  let lastText = '';
  let lastClue: DateClue = 'unreadable';
  const summary = await scanColumn(createReadStream(file), {
    // The scanner hands over latin1 text: the header is decoded as UTF-8 to match the mapping.
    header: (fields) => resolveColumns(fields.map((f) => Buffer.from(f, 'latin1').toString('utf8')), mapping).date,
    value: (text) => {
      const date = text.trim();
      if (date !== lastText) {
        lastText = date;
        lastClue = classifyDate(date);
      }
      addClue(evidence, lastClue);
    },
  });
  if (!summary.header) throw AnalyticsErrors.emptyFile('The file has no header row');
  if (summary.records === 0) throw AnalyticsErrors.emptyFile('The file has a header and no data row');
  try {
    return decideDateFormat(evidence);
  } catch (err) {
    if (err instanceof ImportRefusedError && err.code === 'IMPORT.DATE_FORMAT_AMBIGUOUS') {
      throw AnalyticsErrors.dateFormatAmbiguous(/date format of InvoiceDate: (.*?)\. Pass/.exec(err.message)?.[1] ?? 'no reading fits every row');
    }
    throw err;
  }
}

/** Region code of a region or city text: trimmed, upper-cased, inner spaces as one `-` (`Des Moines` → `DES-MOINES`). */
export function regionCode(name: string): string {
  return name.trim().toUpperCase().replace(/\s+/g, '-');
}

/**
 * `instantOfWallClock` in `timeZone`, with the offset kept per wall-clock hour when it is the same
 * at both ends of that hour (every hour but those holding a change of offset, which are computed
 * row by row): `Intl` costs some 10 µs a call, and a file has a few thousand distinct hours
 * for a million rows.
 */
function instantsIn(timeZone: string): (wallMs: number) => number {
  const HOUR = 3_600_000;
  const offsets = new Map<number, number>();
  return (wallMs) => {
    const hour = Math.floor(wallMs / HOUR);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const start = hour * HOUR;
      const end = start + HOUR - 1;
      const a = instantOfWallClock(start, timeZone) - start;
      offset = instantOfWallClock(end, timeZone) - end === a ? a : Number.NaN;
      offsets.set(hour, offset);
    }
    return Number.isNaN(offset) ? instantOfWallClock(wallMs, timeZone) : wallMs + offset;
  };
}

/**
 * Counts the occurrences of line keys in a file without keeping the keys: a 64-bit hash of each
 * in an open-addressing table of typed arrays (a `Map` of a million key strings cost ~10 µs a
 * row, mostly garbage collection). Two keys with the same hash (odds ~10⁻⁸ in a million-row file)
 * would count as one key seen twice: the second gets a `#2` suffix, still unique and the same at
 * every import of the file.
 */
class KeyCounter {
  private capacity = 1 << 16;
  private lo = new Int32Array(this.capacity);
  private hi = new Int32Array(this.capacity);
  private used = new Uint8Array(this.capacity);
  private size = 0;
  /** Counts above 1, by slot hash (rare: the same receipt and SKU on several rows). */
  private readonly repeats = new Map<string, number>();

  /** Records one occurrence of `key`. @returns how many times it has been seen, this one included. */
  add(key: string): number {
    let h1 = 0xdeadbeef | 0;
    let h2 = 0x41c6ce57 | 0;
    for (let i = 0; i < key.length; i++) {
      const ch = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    if (this.size * 2 >= this.capacity) this.grow();
    const mask = this.capacity - 1;
    let i = h1 & mask;
    while (this.used[i]) {
      if (this.lo[i] === h1 && this.hi[i] === h2) {
        const id = `${h1}:${h2}`;
        const n = (this.repeats.get(id) ?? 1) + 1;
        this.repeats.set(id, n);
        return n;
      }
      i = (i + 1) & mask;
    }
    this.used[i] = 1;
    this.lo[i] = h1;
    this.hi[i] = h2;
    this.size++;
    return 1;
  }

  private grow(): void {
    const { lo, hi, used } = this;
    this.capacity *= 2;
    this.lo = new Int32Array(this.capacity);
    this.hi = new Int32Array(this.capacity);
    this.used = new Uint8Array(this.capacity);
    const mask = this.capacity - 1;
    for (let j = 0; j < used.length; j++) {
      if (!used[j]) continue;
      let i = lo[j]! & mask;
      while (this.used[i]) i = (i + 1) & mask;
      this.used[i] = 1;
      this.lo[i] = lo[j]!;
      this.hi[i] = hi[j]!;
    }
  }
}

/** Staged rows copied per COPY statement. */
const COPY_ROWS = 20_000;

/** A text field in PostgreSQL's COPY text format (backslash, tab and line breaks escaped). */
const SPECIAL = /[\\\t\n\r]/;
function copyText(value: string): string {
  return SPECIAL.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/** The staging table's columns, in COPY order: `ord` numbers the staged rows from 1, `line` is the record number. */
const STAGE_COLUMNS = 'ord, line, store_code, sold_at, local_at, reference, customer_ref, sku, category, quantity, net_revenue, tax, unit_cost, source_key';

/**
 * Imports the sales CSV `file` with `mapping` (see the module comment and {@link SalesMapping}).
 * @returns the report. @throws (nothing written) 400 ANALYTICS.MAPPING_INVALID, 422
 *   ANALYTICS.MAPPING_COLUMN_MISSING, ANALYTICS.EMPTY_FILE, ANALYTICS.DATE_FORMAT_AMBIGUOUS,
 *   ANALYTICS.FUTURE_DATE, ANALYTICS.NEGATIVE_COST.
 */
export async function importSales(database: Database, file: string, mappingInput: unknown, options: SalesImportOptions = {}): Promise<SalesImportReport> {
  const started = Date.now();
  const mapping = parseMapping(mappingInput);
  const format = mapping.dateFormat ? FORMAT_OF[mapping.dateFormat] : await detectDateFormat(file, mapping);
  return database.session(async (session) => {
    const stage = `sales_stage_${randomBytes(6).toString('hex')}`;
    await session.db.execute(sql.raw(`create temporary table ${stage} (ord integer not null, line integer not null, store_code text not null,
      sold_at timestamptz not null, local_at timestamp not null, reference text not null, customer_ref text, sku text not null, category text,
      quantity integer not null, net_revenue bigint not null, tax bigint not null, unit_cost bigint, source_key text not null)`));
    try {
      return await stageAndWrite(session, stage, file, mapping, format, options, started);
    } finally {
      await session.db.execute(sql.raw(`drop table if exists ${stage}`)).catch(() => undefined);
    }
  });
}

/** Everything {@link stageRows} learnt from the file. */
interface Staged {
  staged: number;
  /** The record number of each staged row whose `ord` ends a batch (`ord` = k × BATCH_LINES), and of the last one. */
  batchEnds: number[];
  batchStarts: number[];
  stores: Map<string, StoreSeen>;
  /** First line of each SKU (the product `createMissing` creates); filled only with `createMissing`. */
  products: Map<string, ProductDimensionRow>;
}

/**
 * The one parse pass: reads every record, rejects the rows that cannot be read (into `reject`),
 * refuses the whole file on a negative cost or a future date, and copies the other rows into the
 * session's temporary table `stage` (one COPY per {@link COPY_ROWS} rows, the next rows parsed
 * while the server takes them). Nothing outside the session is written.
 */
async function stageRows(
  session: Session, stage: string, file: string, mapping: SalesMapping, format: DateFormat, createMissing: boolean,
  report: SalesImportReport, reject: (line: number, code: RejectCode, reason: string) => void, onProgress: SalesImportOptions['onProgress'],
): Promise<Staged> {
  const digits = minorDigits(mapping.currency);
  const tax = mapping.amountsIncludeTax ? (mapping.taxRate ?? 0) : 0;
  const nowLocal = wallClockMs(Date.now(), mapping.timeZone);
  const out: Staged = { staged: 0, batchEnds: [], batchStarts: [], stores: new Map(), products: new Map() };
  const occurrences = new KeyCounter();
  const instantOf = instantsIn(mapping.timeZone);
  /** Date text → `[localAt, "soldAt"]` under the format, null when unreadable, or the future marker. */
  const dates = new Map<string, { localAt: string; soldAt: string; future: boolean } | null>();
  const copy = `copy ${stage} (${STAGE_COLUMNS}) from stdin`;
  let chunk: string[] = [];
  let copying: Promise<number> | null = null;
  let header: string[] | null = null;
  let idx: Indexes | null = null;
  let costIx = -1;
  let amountIx = -1;
  let lastStaged = 0;
  const refuse = async (make: (line: number) => AppError, at: number): Promise<never> => {
    await copying?.catch(() => undefined);
    throw make((await physicalLines(file, [at])).get(at) ?? at);
  };

  for await (const r of records(file)) {
    if (!header) {
      header = r.fields;
      idx = resolveColumns(header, mapping);
      costIx = idx.unitCost >= 0 ? idx.unitCost : idx.lineCost;
      amountIx = idx.unitPrice >= 0 ? idx.unitPrice : idx.lineAmount;
      continue;
    }
    const ix = idx!;
    report.read++;
    const f = r.fields;
    if (f.length !== header.length) {
      reject(r.line, 'ANALYTICS.BAD_ROW', `Expected ${header.length} fields, found ${f.length}`);
      continue;
    }
    // Whole-file refusals first, on every row of the right width.
    const costText = costIx >= 0 ? f[costIx]!.trim() : '';
    if (costText.startsWith('-')) {
      const v = toMinor(costText, digits);
      if (v !== null && v < 0) await refuse((line) => AnalyticsErrors.negativeCost(line, costText), r.line);
    }
    const dateText = f[ix.date]!.trim();
    let date = dates.get(dateText);
    if (date === undefined) {
      const wall = parseInvoiceDate(dateText, format);
      date = wall === null ? null : {
        localAt: new Date(wall).toISOString().slice(0, 19),
        soldAt: new Date(instantOf(wall)).toISOString(),
        future: wall > nowLocal + 86_400_000,
      };
      if (dates.size < 100_000) dates.set(dateText, date);
    }
    if (date?.future) await refuse((line) => AnalyticsErrors.futureDate(line, dateText), r.line);

    const storeCode = f[ix.store]!.trim();
    const sku = f[ix.sku]!.trim();
    if (!storeCode || !sku) {
      reject(r.line, 'ANALYTICS.MISSING_VALUE', !storeCode ? 'No store' : 'No SKU');
      continue;
    }
    if (date === null) {
      reject(r.line, 'ANALYTICS.BAD_DATE', `Unreadable date ${JSON.stringify(dateText)} (expected ${FORMAT_NAMES[format]})`);
      continue;
    }
    const qText = f[ix.quantity]!.trim();
    const quantity = /^[+-]?\d+$/.test(qText) ? Number(qText) : NaN;
    if (!Number.isSafeInteger(quantity)) {
      reject(r.line, 'ANALYTICS.BAD_QUANTITY', `Quantity ${JSON.stringify(qText)} is not an integer`);
      continue;
    }
    const amountText = f[amountIx]!;
    const amount = toMinor(amountText, digits);
    if (amount === null) {
      reject(r.line, 'ANALYTICS.BAD_AMOUNT', `Amount ${JSON.stringify(amountText.trim())} is not a number`);
      continue;
    }
    const gross = ix.unitPrice >= 0 ? amount * quantity : amount;
    let unitCost: number | null = null;
    if (costText !== '' && (ix.costWhen < 0 || f[ix.costWhen]!.trim() === mapping.costOnlyWhen!.equals)) {
      const cost = toMinor(costText, digits);
      if (cost === null) {
        reject(r.line, 'ANALYTICS.BAD_COST', `Cost ${JSON.stringify(costText)} is not a number`);
        continue;
      }
      unitCost = ix.unitCost >= 0 ? cost : quantity === 0 ? null : divideRounded(cost, Math.abs(quantity));
    }
    if (!out.stores.has(storeCode)) {
      out.stores.set(storeCode, {
        code: storeCode, firstDate: date.localAt.slice(0, 10),
        name: ix.storeName >= 0 ? f[ix.storeName]!.trim() : '', city: ix.city >= 0 ? f[ix.city]!.trim() : '', region: ix.region >= 0 ? f[ix.region]!.trim() : '',
      });
    }
    const category = ix.category >= 0 ? f[ix.category]!.trim() : '';
    if (createMissing && !out.products.has(sku)) {
      out.products.set(sku, { sku, title: (ix.productName >= 0 ? f[ix.productName]!.trim() : '') || sku, category: category || null });
    }
    const receipt = ix.receipt >= 0 ? f[ix.receipt]!.trim() : '';
    // A line's identity: its receipt and SKU when the file has receipts; else the row's content
    // (store, date, SKU, quantity, amount): the same file gives the same keys wherever it is
    // stored, and identical rows are told apart by their rank in the file.
    const base = receipt
      ? `pos:${storeCode}:${receipt}:${sku}`
      : `pos:${storeCode}:${createHash('sha1').update(f.join('\u0001')).digest('base64url').slice(0, 16)}:${sku}`;
    const seen = occurrences.add(base) - 1;
    const lineTax = includedTax(gross, tax);
    const customer = ix.customer >= 0 ? f[ix.customer]!.trim() : '';
    const ord = ++out.staged;
    if ((ord - 1) % BATCH_LINES === 0) out.batchStarts.push(r.line);
    if (ord % BATCH_LINES === 0) out.batchEnds.push(r.line);
    lastStaged = r.line;
    chunk.push(
      `${ord}\t${r.line}\t${copyText(storeCode)}\t${date.soldAt}\t${date.localAt}\t${copyText(receipt || `row:${r.line - 1}`)}\t${customer ? copyText(customer) : '\\N'}\t` +
        `${copyText(sku)}\t${category ? copyText(category) : '\\N'}\t${quantity}\t${gross - lineTax}\t${lineTax}\t${unitCost ?? '\\N'}\t${copyText(seen === 0 ? base : `${base}#${seen + 1}`)}\n`,
    );
    if (chunk.length >= COPY_ROWS) {
      if (copying) await copying;
      copying = session.copyFrom(copy, chunk.join(''));
      chunk = [];
      onProgress?.(report.read);
    }
  }
  if (copying) await copying;
  if (chunk.length) await session.copyFrom(copy, chunk.join(''));
  if (!header) throw AnalyticsErrors.emptyFile('The file has no header row');
  if (report.read === 0) throw AnalyticsErrors.emptyFile('The file has a header and no data row');
  if (out.staged % BATCH_LINES !== 0) out.batchEnds.push(lastStaged);
  return out;
}

/**
 * Stages the file ({@link stageRows}), then writes it: rows whose store or SKU is unknown are
 * rejected (or, with `createMissing`, the stores, regions and products are created in the first
 * batch's transaction), and the staged rows go into the fact table in transactions of
 * {@link BATCH_LINES} lines, each one `INSERT … SELECT` that skips lines already stored.
 */
async function stageAndWrite(
  session: Session, stage: string, file: string, mapping: SalesMapping, format: DateFormat, options: SalesImportOptions, started: number,
): Promise<SalesImportReport> {
  const createMissing = options.createMissing === true;
  const report: SalesImportReport = {
    file: file.split('/').pop() ?? file, dateFormat: FORMAT_NAMES[format], dateFormatDetected: !mapping.dateFormat,
    read: 0, imported: 0, duplicates: 0, rejectedCount: 0, rejected: [], createdStores: 0, createdRegions: 0, createdProducts: 0,
    batches: { size: BATCH_LINES, written: 0, lastWrittenLine: null }, failure: null, durationMs: 0,
  };
  const reject = (line: number, code: RejectCode, reason: string) => {
    report.rejectedCount++;
    if (report.rejected.length < MAX_REJECTED_LISTED) report.rejected.push({ line, code, reason });
  };
  const staged = await stageRows(session, stage, file, mapping, format, createMissing, report, reject, options.onProgress);
  const db = session.db;
  if (staged.staged > BATCH_LINES) await db.execute(sql.raw(`create index on ${stage} (ord)`));
  await db.execute(sql.raw(`analyze ${stage}`));

  // Rows of unknown stores or SKUs (none once createMissing has created them).
  const unknown = new Map<number, number>(); // batch index → rows left out
  if (!createMissing) {
    const left = await rows<{ ord: number; line: number; store_code: string; sku: string; store_known: boolean }>(db, sql.raw(
      `select s.ord, s.line, s.store_code, s.sku, st.id is not null as store_known from ${stage} s
       left join analytics.store st on st.code = s.store_code
       where st.id is null or not exists (select 1 from analytics.product p where p.sku = s.sku) order by s.ord`,
    ));
    for (const l of left) {
      const b = Math.floor((l.ord - 1) / BATCH_LINES);
      unknown.set(b, (unknown.get(b) ?? 0) + 1);
      if (l.store_known) reject(l.line, 'ANALYTICS.UNKNOWN_PRODUCT', `Unknown product ${l.sku} (import with createMissing / --create-missing to create it)`);
      else reject(l.line, 'ANALYTICS.UNKNOWN_STORE', `Unknown store ${l.store_code} (import with createMissing / --create-missing to create it)`);
    }
  }

  const batches = Math.ceil(staged.staged / BATCH_LINES);
  for (let b = 0; b < batches; b++) {
    try {
      const inserted = await session.transaction(async (tx) => {
        if (b === 0 && createMissing) {
          const counts = await createDimensions(tx, staged, mapping);
          report.createdStores += counts.stores;
          report.createdRegions += counts.regions;
          report.createdProducts += counts.products;
        }
        return appendSaleLinesFrom(tx, sql.raw(
          `select st.id, s.sold_at, s.local_at, s.reference, s.customer_ref, s.sku, coalesce(s.category, p.category), s.quantity, s.net_revenue, s.tax, 0,
             s.unit_cost, '${mapping.currency}', 'pos-import', s.source_key
           from ${stage} s join analytics.store st on st.code = s.store_code join analytics.product p on p.sku = s.sku
           where s.ord > ${b * BATCH_LINES} and s.ord <= ${(b + 1) * BATCH_LINES} order by s.ord`,
        ));
      });
      const rowsOfBatch = Math.min(BATCH_LINES, staged.staged - b * BATCH_LINES) - (unknown.get(b) ?? 0);
      report.imported += inserted;
      report.duplicates += rowsOfBatch - inserted;
      report.batches.written++;
      report.batches.lastWrittenLine = staged.batchEnds[b]!;
      options.onProgress?.(report.read);
    } catch (err) {
      if (b === 0) Object.assign(report, { createdStores: 0, createdRegions: 0, createdProducts: 0 });
      report.failure = {
        batch: b + 1, fromLine: staged.batchStarts[b]!, toLine: staged.batchEnds[b]!,
        detail: err instanceof AppError ? `${err.code}: ${err.detail}` : err instanceof Error ? err.message : String(err),
      };
      break;
    }
  }
  // Record numbers → file lines (they differ only where quoted fields hold line breaks).
  const f = report.failure;
  if (report.rejected.length || f) {
    const wanted = [...report.rejected.map((r) => r.line), ...(report.batches.lastWrittenLine ? [report.batches.lastWrittenLine] : []), ...(f ? [f.fromLine, f.toLine] : [])];
    const lines = await physicalLines(file, wanted);
    const at = (n: number) => lines.get(n) ?? n;
    for (const r of report.rejected) r.line = at(r.line);
    if (report.batches.lastWrittenLine) report.batches.lastWrittenLine = at(report.batches.lastWrittenLine);
    if (f) Object.assign(f, { fromLine: at(f.fromLine), toLine: at(f.toLine) });
  }
  report.rejected.sort((a, b) => a.line - b.line);
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * Creates, inside `tx`, the stores of the file that do not exist (with their regions, under the
 * company, named after the mapped region or else the city) and its SKUs analytics does not know.
 * @returns how many stores, regions and products were created.
 */
async function createDimensions(tx: Executor, staged: Staged, mapping: SalesMapping): Promise<{ stores: number; regions: number; products: number }> {
  const counts = { stores: 0, regions: 0, products: 0 };
  const codes = [...staged.stores.keys()];
  const known = new Set<string>();
  for (let i = 0; i < codes.length; i += 10_000) {
    for (const s of await tx.select({ code: store.code }).from(store).where(inArray(store.code, codes.slice(i, i + 10_000)))) known.add(s.code);
  }
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) {
    const rootId = await companyId(tx);
    const regions = new Map<string, string>();
    const newStores: (typeof store.$inferInsert)[] = [];
    for (const code of unknown) {
      const info = staged.stores.get(code)!;
      const regionName = info.region || info.city;
      let regionId = rootId;
      if (regionName) {
        const rc = regionCode(regionName);
        let id = regions.get(rc);
        if (!id) {
          const [found] = await tx.select({ id: region.id }).from(region).where(eq(region.code, rc));
          if (found) id = found.id;
          else {
            id = newId('reg');
            await tx.insert(region).values({ id, code: rc, name: regionName, parentId: rootId });
            counts.regions++;
          }
          regions.set(rc, id);
        }
        regionId = id;
      }
      newStores.push({
        id: newId('sto'), code, name: info.name || code, kind: 'physical', regionId, city: info.city, country: mapping.country ?? 'ZZ',
        openedOn: info.firstDate, currency: mapping.currency, timeZone: mapping.timeZone,
      });
    }
    for (let i = 0; i < newStores.length; i += 1_000) await tx.insert(store).values(newStores.slice(i, i + 1_000));
    counts.stores = newStores.length;
  }
  counts.products = await createMissingProducts(tx, [...staged.products.values()]);
  return counts;
}
