import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { projectRoot } from '../paths.js';
import { allApplied, migrationsTable } from './migrations.js';
import { handles, transactionOf } from './transactions.js';
import type { Database, Db } from './types.js';

/** Opens PGlite in `dataDir` (created if missing; in memory when undefined) with pg_trgm, see {@link openDatabase}. */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? join(dataDir, 'pgdata') : undefined, { extensions: { pg_trgm } });
  const db = drizzlePglite({ client }) as unknown as Db;
  handles.add(db);
  const database: Database = {
    kind: 'pglite',
    db,
    transaction: transactionOf(db),
    listen: async (channel, onNotify) => {
      const unsubscribe = await client.listen(channel, onNotify);
      return async () => unsubscribe();
    },
    migrate: async (sets) => {
      for (const set of sets) {
        await migratePglite(db as never, {
          migrationsFolder: join(projectRoot, set.folder),
          migrationsSchema: 'drizzle',
          migrationsTable: migrationsTable(set.name),
        });
      }
    },
    migrationsApplied: (sets) => allApplied(db, sets),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
  return database;
}
