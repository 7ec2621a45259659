import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../../platform/http/server.js';
import { PageQuery, Pagination } from '../../platform/http/schemas.js';
import { unauthorized } from '../../platform/errors.js';
import type { NotificationsService } from './notifications.service.js';
import {
  IdParams, MailListQuery, MailMessageSchema, MailSummarySchema, NotificationListResponse, NotificationSchema, SmsListQuery,
  SmsSchema,
} from './notifications.schemas.js';

const tags = ['notifications'];
const adminTags = ['notifications'];
const problem = { $ref: 'Problem#' };

/** The signed-in user's id (routes declare `auth: 'required'`, so the hook has set it). */
function userId(request: FastifyRequest): string {
  if (!request.user) throw unauthorized();
  return request.user.id;
}

/**
 * Registers the notifications HTTP API:
 * - `/api/notifications…` (signed-in user, own notifications only): list with unread count,
 *   unread count alone, mark one read, mark all read;
 * - `/api/admin/mail…` and `/api/admin/sms` (permission `mail:read`): what customers were sent.
 */
export function notificationsRoutes(server: HttpServer, service: NotificationsService): void {
  server.addSchema(NotificationSchema);
  server.addSchema(MailSummarySchema);
  server.addSchema(MailMessageSchema);
  server.addSchema(SmsSchema);

  // ------------------------------------------------------------ signed-in user
  server.get('/api/notifications', {
    config: { auth: 'required' },
    schema: {
      summary: 'The signed-in user’s notifications, newest first, with the unread count',
      tags, querystring: PageQuery,
      response: { 200: NotificationListResponse, 400: problem, 401: problem },
    },
  }, async (request) => service.listNotifications(userId(request), request.query.page, request.query.limit));

  server.get('/api/notifications/unread-count', {
    config: { auth: 'required' },
    schema: { summary: 'How many of the signed-in user’s notifications are unread', tags, response: { 200: Type.Object({ unread: Type.Integer() }), 401: problem } },
  }, async (request) => ({ unread: await service.unreadCount(userId(request)) }));

  server.post('/api/notifications/:id/read', {
    config: { auth: 'required' },
    schema: {
      summary: 'Mark one of the signed-in user’s notifications read',
      description: 'Idempotent: an already read notification keeps its `readAt`. Another user’s notification answers 404 `NOTIFICATIONS.NOT_FOUND`.',
      tags, params: IdParams,
      response: { 200: Type.Ref(NotificationSchema), 400: problem, 401: problem, 404: problem },
    },
  }, async (request) => service.markRead(userId(request), request.params.id));

  server.post('/api/notifications/read-all', {
    config: { auth: 'required' },
    schema: {
      summary: 'Mark every notification of the signed-in user read',
      tags,
      response: { 200: Type.Object({ updated: Type.Integer({ description: 'Notifications that were unread' }), unread: Type.Integer() }), 401: problem },
    },
  }, async (request) => service.markAllRead(userId(request)));

  // ------------------------------------------------------------ back office
  server.get('/api/admin/mail', {
    config: { permission: 'mail:read' },
    schema: {
      summary: 'Mail sent (or stored, without SMTP) to customers, newest first',
      description: 'Filter by recipient (`to`, case-insensitive), `template` and `status`. Bodies are in `GET /api/admin/mail/{id}`.',
      tags: adminTags, querystring: MailListQuery,
      response: { 200: Type.Object({ data: Type.Array(Type.Ref(MailSummarySchema)), pagination: Pagination }), 400: problem },
    },
  }, async (request) => service.listMail(request.query));

  server.get('/api/admin/mail/:id', {
    config: { permission: 'mail:read' },
    schema: { summary: 'One mail message with its text and HTML bodies', tags: adminTags, params: IdParams, response: { 200: Type.Ref(MailMessageSchema), 400: problem, 404: problem } },
  }, async (request) => service.getMail(request.params.id));

  server.get('/api/admin/sms', {
    config: { permission: 'mail:read' },
    schema: {
      summary: 'SMS handed to the SMS provider, newest first',
      tags: adminTags, querystring: SmsListQuery,
      response: { 200: Type.Object({ data: Type.Array(Type.Ref(SmsSchema)), pagination: Pagination }), 400: problem },
    },
  }, async (request) => service.listSms(request.query));
}
