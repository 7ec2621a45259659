/**
 * Targets: yearly revenue, gross-margin and units targets of stores and region nodes (the
 * company is the root region), phased over the 12 months of a fiscal year, the resolution rule
 * the read side uses (a node's own target, else the sum of its stores'), the top-down/bottom-up
 * summary of a node, and the CSV import.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import type { AuthUser } from '../../platform/auth.js';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { rows, textArray } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { AnalyticsErrors, type RejectCode, type RejectedRow } from './analytics.errors.js';
import { analyticsSettings, type AnalyticsSettings } from './analytics.organisation.js';
import { findNode, loadOrg, resolveNode, scopeFor, type Org, type Scope } from './analytics.scope.js';
import { target, targetMonth } from './db/schema.js';
import { daysBetween, daysInMonth, fiscalMonthOf, fiscalYearRange, monthsOfFiscalYear, parts } from './domain/fiscal.js';
import { divideMoney } from './domain/money.js';
import { evenPhasing, largestRemainder, percentagesOf, phasingFromPercentages, phasingFromValues } from './domain/phasing.js';

/** What a target measures: net revenue or gross margin (minor units of `currency`) or units sold. */
export type TargetMetric = 'revenue' | 'gross_margin' | 'units';
/** Where a target is set: a store, or a region node (the company is the root region). */
export type TargetLevel = 'store' | 'region';

/** A target on the wire. */
export interface TargetDto {
  id: string;
  level: TargetLevel;
  nodeId: string;
  /** The store's or region's code. */
  nodeCode: string;
  fiscalYear: number;
  metric: TargetMetric;
  /** The category the target is for; null = all categories. */
  category: string | null;
  /** Yearly amount: minor units of `currency` (revenue, gross margin) or units. */
  amount: number;
  /** ISO 4217; null for units. */
  currency: string | null;
  /** 12 percentages (2 decimals, sum 100), month 1 = the fiscal year's first month. */
  phasing: number[];
  /** The phased amounts, one per calendar month in fiscal order (`month` = `YYYY-MM`); they sum to `amount`. */
  months: { month: string; amount: number }[];
}

/** Body of `PUT /targets`. */
export interface TargetInput {
  level: TargetLevel;
  nodeId: string;
  fiscalYear: number;
  metric: TargetMetric;
  category?: string;
  amount: number;
  currency?: string;
  /** 12 percentages (month 1 = first fiscal month), `even` (default) or `last-year` (the node's monthly share of last fiscal year's net revenue). */
  phasing?: number[] | 'even' | 'last-year';
}

/** What {@link targetFor} resolves: a node's target over a date range. */
export interface TargetQuery {
  /** The node's stores within the caller's scope (a store node: just itself). */
  storeIds: string[];
  nodeKind: 'company' | 'region' | 'store';
  /** The region id (for `company`, the root region's id or the word `company`) or the store id. */
  nodeId: string;
  metric: TargetMetric;
  /** One category; absent or '' = the all-categories target. */
  category?: string;
  /** Inclusive local dates `YYYY-MM-DD`. */
  from: string;
  to: string;
  /**
   * Currency of the answer (default: the store's currency for a store, the reporting currency
   * otherwise). Amounts in other currencies are converted with the month's rate of `exchange_rate`.
   */
  currency?: string;
}

/** A resolved target: `source` says whether it was set at the node or summed from its stores. */
export interface TargetAmount {
  amount: number;
  /** ISO 4217; null for units. */
  currency: string | null;
  source: 'set' | 'stores';
}

/** Answer of `GET /targets/summary`: the target set at a node against the sum of its stores'. */
export interface TargetSummary {
  node: { kind: 'company' | 'region' | 'store'; id: string; code: string; name: string };
  fiscalYear: number;
  metric: TargetMetric;
  /** Currency of every amount (null for units). */
  currency: string | null;
  /** Top-down: the target set at the node; null when none is. */
  set: number | null;
  /** Bottom-up: the sum of the store targets below the node (within scope); 0 when none. */
  stores: number;
  /** `set − stores`; null when nothing is set at the node. */
  gap: number | null;
  months: { month: string; set: number | null; stores: number }[];
}


/** Report of a targets import that was written: how many targets were created or replaced. */
export interface TargetImportReport {
  targets: number;
  rejected: RejectedRow[];
}


/** An exchange rate string (numeric(20,10)) as an integer scaled by 10^10. */
function scaledRate(rate: string): bigint {
  const [whole = '0', frac = ''] = rate.split('.');
  return BigInt(whole) * 10_000_000_000n + BigInt((frac + '0000000000').slice(0, 10));
}

interface MonthRow {
  isSet: boolean;
  month: string;
  amount: number;
  currency: string | null;
}

/** Target months of a node (set at it, and of its stores) from `fromMonth` to `to`, filtered by metric and category. */
async function targetMonths(
  db: Executor,
  q: { setLevel: TargetLevel; nodeId: string; storeIds: string[]; metric: TargetMetric; category: string; fromMonth: string; to: string; fiscalYear?: number },
): Promise<MonthRow[]> {
  return rows<MonthRow>(db, sql`
    select (t.level = ${q.setLevel} and t.node_id = ${q.nodeId}) as "isSet", to_char(tm.month, 'YYYY-MM-DD') as month,
           tm.amount::float8 as amount, t.currency
    from analytics.target t join analytics.target_month tm on tm.target_id = t.id
    where t.metric = ${q.metric} and t.category = ${q.category}
      and tm.month >= ${q.fromMonth}::date and tm.month <= ${q.to}::date
      ${q.fiscalYear === undefined ? sql`` : sql`and t.fiscal_year = ${q.fiscalYear}`}
      and ((t.level = ${q.setLevel} and t.node_id = ${q.nodeId}) or (t.level = 'store' and t.node_id = any(${textArray(q.storeIds)})))`);
}

/**
 * Converts amounts of month rows to `currency` (rows in another currency use that month's
 * `exchange_rate` to `currency`, rounded to the minor unit by the money rule of domain/money.ts).
 * @param onMissing when given, a row without a rate converts to null and is reported to it;
 *   otherwise the conversion throws.
 * @throws 409 ANALYTICS.EXCHANGE_RATE_MISSING when a needed rate is not recorded (without `onMissing`).
 */
async function converter(db: Executor, monthRows: MonthRow[], currency: string | null): Promise<(row: MonthRow, amount: bigint) => bigint>;
async function converter(db: Executor, monthRows: MonthRow[], currency: string | null, onMissing: (row: MonthRow) => void): Promise<(row: MonthRow, amount: bigint) => bigint | null>;
async function converter(db: Executor, monthRows: MonthRow[], currency: string | null, onMissing?: (row: MonthRow) => void): Promise<(row: MonthRow, amount: bigint) => bigint | null> {
  const foreign = monthRows.filter((r) => currency && r.currency && r.currency !== currency);
  const rates = new Map<string, bigint>();
  if (foreign.length > 0) {
    const found = await rows<{ currency: string; month: string; rate: string }>(db, sql`
      select currency, to_char(month, 'YYYY-MM-DD') as month, rate::text as rate from analytics.exchange_rate
      where reporting_currency = ${currency} and currency = any(${textArray([...new Set(foreign.map((r) => r.currency as string))])})`);
    for (const r of found) rates.set(`${r.currency} ${r.month}`, scaledRate(r.rate));
  }
  return (row, amount) => {
    if (!currency || !row.currency || row.currency === currency) return amount;
    const rate = rates.get(`${row.currency} ${row.month}`);
    if (rate === undefined) {
      if (!onMissing) throw AnalyticsErrors.exchangeRateMissing(row.currency, currency, row.month.slice(0, 7));
      onMissing(row);
      return null;
    }
    return divideMoney(amount * rate, 10_000_000_000n);
  };
}

/** A node whose target {@link targetsFor} resolves. */
export interface TargetNode {
  kind: 'company' | 'region' | 'store';
  /** The region id (for `company`, the root region's id or the word `company`) or the store id. */
  id: string;
  /** The node's stores within the caller's scope (ignored for a store). */
  storeIds: string[];
}

/** A target month left out because its currency has no rate to the answer's currency for that month. */
export interface TargetRateMissing {
  /** Where the target is set: a store, or a region node. */
  level: TargetLevel;
  nodeId: string;
  /** The target's currency. */
  currency: string;
  /** First day of the month (`YYYY-MM-01`). */
  month: string;
}

/** What {@link readTargetBook} reads once and {@link TargetBook.resolve} answers from, for any sub-range. */
export interface TargetBook {
  /** Currency of every amount (null for units). */
  currency: string | null;
  /**
   * The targets of every node of the book over `from`–`to` (inclusive, inside the loaded range),
   * by the rule of {@link targetsFor}. @returns per node id: the amount or null (no target covers any day).
   */
  resolve(from: string, to: string): Map<string, TargetAmount | null>;
}

/**
 * Reads, with one query, the monthly targets of `nodes` (set at them, and of their stores) for
 * every month touching `from`–`to`, and answers their targets for that range or any part of it
 * (a trend's buckets) by the rule of {@link targetsFor}, without further queries.
 * @param q.onMissingRate when given, a target month whose currency has no rate is left out of
 *   the amounts (partial, or null when nothing else is left) and reported to it once, instead
 *   of the 409 (the read side lists it in its `missingRates`).
 * @throws 409 ANALYTICS.EXCHANGE_RATE_MISSING when a needed conversion has no rate (without
 *   `onMissingRate`); RangeError on invalid dates.
 */
export async function readTargetBook(
  db: Executor,
  q: { nodes: TargetNode[]; metric: TargetMetric; category?: string; from: string; to: string; currency?: string; onMissingRate?: (m: TargetRateMissing) => void },
): Promise<TargetBook> {
  const [fy, fm] = parts(q.from);
  parts(q.to);
  const empty = (): Map<string, TargetAmount | null> => new Map(q.nodes.map((n) => [n.id, null]));
  if (q.to < q.from || q.nodes.length === 0) return { currency: null, resolve: empty };
  let rootId: string | undefined;
  if (q.nodes.some((n) => n.id === 'company')) rootId = (await rows<{ id: string }>(db, sql`select id from analytics.region where parent_id is null`))[0]?.id;
  const regionOf = (n: TargetNode) => (n.id === 'company' ? (rootId ?? n.id) : n.id);
  const regionIds = [...new Set(q.nodes.filter((n) => n.kind !== 'store').map(regionOf))];
  const storeIds = [...new Set(q.nodes.flatMap((n) => (n.kind === 'store' ? [n.id] : n.storeIds)))];
  const found = await rows<{ level: TargetLevel; nodeId: string; month: string; amount: number; currency: string | null }>(db, sql`
    select t.level, t.node_id as "nodeId", to_char(tm.month, 'YYYY-MM-DD') as month, tm.amount::float8 as amount, t.currency
    from analytics.target t join analytics.target_month tm on tm.target_id = t.id
    where t.metric = ${q.metric} and t.category = ${q.category ?? ''}
      and tm.month >= ${`${fy}-${String(fm).padStart(2, '0')}-01`}::date and tm.month <= ${q.to}::date
      and ((t.level = 'region' and t.node_id = any(${textArray(regionIds)})) or (t.level = 'store' and t.node_id = any(${textArray(storeIds)})))`);
  if (found.length === 0) return { currency: null, resolve: empty };
  type Row = (typeof found)[number];
  const currency = q.metric === 'units' ? null : (q.currency ?? (await analyticsSettings(db)).reportingCurrency);
  const onMissing = q.onMissingRate;
  const reported = new Set<string>();
  const monthRows = found.map((r) => ({ isSet: false, ...r }));
  const convert = onMissing
    ? await converter(db, monthRows, currency, (row) => {
      const r = row as MonthRow & Row;
      const key = `${r.level} ${r.nodeId} ${r.month}`;
      if (!reported.has(key)) {
        reported.add(key);
        onMissing({ level: r.level, nodeId: r.nodeId, currency: r.currency ?? '', month: r.month });
      }
    })
    : await converter(db, monthRows, currency);
  const byNode = new Map<string, Row[]>();
  for (const row of found) {
    const key = `${row.level} ${row.nodeId}`;
    byNode.set(key, [...(byNode.get(key) ?? []), row]);
  }
  return {
    currency,
    resolve(from: string, to: string) {
      const answer = empty();
      // Each row's prorated, converted amount, computed once (a store's row counts for every node above it).
      const value = new Map<Row, bigint | null>();
      const valueOf = (row: Row): bigint | null => {
        if (!value.has(row)) {
          const [y, m] = parts(row.month);
          const dim = daysInMonth(y, m);
          const monthEnd = `${row.month.slice(0, 8)}${String(dim).padStart(2, '0')}`;
          const covered = daysBetween(row.month > from ? row.month : from, monthEnd < to ? monthEnd : to);
          const prorated = covered >= dim ? BigInt(row.amount) : covered <= 0 ? 0n : divideMoney(BigInt(row.amount) * BigInt(covered), BigInt(dim));
          value.set(row, covered <= 0 ? 0n : convert({ isSet: false, ...row }, prorated));
        }
        return value.get(row) ?? null;
      };
      for (const node of q.nodes) {
        const own = byNode.get(node.kind === 'store' ? `store ${node.id}` : `region ${regionOf(node)}`) ?? [];
        const setMonths = new Set(own.map((r) => r.month));
        const fromStores = node.kind === 'store' ? [] : node.storeIds.flatMap((id) => byNode.get(`store ${id}`) ?? []).filter((r) => !setMonths.has(r.month));
        const inRange = [...own, ...fromStores].filter((r) => r.month <= to && `${r.month.slice(0, 7)}-31` >= from);
        const amounts = inRange.map(valueOf).filter((v): v is bigint => v !== null);
        if (amounts.length === 0) continue;
        answer.set(node.id, { amount: Number(amounts.reduce((s, v) => s + v, 0n)), currency, source: own.some((r) => inRange.includes(r)) ? 'set' : 'stores' });
      }
      return answer;
    },
  };
}

/**
 * The targets of many nodes over `from`–`to` (inclusive local dates) with one query, by the
 * rule the KPIs use: for each calendar month, the target set at the node (same metric and
 * category) when there is one, else the sum of its stores' (`storeIds`); a store's is its own.
 * A month the range covers in part counts for `amount × days covered ÷ days in the month`,
 * rounded to the minor unit by the money rule (domain/money.ts), per store and month before summing (so a node
 * without a target of its own equals the sum of its stores to the unit). Amounts in another
 * currency than `currency` are converted with the month's rate (`exchange_rate` to `currency`).
 * @param q.currency the answer's currency (default: the reporting currency; ignored for units).
 * @param q.onMissingRate see {@link readTargetBook}: report a missing rate instead of the 409.
 * @returns per node id (as given): `{ amount, currency, source }` (`source` = 'set' when any
 * month came from a target set at the node), or null when no target covers any day of the range.
 * @throws 409 ANALYTICS.EXCHANGE_RATE_MISSING when a needed conversion has no rate (without
 *   `onMissingRate`); RangeError on invalid dates.
 */
export async function targetsFor(
  db: Executor,
  q: { nodes: TargetNode[]; metric: TargetMetric; category?: string; from: string; to: string; currency?: string; onMissingRate?: (m: TargetRateMissing) => void },
): Promise<Map<string, TargetAmount | null>> {
  return (await readTargetBook(db, q)).resolve(q.from, q.to);
}

/**
 * The target of one node over `from`–`to` (inclusive local dates): {@link targetsFor} for one
 * node, in the store's currency for a store (unless `currency` says otherwise), else the reporting currency.
 * @returns `{ amount, currency, source }`, or null when no target covers any day of the range.
 * @throws 409 ANALYTICS.EXCHANGE_RATE_MISSING when a conversion has no rate; RangeError on invalid dates.
 */
export async function targetFor(db: Executor, q: TargetQuery): Promise<TargetAmount | null> {
  let currency = q.currency;
  if (!currency && q.nodeKind === 'store' && q.metric !== 'units') {
    currency = (await rows<{ currency: string }>(db, sql`select currency from analytics.store where id = ${q.nodeId}`))[0]?.currency;
  }
  const answer = await targetsFor(db, {
    nodes: [{ kind: q.nodeKind, id: q.nodeId, storeIds: q.storeIds }], metric: q.metric, category: q.category, from: q.from, to: q.to, currency,
  });
  return answer.get(q.nodeId) ?? null;
}

/**
 * A store or region to write a target at, within scope (the store's currency with it; a region's
 * visible stores). @throws 404 ANALYTICS.NODE_NOT_FOUND (unknown, outside scope, or of the other level).
 */
function nodeForWrite(org: Org, scope: Scope, level: TargetLevel, nodeId: string): { id: string; code: string; currency: string | null; storeIds: string[] } {
  const node = resolveNode(org, scope, nodeId);
  if ((level === 'store') !== (node.kind === 'store')) throw AnalyticsErrors.nodeNotFound(nodeId);
  return { id: node.id, code: node.code, currency: node.currency, storeIds: node.storeIds };
}

/** The Targets service: writes (in one transaction each), lists, summaries and imports, all within the caller's scope. */
export class TargetsService {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  /**
   * Creates or replaces the target of a node for a fiscal year, metric and category, with its
   * phasing and monthly amounts (largest remainder: the months sum to `amount`).
   * @throws 404 ANALYTICS.NODE_NOT_FOUND (node unknown or outside scope), 409
   * ANALYTICS.TARGET_PHASING_INVALID (percentages not summing to 100), 409
   * ANALYTICS.NO_LAST_YEAR_SALES, 400 ANALYTICS.INVALID (a percentage with more than 2 decimals,
   * a negative revenue or units amount).
   */
  async put(user: AuthUser, input: TargetInput): Promise<TargetDto> {
    return (await this.putMany(user, [input]))[0] as TargetDto;
  }

  /**
   * {@link put} for many targets in one transaction (the chain demo's): every input is checked
   * as `put` checks it, the first refusal throws and nothing is written; then the targets are
   * written a chunk per statement. Inputs naming the same target: the last one wins.
   * @returns the targets as stored, in the order of `inputs`. @throws as {@link put}.
   */
  async putMany(user: AuthUser, inputs: TargetInput[]): Promise<TargetDto[]> {
    for (const input of inputs) {
      if (input.amount < 0 && input.metric !== 'gross_margin') {
        throw AnalyticsErrors.invalid(`A ${input.metric} target cannot be negative`, [{ field: 'body/amount', message: 'must be ≥ 0 (only a gross_margin target may be negative)' }]);
      }
    }
    const scope = await scopeFor(this.db, user);
    return this.database.transaction(async (tx) => {
      const org = await loadOrg(tx);
      const settings = await analyticsSettings(tx);
      const writes: TargetWrite[] = [];
      for (const input of inputs) {
        const node = nodeForWrite(org, scope, input.level, input.nodeId);
        let phasing: number[];
        if (Array.isArray(input.phasing)) {
          const result = phasingFromPercentages(input.phasing);
          if (!result.ok) {
            if (result.sum === undefined) throw AnalyticsErrors.invalid(`Invalid phasing: ${result.reason}`, [{ field: 'body/phasing', message: result.reason }]);
            throw AnalyticsErrors.targetPhasingInvalid(input.level, node.code, input.fiscalYear, result.reason);
          }
          phasing = result.basisPoints;
        } else if (input.phasing === 'last-year') {
          phasing = await this.lastYearPhasing(tx, input.level, node, input.fiscalYear, settings.fiscalYearStartMonth);
        } else {
          phasing = evenPhasing();
        }
        const currency = input.metric === 'units' ? null : (input.currency ?? node.currency ?? settings.reportingCurrency);
        writes.push({
          level: input.level, nodeId: node.id, fiscalYear: input.fiscalYear, metric: input.metric, category: input.category ?? '',
          amount: input.amount, currency, phasing, months: largestRemainder(input.amount, phasing),
        });
      }
      const key = (t: TargetWrite) => `${t.level}|${t.nodeId}|${t.fiscalYear}|${t.metric}|${t.category}`;
      const unique = [...new Map(writes.map((w) => [key(w), w])).values()];
      const ids = await writeTargets(tx, unique, settings.fiscalYearStartMonth);
      const idOf = new Map(unique.map((w, i) => [key(w), ids[i] as string]));
      const stored = new Map((await loadTargets(tx, sql`t.id = any(${textArray(ids)})`)).map((t) => [t.id, t]));
      return writes.map((w) => stored.get(idOf.get(key(w)) as string) as TargetDto);
    });
  }

  /** Basis points of each fiscal month's net revenue (`sales_day_store`) in the fiscal year before `fiscalYear`. */
  private async lastYearPhasing(db: Executor, level: TargetLevel, node: { code: string; storeIds: string[] }, fiscalYear: number, start: number): Promise<number[]> {
    const range = fiscalYearRange(fiscalYear - 1, start);
    const byMonth = await rows<{ month: string; revenue: number }>(db, sql`
      select to_char(date_trunc('month', day), 'YYYY-MM-DD') as month, sum(net_revenue)::float8 as revenue
      from analytics.sales_day_store
      where store_id = any(${textArray(node.storeIds)}) and day between ${range.from}::date and ${range.to}::date
      group by 1`);
    const values = new Array<number>(12).fill(0);
    for (const r of byMonth) {
      const i = fiscalMonthOf(r.month, start) - 1;
      values[i] = (values[i] as number) + r.revenue;
    }
    const phasing = phasingFromValues(values);
    if (!phasing) throw AnalyticsErrors.noLastYearSales(level, node.code, fiscalYear);
    return phasing;
  }

  /**
   * Targets set at `node` and below it within scope, region targets first, then by code, year, metric and category.
   * @throws 404 ANALYTICS.NODE_NOT_FOUND.
   */
  async list(user: AuthUser, q: { node: string; year?: number; metric?: TargetMetric; page: number; limit: number }) {
    const scope = await scopeFor(this.db, user);
    const node = await findNode(this.db, scope, q.node);
    const where = and(
      sql`((t.level = 'region' and t.node_id = any(${textArray(node.regionIds)})) or (t.level = 'store' and t.node_id = any(${textArray(node.storeIds)})))`,
      q.year === undefined ? undefined : sql`t.fiscal_year = ${q.year}`,
      q.metric === undefined ? undefined : sql`t.metric = ${q.metric}`,
    ) ?? sql`true`;
    const [count] = await rows<{ n: number }>(this.db, sql`select count(*)::int as n from analytics.target t where ${where}`);
    const data = await loadTargets(this.db, where, { limit: q.limit, offset: (q.page - 1) * q.limit });
    return { data, pagination: { total: count?.n ?? 0, limit: q.limit, page: q.page } };
  }

  /** Deletes a target (and its months). @throws 404 ANALYTICS.TARGET_NOT_FOUND when unknown or at a node outside scope. */
  async delete(user: AuthUser, id: string): Promise<void> {
    const scope = await scopeFor(this.db, user);
    await this.database.transaction(async (tx) => {
      const [t] = await tx.select({ level: target.level, nodeId: target.nodeId }).from(target).where(eq(target.id, id)).for('update');
      const visible = t && (t.level === 'store' ? scope.storeIds.includes(t.nodeId) : scope.regionIds.includes(t.nodeId));
      if (!visible) throw AnalyticsErrors.targetNotFound(id);
      await tx.delete(target).where(eq(target.id, id));
    });
  }

  /**
   * The top-down target set at `node` against the bottom-up sum of its stores' targets for a
   * fiscal year, in total and per month, in the node's currency (a store's own, else the
   * reporting currency; other currencies converted with each month's rate).
   * @throws 404 ANALYTICS.NODE_NOT_FOUND, 409 ANALYTICS.EXCHANGE_RATE_MISSING.
   */
  async summary(user: AuthUser, q: { node: string; year: number; metric: TargetMetric; category?: string }): Promise<TargetSummary> {
    const scope = await scopeFor(this.db, user);
    const node = await findNode(this.db, scope, q.node);
    const settings = await analyticsSettings(this.db);
    const months = monthsOfFiscalYear(q.year, settings.fiscalYearStartMonth);
    const currency = q.metric === 'units' ? null : (node.currency ?? settings.reportingCurrency);
    const last = months[11] as string;
    const monthRows = await targetMonths(this.db, {
      setLevel: node.kind === 'store' ? 'store' : 'region', nodeId: node.id, storeIds: node.storeIds, metric: q.metric, category: q.category ?? '',
      fromMonth: months[0] as string, to: last, fiscalYear: q.year,
    });
    const convert = await converter(this.db, monthRows, currency);
    const perMonth = months.map((month) => ({ month, set: null as bigint | null, stores: 0n }));
    for (const row of monthRows) {
      const slot = perMonth.find((p) => p.month === row.month);
      if (!slot) continue;
      const amount = convert(row, BigInt(row.amount));
      // A store's own target is both its set and its stores figure.
      if (row.isSet) slot.set = (slot.set ?? 0n) + amount;
      if (!row.isSet || node.kind === 'store') slot.stores += amount;
    }
    const anySet = monthRows.some((r) => r.isSet);
    const set = anySet ? perMonth.reduce((s, p) => s + (p.set ?? 0n), 0n) : null;
    const stores = perMonth.reduce((s, p) => s + p.stores, 0n);
    return {
      node: { kind: node.kind, id: node.id, code: node.code, name: node.name },
      fiscalYear: q.year, metric: q.metric, currency,
      set: set === null ? null : Number(set), stores: Number(stores), gap: set === null ? null : Number(set - stores),
      months: perMonth.map((p) => ({ month: p.month.slice(0, 7), set: anySet ? Number(p.set ?? 0n) : null, stores: Number(p.stores) })),
    };
  }

  /**
   * Imports targets from CSV (header `store_code, year[, month][, amount][, percent][, metric][, category]`):
   * a row without `month` is a yearly amount of the fiscal year `year`; rows with `month` (the
   * calendar month, 1 = January, within fiscal year `year`) give that month's amount, or its
   * `percent` of the yearly row's amount. A store/year/metric/category with only a yearly row is
   * phased evenly; monthly rows must cover all 12 months, and agree with the yearly row when
   * there is one. The file is checked whole first, then written in one transaction, replacing
   * the same targets (re-importing changes nothing).
   * @returns `{ targets, rejected: [] }` (targets written).
   * @throws 422 ANALYTICS.IMPORT_REJECTED with the report when any row is rejected (unknown
   * or out-of-scope store, bad year, month, amount, percent or metric, duplicate row); 409
   * ANALYTICS.TARGET_PHASING_INVALID naming the store and year when monthly rows miss months,
   * their percentages do not sum to 100 or their amounts do not sum to the yearly amount; 400
   * ANALYTICS.CSV_INVALID when the header lacks `store_code`, `year` or an amount/percent column.
   */
  async import(user: AuthUser, text: string): Promise<TargetImportReport> {
    const scope = await scopeFor(this.db, user);
    const settings = await analyticsSettings(this.db);
    const plan = await planImport(this.db, scope, text, settings);
    const written = await this.database.transaction(async (tx) => (await writeTargets(tx, plan, settings.fiscalYearStartMonth)).length);
    return { targets: written, rejected: [] };
  }
}

interface TargetWrite {
  level: TargetLevel;
  nodeId: string;
  fiscalYear: number;
  metric: TargetMetric;
  category: string;
  amount: number;
  currency: string | null;
  /** Basis points, fiscal order. */
  phasing: number[];
  /** Monthly amounts, fiscal order, summing to `amount`. */
  months: number[];
}

/** Targets per statement when writing many (9 parameters a target, 36 for its months: far below PostgreSQL's 65,535). */
const WRITE_CHUNK = 1000;

/**
 * Upserts targets by their natural key (level, node, fiscal year, metric, category; each at most
 * once in `list`) and replaces their 12 months, a chunk of targets per statement.
 * @returns their ids, in the order of `list`.
 */
async function writeTargets(tx: Tx, list: TargetWrite[], fiscalYearStartMonth: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < list.length; i += WRITE_CHUNK) {
    const chunk = list.slice(i, i + WRITE_CHUNK);
    const written = await tx
      .insert(target)
      .values(chunk.map((t) => ({ id: newId('tgt'), level: t.level, nodeId: t.nodeId, fiscalYear: t.fiscalYear, metric: t.metric, category: t.category, amount: t.amount, currency: t.currency, phasing: t.phasing })))
      .onConflictDoUpdate({
        target: [target.level, target.nodeId, target.fiscalYear, target.metric, target.category],
        set: { amount: sql`excluded.amount`, currency: sql`excluded.currency`, phasing: sql`excluded.phasing`, updatedAt: sql`now()` },
      })
      .returning({ id: target.id, level: target.level, nodeId: target.nodeId, fiscalYear: target.fiscalYear, metric: target.metric, category: target.category });
    const key = (t: { level: string; nodeId: string; fiscalYear: number; metric: string; category: string }) => `${t.level}|${t.nodeId}|${t.fiscalYear}|${t.metric}|${t.category}`;
    const idOf = new Map(written.map((w) => [key(w), w.id]));
    const chunkIds = chunk.map((t) => idOf.get(key(t)) as string);
    await tx.delete(targetMonth).where(inArray(targetMonth.targetId, chunkIds));
    await tx.insert(targetMonth).values(chunk.flatMap((t, j) => {
      const months = monthsOfFiscalYear(t.fiscalYear, fiscalYearStartMonth);
      return months.map((month, m) => ({ targetId: chunkIds[j] as string, month, amount: t.months[m] as number }));
    }));
    ids.push(...chunkIds);
  }
  return ids;
}

/** Targets matching `where` (over alias `t`) as DTOs, with their node codes and months. */
async function loadTargets(db: Executor, where: ReturnType<typeof sql>, page?: { limit: number; offset: number }): Promise<TargetDto[]> {
  const found = await rows<{
    id: string; level: TargetLevel; node_id: string; node_code: string | null; fiscal_year: number; metric: TargetMetric; category: string;
    amount: number; currency: string | null; phasing: number[]; months: { month: string; amount: number }[] | null;
  }>(db, sql`
    select t.id, t.level, t.node_id, coalesce(s.code, r.code) as node_code, t.fiscal_year, t.metric, t.category, t.amount::float8 as amount,
           t.currency, t.phasing,
           (select json_agg(json_build_object('month', to_char(tm.month, 'YYYY-MM'), 'amount', tm.amount) order by tm.month)
              from analytics.target_month tm where tm.target_id = t.id) as months
    from analytics.target t
    left join analytics.store s on t.level = 'store' and s.id = t.node_id
    left join analytics.region r on t.level = 'region' and r.id = t.node_id
    where ${where}
    order by t.level, coalesce(s.code, r.code), t.fiscal_year, t.metric, t.category
    ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`);
  return found.map((t) => ({
    id: t.id, level: t.level, nodeId: t.node_id, nodeCode: t.node_code ?? '', fiscalYear: t.fiscal_year, metric: t.metric,
    category: t.category === '' ? null : t.category, amount: Number(t.amount), currency: t.currency, phasing: percentagesOf(t.phasing),
    months: (t.months ?? []).map((m) => ({ month: m.month, amount: Number(m.amount) })),
  }));
}

interface CsvRow {
  line: number;
  storeId: string;
  storeCode: string;
  currency: string;
  year: number;
  month: number | null;
  amount: number | null;
  percent: number | null;
  metric: TargetMetric;
  category: string;
}

const METRICS: TargetMetric[] = ['revenue', 'gross_margin', 'units'];
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/**
 * Checks a targets CSV whole and turns it into the targets to write.
 * @throws the errors listed on {@link TargetsService.import}.
 */
async function planImport(db: Executor, scope: Scope, text: string, settings: AnalyticsSettings): Promise<TargetWrite[]> {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as never;
  } catch (err) {
    throw AnalyticsErrors.csvInvalid(`The file is not readable CSV: ${err instanceof Error ? err.message : 'malformed'}`);
  }
  const header = records.shift()?.record.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  if (!header) throw AnalyticsErrors.csvInvalid('The file is empty: a header row is needed (store_code, year, month, amount, metric, category)');
  const col = (name: string) => header.indexOf(name);
  const missing = ['store_code', 'year'].filter((c) => col(c) < 0);
  if (col('amount') < 0 && col('percent') < 0) missing.push('amount');
  if (missing.length > 0) throw AnalyticsErrors.csvInvalid(`The header lacks the column(s) ${missing.join(', ')}`);

  const codes = [...new Set(records.map((r) => r.record[col('store_code')] ?? '').filter(Boolean))];
  const stores = new Map<string, { id: string; currency: string }>();
  const visible = new Set(scope.storeIds);
  if (codes.length > 0) {
    for (const s of await rows<{ id: string; code: string; currency: string }>(db, sql`select id, code, currency from analytics.store where code = any(${textArray(codes)})`)) {
      if (visible.has(s.id)) stores.set(s.code, { id: s.id, currency: s.currency });
    }
  }

  const rejected: RejectedRow[] = [];
  const good: CsvRow[] = [];
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const cell = (name: string) => (col(name) >= 0 ? (record[col(name)] ?? '').trim() : '');
    const reject = (code: RejectCode, reason: string) => rejected.push({ line, code, reason });
    const code = cell('store_code');
    const store = stores.get(code);
    if (!store) { reject('ANALYTICS.UNKNOWN_STORE', code ? `No store with the code ${code}` : 'store_code is empty'); continue; }
    const year = Number(cell('year'));
    if (!/^\d{4}$/.test(cell('year')) || year < 1900 || year > 2999) { reject('ANALYTICS.BAD_DATE', `year "${cell('year')}" is not a 4-digit year`); continue; }
    let month: number | null = null;
    if (cell('month') !== '') {
      month = Number(cell('month'));
      if (!/^\d{1,2}$/.test(cell('month')) || month < 1 || month > 12) { reject('ANALYTICS.BAD_DATE', `month "${cell('month')}" is not 1–12`); continue; }
    }
    const metric = (cell('metric') || 'revenue') as TargetMetric;
    if (!METRICS.includes(metric)) { reject('ANALYTICS.BAD_METRIC', `metric "${cell('metric')}" is not revenue, gross_margin or units`); continue; }
    let amount: number | null = null;
    let percent: number | null = null;
    if (cell('amount') !== '') {
      amount = Number(cell('amount'));
      if (!/^-?\d+$/.test(cell('amount')) || Math.abs(amount) > MAX_AMOUNT) { reject('ANALYTICS.BAD_AMOUNT', `amount "${cell('amount')}" is not a whole number of minor units (or units)`); continue; }
      if (amount < 0 && metric !== 'gross_margin') { reject('ANALYTICS.BAD_AMOUNT', `a ${metric} target cannot be negative`); continue; }
    }
    if (cell('percent') !== '') {
      percent = Number(cell('percent'));
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(cell('percent')) || percent > 100) { reject('ANALYTICS.BAD_PERCENT', `percent "${cell('percent')}" is not 0–100 with at most 2 decimals`); continue; }
      if (month === null) { reject('ANALYTICS.BAD_PERCENT', 'a percent needs a month'); continue; }
      if (amount !== null) { reject('ANALYTICS.BAD_PERCENT', 'give a month either an amount or a percent, not both'); continue; }
    }
    if (amount === null && percent === null) { reject('ANALYTICS.BAD_AMOUNT', 'amount is empty'); continue; }
    const category = cell('category');
    const key = `${code}|${year}|${metric}|${category}|${month ?? 'year'}`;
    if (seen.has(key)) { reject('ANALYTICS.DUPLICATE', `another row already gives ${code} ${year} ${metric}${category ? ` ${category}` : ''} ${month === null ? 'for the year' : `for month ${month}`}`); continue; }
    seen.add(key);
    good.push({ line, storeId: store.id, storeCode: code, currency: store.currency, year, month, amount, percent, metric, category });
  }
  if (rejected.length > 0) {
    throw AnalyticsErrors.importRejected(`${rejected.length} row(s) of the targets file are rejected; nothing was imported`, { targets: 0, rejected });
  }

  const groups = new Map<string, CsvRow[]>();
  for (const r of good) {
    const key = `${r.storeId}|${r.year}|${r.metric}|${r.category}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const plan: TargetWrite[] = [];
  const start = settings.fiscalYearStartMonth;
  for (const group of groups.values()) {
    const first = group[0] as CsvRow;
    const refuse = (reason: string) => AnalyticsErrors.targetPhasingInvalid('store', first.storeCode, first.year, reason);
    const yearly = group.find((r) => r.month === null);
    const monthly = group.filter((r) => r.month !== null);
    const base = { level: 'store' as const, nodeId: first.storeId, fiscalYear: first.year, metric: first.metric, category: first.category, currency: first.metric === 'units' ? null : first.currency };
    if (monthly.length === 0) {
      const amount = (yearly as CsvRow).amount as number;
      const phasing = evenPhasing();
      plan.push({ ...base, amount, phasing, months: largestRemainder(amount, phasing) });
      continue;
    }
    if (monthly.length !== 12) throw refuse(`its monthly rows cover ${monthly.length} of 12 months`);
    // The calendar month of each row → its fiscal month (1 = the fiscal year's first month).
    const byFiscal = new Array<CsvRow>(12);
    for (const r of monthly) byFiscal[((r.month as number) - start + 12) % 12] = r;
    const percents = monthly.filter((r) => r.percent !== null);
    if (percents.length > 0) {
      if (percents.length !== 12) throw refuse('its monthly rows mix amounts and percentages');
      if (!yearly) throw refuse('monthly percentages need a yearly row with the amount');
      const result = phasingFromPercentages(byFiscal.map((r) => r.percent as number));
      if (!result.ok) throw refuse(result.reason);
      const amount = yearly.amount as number;
      plan.push({ ...base, amount, phasing: result.basisPoints, months: largestRemainder(amount, result.basisPoints) });
      continue;
    }
    const months = byFiscal.map((r) => r.amount as number);
    const amount = months.reduce((s, a) => s + a, 0);
    if (yearly && yearly.amount !== amount) {
      throw refuse(`its monthly amounts sum to ${amount}, not the yearly ${String(yearly.amount)} (their percentages do not sum to 100 %)`);
    }
    if (!Number.isSafeInteger(amount)) throw refuse('its monthly amounts sum beyond the largest amount accepted');
    plan.push({ ...base, amount, phasing: phasingFromValues(months) ?? evenPhasing(), months });
  }
  return plan;
}
