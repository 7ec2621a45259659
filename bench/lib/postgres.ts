import pg from 'pg';

/** The local server's admin connection (the `test` database), from `BENCH_PG_ADMIN_URL` if set. */
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/test';

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A database created for one bench run; `drop()` removes it (idempotent). */
export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh, uniquely named database on the local PostgreSQL server.
 * @throws Error when the server is unreachable (the message says how to point at another one).
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `comptoir_bench_${Date.now()}_${process.pid}`;
  try {
    await admin((c) => c.query(`create database "${name}"`));
  } catch (err) {
    throw new Error(`cannot create a database via ${ADMIN_URL} (set BENCH_PG_ADMIN_URL): ${(err as Error).message}`);
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** The server's version string (`server_version`), for the report. */
export function postgresVersion(): Promise<string> {
  return admin(async (c) => (await c.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?');
}

/** Outbox events of the database at `url` not delivered yet (`events.outbox`, status pending). */
export async function pendingEvents(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(`select count(*)::int as n from events.outbox where status = 'pending'`);
    return r.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
