import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database, MigrationSet } from './db/index.js';
import type { OutboxRelay } from './events/index.js';
import type { TokenService } from './auth.js';
import type { HttpServer } from './http/server.js';
import type { Jobs } from './jobs.js';

/** What the composition root hands every module. */
export interface ModuleContext {
  config: Config;
  database: Database;
  log: Logger;
  /** Subscribe to other modules' events here (`relay.subscribe('search', 'product.updated', …)`). */
  relay: OutboxRelay;
  tokens: TokenService;
  /** Registers the module's background work (`jobs.register({ name: 'cart.expire', everyMs, run })`). */
  jobs: Jobs;
}

/**
 * A module as the composition root sees it: its name, its migrations, its routes and its
 * lifecycle hooks. Its contract (the typed API other modules and flows may call) is exported
 * separately from the module's index.ts.
 */
export interface AppModule {
  /** Module name, also its PostgreSQL schema and its `COMPTOIR_MODULES` name. */
  name: string;
  /** Generated migrations of the module's tables (absent when it owns none). */
  migrations?: MigrationSet;
  /** Registers the module's HTTP routes on the server. */
  routes?(server: HttpServer): void | Promise<void>;
  /** Runs after migrations, before the server listens (e.g. first admin); periodic work is a job instead. */
  start?(): Promise<void>;
  /** Runs on shutdown, before the database closes. */
  stop?(): Promise<void>;
}
