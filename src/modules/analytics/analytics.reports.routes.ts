import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../platform/auth.js';
import type { Database } from '../../platform/db/index.js';
import { Pagination, pageQueryFields } from '../../platform/http/schemas.js';
import type { HttpServer } from '../../platform/http/server.js';
import { CONTENT_TYPES, type ExportFile, type ReportExports } from './analytics.report-exports.js';
import type { ReportSubscriptions } from './analytics.report-subscriptions.js';
import { REPORTS, runPage, type ReportQuery } from './analytics.reports.js';
import type { ScenariosService } from './analytics.scenarios.js';

const tags = ['analytics'];
const problem = { $ref: 'Problem#' };
const literals = <T extends string>(values: readonly T[], description: string) => Type.Union(values.map((v) => Type.Literal(v)), { description });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const LocalDate = (description: string) => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description });
const Id = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description });
const Titles = Type.Object({ en: Type.String(), fr: Type.String() });
const Format = literals(['csv', 'xlsx'] as const, '`csv` (RFC 4180, UTF-8 with a byte order mark) or `xlsx` (formatted: currency, percent, frozen header)');
const Lang = literals(['en', 'fr'] as const, 'Language of the titles (default en)');

const filterFields = {
  node: Type.Optional(Type.String({
    minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$',
    description: '`company`, a region id or a store id (default: the company, else your top region or store); outside your scope → 404 ANALYTICS.NODE_NOT_FOUND',
  })),
  period: Type.Optional(literals(['day', 'week', 'month', 'quarter', 'year', 'custom'] as const, 'Period grain as /kpis (default month)')),
  date: Type.Optional(LocalDate('Any local date inside the period (default today, UTC)')),
  from: Type.Optional(LocalDate('First day of a custom period (inclusive)')),
  to: Type.Optional(LocalDate('Last day of a custom period (inclusive)')),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only this category (reports with the category filter)' })),
  scenarios: Type.Optional(Type.String({
    pattern: '^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64}){0,2}$', description: 'Up to 3 saved scenario ids, comma-separated (scenario comparison; default your 10 latest)',
  })),
};
const RunQuery = Type.Object({ ...filterFields, ...pageQueryFields({ defaultLimit: 50 }) }, { additionalProperties: false });
const ExportQuery = Type.Object({ ...filterFields, format: Format, lang: Type.Optional(Lang) }, { additionalProperties: false });
const ReportParams = Type.Object({ id: Id('Report id (`store-monthly`, `region-consolidation`, …)') });
const ExportParams = Type.Object({ id: Id('Export id (`rex_…`)') });

const ColumnSchema = Type.Object({
  key: Type.String(), title: Titles,
  type: literals(['text', 'integer', 'decimal', 'money', 'percent', 'date'] as const, 'decimal: a plain number (2 decimals shown); money: integer minor units (of `currency`, or of the row\'s `currencyKey` column); percent: a share as a decimal (0.377 = 37.7 %); date: YYYY-MM-DD'),
  currencyKey: Type.Optional(Type.String({ description: 'Key of the column giving each row\'s currency' })),
  width: Type.Optional(Type.Integer()),
});
const ReportSchema = Type.Object({
  id: Type.String(), title: Titles,
  filters: Type.Array(literals(['node', 'period', 'category', 'scenarios'] as const, 'A filter the report reads')),
  columns: Type.Array(ColumnSchema),
});
const Cell = Type.Union([Type.String(), Type.Number(), Type.Null()]);
const PageSchema = Type.Object({
  report: Type.Object({ id: Type.String(), title: Titles }),
  node: Type.Object({ kind: literals(['company', 'region', 'store'] as const, 'Node kind'), id: Type.String(), name: Type.String() }),
  period: Type.Object({ grain: Type.String(), from: Type.String(), to: Type.String(), label: Type.String() }),
  category: Nullable(Type.String()),
  currency: Type.String({ description: 'Reporting currency (ISO 4217)' }),
  dataAsOf: Type.String(),
  columns: Type.Array(ColumnSchema),
  data: Type.Array(Type.Record(Type.String(), Cell), { description: 'Rows: column key → value' }),
  pagination: Pagination,
});
const ExportSchema = Type.Object({
  id: Type.String(), report: Type.String(), format: Format,
  status: literals(['pending', 'running', 'done', 'failed'] as const, 'pending → running → done | failed'),
  rowsDone: Type.Integer({ description: 'Rows written so far' }), rowsTotal: Nullable(Type.Integer({ description: 'Rows estimated at the start' })),
  fileName: Nullable(Type.String()), notice: Nullable(Type.String({ description: 'E.g. too many rows for XLSX: written as CSV' })), error: Nullable(Type.String()),
  download: Nullable(Type.Object({ url: Type.String({ description: 'Signed link, no bearer needed' }), expiresAt: Type.String() })),
  createdAt: Type.String(), finishedAt: Nullable(Type.String()),
}, { description: 'An export job' });
const FileResponse = {
  description: 'The file, streamed (`Content-Disposition: attachment` names the report, node and period; `X-Export-Notice` says when an XLSX became CSV)',
  content: { 'text/csv': { schema: Type.String() }, [CONTENT_TYPES.xlsx]: { schema: Type.String({ format: 'binary' }) } },
};
const SubscriptionBody = Type.Object({
  report: Id('Report id'),
  frequency: literals(['weekly', 'monthly'] as const, 'weekly: every Monday, the last ISO week; monthly: on the 1st, the last month (06:00 UTC)'),
  format: Format,
  locale: Type.Optional(Lang),
  node: filterFields.node,
  category: filterFields.category,
}, { additionalProperties: false });
const SubscriptionSchema = Type.Object({
  id: Type.String(), report: Type.String(), frequency: Type.String(), format: Format, locale: Type.String(),
  node: Nullable(Type.String()), category: Nullable(Type.String()),
  nextRunAt: Type.String(), lastRunAt: Nullable(Type.String()), createdAt: Type.String(),
});

const user = (request: { user: AuthUser | null }) => request.user as AuthUser;

/** The report filters of a query (`scenarios` split on commas). */
const filtersOf = (q: Static<typeof RunQuery> | Static<typeof ExportQuery>): ReportQuery => {
  const { scenarios, ...rest } = q as Record<string, unknown> & { scenarios?: string };
  const out: ReportQuery = {};
  for (const k of ['node', 'period', 'date', 'from', 'to', 'category'] as const) if (rest[k] !== undefined) (out as Record<string, unknown>)[k] = rest[k];
  if (scenarios) out.scenarios = scenarios.split(',');
  return out;
};

/** Sends an export file with its name and notice. */
const sendFile = (reply: FastifyReply, file: ExportFile) => {
  if (file.notice) void reply.header('x-export-notice', encodeURIComponent(file.notice));
  return reply
    .header('content-type', CONTENT_TYPES[file.format])
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
};

/**
 * Registers the report routes (permission `analytics:read`, subscriptions `analytics:write`;
 * every run within the caller's analytics scope): `GET /api/admin/analytics/reports` (the
 * registry), `GET …/reports/{id}` (a page of rows), `GET …/reports/{id}/export` (a file now, or
 * 202 and a job), `GET …/reports/exports[/{id}]` (your export jobs), `…/reports/subscriptions`
 * (scheduled mails); and the public signed links `GET /api/analytics/report-files/{id}` and
 * `GET /api/analytics/report-subscriptions/{id}/unsubscribe`.
 */
export async function reportsRoutes(root: HttpServer, deps: { database: Database; scenarios: ScenariosService; exports: ReportExports; subscriptions: ReportSubscriptions }): Promise<void> {
  const { database, scenarios, exports, subscriptions } = deps;
  const server = root.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'analytics:read' };
  const write = { permission: 'analytics:write' };

  server.get('/api/admin/analytics/reports', {
    config: read,
    schema: { summary: 'The predefined reports: titles (EN/FR), filters and typed columns', tags, response: { 200: Type.Object({ data: Type.Array(ReportSchema) }) } },
  }, async () => ({ data: REPORTS.map((r) => ({ id: r.id, title: r.title, filters: [...r.filters], columns: [...r.columns] })) }));

  server.get('/api/admin/analytics/reports/exports', {
    config: read,
    schema: { summary: 'Your latest report exports (at most 20), newest first', tags, response: { 200: Type.Object({ data: Type.Array(ExportSchema) }) } },
  }, async (request) => ({ data: await exports.list(user(request)) }));

  server.get('/api/admin/analytics/reports/exports/:id', {
    config: read,
    schema: { summary: 'One of your export jobs: progress, and when done a signed download link that expires', tags, params: ExportParams, response: { 200: ExportSchema, 400: problem, 404: problem } },
  }, async (request) => exports.get(user(request), request.params.id));

  server.get('/api/admin/analytics/reports/subscriptions', {
    config: read,
    schema: { summary: 'Your scheduled reports', tags, response: { 200: Type.Object({ data: Type.Array(SubscriptionSchema) }) } },
  }, async (request) => ({ data: await subscriptions.list(user(request)) }));

  server.post('/api/admin/analytics/reports/subscriptions', {
    config: write,
    schema: {
      summary: 'Subscribe to a report by mail (weekly or monthly, CSV or XLSX, EN or FR): attached, or linked when large',
      tags, body: SubscriptionBody, response: { 201: SubscriptionSchema, 400: problem, 404: problem },
    },
  }, async (request, reply) => reply.status(201).send(await subscriptions.create(user(request), request.body)));

  server.delete('/api/admin/analytics/reports/subscriptions/:id', {
    config: write,
    schema: { summary: 'Unsubscribe from a scheduled report', tags, params: Type.Object({ id: Id('Subscription id (`rsu_…`)') }), response: { 204: Type.Null(), 400: problem, 404: problem } },
  }, async (request, reply) => {
    await subscriptions.delete(user(request), request.params.id);
    return reply.status(204).send(null);
  });

  server.get('/api/admin/analytics/reports/:id', {
    config: read,
    schema: {
      summary: 'Run a report: one page of rows with its typed columns, within your scope',
      tags, params: ReportParams, querystring: RunQuery, response: { 200: PageSchema, 400: problem, 404: problem },
    },
  }, async (request) => runPage(database, scenarios, user(request), request.params.id, { ...filtersOf(request.query), page: request.query.page, limit: request.query.limit }));

  server.get('/api/admin/analytics/reports/:id/export', {
    config: read,
    schema: {
      summary: 'Export a report as CSV or XLSX: the file now when small, else 202 with an export job to follow',
      description: 'Exports estimated above `REPORT_EXPORT_SYNC_ROWS` rows run as a background job: poll `GET …/reports/exports/{id}` for progress and a signed download link. An XLSX beyond 1,048,576 rows is written as CSV with a notice. Text cells starting with = + - @ tab or CR are prefixed with \' (formula injection).',
      tags, params: ReportParams, querystring: ExportQuery, response: { 200: FileResponse, 202: ExportSchema, 400: problem, 404: problem },
    },
  }, async (request, reply) => {
    const q = request.query;
    const started = await exports.start(user(request), request.params.id, filtersOf(q), q.format, q.lang ?? 'en');
    if ('job' in started) return reply.status(202).header('location', `/api/admin/analytics/reports/exports/${started.job.id}`).send(started.job);
    return sendFile(reply, started.file);
  });

  server.get('/api/analytics/report-files/:id', {
    schema: {
      summary: 'Download an export through its signed link (no bearer: the signature is the credential)',
      tags, params: ExportParams,
      querystring: Type.Object({ expires: Type.Integer({ minimum: 0, maximum: 99_999_999_999, description: 'Unix seconds' }), signature: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      response: { 200: FileResponse, 400: problem, 404: problem, 410: problem },
    },
  }, async (request, reply) => sendFile(reply, await exports.download(request.params.id, request.query.expires, request.query.signature)));

  server.get('/api/analytics/report-subscriptions/:id/unsubscribe', {
    schema: {
      summary: 'The unsubscribe link of mails sent before the confirmation page: redirects to it (never unsubscribes)',
      tags, params: Type.Object({ id: Id('Subscription id') }),
      querystring: Type.Object({ signature: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false }),
      response: { 303: Type.Null(), 400: problem },
    },
  }, async (request, reply) => reply.redirect(`/report-unsubscribe/${request.params.id}#signature=${request.query.signature}`, 303));

  server.post('/api/analytics/report-subscriptions/:id/unsubscribe', {
    schema: {
      summary: 'Unsubscribe with the signature of a scheduled report mail\'s link (no bearer: the signature is the credential)',
      tags, params: Type.Object({ id: Id('Subscription id') }),
      body: Type.Object({ signature: Type.String({ minLength: 1, maxLength: 100, description: 'The `signature` of the mailed link' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ unsubscribed: Type.Literal(true), report: Type.String() }), 400: problem, 404: problem },
    },
  }, async (request) => ({ unsubscribed: true as const, report: await subscriptions.unsubscribeByLink(request.params.id, request.body.signature) }));
}
