/**
 * The rejected-rows report of an import, written to a file for the operator (`comptoir import
 * … --report <file>`): every rejected row with its line number and reason, where the console
 * shows only the first few.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ImportReport } from './imports.service.js';

/**
 * The report file's content, JSON (UTF-8, pretty-printed, trailing newline):
 * `{ source, file, counts: { read, imported, rejected }, rejected: [{ line, reason }] }`, the
 * rows in line order (1-based, the header is line 1). `rejected` holds what `report.rejected`
 * holds: import with `allRejected` for every row.
 */
export function rejectedReportJson(report: ImportReport): string {
  const { source, file, counts, rejected } = report;
  return `${JSON.stringify({ source, file, counts, rejected: rejected.map(({ line, reason }) => ({ line, reason })) }, null, 2)}\n`;
}

/**
 * Writes {@link rejectedReportJson} to `path` (relative to the working directory; parent
 * directories are created; an existing file is replaced).
 * @returns the absolute path written.
 * @throws the file system's error (e.g. EACCES, EISDIR) when it cannot be written.
 */
export async function writeRejectedReport(path: string, report: ImportReport): Promise<string> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, rejectedReportJson(report), 'utf8');
  return target;
}
