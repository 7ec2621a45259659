import type { Tx } from '../../platform/db/index.js';
import type { SaleLineInput } from './analytics.facts.js';

export type { SaleLineInput };

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
}
