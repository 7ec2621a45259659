/**
 * Online Retail CSV import — the pure part: read a CSV export of the UCI Machine Learning Repository data set
 * "Online Retail" (Daqing Chen, Sai Liang Sain, Kun Guo, 2012; https://doi.org/10.24432/C5BW33; licensed
 * CC BY 4.0; prices in pounds sterling) and plan the products, customers, historical orders and returns it
 * holds. Nothing here touches a database; the import service turns an {@link ImportPlan} into rows.
 *
 * Columns: `InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country`.
 */
import type { Readable } from 'node:stream';
import { analyze } from './analyze.js';
import type { AnalyzeOptions, ImportPlan } from './types.js';

export type {
  AnalyzeOptions,
  AnalyzeProgress,
  DateFormat,
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
export { categoryTree, categorise, CATEGORY_RULES, FALLBACK_CATEGORY, type CategoryNode, type CategoryRule } from './categories.js';
export {
  DateFormatAmbiguousError,
  EmptyFileError,
  ImportRefusedError,
  MissingColumnsError,
  type DateEvidence,
  type ImportRefusedCode,
} from './errors.js';
export { DATE_FORMATS } from './dates.js';
export { SERVICE_CODES, serviceCode, type ServiceCode, type ServiceKind } from './service-codes.js';
export { MAX_REJECTED_LISTED, REQUIRED_COLUMNS } from './analyze.js';

/**
 * Analyses an Online Retail CSV and returns the import plan. Streams the file (never loads it whole):
 * `open` must return a NEW readable stream of the same file (bytes or strings) each time it is called — it
 * is called twice: pass 1 ("detect") checks the header and reads every InvoiceDate to detect the date
 * format (a single-column scan, see `column-scan.ts`), pass 2 ("analyze") parses every row
 * with csv-parse, validates and aggregates; only pass 2 runs when `options.dateFormat` is given. Memory
 * grows with products, customers and invoice lines, not with a copy of the file (timings in
 * bench/README.md, "Findings").
 *
 * Refusals (nothing planned), all {@link ImportRefusedError} with a stable `code`:
 * - `IMPORT.MISSING_COLUMNS` ({@link MissingColumnsError}): the header row lacks a required column (matched
 *   trimmed, case-insensitively; extra columns are ignored). Checked on the header, before any data row.
 * - `IMPORT.DATE_FORMAT_AMBIGUOUS` ({@link DateFormatAmbiguousError}): detection over the whole file cannot
 *   tell day-first from month-first (every day/month number ≤ 12 and no ISO date), finds contradicting
 *   dates, or finds no readable date. The message names `--date-format dmy|mdy|ymd`. Never guessed.
 * - `IMPORT.EMPTY_FILE` ({@link EmptyFileError}): no header row, or no data row.
 *
 * Rejected rows (skipped, listed with their 1-based line — the header is line 1 — and a reason; counts exact,
 * list capped at the first {@link MAX_REJECTED_LISTED} = 1,000 rows):
 * - wrong column count; truncated last row (the file ends mid-row or inside a quote); CSV that csv-parse
 *   cannot read;
 * - a missing InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice or Country, or a product row without
 *   Description (CustomerID may be empty: a guest; a service-code row may lack a Description);
 * - Quantity not an integer (`6.0` is accepted) or 0; UnitPrice unparsable or negative; Quantity × UnitPrice
 *   beyond safe integers; InvoiceDate not readable in the date format; fractional CustomerID;
 * - a product row with a negative Quantity on an invoice that is not a cancellation (the source's stock
 *   adjustments: price 0, no customer, notes like "damaged"), or with a positive Quantity on a cancellation.
 *
 * Reading rules:
 * - Dates: `dmy` (`01/12/2010 08:26`), `mdy` (`12/01/2010 08:26`), `ymd` (`2011-10-06 16:20:00`); two-digit
 *   years `01/12/10` → 2010. The source is UK local time without a zone: the wall-clock time is taken as
 *   UTC (`01/12/2010 08:26` → `2010-12-01T08:26:00.000Z`), no daylight-saving shift.
 * - Money: UnitPrice is parsed from its decimal text into integer pence (never via floats); more than two
 *   decimals are rounded half-up (`1.6500000000000001` → 165, `0.001` → 0, `2.555` → 256). Currency GBP.
 * - StockCode → SKU: trimmed, upper case. Service codes (POST, DOT, C2, M, D, S, B, CRUK, PADS, AMAZONFEE,
 *   BANK CHARGES, 23444 "Next Day Carriage", gift vouchers `gift_0001_*`) become fees of their invoice.
 * - CustomerID: `12923.0` → `12923`; empty → guest (null).
 * - Invoices: rows grouped by InvoiceNo wherever they are in the file; an invoice none of whose rows was
 *   accepted does not exist. `C…` invoices are returns (quantities made positive), linked per line to the
 *   customer's latest earlier sale of the SKU.
 *
 * Progress: `onProgress` is called every 5,000 rows of each phase and once at the end of each phase, with
 * the rows scanned and bytes parsed so far. An exception it throws aborts the analysis.
 *
 * @param open factory of a fresh readable stream over the CSV file.
 * @throws ImportRefusedError (see above); any error of the stream itself is rethrown as is.
 */
export async function analyzeOnlineRetail(
  open: () => NodeJS.ReadableStream | Readable,
  options?: AnalyzeOptions,
): Promise<ImportPlan> {
  return analyze(open, options);
}
