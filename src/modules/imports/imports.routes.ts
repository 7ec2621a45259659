import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.js';
import { PageQuery, Pagination } from '../../platform/http/schemas.js';
import type { HttpServer } from '../../platform/http/server.js';
import { assertStaffManages, DEFAULT_SITE_CODE } from '../../platform/http/site.js';
import type { ImportsService } from './imports.service.js';

const tags = ['imports'];
const problem = { $ref: 'Problem#' };
const DateFormat = Type.Union([Type.Literal('dmy'), Type.Literal('mdy'), Type.Literal('ymd')]);

const ReportSchema = Type.Object({
  source: Type.String(),
  file: Type.String(),
  dateFormat: DateFormat,
  dateFormatDetected: Type.Boolean(),
  period: Type.Union([Type.Object({ first: Type.String({ format: 'date-time' }), last: Type.String({ format: 'date-time' }) }), Type.Null()]),
  counts: Type.Object({ read: Type.Integer(), imported: Type.Integer(), rejected: Type.Integer() }),
  rejected: Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() })),
  created: Type.Object({ products: Type.Integer(), customers: Type.Integer(), orders: Type.Integer(), returns: Type.Integer() }),
  durationMs: Type.Integer(),
});

const JobSchema = Type.Object(
  {
    id: Type.String(),
    source: Type.String(),
    filename: Type.String(),
    status: Type.Union(['queued', 'running', 'succeeded', 'failed', 'refused'].map((s) => Type.Literal(s))),
    progress: Type.Object({ phase: Type.String(), rows: Type.Integer(), total: Type.Optional(Type.Integer()) }),
    report: Type.Union([ReportSchema, Type.Null()]),
    error: Type.Union([Type.Object({ code: Type.String(), detail: Type.String() }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ImportJob' },
);

/** A multipart body the parser could not read (no boundary, cut off, not multipart at all) → 400. */
function badMultipart(err: unknown): unknown {
  const code = (err as { code?: string }).code;
  // Not multipart at all (→ 415) and too large (→ 413) keep their own answers (platform/http/problem.ts).
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_REQ_FILE_TOO_LARGE') return err as AppError;
  return new AppError('IMPORT.BAD_MULTIPART', 400, `The multipart body could not be read: ${err instanceof Error ? err.message : 'malformed'}`);
}

/** Registers the back-office import routes. */
export function importsRoutes(server: HttpServer, service: ImportsService): void {
  server.addSchema(JobSchema);

  server.post('/api/admin/imports', {
    config: { permission: 'imports:write' },
    schema: {
      summary: 'Upload an Online Retail CSV (multipart/form-data, field `file`) and import it in the background',
      description: 'Answers 202 with the queued job; poll GET /api/admin/imports/{id} for progress and the report. A refused file (missing columns, ambiguous dates) ends with status `refused` and writes nothing. The history goes to the default site (its products, customers and orders): staff limited to sites that do not include it get 403 SITES.NOT_ALLOWED.',
      tags, consumes: ['multipart/form-data'],
      querystring: Type.Object({
        source: Type.Literal('online-retail', { default: 'online-retail' }),
        dateFormat: Type.Optional(DateFormat),
        openingStock: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 100 }),
      }),
      response: { 202: Type.Ref(JobSchema), 400: problem, 403: problem, 413: problem, 415: problem },
    },
  }, async (request, reply) => {
    assertStaffManages(request.user, [DEFAULT_SITE_CODE]);
    const file = await request.file().catch((err: unknown) => {
      throw badMultipart(err);
    });
    if (!file || file.fieldname !== 'file') throw new AppError('IMPORT.NO_FILE', 400, 'Send the CSV as a multipart/form-data field named "file"');
    const job = await service
      .submit(file.file, file.filename || 'upload.csv', { dateFormat: request.query.dateFormat, openingStock: request.query.openingStock }, request.user?.id ?? null)
      .catch((err: unknown) => {
        throw err instanceof AppError ? err : badMultipart(err);
      });
    return reply.status(202).send(job);
  });

  server.get('/api/admin/imports', {
    config: { permission: 'imports:read' },
    schema: {
      summary: 'Import jobs, newest first', tags,
      querystring: PageQuery,
      response: { 200: Type.Object({ data: Type.Array(Type.Ref(JobSchema)), pagination: Pagination }) },
    },
  }, async (request) => service.list(request.query.page, request.query.limit));

  server.get('/api/admin/imports/:id', {
    config: { permission: 'imports:read' },
    schema: { summary: 'Status, progress and report of one import', tags, params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Type.Ref(JobSchema), 404: problem } },
  }, async (request) => service.get(request.params.id));
}
