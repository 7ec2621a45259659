/**
 * platform/db as the modules use it: statements compiled once (`prepared`, `preparedSql`) run in
 * whichever executor they are given, inside or outside a transaction, with each call's values;
 * `runAfterCommit` work runs once a transaction has committed and never after a rollback.
 */
import './support/test-events.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pgTable, text, integer } from 'drizzle-orm/pg-core';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';
import { commitWithNextStatement, prepared, preparedSql, rows, runAfterCommit, runBeforeCommit } from '../src/platform/db/index.js';
import { publish } from '../src/platform/events/index.js';

const probe = pgTable('db_probe', { id: text('id').primaryKey(), n: integer('n').notNull() });
const insertProbe = prepared((db) => db.insert(probe).values({ id: sql.placeholder('id'), n: sql.placeholder('n') }).returning());
const probeById = prepared((db) => db.select().from(probe).where(eq(probe.id, sql.placeholder('id'))));
const bump = preparedSql<{ id: string; n: number }>(sql`update public.db_probe set n = n + ${sql.placeholder('by')}::int where id = ${sql.placeholder('id')} returning id, n`);

let app: TestApp;
const count = async () => (await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from public.db_probe`))[0]!.n;

beforeAll(async () => {
  app = await createTestApp();
  await app.database.db.execute(sql`create table if not exists public.db_probe (id text primary key, n integer not null)`);
});
afterAll(() => app?.close());

describe('statements compiled once', () => {
  it('run with each call’s values, typed like the builder’s result or as raw rows', async () => {
    expect(await insertProbe.run(app.database.db, { id: 'a', n: 1 })).toEqual([{ id: 'a', n: 1 }]);
    expect(await insertProbe.run(app.database.db, { id: 'b', n: 2 })).toEqual([{ id: 'b', n: 2 }]);
    expect(await probeById.run(app.database.db, { id: 'b' })).toEqual([{ id: 'b', n: 2 }]);
    expect(await bump.run(app.database.db, { id: 'a', by: 10 })).toEqual([{ id: 'a', n: 11 }]);
    await expect(probeById.run(app.database.db, {})).rejects.toThrow(/placeholder/i);
  });

  it('run inside the transaction they are given: its rollback undoes them, its reads see its writes', async () => {
    const before = await count();
    await expect(
      app.database.transaction(async (tx) => {
        await insertProbe.run(tx, { id: 'in-tx', n: 5 });
        expect(await probeById.run(tx, { id: 'in-tx' })).toEqual([{ id: 'in-tx', n: 5 }]);
        await bump.run(tx, { id: 'a', by: 100 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count()).toBe(before);
    expect(await probeById.run(app.database.db, { id: 'in-tx' })).toEqual([]);
    expect((await probeById.run(app.database.db, { id: 'a' }))[0]!.n).toBe(11);

    await app.database.transaction(async (tx) => {
      await insertProbe.run(tx, { id: 'kept', n: 7 });
      // A savepoint that rolls back takes only its own statement with it.
      await tx.transaction(async (sp) => {
        await insertProbe.run(sp, { id: 'dropped', n: 8 });
        sp.rollback();
      }).catch(() => undefined);
    });
    expect(await probeById.run(app.database.db, { id: 'kept' })).toEqual([{ id: 'kept', n: 7 }]);
    expect(await probeById.run(app.database.db, { id: 'dropped' })).toEqual([]);
  });
});

describe('runAfterCommit', () => {
  it('runs after the commit, in order, and not at all after a rollback', async () => {
    const log: string[] = [];
    await app.database.transaction(async (tx) => {
      expect(runAfterCommit(tx, () => log.push('first'))).toBe(true);
      runAfterCommit(tx, () => log.push('second'));
      await insertProbe.run(tx, { id: 'after', n: 1 });
      expect(log).toEqual([]);
    });
    expect(log).toEqual(['first', 'second']);

    await expect(
      app.database.transaction(async (tx) => {
        runAfterCommit(tx, () => log.push('never'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(log).toEqual(['first', 'second']);
    expect(runAfterCommit(app.database.db, () => log.push('no transaction'))).toBe(false);
  });
});

describe('commitWithNextStatement', () => {
  /** Polls `read` on another connection for up to 2 s until it gives `want`; answers what it last gave. */
  async function seenElsewhere<T>(read: () => Promise<T>, want: T): Promise<T> {
    let got = await read();
    for (let waited = 0; got !== want && waited < 2_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      got = await read();
    }
    return got;
  }
  const nOf = async (id: string) => (await probeById.run(app.database.db, { id }))[0]?.n ?? null;

  it.skipIf(!onPostgres)('writes the COMMIT behind the last statement: the transaction is committed before its function returns', async () => {
    let seen: number | null = null;
    await app.database.transaction(async (tx) => {
      await insertProbe.run(tx, { id: 'early-1', n: 1 });
      expect(await commitWithNextStatement(tx)).toBe(true);
      expect(await bump.run(tx, { id: 'early-1', by: 1 })).toEqual([{ id: 'early-1', n: 2 }]);
      // The function has not returned, so nothing here has asked for the commit: another
      // connection sees both statements' work all the same.
      seen = await seenElsewhere(() => nOf('early-1'), 2);
    });
    expect(seen).toBe(2);
  });

  it.skipIf(!onPostgres)('a last statement that fails rolls the whole transaction back, and its error reaches the caller', async () => {
    await insertProbe.run(app.database.db, { id: 'early-taken', n: 0 });
    await expect(
      app.database.transaction(async (tx) => {
        await insertProbe.run(tx, { id: 'early-2', n: 1 });
        expect(await commitWithNextStatement(tx)).toBe(true);
        await insertProbe.run(tx, { id: 'early-taken', n: 1 }); // duplicate key
      }),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(await nOf('early-2')).toBeNull();
    // The connection went back to the pool in a clean state: the next transaction works.
    await app.database.transaction((tx) => insertProbe.run(tx, { id: 'early-3', n: 3 }));
    expect(await nOf('early-3')).toBe(3);
  });

  it.skipIf(!onPostgres)('a transaction that throws before its last statement rolls back, and its connection serves the next statement', async () => {
    await expect(
      app.database.transaction(async (tx) => {
        await insertProbe.run(tx, { id: 'early-5', n: 5 });
        expect(await commitWithNextStatement(tx)).toBe(true);
        throw new Error('refused before the last statement');
      }),
    ).rejects.toThrow('refused before the last statement');
    expect(await nOf('early-5')).toBeNull();
    // Every pooled connection answers an autocommit statement (none is left waiting for a COMMIT).
    await Promise.all(Array.from({ length: 12 }, (_, i) => insertProbe.run(app.database.db, { id: `early-5-${i}`, n: i })));
    expect(await nOf('early-5-11')).toBe(11);
  });

  it.skipIf(!onPostgres)('runs the before-commit work (the events) first; afterwards the transaction takes no statement and no before-commit work', async () => {
    let eventId = '';
    let refused: unknown;
    let hookRefused: unknown;
    await app.database.transaction(async (tx) => {
      eventId = await publish(tx, 'test.early', { probe: 'early-4' });
      runBeforeCommit(tx, async () => {
        await insertProbe.run(tx, { id: 'early-hook', n: 4 });
      });
      expect(await commitWithNextStatement(tx)).toBe(true);
      expect(await nOf('early-hook')).toBeNull(); // written, not committed yet
      await insertProbe.run(tx, { id: 'early-4', n: 4 });
      refused = await bump.run(tx, { id: 'early-4', by: 1 }).catch((err: unknown) => err);
      try {
        runBeforeCommit(tx, async () => undefined);
      } catch (err) {
        hookRefused = err;
      }
    });
    expect(String((refused as { cause?: unknown }).cause ?? refused)).toMatch(/ended with its last statement/);
    expect(String(hookRefused)).toMatch(/commits with its last statement/);
    expect(await nOf('early-4')).toBe(4);
    expect(await nOf('early-hook')).toBe(4);
    const [event] = await rows<{ type: string }>(app.database.db, sql`select type from events.outbox where id = ${eventId}`);
    expect(event?.type).toBe('test.early');
  });

  it.skipIf(onPostgres)('on PGlite: not possible, nothing changes; the commit follows the function as usual', async () => {
    await app.database.transaction(async (tx) => {
      expect(await commitWithNextStatement(tx)).toBe(false);
      await insertProbe.run(tx, { id: 'early-pglite', n: 1 });
      await bump.run(tx, { id: 'early-pglite', by: 1 });
    });
    expect(await nOf('early-pglite')).toBe(2);
  });

  it('is not possible outside a top-level transaction of Database.transaction', async () => {
    expect(await commitWithNextStatement(app.database.db)).toBe(false);
    await app.database.transaction(async (tx) => {
      await tx.transaction(async (savepoint) => {
        expect(await commitWithNextStatement(savepoint)).toBe(false);
      });
    });
  });
});
