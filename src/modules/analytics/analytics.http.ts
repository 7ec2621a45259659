/**
 * What the analytics upload routes share: the schemas of their bodies (a `text/csv` body or a
 * multipart form, declared for the OpenAPI document), of the rejected rows of every import report,
 * of the 422 problem that carries a refused file's report, and the reading of a CSV body.
 */
import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { AnalyticsErrors, REJECT_CODES } from './analytics.errors.js';

/** `rejected[]` of every import report: line, one code of `REJECT_CODES` (the same meaning in every import), reason in words. */
export const RejectedRows = (description = 'Rows left out, by line') => Type.Array(Type.Object({
  line: Type.Integer({ description: 'Line of the file (the header is line 1)' }),
  code: Type.Union(REJECT_CODES.map((c) => Type.Literal(c)), { description: 'Why, the same code in every analytics import report' }),
  reason: Type.String({ description: 'Why, in words, naming the row\'s key and value' }),
}), { description });

/**
 * The 422 `ANALYTICS.IMPORT_REJECTED` problem of an all-or-nothing import: the problem fields
 * plus `report`, the import's report with its rejected rows (nothing was written).
 */
export const ImportRejectedProblem = (report: TSchema) => Type.Object({
  type: Type.String(), title: Type.String(), status: Type.Literal(422), detail: Type.String(),
  code: Type.Literal('ANALYTICS.IMPORT_REJECTED'),
  instance: Type.Optional(Type.String()), requestId: Type.Optional(Type.String()),
  report,
}, { description: 'Rows were rejected: nothing was written; `report.rejected` lists them by line', additionalProperties: true });

/**
 * A multipart/form-data body of `fields` (the file as `format: binary`). Documents the form in the
 * OpenAPI document; the platform does not validate multipart bodies against it (the handler
 * reads the parts as they stream).
 */
export const MultipartBody = <P extends TProperties>(fields: P): { content: { 'multipart/form-data': { schema: TObject<P> } } } => ({
  content: { 'multipart/form-data': { schema: Type.Object(fields) } },
});

/** A CSV file part of a multipart form. */
export const CsvFile = Type.String({ format: 'binary', description: 'The CSV file (UTF-8, header row first)' });

/** The body of a CSV import route: the file as a `text/csv` body, or a multipart form with the field `file`. */
export const CsvUploadBody = (...textTypes: ('text/csv' | 'text/plain')[]) => ({
  content: {
    ...Object.fromEntries(textTypes.map((t) => [t, { schema: Type.String({ description: 'The CSV text (UTF-8, header row first)' }) }])),
    'multipart/form-data': { schema: Type.Object({ file: CsvFile }) },
  },
});

/**
 * Reads the CSV of an import request: a `text/csv` (or `text/plain`) body, or the multipart field `file`.
 * @throws AppError 400 ANALYTICS.BAD_UPLOAD (unreadable multipart, no `file` field), 413
 *   (file too large), 415 when the body is neither.
 */
export async function csvText(request: FastifyRequest): Promise<string> {
  if (typeof request.body === 'string') return request.body;
  if (request.isMultipart()) {
    const file = await request.file().catch((err: unknown) => {
      if (err instanceof AppError || (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw err;
      throw AnalyticsErrors.badUpload(`The multipart body could not be read: ${err instanceof Error ? err.message : 'malformed'}`);
    });
    if (!file || file.fieldname !== 'file') throw AnalyticsErrors.badUpload('Send the CSV as a multipart/form-data field named "file"');
    return (await file.toBuffer()).toString('utf8');
  }
  throw AnalyticsErrors.csvExpected();
}
