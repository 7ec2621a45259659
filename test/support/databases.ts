/**
 * Fresh databases for test apps, migrated once per run instead of once per test file.
 *
 * Run side (test/support/global-setup.ts): {@link pgliteDump} migrates an in-memory PGlite as
 * the app does and keeps its cluster as a tarball, and {@link createPostgresTemplate} migrates a
 * template database on the server of `DATABASE_URL`. Worker side (test/support/app.ts):
 * {@link openPgliteFromDump} and {@link freshPostgresDatabase} give each test app a copy.
 * Tests of opening and migrating (test/pglite-embedded.test.ts, test/crash.test.ts) open their
 * databases through the production path instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase, type Database, type MigrationSet } from '../../src/platform/db/index.js';
import { dumpPglite, openPglite, PGLITE_SETTINGS } from '../../src/platform/db/pglite.js';
import { projectRoot } from '../../src/platform/paths.js';

/**
 * The migration sets `createApp` applies, in its order: the app is composed on `database` up to
 * its `migrate` call, which records the sets and stops the composition (nothing is migrated,
 * started or written).
 */
async function appMigrationSets(database: Database): Promise<MigrationSet[]> {
  let sets: MigrationSet[] | undefined;
  const stop = new Error('migration sets collected');
  const config = { ...loadConfig({}), dataDir: tmpdir(), jwtSecret: 'migration-sets-only-0123456789-0123456789', logLevel: 'silent', demoData: false };
  const capture: Database = { ...database, migrate: async (s) => { sets = s; throw stop; } };
  await createApp({ config, database: capture, logger: pino({ level: 'silent' }), relay: false }).then(
    (app) => app.close(),
    (err: unknown) => { if (err !== stop) throw err; },
  );
  if (!sets) throw new Error('createApp finished without migrating');
  return sets;
}

/** Version of an installed package (its package.json under the project's node_modules). */
const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** Every file under `dir`, recursively, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * A key of everything the migrated cluster depends on: PGlite and drizzle-orm versions, the
 * server settings, the composition root (which sets, in which order), the code that opens and
 * migrates, the index files that declare the sets, and every file of every `migrations` folder.
 */
function dumpKey(): string {
  const hash = createHash('sha256');
  hash.update(`pglite ${packageVersion('@electric-sql/pglite')} drizzle ${packageVersion('drizzle-orm')} ${JSON.stringify(PGLITE_SETTINGS)}\n`);
  // Migration files, and the index files that name each set and its folder.
  const files = filesUnder(join(projectRoot, 'src')).filter((f) => /[/\\]migrations[/\\]|[/\\](modules[/\\][^/\\]+|platform[/\\]events)[/\\]index\.ts$/.test(f));
  const code = ['src/app.ts', 'src/platform/db/pglite.ts', 'src/platform/db/migrations.ts'].map((f) => join(projectRoot, f));
  for (const file of [...code, ...files]) {
    hash.update(`${relative(projectRoot, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Dumps not used for this long are deleted when a new one is written. */
const STALE_DUMP_MS = 86_400_000;

/**
 * Path of a tarball of an in-memory PGlite cluster on which every migration of the app is
 * applied (PGlite's `dumpDataDir`, uncompressed), in node_modules/.cache/comptoir. Made once per
 * {@link dumpKey} (written to a scratch file then renamed, so concurrent runs never read half of
 * one); other dumps unused for a day are deleted then.
 */
export async function pgliteDump(): Promise<string> {
  const dir = join(projectRoot, 'node_modules', '.cache', 'comptoir');
  const file = join(dir, `pglite-migrated-${dumpKey()}.tar`);
  if (existsSync(file)) {
    const now = new Date();
    utimesSync(file, now, now);
    return file;
  }
  const database = await openPglite(undefined);
  try {
    await database.migrate(await appMigrationSets(database));
    const dump = Buffer.from(await (await dumpPglite(database)).arrayBuffer());
    mkdirSync(dir, { recursive: true });
    const scratch = `${file}.tmp-${process.pid}`;
    writeFileSync(scratch, dump);
    renameSync(scratch, file);
  } finally {
    await database.close();
  }
  for (const name of readdirSync(dir)) {
    const other = join(dir, name);
    if (/^pglite-migrated-.*\.tar$/.test(name) && other !== file && Date.now() - statSync(other).mtimeMs > STALE_DUMP_MS) rmSync(other, { force: true });
  }
  return file;
}

/** An in-memory PGlite opened from the tarball at `dumpPath` (see {@link pgliteDump}). */
export async function openPgliteFromDump(dumpPath: string): Promise<Database> {
  return openPglite(undefined, { loadDataDir: new Blob([readFileSync(dumpPath)]) });
}

/** `DATABASE_URL` with its database replaced by `name`. */
function urlOf(name: string): string {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `statement` on the database of `DATABASE_URL` (creating and dropping databases). */
async function onServer(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

/**
 * Creates a database on the server of `DATABASE_URL` with every migration of the app applied,
 * for {@link freshPostgresDatabase} to copy. Its name is unique to this run (no other run ever
 * connects to it, which `CREATE DATABASE … TEMPLATE` forbids); `drop` removes it.
 */
export async function createPostgresTemplate(): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = uniqueName('comptoir_tpl');
  const drop = () => onServer(`drop database if exists "${name}" with (force)`);
  await onServer(`create database "${name}"`);
  try {
    const database = await openDatabase({ url: urlOf(name), poolSize: 2 });
    try {
      await database.migrate(await appMigrationSets(database));
    } finally {
      await database.close();
    }
  } catch (err) {
    await drop();
    throw err;
  }
  return { name, drop };
}

/**
 * A new database on the server of `DATABASE_URL`: a copy of `template` when given (see
 * {@link createPostgresTemplate}), else empty. `drop` removes it, closing its connections.
 */
export async function freshPostgresDatabase(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName('comptoir_t');
  await onServer(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  return { url: urlOf(name), drop: () => onServer(`drop database if exists "${name}" with (force)`) };
}
