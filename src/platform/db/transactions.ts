import type { PreparingClient } from './preparing-client.js';
import type { Database, Db, Executor, Tx } from './types.js';

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
  if (!hooks || !canCommitBehind(client) || !client.pipeline) return false;
  for (let i = 0; i < hooks.length; i++) await hooks[i]!();
  hooks.length = 0;
  client.commitBehindNext();
  committing.add(tx);
  return true;
}

/**
 * Whether `client` is a {@link PreparingClient} (checked by shape, so that the embedded database
 * never loads node-postgres).
 */
function canCommitBehind(client: unknown): client is Pick<PreparingClient, 'pipeline' | 'commitBehindNext'> {
  return typeof (client as { commitBehindNext?: unknown } | undefined)?.commitBehindNext === 'function';
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
export const handles = new WeakSet<object>();

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
export function transactionOf(db: Db): Database['transaction'] {
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
