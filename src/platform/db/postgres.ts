import { join } from 'node:path';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { projectRoot } from '../paths.js';
import { allApplied, migrationsTable } from './migrations.js';
import { PreparingClient } from './preparing-client.js';
import { handles, transactionOf } from './transactions.js';
import type { Database, Db } from './types.js';

/**
 * Opens a node-postgres pool of at most `max` {@link PreparingClient} connections to `url`, in
 * pipeline mode; NOTIFY listeners get their own connection each. Migrations take an advisory lock.
 */
export async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, Client: PreparingClient, pipeline: true });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool }) as unknown as Db;
  handles.add(db);
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    db,
    transaction: transactionOf(db),
    listen: async (channel, onNotify) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onNotify(msg.payload ?? '');
      });
      await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => undefined);
      };
    },
    migrate: async (sets) => {
      // One migrator at a time across processes sharing this database.
      const lock = await pool.connect();
      try {
        await lock.query('select pg_advisory_lock(728361)');
        for (const set of sets) {
          await migratePg(db as never, {
            migrationsFolder: join(projectRoot, set.folder),
            migrationsSchema: 'drizzle',
            migrationsTable: migrationsTable(set.name),
          });
        }
      } finally {
        await lock.query('select pg_advisory_unlock(728361)').catch(() => undefined);
        lock.release();
      }
    },
    migrationsApplied: (sets) => allApplied(db, sets),
    close: async () => {
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}
