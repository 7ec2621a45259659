/**
 * Vitest global setup of the `pglite` and `postgres` projects (vitest.config.ts): migrates one
 * database per run, which test apps copy (test/support/databases.ts), and provides where it is:
 * `pgliteDump` (a tarball path) or `postgresTemplate` (a database name).
 */
import type { TestProject } from 'vitest/node';
import { createPostgresTemplate, pgliteDump } from './databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite cluster tarball (project `pglite`). */
    pgliteDump: string;
    /** Name of the migrated template database (project `postgres`). */
    postgresTemplate: string;
  }
}

/** Makes the project's migrated database; the returned teardown drops the PostgreSQL template. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (project.name === 'postgres') {
    const template = await createPostgresTemplate();
    project.provide('postgresTemplate', template.name);
    return template.drop;
  }
  project.provide('pgliteDump', await pgliteDump());
  return undefined;
}
