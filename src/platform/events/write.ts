import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor, Prepared } from '../db/index.js';
import { notifyCoalesced, outermostTransaction, preparedSql, runBeforeCommit, whenCommitted } from '../db/index.js';
import { newId } from '../ids.js';
import { currentTraceparent } from '../trace.js';
import type { AppEvents, EventName, NewEvent } from './types.js';

/**
 * NOTIFY channel the relays listen on: how a process tells the others that it committed outbox
 * rows when it has no running relay of its own (see {@link eventsWritten}).
 */
export const CHANNEL = 'comptoir_outbox';

/** `NOTIFY` of {@link CHANNEL} (sent when the transaction it runs in commits). */
const notifySql = sql`select pg_notify(${CHANNEL}, '')`;

/** Events written per statement by {@link publishMany} (bounds one JSON parameter's size). */
const PUBLISH_CHUNK = 5_000;

type OutboxRow = { id: string; type: string; payload: object; aggregate_id: string | null; traceparent?: string };

/** Outbox rows (fresh `evt_…` ids, in order) for `events`, with the current trace context when there is one. */
const outboxRows = (events: readonly NewEvent[]): OutboxRow[] => {
  const traceparent = currentTraceparent();
  return (events as readonly { type: string; payload: object; aggregateId?: string }[]).map((e) =>
    traceparent ? { id: newId('evt'), type: e.type, payload: e.payload, aggregate_id: e.aggregateId ?? null, traceparent } : { id: newId('evt'), type: e.type, payload: e.payload, aggregate_id: e.aggregateId ?? null });
};

/** `insert into events.outbox` of the rows `select` yields (columns id, type, payload jsonb, aggregate_id). */
const insertSql = (select: SQL): SQL => sql`insert into events.outbox (id, type, payload, aggregate_id) ${select}`;

/** The insert of the outbox rows (with their trace context) given as the JSON array placeholder `name`, only if `when` holds (when given). */
const rowsInsertSql = (name: string, when?: SQL): SQL =>
  sql`insert into events.outbox (id, type, payload, aggregate_id, traceparent) select r.id, r.type, r.payload, r.aggregate_id, r.traceparent from json_populate_recordset(null::events.outbox, ${sql.placeholder(name)}::json) r${when ? sql` where ${when}` : sql``}`;

/** The placeholders of {@link OutboxSql}: the statement's own events, and the transaction's unwritten ones. */
const EVENTS = '__events';
const PENDING = '__pending';

/** Writes the outbox rows of the {@link EVENTS} placeholder. */
const writeOutboxSql = preparedSql(rowsInsertSql(EVENTS));

/** Events published in a transaction and not written yet (see {@link publishMany}). */
const unwritten = new WeakMap<object, OutboxRow[]>();

/**
 * Writes an event to the outbox inside `tx` (the transaction of the change it reports); the
 * relay hears of it once `tx` commits. `payload` must be the payload type of `type` in
 * {@link AppEvents}.
 * @returns the event id (`evt_…`).
 */
export async function publish<K extends EventName>(tx: Executor, type: K, payload: AppEvents[K], aggregateId?: string): Promise<string> {
  const [id] = await publishMany(tx, [{ type, payload, aggregateId } as NewEvent]);
  return id!;
}

/**
 * Records several events. In a transaction opened by `Database.transaction` they are kept and
 * written together just before it commits (one statement for all the events of a transaction;
 * none if it rolls back), or by the first {@link eventStatement} run in it that writes
 * `outbox.pending()`; anywhere else (a savepoint, the database itself) they are written at once.
 * Either way the relay hears of them once they are committed: a savepoint's with its
 * transaction's commit.
 * @returns the event ids (`evt_…`), in order.
 */
export async function publishMany(tx: Executor, events: readonly NewEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const values = outboxRows(events);
  const kept = unwritten.get(tx);
  if (kept) kept.push(...values);
  else if (runBeforeCommit(tx, () => takeAndWrite(tx))) unwritten.set(tx, values);
  else await writeOutbox(tx, values);
  if (!kept) await eventsWritten(tx);
  return values.map((v) => v.id);
}

/**
 * Writes the events `tx` kept (its before-commit work). They are no longer kept: an event
 * published afterwards asks for before-commit work again, which fails loudly once the
 * transaction can take none (see `commitWithNextStatement`) instead of being kept unwritten.
 */
function takeAndWrite(tx: Executor): Promise<void> {
  const rows = unwritten.get(tx) ?? [];
  unwritten.delete(tx);
  return writeOutbox(tx, rows);
}

/** Inserts outbox rows: one statement (one round trip) per chunk. */
async function writeOutbox(exec: Executor, values: OutboxRow[]): Promise<void> {
  for (let i = 0; i < values.length; i += PUBLISH_CHUNK) {
    await writeOutboxSql.run(exec, { [EVENTS]: JSON.stringify(values.slice(i, i + PUBLISH_CHUNK)) });
  }
}

/** What an {@link eventStatement}'s SQL can write to the outbox; each is the body of a CTE (`written as (…)`). */
export interface OutboxSql {
  /**
   * Writes the rows `select` yields, with columns `(id, type, payload, aggregate_id)`: events
   * computed in SQL from what the statement changed (ids from `newId('evt')`, passed as
   * parameters; payload jsonb, which must match the type's schema: see `defineEvents`).
   */
  insert(select: SQL): SQL;
  /** Writes the events given to {@link EventStatement.run}, or, with `when`, only if that SQL condition holds. */
  events(when?: SQL): SQL;
  /**
   * Writes the events the transaction it runs in has published and not written yet (see
   * {@link publishMany}): e.g. for a transaction's last statement (one round trip less before the
   * commit), or for a statement that locks a contended row (nothing is left to write once it holds
   * the lock). Events published later are kept for the commit as usual.
   */
  pending(): SQL;
}

/** A raw SQL statement that writes outbox rows: see {@link eventStatement}. */
export interface EventStatement<T> {
  /**
   * Runs the statement in `exec` with `values` (one per placeholder) and `events` (what
   * `outbox.events()` writes), fills `outbox.pending()` with the transaction's unwritten events,
   * and tells the relay, which hears of the rows once `exec`'s work is committed.
   * @returns its rows, raw column names and driver values.
   * @throws the database's errors (nothing written; the events taken by `outbox.pending()` then
   *   go with the failed transaction).
   */
  run(exec: Executor, values?: Record<string, unknown>, events?: readonly NewEvent[]): Promise<T[]>;
}

/**
 * A raw SQL statement (with `sql.placeholder` values, compiled once per driver) that writes
 * outbox rows in its own CTEs through `outbox` ({@link OutboxSql}): one statement for a change
 * and its events, with no transaction needed when it is the whole change. `build` gets a
 * database handle to build query builders on (`builder.getSQL()`); it is called once per driver.
 * Running it wakes the relay when it wrote outbox rows: callers never have to. `wrote`, when
 * given, tells from the statement's rows whether its own CTEs wrote any (e.g. an add-to-cart
 * that a rule refused wrote none); without it every run counts as writing. Events taken by
 * `outbox.pending()` always count.
 */
export function eventStatement<T>(build: (db: Db, outbox: OutboxSql) => SQL, wrote?: (rows: T[]) => boolean): EventStatement<T> {
  const uses = { events: false, pending: false };
  const outbox: OutboxSql = {
    insert: insertSql,
    events: (when) => {
      uses.events = true;
      return rowsInsertSql(EVENTS, when);
    },
    pending: () => {
      uses.pending = true;
      return rowsInsertSql(PENDING);
    },
  };
  // What the statement writes is known once it is built: its first run builds it (then the
  // driver compiles that build), other drivers build their own.
  let first: SQL | undefined;
  let built = false;
  const statement: Prepared<T[]> = preparedSql<T>((db) => {
    const query = first ?? build(db, outbox);
    first = undefined;
    return query;
  });
  return {
    async run(exec, values = {}, events = []) {
      if (!built) {
        first = build(exec as Db, outbox);
        built = true;
      }
      const all: Record<string, unknown> = { ...values };
      if (uses.events) all[EVENTS] = JSON.stringify(outboxRows(events));
      else if (events.length) throw new Error('eventStatement: events given to a statement without outbox.events()');
      const pending = uses.pending ? (unwritten.get(exec)?.splice(0) ?? []) : [];
      if (uses.pending) all[PENDING] = JSON.stringify(pending);
      const found = await statement.run(exec, all);
      if (pending.length > 0 || !wrote || wrote(found)) await eventsWritten(exec);
      return found;
    },
  };
}

/** Running relays by the database handle they deliver from (see {@link eventsWritten}). */
export const runningRelays = new WeakMap<Db, Set<{ wake(): void }>>();

/**
 * Tells the relays that the work done through `exec` wrote outbox rows, for delivery as soon as
 * it commits (a savepoint's: with its top-level transaction). This process's running relays on
 * that database are woken directly once it has committed: no NOTIFY, whose commit would take
 * PostgreSQL's global notify lock and so serialize every commit that writes events. With no
 * relay running here, other processes hear one NOTIFY (coalesced). In a transaction not opened
 * by `Database.transaction`, whose commit cannot be observed, it queues a NOTIFY in `exec`
 * instead (PostgreSQL delivers it on commit; this process's relay listens too).
 */
async function eventsWritten(exec: Executor): Promise<void> {
  const outermost = outermostTransaction(exec);
  if (outermost && wakeAsked.has(outermost)) return;
  if (!whenCommitted(exec, eventsCommitted)) await exec.execute(notifySql);
  else if (outermost) wakeAsked.add(outermost);
}

/** Transactions whose commit already wakes the relays (one wake-up per transaction, however many writes). */
const wakeAsked = new WeakSet<object>();

/** Outbox rows are committed on `db`: wake this process's relays on it, or NOTIFY the others. */
function eventsCommitted(db: Db): void {
  const relays = runningRelays.get(db);
  if (relays?.size) {
    for (const relay of relays) relay.wake();
    return;
  }
  notifyCoalesced(db, CHANNEL);
}
