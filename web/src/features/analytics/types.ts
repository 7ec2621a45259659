/**
 * Shapes of the analytics admin API (`/api/admin/analytics/…`) as agreed in the shared
 * conventions. Written by hand while the routes are built in parallel; at merge they can be
 * replaced by the generated `Schemas[...]` when they match. Money is integer minor units of
 * `currency`; ratios are plain decimals (0.953) or null; dates are local `YYYY-MM-DD`; `dataAsOf`
 * is an ISO UTC instant.
 */

/** Period grains of the read routes (`week` = ISO week, `quarter`/`year` = fiscal). */
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom';
/** Which comparison the dashboard puts first. */
export type Comparison = 'previous' | 'lastYear';
/** A node of the organisation: the company, a region or a store. */
export type NodeKind = 'company' | 'region' | 'store';
/** KPI keys, in the order the API answers them. */
export const KPI_KEYS = ['revenue', 'grossMargin', 'marginRate', 'units', 'transactions', 'averageBasket', 'unitsPerTransaction', 'averageSellingPrice', 'revenuePerM2', 'returnsRate'] as const;
/** One KPI key. */
export type KpiKey = (typeof KPI_KEYS)[number];
/** How a KPI's value is expressed: minor units, a count, a decimal ratio, minor units per m². */
export type KpiUnit = 'money' | 'count' | 'ratio' | 'money_per_m2';

/** The view every read route takes: node, period and date (custom: from/to, inclusive). */
export interface PeriodQuery {
  node: string;
  period: Grain;
  date: string;
  from?: string;
  to?: string;
}

/** Common part of every read answer: reporting currency, data stamp, the monthly average rates used, and the store-months left out for want of a rate. */
export interface ReadAnswer {
  currency: string;
  dataAsOf: string;
  exchangeRates?: { currency: string; month: string; rate: number | string }[];
  missingRates?: { storeId: string; storeCode: string; currency: string; month: string }[];
}

/** One KPI of GET /kpis. `target`, `variance`, `attainment` only for revenue, grossMargin and units with a target. */
export interface Kpi {
  key: KpiKey;
  unit: KpiUnit;
  value: number | null;
  previous: number | null;
  lastYear: number | null;
  target: number | null;
  variance: number | null;
  attainment: number | null;
  changeVsPrevious: number | null;
  changeVsLastYear: number | null;
}

/** GET /kpis. */
export interface KpisAnswer extends ReadAnswer {
  node: { kind: NodeKind; id: string; name: string };
  period: { grain: Grain; from: string; to: string; label: string };
  comparisons: { previous: { from: string; to: string }; lastYear: { from: string; to: string } };
  kpis: Kpi[];
  likeForLike?: { rule: string; stores: number; value: number | null; lastYear: number | null; growth: number | null } | null;
}

/** GET /kpis/trend: one point per grain step; `lastYear` and `target` may be null. */
export interface TrendAnswer extends ReadAnswer {
  points: { start: string; label: string; revenue: number | null; lastYear: number | null; target: number | null }[];
}

/** A node of GET /consolidation (regions first, then stores; a parent = sum of its children). */
export interface ConsolidationNode {
  kind: NodeKind;
  id: string;
  name: string;
  revenue: number;
  grossMargin: number | null;
  units: number;
  transactions: number;
  target: number | null;
  attainment: number | null;
  children: ConsolidationNode[];
}

/** GET /consolidation. */
export interface ConsolidationAnswer extends ReadAnswer {
  period?: { grain: Grain; from: string; to: string; label: string };
  root: ConsolidationNode;
}

/** GET /league: stores under the node ranked by `kpi`. */
export interface LeagueAnswer extends ReadAnswer {
  kpi: KpiKey;
  rows: { rank: number; store: { id: string; code: string; name: string; city: string }; value: number | null; revenue: number; attainment: number | null }[];
}

/** GET /category-mix. `share` is a decimal of the node's revenue. */
export interface CategoryMixAnswer extends ReadAnswer {
  rows: { category: string; revenue: number; share: number | null; units: number; grossMargin: number | null }[];
}

/** GET /drilldown: categories of a store, or the products of one category; `coverage` is the range the monthly figures cover. */
export interface DrilldownAnswer extends ReadAnswer {
  level?: 'category' | 'product';
  coverage?: { from: string; to: string };
  rows: { key: string; name: string; revenue: number; units: number; grossMargin: number | null; share: number | null }[];
}

/** A region: `path` from the company root down to this region (inclusive). */
export interface Region {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  depth: number;
  path: { id: string; name: string }[];
}

/** A store (`sellingAreaM2` optional; `closedOn` null while open). */
export interface Store {
  id: string;
  code: string;
  name: string;
  kind: 'physical' | 'online';
  regionId: string;
  city: string;
  country: string;
  openedOn: string;
  closedOn: string | null;
  sellingAreaM2: number | null;
  currency: string;
  timeZone: string;
}

/** Fields of a store a create or an edit sends. */
export type StoreInput = Omit<Store, 'id'>;

/** GET /settings. `syntheticDemo` is true when the data was generated by the chain demo. */
export interface Settings {
  fiscalYearStartMonth: number;
  reportingCurrency: string;
  syntheticDemo?: boolean;
}

/**
 * A CSV import's report. The import routes each answer their own counts as top-level integers
 * (stores: `created`, `updated`, `unchanged`, `regionsCreated`; targets: `targets`; sales: `read`,
 * `imported`, `duplicates`, `rejectedCount`, `createdStores`…), the rejected rows with line numbers
 * and reasons, and for sales the batch that failed, if any.
 */
export interface ImportReport {
  rejected?: { line: number; reason: string; code?: string }[];
  failure?: { batch: number; fromLine: number; toLine: number; detail: string } | null;
  [field: string]: unknown;
}

/** Target metrics. */
export type TargetMetric = 'revenue' | 'gross_margin' | 'units';

/** GET /targets/summary?node&year&metric: the target set at the node, the bottom-up sum of its stores' targets, and the gap (set − stores), per year and per month (`YYYY-MM`, fiscal order). */
export interface TargetSummary {
  node: { kind: NodeKind; id: string; code: string; name: string };
  fiscalYear: number;
  metric: TargetMetric;
  currency: string | null;
  set: number | null;
  stores: number;
  gap: number | null;
  months: { month: string; set: number | null; stores: number }[];
}

/** Monthly phasing of PUT /targets: even, last year's seasonality of the node, or 12 percentages (2 decimals, sum 100; month 1 = first fiscal month). */
export type Phasing = 'even' | 'last-year' | number[];

/** PUT /targets body (the company's target: level `region` with the company region's id). `amount` in minor units (revenue, gross margin) or units. */
export interface TargetInput {
  level: 'store' | 'region';
  nodeId: string;
  fiscalYear: number;
  metric: TargetMetric;
  category?: string;
  amount: number;
  phasing: Phasing;
}

/** POST /imports/preview: the CSV's header and its first rows. */
export interface ImportPreview {
  columns: string[];
  rows: string[][];
  delimiter?: string;
}

/** Fields the sales import maps to CSV columns: store, date, sku, quantity and one of unitPrice/lineAmount required; at most one of unitCost/lineCost; the last four name what `createMissing` creates. */
export const MAPPING_FIELDS = ['store', 'date', 'sku', 'quantity', 'unitPrice', 'lineAmount', 'unitCost', 'lineCost', 'category', 'customer', 'receipt', 'storeName', 'city', 'region', 'productName'] as const;
/** One mappable field. */
export type MappingField = (typeof MAPPING_FIELDS)[number];

/** Date formats of the sales import (absent: the whole file decides, an ambiguous file is refused). */
export type SalesDateFormat = 'iso' | 'day-first' | 'month-first';

/**
 * The mapping JSON of POST /imports (the same file as the CLI's `--mapping`): field → CSV column
 * header; amounts are decimals in the major unit of `currency`; dates are local to `timeZone`.
 */
export interface SalesMapping {
  columns: Partial<Record<MappingField, string>>;
  dateFormat?: SalesDateFormat;
  currency: string;
  timeZone: string;
  amountsIncludeTax?: boolean;
  taxRate?: number;
  country?: string;
}
