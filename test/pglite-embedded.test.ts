/**
 * The embedded database as `comptoir serve` and `comptoir import` open it (PGlite in a data dir):
 * a fresh data dir is a copy of one template cluster (no initdb per data dir; the migrations the
 * caller names already applied), the server runs
 * with small shared memory, and migrations are skipped when every one is applied and applied
 * when one is pending.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { rows, type Database, type MigrationSet } from '../src/platform/db/index.js';
import { openPglite, PGLITE_SETTINGS } from '../src/platform/db/pglite.js';
import { projectRoot } from '../src/platform/paths.js';

/** PGlite only: nothing here runs on a PostgreSQL server. */
const onPostgres = process.env.COMPTOIR_TEST_DB === 'postgres';
const scratch = mkdtempSync(join(tmpdir(), 'comptoir-pglite-'));
const templateDir = join(scratch, 'template');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function withDb<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openPglite(dataDir, { templateDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const systemId = (db: Database) => rows<{ id: string }>(db.db, sql`select system_identifier::text as id from pg_control_system()`).then((r) => r[0]?.id);
const tables = (db: Database) => rows<{ name: string }>(db.db, sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`).then((r) => r.map((t) => t.name));

describe.skipIf(onPostgres)('embedded database (PGlite in a data dir)', { timeout: 240_000 }, () => {
  it('copies fresh data dirs from one template cluster, which their writes never touch', async () => {
    const first = join(scratch, 'a');
    const firstId = await withDb(first, async (db) => {
      await db.db.execute(sql`create table kept (n int)`);
      return systemId(db);
    });
    // Reopened: the same cluster, with its table.
    expect(await withDb(first, async (db) => [await systemId(db), await tables(db)])).toEqual([firstId, ['kept']]);
    // A second data dir: the template's cluster (initdb gives every cluster its own identifier), without the first one's table.
    expect(await withDb(join(scratch, 'b'), async (db) => [await systemId(db), await tables(db)])).toEqual([firstId, []]);
    const templates = readdirSync(templateDir).filter((name) => name.startsWith('pglite-'));
    expect(templates).toHaveLength(1);
    expect(readFileSync(join(templateDir, templates[0]!, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
  });

  it('runs with small shared memory (one backend in this process)', async () => {
    const settings = await withDb(join(scratch, 'a'), (db) =>
      rows<{ shared_buffers: string; max_connections: string }>(db.db, sql`select current_setting('shared_buffers') as shared_buffers, current_setting('max_connections') as max_connections`),
    );
    expect(settings).toEqual([{ shared_buffers: PGLITE_SETTINGS.shared_buffers, max_connections: PGLITE_SETTINGS.max_connections }]);
  });

  it('copies fresh data dirs from a template on which the migrations it is given are applied, one per version of them', async () => {
    const folder = mkdtempSync(join(projectRoot, 'node_modules', '.cache', 'comptoir-migrations-'));
    try {
      cpSync(join(projectRoot, 'src/modules/imports/db/migrations'), folder, { recursive: true });
      const set: MigrationSet = { name: 'template_set', folder: folder.slice(projectRoot.length + 1) };
      const open = async (dir: string) => {
        const database = await openPglite(join(scratch, dir), { templateDir, migrations: [set] });
        try {
          return { applied: await database.migrationsApplied([set]), tables: await tables(database) };
        } finally {
          await database.close();
        }
      };
      // Applied before any migrate call: the data dir is a copy of a migrated template.
      expect((await open('m1')).applied).toBe(true);
      const before = readdirSync(templateDir).filter((name) => name.startsWith('pglite-')).length;
      expect((await open('m2')).applied).toBe(true);
      expect(readdirSync(templateDir).filter((name) => name.startsWith('pglite-'))).toHaveLength(before);
      // A new migration: the next fresh data dir comes from a new template that has it.
      const journal = join(folder, 'meta', '_journal.json');
      const meta = JSON.parse(readFileSync(journal, 'utf8')) as { entries: Array<{ idx: number; when: number; tag: string }> };
      const last = meta.entries.at(-1)!;
      meta.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_probe' });
      writeFileSync(journal, JSON.stringify(meta));
      writeFileSync(join(folder, '9999_probe.sql'), 'create table public.template_probe (n int);');
      expect(await open('m3')).toEqual({ applied: true, tables: ['template_probe'] });
      expect(readdirSync(templateDir).filter((name) => name.startsWith('pglite-'))).toHaveLength(before + 1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('applies pending migrations, and reports them applied only when every one is', async () => {
    // A migration set of our own, in a folder under the project root (sets are addressed from it).
    const folder = mkdtempSync(join(projectRoot, 'node_modules', '.cache', 'comptoir-migrations-'));
    try {
      cpSync(join(projectRoot, 'src/modules/imports/db/migrations'), folder, { recursive: true });
      const set: MigrationSet = { name: 'probe_set', folder: folder.slice(projectRoot.length + 1) };
      const journal = join(folder, 'meta', '_journal.json');
      await withDb(join(scratch, 'c'), async (db) => {
        expect(await db.migrationsApplied([set])).toBe(false);
        await db.migrate([set]);
        expect(await db.migrationsApplied([set])).toBe(true);
        await db.migrate([set]);
        // A new migration lands: pending until migrate applies it.
        const meta = JSON.parse(readFileSync(journal, 'utf8')) as { entries: Array<{ idx: number; when: number; tag: string; version: string; breakpoints: boolean }> };
        const last = meta.entries.at(-1)!;
        meta.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_probe' });
        writeFileSync(journal, JSON.stringify(meta));
        writeFileSync(join(folder, '9999_probe.sql'), 'create table public.migration_probe (n int);');
        expect(await db.migrationsApplied([set])).toBe(false);
        await db.migrate([set]);
        expect(await db.migrationsApplied([set])).toBe(true);
        expect(await tables(db)).toContain('migration_probe');
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
