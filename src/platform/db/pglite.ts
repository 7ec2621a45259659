import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { projectRoot } from '../paths.js';
import { tracing } from '../observability/tracing.js';
import { allApplied, migrationsTable } from './migrations.js';
import { handles, transactionOf } from './transactions.js';
import type { Database, Db, MigrationSet } from './types.js';

/**
 * Server settings added to PGlite's own start parameters. PGlite runs a single backend inside
 * this process, yet PostgreSQL's defaults size shared memory for 100 connections and 128 MB of
 * buffers, which PGlite allocates and zeroes on every open: about a second of CPU and 110 MB of
 * RSS before the first query (bench/README.md, "Embedded start"). The catalog of the demo and of
 * the December 2010 file (under 50 MB on disk) is served from the OS page cache beyond the buffers.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  max_connections: '5',
};

/** Start parameters: PGlite's defaults, then {@link PGLITE_SETTINGS}. */
const startParams = (): string[] => [...PGlite.defaultStartParams, ...Object.entries(PGLITE_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`])];

/** PGlite's package version (a template cluster is only reused by the version that made it). */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Folder of the template clusters by default: the project's node_modules/.cache (see {@link openPglite}). */
export const defaultTemplateDir = (): string => join(projectRoot, 'node_modules', '.cache', 'comptoir');

/**
 * A key of what a template cluster holds: PGlite's version, {@link PGLITE_SETTINGS}, and for each
 * migration set, in order, its name, folder and every file of that folder (SQL and journal).
 */
function templateKey(sets: MigrationSet[]): string {
  const hash = createHash('sha256').update(`pglite ${pgliteVersion()} ${JSON.stringify(PGLITE_SETTINGS)}\n`);
  for (const set of sets) {
    hash.update(`set ${set.name} ${set.folder}\n`);
    const folder = join(projectRoot, set.folder);
    if (!existsSync(folder)) continue;
    const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
    for (const file of files) hash.update(`${relative(folder, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Template folders unused for this long are deleted when a new template is made. */
const STALE_TEMPLATE_MS = 86_400_000;

/**
 * Makes `pgdata` a fresh cluster by copying the template cluster for `sets` from `templateRoot`,
 * creating the template first: PGlite's initdb and every migration of `sets` in a scratch
 * folder, closed cleanly, then renamed into place, so concurrent processes never see half a
 * template (other templates unused for a day are deleted then); the copy is renamed into place
 * the same way. Leaves `pgdata` absent when the template cannot be made or copied (a read-only
 * folder): PGlite then runs initdb itself, and the migrations run on the data dir.
 */
async function seedCluster(pgdata: string, templateRoot: string, sets: MigrationSet[]): Promise<void> {
  const templateDir = join(templateRoot, `pglite-${pgliteVersion()}-${templateKey(sets)}`);
  const copy = `${pgdata}.tmp-${process.pid}`;
  try {
    if (!existsSync(join(templateDir, 'PG_VERSION'))) {
      mkdirSync(templateRoot, { recursive: true });
      const scratch = mkdtempSync(`${templateDir}.tmp-`);
      try {
        const client = await PGlite.create(scratch, { extensions: { pg_trgm }, startParams: startParams() });
        try {
          await runMigrations(drizzlePglite({ client }) as unknown as Db, sets);
        } finally {
          await client.close();
        }
        renameSync(scratch, templateDir);
      } catch (err) {
        rmSync(scratch, { recursive: true, force: true });
        // Another process won the race: its template is as good.
        if (!existsSync(join(templateDir, 'PG_VERSION'))) throw err;
      }
      for (const entry of readdirSync(templateRoot, { withFileTypes: true })) {
        const path = join(templateRoot, entry.name);
        if (entry.isDirectory() && entry.name.startsWith('pglite-') && path !== templateDir && Date.now() - statSync(path).mtimeMs > STALE_TEMPLATE_MS) {
          rmSync(path, { recursive: true, force: true });
        }
      }
    }
    cpSync(templateDir, copy, { recursive: true });
    // Its age is the last use: templates in use are never deleted as stale.
    utimesSync(templateDir, new Date(), new Date());
    renameSync(copy, pgdata);
  } catch {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Applies every pending migration of `sets`, in order (drizzle's migrator, one bookkeeping table per set). */
async function runMigrations(db: Db, sets: MigrationSet[]): Promise<void> {
  for (const set of sets) {
    await migratePglite(db as never, {
      migrationsFolder: join(projectRoot, set.folder),
      migrationsSchema: 'drizzle',
      migrationsTable: migrationsTable(set.name),
    });
  }
}

/** How to open PGlite (tests point the template elsewhere). */
export interface PgliteOptions {
  /** Folder of the template clusters a fresh data dir is copied from (default {@link defaultTemplateDir}). */
  templateDir?: string;
  /**
   * The migration sets the caller will apply (`createApp` passes its own): a fresh data dir is
   * copied from a template on which they are applied already. Default none (initdb only).
   */
  migrations?: MigrationSet[];
  /**
   * In memory only: start from this cluster, a tarball of {@link dumpPglite}, instead of running
   * initdb (the test harness opens every in-memory database from one migrated dump).
   */
  loadDataDir?: Blob;
}

/** The PGlite client behind each database {@link openPglite} returned (for {@link dumpPglite}). */
const clients = new WeakMap<Database, PGlite>();

/**
 * The whole cluster of an open PGlite database as an uncompressed tarball, which
 * {@link PgliteOptions.loadDataDir} opens again (PGlite's `dumpDataDir`).
 * @throws Error when `database` was not opened by {@link openPglite}.
 */
export async function dumpPglite(database: Database): Promise<Blob> {
  const client = clients.get(database);
  if (!client) throw new Error('dumpPglite: not a PGlite database');
  await client.exec('checkpoint');
  return client.dumpDataDir('none');
}

/**
 * Opens PGlite in `dataDir` (created if missing; in memory when undefined) with pg_trgm and
 * {@link PGLITE_SETTINGS}, see {@link openDatabase}. A data dir without a cluster gets a copy of
 * a template cluster, already migrated with `options.migrations`: PGlite's initdb costs some
 * 10 s of CPU and 400 MB of peak RSS on the 2-core machine and the migrations 1.5-2.5 s, paid
 * once per PGlite version and set of migrations instead of once per data dir.
 * @throws Error when `options.loadDataDir` is given with a `dataDir`.
 */
export async function openPglite(dataDir: string | undefined, options: PgliteOptions = {}): Promise<Database> {
  let pgdata: string | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    pgdata = join(dataDir, 'pgdata');
    if (!existsSync(pgdata)) await seedCluster(pgdata, options.templateDir ?? defaultTemplateDir(), options.migrations ?? []);
  }
  if (pgdata && options.loadDataDir) throw new Error('openPglite: loadDataDir is for in-memory databases only');
  const client = await PGlite.create(pgdata, { extensions: { pg_trgm }, startParams: startParams(), loadDataDir: options.loadDataDir });
  // Tracing on: a client span per query (PGlite has no OpenTelemetry instrumentation of its own).
  tracing()?.instrument('pglite', client);
  const db = drizzlePglite({ client }) as unknown as Db;
  handles.add(db);
  const database: Database = {
    kind: 'pglite',
    db,
    transaction: transactionOf(db),
    // One session: COPY reads its rows from a blob (PGlite's `/dev/blob`).
    session: (fn) => fn({
      db,
      transaction: database.transaction,
      copyFrom: async (statement, text) => {
        const result = await client.query(statement.replace(/\bstdin\b/i, "'/dev/blob'"), [], { blob: new Blob([text]) });
        return result.affectedRows ?? 0;
      },
    }),
    listen: async (channel, onNotify) => {
      const unsubscribe = await client.listen(channel, onNotify);
      return async () => unsubscribe();
    },
    migrate: async (sets) => {
      // Every start: two catalog queries when nothing is pending, instead of drizzle's three statements and a read of every migration file per set.
      if (await allApplied(db, sets)) return;
      await runMigrations(db, sets);
    },
    migrationsApplied: (sets) => allApplied(db, sets),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
  clients.set(database, client);
  return database;
}
