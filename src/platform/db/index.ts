import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { getTableColumns, sql, type Column, type SQL } from 'drizzle-orm';
import { getTableConfig, PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTable, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { projectRoot } from '../paths.js';

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
  /** Subscribes to NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Applies every pending migration of `sets`, in order. */
  migrate(sets: MigrationSet[]): Promise<void>;
  /** True when every migration of `sets` is recorded as applied. */
  migrationsApplied(sets: MigrationSet[]): Promise<boolean>;
  /** Closes the pool or the embedded database (flushes PGlite to disk). */
  close(): Promise<void>;
}

/** Where to open: a PostgreSQL URL, a PGlite data directory, or in-memory PGlite when both are absent. */
export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
}

/** Work to run inside a top-level transaction of {@link Database.transaction} just before its commit. */
const beforeCommit = new WeakMap<object, (() => Promise<void>)[]>();

/**
 * Runs `fn` inside `tx` right before it commits (after the transaction's own work, in
 * registration order), when `tx` is a top-level transaction opened by {@link Database.transaction}.
 * @returns false when `tx` is anything else (the database, a savepoint): then nothing is
 *   registered and the caller should do its work at once.
 */
export function runBeforeCommit(tx: Executor, fn: () => Promise<void>): boolean {
  const hooks = beforeCommit.get(tx);
  if (!hooks) return false;
  if (committing.has(tx)) throw new Error('runBeforeCommit: this transaction commits with its last statement (commitWithNextStatement); nothing can run before its commit any more');
  hooks.push(fn);
  return true;
}

/** Top-level transactions whose next (last) statement carries their COMMIT, see {@link commitWithNextStatement}. */
const committing = new WeakSet<object>();

/**
 * Runs now the {@link runBeforeCommit} work `tx` has (e.g. its outbox events), then makes the
 * next statement run in `tx` its last, with the COMMIT written right behind it, in the
 * same write, without waiting for its answer (node-postgres in pipeline mode, see
 * {@link PreparingClient}). The locks that statement takes are then released as soon as
 * PostgreSQL has run it and committed, instead of after a round trip to this process, whose
 * event loop may be busy: for a statement that locks a row every transaction wants (the stock of
 * a best-seller), that round trip is most of the time the row stays locked.
 *
 * The statement must fail in SQL whenever the transaction must not commit: a failed statement
 * turns the COMMIT behind it into a rollback (and its error reaches the caller as usual), while
 * a check made in this process after its answer is too late. After it, `tx` takes no other
 * statement (they are refused without being sent) and no {@link runBeforeCommit} work (it
 * throws); the transaction's function should return. {@link runAfterCommit} work runs as usual.
 *
 * @returns false, and nothing changes, when `tx` is not a top-level transaction of
 *   {@link Database.transaction} on node-postgres (PGlite, a savepoint): the commit then
 *   follows the transaction's function.
 */
export async function commitWithNextStatement(tx: Executor): Promise<boolean> {
  const hooks = beforeCommit.get(tx);
  const client = (tx._.session as unknown as { client?: unknown }).client;
  if (!hooks || !(client instanceof PreparingClient) || !client.pipeline) return false;
  for (let i = 0; i < hooks.length; i++) await hooks[i]!();
  hooks.length = 0;
  client.commitBehindNext();
  committing.add(tx);
  return true;
}

/** Work to run after a top-level transaction of {@link Database.transaction} has committed. */
const afterCommit = new WeakMap<object, (() => void)[]>();

/**
 * Runs `fn` once `tx` has committed (not if it rolls back), when `tx` is a top-level transaction
 * opened by {@link Database.transaction}: e.g. dropping cached reads the transaction made stale,
 * which a read between the change and the commit would otherwise cache again. `fn` must not throw.
 * @returns false when `tx` is anything else (nothing registered: the caller acts at once).
 */
export function runAfterCommit(tx: Executor, fn: () => void): boolean {
  const hooks = afterCommit.get(tx);
  if (!hooks) return false;
  hooks.push(fn);
  return true;
}

/** Handles of the open databases (their statements autocommit). */
const handles = new WeakSet<object>();
/** The database handle each top-level transaction of {@link Database.transaction} runs on. */
const handleOfTx = new WeakMap<object, Db>();
/**
 * The top-level transaction of {@link Database.transaction} by its Drizzle session: a savepoint
 * (`tx.transaction(…)`) runs on its parent's session, so this finds the transaction it belongs to.
 */
const txOfSession = new WeakMap<object, Tx>();

/**
 * The top-level transaction of {@link Database.transaction} `exec` is, or is a savepoint of
 * (at any depth); undefined for a database handle or a transaction opened otherwise.
 */
export function outermostTransaction(exec: Executor): Tx | undefined {
  return txOfSession.get(exec._.session);
}

/**
 * Calls `fn(db)`, with the database handle the work runs on, once the work done through `exec`
 * is committed: at once when `exec` is an open database's handle (its statements autocommit),
 * after the commit when `exec` is a top-level transaction of {@link Database.transaction} or a
 * savepoint in one (never if the transaction rolls back; a savepoint's work counts as committed
 * with its transaction, even when the savepoint itself rolled back). `fn` must not throw.
 * @returns false when `exec` is a transaction opened otherwise: its commit cannot be observed
 *   here, nothing is registered.
 */
export function whenCommitted(exec: Executor, fn: (db: Db) => void): boolean {
  if (handles.has(exec)) {
    fn(exec as Db);
    return true;
  }
  const root = outermostTransaction(exec);
  const db = root && handleOfTx.get(root);
  return db !== undefined && runAfterCommit(root!, () => fn(db));
}

/**
 * Runs `fn` in `outer` when the caller already has a transaction (a contract method taking an
 * optional `tx`), else in a transaction of its own.
 */
export function inTransaction<T>(database: Database, outer: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return outer ? fn(outer) : database.transaction(fn);
}

/** `db.transaction` with the {@link runBeforeCommit} hooks run before the commit. */
function transactionOf(db: Db): Database['transaction'] {
  return async (fn) => {
    const committed: (() => void)[] = [];
    const result = await db.transaction(async (tx) => {
      const hooks: (() => Promise<void>)[] = [];
      beforeCommit.set(tx, hooks);
      afterCommit.set(tx, committed);
      handleOfTx.set(tx, db);
      txOfSession.set(tx._.session, tx);
      try {
        const value = await fn(tx);
        for (let i = 0; i < hooks.length; i++) await hooks[i]!();
        return value;
      } finally {
        beforeCommit.delete(tx);
        afterCommit.delete(tx);
        handleOfTx.delete(tx);
        txOfSession.delete(tx._.session);
        committing.delete(tx);
      }
    });
    for (const hook of committed) hook();
    return result;
  };
}

/** Rows of a raw SQL query, whichever driver runs it. */
export async function rows<T>(exec: Executor, query: SQL): Promise<T[]> {
  const result = (await exec.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A statement Drizzle builds and compiles to SQL once, then runs in any executor (the database or
 * a transaction) with each call's values. Its varying values are `sql.placeholder('name')`.
 */
export interface Prepared<R> {
  /**
   * Runs the statement in `exec` with `values` (one per placeholder name).
   * @throws Drizzle's "No value for placeholder" when one is missing, and the driver's errors.
   */
  run(exec: Executor, values?: Record<string, unknown>): Promise<R>;
}

/** What drizzle's prepared queries have in common: one execution with placeholder values. */
interface Executable<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

/**
 * `template` (a prepared query of the same driver) bound to `exec`'s connection. Drizzle ties a
 * prepared query to the session it was built on and cannot run one in a transaction
 * (drizzle-orm issues #613, #2826); both drivers' prepared queries keep that connection in
 * `client`, which is all that differs between two executors, so the copy swaps only it.
 */
function bind<R>(template: Executable<R>, exec: Executor): Executable<R> {
  const bound = Object.create(template) as Executable<R> & { client: unknown };
  bound.client = (exec._.session as unknown as { client: unknown }).client;
  return bound;
}

/** Per driver (session class), so PGlite and node-postgres never share a compiled template. */
function perDriver<R>(make: (exec: Executor) => Executable<R>): Prepared<R> {
  const templates = new Map<unknown, Executable<R>>();
  return {
    run(exec, values) {
      const driver = exec._.session.constructor;
      let template = templates.get(driver);
      if (!template) templates.set(driver, (template = make(exec)));
      return bind(template, exec).execute(values);
    },
  };
}

/**
 * A query-builder statement (select, insert, update or delete, with `sql.placeholder` values)
 * compiled once: for the hot paths, where building the SQL costs more CPU than PostgreSQL spends
 * running it. `build` gets a database handle to build on (any: the statement runs where
 * {@link Prepared.run} says) and is called once per driver. Rows come back as the builder's
 * (typed, mapped) result.
 */
export function prepared<R>(build: (db: Db) => { prepare(name?: string): Executable<R> }): Prepared<R> {
  return perDriver((exec) => build(exec as Db).prepare());
}

const dialect = new PgDialect();

/**
 * A raw SQL statement (with `sql.placeholder` values) compiled once; {@link Prepared.run}
 * resolves to its rows, with raw column names and driver values (timestamps as text). `query`
 * may be a function of a database handle, to embed query builders (`builder.getSQL()`, e.g.
 * inserts in the CTEs of one statement); it is called once per driver.
 */
export function preparedSql<T>(query: SQL | ((db: Db) => SQL)): Prepared<T[]> {
  const raw = perDriver((exec) =>
    exec._.session.prepareQuery<{ execute: { rows: T[] }; all: unknown; values: unknown }>(
      dialect.sqlToQuery(typeof query === 'function' ? query(exec as Db) : query),
      undefined,
      undefined,
      false,
    ),
  );
  return { run: async (exec, values) => (await raw.run(exec, values)).rows };
}

/**
 * A row of `table` from its JSON (`row_to_json`, snake_case column names) as Drizzle's select
 * gives it: property names, and values through each column's driver mapping (timestamps → Date).
 */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, Column][]) {
    const value = json[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T['$inferSelect'];
}

const migrationsTable = (name: string) => `__migrations_${name.replace(/[^a-z0-9_]/gi, '_')}`;

function journalLength(folder: string): number {
  const journal = join(projectRoot, folder, 'meta', '_journal.json');
  if (!existsSync(journal)) return 0;
  return (JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] }).entries.length;
}

async function appliedCount(db: Db, name: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from information_schema.tables where table_schema = 'drizzle' and table_name = ${migrationsTable(name)}`,
  );
  if (!row || row.n === 0) return 0;
  const [count] = await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from drizzle."${migrationsTable(name)}"`));
  return count?.n ?? 0;
}

/**
 * Opens the database: node-postgres when `url` is set, else PGlite in `dataDir` (created if
 * missing) or in memory. PGlite loads the pg_trgm extension (search uses it).
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
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

async function allApplied(db: Db, sets: MigrationSet[]): Promise<boolean> {
  for (const set of sets) {
    if ((await appliedCount(db, set.name)) < journalLength(set.folder)) return false;
  }
  return true;
}

/** Distinct statement texts that get a server-side prepared statement (per connection). */
const MAX_PREPARED = 400;
const preparedNames = new Map<string, string>();

/** The prepared-statement name of a parameterised statement text (new texts get one while there is room). */
function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = `comptoir_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  return name;
}

/** What `BEGIN` answers; {@link PreparingClient} gives it without waiting for the server. */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] });
/** What `ROLLBACK` answers once a transaction has already ended with its last statement. */
const ENDED = Object.freeze({ command: 'ROLLBACK', rowCount: null, oid: 0, rows: [], fields: [] });

/**
 * The node-postgres client of the pool, in pipeline mode (pg's documented `pipeline` option:
 * each query is written at once, without waiting for the answer to the one before; the server
 * answers in order, and each query still gets its own result or error). On top of that:
 *
 * - Each parameterised statement runs as a named prepared statement, so PostgreSQL parses and
 *   analyses it once per connection instead of on every execution (what postgres.js or JDBC do
 *   by default). The application only builds statements from fixed SQL text with parameters, so
 *   the set of texts is small; past {@link MAX_PREPARED} distinct texts, new ones run unnamed.
 * - The queries of one turn of the event loop leave in one write: the socket is corked at the
 *   first and uncorked once the turn's promise work is done (`process.nextTick`). A write that
 *   wakes PostgreSQL costs more CPU, on both sides, than the statement it carries.
 * - `BEGIN` is answered at once and written with the transaction's first statement (Drizzle's
 *   transaction sends it and waits for it before running the transaction's work). It cannot fail
 *   on its own: if the connection has failed, the statement behind it fails with the cause.
 * - After {@link commitBehindNext}, the next statement is written with a COMMIT behind it (see
 *   {@link commitWithNextStatement}); Drizzle's own COMMIT then gets that one's answer, and its
 *   ROLLBACK (the statement failed) is not sent: the transaction has already ended. When the
 *   transaction's function throws before that statement, its ROLLBACK goes out alone.
 */
class PreparingClient extends pg.Client {
  private corked = false;
  /** The next statement is its transaction's last: COMMIT goes right behind it. */
  private commitNext = false;
  /** The COMMIT written behind a transaction's last statement, until Drizzle's COMMIT or ROLLBACK takes it. */
  private earlyCommit: Promise<{ command: string }> | undefined;

  /** Writes COMMIT right behind the next statement (see {@link commitWithNextStatement}). */
  commitBehindNext(): void {
    this.commitNext = true;
  }

  override query(config: unknown, values?: unknown, callback?: unknown): never {
    let c = config as { text?: unknown; name?: unknown; values?: unknown; submit?: unknown } | null;
    const submit = (): never => {
      this.corkForThisTurn();
      return (super.query as (...args: unknown[]) => never)(config, values, callback);
    };
    if (!c || typeof c !== 'object' || typeof c.submit === 'function' || typeof c.text !== 'string') return submit();
    const hasValues = Array.isArray(values) ? values.length > 0 : Array.isArray(c.values) && c.values.length > 0;
    const promised = callback === undefined && typeof values !== 'function';
    if (this.earlyCommit && promised && !hasValues && (c.text === 'commit' || c.text === 'rollback')) {
      const ended = this.earlyCommit;
      this.earlyCommit = undefined;
      if (c.text === 'rollback') return ended.then(() => ENDED, () => ENDED) as never;
      return ended.then((result) => {
        // The last statement failed and its error was swallowed: nothing was committed.
        if (result.command !== 'COMMIT') throw new Error('the transaction was rolled back: its last statement failed');
        return result;
      }) as never;
    }
    if (this.earlyCommit && c.text === 'begin') this.earlyCommit = undefined; // a new transaction: that one has ended
    if (this.earlyCommit) {
      return Promise.reject(new Error('this transaction has ended with its last statement (commitWithNextStatement): no statement can follow it')) as never;
    }
    if (c.text === 'begin' && !hasValues && promised && this.pipeline) {
      this.corkForThisTurn();
      (super.query as (text: string) => Promise<unknown>)('begin').catch(() => undefined);
      return Promise.resolve(BEGUN) as never;
    }
    if (c.name === undefined && hasValues) {
      const name = preparedName(c.text);
      if (name) config = c = { ...c, name };
    }
    if (!this.commitNext) return submit();
    this.commitNext = false;
    // The transaction failed before its last statement: its ROLLBACK ends it, with nothing behind.
    if (c.text === 'rollback') return submit();
    const result = submit();
    const commit = (super.query as (text: string) => Promise<{ command: string }>)('commit');
    commit.catch(() => undefined); // taken by Drizzle's COMMIT or ROLLBACK
    this.earlyCommit = commit;
    return result;
  }

  /** Holds this turn's writes to the server until its promise work is done; see the class. */
  private corkForThisTurn(): void {
    if (this.corked) return;
    const stream = this.connection.stream as unknown as { cork?: () => void; uncork?: () => void };
    if (!stream.cork || !stream.uncork) return;
    stream.cork();
    this.corked = true;
    process.nextTick(() => {
      this.corked = false;
      stream.uncork!();
    });
  }
}

async function openPostgres(url: string, max: number): Promise<Database> {
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

/**
 * The PostgreSQL error code of `err` (e.g. `23505` unique violation, `23514` check violation),
 * with its constraint, detail and hint when it has them, looking through Drizzle's wrapper;
 * undefined for other errors.
 */
export function pgErrorCode(err: unknown): { code: string; constraint?: string; detail?: string; hint?: string } | undefined {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; constraint?: unknown; detail?: unknown; hint?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, constraint: text(candidate.constraint), detail: text(candidate.detail), hint: text(candidate.hint) };
    }
    e = candidate.cause;
  }
  return undefined;
}

/**
 * Inserts many rows in one statement with a single JSON parameter
 * (`insert … select … from json_populate_recordset`), which is far cheaper to build and send than
 * a multi-row VALUES list when there are thousands of rows. Columns are those of the first row;
 * Dates are sent as ISO 8601. `onConflictDoNothing` skips rows that violate a unique constraint.
 * @returns the number of rows inserted.
 */
export async function bulkInsert<T extends PgTable>(
  exec: Executor,
  table: T,
  values: T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<number> {
  if (values.length === 0) return 0;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(values[0] as object).filter((k) => k in columns);
  const names = keys.map((k) => `"${columns[k]!.name}"`).join(', ');
  const { name, schema } = getTableConfig(table);
  const qualified = `${schema ? `"${schema}".` : ''}"${name}"`;
  let inserted = 0;
  for (let i = 0; i < values.length; i += 10_000) {
    const json = JSON.stringify(
      values.slice(i, i + 10_000).map((row) => {
        const out: Record<string, unknown> = {};
        for (const k of keys) out[columns[k]!.name] = (row as Record<string, unknown>)[k];
        return out;
      }),
    );
    const result = (await exec.execute(
      sql`insert into ${sql.raw(qualified)} (${sql.raw(names)}) select ${sql.raw(names)} from json_populate_recordset(null::${sql.raw(qualified)}, ${json}::json)${sql.raw(options.onConflictDoNothing ? ' on conflict do nothing' : '')}`,
    )) as unknown as { rowCount?: number | null; affectedRows?: number };
    inserted += result.rowCount ?? result.affectedRows ?? 0;
  }
  return inserted;
}
