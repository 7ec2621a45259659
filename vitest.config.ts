import { defineConfig } from 'vitest/config';

// HTTP and database tests run on in-memory PGlite, and again on PostgreSQL when DATABASE_URL is
// set (each test file then gets a fresh database on that server; see test/support/app.ts). Each
// project's global setup migrates one database per run, which test apps copy (test/support/databases.ts).
// Browser end-to-end tests (test/e2e) run once, in the e2e project (on PGlite), against a server child process.
const everything = ['src/**/*.test.ts', 'test/**/*.test.ts'];
const e2e = ['test/e2e/**'];
const globalSetup = ['test/support/global-setup.ts'];
const pure = ['src/**/domain/**', 'src/modules/imports/online-retail/**'];
// Two test files run at once (TEST_WORKERS overrides), then the browser stories, one at a time,
// in their own project once every other file has finished: their 15 s UI steps must not run
// beside heavy files on the 2-core CI machine.
const workers = Number(process.env.TEST_WORKERS) || 2;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: workers,
    minWorkers: 1,
    projects: [
      { test: { name: 'pglite', include: everything, exclude: [...e2e, 'node_modules/**'], globalSetup, env: { COMPTOIR_TEST_DB: 'pglite' }, testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: e2e.map((d) => `${d}/*.test.ts`), globalSetup, env: { COMPTOIR_TEST_DB: 'pglite' }, testTimeout: 60_000, hookTimeout: 60_000, sequence: { groupOrder: 1 }, poolOptions: { forks: { singleFork: true } } } },
      ...(process.env.DATABASE_URL
        ? [{ test: { name: 'postgres', include: everything, globalSetup, exclude: [...pure, ...e2e, 'node_modules/**'], env: { COMPTOIR_TEST_DB: 'postgres' }, testTimeout: 60_000, hookTimeout: 60_000 } }]
        : []),
    ],
  },
});
