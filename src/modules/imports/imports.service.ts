import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { count, desc, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { CatalogContract } from '../catalog/index.js';
import type { IdentityContract } from '../identity/index.js';
import type { ImportedOrder, ImportedReturn, OrdersContract } from '../orders/index.js';
import type { Tx } from '../../platform/db/index.js';
import { importJob } from './db/schema.js';
import { analyzeOnlineRetail, categoryTree, ImportRefusedError, type DateFormat, type ImportPlan, type RejectedRow } from './online-retail/index.js';

/**
 * Called inside each transaction that writes a batch of imported orders or returns, after they are
 * written (analytics records them as sale facts there, so both commit or neither). `categories`
 * maps each SKU of the import to the leaf category the catalog import gave it.
 */
export type ImportedHistoryHook = (
  tx: Tx, source: string, batch: { orders: ImportedOrder[]; returns: ImportedReturn[] }, categories: ReadonlyMap<string, string>,
) => Promise<void>;

/** The source name recorded on everything an Online Retail import creates. */
export const ONLINE_RETAIL = 'online-retail';

/** Options of an Online Retail import. */
export interface ImportOptions {
  /** Skip detection and read dates this way (`dmy`, `mdy`, `ymd`). */
  dateFormat?: DateFormat;
  /** Opening stock receipt per new variant (default 100). */
  openingStock?: number;
  /** List every rejected row in the report (default: the first 1,000; the counts are always exact). */
  allRejected?: boolean;
}

/** Progress of an import: `phase` and how many rows (or records, when writing) are done. */
export interface ImportProgress {
  phase: 'queued' | 'detect' | 'analyze' | 'products' | 'customers' | 'orders' | 'done';
  rows: number;
  total?: number;
}

/** What an import did. Dates ISO 8601 UTC. */
export interface ImportReport {
  source: string;
  file: string;
  dateFormat: DateFormat;
  dateFormatDetected: boolean;
  period: { first: string; last: string } | null;
  counts: { read: number; imported: number; rejected: number };
  /** Rejected rows in line order, with 1-based line number and reason: the first 1,000, or all with `allRejected` (counts are exact). */
  rejected: RejectedRow[];
  created: { products: number; customers: number; orders: number; returns: number };
  durationMs: number;
}

/** An import job as the API shows it. */
export interface ImportJobDto {
  id: string;
  source: string;
  filename: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'refused';
  progress: ImportProgress;
  report: ImportReport | null;
  error: { code: string; detail: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const BATCH = { products: 1_000, customers: 2_000, orders: 500 };

/** Leaf category name → path from the root, from the analyzer's rule set. */
function categoryPaths(): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  for (const parent of categoryTree()) {
    for (const leaf of parent.children) paths.set(leaf, parent.name === leaf ? [leaf] : [parent.name, leaf]);
  }
  return paths;
}

/**
 * Imports Online Retail files (UCI, CC BY 4.0, https://doi.org/10.24432/C5BW33): analyses the
 * whole file first (streamed twice: date format detection, then validation), refuses it before
 * writing anything when it cannot be read safely, then writes products, customers and historical
 * orders/returns in batches, each batch one transaction, through the owning modules' contracts.
 * Everything is keyed by the source's identifiers, so re-importing a file changes nothing.
 */
export class ImportsService {
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly database: Database,
    private readonly deps: { catalog: CatalogContract; identity: IdentityContract; orders: OrdersContract; onHistory?: ImportedHistoryHook },
    private readonly log: Logger,
    private readonly uploadDir: string,
  ) {}

  /**
   * Runs an import of `file` now and returns its report.
   * @throws ImportRefusedError (codes IMPORT.MISSING_COLUMNS, IMPORT.DATE_FORMAT_AMBIGUOUS, IMPORT.EMPTY_FILE) before writing anything.
   */
  async importOnlineRetail(file: string, options: ImportOptions = {}, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
    const started = Date.now();
    const all: RejectedRow[] | null = options.allRejected ? [] : null;
    const plan = await analyzeOnlineRetail(() => createReadStream(file), {
      dateFormat: options.dateFormat,
      onProgress: (p) => onProgress?.({ phase: p.phase, rows: p.rows }),
      ...(all ? { onRejected: (row: RejectedRow) => all.push(row) } : {}),
    });
    const created = await this.write(plan, options.openingStock ?? 100, onProgress);
    onProgress?.({ phase: 'done', rows: plan.counts.read });
    return {
      source: ONLINE_RETAIL,
      file: file.split('/').pop() ?? file,
      dateFormat: plan.dateFormat,
      dateFormatDetected: plan.dateFormatDetected,
      period: plan.period,
      counts: { read: plan.counts.read, imported: plan.counts.accepted, rejected: plan.counts.rejected },
      rejected: all ? all.sort((a, b) => a.line - b.line) : plan.rejected,
      created,
      durationMs: Date.now() - started,
    };
  }

  private async write(plan: ImportPlan, openingStock: number, onProgress?: (p: ImportProgress) => void) {
    const created = { products: 0, customers: 0, orders: 0, returns: 0 };
    const paths = categoryPaths();
    const products = plan.products.map((p) => ({
      sku: p.sku, title: p.title, description: p.description, price: p.price, currency: p.currency,
      categoryPath: paths.get(p.category) ?? [p.category],
    }));
    for (let i = 0; i < products.length; i += BATCH.products) {
      const batch = products.slice(i, i + BATCH.products);
      const r = await this.database.transaction((tx) => this.deps.catalog.importProducts(tx, batch, openingStock));
      created.products += r.created;
      onProgress?.({ phase: 'products', rows: Math.min(i + BATCH.products, products.length), total: products.length });
    }
    const customerIds = new Map<string, string>();
    for (let i = 0; i < plan.customers.length; i += BATCH.customers) {
      const batch = plan.customers.slice(i, i + BATCH.customers);
      const { ids, created: fresh } = await this.database.transaction((tx) => this.deps.identity.importCustomers(tx, ONLINE_RETAIL, batch));
      for (const [k, v] of ids) customerIds.set(k, v);
      created.customers += fresh;
      onProgress?.({ phase: 'customers', rows: Math.min(i + BATCH.customers, plan.customers.length), total: plan.customers.length });
    }
    const orders = plan.orders.map((o) => ({
      externalRef: o.invoiceNo, customerId: o.customerExternalId ? (customerIds.get(o.customerExternalId) ?? null) : null,
      country: o.country, placedAt: o.placedAt, currency: plan.currency, lines: o.lines, fees: o.fees,
    }));
    const returns = plan.returns.map((r) => ({
      externalRef: r.invoiceNo, customerId: r.customerExternalId ? (customerIds.get(r.customerExternalId) ?? null) : null,
      returnedAt: r.returnedAt, currency: plan.currency,
      lines: r.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice, originalRef: l.originalInvoiceNo })),
      fees: r.fees,
    }));
    const categories = new Map(products.map((p) => [p.sku, p.categoryPath[p.categoryPath.length - 1] ?? '']));
    const total = orders.length + returns.length;
    // Orders first (returns link to them), each batch one transaction.
    for (let i = 0; i < orders.length; i += BATCH.orders) {
      const r = await this.database.transaction(async (tx) => {
        const batch = { orders: orders.slice(i, i + BATCH.orders), returns: [] };
        const written = await this.deps.orders.importHistory(tx, ONLINE_RETAIL, batch);
        await this.deps.onHistory?.(tx, ONLINE_RETAIL, batch, categories);
        return written;
      });
      created.orders += r.orders;
      onProgress?.({ phase: 'orders', rows: Math.min(i + BATCH.orders, orders.length), total });
    }
    for (let i = 0; i < returns.length; i += BATCH.orders) {
      const r = await this.database.transaction(async (tx) => {
        const batch = { orders: [], returns: returns.slice(i, i + BATCH.orders) };
        const written = await this.deps.orders.importHistory(tx, ONLINE_RETAIL, batch);
        await this.deps.onHistory?.(tx, ONLINE_RETAIL, batch, categories);
        return written;
      });
      created.returns += r.returns;
      onProgress?.({ phase: 'orders', rows: orders.length + Math.min(i + BATCH.orders, returns.length), total });
    }
    return created;
  }

  // ------------------------------------------------------------ background jobs

  /**
   * Stores an uploaded file and queues its import; returns the queued job at once.
   * @throws 413 REQUEST.BODY_TOO_LARGE when the upload was cut at the size limit.
   */
  async submit(upload: Readable & { truncated?: boolean }, filename: string, options: ImportOptions, userId: string | null): Promise<ImportJobDto> {
    const id = newId('imp');
    mkdirSync(this.uploadDir, { recursive: true });
    const path = join(this.uploadDir, `${id}.csv`);
    await pipeline(upload, createWriteStream(path));
    if (upload.truncated) throw new AppError('REQUEST.BODY_TOO_LARGE', 413, 'The uploaded file is larger than this server accepts');
    if (statSync(path).size === 0) throw new AppError('IMPORT.EMPTY_FILE', 400, 'The uploaded file is empty');
    await this.database.db.insert(importJob).values({ id, source: ONLINE_RETAIL, filename: filename.slice(0, 255), options: { ...options }, createdBy: userId });
    this.enqueue(id);
    return this.get(id);
  }

  private enqueue(id: string) {
    this.queue = this.queue.then(() => this.runJob(id)).catch((err) => this.log.error({ err, jobId: id }, 'import job crashed'));
  }

  private async runJob(id: string) {
    if (this.stopping) return;
    const [job] = await this.database.db.select().from(importJob).where(eq(importJob.id, id));
    if (!job) return;
    const path = join(this.uploadDir, `${id}.csv`);
    const finish = (values: Partial<typeof importJob.$inferInsert>) =>
      this.database.db.update(importJob).set({ ...values, finishedAt: new Date() }).where(eq(importJob.id, id));
    if (!existsSync(path)) {
      await finish({ status: 'failed', error: JSON.stringify({ code: 'IMPORT.FILE_MISSING', detail: 'The uploaded file is no longer on disk' }) });
      return;
    }
    await this.database.db.update(importJob).set({ status: 'running', startedAt: new Date() }).where(eq(importJob.id, id));
    let last = 0;
    let pending: ImportProgress | undefined;
    const flush = async () => {
      if (!pending) return;
      const p = pending;
      pending = undefined;
      await this.database.db.update(importJob).set({ progress: p }).where(eq(importJob.id, id));
    };
    try {
      const report = await this.importOnlineRetail(path, job.options as ImportOptions, (p) => {
        pending = p;
        if (Date.now() - last > 500) {
          last = Date.now();
          void flush().catch(() => undefined);
        }
      });
      report.file = job.filename;
      await finish({ status: 'succeeded', report: report as unknown as Record<string, unknown>, progress: { phase: 'done', rows: report.counts.read } });
      this.log.info({ jobId: id, counts: report.counts, created: report.created }, 'import finished');
    } catch (err) {
      const refused = err instanceof ImportRefusedError;
      const error = refused ? { code: err.code, detail: err.message } : { code: 'IMPORT.FAILED', detail: err instanceof Error ? err.message : String(err) };
      if (!refused) this.log.error({ err, jobId: id }, 'import failed');
      await finish({ status: refused ? 'refused' : 'failed', error: JSON.stringify(error) });
    }
  }

  /** Re-queues jobs a previous process left queued or running (imports are idempotent, so resuming is safe). */
  async resume(): Promise<void> {
    const left = await this.database.db.select({ id: importJob.id }).from(importJob).where(inArray(importJob.status, ['queued', 'running'])).orderBy(importJob.createdAt);
    for (const { id } of left) this.enqueue(id);
  }

  /** Stops taking queued jobs; the job in progress is resumed at the next start. */
  stop(): void {
    this.stopping = true;
  }

  /** One job. @throws 404 IMPORT.NOT_FOUND. */
  async get(id: string): Promise<ImportJobDto> {
    const [job] = await this.database.db.select().from(importJob).where(eq(importJob.id, id));
    if (!job) throw notFound('IMPORT.NOT_FOUND', `No import ${id}`);
    return toDto(job);
  }

  /** Jobs, newest first. */
  async list(page: number, limit: number) {
    const [total] = await this.database.db.select({ n: count() }).from(importJob);
    const jobs = await this.database.db.select().from(importJob).orderBy(desc(importJob.createdAt), desc(importJob.id)).limit(limit).offset((page - 1) * limit);
    return { data: jobs.map(toDto), pagination: { total: Number(total?.n ?? 0), limit, page } };
  }
}

function toDto(job: typeof importJob.$inferSelect): ImportJobDto {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: job.id, source: job.source, filename: job.filename, status: job.status,
    progress: job.progress as ImportProgress, report: (job.report as ImportReport | null) ?? null,
    error: job.error ? (JSON.parse(job.error) as { code: string; detail: string }) : null,
    createdAt: iso(job.createdAt)!, startedAt: iso(job.startedAt), finishedAt: iso(job.finishedAt),
  };
}
