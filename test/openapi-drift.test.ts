/**
 * The committed web/src/lib/api-schema.d.ts matches what the route schemas produce now: a route
 * schema changed without regenerating fails here. The document does not depend on the database,
 * so this runs once (pglite project) and is skipped on PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../scripts/api-types.js';
import { onPostgres } from './support/app.js';

describe.skipIf(onPostgres)('web API types', () => {
  it('web/src/lib/api-schema.d.ts is up to date with the route schemas', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    const fresh = await renderApiTypes();
    expect(committed === fresh, 'web/src/lib/api-schema.d.ts differs from the route schemas: run `npm run api:generate` and commit the result').toBe(true);
  });
});
