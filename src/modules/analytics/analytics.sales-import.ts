/**
 * Generic POS sales import: a CSV file of sale lines from many stores plus a JSON mapping that
 * says which column is what. Streamed twice with csv-parse and never held whole in memory:
 * 1. a check pass refuses the file before anything is written (mapping to a missing column,
 *    no data row, ambiguous dates — the Online Retail import's detection, shared through the
 *    imports module —, a date more than a day in the future, a negative cost);
 * 2. a write pass turns rows into sale lines and appends them in batches (one transaction per
 *    batch of {@link BATCH_LINES} lines, unknown stores/regions/products created in the same
 *    transaction with `createMissing`).
 * Rows that cannot be read (bad number, missing value, unknown store or product without
 * `createMissing`, wrong field count) are rejected with their line number and a stable code; the
 * other rows are imported. Every line has a `sourceKey`, so a re-import inserts nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse, type Options } from 'csv-parse';
import { eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { addClue, classifyDate, decideDateFormat, emptyEvidence, ImportRefusedError, parseInvoiceDate, type DateFormat } from '../imports/index.js';
import { AnalyticsErrors, type RejectCode, type RejectedRow } from './analytics.errors.js';
import { appendSaleLines, type SaleLineInput } from './analytics.facts.js';
import { companyId } from './analytics.organisation.js';
import { createMissingProducts, knownProducts, type ProductDimensionRow } from './analytics.products.js';
import { instantOfWallClock, isTimeZone, wallClockMs } from './analytics.time.js';
import { region, store } from './db/schema.js';
import { divideRounded, roundMoney } from './domain/money.js';

/** Lines per write transaction. */
export const BATCH_LINES = 5_000;
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
  /** Called after each written batch with the lines read so far. */
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
 * inside quoted fields. Line-exact numbers cost csv-parse a third more, so the passes count
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

/** Per-store facts gathered by the check pass: the first local date seen and the descriptive columns. */
type StoreSeen = { code: string; firstDate: string; name: string; city: string; region: string };

/** What the check pass learnt. */
interface CheckResult {
  header: string[];
  idx: Indexes;
  format: DateFormat;
  detected: boolean;
}

/** The check pass: refuses the file as a whole before anything is written (see the module comment). */
async function checkFile(file: string, mapping: SalesMapping): Promise<CheckResult> {
  let header: string[] | null = null;
  let idx: Indexes | null = null;
  const evidence = emptyEvidence();
  const given = mapping.dateFormat ? FORMAT_OF[mapping.dateFormat] : null;
  // Latest date under each reading, with its line (the future-date check once the format is known).
  const latest: { [K in DateFormat]: { ms: number; line: number; text: string } } = {
    ymd: { ms: -Infinity, line: 0, text: '' }, dmy: { ms: -Infinity, line: 0, text: '' }, mdy: { ms: -Infinity, line: 0, text: '' },
  };
  const seenDates = new Set<string>();
  let rows = 0;
  const digits = minorDigits(mapping.currency);
  for await (const r of records(file)) {
    if (!header) {
      header = r.fields;
      idx = resolveColumns(header, mapping);
      continue;
    }
    rows++;
    const ix = idx!;
    if (r.fields.length !== header.length) continue; // rejected in the write pass
    const date = r.fields[ix.date]!.trim();
    if (!seenDates.has(date)) {
      if (seenDates.size < 200_000) seenDates.add(date);
      const formats: DateFormat[] = given ? [given] : ['ymd', 'dmy', 'mdy'];
      for (const f of formats) {
        const ms = parseInvoiceDate(date, f);
        if (ms !== null && ms > latest[f].ms) latest[f] = { ms, line: r.line, text: date };
      }
    }
    if (!given) addClue(evidence, classifyDate(date));
    const costIx = ix.unitCost >= 0 ? ix.unitCost : ix.lineCost;
    if (costIx >= 0) {
      const cost = r.fields[costIx]!.trim();
      if (cost.startsWith('-')) {
        const v = toMinor(cost, digits);
        if (v !== null && v < 0) throw AnalyticsErrors.negativeCost((await physicalLines(file, [r.line])).get(r.line) ?? r.line, cost);
      }
    }
  }
  if (!header) throw AnalyticsErrors.emptyFile('The file has no header row');
  if (rows === 0) throw AnalyticsErrors.emptyFile('The file has a header and no data row');
  let format = given;
  if (!format) {
    try {
      format = decideDateFormat(evidence);
    } catch (err) {
      if (err instanceof ImportRefusedError && err.code === 'IMPORT.DATE_FORMAT_AMBIGUOUS') {
        throw AnalyticsErrors.dateFormatAmbiguous(/date format of InvoiceDate: (.*?)\. Pass/.exec(err.message)?.[1] ?? 'no reading fits every row');
      }
      throw err;
    }
  }
  const nowLocal = wallClockMs(Date.now(), mapping.timeZone);
  if (latest[format].ms > nowLocal + 86_400_000) {
    const at = latest[format].line;
    throw AnalyticsErrors.futureDate((await physicalLines(file, [at])).get(at) ?? at, latest[format].text);
  }
  return { header, idx: idx!, format, detected: !given };
}

/** A sale line before its store id is known (the write pass resolves store codes per batch). */
type PendingLine = Omit<SaleLineInput, 'storeId'> & { storeCode: string; line: number; product: ProductDimensionRow };

/** Caches of the write pass: store code → id, the company region, known region codes → id, known SKUs → category. */
interface Dimensions {
  stores: Map<string, string>;
  regions: Map<string, string>;
  companyId: string | null;
  products: Map<string, string | null>;
}

/** Region code of a region or city text: trimmed, upper-cased, inner spaces as one `-` (`Des Moines` → `DES-MOINES`). */
export function regionCode(name: string): string {
  return name.trim().toUpperCase().replace(/\s+/g, '-');
}

/**
 * Imports the sales CSV `file` with `mapping` (see the module comment and {@link SalesMapping}).
 * @returns the report. @throws (nothing written) 400 ANALYTICS.MAPPING_INVALID, 422
 *   ANALYTICS.MAPPING_COLUMN_MISSING, ANALYTICS.EMPTY_FILE, ANALYTICS.DATE_FORMAT_AMBIGUOUS,
 *   ANALYTICS.FUTURE_DATE, ANALYTICS.NEGATIVE_COST.
 */
export async function importSales(database: Database, file: string, mappingInput: unknown, options: SalesImportOptions = {}): Promise<SalesImportReport> {
  const started = Date.now();
  const mapping = parseMapping(mappingInput);
  const { header, idx, format, detected } = await checkFile(file, mapping);
  const digits = minorDigits(mapping.currency);
  const createMissing = options.createMissing === true;
  const report: SalesImportReport = {
    file: file.split('/').pop() ?? file, dateFormat: FORMAT_NAMES[format], dateFormatDetected: detected,
    read: 0, imported: 0, duplicates: 0, rejectedCount: 0, rejected: [], createdStores: 0, createdRegions: 0, createdProducts: 0,
    batches: { size: BATCH_LINES, written: 0, lastWrittenLine: null }, failure: null, durationMs: 0,
  };
  const reject = (line: number, code: RejectCode, reason: string) => {
    report.rejectedCount++;
    if (report.rejected.length < MAX_REJECTED_LISTED) report.rejected.push({ line, code, reason });
  };
  const dims: Dimensions = { stores: new Map(), regions: new Map(), companyId: null, products: new Map() };
  const storeInfo = new Map<string, StoreSeen>();
  const occurrences = new Map<string, number>();
  const soldAtOf = new Map<string, string>();
  const tax = mapping.amountsIncludeTax ? (mapping.taxRate ?? 0) : 0;
  let batch: PendingLine[] = [];
  let writing: Promise<boolean> | null = null;
  let first = true;

  // One batch is written while the next is parsed (the database and the parser then use both
  // cores); batches still commit one after the other, in file order.
  const flush = async (lines: PendingLine[]): Promise<boolean> => {
    if (lines.length === 0) return true;
    const dimsBefore = { stores: new Map(dims.stores), regions: new Map(dims.regions), companyId: dims.companyId, products: new Map(dims.products) };
    const counts = { stores: 0, regions: 0, products: 0 };
    try {
      const { facts, inserted } = await database.transaction(async (tx) => {
        const ok = await resolveBatch(tx, lines, dims, storeInfo, mapping, createMissing, counts);
        const facts: SaleLineInput[] = [];
        for (const l of lines) {
          const storeId = dims.stores.get(l.storeCode);
          if (!storeId) {
            reject(l.line, 'ANALYTICS.UNKNOWN_STORE', `Unknown store ${l.storeCode} (import with createMissing / --create-missing to create it)`);
            continue;
          }
          if (!ok.products.has(l.sku)) {
            reject(l.line, 'ANALYTICS.UNKNOWN_PRODUCT', `Unknown product ${l.sku} (import with createMissing / --create-missing to create it)`);
            continue;
          }
          const { storeCode: _s, line: _l, product: _p, ...rest } = l;
          facts.push({ ...rest, storeId, category: l.category ?? ok.products.get(l.sku) ?? null });
        }
        return { facts, inserted: await appendSaleLines(tx, facts) };
      });
      report.imported += inserted;
      report.duplicates += facts.length - inserted;
      report.createdStores += counts.stores;
      report.createdRegions += counts.regions;
      report.createdProducts += counts.products;
      report.batches.written++;
      report.batches.lastWrittenLine = lines[lines.length - 1]!.line;
      options.onProgress?.(report.read);
      return true;
    } catch (err) {
      Object.assign(dims, dimsBefore);
      report.failure = {
        batch: report.batches.written + 1, fromLine: lines[0]!.line, toLine: lines[lines.length - 1]!.line,
        detail: err instanceof AppError ? `${err.code}: ${err.detail}` : err instanceof Error ? err.message : String(err),
      };
      return false;
    }
  };

  for await (const r of records(file)) {
    if (first) {
      first = false;
      continue;
    }
    report.read++;
    const f = r.fields;
    if (f.length !== header.length) {
      reject(r.line, 'ANALYTICS.BAD_ROW', `Expected ${header.length} fields, found ${f.length}`);
      continue;
    }
    const storeCode = f[idx.store]!.trim();
    const sku = f[idx.sku]!.trim();
    if (!storeCode || !sku) {
      reject(r.line, 'ANALYTICS.MISSING_VALUE', !storeCode ? 'No store' : 'No SKU');
      continue;
    }
    const dateText = f[idx.date]!.trim();
    const wall = parseInvoiceDate(dateText, format);
    if (wall === null) {
      reject(r.line, 'ANALYTICS.BAD_DATE', `Unreadable date ${JSON.stringify(dateText)} (expected ${FORMAT_NAMES[format]})`);
      continue;
    }
    const qText = f[idx.quantity]!.trim();
    const quantity = /^[+-]?\d+$/.test(qText) ? Number(qText) : NaN;
    if (!Number.isSafeInteger(quantity)) {
      reject(r.line, 'ANALYTICS.BAD_QUANTITY', `Quantity ${JSON.stringify(qText)} is not an integer`);
      continue;
    }
    const amountText = f[idx.unitPrice >= 0 ? idx.unitPrice : idx.lineAmount]!;
    const amount = toMinor(amountText, digits);
    if (amount === null) {
      reject(r.line, 'ANALYTICS.BAD_AMOUNT', `Amount ${JSON.stringify(amountText.trim())} is not a number`);
      continue;
    }
    const gross = idx.unitPrice >= 0 ? amount * quantity : amount;
    let unitCost: number | null = null;
    const costIx = idx.unitCost >= 0 ? idx.unitCost : idx.lineCost;
    if (costIx >= 0 && (idx.costWhen < 0 || f[idx.costWhen]!.trim() === mapping.costOnlyWhen!.equals)) {
      const costText = f[costIx]!.trim();
      if (costText !== '') {
        const cost = toMinor(costText, digits);
        if (cost === null) {
          reject(r.line, 'ANALYTICS.BAD_COST', `Cost ${JSON.stringify(costText)} is not a number`);
          continue;
        }
        unitCost = idx.unitCost >= 0 ? cost : quantity === 0 ? null : divideRounded(cost, Math.abs(quantity));
      }
    }
    const localAt = new Date(wall).toISOString().slice(0, 19);
    let soldAt = soldAtOf.get(localAt);
    if (!soldAt) {
      soldAt = new Date(instantOfWallClock(wall, mapping.timeZone)).toISOString();
      if (soldAtOf.size < 100_000) soldAtOf.set(localAt, soldAt);
    }
    if (!storeInfo.has(storeCode)) {
      storeInfo.set(storeCode, {
        code: storeCode, firstDate: localAt.slice(0, 10),
        name: idx.storeName >= 0 ? f[idx.storeName]!.trim() : '', city: idx.city >= 0 ? f[idx.city]!.trim() : '', region: idx.region >= 0 ? f[idx.region]!.trim() : '',
      });
    }
    const receipt = idx.receipt >= 0 ? f[idx.receipt]!.trim() : '';
    // A line's identity: its receipt and SKU when the file has receipts; else the row's content
    // (store, date, SKU, quantity, amount): the same file gives the same keys wherever it is
    // stored, and identical rows are told apart by their rank in the file.
    const base = receipt
      ? `pos:${storeCode}:${receipt}:${sku}`
      : `pos:${storeCode}:${createHash('sha1').update(f.join('\u0001')).digest('base64url').slice(0, 16)}:${sku}`;
    const seen = occurrences.get(base) ?? 0;
    occurrences.set(base, seen + 1);
    const lineTax = includedTax(gross, tax);
    const category = idx.category >= 0 ? f[idx.category]!.trim() || null : null;
    batch.push({
      storeCode, line: r.line, soldAt, localAt, reference: receipt || `row:${r.line - 1}`,
      customerRef: idx.customer >= 0 ? f[idx.customer]!.trim() || null : null,
      sku, category, quantity, netRevenue: gross - lineTax, tax: lineTax, discount: 0, unitCost,
      currency: mapping.currency, source: 'pos-import', sourceKey: seen === 0 ? base : `${base}#${seen + 1}`,
      product: { sku, title: (idx.productName >= 0 ? f[idx.productName]!.trim() : '') || sku, category },
    });
    if (batch.length >= BATCH_LINES) {
      if (writing && !(await writing)) break;
      writing = flush(batch);
      batch = [];
    }
  }
  if (!writing || (await writing)) await flush(batch);
  // Record numbers → file lines (they differ only where quoted fields hold line breaks).
  const f = report.failure;
  const wanted = [...report.rejected.map((r) => r.line), ...(report.batches.lastWrittenLine ? [report.batches.lastWrittenLine] : []), ...(f ? [f.fromLine, f.toLine] : [])];
  if (report.rejected.length || f) {
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
 * Inside a batch's transaction: finds the stores and products the batch names, creating the
 * missing ones (and their regions, under the company) with `createMissing`. Fills `dims.stores`;
 * @returns the SKUs the batch may use, with their dimension category.
 */
async function resolveBatch(
  tx: Executor, lines: PendingLine[], dims: Dimensions, storeInfo: Map<string, StoreSeen>, mapping: SalesMapping,
  createMissing: boolean, counts: { stores: number; regions: number; products: number },
): Promise<{ products: Map<string, string | null> }> {
  const codes = [...new Set(lines.map((l) => l.storeCode))].filter((c) => !dims.stores.has(c));
  if (codes.length) {
    for (const s of await tx.select({ id: store.id, code: store.code }).from(store).where(inArray(store.code, codes))) dims.stores.set(s.code, s.id);
    const unknown = codes.filter((c) => !dims.stores.has(c));
    if (unknown.length && createMissing) {
      const rootId = dims.companyId ?? (dims.companyId = await companyId(tx));
      const newStores: (typeof store.$inferInsert)[] = [];
      for (const code of unknown) {
        const info = storeInfo.get(code)!;
        const regionName = info.region || info.city;
        let regionId = rootId;
        if (regionName) {
          const rc = regionCode(regionName);
          let id = dims.regions.get(rc);
          if (!id) {
            const [found] = await tx.select({ id: region.id }).from(region).where(eq(region.code, rc));
            if (found) id = found.id;
            else {
              id = newId('reg');
              await tx.insert(region).values({ id, code: rc, name: regionName, parentId: rootId });
              counts.regions++;
            }
            dims.regions.set(rc, id);
          }
          regionId = id;
        }
        const id = newId('sto');
        newStores.push({
          id, code, name: info.name || code, kind: 'physical', regionId, city: info.city, country: mapping.country ?? 'ZZ',
          openedOn: info.firstDate, currency: mapping.currency, timeZone: mapping.timeZone,
        });
        dims.stores.set(code, id);
      }
      await tx.insert(store).values(newStores);
      counts.stores += newStores.length;
    }
  }
  const skus = [...new Set(lines.map((l) => l.sku))];
  const unknownSkus = skus.filter((s) => !dims.products.has(s));
  if (unknownSkus.length) {
    for (const [sku, category] of await knownProducts(tx, unknownSkus)) dims.products.set(sku, category);
    const missing = unknownSkus.filter((s) => !dims.products.has(s));
    if (missing.length && createMissing) {
      const rows = new Map<string, ProductDimensionRow>();
      for (const l of lines) if (!dims.products.has(l.sku) && !rows.has(l.sku)) rows.set(l.sku, l.product);
      counts.products += await createMissingProducts(tx, [...rows.values()]);
      for (const r of rows.values()) dims.products.set(r.sku, r.category);
    }
  }
  return { products: dims.products };
}

