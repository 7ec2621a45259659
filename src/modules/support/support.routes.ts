import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AppError } from '../../platform/errors.js';
import { IdempotencyKeyHeader, requestHash } from '../../platform/idempotency.js';
import { keepRawJsonBodies } from '../../platform/http/raw-body.js';
import { PageQuery } from '../../platform/http/schemas.js';
import { siteOf, staffSites } from '../../platform/http/site.js';
import type { HttpServer } from '../../platform/http/server.js';
import { tooLarge } from '../../platform/storage/index.js';
import { SIGNATURE_HEADER as WEBHOOK_SIGNATURE_HEADER, signatureProblem as webhookSignatureProblem } from '../../platform/http/signature.js';
import type { CannedReplies } from './support.canned.js';
import type { ContactMessages } from './support.contact.js';
import { SupportErrors } from './support.errors.js';
import { replyText } from './support.mail.js';
import {
  AdminTicketQuery, AdminTicketSchema, ContactBody, ContactListQuery, ContactMessageSchema, AgentMessageBody, AttachmentParams, BulkBody, CannedReplyBody, CannedReplySchema, CustomerReplyBody,
  CustomerTicketSchema, InboundMailBody, NewReturnBody, NewTicketForm, ReceiveReturnBody, ReturnParams, TicketPage, TicketParams, TicketTokenHeaders, TicketTokenQuery, TicketUpdateBody,
} from './support.schemas.js';
import type { NewTicket, SupportService, TicketAccess, UploadedFile } from './support.service.js';

const tags = ['support'];
const problem = { $ref: 'Problem#' };
/** Files a ticket form may carry. */
const MAX_FILES = 5;

const SIGNATURE_REASONS = { missing: 'missing (header comptoir-signature)', malformed: 'malformed (expected t=<unix seconds>,v1=<hex HMAC-SHA256>)', stale: 'too old or too far in the future', mismatch: 'invalid' } as const;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const { files: _documented, ...ticketFields } = NewTicketForm.properties;
/** The text fields of {@link NewTicketForm}, checked like JSON bodies (formats included). */
const checkTicketFields = addFormats(new Ajv({ allErrors: true, strict: false })).compile(Type.Object(ticketFields, { additionalProperties: false }));

/** The multipart body of a new ticket: text fields checked against {@link NewTicketForm}, files in memory (each within `limitBytes`). */
async function readTicketForm(request: FastifyRequest, limitBytes: number): Promise<NewTicket> {
  if (!request.isMultipart()) throw new AppError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 415, 'Send the ticket as multipart/form-data');
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of request.parts({ limits: { files: MAX_FILES, fileSize: limitBytes, fields: 20, fieldSize: 64 * 1024 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'files') throw SupportErrors.badForm('Send files in fields named "files"', part.fieldname);
        const data = await part.toBuffer();
        if (part.file.truncated) throw tooLarge(limitBytes);
        if (data.length > 0) files.push({ filename: part.filename ?? 'file', data });
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof AppError) throw err;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(limitBytes);
    if (code === 'FST_FILES_LIMIT') throw SupportErrors.badForm(`At most ${MAX_FILES} files`, 'files');
    throw SupportErrors.badForm('The multipart body could not be read');
  }
  const form = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''));
  if (!checkTicketFields(form)) {
    const errors = (checkTicketFields.errors ?? []).slice(0, 10).map((e) => ({ field: `body${e.instancePath || `/${String(e.params.additionalProperty ?? e.params.missingProperty ?? '')}`}`, message: e.message ?? 'is invalid' }));
    throw new AppError('VALIDATION.FAILED', 400, `Invalid ticket: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
  return { ...(form as Omit<NewTicket, 'files'>), files };
}

/** The caller's access to a ticket as its customer: bearer user and/or link token (header or query). */
function access(request: FastifyRequest): TicketAccess {
  const header = request.headers['x-ticket-token'];
  const query = (request.query as { token?: string } | undefined)?.token;
  return { userId: request.user?.id ?? null, token: typeof header === 'string' ? header : query ?? null };
}

/**
 * Routes of support tickets:
 * - storefront: open a ticket (multipart, signed in or guest), my tickets, one ticket (owner or
 *   guest link token), reply, download an attachment;
 * - back office (`support:read` / `support:write`): the queue, one ticket, changes, messages,
 *   bulk actions, attachments, canned replies;
 * - `POST /api/support/inbound`: a customer's mailed reply from a mail gateway (signed).
 */
export async function supportRoutes(server: HttpServer, service: SupportService, canned: CannedReplies, options: { attachmentLimitBytes: number; inboundSecret: string | undefined; now?: () => Date }): Promise<void> {
  const now = options.now ?? (() => new Date());

  server.post('/api/support/tickets', {
    schema: {
      summary: 'Open a ticket (multipart/form-data: subject, message, category, optional orderId, email for guests, files)',
      description: 'Signed in: the ticket is the account\'s. Guest: `email` is required and the answer\'s `guestToken` (also mailed as a link, valid 7 days) reads the ticket in `X-Ticket-Token`. Files: images, PDF or plain text, type read from the bytes (else 415 `STORAGE.UNSUPPORTED_TYPE`), each at most ATTACHMENT_LIMIT bytes (else 413 `STORAGE.TOO_LARGE`); nothing is stored when one is refused. An `orderId` that is not the customer\'s answers 404 `SUPPORT.ORDER_NOT_FOUND`.',
      tags, consumes: ['multipart/form-data'], body: { content: { 'multipart/form-data': { schema: NewTicketForm } } },
      response: { 201: Type.Object({ ticket: CustomerTicketSchema, guestToken: Type.Union([Type.String(), Type.Null()]) }), 400: problem, 404: problem, 413: problem, 415: problem },
    },
  }, async (request, reply) => {
    const form = await readTicketForm(request, options.attachmentLimitBytes);
    return reply.status(201).send(await service.open(form, request.user?.id ?? null, siteOf(request).code));
  });

  server.get('/api/support/tickets', {
    config: { auth: 'required' },
    schema: { summary: "The signed-in customer's tickets, newest first", tags, querystring: PageQuery, response: { 200: TicketPage, 400: problem } },
  }, async (request) => service.listMine(request.user!.id, request.query.page, request.query.limit));

  server.get('/api/support/tickets/:id', {
    schema: {
      summary: 'One ticket as its customer sees it (public messages only): its owner, or a guest with the link token in X-Ticket-Token',
      tags, params: TicketParams, headers: TicketTokenHeaders, response: { 200: CustomerTicketSchema, 404: problem },
    },
  }, async (request) => service.getForCustomer(request.params.id, access(request)));

  server.post('/api/support/tickets/:id/replies', {
    schema: {
      summary: 'Reply to my ticket (a pending or solved ticket opens again; a closed one answers 409)',
      tags, params: TicketParams, headers: TicketTokenHeaders, body: CustomerReplyBody, response: { 201: CustomerTicketSchema, 400: problem, 404: problem, 409: problem },
    },
  }, async (request, reply) => reply.status(201).send(await service.replyAsCustomer(request.params.id, access(request), request.body.body)));

  server.get('/api/support/tickets/:id/attachments/:attachmentId', {
    schema: {
      summary: 'Download an attachment of my ticket (as attachment; `inline=true` shows raster images only)',
      description: 'The owner, or a guest with the link token (`X-Ticket-Token` or `?token=`). Quarantined (not yet scanned) and infected files answer 404.',
      tags, params: AttachmentParams, headers: TicketTokenHeaders, querystring: TicketTokenQuery, response: { 404: problem },
    },
  }, async (request, reply) => {
    const file = await service.download(request.params.id, request.params.attachmentId, access(request), request.query.inline === true);
    return reply.headers(file.headers).send(file.data);
  });

  // ── back office ──
  // Staff limited to some sites work on their sites' tickets only; another site's is as unknown (404).
  const withinSites = async (request: FastifyRequest) => service.assertWithinSites((request.params as { id: string }).id, staffSites(request.user));

  server.get('/api/admin/support/tickets', {
    config: { permission: 'support:read' },
    schema: { summary: 'The agents\' queue: filters, full-text search, most urgent first (staff limited to some sites: their sites\' tickets; `site` one of them, else 403 `SITES.NOT_ALLOWED`)', tags, querystring: AdminTicketQuery, response: { 200: TicketPage, 400: problem, 403: problem } },
  }, async (request) => service.listAdmin(request.query, request.user!.id, staffSites(request.user, request.query.site)));

  server.get('/api/admin/support/tickets/:id', {
    config: { permission: 'support:read' },
    schema: { summary: 'One ticket with internal notes, history and the customer\'s other tickets', tags, params: TicketParams, response: { 200: AdminTicketSchema, 404: problem } },
  }, async (request) => service.getAdmin(request.params.id, staffSites(request.user)));

  server.patch('/api/admin/support/tickets/:id', {
    config: { permission: 'support:write' },
    schema: {
      summary: 'Change state, priority, assignee, team or tags (each change in the history)',
      tags, params: TicketParams, body: TicketUpdateBody, response: { 200: AdminTicketSchema, 400: problem, 404: problem, 409: problem },
    },
    preHandler: withinSites,
  }, async (request) => service.update(request.params.id, request.body, request.user!.id));

  server.post('/api/admin/support/tickets/:id/messages', {
    config: { permission: 'support:write' },
    schema: {
      summary: 'Reply publicly (mailed to the customer) or add an internal note (never shown to the customer)',
      tags, params: TicketParams, body: AgentMessageBody, response: { 201: AdminTicketSchema, 400: problem, 404: problem, 409: problem },
    },
    preHandler: withinSites,
  }, async (request, reply) => reply.status(201).send(await service.addAgentMessage(request.params.id, request.body, request.user!.id)));

  server.post('/api/admin/support/tickets/:id/returns', {
    config: { permission: 'support:write' },
    schema: {
      summary: 'Turn a return-request ticket into a return (RMA) of its delivered order: lines, quantities, reason',
      description: 'Only a `return_request` ticket with an order (else 409 `SUPPORT.NOT_A_RETURN_REQUEST`), only a delivered order (409 `ORDERS.NOT_RETURNABLE`), '
        + 'each SKU at most its delivered units less those of earlier returns (409 `ORDERS.RETURN_EXCEEDS`; a SKU not delivered or given twice: 400 `ORDERS.INVALID_RETURN`); nothing is written on an error. '
        + 'The ticket\'s history records the return; the order publishes `return.authorized`.',
      tags, params: TicketParams, body: NewReturnBody, response: { 201: AdminTicketSchema, 400: problem, 404: problem, 409: problem },
    },
    preHandler: withinSites,
  }, async (request, reply) => reply.status(201).send(await service.createReturn(request.params.id, request.body, request.user!.id)));

  server.post('/api/admin/support/tickets/:id/returns/:returnId/receive', {
    config: { permission: 'support:write' },
    schema: {
      summary: 'The return came back: refund its units through the order\'s refund path and put them back into stock',
      description: 'The captured payment is refunded for the returned units (`order.refunded`, `payment.refunded`), the units go back into stock (`return` movements) and the return becomes `received` (`return.received`), in one transaction. '
        + 'With `refund: false` the units only go back into stock (nothing was captured, e.g. cash on delivery not collected). '
        + 'With an `Idempotency-Key`, a repeat of the same request answers the ticket again and does nothing twice (the key with another request: 422 `IDEMPOTENCY.KEY_REUSED`). '
        + 'Already received: 409 `ORDERS.RETURN_RECEIVED`; refund asked but nothing captured: 409 `ORDERS.NO_PAYMENT`; not a return of this ticket: 404 `SUPPORT.RETURN_NOT_FOUND`.',
      tags, params: ReturnParams, headers: Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKeyHeader) }), body: ReceiveReturnBody,
      response: { 200: AdminTicketSchema, 400: problem, 404: problem, 409: problem, 422: problem, 502: problem },
    },
    // A request without a body (no Content-Type) is `{}`: refund, as before the option existed.
    preValidation: async (request) => { if (request.headers['content-type'] === undefined && request.body === undefined) request.body = {}; },
    preHandler: withinSites,
  }, async (request) => {
    const refund = request.body.refund ?? true;
    const key = request.headers['idempotency-key'];
    const idempotency = key === undefined ? undefined : { key, requestHash: requestHash({ ticketId: request.params.id, returnId: request.params.returnId, refund }) };
    return service.receiveReturn(request.params.id, request.params.returnId, request.user!.id, { refund, ...(idempotency ? { idempotency } : {}) });
  });

  server.post('/api/admin/support/tickets/bulk', {
    config: { permission: 'support:write' },
    schema: {
      summary: 'Assign and/or close up to 100 tickets at once (all or nothing)',
      tags, body: BulkBody, response: { 200: Type.Object({ updated: Type.Array(Type.String()) }), 400: problem, 409: problem },
    },
  }, async (request) => service.bulk(request.body, request.user!.id, staffSites(request.user)));

  server.get('/api/admin/support/tickets/:id/attachments/:attachmentId', {
    config: { permission: 'support:read' },
    schema: { summary: 'Download an attachment (released files only)', tags, params: AttachmentParams, querystring: TicketTokenQuery, response: { 404: problem } },
    preHandler: withinSites,
  }, async (request, reply) => {
    const file = await service.download(request.params.id, request.params.attachmentId, null, request.query.inline === true);
    return reply.headers(file.headers).send(file.data);
  });

  server.get('/api/admin/support/agents', {
    config: { permission: 'support:read' },
    schema: { summary: 'Who tickets can be assigned to (staff with the support or admin role), by name', tags, response: { 200: Type.Object({ data: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) }) } },
  }, async () => ({ data: await service.agents() }));

  server.get('/api/admin/support/canned-replies', {
    config: { permission: 'support:read' },
    schema: { summary: 'Canned replies (English and French), by title', tags, response: { 200: Type.Object({ data: Type.Array(CannedReplySchema) }) } },
  }, async () => ({ data: await canned.list() }));

  server.post('/api/admin/support/canned-replies', {
    config: { permission: 'support:write' },
    schema: { summary: 'Create a canned reply', tags, body: CannedReplyBody, response: { 201: CannedReplySchema, 400: problem } },
  }, async (request, reply) => reply.status(201).send(await canned.create(request.body)));

  server.delete('/api/admin/support/canned-replies/:id', {
    config: { permission: 'support:write' },
    schema: { summary: 'Delete a canned reply', tags, params: TicketParams, response: { 204: Type.Null(), 404: problem } },
  }, async (request, reply) => {
    await canned.remove(request.params.id);
    return reply.status(204).send(null);
  });

  // ── inbound mail (own scope: raw bodies for the signature) ──
  await server.register(async (scope) => {
    const rawBody = keepRawJsonBodies(scope);
    (scope as HttpServer).post('/api/support/inbound', {
      schema: {
        summary: 'A customer\'s mailed reply, from the mail gateway (signed like payment webhooks: header comptoir-signature)',
        description: 'Matched to its ticket by the reply token in the reply address or the threading headers, never by subject. Bad signature: 401 `SUPPORT.BAD_SIGNATURE`; no `SUPPORT_INBOUND_SECRET` configured: 404 `SUPPORT.INBOUND_DISABLED`.',
        tags, body: InboundMailBody,
        response: { 200: Type.Object({ ticketId: Type.String(), duplicate: Type.Boolean() }), 400: problem, 401: problem, 404: problem, 409: problem },
      },
    }, async (request) => {
      if (!options.inboundSecret) throw new AppError('SUPPORT.INBOUND_DISABLED', 404, 'Inbound mail is off: set SUPPORT_INBOUND_SECRET');
      const raw = rawBody(request);
      const header = request.headers[WEBHOOK_SIGNATURE_HEADER];
      const reason = raw ? webhookSignatureProblem(typeof header === 'string' ? header : undefined, raw, options.inboundSecret, Math.floor(now().getTime() / 1000)) : 'missing';
      if (reason) throw SupportErrors.badSignature(SIGNATURE_REASONS[reason]);
      const text = replyText(request.body.text);
      if (!text) throw SupportErrors.badForm('The mail has no new text', 'text');
      return service.inbound(request.body, text);
    });
  });
}


/**
 * The contact form (`POST /api/contact`, per-IP limit: the smaller of `rateLimitPerMinute` and
 * `writeRateLimitPerMinute`, 0 turning either off; 429s are logged) and its back-office routes (list, read, answer by mail, turn into a ticket).
 */
export function contactRoutes(server: HttpServer, contacts: ContactMessages, options: { rateLimitPerMinute: number; writeRateLimitPerMinute: number }): void {
  // The stricter of the contact limit and the general write limit (0: that one is off).
  const max = Math.min(...[options.rateLimitPerMinute, options.writeRateLimitPerMinute].filter((n) => n > 0));
  server.post('/api/contact', {
    config: {
      rateLimit: Number.isFinite(max)
        ? { max, timeWindow: '1 minute', onExceeded: (request: FastifyRequest) => request.log.warn({ ip: request.ip }, 'contact form rate limit exceeded') }
        : false,
    },
    schema: {
      summary: 'Send a message to the shop (routed to a team by topic, acknowledged by mail)',
      description: 'Always answers 202 `{ received: true }` once the input is valid; messages that look automated (honeypot `website` filled, sent too soon after `startedAt`) are logged and dropped.',
      tags, body: ContactBody, response: { 202: Type.Object({ received: Type.Literal(true) }), 400: problem, 429: problem },
    },
  }, async (request, reply) => {
    await contacts.receive(request.body, request.ip, siteOf(request).code);
    return reply.status(202).send({ received: true as const });
  });

  server.get('/api/admin/support/contact-messages', {
    config: { permission: 'support:read' },
    schema: { summary: 'Contact form messages, newest first, by state, team and site (staff limited to some sites: their sites\' messages; `site` one of them, else 403 `SITES.NOT_ALLOWED`)', tags, querystring: ContactListQuery, response: { 200: Type.Object({ data: Type.Array(ContactMessageSchema), pagination: Type.Object({ total: Type.Integer(), limit: Type.Integer(), page: Type.Integer() }) }), 400: problem, 403: problem } },
  }, async (request) => contacts.list(request.query, staffSites(request.user, request.query.site)));

  server.get('/api/admin/support/contact-messages/:id', {
    config: { permission: 'support:read' },
    schema: { summary: 'One contact message', tags, params: TicketParams, response: { 200: ContactMessageSchema, 404: problem } },
  }, async (request) => contacts.get(request.params.id, staffSites(request.user)));

  server.post('/api/admin/support/contact-messages/:id/reply', {
    config: { permission: 'support:write' },
    schema: { summary: 'Answer a new contact message by mail', tags, params: TicketParams, body: CustomerReplyBody, response: { 200: ContactMessageSchema, 400: problem, 404: problem, 409: problem } },
  }, async (request) => contacts.answer(request.params.id, request.body.body, request.user!.id, staffSites(request.user)));

  server.post('/api/admin/support/contact-messages/:id/ticket', {
    config: { permission: 'support:write' },
    schema: { summary: 'Turn a new contact message into a ticket of its sender', tags, params: TicketParams, response: { 200: ContactMessageSchema, 404: problem, 409: problem } },
  }, async (request) => contacts.convert(request.params.id, staffSites(request.user)));
}
