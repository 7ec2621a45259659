import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from 'pino';

/** A named piece of background work run every `everyMs` and, when asked, at once. */
export interface JobDefinition {
  /** Unique name, also the `job` label of its metrics (`cart.expire`, `events.purge`). */
  name: string;
  /** Idle time between the end of one run and the start of the next scheduled one, in ms. */
  everyMs: number;
  /** Run once as soon as the scheduler starts (default false: the first run is `everyMs` after start). */
  runAtStart?: boolean;
  /** The work. A rejection is logged and counted; the job keeps its schedule. */
  run(): Promise<unknown>;
}

/** What a registration gives back: the job's own triggers. */
export interface JobHandle {
  /** See {@link Jobs.trigger}. */
  trigger(): void;
  /** See {@link Jobs.run}. */
  run(): Promise<void>;
}

/** The scheduler as modules see it (on the ModuleContext). */
export interface Jobs {
  /**
   * Registers `job`. When the scheduler is already running, its schedule starts now.
   * @throws Error when a job of that name is already registered.
   */
  register(job: JobDefinition): JobHandle;
  /**
   * Asks for a run of `name` as soon as possible (e.g. after a commit that queued work): on the
   * next microtask when idle, right after the run in progress otherwise. Asks made before that run
   * starts are one run. Before {@link JobScheduler.start} the run waits for the start; after stop,
   * nothing runs.
   * @throws Error when no job has that name.
   */
  trigger(name: string): void;
  /**
   * Runs `name` now (after the run in progress, if any) and resolves once that run has ended,
   * whether or not the scheduler runs. Never rejects: a failure is logged and counted.
   * @throws Error when no job has that name.
   */
  run(name: string): Promise<void>;
}

interface JobState {
  job: JobDefinition;
  timer: NodeJS.Timeout | undefined;
  /** The run in progress. */
  running: Promise<void> | undefined;
  /** The run asked for while one is in progress (it starts when that one ends). */
  next: Promise<void> | undefined;
  /** Triggered, and no run has started since. */
  asked: boolean;
}

/**
 * Runs registered {@link JobDefinition}s in this process: one run at a time per job (a run asked
 * for during another waits for it), each run's failure caught, logged and counted, timers unref'd
 * (a scheduler never keeps the process alive). Metrics on `registry` (Prometheus, `job` label):
 * `job_last_run_timestamp_seconds` (gauge, Unix time the last run ended), `job_run_duration_seconds`
 * (histogram), `job_failures_total` (counter, 0 from registration).
 */
export class JobScheduler implements Jobs {
  private readonly jobs = new Map<string, JobState>();
  private state: 'idle' | 'started' | 'stopped' = 'idle';
  /** Delay of the `runAtStart` runs after {@link start} (ms). */
  private startRunsAfterMs = 0;
  private readonly lastRun: Gauge<'job'>;
  private readonly duration: Histogram<'job'>;
  private readonly failures: Counter<'job'>;

  /**
   * @param owners the job name prefixes (before the first `.`: module names, `events`) whose
   *   schedules this process starts (`serve --modules`); other jobs stay registered but never run
   *   on their own (a trigger waits for a start that does not come; {@link run} still runs them).
   *   Absent: every job.
   */
  constructor(
    private readonly log: Logger,
    registry: Registry,
    private readonly owners?: readonly string[],
  ) {
    this.lastRun = new Gauge({ name: 'job_last_run_timestamp_seconds', help: 'Unix time the last run of a background job ended', labelNames: ['job'], registers: [registry] });
    this.duration = new Histogram({
      name: 'job_run_duration_seconds',
      help: 'Duration of background job runs',
      labelNames: ['job'],
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 30, 120, 600],
      registers: [registry],
    });
    this.failures = new Counter({ name: 'job_failures_total', help: 'Background job runs that threw', labelNames: ['job'], registers: [registry] });
  }

  register(job: JobDefinition): JobHandle {
    if (this.jobs.has(job.name)) throw new Error(`Job ${job.name} is already registered`);
    const state: JobState = { job, timer: undefined, running: undefined, next: undefined, asked: false };
    this.jobs.set(job.name, state);
    this.failures.inc({ job: job.name }, 0);
    if (this.state === 'started') this.begin(state);
    return { trigger: () => this.trigger(job.name), run: () => this.run(job.name) };
  }

  trigger(name: string): void {
    const state = this.get(name);
    if (state.asked || this.state === 'stopped') return;
    state.asked = true;
    if (this.state === 'idle' || !this.owned(state)) return;
    // On the next microtask: the asks of one synchronous burst (after-commit hooks) are one run.
    queueMicrotask(() => {
      if (state.asked && this.state === 'started') void this.launch(state);
    });
  }

  run(name: string): Promise<void> {
    return this.launch(this.get(name));
  }

  /**
   * Starts every job's schedule; runs at once those triggered before and, `startRunsAfterMs` ms
   * after (default 0: at once), those with `runAtStart`. A server passes a delay so that its first
   * requests do not queue behind every job's first statements (PGlite has one connection).
   */
  start(options: { startRunsAfterMs?: number } = {}): void {
    if (this.state !== 'idle') return;
    this.state = 'started';
    this.startRunsAfterMs = options.startRunsAfterMs ?? 0;
    for (const state of this.jobs.values()) this.begin(state);
  }

  /** Stops scheduling and resolves once every run in progress (and any asked for) has ended. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    for (const state of this.jobs.values()) clearTimeout(state.timer);
    await Promise.all([...this.jobs.values()].map((state) => state.next ?? state.running));
  }

  private get(name: string): JobState {
    const state = this.jobs.get(name);
    if (!state) throw new Error(`No job named ${name}`);
    return state;
  }

  /** False for a job of a module this process does not run (see the constructor's `owners`). */
  private owned(state: JobState): boolean {
    return !this.owners || this.owners.includes(state.job.name.split('.')[0] as string);
  }

  private begin(state: JobState): void {
    if (!this.owned(state)) return;
    if (state.asked || (state.job.runAtStart && this.startRunsAfterMs === 0)) void this.launch(state);
    else this.schedule(state, state.job.runAtStart ? this.startRunsAfterMs : state.job.everyMs);
  }

  private schedule(state: JobState, afterMs = state.job.everyMs): void {
    clearTimeout(state.timer);
    if (this.state !== 'started' || !this.owned(state)) return;
    state.timer = setTimeout(() => void this.launch(state), afterMs);
    state.timer.unref();
  }

  /** Starts a run now, or joins the one asked for after the run in progress. */
  private launch(state: JobState): Promise<void> {
    if (state.running) {
      state.next ??= state.running.then(() => {
        state.next = undefined;
        return this.launch(state);
      });
      return state.next;
    }
    clearTimeout(state.timer);
    state.asked = false;
    state.running = this.execute(state.job).finally(() => {
      state.running = undefined;
      if (!state.next) this.schedule(state);
    });
    return state.running;
  }

  private async execute(job: JobDefinition): Promise<void> {
    const end = this.duration.startTimer({ job: job.name });
    try {
      await job.run();
    } catch (err) {
      this.failures.inc({ job: job.name });
      this.log.error({ err, job: job.name }, 'background job failed');
    } finally {
      end();
      this.lastRun.set({ job: job.name }, Date.now() / 1000);
    }
  }
}
