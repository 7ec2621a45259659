/**
 * Shapes of the analytics admin API (`/api/admin/analytics/…`), derived from the generated
 * `paths`/`components` (lib/api-schema.d.ts, `npm run api:generate`): the server's route schemas
 * are the truth, nothing here restates them by hand. Money is integer minor units of `currency`;
 * ratios are plain decimals (0.953) or null; dates are local `YYYY-MM-DD`; `dataAsOf` is an ISO
 * UTC instant. The few types kept by hand are UI-only (view state, the comparison toggle, the KPI
 * order and units the pages label) or the sales mapping, which travels as a JSON string inside a
 * multipart form and so has no schema in the OpenAPI document.
 */
import type { Body, Query, Schemas } from '../../lib/api';
import type { paths } from '../../lib/api-schema';

/** The JSON answer of a 200 (or 201) of `method` on `path`. */
type Answer<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch'> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

/** The prefix of every analytics route. */
type A = '/api/admin/analytics';

/** Period grains of the read routes (`week` = ISO week, `quarter`/`year` = fiscal), as the routes' `period` parameter takes them. */
export type Grain = NonNullable<Query<`${A}/kpis`>['period']>;
/** Which comparison the dashboard puts first (UI only). */
export type Comparison = 'previous' | 'lastYear';
/** A node of the organisation: the company, a region or a store (the targets summary's `node.kind`). */
export type NodeKind = Answer<`${A}/targets/summary`, 'get'>['node']['kind'];
/** KPI keys, in the order the API answers them (the league route's `kpi` parameter and `kpis[].key`). */
export const KPI_KEYS = ['revenue', 'grossMargin', 'marginRate', 'units', 'transactions', 'averageBasket', 'unitsPerTransaction', 'averageSellingPrice', 'revenuePerM2', 'returnsRate'] as const satisfies readonly NonNullable<Query<`${A}/league`>['kpi']>[];
/** One KPI key. */
export type KpiKey = (typeof KPI_KEYS)[number];
/** How a KPI's value is expressed: minor units, a count, a share (0.377 = 37.7 %), a quotient (2.2), minor units per m². */
export type KpiUnit = Kpi['unit'];

/** The view every read route takes: node, period and date (custom: from/to, inclusive). A subset of the routes' query, all fields the UI always has. */
export interface PeriodQuery {
  node: string;
  period: Grain;
  date: string;
  from?: string;
  to?: string;
}

/** GET /analyses/abc. */
export type AbcAnswer = Answer<`${A}/analyses/abc`, 'get'>;
/** An RFM segment name. */
export type RfmSegment = NonNullable<Query<`${A}/analyses/rfm`>['segment']>;
/** Every RFM segment, best first (the analytics module's mapping). */
export const RFM_SEGMENTS: RfmSegment[] = ['champions', 'loyal', 'potential_loyalists', 'new_customers', 'promising', 'need_attention', 'about_to_sleep', 'cant_lose', 'at_risk', 'hibernating', 'lost'];
/** How the basket pairs are ranked. */
export type PairOrder = NonNullable<Query<`${A}/analyses/basket`>['rankBy']>;

/** GET /kpis. */
export type KpisAnswer = Answer<`${A}/kpis`, 'get'>;
/** One KPI of GET /kpis. `target`, `variance`, `attainment` only for revenue, grossMargin and units with a target. */
export type Kpi = KpisAnswer['kpis'][number];
/** GET /kpis/trend: one point per grain step; `target` may be null. */
export type TrendAnswer = Answer<`${A}/kpis/trend`, 'get'>;
/** GET /consolidation. */
export type ConsolidationAnswer = Answer<`${A}/consolidation`, 'get'>;
/** A node of GET /consolidation (regions first, then stores; a parent = sum of its children). */
export type ConsolidationNode = Schemas['AnalyticsTree'];
/** GET /league: stores under the node ranked by `kpi`. */
export type LeagueAnswer = Answer<`${A}/league`, 'get'>;
/** GET /category-mix. `share` is a decimal of the node's revenue. */
export type CategoryMixAnswer = Answer<`${A}/category-mix`, 'get'>;
/** GET /drilldown: categories of a store, or the products of one category; `coverage` is the range the monthly figures cover. */
export type DrilldownAnswer = Answer<`${A}/drilldown`, 'get'>;

/** A region: `path` from the top node the caller sees down to this region (inclusive). */
export type Region = Answer<`${A}/regions/{id}`, 'get'>;
/** POST /regions body. */
export type RegionInput = Body<`${A}/regions`, 'post'>;
/** PATCH /regions/{id} body. */
export type RegionChange = Body<`${A}/regions/{id}`, 'patch'>;
/** A store (`sellingAreaM2` optional; `closedOn` null while open). */
export type Store = Answer<`${A}/stores/{id}`, 'get'>;
/** POST /stores body. */
export type StoreInput = Body<`${A}/stores`, 'post'>;
/** PATCH /stores/{id} body. */
export type StoreChange = Body<`${A}/stores/{id}`, 'patch'>;
/** Filters of GET /stores (the pager's page and limit, and `includeClosed`, are set by the client). */
export type StoreFilters = Partial<Pick<Query<`${A}/stores`>, 'q' | 'regionId' | 'kind'>>;

/** GET /settings. `syntheticDemo` is true when the data was generated by the chain demo. */
export type Settings = Answer<`${A}/settings`, 'get'>;

/** POST /stores/import report. */
export type StoresImportReport = Answer<`${A}/stores/import`, 'post'>;
/** POST /targets/import report. */
export type TargetsImportReport = Answer<`${A}/targets/import`, 'post'>;
/** POST /imports report (sales). */
export type SalesImportReport = Answer<`${A}/imports`, 'post'>;
/** A CSV import's report: counts as top-level integers, the rejected rows with line numbers and reasons, and for sales the date format and the batch that failed, if any. */
export type ImportReport = StoresImportReport | TargetsImportReport | SalesImportReport;

/** Target metrics. */
export type TargetMetric = TargetInput['metric'];
/** GET /targets/summary?node&year&metric: the target set at the node, the bottom-up sum of its stores' targets, and the gap (set − stores), per year and per month (`YYYY-MM`, fiscal order). */
export type TargetSummary = Answer<`${A}/targets/summary`, 'get'>;
/** PUT /targets body (the company's target: level `region` with the company region's id). `amount` in minor units (revenue, gross margin) or units. */
export type TargetInput = Body<`${A}/targets`, 'put'>;
/** Monthly phasing of PUT /targets: even, last year's seasonality of the node, or 12 percentages (2 decimals, sum 100; month 1 = first fiscal month). */
export type Phasing = NonNullable<TargetInput['phasing']>;

/** POST /imports/preview: the CSV's header and its first rows. */
export type ImportPreview = Answer<`${A}/imports/preview`, 'post'>;

/** Fields the sales import maps to CSV columns: store, date, sku, quantity and one of unitPrice/lineAmount required; at most one of unitCost/lineCost; the last four name what `createMissing` creates. */
export const MAPPING_FIELDS = ['store', 'date', 'sku', 'quantity', 'unitPrice', 'lineAmount', 'unitCost', 'lineCost', 'category', 'customer', 'receipt', 'storeName', 'city', 'region', 'productName'] as const;
/** One mappable field. */
export type MappingField = (typeof MAPPING_FIELDS)[number];

/** Date formats of the sales import (absent: the whole file decides, an ambiguous file is refused); the same values as the report's `dateFormat`. */
export type SalesDateFormat = SalesImportReport['dateFormat'];

/**
 * The mapping JSON of POST /imports (the same file as the CLI's `--mapping`): field → CSV column
 * header; amounts are decimals in the major unit of `currency`; dates are local to `timeZone`.
 * Kept by hand: it is a JSON string in a multipart field, which the OpenAPI document does not
 * describe (the server validates it with `SalesMapping` in analytics.sales-import.ts).
 */
export interface SalesMapping {
  columns: Partial<Record<MappingField, string>>;
  dateFormat?: SalesDateFormat;
  currency: string;
  timeZone: string;
  amountsIncludeTax?: boolean;
  taxRate?: number;
  /** Cost columns count only on rows whose `column` equals `equals` (else the cost is unknown). */
  costOnlyWhen?: { column: string; equals: string };
  country?: string;
}

/** The body of POST /scenarios/simulate (and, with `name`, of a saved scenario): period, scope, drivers. */
export type ScenarioDefinition = Body<`${A}/scenarios/simulate`, 'post'>;
/** The drivers of a scenario (percentages; closings and openings). */
export type ScenarioDrivers = ScenarioDefinition['drivers'];
/** POST /scenarios/simulate: baseline vs scenario per node and the margin bridges. */
export type SimulationAnswer = Answer<`${A}/scenarios/simulate`, 'post'>;
/** A node of a simulation (company → region → store; opened stores as `new_…`). */
export type ScenarioNode = Schemas['AnalyticsScenarioNode'];
/** A saved scenario of GET /scenarios. */
export type SavedScenario = Answer<`${A}/scenarios`, 'get'>['data'][number];
/** POST /scenarios/compare: 2 or 3 saved scenarios run side by side. */
export type ScenarioComparison = Answer<`${A}/scenarios/compare`, 'post'>;
