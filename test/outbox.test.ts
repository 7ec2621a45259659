/**
 * The transactional outbox as the modules use it: events of a transaction are written when (and
 * only if) it commits (or earlier, with a statement that writes the transaction's pending events),
 * once, in publication order; a savepoint that rolls back takes its events with it; a
 * one-statement insert with events writes both or neither. Every delivered event
 * reaches its subscriber once. The relay hears of committed events without polling: directly
 * when they are committed in its own process, through NOTIFY otherwise. Delivered events are
 * purged after the retention period.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';
import './support/test-events.js';
import { eventStatement, publish, publishMany } from '../src/platform/events/index.js';
import { openDatabase, rows } from '../src/platform/db/index.js';
import { loadConfig } from '../src/platform/config.js';

let app: TestApp;
const seen: string[] = [];

/** Writes the transaction's pending events, and nothing else. */
const writePending = eventStatement((_db, outbox) => sql`with written as (${outbox.pending()}) select 1 as done`);
/** A one-row insert into the probe table with the events given to `run`. */
const probe = eventStatement<{ id: string }>(
  (_db, outbox) => sql`with main as (insert into public.outbox_probe (id) values (${sql.placeholder('id')}) returning id), written as (${outbox.events()}) select id from main`,
);
/** The same insert, once: a second run with the same id writes neither the row nor its events, and says so. */
const probeOnce = eventStatement<{ id: string | null }>(
  (_db, outbox) =>
    sql`with main as (insert into public.outbox_probe (id) values (${sql.placeholder('id')}) on conflict do nothing returning id),
      written as (${outbox.events(sql`exists (select 1 from main)`)}) select (select id from main) as id`,
  (found) => found.some((r) => r.id !== null),
);

beforeAll(async () => {
  app = await createTestApp();
  app.relay.subscribe('outbox-test', ['test.a', 'test.b', 'test.c'], async (event) => {
    seen.push(`${event.type}:${event.payload.n}`);
  });
  await app.database.db.execute(sql`create table if not exists public.outbox_probe (id text primary key)`);
});
afterAll(() => app?.close());

async function outbox(ids: string[]) {
  if (ids.length === 0) return [];
  return rows<{ id: string; type: string }>(app.database.db, sql`select id, type from events.outbox where id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) order by id`);
}

describe('transactional outbox', () => {
  it('writes the events of a committed transaction once, in order, and delivers each once', async () => {
    seen.length = 0;
    const ids = await app.database.transaction(async (tx) => {
      const first = await publish(tx, 'test.a', { n: 1 });
      const more = await publishMany(tx, [
        { type: 'test.b', payload: { n: 2 } },
        { type: 'test.c', payload: { n: 3 } },
      ]);
      // Not visible before the commit, even inside the transaction: they are written just before it.
      const [inside] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from events.outbox where id = ${first}`);
      expect(inside!.n).toBe(0);
      return [first, ...more];
    });
    expect((await outbox(ids)).map((r) => r.type)).toEqual(['test.a', 'test.b', 'test.c']);
    await app.relay.drain();
    expect(seen).toEqual(['test.a:1', 'test.b:2', 'test.c:3']);
    await app.relay.drain();
    expect(seen).toHaveLength(3);
  });

  it('a statement that writes the pending events writes them at once; later ones wait for the commit', async () => {
    const count = async (exec: Parameters<typeof rows>[0], ids: string[]) =>
      (await rows<{ n: number }>(exec, sql`select count(*)::int as n from events.outbox where id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`))[0]!.n;
    const ids = await app.database.transaction(async (tx) => {
      const first = await publish(tx, 'test.a', { n: 40 });
      await writePending.run(tx);
      expect(await count(tx, [first])).toBe(1);
      const second = await publish(tx, 'test.b', { n: 41 });
      expect(await count(tx, [second])).toBe(0);
      return [first, second];
    });
    expect(await count(app.database.db, ids)).toBe(2);
  });

  it('writes nothing when the transaction rolls back', async () => {
    let ids: string[] = [];
    await expect(
      app.database.transaction(async (tx) => {
        ids = [await publish(tx, 'test.a', { n: 10 })];
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await outbox(ids)).toEqual([]);
  });

  it('drops the events of a savepoint that rolls back and keeps the others', async () => {
    const kept: string[] = [];
    let dropped = '';
    await app.database.transaction(async (tx) => {
      kept.push(await publish(tx, 'test.a', { n: 20 }));
      await tx
        .transaction(async (sp) => {
          dropped = await publish(sp, 'test.b', { n: 21 });
          throw new Error('savepoint refused');
        })
        .catch(() => undefined);
      kept.push(await publish(tx, 'test.c', { n: 22 }));
    });
    expect((await outbox([...kept, dropped])).map((r) => r.id)).toEqual(kept);
  });

  it('inserts a row and its event in one statement, or neither when the insert fails', async () => {
    const [row] = await probe.run(app.database.db, { id: 'p1' }, [{ type: 'test.a', payload: { n: 30 }, aggregateId: 'p1' }]);
    expect(row!.id).toBe('p1');
    const count = async () => (await rows<{ n: number }>(app.database.db, sql`select count(*)::int as n from events.outbox where aggregate_id = 'p1'`))[0]!.n;
    expect(await count()).toBe(1);
    await expect(probe.run(app.database.db, { id: 'p1' }, [{ type: 'test.a', payload: { n: 31 }, aggregateId: 'p1' }])).rejects.toThrow();
    expect(await count()).toBe(1);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (without drain(), which would deliver by itself) until the relay has delivered `label`. */
async function delivered(label: string, withinMs = 3_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (seen.includes(label)) return true;
    await sleep(20);
  }
  return false;
}

describe('events no subscriber handles', () => {
  it('end delivered by the claim itself, while the events a subscriber handles in the same claim still reach it', async () => {
    seen.length = 0;
    const [ignored, handled] = await app.database.transaction(async (tx) => [await publish(tx, 'test.nobody', { n: 60 }), await publish(tx, 'test.a', { n: 61 })]);
    await app.relay.drain();
    const states = await rows<{ id: string; status: string; delivered: boolean }>(
      app.database.db,
      sql`select id, status, delivered_at is not null as delivered from events.outbox where id in (${ignored}, ${handled}) order by id`,
    );
    expect(states).toEqual([
      { id: ignored, status: 'delivered', delivered: true },
      { id: handled, status: 'delivered', delivered: true },
    ]);
    expect(seen).toContain('test.a:61');
  });
});

describe('how the relay hears of committed events', () => {
  it('a transaction that wrote events wakes this process\'s relay once it has committed, not before', async () => {
    const wake = vi.spyOn(app.relay, 'wake');
    try {
      await app.database.transaction(async (tx) => {
        await publish(tx, 'test.a', { n: 50 });
        await writePending.run(tx); // written, but not committed yet
        expect(wake).not.toHaveBeenCalled();
      });
      expect(wake).toHaveBeenCalledTimes(1);
      expect(await delivered('test.a:50')).toBe(true);
    } finally {
      wake.mockRestore();
    }
  });

  it('a rolled-back transaction wakes nobody', async () => {
    const wake = vi.spyOn(app.relay, 'wake');
    try {
      await app.database
        .transaction(async (tx) => {
          await publish(tx, 'test.a', { n: 51 });
          throw new Error('refused');
        })
        .catch(() => undefined);
      expect(wake).not.toHaveBeenCalled();
    } finally {
      wake.mockRestore();
    }
  });

  it('a one-statement insert with events wakes it as soon as the statement has run', async () => {
    const wake = vi.spyOn(app.relay, 'wake');
    try {
      await probe.run(app.database.db, { id: 'p52' }, [{ type: 'test.b', payload: { n: 52 } }]);
      expect(wake).toHaveBeenCalledTimes(1);
      expect(await delivered('test.b:52')).toBe(true);
    } finally {
      wake.mockRestore();
    }
  });

  it('a statement that wrote no outbox row wakes nobody', async () => {
    const wake = vi.spyOn(app.relay, 'wake');
    try {
      await probeOnce.run(app.database.db, { id: 'p57' }, [{ type: 'test.b', payload: { n: 57 } }]);
      expect(wake).toHaveBeenCalledTimes(1);
      await probeOnce.run(app.database.db, { id: 'p57' }, [{ type: 'test.b', payload: { n: 58 } }]);
      expect(wake).toHaveBeenCalledTimes(1);
      expect(await delivered('test.b:57')).toBe(true);
    } finally {
      wake.mockRestore();
    }
  });

  it('events of a savepoint wake it once the enclosing transaction commits, not before', async () => {
    const wake = vi.spyOn(app.relay, 'wake');
    try {
      await app.database.transaction(async (tx) => {
        await tx.transaction(async (sp) => {
          await tx.transaction(async (inner) => {
            await publish(inner, 'test.c', { n: 53 });
          });
          await publish(sp, 'test.c', { n: 56 });
        });
        await sleep(100);
        expect(wake, 'woken on commit only').not.toHaveBeenCalled();
      });
      expect(wake).toHaveBeenCalled();
      expect(await delivered('test.c:53')).toBe(true);
      expect(await delivered('test.c:56')).toBe(true);
    } finally {
      wake.mockRestore();
    }
  });

  it.skipIf(!onPostgres)('a checkout-like transaction whose savepoint publishes sends no NOTIFY, and its events are delivered after the commit', async () => {
    const listener = new pg.Client({ connectionString: app.config.databaseUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query('LISTEN comptoir_outbox');
    try {
      // As a checkout redeeming a promo code: events of the transaction, then a savepoint that publishes.
      await app.database.transaction(async (tx) => {
        await publish(tx, 'test.a', { n: 57 });
        await tx.transaction((sp) => publish(sp, 'test.b', { n: 58 }));
        await publish(tx, 'test.c', { n: 59 });
      });
      expect(await delivered('test.a:57')).toBe(true);
      expect(await delivered('test.b:58')).toBe(true);
      expect(await delivered('test.c:59')).toBe(true);
      await sleep(200);
      expect(heard, 'the relay in this process was woken directly').toEqual([]);
    } finally {
      await listener.end();
    }
  });

  it.skipIf(!onPostgres)('a commit sends no NOTIFY when a relay runs in the process, and one when none does (another process hears it)', async () => {
    // A listener of the relay's channel on its own connection, as another process would be.
    const listener = new pg.Client({ connectionString: app.config.databaseUrl });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query('LISTEN comptoir_outbox');
    // A second handle on the same database, with no relay: a process that only writes.
    const other = await openDatabase({ url: app.config.databaseUrl, poolSize: 2 });
    try {
      await app.database.transaction((tx) => publish(tx, 'test.a', { n: 54 }));
      expect(await delivered('test.a:54')).toBe(true);
      await sleep(200);
      expect(heard, 'the relay in this process was woken directly').toEqual([]);

      await other.transaction((tx) => publish(tx, 'test.b', { n: 55 }));
      expect(await delivered('test.b:55'), 'the app\'s relay heard the other handle\'s commit').toBe(true);
      expect(heard).toEqual(['comptoir_outbox']);
    } finally {
      await other.close();
      await listener.end();
    }
  });
});

describe('retention of delivered events', () => {
  const day = 86_400_000;

  it('purges events delivered longer ago than the retention, in batches, and the inbox entries nobody needs; keeps pending and dead events and their entries', async () => {
    const old = new Date(Date.now() - 8 * day).toISOString();
    // 5,003 old delivered events: more than one purge statement's worth.
    await app.database.db.execute(sql`
      insert into events.outbox (id, type, payload, status, occurred_at, delivered_at)
      select 'evt_purge_' || lpad(g::text, 5, '0'), 'test.old', '{}', 'delivered', ${old}::timestamptz, ${old}::timestamptz from generate_series(1, 5003) g`);
    await app.database.db.execute(sql`
      insert into events.outbox (id, type, payload, status, occurred_at, delivered_at, next_attempt_at) values
        ('evt_keep_recent', 'test.old', '{}', 'delivered', now(), now(), now()),
        ('evt_keep_dead', 'test.old', '{}', 'dead', ${old}::timestamptz, null, ${old}::timestamptz),
        ('evt_keep_pending', 'test.none', '{}', 'pending', ${old}::timestamptz, null, now() + interval '1 hour')`);
    await app.database.db.execute(sql`
      insert into events.inbox (consumer, event_id, processed_at) values
        ('c1', 'evt_purge_00001', ${old}::timestamptz),
        ('c2', 'evt_purge_00001', ${old}::timestamptz),
        ('c1', 'evt_keep_dead', ${old}::timestamptz),
        ('c1', 'evt_keep_pending', ${old}::timestamptz),
        ('c1', 'evt_purge_00002', now())`);

    expect(await app.relay.purge()).toEqual({ events: 5_003, inboxEntries: 2 });

    const left = await rows<{ id: string }>(app.database.db, sql`select id from events.outbox where id like 'evt_purge_%' or id like 'evt_keep_%' order by id`);
    expect(left.map((r) => r.id)).toEqual(['evt_keep_dead', 'evt_keep_pending', 'evt_keep_recent']);
    const entries = await rows<{ e: string }>(app.database.db, sql`select consumer || ':' || event_id as e from events.inbox where consumer in ('c1', 'c2') order by 1`);
    expect(entries.map((r) => r.e)).toEqual(['c1:evt_keep_dead', 'c1:evt_keep_pending', 'c1:evt_purge_00002']);
    // Nothing left to purge: a second run deletes nothing.
    expect(await app.relay.purge()).toEqual({ events: 0, inboxEntries: 0 });
    await app.database.db.execute(sql`delete from events.outbox where id like 'evt_keep_%'`);
    await app.database.db.execute(sql`delete from events.inbox where consumer in ('c1', 'c2')`);
  });

  it('keeps everything with a retention of 0 (EVENT_RETENTION_DAYS=0)', async () => {
    const old = new Date(Date.now() - 400 * day).toISOString();
    const keeper = await createTestApp({ eventRetentionDays: 0 });
    try {
      await keeper.database.db.execute(sql`
        insert into events.outbox (id, type, payload, status, occurred_at, delivered_at) values ('evt_forever', 'test.old', '{}', 'delivered', ${old}::timestamptz, ${old}::timestamptz)`);
      expect(await keeper.relay.purge()).toEqual({ events: 0, inboxEntries: 0 });
      const [kept] = await rows<{ n: number }>(keeper.database.db, sql`select count(*)::int as n from events.outbox where id = 'evt_forever'`);
      expect(kept!.n).toBe(1);
    } finally {
      await keeper.close();
    }
    expect(loadConfig({}).eventRetentionDays).toBe(7);
    expect(loadConfig({ EVENT_RETENTION_DAYS: '30' }).eventRetentionDays).toBe(30);
    expect(() => loadConfig({ EVENT_RETENTION_DAYS: '-1' })).toThrow(/EVENT_RETENTION_DAYS/);
  });
});
