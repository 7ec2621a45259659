/**
 * Back-office routes of the generic POS sales import (permission `analytics:write`):
 * - `POST /api/admin/analytics/imports/preview`: multipart field `file` (CSV) → its header and
 *   first rows, for the column-mapping screen;
 * - `POST /api/admin/analytics/imports`: multipart fields `file` (CSV), `mapping` (JSON text, see
 *   `SalesMapping`) and `createMissing` (`true` | `false`, default false) → runs the import and
 *   answers its report. The upload is kept in a temporary file under the data directory for the
 *   import's two passes, then deleted.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { hasPermission } from '../../platform/auth.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { newId } from '../../platform/ids.js';
import { AnalyticsErrors } from './analytics.errors.js';
import { CsvFile, MultipartBody, RejectedRows } from './analytics.http.js';
import { importSales, previewCsv } from './analytics.sales-import.js';
import { scopeFor } from './analytics.scope.js';

const tags = ['analytics'];
const problem = { $ref: 'Problem#' };

const ReportSchema = Type.Object({
  file: Type.String(),
  dateFormat: Type.Union([Type.Literal('iso'), Type.Literal('day-first'), Type.Literal('month-first')]),
  dateFormatDetected: Type.Boolean(),
  read: Type.Integer({ description: 'Data rows read.' }),
  imported: Type.Integer({ description: 'New sale lines.' }),
  duplicates: Type.Integer({ description: 'Lines already stored (a re-import adds none).' }),
  rejectedCount: Type.Integer(),
  rejected: RejectedRows('Rows left out, by line (the first 100,000).'),
  createdStores: Type.Integer(),
  createdRegions: Type.Integer(),
  createdProducts: Type.Integer(),
  batches: Type.Object({ size: Type.Integer(), written: Type.Integer(), lastWrittenLine: Type.Union([Type.Integer(), Type.Null()]) }),
  failure: Type.Union([Type.Object({ batch: Type.Integer(), fromLine: Type.Integer(), toLine: Type.Integer(), detail: Type.String() }), Type.Null()], {
    description: 'The batch that could not be written (the batches before it are); null when every batch was written.',
  }),
  durationMs: Type.Integer(),
}, { description: 'What a sales import did' });

/** Reads the multipart body: saves the `file` part to `dir` and collects the text fields. */
async function readUpload(request: FastifyRequest, dir: string): Promise<{ path: string | null; fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  let path: string | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || path) {
          part.file.resume();
          continue;
        }
        await mkdir(dir, { recursive: true });
        path = join(dir, `${newId('upl')}.csv`);
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated) throw new AppError('REQUEST.BODY_TOO_LARGE', 413, 'The uploaded file is larger than this server accepts');
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (err) {
    if (path) await rm(path, { force: true });
    const code = (err as { code?: string }).code;
    if (err instanceof AppError || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_REQ_FILE_TOO_LARGE') throw err;
    throw AnalyticsErrors.badUpload(`The multipart body could not be read: ${err instanceof Error ? err.message : 'malformed'}`);
  }
  return { path, fields };
}

/** Registers the sales import routes; uploads are kept in `uploadDir` while they are imported. */
export async function analyticsImportsRoutes(root: HttpServer, database: Database, uploadDir: string): Promise<void> {
  await root.register(async (plugin) => {
  const server = plugin.withTypeProvider<TypeBoxTypeProvider>();

  server.post('/api/admin/analytics/imports/preview', {
    config: { permission: 'analytics:write' },
    schema: {
      summary: 'The header and first 20 rows of a sales CSV (multipart field `file`), for the column-mapping screen',
      tags, body: MultipartBody({ file: CsvFile }),
      response: { 200: Type.Object({ columns: Type.Array(Type.String()), rows: Type.Array(Type.Array(Type.String())) }), 400: problem, 413: problem, 415: problem, 422: problem },
    },
  }, async (request) => {
    const { path } = await readUpload(request, uploadDir);
    if (!path) throw AnalyticsErrors.badUpload('Send the CSV as a multipart/form-data field named "file"');
    try {
      return await previewCsv(path);
    } finally {
      await rm(path, { force: true });
    }
  });

  server.post('/api/admin/analytics/imports', {
    config: { permission: 'analytics:write' },
    schema: {
      summary: 'Import a POS sales CSV with a column mapping (multipart fields `file`, `mapping` JSON, `createMissing`)',
      description:
        'Runs the import and answers its report. A file refused as a whole writes nothing: 400 ANALYTICS.MAPPING_INVALID, 422 ANALYTICS.MAPPING_COLUMN_MISSING, ' +
        'ANALYTICS.EMPTY_FILE, ANALYTICS.DATE_FORMAT_AMBIGUOUS, ANALYTICS.FUTURE_DATE, ANALYTICS.NEGATIVE_COST. Rows of unknown stores or products ' +
        '(without createMissing) and unreadable rows are rejected, listed by line in the report; the other rows are imported. Importing again adds nothing. ' +
        'Needs a company-wide scope (else 404 ANALYTICS.NODE_NOT_FOUND, as for any node outside the caller\'s scope).',
      tags,
      body: MultipartBody({
        file: CsvFile,
        mapping: Type.String({ description: 'The column mapping, JSON text (`SalesMapping`: columns, dateFormat, currency, timeZone…; the same file as the CLI\'s --mapping)' }),
        createMissing: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'Create unknown stores, regions and products instead of rejecting their rows (default false)' })),
      }),
      response: { 200: ReportSchema, 400: problem, 403: problem, 404: problem, 413: problem, 415: problem, 422: problem },
    },
  }, async (request) => {
    // Admins (`*`) see the company even before its tree exists (an import may create it).
    if (!request.user || (!hasPermission(request.user, '*') && !(await scopeFor(database.db, request.user)).company)) throw AnalyticsErrors.companyNotInScope();
    const { path, fields } = await readUpload(request, uploadDir);
    try {
      if (!path) throw AnalyticsErrors.badUpload('Send the CSV as a multipart/form-data field named "file"');
      if (fields.mapping === undefined) throw AnalyticsErrors.mappingInvalid('Send the mapping as a multipart field named "mapping" (JSON)');
      const flag = (fields.createMissing ?? 'false').trim().toLowerCase();
      if (flag !== 'true' && flag !== 'false') throw AnalyticsErrors.badUpload('The createMissing field must be "true" or "false"');
      return await importSales(database, path, fields.mapping, { createMissing: flag === 'true' });
    } finally {
      if (path) await rm(path, { force: true });
    }
  });
  });
}
