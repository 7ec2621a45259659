import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { Gauge, Registry } from 'prom-client';
import { sql } from 'drizzle-orm';
import type { Config } from './platform/config.js';
import { openDatabase, type Database, type MigrationSet } from './platform/db/index.js';
import { eventsMigrations, OutboxRelay } from './platform/events/index.js';
import { asyncApiRoute, deadLetterRoutes } from './platform/events/routes.js';
import { validTraceparent, withTraceparent } from './platform/trace.js';
import { traceLogFields, tracedContract, tracing } from './platform/observability/tracing.js';
import { registerPlatformMetrics } from './platform/observability/metrics.js';
import { accountRoutes } from './flows/account/index.js';
import { checkoutRoutes } from './flows/checkout/index.js';
import { storefrontRoutes } from './flows/storefront/index.js';
import { TokenService } from './platform/auth.js';
import { buildHttpServer, builtWebRoot, type HttpServer } from './platform/http/server.js';
import { internalRoutes, remoteContract, type AsyncMethods, type InternalSurface } from './platform/http/internal.js';
import { parseUpstreams } from './gateway/route-table.js';
import { MODULE_NAMES, type ModuleName } from './module-names.js';
import { WebShell } from './platform/http/web-page.js';
import { JobScheduler } from './platform/jobs.js';
import { createFileScanner, createObjectStore, fileRoutes, LocalObjectStore, type ObjectStore } from './platform/storage/index.js';
import type { AppModule, ModuleContext } from './platform/module.js';
import { createIdentityModule, type IdentityContract } from './modules/identity/index.js';
import { createSitesModule, SITES_INTERNAL, type SitesContract } from './modules/sites/index.js';
import { CATALOG_INTERNAL, createCatalogModule, type CatalogContract } from './modules/catalog/index.js';
import { createSearchModule, SEARCH_INTERNAL } from './modules/search/index.js';
import { createPromotionsModule, type PromotionsContract } from './modules/promotions/index.js';
import { CART_INTERNAL, createCartModule, SHOP_SHIPPING, type CartContract } from './modules/cart/index.js';
import { createOrdersModule, ORDERS_INTERNAL, type OrdersContract } from './modules/orders/index.js';
import { createImportsModule, type ImportsContract } from './modules/imports/index.js';
import { createNotificationsModule, smtpTransport } from './modules/notifications/index.js';
import { createSupportModule } from './modules/support/index.js';
import { createNewslettersModule } from './modules/newsletters/index.js';
import { createAnalyticsModule, type AnalyticsContract } from './modules/analytics/index.js';
import { createRecommendationsModule, type RecommendationsContract } from './modules/recommendations/index.js';
import { createPaymentsModule, stripeContentSecurity, type PaymentsContract } from './modules/payments/index.js';
import { Type } from '@sinclair/typebox';

/** The running composition: server, database, relay and the modules' contracts. */
export interface App {
  config: Config;
  server: HttpServer;
  database: Database;
  relay: OutboxRelay;
  /** Background jobs (`jobs.run('cart.expire')` runs one now); their metrics are in `/metrics`. */
  jobs: JobScheduler;
  log: Logger;
  /** Private file storage (local disk, or S3-compatible when configured). */
  storage: ObjectStore;
  modules: AppModule[];
  identity: IdentityContract;
  sites: SitesContract;
  catalog: CatalogContract;
  promotions: PromotionsContract;
  cart: CartContract;
  orders: OrdersContract;
  imports: ImportsContract;
  payments: PaymentsContract;
  analytics: AnalyticsContract;
  recommendations: RecommendationsContract;
  /** Stops accepting requests, drains in-flight ones, stops the jobs (awaiting runs in progress), the modules and the relay, closes the database. */
  close(): Promise<void>;
}

/** How to build an {@link App}. */
export interface CreateAppOptions {
  config: Config;
  /** An already open database (tests); otherwise opened from `config`. */
  database?: Database;
  logger?: Logger;
  /** Start the outbox relay and its purge job (default true). */
  relay?: boolean;
  /**
   * Start the background jobs' schedules (default true). `serve` starts them once it listens,
   * so their first runs do not delay readiness; one-shot commands never start them (queued mail,
   * rollups and sweeps are picked up by the next `serve`).
   */
  startJobs?: boolean;
}

const packageVersion = (): string => {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
};

/** The access-token secret: `JWT_SECRET`, else one generated once and kept in the data dir (0600). */
function jwtSecret(config: Config, database: Database): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (database.kind === 'postgres' && !config.jwtSecret && config.production) {
    throw new Error('JWT_SECRET must be set in production when running on PostgreSQL');
  }
  const file = join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** How often the outbox backlog gauge is refreshed in services mode (ms). */
const OUTBOX_BACKLOG_EVERY_MS = 10_000;

/** How often delivered outbox events older than the retention are purged (ms); the first purge is one interval after start. */
const OUTBOX_PURGE_EVERY_MS = 3_600_000;

export { MODULE_NAMES };

/**
 * Every migration set of the composed app, platform first, in the order `createApp` composes the
 * modules. Known before the database opens, so that a fresh embedded data dir is copied from a
 * template cluster on which they are applied already; `createApp` refuses to start when its
 * modules declare other sets (a module added without its entry here).
 */
export const APP_MIGRATIONS: readonly MigrationSet[] = [
  eventsMigrations,
  ...MODULE_NAMES.map((name) => ({ name, folder: `src/modules/${name}/db/migrations` })),
];

/**
 * The modules a process runs (`config.modules`), checked; undefined: all of them.
 * @throws Error naming the unknown module names and the known ones.
 */
export function selectedModules(modules: readonly string[] | undefined): readonly string[] | undefined {
  const unknown = (modules ?? []).filter((m) => !(MODULE_NAMES as readonly string[]).includes(m));
  if (unknown.length > 0) throw new Error(`Unknown module${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `"${m}"`).join(', ')} in --modules / COMPTOIR_MODULES; known modules: ${MODULE_NAMES.join(', ')}`);
  return modules;
}

/**
 * `module` with its contract traced (a span per call, see `tracedContract`) when tracing is on,
 * so a checkout's trace shows each module it went through; as is when off or without a contract.
 */
function traced<M extends object>(name: string, module: M): M {
  const m = module as M & { contract?: object };
  if (tracing() && m.contract) m.contract = tracedContract(name, m.contract);
  return module;
}

/** Every migration set, platform first, in the order modules are composed. */
export function migrationSets(modules: AppModule[]): MigrationSet[] {
  return [eventsMigrations, ...modules.flatMap((m) => (m.migrations ? [m.migrations] : []))];
}

/**
 * Composition root: opens the database, applies pending migrations, creates each module with
 * the contracts it depends on, registers routes and operations endpoints, starts background work.
 * The module list is explicit here; a module never finds another by itself. With
 * `config.modules` (services mode) every module is still built, but only those modules' routes,
 * event consumers, jobs and start/stop run (sites starts everywhere: it makes the default site,
 * unless the sites service is remote); `/ready`, `/openapi.json` and the operations routes are
 * always served. Contracts are called in process, on this process's database, except the methods
 * their owner serves on `/internal` when `config.services` says where a module this process does
 * not run is: those go over HTTP (platform/http/internal.ts), and this process serves the
 * `/internal` routes of its own modules.
 * @throws Error when `config.modules` names an unknown module, or `config.services` is not a valid
 *   module → URL map.
 */
export async function createApp(options: CreateAppOptions): Promise<App> {
  const { config } = options;
  const only = selectedModules(config.modules);
  /** True when this process runs `name`'s routes, consumers, jobs and start/stop. */
  const runs = (name: string) => !only || only.includes(name);
  const log = options.logger ?? pino({ level: config.logLevel, ...(tracing() ? { mixin: traceLogFields } : {}) });
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, migrations: [...APP_MIGRATIONS] }));
  const secret = jwtSecret(config, database);
  const tokens = new TokenService(secret, config.accessTokenTtlSeconds);
  const metrics = new Registry();
  registerPlatformMetrics(metrics, database);
  // Services mode: events go through RabbitMQ (see platform/events/amqp.ts, loaded only then); absent → in process.
  const bus = config.amqpUrl
    ? new (await import('./platform/events/amqp.js')).AmqpBus({ url: config.amqpUrl, prefix: config.amqpPrefix, prefetch: config.amqpPrefetch, deliveryLimit: config.eventMaxAttempts, log: log.child({ component: 'amqp' }), metrics })
    : undefined;
  const relay = new OutboxRelay(database, log.child({ component: 'relay' }), {
    maxAttempts: config.eventMaxAttempts,
    retentionMs: config.eventRetentionDays * 86_400_000,
    ...(bus ? { bus } : {}),
    ...(only ? { consumers: only } : {}),
    metrics,
  });
  const jobs = new JobScheduler(log.child({ component: 'jobs' }), metrics, only ? ['events', ...only] : undefined);
  if (only && !bus) log.warn({ modules: only }, 'COMPTOIR_MODULES without AMQP_URL: events reach only the consumers of this process');
  if (bus && options.relay !== false) {
    // The outbox is the buffer while RabbitMQ is away: its backlog, counted by a job (never at scrape time).
    const backlog = new Gauge({ name: 'events_outbox_backlog', help: 'Outbox events not yet confirmed by the broker (pending)', registers: [metrics] });
    jobs.register({ name: 'events.backlog', everyMs: OUTBOX_BACKLOG_EVERY_MS, runAtStart: true, run: async () => backlog.set(await relay.backlog()) });
  }
  if (options.relay !== false && config.eventRetentionDays > 0) {
    jobs.register({ name: 'events.purge', everyMs: OUTBOX_PURGE_EVERY_MS, run: () => relay.purge() });
  }
  // Local signed URLs are keyed apart from the tokens (derived from the same stable secret).
  const storage = createObjectStore(config, createHmac('sha256', secret).update('comptoir file links').digest('base64url'));
  const scanner = createFileScanner(config);
  const ctx: ModuleContext = { config, database, log, relay, tokens, jobs };
  const services = config.services ? parseUpstreams(config.services) : undefined;
  /** When this process does not run `module` and `COMPTOIR_SERVICES` says where it runs: the typed client of its `/internal` routes (`surface`). */
  const remoteOf = <C, K extends AsyncMethods<C>>(module: ModuleName, surface: InternalSurface<C, K>): Pick<C, K> | undefined => {
    const url = only && !runs(module) ? services?.[module] : undefined;
    return url ? remoteContract<C, K>(module, surface, { url, tokens, caller: only!.join(',') }) : undefined;
  };
  /** The contract of `module` as a module of this process may call it: its remote client ({@link remoteOf}), else in process (`local`). */
  const contractOf = <C, K extends AsyncMethods<C>>(module: ModuleName, local: C, surface: InternalSurface<C, K>): Pick<C, K> => remoteOf(module, surface) ?? local;

  const identity = traced('identity', createIdentityModule(ctx));
  const sites = traced('sites', createSitesModule(ctx, {
    currency: SHOP_SHIPPING.currency, contactEmail: /<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom,
    shippingMethodIds: SHOP_SHIPPING.methodIds, taxHomeCountry: SHOP_SHIPPING.homeCountry,
  }, remoteOf<SitesContract, 'list'>('sites', SITES_INTERNAL)));
  // The ledger's names come from modules built later (orders needs the catalog): looked up per request.
  const catalog = createCatalogModule(ctx, { names: { staff: (ids) => identity.contract.displayNames(ids), orders: (ids) => orders.contract.numbers(ids) }, storage });
  traced('catalog', catalog);
  const search = traced('search', createSearchModule(ctx, { catalog: contractOf('catalog', catalog.contract, CATALOG_INTERNAL) }));
  const promotions = traced('promotions', createPromotionsModule(ctx));
  const cart = traced('cart', createCartModule(ctx, { catalog: catalog.contract, promotions: promotions.contract }));
  const payments = traced('payments', createPaymentsModule(ctx));
  const orders = createOrdersModule(ctx, { catalog: catalog.contract, promotions: promotions.contract, payments: payments.contract, identity: identity.contract });
  traced('orders', orders);
  const analytics = traced('analytics', createAnalyticsModule(ctx, { catalog: catalog.contract, identity: identity.contract, orders: orders.contract }));
  const recommendations = traced('recommendations', createRecommendationsModule(ctx, { catalog: contractOf('catalog', catalog.contract, CATALOG_INTERNAL), cart: contractOf('cart', cart.contract, CART_INTERNAL), orders: contractOf('orders', orders.contract, ORDERS_INTERNAL) }));
  const imports = traced('imports', createImportsModule(ctx, {
    catalog: catalog.contract, identity: identity.contract, orders: orders.contract,
    onHistory: async (tx, source, batch, categories) => {
      await analytics.contract.recordImportedHistory(tx, source, batch, categories);
      recommendations.contract.historyImported();
    },
  }));
  const notifications = traced('notifications', createNotificationsModule(ctx, { sites: sites.contract }));
  const support = traced('support', createSupportModule(ctx, { identity: identity.contract, orders: orders.contract, storage, ...(scanner ? { scanner } : {}), metrics }));
  const newsletters = traced('newsletters', createNewslettersModule(ctx, { orders: orders.contract, catalog: catalog.contract, identity: identity.contract, analytics: analytics.contract, transport: smtpTransport }));
  const modules: AppModule[] = [identity, sites, catalog, search, promotions, cart, orders, imports, notifications, payments, analytics, support, recommendations, newsletters];

  const sets = migrationSets(modules);
  if (JSON.stringify(sets) !== JSON.stringify(APP_MIGRATIONS)) {
    throw new Error(`createApp: the modules declare the migration sets ${sets.map((m) => m.name).join(', ')}; APP_MIGRATIONS lists ${APP_MIGRATIONS.map((m) => m.name).join(', ')}`);
  }
  await database.migrate(sets);

  const webRoot = builtWebRoot();
  const { server } = await buildHttpServer({
    logger: log,
    tokens,
    bodyLimitBytes: config.bodyLimitBytes,
    uploadLimitBytes: config.uploadLimitBytes,
    rateLimits: { cartCreation: config.cartRateLimitPerMinute, checkout: config.checkoutRateLimitPerMinute, write: config.writeRateLimitPerMinute },
    trustProxy: config.trustProxy,
    version: packageVersion(),
    metrics,
    metricsToken: config.metricsToken,
    publicUrl: config.publicUrl,
    // Cookie signatures use their own key, derived from the token secret (stable across restarts).
    cookieSecret: createHmac('sha256', secret).update('comptoir cookie signing').digest('base64url'),
    webRoot,
    thirdParty: stripeContentSecurity(config),
  });

  // Trace context passthrough: a request's `traceparent` goes with the events it publishes
  // (platform/trace.ts). With tracing on, @fastify/otel makes it the request span's parent instead.
  if (!tracing()) server.addHook('onRequest', (request, _reply, done) => withTraceparent(validTraceparent(request.headers.traceparent), done));
  // Every request's site is resolved before its route runs (routes registered below).
  sites.resolveSites(server);

  let migrated = false;
  server.get('/health', { schema: { summary: 'Liveness: the process is up', tags: ['operations'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({ status: 'ok' as const }));
  server.get(
    '/ready',
    {
      schema: {
        summary: 'Readiness: 200 only when the database answers and every migration is applied',
        tags: ['operations'],
        response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }), 503: { $ref: 'Problem#' } },
      },
    },
    async (_request, reply) => {
      try {
        await database.db.execute(sql`select 1`);
        migrated ||= await database.migrationsApplied(sets);
      } catch {
        migrated = false;
      }
      if (!migrated) {
        return reply.status(503).type('application/problem+json').send({
          type: 'urn:comptoir:problem:NOT_READY', title: 'Service Unavailable', status: 503, code: 'NOT_READY',
          detail: 'The database is unreachable or migrations are pending',
        });
      }
      return { status: 'ready' as const, database: database.kind };
    },
  );

  deadLetterRoutes(server, database, relay);
  if (storage instanceof LocalObjectStore) fileRoutes(server, storage);
  asyncApiRoute(server, relay, packageVersion());
  // The flows' routes belong to the module whose area they answer in (checkout: orders, account: identity, pages: catalog).
  if (runs('orders')) {
    await checkoutRoutes(server, {
      database, cart: cart.contract, catalog: catalog.contract, identity: identity.contract,
      orders: orders.contract, payments: payments.contract, promotions: promotions.contract,
    });
  }
  if (runs('identity')) accountRoutes(server, { database, identity: identity.contract, orders: orders.contract });
  if (runs('catalog')) await storefrontRoutes(server, { catalog: catalog.contract, search: contractOf('search', search.contract, SEARCH_INTERNAL), shell: new WebShell(webRoot), publicUrl: config.publicUrl });
  // Services mode: the contract methods other services call (platform/http/internal.ts).
  if (only) {
    if (runs('sites')) internalRoutes(server, tokens, 'sites', sites.contract, SITES_INTERNAL);
    if (runs('catalog')) internalRoutes(server, tokens, 'catalog', catalog.contract, CATALOG_INTERNAL);
    if (runs('search')) internalRoutes(server, tokens, 'search', search.contract, SEARCH_INTERNAL);
    if (runs('cart')) internalRoutes(server, tokens, 'cart', cart.contract, CART_INTERNAL);
    if (runs('orders')) internalRoutes(server, tokens, 'orders', orders.contract, ORDERS_INTERNAL);
  }
  for (const m of modules.filter((m) => runs(m.name))) await m.routes?.(server);
  // Every process resolves each request's site: sites (its default site) starts in each one.
  const running = modules.filter((m) => runs(m.name) || m === sites);
  for (const m of running) await m.start?.();
  if (options.relay !== false) await relay.start();
  if (options.startJobs !== false) jobs.start();
  await server.ready();

  let closed = false;
  return {
    config, server, database, relay, jobs, log, storage, modules,
    identity: identity.contract, sites: sites.contract, catalog: catalog.contract, promotions: promotions.contract, cart: cart.contract, orders: orders.contract, imports: imports.contract, payments: payments.contract, analytics: analytics.contract, recommendations: recommendations.contract,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await jobs.stop();
      for (const m of [...running].reverse()) await m.stop?.();
      await relay.stop();
      if (!options.database) await database.close();
    },
  };
}
