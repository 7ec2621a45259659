/**
 * Report files and export jobs: a report run written as CSV (streamed, RFC 4180, formula
 * injection neutralised) or XLSX (exceljs streaming writer: currency and percent formats, dates,
 * frozen header row, column widths), answered at once when small or written by the background
 * job `analytics.report-exports` and downloaded through a signed link that expires.
 */
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { AuthUser, TokenService } from '../../platform/auth.js';
import type { Database } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import { csvChunks, majorUnits, neutralise, type CsvValue } from '../../platform/http/csv.js';
import { newId } from '../../platform/ids.js';
import { AnalyticsErrors } from './analytics.errors.js';
import { reportContext, type ReportColumn, type ReportContext, type ReportDefinition, type ReportLocale, type ReportQuery, type ReportRow } from './analytics.reports.js';
import type { ScenariosService } from './analytics.scenarios.js';
import { reportExport } from './db/schema.js';

/** File formats of an export. */
export type ExportFormat = 'csv' | 'xlsx';

/** Rows of one XLSX sheet (Excel's limit, header included): beyond it an export is written as CSV. */
export const XLSX_MAX_ROWS = 1_048_576;

/** Content types of the export formats. */
export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The notice of an XLSX written as CSV, for sheets of `sheetRows` rows (header included). */
const overflowNotice = (locale: ReportLocale, sheetRows: number): string => (locale === 'fr'
  ? `Plus de lignes qu’une feuille XLSX n’en contient (${sheetRows - 1} plus l’en-tête) : export au format CSV.`
  : `More rows than an XLSX sheet holds (${sheetRows - 1} plus the header): exported as CSV instead.`);

const digits = new Map<string, number>();
/** Minor-unit digits of a currency (GBP 2, JPY 0), looked up once per currency. */
const digitsOf = (currency: string): number => {
  let d = digits.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digits.set(currency, d);
  }
  return d;
};

/** The title of a column in a file: money in the reporting currency names it (`Revenue (GBP)`). */
const columnTitle = (c: ReportColumn, locale: ReportLocale, currency: string): string =>
  c.type === 'money' && !c.currencyKey ? `${c.title[locale]} (${currency})` : c.title[locale];

/** A row as CSV cells: money in major units as a decimal (`19.99`), percents as decimals (0.377), the rest as is. */
function csvCells(columns: readonly ReportColumn[], row: ReportRow, currency: string): CsvValue[] {
  return columns.map((c) => {
    const v = row[c.key];
    if (v === null || v === undefined) return null;
    if (c.type === 'money' && typeof v === 'number') return majorUnits(v, c.currencyKey ? String(row[c.currencyKey] ?? currency) : currency);
    return v;
  });
}

/** Counts the rows of `batches` into `progress` as they pass. */
async function* counted(batches: AsyncIterable<ReportRow[]>, progress: (rows: number) => void): AsyncGenerator<ReportRow[]> {
  let n = 0;
  for await (const batch of batches) {
    n += batch.length;
    progress(n);
    yield batch;
  }
}

/** The CSV chunks of a report run (UTF-8 BOM, header in `locale`, one chunk per batch). */
export function csvOf(report: ReportDefinition, ctx: ReportContext, locale: ReportLocale, progress: (rows: number) => void = () => {}): AsyncGenerator<string> {
  const currency = ctx.read.settings.reportingCurrency;
  const cells = async function* () {
    for await (const batch of counted(report.rows(ctx), progress)) yield batch.map((r) => csvCells(report.columns, r, currency));
  };
  return csvChunks(report.columns.map((c) => columnTitle(c, locale, currency)), cells());
}

/** The number format of a money amount in major units of `currency` (`#,##0.00 "GBP"`). */
const moneyFormat = (currency: string): string => {
  const d = digitsOf(currency);
  return `#,##0${d > 0 ? `.${'0'.repeat(d)}` : ''} "${currency}"`;
};
const FORMATS: Record<Exclude<ReportColumn['type'], 'money'>, string | undefined> = { text: undefined, integer: '#,##0', decimal: '#,##0.00', percent: '0.0%', date: 'yyyy-mm-dd' };
const WIDTHS: Record<ReportColumn['type'], number> = { text: 14, integer: 12, decimal: 12, money: 18, percent: 12, date: 12 };

/** Thrown when a run has more rows than an XLSX sheet holds. */
class TooManyRows extends Error {}

/**
 * Writes a report run as an XLSX workbook to `out` with exceljs's streaming writer (each row
 * committed as it is written; only the current batch is in memory): one sheet named after the
 * report, a bold frozen header row in `locale`, column widths, money as numbers in major units
 * with the currency's format, percents as `0.0%`, dates as dates (`yyyy-mm-dd`), integers
 * `#,##0`, decimals `#,##0.00`, text neutralised against formula injection. Resolves with the rows written.
 * exceljs (about 2.5 MB with its zip and stream dependencies) is loaded with the first workbook.
 * @throws TooManyRows beyond `sheetRows` rows, header included (default {@link XLSX_MAX_ROWS}; the caller writes CSV instead).
 */
export async function writeXlsx(report: ReportDefinition, ctx: ReportContext, locale: ReportLocale, out: Writable, progress: (rows: number) => void = () => {}, sheetRows = XLSX_MAX_ROWS): Promise<number> {
  const currency = ctx.read.settings.reportingCurrency;
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(report.title[locale].slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = report.columns.map((c) => ({
    header: columnTitle(c, locale, currency), key: c.key, width: c.width ?? WIDTHS[c.type],
    style: { numFmt: c.type === 'money' ? (c.currencyKey ? '#,##0.00' : moneyFormat(currency)) : FORMATS[c.type] },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let written = 0;
  for await (const batch of counted(report.rows(ctx), progress)) {
    for (const r of batch) {
      if (++written >= sheetRows) throw new TooManyRows();
      const row = sheet.addRow(report.columns.map((c) => {
        const v = r[c.key];
        if (v === null || v === undefined) return null;
        if (c.type === 'text') return neutralise(String(v));
        if (c.type === 'date') return new Date(`${String(v)}T00:00:00Z`);
        if (c.type === 'money') return Number(v) / 10 ** digitsOf(c.currencyKey ? String(r[c.currencyKey] ?? currency) : currency);
        return Number(v);
      }));
      report.columns.forEach((c, i) => {
        if (c.type === 'money' && c.currencyKey) row.getCell(i + 1).numFmt = moneyFormat(String(r[c.currencyKey] ?? currency));
      });
      row.commit();
    }
  }
  sheet.commit();
  await workbook.commit();
  return written;
}

/**
 * The file name of a run: report id, node code (`company` for the company), period label and, when
 * filtered, the category, in safe characters (`store-monthly_FXA_2026-03.xlsx`).
 */
export function fileNameOf(report: ReportDefinition, ctx: ReportContext, format: ExportFormat): string {
  const node = ctx.read.node.kind === 'company' ? 'company' : ctx.read.node.code;
  const parts = [report.id, ...(report.filters.includes('node') ? [node] : []), ...(report.filters.includes('period') ? [ctx.period.label] : []), ...(ctx.category ? [ctx.category] : [])];
  return `${parts.map((p) => p.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '')).filter(Boolean).join('_')}.${format}`;
}

/** An export job as `GET …/reports/exports/{id}` shows it. Times ISO 8601 UTC. */
export interface ExportDto {
  id: string;
  report: string;
  /** The file's format (CSV when an XLSX would exceed a sheet: see `notice`). */
  format: ExportFormat;
  status: 'pending' | 'running' | 'done' | 'failed';
  rowsDone: number;
  /** The rows estimated at the start; null when unknown. */
  rowsTotal: number | null;
  fileName: string | null;
  notice: string | null;
  error: string | null;
  /** When done: a signed link (no bearer needed) and when it stops working. */
  download: { url: string; expiresAt: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A file ready to send: its name, content type, notice, and a readable body. */
export interface ExportFile {
  fileName: string;
  format: ExportFormat;
  notice: string | null;
  body: Readable;
}

/** Tuning of {@link ReportExports}. */
export interface ReportExportsOptions {
  /** Directory of the written files (in the data directory). */
  dir: string;
  /** Exports estimated above this many rows are jobs (0 = every export): `config.reportExportSyncRows`. */
  syncRows: number;
  /** `config.publicUrl`: signed links are absolute. */
  publicUrl: string;
  /** Rows of an XLSX sheet, header included, beyond which an export is written as CSV: `config.reportExportXlsxRows` (default {@link XLSX_MAX_ROWS}, Excel's limit). */
  sheetRows?: number;
  /** Lifetime of a download link handed by the status route, in seconds (default 900). */
  linkTtlSeconds?: number;
  /** How long a written file is kept, in seconds (default 3 600). */
  keepSeconds?: number;
  /** Asks for a run of the export job (after a job is queued). */
  wake(): void;
}

type ExportRow = typeof reportExport.$inferSelect;

/** The part of an export file's signed link that is signed: `<id>.<expires, Unix seconds>`. */
const signedPart = (id: string, expires: number) => `${id}.${expires}`;

/**
 * Report exports: answered at once when small, else queued as a job of `analytics.report-exports`
 * (this class's {@link runPending}), with progress, a file kept `keepSeconds`, and signed download
 * links (HMAC of the token service: id and expiry) valid `linkTtlSeconds`.
 */
export class ReportExports {
  private readonly linkTtl: number;
  private readonly keep: number;
  private readonly sheetRows: number;

  constructor(
    private readonly database: Database,
    private readonly scenarios: ScenariosService,
    private readonly tokens: TokenService,
    private readonly options: ReportExportsOptions,
  ) {
    this.linkTtl = options.linkTtlSeconds ?? 900;
    this.keep = options.keepSeconds ?? 3_600;
    this.sheetRows = options.sheetRows ?? XLSX_MAX_ROWS;
  }

  /**
   * Exports `reportId` with the filters `query` for `user` (within their scope): a file to send
   * now when its estimated rows are at most `syncRows`, else a queued job (answer 202). An XLSX
   * estimated beyond a sheet's rows becomes CSV with a notice.
   * @throws AppError 404 ANALYTICS.REPORT_NOT_FOUND | ANALYTICS.NODE_NOT_FOUND, 400 ANALYTICS.INVALID.
   */
  async start(user: AuthUser, reportId: string, query: ReportQuery, format: ExportFormat, locale: ReportLocale): Promise<{ file: ExportFile } | { job: ExportDto }> {
    const { report, ctx } = await reportContext(this.database, this.scenarios, user, reportId, query);
    const estimate = report.estimate ? await report.estimate(ctx) : 0;
    const overflow = format === 'xlsx' && estimate >= this.sheetRows;
    const actual: ExportFormat = overflow ? 'csv' : format;
    if (this.options.syncRows > 0 && estimate <= this.options.syncRows) {
      return { file: { fileName: fileNameOf(report, ctx, actual), format: actual, notice: overflow ? overflowNotice(locale, this.sheetRows) : null, body: this.stream(report, ctx, actual, locale) } };
    }
    const [row] = await this.database.db.insert(reportExport).values({
      id: newId('rex'), userId: user.id, report: report.id, query, format: actual, locale, status: 'pending', rowsTotal: estimate,
      notice: overflow ? overflowNotice(locale, this.sheetRows) : null, expiresAt: new Date(Date.now() + this.keep * 1000),
    }).returning();
    this.options.wake();
    return { job: this.toDto(row as ExportRow) };
  }

  /** A readable of the run written in `format` (CSV chunks, or the XLSX writer's output). */
  private stream(report: ReportDefinition, ctx: ReportContext, format: ExportFormat, locale: ReportLocale): Readable {
    if (format === 'csv') return Readable.from(csvOf(report, ctx, locale));
    const out = new PassThrough();
    writeXlsx(report, ctx, locale, out, undefined, this.sheetRows).catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
    return out;
  }

  /** One of `user`'s exports. @throws AppError 404 ANALYTICS.EXPORT_NOT_FOUND (unknown, another user's, or purged). */
  async get(user: AuthUser, id: string): Promise<ExportDto> {
    const [row] = await this.database.db.select().from(reportExport).where(and(eq(reportExport.id, id), eq(reportExport.userId, user.id)));
    if (!row) throw AnalyticsErrors.exportNotFound(id);
    return this.toDto(row);
  }

  /** `user`'s latest exports (at most 20), newest first. */
  async list(user: AuthUser): Promise<ExportDto[]> {
    const found = await this.database.db.select().from(reportExport).where(eq(reportExport.userId, user.id)).orderBy(desc(reportExport.createdAt), desc(reportExport.id)).limit(20);
    return found.map((r) => this.toDto(r));
  }

  /**
   * A signed link to a done export's file, valid `ttlSeconds` (never past the file's own expiry).
   * For links in mail, where the file is kept longer.
   */
  link(id: string, fileExpiresAt: Date, ttlSeconds = this.linkTtl): { url: string; expiresAt: string } {
    const expires = Math.min(Math.floor(Date.now() / 1000) + ttlSeconds, Math.floor(fileExpiresAt.getTime() / 1000));
    const signature = this.tokens.derive('report-file', signedPart(id, expires));
    return { url: `${this.options.publicUrl}/api/analytics/report-files/${id}?expires=${expires}&signature=${signature}`, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /**
   * The file of a signed link.
   * @throws AppError 404 ANALYTICS.EXPORT_NOT_FOUND (a wrong signature, an unknown export), 410
   *   ANALYTICS.LINK_EXPIRED (the link or the file has expired).
   */
  async download(id: string, expires: number, signature: string): Promise<ExportFile> {
    const expected = Buffer.from(this.tokens.derive('report-file', signedPart(id, expires)));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw AnalyticsErrors.exportNotFound(id);
    if (expires * 1000 <= Date.now()) throw AnalyticsErrors.linkExpired();
    const [row] = await this.database.db.select().from(reportExport).where(eq(reportExport.id, id));
    if (!row || row.status !== 'done' || !row.fileName) throw AnalyticsErrors.linkExpired();
    const path = this.pathOf(row);
    if (!(await stat(path).then(() => true, () => false))) throw AnalyticsErrors.linkExpired();
    return { fileName: row.fileName, format: row.format, notice: row.notice, body: createReadStream(path) };
  }

  /**
   * Writes a done export for scheduled work (no HTTP request): the file of `report` run by `user`
   * with `query`, kept `keepSeconds`. Resolves with the export's row id, file name, format and
   * rows; the caller reads the file with {@link readFile} or links it with {@link link}.
   * @throws as {@link start}.
   */
  async write(user: AuthUser, reportId: string, query: ReportQuery, format: ExportFormat, locale: ReportLocale, keepSeconds: number): Promise<ExportRow> {
    const [row] = await this.database.db.insert(reportExport).values({
      id: newId('rex'), userId: user.id, report: reportId, query, format, locale, status: 'running', expiresAt: new Date(Date.now() + keepSeconds * 1000),
    }).returning();
    return this.execute(user, row as ExportRow);
  }

  /** The bytes of a done export's file. */
  async readFile(row: ExportRow): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of createReadStream(this.pathOf(row))) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /**
   * The job's run: purges expired exports (rows and files), then runs queued exports one at a time
   * until none is left: each is claimed with a lease (`FOR UPDATE SKIP LOCKED`, 10 minutes, so an
   * export whose process died is taken again), written to the data directory with its progress
   * recorded as it goes, and marked `done` or `failed`.
   */
  async runPending(users: (userId: string) => Promise<AuthUser | null>): Promise<void> {
    await this.purge();
    for (;;) {
      const [claimed] = await rows<{ id: string }>(this.database.db, sql`
        update analytics.report_export set status = 'running', lease_until = now() + interval '10 minutes'
        where id = (select id from analytics.report_export
                    where status = 'pending' or (status = 'running' and lease_until < now())
                    order by created_at, id limit 1 for update skip locked)
        returning id`);
      if (!claimed) return;
      const [row] = await this.database.db.select().from(reportExport).where(eq(reportExport.id, claimed.id));
      if (!row) continue;
      const user = await users(row.userId);
      if (!user) {
        await this.database.db.update(reportExport).set({ status: 'failed', error: 'The user who asked for this export no longer exists', finishedAt: new Date() }).where(eq(reportExport.id, row.id));
        continue;
      }
      await this.execute(user, row).catch(() => undefined);
    }
  }

  /** Writes `row`'s file, recording progress at most every 250 ms, then `done` (or `failed` with the error, rethrown). */
  private async execute(user: AuthUser, row: ExportRow): Promise<ExportRow> {
    let last = 0;
    const progress = (n: number) => {
      if (Date.now() - last < 250) return;
      last = Date.now();
      void this.database.db.update(reportExport).set({ rowsDone: n }).where(eq(reportExport.id, row.id)).catch(() => undefined);
    };
    try {
      const locale = row.locale;
      const { report, ctx } = await reportContext(this.database, this.scenarios, user, row.report, row.query as ReportQuery);
      await mkdir(this.options.dir, { recursive: true });
      let format = row.format;
      let notice = row.notice;
      let done = 0;
      const counting = (n: number) => {
        done = n;
        progress(n);
      };
      if (format === 'xlsx') {
        try {
          await pipelineXlsx(report, ctx, locale, this.pathOf({ ...row, format }), counting, this.sheetRows);
        } catch (err) {
          if (!(err instanceof TooManyRows)) throw err;
          await rm(this.pathOf({ ...row, format }), { force: true });
          format = 'csv';
          notice = overflowNotice(locale, this.sheetRows);
        }
      }
      if (format === 'csv') await pipeline(Readable.from(csvOf(report, ctx, locale, counting)), createWriteStream(this.pathOf({ ...row, format })));
      const [updated] = await this.database.db.update(reportExport).set({
        status: 'done', format, notice, rowsDone: done, rowsTotal: row.rowsTotal ?? done, fileName: fileNameOf(report, ctx, format), finishedAt: new Date(), leaseUntil: null,
      }).where(eq(reportExport.id, row.id)).returning();
      return updated as ExportRow;
    } catch (err) {
      await this.database.db.update(reportExport).set({ status: 'failed', error: (err instanceof Error ? err.message : String(err)).slice(0, 500), finishedAt: new Date(), leaseUntil: null })
        .where(eq(reportExport.id, row.id));
      throw err;
    }
  }

  /** Deletes expired exports and their files. */
  private async purge(): Promise<void> {
    const expired = await this.database.db.delete(reportExport).where(lt(reportExport.expiresAt, new Date())).returning();
    await Promise.all(expired.map((r) => rm(this.pathOf(r), { force: true })));
  }

  private pathOf(row: Pick<ExportRow, 'id' | 'format'>): string {
    return join(this.options.dir, `${row.id}.${row.format}`);
  }

  private toDto(r: ExportRow): ExportDto {
    return {
      id: r.id, report: r.report, format: r.format, status: r.status, rowsDone: r.rowsDone, rowsTotal: r.rowsTotal, fileName: r.fileName, notice: r.notice, error: r.error,
      download: r.status === 'done' ? this.link(r.id, r.expiresAt) : null,
      createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null,
    };
  }
}

/** Writes the XLSX of a run to the file `path` (sheets of `sheetRows` rows: see {@link writeXlsx}). */
async function pipelineXlsx(report: ReportDefinition, ctx: ReportContext, locale: ReportLocale, path: string, progress: (rows: number) => void, sheetRows: number): Promise<void> {
  const out = createWriteStream(path);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  try {
    await writeXlsx(report, ctx, locale, out, progress, sheetRows);
  } catch (err) {
    // The zip's pending writes fail on the destroyed stream: the file is dropped, so is that error.
    closed.catch(() => undefined);
    out.destroy();
    throw err;
  }
  await closed;
}
