import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CsvResponse, sendCsv } from '../../platform/http/csv.js';
import { keepRawJsonBodies } from '../../platform/http/raw-body.js';
import type { HttpServer } from '../../platform/http/server.js';
import { assertStaffManages, staffSites } from '../../platform/http/site.js';
import { SIGNATURE_HEADER, signatureProblem } from '../../platform/http/signature.js';
import { NewslettersErrors } from './newsletters.errors.js';
import {
  AccountBody, AccountQuery, AccountSchema, CampaignBody, CampaignPage, CampaignPatch, CampaignSchema, IdParams, ImportQuery, ImportReport, ListBody, ListSchema, MailEventBody,
  ManageBody, OneClickQuery, PreviewQuery, PreviewSchema, PublicSubscriptionSchema, RecipientPage, RecipientQuery, ScheduleBody, SubscribeBody, SubscriberDetailSchema, SubscriberExportQuery,
  SubscriberPage, SubscriberQuery, TestSendBody, TokenBody, TokenQuery, TrackQuery,
} from './newsletters.schemas.js';
import { DEFAULT_SITE, NewslettersService, type RequestMeta, type SubscriberDto } from './newsletters.service.js';
import { PageQuery } from '../../platform/http/schemas.js';

const tags = ['newsletters'];
const problem = { $ref: 'Problem#' };
const SIGNATURE_REASONS = { missing: 'missing (header comptoir-signature)', malformed: 'malformed (expected t=<unix seconds>,v1=<hex HMAC-SHA256>)', stale: 'too old or too far in the future', mismatch: 'invalid' } as const;
/** A 1×1 transparent GIF (the open pixel). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const meta = (request: FastifyRequest): RequestMeta => ({ ip: request.ip ?? null, userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null });
const publicView = (s: SubscriberDto) => ({ email: s.email, site: s.site, locale: s.locale, status: s.status });

/** What the routes need besides the service. */
export interface NewslettersRouteOptions {
  /** `NEWSLETTER_WEBHOOK_SECRET`; absent → the webhook answers 404. */
  webhookSecret: string | undefined;
  /** Sends one test mail of a campaign; absent without SMTP. */
  testSend: ((campaignId: string, email: string, locale: 'en' | 'fr') => Promise<void>) | undefined;
  now?: () => Date;
}

/**
 * Routes of newsletters:
 * - storefront: subscribe (double opt-in), confirm, the guest's signed link (read, change language,
 *   unsubscribe), RFC 8058 one-click unsubscribe, the signed-in customer's setting;
 * - back office (`newsletters:read` / `newsletters:write`): subscribers (search, CSV export and
 *   import), lists (segments), campaigns (preview, test send, schedule, cancel, results); staff
 *   limited to some sites see and change only their sites' subscribers, lists (a list names one
 *   of their sites) and the campaigns to those lists (404 otherwise; 403 SITES.NOT_ALLOWED for a
 *   new list or import of another site);
 * - `POST /api/newsletters/webhooks/mail-events`: bounces and complaints from the mail provider (signed);
 * - tracking (`/api/newsletters/t/open|click`), used only by campaigns that turned it on.
 */
export async function newslettersRoutes(server: HttpServer, service: NewslettersService, options: NewslettersRouteOptions): Promise<void> {
  const now = options.now ?? (() => new Date());

  server.post('/api/newsletters/subscribe', {
    schema: {
      summary: 'Subscribe to the newsletter (double opt-in: a confirmation mail is sent)',
      description: 'Always answers 202 once the input is valid, whether or not the address was already subscribed (nothing to learn about others). The consent record keeps the time, IP, site, language and `consentText` (the text shown). Signed in: the subscription is linked to the account.',
      tags, body: SubscribeBody, response: { 202: Type.Object({ status: Type.Literal('pending') }), 400: problem },
    },
  }, async (request, reply) => {
    await service.subscribe(request.body, meta(request), request.user?.id ?? null, request.user ? 'account' : 'form');
    return reply.status(202).send({ status: 'pending' as const });
  });

  server.post('/api/newsletters/confirm', {
    schema: { summary: 'Confirm a subscription with the token of the confirmation mail (valid 7 days)', tags, body: TokenBody, response: { 200: PublicSubscriptionSchema, 400: problem } },
  }, async (request) => publicView(await service.confirm(request.body.token, meta(request))));

  server.get('/api/newsletters/subscription', {
    schema: { summary: 'A subscription through its signed link (as in every campaign mail)', tags, querystring: TokenQuery, response: { 200: PublicSubscriptionSchema, 400: problem } },
  }, async (request) => publicView(await service.byToken(request.query.token)));

  server.put('/api/newsletters/subscription', {
    schema: { summary: 'Change the language of a subscription through its signed link', tags, querystring: TokenQuery, body: ManageBody, response: { 200: PublicSubscriptionSchema, 400: problem } },
  }, async (request) => publicView(await service.updateByToken(request.query.token, request.body.locale)));

  // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` as a form; no page, no cookie.
  await server.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    scope.post('/api/newsletters/unsubscribe', {
      schema: {
        summary: 'Unsubscribe in one click (RFC 8058 `List-Unsubscribe-Post`; also the unsubscribe page\'s button)',
        description: 'The token is the one in the mail\'s `List-Unsubscribe` URL. Body: `List-Unsubscribe=One-Click` (form) or none/JSON. Idempotent: 200 each time.',
        tags, querystring: OneClickQuery,
        body: Type.Optional(Type.Object({ 'List-Unsubscribe': Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false })),
        response: { 200: Type.Object({ status: Type.Literal('unsubscribed') }), 400: problem },
      },
    }, async (request) => {
      if (!request.query.token) throw NewslettersErrors.badToken();
      await service.unsubscribeByToken(request.query.token, meta(request), request.body?.['List-Unsubscribe'] === 'One-Click' ? 'one_click' : 'link');
      return { status: 'unsubscribed' as const };
    });
  });

  server.get('/api/account/newsletter', {
    config: { auth: 'required' },
    schema: { summary: "The signed-in customer's newsletter subscription on a site (null when none)", tags, querystring: AccountQuery, response: { 200: AccountSchema, 401: problem } },
  }, async (request) => ({ subscription: await service.mine(request.user!.id, request.query.site ?? DEFAULT_SITE) }));

  server.put('/api/account/newsletter', {
    config: { auth: 'required' },
    schema: {
      summary: 'Subscribe (double opt-in to the account\'s address) or unsubscribe the signed-in customer',
      tags, body: AccountBody, response: { 200: AccountSchema, 400: problem, 401: problem },
    },
  }, async (request) => ({
    subscription: await service.setMine(request.user!.id, { ...request.body, site: request.body.site ?? DEFAULT_SITE }, meta(request)),
  }));

  // ── tracking (only campaigns that turned it on carry these URLs) ──
  server.get('/api/newsletters/t/open', {
    schema: { summary: 'Open pixel of a tracked campaign mail (a 1×1 GIF)', tags, querystring: TrackQuery, response: { 200: { description: 'GIF', content: { 'image/gif': { schema: Type.String() } } } } },
  }, async (request, reply) => {
    await service.trackOpen(request.query.t);
    return reply.header('content-type', 'image/gif').header('cache-control', 'no-store').send(PIXEL as unknown as string);
  });

  server.get('/api/newsletters/t/click', {
    schema: { summary: 'Click redirect of a tracked campaign mail (signed target only: no open redirect)', tags, querystring: TrackQuery, response: { 302: Type.Null(), 400: problem } },
  }, async (request, reply) => {
    const url = await service.trackClick(request.query.t, request.query.u ?? '', request.query.s ?? '');
    if (!url) throw NewslettersErrors.badToken();
    return reply.redirect(url, 302);
  });

  // ── back office ──
  server.get('/api/admin/newsletters/subscribers', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'Subscribers, newest first (search by e-mail, filter by status and site)', tags, querystring: SubscriberQuery, response: { 200: SubscriberPage, 400: problem, 403: problem } },
  }, async (request) => service.listSubscribers(request.query, staffSites(request.user, request.query.site)));

  server.get('/api/admin/newsletters/subscribers/export', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'Subscribers as CSV with their consent (text, IP, time), with the list\'s filters', tags, querystring: SubscriberExportQuery, response: { 200: CsvResponse, 400: problem, 403: problem } },
  }, async (request, reply) => sendCsv(reply, 'subscribers.csv', NewslettersService.EXPORT_HEADER, service.exportSubscribers(request.query, staffSites(request.user, request.query.site))));

  server.get('/api/admin/newsletters/subscribers/:id', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'One subscriber with the consent proof (each subscribe, confirm, unsubscribe, import)', tags, params: IdParams, response: { 200: SubscriberDetailSchema, 404: problem } },
  }, async (request) => service.subscriberWithConsents(request.params.id, staffSites(request.user)));

  await server.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post('/api/admin/newsletters/subscribers/import', {
      config: { permission: 'newsletters:write' },
      schema: {
        summary: 'Import subscribers from CSV (text/csv body) with the source of their consent',
        description: 'Columns: `email` (required), `locale`, `country`, `consented_at` (optional). Rows become confirmed subscribers of `site` with an `import` consent record carrying `consentSource`. Invalid, duplicate, suppressed and unsubscribed addresses are skipped and listed by line. 400 NEWSLETTERS.CSV_INVALID when the file cannot be read.',
        tags, querystring: ImportQuery, consumes: ['text/csv'], body: Type.String({ maxLength: 20_000_000 }), response: { 200: ImportReport, 400: problem, 403: problem },
      },
    }, async (request) => {
      const site = request.query.site ?? DEFAULT_SITE;
      assertStaffManages(request.user, [site]);
      return service.importSubscribers(request.body, { consentSource: request.query.consentSource, site, locale: request.query.locale ?? 'en' }, meta(request));
    });
  });

  server.get('/api/admin/newsletters/lists', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'Lists (segments) with their current number of subscribers', tags, response: { 200: Type.Object({ data: Type.Array(ListSchema) }) } },
  }, async (request) => ({ data: await service.lists(staffSites(request.user)) }));

  server.post('/api/admin/newsletters/lists', {
    config: { permission: 'newsletters:write' },
    schema: {
      summary: 'Create a list: confirmed subscribers by site, language, country, purchases (SKU, category), never ordered, or RFM segment',
      description: 'Criteria combine with AND. `rfmSegment` keeps the subscribers whose account is a customer of that segment over the last 365 days of sales (the analytics module\'s RFM rule).',
      tags, body: ListBody, response: { 201: ListSchema, 400: problem, 403: problem },
    },
  }, async (request, reply) => reply.status(201).send(await service.createList(request.body, staffSites(request.user))));

  server.get('/api/admin/newsletters/lists/:id', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'One list and its size now', tags, params: IdParams, response: { 200: ListSchema, 404: problem } },
  }, async (request) => service.list(request.params.id, staffSites(request.user)));

  server.get('/api/admin/newsletters/campaigns', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'Campaigns, newest first, with their results', tags, querystring: PageQuery, response: { 200: CampaignPage, 400: problem } },
  }, async (request) => service.campaigns(request.query.page, request.query.limit, staffSites(request.user)));

  server.post('/api/admin/newsletters/campaigns', {
    config: { permission: 'newsletters:write' },
    schema: { summary: 'Create a draft campaign (English and French versions)', tags, body: CampaignBody, response: { 201: CampaignSchema, 400: problem, 404: problem } },
  }, async (request, reply) => reply.status(201).send(await service.createCampaign(request.body, staffSites(request.user))));

  server.get('/api/admin/newsletters/campaigns/:id', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'One campaign with its results (recipients by status, opens and clicks)', tags, params: IdParams, response: { 200: CampaignSchema, 404: problem } },
  }, async (request) => service.campaign(request.params.id, staffSites(request.user)));

  server.patch('/api/admin/newsletters/campaigns/:id', {
    config: { permission: 'newsletters:write' },
    schema: { summary: 'Change a draft or scheduled campaign', tags, params: IdParams, body: CampaignPatch, response: { 200: CampaignSchema, 400: problem, 404: problem, 409: problem } },
  }, async (request) => service.updateCampaign(request.params.id, request.body, staffSites(request.user)));

  server.get('/api/admin/newsletters/campaigns/:id/preview', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'The campaign mail in a language as a subscriber gets it (subject, text, HTML, headers)', tags, params: IdParams, querystring: PreviewQuery, response: { 200: PreviewSchema, 404: problem } },
  }, async (request) => service.preview(request.params.id, request.query.locale ?? 'en', staffSites(request.user)));

  server.post('/api/admin/newsletters/campaigns/:id/test', {
    config: { permission: 'newsletters:write' },
    schema: { summary: 'Send one test mail of the campaign to an address (needs SMTP_URL: else 409 NEWSLETTERS.SMTP_OFF)', tags, params: IdParams, body: TestSendBody, response: { 202: Type.Object({ sent: Type.Literal(true) }), 400: problem, 404: problem, 409: problem } },
  }, async (request, reply) => {
    if (!options.testSend) throw NewslettersErrors.smtpOff();
    await service.campaign(request.params.id, staffSites(request.user));
    await options.testSend(request.params.id, request.body.email, request.body.locale ?? 'en');
    return reply.status(202).send({ sent: true as const });
  });

  server.post('/api/admin/newsletters/campaigns/:id/schedule', {
    config: { permission: 'newsletters:write' },
    schema: { summary: 'Schedule the campaign for a time (default now); sending goes in batches at MAIL_RATE_PER_MINUTE', tags, params: IdParams, body: ScheduleBody, response: { 200: CampaignSchema, 400: problem, 404: problem, 409: problem } },
  }, async (request) => service.schedule(request.params.id, request.body.at, staffSites(request.user)));

  server.post('/api/admin/newsletters/campaigns/:id/cancel', {
    config: { permission: 'newsletters:write' },
    schema: { summary: 'Cancel a campaign not finished (recipients not sent yet are skipped)', tags, params: IdParams, response: { 200: CampaignSchema, 404: problem, 409: problem } },
  }, async (request) => service.cancel(request.params.id, staffSites(request.user)));

  server.get('/api/admin/newsletters/campaigns/:id/recipients', {
    config: { permission: 'newsletters:read' },
    schema: { summary: 'Recipients of a campaign with their delivery status', tags, params: IdParams, querystring: RecipientQuery, response: { 200: RecipientPage, 400: problem, 404: problem } },
  }, async (request) => service.recipients(request.params.id, request.query, staffSites(request.user)));

  // ── mail provider webhook (own scope: raw bodies for the signature) ──
  await server.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const rawBody = keepRawJsonBodies(scope);
    scope.post('/api/newsletters/webhooks/mail-events', {
      schema: {
        summary: 'Bounces, complaints and mailed unsubscribes from the mail provider (signed like payment webhooks: header comptoir-signature)',
        description: 'Hard bounce or complaint: the address is suppressed (never mailed again, on every site). Soft bounce: counted; suppressed after 3 in a row. Bad signature: 401 NEWSLETTERS.BAD_SIGNATURE; no NEWSLETTER_WEBHOOK_SECRET: 404 NEWSLETTERS.WEBHOOK_DISABLED.',
        tags, body: MailEventBody,
        response: { 200: Type.Object({ suppressed: Type.Boolean(), softBounces: Type.Union([Type.Integer(), Type.Null()]) }), 400: problem, 401: problem, 404: problem },
      },
    }, async (request) => {
      if (!options.webhookSecret) throw NewslettersErrors.webhookDisabled();
      const raw = rawBody(request);
      const header = request.headers[SIGNATURE_HEADER];
      const reason = raw ? signatureProblem(typeof header === 'string' ? header : undefined, raw, options.webhookSecret, Math.floor(now().getTime() / 1000)) : 'missing';
      if (reason) throw NewslettersErrors.badSignature(SIGNATURE_REASONS[reason]);
      return service.mailEvent(request.body);
    });
  });
}
