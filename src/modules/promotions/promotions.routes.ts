import { Type } from '@sinclair/typebox';
import { PageQuery, Pagination } from '../../platform/http/schemas.js';
import type { HttpServer } from '../../platform/http/server.js';
import { staffSites } from '../../platform/http/site.js';
import type { PromotionsService } from './promotions.service.js';
import {
  IdParams, PromotionCreateBody, PromotionListQuery, PromotionSchema, PromotionUpdateBody, RedemptionSchema,
} from './promotions.schemas.js';

const tags = ['promotions'];
const problem = { $ref: 'Problem#' };

/**
 * Registers the back-office routes of promotions (permissions `promotions:read` / `promotions:write`).
 * Staff limited to some sites see the promotions usable on them and change only those of their
 * sites (403 SITES.NOT_ALLOWED otherwise; see `PromotionsService.update`).
 * The storefront routes that need a cart (`POST /api/promotions/validate`, `POST
 * /api/carts/{id}/promotions`) belong to the cart module, which calls the contract's `evaluate`.
 */
export function promotionsRoutes(server: HttpServer, service: PromotionsService): void {
  server.post('/api/admin/promotions', {
    config: { permission: 'promotions:write' },
    schema: {
      summary: 'Create a promotion code (percentage, fixed amount or free shipping; codes are case-insensitive)',
      tags, body: PromotionCreateBody, response: { 201: PromotionSchema, 400: problem, 403: problem, 409: problem },
    },
  }, async (request, reply) => reply.status(201).send(await service.create(request.body, staffSites(request.user))));

  server.get('/api/admin/promotions', {
    config: { permission: 'promotions:read' },
    schema: {
      summary: 'Promotions, newest first, with their usage; filter by status, code and site',
      tags, querystring: PromotionListQuery, response: { 200: Type.Object({ data: Type.Array(PromotionSchema), pagination: Pagination }), 400: problem },
    },
  }, async (request) => service.list(request.query, staffSites(request.user, request.query.site)));

  server.get('/api/admin/promotions/:id', {
    config: { permission: 'promotions:read' },
    schema: { summary: 'One promotion with its usage (timesUsed, remaining)', tags, params: IdParams, response: { 200: PromotionSchema, 404: problem } },
  }, async (request) => service.get(request.params.id, staffSites(request.user)));

  server.patch('/api/admin/promotions/:id', {
    config: { permission: 'promotions:write' },
    schema: {
      summary: 'Change any setting of a promotion but its code (null clears an optional setting)',
      tags, params: IdParams, body: PromotionUpdateBody, response: { 200: PromotionSchema, 400: problem, 403: problem, 404: problem, 409: problem },
    },
  }, async (request) => service.update(request.params.id, request.body, staffSites(request.user)));

  server.post('/api/admin/promotions/:id/disable', {
    config: { permission: 'promotions:write' },
    schema: { summary: 'Disable a promotion: its code stops working (idempotent)', tags, params: IdParams, response: { 200: PromotionSchema, 403: problem, 404: problem } },
  }, async (request) => service.setDisabled(request.params.id, true, staffSites(request.user)));

  server.post('/api/admin/promotions/:id/enable', {
    config: { permission: 'promotions:write' },
    schema: { summary: 'Enable a disabled promotion again (idempotent)', tags, params: IdParams, response: { 200: PromotionSchema, 403: problem, 404: problem } },
  }, async (request) => service.setDisabled(request.params.id, false, staffSites(request.user)));

  server.get('/api/admin/promotions/:id/redemptions', {
    config: { permission: 'promotions:read' },
    schema: {
      summary: 'Uses of a promotion by orders, newest first (active or released)',
      tags, params: IdParams, querystring: PageQuery,
      response: { 200: Type.Object({ data: Type.Array(RedemptionSchema), pagination: Pagination }), 400: problem, 404: problem },
    },
  }, async (request) => service.redemptions(request.params.id, request.query.page, request.query.limit, staffSites(request.user)));
}
