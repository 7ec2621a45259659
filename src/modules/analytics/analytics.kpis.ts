import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import { AnalyticsErrors } from './analytics.errors.js';
import type { Scope } from './analytics.scope.js';

// ---------------------------------------------------------------------------------------------
// Periods (calendar arithmetic on local dates `YYYY-MM-DD`, computed in UTC to avoid DST shifts)
// ---------------------------------------------------------------------------------------------

/** Grain of a period: a day, an ISO week, a calendar month, a fiscal quarter or year, or a custom range. */
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom';

/** An inclusive range of local dates. */
export interface DateRange {
  from: string;
  to: string;
}

/** A resolved period with its comparisons: the previous period of the same grain and the same period last year. */
export interface Period extends DateRange {
  grain: Grain;
  /** `2026-03-15`, `2026-W11`, `2026-03`, `FY2026 Q1`, `FY2026`, or `2026-03-01..2026-03-20`. */
  label: string;
  previous: DateRange;
  lastYear: DateRange;
}

const DAY = 86_400_000;
const parse = (d: string): Date => new Date(`${d}T00:00:00Z`);
const fmt = (d: Date): string => d.toISOString().slice(0, 10);
/** `d` plus `n` days. */
export const addDays = (d: string, n: number): string => fmt(new Date(parse(d).getTime() + n * DAY));
/** Days from `a` to `b` (b − a). */
export const daysBetween = (a: string, b: string): number => Math.round((parse(b).getTime() - parse(a).getTime()) / DAY);
const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** First day of the month `m` (1-based, may overflow either way) of year `y`. */
const monthStart = (y: number, m: number): string => fmt(new Date(Date.UTC(y, m - 1, 1)));
/** First day of the month of `d`. */
export const monthOf = (d: string): string => `${d.slice(0, 7)}-01`;
/** Last day of the month of `d`. */
export const monthEnd = (d: string): string => addDays(monthStart(Number(d.slice(0, 4)), Number(d.slice(5, 7)) + 1), -1);
/** `d` moved by `n` months, the day clamped to the target month's length (31 Mar − 1 month = 28/29 Feb). */
export function addMonths(d: string, n: number): string {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + n;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12 + 1;
  const day = Math.min(Number(d.slice(8, 10)), daysInMonth(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO 8601 week of `d`: its ISO year, week number and Monday. */
export function isoWeek(d: string): { year: number; week: number; monday: string } {
  const date = parse(d);
  const dow = (date.getUTCDay() + 6) % 7; // Monday 0
  const monday = addDays(d, -dow);
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return { year, week, monday };
}

/** Monday of ISO week `week` of ISO year `year` (week 53 of a 52-week year → week 52). */
export function isoWeekMonday(year: number, week: number): string {
  const jan4 = `${year}-01-04`;
  const firstMonday = isoWeek(jan4).monday;
  const weeks = isoWeek(addDays(`${year}-12-28`, 0)).week; // 28 Dec is always in the year's last week
  return addDays(firstMonday, (Math.min(week, weeks) - 1) * 7);
}

/** The same date one year earlier (29 Feb → 28 Feb). */
export const yearEarlier = (d: string): string => addMonths(d, -12);

/**
 * Resolves a period query: `grain` and a `date` inside it (default today, UTC), or `from`/`to` for
 * `custom`. Quarters and years are fiscal: the fiscal year starts on the first day of month
 * `fiscalStart` and is named by the calendar year it starts in. Previous = the period of the same
 * grain just before (custom: the same number of days just before); last year = the same dates a
 * year earlier, except ISO weeks: the week with the same number of the previous ISO year.
 * @throws AppError 400 ANALYTICS.INVALID for a custom period without from/to, from after to, or
 *   a range longer than 3 years.
 */
export function resolvePeriod(q: { period?: Grain; date?: string; from?: string; to?: string }, fiscalStart: number): Period {
  const grain = q.period ?? 'month';
  const date = q.date ?? new Date().toISOString().slice(0, 10);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  switch (grain) {
    case 'day':
      return { grain, from: date, to: date, label: date, previous: { from: addDays(date, -1), to: addDays(date, -1) }, lastYear: { from: yearEarlier(date), to: yearEarlier(date) } };
    case 'week': {
      const w = isoWeek(date);
      const lyMonday = isoWeekMonday(w.year - 1, w.week);
      return {
        grain, from: w.monday, to: addDays(w.monday, 6), label: `${w.year}-W${String(w.week).padStart(2, '0')}`,
        previous: { from: addDays(w.monday, -7), to: addDays(w.monday, -1) }, lastYear: { from: lyMonday, to: addDays(lyMonday, 6) },
      };
    }
    case 'month': {
      const from = monthStart(y, m);
      return { grain, from, to: monthEnd(from), label: date.slice(0, 7), previous: { from: monthStart(y, m - 1), to: addDays(from, -1) }, lastYear: { from: yearEarlier(from), to: monthEnd(yearEarlier(from)) } };
    }
    case 'quarter':
    case 'year': {
      const fy = m >= fiscalStart ? y : y - 1;
      const offset = (m - fiscalStart + 12) % 12;
      const months = grain === 'year' ? 12 : 3;
      const first = grain === 'year' ? 0 : Math.floor(offset / 3) * 3;
      const from = monthStart(fy, fiscalStart + first);
      const to = addDays(monthStart(fy, fiscalStart + first + months), -1);
      const label = grain === 'year' ? `FY${fy}` : `FY${fy} Q${first / 3 + 1}`;
      return {
        grain, from, to, label, previous: { from: addMonths(from, -months), to: addDays(from, -1) },
        lastYear: { from: monthStart(fy - 1, fiscalStart + first), to: addDays(monthStart(fy - 1, fiscalStart + first + months), -1) },
      };
    }
    case 'custom': {
      if (!q.from || !q.to) throw AnalyticsErrors.invalid('A custom period needs from and to (YYYY-MM-DD)');
      return { grain, ...customRange(q.from, q.to), label: `${q.from}..${q.to}`, previous: { from: addDays(q.from, -(daysBetween(q.from, q.to) + 1)), to: addDays(q.from, -1) }, lastYear: { from: yearEarlier(q.from), to: yearEarlier(q.to) } };
    }
  }
}

/** Checks an inclusive range: from ≤ to, at most 3 years. @throws AppError 400 ANALYTICS.INVALID. */
export function customRange(from: string, to: string): DateRange {
  if (from > to) throw AnalyticsErrors.invalid(`from (${from}) is after to (${to})`);
  if (daysBetween(from, to) > 3 * 366) throw AnalyticsErrors.invalid('A range covers at most 3 years');
  return { from, to };
}

// ---------------------------------------------------------------------------------------------
// Organisation, scope and settings
// ---------------------------------------------------------------------------------------------

/** A store as the read side needs it. */
export interface OrgStore {
  id: string;
  code: string;
  name: string;
  city: string;
  regionId: string;
  currency: string;
  openedOn: string;
  closedOn: string | null;
  sellingAreaM2: number | null;
}

/** The organisation tree, loaded once per request (regions and stores are small tables). */
export interface Org {
  rootId: string;
  regions: Map<string, { id: string; parentId: string | null; name: string; depth: number }>;
  stores: Map<string, OrgStore>;
  /** Child region ids by region, ordered by name. */
  childRegions: Map<string, string[]>;
  /** Store ids attached directly to a region, ordered by name. */
  directStores: Map<string, string[]>;
}

/** Loads regions (with their depth, root = 0) and stores. */
export async function loadOrg(db: Executor): Promise<Org> {
  const regionRows = await rows<{ id: string; parent_id: string | null; name: string; depth: number }>(
    db,
    sql`with recursive t as (
          select id, parent_id, name, 0 as depth from analytics.region where parent_id is null
          union all select r.id, r.parent_id, r.name, t.depth + 1 from analytics.region r join t on r.parent_id = t.id)
        select id, parent_id, name, depth from t order by name, id`,
  );
  const storeRows = await rows<{ id: string; code: string; name: string; city: string; region_id: string; currency: string; opened_on: string; closed_on: string | null; selling_area_m2: number | null }>(
    db,
    sql`select id, code, name, city, region_id, currency, opened_on::text as opened_on, closed_on::text as closed_on, selling_area_m2 from analytics.store order by name, id`,
  );
  const org: Org = { rootId: '', regions: new Map(), stores: new Map(), childRegions: new Map(), directStores: new Map() };
  for (const r of regionRows) {
    org.regions.set(r.id, { id: r.id, parentId: r.parent_id, name: r.name, depth: Number(r.depth) });
    if (r.parent_id === null) org.rootId = r.id;
    else org.childRegions.set(r.parent_id, [...(org.childRegions.get(r.parent_id) ?? []), r.id]);
  }
  for (const s of storeRows) {
    org.stores.set(s.id, { id: s.id, code: s.code, name: s.name, city: s.city, regionId: s.region_id, currency: s.currency, openedOn: s.opened_on, closedOn: s.closed_on, sellingAreaM2: s.selling_area_m2 === null ? null : Number(s.selling_area_m2) });
    org.directStores.set(s.region_id, [...(org.directStores.get(s.region_id) ?? []), s.id]);
  }
  return org;
}

/** Every region id of the subtree of `regionId` (itself included). */
export function subtreeRegions(org: Org, regionId: string): string[] {
  const out: string[] = [];
  const walk = (id: string) => {
    out.push(id);
    for (const c of org.childRegions.get(id) ?? []) walk(c);
  };
  walk(regionId);
  return out;
}

/** A node of the tree resolved against the caller's scope. */
export interface ResolvedNode {
  kind: 'company' | 'region' | 'store';
  id: string;
  name: string;
  /** The region id (the root for the company); undefined for a store. */
  regionId?: string;
  /** The visible stores under the node (the store itself for a store). */
  storeIds: string[];
}

/**
 * Resolves `node` (`company`, a region id or a store id) for a caller with `scope`: the company
 * needs company scope, a region must be visible, a store too. A node outside the scope is answered
 * exactly like an unknown one.
 * @throws AppError 404 ANALYTICS.NODE_NOT_FOUND.
 */
export function resolveNode(org: Org, scope: Scope, node: string): ResolvedNode {
  const visible = new Set(scope.storeIds);
  const regionNode = (id: string, kind: 'company' | 'region'): ResolvedNode => {
    const stores = subtreeRegions(org, id).flatMap((r) => org.directStores.get(r) ?? []).filter((s) => visible.has(s));
    return { kind, id, name: org.regions.get(id)?.name ?? id, regionId: id, storeIds: stores };
  };
  if (node === 'company' || (node === org.rootId && org.rootId)) {
    if (!scope.company || !org.rootId) throw AnalyticsErrors.nodeNotFound(node);
    return regionNode(org.rootId, 'company');
  }
  if (org.regions.has(node) && scope.regionIds.includes(node)) return regionNode(node, 'region');
  const store = org.stores.get(node);
  if (store && visible.has(node)) return { kind: 'store', id: store.id, name: store.name, storeIds: [store.id] };
  throw AnalyticsErrors.nodeNotFound(node);
}

/** The module settings the read side uses. */
export interface ReadSettings {
  /** ISO 4217 code every answer is expressed in (setting `reportingCurrency`, default GBP). */
  reportingCurrency: string;
  /** First month of the fiscal year, 1–12 (setting `fiscalYearStartMonth`, default 1). */
  fiscalYearStartMonth: number;
}

/** Reads `reportingCurrency` and `fiscalYearStartMonth` (defaults GBP and 1). */
export async function readSettings(db: Executor): Promise<ReadSettings> {
  const found = await rows<{ key: string; value: unknown }>(db, sql`select key, value from analytics.setting where key in ('reportingCurrency', 'fiscalYearStartMonth')`);
  const get = (k: string) => found.find((r) => r.key === k)?.value;
  const rc = get('reportingCurrency');
  const fs = Number(get('fiscalYearStartMonth'));
  return {
    reportingCurrency: typeof rc === 'string' && /^[A-Z]{3}$/.test(rc) ? rc : 'GBP',
    fiscalYearStartMonth: Number.isInteger(fs) && fs >= 1 && fs <= 12 ? fs : 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Figures from the rollups, converted to the reporting currency
// ---------------------------------------------------------------------------------------------

/** A text[] parameter built from a JS array (drizzle expands arrays into lists otherwise). */
export const textArray = (ids: string[]): SQL => sql`array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

/** Additive figures of one store (or a sum of stores), money in minor units of the reporting currency. */
export interface Figures {
  revenue: number;
  cost: number;
  costedRevenue: number;
  returnedRevenue: number;
  units: number;
  transactions: number;
}

/** A store-month left out of an answer because no exchange rate exists for it. */
export interface MissingRate {
  storeId: string;
  storeCode: string;
  currency: string;
  /** First day of the month. */
  month: string;
}

/** A monthly average rate used by an answer: 1 `currency` = `rate` reporting currency. */
export interface RateUsed {
  currency: string;
  month: string;
  rate: number;
}

/** Figures per store (and per bucket), with the rates used and the store-months left out. */
export interface ConvertedFigures {
  rows: (Figures & { storeId: string; bucket: string })[];
  rates: RateUsed[];
  missing: MissingRate[];
}

export const zero = (): Figures => ({ revenue: 0, cost: 0, costedRevenue: 0, returnedRevenue: 0, units: 0, transactions: 0 });
export function addInto(a: Figures, b: Figures): Figures {
  a.revenue += b.revenue; a.cost += b.cost; a.costedRevenue += b.costedRevenue; a.returnedRevenue += b.returnedRevenue; a.units += b.units; a.transactions += b.transactions;
  return a;
}

/** A bucket expression over a date column (`d.day` or `m.month`); `monthly` when whole months may be read from `sales_month_store`. */
export interface Bucket {
  expr: (date: SQL) => SQL;
  monthly: boolean;
}

/** The whole period as one bucket (its first day). */
export const wholePeriod = (range: DateRange): Bucket => ({ expr: () => sql`${range.from}::date`, monthly: true });

/** `range` split into its whole calendar months and the days before and after them. */
export function splitRange(range: DateRange): { months: DateRange | null; days: DateRange[] } {
  const firstWhole = range.from === monthOf(range.from) ? range.from : addMonths(monthOf(range.from), 1);
  const lastWholeEnd = range.to === monthEnd(range.to) ? range.to : addDays(monthOf(range.to), -1);
  if (firstWhole > lastWholeEnd) return { months: null, days: [range] };
  const days: DateRange[] = [];
  if (range.from < firstWhole) days.push({ from: range.from, to: addDays(firstWhole, -1) });
  if (lastWholeEnd < range.to) days.push({ from: addDays(lastWholeEnd, 1), to: range.to });
  return { months: { from: firstWhole, to: monthOf(lastWholeEnd) }, days };
}

/**
 * The SQL of the converted store-month figures of `storeIds` over `range`, from the rollups
 * (never the fact table): whole months from `sales_month_store` when the bucket allows it, the
 * other days from `sales_day_store`. One row per store, month and bucket, money converted to
 * `reporting` with the month's average rate of the store's currency and rounded half-up
 * (floor(x + 0.5)) per row, before any sum; `rate` null marks a missing rate. Columns: store_id,
 * bucket, month, currency, rate, revenue, cost, costed_revenue, returned_revenue, units, transactions.
 */
export function convertedSql(storeIds: string[], range: DateRange, reporting: string, bucket: Bucket = wholePeriod(range)): SQL {
  const split = bucket.monthly ? splitRange(range) : { months: null, days: [range] };
  const measures = sql.raw('net_revenue, cost, costed_revenue, returned_revenue, units, transactions');
  const ids = textArray(storeIds);
  const parts: SQL[] = [];
  if (split.days.length > 0) {
    const days = sql.join(split.days.map((r) => sql`d.day between ${r.from}::date and ${r.to}::date`), sql` or `);
    parts.push(sql`select d.store_id, (${bucket.expr(sql`d.day`)})::date as bucket, date_trunc('month', d.day)::date as month, d.currency, ${measures}
      from analytics.sales_day_store d where d.store_id = any(${ids}) and (${days})`);
  }
  if (split.months) {
    parts.push(sql`select d.store_id, (${bucket.expr(sql`d.month`)})::date as bucket, d.month, d.currency, ${measures}
      from analytics.sales_month_store d where d.store_id = any(${ids}) and d.month between ${split.months.from}::date and ${split.months.to}::date`);
  }
  return sql`
    select b.store_id, b.bucket, b.month, b.currency, r.rate,
      floor(b.revenue * r.rate + 0.5)::bigint as revenue, floor(b.cost * r.rate + 0.5)::bigint as cost,
      floor(b.costed_revenue * r.rate + 0.5)::bigint as costed_revenue, floor(b.returned_revenue * r.rate + 0.5)::bigint as returned_revenue,
      b.units, b.transactions
    from (
      select s.store_id, s.bucket, s.month, min(s.currency) as currency,
        sum(s.net_revenue) as revenue, sum(s.cost) as cost, sum(s.costed_revenue) as costed_revenue, sum(s.returned_revenue) as returned_revenue,
        sum(s.units)::bigint as units, sum(s.transactions)::bigint as transactions
      from (${sql.join(parts, sql` union all `)}) s
      group by 1, 2, 3
    ) b
    left join lateral (
      select case when b.currency = ${reporting} then 1::numeric
        else (select x.rate from analytics.exchange_rate x where x.currency = b.currency and x.reporting_currency = ${reporting} and x.month = b.month) end as rate
    ) r on true`;
}

type ConvertedRow = { store_id: string; bucket: string; month: string; currency: string; rate: string | null; revenue: string; cost: string; costed_revenue: string; returned_revenue: string; units: string; transactions: string };

/** Collects the rates used and the store-months without a rate from converted rows. */
export function ratesOf(org: Org, reporting: string, rowsIn: { store_id: string; month: string; currency: string; rate: string | null }[]): { rates: RateUsed[]; missing: MissingRate[] } {
  const rates = new Map<string, RateUsed>();
  const missing = new Map<string, MissingRate>();
  for (const r of rowsIn) {
    const month = String(r.month).slice(0, 10);
    if (r.rate === null) missing.set(`${r.store_id}|${month}`, { storeId: r.store_id, storeCode: org.stores.get(r.store_id)?.code ?? r.store_id, currency: r.currency, month });
    else if (r.currency !== reporting) rates.set(`${r.currency}|${month}`, { currency: r.currency, month, rate: Number(r.rate) });
  }
  const byKey = <T extends { month: string }>(a: T[], key: (t: T) => string) => a.sort((x, y) => key(x).localeCompare(key(y)) || x.month.localeCompare(y.month));
  return { rates: byKey([...rates.values()], (r) => r.currency), missing: byKey([...missing.values()], (m) => m.storeCode) };
}

/** Converted figures per store (and bucket) of `storeIds` over `range`; store-months without a rate are left out and listed. */
export async function storeFigures(db: Executor, org: Org, storeIds: string[], range: DateRange, reporting: string, bucket?: Bucket): Promise<ConvertedFigures> {
  if (storeIds.length === 0) return { rows: [], rates: [], missing: [] };
  const found = await rows<ConvertedRow>(db, convertedSql(storeIds, range, reporting, bucket));
  const byKey = new Map<string, Figures & { storeId: string; bucket: string }>();
  for (const r of found) {
    if (r.rate === null) continue;
    const bucketKey = String(r.bucket).slice(0, 10);
    const key = `${r.store_id}|${bucketKey}`;
    const acc = byKey.get(key) ?? { ...zero(), storeId: r.store_id, bucket: bucketKey };
    addInto(acc, { revenue: Number(r.revenue), cost: Number(r.cost), costedRevenue: Number(r.costed_revenue), returnedRevenue: Number(r.returned_revenue), units: Number(r.units), transactions: Number(r.transactions) });
    byKey.set(key, acc);
  }
  return { rows: [...byKey.values()], ...ratesOf(org, reporting, found) };
}

// ---------------------------------------------------------------------------------------------
// Targets (the rule of COMMON.md, read from target_month)
// ---------------------------------------------------------------------------------------------

/** Target metrics the read side compares with. */
export type TargetMetric = 'revenue' | 'gross_margin' | 'units';

/** Monthly targets converted to the reporting currency, by level, node and month. */
export interface TargetBook {
  /** `store|<id>|<metric>|<month>` or `region|<id>|<metric>|<month>` → whole-month amount. */
  amounts: Map<string, number>;
  missing: { nodeId: string; currency: string; month: string }[];
}

/**
 * Reads the whole-month targets (all categories, `category = ''`) of the given stores and regions
 * for every month touching `range`, converted to `reporting` at the month's average rate (half-up).
 * A target month in a currency without a rate is left out (listed in `missing`). Units targets are
 * never converted.
 */
export async function readTargets(db: Executor, storeIds: string[], regionIds: string[], range: DateRange, reporting: string): Promise<TargetBook> {
  const book: TargetBook = { amounts: new Map(), missing: [] };
  if (storeIds.length === 0 && regionIds.length === 0) return book;
  const found = await rows<{ level: string; node_id: string; metric: string; month: string; currency: string | null; amount: string | null }>(
    db,
    sql`select t.level, t.node_id, t.metric, tm.month::text as month, t.currency,
          case when t.metric = 'units' or t.currency is null or t.currency = ${reporting} then tm.amount
            else floor(tm.amount * (select x.rate from analytics.exchange_rate x where x.currency = t.currency and x.reporting_currency = ${reporting} and x.month = tm.month) + 0.5)::bigint end as amount
        from analytics.target t join analytics.target_month tm on tm.target_id = t.id
        where t.category = '' and tm.month between date_trunc('month', ${range.from}::date)::date and ${range.to}::date
          and ((t.level = 'store' and t.node_id = any(${textArray(storeIds)})) or (t.level = 'region' and t.node_id = any(${textArray(regionIds)})))`,
  );
  for (const r of found) {
    if (r.amount === null) book.missing.push({ nodeId: r.node_id, currency: r.currency ?? '', month: r.month });
    else book.amounts.set(`${r.level}|${r.node_id}|${r.metric}|${r.month}`, Number(r.amount));
  }
  return book;
}

/** Months (first days) touching `range`. */
export function monthsOf(range: DateRange): string[] {
  const out: string[] = [];
  for (let m = monthOf(range.from); m <= range.to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** `amount × num ÷ den` rounded half-up to an integer (exact for |amount × num| < 2^52). */
const prorate = (amount: number, num: number, den: number): number => Math.floor((2 * amount * num + den) / (2 * den));

/**
 * The target of a node for `range` and `metric` by the rule of COMMON.md: per month, the target
 * set at the region (or company) node when there is one, else the sum of its stores' (`storeIds`:
 * every store of its subtree); a store's is its own. A month partly covered counts its amount ×
 * days covered ÷ days in the month, half-up. @returns null when no month has any target.
 */
export function targetOf(book: TargetBook, node: { kind: 'company' | 'region' | 'store'; id: string; storeIds: string[] }, metric: TargetMetric, range: DateRange): number | null {
  let total = 0;
  let any = false;
  for (const month of monthsOf(range)) {
    const end = monthEnd(month);
    const covered = daysBetween(range.from > month ? range.from : month, range.to < end ? range.to : end) + 1;
    const dim = daysBetween(month, end) + 1;
    let amount: number | undefined;
    if (node.kind === 'store') amount = book.amounts.get(`store|${node.id}|${metric}|${month}`);
    else {
      amount = book.amounts.get(`region|${node.id}|${metric}|${month}`);
      if (amount === undefined) {
        for (const s of node.storeIds) {
          const a = book.amounts.get(`store|${s}|${metric}|${month}`);
          if (a !== undefined) amount = (amount ?? 0) + a;
        }
      }
    }
    if (amount === undefined) continue;
    any = true;
    total += covered === dim ? amount : prorate(amount, covered, dim);
  }
  return any ? total : null;
}

// ---------------------------------------------------------------------------------------------
// KPI formulas
// ---------------------------------------------------------------------------------------------

/** KPI keys, in the order of every answer. */
export const KPI_KEYS = ['revenue', 'grossMargin', 'marginRate', 'units', 'transactions', 'averageBasket', 'unitsPerTransaction', 'averageSellingPrice', 'revenuePerM2', 'returnsRate'] as const;
export type KpiKey = (typeof KPI_KEYS)[number];
/** Unit of each KPI: money (minor units), count, ratio (decimal, 4 places) or money per m² (minor units). */
export const KPI_UNITS: Record<KpiKey, 'money' | 'count' | 'ratio' | 'money_per_m2'> = {
  revenue: 'money', grossMargin: 'money', marginRate: 'ratio', units: 'count', transactions: 'count',
  averageBasket: 'money', unitsPerTransaction: 'ratio', averageSellingPrice: 'money', revenuePerM2: 'money_per_m2', returnsRate: 'ratio',
};

/** A ratio rounded to 4 decimal places; null when the denominator is 0. */
export const ratio = (num: number, den: number): number | null => (den === 0 ? null : Math.round((num / den) * 10_000) / 10_000);
/** Money ÷ a count, in minor units rounded half-up; null when the denominator is 0. */
const perUnit = (num: number, den: number): number | null => (den === 0 ? null : Math.floor(num / den + 0.5));

/**
 * The KPI values of figures (money in reporting minor units):
 * - revenue = Σ net revenue (ex tax, after discounts, returns netted);
 * - grossMargin = costed revenue − cost, over lines with a known unit cost only;
 * - marginRate = grossMargin ÷ costed revenue (lines without a cost are in neither term);
 * - units = Σ quantity (returns net);
 * - transactions = receipts with at least one line sold (quantity > 0);
 * - averageBasket = revenue ÷ transactions (minor units, half-up);
 * - unitsPerTransaction = units ÷ transactions;
 * - averageSellingPrice = revenue ÷ units (minor units, half-up);
 * - revenuePerM2 = revenue of the stores with a selling area ÷ Σ their areas (the period's
 *   revenue, not annualised; stores without an area are in neither term; half-up);
 * - returnsRate = returned revenue ÷ gross sales revenue (revenue + returned revenue).
 * Ratios have 4 places; any figure is null when its denominator is 0.
 */
export function kpiValues(f: Figures, area: { revenue: number; m2: number }): Record<KpiKey, number | null> {
  return {
    revenue: f.revenue,
    grossMargin: f.costedRevenue - f.cost,
    marginRate: ratio(f.costedRevenue - f.cost, f.costedRevenue),
    units: f.units,
    transactions: f.transactions,
    averageBasket: perUnit(f.revenue, f.transactions),
    unitsPerTransaction: ratio(f.units, f.transactions),
    averageSellingPrice: perUnit(f.revenue, f.units),
    revenuePerM2: area.m2 === 0 ? null : Math.floor(area.revenue / area.m2 + 0.5),
    returnsRate: ratio(f.returnedRevenue, f.revenue + f.returnedRevenue),
  };
}

/** Sums per-store figures into totals and the selling-area terms. */
export function totalsOf(org: Org, perStore: Map<string, Figures>): { total: Figures; area: { revenue: number; m2: number } } {
  const total = zero();
  const area = { revenue: 0, m2: 0 };
  for (const [storeId, f] of perStore) {
    addInto(total, f);
    const m2 = org.stores.get(storeId)?.sellingAreaM2;
    if (m2) {
      area.revenue += f.revenue;
      area.m2 += m2;
    }
  }
  return { total, area };
}

/** Per-store figures of a converted result whose bucket is constant. */
export const byStore = (c: ConvertedFigures): Map<string, Figures> => {
  const out = new Map<string, Figures>();
  for (const r of c.rows) out.set(r.storeId, addInto(out.get(r.storeId) ?? zero(), r));
  return out;
};

/** Relative change (value − base) ÷ |base|, 4 places; null when either is null or base is 0. */
const change = (value: number | null, base: number | null): number | null => (value === null || base === null || base === 0 ? null : Math.round(((value - base) / Math.abs(base)) * 10_000) / 10_000);

/** One KPI of the `/kpis` answer. */
export interface KpiRow {
  key: KpiKey;
  unit: (typeof KPI_UNITS)[KpiKey];
  value: number | null;
  previous: number | null;
  lastYear: number | null;
  /** Only revenue, grossMargin and units, when a target exists. */
  target: number | null;
  /** value − target. */
  variance: number | null;
  /** value ÷ target (4 places). */
  attainment: number | null;
  /** (value − previous) ÷ |previous|. */
  changeVsPrevious: number | null;
  /** (value − lastYear) ÷ |lastYear|. */
  changeVsLastYear: number | null;
}

/** The `/kpis` answer (see COMMON.md), plus `missingRates`. */
export interface KpisAnswer {
  node: { kind: ResolvedNode['kind']; id: string; name: string };
  period: { grain: Grain; from: string; to: string; label: string };
  comparisons: { previous: DateRange; lastYear: DateRange };
  currency: string;
  dataAsOf: string;
  kpis: KpiRow[];
  likeForLike: { rule: string; stores: number; value: number; lastYear: number; growth: number | null };
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/** The like-for-like rule, as stated in every answer. */
export const LFL_RULE =
  'Like-for-like: stores opened on or before the first day of the same period last year (so open at least 12 months before this period starts) and not closed on or before its last day; growth = their revenue ÷ their revenue in the same period last year − 1.';

/** Context of one read: the database (a snapshot), org, scope-resolved node, settings. */
export interface ReadContext {
  db: Executor;
  org: Org;
  node: ResolvedNode;
  settings: ReadSettings;
  dataAsOf: string;
}

const dedupe = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()];

/** Regions whose node-level targets matter for `node` (the node itself when a region or the company). */
const targetRegions = (node: ResolvedNode): string[] => (node.regionId ? [node.regionId] : []);

/**
 * The KPIs of a node over a period, against the previous period, the same period last year and
 * the target (revenue, grossMargin and units), with like-for-like growth (rule in the answer).
 */
export async function kpis(ctx: ReadContext, period: Period): Promise<KpisAnswer> {
  const { db, org, node, settings } = ctx;
  const rc = settings.reportingCurrency;
  const [current, previous, lastYear] = await Promise.all(
    [period, period.previous, period.lastYear].map((r) => storeFigures(db, org, node.storeIds, r, rc)),
  ) as [ConvertedFigures, ConvertedFigures, ConvertedFigures];
  const book = await readTargets(db, node.storeIds, targetRegions(node), period, rc);
  const cur = byStore(current);
  const prev = byStore(previous);
  const ly = byStore(lastYear);
  const values = (m: Map<string, Figures>) => {
    const t = totalsOf(org, m);
    return kpiValues(t.total, t.area);
  };
  const v = values(cur);
  const p = values(prev);
  const l = values(ly);
  const targets: Partial<Record<KpiKey, number | null>> = {
    revenue: targetOf(book, node, 'revenue', period),
    grossMargin: targetOf(book, node, 'gross_margin', period),
    units: targetOf(book, node, 'units', period),
  };
  const kpiRows: KpiRow[] = KPI_KEYS.map((key) => {
    const target = targets[key] ?? null;
    const value = v[key];
    return {
      key, unit: KPI_UNITS[key], value, previous: p[key], lastYear: l[key], target,
      variance: target === null || value === null ? null : value - target,
      attainment: target === null || value === null ? null : ratio(value, target),
      changeVsPrevious: change(value, p[key]), changeVsLastYear: change(value, l[key]),
    };
  });
  const lflStores = node.storeIds.filter((id) => {
    const s = org.stores.get(id);
    return s && s.openedOn <= period.lastYear.from && (s.closedOn === null || s.closedOn > period.to);
  });
  const sum = (m: Map<string, Figures>) => lflStores.reduce((acc, id) => acc + (m.get(id)?.revenue ?? 0), 0);
  const lflValue = sum(cur);
  const lflLy = sum(ly);
  return {
    node: { kind: node.kind, id: node.id, name: node.name },
    period: { grain: period.grain, from: period.from, to: period.to, label: period.label },
    comparisons: { previous: period.previous, lastYear: period.lastYear },
    currency: rc,
    dataAsOf: ctx.dataAsOf,
    kpis: kpiRows,
    likeForLike: { rule: LFL_RULE, stores: lflStores.length, value: lflValue, lastYear: lflLy, growth: lflLy === 0 ? null : Math.round((lflValue / lflLy - 1) * 10_000) / 10_000 },
    exchangeRates: dedupe([...current.rates, ...previous.rates, ...lastYear.rates], (r) => `${r.currency}|${r.month}`).sort((a, b) => a.currency.localeCompare(b.currency) || a.month.localeCompare(b.month)),
    missingRates: dedupe([...current.missing, ...previous.missing, ...lastYear.missing], (m) => `${m.storeId}|${m.month}`).sort((a, b) => a.storeCode.localeCompare(b.storeCode) || a.month.localeCompare(b.month)),
  };
}

/** One point of the revenue trend. */
export interface TrendPoint {
  /** First day of the bucket (a day, the Monday of an ISO week, the first of a month), clipped to `from`. */
  start: string;
  label: string;
  revenue: number;
  /** Revenue of the same bucket a year earlier (ISO weeks: same week number). */
  lastYear: number;
  /** Target of the node for the bucket (prorated by days), null when none. */
  target: number | null;
}

/** The `/kpis/trend` answer, plus `missingRates`. */
export interface TrendAnswer {
  currency: string;
  dataAsOf: string;
  points: TrendPoint[];
  exchangeRates: RateUsed[];
  missingRates: MissingRate[];
}

/** Most points a trend answers (a longer range needs a coarser grain). */
export const MAX_TREND_POINTS = 800;

/**
 * Revenue per day, ISO week or month between `from` and `to` (inclusive), with last year's revenue
 * for the same bucket and the node's target for it. Money per store-bucket is converted at the
 * month's rate (a week across two months: each part at its month's rate), half-up, then summed.
 * @throws AppError 400 ANALYTICS.INVALID when from > to, the range exceeds 3 years or the points exceed {@link MAX_TREND_POINTS}.
 */
export async function trend(ctx: ReadContext, range: DateRange, grain: 'day' | 'week' | 'month'): Promise<TrendAnswer> {
  customRange(range.from, range.to);
  const { db, org, node, settings } = ctx;
  const rc = settings.reportingCurrency;
  const buckets: { start: string; end: string; label: string; ly: DateRange }[] = [];
  for (let start = range.from; start <= range.to;) {
    let bucketStart: string;
    let bucketEnd: string;
    let label: string;
    let lyStart: string;
    if (grain === 'day') {
      bucketStart = start; bucketEnd = start; label = start; lyStart = yearEarlier(start);
    } else if (grain === 'week') {
      const w = isoWeek(start);
      bucketStart = w.monday; bucketEnd = addDays(w.monday, 6); label = `${w.year}-W${String(w.week).padStart(2, '0')}`; lyStart = isoWeekMonday(w.year - 1, w.week);
    } else {
      bucketStart = monthOf(start); bucketEnd = monthEnd(start); label = start.slice(0, 7); lyStart = yearEarlier(bucketStart);
    }
    const from = start;
    const to = bucketEnd < range.to ? bucketEnd : range.to;
    const lyFrom = addDays(lyStart, daysBetween(bucketStart, from));
    const lyTo = addDays(lyFrom, daysBetween(from, to));
    buckets.push({ start: from, end: to, label, ly: { from: lyFrom, to: lyTo } });
    if (buckets.length > MAX_TREND_POINTS) throw AnalyticsErrors.invalid(`At most ${MAX_TREND_POINTS} points: use a coarser grain or a shorter range`);
    start = addDays(to, 1);
  }
  const first = buckets[0] as (typeof buckets)[number];
  const last = buckets[buckets.length - 1] as (typeof buckets)[number];
  const bucketSql: Bucket = grain === 'day' ? { expr: (d) => d, monthly: false }
    : grain === 'week' ? { expr: (d) => sql`date_trunc('week', ${d})`, monthly: false } : { expr: (d) => sql`date_trunc('month', ${d})`, monthly: true };
  const [cur, ly] = await Promise.all([
    bucketRevenue(db, org, node.storeIds, range, rc, bucketSql),
    bucketRevenue(db, org, node.storeIds, { from: first.ly.from, to: last.ly.to }, rc, bucketSql),
  ]);
  const book = await readTargets(db, node.storeIds, targetRegions(node), range, rc);
  const points = buckets.map((b) => {
    const key = grain === 'day' ? b.start : grain === 'week' ? isoWeek(b.start).monday : monthOf(b.start);
    const lyKey = grain === 'day' ? b.ly.from : grain === 'week' ? isoWeek(b.ly.from).monday : monthOf(b.ly.from);
    return { start: b.start, label: b.label, revenue: cur.revenue.get(key) ?? 0, lastYear: ly.revenue.get(lyKey) ?? 0, target: targetOf(book, node, 'revenue', { from: b.start, to: b.end }) };
  });
  return {
    currency: rc, dataAsOf: ctx.dataAsOf, points,
    exchangeRates: dedupe([...cur.rates, ...ly.rates], (r) => `${r.currency}|${r.month}`),
    missingRates: dedupe([...cur.missing, ...ly.missing], (m) => `${m.storeId}|${m.month}`),
  };
}

/**
 * Converted revenue per bucket summed over `storeIds` in SQL (one row per bucket, plus one per
 * store-month for the rates used and missing), so a long daily trend returns few rows.
 */
async function bucketRevenue(db: Executor, org: Org, storeIds: string[], range: DateRange, rc: string, bucket: Bucket): Promise<{ revenue: Map<string, number>; rates: RateUsed[]; missing: MissingRate[] }> {
  if (storeIds.length === 0) return { revenue: new Map(), rates: [], missing: [] };
  const found = await rows<{ k: string; bucket: string | null; store_id: string; month: string; currency: string; rate: string | null; revenue: string | null }>(
    db,
    sql`with c as (${convertedSql(storeIds, range, rc, bucket)})
        select 'b' as k, bucket::text as bucket, null::text as store_id, null::text as month, null::text as currency, null::text as rate, sum(revenue) filter (where rate is not null) as revenue
        from c group by bucket
        union all
        select distinct 'r', null::text, store_id, month::text, currency, rate::text, null::numeric from c where rate is null or currency <> ${rc}`,
  );
  const revenue = new Map<string, number>();
  for (const r of found) if (r.k === 'b' && r.bucket) revenue.set(r.bucket.slice(0, 10), Number(r.revenue ?? 0));
  return { revenue, ...ratesOf(org, rc, found.filter((r) => r.k === 'r')) };
}
