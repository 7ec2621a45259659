import type { HttpServer } from '../../platform/http/server.js';
import { siteOf } from '../../platform/http/site.js';
import type { SearchService } from './search.service.js';
import { SearchQuerystring, SearchResponseSchema } from './search.schemas.js';

/** Problem document (RFC 9457) registered by the platform as `Problem`. */
const problem = { $ref: 'Problem#' };

/** Registers the public search route: `GET /api/search`. */
export function registerSearchRoutes(server: HttpServer, service: SearchService): void {
  server.get(
    '/api/search',
    {
      schema: {
        summary: 'Search the active products the current site sells (full text, typo-tolerant) with category and price facets',
        description:
          'Ranked by relevance when `q` is given (title above description, last word as a prefix, spelling corrections below exact matches). ' +
          'Without `q`: the products of `category` by title, or every active product newest first.',
        tags: ['search'],
        querystring: SearchQuerystring,
        response: { 200: SearchResponseSchema, 400: problem, 404: problem },
      },
    },
    async (request) => service.search(request.query, siteOf(request).code),
  );
}
