/**
 * The private internals of `pg` and `drizzle-orm` that src/platform/db relies on, checked one by
 * one so that an upgrade that changes them fails here, by name, rather than somewhere in the
 * checkout. Both packages are pinned to exact versions in package.json; before moving either pin,
 * run this file and re-read `PreparingClient` (src/platform/db/preparing-client.ts), `bind()` and
 * `perDriver()` (src/platform/db/prepared.ts).
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, onPostgres, type TestApp } from './support/app.js';

const installed = (name: string): string => (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
const pinned = (name: string): string => (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }).dependencies[name]!;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app?.close());

describe('pinned driver internals', () => {
  it('pg and drizzle-orm are pinned to an exact version, and that version is installed', () => {
    for (const name of ['pg', 'drizzle-orm']) {
      expect(pinned(name), `${name} must be pinned exactly (platform/db uses its internals)`).toMatch(/^\d+\.\d+\.\d+$/);
      expect(installed(name), `${name} installed differs from its pin: run npm ci`).toBe(pinned(name));
    }
  });

  it('drizzle: a database handle exposes its session (`_.session`), with `client` and `prepareQuery(query, fields, name, isResponseInArrayMode, …)`', () => {
    const session = (app.database.db as unknown as { _?: { session?: { client?: unknown; prepareQuery?: unknown } } })._?.session;
    expect(session, 'drizzle-orm internals changed: db._.session is gone (bind() and preparedSql need it)').toBeDefined();
    expect(session!.client, 'drizzle-orm internals changed: session.client is gone (bind() swaps it)').toBeDefined();
    expect(typeof session!.prepareQuery, 'drizzle-orm internals changed: session.prepareQuery is gone (preparedSql needs it)').toBe('function');
    expect((session!.prepareQuery as (...args: unknown[]) => unknown).length, 'drizzle-orm internals changed: prepareQuery(query, fields, name, isResponseInArrayMode, customResultMapper, queryMetadata, cacheConfig) has other parameters').toBe(7);
  });

  it('drizzle: a prepared query keeps its connection in an own `client` property and runs on it', async () => {
    const query = app.database.db.select({ one: sql<number>`1` }).from(sql`(select 1) t`).prepare('internals_probe') as unknown as {
      client?: unknown;
      execute(): Promise<unknown[]>;
    };
    expect(Object.prototype.hasOwnProperty.call(query, 'client'), 'drizzle-orm internals changed: a prepared query has no own `client` (bind() swaps it)').toBe(true);
    // bind() makes a prototype copy with another client; the copy must run on that client.
    let used = false;
    const original = query.client as { query: (...args: unknown[]) => unknown };
    const spy = Object.create(original) as { query: (...args: unknown[]) => unknown };
    spy.query = (...args: unknown[]) => {
      used = true;
      return original.query(...args);
    };
    const bound = Object.create(query) as typeof query;
    bound.client = spy;
    await bound.execute();
    expect(used, 'drizzle-orm internals changed: a prepared query no longer runs on its `client` property').toBe(true);
  });

  it.runIf(onPostgres)('pg: Client.query can be overridden, a client takes the `pipeline` option and its socket can be corked', async () => {
    expect(typeof pg.Client.prototype.query).toBe('function');
    const client = new pg.Client({ connectionString: app.config.databaseUrl, pipeline: true } as pg.ClientConfig);
    await client.connect();
    try {
      expect((client as unknown as { pipeline?: unknown }).pipeline, 'pg internals changed: the `pipeline` option is not kept on the client').toBe(true);
      const stream = (client as unknown as { connection?: { stream?: { cork?: unknown; uncork?: unknown } } }).connection?.stream;
      expect(typeof stream?.cork, 'pg internals changed: client.connection.stream.cork is gone (PreparingClient corks per turn)').toBe('function');
      expect(typeof stream?.uncork).toBe('function');
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });
});
