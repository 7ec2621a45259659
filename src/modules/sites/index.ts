/**
 * Sites module: the storefronts (sales channels) of one installation — host names, languages,
 * currency, branding, contact, legal pages, shipping and tax settings — and the resolution of
 * each request's site. Catalog owns per-site publication and prices; carts, orders and
 * promotions carry the site's code. This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { InternalSurface } from '../../platform/http/internal.js';
import type { SitesContract } from './sites.contract.js';
import { siteResolution, sitesRoutes } from './sites.routes.js';
import { SitesService, type SiteDefaults } from './sites.service.js';

export type { SitesContract, SiteDto } from './sites.contract.js';
export type { SiteDefaults } from './sites.service.js';
export { SitesErrors } from './sites.errors.js';
export type { SiteEvents, SiteSnapshot } from './sites.events.js';
/** The payload schemas of the site events (defined with the platform when this module is loaded). */
export { siteEvents } from './sites.events.js';
export { SITE_HEADER } from './sites.routes.js';

/** The sites contract served on `/internal/sites/*` in services mode: every other service resolves its requests' sites from `list`. */
export const SITES_INTERNAL = { list: { idempotent: true } } as const satisfies InternalSurface<SitesContract, 'list'>;

/**
 * Creates the sites module. `defaults` (from the composition root: the shop's currency, sender,
 * shipping methods and tax country) make the default site, created at start when absent.
 * `resolveSites(server)` must be called on the root server before routes are registered.
 * `remote` (services mode, a process that does not run sites): the sites service's client; the
 * sites are then read from it (every few seconds) and start creates nothing.
 */
export function createSitesModule(ctx: ModuleContext, defaults: SiteDefaults, remote?: Pick<SitesContract, 'list'>): AppModule & { contract: SitesContract; resolveSites(server: HttpServer): void } {
  const service = new SitesService(ctx.database, defaults, remote);
  const contract: SitesContract = {
    list: async () => [...(await service.sites()).byCode.values()],
    find: async (code, tx) => (await service.sites(tx)).byCode.get(code) ?? null,
  };
  return {
    name: 'sites',
    migrations: { name: 'sites', folder: 'src/modules/sites/db/migrations' },
    routes: (server) => sitesRoutes(server, service),
    start: async () => {
      if (!remote) await service.ensureDefault();
    },
    resolveSites: (server) => siteResolution(server, service),
    contract,
  };
}
