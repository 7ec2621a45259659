import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { TokenService } from '../../src/platform/auth.js';
import type { RoleName, UserDto } from '../../src/modules/identity/index.js';
import { IdentityService, type NewUser } from '../../src/modules/identity/identity.service.js';
import { freshPostgresDatabase, openPgliteFromDump } from './databases.js';

/** A running app for one test file, plus helpers. */
export interface TestApp extends App {
  /** Shorthand for `server.inject`. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /**
   * Creates a user directly through identity's service (a fixture: sign-up over HTTP gives no
   * roles and is rate-limited). Publishes `user.registered` like any sign-up.
   * @throws AppError 400 IDENTITY.INVALID_INPUT, 409 IDENTITY.EMAIL_TAKEN.
   */
  createUser(input: NewUser): Promise<UserDto>;
  /** A bearer token of a fresh user with `roles` (default admin), signed with the app's secret. */
  tokenFor(roles?: RoleName[]): Promise<string>;
  /**
   * Runs the background job `name` now and waits for it (`jobs.run`), then rejects when that run
   * threw: `jobs.run` only logs and counts a failure (`job_failures_total` in `/metrics`).
   * @throws Error when no job has that name, or when the run failed.
   */
  runJob(name: string): Promise<void>;
}

/** The `METRICS_TOKEN` test apps run with, and the header that reads `/metrics` with it. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';
export const metricsAuth = { authorization: `Bearer ${TEST_METRICS_TOKEN}` } as const;

/** True when this test run targets the real PostgreSQL server (vitest project `postgres`). */
export const onPostgres = process.env.COMPTOIR_TEST_DB === 'postgres' && !!process.env.DATABASE_URL;

let users = 0;

/**
 * Identity's service as the app builds it (the same JWT secret and lifetimes), for user
 * fixtures; tests otherwise reach identity over HTTP.
 */
export function identityServiceFor(config: Config): IdentityService {
  return new IdentityService({
    tokens: new TokenService(config.jwtSecret as string, config.accessTokenTtlSeconds),
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
  });
}

/**
 * Builds the real app on a fresh database: in-memory PGlite, or a new database on the
 * PostgreSQL server of `DATABASE_URL` when running the `postgres` project. Either is a copy of
 * the database the run's global setup migrated (test/support/databases.ts), so the app finds
 * every migration applied. Logs are silent unless `options.logger` is given.
 */
export async function createTestApp(overrides: Partial<Config> = {}, options: { logger?: Logger } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-test-'));
  const pgdb = onPostgres ? await freshPostgresDatabase(inject('postgresTemplate')) : undefined;
  const config: Config = {
    ...loadConfig({}),
    dataDir,
    databaseUrl: pgdb?.url,
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    logLevel: 'silent',
    demoData: false,
    // Test files send many writes from one address: per-IP limits only where a test sets them.
    cartRateLimitPerMinute: 0,
    checkoutRateLimitPerMinute: 0,
    writeRateLimitPerMinute: 0,
    contactRateLimitPerMinute: 0,
    metricsToken: TEST_METRICS_TOKEN,
    ...overrides,
  };
  const database = pgdb
    ? await openDatabase({ url: pgdb.url, poolSize: 10 })
    : await openPgliteFromDump(inject('pgliteDump'));
  const app = await createApp({ config, database, logger: options.logger ?? pino({ level: 'silent' }) });
  const identity = identityServiceFor(config);
  return {
    ...app,
    inject: (options) => app.server.inject(options),
    createUser: (input) => identity.createUser(database.db, input),
    async tokenFor(roles: RoleName[] = ['admin']) {
      users += 1;
      const user = await identity.createUser(database.db, { email: `user${users}-${Date.now()}@example.test`, password: 'correct horse battery', roles });
      return identity.accessTokenFor(database.db, user.id);
    },
    async runJob(name: string) {
      const failures = async () => {
        const text = (await app.server.inject({ url: '/metrics', headers: metricsAuth })).body;
        const line = text.split('\n').find((l) => l.startsWith(`job_failures_total{job="${name}"} `));
        return Number(line?.split(' ')[1] ?? 0);
      };
      const before = await failures();
      await app.jobs.run(name);
      if ((await failures()) > before) throw new Error(`Job ${name} failed (see the log)`);
    },
    async close() {
      await app.close();
      await database.close();
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
