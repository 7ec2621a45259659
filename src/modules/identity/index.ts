import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { IdentityContract } from './identity.contract.js';
import { identityRoutes } from './identity.routes.js';
import { IdentityService } from './identity.service.js';

/**
 * Identity module: users, roles and permissions, passwords (argon2id), access tokens and
 * rotating refresh tokens, imported customers. This file is the module's only import surface.
 */

export type { IdentityContract, ImportedCustomer, RoleName, UserDto } from './identity.contract.js';
export type { IdentityEventName, IdentityEvents, UserSnapshot } from './identity.events.js';
/** The payload schemas of the identity events (defined with the platform when this module is loaded). */
export { identityEvents } from './identity.events.js';
export { IdentityErrorCode } from './identity.errors.js';
export { permissionsFor, ROLE_NAMES, ROLE_PERMISSIONS } from './domain/roles.js';

/**
 * Creates the identity module: migrations (schema `identity`), routes, and at start the first
 * admin when `config.adminEmail` and `config.adminPassword` are both set (idempotent). `contract`
 * is what other modules, flows and the CLI use; it runs on `ctx.database`.
 */
export function createIdentityModule(ctx: ModuleContext): AppModule & { contract: IdentityContract } {
  const { config, database, log } = ctx;
  const service = new IdentityService({
    tokens: ctx.tokens,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
  });
  const db = database.db;

  const contract: IdentityContract = {
    ensureAdmin: (email, password) => service.ensureAdmin(db, email, password),
    getUser: (userId) => service.getUser(db, userId),
    importCustomers: (tx, source, customers) => service.importCustomers(tx, source, customers),
  };

  return {
    name: 'identity',
    migrations: { name: 'identity', folder: 'src/modules/identity/db/migrations' },
    routes: (server) => identityRoutes(server, { service, database, config }),
    async start() {
      if (!config.adminEmail || !config.adminPassword) return;
      const { user, created } = await contract.ensureAdmin(config.adminEmail, config.adminPassword);
      log.info({ userId: user.id, email: user.email, created }, created ? 'created the first admin' : 'admin account present');
    },
    contract,
  };
}
