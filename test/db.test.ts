/**
 * platform/db as the modules use it: statements compiled once (`prepared`, `preparedSql`) run in
 * whichever executor they are given, inside or outside a transaction, with each call's values;
 * `runAfterCommit` work runs once a transaction has committed and never after a rollback;
 * `runLast` commits a transaction with its last statement (on PostgreSQL in the same round trip,
 * so the row locks it takes are released before the application hears back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pgTable, text, integer } from 'drizzle-orm/pg-core';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';
import { pgErrorCode, prepared, preparedSql, rows, runAfterCommit, runLast } from '../src/platform/db/index.js';
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

describe('runLast', () => {
  it('commits with the last statement: the transaction\'s earlier writes and events with it, its after-commit work after', async () => {
    const log: string[] = [];
    const result = await app.database.transaction(async (tx) => {
      await insertProbe.run(tx, { id: 'last-1', n: 1 });
      const eventId = await publish(tx, 'test.last', { n: 1 });
      runAfterCommit(tx, () => log.push('after commit'));
      const bumped = await runLast(tx, bump, { id: 'last-1', by: 1 });
      expect(log).toEqual([]);
      if (onPostgres) {
        // Committed already: another connection sees the writes before this callback returns.
        expect(await probeById.run(app.database.db, { id: 'last-1' })).toEqual([{ id: 'last-1', n: 2 }]);
        expect(await rows(app.database.db, sql`select id from events.outbox where id = ${eventId}`)).toHaveLength(1);
      }
      return { bumped, eventId };
    });
    expect(result.bumped).toEqual([{ id: 'last-1', n: 2 }]);
    expect(log).toEqual(['after commit']);
    expect(await rows(app.database.db, sql`select id from events.outbox where id = ${result.eventId}`)).toHaveLength(1);
  });

  it('rolls everything back when the last statement fails, throws its error, and lets the transaction be read', async () => {
    const failing = preparedSql(sql`insert into public.db_probe (id, n) values (${sql.placeholder('id')}, null)`);
    let eventId = '';
    const failed = await app.database
      .transaction(async (tx) => {
        await insertProbe.run(tx, { id: 'last-2', n: 1 });
        eventId = await publish(tx, 'test.last', { n: 2 });
        try {
          await runLast(tx, failing, { id: 'last-3' });
        } catch (err) {
          // What went wrong can still be read in tx (rows the transaction did not write).
          expect(await probeById.run(tx, { id: 'a' })).toEqual([{ id: 'a', n: 11 }]);
          throw err;
        }
      })
      .then(() => undefined, (err: unknown) => err);
    expect(pgErrorCode(failed)?.code, 'the statement\'s own error (not null violation)').toBe('23502');
    expect(await probeById.run(app.database.db, { id: 'last-2' })).toEqual([]);
    expect(await rows(app.database.db, sql`select id from events.outbox where id = ${eventId}`)).toEqual([]);
  });

  it.skipIf(!onPostgres)('releases the row locks of the last statement before the application hears back', async () => {
    await insertProbe.run(app.database.db, { id: 'hot', n: 0 });
    await app.database.transaction(async (tx) => {
      await runLast(tx, bump, { id: 'hot', by: 1 });
      // Another connection updates the same row while this callback still runs: with the lock still
      // held until a later COMMIT, this would wait for this very callback and never finish.
      const other = bump.run(app.database.db, { id: 'hot', by: 10 });
      const settled = await Promise.race([other.then(() => 'updated'), new Promise((r) => setTimeout(() => r('still locked'), 2_000))]);
      expect(settled).toBe('updated');
    });
    expect((await probeById.run(app.database.db, { id: 'hot' }))[0]!.n).toBe(11);
  });

  it('refuses a transaction it cannot commit', async () => {
    await expect(runLast(app.database.db as never, bump, { id: 'hot', by: 1 })).rejects.toThrow(/top-level transaction/);
  });
});
