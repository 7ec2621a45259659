import { desc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { bulkInsert, pgErrorCode, runAfterCommit, type Database, type Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import type { CatalogReads } from '../catalog/index.js';
import type { OrderSnapshot, OrdersContract } from '../orders/index.js';
import { serviceCode } from '../imports/index.js';
import { build, candidate, item, neighbour, webBasket } from './db/schema.js';
import { buyAgain, coOccurrence, easeScores, fitEase, knnScores, neighbours, type Basket } from './domain/model.js';
import { SERVED } from './domain/served.js';
import { RecommendationsErrors } from './recommendations.errors.js';

/** The history sources a build reads through the orders contract (imported invoices). */
const HISTORY_SOURCES = ['online-retail'];
const PAGE = 5_000;

/** A model build as the API shows it (times ISO 8601 UTC; `durationMs` in ms, `peakMemoryMb` the process's peak resident memory during the build, MB). */
export interface BuildDto {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  trigger: string;
  baskets: number | null;
  items: number | null;
  customers: number | null;
  durationMs: number | null;
  peakMemoryMb: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

const toDto = (r: typeof build.$inferSelect): BuildDto => ({
  id: r.id, status: r.status, trigger: r.trigger, baskets: r.baskets, items: r.items, customers: r.customers,
  durationMs: r.durationMs, peakMemoryMb: r.peakMemoryMb, error: r.error,
  startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null,
});

/** The distinct product SKUs of order lines (service and fee codes left out). */
export function productSkus(lines: readonly { sku: string }[]): string[] {
  return [...new Set(lines.map((l) => l.sku).filter((s) => !serviceCode(s.toUpperCase())))];
}

/**
 * Builds the model from the order history and keeps its co-purchase counts current between
 * builds. A build reads every imported invoice (orders contract, `historyPage`) and every
 * confirmed web order (this module's `web_basket`), fits the models of `domain/model.ts` and
 * replaces the module's `neighbour`, `item` and `candidate` rows in one transaction; reads
 * never compute.
 */
export class ModelBuilder {
  constructor(
    private readonly database: Database,
    private readonly deps: { catalog: CatalogReads; orders: Pick<OrdersContract, 'historyPage'> },
    private readonly log: Logger,
    /** The reads' neighbour cache, cleared once new counts are committed. */
    private readonly neighbourCache: { clear(): void },
  ) {}

  /**
   * Records a new running build (`trigger`: cli, api, import, schedule) and returns it; run it with {@link run}.
   * @throws 409 RECOMMENDATIONS.BUILD_RUNNING (with `buildId`) when a build is running.
   */
  async start(trigger: string): Promise<BuildDto> {
    const id = newId('rbld');
    try {
      const [row] = await this.database.db.insert(build).values({ id, status: 'running', trigger }).returning();
      return toDto(row!);
    } catch (err) {
      if (pgErrorCode(err)?.code !== '23505') throw err;
      const [running] = await this.database.db.select({ id: build.id }).from(build).where(eq(build.status, 'running')).limit(1);
      throw RecommendationsErrors.buildRunning(running?.id ?? 'unknown');
    }
  }

  /** One build. @throws 404 RECOMMENDATIONS.BUILD_NOT_FOUND. */
  async get(id: string): Promise<BuildDto> {
    const [row] = await this.database.db.select().from(build).where(eq(build.id, id));
    if (!row) throw RecommendationsErrors.buildNotFound(id);
    return toDto(row);
  }

  /** The latest builds, newest first (at most `limit`). */
  async list(limit: number): Promise<BuildDto[]> {
    return (await this.database.db.select().from(build).orderBy(desc(build.startedAt), desc(build.id)).limit(limit)).map(toDto);
  }

  /** Starts a build and waits for it (CLI, jobs). @throws 409 RECOMMENDATIONS.BUILD_RUNNING. */
  async buildNow(trigger: string): Promise<BuildDto> {
    const started = await this.start(trigger);
    return this.run(started.id);
  }

  /** Runs the recorded build `id` to its end and returns it `succeeded` or `failed` (the error is kept, never thrown). */
  async run(id: string): Promise<BuildDto> {
    const t0 = Date.now();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    sampler.unref();
    try {
      const figures = await this.compute();
      peak = Math.max(peak, process.memoryUsage().rss);
      await this.database.db.update(build).set({
        status: 'succeeded', ...figures, durationMs: Date.now() - t0, peakMemoryMb: Math.round(peak / 1_048_576), finishedAt: new Date(),
      }).where(eq(build.id, id));
    } catch (err) {
      this.log.error({ err, build: id }, 'recommendations build failed');
      await this.database.db.update(build).set({
        status: 'failed', error: err instanceof Error ? err.message : String(err), durationMs: Date.now() - t0, finishedAt: new Date(),
      }).where(eq(build.id, id));
    } finally {
      clearInterval(sampler);
    }
    return this.get(id);
  }

  /** Every basket the model learns from: imported invoices (returns left out), then confirmed web orders. */
  private async baskets(): Promise<Basket[]> {
    const out: Basket[] = [];
    for (const source of HISTORY_SOURCES) {
      for (let after: string | null = null; ;) {
        const page = await this.deps.orders.historyPage(source, 'orders', after, PAGE);
        for (const h of page) {
          const items = productSkus(h.lines);
          if (items.length > 0) out.push({ customer: h.customerId, at: Date.parse(h.at), items });
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.id;
      }
    }
    const web = await this.database.db.select().from(webBasket);
    for (const w of web) out.push({ customer: w.customerId, at: w.placedAt.getTime(), items: w.skus });
    return out;
  }

  private async compute(): Promise<{ baskets: number; items: number; customers: number }> {
    const baskets = await this.baskets();
    const co = coOccurrence(baskets, SERVED.recentDays);
    const lists = neighbours(co, SERVED.similarity, SERVED.neighbours);
    const ease = co.skus.length > 0 ? await fitEase(co, SERVED.easeItems, SERVED.easeLambda) : null;
    const categories = new Map<string, string>();
    for (let i = 0; i < co.skus.length; i += 1_000) {
      for (const v of await this.deps.catalog.variantsBySku(co.skus.slice(i, i + 1_000))) categories.set(v.sku, v.categoryIds[v.categoryIds.length - 1] ?? '');
    }
    const neighbourRows = lists.flatMap((list, i) => list.map((n) => ({ sku: co.skus[i]!, otherSku: co.skus[n.item]!, support: n.support, score: n.score })));
    const itemRows = co.skus.map((sku, i) => ({ sku, categoryId: categories.get(sku) ?? null, baskets: co.counts[i]!, recent: co.recent[i]! }));
    const histories = new Map<string, Set<number>>();
    for (const b of baskets) {
      if (!b.customer) continue;
      let s = histories.get(b.customer);
      if (!s) histories.set(b.customer, (s = new Set()));
      for (const sku of b.items) s.add(co.index.get(sku)!);
    }
    const candidateRows: (typeof candidate.$inferInsert)[] = [];
    for (const [customerId, own] of histories) {
      const hist = [...own];
      const picked = ease ? easeScores(ease, hist, SERVED.candidates) : [];
      const seen = new Set(picked.map((n) => n.item));
      for (const n of knnScores(lists, hist, SERVED.candidates, seen)) if (picked.length < SERVED.candidates) picked.push(n);
      picked.forEach((n, r) => candidateRows.push({ customerId, kind: 'for-you', rank: r + 1, sku: co.skus[n.item]!, score: n.score, times: null, everyDays: null }));
    }
    for (const [customerId, repeats] of buyAgain(baskets, co.now, SERVED.candidates)) {
      repeats.forEach((r, n) => candidateRows.push({ customerId, kind: 'buy-again', rank: n + 1, sku: r.sku, score: r.score, times: r.times, everyDays: r.everyDays }));
    }
    await this.database.transaction(async (tx) => {
      await tx.delete(neighbour);
      await tx.delete(item);
      await tx.delete(candidate);
      await bulkInsert(tx, neighbour, neighbourRows);
      await bulkInsert(tx, item, itemRows);
      await bulkInsert(tx, candidate, candidateRows);
    });
    this.neighbourCache.clear();
    return { baskets: baskets.length, items: co.skus.length, customers: histories.size };
  }

  /**
   * `order.confirmed` (inside the relay's `tx`): keeps the order as a web basket and adds it to
   * the co-purchase counts at once (+1 per pair, new pairs scored 0 until the next build; +1 per
   * item). Idempotent: an order already kept changes nothing.
   */
  async confirmed(tx: Tx, order: OrderSnapshot): Promise<void> {
    const skus = productSkus(order.lines);
    if (skus.length === 0) return;
    const inserted = await tx.insert(webBasket).values({ orderId: order.id, customerId: order.customerId, placedAt: new Date(order.placedAt), skus })
      .onConflictDoNothing().returning({ orderId: webBasket.orderId });
    if (inserted.length > 0) await this.count(tx, skus, 1);
  }

  /** `order.cancelled`: a kept web basket is dropped and taken out of the counts (−1); others change nothing. */
  async cancelled(tx: Tx, orderId: string): Promise<void> {
    const [gone] = await tx.delete(webBasket).where(eq(webBasket.orderId, orderId)).returning({ skus: webBasket.skus });
    if (gone) await this.count(tx, gone.skus, -1);
  }

  /**
   * `user.erased`: the customer's candidates go, and their web baskets stay as anonymous baskets
   * (customer id removed), so the co-purchase counts of everyone else do not move.
   */
  async erased(tx: Tx, customerId: string): Promise<void> {
    await tx.delete(candidate).where(eq(candidate.customerId, customerId));
    await tx.update(webBasket).set({ customerId: null }).where(eq(webBasket.customerId, customerId));
  }

  private async count(tx: Tx, skus: string[], delta: 1 | -1): Promise<void> {
    if (!runAfterCommit(tx, () => this.neighbourCache.clear())) this.neighbourCache.clear();
    const list = sql`${sql.param(skus)}::text[]`;
    if (delta < 0) {
      await tx.execute(sql`update recommendations.neighbour set support = greatest(support - 1, 0) where sku = any(${list}) and other_sku = any(${list})`);
      await tx.execute(sql`update recommendations.item set baskets = greatest(baskets - 1, 0), recent = greatest(recent - 1, 0) where sku = any(${list})`);
      return;
    }
    await tx.execute(sql`
      insert into recommendations.neighbour (sku, other_sku, support, score)
      select a, b, 1, 0 from unnest(${list}) a cross join unnest(${list}) b where a <> b
      on conflict (sku, other_sku) do update set support = recommendations.neighbour.support + 1`);
    await tx.execute(sql`
      insert into recommendations.item (sku, baskets, recent) select s, 1, 1 from unnest(${list}) s
      on conflict (sku) do update set baskets = recommendations.item.baskets + 1, recent = recommendations.item.recent + 1`);
  }
}
