import { existsSync } from 'node:fs';
import pg from 'pg';

/** How the server under test reaches the local PostgreSQL: its Unix socket or loopback TCP. */
export type PgTransport = 'socket' | 'tcp';

/** Debian's PostgreSQL socket directory (the server listens on `.s.PGSQL.5432` in it). */
const SOCKET_DIR = '/var/run/postgresql';

/** The transport used when `--pg` is not given: the Unix socket when the local server has one. */
export function defaultTransport(): PgTransport {
  return existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`) ? 'socket' : 'tcp';
}

/**
 * The local server's admin connection (the `test` database) over `transport`, or
 * `BENCH_PG_ADMIN_URL` when set (which then decides the transport).
 */
export function adminUrl(transport: PgTransport): string {
  if (process.env.BENCH_PG_ADMIN_URL) return process.env.BENCH_PG_ADMIN_URL;
  return transport === 'socket' ? `postgres://root@${encodeURIComponent(SOCKET_DIR)}/test` : 'postgres://root@127.0.0.1:5432/test';
}

/** `url`'s transport, in words, for the report. */
export function describeConnection(url: string): string {
  const host = decodeURIComponent(new URL(url).hostname);
  return host.startsWith('/') ? `over its Unix socket (${host})` : `over TCP (${host})`;
}

let ADMIN_URL = adminUrl(defaultTransport());

/** Points the helpers below at the admin connection `url` (see {@link adminUrl}). */
export function useAdminUrl(url: string): void {
  ADMIN_URL = url;
}

/** Runs `fn` on a connection of its own to `url` (the admin connection by default), closed after. */
async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
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

/**
 * `ANALYZE` of the whole database at `url`: the statistics autovacuum would have gathered in a
 * shop that has been running (its naptime, 1 minute, is longer than a bench row), so that the
 * plans PostgreSQL caches for the rows that follow are made for the tables as they are.
 */
export async function analyzeDatabase(url: string): Promise<void> {
  await admin((c) => c.query('analyze'), url);
}

/** Outbox events of the database at `url` not delivered yet (`events.outbox`, status pending). */
export async function pendingEvents(url: string): Promise<number> {
  const r = await admin((c) => c.query<{ n: number }>(`select count(*)::int as n from events.outbox where status = 'pending'`), url);
  return r.rows[0]?.n ?? 0;
}
