import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db, Executor } from './types.js';

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
