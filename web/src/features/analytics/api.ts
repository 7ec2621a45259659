/**
 * The analytics admin API (`/api/admin/analytics/…`) through the app's one typed client (lib/api:
 * openapi-fetch over the generated `paths`, bearer token, refresh on 401, problem+json →
 * {@link ApiError} by `ok`), plus the react-query hooks the pages use. Answers are the generated
 * types (./types); CSV uploads send a `FormData` body through {@link multipart}, since the upload
 * routes declare no JSON body.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, multipart, ok, type Query } from '../../lib/api';
import type { paths } from '../../lib/api-schema';
import type { KpiKey, PairOrder, PeriodQuery, RfmSegment, RegionChange, RegionInput, SalesMapping, ScenarioDefinition, Store, StoreChange, StoreFilters, StoreInput, TargetInput, TargetMetric } from './types';

/** The query of a read route for a view (custom periods send from/to, the others date). */
export function periodParams(q: PeriodQuery): Query<'/api/admin/analytics/kpis'> {
  return q.period === 'custom' ? { node: q.node, period: q.period, from: q.from ?? q.date, to: q.to ?? q.date } : { node: q.node, period: q.period, date: q.date };
}

/** Query-key root of every analytics query (invalidated after writes). */
export const KEY = ['admin', 'analytics'] as const;

/** A write (mutation) that refreshes every analytics query once it succeeds, then calls `onDone`. */
export function useWrite<V, R>(fn: (v: V) => Promise<R>, onDone?: (r: R) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: [...KEY] });
      onDone?.(r);
    },
  });
}

/** GET /kpis: the KPI cards of a view. */
export function useKpis(q: PeriodQuery) {
  return useQuery({ queryKey: [...KEY, 'kpis', q], queryFn: () => ok(api.GET('/api/admin/analytics/kpis', { params: { query: periodParams(q) } })), placeholderData: keepPreviousData });
}

/** GET /kpis/trend between two dates (inclusive) at a grain; `enabled` false waits. */
export function useTrend(node: string, from: string | undefined, to: string | undefined, grain: 'day' | 'week' | 'month', enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'trend', node, from, to, grain],
    queryFn: () => ok(api.GET('/api/admin/analytics/kpis/trend', { params: { query: { node, from: from ?? '', to: to ?? '', grain } } })),
    enabled: enabled && !!from && !!to,
    placeholderData: keepPreviousData,
  });
}

/** GET /league: stores under the view's node ranked by `kpi`. */
export function useLeague(q: PeriodQuery, kpi: KpiKey, order: 'asc' | 'desc') {
  return useQuery({
    queryKey: [...KEY, 'league', q, kpi, order],
    queryFn: () => ok(api.GET('/api/admin/analytics/league', { params: { query: { ...periodParams(q), kpi, order } } })),
    placeholderData: keepPreviousData,
  });
}

/** GET /category-mix of the view. */
export function useCategoryMix(q: PeriodQuery) {
  return useQuery({ queryKey: [...KEY, 'mix', q], queryFn: () => ok(api.GET('/api/admin/analytics/category-mix', { params: { query: periodParams(q) } })), placeholderData: keepPreviousData });
}

/** GET /consolidation of the view: the tree under its node with subtotals (of one `category` when given). */
export function useConsolidation(q: PeriodQuery, category?: string) {
  return useQuery({
    queryKey: [...KEY, 'consolidation', q, category ?? null],
    queryFn: () => ok(api.GET('/api/admin/analytics/consolidation', { params: { query: { ...periodParams(q), category } } })),
    placeholderData: keepPreviousData,
  });
}

/** GET /drilldown for one store: its categories, or the products of `category`. */
export function useDrilldown(q: PeriodQuery, store: string, category?: string) {
  return useQuery({
    queryKey: [...KEY, 'drilldown', q, store, category ?? null],
    queryFn: () => ok(api.GET('/api/admin/analytics/drilldown', { params: { query: { ...periodParams({ ...q, node: store }), category } } })),
  });
}

/** The view of an analysis: the period query and the optional category filter. */
type AnalysisView = PeriodQuery & { category?: string };

/** GET /analyses/abc of the view, by `measure`. */
export function useAbc(q: AnalysisView, measure: 'revenue' | 'margin') {
  return useQuery({ queryKey: [...KEY, 'abc', q, measure], queryFn: () => ok(api.GET('/api/admin/analytics/analyses/abc', { params: { query: { ...periodParams(q), category: q.category, measure } } })), placeholderData: keepPreviousData });
}

/** GET /analyses/rfm of the view: segments and one page of customers (of `segment` when given). */
export function useRfm(q: AnalysisView, segment: RfmSegment | undefined, page: number) {
  return useQuery({ queryKey: [...KEY, 'rfm', q, segment ?? null, page], queryFn: () => ok(api.GET('/api/admin/analytics/analyses/rfm', { params: { query: { ...periodParams(q), category: q.category, segment, page } } })), placeholderData: keepPreviousData });
}

/** GET /analyses/cohorts of the view: the retention triangle. */
export function useCohorts(q: AnalysisView) {
  return useQuery({ queryKey: [...KEY, 'cohorts', q], queryFn: () => ok(api.GET('/api/admin/analytics/analyses/cohorts', { params: { query: { ...periodParams(q), category: q.category } } })), placeholderData: keepPreviousData });
}

/** GET /analyses/basket of the view: top pairs with support ≥ `minSupport` (a share), ranked by `order`. */
export function useBasket(q: AnalysisView, minSupport: number, order: PairOrder) {
  return useQuery({ queryKey: [...KEY, 'basket', q, minSupport, order], queryFn: () => ok(api.GET('/api/admin/analytics/analyses/basket', { params: { query: { ...periodParams(q), category: q.category, minSupport, rankBy: order } } })), placeholderData: keepPreviousData });
}

/** GET /analyses/stock of the view (the online stores' stock from the catalog). */
export function useStock(q: AnalysisView) {
  return useQuery({ queryKey: [...KEY, 'stock', q], queryFn: () => ok(api.GET('/api/admin/analytics/analyses/stock', { params: { query: { ...periodParams(q), category: q.category } } })), placeholderData: keepPreviousData });
}

/** GET /settings (fiscal year start, reporting currency, synthetic-data flag). */
export function useSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: () => ok(api.GET('/api/admin/analytics/settings')), staleTime: 5 * 60_000 });
}

/** GET /regions: every region the user can see (the company root included), in tree order. */
export function useRegions() {
  return useQuery({ queryKey: [...KEY, 'regions'], queryFn: async () => (await ok(api.GET('/api/admin/analytics/regions'))).data });
}

/** Every open store of GET /stores, page after page (100 a page, the route's maximum), with optional filters (`q` text, `regionId` subtree, `kind`). */
async function allStores(filters: StoreFilters): Promise<Store[]> {
  const out: Store[] = [];
  for (let page = 1; page <= 200; page++) {
    const answer = await ok(api.GET('/api/admin/analytics/stores', { params: { query: { ...filters, includeClosed: false, page, limit: 100 } } }));
    out.push(...answer.data);
    if (answer.data.length < 100 || out.length >= answer.pagination.total) break;
  }
  return out;
}

/** GET /stores (every page) with optional filters (`q` text, `regionId` subtree, `kind`). */
export function useStores(filters: StoreFilters = {}) {
  return useQuery({ queryKey: [...KEY, 'stores', filters], queryFn: () => allStores(filters), placeholderData: keepPreviousData });
}

/** POST /regions. @throws ApiError (e.g. a duplicate code). */
export function createRegion(body: RegionInput) {
  return ok(api.POST('/api/admin/analytics/regions', { body }));
}

/** PATCH /regions/{id}: rename or move (`parentId`). @throws ApiError, e.g. a move under its own subtree. */
export function updateRegion(id: string, body: RegionChange) {
  return ok(api.PATCH('/api/admin/analytics/regions/{id}', { params: { path: { id } }, body }));
}

/** POST /stores. */
export function createStore(body: StoreInput) {
  return ok(api.POST('/api/admin/analytics/stores', { body }));
}

/** PATCH /stores/{id} (a new `regionId` moves the store and records the move). */
export function updateStore(id: string, body: StoreChange) {
  return ok(api.PATCH('/api/admin/analytics/stores/{id}', { params: { path: { id } }, body }));
}

/** GET /targets/summary: set target, stores' sum and gap of a node for a fiscal year. */
export function useTargetSummary(node: string, year: number, metric: TargetMetric) {
  return useQuery({ queryKey: [...KEY, 'targets', 'summary', node, year, metric], queryFn: () => ok(api.GET('/api/admin/analytics/targets/summary', { params: { query: { node, year, metric } } })) });
}

/** PUT /targets: sets (replaces) the target of a node, fiscal year, metric (and category). @throws ApiError 409 ANALYTICS.TARGET_PHASING_INVALID (percentages not summing to 100), 409 ANALYTICS.NO_LAST_YEAR_SALES. */
export function putTarget(body: TargetInput) {
  return ok(api.PUT('/api/admin/analytics/targets', { body }));
}

/** A multipart form with `fields` and the CSV as `file`. */
function form(file: File, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', file);
  return f;
}

/** POST /stores/import: a stores CSV → validation report (`createMissingRegions`: create unknown region codes). @throws ApiError 422 ANALYTICS.IMPORT_REJECTED with the report, nothing written. */
export function importStores(file: File, createMissingRegions = false) {
  return ok(api.POST('/api/admin/analytics/stores/import', { params: { query: { createMissingRegions } }, ...multipart(form(file)) }));
}

/** POST /targets/import: a targets CSV (store code, year or month, amount) → report. */
export function importTargets(file: File) {
  return ok(api.POST('/api/admin/analytics/targets/import', multipart(form(file))));
}

/** POST /imports/preview: the CSV's columns and first rows. */
export function previewSales(file: File) {
  return ok(api.POST('/api/admin/analytics/imports/preview', multipart(form(file))));
}

/** POST /imports: runs a sales import with a mapping (sent as the `mapping` JSON field, which the schema cannot describe) → report. */
export function importSales(file: File, mapping: SalesMapping, createMissing: boolean) {
  return ok(api.POST('/api/admin/analytics/imports', multipart(form(file, { mapping: JSON.stringify(mapping), createMissing: String(createMissing) }))));
}

/** The `report` of the 422 ANALYTICS.IMPORT_REJECTED problem of an import route (its schema: the 200 report with the rejected rows). */
type RejectedReport<P extends '/api/admin/analytics/stores/import' | '/api/admin/analytics/targets/import'> =
  paths[P]['post']['responses'][422]['content']['application/json']['report'];

/**
 * The report a refused stores or targets import carries in its 422 ANALYTICS.IMPORT_REJECTED
 * problem (`report`, typed by the routes' 422 schemas), or null for any other error. An
 * `ApiError` keeps the problem body untyped, hence the check that `report` has its rows.
 */
export function rejectedReport(error: unknown): RejectedReport<'/api/admin/analytics/stores/import'> | RejectedReport<'/api/admin/analytics/targets/import'> | null {
  if (!(error instanceof ApiError) || error.code !== 'ANALYTICS.IMPORT_REJECTED') return null;
  const report = error.body.report;
  return report && typeof report === 'object' && Array.isArray((report as { rejected?: unknown }).rejected) ? (report as RejectedReport<'/api/admin/analytics/stores/import'>) : null;
}

/**
 * POST /scenarios/simulate for an already debounced `definition` (null waits). The query key is
 * the definition, so only the answer to the latest one is shown (an older answer lands under its
 * own key); the request of a definition no longer asked for is aborted through react-query's
 * signal. The previous answer stays on screen until the new one arrives.
 */
export function useSimulation(definition: ScenarioDefinition | null) {
  return useQuery({
    queryKey: [...KEY, 'simulate', definition],
    queryFn: ({ signal }) => ok(api.POST('/api/admin/analytics/scenarios/simulate', { body: definition as ScenarioDefinition, signal })),
    enabled: definition !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** GET /scenarios: the saved scenarios the user can see (first 100, latest update first). */
export function useScenarios() {
  return useQuery({ queryKey: [...KEY, 'scenarios'], queryFn: () => ok(api.GET('/api/admin/analytics/scenarios', { params: { query: { page: 1, limit: 100 } } })) });
}

/** POST /scenarios: saves a scenario (needs `scenarios:write`). @throws ApiError 404 for a node outside the user's scope. */
export function saveScenario(body: ScenarioDefinition & { name: string }) {
  return ok(api.POST('/api/admin/analytics/scenarios', { body }));
}

/** POST /scenarios/{id}/duplicate: a copy named "<name> (copy)". */
export function duplicateScenario(id: string) {
  return ok(api.POST('/api/admin/analytics/scenarios/{id}/duplicate', { params: { path: { id } } }));
}

/** DELETE /scenarios/{id}. */
export function deleteScenario(id: string) {
  return ok(api.DELETE('/api/admin/analytics/scenarios/{id}', { params: { path: { id } } }));
}

/** POST /scenarios/compare for 2 or 3 ids (fewer waits). */
export function useComparison(ids: string[]) {
  return useQuery({
    queryKey: [...KEY, 'compare', ids],
    queryFn: () => ok(api.POST('/api/admin/analytics/scenarios/compare', { body: { ids } })),
    enabled: ids.length >= 2 && ids.length <= 3,
  });
}
