/**
 * StatementBatcher scheduling, with a runner whose statements finish when the test says (no
 * database): when a batch goes, what it carries, and what a failed statement's callers get.
 */
import { describe, expect, it } from 'vitest';
import { StatementBatcher, type BatchRunner } from './batcher.js';

describe('StatementBatcher (scheduling)', () => {
  /** A runner whose statements finish when the test says; records each statement's calls. */
  function controlled() {
    const ran: { calls: string[]; finish: () => void }[] = [];
    const runner: BatchRunner<string, string> = {
      keyOf: (call) => call.split(':')[0]!,
      run: (calls) => new Promise((resolve) => ran.push({ calls, finish: () => resolve(calls.map((c) => `done ${c}`)) })),
    };
    return { ran, runner };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('dispatches at once while fewer than K batches are in flight, then makes the waiting calls one batch', async () => {
    const { ran, runner } = controlled();
    const batcher = new StatementBatcher(runner, { maxInFlight: 2, maxBatchSize: 64 });
    const a = batcher.run('a');
    await settle();
    const b = batcher.run('b');
    await settle();
    expect(ran.map((r) => r.calls)).toEqual([['a'], ['b']]); // nothing waited
    const waiting = ['c', 'd', 'e'].map((c) => batcher.run(c));
    await settle();
    expect(ran).toHaveLength(2); // K = 2 in flight: c, d, e wait
    ran[0]!.finish();
    await settle();
    expect(ran.map((r) => r.calls)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    ran[1]!.finish();
    ran[2]!.finish();
    expect(await Promise.all([a, b, ...waiting])).toEqual(['done a', 'done b', 'done c', 'done d', 'done e']);
  });

  it('calls made in the same tick share a batch, up to maxBatchSize', async () => {
    const { ran, runner } = controlled();
    const batcher = new StatementBatcher(runner, { maxInFlight: 2, maxBatchSize: 3 });
    const all = ['a', 'b', 'c', 'd', 'e'].map((c) => batcher.run(c));
    await settle();
    expect(ran.map((r) => r.calls)).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    ran.forEach((r) => r.finish());
    expect(await Promise.all(all)).toHaveLength(5);
  });

  it('puts a second call with the same key in a following statement', async () => {
    const { ran, runner } = controlled();
    const batcher = new StatementBatcher(runner, { maxInFlight: 1 });
    const all = ['x:1', 'y:1', 'x:2', 'x:3', 'y:2'].map((c) => batcher.run(c));
    await settle();
    expect(ran.map((r) => r.calls)).toEqual([['x:1', 'y:1']]);
    ran[0]!.finish();
    await settle();
    expect(ran.map((r) => r.calls)).toEqual([['x:1', 'y:1'], ['x:2', 'y:2']]);
    ran[1]!.finish();
    await settle();
    expect(ran.map((r) => r.calls)).toEqual([['x:1', 'y:1'], ['x:2', 'y:2'], ['x:3']]);
    ran[2]!.finish();
    expect(await Promise.all(all)).toEqual(['done x:1', 'done y:1', 'done x:2', 'done x:3', 'done y:2']);
  });

  it('reruns the calls of a failed statement one by one; each caller gets its own outcome', async () => {
    const failed: string[][] = [];
    const batcher = new StatementBatcher<string, string>({
      keyOf: (call) => call,
      run: async (calls) => {
        if (calls.length > 1) throw new Error('statement failed');
        if (calls[0] === 'bad') throw new Error('bad call');
        return [`done ${calls[0]}`];
      },
      failed: (_err, calls) => failed.push(calls),
    });
    const results = await Promise.allSettled(['a', 'bad', 'b'].map((c) => batcher.run(c)));
    expect(failed).toEqual([['a', 'bad', 'b']]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'done a' },
      { status: 'rejected', reason: new Error('bad call') },
      { status: 'fulfilled', value: 'done b' },
    ]);
  });
});
