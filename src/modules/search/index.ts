import type { MigrationSet } from '../../platform/db/index.js';
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { CatalogSnapshots } from '../catalog/index.js';
import type { InternalSurface } from '../../platform/http/internal.js';
import { FOLLOWED_EVENTS } from './search.projection.js';
import { registerSearchRoutes } from './search.routes.js';
import { SearchService, type SearchServiceOptions } from './search.service.js';

import type { SearchContract } from './search.contract.js';

export type { CategoryFacet, PriceRangeFacet, SearchContract, SearchHit, SearchQuery, SearchResult } from './search.contract.js';
export { SearchErrors } from './search.errors.js';
/** The pure query rules of product search (terms, spelling corrections, tsquery text), reused by other full-text searches (the help centre). */
export { buildTsQueries, chooseCorrections, isFuzzable, queryTerms, tokenize, vocabularyWords, type Candidate, type Correction } from './domain/query.js';

/** The search contract served on `/internal/search/*` in services mode (the storefront's search page, in the catalog's service, calls it). */
export const SEARCH_INTERNAL = { search: { idempotent: true } } as const satisfies InternalSurface<SearchContract>;

/** Migrations of the search read model (schema `search`; the first one creates pg_trgm). */
export const searchMigrations: MigrationSet = { name: 'search', folder: 'src/modules/search/db/migrations' };

/**
 * The search module: `GET /api/search` over a read model of the catalog that it keeps current
 * from catalog events (consumer `search`), and backfills in the background at start when it is
 * empty while the catalog is not. Its contract searches as the route does (the storefront's
 * server-rendered search page calls it).
 */
export function createSearchModule(
  ctx: ModuleContext,
  deps: { catalog: CatalogSnapshots },
  options: SearchServiceOptions = {},
): AppModule & { contract: SearchContract } {
  const service = new SearchService(ctx.database, ctx.log.child({ module: 'search' }), deps.catalog, options);
  ctx.relay.subscribeBatch('search', [...FOLLOWED_EVENTS], (events, tx) => service.handleBatch(events, tx));
  return {
    name: 'search',
    contract: { search: (query, site) => service.search(query, site) },
    migrations: searchMigrations,
    routes: (server) => registerSearchRoutes(server, service),
    start: () => service.start(),
    stop: () => service.stop(),
  };
}
