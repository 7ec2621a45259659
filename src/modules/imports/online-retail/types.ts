/**
 * Shapes of the Online Retail import plan: what `analyzeOnlineRetail` reads out of the CSV, before anything
 * touches a database. Source data: UCI Machine Learning Repository "Online Retail" (Daqing Chen, Sai Liang
 * Sain, Kun Guo, 2012), https://doi.org/10.24432/C5BW33, licensed CC BY 4.0. Money is in integer minor
 * units (pence) of GBP; timestamps are ISO 8601 strings in UTC (the source's UK wall-clock time taken as UTC).
 */
import type { DateFormat } from './dates.js';

export type { DateFormat };

/** A data row that was not imported: its 1-based line in the file (the header is line 1) and why. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** A catalogue product derived from all accepted rows of one StockCode. */
export interface PlannedProduct {
  /** StockCode, trimmed and upper-cased (`85123a` → `85123A`). */
  sku: string;
  /** Readable Title Case of `description` (`White Hanging Heart T-Light Holder`). */
  title: string;
  /**
   * The product's Description as written in the file (trimmed): the most frequent one among its rows with
   * a price > 0 (falling back to all its rows), ties going to the first seen.
   */
  description: string;
  /**
   * Unit price in pence: the most frequent UnitPrice among its accepted sale rows (not cancellations) with
   * price > 0; ties go to the HIGHER price (the list price; lower ones are volume prices). Falls back to
   * the same rule over its cancellation rows, then 0 when the SKU was never seen with a positive price.
   */
  price: number;
  currency: 'GBP';
  /** Leaf category name from `category-rules.json` (`Other` when no rule matches). */
  category: string;
}

/** A customer seen in accepted rows. */
export interface PlannedCustomer {
  /** CustomerID as text, `12923.0` normalised to `12923`. */
  externalId: string;
  /** The Country of most of the customer's invoices (an invoice's country is that of its first accepted row; ties: first seen). */
  country: string;
}

/** One product line of an order (a snapshot: SKU, title and price at the time of the sale). */
export interface PlannedLine {
  sku: string;
  /** The product's title (see {@link PlannedProduct.title}); one title per SKU across the plan. */
  title: string;
  /** Units, always > 0. */
  quantity: number;
  /** Unit price in pence, ≥ 0 (0 = given away free). */
  unitPrice: number;
}

/**
 * A charge or correction on an invoice coming from a service StockCode (postage, discount, manual,
 * bank charges, Amazon fee, gift voucher…), not from a product.
 */
export interface PlannedFee {
  /** Upper-cased service code: `POST`, `DOT`, `C2`, `M`, `D`, `S`, `B`, `CRUK`, `PADS`, `AMAZONFEE`, `BANK CHARGES`, `23444`, `GIFT_0001_40`… */
  code: string;
  /** The row's Description (or a label for the code when empty). */
  description: string;
  /**
   * Signed amount in pence = Quantity × UnitPrice as in the source: positive is charged to the customer,
   * negative is credited (e.g. a `D` Discount on a cancellation invoice is -1 × 27.50 = -2750).
   */
  amount: number;
}

/** A historical sale: one invoice (InvoiceNo not starting with `C`). */
export interface PlannedOrder {
  invoiceNo: string;
  /** Normalised CustomerID, or null for a guest sale. */
  customerExternalId: string | null;
  /** Country of the invoice's first accepted row. */
  country: string;
  /** Earliest InvoiceDate of its accepted rows, ISO 8601 UTC. */
  placedAt: string;
  /** Product lines in file order; a SKU appearing on several rows gives several lines (not merged). */
  lines: PlannedLine[];
  /** Service-code rows of the invoice, in file order. */
  fees: PlannedFee[];
}

/** A returned product line; `quantity` is positive (the source's negative quantity, negated). */
export interface PlannedReturnLine extends PlannedLine {
  /**
   * The sale it returns: the customer's latest invoice placed at or before the return that contains this
   * SKU; null for a guest return or when no such invoice is in the file.
   */
  originalInvoiceNo: string | null;
}

/** A cancellation invoice (InvoiceNo starting with `C`, negative quantities) as a return. */
export interface PlannedReturn {
  invoiceNo: string;
  customerExternalId: string | null;
  country: string;
  /** Earliest InvoiceDate of its accepted rows, ISO 8601 UTC. */
  returnedAt: string;
  lines: PlannedReturnLine[];
  /** Service-code rows (amounts keep the source sign, usually negative: money credited back). */
  fees: PlannedFee[];
}

/** Everything the import would create, plus what it had to leave out. */
export interface ImportPlan {
  /** Date format used to read InvoiceDate. */
  dateFormat: DateFormat;
  /** True when the format was detected from the file, false when the caller passed it. */
  dateFormatDetected: boolean;
  /** First and last InvoiceDate of accepted rows (ISO 8601 UTC), null when no row was accepted. */
  period: { first: string; last: string } | null;
  /** Data rows read (header and empty lines excluded) = accepted + rejected. Always exact. */
  counts: { read: number; accepted: number; rejected: number };
  /** Rejected rows in line order; at most the first 1,000 are listed (`counts.rejected` is exact). */
  rejected: RejectedRow[];
  /** Sorted by SKU. */
  products: PlannedProduct[];
  /** Sorted by externalId. */
  customers: PlannedCustomer[];
  /** Sorted by placedAt, then invoiceNo. */
  orders: PlannedOrder[];
  /** Sorted by returnedAt, then invoiceNo. */
  returns: PlannedReturn[];
  currency: 'GBP';
}

/** Progress report: the phase, data rows scanned so far in it, and bytes of the file parsed so far. */
export interface AnalyzeProgress {
  phase: 'detect' | 'analyze';
  rows: number;
  bytes?: number;
}

/** Options of `analyzeOnlineRetail`. */
export interface AnalyzeOptions {
  /** Skip detection and read InvoiceDate in this format; rows that do not parse under it are rejected. */
  dateFormat?: DateFormat;
  /** Called every 5,000 rows of each phase and once at the end of each phase. */
  onProgress?: (p: AnalyzeProgress) => void;
  /** Called for every rejected row, also beyond the 1,000 the plan lists (not necessarily in line order). */
  onRejected?: (row: RejectedRow) => void;
}
