import pg from 'pg';

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
export class PreparingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // A connection PostgreSQL drops while a request holds it (server restart, failover,
    // pg_terminate_backend) must not crash the process: the statement in flight fails with the
    // cause, and the pool discards the client when it is released (it is no longer queryable).
    // The pool's own listener only covers idle clients.
    this.on('error', () => undefined);
  }

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
