import { eq, sql, type SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Db, Executor, MigrationSet, Tx } from '../db/index.js';
import { preparedSql, runBeforeCommit, whenCommitted } from '../db/index.js';
import { newId } from '../ids.js';
import { outbox } from './schema.js';

/** Migrations of the outbox/inbox tables (schema `events`). */
export const eventsMigrations: MigrationSet = { name: 'events', folder: 'src/platform/events/migrations' };

/**
 * NOTIFY channel the relays listen on: how a process tells the others that it committed outbox
 * rows when it has no running relay of its own (see {@link eventsWritten}).
 */
const CHANNEL = 'comptoir_outbox';

/** `NOTIFY` of {@link CHANNEL} (sent when the transaction it runs in commits). */
const notifySql = sql`select pg_notify(${CHANNEL}, '')`;

/** Events written per statement by {@link publishMany} (bounds one JSON parameter's size). */
const PUBLISH_CHUNK = 5_000;

/** An event as delivered to handlers. `occurredAt` is ISO 8601 UTC. */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  aggregateId: string | null;
  payload: P;
  occurredAt: string;
}

/**
 * Writes an event to the outbox inside `tx` (the transaction of the change it reports), and
 * tells the relay, which hears it only if and when `tx` commits.
 * @returns the event id (`evt_…`).
 */
export async function publish(tx: Executor, type: string, payload: object, aggregateId?: string): Promise<string> {
  const [id] = await publishMany(tx, [{ type, payload, aggregateId }]);
  return id!;
}

/** An event as {@link publishMany} and {@link preparedInsertWithEvents} take it. */
export type NewEvent = { type: string; payload: object; aggregateId?: string };
type OutboxRow = { id: string; type: string; payload: object; aggregate_id: string | null };

/** Outbox rows (fresh `evt_…` ids, in order) for `events`. */
const outboxRows = (events: NewEvent[]): OutboxRow[] => events.map((e) => ({ id: newId('evt'), type: e.type, payload: e.payload, aggregate_id: e.aggregateId ?? null }));

/** The placeholder of the outbox rows (a JSON array of {@link OutboxRow}) in the statements below. */
const OUTBOX_ROWS = '__outboxRows';

/**
 * The CTE body writing the outbox rows given as the JSON placeholder `name` (a value from
 * {@link outboxRowsJson} or {@link takeUnwrittenEvents}), all of them or, with `when`, only if
 * that SQL condition holds. Call {@link eventsWritten} once the statement has run.
 */
export function outboxRowsInsertSql(name: string, when?: SQL): SQL {
  return outboxInsertSql(
    sql`select r.id, r.type, r.payload, r.aggregate_id from json_populate_recordset(null::events.outbox, ${sql.placeholder(name)}::json) r${when ? sql` where ${when}` : sql``}`,
  );
}

/** `events` as outbox rows (fresh `evt_…` ids, in order), the JSON value {@link outboxRowsInsertSql} reads. */
export function outboxRowsJson(events: NewEvent[]): string {
  return JSON.stringify(outboxRows(events));
}

/**
 * Takes the events `tx` has published and not written yet (see {@link publishMany}) as the JSON
 * value {@link outboxRowsInsertSql} reads: for the transaction's last statement to write them
 * with its own change (one round trip less before the commit). The caller's statement MUST write
 * them: they are no longer kept for the commit. Events published later are kept as usual.
 */
export function takeUnwrittenEvents(tx: Executor): string {
  return JSON.stringify(unwritten.get(tx)?.splice(0) ?? []);
}

/** The CTE body writing the outbox rows of the {@link OUTBOX_ROWS} placeholder. */
const insertOutboxRows = outboxRowsInsertSql(OUTBOX_ROWS);

/** Writes the outbox rows of {@link OUTBOX_ROWS}. */
const writeOutboxSql = preparedSql(insertOutboxRows);

/** Events published in a transaction and not written yet (see {@link publishMany}). */
const unwritten = new WeakMap<object, OutboxRow[]>();

/**
 * Records several events. In a transaction opened by `Database.transaction` they are kept and
 * written together just before it commits (one statement for all the events of a transaction;
 * none if it rolls back); anywhere else (a savepoint, the database itself) they are written at
 * once. Either way the relay hears of them once they are committed (see {@link eventsWritten}).
 * @returns the event ids (`evt_…`), in order.
 */
export async function publishMany(tx: Executor, events: NewEvent[]): Promise<string[]> {
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

/** A one-row insert and its events in one statement: see {@link preparedInsertWithEvents}. */
export interface InsertWithEvents<T> {
  /**
   * Runs the insert with `values` (its placeholders) and writes `events` to the outbox, atomic on
   * its own. Errors of the insert (unique violation…) throw as usual and write nothing.
   * @returns the inserted row, with raw (snake_case) column names.
   */
  run(exec: Executor, values: Record<string, unknown>, events: NewEvent[]): Promise<T>;
}

/**
 * A statement, compiled once, that runs `insert` (an INSERT … RETURNING of exactly one row with
 * `sql.placeholder` values, e.g. a Drizzle builder's `getSQL()`) and writes events to the outbox:
 * a change that is one insert needs no transaction (no BEGIN/COMMIT round trips).
 */
export function preparedInsertWithEvents<T>(insert: (db: Db) => SQL): InsertWithEvents<T> {
  const statement = preparedSql<T>((db) => sql`with main as (${insert(db)}), written as (${insertOutboxRows}) select main.* from main`);
  return {
    async run(exec, values, events) {
      const [row] = await statement.run(exec, { ...values, [OUTBOX_ROWS]: JSON.stringify(outboxRows(events)) });
      if (!row) throw new Error('preparedInsertWithEvents: the insert returned no row');
      await eventsWritten(exec);
      return row;
    },
  };
}

/**
 * Writes now the events `tx` has published but not written yet (see {@link publishMany}); any
 * published later are kept again until the commit. For a transaction about to take a contended
 * row lock: written first, they are not written while the lock is held.
 */
export async function flushEvents(tx: Executor): Promise<void> {
  const pending = unwritten.get(tx);
  if (pending?.length) await writeOutbox(tx, pending.splice(0));
}

/**
 * For a statement whose events depend on what it changed, computed in SQL: the CTE body that
 * writes the rows `select` yields, with columns `(id, type, payload, aggregate_id)` (ids from
 * `newId('evt')`, passed as parameters; payload jsonb). Call {@link eventsWritten} once the
 * statement has run (when it wrote events) so the relay hears of them on commit.
 */
export function outboxInsertSql(select: SQL): SQL {
  return sql`insert into events.outbox (id, type, payload, aggregate_id) ${select}`;
}

/** Running relays by the database handle they deliver from (see {@link eventsWritten}). */
const runningRelays = new WeakMap<Db, Set<OutboxRelay>>();
/** Databases with a NOTIFY in flight; true when another was asked for meanwhile. */
const notifying = new WeakMap<Db, boolean>();

/**
 * Tells the relays that the work done through `exec` wrote outbox rows, for delivery as soon as
 * it commits. This process's running relays on that database are woken directly once it has
 * committed: no NOTIFY, whose commit would take PostgreSQL's global notify lock and so serialize
 * every commit that writes events (measured: most busy backends waited on that lock under the
 * add-to-cart load). With no relay running here, other processes hear one NOTIFY (coalesced).
 * In a savepoint, or a transaction not opened by `Database.transaction`, whose commit cannot be
 * observed, it queues a NOTIFY in `exec` instead (PostgreSQL delivers it on commit; this
 * process's relay listens too): one more statement.
 */
export async function eventsWritten(exec: Executor): Promise<void> {
  if (!whenCommitted(exec, eventsCommitted)) await exec.execute(notifySql);
}

/** Outbox rows are committed on `db`: wake this process's relays on it, or NOTIFY the others. */
function eventsCommitted(db: Db): void {
  const relays = runningRelays.get(db);
  if (relays?.size) {
    for (const relay of relays) relay.wake();
    return;
  }
  // One NOTIFY in flight per database; asks meanwhile are folded into one more after it.
  if (notifying.has(db)) {
    notifying.set(db, true);
    return;
  }
  notifying.set(db, false);
  void db
    .execute(notifySql)
    .catch(() => undefined) // the database is closing: its relays are gone too
    .finally(() => {
      const again = notifying.get(db);
      notifying.delete(db);
      if (again) eventsCommitted(db);
    });
}

/** Inserts outbox rows: one statement (one round trip) per chunk. */
async function writeOutbox(exec: Executor, values: OutboxRow[]): Promise<void> {
  for (let i = 0; i < values.length; i += PUBLISH_CHUNK) {
    await writeOutboxSql.run(exec, { [OUTBOX_ROWS]: JSON.stringify(values.slice(i, i + PUBLISH_CHUNK)) });
  }
}

/**
 * Claims up to `limit` due pending events, oldest first; events another relay holds are skipped,
 * not waited for. Events of the `types` (a text array) some subscriber handles get a 15 s lease
 * (`next_attempt_at`) and come back with their payload (`handled` true); the others, which no
 * subscriber of this process handles (e.g. `cart.item_added`), are delivered by the claim itself
 * (`handled` false, no payload): one write per such event instead of a lease and an acknowledgement.
 */
const claimDue = preparedSql<{ id: string; type: string; aggregate_id: string | null; payload: unknown; occurred_at: string | Date; attempts: number; handled: boolean }>(
  sql`update events.outbox o set next_attempt_at = now() + interval '15 seconds',
        status = case when o.type = any(${sql.placeholder('types')}::text[]) then o.status else 'delivered' end,
        delivered_at = case when o.type = any(${sql.placeholder('types')}::text[]) then o.delivered_at else now() end,
        last_error = case when o.type = any(${sql.placeholder('types')}::text[]) then o.last_error end
      where id in (select id from events.outbox where status = 'pending' and next_attempt_at <= now()
                   order by id limit ${sql.placeholder('limit')} for update skip locked)
      returning id, type, aggregate_id, case when o.status = 'pending' then payload end as payload, occurred_at, attempts, o.status = 'pending' as handled`,
);

/** Marks the outbox events `ids` (a text array) delivered. */
const markDelivered = preparedSql(sql`update events.outbox set status = 'delivered', delivered_at = now(), last_error = null where id = any(${sql.placeholder('ids')}::text[])`);

/** Records in the inbox that `consumer` handles the events `ids` (a text array); returns those it had not handled yet. */
const recordInbox = preparedSql<{ id: string }>(
  sql`insert into events.inbox (consumer, event_id) select ${sql.placeholder('consumer')}, unnest(${sql.placeholder('ids')}::text[]) on conflict do nothing returning event_id as id`,
);

/** Rows a purge deletes per statement (short statements; no long lock on the tables). */
const PURGE_BATCH = 5_000;

/**
 * Deletes at most `limit` events delivered before `cutoff`; answers how many. Pending and dead
 * events are never purged (the dead-letter list keeps them until an operator retries them).
 */
const purgeDelivered = preparedSql<{ n: number }>(
  sql`with gone as (
        delete from events.outbox where id in (
          select id from events.outbox where status = 'delivered' and delivered_at < ${sql.placeholder('cutoff')}::timestamptz
          limit ${sql.placeholder('limit')} for update skip locked)
        returning 1)
      select count(*)::int as n from gone`,
);

/**
 * Deletes at most `limit` inbox entries recorded before `cutoff` whose event can no longer be
 * delivered again (delivered, or purged); answers how many. The entries of pending and dead
 * events stay: they keep a retried event from having a second effect.
 */
const purgeInbox = preparedSql<{ n: number }>(
  sql`with gone as (
        delete from events.inbox where (consumer, event_id) in (
          select i.consumer, i.event_id from events.inbox i
          where i.processed_at < ${sql.placeholder('cutoff')}::timestamptz
            and not exists (select 1 from events.outbox o where o.id = i.event_id and o.status <> 'delivered')
          limit ${sql.placeholder('limit')} for update skip locked)
        returning 1)
      select count(*)::int as n from gone`,
);

/** Handles one event inside `tx`, the same transaction that records it in the inbox. */
export type EventHandler = (event: EventEnvelope, tx: Tx) => Promise<void>;

/** Handles several events at once (in delivery order) inside `tx`: for set-based read models. */
export type BatchEventHandler = (events: EventEnvelope[], tx: Tx) => Promise<void>;

interface Subscription {
  consumer: string;
  types: Set<string>;
  handle: BatchEventHandler;
}

/** Tuning of the {@link OutboxRelay}. Durations in milliseconds. */
export interface RelayOptions {
  /** Failed deliveries before an event is dead-lettered (default 8). */
  maxAttempts?: number;
  /** Events claimed per round (default 200). */
  batchSize?: number;
  /** Longest idle sleep between safety polls when no NOTIFY arrives (default 60 000). */
  maxIdleMs?: number;
  /** First retry delay; doubles per attempt up to 5 minutes (default 1 000). */
  retryBaseMs?: number;
  /** Under load, how long to wait after a round for more events to batch (default 10). */
  coalesceMs?: number;
  /**
   * How long delivered events (and the inbox entries of events that can no longer be delivered)
   * are kept before {@link OutboxRelay.purge} deletes them; 0 keeps them forever (default 7 days).
   */
  retentionMs?: number;
}

/**
 * Delivers outbox events to in-process subscribers, at least once, with idempotent handlers
 * (each (consumer, event) pair runs once thanks to the inbox). Wakes when this process commits
 * events (see {@link eventsWritten}) or on NOTIFY from another process;
 * when idle it backs off to one query per `maxIdleMs`, so an idle process makes close to zero
 * database queries. Failed handlers are retried with exponential backoff; after `maxAttempts`
 * the event is marked `dead` (the dead-letter list). Several processes may share a database:
 * claims are leased with `FOR UPDATE SKIP LOCKED`. {@link purge} deletes delivered events older
 * than `retentionMs` (the composition root runs it as a periodic job).
 */
export class OutboxRelay {
  private readonly subscriptions: Subscription[] = [];
  /** Every event type some subscription handles (what {@link claimDue} leases instead of delivering). */
  private subscribedTypes: string[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly maxAttempts: number;
  private readonly batchSize: number;
  private readonly maxIdleMs: number;
  private readonly retryBaseMs: number;
  private readonly coalesceMs: number;
  private readonly retentionMs: number;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    options: RelayOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.batchSize = options.batchSize ?? 200;
    this.maxIdleMs = options.maxIdleMs ?? 60_000;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.coalesceMs = options.coalesceMs ?? 10;
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
  }

  /** Registers `handler` as `consumer` for the event `types`. Call before {@link start}. */
  subscribe(consumer: string, types: string | string[], handler: EventHandler): void {
    this.subscribeBatch(consumer, types, async (events, tx) => {
      for (const event of events) await handler(event, tx);
    });
  }

  /**
   * Registers a batch handler: it receives every due event of `types` this consumer has not
   * handled yet, in order, in one transaction. When it throws, the relay retries the events one
   * by one to isolate the failing one.
   */
  subscribeBatch(consumer: string, types: string | string[], handle: BatchEventHandler): void {
    this.subscriptions.push({ consumer, types: new Set(Array.isArray(types) ? types : [types]), handle });
    this.subscribedTypes = [...new Set(this.subscriptions.flatMap((sub) => [...sub.types]))];
  }

  /** Starts listening and delivering in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unlisten = await this.database.listen(CHANNEL, () => this.wake());
    const relays = runningRelays.get(this.database.db) ?? new Set();
    runningRelays.set(this.database.db, relays.add(this));
    this.loop = this.run();
  }

  /** Asks the relay to look for events now (after a commit, or on NOTIFY). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops after the round in progress; resolves when the loop has ended. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    runningRelays.get(this.database.db)?.delete(this);
    this.wake();
    await this.loop;
    await this.unlisten?.();
  }

  /**
   * Deletes the events delivered more than `retentionMs` before `now`, and the inbox entries
   * recorded before then whose event can no longer be delivered again, a few thousand rows per
   * statement until none is left; pending and dead events (and their inbox entries) are kept.
   * Nothing is deleted when the retention is 0. Several processes may purge at once.
   * @returns how many events and inbox entries were deleted.
   */
  async purge(now: Date = new Date()): Promise<{ events: number; inboxEntries: number }> {
    const purged = { events: 0, inboxEntries: 0 };
    if (this.retentionMs <= 0) return purged;
    const values = { cutoff: new Date(now.getTime() - this.retentionMs).toISOString(), limit: PURGE_BATCH };
    let n: number;
    do {
      n = (await purgeDelivered.run(this.database.db, values))[0]!.n;
      purged.events += n;
    } while (n === PURGE_BATCH);
    do {
      n = (await purgeInbox.run(this.database.db, values))[0]!.n;
      purged.inboxEntries += n;
    } while (n === PURGE_BATCH);
    if (purged.events + purged.inboxEntries > 0) this.log.info({ ...purged, before: values.cutoff }, 'purged delivered outbox events');
    return purged;
  }

  /**
   * Delivers every event that is due now, round after round, until none is left; returns how
   * many were handled. Tests and the CLI use it to wait for the read models to catch up.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.deliverDue();
      if (n === 0) return total;
      total += n;
    }
  }

  private async run(): Promise<void> {
    let idle = 1_000;
    while (this.running) {
      this.woken = false;
      let delivered = 0;
      try {
        delivered = await this.deliverDue();
      } catch (err) {
        this.log.error({ err }, 'outbox relay round failed');
      }
      if (!this.running) break;
      if (delivered > 0) idle = 1_000;
      // A full batch may have left more behind; otherwise only a NOTIFY heard since the claim
      // (a commit during the round) can have brought new events: no empty claim after every round.
      if (delivered >= this.batchSize) continue;
      if (this.woken) {
        // Busy: let a few more commits land so that the next round delivers them together
        // (one claim, one transaction per consumer, one acknowledgement for all of them).
        if (delivered > 0 && this.coalesceMs > 0) await new Promise((resolve) => setTimeout(resolve, this.coalesceMs));
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, idle);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = done;
      });
      this.wakeUp = undefined;
      idle = this.woken ? 1_000 : Math.min(idle * 2, this.maxIdleMs);
    }
  }

  /** Rounds run one at a time in a process, so `drain()` also waits for the loop's round in progress. */
  private inFlight: Promise<unknown> = Promise.resolve();

  private deliverDue(): Promise<number> {
    const round = this.inFlight.then(() => this.deliverRound());
    this.inFlight = round.catch(() => undefined);
    return round;
  }

  /**
   * One round: claim due events with a 15 s lease (a process that dies mid-round leaves them to be
   * claimed again once it expires), deliver each, record the outcome.
   */
  private async deliverRound(): Promise<number> {
    const claimed = await claimDue.run(this.database.db, { limit: this.batchSize, types: this.subscribedTypes });
    claimed.sort((a, b) => (a.id < b.id ? -1 : 1));
    const events: (EventEnvelope & { attempts: number })[] = claimed.filter((row) => row.handled).map((row) => ({
      id: row.id,
      type: row.type,
      aggregateId: row.aggregate_id,
      payload: row.payload,
      occurredAt: new Date(row.occurred_at).toISOString(),
      attempts: row.attempts,
    }));
    const failures = new Map<string, string>();
    for (const sub of this.subscriptions) {
      const mine = events.filter((e) => sub.types.has(e.type) && !failures.has(e.id));
      if (mine.length === 0) continue;
      // Fast path: the whole batch in one transaction; on any failure, one event at a time to isolate it.
      try {
        await this.handleAll(sub, mine);
      } catch {
        for (const event of mine) {
          try {
            await this.handleAll(sub, [event]);
          } catch (err) {
            failures.set(event.id, `${sub.consumer}: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
    }
    const delivered = events.filter((e) => !failures.has(e.id)).map((e) => e.id);
    if (delivered.length) {
      await markDelivered.run(this.database.db, { ids: delivered });
    }
    for (const event of events) {
      const failure = failures.get(event.id);
      if (!failure) continue;
      const attempts = event.attempts + 1;
      const dead = attempts >= this.maxAttempts;
      const delay = Math.min(this.retryBaseMs * 2 ** (attempts - 1), 300_000);
      await this.database.db
        .update(outbox)
        .set({ attempts, lastError: failure, status: dead ? 'dead' : 'pending', nextAttemptAt: new Date(Date.now() + delay) })
        .where(eq(outbox.id, event.id));
      this.log.warn({ eventId: event.id, type: event.type, attempts, dead, error: failure }, 'event delivery failed');
      if (!dead) setTimeout(() => this.wake(), delay).unref();
    }
    return claimed.length;
  }

  /** Runs `sub` for the events it has not handled yet, all in one transaction with their inbox rows. */
  private async handleAll(sub: Subscription, events: EventEnvelope[]): Promise<void> {
    await this.database.transaction(async (tx) => {
      const fresh = new Set((await recordInbox.run(tx, { consumer: sub.consumer, ids: events.map((e) => e.id) })).map((r) => r.id));
      const todo = events.filter((e) => fresh.has(e.id));
      if (todo.length) await sub.handle(todo, tx);
    });
  }
}
