import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { IdentityContract } from './identity.contract.js';
import { identityRoutes } from './identity.routes.js';
import { IdentityService } from './identity.service.js';
import { normalizedAddress } from './identity.addresses.js';
import { AppError } from '../../platform/errors.js';
import { IdentityErrorCode } from './identity.errors.js';

/** How often stale login-throttle rows are deleted (ms). */
const THROTTLE_PURGE_EVERY_MS = 3_600_000;

/**
 * Identity module: users, roles and permissions, passwords (argon2id), access tokens and
 * rotating refresh tokens, imported customers. This file is the module's only import surface.
 */

export type { EnsureAdminOptions, IdentityContract, IdentityExport, ImportedCustomer, PostalAddressInput, RoleName, SavedAddressDto, StaffNoteDto, UserDto } from './identity.contract.js';
export type { IdentityEventName, IdentityEvents, UserSnapshot } from './identity.events.js';
/** The payload schemas of the identity events (defined with the platform when this module is loaded). */
export { identityEvents } from './identity.events.js';
export { IdentityErrorCode } from './identity.errors.js';
/** Schemas the account flow's routes answer with (a user, a saved address). */
export { SavedAddressSchema, UserSchema } from './identity.schemas.js';
export { permissionsFor, ROLE_NAMES, ROLE_PERMISSIONS } from './domain/roles.js';

/**
 * Creates the identity module: migrations (schema `identity`), routes, the hourly job
 * `identity.login-throttle.purge`, and at start the first admin when `config.adminEmail` and
 * `config.adminPassword` are both set (idempotent; an existing non-admin account with that email
 * is not promoted: the refusal is logged at error level and the server starts without it).
 * `contract` is what other modules, flows and the CLI use; it runs on `ctx.database`.
 */
export function createIdentityModule(ctx: ModuleContext): AppModule & { contract: IdentityContract } {
  const { config, database, log } = ctx;
  const service = new IdentityService({
    tokens: ctx.tokens,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
    refreshTokenMaxDays: config.refreshTokenMaxDays,
    loginMaxFailures: config.loginMaxFailures,
    loginLockoutSeconds: config.loginLockoutSeconds,
    publicUrl: config.publicUrl,
  });
  const db = database.db;
  ctx.jobs.register({ name: 'identity.login-throttle.purge', everyMs: THROTTLE_PURGE_EVERY_MS, run: () => service.purgeLoginThrottle(db).then(() => undefined) });

  const contract: IdentityContract = {
    ensureAdmin: (email, password, options) => service.ensureAdmin(db, email, password, options),
    getUser: (userId) => service.getUser(db, userId),
    displayNames: (userIds) => service.displayNames(db, userIds),
    usersWithRoles: (roles) => service.usersWithRoles(db, roles),
    importCustomers: (tx, source, customers) => service.importCustomers(tx, source, customers),
    checkAddress: (address, fieldPrefix) => normalizedAddress(address, fieldPrefix),
    saveAddress: (tx, userId, address) => service.addresses.saveFromCheckout(tx, userId, address),
    exportData: (userId) => service.exportData(db, userId),
    confirmPassword: (userId, password) => service.confirmPassword(db, userId, password),
    erase: (tx, userId) => service.erase(tx, userId),
  };

  return {
    name: 'identity',
    migrations: { name: 'identity', folder: 'src/modules/identity/db/migrations' },
    routes: (server) => identityRoutes(server, { service, database, config }),
    async start() {
      if (!config.adminEmail || !config.adminPassword) return;
      try {
        const { user, created } = await contract.ensureAdmin(config.adminEmail, config.adminPassword);
        log.info({ userId: user.id, email: user.email, created }, created ? 'created the first admin' : 'admin account present');
      } catch (err) {
        // An existing non-admin account with that email is never promoted from the environment.
        if (!(err instanceof AppError && err.code === IdentityErrorCode.ADMIN_EMAIL_TAKEN)) throw err;
        log.error({ email: config.adminEmail, code: err.code }, `COMPTOIR_ADMIN_EMAIL: ${err.detail}`);
      }
    },
    contract,
  };
}
