import type { Tx } from '../../platform/db/index.js';
import type { ImportedOrder, ImportedReturn } from '../orders/index.js';
import type { SaleLineInput } from './analytics.facts.js';
import type { CatchUpResult } from './analytics.rollups.js';
import type { StoreImportReport } from './analytics.organisation.js';
import type { SalesImportOptions, SalesImportReport } from './analytics.sales-import.js';
import type { TargetImportReport } from './analytics.targets.js';
import type { RfmSegment } from './domain/analyses.js';

export type { CatchUpResult, SaleLineInput, SalesImportOptions, SalesImportReport, StoreImportReport, TargetImportReport };

/** What other modules, flows and the CLI may ask of analytics. */
export interface AnalyticsContract {
  /**
   * The customers (user ids, as sale facts carry them) of RFM segment `segment` over the whole
   * company, scored as `GET /api/admin/analytics/analyses/rfm` scores them for the 365 days that
   * end on the latest day with a sale (today when there is none): newsletters segment by it.
   */
  rfmSegmentCustomers(segment: RfmSegment): Promise<string[]>;
  /**
   * Appends sale lines to the fact table inside `tx` (idempotent by `sourceKey`); the rollups pick
   * them up within seconds. @returns how many lines were new.
   */
  appendSaleLines(tx: Tx, lines: SaleLineInput[]): Promise<number>;
  /**
   * The web shop, the store of kind `online` created at first start that web orders count in:
   * its id (`sto_…`), currency (ISO 4217) and time zone (IANA), as currently edited.
   */
  onlineStore(): Promise<{ id: string; currency: string; timeZone: string }>;
  /**
   * Adds the facts recorded since the last catch-up to the rollups now (the job `analytics.rollups`
   * does it after each commit that appends facts). @returns how many facts, in how many chunks, and the new version.
   */
  catchUpRollups(): Promise<CatchUpResult>;
  /**
   * Recomputes every rollup from the fact table in one transaction (`npx comptoir analytics
   * rebuild`); the figures equal the incremental ones. @returns how many facts and the new version.
   */
  rebuildRollups(): Promise<CatchUpResult>;
  /**
   * Imports a POS sales CSV `file` with `mapping` (JSON text or parsed; see `SalesMapping` in
   * analytics.sales-import.ts): the CLI's `import sales` and the back office's import.
   * @returns the report (rows read, imported, duplicates, rejected with line and reason, created
   *   stores/regions/products, batches written). @throws AppError (nothing written)
   *   400 ANALYTICS.MAPPING_INVALID, 422 ANALYTICS.MAPPING_COLUMN_MISSING | EMPTY_FILE |
   *   DATE_FORMAT_AMBIGUOUS | FUTURE_DATE | NEGATIVE_COST.
   */
  importSales(file: string, mapping: unknown, options?: SalesImportOptions): Promise<SalesImportReport>;
  /**
   * Imports a stores CSV (`npx comptoir import stores`) with the checks of
   * `POST /api/admin/analytics/stores/import`, as the system (company scope; moves recorded without
   * an actor); `createMissingRegions` creates unknown region codes below the company.
   * @returns the report. @throws AppError (nothing written) 400 ANALYTICS.CSV_INVALID, 422
   *   ANALYTICS.IMPORT_REJECTED with `extensions.report` (the rejected rows).
   */
  importStores(text: string, options?: { createMissingRegions?: boolean }): Promise<StoreImportReport>;
  /**
   * Imports a targets CSV (`npx comptoir import targets`) with the checks of
   * `POST /api/admin/analytics/targets/import`, as the system (company scope).
   * @returns the report. @throws AppError (nothing written) 400 ANALYTICS.CSV_INVALID, 409
   *   ANALYTICS.TARGET_PHASING_INVALID, 422 ANALYTICS.IMPORT_REJECTED with `extensions.report`.
   */
  importTargets(text: string): Promise<TargetImportReport>;
  /**
   * Records a batch of imported history (orders; returns as negative lines) of `source` as sale
   * facts of the online store inside `tx`, the import's transaction; `categories` maps SKU → leaf
   * category. Idempotent by source key (`<source>:<invoice>:<line index>:<sku>`). @returns facts added.
   */
  recordImportedHistory(tx: Tx, source: string, batch: { orders: ImportedOrder[]; returns: ImportedReturn[] }, categories: ReadonlyMap<string, string>): Promise<number>;
}
