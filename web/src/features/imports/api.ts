/** Back-office imports: Online Retail import jobs (upload, progress, report). */
import { api, multipart, ok, type Schemas } from '../../lib/api';
import type { paths } from '../../lib/api-schema';

/** An Online Retail import job. */
export type ImportJob = Schemas['ImportJob'];

/** Options of an upload: the file's date format (absent: detected) and the opening stock per SKU. */
export type ImportOptions = paths['/api/admin/imports']['post']['parameters']['query'];

/** A page of import jobs, newest first. */
export function listImports(page: number) {
  return ok(api.GET('/api/admin/imports', { params: { query: { page, limit: 10 } } }));
}

/** One job with its progress and, when finished, its report. */
export function getImport(id: string) {
  return ok(api.GET('/api/admin/imports/{id}', { params: { path: { id } } }));
}

/** Uploads a file (multipart field `file`) and queues its import; options left out take the server's defaults. Answers the queued job. */
export function startImport(file: File, options: Partial<ImportOptions>) {
  const form = new FormData();
  form.append('file', file);
  return ok(api.POST('/api/admin/imports', { params: { query: options as ImportOptions }, ...multipart(form) }));
}
