import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';

/** Drizzle database handle, the same type over PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction opened with {@link Database.transaction} (or `db.transaction`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, any>;
/** Anything that runs queries: the database or a transaction. Services take one explicitly. */
export type Executor = Db | Tx;

/** Which engine backs a {@link Database}. */
export type DatabaseKind = 'pglite' | 'postgres';

/** A module's migrations: generated SQL in `folder` (relative to the project root). */
export interface MigrationSet {
  /** Module (or platform part) name; names the bookkeeping table `drizzle.__migrations_<name>`. */
  name: string;
  /** Folder of drizzle-kit output, relative to the project root, e.g. `src/modules/catalog/db/migrations`. */
  folder: string;
}

/** An open database: PGlite in process or a node-postgres pool. */
export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Db;
  /**
   * Runs `fn` in one transaction; when it resolves, runs the {@link runBeforeCommit} hooks (the
   * transaction's outbox events) and commits, then runs the {@link runAfterCommit} hooks; rolls
   * back when either throws (and rethrows).
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one connection of its own (PGlite: its only session), released when `fn`
   * settles: temporary tables created through `session.db` live until then (name them uniquely:
   * on PGlite every caller shares the session).
   */
  session<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Applies every pending migration of `sets`, in order. */
  migrate(sets: MigrationSet[]): Promise<void>;
  /** True when every migration of `sets` is recorded as applied. */
  migrationsApplied(sets: MigrationSet[]): Promise<boolean>;
  /** Closes the pool or the embedded database (flushes PGlite to disk). */
  close(): Promise<void>;
  /** PostgreSQL only: the connection pool's size limit and its connections now (open, idle) and queued checkouts. */
  poolStats?(): PoolStats;
}

/** A node-postgres pool's counters at one instant (see {@link Database.poolStats}). */
export interface PoolStats {
  /** Largest number of connections (`DATABASE_POOL_SIZE`). */
  max: number;
  /** Connections open, idle or in use. */
  total: number;
  /** Open connections waiting for work. */
  idle: number;
  /** Checkouts queued for a connection. */
  waiting: number;
}

/** One connection of a {@link Database} (see {@link Database.session}). */
export interface Session {
  readonly db: Db;
  /** {@link Database.transaction} on this connection (the same commit hooks). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs `statement`, a `COPY … FROM STDIN` in text format, feeding it `text` (rows of
   * tab-separated values, each ending with a newline). @returns the rows copied.
   */
  copyFrom(statement: string, text: string): Promise<number>;
}

/** Where to open: a PostgreSQL URL, a PGlite data directory, or in-memory PGlite when both are absent. */
export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /** PGlite: the migration sets the caller will apply, already applied in a fresh data dir's template cluster (see `openPglite`). */
  migrations?: MigrationSet[];
}
