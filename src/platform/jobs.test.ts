/**
 * The job scheduler on its own: one run at a time per job, failures caught and counted in the
 * Prometheus registry, triggers coalesced and prompt, a stop that waits for the run in progress.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { JobScheduler } from './jobs.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise and its resolver, to hold a job's run open. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

let scheduler: JobScheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

function newScheduler(): { jobs: JobScheduler; registry: Registry } {
  const registry = new Registry();
  scheduler = new JobScheduler(log, registry);
  return { jobs: scheduler, registry };
}

describe('job scheduler', () => {
  it('never overlaps two runs of one job, however often it is due or asked', async () => {
    const { jobs } = newScheduler();
    let active = 0;
    let most = 0;
    let runs = 0;
    jobs.register({
      name: 'slow',
      everyMs: 5,
      runAtStart: true,
      async run() {
        active += 1;
        most = Math.max(most, active);
        runs += 1;
        await sleep(30);
        active -= 1;
      },
    });
    jobs.start();
    for (let i = 0; i < 10; i++) {
      jobs.trigger('slow');
      void jobs.run('slow');
      await sleep(7);
    }
    await sleep(100);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(most).toBe(1);
  });

  it('catches a failure, counts it in job_failures_total and keeps the schedule', async () => {
    const { jobs, registry } = newScheduler();
    let calls = 0;
    jobs.register({ name: 'flaky', everyMs: 10, runAtStart: true, run: async () => {
      calls += 1;
      if (calls <= 2) throw new Error('boom');
    } });
    jobs.register({ name: 'fine', everyMs: 60_000, run: async () => undefined });
    jobs.start();
    for (let i = 0; i < 100 && calls < 3; i++) await sleep(10);
    expect(calls).toBeGreaterThanOrEqual(3);
    const text = await registry.metrics();
    expect(text).toContain('job_failures_total{job="flaky"} 2');
    expect(text).toContain('job_failures_total{job="fine"} 0');
    expect(text).toMatch(/job_run_duration_seconds_count\{job="flaky"\} [3-9]/);
    expect(text).toMatch(/job_last_run_timestamp_seconds\{job="flaky"\} \d+/);
    // `run` never rejects, even when the job throws.
    calls = 0;
    await expect(jobs.run('flaky')).resolves.toBeUndefined();
  });

  it('runs a triggered job promptly, once for a burst of asks, and waits for the start when not started', async () => {
    const { jobs } = newScheduler();
    let runs = 0;
    jobs.register({ name: 'woken', everyMs: 60_000, run: async () => void (runs += 1) });
    jobs.trigger('woken');
    await sleep(20);
    expect(runs).toBe(0); // not started yet
    jobs.start();
    await sleep(20);
    expect(runs).toBe(1); // the ask made before the start
    jobs.trigger('woken');
    jobs.trigger('woken');
    jobs.trigger('woken');
    await sleep(20);
    expect(runs).toBe(2); // one run for the three asks, long before the hourly schedule
  });

  it('runs once more after the run in progress when asked during it', async () => {
    const { jobs } = newScheduler();
    const held = gate();
    let runs = 0;
    jobs.register({ name: 'held', everyMs: 60_000, run: async () => {
      runs += 1;
      if (runs === 1) await held.promise;
    } });
    jobs.start();
    const first = jobs.run('held');
    await sleep(5);
    jobs.trigger('held');
    const second = jobs.run('held');
    await sleep(20);
    expect(runs).toBe(1);
    held.open();
    await first;
    await second;
    expect(runs).toBe(2);
  });

  it('stop waits for the run in progress, and nothing runs after it', async () => {
    const { jobs } = newScheduler();
    const held = gate();
    let finished = false;
    let runs = 0;
    jobs.register({ name: 'long', everyMs: 5, runAtStart: true, run: async () => {
      runs += 1;
      await held.promise;
      finished = true;
    } });
    jobs.start();
    await sleep(5);
    let stopped = false;
    const stopping = jobs.stop().then(() => (stopped = true));
    await sleep(20);
    expect(stopped).toBe(false);
    held.open();
    await stopping;
    expect(finished).toBe(true);
    jobs.trigger('long');
    await sleep(30);
    expect(runs).toBe(1);
  });

  it('with startRunsAfterMs, runs the runAtStart jobs that much later; a trigger still runs at once', async () => {
    const { jobs } = newScheduler();
    const ran: string[] = [];
    jobs.register({ name: 'sweep', everyMs: 60_000, runAtStart: true, run: async () => void ran.push('sweep') });
    jobs.register({ name: 'asked', everyMs: 60_000, run: async () => void ran.push('asked') });
    jobs.start({ startRunsAfterMs: 150 });
    jobs.trigger('asked');
    await sleep(50);
    expect(ran).toEqual(['asked']);
    await sleep(300);
    expect(ran).toEqual(['asked', 'sweep']);
  });

  it('refuses a second job of the same name and an unknown name', () => {
    const { jobs } = newScheduler();
    jobs.register({ name: 'once', everyMs: 1_000, run: async () => undefined });
    expect(() => jobs.register({ name: 'once', everyMs: 1_000, run: async () => undefined })).toThrow(/already registered/);
    expect(() => jobs.trigger('nope')).toThrow(/No job named nope/);
  });
});
