/**
 * The pure (no database) analysis of an Online Retail CSV: two streaming passes over the file.
 * Pass 1 ("detect", `column-scan.ts`) reads the header and every InvoiceDate to decide the date format;
 * pass 2 ("analyze", csv-parse via `csv-reader.ts`) validates each row and aggregates products, customers,
 * orders and returns. Memory grows with products, customers and invoice lines — never with a copy of the
 * raw file.
 */
import type { Readable } from 'node:stream';
import { categorise } from './categories.js';
import { scanColumn } from './column-scan.js';
import { scanCsv } from './csv-reader.js';
import { addClue, classifyDate, decideDateFormat, emptyEvidence, parseInvoiceDate, type DateClue, type DateFormat } from './dates.js';
import { EmptyFileError, MissingColumnsError } from './errors.js';
import { normaliseCustomerId, parseMoney, parseQuantity } from './numbers.js';
import { serviceCode } from './service-codes.js';
import { decodeField, normaliseSku, titleCase } from './text.js';
import type {
  AnalyzeOptions,
  ImportPlan,
  PlannedCustomer,
  PlannedFee,
  PlannedLine,
  PlannedOrder,
  PlannedProduct,
  PlannedReturn,
  PlannedReturnLine,
  RejectedRow,
} from './types.js';

/** Columns the header must have (matched trimmed and case-insensitively; extra columns are ignored). */
export const REQUIRED_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;
type Column = (typeof REQUIRED_COLUMNS)[number];
type ColumnIndex = Record<Column, number>;

/** At most this many rejected rows are listed in the plan; the counts stay exact. */
export const MAX_REJECTED_LISTED = 1000;
/** Rows between two progress reports. */
export const PROGRESS_EVERY = 5000;

const FORMAT_EXAMPLE: Record<DateFormat, string> = {
  dmy: 'day-first, e.g. 31/12/2010 08:26',
  mdy: 'month-first, e.g. 12/31/2010 08:26',
  ymd: 'year-first, e.g. 2010-12-31 08:26:00',
};

function columnIndex(rawHeader: string[]): ColumnIndex {
  const names = rawHeader.map((h) => decodeField(h).trim());
  const lower = names.map((n) => n.toLowerCase());
  const index = {} as ColumnIndex;
  const missing: string[] = [];
  for (const col of REQUIRED_COLUMNS) {
    const i = lower.indexOf(col.toLowerCase());
    if (i === -1) missing.push(col);
    index[col] = i;
  }
  if (missing.length > 0) throw new MissingColumnsError(missing, names.filter((n) => n.length > 0));
  return index;
}

type Source = () => NodeJS.ReadableStream | Readable;

/**
 * Pass 1: reads every InvoiceDate (fast single-column scan, see `column-scan.ts`) and decides the format
 * (or throws DateFormatAmbiguousError). The header is checked first (MissingColumnsError).
 */
async function detectDateFormat(open: Source, onProgress: AnalyzeOptions['onProgress']): Promise<DateFormat> {
  const evidence = emptyEvidence();
  let lastText = '';
  let lastClue: DateClue = 'unreadable';
  const summary = await scanColumn(
    open(),
    {
      header: (fields) => columnIndex(fields).InvoiceDate,
      value: (text) => {
        if (text !== lastText) {
          lastText = text;
          lastClue = classifyDate(text);
        }
        addClue(evidence, lastClue);
      },
    },
    onProgress && { every: PROGRESS_EVERY, report: (rows, bytes) => onProgress({ phase: 'detect', rows, bytes }) },
  );
  assertNotEmpty(summary);
  onProgress?.({ phase: 'detect', rows: summary.records, bytes: summary.bytes });
  return decideDateFormat(evidence);
}

function assertNotEmpty(summary: { header: boolean; records: number }): void {
  if (!summary.header) throw new EmptyFileError('The file is empty: no header row.');
  if (summary.records === 0) throw new EmptyFileError('The file has a header row but no data rows.');
}

/**
 * Occurrence counter for a few distinct keys (a SKU has 1–3 descriptions and a handful of prices): a linear
 * scan over a small array is much cheaper than hashing a fresh string into a Map on every row. Switches to
 * a Map past 16 keys so a pathological file stays linear.
 */
class Tally<K extends string | number> {
  private keys: K[] = [];
  private counts: number[] = [];
  private index: Map<K, number> | null = null;

  add(key: K): void {
    const i = this.index ? (this.index.get(key) ?? -1) : this.keys.indexOf(key);
    if (i !== -1) {
      (this.counts[i] as number)++;
      return;
    }
    this.index?.set(key, this.keys.length);
    this.keys.push(key);
    this.counts.push(1);
    if (!this.index && this.keys.length > 16) this.index = new Map(this.keys.map((k, j) => [k, j]));
  }

  /** Most frequent key; ties go to the first seen. */
  modeFirst(): K | undefined {
    let best = -1;
    for (let i = 0; i < this.keys.length; i++) if (best === -1 || (this.counts[i] as number) > (this.counts[best] as number)) best = i;
    return best === -1 ? undefined : this.keys[best];
  }

  /** Most frequent key; ties go to the largest. */
  modeHighest(): K | undefined {
    let best = -1;
    for (let i = 0; i < this.keys.length; i++) {
      const n = this.counts[i] as number;
      const b = this.counts[best] ?? 0;
      if (best === -1 || n > b || (n === b && (this.keys[i] as K) > (this.keys[best] as K))) best = i;
    }
    return best === -1 ? undefined : this.keys[best];
  }
}

interface ProductStats {
  /** Descriptions of all accepted rows. */
  descriptions: Tally<string>;
  /** Descriptions of accepted rows with a price > 0. */
  pricedDescriptions: Tally<string>;
  /** Prices (pence, > 0) of accepted sale rows. */
  salePrices: Tally<number>;
  /** Prices (pence, > 0) of accepted cancellation rows. */
  cancelPrices: Tally<number>;
  /** Set when the plan is built. */
  title: string;
}

interface InvoiceAcc {
  invoiceNo: string;
  isReturn: boolean;
  customer: string | null;
  country: string;
  at: number;
  lines: (PlannedLine | PlannedReturnLine)[];
  /** The product of each line (same index), to set line titles without hashing SKUs again. */
  lineProducts: ProductStats[];
  fees: PlannedFee[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const collator = new Intl.Collator('en', { numeric: true });
const DIGITS = /^\d+$/;
/** Natural order of identifiers (`9` < `10` < `536365` < `C536379`); all-digit ids without the slow collator. */
function byInvoice(a: string, b: string): number {
  if (DIGITS.test(a) && DIGITS.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return collator.compare(a, b);
}

/**
 * Analyses an Online Retail CSV into an {@link ImportPlan}; see `index.ts` for the contract.
 * `open` is called once per pass (twice unless `options.dateFormat` is given).
 */
export async function analyze(open: Source, options: AnalyzeOptions = {}): Promise<ImportPlan> {
  const { onProgress } = options;
  const dateFormat = options.dateFormat ?? (await detectDateFormat(open, onProgress));

  const rejected: RejectedRow[] = [];
  let rejectedCount = 0;
  let accepted = 0;
  const reject = (line: number, reason: string) => {
    rejectedCount++;
    options.onRejected?.({ line, reason });
    if (rejected.length < MAX_REJECTED_LISTED) rejected.push({ line, reason });
  };

  const products = new Map<string, ProductStats>();
  const customers = new Map<string, Tally<string>>();
  const countCountry = (customerId: string, country: string) => {
    let countries = customers.get(customerId);
    if (!countries) customers.set(customerId, (countries = new Tally()));
    countries.add(country);
  };
  const invoices = new Map<string, InvoiceAcc>();
  let lastInvoice: InvoiceAcc | null = null;
  let first = Infinity;
  let last = -Infinity;
  let col = {} as ColumnIndex;
  let lastDateText = '';
  let lastDate: number | null = null;

  const row = (f: string[], line: number) => {
    const invoiceNo = (f[col.InvoiceNo] as string).trim().toUpperCase();
    const sku = normaliseSku(decodeField(f[col.StockCode] as string));
    const description = decodeField(f[col.Description] as string).trim();
    const quantityText = (f[col.Quantity] as string).trim();
    const dateText = (f[col.InvoiceDate] as string).trim();
    const priceText = (f[col.UnitPrice] as string).trim();
    const country = decodeField(f[col.Country] as string).trim();

    const service = serviceCode(sku);
    // Description is required for products (it makes the title), optional for service codes (label instead).
    const noDescription = description === '' && service === undefined;
    if (invoiceNo === '' || sku === '' || noDescription || quantityText === '' || dateText === '' || priceText === '' || country === '') {
      const missing: string[] = [];
      if (invoiceNo === '') missing.push('InvoiceNo');
      if (sku === '') missing.push('StockCode');
      if (noDescription) missing.push('Description');
      if (quantityText === '') missing.push('Quantity');
      if (dateText === '') missing.push('InvoiceDate');
      if (priceText === '') missing.push('UnitPrice');
      if (country === '') missing.push('Country');
      return reject(line, `missing required field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
    }

    const quantity = parseQuantity(quantityText);
    if (!quantity.ok) {
      return reject(line, quantity.reason === 'not an integer' ? `Quantity is not an integer: "${quantityText}"` : `unparsable Quantity: "${quantityText}"`);
    }
    const price = parseMoney(priceText);
    if (!price.ok) return reject(line, `unparsable UnitPrice: "${priceText}"${price.reason === 'too large' ? ' (too large)' : ''}`);
    if (price.negative) return reject(line, `negative UnitPrice: "${priceText}"`);
    if (dateText !== lastDateText) {
      lastDateText = dateText;
      lastDate = parseInvoiceDate(dateText, dateFormat);
    }
    const at = lastDate;
    if (at === null) return reject(line, `unparsable InvoiceDate: "${dateText}" (expected ${FORMAT_EXAMPLE[dateFormat]})`);
    const customer = normaliseCustomerId(decodeField(f[col.CustomerID] as string));
    if (!customer.ok) return reject(line, `unparsable CustomerID: "${(f[col.CustomerID] as string).trim()}"`);

    const qty = quantity.value;
    if (qty === 0) return reject(line, 'Quantity is 0');
    const amount = qty * price.minor || 0; // `|| 0`: no -0
    if (!Number.isSafeInteger(amount)) return reject(line, `Quantity × UnitPrice too large: ${quantityText} × ${priceText}`);
    const isReturn = invoiceNo.startsWith('C');
    if (!service) {
      if (isReturn && qty > 0) return reject(line, `positive Quantity ${qty} on cancellation invoice ${invoiceNo}`);
      if (!isReturn && qty < 0) {
        return reject(line, `negative Quantity ${qty} on invoice ${invoiceNo}, which is not a cancellation (a stock adjustment, not a sale)`);
      }
    }

    // Accepted.
    accepted++;
    if (at < first) first = at;
    if (at > last) last = at;
    const customerId = customer.id;
    // Rows of an invoice are usually contiguous: reuse the previous row's invoice before hashing.
    let invoice = lastInvoice !== null && lastInvoice.invoiceNo === invoiceNo ? lastInvoice : invoices.get(invoiceNo);
    if (!invoice) {
      invoice = { invoiceNo, isReturn, customer: customerId, country, at, lines: [], lineProducts: [], fees: [] };
      invoices.set(invoiceNo, invoice);
      if (customerId !== null) countCountry(customerId, country);
    } else {
      if (at < invoice.at) invoice.at = at;
      if (invoice.customer === null && customerId !== null) {
        invoice.customer = customerId;
        countCountry(customerId, invoice.country);
      }
    }
    lastInvoice = invoice;
    const minor = price.minor;
    if (service) {
      invoice.fees.push({ code: service.code, description: description || service.label, amount });
      return;
    }
    let stats = products.get(sku);
    if (!stats) {
      stats = { descriptions: new Tally(), pricedDescriptions: new Tally(), salePrices: new Tally(), cancelPrices: new Tally(), title: '' };
      products.set(sku, stats);
    }
    stats.descriptions.add(description);
    if (minor > 0) {
      stats.pricedDescriptions.add(description);
      (isReturn ? stats.cancelPrices : stats.salePrices).add(minor);
    }
    invoice.lines.push(
      isReturn
        ? { sku, title: '', quantity: -qty, unitPrice: minor, originalInvoiceNo: null }
        : { sku, title: '', quantity: qty, unitPrice: minor },
    );
    invoice.lineProducts.push(stats);
  };

  const summary = await scanCsv(
    open(),
    {
      header: (fields) => {
        col = columnIndex(fields);
      },
      row,
      bad: reject,
    },
    { progress: onProgress && { every: PROGRESS_EVERY, report: (rows, bytes) => onProgress({ phase: 'analyze', rows, bytes }) } },
  );
  assertNotEmpty(summary);
  onProgress?.({ phase: 'analyze', rows: summary.records, bytes: summary.bytes });

  // Products.
  const plannedProducts: PlannedProduct[] = [];
  for (const sku of [...products.keys()].sort()) {
    const stats = products.get(sku) as ProductStats;
    const description = (stats.pricedDescriptions.modeFirst() ?? stats.descriptions.modeFirst()) as string;
    const title = titleCase(description);
    stats.title = title;
    plannedProducts.push({
      sku,
      title,
      description,
      price: stats.salePrices.modeHighest() ?? stats.cancelPrices.modeHighest() ?? 0,
      currency: 'GBP',
      category: categorise(description),
    });
  }

  // Customers.
  const plannedCustomers: PlannedCustomer[] = [...customers.keys()]
    .sort(byInvoice)
    .map((externalId) => ({ externalId, country: (customers.get(externalId) as Tally<string>).modeFirst() as string }));

  // Orders and returns.
  const sorted = [...invoices.values()].sort((a, b) => a.at - b.at || byInvoice(a.invoiceNo, b.invoiceNo));
  const orders: PlannedOrder[] = [];
  const returns: PlannedReturn[] = [];
  for (const inv of sorted) {
    for (let i = 0; i < inv.lines.length; i++) (inv.lines[i] as PlannedLine).title = (inv.lineProducts[i] as ProductStats).title;
    if (inv.isReturn) {
      returns.push({
        invoiceNo: inv.invoiceNo,
        customerExternalId: inv.customer,
        country: inv.country,
        returnedAt: iso(inv.at),
        lines: inv.lines as PlannedReturnLine[],
        fees: inv.fees,
      });
    } else {
      orders.push({
        invoiceNo: inv.invoiceNo,
        customerExternalId: inv.customer,
        country: inv.country,
        placedAt: iso(inv.at),
        lines: inv.lines as PlannedLine[],
        fees: inv.fees,
      });
    }
  }
  linkReturns(sorted);

  return {
    dateFormat,
    dateFormatDetected: options.dateFormat === undefined,
    period: accepted > 0 ? { first: iso(first), last: iso(last) } : null,
    counts: { read: summary.records, accepted, rejected: rejectedCount },
    rejected: rejected.sort((a, b) => a.line - b.line),
    products: plannedProducts,
    customers: plannedCustomers,
    orders,
    returns,
    currency: 'GBP',
  };
}

/**
 * Sets `originalInvoiceNo` on return lines: the same customer's latest sale placed at or before the return
 * that contains the SKU (ties on time: the greater invoice number). `invoices` is sorted by time.
 */
function linkReturns(invoices: InvoiceAcc[]): void {
  const returning = new Set<string>();
  for (const inv of invoices) if (inv.isReturn && inv.customer !== null && inv.lines.length > 0) returning.add(inv.customer);
  if (returning.size === 0) return;
  // customer → sku → that customer's latest sale of the SKU among the invoices visited so far. Invoices are
  // visited in time order (sales before returns at the same minute: `C…` sorts after digits), so when a return
  // is reached the map holds the latest sale placed at or before it.
  const latest = new Map<string, Map<string, string>>();
  for (const inv of invoices) {
    if (inv.customer === null || !returning.has(inv.customer)) continue;
    let bySku = latest.get(inv.customer);
    if (!bySku) latest.set(inv.customer, (bySku = new Map()));
    if (inv.isReturn) {
      for (const line of inv.lines as PlannedReturnLine[]) line.originalInvoiceNo = bySku.get(line.sku) ?? null;
    } else {
      for (const line of inv.lines) bySku.set(line.sku, inv.invoiceNo);
    }
  }
}
