import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';

/** An event as it travels over RabbitMQ (the message body, JSON). `occurredAt` is ISO 8601 UTC. */
export interface WireEvent {
  id: string;
  type: string;
  aggregateId: string | null;
  payload: unknown;
  occurredAt: string;
}

/** An event read from a consumer's queue: the wire event, its trace context and how often the broker delivered it before. */
export interface ReceivedEvent extends WireEvent {
  /** W3C `traceparent` header of the message, when it had one. */
  traceparent: string | undefined;
  /** Earlier deliveries of this message (the quorum queue's `x-delivery-count`; 0 on the first). */
  deliveryCount: number;
}

/**
 * Handles a batch of events of one consumer (in delivery order) and answers the ids of those
 * that failed, each with its error; every other event of the batch must be committed (inbox row
 * and effects) when it resolves: their messages are acknowledged then.
 */
export type ConsumerHandler = (events: ReceivedEvent[]) => Promise<Map<string, string>>;

/** Stores a message the broker dead-lettered from `consumer`'s queue (see {@link AmqpBus}); `lastError` is known when this process saw the failure. */
export type DeadLetterSink = (consumer: string, event: WireEvent, attempts: number, lastError: string) => Promise<void>;

/** Tuning and wiring of an {@link AmqpBus}. Durations in milliseconds. */
export interface AmqpBusOptions {
  url: string;
  /** Names' prefix: exchange `<prefix>.events`, queues `<prefix>.<consumer>`, dead letters `<prefix>.dead-letters` and `<prefix>.<consumer>.dead`. */
  prefix: string;
  /** Unacknowledged messages per consumer, also its largest batch. */
  prefetch: number;
  /** Deliveries of a message before the broker dead-letters it (the queues' `x-delivery-limit`). */
  deliveryLimit: number;
  log: Logger;
  /** Where `events_broker_connected` and the consumer counters are registered. */
  metrics?: Registry;
  /** First redelivery delay of a failed message; doubles per delivery up to 30 s (default 1 000). */
  retryBaseMs?: number;
  /** How long a consumer waits for more messages to fill a batch (default 10). */
  coalesceMs?: number;
  /** Reconnection backoff: first and longest delay (defaults 200 and 15 000). */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
}

/** Outcome of a publish: ids the broker confirmed, in order. */
export type Confirmed = string[];

interface ConsumerSpec {
  consumer: string;
  types: string[];
  handle: ConsumerHandler;
}

/** Largest redelivery delay of a failed message. */
const MAX_RETRY_DELAY_MS = 30_000;

/** The body of a message as a {@link WireEvent}. @throws Error when it is not one. */
function parseWire(body: Buffer): WireEvent {
  const value = JSON.parse(body.toString('utf8')) as Partial<WireEvent> | null;
  if (!value || typeof value.id !== 'string' || typeof value.type !== 'string' || typeof value.occurredAt !== 'string') throw new Error('not a Comptoir event');
  return { id: value.id, type: value.type, aggregateId: value.aggregateId ?? null, payload: value.payload, occurredAt: value.occurredAt };
}

/** A message that is not a Comptoir event, as a dead letter: its message id (or a stand-in) and its body as text. */
function unreadable(message: ConsumeMessage): WireEvent {
  const id = typeof message.properties.messageId === 'string' && message.properties.messageId ? message.properties.messageId : `amqp_${message.fields.deliveryTag}_${Date.now()}`;
  return { id, type: typeof message.properties.type === 'string' ? message.properties.type : message.fields.routingKey, aggregateId: null, payload: { body: message.content.toString('utf8').slice(0, 10_000) }, occurredAt: new Date().toISOString() };
}

/**
 * Events over RabbitMQ (services mode). Publishing: a topic exchange `<prefix>.events`, routing
 * key = event type, persistent messages on a confirm channel: {@link publish} resolves with the
 * ids the broker confirmed. Consuming: each consumer (a module) has a durable quorum queue
 * `<prefix>.<consumer>` bound to its event types, declared with the queue arguments
 * `x-delivery-limit` and `x-dead-letter-exchange` (the management API, which sets policies, is
 * not assumed to be reachable; an operator's policy may still add to them); batches of up to
 * `prefetch` messages go to its handler, and a message is acknowledged only after the handler
 * committed it; a failed one is rejected back to its queue after a backoff delay and, past the
 * delivery limit, the broker moves it to the direct exchange `<prefix>.dead-letters` (routing key
 * = consumer) and so to the consumer's dead-letter queue `<prefix>.<consumer>.dead`, which this
 * bus drains into the {@link DeadLetterSink} (the back office's dead-letter list).
 * The connection is (re)opened with exponential backoff (cockatiel) until {@link stop};
 * `events_broker_connected` in `/metrics` tells its state.
 */
export class AmqpBus {
  private connection: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private readonly consumers: ConsumerSpec[] = [];
  private sink: DeadLetterSink | undefined;
  private stopped = true;
  private readonly abort = new AbortController();
  private connecting: Promise<void> | undefined;
  private readonly connectedListeners: (() => void)[] = [];
  /** Errors of failed deliveries seen here, by consumer and event id (the dead letter's `lastError`). */
  private readonly lastErrors = new Map<string, string>();
  private readonly retryBaseMs: number;
  private readonly coalesceMs: number;
  private readonly connectedGauge: Gauge | undefined;
  private readonly redelivered: Counter | undefined;
  private readonly exchange: string;
  private readonly deadExchange: string;

  constructor(private readonly options: AmqpBusOptions) {
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.coalesceMs = options.coalesceMs ?? 10;
    this.exchange = `${options.prefix}.events`;
    this.deadExchange = `${options.prefix}.dead-letters`;
    if (options.metrics) {
      this.connectedGauge = new Gauge({ name: 'events_broker_connected', help: 'Whether the connection to RabbitMQ is open (1) or not (0)', registers: [options.metrics] });
      this.connectedGauge.set(0);
      this.redelivered = new Counter({ name: 'events_broker_redelivered_total', help: 'Messages the broker delivered again (after a failure or a consumer that died before acknowledging)', labelNames: ['consumer'], registers: [options.metrics] });
    }
  }

  /** The queue of `consumer`. */
  queueOf(consumer: string): string {
    return `${this.options.prefix}.${consumer}`;
  }

  /** Every queue name this bus declares (its consumers' queues and dead-letter queues). */
  queues(): string[] {
    return this.consumers.flatMap((c) => [this.queueOf(c.consumer), `${this.queueOf(c.consumer)}.dead`]);
  }

  /** The exchanges this bus declares (events, dead letters). */
  exchanges(): string[] {
    return [this.exchange, this.deadExchange];
  }

  /** True while the connection and the publishing channel are open. */
  get connected(): boolean {
    return this.publisher !== undefined;
  }

  /**
   * Registers `consumer`'s queue, bound to `types`, read by `handle` (one handler per consumer).
   * Registered after the connection is open, it starts on that connection at once (see {@link consuming}).
   */
  consume(consumer: string, types: readonly string[], handle: ConsumerHandler): void {
    const spec = { consumer, types: [...new Set(types)], handle };
    this.consumers.push(spec);
    const connection = this.connection;
    if (connection) {
      const started = this.startConsumer(connection, spec).then(() => (this.sink ? this.startDeadLetterConsumer(connection, consumer) : undefined));
      started.catch((err: unknown) => this.options.log.error({ err, consumer }, 'could not start a consumer'));
      this.late.set(consumer, started);
    }
  }

  /** Resolves once `consumer`'s queue is declared, bound and read (tests: before publishing to it). */
  async consuming(consumer: string, timeoutMs = 10_000): Promise<void> {
    await this.waitUntilConnected(timeoutMs);
    await this.late.get(consumer);
  }

  /** Each consumer channel's batch in progress (see {@link stop}). */
  private readonly batches = new Map<Channel, Promise<void>>();

  /** Consumers registered after the connection opened, by name: their start on it. */
  private readonly late = new Map<string, Promise<void>>();

  /** Where dead-lettered messages of this bus's consumers are stored. Call before {@link start}. */
  onDeadLetter(sink: DeadLetterSink): void {
    this.sink = sink;
  }

  /** Calls `listener` after every (re)connection, once the topology is declared and consumers run. */
  onConnected(listener: () => void): void {
    this.connectedListeners.push(listener);
  }

  /** Connects in the background (retrying with backoff until it succeeds or {@link stop}); resolves at once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.reconnect();
  }

  /** Resolves once connected (tests, CLI); rejects after `timeoutMs`. */
  async waitUntilConnected(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.connected) {
      if (Date.now() > deadline) throw new Error(`not connected to RabbitMQ after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Closes the connection (unacknowledged messages go back to their queues) and stops reconnecting. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    await this.connecting?.catch(() => undefined);
    // Batches in progress finish (and are acknowledged); messages received since stay unacknowledged and go back.
    await Promise.all([...this.batches.values()]);
    const connection = this.connection;
    this.connection = undefined;
    this.publisher = undefined;
    this.connectedGauge?.set(0);
    await connection?.close().catch(() => undefined);
  }

  private reconnect(): void {
    if (this.stopped || this.connecting) return;
    const policy = retry(handleAll, {
      maxAttempts: Number.MAX_SAFE_INTEGER,
      backoff: new ExponentialBackoff({ initialDelay: this.options.reconnectInitialMs ?? 200, maxDelay: this.options.reconnectMaxMs ?? 15_000 }),
    });
    policy.onRetry((reason) => this.options.log.warn({ err: 'error' in reason ? reason.error : undefined, delayMs: reason.delay }, 'RabbitMQ unreachable, retrying'));
    this.connecting = policy
      .execute(() => this.connectOnce(), this.abort.signal)
      .catch((err: unknown) => {
        if (!this.stopped) this.options.log.error({ err }, 'RabbitMQ connection abandoned');
      })
      .finally(() => {
        this.connecting = undefined;
      });
  }

  /** One connection attempt: connect, declare the topology, start the consumers. @throws the broker's or network's error. */
  private async connectOnce(): Promise<void> {
    if (this.stopped) return;
    const connection = await amqp.connect(this.options.url, { clientProperties: { connection_name: `comptoir ${this.options.prefix}` } });
    try {
      const publisher = await connection.createConfirmChannel();
      await publisher.assertExchange(this.exchange, 'topic', { durable: true });
      await publisher.assertExchange(this.deadExchange, 'direct', { durable: true });
      for (const spec of this.consumers) await this.startConsumer(connection, spec);
      if (this.sink) for (const spec of this.consumers) await this.startDeadLetterConsumer(connection, spec.consumer);
      let lost = false;
      const onLost = (err?: unknown) => {
        if (lost) return;
        lost = true;
        if (this.connection === connection) {
          this.connection = undefined;
          this.publisher = undefined;
          this.connectedGauge?.set(0);
        }
        if (!this.stopped) {
          this.options.log.warn({ err }, 'RabbitMQ connection lost, reconnecting');
          this.reconnect();
        }
      };
      connection.on('error', (err: Error) => onLost(err));
      connection.on('close', (err?: Error) => onLost(err));
      publisher.on('error', () => undefined);
      // A closed publishing channel (e.g. a refused publish) is reopened with a new connection.
      publisher.on('close', () => {
        if (this.publisher === publisher) void connection.close().catch(() => undefined);
      });
      if (this.stopped) {
        await connection.close();
        return;
      }
      this.connection = connection;
      this.publisher = publisher;
      this.connectedGauge?.set(1);
      this.options.log.info({ prefix: this.options.prefix, consumers: this.consumers.map((c) => c.consumer) }, 'connected to RabbitMQ');
      for (const listener of this.connectedListeners) listener();
    } catch (err) {
      await connection.close().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Publishes `events` (routing key = type; persistent; message id = event id; `traceparent`
   * header when given) and waits for the broker's confirms.
   * @returns the ids the broker confirmed; the others (nacked, or the connection was lost) were
   *   not, and must be published again.
   */
  async publish(events: readonly (WireEvent & { traceparent?: string | null })[]): Promise<Confirmed> {
    const channel = this.publisher;
    if (!channel || events.length === 0) return [];
    const outcomes = events.map(
      (event) =>
        new Promise<boolean>((resolve) => {
          try {
            const body = Buffer.from(JSON.stringify({ id: event.id, type: event.type, aggregateId: event.aggregateId, payload: event.payload, occurredAt: event.occurredAt }));
            channel.publish(this.exchange, event.type, body, {
              persistent: true, contentType: 'application/json', messageId: event.id, type: event.type,
              timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
              headers: event.traceparent ? { traceparent: event.traceparent } : {},
            }, (err) => resolve(!err));
          } catch {
            resolve(false);
          }
        }),
    );
    const confirmed = await Promise.all(outcomes);
    return events.filter((_, i) => confirmed[i]).map((e) => e.id);
  }

  /**
   * Sends a dead-lettered event back to `consumer`'s queue alone (default exchange), as a new
   * message with a fresh delivery count, and waits for the broker's confirm.
   * @throws Error when not connected or the broker refused it.
   */
  async requeue(consumer: string, event: WireEvent): Promise<void> {
    const channel = this.publisher;
    if (!channel) throw new Error('not connected to RabbitMQ');
    const body = Buffer.from(JSON.stringify(event));
    await new Promise<void>((resolve, reject) => {
      channel.publish('', this.queueOf(consumer), body, { persistent: true, contentType: 'application/json', messageId: event.id, type: event.type }, (err) =>
        err ? reject(new Error('RabbitMQ refused the message')) : resolve(),
      );
    });
  }

  private async startConsumer(connection: ChannelModel, spec: ConsumerSpec): Promise<void> {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    // A consumer channel the broker closed (the connection still open) is reopened with a new connection.
    channel.on('close', () => {
      this.batches.delete(channel);
      if (!this.stopped && this.connection === connection) void connection.close().catch(() => undefined);
    });
    const queue = this.queueOf(spec.consumer);
    await channel.assertQueue(queue, {
      durable: true,
      arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': this.options.deliveryLimit, 'x-dead-letter-exchange': this.deadExchange, 'x-dead-letter-routing-key': spec.consumer },
    });
    for (const type of spec.types) await channel.bindQueue(queue, this.exchange, type);
    await channel.prefetch(this.options.prefetch);
    let buffer: ConsumeMessage[] = [];
    let timer: NodeJS.Timeout | undefined;
    let chain: Promise<void> = Promise.resolve();
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const batch = buffer;
      buffer = [];
      if (batch.length) {
        chain = chain.then(() => this.handleBatch(channel, spec, batch)).catch((err: unknown) => this.options.log.error({ err, consumer: spec.consumer }, 'consumer batch failed'));
        this.batches.set(channel, chain);
      }
    };
    await channel.consume(queue, (message) => {
      if (!message) return; // cancelled by the broker (queue deleted): the connection's loss or a restart brings it back
      if (this.stopped) return; // stopping: left unacknowledged, it goes back to the queue
      buffer.push(message);
      if (buffer.length >= this.options.prefetch) flush();
      else timer ??= setTimeout(flush, this.coalesceMs);
    });
  }

  /** Runs `spec`'s handler on `batch`, then acknowledges what it committed and rejects (after a backoff) what failed. */
  private async handleBatch(channel: Channel, spec: ConsumerSpec, batch: ConsumeMessage[]): Promise<void> {
    const events: ReceivedEvent[] = [];
    const byId = new Map<string, ConsumeMessage[]>();
    const failures = new Map<string, string>();
    const unreadableMessages: ConsumeMessage[] = [];
    for (const message of batch) {
      const deliveryCount = Number(message.properties.headers?.['x-delivery-count'] ?? 0);
      if (message.fields.redelivered || deliveryCount > 0) this.redelivered?.inc({ consumer: spec.consumer });
      try {
        const event = parseWire(message.content);
        const traceparent = message.properties.headers?.traceparent;
        // The same event twice in a batch (a redelivered copy): handled once, both acknowledged together.
        const copies = byId.get(event.id);
        if (copies) copies.push(message);
        else {
          byId.set(event.id, [message]);
          events.push({ ...event, traceparent: typeof traceparent === 'string' ? traceparent : undefined, deliveryCount });
        }
      } catch (err) {
        unreadableMessages.push(message);
        this.lastErrors.set(`${spec.consumer}/${unreadable(message).id}`, `${spec.consumer}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (events.length) {
      try {
        for (const [id, error] of await spec.handle(events)) failures.set(id, error);
      } catch (err) {
        for (const event of events) failures.set(event.id, `${spec.consumer}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    for (const event of events) {
      const messages = byId.get(event.id)!;
      const failure = failures.get(event.id);
      if (failure === undefined) {
        this.lastErrors.delete(`${spec.consumer}/${event.id}`);
        for (const message of messages) safely(() => channel.ack(message));
        continue;
      }
      this.lastErrors.set(`${spec.consumer}/${event.id}`, failure);
      this.options.log.warn({ eventId: event.id, type: event.type, consumer: spec.consumer, deliveries: event.deliveryCount + 1, error: failure }, 'event delivery failed');
      for (const message of messages) this.rejectLater(channel, message, event.deliveryCount);
    }
    for (const message of unreadableMessages) this.rejectLater(channel, message, Number(message.properties.headers?.['x-delivery-count'] ?? 0));
  }

  /** Returns `message` to its queue after a delay that doubles with its deliveries (it holds a prefetch slot meanwhile). */
  private rejectLater(channel: Channel, message: ConsumeMessage, deliveryCount: number): void {
    const delay = Math.min(this.retryBaseMs * 2 ** deliveryCount, MAX_RETRY_DELAY_MS);
    setTimeout(() => safely(() => channel.nack(message, false, true)), delay).unref();
  }

  private async startDeadLetterConsumer(connection: ChannelModel, consumer: string): Promise<void> {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    const queue = `${this.queueOf(consumer)}.dead`;
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(queue, this.deadExchange, consumer);
    await channel.prefetch(10);
    await channel.consume(queue, (message) => {
      if (!message) return;
      let event: WireEvent;
      try {
        event = parseWire(message.content);
      } catch {
        event = unreadable(message);
      }
      const deaths = message.properties.headers?.['x-death'] as { count?: number; reason?: string }[] | undefined;
      const attempts = Number(message.properties.headers?.['x-delivery-count'] ?? 0) || this.options.deliveryLimit + 1;
      const key = `${consumer}/${event.id}`;
      const lastError = this.lastErrors.get(key) ?? `${consumer}: dead-lettered by RabbitMQ (${deaths?.[0]?.reason ?? 'delivery limit'})`;
      this.sink!(consumer, event, attempts, lastError).then(
        () => {
          this.lastErrors.delete(key);
          safely(() => channel.ack(message));
        },
        (err: unknown) => {
          this.options.log.error({ err, eventId: event.id, consumer }, 'could not store a dead letter');
          setTimeout(() => safely(() => channel.nack(message, false, true)), 5_000).unref();
        },
      );
    });
  }
}

/** Runs a channel operation that fails when the channel is already closed (its messages then come back anyway). */
function safely(op: () => void): void {
  try {
    op();
  } catch {
    // the channel closed: the broker redelivers its unacknowledged messages
  }
}
