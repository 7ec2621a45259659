/**
 * Imports module: bulk imports of public retail data (the UCI Online Retail CSV) into the
 * catalog, identity and orders modules through their contracts, as background jobs with progress
 * and a report. This file is the module's only import surface.
 */
import { join } from 'node:path';
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { CatalogContract } from '../catalog/index.js';
import type { IdentityContract } from '../identity/index.js';
import type { OrdersContract } from '../orders/index.js';
import { importsRoutes } from './imports.routes.js';
import { ImportsService, type ImportedHistoryHook, type ImportOptions, type ImportProgress, type ImportReport } from './imports.service.js';

export type { ImportOptions, ImportProgress, ImportReport, ImportJobDto, ImportedHistoryHook } from './imports.service.js';
export { analyzeOnlineRetail, ImportRefusedError, serviceCode, type DateFormat } from './online-retail/index.js';
export { rejectedReportJson, writeRejectedReport } from './imports.report.js';
/** The date-format detection of the Online Retail import, shared with other CSV imports (analytics' sales import) so both refuse ambiguous dates alike. */
export { addClue, classifyDate, decideDateFormat, emptyEvidence, parseInvoiceDate, type DateClue } from './online-retail/dates.js';
export type { DateEvidence } from './online-retail/errors.js';
export { scanColumn } from './online-retail/column-scan.js';

/** What the CLI (the import command, demo data at start) and the import benchmark may ask of imports. */
export interface ImportsContract {
  /**
   * Imports an Online Retail CSV file now and returns the report.
   * @throws ImportRefusedError (stable `code`) before writing anything when the file is refused.
   */
  importOnlineRetail(file: string, options?: ImportOptions, onProgress?: (p: ImportProgress) => void): Promise<ImportReport>;
}

/**
 * Creates the imports module; uploads are kept under `<dataDir>/imports`. `onHistory` (optional)
 * is called in each transaction that writes imported orders or returns (the composition root
 * hands analytics' recorder here, so imports does not depend on analytics).
 */
export function createImportsModule(
  ctx: ModuleContext,
  deps: { catalog: CatalogContract; identity: IdentityContract; orders: OrdersContract; onHistory?: ImportedHistoryHook },
): AppModule & { contract: ImportsContract } {
  const service = new ImportsService(ctx.database, deps, ctx.log.child({ module: 'imports' }), join(ctx.config.dataDir, 'imports'));
  return {
    name: 'imports',
    migrations: { name: 'imports', folder: 'src/modules/imports/db/migrations' },
    routes: (server) => importsRoutes(server, service),
    start: () => service.resume(),
    stop: async () => service.stop(),
    contract: { importOnlineRetail: (file, options, onProgress) => service.importOnlineRetail(file, options, onProgress) },
  };
}
