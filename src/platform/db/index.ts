/**
 * The database layer, one file per concern: types (`types.ts`), transactions and their commit
 * hooks (`transactions.ts`), statements compiled once (`prepared.ts`), raw SQL helpers
 * (`sql.ts`), bulk inserts (`bulk.ts`), migrations (`migrations.ts`), PGlite (`pglite.ts`) and
 * node-postgres (`postgres.ts`, over `preparing-client.ts`). This file is its import surface.
 */
import type { Database, OpenOptions } from './types.js';

export type { Database, DatabaseKind, Db, Executor, MigrationSet, OpenOptions, PoolStats, Session, Tx } from './types.js';
export { commitWithNextStatement, inTransaction, outermostTransaction, runAfterCommit, runBeforeCommit, whenCommitted } from './transactions.js';
export { prepared, preparedSql, type Prepared } from './prepared.js';
export { containsPattern, pgErrorCode, rowFromJson, rows, textArray } from './sql.js';
export { bulkInsert } from './bulk.js';
export { readingOrder } from './collation.js';
export { notifyCoalesced } from './notify.js';


/**
 * Opens the database: node-postgres when `url` is set, else PGlite in `dataDir` (created if
 * missing) or in memory. PGlite loads the pg_trgm extension (search uses it). Only the driver in
 * use is loaded (each costs start time the other deployment never needs).
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) return (await import('./postgres.js')).openPostgres(options.url, options.poolSize ?? 10);
  return (await import('./pglite.js')).openPglite(options.dataDir, { migrations: options.migrations });
}
