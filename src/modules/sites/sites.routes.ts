import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { assertStaffManages, siteOf, staffSeesAny } from '../../platform/http/site.js';
import { SitesErrors } from './sites.errors.js';
import { PublicSiteSchema, SiteCreateBody, SiteParams, SiteSchema, SiteUpdateBody } from './sites.schemas.js';
import { SitesService } from './sites.service.js';

const tags = ['sites'];
const problem = { $ref: 'Problem#' };

/** The request header naming a site explicitly (API clients); it wins over the `Host`. */
export const SITE_HEADER = 'x-comptoir-site';

/**
 * Resolves every request's site (`request.site`) before its route runs: the site the
 * `X-Comptoir-Site` header names (unknown: 404 problem+json `SITES.SITE_NOT_FOUND`), else the
 * site whose host names hold the `Host`, else the default site. Registered on the root before
 * any route.
 */
export function siteResolution(server: HttpServer, service: SitesService): void {
  server.addHook('onRequest', async (request) => {
    const header = request.headers[SITE_HEADER];
    const found = await service.resolve(request.hostname, typeof header === 'string' ? header : undefined);
    request.site = SitesService.requestSite(found);
  });
}

/** Registers the public `GET /api/site` and the back office's `/api/admin/sites` CRUD (permissions `sites:read` / `sites:write`). */
export function sitesRoutes(server: HttpServer, service: SitesService): void {
  server.addSchema(SiteSchema);
  const siteRef = Type.Ref(SiteSchema);

  server.get('/api/site', {
    schema: {
      summary: 'The current site\'s storefront settings: name, currency, languages, theme, contact, legal pages',
      description: 'The site is chosen by the `X-Comptoir-Site` header (unknown: 404 SITES.SITE_NOT_FOUND), else by the `Host`, else the default site.',
      tags, response: { 200: PublicSiteSchema, 404: problem },
    },
  }, async (request) => SitesService.publicView(await service.resolve(request.hostname, siteOf(request).code)));

  // Staff limited to some sites see and change only theirs; another site does not exist for them.
  server.addHook('preHandler', async (request) => {
    if (!request.user?.sites || !request.routeOptions.url?.startsWith('/api/admin/sites/:code')) return;
    const { code } = request.params as { code: string };
    if (!staffSeesAny(request.user, [code])) throw SitesErrors.siteNotFound(code);
  });

  server.get('/api/admin/sites', {
    config: { permission: 'sites:read' },
    schema: { summary: 'Every site, by code (staff limited to some sites: theirs)', tags, response: { 200: Type.Object({ data: Type.Array(siteRef) }) } },
  }, async (request) => ({ data: (await service.list()).filter((s) => staffSeesAny(request.user, [s.code])) }));

  server.get('/api/admin/sites/:code', {
    config: { permission: 'sites:read' },
    schema: { summary: 'One site', tags, params: SiteParams, response: { 200: siteRef, 404: problem } },
  }, async (request) => service.get(request.params.code));

  server.post('/api/admin/sites', {
    config: { permission: 'sites:write' },
    schema: {
      summary: 'Create a site (a storefront with its hosts, currency, languages and branding)',
      description: 'A host name selecting another site answers 409 SITES.HOST_TAKEN; an existing code 409 SITES.CODE_TAKEN; staff limited to some sites create none (403 SITES.NOT_ALLOWED).',
      tags, body: SiteCreateBody, response: { 201: siteRef, 400: problem, 403: problem, 409: problem },
    },
  }, async (request, reply) => {
    assertStaffManages(request.user, [request.body.code]);
    return reply.status(201).send(await service.create(request.body));
  });

  server.patch('/api/admin/sites/:code', {
    config: { permission: 'sites:write' },
    schema: { summary: 'Change a site\'s settings', tags, params: SiteParams, body: SiteUpdateBody, response: { 200: siteRef, 400: problem, 404: problem, 409: problem } },
  }, async (request) => service.update(request.params.code, request.body));

  server.delete('/api/admin/sites/:code', {
    config: { permission: 'sites:write' },
    schema: { summary: 'Delete a site (never the default site: 409 SITES.DEFAULT_SITE)', tags, params: SiteParams, response: { 204: Type.Null(), 404: problem, 409: problem } },
  }, async (request, reply) => {
    await service.delete(request.params.code);
    return reply.status(204).send(null);
  });
}
