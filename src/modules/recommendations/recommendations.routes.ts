import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { siteOf, staffSites } from '../../platform/http/site.js';
import type { ModelBuilder } from './recommendations.build.js';
import type { RecommendationsService } from './recommendations.service.js';
import {
  BuildSchema, ControlsSchema, CustomerQuery, ExclusionBody, ExclusionParams, ExclusionSchema, IdOrSlugParams, IdParams, LimitQuery,
  PinsBody, PinsSchema, RecommendationsSchema,
} from './recommendations.schemas.js';

const tags = ['recommendations'];
const problem = { $ref: 'Problem#' };

/**
 * Registers the storefront reads (`/api/products/{idOrSlug}/recommendations`,
 * `/api/carts/{id}/recommendations`, `/api/users/me/recommendations`) and the back office's
 * builds, pins and exclusions (`catalog:read` / `catalog:write`; staff limited to some sites pin
 * and exclude only products of their sites, see `RecommendationsService.setPins`).
 */
export function recommendationsRoutes(server: HttpServer, deps: { service: RecommendationsService; builder: ModelBuilder; buildInBackground: (id: string) => void }): void {
  const { service, builder } = deps;

  server.get('/api/products/:idOrSlug/recommendations', {
    schema: {
      summary: 'Frequently bought together: products bought with this one (merchandiser pins first), in stock and published',
      description: 'Below the minimum support the answer is the recent best sellers of the product\'s category (`source` `popular`, `fallback` true).',
      tags, params: IdOrSlugParams, querystring: LimitQuery, response: { 200: RecommendationsSchema, 400: problem, 404: problem },
    },
  }, async (request) => service.forProduct(request.params.idOrSlug, request.query.limit, siteOf(request).code));

  server.get('/api/carts/:id/recommendations', {
    schema: {
      summary: 'Complements of the whole cart: products bought with its lines, none already in it',
      description: 'Access as for the cart: guest carts need `X-Cart-Token`, customer carts the owner\'s bearer token; otherwise 404 CART.NOT_FOUND.',
      tags, params: IdParams, querystring: LimitQuery, response: { 200: RecommendationsSchema, 400: problem, 404: problem },
    },
  }, async (request) => {
    const header = request.headers['x-cart-token'];
    const access = { userId: request.user?.id ?? null, token: typeof header === 'string' && header.length > 0 ? header : null };
    return service.forCart(request.params.id, access, request.query.limit, siteOf(request).code);
  });

  server.get('/api/users/me/recommendations', {
    config: { auth: 'required' },
    schema: {
      summary: 'Recommended for you (products you never bought) or buy again (your repeat purchases, by your cadence)',
      description: 'With `cartId`, the products already in that cart are left out (the cart must be yours, or a guest cart with its `X-Cart-Token`; else 404 CART.NOT_FOUND).',
      tags, querystring: CustomerQuery, response: { 200: RecommendationsSchema, 400: problem, 401: problem, 404: problem },
    },
  }, async (request) => {
    const header = request.headers['x-cart-token'];
    const cart = request.query.cartId === undefined ? undefined
      : { id: request.query.cartId, access: { userId: request.user!.id, token: typeof header === 'string' && header.length > 0 ? header : null } };
    return service.forCustomer(request.user!.id, request.query.kind, request.query.limit, cart, siteOf(request).code);
  });

  server.get('/api/admin/recommendations/controls', {
    config: { permission: 'catalog:read' },
    schema: { summary: 'Merchandiser controls: pins per product and exclusions', tags, response: { 200: ControlsSchema } },
  }, async () => service.listControls());

  server.put('/api/admin/recommendations/products/:id/pins', {
    config: { permission: 'catalog:write' },
    schema: {
      summary: 'Pin products to the top of a product\'s "bought together" list (in order; empty removes the pins); applies at once',
      tags, params: IdParams, body: PinsBody, response: { 200: PinsSchema, 400: problem, 403: problem, 404: problem },
    },
  }, async (request) => service.setPins(request.params.id, request.body.productIds, staffSites(request.user)));

  server.post('/api/admin/recommendations/exclusions', {
    config: { permission: 'catalog:write' },
    schema: {
      summary: 'Never recommend a product, or any product of a category (and its subcategories); applies at once',
      tags, body: ExclusionBody, response: { 201: ExclusionSchema, 400: problem, 403: problem, 404: problem },
    },
  }, async (request, reply) => reply.status(201).send(await service.exclude(request.body.kind, request.body.id, staffSites(request.user))));

  server.delete('/api/admin/recommendations/exclusions/:kind/:id', {
    config: { permission: 'catalog:write' },
    schema: { summary: 'Lift an exclusion (idempotent)', tags, params: ExclusionParams, response: { 204: Type.Null(), 400: problem, 403: problem } },
  }, async (request, reply) => {
    await service.include(request.params.kind, request.params.id, staffSites(request.user));
    return reply.status(204).send(null);
  });

  server.post('/api/admin/recommendations/builds', {
    config: { permission: 'catalog:write' },
    schema: {
      summary: 'Start a model build now (it runs in the background; poll the build)',
      description: 'A build already running answers 409 RECOMMENDATIONS.BUILD_RUNNING with its id in `buildId`.',
      tags, response: { 202: BuildSchema, 409: problem },
    },
  }, async (_request, reply) => {
    const started = await builder.start('api');
    deps.buildInBackground(started.id);
    return reply.status(202).send(started);
  });

  server.get('/api/admin/recommendations/builds', {
    config: { permission: 'catalog:read' },
    schema: { summary: 'The latest model builds, newest first (20)', tags, response: { 200: Type.Object({ data: Type.Array(BuildSchema) }) } },
  }, async () => ({ data: await builder.list(20) }));

  server.get('/api/admin/recommendations/builds/:id', {
    config: { permission: 'catalog:read' },
    schema: { summary: 'One model build with its figures', tags, params: IdParams, response: { 200: BuildSchema, 404: problem } },
  }, async (request) => builder.get(request.params.id));
}
