import { getTableColumns, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './types.js';

/** Rows of a raw SQL query, whichever driver runs it. */
export async function rows<T>(exec: Executor, query: SQL): Promise<T[]> {
  const result = (await exec.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A row of `table` from its JSON (`row_to_json`, snake_case column names) as Drizzle's select
 * gives it: property names, and values through each column's driver mapping (timestamps → Date).
 */
export function rowFromJson<T extends PgTable>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table)) as [string, Column][]) {
    const value = json[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T['$inferSelect'];
}

/**
 * The PostgreSQL error code of `err` (e.g. `23505` unique violation, `23514` check violation),
 * with its constraint, detail and hint when it has them, looking through Drizzle's wrapper;
 * undefined for other errors.
 */
export function pgErrorCode(err: unknown): { code: string; constraint?: string; detail?: string; hint?: string } | undefined {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; constraint?: unknown; detail?: unknown; hint?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, constraint: text(candidate.constraint), detail: text(candidate.detail), hint: text(candidate.hint) };
    }
    e = candidate.cause;
  }
  return undefined;
}

/** `values` as one `text[]` parameter, for `x = any(${textArray(ids)})` (a plain array in a drizzle template becomes one parameter per element). */
export const textArray = (values: readonly string[]): SQL => sql`${sql.param(values)}::text[]`;

/** A LIKE/ILIKE pattern matching `text` anywhere, literally: `%…%` with `%`, `_` and `\` in `text` escaped. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
