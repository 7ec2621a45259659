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

/**
 * True when every migration of `sets` is recorded as applied in `db` (see
 * {@link Database.migrationsApplied}): one catalog query for the bookkeeping tables that exist,
 * then one count over all of them.
 */
export async function allApplied(db: Db, sets: MigrationSet[]): Promise<boolean> {
  const expected = sets.map((set) => ({ table: migrationsTable(set.name), count: journalLength(set.folder) })).filter((s) => s.count > 0);
  if (expected.length === 0) return true;
  const existing = await rows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = 'drizzle' and c.relkind in ('r', 'p')`,
  );
  const tables = new Set(existing.map((r) => r.name));
  if (expected.some((s) => !tables.has(s.table))) return false;
  // Table names come from migrationsTable (sanitised to [a-z0-9_]), never from input.
  const counts = await rows<{ name: string; n: number }>(
    db,
    sql.raw(expected.map((s) => `select '${s.table}' as name, count(*)::int as n from drizzle."${s.table}"`).join(' union all ')),
  );
  const applied = new Map(counts.map((r) => [r.name, Number(r.n)]));
  return expected.every((s) => (applied.get(s.table) ?? 0) >= s.count);
}
