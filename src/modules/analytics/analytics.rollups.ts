import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';

/** Name of the rollup state row of the sales rollups (`analytics.rollup_state`). */
export const SALES_ROLLUP = 'sales';

/** Facts aggregated per transaction by a catch-up (a 50,000-line chunk takes ~1 s on 2 cores). */
export const DEFAULT_CHUNK = 50_000;

/** Label of the category of lines sold without one (rollup keys cannot be null). */
export const NO_CATEGORY = '(none)';

/** The rollup tables (schema `analytics`), all derived from `sale_line`. */
export const ROLLUP_TABLES = ['sales_day_store', 'sales_month_store', 'sales_day_category', 'sales_month_category', 'sales_month_product', 'sales_month_company_product', 'sales_month_customer', 'sales_month_company_customer', 'receipt'] as const;

/** Progress of the sales rollups (`analytics.rollup_state` row `sales`). */
export interface RollupState {
  /** Facts with `id <= lastFactId` are in the rollups. */
  lastFactId: number;
  /** Grows by one with each catch-up that added facts and with each rebuild (cache keys use it). */
  version: number;
  /** When the last catch-up that added facts (or the last rebuild) committed (ISO UTC). */
  caughtUpAt: string;
  /** True when facts with `id > lastFactId` exist (a catch-up is due). */
  backlog: boolean;
  /**
   * The instant up to which every recorded fact is in the rollups (ISO UTC): `caughtUpAt` without
   * backlog, else the `recorded_at` of the last fact included.
   */
  dataAsOf: string;
}

/** What one call of {@link RollupService.catchUp} or {@link RollupService.rebuild} did. */
export interface CatchUpResult {
  /** Facts aggregated. */
  facts: number;
  /** Transactions committed (one per chunk; a rebuild is one transaction). */
  chunks: number;
  /** The watermark after the run. */
  lastFactId: number;
  version: number;
  durationMs: number;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

/**
 * The sales rollups, maintained incrementally behind a watermark: `sales_day_store` (day × store:
 * revenue, tax, discount, cost and costed revenue, units, returns, lines, transactions) and
 * `sales_month_store` (the same by month),
 * `sales_day_category` (day × store × category), `sales_month_category`, `sales_month_product`
 * (month × store × SKU × category), `sales_month_customer` (month × store × customer: the RFM
 * analysis's source) and `receipt` (the receipts already counted as transactions).
 *
 * Why tables and a watermark rather than materialized views: a materialized view can only be
 * refreshed whole (`REFRESH … CONCURRENTLY` recomputes every row from the 10M-line fact table and
 * diffs it, minutes of work for a 100-line web order), and PGlite's single connection gains
 * nothing from the concurrent variant. The fact table is append-only, so the rollups are sums
 * that new facts only add to: each catch-up aggregates the facts after the watermark (in id order,
 * bounded chunks) with one `INSERT … ON CONFLICT DO UPDATE` per rollup and advances the watermark
 * in the same transaction, which keeps readers unblocked and the rollups exactly the facts up to
 * `last_fact_id`. Ids become visible in order because facts are inserted under an advisory lock
 * (`analytics.facts.ts`), so a watermark never skips a fact committed late.
 *
 * Definitions per rollup row: `cost` = Σ quantity × unit_cost and `costed_revenue` = Σ net revenue
 * over lines with a known unit cost only; `returned_units` = Σ −quantity and `returned_revenue` =
 * Σ −net revenue over lines with quantity < 0 (both positive); the day is `local_at::date` (the
 * store's calendar); `transactions` counts receipts (store, day, reference) with at least one line
 * of quantity > 0, each once, on the day of its first such line, whichever chunk brings it;
 * a customer's `receipts` count those receipts whose lines sold in the chunk that first brought
 * them name that customer.
 */
export class RollupService {
  constructor(private readonly database: Database) {}

  /** The rollup state and `dataAsOf`, in one cheap query (primary-key lookups only). */
  async state(db: Executor = this.database.db): Promise<RollupState> {
    const [row] = await rows<{ last_fact_id: string | number; version: string | number; caught_up_at: unknown; backlog: boolean; last_recorded: unknown }>(
      db,
      sql`select s.last_fact_id, s.version, s.caught_up_at,
            coalesce((select max(f.id) from analytics.sale_line f), 0) > s.last_fact_id as backlog,
            (select f.recorded_at from analytics.sale_line f where f.id = s.last_fact_id) as last_recorded
          from analytics.rollup_state s where s.name = ${SALES_ROLLUP}`,
    );
    if (!row) throw new Error(`analytics.rollup_state has no row ${SALES_ROLLUP} (migration 0001 creates it)`);
    const caughtUpAt = iso(row.caught_up_at);
    return {
      lastFactId: Number(row.last_fact_id),
      version: Number(row.version),
      caughtUpAt,
      backlog: row.backlog,
      dataAsOf: row.backlog && row.last_recorded ? iso(row.last_recorded) : caughtUpAt,
    };
  }

  /**
   * Aggregates every fact after the watermark into the rollups, `chunkSize` facts (in id order)
   * per transaction; each transaction also advances the watermark, bumps `version` and sets
   * `caught_up_at`. With nothing to add it writes nothing (the version stays, so cached answers
   * stay valid, and an idle database is never written to). Safe to run concurrently with itself and with {@link rebuild}: each
   * transaction starts by locking the state row. With `budgetMs`, stops after the chunk that
   * crosses it (the background job uses 5 s, so a shutdown never waits for a long backlog).
   */
  async catchUp(options: { chunkSize?: number; budgetMs?: number } = {}): Promise<CatchUpResult> {
    const started = Date.now();
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    let facts = 0;
    let chunks = 0;
    for (;;) {
      if (options.budgetMs !== undefined && Date.now() - started >= options.budgetMs) break;
      // Two index probes first: an idle run takes no lock and writes nothing.
      if (!(await this.state()).backlog) break;
      const step = await this.database.transaction(async (tx) => {
        const watermark = await lockState(tx);
        const added = await aggregateChunk(tx, watermark, chunkSize);
        if (added.facts === 0) return added;
        await tx.execute(sql`update analytics.rollup_state set last_fact_id = ${added.lastFactId}, version = version + 1, caught_up_at = now() where name = ${SALES_ROLLUP}`);
        return added;
      });
      facts += step.facts;
      if (step.facts === 0) break;
      chunks += 1;
    }
    const state = await this.state();
    return { facts, chunks, lastFactId: state.lastFactId, version: state.version, durationMs: Date.now() - started };
  }

  /**
   * Recomputes every rollup from the fact table in one transaction: deletes their rows, resets
   * the watermark, aggregates all facts in chunks (the same code as {@link catchUp}) and bumps the
   * version once. Readers are never blocked: until the commit they read the previous figures (a
   * DELETE, unlike TRUNCATE, takes no lock that readers wait for; a rebuild of 10M facts runs for
   * minutes), then the new ones; never a half-built state. Catch-ups wait for the commit (the
   * state row is locked). The figures equal the incremental ones.
   */
  async rebuild(options: { chunkSize?: number } = {}): Promise<CatchUpResult> {
    const started = Date.now();
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    const { facts, chunks } = await this.database.transaction((tx) => rebuildRollups(tx, chunkSize));
    const state = await this.state();
    return { facts, chunks: chunks > 0 ? 1 : 0, lastFactId: state.lastFactId, version: state.version, durationMs: Date.now() - started };
  }
}

/**
 * The work of {@link RollupService.rebuild} inside the caller's transaction `tx` (which must
 * commit for it to count): locks the state row, empties every rollup (DELETE: readers keep the previous figures), aggregates all facts in
 * chunks of `chunkSize`, sets the watermark and bumps the version once. The chain demo's
 * `--replace` runs it in the transaction that removes the demo's facts.
 * @returns how many facts, in how many chunks.
 */
export async function rebuildRollups(tx: Executor, chunkSize = DEFAULT_CHUNK): Promise<{ facts: number; chunks: number }> {
  await lockState(tx);
  for (const table of ROLLUP_TABLES) await tx.execute(sql`delete from ${sql.identifier('analytics')}.${sql.identifier(table)}`);
  let watermark = 0;
  let total = 0;
  let n = 0;
  for (;;) {
    const added = await aggregateChunk(tx, watermark, chunkSize);
    if (added.facts === 0) break;
    total += added.facts;
    n += 1;
    watermark = added.lastFactId;
  }
  await tx.execute(sql`update analytics.rollup_state set last_fact_id = ${watermark}, version = version + 1, caught_up_at = now() where name = ${SALES_ROLLUP}`);
  return { facts: total, chunks: n };
}

/** Locks the state row for the rest of the transaction; @returns the watermark. */
async function lockState(tx: Executor): Promise<number> {
  const [row] = await rows<{ last_fact_id: string | number }>(tx, sql`select last_fact_id from analytics.rollup_state where name = ${SALES_ROLLUP} for update`);
  if (!row) throw new Error(`analytics.rollup_state has no row ${SALES_ROLLUP}`);
  return Number(row.last_fact_id);
}

/**
 * Adds the facts with `watermark < id <= hi` (the next `chunkSize` ids) to every rollup.
 * @returns how many facts and the new watermark (`hi`); 0 facts when there were none.
 */
async function aggregateChunk(tx: Executor, watermark: number, chunkSize: number): Promise<{ facts: number; lastFactId: number }> {
  const [bound] = await rows<{ hi: string | number | null; n: string | number }>(
    tx,
    sql`select max(id) as hi, count(*) as n from (select id from analytics.sale_line where id > ${watermark} order by id limit ${chunkSize}) c`,
  );
  if (!bound?.hi) return { facts: 0, lastFactId: watermark };
  const hi = Number(bound.hi);
  // The chunk's groups in memory: with the default 4 MB, the hash aggregates of a 50,000-fact
  // chunk spill to disk in 5 batches each.
  await tx.execute(sql`set local work_mem = '64MB'`);
  const chunk = sql`select * from analytics.sale_line where id > ${watermark} and id <= ${hi}`;
  const category = sql.raw(`coalesce(category, '${NO_CATEGORY}')`);
  const sums = sql`coalesce(sum(net_revenue), 0) as net_revenue,
      coalesce(sum(quantity::bigint * unit_cost) filter (where unit_cost is not null), 0) as cost,
      coalesce(sum(net_revenue) filter (where unit_cost is not null), 0) as costed_revenue,
      coalesce(sum(quantity), 0) as units`;
  const add = (table: string, cols: string[]) =>
    sql.raw(cols.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', '));

  const dayMeasures = ['net_revenue', 'cost', 'costed_revenue', 'units', 'tax', 'discount', 'returned_units', 'returned_revenue', 'lines', 'transactions'];
  const list = sql.raw(dayMeasures.join(', '));
  const summed = sql.raw(dayMeasures.map((c) => `sum(${c})`).join(', '));
  await tx.execute(sql`
    with f as (${chunk}),
    new_receipts as (
      insert into analytics.receipt (store_id, day, reference)
      select distinct store_id, local_at::date, reference from f where quantity > 0
      on conflict do nothing
      returning store_id, day, reference
    ),
    t as (select store_id, day, count(*) as n from new_receipts group by store_id, day),
    customer_receipts as (
      select r.store_id, date_trunc('month', r.day)::date as month, r.customer_ref, count(*) as n
      from (select distinct nr.store_id, nr.day, nr.reference, f.customer_ref
        from new_receipts nr join f on f.store_id = nr.store_id and f.local_at::date = nr.day and f.reference = nr.reference
        where f.quantity > 0 and f.customer_ref is not null) r
      group by 1, 2, 3
    ),
    customer_months as (
      select a.store_id, a.month, a.customer_ref, a.currency, a.last_day, coalesce(cr.n, 0) as receipts, a.net_revenue
      from (
        select store_id, date_trunc('month', local_at)::date as month, customer_ref, min(currency) as currency,
          max(local_at::date) filter (where quantity > 0) as last_day, sum(net_revenue) as net_revenue
        from f where customer_ref is not null group by 1, 2, 3
      ) a left join customer_receipts cr on cr.store_id = a.store_id and cr.month = a.month and cr.customer_ref = a.customer_ref
    ),
    c as (
      insert into analytics.sales_month_customer as d (store_id, month, customer_ref, currency, last_day, receipts, net_revenue)
      select store_id, month, customer_ref, currency, last_day, receipts, net_revenue from customer_months
      on conflict (store_id, month, customer_ref) do update set last_day = greatest(d.last_day, excluded.last_day),
        receipts = d.receipts + excluded.receipts, net_revenue = d.net_revenue + excluded.net_revenue
    ),
    cc as (
      insert into analytics.sales_month_company_customer as d (month, customer_ref, currency, last_day, receipts, net_revenue)
      select month, customer_ref, currency, max(last_day), sum(receipts), sum(net_revenue) from customer_months group by month, customer_ref, currency
      on conflict (month, customer_ref, currency) do update set last_day = greatest(d.last_day, excluded.last_day),
        receipts = d.receipts + excluded.receipts, net_revenue = d.net_revenue + excluded.net_revenue
    ),
    a as (
      select store_id, local_at::date as day, min(currency) as currency, ${sums},
        coalesce(sum(tax), 0) as tax, coalesce(sum(discount), 0) as discount,
        coalesce(sum(-quantity) filter (where quantity < 0), 0) as returned_units,
        coalesce(sum(-net_revenue) filter (where quantity < 0), 0) as returned_revenue,
        count(*) as lines
      from f group by store_id, local_at::date
    ),
    ad as (select a.*, coalesce(t.n, 0) as transactions from a left join t on t.store_id = a.store_id and t.day = a.day),
    m as (
      insert into analytics.sales_month_store as d (store_id, month, currency, ${list})
      select store_id, date_trunc('month', day)::date, min(currency), ${summed} from ad group by store_id, date_trunc('month', day)::date
      on conflict (store_id, month) do update set ${add('d', dayMeasures)}
    )
    insert into analytics.sales_day_store as d (store_id, day, currency, ${list})
    select store_id, day, currency, ${list} from ad
    on conflict (store_id, day) do update set ${add('d', dayMeasures)}`);

  const measures = ['net_revenue', 'cost', 'costed_revenue', 'units'];
  await tx.execute(sql`
    insert into analytics.sales_day_category as d (store_id, day, category, currency, net_revenue, cost, costed_revenue, units)
    select store_id, local_at::date, ${category}, min(currency), ${sums}
    from (${chunk}) f group by store_id, local_at::date, ${category}
    on conflict (store_id, day, category) do update set ${add('d', measures)}`);
  await tx.execute(sql`
    insert into analytics.sales_month_category as d (store_id, month, category, currency, net_revenue, cost, costed_revenue, units)
    select store_id, date_trunc('month', local_at)::date, ${category}, min(currency), ${sums}
    from (${chunk}) f group by store_id, date_trunc('month', local_at)::date, ${category}
    on conflict (store_id, month, category) do update set ${add('d', measures)}`);
  await tx.execute(sql`
    insert into analytics.sales_month_product as d (store_id, month, sku, category, currency, net_revenue, cost, costed_revenue, units)
    select store_id, date_trunc('month', local_at)::date, sku, ${category}, min(currency), ${sums}
    from (${chunk}) f group by store_id, date_trunc('month', local_at)::date, sku, ${category}
    on conflict (store_id, month, sku, category) do update set ${add('d', measures)}`);
  await tx.execute(sql`
    insert into analytics.sales_month_company_product as d (month, sku, category, currency, net_revenue, cost, costed_revenue, units)
    select date_trunc('month', local_at)::date, sku, ${category}, currency, ${sums}
    from (${chunk}) f group by date_trunc('month', local_at)::date, sku, ${category}, currency
    on conflict (month, sku, category, currency) do update set ${add('d', measures)}`);
  return { facts: Number(bound.n), lastFactId: hi };
}
