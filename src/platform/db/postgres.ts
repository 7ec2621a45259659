import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { projectRoot } from '../paths.js';
import { tracing } from '../observability/tracing.js';
import { allApplied, migrationsTable } from './migrations.js';
import { PreparingClient } from './preparing-client.js';
import { handles, transactionOf } from './transactions.js';
import type { Database, Db } from './types.js';

/** Opening a dropped LISTEN connection again: 100 ms, doubling, up to 5 s apart, until it works or stops. */
const relisten = retry(handleAll, { maxAttempts: Number.MAX_SAFE_INTEGER, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 5_000 }) });

/**
 * Opens a node-postgres pool of at most `max` {@link PreparingClient} connections to `url`, in
 * pipeline mode; NOTIFY listeners get their own connection each, opened again when it drops.
 * Migrations take an advisory lock. `poolStats` reads the pool's counters (for `/metrics`).
 */
export async function openPostgres(url: string, max: number): Promise<Database> {
  // Tracing on: @opentelemetry/instrumentation-pg patches this module object (its require hook
  // never sees pg inside the bundle): a client span per query, a span per pool checkout.
  tracing()?.instrument('pg', pg);
  const pool = new pg.Pool({ connectionString: url, max, Client: PreparingClient, pipeline: true });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool }) as unknown as Db;
  handles.add(db);
  const listeners: pg.Client[] = [];
  const closing = new AbortController();
  return {
    kind: 'postgres',
    db,
    transaction: transactionOf(db),
    // A plain client outside the pool: COPY cannot run on a pipelined connection.
    session: async (fn) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      try {
        const sessionDb = drizzlePg({ client }) as unknown as Db;
        handles.add(sessionDb);
        return await fn({
          db: sessionDb,
          transaction: transactionOf(sessionDb),
          copyFrom: async (statement, text) => {
            const copy = client.query(copyFrom(statement));
            await pipeline(Readable.from([text]), copy);
            return copy.rowCount;
          },
        });
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    listen: async (channel, onNotify) => {
      const stop = new AbortController();
      let client: pg.Client | undefined;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url });
        c.on('error', () => undefined);
        c.on('notification', (msg) => {
          if (msg.channel === channel) onNotify(msg.payload ?? '');
        });
        try {
          await c.connect();
          await c.query(`LISTEN "${channel.replace(/"/g, '')}"`);
        } catch (err) {
          await c.end().catch(() => undefined);
          throw err;
        }
        client = c;
        listeners.push(c);
        // A dropped connection is opened again; a notification sent meanwhile is lost, so the
        // listener hears one as soon as it listens again.
        c.once('end', () => {
          const at = listeners.indexOf(c);
          if (at >= 0) listeners.splice(at, 1);
          const stopped = AbortSignal.any([stop.signal, closing.signal]);
          if (stopped.aborted) return;
          void relisten.execute(() => (stopped.aborted ? undefined : connect()), stopped).then(() => onNotify(''), () => undefined);
        });
      };
      await connect();
      return async () => {
        stop.abort();
        await client?.end().catch(() => undefined);
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
    poolStats: () => ({ max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      closing.abort();
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}
