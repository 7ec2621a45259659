/**
 * platform/db as the modules use it: statements compiled once (`prepared`, `preparedSql`) run in
 * whichever executor they are given, inside or outside a transaction, with each call's values;
 * `runAfterCommit` work runs once a transaction has committed and never after a rollback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pgTable, text, integer } from 'drizzle-orm/pg-core';
import { createTestApp, type TestApp } from './support/app.js';
import { prepared, preparedSql, rows, runAfterCommit } from '../src/platform/db/index.js';

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
