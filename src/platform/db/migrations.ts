import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { projectRoot } from '../paths.js';
import { rows } from './sql.js';
import type { Db, MigrationSet } from './types.js';

/** The table that records the applied migrations of the set `name`, in schema `drizzle` (name sanitised to `[a-z0-9_]`). */
export const migrationsTable = (name: string) => `__migrations_${name.replace(/[^a-z0-9_]/gi, '_')}`;

/** Number of migrations drizzle-kit generated in `folder` (its journal's entries; 0 without one). */
function journalLength(folder: string): number {
  const journal = join(projectRoot, folder, 'meta', '_journal.json');
  if (!existsSync(journal)) return 0;
  return (JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] }).entries.length;
}

/** Number of migrations of the set `name` recorded as applied (0 before its table exists). */
async function appliedCount(db: Db, name: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from information_schema.tables where table_schema = 'drizzle' and table_name = ${migrationsTable(name)}`,
  );
  if (!row || row.n === 0) return 0;
  const [count] = await rows<{ n: number }>(db, sql.raw(`select count(*)::int as n from drizzle."${migrationsTable(name)}"`));
  return count?.n ?? 0;
}

/** True when every migration of `sets` is recorded as applied in `db` (see {@link Database.migrationsApplied}). */
export async function allApplied(db: Db, sets: MigrationSet[]): Promise<boolean> {
  for (const set of sets) {
    if ((await appliedCount(db, set.name)) < journalLength(set.folder)) return false;
  }
  return true;
}
