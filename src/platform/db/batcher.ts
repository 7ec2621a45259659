import DataLoader from 'dataloader';

/**
 * Batch statements of one {@link StatementBatcher} in flight at once (K), by default. While fewer
 * are in flight a call is dispatched at once (after the current tick, with the calls made in that
 * tick); otherwise calls wait and go together as soon as one in flight finishes. With 2, one batch
 * runs in PostgreSQL while the other's answer travels back or is handled in Node, so both sides
 * keep working; a larger K only splits the waiting calls into more, smaller statements, each
 * paying the per-statement cost (round trip, executor start, commit and WAL flush) batching shares.
 */
export const MAX_BATCHES_IN_FLIGHT = 2;

/**
 * Calls per batch statement at most, by default: a bound, not a target. It caps the size of a
 * statement's parameters and how many rows one statement locks, and so how long its callers wait
 * for it. More waiting calls open the next batch, which waits its turn.
 */
export const MAX_BATCH_SIZE = 64;

/** How a {@link StatementBatcher} runs its calls: one statement for one or several of them. */
export interface BatchRunner<T, R> {
  /**
   * What must not share a statement: two calls with the same key run in successive statements,
   * in the order they were made (e.g. the id of the row each call changes).
   */
  keyOf(call: T): string;
  /**
   * Runs 1 or more calls with distinct keys in one statement, atomic as a whole.
   * @returns one result per call, in their order.
   * @throws when the statement fails: nothing of it took effect (the calls of a failed statement
   *   of several are then run one per statement, so each gets its own outcome).
   */
  run(calls: T[]): Promise<R[]>;
  /** Told when a statement of several calls threw, before they are run one by one (e.g. to log it); must not throw. */
  failed?(error: unknown, calls: T[]): void;
}

/** Tuning of a {@link StatementBatcher} (defaults: {@link MAX_BATCHES_IN_FLIGHT}, {@link MAX_BATCH_SIZE}). */
export interface BatchOptions {
  /** Batch statements in flight at once (K, at least 1). */
  maxInFlight?: number;
  /** Calls per batch at most (at least 1). */
  maxBatchSize?: number;
}

/**
 * Group commit for autocommit statements: calls in flight at the same time run as ONE statement
 * (one round trip, one executor start, one commit and WAL flush for all of them), like
 * PostgreSQL's group commit does for commits. Built on `dataloader` (no cache: every call runs),
 * whose `batchScheduleFn` decides when a batch goes: at once while fewer than `maxInFlight`
 * batches are in flight, else when one of them finishes. So under low load nothing waits (a
 * batch is then usually one call), and under load each statement carries many calls.
 *
 * Within a batch, calls with the same {@link BatchRunner.keyOf key} go to successive statements
 * (first ones first). When a statement of several calls throws (any error), each of its calls is
 * run alone, one after the other, so a bad call never fails the others: every caller gets its
 * own result or its own error. A batch runs its statements one after the other: it holds at most
 * one connection at a time.
 *
 * On PGlite a statement runs in this thread within the tick that sends it, so no batch is ever in
 * flight when the next call comes: calls share a statement only when made in the same tick.
 */
export class StatementBatcher<T, R> {
  private readonly loader: DataLoader<T, R>;
  private readonly maxInFlight: number;
  /** Batches dispatched (or about to be) whose statements have not all finished. */
  private inFlight = 0;
  /** Dispatch callbacks of the batches waiting for one in flight to finish, oldest first. */
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly runner: BatchRunner<T, R>,
    options: BatchOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? MAX_BATCHES_IN_FLIGHT);
    this.loader = new DataLoader<T, R>((calls) => this.runBatch(calls), {
      cache: false,
      maxBatchSize: Math.max(1, options.maxBatchSize ?? MAX_BATCH_SIZE),
      batchScheduleFn: (dispatch) => this.schedule(dispatch),
    });
  }

  /**
   * Runs `call` with the calls in flight at the same time.
   * @returns its own result. @throws its own error (that of the statement that ran it alone).
   */
  run(call: T): Promise<R> {
    return this.loader.load(call);
  }

  /**
   * DataLoader's `batchScheduleFn`, called when a call opens a new batch: takes a slot and
   * dispatches after the current tick's promise jobs (DataLoader's own default timing, so the
   * calls made in this tick join the batch), or queues the batch (it keeps collecting calls, up
   * to the batch size) until {@link release} hands it a slot.
   */
  private schedule(dispatch: () => void): void {
    if (this.inFlight < this.maxInFlight) {
      this.inFlight += 1;
      void Promise.resolve().then(() => process.nextTick(dispatch));
    } else {
      this.waiting.push(dispatch);
    }
  }

  /** A batch has finished: its slot goes to the oldest waiting batch, dispatched now. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }

  /**
   * DataLoader's batch function: runs `calls` in rounds, each round taking the first pending call
   * of each key into one {@link BatchRunner.run} statement, and never
   * rejects: a failed call gets its Error in its place (DataLoader rejects that caller only).
   */
  private async runBatch(calls: readonly T[]): Promise<(R | Error)[]> {
    try {
      const results: (R | Error)[] = new Array<R | Error>(calls.length);
      let pending = calls.map((call, index) => ({ call, index }));
      while (pending.length > 0) {
        const keys = new Set<string>();
        const round: typeof pending = [];
        const later: typeof pending = [];
        for (const entry of pending) {
          const key = this.runner.keyOf(entry.call);
          if (keys.has(key)) later.push(entry);
          else {
            keys.add(key);
            round.push(entry);
          }
        }
        await this.runRound(round, results);
        pending = later;
      }
      return results;
    } finally {
      this.release();
    }
  }

  /** One statement for `round` (distinct keys), its results (or Errors) put at their indexes in `results`. */
  private async runRound(round: { call: T; index: number }[], results: (R | Error)[]): Promise<void> {
    if (round.length > 1) {
      try {
        const found = await this.runner.run(round.map((e) => e.call));
        round.forEach((e, i) => (results[e.index] = found[i] as R));
        return;
      } catch (err) {
        // Nothing of the statement took effect: each call alone, so only a bad one fails.
        this.runner.failed?.(err, round.map((e) => e.call));
      }
    }
    for (const entry of round) {
      try {
        const [result] = await this.runner.run([entry.call]);
        results[entry.index] = result as R;
      } catch (err) {
        results[entry.index] = err instanceof Error ? err : new Error(String(err));
      }
    }
  }
}
