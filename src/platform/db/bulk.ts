import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './types.js';

/**
 * Inserts many rows in one statement with a single JSON parameter
 * (`insert … select … from json_populate_recordset`), which is far cheaper to build and send than
 * a multi-row VALUES list when there are thousands of rows. Columns are those of the first row;
 * Dates are sent as ISO 8601. `onConflictDoNothing` skips rows that violate a unique constraint.
 * @returns the number of rows inserted.
 */
export async function bulkInsert<T extends PgTable>(
  exec: Executor,
  table: T,
  values: T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean } = {},
): Promise<number> {
  if (values.length === 0) return 0;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(values[0] as object).filter((k) => k in columns);
  const names = keys.map((k) => `"${columns[k]!.name}"`).join(', ');
  const { name, schema } = getTableConfig(table);
  const qualified = `${schema ? `"${schema}".` : ''}"${name}"`;
  let inserted = 0;
  for (let i = 0; i < values.length; i += 10_000) {
    const json = JSON.stringify(
      values.slice(i, i + 10_000).map((row) => {
        const out: Record<string, unknown> = {};
        for (const k of keys) out[columns[k]!.name] = (row as Record<string, unknown>)[k];
        return out;
      }),
    );
    const result = (await exec.execute(
      sql`insert into ${sql.raw(qualified)} (${sql.raw(names)}) select ${sql.raw(names)} from json_populate_recordset(null::${sql.raw(qualified)}, ${json}::json)${sql.raw(options.onConflictDoNothing ? ' on conflict do nothing' : '')}`,
    )) as unknown as { rowCount?: number | null; affectedRows?: number };
    inserted += result.rowCount ?? result.affectedRows ?? 0;
  }
  return inserted;
}
