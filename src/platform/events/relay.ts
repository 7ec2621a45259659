import { and, count, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/index.js';
import { preparedSql } from '../db/index.js';
import type { EventEnvelope, EventName } from './types.js';
import { deadLetter, outbox } from './schema.js';
import type { AmqpBus, ReceivedEvent, WireEvent } from './amqp.js';
import { Histogram, type Registry } from 'prom-client';
import { withTraceparent } from '../trace.js';
import { tracing, withSpan } from '../observability/tracing.js';
import { CHANNEL, runningRelays } from './write.js';

/** An event as the relay reads it, before it is handed to a subscriber as a typed {@link EventEnvelope}. */
interface Delivery {
  id: string;
  type: string;
  aggregateId: string | null;
  payload: unknown;
  occurredAt: string;
  attempts: number;
  /** W3C `traceparent` of the work that published it (outbox row or message header). */
  traceparent?: string | undefined;
}

/**
 * Claims up to `limit` due pending events, oldest first; events another relay holds are skipped,
 * not waited for. Events of the `types` (a text array) some subscriber handles get a 15 s lease
 * (`next_attempt_at`) and come back with their payload (`handled` true); the others, which no
 * subscriber of this process handles (e.g. `cart.item_added`), are delivered by the claim itself
 * (`handled` false, no payload): one write per such event instead of a lease and an acknowledgement.
 */
const claimDue = preparedSql<{ id: string; type: string; aggregate_id: string | null; payload: unknown; occurred_at: string | Date; attempts: number; handled: boolean; traceparent: string | null }>(
  sql`update events.outbox o set next_attempt_at = now() + interval '15 seconds',
        status = case when o.type = any(${sql.placeholder('types')}::text[]) then o.status else 'delivered' end,
        delivered_at = case when o.type = any(${sql.placeholder('types')}::text[]) then o.delivered_at else now() end,
        last_error = case when o.type = any(${sql.placeholder('types')}::text[]) then o.last_error end
      where id in (select id from events.outbox where status = 'pending' and next_attempt_at <= now()
                   order by id limit ${sql.placeholder('limit')} for update skip locked)
      returning id, type, aggregate_id, case when o.status = 'pending' then payload end as payload, occurred_at, attempts, o.status = 'pending' as handled, o.traceparent`,
);

/**
 * Claims up to `limit` due pending events of any type, oldest first, with a 15 s lease, for
 * publishing to RabbitMQ (services mode: other services may consume any type).
 */
const claimForPublish = preparedSql<{ id: string; type: string; aggregate_id: string | null; payload: unknown; occurred_at: string | Date; traceparent: string | null }>(
  sql`update events.outbox o set next_attempt_at = now() + interval '15 seconds'
      where id in (select id from events.outbox where status = 'pending' and next_attempt_at <= now()
                   order by id limit ${sql.placeholder('limit')} for update skip locked)
      returning id, type, aggregate_id, payload, occurred_at, traceparent`,
);

/** Makes the events `ids` (a text array) due again at once: the broker did not confirm them (they stay in the outbox). */
const releaseClaim = preparedSql(sql`update events.outbox set next_attempt_at = now() where id = any(${sql.placeholder('ids')}::text[]) and status = 'pending'`);

/** Stores (or refreshes) a message RabbitMQ dead-lettered from a consumer's queue. */
const storeDeadLetter = preparedSql(
  sql`insert into events.dead_letter (consumer, event_id, type, aggregate_id, payload, occurred_at, attempts, last_error)
      values (${sql.placeholder('consumer')}, ${sql.placeholder('id')}, ${sql.placeholder('type')}, ${sql.placeholder('aggregateId')},
              ${sql.placeholder('payload')}::jsonb, ${sql.placeholder('occurredAt')}::timestamptz, ${sql.placeholder('attempts')}, ${sql.placeholder('lastError')})
      on conflict (consumer, event_id) do update set attempts = excluded.attempts, last_error = excluded.last_error, dead_at = now()`,
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

/** Handles one event of the types `K` inside `tx`, the same transaction that records it in the inbox. */
export type EventHandler<K extends EventName = EventName> = (event: EventEnvelope<K>, tx: Tx) => Promise<void>;

/** Handles several events of the types `K` at once (in delivery order) inside `tx`: for set-based read models. */
export type BatchEventHandler<K extends EventName = EventName> = (events: EventEnvelope<K>[], tx: Tx) => Promise<void>;

interface Subscription {
  consumer: string;
  types: Set<string>;
  handle: (events: Delivery[], tx: Tx) => Promise<void>;
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
  /**
   * RabbitMQ (services mode): when given, the relay publishes every outbox event to it and marks
   * it delivered once the broker confirmed it, and the subscriptions read their module's queue.
   */
  bus?: AmqpBus;
  /**
   * The consumers (module names) this process runs (`serve --modules`); a subscription of any
   * other consumer is ignored, so its events wait for the process that runs it. Absent: every one.
   */
  consumers?: readonly string[];
  /** Where `events_consumer_lag_seconds` is registered (absent: not measured). */
  metrics?: Registry;
}

/**
 * Delivers outbox events to in-process subscribers, at least once, with idempotent handlers
 * (each (consumer, event) pair runs once thanks to the inbox). Wakes when this process commits
 * events (see `publish`, `eventStatement`) or on NOTIFY from another process;
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
  private readonly bus: AmqpBus | undefined;
  private readonly runs: readonly string[] | undefined;
  /** Seconds from an event's commit (`occurredAt`) to its handling by a consumer, by consumer. */
  private readonly lag: Histogram | undefined;

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
    this.bus = options.bus;
    this.runs = options.consumers;
    this.lag = options.metrics
      ? new Histogram({
        name: 'events_consumer_lag_seconds',
        help: 'Seconds from an event\'s commit to its handling by a consumer (committed), by consumer',
        labelNames: ['consumer'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        registers: [options.metrics],
      })
      : undefined;
  }

  /** The RabbitMQ bus events go through, when the relay runs in services mode. */
  get broker(): AmqpBus | undefined {
    return this.bus;
  }

  /**
   * Registers `handler` as `consumer` (a module name: it names the consumer's inbox entries, its
   * RabbitMQ queue in services mode and the AsyncAPI document's `receive` operations) for the
   * event `types`. Call before {@link start} (in services mode, a subscription made later gets a
   * queue of its own: give it a consumer name no other subscription has). Ignored when the
   * relay runs other consumers only ({@link RelayOptions.consumers}).
   */
  subscribe<K extends EventName>(consumer: string, types: K | readonly K[], handler: EventHandler<K>): void {
    this.subscribeBatch<K>(consumer, types, async (events, tx) => {
      for (const event of events) await handler(event, tx);
    });
  }

  /**
   * Registers a batch handler: it receives every due event of `types` this consumer has not
   * handled yet, in order, in one transaction. When it throws, the relay retries the events one
   * by one to isolate the failing one.
   */
  subscribeBatch<K extends EventName>(consumer: string, types: K | readonly K[], handle: BatchEventHandler<K>): void {
    if (this.runs && !this.runs.includes(consumer)) return;
    const list: readonly string[] = typeof types === 'string' ? [types] : types;
    // The relay hands a subscription only events of its types: the envelopes are of type K.
    const sub: Subscription = { consumer, types: new Set(list), handle: (events, tx) => handle(events as unknown as EventEnvelope<K>[], tx) };
    this.subscriptions.push(sub);
    this.subscribedTypes = [...new Set(this.subscriptions.flatMap((s) => [...s.types]))];
    // Services mode, after start: a queue of its own (give such a late subscription a consumer name of its own).
    if (this.bus && this.running) this.bus.consume(consumer, list, (events) => this.handleReceived(consumer, [sub], events));
  }

  /** The subscribing consumers of each event type, in subscription order (for the event catalog). */
  consumers(): Map<string, string[]> {
    const byType = new Map<string, string[]>();
    for (const sub of this.subscriptions) {
      for (const type of sub.types) {
        const list = byType.get(type) ?? [];
        if (!list.includes(sub.consumer)) list.push(sub.consumer);
        byType.set(type, list);
      }
    }
    return byType;
  }

  /** Starts listening and delivering in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.bus) this.startBus(this.bus);
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
    await this.bus?.stop();
  }

  /** Services mode: each consumer reads its queue (one transaction per batch, with its inbox rows); dead letters land in `events.dead_letter`. */
  private startBus(bus: AmqpBus): void {
    const byConsumer = new Map<string, Subscription[]>();
    for (const sub of this.subscriptions) byConsumer.set(sub.consumer, [...(byConsumer.get(sub.consumer) ?? []), sub]);
    for (const [consumer, subs] of byConsumer) {
      bus.consume(consumer, subs.flatMap((sub) => [...sub.types]), (events) => this.handleReceived(consumer, subs, events));
    }
    bus.onDeadLetter((consumer, event, attempts, lastError) => this.storeDeadLetter(consumer, event, attempts, lastError));
    bus.onConnected(() => this.wake());
    bus.start();
  }

  private async storeDeadLetter(consumer: string, event: WireEvent, attempts: number, lastError: string): Promise<void> {
    await storeDeadLetter.run(this.database.db, {
      consumer, id: event.id, type: event.type, aggregateId: event.aggregateId, payload: JSON.stringify(event.payload ?? {}),
      occurredAt: event.occurredAt, attempts, lastError,
    });
    this.log.warn({ eventId: event.id, type: event.type, consumer, attempts, error: lastError }, 'event dead-lettered by RabbitMQ');
  }

  /**
   * Handles events `consumer` read from its queue: all in one transaction with their inbox rows
   * (events already in the inbox are skipped: a redelivery has no second effect); when that
   * fails, one by one to isolate the failing ones.
   * @returns the failed event ids with their errors (the others are committed).
   */
  private async handleReceived(consumer: string, subs: Subscription[], received: ReceivedEvent[]): Promise<Map<string, string>> {
    const events: Delivery[] = received.map((e) => ({ id: e.id, type: e.type, aggregateId: e.aggregateId, payload: e.payload, occurredAt: e.occurredAt, attempts: e.deliveryCount, traceparent: e.traceparent }));
    const failures = new Map<string, string>();
    try {
      await this.inConsumerSpan(consumer, events, () => this.handleConsumer(consumer, subs, events));
    } catch {
      for (const event of events) {
        try {
          await this.inConsumerSpan(consumer, [event], () => this.handleConsumer(consumer, subs, [event]));
        } catch (err) {
          failures.set(event.id, `${consumer}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    return failures;
  }

  /** Runs every subscription of `consumer` on the events of its types it has not handled yet, in one transaction with the inbox rows. */
  private async handleConsumer(consumer: string, subs: Subscription[], events: Delivery[]): Promise<void> {
    await this.database.transaction(async (tx) => {
      const fresh = new Set((await recordInbox.run(tx, { consumer, ids: events.map((e) => e.id) })).map((r) => r.id));
      for (const sub of subs) {
        const todo = events.filter((e) => fresh.has(e.id) && sub.types.has(e.type));
        if (todo.length) await sub.handle(todo, tx);
      }
    });
    this.observeLag(consumer, events);
  }

  /**
   * Runs `fn` (a consumer's handling of `events`) in the events' trace context: the batch's when
   * its events share one (else none), so the events its handlers publish carry it on; with
   * tracing on, inside a consumer span `<consumer> process` that is a child of that context and
   * links to each event's publisher when they come from several traces.
   */
  private inConsumerSpan<T>(consumer: string, events: Delivery[], fn: () => Promise<T>): Promise<T> {
    const traces = [...new Set(events.map((e) => e.traceparent))];
    const parent = traces.length === 1 ? traces[0] : undefined;
    if (!tracing()) return withTraceparent(parent, fn);
    const types = [...new Set(events.map((e) => e.type))];
    return withTraceparent(parent, () => withSpan(`${consumer} process`, {
      kind: 'consumer',
      attributes: {
        'messaging.system': this.bus ? 'rabbitmq' : 'comptoir-outbox', 'messaging.operation.type': 'process', 'messaging.consumer.group.name': consumer,
        'messaging.batch.message_count': events.length, 'messaging.message.id': events.length === 1 ? events[0]!.id : undefined, 'comptoir.event.types': types.join(','),
      },
      links: parent ? [] : traces.filter((t): t is string => !!t),
    }, fn));
  }

  /** Records the lag (commit to handled) of `events` handled by `consumer`. */
  private observeLag(consumer: string, events: Delivery[]): void {
    if (!this.lag) return;
    const now = Date.now();
    for (const e of events) this.lag.observe({ consumer }, Math.max(0, (now - Date.parse(e.occurredAt)) / 1000));
  }

  /**
   * Services mode: sends every copy of the event `id` RabbitMQ dead-lettered (one per consumer
   * that gave up on it) back to its consumer's queue, and deletes them from the list.
   * @returns how many were sent back (0: none is dead here, or there is no bus).
   * @throws Error when the broker is unreachable or refuses one.
   */
  async retryDeadLetter(id: string): Promise<number> {
    if (!this.bus) return 0;
    const rows = await this.database.db.select().from(deadLetter).where(eq(deadLetter.eventId, id));
    for (const row of rows) {
      await this.bus.requeue(row.consumer, { id: row.eventId, type: row.type, aggregateId: row.aggregateId, payload: row.payload, occurredAt: new Date(row.occurredAt).toISOString() });
      await this.database.db.delete(deadLetter).where(and(eq(deadLetter.consumer, row.consumer), eq(deadLetter.eventId, row.eventId)));
    }
    return rows.length;
  }

  /** Events in the outbox not delivered yet (pending), for the backlog gauge (a job sets it: never at scrape time). */
  async backlog(): Promise<number> {
    const [row] = await this.database.db.select({ n: count() }).from(outbox).where(eq(outbox.status, 'pending'));
    return Number(row?.n ?? 0);
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
    if (this.bus) return this.publishRound(this.bus);
    const claimed = await claimDue.run(this.database.db, { limit: this.batchSize, types: this.subscribedTypes });
    claimed.sort((a, b) => (a.id < b.id ? -1 : 1));
    const events: Delivery[] = claimed.filter((row) => row.handled).map((row) => ({
      id: row.id,
      type: row.type,
      aggregateId: row.aggregate_id,
      payload: row.payload,
      occurredAt: new Date(row.occurred_at).toISOString(),
      attempts: row.attempts,
      traceparent: row.traceparent ?? undefined,
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

  /**
   * Services mode: claims due events (15 s lease), publishes them to RabbitMQ and marks delivered
   * those the broker confirmed; the others are due again at once. While the broker is
   * unreachable nothing is claimed: the outbox keeps the events.
   * @returns how many events the broker confirmed.
   */
  private async publishRound(bus: AmqpBus): Promise<number> {
    if (!bus.connected) return 0;
    const claimed = await claimForPublish.run(this.database.db, { limit: this.batchSize });
    if (claimed.length === 0) return 0;
    claimed.sort((a, b) => (a.id < b.id ? -1 : 1));
    // Tracing on: a producer span per event, child of the work that wrote it; the message carries the span's context.
    const tracer = tracing();
    const spans = tracer
      ? claimed.map((row) => tracer.startSpan(`${row.type} publish`, {
        kind: 'producer', parent: row.traceparent ?? undefined,
        attributes: { 'messaging.system': 'rabbitmq', 'messaging.operation.type': 'send', 'messaging.destination.name': row.type, 'messaging.message.id': row.id },
      }))
      : undefined;
    const confirmed = await bus.publish(claimed.map((row, i) => ({
      id: row.id, type: row.type, aggregateId: row.aggregate_id, payload: row.payload, occurredAt: new Date(row.occurred_at).toISOString(),
      traceparent: spans?.[i]!.traceparent || row.traceparent,
    })));
    if (spans) {
      const done = new Set(confirmed);
      claimed.forEach((row, i) => spans[i]!.end(done.has(row.id) ? undefined : new Error('not confirmed by the broker')));
    }
    if (confirmed.length) await markDelivered.run(this.database.db, { ids: confirmed });
    if (confirmed.length < claimed.length) {
      const done = new Set(confirmed);
      const left = claimed.filter((row) => !done.has(row.id)).map((row) => row.id);
      await releaseClaim.run(this.database.db, { ids: left });
      this.log.warn({ unconfirmed: left.length }, 'RabbitMQ did not confirm some events; they stay in the outbox');
    }
    return confirmed.length;
  }

  /** Runs `sub` for the events it has not handled yet, all in one transaction with their inbox rows, in their trace context (see {@link inConsumerSpan}). */
  private async handleAll(sub: Subscription, events: Delivery[]): Promise<void> {
    await this.inConsumerSpan(sub.consumer, events, () => this.database.transaction(async (tx) => {
      const fresh = new Set((await recordInbox.run(tx, { consumer: sub.consumer, ids: events.map((e) => e.id) })).map((r) => r.id));
      const todo = events.filter((e) => fresh.has(e.id));
      if (todo.length) await sub.handle(todo, tx);
    }));
    this.observeLag(sub.consumer, events);
  }
}
