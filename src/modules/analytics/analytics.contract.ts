import type { Tx } from '../../platform/db/index.js';
import type { SaleLineInput } from './analytics.facts.js';
import type { CatchUpResult } from './analytics.rollups.js';

export type { SaleLineInput, CatchUpResult };

/** What other modules, flows and the CLI may ask of analytics. */
export interface AnalyticsContract {
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
   * does it every second). @returns how many facts, in how many chunks, and the new version.
   */
  catchUpRollups(): Promise<CatchUpResult>;
  /**
   * Recomputes every rollup from the fact table in one transaction (`npx comptoir analytics
   * rebuild`); the figures equal the incremental ones. @returns how many facts and the new version.
   */
  rebuildRollups(): Promise<CatchUpResult>;
}
