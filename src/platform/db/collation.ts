import { sql, type SQL } from 'drizzle-orm';

/**
 * ORDER BY terms that sort names as a person reads them, identically on PGlite and PostgreSQL:
 * first by the ICU root collation `und-x-icu` (Unicode Collation Algorithm with CLDR root data:
 * letter case and accents only break ties, so "3 Tier Cake Tin" comes before "3 TRADITIONAL
 * BISCUIT CUTTERS SET" and "école" sits with "ecole"), then by code point (`C`), so names equal
 * to the collation still come in one fixed order. Callers add their own last tiebreak (an id).
 * Digits compare as characters ("10" before "2"): PGlite's ICU ignores the numeric option.
 * Needs PostgreSQL built with ICU (the official packages and images are; PGlite is).
 * @param expr the text expression to sort (e.g. sql`p.title`).
 * @param direction `asc` (default) or `desc`.
 */
export function readingOrder(expr: SQL, direction: 'asc' | 'desc' = 'asc'): SQL {
  const dir = sql.raw(direction);
  return sql`${expr} collate "und-x-icu" ${dir}, ${expr} collate "C" ${dir}`;
}
